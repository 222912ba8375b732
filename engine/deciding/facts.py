"""Facts derived from a valid plan: the numbers and flags the rules decide on.

Python computes (the headroom, the best conversion route, whether a waiver
has expired); the rules in rules/*.yaml decide what is a finding.  Every
property a rule condition reads is a bool, an int or a plain string, so the
engine never compares across types.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from megaroth.engine.money import headroom
from megaroth.engine.money import projection
from megaroth.engine.money.calculator import Person, PlanTerms, headroom_for
from megaroth.engine.money.limits import Limits, known_years, limits_for
from megaroth.engine.deciding.rules_engine import Fact

# Conversions a year that a route allows: the best route decides MBR105.
_UNLIMITED = 365
ROUTE_PER_YEAR = {
    "daily": 365,
    "any_time": _UNLIMITED,
    "per_pay_period": 26,
    "monthly": 12,
    "quarterly": 4,
    "annually": 1,
}

NO_WAGE_TAX_STATES = ("AK", "FL", "NV", "NH", "SD", "TN", "TX", "WA", "WY")
STATE_NOTES = {
    "PA": "Pennsylvania taxes 401(k) deferrals on the way in and exempts qualified distributions, "
    "so after-tax contributions and their conversion leave the PA position unchanged",
    "NJ": "New Jersey taxes contributions on the way in for many plan types; after-tax money is "
    "already in NJ income, so confirm with a tax professional how NJ treats this plan's sources",
    "CA": "California follows the federal Roth treatment; its old quirks around pre-1987 basis do "
    "not reach current after-tax contributions",
}
_NO_TAX_NOTE = "{state} has no state income tax on wages, so the state treatment of the conversion is moot"

PERCENT_FIELDS = ("max_percent", "nonelective", "profit_sharing", "rate", "up_to")


def percent_text(value: float | int) -> str:
    """5.0 -> '5', 2.5 -> '2.5'."""
    return f"{value:g}"


@dataclass(frozen=True)
class ParticipantResult:
    """A participant scenario and its computed year."""

    index: int
    name: str
    headroom: headroom.Headroom


@dataclass(frozen=True)
class DerivedFacts:
    """Everything the rules and the reporters need from one plan."""

    facts: list[Fact]
    participants: list[ParticipantResult]
    limits: Limits | None


def employer_formula(data: dict[str, Any]) -> headroom.EmployerFormula:
    """The plan's employer contributions and after-tax cap, as a headroom formula."""
    employer = data.get("employer") or {}
    match = employer.get("match") or {}
    after_tax = data["contributions"]["after_tax"]
    dollar_cap = after_tax.get("max_dollars")
    return headroom.EmployerFormula(
        match_tiers=tuple((tier["rate"], tier["up_to"]) for tier in match.get("tiers", ())),
        match_cap=None if match.get("max") is None else headroom.dollars(match["max"]),
        nonelective=employer.get("nonelective", 0),
        profit_sharing=employer.get("profit_sharing", 0),
        after_tax_cap=after_tax.get("max_percent"),
        match_after_tax=match.get("on_after_tax") is True,
        employee_cap=data["contributions"].get("employee_max_percent"),
        # A dollar cap never rounds up: $10,000.50 lets $10,000 in.
        after_tax_cap_dollars=None if dollar_cap is None else int(dollar_cap),
        spillover=after_tax.get("spillover") is True,
    )


def plan_terms(data: dict[str, Any]) -> PlanTerms:
    """What the calculator needs from a plan: employer money, caps, Roth and catch-up rules."""
    match = (data.get("employer") or {}).get("match") or {}
    return PlanTerms(
        formula=employer_formula(data),
        roth=data["contributions"]["roth"],
        catch_up=data["contributions"].get("catch_up", True),
        solo=data["plan"]["document"].startswith("solo_"),
        true_up=match.get("true_up"),
        name=data["plan"]["name"],
        after_tax=data["contributions"]["after_tax"]["allowed"],
        after_tax_hce_cap=data["contributions"]["after_tax"].get("hce_max_percent"),
    )


def participant_person(entry: dict[str, Any]) -> Person:
    """The calculator's person for one of a plan file's participants.

    The one place a participant entry becomes a Person: `check` and
    `headroom --plan FILE --participant NAME` compute the same numbers
    because both come through here.
    """
    return Person(
        salary=entry.get("salary", 0),  # absent only beside net_se_earnings (the schema says so)
        age=entry["age"],
        deferral=entry["deferral"],
        other_plan_deferrals=entry.get("other_plan_deferrals", 0),
        pay_periods=entry.get("pay_periods", 26),
        compensation=entry.get("compensation"),
        net_se_earnings=entry.get("net_se_earnings"),
        prior_year_wages=entry.get("prior_year_wages"),
        hce=entry.get("hce") is True,
    )


def conversions_per_year(data: dict[str, Any], pay_periods: int) -> int:
    """Conversions a year on the plan's best route to Roth (0: none), a per-pay-period sweep counted per paycheck."""
    return _routes(data, pay_periods)[0]


def _plain_wording(text: str) -> str:
    """The SPD wording lowercased, as words of letters and digits each after a space, 'non-Roth' removed.

    MBR201 matches a word starting with 'roth' (' roth'): 'Roth' and 'Roth401k'
    name Roth, 'Brotherhood' does not, and 'non-Roth after-tax' is the right
    source, not the confusion the rule is after.
    """
    words = re.sub(r"[^a-z0-9]+", " ", text.lower())
    words = re.sub(r"\bnon roth\b", " ", words)
    return "".join(f" {word}" for word in words.split())


def _routes(data: dict[str, Any], pay_periods: int = ROUTE_PER_YEAR["per_pay_period"]) -> tuple[int, str]:
    """Conversions a year on the best available route, and that route in words."""
    conversion = data.get("conversion") or {}
    in_plan = conversion.get("in_plan") or {}
    in_service = conversion.get("in_service") or {}
    routes: list[tuple[int, str]] = []
    if in_plan.get("available"):
        frequency = in_plan.get("frequency")
        how = "automatic in-plan conversion" if in_plan.get("automatic") else "in-plan conversion on request"
        if frequency is None:
            routes.append((_UNLIMITED, how))
        else:
            per_year = pay_periods if frequency == "per_pay_period" else ROUTE_PER_YEAR[frequency]
            routes.append((per_year, f"{how}, {frequency.replace('_', ' ')}"))
    if in_service.get("available"):
        per_year = in_service.get("per_year")
        if per_year is None:
            routes.append((_UNLIMITED, "in-service withdrawals, no yearly limit"))
        else:
            routes.append((per_year, f"in-service withdrawals, {per_year} a year"))
    if not routes:
        return 0, "no route"
    return max(routes, key=lambda route: route[0])


def _gap_text(per_year: int) -> str:
    """How long money can wait between conversions, in words."""
    if per_year <= 0:
        return "indefinitely"
    months = 12 / per_year
    if months >= 12:
        return "up to a year"
    if months >= 1:
        # One decimal: 12/11 of a month reads "1.1 months", not "1.09091 months".
        return f"up to {round(months, 1):g} months"
    return "less than a month"


def _plan_fact(
    data: dict[str, Any], limits: Limits | None, formula: headroom.EmployerFormula, participants: list[ParticipantResult]
) -> Fact:
    plan = data["plan"]
    contributions = data["contributions"]
    after_tax = contributions["after_tax"]
    conversion = data.get("conversion") or {}
    in_plan = conversion.get("in_plan") or {}
    in_service = conversion.get("in_service") or {}
    testing = data.get("testing") or {}
    best_per_year, best_route = _routes(data)
    year = plan["year"]
    properties: dict[str, Any] = {
        "year": year,
        "has_limits": limits is not None,
        "document": plan["document"],
        "solo": plan["document"].startswith("solo_"),
        "pretax": contributions["pretax"],
        "roth": contributions["roth"],
        "catch_up": contributions.get("catch_up", True),
        "after_tax": after_tax["allowed"],
        "wording": after_tax.get("wording", ""),
        "wording_plain": _plain_wording(after_tax.get("wording", "")),
        "separate_account": after_tax.get("separate_account") is True,
        "separate_account_state": "is not stated" if after_tax.get("separate_account") is None else "is marked as not kept",
        "in_plan": in_plan.get("available", False),
        "in_plan_automatic": in_plan.get("available", False) and in_plan.get("automatic", False),
        "in_service": in_service.get("available", False),
        "in_service_only": in_service.get("available", False) and not in_plan.get("available", False),
        "split_earnings": in_service.get("split_earnings") is True,
        "split_earnings_state": "not stated" if in_service.get("split_earnings") is None else "marked as not offered",
        "has_route": best_per_year > 0,
        "best_route_per_year": best_per_year,
        "best_route": best_route,
        "best_route_gap": _gap_text(best_per_year),
        "acp": testing.get("acp", "unknown"),
        "has_plan_cap": after_tax.get("max_percent") is not None,
        "plan_cap_percent": percent_text(after_tax.get("max_percent") or 0),
        "known_years": ", ".join(str(known) for known in known_years()),
        "roth_catch_up_threshold": _roth_catch_up_threshold(year, limits),
        "leak_note": leak_note(data, participants),
    }
    if limits is not None:
        # MBR204 asks what employer money leaves, so the plan's own after-tax cap is left out.
        reference = headroom.compute(
            limits,
            dataclasses.replace(formula, after_tax_cap=None),
            salary=limits.compensation_401a17,
            age=None,
            deferral=limits.deferral_402g,
        )
        properties.update(
            limits_source=limits.source,
            pay_cap=limits.compensation_401a17,
            limit_415c=limits.annual_additions_415c,
            deferral_402g=limits.deferral_402g,
            reference_room=reference.after_tax_room,
            reference_employer=reference.employer_total,
            plan_cap_dollars=formula.percent_of(formula.after_tax_cap or 0, limits.compensation_401a17),
        )
    return Fact("plan", "plan", properties)


def _roth_catch_up_threshold(year: int, limits: Limits | None) -> str:
    if limits is not None and limits.roth_catch_up_wages is not None:
        return f"${limits.roth_catch_up_wages:,} of {year - 1} FICA wages"
    return f"the indexed threshold (not published for {year} in the limits table)"


def _percent_facts(data: dict[str, Any]) -> list[Fact]:
    """One fact per percent field, so MBR001 can point at the very value."""
    found: list[tuple[str, str, Any]] = []
    after_tax = data["contributions"]["after_tax"]
    if "max_percent" in after_tax:
        found.append(("/contributions/after_tax/max_percent", "contributions.after_tax.max_percent", after_tax["max_percent"]))
    employer = data.get("employer") or {}
    for key in ("nonelective", "profit_sharing"):
        if key in employer:
            found.append((f"/employer/{key}", f"employer.{key}", employer[key]))
    for index, tier in enumerate((employer.get("match") or {}).get("tiers", ())):
        for key in ("rate", "up_to"):
            found.append((f"/employer/match/tiers/{index}/{key}", f"employer.match.tiers[{index}].{key}", tier[key]))
    return [
        Fact(
            "percent",
            f"percent:{pointer}",
            {
                "pointer": pointer,
                "field": name,
                "value": value,
                "fraction_of_one": 0 < value < 1,
                "shown": percent_text(value),
                "meant": percent_text(round(value * 100, 6)),
            },
        )
        for pointer, name, value in found
    ]


def _waiver_facts(data: dict[str, Any], today: date) -> list[Fact]:
    facts = []
    for index, waiver in enumerate(data.get("waivers") or ()):
        expires = waiver.get("expires")
        # The schema's date format has already refused anything fromisoformat would.
        expired = expires is not None and date.fromisoformat(expires) < today
        facts.append(
            Fact(
                "waiver",
                f"waiver:{index}",
                {
                    "index": index,
                    "number": index + 1,  # as messages count waivers: from 1
                    "rule": waiver["rule"],
                    "expires": expires or "",
                    "expired": expired,
                    "reason": waiver["reason"],
                    "today": today.isoformat(),
                },
            )
        )
    return facts


def _participant_facts(data: dict[str, Any], limits: Limits) -> tuple[list[Fact], list[ParticipantResult]]:
    facts: list[Fact] = []
    results: list[ParticipantResult] = []
    after_tax = data["contributions"]["after_tax"]["allowed"]
    terms = plan_terms(data)
    for index, person in enumerate(data.get("participants") or ()):
        salary = headroom.dollars(person.get("salary", 0))
        result = headroom_for(limits, terms, participant_person(person))
        year = result.headroom
        results.append(ParticipantResult(index, person["name"], year))
        state = person.get("state", "")
        note = STATE_NOTES.get(state) or (_NO_TAX_NOTE.format(state=state) if state in NO_WAGE_TAX_STATES else "")
        facts.append(
            Fact(
                "participant",
                f"participant:{index}",
                {
                    "index": index,
                    "name": person["name"],
                    "after_tax": after_tax,
                    "salary": salary,
                    "age": person["age"],
                    "state": state,
                    "state_note": note,
                    "deferral_total": year.deferral_total,
                    "deferral_limit": year.deferral_limit,
                    "deferral_excess": year.excess_deferral,
                    "catch_up": year.catch_up,
                    "limit_415c": year.limit_415c,
                    "employer_total": year.employer_total,
                    "room": year.after_tax_room,
                    "no_room_reason": _no_room_reason(year),
                    "per_pay_period": year.per_pay_period,
                    "pay_periods": year.pay_periods,
                    "year": limits.year,
                    "deferral_counted": year.deferral,
                    "deferral_election": year.deferral_total + year.spillover,
                    "over_415c": year.over_415c,
                    "limit_words": _limit_words(year),
                    "annual_additions": year.deferral + year.spillover + year.employer_total,
                    "compensation": year.compensation,
                    "employee_money": year.employee_money,
                    "fica": -(-year.fica_cents // 100),
                    "take_home_short": year.take_home_short,
                    "wages_stand_in": result.wages_stand_in,
                    "roth_catch_up_wages": result.person.roth_catch_up_wages,
                    "prior_year": limits.year - 1,
                    "catch_up_words": _catch_up_words(result),
                    "spillover": year.spillover,
                    "spillover_words": f", ${year.spillover:,} spilled to after-tax," if year.spillover else "",
                },
            )
        )
    return facts, results


def _catch_up_words(result: Any) -> str:
    """What the §414(v)(7) test gave, for MBR307: the catch-up allowed, Roth only, or lost."""
    status = result.roth_catch_up
    if status is None:
        return "the catch-up is allowed"
    if status == "lost":
        return "the catch-up is lost (the plan has no Roth deferrals)"
    return "the catch-up must be made as Roth"


def _limit_words(year: headroom.Headroom) -> str:
    """Which §415(c) limit binds, for MBR304: 100% of pay or the dollar limit."""
    if year.compensation_cents <= year.limit_cents:
        return f"100% of pay, ${year.limit_415c:,} (§415(c)(1)(B))"
    return f"the dollar limit, ${year.limit_415c:,} (§415(c)(1)(A))"


_CAP_WORDS = {
    "after_tax_percent": "the plan's after-tax percent cap",
    "after_tax_dollars": "the plan's after-tax dollar cap",
    "employee_percent": "the plan's combined cap on deferrals and after-tax",
}


def _no_room_reason(year: headroom.Headroom) -> str:
    """Why a participant has no after-tax room (MBR305), naming what used it up: the dollar limit, pay, or a cap."""
    if year.room_before_cap > 0 and year.plan_cap == 0:
        if year.cap_reason == "after_tax_percent":
            return "the plan caps after-tax contributions at 0% of pay"
        return f"{_CAP_WORDS.get(year.cap_reason or '', 'a plan cap')} leaves none"
    used = f"deferrals of ${year.deferral:,} and ${year.employer_total:,} of employer contributions"
    if year.compensation_cents <= year.limit_cents:
        # Pay, not the dollar limit, binds: saying "the whole §415(c) limit" would point at the wrong one.
        return (
            f"{used} use all of the participant's pay of ${year.compensation:,}, "
            "the 100%-of-pay limit on annual additions (§415(c)(1)(B)), below the §415(c) dollar limit"
        )
    return f"{used} use the whole §415(c) limit of ${year.limit_415c:,}"


def leak_note(data: dict[str, Any], participants: list[ParticipantResult]) -> str:
    """MBR104 and MBR105 in dollars: the first participant's yearly taxable earnings before conversion.

    A clause the messages end with (engine/money/projection.py states the model), or
    "" when there is nothing to put in dollars: no participant scenario, no
    after-tax source, no route to Roth, or no room for the first participant.
    """
    if not participants or not data["contributions"]["after_tax"]["allowed"]:
        return ""
    first = participants[0]
    room = first.headroom.after_tax_room
    periods = first.headroom.pay_periods
    best = conversions_per_year(data, periods)
    if room <= 0 or best <= 0:
        return ""
    rate = projection.DEFAULT_RETURN_PERCENT
    at_best = headroom.dollars(projection.earnings_leak(room, periods, best, rate))
    text = (
        f"; for participant {first.name} (${room:,} of after-tax room over {periods} paychecks, a {rate}% return) "
        f"that is about ${at_best:,} of taxable earnings a year at the best route's pace "
        f"({projection.cadence_words(best, periods)})"
    )
    if best > 1:
        yearly = headroom.dollars(projection.earnings_leak(room, periods, 1, rate))
        text += f" and ${yearly:,} if converted once a year"
    return text


def derive(data: dict[str, Any], today: date) -> DerivedFacts:
    """All facts for one schema-valid plan."""
    limits = limits_for(data["plan"]["year"])
    participant_facts: list[Fact] = []
    participants: list[ParticipantResult] = []
    if limits is not None:
        participant_facts, participants = _participant_facts(data, limits)
    facts = [_plan_fact(data, limits, employer_formula(data), participants)]
    facts.extend(_percent_facts(data))
    facts.extend(_waiver_facts(data, today))
    facts.extend(participant_facts)
    return DerivedFacts(facts, participants, limits)
