"""--format/--output pairs, atomic report files, colour and the progress bar (engine/running/outputs.py, cli.py)."""

from __future__ import annotations

import io
import json
import os
import shutil
import xml.etree.ElementTree as ET

import pytest

from megaroth import cli
from megaroth.engine.running import runner
from megaroth.engine.deciding.findings import FAIL_LEVELS
from megaroth.engine.running.outputs import run_to_outputs
from megaroth.engine.reporting.reporters import REPORTER_BY_NAME
from megaroth.engine.running.settings import OutputSpec, Settings, SettingsError, pair_outputs, resolve
from formats_support import ROOT, TODAY, run_cli

SAMPLE = "samples/roth-401k-only.yaml"


class Terminal(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def test_cli_choices_are_the_engines():
    assert cli.FORMATS == tuple(REPORTER_BY_NAME)
    assert cli.FAIL_LEVELS == FAIL_LEVELS


def test_several_formats_in_one_run_each_to_its_own_place(monkeypatch, tmp_path):
    monkeypatch.chdir(ROOT)
    result = run_cli(
        ["check", SAMPLE, "--today", TODAY, "-f", "sarif", "-o", str(tmp_path / "r.sarif"),
         "-f", "junit", "-o", str(tmp_path / "r.xml"), "-f", "text", "-o", "-"]
    )
    assert result.exit_code == 1
    assert result.stdout.splitlines()[-1] == "Checked 1 file: 1 not eligible. Findings: 1 error, 1 warning, 0 info."
    assert [r["ruleId"] for r in json.loads((tmp_path / "r.sarif").read_text())["runs"][0]["results"]] == [
        "MBR101", "MBR202"
    ]
    assert ET.parse(tmp_path / "r.xml").getroot().get("failures") == "1"
    assert sorted(os.listdir(tmp_path)) == ["r.sarif", "r.xml"]


@pytest.mark.parametrize(
    ("formats", "outputs", "message"),
    [
        (["sarif", "json"], [], "2 --format options need 2 --output options"),
        (["sarif", "json"], ["a"], "2 --format options need 2 --output options"),
        (["sarif", "json"], ["-", "-"], "only one report can go to standard output"),
        (["sarif", "json"], ["a", "a"], "two reports would be written to a"),
        ([], ["a", "b"], "1 --format options need 1 --output options"),
    ],
)
def test_output_pairing_errors(formats, outputs, message):
    with pytest.raises(SettingsError, match=message):
        pair_outputs(formats, outputs, "text")


def test_output_pairing_defaults():
    assert pair_outputs([], [], "sarif") == (OutputSpec("sarif", None),)
    assert pair_outputs([], ["r.txt"], "text") == (OutputSpec("text", "r.txt"),)
    assert pair_outputs(["json", "text"], ["r.json", "-"], "text") == (
        OutputSpec("json", "r.json"), OutputSpec("text", None)
    )


def test_an_existing_report_is_kept_without_force_and_replaced_with_it(monkeypatch, tmp_path):
    monkeypatch.chdir(ROOT)
    target = tmp_path / "report.json"
    target.write_text("yesterday's report\n")
    result = run_cli(["check", SAMPLE, "-f", "json", "-o", str(target)])
    assert result.exit_code == 2
    assert result.stderr == f"megaroth: {target}: already exists; megaroth does not replace a file without --force\n"
    assert target.read_text() == "yesterday's report\n"
    result = run_cli(["check", SAMPLE, "-f", "json", "-o", str(target), "--force"])
    assert result.exit_code == 1
    assert json.loads(target.read_text())["summary"]["exit_code"] == 1


def test_a_report_never_replaces_a_plan_being_checked(monkeypatch, tmp_path):
    plan = tmp_path / "plan.yaml"
    shutil.copy(ROOT / SAMPLE, plan)
    before = plan.read_bytes()
    monkeypatch.chdir(tmp_path)
    result = run_cli(["check", ".", "-o", "plan.yaml", "--force"])
    assert result.exit_code == 2
    assert "is one of the plan files being checked" in result.stderr
    assert plan.read_bytes() == before


def test_an_interrupted_run_leaves_no_report_file(monkeypatch, tmp_path):
    monkeypatch.chdir(ROOT)
    real = runner.check_source
    calls = []

    def interrupt_on_second(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(runner, "check_source", interrupt_on_second)
    settings = resolve(config_file=None, fail_on=None, formats=["sarif", "text"],
                       outputs=[str(tmp_path / "r.sarif"), str(tmp_path / "r.txt")], select=(), ignore=(), exclude=())
    assert run_to_outputs(["samples/"], settings, stdout=io.StringIO(), stderr=io.StringIO()) == 130
    assert os.listdir(tmp_path) == []


def _settings(fmt: str = "text") -> Settings:
    return resolve(config_file=None, fail_on=None, formats=[fmt], outputs=[], select=(), ignore=(), exclude=())


def test_colour_only_on_a_terminal_and_never_with_no_color(monkeypatch):
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("NO_COLOR", raising=False)
    terminal, plain = Terminal(), io.StringIO()
    run_to_outputs([SAMPLE], _settings(), stdout=terminal, stderr=io.StringIO())
    run_to_outputs([SAMPLE], _settings(), stdout=plain, stderr=io.StringIO())
    assert "\033[31merror\033[0m MBR101" in terminal.getvalue()
    assert "\033[" not in plain.getvalue()
    monkeypatch.setenv("NO_COLOR", "1")
    no_color = Terminal()
    run_to_outputs([SAMPLE], _settings(), stdout=no_color, stderr=io.StringIO())
    assert no_color.getvalue() == plain.getvalue()


def _plans(folder, count):
    folder.mkdir()
    for index in range(count):
        shutil.copy(ROOT / "samples" / "bigtech-nightly-conversion.yaml", folder / f"plan-{index:03}.yaml")
    return str(folder)


def test_progress_bar_on_a_terminal_stderr_for_more_than_50_files(tmp_path):
    stderr, stdout = Terminal(), io.StringIO()
    code = run_to_outputs([_plans(tmp_path / "many", 51)], _settings("sarif"), stdout=stdout, stderr=stderr)
    assert code == 0
    assert "Checking" in stderr.getvalue() and "51/51" in stderr.getvalue()
    assert "Checking" not in stdout.getvalue()


def test_no_progress_bar_for_50_files_or_a_non_terminal_or_a_report_on_the_terminal(tmp_path):
    few = _plans(tmp_path / "few", 50)
    stderr = Terminal()
    run_to_outputs([few], _settings("sarif"), stdout=io.StringIO(), stderr=stderr)
    assert stderr.getvalue() == ""
    many = _plans(tmp_path / "many", 51)
    stderr = io.StringIO()
    run_to_outputs([many], _settings("sarif"), stdout=io.StringIO(), stderr=stderr)
    assert stderr.getvalue() == ""
    stderr = Terminal()
    run_to_outputs([many], _settings("text"), stdout=Terminal(), stderr=stderr)
    assert stderr.getvalue() == ""


def test_shell_completion_works_as_documented():
    from click.testing import CliRunner

    result = CliRunner().invoke(
        cli.main, [], prog_name="megaroth",
        env={"_MEGAROTH_COMPLETE": "bash_complete", "COMP_WORDS": "megaroth ch", "COMP_CWORD": "1"},
    )
    assert result.exit_code == 0
    assert result.stdout.split() == ["plain,check"]
    script = CliRunner().invoke(cli.main, [], prog_name="megaroth", env={"_MEGAROTH_COMPLETE": "bash_source"})
    assert "_megaroth_completion" in script.stdout


def test_two_outputs_naming_one_file_in_different_spellings_are_refused_before_writing(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    shutil.copy(ROOT / SAMPLE, "plan.yaml")
    os.mkdir("o2")
    os.symlink("o2", "linked")
    for second in ("./o2/r.out", "linked/r.out", "o2/../o2/r.out"):
        for force in ([], ["--force"]):
            result = run_cli(["check", "plan.yaml", "-f", "json", "-o", "o2/r.out", "-f", "sarif", "-o", second, *force])
            assert result.stderr == f"megaroth: two reports would be written to o2/r.out (also named {second})\n"
            assert result.exit_code == 2
            assert os.listdir("o2") == []


def test_the_same_spelling_twice_keeps_its_message():
    with pytest.raises(SettingsError) as raised:
        pair_outputs(["json", "sarif"], ["r.out", "r.out"], "text")
    assert str(raised.value) == "two reports would be written to r.out"


def test_standard_input_given_twice_is_refused(monkeypatch):
    monkeypatch.chdir(ROOT)
    result = run_cli(["check", "-", "-"], input=(ROOT / SAMPLE).read_text())
    assert result.stdout == ""
    assert result.stderr == "megaroth: - (standard input) is given more than once; it can be read only once\n"
    assert result.exit_code == 2


def test_excluding_every_path_says_no_file_was_checked(monkeypatch):
    monkeypatch.chdir(ROOT)
    result = run_cli(["check", SAMPLE, "samples/", "--exclude", "*"])
    assert result.stdout == "Checked 0 files: none. Findings: 0 errors, 0 warnings, 0 info.\n"
    assert result.stderr == "megaroth: no files were checked: the exclude globs match every path given\n"
    # Not an error: a pre-commit hook names only the changed files, and every one may be excluded.
    assert result.exit_code == 0


def test_the_same_file_given_three_times_is_checked_and_counted_once(monkeypatch):
    monkeypatch.chdir(ROOT)
    once = run_cli(["check", SAMPLE])
    result = run_cli(["check", SAMPLE, SAMPLE, f"./{SAMPLE}"])
    assert result.stdout == once.stdout
    assert result.stdout.splitlines()[-1] == "Checked 1 file: 1 not eligible. Findings: 1 error, 1 warning, 0 info."


@pytest.mark.parametrize("value", ["0", "257", "99999999999999999999"])
def test_jobs_outside_1_to_256_is_a_usage_error(monkeypatch, value):
    monkeypatch.chdir(ROOT)
    result = run_cli(["check", SAMPLE, "-j", value])
    assert result.stderr.splitlines()[-1] == (
        f"Error: Invalid value for '--jobs' / '-j': {value} is not in the range 1<=x<=256."
    )
    assert result.exit_code == 2


def test_the_cli_and_the_runner_agree_on_the_jobs_maximum():
    assert cli.MAX_JOBS == runner.MAX_JOBS


@pytest.mark.parametrize(
    ("jobs", "files", "cpus", "expected"),
    [
        (2, 10_000, 2, 2),
        (256, 10_000, 2, 8),  # 4 per CPU
        (64, 100, 64, 4),  # 100 files are 4 chunks of 32: a fifth worker would have nothing to do
        (8, 64, 16, 2),
        (3, 1, 1, 1),
    ],
)
def test_workers_are_capped_at_the_work_and_four_per_cpu(monkeypatch, jobs, files, cpus, expected):
    monkeypatch.setattr(runner, "default_jobs", lambda: cpus)
    assert runner.workers(jobs, files) == expected


def test_the_pool_is_started_with_the_capped_number_of_workers(monkeypatch):
    started = []
    monkeypatch.setattr(runner, "default_jobs", lambda: 2)
    monkeypatch.setattr(runner, "_in_workers", lambda sources, today, schema_only, selection, jobs: started.append(jobs) or iter(()))
    sources = [runner.Source(f"p{index}.yaml", None) for index in range(1_000)]
    assert list(runner.check_results(sources, runner.date(2026, 1, 1), jobs=256)) == []
    assert started == [8]
