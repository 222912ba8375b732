"""The ACP test's arithmetic, held to the regulation's own example and to the rounding rules."""

from __future__ import annotations

from decimal import Decimal

import pytest

from megaroth.engine.acp.census import CensusError, Employee
from megaroth.engine.acp.ratios import acp, acp_limit, acr, run_test

D = Decimal


def person(id: str, pay: str, after_tax: str, match: str, *, hce: bool | None = None, row: int = 2,
           prior: str | None = None, owner: str | None = None) -> Employee:
    return Employee(id=id, row=row, compensation=D(pay), after_tax=D(after_tax), match=D(match), hce=hce,
                    prior_year_compensation=None if prior is None else D(prior),
                    owner_percent=None if owner is None else D(owner),
                    columns={"id": 1, "compensation": 2, "after_tax": 3, "match": 4, "hce": 5})


def example_2() -> list[Employee]:
    """Treas. Reg. §1.401(m)-2(a)(7) Example 2: HCEs A and B, NHCEs C-F."""
    return [
        person("A", "190000", "3500", "9250", hce=True, row=2),
        person("B", "100000", "10000", "7500", hce=True, row=3),
        person("C", "85000", "0", "6000", hce=False, row=4),
        person("D", "70000", "0", "4750", hce=False, row=5),
        person("E", "40000", "0", "5000", hce=False, row=6),
        person("F", "10000", "0", "0", hce=False, row=7),
    ]


def test_regulation_example_2_fails():
    # ACRs (§1.401(m)-2(a)(3), to the hundredth, half up):
    #   A (3,500 + 9,250) / 190,000 = 12,750 / 190,000 = 6.7105% -> 6.71
    #   B (10,000 + 7,500) / 100,000 = 17.50
    #   C 6,000 / 85,000 = 7.0588% -> 7.06;  D 4,750 / 70,000 = 6.7857% -> 6.79
    #   E 5,000 / 40,000 = 12.50;  F 0 / 10,000 = 0.00
    # HCE ACP = (6.71 + 17.50) / 2 = 12.105 -> 12.11; NHCE ACP = (7.06 + 6.79 + 12.50 + 0) / 4 = 6.5875 -> 6.59.
    # Limit (§1.401(m)-2(a)(1)): max(1.25 x 6.59 = 8.2375, min(6.59 + 2 = 8.59, 2 x 6.59 = 13.18)) = 8.59.
    # 12.11 > 8.59: the test fails, by 3.52 points. (Compensation is under 2025's 350,000 §401(a)(17) cap.)
    result = run_test(example_2(), 2025)
    assert [t.acr for t in result.employees] == [D("6.71"), D("17.50"), D("7.06"), D("6.79"), D("12.50"), D("0.00")]
    assert (result.hce_acp, result.nhce_acp, result.limit) == (D("12.11"), D("6.59"), D("8.59"))
    assert result.passed is False
    assert result.margin == D("-3.52")


def test_acr_is_exact_decimal_half_up():
    # 12,010 / 200,000 = 6.005% exactly; half up gives 6.01 (a binary float, 6.00499..., would give 6.00).
    assert acr(D("12010"), D("200000")) == D("6.01")
    assert acr(D("0"), D("0")) == D("0.00")


def test_group_acp_rounds_the_mean_half_up():
    # (6.00 + 6.01) / 2 = 6.005 -> 6.01
    assert acp([D("6.00"), D("6.01")]) == D("6.01")
    assert acp([]) is None


@pytest.mark.parametrize(
    ("nhce", "limit"),
    [
        # 1.25 x 8 = 10; min(10, 16) = 10 -> 10.00
        ("8.00", "10.00"),
        # 1.25 x 6 = 7.5; min(8, 12) = 8 -> 8.00
        ("6.00", "8.00"),
        # 1.25 x 1 = 1.25; min(3, 2) = 2 -> 2.00
        ("1.00", "2.00"),
        # 1.25 x 9.99 = 12.4875 -> floor to 12.48 (an HCE ACP of 12.48 passes, 12.49 fails); min(11.99, 19.98)
        ("9.99", "12.48"),
        # 0: everything is 0
        ("0.00", "0.00"),
    ],
)
def test_the_limit_is_the_greater_of_the_two_tests(nhce, limit):
    assert acp_limit(D(nhce)) == D(limit)


def test_compensation_is_capped_at_401a17():
    # 2025 §401(a)(17) cap: 350,000 (Notice 2024-80). 500,000 pay with 35,000 after-tax:
    # 35,000 / 350,000 = 10.00 (not 7.00 on the uncapped pay).
    result = run_test([person("X", "500000", "35000", "0", hce=True),
                       person("Y", "50000", "4000", "0", hce=False, row=3)], 2025)
    assert result.employees[0].tested_compensation == D("350000")
    assert result.employees[0].acr == D("10.00")


def test_hce_by_prior_year_pay_is_strictly_above_the_look_back_threshold():
    # 2026 test, look-back year 2025: threshold 160,000 (Notice 2024-80); "in excess of" (§414(q)(1)(B)).
    exactly = person("P", "150000", "0", "0", prior="160000")
    above = person("Q", "150000", "0", "0", prior="160000.01", row=3)
    owner = person("R", "50000", "0", "0", owner="5.01", prior="10000", row=4)
    five = person("S", "50000", "0", "0", owner="5", prior="10000", row=5)
    result = run_test([exactly, above, owner, five], 2026)
    assert [t.hce for t in result.employees] == [False, True, True, False]
    assert result.employees[1].hce_reason == "2025 compensation above 160,000 (§414(q)(1)(B))"


def test_no_nhce_passes_and_match_exclusion_drops_the_match():
    result = run_test([person("A", "100000", "5000", "5000", hce=True)], 2025)
    assert result.passed is True and result.limit is None
    excluded = run_test(example_2(), 2025, match_included=False)
    # Without the match: A 3,500 / 190,000 = 1.84; B 10.00; HCE ACP 5.92; NHCEs all 0: limit 0, fails.
    assert (excluded.hce_acp, excluded.nhce_acp, excluded.limit, excluded.passed) == (D("5.92"), D("0.00"), D("0.00"), False)


def test_a_row_without_hce_facts_is_an_error_at_its_row():
    with pytest.raises(CensusError, match=r"^c.csv:4:5: cannot tell whether 'Z' is an HCE"):
        run_test([person("Z", "1000", "0", "0", row=4)], 2025, where="c.csv")


def test_a_year_without_limits_is_an_error():
    with pytest.raises(CensusError, match="does not carry IRS limits for plan year 2099"):
        run_test(example_2(), 2099)
