"""The plan's features as the report lists them: each answer, what the field means, and the documents' evidence.

The words for each field come from the plan schema's own descriptions
(schemas/plan.schema.json), so the report and `megaroth schema` never
disagree; the wording to look for in an SPD comes from decode's phrase
catalog (rules/decode/*.yaml), the same words `megaroth decode` searches for.
"""

from __future__ import annotations

import functools
import json
import re
from typing import Any

from megaroth.engine.deciding.facts import percent_text
from megaroth.engine.reading.display import encodable
from megaroth.engine.reading.resources import schemas_dir

# The parts of a plan file that describe the plan (participants and waivers are the analyst's, not the plan's).
FEATURE_SECTIONS = ("contributions", "employer", "conversion", "testing")
UNKNOWN = "unknown"
_PERCENT_KEYS = {"max_percent", "hce_max_percent", "employee_max_percent", "nonelective", "profit_sharing"}
_DOLLAR_KEYS = {"max_dollars", "max"}


@functools.lru_cache(maxsize=1)
def field_descriptions() -> dict[str, str]:
    """Every leaf field of the plan format (``contributions.roth``) and its schema description."""
    schema = json.loads((schemas_dir() / "plan.schema.json").read_text(encoding="utf-8"))
    definitions = schema.get("$defs", {})
    found: dict[str, str] = {}

    def walk(node: dict[str, Any], path: tuple[str, ...]) -> None:
        if "$ref" in node:
            node = definitions[node["$ref"].rsplit("/", 1)[-1]]
        properties = node.get("properties")
        if properties and path[-1:] != ("participants",):
            for key, child in properties.items():
                walk(child, path + (key,))
        elif path:
            found[".".join(path)] = node.get("description", "")

    walk(schema, ())
    return found


_SENTENCE_END = re.compile(r"(?<!e\.g)(?<!i\.e)\.\s+(?=[A-Za-z])")


def first_sentence(text: str) -> str:
    """A description's first sentence: what the field means, without its notes on unknown and defaults."""
    end = _SENTENCE_END.search(text)
    return text if end is None else text[: end.start() + 1]


@functools.lru_cache(maxsize=1)
def look_for_wording() -> dict[str, str]:
    """decode's phrase catalog: each field it reads, and the SPD wording that answers it."""
    from megaroth.engine.decode.phrases import catalog

    return {question.field: question.look_for for question in catalog().questions}


def _tiers(tiers: list[Any]) -> str:
    """'100% of the first 5% of pay, then 50% of the next 2%'."""
    parts = []
    for index, tier in enumerate(tiers):
        where = "the first" if index == 0 else "then the next"
        parts.append(f"{percent_text(tier['rate'])}% of {where} {percent_text(tier['up_to'])}%" + (" of pay" if index == 0 else ""))
    return ", ".join(parts)


def answer_text(key: str, value: Any) -> str:
    """A plan file's answer in words: yes, no, unknown, 15%, $12,000, the match tiers."""
    if value is True:
        return "yes"
    if value is False:
        return "no"
    if key == "tiers" and isinstance(value, list):
        return _tiers(value)
    if key in _PERCENT_KEYS and isinstance(value, (int, float)):
        return f"{percent_text(value)}%"
    if key in _DOLLAR_KEYS and isinstance(value, (int, float)):
        return f"${value:,}"
    if isinstance(value, str):
        return encodable(value)
    return json.dumps(value, ensure_ascii=False)


def _leaves(node: Any, path: tuple[str, ...]) -> list[tuple[str, Any]]:
    if isinstance(node, dict) and node:
        return [leaf for key, child in node.items() for leaf in _leaves(child, path + (key,))]
    return [(".".join(path), node)]


def _evidence(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "document": encodable(item["document"]),
            "page": item["page"],
            "page_text": "—" if item["page"] is None else str(item["page"]),
            "line": item["line"],
            "text": encodable(item["text"]),
        }
        for item in items
    ]


def features(data: dict[str, Any], decoded: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Each answer the plan file gives, in the file's order, with decode's evidence for it when documents were read.

    A field the documents answer and the plan file leaves out is listed too, as not in the plan file.
    """
    descriptions = field_descriptions()
    fields = (decoded or {}).get("fields", {})
    rows = []
    seen = set()
    for section in FEATURE_SECTIONS:
        if section not in data:
            continue
        for field, value in _leaves(data[section], (section,)):
            seen.add(field)
            rows.append(_row(field, value, descriptions, fields.get(field), in_file=True))
    for field in sorted(set(fields) - seen):
        rows.append(_row(field, None, descriptions, fields[field], in_file=False))
    return rows


def _row(field: str, value: Any, descriptions: dict[str, str], decoded: dict[str, Any] | None, *, in_file: bool) -> dict[str, Any]:
    key = field.rsplit(".", 1)[-1]
    said = None if decoded is None else answer_text(key, decoded["value"])
    answer = answer_text(key, value) if in_file else "not in the plan file"
    return {
        "field": field,
        "meaning": first_sentence(descriptions.get(field, "")),
        "answer": answer,
        "unknown": in_file and value == UNKNOWN,
        "documents_say": said,
        # The documents read give another answer than the plan file: the analyst settles which is right.
        "differs": said is not None and in_file and said != answer,
        "evidence": [] if decoded is None else _evidence(decoded["evidence"]),
    }


def open_questions(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The unknown answers, as questions for the plan administrator, each with the SPD wording to look for."""
    wording = look_for_wording()
    return [
        {"field": row["field"], "ask": row["meaning"], "look_for": wording.get(row["field"])}
        for row in rows
        if row["unknown"]
    ]


def document_findings(decoded: dict[str, Any] | None) -> list[dict[str, Any]]:
    """What decode found the documents leave to the analyst (contradictions, masked wording), with the sentences."""
    if decoded is None:
        return []
    return [
        {"kind": item["kind"], "message": encodable(item["message"]), "evidence": _evidence(item["evidence"])}
        for item in decoded["findings"]
    ]
