"""Hypothesis strategies for valid plans: every field of the format, every enum, edge values.

Built from the plan format (schemas/plan.schema.json): optional fields are
sometimes absent, percents include 0, 1, whole numbers and fractions strictly
between 0 and 1, years reach past both ends of the limits table, and wording
is drawn to exercise MBR201's pattern.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import strategies as st

from megaroth.engine.deciding.catalog import catalog

DOCUMENTS = ["individually_designed", "pre_approved", "solo_prototype", "solo_custom"]
FREQUENCIES = ["daily", "per_pay_period", "monthly", "quarterly", "annually", "any_time"]
ACP = ["passing", "failing", "unknown"]
STATES = ["PA", "NJ", "CA", "AK", "FL", "NV", "NH", "SD", "TN", "TX", "WA", "WY", "OH", "NY", "IL", "MA"]
WORDINGS = [
    "voluntary after-tax contributions",
    "post-86 employee contributions",
    "after-tax (non-Roth) contributions",
    "non Roth after-tax contributions",
    "NON-ROTH voluntary",
    "Roth 401(k) contributions",
    "Roth after-tax contributions",
    "designated Roth",
    "after-tax ROTH source",
    "after-tax Roth 401(k)",
    # Roth as the destination, not the source's name: MBR201 stays quiet.
    "after-tax contributions eligible for in-plan Roth conversion",
    "voluntary after-tax, rollover to a Roth IRA",
    "",
]

percents = st.one_of(
    st.sampled_from([0, 1, 5, 100]),
    st.integers(min_value=0, max_value=100),
    st.floats(min_value=0, max_value=100, allow_nan=False, allow_infinity=False),
    st.floats(min_value=0, max_value=1, exclude_min=True, exclude_max=True),  # MBR001's territory
)
dollars = st.one_of(
    st.integers(min_value=0, max_value=1_000_000),
    st.floats(min_value=0, max_value=1_000_000, allow_nan=False, allow_infinity=False),
)
wordings = st.one_of(st.sampled_from(WORDINGS), st.text(alphabet="rothROTHnN -()ax", max_size=24))


# Sections present three times in four: a plan with every section absent reaches few rules.
likely = st.sampled_from([True, True, True, False])
# A yes/no feature of the plan: the format also takes unknown (MBR106, MBR109-MBR111).
answers = st.sampled_from([True, False, "unknown"])
likely_answer = st.sampled_from([True, True, True, True, False, "unknown"])


def _optional(draw: Any, mapping: dict[str, Any], key: str, strategy: st.SearchStrategy) -> None:
    if draw(st.booleans()):
        mapping[key] = draw(strategy)


@st.composite
def participants(draw: Any) -> dict[str, Any]:
    person: dict[str, Any] = {
        "name": draw(st.text(alphabet="abcdefghij-0123456789", min_size=1, max_size=12)),
        "salary": draw(
            st.one_of(
                st.sampled_from([24000, 40000, 95000, 150000, 200000, 450000]),  # realistic pay, both sides of every limit
                st.integers(min_value=0, max_value=2_000_000),
                st.floats(min_value=0, max_value=100_000_000, allow_nan=False, allow_infinity=False),
            )
        ),
        "age": draw(st.one_of(st.sampled_from([35, 49, 50, 59, 60, 63, 64]), st.integers(min_value=14, max_value=120))),
        "deferral": draw(st.one_of(st.just("max"), st.sampled_from([0, 3000, 23500, 31000, 40000]), dollars)),
    }
    _optional(draw, person, "hce", st.booleans())
    _optional(draw, person, "state", st.sampled_from(STATES))
    _optional(draw, person, "other_plan_deferrals", dollars)
    _optional(draw, person, "pay_periods", st.sampled_from([12, 24, 26, 27, 52]))
    return person


@st.composite
def people(draw: Any) -> dict[str, Any]:
    """A participant with the optional pay fields: this year's compensation, last year's wages, or net SE earnings."""
    person = draw(participants())
    _optional(draw, person, "compensation", st.one_of(st.sampled_from([16153.84, 40000]), dollars))
    _optional(draw, person, "prior_year_wages", st.one_of(st.sampled_from([140000, 150001]), dollars))
    if draw(st.sampled_from([False, False, False, True])):  # a sole proprietor or partner, in place of salary
        del person["salary"]
        person["net_se_earnings"] = draw(st.one_of(st.sampled_from([60000, 150000, 300000]), dollars))
    return person


@st.composite
def waivers(draw: Any) -> dict[str, Any]:
    waiver: dict[str, Any] = {
        "rule": draw(st.one_of(st.sampled_from(sorted(catalog())), st.just("MBR999"))),
        "reason": draw(st.text(alphabet="abc xyz", min_size=1, max_size=20).filter(str.strip)),
    }
    if draw(st.booleans()):
        day = draw(st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)))
        waiver["expires"] = day.isoformat()
    return waiver


@st.composite
def plans(draw: Any) -> dict[str, Any]:
    """One schema-valid plan, as the loader would return it."""
    plan: dict[str, Any] = {
        "name": draw(st.text(alphabet="ABC co 401(k)", min_size=1, max_size=30).filter(str.strip)),  # not blank
        # Mostly years with published limits (the participant rules need them), sometimes not.
        "year": draw(st.one_of(st.sampled_from([2022, 2023, 2024, 2025, 2026]), st.integers(min_value=2020, max_value=2028))),
        "document": draw(st.sampled_from(DOCUMENTS)),
    }
    for key in ("sponsor", "provider", "source"):
        _optional(draw, plan, key, st.text(max_size=20))
    after_tax: dict[str, Any] = {"allowed": draw(likely_answer)}
    _optional(draw, after_tax, "wording", wordings)
    _optional(draw, after_tax, "max_percent", percents)
    _optional(draw, after_tax, "separate_account", answers)
    contributions: dict[str, Any] = {"pretax": draw(st.booleans()), "roth": draw(answers), "after_tax": after_tax}
    _optional(draw, contributions, "catch_up", st.booleans())
    data: dict[str, Any] = {"megaroth": 1, "plan": plan, "contributions": contributions}

    if draw(st.booleans()):
        employer: dict[str, Any] = {}
        if draw(st.booleans()):
            # Together the tiers cover at most all of pay (megaroth.engine.reading.validation.tiers_problem).
            tiers = st.lists(st.fixed_dictionaries({"rate": percents, "up_to": percents}), max_size=3).filter(
                lambda tiers: sum(tier["up_to"] for tier in tiers) <= 100
            )
            match: dict[str, Any] = {"tiers": draw(tiers)}
            _optional(draw, match, "max", st.one_of(st.integers(min_value=0, max_value=50_000), st.floats(min_value=0, max_value=50_000)))
            _optional(draw, match, "true_up", st.booleans())
            _optional(draw, match, "on_after_tax", st.booleans())
            employer["match"] = match
        _optional(draw, employer, "nonelective", percents)
        _optional(draw, employer, "profit_sharing", percents)
        data["employer"] = employer

    if draw(likely):
        conversion: dict[str, Any] = {}
        if draw(likely):
            in_plan: dict[str, Any] = {"available": draw(likely_answer)}
            _optional(draw, in_plan, "automatic", answers)
            _optional(draw, in_plan, "frequency", st.sampled_from(FREQUENCIES))
            conversion["in_plan"] = in_plan
        if draw(likely):
            in_service: dict[str, Any] = {"available": draw(answers)}
            _optional(draw, in_service, "per_year", st.one_of(st.sampled_from([1, 4, 11, 12]), st.integers(min_value=1, max_value=366)))
            _optional(draw, in_service, "split_earnings", answers)
            conversion["in_service"] = in_service
        data["conversion"] = conversion

    if draw(st.booleans()):
        testing: dict[str, Any] = {}
        _optional(draw, testing, "safe_harbor", st.booleans())
        _optional(draw, testing, "acp", st.sampled_from(ACP))
        data["testing"] = testing

    _optional(draw, data, "participants", st.lists(people(), max_size=4))
    _optional(draw, data, "waivers", st.lists(waivers(), max_size=3))
    # The plan caps come last, so the plans drawn before them stay the ones the other rules were tuned on.
    _optional(draw, after_tax, "max_dollars", st.one_of(st.sampled_from([0, 10000, 30000]), dollars))
    _optional(draw, after_tax, "hce_max_percent", percents)
    _optional(draw, after_tax, "spillover", st.booleans())
    _optional(draw, contributions, "employee_max_percent", percents)
    return data
