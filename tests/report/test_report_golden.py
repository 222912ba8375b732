"""Golden pages: `megaroth report` on every sample, byte for byte (version and date normalised).

A change to the template or the data shows here as a diff to review; regenerate with
MEGAROTH_UPDATE_GOLDEN=1 (docs/testing.md).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from golden_files import assert_golden
from plan_overlay import REPO
from report_support import normalised, run

SAMPLES = sorted(path.name for path in (REPO / "samples").glob("*.yaml"))


def test_every_sample_is_covered():
    assert len(SAMPLES) == 21


@pytest.mark.parametrize("sample", SAMPLES)
def test_the_sample_report_is_its_golden_page(sample: str, at_repo: Path, tmp_path: Path):
    output = tmp_path / "report.html"
    result = run(f"samples/{sample}", "-o", str(output))
    assert result.exit_code == 0, result.output
    assert result.stderr == f"megaroth: wrote {output} (report)\n"
    assert_golden(f"report/{sample.removesuffix('.yaml')}.html", normalised(output.read_text(encoding="utf-8")))


def test_the_same_inputs_give_the_same_bytes(at_repo: Path, tmp_path: Path):
    first, second = tmp_path / "a.html", tmp_path / "b.html"
    assert run("samples/participants-2025.yaml", "-o", str(first)).exit_code == 0
    assert run("samples/participants-2025.yaml", "-o", str(second)).exit_code == 0
    assert first.read_bytes() == second.read_bytes()
