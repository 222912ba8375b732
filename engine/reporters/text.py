"""Reporters: turn results into text or machine formats, chosen by name.

A reporter sees each file's result as soon as it is checked (``file``), then
the run's summary (``finish``); formats that must be one document (JSON) keep
the per-file dictionaries until then, never the parsed plans.
"""

from __future__ import annotations

import abc
import json
from typing import Any, ClassVar, TextIO

from engine import __version__
from engine.findings import FileResult, Finding, Summary

_COLORS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m", "bold": "\033[1m", "dim": "\033[2m"}
_RESET = "\033[0m"
_VERDICT_WORDS = {
    "invalid": "invalid",
    "not_eligible": "not eligible",
    "eligible_with_caveats": "eligible with caveats",
    "eligible": "eligible",
}


class Reporter(abc.ABC):
    """One output format."""

    name: ClassVar[str]

    def __init__(self, stream: TextIO, *, color: bool = False):
        self.stream = stream
        self.color = color

    @abc.abstractmethod
    def file(self, result: FileResult) -> None:
        """Report one checked file."""

    @abc.abstractmethod
    def finish(self, summary: Summary) -> None:
        """Report the end of the run."""


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 or word == "info" else f"{count} {word}s"


class TextReporter(Reporter):
    """Linter-style lines: ``path:line:col: severity MBRnnn message``."""

    name = "text"

    def _paint(self, text: str, style: str) -> str:
        return f"{_COLORS[style]}{text}{_RESET}" if self.color else text

    def _line(self, finding: Finding) -> str:
        where = finding.path if finding.line is None else f"{finding.path}:{finding.line}:{finding.column}"
        severity = self._paint(finding.severity, finding.severity)
        text = f"{where}: {severity} {finding.rule} {finding.message}"
        if finding.waived:
            text += self._paint(f" [waived: {finding.waiver_reason}]", "dim")
        return text

    def file(self, result: FileResult) -> None:
        for finding in result.findings:
            print(self._line(finding), file=self.stream)
        counts = result.counts()
        detail = ", ".join(_plural(counts[key], key) for key in ("error", "warning", "info") if counts[key])
        if counts["waived"]:
            detail += (", " if detail else "") + f"{counts['waived']} waived"
        verdict = self._paint(_VERDICT_WORDS[result.verdict], "bold")
        print(f"{result.path}: {verdict}" + (f" ({detail})" if detail else ""), file=self.stream)

    def finish(self, summary: Summary) -> None:
        verdicts = ", ".join(
            f"{count} {_VERDICT_WORDS[verdict]}" for verdict, count in summary.verdicts.items() if count
        )
        severities = summary.severities
        findings = ", ".join(_plural(severities[key], key) for key in ("error", "warning", "info"))
        if severities["waived"]:
            findings += f", {severities['waived']} waived"
        files = _plural(summary.files, "file")
        print(f"Checked {files}: {verdicts or 'none'}. Findings: {findings}.", file=self.stream)


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
    }


def file_json(result: FileResult) -> dict[str, Any]:
    """A file's result as the JSON report writes it."""
    return {
        "path": result.path,
        "plan": result.plan,
        "year": result.year,
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
    """One JSON document for the whole run (schemas/report.schema.json)."""

    name = "json"

    def __init__(self, stream: TextIO, *, color: bool = False):
        super().__init__(stream, color=color)
        self._files: list[dict[str, Any]] = []

    def file(self, result: FileResult) -> None:
        self._files.append(file_json(result))

    def finish(self, summary: Summary) -> None:
        report = {"version": __version__, "files": self._files, "summary": summary_json(summary)}
        self.stream.write(json.dumps(report, indent=2, ensure_ascii=False) + "\n")


REPORTER_BY_NAME: dict[str, type[Reporter]] = {
    TextReporter.name: TextReporter,
    JsonReporter.name: JsonReporter,
}
