"""engine/reading/limits_file.py: a user's limits file, checked by schemas/limits.schema.json with file:line:col."""

from __future__ import annotations

from pathlib import Path

import pytest

from megaroth.engine.reading.limits_file import LimitsFileError, read_limits_file
from megaroth.engine.reading.loader import load_bytes
from megaroth.engine.reading.resources import rules_dir
from megaroth.engine.reading.validation import LIMITS_SCHEMA, validate

from limits_fixture import LIMITS_2027


def write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "limits.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_the_shipped_table_passes_the_schema_users_files_are_held_to():
    document = load_bytes((rules_dir() / "limits.yaml").read_bytes())
    assert validate(document.data, LIMITS_SCHEMA) == []


def test_a_valid_file_gives_its_years_as_whole_dollars(tmp_path: Path):
    years = read_limits_file(write(tmp_path, LIMITS_2027))
    assert years == {
        2027: {
            "source": "IRS Notice 2026-99 (test figures)",
            "deferral_402g": 25000,
            "catch_up_414v": 8000,
            "annual_additions_415c": 74000,
            "compensation_401a17": 370000,
            "hce_414q": 165000,
            "ira_219b": 7500,
            "ira_catch_up_219b": 1100,
        }
    }


def test_a_year_without_a_source_and_a_figure_with_cents(tmp_path: Path):
    text = LIMITS_2027.replace("    source: IRS Notice 2026-99 (test figures)\n", "").replace("25000", "25000.50")
    path = write(tmp_path, text)
    with pytest.raises(LimitsFileError) as raised:
        read_limits_file(path)
    assert raised.value.lines == [
        # The year's key (line 2, column 3), and the value of the figure (line 3, column 20).
        f"{path}:2:3: year 2027 has no source: name the IRS Notice that published its figures (source: IRS Notice ...)",
        f"{path}:3:20: years.2027.deferral_402g must be a whole-dollar amount (no cents), not 25000.5",
    ]


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("years:\n  2027:\n    source: x\n    deferal_402g: 1\n", "4:5: unknown key 'deferal_402g' in years.2027; did you mean 'deferral_402g'?"),
        ("years:\n  twenty:\n    source: x\n", "2:3: years: not a plan year, 'twenty' (write 2027:)"),
        ("- 2027\n", "1:1: a limits file must be a YAML mapping with a years: key"),
        ("years:\n  2027: {source: x, source: y}\n", "2:21: duplicate key 'source' (first at line 2, again at line 2); YAML keeps only one of them, so remove the other"),
    ],
)
def test_other_problems_point_at_their_line(tmp_path: Path, text: str, line: str):
    path = write(tmp_path, text)
    with pytest.raises(LimitsFileError) as raised:
        read_limits_file(path)
    assert f"{path}:{line}" in raised.value.lines


def test_a_missing_file(tmp_path: Path):
    with pytest.raises(LimitsFileError) as raised:
        read_limits_file(str(tmp_path / "none.yaml"))
    assert raised.value.lines == [f"{tmp_path / 'none.yaml'}: cannot read the limits file: no such file or folder"]
