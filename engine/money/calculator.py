"""The calculator's inputs and its headroom answer: one participant, one plan, one year.

The arithmetic is engine/money/headroom.py's; this module gathers what the plan
says (from a plan file or from flags), looks up the year's limits (a year
with none is an error, never another year's figures), and adds what the
table prints beside the room: the catch-up rules, the paycheck split and the
Backdoor Roth IRA for comparison.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from fractions import Fraction

from megaroth.engine.money import headroom
from megaroth.engine.money.headroom import EmployerFormula, Headroom, Number
from megaroth.engine.money.limits import Limits, limits_for, missing_year

# Roth catch-up status under §414(v)(7) (2026+), for the note the table prints.
ROTH_CATCH_UP_REQUIRED = "roth_required"  # the catch-up must be designated Roth
ROTH_CATCH_UP_LOST = "lost"  # the plan has no Roth program: no catch-up at all


class NoLimitsError(Exception):
    """The plan year is not in the limits table in use."""

    def __init__(self, year: int):
        # The same words as MBR301 (limits.missing_year), so check and headroom say it alike.
        super().__init__(f"{missing_year(year)}; megaroth never borrows another year's figures")
        self.year = year


def limits_or_error(year: int) -> Limits:
    """The year's limits, or NoLimitsError."""
    limits = limits_for(year)
    if limits is None:
        raise NoLimitsError(year)
    return limits


@dataclass(frozen=True)
class PlanTerms:
    """What the plan says that the numbers depend on, from a plan file or from flags."""

    formula: EmployerFormula = field(default_factory=EmployerFormula)
    roth: bool = True  # the plan takes designated Roth deferrals
    catch_up: bool = True  # the plan allows catch-up contributions
    solo: bool = False  # a one-participant plan (an owner's; W-2 or self-employed, the Person says which)
    true_up: bool | None = None  # the match is trued up at year end; None: not stated
    name: str | None = None  # the plan's name, when the terms come from a plan file
    after_tax: bool = True  # the plan accepts after-tax contributions (a plan file can say it does not)
    after_tax_hce_cap: Number | None = None  # the plan's after-tax cap for HCEs, % of pay, in place of the formula's

    def formula_for(self, person: "Person") -> EmployerFormula:
        """The formula with the after-tax percent cap that applies to this person (an HCE's own, when the plan has one)."""
        if person.hce and self.after_tax_hce_cap is not None:
            return dataclasses.replace(self.formula, after_tax_cap=self.after_tax_hce_cap)
        return self.formula


@dataclass(frozen=True)
class Person:
    """The participant: pay, age at year end, and the year's elective deferral."""

    salary: Number  # the annual pay rate (W-2 wages); for net_se_earnings, 0
    age: int | None = None  # None: under 50, no catch-up
    deferral: Number | str = "max"
    other_plan_deferrals: Number = 0
    pay_periods: int = 26
    compensation: Number | None = None  # this year's §415(c)(3) pay actually received; None: the salary
    net_se_earnings: Number | None = None  # a sole proprietor's or partner's net earnings, in place of salary
    prior_year_wages: Number | None = None  # last year's W-2 box 3 wages from this employer (§414(v)(7))
    hce: bool = False  # a highly compensated employee (§414(q)): the plan's HCE after-tax cap applies
    paychecks_paid: int | None = None  # paychecks this employer pays this year (mid-year hire or leaver); None: all

    @property
    def paychecks(self) -> int:
        """The paychecks the year's after-tax election is spread over: those paid, or every pay period."""
        return self.pay_periods if self.paychecks_paid is None else self.paychecks_paid

    @property
    def pay_received(self) -> Number | None:
        """This year's §415(c)(3) compensation when it is not the salary: as given, or the salary's share for the
        paychecks paid (rounded down to the cent, so pay is never overstated); None: the salary."""
        if self.compensation is not None or self.paychecks_paid is None or self.self_employed:
            return self.compensation
        return Fraction(math.floor(Fraction(str(self.salary)) * self.paychecks_paid * 100 / self.pay_periods), 100)

    @property
    def self_employed(self) -> bool:
        """Paid in self-employment income (sole proprietor, partner): no FICA wages, outside §414(v)(7)."""
        return self.net_se_earnings is not None

    @property
    def roth_catch_up_wages(self) -> int:
        """The prior-year FICA wages §414(v)(7) looks at: as given, or the salary standing in for them."""
        return headroom.dollars(self.salary if self.prior_year_wages is None else self.prior_year_wages)


@dataclass(frozen=True)
class HeadroomResult:
    """One year's headroom with everything the calculator prints beside it."""

    limits: Limits
    terms: PlanTerms
    person: Person
    headroom: Headroom
    catch_up_allowed: bool
    roth_catch_up: str | None  # ROTH_CATCH_UP_REQUIRED, ROTH_CATCH_UP_LOST or None
    ira_limit: int  # the year's IRA limit for this age: the Backdoor Roth IRA beside the room

    @property
    def age_catch_up(self) -> int:
        """The catch-up the age alone would allow, whatever the plan says."""
        return self.limits.catch_up_for_age(self.person.age)

    @property
    def limited_by_pay(self) -> bool:
        """§415(c) is 100% of pay here, below the dollar limit."""
        return self.headroom.limit_cents < self.limits.annual_additions_415c * 100

    @property
    def pay_capped(self) -> bool:
        """Employer money is computed on pay capped at §401(a)(17)."""
        return self.headroom.compensation_cents > self.limits.compensation_401a17 * 100

    @property
    def wages_stand_in(self) -> bool:
        """§414(v)(7) reaches this year and age, and the salary stood in for last year's W-2 wages."""
        return (
            self.limits.roth_catch_up_wages is not None
            and self.terms.catch_up
            and self.age_catch_up > 0
            and not self.person.self_employed
            and self.person.prior_year_wages is None
        )

    @property
    def cap_binds(self) -> bool:
        """The plan's after-tax cap, not §415(c), sets the room."""
        return self.headroom.plan_cap is not None and self.headroom.plan_cap < self.headroom.room_before_cap


def roth_catch_up_status(limits: Limits, terms: PlanTerms, person: Person) -> str | None:
    """How §414(v)(7) touches this participant's catch-up, if at all."""
    if not terms.catch_up or limits.catch_up_for_age(person.age) == 0:
        return None
    if not headroom.catch_up_must_be_roth(limits, person.roth_catch_up_wages, self_employed=person.self_employed):
        return None
    return ROTH_CATCH_UP_REQUIRED if terms.roth else ROTH_CATCH_UP_LOST


def headroom_for(limits: Limits, terms: PlanTerms, person: Person) -> HeadroomResult:
    """The year's after-tax room for one participant in one plan."""
    allowed = headroom.catch_up_allowed(
        limits,
        person.roth_catch_up_wages,
        plan_allows=terms.catch_up,
        roth=terms.roth,
        self_employed=person.self_employed,
    )
    year = headroom.compute(
        limits,
        terms.formula_for(person),
        salary=person.salary,
        age=person.age,
        deferral=person.deferral,
        other_plan_deferrals=person.other_plan_deferrals,
        pay_periods=person.paychecks,
        catch_up_allowed=allowed,
        compensation=person.pay_received,
        net_se_earnings=person.net_se_earnings,
    )
    return HeadroomResult(
        limits=limits,
        terms=terms,
        person=person,
        headroom=year,
        catch_up_allowed=allowed,
        roth_catch_up=roth_catch_up_status(limits, terms, person),
        ira_limit=limits.ira_for_age(person.age),
    )


def headroom_roth_unknown(limits: Limits, terms: PlanTerms, person: Person) -> tuple[HeadroomResult, bool]:
    """The year when the plan's Roth answer is unknown: worked with Roth (``terms`` otherwise as given),
    and whether answering no would change the numbers.

    Roth reaches the numbers only through the catch-up (from 2026 a higher
    earner's catch-ups must be Roth, §414(v)(7)), so most years are the same
    either way and need no answer; `check` and the calculator both decide so here.
    """
    with_roth = headroom_for(limits, dataclasses.replace(terms, roth=True), person)
    without_roth = headroom_for(limits, dataclasses.replace(terms, roth=False), person)
    return with_roth, with_roth.headroom != without_roth.headroom
