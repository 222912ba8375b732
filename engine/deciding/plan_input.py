"""Where the calculator's plan comes from: a plan file (read and validated like `megaroth check`) or flags.

Problems come back as InputError, whose lines are ready to print
(``file:line:col: message`` for a plan file), never as a traceback.
"""

from __future__ import annotations

import sys
from datetime import date
from dataclasses import dataclass, replace
from typing import Any

from megaroth.engine.money.calculator import (
    HeadroomResult,
    NoLimitsError,
    Person,
    PlanTerms,
    headroom_for,
    headroom_roth_unknown,
    limits_or_error,
)
from megaroth.engine.money.limits import Limits
from megaroth.engine.reading.loader import UnreadableFile, load_file, location
from megaroth.engine.reading.validation import validate

STDIN = "-"


class InputError(Exception):
    """Input the calculator cannot use: one message per problem.

    ``in_file`` says whether the messages start with the plan file's
    ``file:line:col`` (printed as they are, like a linter) or are about an option.
    """

    def __init__(self, lines: list[str], *, in_file: bool = True):
        super().__init__("\n".join(lines))
        self.lines = lines
        self.in_file = in_file


@dataclass(frozen=True)
class Scenario:
    """The year's limits and the plan's terms, and the plan file's data when there is one."""

    limits: Limits
    terms: PlanTerms
    data: dict[str, Any] | None = None
    # The plan file answers Roth `unknown`: ``terms`` say yes, and this is what to raise when the
    # answer changes a participant's numbers (as `check` does, the year is computed both ways).
    roth_unknown: "InputError | None" = None

    def headroom(self, person: Person) -> HeadroomResult:
        """The person's year under these terms; with Roth unknown, only when both answers give the same numbers."""
        if self.roth_unknown is None:
            return headroom_for(self.limits, self.terms, person)
        result, differs = headroom_roth_unknown(self.limits, self.terms, person)
        if differs:
            raise self.roth_unknown
        return result


def read_plan(path: str) -> tuple[dict[str, Any], Any]:
    """A schema-valid plan's data and its positions (megaroth.engine.reading.loader.Document)."""
    name = "<stdin>" if path == STDIN else path
    if path == STDIN and sys.stdin is None:  # started with standard input closed (<&-)
        raise InputError([f"{name}: cannot read standard input: it is closed"])
    try:
        document = load_file(name, "the plan file", sys.stdin.buffer if path == STDIN else None)
    except UnreadableFile as error:
        raise InputError([error.line]) from None
    problems = validate(document.data)
    if problems:
        raise InputError(
            [
                f"{location(name, *document.locate(problem.pointer, at_key=problem.at_key))}: {problem.message}"
                for problem in problems
            ]
        )
    return document.data, document


def from_plan_file(path: str, year: int | None) -> Scenario:
    """The scenario a plan file gives; ``year`` (from --year) overrides the plan's own year."""
    # facts pulls in the rules machinery; only plan files need it
    from megaroth.engine.deciding.facts import UnknownAnswer, plan_terms, suspect_percents

    data, document = read_plan(path)
    name = "<stdin>" if path == STDIN else path
    def unknown_answer(unknown: UnknownAnswer) -> InputError:
        # The calculator's terms are yes or no: an unknown answer is asked for, never guessed.
        return InputError(
            [
                f"{location(name, *document.locate(unknown.pointer, at_key=False))}: {unknown.field_name} is unknown, "
                "and the calculator needs a yes or no; write true or false once the plan administrator has answered "
                "(`megaroth check` says what the answer decides)"
            ]
        )

    roth_unknown = None
    try:
        if data["contributions"]["roth"] == "unknown":
            # As `check` does: Roth matters to the numbers only through the 2026 Roth catch-up, so the
            # year is computed both ways and refused only where the two differ.
            roth_unknown = unknown_answer(UnknownAnswer("/contributions/roth", "contributions.roth"))
            terms = plan_terms(data, roth=True)
        else:
            terms = plan_terms(data)
    except UnknownAnswer as unknown:
        raise unknown_answer(unknown) from None
    suspect = suspect_percents(data, date.today())
    if suspect:
        # As `check` does (MBR001): a room computed on 0.06% where 6% was meant would be wrong to the dollar.
        raise InputError(
            [
                f"{location(name, *document.locate(pointer, at_key=False))}: {text}; the calculator computes no room "
                "from it: write the percent as percent (6 for 6%), or waive MBR001 in the plan if the plan means it"
                for pointer, text in suspect
            ]
        )
    if year is not None:
        return replace(from_flags(year, terms, data), roth_unknown=roth_unknown)
    try:
        limits = limits_or_error(data["plan"]["year"])
    except NoLimitsError as error:
        raise InputError([f"{location(name, *document.locate('/plan/year', at_key=False))}: {error}"]) from None
    return Scenario(limits, terms, data, roth_unknown)


def from_flags(year: int | None, terms: PlanTerms, data: dict[str, Any] | None = None) -> Scenario:
    """The scenario for a year given with --year: required without a plan file."""
    if year is None:
        raise InputError(["--year is required (or --plan FILE, whose plan year is used)"], in_file=False)
    try:
        return Scenario(limits_or_error(year), terms, data)
    except NoLimitsError as error:
        raise InputError([f"--year {year}: {error}"], in_file=False) from None
