"""Reporters: the text lines and the JSON report, checked exactly and against schemas/report.schema.json."""

from __future__ import annotations

import io
import json

import pytest
from jsonschema import Draft202012Validator

from megaroth.engine.deciding.checker import check_paths
from megaroth.engine.deciding.findings import FileResult, Finding, Summary
from megaroth.engine.reporting.reporters import REPORTER_BY_NAME, JsonReporter, TextReporter
from megaroth.engine.reading.resources import schemas_dir
from megaroth.engine.running.runner import run_check
from plan_overlay import REPO, SAMPLES, TODAY

REPORT_SCHEMA = json.loads((schemas_dir() / "report.schema.json").read_text(encoding="utf-8"))
VALIDATOR = Draft202012Validator(REPORT_SCHEMA)


def _finding(**changes) -> Finding:
    values = dict(
        rule="MBR104",
        severity="warning",
        title="No automatic conversion",
        message="no automatic conversion",
        path="plan.yaml",
        line=17,
        column=1,
        pointer="/conversion",
        citations=("IRC §402A(c)(4)(A)",),
        fix="Ask.",
    )
    values.update(changes)
    return Finding(**values)


def _render(reporter_class, results, *, fail_on="error", color=False) -> str:
    stream = io.StringIO()
    reporter = reporter_class(stream, color=color)
    summary = Summary(fail_on=fail_on)
    for result in results:
        summary.add(result)
        reporter.file(result)
    reporter.finish(summary)
    return stream.getvalue()


HAND_MADE = [
    FileResult(
        "plan.yaml",
        "Plan",
        2025,
        (
            _finding(),
            _finding(rule="MBR203", line=20, column=3, message="basis", waived=True, waiver_reason="confirmed"),
            _finding(rule="MBR401", severity="info", line=21, message="1099-R"),
        ),
    ),
    FileResult("gone.yaml", None, None, (_finding(rule="MBR000", severity="error", path="gone.yaml", line=None, column=None, message="cannot read"),)),
    FileResult("clean.yaml", "Clean", 2026, ()),
]


def test_text_lines_verdicts_and_summary():
    assert _render(TextReporter, HAND_MADE) == (
        "plan.yaml:17:1: warning MBR104 no automatic conversion\n"
        "plan.yaml:20:3: warning MBR203 basis [waived: confirmed]\n"
        "plan.yaml:21:1: info MBR401 1099-R\n"
        "plan.yaml: eligible with caveats (1 warning, 1 info, 1 waived)\n"
        "gone.yaml: error MBR000 cannot read\n"
        "gone.yaml: invalid (1 error)\n"
        "clean.yaml: eligible\n"
        "Checked 3 files: 1 invalid, 1 eligible with caveats, 1 eligible. Findings: 1 error, 1 warning, 1 info, 1 waived.\n"
    )


def test_text_colour_only_when_asked():
    coloured = _render(TextReporter, HAND_MADE[:1], color=True)
    assert "plan.yaml:17:1: \033[33mwarning\033[0m MBR104" in coloured
    assert "\033[2m [waived: confirmed]\033[0m" in coloured
    assert "plan.yaml: \033[1meligible with caveats\033[0m" in coloured
    assert "\033[" not in _render(TextReporter, HAND_MADE[:1])


def test_text_counts_are_plural_where_english_is():
    results = [FileResult("a.yaml", "A", 2025, (_finding(), _finding(rule="MBR105"), _finding(rule="MBR401", severity="info"), _finding(rule="MBR402", severity="info")))]
    assert _render(TextReporter, results).splitlines()[-2:] == [
        "a.yaml: eligible with caveats (2 warnings, 2 info)",
        "Checked 1 file: 1 eligible with caveats. Findings: 0 errors, 2 warnings, 2 info.",
    ]


def test_empty_run_says_none():
    assert _render(TextReporter, []) == "Checked 0 files: none. Findings: 0 errors, 0 warnings, 0 info.\n"


def test_json_report_of_hand_made_results():
    report = json.loads(_render(JsonReporter, HAND_MADE, fail_on="warning"))
    VALIDATOR.validate(report)
    assert report["summary"] == {
        "files": 3,
        "verdicts": {"invalid": 1, "not_eligible": 0, "undetermined": 0, "eligible_with_caveats": 1, "eligible": 1},
        "findings": {"error": 1, "warning": 1, "info": 1, "waived": 1},
        "fail_on": "warning",
        "exit_code": 2,
    }
    first = report["files"][0]["findings"][1]
    assert first == {
        "rule": "MBR203",
        "severity": "warning",
        "title": "No automatic conversion",
        "message": "basis",
        "path": "plan.yaml",
        "line": 20,
        "column": 3,
        "pointer": "/conversion",
        "citations": ["IRC §402A(c)(4)(A)"],
        "fix": "Ask.",
        "waived": True,
        "waiver_reason": "confirmed",
        "scope": "plan",
        "participant": None,
    }
    assert report["files"][1]["findings"][0]["line"] is None


def test_reporters_by_name():
    assert REPORTER_BY_NAME["text"] is TextReporter
    assert REPORTER_BY_NAME["json"] is JsonReporter


# --- the report schema -----------------------------------------------------------------------


def test_report_schema_is_valid_and_fully_described():
    Draft202012Validator.check_schema(REPORT_SCHEMA)

    def walk(node, path):
        if node.get("type") == "object" or "properties" in node:
            assert node.get("additionalProperties") is False, f"{path} accepts unknown keys"
        for name, inner in node.get("properties", {}).items():
            assert inner.get("description") or "$ref" in inner, f"{path}/{name} has no description"
            walk(inner, f"{path}/{name}")
        for name, inner in node.get("$defs", {}).items():
            assert inner.get("description"), f"$defs/{name} has no description"
            walk(inner, f"$defs/{name}")
        if isinstance(node.get("items"), dict):
            walk(node["items"], f"{path}/items")

    walk(REPORT_SCHEMA, "")


def _json_report(paths, *, schema_only=False, fail_on="error") -> dict:
    stream = io.StringIO()
    run_check(paths, [JsonReporter(stream)], fail_on=fail_on, today=TODAY, schema_only=schema_only)
    return json.loads(stream.getvalue())


@pytest.mark.parametrize("sample", sorted(SAMPLES.glob("*.yaml")), ids=lambda path: path.name)
def test_every_sample_report_matches_the_schema(sample):
    report = _json_report([str(sample)])
    VALIDATOR.validate(report)
    (file,) = report["files"]
    assert file["path"] == str(sample)


@pytest.mark.parametrize("name", ["invalid-yaml.yaml", "duplicate-key.yaml", "schema-errors.yaml", "waived.yaml"])
def test_reports_of_bad_and_waived_files_match_the_schema(name):
    VALIDATOR.validate(_json_report([str(REPO / "tests" / "data" / name)]))


def test_missing_file_and_validate_reports_match_the_schema():
    VALIDATOR.validate(_json_report([str(REPO / "no-such.yaml")]))
    VALIDATOR.validate(_json_report([str(SAMPLES)], schema_only=True, fail_on="never"))


def test_schema_rejects_what_the_report_never_holds():
    report = _json_report([str(SAMPLES / "participants-2025.yaml")])
    report["files"][0]["participants"][0]["room"] = 1
    assert not VALIDATOR.is_valid(report)
    report = _json_report([str(SAMPLES / "participants-2025.yaml")])
    report["files"][0]["verdict"] = "maybe"
    assert not VALIDATOR.is_valid(report)


def test_participants_in_the_json_report_are_whole_dollars():
    report = _json_report([str(SAMPLES / "participants-2025.yaml")])
    seed = report["files"][0]["participants"][0]
    assert seed == {
        "name": "example-200k",
        "limit_415c": 70000,
        "deferral": 23500,
        "catch_up": 0,
        "match": 10000,
        "nonelective": 0,
        "profit_sharing": 0,
        "plan_cap": None,
        "after_tax_room": 36500,
        "pay_periods": 26,
        "per_pay_period": 1403,
    }


def test_results_stream_one_file_at_a_time():
    results = check_paths([str(SAMPLES)], TODAY)
    first = next(results)
    assert first.path.endswith("acp-failing-quarterly-rollover.yaml")


SCENARIOS = FileResult(
    "plan.yaml",
    "Plan",
    2025,
    (
        _finding(rule="MBR302", severity="error", line=30, message="over", scope="participant", participant_index=0, participant="a"),
        _finding(rule="MBR302", severity="error", line=35, message="over", scope="participant", participant_index=1, participant="b"),
    ),
    scenarios=5,
)


def test_text_verdict_line_counts_the_scenarios_with_errors():
    lines = _render(TextReporter, [SCENARIOS]).splitlines()
    assert lines[-2] == "plan.yaml: eligible (2 errors; 2 of 5 scenarios have errors)"
    one = FileResult("one.yaml", "P", 2025, SCENARIOS.findings[:1], scenarios=1)
    assert _render(TextReporter, [one]).splitlines()[-2] == "one.yaml: eligible (1 error; 1 of 1 scenario has errors)"


def test_json_findings_carry_scope_and_participant():
    report = json.loads(_render(JsonReporter, [SCENARIOS]))
    VALIDATOR.validate(report)
    assert [(f["scope"], f["participant"]) for f in report["files"][0]["findings"]] == [
        ("participant", {"index": 0, "name": "a"}),
        ("participant", {"index": 1, "name": "b"}),
    ]
    assert report["files"][0]["verdict"] == "eligible"
    assert report["summary"]["exit_code"] == 1


def test_undetermined_sample_reports_match_the_schema():
    report = _json_report([str(SAMPLES / "unknown-answers-intake.yaml")])
    VALIDATOR.validate(report)
    entry = report["files"][0]
    assert entry["verdict"] == "undetermined"
    assert report["summary"]["verdicts"]["undetermined"] == 1
    # The 55-year-old's room was not computed (MBR112), so only the analyst's year is reported.
    assert [p["name"] for p in entry["participants"]] == ["analyst-120k"]
    scopes = {f["rule"]: (f["scope"], f["participant"]) for f in entry["findings"]}
    assert scopes["MBR109"] == ("plan", None)
    assert scopes["MBR112"] == ("participant", {"index": 1, "name": "manager-55"})


# --- notes that are the same in every file: once per run in text, per file elsewhere ------

_PA = "Pennsylvania taxes 401(k) deferrals on the way in"
NOTED = [
    FileResult(
        "a.yaml",
        "A",
        2025,
        (
            _finding(),
            _finding(rule="MBR401", severity="info", line=21, message="1099-R note", note="1099-R note"),
            _finding(rule="MBR403", severity="info", line=30, message=f"participant pat: {_PA}", note=_PA),
            _finding(rule="MBR403", severity="info", line=35, message=f"participant lee: {_PA}", note=_PA),
        ),
    ),
    FileResult(
        "b.yaml",
        "B",
        2025,
        (
            _finding(rule="MBR401", severity="info", line=9, message="1099-R note", note="1099-R note"),
            _finding(rule="MBR401", severity="info", line=9, message="1099-R note", note="1099-R note", waived=True, waiver_reason="known"),
        ),
    ),
]


def test_text_prints_each_note_once_after_the_files():
    assert _render(TextReporter, NOTED).splitlines() == [
        "plan.yaml:17:1: warning MBR104 no automatic conversion",
        "plan.yaml:30:1: info MBR403 participant pat: see note 2 below",
        "plan.yaml:35:1: info MBR403 participant lee: see note 2 below",
        "a.yaml: eligible with caveats (1 warning, 3 info)",
        # A waived note keeps its own line and its waiver; it is not counted in the note.
        "plan.yaml:9:1: info MBR401 1099-R note [waived: known]",
        "b.yaml: eligible (1 info, 1 waived)",
        "Notes, the same in every file they apply to:",
        "1. info MBR401 (2 files): 1099-R note",
        f"2. info MBR403 (1 file, 2 times): {_PA}",
        "Checked 2 files: 1 eligible with caveats, 1 eligible. Findings: 0 errors, 1 warning, 4 info, 1 waived.",
    ]


def test_quiet_text_prints_notes_only_when_they_reach_the_fail_level():
    def render(fail_on: str) -> list[str]:
        stream = io.StringIO()
        reporter = TextReporter(stream, fail_on=fail_on, quiet=True)
        summary = Summary(fail_on=fail_on)
        for result in NOTED:
            summary.add(result)
            reporter.file(result)
        reporter.finish(summary)
        return stream.getvalue().splitlines()

    assert not [line for line in render("error") if "note" in line.lower()]
    assert render("info")[-3:-1] == ["1. info MBR401 (2 files): 1099-R note", f"2. info MBR403 (1 file, 2 times): {_PA}"]


def test_json_keeps_every_note_in_every_file():
    document = json.loads(_render(JsonReporter, NOTED))
    assert [finding["message"] for finding in document["files"][0]["findings"]] == [
        "no automatic conversion",
        "1099-R note",
        f"participant pat: {_PA}",
        f"participant lee: {_PA}",
    ]
    assert "note" not in document["files"][0]["findings"][1]


def test_the_catalogs_notes_end_their_messages():
    from megaroth.engine.deciding.catalog import catalog

    noted = {rule.id: rule.note for rule in catalog().values() if rule.note is not None}
    assert sorted(noted) == ["MBR401", "MBR402", "MBR403"]
    assert noted["MBR403"] == "{state_note}"
    assert all(catalog()[rule_id].message.endswith(note) for rule_id, note in noted.items())
