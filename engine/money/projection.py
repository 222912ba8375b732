"""Projected Roth growth, and the taxable earnings that build up before each conversion.

Growth (amounts in today's dollars, so the return is a real return):

* one contribution ``A`` made now is worth ``A × (1 + r)^n`` after ``n`` years;
* ``A`` converted at the start of each of ``n`` years is worth
  ``A × ((1 + r) + (1 + r)^2 + ... + (1 + r)^n)`` at the end of year ``n``;
* the Backdoor Roth IRA beside it puts in the year's IRA limit at the start of
  each year (plus the IRA catch-up from the year the saver turns 50) and grows
  the same way.  Limits stay at the chosen year's figures: in today's dollars
  they are roughly what indexing would give, and megaroth never invents a
  future year's limit.

Earnings leak (what MBR104 and MBR105 warn about, in dollars):

* the return is NOMINAL: the earnings taxed on conversion are dollars of the
  year they are earned, inflation included.  The default is the 7% real return
  compounded with a 3% inflation assumption, ``1.07 × 1.03 − 1 = 10.21%``
  (``nominal_return``).  The 3% is an assumption, not a forecast: a round
  figure above the Federal Reserve's 2% target, so that the estimate leans
  toward a larger leak rather than a smaller one;
* the return is smooth, the same every day.  Real returns vary, and a loss in
  one conversion's wait does not offset a gain taxed in another (a conversion
  that lost is not a deduction), so the taxable earnings actually run above
  this estimate, by more the more volatile the investment;
* a year's after-tax contributions ``A`` are spread evenly over the ``P`` pay
  periods: ``A / P`` arrives at the start of each pay period, at
  ``t_i = (i - 1) / P`` of the year;
* the plan converts ``N`` times a year, at the end of equal intervals,
  ``t = j / N``: daily ``N = 365``, per pay period ``N = P``, monthly 12,
  quarterly 4, annual 1;
* each contribution waits until the first conversion after it,
  ``w_i = (floor(t_i × N) + 1) / N - t_i`` years, and earns
  ``(1 + r)^w_i - 1`` in that time (the return compounds over the wait);
* the year's taxable earnings are the sum of those, and the tax on them is
  that sum times the marginal rate.

Every figure is computed in 50-digit decimal arithmetic and rounded to whole
dollars (half up) only when shown, so rows never carry each other's rounding.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from decimal import Decimal, localcontext
from fractions import Fraction
from typing import Callable

from megaroth.engine.money.headroom import Number, dollars

DEFAULT_RETURN_PERCENT = 7  # real: growth is shown in today's dollars
DEFAULT_INFLATION_PERCENT = 3  # an assumption (see above): turns the real return into the leak's nominal one
DAYS_PER_YEAR = 365
# A route the participant must ask for each time (in-plan conversion on request, in-service withdrawals)
# is priced at monthly requests at best: a plan that allows "any time" does not make anyone convert daily.
MANUAL_CONVERSIONS_PER_YEAR = 12
_PRECISION = 50


def _decimal(value: Fraction) -> Decimal:
    return Decimal(value.numerator) / Decimal(value.denominator)


@functools.lru_cache(maxsize=4096)
def growth_factor(return_percent: Fraction, years: Fraction) -> Decimal:
    """(1 + r)^years, for a return in percent and a possibly fractional number of years.

    Cached: the checker asks for the same few waits at the same return for
    every plan it reads.
    """
    with localcontext() as context:
        context.prec = _PRECISION
        base = 1 + _decimal(return_percent) / 100
        if years.denominator == 1:
            return base ** int(years)
        return base ** _decimal(years)


def _percent(value: Number) -> Fraction:
    return Fraction(str(value))


def nominal_return(real_percent: Number, inflation_percent: Number = DEFAULT_INFLATION_PERCENT) -> Fraction:
    """The nominal return, in percent, for a real return and inflation: (1 + r)(1 + i) − 1.

    7% real and 3% inflation: 1.07 × 1.03 − 1 = 0.1021, so 10.21 (exact, a Fraction).
    """
    real, inflation = _percent(real_percent) / 100, _percent(inflation_percent) / 100
    return ((1 + real) * (1 + inflation) - 1) * 100


def priced_conversions(allowed_per_year: int, manual: bool) -> int:
    """Conversions a year to price the leak at: a manual route at monthly requests at most."""
    return min(allowed_per_year, MANUAL_CONVERSIONS_PER_YEAR) if manual else allowed_per_year


@dataclass(frozen=True)
class ProjectionRow:
    """The end of one projected year."""

    year: int  # 1 for the first year
    age: int | None  # age at the end of that year, when the start age is known
    contributed: int  # yearly conversions so far
    each_year: int  # value of the yearly conversions
    one_contribution: int  # value of the single first-year conversion
    ira_contributed: int  # Backdoor Roth IRA contributions so far
    ira_each_year: int  # their value


@dataclass(frozen=True)
class Projection:
    """Growth of a yearly after-tax conversion beside a Backdoor Roth IRA."""

    amount: int
    years: int
    return_percent: Fraction
    start_age: int | None
    rows: tuple[ProjectionRow, ...]

    @property
    def final(self) -> ProjectionRow:
        return self.rows[-1]


def project(
    amount: int,
    years: int,
    *,
    return_percent: Number = DEFAULT_RETURN_PERCENT,
    start_age: int | None = None,
    ira_by_age: Callable[[int | None], int] | None = None,
) -> Projection:
    """Year-by-year growth of ``amount`` converted every year, and of one conversion.

    ``start_age`` is the age at the first conversion: the age at the end of
    year ``k`` is ``start_age + k``.  ``ira_by_age`` gives the IRA limit for an
    age at year end (Limits.ira_for_age); without it the IRA columns stay 0.
    """
    if years < 1:
        raise ValueError("years must be at least 1")
    rate = _percent(return_percent)
    rows = []
    with localcontext() as context:
        context.prec = _PRECISION
        each_year = Decimal(0)
        ira_value = Decimal(0)
        ira_total = 0
        for year in range(1, years + 1):
            age = None if start_age is None else start_age + year
            ira = ira_by_age(age) if ira_by_age is not None else 0
            ira_total += ira
            step = growth_factor(rate, Fraction(1))
            # Contributions go in at the start of the year and grow through it.
            each_year = (each_year + amount) * step
            ira_value = (ira_value + ira) * step
            rows.append(
                ProjectionRow(
                    year=year,
                    age=age,
                    contributed=amount * year,
                    each_year=dollars(each_year),
                    one_contribution=dollars(amount * growth_factor(rate, Fraction(year))),
                    ira_contributed=ira_total,
                    ira_each_year=dollars(ira_value),
                )
            )
    return Projection(amount, years, rate, start_age, tuple(rows))


# --- earnings leak -----------------------------------------------------------


def waits(pay_periods: int, conversions_per_year: int) -> list[Fraction]:
    """How long (in years) each paycheck's contribution waits for its conversion."""
    if pay_periods < 1 or conversions_per_year < 1:
        raise ValueError("pay periods and conversions a year must be at least 1")
    result = []
    for index in range(pay_periods):
        arrives = Fraction(index, pay_periods)
        converted = Fraction(int(arrives * conversions_per_year) + 1, conversions_per_year)
        result.append(converted - arrives)
    return result


@functools.lru_cache(maxsize=1024)
def leak_per_dollar(return_percent: Fraction, pay_periods: int, conversions_per_year: int) -> Decimal:
    """Taxable earnings a year per dollar of yearly after-tax contributions.

    Cached: every participant the checker sees at the same return, pay
    periods and route costs one multiplication.
    """
    with localcontext() as context:
        context.prec = _PRECISION
        total = sum((growth_factor(return_percent, wait) - 1 for wait in waits(pay_periods, conversions_per_year)), Decimal(0))
        return total / pay_periods


def earnings_leak(amount: Number, pay_periods: int, conversions_per_year: int, return_percent: Number) -> Decimal:
    """A year's taxable earnings on after-tax money before it converts (unrounded)."""
    with localcontext() as context:
        context.prec = _PRECISION
        return Decimal(str(amount)) * leak_per_dollar(_percent(return_percent), pay_periods, conversions_per_year)


@dataclass(frozen=True)
class LeakRow:
    """One conversion cadence: the year's taxable earnings and the tax on them."""

    cadence: str  # daily | per_pay_period | monthly | quarterly | annual | plan_route
    conversions_per_year: int
    earnings: int
    tax: int | None  # None when no tax rate was given


CADENCE_NAMES = ("daily", "per_pay_period", "monthly", "quarterly", "annual")
PLAN_ROUTE = "plan_route"  # a plan's own count, when it is none of the named cadences
CADENCE_WORDS = {
    "daily": "daily",
    "per_pay_period": "every pay period",
    "monthly": "monthly",
    "quarterly": "quarterly",
    "annual": "once a year",
}


def cadence_conversions(cadence: str, pay_periods: int) -> int:
    """Conversions a year for a named cadence."""
    return {"daily": DAYS_PER_YEAR, "per_pay_period": pay_periods, "monthly": 12, "quarterly": 4, "annual": 1}[cadence]


def cadence_words(conversions_per_year: int, pay_periods: int) -> str:
    """'quarterly', 'every pay period', '6 times a year'..."""
    for name in CADENCE_NAMES:
        if cadence_conversions(name, pay_periods) == conversions_per_year:
            return CADENCE_WORDS[name]
    return f"{conversions_per_year} times a year"


def row_words(row: LeakRow, pay_periods: int) -> str:
    """A leak row's cadence in words."""
    return CADENCE_WORDS.get(row.cadence) or cadence_words(row.conversions_per_year, pay_periods)


def leak_table(
    amount: Number,
    pay_periods: int,
    return_percent: Number,
    tax_rate: Number | None = None,
    *,
    also: int | None = None,
) -> tuple[LeakRow, ...]:
    """The earnings leak for every cadence, most frequent first.

    ``also`` adds a plan's own number of conversions a year (say 2, for two
    in-service withdrawals) when it is not one of the named cadences.
    """
    wanted = [(cadence, cadence_conversions(cadence, pay_periods)) for cadence in CADENCE_NAMES]
    if also is not None and also > 0 and also not in {per_year for _, per_year in wanted}:
        wanted.append((PLAN_ROUTE, also))
        wanted.sort(key=lambda item: -item[1])
    rows = []
    for cadence, per_year in wanted:
        earnings = dollars(earnings_leak(amount, pay_periods, per_year, return_percent))
        # Tax on the earnings as shown, so the printed row can be checked by hand.
        tax = None if tax_rate is None else dollars(earnings * _percent(tax_rate) / 100)
        rows.append(LeakRow(cadence, per_year, earnings, tax))
    return tuple(rows)
