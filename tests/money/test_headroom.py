"""The §415(c) after-tax room, to the dollar, each case worked by hand from shared/domain/facts.md.

room = min(§415(c), 100% of pay) - deferrals counted in §415(c) (catch-up excluded)
       - match - nonelective - profit sharing (employer money on pay capped at §401(a)(17)),
floored at 0, then lowered to the plan's after-tax cap.
"""

from __future__ import annotations

from fractions import Fraction

import pytest

from megaroth.engine.money.headroom import EmployerFormula, Headroom, compute, dollars
from megaroth.engine.money.limits import limits_for
from plan_overlay import check, overlay

MATCH_5 = EmployerFormula(match_tiers=((100, 5),))  # the seed plan: 100% match up to 5% of pay
BANK = EmployerFormula(match_tiers=((100, 3), (50, 2)), match_cap=12000, after_tax_cap=15)  # samples/participants-2026-capped


def room(year: int, formula: EmployerFormula = MATCH_5, **person) -> Headroom:
    person.setdefault("age", 35)
    person.setdefault("deferral", "max")
    return compute(limits_for(year), formula, **person)


# --- the seed ---------------------------------------------------------------------------


def test_seed_example_is_exactly_36500():
    # 2025, salary 200,000, age 35, deferral max (= §402(g) 23,500), 100% match up to 5%:
    # match 5% x 200,000 = 10,000; room 70,000 - 23,500 - 10,000 = 36,500.
    year = room(2025, salary=200000)
    assert (year.deferral_total, year.deferral, year.catch_up) == (23500, 23500, 0)
    assert year.match == 10000
    assert year.limit_415c == 70000
    assert year.after_tax_room == 36500
    assert year.per_pay_period == 1403  # 36,500 // 26; 26 x 1,403 = 36,478


def test_seed_example_through_a_whole_plan_check():
    plan = overlay(participants=[{"name": "example-200k", "salary": 200000, "age": 35, "deferral": "max"}])
    (participant,) = check(plan).participants
    assert participant.name == "example-200k"
    assert participant.headroom.after_tax_room == 36500


# --- ages ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("age", "catch_up"),
    [
        (49, 0),
        (50, 7500),  # §414(v) 2025
        (59, 7500),
        (60, 11250),  # ages 60-63 catch-up 2025, replacing the 7,500
        (63, 11250),
        (64, 7500),
    ],
)
def test_catch_up_by_age_2025_does_not_change_the_room(age, catch_up):
    # Deferral max = 23,500 + catch-up; the catch-up is outside §415(c), so the counted deferral
    # stays 23,500.  Match: even 23,500 is 11.75% of 200,000, above the 5% the match covers, so
    # 10,000.  Room 70,000 - 23,500 - 10,000 = 36,500 at every age.
    year = room(2025, salary=200000, age=age)
    assert year.deferral_limit == 23500 + catch_up
    assert year.deferral_total == 23500 + catch_up
    assert year.catch_up == catch_up
    assert year.deferral == 23500
    assert year.match == 10000
    assert year.after_tax_room == 36500


@pytest.mark.parametrize(("age", "catch_up"), [(49, 0), (50, 8000), (60, 11250), (64, 8000)])
def test_catch_up_by_age_2026(age, catch_up):
    # 2026: §402(g) 24,500, catch-up 8,000 (11,250 at 60-63); room 72,000 - 24,500 - 10,000 = 37,500.
    year = room(2026, salary=200000, age=age)
    assert (year.deferral_total, year.catch_up, year.after_tax_room) == (24500 + catch_up, catch_up, 37500)


def test_no_60_63_catch_up_before_2025():
    # 2024, age 61: the regular 7,500 only.  Room 69,000 - 23,000 - 10,000 = 36,000.
    year = room(2024, salary=200000, age=61)
    assert (year.deferral_total, year.catch_up, year.after_tax_room) == (30500, 7500, 36000)


def test_catch_up_not_allowed_caps_the_deferral_at_402g():
    year = compute(limits_for(2026), MATCH_5, salary=200000, age=55, deferral="max", catch_up_allowed=False)
    assert (year.deferral_limit, year.deferral_total, year.catch_up) == (24500, 24500, 0)


# --- pay ------------------------------------------------------------------------------------


def test_salary_above_the_401a17_cap():
    # 2025, salary 500,000: employer money on pay capped at 350,000.  Match 5% x 350,000 = 17,500;
    # room 70,000 - 23,500 - 17,500 = 29,000.
    year = room(2025, salary=500000, age=40)
    assert (year.salary, year.capped_pay, year.match, year.after_tax_room) == (500000, 350000, 17500, 29000)


def test_salary_above_the_cap_2026():
    # 2026: cap 360,000; match 18,000; room 72,000 - 24,500 - 18,000 = 29,500.
    assert room(2026, salary=450000, age=40).after_tax_room == 29500


def test_salary_below_the_415c_dollar_limit():
    # 2025, salary 40,000: §415(c) is 100% of pay = 40,000.  Deferral 4,000 (10%) earns the full
    # 5% match = 2,000.  Room 40,000 - 4,000 - 2,000 = 34,000.
    year = room(2025, salary=40000, age=27, deferral=4000)
    assert (year.limit_415c, year.match, year.after_tax_room) == (40000, 2000, 34000)


def test_low_earner_deferring_everything_has_no_room():
    # Salary 20,000, deferral max: min(23,500, pay) = 20,000; match 5% x 20,000 = 1,000.
    # 20,000 - 20,000 - 1,000 < 0: floored at 0.
    year = room(2025, salary=20000)
    assert (year.deferral_total, year.match, year.room_before_cap, year.after_tax_room) == (20000, 1000, 0, 0)
    assert year.per_pay_period == 0


def test_low_deferral_earns_a_partial_match():
    # Salary 100,000, deferral 3,000 (3%): match 100% of 3% = 3,000.  70,000 - 3,000 - 3,000 = 64,000.
    year = room(2025, salary=100000, age=31, deferral=3000)
    assert (year.match, year.after_tax_room) == (3000, 64000)


def test_max_deferral_above_pay_with_a_catch_up():
    # 2026, pay 25,000, age 55: max = min(24,500 + 8,000, 25,000) = 25,000, of which 500 is catch-up;
    # §415(c) = pay 25,000; match 3% x 25,000 = 750 + 50% x 2% x 25,000 = 250 = 1,000.
    # 25,000 - 24,500 - 1,000 < 0: no room.
    year = room(2026, BANK, salary=25000, age=55)
    assert (year.deferral_total, year.catch_up, year.deferral, year.match, year.after_tax_room) == (25000, 500, 24500, 1000, 0)


# --- other plans, employer money, caps -----------------------------------------------------


def test_second_job_shrinks_402g_not_415c():
    # 2025, salary 130,000, 10,000 already deferred elsewhere: 402(g) room 13,500 (deferral max).
    # Match 5% x 130,000 = 6,500.  §415(c) is per employer: 70,000 - 13,500 - 6,500 = 50,000.
    # 24 pay periods: 50,000 // 24 = 2,083 (24 x 2,083 = 49,992).
    year = room(2025, salary=130000, age=45, other_plan_deferrals=10000, pay_periods=24)
    assert (year.deferral_limit, year.deferral_total, year.match) == (13500, 13500, 6500)
    assert (year.after_tax_room, year.per_pay_period) == (50000, 2083)


def test_second_job_used_all_of_402g_catch_up_still_possible():
    # 2025, age 55, 23,500 deferred elsewhere: no 402(g) room, catch-up 7,500 remains.
    # Deferral max 7,500, all catch-up, none counted in §415(c); match 7,500 is 3.75% of 200,000
    # -> 7,500.  Room 70,000 - 0 - 7,500 = 62,500.
    year = room(2025, salary=200000, age=55, other_plan_deferrals=23500)
    assert (year.deferral_total, year.catch_up, year.deferral, year.match, year.after_tax_room) == (7500, 7500, 0, 7500, 62500)


def test_nonelective_and_profit_sharing():
    # 2025, 200,000: match 10,000, nonelective 3% = 6,000, profit sharing 2.5% = 5,000.
    # 70,000 - 23,500 - 10,000 - 6,000 - 5,000 = 25,500.
    formula = EmployerFormula(match_tiers=((100, 5),), nonelective=3, profit_sharing=2.5)
    year = room(2025, formula, salary=200000)
    assert (year.nonelective, year.profit_sharing, year.after_tax_room) == (6000, 5000, 25500)


def test_plan_cap_lowers_the_room():
    # 2026, analyst 95,000 deferring 9,500 (10%): match 3% x 95,000 = 2,850 + 50% x 2% x 95,000 = 950
    # = 3,800.  Room 72,000 - 9,500 - 3,800 = 58,700, but the plan caps after-tax at 15% x 95,000 = 14,250.
    # 14,250 // 26 = 548 (26 x 548 = 14,248).
    year = room(2026, BANK, salary=95000, age=29, deferral=9500)
    assert (year.match, year.room_before_cap, year.plan_cap) == (3800, 58700, 14250)
    assert (year.after_tax_room, year.per_pay_period) == (14250, 548)


def test_plan_cap_at_the_pay_limit():
    # 2026, engineer 220,000, age 52, max: 24,500 + 8,000 catch-up.  Match on 32,500 (14.8%):
    # 3% x 220,000 = 6,600 + 50% x 2% x 220,000 = 2,200 = 8,800.  Room 72,000 - 24,500 - 8,800 = 38,700;
    # cap 15% x 220,000 = 33,000.
    year = room(2026, BANK, salary=220000, age=52)
    assert (year.match, year.room_before_cap, year.after_tax_room) == (8800, 38700, 33000)


def test_match_dollar_cap():
    # 2026, exec 450,000 (capped 360,000), max 24,500: match 3% x 360,000 = 10,800 + 50% x 2% x 360,000
    # = 3,600 = 14,400, capped at 12,000.  Room 72,000 - 24,500 - 12,000 = 35,500 (under the 54,000 cap).
    year = room(2026, BANK, salary=450000, age=40)
    assert (year.capped_pay, year.match, year.plan_cap, year.after_tax_room) == (360000, 12000, 54000, 35500)


def test_match_dollar_cap_exactly_reached():
    # 2026, director 300,000, age 62: match 9,000 + 3,000 = 12,000 = the cap.  72,000 - 24,500 - 12,000.
    assert room(2026, BANK, salary=300000, age=62).after_tax_room == 35500


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2022, 30500),  # 61,000 - 20,500 - 10,000
        (2023, 33500),  # 66,000 - 22,500 - 10,000
        (2024, 36000),  # 69,000 - 23,000 - 10,000
        (2025, 36500),  # 70,000 - 23,500 - 10,000
        (2026, 37500),  # 72,000 - 24,500 - 10,000
    ],
)
def test_seed_participant_in_every_year(year, expected):
    assert room(year, salary=200000).after_tax_room == expected


def test_excess_deferral_still_counts_in_415c():
    # 2025, age 40, 40,000 deferred: 16,500 over §402(g) (refund due), still counted until refunded.
    # Match 10,000; room 70,000 - 40,000 - 10,000 = 20,000.
    year = room(2025, salary=200000, age=40, deferral=40000)
    assert (year.excess_deferral, year.deferral, year.after_tax_room) == (16500, 40000, 20000)


# --- rounding ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "expected"),
    [(0, 0), (0.5, 1), (1.5, 2), (2.5, 3), (2.4999, 2), (200000.5, 200001), (Fraction(1001, 2), 501), (Fraction(1, 3), 0)],
)
def test_dollars_round_half_up(amount, expected):
    assert dollars(amount) == expected


def test_match_rounds_half_up_not_to_even():
    # Salary 100,100, 100% match up to 0.5%: 0.5% x 100,100 = 500.50 -> 501 (banker's rounding gives 500).
    formula = EmployerFormula(match_tiers=((100, 0.5),))
    assert formula.match_on(1000, 100100) == 501


def test_match_tiers_fill_in_order():
    formula = EmployerFormula(match_tiers=((100, 3), (50, 2)))
    # Deferring 1% of 100,000: 100% x 1% = 1,000.
    assert formula.match_on(1000, 100000) == 1000
    # Deferring 4%: 3,000 + 50% x 1% x 100,000 = 3,500.
    assert formula.match_on(4000, 100000) == 3500
    # Deferring 10%: 3,000 + 50% x 2% = 4,000.
    assert formula.match_on(10000, 100000) == 4000
    assert formula.match_on(10000, 0) == 0


def test_fractional_salary_is_rounded_to_whole_dollars():
    # 123,456.50 -> 123,457.  Match 5% x 123,457 = 6,172.85 -> 6,173.  70,000 - 23,500 - 6,173 = 40,327.
    year = room(2025, salary=123456.5)
    assert (year.salary, year.match, year.after_tax_room) == (123457, 6173, 40327)
