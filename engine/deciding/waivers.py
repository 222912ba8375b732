"""Waivers: mark the findings a plan accepts, and say which waivers waived nothing.

Whether a waiver was used can only be known once the rules have run, so it
cannot be a property of the waiver facts the first evaluation sees.  Python
derives it here after that first pass (as it derives ``expired`` from the
date), as one ``waiver_use`` fact per waiver, and a second, small evaluation
of the same compiled ruleset lets MBR003 decide on those facts like every
other rule decides on its own.

A waiver is used when it is the first unexpired waiver of its rule and that
rule fired.  An expired waiver is MBR002's business, not MBR003's.  A waiver
of MBR003 itself is used when some other waiver is unused (it then waives
those MBR003 findings); deciding it that way, rather than after MBR003 runs,
keeps it from being the judge of its own use.
"""

from __future__ import annotations

from typing import Iterable

from megaroth.engine.deciding.findings import Finding
from megaroth.engine.deciding.rules_engine import Fact

UNUSED_WAIVER_RULE = "MBR003"


def active_waivers(facts: Iterable[Fact]) -> dict[str, Fact]:
    """Rule id -> the waiver that applies to it: the first one that has not expired."""
    active: dict[str, Fact] = {}
    for fact in facts:
        if fact.kind == "waiver" and not fact.properties["expired"]:
            active.setdefault(fact.properties["rule"], fact)
    return active


def apply_waivers(findings: Iterable[Finding], active: dict[str, Fact]) -> list[Finding]:
    """Mark each finding covered by an active waiver as waived, with the waiver's reason."""
    return [
        finding.waive(active[finding.rule].properties["reason"]) if finding.rule in active else finding
        for finding in findings
    ]


EXPIRED = "it has expired"


def _unused_because(fact: Fact, active: dict[str, Fact], otherwise: str) -> str:
    """Why a waiver waives nothing ("" when it does); ``otherwise`` when it is the one that applies."""
    rule = fact.properties["rule"]
    first = active.get(rule)
    if fact.properties["expired"]:
        return EXPIRED
    if first is not fact and first is not None:
        return f"waiver {first.properties['index'] + 1} already waives {rule}"
    return otherwise


def use_facts(facts: Iterable[Fact], fired: set[str], known_rules: Iterable[str]) -> list[Fact]:
    """One ``waiver_use`` fact per waiver: did it waive anything, and if not, why."""
    waivers = [fact for fact in facts if fact.kind == "waiver"]
    active = active_waivers(waivers)
    known = set(known_rules)
    reasons: dict[str, str] = {}  # fact id -> why it waived nothing ("" when used)
    for fact in waivers:
        rule = fact.properties["rule"]
        if rule != UNUSED_WAIVER_RULE:
            missing = f"there is no rule {rule}" if rule not in known else f"{rule} does not fire for this plan"
            reasons[fact.fact_id] = _unused_because(fact, active, "" if rule in fired else missing)
    others_unused = any(reason not in ("", EXPIRED) for reason in reasons.values())
    for fact in waivers:
        if fact.properties["rule"] == UNUSED_WAIVER_RULE:
            otherwise = "" if others_unused else "every other waiver waives a finding"
            reasons[fact.fact_id] = _unused_because(fact, active, otherwise)
    return [
        Fact(
            "waiver_use",
            f"waiver_use:{fact.properties['index']}",
            {
                "index": fact.properties["index"],
                "number": fact.properties["index"] + 1,
                "rule": fact.properties["rule"],
                "expired": fact.properties["expired"],
                "used": reasons[fact.fact_id] == "",
                "unused_because": reasons[fact.fact_id],
            },
        )
        for fact in waivers
    ]
