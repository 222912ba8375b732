"""The match a census without a match column implies: the plan's tiers and cap on each employee's year.

The plan's match (``employer.match``: tiers, ``max``, ``on_after_tax``) is
applied to the year's deferrals (and after-tax money, when the plan matches
it) over compensation capped at §401(a)(17) (§401(a)(17): no plan
contribution is figured on pay above it), to the cent, half up. This is the
match of a plan that trues up at year end; a plan that matches each paycheck
without a true-up may have paid less, which the report says.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

from megaroth.engine.acp.census import Employee
from megaroth.engine.money.headroom import EmployerFormula

_CENT = Decimal("0.01")


def plan_formula(plan: dict[str, Any]) -> EmployerFormula:
    """The plan file's employer formula (a plan without ``employer.match`` matches nothing)."""
    from megaroth.engine.deciding.facts import employer_formula  # only for a census whose match it computes

    return employer_formula(plan)


def _cents(value: Fraction) -> Decimal:
    """A non-negative exact amount to the cent, half up, in integers (no decimal rounding before the last)."""
    cents = (value.numerator * 200 + value.denominator) // (2 * value.denominator)
    return Decimal(cents) * _CENT


def computed_match(employee: Employee, formula: EmployerFormula, pay_cap: int) -> Decimal:
    """The year's match for one employee, dollars to the cent."""
    if not formula.match_tiers:
        return Decimal("0.00")
    matched = (employee.deferrals or Decimal(0)) + (employee.after_tax if formula.match_after_tax else Decimal(0))
    pay = min(employee.compensation, Decimal(pay_cap))
    return _cents(formula.match_capped(Fraction(matched), Fraction(pay)))
