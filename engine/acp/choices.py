"""What the plan file says about the test's choices: the plan year, and whether the match may be left out."""

from __future__ import annotations

from decimal import Decimal

from megaroth.engine.acp.census import CensusError, Employee
from megaroth.engine.acp.findings import finding
from megaroth.engine.acp.ratios import Result, run_test
from megaroth.engine.deciding.findings import Finding


def safe_harbor_findings(
    plan: dict[str, object] | None, employees: list[Employee], result: Result, where: str,
    prior_nhce_acp: Decimal | None,
) -> list[Finding]:
    """The match choice: a safe-harbor plan's other choice (MBR603), or an exclusion the plan does not allow (MBR604).

    A safe-harbor plan may test after-tax contributions disregarding the match
    (§1.401(m)-2(a)(5)(iv)); any other plan tests its match with them.
    """
    testing = (plan or {}).get("testing")
    safe_harbor = isinstance(testing, dict) and testing.get("safe_harbor") is True
    if plan is None:
        return []
    if not safe_harbor:
        return [] if result.match_included else [finding("MBR604", where)]
    other_included = not result.match_included
    words = "with the match" if other_included else "disregarding the match (§1.401(m)-2(a)(5)(iv))"
    if other_included and any(e.match is None for e in employees if e.eligible):
        return [finding("MBR603", where, choice=words,
                        outcome="the census has no match for every employee to say what that gives")]
    other = run_test(employees, result.year, match_included=other_included, where=where, prior_nhce_acp=prior_nhce_acp)
    verdict = "passes" if other.passed else "fails"
    limit = "none" if other.limit is None else f"{other.limit:.2f}%"
    hce = "none" if other.hce_acp is None else f"{other.hce_acp:.2f}%"
    nhce = "none" if other.nhce_acp is None else f"{other.nhce_acp:.2f}%"
    return [finding("MBR603", where, choice=words,
                    outcome=f"HCE ACP {hce}, NHCE ACP {nhce}, limit {limit}: it {verdict}")]


def plan_year(plan: dict[str, object] | None, year: int | None) -> int:
    """--year, else the plan file's year; neither is an error."""
    if year is not None:
        return year
    section = (plan or {}).get("plan")
    if isinstance(section, dict) and isinstance(section.get("year"), int):
        return section["year"]
    raise CensusError("give the plan year with --year YEAR, or a plan file with --plan FILE")


