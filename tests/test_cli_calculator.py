"""`megaroth headroom` and `megaroth project` through click's CliRunner: output, numbers, exit codes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from megaroth.cli import main

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
SEED = ["headroom", "--year", "2025", "--salary", "200000", "--match", "100@5"]


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input)


def test_seed_example_prints_the_guides_line():
    result = run(*SEED)
    assert result.exit_code == 0, result.output
    assert "70,000 − 23,500 − 10,000 = 36,500" in result.stdout.splitlines()
    assert result.stderr == ""


def test_help_explains_the_minus_sign():
    text = run("headroom", "--help").stdout
    assert "70,000 − 23,500 − 10,000 = 36,500" in text
    assert "minus sign − (U+2212)" in text


def test_salary_with_thousands_separators_and_dollar_sign():
    assert run("headroom", "--year", "2025", "--salary", "$200,000", "--match", "100@5").stdout == run(*SEED).stdout


def test_json_has_the_same_numbers():
    document = json.loads(run(*SEED, "--format", "json").stdout)
    assert (document["after_tax_room"], document["per_paycheck"], document["last_paycheck"]) == (36_500, 1_403, 1_425)


def test_plan_file_supplies_the_formula():
    # participants-2025.yaml: 100% of the first 5%, true-up; late-career-61: 70,000 − 23,500 − 9,000 = 37,500
    result = run("headroom", "--plan", str(SAMPLES / "participants-2025.yaml"), "--salary", "180000", "--age", "61")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[1] == "plan: Quillfeather Software 401(k) Plan; salary 180,000; age 61 at year end; deferral max; 26 paychecks"
    assert "70,000 − 23,500 − 9,000 = 37,500" in lines


def test_plan_file_on_stdin():
    text = (SAMPLES / "participants-2025.yaml").read_text(encoding="utf-8")
    result = run("headroom", "--plan", "-", "--salary", "200000", "--format", "json", input=text)
    assert json.loads(result.stdout)["after_tax_room"] == 36_500


def test_plan_cap_from_the_plan_file():
    # manual-conversion-monthly.yaml: 100@4 + 50@2, after-tax capped at 10% of pay.
    # 200,000: 70,000 − 23,500 − 10,000 = 36,500; the cap: 20,000
    result = run("headroom", "--plan", str(SAMPLES / "manual-conversion-monthly.yaml"), "--salary", "200000", "--format", "json")
    document = json.loads(result.stdout)
    assert (document["room_before_cap"], document["plan_cap"], document["after_tax_room"]) == (36_500, 20_000, 20_000)
    # applied per paycheck: 20,000 / 26 = 769.23 → 769 a paycheck, 26 × 769 = 19,994: 6 unfilled
    assert (document["paycheck_cap"], document["per_paycheck"], document["paycheck_unfilled"]) == (769, 769, 6)
    assert [note["code"] for note in document["notes"]] == ["plan_cap", "plan_cap_per_paycheck"]


def test_year_overrides_the_plan_year():
    # 2026 limits with the 2025 plan: 72,000 − 24,500 − 10,000 = 37,500
    result = run("headroom", "--plan", str(SAMPLES / "participants-2025.yaml"), "--year", "2026", "--salary", "200000")
    assert "72,000 − 24,500 − 10,000 = 37,500" in result.stdout.splitlines()


def test_no_roth_plan_in_2026_loses_the_catch_up():
    result = run("headroom", "--year", "2026", "--salary", "200000", "--age", "55", "--match", "100@5", "--no-roth")
    assert result.exit_code == 0
    assert "catch-up deferred (outside §415(c), not subtracted)" in result.stdout
    assert "this plan has no Roth deferrals, so there is no catch-up at all" in result.stdout


def test_invalid_plan_file_gives_file_line_col_and_exit_2(tmp_path: Path):
    plan = tmp_path / "plan.yaml"
    plan.write_text("megaroth: 1\nplan:\n  name: x\n  year: 2025\n  year: 2026\n", encoding="utf-8")
    result = run("headroom", "--plan", str(plan), "--salary", "100000")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"{plan}:5:3: duplicate key 'year' (first at line 4, again at line 5); YAML keeps only one of them, "
        "so remove the other\n"
    )


def test_schema_problems_each_get_a_line(tmp_path: Path):
    plan = tmp_path / "plan.yaml"
    plan.write_text("megaroth: 1\nplan:\n  name: x\n  year: yes\n", encoding="utf-8")
    result = run("headroom", "--plan", str(plan), "--salary", "100000")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"{plan}:1:1: the plan is missing the required key 'contributions'",
        f"{plan}:2:1: plan is missing the required key 'document'",
        f"{plan}:4:9: plan.year must be a whole number, not 'yes'",
    ]


def test_missing_plan_file(tmp_path: Path):
    result = run("headroom", "--plan", str(tmp_path / "none.yaml"), "--salary", "100000")
    assert result.exit_code == 2
    assert result.stderr == f"{tmp_path / 'none.yaml'}: cannot read the plan file: no such file or folder\n"


def test_plan_year_without_limits_points_at_the_year():
    result = run("headroom", "--plan", str(SAMPLES / "plan-year-2027.yaml"), "--salary", "100000")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{SAMPLES / 'plan-year-2027.yaml'}:9:9: megaroth does not carry IRS limits for plan year 2027 (")


def test_year_without_limits_is_an_error_never_a_fallback():
    result = run("headroom", "--year", "2027", "--salary", "100000")
    assert result.exit_code == 2
    assert result.stderr == (
        "megaroth: --year 2027: megaroth does not carry IRS limits for plan year 2027 (it has 2019, 2020, 2021, 2022, "
        "2023, 2024, 2025, 2026); give that year's figures and their IRS Notice in a limits file with --limits FILE; "
        "megaroth never borrows another year's figures\n"
    )
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--salary", "100000"], "--year is required"),
        (["--year", "2025"], "--salary is required"),
        (["--year", "2025", "--salary", "1e5"], "'1e5' is not a dollar amount"),
        (["--year", "2025", "--salary", "-5"], "'-5' is not a dollar amount"),
        (["--year", "2025", "--salary", "1", "--match", "100@5,50"], "'50' is not a tier"),
        (["--year", "2025", "--salary", "1", "--match", "100@60,50@50"], "the match tiers cover 110% of pay (their up_to percents add up past 100%), and pay has only 100%"),
        (["--year", "2025", "--salary", "1", "--nonelective", "120"], "120 is more than 100%"),
        (["--year", "2025", "--salary", "1", "--ytd-after-tax", "5"], "--ytd-after-tax plans the rest of the year"),
        (["--year", "2025", "--salary", "1", "--periods-left", "30"], "paychecks left must be from 1 to the year's 26"),
        (
            ["--plan", str(SAMPLES / "participants-2025.yaml"), "--salary", "1", "--match", "100@4", "--no-roth"],
            "leave out --match, --roth",
        ),
    ],
)
def test_usage_errors_exit_2(args: list[str], message: str):
    result = run("headroom", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_planner_through_the_cli():
    result = run(*SEED, "--periods-left", "10", "--ytd-deferrals", "14462", "--ytd-employer", "6154", "--ytd-after-tax", "22448")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[lines.index("Rest of the year: 10 of 26 paychecks left (16 gone)") + 8].split()[-1] == "1,405"
    document = json.loads(run(*SEED, "--periods-left", "10", "--ytd-after-tax", "22448", "--format", "json").stdout)
    assert (document["rest_of_year"]["per_paycheck"], document["rest_of_year"]["last_paycheck"]) == (1_405, 1_407)


def test_planner_warns_about_an_overshooting_election():
    document = json.loads(
        run(*SEED, "--periods-left", "10", "--ytd-after-tax", "22448", "--election", "2000", "--format", "json").stdout
    )
    assert [warning["code"] for warning in document["rest_of_year"]["warnings"]] == ["overshoot"]


def test_project_pins_the_guides_two_figures():
    twenty = run("project", "--amount", "36500", "--years", "20", "--year", "2025")
    thirty = run("project", "--amount", "36500", "--years", "30", "--year", "2025")
    assert twenty.exit_code == thirty.exit_code == 0
    assert "One conversion of 36,500 after 20 years: 36,500 × 1.07^20 = 141,243" in twenty.stdout.splitlines()
    assert "One conversion of 36,500 after 30 years: 36,500 × 1.07^30 = 277,847" in thirty.stdout.splitlines()


def test_project_from_the_headroom_inputs():
    result = run("project", "--year", "2025", "--salary", "200000", "--match", "100@5", "--years", "30", "--format", "json")
    document = json.loads(result.stdout)
    assert document["amount"] == 36_500 and document["headroom"]["after_tax_room"] == 36_500
    assert document["rows"][29]["one_conversion"] == 277_847


def test_project_marks_the_plans_route_and_taxes_the_leak():
    result = run(
        "project", "--plan", str(SAMPLES / "acp-failing-quarterly-rollover.yaml"), "--salary", "200000",
        "--years", "1", "--tax-rate", "24",
    )
    assert result.exit_code == 0, result.output
    marked = [line for line in result.stdout.splitlines() if line.endswith("<- this plan's best route")]
    assert len(marked) == 1 and marked[0].startswith("quarterly")


def test_project_csv():
    result = run("project", "--amount", "36500", "--years", "3", "--year", "2025", "--start-age", "35", "--format", "csv")
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["year", "age", "converted", "each_year", "one_conversion", "ira_contributed", "ira_each_year"]
    assert rows[3] == ["3", "38", "109500", "125558", "44714", "21000", "24080"]


def test_project_amount_and_salary_together_is_refused():
    result = run("project", "--amount", "1000", "--salary", "100000", "--year", "2025", "--years", "2")
    assert result.exit_code == 2 and "either --amount or --salary" in result.stderr


def test_project_return_is_bounded():
    result = run("project", "--amount", "1000", "--year", "2025", "--years", "2", "--return", "45")
    assert result.exit_code == 2 and "45 is more than 30%" in result.stderr


def test_plan_without_after_tax_says_the_room_cannot_be_filled():
    result = run("headroom", "--plan", str(SAMPLES / "roth-401k-only.yaml"), "--salary", "100000", "--format", "json")
    assert [note["code"] for note in json.loads(result.stdout)["notes"]] == ["no_after_tax_source"]


def test_plan_without_a_route_to_roth_is_said_in_the_projection():
    args = ["project", "--salary", "150000", "--years", "1"]
    no_route = run(*args, "--plan", str(SAMPLES / "after-tax-no-conversion-route.yaml"))
    assert "This plan has no route to Roth (MBR102)" in no_route.stdout
    document = json.loads(run(*args, "--plan", str(SAMPLES / "after-tax-no-conversion-route.yaml"), "--format", "json").stdout)
    assert (document["leak"]["plan_has_route"], document["leak"]["plan_conversions_per_year"]) == (False, None)
    quarterly = json.loads(run(*args, "--plan", str(SAMPLES / "acp-failing-quarterly-rollover.yaml"), "--format", "json").stdout)
    assert (quarterly["leak"]["plan_has_route"], quarterly["leak"]["plan_conversions_per_year"]) == (True, 4)
    assert json.loads(run("project", "--amount", "1000", "--year", "2025", "--years", "1", "--format", "json").stdout)[
        "leak"
    ]["plan_has_route"] is None


def test_cap_per_paycheck_is_said_with_what_it_leaves():
    # 10% of 150,000 / 26 = 576.92 → 576 a paycheck; 26 × 576 = 14,976 of the 15,000 room, 24 unfilled
    result = run("headroom", "--year", "2025", "--salary", "150000", "--after-tax-cap", "10")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "after-tax per paycheck (26 paychecks)                    576" in lines
    assert "lands in Roth: Mega Backdoor Roth                     14,976" in lines
    assert (
        "- the plan applies its after-tax cap to each paycheck: at most 576 a paycheck (10% of 150,000 over 26 "
        "paychecks, rounded down), so 24 of the room stays unfilled"
    ) in lines
    document = json.loads(run("headroom", "--year", "2025", "--salary", "150000", "--after-tax-cap", "10", "--format", "json").stdout)
    assert (document["paycheck_cap"], document["paycheck_unfilled"], document["roth"]["mega_backdoor"]) == (576, 24, 14_976)


def test_27_pay_periods_is_a_choice():
    # 36,500 over 27: 26 × 1,351 + 1,374 (tests/money/test_calculator.py)
    result = run(*SEED, "--pay-periods", "27")
    assert result.exit_code == 0, result.output
    assert "after-tax per paycheck (26 of 27 paychecks)                1,351" in result.stdout.splitlines()


def test_participant_from_the_plan_file():
    # late-career-61 (samples/participants-2025.yaml, expected room 37,500): 180,000, age 61, deferral 34,750 =
    # 23,500 + the 11,250 catch-up at 60-63 (§414(v)(2)(E)), outside §415(c): 70,000 − 23,500 − 5% × 180,000 (9,000)
    result = run("headroom", "--plan", str(SAMPLES / "participants-2025.yaml"), "--participant", "late-career-61")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[1].startswith("plan: ") and "; participant: late-career-61; salary 180,000; age 61 at year end; " in lines[1]
    assert "70,000 − 23,500 − 9,000 = 37,500" in lines
    document = json.loads(
        run("headroom", "--plan", str(SAMPLES / "participants-2025.yaml"), "--participant", "late-career-61", "--format", "json").stdout
    )
    assert (document["participant"], document["catch_up"], document["after_tax_room"]) == ("late-career-61", 11_250, 37_500)


def test_unknown_participant_exits_2_with_one_message():
    path = str(SAMPLES / "participants-2025.yaml")
    result = run("headroom", "--plan", path, "--participant", "nobody")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"{path}: no participant named 'nobody'; its participants are 'example-200k', 'late-career-61', "
        "'pittsburgh-pa', 'second-job', 'new-hire-3pct', 'support-40k'\n"
    )


def test_participant_with_its_own_flags_is_a_usage_error():
    result = run("headroom", "--plan", str(SAMPLES / "participants-2025.yaml"), "--participant", "second-job", "--age", "50")
    assert result.exit_code == 2
    assert "Error: --participant takes the participant's pay, age and deferrals from the plan file; leave out --age" in result.stderr


def test_election_step_percent_plans_the_whole_year():
    # tests/money/test_planner.py: the seed's 36,500 in whole percents is 18% of each 7,692.31 paycheck,
    # 1,384.62; 26 × 1,384.62 = 36,000.12, 499.88 unfilled
    result = run(*SEED, "--election-step", "percent")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "Rest of the year: 26 of 26 paychecks left (0 gone)" in lines
    assert "after-tax per paycheck at 18% (a paycheck without bonus)              1,384.62" in lines
    assert (
        "- elections in whole percents of pay: 18% is the most that never carries the year over the room, and leaves "
        "499.88 of it unfilled"
    ) in lines
    document = json.loads(run(*SEED, "--election-step", "0.1", "--format", "json").stdout)["rest_of_year"]
    # 18.2%: 1,400.00 a paycheck, 36,400.00, 100.00 unfilled
    assert document["percent_election"] == {"percent": 18.2, "per_paycheck": 1400.0, "total": 36400.0, "unfilled": 100.0}


def test_bonus_flags_repeat_and_nomatch():
    # 200,000 + 20,000 (paycheck 13, matched) + 5,000 (paycheck 26, not matched): pay 225,000; the match is 5% of
    # the 220,000 it counts, 11,000; room 70,000 − 23,500 − 11,000 = 35,500
    result = run(*SEED, "--bonus", "20000@13", "--bonus", "5,000@26,nomatch", "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)["rest_of_year"]
    assert (document["pay"], document["employer"], document["room"]) == (225_000, 11_000, 35_500)
    assert document["bonuses"] == [
        {"amount": 20_000, "paycheck": 13, "matched": True},
        {"amount": 5_000, "paycheck": 26, "matched": False},
    ]


# --- the person and plan flags for second jobs, owners, mid-year pay and plan caps ------------------


def test_mid_year_hire_spreads_the_room_over_the_paychecks_paid():
    # tests/deciding/test_rules.py works it from §415(c)(3): 16,153.84 of pay, 807.70 of match, 12,346 of room;
    # over 7 paychecks 12,346 // 7 = 1,763 (6 × 1,763 = 10,578) and a last of 1,768.
    args = ("--year", "2025", "--salary", "60000", "--paychecks-paid", "7", "--match", "100@5", "--deferral", "3000")
    result = run("headroom", *args)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[1] == "salary 60,000, 16,153.84 paid this year; age not given (no catch-up); deferral 3,000; 7 of 26 paychecks paid this year"
    assert "16,153.84 − 3,000 − 807.70 = 12,346.14, rounded down to 12,346" in lines
    assert "after-tax per paycheck (6 of 7 paychecks)                    1,763" in lines
    assert "after-tax in the last paycheck (the rounding left over)      1,768" in lines
    planned = run("headroom", *args, "--periods-left", "3")
    assert planned.exit_code == 2
    assert "Error: --paychecks-paid spreads the election over the paychecks paid; leave out the planner's flags" in planned.stderr


def _json(*args: str) -> dict:
    result = run("headroom", "--year", "2025", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_second_job_catch_up_is_per_person_and_counted_here():
    # §402(g)(1)(C): age 55, 27,000 deferred elsewhere in 2025 leaves 31,000 − 27,000 = 4,000; it fits this
    # employer's 23,500, so it is an ordinary deferral counted in §415(c) (Treas. Reg. §1.414(v)-1(b)(1)).
    # 120,000 at 100% up to 5%: match 4,000; room 70,000 − 4,000 − 4,000 = 62,000.
    document = _json("--salary", "120000", "--age", "55", "--other-plan-deferrals", "27000", "--match", "100@5")
    assert (document["deferral_total"], document["catch_up"], document["match"]) == (4_000, 0, 4_000)
    assert document["after_tax_room"] == 62_000
    assert document["equation"] == "70,000 − 4,000 − 4,000 = 62,000"


def test_mid_year_hire_by_paychecks_paid():
    # Hired October 1 at a 60,000 rate, 7 of 26 paychecks: 60,000 × 7 / 26 = 16,153.84 (rounded down to the
    # cent) of §415(c)(3) compensation.  Deferral 2,000 is 12.4% of it, so the 5% match is 807.70 (807.692
    # rounded up to the cent); §415(c)(1)(B): 16,153.84 − 2,000 − 807.70 = 13,346.14 → 13,346.
    document = _json("--salary", "60000", "--paychecks-paid", "7", "--deferral", "2000", "--match", "100@5")
    assert (document["compensation"], document["limit_415c"], document["after_tax_room"]) == (16_153.84, 16_153, 13_346)
    assert document["equation"] == "16,153.84 − 2,000 − 807.70 = 13,346.14, rounded down to 13,346"
    same = _json("--salary", "60000", "--compensation", "16153.84", "--deferral", "2000", "--match", "100@5")
    assert same["after_tax_room"] == 13_346


def test_sole_proprietor_by_net_earnings():
    # 2025, net earnings 150,000, the 25% formula (--nonelective 25), deferral max 23,500: SE tax
    # 15.3% × 92.35% × 150,000 = 21,194.33 (§1401, §1402(a)(12)), half deducted (§164(f)); earned income
    # C × 1.25 = 139,402.84 → C = 111,522.27, employer 27,880.57 (§401(c)(2)); 70,000 − 23,500 − 27,880.57
    # = 18,619.43 → 18,619.
    document = _json("--net-se-earnings", "150000", "--nonelective", "25", "--solo")
    assert document["self_employment"]["se_tax"] == 21_194.33
    assert document["employer_exact"]["nonelective"] == 27_880.57
    assert document["after_tax_room"] == 18_619
    assert "self_employment" in [note["code"] for note in document["notes"]]


def test_match_on_after_tax_flag():
    # 150,000, 100% match on up to 6% counting after-tax, deferral 3,000: the match reaches 9,000 and
    # 3,000 + 58,000 + 9,000 = 70,000 (§415(c)(1)(A), §415(c)(2)).
    document = _json("--salary", "150000", "--match", "100@6", "--match-after-tax", "--deferral", "3000")
    assert (document["match"], document["match_on_after_tax"], document["after_tax_room"]) == (9_000, 6_000, 58_000)


def test_deferral_max_at_low_pay_and_an_explicit_deferral_over_pay():
    # §415(c)(1)(B): 20,000 of pay, match 1,000: deferral max 19,000; an explicit 20,000 is 1,000 over.
    lawful = _json("--salary", "20000", "--match", "100@5")
    assert (lawful["deferral_total"], lawful["over_415c"], lawful["after_tax_room"]) == (19_000, 0, 0)
    over = _json("--salary", "20000", "--match", "100@5", "--deferral", "20000")
    assert over["over_415c"] == 1_000
    assert [note["code"] for note in over["notes"]] == ["pay_below_415c", "over_415c", "no_room", "take_home"]


def test_prior_year_wages_and_a_corporate_owner_in_2026():
    # §414(v)(7): 2025 wages of 140,000 are not over 150,000, so without a Roth program the 8,000 catch-up
    # stays (deferral max 24,500 + 8,000 = 32,500).  A corporation's owner paid 300,000 in W-2 wages in a
    # solo plan is inside the rule: no Roth program, no catch-up (24,500).
    allowed = run("headroom", "--year", "2026", "--salary", "155000", "--prior-year-wages", "140000", "--age", "55",
                  "--no-roth", "--format", "json")
    assert json.loads(allowed.stdout)["deferral_total"] == 32_500
    owner = run("headroom", "--year", "2026", "--salary", "300000", "--solo", "--age", "55", "--no-roth", "--format", "json")
    document = json.loads(owner.stdout)
    assert document["deferral_total"] == 24_500
    assert [note["code"] for note in document["notes"]] == ["roth_catch_up", "solo_owner_wages"]


def test_plan_cap_flags():
    # 100,000, match 100% up to 5%, deferral 10,000: §415(c) room 70,000 − 10,000 − 5,000 = 55,000; a 50%
    # combined cap leaves 50,000 − 10,000 = 40,000; a 30,000 after-tax dollar cap is lower still.
    document = _json("--salary", "100000", "--match", "100@5", "--deferral", "10000", "--employee-cap", "50",
                     "--after-tax-cap-dollars", "30000")
    assert (document["room_before_cap"], document["plan_cap"], document["plan_cap_kind"]) == (55_000, 30_000, "after_tax_dollars")
    assert document["after_tax_room"] == 30_000


def test_spillover_flag():
    # A 30,000 election at 200,000 in a spillover plan: 23,500 deferred, 6,500 after-tax;
    # 70,000 − 23,500 − 6,500 − 10,000 = 30,000 left to elect, and no excess deferral.
    document = _json("--salary", "200000", "--match", "100@5", "--spillover", "--deferral", "30000")
    assert (document["spillover"], document["excess_deferral"], document["after_tax_room"]) == (6_500, 0, 30_000)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--bonus", "20000"], "'20000' is not a bonus; write AMOUNT@PAYCHECK, e.g. 20000@13 or 20000@13,nomatch"),
        (["--bonus", "20000@13,maybe"], "'20000@13,maybe' is not a bonus"),
        (["--bonus", "20000@27"], "a bonus paycheck must be from 1 to the year's 26 pay periods, not 27"),
        (["--election-step", "5"], "'5' is not one of 'dollar', 'percent', '0.1'"),
    ],
)
def test_bad_planner_flags_exit_2(args: list[str], message: str):
    result = run(*SEED, *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_no_true_up_spread_keeps_the_match_through_the_cli():
    # tests/money/test_planner.py: on pace 10 of 26 gone, 903 in 15 paychecks and 917 in the last keep the 10,000
    result = run(*SEED, "--no-true-up", "--periods-left", "16", "--ytd-deferrals", "9038", "--ytd-employer", "3846")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "deferral per paycheck (15 of 16 paychecks)                        903" in lines
    assert "deferral in the last paycheck (the rounding left over)            917" in lines
    assert lines[-1] == (
        "- without a year-end true-up, each paycheck is matched on its own deferral, up to 385 (5% of its pay): spread "
        "the deferral left over every paycheck to the end of the year, never front-loaded so that it runs out early; "
        "the deferral above keeps the whole match of 10,000"
    )


def test_deferral_spread_in_json():
    # tests/money/test_planner.py: 20,000 with paycheck 13, no true-up: 821 a regular paycheck, 2,958 in paycheck 13,
    # 838 in the last; each at least the 385 (5% of 7,692.31) a paycheck's whole match needs: 11,000 kept.
    # In dollars the room 70,000 − 23,500 − 11,000 = 35,500 is 35,500 / 26 = 1,365 (25 × 1,365 = 34,125), last 1,375.
    document = json.loads(run(*SEED, "--no-true-up", "--bonus", "20000@13", "--format", "json").stdout)["rest_of_year"]
    assert document["deferral_spread"] == {
        "per_paycheck": 821,
        "bonus_paychecks": [{"paycheck": 13, "deferral": 2_958}],
        "last_paycheck": 838,
        "match_ceiling": 385,
        "match": 11_000,
        "year_match": 11_000,
        "keeps_whole_match": True,
    }
    assert document["percent_election"] is None and (document["per_paycheck"], document["last_paycheck"]) == (1_365, 1_375)

@pytest.mark.parametrize(
    ("key", "field", "flags"),
    [
        # 2026, age 55, 200,000 of pay standing in for 2025 wages: over the 150,000 of §414(v)(7), so the
        # 8,000 catch-up must be Roth, and without a Roth program there is none: Roth decides the numbers.
        ("roth", "contributions.roth", ("--year", "2026", "--salary", "200000", "--age", "55")),
        ("allowed", "contributions.after_tax.allowed", ("--salary", "100000")),
    ],
)
def test_an_unknown_answer_the_calculator_needs_is_asked_for_not_guessed(tmp_path: Path, key: str, field: str, flags):
    text = (SAMPLES / "participants-2025.yaml").read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if line.strip().startswith(f"{key}:"))
    lines[index] = lines[index].split(":")[0] + ": unknown\n"
    plan = tmp_path / "plan.yaml"
    plan.write_text("".join(lines), encoding="utf-8")
    line = index + 1
    column = len(lines[index]) - len(lines[index].lstrip()) + len(key) + 3
    result = run("headroom", "--plan", str(plan), *flags)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"{plan}:{line}:{column}: {field} is unknown, and the calculator needs a yes or no; write true or false once "
        "the plan administrator has answered (`megaroth check` says what the answer decides)\n"
    )


def test_an_unknown_roth_answer_that_changes_nothing_is_not_asked_for(tmp_path: Path):
    # 2025 has no Roth catch-up rule (§414(v)(7) starts in 2026), so Roth yes or no gives the same year:
    # 70,000 − 23,500 − 5% of 100,000 (participants-2025.yaml matches 100% up to 5%) = 41,500, as `check` computes it.
    text = (SAMPLES / "participants-2025.yaml").read_text(encoding="utf-8")
    plan = tmp_path / "plan.yaml"
    plan.write_text(text.replace("roth: true", "roth: unknown", 1), encoding="utf-8")
    result = run("headroom", "--plan", str(plan), "--salary", "100000")
    assert result.exit_code == 0, result.output
    assert "70,000 − 23,500 − 5,000 = 41,500" in result.stdout.splitlines()


def test_project_prices_the_leak_at_a_nominal_return():
    # 36,500 a year, 26 paychecks, quarterly: Σ 36,500/26 × (1.1021^w_i − 1) = 481.72 at 7% real and 3% inflation;
    # with --inflation 0 the nominal return is the real 7%: 334.39 (tests/money/test_projection.py).
    args = ["project", "--amount", "36500", "--years", "1", "--year", "2025", "--format", "json"]
    default = json.loads(run(*args).stdout)["leak"]
    assert (default["return_percent"], default["inflation_percent"]) == (10.21, 3)
    assert [row["taxable_earnings"] for row in default["rows"] if row["cadence"] == "quarterly"] == [482]
    real = json.loads(run(*args, "--inflation", "0").stdout)["leak"]
    assert [row["taxable_earnings"] for row in real["rows"] if row["cadence"] == "quarterly"] == [334]
    text = run(*args[:-2]).stdout
    assert (
        "Earnings before conversion, taxable when converted: 36,500 a year over 26 paychecks at 10.21% (nominal: 7% "
        "real and 3% inflation compounded, as taxable earnings are nominal dollars)"
    ) in text.splitlines()
    assert "a loss in one conversion does not offset a gain taxed in another" in " ".join(text.split())


def test_project_prices_a_route_on_request_monthly():
    # samples/roth-confused-wording.yaml converts on request, any time: marked at 12 a year, not daily.
    result = run("project", "--plan", str(SAMPLES / "roth-confused-wording.yaml"), "--salary", "150000", "--years", "1")
    marked = [line for line in result.stdout.splitlines() if "<- this plan's best route" in line]
    assert len(marked) == 1 and marked[0].startswith("monthly")
    assert marked[0].endswith("<- this plan's best route, on request: priced at 12 a year")
    document = json.loads(
        run("project", "--plan", str(SAMPLES / "roth-confused-wording.yaml"), "--salary", "150000", "--years", "1", "--format", "json").stdout
    )
    assert (document["leak"]["plan_conversions_per_year"], document["leak"]["plan_priced_conversions_per_year"]) == (365, 12)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--salary", "1", "--net-se-earnings", "1"], "give --salary (W-2 pay) or --net-se-earnings (a sole proprietor or partner), not both"),
        (["--salary", "60000", "--paychecks-paid", "27"], "--paychecks-paid 27 is more than the 26 pay periods"),
        (["--net-se-earnings", "1", "--compensation", "1"], "--compensation is pay from an employer; with --net-se-earnings give the year's net earnings"),
    ],
)
def test_pay_flags_that_cannot_go_together_are_usage_errors(args, message):
    result = run("headroom", "--year", "2025", *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"Error: {message}" in result.stderr


def test_plan_file_refuses_the_new_plan_flags():
    result = run("headroom", "--plan", str(SAMPLES / "participants-2025.yaml"), "--salary", "1", "--spillover")
    assert result.exit_code == 2
    assert "Error: --plan takes the plan's terms from the file; leave out --spillover" in result.stderr
