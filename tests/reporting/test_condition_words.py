"""A rule's condition in words (`megaroth rules ID`), from its `when:` data in rules/*.yaml."""

from __future__ import annotations

import pytest

from megaroth.engine.deciding.catalog import catalog
from megaroth.engine.reporting.condition_words import fires_when, words


@pytest.mark.parametrize(
    ("rule_id", "expected"),
    [
        ("MBR002", "Fires for each waiver when the waiver has expired."),
        (
            "MBR003",
            "Fires for each waiver when the waiver has not expired and the waiver waives no finding.",
        ),
        ("MBR101", "Fires for the plan when the plan does not allow after-tax contributions."),
        (
            "MBR103",
            "Fires for the plan when the plan allows after-tax contributions and the plan document is solo_prototype.",
        ),
        (
            "MBR201",
            "Fires for the plan when the plan allows after-tax contributions and the plan's after-tax wording "
            "(in lower case, 'non-Roth' left out, and phrases naming Roth as where the money goes, such as "
            "'in-plan Roth conversion' or 'to a Roth IRA', left out) has a word starting with 'roth'.",
        ),
        (
            "MBR109",
            "Fires for the plan when (the plan allows after-tax contributions or whether the plan allows after-tax "
            "contributions is unknown) and whether the plan has a way to move after-tax money to Roth is unknown "
            "(none is known, not all are ruled out).",
        ),
        (
            "MBR112",
            "Fires for each participant when the participant's after-tax room was not computed (a value it needs "
            "is unknown or suspect).",
        ),
        (
            "MBR205",
            "Fires for the plan when the plan allows after-tax contributions, the plan is not a one-participant "
            "(solo) plan, and the plan's ACP test result is not passing.",
        ),
        (
            "MBR206",
            "Fires for the plan when the plan year is at least 2026, the plan allows catch-up contributions, "
            "and the plan does not take Roth deferrals.",
        ),
        (
            "MBR305",
            "Fires for each participant when the plan allows after-tax contributions, the participant's after-tax "
            "room was computed, and the participant's after-tax room (dollars) is 0.",
        ),
        (
            "MBR403",
            "Fires for each participant when the participant's state is one of PA, NJ, CA, AK, FL, NV, NH, SD, "
            "TN, TX, WA, or WY.",
        ),
    ],
)
def test_real_rules_in_words(rule_id: str, expected: str):
    rule = catalog()[rule_id]
    assert fires_when(rule.fact, rule.when) == expected


def test_every_engine_rule_has_words_without_json():
    for rule in catalog().values():
        if rule.source != "engine":
            continue
        text = fires_when(rule.fact, rule.when)
        assert not set("{}[]$\"") & set(text), (rule.id, text)
        assert "_" not in text.replace("solo_prototype", ""), (rule.id, text)


def test_comparisons_and_nesting():
    assert words({"$lte": {"room": 0}}) == "the participant's after-tax room (dollars) is at most 0"
    assert words({"$gte": {"year": 2026}}) == "the plan year is at least 2026"
    assert words({"$lt": {"best_route_per_year": 4}}) == "the number of conversions a year on the plan's best route is less than 4"
    assert words({"$or": [{"roth": True}, {"$and": [{"solo": True}, {"in_plan": False}]}]}) == (
        "the plan takes Roth deferrals or (the plan is a one-participant (solo) plan and "
        "the plan does not offer in-plan Roth conversions)"
    )
    assert words({"$mt": {"wording_plain": "^a+$"}}) == (
        "the plan's after-tax wording (in lower case, 'non-Roth' left out) matches the regular expression '^a+$'"
    )


@pytest.mark.parametrize(
    ("condition", "message"),
    [
        ({"$nex": {"room": 0}}, "no words for the condition operator '$nex'"),
        ({"colour": "red"}, "no words for the fact property 'colour'"),
    ],
)
def test_unknown_operator_or_property_is_an_error(condition, message):
    with pytest.raises(ValueError) as caught:
        words(condition)
    assert str(caught.value) == message


def test_unknown_fact_kind_is_an_error():
    with pytest.raises(ValueError) as caught:
        fires_when("employer", {"roth": True})
    assert str(caught.value) == "no words for the fact kind 'employer'"
