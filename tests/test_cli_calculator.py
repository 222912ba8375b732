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
    assert [note["code"] for note in document["notes"]] == ["plan_cap"]


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
        (["--year", "2025", "--salary", "1", "--match", "100@60,50@50"], "the tiers cover more than 100% of pay"),
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
