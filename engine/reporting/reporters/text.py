"""The text report: linter-style lines a person reads, coloured on a terminal."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TextIO

from megaroth.engine.deciding.findings import FileResult, Finding, Summary
from megaroth.engine.reading.loader import location
from megaroth.engine.reporting.reporters.base import Reporter, printable, user_limits

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


@dataclass
class _Note:
    """A paragraph that is the same in every file (a rule's `note`), printed once after the files."""

    number: int
    rule: str
    severity: str
    text: str
    files: set[str] = field(default_factory=set)
    times: int = 0


class TextReporter(Reporter):
    """Linter-style lines: ``path:line:col: severity MBRnnn message``.

    A finding whose message ends with its rule's note (the tax notes, MBR401-403)
    does not repeat that paragraph in every file: the file's line keeps what is
    the file's own ("participant pittsburgh-pa: see note 3 below") or is left
    out when nothing is, and each note is printed once, numbered in the order
    first met, after the last file. The verdict line still counts them. A
    waived finding keeps its whole line, with its waiver.
    """

    name = "text"

    def __init__(self, stream: TextIO, *, color: bool = False, fail_on: str = "error", quiet: bool = False):
        super().__init__(stream, color=color, fail_on=fail_on)
        # --quiet: only what decides the exit code (the findings at the fail
        # level, and those that make a file invalid), each file's verdict line
        # only when it has one of them, and the summary.
        self.quiet = quiet
        self._years: set[int] = set()  # plan years checked against the limits table
        self._notes: dict[tuple[str, str], _Note] = {}  # (rule, note text) -> the note, in the order met

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

    def _noted(self, finding: Finding, path: str) -> str | None:
        """A note finding's line without its note (None when nothing else is left), the note kept for the end."""
        note_text = finding.note or ""
        key = (finding.rule, note_text)
        note = self._notes.get(key)
        if note is None:
            note = self._notes[key] = _Note(len(self._notes) + 1, finding.rule, finding.severity, note_text)
        note.files.add(path)
        note.times += 1
        own = finding.message[: len(finding.message) - len(note_text)].rstrip(": ")
        if not own:
            return None
        where = location(printable(finding.path), finding.line, finding.column)
        severity = self._paint(finding.severity, finding.severity)
        return f"{where}: {severity} {finding.rule} {printable(own)}: see note {note.number} below"

    def _print_notes(self) -> None:
        if not self._notes:
            return
        print("Notes, the same in every file they apply to:", file=self.stream)
        for note in self._notes.values():
            files = _plural(len(note.files), "file")
            times = "" if note.times == len(note.files) else f", {note.times} times"
            severity = self._paint(note.severity, note.severity)
            print(f"{note.number}. {severity} {note.rule} ({files}{times}): {printable(note.text)}", file=self.stream)

    def file(self, result: FileResult) -> None:
        if result.year is not None and not result.invalid and not result.schema_only:
            self._years.add(result.year)
        shown = [finding for finding in result.findings if self._shown(finding)]
        if self.quiet and not shown:
            return
        for finding in shown:
            line = self._line(finding) if finding.note is None or finding.waived else self._noted(finding, result.path)
            if line is not None:
                print(line, file=self.stream)
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
        self._print_notes()
        for limits in user_limits(self._years):
            # Figures megaroth does not ship are named with their file, also under --quiet: they decide the numbers.
            print(f"Limits for {limits.year} from {printable(limits.file or '')} ({printable(limits.source)}).", file=self.stream)
        print(f"Checked {files}: {verdicts or 'none'}. Findings: {findings}.", file=self.stream)
