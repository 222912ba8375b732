"""The README's generated sections: the plan fields (from the schema), the rule catalog (from rules/)
and the IRS limits (from rules/limits.yaml).

The README keeps each between `<!-- BEGIN GENERATED: name -->` and
`<!-- END GENERATED: name -->`; tests/test_docs.py fails when they drift, and
`python -m megaroth.engine.reporting.docs README.md` rewrites them (docs/testing.md).
"""

from __future__ import annotations

import json

import re
import sys
from pathlib import Path
from typing import Any, Iterator

from megaroth.engine.deciding.catalog import catalog
from megaroth.engine.money.limits import shipped_table
from megaroth.engine.reading.validation import plan_schema


def _type_of(node: dict[str, Any]) -> str:
    if "enum" in node:
        # true/false as the plan file writes them, not Python's True/False.
        return " \\| ".join(f"`{json.dumps(value) if isinstance(value, bool) else value}`" for value in node["enum"])
    if "const" in node:
        return f"`{node['const']}`"
    if "anyOf" in node:
        return " or ".join(_type_of(option) for option in node["anyOf"])
    kind = node.get("type", "")
    if kind == "array":
        return "list"
    if kind == "object":
        return "mapping"
    return kind


def _fields(node: dict[str, Any], prefix: str) -> Iterator[tuple[str, str, bool, str]]:
    required = set(node.get("required", ()))
    for name, child in node.get("properties", {}).items():
        path = f"{prefix}{name}"
        yield path, _type_of(child), name in required, child.get("description", "")
        if child.get("type") == "object":
            yield from _fields(child, f"{path}.")
        elif child.get("type") == "array" and child.get("items", {}).get("type") == "object":
            yield from _fields(child["items"], f"{path}[].")


def plan_fields_table() -> str:
    """Every field of the plan format: path, type, required, meaning."""
    lines = ["| field | type | required | meaning |", "|---|---|---|---|"]
    for path, kind, required, description in _fields(plan_schema(), ""):
        lines.append(f"| `{path}` | {kind} | {'yes' if required else ''} | {description} |")
    return "\n".join(lines) + "\n"


def rules_table() -> str:
    """The rule catalog: id, severity, title, citations."""
    lines = ["| id | severity | title | citations |", "|---|---|---|---|"]
    for rule in catalog().values():
        lines.append(f"| {rule.id} | {rule.severity} | {rule.title} | {'; '.join(rule.citations)} |")
    return "\n".join(lines) + "\n"


def limits_markdown() -> str:
    """The IRS limits table with each year's source."""
    table = shipped_table()  # the README documents what megaroth ships, whatever --limits a process uses
    years = sorted(table)
    rows = [
        ("Elective deferral §402(g)(1)", "deferral_402g"),
        ("Catch-up 50+ §414(v)(2)(B)(i)", "catch_up_414v"),
        ("Catch-up ages 60–63 §414(v)(2)(E)", "catch_up_60_63"),
        ("Annual additions §415(c)(1)(A)", "annual_additions_415c"),
        ("Compensation cap §401(a)(17)", "compensation_401a17"),
        ("HCE threshold §414(q)(1)(B)", "hce_414q"),
        ("IRA limit §219(b)(5)(A)", "ira_219b"),
        ("IRA catch-up §219(b)(5)(B)", "ira_catch_up_219b"),
        ("Roth catch-up wage threshold §414(v)(7)", "roth_catch_up_wages"),
        ("Social Security wage base §1402(b)(1) (SSA)", "ss_wage_base"),
    ]
    lines = ["| limit | " + " | ".join(str(year) for year in years) + " |", "|---" * (len(years) + 1) + "|"]
    for label, attribute in rows:
        values = [getattr(table[year], attribute) for year in years]
        lines.append(f"| {label} | " + " | ".join("–" if value is None else f"{value:,}" for value in values) + " |")
    lines.append("| Source | " + " | ".join(table[year].source for year in years) + " |")
    # The wage base is the SSA's figure, not the Notice's: its source gets a line of its own.
    wage_sources = sorted({table[year].ss_wage_base_source for year in years if table[year].ss_wage_base_source})
    for source in wage_sources:
        lines.append(f"\nSocial Security wage base: {source}.")
    return "\n".join(lines) + "\n"


SECTIONS = {"plan-fields": plan_fields_table, "rules": rules_table, "limits": limits_markdown}
_BLOCK = re.compile(r"(<!-- BEGIN GENERATED: (?P<name>[a-z-]+) -->\n)(?P<body>.*?)(<!-- END GENERATED: (?P=name) -->)", re.S)


def render(readme: str) -> str:
    """The README with every generated block brought up to date."""
    return _BLOCK.sub(lambda match: match.group(1) + SECTIONS[match.group("name")]() + match.group(4), readme)


def main(argv: list[str]) -> int:
    path = Path(argv[0] if argv else "README.md")
    text = path.read_text(encoding="utf-8")
    updated = render(text)
    if updated != text:
        path.write_text(updated, encoding="utf-8")
        print(f"updated {path}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main(sys.argv[1:]))
