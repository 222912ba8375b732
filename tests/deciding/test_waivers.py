"""Waivers: waived findings never fail a run; MBR002 for expired ones; MBR003 for waivers that waive nothing."""

from __future__ import annotations

from datetime import date

from megaroth.engine.deciding.checker import check_bytes
from megaroth.engine.deciding.selection import Selection
from formats_support import plan_text

TODAY = date(2026, 11, 28)


def _check(waivers: str, selection: Selection = Selection()):
    text = plan_text(waivers="waivers:\n" + waivers)
    return check_bytes(text.encode(), "plan.yaml", TODAY, selection=selection)


def _rules(result):
    return [(f.rule, f.line, f.waived) for f in result.findings]


def test_a_used_waiver_waives_and_raises_nothing():
    result = _check("  - rule: MBR104\n    reason: Manual conversion every payday.\n")
    assert _rules(result) == [("MBR104", 13, True), ("MBR401", 13, False), ("MBR402", 13, False)]
    assert result.verdict == "eligible"
    assert result.findings[0].waiver_reason == "Manual conversion every payday."


def test_a_waiver_of_a_rule_that_does_not_fire_is_mbr003_at_its_rule_line():
    result = _check("  - rule: MBR201\n    reason: Old wording.\n")
    mbr003 = [f for f in result.findings if f.rule == "MBR003"]
    assert [(f.line, f.column, f.severity, f.pointer) for f in mbr003] == [(20, 5, "warning", "/waivers/0/rule")]
    assert mbr003[0].message == (
        "waiver 1 of MBR201 waives nothing: MBR201 does not fire for this plan; "
        "remove it, so that it cannot hide a finding nobody has looked at"
    )


def test_an_expired_waiver_is_mbr002_not_mbr003_and_the_finding_returns():
    result = _check("  - rule: MBR104\n    reason: Temporary.\n    expires: 2026-01-01\n")
    assert [(f.rule, f.waived) for f in result.findings if f.rule in ("MBR002", "MBR003", "MBR104")] == [
        ("MBR104", False),
        ("MBR002", False),
    ]


def test_a_duplicate_waiver_and_an_unknown_rule_are_mbr003():
    result = _check(
        "  - rule: MBR104\n    reason: First.\n  - rule: MBR104\n    reason: Second.\n"
        "  - rule: MBR998\n    reason: Typo.\n"
    )
    messages = [f.message.split(";")[0] for f in result.findings if f.rule == "MBR003"]
    assert messages == [
        "waiver 2 of MBR104 waives nothing: waiver 1 already waives MBR104",
        "waiver 3 of MBR998 waives nothing: there is no rule MBR998",
    ]


def test_a_waiver_of_mbr003_waives_the_unused_waiver_warnings():
    result = _check(
        "  - rule: MBR201\n    reason: Kept for next year's restatement.\n"
        "  - rule: MBR003\n    reason: We keep waivers for planned amendments.\n"
    )
    assert [(f.rule, f.waived) for f in result.findings if f.rule == "MBR003"] == [("MBR003", True)]


def test_a_waiver_of_mbr003_with_nothing_to_waive_is_itself_reported():
    result = _check("  - rule: MBR104\n    reason: Manual.\n  - rule: MBR003\n    reason: Just in case.\n")
    mbr003 = [f for f in result.findings if f.rule == "MBR003"]
    assert [(f.line, f.waived) for f in mbr003] == [(22, False)]
    assert "every other waiver waives a finding" in mbr003[0].message


def test_waivers_are_judged_on_what_the_rules_found_even_when_a_rule_is_ignored():
    result = _check("  - rule: MBR104\n    reason: Manual.\n", Selection(ignore=("MBR104",)))
    assert [f.rule for f in result.findings] == ["MBR401", "MBR402"]


def test_mbr003_can_be_ignored_like_any_rule():
    result = _check("  - rule: MBR201\n    reason: Old.\n", Selection(ignore=("MBR003",)))
    assert "MBR003" not in [f.rule for f in result.findings]
    assert "MBR003" not in result.rules and "MBR000" in result.rules


def test_a_blank_reason_is_invalid():
    result = _check("  - rule: MBR104\n    reason: '   '\n")
    assert result.verdict == "invalid"
    assert [(f.rule, f.line, f.message) for f in result.findings] == [
        ("MBR000", 21, "waiver 1 must give a reason, not be blank")
    ]
