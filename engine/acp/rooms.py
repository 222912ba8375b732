"""The room table: every employee's annual additions against §415(c), deferrals against §402(g) and the catch-up.

Annual additions (§415(c)(2)) are deferrals other than catch-up
(§414(v)(3)(A): a catch-up is not an annual addition), after-tax, match,
nonelective and profit-sharing money. They may not exceed the lesser of the
year's dollar limit (§415(c)(1)(A)) and 100% of the employee's compensation
(§415(c)(1)(B)); the census compensation stands in for §415(c)(3)
compensation. Deferrals may not exceed §402(g)(1) plus the catch-up for the
employee's age at the end of the year (§414(v)(2)(B)(i); ages 60 to 63 from
2025, §414(v)(2)(E), in place of the regular catch-up). The census sees only
this employer: §402(g) is one limit per person across employers, so deferrals
elsewhere can make an excess the census cannot show, never remove one.

A blank money cell counts as 0 for an excess (what the census shows is at
least what was contributed), but the room left is only given when the census
has every column it needs: a blank is not known to be nothing.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from megaroth.engine.acp.census import Employee
from megaroth.engine.money.limits import Limits

ZERO = Decimal("0.00")
# The columns without which an employee's after-tax room left is unknown (the match may be computed instead).
ROOM_COLUMNS = ("deferrals", "match", "nonelective", "profit_sharing")


class Room(NamedTuple):
    """One employee's line of the room table; dollars to the cent (a named tuple: one per census row)."""

    employee: Employee
    base_402g: Decimal  # the year's §402(g)(1) limit
    deferral_limit: Decimal  # §402(g)(1) + the catch-up for the age (without an age: no catch-up)
    catch_up: Decimal  # the part of the deferrals that is catch-up, not an annual addition
    additions: Decimal  # annual additions (§415(c)(2)), blanks as 0; without an age, no deferral is catch-up
    least_additions: Decimal  # the same with the most catch-up the age allows (any age's, without an age)
    ceiling: Decimal  # the lesser of the §415(c)(1)(A) dollar limit and 100% of compensation
    binding: str  # "415c" (the dollar limit) or "pay" (100% of compensation, §415(c)(1)(B))
    deferral_excess: Decimal  # deferrals over deferral_limit, sure whatever the age (0 when none is sure)
    additions_excess: Decimal  # additions over ceiling, sure whatever the age
    unsure: bool  # without an age: over §402(g) alone, an excess only if the employee is not catch-up eligible
    after_tax_room: Decimal | None  # how much more after-tax money fits; None: the census lacks a column it needs


@dataclass(frozen=True)
class _Year:
    """One year's limits as Decimals, worked out once for a whole census."""

    base: Decimal  # §402(g)(1)
    dollar_limit: Decimal  # §415(c)(1)(A)
    catch_up_by_age: dict[int | None, Decimal]  # §414(v) for each age 0..130; None: no age
    largest_catch_up: Decimal  # the most any age may make: what an employee without an age could

    @classmethod
    @functools.lru_cache(maxsize=16)
    def of(cls, limits: Limits) -> "_Year":
        ages: dict[int | None, Decimal] = {age: Decimal(limits.catch_up_for_age(age)) for age in range(131)}
        ages[None] = ZERO
        return cls(Decimal(limits.deferral_402g), Decimal(limits.annual_additions_415c), ages,
                   Decimal(max(limits.catch_up_414v, limits.catch_up_60_63 or 0)))


def room(employee: Employee, limits: Limits, match: Decimal | None) -> Room:
    """The room line of ``employee`` for the year of ``limits``; ``match`` is the match (census or computed)."""
    return _room(employee, _Year.of(limits), match)


def _room(employee: Employee, year: _Year, match: Decimal | None) -> Room:
    deferrals = employee.deferrals or ZERO
    base = year.base
    over_402g = deferrals - base if deferrals > base else ZERO
    known_age = employee.age is not None
    # No age: the room never counts on a catch-up; an excess is only sure past the largest catch-up any age has.
    most = year.catch_up_by_age[employee.age] if known_age else year.largest_catch_up
    catch_up = (most if most < over_402g else over_402g) if known_age else ZERO
    others = employee.after_tax + (match or ZERO) + (employee.nonelective or ZERO) + (employee.profit_sharing or ZERO)
    additions = deferrals - catch_up + others
    dollar_limit, pay = year.dollar_limit, employee.compensation
    ceiling, binding = (dollar_limit, "415c") if dollar_limit <= pay else (pay, "pay")
    # The excess that holds even with the most catch-up the age could allow.
    least_additions = additions if known_age else deferrals - (most if most < over_402g else over_402g) + others
    deferral_excess = max(ZERO, over_402g - most)
    additions_excess = max(ZERO, least_additions - ceiling)
    # Without an age, an excess that a catch-up would cover is neither sure nor ruled out.
    unsure = not known_age and (
        (over_402g > 0 and deferral_excess == 0) or (additions > ceiling and additions_excess == 0))
    known = employee.deferrals is not None and employee.nonelective is not None and employee.profit_sharing is not None
    after_tax_room = max(ZERO, ceiling - additions) if known and match is not None else None
    return Room(employee, base, base + most if known_age else base, catch_up, additions, least_additions, ceiling,
                binding, deferral_excess, additions_excess, unsure, after_tax_room)


def room_table(employees: list[Employee], limits: Limits, matches: dict[int, Decimal] | None = None) -> list[Room]:
    """Every census row's room line, eligible or not (§415(c) binds them all), in census order.

    ``matches`` maps a census row to its computed match, for a census without a match column.
    """
    computed = matches or {}
    year = _Year.of(limits)
    return [_room(employee, year, employee.match if employee.match is not None else computed.get(employee.row))
            for employee in employees]


def excess_rooms(employees: list[Employee], limits: Limits) -> list[Room]:
    """The room lines of the rows that may be over a limit (the findings need no other), in census order.

    A row is clear of every limit when its deferrals are within §402(g) and all
    its money together, catch-up or not, is within the lesser of the dollar
    limit and its pay: one sum, not the whole line. The rest get their line.
    """
    year = _Year.of(limits)
    base, dollar_limit = year.base, year.dollar_limit
    lines = []
    for employee in employees:
        deferrals = employee.deferrals or ZERO
        pay = employee.compensation
        total = (deferrals + employee.after_tax + (employee.match or ZERO) + (employee.nonelective or ZERO)
                 + (employee.profit_sharing or ZERO))
        if deferrals <= base and total <= (dollar_limit if dollar_limit <= pay else pay):
            continue
        lines.append(_room(employee, year, employee.match))
    return lines


def after_tax_rooms(employees: list[Employee], limits: Limits) -> list[Decimal | None]:
    """Each employee's after-tax room left (``Room.after_tax_room``), the year's limits worked out once."""
    year = _Year.of(limits)
    return [_room(employee, year, employee.match).after_tax_room for employee in employees]
