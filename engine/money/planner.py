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

    @property
    def planned(self) -> int:
        """After-tax money the plan puts in over the remaining paychecks."""
        return self.each * (self.ytd.periods_left - 1) + self.last

    @property
    def lands_at(self) -> int:
        """The year's annual additions counted in §415(c) if the plan is followed."""
        return self.year.headroom.deferral + self.employer + self.ytd.after_tax + self.planned


def _check(ytd: YearToDate, pay_periods: int) -> None:
    if not 1 <= ytd.periods_left <= pay_periods:
        raise PlannerError(f"paychecks left must be from 1 to the year's {pay_periods} pay periods, not {ytd.periods_left}")
    for name, value in (("deferrals", ytd.deferrals or 0), ("employer", ytd.employer), ("after-tax", ytd.after_tax)):
        if value < 0:
            raise PlannerError(f"year-to-date {name} cannot be negative")
    if ytd.election is not None and ytd.election < 0:
        raise PlannerError("the after-tax election cannot be negative")


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


def plan_paychecks(limits: Limits, terms: PlanTerms, person: Person, ytd: YearToDate) -> PaycheckPlan:
    """The after-tax election per remaining paycheck, and what to watch for."""
    _check(ytd, person.pay_periods)
    year = headroom_for(limits, terms, person)
    if ytd.deferrals is not None and ytd.deferrals > year.headroom.deferral_total:
        year = headroom_for(limits, terms, replace(person, deferral=ytd.deferrals))
    employer = max(year.headroom.employer_total, ytd.employer)
    _, room = headroom.room_left(year.headroom.limit_415c, year.headroom.deferral, employer, year.headroom.plan_cap)
    left = max(0, room - ytd.after_tax)
    # Rounded down: a cap on each paycheck's pay is never exceeded, the last paycheck's included.
    cap_per_paycheck = year.headroom.paycheck_cap
    each, last = headroom.split_capped(left, ytd.periods_left, cap_per_paycheck)
    planned = each * (ytd.periods_left - 1) + last
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
        front_loading=_front_loading(year, ytd, terms.true_up),
    )
