"""engine/deciding/calc_run.py: `megaroth project` as one engine call."""

from __future__ import annotations

from fractions import Fraction

import pytest

from megaroth.engine.deciding.calc_run import projection_report
from megaroth.engine.money.calculator import Person, PlanTerms, limits_or_error
from megaroth.engine.money.headroom import EmployerFormula
from megaroth.engine.deciding.plan_input import Scenario

SEED = Scenario(limits_or_error(2025), PlanTerms(EmployerFormula(match_tiers=((100, 5),))))


def test_the_room_of_a_person_is_the_amount_projected():
    # the seed example's room, 36,500, for 20 years: 36,500 × 1.07^20 = 141,243
    report = projection_report(SEED, years=20, return_percent=7, pay_periods=26, person=Person(salary=200_000))
    assert report.headroom is not None and report.headroom.headroom.after_tax_room == 36_500
    assert (report.projection.amount, report.projection.final.one_contribution) == (36_500, 141_243)
    given = projection_report(SEED, years=20, return_percent=7, pay_periods=26, amount=36_500)
    assert given.headroom is None and given.projection == report.projection and given.leak == report.leak


def test_cents_are_rounded_to_whole_dollars_and_the_tax_rate_kept_exact():
    report = projection_report(SEED, years=1, return_percent=7, pay_periods=26, amount=36_499.5, tax_rate=22.5)
    assert report.projection.amount == 36_500
    assert report.tax_rate == Fraction(45, 2)
    assert report.plan_conversions is None  # no plan file, nothing to mark


def test_an_amount_or_a_person_is_needed():
    with pytest.raises(ValueError):
        projection_report(SEED, years=1, return_percent=7, pay_periods=26)
