"""The calculator's text, JSON and CSV output (engine/reporting/calc_report.py), against golden files.

Golden files live in tests/golden/calculator/; after a deliberate change to the
output, regenerate them with MEGAROTH_UPDATE_GOLDEN=1 and review the diff.
"""

from __future__ import annotations

import json
import os
from fractions import Fraction
from pathlib import Path

import pytest

from megaroth.engine.reporting.calc_report import (
    headroom_rows,
    MINUS,
    equation,
    headroom_document,
    headroom_notes,
    headroom_text,
    projection_csv,
    projection_document,
    projection_text,
)
from megaroth.engine.deciding.calc_run import ProjectionReport
from megaroth.engine.money.calculator import Person, PlanTerms, headroom_for, limits_or_error
from megaroth.engine.money.headroom import EmployerFormula
from megaroth.engine.money.planner import Bonus, YearToDate, plan_paychecks
from megaroth.engine.money.projection import leak_table, project

GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "calculator"
SEED_TERMS = PlanTerms(EmployerFormula(match_tiers=((100, 5),)))
BUSY_TERMS = PlanTerms(
    EmployerFormula(match_tiers=((100, 4), (50, 2)), match_cap=12_000, nonelective=3, profit_sharing=2.5, after_tax_cap=10),
    roth=False,
)


def golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("MEGAROTH_UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def seed():
    return headroom_for(limits_or_error(2025), SEED_TERMS, Person(salary=200_000))


def test_seed_prints_the_guides_line_exactly():
    lines = headroom_text(seed()).splitlines()
    assert "70,000 − 23,500 − 10,000 = 36,500" in lines
    assert MINUS == "\u2212"


def test_seed_text_golden():
    golden("headroom-seed.txt", headroom_text(seed()))


def test_busy_plan_text_golden():
    # 2026, 400,000 (pay capped at 360,000), age 61, a second job, no Roth program: every note at once
    result = headroom_for(limits_or_error(2026), BUSY_TERMS, Person(salary=400_000, age=61, other_plan_deferrals=5_000))
    golden("headroom-busy.txt", headroom_text(result))
    assert [note["code"] for note in headroom_notes(result)] == ["pay_capped", "other_plan_deferrals", "roth_catch_up"]


def test_planner_text_golden():
    person = Person(salary=200_000)
    ytd = YearToDate(16, deferrals=23_500, employer=3_846, after_tax=14_030, election=2_000)
    plan = plan_paychecks(limits_or_error(2025), SEED_TERMS, person, ytd)
    golden("headroom-planner.txt", headroom_text(seed(), plan))


def test_planner_with_bonuses_percent_steps_and_the_deferral_spread_golden():
    # 2025, 200,000, no true-up; 20,000 with paycheck 13 (matched), 5,000 with paycheck 26 (not matched), 6 of 26
    # paychecks gone on pace. Pay 225,000 (§415(c)(3)); match 5% of the 220,000 it counts = 11,000; room
    # 70,000 − 23,500 − 11,000 = 35,500. The 20 paychecks left pay 20 × 7,692.31 + 25,000 = 178,846.15: 19% is
    # 18 × 1,461.54 + 5,261.54 (paycheck 13) + 2,411.54 (paycheck 26) = 33,980.80, 1,519.20 unfilled (20% is
    # 35,769.23, over). Deferral: 23,500 × 6/26 = 5,423 so far, 18,077 left, 10.11% of each paycheck: 777, 2,799
    # in paycheck 13, and 18,077 − 18 × 777 − 2,799 = 1,292 in paycheck 26, each at least 5% of its matched pay.
    terms = PlanTerms(SEED_TERMS.formula, true_up=False)
    bonuses = (Bonus(20_000, 13), Bonus(5_000, 26, matched=False))
    plan = plan_paychecks(limits_or_error(2025), terms, Person(salary=200_000), YearToDate(20), bonuses=bonuses, step="percent")
    text = headroom_text(headroom_for(limits_or_error(2025), terms, Person(salary=200_000)), plan)
    golden("headroom-planner-bonus.txt", text)
    document = json.loads(headroom_document(headroom_for(limits_or_error(2025), terms, Person(salary=200_000)), plan))
    assert (document["rest_of_year"]["pay"], document["rest_of_year"]["employer"]) == (225_000, 11_000)
    assert [w["code"] for w in document["rest_of_year"]["warnings"]] == ["deferral_spread", "election_step"]


def test_headroom_json_golden_and_numbers():
    text = headroom_document(seed())
    golden("headroom-seed.json", text)
    document = json.loads(text)
    assert (document["limit_415c"], document["deferral_counted"], document["match"], document["after_tax_room"]) == (
        70_000,
        23_500,
        10_000,
        36_500,
    )
    assert document["equation"] == "70,000 − 23,500 − 10,000 = 36,500"
    assert document["roth"] == {"mega_backdoor": 36_500, "ira_backdoor": 7_000, "together": 43_500}
    assert document["rest_of_year"] is None


def test_equation_with_no_room_says_so():
    # 2025, pay 350,000 (the §401(a)(17) cap), match 4% = 14,000, profit sharing 10% = 35,000, an explicit
    # 23,500 deferral: 70,000 − 23,500 − 14,000 − 35,000 = −2,500, over §415(c)(1)(A) by 2,500.
    terms = PlanTerms(EmployerFormula(match_tiers=((100, 4),), profit_sharing=10))
    result = headroom_for(limits_or_error(2025), terms, Person(salary=350_000, deferral=23_500))
    assert equation(result.headroom) == "70,000 − 23,500 − 14,000 − 35,000 = −2,500: no room (it never goes below 0)"
    assert [note["code"] for note in headroom_notes(result)] == ["over_415c", "no_room"]
    # deferral max is the largest lawful deferral: 70,000 − 14,000 − 35,000 = 21,000 (the match on 21,000,
    # 6% of pay, is still the 4% cap, 14,000), and the room is 0.
    lawful = headroom_for(limits_or_error(2025), terms, Person(salary=350_000)).headroom
    assert (lawful.deferral_total, lawful.over_415c, lawful.after_tax_room) == (21_000, 0, 0)
    assert equation(lawful) == "70,000 − 21,000 − 14,000 − 35,000 = 0"


def test_equation_and_table_to_the_cent():
    # 2025, salary 100,008, 100% match up to 5% (5,000.40) and 3% nonelective (3,000.24), deferral max 23,500:
    # 70,000 − 23,500 − 8,000.64 = 38,499.36, and the room is rounded down to 38,499 (§415(c)(1)(A) never passed).
    terms = PlanTerms(EmployerFormula(match_tiers=((100, 5),), nonelective=3))
    result = headroom_for(limits_or_error(2025), terms, Person(salary=100_008))
    assert equation(result.headroom) == "70,000 − 23,500 − 5,000.40 − 3,000.24 = 38,499.36, rounded down to 38,499"
    rows = dict(headroom_rows(result))
    assert rows["less match (100% of the first 5% of pay)"] == "−5,000.40"
    assert rows["after-tax room (rounded down)"] == "38,499"


@pytest.mark.parametrize(
    ("age", "salary", "codes"),
    [
        # 2026, pay 40,000: 24,500 deferred + 13,500 after-tax = 38,000 of employee money, more than
        # 40,000 less 7.65% FICA (3,060) = 36,940 (§3101(a), (b)(1)).
        (45, 40_000, ["pay_below_415c", "take_home"]),
        (55, 200_000, ["catch_up", "roth_catch_up"]),
        # Age 62 in 2026: the salary stands in for 2025 W-2 wages in the §414(v)(7) test.
        (62, 100_000, ["catch_up", "prior_year_wages"]),
    ],
)
def test_notes(age: int, salary: int, codes: list[str]):
    result = headroom_for(limits_or_error(2026), SEED_TERMS, Person(salary=salary, age=age))
    assert [note["code"] for note in headroom_notes(result)] == codes


def test_roth_catch_up_note_text_2026():
    result = headroom_for(limits_or_error(2026), SEED_TERMS, Person(salary=200_000, age=55))
    note = headroom_notes(result)[1]["text"]
    assert note.startswith(
        "from 2026 a catch-up must be made as Roth when the prior year's FICA wages from this employer exceeded 150,000"
    )


def projection_2025(years: int = 20, start_age: int | None = 35):
    limits = limits_or_error(2025)
    return project(36_500, years, start_age=start_age, ira_by_age=limits.ira_for_age), leak_table(36_500, 26, 7, 24, also=2)


def test_projection_text_golden():
    projection, leak = projection_2025()
    text = projection_text(ProjectionReport(projection, leak, limits_or_error(2025), 26, Fraction(24), plan_conversions=2))
    golden("project-20y.txt", text)
    assert "One conversion of 36,500 after 20 years: 36,500 × 1.07^20 = 141,243" in text.splitlines()


def test_projection_30_years_text_states_the_30_year_figure():
    projection, leak = projection_2025(30, None)
    text = projection_text(ProjectionReport(projection, leak, limits_or_error(2025), 26))
    assert "One conversion of 36,500 after 30 years: 36,500 × 1.07^30 = 277,847" in text.splitlines()
    assert "tax at" not in text


def test_projection_csv_golden():
    projection, _ = projection_2025(5)
    text = projection_csv(projection)
    golden("project-5y.csv", text)
    assert text.splitlines()[0] == "year,age,converted,each_year,one_conversion,ira_contributed,ira_each_year"
    assert text.splitlines()[1] == "1,36,36500,39055,39055,7000,7490"


def test_projection_json_has_the_same_numbers():
    projection, leak = projection_2025(20)
    document = json.loads(projection_document(ProjectionReport(projection, leak, limits_or_error(2025), 26, Fraction(24))))
    assert document["rows"][19]["one_conversion"] == 141_243
    assert document["return_percent"] == 7 and document["leak"]["tax_rate_percent"] == 24
    assert [(row["cadence"], row["taxable_earnings"]) for row in document["leak"]["rows"]] == [
        ("daily", 4),
        ("per_pay_period", 95),
        ("monthly", 111),
        ("quarterly", 334),
        # the plan's own 2 a year, added beside the named cadences: two half-years of waits k/26, k = 1..13,
        # 2 × 36,500/26 × Σ_{k=1..13} (1.07^(k/26) − 1) = 672.73
        ("plan_route", 673),
        ("annual", 1_312),
    ]


def test_json_is_byte_for_byte_stable():
    assert headroom_document(seed()) == headroom_document(seed())
