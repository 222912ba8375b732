"""Where the calculator's plan comes from: a plan file (read and validated like `megaroth check`) or flags.

Problems come back as InputError, whose lines are ready to print
(``file:line:col: message`` for a plan file), never as a traceback.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Any

from megaroth.engine.money.calculator import NoLimitsError, PlanTerms, limits_or_error
from megaroth.engine.money.limits import Limits
from megaroth.engine.reading.loader import LoadError, cannot_read, load_bytes, location, read_bounded
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


def read_plan(path: str) -> tuple[dict[str, Any], Any]:
    """A schema-valid plan's data and its positions (megaroth.engine.reading.loader.Document)."""
    name = "<stdin>" if path == STDIN else path
    if path == STDIN and sys.stdin is None:  # started with standard input closed (<&-)
        raise InputError([f"{name}: cannot read standard input: it is closed"])
    try:
        if path == STDIN:
            raw = read_bounded(sys.stdin.buffer)
        else:
            with open(path, "rb") as handle:
                raw = read_bounded(handle)
    except OSError as error:
        raise InputError([f"{name}: {cannot_read('the plan file', error)}"]) from None
    try:
        document = load_bytes(raw)
    except LoadError as error:
        raise InputError([f"{location(name, error.line, error.column)}: {error.message}"]) from None
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
    from megaroth.engine.deciding.facts import plan_terms  # facts pulls in the rules machinery; only plan files need it

    data, document = read_plan(path)
    if year is not None:
        return from_flags(year, plan_terms(data), data)
    try:
        limits = limits_or_error(data["plan"]["year"])
    except NoLimitsError as error:
        name = "<stdin>" if path == STDIN else path
        raise InputError([f"{location(name, *document.locate('/plan/year', at_key=False))}: {error}"]) from None
    return Scenario(limits, plan_terms(data), data)


def from_flags(year: int | None, terms: PlanTerms, data: dict[str, Any] | None = None) -> Scenario:
    """The scenario for a year given with --year: required without a plan file."""
    if year is None:
        raise InputError(["--year is required (or --plan FILE, whose plan year is used)"], in_file=False)
    try:
        return Scenario(limits_or_error(year), terms, data)
    except NoLimitsError as error:
        raise InputError([f"--year {year}: {error}"], in_file=False) from None
