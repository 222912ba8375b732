"""A rule's durable-rules condition (``when:`` in rules/*.yaml) in words a person reads.

`megaroth rules ID` says when a rule fires without showing the engine's JSON:
every fact property a condition reads has words here, and every operator the
catalog uses ($and, $or, $lt, $lte, $gt, $gte, $neq, $mt and plain equality)
has a phrase. A property or operator without words is a ValueError, so a new
rule cannot ship unexplained (tests/reporting/test_condition_words.py reads
every rule).
"""

from __future__ import annotations

import re
from typing import Any

# A true/false property: the words when it is true, and when it is false.
YES_NO: dict[str, tuple[str, str]] = {
    "after_tax": ("the plan allows after-tax contributions", "the plan does not allow after-tax contributions"),
    "catch_up": ("the plan allows catch-up contributions", "the plan does not allow catch-up contributions"),
    "deferral_known": (
        "the participant's deferral limit is known",
        "the participant's deferral limit hangs on an unknown answer",
    ),
    "expired": ("the waiver has expired", "the waiver has not expired"),
    "fraction_of_one": (
        "the value is between 0 and 1 (it reads as a fraction of one percent)",
        "the value is not between 0 and 1",
    ),
    "has_limits": ("megaroth has the IRS limits for the plan year", "megaroth has no IRS limits for the plan year"),
    "has_plan_cap": (
        "the plan caps after-tax contributions at a percent of pay",
        "the plan does not cap after-tax contributions",
    ),
    "has_route": (
        "the plan has a way to move after-tax money to Roth",
        "the plan has no way to move after-tax money to Roth",
    ),
    "in_plan": ("the plan offers in-plan Roth conversions", "the plan does not offer in-plan Roth conversions"),
    "in_plan_automatic": (
        "in-plan Roth conversions happen automatically",
        "in-plan Roth conversions do not happen automatically",
    ),
    "in_service_only": (
        "an in-service withdrawal is the only way out (no in-plan conversion)",
        "an in-service withdrawal is not the only way out",
    ),
    "roth": ("the plan takes Roth deferrals", "the plan does not take Roth deferrals"),
    "room_computed": (
        "the participant's after-tax room was computed",
        "the participant's after-tax room was not computed (a value it needs is unknown or suspect)",
    ),
    "separate_account": (
        "the plan says it keeps after-tax money in a separate account",
        "the plan does not say it keeps after-tax money in a separate account",
    ),
    "solo": ("the plan is a one-participant (solo) plan", "the plan is not a one-participant (solo) plan"),
    "split_earnings": (
        "an in-service withdrawal can take the after-tax money without its earnings",
        "an in-service withdrawal cannot take the after-tax money without its earnings",
    ),
    "used": ("the waiver waives a finding", "the waiver waives no finding"),
    "wages_stand_in": (
        "the salary stands in for last year's wages in the Roth catch-up test",
        "last year's wages are given, or the Roth catch-up test does not apply",
    ),
}

# An answer to a yes/no feature (yes | no | unknown): the words for each answer.
ANSWERS: dict[str, dict[str, str]] = {
    "after_tax_state": {
        "yes": "the plan allows after-tax contributions",
        "no": "the plan does not allow after-tax contributions",
        "unknown": "whether the plan allows after-tax contributions is unknown",
    },
    "roth_state": {
        "yes": "the plan takes Roth deferrals",
        "no": "the plan does not take Roth deferrals",
        "unknown": "whether the plan takes Roth deferrals is unknown",
    },
    "route_state": {
        "yes": "the plan has a known way to move after-tax money to Roth",
        "no": "the plan has no way to move after-tax money to Roth",
        "unknown": "whether the plan has a way to move after-tax money to Roth is unknown (none is known, not all are ruled out)",
    },
    "in_plan_automatic_state": {
        "yes": "in-plan Roth conversions happen automatically",
        "no": "in-plan Roth conversions do not happen automatically (or there are none)",
        "unknown": "in-plan Roth conversion is a route and whether it is automatic is unknown",
    },
}

# A property with a value: what it is, as the subject of "is at most 0".
NAMES: dict[str, str] = {
    "acp": "the plan's ACP test result",
    "best_route_per_year": "the number of conversions a year on the plan's best route",
    "deferral_excess": "the participant's deferrals over the §402(g) limit (dollars)",
    "document": "the plan document",
    "over_415c": "the participant's deferrals and employer money over the §415(c) limit (dollars)",
    "spillover": "the participant's deferral election above the deferral room, spilled to after-tax (dollars)",
    "take_home_short": "the participant's employee contributions beyond pay after FICA (dollars)",
    "reference_room": (
        "the after-tax room (dollars) of a participant paid the §401(a)(17) limit who defers the §402(g) maximum"
    ),
    "room": "the participant's after-tax room (dollars)",
    "state": "the participant's state",
    "wording_plain": "the plan's after-tax wording (in lower case, 'non-Roth' left out)",
    "wording_source": (
        "the plan's after-tax wording (in lower case, 'non-Roth' left out, and phrases naming Roth as where the money "
        "goes, such as 'in-plan Roth conversion' or 'to a Roth IRA', left out)"
    ),
    "year": "the plan year",
}

COMPARISONS = {
    "$lt": "is less than",
    "$lte": "is at most",
    "$gt": "is more than",
    "$gte": "is at least",
    "$neq": "is not",
}

# What each fact is, for "Fires for ... when".
FACTS = {
    "plan": "the plan",
    "participant": "each participant",
    "percent": "each percent field",
    "waiver": "each waiver",
    "waiver_use": "each waiver",
}

_WORD_START = re.compile(r"^\.\* ([a-z0-9]+)\.\*$")  # ".* roth.*": a word starting with roth


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)  # numbers as written in the catalog: 2026 is a year, not 2,026


def _name(prop: str) -> str:
    if prop not in NAMES:
        raise ValueError(f"no words for the fact property {prop!r}")
    return NAMES[prop]


def _test(prop: str, value: Any) -> str:
    """One property compared for equality: {"after_tax": true}."""
    if isinstance(value, bool) and prop in YES_NO:
        return YES_NO[prop][0 if value else 1]
    if prop in ANSWERS and value in ANSWERS[prop]:
        return ANSWERS[prop][value]
    return f"{_name(prop)} is {_value(value)}"


def _pattern(prop: str, pattern: str) -> str:
    word = _WORD_START.match(pattern)
    if word:
        return f"{_name(prop)} has a word starting with '{word.group(1)}'"
    return f"{_name(prop)} matches the regular expression '{pattern}'"


def _list(parts: list[str], joiner: str) -> str:
    if len(parts) <= 2:
        return f" {joiner} ".join(parts)
    return ", ".join(parts[:-1]) + f", {joiner} " + parts[-1]


def _one_of(alternatives: list[Any]) -> str | None:
    """An $or of equalities on one property, as "is one of": MBR403's states."""
    if not all(isinstance(alt, dict) and len(alt) == 1 and not next(iter(alt)).startswith("$") for alt in alternatives):
        return None
    props = {next(iter(alt)) for alt in alternatives}
    if len(props) != 1 or len(alternatives) < 2:
        return None
    prop = props.pop()
    values = [_value(next(iter(alt.values()))) for alt in alternatives]
    return f"{_name(prop)} is one of {_list(values, 'or')}"


def words(condition: dict[str, Any], nested: bool = False) -> str:
    """The condition in words: 'the plan allows after-tax contributions and ...'."""
    parts = []
    for key, value in condition.items():
        if key in ("$and", "$or"):
            collapsed = _one_of(value) if key == "$or" else None
            if collapsed is not None:
                parts.append(collapsed)
                continue
            inner = _list([words(part, nested=True) for part in value], "and" if key == "$and" else "or")
            parts.append(f"({inner})" if nested and len(value) > 1 else inner)
        elif key == "$neq" and next(iter(value)) in ANSWERS:
            (prop, answer), = value.items()
            others = [words_ for other, words_ in ANSWERS[prop].items() if other != answer]
            parts.append(f"({_list(others, 'or')})" if nested else _list(others, "or"))
        elif key in COMPARISONS:
            (prop, bound), = value.items()
            parts.append(f"{_name(prop)} {COMPARISONS[key]} {_value(bound)}")
        elif key == "$mt":
            (prop, pattern), = value.items()
            parts.append(_pattern(prop, pattern))
        elif key.startswith("$"):
            raise ValueError(f"no words for the condition operator {key!r}")
        else:
            parts.append(_test(key, value))
    return _list(parts, "and")


def fires_when(fact: str, condition: dict[str, Any]) -> str:
    """The sentence `megaroth rules ID` prints under "What it does"."""
    if fact not in FACTS:
        raise ValueError(f"no words for the fact kind {fact!r}")
    return f"Fires for {FACTS[fact]} when {words(condition)}."
