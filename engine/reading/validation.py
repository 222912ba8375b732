"""Validate a plan against schemas/plan.schema.json, in words an analyst reads.

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
from typing import Any, Iterator

from megaroth.engine.reading.loader import escape_pointer_token, shorten
from megaroth.engine.reading.resources import schemas_dir


@dataclass(frozen=True)
class SchemaProblem:
    """One schema violation: where (JSON pointer) and what, in plain words."""

    pointer: str
    message: str
    at_key: bool  # point at the key (unknown or missing keys) rather than the value


@functools.lru_cache(maxsize=None)
def plan_schema() -> dict[str, Any]:
    """The plan schema, read once per process."""
    with open(schemas_dir() / "plan.schema.json", encoding="utf-8") as handle:
        return json.load(handle)


@functools.lru_cache(maxsize=None)
def _validator() -> Any:
    # Imported here: jsonschema costs ~0.1 s to import, and commands that do
    # not validate (rules, schema) should not pay it.
    from jsonschema import Draft202012Validator

    # The format checker makes `expires: 2026-02-30` an error instead of a
    # waiver that silently never expires.
    return Draft202012Validator(plan_schema(), format_checker=Draft202012Validator.FORMAT_CHECKER)


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


_TYPE_WORDS = {
    "number": "a number",
    "integer": "a whole number",
    "boolean": "true or false",
    "string": "text",
    "object": "a mapping of keys",
    "array": "a list",
}


def _blank_reason(path: Any) -> str:
    return f"{_field(list(path)[:-1])} must give a reason, not be blank"


def _describe(error: Any) -> tuple[str, bool]:
    """The message for one jsonschema error, and whether it points at the key."""
    name = _field(error.absolute_path)
    value = error.instance
    kind = error.validator
    if kind == "type":
        expected = error.validator_value if isinstance(error.validator_value, str) else error.validator_value[0]
        if not error.absolute_path and expected == "object":
            return f"the plan must be a YAML mapping of keys, not {_show(value)}", False
        return (
            f"{name} must be {_TYPE_WORDS.get(expected, expected)}, not {_show(value)}{_type_hint(expected, value)}",
            False,
        )
    if kind == "enum":
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
        if error.path and error.path[-1] == "reason":
            # An empty reason also fails the pattern; the same words make the two one problem.
            return _blank_reason(error.absolute_path), False
        return f"{name} must not be empty", False
    if kind == "maxLength":
        return f"{name} is longer than {error.validator_value} characters", False
    if kind == "maxItems":
        return f"{name} holds more than {error.validator_value} entries", False
    if kind == "format":
        return f"{name} must be a real date written YYYY-MM-DD, not {_show(value)}", False
    if kind == "pattern":
        if error.path and error.path[-1] == "reason":
            return _blank_reason(error.absolute_path), False
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
        message = f"unknown key '{shorten(key)}' in {where}"
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


def validate(data: Any) -> list[SchemaProblem]:
    """Every schema problem in the document, in a stable order."""
    problems: list[SchemaProblem] = []
    for error in _validator().iter_errors(data):
        if error.validator == "additionalProperties":
            problems.extend(_unknown_keys(error))
            continue
        if error.validator == "required":
            problems.extend(_missing_keys(error))
            continue
        pointer = _pointer(error.absolute_path)
        message, at_key = _describe(error)
        problems.append(SchemaProblem(pointer, message, at_key))
    return sorted(set(problems), key=lambda problem: (problem.pointer, problem.message))
