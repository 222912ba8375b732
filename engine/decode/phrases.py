"""The phrase catalog (rules/decode/*.yaml): the questions decode answers and the wording that answers them.

The catalog is data so that a benefits expert adds a synonym without touching
Python; schemas/decode.schema.json says what a file may hold, and every
pattern's example sentences are run by tests/decode/test_phrases.py.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema

from megaroth.engine.reading.resources import load_data, rules_dir, schemas_dir


class PhraseCatalogError(Exception):
    """A catalog file that does not hold to schemas/decode.schema.json, or a pattern that does not compile."""


@dataclass(frozen=True)
class Pattern:
    """One wording that answers a question."""

    id: str
    regex: re.Pattern[str]
    answer: bool | int | str
    negatable: bool
    matches: tuple[str, ...]
    does_not_match: tuple[str, ...]


@dataclass(frozen=True)
class Mask:
    """Wording blanked before a question's patterns run, and the finding it gives when the question stays unknown."""

    regex: re.Pattern[str]
    finding: str | None
    says: str | None


@dataclass(frozen=True)
class Question:
    """One plan field decode answers, with the wording that answers it."""

    field: str
    kind: str  # yes_no | per_year
    look_for: str
    context: re.Pattern[str] | None
    masks: tuple[Mask, ...]
    patterns: tuple[Pattern, ...]


@dataclass(frozen=True)
class Negation:
    """NegEx-style cues: a cue negates a term within ``window`` words of it and in the same scope."""

    window: int
    before: tuple[re.Pattern[str], ...]
    after: tuple[re.Pattern[str], ...]
    pseudo: tuple[re.Pattern[str], ...]
    scope_ends: re.Pattern[str]
    negated: tuple[tuple[str, str], ...]
    not_negated: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Catalog:
    questions: tuple[Question, ...]
    negation: Negation


def decode_dir() -> Path:
    """The folder holding the phrase catalog."""
    return rules_dir() / "decode"


def _compile(text: str, where: str) -> re.Pattern[str]:
    try:
        return re.compile(text)
    except re.error as error:
        raise PhraseCatalogError(f"{where}: the regular expression {text!r} does not compile: {error}") from None


def _question(data: dict[str, Any], where: str) -> Question:
    kind = data["kind"]
    patterns = tuple(
        Pattern(
            id=item["id"],
            regex=_compile(item["regex"], f"{where}: {data['field']} {item['id']}"),
            answer=item["answer"],
            negatable=item.get("negatable", kind == "yes_no"),
            matches=tuple(item["matches"]),
            does_not_match=tuple(item["does_not_match"]),
        )
        for item in data["patterns"]
    )
    for pattern in patterns:
        fits = isinstance(pattern.answer, bool) if kind == "yes_no" else not isinstance(pattern.answer, bool)
        if not fits:
            raise PhraseCatalogError(f"{where}: {data['field']} {pattern.id}: answer {pattern.answer!r} is not a {kind} answer")
    return Question(
        field=data["field"],
        kind=kind,
        look_for=data["look_for"],
        context=_compile(data["context"], f"{where}: {data['field']} context") if "context" in data else None,
        masks=tuple(
            Mask(_compile(mask["regex"], f"{where}: {data['field']} mask"), mask.get("finding"), mask.get("says"))
            for mask in data.get("masks", ())
        ),
        patterns=patterns,
    )


def _negation(data: dict[str, Any], where: str) -> Negation:
    def many(key: str) -> tuple[re.Pattern[str], ...]:
        return tuple(_compile(text, f"{where}: negation {key}") for text in data[key])

    return Negation(
        window=data["window"],
        before=many("before"),
        after=many("after"),
        pseudo=many("pseudo"),
        scope_ends=_compile("|".join(f"(?:{text})" for text in data["scope_ends"]), f"{where}: scope_ends"),
        negated=tuple((item["sentence"], item["term"]) for item in data["negated"]),
        not_negated=tuple((item["sentence"], item["term"]) for item in data["not_negated"]),
    )


def load_catalog(folder: Path) -> Catalog:
    """Every catalog file in ``folder``, checked against the schema; one question per field, one negation block."""
    schema = json.loads((schemas_dir() / "decode.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    questions: list[Question] = []
    negations: list[Negation] = []
    for path in sorted(folder.glob("*.yaml")):
        data = load_data(path)
        errors = sorted(validator.iter_errors(data), key=lambda error: list(error.absolute_path))
        if errors:
            error = errors[0]
            at = "/".join(str(part) for part in error.absolute_path) or "(top)"
            raise PhraseCatalogError(f"{path.name}: {at}: {error.message}")
        questions.extend(_question(item, path.name) for item in data.get("questions", ()))
        if "negation" in data:
            negations.append(_negation(data["negation"], path.name))
    fields = [question.field for question in questions]
    doubled = sorted({field for field in fields if fields.count(field) > 1})
    if doubled:
        raise PhraseCatalogError(f"{folder}: questions asked twice: {', '.join(doubled)}")
    if len(negations) != 1:
        raise PhraseCatalogError(f"{folder}: needs exactly one negation block, found {len(negations)}")
    return Catalog(questions=tuple(questions), negation=negations[0])


@lru_cache(maxsize=1)
def catalog() -> Catalog:
    """The shipped phrase catalog, read once."""
    return load_catalog(decode_dir())
