"""The benchmark behind `make bench`: megaroth against the parse floor and the peer.

Figures (each the median of several runs, whole processes unless said):

1. cold start: ``megaroth check ONE.yaml``, wall time (and the peer's, for scale);
2. throughput: ``megaroth check CORPUS/`` for 1,000 and 10,000 files, with the
   default ``--jobs`` (the CPU count) and with ``--jobs 1``;
3. the floor: the same files only read and parsed with ``yaml.CSafeLoader``,
   in this process;
4. the peer: ``check-jsonschema --schemafile schemas/plan.schema.json`` over the
   same 1,000 files (schema only, no rules);
5. peak memory (max RSS) of ``--jobs 1`` for 1,000 and 10,000 files.

It prints a table with the ratios and the targets (docs/performance.md), and writes the
figures as JSON to benchmarks/results/ (not committed).

    python -m benchmarks.bench --peer benchmarks/.venv/bin/check-jsonschema
"""

from __future__ import annotations

import argparse
import compileall
import hashlib
import json
import math
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

import yaml

from benchmarks import corpus

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
SCHEMA = ROOT / "schemas" / "plan.schema.json"
TODAY = "2026-11-28"  # pinned: waivers expire against it, so every run checks the same thing
SMALL, LARGE = 1_000, 10_000


@dataclass
class Run:
    """One run: wall seconds, CPU seconds (the process and its workers), peak RSS in KiB, output digest."""

    seconds: float
    cpu_seconds: float
    max_rss_kib: int  # the largest single process of the run
    digest: str


# Runs one command and writes its wall time, peak RSS and exit code to a pipe.  A small
# process of its own starts the command: a child's peak RSS counts the pages it
# shared with its parent before exec, so measured straight from this (large)
# process, every run would look as big as the benchmark itself.
_MEASURE = """
import os, sys, time
start = time.perf_counter()
pid = os.posix_spawn(sys.argv[2], sys.argv[2:], os.environ)
_, status, usage = os.wait4(pid, 0)
seconds = time.perf_counter() - start
cpu = usage.ru_utime + usage.ru_stime
os.write(int(sys.argv[1]), f"{seconds} {cpu} {usage.ru_maxrss} {os.waitstatus_to_exitcode(status)}".encode())
"""


def run_process(argv: list[str], cwd: Path | None = None, ok: tuple[int, ...] = (0,)) -> Run:
    """Run a command to completion, its output in a temporary file, and measure it."""
    read_end, write_end = os.pipe()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(
            [sys.executable, "-S", "-c", _MEASURE, str(write_end), *argv],
            stdout=out,
            stderr=err,
            stdin=subprocess.DEVNULL,
            pass_fds=(write_end,),
            cwd=cwd,
        )
        os.close(write_end)
        process.wait()
        with os.fdopen(read_end) as report:
            seconds, cpu, max_rss, code = report.read().split()
        out.seek(0)
        digest = hashlib.sha256(out.read()).hexdigest()
        err.seek(0)
        stderr = err.read().decode(errors="replace")
    if int(code) not in ok:
        raise SystemExit(f"{' '.join(argv[:3])} ... failed with exit code {code}:\n{stderr}")
    return Run(float(seconds), float(cpu), int(max_rss), digest)


def rounds(commands: dict[str, Callable[[], Run]], count: int) -> dict[str, list[Run]]:
    """Each command ``count`` times, taking turns, after one unmeasured turn (page cache, first runs).

    Taking turns, a change in the machine's load over the run reaches every
    figure alike, so the ratios between them stay fair.
    """
    for command in commands.values():
        command()
    runs: dict[str, list[Run]] = {name: [] for name in commands}
    for _ in range(count):
        for name, command in commands.items():
            runs[name].append(command())
    return runs


def median_seconds(runs: list[Run]) -> float:
    return statistics.median(run.seconds for run in runs)


def median_cpu(runs: list[Run]) -> float:
    return statistics.median(run.cpu_seconds for run in runs)


def parse_floor(files: list[Path]) -> Run:
    """Read and parse every file with PyYAML's C loader, in this process: the least any checker does."""
    start, cpu = time.perf_counter(), time.process_time()
    for path in files:
        with open(path, "rb") as handle:
            yaml.load(handle.read(), Loader=yaml.CSafeLoader)
    return Run(time.perf_counter() - start, time.process_time() - cpu, 0, "")


class OtherLoad:
    """How much of the machine's CPU other processes used while a phase ran (Linux /proc/stat).

    The machine may be shared: time other processes take from it slows the
    figures, most of all --jobs N, which needs every CPU.
    """

    def __init__(self) -> None:
        self.start = (self._busy(), self._ours(), time.perf_counter())

    @staticmethod
    def _busy() -> float:
        try:
            fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
        except OSError:
            return math.nan
        user, nice, system, _idle, _iowait, irq, softirq, steal = (int(value) for value in fields[:8])
        return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")

    @staticmethod
    def _ours() -> float:
        own = resource.getrusage(resource.RUSAGE_SELF)
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime

    def share(self) -> float:
        """Other processes' CPU time since this began, as a share of all the CPUs' time."""
        busy, ours, start = self._busy(), self._ours(), time.perf_counter()
        others = (busy - self.start[0]) - (ours - self.start[1])
        return max(0.0, others / ((start - self.start[2]) * (os.cpu_count() or 1)))


def machine() -> dict[str, Any]:
    """Where the figures come from, and how busy the machine was."""
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    dirty = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True)
    return {
        "nproc": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "cpu": model,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "commit": commit.stdout.strip() + ("+changes" if dirty.stdout.strip() else ""),
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "load_average": os.getloadavg()[0],
    }


def megaroth_command() -> list[str]:
    """The installed megaroth script beside this interpreter, as a user runs it."""
    script = Path(os.path.abspath(sys.executable)).with_name("megaroth")
    if not script.exists():
        raise SystemExit(f"no megaroth script at {script}; run `make bench` (it installs the project first)")
    return [str(script)]


def find_peer(given: str | None) -> list[str]:
    peer = given or shutil.which("check-jsonschema")
    if not peer or not os.path.exists(peer):
        raise SystemExit("check-jsonschema not found; `make bench` installs it in benchmarks/.venv")
    return [os.path.abspath(peer)]  # the commands run in the corpus folder


@dataclass
class Target:
    name: str
    value: float
    goal: float
    unit: str
    higher_is_better: bool

    @property
    def met(self) -> bool:
        return self.value >= self.goal if self.higher_is_better else self.value <= self.goal


def measure(args: argparse.Namespace, work: Path, log: Callable[[str], None]) -> dict[str, Any]:
    load_at_start = os.getloadavg()[0]
    megaroth = megaroth_command()
    peer = find_peer(args.peer)
    # Pinned --today: waivers expire against it, so every run prints the same.
    check = [*megaroth, "check", "--today", TODAY, "--fail-on", "never"]
    log(f"writing {LARGE:,} plan files (seed {args.seed})")
    large_files = corpus.write(work / "large", LARGE, args.seed)
    small_files = corpus.write(work / "small", SMALL, args.seed)  # the same first 1,000 plans
    one = next(path for index, path in enumerate(small_files) if "participants" in corpus.plan(args.seed, index))
    one_name = str(one.relative_to(work))
    # What an installed package has: byte-compiled modules (pip compiles them on install).
    compileall.compile_dir(ROOT / "engine", quiet=1)
    compileall.compile_file(ROOT / "cli.py", quiet=1)
    # Every command runs in the corpus folder, so no config file of this checkout applies.

    def command(argv: list[str], ok: tuple[int, ...] = (0,)) -> Callable[[], Run]:
        return lambda: run_process(argv, work, ok)

    others: dict[str, float] = {}
    log("cold start")
    load = OtherLoad()
    cold = rounds(
        {
            # As a user types it; exit 1 is the plan's findings reaching the default --fail-on error.
            "megaroth": command([*megaroth, "check", one_name], ok=(0, 1)),
            "peer": command([*peer, "--schemafile", str(SCHEMA), one_name]),
        },
        args.cold_runs,
    )
    others["cold_start"] = load.share()
    log("1,000 files: megaroth, the parse floor, the peer")
    load = OtherLoad()
    peer_files = [str(path.relative_to(work)) for path in small_files]
    small = rounds(
        {
            "default": command([*check, "small"]),
            "jobs1": command([*check, "--jobs", "1", "small"]),
            "floor": lambda: parse_floor(small_files),
            "peer": command([*peer, "--schemafile", str(SCHEMA), *peer_files]),
        },
        args.runs,
    )
    others["1k"] = load.share()
    log("10,000 files: megaroth and the parse floor")
    load = OtherLoad()
    large = rounds(
        {
            "default": command([*check, "large"]),
            "jobs1": command([*check, "--jobs", "1", "large"]),
            "floor": lambda: parse_floor(large_files),
        },
        args.large_runs,
    )
    others["10k"] = load.share()
    figures = {
        "cold_start": cold["megaroth"],
        "peer_cold_start": cold["peer"],
        "check_1k": small["default"],
        "check_1k_jobs1": small["jobs1"],
        "check_10k": large["default"],
        "check_10k_jobs1": large["jobs1"],
        "floor_1k": small["floor"],
        "floor_10k": large["floor"],
        "peer_1k": small["peer"],
    }
    seconds = {name: median_seconds(runs) for name, runs in figures.items()}
    # CPU time hardly moves with the machine's load, where wall time does: it shows what the work costs.
    cpu_seconds = {name: median_cpu(runs) for name, runs in figures.items()}
    files = {"1k": SMALL, "10k": LARGE}
    per_file = {name: seconds[name] / files[name.split("_")[1]] for name in figures if "cold" not in name}
    rss = {
        "jobs1_1k": max(run.max_rss_kib for run in small["jobs1"]),
        "jobs1_10k": max(run.max_rss_kib for run in large["jobs1"]),
        "default_1k": max(run.max_rss_kib for run in small["default"]),
        "default_10k": max(run.max_rss_kib for run in large["default"]),
        "cold_start": max(run.max_rss_kib for run in cold["megaroth"]),
    }
    # Every run of a size, whatever --jobs, must print the same bytes.
    digests = {run.digest for run in small["default"] + small["jobs1"]}
    digests_large = {run.digest for run in large["default"] + large["jobs1"]}
    return {
        "machine": {**machine(), "load_average_at_start": load_at_start},
        "other_processes_cpu_share": others,
        "jobs_default": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "runs": {"cold": args.cold_runs, "small": args.runs, "large": args.large_runs},
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "per_file_ms": {key: value * 1000 for key, value in per_file.items()},
        "max_rss_mib": {key: value / 1024 for key, value in rss.items()},
        "identical_output": {"1k": len(digests) == 1, "10k": len(digests_large) == 1},
        "ratios": {
            "check_over_floor_1k": per_file["check_1k"] / per_file["floor_1k"],
            "check_over_floor_10k": per_file["check_10k"] / per_file["floor_10k"],
            "check_over_floor_1k_jobs1": per_file["check_1k_jobs1"] / per_file["floor_1k"],
            "check_over_floor_10k_jobs1": per_file["check_10k_jobs1"] / per_file["floor_10k"],
            "peer_over_check_1k": seconds["peer_1k"] / seconds["check_1k"],
            "peer_over_check_1k_jobs1": seconds["peer_1k"] / seconds["check_1k_jobs1"],
            "jobs_speedup_10k": seconds["check_10k_jobs1"] / seconds["check_10k"],
            "rss_10k_over_1k": rss["jobs1_10k"] / rss["jobs1_1k"],
        },
    }


def targets(figures: dict[str, Any]) -> list[Target]:
    """Issue 6's targets, judged on this run's figures."""
    ratios = figures["ratios"]
    jobs = figures["jobs_default"]
    return [
        Target("cold start, one file", figures["seconds"]["cold_start"] * 1000, 250, "ms", False),
        Target("throughput vs peer, 1,000 files", ratios["peer_over_check_1k"], 3.0, "x faster", True),
        Target("per file vs parse floor, 10,000 files", ratios["check_over_floor_10k"], 3.0, "x floor", False),
        Target(f"--jobs {jobs} vs --jobs 1, 10,000 files", ratios["jobs_speedup_10k"], 1.7, "x", True),
        Target("peak RSS 10,000 / 1,000 files (--jobs 1)", ratios["rss_10k_over_1k"], 1.2, "x", False),
    ]


def table(figures: dict[str, Any]) -> str:
    s, per, rss, ratios = figures["seconds"], figures["per_file_ms"], figures["max_rss_mib"], figures["ratios"]
    cpu = figures["cpu_seconds"]
    jobs = figures["jobs_default"]
    rows = [
        ("figure", "wall s", "ms/file", "files/s", "CPU s", "max RSS MiB"),
        (
            "cold start: megaroth check ONE.yaml",
            f"{s['cold_start']:.3f}",
            "",
            "",
            f"{cpu['cold_start']:.3f}",
            f"{rss['cold_start']:.1f}",
        ),
        ("cold start: peer, ONE.yaml", f"{s['peer_cold_start']:.3f}", "", "", f"{cpu['peer_cold_start']:.3f}", ""),
    ]
    for label, key, memory in (
        (f"megaroth check 1,000 (--jobs {jobs})", "check_1k", rss["default_1k"]),
        ("megaroth check 1,000 (--jobs 1)", "check_1k_jobs1", rss["jobs1_1k"]),
        (f"megaroth check 10,000 (--jobs {jobs})", "check_10k", rss["default_10k"]),
        ("megaroth check 10,000 (--jobs 1)", "check_10k_jobs1", rss["jobs1_10k"]),
        ("floor: read + CSafeLoader, 1,000", "floor_1k", None),
        ("floor: read + CSafeLoader, 10,000", "floor_10k", None),
        ("peer: check-jsonschema, 1,000", "peer_1k", None),
    ):
        rows.append(
            (
                label,
                f"{s[key]:.3f}",
                f"{per[key]:.3f}",
                f"{1000 / per[key]:,.0f}",
                f"{cpu[key]:.3f}",
                "" if memory is None else f"{memory:.1f}",
            )
        )
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(widths[0]) if i == 0 else cell.rjust(widths[i]) for i, cell in enumerate(row)) for row in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    lines.append("")
    lines.append(f"ratios: checker/floor {ratios['check_over_floor_1k']:.2f}x (1,000), {ratios['check_over_floor_10k']:.2f}x (10,000);"
                 f" with --jobs 1 {ratios['check_over_floor_1k_jobs1']:.2f}x, {ratios['check_over_floor_10k_jobs1']:.2f}x")
    lines.append(f"        peer/checker {ratios['peer_over_check_1k']:.2f}x (1,000), {ratios['peer_over_check_1k_jobs1']:.2f}x with --jobs 1;"
                 f" --jobs {jobs} speed-up {ratios['jobs_speedup_10k']:.2f}x; RSS 10,000/1,000 {ratios['rss_10k_over_1k']:.2f}x")
    info = figures["machine"]
    lines.append(
        f"machine: {info['nproc']} CPUs, {info['cpu']}, Python {info['python']}; load average "
        f"{info['load_average_at_start']:.2f} at the start, {info['load_average']:.2f} at the end"
    )
    others = figures["other_processes_cpu_share"]
    lines.append(
        "other processes took "
        + ", ".join(f"{share:.0%} ({phase})" for phase, share in others.items())
        + " of the machine's CPU time"
        + ("; the figures are slower than on a quiet machine" if max(others.values()) > 0.05 else "")
    )
    same = figures["identical_output"]
    lines.append(f"output identical across --jobs: 1,000 files {same['1k']}, 10,000 files {same['10k']}")
    lines.append("")
    for target in targets(figures):
        comparison = ">=" if target.higher_is_better else "<="
        verdict = "met" if target.met else "NOT MET"
        lines.append(f"target {target.name}: {target.value:.2f} {target.unit} ({comparison} {target.goal:g}) {verdict}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="megaroth's benchmark: speed and memory against the parse floor and check-jsonschema.")
    parser.add_argument("--peer", help="the check-jsonschema executable (default: the one on PATH)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--cold-runs", type=int, default=21, help="runs of each cold start")
    parser.add_argument("--runs", type=int, default=5, help="runs of each 1,000-file figure")
    parser.add_argument("--large-runs", type=int, default=3, help="runs of each 10,000-file figure")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)

    started = time.perf_counter()

    def log(message: str) -> None:
        print(f"[{time.perf_counter() - started:6.1f} s] {message}", file=sys.stderr, flush=True)

    with tempfile.TemporaryDirectory(prefix="megaroth-bench-") as folder:
        figures = measure(args, Path(folder), log)
    figures["bench_seconds"] = time.perf_counter() - started
    figures["targets"] = [
        {"name": t.name, "value": t.value, "goal": t.goal, "unit": t.unit, "met": t.met} for t in targets(figures)
    ]
    print(table(figures))
    args.out.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S")
    text = json.dumps(figures, indent=2) + "\n"
    (args.out / f"bench-{stamp}.json").write_text(text)
    (args.out / "latest.json").write_text(text)
    print(f"\nwritten to {args.out / f'bench-{stamp}.json'} (and latest.json) in {figures['bench_seconds']:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
