"""Verdicts, counts and exit codes from findings (engine/deciding/findings.py)."""

from __future__ import annotations

import pytest

from megaroth.engine.deciding.findings import FileResult, Finding, Summary, sort_findings, verdict_of


def finding(
    rule: str, severity: str, *, line: int = 1, waived: bool = False, decides: str | None = None, participant: int | None = None
) -> Finding:
    made = Finding(
        rule,
        severity,
        "t",
        "m",
        "p.yaml",
        line,
        1,
        "",
        ("c",),
        "f",
        decides=decides,
        scope="plan" if participant is None else "participant",
        participant_index=participant,
        participant=None if participant is None else f"p{participant}",
    )
    return made.waive("accepted") if waived else made


UNKNOWN_ROUTE = finding("MBR109", "error", decides="undetermined")


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
        # undetermined: a deciding answer unknown, no limits, or a suspect value; an error that says so.
        ([UNKNOWN_ROUTE], "undetermined"),
        ([UNKNOWN_ROUTE, finding("MBR104", "warning")], "undetermined"),
        # A plan feature that rules the strategy out decides whatever else is unknown.
        ([UNKNOWN_ROUTE, finding("MBR101", "error")], "not_eligible"),
        ([UNKNOWN_ROUTE, finding("MBR000", "error")], "invalid"),
        ([finding("MBR109", "error", decides="undetermined", waived=True)], "eligible"),
        # A participant scenario's findings keep their severity but never decide the plan.
        ([finding("MBR302", "error", participant=0)], "eligible"),
        ([finding("MBR305", "warning", participant=1), finding("MBR104", "warning")], "eligible_with_caveats"),
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


def test_a_scenario_error_fails_the_run_while_the_plan_is_eligible():
    result = FileResult(
        "p.yaml",
        "P",
        2025,
        (finding("MBR302", "error", participant=0), finding("MBR302", "error", participant=2, line=3)),
        scenarios=3,
    )
    assert result.verdict == "eligible"
    assert result.scenarios_with_errors() == 2
    summary = Summary()
    summary.add(result)
    assert (summary.verdicts["eligible"], summary.exit_code) == (1, 1)


def test_an_undetermined_plan_exits_1_at_error_and_0_never():
    for fail_on, code in (("error", 1), ("never", 0)):
        summary = Summary(fail_on=fail_on)
        summary.add(FileResult("p.yaml", "P", 2025, (UNKNOWN_ROUTE,)))
        assert (summary.verdicts["undetermined"], summary.exit_code) == (1, code)


def test_scenarios_with_only_waived_or_warning_findings_have_no_errors():
    result = FileResult(
        "p.yaml",
        "P",
        2025,
        (finding("MBR302", "error", participant=0, waived=True), finding("MBR112", "warning", participant=1)),
        scenarios=2,
    )
    assert result.scenarios_with_errors() == 0
