"""engine/reading/atomic.py: complete or absent, never over an existing file without force."""

from __future__ import annotations

import errno
import os
import stat

import pytest

from megaroth.engine.reading import atomic
from megaroth.engine.reading.atomic import FileExists, WriteError, atomic_write, write_text


def _leftovers(folder) -> list[str]:
    return sorted(name for name in os.listdir(folder) if name.endswith(".tmp"))


def test_writes_the_text_and_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "report.sarif"
    write_text(target, "line one\nline two\n")
    assert target.read_bytes() == b"line one\nline two\n"
    assert _leftovers(tmp_path) == []


def test_the_file_gets_ordinary_permissions_not_mkstemps_0600(tmp_path):
    old = os.umask(0o022)
    try:
        write_text(tmp_path / "plan.yaml", "x\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "plan.yaml").stat().st_mode) == 0o644


def test_refuses_an_existing_file_without_force_and_keeps_it(tmp_path):
    target = tmp_path / "plan.yaml"
    target.write_text("mine\n")
    with pytest.raises(FileExists, match="already exists; megaroth does not replace a file without --force"):
        write_text(target, "theirs\n")
    assert target.read_text() == "mine\n"
    assert _leftovers(tmp_path) == []


def test_force_replaces_an_existing_file(tmp_path):
    target = tmp_path / "plan.yaml"
    target.write_text("old\n")
    write_text(target, "new\n", force=True)
    assert target.read_text() == "new\n"
    assert _leftovers(tmp_path) == []


def test_a_file_that_appears_during_the_run_is_not_replaced(tmp_path):
    target = tmp_path / "report.json"
    with pytest.raises(FileExists):
        with atomic_write(target) as handle:
            handle.write("ours\n")
            target.write_text("someone else's\n")  # created after the early check
    assert target.read_text() == "someone else's\n"
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("interruption", [KeyboardInterrupt, RuntimeError])
def test_an_interrupted_write_leaves_no_file_at_all(tmp_path, interruption):
    target = tmp_path / "report.xml"
    with pytest.raises(interruption):
        with atomic_write(target) as handle:
            handle.write("<testsuites>")
            raise interruption()
    assert not target.exists()
    assert _leftovers(tmp_path) == []


def test_an_interrupted_forced_write_keeps_the_old_file(tmp_path):
    target = tmp_path / "report.xml"
    target.write_text("previous report\n")
    with pytest.raises(KeyboardInterrupt):
        with atomic_write(target, force=True) as handle:
            handle.write("half a rep")
            raise KeyboardInterrupt
    assert target.read_text() == "previous report\n"
    assert _leftovers(tmp_path) == []


def test_a_folder_as_target_is_refused(tmp_path):
    with pytest.raises(WriteError, match="is a folder, not a file"):
        write_text(tmp_path, "x", force=True)


def test_a_missing_folder_is_named(tmp_path):
    with pytest.raises(WriteError, match="does not exist"):
        write_text(tmp_path / "nowhere" / "plan.yaml", "x")


def test_without_hard_links_it_still_refuses_an_existing_name(tmp_path, monkeypatch):
    def no_links(source, destination):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(atomic.os, "link", no_links)
    write_text(tmp_path / "a.txt", "first\n")
    assert (tmp_path / "a.txt").read_text() == "first\n"
    with pytest.raises(FileExists):
        with atomic_write(tmp_path / "b.txt") as handle:
            handle.write("second\n")
            (tmp_path / "b.txt").write_text("raced\n")
    assert (tmp_path / "b.txt").read_text() == "raced\n"
    assert _leftovers(tmp_path) == []


def test_write_bytes_writes_binary_data_as_is(tmp_path):
    target = tmp_path / "chart.png"
    atomic.write_bytes(target, b"\x89PNG\r\n\x1a\n\x00\xff")
    assert target.read_bytes() == b"\x89PNG\r\n\x1a\n\x00\xff"
    assert _leftovers(tmp_path) == []
    with pytest.raises(FileExists):
        atomic.write_bytes(target, b"other")
    assert target.read_bytes() == b"\x89PNG\r\n\x1a\n\x00\xff"


def test_force_writes_into_a_character_device_without_replacing_it(tmp_path):
    # As root, -o /dev/null --force once made a regular file of the system's /dev/null. The test
    # goes through a link to it, so that, should that come back, only the link is lost.
    null = tmp_path / "null"
    os.symlink("/dev/null", null)
    write_text(null, "a report\n")  # no file is replaced, so no --force is needed
    write_text(null, "a report\n", force=True)
    assert os.readlink(null) == "/dev/null"
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert _leftovers(tmp_path) == []


def test_a_fifo_is_written_into_as_it_is(tmp_path):
    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # a reader must be there, or opening to write waits
    try:
        write_text(fifo, "through the pipe\n", force=True)
        assert os.read(reader, 100) == b"through the pipe\n"
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert _leftovers(tmp_path) == []


def test_force_through_a_symlink_replaces_its_target_and_keeps_the_link(tmp_path):
    (tmp_path / "reports").mkdir()
    real = tmp_path / "reports" / "latest.json"
    real.write_text("old\n")
    link = tmp_path / "latest.json"
    os.symlink(real, link)
    with pytest.raises(FileExists):
        write_text(link, "new\n")
    write_text(link, "new\n", force=True)
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text() == "new\n"
    assert _leftovers(tmp_path) == [] and _leftovers(tmp_path / "reports") == []


def test_the_temporary_file_names_this_process(tmp_path):
    with atomic_write(tmp_path / "r.json") as handle:
        handle.write("{}\n")
        (temporary,) = _leftovers(tmp_path)
    assert temporary.startswith(f".r.json.megaroth-{os.getpid()}-")


def test_a_later_run_removes_the_temporaries_of_a_process_that_is_gone(tmp_path):
    import subprocess
    import sys

    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = int(gone.stdout)  # exited and reaped: no process has this pid now (unless reused, then it is kept)
    stale = tmp_path / f".r.json.megaroth-{dead_pid}-abc123.tmp"
    mine = tmp_path / f".r.json.megaroth-{os.getpid()}-keepme.tmp"  # this process: still writing
    other_target = tmp_path / f".other.json.megaroth-{dead_pid}-abc123.tmp"  # another file's: not ours to judge
    unknown = tmp_path / ".r.json.k3j4h5.tmp"  # not named as megaroth names them
    for path in (stale, mine, other_target, unknown):
        path.write_text("partial")
    write_text(tmp_path / "r.json", "{}\n")
    assert sorted(os.listdir(tmp_path)) == sorted(["r.json", mine.name, other_target.name, unknown.name])
