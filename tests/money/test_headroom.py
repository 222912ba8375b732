"""The §415(c) after-tax room, to the dollar, each case worked by hand from shared/domain/facts.md.

room = min(§415(c), 100% of pay) - deferrals counted in §415(c) (catch-up excluded)
       - match - nonelective - profit sharing (employer money on pay capped at §401(a)(17)),
floored at 0, then lowered to the plan's after-tax cap.
"""

from __future__ import annotations

from dataclasses import replace
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
    # Salary 20,000: §415(c)(1)(B) caps annual additions at 100% of pay, 20,000.  Match 5% x 20,000 =
    # 1,000 whatever the deferral above 1,000, so deferral max (the largest lawful one) is
    # 20,000 - 1,000 = 19,000, and 20,000 - 19,000 - 1,000 = 0.
    year = room(2025, salary=20000)
    assert (year.deferral_total, year.match, year.room_before_cap, year.after_tax_room) == (19000, 1000, 0, 0)
    assert year.per_pay_period == 0
    assert (year.over_415c, year.deferral_max_by_pay) == (0, True)


def test_explicit_deferral_above_100_percent_of_pay_is_over_415c():
    # Salary 20,000, deferral 20,000 (age 35, no catch-up): 20,000 + 1,000 match = 21,000 of annual
    # additions against 100% of pay, 20,000 (§415(c)(1)(B)): 1,000 over, and no room.
    year = room(2025, salary=20000, deferral=20000)
    assert (year.deferral, year.match, year.over_415c, year.after_tax_room) == (20000, 1000, 1000, 0)


def test_low_deferral_earns_a_partial_match():
    # Salary 100,000, deferral 3,000 (3%): match 100% of 3% = 3,000.  70,000 - 3,000 - 3,000 = 64,000.
    year = room(2025, salary=100000, age=31, deferral=3000)
    assert (year.match, year.after_tax_room) == (3000, 64000)


def test_max_deferral_above_pay_with_a_catch_up():
    # 2026, pay 25,000, age 55: max = min(24,500 + 8,000, 25,000) = 25,000 (never more than pay).
    # §415(c) = pay 25,000; match 3% x 25,000 = 750 + 50% x 2% x 25,000 = 250 = 1,000.
    # Treas. Reg. §1.414(v)-1(b)(1)(i): a deferral is catch-up as far as it is above a statutory limit,
    # §415(c) among them: 25,000 + 1,000 - 25,000 = 1,000 above it (more than the 500 above §402(g)),
    # so 1,000 is catch-up and 24,000 counts: 25,000 - 24,000 - 1,000 = 0, no room and nothing over.
    year = room(2026, BANK, salary=25000, age=55)
    assert (year.deferral_total, year.catch_up, year.deferral, year.match, year.after_tax_room) == (25000, 1000, 24000, 1000, 0)
    assert year.over_415c == 0


# --- other plans, employer money, caps -----------------------------------------------------


def test_second_job_shrinks_402g_not_415c():
    # 2025, salary 130,000, 10,000 already deferred elsewhere: 402(g) room 13,500 (deferral max).
    # Match 5% x 130,000 = 6,500.  §415(c) is per employer: 70,000 - 13,500 - 6,500 = 50,000.
    # 24 pay periods: 50,000 // 24 = 2,083 (24 x 2,083 = 49,992).
    year = room(2025, salary=130000, age=45, other_plan_deferrals=10000, pay_periods=24)
    assert (year.deferral_limit, year.deferral_total, year.match) == (13500, 13500, 6500)
    assert (year.after_tax_room, year.per_pay_period) == (50000, 2083)


def test_second_job_used_all_of_402g_catch_up_still_possible():
    # 2025, age 55, 23,500 deferred elsewhere: §402(g)(1)(C) makes 23,500 + 7,500 = 31,000 one total per
    # person, so 7,500 may still be deferred here.  Whether it is catch-up is judged against this
    # employer's own limit (Treas. Reg. §1.414(v)-1(b)(1): §401(a)(30), this employer's plans only):
    # 7,500 is below this plan's 23,500, so it is an ordinary deferral and counts in §415(c).
    # Match 7,500 is 3.75% of 200,000 -> 7,500.  Room 70,000 - 7,500 - 7,500 = 55,000.
    year = room(2025, salary=200000, age=55, other_plan_deferrals=23500)
    assert (year.deferral_total, year.catch_up, year.deferral, year.match, year.after_tax_room) == (7500, 0, 7500, 7500, 55000)


# --- the law, case by case (issue 10) ------------------------------------------------------


def test_catch_up_used_at_another_employer_is_per_person():
    # §402(g)(1)(C), Treas. Reg. §1.402(g)-2: 2025, age 55, the person's limit is 23,500 + 7,500 = 31,000
    # across every employer; 27,000 deferred elsewhere leaves 31,000 - 27,000 = 4,000 here, not 7,500.
    year = room(2025, salary=120000, age=55, other_plan_deferrals=27000)
    assert (year.deferral_limit, year.deferral_total, year.excess_deferral) == (4000, 4000, 0)
    # An explicit 7,500 is 7,500 - 4,000 = 3,500 of excess deferral.
    explicit = room(2025, salary=120000, age=55, other_plan_deferrals=27000, deferral=7500)
    assert (explicit.deferral_limit, explicit.excess_deferral) == (4000, 3500)


def test_catch_up_status_is_judged_against_this_employers_limits():
    # Treas. Reg. §1.414(v)-1(b)(1): the statutory limit is §401(a)(30), this employer's plans only, and
    # §1.402(g)-2(b) keeps deferrals above the person's §402(g) limit excludable anyway: the 4,000 here is
    # below this plan's 23,500, an ordinary deferral counted in §415(c).  Salary 120,000, 100% match up
    # to 5%: the 4,000 is 3.33% of pay, all matched, 4,000.  Room 70,000 - 4,000 - 4,000 = 62,000.
    year = room(2025, salary=120000, age=55, other_plan_deferrals=27000)
    assert (year.catch_up, year.deferral, year.match, year.after_tax_room) == (0, 4000, 4000, 62000)


def test_match_on_after_tax_is_solved_with_the_match_the_after_tax_earns():
    # 2025, salary 150,000, 100% match on up to 6% of pay counting deferrals plus after-tax; deferral 3,000.
    # Filling the room puts far more than 6% of pay in, so the match reaches 6% x 150,000 = 9,000, an
    # annual addition (§415(c)(2)): 3,000 + a + 9,000 <= 70,000 gives a = 58,000 (not 70,000 - 3,000 - 3,000).
    formula = EmployerFormula(match_tiers=((100, 6),), match_after_tax=True)
    year = room(2025, formula, salary=150000, deferral=3000)
    assert (year.match, year.match_on_after_tax, year.after_tax_room) == (9000, 6000, 58000)
    assert year.deferral + year.after_tax_room + year.match == 70000


def test_match_on_after_tax_where_the_match_is_still_climbing():
    # 2025, salary 30,000, 100% match on up to 50% of pay on deferrals plus after-tax, deferral 0.
    # §415(c) is 100% of pay, 30,000.  a + match(a) <= 30,000 with match = a while a <= 15,000:
    # 2a <= 30,000 -> a = 15,000, match 15,000 (50% of 30,000): 15,000 + 15,000 = 30,000.
    formula = EmployerFormula(match_tiers=((100, 50),), match_after_tax=True)
    year = room(2025, formula, salary=30000, deferral=0)
    assert (year.match, year.after_tax_room) == (15000, 15000)


def test_deferral_max_is_the_largest_lawful_deferral_at_low_pay():
    # §415(c)(1)(B): salary 20,000 with 100% match up to 5% (1,000): 19,000 + 1,000 = 20,000 = 100% of pay.
    year = room(2025, salary=20000)
    assert (year.deferral_total, year.match, year.deferral + year.employer_total) == (19000, 1000, 20000)


def test_room_rounds_down_not_the_employer_money_half_up():
    # 2025, salary 100,008, 100% match up to 5%, 3% nonelective, deferral max 23,500 (23.5% of pay):
    # match 5% x 100,008 = 5,000.40, nonelective 3% x 100,008 = 3,000.24, together 8,000.64.
    # 70,000 - 23,500 - 8,000.64 = 38,499.36 -> 38,499, never 38,500 (that would be 0.64 over §415(c)).
    formula = EmployerFormula(match_tiers=((100, 5),), nonelective=3)
    year = room(2025, formula, salary=100008)
    assert (year.match_cents, year.nonelective_cents) == (500040, 300024)
    assert (year.employer_total, year.after_tax_room) == (8001, 38499)
    assert year.deferral * 100 + year.employer_cents + year.after_tax_room * 100 <= 70000 * 100


def test_sole_proprietor_compensation_from_net_earnings():
    # 2025, net earnings 150,000, 25% employer formula, deferral max.  §1402(a)(12): 150,000 x 92.35% =
    # 138,525, under the 2025 wage base 176,100, so SE tax (§1401) = 138,525 x 15.3% = 21,194.325 ->
    # 21,194.33; half (§164(f)) = 10,597.1625.  Earned income (§401(c)(2)) C satisfies
    # C + 25% x C = 150,000 - 10,597.1625 = 139,402.8375 -> C = 111,522.27, employer 27,880.5675 ->
    # 27,880.57 (20% of 139,402.84).  Room 70,000 - 23,500 - 27,880.57 = 18,619.43 -> 18,619.
    year = room(2025, EmployerFormula(nonelective=25), salary=0, net_se_earnings=150000)
    assert year.self_employment is not None
    assert round(float(year.self_employment.se_tax), 2) == 21194.33
    assert year.compensation_cents == 11152227
    assert (year.employer_cents, year.deferral_total, year.after_tax_room) == (2788057, 23500, 18619)
    assert year.take_home_short == 0  # self-employment income has no FICA withholding to cover


def test_sole_proprietor_above_the_wage_base():
    # 2025, net 300,000: 300,000 x 92.35% = 277,050; SE tax = 15.3% x 176,100 + 2.9% x (277,050 - 176,100)
    # = 26,943.30 + 2,927.55 = 29,870.85; half 14,935.425.  C x 1.25 = 285,064.575 -> C = 228,051.66,
    # employer 20% of 285,064.575 = 57,012.915 -> 57,012.92.  23,500 + 57,012.92 = 80,512.92 > 70,000: the
    # formula alone leaves no after-tax room, and the largest deferral that fits is
    # 70,000 - 57,012.92 = 12,987.08 -> 12,987 (age 35, no catch-up).
    year = room(2025, EmployerFormula(nonelective=25), salary=0, net_se_earnings=300000)
    assert round(float(year.self_employment.se_tax), 2) == 29870.85
    assert (year.compensation_cents, year.employer_cents) == (22805166, 5701292)
    assert (year.deferral_total, year.after_tax_room, year.over_415c) == (12987, 0, 0)


def test_mid_year_hire_compensation_drives_room_match_and_100_percent_of_pay():
    # Hired October 1 at a 60,000 rate, 7 of 26 paychecks left: §415(c)(3) compensation is the pay
    # actually received, 60,000 x 7 / 26 = 16,153.846 -> 16,153.84 (rounded down to the cent).
    # Deferral 2,000: match 100% of 2,000 (12.4% of pay, so capped at 5% x 16,153.84 = 807.692 -> 807.70).
    # §415(c)(1)(B): the limit is 16,153.84; room 16,153.84 - 2,000 - 807.70 = 13,346.14 -> 13,346.
    year = room(2025, salary=60000, compensation=Fraction(60000 * 7, 26), deferral=2000)
    assert (year.compensation_cents, year.compensation, year.limit_415c) == (1615384, 16154, 16153)
    assert (year.match_cents, year.after_tax_room) == (80770, 13346)


def test_combined_employee_cap_and_after_tax_dollar_cap():
    # 2025, salary 100,000, match 100% up to 5%, deferral 10,000 (match 5,000): §415(c) room
    # 70,000 - 10,000 - 5,000 = 55,000.  A combined cap of 50% of pay on deferrals + after-tax allows
    # 50,000 - 10,000 = 40,000 of after-tax; a 30,000 after-tax dollar cap is lower still.
    formula = EmployerFormula(match_tiers=((100, 5),), employee_cap=50, after_tax_cap_dollars=30000)
    year = room(2025, formula, salary=100000, deferral=10000)
    assert (year.room_before_cap, year.plan_cap, year.after_tax_room) == (55000, 30000, 30000)
    assert year.cap_reason == "after_tax_dollars"
    combined = room(2025, replace(formula, after_tax_cap_dollars=None), salary=100000, deferral=10000)
    assert (combined.plan_cap, combined.after_tax_room, combined.cap_reason) == (40000, 40000, "employee_percent")


def test_combined_employee_cap_limits_deferral_max_but_not_the_catch_up():
    # 2025, salary 40,000, a 50% combined cap = 20,000 on ordinary deferrals + after-tax.  Age 55:
    # deferrals above an employer-provided limit are catch-ups (Treas. Reg. §1.414(v)-1(b)(1)(ii)), so
    # deferral max = 20,000 + 7,500 = 27,500 (below §402(g) + catch-up, 31,000); 20,000 count in §415(c).
    # §415(c) = pay 40,000; room under the caps: 20,000 - 20,000 = 0.
    formula = EmployerFormula(employee_cap=50)
    year = room(2025, formula, salary=40000, age=55)
    assert (year.deferral_total, year.catch_up, year.deferral, year.after_tax_room) == (27500, 7500, 20000, 0)


def test_spillover_moves_elections_above_402g_to_after_tax():
    # 2025, age 35, salary 200,000, match 100% up to 5%, an election of 30,000 in a spillover plan:
    # §401(a)(30) stops deferrals at 23,500; the 6,500 beyond continues as after-tax (no excess
    # deferral).  §415(c): 70,000 - 23,500 - 10,000 = 36,500 of after-tax in all, 6,500 of it the
    # spillover, so 30,000 is left to elect.
    formula = EmployerFormula(match_tiers=((100, 5),), spillover=True)
    year = room(2025, formula, salary=200000, deferral=30000)
    assert (year.deferral_total, year.spillover, year.excess_deferral) == (23500, 6500, 0)
    assert (year.room_before_cap, year.after_tax_room, year.employee_money) == (30000, 30000, 60000)


def test_take_home_pay_cannot_cover_the_employee_money():
    # 2025, salary 40,000, 100% match up to 5% (2,000), deferral max: §415(c) is 100% of pay, 40,000, so
    # 40,000 - 2,000 = 38,000 of employee money (23,500 deferral + 14,500 after-tax).  FICA (§3101(a),
    # (b)(1)): 7.65% x 40,000 = 3,060, leaving 36,940 of pay: 38,000 - 36,940 = 1,060 short.
    year = room(2025, salary=40000)
    assert (year.deferral_total, year.after_tax_room, year.employee_money) == (23500, 14500, 38000)
    assert (year.fica_cents, year.take_home_short) == (306000, 1060)


def test_fica_above_the_wage_base():
    # 2025, salary 200,000: 6.2% x 176,100 = 10,918.20 + 1.45% x 200,000 = 2,900 -> 13,818.20.
    year = room(2025, salary=200000)
    assert (year.fica_cents, year.take_home_short) == (1381820, 0)


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
