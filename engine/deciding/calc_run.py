"""`megaroth project` as one engine call: the amount, the projection and the leak table, ready to render."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Sequence

from megaroth.engine.money.calculator import HeadroomResult, Person
from megaroth.engine.money.headroom import Number, dollars
from megaroth.engine.money.limits import Limits
from megaroth.engine.deciding.plan_input import Scenario
from megaroth.engine.money.projection import LeakRow, Projection, leak_table, project


@dataclass(frozen=True)
class ProjectionReport:
    """Everything `megaroth project` prints: the projection, the leak table, and what they came from."""

    projection: Projection
    leak: Sequence[LeakRow]
    limits: Limits
    pay_periods: int
    tax_rate: Fraction | None = None
    plan_conversions: int | None = None  # the plan's best route, marked in the leak table; None: no plan or no route
    plan_has_route: bool | None = None  # None: no plan file
    headroom: HeadroomResult | None = None  # when the amount is the computed room


def projection_report(
    scenario: Scenario,
    *,
    years: int,
    return_percent: Number,
    pay_periods: int,
    amount: Number | None = None,
    person: Person | None = None,
    start_age: int | None = None,
    tax_rate: Number | None = None,
) -> ProjectionReport:
    """Project ``amount`` a year, or the room ``person`` has in the scenario's plan and year."""
    result = None
    if amount is None:
        if person is None:
            raise ValueError("projection_report needs an amount or a person")
        result = scenario.headroom(person)
        amount = result.headroom.after_tax_room
    whole = dollars(amount)
    plan_conversions = None
    if scenario.data is not None:
        from megaroth.engine.deciding.facts import conversions_per_year  # the rules machinery, only for plan files

        plan_conversions = conversions_per_year(scenario.data, pay_periods) or None
    has_route = None if scenario.data is None else plan_conversions is not None
    rate = None if tax_rate is None else Fraction(str(tax_rate))
    return ProjectionReport(
        projection=project(
            whole, years, return_percent=return_percent, start_age=start_age, ira_by_age=scenario.limits.ira_for_age
        ),
        leak=leak_table(whole, pay_periods, return_percent, rate, also=plan_conversions),
        limits=scenario.limits,
        pay_periods=pay_periods,
        tax_rate=rate,
        plan_conversions=plan_conversions,
        plan_has_route=has_route,
        headroom=result,
    )
