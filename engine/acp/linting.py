"""The census test's findings in the CI formats: SARIF, JUnit XML and GitHub annotations, at CENSUS:row:col.

SARIF reuses the check command's reporter whole: the census is one artifact,
its findings results with their rules' descriptors. JUnit is written here: a
census has no plan verdict for the check reporter's suite properties to name,
so its one suite carries the test's own outcome (passed, year, HCE and NHCE
ACPs) and one test case per MBR6xx rule. GitHub gets one annotation per
finding (the check reporter's ``annotation``), then the census text report,
inert inside ``::stop-commands::`` as the check report is.
"""

from __future__ import annotations

import hashlib
import io
import xml.etree.ElementTree as ET
from typing import Sequence

from megaroth.engine.acp.findings import acp_rule_ids, census_rules
from megaroth.engine.acp.ratios import Result
from megaroth.engine.deciding.findings import FileResult, Finding, Summary
from megaroth.engine.reading.loader import location

FORMATS = ("sarif", "junit", "github")


def sarif(path: str, result: Result, findings: Sequence[Finding]) -> str:
    """One SARIF 2.1.0 log: the census, its findings, and every MBR6xx rule as the run's rules."""
    from megaroth.engine.reporting.reporters.sarif import SarifReporter  # each format's reporter only when asked for

    out = io.StringIO()
    reporter = SarifReporter(out)
    reporter.file(FileResult(path=path, plan=None, year=result.year, findings=tuple(findings), rules=acp_rule_ids()))
    reporter.finish(Summary())
    return out.getvalue()


def _line(finding: Finding) -> str:
    return f"{location(finding.path, finding.line, finding.column)}: {finding.severity} {finding.rule} {finding.message}"


def junit(path: str, result: Result, findings: Sequence[Finding]) -> str:
    """One suite for the census; a rule with an error finding fails, other findings are its output."""
    from megaroth.engine.reporting.reporters.junit import element  # the JUnit reporter's XML-safe element

    rules = acp_rule_ids()
    root = ET.Element("testsuites", {"name": "megaroth"})
    suite = element(root, "testsuite", name=f"ACP test {path}")
    properties = element(suite, "properties")
    element(properties, "property", name="year", value=str(result.year))
    element(properties, "property", name="passed", value="true" if result.passed else "false")
    for name, value in (("hce_acp", result.hce_acp), ("nhce_acp", result.nhce_acp), ("limit", result.limit)):
        element(properties, "property", name=name, value="none" if value is None else f"{value:.2f}")
    failures = 0
    for rule_id in rules:
        found = [finding for finding in findings if finding.rule == rule_id]
        case = element(suite, "testcase", classname=path, name=f"{rule_id} {census_rules()[rule_id].title}", file=path)
        if found and found[0].line is not None:
            case.set("line", str(found[0].line))
        body = "\n".join(_line(finding) for finding in found)
        errors = [finding for finding in found if finding.severity == "error"]
        if errors:
            element(case, "failure", body, message=errors[0].message, type="error")
            failures += 1
        elif found:
            element(case, "system-out", body)
    for element in (root, suite):
        element.set("tests", str(len(rules)))
        element.set("failures", str(failures))
        element.set("errors", "0")
        element.set("skipped", "0")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def github(findings: Sequence[Finding], report: str) -> str:
    """An annotation per finding, then the text report, which no census id can turn into a command."""
    from megaroth.engine.reporting.reporters.github import annotation

    token = "megaroth-" + hashlib.sha256(report.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    lines = [annotation(finding) for finding in findings]
    return "".join(line + "\n" for line in lines) + f"::stop-commands::{token}\n" + report + f"::{token}::\n"
