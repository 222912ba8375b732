"""Properties of the headroom arithmetic and the planner, over generated participants and plans (hypothesis)."""

from __future__ import annotations

from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from megaroth.engine.money.calculator import Person, PlanTerms, headroom_for, limits_or_error
from megaroth.engine.money.headroom import EmployerFormula, split_evenly
from megaroth.engine.money.limits import known_years
from megaroth.engine.money.planner import Bonus, YearToDate, plan_paychecks

percents = st.integers(min_value=0, max_value=1000).map(lambda tenths: tenths / 10)  # 0 to 100 in 0.1 steps
tiers = st.lists(st.tuples(percents, st.integers(min_value=0, max_value=20)), max_size=3).map(tuple)
formulas = st.builds(
    EmployerFormula,
    match_tiers=tiers,
    match_cap=st.none() | st.integers(min_value=0, max_value=100_000),
    nonelective=st.integers(min_value=0, max_value=25),
    profit_sharing=st.integers(min_value=0, max_value=25),
    after_tax_cap=st.none() | percents,
)
plan_terms = st.builds(
    PlanTerms,
    formula=formulas,
    roth=st.booleans(),
    catch_up=st.booleans(),
    solo=st.booleans(),
    true_up=st.none() | st.booleans(),
)
people = st.builds(
    Person,
    salary=st.integers(min_value=0, max_value=1_000_000),
    age=st.none() | st.integers(min_value=18, max_value=80),
    deferral=st.just("max") | st.integers(min_value=0, max_value=40_000),
    other_plan_deferrals=st.integers(min_value=0, max_value=30_000),
    pay_periods=st.sampled_from([12, 24, 26, 27, 52]),
)
years = st.sampled_from(known_years())


@settings(max_examples=300)
@given(years, plan_terms, people)
def test_room_is_never_negative_nor_above_the_415c_limit(year: int, terms: PlanTerms, person: Person):
    limits = limits_or_error(year)
    room = headroom_for(limits, terms, person).headroom
    assert 0 <= room.after_tax_room <= room.room_before_cap <= room.limit_415c <= limits.annual_additions_415c
    assert room.limit_415c <= max(room.salary, 0)
    # whole-dollar elections that add up to the room, less what a cap per paycheck leaves, never above the cap
    planned = room.per_pay_period * (room.pay_periods - 1) + room.last_pay_period
    assert planned + room.paycheck_unfilled == room.after_tax_room and room.paycheck_unfilled >= 0
    if room.paycheck_cap is None:
        assert room.paycheck_unfilled == 0
    else:
        assert max(room.per_pay_period, room.last_pay_period) <= room.paycheck_cap
        # the cap is a percent of pay: it leaves unfilled at most what rounding each paycheck down drops
        assert room.paycheck_unfilled < room.pay_periods or room.paycheck_cap * room.pay_periods < room.after_tax_room


employer_raises = st.sampled_from(["nonelective", "profit_sharing", "match_rate", "match_width", "match_cap"])


@settings(max_examples=300)
@given(years, plan_terms, people, employer_raises, st.integers(min_value=1, max_value=20))
def test_room_never_grows_when_an_employer_contribution_rises(
    year: int, terms: PlanTerms, person: Person, what: str, step: int
):
    limits = limits_or_error(year)
    formula = terms.formula
    if what == "nonelective":
        richer = replace(formula, nonelective=formula.nonelective + step)
    elif what == "profit_sharing":
        richer = replace(formula, profit_sharing=formula.profit_sharing + step)
    elif what == "match_rate":
        richer = replace(formula, match_tiers=tuple((rate + step, up_to) for rate, up_to in formula.match_tiers))
    elif what == "match_width":
        richer = replace(formula, match_tiers=formula.match_tiers + ((100, step),))
    else:
        cap = formula.match_cap
        richer = replace(formula, match_cap=None if cap is None else cap + step * 1_000)
    before = headroom_for(limits, terms, person).headroom
    after = headroom_for(limits, replace(terms, formula=richer), person).headroom
    assert after.employer_total >= before.employer_total
    # Employee money that fits in §415(c) never grows.  The after-tax room alone can: with deferral max
    # at low pay, richer employer money lowers the largest lawful deferral (§415(c)(1)(B)), and the
    # whole dollars that leaves may land in the after-tax room instead.
    assert after.after_tax_room + after.deferral <= before.after_tax_room + before.deferral
    if person.deferral != "max":
        assert after.after_tax_room <= before.after_tax_room


@settings(max_examples=300)
@given(
    years,
    plan_terms,
    people,
    st.data(),
)
def test_planner_never_lands_above_the_limit(year: int, terms: PlanTerms, person: Person, data: st.DataObject):
    limits = limits_or_error(year)
    ytd = YearToDate(
        periods_left=data.draw(st.integers(min_value=1, max_value=person.pay_periods)),
        deferrals=data.draw(st.none() | st.integers(min_value=0, max_value=40_000)),
        employer=data.draw(st.integers(min_value=0, max_value=80_000)),
        after_tax=data.draw(st.integers(min_value=0, max_value=80_000)),
        election=data.draw(st.none() | st.integers(min_value=0, max_value=10_000)),
    )
    plan = plan_paychecks(limits, terms, person, ytd)
    assert plan.each >= 0 and plan.last >= 0 and plan.unfilled >= 0
    assert plan.planned + plan.unfilled == plan.left
    if plan.cap_per_paycheck is not None:
        assert max(plan.each, plan.last) <= plan.cap_per_paycheck
    if plan.planned:
        # whole dollars, never over: the year with the plan followed stays within §415(c) and the room
        assert plan.lands_at <= plan.year.headroom.limit_415c
        assert ytd.after_tax + plan.planned <= plan.room
    if plan.unfilled == 0 and plan.over_room == 0:
        assert ytd.after_tax + plan.planned == plan.room  # and it lands exactly on the room


@given(st.integers(min_value=0, max_value=200_000), st.integers(min_value=1, max_value=52))
def test_paycheck_split_never_overshoots_and_lands_on_the_amount(amount: int, periods: int):
    each, last = split_evenly(amount, periods)
    assert each * periods <= amount  # a constant election of `each` never goes over
    assert each <= last < each + periods  # the last paycheck takes only the rounding left over
    assert each * (periods - 1) + last == amount


def _cents(amount: Fraction) -> Decimal:
    """What payroll takes from one paycheck: to the cent, half up (worked independently of the planner)."""
    return (Decimal(amount.numerator) / Decimal(amount.denominator)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@settings(max_examples=300)
@given(years, plan_terms, people, st.data())
def test_percent_elections_and_bonuses_never_carry_the_year_over(year: int, terms: PlanTerms, person: Person, data: st.DataObject):
    limits = limits_or_error(year)
    periods = person.pay_periods
    bonuses = tuple(
        data.draw(
            st.lists(
                st.builds(
                    Bonus,
                    amount=st.integers(min_value=0, max_value=200_000),
                    paycheck=st.integers(min_value=1, max_value=periods),
                    matched=st.booleans(),
                ),
                max_size=3,
            )
        )
    )
    step = data.draw(st.sampled_from(["percent", "0.1"]))
    left_count = data.draw(st.integers(min_value=1, max_value=periods))
    plan = plan_paychecks(limits, terms, person, YearToDate(left_count), bonuses=bonuses, step=step)
    election = plan.percent_election
    assert election is not None
    # Each paycheck left: its pay (salary / paychecks, plus its bonuses) and the election's percent of it, to the cent.
    pays = [Fraction(plan.pay - sum(b.amount for b in bonuses), periods)] * periods
    for bonus in bonuses:
        pays[bonus.paycheck - 1] += bonus.amount
    pays = pays[periods - left_count :]

    def total(percent: Fraction) -> Decimal:
        return sum((_cents(percent / 100 * pay) for pay in pays), Decimal(0))

    assert Decimal(election.total.numerator) / Decimal(election.total.denominator) == total(election.percent)
    assert 0 <= election.total <= plan.left and election.unfilled == plan.left - election.total
    if election.total:  # an explicit deferral above pay is over on its own (the 100%-of-pay finding's business)
        assert plan.lands_at <= plan.year.headroom.limit_415c
    cap = terms.formula.after_tax_cap
    if cap is not None:
        assert election.percent <= Fraction(str(cap))
    # Rounded down, not further: one more step is over the room, or over 100% or the plan's cap.
    more = election.percent + election.step
    over_cap = cap is not None and (
        more > Fraction(str(cap)) or _cents(more / 100 * min(pays)) > (plan.cap_per_paycheck or 0)
    )
    if plan.left == 0:
        assert election.percent == 0
    else:
        assert total(more) > plan.left or more > 100 or over_cap
    spread = plan.deferral_spread
    if spread is not None:
        regular = left_count - 1 - len(spread.bonus_paychecks)
        assert spread.each * regular + sum(amount for _, amount in spread.bonus_paychecks) + spread.last == spread.rest
        assert min([spread.each, spread.last] + [amount for _, amount in spread.bonus_paychecks]) >= 0


def _fits(limits, formula: EmployerFormula, person: Person, after_tax: int) -> bool:
    """Whether this much after-tax money (spillover included) fits in §415(c) beside the person's deferral."""
    from megaroth.engine.money import headroom

    year = headroom_for(limits, PlanTerms(formula), person).headroom
    counted_for_match = year.deferral_total + (after_tax if formula.match_after_tax else 0)
    pay = headroom.Fraction(year.compensation_cents, 100)
    capped = min(pay, headroom.Fraction(limits.compensation_401a17))
    match = headroom.cents_up(formula.match_capped(counted_for_match, capped))
    others = headroom.cents_up(headroom.exact(formula.nonelective) / 100 * capped) + headroom.cents_up(
        headroom.exact(formula.profit_sharing) / 100 * capped
    )
    return (year.deferral + after_tax) * 100 + match + others <= year.limit_cents


rich_formulas = st.builds(
    EmployerFormula,
    match_tiers=tiers,
    match_cap=st.none() | st.integers(min_value=0, max_value=100_000),
    nonelective=st.integers(min_value=0, max_value=25),
    profit_sharing=st.integers(min_value=0, max_value=25),
    after_tax_cap=st.none() | percents,
    match_after_tax=st.booleans(),
    employee_cap=st.none() | percents,
    after_tax_cap_dollars=st.none() | st.integers(min_value=0, max_value=80_000),
    spillover=st.booleans(),
)
paid_people = st.builds(
    Person,
    salary=st.integers(min_value=0, max_value=1_000_000),
    age=st.none() | st.integers(min_value=18, max_value=80),
    deferral=st.just("max") | st.integers(min_value=0, max_value=40_000),
    other_plan_deferrals=st.integers(min_value=0, max_value=40_000),
    compensation=st.none() | st.integers(min_value=0, max_value=1_000_000),
    net_se_earnings=st.none() | st.integers(min_value=0, max_value=1_000_000),
)


@settings(max_examples=300)
@given(years, rich_formulas, paid_people)
def test_a_year_filled_to_the_room_never_passes_415c_and_one_dollar_more_would(
    year: int, formula: EmployerFormula, person: Person
):
    # §415(c): deferrals counted (catch-up aside), spillover, after-tax and all employer money — each line
    # kept to the cent, employer money rounded up — stay within the limit, and the room is the largest
    # whole-dollar amount that does (unless a plan cap, not §415(c), stopped it).
    limits = limits_or_error(year)
    terms = PlanTerms(formula)
    room = headroom_for(limits, terms, person).headroom
    additions = (room.deferral + room.spillover + room.room_before_cap) * 100 + room.employer_cents
    if room.over_415c == 0:
        assert additions <= room.limit_cents
        if person.deferral == "max":
            assert room.deferral_total <= room.deferral_limit
    if room.over_415c == 0 and room.room_before_cap > 0:
        # The after-tax caps never change the §415(c) room.  (The combined employee cap can: deferrals above
        # it are catch-ups, Treas. Reg. §1.414(v)-1(b)(1)(ii), so it moves the catch-up split.)
        more = replace(formula, after_tax_cap=None, after_tax_cap_dollars=None)
        assert headroom_for(limits, PlanTerms(more), person).headroom.room_before_cap == room.room_before_cap
        # One more after-tax dollar than the room would pass the limit.
        assert not _fits(limits, formula, person, room.spillover + room.room_before_cap + 1)
    assert room.after_tax_room <= room.room_before_cap
    if room.plan_cap is not None:
        assert room.after_tax_room + room.spillover <= max(room.plan_cap, room.spillover)
