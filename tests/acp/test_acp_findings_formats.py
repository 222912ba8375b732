"""The census findings in every format: json ids, SARIF results, JUnit test cases and GitHub annotations at
CENSUS:row:col; and the match computed from the plan's formula when the census has no match column."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from megaroth.cli import main

SAMPLES = Path(__file__).resolve().parents[2] / "samples"

# 2026 (Notice 2025-67), --match exclude: H 20,000 / 100,000 = 20.00; N 0 / 50,000 = 0.00. NHCE ACP 0.00 (MBR605),
# limit max(1.25 × 0, min(0 + 2, 2 × 0)) = 0.00: fails (MBR601). Level L = 0.00: H's excess is all 20,000.00, and
# dollar leveling refunds it to H, after-tax first (MBR602 at row 2, after_tax = column 3); 10% excise 2,000.00.
# QNEC p: need max(1.25p, min(p + 2, 2p)) >= 20: 1.25 × 16.00 = 20.00 passes; at 15.99, 19.98 and 17.99 do not:
# 16.00%, above 5% (MBR606). Refund date for the 2026 plan year: March 15, 2027 (§4979(f)(1)).
CENSUS = "id,compensation,after_tax,hce\nH,100000,20000,true\nN,50000,0,false\n"
MBR601 = ("the ACP test fails: the HCE ACP 20.00% is over the limit 0.00% (NHCE ACP 0.00%); refund 20,000.00 of "
          "excess aggregate contributions with earnings by March 15, 2027, or the employer owes the 10% excise tax (§4979)")
MBR602 = "refund 20,000.00 to H (after-tax 20,000.00, match 0.00) with earnings by March 15, 2027"
MBR605 = ("no eligible NHCE has after-tax money or a match taken into account: the NHCE ACP is 0.00%, so the limit "
          "is 0.00% and any HCE after-tax dollar fails the test")
MBR606 = ("the QNEC or QMAC that passes instead is 16.00% of pay, above 5%: the part of a QNEC above the greater of "
          "5% and twice the plan's representative contribution rate does not count in the test")


@pytest.fixture
def run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)

    def invoke(fmt: str, text: str = CENSUS, *options: str):
        Path("census.csv").write_text(text, encoding="utf-8")
        return CliRunner().invoke(main, ["acp", "census.csv", "--year", "2026", "--match", "exclude",
                                         "--format", fmt, *options])
    return invoke


def test_json_findings_have_ids_rows_and_columns(run):
    result = run("json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["findings"] == [
        {"id": "MBR601", "severity": "error", "message": MBR601, "row": None, "column": None},
        {"id": "MBR605", "severity": "warning", "message": MBR605, "row": None, "column": None},
        {"id": "MBR606", "severity": "warning", "message": MBR606, "row": None, "column": None},
        {"id": "MBR602", "severity": "warning", "message": MBR602, "row": 2, "column": 3},
    ]


def test_text_lists_the_findings_its_body_does_not_show(run):
    # MBR601 is the "result: FAILS" line, MBR602 the refund table, MBR606 the QNEC's own note: MBR605 is listed.
    result = run("text")
    assert f"  warning MBR605: {MBR605}\n" in result.stdout
    assert "MBR601" not in result.stdout and "MBR602" not in result.stdout


def test_sarif_results_point_at_the_census_cell(run):
    result = run("sarif")
    assert result.exit_code == 1
    (log_run,) = json.loads(result.stdout)["runs"]
    assert [rule["id"] for rule in log_run["tool"]["driver"]["rules"]] == [f"MBR6{n:02d}" for n in range(1, 11)]
    assert [(r["ruleId"], r["level"], r["ruleIndex"]) for r in log_run["results"]] == [
        ("MBR601", "error", 0), ("MBR605", "warning", 4), ("MBR606", "warning", 5), ("MBR602", "warning", 1)]
    refund = log_run["results"][3]
    assert refund["message"]["text"] == MBR602
    assert refund["locations"] == [{"physicalLocation": {"artifactLocation": {"uri": "census.csv"},
                                                         "region": {"startLine": 2, "startColumn": 3}}}]
    assert log_run["results"][0]["locations"] == [{"physicalLocation": {"artifactLocation": {"uri": "census.csv"}}}]


def test_junit_has_a_case_per_rule_and_fails_on_errors(run):
    result = run("junit")
    assert result.exit_code == 1
    root = ET.fromstring(result.stdout)
    (suite,) = root
    assert (suite.get("name"), suite.get("tests"), suite.get("failures")) == ("ACP test census.csv", "10", "1")
    properties = {p.get("name"): p.get("value") for p in suite.find("properties")}
    assert properties == {"year": "2026", "passed": "false", "hce_acp": "20.00", "nhce_acp": "0.00", "limit": "0.00"}
    cases = {case.get("name").split()[0]: case for case in suite.findall("testcase")}
    assert cases["MBR601"].find("failure").get("message") == MBR601
    assert cases["MBR602"].get("line") == "2"
    assert cases["MBR602"].find("system-out").text == f"census.csv:2:3: warning MBR602 {MBR602}"
    assert list(cases["MBR607"]) == []  # checked, nothing found: a passing case


def test_github_annotations_then_the_inert_text_report(run):
    result = run("github")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()

    def escaped(message: str) -> str:  # % is %25 in a workflow command's message, as the runner unescapes it
        return message.replace("%", "%25")

    assert lines[:4] == [
        f"::error file=census.csv,title=MBR601::{escaped(MBR601)}",
        f"::warning file=census.csv,title=MBR605::{escaped(MBR605)}",
        f"::warning file=census.csv,title=MBR606::{escaped(MBR606)}",
        f"::warning file=census.csv,line=2,col=3,title=MBR602::{escaped(MBR602)}",
    ]
    assert lines[4].startswith("::stop-commands::megaroth-")
    assert lines[5] == "ACP test (§401(m)), plan year 2026: current-year method, after-tax alone, match excluded"
    assert lines[-1] == "::" + lines[4].removeprefix("::stop-commands::") + "::"


def test_a_census_that_passes_has_no_sarif_results_and_exits_0(run):
    result = run("sarif", "id,compensation,after_tax,hce\nH,100000,2000,true\nN,50000,2000,false\n")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["runs"][0]["results"] == []


def _plan(tmp_path: Path) -> str:
    # The safe-harbor sample (plan year 2026) with its match changed to 50% of deferrals up to 6% of pay, at most 5,000.
    text = (SAMPLES / "safe-harbor-acp-unknown.yaml").read_text(encoding="utf-8")
    text = text.replace("      - {rate: 100, up_to: 4}\n", "      - {rate: 50, up_to: 6}\n    max: 5000\n")
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_the_match_is_computed_from_the_plan_formula_without_a_match_column(tmp_path, monkeypatch):
    # 2026 §401(a)(17) cap 360,000 (Notice 2025-67). H: pay 400,000 -> 360,000; 6% of it is 21,600, deferrals
    # 24,500 -> 50% of 21,600 = 10,800, capped at 5,000.00. N: pay 50,000, 6% = 3,000 > 1,234.57 deferred:
    # 50% = 617.285, half up 617.29. M: nothing deferred: 0.00.
    # ACRs: H (10,000 + 5,000) / 360,000 = 4.1666.. -> 4.17; N 617.29 / 50,000 = 1.23458 -> 1.23; M 0.00.
    monkeypatch.chdir(tmp_path)
    Path("census.csv").write_text("id,compensation,deferrals,after_tax,hce\nH,400000,24500,10000,true\n"
                                  "N,50000,1234.57,0,false\nM,60000,0,0,false\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["acp", "census.csv", "--plan", _plan(tmp_path), "--format", "json"])
    data = json.loads(result.stdout)
    assert data["match_source"] == "plan"
    assert [(e["id"], e["match"], e["acr"]) for e in data["employees"]] == [
        ("H", 5000.0, 4.17), ("N", 617.29, 1.23), ("M", 0.0, 0.0)]
    text = CliRunner().invoke(main, ["acp", "census.csv", "--plan", _plan(tmp_path)]).stdout
    assert ("  match: computed from the plan's match formula on the year's deferrals (the census has no match "
            "column; a plan that matches each paycheck without a true-up may have paid less)\n") in text


def test_without_a_match_column_or_deferrals_the_plan_match_cannot_be_computed(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("census.csv").write_text("id,compensation,after_tax,hce\nH,100000,1000,true\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["acp", "census.csv", "--plan", _plan(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr == ("census.csv:1:1: the census has no match column and no deferrals column to compute the "
                             "plan's match from: give one of them, or test after-tax alone with --match exclude\n")
    alone = CliRunner().invoke(main, ["acp", "census.csv", "--year", "2026"])
    assert alone.exit_code == 2
    assert alone.stderr == ("census.csv:2:1: no match for 'H': give the match column, a plan file with its match "
                            "formula (--plan), or test after-tax alone with --match exclude\n")


def test_json_text_writes_the_big_lists_as_json_dumps_would(tmp_path):
    # json_text writes the employees and the room table itself, for speed: the bytes must be json.dumps(indent=2)'s
    # of the same document (ids with quotes, backslashes and non-ASCII letters included).
    from megaroth.engine.acp.census import read_census
    from megaroth.engine.acp.correction import correct
    from megaroth.engine.acp.findings import all_findings
    from megaroth.engine.acp.ratios import run_test
    from megaroth.engine.acp.report import _MARKED, document, json_text
    from megaroth.engine.acp.rooms import room_table

    path = tmp_path / "census.csv"
    path.write_text('id,compensation,deferrals,after_tax,match,age,hce\n"A ""q"" \\\\ é",190000,23500,3500,9250,,true\n'
                    "B,100000,,10000,7500,64,true\nC,85000,1000,,6000,30,false\n", encoding="utf-8")
    employees = read_census(str(path))
    result = run_test(employees, 2025)
    correction = correct(result)
    rooms = room_table(employees, result.limits)
    findings = all_findings(str(path), result, correction, rooms, [])
    generic = _MARKED.sub(r"\1", json.dumps(document(result, correction, findings, rooms), indent=2,
                                            ensure_ascii=False)) + "\n"
    assert json_text(result, correction, findings, rooms) == generic
    assert json.loads(generic)["employees"][0]["id"] == 'A "q" \\\\ é'
