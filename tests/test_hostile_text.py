"""Hostile text and paths at the whole command: what a plan, a config or a file name can make megaroth print.

Every piece of user text reaches a person through one function
(megaroth.engine.reading.display.printable); these cases hold each place that
prints to it: stderr of headroom --plan and of config errors, the reports,
and init.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from megaroth.cli import main

HOSTILE = Path(__file__).parent / "hostile"
BASE_PLAN = (HOSTILE / "bool-yes.yaml").read_text(encoding="utf-8").replace("allowed: yes", "allowed: true")
# Not UTF-8: Python reads the byte 0xff of a file name as the lone surrogate U+DCFF (surrogateescape).
BAD_NAME = os.fsdecode(b"plan-\xff.yaml")


def test_an_empty_path_is_refused_not_read_as_the_current_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Path("") is "." to pathlib: `megaroth check "$PLAN"` with PLAN unset checked every plan in the folder.
    monkeypatch.chdir(tmp_path)
    (tmp_path / "plan.yaml").write_text(BASE_PLAN, encoding="utf-8")
    for command in (["check", ""], ["validate", "plan.yaml", ""]):
        result = CliRunner().invoke(main, command)
        assert result.stdout == ""
        assert result.stderr == (
            "megaroth: an empty PATH names no file (an unset variable?); give a file or a folder, . for the current one\n"
        )
        assert result.exit_code == 2
    result = CliRunner().invoke(main, ["init", ""])
    assert result.stderr == "megaroth: an empty PATH names no file (an unset variable?); give a file name, or - to print the template\n"
    assert result.exit_code == 2


def test_headroom_plan_errors_cannot_forge_lines_or_reach_the_terminal(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    # YAML escapes put ESC, BEL and a newline in a key; printed raw the key would write a line of its own
    # that a CI log parser reads as a finding.
    plan.write_text(
        BASE_PLAN.replace("  after_tax:\n", '  "x\\nf.yaml:1:1: error MBR999\\e]0;t\\a": 1\n  after_tax:\n'),
        encoding="utf-8",
    )

    result = CliRunner().invoke(main, ["headroom", "--plan", str(plan), "--salary", "200000"])

    assert result.stderr.splitlines() == [
        f"{plan}:9:3: unknown key 'x\\nf.yaml:1:1: error MBR999\\x1b]0;t\\x07' "
        "(contains U+001B CONTROL CHARACTER, U+0007 CONTROL CHARACTER) in contributions; "
        "allowed keys are after_tax, catch_up, employee_max_percent, pretax, roth"
    ]
    assert result.exit_code == 2


def test_headroom_prints_the_plan_name_escaped(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(BASE_PLAN.replace("name: Hostile Input Co 401(k) Plan", 'name: "Evil\\e]0;pwned\\a\\0 Plan"'), encoding="utf-8")

    result = CliRunner().invoke(main, ["headroom", "--plan", str(plan), "--salary", "200000"])

    assert result.stdout.splitlines()[1].startswith("plan: Evil\\x1b]0;pwned\\x07\\x00 Plan; salary 200,000;")
    assert "\x1b" not in result.stdout and "\x00" not in result.stdout
    assert result.exit_code == 0


def test_a_config_key_is_escaped_in_its_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".megaroth.yaml").write_text('"fail-on\\e[2J\\nplan.yaml:1:1: error MBR999": error\n', encoding="utf-8")
    (tmp_path / "plan.yaml").write_text(BASE_PLAN, encoding="utf-8")

    result = CliRunner().invoke(main, ["check", "plan.yaml"])

    assert result.stderr.splitlines() == [
        f"megaroth: {tmp_path / '.megaroth.yaml'}:1:1: unknown key 'fail-on\\x1b[2J\\nplan.yaml:1:1: error MBR999' "
        "in the megaroth configuration; known keys are exclude, fail-on, format, ignore, limits, select"
    ]
    assert result.exit_code == 2


def _bad_name_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / BAD_NAME).write_text(BASE_PLAN, encoding="utf-8")
    return folder


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "junit"])
def test_a_file_name_that_is_not_utf8_is_reported_in_every_format(fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _bad_name_folder(tmp_path)
    monkeypatch.chdir(tmp_path)

    result = CliRunner().invoke(main, ["check", "--format", fmt, "--output", "report.out", "plans"])

    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.stderr == f"megaroth: wrote report.out ({fmt})\n"
    assert result.exit_code == 0
    written = (tmp_path / "report.out").read_text(encoding="utf-8")  # strict: no surrogate was written
    if fmt != "sarif":  # SARIF names the file by URI only
        assert "plan-\ufffd.yaml" in written or (fmt == "junit" and "plan-\\udcff.yaml" in written)
    if fmt == "sarif":
        uris = {
            result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for result in json.loads(written)["runs"][0]["results"]
        }
        assert uris == {"plans/plan-%FF.yaml"}  # the file's own bytes, so the URI still names it
    assert folder.exists()


@pytest.mark.slow
def test_a_file_name_that_is_not_utf8_on_a_strict_stdout(tmp_path: Path) -> None:
    _bad_name_folder(tmp_path)
    run = subprocess.run(
        [sys.executable, "-c", "from megaroth.cli import main; main()", "check", "plans"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONIOENCODING": "utf-8:strict"},
        capture_output=True,
        check=False,
    )
    assert run.stderr == b""
    lines = run.stdout.decode("utf-8").splitlines()
    assert "plans/plan-\ufffd.yaml: eligible with caveats (1 warning, 2 info)" in lines
    assert run.returncode == 0


def test_init_with_a_name_that_is_not_utf8(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)

    result = CliRunner().invoke(main, ["init", BAD_NAME])

    assert result.stderr == (
        "megaroth: wrote plan-\ufffd.yaml (plan template); fill it in from the plan's SPD, "
        "then run `megaroth check 'plan-\ufffd.yaml'`.\n"
    )
    assert result.exit_code == 0
    assert "then run:   megaroth check 'plan-\ufffd.yaml'" in (tmp_path / BAD_NAME).read_text(encoding="utf-8")


def test_init_refuses_a_name_check_would_refuse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The template quotes its own name in a comment; an ESC there makes the file one `check` refuses (a control
    # character), so init would write a template that cannot be checked.
    monkeypatch.chdir(tmp_path)

    result = CliRunner().invoke(main, ["init", "a\x1b[2Jb.yaml"])

    assert result.stderr == (
        "megaroth: a\\x1b[2Jb.yaml: cannot write the template under this name (contains U+001B CONTROL CHARACTER): "
        "the template quotes its own name, and `megaroth check` would refuse it\n"
    )
    assert result.exit_code == 2
    assert list(tmp_path.iterdir()) == []


def test_init_advice_for_a_name_that_looks_like_an_option(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # `megaroth check --force` would be read as the option; ./--force names the file.
    monkeypatch.chdir(tmp_path)

    result = CliRunner().invoke(main, ["init", "--", "--force"])

    assert result.stderr == (
        "megaroth: wrote --force (plan template); fill it in from the plan's SPD, then run `megaroth check ./--force`.\n"
    )
    assert "then run:   megaroth check ./--force\n" in (tmp_path / "--force").read_text(encoding="utf-8")
    checked = CliRunner().invoke(main, ["check", "./--force"])
    assert checked.stdout.splitlines()[-1] == "Checked 1 file: 1 undetermined. Findings: 2 errors, 0 warnings, 0 info."
