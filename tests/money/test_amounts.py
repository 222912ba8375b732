"""Dollars, percents, match tiers and deferrals as a person types them (the calculator's options)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from megaroth.engine.money.amounts import parse_bonus, parse_deferral, parse_dollars, parse_percent, parse_tiers


@pytest.mark.parametrize(
    ("text", "value"),
    [("200000", 200_000), ("200,000", 200_000), ("$200,000", 200_000), (" 1,234.50 ", Decimal("1234.50")),
     ("0", 0), ("100,000,000", 100_000_000), ("7.00", 7)],
)
def test_dollars(text: str, value):
    parsed = parse_dollars(text)
    assert parsed == value and type(parsed) is type(value)


@pytest.mark.parametrize(
    ("text", "maximum", "message"),
    [
        ("1e5", 100_000_000, "'1e5' is not a dollar amount; write 200000 or 200,000"),
        ("-5", 100_000_000, "'-5' is not a dollar amount; write 200000 or 200,000"),
        ("20,00", 100_000_000, "'20,00' is not a dollar amount; write 200000 or 200,000"),
        ("100,000,001", 100_000_000, "100,000,001 is more than 100,000,000"),
        ("2000", 1_000, "2000 is more than 1,000"),
    ],
)
def test_dollars_refused(text: str, maximum: int, message: str):
    with pytest.raises(ValueError) as caught:
        parse_dollars(text, maximum)
    assert str(caught.value) == message


@pytest.mark.parametrize(("text", "value"), [("5", 5), ("5%", 5), ("2.5", 2.5), (".5", 0.5), ("100", 100)])
def test_percent(text: str, value):
    parsed = parse_percent(text)
    assert parsed == value and type(parsed) is type(value)


@pytest.mark.parametrize(
    ("text", "maximum", "message"),
    [
        ("five", 100, "'five' is not a percent; write 5 for 5%"),
        ("-1", 100, "'-1' is not a percent; write 5 for 5%"),
        ("120", 100, "120 is more than 100%"),
        ("45", 30, "45 is more than 30%"),
    ],
)
def test_percent_refused(text: str, maximum: int, message: str):
    with pytest.raises(ValueError) as caught:
        parse_percent(text, maximum)
    assert str(caught.value) == message


def test_tiers():
    assert parse_tiers("100@5") == ((100, 5),)
    assert parse_tiers("100@3, 50@2") == ((100, 3), (50, 2))
    assert parse_tiers("50%@6%") == ((50, 6),)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("100@5,50", "'50' is not a tier; write rate@up_to, e.g. 100@5 or 100@3,50@2"),
        ("100", "'100' is not a tier; write rate@up_to, e.g. 100@5 or 100@3,50@2"),
        ("a@5", "'a@5' is not a tier; write rate@up_to, e.g. 100@5 or 100@3,50@2"),
        # 60% + 50% of pay is 110%: more pay than there is.
        ("100@60,50@50", "100@60,50@50: the match tiers cover 110% of pay (their up_to percents add up past 100%), and pay has only 100%"),
        ("100@101", "101 is more than 100%"),
    ],
)
def test_tiers_refused(text: str, message: str):
    with pytest.raises(ValueError) as caught:
        parse_tiers(text)
    assert str(caught.value) == message


def test_deferral():
    assert parse_deferral("max") == "max"
    assert parse_deferral(" MAX ") == "max"
    assert parse_deferral("23,500") == 23_500
    with pytest.raises(ValueError) as caught:
        parse_deferral("2,000,000")
    assert str(caught.value) == "2,000,000 is more than 1,000,000"


@pytest.mark.parametrize(
    ("text", "bonus"),
    [("20000@13", (20_000, 13, True)), ("5,000@26,nomatch", (5_000, 26, False)), ("$1,500.50@1,NoMatch", (Decimal("1500.50"), 1, False))],
)
def test_parse_bonus(text: str, bonus: tuple):
    assert parse_bonus(text) == bonus


@pytest.mark.parametrize("text", ["20000", "20000@", "@13", "20000@13,maybe", "20000@x", "-5@3"])
def test_parse_bonus_refuses(text: str):
    with pytest.raises(ValueError):
        parse_bonus(text)
