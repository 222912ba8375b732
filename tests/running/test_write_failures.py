"""A write that fails (a full disk, a file-size limit, a closed or broken stdout): one message, exit 2, no partial file.

The real failures are made with real processes: /dev/full (every write fails
with ENOSPC), RLIMIT_FSIZE as `ulimit -f` sets it (EFBIG: Python ignores
SIGXFSZ), a descriptor closed before megaroth starts, and a pipe whose reader
has gone (EPIPE: Python ignores SIGPIPE).
"""

from __future__ import annotations

import errno
import io
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from megaroth.engine.reading.atomic import CannotWrite, atomic_write
from megaroth.engine.running.outputs import run_to_outputs
from megaroth.engine.running.settings import resolve
from formats_support import ROOT, TODAY

SAMPLE = str(ROOT / "samples" / "roth-401k-only.yaml")
FULL = "megaroth: cannot write standard output: no space left on device\n"


def _megaroth(arguments: list[str], **popen: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "megaroth", *arguments],
        stderr=subprocess.PIPE,
        text=True,
        timeout=60,
        check=False,
        **popen,  # type: ignore[arg-type]
    )


class _Full(io.StringIO):
    def write(self, text: str) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")


def test_a_report_that_cannot_reach_stdout_names_standard_output(monkeypatch):
    monkeypatch.chdir(ROOT)
    settings = resolve(config_file=None, fail_on=None, formats=["json"], outputs=[], select=(), ignore=(), exclude=())
    with pytest.raises(CannotWrite) as raised:
        run_to_outputs([SAMPLE], settings, stdout=_Full(), stderr=io.StringIO())
    assert str(raised.value) == "cannot write standard output: no space left on device"
    assert raised.value.errno == errno.ENOSPC


def test_a_file_whose_flush_fails_is_named_and_removed(tmp_path, monkeypatch):
    target = tmp_path / "r.json"

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(CannotWrite) as raised:
        with atomic_write(target) as handle:
            handle.write("{}\n")
    assert str(raised.value) == f"cannot write {target}: no space left on device"
    assert os.listdir(tmp_path) == []


@pytest.mark.slow
@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize(
    "arguments",
    [
        ["check", SAMPLE],
        ["check", SAMPLE, "-f", "json"],
        ["check", SAMPLE, "-f", "sarif"],
        ["check", SAMPLE, "-f", "junit"],
        ["check", SAMPLE, "-f", "github"],
        ["validate", SAMPLE],
        ["rules"],
        ["headroom", "--year", "2025", "--salary", "200000"],
        ["init", "-"],
    ],
)
def test_a_full_disk_on_stdout_is_one_message_and_exit_2(arguments):
    with open("/dev/full", "w") as full:
        run = _megaroth(arguments, stdout=full)
    assert run.stderr == FULL
    assert run.returncode == 2


def _limit_file_size() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))  # ulimit -f 4: four 1 KiB blocks


@pytest.mark.slow
def test_a_file_size_limit_leaves_no_partial_report(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    run = _megaroth(
        ["check", "--today", TODAY, "-f", "json", "-o", str(out / "r.json"), str(ROOT / "samples")],
        stdout=subprocess.DEVNULL,
        preexec_fn=_limit_file_size,
    )
    assert run.stderr == f"megaroth: cannot write {out / 'r.json'}: file too large\n"
    assert run.returncode == 2
    assert os.listdir(out) == []


@pytest.mark.slow
def test_a_chart_under_a_file_size_limit_leaves_no_partial_file(tmp_path):
    pytest.importorskip("matplotlib")
    chart = tmp_path / "growth.png"
    run = _megaroth(
        ["project", "--amount", "36500", "--years", "20", "--year", "2025", "--chart", str(chart)],
        stdout=subprocess.DEVNULL,
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (1024, 1024)),
    )
    assert run.stderr == f"megaroth: cannot write {chart}: file too large\n"
    assert run.returncode == 2
    assert os.listdir(tmp_path) == []


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["text", "json"])
def test_a_closed_stdout_is_one_message_and_exit_2(fmt):
    # Closed in the child before megaroth starts, as `megaroth check plan.yaml >&-` does.
    run = _megaroth(["check", SAMPLE, "-f", fmt], preexec_fn=lambda: os.close(1))
    assert run.stderr == "megaroth: cannot write standard output: it is closed\n"
    assert run.returncode == 2


@pytest.mark.slow
def test_a_closed_stdin_is_a_finding_for_check_and_an_error_for_headroom():
    check = _megaroth(["check", "-"], stdout=subprocess.PIPE, preexec_fn=lambda: os.close(0))
    assert check.stdout.splitlines()[0] == "<stdin>: error MBR000 cannot read standard input: it is closed"
    assert check.returncode == 2
    headroom = _megaroth(["headroom", "--plan", "-"], stdout=subprocess.PIPE, preexec_fn=lambda: os.close(0))
    assert headroom.stderr == "<stdin>: cannot read standard input: it is closed\n"
    assert headroom.returncode == 2


@pytest.mark.slow
def test_a_reader_that_stops_early_ends_the_run_quietly_with_0():
    """`megaroth check samples/ samples/... | head -1`: the pipe closes; no message, and not 1 (findings) or 2."""
    # Enough output to pass the 8 KiB pipe buffer and stdout's own, so a write meets the closed pipe.
    paths = [str(ROOT / "samples")] + [str(path) for path in sorted((ROOT / "tests" / "plans").glob("*.yaml"))]
    process = subprocess.Popen(
        [sys.executable, "-m", "megaroth", "check", "--today", TODAY, "-j", "1", *paths, "-f", "github"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()  # what head does after its line
    try:
        code = process.wait(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert first.startswith(b"::")
    assert process.stderr.read() == b""
    assert code == 0


@pytest.mark.slow
@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("arguments", [["--help"], ["--version"], ["check", "--help"]])
def test_help_and_version_on_a_full_disk_are_one_message_too(arguments):
    with open("/dev/full", "w") as full:
        run = _megaroth(arguments, stdout=full)
    assert run.stderr == FULL
    assert run.returncode == 2


@pytest.mark.slow
def test_version_with_stdout_closed_says_so():
    run = _megaroth(["--version"], preexec_fn=lambda: os.close(1))
    assert run.stderr == "megaroth: cannot write standard output: it is closed\n"
    assert run.returncode == 2
