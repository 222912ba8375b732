"""`megaroth acp` as one engine call: read the census, test it, correct it, render it, write it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from megaroth.engine.acp.census import CensusError, parse_columns, read_census
from megaroth.engine.acp.choices import plan_year, safe_harbor_findings
from megaroth.engine.acp.correction import correct
from megaroth.engine.acp.ratios import run_test
from megaroth.engine.acp.report import csv_text, json_text, text
from megaroth.engine.deciding.plan_input import InputError, read_plan
from megaroth.engine.money.limits import use_limits_file
from megaroth.engine.reading.atomic import atomic_write
from megaroth.engine.reading.display import printable
from megaroth.engine.reading.limits_file import LimitsFileError

FORMATS = ("text", "json", "csv")
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
    try:
        tested_year = plan_year(data, year)
        employees = read_census(census, parse_columns(columns))
        result = run_test(employees, tested_year, match_included=match_included, where=where,
                          prior_nhce_acp=prior_nhce_acp)
        findings = safe_harbor_findings(data, employees, result, where, prior_nhce_acp)
    except CensusError as error:
        return AcpRun("", BAD_INPUT, str(error))
    correction = correct(result, eaca=eaca)
    if output_format == "csv":
        rendered = csv_text(result, correction)  # one row per employee: the notes are in text and json
    else:
        rendered = (json_text if output_format == "json" else text)(result, correction, findings)
    code = PASSED if result.passed else FAILED
    if output is None:
        return AcpRun(rendered, code)
    with atomic_write(output, force=force) as stream:
        stream.write(rendered)
    return AcpRun("", code)
