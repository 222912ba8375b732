"""Dollars, percents and match tiers as a person types them: 200,000, 5%, 100@3,50@2.

Each parser takes the text and returns the number, or raises ValueError with
the message to show; the command line adds which option it was.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Literal, Union

Amount = Union[int, Decimal]
Percent = Union[int, float]
Tiers = tuple[tuple[Percent, Percent], ...]

MAX_DOLLARS = 100_000_000
MAX_DEFERRAL = 1_000_000

_AMOUNT = re.compile(r"^\$?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_PERCENT = re.compile(r"^(?:\d+(?:\.\d+)?|\.\d+)%?$")


def parse_dollars(text: str, maximum: int = MAX_DOLLARS) -> Amount:
    """A dollar amount: 200000, 200,000 or $200,000.50; never negative, never above ``maximum``."""
    cleaned = text.strip()
    if not _AMOUNT.match(cleaned):
        raise ValueError(f"{text!r} is not a dollar amount; write 200000 or 200,000")
    amount = Decimal(cleaned.lstrip("$").replace(",", ""))
    if amount > maximum:
        raise ValueError(f"{text} is more than {maximum:,}")
    return int(amount) if amount == amount.to_integral_value() else amount


def parse_percent(text: str, maximum: int = 100) -> Percent:
    """A percent of pay, written as percent: 5 or 5% means 5%."""
    cleaned = text.strip()
    if not _PERCENT.match(cleaned):
        raise ValueError(f"{text!r} is not a percent; write 5 for 5%")
    number = float(cleaned.rstrip("%"))
    if number > maximum:
        raise ValueError(f"{text} is more than {maximum}%")
    return int(number) if number.is_integer() else number


def parse_tiers(text: str) -> Tiers:
    """Match tiers, rate@up_to in percent, in order: 100@5 or 100@3,50@2; together at most 100% of pay."""
    tiers = []
    for part in text.split(","):
        rate, at, up_to = part.strip().partition("@")
        if not at or not _PERCENT.match(rate) or not _PERCENT.match(up_to):
            raise ValueError(f"{part.strip()!r} is not a tier; write rate@up_to, e.g. 100@5 or 100@3,50@2")
        tiers.append((parse_percent(rate), parse_percent(up_to)))
    from megaroth.engine.reading.validation import tiers_problem  # the plan file's rule; imported when --match is given

    problem = tiers_problem(up_to for _, up_to in tiers)
    if problem:
        raise ValueError(f"{text}: {problem}")
    return tuple(tiers)


def parse_deferral(text: str) -> Amount | Literal["max"]:
    """The year's elective deferral: the word max, or a dollar amount up to MAX_DEFERRAL."""
    if text.strip().lower() == "max":
        return "max"
    return parse_dollars(text, MAX_DEFERRAL)


_BONUS = re.compile(r"^(?P<amount>[^@]+)@(?P<paycheck>\d+)(?:,(?P<flag>[^,]*))?$")


def parse_bonus(text: str) -> tuple[Amount, int, bool]:
    """A bonus paycheck: AMOUNT@PAYCHECK, or AMOUNT@PAYCHECK,nomatch when the plan's match does not count it.

    The amount may have thousands separators (5,000@26): the paycheck after @ is digits only.
    """
    found = _BONUS.match(text.strip())
    flag = None if found is None else found.group("flag")
    if found is None or (flag is not None and flag.strip().lower() != "nomatch"):
        raise ValueError(f"{text!r} is not a bonus; write AMOUNT@PAYCHECK, e.g. 20000@13 or 20000@13,nomatch")
    return parse_dollars(found.group("amount")), int(found.group("paycheck")), flag is None
