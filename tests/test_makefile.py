"""The Makefile refuses an unsupported Python and never leaves a .venv a later make would reuse.

Each test runs make in a copy of the Makefile (and what it reads) under tmp_path,
so the checkout's own .venv is never touched.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from plan_overlay import REPO
from wheel_support import SOURCES, copy_sources, run

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")

REFUSED = re.compile(
    r"Makefile:\d+: \*\*\* megaroth needs Python 3\.10, 3\.11, 3\.12 or 3\.13, but PYTHON=(?P<python>\S+) is "
    r"(?P<what>Python [\d.]+|not a Python that runs); set PYTHON to one of those, e\.g\. make run PYTHON=python3\.13\.  Stop\."
)

# The interpreter behind this test run, as the Makefile's identity line names it.
THIS_PYTHON = os.path.realpath(sys.executable)
THIS_IDENTITY = "%d.%d %d.%d.%d %s" % (*sys.version_info[:2], *sys.version_info[:3], THIS_PYTHON)


def _old_python() -> tuple[str, str] | None:
    """An interpreter older than 3.10 on this machine (pyenv keeps some), and its version."""
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    for path in sorted(pyenv.glob("[23].*/bin/python"), reverse=True):
        probe = subprocess.run([str(path), "-c", "import sys; sys.stdout.write('%d.%d.%d' % sys.version_info[:3])"], capture_output=True, text=True)
        version = probe.stdout
        if probe.returncode == 0 and tuple(int(part) for part in version.split(".")[:2]) < (3, 10):
            return str(path), version
    return None


def _make(folder: Path, *args: str, python: str = THIS_PYTHON) -> subprocess.CompletedProcess:
    return run(["make", "--no-print-directory", *args, f"PYTHON={python}"], folder)


def _makefile_copy(folder: Path) -> Path:
    folder.mkdir()
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy2(REPO / name, folder / name)
    return folder


@pytest.mark.parametrize("target", ["run", "test", "bench"])
def test_an_older_python_gets_one_line_and_nothing_is_made(tmp_path, target):
    old = _old_python()
    if old is None:
        pytest.skip("no Python older than 3.10 on this machine")
    python, version = old
    folder = _makefile_copy(tmp_path / "copy")
    done = _make(folder, target, python=python)
    assert done.returncode == 2
    assert done.stdout == ""
    (line,) = done.stderr.splitlines()
    refused = REFUSED.fullmatch(line)
    assert refused, line
    assert (refused["python"], refused["what"]) == (python, f"Python {version}")
    assert sorted(os.listdir(folder)) == ["Makefile", "pyproject.toml"]


def test_a_python_that_does_not_run_gets_the_same_line(tmp_path):
    folder = _makefile_copy(tmp_path / "copy")
    missing = str(tmp_path / "no-such-python")
    done = _make(folder, "run", python=missing)
    assert done.returncode == 2
    refused = REFUSED.fullmatch(done.stderr.strip())
    assert refused, done.stderr
    assert (refused["python"], refused["what"]) == (missing, "not a Python that runs")
    assert sorted(os.listdir(folder)) == ["Makefile", "pyproject.toml"]


def test_a_refused_python_leaves_an_existing_venv_as_it_was(tmp_path):
    folder = _makefile_copy(tmp_path / "copy")
    (folder / ".venv").mkdir()
    (folder / ".venv" / ".made-by").write_text(THIS_IDENTITY + "\n")
    done = _make(folder, "test", python=str(tmp_path / "no-such-python"))
    assert done.returncode == 2
    assert os.listdir(folder / ".venv") == [".made-by"]
    assert (folder / ".venv" / ".made-by").read_text() == THIS_IDENTITY + "\n"


def test_make_clean_works_whatever_python_is(tmp_path):
    folder = _makefile_copy(tmp_path / "copy")
    (folder / ".venv").mkdir()
    (folder / "dist").mkdir()
    done = _make(folder, "clean", python=str(tmp_path / "no-such-python"))
    assert done.returncode == 0, done.stderr
    assert sorted(os.listdir(folder)) == ["Makefile", "pyproject.toml"]


@pytest.mark.slow
def test_a_venv_made_by_another_python_is_made_again(tmp_path):
    # A venv with no .made-by at all (a build stopped half way) takes the same path.
    folder = _makefile_copy(tmp_path / "copy")
    venv = folder / ".venv"
    venv.mkdir()
    (venv / "left-over").write_text("")
    (venv / ".made-by").write_text("3.13 3.13.0 /root/.pyenv/versions/3.13.0/bin/python3.13\n")
    made = _make(folder, ".venv/.made-by")
    assert made.returncode == 0, made.stderr
    assert not (venv / "left-over").exists()
    assert (venv / ".made-by").read_text() == THIS_IDENTITY + "\n"
    assert (venv / "bin" / "python").exists()
    # Made by this Python, it is kept: a second make does not make it again.
    (venv / "kept").write_text("")
    again = _make(folder, ".venv/.made-by")
    assert again.returncode == 0, again.stderr
    assert (venv / "kept").exists()


@pytest.mark.slow
def test_a_failed_install_removes_the_venv(tmp_path):
    folder = copy_sources(tmp_path / "copy", (*SOURCES, "Makefile"))
    # A pyproject pip cannot read: the venv is made, then its install fails.
    pyproject = folder / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace("[project]", "[project", 1))
    done = _make(folder, "run")
    assert done.returncode == 2
    assert "Expected ']' at the end of a table declaration" in done.stderr  # pip's TOML error
    assert f"Making .venv with Python {sys.version.split()[0]}" in done.stdout
    assert not (folder / ".venv").exists()


@pytest.mark.slow
def test_an_install_whose_durable_rules_does_not_load_removes_the_venv(tmp_path):
    folder = copy_sources(tmp_path / "copy", (*SOURCES, "Makefile"))
    # pip succeeds, but durable-rules' C core cannot be imported afterwards: the case of a
    # wheel pip cached from a 3.13 build without CPPFLAGS (gcc before 14 only warns).
    # Without dependencies at all, so that the install is quick.
    pyproject = folder / "pyproject.toml"
    text, emptied = re.subn(r"(?ms)^(dependencies|chart) = \[.*?\]$", r"\1 = []", pyproject.read_text())
    assert emptied == 2 and '"durable-rules' not in text
    pyproject.write_text(text)
    done = _make(folder, "run")
    assert done.returncode == 2
    assert "No module named 'durable_rules_engine'" in done.stderr
    assert "durable-rules does not load: if pip reused a wheel built without the fix, run" in done.stderr
    assert not (folder / ".venv").exists()
