"""Who is a highly compensated employee for the test year (§414(q)(1)), and why."""

from __future__ import annotations

import functools
from decimal import Decimal

from megaroth.engine.acp.census import CensusError, Employee
from megaroth.engine.money.limits import Limits, limits_for, missing_year

OWNER_PERCENT = Decimal(5)  # §414(q)(2) through §416(i)(1)(B)(i): an owner of MORE than 5%


_LOOK_UP = object()  # hce_reason's default: look the prior year's limits up


def hce_reason(employee: Employee, year: int, where: str, look_back: Limits | None | object = _LOOK_UP) -> tuple[bool, str]:
    """Whether ``employee`` is an HCE for plan year ``year``, and the reason in words.

    Order: the census's own ``hce`` column (the sponsor's determination, which
    may use facts the census lacks: family attribution, the top-paid group);
    then ownership of more than 5% (§414(q)(1)(A)); then compensation in the
    look-back (prior) year *in excess of* that year's threshold (§414(q)(1)(B):
    the 2026 test's HCEs earned more than 160,000 in 2025; exactly 160,000 is
    not an HCE). A row that settles none of these is an error, never a guess.
    """
    if employee.hce is not None:
        return employee.hce, "hce column"
    if employee.owner_percent is not None and employee.owner_percent > OWNER_PERCENT:
        return True, f"owner of {employee.owner_percent}% (more than 5%, §414(q)(1)(A))"
    if employee.prior_year_compensation is not None:
        if look_back is _LOOK_UP:  # a caller testing many rows looks it up once and passes it
            look_back = limits_for(year - 1)
        if not isinstance(look_back, Limits):
            raise CensusError(f"the HCE test needs the {year - 1} threshold: {missing_year(year - 1)}")
        threshold = look_back.hce_414q
        if employee.prior_year_compensation > threshold:
            return True, _words(year - 1, threshold, True)
        return False, _words(year - 1, threshold, False)
    column = employee.columns.get("hce") or employee.columns.get("prior_year_compensation") or 1
    raise CensusError(
        f"{where}:{employee.row}:{column}: cannot tell whether {employee.id!r} is an HCE: "
        "give hce, owner_percent or prior_year_compensation"
    )


@functools.lru_cache(maxsize=64)
def _words(look_back_year: int, threshold: int, above: bool) -> str:
    """The look-back reason, made once per run rather than once per row (and one string shared by all rows)."""
    return f"{look_back_year} compensation {'above' if above else 'not above'} {threshold:,} (§414(q)(1)(B))"
