"""What decode read, written out: a draft plan file (format 1) with its evidence as comments, or JSON.

The draft validates as written: every field the documents do not answer is
``unknown`` (with a comment saying which wording to look for), so ``megaroth
check`` on it gives a verdict — ``undetermined`` where a deciding answer is
unknown. Comments are the one place the evidence can sit in a plan file without
a new field, so the YAML is written line by line rather than dumped.
"""

from __future__ import annotations

import json
from typing import Any

from megaroth.engine.decode.decoder import UNKNOWN, Answer, Decoded, Evidence
from megaroth.engine.decode.findings import exit_code, place, sarif, text_lines
from megaroth.engine.reading.display import printable

# Where each answered field goes in the draft, in the order a plan file lists them.
_LAYOUT: list[tuple[int, str, str]] = [
    (0, "contributions:", ""),
    (1, "pretax", "contributions.pretax"),
    (1, "roth", "contributions.roth"),
    (1, "catch_up", "contributions.catch_up"),
    (1, "after_tax:", ""),
    (2, "allowed", "contributions.after_tax.allowed"),
    (2, "wording", "contributions.after_tax.wording"),
    (2, "max_percent", "contributions.after_tax.max_percent"),
    (2, "max_dollars", "contributions.after_tax.max_dollars"),
    (2, "hce_max_percent", "contributions.after_tax.hce_max_percent"),
    (2, "separate_account", "contributions.after_tax.separate_account"),
    (2, "spillover", "contributions.after_tax.spillover"),
    (0, "conversion:", ""),
    (1, "in_plan:", ""),
    (2, "available", "conversion.in_plan.available"),
    (2, "automatic", "conversion.in_plan.automatic"),
    (2, "frequency", "conversion.in_plan.frequency"),
    (1, "in_service:", ""),
    (2, "available", "conversion.in_service.available"),
    (2, "per_year", "conversion.in_service.per_year"),
    (2, "split_earnings", "conversion.in_service.split_earnings"),
]
# Fields the plan format reads as "none" or "no" when absent: an unread one is a comment saying so, never written.
_ABSENT_MEANS = {
    "max_percent": "absent means no percent cap",
    "max_dollars": "absent means no dollar cap",
    "per_year": "absent means no limit",
    "catch_up": "absent means allowed",
    "wording": "the plan format has no unknown for it",
    "hce_max_percent": "absent means the same cap as everyone",
    "spillover": "absent means no spillover",
    "frequency": "the plan format has no unknown for it",
}


def _scalar(value: Any) -> str:
    """A YAML scalar: JSON's double-quoted strings, numbers and booleans are YAML 1.2 as they are."""
    return json.dumps(value, ensure_ascii=False)


def _comment_text(text: str) -> str:
    """Quoted document text made safe for one comment line (no line breaks or control characters)."""
    return "".join(char if char.isprintable() else " " for char in text)


def where(evidence: Evidence) -> str:
    """document, page and line, the page left out when the document prints none."""
    page = f" page {evidence.page}" if evidence.page is not None else ""
    return f"{evidence.document}{page} line {evidence.line}"


def _evidence_lines(pad: str, answer: Answer) -> list[str]:
    return [f'{pad}# {_comment_text(where(item))}: "{_comment_text(item.text)}"' for item in answer.evidence]


def _field_lines(pad: str, key: str, answer: Answer) -> list[str]:
    """One field with its evidence above it; what the plan format cannot hold is said in a comment."""
    value = answer.value
    lines = _evidence_lines(pad, answer)
    if key in _ABSENT_MEANS and value == UNKNOWN:
        return [f"{pad}# {key}: not read ({_ABSENT_MEANS[key]}): confirm; look for {_comment_text(answer.look_for)}"]
    if key == "per_year" and value == "unlimited":
        return lines + [f"{pad}# per_year: no limit stated, so none is written (absent means no limit)"]
    if value == UNKNOWN:
        note = "the documents contradict each other (see above)" if answer.evidence else "not answered"
        return lines + [f"{pad}{key}: unknown  # {note}; look for {_comment_text(answer.look_for)}"]
    return lines + [f"{pad}{key}: {_scalar(value)}"]


def draft_yaml(decoded: Decoded, year: int, document: str) -> str:
    """The draft plan file."""
    sources = ", ".join(decoded.documents)
    lines = [
        "# Draft plan file written by `megaroth decode` from: " + _comment_text(sources),
        "# Every answer below is quoted from the documents; unknown where they do not say. Review before relying on it.",
    ]
    for finding in decoded.findings:
        at = _comment_text(place(finding.evidence[0]))
        lines.append(f"# FINDING {finding.rule} ({finding.kind}) {finding.severity} at {at}: {_comment_text(finding.message)}")
    name = decoded.name[0] if decoded.name else "Plan named in " + decoded.documents[0]
    lines += ["megaroth: 1", "plan:"]
    lines.append(f'  # {_comment_text(where(decoded.name[1]))}: "{_comment_text(decoded.name[1].text)}"' if decoded.name
                 else "  # the documents print no title line ending in \"Plan\": replace with the plan's name")  # fmt: skip
    lines.append(f"  name: {_scalar(name)}")
    if decoded.year and decoded.year[0] == year:
        lines.append(f'  # {_comment_text(where(decoded.year[1]))}: "{_comment_text(decoded.year[1].text)}"')
    else:
        lines.append("  # given with --year")
    lines.append(f"  year: {year}")
    lines.append("  # not read from the documents (--document): check the plan document's cover page")
    lines.append(f"  document: {document}")
    lines.append(f"  source: {_scalar('megaroth decode of ' + sources)}")
    for depth, key, field in _LAYOUT:
        pad = "  " * depth
        if not field:
            lines.append(f"{pad}{key}")
            continue
        answer = decoded.answers[field]
        if field == IN_PLAN and answer.value is True and any(f.rule == DISTRIBUTABLE_ONLY for f in decoded.findings):
            lines += _distributable_only_lines(pad, key, answer)
            continue
        lines += _field_lines(pad, key, answer)
    lines += _employer_lines(decoded.answers)
    lines += _testing_lines(decoded.answers["testing.safe_harbor"])
    return "\n".join(lines) + "\n"


IN_PLAN = "conversion.in_plan.available"
DISTRIBUTABLE_ONLY = "MBR502"  # an in-plan Roth rollover of amounts otherwise distributable only (59½, 65)


def _distributable_only_lines(pad: str, key: str, answer: Answer) -> list[str]:
    """An in-plan Roth rollover the documents limit to distributable amounts: written as unknown, not true.

    check reads `available: true` as a route for every participant, but such a rollover moves no after-tax
    money to Roth while a participant under 59½ works (§402A(c)(4)(E) is the plan's choice): a yes would be
    confidently wrong for most of them, so the draft leaves the answer to the analyst.
    """
    return _evidence_lines(pad, answer) + [
        f"{pad}{key}: unknown  # only amounts otherwise distributable (age 59½ or 65, MBR502): true only if the "
        "participants in question have reached that age; otherwise false"
    ]


def _tiers_text(tiers: Any) -> str:
    return "[" + ", ".join(f"{{rate: {_scalar(rate)}, up_to: {_scalar(up_to)}}}" for rate, up_to in tiers) + "]"


def _employer_lines(answers: dict[str, Answer]) -> list[str]:
    """The employer section: the plan format reads an absent match or contribution as none, so only what the
    documents state is written, and what they do not is a comment to confirm."""
    tiers, on_after_tax, true_up, cap = (answers[f"employer.match.{key}"] for key in ("tiers", "on_after_tax", "true_up", "max"))
    numbers = [(key, answers[f"employer.{key}"]) for key in ("nonelective", "profit_sharing")]
    body: list[str] = []
    if tiers.value != UNKNOWN:
        body += ["  match:"] + _evidence_lines("    ", tiers) + [f"    tiers: {_tiers_text(tiers.value)}"]
        for key, answer in (("max", cap), ("on_after_tax", on_after_tax), ("true_up", true_up)):
            if answer.value == UNKNOWN:
                means = "no dollar cap" if key == "max" else "no"
                body.append(f"    # {key}: not read (absent means {means}): confirm; look for {_comment_text(answer.look_for)}")
            else:
                body += _evidence_lines("    ", answer) + [f"    {key}: {_scalar(answer.value)}"]
    else:
        body.append(f"  # match: not read (absent means no match): confirm; look for {_comment_text(tiers.look_for)}")
        for key, answer in (("max", cap), ("on_after_tax", on_after_tax), ("true_up", true_up)):
            if answer.value != UNKNOWN:
                body += [f"  # match.{key} read as {_scalar(answer.value)}, written once the tiers are:"]
                body += _evidence_lines("  ", answer)
    for key, answer in numbers:
        if answer.value == UNKNOWN:
            body.append(f"  # {key}: not read (absent means none): confirm; look for {_comment_text(answer.look_for)}")
        else:
            body += _evidence_lines("  ", answer) + [f"  {key}: {_scalar(answer.value)}"]
    if any(not line.lstrip().startswith("#") for line in body):
        return ["employer:"] + body
    # Nothing to write: no employer key at all, the comments at the top level.
    return ["# employer: nothing read from the documents (absent means no employer contributions)"] + [line.strip() for line in body]


def _testing_lines(answer: Answer) -> list[str]:
    if answer.value == UNKNOWN:
        return [f"# testing.safe_harbor: not read (absent means no): confirm; look for {_comment_text(answer.look_for)}"]
    return ["testing:"] + _evidence_lines("  ", answer) + [f"  safe_harbor: {_scalar(answer.value)}"]


def _evidence_json(evidence: Evidence) -> dict[str, Any]:
    return {"document": evidence.document, "page": evidence.page, "line": evidence.line, "text": evidence.text}


def json_value(value: Any) -> Any:
    """A value as the plan format writes it: match tiers as a list of {rate, up_to}."""
    if isinstance(value, tuple):
        return [{"rate": rate, "up_to": up_to} for rate, up_to in value]
    return value


def draft_json(decoded: Decoded) -> dict[str, Any]:
    """The JSON form (schemas/decode-report.schema.json): every field with its value and evidence, and the findings."""
    return {
        "documents": list(decoded.documents),
        "fields": {
            field: {"value": json_value(answer.value), "evidence": [_evidence_json(item) for item in answer.evidence]}
            for field, answer in sorted(decoded.answers.items())
        },
        "findings": [
            {
                "id": finding.rule,
                "kind": finding.kind,
                "severity": finding.severity,
                "message": finding.message,
                "evidence": [_evidence_json(item) for item in finding.evidence],
            }
            for finding in decoded.findings
        ],
    }


def draft_text(decoded: Decoded) -> str:
    """The text form: the findings, linter style at document:page:line, then every field's answer and where."""
    lines = text_lines(decoded.findings)
    if lines:
        lines.append("")
    width = max(len(field) for field in decoded.answers)
    for field, answer in sorted(decoded.answers.items()):
        value = answer.value if isinstance(answer.value, str) else _tiers_text(answer.value) if isinstance(answer.value, tuple) else _scalar(answer.value)
        at = f"  ({', '.join(place(item) for item in answer.evidence)})" if answer.evidence else ""
        lines.append(printable(f"{field:<{width}}  {value}{at}"))
    counts = {severity: sum(finding.severity == severity for finding in decoded.findings) for severity in ("error", "warning", "info")}
    said = ", ".join(f"{count} {severity}{'s' if count != 1 and severity != 'info' else ''}" for severity, count in counts.items())
    lines.append(f"{len(decoded.documents)} document{'s' if len(decoded.documents) != 1 else ''} read: {said}.")
    return "\n".join(lines) + "\n"


def render(paths: list[str], output_format: str, year: int | None, document: str) -> tuple[str, int]:
    """`megaroth decode`'s output for ``paths`` (the draft plan as yaml, or the json, text or sarif form) and its
    exit code: 1 when a finding is an error, as `megaroth check` exits.

    Raises DocumentError for a document that cannot be read, or when no plan year is known: the draft needs
    one, and a year is never guessed (the limits hang on it).
    """
    from megaroth.engine.decode.decoder import DocumentError, decode, read_text_document

    decoded = decode([read_text_document(path) for path in paths])
    code = exit_code(decoded.findings)
    if output_format == "json":
        return json.dumps(draft_json(decoded), indent=2, ensure_ascii=False) + "\n", code
    if output_format == "text":
        return draft_text(decoded), code
    if output_format == "sarif":
        return sarif(decoded.findings), code
    if year is None:
        if decoded.year is None:
            raise DocumentError(
                f"{', '.join(paths)}: the documents name no plan year (\"Plan Year 2026\", \"effective January 1, "
                "2026\"); give it with --year"
            )
        year = decoded.year[0]
    return draft_yaml(decoded, year, document), code
