"""The data a template receives: plain (it survives JSON untouched), and the verdict in one sentence."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from megaroth.engine.deciding.checker import check_bytes
from megaroth.engine.reading.loader import load_bytes
from megaroth.engine.report.model import build
from plan_overlay import REPO

SAMPLES = sorted((REPO / "samples").glob("*.yaml"))
TODAY = date(2026, 12, 1)


def _data(path: Path) -> dict:
    raw = path.read_bytes()
    name = f"samples/{path.name}"
    result = check_bytes(raw, name, TODAY)
    return build(result, load_bytes(raw).data, census=None, decoded=None, inputs=[], today=TODAY,
                 date_source="today", version="0")  # fmt: skip


def _plain(value) -> bool:
    if isinstance(value, dict):
        return all(isinstance(key, str) and _plain(item) for key, item in value.items())
    if isinstance(value, list):
        return all(_plain(item) for item in value)
    return value is None or type(value) in (str, int, bool)


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda path: path.name)
def test_the_data_is_plain_and_round_trips_through_json(sample: Path):
    data = _data(sample)
    assert _plain(data)
    assert json.loads(json.dumps(data)) == data


def test_a_not_eligible_plan_says_why_and_what_would_change_it():
    data = _data(REPO / "samples" / "roth-401k-only.yaml")
    verdict = data["verdict"]
    assert verdict["code"] == "not_eligible"
    # The sample's header: no after-tax source, MBR101 (an error, so not eligible).
    assert [change["rule"] for change in verdict["changes"]] == ["MBR101"]
    assert verdict["sentence"].startswith(f"{data['plan']['title']} does not support the Mega Backdoor Roth for ")
    assert verdict["unchanged_unless"] is None


def test_an_eligible_plan_has_nothing_standing_in_the_way():
    verdict = _data(REPO / "samples" / "participants-2025.yaml")["verdict"]
    assert verdict["code"] == "eligible"
    assert verdict["changes"] == []
    assert verdict["sentence"] == (
        "Quillfeather Software 401(k) Plan supports the Mega Backdoor Roth for 2025: after-tax contributions can "
        "reach Roth while the participant works, and no finding stands in the way."
    )


def test_a_year_without_limits_says_so_and_gives_no_figures():
    limits = _data(REPO / "samples" / "plan-year-2027.yaml")["limits"]
    assert limits["figures"] == []
    assert limits["missing"].startswith("megaroth does not carry IRS limits for plan year 2027")
