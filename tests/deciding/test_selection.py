"""--select/--ignore (ids or prefixes, the more specific wins) and exclude globs."""

from __future__ import annotations

from pathlib import Path

import pytest

from megaroth.engine.deciding.catalog import catalog
from megaroth.engine.deciding.selection import Exclude, Selection, SelectionError, parse_selectors
from formats_support import ROOT, TODAY, run_cli


def test_prefixes_and_ids_with_the_more_specific_winning():
    selection = Selection(select=("MBR1", "MBR204"), ignore=("MBR10", "MBR2"))
    # MBR1 less MBR10 leaves MBR110-MBR112; MBR2 is ignored but MBR204, more specific, is selected.
    assert [rule for rule in catalog() if selection.allows(rule)] == ["MBR000", "MBR110", "MBR111", "MBR112", "MBR204"]
    selection = Selection(select=("MBR", "MBR403"), ignore=("MBR4",))
    assert selection.allows("MBR403") and not selection.allows("MBR401") and selection.allows("MBR101")


def test_on_a_tie_ignore_wins_and_no_select_means_all():
    assert not Selection(select=("MBR2",), ignore=("MBR2",)).allows("MBR204")
    assert all(Selection().allows(rule) for rule in catalog())


def test_mbr000_is_always_reported_and_cannot_be_ignored():
    assert Selection(select=("MBR4",)).allows("MBR000")
    assert Selection(ignore=("MBR0",)).allows("MBR000")
    with pytest.raises(SelectionError, match="MBR000 cannot be ignored"):
        Selection(ignore=("MBR000",))


def test_selectors_are_split_on_commas_normalised_and_checked():
    assert parse_selectors(["mbr1, MBR204", "MBR1"], catalog(), option="--select") == ("MBR1", "MBR204")
    with pytest.raises(SelectionError, match=r"--select: 'F401' is not a rule id or prefix"):
        parse_selectors(["F401"], catalog(), option="--select")
    with pytest.raises(SelectionError, match="--ignore: no rule matches MBR999"):
        parse_selectors(["MBR999"], catalog(), option="--ignore")


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("archive", "archive/2019/plan.yaml", True),
        ("archive/**", "archive/2019/plan.yaml", True),
        ("archive/", "plans/archive/x.yaml", True),  # no / inside: any folder name
        ("*.draft.yaml", "plans/a.draft.yaml", True),
        ("plans/*.draft.yaml", "plans/a.draft.yaml", True),
        ("plans/archive", "archive/x.yaml", False),
        ("*.draft.yaml", "plans/a.yaml", False),
        ("./plans/old", "plans/old/x.yaml", True),
    ],
)
def test_exclude_globs(pattern, path, matches, tmp_path):
    assert Exclude(pattern, tmp_path).matches(tmp_path / path) is matches


def test_cli_select_and_ignore_filter_findings_and_the_verdict(monkeypatch):
    monkeypatch.chdir(ROOT)
    result = run_cli(["check", "samples/roth-confused-wording.yaml", "--today", TODAY, "--select", "MBR2"])
    assert [line.split()[2] for line in result.stdout.splitlines()[:-2]] == ["MBR205", "MBR203", "MBR201"]
    assert result.exit_code == 1
    result = run_cli(
        ["check", "samples/roth-confused-wording.yaml", "--today", TODAY, "--select", "MBR2", "--ignore", "MBR201"]
    )
    assert [line.split()[2] for line in result.stdout.splitlines()[:-2]] == ["MBR205", "MBR203"]
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-2] == "samples/roth-confused-wording.yaml: eligible with caveats (2 warnings)"


def test_cli_bad_selector_is_exit_2(monkeypatch):
    monkeypatch.chdir(ROOT)
    result = run_cli(["check", "samples/", "--ignore", "MBR000"])
    assert result.exit_code == 2
    assert result.stderr.startswith("megaroth: --ignore: MBR000 cannot be ignored")


def test_excluded_files_named_on_the_command_line_are_skipped(monkeypatch, tmp_path):
    # pre-commit names each file: the config's excludes must still apply.
    (tmp_path / "drafts").mkdir()
    Path(tmp_path / "drafts" / "x.yaml").write_text("not: a plan\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run_cli(["check", "drafts/x.yaml", "--exclude", "drafts"])
    assert (result.exit_code, result.stdout) == (0, "Checked 0 files: none. Findings: 0 errors, 0 warnings, 0 info.\n")


def test_complete_ids_offers_the_ids_with_the_prefix():
    from megaroth.engine.deciding.selection import complete_ids

    titles = {"MBR101": "a", "MBR102": "b", "MBR201": "c"}
    assert complete_ids("mbr1", titles) == [("MBR101", "a"), ("MBR102", "b")]
    assert complete_ids("", titles) == [("MBR101", "a"), ("MBR102", "b"), ("MBR201", "c")]
    assert complete_ids("MBR101,MBR2", titles) == [("MBR101,MBR201", "c")]
    assert complete_ids("MBR3", titles) == []
