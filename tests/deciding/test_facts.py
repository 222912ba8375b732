"""Facts derived from a valid plan: what Python computes and the rules read."""

from __future__ import annotations

from datetime import date

import pytest

from megaroth.engine.deciding.facts import derive, percent_text
from plan_overlay import TODAY, overlay


def facts_of(plan: dict, today: date = TODAY) -> dict:
    """Derived facts keyed by fact id."""
    return {fact.fact_id: fact for fact in derive(plan, today).facts}


def plan_fact(plan: dict) -> dict:
    return facts_of(plan)["plan"].properties


def test_reference_plan_fact():
    props = plan_fact(overlay())
    assert props["year"] == 2025
    assert props["has_limits"] is True
    assert props["after_tax"] is True
    assert props["solo"] is False
    assert props["has_route"] is True
    assert props["best_route_per_year"] == 365
    assert props["best_route"] == "automatic in-plan conversion, daily"
    assert props["in_plan_automatic"] is True
    assert props["in_service_only"] is False
    assert props["acp"] == "passing"
    assert props["catch_up"] is True  # default when the plan does not say
    # The MBR204 reference participant: paid 350,000, deferring 23,500; match 5% = 17,500.
    assert (props["pay_cap"], props["deferral_402g"], props["limit_415c"]) == (350000, 23500, 70000)
    assert props["reference_employer"] == 17500
    assert props["reference_room"] == 70000 - 23500 - 17500
    assert props["limits_source"] == "IRS Notice 2024-80"
    assert props["known_years"] == "2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026"


def test_every_fact_value_is_a_plain_scalar():
    # The engine compares across types lexicographically; facts hold only bool, int and str.
    plan = overlay(
        employer={"nonelective": 2.5},
        participants=[{"name": "p", "salary": 100000.5, "age": 50, "deferral": 1000.25, "state": "PA"}],
        waivers=[{"rule": "MBR104", "reason": "r", "expires": "2026-01-01"}],
    )
    for fact in derive(plan, TODAY).facts:
        for name, value in fact.properties.items():
            if fact.kind == "percent" and name == "value":
                continue  # the percent as written; only reporters read it
            assert isinstance(value, (bool, int, str)), (fact.fact_id, name, value)


@pytest.mark.parametrize(
    ("conversion", "per_year", "route"),
    [
        ({"in_plan": {"available": True, "automatic": False}}, 365, "in-plan conversion on request"),
        ({"in_plan": {"available": True, "automatic": True, "frequency": "per_pay_period"}}, 26, "automatic in-plan conversion, per pay period"),
        ({"in_plan": {"available": True, "automatic": False, "frequency": "quarterly"}}, 4, "in-plan conversion on request, quarterly"),
        ({"in_plan": {"available": False}, "in_service": {"available": True}}, 365, "in-service withdrawals, no yearly limit"),
        ({"in_plan": {"available": False}, "in_service": {"available": True, "per_year": 2}}, 2, "in-service withdrawals, 2 a year"),
        ({"in_plan": {"available": False}, "in_service": {"available": False}}, 0, "no route"),
        (
            {"in_plan": {"available": True, "automatic": True, "frequency": "annually"}, "in_service": {"available": True, "per_year": 4}},
            4,
            "in-service withdrawals, 4 a year",
        ),
    ],
)
def test_best_route(conversion, per_year, route):
    plan = overlay()
    plan["conversion"] = conversion
    props = plan_fact(plan)
    assert (props["best_route_per_year"], props["best_route"]) == (per_year, route)
    assert props["has_route"] is (per_year > 0)


def test_no_conversion_section_means_nothing_is_known_about_a_route():
    plan = overlay()
    del plan["conversion"]
    props = plan_fact(plan)
    assert (props["has_route"], props["in_plan"], props["in_service"], props["best_route_gap"]) == (False, False, False, "indefinitely")
    # Silence is unknown, not no: MBR109 asks, MBR102 (known to have no route) stays quiet.
    assert (props["in_plan_state"], props["in_service_state"], props["route_state"]) == ("unknown", "unknown", "unknown")
    assert props["route_unknowns"] == "conversion.in_plan.available, conversion.in_service.available"


@pytest.mark.parametrize(
    ("roth", "available", "route"),
    [
        (True, True, "yes"),
        (False, True, "no"),  # §402A(c)(4)(A): no Roth program, no in-plan Roth rollover
        ("unknown", True, "unknown"),
        (True, "unknown", "unknown"),
        ("unknown", False, "no"),
        (False, "unknown", "no"),
    ],
)
def test_in_plan_conversion_is_a_route_only_with_a_roth_program(roth, available, route):
    plan = overlay(contributions={"roth": roth}, conversion={"in_plan": {"available": available}})
    props = plan_fact(plan)
    assert props["in_plan_route"] == route
    assert props["has_route"] is (route == "yes")  # the base plan has no in-service route
    assert props["route_state"] == route


@pytest.mark.parametrize(
    ("value", "state", "known_yes"),
    [(True, "yes", True), (False, "no", False), ("unknown", "unknown", False)],
)
def test_each_yes_no_feature_is_a_bool_and_an_answer(value, state, known_yes):
    props = plan_fact(overlay(contributions={"roth": value, "after_tax": {"allowed": value}}))
    assert (props["roth"], props["roth_state"]) == (known_yes, state)
    assert (props["after_tax"], props["after_tax_state"]) == (known_yes, state)


@pytest.mark.parametrize(
    ("wording", "source"),
    [
        ("after-tax contributions eligible for in-plan Roth conversion", "after tax contributions eligible for"),
        ("voluntary after-tax, rollover to a Roth IRA", "voluntary after tax rollover"),
        ("Roth after-tax", "roth after tax"),
        ("after-tax Roth 401(k)", "after tax roth 401 k"),
        ("Roth 401(k) contributions", "roth 401 k contributions"),
    ],
)
def test_wording_source_leaves_out_roth_as_a_destination(wording, source):
    props = plan_fact(overlay(contributions={"after_tax": {"wording": wording}}))
    assert props["wording_source"].split() == source.split()


@pytest.mark.parametrize(
    ("wording", "plain"),
    [
        ("Voluntary After-Tax Contributions", "voluntary after tax contributions"),
        ("after-tax (non-Roth) contributions", "after tax contributions"),
        ("NON ROTH after-tax", "after tax"),
        ("Roth 401(k)", "roth 401 k"),
        ("  post-86   employee  ", "post 86 employee"),
    ],
)
def test_wording_is_normalised_for_mbr201(wording, plain):
    # Only the words matter to the rule's pattern (.*roth.*), not the spaces left where 'non roth' was.
    assert plan_fact(overlay(contributions={"after_tax": {"wording": wording}}))["wording_plain"].split() == plain.split()


@pytest.mark.parametrize(("value", "state"), [(None, "is not stated"), (False, "is marked as not kept"), (True, "is marked as not kept")])
def test_separate_account_state(value, state):
    plan = overlay()
    if value is None:
        del plan["contributions"]["after_tax"]["separate_account"]
    else:
        plan["contributions"]["after_tax"]["separate_account"] = value
    props = plan_fact(plan)
    assert props["separate_account"] is (value is True)
    assert props["separate_account_state"] == state


def test_roth_catch_up_threshold_text():
    assert plan_fact(overlay(plan={"year": 2026}))["roth_catch_up_threshold"] == "$150,000 of 2025 FICA wages"
    assert plan_fact(overlay(plan={"year": 2025}))["roth_catch_up_threshold"] == (
        "the indexed threshold (not published for 2025 in the limits table)"
    )


def test_year_without_limits_has_no_dollar_facts_and_no_participants():
    plan = overlay(plan={"year": 2027}, participants=[{"name": "p", "salary": 1, "age": 30, "deferral": 0}])
    derived = derive(plan, TODAY)
    assert derived.limits is None
    assert derived.participants == []
    assert [fact.kind for fact in derived.facts] == ["plan", "percent", "percent"]
    props = derived.facts[0].properties
    assert props["has_limits"] is False
    assert "reference_room" not in props and "pay_cap" not in props


def test_percent_facts_point_at_each_value():
    plan = overlay(
        contributions={"after_tax": {"max_percent": 0.1}},
        employer={"match": {"tiers": [{"rate": 100, "up_to": 3}, {"rate": 50, "up_to": 0.02}]}, "profit_sharing": 4},
    )
    percents = {f.properties["pointer"]: f.properties for f in derive(plan, TODAY).facts if f.kind == "percent"}
    assert sorted(percents) == [
        "/contributions/after_tax/max_percent",
        "/employer/match/tiers/0/rate",
        "/employer/match/tiers/0/up_to",
        "/employer/match/tiers/1/rate",
        "/employer/match/tiers/1/up_to",
        "/employer/profit_sharing",
    ]
    tier = percents["/employer/match/tiers/1/up_to"]
    assert (tier["field"], tier["shown"], tier["meant"], tier["fraction_of_one"]) == ("employer.match.tiers[1].up_to", "0.02", "2", True)
    cap = percents["/contributions/after_tax/max_percent"]
    assert (cap["shown"], cap["meant"], cap["fraction_of_one"]) == ("0.1", "10", True)
    assert percents["/employer/profit_sharing"]["fraction_of_one"] is False


# As a plan writes them: never rounded (0.9999999999 is not 1), never with an exponent (0.00001, not 1e-05).
@pytest.mark.parametrize(
    ("value", "text"),
    [(5, "5"), (5.0, "5"), (2.5, "2.5"), (0.05, "0.05"), (1e-05, "0.00001"), (0.9999999999, "0.9999999999"), (100, "100")],
)
def test_percent_text(value, text):
    assert percent_text(value) == text


@pytest.mark.parametrize(
    ("expires", "today", "expired"),
    [
        ("2026-06-30", date(2026, 6, 29), False),
        ("2026-06-30", date(2026, 6, 30), False),
        ("2026-06-30", date(2026, 7, 1), True),
        (None, date(2099, 1, 1), False),
    ],
)
def test_waiver_expiry(expires, today, expired):
    waiver = {"rule": "MBR104", "reason": "accepted"}
    if expires:
        waiver["expires"] = expires
    props = facts_of(overlay(waivers=[waiver]), today)["waiver:0"].properties
    assert props["expired"] is expired
    assert props["today"] == today.isoformat()
    assert props["expires"] == (expires or "")


def _participant(plan: dict, index: int = 0) -> dict:
    return facts_of(plan)[f"participant:{index}"].properties


def test_participant_fact_for_the_seed():
    plan = overlay(participants=[{"name": "example-200k", "salary": 200000, "age": 35, "deferral": "max", "state": "CA"}])
    props = _participant(plan)
    assert props["room"] == 36500
    assert props["per_pay_period"] == 1403
    assert props["employer_total"] == 10000
    assert props["deferral_total"] == 23500
    assert props["deferral_excess"] == 0
    assert props["limit_415c"] == 70000
    assert props["state_note"].startswith("California follows the federal Roth treatment")


@pytest.mark.parametrize(
    ("roth", "document", "pay", "catch_up"),
    [
        (False, "individually_designed", {"salary": 150001}, 0),  # 2026, wages over 150,000, no Roth: no catch-up
        (False, "individually_designed", {"salary": 150000}, 8000),  # at the threshold: allowed
        (True, "individually_designed", {"salary": 400000}, 8000),  # a Roth program: allowed (as Roth)
        # A corporation's owner-employee in a solo plan is paid W-2 wages: inside §414(v)(7), no catch-up.
        (False, "solo_custom", {"salary": 400000}, 0),
        # A sole proprietor has net earnings from self-employment, no FICA wages from the sponsor: outside it.
        (False, "solo_custom", {"net_se_earnings": 100000}, 8000),
        # Last year's W-2 box 3 wages (140,000) decide, not this year's 155,000 salary.
        (False, "individually_designed", {"salary": 155000, "prior_year_wages": 140000}, 8000),
    ],
)
def test_2026_catch_up_needs_roth_above_the_wage_threshold(roth, document, pay, catch_up):
    plan = overlay(
        plan={"year": 2026, "document": document},
        contributions={"roth": roth},
        participants=[{"name": "p", "age": 55, "deferral": "max", **pay}],
    )
    props = _participant(plan)
    assert props["catch_up"] == catch_up
    assert props["deferral_limit"] == 24500 + catch_up


def test_plan_without_catch_ups_gives_none():
    plan = overlay(contributions={"catch_up": False}, participants=[{"name": "p", "salary": 200000, "age": 61, "deferral": "max"}])
    props = _participant(plan)
    assert (props["catch_up"], props["deferral_total"]) == (0, 23500)


def test_pretax_unknown_is_a_plain_false_fact_and_checks_like_a_yes():
    # pretax: unknown (what a decoded draft writes when the documents are silent) is a bool fact, true only
    # for a known yes, so no rule compares a bool with the text "unknown" (durable-rules' mixed types).
    from plan_overlay import check

    unknown = overlay({"contributions": {"pretax": "unknown"}})
    assert plan_fact(unknown)["pretax"] is False
    assert plan_fact(overlay())["pretax"] is True
    # No verdict, finding or room depends on it: §402(g) and §415(c) count pre-tax and Roth deferrals alike.
    as_unknown, as_yes = check(unknown), check(overlay())
    assert as_unknown.verdict == as_yes.verdict == "eligible"
    assert [f.rule for f in as_unknown.findings] == [f.rule for f in as_yes.findings]
