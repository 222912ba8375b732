"""The §415(c) headroom: how much after-tax money a participant can put in.

room = min(§415(c) limit, 100% of pay)
       − elective deferrals counted in §415(c) (catch-up excluded)
       − match − nonelective − profit sharing          (on pay capped at §401(a)(17))
floored at 0, then lowered to the plan's after-tax cap when it has one.

Every line is rounded to whole dollars (half up) before it is subtracted, so
the printed table always adds up.  This module is the one place that
arithmetic lives: the checker's participant facts, the calculator and the
per-paycheck planner all call it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Union

from megaroth.engine.money.limits import Limits

Number = Union[int, float, Fraction, Decimal]


def dollars(amount: Number) -> int:
    """Whole dollars, rounded half up."""
    if isinstance(amount, Fraction):
        amount = Decimal(amount.numerator) / Decimal(amount.denominator)
    return int(Decimal(str(amount)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def split_evenly(amount: int, periods: int) -> tuple[int, int]:
    """Whole-dollar paychecks that add up to ``amount`` exactly and never more.

    Returns (each, last): ``periods - 1`` paychecks of ``each`` (the amount
    divided and rounded down) and a last one that takes the few dollars the
    rounding left, so a constant election of ``each`` never overshoots and the
    last paycheck lands on the amount.
    """
    if periods <= 0:
        raise ValueError("periods must be at least 1")
    each = max(amount, 0) // periods
    return each, max(amount, 0) - each * (periods - 1)


def paycheck_cap(percent: Number | None, pay: int, periods: int) -> int | None:
    """A plan's percent-of-pay cap in one paycheck, whole dollars rounded down (None: no cap).

    Recordkeepers apply the plan's after-tax percent to each paycheck's pay, so
    no paycheck may carry more than ``percent`` of pay / periods: rounding down
    keeps every paycheck, the last one included, inside it.
    """
    if percent is None:
        return None
    return int(Fraction(str(percent)) / 100 * pay / periods)


def split_capped(amount: int, periods: int, cap: int | None) -> tuple[int, int]:
    """split_evenly, with no paycheck above ``cap``: what the cap leaves is the caller's to report."""
    each, last = split_evenly(amount, periods)
    if cap is None:
        return each, last
    return min(each, cap), min(last, cap)


def room_left(limit_415c: int, counted: int, employer: int, plan_cap: int | None) -> tuple[int, int]:
    """After-tax room for a year: (before the plan cap, after it); never negative."""
    room = max(0, limit_415c - counted - employer)
    return room, room if plan_cap is None else min(room, plan_cap)


def catch_up_allowed(limits: Limits, salary: int, *, plan_allows: bool = True, roth: bool = True, solo: bool = False) -> bool:
    """Whether a participant's catch-up can be made at all in this plan.

    From 2026 (§414(v)(7), SECURE 2.0 §603) catch-ups of a participant whose
    prior-year FICA wages from the sponsor exceeded the threshold must be Roth;
    a plan with no Roth deferrals leaves them none.  Salary stands in for
    prior-year FICA wages; self-employed owners of solo plans have no FICA
    wages from the plan sponsor and are not affected.
    """
    if not plan_allows:
        return False
    threshold = limits.roth_catch_up_wages
    if threshold is None or roth or solo:
        return True
    return salary <= threshold


def catch_up_must_be_roth(limits: Limits, salary: int, *, solo: bool = False) -> bool:
    """Whether §414(v)(7) applies: the year has a threshold and this salary is over it."""
    threshold = limits.roth_catch_up_wages
    return threshold is not None and not solo and salary > threshold


@dataclass(frozen=True)
class EmployerFormula:
    """What the employer puts in, as the plan document states it (percents as percent)."""

    match_tiers: tuple[tuple[Number, Number], ...] = ()  # (rate %, up_to % of pay)
    match_cap: int | None = None
    nonelective: Number = 0
    profit_sharing: Number = 0
    after_tax_cap: Number | None = None  # plan cap on after-tax, % of pay

    def match_exact(self, deferral: Number, pay: Number) -> Fraction:
        """The tiers' match on a deferral over some pay, unrounded and before the dollar cap."""
        pay = Fraction(str(pay)) if not isinstance(pay, Fraction) else pay
        if pay <= 0:
            return Fraction(0)
        deferred = Fraction(str(deferral)) * 100 / pay  # percent of pay deferred
        start = Fraction(0)
        total = Fraction(0)
        for rate, up_to in self.match_tiers:
            width = Fraction(str(up_to))
            covered = min(max(deferred - start, Fraction(0)), width)
            total += Fraction(str(rate)) / 100 * covered / 100 * pay
            start += width
        return total

    def match_on(self, deferral: int, pay: int) -> int:
        """The match on a year's deferral, for pay already capped at §401(a)(17)."""
        match = dollars(self.match_exact(deferral, pay))
        return min(match, self.match_cap) if self.match_cap is not None else match

    def percent_of(self, percent: Number, pay: int) -> int:
        return dollars(Fraction(str(percent)) / 100 * pay)


@dataclass(frozen=True)
class Headroom:
    """One participant's year, line by line as the guide's table prints it."""

    salary: int
    capped_pay: int  # pay counted for employer contributions (§401(a)(17))
    limit_415c: int  # the lesser of the §415(c) dollar limit and 100% of pay
    deferral_limit: int  # the most this participant may defer: §402(g) room + catch-up
    regular_room: int  # §402(g) room left after other plans' deferrals
    deferral_total: int  # all elective deferrals (pre-tax + Roth) in this plan
    deferral: int  # the part counted in §415(c): everything but the catch-up
    catch_up: int  # the part above §402(g), outside §415(c)
    excess_deferral: int  # above §402(g) room plus catch-up: an excess deferral
    match: int
    nonelective: int
    profit_sharing: int
    room_before_cap: int
    plan_cap: int | None  # the plan's after-tax cap in dollars, when it has one
    after_tax_room: int
    pay_periods: int
    paycheck_cap: int | None = None  # the plan's after-tax cap in one paycheck (paycheck_cap), when it has one

    @property
    def employer_total(self) -> int:
        """Everything the employer puts in: match, nonelective and profit sharing."""
        return self.match + self.nonelective + self.profit_sharing

    @property
    def per_pay_period(self) -> int:
        """The after-tax election per paycheck, rounded down so the year never overshoots."""
        return split_capped(self.after_tax_room, self.pay_periods, self.paycheck_cap)[0]

    @property
    def last_pay_period(self) -> int:
        """The last paycheck's election: the dollars the rounding down left (never above the cap per paycheck)."""
        return split_capped(self.after_tax_room, self.pay_periods, self.paycheck_cap)[1]

    @property
    def paycheck_unfilled(self) -> int:
        """Room the cap per paycheck leaves unfilled: the room less what the paychecks can carry."""
        return self.after_tax_room - self.per_pay_period * (self.pay_periods - 1) - self.last_pay_period


def compute(
    limits: Limits,
    formula: EmployerFormula,
    *,
    salary: Number,
    age: int | None,
    deferral: Number | str,
    other_plan_deferrals: Number = 0,
    pay_periods: int = 26,
    catch_up_allowed: bool = True,
) -> Headroom:
    """The headroom for one participant in one plan year.

    ``deferral`` is a dollar amount or ``"max"``: the §402(g) room left after
    other plans' deferrals, plus the catch-up when the participant may make one,
    never more than pay. Other plans' deferrals shrink §402(g) room only:
    §415(c) is counted per employer.
    """
    pay = dollars(salary)
    capped_pay = min(pay, limits.compensation_401a17)
    limit_415c = min(limits.annual_additions_415c, pay)
    regular_room = max(0, limits.deferral_402g - dollars(other_plan_deferrals))
    catch_up_room = limits.catch_up_for_age(age) if catch_up_allowed else 0
    deferral_limit = regular_room + catch_up_room
    total = min(deferral_limit, pay) if deferral == "max" else dollars(deferral)  # type: ignore[arg-type]
    catch_up = min(max(total - regular_room, 0), catch_up_room)
    counted = total - catch_up  # an excess deferral still counts until it is refunded
    excess = max(0, total - regular_room - catch_up_room)
    match = formula.match_on(total, capped_pay)
    nonelective = formula.percent_of(formula.nonelective, capped_pay)
    profit_sharing = formula.percent_of(formula.profit_sharing, capped_pay)
    plan_cap = None if formula.after_tax_cap is None else formula.percent_of(formula.after_tax_cap, capped_pay)
    room, after_cap = room_left(limit_415c, counted, match + nonelective + profit_sharing, plan_cap)
    return Headroom(
        salary=pay,
        capped_pay=capped_pay,
        limit_415c=limit_415c,
        deferral_limit=deferral_limit,
        regular_room=regular_room,
        deferral_total=total,
        deferral=counted,
        catch_up=catch_up,
        excess_deferral=excess,
        match=match,
        nonelective=nonelective,
        profit_sharing=profit_sharing,
        room_before_cap=room,
        plan_cap=plan_cap,
        after_tax_room=after_cap,
        pay_periods=pay_periods,
        paycheck_cap=paycheck_cap(formula.after_tax_cap, capped_pay, pay_periods),
    )
