"""engine/deciding/checker.py and engine/running/runner.py: which files, in which order, and what each check returns."""

from __future__ import annotations

import io
import os
import sys
from datetime import date
from pathlib import Path

import pytest

from megaroth.engine.deciding import checker, selection
from megaroth.engine.deciding.selection import Exclude
from megaroth.engine.deciding.checker import STDIN_NAME, InternalError, check_bytes, check_paths, discover
from megaroth.engine.reporting.reporters import TextReporter
from megaroth.engine.running.runner import run_check
from plan_overlay import SAMPLES, TODAY, dump, overlay


def test_discover_orders_arguments_then_sorted_folder_contents(tmp_path):
    for name in ("z.yaml", "a.yml", "m/inner.yaml", "m/notes.md", ".git/x.yaml", "b.json"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x: 1\n", encoding="utf-8")
    sources = list(discover([str(tmp_path / "z.yaml"), str(tmp_path), "-"]))
    assert [source.name for source in sources] == [
        str(tmp_path / "z.yaml"),
        str(tmp_path / "a.yml"),
        str(tmp_path / "m" / "inner.yaml"),
        STDIN_NAME,  # z.yaml, met again in the folder, is checked once, under its first name
    ]
    assert sources[-1].location is None


def test_a_symlink_loop_does_not_hang_the_walk(tmp_path):
    (tmp_path / "plan.yaml").write_text("x: 1\n", encoding="utf-8")
    os.symlink(tmp_path, tmp_path / "loop")
    assert [source.name for source in discover([str(tmp_path)])] == [str(tmp_path / "plan.yaml")]


def test_problems_with_paths_become_mbr000(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    results = list(check_paths([str(tmp_path / "missing.yaml"), str(empty)], TODAY))
    assert [(r.verdict, r.findings[0].message) for r in results] == [
        ("invalid", "cannot read this path: no such file or folder"),
        ("invalid", f"no .yaml or .yml files in the folder {empty}"),
    ]
    assert all(r.findings[0].line is None for r in results)


def test_a_folder_passed_as_a_file_name_is_not_read_as_yaml(tmp_path):
    folder = tmp_path / "plans.yaml"
    folder.mkdir()
    (folder / "inner.yaml").write_text(dump(overlay()), encoding="utf-8")
    (result,) = check_paths([str(folder)], TODAY)
    assert result.verdict == "eligible"


def test_check_bytes_keeps_name_and_year_even_when_invalid():
    result = check_bytes(b"megaroth: 1\nplan:\n  name: Half Done\n  year: 2025\n", "half.yaml", TODAY)
    assert (result.path, result.plan, result.year, result.verdict) == ("half.yaml", "Half Done", 2025, "invalid")
    odd = check_bytes(b"megaroth: 1\nplan:\n  name: 5\n  year: '2025'\n", "odd.yaml", TODAY)
    assert (odd.plan, odd.year) == (None, None)


def test_today_defaults_to_the_real_date(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_text(dump(overlay(waivers=[{"rule": "MBR205", "reason": "r", "expires": "2000-01-01"}])), encoding="utf-8")
    (result,) = check_paths([str(path)])
    (expired,) = [f for f in result.findings if f.rule == "MBR002"]
    assert expired.message.endswith(f"(today is {date.today().isoformat()}) and no longer applies")


def test_internal_error_names_the_file():
    error = InternalError("plans/a.yaml", "the rules engine failed: boom")
    assert str(error) == "plans/a.yaml: internal error: the rules engine failed: boom"


def test_run_check_feeds_every_reporter_and_returns_the_exit_code():
    first, second = io.StringIO(), io.StringIO()
    code = run_check(
        [str(SAMPLES / "after-tax-no-conversion-route.yaml")],
        [TextReporter(first), TextReporter(second)],
        fail_on="error",
        today=TODAY,
    )
    assert code == 1
    assert first.getvalue() == second.getvalue()
    assert first.getvalue().endswith("Checked 1 file: 1 not eligible. Findings: 1 error, 0 warnings, 0 info.\n")


@pytest.mark.parametrize(("fail_on", "code"), [("error", 0), ("warning", 1), ("never", 0)])
def test_run_check_exit_codes(fail_on, code):
    sample = str(SAMPLES / "safe-harbor-acp-unknown.yaml")
    assert run_check([sample], [], fail_on=fail_on, today=TODAY) == code


def test_a_folder_nested_deeper_than_the_recursion_limit_is_walked(tmp_path):
    # 1,200 levels: os.walk recurses once per level and Python stops at 1,000 frames.
    # os.makedirs recurses too, so the folders are made one mkdir at a time.
    deepest = str(tmp_path)
    for _ in range(1_200):
        deepest = os.path.join(deepest, "d")
        os.mkdir(deepest)
    Path(deepest, "plan.yaml").write_text("x: 1\n", encoding="utf-8")
    try:
        assert [source.name for source in discover([str(tmp_path)])] == [os.path.join(deepest, "plan.yaml")]
    finally:  # pytest removes tmp_path with shutil.rmtree, which recurses as os.walk does
        os.unlink(os.path.join(deepest, "plan.yaml"))
        while deepest != str(tmp_path):
            os.rmdir(deepest)
            deepest = os.path.dirname(deepest)


def test_the_same_file_named_twice_or_linked_is_checked_once_under_its_first_name(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("a.yaml").write_text("x: 1\n", encoding="utf-8")
    Path("b.yaml").write_text("x: 2\n", encoding="utf-8")
    os.symlink("a.yaml", "link.yml")
    sources = list(discover(["a.yaml", "a.yaml", "./a.yaml", "link.yml", ".", "b.yaml"]))
    # The folder "." holds a.yaml, b.yaml and link.yml (the same file as a.yaml): only b.yaml is new.
    assert [source.name for source in sources] == ["a.yaml", "b.yaml"]


def test_a_closed_standard_input_is_a_finding_not_a_crash(monkeypatch):
    monkeypatch.setattr(sys, "stdin", None)  # what Python sets when fd 0 is closed (megaroth check - <&-)
    (result,) = check_paths(["-"], TODAY)
    assert (result.path, result.verdict) == (STDIN_NAME, "invalid")
    assert [(f.rule, f.message) for f in result.findings] == [("MBR000", "cannot read standard input: it is closed")]


def test_the_walk_does_not_work_out_relative_paths_per_file_and_glob(tmp_path, monkeypatch):
    """50 globs over 200 files: each file is two compiled matches, not 50 relpath computations and fnmatch calls."""
    for index in range(200):
        (tmp_path / f"plan-{index:03}.yaml").write_text("x: 1\n", encoding="utf-8")
    globs = [Exclude(f"skip-{index}/*", tmp_path) for index in range(50)]
    calls = []
    real = os.path.relpath
    monkeypatch.setattr(selection.os.path, "relpath", lambda *args: calls.append(args) or real(*args))
    assert len(list(discover([str(tmp_path)], globs))) == 200
    assert len(calls) == 2  # the folder named, once to test it and once to start the walk


def test_an_excluded_folder_is_never_listed(tmp_path, monkeypatch):
    for name in ("keep/a.yaml", "archive/deep/b.yaml"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x: 1\n", encoding="utf-8")
    listed = []
    real = os.scandir
    monkeypatch.setattr(checker.os, "scandir", lambda path: listed.append(os.path.relpath(path, tmp_path)) or real(path))
    sources = list(discover([str(tmp_path)], [Exclude("archive", tmp_path)]))
    assert [source.name for source in sources] == [str(tmp_path / "keep" / "a.yaml")]
    assert sorted(listed) == [".", "keep"]
