"""Findings, per-file results and verdicts: what a check produces."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Iterable

from megaroth.engine.deciding.catalog import SEVERITY_RANK
from megaroth.engine.deciding.facts import ParticipantResult

# In order of precedence: the first that a file's unwaived findings imply is its verdict.
VERDICTS = ("invalid", "not_eligible", "undetermined", "eligible_with_caveats", "eligible")
# What a plan finding's severity implies, unless its rule says otherwise (`verdict:` in rules/*.yaml).
_SEVERITY_VERDICTS = {"error": "not_eligible", "warning": "eligible_with_caveats"}
FAIL_LEVELS = ("error", "warning", "info", "never")
EXIT_INTERRUPTED = 130
# 128 + the signal's number, as shells report a process a signal ended: what a
# run stopped by that signal exits with, after reporting the files done.
SIGHUP, SIGINT, SIGTERM = 1, 2, 15
EXIT_STOPPED = {SIGHUP: 129, SIGINT: EXIT_INTERRUPTED, SIGTERM: 143}
SIGNAL_NAMES = {SIGHUP: "SIGHUP", SIGINT: "SIGINT", SIGTERM: "SIGTERM"}


@dataclass(frozen=True)
class Finding:
    """One rule that fired, where, and why."""

    rule: str
    severity: str
    title: str
    message: str
    path: str
    line: int | None
    column: int | None
    pointer: str
    citations: tuple[str, ...]
    fix: str
    waived: bool = False
    waiver_reason: str | None = None
    # What the finding is about: the plan ("plan") or one participant scenario
    # ("participant", with the scenario's index and name). A scenario's findings
    # keep their severity but never decide the plan's verdict.
    scope: str = "plan"
    participant_index: int | None = None
    participant: str | None = None
    # The verdict the rule implies when it is not its severity's (undetermined: MBR001, MBR301, unknown answers).
    decides: str | None = None
    # The message's end that is the same in every file (rules/*.yaml `note`): the text report prints it once.
    note: str | None = None

    @property
    def implies(self) -> str | None:
        """The verdict this finding, unwaived, makes its file at most; None: it does not bear on the verdict."""
        if self.rule == "MBR000":
            return "invalid"
        if self.scope == "participant":
            return None
        return self.decides or _SEVERITY_VERDICTS.get(self.severity)

    def sort_key(self) -> tuple[int, int, str, str, str]:
        return (self.line or 0, self.column or 0, self.rule, self.pointer, self.message)

    def waive(self, reason: str) -> "Finding":
        return replace(self, waived=True, waiver_reason=reason)

    def fails_at(self, fail_on: str) -> bool:
        """Whether this finding fails a run at ``fail_on`` (waived findings never do)."""
        threshold = SEVERITY_RANK.get(fail_on)
        return threshold is not None and not self.waived and SEVERITY_RANK[self.severity] >= threshold


@dataclass(frozen=True)
class FileResult:
    """Everything megaroth says about one file."""

    path: str
    plan: str | None
    year: int | None
    findings: tuple[Finding, ...]
    participants: tuple[ParticipantResult, ...] = field(default_factory=tuple)
    # The rules checked for this file, in id order (JUnit writes one test case per rule):
    # MBR000 alone when the file could not be read as a plan, else every selected rule.
    rules: tuple[str, ...] = ("MBR000",)
    scenarios: int = 0  # participant scenarios in the file, computed or not
    # `megaroth validate`: the file was read and validated and no rule ran, so
    # its verdict is `valid`, never a claim about eligibility.
    schema_only: bool = False

    @property
    def invalid(self) -> bool:
        return any(finding.rule == "MBR000" for finding in self.findings)

    @property
    def verdict(self) -> str:
        if self.schema_only and not self.invalid:
            return "valid"
        return verdict_of(self.findings)

    def scenarios_with_errors(self) -> int:
        """Participant scenarios with an unwaived error (they fail the run, not the plan's verdict)."""
        return len(
            {
                finding.participant_index
                for finding in self.findings
                if finding.scope == "participant" and finding.severity == "error" and not finding.waived
            }
        )

    def counts(self) -> dict[str, int]:
        """Unwaived findings per severity, and the waived ones."""
        counts = {"error": 0, "warning": 0, "info": 0, "waived": 0}
        for finding in self.findings:
            counts["waived" if finding.waived else finding.severity] += 1
        return counts


def sort_findings(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    """Findings by line, then column, then rule id: the order every report uses."""
    return tuple(sorted(findings, key=Finding.sort_key))


def verdict_of(findings: Iterable[Finding]) -> str:
    """The plan's verdict: the first of VERDICTS that an unwaived finding implies, else eligible.

    invalid (MBR000) > not_eligible (a plan error: a feature rules the strategy
    out, whatever else is unknown) > undetermined (a deciding answer is unknown,
    the year has no limits, or a value is suspect) > eligible_with_caveats (a
    plan warning) > eligible. Waived findings, info, and participant scenarios'
    findings never change it.
    """
    implied = {finding.implies for finding in findings if not finding.waived}
    return next((verdict for verdict in VERDICTS[:-1] if verdict in implied), "eligible")


@dataclass
class Summary:
    """Counts over a whole run, and the exit code they give."""

    fail_on: str = "error"
    files: int = 0
    verdicts: dict[str, int] = field(default_factory=lambda: {verdict: 0 for verdict in VERDICTS})
    severities: dict[str, int] = field(default_factory=lambda: {"error": 0, "warning": 0, "info": 0, "waived": 0})
    failed: bool = False
    interrupted: bool = False  # Ctrl-C stopped the run: the counts cover the files done before it
    stop_signal: int = SIGINT  # which signal, when interrupted: SIGINT, SIGTERM or SIGHUP

    def add(self, result: FileResult) -> None:
        self.files += 1
        # "valid" (validate only) is counted when it occurs, so check reports keep their keys.
        self.verdicts[result.verdict] = self.verdicts.get(result.verdict, 0) + 1
        for severity, count in result.counts().items():
            self.severities[severity] += count
        if any(finding.fails_at(self.fail_on) for finding in result.findings):
            self.failed = True

    @property
    def exit_code(self) -> int:
        """0: nothing reaches the fail level; 1: something does; 2: an invalid or unreadable file;
        130: interrupted (128 + SIGINT, as shells report it), whatever the files done so far say;
        likewise 143 for SIGTERM and 129 for SIGHUP."""
        if self.interrupted:
            return EXIT_STOPPED[self.stop_signal]
        if self.verdicts["invalid"]:
            return 2
        return 1 if self.failed else 0
