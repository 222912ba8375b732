"""Hypothesis strategies for plan documents, built from schemas/plan.schema.json.

The strategy follows the schema itself, so a field added to the format is
generated without touching this file; a schema keyword it does not know makes
it fail loudly rather than generate plans that skip the new constraint.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import strategies as st

from megaroth.engine.reading.validation import ecma_pattern, plan_schema

# Keep generated lists short: the bounds are tested on their own, and long
# lists only slow the search down.
_MAX_LIST = 4
_KNOWN = {"$schema", "$id", "title", "description", "type", "properties", "required", "additionalProperties",
          "items", "maxItems", "minLength", "maxLength", "pattern", "format", "minimum", "maximum", "enum", "const",
          "anyOf", "if", "then", "not"}
_FORMATS = {"date": st.dates().map(date.isoformat)}


def from_schema(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Values valid against one (sub)schema of the plan format."""
    unknown = set(schema) - _KNOWN
    if unknown:
        raise NotImplementedError(f"plan_strategies does not generate schema keywords {sorted(unknown)}")
    if "const" in schema:
        return st.just(schema["const"])
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    if "anyOf" in schema:
        return st.one_of([from_schema(option) for option in schema["anyOf"]])
    if "if" in schema or "not" in schema:
        return _one_of_two_keys(schema)
    kind = schema["type"]
    if kind == "object":
        required = set(schema.get("required", ()))
        properties = schema["properties"]
        return st.fixed_dictionaries(
            {key: from_schema(sub) for key, sub in properties.items() if key in required},
            optional={key: from_schema(sub) for key, sub in properties.items() if key not in required},
        )
    if kind == "array":
        return st.lists(from_schema(schema["items"]), max_size=min(schema.get("maxItems", _MAX_LIST), _MAX_LIST))
    if kind == "string":
        low, high = schema.get("minLength", 0), schema.get("maxLength", 1000)
        if "format" in schema:
            return _FORMATS[schema["format"]]  # a new format fails here, loudly
        if "pattern" in schema:
            # JSON Schema patterns search (they are not anchored unless they say so), and their $ is ECMA-262's:
            # the end of the text (ecma_pattern), not Python's "before a final newline".
            return st.from_regex(ecma_pattern(schema["pattern"])).filter(lambda text: low <= len(text) <= high)
        return st.text(min_size=low, max_size=min(high, 60))
    if kind == "integer":
        return st.integers(schema.get("minimum"), schema.get("maximum"))
    if kind == "number":
        low, high = schema.get("minimum"), schema.get("maximum")
        return st.one_of(
            st.integers(low, high),
            st.floats(low, high, allow_nan=False, allow_infinity=False),
        )
    if kind == "boolean":
        return st.booleans()
    raise NotImplementedError(f"plan_strategies does not generate type {kind!r}")


def _tiers_within_pay(plan: dict[str, Any]) -> bool:
    """What the schema cannot say: the match tiers cover at most 100% of pay (validation.tiers_problem)."""
    tiers = plan.get("employer", {}).get("match", {}).get("tiers", [])
    return sum(tier["up_to"] for tier in tiers) <= 100


def _paychecks_within_year(plan: dict[str, Any]) -> bool:
    """Nor this: a participant is paid at most the year's pay periods (validation._paycheck_problems)."""
    return all(
        person.get("paychecks_paid", 0) <= person.get("pay_periods", 26) for person in plan.get("participants", [])
    )


def _one_of_two_keys(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Objects with exactly one of two keys, the only if/then/not the format uses (salary or net_se_earnings).

    if: {not: {required: [A]}}, then: {required: [B]}, not: {required: [B, A]} means B unless A, never both.
    """
    try:
        first = schema["if"]["not"]["required"]
        second = schema["then"]["required"]
        both = schema["not"]["required"]
    except KeyError:
        raise NotImplementedError("plan_strategies knows if/then/not only as 'exactly one of two keys'") from None
    if len(first) != 1 or len(second) != 1 or set(both) != {first[0], second[0]} or set(schema) & {"else"}:
        raise NotImplementedError("plan_strategies knows if/then/not only as 'exactly one of two keys'")
    rest = {key: value for key, value in schema.items() if key not in ("if", "then", "not")}

    def with_only(key: str, other: str) -> dict[str, Any]:
        properties = {name: sub for name, sub in rest["properties"].items() if name != other}
        return {**rest, "properties": properties, "required": [*rest.get("required", ()), key]}

    return st.one_of(from_schema(with_only(first[0], second[0])), from_schema(with_only(second[0], first[0])))


def plans() -> st.SearchStrategy[dict[str, Any]]:
    """Whole plans, valid against the plan schema and the two rules beside it (tiers, paychecks)."""
    return from_schema(plan_schema()).filter(_tiers_within_pay).filter(_paychecks_within_year)


def _unknown_pattern(pattern: str) -> str:
    raise NotImplementedError(f"largest_plan does not know the longest match of {pattern!r}")


def largest_plan() -> dict[str, Any]:
    """The biggest plan the schema allows: every field present, every list at its maxItems."""

    def fill(schema: dict[str, Any]) -> Any:
        if "const" in schema:
            return schema["const"]
        if "enum" in schema:
            return max(schema["enum"], key=lambda value: len(str(value)))
        if "anyOf" in schema:
            return fill(schema["anyOf"][-1])
        kind = schema["type"]
        if kind == "object":
            # Exactly one of two keys (salary or net_se_earnings): keep the one required by default.
            left_out = set(schema["if"]["not"]["required"]) if "if" in schema else set()
            return {key: fill(sub) for key, sub in schema["properties"].items() if key not in left_out}
        if kind == "array":
            return [fill(schema["items"]) for _ in range(schema["maxItems"])]
        if kind == "string":
            longest = "x" * schema.get("maxLength", 100)
            if "format" in schema:
                return {"date": "2026-12-31"}[schema["format"]]  # a new format fails here, loudly
            if "pattern" in schema:
                # A new pattern in the schema fails here, loudly: add its longest match.
                visible = "[^\\s\\u00ad\\u200b-\\u200f\\u2060-\\u2064\\ufeff]"
                return {"^[A-Z]{2}$": "CA", "^MBR[0-9]{3}$": "MBR104", visible: longest}.get(
                    schema["pattern"]
                ) or _unknown_pattern(schema["pattern"])
            return longest
        if kind in ("integer", "number"):
            return schema["maximum"]
        return True

    plan = fill(plan_schema())
    tiers = plan["employer"]["match"]["tiers"]
    for tier in tiers:  # each at its maximum would cover 1,000% of pay; together they may cover 100%
        tier["up_to"] = 100 / len(tiers)
    return plan
