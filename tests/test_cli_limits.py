"""--limits FILE and the config's limits key: a user's IRS limits, named in every report, exit 2 when unusable."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import megaroth.engine.running.runner as runner
from megaroth.cli import main
from megaroth.engine.money.limits import TableState, install_table_state, limits_for
from limits_fixture import LIMITS_2027
from plan_overlay import TODAY, dump, overlay



def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with limits-2027.yaml and a 2027 plan (the reference plan), as the current folder."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "limits-2027.yaml").write_text(LIMITS_2027, encoding="utf-8")
    participant = {"name": "example-200k", "salary": 200000, "age": 35, "deferral": "max"}
    (tmp_path / "plan-2027.yaml").write_text(dump(overlay(plan={"year": 2027}, participants=[participant])), encoding="utf-8")
    return tmp_path


def test_headroom_for_a_year_from_the_users_file(here: Path):
    # §415(c)(1)(A) 74,000 − §402(g) 25,000 − match 100% of 5% × 200,000 = 10,000 → 39,000.
    code, out, err = run("headroom", "--limits", "limits-2027.yaml", "--year", "2027", "--salary", "200000", "--match", "100@5")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "Mega Backdoor Roth headroom for 2027 (IRS Notice 2026-99 (test figures), from limits-2027.yaml)"
    assert "74,000 − 25,000 − 10,000 = 39,000" in lines
    code, out, _ = run(
        "headroom", "--limits", "limits-2027.yaml", "--year", "2027", "--salary", "200000", "--match", "100@5", "--format", "json"
    )
    document = json.loads(out)
    assert (document["limits_source"], document["limits_file"], document["after_tax_room"]) == (
        "IRS Notice 2026-99 (test figures)", "limits-2027.yaml", 39000
    )


def test_megaroths_own_years_say_no_file(here: Path):
    code, out, _ = run("headroom", "--year", "2025", "--salary", "200000", "--format", "json")
    assert code == 0
    assert json.loads(out)["limits_file"] is None


def test_project_names_the_users_file(here: Path):
    code, out, _ = run("project", "--limits", "limits-2027.yaml", "--year", "2027", "--amount", "1000", "--years", "1")
    assert code == 0
    assert out.splitlines()[2] == (
        "beside it: Backdoor Roth IRA at the 2027 IRA limit, 7,500 a year (IRS Notice 2026-99 (test figures), from "
        "limits-2027.yaml)"
    )


def test_check_a_2027_plan_with_the_users_file(here: Path):
    code, out, err = run("check", "--today", TODAY.isoformat(), "--limits", "limits-2027.yaml", "plan-2027.yaml")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert "MBR301" not in out
    # 74,000 − 25,000 − 10,000 = 39,000 for the reference plan's 100%-of-5% match.
    assert "after-tax room $39,000 for 2027" in out
    assert lines[-2:] == [
        "Limits for 2027 from limits-2027.yaml (IRS Notice 2026-99 (test figures)).",
        "Checked 1 file: 1 eligible. Findings: 0 errors, 0 warnings, 3 info.",
    ]
    # -q keeps the line: the figures decide every number above it.
    code, out, _ = run("check", "-q", "--today", TODAY.isoformat(), "--limits", "limits-2027.yaml", "plan-2027.yaml")
    assert out.splitlines() == lines[-2:]


def test_check_json_and_sarif_name_the_file(here: Path):
    _, out, _ = run("check", "--today", TODAY.isoformat(), "--limits", "limits-2027.yaml", "-f", "json", "plan-2027.yaml")
    (entry,) = json.loads(out)["files"]
    assert (entry["year"], entry["limits_source"], entry["limits_file"]) == (2027, "IRS Notice 2026-99 (test figures)", "limits-2027.yaml")
    _, out, _ = run("check", "--today", TODAY.isoformat(), "--limits", "limits-2027.yaml", "-f", "sarif", "plan-2027.yaml")
    assert json.loads(out)["runs"][0]["properties"] == {
        "limits": [{"year": 2027, "source": "IRS Notice 2026-99 (test figures)", "file": "limits-2027.yaml"}]
    }
    _, out, _ = run("check", "--today", TODAY.isoformat(), "--limits", "limits-2027.yaml", "-f", "junit", "plan-2027.yaml")
    assert '<property name="limits_file" value="limits-2027.yaml" />' in out


def test_without_the_file_the_year_is_mbr301(here: Path):
    code, out, _ = run("check", "--today", TODAY.isoformat(), "-f", "json", "plan-2027.yaml")
    (entry,) = json.loads(out)["files"]
    assert [finding["rule"] for finding in entry["findings"]] == ["MBR301", "MBR401", "MBR402"]
    assert (entry["limits_source"], entry["limits_file"]) == (None, None)


def test_the_config_key_names_a_file_relative_to_the_config(here: Path, monkeypatch: pytest.MonkeyPatch):
    (here / "plans").mkdir()
    (here / "plan-2027.yaml").rename(here / "plans" / "plan-2027.yaml")
    (here / ".megaroth.yaml").write_text("limits: limits-2027.yaml\n", encoding="utf-8")
    monkeypatch.chdir(here / "plans")
    code, out, _ = run("check", "--today", TODAY.isoformat(), "plan-2027.yaml")
    assert code == 0
    # Named from the current folder, where the report is read.
    assert f"Limits for 2027 from {here / 'limits-2027.yaml'} (IRS Notice 2026-99 (test figures))." in out.splitlines()
    monkeypatch.chdir(here)
    code, out, _ = run("check", "--today", TODAY.isoformat(), "plans/plan-2027.yaml")
    assert "Limits for 2027 from limits-2027.yaml (IRS Notice 2026-99 (test figures))." in out.splitlines()


def test_a_bad_limits_file_is_exit_2_with_file_line_col(here: Path):
    (here / "bad.yaml").write_text(LIMITS_2027.replace("    source: IRS Notice 2026-99 (test figures)\n", "").replace("8000", "8000.5"), encoding="utf-8")
    expected = (
        "bad.yaml:2:3: year 2027 has no source: name the IRS Notice that published its figures (source: IRS Notice ...)\n"
        "bad.yaml:4:20: years.2027.catch_up_414v must be a whole-dollar amount (no cents), not 8000.5\n"
    )
    for args in (["check", "plan-2027.yaml"], ["validate", "plan-2027.yaml"], ["headroom", "--year", "2027", "--salary", "1"]):
        code, out, err = run(args[0], "--limits", "bad.yaml", *args[1:])
        assert (code, out, err) == (2, "", expected), args


def test_jobs_2_workers_check_against_the_parents_table(here: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(runner, "CHUNK", 2)
    monkeypatch.setattr(runner, "INLINE_BELOW", 1)
    (here / "plans").mkdir()
    for index in range(4):
        (here / "plans" / f"copy-{index}.yaml").write_text((here / "plan-2027.yaml").read_text(), encoding="utf-8")
    args = ["check", "--today", TODAY.isoformat(), "--limits", "limits-2027.yaml", "-f", "json", "plans"]
    one = run(*args, "--jobs", "1")
    two = run(*args, "--jobs", "2")
    assert two == one
    assert {entry["limits_file"] for entry in json.loads(one[1])["files"]} == {"limits-2027.yaml"}


def test_a_worker_starts_with_the_table_it_is_handed(here: Path, monkeypatch: pytest.MonkeyPatch):
    from megaroth.engine.money.limits import table_state, use_limits_file

    # In this process, not a worker: keep the signals and the parent-death request out of pytest.
    monkeypatch.setattr(runner.signal, "signal", lambda signum, handler: None)
    dying = []
    monkeypatch.setattr(runner, "_die_with_parent", dying.append)
    state = use_limits_file("limits-2027.yaml")
    install_table_state(TableState())
    assert limits_for(2027) is None
    runner._start_worker(state, 4242)
    assert dying == [4242]
    assert table_state() == state
    assert limits_for(2027).annual_additions_415c == 74000
