"""Build megaroth's wheel from a copy of the sources and install it into fresh venvs.

Shared by the tests that install megaroth the way a user does (test_packaging,
test_interpreters) and by the Makefile tests, which need a copy of the sources to
run make in.  Copies keep the checkout free of build/, dist/ and egg-info.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from plan_overlay import REPO

# What the wheel is built from: the packaging, the import package's modules and its data.
SOURCES = ("pyproject.toml", "README.md", "__init__.py", "__main__.py", "cli.py", "engine", "rules", "schemas")

# durable-rules 2.0.28's C core calls PyEval_CallObject, which Python 3.13 removed;
# its setup.py overwrites CFLAGS, but CPPFLAGS reaches the compiler (the Makefile
# passes the same flag).
DURABLE_RULES_CPPFLAGS = "-DPyEval_CallObject=PyObject_CallObject"


def clean_env(**extra: str) -> dict[str, str]:
    """This process's environment without what would point a child at the test venv."""
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env["NO_COLOR"] = "1"
    env.update(extra)
    return env


def run(args: list[str], cwd: Path, timeout: int = 900, **env: str) -> subprocess.CompletedProcess:
    """Run a command with clean_env(), capturing its text output."""
    return subprocess.run(args, cwd=cwd, env=clean_env(**env), capture_output=True, text=True, timeout=timeout)


def copy_sources(dest: Path, names: tuple[str, ...] = SOURCES) -> Path:
    """Copy the named files and folders of the checkout into dest (made if missing)."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in names:
        path = REPO / name
        if path.is_dir():
            shutil.copytree(path, dest / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        elif path.exists():
            shutil.copy2(path, dest / name)
    return dest


def build_wheel(root: Path) -> Path:
    """megaroth's wheel, built without its dependencies from a copy of the sources under root."""
    source = copy_sources(root / "src")
    built = run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(root / "dist"), str(source)], root)
    assert built.returncode == 0, built.stderr
    (wheel,) = (root / "dist").glob("megaroth-*.whl")
    return wheel


def install_into_new_venv(python: str, venv: Path, wheel: Path, **env: str) -> Path:
    """A venv made by python with the wheel and its dependencies installed; returns its bin/.

    The venv gets no pip of its own: the test venv's pip installs into it (`pip
    --python`), and pip's cache makes a dependency built once (durable-rules has
    no wheels on PyPI) a copy the next time.
    """
    made = run([python, "-m", "venv", "--without-pip", str(venv)], venv.parent)
    assert made.returncode == 0, made.stderr
    bin_dir = venv / "bin"
    done = run([sys.executable, "-m", "pip", "--python", str(bin_dir / "python"), "install", "--quiet", str(wheel)], venv.parent, **env)
    assert done.returncode == 0, done.stderr
    return bin_dir
