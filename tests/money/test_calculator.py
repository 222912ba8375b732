"""Hand-computed headroom cases, to the dollar, through the calculator (engine/money/calculator.py → engine/money/headroom.py).

Each case's arithmetic is written out in its comment from the year's IRS
figures (rules/limits.yaml, /work/shared/domain/facts.md).
"""

from __future__ import annotations

import pytest

from megaroth.engine.money.calculator import (
    ROTH_CATCH_UP_LOST,
    ROTH_CATCH_UP_REQUIRED,
    NoLimitsError,
    Person,
    PlanTerms,
    headroom_for,
    limits_or_error,
)
from megaroth.engine.money.headroom import EmployerFormula, split_evenly


def terms(*tiers: tuple[float, float], **formula: object) -> PlanTerms:
    extra = {
        key: formula.pop(key) for key in ("roth", "catch_up", "solo", "true_up", "after_tax_hce_cap") if key in formula
    }
    return PlanTerms(EmployerFormula(match_tiers=tuple(tiers), **formula), **extra)  # type: ignore[arg-type]


def run(year: int, plan: PlanTerms, **person: object):
    return headroom_for(limits_or_error(year), plan, Person(**person))  # type: ignore[arg-type]


def test_seed_example_2025_200k_max_deferral_full_match_on_5_percent():
    # 70,000 − 23,500 − 10,000 = 36,500
    result = run(2025, terms((100, 5)), salary=200_000)
    year = result.headroom
    assert (year.limit_415c, year.deferral, year.match, year.after_tax_room) == (70_000, 23_500, 10_000, 36_500)
    assert (year.nonelective, year.profit_sharing, year.catch_up) == (0, 0, 0)
    assert result.ira_limit == 7_000


def test_2022_age_49_no_catch_up():
    # 61,000 − 20,500 − 4% × 150,000 (6,000) = 34,500
    year = run(2022, terms((100, 4)), salary=150_000, age=49).headroom
    assert (year.deferral_total, year.catch_up, year.match, year.after_tax_room) == (20_500, 0, 6_000, 34_500)


def test_2022_age_50_catch_up_is_outside_415c():
    # deferral 20,500 + 6,500 catch-up = 27,000; only 20,500 counts: 61,000 − 20,500 − 6,000 = 34,500
    result = run(2022, terms((100, 4)), salary=150_000, age=50)
    year = result.headroom
    assert (year.deferral_limit, year.deferral_total, year.deferral, year.catch_up) == (27_000, 27_000, 20_500, 6_500)
    assert year.after_tax_room == 34_500
    assert result.ira_limit == 7_000  # 6,000 + 1,000 IRA catch-up at 50


def test_2023_age_59_above_the_pay_cap_with_nonelective():
    # pay capped at 330,000: match 6% = 19,800, nonelective 3% = 9,900
    # 66,000 − 22,500 − 19,800 − 9,900 = 13,800; catch-up 7,500 outside
    result = run(2023, terms((100, 6), nonelective=3), salary=400_000, age=59)
    year = result.headroom
    assert year.capped_pay == 330_000 and result.pay_capped
    assert (year.deferral, year.catch_up, year.match, year.nonelective) == (22_500, 7_500, 19_800, 9_900)
    assert year.after_tax_room == 13_800


def test_2024_age_60_has_no_60_to_63_catch_up_yet():
    # the 60-63 catch-up starts in 2025: 2024 gives the regular 7,500
    # 69,000 − 23,000 − 50% × 6% × 120,000 (3,600) = 42,400
    year = run(2024, terms((50, 6)), salary=120_000, age=60).headroom
    assert (year.catch_up, year.deferral_total, year.match, year.after_tax_room) == (7_500, 30_500, 3_600, 42_400)


@pytest.mark.parametrize(
    ("age", "catch_up"),
    [(49, 0), (50, 7_500), (59, 7_500), (60, 11_250), (63, 11_250), (64, 7_500)],
)
def test_2025_catch_up_by_age_replaces_not_adds(age: int, catch_up: int):
    # 70,000 − 23,500 − 5% × 180,000 (9,000) = 37,500 whatever the catch-up
    year = run(2025, terms((100, 5)), salary=180_000, age=age).headroom
    assert year.catch_up == catch_up
    assert year.deferral_total == 23_500 + catch_up
    assert year.after_tax_room == 37_500


def test_2026_salary_over_threshold_in_a_plan_without_roth_loses_the_catch_up():
    # §414(v)(7): 200,000 > 150,000 and no Roth program: no catch-up at all
    # 72,000 − 24,500 − 10,000 = 37,500
    result = run(2026, terms((100, 5), roth=False), salary=200_000, age=55)
    assert not result.catch_up_allowed
    assert result.roth_catch_up == ROTH_CATCH_UP_LOST
    assert (result.headroom.deferral_total, result.headroom.catch_up, result.headroom.after_tax_room) == (24_500, 0, 37_500)


def test_2026_salary_over_threshold_with_roth_program_keeps_a_roth_catch_up():
    result = run(2026, terms((100, 5)), salary=200_000, age=55)
    assert result.catch_up_allowed and result.roth_catch_up == ROTH_CATCH_UP_REQUIRED
    assert (result.headroom.catch_up, result.headroom.after_tax_room) == (8_000, 37_500)
    assert result.ira_limit == 8_600  # 7,500 + 1,100


def test_2026_salary_at_threshold_is_not_affected():
    at_threshold = run(2026, terms((100, 5), roth=False), salary=150_000, age=63)
    assert at_threshold.roth_catch_up is None and at_threshold.headroom.catch_up == 11_250
    # 72,000 − 24,500 − 7,500 = 40,000
    assert at_threshold.headroom.after_tax_room == 40_000


def test_2026_corporation_owner_in_a_solo_plan_is_inside_414v7():
    # An S- or C-corporation pays its owner-employee W-2 wages (FICA wages, §3121(a)), so §414(v)(7)
    # reaches them, solo plan or not: 300,000 of wages > 150,000 and no Roth program → no catch-up.
    # Deferral max = §402(g) 24,500 alone (2026, Notice 2025-67).
    owner = run(2026, terms(roth=False, solo=True), salary=300_000, age=55)
    assert owner.roth_catch_up == ROTH_CATCH_UP_LOST and not owner.catch_up_allowed
    assert (owner.headroom.deferral_total, owner.headroom.catch_up) == (24_500, 0)


def test_2026_sole_proprietor_is_outside_414v7():
    # A sole proprietor has net earnings from self-employment, not FICA wages from the sponsor: §414(v)(7)
    # does not reach them, so the 8,000 catch-up (2026, age 55) stays without a Roth program.
    owner = run(2026, terms(roth=False, solo=True, nonelective=25), salary=0, net_se_earnings=100_000, age=55)
    assert owner.roth_catch_up is None and owner.catch_up_allowed
    assert (owner.headroom.deferral_total, owner.headroom.catch_up) == (32_500, 8_000)


def test_2026_prior_year_wages_decide_the_roth_catch_up():
    # §414(v)(7) looks at the prior year's W-2 box 3 wages from this employer: 2025 wages of 140,000 are
    # not above the 150,000 threshold, so the catch-up stays allowed without a Roth program, even though
    # this year's salary (155,000) is above it.  Deferral max = 24,500 + 8,000 = 32,500.
    result = run(2026, terms((100, 5), roth=False), salary=155_000, prior_year_wages=140_000, age=55)
    assert result.catch_up_allowed and result.roth_catch_up is None and not result.wages_stand_in
    assert (result.headroom.deferral_total, result.headroom.catch_up) == (32_500, 8_000)
    # Without prior_year_wages the 155,000 salary stands in: above 150,000, no Roth program, no catch-up.
    standing_in = run(2026, terms((100, 5), roth=False), salary=155_000, age=55)
    assert standing_in.wages_stand_in and standing_in.roth_catch_up == ROTH_CATCH_UP_LOST
    assert standing_in.headroom.deferral_total == 24_500


def test_2026_under_50_gets_no_roth_catch_up_note():
    assert run(2026, terms((100, 5), roth=False), salary=400_000, age=45).roth_catch_up is None


def test_2025_rule_does_not_apply_before_2026():
    result = run(2025, terms((100, 5), roth=False), salary=400_000, age=55)
    assert result.roth_catch_up is None and result.headroom.catch_up == 7_500


def test_plan_cap_lowers_the_room():
    # 2026, 400,000 → pay 360,000: match 18,000; 72,000 − 24,500 − 18,000 = 29,500; cap 5% × 360,000 = 18,000
    result = run(2026, terms((100, 5), after_tax_cap=5), salary=400_000, age=40)
    year = result.headroom
    assert (year.room_before_cap, year.plan_cap, year.after_tax_room) == (29_500, 18_000, 18_000)
    assert result.cap_binds


def test_salary_below_the_415c_limit_caps_it_at_pay():
    # 100% of 40,000; match 5% = 2,000: 40,000 − 4,000 − 2,000 = 34,000
    result = run(2025, terms((100, 5)), salary=40_000, age=27, deferral=4_000)
    assert result.limited_by_pay
    assert (result.headroom.limit_415c, result.headroom.after_tax_room) == (40_000, 34_000)


def test_low_salary_maximum_deferral_leaves_no_room_never_negative():
    # §415(c)(1)(B): annual additions at most 100% of pay, 20,000; match 5% × 20,000 = 1,000, so deferral
    # max is the largest lawful one, 20,000 − 1,000 = 19,000: 20,000 − 19,000 − 1,000 = 0.
    year = run(2025, terms((100, 5)), salary=20_000, age=30).headroom
    assert (year.deferral_total, year.match, year.room_before_cap, year.after_tax_room) == (19_000, 1_000, 0, 0)
    assert year.deferral_max_by_pay and year.over_415c == 0


def test_second_job_shrinks_402g_but_not_this_plans_415c():
    # 23,500 − 10,000 = 13,500 to defer here; 70,000 − 13,500 − 6,500 = 50,000
    year = run(2025, terms((100, 5)), salary=130_000, age=45, other_plan_deferrals=10_000, pay_periods=24).headroom
    assert (year.limit_415c, year.deferral_limit, year.deferral_total) == (70_000, 13_500, 13_500)
    assert (year.match, year.after_tax_room) == (6_500, 50_000)
    assert (year.per_pay_period, year.last_pay_period) == (2_083, 2_091)  # 2,083 × 23 + 2,091 = 50,000


def test_dollar_match_cap():
    # tiers give 3% × 300,000 + 50% × 2% × 300,000 = 12,000, capped at 10,000
    # 72,000 − 24,500 − 10,000 = 37,500
    year = run(2026, terms((100, 3), (50, 2), match_cap=10_000), salary=300_000, age=40).headroom
    assert (year.match, year.after_tax_room) == (10_000, 37_500)


def test_profit_sharing_that_leaves_no_room():
    # 350,000: match 4% = 14,000, profit sharing 10% = 35,000
    # 70,000 − 23,500 − 14,000 − 35,000 = −2,500 → 0
    year = run(2025, terms((100, 4), profit_sharing=10), salary=350_000, age=45).headroom
    assert (year.match, year.profit_sharing, year.room_before_cap, year.after_tax_room) == (14_000, 35_000, 0, 0)


def test_excess_deferral_still_counts_in_415c():
    # 26,000 asked at 40: 2,500 over §402(g); all 26,000 count until refunded: 70,000 − 26,000 − 5,000 = 39,000
    year = run(2025, terms((100, 5)), salary=100_000, age=40, deferral=26_000).headroom
    assert (year.excess_deferral, year.deferral, year.after_tax_room) == (2_500, 26_000, 39_000)


def test_a_year_without_limits_is_an_error_never_a_fallback():
    with pytest.raises(NoLimitsError) as raised:
        limits_or_error(2027)
    # The same words as MBR301 (limits.missing_year), and the rule that no other year's figures are used.
    assert str(raised.value) == (
        "megaroth does not carry IRS limits for plan year 2027 (it has 2019, 2020, 2021, 2022, 2023, 2024, 2025, "
        "2026); give that year's figures and their IRS Notice in a limits file with --limits FILE; megaroth never "
        "borrows another year's figures"
    )


@pytest.mark.parametrize(
    ("amount", "periods", "split"),
    [(36_500, 26, (1_403, 1_425)), (36_500, 1, (36_500, 36_500)), (0, 26, (0, 0)), (52, 52, (1, 1)), (51, 52, (0, 51))],
)
def test_split_evenly_lands_on_the_amount(amount: int, periods: int, split: tuple[int, int]):
    each, last = split_evenly(amount, periods)
    assert (each, last) == split
    assert each * (periods - 1) + last == amount


def test_a_percent_cap_per_paycheck_is_never_exceeded_by_the_last_paycheck():
    # 2025, 150,000, no match, the plan's after-tax cap 10% of pay, 26 paychecks.
    # §415(c) room: 70,000 − 23,500 = 46,500; the cap 10% × 150,000 = 15,000 sets the room.
    # Recordkeepers apply the 10% to each paycheck: 10% × 150,000 / 26 = 576.92, so 576 at most a paycheck.
    # 26 × 576 = 14,976 goes in (not 25 × 576 + a last 600); 15,000 − 14,976 = 24 stays unfilled.
    year = run(2025, terms(after_tax_cap=10), salary=150_000).headroom
    assert (year.room_before_cap, year.after_tax_room, year.paycheck_cap) == (46_500, 15_000, 576)
    assert (year.per_pay_period, year.last_pay_period, year.paycheck_unfilled) == (576, 576, 24)


def test_a_cap_per_paycheck_above_the_split_leaves_nothing_unfilled():
    # 2026, 400,000 → pay 360,000 (§401(a)(17)); room 18,000 under a 5% cap (test_plan_cap_lowers_the_room).
    # Per paycheck 5% × 360,000 / 26 = 692.31 → 692; 18,000 / 26 = 692.31: 25 × 692 = 17,300, last 700 > 692,
    # so the last is held to 692 and 18,000 − 26 × 692 = 8 stays unfilled.
    year = run(2026, terms((100, 5), after_tax_cap=5), salary=400_000, age=40).headroom
    assert (year.paycheck_cap, year.per_pay_period, year.last_pay_period, year.paycheck_unfilled) == (692, 692, 692, 8)


def test_27_paychecks_split_the_year_over_27():
    # a biweekly year with 27 pay dates: the seed's 36,500 over 27 is 1,351.85 → 1,351 (27 × 1,351 = 36,477);
    # the last takes the 23 left: 1,351 + 23 = 1,374, and 26 × 1,351 + 1,374 = 36,500
    year = run(2025, terms((100, 5)), salary=200_000, pay_periods=27).headroom
    assert (year.after_tax_room, year.per_pay_period, year.last_pay_period) == (36_500, 1_351, 1_374)
