"""Rule documentation: `megaroth rules ID` text, the listing, the JSON form (the README table: test_docs.py)."""

from __future__ import annotations

import pytest

from megaroth.engine.deciding.catalog import catalog
from megaroth.engine.reporting.rule_docs import condition_text, explain, implied_verdict, listing, rule_json, verdict_text


def test_explain_has_every_section_for_every_rule():
    for rule in catalog().values():
        text = explain(rule)
        assert text.startswith(f"{rule.id}: {rule.title} [{rule.severity}]\n")
        for heading in ("Verdict", "Why it matters", "Example that fires", "Example that passes", "Fix", "References"):
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


@pytest.mark.parametrize(
    ("rule_id", "verdict", "sentence"),
    [
        ("MBR000", "invalid", "An unwaived finding makes the plan's verdict invalid."),
        ("MBR101", "not_eligible", "An unwaived finding makes the plan's verdict not eligible, unless another finding makes it invalid."),
        # A feature that rules the strategy out decides even while another answer is unknown.
        ("MBR109", "undetermined", "An unwaived finding makes the plan's verdict undetermined, unless another finding makes it invalid or not eligible."),
        ("MBR001", "undetermined", "An unwaived finding makes the plan's verdict undetermined, unless another finding makes it invalid or not eligible."),
        ("MBR110", "eligible_with_caveats", "An unwaived finding makes the plan's verdict eligible with caveats, unless another finding makes it invalid, not eligible or undetermined."),
        ("MBR401", None, "A finding never changes the plan's verdict."),
        ("MBR302", None, "A finding is about one participant scenario: it keeps its severity (and fails the run at its level) but never changes the plan's verdict."),
    ],
)
def test_each_rule_says_what_it_does_to_the_verdict(rule_id, verdict, sentence):
    rule = catalog()[rule_id]
    assert implied_verdict(rule) == verdict
    assert verdict_text(rule) == sentence
    assert rule_json(rule)["verdict"] == verdict
