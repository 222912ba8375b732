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
    # With no true-up (the plan says so) the match the year gets is the 3,846, and the §415(c) room the lost match
    # leaves is after-tax room: 70,000 − 23,500 − 3,846 = 42,654; less 14,030 in: 28,624 = 1,789 × 16.
    ytd = YearToDate(16, deferrals=23_500, employer=3_846, after_tax=14_030)
    plan = plan_paychecks(LIMITS_2025, PlanTerms(SEED_TERMS.formula, true_up=False), SEED, ytd)
    assert plan.front_loading is not None
    assert (plan.front_loading.year_match, plan.front_loading.paycheck_match, plan.front_loading.lost) == (10_000, 3_846, 6_154)
    assert (plan.employer, plan.room, plan.left, plan.each, plan.last) == (3_846, 42_654, 28_624, 1_789, 1_789)
    assert plan.lands_at == 70_000 and plan.employer_formula == 10_000
    # Whether the match is trued up not known: the plan assumes the full 10,000 (never over):
    # 36,500 − 14,030 = 22,470 = 1,404 × 15 + 1,410
    unknown = plan_paychecks(LIMITS_2025, SEED_TERMS, SEED, ytd)
    assert unknown.front_loading == plan.front_loading
    assert (unknown.employer, unknown.left, unknown.each, unknown.last) == (10_000, 22_470, 1_404, 1_410)
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


# --- elections as recordkeepers take them: a percent of pay, in whole percents or 0.1% steps ---------------------

from fractions import Fraction  # noqa: E402

from megaroth.engine.money.planner import Bonus  # noqa: E402

NO_TRUE_UP = PlanTerms(SEED_TERMS.formula, true_up=False)


def test_whole_percent_election_rounds_down_and_says_what_it_leaves():
    # The seed's 36,500 room from 200,000 of pay: 36,500 / 200,000 = 18.25% → 18% (19% would be 38,000, over).
    # A paycheck is 200,000 / 26 = 7,692.3077; 18% of it is 1,384.6154, 1,384.62 to the cent; 26 × 1,384.62 =
    # 36,000.12 ≤ 36,500, leaving 499.88 unfilled.
    plan = plan_paychecks(LIMITS_2025, SEED_TERMS, SEED, YearToDate(26), step="percent")
    election = plan.percent_election
    assert election is not None
    assert (election.percent, election.paycheck, election.total) == (18, Fraction("1384.62"), Fraction("36000.12"))
    assert election.unfilled == Fraction("499.88")
    assert (plan.planned, plan.unfilled, plan.lands_at) == (36_000, 500, 69_500)


def test_tenth_of_a_percent_election():
    # 18.2% of 7,692.3077 is 1,400.00 exactly; 26 × 1,400 = 36,400 ≤ 36,500. 18.3% is 1,407.69 a paycheck,
    # 26 × 1,407.69 = 36,599.94 > 36,500: over. 18.2% leaves 100.00.
    election = plan_paychecks(LIMITS_2025, SEED_TERMS, SEED, YearToDate(26), step="0.1").percent_election
    assert election is not None
    assert (election.percent, election.paycheck, election.total, election.unfilled) == (
        Fraction("18.2"),
        Fraction(1400),
        Fraction(36_400),
        Fraction(100),
    )


def test_percent_election_never_above_the_plan_cap():
    # 10% cap at 150,000 (room 15,000): 15,000 / 150,000 = 10% exactly, but 10% of a 5,769.2308 paycheck is
    # 576.92, above the cap per paycheck of 576 (rounded down): 9% (519.23 a paycheck, 26 × 519.23 = 13,499.98)
    election = plan_paychecks(LIMITS_2025, PlanTerms(EmployerFormula(after_tax_cap=10)), Person(salary=150_000), YearToDate(26), step="percent").percent_election
    assert election is not None
    assert (election.percent, election.paycheck, election.total) == (9, Fraction("519.23"), Fraction("13499.98"))


def test_unknown_step_is_refused():
    with pytest.raises(PlannerError, match="the election step is one of dollar, percent, 0.1, not 5"):
        plan_paychecks(LIMITS_2025, SEED_TERMS, SEED, YearToDate(26), step="5")


# --- bonuses --------------------------------------------------------------------------------------------------------


def test_bonus_is_pay_and_a_percent_election_takes_its_percent():
    # 2025, 200,000 + a 20,000 bonus with paycheck 13, matched, no true-up: pay 220,000 (§415(c)(3) compensation),
    # match 5% × 220,000 = 11,000, room 70,000 − 23,500 − 11,000 = 35,500.
    # In 0.1% steps: 35,500 / 220,000 = 16.14% → 16.1%: 25 regular paychecks of 0.161 × 7,692.3077 = 1,238.46 and
    # the bonus paycheck 0.161 × 27,692.3077 = 4,458.46: 30,961.50 + 4,458.46 = 35,419.96, 80.04 unfilled.
    # 16.2% would be 25 × 1,246.15 + 4,486.15 = 35,639.90: over.
    plan = plan_paychecks(LIMITS_2025, NO_TRUE_UP, SEED, YearToDate(26), bonuses=(Bonus(20_000, 13),), step="0.1")
    assert (plan.pay, plan.year.headroom.limit_415c, plan.employer, plan.room) == (220_000, 70_000, 11_000, 35_500)
    election = plan.percent_election
    assert election is not None
    assert (election.percent, election.total, election.unfilled) == (Fraction("16.1"), Fraction("35419.96"), Fraction("80.04"))


def test_bonus_the_match_does_not_count_reaches_the_room_earlier():
    # The same bonus, ,nomatch: pay 220,000 for §415(c) but the match is on 200,000: 10,000; room 36,500.
    # Whole percents: 36,500 / 220,000 = 16.59% → 16%: 25 × 1,230.77 + 4,430.77 = 35,200.02, 1,299.98 unfilled.
    # The 18% the year without the bonus takes (test above) would put in 18% × 220,000 = 39,600: 3,100 over.
    plan = plan_paychecks(LIMITS_2025, NO_TRUE_UP, SEED, YearToDate(26), bonuses=(Bonus(20_000, 13, matched=False),), step="percent")
    assert (plan.employer, plan.room) == (10_000, 36_500)
    election = plan.percent_election
    assert election is not None
    assert (election.percent, election.total, election.unfilled) == (16, Fraction("35200.02"), Fraction("1299.98"))


def test_bonus_raises_the_100_percent_of_pay_limit():
    # §415(c)(1)(B): 100% of compensation, the bonus included. 30,000 + 10,000 with the last paycheck, no match,
    # deferral max 23,500: limit min(70,000, 40,000) = 40,000, room 40,000 − 23,500 = 16,500
    # (30,000 − 23,500 = 6,500 without the bonus).
    plan = plan_paychecks(LIMITS_2025, PlanTerms(), Person(salary=30_000), YearToDate(26), bonuses=(Bonus(10_000, 26),))
    assert (plan.year.headroom.limit_415c, plan.room) == (40_000, 16_500)
    assert plan_paychecks(LIMITS_2025, PlanTerms(), Person(salary=30_000), YearToDate(26)).room == 6_500


@pytest.mark.parametrize("bonus", [Bonus(1_000, 0), Bonus(1_000, 27), Bonus(-1, 3)])
def test_impossible_bonus_is_refused(bonus: Bonus):
    with pytest.raises(PlannerError):
        plan_paychecks(LIMITS_2025, SEED_TERMS, SEED, YearToDate(26), bonuses=(bonus,))


# --- without a true-up: deferrals that keep the whole match -------------------------------------------------------


def test_even_deferral_spread_keeps_the_whole_match():
    # No true-up, 10 of 26 gone on pace (23,500 × 10/26 = 9,038 so far): 14,462 left over 16 paychecks,
    # 903.875 → 903 in 15 and 14,462 − 13,545 = 917 in the last. A paycheck's whole match needs 5% of
    # 7,692.31 = 384.62 → 385. Matched paycheck by paycheck: the 9,038 so far against 76,923.08 of pay (11.75%,
    # matched on 5%: 3,846.15) + 16 × 384.62 = 6,153.85: 10,000, the whole match.
    plan = plan_paychecks(LIMITS_2025, NO_TRUE_UP, SEED, YearToDate(16, deferrals=9_038, employer=3_846))
    spread = plan.deferral_spread
    assert spread is not None
    assert (spread.each, spread.last, spread.ceiling, spread.match, spread.year_match) == (903, 917, 385, 10_000, 10_000)
    assert spread.keeps_whole_match and plan.employer == 10_000 and plan.front_loading is None


def test_front_loaded_deferrals_the_spread_cannot_save_and_the_room_that_match_leaves():
    # No true-up; 20,000 deferred in the first 10 paychecks: 3,500 of §402(g) left over 16, 218 in 15 and 230 in
    # the last, below the 385 a paycheck needs (16 × 385 = 6,160). Matched by paycheck: 3,846.15 on the pay gone
    # + 3,500 (all matched, under 5% of each paycheck) = 7,346.15 → 7,346; 10,000 − 7,346 = 2,654 lost.
    # That match is never paid, so its §415(c) room is after-tax room: 70,000 − 23,500 − 7,346 = 39,154.
    plan = plan_paychecks(LIMITS_2025, NO_TRUE_UP, SEED, YearToDate(16, deferrals=20_000, employer=3_846))
    spread = plan.deferral_spread
    assert spread is not None
    assert (spread.each, spread.last, spread.match, spread.rest, spread.needed) == (218, 230, 7_346, 3_500, 6_160)
    assert not spread.keeps_whole_match
    assert (plan.employer, plan.room) == (7_346, 39_154)
    assert plan.front_loading is not None and plan.front_loading.lost == 2_654
    # Not known whether it is trued up: the full 10,000 is assumed (never over): 70,000 − 23,500 − 10,000
    unknown = plan_paychecks(LIMITS_2025, SEED_TERMS, SEED, YearToDate(16, deferrals=20_000, employer=3_846))
    assert (unknown.employer, unknown.room) == (10_000, 36_500)


def test_with_a_bonus_the_spread_is_a_percent_of_pay():
    # No true-up, 20,000 bonus with paycheck 13, whole year: 23,500 / 220,000 = 10.6818% of every paycheck:
    # floor(821.68) = 821 a regular paycheck, floor(2,958.04) = 2,958 in paycheck 13, 24 × 821 + 2,958 = 22,662,
    # last 838. Each regular paycheck earns 384.62 (5% of 7,692.31), paycheck 13 earns 1,384.62 (5% of 27,692.31):
    # 25 × 384.615 + 1,384.615 = 11,000, the whole match. A flat 903 would earn only 903 in paycheck 13.
    plan = plan_paychecks(LIMITS_2025, NO_TRUE_UP, SEED, YearToDate(26), bonuses=(Bonus(20_000, 13),))
    spread = plan.deferral_spread
    assert spread is not None
    assert (spread.each, spread.bonus_paychecks, spread.last, spread.match) == (821, ((13, 2_958),), 838, 11_000)
    assert spread.keeps_whole_match


def test_no_spread_with_a_true_up_or_without_a_match():
    assert plan_paychecks(LIMITS_2025, PlanTerms(SEED_TERMS.formula, true_up=True), SEED, YearToDate(26)).deferral_spread is None
    assert plan_paychecks(LIMITS_2025, PlanTerms(), SEED, YearToDate(26)).deferral_spread is None
