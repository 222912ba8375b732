"""The text report: linter-style lines a person reads, coloured on a terminal."""

from __future__ import annotations

from typing import TextIO

from megaroth.engine.deciding.findings import FileResult, Finding, Summary
from megaroth.engine.reading.loader import location
from megaroth.engine.reporting.reporters.base import Reporter, printable

_COLORS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m", "bold": "\033[1m", "dim": "\033[2m"}
_RESET = "\033[0m"
_VERDICT_WORDS = {
    "valid": "valid",
    "invalid": "invalid",
    "not_eligible": "not eligible",
    "undetermined": "undetermined",
    "eligible_with_caveats": "eligible with caveats",
    "eligible": "eligible",
}


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 or word == "info" else f"{count} {word}s"


class TextReporter(Reporter):
    """Linter-style lines: ``path:line:col: severity MBRnnn message``."""

    name = "text"

    def __init__(self, stream: TextIO, *, color: bool = False, fail_on: str = "error", quiet: bool = False):
        super().__init__(stream, color=color, fail_on=fail_on)
        # --quiet: only what decides the exit code (the findings at the fail
        # level, and those that make a file invalid), each file's verdict line
        # only when it has one of them, and the summary.
        self.quiet = quiet

    def _shown(self, finding: Finding) -> bool:
        return not self.quiet or finding.fails_at(self.fail_on) or (finding.rule == "MBR000" and not finding.waived)

    def _paint(self, text: str, style: str) -> str:
        return f"{_COLORS[style]}{text}{_RESET}" if self.color else text

    def _line(self, finding: Finding) -> str:
        where = location(printable(finding.path), finding.line, finding.column)
        severity = self._paint(finding.severity, finding.severity)
        text = f"{where}: {severity} {finding.rule} {printable(finding.message)}"
        if finding.waived:
            text += self._paint(f" [waived: {printable(finding.waiver_reason or '')}]", "dim")
        return text

    def file(self, result: FileResult) -> None:
        shown = [finding for finding in result.findings if self._shown(finding)]
        if self.quiet and not shown:
            return
        for finding in shown:
            print(self._line(finding), file=self.stream)
        counts = result.counts()
        detail = ", ".join(_plural(counts[key], key) for key in ("error", "warning", "info") if counts[key])
        if counts["waived"]:
            detail += (", " if detail else "") + f"{counts['waived']} waived"
        with_errors = result.scenarios_with_errors()
        if with_errors:
            # The verdict is about the plan; a scenario's errors fail the run all the same, so say how many.
            verb = "has" if with_errors == 1 else "have"
            detail += f"; {with_errors} of {result.scenarios} {'scenario' if result.scenarios == 1 else 'scenarios'} {verb} errors"
        verdict = self._paint(_VERDICT_WORDS[result.verdict], "bold")
        print(f"{printable(result.path)}: {verdict}" + (f" ({detail})" if detail else ""), file=self.stream)

    def finish(self, summary: Summary) -> None:
        verdicts = ", ".join(
            f"{count} {_VERDICT_WORDS[verdict]}" for verdict, count in summary.verdicts.items() if count
        )
        severities = summary.severities
        findings = ", ".join(_plural(severities[key], key) for key in ("error", "warning", "info"))
        if severities["waived"]:
            findings += f", {severities['waived']} waived"
        files = _plural(summary.files, "file") + (" before the interrupt" if summary.interrupted else "")
        print(f"Checked {files}: {verdicts or 'none'}. Findings: {findings}.", file=self.stream)
