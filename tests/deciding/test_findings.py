"""Verdicts, counts and exit codes from findings (engine/deciding/findings.py)."""

from __future__ import annotations

import pytest

from megaroth.engine.deciding.findings import FileResult, Finding, Summary, sort_findings, verdict_of


def finding(rule: str, severity: str, *, line: int = 1, waived: bool = False) -> Finding:
    made = Finding(rule, severity, "t", "m", "p.yaml", line, 1, "", ("c",), "f")
    return made.waive("accepted") if waived else made


@pytest.mark.parametrize(
    ("findings", "verdict"),
    [
        ([], "eligible"),
        ([finding("MBR401", "info")], "eligible"),  # info never changes the verdict
        ([finding("MBR104", "warning")], "eligible_with_caveats"),
        ([finding("MBR104", "warning"), finding("MBR101", "error")], "not_eligible"),
        ([finding("MBR000", "error"), finding("MBR101", "error")], "invalid"),
        ([finding("MBR101", "error", waived=True)], "eligible"),
        ([finding("MBR101", "error", waived=True), finding("MBR104", "warning")], "eligible_with_caveats"),
        ([finding("MBR104", "warning", waived=True)], "eligible"),
    ],
)
def test_verdict(findings, verdict):
    assert verdict_of(findings) == verdict


@pytest.mark.parametrize(
    ("severity", "waived", "codes"),
    [
        ("error", False, {"error": 1, "warning": 1, "info": 1, "never": 0}),
        ("warning", False, {"error": 0, "warning": 1, "info": 1, "never": 0}),
        ("info", False, {"error": 0, "warning": 0, "info": 1, "never": 0}),
        ("error", True, {"error": 0, "warning": 0, "info": 0, "never": 0}),  # waived never fails a run
    ],
)
def test_exit_code_by_fail_level(severity, waived, codes):
    for fail_on, code in codes.items():
        summary = Summary(fail_on=fail_on)
        summary.add(FileResult("p.yaml", "P", 2025, (finding("MBR900", severity, waived=waived),)))
        assert summary.exit_code == code, (severity, waived, fail_on)


def test_an_invalid_file_exits_2_whatever_the_level():
    for fail_on in ("error", "warning", "info", "never"):
        summary = Summary(fail_on=fail_on)
        summary.add(FileResult("p.yaml", None, None, (finding("MBR000", "error"),)))
        summary.add(FileResult("q.yaml", "Q", 2025, ()))
        assert summary.exit_code == 2


def test_counts_put_waived_findings_apart():
    result = FileResult(
        "p.yaml",
        "P",
        2025,
        (finding("MBR101", "error"), finding("MBR104", "warning", waived=True), finding("MBR401", "info"), finding("MBR402", "info")),
    )
    assert result.counts() == {"error": 1, "warning": 0, "info": 2, "waived": 1}
    summary = Summary()
    summary.add(result)
    summary.add(result)
    assert summary.severities == {"error": 2, "warning": 0, "info": 4, "waived": 2}
    assert summary.verdicts == {"invalid": 0, "not_eligible": 2, "undetermined": 0, "eligible_with_caveats": 0, "eligible": 0}
    assert summary.files == 2


def test_findings_sort_by_line_column_then_rule():
    unsorted = [finding("MBR402", "info", line=3), finding("MBR401", "info", line=3), finding("MBR205", "warning", line=2)]
    assert [(f.line, f.rule) for f in sort_findings(unsorted)] == [(2, "MBR205"), (3, "MBR401"), (3, "MBR402")]
    no_line = Finding("MBR000", "error", "t", "m", "p.yaml", None, None, "", ("c",), "f")
    assert sort_findings([finding("MBR101", "error", line=5), no_line])[0] is no_line
