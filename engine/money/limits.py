"""The IRS limits table (rules/limits.yaml): one year's figures, with their source."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from megaroth.engine.reading.resources import load_data, rules_dir


@dataclass(frozen=True)
class Limits:
    """One plan year's dollar limits and the IRS Notice that published them."""

    year: int
    source: str
    deferral_402g: int
    catch_up_414v: int
    annual_additions_415c: int
    compensation_401a17: int
    hce_414q: int
    ira_219b: int
    ira_catch_up_219b: int
    catch_up_60_63: int | None = None
    roth_catch_up_wages: int | None = None
    ss_wage_base: int | None = None  # Social Security wage base (§1402(b)(1)), for self-employment tax
    ss_wage_base_source: str | None = None  # published by the SSA, not in the IRS Notice

    def catch_up_for_age(self, age: int | None) -> int:
        """The catch-up a participant of this age (at year end) may make.

        The ages 60-63 catch-up replaces the regular one (§414(v)(2)(E)); it is
        not added to it.
        """
        if age is None or age < 50:
            return 0
        if self.catch_up_60_63 is not None and 60 <= age <= 63:
            return self.catch_up_60_63
        return self.catch_up_414v

    def ira_for_age(self, age: int | None) -> int:
        """The IRA contribution limit (§219(b)(5)) for someone this age at year end; 50+ adds the IRA catch-up."""
        if age is not None and age >= 50:
            return self.ira_219b + self.ira_catch_up_219b
        return self.ira_219b


@functools.lru_cache(maxsize=None)
def limits_table() -> dict[int, Limits]:
    """Every year the table holds, keyed by plan year."""
    raw = load_data(rules_dir() / "limits.yaml")
    return {int(year): Limits(year=int(year), **values) for year, values in raw["years"].items()}


def limits_for(year: int) -> Limits | None:
    """The limits for a plan year, or None when the IRS has published none we hold."""
    return limits_table().get(year)


def known_years() -> list[int]:
    """The plan years the table covers, ascending."""
    return sorted(limits_table())
