"""The command line through click's CliRunner: exit codes, both formats, every command, bad input."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner, Result

from megaroth.cli import main
from megaroth import __version__
from megaroth.engine.deciding.catalog import catalog, example_base
from megaroth.engine.reading.resources import schemas_dir
from golden_files import assert_golden
from plan_overlay import TODAY as PINNED

TODAY = PINNED.isoformat()  # 2026-11-28, the date the golden files were made with


def run(*args: str, input: str | bytes | None = None) -> Result:
    result = CliRunner().invoke(main, list(args), input=input, prog_name="megaroth")
    # Whatever happens, never a traceback: click exits, or the command returns.
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result


# --- exit codes ------------------------------------------------------------------------------

ONLY_INFO = "samples/bigtech-nightly-conversion.yaml"  # MBR401, MBR402
WARNING = "samples/safe-harbor-acp-unknown.yaml"  # MBR205 warning + info
ERROR = "samples/after-tax-no-conversion-route.yaml"  # MBR102 error only
INVALID = "tests/data/invalid-yaml.yaml"


@pytest.mark.parametrize(
    ("path", "fail_on", "code"),
    [
        (ONLY_INFO, "error", 0),
        (ONLY_INFO, "warning", 0),
        (ONLY_INFO, "info", 1),
        (ONLY_INFO, "never", 0),
        (WARNING, "error", 0),
        (WARNING, "warning", 1),
        (WARNING, "info", 1),
        (WARNING, "never", 0),
        (ERROR, "error", 1),
        (ERROR, "warning", 1),
        (ERROR, "info", 1),
        (ERROR, "never", 0),
        (INVALID, "error", 2),
        (INVALID, "never", 2),  # an invalid file is never a pass
    ],
)
def test_exit_code_by_fail_on(at_repo, path, fail_on, code):
    for output_format in ("text", "json"):
        assert run("check", "--today", TODAY, "--fail-on", fail_on, "--format", output_format, path).exit_code == code


def test_fail_on_defaults_to_error(at_repo):
    assert run("check", "--today", TODAY, WARNING).exit_code == 0
    assert run("check", "--today", TODAY, ERROR).exit_code == 1


def test_one_invalid_file_among_good_ones_exits_2(at_repo):
    assert run("check", "--today", TODAY, "--fail-on", "never", ONLY_INFO, INVALID, ERROR).exit_code == 2


def test_waived_findings_do_not_fail_the_run(at_repo):
    # tests/data/waived.yaml on 2026-11-28: MBR104 (warning) waived; the MBR203 waiver expired, so
    # MBR203 and MBR002 warnings are in force.
    assert run("check", "--today", TODAY, "--fail-on", "warning", "tests/data/waived.yaml").exit_code == 1
    # On 2026-06-01 both waivers hold: nothing unwaived reaches warning.
    result = run("check", "--today", "2026-06-01", "--format", "json", "tests/data/waived.yaml")
    (report,) = json.loads(result.stdout)["files"]
    assert [(f["rule"], f["waived"]) for f in report["findings"]] == [
        ("MBR203", True),  # its waiver holds until 2026-06-30
        ("MBR104", True),
        ("MBR401", False),
        ("MBR402", False),
    ]
    assert report["verdict"] == "eligible"
    assert run("check", "--today", "2026-06-01", "--fail-on", "warning", "tests/data/waived.yaml").exit_code == 0


# --- text and JSON against golden files ------------------------------------------------------


def test_check_samples_text(at_repo):
    result = run("check", "--today", TODAY, "--fail-on", "never", "samples/")
    assert result.exit_code == 0
    assert result.stderr == ""
    assert_golden("check-samples.txt", result.stdout)


def test_check_samples_json(at_repo):
    result = run("check", "--today", TODAY, "--fail-on", "never", "--format", "json", "samples/")
    assert result.exit_code == 0
    assert_golden("check-samples.json", result.stdout)


def test_check_bad_files_text(at_repo):
    result = run("check", "--today", TODAY, "tests/data/", "no/such/plan.yaml")
    assert result.exit_code == 2
    assert_golden("check-bad-files.txt", result.stdout)


def test_output_is_byte_for_byte_repeatable(at_repo):
    args = ("check", "--today", TODAY, "--fail-on", "never", "--format", "json", "samples/", "tests/data/")
    assert run(*args).stdout == run(*args).stdout


# --- bad input -------------------------------------------------------------------------------


def test_invalid_yaml_is_one_line_with_position_and_exit_2(at_repo):
    result = run("check", "--today", TODAY, INVALID)
    assert result.exit_code == 2
    assert result.stdout.splitlines()[0] == (
        "tests/data/invalid-yaml.yaml:10:1: error MBR000 invalid YAML: did not find expected ',' or ']' "
        "(while parsing a flow sequence at line 9)"
    )
    assert result.stdout.splitlines()[1] == "tests/data/invalid-yaml.yaml: invalid (1 error)"


def test_missing_path(at_repo):
    result = run("check", "--today", TODAY, "no/such/plan.yaml")
    assert result.exit_code == 2
    assert result.stdout.splitlines() == [
        "no/such/plan.yaml: error MBR000 cannot read this path: no such file or folder",
        "no/such/plan.yaml: invalid (1 error)",
        "Checked 1 file: 1 invalid. Findings: 1 error, 0 warnings, 0 info.",
    ]


def test_folder_without_plans(tmp_path):
    (tmp_path / "notes.txt").write_text("not a plan", encoding="utf-8")
    result = run("check", str(tmp_path))
    assert result.exit_code == 2
    assert result.stdout.splitlines()[0] == f"{tmp_path}: error MBR000 no .yaml or .yml files in the folder {tmp_path}"


def test_a_folder_is_searched_recursively_in_sorted_order(tmp_path, at_repo):
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    sample = (at_repo / ONLY_INFO).read_bytes()
    for name in ("b/two.yml", "a.yaml", ".hidden/skipped.yaml", "c.YAML.txt"):
        (tmp_path / name).write_bytes(sample)
    result = run("check", "--today", TODAY, "--format", "json", str(tmp_path))
    assert [f["path"] for f in json.loads(result.stdout)["files"]] == [str(tmp_path / "a.yaml"), str(tmp_path / "b" / "two.yml")]


def test_stdin(at_repo):
    plan = (at_repo / ERROR).read_text(encoding="utf-8")
    result = run("check", "--today", TODAY, "-", input=plan)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0].startswith("<stdin>:24:1: error MBR102 after-tax contributions are allowed")
    assert result.stdout.splitlines()[1] == "<stdin>: not eligible (1 error)"


def test_stdin_invalid(at_repo):
    result = run("check", "-", input=b"megaroth: 1\nplan: [\n")
    assert result.exit_code == 2
    assert result.stdout.startswith("<stdin>:3:1: error MBR000 invalid YAML: ")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check"], "Missing argument 'PATH...'"),
        (["check", "--fail-on", "sometimes", "x.yaml"], "Invalid value for '--fail-on'"),
        (["check", "--format", "xml", "x.yaml"], "Invalid value for '--format'"),
        (["check", "--today", "28/11/2026", "x.yaml"], "Invalid value for '--today'"),
        (["frobnicate"], "No such command 'frobnicate'"),
    ],
)
def test_usage_errors_exit_2(args, message):
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_today_is_pinned_for_waivers(at_repo):
    before = run("check", "--today", "2026-06-30", "tests/data/waived.yaml").stdout
    after = run("check", "--today", "2026-07-01", "tests/data/waived.yaml").stdout
    assert "MBR002" not in before
    assert "tests/data/waived.yaml:29:5: warning MBR002 waiver 2 of MBR203 expired on 2026-06-30 (today is 2026-07-01)" in after


# --- validate --------------------------------------------------------------------------------


def test_validate_runs_no_rule(at_repo):
    result = run("validate", ERROR)  # not eligible, but a valid plan
    assert result.exit_code == 0
    assert "MBR102" not in result.stdout
    # validate says nothing about eligibility: its verdict is "valid".
    assert result.stdout.splitlines() == [
        f"{ERROR}: valid",
        "Checked 1 file: 1 valid. Findings: 0 errors, 0 warnings, 0 info.",
    ]


def test_validate_reports_schema_problems(at_repo):
    result = run("validate", "tests/data/schema-errors.yaml")
    assert result.exit_code == 2
    assert result.stdout.splitlines()[:4] == [
        "tests/data/schema-errors.yaml:9:9: error MBR000 contributions.roth must be true, false or unknown, not 'yes'; write true (YAML 1.2 reads yes/on/y as text)",
        "tests/data/schema-errors.yaml:10:3: error MBR000 contributions.after_tax is missing the required key 'allowed'",
        "tests/data/schema-errors.yaml:11:5: error MBR000 unknown key 'alowed' in contributions.after_tax; did you mean 'allowed'?",
        "tests/data/schema-errors.yaml:13:16: error MBR000 employer.nonelective must be a number, not '3%'; write 3 without the % sign (percentages are written as percent: 5 means 5%)",
    ]


def test_validate_json(at_repo):
    result = run("validate", "--format", "json", "samples/")
    report = json.loads(result.stdout)
    assert result.exit_code == 0
    assert report["summary"]["fail_on"] == "never"
    assert all(file["findings"] == [] for file in report["files"])
    assert {file["verdict"] for file in report["files"]} == {"valid"}
    assert report["summary"]["verdicts"]["valid"] == len(report["files"]) == 21


# --- rules and schema ------------------------------------------------------------------------


def test_rules_lists_the_catalog():
    result = run("rules")
    assert result.exit_code == 0
    assert_golden("rules.txt", result.stdout)
    assert [line.split()[0] for line in result.stdout.splitlines()] == list(catalog())


def test_rules_explains_one_rule():
    result = run("rules", "MBR204")
    assert result.exit_code == 0
    assert_golden("rules-MBR204.txt", result.stdout)
    assert run("rules", "mbr204").stdout == result.stdout


def test_rules_unknown_id_exits_2():
    result = run("rules", "NOPE")
    assert result.exit_code == 2
    assert result.stderr.endswith("Error: Invalid value for RULE_ID: no rule 'NOPE'; `megaroth rules` lists them\n")
    assert result.stderr.startswith("Usage: megaroth rules [OPTIONS] [RULE_ID]\n")
    assert result.stdout == ""


def test_rules_json():
    listing = json.loads(run("rules", "--format", "json").stdout)
    assert [rule["id"] for rule in listing] == list(catalog())
    one = json.loads(run("rules", "MBR303", "--format", "json").stdout)
    assert one["severity"] == "info"
    assert one["when"] == {"$and": [{"after_tax": True}, {"room_computed": True}, {"$gt": {"room": 0}}]}


def test_rules_base_prints_the_reference_plan():
    assert run("rules", "--base").stdout == example_base()


def test_schema_prints_the_plan_schema():
    result = run("schema")
    assert result.exit_code == 0
    assert result.stdout == (schemas_dir() / "plan.schema.json").read_text(encoding="utf-8")
    assert json.loads(result.stdout)["title"] == "megaroth plan, format version 1"


def test_schema_report_prints_the_report_schema():
    result = run("schema", "--report")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["title"] == "megaroth check report (--format json)"


def test_version():
    assert run("--version").stdout == f"megaroth, version {__version__}\n"


@pytest.mark.parametrize("rule_id", ["MBR106", "MBR109", "MBR110", "MBR111", "MBR112"])
def test_rules_explains_the_rules_for_unknown_answers(rule_id):
    result = run("rules", rule_id)
    assert result.exit_code == 0
    rule = catalog()[rule_id]
    assert result.stdout.startswith(f"{rule_id}: {rule.title} [{rule.severity}]\n")
    assert "Fires for " in result.stdout and "\nVerdict\n" in result.stdout and "Example that fires" in result.stdout


def test_undetermined_plan_fails_at_error_and_names_its_verdict(at_repo):
    result = run("check", "samples/unknown-answers-intake.yaml")
    assert result.exit_code == 1  # MBR109 is an error
    assert result.stdout.splitlines()[-2:] == [
        "samples/unknown-answers-intake.yaml: undetermined (1 error, 3 warnings, 2 info)",
        "Checked 1 file: 1 undetermined. Findings: 1 error, 3 warnings, 2 info.",
    ]
    assert run("check", "--fail-on", "never", "samples/unknown-answers-intake.yaml").exit_code == 0


def test_a_scenario_error_in_an_eligible_plan_still_fails_the_run(at_repo):
    result = run("check", "samples/job-change-overdeferral.yaml")
    assert result.exit_code == 1
    verdict = [line for line in result.stdout.splitlines() if line.startswith("samples/job-change-overdeferral.yaml: ")]
    assert verdict == ["samples/job-change-overdeferral.yaml: eligible (1 error, 4 info; 1 of 2 scenarios has errors)"]
