"""The README's generated sections match the schema, the catalog and the limits table."""

from __future__ import annotations

from pathlib import Path

from megaroth.engine.reporting import docs

README = Path(__file__).resolve().parent.parent / "README.md"


def test_readme_generated_sections_are_current() -> None:
    text = README.read_text(encoding="utf-8")
    assert docs.render(text) == text, "README is stale: run `python -m megaroth.engine.reporting.docs README.md`"


def test_readme_lists_every_rule_and_every_year() -> None:
    text = README.read_text(encoding="utf-8")
    for rule_id in ("MBR000", "MBR105", "MBR204", "MBR301", "MBR403"):
        assert f"| {rule_id} |" in text
    assert "| Source | IRS Notice 2018-83 | IRS Notice 2019-59 | IRS Notice 2020-79 | IRS Notice 2021-61 | IRS Notice 2022-55 | IRS Notice 2023-75 | IRS Notice 2024-80 | IRS Notice 2025-67 |" in text


def test_plan_fields_table_names_nested_fields() -> None:
    table = docs.plan_fields_table()
    assert "| `contributions.after_tax.max_percent` | number |  | Plan cap on after-tax contributions" in table
    assert "| `participants[].deferral` | `max` or number | yes |" in table
    assert "| `plan.document` | `individually_designed` \\| `pre_approved` \\| `solo_prototype` \\| `solo_custom` | yes |" in table


def test_render_replaces_only_marked_blocks() -> None:
    text = "intro\n<!-- BEGIN GENERATED: rules -->\nstale\n<!-- END GENERATED: rules -->\noutro\n"
    rendered = docs.render(text)
    assert rendered.startswith("intro\n<!-- BEGIN GENERATED: rules -->\n| id | severity | title | citations |\n")
    assert "stale" not in rendered
    assert rendered.endswith("<!-- END GENERATED: rules -->\noutro\n")
