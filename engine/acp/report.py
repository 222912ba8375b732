"""The census test's output: text for a reader, JSON for a program (schemas/acp.schema.json), CSV for a spreadsheet.

Only what the test computed is written, employee by employee: id, row and
the used figures, never a column the test did not read.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any, Sequence

from megaroth.engine.acp.correction import Correction
from megaroth.engine.acp.headroom import Headroom, headroom
from megaroth.engine.acp.ratios import Result
from megaroth.engine.acp.rooms import Room
from megaroth.engine.deciding.findings import Finding
from megaroth.engine.money.limits import source_words
from megaroth.engine.reading.display import printable

SCHEMA_VERSION = 1
_MARK = "\0D"  # a Decimal waiting to be written as a JSON number; census text cannot hold NUL
_MARKED = re.compile(r'"\\u0000D(-?\d+\.\d+)"')


def _number(value: Decimal | None, places: int = 2) -> str | None:
    """Percents and dollars as JSON numbers with exactly ``places`` decimals (12.10, not 12.1)."""
    return None if value is None else _MARK + str(value.quantize(Decimal(1).scaleb(-places)))


def document(result: Result, correction: Correction | None, findings: Sequence[Finding] = (),
             rooms: Sequence[Room] = (), match_source: str = "census", room: Headroom | None = None,
             *, lists: str | None = None) -> dict[str, Any]:
    """The report as a JSON-ready mapping (Decimals marked, see ``json_text``).

    With ``lists``, the four lists that grow with the census (employees, refunds,
    rooms, findings) are markers where the caller writes them itself (``json_text``).
    """
    return {
        "schema_version": SCHEMA_VERSION,
        "year": result.year,
        "method": result.method,
        "match": "include" if result.match_included else "exclude",
        "match_source": match_source,
        "limits_source": source_words(result.limits),
        "hce": {"count": len(result.hces), "acp": _number(result.hce_acp)},
        "nhce": {"count": len(result.nhces), "acp": _number(result.nhce_acp)},
        "ineligible": len(result.excluded),
        "limit": _number(result.limit),
        "passed": result.passed,
        "margin": _number(result.margin),
        "employees": [
            {
                "id": tested.employee.id,
                "row": tested.employee.row,
                "hce": tested.hce,
                "hce_reason": tested.hce_reason,
                "compensation": _number(tested.employee.compensation),
                "tested_compensation": _number(tested.tested_compensation),
                "after_tax": _number(tested.employee.after_tax),
                "match": _number(tested.match),
                "acr": _number(tested.acr),
            }
            for tested in result.employees
        ] if lists is None else _EMPLOYEES,
        "correction": None if correction is None else {
            "level": _number(correction.level),
            "total_excess": _number(correction.total_excess),
            "refunds": [
                {
                    "id": refund.tested.employee.id,
                    "amount": _number(refund.amount),
                    "after_tax": _number(refund.after_tax),
                    "match": _number(refund.match),
                }
                for refund in correction.refunds
            ] if lists is None else _REFUNDS,
            "deadline": correction.deadlines.without_excise.isoformat(),
            "outer_deadline": correction.deadlines.outer.isoformat(),
            "excise_if_late": _number(correction.excise_if_late),
            "qnec_percent": _number(correction.qnec_percent),
            "qnec_cost": _number(correction.qnec_cost),
        },
        "headroom": _headroom(result if room is None else room),
        "rooms": [_room(line) for line in rooms] if lists is None else _ROOMS,
        "findings": [
            {"id": f.rule, "severity": f.severity, "message": f.message, "row": f.line, "column": f.column}
            for f in findings
        ] if lists is None else _FINDINGS,
    }


def _room(room: Room) -> dict[str, Any]:
    return {
        "id": room.employee.id,
        "row": room.employee.row,
        "annual_additions": _number(room.additions),
        "additions_limit": _number(room.ceiling),
        "binding": room.binding,
        "deferrals": _number(room.employee.deferrals),
        "deferral_limit": _number(room.deferral_limit),
        "catch_up": _number(room.catch_up),
        "after_tax_room": _number(room.after_tax_room),
    }


def _headroom(source: Result | Headroom) -> dict[str, Any]:
    room = headroom(source) if isinstance(source, Result) else source
    return {"percent": _number(room.percent), "capped_by_415c": room.capped, "uncapped": room.uncapped,
            "not_computed": room.not_computed}


# Where json_text puts the lists it writes itself: no census text holds NUL.
_EMPLOYEES, _REFUNDS, _ROOMS, _FINDINGS = "\0employees", "\0refunds", "\0rooms", "\0findings"


# A string as json.dumps(ensure_ascii=False) writes it (the json module's own C function), without an encoder per call.
_quote = json.encoder.encode_basestring  # type: ignore[attr-defined]


def _text(value: Decimal | None) -> str:
    """A Decimal of cents or hundredths as its JSON number (it has two decimals already), or null."""
    return "null" if value is None else f"{value:.2f}"


def _array(objects: list[str], level: int = 2) -> str:
    """Objects already written at ``level`` (2: the items of a top-level list), as json.dumps(indent=2) lays them out."""
    inner, outer = "  " * level, "  " * (level - 1)
    return "[\n" + inner + (",\n" + inner).join(objects) + "\n" + outer + "]" if objects else "[]"


def _flat(pairs: list[tuple[str, str]], level: int) -> str:
    """One object of scalars already written as JSON, its fields one level in."""
    inner = "\n" + "  " * (level + 1)
    return "{" + ",".join(f'{inner}"{key}": {value}' for key, value in pairs) + "\n" + "  " * level + "}"


def _refund_objects(correction: Correction | None) -> list[str]:
    return [] if correction is None else [
        _flat([("id", _quote(r.tested.employee.id)), ("amount", _text(r.amount)), ("after_tax", _text(r.after_tax)),
               ("match", _text(r.match))], 3)
        for r in correction.refunds
    ]


def _finding_objects(findings: Sequence[Finding]) -> list[str]:
    return [
        _flat([("id", f'"{f.rule}"'), ("severity", f'"{f.severity}"'), ("message", _quote(f.message)),
               ("row", "null" if f.line is None else str(f.line)),
               ("column", "null" if f.column is None else str(f.column))], 2)
        for f in findings
    ]


def _employee_objects(result: Result) -> list[str]:
    """The employees list, each object written directly: a census of 100,000 rows is too many for json's encoder."""
    quoted: dict[str, str] = {}  # the few hce_reason texts, each encoded once
    objects = []
    for tested in result.employees:
        employee = tested.employee
        reason = quoted.get(tested.hce_reason) or quoted.setdefault(tested.hce_reason, _quote(tested.hce_reason))
        objects.append(
            f'{{\n      "id": {_quote(employee.id)},\n      "row": {employee.row},\n'
            f'      "hce": {"true" if tested.hce else "false"},\n      "hce_reason": {reason},\n'
            f'      "compensation": {_text(employee.compensation)},\n'
            f'      "tested_compensation": {_text(tested.tested_compensation)},\n'
            f'      "after_tax": {_text(employee.after_tax)},\n      "match": {_text(tested.match)},\n'
            f'      "acr": {_text(tested.acr)}\n    }}'
        )
    return objects


def _room_objects(rooms: Sequence[Room]) -> list[str]:
    return [
        f'{{\n      "id": {_quote(line.employee.id)},\n      "row": {line.employee.row},\n'
        f'      "annual_additions": {_text(line.additions)},\n      "additions_limit": {_text(line.ceiling)},\n'
        f'      "binding": "{line.binding}",\n      "deferrals": {_text(line.employee.deferrals)},\n'
        f'      "deferral_limit": {_text(line.deferral_limit)},\n      "catch_up": {_text(line.catch_up)},\n'
        f'      "after_tax_room": {_text(line.after_tax_room)}\n    }}'
        for line in rooms
    ]


def json_text(result: Result, correction: Correction | None, findings: Sequence[Finding] = (),
              rooms: Sequence[Room] = (), match_source: str = "census", room: Headroom | None = None) -> str:
    """The JSON report, keys in a fixed order, numbers with their decimals: the same input, the same bytes.

    The employees and the room table are written object by object, in the
    layout ``json.dumps(indent=2)`` gives (tests/acp hold them to it); the rest
    goes through ``json.dumps``.
    """
    data = document(result, correction, findings, rooms, match_source, room, lists="written here")
    rest = _MARKED.sub(r"\1", json.dumps(data, indent=2, ensure_ascii=False))
    parts: list[str] = []
    # The markers come in this order; each list is written into its place once (no copy of the whole text per list).
    for marker, objects, level in ((_EMPLOYEES, lambda: _employee_objects(result), 2),
                                   (_REFUNDS, lambda: _refund_objects(correction), 3),
                                   (_ROOMS, lambda: _room_objects(rooms), 2),
                                   (_FINDINGS, lambda: _finding_objects(findings), 2)):
        head, found, tail = rest.partition(json.dumps(marker))
        if found:  # the refunds' marker is absent when the test passes (correction null)
            parts += [head, _array(objects(), level)]
            rest = tail
    parts.append(rest)
    return "".join(parts) + "\n"


def _pct(value: Decimal | None) -> str:
    return "none" if value is None else f"{value:.2f}%"


def _usd(value: Decimal) -> str:
    return f"{value:,.2f}"


# Shown by the report's own lines (the verdict, the correction table, the QNEC's note): not listed again.
_IN_BODY = ("MBR601", "MBR602", "MBR606")


def _finding_line(finding: Finding) -> str:
    where = "" if finding.line is None else f"{printable(finding.path)}:{finding.line}:{finding.column}: "
    return f"  {where}{finding.severity} {finding.rule}: {finding.message}"


def text(result: Result, correction: Correction | None, findings: Sequence[Finding] = (),
         match_source: str = "census", room: Headroom | None = None) -> str:
    """The report for a reader: groups, ACPs, limit, margin, verdict, and the correction when it fails."""
    limits = result.limits
    match_words = "match included" if result.match_included else "after-tax alone, match excluded"
    lines = [
        f"ACP test (§401(m)), plan year {result.year}: {result.method}-year method, {match_words}",
        f"  limits: {source_words(limits)}; compensation capped at {limits.compensation_401a17:,} (§401(a)(17))",
        f"  HCEs:   {len(result.hces)} eligible, ACP {_pct(result.hce_acp)}",
        f"  NHCEs:  {len(result.nhces)} eligible, ACP {_pct(result.nhce_acp)}",
    ]
    if result.excluded:
        lines.append(f"  not eligible (outside the test): {len(result.excluded)}")
    if result.limit is None:
        lines.append("  limit:  none: no eligible NHCE, the test passes (§1.401(m)-2(a)(1))")
    else:
        nhce = result.nhce_acp
        lines.append(
            f"  limit:  {_pct(result.limit)} (the greater of 1.25 × {nhce} and the lesser of {nhce} + 2 "
            f"and 2 × {nhce}, to the hundredth below)"
        )
    margin = result.margin
    if result.passed:
        verdict = "PASSES" if margin is None else f"PASSES with {margin:.2f} points to spare"
    else:
        verdict = f"FAILS by {-margin:.2f} points" if margin is not None else "FAILS"
    lines.append(f"  result: {verdict}")
    room = headroom(result) if room is None else room
    if room.percent is not None and result.passed:
        held = (f"each HCE also held to their §415(c) room ({room.capped} of {room.capped + room.uncapped}; "
                f"the census lacks the figures for {room.uncapped})" if room.uncapped
                else "each HCE also held to their §415(c) room")
        lines.append(f"  headroom: every HCE could add {room.percent:.2f}% of pay in after-tax money and pass; {held}")
    elif room.not_computed is not None:
        lines.append(f"  headroom: not computed: {room.not_computed}")
    if match_source == "plan":
        lines.append("  match: computed from the plan's match formula on the year's deferrals (the census has no "
                     "match column; a plan that matches each paycheck without a true-up may have paid less)")
    lines += [_finding_line(finding) for finding in findings if finding.rule not in _IN_BODY]
    if correction is not None:
        lines += _correction_lines(correction)
    return "\n".join(lines) + "\n"


def _correction_lines(correction: Correction) -> list[str]:
    rows = [("id", "refund", "after-tax", "match")] + [
        (printable(r.tested.employee.id), _usd(r.amount), _usd(r.after_tax), _usd(r.match)) for r in correction.refunds
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    table = [
        "    " + row[0].ljust(widths[0]) + "".join("  " + cell.rjust(width) for cell, width in zip(row[1:], widths[1:]))
        for row in rows
    ]
    dates = correction.deadlines
    return [
        "",
        "Correction by refund (Treas. Reg. §1.401(m)-2(b)):",
        f"  the highest ACRs come down to {correction.level:.2f}%; "
        f"total excess aggregate contributions {_usd(correction.total_excess)}",
        "  refunded by dollar leveling (most dollars first), after-tax money before match:",
        *table,
        f"  refund with earnings by {dates.without_excise:%B} {dates.without_excise.day}, {dates.without_excise.year} "
        f"({'6 months after a calendar plan year, an EACA plan' if dates.eaca else '2½ months after a calendar plan year'}) "
        "or the employer owes the 10% excise tax (§4979): "
        f"{_usd(correction.excise_if_late)}",
        f"  not corrected by {dates.outer:%B} {dates.outer.day}, {dates.outer.year} (12 months), "
        "the plan fails §401(a)(4)",
        *_qnec_lines(correction),
    ]


def _qnec_lines(correction: Correction) -> list[str]:
    if correction.qnec_percent is None or correction.qnec_cost is None:
        return []
    lines = [
        f"Or instead: a QNEC or QMAC of {correction.qnec_percent:.2f}% of pay for every eligible NHCE passes "
        f"(§1.401(m)-2(a)(6)), costing {_usd(correction.qnec_cost)}",
    ]
    if correction.qnec_percent > 5:
        # §1.401(m)-2(a)(6)(v): a QNEC above 5% of pay (or twice the representative rate) may be disregarded.
        lines.append("  above 5% of pay, part of it may not count (§1.401(m)-2(a)(6)(v)): check the representative rate")
    return lines


CSV_COLUMNS = (
    "id", "row", "hce", "hce_reason", "compensation", "tested_compensation", "after_tax", "match", "acr",
    "refund", "refund_after_tax", "refund_match", "annual_additions", "additions_limit", "deferral_limit",
    "after_tax_room",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # a spreadsheet would run such a cell as a formula


def _safe_cell(value: str) -> str:
    """Census text as a spreadsheet cell that cannot run: a leading =, +, -, @ is quoted with '."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def _money(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.2f}"


def csv_text(result: Result, correction: Correction | None, rooms: Sequence[Room] = ()) -> str:
    """One row per eligible employee, in census order: the figures the test used, the refund when it fails, the room."""
    import csv
    import io

    refunds = {} if correction is None else {r.tested.employee.row: r for r in correction.refunds}
    by_row = {room.employee.row: room for room in rooms}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for tested in result.employees:
        employee = tested.employee
        refund = refunds.get(employee.row)
        room = by_row.get(employee.row)
        writer.writerow([
            _safe_cell(employee.id),
            employee.row,
            "true" if tested.hce else "false",
            tested.hce_reason,
            f"{employee.compensation:.2f}",
            f"{tested.tested_compensation:.2f}",
            f"{employee.after_tax:.2f}",
            f"{tested.match:.2f}",
            f"{tested.acr:.2f}",
            "" if refund is None else f"{refund.amount:.2f}",
            "" if refund is None else f"{refund.after_tax:.2f}",
            "" if refund is None else f"{refund.match:.2f}",
            "" if room is None else f"{room.additions:.2f}",
            "" if room is None else f"{room.ceiling:.2f}",
            "" if room is None else f"{room.deferral_limit:.2f}",
            "" if room is None else _money(room.after_tax_room),
        ])
    return out.getvalue()
