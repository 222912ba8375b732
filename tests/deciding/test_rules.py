"""Every rule in rules/*.yaml: its own examples fire and stay quiet, and hand-written cases pin
the messages, dollars and lines of the important ones.

Plans are the reference plan (rules/example-base.yaml: 2025, 100% match up to 5%,
nightly automatic in-plan conversion, ACP passing) with an overlay; see plans.py.
"""

from __future__ import annotations

from datetime import date

import pytest

from megaroth.engine.deciding.catalog import catalog
from plan_overlay import check, dump, only, overlay, rule_ids

# decode's rules (MBR5xx) have document texts for examples: tests/decode/test_document_rules.py runs them;
# the census rules' examples are censuses, run by tests/acp/test_rule_examples.py.
RULES = [rule for rule in catalog().values() if rule.source not in ("decode", "acp")]

ONE_PARTICIPANT = {"name": "example-200k", "salary": 200000, "age": 35, "deferral": "max"}


# --- the catalog's own examples ---------------------------------------------------------


@pytest.mark.parametrize("rule", RULES, ids=[rule.id for rule in RULES])
def test_fail_example_fires(rule):
    result = check(overlay(rule.example_fail))
    assert rule.id in rule_ids(result)


@pytest.mark.parametrize("rule", RULES, ids=[rule.id for rule in RULES])
def test_pass_example_stays_quiet(rule):
    result = check(overlay(rule.example_pass))
    assert rule.id not in rule_ids(result)


def test_reference_plan_alone_is_eligible_with_only_the_tax_notes():
    result = check(overlay())
    assert result.verdict == "eligible"
    assert rule_ids(result) == ["MBR401", "MBR402"]


# --- MBR000 (more in test_validation / test_loader) -------------------------------------


def test_mbr000_yes_is_text_in_yaml_1_2():
    result = check(overlay("contributions:\n  after_tax:\n    allowed: yes\n"))
    finding = only(result, "MBR000")
    assert finding.message == (
        "contributions.after_tax.allowed must be true, false or unknown, not 'yes'; write true (YAML 1.2 reads yes/on/y as text)"
    )
    assert (finding.line, finding.column) == (10, 14)  # the value, in the dumped reference plan
    assert result.verdict == "invalid"


# --- MBR001 -----------------------------------------------------------------------------


def test_mbr001_fraction_in_a_match_tier():
    result = check(overlay(employer={"match": {"tiers": [{"rate": 100, "up_to": 0.05}]}}))
    finding = only(result, "MBR001")
    assert finding.message == (
        "employer.match.tiers[0].up_to is 0.05: percentages are written as percent, so this means 0.05%; "
        "write 5 if 5% was meant (until then no participant's room is computed)"
    )
    assert finding.pointer == "/employer/match/tiers/0/up_to"
    assert (finding.line, finding.column) == (17, 7)  # the up_to key under '- rate: 100'
    assert finding.severity == "error"
    assert result.verdict == "undetermined"


def test_mbr001_fires_once_per_fractional_field():
    result = check(
        overlay(
            contributions={"after_tax": {"max_percent": 0.15}},
            employer={"nonelective": 0.03, "profit_sharing": 2, "match": {"tiers": [{"rate": 0.5, "up_to": 6}]}},
        )
    )
    pointers = sorted(f.pointer for f in result.findings if f.rule == "MBR001")
    assert pointers == ["/contributions/after_tax/max_percent", "/employer/match/tiers/0/rate", "/employer/nonelective"]
    messages = {f.pointer: f.message for f in result.findings if f.rule == "MBR001"}
    assert messages["/contributions/after_tax/max_percent"] == (
        "contributions.after_tax.max_percent is 0.15: percentages are written as percent, so this means 0.15%; "
        "write 15 if 15% was meant (until then no participant's room is computed)"
    )


def test_mbr001_shows_the_value_as_written():
    # 0.9999999999 is below 1, so it is a fraction of one percent; shown rounded to six digits it read "is 1".
    # Meant as a percent it is 0.9999999999 × 100 = 99.99999999, exactly.
    result = check(overlay(employer={"nonelective": 0.9999999999}))
    assert only(result, "MBR001").message == (
        "employer.nonelective is 0.9999999999: percentages are written as percent, so this means 0.9999999999%; "
        "write 99.99999999 if 99.99999999% was meant (until then no participant's room is computed)"
    )


@pytest.mark.parametrize("value", [0, 1, 1.5, 100])
def test_mbr001_quiet_for_zero_one_and_whole_percents(value):
    assert "MBR001" not in rule_ids(check(overlay(employer={"nonelective": value})))


@pytest.mark.parametrize("value", [0.00001, 0.5, 0.999])
def test_mbr001_fires_strictly_between_zero_and_one(value):
    assert "MBR001" in rule_ids(check(overlay(employer={"nonelective": value})))


# --- MBR002 and waivers -----------------------------------------------------------------

WAIVED_MANUAL = overlay(
    conversion={"in_plan": {"automatic": False, "frequency": "monthly"}},
    waivers=[{"rule": "MBR104", "reason": "Payroll converts monthly.", "expires": "2026-06-30"}],
)


def test_mbr002_expired_waiver_warns_and_stops_applying():
    result = check(WAIVED_MANUAL, today=date(2026, 11, 28))
    finding = only(result, "MBR002")
    assert finding.message == "waiver 1 of MBR104 expired on 2026-06-30 (today is 2026-11-28) and no longer applies"
    assert finding.pointer == "/waivers/0/expires"
    assert (finding.line, finding.column) == (30, 3)  # '  expires:' of the dumped waiver
    assert only(result, "MBR104").waived is False
    assert result.verdict == "eligible_with_caveats"


def test_mbr002_quiet_on_the_expiry_date_itself():
    # The waiver holds through its expiry date; it lapses the day after.
    result = check(WAIVED_MANUAL, today=date(2026, 6, 30))
    assert "MBR002" not in rule_ids(result)
    assert only(result, "MBR104").waived is True
    assert "MBR002" in rule_ids(check(WAIVED_MANUAL, today=date(2026, 7, 1)))


def test_waiver_without_expiry_never_lapses():
    plan = overlay(
        conversion={"in_plan": {"automatic": False}},
        waivers=[{"rule": "MBR104", "reason": "Accepted."}],
    )
    result = check(plan, today=date(2099, 1, 1))
    assert rule_ids(result, waived=True) == ["MBR104"]
    assert "MBR002" not in rule_ids(result)


def test_waived_findings_do_not_count_toward_the_verdict():
    plan = overlay(
        conversion={"in_plan": {"available": False}},
        waivers=[{"rule": "MBR102", "reason": "Sponsor adds in-plan conversion next year."}],
    )
    result = check(plan)
    finding = only(result, "MBR102")
    assert finding.waived is True
    assert finding.waiver_reason == "Sponsor adds in-plan conversion next year."
    assert result.verdict == "eligible"
    assert result.counts() == {"error": 0, "warning": 0, "info": 0, "waived": 1}
    # Without the waiver the same plan is not eligible.
    plan.pop("waivers")
    assert check(plan).verdict == "not_eligible"


def test_a_waiver_for_a_rule_that_did_not_fire_waives_nothing_and_says_so():
    plan = overlay(waivers=[{"rule": "MBR205", "reason": "ACP passes every year."}])
    result = check(plan)
    assert rule_ids(result) == ["MBR401", "MBR402", "MBR003"]
    assert rule_ids(result, waived=True) == []
    finding = only(result, "MBR003")
    assert finding.message == (
        "waiver 1 of MBR205 waives nothing: MBR205 does not fire for this plan; remove it, so that it cannot hide "
        "a finding nobody has looked at"
    )
    assert (finding.line, finding.column) == (28, 3)  # the waiver's rule key
    assert result.verdict == "eligible_with_caveats"


# --- MBR101 / MBR102 / MBR103 ------------------------------------------------------------


def test_mbr101_message_and_line():
    result = check(overlay(contributions={"after_tax": {"allowed": False}}))
    finding = only(result, "MBR101")
    assert finding.message == (
        "the plan does not accept after-tax (non-Roth) employee contributions, so there is no Mega Backdoor Roth: "
        "the §415(c) headroom above deferrals and employer money cannot be filled"
    )
    assert (finding.line, finding.column) == (10, 5)
    assert finding.severity == "error"
    assert result.verdict == "not_eligible"
    # The route rules and the tax notes apply only when after-tax money exists.
    assert rule_ids(result) == ["MBR101", "MBR202"]


def test_mbr102_no_route_at_all():
    result = check(overlay(conversion={"in_plan": {"available": False}, "in_service": {"available": False}}))
    assert rule_ids(result) == ["MBR102"]
    assert result.verdict == "not_eligible"


def test_mbr102_says_the_plan_not_the_law_keeps_the_money_in():
    # §401(k)(2)(B) restricts in-service distributions of elective deferrals only; after-tax employee
    # contributions stay in the plan because of the plan's terms.
    plan = overlay(conversion={"in_plan": {"available": False}, "in_service": {"available": False}})
    finding = only(check(plan), "MBR102")
    assert finding.message == (
        "after-tax contributions are allowed but neither in-plan Roth conversion nor in-service withdrawal is "
        "available: the plan's terms, not the law, keep the money in the plan, where it stays after-tax and its "
        "earnings stay taxable until the plan pays it out (usually after leaving the employer)"
    )
    assert "IRC §401(k)(2)(B) (the in-service restriction reaches elective deferrals, not after-tax money)" in finding.citations


def test_mbr102_quiet_when_in_service_withdrawal_is_the_route():
    plan = overlay(conversion={"in_plan": {"available": False}, "in_service": {"available": True, "split_earnings": True}})
    assert "MBR102" not in rule_ids(check(plan))


def test_mbr103_only_for_the_solo_prototype_with_after_tax():
    prototype = overlay(plan={"document": "solo_prototype"})
    finding = only(check(prototype), "MBR103")
    assert finding.pointer == "/plan/document"
    assert (finding.line, finding.column) == (5, 3)
    # What the brokerages' standard documents offer, not a rule of law.
    assert finding.message == (
        "a one-participant plan on a provider's standard prototype document claims after-tax contributions; the "
        "large brokerages' standard solo 401(k) documents do not offer an after-tax source (a limit of those "
        "documents, not of the law)"
    )
    assert "MBR103" not in rule_ids(check(overlay(plan={"document": "solo_custom"})))
    no_after_tax = overlay(plan={"document": "solo_prototype"}, contributions={"after_tax": {"allowed": False}})
    assert "MBR103" not in rule_ids(check(no_after_tax))


# --- MBR104 / MBR105 / MBR107 / MBR108 ---------------------------------------------------


def test_mbr104_manual_in_plan_conversion_names_the_route():
    result = check(overlay(conversion={"in_plan": {"automatic": False, "frequency": "any_time"}}))
    assert only(result, "MBR104").message == (
        "no automatic conversion: the participant must ask for each conversion (in-plan conversion on request, "
        "any time), and earnings that build up in the meantime are taxable when converted"
    )


@pytest.mark.parametrize("rule_id", ["MBR104", "MBR105"])
def test_mbr104_mbr105_cite_the_in_plan_rollover_notices(rule_id):
    # In-plan Roth rollovers: Notices 2010-84 and 2013-74; Notice 2014-54 allocates distributions.
    citations = catalog()[rule_id].citations
    assert "IRS Notice 2010-84 (in-plan Roth rollovers)" in citations
    assert "IRS Notice 2013-74 (in-plan Roth rollovers of amounts not otherwise distributable)" in citations
    assert not [citation for citation in citations if "2014-54" in citation]


def test_mbr104_in_service_route_without_a_yearly_limit():
    plan = overlay(conversion={"in_plan": {"available": False}, "in_service": {"available": True, "split_earnings": True}})
    assert "(in-service withdrawals, no yearly limit)" in only(check(plan), "MBR104").message


def test_mbr104_quiet_when_the_plan_sweeps_automatically():
    assert "MBR104" not in rule_ids(check(overlay()))


def _in_service_only(per_year: int) -> dict:
    return overlay(
        conversion={
            "in_plan": {"available": False},
            "in_service": {"available": True, "per_year": per_year, "split_earnings": True},
        }
    )


def test_mbr105_boundary_eleven_a_year_fires():
    finding = only(check(_in_service_only(11)), "MBR105")
    assert finding.message.startswith(
        "the best route to Roth converts less often than monthly (in-service withdrawals, 11 a year): money can wait up to "
    )


def test_mbr105_boundary_twelve_a_year_is_monthly_enough():
    assert "MBR105" not in rule_ids(check(_in_service_only(12)))


@pytest.mark.parametrize(
    ("per_year", "gap"),
    [
        (1, "up to a year"),
        (2, "up to 6 months"),
        (4, "up to 3 months"),
        (5, "up to 2.4 months"),
        (6, "up to 2 months"),
        (7, "up to 1.7 months"),  # 12 / 7 = 1.714...: one decimal, not false precision
        (11, "up to 1.1 months"),  # 12 / 11 = 1.0909...
    ],
)
def test_mbr105_says_how_long_money_waits(per_year, gap):
    message = only(check(_in_service_only(per_year)), "MBR105").message
    assert f"(in-service withdrawals, {per_year} a year): money can wait {gap} before it converts" in message


@pytest.mark.parametrize(("frequency", "fires"), [("quarterly", True), ("annually", True), ("monthly", False), ("per_pay_period", False), ("daily", False)])
def test_mbr105_by_in_plan_frequency(frequency, fires):
    result = check(overlay(conversion={"in_plan": {"frequency": frequency}}))
    assert ("MBR105" in rule_ids(result)) is fires


def test_mbr105_the_best_route_decides():
    # Quarterly in-plan conversion, but monthly in-service withdrawals: the better route is monthly.
    plan = overlay(
        conversion={
            "in_plan": {"frequency": "quarterly"},
            "in_service": {"available": True, "per_year": 12, "split_earnings": True},
        }
    )
    assert "MBR105" not in rule_ids(check(plan))


def test_mbr107_split_not_stated_and_not_offered():
    base = {"in_plan": {"available": False}, "in_service": {"available": True}}
    not_stated = only(check(overlay(conversion=base)), "MBR107")
    assert not_stated.message == (
        "in-service withdrawal is the only route to Roth and support for the Notice 2014-54 split is not stated: "
        "without it a direct rollover takes the earnings to the Roth IRA with the basis, taxed; the participant can "
        "still take the distribution and finish 60-day rollovers (earnings to a traditional IRA, basis to a Roth IRA)"
    )
    # Each distribution is pro rata (§72(e)(8)); nothing says earnings can be "left in the plan".
    rule = catalog()["MBR107"]
    assert "left in the plan" not in rule.fix + rule.why
    assert "each distribution is pro rata (§72(e)(8))" in rule.why
    assert "IRC §72(d)(2)" in rule.citations
    assert not_stated.pointer == "/conversion/in_service"
    assert (not_stated.line, not_stated.column) == (23, 3)
    refused = overlay(conversion={"in_plan": {"available": False}, "in_service": {"available": True, "split_earnings": False}})
    assert "split is marked as not offered:" in only(check(refused), "MBR107").message


def test_mbr107_with_in_plan_conversion_unknown_says_only_known_route():
    # Silence about in-plan conversion is not "no": in-service is the only route known, not the only route.
    plan = overlay(conversion={"in_plan": {"available": "unknown"}, "in_service": {"available": True}})
    assert only(check(plan), "MBR107").message.startswith(
        "in-service withdrawal is the only route to Roth known (whether in-plan conversion is one is unknown) and "
        "support for the Notice 2014-54 split is not stated: "
    )


def test_mbr107_quiet_when_in_plan_conversion_exists_too():
    plan = overlay(conversion={"in_service": {"available": True, "split_earnings": False}})
    assert "MBR107" not in rule_ids(check(plan))


def test_mbr108_in_plan_conversion_without_roth_deferrals():
    result = check(overlay(contributions={"roth": False}))
    finding = only(result, "MBR108")
    assert finding.message == (
        "in-plan Roth conversion is marked available but the plan has no designated Roth deferrals; an in-plan Roth "
        "rollover always needs a Roth program, so megaroth does not count it as a route to Roth: recheck the SPD"
    )
    assert finding.pointer == "/contributions/roth"
    assert (finding.line, finding.column) == (8, 3)
    # §402A(c)(4)(A): with no Roth program the in-plan route is no route, and the base plan has no other.
    assert rule_ids(result) == ["MBR108", "MBR102"]
    assert result.verdict == "not_eligible"


def test_mbr108_with_an_in_service_route_still_eligible_with_caveats():
    # In-service withdrawals remain a route; the in-plan claim is only a caveat to recheck.
    result = check(
        overlay(contributions={"roth": False}, conversion={"in_service": {"available": True, "split_earnings": True}})
    )
    assert "MBR108" in rule_ids(result) and "MBR102" not in rule_ids(result)
    assert result.verdict == "eligible_with_caveats"
    no_in_plan = overlay(contributions={"roth": False}, conversion={"in_plan": {"available": False}, "in_service": {"available": True}})
    assert "MBR108" not in rule_ids(check(no_in_plan))


# --- MBR201 -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "wording",
    [
        "Roth 401(k) contributions",
        "Roth after-tax contributions",
        "after-tax ROTH source",
        "designated-Roth",
        "Roth401k deferrals",
        # The source's own name is Roth, even beside a conversion phrase (spd-wording.md: "Roth called after-tax").
        "Roth after-tax",
        "after-tax Roth 401(k)",
        "before-tax, Roth after-tax and regular after-tax",
        "Roth after-tax contributions eligible for in-plan Roth conversion",
        # Look like "Roth" to the analyst who pasted them (megaroth.engine.reading.wording.normalise):
        "R\u00adoth 401(k) contributions",  # a soft hyphen, as PDF text extraction leaves it
        "Ro\u200bth 401(k) contributions",  # a zero-width space
        "R\u043eth 401(k) contributions",  # a Cyrillic о
        "\uff32\uff4f\uff54\uff48 401(k) contributions",  # full-width letters
    ],
)
def test_mbr201_wording_that_names_roth(wording):
    finding = only(check(overlay(contributions={"after_tax": {"wording": wording}})), "MBR201")
    assert finding.message == (
        f'the SPD wording for the after-tax source, "{wording}", names Roth: Roth 401(k) deferrals count toward '
        "§402(g), not the §415(c) after-tax room"
    )
    assert finding.severity == "error"
    assert (finding.line, finding.column) == (11, 5)


@pytest.mark.parametrize(
    "wording",
    [
        "non-Roth after-tax contributions",
        "voluntary after-tax (non-Roth) contributions",
        "Non Roth after-tax",
        "NON-ROTH employee contributions",
        "post-86 employee contributions",
        "",
        # 'roth' inside a word is not Roth: the pattern matches at a word's start only.
        "Brotherhood of Machinists after-tax contributions",
        "Northwestern after-tax savings",
    ],
)
def test_mbr201_quiet_for_non_roth_after_tax(wording):
    assert "MBR201" not in rule_ids(check(overlay(contributions={"after_tax": {"wording": wording}})))


@pytest.mark.parametrize(
    "wording",
    [
        # Roth is where the money goes, not the source's name: a genuine after-tax source.
        "after-tax contributions eligible for in-plan Roth conversion",
        "voluntary after-tax contributions, which may be converted to Roth",
        "after-tax contributions with rollover to a Roth IRA",
        "employee after-tax contributions (eligible for Roth in-plan conversion)",
        "after-tax savings, convertible through the in-plan Roth rollover",
        "after-tax contributions: the Roth rollover account receives conversions",
        "supplemental post-tax contributions, transferable into a designated Roth account",
    ],
)
def test_mbr201_quiet_where_roth_is_the_destination(wording):
    result = check(overlay(contributions={"after_tax": {"wording": wording}}))
    assert "MBR201" not in rule_ids(result)
    assert result.verdict == "eligible"


def test_mbr201_quiet_without_wording_and_without_after_tax():
    plan = overlay()
    del plan["contributions"]["after_tax"]["wording"]
    assert "MBR201" not in rule_ids(check(plan))
    no_after_tax = overlay(contributions={"after_tax": {"allowed": False, "wording": "Roth 401(k)"}})
    assert "MBR201" not in rule_ids(check(no_after_tax))


# --- MBR202 / MBR203 ---------------------------------------------------------------------


def test_mbr202_conversion_with_nothing_after_tax_to_convert():
    result = check(overlay(contributions={"after_tax": {"allowed": False}}))
    finding = only(result, "MBR202")
    assert finding.pointer == "/conversion/in_plan/available"
    assert (finding.line, finding.column) == (20, 5)
    assert finding.severity == "warning"


def test_mbr203_not_stated_versus_not_kept():
    unstated = overlay()
    del unstated["contributions"]["after_tax"]["separate_account"]
    assert only(check(unstated), "MBR203").message == (
        "a separate after-tax sub-account with basis tracking (§72(d)) is not stated: without it a distribution, "
        "and an in-plan Roth conversion too (taxed as if distributed), is pro rata across the whole plan and may "
        "carry pre-tax money"
    )
    # §402A(c)(4)(B): an in-plan Roth rollover is taxed as if distributed, so it is no fix for the pro-rata rule.
    assert "prefer in-plan conversion" not in catalog()["MBR203"].fix
    assert "neither route avoids the pro-rata rule" in catalog()["MBR203"].fix
    refused = overlay(contributions={"after_tax": {"separate_account": False}})
    assert "(§72(d)) is marked as not kept:" in only(check(refused), "MBR203").message


# --- MBR204 -------------------------------------------------------------------------------


def test_mbr204_heavy_profit_sharing_arithmetic():
    # 2025, reference participant paid the §401(a)(17) cap $350,000, deferring the §402(g) $23,500:
    # match 100% of 5% x 350,000 = 17,500; profit sharing 10% x 350,000 = 35,000; employer 52,500.
    # 70,000 - 23,500 - 52,500 < 0: no room.
    finding = only(check(overlay(employer={"profit_sharing": 10})), "MBR204")
    assert finding.message == (
        "employer contributions leave no after-tax room at the 2025 pay limit: a participant paid $350,000 who "
        "defers $23,500 gets $52,500 from the employer, and the §415(c) limit is $70,000"
    )
    assert finding.pointer == "/employer"
    assert (finding.line, finding.column) == (13, 1)


def test_mbr204_quiet_with_a_little_room_left():
    # 17,500 match + 3% x 350,000 = 10,500 profit sharing = 28,000; 70,000 - 23,500 - 28,000 = 18,500 > 0.
    assert "MBR204" not in rule_ids(check(overlay(employer={"profit_sharing": 3})))


@pytest.mark.parametrize(("match_cap", "fires"), [(11499, False), (11500, True), (11501, True)])
def test_mbr204_fires_at_exactly_zero_room(match_cap, fires):
    # Profit sharing 10% x 350,000 = 35,000; match 17,500 capped at match_cap.
    # 70,000 - 23,500 - 35,000 - 11,500 = 0 (fires); with 11,499 one dollar is left (quiet).
    plan = overlay(employer={"profit_sharing": 10, "match": {"max": match_cap}})
    assert ("MBR204" in rule_ids(check(plan))) is fires


def test_mbr204_uses_the_plan_year_limits():
    # 2022: pay cap 305,000, §402(g) 20,500, §415(c) 61,000.  Match 5% x 305,000 = 15,250,
    # nonelective 9% x 305,000 = 27,450: employer 42,700; 61,000 - 20,500 - 42,700 < 0.
    finding = only(check(overlay(plan={"year": 2022}, employer={"nonelective": 9})), "MBR204")
    assert finding.message == (
        "employer contributions leave no after-tax room at the 2022 pay limit: a participant paid $305,000 who "
        "defers $20,500 gets $42,700 from the employer, and the §415(c) limit is $61,000"
    )


def test_mbr204_quiet_without_after_tax_or_without_limits():
    no_after_tax = overlay(employer={"profit_sharing": 25}, contributions={"after_tax": {"allowed": False}})
    assert "MBR204" not in rule_ids(check(no_after_tax))
    no_limits = check(overlay(employer={"profit_sharing": 25}, plan={"year": 2027}))
    assert "MBR204" not in rule_ids(no_limits)
    assert "MBR301" in rule_ids(no_limits)


# --- MBR205 -------------------------------------------------------------------------------


@pytest.mark.parametrize("acp", ["failing", "unknown"])
def test_mbr205_acp_failing_or_unknown(acp):
    finding = only(check(overlay(testing={"acp": acp})), "MBR205")
    assert finding.message.startswith(f"the plan's ACP test is {acp}: after-tax contributions are tested with the match")
    assert (finding.line, finding.column) == (25, 1)


def test_mbr205_names_both_corrections_and_the_415c_count():
    # Treas. Reg. §1.401(m)-2(b): QNEC/QMAC or distribution; a distributed excess stays an annual addition;
    # §4979(f): 2½ months (6 for an EACA plan); §401(m)(6)(A): by the end of the following plan year.
    finding = only(check(overlay(testing={"acp": "failing"})), "MBR205")
    assert finding.message == (
        "the plan's ACP test is failing: after-tax contributions are tested with the match, and a failed test is "
        "corrected either by qualified contributions for non-HCEs (QNEC/QMAC) or by refunding highly compensated "
        "employees' excess with earnings, which still counts toward their §415(c) limit; a safe-harbor design does "
        "not exempt after-tax contributions"
    )
    why = catalog()["MBR205"].why
    assert "(6 months for a plan with an eligible automatic contribution arrangement)" in why
    assert "by the end of the following plan year (§401(m)(6)(A)), 12 months" in why


def test_mbr205_testing_absent_counts_as_unknown():
    plan = overlay()
    del plan["testing"]
    assert only(check(plan), "MBR205").message.startswith("the plan's ACP test is unknown:")


def test_mbr205_safe_harbor_is_no_exemption():
    assert "MBR205" in rule_ids(check(overlay(testing={"safe_harbor": True, "acp": "unknown"})))


@pytest.mark.parametrize("document", ["solo_custom", "solo_prototype"])
def test_mbr205_not_for_one_participant_plans(document):
    plan = overlay(plan={"document": document}, testing={"acp": "unknown"})
    assert "MBR205" not in rule_ids(check(plan))


def test_mbr205_quiet_without_after_tax():
    plan = overlay(contributions={"after_tax": {"allowed": False}}, testing={"acp": "failing"})
    assert "MBR205" not in rule_ids(check(plan))


# --- MBR206 -------------------------------------------------------------------------------


def test_mbr206_2026_without_roth_deferrals():
    plan = overlay(plan={"year": 2026}, contributions={"roth": False}, conversion={"in_plan": {"available": False}, "in_service": {"available": True, "split_earnings": True}})
    finding = only(check(plan), "MBR206")
    assert finding.message == (
        "from 2026 catch-ups of participants whose prior-year FICA wages from the sponsor exceeded $150,000 of 2025 "
        "FICA wages must be Roth; this plan has no Roth deferrals, so those participants cannot make catch-ups at all"
    )
    assert (finding.line, finding.column) == (8, 3)


def test_mbr206_quiet_before_2026_with_roth_or_without_catch_ups():
    no_roth = {"roth": False}
    assert "MBR206" not in rule_ids(check(overlay(plan={"year": 2025}, contributions=no_roth)))
    assert "MBR206" not in rule_ids(check(overlay(plan={"year": 2026})))
    assert "MBR206" not in rule_ids(check(overlay(plan={"year": 2026}, contributions={"roth": False, "catch_up": False})))


def test_mbr206_year_without_limits_says_the_threshold_is_unpublished():
    finding = only(check(overlay(plan={"year": 2027}, contributions={"roth": False})), "MBR206")
    assert "exceeded the indexed threshold (not published for 2027 in the limits table) must be Roth" in finding.message


# --- MBR207 -------------------------------------------------------------------------------


def test_mbr207_cap_in_dollars_at_the_pay_limit():
    # 10% x 2025 pay cap 350,000 = 35,000.
    finding = only(check(overlay(contributions={"after_tax": {"max_percent": 10}})), "MBR207")
    assert finding.message == (
        "the plan caps after-tax contributions at 10% of pay: at most $35,000 a year at the 2025 pay limit of "
        "$350,000, whatever the §415(c) room"
    )
    assert finding.severity == "info"
    assert (finding.line, finding.column) == (13, 5)  # max_percent, added after separate_account


def test_mbr207_fractional_percent():
    # 2.5% x 2026 pay cap 360,000 = 9,000.
    finding = only(check(overlay(plan={"year": 2026}, contributions={"after_tax": {"max_percent": 2.5}})), "MBR207")
    assert "at 2.5% of pay: at most $9,000 a year at the 2026 pay limit of $360,000" in finding.message


def test_mbr207_quiet_without_limits():
    result = check(overlay(plan={"year": 2030}, contributions={"after_tax": {"max_percent": 10}}))
    assert "MBR207" not in rule_ids(result)


# --- MBR301 -------------------------------------------------------------------------------


@pytest.mark.parametrize("year", [2018, 2027, 2031])
def test_mbr301_year_without_published_limits(year):
    plan = overlay(plan={"year": year}, participants=[ONE_PARTICIPANT])
    result = check(plan)
    finding = only(result, "MBR301")
    assert finding.message == (
        f"megaroth does not carry IRS limits for plan year {year} (it has 2019, 2020, 2021, 2022, 2023, 2024, 2025, "
        "2026); give that year's figures and their IRS Notice in a limits file with --limits FILE; the after-tax room "
        "and the rules that need dollar limits are not evaluated"
    )
    assert (finding.line, finding.column) == (4, 3)
    assert result.verdict == "undetermined"
    # No participant is computed and no participant rule fires.
    assert result.participants == ()
    assert not {"MBR302", "MBR303", "MBR305", "MBR403"} & set(rule_ids(result))


@pytest.mark.parametrize("year", [2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026])
def test_mbr301_quiet_for_every_year_in_the_table(year):
    assert "MBR301" not in rule_ids(check(overlay(plan={"year": year})))


# --- MBR302 / MBR303 / MBR305 ------------------------------------------------------------


def _with(*participants: dict, **sections) -> dict:
    return overlay(participants=list(participants), **sections)


def test_mbr302_excess_deferral_message():
    # 2025, age 40: room 23,500; 25,000 deferred is 1,500 over.
    result = check(_with({"name": "over", "salary": 150000, "age": 40, "deferral": 25000}))
    finding = only(result, "MBR302")
    assert finding.message == (
        "participant over: deferral of $25,000 is $1,500 over the 2025 room of $23,500 (§402(g) less other plans' "
        "deferrals, plus any catch-up the participant may make)"
    )
    assert finding.pointer == "/participants/0/deferral"
    assert (finding.line, finding.column) == (31, 3)
    assert (finding.scope, finding.participant_index, finding.participant) == ("participant", 0, "over")
    # A scenario's error fails the run but does not decide the plan: the plan itself is eligible.
    assert result.verdict == "eligible"
    assert (result.scenarios, result.scenarios_with_errors()) == (1, 1)


def test_mbr302_counts_other_plans_deferrals():
    # 2025: §402(g) 23,500 - 15,000 at a former employer = 8,500 left; 12,000 deferred is 3,500 over.
    person = {"name": "rejoined", "salary": 120000, "age": 33, "deferral": 12000, "other_plan_deferrals": 15000}
    assert "is $3,500 over the 2025 room of $8,500" in only(check(_with(person)), "MBR302").message


@pytest.mark.parametrize(
    ("age", "deferral", "excess"),
    [
        (50, 31000, 0),  # 23,500 + 7,500 catch-up = 31,000
        (50, 31001, 1),
        (60, 34750, 0),  # 23,500 + 11,250 (ages 60-63, replaces the 7,500) = 34,750
        (63, 34751, 1),
        (64, 31001, 1),  # back to the 7,500 catch-up at 64
        (49, 23501, 1),
    ],
)
def test_mbr302_catch_up_boundaries_2025(age, deferral, excess):
    result = check(_with({"name": "p", "salary": 200000, "age": age, "deferral": deferral}))
    if excess:
        assert f"is ${excess:,} over the 2025 room" in only(result, "MBR302").message
    else:
        assert "MBR302" not in rule_ids(result)


def test_mbr302_2026_high_earner_in_a_plan_without_roth_loses_the_catch_up():
    # 2026, prior-year wages (salary) 200,000 > 150,000 and no Roth program: no catch-up,
    # so the room is the §402(g) 24,500 alone; 30,000 deferred is 5,500 over.
    plan = _with({"name": "older", "salary": 200000, "age": 55, "deferral": 30000}, plan={"year": 2026}, contributions={"roth": False})
    assert "deferral of $30,000 is $5,500 over the 2026 room of $24,500" in only(check(plan), "MBR302").message


def test_mbr302_2026_threshold_is_inclusive_and_only_self_employed_owners_are_exempt():
    # Wages of exactly 150,000 do not exceed the threshold: 24,500 + 8,000 = 32,500 of room.
    at_threshold = _with({"name": "p", "salary": 150000, "age": 55, "deferral": 32500}, plan={"year": 2026}, contributions={"roth": False})
    assert "MBR302" not in rule_ids(check(at_threshold))
    # A sole proprietor (net earnings from self-employment, no FICA wages) is outside §414(v)(7).
    sole_proprietor = _with(
        {"name": "owner", "net_se_earnings": 100000, "age": 55, "deferral": 32500},
        plan={"year": 2026, "document": "solo_custom"},
        contributions={"roth": False},
    )
    assert "MBR302" not in rule_ids(check(sole_proprietor))
    # A corporation's owner-employee is paid W-2 wages: 200,000 > 150,000 and no Roth program, so no
    # catch-up, and 32,500 is 8,000 over the 24,500 §402(g) limit.
    corporation_owner = _with(
        {"name": "owner", "salary": 200000, "age": 55, "deferral": 32500},
        plan={"year": 2026, "document": "solo_custom"},
        contributions={"roth": False},
    )
    assert only(check(corporation_owner), "MBR302").message == (
        "participant owner: deferral of $32,500 is $8,000 over the 2026 room of $24,500 (§402(g) less other plans' "
        "deferrals, plus any catch-up the participant may make)"
    )


def test_mbr303_seed_room_and_per_pay_period():
    # 2025: 70,000 - 23,500 - 10,000 = 36,500; 36,500 // 26 = 1,403 (26 x 1,403 = 36,478).
    result = check(_with(ONE_PARTICIPANT))
    finding = only(result, "MBR303")
    assert finding.message == "participant example-200k: after-tax room $36,500 for 2025, $1,403 per pay period over 26 pay periods"
    assert finding.pointer == "/participants/0"
    assert (finding.line, finding.column) == (28, 3)
    assert finding.severity == "info"
    assert result.verdict == "eligible"


def test_mbr303_per_pay_period_uses_the_participants_pay_periods():
    # 36,500 // 24 = 1,520 (24 x 1,520 = 36,480); // 52 = 701; // 12 = 3,041.
    for periods, each in ((24, 1520), (52, 701), (12, 3041)):
        person = dict(ONE_PARTICIPANT, pay_periods=periods)
        message = only(check(_with(person)), "MBR303").message
        assert message.endswith(f"${each:,} per pay period over {periods} pay periods")


def test_mbr303_mid_year_hire_spreads_the_room_over_the_paychecks_paid():
    # 2025, a hire on October 1 at a 60,000 rate: 7 of 26 paychecks. §415(c)(3) compensation is the pay actually
    # received, 60,000 × 7 / 26 = 16,153.846..., 16,153.84 rounded down to the cent, and §415(c) is 100% of it
    # (§415(c)(1)(B)). Deferral 3,000; the match, 100% of up to 5% of pay: 5% × 16,153.84 = 807.692, 807.70
    # rounded up. 16,153.84 − 3,000 − 807.70 = 12,346.14, rounded down: 12,346; over the 7 paychecks, 1,763 each.
    person = {"name": "october-hire", "salary": 60000, "age": 30, "deferral": 3000, "paychecks_paid": 7}
    result = check(_with(person))
    assert only(result, "MBR303").message == (
        "participant october-hire: after-tax room $12,346 for 2025, $1,763 per pay period over 7 pay periods"
    )
    (hire,) = result.participants
    assert (hire.headroom.compensation_cents, hire.headroom.match_cents) == (1_615_384, 80_770)


def test_mbr303_not_without_after_tax():
    result = check(_with(ONE_PARTICIPANT, contributions={"after_tax": {"allowed": False}}))
    assert "MBR303" not in rule_ids(result)
    assert "MBR305" not in rule_ids(result)


def test_mbr305_no_room_for_a_low_earner_deferring_everything():
    # 2025, pay 24,000: §415(c) is 100% of pay, 24,000 (§415(c)(1)(B)).  Match 5% x 24,000 = 1,200, so the
    # largest lawful deferral is 24,000 - 1,200 = 22,800 (below §402(g)'s 23,500; age 40, no catch-up).
    # 24,000 - 22,800 - 1,200 = 0: no room, and pay (not the $70,000 dollar limit) is what binds.
    person = {"name": "part-time", "salary": 24000, "age": 40, "deferral": "max"}
    result = check(_with(person))
    finding = only(result, "MBR305")
    assert finding.message == (
        "participant part-time: no after-tax room in 2025: deferrals of $22,800 and $1,200 of employer contributions "
        "use all of the participant's pay of $24,000, the 100%-of-pay limit on annual additions (§415(c)(1)(B)), "
        "below the §415(c) dollar limit"
    )
    assert "MBR303" not in rule_ids(result)
    assert result.verdict == "eligible"  # a scenario's warning is not a caveat on the plan


def test_mbr305_names_a_zero_percent_plan_cap():
    # The seed participant has $36,500 of §415(c) room, but the plan caps after-tax at 0% of pay.
    plan = _with({"name": "seed", "salary": 200000, "age": 35, "deferral": "max"})
    plan["contributions"]["after_tax"]["max_percent"] = 0
    finding = only(check(plan), "MBR305")
    assert finding.message == (
        "participant seed: no after-tax room in 2025: the plan caps after-tax contributions at 0% of pay"
    )


def test_mbr305_and_mbr303_split_at_one_dollar():
    # Pay 25,000: 25,000 - 23,500 - 1,250 = 250 of room, so MBR303, not MBR305.
    result = check(_with({"name": "p", "salary": 25000, "age": 40, "deferral": "max"}))
    assert "after-tax room $250 for 2025, $9 per pay period" in only(result, "MBR303").message
    assert "MBR305" not in rule_ids(result)


# --- MBR401 / MBR402 / MBR403 ------------------------------------------------------------


def test_mbr401_codes_and_boxes():
    # 1099-R instructions: direct rollovers and in-plan Roth rollovers are code G; the split's
    # traditional-IRA leg is a nontaxable direct rollover (Box 2a 0); a 60-day rollover is code 1 or 7.
    assert only(check(overlay()), "MBR401").message == (
        "each in-plan conversion and direct rollover is reported on Form 1099-R with code G, the after-tax basis in "
        "Box 5; Box 2a is the taxable earnings for an in-plan conversion and 0 for the traditional-IRA leg of a "
        "Notice 2014-54 split; a distribution paid out and rolled over within 60 days is coded 1 or 7, not G; for a "
        "rollover to a Roth IRA, reconcile Form 8606 with a tax professional, as sources disagree on the line"
    )


def test_mbr402_designated_roth_account_is_pro_rata_and_keeps_the_earlier_clock():
    # §72(e)(8) for a designated Roth account (no §408A(d)(4) ordering); §402A(d)(2)(B) for the rollover clock.
    assert only(check(overlay()), "MBR402").message == (
        "five-year clocks: each conversion's 10% penalty clock covers only its taxable part (the converted "
        "earnings), not the after-tax basis; a designated Roth account has its own per-plan clock, a direct "
        "rollover to another plan's designated Roth account keeps the earlier clock, and time in the plan does not "
        "carry over to a Roth IRA; a non-qualified distribution from a designated Roth account is pro rata between "
        "basis and earnings, not basis first as from a Roth IRA"
    )


def test_mbr401_mbr402_only_when_after_tax_has_a_route():
    assert {"MBR401", "MBR402"} <= set(rule_ids(check(overlay())))
    no_route = overlay(conversion={"in_plan": {"available": False}})
    assert not {"MBR401", "MBR402"} & set(rule_ids(check(no_route)))
    no_after_tax = overlay(contributions={"after_tax": {"allowed": False}})
    assert not {"MBR401", "MBR402"} & set(rule_ids(check(no_after_tax)))


@pytest.mark.parametrize(
    ("state", "note"),
    [
        ("PA", "Pennsylvania taxes 401(k) deferrals on the way in"),
        ("NJ", "New Jersey excludes 401(k) deferrals from state income (unlike most of its other plan types); "
         "after-tax contributions are in NJ income when made"),
        ("CA", "California follows the federal Roth treatment"),
        ("TX", "TX has no state income tax on wages, so the state treatment of the conversion is moot"),
        ("WA", "WA has no state income tax on wages"),
    ],
)
def test_mbr403_state_notes(state, note):
    finding = only(check(_with(dict(ONE_PARTICIPANT, state=state))), "MBR403")
    assert finding.message.startswith(f"participant example-200k: {note}")
    assert finding.pointer == "/participants/0/state"
    assert (finding.line, finding.column) == (32, 3)


@pytest.mark.parametrize("state", ["OH", "NY", "IL"])
def test_mbr403_quiet_for_other_states(state):
    assert "MBR403" not in rule_ids(check(_with(dict(ONE_PARTICIPANT, state=state))))


def test_findings_are_sorted_by_line_then_rule():
    plan = _with(
        dict(ONE_PARTICIPANT, state="PA"),
        conversion={"in_plan": {"automatic": False, "frequency": "quarterly"}},
        testing={"acp": "failing"},
    )
    result = check(plan)
    keys = [(f.line, f.rule) for f in result.findings]
    assert keys == sorted(keys)
    assert rule_ids(result) == ["MBR104", "MBR105", "MBR401", "MBR402", "MBR205", "MBR303", "MBR403"]


def test_the_dumped_reference_plan_has_the_lines_these_tests_count():
    # The line numbers above count lines of this text; if the dump changes, this fails first.
    lines = dump(_with(dict(ONE_PARTICIPANT, state="PA"))).splitlines()
    assert lines[3] == "  year: 2025"
    assert lines[9] == "    allowed: true"
    assert lines[12] == "employer:"
    assert lines[16] == "      up_to: 5"
    assert lines[17] == "conversion:"
    assert lines[24] == "testing:"
    assert lines[27] == "- name: example-200k"
    assert lines[31] == "  state: PA"


# --- unknown answers: MBR106, MBR109, MBR110, MBR111, MBR112 -----------------------------------


def test_mbr106_after_tax_unknown_is_undetermined_with_the_question():
    result = check(overlay(contributions={"after_tax": {"allowed": "unknown"}}))
    finding = only(result, "MBR106")
    assert finding.message == (
        "whether the plan accepts after-tax (non-Roth) employee contributions is unknown, and the Mega Backdoor Roth "
        "rests on it: ask the plan administrator whether the plan accepts voluntary after-tax (non-Roth) employee "
        'contributions: an SPD that has the source calls it "voluntary", "traditional" or "regular" after-tax, '
        '"post-tax", "employee contributions", "nondeductible employee contributions" or "post-86 after-tax" (not '
        '"Roth after-tax", which is Roth deferrals), and one that has not usually never mentions it'
    )
    assert (finding.severity, finding.pointer) == ("error", "/contributions/after_tax/allowed")
    # Unknown is not no: MBR101 stays quiet, and so do the rules about an after-tax source that is known.
    assert rule_ids(result) == ["MBR106"]
    assert result.verdict == "undetermined"


def test_mbr109_absent_conversion_section_is_unknown_not_no_route():
    plan = overlay()
    del plan["conversion"]
    result = check(plan)
    finding = only(result, "MBR109")
    assert finding.message == (
        "whether after-tax money can reach Roth while the participant works is unknown (conversion.in_plan.available, "
        "conversion.in_service.available), and without a route there is no Mega Backdoor Roth: ask the plan "
        "administrator (1) whether after-tax money can be converted to Roth inside the plan: an SPD says \"in-plan "
        'Roth rollover", "in-plan Roth conversion", "Roth in-plan conversion", "in-plan Roth transfer" or "IRR" '
        '(check that it is not limited to amounts "otherwise distributable" at 59½ and does not exclude after-tax '
        "money); (2) whether after-tax money can be withdrawn while employed: an SPD says \"withdraw all or part of "
        'your after-tax account for any reason", "non-hardship" or "regular" withdrawal, often with a frequency such '
        'as "twice per calendar year" or "at any time"'
    )
    assert rule_ids(result) == ["MBR109"]  # not MBR102: nothing was said, so nothing is ruled out
    assert result.verdict == "undetermined"


@pytest.mark.parametrize(
    ("conversion", "roth", "unknowns"),
    [
        ({"in_plan": {"available": "unknown"}, "in_service": {"available": False}}, True, "conversion.in_plan.available"),
        ({"in_plan": {"available": False}, "in_service": {"available": "unknown"}}, True, "conversion.in_service.available"),
        # The in-plan route is known to exist in the plan's words, but it needs a Roth program (§402A(c)(4)(A)).
        ({"in_plan": {"available": True}, "in_service": {"available": False}}, "unknown", "contributions.roth"),
        ({"in_plan": {"available": False}}, True, "conversion.in_service.available"),  # in_service absent
    ],
)
def test_mbr109_names_exactly_the_unknown_answers_the_route_hangs_on(conversion, roth, unknowns):
    plan = overlay(contributions={"roth": roth})
    plan["conversion"] = conversion
    result = check(plan)
    assert f"is unknown ({unknowns}), and without a route" in only(result, "MBR109").message
    assert "MBR102" not in rule_ids(result)
    assert result.verdict == "undetermined"


@pytest.mark.parametrize(
    "conversion",
    [
        # One known route decides: the unknown other route does not.
        {"in_plan": {"available": True, "automatic": True, "frequency": "daily"}, "in_service": {"available": "unknown"}},
        {"in_plan": {"available": "unknown"}, "in_service": {"available": True, "split_earnings": True}},
    ],
)
def test_mbr109_quiet_when_a_route_is_known(conversion):
    plan = overlay()
    plan["conversion"] = conversion
    assert "MBR109" not in rule_ids(check(plan))


def test_mbr110_automatic_unknown_is_a_caveat_not_undetermined():
    result = check(overlay(conversion={"in_plan": {"automatic": "unknown", "frequency": "any_time"}}))
    finding = only(result, "MBR110")
    assert finding.message.startswith(
        "in-plan Roth conversion is available but whether it is automatic is unknown: ask the plan administrator "
        "whether after-tax money is converted by itself once elected"
    )
    assert (finding.severity, finding.pointer) == ("warning", "/conversion/in_plan/automatic")
    # MBR104 says "no automatic conversion", which is not known here.
    assert "MBR104" not in rule_ids(result)
    assert result.verdict == "eligible_with_caveats"


def test_mbr111_roth_unknown_with_another_route_is_a_caveat():
    result = check(
        overlay(contributions={"roth": "unknown"}, conversion={"in_service": {"available": True, "split_earnings": True}})
    )
    finding = only(result, "MBR111")
    assert finding.message.startswith(
        "contributions.roth is unknown: ask the plan administrator whether the plan takes designated Roth deferrals, "
        "without which an in-plan Roth rollover is not possible (§402A(c)(4)(A))"
    )
    assert "MBR109" not in rule_ids(result) and "MBR108" not in rule_ids(result) and "MBR206" not in rule_ids(result)
    assert result.verdict == "eligible_with_caveats"


def test_mbr111_roth_unknown_when_in_plan_is_the_only_route_is_undetermined():
    result = check(overlay(contributions={"roth": "unknown"}))
    assert {"MBR109", "MBR111"} <= set(rule_ids(result))
    assert result.verdict == "undetermined"


def test_split_earnings_and_separate_account_unknown_are_caveats_in_their_own_words():
    plan = overlay(
        contributions={"after_tax": {"separate_account": "unknown"}},
        conversion={"in_plan": {"available": False}, "in_service": {"available": True, "split_earnings": "unknown"}},
    )
    result = check(plan)
    assert "support for the Notice 2014-54 split is unknown:" in only(result, "MBR107").message
    assert "basis tracking (§72(d)) is unknown:" in only(result, "MBR203").message
    assert not {"MBR106", "MBR109", "MBR110", "MBR111"} & set(rule_ids(result))
    assert result.verdict == "eligible_with_caveats"


def test_mbr112_a_suspect_percent_computes_no_room():
    # The seed participant: with a 5% match the room is 70,000 - 23,500 - 10,000 = 36,500 (§415(c)(1)(A),
    # Notice 2024-80); with the match written as 0.05 it would be computed on a $100 match, so none is computed.
    result = check(
        _with({"name": "example-200k", "salary": 200000, "age": 35, "deferral": "max"}, employer={"match": {"tiers": [{"rate": 100, "up_to": 0.05}]}})
    )
    finding = only(result, "MBR112")
    assert finding.message == (
        "participant example-200k: the after-tax room was not computed, because employer.match.tiers[0].up_to is "
        "0.05, which looks like a fraction (MBR001)"
    )
    assert (finding.scope, finding.participant_index, finding.participant) == ("participant", 0, "example-200k")
    assert not {"MBR303", "MBR305"} & set(rule_ids(result))
    assert result.participants == ()
    assert result.verdict == "undetermined"  # MBR001


def test_mbr001_waived_computes_the_room_from_the_value_as_written():
    # A plan that really matches 100% of 0.05% of pay: 200,000 x 0.05% = 100 of match, so the room is
    # 70,000 - 23,500 - 100 = 46,400 (§415(c)(1)(A), 2025).
    plan = _with(
        {"name": "example-200k", "salary": 200000, "age": 35, "deferral": "max"},
        employer={"match": {"tiers": [{"rate": 100, "up_to": 0.05}]}},
        waivers=[{"rule": "MBR001", "reason": "The plan really matches a twentieth of one percent."}],
    )
    result = check(plan)
    assert rule_ids(result, waived=True) == ["MBR001"]
    assert "MBR112" not in rule_ids(result)
    assert [p.headroom.after_tax_room for p in result.participants] == [46400]


def test_mbr112_roth_unknown_only_where_it_changes_the_numbers():
    # 2026, Notice 2025-67: §415(c) 72,000, §402(g) 24,500, catch-up 8,000 (age 50+). A 55-year-old paid
    # 200,000 (over the $150,000 FICA line of §414(v)(7)) may make the catch-up only as Roth, so the plan's
    # Roth answer decides it. A 40-year-old has no catch-up: 72,000 - 24,500 - 5% x 200,000 = 37,500.
    plan = _with(
        {"name": "young", "salary": 200000, "age": 40, "deferral": "max"},
        {"name": "older", "salary": 200000, "age": 55, "deferral": "max"},
        plan={"year": 2026},
        contributions={"roth": "unknown"},
        conversion={"in_service": {"available": True, "split_earnings": True}},
    )
    result = check(plan)
    finding = only(result, "MBR112")
    assert finding.message == (
        "participant older: the after-tax room was not computed, because contributions.roth is unknown, and this "
        "participant's catch-up depends on it (from 2026 a higher earner's catch-ups must be Roth, §414(v)(7))"
    )
    assert [(p.name, p.headroom.after_tax_room) for p in result.participants] == [("young", 37500)]
    assert "MBR302" not in rule_ids(result)


def test_mbr304_explicit_deferral_above_100_percent_of_pay():
    # 2025, salary 20,000, deferral 20,000 (age 35, no catch-up), 100% match up to 5% = 1,000:
    # 20,000 + 1,000 = 21,000 of annual additions against 100% of pay, 20,000 (§415(c)(1)(B)): 1,000 over.
    result = check(_with({"name": "over-pay", "salary": 20000, "age": 35, "deferral": 20000}))
    finding = only(result, "MBR304")
    assert finding.message == (
        "participant over-pay: deferrals counted in §415(c) of $20,000 and $1,000 of employer contributions are "
        "$1,000 over the 2025 §415(c) limit, 100% of pay, $20,000 (§415(c)(1)(B)), before any after-tax money"
    )
    assert (finding.severity, finding.pointer, finding.scope) == ("error", "/participants/0/deferral", "participant")
    # The scenario is wrong, not the plan: its error keeps its severity (it fails the run) but not the verdict.
    assert result.verdict == "eligible"
    # deferral: max is the largest lawful deferral, 19,000: nothing over.
    assert "MBR304" not in rule_ids(check(_with({"name": "max", "salary": 20000, "age": 35, "deferral": "max"})))


def test_mbr306_take_home_pay_cannot_cover_the_room():
    # 2025, salary 40,000, deferral max, 100% match up to 5% (2,000): §415(c) = 40,000, so 23,500 + 14,500 =
    # 38,000 of employee money; FICA 7.65% × 40,000 = 3,060 (§3101(a), (b)(1)); 40,000 − 3,060 = 36,940,
    # 1,060 short.
    finding = only(check(_with({"name": "support-40k", "salary": 40000, "age": 35, "deferral": "max"})), "MBR306")
    assert finding.message == (
        "participant support-40k: filling the after-tax room means $38,000 of employee contributions from $40,000 "
        "of pay, before $3,060 of FICA: $1,060 more than pay after FICA can cover"
    )
    assert finding.severity == "warning"


def test_mbr307_salary_stands_in_for_prior_year_wages():
    # 2026, age 55, salary 200,000 in a Roth plan: §414(v)(7) looks at 2025 W-2 box 3 wages; without them
    # the salary stands in, over 150,000, so the catch-up must be Roth.
    person = {"name": "late-career", "salary": 200000, "age": 55, "deferral": "max"}
    finding = only(check(_with(person, plan={"year": 2026})), "MBR307")
    assert finding.message == (
        "participant late-career: the Roth catch-up rule looks at 2025 W-2 box 3 wages from this employer, which "
        "are not given, so the salary of $200,000 stands in for them: the catch-up must be made as Roth"
    )
    given = check(_with({**person, "prior_year_wages": 140000}, plan={"year": 2026}))
    assert "MBR307" not in rule_ids(given)
    # 2025 has no §414(v)(7) threshold: nothing to say.
    assert "MBR307" not in rule_ids(check(_with(person)))


def test_mbr308_spillover_is_after_tax_not_an_excess_deferral():
    # 2025, age 35, a 30,000 election in a spillover plan: 23,500 deferred (§402(g)), 6,500 continues as
    # after-tax (§401(a)(30) stops the deferral, the plan keeps the contribution); no MBR302.
    person = {"name": "over-elected", "salary": 200000, "age": 35, "deferral": 30000}
    result = check(_with(person, contributions={"after_tax": {"spillover": True}}))
    finding = only(result, "MBR308")
    assert finding.message == (
        "participant over-elected: $6,500 of the $30,000 deferral election is above the 2025 deferral room of "
        "$23,500 and continues as after-tax money (spillover), using that much of the after-tax room"
    )
    assert "MBR302" not in rule_ids(result)
    # 70,000 − 23,500 − 6,500 − 10,000 = 30,000 left to elect.
    assert only(result, "MBR303").message.startswith("participant over-elected: after-tax room $30,000 for 2025")
    # Without spillover the same election is a 6,500 excess deferral.
    assert "MBR302" in rule_ids(check(_with(person)))


def test_hce_after_tax_percent_applies_to_hces_only():
    # 2025, salary 200,000, deferral max, match 10,000: §415(c) room 36,500.  max_percent 15 caps everyone at
    # 30,000; hce_max_percent 5 caps an HCE at 10,000 (both on pay capped at §401(a)(17), here 200,000).
    caps = {"after_tax": {"max_percent": 15, "hce_max_percent": 5}}
    hce = check(_with({"name": "hce", "salary": 200000, "age": 35, "deferral": "max", "hce": True}, contributions=caps))
    other = check(_with({"name": "nhce", "salary": 200000, "age": 35, "deferral": "max", "hce": False}, contributions=caps))
    assert hce.participants[0].headroom.after_tax_room == 10000
    assert other.participants[0].headroom.after_tax_room == 30000


def test_sole_proprietor_through_a_plan_check():
    # 2025, net earnings 150,000, nonelective 25 read as the plan's rate on earned income: employer
    # 27,880.57, room 70,000 − 23,500 − 27,880.57 → 18,619 (worked in tests/money/test_headroom.py).
    plan = _with({"name": "owner", "net_se_earnings": 150000, "age": 45, "deferral": "max"}, plan={"document": "solo_custom"})
    plan["employer"] = {"nonelective": 25}  # the 25% formula alone, without the reference plan's match
    assert check(plan).participants[0].headroom.after_tax_room == 18619
    # With the reference plan's 100% match up to 5% as well (23,500 is above 5% of pay), earned income solves
    # C + 25% C + 5% C = 139,402.8375: C = 107,232.9519 → 107,232.95 (rounded down to the cent), nonelective
    # 26,808.2375 → 26,808.24 and match 5,361.6475 → 5,361.65 (rounded up);
    # 70,000 − 23,500 − 26,808.24 − 5,361.65 = 14,330.11 → 14,330.
    both = _with({"name": "owner", "net_se_earnings": 150000, "age": 45, "deferral": "max"}, plan={"document": "solo_custom"})
    both["employer"] = {"nonelective": 25, "match": {"tiers": [{"rate": 100, "up_to": 5}]}}
    year = check(both).participants[0].headroom
    assert (year.compensation_cents, year.nonelective_cents, year.match_cents) == (10723295, 2680824, 536165)
    assert year.after_tax_room == 14330
