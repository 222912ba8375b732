"""The MBR6xx rules' own examples (rules/600-census.yaml): each fail example's census reports its rule, each pass example's does not.

An example is a census whose first line, ``# megaroth acp CENSUS OPTIONS``, is the command
that tests it; CENSUS stands for the rest of the example written to a file. Plan files the
options name are relative to the repository's root.
"""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from megaroth.cli import main
from megaroth.engine.deciding.catalog import catalog

ROOT = Path(__file__).resolve().parents[2]
RULES = [rule for rule in catalog().values() if rule.source == "acp"]


def reported(example: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    command, _, census = example.partition("\n")
    words = shlex.split(command.removeprefix("#"))
    assert words[:3] == ["megaroth", "acp", "CENSUS"], command
    path = tmp_path / "census.csv"
    path.write_text(census, encoding="utf-8")
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(main, ["acp", str(path), *words[3:], "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    return [finding["id"] for finding in json.loads(result.stdout)["findings"]]


def test_the_census_rules_are_mbr601_to_mbr610():
    assert [rule.id for rule in RULES] == [f"MBR6{n:02d}" for n in range(1, 11)]


@pytest.mark.parametrize("rule", RULES, ids=[rule.id for rule in RULES])
def test_fail_example_reports_the_rule(rule, tmp_path, monkeypatch):
    assert rule.id in reported(rule.example_fail, tmp_path, monkeypatch)


@pytest.mark.parametrize("rule", RULES, ids=[rule.id for rule in RULES])
def test_pass_example_does_not(rule, tmp_path, monkeypatch):
    assert rule.id not in reported(rule.example_pass, tmp_path, monkeypatch)


def test_the_census_run_reads_the_same_rules_as_the_catalog():
    # engine/acp/findings.py reads rules/600-census.yaml alone, to spare a census run the whole catalog's validation.
    from megaroth.engine.acp.findings import census_rules

    assert census_rules() == {rule.id: rule for rule in RULES}


def test_a_census_rule_is_explained_as_one_and_implies_no_plan_verdict():
    from megaroth.engine.reporting.rule_docs import explain, rule_json

    rule = catalog()["MBR607"]
    assert rule_json(rule)["verdict"] is None
    text = explain(rule)
    assert "    Fires when `megaroth acp` tests an employer's census (the ACP test and the room table).\n" in text
    assert "Example that fires (a census; its first line is the command that tests it)\n" \
           "    # megaroth acp CENSUS --year 2025\n" in text
    assert "plan's verdict" not in text
