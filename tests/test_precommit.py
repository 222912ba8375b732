"""The pre-commit hook, run the way a user's repository runs it: `pre-commit try-repo`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from formats_support import ROOT

pytestmark = pytest.mark.slow

pre_commit = pytest.importorskip("pre_commit", reason="pre-commit is not installed (it is in the test extra)")


def _git(*args: str, cwd) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_hook_checks_the_plan_files_of_a_repository(tmp_path):
    repo = tmp_path / "plans-repo"
    (repo / "plans").mkdir(parents=True)
    shutil.copy(ROOT / "samples" / "bigtech-nightly-conversion.yaml", repo / "plans" / "good.yaml")
    shutil.copy(ROOT / "samples" / "roth-401k-only.yaml", repo / "plans" / "bad.yaml")
    (repo / "pyproject.toml").write_text('[tool.megaroth]\nexclude = ["ci"]\n', encoding="utf-8")
    (repo / "ci").mkdir()
    (repo / "ci" / "workflow.yaml").write_text("on: push\n", encoding="utf-8")  # not a plan: excluded
    _git("init", "-q", cwd=repo)
    _git("add", ".", cwd=repo)
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "NO_COLOR": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "megaroth", "--all-files", "--verbose"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "plans/bad.yaml:17:5: error MBR101" in output
    assert "plans/bad.yaml: not eligible (1 error, 1 warning)" in output
    assert "plans/good.yaml: eligible (2 info)" in output
    assert "ci/workflow.yaml" not in output
    assert "Checked 2 files: 1 not eligible, 1 eligible." in output
