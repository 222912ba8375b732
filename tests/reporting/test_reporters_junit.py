"""JUnit XML: parsed back with xml.etree, one suite per file, one case per rule checked."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from megaroth.engine.deciding.catalog import catalog
from megaroth.engine.reporting.reporters.junit import xml_text
from formats_support import GOLDEN_PATHS, ROOT, TODAY, plan_text, run_cli

ENGINE_RULES = [rule.id for rule in catalog().values() if rule.source == "engine"]


def _junit(args, monkeypatch, cwd=ROOT):
    monkeypatch.chdir(cwd)
    result = run_cli(["check", *args, "--today", TODAY, "--format", "junit"])
    return ET.fromstring(result.stdout.encode("utf-8")), result.exit_code


def _suite(root, name):
    return next(suite for suite in root.findall("testsuite") if suite.get("name") == name)


def _case(suite, rule_id):
    return next(case for case in suite.findall("testcase") if case.get("name").startswith(rule_id + " "))


def test_one_suite_per_file_and_one_case_per_rule(monkeypatch):
    root, code = _junit(GOLDEN_PATHS, monkeypatch)
    assert code == 2
    suites = root.findall("testsuite")
    assert len(suites) == 23  # the 21 samples and the two files of tests/data
    suite = _suite(root, "samples/roth-401k-only.yaml")
    assert [case.get("name").split()[0] for case in suite.findall("testcase")] == ["MBR000", *ENGINE_RULES]
    assert suite.get("tests") == str(1 + len(ENGINE_RULES))
    assert int(root.get("tests")) == sum(int(s.get("tests")) for s in suites)
    assert int(root.get("failures")) == sum(int(s.get("failures")) for s in suites)


def test_findings_at_or_above_fail_on_are_failures(monkeypatch):
    root, code = _junit(["samples/roth-401k-only.yaml"], monkeypatch)
    assert code == 1
    suite = _suite(root, "samples/roth-401k-only.yaml")
    assert suite.get("failures") == "1"
    failure = _case(suite, "MBR101").find("failure")
    assert failure.get("type") == "error"
    assert failure.get("message").startswith("the plan does not accept after-tax")
    assert failure.text.startswith("samples/roth-401k-only.yaml:17:5: error MBR101 ")
    # A warning below --fail-on error passes, with the finding in its output.
    mbr202 = _case(suite, "MBR202")
    assert mbr202.find("failure") is None
    assert "MBR202" in mbr202.find("system-out").text


def test_fail_on_warning_turns_warnings_into_failures(monkeypatch):
    monkeypatch.chdir(ROOT)
    result = run_cli(["check", "samples/roth-401k-only.yaml", "-f", "junit", "--fail-on", "warning"])
    suite = ET.fromstring(result.stdout.encode()).find("testsuite")
    assert suite.get("failures") == "2"
    assert _case(suite, "MBR202").find("failure").get("type") == "warning"


def test_an_invalid_file_is_an_error_with_only_mbr000(monkeypatch):
    root, _ = _junit(["tests/plans/invalid.yaml"], monkeypatch)
    suite = _suite(root, "tests/plans/invalid.yaml")
    assert [case.get("name") for case in suite.findall("testcase")] == ["MBR000 Not a valid plan file"]
    assert (suite.get("errors"), suite.get("failures")) == ("1", "0")
    error = suite.find("testcase/error")
    assert error.get("message") == "plan is missing the required key 'year'"
    assert "allowed must be true, false or unknown" in error.text


def test_waived_findings_are_skipped_with_the_reason_and_never_fail(monkeypatch):
    root, code = _junit(["tests/plans/waivers.yaml", "--fail-on", "info"], monkeypatch)
    suite = _suite(root, "tests/plans/waivers.yaml")
    skipped = _case(suite, "MBR104").find("skipped")
    assert skipped.get("message") == (
        "waived: Participants convert on the first business day of each month; the HR runbook reminds them."
    )
    assert suite.get("skipped") == "1"
    assert _case(suite, "MBR104").find("failure") is None
    assert code == 1  # the unwaived warnings and info still fail at --fail-on info


def test_any_plan_name_gives_well_formed_xml(monkeypatch, tmp_path):
    name = '"]]><testcase name=\\"x\\"/> & <!-- \\x07\\x1b[31m \\u2028 \\uFFFE \\x00"'
    (tmp_path / "odd &<name>.yaml").write_text(plan_text(name), encoding="utf-8")
    root, _ = _junit(["odd &<name>.yaml"], monkeypatch, cwd=tmp_path)
    suite = root.find("testsuite")
    assert suite.get("name") == "odd &<name>.yaml"
    plan = next(p for p in suite.iter("property") if p.get("name") == "plan")
    assert plan.get("value") == ']]><testcase name="x"/> & <!-- \\x07\\x1b[31m \u2028 \\ufffe \\x00'
    assert len(suite.findall("testcase")) == 1 + len(ENGINE_RULES)


def test_xml_text_escapes_only_what_xml_cannot_hold():
    assert xml_text("tab\tnew\nline\r ok é 🙂") == "tab\tnew\nline\r ok é 🙂"
    assert xml_text("\x00\x08\x0b\x1f\ufffe\ud800") == "\\x00\\x08\\x0b\\x1f\\ufffe\\ud800"
