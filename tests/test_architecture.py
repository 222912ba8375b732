"""The pipeline's stages, held by import-linter: a lower stage never imports a higher one.

The contracts live in pyproject.toml ([tool.importlinter]); `lint-imports`
reads them there.  The second test lays a copy of the package out with one
upward import added, so a contract that checks nothing would fail it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from plan_overlay import REPO
from wheel_support import copy_sources, run

LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
CONTRACTS = ["The command line sits on top of the engine", "Engine stages import only the stages before them"]


def _lint(cwd: Path, **env: str) -> subprocess.CompletedProcess:
    return run([str(LINT_IMPORTS), "--no-cache"], cwd, timeout=300, **env)


def test_every_stage_imports_only_the_stages_below_it():
    done = _lint(REPO)
    assert done.returncode == 0, done.stdout + done.stderr
    for name in CONTRACTS:
        assert f"{name} KEPT" in done.stdout
    assert "Contracts: 2 kept, 0 broken." in done.stdout


def test_an_upward_import_breaks_the_contract(tmp_path):
    package = copy_sources(tmp_path / "site" / "megaroth", ("__init__.py", "__main__.py", "cli.py", "engine"))
    loader = package / "engine" / "reading" / "loader.py"
    loader.write_text(loader.read_text(encoding="utf-8") + "\nfrom megaroth.engine.running import runner  # noqa\n")
    copy_sources(tmp_path, ("pyproject.toml",))
    done = _lint(tmp_path, PYTHONPATH=str(tmp_path / "site"))
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Engine stages import only the stages before them BROKEN" in done.stdout
    assert "megaroth.engine.reading.loader -> megaroth.engine.running.runner" in done.stdout
    assert "Contracts: 1 kept, 1 broken." in done.stdout


def test_the_architecture_page_names_every_module_in_its_stage_row():
    rows = {}
    for line in (REPO / "docs" / "architecture.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("| `engine/"):
            stage, holds = line.split("|")[1:3]
            rows[stage.strip().strip("`")] = holds
    stages = sorted(path for path in (REPO / "engine").iterdir() if (path / "__init__.py").is_file())
    assert sorted(rows) == [f"engine/{path.name}/" for path in stages]
    for stage in stages:
        for child in sorted(stage.iterdir()):
            name = child.stem if child.suffix == ".py" else child.name + "/"
            if name != "__init__" and (child.suffix == ".py" or (child / "__init__.py").is_file()):
                assert f"`{name}`" in rows[f"engine/{stage.name}/"], f"docs/architecture.md: {stage.name} row lacks {name}"
