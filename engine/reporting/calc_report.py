"""The calculator's output: text tables that read like the guide, JSON with the same numbers, CSV for the projection.

Text subtractions use the minus sign − (U+2212), as the guide's worked
example does: ``70,000 − 23,500 − 10,000 = 36,500``.  Every JSON document is
written with sorted keys, so the same input gives the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
import math
import textwrap
from decimal import Decimal
from fractions import Fraction
from typing import Any, Sequence

from megaroth.engine.deciding.calc_run import ProjectionReport
from megaroth.engine.money.calculator import ROTH_CATCH_UP_LOST, HeadroomResult
from megaroth.engine.deciding.facts import percent_text
from megaroth.engine.money.headroom import EmployerFormula, Headroom
from megaroth.engine.money.limits import source_words
from megaroth.engine.money.planner import PaycheckPlan
from megaroth.engine.money.projection import LeakRow, Projection, row_words
from megaroth.engine.reading.display import printable

MINUS = "\u2212"


def money(amount: int) -> str:
    """12,345 or −12,345."""
    return f"{MINUS}{-amount:,}" if amount < 0 else f"{amount:,}"


def less(amount: int) -> str:
    """An amount subtracted in a table: −12,345 (0 stays 0)."""
    return money(-amount) if amount else "0"


def _number(value: Fraction | int | float) -> int | float:
    """A percent for JSON: 7 stays 7, 6.5 stays 6.5."""
    value = Fraction(str(value)) if not isinstance(value, Fraction) else value
    return int(value) if value.denominator == 1 else float(value)


def _table(rows: Sequence[tuple[str, str]]) -> list[str]:
    """Labels left, amounts right-aligned in one column."""
    label_width = max(len(label) for label, _ in rows) + 2
    amount_width = max(len(amount) for _, amount in rows)
    return [f"{label.ljust(label_width)}{amount.rjust(amount_width)}".rstrip() for label, amount in rows]


def cents_text(cents: int) -> str:
    """An amount kept to the cent: 8,000.64, or 8,000 when it is whole dollars."""
    whole, part = divmod(abs(cents), 100)
    text = f"{whole:,}" if part == 0 else f"{whole:,}.{part:02d}"
    return f"{MINUS}{text}" if cents < 0 else text


def _to_the_cent(year: Headroom) -> bool:
    """Some line of the room is not whole dollars: the table and the equation show cents."""
    return any(amount % 100 for amount in (year.limit_cents, year.match_cents, year.nonelective_cents, year.profit_sharing_cents))


def equation(year: Headroom) -> str:
    """The room as one subtraction, zero lines left out: 70,000 − 23,500 − 10,000 = 36,500.

    Employer money is kept to the cent (rounded up) and the room rounded down
    to the dollar, so when a line has cents the equation says so:
    70,000 − 23,500 − 5,000.40 − 3,000.24 = 38,499.36, rounded down to 38,499.
    """
    subtracted = [year.deferral * 100, year.spillover * 100, year.match_cents, year.nonelective_cents, year.profit_sharing_cents]
    value = year.limit_cents - sum(subtracted)
    text = f" {MINUS} ".join([cents_text(year.limit_cents)] + [cents_text(amount) for amount in subtracted if amount])
    text += f" = {cents_text(value)}"
    if value < 0:
        text += ": no room (it never goes below 0)"
    elif value % 100:
        text += f", rounded down to {money(value // 100)}"
    if value >= 0 and value // 100 > year.room_before_cap:
        # Only a match on after-tax does this: the next after-tax dollar would earn match and pass the limit.
        text += f"; the room is {money(year.room_before_cap)}, since one more after-tax dollar would earn match and pass the limit"
    return text


def tiers_text(formula: EmployerFormula) -> str:
    """'100% of the first 5% of pay, 50% of the next 2%, at most 12,000'."""
    parts = []
    for index, (rate, up_to) in enumerate(formula.match_tiers):
        where = "first" if index == 0 else "next"
        parts.append(f"{percent_text(rate)}% of the {where} {percent_text(up_to)}%" + (" of pay" if index == 0 else ""))
    if formula.match_cap is not None:
        parts.append(f"at most {formula.match_cap:,}")
    return ", ".join(parts)


def split_rows(each: int, last: int, periods: int, what: str = "after-tax") -> list[tuple[str, str]]:
    """Elections as table rows: every paycheck alike, or all but the last alike."""
    if each == last:
        return [(f"{what} per paycheck ({periods} paychecks)", money(each))]
    return [
        (f"{what} per paycheck ({periods - 1} of {periods} paychecks)", money(each)),
        (f"{what} in the last paycheck (the rounding left over)", money(last)),
    ]


def cents(amount: Fraction) -> str:
    """1,384.62: an amount to the cent (a percent of a paycheck)."""
    hundredths = int(amount * 100)
    return f"{money(hundredths // 100)}.{hundredths % 100:02d}"


STEP_WORDS = {Fraction(1): "whole percents", Fraction(1, 10): "steps of 0.1%"}


def _percent(value: Fraction) -> str:
    return percent_text(float(value))


# --- headroom ----------------------------------------------------------------


def _who(result: HeadroomResult, participant: str | None = None) -> str:
    person = result.person
    year = result.headroom
    age = "age not given (no catch-up)" if person.age is None else f"age {person.age} at year end"
    election = year.deferral_total + year.spillover
    deferral = "deferral max" if person.deferral == "max" else f"deferral {money(election)}"
    # The plan's and the participant's names are plan text: printable, or an ESC in them would reach the terminal.
    plan = "" if result.terms.name is None else f"plan: {printable(result.terms.name)}; "
    if participant is not None:
        plan += f"participant: {printable(participant)}; "
    if person.self_employed:
        pay = f"net earnings from self-employment {cents_text(cents_of(person.net_se_earnings))}"
    else:
        pay = f"salary {money(year.salary)}"
        if person.pay_received is not None:
            pay += f", {cents_text(year.compensation_cents)} paid this year"
    paychecks = f"{person.pay_periods} paychecks"
    if person.paychecks_paid is not None:
        paychecks = f"{person.paychecks_paid} of {person.pay_periods} paychecks paid this year"
    return f"{plan}{pay}; {age}; {deferral}; {paychecks}"


def cents_of(amount: Any) -> int:
    """An amount as typed, in cents (rounded down)."""
    return math.floor(Fraction(str(amount)) * 100)


def headroom_rows(result: HeadroomResult) -> list[tuple[str, str]]:
    """The guide's table, line by line."""
    year = result.headroom
    limits = result.limits
    limit_label = "§415(c) limit"
    if result.limited_by_pay:
        limit_label += f" (100% of pay, below {money(limits.annual_additions_415c)})"
    formula = result.terms.formula
    match_label = f"less match ({tiers_text(formula)})" if formula.match_tiers else "less match"
    if formula.match_tiers and formula.match_after_tax:
        match_label = match_label[:-1] + ", on deferrals and after-tax)"
    if _to_the_cent(year):
        # Kept to the cent, employer money rounded up, so the lines add up to the room before it is rounded down.
        def amount(cents: int) -> str:
            return cents_text(cents)

        def minus(cents: int) -> str:
            return cents_text(-cents) if cents else "0"
    else:
        def amount(cents: int) -> str:
            return money(cents // 100)

        def minus(cents: int) -> str:
            return less(cents // 100)
    rows = [
        (limit_label, amount(year.limit_cents)),
        ("less elective deferrals counted in §415(c)", minus(year.deferral * 100)),
    ]
    if year.spillover:
        rows.append(("less the deferral election spilled to after-tax", minus(year.spillover * 100)))
    rows += [
        (match_label, minus(year.match_cents)),
        (_of_pay("less nonelective", formula.nonelective), minus(year.nonelective_cents)),
        (_of_pay("less profit sharing", formula.profit_sharing), minus(year.profit_sharing_cents)),
        ("after-tax room" + (" (rounded down)" if _to_the_cent(year) else ""), money(year.room_before_cap)),
    ]
    return rows


def _of_pay(label: str, percent: Any) -> str:
    """'less nonelective (3% of pay)', or the bare label when there is none."""
    return f"{label} ({percent_text(percent)}% of pay)" if percent else label


def after_rows(result: HeadroomResult) -> list[tuple[str, str]]:
    """The lines after the room: catch-up, plan cap, per paycheck, what lands in Roth."""
    year = result.headroom
    cap = "none" if year.plan_cap is None else money(year.plan_cap)
    formula = result.terms.formula
    if year.cap_reason == "after_tax_dollars":
        cap_label = "plan cap on after-tax (dollars a year)"
    elif year.cap_reason == "employee_percent":
        cap_label = f"plan cap on deferrals + after-tax ({percent_text(formula.employee_cap)}% of pay), after-tax part"
    else:
        cap_label = _of_pay("plan cap on after-tax", formula.after_tax_cap)
    return [
        ("catch-up deferred (outside §415(c), not subtracted)", money(year.catch_up)),
        (cap_label, cap),
        ("after-tax room under the plan cap", money(year.after_tax_room)),
        *split_rows(year.per_pay_period, year.last_pay_period, year.pay_periods),
        ("lands in Roth: Mega Backdoor Roth", money(_lands(year))),
        (f"beside it: Backdoor Roth IRA ({result.limits.year} IRA limit)", money(result.ira_limit)),
        ("together", money(_lands(year) + result.ira_limit)),
    ]


def _lands(year: Headroom) -> int:
    """What the paychecks put in: the room, less what a cap per paycheck leaves unfilled."""
    return year.after_tax_room - year.paycheck_unfilled


def headroom_notes(result: HeadroomResult) -> list[dict[str, str]]:
    """What the numbers rest on, each with a stable code for machines."""
    year = result.headroom
    limits = result.limits
    age = result.person.age
    notes: list[tuple[str, str]] = []
    if not result.terms.after_tax:
        notes.append((
            "no_after_tax_source",
            "this plan does not accept after-tax (non-Roth) contributions, so the room cannot be filled "
            "(MBR101; `megaroth check` says what the plan would need)",
        ))
    se = year.self_employment
    if se is not None:
        notes.append((
            "self_employment",
            f"net earnings from self-employment of {cents_text(cents_of(se.net_earnings))} × 92.35% bear SE tax of "
            f"{cents_text(_cents_half_up(se.se_tax))} (15.3% up to the {limits.year} Social Security wage base of "
            f"{money(se.wage_base)}, 2.9% above; §1401, §1402(a)(12)); half of it, "
            f"{cents_text(_cents_half_up(se.half_se_tax))}, is deducted (§164(f)), and the employer contribution at the "
            f"plan's {percent_text(_number(se.rate))}% is worked on earned income after the contribution itself "
            f"(§401(c)(2)): {cents_text(year.compensation_cents)} of compensation, "
            f"{cents_text(year.employer_cents)} of employer contribution; a sole proprietor or partner has no FICA "
            "wages, so the 2026 Roth catch-up rule (§414(v)(7)) does not reach them",
        ))
    elif result.person.compensation is not None:
        notes.append((
            "compensation",
            f"§415(c) compensation is the pay actually received this year, {cents_text(year.compensation_cents)} "
            f"(§415(c)(3)), not the salary of {money(year.salary)}: the 100%-of-pay limit, the match and the "
            "employer money follow from it",
        ))
    if result.limited_by_pay:
        notes.append((
            "pay_below_415c",
            f"§415(c) is 100% of pay here: {cents_text(year.compensation_cents)} is below the {limits.year} dollar "
            f"limit of {money(limits.annual_additions_415c)} (§415(c)(1)(B))",
        ))
    if year.deferral_max_by_pay:
        notes.append((
            "deferral_max_by_pay",
            f"deferral max is {money(year.deferral_total)}, the largest deferral whose annual additions fit in the "
            f"§415(c) limit of {cents_text(year.limit_cents)} with the employer money (§415(c)(1)(B))",
        ))
    if year.over_415c:
        notes.append((
            "over_415c",
            f"deferrals and employer money are {money(year.over_415c)} over the §415(c) limit of "
            f"{cents_text(year.limit_cents)} before any after-tax money: an excess annual addition, to be corrected "
            "by refunding the excess with its earnings (EPCRS, Rev. Proc. 2021-30); deferral max gives the largest "
            "lawful deferral",
        ))
    if result.pay_capped:
        notes.append((
            "pay_capped",
            f"employer money is computed on pay capped at {money(limits.compensation_401a17)} (§401(a)(17)), "
            f"not on the salary of {money(year.salary)}",
        ))
    if result.person.other_plan_deferrals:
        notes.append((
            "other_plan_deferrals",
            "§402(g) with its catch-up is one limit per person across employers (§402(g)(1)(C), Treas. Reg. "
            f"§1.402(g)-2), so deferrals at other employers' plans leave {money(year.deferral_limit)} to defer here; "
            "a deferral here is catch-up only above this employer's own limits (Treas. Reg. §1.414(v)-1(b)(1)), and "
            "§415(c) is per employer, so this plan's limit is unchanged",
        ))
    if year.catch_up:
        ages_60_63 = limits.catch_up_60_63 is not None and age is not None and 60 <= age <= 63
        rule = "§414(v)(2)(E): at ages 60-63 it replaces the regular catch-up" if ages_60_63 else "§414(v)"
        notes.append((
            "catch_up",
            f"the catch-up of {money(year.catch_up)} is not an annual addition and is left out of §415(c) ({rule})",
        ))
    if result.roth_catch_up is not None:
        rule = (
            f"from {limits.year} a catch-up must be made as Roth when the prior year's FICA wages from this employer "
            f"exceeded {money(limits.roth_catch_up_wages or 0)} (§414(v)(7), SECURE 2.0 §603)"
        )
        if result.roth_catch_up == ROTH_CATCH_UP_LOST:
            rule += "; this plan has no Roth deferrals, so there is no catch-up at all and the deferral above has none"
        if result.wages_stand_in:
            rule += "; the salary stands in for those wages: check last year's W-2, box 3 (--prior-year-wages)"
        else:
            rule += f"; last year's wages from this employer were {money(result.person.roth_catch_up_wages)}"
        notes.append(("roth_catch_up", rule))
    elif result.wages_stand_in:
        notes.append((
            "prior_year_wages",
            f"the Roth catch-up rule (§414(v)(7)) looks at {limits.year - 1} W-2 box 3 wages from this employer; the "
            f"salary of {money(result.person.roth_catch_up_wages)} stands in for them (--prior-year-wages)",
        ))
    if result.terms.solo and not result.person.self_employed and limits.roth_catch_up_wages is not None:
        notes.append((
            "solo_owner_wages",
            "a one-participant plan paid in W-2 wages (a corporation's owner-employee) is inside the Roth catch-up "
            "rule (§414(v)(7)); only a sole proprietor or partner, paid in self-employment income "
            "(--net-se-earnings), is outside it",
        ))
    if year.match_on_after_tax:
        notes.append((
            "match_on_after_tax",
            f"the match counts after-tax contributions: filling the room earns {money(year.match_on_after_tax)} more "
            "match, itself an annual addition, so the room is solved with it",
        ))
    if year.spillover:
        notes.append((
            "spillover",
            f"{money(year.spillover)} of the deferral election is above the deferral room of "
            f"{money(year.deferral_limit)}; the plan's spillover continues it as after-tax money, which uses that much "
            "of the after-tax room (§401(a)(30), §415(c)(2))",
        ))
    if _to_the_cent(year):
        notes.append((
            "rounding",
            "employer money is kept to the cent, rounded up, and the room rounded down to the dollar, so filling "
            "it never lands above §415(c)",
        ))
    if year.excess_deferral:
        notes.append((
            "excess_deferral",
            f"the deferral is {money(year.excess_deferral)} over the room of {money(year.deferral_limit)} "
            "(§402(g) less other plans' deferrals, plus any catch-up): an excess deferral, to be refunded by "
            "April 15; it counts in §415(c) until then",
        ))
    if result.cap_binds:
        which = {"after_tax_dollars": "after-tax dollar cap", "employee_percent": "combined cap on deferrals and after-tax"}
        notes.append((
            "plan_cap",
            f"the plan's {which.get(year.cap_reason or '', 'after-tax cap')} sets the room: "
            f"{money(year.room_before_cap - year.after_tax_room)} of §415(c) room stays unused",
        ))
    if year.paycheck_unfilled:
        cap = result.terms.formula.after_tax_cap
        notes.append((
            "plan_cap_per_paycheck",
            f"the plan applies its after-tax cap to each paycheck: at most {money(year.paycheck_cap or 0)} a paycheck "
            f"({percent_text(cap or 0)}% of {money(year.capped_pay)} over {year.pay_periods} paychecks, rounded down), "
            f"so {money(year.paycheck_unfilled)} of the room stays unfilled",
        ))
    if year.room_before_cap == 0:
        if year.compensation_cents <= year.limit_cents:
            what = "all of the participant's pay, the 100%-of-pay limit (§415(c)(1)(B))"
        else:
            what = "the whole §415(c) limit"
        notes.append(("no_room", f"no after-tax room: deferrals and employer money use {what}"))
    if year.take_home_short:
        notes.append((
            "take_home",
            f"the deferral and the whole after-tax room are {money(year.employee_money)} of employee money from "
            f"{cents_text(year.compensation_cents)} of pay, before {cents_text(year.fica_cents)} of FICA (§3101): "
            f"{money(year.take_home_short)} more than pay after FICA can cover, before income tax",
        ))
    return [{"code": code, "text": text} for code, text in notes]


def _cents_number(cents: int) -> int | float:
    """An amount kept to the cent, for JSON: 200000 stays a whole number, 8000.64 a decimal."""
    return cents // 100 if cents % 100 == 0 else cents / 100


def _cents_half_up(amount: Fraction) -> int:
    """A worked figure (the SE tax) to the nearest cent, as a tax form shows it."""
    return math.floor(amount * 100 + Fraction(1, 2))


def _bullets(title: str, items: Sequence[dict[str, str]]) -> list[str]:
    return [title] + [f"- {item['text']}" for item in items] if items else []


def headroom_text(result: HeadroomResult, plan: PaycheckPlan | None = None, *, participant: str | None = None) -> str:
    """The headroom table, then the rest of the year when year-to-date figures were given."""
    room_rows = headroom_rows(result)
    # One table, so the amounts share a column; the equation sits between its two halves.
    table = _table(room_rows + after_rows(result))
    lines = [
        f"Mega Backdoor Roth headroom for {result.limits.year} ({source_words(result.limits)})",
        _who(result, participant),
        "",
        *table[: len(room_rows)],
        "",
        equation(result.headroom),
        "",
        *table[len(room_rows) :],
    ]
    notes = headroom_notes(result)
    if notes:
        lines += [""] + _bullets("Notes:", notes)
    if plan is not None:
        lines += [""] + planner_lines(plan)
    return "\n".join(lines) + "\n"


def headroom_json(result: HeadroomResult) -> dict[str, Any]:
    year = result.headroom
    return {
        "year": result.limits.year,
        "limits_source": result.limits.source,
        "limits_file": result.limits.file,
        "salary": year.salary,
        "age": result.person.age,
        "pay_periods": year.pay_periods,
        "capped_pay": year.capped_pay,
        "limit_415c": year.limit_415c,
        "dollar_limit_415c": result.limits.annual_additions_415c,
        "deferral_total": year.deferral_total,
        "deferral_limit": year.deferral_limit,
        "deferral_counted": year.deferral,
        "catch_up": year.catch_up,
        "catch_up_allowed": result.catch_up_allowed,
        "excess_deferral": year.excess_deferral,
        "match": year.match,
        "nonelective": year.nonelective,
        "profit_sharing": year.profit_sharing,
        "room_before_cap": year.room_before_cap,
        "plan_cap": year.plan_cap,
        "after_tax_room": year.after_tax_room,
        "per_paycheck": year.per_pay_period,
        "last_paycheck": year.last_pay_period,
        "paycheck_cap": year.paycheck_cap,
        "paycheck_unfilled": year.paycheck_unfilled,
        "equation": equation(year),
        "roth": {
            "mega_backdoor": _lands(year),
            "ira_backdoor": result.ira_limit,
            "together": _lands(year) + result.ira_limit,
        },
        "notes": headroom_notes(result),
        "compensation": _cents_number(year.compensation_cents),
        "employer_exact": {
            "match": _cents_number(year.match_cents),
            "nonelective": _cents_number(year.nonelective_cents),
            "profit_sharing": _cents_number(year.profit_sharing_cents),
        },
        "over_415c": year.over_415c,
        "spillover": year.spillover,
        "match_on_after_tax": year.match_on_after_tax,
        "plan_cap_kind": year.cap_reason,
        "employee_money": year.employee_money,
        "fica": _cents_number(year.fica_cents),
        "take_home_short": year.take_home_short,
        "self_employment": None
        if year.self_employment is None
        else {
            "net_earnings": _cents_number(cents_of(year.self_employment.net_earnings)),
            "se_tax": _cents_number(_cents_half_up(year.self_employment.se_tax)),
            "half_se_tax_deducted": _cents_number(_cents_half_up(year.self_employment.half_se_tax)),
            "employer_rate_percent": _number(year.self_employment.rate),
        },
    }


# --- rest of the year ----------------------------------------------------------


def planner_warnings(plan: PaycheckPlan) -> list[dict[str, str]]:
    """What could go wrong in the rest of the year, each with a stable code."""
    warnings: list[tuple[str, str]] = []
    limit = plan.year.headroom.limit_415c
    if plan.over_415c:
        warnings.append((
            "over_415c",
            f"the year is already {money(plan.over_415c)} over the §415(c) limit of {money(limit)}: stop after-tax "
            "contributions and ask the plan to correct the excess (a refund of the after-tax excess with its "
            "earnings under EPCRS, Rev. Proc. 2021-30)",
        ))
    elif plan.over_room:
        warnings.append((
            "over_room",
            f"after-tax contributions are already {money(plan.over_room)} over the room of {money(plan.room)} "
            "(the plan's cap): stop them and ask the plan how it corrects the excess",
        ))
    if plan.overshoot is not None:
        warnings.append((
            "overshoot",
            f"the standing election of {money(plan.overshoot.election)} a paycheck would end the year "
            f"{money(plan.overshoot.over_by)} over the room, crossing it in paycheck {plan.overshoot.paycheck} of the "
            f"{plan.ytd.periods_left} left; many recordkeepers do not stop it, so change the election",
        ))
    if plan.unfilled and plan.percent_election is None and plan.cap_per_paycheck is not None:
        warnings.append((
            "plan_cap_per_paycheck",
            f"the plan caps after-tax at {money(plan.cap_per_paycheck or 0)} a paycheck, so {money(plan.unfilled)} "
            "of the room cannot be filled in the paychecks left",
        ))
    loss = plan.front_loading
    no_true_up = plan.year.terms.true_up is False
    if loss is not None:
        unless = "" if no_true_up else " unless the plan trues up the match at year end (ask)"
        then = (
            "the election above puts the §415(c) room that match leaves into after-tax"
            if no_true_up
            else "the election above assumes the full match and never overshoots; run it again once the match is credited"
        )
        warnings.append((
            "front_loading",
            f"deferrals do not follow pay (front-loaded, or late): matched paycheck by paycheck they earn "
            f"{money(loss.paycheck_match)} of "
            f"match, not the year's {money(loss.year_match)}, so {money(loss.lost)} is lost{unless}; {then}",
        ))
    spread = plan.deferral_spread
    # Said when no true-up is known, or when the spread cannot keep the whole match; otherwise the rows say it.
    if spread is not None and spread.rest > 0 and (no_true_up or not spread.keeps_whole_match):
        width = sum((Fraction(str(up_to)) for _, up_to in plan.year.terms.formula.match_tiers), Fraction(0))
        keep = (
            f"keeps the whole match of {money(spread.year_match)}"
            if spread.keeps_whole_match
            else f"earns {money(spread.match)} of the year's {money(spread.year_match)} of match"
            + (
                f": the {money(spread.rest)} of deferral left is less than the {money(spread.needed)} the paychecks "
                "left need for their whole match"
                if spread.rest < spread.needed
                else ""
            )
        )
        bonus = "".join(
            f"; {money(amount)} in bonus paycheck {paycheck}" for paycheck, amount in spread.bonus_paychecks
        )
        same = f" ({_percent(round(spread.percent, 2))}% of each paycheck's pay{bonus})" if spread.bonus_paychecks else ""
        warnings.append((
            "deferral_spread",
            f"{'without' if no_true_up else 'unless the plan has'} a year-end true-up, each paycheck is matched on its "
            f"own deferral, up to {money(spread.ceiling)} ({_percent(width)}% of its pay): spread the deferral left over "
            f"every paycheck to the end of the year{same}, never front-loaded so that it runs out early; the deferral "
            f"above {keep}",
        ))
    election = plan.percent_election
    if election is not None and election.unfilled:
        warnings.append((
            "election_step",
            f"elections in {STEP_WORDS[election.step]} of pay: {_percent(election.percent)}% is the most that never "
            f"carries the year over the room, and leaves {cents(election.unfilled)} of it unfilled",
        ))
    return [{"code": code, "text": text} for code, text in warnings]


def planner_rows(plan: PaycheckPlan) -> list[tuple[str, str]]:
    year = plan.year.headroom
    ytd = plan.ytd
    rows = []
    if plan.bonuses:
        # The table above is the salary alone; this one is the year with its bonuses.
        rows.append(("salary", money(plan.pay - sum(bonus.amount for bonus in plan.bonuses))))
        rows += [
            (f"bonus with paycheck {bonus.paycheck}" + ("" if bonus.matched else " (the match does not count it)"), money(bonus.amount))
            for bonus in plan.bonuses
        ]
        rows.append(("pay for the year (§415(c) compensation)", money(plan.pay)))
    rows += [
        ("§415(c) limit", money(year.limit_415c)),
        (f"less deferrals counted in §415(c), whole year ({_so_far(ytd.deferrals)})", less(year.deferral)),
        (f"less employer money, whole year ({_so_far(ytd.employer)})", less(plan.employer)),
    ]
    if year.plan_cap is not None:
        rows.append(("after-tax room for the year, under the plan cap", money(plan.room)))
    else:
        rows.append(("after-tax room for the year", money(plan.room)))
    rows += [
        ("less after-tax so far", less(ytd.after_tax)),
        ("after-tax left", money(plan.left)),
        *_election_rows(plan),
    ]
    spread = plan.deferral_spread
    if spread is not None and spread.rest == 0:
        pass  # nothing left to defer (§402(g) reached): no rows
    elif spread is not None and not spread.bonus_paychecks:
        rows += split_rows(spread.each, spread.last, ytd.periods_left, "deferral")
    elif spread is not None:
        regular = ytd.periods_left - 1 - len(spread.bonus_paychecks)
        rows.append((f"deferral per paycheck without bonus ({regular} of {ytd.periods_left} paychecks)", money(spread.each)))
        rows += [(f"deferral in bonus paycheck {paycheck}", money(amount)) for paycheck, amount in spread.bonus_paychecks]
        last_has_bonus = any(bonus.paycheck == plan.year.person.pay_periods for bonus in plan.bonuses)
        what = "with its bonus and the rounding left over" if last_has_bonus else "the rounding left over"
        rows.append((f"deferral in the last paycheck ({what})", money(spread.last)))
    rows.append(("the year's annual additions with this plan", money(plan.lands_at)))
    return rows


def _election_rows(plan: PaycheckPlan) -> list[tuple[str, str]]:
    """The after-tax election: whole dollars a paycheck, or a percent of pay in the recordkeeper's steps."""
    election = plan.percent_election
    if election is None:
        return split_rows(plan.each, plan.last, plan.ytd.periods_left)
    rows = [
        (f"after-tax election, percent of each paycheck's pay ({STEP_WORDS[election.step]})", f"{_percent(election.percent)}%"),
        (f"after-tax per paycheck at {_percent(election.percent)}% (a paycheck without bonus)", cents(election.paycheck)),
        (f"after-tax over the {plan.ytd.periods_left} paychecks left", cents(election.total)),
    ]
    return rows


def _so_far(amount: int | None) -> str:
    return "on pace so far" if amount is None else f"{money(amount)} so far"


def planner_lines(plan: PaycheckPlan) -> list[str]:
    ytd = plan.ytd
    gone = plan.year.person.pay_periods - ytd.periods_left
    lines = [f"Rest of the year: {ytd.periods_left} of {plan.year.person.pay_periods} paychecks left ({gone} gone)", ""]
    lines += _table(planner_rows(plan))
    warnings = planner_warnings(plan)
    if warnings:
        lines += [""] + _bullets("Warnings:", warnings)
    return lines


def planner_json(plan: PaycheckPlan) -> dict[str, Any]:
    ytd = plan.ytd
    election, spread = plan.percent_election, plan.deferral_spread
    return {
        "periods_left": ytd.periods_left,
        "ytd": {"deferrals": ytd.deferrals, "employer": ytd.employer, "after_tax": ytd.after_tax, "election": ytd.election},
        "deferral_counted": plan.year.headroom.deferral,
        "employer": plan.employer,
        "room": plan.room,
        "left": plan.left,
        "per_paycheck": plan.each,
        "last_paycheck": plan.last,
        "planned": plan.planned,
        "cap_per_paycheck": plan.cap_per_paycheck,
        "unfilled": plan.unfilled,
        "lands_at": plan.lands_at,
        "pay": plan.pay,
        "bonuses": [{"amount": b.amount, "paycheck": b.paycheck, "matched": b.matched} for b in plan.bonuses],
        "percent_election": None if election is None else {
            "percent": _number(election.percent),
            "per_paycheck": float(election.paycheck),
            "total": float(election.total),
            "unfilled": float(election.unfilled),
        },
        "deferral_spread": None if spread is None else {
            "per_paycheck": spread.each,
            "bonus_paychecks": [{"paycheck": paycheck, "deferral": amount} for paycheck, amount in spread.bonus_paychecks],
            "last_paycheck": spread.last,
            "match_ceiling": spread.ceiling,
            "match": spread.match,
            "year_match": spread.year_match,
            "keeps_whole_match": spread.keeps_whole_match,
        },
        "warnings": planner_warnings(plan),
    }


def headroom_document(result: HeadroomResult, plan: PaycheckPlan | None = None, *, participant: str | None = None) -> str:
    """The JSON output of `megaroth headroom`."""
    document = headroom_json(result)
    document["participant"] = participant
    document["rest_of_year"] = None if plan is None else planner_json(plan)
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


# --- projection ----------------------------------------------------------------


def _growth_base(return_percent: Fraction) -> str:
    """1.07 for 7%."""
    base = 1 + return_percent / 100
    return str(Decimal(base.numerator) / Decimal(base.denominator))


def projection_rows(projection: Projection) -> list[list[str]]:
    header = ["year", "age", "converted", "each year", "one conversion", "IRA in", "IRA backdoor"]
    rows = [header]
    for row in projection.rows:
        rows.append([
            str(row.year),
            "" if row.age is None else str(row.age),
            money(row.contributed),
            money(row.each_year),
            money(row.one_contribution),
            money(row.ira_contributed),
            money(row.ira_each_year),
        ])
    if projection.start_age is None:
        rows = [row[:1] + row[2:] for row in rows]
    return rows


def _grid(rows: list[list[str]], *, left: int = 0) -> list[str]:
    """Columns two spaces apart: the first ``left`` columns left-aligned, the rest right-aligned."""
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    return [
        "  ".join(
            cell.ljust(width) if index < left else cell.rjust(width) for index, (cell, width) in enumerate(zip(row, widths))
        ).rstrip()
        for row in rows
    ]


def leak_lines(
    rows: Sequence[LeakRow],
    amount: int,
    pay_periods: int,
    return_percent: Fraction,
    tax_rate: Fraction | None,
    plan_conversions: int | None,
    *,
    real_percent: Fraction | None = None,
    inflation_percent: Fraction | None = None,
    plan_allows: int | None = None,
) -> list[str]:
    """The earnings-leak table, the plan's route marked, and the model in words.

    ``return_percent`` is the leak's nominal return; with ``real_percent`` and
    ``inflation_percent`` the header says how it was made. ``plan_conversions``
    is the row marked (what the plan's route is priced at), ``plan_allows``
    what the route allows, when a route on request is priced below it.
    """
    header = ["conversion", "a year", "taxable earnings"]
    if tax_rate is not None:
        header.append(f"tax at {percent_text(float(tax_rate))}%")
    grid = [header]
    for row in rows:
        cells = [row_words(row, pay_periods), str(row.conversions_per_year), money(row.earnings)]
        if tax_rate is not None:
            cells.append(money(row.tax or 0))
        grid.append(cells)
    lines = _grid(grid, left=1)
    mark = "  <- this plan's best route"
    if plan_allows is not None and plan_conversions is not None and plan_allows != plan_conversions:
        mark += f", on request: priced at {plan_conversions} a year"
    lines = [lines[0]] + [
        line + (mark if plan_conversions == row.conversions_per_year else "") for line, row in zip(lines[1:], rows)
    ]
    rate = percent_text(float(return_percent))
    made = ""
    if real_percent is not None and inflation_percent is not None:
        made = (
            f" (nominal: {percent_text(float(real_percent))}% real and {percent_text(float(inflation_percent))}% "
            "inflation compounded, as taxable earnings are nominal dollars)"
        )
    manual = ""
    if plan_allows is not None and plan_conversions is not None and plan_allows != plan_conversions:
        manual = (
            f" A route the participant must ask for each time is priced at {plan_conversions} conversions a year, "
            "not at what the plan allows: allowing conversion at any time does not make anyone convert daily."
        )
    return [
        f"Earnings before conversion, taxable when converted: {money(amount)} a year over {pay_periods} paychecks "
        f"at {rate}%{made}",
        "",
        *lines,
        "",
        *textwrap.wrap(
            f"Model: each paycheck's after-tax contribution ({money(amount)} / {pay_periods}) arrives at the start of "
            f"its pay period and earns {rate}% a year, compounding, until the next conversion; conversions fall at "
            "the end of equal parts of the year (each day, pay period, month, quarter, or the year). The return is "
            "smooth: real returns vary, and a loss in one conversion does not offset a gain taxed in another, so "
            f"actual taxable earnings run higher than these.{manual}",
            width=100,
        ),
    ]


def projection_text(report: ProjectionReport) -> str:
    """`megaroth project` as text: the year-by-year table, the guide's sentence done right, the leak."""
    projection, limits, headroom = report.projection, report.limits, report.headroom
    rate = projection.return_percent
    final = projection.final
    base = _growth_base(rate)
    source = ""
    if headroom is not None:
        source = f" (the {limits.year} after-tax room for a salary of {money(headroom.headroom.salary)})"
    catch_up = f" ({money(limits.ira_for_age(50))} from age 50)" if projection.start_age is not None else ""
    lines = [
        f"Projected Roth growth at a {percent_text(float(rate))}% real return, in today's dollars",
        f"Mega Backdoor Roth: {money(projection.amount)} converted at the start of each year{source}",
        f"beside it: Backdoor Roth IRA at the {limits.year} IRA limit, {money(limits.ira_for_age(None))} a year{catch_up}"
        + ("" if limits.file is None else f" ({source_words(limits)})"),
        "",
        *_grid(projection_rows(projection)),
        "",
        f"One conversion of {money(projection.amount)} after {projection.years} years: "
        f"{money(projection.amount)} × {base}^{projection.years} = {money(final.one_contribution)}",
        f"Every year for {projection.years} years: {money(final.contributed)} converted, worth "
        f"{money(final.each_year)}; the Backdoor Roth IRA: {money(final.ira_contributed)}, worth {money(final.ira_each_year)}",
        "",
        *leak_lines(
            report.leak,
            projection.amount,
            report.pay_periods,
            report.leak_return,
            report.tax_rate,
            report.plan_priced,
            real_percent=rate,
            inflation_percent=report.inflation,
            plan_allows=report.plan_conversions,
        ),
    ]
    if report.plan_has_route is False:
        lines += [
            "",
            "This plan has no route to Roth (MBR102): neither in-plan conversion nor in-service withdrawal, so the "
            "after-tax money would not convert and its earnings stay taxable until it leaves the plan.",
        ]
    return "\n".join(lines) + "\n"


def projection_document(report: ProjectionReport) -> str:
    """`megaroth project --format json`."""
    projection, tax_rate = report.projection, report.tax_rate
    document = {
        "amount": projection.amount,
        "years": projection.years,
        "return_percent": _number(projection.return_percent),
        "start_age": projection.start_age,
        "ira_year": report.limits.year,
        "limits_source": report.limits.source,
        "limits_file": report.limits.file,
        "rows": [
            {
                "year": row.year,
                "age": row.age,
                "converted": row.contributed,
                "each_year": row.each_year,
                "one_conversion": row.one_contribution,
                "ira_contributed": row.ira_contributed,
                "ira_each_year": row.ira_each_year,
            }
            for row in projection.rows
        ],
        "leak": {
            "pay_periods": report.pay_periods,
            "tax_rate_percent": None if tax_rate is None else _number(tax_rate),
            "plan_conversions_per_year": report.plan_conversions,
            "plan_priced_conversions_per_year": report.plan_priced,
            "return_percent": _number(report.leak_return),
            "inflation_percent": _number(report.inflation),
            "plan_has_route": report.plan_has_route,
            "rows": [
                {
                    "cadence": row.cadence,
                    "conversions_per_year": row.conversions_per_year,
                    "taxable_earnings": row.earnings,
                    "tax": row.tax,
                }
                for row in report.leak
            ],
        },
        "headroom": None if report.headroom is None else headroom_json(report.headroom),
    }
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


CSV_COLUMNS = ("year", "age", "converted", "each_year", "one_conversion", "ira_contributed", "ira_each_year")


def projection_csv(projection: Projection) -> str:
    """The year-by-year projection as CSV, plain integers, one header row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in projection.rows:
        writer.writerow([
            row.year,
            "" if row.age is None else row.age,
            row.contributed,
            row.each_year,
            row.one_contribution,
            row.ira_contributed,
            row.ira_each_year,
        ])
    return out.getvalue()
