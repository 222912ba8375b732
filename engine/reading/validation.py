"""Validate a plan against schemas/plan.schema.json (or a limits file against limits.schema.json), in words an analyst reads.

jsonschema's own messages ("'5%' is not of type 'number'") are written for
programmers; each problem here names the field by its path, says what was
expected, and, for an unknown key, the key that was probably meant.
"""

from __future__ import annotations

import difflib
import functools
import json
import re
from dataclasses import dataclass
from typing import Any, Iterable, Iterator

from megaroth.engine.reading.display import quoted
from megaroth.engine.reading.loader import escape_pointer_token, shorten
from megaroth.engine.reading.resources import schemas_dir


@dataclass(frozen=True)
class SchemaProblem:
    """One schema violation: where (JSON pointer) and what, in plain words."""

    pointer: str
    message: str
    at_key: bool  # point at the key (unknown or missing keys) rather than the value


PLAN_SCHEMA = "plan.schema.json"
LIMITS_SCHEMA = "limits.schema.json"


@functools.lru_cache(maxsize=None)
def load_schema(name: str) -> dict[str, Any]:
    """One of the shipped schemas, read once per process."""
    with open(schemas_dir() / name, encoding="utf-8") as handle:
        return json.load(handle)


# In a pattern: an escape (\\x), a character class ([...]), or a bare `$`; only the last is rewritten.
_DOLLAR = re.compile(r"\\.|\[(?:\\.|[^\]])*\]|\$")


@functools.lru_cache(maxsize=None)
def ecma_pattern(pattern: str) -> re.Pattern[str]:
    r"""A JSON Schema pattern compiled with ECMA-262's meaning of ``$``: the end of the text, and only that.

    JSON Schema patterns are ECMA-262 regular expressions, where ``$`` (without
    the multiline flag) matches only at the very end. Python's ``$`` also
    matches before a final newline, so jsonschema's ``re.search`` let
    ``rule: "MBR205\n"`` and ``state: "CA\n"`` through. Each ``$`` outside a
    character class becomes ``\Z``; the schema keeps the standard ``^...$``
    that every other consumer reads the same way.
    """
    return re.compile(_DOLLAR.sub(lambda match: r"\Z" if match.group() == "$" else match.group(), pattern))


def _pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Iterator[Any]:
    from jsonschema.exceptions import ValidationError

    if validator.is_type(instance, "string") and not ecma_pattern(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


def plan_schema() -> dict[str, Any]:
    """The plan schema, read once per process."""
    return load_schema(PLAN_SCHEMA)


@functools.lru_cache(maxsize=None)
def _validator(name: str = PLAN_SCHEMA) -> Any:
    # Imported here: jsonschema costs ~0.1 s to import, and commands that do
    # not validate (rules, schema) should not pay it.
    from jsonschema import Draft202012Validator, validators

    checker = validators.extend(Draft202012Validator, {"pattern": _pattern})
    # The format checker makes `expires: 2026-02-30` an error instead of a
    # waiver that silently never expires.
    return checker(load_schema(name), format_checker=Draft202012Validator.FORMAT_CHECKER)


def _pointer(path: Any) -> str:
    return "".join(f"/{escape_pointer_token(str(part))}" for part in path)


def _field(path: Any) -> str:
    """A field's dotted name for messages: participants[0].salary.

    A waiver is named as people count them, from 1 ("waiver 1's rule"), the way
    MBR003 numbers it; the JSON pointer beside the message stays /waivers/0.
    """
    parts = list(path)
    if len(parts) >= 2 and parts[0] == "waivers" and isinstance(parts[1], int):
        rest = _field(parts[2:]) if len(parts) > 2 else ""
        return f"waiver {parts[1] + 1}" + (f"'s {rest}" if rest else "")
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "the plan"


def _show(value: Any) -> str:
    if isinstance(value, str):
        return repr(shorten(value))
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "an empty value"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return str(value)


# A number once dollar signs, thousands separators (, or _), spaces and a
# percent sign are taken off. Not float(): it also takes 'nan' and 'inf',
# which no plan file can hold.
_PLAIN_NUMBER = re.compile(r"^[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$")


def _type_hint(expected: str, value: Any) -> str:
    """Advice for the usual ways a number or a yes/no goes wrong in a plan file."""
    if expected in ("number", "integer") and isinstance(value, str):
        number = re.sub(r"[\s$,_%]", "", value)
        if not _PLAIN_NUMBER.match(number):
            return ""
        if value.strip().endswith("%"):
            return f"; write {number} without the % sign (percentages are written as percent: 5 means 5%)"
        return f"; write {number}, without quotes, dollar signs or thousands separators"
    if expected == "boolean" and isinstance(value, str):
        lowered = value.lower()
        if lowered in ("yes", "y", "on", "true"):
            return "; write true (YAML 1.2 reads yes/on/y as text)"
        if lowered in ("no", "n", "off", "false"):
            return "; write false (YAML 1.2 reads no/off/n as text)"
    return ""


# The values of a plan's yes/no features: true, false, or unknown when its documents do not say.
YES_NO_UNKNOWN = [True, False, "unknown"]

_TYPE_WORDS = {
    "number": "a number",
    "integer": "a whole number",
    "boolean": "true or false",
    "string": "text",
    "object": "a mapping of keys",
    "array": "a list",
}


_ROOT_WORDS = {str: "a piece of text", bool: "true or false", int: "a number", float: "a number", list: "a list"}


def _not_a_plan(value: Any) -> str:
    """A root that is not a mapping, named by its kind and never quoted.

    The file may not be a plan at all (a symbolic link to /etc/passwd, a key
    file): its content must not reach a CI log, so nothing of it is shown.
    """
    kind = _ROOT_WORDS.get(type(value), "a single value")
    return f"this file is not a megaroth plan: YAML reads it as {kind}, not a mapping of keys (nothing of it is quoted)"


def _blank_reason(path: Any) -> str:
    return f"{_field(list(path)[:-1])} must give a reason, not be blank"


def _blank(path: Any) -> str | None:
    """The one message for a reason or a name that is empty or has no visible character (minLength and pattern)."""
    last = list(path)[-1] if list(path) else None
    if last == "reason":
        return _blank_reason(path)
    if last == "name":
        return f"{_field(path)} must not be blank: it has no visible character"
    return None


def _describe(error: Any) -> tuple[str, bool]:
    """The message for one jsonschema error, and whether it points at the key."""
    name = _field(error.absolute_path)
    value = error.instance
    kind = error.validator
    if kind == "type":
        expected = error.validator_value if isinstance(error.validator_value, str) else error.validator_value[0]
        if not error.absolute_path and expected == "object":
            return _not_a_plan(value), False
        return (
            f"{name} must be {_TYPE_WORDS.get(expected, expected)}, not {_show(value)}{_type_hint(expected, value)}",
            False,
        )
    if kind == "enum":
        if error.validator_value == YES_NO_UNKNOWN:
            # A yes/no feature the analyst may not have found an answer for.
            return f"{name} must be true, false or unknown, not {_show(value)}{_type_hint('boolean', value)}", False
        choices = " | ".join(_show(choice).strip("'") for choice in error.validator_value)
        return f"{name} must be one of {choices}, not {_show(value)}", False
    if kind == "const":
        return f"{name} must be {_show(error.validator_value)}, not {_show(value)}", False
    if kind in ("minimum", "maximum"):
        bound = error.validator_value
        if error.schema.get("maximum") == 100 and error.schema.get("minimum") == 0:
            return f"{name} is a percent from 0 to 100 (5 means 5%), not {_show(value)}", False
        if kind == "minimum" and bound == 0:
            return f"{name} cannot be negative (it is {_show(value)})", False
        word = "at least" if kind == "minimum" else "at most"
        return f"{name} must be {word} {bound:,}, not {_show(value)}", False
    if kind == "minLength":
        # An empty reason or name also fails the pattern; the same words make the two one problem.
        return _blank(error.absolute_path) or f"{name} must not be empty", False
    if kind == "maxLength":
        return f"{name} is longer than {error.validator_value} characters", False
    if kind == "maxItems":
        return f"{name} holds more than {error.validator_value} entries", False
    if kind == "format":
        return f"{name} must be a real date written YYYY-MM-DD, not {_show(value)}", False
    if kind == "pattern":
        blank = _blank(error.absolute_path)
        if blank:
            return blank, False
        if error.path and error.path[-1] == "rule":
            return f"{name} must be a rule id such as MBR104, not {_show(value)}", False
        if error.path and error.path[-1] == "state":
            return f"{name} must be a two-letter state code in capitals (CA, PA, ...), not {_show(value)}", False
        return f"{name} does not match the expected form, {_show(value)}", False
    if kind == "not":
        # The only `not` in the format: a participant with both a salary and net earnings from self-employment.
        return f"{name} gives both salary and net_se_earnings: a sole proprietor or partner has net earnings, not a salary; give one", False
    if kind == "anyOf":
        # The only anyOf in the format is deferral: the word max or a dollar amount.
        if isinstance(value, str) and value.strip().endswith("%"):
            # Not "write 5": a deferral is dollars, and 5 would mean $5.
            return f"{name} must be max or a dollar amount, not {_show(value)}; convert the percent of pay to dollars", False
        return f"{name} must be max or a dollar amount, not {_show(value)}{_type_hint('number', value)}", False
    return f"{name}: {error.message}", False


def _unknown_keys(error: Any) -> Iterator[SchemaProblem]:
    allowed = sorted(error.schema.get("properties", {}))
    for key in sorted(set(error.instance) - set(allowed)):
        where = _field(list(error.absolute_path))
        # quoted() names an invisible character: 'after\u200b_tax' looks like after_tax.
        message = f"unknown key {quoted(key)} in {where}"
        close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        if close:
            message += f"; did you mean '{close[0]}'?"
        else:
            message += f"; allowed keys are {', '.join(allowed)}"
        yield SchemaProblem(_pointer(list(error.absolute_path) + [key]), message, True)


def _missing_keys(error: Any) -> Iterator[SchemaProblem]:
    # jsonschema raises one `required` error per missing key, each carrying the
    # whole list; naming every missing key (the set in validate() drops repeats)
    # keeps one finding per problem.
    where = _field(error.absolute_path)
    for key in error.validator_value:
        if key not in error.instance:
            yield SchemaProblem(_pointer(error.absolute_path), f"{where} is missing the required key '{key}'", True)


MAX_TIERS_PERCENT = 100


def tiers_problem(up_tos: Iterable[float]) -> str | None:
    """The one rule for match tiers, in a plan file and in `headroom --match`: together they cover at most all of pay.

    Each tier matches the next slice of pay (rate@up_to: rate% of the next
    up_to% of pay deferred), so slices adding up past 100% describe pay that
    does not exist: a typo (50 for 5), never a plan.
    """
    total = sum(up_tos)
    if total <= MAX_TIERS_PERCENT:
        return None
    return f"the match tiers cover {total:g}% of pay (their up_to percents add up past 100%), and pay has only 100%"


def _tier_problems(data: Any) -> list[SchemaProblem]:
    tiers: Any = data
    for key in ("employer", "match", "tiers"):
        # Any level may be of the wrong type (employer: true): the schema reports that, one problem each.
        tiers = tiers.get(key) if isinstance(tiers, dict) else None
    if not isinstance(tiers, list) or not all(isinstance(tier, dict) and _is_percent(tier.get("up_to")) for tier in tiers):
        return []  # the schema reports what is wrong with them, one problem each
    problem = tiers_problem(tier["up_to"] for tier in tiers)
    return [SchemaProblem("/employer/match/tiers", f"employer.match.tiers: {problem}", True)] if problem else []


def _paycheck_problems(data: Any) -> list[SchemaProblem]:
    """A participant paid more paychecks than the year has: a share of the salary above all of it."""
    people = data.get("participants") if isinstance(data, dict) else None
    problems = []
    for index, person in enumerate(people if isinstance(people, list) else ()):
        if not isinstance(person, dict):
            continue
        paid, periods = person.get("paychecks_paid"), person.get("pay_periods", 26)
        if type(paid) is int and type(periods) is int and paid > periods:
            problems.append(
                SchemaProblem(
                    f"/participants/{index}/paychecks_paid",
                    f"participants[{index}].paychecks_paid is {paid}, more than the {periods} pay periods of the year",
                    False,
                )
            )
    return problems


def _is_percent(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value <= 100


def validate(data: Any, schema: str = PLAN_SCHEMA) -> list[SchemaProblem]:
    """Every schema problem in the document (a plan, or the named schema's document), in a stable order."""
    is_plan = schema == PLAN_SCHEMA
    if is_plan and isinstance(data, dict) and data and not set(data) & set(plan_schema()["properties"]):
        # None of a plan's keys: not a plan (a config, a secrets file). Its keys are not listed back.
        message = "this file is not a megaroth plan: it has none of a plan's keys (a plan starts with megaroth: 1; nothing of it is quoted)"
        return [SchemaProblem("", message, True)]
    problems: list[SchemaProblem] = []
    for error in _validator(schema).iter_errors(data):
        if error.validator == "additionalProperties":
            problems.extend(_unknown_keys(error))
            continue
        if error.validator == "required":
            problems.extend(_missing_keys(error))
            continue
        pointer = _pointer(error.absolute_path)
        message, at_key = _describe(error)
        problems.append(SchemaProblem(pointer, message, at_key))
    if is_plan:
        problems.extend(_tier_problems(data))  # what JSON Schema cannot say: a sum across items
        problems.extend(_paycheck_problems(data))  # nor one field against another
    return sorted(set(problems), key=lambda problem: (problem.pointer, problem.message))
