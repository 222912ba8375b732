"""The census section: `megaroth acp`'s JSON document (schemas/acp.schema.json) as the report shows it.

The report reads the census stage only through its public document, so the
figures are the ones `megaroth acp --format json` prints, to the hundredth.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from megaroth.engine.reading.display import encodable
from megaroth.engine.report.chart import acp_svg
from megaroth.engine.report.values import money_decimal, percent, points


SHOWN_IN_SECTION = {"MBR601", "MBR602"}  # the result line and the refund table say what these findings say


def read_document(text: str) -> dict[str, Any]:
    """The census test's JSON text, numbers kept as exact decimals (12.10 stays 12.10)."""
    return json.loads(text, parse_float=Decimal)


def _result_words(document: dict[str, Any]) -> str:
    margin = document["margin"]
    if document["passed"]:
        return "passes" if margin is None else f"passes with {margin:.2f} points to spare"
    return "fails" if margin is None else f"fails by {-margin:.2f} points"


def _headroom_words(room: dict[str, Any], passed: bool) -> str | None:
    if passed and room.get("not_computed"):
        return f"not computed: {room['not_computed']}"
    if room["percent"] is None or not passed:
        return None
    held = "each HCE held to their own §415(c) room"
    if room["uncapped"]:
        capped, uncapped = room["capped_by_415c"], room["uncapped"]
        held += f" ({capped} of {capped + uncapped}; the census lacks the figures for {uncapped})"
    return f"every HCE could add {room['percent']:.2f}% of pay in after-tax money and the test still pass, {held}"


def census_section(document: dict[str, Any]) -> dict[str, Any]:
    """The ACP test, its margin, the correction when it fails, and the HCEs' headroom when it passes."""
    correction = document["correction"]
    room = document["headroom"]
    return {
        "year": document["year"],
        "method": document["method"],
        "match": document["match"],
        "limits_source": encodable(document["limits_source"]),
        "hce_count": document["hce"]["count"],
        "hce_acp": percent(document["hce"]["acp"]),
        "nhce_count": document["nhce"]["count"],
        "nhce_acp": percent(document["nhce"]["acp"]),
        "ineligible": document["ineligible"],
        "limit": percent(document["limit"]),
        "passed": document["passed"],
        "margin": points(document["margin"]),
        "result": _result_words(document),
        # The test as bars (HCE ACP, NHCE ACP, limit); with no eligible NHCE there is no limit to draw.
        "svg": None if document["limit"] is None or document["hce"]["acp"] is None or document["nhce"]["acp"] is None
        else acp_svg(document["hce"]["acp"], document["nhce"]["acp"], document["limit"]),
        "correction": None if correction is None else {
            "level": percent(correction["level"]),
            "total_excess": money_decimal(correction["total_excess"]),
            "refunds": [
                {
                    "id": encodable(refund["id"]),
                    "amount": money_decimal(refund["amount"]),
                    "after_tax": money_decimal(refund["after_tax"]),
                    "match": money_decimal(refund["match"]),
                }
                for refund in correction["refunds"]
            ],
            "deadline": correction["deadline"],
            "outer_deadline": correction["outer_deadline"],
            "excise_if_late": money_decimal(correction["excise_if_late"]),
            "qnec_percent": percent(correction["qnec_percent"]),
            "qnec_cost": None if correction["qnec_cost"] is None else money_decimal(correction["qnec_cost"]),
        },
        "headroom": {
            "percent": percent(room["percent"]),
            "capped_by_415c": room["capped_by_415c"],
            "uncapped": room["uncapped"],
            "words": _headroom_words(room, document["passed"]),
        },
        # The census's findings other than those the section itself shows (MBR601: the result; MBR602: a refund
        # row), each with its rule and, for a room-table excess, the census row and column it is at.
        "findings": [
            {
                "id": item["id"],
                "severity": item["severity"],
                "message": encodable(item["message"]),
                "at": None if item["row"] is None else f"row {item['row']}, column {item['column']}",
            }
            for item in document["findings"]
            if item["id"] not in SHOWN_IN_SECTION
        ],
    }
