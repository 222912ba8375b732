"""The built wheel ships rules/ and schemas/, and the installed command works from any directory.

Builds a wheel from a copy of the sources (so the checkout gets no build/ or
egg-info), installs it with its dependencies into a fresh venv, and runs
`megaroth` from an unrelated folder.  Slow (it builds and installs), but part of
`make test`: a wheel that forgets its data files would otherwise ship.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from engine.resources import rules_dir, schemas_dir
from plan_overlay import REPO, SAMPLES

pytestmark = pytest.mark.slow

SOURCES = ("pyproject.toml", "README.md", "LICENSE", "cli.py", "engine", "rules", "schemas")


def _run(args: list[str], cwd: Path, timeout: int = 600) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env["NO_COLOR"] = "1"
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("packaging")
    source = root / "src"
    source.mkdir()
    for name in SOURCES:
        path = REPO / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        elif path.exists():
            shutil.copy2(path, source / name)
    built = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(root / "dist"), str(source)], root)
    assert built.returncode == 0, built.stderr
    (wheel,) = (root / "dist").glob("megaroth-*.whl")
    venv = root / "venv"
    made = _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], root)
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    # The test venv's pip installs into the fresh venv: the wheel and its declared dependencies
    # (durable-rules comes from pip's wheel cache when `make test` built it already).
    done = _run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", str(wheel)], root)
    assert done.returncode == 0, done.stderr
    elsewhere = root / "elsewhere"
    elsewhere.mkdir()
    return {"wheel": wheel, "python": python, "megaroth": venv / "bin" / "megaroth", "cwd": elsewhere}


def test_the_wheel_carries_the_rules_and_schemas(installed):
    names = set(zipfile.ZipFile(installed["wheel"]).namelist())
    for path in rules_dir().glob("*.yaml"):
        assert f"engine/rules/{path.name}" in names
    for path in schemas_dir().glob("*.json"):
        assert f"engine/schemas/{path.name}" in names
    assert {"cli.py", "engine/rules_engine.py", "engine/schemas/report.schema.json"} <= names


def test_the_installed_package_is_the_one_running(installed):
    done = _run([str(installed["python"]), "-c", "import engine; print(engine.__file__)"], installed["cwd"])
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().startswith(str(installed["python"].parent.parent))


def test_installed_megaroth_checks_a_sample_from_another_folder(installed):
    sample = SAMPLES / "bigtech-nightly-conversion.yaml"
    done = _run([str(installed["megaroth"]), "check", "--today", "2026-11-28", str(sample)], installed["cwd"])
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[-2] == f"{sample}: eligible (2 info)"
    assert lines[-1] == "Checked 1 file: 1 eligible. Findings: 0 errors, 0 warnings, 2 info."


def test_installed_megaroth_exit_codes_and_data_commands(installed):
    not_eligible = SAMPLES / "roth-401k-only.yaml"
    done = _run([str(installed["megaroth"]), "check", str(not_eligible)], installed["cwd"])
    assert done.returncode == 1
    assert done.stdout.splitlines()[-2] == f"{not_eligible}: not eligible (1 error, 1 warning)"
    for args in (["rules", "MBR204"], ["schema"], ["schema", "--report"], ["rules", "--base"]):
        ran = _run([str(installed["megaroth"]), *args], installed["cwd"])
        assert ran.returncode == 0, (args, ran.stderr)
        assert ran.stdout
