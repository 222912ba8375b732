"""The JSON report: one document for the whole run (schemas/report.schema.json)."""

from __future__ import annotations

import json
from typing import Any, TextIO

from megaroth import __version__
from megaroth.engine.deciding.findings import FileResult, Finding, Summary
from megaroth.engine.reading.display import encodable
from megaroth.engine.reporting.reporters.base import Reporter, limits_of, nested_json


def finding_json(finding: Finding) -> dict[str, Any]:
    """A finding as the JSON report writes it (schemas/report.schema.json)."""
    return {
        "rule": finding.rule,
        "severity": finding.severity,
        "title": finding.title,
        "message": finding.message,
        "path": finding.path,
        "line": finding.line,
        "column": finding.column,
        "pointer": finding.pointer,
        "citations": list(finding.citations),
        "fix": finding.fix,
        "waived": finding.waived,
        "waiver_reason": finding.waiver_reason,
        "scope": finding.scope,
        "participant": None
        if finding.participant_index is None
        else {"index": finding.participant_index, "name": finding.participant},
    }


def file_json(result: FileResult) -> dict[str, Any]:
    """A file's result as the JSON report writes it."""
    limits = None if result.invalid or result.schema_only else limits_of(result.year)
    return {
        "path": result.path,
        "plan": result.plan,
        "year": result.year,
        "limits_source": None if limits is None else limits.source,
        "limits_file": None if limits is None else limits.file,
        "verdict": result.verdict,
        "findings": [finding_json(finding) for finding in result.findings],
        "participants": [
            {
                "name": participant.name,
                "limit_415c": participant.headroom.limit_415c,
                "deferral": participant.headroom.deferral,
                "catch_up": participant.headroom.catch_up,
                "match": participant.headroom.match,
                "nonelective": participant.headroom.nonelective,
                "profit_sharing": participant.headroom.profit_sharing,
                "plan_cap": participant.headroom.plan_cap,
                "after_tax_room": participant.headroom.after_tax_room,
                "pay_periods": participant.headroom.pay_periods,
                "per_pay_period": participant.headroom.per_pay_period,
            }
            for participant in result.participants
        ],
    }


def summary_json(summary: Summary) -> dict[str, Any]:
    return {
        "files": summary.files,
        "verdicts": dict(summary.verdicts),
        "findings": dict(summary.severities),
        "fail_on": summary.fail_on,
        "exit_code": summary.exit_code,
    }


class JsonReporter(Reporter):
    """One JSON document for the whole run (schemas/report.schema.json), written a file at a time.

    The bytes are those of ``json.dumps(report, indent=2)`` of the whole
    report, without ever holding it: each file's part is written as it comes.
    """

    name = "json"

    def __init__(self, stream: TextIO, *, color: bool = False, fail_on: str = "error"):
        super().__init__(stream, color=color, fail_on=fail_on)
        self._files = 0

    def _opening(self) -> str:
        return "{\n" + f'  "version": {json.dumps(__version__, ensure_ascii=False)},\n  "files": ['

    def file(self, result: FileResult) -> None:
        lead = self._opening() if self._files == 0 else ","
        self.stream.write(f"{lead}\n    {nested_json(file_json(result), 2)}")
        self._files += 1

    def finish(self, summary: Summary) -> None:
        files = "\n  ]" if self._files else self._opening() + "]"
        self.stream.write(f'{files},\n  "summary": {nested_json(summary_json(summary), 1)}\n}}\n')
