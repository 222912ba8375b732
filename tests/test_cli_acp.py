"""`megaroth acp`: the whole command, through click's CliRunner, on the regulation's examples."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
from click.testing import CliRunner

from megaroth.cli import main
from megaroth.engine.reading.resources import schemas_dir

# Treas. Reg. §1.401(m)-2(a)(7) Example 2, with a name column the report must never copy.
EXAMPLE_2 = (
    "ID,Name,Compensation,After_Tax,Match,HCE\n"
    "A,Ann Secret,190000,3500,9250,true\n"
    "B,Bob Secret,100000,10000,7500,true\n"
    "C,Cy Secret,85000,,6000,false\n"
    "D,Di Secret,70000,,4750,false\n"
    "E,Ed Secret,40000,,5000,false\n"
    "F,Fa Secret,10000,,0,false\n"
)


def run(*args: str):
    return CliRunner().invoke(main, ["acp", *args])


def census(tmp_path: Path, text: str = EXAMPLE_2) -> str:
    path = tmp_path / "census.csv"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_example_2_fails_with_its_correction_in_text(tmp_path):
    # ACRs A 6.71, B 17.50; C 7.06, D 6.79, E 12.50, F 0 (worked in tests/acp/test_ratios.py):
    # HCE ACP 12.11, NHCE ACP 6.59, limit 8.59, fails by 3.52. Correction (tests/acp/test_correction.py):
    # L = 10.47, B's excess 7,030.00; leveling to 11,610: A 1,140.00, B 5,890.00, after-tax first.
    # §4979(a): 10% of 7,030.00 = 703.00. Deadlines for 2025: March 15, 2026 and December 31, 2026.
    result = run(census(tmp_path), "--year", "2025")
    assert result.exit_code == 1
    assert result.stdout == (
        "ACP test (§401(m)), plan year 2025: current-year method, match included\n"
        "  limits: IRS Notice 2024-80; compensation capped at 350,000 (§401(a)(17))\n"
        "  HCEs:   2 eligible, ACP 12.11%\n"
        "  NHCEs:  4 eligible, ACP 6.59%\n"
        "  limit:  8.59% (the greater of 1.25 × 6.59 and the lesser of 6.59 + 2 and 2 × 6.59, to the hundredth below)\n"
        "  result: FAILS by 3.52 points\n"
        "\n"
        "Correction by refund (Treas. Reg. §1.401(m)-2(b)):\n"
        "  the highest ACRs come down to 10.47%; total excess aggregate contributions 7,030.00\n"
        "  refunded by dollar leveling (most dollars first), after-tax money before match:\n"
        "    id    refund  after-tax  match\n"
        "    A   1,140.00   1,140.00   0.00\n"
        "    B   5,890.00   5,890.00   0.00\n"
        "  refund with earnings by March 15, 2026 (2½ months after a calendar plan year) or the employer owes "
        "the 10% excise tax (§4979): 703.00\n"
        "  not corrected by December 31, 2026 (12 months), the plan fails §401(a)(4)\n"
        # Worked in test_the_qnec_alternative_in_text.
        "Or instead: a QNEC or QMAC of 3.10% of pay for every eligible NHCE passes (§1.401(m)-2(a)(6)), costing 6,355.00\n"
    )
    assert "Secret" not in result.output


def test_json_report_matches_its_schema_and_keeps_two_decimals(tmp_path):
    result = run(census(tmp_path), "--year", "2025", "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    schema = json.loads((schemas_dir() / "acp.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(report)
    assert (report["hce"], report["nhce"], report["limit"], report["margin"]) == (
        {"count": 2, "acp": 12.11}, {"count": 4, "acp": 6.59}, 8.59, -3.52)
    assert report["correction"]["refunds"] == [
        {"id": "A", "amount": 1140.0, "after_tax": 1140.0, "match": 0.0},
        {"id": "B", "amount": 5890.0, "after_tax": 5890.0, "match": 0.0},
    ]
    assert (report["correction"]["deadline"], report["correction"]["excise_if_late"]) == ("2026-03-15", 703.0)
    # B's ACR 17.50 is written with both decimals, dollars with cents.
    assert '"acr": 17.50' in result.stdout and '"total_excess": 7030.00' in result.stdout
    assert "Secret" not in result.stdout


def test_a_passing_census_exits_0(tmp_path):
    # HCE 6,000 / 100,000 = 6.00; NHCE 5,000 / 100,000 = 5.00; limit max(6.25, min(7, 10)) = 7.00: passes by 1.00.
    result = run(census(tmp_path, "id,compensation,after_tax,match,hce\nh,100000,6000,0,yes\nn,100000,5000,0,no\n"),
                 "--year", "2025", "--match", "exclude", "--format", "json")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert (report["passed"], report["limit"], report["margin"], report["correction"]) == (True, 7.0, 1.0, None)


def test_bad_input_is_one_line_at_the_cell_and_exit_2(tmp_path):
    path = census(tmp_path, "id,compensation,match,hce\n1,abc,0,true\n")
    result = run(path, "--year", "2025")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"{path}:2:2: compensation is not a number: 'abc'\n"


def test_a_year_without_limits_exits_2(tmp_path):
    result = run(census(tmp_path), "--year", "2099")
    assert result.exit_code == 2
    assert re.match(r"megaroth does not carry IRS limits for plan year 2099 \(it has 2019, ", result.stderr)


def test_output_is_written_whole_and_never_over_a_file_without_force(tmp_path):
    target = tmp_path / "acp.json"
    first = run(census(tmp_path), "--year", "2025", "--format", "json", "-o", str(target))
    assert (first.exit_code, first.stdout) == (1, "")
    assert json.loads(target.read_text(encoding="utf-8"))["passed"] is False
    target.write_text("mine", encoding="utf-8")
    again = run(census(tmp_path), "--year", "2025", "-o", str(target))
    assert again.exit_code == 2
    assert "already exists; megaroth does not replace a file without --force" in again.stderr
    assert target.read_text(encoding="utf-8") == "mine"
    forced = run(census(tmp_path), "--year", "2025", "-o", str(target), "--force")
    assert forced.exit_code == 1 and target.read_text(encoding="utf-8").startswith("ACP test (§401(m))")


def test_bad_input_writes_nothing(tmp_path):
    target = tmp_path / "acp.txt"
    result = run(census(tmp_path, "id,compensation\n1,10\n1,20\n"), "--year", "2025", "-o", str(target))
    assert result.exit_code == 2 and not target.exists()


def test_prior_year_method(tmp_path):
    # HCE ACP 12.11 (Example 2) against a prior-year NHCE ACP of 10: limit max(12.5, min(12, 20)) = 12.50: passes by 0.39.
    result = run(census(tmp_path), "--year", "2025", "--method", "prior", "--prior-nhce-acp", "10", "--format", "json")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert (report["method"], report["nhce"]["acp"], report["limit"], report["margin"]) == ("prior", 10.0, 12.5, 0.39)
    alone = run(census(tmp_path), "--year", "2025", "--method", "prior")
    assert alone.exit_code == 2 and "--method prior and --prior-nhce-acp PCT (or --prior-census FILE) go together" in alone.stderr


def test_the_qnec_alternative_in_text(tmp_path):
    # Example 2: NHCE ACP 6.59 + p must give a limit >= 12.11. While 1.25 (6.59 + p) <= 8.59 + p (p <= 1.41) the
    # limit is 8.59 + p, short of 12.11 there; above, it is 1.25 (6.59 + p) >= 12.11 -> p >= 3.098 -> 3.10 (3.09: 12.10).
    # Cost: 3.10% of (85,000 + 70,000 + 40,000 + 10,000) = 3.10% of 205,000 = 6,355.00.
    result = run(census(tmp_path), "--year", "2025")
    assert "Or instead: a QNEC or QMAC of 3.10% of pay for every eligible NHCE passes (§1.401(m)-2(a)(6)), costing 6,355.00\n" in result.stdout


SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def test_a_safe_harbor_plan_is_told_the_other_match_choice(tmp_path):
    # samples/safe-harbor-acp-unknown.yaml: plan year 2026, testing.safe_harbor true.
    # Example 2's census without the match (§1.401(m)-2(a)(5)(iv)): A 3,500 / 190,000 = 1.84, B 10.00:
    # HCE ACP 5.92; the NHCEs make no after-tax: NHCE ACP 0.00, limit 0.00: it fails.
    result = run(census(tmp_path), "--plan", str(SAMPLES / "safe-harbor-acp-unknown.yaml"), "--format", "json")
    report = json.loads(result.stdout)
    assert (result.exit_code, report["year"]) == (1, 2026)
    # With the match it fails as Example 2 does (MBR601), with A's and B's refunds at their after-tax cells (MBR602).
    assert [(f["id"], f["row"], f["column"]) for f in report["findings"]] == [
        ("MBR601", None, None), ("MBR603", None, None), ("MBR602", 2, 4), ("MBR602", 3, 4)]
    assert report["findings"][1] == {"id": "MBR603", "severity": "info", "row": None, "column": None, "message":
        "this safe-harbor plan may also test after-tax disregarding the match (§1.401(m)-2(a)(5)(iv)): "
        "HCE ACP 5.92%, NHCE ACP 0.00%, limit 0.00%: it fails"}


def test_match_exclude_in_a_plan_that_is_not_safe_harbor_is_noted(tmp_path):
    # samples/after-tax-no-conversion-route.yaml: plan year 2025, testing.safe_harbor false.
    result = run(census(tmp_path), "--plan", str(SAMPLES / "after-tax-no-conversion-route.yaml"), "--match", "exclude")
    assert result.exit_code == 1
    assert ("  warning MBR604: --match exclude is a safe-harbor plan's choice (§1.401(m)-2(a)(5)(iv)); the plan file "
            "does not say the plan is safe harbor (testing.safe_harbor): a plan that is not tests its match with the "
            "after-tax money, and this result leaves the match out\n") in result.stdout


def test_no_year_and_no_plan_is_an_error(tmp_path):
    result = run(census(tmp_path))
    assert result.exit_code == 2
    assert result.stderr == "give the plan year with --year YEAR, or a plan file with --plan FILE\n"


def test_an_invalid_plan_file_is_reported_at_its_line(tmp_path):
    plan = tmp_path / "plan.yaml"
    plan.write_text("megaroth: 1\nplan: [\n", encoding="utf-8")
    result = run(census(tmp_path), "--plan", str(plan))
    assert result.exit_code == 2
    # The flow sequence opened on line 2 never closes: the parser stops at the end, line 3, column 1.
    assert result.stderr == f"{plan}:3:1: invalid YAML: did not find expected node content (while parsing a flow node)\n"


def test_headroom_of_a_passing_census(tmp_path):
    # 2025. HCE h: pay 100,000, after-tax 3,000, match 0, deferrals 23,500, nonelective 0, profit sharing 0, age 45:
    #   §415(c) room 70,000 - (23,500 + 3,000) = 43,500. HCE u: pay 100,000, after-tax 3,000, no room figures.
    # NHCE n: 100,000 pay, 4,000 after-tax: 4.00. Limit max(5, min(6, 8)) = 6.00; HCE ACP 3.00: passes by 3.00.
    # Headroom: (3 + p) + (3 + p) over 2 <= 6 -> p = 3.00 (h's cap, 43.50 points, does not bind).
    text = ("id,compensation,after_tax,match,deferrals,nonelective,profit_sharing,age,hce\n"
            "h,100000,3000,0,23500,0,0,45,true\nu,100000,3000,0,,,,,true\nn,100000,4000,0,,,,,false\n")
    result = run(census(tmp_path, text), "--year", "2025")
    assert result.exit_code == 0
    assert ("  headroom: every HCE could add 3.00% of pay in after-tax money and pass; each HCE also held to their "
            "§415(c) room (1 of 2; the census lacks the figures for 1)\n") in result.stdout
    report = json.loads(run(census(tmp_path, text), "--year", "2025", "--format", "json").stdout)
    assert report["headroom"] == {"percent": 3.0, "capped_by_415c": 1, "uncapped": 1, "not_computed": None}


def test_csv_is_one_row_per_employee_with_the_refunds(tmp_path):
    # Example 2 as in test_example_2_fails_with_its_correction_in_text: refunds A 1,140.00, B 5,890.00, after-tax.
    result = run(census(tmp_path), "--year", "2025", "--format", "csv")
    assert result.exit_code == 1
    # The room columns, 2025 (Notice 2024-80): annual additions are after-tax + match (no deferrals column: 0),
    # against the lesser of 70,000 (§415(c)(1)(A)) and pay (§415(c)(1)(B): E 40,000, F 10,000); the deferral
    # limit is §402(g)'s 23,500 (no age: no catch-up); the after-tax room is blank without deferrals,
    # nonelective and profit_sharing columns.
    assert result.stdout == (
        "id,row,hce,hce_reason,compensation,tested_compensation,after_tax,match,acr,refund,refund_after_tax,refund_match,"
        "annual_additions,additions_limit,deferral_limit,after_tax_room\n"
        "A,2,true,hce column,190000.00,190000.00,3500.00,9250.00,6.71,1140.00,1140.00,0.00,12750.00,70000.00,23500.00,\n"
        "B,3,true,hce column,100000.00,100000.00,10000.00,7500.00,17.50,5890.00,5890.00,0.00,17500.00,70000.00,23500.00,\n"
        "C,4,false,hce column,85000.00,85000.00,0.00,6000.00,7.06,,,,6000.00,70000.00,23500.00,\n"
        "D,5,false,hce column,70000.00,70000.00,0.00,4750.00,6.79,,,,4750.00,70000.00,23500.00,\n"
        "E,6,false,hce column,40000.00,40000.00,0.00,5000.00,12.50,,,,5000.00,40000.00,23500.00,\n"
        "F,7,false,hce column,10000.00,10000.00,0.00,0.00,0.00,,,,0.00,10000.00,23500.00,\n"
    )


def test_csv_never_lets_an_id_run_as_a_formula(tmp_path):
    text = "id,compensation,after_tax,match,hce\n=HYPERLINK(1),100000,0,0,false\n"
    result = run(census(tmp_path, text), "--year", "2025", "--format", "csv")
    assert result.stdout.splitlines()[1].startswith("'=HYPERLINK(1),2,false,")


def test_eaca_moves_the_excise_free_date_to_six_months(tmp_path):
    # §4979(f)(1): 6 months after the 2025 plan year for a plan-wide EACA: June 30, 2026.
    result = run(census(tmp_path), "--year", "2025", "--eaca")
    assert ("  refund with earnings by June 30, 2026 (6 months after a calendar plan year, an EACA plan) or the "
            "employer owes the 10% excise tax (§4979): 703.00\n") in result.stdout
    report = json.loads(run(census(tmp_path), "--year", "2025", "--eaca", "--format", "json").stdout)
    assert report["correction"]["deadline"] == "2026-06-30"


def test_prior_year_method_from_the_prior_years_census(tmp_path):
    # The 2024 census (§1.401(m)-2(a)(2)(ii): the prior plan year's NHCEs, tested as 2024): N1 (1,000 + 1,500) /
    # 50,000 = 5.00, N2 1,800 / 60,000 = 3.00: NHCE ACP 4.00. The 2025 census: H (8,000 + 4,000) / 200,000 = 6.00;
    # the limit on 4.00 is max(5.00, min(6.00, 8.00)) = 6.00: 6.00 passes. On this year's own NHCE (500 / 50,000 =
    # 1.00) it would be max(1.25, min(3.00, 2.00)) = 2.00 and fail.
    prior = tmp_path / "census-2024.csv"
    prior.write_text("id,compensation,after_tax,match,hce\nH,190000,5000,4000,true\nN1,50000,1000,1500,false\n"
                     "N2,60000,0,1800,false\n", encoding="utf-8")
    path = census(tmp_path, "id,compensation,after_tax,match,hce\nH,200000,8000,4000,true\nN,50000,0,500,false\n")
    result = run(path, "--year", "2025", "--method", "prior", "--prior-census", str(prior), "--format", "json")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert (report["method"], report["nhce"]["acp"], report["limit"], report["passed"]) == ("prior", 4.0, 6.0, True)
    current = json.loads(run(path, "--year", "2025", "--format", "json").stdout)
    assert (current["nhce"]["acp"], current["limit"], current["passed"]) == (1.0, 2.0, False)
    both = run(path, "--year", "2025", "--method", "prior", "--prior-census", str(prior), "--prior-nhce-acp", "4")
    assert both.exit_code == 2 and "not both" in both.stderr
    bad = tmp_path / "bad.csv"
    bad.write_text("id,compensation,match,hce\nH,abc,0,true\n", encoding="utf-8")
    broken = run(path, "--year", "2025", "--method", "prior", "--prior-census", str(bad))
    assert broken.exit_code == 2 and broken.stderr == f"{bad}:2:2: compensation is not a number: 'abc'\n"


def test_no_headroom_for_a_plan_that_matches_after_tax_money(tmp_path):
    # The census above passes with 3.00 points of headroom when the match ignores after-tax money. A plan whose
    # match counts after-tax contributions (employer.match.on_after_tax: true, 50% up to 6%) would match each
    # extra after-tax dollar too (§401(m)(4)(A): a matching contribution is one made on account of an employee
    # contribution), raising the HCEs' ACRs by more than the dollar; the headroom search adds the dollar alone,
    # so it would be too large. None is given, with the reason, in text and json; the test itself is unchanged.
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        (SAMPLES / "participants-2025.yaml").read_text(encoding="utf-8").split("employer:")[0]
        + "employer:\n  match:\n    tiers:\n      - {rate: 50, up_to: 6}\n    on_after_tax: true\n"
        + "conversion:" + (SAMPLES / "participants-2025.yaml").read_text(encoding="utf-8").split("conversion:", 1)[1],
        encoding="utf-8",
    )
    text = ("id,compensation,after_tax,match,deferrals,nonelective,profit_sharing,age,hce\n"
            "h,100000,3000,0,23500,0,0,45,true\nu,100000,3000,0,,,,,true\nn,100000,4000,0,,,,,false\n")
    result = run(census(tmp_path, text), "--plan", str(plan))
    assert result.exit_code == 0, result.output
    assert "  result: PASSES with 3.00 points to spare\n" in result.stdout
    assert ("  headroom: not computed: the plan matches after-tax contributions (employer.match.on_after_tax), so "
            "each extra after-tax dollar also earns match; megaroth does not model that match, and gives no headroom "
            "rather than one too large\n") in result.stdout
    report = json.loads(run(census(tmp_path, text), "--plan", str(plan), "--format", "json").stdout)
    assert report["headroom"]["percent"] is None
    assert report["headroom"]["not_computed"].startswith("the plan matches after-tax contributions")
