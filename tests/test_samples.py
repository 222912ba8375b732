"""Every sample checks to what its header comment states.

Header lines: ``# expected verdict: V``, ``# expected findings: MBRnnn, ...`` (the
exact set of rule ids), and any number of ``# expected room: NAME DOLLARS``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from plan_overlay import SAMPLES, check

SAMPLE_FILES = sorted(SAMPLES.glob("*.yaml"))
_HEADER = re.compile(r"^# expected (verdict|findings|room): (.*)$")


def expectations(path: Path) -> dict:
    expected: dict = {"rooms": {}}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break  # the header is the comment block at the top
        found = _HEADER.match(line)
        if not found:
            continue
        kind, value = found.groups()
        if kind == "verdict":
            expected["verdict"] = value.strip()
        elif kind == "findings":
            expected["findings"] = {item.strip() for item in value.split(",") if item.strip()}
        else:
            name, dollars = value.rsplit(" ", 1)
            expected["rooms"][name.strip()] = int(dollars)
    return expected


def test_there_are_at_least_eight_samples():
    assert len(SAMPLE_FILES) >= 8


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda path: path.name)
def test_sample_checks_to_its_stated_verdict_findings_and_rooms(path):
    expected = expectations(path)
    assert "verdict" in expected and "findings" in expected, f"{path.name} does not state its expectations"
    result = check(path.read_text(encoding="utf-8"), path=path.name)
    assert result.verdict == expected["verdict"]
    assert {finding.rule for finding in result.findings} == expected["findings"]
    rooms = {participant.name: participant.headroom.after_tax_room for participant in result.participants}
    for name, dollars in expected["rooms"].items():
        assert rooms[name] == dollars, f"{name}: room {rooms.get(name)} != {dollars}"


def test_the_issue_s_sample_kinds_are_all_there():
    verdicts = {path.name: expectations(path)["verdict"] for path in SAMPLE_FILES}
    findings = {path.name: expectations(path)["findings"] for path in SAMPLE_FILES}
    assert verdicts["bigtech-nightly-conversion.yaml"] == "eligible"
    assert {"MBR105", "MBR107"} <= findings["once-a-year-in-service.yaml"]
    assert verdicts["roth-401k-only.yaml"] == "not_eligible"
    assert "MBR103" in findings["solo-prototype-brokerage.yaml"]
    assert verdicts["solo-custom-consultant.yaml"] == "eligible"
    assert "MBR204" in findings["heavy-profit-sharing.yaml"]
    assert "MBR104" in findings["manual-conversion-monthly.yaml"]
    assert "MBR205" in findings["safe-harbor-acp-unknown.yaml"]
    assert expectations(SAMPLES / "participants-2025.yaml")["rooms"]["example-200k"] == 36500
