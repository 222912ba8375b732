"""The projection chart (engine/reporting/chart.py): real PNG and SVG images of the right size, written safely.

matplotlib is the optional extra megaroth[chart]; the test extra installs it,
so these tests run in CI rather than skip.
"""

from __future__ import annotations

import struct
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from megaroth.cli import main
from megaroth.engine.reading.atomic import FileExists, WriteError
from megaroth.engine.reporting.chart import ChartError, render, write_chart
from megaroth.engine.money.limits import limits_for
from megaroth.engine.money.projection import project

PROJECT = ["project", "--amount", "36500", "--years", "30", "--year", "2025", "--start-age", "35"]


def projection():
    limits = limits_for(2025)
    assert limits is not None
    return project(36_500, 30, start_age=35, ira_by_age=limits.ira_for_age)


def test_png_is_a_real_800_by_450_image(tmp_path: Path):
    path = tmp_path / "growth.png"
    write_chart(projection(), str(path), ira_year=2025)
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    assert struct.unpack(">II", data[16:24]) == (800, 450)
    with Image.open(path) as image:
        image.verify()  # raises on a truncated or corrupt file
    with Image.open(path) as image:
        assert image.size == (800, 450)
        assert len(image.getcolors(maxcolors=1_000_000) or ()) > 10  # drawn, not blank


def test_svg_is_576_by_324_points_with_the_three_lines(tmp_path: Path):
    path = tmp_path / "growth.svg"
    write_chart(projection(), str(path), ira_year=2025)
    root = ElementTree.parse(path).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert (root.get("width"), root.get("height"), root.get("viewBox")) == ("576pt", "324pt", "0 0 576 324")
    text = path.read_text(encoding="utf-8")
    assert "Mega Backdoor Roth, 36,500 a year" in text
    assert "Backdoor Roth IRA at the 2025 limit" in text


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_same_projection_same_bytes(suffix: str):
    assert render(projection(), suffix[1:], ira_year=2025) == render(projection(), suffix[1:], ira_year=2025)


def test_an_existing_file_is_never_overwritten_unasked(tmp_path: Path):
    mine = tmp_path / "mine.png"
    mine.write_bytes(b"the user's own file")
    with pytest.raises(FileExists, match="already exists; megaroth does not replace a file without --force"):
        write_chart(projection(), str(mine), ira_year=2025)
    assert mine.read_bytes() == b"the user's own file"
    write_chart(projection(), str(mine), ira_year=2025, force=True)
    assert mine.read_bytes()[:4] == b"\x89PNG"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["mine.png"]  # no temporary file left


@pytest.mark.parametrize(
    ("name", "error", "message"),
    [("growth.pdf", ChartError, "must end in .png or .svg"), ("no/such/dir.png", WriteError, "does not exist")],
)
def test_bad_targets_are_refused(tmp_path: Path, name: str, error: type[Exception], message: str):
    with pytest.raises(error, match=message):
        write_chart(projection(), str(tmp_path / name), ira_year=2025)


def test_cli_draws_the_chart_and_still_prints_the_table(tmp_path: Path):
    target = tmp_path / "growth.svg"
    result = CliRunner().invoke(main, PROJECT + ["--chart", str(target)])
    assert result.exit_code == 0, result.output
    assert "One conversion of 36,500 after 30 years: 36,500 × 1.07^30 = 277,847" in result.stdout
    assert target.read_text(encoding="utf-8").startswith("<?xml")


def test_cli_refuses_an_existing_file_before_any_work(tmp_path: Path):
    mine = tmp_path / "mine.png"
    mine.write_bytes(b"keep")
    result = CliRunner().invoke(main, PROJECT + ["--chart", str(mine)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"megaroth: {mine}: already exists; megaroth does not replace a file without --force\n"
    assert mine.read_bytes() == b"keep"
    replaced = CliRunner().invoke(main, PROJECT + ["--chart", str(mine), "--force"])
    assert replaced.exit_code == 0 and mine.read_bytes()[:4] == b"\x89PNG"


def test_without_matplotlib_chart_says_how_to_install_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # makes `import matplotlib` raise ImportError
    target = tmp_path / "growth.png"
    result = CliRunner().invoke(main, PROJECT + ["--chart", str(target)])
    assert result.exit_code == 2
    assert result.stderr == "megaroth: --chart needs matplotlib, an optional extra: pip install 'megaroth[chart]'\n"
    assert not target.exists()
