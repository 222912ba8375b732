"""The reference evaluator itself, and operator by operator against durable-rules.

The differential over generated plans (test_differential.py) only exercises the
operators the catalog uses today; here a synthetic ruleset uses every operator
of the condition syntax, so a rule added tomorrow with $gte or $imt is already
held to the reference.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from megaroth.engine.deciding.catalog import Rule
from megaroth.engine.deciding.rules_engine import CompiledRules, Fact
from reference_eval import fired, lua_match, matches


@pytest.mark.parametrize(
    ("pattern", "text", "expected"),
    [
        (".*roth.*", "roth", True),
        (".*roth.*", "designated roth account", True),
        (".*roth.*", "after tax", False),
        (".*roth.*", "ROTH", False),
        ("roth", "roth ira", False),  # anchored at the end
        ("roth.*", "a roth", False),  # and at the start
        ("a.c", "abc", True),
        ("a.c", "ac", False),
        ("a%d+", "a12", True),
        ("a%d+", "a", False),
        ("[a-c]x", "bx", True),
        ("[^a-c]x", "bx", False),
        ("ab?c", "ac", True),
        ("ab?c", "abbc", False),
        ("a%.b", "a.b", True),
        ("a%.b", "axb", False),
        ("", "", True),
        ("", "a", False),
    ],
)
def test_lua_patterns(pattern, text, expected):
    assert lua_match(pattern, text) is expected


def test_conditions():
    fact = {"n": 5, "s": "abc", "b": True}
    assert matches({"n": 5}, fact)
    assert matches({"$and": [{"b": True}, {"$gte": {"n": 5}}]}, fact)
    assert not matches({"$and": [{"b": True}, {"$gt": {"n": 5}}]}, fact)
    assert matches({"$or": [{"b": False}, {"$lte": {"n": 5}}]}, fact)
    assert matches({"$neq": {"s": "abd"}}, fact)
    assert matches({"$mt": {"s": "a.*"}}, fact)
    assert matches({"$imt": {"s": "A.C"}}, fact)
    assert matches({"$ex": {"n": 1}}, fact) and not matches({"$nex": {"n": 1}}, fact)
    # A missing property fails every test but $nex, $neq included (as in durable).
    assert not matches({"$neq": {"x": 1}}, fact)
    assert not matches({"x": 1}, fact)
    assert matches({"$nex": {"x": 1}}, fact)


def test_mixed_types_are_refused():
    with pytest.raises(TypeError):
        matches({"$lt": {"s": 5}}, {"s": "4"})


def test_unknown_operator_is_refused():
    with pytest.raises(ValueError):
        matches({"$iall": {"s": "x"}}, {"s": "x"})


# --- every operator against the engine ------------------------------------------------------


def _rule(rule_id: str, when: dict) -> Rule:
    return Rule(
        id=rule_id,
        title="t",
        severity="info",
        source="engine",
        citations=("c",),
        message="m",
        fix="f",
        why="w",
        example_fail="a: 1",
        example_pass="a: 2",
        fact="plan",
        at="/",
        when=when,
    )


OPERATOR_RULES = [
    _rule("eq_n", {"n": 5}),
    _rule("eq_s", {"s": "abc"}),
    _rule("eq_b", {"b": True}),
    _rule("lt", {"$lt": {"n": 5}}),
    _rule("lte", {"$lte": {"n": 5}}),
    _rule("gt", {"$gt": {"n": 5}}),
    _rule("gte", {"$gte": {"n": 5}}),
    _rule("neq", {"$neq": {"n": 5}}),
    _rule("neq_s", {"$neq": {"s": "abc"}}),
    _rule("lt_s", {"$lt": {"s": "b"}}),
    _rule("gt_tiny", {"$gt": {"n": 0}}),
    _rule("big", {"$gte": {"n": 1000000000}}),
    _rule("and", {"$and": [{"b": True}, {"$lt": {"n": 10}}, {"$gt": {"n": 0}}]}),
    _rule("or", {"$or": [{"b": False}, {"s": "x"}, {"$gte": {"n": 7}}]}),
    _rule("nested", {"$or": [{"$and": [{"b": True}, {"s": "a"}]}, {"$and": [{"b": False}, {"$neq": {"s": "a"}}]}]}),
    _rule("mt_any", {"$mt": {"s": ".*ab.*"}}),
    _rule("mt_dot", {"$mt": {"s": "a.c"}}),
    _rule("mt_literal", {"$mt": {"s": "abc"}}),
    _rule("mt_prefix", {"$mt": {"s": "x.*"}}),
    _rule("imt", {"$imt": {"s": ".*ab.*"}}),
    _rule("ex", {"$ex": {"n": 1}}),
    _rule("nex", {"$nex": {"n": 1}}),
    _rule("ex_and", {"$and": [{"$ex": {"s": 1}}, {"$nex": {"b": 1}}]}),
]


@pytest.fixture(scope="module")
def operator_engine() -> CompiledRules:
    # A ruleset of its own (not the catalog's): one more create_ruleset for this module only.
    return CompiledRules(OPERATOR_RULES)


# Integers (in facts and in rule constants) stay far inside int64: the C core saturates larger ones,
# and nothing megaroth derives comes near (the schema bounds every number it reads; rule.schema.json
# allows only integer constants).
numbers = st.one_of(
    st.integers(min_value=-10, max_value=20),
    st.sampled_from([0.00001, -0.00001, 4.5, 5.0, 5.5, 1e20, 9.99e19, 999999999.5, 1000000000.0, 2**53]),
    st.floats(min_value=-100, max_value=100, allow_nan=False),
)
texts = st.text(alphabet="abcxABC.", max_size=6)


@st.composite
def operator_facts(draw) -> dict:
    fact: dict = {}
    if draw(st.booleans()):
        fact["n"] = draw(numbers)
    if draw(st.booleans()):
        fact["s"] = draw(texts)
    if draw(st.booleans()):
        fact["b"] = draw(st.booleans())
    return fact


@settings(max_examples=300, deadline=None)
@given(st.lists(operator_facts(), min_size=1, max_size=4))
def test_every_operator_agrees_with_durable(operator_engine, properties):
    facts = [Fact("plan", f"f{index}", props) for index, props in enumerate(properties)]
    assert operator_engine.evaluate(facts) == fired(OPERATOR_RULES, facts)
