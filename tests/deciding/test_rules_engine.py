"""engine/deciding/rules_engine.py: what must hold for durable-rules 2.0.28 to be safe here.

Each test is one requirement on the engine module (shared/engineering/durable-rules.md
has the bugs behind them): a document matching no rule does not crash; 10,000
documents in one process with flat memory and never the 1,024-session cap;
numbers such as 0.00001 and 1e20 reach the engine; the ruleset is built once
per process; any engine failure becomes a clear internal error naming the file.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tracemalloc

import durable_rules_engine
import pytest
from click.testing import CliRunner

from megaroth.cli import main
from megaroth.engine.deciding.catalog import catalog
from megaroth.engine.deciding.checker import InternalError, check_bytes
from megaroth.engine.deciding.facts import derive
from megaroth.engine.deciding.rules_engine import CompiledRules, EngineError, Fact, compiled, encode_facts
from plan_overlay import REPO, SAMPLES, TODAY, check, dump, overlay, read


def _rss() -> int:
    """This process's resident memory now, in bytes (not the peak: /proc, Linux)."""
    with open("/proc/self/statm", encoding="ascii") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _varied_documents() -> list[list[Fact]]:
    """Derived facts of every sample and every rule example: documents firing many rules, few, or none."""
    plans = [read(path.read_text(encoding="utf-8")) for path in sorted(SAMPLES.glob("*.yaml"))]
    for rule in catalog().values():
        if rule.source == "engine":
            plans += [overlay(rule.example_fail), overlay(rule.example_pass)]
    documents = [derive(plan, TODAY).facts for plan in plans]
    documents.append([Fact("waiver", "waiver:0", {"expired": False})])  # matches no rule at all
    return documents


# --- numbers ---------------------------------------------------------------------------------


def test_numbers_are_written_without_exponents():
    encoded = encode_facts([{"a": 0.00001, "b": 1e20, "c": -1e-07, "d": 5, "e": 5.0, "f": True, "g": None, "h": 'q"é'}])
    assert encoded == '[{"a":0.00001,"b":100000000000000000000.0,"c":-0.0000001,"d":5,"e":5.0,"f":true,"g":null,"h":"q\\"\\u00e9"}]'


@pytest.mark.parametrize("value", [float("nan"), float("inf"), [1], {"a": 1}])
def test_values_the_engine_cannot_take_are_refused(value):
    with pytest.raises(EngineError):
        encode_facts([{"a": value}])


def test_tiny_and_huge_numbers_reach_the_engine():
    # json.dumps would write 1e-05 and 1e+20, which the C parser drops without a word: then
    # MBR302 and MBR303 would stay silent here.
    fact = Fact(
        "participant",
        "participant:0",
        {"deferral_excess": 1e20, "deferral_known": True, "after_tax": True, "room_computed": True, "room": 0.00001},
    )
    assert compiled().evaluate([fact]) == [("MBR302", "participant:0"), ("MBR303", "participant:0")]
    zero = Fact("participant", "participant:0", {"deferral_excess": 0.0, "after_tax": True, "room_computed": True, "room": 0.0})
    assert compiled().evaluate([zero]) == [("MBR305", "participant:0")]
    negative = Fact("participant", "participant:0", {"deferral_excess": -0.00001, "after_tax": True, "room": -0.00001})
    assert compiled().evaluate([negative]) == []


# --- documents that match nothing ------------------------------------------------------------


def test_a_document_that_matches_no_rule_does_not_crash():
    engine = compiled()
    assert engine.evaluate([]) == []
    assert engine.evaluate([Fact("waiver", "waiver:0", {"expired": False, "rule": "MBR104"})]) == []
    assert engine.evaluate([Fact("percent", "percent:/x", {"fraction_of_one": False})]) == []
    assert engine.evaluate([Fact("unknown-kind", "x", {"a": 1})]) == []


def test_many_documents_that_match_nothing_in_a_fresh_process():
    # delete_state frees uninitialised memory when nothing matched; whether that crashes depends
    # on the heap.  A child process turns a segfault into a failed test instead of a dead run.
    script = (
        "from megaroth.engine.deciding.rules_engine import compiled, Fact\n"
        "engine = compiled()\n"
        "for i in range(3000):\n"
        "    assert engine.evaluate([Fact('waiver', 'waiver:0', {'expired': False})]) == []\n"
        "    assert engine.evaluate([Fact('percent', 'p', {'fraction_of_one': False})]) == []\n"
        "    assert engine.evaluate([]) == []\n"
        "print('ok')\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stdout, done.stderr) == (0, "ok\n", "")


def test_the_sentinel_never_reaches_the_findings():
    assert all(rule in catalog() for rule, _ in compiled().evaluate(derive(overlay(), TODAY).facts))


# --- 10,000 documents in one process ----------------------------------------------------------


def test_ten_thousand_documents_with_flat_memory():
    engine = compiled()
    documents = _varied_documents()
    for index in range(1000):  # warm up: allocator pools, caches
        engine.evaluate(documents[index % len(documents)])
    before = _rss()
    for index in range(10_000):
        engine.evaluate(documents[index % len(documents)])
    grown = _rss() - before
    # Sessions are deleted: 11,000 documents went through one ruleset, far past the 1,024 cap.
    # A leaked session costs kilobytes of C memory each; 10,000 of them would be tens of MB.
    assert grown < 8 * 1024 * 1024, f"RSS grew {grown:,} bytes over 10,000 documents"
    # And the Python side keeps nothing per document (tracemalloc slows evaluation, so fewer here).
    tracemalloc.start()
    try:
        before_py = tracemalloc.get_traced_memory()[0]
        for index in range(2000):
            engine.evaluate(documents[index % len(documents)])
        grown_py = tracemalloc.get_traced_memory()[0] - before_py
    finally:
        tracemalloc.stop()
    assert grown_py < 256 * 1024, f"Python heap grew {grown_py:,} bytes over 2,000 documents"


def test_more_documents_than_the_session_cap_through_the_whole_check():
    raws = [path.read_bytes() for path in sorted(SAMPLES.glob("*.yaml"))]
    for index in range(1100):
        result = check_bytes(raws[index % len(raws)], "plan.yaml", TODAY)
        assert result.verdict != "invalid"


def test_the_session_cap_is_an_engine_error_not_a_crash(monkeypatch):
    # With deletion disabled the C core runs out of session slots at the 1,025th document.  A
    # ruleset of its own, so the process's compiled() keeps its free slots.
    engine = CompiledRules(catalog().values())
    monkeypatch.setattr(durable_rules_engine, "delete_state", lambda handle, sid: None)
    document = derive(overlay(), TODAY).facts
    for _ in range(1024):
        engine.evaluate(document)
    with pytest.raises(EngineError, match="^the rules engine failed: MemoryError$"):
        engine.evaluate(document)


# --- built once ------------------------------------------------------------------------------


def test_the_ruleset_is_built_once_per_process(monkeypatch):
    calls = []
    real = durable_rules_engine.create_ruleset

    def counting(name, definition):
        calls.append(name)
        return real(name, definition)

    monkeypatch.setattr(durable_rules_engine, "create_ruleset", counting)
    compiled.cache_clear()
    try:
        for path in sorted(SAMPLES.glob("*.yaml")):
            check_bytes(path.read_bytes(), path.name, TODAY)
        check(overlay())
        assert compiled() is compiled()
        assert calls == ["megaroth"]
    finally:
        compiled.cache_clear()


def test_rules_are_spread_over_markers_and_facts_carry_only_what_rules_read():
    engine = compiled()
    plan_rules = [rule for rule in catalog().values() if rule.fact == "plan"]
    assert len(engine.markers["plan"]) == -(-len(plan_rules) // 16)  # at most 16 rules per marker
    fact = derive(overlay(), TODAY).facts[0]
    sent = engine._engine_fact(fact, "7")
    assert set(sent) == {"sid", "id", "mbr_sentinel"} | set(engine.markers["plan"]) | (engine.properties["plan"] & set(fact.properties))
    assert "limits_source" not in sent  # read by no condition, only by messages


def test_a_fact_with_hundreds_of_properties_is_cut_to_what_the_rules_read():
    # The C core takes at most 252 properties per fact.
    plan = derive(overlay(), TODAY).facts[0]
    padded = Fact(plan.kind, plan.fact_id, {**plan.properties, **{f"extra_{i}": i for i in range(300)}})
    assert compiled().evaluate([padded]) == compiled().evaluate([plan])


# --- engine errors ---------------------------------------------------------------------------


def _boom(*args):
    raise durable_rules_engine.error("boom")


def test_an_engine_error_becomes_an_internal_error_naming_the_file(monkeypatch):
    monkeypatch.setattr(durable_rules_engine, "assert_facts", _boom)
    with pytest.raises(InternalError) as caught:
        check_bytes(dump(overlay()).encode(), "plans/acme.yaml", TODAY)
    assert str(caught.value) == "plans/acme.yaml: internal error: the rules engine failed: boom"
    assert caught.value.path == "plans/acme.yaml"


def test_the_cli_exits_2_with_a_clear_message_on_an_engine_error(monkeypatch, at_repo):
    monkeypatch.setattr(durable_rules_engine, "assert_facts", _boom)
    result = CliRunner().invoke(main, ["check", "samples/bigtech-nightly-conversion.yaml"])
    assert result.exit_code == 2
    assert result.stderr == (
        "megaroth: samples/bigtech-nightly-conversion.yaml: internal error: the rules engine failed: boom "
        "(this is a bug in megaroth; please report it)\n"
    )
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output


def test_a_failure_after_asserting_still_deletes_the_session(monkeypatch):
    deleted = []
    real_delete = durable_rules_engine.delete_state
    monkeypatch.setattr(durable_rules_engine, "start_action_for_state", _boom)
    monkeypatch.setattr(durable_rules_engine, "delete_state", lambda handle, sid: (deleted.append(sid), real_delete(handle, sid)))
    with pytest.raises(EngineError, match="^the rules engine failed: boom$"):
        compiled().evaluate(derive(overlay(), TODAY).facts)
    assert len(deleted) == 1


def test_a_refused_assert_is_an_engine_error(monkeypatch):
    monkeypatch.setattr(durable_rules_engine, "assert_facts", lambda handle, payload: (302, 0))
    monkeypatch.setattr(durable_rules_engine, "delete_state", lambda handle, sid: None)
    with pytest.raises(EngineError, match=r"^the rules engine refused the facts \(code 302\)$"):
        compiled().evaluate(derive(overlay(), TODAY).facts)


def test_facts_that_fire_nothing_at_all_are_an_engine_error(monkeypatch):
    # The sentinel always fires; if no action comes back the facts never arrived.
    monkeypatch.setattr(durable_rules_engine, "start_action_for_state", lambda handle, state: None)
    with pytest.raises(EngineError, match="^the rules engine accepted the facts but evaluated nothing$"):
        compiled().evaluate(derive(overlay(), TODAY).facts)


def test_a_failed_cleanup_is_an_engine_error(monkeypatch):
    real_delete = durable_rules_engine.delete_state

    def delete_then_fail(handle, sid):
        real_delete(handle, sid)
        raise durable_rules_engine.error("cannot delete")

    monkeypatch.setattr(durable_rules_engine, "delete_state", delete_then_fail)
    with pytest.raises(EngineError, match="^the rules engine could not clean up: cannot delete$"):
        compiled().evaluate(derive(overlay(), TODAY).facts)
