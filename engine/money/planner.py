"""The per-paycheck planner: the after-tax election for the rest of the year.

Given what has gone in so far (deferrals, employer money, after-tax money)
and the paychecks left, it finds the whole-dollar election per remaining
paycheck that lands the year on the after-tax room (the §415(c) limit, or the
plan's cap when that is lower) and never above it, and says what could go
wrong: money already over the limit, a standing election that would overshoot
(recordkeepers often do not stop it), a per-paycheck plan cap that leaves room
unfilled, and front-loaded deferrals that lose match without a year-end true-up.

The year's deferral and employer money are the larger of what the inputs
plan for the year and what has already gone in; the employer money assumed
is the full year's formula (what a true-up would pay), so a lost match can
only leave room unused, never push the year over.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction

from megaroth.engine.money import headroom
from megaroth.engine.money.calculator import HeadroomResult, Person, PlanTerms, headroom_for
from megaroth.engine.money.limits import Limits


class PlannerError(ValueError):
    """Year-to-date inputs that cannot describe a year (more paychecks left than the year has, ...)."""


@dataclass(frozen=True)
class YearToDate:
    """What has gone into the plan this year so far, and the paychecks left."""

    periods_left: int
    deferrals: int | None = None  # elective deferrals so far, pre-tax and Roth, catch-up included; None: on pace
    employer: int = 0  # match, nonelective and profit sharing credited so far
    after_tax: int = 0
    election: int | None = None  # the after-tax election per paycheck now in place


@dataclass(frozen=True)
class Bonus:
    """Extra pay in one paycheck of the year (numbered from 1), and whether the plan's match counts it."""

    amount: int
    paycheck: int
    matched: bool = True


# Election steps as recordkeepers take them: whole dollars, a whole percent of pay, or 0.1% of pay.
DOLLAR = "dollar"
ELECTION_STEPS: dict[str, Fraction | None] = {DOLLAR: None, "percent": Fraction(1), "0.1": Fraction(1, 10)}


@dataclass(frozen=True)
class PercentElection:
    """An after-tax election as a percent of each paycheck's pay, rounded down to the recordkeeper's step."""

    percent: Fraction
    step: Fraction
    paycheck: Fraction  # what it takes from a regular paycheck, to the cent
    total: Fraction  # over the paychecks left, bonus paychecks included, each to the cent
    unfilled: Fraction  # after-tax left that the rounding down leaves unused


@dataclass(frozen=True)
class DeferralSpread:
    """Deferrals for the paychecks left that keep every paycheck's match when nothing trues it up."""

    each: int  # the deferral in each remaining regular paycheck but the last
    last: int  # the last paycheck: what the rounding down left
    ceiling: int  # the deferral that earns a regular paycheck's whole match (the tiers' percent of its pay, rounded up)
    match: int  # the year's match paycheck by paycheck with this spread: so far plus the rest
    year_match: int  # the year's match on the year's deferral (what a true-up pays)
    percent: Fraction = Fraction(0)  # the same percent of every paycheck's pay left, bonus paychecks included
    bonus_paychecks: tuple[tuple[int, int], ...] = ()  # (paycheck, deferral) for bonus paychecks left but the last
    needed: int = 0  # deferral the paychecks left need for their whole match (each paycheck's ceiling, added up)
    rest: int = 0  # the deferral left for the year

    @property
    def keeps_whole_match(self) -> bool:
        return self.match >= self.year_match


@dataclass(frozen=True)
class FrontLoading:
    """Match lost when deferrals do not follow the pay they are matched on and nothing trues it up."""

    year_match: int  # the year's match on the year's deferral (what a true-up pays)
    paycheck_match: int  # paycheck by paycheck: so far (deferrals spread over the paychecks gone) plus the rest
    lost: int


@dataclass(frozen=True)
class Overshoot:
    """A standing election that would carry the year over the room."""

    election: int
    over_by: int
    paycheck: int  # the remaining paycheck (1 = the next) that crosses the room


@dataclass(frozen=True)
class PaycheckPlan:
    """The rest of the year, paycheck by paycheck."""

    year: HeadroomResult  # the full year, on the larger of the planned and the year-to-date deferral
    ytd: YearToDate
    employer: int  # employer money for the whole year
    room: int  # the year's after-tax room, after the plan cap
    left: int  # after-tax money still to put in
    each: int  # election for each remaining paycheck but the last
    last: int  # election for the last paycheck
    cap_per_paycheck: int | None  # the plan cap in one paycheck, in dollars
    unfilled: int  # room the per-paycheck cap leaves unused
    over_room: int  # after-tax money already above the room
    over_415c: int  # annual additions already above §415(c)
    overshoot: Overshoot | None
    front_loading: FrontLoading | None
    pay: int = 0  # the year's compensation: salary plus bonuses
    bonuses: tuple[Bonus, ...] = ()
    percent_election: PercentElection | None = None  # with an --election-step in percent of pay
    deferral_spread: DeferralSpread | None = None  # when the plan matches and no true-up is known
    employer_formula: int = 0  # the full year's formula (what a true-up pays), before a known lack of true-up

    @property
    def planned(self) -> int:
        """After-tax money the plan puts in over the remaining paychecks (whole dollars, never rounded up)."""
        if self.percent_election is not None:
            return int(self.percent_election.total)
        return self.each * (self.ytd.periods_left - 1) + self.last

    @property
    def lands_at(self) -> int:
        """The year's annual additions counted in §415(c) if the plan is followed."""
        return self.year.headroom.deferral + self.employer + self.ytd.after_tax + self.planned


def _check(ytd: YearToDate, pay_periods: int, bonuses: tuple[Bonus, ...] = (), step: str = DOLLAR) -> None:
    if not 1 <= ytd.periods_left <= pay_periods:
        raise PlannerError(f"paychecks left must be from 1 to the year's {pay_periods} pay periods, not {ytd.periods_left}")
    for name, value in (("deferrals", ytd.deferrals or 0), ("employer", ytd.employer), ("after-tax", ytd.after_tax)):
        if value < 0:
            raise PlannerError(f"year-to-date {name} cannot be negative")
    if ytd.election is not None and ytd.election < 0:
        raise PlannerError("the after-tax election cannot be negative")
    for bonus in bonuses:
        if not 1 <= bonus.paycheck <= pay_periods:
            raise PlannerError(f"a bonus paycheck must be from 1 to the year's {pay_periods} pay periods, not {bonus.paycheck}")
        if bonus.amount < 0:
            raise PlannerError("a bonus cannot be negative")
    if step not in ELECTION_STEPS:
        raise PlannerError(f"the election step is one of {', '.join(ELECTION_STEPS)}, not {step}")


def _cents(amount: Fraction) -> Fraction:
    """To the cent, half up, as payroll computes a percent of a paycheck."""
    return Fraction(headroom.dollars(amount * 100), 100)


def _paycheck_pays(base: int, periods: int, bonuses: tuple[Bonus, ...], *, matched_only: bool = False) -> list[Fraction]:
    """Each paycheck's pay in the year, bonuses on the paychecks they ride on (unmatched ones left out if asked)."""
    pays = [Fraction(base, periods)] * periods
    for bonus in bonuses:
        if bonus.matched or not matched_only:
            pays[bonus.paycheck - 1] += bonus.amount
    return pays


def percent_election(
    left: int, pays: list[Fraction], step: Fraction, *, cap_percent: Fraction | None = None, cap_per_paycheck: int | None = None
) -> PercentElection:
    """The largest percent of pay, in ``step``s, whose paychecks (each to the cent) add up to no more than ``left``.

    ``pays`` are the pays of the paychecks left, bonus paychecks with their
    bonus: a percent election takes its percent of the bonus too. The plan's
    percent cap bounds the percent, and its dollar cap per paycheck bounds a
    regular paycheck (pay above §401(a)(17) is not plan compensation).
    """
    regular = min(pays)
    total_pay = sum(pays, Fraction(0))
    steps = 0 if total_pay == 0 else int(Fraction(left) * 100 / total_pay / step)
    limit = Fraction(100) if cap_percent is None else min(Fraction(100), cap_percent)
    steps = min(steps, int(limit / step))

    def fits(count: int) -> bool:
        percent = count * step / 100
        if cap_per_paycheck is not None and _cents(percent * regular) > cap_per_paycheck:
            return False
        return sum((_cents(percent * pay) for pay in pays), Fraction(0)) <= left

    while steps > 0 and not fits(steps):  # rounding to the cent can carry an estimate over: step down
        steps -= 1
    while left > 0 and (steps + 1) * step <= limit and fits(steps + 1):  # or leave a step that still fits: up
        steps += 1
    percent = steps * step
    total = sum((_cents(percent / 100 * pay) for pay in pays), Fraction(0))
    return PercentElection(percent, step, _cents(percent / 100 * regular), total, Fraction(left) - total)


def _match_by_paycheck(formula: headroom.EmployerFormula, deferrals: list[Fraction], pays: list[Fraction]) -> int:
    """The match paid paycheck by paycheck, each paycheck's deferral against its own pay, then the dollar cap."""
    paid = headroom.dollars(sum((formula.match_exact(d, p) for d, p in zip(deferrals, pays)), Fraction(0)))
    return min(paid, formula.match_cap) if formula.match_cap is not None else paid


def _deferral_spread(
    year: HeadroomResult, ytd: YearToDate, base: int, bonuses: tuple[Bonus, ...], year_match: int
) -> DeferralSpread | None:
    """The deferral per paycheck left that never runs out before the year does, and the match it earns.

    Without a true-up each paycheck is matched on its own deferral against its
    own pay, up to the tiers' percent of that pay (the ceiling). Deferring ahead
    of that ceiling and stopping early (front-loading) forfeits the match of the
    paychecks with nothing left to defer; the even spread of what is left never
    does, since the match is concave in the deferral.
    """
    terms, person = year.terms, year.person
    formula = terms.formula
    if terms.true_up or not formula.match_tiers:
        return None
    periods = person.pay_periods
    left = ytd.periods_left
    gone = periods - left
    # Pay counted for the match: each paycheck's pay (matched bonuses in), scaled to §401(a)(17) for the year.
    pays = _paycheck_pays(base, periods, bonuses, matched_only=True)
    every = _paycheck_pays(base, periods, bonuses)[gone:]  # what a percent deferral election takes its percent of
    pay = sum(pays, Fraction(0))
    scale = Fraction(1) if pay == 0 else min(Fraction(1), Fraction(year.limits.compensation_401a17) / pay)
    pays = [paycheck * scale for paycheck in pays]
    total = year.headroom.deferral_total
    so_far = Fraction(total * gone, periods) if ytd.deferrals is None else Fraction(ytd.deferrals)
    rest = max(0, total - headroom.dollars(so_far))
    # The same percent of every paycheck's pay: rounded down in each, the last paycheck takes what is left.
    pay_left = sum(every, Fraction(0))
    percent = Fraction(0) if pay_left == 0 else Fraction(rest) * 100 / pay_left
    spread = [int(percent * paycheck / 100) for paycheck in every[:-1]]
    spread.append(rest - sum(spread))
    width = sum((Fraction(str(up_to)) for _, up_to in formula.match_tiers), Fraction(0))
    ceilings = [-(-width * paycheck // 100) for paycheck in pays[gone:]]
    regular = int(-(-width * Fraction(base, periods) * scale // 100))
    bonus_at = {bonus.paycheck for bonus in bonuses}
    bonus_paychecks = tuple(
        (gone + index + 1, amount) for index, amount in enumerate(spread[:-1]) if gone + index + 1 in bonus_at
    )
    regulars = [amount for index, amount in enumerate(spread[:-1]) if gone + index + 1 not in bonus_at]
    each = regulars[0] if regulars else spread[-1]
    # The paychecks gone: the deferrals so far against all their pay, as the planner's front-loading check counts them.
    deferrals = [so_far] + [Fraction(amount) for amount in spread]
    matched = [sum(pays[:gone], Fraction(0))] + pays[gone:]
    return DeferralSpread(
        each=each,
        last=spread[-1],
        ceiling=regular,
        match=_match_by_paycheck(formula, deferrals, matched),
        year_match=year_match,
        percent=percent,
        bonus_paychecks=bonus_paychecks,
        needed=int(sum(ceilings, Fraction(0))),
        rest=rest,
    )


def _front_loading(year: HeadroomResult, ytd: YearToDate, true_up: bool | None) -> FrontLoading | None:
    """The match lost to uneven deferrals: the year's match against the match paid paycheck by paycheck.

    The match formula is concave and proportional in (deferral, pay), so
    spreading the same deferral evenly never earns less: any gap is what
    deferring ahead of pay (or behind it) costs without a true-up.  Without
    year-to-date deferrals there is nothing to compare.
    """
    formula = year.terms.formula
    gone = year.person.pay_periods - ytd.periods_left
    if true_up or not formula.match_tiers or gone == 0 or ytd.deferrals is None:
        return None
    pay = Fraction(year.headroom.capped_pay)
    share_gone = Fraction(gone, year.person.pay_periods)
    rest = max(0, year.headroom.deferral_total - ytd.deferrals)
    paid = formula.match_exact(ytd.deferrals, pay * share_gone) + formula.match_exact(rest, pay * (1 - share_gone))
    paycheck_match = headroom.dollars(paid)
    if formula.match_cap is not None:
        paycheck_match = min(paycheck_match, formula.match_cap)
    lost = year.headroom.match - paycheck_match
    return FrontLoading(year.headroom.match, paycheck_match, lost) if lost > 0 else None


def _formula_match(year: HeadroomResult, bonuses: tuple[Bonus, ...]) -> int:
    """The full year's match (what a true-up pays), on pay without the bonuses the match does not count."""
    unmatched = sum(bonus.amount for bonus in bonuses if not bonus.matched)
    if not unmatched or not year.terms.formula.match_tiers:
        return year.headroom.match
    matched_pay = min(year.headroom.salary - unmatched, year.limits.compensation_401a17)
    return year.terms.formula.match_on(year.headroom.deferral_total, matched_pay)


def plan_paychecks(
    limits: Limits,
    terms: PlanTerms,
    person: Person,
    ytd: YearToDate,
    *,
    bonuses: tuple[Bonus, ...] = (),
    step: str = DOLLAR,
) -> PaycheckPlan:
    """The after-tax election per remaining paycheck, and what to watch for.

    Bonuses are pay: they raise the year's compensation (§415(c)(3), and the
    employer money computed on it, the match only for bonuses it counts) and a
    percent election takes its percent of them.
    """
    _check(ytd, person.pay_periods, bonuses, step)
    base = headroom.dollars(person.salary)
    pay = base + sum(bonus.amount for bonus in bonuses)
    person = replace(person, salary=pay) if bonuses else person
    year = headroom_for(limits, terms, person)
    if ytd.deferrals is not None and ytd.deferrals > year.headroom.deferral_total:
        year = headroom_for(limits, terms, replace(person, deferral=ytd.deferrals))
    match = _formula_match(year, bonuses)
    others = year.headroom.nonelective + year.headroom.profit_sharing
    formula_employer = match + others
    spread = _deferral_spread(year, ytd, base, bonuses, match)
    employer = max(formula_employer, ytd.employer)
    if spread is not None and terms.true_up is False:
        # No true-up, and the plan says so: the match is what the paychecks earn, and the room it leaves is after-tax room.
        employer = max(spread.match + others, ytd.employer)
    _, room = headroom.room_left(year.headroom.limit_415c, year.headroom.deferral, employer, year.headroom.plan_cap)
    left = max(0, room - ytd.after_tax)
    # Rounded down: a cap on each paycheck's pay is never exceeded, the last paycheck's included.
    cap_per_paycheck = None
    if terms.formula.after_tax_cap is not None:
        cap_per_paycheck = headroom.paycheck_cap(terms.formula.after_tax_cap, min(base, limits.compensation_401a17), person.pay_periods)
    each, last = headroom.split_capped(left, ytd.periods_left, cap_per_paycheck)
    election = None
    step_size = ELECTION_STEPS[step]
    if step_size is not None:
        pays = _paycheck_pays(base, person.pay_periods, bonuses)[person.pay_periods - ytd.periods_left :]
        cap = None if terms.formula.after_tax_cap is None else Fraction(str(terms.formula.after_tax_cap))
        election = percent_election(left, pays, step_size, cap_percent=cap, cap_per_paycheck=cap_per_paycheck)
    planned = int(election.total) if election is not None else each * (ytd.periods_left - 1) + last
    overshoot = None
    if ytd.election and ytd.after_tax + ytd.election * ytd.periods_left > room:
        over_by = ytd.after_tax + ytd.election * ytd.periods_left - room
        overshoot = Overshoot(ytd.election, over_by, left // ytd.election + 1)
    return PaycheckPlan(
        year=year,
        ytd=ytd,
        employer=employer,
        room=room,
        left=left,
        each=each,
        last=last,
        cap_per_paycheck=cap_per_paycheck,
        unfilled=left - planned,
        over_room=max(0, ytd.after_tax - room),
        over_415c=max(0, year.headroom.deferral + employer + ytd.after_tax - year.headroom.limit_415c),
        overshoot=overshoot,
        # With bonuses pay is uneven: the deferral spread's paycheck-by-paycheck match says what is lost instead.
        front_loading=None if bonuses else _front_loading(year, ytd, terms.true_up),
        pay=pay,
        bonuses=bonuses,
        percent_election=election,
        deferral_spread=spread,
        employer_formula=formula_employer,
    )
