"""The built wheel is one import package, megaroth, with its data; the installed command works from any directory.

Builds a wheel from a copy of the sources (so the checkout gets no build/ or
egg-info), installs it with its dependencies into a fresh venv, and runs
`megaroth` from an unrelated folder.  Slow (it builds and installs), but part of
`make test`: a wheel that forgets its data files would otherwise ship.
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

import pytest

from megaroth import __version__
from megaroth.engine.reading.resources import rules_dir, schemas_dir
from plan_overlay import REPO, SAMPLES
from wheel_support import install_into_new_venv, run

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def installed(tmp_path_factory, megaroth_wheel: Path) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("packaging")
    # The test venv's own interpreter; durable-rules comes from pip's wheel cache when
    # `make test` built it already.
    bin_dir = install_into_new_venv(sys.executable, root / "venv", megaroth_wheel)
    elsewhere = root / "elsewhere"
    elsewhere.mkdir()
    return {"wheel": megaroth_wheel, "python": bin_dir / "python", "megaroth": bin_dir / "megaroth", "cwd": elsewhere}


def test_the_wheel_installs_one_import_package_and_nothing_beside_it(installed):
    names = zipfile.ZipFile(installed["wheel"]).namelist()
    outside = [name for name in names if name.split("/")[0] not in ("megaroth", f"megaroth-{__version__}.dist-info")]
    assert outside == []
    # The dist-info says so too: pip and importlib.metadata read top_level.txt where it exists.
    top_level = [name for name in names if name.endswith("top_level.txt")]
    for name in top_level:
        assert zipfile.ZipFile(installed["wheel"]).read(name).decode().split() == ["megaroth"]


def test_the_wheel_carries_every_engine_module_the_rules_and_the_schemas(installed):
    names = set(zipfile.ZipFile(installed["wheel"]).namelist())
    for path in rules_dir().glob("*.yaml"):
        assert f"megaroth/rules/{path.name}" in names
    for path in schemas_dir().glob("*.json"):
        assert f"megaroth/schemas/{path.name}" in names
    # A stage subpackage left out of pyproject's package list would be missing here.
    for path in (REPO / "engine").rglob("*.py"):
        if "__pycache__" not in path.parts:
            assert f"megaroth/{path.relative_to(REPO).as_posix()}" in names
    assert {"megaroth/__init__.py", "megaroth/__main__.py", "megaroth/cli.py"} <= names
    for path in (REPO / "engine" / "report" / "templates").glob("*.html"):  # megaroth report's templates
        assert f"megaroth/engine/report/templates/{path.name}" in names


def test_the_installed_package_is_the_one_running(installed):
    done = run([str(installed["python"]), "-c", "import megaroth; print(megaroth.__file__)"], installed["cwd"])
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().startswith(str(installed["python"].parent.parent))
    for name in ("engine", "cli"):  # the names the wheel once put at the top of site-packages
        absent = run([str(installed["python"]), "-c", f"import {name}"], installed["cwd"])
        assert absent.returncode == 1 and f"No module named '{name}'" in absent.stderr


def test_python_dash_m_megaroth_is_the_megaroth_command(installed):
    sample = str(SAMPLES / "roth-401k-only.yaml")
    command = run([str(installed["megaroth"]), "check", "--today", "2026-11-28", sample], installed["cwd"])
    module = run([str(installed["python"]), "-m", "megaroth", "check", "--today", "2026-11-28", sample], installed["cwd"])
    assert (module.returncode, module.stdout, module.stderr) == (command.returncode, command.stdout, command.stderr)
    assert module.returncode == 1
    usage = run([str(installed["python"]), "-m", "megaroth", "--help"], installed["cwd"])
    assert usage.returncode == 0 and usage.stdout.startswith("Usage: megaroth [OPTIONS] COMMAND [ARGS]...")


def test_installed_megaroth_checks_a_sample_from_another_folder(installed):
    sample = SAMPLES / "bigtech-nightly-conversion.yaml"
    done = run([str(installed["megaroth"]), "check", "--today", "2026-11-28", str(sample)], installed["cwd"])
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[-5] == f"{sample}: eligible (2 info)"  # then the run's two tax notes, once
    assert lines[-1] == "Checked 1 file: 1 eligible. Findings: 0 errors, 0 warnings, 2 info."


def test_installed_megaroth_exit_codes_and_data_commands(installed):
    not_eligible = SAMPLES / "roth-401k-only.yaml"
    done = run([str(installed["megaroth"]), "check", str(not_eligible)], installed["cwd"])
    assert done.returncode == 1
    assert done.stdout.splitlines()[-2] == f"{not_eligible}: not eligible (1 error, 1 warning)"
    for args in (["rules", "MBR204"], ["schema"], ["schema", "--report"], ["rules", "--base"]):
        ran = run([str(installed["megaroth"]), *args], installed["cwd"])
        assert ran.returncode == 0, (args, ran.stderr)
        assert ran.stdout


def test_installed_megaroth_writes_a_report_from_another_folder(installed):
    sample = SAMPLES / "participants-2025.yaml"
    output = installed["cwd"] / "report.html"
    done = run([str(installed["megaroth"]), "report", str(sample), "-o", str(output)], installed["cwd"])
    assert done.returncode == 0, done.stderr
    assert done.stderr == f"megaroth: wrote {output} (report)\n"
    assert "Quillfeather Software 401(k) Plan supports the Mega Backdoor Roth for 2025" in output.read_text(encoding="utf-8")
