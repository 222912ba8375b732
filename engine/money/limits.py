"""The IRS limits table (rules/limits.yaml, and a user's own limits file): one year's figures, with their source.

The table a run uses is megaroth's own, with the years of a user's limits file
(``--limits FILE`` or the config's ``limits`` key) laid over it. It is chosen
once per process (``use_limits_file``) before any plan is checked, and handed
to --jobs workers as it is (``table_state``/``install_table_state``), so that
every process sees the same figures. Every lookup goes through this module.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from megaroth.engine.reading.limits_file import read_limits_file
from megaroth.engine.reading.resources import load_data, rules_dir

SHIPPED_FILE = "rules/limits.yaml"  # how reports name megaroth's own table


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
    file: str | None = None  # the user's limits file the figures came from; None: megaroth's own table

    @property
    def file_name(self) -> str:
        """The file the figures came from, as reports name it."""
        return self.file or SHIPPED_FILE

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
def shipped_table() -> dict[int, Limits]:
    """megaroth's own table, rules/limits.yaml, keyed by plan year."""
    raw = load_data(rules_dir() / "limits.yaml")
    return {int(year): Limits(year=int(year), **values) for year, values in raw["years"].items()}


@dataclass(frozen=True)
class TableState:
    """The table a process uses: picklable, so a --jobs worker gets exactly the parent's."""

    file: str | None = None  # the user's limits file laid over the shipped table
    years: tuple[Limits, ...] = ()  # that file's years (each overriding or adding to the shipped ones)


_state = TableState()


def use_limits_file(path: str | None) -> TableState:
    """Lay the years of a limits file over the shipped table for this process (None: the shipped table alone).

    Raises megaroth.engine.reading.limits_file.LimitsFileError (file:line:col
    lines) for a file that cannot be used; the table in use is then unchanged.
    """
    if path is None:
        return install_table_state(TableState())
    years = read_limits_file(path)
    return install_table_state(
        TableState(path, tuple(Limits(year=year, file=path, **values) for year, values in sorted(years.items())))
    )


def install_table_state(state: TableState) -> TableState:
    """Use ``state`` from now on in this process (a --jobs worker's start); returns it."""
    global _state
    _state = state
    _table.cache_clear()
    return state


def table_state() -> TableState:
    """The table this process uses, to hand to another process."""
    return _state


@functools.lru_cache(maxsize=1)
def _table() -> dict[int, Limits]:
    table = dict(shipped_table())
    table.update({limits.year: limits for limits in _state.years})
    return dict(sorted(table.items()))


def limits_table() -> dict[int, Limits]:
    """Every year the table in use holds, keyed by plan year."""
    return _table()


def limits_for(year: int) -> Limits | None:
    """The limits for a plan year, or None when the table in use holds none."""
    return _table().get(year)


def known_years() -> list[int]:
    """The plan years the table in use covers, ascending."""
    return sorted(_table())


def limits_file() -> str | None:
    """The user's limits file in use, if any."""
    return _state.file


def source_words(limits: Limits) -> str:
    """Where a year's figures came from, as text reports say it.

    'IRS Notice 2024-80' from megaroth's own table; 'IRS Notice 2026-99, from
    my-limits.yaml' from a user's file, so a report never passes a user's
    figures off as megaroth's.
    """
    return limits.source if limits.file is None else f"{limits.source}, from {limits.file}"


def missing_year(year: int) -> str:
    """A year the table does not hold, and how to add it: MBR301's message and the calculator's error."""
    years = ", ".join(str(known) for known in known_years())
    return (
        f"megaroth does not carry IRS limits for plan year {year} (it has {years}); "
        "give that year's figures and their IRS Notice in a limits file with --limits FILE"
    )

