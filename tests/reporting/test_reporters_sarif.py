"""SARIF 2.1.0: valid against the OASIS schema, and what GitHub code scanning reads."""

from __future__ import annotations

import json

from jsonschema import Draft4Validator

from megaroth.engine.deciding.catalog import catalog
from formats_support import GOLDEN_PATHS, ROOT, TODAY, plan_text, run_cli

SCHEMA = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def _sarif(args, monkeypatch, cwd=ROOT):
    monkeypatch.chdir(cwd)
    result = run_cli(["check", *args, "--today", TODAY, "--format", "sarif"])
    return json.loads(result.stdout), result.exit_code


def _errors(log):
    return sorted(Draft4Validator(SCHEMA).iter_errors(log), key=lambda error: list(error.absolute_path))


def test_the_schema_is_the_official_one():
    assert SCHEMA["id"] == "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
    # A broken log must fail it, or validating against it proves nothing.
    assert _errors({"version": "2.1.0", "runs": [{"tool": {"driver": {}}}]})


def test_samples_validate_against_the_sarif_schema(monkeypatch):
    log, code = _sarif(GOLDEN_PATHS, monkeypatch)
    assert code == 2
    assert _errors(log) == []


def test_driver_lists_every_rule_checked_with_help(monkeypatch):
    log, _ = _sarif(["samples/roth-401k-only.yaml"], monkeypatch)
    driver = log["runs"][0]["tool"]["driver"]
    assert driver["name"] == "megaroth"
    assert driver["version"] == "0.1.0"
    # Every rule check runs: decode's (MBR5xx, about documents) and the census rules (MBR6xx, `megaroth acp`'s) are not.
    assert [rule["id"] for rule in driver["rules"]] == [
        rule.id for rule in catalog().values() if rule.source not in ("decode", "acp")
    ]
    mbr101 = next(rule for rule in driver["rules"] if rule["id"] == "MBR101")
    assert mbr101["shortDescription"]["text"] == catalog()["MBR101"].title
    assert mbr101["fullDescription"]["text"] == catalog()["MBR101"].why
    assert catalog()["MBR101"].fix in mbr101["help"]["text"]
    assert mbr101["properties"]["tags"] == ["megaroth", "eligibility", "error"]
    assert mbr101["defaultConfiguration"] == {"level": "error"}
    # GitHub truncates longer full descriptions.
    assert all(len(rule["fullDescription"]["text"]) <= 1000 for rule in driver["rules"])


def test_results_point_at_the_line_and_column(monkeypatch):
    log, _ = _sarif(["samples/roth-401k-only.yaml"], monkeypatch)
    results = log["runs"][0]["results"]
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert [(r["ruleId"], r["level"]) for r in results] == [("MBR101", "error"), ("MBR202", "warning")]
    first = results[0]
    assert rules[first["ruleIndex"]]["id"] == "MBR101"
    assert first["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "samples/roth-401k-only.yaml"},
        "region": {"startLine": 17, "startColumn": 5},
    }
    assert first["message"]["text"].startswith("the plan does not accept after-tax (non-Roth) employee contributions")
    assert "suppressions" not in first


def test_info_is_a_note_and_uris_are_relative_to_the_working_directory(monkeypatch):
    log, _ = _sarif(["../samples/bigtech-nightly-conversion.yaml"], monkeypatch, cwd=ROOT / "tests")
    results = log["runs"][0]["results"]
    assert {r["level"] for r in results} == {"note"}
    assert {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results} == {
        "../samples/bigtech-nightly-conversion.yaml"
    }


def test_waived_findings_are_suppressions_with_the_reason(monkeypatch):
    log, code = _sarif(["tests/plans/waivers.yaml"], monkeypatch)
    assert code == 0
    suppressed = [r for r in log["runs"][0]["results"] if "suppressions" in r]
    assert [r["ruleId"] for r in suppressed] == ["MBR104"]
    assert suppressed[0]["suppressions"] == [
        {
            "kind": "inSource",
            "status": "accepted",
            "justification": "Participants convert on the first business day of each month; the HR runbook reminds them.",
        }
    ]
    unused = [r for r in log["runs"][0]["results"] if r["ruleId"] == "MBR003"]
    assert [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in unused] == [34, 36, 41]


def test_file_names_with_spaces_become_uri_references(monkeypatch, tmp_path):
    (tmp_path / "my plans").mkdir()
    (tmp_path / "my plans" / "plan #1.yaml").write_text(plan_text(), encoding="utf-8")
    log, _ = _sarif(["my plans"], monkeypatch, cwd=tmp_path)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]}
    assert uris == {"my%20plans/plan%20%231.yaml"}
    assert _errors(log) == []


def test_results_carry_the_finding_s_scope_and_participant(monkeypatch):
    log, code = _sarif(["samples/job-change-overdeferral.yaml"], monkeypatch)
    assert code == 1  # the scenario's excess deferral (MBR302) fails the run; the plan is eligible
    results = {result["ruleId"]: result["properties"] for result in log["runs"][0]["results"] if result["ruleId"] in ("MBR302", "MBR401")}
    assert results["MBR302"]["scope"] == "participant"
    assert results["MBR302"]["participant"] == {"index": 0, "name": "rejoined-mid-year"}
    assert results["MBR401"]["scope"] == "plan" and "participant" not in results["MBR401"]
    assert _errors(log) == []
