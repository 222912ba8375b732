"""The census test's findings as catalog rules MBR601.. (rules/600-census.yaml), each at CENSUS:row:col.

A finding about the whole census (the test fails, the NHCE ACP is 0, the
other match choice) has no row; one about an employee (a refund, a room
table excess) is at that employee's row and the column of the money in
question. The messages are the catalog's templates, filled here: a census
column the test does not read can never reach one.
"""

from __future__ import annotations

import functools
from dataclasses import replace
from decimal import Decimal
from typing import Any

from megaroth.engine.acp.census import Employee
from megaroth.engine.acp.correction import Correction
from megaroth.engine.acp.ratios import Result
from megaroth.engine.acp.rooms import Room
from megaroth.engine.deciding.catalog import Rule
from megaroth.engine.deciding.findings import Finding, sort_findings
from megaroth.engine.reading.display import printable
from megaroth.engine.reading.resources import load_data, rules_dir

QNEC_PERCENT_CAP = Decimal(5)  # §1.401(m)-2(a)(6): the greater of 5% and twice the representative rate counts


CENSUS_RULES = "600-census.yaml"


@functools.lru_cache(maxsize=None)
def census_rules() -> dict[str, Rule]:
    """The MBR6xx rules, read from their own catalog file.

    The whole catalog (``catalog()``) validates every rule file against the
    rule schema, a tenth of a second a census run does not need for ten rules:
    the tests and ``megaroth rules`` validate this file with the rest.
    """
    data = load_data(rules_dir() / CENSUS_RULES)
    group = CENSUS_RULES.removesuffix(".yaml").partition("-")[2]
    return {item["id"]: replace(Rule.from_data(item), group=group) for item in data["rules"]}


def acp_rule_ids() -> tuple[str, ...]:
    """Every rule the census test checks, in id order (JUnit writes one test case each)."""
    return tuple(sorted(census_rules()))


def finding(rule_id: str, path: str, employee: Employee | None = None, column: str | None = None,
            **fields: Any) -> Finding:
    """A finding of ``rule_id`` with its catalog message filled; at the employee's row and column, if any."""
    rule = census_rules()[rule_id]
    line = None if employee is None else employee.row
    col = None if employee is None else employee.columns.get(column or "", 1)
    return Finding(rule=rule.id, severity=rule.severity, title=rule.title, message=rule.message.format(**fields),
                   path=path, line=line, column=col, pointer=column or "", citations=rule.citations, fix=rule.fix)


def _usd(value: Decimal) -> str:
    return f"{value:,.2f}"


def _date(correction: Correction) -> str:
    day = correction.deadlines.without_excise
    return f"{day:%B} {day.day}, {day.year}"


def test_findings(path: str, result: Result, correction: Correction | None) -> list[Finding]:
    """The test's own findings: it fails (MBR601), each refund (MBR602), a zero NHCE ACP (MBR605), a large QNEC (MBR606)."""
    found: list[Finding] = []
    if result.nhces and result.hces and result.method == "current" and result.nhce_acp == 0:
        found.append(finding("MBR605", path))
    if correction is None:
        return found
    found.append(finding("MBR601", path, hce_acp=f"{result.hce_acp:.2f}", limit=f"{result.limit:.2f}",
                         nhce_acp=f"{result.nhce_acp:.2f}", total_excess=_usd(correction.total_excess),
                         deadline=_date(correction)))
    deadline = _date(correction)
    for refund in correction.refunds:
        column = "after_tax" if refund.after_tax > 0 else "match"
        found.append(finding("MBR602", path, refund.tested.employee, column, amount=_usd(refund.amount),
                             id=printable(refund.tested.employee.id), after_tax=_usd(refund.after_tax),
                             match=_usd(refund.match), deadline=deadline))
    if correction.qnec_percent is not None and correction.qnec_percent > QNEC_PERCENT_CAP:
        found.append(finding("MBR606", path, percent=f"{correction.qnec_percent:.2f}"))
    return found


def _additions_column(employee: Employee) -> str:
    """The column an annual-additions excess points at: after-tax money, the first returned, when the census has it."""
    return next((name for name in ("after_tax", "deferrals", "match", "nonelective", "profit_sharing")
                 if name in employee.columns), "compensation")


def room_findings(path: str, rooms: list[Room], year: int) -> list[Finding]:
    """The room table's excesses: §415(c) (MBR607, MBR608), §402(g) (MBR609), and those an age would settle (MBR610)."""
    found: list[Finding] = []
    for room in rooms:
        employee = room.employee
        if not (room.deferral_excess or room.additions_excess or room.unsure):
            continue
        name = printable(employee.id)
        if room.deferral_excess:
            found.append(finding("MBR609", path, employee, "deferrals", id=name, deferrals=_usd(employee.deferrals or 0),
                                 limit_words=_deferral_words(room), excess=_usd(room.deferral_excess)))
        if room.additions_excess:
            if room.binding == "pay":
                found.append(finding("MBR608", path, employee, "compensation", id=name,
                                     additions=_usd(room.least_additions),
                                     ceiling=_usd(room.ceiling), excess=_usd(room.additions_excess)))
            else:
                found.append(finding("MBR607", path, employee, _additions_column(employee), id=name,
                                     additions=_usd(room.least_additions), ceiling=_usd(room.ceiling),
                                     excess=_usd(room.additions_excess)))
        if room.unsure:
            found.append(_unsure(path, room, name, year))
    return found


def _deferral_words(room: Room) -> str:
    age, base = room.employee.age, room.base_402g
    if age is None:
        most = (room.employee.deferrals or Decimal(0)) - base - room.deferral_excess
        return f"§402(g)'s {_usd(base)} plus the largest catch-up of any age ({_usd(most)}; the census gives no age)"
    if room.deferral_limit == base:
        return f"§402(g)'s {_usd(base)} (no catch-up at age {age})"
    catch_up = room.deferral_limit - base
    return f"§402(g)'s {_usd(base)} plus the {_usd(catch_up)} catch-up at age {age} ({_usd(room.deferral_limit)})"


def _unsure(path: str, room: Room, name: str, year: int) -> Finding:
    employee = room.employee
    deferrals = employee.deferrals or Decimal(0)
    over_402g = max(Decimal(0), deferrals - room.base_402g)
    if over_402g and not room.deferral_excess:
        what = f"deferrals of {_usd(deferrals)} (over §402(g)'s {_usd(room.base_402g)})"
        excess = over_402g
    else:
        what = f"annual additions of {_usd(room.additions)} (over {_usd(room.ceiling)} without a catch-up)"
        excess = room.additions - room.ceiling
    return finding("MBR610", path, employee, "deferrals", id=name, what=what, excess=_usd(excess), year=year)


def all_findings(path: str, result: Result, correction: Correction | None, rooms: list[Room],
                 choices: list[Finding]) -> tuple[Finding, ...]:
    """Every finding of the run, in row, column, rule order (file-wide findings first)."""
    return sort_findings([*choices, *test_findings(path, result, correction), *room_findings(path, rooms, result.year)])
