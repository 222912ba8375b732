"""The ACP test itself (Treas. Reg. §1.401(m)-2(a)), in exact decimal arithmetic.

Binary floats would get the test wrong at the boundaries that matter: 12,010
÷ 200,000 is 6.005%, which rounds half-up to 6.01; as a float it is
6.004999... and rounds to 6.00.
"""

from __future__ import annotations

import decimal
from dataclasses import dataclass
from typing import NamedTuple
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

from megaroth.engine.acp.census import CensusError, Employee
from megaroth.engine.acp.hce import hce_reason
from megaroth.engine.money.limits import Limits, limits_for, missing_year

HUNDREDTH = Decimal("0.01")
CENT = Decimal("0.01")
# Enough digits that no quotient of census dollars is rounded before the test rounds it.
_EXACT = decimal.Context(prec=60)


def hundredths(value: Decimal) -> Decimal:
    """To the nearest hundredth of a percentage point, half up (§1.401(m)-2(a)(2) and (a)(3))."""
    return value.quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


def cents(value: Decimal) -> Decimal:
    """Dollars to the cent, half up."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


class Tested(NamedTuple):
    """One eligible employee as the test sees them (a named tuple: one per census row, built in one step)."""

    employee: Employee
    hce: bool
    hce_reason: str
    tested_compensation: Decimal  # compensation capped at §401(a)(17)
    match: Decimal  # the match taken into account (0 with --match exclude)
    contributions: Decimal  # after-tax + match taken into account
    acr: Decimal  # actual contribution ratio, hundredths of a percent


@dataclass(frozen=True)
class Result:
    """The test's outcome for one plan year."""

    year: int
    match_included: bool
    limits: Limits
    employees: tuple[Tested, ...]  # eligible employees, census order
    excluded: tuple[Employee, ...]  # eligible false: outside the test
    hce_acp: Decimal | None  # None: no HCE
    nhce_acp: Decimal | None  # None: no eligible NHCE
    limit: Decimal | None  # the greatest HCE ACP that passes, hundredths; None: no NHCE (deemed to pass)
    passed: bool
    method: str = "current"  # current: this year's NHCE ACP; prior: the preceding plan year's, given

    @property
    def hces(self) -> list[Tested]:
        return [tested for tested in self.employees if tested.hce]

    @property
    def nhces(self) -> list[Tested]:
        return [tested for tested in self.employees if not tested.hce]

    @property
    def margin(self) -> Decimal | None:
        """How far the HCE ACP is under the limit (negative: over), in percentage points."""
        if self.limit is None or self.hce_acp is None:
            return None
        return self.limit - self.hce_acp


_HUNDRED = Decimal(100)
_NO_RATIO = Decimal("0.00")


def acr(contributions: Decimal, tested_compensation: Decimal) -> Decimal:
    """ACR = contributions ÷ compensation × 100, to the hundredth (§1.401(m)-2(a)(3)); 0 when nothing is paid."""
    if not tested_compensation:
        return _NO_RATIO
    # × 100 first, then ÷: one exact product and one quotient to 60 digits, then the test's own rounding.
    return _EXACT.divide(_EXACT.multiply(contributions, _HUNDRED), tested_compensation).quantize(
        HUNDREDTH, rounding=ROUND_HALF_UP)


def acp(ratios: list[Decimal]) -> Decimal | None:
    """A group's ACP: the mean of its ACRs, to the hundredth (§1.401(m)-2(a)(2)); None for an empty group."""
    if not ratios:
        return None
    return hundredths(_EXACT.divide(sum(ratios, Decimal(0)), Decimal(len(ratios))))


def mean_within(total: int, count: int, limit: int) -> bool:
    """Whether ``count`` ACRs summing to ``total`` hundredths have a mean, half up to the hundredth
    (§1.401(m)-2(a)(2)), of at most ``limit`` hundredths: the HCE ACP against the limit, in integers."""
    return (2 * total + count) // (2 * count) <= limit


def acp_limit(nhce_acp: Decimal) -> Decimal:
    """The greatest HCE ACP that passes (§401(m)(2)(A), §1.401(m)-2(a)(1)), as hundredths.

    The test passes when the HCE ACP is at most the greater of 1.25 × the NHCE
    ACP and the lesser of NHCE ACP + 2 and 2 × NHCE ACP. That bound can have
    four decimals (1.25 × 6.59 = 8.2375); the HCE ACP is in hundredths, so it
    is at most 8.2375 exactly when it is at most 8.23: the bound rounded DOWN
    to the hundredth is the same test, and the figure a reader can compare.
    """
    bound = max(nhce_acp * Decimal("1.25"), min(nhce_acp + 2, nhce_acp * 2))
    return bound.quantize(HUNDREDTH, rounding=ROUND_FLOOR)


def run_test(
    employees: list[Employee],
    year: int,
    *,
    match_included: bool = True,
    where: str = "census",
    prior_nhce_acp: Decimal | None = None,
) -> Result:
    """Test a census for plan year ``year``.

    Current-year method: the NHCE ACP is this census's. Prior-year method
    (``prior_nhce_acp`` given, §1.401(m)-2(a)(2)(ii)): the NHCE ACP is the
    preceding plan year's, as the plan's last test found it, rounded the same way.
    """
    limits = limits_for(year)
    if limits is None:
        raise CensusError(missing_year(year))
    cap = Decimal(limits.compensation_401a17)
    look_back = limits_for(year - 1)  # the §414(q)(1)(B) threshold's year, looked up once for every row
    tested: list[Tested] = []
    excluded: list[Employee] = []
    for employee in employees:
        if not employee.eligible:
            excluded.append(employee)
            continue
        hce, reason = hce_reason(employee, year, where, look_back)
        if match_included and employee.match is None:
            formula = "" if "match" in employee.columns else ", a plan file with its match formula (--plan),"
            raise CensusError(
                f"{where}:{employee.row}:{employee.columns.get('match', 1)}: no match for {employee.id!r}: "
                f"give the match column{formula} or test after-tax alone with --match exclude"
            )
        match = (employee.match or Decimal(0)) if match_included else Decimal(0)
        # §1.401(m)-2(a)(3)(ii) and §401(a)(17): compensation above the year's cap is not taken into account.
        tested_compensation = min(employee.compensation, cap)
        contributions = employee.after_tax + match
        tested.append(Tested(employee, hce, reason, tested_compensation, match, contributions,
                             acr(contributions, tested_compensation)))
    hce_acp = acp([t.acr for t in tested if t.hce])
    nhce_acp = acp([t.acr for t in tested if not t.hce]) if prior_nhce_acp is None else hundredths(prior_nhce_acp)
    limit = None if nhce_acp is None else acp_limit(nhce_acp)
    # No eligible NHCE, or no eligible HCE: nothing to discriminate against, the test passes.
    passed = limit is None or hce_acp is None or hce_acp <= limit
    method = "current" if prior_nhce_acp is None else "prior"
    return Result(year, match_included, limits, tuple(tested), tuple(excluded), hce_acp, nhce_acp, limit, passed, method)
