"""Schema validation in an analyst's words: one MBR000 per problem, at the right line and column."""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator

from megaroth.engine.reading.resources import schemas_dir
from megaroth.engine.reading.validation import plan_schema, validate
from plan_overlay import base_plan, check, overlay


def problems(plan: str | dict) -> list[tuple[int, int, str, str]]:
    """(line, column, pointer, message) of each MBR000 finding."""
    result = check(plan)
    assert result.verdict == "invalid"
    assert {f.rule for f in result.findings} == {"MBR000"}
    return [(f.line, f.column, f.pointer, f.message) for f in result.findings]


def test_the_schemas_are_valid_json_schema_2020_12():
    for name in ("plan.schema.json", "rule.schema.json"):
        Draft202012Validator.check_schema(json.loads((schemas_dir() / name).read_text(encoding="utf-8")))


def _walk(schema, path=""):
    yield path, schema
    for key in ("properties", "$defs", "patternProperties"):
        for name, inner in schema.get(key, {}).items():
            yield from _walk(inner, f"{path}/{name}")
    if isinstance(schema.get("items"), dict):
        yield from _walk(schema["items"], f"{path}/items")


def test_every_plan_field_is_described_and_objects_reject_unknown_keys():
    for path, node in _walk(plan_schema()):
        if path:
            assert node.get("description"), f"{path} has no description"
        if node.get("type") == "object":
            assert node.get("additionalProperties") is False, f"{path} accepts unknown keys"


def test_the_reference_plan_is_valid():
    assert validate(base_plan()) == []


def test_unknown_key_names_the_key_that_was_meant():
    plan = overlay()
    del plan["contributions"]["after_tax"]["allowed"]
    plan["contributions"]["after_tax"]["alowed"] = True
    assert problems(plan) == [
        (9, 3, "/contributions/after_tax", "contributions.after_tax is missing the required key 'allowed'"),
        (12, 5, "/contributions/after_tax/alowed", "unknown key 'alowed' in contributions.after_tax; did you mean 'allowed'?"),
    ]


def test_unknown_key_far_from_any_lists_the_allowed_keys():
    plan = overlay()
    plan["plan"]["colour"] = "blue"
    assert problems(plan) == [
        (6, 3, "/plan/colour", "unknown key 'colour' in plan; allowed keys are document, name, provider, source, sponsor, year")
    ]


def test_every_missing_required_key_is_reported():
    # One finding per problem: a file with only the version lacks both 'plan' and 'contributions'.
    assert problems("megaroth: 1\n") == [
        (1, 1, "", "the plan is missing the required key 'contributions'"),
        (1, 1, "", "the plan is missing the required key 'plan'"),
    ]


@pytest.mark.parametrize(
    ("sections", "expected"),
    [
        (
            {"plan": {"year": "2025"}},
            (4, 9, "/plan/year", "plan.year must be a whole number, not '2025'; write 2025, without quotes, dollar signs or thousands separators"),
        ),
        ({"plan": {"year": 2025.5}}, (4, 9, "/plan/year", "plan.year must be a whole number, not 2025.5")),
        (
            {"plan": {"document": "solo"}},
            (5, 13, "/plan/document", "plan.document must be one of individually_designed | pre_approved | solo_prototype | solo_custom, not 'solo'"),
        ),
        ({"megaroth": 2}, (1, 11, "/megaroth", "megaroth must be 1, not 2")),
        (
            {"contributions": {"pretax": "no"}},
            (7, 11, "/contributions/pretax", "contributions.pretax must be true, false or unknown, not 'no'; write false (YAML 1.2 reads no/off/n as text)"),
        ),
        (
            {"employer": {"nonelective": "5%"}},
            (18, 16, "/employer/nonelective", "employer.nonelective must be a number, not '5%'; write 5 without the % sign (percentages are written as percent: 5 means 5%)"),
        ),
        (
            {"employer": {"nonelective": 150}},
            (18, 16, "/employer/nonelective", "employer.nonelective is a percent from 0 to 100 (5 means 5%), not 150"),
        ),
    ],
)
def test_wrong_values_point_at_the_value(sections, expected):
    assert problems(overlay(**sections)) == [expected]


def test_participant_problems_each_get_a_finding():
    person = {"name": "a", "salary": "$200,000", "age": 12, "deferral": "maximum", "state": "ca", "pay_periods": 25}
    assert problems(overlay(participants=[person])) == [
        (29, 11, "/participants/0/salary", "participants[0].salary must be a number, not '$200,000'; write 200000, without quotes, dollar signs or thousands separators"),
        (30, 8, "/participants/0/age", "participants[0].age must be at least 14, not 12"),
        (31, 13, "/participants/0/deferral", "participants[0].deferral must be max or a dollar amount, not 'maximum'"),
        (32, 10, "/participants/0/state", "participants[0].state must be a two-letter state code in capitals (CA, PA, ...), not 'ca'"),
        (33, 16, "/participants/0/pay_periods", "participants[0].pay_periods must be one of 12 | 24 | 26 | 27 | 52, not 25"),
    ]


def test_waiver_problems():
    waiver = {"rule": "X1", "reason": "  ", "expires": "2026-13-01"}
    assert problems(overlay(waivers=[waiver])) == [
        (28, 9, "/waivers/0/rule", "waiver 1's rule must be a rule id such as MBR104, not 'X1'"),
        (29, 11, "/waivers/0/reason", "waiver 1 must give a reason, not be blank"),
        (30, 12, "/waivers/0/expires", "waiver 1's expires must be a real date written YYYY-MM-DD, not '2026-13-01'"),
    ]


@pytest.mark.parametrize("reason", ["", "  ", "\t", "\u200b", " \u00ad\ufeff\u2060 "])
def test_a_blank_or_empty_reason_is_one_problem(reason: str):
    # An empty reason fails both minLength and the \S pattern: one problem, not two.
    assert problems(overlay(waivers=[{"rule": "MBR104", "reason": "ok"}, {"rule": "MBR205", "reason": reason}])) == [
        (31, 11, "/waivers/1/reason", "waiver 2 must give a reason, not be blank"),
    ]


def test_waivers_are_counted_from_one_in_every_message():
    waiver = {"rule": "MBR104", "reason": "ok", "color": "red"}
    assert [problem[3] for problem in problems(overlay(waivers=[waiver, {"reason": "x"}]))] == [
        "unknown key 'color' in waiver 1; allowed keys are expires, reason, rule",
        "waiver 2 is missing the required key 'rule'",
    ]


def test_waiver_expiry_must_be_a_calendar_date():
    # 2026-02-30 has the right shape; before the format check it made a waiver that never expired.
    assert problems(overlay(waivers=[{"rule": "MBR104", "reason": "ok", "expires": "2026-02-30"}])) == [
        (30, 12, "/waivers/0/expires", "waiver 1's expires must be a real date written YYYY-MM-DD, not '2026-02-30'"),
    ]


def test_a_list_is_not_a_plan():
    assert problems("- a\n- b\n") == [(1, 1, "", "this file is not a megaroth plan: YAML reads it as a list, not a mapping of keys (nothing of it is quoted)")]


def test_schema_only_check_runs_no_rule():
    from megaroth.engine.deciding.checker import check_bytes
    from plan_overlay import TODAY, dump

    result = check_bytes(dump(overlay(contributions={"after_tax": {"allowed": False}})).encode(), "p.yaml", TODAY, schema_only=True)
    assert result.findings == ()
    assert result.verdict == "valid"  # no rule ran: validate says nothing about eligibility


def test_a_deferral_written_as_a_percent_asks_for_dollars():
    # "write 5" would make the deferral $5: a deferral is dollars or max.
    person = {"name": "p", "salary": 100000, "age": 40, "deferral": "5%"}
    (found,) = problems(overlay(participants=[person]))
    assert found[2:] == (
        "/participants/0/deferral",
        "participants[0].deferral must be max or a dollar amount, not '5%'; convert the percent of pay to dollars",
    )


YES_NO_FIELDS = [
    ("contributions", "roth"),
    ("contributions", "after_tax", "allowed"),
    ("contributions", "after_tax", "separate_account"),
    ("conversion", "in_plan", "available"),
    ("conversion", "in_plan", "automatic"),
    ("conversion", "in_service", "available"),
    ("conversion", "in_service", "split_earnings"),
]


def _set(plan: dict, path: tuple, value) -> dict:
    node = plan
    for key in path[:-1]:
        node = node.setdefault(key, {})
    node[path[-1]] = value
    return plan


@pytest.mark.parametrize("path", YES_NO_FIELDS, ids=".".join)
def test_a_yes_no_feature_may_be_unknown(path):
    plan = _set(overlay(conversion={"in_service": {"available": True}}), path, "unknown")
    assert validate(plan) == []
    for answer in (True, False):
        assert validate(_set(plan, path, answer)) == []  # existing files stay valid


@pytest.mark.parametrize("value", ["Unknown", "maybe", 1, None])
def test_only_the_word_unknown_stands_for_an_answer_not_found(value):
    problems = validate(_set(overlay(), ("contributions", "roth"), value))
    shown = {"Unknown": "'Unknown'", "maybe": "'maybe'", 1: "1", None: "an empty value"}[value]
    assert [problem.message for problem in problems] == [f"contributions.roth must be true, false or unknown, not {shown}"]


def test_catch_up_stays_true_or_false_and_pretax_may_be_unknown():
    # catch_up has a default (true when absent), so a draft leaves it out rather than write unknown; pretax
    # is required, and a document silent on it gives unknown (added to format 1 for decode's drafts).
    problems = validate(overlay(contributions={"pretax": "unknown", "catch_up": "unknown"}))
    assert [problem.message for problem in problems] == [
        "contributions.catch_up must be true or false, not 'unknown'",
    ]


@pytest.mark.parametrize("name", ["", "   ", "\u200b\u200b", "\t\u3000"])
def test_a_plan_name_with_no_visible_character_is_blank(name: str):
    # A name of spaces (or zero-width spaces, or an ideographic space U+3000) names nothing in the report.
    assert problems(overlay(plan={"name": name})) == [(3, 9, "/plan/name", "plan.name must not be blank: it has no visible character")]


def test_a_participant_name_with_no_visible_character_is_blank():
    person = {"name": "  ", "salary": 200000, "age": 45, "deferral": "max"}
    assert problems(overlay(participants=[person])) == [
        (28, 9, "/participants/0/name", "participants[0].name must not be blank: it has no visible character"),
    ]


@pytest.mark.parametrize(
    ("sections", "expected"),
    [
        # JSON Schema patterns are ECMA-262: $ is the end of the text; Python's $ also matched before a final "\n".
        (
            {"waivers": [{"rule": "MBR205\n", "reason": "x"}]},
            (28, 9, "/waivers/0/rule", "waiver 1's rule must be a rule id such as MBR104, not 'MBR205\\n'"),
        ),
        (
            {"participants": [{"name": "a", "salary": 200000, "age": 45, "deferral": "max", "state": "CA\n"}]},
            (32, 10, "/participants/0/state", "participants[0].state must be a two-letter state code in capitals (CA, PA, ...), not 'CA\\n'"),
        ),
    ],
)
def test_a_pattern_must_match_the_whole_value(sections, expected):
    assert problems(overlay(**sections)) == [expected]


def test_more_paychecks_paid_than_the_year_has_are_refused():
    # 27 of 26 paychecks would make the pay received (salary × 27 / 26) more than the salary itself.
    person = {"name": "a", "salary": 60000, "age": 30, "deferral": "max", "paychecks_paid": 27}
    assert problems(overlay(participants=[person])) == [
        # line 32 is "  paychecks_paid: 27": the value starts at column 19
        (32, 19, "/participants/0/paychecks_paid", "participants[0].paychecks_paid is 27, more than the 26 pay periods of the year"),
    ]


@pytest.mark.parametrize(
    ("employer", "expected"),
    [
        # line 13 is "employer: true", the value at column 11; line 14 is "  match: 5", the value at column 10
        (True, (13, 11, "/employer", "employer must be a mapping of keys, not true")),
        ({"match": 5}, (14, 10, "/employer/match", "employer.match must be a mapping of keys, not 5")),
    ],
)
def test_an_employer_section_of_the_wrong_type_is_one_schema_problem(employer, expected):
    # The tiers rule beside the schema walks employer.match.tiers; a level of the wrong type is the schema's to say.
    assert problems(overlay(employer=employer)) == [expected]


def test_match_tiers_covering_more_than_all_of_pay_are_refused():
    # Each tier matches the next up_to% of pay: 100% of 100% and then 100% of the next 100% is 200% of pay,
    # which headroom --match refuses too (megaroth.engine.money.amounts.parse_tiers): one rule for both.
    tiers = [{"rate": 100, "up_to": 100}, {"rate": 100, "up_to": 100}]
    assert problems(overlay(employer={"match": {"tiers": tiers}})) == [
        (15, 5, "/employer/match/tiers", "employer.match.tiers: the match tiers cover 200% of pay (their up_to percents add up past 100%), and pay has only 100%"),
    ]


def test_match_tiers_covering_all_of_pay_are_allowed():
    tiers = [{"rate": 100, "up_to": 60}, {"rate": 50, "up_to": 40}]  # 60% + 40% = 100% of pay, no more
    assert check(overlay(employer={"match": {"tiers": tiers}})).verdict != "invalid"


def test_ecma_pattern_rewrites_only_a_bare_dollar():
    from megaroth.engine.reading.validation import ecma_pattern

    assert ecma_pattern("^[A-Z]{2}$").pattern == r"^[A-Z]{2}\Z"
    assert ecma_pattern(r"^a\$b$").pattern == r"^a\$b\Z"  # an escaped $ is a dollar sign
    assert ecma_pattern("^[$]$").pattern == r"^[$]\Z"  # so is one in a character class
    assert ecma_pattern("^[A-Z]{2}$").search("CA\n") is None
