"""SIGTERM, SIGHUP and SIGKILL to the main process of a --jobs run, with real processes.

What `docker stop`, a CI runner's timeout or a supervisor sends goes to the
main pid only. SIGTERM and SIGHUP are handled as Ctrl-C is (the files done are
reported, no partial file, exit 143 or 129); after SIGKILL, which cannot be
handled, the workers die with the main process (Linux's parent-death signal),
so nothing keeps the caller's pipe open, and the next run removes the
temporary file left behind. Every wait is bounded; every process started is
killed by its pid at the end.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from plan_overlay import SAMPLES
from plan_overlay import TODAY as PINNED_DATE

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the parent-death signal and /proc are Linux's"),
]

BEFORE_STDIN = 20 * 32  # files ahead of `-`: twenty chunks, more than the workers take in flight
PLAN = SAMPLES / "bigtech-nightly-conversion.yaml"


def _corpus(folder: Path) -> list[str]:
    folder.mkdir()
    paths = []
    for index in range(BEFORE_STDIN):
        path = folder / f"plan-{index:04}.yaml"
        shutil.copy(PLAN, path)
        paths.append(str(path))
    return paths


def _stat(pid: int) -> list[str] | None:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            fields = _stat(int(entry))
            if fields is not None and fields[1] == str(pid):
                found.append(int(entry))
    return found


def _gone(pid: int) -> bool:
    fields = _stat(pid)
    return fields is None or fields[0] in ("Z", "X")  # exited (a zombie until init reaps it)


def _wait(condition, seconds: float = 60) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


class _Run:
    """`megaroth check -j 2 FILES... - ` whose stdin is a pipe nobody writes to: the main process waits there
    while the workers, done with their chunks, wait for more."""

    def __init__(self, tmp_path: Path, *extra: str):
        paths = _corpus(tmp_path / "plans")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "megaroth", "check", "--today", PINNED_DATE.isoformat(), "-j", "2", *extra, *paths, "-"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            # A shell running tests in the background may ignore SIGHUP or SIGINT; megaroth keeps an ignored one ignored.
            preexec_fn=lambda: [signal.signal(s, signal.SIG_DFL) for s in (signal.SIGHUP, signal.SIGTERM)],
        )
        self.workers: list[int] = []

    def wait_for_workers(self) -> None:
        assert _wait(lambda: len(_children(self.process.pid)) >= 2), "no worker processes started"
        self.workers = _children(self.process.pid)
        # The main process reaches `-` once it has handed out every chunk before it: wait until it sleeps.
        assert _wait(lambda: (_stat(self.process.pid) or ["R"])[0] == "S")
        time.sleep(0.5)

    def finish(self, timeout: float = 60) -> tuple[str, str]:
        """The output, once the main process and everything holding its pipes have gone (or the timeout)."""
        assert self.process.stdin is not None
        try:
            # A signal that lands just before the blocking read of stdin is acted on when the read
            # returns; closing stdin makes it return. It ends no run by itself: the file would be checked.
            time.sleep(0.3)
            self.process.stdin.close()
        except BrokenPipeError:
            pass
        self.process.stdin = None  # closed: communicate() must not flush it
        return self.process.communicate(timeout=timeout)

    def cleanup(self) -> None:
        for pid in [self.process.pid, *self.workers]:
            fields = _stat(pid)
            if fields is not None and fields[0] not in ("Z", "X"):
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        self.process.wait(timeout=10)


@pytest.mark.parametrize(("signum", "code", "name"), [(signal.SIGTERM, 143, "SIGTERM"), (signal.SIGHUP, 129, "SIGHUP")])
def test_sigterm_and_sighup_report_the_files_done_and_leave_no_partial_file(tmp_path, signum, code, name):
    out = tmp_path / "out"
    out.mkdir()
    run = _Run(tmp_path, "-f", "text", "-o", "-", "-f", "json", "-o", str(out / "r.json"))
    try:
        run.wait_for_workers()
        os.kill(run.process.pid, signum)  # the main process only
        stdout, stderr = run.finish()
        assert _wait(lambda: all(_gone(pid) for pid in run.workers), 30), "workers outlived the main process"
    finally:
        run.cleanup()
    assert re.fullmatch(r"Checked [1-9][0-9]* files before the interrupt: .*", stdout.splitlines()[-1])
    assert stderr == f"megaroth: stopped by {name}; the report covers only the files checked before it\n"
    assert run.process.returncode == code
    assert os.listdir(out) == []  # neither the report nor its temporary file


def test_sigkill_of_the_main_process_takes_the_workers_with_it(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    report = out / "r.json"
    run = _Run(tmp_path, "-f", "json", "-o", str(report))
    try:
        run.wait_for_workers()
        os.kill(run.process.pid, signal.SIGKILL)
        # Before, the workers kept stdout open and this waited forever (here: the timeout, a failure).
        stdout, stderr = run.finish(timeout=30)
        assert _wait(lambda: all(_gone(pid) for pid in run.workers), 30), "workers outlived the main process"
    finally:
        run.cleanup()
    assert run.process.returncode == -signal.SIGKILL
    (left,) = os.listdir(out)  # SIGKILL cannot be handled: the temporary file stays ...
    assert re.fullmatch(rf"\.r\.json\.megaroth-{run.process.pid}-.*\.tmp", left)

    again = subprocess.run(
        [sys.executable, "-m", "megaroth", "check", "-f", "json", "-o", str(report), str(PLAN)],
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert again.returncode == 0, again.stderr
    assert os.listdir(out) == ["r.json"]  # ... and the next write of that report removes it
