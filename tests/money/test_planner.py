"""The per-paycheck planner (engine/money/planner.py), against hand-computed years."""

from __future__ import annotations

import pytest

from megaroth.engine.money.calculator import Person, PlanTerms, limits_or_error
from megaroth.engine.money.headroom import EmployerFormula
from megaroth.engine.money.planner import PlannerError, YearToDate, plan_paychecks

LIMITS_2025 = limits_or_error(2025)
SEED_TERMS = PlanTerms(EmployerFormula(match_tiers=((100, 5),)))
SEED = Person(salary=200_000)


def test_mid_year_lands_exactly_on_the_limit():
    # 16 of 26 paychecks gone at 1,403: 22,448 in. Room 36,500 − 22,448 = 14,052 over 10 paychecks:
    # 1,405 × 9 + 1,407 = 14,052; the year: 23,500 + 10,000 + 22,448 + 14,052 = 70,000
    plan = plan_paychecks(LIMITS_2025, SEED_TERMS, SEED, YearToDate(10, deferrals=14_462, employer=6_154, after_tax=22_448))
    assert (plan.employer, plan.room, plan.left, plan.each, plan.last) == (10_000, 36_500, 14_052, 1_405, 1_407)
    assert plan.lands_at == 70_000
    assert (plan.unfilled, plan.over_room, plan.over_415c) == (0, 0, 0)
    assert plan.overshoot is None and plan.front_loading is None


def test_whole_year_left_is_the_headroom_split():
    plan = plan_paychecks(LIMITS_2025, SEED_TERMS, SEED, YearToDate(26))
    assert (plan.each, plan.last, plan.planned) == (1_403, 1_425, 36_500)


def test_standing_election_that_would_overshoot():
    # 22,448 + 2,000 × 10 = 42,448: 5,948 over; after 7 more paychecks 36,448, the 8th crosses
    plan = plan_paychecks(
        LIMITS_2025, SEED_TERMS, SEED, YearToDate(10, deferrals=14_462, employer=6_154, after_tax=22_448, election=2_000)
    )
    assert plan.overshoot is not None
    assert (plan.overshoot.over_by, plan.overshoot.paycheck) == (5_948, 8)


def test_an_election_that_fits_is_not_flagged():
    plan = plan_paychecks(LIMITS_2025, SEED_TERMS, SEED, YearToDate(10, after_tax=22_448, election=1_405))
    assert plan.overshoot is None


def test_already_over_the_limit_plans_nothing_more():
    # 23,500 + 10,000 + 40,000 = 73,500: 3,500 over §415(c)
    plan = plan_paychecks(LIMITS_2025, SEED_TERMS, SEED, YearToDate(5, deferrals=23_500, employer=8_000, after_tax=40_000))
    assert (plan.left, plan.each, plan.last, plan.over_room, plan.over_415c) == (0, 0, 0, 3_500, 3_500)


def test_front_loaded_deferrals_without_true_up_lose_match():
    # 23,500 deferred in the first 10 of 26 paychecks. Paycheck by paycheck the match is 5% of the pay
    # of those 10 paychecks, 200,000 × 10/26 × 5% = 3,846.15, and nothing after: 10,000 − 3,846 = 6,154 lost.
    # The plan still assumes the full 10,000 (never over): 36,500 − 14,030 = 22,470 = 1,404 × 15 + 1,410
    ytd = YearToDate(16, deferrals=23_500, employer=3_846, after_tax=14_030)
    plan = plan_paychecks(LIMITS_2025, PlanTerms(SEED_TERMS.formula, true_up=False), SEED, ytd)
    assert plan.front_loading is not None
    assert (plan.front_loading.year_match, plan.front_loading.paycheck_match, plan.front_loading.lost) == (10_000, 3_846, 6_154)
    assert (plan.employer, plan.left, plan.each, plan.last) == (10_000, 22_470, 1_404, 1_410)
    unknown = plan_paychecks(LIMITS_2025, SEED_TERMS, SEED, ytd)
    assert unknown.front_loading == plan.front_loading
    trued_up = plan_paychecks(LIMITS_2025, PlanTerms(SEED_TERMS.formula, true_up=True), SEED, ytd)
    assert trued_up.front_loading is None


def test_even_deferrals_lose_no_match():
    plan = plan_paychecks(
        LIMITS_2025, PlanTerms(SEED_TERMS.formula, true_up=False), SEED, YearToDate(13, deferrals=11_750, employer=5_000)
    )
    assert plan.front_loading is None


def test_front_loading_with_a_dollar_match_cap():
    # 2026, 300,000: tiers 100@3 + 50@2 give 12,000, capped at 10,000. All 24,500 deferred in the first
    # 13 of 26 paychecks: paycheck by paycheck the match is 4% of 150,000 = 6,000: 4,000 lost.
    terms = PlanTerms(EmployerFormula(match_tiers=((100, 3), (50, 2)), match_cap=10_000), true_up=False)
    plan = plan_paychecks(limits_or_error(2026), terms, Person(salary=300_000), YearToDate(13, deferrals=24_500))
    assert plan.front_loading is not None
    assert (plan.front_loading.paycheck_match, plan.front_loading.lost) == (6_000, 4_000)


def test_per_paycheck_plan_cap_leaves_room_unfilled():
    # 130,000, cap 10%: 13,000 a year, 500 a paycheck. Nothing in yet with 10 paychecks left:
    # 1,300 a paycheck would be needed; 500 × 10 = 5,000 fits, 8,000 stays unfilled
    terms = PlanTerms(EmployerFormula(match_tiers=((100, 5),), after_tax_cap=10))
    plan = plan_paychecks(LIMITS_2025, terms, Person(salary=130_000), YearToDate(10, deferrals=14_462, employer=4_000))
    assert (plan.room, plan.cap_per_paycheck, plan.each, plan.last, plan.unfilled) == (13_000, 500, 500, 500, 8_000)


def test_year_to_date_deferrals_above_the_plan_raise_the_year():
    # planned 10,000 but 12,000 already deferred: 70,000 − 12,000 − 5% × 200,000 (10,000) = 48,000
    plan = plan_paychecks(LIMITS_2025, SEED_TERMS, Person(salary=200_000, deferral=10_000), YearToDate(6, deferrals=12_000))
    assert (plan.year.headroom.deferral, plan.room) == (12_000, 48_000)


def test_year_to_date_employer_money_above_the_formula_counts():
    # 12,000 already credited against a 10,000 formula: 70,000 − 23,500 − 12,000 = 34,500
    plan = plan_paychecks(LIMITS_2025, SEED_TERMS, SEED, YearToDate(4, employer=12_000))
    assert (plan.employer, plan.room) == (12_000, 34_500)


@pytest.mark.parametrize(
    "ytd",
    [YearToDate(0), YearToDate(27), YearToDate(5, deferrals=-1), YearToDate(5, election=-10)],
)
def test_impossible_year_to_date_is_refused(ytd: YearToDate):
    with pytest.raises(PlannerError):
        plan_paychecks(LIMITS_2025, SEED_TERMS, SEED, ytd)


def test_a_percent_cap_per_paycheck_holds_the_last_paycheck_too():
    # 2025, 150,000, no match, 10% after-tax cap: room 15,000 (test_calculator), at most 576 a paycheck
    # (10% × 150,000 / 26 = 576.92). Whole year left: 15,000 / 26 = 576, last 600 > 576, so 576 in every
    # paycheck: 26 × 576 = 14,976, and 24 unfilled.
    terms = PlanTerms(EmployerFormula(after_tax_cap=10))
    plan = plan_paychecks(LIMITS_2025, terms, Person(salary=150_000), YearToDate(26))
    assert (plan.cap_per_paycheck, plan.each, plan.last, plan.planned, plan.unfilled) == (576, 576, 576, 14_976, 24)


def test_27_paycheck_year_plans_over_27():
    # 27 pay dates, 10 gone: 17 left. Room 36,500 (the seed), nothing after tax yet: 36,500 / 17 = 2,147.06
    # → 2,147 × 16 = 34,352, last 36,500 − 34,352 = 2,148; 27 paychecks left is the whole year, 28 is refused.
    person = Person(salary=200_000, pay_periods=27)
    plan = plan_paychecks(LIMITS_2025, SEED_TERMS, person, YearToDate(17))
    assert (plan.each, plan.last, plan.planned) == (2_147, 2_148, 36_500)
    assert plan_paychecks(LIMITS_2025, SEED_TERMS, person, YearToDate(27)).planned == 36_500
    with pytest.raises(PlannerError, match="from 1 to the year's 27 pay periods, not 28"):
        plan_paychecks(LIMITS_2025, SEED_TERMS, person, YearToDate(28))
