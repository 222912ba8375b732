"""The one module that touches durable-rules.

durable-rules 2.0.28 is unmaintained and its C core has bugs that ordinary
input reaches (see shared/engineering/durable-rules.md).  Everything that keeps
it safe lives here:

* the ruleset is compiled once per process, through the C API directly (no
  ``durable.engine.Host``: its timer threads run actions off the main thread);
* every condition is guarded by a marker property that only our facts carry,
  so the state fact each session asserts by itself never matches, and rules
  are spread over several markers (at most ``_RULES_PER_MARKER`` each) to stay
  far below the 64-conditions-per-node failure;
* a sentinel rule fires for every fact, because ``delete_state`` frees
  uninitialised memory when a fact matched nothing (seen here as a segfault for
  a document whose plan fact fired but whose percent facts did not);
* facts carry only the properties the conditions read (the C core allows 252),
  and numbers are written without exponents, which its JSON parser rejects
  silently (``1e+20`` asserts nothing and fires nothing);
* each document runs under its own session id, deleted afterwards, so memory
  stays flat and the 1,024-live-session cap is never reached;
* any error from the C core (its own, or the MemoryError of the session cap)
  becomes an ``EngineError``.
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass
from decimal import Decimal
from json.encoder import encode_basestring_ascii  # json.dumps of a str, without its per-call set-up
from typing import Any, Iterable

from megaroth.engine.deciding.catalog import Rule, catalog

_RULESET = "megaroth"
_SENTINEL = "zz_sentinel"
_SENTINEL_PROPERTY = "mbr_sentinel"
_RULES_PER_MARKER = 16


class EngineError(Exception):
    """durable-rules failed on a document: an internal error, never the user's fault."""


@dataclass(frozen=True)
class Fact:
    """One fact for the engine: a kind (plan, participant, ...), an id unique in its document, its properties."""

    kind: str
    fact_id: str
    properties: dict[str, Any]


def _referenced(condition: Any, into: set[str]) -> set[str]:
    """Every fact property a condition reads."""
    for key, value in condition.items():
        if key in ("$and", "$or"):
            for inner in value:
                _referenced(inner, into)
        elif key.startswith("$"):
            into.update(value)
        else:
            into.add(key)
    return into


def _encode(value: Any) -> str:
    """One JSON value the C core's parser accepts: no exponents, no NaN."""
    if isinstance(value, str):
        return encode_basestring_ascii(value)
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "null"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise EngineError(f"cannot send the non-finite number {value!r} to the rules engine")
        text = format(Decimal(repr(value)), "f")
        return text if "." in text else text + ".0"
    raise EngineError(f"cannot send a {type(value).__name__} to the rules engine")


def encode_facts(facts: Iterable[dict[str, Any]]) -> str:
    """A JSON array of flat facts, written for the C core's parser."""
    parts = []
    for fact in facts:
        parts.append("{" + ",".join(f"{encode_basestring_ascii(key)}:{_encode(value)}" for key, value in fact.items()) + "}")
    return "[" + ",".join(parts) + "]"


class CompiledRules:
    """The catalog's engine rules compiled into one durable-rules ruleset."""

    def __init__(self, rules: Iterable[Rule]):
        import durable_rules_engine  # the C core; imported only when rules run

        self._engine = durable_rules_engine
        definition: dict[str, Any] = {}
        self.markers: dict[str, list[str]] = {}  # fact kind -> its marker properties
        self.properties: dict[str, set[str]] = {}  # fact kind -> properties the rules read
        by_kind: dict[str, list[Rule]] = {}
        for rule in rules:
            if rule.source == "engine":
                by_kind.setdefault(rule.fact or "", []).append(rule)
        for kind, kind_rules in sorted(by_kind.items()):
            self.markers[kind] = []
            self.properties[kind] = set()
            for index, rule in enumerate(kind_rules):
                marker = f"mbr_{kind}_{index // _RULES_PER_MARKER}"
                if marker not in self.markers[kind]:
                    self.markers[kind].append(marker)
                _referenced(rule.when, self.properties[kind])
                definition[rule.id] = {"all": [{"m": {"$and": [{marker: 1}, rule.when]}}]}
        definition[_SENTINEL] = {"all": [{"m": {_SENTINEL_PROPERTY: 1}}]}
        # What each kind of fact sends, in a stable order: worked out once, not per fact.
        self._sent = {kind: tuple(sorted(names)) for kind, names in self.properties.items()}
        try:
            self._handle = durable_rules_engine.create_ruleset(_RULESET, json.dumps(definition))
        except durable_rules_engine.error as error:  # a broken catalog, caught by the tests
            raise EngineError(f"the rule catalog does not compile: {error}") from None
        self._next_session = 0

    def _engine_fact(self, fact: Fact, sid: str) -> dict[str, Any]:
        out: dict[str, Any] = {"sid": sid, "id": fact.fact_id}
        for name in self._sent.get(fact.kind, ()):
            if name in fact.properties:
                out[name] = fact.properties[name]
        for marker in self.markers.get(fact.kind, ()):
            out[marker] = 1
        out[_SENTINEL_PROPERTY] = 1
        return out

    def evaluate(self, facts: list[Fact]) -> list[tuple[str, str]]:
        """The (rule id, fact id) pairs that fire for one document's facts, sorted."""
        self._next_session += 1
        sid = str(self._next_session)
        if facts:
            payload = encode_facts(self._engine_fact(fact, sid) for fact in facts)
        else:  # a lone sentinel fact, so the session is created and deleted safely all the same
            payload = encode_facts([{"sid": sid, "id": "sentinel", _SENTINEL_PROPERTY: 1}])
        engine = self._engine
        fired: set[tuple[str, str]] = set()
        asserted = False
        try:
            result = engine.assert_facts(self._handle, payload)
            asserted = True
            if result[0] != 0:
                raise EngineError(f"the rules engine refused the facts (code {result[0]})")
            state = result[1]
            action = engine.start_action_for_state(self._handle, state)
            message = action[1] if action else None
            while message:
                for rule_id, match in json.loads(message).items():
                    # An $or rule fires once per matching alternative: the set de-duplicates.
                    fired.add((rule_id, match["m"]["id"]))
                message = engine.complete_and_start_action(self._handle, state)
        except (engine.error, MemoryError) as error:
            # The C core raises MemoryError, not its own error, when a ruleset holds
            # 1,024 live sessions: an internal error like any other, never a traceback.
            raise EngineError(f"the rules engine failed: {str(error) or type(error).__name__}") from None
        finally:
            if asserted:
                try:
                    engine.delete_state(self._handle, sid)
                except engine.error as error:
                    raise EngineError(f"the rules engine could not clean up: {error}") from None
        if not any(rule == _SENTINEL for rule, _ in fired):
            # The sentinel always matches; if it did not fire, the facts never arrived.
            raise EngineError("the rules engine accepted the facts but evaluated nothing")
        return sorted(pair for pair in fired if pair[0] != _SENTINEL)


@functools.lru_cache(maxsize=None)
def compiled() -> CompiledRules:
    """The process's one compiled ruleset (durable-rules keeps global state; build it once)."""
    return CompiledRules(catalog().values())
