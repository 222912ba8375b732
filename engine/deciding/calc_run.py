"""`megaroth project` as one engine call: the amount, the projection and the leak table, ready to render."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Sequence

from megaroth.engine.money.calculator import HeadroomResult, Person
from megaroth.engine.money.headroom import Number, dollars
from megaroth.engine.money.limits import Limits
from megaroth.engine.deciding.plan_input import Scenario
from megaroth.engine.money.projection import (
    DEFAULT_INFLATION_PERCENT,
    LeakRow,
    Projection,
    leak_table,
    nominal_return,
    project,
)


@dataclass(frozen=True)
class ProjectionReport:
    """Everything `megaroth project` prints: the projection, the leak table, and what they came from."""

    projection: Projection
    leak: Sequence[LeakRow]
    limits: Limits
    pay_periods: int
    tax_rate: Fraction | None = None
    plan_conversions: int | None = None  # conversions a year the plan's best route allows; None: no plan or no route
    plan_priced: int | None = None  # what its leak is priced at (a route on request: monthly at most), marked in the table
    leak_return: Fraction = Fraction(0)  # the leak's nominal return, percent
    inflation: Fraction = Fraction(0)  # the inflation assumption that turned the real return into it, percent
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
    inflation_percent: Number = DEFAULT_INFLATION_PERCENT,
) -> ProjectionReport:
    """Project ``amount`` a year, or the room ``person`` has in the scenario's plan and year.

    Growth is at the real ``return_percent`` (today's dollars); the leak at the
    nominal return it makes with ``inflation_percent``: taxable earnings are
    nominal dollars.
    """
    result = None
    if amount is None:
        if person is None:
            raise ValueError("projection_report needs an amount or a person")
        result = scenario.headroom(person)
        amount = result.headroom.after_tax_room
    whole = dollars(amount)
    plan_conversions = plan_priced = None
    if scenario.data is not None:
        from megaroth.engine.deciding.facts import leak_conversions  # the rules machinery, only for plan files

        priced, allowed = leak_conversions(scenario.data, pay_periods)
        plan_priced, plan_conversions = priced or None, allowed or None
    has_route = None if scenario.data is None else plan_conversions is not None
    rate = None if tax_rate is None else Fraction(str(tax_rate))
    leak_return = nominal_return(return_percent, inflation_percent)
    return ProjectionReport(
        projection=project(
            whole, years, return_percent=return_percent, start_age=start_age, ira_by_age=scenario.limits.ira_for_age
        ),
        leak=leak_table(whole, pay_periods, leak_return, rate, also=plan_priced),
        limits=scenario.limits,
        pay_periods=pay_periods,
        tax_rate=rate,
        plan_conversions=plan_conversions,
        plan_priced=plan_priced,
        leak_return=leak_return,
        inflation=Fraction(str(inflation_percent)),
        plan_has_route=has_route,
        headroom=result,
    )
