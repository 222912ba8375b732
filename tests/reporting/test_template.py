"""megaroth init: a commented template that validates as is, and never replaces a file without --force."""

from __future__ import annotations

import re
from datetime import date

import pytest

from megaroth.engine.deciding.checker import check_bytes
from megaroth.engine.money.limits import known_years
from megaroth.engine.reading.loader import load_bytes
from megaroth.engine.reporting.template import DOCUMENT_NOTES, render
from megaroth.engine.reading.validation import plan_schema, validate
from formats_support import run_cli

DOCUMENTS = sorted(DOCUMENT_NOTES)


def _field_names(schema, into):
    for name, sub in schema.get("properties", {}).items():
        into.add(name)
        _field_names(sub, into)
        if isinstance(sub.get("items"), dict):
            _field_names(sub["items"], into)
    return into


def _uncommented(text: str) -> str:
    """The template with every commented-out field switched on."""
    return "\n".join(re.sub(r"^(\s*)# (\s*(?:[a-z_]+:|- ).*)$", r"\1\2", line) for line in text.splitlines()) + "\n"


@pytest.mark.parametrize("document", DOCUMENTS)
def test_template_validates_as_is_and_says_undetermined_until_filled_in(document):
    text = render(document)
    data = load_bytes(text.encode()).data
    assert validate(data) == []
    assert data["plan"] == {"name": "Example Company 401(k) Plan", "year": known_years()[-1], "document": document}
    result = check_bytes(text.encode(), "plan.yaml", date(2026, 11, 28))
    # Silence is unknown, not no: the after-tax source and both routes start unknown, and each asks its question.
    shift = 1 if document == "pre_approved" else 0  # its document comment is a line longer
    assert [(f.rule, f.line) for f in result.findings] == [("MBR106", 51 + shift), ("MBR109", 97 + shift)]
    assert result.verdict == "undetermined"


@pytest.mark.parametrize("document", DOCUMENTS)
def test_every_field_of_the_format_is_in_the_template_and_valid_when_switched_on(document):
    text = render(document)
    for name in _field_names(plan_schema(), set()):
        assert re.search(rf"^\s*(# )?\s*(- )?{name}:", text, re.MULTILINE), name
    full = load_bytes(_uncommented(text).encode()).data
    assert validate(full) == []
    assert set(full) == set(plan_schema()["properties"])


def test_template_names_the_spd_wording_to_look_for():
    text = render("individually_designed")
    for wording in (
        "voluntary after-tax contributions",
        "post-86 employee contributions",
        "in-plan Roth rollover",
        "in-service withdrawal",
    ):
        assert wording in text


def test_init_writes_refuses_to_overwrite_and_forces(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run_cli(["init", "--document", "solo_custom"])
    assert result.exit_code == 0
    assert (tmp_path / "plan.yaml").read_text(encoding="utf-8") == render("solo_custom", "plan.yaml")
    (tmp_path / "plan.yaml").write_text("my edits\n")
    result = run_cli(["init"])
    assert result.exit_code == 2
    assert result.stderr == "megaroth: plan.yaml: already exists; megaroth does not replace a file without --force\n"
    assert (tmp_path / "plan.yaml").read_text() == "my edits\n"
    assert run_cli(["init", "plan.yaml", "--force"]).exit_code == 0
    assert (tmp_path / "plan.yaml").read_text(encoding="utf-8") == render("individually_designed", "plan.yaml")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.yaml"]


def test_init_to_stdout_and_the_written_file_checks(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run_cli(["init", "-", "--document", "pre_approved"]).stdout == render("pre_approved")
    run_cli(["init", "acme.yaml", "--document", "pre_approved"])
    assert "megaroth check acme.yaml" in (tmp_path / "acme.yaml").read_text()
    assert run_cli(["validate", "acme.yaml"]).exit_code == 0
