"""The correction of a failed ACP test, held to Treas. Reg. §1.401(m)-2(b)(5) Example 1."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from megaroth.engine.acp.census import Employee
from megaroth.engine.acp.correction import correct, deadlines, dollar_leveling
from megaroth.engine.acp.ratios import run_test

D = Decimal


def person(id: str, pay: str, after_tax: str, match: str = "0", *, hce: bool, row: int) -> Employee:
    return Employee(id=id, row=row, compensation=D(pay), after_tax=D(after_tax), match=D(match), hce=hce)


def example_1() -> list[Employee]:
    """§1.401(m)-2(b)(5) Example 1: NHCE ACP 6%; HCEs A 200,000/14,000, B 150,000/13,500, C 100,000/12,000.

    Two NHCEs at 6.00% each (6,000 on 100,000) make the NHCE ACP 6.00.
    """
    return [
        person("A", "200000", "14000", hce=True, row=2),
        person("B", "150000", "13500", hce=True, row=3),
        person("C", "100000", "12000", hce=True, row=4),
        person("N1", "100000", "6000", hce=False, row=5),
        person("N2", "100000", "6000", hce=False, row=6),
    ]


def test_regulation_example_1_refunds():
    # ACRs: A 7.00, B 9.00, C 12.00; HCE ACP 28 / 3 = 9.333 -> 9.33.
    # Limit: max(1.25 x 6 = 7.5, min(8, 12)) = 8.00. 9.33 > 8.00: fails.
    # Step 1: lower C to 9.00: (7 + 9 + 9) / 3 = 8.33, still over; lower B and C together to L:
    #   (7 + 2L) / 3 <= 8 -> L <= 8.50; at L = 8.51, (7 + 17.02) / 3 = 8.0067 -> 8.01 fails. L = 8.50.
    #   Excess: B 13,500 - 8.5% x 150,000 = 13,500 - 12,750 = 750; C 12,000 - 8,500 = 3,500. Total 4,250.
    # Step 2, dollar leveling (§1.401(m)-2(b)(2)(iv)): A 14,000 down to B's 13,500: 500 (3,750 left);
    #   A and B down to C's 12,000: 1,500 each (750 left); A, B and C 250 each.
    #   Refunds: A 500 + 1,500 + 250 = 2,250; B 1,500 + 250 = 1,750; C 250. Sum 4,250.
    result = run_test(example_1(), 2025)
    assert (result.hce_acp, result.limit, result.passed) == (D("9.33"), D("8.00"), False)
    correction = correct(result)
    assert correction is not None
    assert correction.level == D("8.50")
    assert correction.total_excess == D("4250.00")
    assert [(r.tested.employee.id, r.amount) for r in correction.refunds] == [
        ("A", D("2250.00")), ("B", D("1750.00")), ("C", D("250.00"))]
    # All after-tax money here: each refund is after-tax, none match.
    assert [(r.after_tax, r.match) for r in correction.refunds] == [(D("2250.00"), 0), (D("1750.00"), 0), (D("250.00"), 0)]
    # §4979(a): 10% of 4,250 = 425.00 if refunded late.
    assert correction.excise_if_late == D("425.00")


def test_a_passing_test_has_no_correction():
    employees = example_1()[3:] + [person("H", "100000", "7000", hce=True, row=7)]
    # HCE 7.00 <= limit 8.00.
    assert correct(run_test(employees, 2025)) is None


def test_refund_splits_after_tax_first_then_match():
    # Regulation Example 2 (§1.401(m)-2(a)(7)) fails 12.11 vs 8.59. B (17.50) is lowered first:
    # (6.71 + L) / 2 <= 8.59 -> L <= 10.47; at 10.48, 17.19 / 2 = 8.595 -> 8.60 fails. L = 10.47.
    # B's excess: 17,500 - 10.47% x 100,000 = 17,500 - 10,470 = 7,030.00. A (6.71) is under L: none.
    # Leveling: A has 12,750, B 17,500: B down to 12,750 is 4,750 (< 7,030), so both go to D with
    # (12,750 + 17,500 - 7,030) / 2 = 11,610: A refunds 1,140, B 5,890.
    # Split, after-tax first: A 1,140 = 1,140 of its 3,500 after-tax; B 5,890 = 5,890 of its 10,000.
    employees = [
        Employee(id="A", row=2, compensation=D(190000), after_tax=D(3500), match=D(9250), hce=True),
        Employee(id="B", row=3, compensation=D(100000), after_tax=D(10000), match=D(7500), hce=True),
        Employee(id="C", row=4, compensation=D(85000), match=D(6000), hce=False),
        Employee(id="D", row=5, compensation=D(70000), match=D(4750), hce=False),
        Employee(id="E", row=6, compensation=D(40000), match=D(5000), hce=False),
        Employee(id="F", row=7, compensation=D(10000), match=D(0), hce=False),
    ]
    correction = correct(run_test(employees, 2025))
    assert correction is not None
    assert correction.level == D("10.47")
    assert correction.total_excess == D("7030.00")
    assert [(r.tested.employee.id, r.amount, r.after_tax, r.match) for r in correction.refunds] == [
        ("A", D("1140.00"), D("1140.00"), D("0.00")), ("B", D("5890.00"), D("5890.00"), D("0.00"))]


def test_dollar_leveling_odd_cents_go_to_the_first_rows():
    # Three HCEs with 1,000.00 each and 100.00 to take back: 33.33... each. 100.00 = 3 x 33.33 + 0.01:
    # the level is (3,000.00 - 100.00) / 3 = 966.666...: the first row in census order keeps 966.66
    # (refunds 33.34), the other two keep 966.67 (refund 33.33). Sum 100.00.
    result = run_test([person(x, "10000", "1000", hce=True, row=r) for r, x in ((2, "P"), (3, "Q"), (4, "R"))]
                      + [person("N", "10000", "0", hce=False, row=5)], 2025)
    refunds = dollar_leveling(D("100.00"), result.hces)
    assert refunds == {2: D("33.34"), 3: D("33.33"), 4: D("33.33")}


def test_deadlines():
    # §4979(f)(1): 2½ months after a calendar 2025 plan year is March 15, 2026; 6 months for an EACA plan,
    # June 30, 2026; 12 months, December 31, 2026, the outer limit (§1.401(m)-2(b)(4)(v)).
    assert deadlines(2025) .without_excise == dt.date(2026, 3, 15)
    assert deadlines(2025, eaca=True).without_excise == dt.date(2026, 6, 30)
    assert deadlines(2025).outer == dt.date(2026, 12, 31)


def test_the_uniform_qnec_percent_that_passes_instead():
    # Example 1: NHCE ACP 6.00, HCE ACP 9.33. A QNEC of p% of pay for both NHCEs makes the NHCE ACP 6 + p;
    # the limit is then max(1.25 (6 + p), min(8 + p, 12 + 2p)) = 8 + p while 1.25 (6 + p) <= 8 + p, i.e. p <= 2.
    # 8 + p >= 9.33 -> p >= 1.33. Cost: 1.33% x 100,000 x 2 NHCEs = 2,660.00.
    correction = correct(run_test(example_1(), 2025))
    assert correction is not None
    assert (correction.qnec_percent, correction.qnec_cost) == (D("1.33"), D("2660.00"))


def test_prior_year_method_uses_the_given_nhce_acp():
    # Example 1's HCEs (HCE ACP 9.33) against a prior-year NHCE ACP of 7.50:
    # limit max(9.375, min(9.5, 15)) = 9.50 -> passes by 0.17, whatever this year's NHCEs made.
    result = run_test(example_1(), 2025, prior_nhce_acp=D("7.5"))
    assert (result.method, result.nhce_acp, result.limit, result.passed, result.margin) == (
        "prior", D("7.50"), D("9.50"), True, D("0.17"))
    # Failing under the prior-year method, the QNEC percent is not given (it would change last year's figure).
    failing = correct(run_test(example_1(), 2025, prior_nhce_acp=D("6")))
    assert failing is not None and failing.qnec_percent is None and failing.qnec_cost is None
