"""Each participant's room as the report shows it: the breakdown, the paychecks, and the projection.

No new arithmetic: the room and its lines are `check`'s own (engine/money/headroom.py
through engine/deciding/facts.py), the paycheck split is Headroom's, and the
projection is `megaroth project`'s engine (engine/money/projection.py).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from megaroth.engine.deciding.facts import ParticipantResult
from megaroth.engine.deciding.findings import Finding
from megaroth.engine.money.headroom import Headroom
from megaroth.engine.money.limits import Limits
from megaroth.engine.money.projection import DEFAULT_RETURN_PERCENT, project
from megaroth.engine.reading.display import encodable
from megaroth.engine.report.chart import projection_svg
from megaroth.engine.report.values import money, money_cents

PROJECTION_YEARS = 20  # a career's second half: long enough to show compounding, short enough to read
# The table shows these years (and the last): every year is in the data.
_MILESTONES = (1, 5, 10, 15, 20, 25, 30)


def _line(label: str, cents: int, sign: str) -> dict[str, Any]:
    return {"label": label, "sign": sign, "amount": money_cents(cents)}


def breakdown(year: Headroom, limits: Limits) -> list[dict[str, Any]]:
    """The room as a subtraction, line by line (the guide's table), then what sits beside it: catch-up and caps."""
    limit_label = "§415(c) limit"
    if year.limit_cents < limits.annual_additions_415c * 100:
        limit_label += f" (100% of pay, below ${limits.annual_additions_415c:,})"
    lines = [
        _line(limit_label, year.limit_cents, "="),
        _line("less elective deferrals counted in §415(c)", year.deferral * 100, "-"),
    ]
    if year.spillover:
        lines.append(_line("less the deferral election spilled to after-tax", year.spillover * 100, "-"))
    lines += [
        _line("less employer match", year.match_cents, "-"),
        _line("less nonelective contribution", year.nonelective_cents, "-"),
        _line("less profit sharing", year.profit_sharing_cents, "-"),
        _line("after-tax room under §415(c), rounded down to the dollar", year.room_before_cap * 100, "="),
        _line("catch-up deferred (outside §415(c), §414(v)(3)(A): not subtracted)", year.catch_up * 100, " "),
    ]
    if year.plan_cap is not None:
        lines.append(_line("the plan's cap on after-tax contributions", year.plan_cap * 100, " "))
    if year.paycheck_cap is not None:
        lines.append(_line("the plan's cap per paycheck", year.paycheck_cap * 100, " "))
    lines.append(_line("after-tax room", year.after_tax_room * 100, "="))
    return lines


def paychecks(year: Headroom) -> list[dict[str, Any]]:
    """The after-tax election per paycheck: every paycheck alike, or all but the last, which takes the rounding."""
    each, last, periods = year.per_pay_period, year.last_pay_period, year.pay_periods
    if each == last:
        rows = [{"label": f"after-tax per paycheck ({periods} paychecks)", "amount": money(each)}]
    else:
        rows = [
            {"label": f"after-tax per paycheck ({periods - 1} of {periods} paychecks)", "amount": money(each)},
            {"label": "after-tax in the last paycheck (the rounding left over)", "amount": money(last)},
        ]
    if year.paycheck_unfilled:
        rows.append({"label": "room the cap per paycheck leaves unfilled", "amount": money(year.paycheck_unfilled)})
    return rows


def projection(room: int, age: int | None, plan_year: int, limits: Limits, name: str) -> dict[str, Any]:
    """`megaroth project`'s projection of the room converted every year, beside a Backdoor Roth IRA.

    ``age`` is the plan file's age at the end of the plan year, so the first
    conversion is made at ``age - 1`` (projection.project: the age at the end of
    year k is start_age + k) and the IRA catch-up starts the year they turn 50.
    Every year is held at the plan year's limits, in today's dollars (a real return).
    """
    start_age = None if age is None else age - 1
    result = project(room, PROJECTION_YEARS, return_percent=DEFAULT_RETURN_PERCENT, start_age=start_age,
                     ira_by_age=limits.ira_for_age)  # fmt: skip
    rows = [
        {
            "year": row.year,
            "calendar_year": plan_year + row.year - 1,
            "age": row.age,
            "contributed": money(row.contributed),
            "value": money(row.each_year),
            "ira_contributed": money(row.ira_contributed),
            "ira_value": money(row.ira_each_year),
            "shown": row.year in _MILESTONES or row.year == PROJECTION_YEARS,
        }
        for row in result.rows
    ]
    final = result.final
    sentence = (
        f"Converting ${room:,} a year for {PROJECTION_YEARS} years at a {DEFAULT_RETURN_PERCENT}% real return "
        f"puts in ${final.contributed:,} that grows to ${final.each_year:,} in today's dollars; a Backdoor Roth IRA "
        f"at the IRA limit puts in ${final.ira_contributed:,} that grows to ${final.ira_each_year:,}."
    )
    chart = {
        "title": f"{encodable(name)}: ${room:,} a year converted to Roth, {PROJECTION_YEARS} years",
        "years": [row["calendar_year"] for row in rows],
        "contributed": [row.contributed for row in result.rows],
        "value": [row.each_year for row in result.rows],
    }
    return {
        "years": PROJECTION_YEARS,
        "return_percent": str(DEFAULT_RETURN_PERCENT),
        "amount": money(room),
        "start_age": start_age,
        "rows": rows,
        "sentence": sentence,
        # What engine/report/chart.projection_svg draws: calendar years, dollars put in, what they grow to.
        "chart": chart,
        "svg": projection_svg(
            chart["years"], [Decimal(amount) for amount in chart["contributed"]],
            [Decimal(amount) for amount in chart["value"]], chart["title"],
        ),  # fmt: skip
    }


def participants(
    entries: list[dict[str, Any]], computed: tuple[ParticipantResult, ...], findings: tuple[Finding, ...],
    limits: Limits | None, plan_year: int | None,
) -> list[dict[str, Any]]:  # fmt: skip
    """Every participant scenario in the plan file, in its order: the room when `check` computed it, else why not."""
    by_index = {result.index: result for result in computed}
    shown = []
    for index, entry in enumerate(entries):
        name = encodable(str(entry.get("name", f"participant {index + 1}")))
        result = by_index.get(index)
        item: dict[str, Any] = {"index": index, "name": name, "age": entry.get("age"), "computed": result is not None}
        if result is None or limits is None or plan_year is None:
            # check reports why a room was not computed (MBR112, MBR301, ...): the report quotes it.
            item["not_computed"] = [
                encodable(f.message) for f in findings if f.participant_index == index and f.severity != "info"
            ] or ["check computed no room for this participant"]
            shown.append(item)
            continue
        year = result.headroom
        item.update(
            salary=money(year.salary),
            pay_periods=year.pay_periods,
            room=money(year.after_tax_room),
            per_paycheck=money(year.per_pay_period),
            breakdown=breakdown(year, limits),
            paychecks=paychecks(year),
            # No room, nothing to convert: a projection of $0 a year would only fill the page.
            projection=projection(year.after_tax_room, entry.get("age"), plan_year, limits, name) if year.after_tax_room else None,
        )
        shown.append(item)
    return shown
