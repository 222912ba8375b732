"""The HCEs' headroom: the largest extra after-tax percent of pay every HCE could add and the test still pass.

Each HCE's extra is capped by their own §415(c) room when the census has
what the room needs (the deferrals, nonelective and profit_sharing columns;
age for the catch-up); without them an HCE's extra is held only by the test,
and the report says how many HCEs that is.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from megaroth.engine.acp.census import Employee
from megaroth.engine.acp.ratios import HUNDREDTH, Result, Tested, acr, mean_within
from megaroth.engine.acp.rooms import after_tax_rooms, room
from megaroth.engine.money.headroom import largest_that_fits

MAX_PERCENT = 10_000  # 100.00% of pay, in hundredths


@dataclass(frozen=True)
class Headroom:
    percent: Decimal | None  # None: no limit (no eligible NHCE), no HCE, or not computed (``not_computed``)
    capped: int  # HCEs whose extra the §415(c) room holds
    uncapped: int  # HCEs whose room the census cannot give
    not_computed: str | None = None  # why no headroom is given where the test would allow one


# A plan that matches after-tax money: each extra after-tax dollar also earns match, which raises the HCE's ACR
# and uses §415(c) room beyond the dollar itself; the search below adds the after-tax dollar alone, so it would
# overstate the headroom. None is given rather than a number that is too large.
MATCHED_AFTER_TAX = (
    "the plan matches after-tax contributions (employer.match.on_after_tax), so each extra after-tax dollar "
    "also earns match; megaroth does not model that match, and gives no headroom rather than one too large"
)


def room_415c(tested: Tested, result: Result) -> Decimal | None:
    """An HCE's §415(c) room left for after-tax money, or None when the census lacks a figure it needs.

    The room table's (``rooms.room``): annual additions (§415(c)(2)) against the
    lesser of the year's dollar limit and 100% of compensation (§415(c)(1)); the
    census compensation stands in for §415(c)(3) compensation. Without an age,
    no deferral is taken for a catch-up: the room is never overstated.
    """
    return room(tested.employee, result.limits, tested.employee.match).after_tax_room


def _has_room_figures(employee: Employee) -> bool:
    """Whether the census gives what an employee's §415(c) room needs (rooms.Room.after_tax_room is not None)."""
    return (employee.deferrals is not None and employee.nonelective is not None
            and employee.profit_sharing is not None and employee.match is not None)


def headroom(
    result: Result, rooms: dict[int, Decimal | None] | None = None, *, matched_after_tax: bool = False
) -> Headroom:
    """The largest extra, in hundredths of a percent of pay, found by bisection (the HCE ACP only grows with it).

    ``rooms`` maps a census row to its after-tax room (the room table's), when
    already worked out. Each HCE's ACR with an extra of h hundredths of pay is
    exactly min(ACR + h, the ACR at their §415(c) room): h/100 of pay adds h
    hundredths to the unrounded ratio, which its rounding keeps whole, and the
    rounding is monotone, so the lesser extra has the lesser rounded ratio. So
    the search runs on whole hundredths, each ACR worked out once.
    """
    hces = result.hces
    capped = sum(_has_room_figures(t.employee) for t in hces)
    if result.limit is None or not hces:
        return Headroom(None, capped, len(hces) - capped)
    if not result.passed:
        return Headroom(Decimal("0.00"), capped, len(hces) - capped)
    if matched_after_tax:
        return Headroom(None, capped, len(hces) - capped, MATCHED_AFTER_TAX)
    if rooms is None:
        room_of = after_tax_rooms([t.employee for t in hces], result.limits)
    else:
        room_of = [rooms[t.employee.row] for t in hces]
    unbounded = 2 * MAX_PERCENT + int(max(t.acr for t in hces) * 100)  # above any ACR the search can reach
    ratios = [int(t.acr * 100) for t in hces]  # hundredths of a percentage point
    ceilings = [unbounded if room is None else int(acr(t.contributions + room, t.tested_compensation) * 100)
                for t, room in zip(hces, room_of)]
    count, limit = len(hces), int(result.limit * 100)

    def passes(extra: int) -> bool:
        return mean_within(sum(map(min, [ratio + extra for ratio in ratios], ceilings)), count, limit)

    return Headroom(largest_that_fits(0, MAX_PERCENT, passes) * HUNDREDTH, capped, len(hces) - capped)
