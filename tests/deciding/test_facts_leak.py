"""MBR104/MBR105 in dollars: the plan fact's leak_note (engine/deciding/facts.py) and the messages that end with it."""

from __future__ import annotations

from datetime import date

import yaml

from megaroth.engine.deciding.checker import check_bytes
from megaroth.engine.deciding.facts import conversions_per_year, derive, leak_conversions

BASE = """
megaroth: 1
plan: {name: Brightwater, year: 2025, document: pre_approved}
contributions:
  pretax: true
  roth: true
  after_tax: {allowed: true, separate_account: true}
employer:
  match:
    tiers:
      - {rate: 100, up_to: 5}
conversion:
  in_plan: {available: false}
  in_service: {available: true, per_year: 4, split_earnings: true}
testing: {acp: passing}
"""
SEED = "participants:\n  - {name: example-200k, salary: 200000, age: 35, deferral: max}\n"
TODAY = date(2026, 1, 1)

MBR104_PLAIN = (
    "no automatic conversion: the participant must ask for each conversion (in-service withdrawals, 4 a year), "
    "and earnings that build up in the meantime are taxable when converted"
)
MBR105_PLAIN = (
    "the best route to Roth converts less often than monthly (in-service withdrawals, 4 a year): money can wait "
    "up to 3 months before it converts, and its earnings in that time are taxed on conversion"
)
# The leak is taxed in nominal dollars: 7% real and 3% inflation, 1.07 × 1.03 − 1 = 10.21% (projection.py).
# 36,500 over 26 paychecks, each waiting w_i to the next conversion, Σ 36,500/26 × (1.1021^w_i − 1):
# quarterly 481.72, once a year 1,904.85.
VOLATILITY = (
    "; the estimate assumes a smooth return, and a loss in one conversion does not offset a gain in another, "
    "so real leaks run higher"
)
SEED_NOTE = (
    "; for participant example-200k ($36,500 of after-tax room over 26 paychecks, a 10.21% nominal return: 7% real "
    "and 3% inflation) that is about $482 of taxable earnings a year at the best route's pace (quarterly) and "
    "$1,905 if converted once a year" + VOLATILITY
)


def messages(text: str) -> dict[str, str]:
    result = check_bytes(text.encode(), "plan.yaml", TODAY)
    return {finding.rule: finding.message for finding in result.findings}


def test_without_participants_the_messages_are_unchanged():
    found = messages(BASE)
    assert found["MBR104"] == MBR104_PLAIN
    assert found["MBR105"] == MBR105_PLAIN


def test_with_a_participant_both_messages_end_with_the_dollars():
    found = messages(BASE + SEED)
    assert found["MBR104"] == MBR104_PLAIN + SEED_NOTE
    assert found["MBR105"] == MBR105_PLAIN + SEED_NOTE


def test_the_first_participant_is_the_one_shown():
    second = "  - {name: support-40k, salary: 40000, age: 27, deferral: 4000}\n"
    assert messages(BASE + SEED + second)["MBR105"] == MBR105_PLAIN + SEED_NOTE


def test_once_a_year_route_gives_one_figure():
    text = BASE.replace("per_year: 4", "per_year: 1") + SEED
    # 36,500/26 × Σ_{k=1..26} (1.1021^(k/26) − 1) = 1,904.85
    assert messages(text)["MBR105"].endswith(
        "; for participant example-200k ($36,500 of after-tax room over 26 paychecks, a 10.21% nominal return: 7% "
        "real and 3% inflation) that is about $1,905 of taxable earnings a year at the best route's pace (once a year)"
        + VOLATILITY
    )


def test_per_pay_period_route_counts_the_participants_own_paychecks():
    # manual in-plan conversion each pay period, 12 paychecks: 36,500 × (1.1021^(1/12) − 1) = 296.90;
    # once a year 36,500/12 × Σ_{k=1..12} (1.1021^(k/12) − 1) = 1,988.63
    text = BASE.replace(
        "in_plan: {available: false}", "in_plan: {available: true, automatic: false, frequency: per_pay_period}"
    ) + SEED.replace("deferral: max}", "deferral: max, pay_periods: 12}")
    data = yaml.safe_load(text)
    assert conversions_per_year(data, 12) == 12
    assert messages(text)["MBR104"].endswith(
        "($36,500 of after-tax room over 12 paychecks, a 10.21% nominal return: 7% real and 3% inflation) that is "
        "about $297 of taxable earnings a year at the best route's pace (every pay period) and $1,989 if converted "
        "once a year" + VOLATILITY
    )


def test_a_manual_any_time_route_is_priced_at_monthly_requests():
    # "any time" on request is not a daily conversion: priced at 12 a year. 26 paychecks, monthly:
    # 36,500/26 × Σ (1.1021^w_i − 1) = 159.67 (daily would be 5.05); once a year 1,904.85.
    text = BASE.replace(
        "in_plan: {available: false}", "in_plan: {available: true, automatic: false, frequency: any_time}"
    ) + SEED
    data = yaml.safe_load(text)
    assert leak_conversions(data, 26) == (12, 365)
    assert messages(text)["MBR104"] == (
        "no automatic conversion: the participant must ask for each conversion (in-plan conversion on request, any "
        "time), and earnings that build up in the meantime are taxable when converted; for participant example-200k "
        "($36,500 of after-tax room over 26 paychecks, a 10.21% nominal return: 7% real and 3% inflation) that is "
        "about $160 of taxable earnings a year at monthly requests (each conversion is a request, so it is priced at "
        "12 a year, not any time as the plan allows) and $1,905 if converted once a year" + VOLATILITY
    )


def test_an_automatic_route_is_priced_as_it_runs():
    # A nightly sweep needs no request: daily, 365 a year.
    text = BASE.replace("in_plan: {available: false}", "in_plan: {available: true, automatic: true, frequency: daily}")
    assert leak_conversions(yaml.safe_load(text), 26) == (365, 365)


def test_no_note_when_the_first_participant_has_no_room():
    # 20,000 salary, deferral max: 20,000 − 20,000 − 1,000 → no room, nothing to leak
    text = BASE + "participants:\n  - {name: low, salary: 20000, age: 30, deferral: max}\n"
    assert messages(text)["MBR105"] == MBR105_PLAIN


def test_no_note_without_an_after_tax_source_or_limits():
    no_after_tax = yaml.safe_load(BASE.replace("allowed: true", "allowed: false") + SEED)
    plan = derive(no_after_tax, TODAY).facts[0]
    assert plan.properties["leak_note"] == ""
    no_limits = yaml.safe_load(BASE.replace("year: 2025", "year: 2031") + SEED)
    assert derive(no_limits, TODAY).facts[0].properties["leak_note"] == ""
