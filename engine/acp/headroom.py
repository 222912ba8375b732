"""The HCEs' headroom: the largest extra after-tax percent of pay every HCE could add and the test still pass.

Each HCE's extra is capped by their own §415(c) room when the census has
what the room needs (the deferrals, nonelective and profit_sharing columns;
age for the catch-up); without them an HCE's extra is held only by the test,
and the report says how many HCEs that is.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from megaroth.engine.acp.ratios import HUNDREDTH, Result, Tested, acp, acr
from megaroth.engine.acp.rooms import room

MAX_PERCENT = 10_000  # 100.00% of pay, in hundredths


@dataclass(frozen=True)
class Headroom:
    percent: Decimal | None  # None: no limit (no eligible NHCE) or no HCE
    capped: int  # HCEs whose extra the §415(c) room holds
    uncapped: int  # HCEs whose room the census cannot give


def room_415c(tested: Tested, result: Result) -> Decimal | None:
    """An HCE's §415(c) room left for after-tax money, or None when the census lacks a figure it needs.

    The room table's (``rooms.room``): annual additions (§415(c)(2)) against the
    lesser of the year's dollar limit and 100% of compensation (§415(c)(1)); the
    census compensation stands in for §415(c)(3) compensation. Without an age,
    no deferral is taken for a catch-up: the room is never overstated.
    """
    return room(tested.employee, result.limits, tested.employee.match).after_tax_room


def headroom(result: Result) -> Headroom:
    """Bisect the hundredths of a percent: the HCE ACP only grows with the extra, so the largest that passes is found."""
    hces = result.hces
    rooms = [room_415c(t, result) for t in hces]
    capped = sum(room is not None for room in rooms)
    if result.limit is None or not hces:
        return Headroom(None, capped, len(hces) - capped)
    if not result.passed:
        return Headroom(Decimal("0.00"), capped, len(hces) - capped)

    def passes(hundredths: int) -> bool:
        rate = hundredths * HUNDREDTH / 100
        ratios = []
        for tested, room in zip(hces, rooms):
            extra = tested.tested_compensation * rate
            if room is not None:
                extra = min(extra, room)
            ratios.append(acr(tested.contributions + extra, tested.tested_compensation))
        value = acp(ratios)
        return value is not None and result.limit is not None and value <= result.limit

    low, high = 0, MAX_PERCENT
    if passes(high):
        return Headroom(high * HUNDREDTH, capped, len(hces) - capped)
    while low < high:
        middle = (low + high + 1) // 2
        if passes(middle):
            low = middle
        else:
            high = middle - 1
    return Headroom(low * HUNDREDTH, capped, len(hces) - capped)
