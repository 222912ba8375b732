"""The report's numbers, each as the text a reader sees beside the exact value a program reads.

Money is ``{"text": "$36,500", "cents": 3650000}`` (cents: whole numbers, never
floats); a percent is ``{"text": "12.10%", "value": "12.10"}`` (the exact
decimal as a string). docs/report-data.md documents both.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from megaroth.engine.reporting.calc_report import MINUS, cents_text


def money_cents(cents: int) -> dict[str, Any]:
    """An amount kept to the cent: $5,000.40, or $5,000 when it is whole dollars."""
    text = cents_text(abs(cents))
    return {"text": f"{MINUS}${text}" if cents < 0 else f"${text}", "cents": cents}


def money(dollars: int) -> dict[str, Any]:
    """A whole-dollar amount: $36,500."""
    return money_cents(dollars * 100)


def money_decimal(amount: Decimal) -> dict[str, Any]:
    """A census amount (a Decimal to the cent): $1,234.50, cents always shown as the census test prints them."""
    cents = int((amount * 100).to_integral_value())
    text = f"${abs(amount):,.2f}"
    return {"text": f"{MINUS}{text}" if amount < 0 else text, "cents": cents}


def percent(value: Decimal | None) -> dict[str, Any] | None:
    """A percent to the hundredth, as the ACP test rounds it (§1.401(m)-2(a)(2)): 12.10%."""
    if value is None:
        return None
    return {"text": f"{value:.2f}%", "value": f"{value:.2f}"}


def points(value: Decimal | None) -> dict[str, Any] | None:
    """A difference of two percents, in percentage points: +1.25 points, −3.52 points."""
    if value is None:
        return None
    sign = MINUS if value < 0 else "+"
    return {"text": f"{sign}{abs(value):.2f} points", "value": f"{value:.2f}"}
