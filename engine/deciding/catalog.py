"""The rule catalog: rules/*.yaml read, checked against schemas/rule.schema.json."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, replace
from typing import Any

from megaroth.engine.reading.resources import load_data, rules_dir, schemas_dir

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"info": 1, "warning": 2, "error": 3}


class CatalogError(Exception):
    """The shipped rule catalog is broken: a bug in megaroth, not in the user's plan."""


@dataclass(frozen=True)
class Rule:
    """One rule, as data: what it checks, what it says, and why."""

    id: str
    title: str
    severity: str
    source: str  # "engine" (durable-rules decides) or "validation" (the loader/schema does)
    citations: tuple[str, ...]
    message: str
    fix: str
    why: str
    example_fail: str
    example_pass: str
    fact: str | None = None
    at: str | None = None
    when: Any = None
    group: str = ""  # the catalog file's theme (rules/200-traps.yaml -> traps), for SARIF tags
    verdict: str | None = None  # the verdict a finding implies when not its severity's: undetermined
    note: str | None = None  # the message's file-independent end, printed once per run by the text report

    @property
    def scope(self) -> str:
        """participant: a finding about one participant scenario, which never decides the plan's verdict."""
        return "participant" if self.fact == "participant" else "plan"

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> "Rule":
        return cls(
            id=data["id"],
            title=data["title"],
            severity=data["severity"],
            source=data["source"],
            citations=tuple(data["citations"]),
            message=data["message"].strip(),
            fix=data["fix"].strip(),
            why=data["why"].strip(),
            example_fail=data["examples"]["fail"],
            example_pass=data["examples"]["pass"],
            fact=data.get("fact"),
            at=data.get("at"),
            when=data.get("when"),
            verdict=data.get("verdict"),
            note=data["note"].strip() if "note" in data else None,
        )


def _rule_files() -> list[Any]:
    return sorted(path for path in rules_dir().glob("*.yaml") if path.name not in ("limits.yaml", "example-base.yaml"))


@functools.lru_cache(maxsize=None)
def catalog() -> dict[str, Rule]:
    """Every rule, keyed by id, in id order. Read and checked once per process."""
    from jsonschema import Draft202012Validator

    with open(schemas_dir() / "rule.schema.json", encoding="utf-8") as handle:
        validator = Draft202012Validator(json.load(handle))
    rules: dict[str, Rule] = {}
    for path in _rule_files():
        data = load_data(path)
        errors = sorted(validator.iter_errors(data), key=lambda error: list(error.absolute_path))
        if errors:
            where = "/".join(str(part) for part in errors[0].absolute_path)
            raise CatalogError(f"{path.name}: {where}: {errors[0].message}")
        for item in data["rules"]:
            if item["id"] in rules:
                raise CatalogError(f"{path.name}: rule id {item['id']} is defined twice")
            rule = replace(Rule.from_data(item), group=path.stem.partition("-")[2])
            if rule.note is not None and not rule.message.endswith(rule.note):
                raise CatalogError(f"{path.name}: rule {rule.id}: the message must end with the note")
            rules[item["id"]] = rule
    return dict(sorted(rules.items()))


def example_base() -> str:
    """The reference plan that rule examples are laid over (rules/example-base.yaml)."""
    return (rules_dir() / "example-base.yaml").read_text(encoding="utf-8")
