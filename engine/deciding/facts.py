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
from decimal import Decimal
from typing import Any

from megaroth.engine.money import headroom
from megaroth.engine.money import projection
from megaroth.engine.money.calculator import HeadroomResult, Person, PlanTerms, headroom_for, headroom_roth_unknown
from megaroth.engine.money.limits import Limits, known_years, limits_for, missing_year
from megaroth.engine.deciding.rules_engine import Fact
from megaroth.engine.reading.wording import normalise

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
    "NJ": "New Jersey excludes 401(k) deferrals from state income (unlike most of its other plan types); "
    "after-tax contributions are in NJ income when made, so confirm with a tax professional how NJ treats "
    "their conversion and its earnings",
    "CA": "California follows the federal Roth treatment; its old quirks around pre-1987 basis do "
    "not reach current after-tax contributions",
}
_NO_TAX_NOTE = "{state} has no state income tax on wages, so the state treatment of the conversion is moot"

PERCENT_FIELDS = ("max_percent", "nonelective", "profit_sharing", "rate", "up_to")

UNKNOWN = "unknown"  # a yes/no feature the plan's documents do not answer (plan format 1 allows it)
# An answer to a yes/no feature, as a string: facts keep one type per property,
# because the engine compares across types lexicographically.
YES, NO = "yes", "no"


def answer(value: Any, absent: str = UNKNOWN) -> str:
    """A yes/no feature as yes | no | unknown; ``absent`` is what a missing key means."""
    if value is True:
        return YES
    if value is False:
        return NO
    return absent if value is None else UNKNOWN


class UnknownAnswer(Exception):
    """A computation needs a yes/no answer that the plan file gives as unknown."""

    def __init__(self, pointer: str, field_name: str):
        super().__init__(f"{field_name} is unknown")
        self.pointer = pointer
        self.field_name = field_name


def _known(value: Any, pointer: str, field_name: str) -> bool:
    if value == UNKNOWN:
        raise UnknownAnswer(pointer, field_name)
    return bool(value)


def percent_text(value: float | int | Decimal) -> str:
    """A percent as the plan wrote it: 5.0 -> '5', 2.5 -> '2.5', 0.9999999999 -> '0.9999999999'.

    Never rounded (':g' kept six digits, so MBR001 said 0.9999999999 "is 1"):
    the shortest text that reads back as the same float, without an exponent.
    """
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    return f"{number.normalize():f}"


def percent_times_100(value: float | int) -> Decimal:
    """value × 100 in decimal, so 0.9999999999 means 99.99999999 (not the float 99.99999999000001)."""
    return Decimal(repr(value) if isinstance(value, float) else value) * 100


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


def plan_terms(data: dict[str, Any], *, roth: bool | None = None, after_tax: bool | None = None) -> PlanTerms:
    """What the calculator needs from a plan: employer money, caps, Roth and catch-up rules.

    The calculator's terms are yes or no; a plan file may answer unknown.
    ``roth`` and ``after_tax`` stand in for the file's answers (the checker
    tries both Roth answers where the file says unknown); otherwise an unknown that the terms need raises
    UnknownAnswer rather than being guessed.
    """
    match = (data.get("employer") or {}).get("match") or {}
    contributions = data["contributions"]
    return PlanTerms(
        formula=employer_formula(data),
        roth=_known(contributions["roth"], "/contributions/roth", "contributions.roth") if roth is None else roth,
        catch_up=contributions.get("catch_up", True),
        solo=data["plan"]["document"].startswith("solo_"),
        true_up=match.get("true_up"),
        name=data["plan"]["name"],
        after_tax=_known(
            contributions["after_tax"]["allowed"], "/contributions/after_tax/allowed", "contributions.after_tax.allowed"
        )
        if after_tax is None
        else after_tax,
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
        paychecks_paid=entry.get("paychecks_paid"),
    )


def conversions_per_year(data: dict[str, Any], pay_periods: int) -> int:
    """Conversions a year on the plan's best route to Roth (0: none), a per-pay-period sweep counted per paycheck."""
    return _best_route(data, pay_periods)[0]


def leak_conversions(data: dict[str, Any], pay_periods: int) -> tuple[int, int]:
    """Conversions a year to price the earnings leak at, and the number the best route allows (0, 0: no route).

    A route the participant must ask for each time is priced at monthly
    requests at most (projection.MANUAL_CONVERSIONS_PER_YEAR): that a plan
    allows conversion "any time" does not make anyone convert daily.
    """
    allowed, _, manual = _best_route(data, pay_periods)
    if allowed <= 0:
        return 0, 0
    return projection.priced_conversions(allowed, manual), allowed


def _plain_wording(text: str) -> str:
    """The SPD wording lowercased, as words of letters and digits each after a space, 'non-Roth' removed.

    MBR201 matches a word starting with 'roth' (' roth'): 'Roth' and 'Roth401k'
    name Roth, 'Brotherhood' does not, and 'non-Roth after-tax' is the right
    source, not the confusion the rule is after.
    """
    words = re.sub(r"[^a-z0-9]+", " ", normalise(text).lower())  # R\u00adoth, Rоth (Cyrillic о), Ｒｏｔｈ: Roth
    words = re.sub(r"\bnon roth\b", " ", words)
    return "".join(f" {word}" for word in words.split())


# Where Roth is the destination of the money, not the source's own name: "eligible
# for in-plan Roth conversion", "rollover to a Roth IRA", "Roth rollover account".
_ROTH_DESTINATIONS = (
    r"\b(?:to|into|as) (?:a |an |the |your )?(?:designated )?roth\w*(?: (?:ira|iras|account|accounts|source|money))?\b",
    r"\b(?:in plan )?roth\w* (?:in plan )?(?:conversion|conversions|converted|rollover|rollovers|transfer|transfers|ira|iras)\b",
    r"\bin plan roth\w*\b",
)


def _source_wording(plain: str) -> str:
    """The plain wording with every phrase that names Roth as a destination removed.

    What is left names the source itself: "Roth after-tax" and "after-tax Roth
    401(k)" still say roth (MBR201), "after-tax contributions eligible for
    in-plan Roth conversion" no longer does.
    """
    for pattern in _ROTH_DESTINATIONS:
        plain = re.sub(pattern, " ", plain)
    return "".join(f" {word}" for word in plain.split())


def _in_plan_route(data: dict[str, Any]) -> str:
    """Whether in-plan conversion is a route to Roth: yes | no | unknown.

    An in-plan Roth rollover moves money into a designated Roth account, so it
    needs a designated Roth program (§402A(c)(4)(A)): without one it is no route,
    and with Roth unknown the route is unknown.
    """
    in_plan = (data.get("conversion") or {}).get("in_plan") or {}
    available = answer(in_plan.get("available"))
    roth = answer(data["contributions"]["roth"])
    if available == NO or roth == NO:
        return NO
    if available == YES and roth == YES:
        return YES
    return UNKNOWN


def _in_service_route(data: dict[str, Any]) -> str:
    return answer(((data.get("conversion") or {}).get("in_service") or {}).get("available"))


def _route_state(data: dict[str, Any]) -> str:
    """Whether after-tax money has a route to Roth: yes (a known one), no (none), or unknown."""
    routes = (_in_plan_route(data), _in_service_route(data))
    if YES in routes:
        return YES
    return NO if routes == (NO, NO) else UNKNOWN


def _routes(data: dict[str, Any], pay_periods: int = ROUTE_PER_YEAR["per_pay_period"]) -> tuple[int, str]:
    """Conversions a year on the best known route, and that route in words."""
    per_year, how, _ = _best_route(data, pay_periods)
    return per_year, how


def _best_route(data: dict[str, Any], pay_periods: int = ROUTE_PER_YEAR["per_pay_period"]) -> tuple[int, str, bool]:
    """The best known route: conversions a year, in words, and whether each conversion is a request."""
    conversion = data.get("conversion") or {}
    in_plan = conversion.get("in_plan") or {}
    in_service = conversion.get("in_service") or {}
    routes: list[tuple[int, str, bool]] = []
    if _in_plan_route(data) == YES:
        frequency = in_plan.get("frequency")
        automatic = in_plan.get("automatic")
        # Automatic or not unknown: priced as a request, the side that does not understate the leak.
        manual = automatic is not True
        how = {True: "automatic in-plan conversion", UNKNOWN: "in-plan conversion (automatic or not is unknown)"}.get(
            automatic, "in-plan conversion on request"
        )
        if frequency is None:
            routes.append((_UNLIMITED, how, manual))
        else:
            per_year = pay_periods if frequency == "per_pay_period" else ROUTE_PER_YEAR[frequency]
            routes.append((per_year, f"{how}, {frequency.replace('_', ' ')}", manual))
    if in_service.get("available") is True:  # a withdrawal is always the participant's request
        per_year = in_service.get("per_year")
        if per_year is None:
            routes.append((_UNLIMITED, "in-service withdrawals, no yearly limit", True))
        else:
            routes.append((per_year, f"in-service withdrawals, {per_year} a year", True))
    if not routes:
        return 0, "no route", False
    # The most conversions; on a tie an automatic route, which needs no one to remember.
    return max(routes, key=lambda route: (route[0], not route[2]))


# What to ask the plan administrator about each unknown answer, and the SPD wording that
# answers it (the patterns of shared/domain/spd-wording.md).
QUESTIONS = {
    "contributions.after_tax.allowed": (
        "whether the plan accepts voluntary after-tax (non-Roth) employee contributions: an SPD that has the source "
        'calls it "voluntary", "traditional" or "regular" after-tax, "post-tax", "employee contributions", '
        '"nondeductible employee contributions" or "post-86 after-tax" (not "Roth after-tax", which is Roth '
        "deferrals), and one that has not usually never mentions it"
    ),
    "conversion.in_plan.available": (
        "whether after-tax money can be converted to Roth inside the plan: an SPD says \"in-plan Roth rollover\", "
        '"in-plan Roth conversion", "Roth in-plan conversion", "in-plan Roth transfer" or "IRR" (check that it is '
        'not limited to amounts "otherwise distributable" at 59½ and does not exclude after-tax money)'
    ),
    "contributions.roth": (
        "whether the plan takes designated Roth deferrals, without which an in-plan Roth rollover is not possible "
        '(§402A(c)(4)(A)): an SPD lists them as "Roth 401(k)", "designated Roth" or "Roth after-tax" contributions'
    ),
    "conversion.in_service.available": (
        "whether after-tax money can be withdrawn while employed: an SPD says \"withdraw all or part of your "
        'after-tax account for any reason", "non-hardship" or "regular" withdrawal, often with a frequency such '
        'as "twice per calendar year" or "at any time"'
    ),
}


def _route_unknowns(data: dict[str, Any]) -> list[str]:
    """The unknown answers a route to Roth hangs on, in the order to ask them."""
    in_plan = (data.get("conversion") or {}).get("in_plan") or {}
    unknowns = []
    if _in_plan_route(data) == UNKNOWN:
        if answer(in_plan.get("available")) == UNKNOWN:
            unknowns.append("conversion.in_plan.available")
        if answer(data["contributions"]["roth"]) == UNKNOWN:
            unknowns.append("contributions.roth")
    if _in_service_route(data) == UNKNOWN:
        unknowns.append("conversion.in_service.available")
    return unknowns


def _questions(fields: list[str]) -> str:
    """The questions for unknown answers, numbered when there is more than one."""
    if len(fields) == 1:
        return QUESTIONS[fields[0]]
    return "; ".join(f"({number}) {QUESTIONS[field]}" for number, field in enumerate(fields, 1))


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
    in_plan_route = _in_plan_route(data)
    route_unknowns = _route_unknowns(data)
    wording_plain = _plain_wording(after_tax.get("wording", ""))
    properties: dict[str, Any] = {
        "year": year,
        "has_limits": limits is not None,
        "document": plan["document"],
        "solo": plan["document"].startswith("solo_"),
        # A bool, true only for a known yes: no rule compares a yes/no fact with the text "unknown".
        "pretax": contributions["pretax"] is True,
        # Each yes/no feature twice: a bool that is true only for a known yes, and
        # its answer (yes | no | unknown) for the rules that tell no from unknown.
        "roth": contributions["roth"] is True,
        "roth_state": answer(contributions["roth"]),
        "catch_up": contributions.get("catch_up", True),
        "after_tax": after_tax["allowed"] is True,
        "after_tax_state": answer(after_tax["allowed"]),
        "wording": after_tax.get("wording", ""),
        "wording_plain": wording_plain,
        "wording_source": _source_wording(wording_plain),
        "separate_account": after_tax.get("separate_account") is True,
        "separate_account_state": {None: "is not stated", UNKNOWN: "is unknown"}.get(
            after_tax.get("separate_account"), "is marked as not kept"
        ),
        "in_plan": in_plan.get("available") is True,
        "in_plan_state": answer(in_plan.get("available")),
        "in_plan_route": in_plan_route,
        "in_plan_automatic": in_plan_route == YES and in_plan.get("automatic") is True,
        # Whether the plan converts by itself: "no" too where in-plan conversion is no route.
        "in_plan_automatic_state": answer(in_plan.get("automatic"), absent=NO) if in_plan_route == YES else NO,
        "in_service": in_service.get("available") is True,
        "in_service_state": answer(in_service.get("available")),
        "in_service_only": in_service.get("available") is True and in_plan_route != YES,
        # MBR107: with in-plan conversion unknown, in-service is the only route known, not the only one.
        "in_service_only_words": "the only route to Roth"
        if in_plan_route == NO
        else "the only route to Roth known (whether in-plan conversion is one is unknown)",
        "split_earnings": in_service.get("split_earnings") is True,
        "split_earnings_state": {None: "not stated", UNKNOWN: "unknown"}.get(
            in_service.get("split_earnings"), "marked as not offered"
        ),
        "has_route": best_per_year > 0,
        "route_state": _route_state(data),
        "route_unknowns": ", ".join(route_unknowns),
        "route_questions": _questions(route_unknowns),
        "after_tax_question": QUESTIONS["contributions.after_tax.allowed"],
        "roth_question": QUESTIONS["contributions.roth"],
        "best_route_per_year": best_per_year,
        "best_route": best_route,
        "best_route_gap": _gap_text(best_per_year),
        "acp": testing.get("acp", "unknown"),
        "has_plan_cap": after_tax.get("max_percent") is not None,
        "plan_cap_percent": percent_text(after_tax.get("max_percent") or 0),
        "known_years": ", ".join(str(known) for known in known_years()),
        "missing_limits": "" if limits is not None else missing_year(year),
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
                "meant": percent_text(percent_times_100(value)),
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


def suspect_percents(data: dict[str, Any], today: date) -> list[tuple[str, str]]:
    """The percent fields written as a fraction of one (MBR001): (JSON pointer, the problem in words).

    None where an unexpired waiver accepts MBR001: the plan really uses a fraction of one percent.
    `check` and `headroom --plan` both refuse to compute a room from the others.
    """
    if any(fact.properties["rule"] == "MBR001" and not fact.properties["expired"] for fact in _waiver_facts(data, today)):
        return []
    return [
        (fact.properties["pointer"], f"{fact.properties['field']} is {fact.properties['shown']}, which looks like a fraction (MBR001)")
        for fact in _percent_facts(data)
        if fact.properties["fraction_of_one"]
    ]


def _suspect_percents(data: dict[str, Any], today: date) -> list[str]:
    """The suspect percents in words, for a participant's finding."""
    return [text for _pointer, text in suspect_percents(data, today)]


def _participant_year(
    data: dict[str, Any], limits: Limits, person: Person, suspect: list[str]
) -> tuple[HeadroomResult, str, bool]:
    """A participant's year, why its room is not computed ("" when it is), and whether its deferral limit is known.

    Nothing is guessed: an unknown answer that changes the numbers, or a
    percent that looks like a fraction, leaves the room uncomputed, and the
    participant's finding (MBR112) says why.
    """
    reasons = list(suspect)
    deferral_known = True
    # The room is what §415(c) leaves whether or not the plan takes after-tax money (an unknown answer is a reason below).
    after_tax = data["contributions"]["after_tax"]["allowed"] is not False
    if data["contributions"]["after_tax"]["allowed"] == UNKNOWN:
        reasons.append("contributions.after_tax.allowed is unknown, so it is not known that the room can be filled (MBR106)")
    if data["contributions"]["roth"] == UNKNOWN:
        year, differs = headroom_roth_unknown(limits, plan_terms(data, roth=True, after_tax=after_tax), person)
        if differs:
            deferral_known = False
            reasons.append(
                "contributions.roth is unknown, and this participant's catch-up depends on it "
                "(from 2026 a higher earner's catch-ups must be Roth, §414(v)(7))"
            )
    else:
        year = headroom_for(limits, plan_terms(data, after_tax=after_tax), person)
    return year, "; ".join(reasons), deferral_known


def _participant_facts(data: dict[str, Any], limits: Limits, today: date) -> tuple[list[Fact], list[ParticipantResult]]:
    facts: list[Fact] = []
    results: list[ParticipantResult] = []
    after_tax = data["contributions"]["after_tax"]["allowed"] is True
    suspect = _suspect_percents(data, today)
    for index, person in enumerate(data.get("participants") or ()):
        salary = headroom.dollars(person.get("salary", 0))
        result, not_computed, deferral_known = _participant_year(data, limits, participant_person(person), suspect)
        year = result.headroom
        if not not_computed:
            # A room that was not computed is not reported as a number anywhere.
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
                    "deferral_known": deferral_known,
                    "deferral_total": year.deferral_total,
                    "deferral_limit": year.deferral_limit,
                    "deferral_excess": year.excess_deferral,
                    "catch_up": year.catch_up,
                    "limit_415c": year.limit_415c,
                    "employer_total": year.employer_total,
                    "room_computed": not not_computed,
                    "not_computed_because": not_computed,
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
    if not participants or data["contributions"]["after_tax"]["allowed"] is not True:
        return ""
    first = participants[0]
    room = first.headroom.after_tax_room
    periods = first.headroom.pay_periods
    priced, allowed = leak_conversions(data, periods)
    if room <= 0 or priced <= 0:
        return ""
    real, inflation = projection.DEFAULT_RETURN_PERCENT, projection.DEFAULT_INFLATION_PERCENT
    rate = projection.nominal_return(real, inflation)
    at_best = headroom.dollars(projection.earnings_leak(room, periods, priced, rate))
    if priced == allowed:
        pace = f"at the best route's pace ({projection.cadence_words(priced, periods)})"
    else:
        can = "any time" if allowed >= _UNLIMITED else projection.cadence_words(allowed, periods)
        pace = (
            f"at {projection.cadence_words(priced, periods)} requests (each conversion is a request, so it is "
            f"priced at {priced} a year, not {can} as the plan allows)"
        )
    text = (
        f"; for participant {first.name} (${room:,} of after-tax room over {periods} paychecks, a "
        f"{percent_text(float(rate))}% nominal return: {real}% real and {inflation}% inflation) that is about "
        f"${at_best:,} of taxable earnings a year {pace}"
    )
    if priced > 1:
        yearly = headroom.dollars(projection.earnings_leak(room, periods, 1, rate))
        text += f" and ${yearly:,} if converted once a year"
    return text + (
        "; the estimate assumes a smooth return, and a loss in one conversion does not offset a gain in another, "
        "so real leaks run higher"
    )


def derive(data: dict[str, Any], today: date) -> DerivedFacts:
    """All facts for one schema-valid plan."""
    limits = limits_for(data["plan"]["year"])
    participant_facts: list[Fact] = []
    participants: list[ParticipantResult] = []
    if limits is not None:
        participant_facts, participants = _participant_facts(data, limits, today)
    facts = [_plan_fact(data, limits, employer_formula(data), participants)]
    facts.extend(_percent_facts(data))
    facts.extend(_waiver_facts(data, today))
    facts.extend(participant_facts)
    return DerivedFacts(facts, participants, limits)
