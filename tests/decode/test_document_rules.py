"""The MBR5xx rules (rules/500-documents.yaml): each one's example document texts decoded, the finding reported
from `fail` and not from `pass`; and the phrase catalog names every one of them."""

from __future__ import annotations

from pathlib import Path

import pytest

from megaroth.engine.deciding.catalog import catalog
from megaroth.engine.decode.decoder import decode, read_document
from megaroth.engine.decode.phrases import catalog as phrases

DECODE_RULES = [rule for rule in catalog().values() if rule.source == "decode"]


def _rules_found(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "example.txt"
    path.write_text(text, encoding="utf-8")
    return [finding.rule for finding in decode([read_document(str(path))]).findings]


def test_the_decode_rules_are_mbr501_to_mbr507_and_each_has_one_findings_entry() -> None:
    assert [rule.id for rule in DECODE_RULES] == [f"MBR50{number}" for number in range(1, 8)]
    assert sorted(spec.rule for spec in phrases().findings) == [rule.id for rule in DECODE_RULES]


@pytest.mark.parametrize("rule", DECODE_RULES, ids=[rule.id for rule in DECODE_RULES])
def test_fail_example_is_reported(tmp_path: Path, rule) -> None:
    assert rule.id in _rules_found(tmp_path, rule.example_fail)


@pytest.mark.parametrize("rule", DECODE_RULES, ids=[rule.id for rule in DECODE_RULES])
def test_pass_example_is_not(tmp_path: Path, rule) -> None:
    assert rule.id not in _rules_found(tmp_path, rule.example_pass)


@pytest.mark.parametrize(
    ("text", "rules"),
    [
        # "regardless of your age" is masked: a conversion open at any age is no distributable-only limit.
        ("Roth conversions. You may make an in-plan Roth rollover regardless of your age.", []),
        # A hardship withdrawal's suspension is not the after-tax withdrawal's (and no longer allowed since 2020).
        ("After a hardship withdrawal, your contributions are suspended for six months.", []),
        ("Your contributions will not be suspended after an after-tax withdrawal.", []),
        # A phone is one way among others: no finding; "only by phone" is one.
        ("You may request an in-plan Roth conversion online or by phone.", []),
        ("In-plan Roth conversions may be requested only by phone.", ["MBR505"]),
        # An unticked adoption-agreement option says nothing, not even a finding.
        ("6. IN-PLAN ROTH ROLLOVERS\n[ ] A $25 fee applies to each in-plan Roth rollover.\n", []),
        # Matched after-tax as the match section words it, and the Roth look-alike that is no such statement.
        ("All contribution types are eligible for the company match.", ["MBR506"]),
        # (its "Roth after-tax" is MBR501's: no after-tax source is named).
        ("The company matches your pre-tax and Roth after-tax contributions.", ["MBR501"]),
    ],
)
def test_findings_read_as_an_analyst_would(tmp_path: Path, text: str, rules: list[str]) -> None:
    assert _rules_found(tmp_path, text) == rules
