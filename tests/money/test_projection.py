"""Projected growth and the earnings-leak model (engine/money/projection.py), against hand-computed values."""

from __future__ import annotations

from fractions import Fraction

import pytest

from megaroth.engine.money.limits import limits_for
from megaroth.engine.money.projection import earnings_leak, leak_table, project, waits


def test_the_guides_growth_sentence_is_20_years_not_30():
    # 36,500 × 1.07^20 = 141,243.48 → 141,243; 36,500 × 1.07^30 = 277,847.31 → 277,847
    assert project(36_500, 20).final.one_contribution == 141_243
    assert project(36_500, 30).final.one_contribution == 277_847


def test_yearly_conversions_are_made_at_the_start_of_each_year():
    # A × (1.07 + 1.07^2 + ... + 1.07^n) = A × 1.07 × (1.07^n − 1) / 0.07
    rows = project(36_500, 30).rows
    assert [row.each_year for row in rows[:2]] == [39_055, 80_844]  # 39,055.00; 80,843.85
    assert rows[19].each_year == 1_601_079  # 1,601,078.95
    assert rows[29].each_year == 3_689_166  # 3,689,166.01
    assert [row.contributed for row in (rows[0], rows[29])] == [36_500, 1_095_000]


def test_ira_backdoor_beside_it_adds_the_catch_up_from_the_year_the_saver_turns_50():
    limits = limits_for(2025)
    assert limits is not None
    rows = project(36_500, 20, start_age=35, ira_by_age=limits.ira_for_age).rows
    assert [row.age for row in (rows[0], rows[14], rows[19])] == [36, 50, 55]
    # 14 years at 7,000 (ages 36-49 at year end), then 6 at 8,000 (ages 50-55)
    assert rows[13].ira_contributed == 98_000
    assert rows[19].ira_contributed == 98_000 + 6 * 8_000
    flat = project(36_500, 20, ira_by_age=lambda age: limits.ira_for_age(None)).rows
    assert flat[19].ira_each_year == 307_056  # 7,000 × 1.07 × (1.07^20 − 1) / 0.07 = 307,056.24


def test_without_an_ira_schedule_the_ira_columns_stay_zero():
    row = project(10_000, 3).final
    assert (row.age, row.ira_contributed, row.ira_each_year) == (None, 0, 0)


def test_zero_return_grows_nothing():
    row = project(36_500, 10, return_percent=0).final
    assert (row.each_year, row.one_contribution) == (365_000, 36_500)


def test_projection_needs_a_year():
    with pytest.raises(ValueError):
        project(36_500, 0)


@pytest.mark.parametrize(
    ("pay_periods", "per_year", "expected"),
    [
        # A contribution at the start of pay period i (t = (i − 1)/P) waits for the next conversion j/N after it.
        (12, 12, [Fraction(1, 12)] * 12),
        (12, 4, [Fraction(3, 12), Fraction(2, 12), Fraction(1, 12)] * 4),
        (12, 1, [Fraction(12 - i, 12) for i in range(12)]),
        (4, 12, [Fraction(1, 12)] * 4),
        (2, 365, [Fraction(1, 365), Fraction(183, 365) - Fraction(1, 2)]),  # day 0, then half a day
    ],
)
def test_waits(pay_periods: int, per_year: int, expected: list[Fraction]):
    assert waits(pay_periods, per_year) == expected


@pytest.mark.parametrize(
    ("pay_periods", "per_year", "expected"),
    [
        (26, 26, 95),  # 36,500 × (1.07^(1/26) − 1) = 95.11
        (12, 12, 206),  # 36,500 × (1.07^(1/12) − 1) = 206.38
        (12, 4, 414),  # 36,500/12 × 4 × Σ_{k=1..3} (1.07^(k/12) − 1) = 414.31
        (12, 1, 1_370),  # 36,500/12 × Σ_{k=1..12} (1.07^(k/12) − 1) = 1,369.65
        (26, 1, 1_312),  # 36,500/26 × Σ_{k=1..26} (1.07^(k/26) − 1) = 1,312.25
    ],
)
def test_earnings_leak_hand_computed(pay_periods: int, per_year: int, expected: int):
    assert round(earnings_leak(36_500, pay_periods, per_year, 7)) == expected


def test_leak_table_for_the_seed_example():
    # 26 paychecks, 7%: daily 3.51, per pay period 95.11, monthly 111.03, quarterly 334.39, annual 1,312.25
    # tax at 24% on the rounded earnings: 0.96, 22.80, 26.64, 80.16, 314.88
    rows = leak_table(36_500, 26, 7, 24)
    assert [(row.cadence, row.conversions_per_year, row.earnings, row.tax) for row in rows] == [
        ("daily", 365, 4, 1),
        ("per_pay_period", 26, 95, 23),
        ("monthly", 12, 111, 27),
        ("quarterly", 4, 334, 80),
        ("annual", 1, 1_312, 315),
    ]


def test_leak_table_without_a_tax_rate_leaves_tax_out():
    assert {row.tax for row in leak_table(36_500, 26, 7)} == {None}


def test_less_frequent_conversion_never_leaks_less():
    earnings = [row.earnings for row in leak_table(50_000, 52, 7)]
    assert earnings == sorted(earnings)


def test_the_leaks_default_return_is_nominal():
    from megaroth.engine.money.projection import DEFAULT_INFLATION_PERCENT, DEFAULT_RETURN_PERCENT, nominal_return

    # 7% real compounded with 3% inflation: 1.07 × 1.03 − 1 = 0.1021, exactly.
    assert (DEFAULT_RETURN_PERCENT, DEFAULT_INFLATION_PERCENT) == (7, 3)
    assert nominal_return(7, 3) == Fraction(1021, 100)
    assert nominal_return(5, 0) == 5
    # 36,500 over 26 paychecks converted quarterly at 10.21%: Σ 36,500/26 × (1.1021^w_i − 1) = 481.72
    assert round(earnings_leak(36_500, 26, 4, nominal_return(7, 3))) == 482


@pytest.mark.parametrize(("allowed", "manual", "priced"), [(365, True, 12), (26, True, 12), (4, True, 4), (365, False, 365), (26, False, 26)])
def test_a_route_on_request_is_priced_at_monthly_requests_at_most(allowed: int, manual: bool, priced: int):
    from megaroth.engine.money.projection import priced_conversions

    assert priced_conversions(allowed, manual) == priced
