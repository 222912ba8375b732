"""What users of good linters expect: colour, quiet, completion, formats, -V, files written."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from megaroth import __version__, cli
from megaroth.engine.deciding.catalog import catalog
from megaroth.engine.running import terminal

TODAY = "2026-11-28"
WARNING = "samples/safe-harbor-acp-unknown.yaml"  # MBR205 warning + MBR401/MBR402 info
ONLY_INFO = "samples/bigtech-nightly-conversion.yaml"  # MBR401, MBR402
INVALID = "tests/data/invalid-yaml.yaml"
RED_ERROR = "\033[31merror\033[0m"
NO_ENV = {"NO_COLOR": None, "FORCE_COLOR": None}


def run(*args: str, env: dict[str, str | None] | None = None) -> Result:
    result = CliRunner().invoke(cli.main, list(args), env={**NO_ENV, **(env or {})}, prog_name="megaroth")
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


@pytest.fixture(autouse=True)
def _at_repo(at_repo):
    return at_repo


# --- --color ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("option", "env", "coloured"),
    [
        ([], {}, False),  # auto: CliRunner's stdout is no terminal
        (["--color", "auto"], {}, False),
        ([], {"FORCE_COLOR": "1"}, True),
        ([], {"FORCE_COLOR": ""}, False),  # empty means unset
        ([], {"NO_COLOR": "1", "FORCE_COLOR": "1"}, False),  # NO_COLOR wins over FORCE_COLOR
        ([], {"NO_COLOR": "", "FORCE_COLOR": "1"}, True),
        (["--color", "always"], {}, True),
        (["--color", "always"], {"NO_COLOR": "1"}, True),  # the option wins over both variables
        (["--color", "never"], {"FORCE_COLOR": "1"}, False),
    ],
)
def test_color_precedence(option, env, coloured):
    result = run("check", "--today", TODAY, *option, "samples/roth-401k-only.yaml", env=env)
    assert result.exit_code == 1
    assert (RED_ERROR in result.stdout) is coloured
    assert ("\033[" in result.stdout) is coloured


def test_color_on_validate_and_never_in_files(tmp_path):
    result = run("validate", "--color", "always", INVALID)
    assert result.exit_code == 2 and f"{INVALID}:10:1: {RED_ERROR} MBR000" in result.stdout
    report = tmp_path / "report.txt"
    assert run("check", "--color", "always", "-o", str(report), INVALID).exit_code == 2
    assert "\033[" not in report.read_text(encoding="utf-8")


def test_color_auto_on_a_terminal(monkeypatch):
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    assert terminal.use_color(Terminal()) is True
    assert terminal.use_color(io.StringIO()) is False
    assert terminal.use_color(Terminal(), "never") is False
    monkeypatch.setenv("NO_COLOR", "1")
    assert terminal.use_color(Terminal()) is False
    assert terminal.use_color(io.StringIO(), "always") is True
    with pytest.raises(ValueError) as caught:
        terminal.use_color(Terminal(), "sometimes")
    assert str(caught.value) == "color mode must be one of auto, always, never, not 'sometimes'"


def test_color_choices_are_the_engines_and_help_says_the_precedence():
    assert cli.COLOR_MODES == terminal.COLOR_MODES
    text = " ".join(run("check", "--help").stdout.split())
    assert "--color [auto|always|never]" in text
    assert "never when NO_COLOR is set (non-empty), always when FORCE_COLOR is set (non-empty; NO_COLOR wins if both are)" in text
    assert "always/never win over both variables" in text


def test_bad_color_is_a_usage_error():
    result = run("check", "--color", "sometimes", WARNING)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: Invalid value for '--color': 'sometimes' is not one of 'auto', 'always', 'never'."
    )


# --- -q/--quiet -------------------------------------------------------------------------------

INVALID_LINES = [
    f"{INVALID}:10:1: error MBR000 invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence at line 9)",
    f"{INVALID}: invalid (1 error)",
]


def test_quiet_shows_only_what_reaches_the_fail_level_and_the_summary():
    result = run("check", "-q", "--today", TODAY, WARNING, ONLY_INFO, INVALID)
    assert result.exit_code == 2
    # Nothing reaches --fail-on error but the invalid file: the clean files print no verdict line.
    assert result.stdout.splitlines() == INVALID_LINES + [
        "Checked 3 files: 1 invalid, 1 eligible with caveats, 1 eligible. Findings: 1 error, 1 warning, 4 info.",
    ]
    assert result.stderr == ""


def test_quiet_follows_fail_on():
    result = run("check", "--quiet", "--fail-on", "warning", "--today", TODAY, WARNING, ONLY_INFO)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert [line.split(" MBR")[0] for line in lines[:-2]] == [f"{WARNING}:31:1: warning"]
    assert lines[-2:] == [
        f"{WARNING}: eligible with caveats (1 warning, 2 info)",  # the verdict of a file that shows a finding
        "Checked 2 files: 1 eligible with caveats, 1 eligible. Findings: 0 errors, 1 warning, 4 info.",
    ]


def test_quiet_with_nothing_failing_prints_only_the_summary():
    result = run("check", "-q", "--today", TODAY, ONLY_INFO)
    assert result.exit_code == 0
    assert result.stdout == "Checked 1 file: 1 eligible. Findings: 0 errors, 0 warnings, 2 info.\n"


def test_quiet_validate():
    result = run("validate", "-q", "samples/roth-401k-only.yaml", INVALID)
    assert result.exit_code == 2
    assert result.stdout.splitlines() == INVALID_LINES + [
        "Checked 2 files: 1 invalid, 1 valid. Findings: 1 error, 0 warnings, 0 info."
    ]


@pytest.mark.parametrize("fmt", ["json", "sarif", "junit", "github"])
def test_quiet_refuses_a_run_without_a_text_report(fmt):
    result = run("check", "-q", "-f", fmt, WARNING)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"megaroth: --quiet shortens the text report, and this run writes none (--format {fmt})\n"


def test_quiet_leaves_machine_reports_whole(tmp_path):
    sarif = tmp_path / "r.sarif"
    result = run("check", "-q", "--today", TODAY, "-f", "text", "-o", "-", "-f", "sarif", "-o", str(sarif), WARNING)
    assert result.exit_code == 0
    assert result.stdout == "Checked 1 file: 1 eligible with caveats. Findings: 0 errors, 1 warning, 2 info.\n"
    results = json.loads(sarif.read_text(encoding="utf-8"))["runs"][0]["results"]
    assert sorted(r["ruleId"] for r in results) == ["MBR205", "MBR401", "MBR402"]


# --- shell completion -------------------------------------------------------------------------


def complete(words: str) -> list[str]:
    """What bash completion offers for ``words`` (the word being typed is the last one; "" for a new one)."""
    parts = words.split(" ")
    result = CliRunner().invoke(
        cli.main,
        [],
        prog_name="megaroth",
        env={"_MEGAROTH_COMPLETE": "bash_complete", "COMP_WORDS": words, "COMP_CWORD": str(len(parts) - 1)},
    )
    assert result.exit_code == 0
    return result.stdout.splitlines()


def test_rule_ids_complete_for_rules_and_select_and_ignore():
    assert complete("megaroth rules MBR30") == [
        "plain,MBR301",
        "plain,MBR302",
        "plain,MBR303",
        "plain,MBR304",
        "plain,MBR305",
        "plain,MBR306",
        "plain,MBR307",
        "plain,MBR308",
    ]
    assert complete("megaroth rules mbr40") == ["plain,MBR401", "plain,MBR402", "plain,MBR403"]
    assert complete("megaroth check --select MBR00") == ["plain,MBR000", "plain,MBR001", "plain,MBR002", "plain,MBR003"]
    assert complete("megaroth check --ignore MBR10") == [
        "plain,MBR101", "plain,MBR102", "plain,MBR103", "plain,MBR104", "plain,MBR105", "plain,MBR106", "plain,MBR107",
        "plain,MBR108", "plain,MBR109",
    ]
    assert complete("megaroth check --select MBR101,MBR20") == [f"plain,MBR101,MBR20{n}" for n in range(1, 8)]
    assert complete("megaroth rules ") == [f"plain,{rule_id}" for rule_id in catalog()]
    assert complete("megaroth rules XYZ") == [""]  # bash_complete prints an empty line for no match


def test_rule_id_completion_carries_the_title():
    param = next(p for p in cli.rules.params if p.name == "rule_id")
    items = param.shell_complete(None, "MBR204")
    assert [(item.value, item.help, item.type) for item in items] == [
        ("MBR204", "Employer contributions leave no room at the pay limit", "plain")
    ]


@pytest.mark.parametrize(
    "words",
    [
        "megaroth check sam",
        "megaroth validate sam",
        "megaroth check -o sam",
        "megaroth validate --output sam",
        "megaroth init sam",
        "megaroth headroom --plan sam",
        "megaroth project --chart sam",
    ],
)
def test_paths_complete_as_files(words):
    assert complete(words) == ["file,sam"]


# --- formats each command can produce ---------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "accepted"),
    [
        (["check", "--today", TODAY, ONLY_INFO], ("text", "json", "sarif", "junit", "github")),
        (["validate", ONLY_INFO], ("text", "json", "sarif", "junit", "github")),
        (["rules"], ("text", "json")),
        (["rules", "MBR204"], ("text", "json")),
        (["headroom", "--year", "2025", "--salary", "200000"], ("text", "json")),
        (["project", "--year", "2025", "--amount", "1000", "--years", "2"], ("text", "json", "csv")),
    ],
)
def test_each_command_accepts_only_the_formats_it_produces(command, accepted):
    for fmt in ("text", "json", "sarif", "junit", "github", "csv"):
        result = run(*command, "--format", fmt)
        if fmt in accepted:
            assert result.exit_code == 0, (command, fmt, result.output)
            assert result.stdout != ""
        else:
            choices = ", ".join(f"'{name}'" for name in accepted)
            option = "'--format' / '-f'" if command[0] in ("check", "validate") else "'--format'"
            assert result.exit_code == 2, (command, fmt)
            assert result.stdout == ""
            assert result.stderr.splitlines()[-1] == (
                f"Error: Invalid value for {option}: '{fmt}' is not one of {choices}."
            ), (command, fmt)


def test_rules_json_lists_and_explains():
    listing = json.loads(run("rules", "--format", "json").stdout)
    assert [rule["id"] for rule in listing] == list(catalog())
    one = json.loads(run("rules", "MBR204", "--format", "json").stdout)
    assert one["id"] == "MBR204" and one["severity"] == "warning"
    assert one["condition"] == (
        "Fires for the plan when the plan allows after-tax contributions, megaroth has the IRS limits for the "
        "plan year, and the after-tax room (dollars) of a participant paid the §401(a)(17) limit who defers the "
        "§402(g) maximum is at most 0."
    )


def test_rules_text_has_no_engine_json():
    for rule_id in catalog():
        text = run("rules", rule_id).stdout
        what = text.split("What it does\n")[1].split("\n\n")[0]
        assert not set("{}$") & set(what), (rule_id, what)


# --- -V ---------------------------------------------------------------------------------------


def test_dash_v_prints_the_version_as_version_does():
    assert run("-V").stdout == run("--version").stdout == f"megaroth, version {__version__}\n"
    assert run("-V").exit_code == 0


# --- files written are named on stderr ---------------------------------------------------------


def test_output_files_are_named_on_stderr_once_written(tmp_path):
    sarif, junit = tmp_path / "r.sarif", tmp_path / "r.xml"
    result = run("check", "--today", TODAY, "-f", "sarif", "-o", str(sarif), "-f", "junit", "-o", str(junit), WARNING)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == f"megaroth: wrote {sarif} (sarif)\nmegaroth: wrote {junit} (junit)\n"
    assert sarif.exists() and junit.exists()


def test_validate_output_named_and_stdout_report_not(tmp_path):
    report = tmp_path / "r.json"
    result = run("validate", "-f", "json", "-o", str(report), "-f", "text", "-o", "-", INVALID)
    assert result.exit_code == 2
    assert result.stdout.splitlines()[-1] == "Checked 1 file: 1 invalid. Findings: 1 error, 0 warnings, 0 info."
    assert result.stderr == f"megaroth: wrote {report} (json)\n"


def test_a_refused_output_is_not_said_written(tmp_path):
    report = tmp_path / "r.sarif"
    report.write_text("mine\n", encoding="utf-8")
    result = run("check", "-f", "sarif", "-o", str(report), WARNING)
    assert result.exit_code == 2
    assert result.stderr == f"megaroth: {report}: already exists; megaroth does not replace a file without --force\n"


def test_chart_is_named_on_stderr_and_stdout_is_unchanged(tmp_path):
    pytest.importorskip("matplotlib")
    chart = tmp_path / "growth.svg"
    args = ("project", "--year", "2025", "--amount", "36500", "--years", "3")
    plain = run(*args)
    charted = run(*args, "--chart", str(chart))
    assert charted.exit_code == 0
    assert charted.stdout == plain.stdout
    assert charted.stderr == f"megaroth: wrote {chart} (chart)\n"
    assert chart.read_text(encoding="utf-8").lstrip().startswith("<?xml")


def test_init_says_what_it_wrote_in_the_same_words(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("init", "acme.yaml")
    assert result.exit_code == 0
    assert result.stderr == (
        "megaroth: wrote acme.yaml (plan template); fill it in from the plan's SPD, then run `megaroth check acme.yaml`.\n"
    )
    assert Path("acme.yaml").exists()
