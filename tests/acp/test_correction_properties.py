"""Properties of the correction on random censuses: the refunds add up, and taking them back passes the test."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from megaroth.engine.acp.census import Employee
from megaroth.engine.acp.correction import correct
from megaroth.engine.acp.ratios import acp, run_test

cents = st.integers(min_value=0, max_value=3_000_000).map(lambda n: Decimal(n) / 100)
pay = st.integers(min_value=1_000_000, max_value=50_000_000).map(lambda n: Decimal(n) / 100)


@st.composite
def censuses(draw):
    count = draw(st.integers(min_value=2, max_value=12))
    employees = []
    for row in range(2, count + 2):
        employees.append(Employee(id=str(row), row=row, compensation=draw(pay), after_tax=draw(cents),
                                  match=draw(cents), hce=row <= 3 or draw(st.booleans())))
    # at least one NHCE
    employees.append(Employee(id="n", row=count + 2, compensation=draw(pay), after_tax=draw(cents),
                              match=Decimal(0), hce=False))
    return employees


@settings(max_examples=150, deadline=None)
@given(censuses())
def test_refunds_sum_to_the_total_and_level_the_test_to_a_pass(employees):
    result = run_test(employees, 2025)
    correction = correct(result)
    if result.passed:
        assert correction is None
        return
    assert correction is not None
    refunds = {r.tested.employee.row: r for r in correction.refunds}
    assert sum((r.amount for r in correction.refunds), Decimal(0)) == correction.total_excess
    for refund in correction.refunds:
        assert refund.amount > 0 and refund.after_tax + refund.match == refund.amount
        assert refund.after_tax <= refund.tested.employee.after_tax and refund.match <= refund.tested.match
    # Step 1's own check: each HCE at min(ACR, L) passes the test.
    leveled = acp([min(t.acr, correction.level) for t in result.hces])
    assert leveled is not None and result.limit is not None and leveled <= result.limit
    # Step 2 never takes more from an HCE than they put in, and never leaves a refunded HCE below an unrefunded one.
    kept = {t.employee.row: t.contributions - (refunds[t.employee.row].amount if t.employee.row in refunds else 0)
            for t in result.hces}
    floor = min((kept[row] for row in refunds), default=None)
    for tested in result.hces:
        assert kept[tested.employee.row] >= 0
        if floor is not None and tested.employee.row not in refunds:
            assert tested.contributions <= floor + Decimal("0.01")
