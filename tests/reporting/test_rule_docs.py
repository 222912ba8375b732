"""Rule documentation: `megaroth rules ID` text, the listing, the JSON form (the README table: test_docs.py)."""

from __future__ import annotations

from megaroth.engine.deciding.catalog import catalog
from megaroth.engine.reporting.rule_docs import condition_text, explain, listing, rule_json


def test_explain_has_every_section_for_every_rule():
    for rule in catalog().values():
        text = explain(rule)
        assert text.startswith(f"{rule.id}: {rule.title} [{rule.severity}]\n")
        for heading in ("Why it matters", "Example that fires", "Example that passes", "Fix", "References"):
            assert f"\n{heading}" in text
        for citation in rule.citations:
            assert f"    - {citation}\n" in text


def test_engine_rules_show_their_condition():
    rule = catalog()["MBR105"]
    assert condition_text(rule) == (
        "Fires for the plan when the plan allows after-tax contributions, the plan has a way to move after-tax "
        "money to Roth, and the number of conversions a year on the plan's best route is less than 12."
    )
    assert explain(rule).split("\n")[2:7] == [
        "What it does",
        "    Fires for the plan when the plan allows after-tax contributions, the plan has a way",
        "    to move after-tax money to Roth, and the number of conversions a year on the plan's",
        "    best route is less than 12.",
        "",
    ]
    assert condition_text(catalog()["MBR000"]) == ""
    assert "Fires while the file is read and validated, before any rule runs." in explain(catalog()["MBR000"])


def test_listing_covers_the_catalog():
    assert listing().splitlines()[1] == "MBR001  error    Percent written as a fraction"
    assert [line.split()[0] for line in listing().splitlines()] == list(catalog())


def test_rule_json_round_trips_the_rule():
    rule = catalog()["MBR302"]
    data = rule_json(rule)
    assert data["id"] == "MBR302" and data["fact"] == "participant" and data["source"] == "engine"
    assert data["when"] == {"$and": [{"deferral_known": True}, {"$gt": {"deferral_excess": 0}}]}
    assert data["condition"] == (
        "Fires for each participant when the participant's deferral limit is known and the participant's deferrals "
        "over the §402(g) limit (dollars) is more than 0."
    )
    assert data["examples"]["fail"] == rule.example_fail


def test_explanations_wrap_between_words_never_inside_a_hyphenated_one():
    text = explain(catalog()["MBR108"])
    what = text.split("What it does\n", 1)[1].split("\n\n", 1)[0]
    assert what == (
        "    Fires for the plan when the plan allows after-tax contributions, the plan offers\n"
        "    in-plan Roth conversions, and the plan does not take Roth deferrals."
    )
