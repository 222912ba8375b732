"""SARIF 2.1.0, the format GitHub code scanning (and most CI dashboards) read.

One run; ``tool.driver.rules`` holds every rule the run checked (in id order,
with the rule's why and fix as help); each finding is a result pointing at its
line and column, and a waived finding carries a ``suppressions`` entry with the
waiver's reason, so code scanning shows it as dismissed rather than dropping it.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from megaroth import __version__
from megaroth.engine.deciding.catalog import Rule, catalog
from megaroth.engine.deciding.findings import FileResult, Finding, Summary
from megaroth.engine.reading.display import encodable
from megaroth.engine.reporting.reporters.base import Reporter, Spool, artifact_uri, nested_json, user_limits

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def tool(rules: list[Rule]) -> dict[str, Any]:
    """A run's ``tool``: megaroth as the driver with ``rules`` (a result's ruleIndex counts in this list).

    `megaroth decode`'s SARIF (engine/decode/findings.py) names the same driver with its own rules.
    """
    return {
        "driver": {
            "name": "megaroth",
            "version": __version__,
            "semanticVersion": __version__,
            "rules": [rule_descriptor(rule) for rule in rules],
        }
    }


def rule_descriptor(rule: Rule) -> dict[str, Any]:
    """A rule as SARIF's reportingDescriptor."""
    citations = "\n".join(f"- {citation}" for citation in rule.citations)
    return {
        "id": rule.id,
        "name": rule.title,
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.why},
        "help": {
            "text": f"{rule.why}\n\nFix: {rule.fix}\n\nReferences:\n{citations}",
            "markdown": f"{rule.why}\n\n**Fix.** {rule.fix}\n\n**References**\n\n{citations}",
        },
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"tags": ["megaroth", rule.group, rule.severity], "citations": list(rule.citations)},
    }


def _result(finding: Finding, rule_index: int) -> dict[str, Any]:
    location: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(finding.path)}}
    if finding.line is not None:
        location["region"] = {"startLine": finding.line, "startColumn": finding.column or 1}
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": [{"physicalLocation": location}],
        "properties": {"pointer": finding.pointer, "fix": finding.fix, "scope": finding.scope},
    }
    if finding.participant_index is not None:
        result["properties"]["participant"] = {"index": finding.participant_index, "name": finding.participant}
    if finding.waived:
        # The waiver sits in the plan file itself: an in-source suppression.
        result["suppressions"] = [
            {"kind": "inSource", "status": "accepted", "justification": finding.waiver_reason or ""}
        ]
    return result


class SarifReporter(Reporter):
    """One SARIF 2.1.0 log for the whole run.

    ``tool.driver.rules`` comes before the results and lists the rules the
    whole run checked, and each result's ``ruleIndex`` points into it, so the
    results are spooled to disk as they come (one compact JSON line each) and
    written after the rules, their indexes filled in: the bytes are those of
    the whole log dumped at once.
    """

    name = "sarif"

    def __init__(self, stream: TextIO, *, color: bool = False, fail_on: str = "error"):
        super().__init__(stream, color=color, fail_on=fail_on)
        self._results = Spool()
        self._count = 0
        self._rules: set[str] = set()
        self._years: set[int] = set()

    def file(self, result: FileResult) -> None:
        self._rules.update(result.rules)
        if result.year is not None and not result.invalid and not result.schema_only:
            self._years.add(result.year)
        for finding in result.findings:
            # ensure_ascii: the spool line holds no raw newline, and a lone surrogate survives as \udcxx.
            self._results.write(json.dumps(_result(finding, -1)) + "\n")
            self._count += 1

    def finish(self, summary: Summary) -> None:
        rules = [rule for rule_id, rule in catalog().items() if rule_id in self._rules]
        index = {rule.id: position for position, rule in enumerate(rules)}
        marker = "@megaroth-results@"  # a string no rule or finding writes: where the results go
        log = {
            "$schema": SCHEMA_URI,
            "version": "2.1.0",
            "runs": [
                {
                    "tool": tool(rules),
                    # PyYAML counts columns in characters, not UTF-16 code units.
                    "columnKind": "unicodeCodePoints",
                    "results": marker if self._count else [],
                }
            ],
        }
        user = user_limits(self._years)
        if user:  # a run property, only when figures megaroth does not ship were used
            log["runs"][0]["properties"] = {
                "limits": [{"year": limits.year, "source": limits.source, "file": limits.file} for limits in user]
            }
        # encodable: a file name that is not UTF-8 shows its bad bytes as U+FFFD, as in the text report.
        text = encodable(json.dumps(log, indent=2, ensure_ascii=False))
        if not self._count:
            self.stream.write(text + "\n")
            return
        head, tail = text.split(json.dumps(marker))
        self.stream.write(head + "[")
        for position, line in enumerate(self._results.lines()):
            spooled = json.loads(line)
            spooled["ruleIndex"] = index[spooled["ruleId"]]
            self.stream.write(("," if position else "") + "\n        " + nested_json(spooled, 4))
        self.stream.write("\n      ]" + tail + "\n")
