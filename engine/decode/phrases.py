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


@dataclass(frozen=True)
class Question:
    """One plan field decode answers, with the wording that answers it."""

    field: str
    kind: str  # yes_no | per_year | choice (an enum value) | number or words (a "value" group) | tiers
    look_for: str
    context: re.Pattern[str] | None
    masks: tuple[Mask, ...]
    patterns: tuple[Pattern, ...]
    exhaustive: tuple[Pattern, ...] = ()  # a closed list of the plan's sources: what it leaves out is "no"


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
class FindingSpec:
    """A finding decode reports (MBR5xx): by wording (``question``'s patterns, each answering true), by a field's
    answer (``answer``), or raised by decode itself (neither)."""

    kind: str
    rule: str
    question: Question | None = None
    answer: tuple[str, bool | int | str] | None = None


@dataclass(frozen=True)
class Catalog:
    questions: tuple[Question, ...]
    negation: Negation
    findings: tuple[FindingSpec, ...] = ()

    def rule_of(self, kind: str) -> str:
        """The rule id of a finding kind (a KeyError for a kind the catalog does not name: a bug)."""
        return {spec.kind: spec.rule for spec in self.findings}[kind]


def decode_dir() -> Path:
    """The folder holding the phrase catalog."""
    return rules_dir() / "decode"


def _compile(text: str, where: str) -> re.Pattern[str]:
    try:
        return re.compile(text)
    except re.error as error:
        raise PhraseCatalogError(f"{where}: the regular expression {text!r} does not compile: {error}") from None


def _patterns(items: list[dict[str, Any]], kind: str, where: str) -> tuple[Pattern, ...]:
    return tuple(
        Pattern(
            id=item["id"],
            regex=_compile(item["regex"], f"{where} {item['id']}"),
            answer=item["answer"],
            negatable=item.get("negatable", kind == "yes_no"),
            matches=tuple(item["matches"]),
            does_not_match=tuple(item["does_not_match"]),
        )
        for item in items
    )


def _fits(kind: str, pattern: Pattern) -> bool:
    """Whether a pattern's answer is one its question's kind gives: a yes/no, a count, or what its groups read."""
    if kind == "yes_no":
        return isinstance(pattern.answer, bool)
    if kind == "per_year":
        return not isinstance(pattern.answer, bool) and (isinstance(pattern.answer, int) or pattern.answer == "unlimited")
    if kind == "choice":
        return isinstance(pattern.answer, str) and pattern.answer not in ("value", "tiers", "unlimited")
    return pattern.answer == {"number": "value", "tiers": "tiers", "words": "value"}[kind]


def _question(data: dict[str, Any], where: str) -> Question:
    kind = data["kind"]
    patterns = _patterns(data["patterns"], kind, f"{where}: {data['field']}")
    exhaustive = _patterns(data.get("exhaustive", []), kind, f"{where}: {data['field']}")
    for pattern in exhaustive:
        if kind != "yes_no" or pattern.answer is not False:
            raise PhraseCatalogError(f"{where}: {data['field']} {pattern.id}: an exhaustive list answers a yes_no question false")
    for pattern in patterns:
        if not _fits(kind, pattern):
            raise PhraseCatalogError(f"{where}: {data['field']} {pattern.id}: answer {pattern.answer!r} is not a {kind} answer")
        groups = set(pattern.regex.groupindex) | ({"value"} if any(name.startswith("value") for name in pattern.regex.groupindex) else set())
        needs = {"number": {"value"}, "words": {"value"}, "tiers": {"rate", "up_to"}}.get(kind, set())
        if not needs <= groups:
            raise PhraseCatalogError(f"{where}: {data['field']} {pattern.id}: a {kind} pattern needs the groups {', '.join(sorted(needs))}")
    return Question(
        field=data["field"],
        kind=kind,
        look_for=data["look_for"],
        context=_compile(data["context"], f"{where}: {data['field']} context") if "context" in data else None,
        masks=tuple(
            Mask(_compile(mask["regex"], f"{where}: {data['field']} mask"), mask.get("finding"))
            for mask in data.get("masks", ())
        ),
        patterns=patterns,
        exhaustive=exhaustive,
    )


def _finding(data: dict[str, Any], where: str) -> FindingSpec:
    question = None
    if "patterns" in data:
        question = _question({**data, "field": f"finding.{data['kind']}", "kind": "yes_no", "look_for": data["rule"]}, where)
        for pattern in question.patterns:
            if pattern.answer is not True:
                raise PhraseCatalogError(f"{where}: finding {data['kind']} {pattern.id}: a finding's pattern answers true")
    answer = (data["answer"]["field"], data["answer"]["value"]) if "answer" in data else None
    return FindingSpec(kind=data["kind"], rule=data["rule"], question=question, answer=answer)


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
    findings: list[FindingSpec] = []
    for path in sorted(folder.glob("*.yaml")):
        data = load_data(path)
        errors = sorted(validator.iter_errors(data), key=lambda error: list(error.absolute_path))
        if errors:
            error = errors[0]
            at = "/".join(str(part) for part in error.absolute_path) or "(top)"
            raise PhraseCatalogError(f"{path.name}: {at}: {error.message}")
        questions.extend(_question(item, path.name) for item in data.get("questions", ()))
        findings.extend(_finding(item, path.name) for item in data.get("findings", ()))
        if "negation" in data:
            negations.append(_negation(data["negation"], path.name))
    fields = [question.field for question in questions]
    doubled = sorted({field for field in fields if fields.count(field) > 1})
    if doubled:
        raise PhraseCatalogError(f"{folder}: questions asked twice: {', '.join(doubled)}")
    if len(negations) != 1:
        raise PhraseCatalogError(f"{folder}: needs exactly one negation block, found {len(negations)}")
    kinds = [spec.kind for spec in findings]
    doubled = sorted({kind for kind in kinds if kinds.count(kind) > 1})
    if doubled:
        raise PhraseCatalogError(f"{folder}: findings named twice: {', '.join(doubled)}")
    named = {mask.finding for question in questions for mask in question.masks if mask.finding}
    unnamed = sorted(named - set(kinds))
    if unnamed:
        raise PhraseCatalogError(f"{folder}: masks raise findings no findings entry names: {', '.join(unnamed)}")
    asked = [spec.answer[0] for spec in findings if spec.answer and spec.answer[0] not in fields]
    if asked:
        raise PhraseCatalogError(f"{folder}: findings on fields no question asks: {', '.join(asked)}")
    return Catalog(questions=tuple(questions), negation=negations[0], findings=tuple(findings))


@lru_cache(maxsize=1)
def catalog() -> Catalog:
    """The shipped phrase catalog, read once."""
    return load_catalog(decode_dir())
