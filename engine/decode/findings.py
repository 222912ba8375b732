"""decode's findings (MBR5xx): built from the rule catalog, located at document:page:line, and written as
text or SARIF.

The rules live in rules/500-documents.yaml beside check's (title, severity, message, why, fix), so `megaroth
rules MBR5nn` explains them and SARIF describes them as it does check's. A finding's place is
``document:page:line``: the page is the printed page (a "Page N of M" footer; a PDF that prints none gets
the page a viewer shows), ``-`` for a text or HTML document that prints no page numbers; the line is the
line the sentence starts on (a text document's own line, an HTML page's source line, a PDF's line in its
extracted text).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from megaroth.engine.deciding.catalog import SEVERITY_RANK, catalog
from megaroth.engine.reading.display import encodable, printable
from megaroth.engine.reporting.reporters.base import artifact_uri
from megaroth.engine.reporting.reporters.sarif import LEVELS, SCHEMA_URI, tool


@dataclass(frozen=True)
class Evidence:
    """Where an answer was read: the document, its printed page (if it prints them), the line and the sentence."""

    document: str
    page: int | None
    line: int
    text: str


@dataclass(frozen=True)
class Finding:
    """Something an analyst must settle, at the first place that shows it (every place in ``evidence``)."""

    rule: str
    kind: str
    severity: str
    message: str
    evidence: tuple[Evidence, ...]


def make(rule: str, kind: str, evidence: tuple[Evidence, ...], **fields: str) -> Finding:
    """A finding of ``rule``, its message the rule's template filled with ``fields``."""
    entry = catalog()[rule]
    return Finding(rule=rule, kind=kind, severity=entry.severity, message=entry.message.format(**fields), evidence=evidence)


def place(evidence: Evidence) -> str:
    """document:page:line, ``-`` for the page of a document that prints none."""
    page = "-" if evidence.page is None else str(evidence.page)
    return f"{evidence.document}:{page}:{evidence.line}"


def exit_code(findings: list[Finding]) -> int:
    """As `megaroth check` exits: 1 when a finding is an error, else 0."""
    return 1 if any(SEVERITY_RANK[finding.severity] >= SEVERITY_RANK["error"] for finding in findings) else 0


def text_lines(findings: list[Finding]) -> list[str]:
    """One line per finding, linter style, then each further place the finding rests on."""
    lines: list[str] = []
    for finding in findings:
        first, *others = finding.evidence
        lines.append(f"{place(first)}: {finding.rule} {finding.severity}: {finding.message}")
        lines.append(f'    "{first.text}"')
        lines += [f'    also {place(item)}: "{item.text}"' for item in others]
    # Document text and names reach a terminal: control and invisible characters shown as escapes.
    return [printable(line) for line in lines]


def _location(evidence: Evidence) -> dict[str, Any]:
    return {
        "physicalLocation": {
            "artifactLocation": {"uri": artifact_uri(evidence.document)},
            "region": {"startLine": evidence.line, "snippet": {"text": evidence.text}},
        },
        "properties": {"page": evidence.page},
    }


def sarif(findings: list[Finding]) -> str:
    """A SARIF 2.1.0 log: every MBR5xx rule in the driver, one result per finding, further places as related
    locations (the page, which SARIF has no field for, in each location's properties)."""
    rules = [rule for rule in catalog().values() if rule.source == "decode"]
    index = {rule.id: position for position, rule in enumerate(rules)}
    results = []
    for finding in findings:
        first, *others = finding.evidence
        result: dict[str, Any] = {
            "ruleId": finding.rule,
            "ruleIndex": index[finding.rule],
            "level": LEVELS[finding.severity],
            "message": {"text": finding.message},
            "locations": [_location(first)],
            "properties": {"kind": finding.kind},
        }
        if others:
            result["relatedLocations"] = [{"id": number, **_location(item)} for number, item in enumerate(others, 1)]
        results.append(result)
    log = {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": tool(rules),
                "results": results,
            }
        ],
    }
    # encodable: a document name that is not UTF-8 shows its bad bytes as U+FFFD, as check's SARIF does.
    return encodable(json.dumps(log, indent=2, ensure_ascii=False)) + "\n"
