"""The rule catalog as data: the public ids and severities, and every template fillable from its facts."""

from __future__ import annotations

import string

import pytest

from megaroth.engine.deciding import catalog as catalog_module
from megaroth.engine.deciding.catalog import CatalogError, catalog
from megaroth.engine.deciding.facts import derive
from megaroth.engine.deciding.waivers import use_facts
from plan_overlay import TODAY, overlay

# The public contract: id -> severity.
PUBLIC_IDS = {
    "MBR000": "error",
    "MBR001": "error",  # a suspect percent: issue 11 made it an error that computes no room
    "MBR002": "warning",
    "MBR003": "warning",
    "MBR101": "error",
    "MBR102": "error",
    "MBR103": "error",
    "MBR104": "warning",
    "MBR105": "warning",
    "MBR106": "error",
    "MBR107": "warning",
    "MBR108": "warning",
    "MBR109": "error",
    "MBR110": "warning",
    "MBR111": "warning",
    "MBR201": "error",
    "MBR202": "warning",
    "MBR203": "warning",
    "MBR204": "warning",
    "MBR205": "warning",
    "MBR206": "warning",
    "MBR207": "info",
    "MBR301": "error",
    "MBR302": "error",
    "MBR303": "info",
    "MBR304": "error",
    "MBR305": "warning",
    "MBR112": "warning",
    "MBR306": "warning",
    "MBR307": "info",
    "MBR308": "info",
    "MBR401": "info",
    "MBR402": "info",
    "MBR403": "info",
    # MBR5xx: reported by `megaroth decode` about a plan's documents (rules/500-documents.yaml).
    "MBR501": "warning",
    "MBR502": "warning",
    "MBR503": "warning",
    "MBR504": "warning",
    "MBR505": "info",
    "MBR506": "info",
    "MBR507": "error",
    # The census test's findings (megaroth acp, rules/600-census.yaml).
    "MBR601": "error",
    "MBR602": "warning",
    "MBR603": "info",
    "MBR604": "warning",
    "MBR605": "warning",
    "MBR606": "warning",
    "MBR607": "error",
    "MBR608": "error",
    "MBR609": "error",
    "MBR610": "warning",
}


def test_catalog_ids_and_severities_are_the_public_ones():
    assert {rule.id: rule.severity for rule in catalog().values()} == PUBLIC_IDS
    assert list(catalog()) == sorted(PUBLIC_IDS)


def test_only_mbr000_is_decided_outside_the_engine_decode_and_acp():
    assert [rule.id for rule in catalog().values() if rule.source == "validation"] == ["MBR000"]
    assert [rule.id for rule in catalog().values() if rule.source == "decode"] == [f"MBR50{n}" for n in range(1, 8)]
    # The census test decides MBR6xx, and only those (their examples: tests/acp/test_rule_examples.py).
    assert all(rule.id.startswith("MBR6") == (rule.source == "acp") for rule in catalog().values())


def _fields(template: str) -> set[str]:
    return {name.split(".")[0].split("[")[0] for _, name, _, _ in string.Formatter().parse(template) if name}


# A plan with every kind of fact, each with every property it can carry.
RICH = overlay(
    employer={"nonelective": 0.5},
    participants=[{"name": "p", "salary": 100000, "age": 55, "deferral": "max", "state": "PA"}],
    waivers=[{"rule": "MBR104", "reason": "r", "expires": "2020-01-01"}],
)


@pytest.mark.parametrize("rule", [r for r in catalog().values() if r.source == "engine"], ids=lambda r: r.id)
def test_message_and_pointer_templates_use_only_fact_properties(rule):
    derived = derive(RICH, TODAY).facts
    every = derived + use_facts(derived, set(), catalog())  # MBR003's second-pass facts too
    facts = [fact for fact in every if fact.kind == rule.fact]
    assert facts, f"no {rule.fact} fact to check {rule.id} against"
    properties = set(facts[0].properties)
    assert _fields(rule.message) <= properties
    assert _fields(rule.at) <= properties
    # And they format without error.
    rule.message.format(**facts[0].properties)
    rule.at.format(**facts[0].properties)


def test_every_rule_explains_itself():
    for rule in catalog().values():
        assert rule.title and rule.why and rule.fix and rule.citations
        assert rule.example_fail.strip() and rule.example_pass.strip()


RULE = """
  - id: {id}
    title: T
    severity: warning
    source: engine
    fact: plan
    at: /plan
    citations: [C]
    when: {when}
    message: m
    fix: f
    why: w
    examples: {{fail: "a: 1", pass: "a: 2"}}
"""


@pytest.fixture
def fresh_catalog():
    catalog.cache_clear()
    yield
    catalog.cache_clear()


def test_a_duplicate_rule_id_is_refused(tmp_path, monkeypatch, fresh_catalog):
    (tmp_path / "a.yaml").write_text("rules:" + RULE.format(id="MBR900", when="{x: 1}"), encoding="utf-8")
    (tmp_path / "b.yaml").write_text("rules:" + RULE.format(id="MBR900", when="{x: 2}"), encoding="utf-8")
    monkeypatch.setattr(catalog_module, "rules_dir", lambda: tmp_path)
    with pytest.raises(CatalogError, match="b.yaml: rule id MBR900 is defined twice"):
        catalog()


@pytest.mark.parametrize(
    "when",
    # 2^64 is wider than the engine's JSON parser reads correctly: the schema bounds constants at ±2^53.
    ["{$ne: {x: 1}}", "{$and: []}", "{x: [1, 2]}", "{x: 1, y: 2}", "{x: 18446744073709551616}", "{$gt: {x: -9007199254740993}}"],
)
def test_an_unknown_operator_or_malformed_condition_is_refused(tmp_path, monkeypatch, fresh_catalog, when):
    (tmp_path / "a.yaml").write_text("rules:" + RULE.format(id="MBR900", when=when), encoding="utf-8")
    monkeypatch.setattr(catalog_module, "rules_dir", lambda: tmp_path)
    with pytest.raises(CatalogError, match=r"^a\.yaml: rules/0/when"):
        catalog()


def test_an_engine_rule_without_a_condition_is_refused(tmp_path, monkeypatch, fresh_catalog):
    text = "rules:" + RULE.format(id="MBR900", when="{x: 1}").replace("    when: {x: 1}\n", "")
    (tmp_path / "a.yaml").write_text(text, encoding="utf-8")
    monkeypatch.setattr(catalog_module, "rules_dir", lambda: tmp_path)
    with pytest.raises(CatalogError, match="'when' is a required property"):
        catalog()
