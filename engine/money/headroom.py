"""The §415(c) headroom: how much after-tax money a participant can put in.

room = min(§415(c) limit, 100% of pay)
       − elective deferrals counted in §415(c) (catch-up excluded)
       − match − nonelective − profit sharing          (on pay capped at §401(a)(17))
floored at 0, then lowered to the plan's after-tax caps when it has them.

Rounding never works against the participant: employer money is rounded up
to the cent, pay and caps down, and the room down to the whole dollar, so a
year filled to the room never lands above §415(c).  When a match counts
after-tax dollars the room is solved with the match those dollars earn.  This module is the one place that
arithmetic lives: the checker's participant facts, the calculator and the
per-paycheck planner all call it.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Callable, Union

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


def catch_up_allowed(
    limits: Limits, wages: int, *, plan_allows: bool = True, roth: bool = True, self_employed: bool = False
) -> bool:
    """Whether a participant's catch-up can be made at all in this plan.

    From 2026 (§414(v)(7), SECURE 2.0 §603) catch-ups of a participant whose
    prior-year FICA wages from the sponsor (W-2 box 3) exceeded the threshold
    must be Roth; a plan with no Roth deferrals leaves them none.  Only sole
    proprietors and partners, paid in self-employment income and not FICA
    wages, are outside it; a corporation's owner-employee in a solo plan is
    paid W-2 wages and is inside it.
    """
    if not plan_allows:
        return False
    return roth or not catch_up_must_be_roth(limits, wages, self_employed=self_employed)


def catch_up_must_be_roth(limits: Limits, wages: int, *, self_employed: bool = False) -> bool:
    """Whether §414(v)(7) applies: the year has a threshold and these prior-year wages are over it."""
    threshold = limits.roth_catch_up_wages
    return threshold is not None and not self_employed and wages > threshold


@dataclass(frozen=True)
class EmployerFormula:
    """What the employer puts in, and the plan's caps on employee money, as the plan document states them.

    Percents are written as percent.  ``after_tax_cap`` is already the percent
    that applies to this person (an HCE's own percent, when the plan has one:
    the calculator resolves it per person).
    """

    match_tiers: tuple[tuple[Number, Number], ...] = ()  # (rate %, up_to % of pay)
    match_cap: int | None = None
    nonelective: Number = 0
    profit_sharing: Number = 0
    after_tax_cap: Number | None = None  # plan cap on after-tax, % of pay
    match_after_tax: bool = False  # the match counts after-tax contributions with the deferrals
    employee_cap: Number | None = None  # plan cap on deferrals + after-tax together, % of pay
    after_tax_cap_dollars: int | None = None  # plan cap on after-tax, dollars a year
    spillover: bool = False  # deferral elections above §402(g) continue as after-tax

    @functools.cached_property
    def _tiers(self) -> tuple[tuple[Fraction, Fraction], ...]:
        """The tiers as exact (rate, width) fractions, worked out once: the room's search calls the match often."""
        return tuple((Fraction(str(rate)) / 100, Fraction(str(up_to))) for rate, up_to in self.match_tiers)

    def match_exact(self, deferral: Number, pay: Number) -> Fraction:
        """The tiers' match on a deferral over some pay, unrounded and before the dollar cap."""
        pay = exact(pay)
        if pay <= 0:
            return Fraction(0)
        deferred = exact(deferral)
        start = Fraction(0)  # in dollars: where this tier begins
        total = Fraction(0)
        for rate, width in self._tiers:
            span = width * pay / 100  # the dollars of pay this tier covers
            if deferred > start:
                total += rate * min(deferred - start, span)
            start += span
        return total

    def match_capped(self, contributions: Number, pay: Number) -> Fraction:
        """The match on the contributions it counts, exact, after the plan's dollar cap."""
        match = self.match_exact(contributions, pay)
        return min(match, Fraction(self.match_cap)) if self.match_cap is not None else match

    def match_on(self, deferral: int, pay: int) -> int:
        """The match on a year's deferral, for pay already capped at §401(a)(17), in whole dollars."""
        return dollars(self.match_capped(deferral, pay))

    def percent_of(self, percent: Number, pay: int) -> int:
        return dollars(Fraction(str(percent)) / 100 * pay)


def exact(amount: Number) -> Fraction:
    """Any amount as an exact fraction (a float through its decimal text, as it was typed)."""
    if isinstance(amount, Fraction):
        return amount
    return Fraction(amount) if isinstance(amount, int) else Fraction(str(amount))


def cents_up(amount: Fraction) -> int:
    """Cents, rounded up: employer money counted against the room never rounds in the participant's favour."""
    return math.ceil(amount * 100)


def cents_down(amount: Fraction) -> int:
    """Cents, rounded down: pay and caps never round up."""
    return math.floor(amount * 100)


def fica_tax(wages: Fraction, wage_base: int) -> Fraction:
    """The employee's FICA on wages: 6.2% Social Security up to the wage base and 1.45% Medicare on all (§3101(a), (b)(1)).

    The 0.9% Additional Medicare Tax above $200,000 (§3101(b)(2)) is left out:
    the take-home check it would feed never reaches pay that high.
    """
    return Fraction(62, 1000) * min(wages, wage_base) + Fraction(145, 10000) * wages


@dataclass(frozen=True)
class SelfEmployment:
    """A sole proprietor's or partner's compensation, worked from net earnings from self-employment."""

    net_earnings: Fraction
    se_tax: Fraction  # §1401: 15.3% of 92.35% of net earnings up to the wage base, 2.9% above
    half_se_tax: Fraction  # deducted (§164(f)) before earned income
    rate: Fraction  # the plan's employer percent (nonelective + profit sharing), as the plan states it
    wage_base: int


def self_employment(net_earnings: Number, wage_base: int, rate: Number) -> SelfEmployment:
    """SE tax (§1401, §1402(a)(12)), its deductible half (§164(f)), and the plan's employer rate."""
    net = exact(net_earnings)
    base = net * Fraction(9235, 10000)  # §1402(a)(12): net earnings less 7.65% of them
    tax = Fraction(153, 1000) * min(base, wage_base) + Fraction(29, 1000) * max(base - wage_base, Fraction(0))
    return SelfEmployment(net, tax, tax / 2, exact(rate), wage_base)


def _earned_income(se: SelfEmployment, formula: EmployerFormula, deferral: int, pay_cap: int) -> Fraction:
    """Earned income (§401(c)(2)): net earnings less half the SE tax less the employer contribution itself.

    The employer contribution is a percent of earned income, and earned income
    is what is left after it, so solve C + employer(C) = net − half SE tax:
    for a flat 25% that is C = that ÷ 1.25 (the contribution is 20% of it).
    The equation is solved by halving on whole cents (rounded down), which
    also covers pay above §401(a)(17) and a match.
    """
    before = max(se.net_earnings - se.half_se_tax, Fraction(0))

    def employer(pay: Fraction) -> Fraction:
        capped = min(pay, Fraction(pay_cap))
        return (Fraction(str(formula.nonelective)) + Fraction(str(formula.profit_sharing))) / 100 * capped + (
            formula.match_capped(deferral, capped)
        )

    low, high = 0, cents_down(before)
    while low < high:  # the largest whole-cent C with C + employer(C) <= what is left
        middle = (low + high + 1) // 2
        if Fraction(middle, 100) + employer(Fraction(middle, 100)) <= before:
            low = middle
        else:
            high = middle - 1
    return Fraction(low, 100)


@dataclass(frozen=True)
class Headroom:
    """One participant's year, line by line as the guide's table prints it.

    Whole-dollar fields are for the table and the messages; the ``*_cents``
    fields are what the room is worked from: employer money rounded up to the
    cent, pay and caps rounded down, and the room rounded down to the dollar.
    """

    salary: int
    capped_pay: int  # pay counted for employer contributions (§401(a)(17)), whole dollars
    limit_415c: int  # the lesser of the §415(c) dollar limit and 100% of pay, rounded down
    deferral_limit: int  # the most this person may still defer: §402(g) + catch-up less other plans' deferrals
    regular_room: int  # §402(g) room left after other plans' deferrals, catch-up aside
    deferral_total: int  # all elective deferrals (pre-tax + Roth) in this plan
    deferral: int  # the part counted in §415(c): everything but the catch-up
    catch_up: int  # the part above this employer's limits (§1.414(v)-1(b)(1)), outside §415(c)
    excess_deferral: int  # above the person's §402(g) room plus catch-up: an excess deferral
    match: int
    nonelective: int
    profit_sharing: int
    room_before_cap: int
    plan_cap: int | None  # the lowest of the plan's after-tax caps in dollars, when it has one
    after_tax_room: int
    pay_periods: int
    paycheck_cap: int | None = None  # the plan's after-tax cap in one paycheck (paycheck_cap), when it has one
    compensation_cents: int = 0  # §415(c)(3) compensation this year, cents
    limit_cents: int = 0
    match_cents: int = 0
    nonelective_cents: int = 0
    profit_sharing_cents: int = 0
    over_415c: int = 0  # deferrals and employer money above the limit, whole dollars rounded up
    spillover: int = 0  # deferral elections above the deferral limit that the plan moves to after-tax
    match_on_after_tax: int = 0  # the part of the match the after-tax room earns
    cap_reason: str | None = None  # which cap is plan_cap: after_tax_percent, after_tax_dollars or employee_percent
    deferral_max_by_pay: bool = False  # `deferral: max` was lowered to keep annual additions within 100% of pay
    self_employment: SelfEmployment | None = None
    fica_cents: int = 0  # the employee's FICA on this year's pay (0 for self-employment income)

    @property
    def employer_total(self) -> int:
        """Everything the employer puts in, in whole dollars rounded up (the room is what is left, rounded down)."""
        return -(-(self.match_cents + self.nonelective_cents + self.profit_sharing_cents) // 100)

    @property
    def employer_cents(self) -> int:
        return self.match_cents + self.nonelective_cents + self.profit_sharing_cents

    @property
    def compensation(self) -> int:
        """This year's §415(c) compensation in whole dollars, for the table."""
        return dollars(Fraction(self.compensation_cents, 100))

    @property
    def employee_money(self) -> int:
        """What comes out of the participant's pay: deferrals, spillover and the after-tax room filled."""
        return self.deferral_total + self.spillover + self.after_tax_room

    @property
    def take_home_short(self) -> int:
        """Dollars by which pay after FICA cannot cover the employee money (0 when it can, or for self-employment)."""
        if self.self_employment is not None:
            return 0
        return max(0, -(-(self.employee_money * 100 - self.compensation_cents + self.fica_cents) // 100))

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


@dataclass(frozen=True)
class _Year:
    """The year's fixed inputs, in exact amounts, once the person's pay is known."""

    limits: Limits
    formula: EmployerFormula
    pay: Fraction  # §415(c)(3) compensation this year
    capped: Fraction  # pay for employer money and percent caps (§401(a)(17))
    catch_up_room: int
    ordinary_limit: int  # this employer's limit on ordinary deferrals: §402(g), or the plan's combined cap if lower
    employee_cap: int | None  # the plan's combined deferral + after-tax cap, dollars
    nonelective_cents: int  # nonelective and profit sharing do not depend on what the employee puts in
    profit_sharing_cents: int
    limit_cents: int  # §415(c): the lesser of the dollar limit and 100% of pay, rounded down to the cent

    def employer(self, deferral: int, after_tax: int) -> tuple[int, int, int]:
        """Match, nonelective and profit sharing in cents, each rounded up to the cent."""
        counted = deferral + (after_tax if self.formula.match_after_tax else 0)
        match = cents_up(self.formula.match_capped(counted, self.capped)) if self.formula.match_tiers else 0
        return match, self.nonelective_cents, self.profit_sharing_cents

    def catch_up(self, deferral: int, employer_cents: int) -> int:
        """The part of a deferral that is catch-up here (Treas. Reg. §1.414(v)-1(b)(1)).

        A deferral is catch-up as far as it is above this employer's limits:
        §402(g) as §401(a)(30) counts it (this employer's plans only), an
        employer-provided limit (the plan's combined cap), or §415(c) itself
        (the part that would put annual additions above the limit, with the
        employer money before any after-tax match), never more than the
        catch-up the person may make.
        """
        if self.catch_up_room == 0:
            return 0
        over_415c = deferral * 100 + employer_cents - self.limit_cents
        return min(self.catch_up_room, max(0, deferral - self.ordinary_limit, -(-over_415c // 100)))

    def over_limit_cents(self, deferral: int, after_tax: int, catch_up: int | None = None) -> int:
        """Annual additions above §415(c) with this deferral and after-tax amount, in cents (negative: room left)."""
        employer = sum(self.employer(deferral, after_tax))
        if catch_up is None:
            alone = employer if after_tax == 0 or not self.formula.match_after_tax else sum(self.employer(deferral, 0))
            catch_up = self.catch_up(deferral, alone)
        return (deferral - catch_up + after_tax) * 100 + employer - self.limit_cents


def largest_that_fits(low: int, high: int, fits: Callable[[int], bool]) -> int:
    """The largest whole number in [low, high] that fits, for a test that holds up to some point and not after.

    ``low`` must fit. The census test's level and headroom searches (engine/acp) use it too.
    """
    if low < high and fits(high):
        # Most years fit at the top (a deferral of max below 100% of pay): one test instead of a search.
        return high
    while low < high:
        middle = (low + high + 1) // 2
        if fits(middle):
            low = middle
        else:
            high = middle - 1
    return low


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
    compensation: Number | None = None,
    net_se_earnings: Number | None = None,
) -> Headroom:
    """The headroom for one participant in one plan year.

    ``deferral`` is a dollar amount or ``"max"``: the largest lawful deferral,
    the person's §402(g) limit plus the catch-up (§402(g)(1)(C): one total per
    person, less what other employers' plans took), never more than pay, and
    lowered until deferrals and employer money fit in 100% of pay
    (§415(c)(1)(B)).  ``compensation`` is this year's pay actually received
    (a mid-year hire or leaver); ``net_se_earnings`` replaces salary for a sole
    proprietor or partner.  Other plans' deferrals shrink §402(g) room only:
    §415(c) is counted per employer.
    """
    se = None
    if net_se_earnings is not None:
        rate = exact(formula.nonelective) + exact(formula.profit_sharing)
        se = self_employment(net_earnings=net_se_earnings, wage_base=limits.ss_wage_base or 0, rate=rate)
    catch_up_room = limits.catch_up_for_age(age) if catch_up_allowed else 0
    other = dollars(other_plan_deferrals)
    regular_room = max(0, limits.deferral_402g - other)
    deferral_limit = max(0, limits.deferral_402g + catch_up_room - other)

    def year_for(pay: Fraction) -> _Year:
        capped = min(pay, Fraction(limits.compensation_401a17))
        cap = None if formula.employee_cap is None else cents_down(exact(formula.employee_cap) / 100 * capped) // 100
        return _Year(
            limits=limits,
            formula=formula,
            pay=pay,
            capped=capped,
            catch_up_room=catch_up_room,
            ordinary_limit=limits.deferral_402g if cap is None else min(limits.deferral_402g, cap),
            employee_cap=cap,
            nonelective_cents=cents_up(exact(formula.nonelective) / 100 * capped),
            profit_sharing_cents=cents_up(exact(formula.profit_sharing) / 100 * capped),
            limit_cents=cents_down(min(Fraction(limits.annual_additions_415c), pay)),
        )

    def pay_for(total: int) -> Fraction:
        if se is not None:
            return _earned_income(se, formula, total, limits.compensation_401a17)
        return Fraction(cents_down(exact(salary if compensation is None else compensation)), 100)

    # Self-employed pay depends on the employer contribution, which depends on the deferral only
    # through a match; the largest deferral is worked at the pay the most a person can defer leaves.
    pay = pay_for(deferral_limit if deferral == "max" else dollars(deferral))  # type: ignore[arg-type]
    year = year_for(pay)
    spill = 0
    lowered = False
    if deferral == "max":
        top = min(deferral_limit, math.floor(pay))
        if year.employee_cap is not None:
            top = min(top, year.employee_cap + catch_up_room)
        if year.over_limit_cents(top, 0) <= 0:  # the usual case: the whole room fits
            total = top
        else:
            total = largest_that_fits(0, top, lambda amount: year.over_limit_cents(amount, 0) <= 0)
        lowered = total < top
    else:
        total = dollars(deferral)  # type: ignore[arg-type]
        if formula.spillover and total > deferral_limit:
            total, spill = deferral_limit, total - deferral_limit
    if se is not None:
        year = year_for(pay_for(total))
    alone = year.employer(total, 0)  # employer money before any after-tax dollar earns match
    catch_up = year.catch_up(total, sum(alone))
    counted = total - catch_up  # an excess deferral still counts until it is refunded
    excess = max(0, total - deferral_limit)
    matched_after_tax = formula.match_after_tax and bool(formula.match_tiers)

    def fits(after_tax: int) -> bool:
        return year.over_limit_cents(total, after_tax, catch_up) <= 0

    left = year.limit_cents - counted * 100 - sum(alone)  # cents left for after-tax money, the spillover included
    if left < 0:
        most = 0
    elif matched_after_tax:
        most = largest_that_fits(0, left // 100, fits)  # each after-tax dollar may earn match too
    else:
        most = left // 100
    caps: list[tuple[int, str]] = []
    if formula.after_tax_cap is not None:
        caps.append((cents_down(exact(formula.after_tax_cap) / 100 * year.capped) // 100, "after_tax_percent"))
    if formula.after_tax_cap_dollars is not None:
        caps.append((formula.after_tax_cap_dollars, "after_tax_dollars"))
    if year.employee_cap is not None:
        caps.append((max(0, year.employee_cap - counted), "employee_percent"))
    plan_cap, cap_reason = min(caps) if caps else (None, None)
    room = max(0, most - spill)
    filled = most if plan_cap is None else min(most, plan_cap)
    after_cap = max(0, filled - spill)
    match, nonelective, profit_sharing = year.employer(total, spill + room) if matched_after_tax else alone
    # Deferrals, spillover and employer money over the limit, before any after-tax election.
    with_spill = year.employer(total, spill) if matched_after_tax and spill else alone
    over = max(0, (counted + spill) * 100 + sum(with_spill) - year.limit_cents)
    match_alone = alone[0]
    wage_base = limits.ss_wage_base
    fica = 0 if se is not None or wage_base is None else cents_up(fica_tax(year.pay, wage_base))
    return Headroom(
        salary=dollars(salary) if se is None else dollars(year.pay),
        capped_pay=dollars(year.capped),
        limit_415c=year.limit_cents // 100,
        deferral_limit=deferral_limit,
        regular_room=regular_room,
        deferral_total=total,
        deferral=counted,
        catch_up=catch_up,
        excess_deferral=excess,
        match=dollars(Fraction(match, 100)),
        nonelective=dollars(Fraction(nonelective, 100)),
        profit_sharing=dollars(Fraction(profit_sharing, 100)),
        room_before_cap=room,
        plan_cap=plan_cap,
        after_tax_room=after_cap,
        pay_periods=pay_periods,
        paycheck_cap=paycheck_cap(formula.after_tax_cap, dollars(year.capped), pay_periods),
        compensation_cents=cents_down(year.pay),
        limit_cents=year.limit_cents,
        match_cents=match,
        nonelective_cents=nonelective,
        profit_sharing_cents=profit_sharing,
        over_415c=-(-over // 100),
        spillover=spill,
        match_on_after_tax=dollars(Fraction(match - match_alone, 100)),
        cap_reason=cap_reason,
        deferral_max_by_pay=lowered,
        self_employment=se,
        fica_cents=fica,
    )
