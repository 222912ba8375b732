"""Build plan files for tests: the reference plan (rules/example-base.yaml) with overlays.

A rule's examples are YAML fragments laid over the reference plan; the tests do
the same with their own fragments.  Mappings merge key by key; anything else
(lists, scalars) in the overlay replaces what the base had.
"""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from megaroth.engine.deciding.catalog import example_base
from megaroth.engine.deciding.checker import check_bytes
from megaroth.engine.deciding.findings import FileResult, Finding
from megaroth.engine.reading.loader import parse

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"
GOLDEN = Path(__file__).resolve().parent / "golden"
# Every check in the suite pins "today" (waivers expire against it), so the
# suite gives the same answers whatever day it runs.
TODAY = date(2026, 11, 28)


def deep_merge(base: Any, overlay: Any) -> Any:
    """``overlay`` laid over ``base``: mappings merged recursively, everything else replaced."""
    if isinstance(base, dict) and isinstance(overlay, dict):
        merged = dict(base)
        for key, value in overlay.items():
            merged[key] = deep_merge(base[key], value) if key in base else copy.deepcopy(value)
        return merged
    return copy.deepcopy(overlay)


def read(text: str) -> Any:
    """YAML text read the way megaroth reads it (YAML 1.2: ``yes`` stays text, dates stay text)."""
    return parse(text).data


def base_plan() -> dict[str, Any]:
    """The reference plan as data."""
    return read(example_base())


def overlay(fragment: str | dict[str, Any] | None = None, **top: Any) -> dict[str, Any]:
    """The reference plan with a YAML fragment (or data) and keyword sections laid over it."""
    data = base_plan()
    if fragment:
        data = deep_merge(data, read(fragment) if isinstance(fragment, str) else fragment)
    if top:
        data = deep_merge(data, top)
    return data


class _Dumper(yaml.SafeDumper):
    """PyYAML writes by YAML 1.1, megaroth reads by 1.2: quote text that 1.2 would read otherwise."""


def _represent_text(dumper: yaml.SafeDumper, value: str) -> Any:
    try:
        same = parse(f"k: {value}\n").data == {"k": value}
    except Exception:  # not even a plain scalar
        same = False
    # Plain where it reads back the same, else double quotes: only they escape
    # line breaks (NEL, U+2028), which PyYAML's single quotes fold to spaces.
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=None if same else '"')


_Dumper.add_representer(str, _represent_text)


def dump(data: dict[str, Any]) -> str:
    """A plan as YAML text, keys in the order given, read back by megaroth as the same data."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True)


def check(plan: str | dict[str, Any], *, today: date = TODAY, path: str = "plan.yaml") -> FileResult:
    """Check a plan given as YAML text or as data, the way `megaroth check` does."""
    text = plan if isinstance(plan, str) else dump(plan)
    return check_bytes(text.encode("utf-8"), path, today)


def rule_ids(result: FileResult, *, waived: bool | None = None) -> list[str]:
    """The rule ids of a result's findings, in report order (optionally only waived or unwaived ones)."""
    return [f.rule for f in result.findings if waived is None or f.waived == waived]


def only(result: FileResult, rule: str) -> Finding:
    """The one finding of ``rule`` in a result (fails when there is none or several)."""
    found = [finding for finding in result.findings if finding.rule == rule]
    assert len(found) == 1, f"expected one {rule}, got {[f.rule for f in result.findings]}"
    return found[0]
