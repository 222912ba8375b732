"""Shared by the output-format tests: run the CLI the way a user does, from the repository root."""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from click.testing import CliRunner, Result

from megaroth import cli

ROOT = Path(__file__).resolve().parent.parent
TODAY = "2026-11-28"
# Every sample, a plan with every kind of waiver, and an invalid plan: each format's golden run.
GOLDEN_PATHS = ("samples/", "tests/plans/waivers.yaml", "tests/plans/invalid.yaml")


def run_cli(args: Sequence[str], env: dict[str, str] | None = None, input: str | None = None) -> Result:
    """Invoke megaroth in-process; the caller chdirs where paths should resolve."""
    return CliRunner().invoke(cli.main, list(args), env=env, input=input, catch_exceptions=False)


def plan_text(
    name: str = "Example Co 401(k) Plan",
    *,
    wording: str = "voluntary after-tax contributions",
    participant: str | None = None,
    waivers: str = "",
) -> str:
    """A small eligible plan (in-service route, so MBR104 fires) to vary in tests."""
    text = f"""megaroth: 1
plan:
  name: {name}
  year: 2025
  document: individually_designed
contributions:
  pretax: true
  roth: true
  after_tax:
    allowed: true
    wording: {wording}
    separate_account: true
conversion:
  in_service:
    available: true
    split_earnings: true
testing:
  acp: passing
"""
    if participant is not None:
        text += f"participants:\n  - name: {participant}\n    salary: 200000\n    age: 40\n    deferral: max\n"
    return text + waivers
