"""Differential test: durable-rules and the reference evaluator agree on every finding of generated plans.

Both see the same derived facts (and, for MBR003, the same waiver-use facts of the second pass); the engine through engine/deciding/rules_engine.py (markers,
sentinel, session per document, number encoding), the reference straight from
the catalog's conditions.  Any disagreement is a bug in one of them.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from megaroth.engine.deciding.catalog import catalog
from megaroth.engine.deciding.checker import check_bytes
from megaroth.engine.deciding.facts import derive
from megaroth.engine.deciding.rules_engine import compiled
from megaroth.engine.reading.validation import validate
from megaroth.engine.deciding.waivers import use_facts
from plan_overlay import TODAY, dump
from reference_eval import fired
from strategies import plans


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans())
def test_engine_and_reference_agree_on_every_rule(plan):
    assert validate(plan) == [], "the strategy must generate valid plans"
    facts = derive(plan, TODAY).facts
    engine_pairs = compiled().evaluate(facts)
    assert engine_pairs == fired(catalog().values(), facts)
    # The second pass (MBR003) over whether each waiver was used, as the checker runs it.
    uses = use_facts(facts, {rule for rule, _ in engine_pairs}, catalog())
    second = compiled().evaluate(uses)
    assert second == fired(catalog().values(), uses)
    # Every finding the engine reports can be written: its message fills from its fact.
    by_id = {fact.fact_id: fact for fact in facts + uses}
    for rule_id, fact_id in engine_pairs + second:
        rule = catalog()[rule_id]
        rule.message.format(**by_id[fact_id].properties)
        rule.at.format(**by_id[fact_id].properties)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans())
def test_generated_plans_check_end_to_end_and_deterministically(plan):
    raw = dump(plan).encode("utf-8")
    first = check_bytes(raw, "generated.yaml", TODAY)
    assert first.verdict != "invalid"
    assert check_bytes(raw, "generated.yaml", TODAY) == first


ENGINE_RULES = [rule.id for rule in catalog().values() if rule.source == "engine"]


def test_the_generator_reaches_every_rule():
    # The differential proves nothing about a rule the generated plans never fire.  Derandomized,
    # so the same 500 plans every run.
    seen: set[str] = set()

    @settings(max_examples=500, derandomize=True, database=None, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(plans())
    def collect(plan):
        facts = derive(plan, TODAY).facts
        first = compiled().evaluate(facts)
        second = compiled().evaluate(use_facts(facts, {rule for rule, _ in first}, catalog()))
        seen.update(rule for rule, _ in first + second)

    collect()
    assert sorted(set(ENGINE_RULES) - seen) == []
