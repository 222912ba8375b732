"""JUnit XML, for CI systems that show test results (GitLab, Jenkins, Azure, ...).

One ``testsuite`` per file and one ``testcase`` per rule checked on it. A
rule with findings at or above ``--fail-on`` is a failure; a file that could
not be read as a plan is an error (MBR000: nothing else could be checked); a
rule whose findings are all waived is skipped with the waiver's reason; other
findings (below ``--fail-on``) are listed in the test case's output.

ElementTree escapes markup; characters XML 1.0 cannot hold at all (most
control characters, which YAML's "\\x07" escapes can put in a plan) are
written as visible escapes first, so the document is well-formed for any plan.
"""

from __future__ import annotations

import functools
import re
import xml.etree.ElementTree as ET
from typing import TextIO

from megaroth.engine.deciding.catalog import catalog
from megaroth.engine.deciding.findings import FileResult, Finding, Summary
from megaroth.engine.reading.loader import location
from megaroth.engine.reporting.reporters.base import Reporter, Spool, limits_of


@functools.lru_cache(maxsize=None)
def _not_xml() -> re.Pattern[str]:
    # Compiled on first use: a class spanning most of Unicode takes ~7 ms to
    # compile, which every run would otherwise pay at import, JUnit or not.
    return re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """``text`` with every character XML 1.0 forbids written as ``\\xNN`` / ``\\uNNNN``."""
    return _not_xml().sub(lambda match: f"\\x{ord(match.group()):02x}" if ord(match.group()) < 0x100 else f"\\u{ord(match.group()):04x}", text)


def element(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    """A child element whose text and attributes are XML-safe (xml_text); the census test's JUnit uses it too."""
    element = ET.SubElement(parent, tag, {key: xml_text(value) for key, value in attributes.items()})
    if text is not None:
        element.text = xml_text(text)
    return element


def _line(finding: Finding) -> str:
    text = f"{location(finding.path, finding.line, finding.column)}: {finding.severity} {finding.rule} {finding.message}"
    return text + (f" [waived: {finding.waiver_reason}]" if finding.waived else "")


class JunitReporter(Reporter):
    """One JUnit XML document for the whole run."""

    name = "junit"

    def __init__(self, stream: TextIO, *, color: bool = False, fail_on: str = "error"):
        super().__init__(stream, color=color, fail_on=fail_on)
        # The root's totals come first in the document and cover every file,
        # so each file's testsuite is spooled to disk, serialised as it would
        # be inside the whole tree, and copied out after the root's opening.
        self._suites = Spool()
        self._count = 0
        self._totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}

    def _testcase(self, suite: ET.Element, result: FileResult, rule_id: str, counts: dict[str, int]) -> None:
        findings = [finding for finding in result.findings if finding.rule == rule_id]
        case = element(suite, "testcase", classname=result.path, name=f"{rule_id} {catalog()[rule_id].title}", file=result.path)
        if findings and findings[0].line is not None:
            case.set("line", str(findings[0].line))
        body = "\n".join(_line(finding) for finding in findings)
        failing = [finding for finding in findings if finding.fails_at(self.fail_on)]
        if rule_id == "MBR000" and findings:
            element(case, "error", body, message=findings[0].message, type=rule_id)
            counts["errors"] += 1
        elif failing:
            element(case, "failure", body, message=failing[0].message, type=failing[0].severity)
            counts["failures"] += 1
        elif findings and all(finding.waived for finding in findings):
            element(case, "skipped", message=f"waived: {findings[0].waiver_reason}")
            element(case, "system-out", body)
            counts["skipped"] += 1
        elif findings:
            element(case, "system-out", body)

    def file(self, result: FileResult) -> None:
        counts = {"tests": len(result.rules), "failures": 0, "errors": 0, "skipped": 0}
        suite = ET.Element("testsuite", {"name": xml_text(result.path)})
        properties = element(suite, "properties")
        element(properties, "property", name="verdict", value=result.verdict)
        if result.plan is not None:
            element(properties, "property", name="plan", value=result.plan)
        if result.year is not None:
            element(properties, "property", name="year", value=str(result.year))
            limits = None if result.invalid or result.schema_only else limits_of(result.year)
            if limits is not None and limits.file is not None:  # figures megaroth does not ship: say whose
                element(properties, "property", name="limits_source", value=limits.source)
                element(properties, "property", name="limits_file", value=limits.file)
        for rule_id in result.rules:
            self._testcase(suite, result, rule_id, counts)
        for key, value in counts.items():
            suite.set(key, str(value))
            self._totals[key] += value
        ET.indent(suite, level=1)  # as ET.indent of the whole tree would indent it
        self._suites.write(("\n  " if self._count else "") + ET.tostring(suite, encoding="unicode"))
        self._count += 1

    def finish(self, summary: Summary) -> None:
        root = ET.Element("testsuites", {"name": "megaroth"})
        for key, value in self._totals.items():
            root.set(key, str(value))
        self.stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        if not self._count:
            self.stream.write(ET.tostring(root, encoding="unicode") + "\n")
            return
        ET.SubElement(root, "megaroth-suites")
        opening, closing = ET.tostring(root, encoding="unicode").split("<megaroth-suites />")
        self.stream.write(opening + "\n  ")
        for chunk in self._suites.chunks():
            self.stream.write(chunk)
        self.stream.write("\n" + closing + "\n")
