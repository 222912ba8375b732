"""`megaroth acp` as one engine call: read the census, test it, correct it, render it, write it."""

from __future__ import annotations

import gc
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from megaroth.engine.acp import linting
from megaroth.engine.acp.census import CensusError, Employee, parse_columns, read_census
from megaroth.engine.acp.choices import plan_year, safe_harbor_findings
from megaroth.engine.acp.correction import correct
from megaroth.engine.acp.findings import all_findings
from megaroth.engine.acp.headroom import headroom
from megaroth.engine.acp.matching import computed_match, plan_formula
from megaroth.engine.acp.ratios import run_test
from megaroth.engine.acp.report import csv_text, json_text, text
from megaroth.engine.acp.rooms import excess_rooms, room_table
from megaroth.engine.deciding.plan_input import InputError, read_plan
from megaroth.engine.money.limits import limits_for, missing_year, use_limits_file
from megaroth.engine.reading.atomic import atomic_write
from megaroth.engine.reading.display import printable
from megaroth.engine.reading.limits_file import LimitsFileError

FORMATS = ("text", "json", "csv", *linting.FORMATS)
PASSED, FAILED, BAD_INPUT = 0, 1, 2


@dataclass(frozen=True)
class AcpRun:
    """What the command prints and the exit code it ends with."""

    output: str  # the report, for standard output ("" when written to a file)
    exit_code: int
    error: str | None = None  # the one message for bad input (exit 2)


def acp_run(
    census: str,
    *,
    year: int | None,
    plan: str | None = None,
    match_included: bool = True,
    columns: tuple[str, ...] = (),
    output_format: str = "text",
    output: str | None = None,
    force: bool = False,
    limits_file: str | None = None,
    prior_nhce_acp: Decimal | None = None,
    eaca: bool = False,
    prior_census: str | None = None,
) -> AcpRun:
    """Run the test; exit 0 when it passes, 1 when it fails (the correction is in the report), 2 for bad input.

    Nothing is written when the input is bad: the report is rendered whole
    before ``output`` is opened, and written atomically.
    """
    try:
        use_limits_file(limits_file)
    except LimitsFileError as error:
        return AcpRun("", BAD_INPUT, str(error))
    try:
        data = None if plan is None else read_plan(plan)[0]
    except InputError as error:
        return AcpRun("", BAD_INPUT, str(error))
    where = printable(census)
    # A census of 100,000 rows makes hundreds of thousands of objects that refer to no other: the cyclic garbage
    # collector would walk them all again and again (a third of the run) and free nothing. Reference counting
    # frees them as ever; the collector is turned back on as the run ends.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _run(census, where, data, year, match_included, columns, output_format, output, force,
                    prior_nhce_acp, eaca, prior_census)
    finally:
        if collecting:
            gc.enable()


def _run(census: str, where: str, data: dict[str, Any] | None, year: int | None, match_included: bool,
         columns: tuple[str, ...], output_format: str, output: str | None, force: bool,
         prior_nhce_acp: Decimal | None, eaca: bool, prior_census: str | None) -> AcpRun:
    try:
        tested_year = plan_year(data, year)
        if prior_census is not None:
            prior_nhce_acp = prior_year_nhce_acp(prior_census, data, tested_year, match_included, columns)
        employees = read_census(census, parse_columns(columns))
        employees, match_source = with_plan_match(employees, data, tested_year, match_included, where)
        result = run_test(employees, tested_year, match_included=match_included, where=where,
                          prior_nhce_acp=prior_nhce_acp)
        choices = safe_harbor_findings(data, employees, result, census, prior_nhce_acp)
    except CensusError as error:
        return AcpRun("", BAD_INPUT, str(error))
    correction = correct(result, eaca=eaca)
    # Only a plan file can say the match counts after-tax money; with the match left out of the test (--match
    # exclude) an extra after-tax dollar's match does not raise an ACR, but it still uses §415(c) room.
    matched_after_tax = data is not None and plan_formula(data).match_after_tax
    # The room table in full where it is written (json, csv); elsewhere only the rows a finding may be about.
    if output_format in ("json", "csv"):
        rooms = room_table(employees, result.limits)
        room = headroom(result, {line.employee.row: line.after_tax_room for line in rooms},
                        matched_after_tax=matched_after_tax)
    else:
        rooms = excess_rooms(employees, result.limits)
        room = headroom(result, matched_after_tax=matched_after_tax)
    findings = all_findings(census, result, correction, rooms, choices)
    if output_format == "csv":
        rendered = csv_text(result, correction, rooms)  # one row per employee: the findings are in the other formats
    elif output_format == "json":
        rendered = json_text(result, correction, findings, rooms, match_source, room)
    elif output_format == "sarif":
        rendered = linting.sarif(census, result, findings)
    elif output_format == "junit":
        rendered = linting.junit(census, result, findings)
    else:
        report = text(result, correction, findings, match_source, room)
        rendered = linting.github(findings, report) if output_format == "github" else report
    # An error finding (the test fails, a room table excess) fails the run; warnings and notes do not.
    code = FAILED if any(finding.severity == "error" for finding in findings) else PASSED
    if output is None:
        return AcpRun(rendered, code)
    with atomic_write(output, force=force) as stream:
        stream.write(rendered)
    return AcpRun("", code)


def with_plan_match(employees: list[Employee], plan: dict[str, Any] | None, year: int, match_included: bool,
                    where: str) -> tuple[list[Employee], str]:
    """The census, its match computed from the plan's formula when it has no match column; and where the match came from.

    Only a census without a match column gets one ("plan"); a census with the
    column keeps it, blanks and all ("census"). Without a plan file there is
    no formula, and the test says what to give.
    """
    if plan is None or not employees or "match" in employees[0].columns:
        return employees, "census"
    if "deferrals" not in employees[0].columns:
        if not match_included:
            return employees, "census"  # after-tax alone: the match is not tested, and only the room needs it
        raise CensusError(f"{where}:1:1: the census has no match column and no deferrals column to compute "
                          "the plan's match from: give one of them, or test after-tax alone with --match exclude")
    limits = limits_for(year)
    if limits is None:
        raise CensusError(missing_year(year))
    formula = plan_formula(plan)
    cap = limits.compensation_401a17
    return [e._replace(match=computed_match(e, formula, cap)) for e in employees], "plan"


def prior_year_nhce_acp(path: str, plan: dict[str, Any] | None, year: int, match_included: bool,
                        columns: tuple[str, ...]) -> Decimal:
    """The prior plan year's NHCE ACP, tested on that year's census (§1.401(m)-2(a)(2)(ii)).

    The prior year's census is tested as its own year (year - 1): its HCEs by
    the look-back year before it, its compensation capped at that year's
    §401(a)(17), the same match choice; the NHCE ACP of those NHCEs is the
    figure the prior-year method compares this year's HCEs with.
    """
    where = printable(path)
    employees = read_census(path, parse_columns(columns))
    employees, _ = with_plan_match(employees, plan, year - 1, match_included, where)
    prior = run_test(employees, year - 1, match_included=match_included, where=where)
    if prior.nhce_acp is None:
        raise CensusError(f"{where}: has no eligible NHCE: the prior year's NHCE ACP cannot be worked out from it")
    return prior.nhce_acp
