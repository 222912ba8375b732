"""engine/running/runner.py: --jobs N prints what --jobs 1 prints, byte for byte, and streams."""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from click.testing import CliRunner

import megaroth.engine.running.runner as runner
from benchmarks import corpus
from megaroth.cli import FORMATS, main
from megaroth.engine.deciding.checker import InternalError, discover
from plan_overlay import REPO, TODAY
from plan_overlay import SAMPLES as SAMPLES_DIR

SAMPLES = sorted(str(path.relative_to(REPO)) for path in SAMPLES_DIR.glob("*.yaml"))

fork_only = pytest.mark.skipif(
    multiprocessing.get_start_method() != "fork", reason="the patched function reaches workers only through fork"
)


@pytest.fixture
def pool_runs(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Records each run that went to worker processes (the jobs it asked for)."""
    runs: list[int] = []
    original = runner._in_workers

    def recording(sources, today, schema_only, selection, jobs):  # type: ignore[no-untyped-def]
        runs.append(jobs)
        return original(sources, today, schema_only, selection, jobs)

    monkeypatch.setattr(runner, "_in_workers", recording)
    return runs


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Send even the 19 samples to workers, two files a task, so chunk edges fall everywhere."""
    monkeypatch.setattr(runner, "CHUNK", 2)
    monkeypatch.setattr(runner, "INLINE_BELOW", 1)


def check(*args: str, input: bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["check", "--today", TODAY.isoformat(), *args], input=input)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("output_format", ["text", "json"])
def test_jobs_2_prints_the_samples_exactly_as_jobs_1(
    at_repo: Path, small_chunks: None, pool_runs: list[int], output_format: str
) -> None:
    one = check("--format", output_format, "--jobs", "1", "samples/")
    two = check("--format", output_format, "--jobs", "2", "samples/")
    assert pool_runs == [2]
    assert one[0] == 1  # the samples hold errors
    assert two == one
    if output_format == "text":
        assert one[1].splitlines()[-1] == (
            "Checked 21 files: 5 not eligible, 3 undetermined, 7 eligible with caveats, 6 eligible. "
            "Findings: 10 errors, 27 warnings, 60 info."
        )


@pytest.mark.parametrize("output_format", FORMATS)
def test_jobs_2_prints_a_generated_corpus_exactly_as_jobs_1(
    tmp_path: Path, pool_runs: list[int], output_format: str
) -> None:
    corpus.write(tmp_path, 300, seed=11)
    one = check("--format", output_format, "--fail-on", "never", "--jobs", "1", str(tmp_path))
    two = check("--format", output_format, "--fail-on", "never", "--jobs", "2", str(tmp_path))
    three = check("--format", output_format, "--fail-on", "never", "--jobs", "3", str(tmp_path))
    assert pool_runs == [2, 3]  # 300 files: both went to workers
    assert one[0] == 0
    assert two == one
    assert three == one
    if output_format == "text":
        assert one[1].count(": not eligible") + one[1].count(": undetermined") + one[1].count(": eligible") == 300


def test_validate_takes_jobs_too(tmp_path: Path, pool_runs: list[int]) -> None:
    corpus.write(tmp_path, 100, seed=4)
    one = CliRunner().invoke(main, ["validate", "--jobs", "1", str(tmp_path)])
    two = CliRunner().invoke(main, ["validate", "--jobs", "2", str(tmp_path)])
    assert pool_runs == [2]
    assert (two.exit_code, two.stdout) == (one.exit_code, one.stdout) == (0, one.stdout)
    assert one.stdout.endswith("Checked 100 files: 100 valid. Findings: 0 errors, 0 warnings, 0 info.\n")


def test_few_files_are_checked_in_this_process(at_repo: Path, pool_runs: list[int]) -> None:
    # 21 files are fewer than INLINE_BELOW: starting workers would cost more than it saves.
    code, out, _ = check("--jobs", "2", *SAMPLES)
    assert pool_runs == []
    assert code == 1
    assert out.endswith("Findings: 10 errors, 27 warnings, 60 info.\n")


def test_stdin_and_a_missing_path_keep_their_place(at_repo: Path, small_chunks: None, pool_runs: list[int]) -> None:
    stdin = (REPO / "samples" / "no-roth-2026.yaml").read_bytes()
    args = [*SAMPLES[:5], "-", "missing/plan.yaml", *SAMPLES[5:9]]
    one = check("--jobs", "1", *args, input=stdin)
    two = check("--jobs", "2", *args, input=stdin)
    assert pool_runs == [2]
    assert two == one
    assert one[0] == 2  # the missing file
    lines = one[1].splitlines()
    notes = "Notes, the same in every file they apply to:"
    files_part = lines[: lines.index(notes)]  # the notes follow the files
    verdict_lines = [line.split(": ", 1) for line in files_part]
    reported = [
        path for path, rest in verdict_lines if rest.startswith(("invalid", "not eligible", "undetermined", "eligible"))
    ]
    assert reported == [*SAMPLES[:5], "<stdin>", "missing/plan.yaml", *SAMPLES[5:9]]
    assert "missing/plan.yaml: error MBR000 cannot read this path: no such file or folder" in lines


@fork_only
def test_a_worker_that_dies_is_an_internal_error(
    at_repo: Path, small_chunks: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = runner.check_source

    def crash_on_one(source, today, **options):  # type: ignore[no-untyped-def]
        if source.name == SAMPLES[7]:
            os._exit(70)  # as a segfault in durable-rules' C core would end the worker
        return original(source, today, **options)

    monkeypatch.setattr(runner, "check_source", crash_on_one)
    code, out, err = check("--jobs", "2", "samples/")
    assert code == 2
    # Every task in flight fails with the pool: the error names the first file not reported, at or
    # before the task holding the crash (samples 6 and 7, two a task), and nothing after it is printed.
    reported = [line.split(": ")[0] for line in out.splitlines() if ":" not in line.split(": ")[0]]
    first_missing = SAMPLES[len(reported)]
    assert reported == SAMPLES[: len(reported)]
    assert len(reported) <= 6
    assert err == (
        f"megaroth: {first_missing}: internal error: a worker process died checking this file or one after it; "
        "--jobs 1 shows which (this is a bug in megaroth; please report it)\n"
    )


@pytest.mark.slow
def test_ctrl_c_stops_the_workers_and_reports_the_files_done_in_order(tmp_path: Path) -> None:
    """A real SIGINT to the whole process group, as a terminal sends it: workers ignore it, the run stops."""
    files = corpus.write(tmp_path / "plans", 3000, seed=9)
    process = subprocess.Popen(
        [sys.executable, "-c", "from megaroth.cli import main; main()", "check", "--today", TODAY.isoformat(), "--jobs", "2", "plans"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        # A shell running tests in the background may ignore SIGINT; Python acts on it only when it is not.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    assert process.stdout is not None and process.stderr is not None
    try:
        first = process.stdout.readline()  # the run has begun
        os.killpg(process.pid, signal.SIGINT)
        # Read on from the same buffered streams (communicate() would skip what readline buffered).
        lines = (first + process.stdout.read()).splitlines()
        stderr = process.stderr.read()
        process.wait(timeout=60)
    finally:
        process.kill()
        process.wait()
    notes = "Notes, the same in every file they apply to:"
    files_part = lines[: lines.index(notes)] if notes in lines else lines[:-1]  # the run's notes follow the files
    reported = [line.split(": ", 1)[0] for line in files_part if not line.split(": ", 1)[1].startswith(("error", "warning", "info"))]
    expected = [str(path.relative_to(tmp_path)) for path in files]
    assert stderr == "megaroth: interrupted; the report covers only the files checked before it\n"
    assert process.returncode == 130
    assert 0 < len(reported) < len(files)
    assert reported == expected[: len(reported)]
    files_word = "file" if len(reported) == 1 else "files"
    assert lines[-1].startswith(f"Checked {len(reported)} {files_word} before the interrupt: ")


def test_ctrl_c_while_a_file_is_reported_waits_until_it_is_reported() -> None:
    finished = []
    with runner._Interrupts() as interrupts:
        interrupts.holding = True
        os.kill(os.getpid(), signal.SIGINT)
        finished.append("the rest of the file's lines")
        with pytest.raises(KeyboardInterrupt):
            interrupts.release()
        with pytest.raises(KeyboardInterrupt):  # not holding: at once, as Python's own handler does
            os.kill(os.getpid(), signal.SIGINT)
    assert finished == ["the rest of the file's lines"]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_an_ignored_ctrl_c_stays_ignored() -> None:
    # A shell running megaroth in the background ignores SIGINT: megaroth must not start acting on it.
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        with runner._Interrupts() as interrupts:
            interrupts.holding = True
            os.kill(os.getpid(), signal.SIGINT)
            interrupts.release()
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGINT, previous)


def test_internal_error_survives_the_trip_from_a_worker() -> None:
    error = pickle.loads(pickle.dumps(InternalError("plans/a.yaml", "the rules engine failed: 303")))
    assert (error.path, error.message) == ("plans/a.yaml", "the rules engine failed: 303")
    assert str(error) == "plans/a.yaml: internal error: the rules engine failed: 303"


def test_work_in_flight_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Results stream: a slow reader never has more than jobs * AHEAD tasks queued ahead of it."""
    corpus.write(tmp_path, 400, seed=3)
    monkeypatch.setattr(runner, "CHUNK", 4)
    submitted: list[int] = []
    original = ProcessPoolExecutor.submit

    def counting(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        submitted.append(len(args[1]))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(ProcessPoolExecutor, "submit", counting)
    sources = list(discover([str(tmp_path)]))
    results = runner.check_results(sources, TODAY, jobs=2)
    read = 0
    for _ in results:
        read += 1
        files_ahead = sum(submitted) - read
        assert files_ahead <= (2 * runner.AHEAD + 1) * 4
    assert read == 400
    assert sum(submitted) == 400


def test_default_jobs_is_the_cpus_this_process_may_use() -> None:
    assert runner.default_jobs() == len(os.sched_getaffinity(0))


@pytest.mark.parametrize("value", ["0", "-1", "two"])
def test_jobs_must_be_a_positive_number(at_repo: Path, value: str) -> None:
    code, _, err = check("--jobs", value, "samples/")
    assert code == 2
    assert "Error: Invalid value for '--jobs' / '-j'" in err
