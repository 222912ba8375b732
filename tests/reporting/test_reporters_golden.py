"""Golden files: every format over the samples, a waiver plan and an invalid plan, byte for byte.

Regenerate after an intended change with MEGAROTH_UPDATE_GOLDEN=1 and review the diff.
"""

from __future__ import annotations

import os

import pytest

from formats_support import GOLDEN_PATHS, ROOT, TODAY, run_cli

GOLDEN = ROOT / "tests" / "golden"
SUFFIX = {"text": "txt", "json": "json", "sarif": "sarif", "junit": "xml", "github": "txt"}


@pytest.mark.parametrize("fmt", sorted(SUFFIX))
def test_format_matches_its_golden_file(fmt, monkeypatch):
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("NO_COLOR", raising=False)
    result = run_cli(["check", *GOLDEN_PATHS, "--today", TODAY, "--format", fmt, "--fail-on", "warning"])
    assert result.exit_code == 2  # tests/plans/invalid.yaml
    golden = GOLDEN / f"check.{fmt}.{SUFFIX[fmt]}"
    if os.environ.get("MEGAROTH_UPDATE_GOLDEN"):
        golden.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", sorted(SUFFIX))
def test_output_file_holds_exactly_what_stdout_would(fmt, monkeypatch, tmp_path):
    monkeypatch.chdir(ROOT)
    target = tmp_path / f"report.{SUFFIX[fmt]}"
    result = run_cli(["check", *GOLDEN_PATHS, "--today", TODAY, "-f", fmt, "-o", str(target), "--fail-on", "warning"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert target.read_text(encoding="utf-8") == (GOLDEN / f"check.{fmt}.{SUFFIX[fmt]}").read_text(encoding="utf-8")
