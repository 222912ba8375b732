"""Ctrl-C mid-run: the files checked so far are reported, with their summary, and the exit code is 130."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator

import megaroth.engine.deciding.checker
import megaroth.engine.running.runner
from megaroth.cli import main
from plan_overlay import REPO, SAMPLES
from plan_overlay import TODAY as PINNED_DATE

FIRST_SAMPLES = sorted(SAMPLES.glob("*.yaml"))[:5]
TODAY = ["--today", PINNED_DATE.isoformat()]


def interrupt_on_third_file(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Make the check of the third file raise KeyboardInterrupt, as Ctrl-C would mid-file."""
    started: list[str] = []
    real_check_source = megaroth.engine.running.runner.check_source

    def check_source(source, *args, **kwargs):  # type: ignore[no-untyped-def]
        started.append(source.name)
        if len(started) == 3:
            raise KeyboardInterrupt
        return real_check_source(source, *args, **kwargs)

    monkeypatch.setattr(megaroth.engine.running.runner, "check_source", check_source)
    return started


def test_interrupt_reports_the_files_done_and_exits_130(monkeypatch: pytest.MonkeyPatch) -> None:
    uninterrupted = CliRunner().invoke(main, ["check", *TODAY, *map(str, FIRST_SAMPLES[:2])])
    started = interrupt_on_third_file(monkeypatch)

    result = CliRunner().invoke(main, ["check", *TODAY, *map(str, FIRST_SAMPLES)])

    assert started == list(map(str, FIRST_SAMPLES[:3]))
    done = uninterrupted.stdout.splitlines()
    assert done[-1].startswith("Checked 2 files: ")
    expected = done[:-1] + [done[-1].replace("Checked 2 files: ", "Checked 2 files before the interrupt: ")]
    assert result.stdout.splitlines() == expected
    assert result.stderr == "megaroth: interrupted; the report covers only the files checked before it\n"
    assert result.exit_code == 130


def test_interrupted_json_report_is_complete_json(monkeypatch: pytest.MonkeyPatch) -> None:
    interrupt_on_third_file(monkeypatch)

    result = CliRunner().invoke(main, ["check", "--format", "json", *TODAY, *map(str, FIRST_SAMPLES)])

    report = json.loads(result.stdout)
    Draft202012Validator(json.loads((REPO / "schemas" / "report.schema.json").read_text())).validate(report)
    assert [file["path"] for file in report["files"]] == list(map(str, FIRST_SAMPLES[:2]))
    assert report["summary"]["files"] == 2
    assert report["summary"]["exit_code"] == 130
    assert result.exit_code == 130


def _state(pid: int) -> str:
    """A process's scheduler state from /proc (S: asleep, waiting on something)."""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc to see when megaroth is blocked")
def test_a_real_sigint_while_reading_a_file(tmp_path: Path) -> None:
    """A real SIGINT, sent while megaroth waits on the second file (a pipe nobody writes to)."""
    pipe = tmp_path / "slow.yaml"
    os.mkfifo(pipe)
    process = subprocess.Popen(
        [sys.executable, "-c", "from megaroth.cli import main; main()", "check", *TODAY, str(FIRST_SAMPLES[0]), str(pipe)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # A shell running tests in the background may ignore SIGINT; Python
        # only turns SIGINT into KeyboardInterrupt when it is not ignored.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    writer = None
    try:
        deadline = time.monotonic() + 60
        while writer is None:
            try:  # succeeds once megaroth has the pipe open: it is then busy with the second file
                writer = os.open(pipe, os.O_WRONLY | os.O_NONBLOCK)
            except OSError:
                assert process.poll() is None and time.monotonic() < deadline, process.stderr.read()
                time.sleep(0.01)
        # Signal only once it sleeps in read(): a signal that lands just before
        # a blocking read is noted by Python but acted on only when the read
        # returns, which here is never (a limit of signals, not of megaroth).
        while _state(process.pid) != "S":
            assert time.monotonic() < deadline
            time.sleep(0.001)
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=60)
    finally:
        if writer is not None:
            os.close(writer)
        process.kill()
        process.wait()
    lines = stdout.splitlines()
    assert lines[-5] == f"{FIRST_SAMPLES[0]}: eligible with caveats (4 warnings, 2 info)"
    # The run's notes (MBR401, MBR402) still come, after the files checked before the interrupt.
    assert lines[-4] == "Notes, the same in every file they apply to:"
    assert [line[:20] for line in lines[-3:-1]] == ["1. info MBR401 (1 fi", "2. info MBR402 (1 fi"]
    assert lines[-1] == "Checked 1 file before the interrupt: 1 eligible with caveats. Findings: 0 errors, 4 warnings, 2 info."
    assert stderr == "megaroth: interrupted; the report covers only the files checked before it\n"
    assert process.returncode == 130


def test_interrupt_leaves_no_report_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Standard output shows the files done; a report file would be partial, so none is left, not even a temporary."""
    interrupt_on_third_file(monkeypatch)
    report = tmp_path / "report.sarif"

    result = CliRunner().invoke(
        main, ["check", *TODAY, "-f", "text", "-o", "-", "-f", "sarif", "-o", str(report), *map(str, FIRST_SAMPLES)]
    )

    assert result.stdout.splitlines()[-1].startswith("Checked 2 files before the interrupt: ")
    assert list(tmp_path.iterdir()) == []
    assert result.exit_code == 130


def test_interrupt_while_searching_folders_still_exits_130(monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted_listing(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise KeyboardInterrupt

    monkeypatch.setattr(megaroth.engine.deciding.checker.os, "scandir", interrupted_listing)

    result = CliRunner().invoke(main, ["check", *TODAY, str(SAMPLES)])

    assert result.stdout == ""
    assert result.stderr == "megaroth: interrupted; the report covers only the files checked before it\n"
    assert result.exit_code == 130
