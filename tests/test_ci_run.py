""".ci/run installs Chromium only where it is missing, goes on where it cannot, and always runs `make test`.

The script runs in a scratch copy against stand-ins for id, apt-get, sudo and make that log their calls,
so nothing is installed and the real suite is not run again.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from plan_overlay import REPO

pytestmark = pytest.mark.slow  # runs a shell script in subprocesses


def run_ci(tmp_path: Path, *, uid: int = 0, apt_get: str | None = "exit 0", sudo: str | None = None,
           chromium_present: bool = False, make: str = "exit 0") -> tuple[subprocess.CompletedProcess[str], list[str]]:
    (tmp_path / ".ci").mkdir()
    shutil.copy(REPO / ".ci" / "run", tmp_path / ".ci" / "run")
    stubs = tmp_path / "stubs"
    stubs.mkdir()
    log = tmp_path / "calls.log"
    for tool in ("dirname", "env"):
        os.symlink(shutil.which(tool), stubs / tool)

    def stub(name: str, body: str) -> None:
        path = stubs / name
        path.write_text(f'#!/bin/sh\necho "{name} $*" >> "{log}"\n{body}\n')
        path.chmod(0o755)

    stub("id", f"echo {uid}")
    stub("make", make)
    if apt_get is not None:
        stub("apt-get", apt_get)
    if sudo is not None:
        stub("sudo", sudo)
    chromium = tmp_path / "chromium"
    if chromium_present:
        chromium.write_text("#!/bin/sh\n")
        chromium.chmod(0o755)
    done = subprocess.run(
        ["/bin/bash", str(tmp_path / ".ci" / "run")], capture_output=True, text=True,
        env={"PATH": str(stubs), "MEGAROTH_CI_CHROMIUM": str(chromium)},
    )
    calls = log.read_text().splitlines() if log.exists() else []
    return done, [call for call in calls if not call.startswith("id ")]


def test_chromium_present_means_no_install(tmp_path: Path):
    done, calls = run_ci(tmp_path, chromium_present=True)
    assert done.returncode == 0
    assert calls == ["make test"]


def test_as_root_it_installs_with_apt_get_then_tests(tmp_path: Path):
    done, calls = run_ci(tmp_path)
    assert done.returncode == 0, done.stderr
    assert calls == [
        "apt-get update -qq",
        "apt-get install -y -qq chromium chromium-driver",
        "make test",
    ]


def test_without_root_it_uses_password_less_sudo(tmp_path: Path):
    # The stand-in sudo logs its call, then runs the command (so apt-get logs too).
    done, calls = run_ci(tmp_path, uid=1000, sudo='[ "$1" = -n ] && shift; [ "$1" = true ] || exec "$@"')
    assert done.returncode == 0, done.stderr
    assert calls == [
        "sudo -n true",
        "sudo -n apt-get update -qq",
        "apt-get update -qq",
        "sudo -n env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver",
        "apt-get install -y -qq chromium chromium-driver",
        "make test",
    ]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"uid": 1000}, ".ci/run: Chromium is missing and installing it needs root: the browser tests will skip"),
        ({"apt_get": None}, ".ci/run: Chromium is missing and there is no apt-get: the browser tests will skip"),
        ({"apt_get": "exit 100"}, ".ci/run: apt-get could not install Chromium: the browser tests will skip"),
    ],
)
def test_where_chromium_cannot_be_installed_it_says_so_and_still_tests(tmp_path: Path, options, message: str):
    done, calls = run_ci(tmp_path, **options)
    assert done.returncode == 0
    assert done.stderr.splitlines() == [message]
    assert calls[-1] == "make test"


def test_a_failing_suite_fails_the_run(tmp_path: Path):
    done, calls = run_ci(tmp_path, chromium_present=True, make="exit 2")
    assert calls == ["make test"]
    assert done.returncode == 2
