"""The plain structure a report template receives: dicts, lists, strings, whole numbers, None.

docs/report-data.md documents every key. Nothing in it is an object with
behaviour, so the same data can be served as JSON to a local web page later.
Built from `check`'s result for the plan (verdict, findings, rooms), the
census test's JSON document and decode's JSON document; the only new words
are the verdict's sentence, and no new arithmetic.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from megaroth.engine.deciding.catalog import catalog
from megaroth.engine.deciding.findings import FileResult, Finding
from megaroth.engine.money.limits import Limits, limits_for, missing_year
from megaroth.engine.reading.display import encodable
from megaroth.engine.reading.loader import location
from megaroth.engine.report import features as plan_features
from megaroth.engine.report import rooms
from megaroth.engine.report.acp_part import census_section
from megaroth.engine.report.inputs import InputFile
from megaroth.engine.report.values import money

DATA_VERSION = 1  # docs/report-data.md: bumped when a key changes meaning or goes away
SEVERITY_GROUPS = (("error", "Errors"), ("warning", "Warnings"), ("info", "Information"))
VERDICT_WORDS = {
    "invalid": "invalid plan file",
    "not_eligible": "not eligible",
    "undetermined": "undetermined",
    "eligible_with_caveats": "eligible with caveats",
    "eligible": "eligible",
}
# The limits a report names, each with the Code section it comes from (rules/limits.yaml's keys).
LIMIT_FIGURES = (
    ("Elective deferral limit", "IRC §402(g)(1)", "deferral_402g"),
    ("Catch-up, ages 50 and over", "IRC §414(v)(2)(B)(i)", "catch_up_414v"),
    ("Catch-up, ages 60 to 63", "IRC §414(v)(2)(E)", "catch_up_60_63"),
    ("Annual additions limit", "IRC §415(c)(1)(A)", "annual_additions_415c"),
    ("Compensation cap", "IRC §401(a)(17)", "compensation_401a17"),
    ("HCE threshold", "IRC §414(q)(1)(B)", "hce_414q"),
    ("IRA limit", "IRC §219(b)(5)(A)", "ira_219b"),
    ("IRA catch-up, ages 50 and over", "IRC §219(b)(5)(B)", "ira_catch_up_219b"),
    ("Roth catch-up wage threshold", "IRC §414(v)(7)", "roth_catch_up_wages"),
    ("Social Security wage base", "IRC §1402(b)(1)", "ss_wage_base"),
)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _deciding(result: FileResult) -> list[Finding]:
    """The unwaived plan findings that give the verdict: fixing every one of them changes it."""
    return [f for f in result.findings if not f.waived and f.implies == result.verdict]


def _titles(findings: list[Finding]) -> str:
    # "No automatic conversion" reads "no automatic conversion" inside a sentence; "ACP test failing" stays.
    titles = list(dict.fromkeys(f.title if f.title[1:2].isupper() else f.title[:1].lower() + f.title[1:] for f in findings))
    return "; ".join(titles)


def verdict(result: FileResult, plan_name: str) -> dict[str, Any]:
    """The verdict in one sentence, and what would change it: the fixes of the findings that decide it."""
    code = result.verdict
    deciding = _deciding(result)
    year = f" for {result.year}" if result.year is not None else ""
    if code == "invalid":
        sentence = (f"{encodable(result.path)} cannot be checked: the plan file has "
                    f"{_plural(len(deciding), 'problem')}, listed below, and no verdict is given until they are fixed.")  # fmt: skip
    elif code == "not_eligible":
        sentence = f"{plan_name} does not support the Mega Backdoor Roth{year}: {_titles(deciding)}."
    elif code == "undetermined":
        sentence = f"Whether {plan_name} supports the Mega Backdoor Roth{year} is not known yet: {_titles(deciding)}."
    elif code == "eligible_with_caveats":
        sentence = (f"{plan_name} supports the Mega Backdoor Roth{year}, with "
                    f"{_plural(len(deciding), 'caveat')} to settle: {_titles(deciding)}.")  # fmt: skip
    else:
        sentence = (f"{plan_name} supports the Mega Backdoor Roth{year}: after-tax contributions can reach Roth "
                    "while the participant works, and no finding stands in the way.")  # fmt: skip
    if deciding:
        changes = [
            {"rule": f.rule, "title": encodable(f.title), "fix": encodable(f.fix), "where": encodable(_where(f))}
            for f in deciding
        ]
    else:
        changes = []
    return {
        "code": code,
        "words": VERDICT_WORDS[code],
        "sentence": sentence,
        "changes": changes,
        # Said when no finding decides it: an eligible plan stays so until its documents or the year change.
        "unchanged_unless": None if deciding else (
            "Nothing in the plan file stands in the way; an amendment to the plan's after-tax or conversion "
            "provisions, or another plan year, needs a new check."
        ),
    }


def _where(finding: Finding) -> str:
    return location(finding.path, finding.line, finding.column)


def findings(result: FileResult) -> list[dict[str, Any]]:
    """Every finding, grouped by severity (errors first), each with its why, fix and citations from the catalog."""
    rules = catalog()
    groups = []
    for severity, heading in SEVERITY_GROUPS:
        items = [
            {
                "rule": f.rule,
                "title": encodable(f.title),
                "message": encodable(f.message),
                "where": encodable(_where(f)),
                "participant": None if f.participant is None else encodable(f.participant),
                "why": encodable(rules[f.rule].why),
                "fix": encodable(f.fix),
                "citations": [encodable(citation) for citation in f.citations],
                "waived": f.waived,
                "waiver_reason": None if f.waiver_reason is None else encodable(f.waiver_reason),
            }
            for f in result.findings
            if f.severity == severity
        ]
        groups.append({"severity": severity, "heading": heading, "count": len(items), "entries": items})
    return groups


def limits_section(year: int | None) -> dict[str, Any] | None:
    """The year's IRS limits, each with its Code section and the Notice (or file) the figures came from."""
    if year is None:
        return None
    limits: Limits | None = limits_for(year)
    if limits is None:
        return {"year": year, "missing": missing_year(year), "figures": []}
    figures = [
        {"label": label, "citation": citation, "amount": money(getattr(limits, key))}
        for label, citation, key in LIMIT_FIGURES
        if getattr(limits, key) is not None
    ]
    return {
        "year": year,
        "missing": None,
        "source": encodable(limits.source),
        "file": None if limits.file is None else encodable(limits.file),
        "wage_base_source": None if limits.ss_wage_base_source is None else encodable(limits.ss_wage_base_source),
        "figures": figures,
    }


def _plan_header(data: Any, result: FileResult) -> dict[str, Any]:
    plan = data.get("plan") if isinstance(data, dict) else None
    plan = plan if isinstance(plan, dict) else {}

    def text(key: str) -> str | None:
        value = plan.get(key)
        return encodable(value) if isinstance(value, str) else None

    return {
        "name": encodable(result.plan) if result.plan is not None else None,
        "title": encodable(result.plan) if result.plan is not None else encodable(result.path),
        "sponsor": text("sponsor"),
        "year": result.year,
        "document": text("document"),
        "provider": text("provider"),
        "source": text("source"),
        "path": encodable(result.path),
    }


def build(
    result: FileResult,
    data: Any,
    *,
    census: dict[str, Any] | None,
    decoded: dict[str, Any] | None,
    inputs: list[InputFile],
    today: date,
    date_source: str,
    version: str,
    not_read: list[str] | None = None,
) -> dict[str, Any]:
    """The report's data. ``data`` is the plan file as read (None when it could not be read as YAML);
    ``census`` and ``decoded`` are the census test's and decode's JSON documents, already parsed;
    ``not_read`` names the inputs given and not read (an invalid plan file's census and documents)."""
    header = _plan_header(data, result)
    valid = not result.invalid and isinstance(data, dict)
    rows = plan_features.features(data, decoded) if valid else []
    limits = limits_for(result.year) if valid and result.year is not None else None
    return {
        "data_version": DATA_VERSION,
        "megaroth_version": version,
        "date": today.isoformat(),
        "date_source": date_source,
        "plan": header,
        "verdict": verdict(result, header["title"]),
        "features": rows,
        "questions": plan_features.open_questions(rows),
        "findings": findings(result),
        "participants": rooms.participants(
            list(data.get("participants") or ()) if valid else [], result.participants, result.findings, limits, result.year
        ),
        "census": None if census is None else census_section(census),
        "documents": None if decoded is None else {
            "files": [encodable(name) for name in decoded["documents"]],
            "findings": plan_features.document_findings(decoded),
        },
        "limits": limits_section(result.year) if valid else None,
        "inputs": [
            {"role": item.role, "path": encodable(item.path), "sha256": item.sha256, "bytes": item.size,
             "bytes_text": f"{item.size:,}"}
            for item in inputs
        ],  # fmt: skip
        "not_read": [encodable(item) for item in not_read or ()],
    }
