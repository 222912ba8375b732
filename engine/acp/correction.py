"""Correcting a failed ACP test by distributing excess aggregate contributions (Treas. Reg. §1.401(m)-2(b)).

Step 1 (§1.401(m)-2(b)(2)(ii)) finds how much: the highest ACRs are lowered
to a level L until the test passes, and each HCE above L gives back what is
over L% of their tested compensation; the sum is the total excess aggregate
contribution. Step 2 (§1.401(m)-2(b)(2)(iv)) decides who gets it back: not
the HCEs with the highest ratios but those with the most dollars, leveled
down one to the next.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
from dataclasses import dataclass
from decimal import Decimal

from megaroth.engine.acp.ratios import CENT, HUNDREDTH, Result, Tested, acp_limit, cents, mean_within
from megaroth.engine.money.headroom import largest_that_fits

EXCISE_RATE = Decimal("0.10")  # §4979(a): 10% of the excess aggregate contributions, owed by the employer


@dataclass(frozen=True)
class Refund:
    """One HCE's distribution, split by source."""

    tested: Tested
    amount: Decimal
    after_tax: Decimal
    match: Decimal


@dataclass(frozen=True)
class Deadlines:
    """When the refund must be made, for a plan year ending ``year_end``."""

    without_excise: dt.date  # §4979(f)(1): 2½ months after the plan year (6 months for an EACA plan)
    # §401(m)(6)(A): distributed "before the close of the following plan year", or the plan fails the test
    # (the regulation's failure to correct within 12 months, §1.401(m)-2(b)(4))
    outer: dt.date
    eaca: bool = False  # the 6-month date of an eligible automatic contribution arrangement (§414(w))


@dataclass(frozen=True)
class Correction:
    level: Decimal  # L: the ACR the highest HCEs are lowered to, hundredths
    total_excess: Decimal  # dollars
    refunds: tuple[Refund, ...]  # census order, HCEs with a refund only
    deadlines: Deadlines
    excise_if_late: Decimal  # dollars
    qnec_percent: Decimal | None  # the uniform QNEC/QMAC percent of pay for every NHCE that passes instead
    qnec_cost: Decimal | None  # what that costs the employer, dollars


def level(result: Result) -> Decimal:
    """The highest L, in hundredths, such that lowering every HCE ACR above L to L passes (with the test's rounding).

    The HCE ACP only grows with L, so the hundredths from 0 to the highest
    ACR are searched by bisection; L = 0 always passes (HCE ACP 0). The ACRs
    are whole hundredths, so the search runs on integers: the mean of
    min(ACR, L), half up to the hundredth, is the HCE ACP at L (§1.401(m)-2(a)(2)).
    """
    assert result.limit is not None
    ratios = sorted(int(t.acr * 100) for t in result.hces)  # in hundredths of a percentage point
    count, limit = len(ratios), int(result.limit * 100)
    below = [0, *itertools.accumulate(ratios)]  # below[k]: the sum of the k lowest ACRs

    def passes(candidate: int) -> bool:
        under = bisect.bisect_left(ratios, candidate)  # these keep their ACR; the rest come down to the candidate
        return mean_within(below[under] + candidate * (count - under), count, limit)

    return largest_that_fits(0, max(ratios), passes) * HUNDREDTH


def excess(tested: Tested, level_value: Decimal) -> Decimal:
    """What an HCE above L gives back: tested contributions − L% × tested compensation, to the cent."""
    if tested.acr <= level_value:
        return Decimal("0.00")
    return max(Decimal("0.00"), cents(tested.contributions - tested.tested_compensation * level_value / 100))


def dollar_leveling(total: Decimal, hces: list[Tested]) -> dict[int, Decimal]:
    """Refunds in cents summing to ``total``: the most dollars are reduced to the next most, and so on.

    The top k HCEs (by tested contributions) all end at the level D with
    Σ(contributions − D) = total, where D lies between the k-th and the
    (k+1)-th amount. When D is not a whole cent, the odd cents are refunded
    by the first of those k in census order, so the refunds sum exactly.
    Returns {census row: refund}.
    """
    ranked = sorted(hces, key=lambda t: (-t.contributions, t.employee.row))
    in_cents = [int(t.contributions / CENT) for t in ranked]
    target = int(total / CENT)
    running = 0
    for k, amount in enumerate(in_cents, start=1):
        running += amount
        level_cents = running - target  # k × D
        if k == len(in_cents) or level_cents >= k * in_cents[k]:
            break
    floor_level, odd = divmod(level_cents, k)
    top = sorted(ranked[:k], key=lambda t: t.employee.row)
    refunds: dict[int, Decimal] = {}
    # k × floor_level + odd = level_cents: `odd` of the k keep one cent more than
    # floor_level, and the first k − odd rows, keeping floor_level, refund the odd cents.
    for index, tested in enumerate(top):
        kept = floor_level + (0 if index < k - odd else 1)
        refund = int(tested.contributions / CENT) - kept
        if refund > 0:
            refunds[tested.employee.row] = Decimal(refund) * CENT
    return refunds


def qnec_percent(result: Result) -> Decimal | None:
    """The smallest uniform percent of tested pay, in hundredths, that passes when given to every eligible NHCE.

    A QNEC or QMAC of p% of an NHCE's tested compensation adds exactly p to
    their ACR, and a whole number of hundredths survives the rounding, so the
    NHCE ACP becomes NHCE ACP + p (§1.401(m)-2(a)(6)). Only under the
    current-year method: a prior-year test's NHCE ACP is last year's. None
    when there is no NHCE to give it to.
    """
    if result.method != "current" or not result.nhces or result.hce_acp is None or result.nhce_acp is None:
        return None
    low, high = 0, int(result.hce_acp / HUNDREDTH)  # p = HCE ACP always passes: the limit is at least N + p
    while low < high:
        middle = (low + high) // 2
        if result.hce_acp <= acp_limit(result.nhce_acp + middle * HUNDREDTH):
            high = middle
        else:
            low = middle + 1
    return low * HUNDREDTH


def deadlines(year: int, eaca: bool = False) -> Deadlines:
    """The refund dates for a calendar plan year ``year`` (§4979(f)(1); §401(m)(6)(A))."""
    without_excise = dt.date(year + 1, 6, 30) if eaca else dt.date(year + 1, 3, 15)
    return Deadlines(without_excise, dt.date(year + 1, 12, 31), eaca)


def correct(result: Result, *, eaca: bool = False) -> Correction | None:
    """The correction of a failed test; None when the test passes."""
    if result.passed:
        return None
    level_value = level(result)
    hces = result.hces
    total = sum((excess(t, level_value) for t in hces if t.acr > level_value), Decimal("0.00"))
    by_row = dollar_leveling(total, hces)
    refunds = []
    for tested in hces:
        amount = by_row.get(tested.employee.row)
        if amount is None:
            continue
        # After-tax money first, then the match: refunding after-tax while keeping
        # its match could make the match itself discriminatory (§1.401(m)-2(b)(3)(v)).
        after_tax = min(amount, tested.employee.after_tax)
        refunds.append(Refund(tested, amount, after_tax, amount - after_tax))
    percent = qnec_percent(result)
    cost = None if percent is None else sum((cents(t.tested_compensation * percent / 100) for t in result.nhces), Decimal("0.00"))
    return Correction(level_value, total, tuple(refunds), deadlines(result.year, eaca), cents(total * EXCISE_RATE),
                      percent, cost)
