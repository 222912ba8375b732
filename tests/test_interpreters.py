"""The wheel installs and runs on every supported Python found on the machine.

For each of 3.10-3.13 this finds an interpreter (pyenv's versions, then
pythonX.Y on PATH), installs the wheel with its dependencies into a venv of its
own the way the README says (on 3.13 with the CPPFLAGS durable-rules needs), and
runs `megaroth check` from another folder and durable-rules on its own.  A
version absent from the machine is skipped; none present at all is a failure.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from plan_overlay import SAMPLES
from wheel_support import DURABLE_RULES_CPPFLAGS, install_into_new_venv, run

pytestmark = pytest.mark.slow

SUPPORTED = ("3.10", "3.11", "3.12", "3.13")

# Prints "X.Y"; runs on any Python.
PROBE = "import sys; sys.stdout.write('%d.%d' % sys.version_info[:2])"

# A ruleset, a fact asserted into it, and what its action saw.
DURABLE_PROBE = """
import json, sys
from durable.lang import assert_fact, m, ruleset, when_all
seen = []
with ruleset("probe"):
    @when_all(m.amount > 100)
    def big(c):
        seen.append(c.m.amount)
assert_fact("probe", {"amount": 250})
print("%d.%d" % sys.version_info[:2], json.dumps(seen))
"""


def _candidates() -> list[str]:
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    found = [str(path) for path in sorted(pyenv.glob("3.1[0-3]*/bin/python3"))]
    for folder in os.environ.get("PATH", "").split(os.pathsep):
        found += [str(Path(folder) / f"python{version}") for version in SUPPORTED]
    # One probe per file: /bin/python3.11 and /usr/bin/python3.11 are often the same one.
    unique: dict[str, str] = {}
    for path in found:
        if os.access(path, os.X_OK) and not os.path.isdir(path):
            unique.setdefault(os.path.realpath(path), path)
    return list(unique.values())


def find_interpreters() -> dict[str, str]:
    """The first working interpreter found for each supported version, by version.

    Candidates are run, not trusted by name: a pyenv shim for a version pyenv has
    not selected exits non-zero, and the version is the one the interpreter reports.
    Names for one interpreter (a shim and its target) count once, since the first
    found for a version is the one kept.
    """
    found: dict[str, str] = {}
    for path in _candidates():
        try:
            probe = subprocess.run([path, "-c", PROBE], capture_output=True, text=True, timeout=60)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if probe.returncode != 0 or not probe.stdout:
            continue
        version = probe.stdout.split()[0]
        if version in SUPPORTED:
            found.setdefault(version, path)
    return found


@pytest.fixture(scope="module")
def interpreters() -> dict[str, str]:
    return find_interpreters()


def test_at_least_one_supported_interpreter_is_present(interpreters):
    assert interpreters, f"none of Python {', '.join(SUPPORTED)} found under pyenv or on PATH"
    assert set(interpreters) <= set(SUPPORTED)


@pytest.fixture(scope="module", params=SUPPORTED, ids=[f"py{version}" for version in SUPPORTED])
def installed(request, interpreters, megaroth_wheel, tmp_path_factory) -> dict[str, Path]:
    version = request.param
    if version not in interpreters:
        pytest.skip(f"Python {version} is not on this machine")
    root = tmp_path_factory.mktemp(f"py{version}")
    # What the README tells users: the flag on 3.13 only, so 3.10-3.12 prove they need none.
    env = {"CPPFLAGS": DURABLE_RULES_CPPFLAGS} if version == "3.13" else {}
    bin_dir = install_into_new_venv(interpreters[version], root / "venv", megaroth_wheel, **env)
    elsewhere = root / "elsewhere"
    elsewhere.mkdir()
    return {"version": version, "bin": bin_dir, "cwd": elsewhere}


def test_installed_megaroth_checks_a_sample(installed):
    sample = SAMPLES / "bigtech-nightly-conversion.yaml"
    done = run([str(installed["bin"] / "megaroth"), "check", "--today", "2026-11-28", str(sample)], installed["cwd"])
    assert (done.returncode, done.stderr) == (0, "")
    lines = done.stdout.splitlines()
    # The verdict line, the run's two tax notes (MBR401, MBR402) once, then the summary.
    assert [lines[-5], lines[-4], lines[-1]] == [
        f"{sample}: eligible (2 info)",
        "Notes, the same in every file they apply to:",
        "Checked 1 file: 1 eligible. Findings: 0 errors, 0 warnings, 2 info.",
    ]


def test_durable_rules_runs_an_action(installed):
    done = run([str(installed["bin"] / "python"), "-c", DURABLE_PROBE], installed["cwd"])
    # A durable-rules wheel pip cached from a 3.13 build without CPPFLAGS fails here with
    # "undefined symbol: PyEval_CallObject": `pip cache remove durable_rules` clears it.
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"{installed['version']} [250]\n"


def test_find_interpreters_runs_each_candidate_and_counts_an_interpreter_once(tmp_path, monkeypatch):
    version = "%d.%d" % sys.version_info[:2]
    other = next(name for name in SUPPORTED if name != version)
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    # A stand-in for a pyenv shim of a version pyenv has not selected: on PATH, but exits 127.
    shim = first / f"python{other}"
    shim.write_text(f"#!/bin/sh\necho 'pyenv: python{other}: command not found' >&2\nexit 127\n")
    shim.chmod(0o755)
    # This interpreter under its own version's name in two PATH folders: one interpreter.
    for folder in (first, second):
        (folder / f"python{version}").symlink_to(sys.executable)
    monkeypatch.setenv("PATH", f"{first}{os.pathsep}{second}")
    monkeypatch.setenv("PYENV_ROOT", str(tmp_path / "no-pyenv"))
    assert find_interpreters() == {version: str(first / f"python{version}")}
