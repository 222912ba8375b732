"""A seeded corpus of realistic, varied plan files for the benchmark.

Every file is valid against schemas/plan.schema.json (tests/test_corpus.py
checks that), and together they cover every document kind, conversion route
and cadence, match shape, waivers, and participants on some plans, so the
checker runs every rule path the way a real repository of plan configs would.

File i depends only on the seed and i: the first 1,000 files of a
10,000-file corpus are the 1,000-file corpus.

    python -m benchmarks.corpus 1000 /tmp/plans --seed 7
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path
from typing import Any

FILES_PER_FOLDER = 250  # a repository of thousands of plans keeps them in folders

DOCUMENTS = ("individually_designed", "pre_approved", "solo_prototype", "solo_custom")
DOCUMENT_WEIGHTS = (35, 45, 8, 12)
AUTOMATIC_FREQUENCIES = ("daily", "per_pay_period", "monthly", "quarterly", "annually")
MANUAL_FREQUENCIES = ("any_time", "monthly", "quarterly", "annually")
IN_SERVICE_PER_YEAR = (None, 1, 2, 4, 12, 24, 52, 366)
YEARS = (2022, 2023, 2024, 2024, 2025, 2025, 2025, 2026, 2026, 2026, 2026, 2027)  # 2027: no published limits yet
ACP = ("passing", "passing", "failing", "unknown")
PAY_PERIODS = (12, 24, 26, 52)
STATES = ("CA", "NY", "TX", "WA", "FL", "PA", "NJ", "IL", "MA", "VA", "OH", "MN", "CO", "GA", "NV", "OR")
WORDINGS = (
    "voluntary after-tax contributions",
    "employee after-tax contributions",
    "post-86 employee contributions",
    "supplemental after-tax contributions",
    "after-tax (non-Roth) employee contributions",
    "non Roth after-tax contributions",
    "after-tax contributions",
)
ROTH_WORDINGS = ("Roth after-tax contributions", "after-tax Roth savings")  # the confusion MBR201 is after
PROVIDERS = ("Fidelity", "Vanguard", "Empower", "T. Rowe Price", "Principal", "Merrill", "Schwab", "Voya", "Guideline")
NAME_WORDS = (
    "Ridgeway", "Copperline", "Brightwater", "Juniper", "Harbor", "Summit", "Cedar", "Northwind", "Bluepeak",
    "Ironwood", "Silverline", "Maple", "Granite", "Oakmont", "Riverbend", "Lakeshore", "Pinecrest", "Redstone",
)
INDUSTRIES = (
    "Logistics", "Semiconductors", "Media", "Regional Bank", "Health", "Software", "Foods", "Energy",
    "Consulting", "Robotics", "Biosciences", "Retail", "Insurance", "Analytics",
)
SUFFIXES = ("Inc.", "Corp.", "LLC", "Co.", "N.A.", "Holdings, Inc.")
PLAN_NAMES = ("401(k) Plan", "Savings Plan", "Retirement Savings Plan", "401(k) Retirement Plan", "Thrift Plan")
WAIVABLE = ("MBR104", "MBR105", "MBR107", "MBR203", "MBR205", "MBR206", "MBR207")
ROLES = ("engineer", "analyst", "director", "exec", "nurse", "manager", "owner", "designer", "part-time")


def _percent(rng: random.Random, choices: tuple[float, ...]) -> float | int:
    return rng.choice(choices)


def _match(rng: random.Random) -> dict[str, Any]:
    shape = rng.choice(("one", "one", "two", "three", "half"))
    if shape == "one":
        tiers = [{"rate": 100, "up_to": rng.choice((3, 4, 5, 6))}]
    elif shape == "two":
        tiers = [{"rate": 100, "up_to": 3}, {"rate": 50, "up_to": 2}]
    elif shape == "three":
        tiers = [{"rate": 100, "up_to": 2}, {"rate": 50, "up_to": 2}, {"rate": 25, "up_to": 2.5}]
    else:
        tiers = [{"rate": rng.choice((25, 50, 66.67)), "up_to": 6}]
    match: dict[str, Any] = {"tiers": tiers}
    if rng.random() < 0.2:
        match["max"] = rng.choice((5000, 8000, 12000, 15750.5))
    if rng.random() < 0.7:
        match["true_up"] = rng.random() < 0.6
    if rng.random() < 0.3:
        match["on_after_tax"] = rng.random() < 0.2
    return match


def _employer(rng: random.Random, solo: bool) -> dict[str, Any] | None:
    if rng.random() < 0.1:
        return None
    employer: dict[str, Any] = {}
    if not solo or rng.random() < 0.5:
        employer["match"] = _match(rng)
    if rng.random() < 0.3:
        employer["nonelective"] = _percent(rng, (2, 3, 4, 5))
    if rng.random() < 0.2 or (solo and not employer):
        employer["profit_sharing"] = _percent(rng, (2, 5, 8.5, 10, 15, 25))
    return employer


def _unknown_sometimes(rng: random.Random, value: bool, share: float = 0.04) -> bool | str:
    """A yes/no answer, now and then written as unknown (the plan's documents did not say)."""
    return "unknown" if rng.random() < share else value


def _conversion(rng: random.Random) -> dict[str, Any] | None:
    if rng.random() < 0.04:
        return None  # no conversion section at all: nothing known about a route (MBR109)
    conversion: dict[str, Any] = {}
    if rng.random() < 0.85:
        in_plan: dict[str, Any] = {"available": rng.random() < 0.8}
        if in_plan["available"]:
            automatic = rng.random() < 0.5
            in_plan["automatic"] = _unknown_sometimes(rng, automatic)
            if rng.random() < 0.85:
                in_plan["frequency"] = rng.choice(AUTOMATIC_FREQUENCIES if automatic else MANUAL_FREQUENCIES)
        else:
            in_plan["available"] = _unknown_sometimes(rng, False, 0.1)
        conversion["in_plan"] = in_plan
    if rng.random() < 0.7:
        in_service: dict[str, Any] = {"available": rng.random() < 0.5}
        if in_service["available"]:
            per_year = rng.choice(IN_SERVICE_PER_YEAR)
            if per_year is not None:
                in_service["per_year"] = per_year
            if rng.random() < 0.8:
                in_service["split_earnings"] = rng.random() < 0.6
        conversion["in_service"] = in_service
    return conversion


def _participant(rng: random.Random, index: int) -> dict[str, Any]:
    age = rng.choice((rng.randint(22, 49), rng.randint(50, 59), rng.randint(60, 63), rng.randint(64, 72)))
    salary: float | int = rng.choice((25_000, 52_000, 95_000, 140_000, 220_000, 350_000, 600_000))
    if rng.random() < 0.3:
        salary = round(salary * rng.uniform(0.8, 1.2), 2)
    person: dict[str, Any] = {
        "name": f"{rng.choice(ROLES)}-{index + 1}",
        "salary": salary,
        "age": age,
        "deferral": "max" if rng.random() < 0.55 else rng.choice((0, 6000, 9500, 12000, 23000, 30000, 35000)),
    }
    if rng.random() < 0.6:
        person["hce"] = salary >= 160_000
    if rng.random() < 0.7:
        person["state"] = rng.choice(STATES)
    if rng.random() < 0.1:
        person["other_plan_deferrals"] = rng.choice((5000, 15000, 23500))
    if rng.random() < 0.4:
        person["pay_periods"] = rng.choice(PAY_PERIODS)
    return person


def _waiver(rng: random.Random) -> dict[str, Any]:
    waiver: dict[str, Any] = {
        "rule": rng.choice(WAIVABLE),
        "reason": rng.choice(("accepted by the plan committee", "recordkeeper confirmed the process in writing")),
    }
    if rng.random() < 0.7:
        waiver["expires"] = f"{rng.choice((2024, 2025, 2026, 2027, 2028))}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    return waiver


def plan(seed: int, index: int) -> dict[str, Any]:
    """Plan number ``index`` of the corpus with this seed, as data."""
    rng = random.Random(f"megaroth-corpus:{seed}:{index}")
    document = rng.choices(DOCUMENTS, DOCUMENT_WEIGHTS)[0]
    solo = document.startswith("solo_")
    sponsor_word = rng.choice(NAME_WORDS)
    industry = rng.choice(INDUSTRIES)
    year = rng.choice(YEARS)
    header: dict[str, Any] = {
        "name": f"{sponsor_word} {industry} {rng.choice(PLAN_NAMES)}",
        "sponsor": f"{sponsor_word} {industry}, {rng.choice(SUFFIXES)}",
        "year": year,
        "document": document,
    }
    if rng.random() < 0.8:
        header["provider"] = rng.choice(PROVIDERS)
    if rng.random() < 0.6:
        header["source"] = f"SPD dated {year}-01-01, section {rng.randint(2, 9)}.{rng.randint(1, 9)}"
    after_tax: dict[str, Any] = {"allowed": rng.random() < 0.78}
    if not after_tax["allowed"]:
        after_tax["allowed"] = _unknown_sometimes(rng, False, 0.1)
    if after_tax["allowed"] is True or rng.random() < 0.3:
        after_tax["wording"] = rng.choice(ROTH_WORDINGS if rng.random() < 0.06 else WORDINGS)
    if rng.random() < 0.3:
        # 0.15 is the fraction-of-one typo MBR001 is after.
        after_tax["max_percent"] = _percent(rng, (10, 15, 20, 25, 50, 100, 6.5, 0.15))
    if rng.random() < 0.75:
        after_tax["separate_account"] = rng.random() < 0.8
    contributions: dict[str, Any] = {"pretax": rng.random() < 0.95, "roth": _unknown_sometimes(rng, rng.random() < 0.8)}
    if rng.random() < 0.5:
        contributions["catch_up"] = rng.random() < 0.85
    contributions["after_tax"] = after_tax
    data: dict[str, Any] = {"megaroth": 1, "plan": header, "contributions": contributions}
    employer = _employer(rng, solo)
    if employer is not None:
        data["employer"] = employer
    conversion = _conversion(rng)
    if conversion is not None:
        data["conversion"] = conversion
    if rng.random() < 0.8:
        testing: dict[str, Any] = {}
        if rng.random() < 0.8:
            testing["safe_harbor"] = rng.random() < 0.3
        if rng.random() < 0.85:
            testing["acp"] = rng.choice(ACP)
        data["testing"] = testing
    if rng.random() < 0.3:
        data["participants"] = [_participant(rng, i) for i in range(rng.randint(1, 8))]
    if rng.random() < 0.12:
        data["waivers"] = [_waiver(rng) for _ in range(rng.randint(1, 2))]
    # Drawn last, so the plans above stay the ones every other rule was reached with.
    if rng.random() < 0.15:
        after_tax["spillover"] = True
    return data


# --- YAML text, written the way people write plan files ------------------------

_PLAIN = re.compile(r"^[A-Za-z][A-Za-z0-9_ .,()&'-]*$")
_YAML_WORDS = {"true", "false", "null", "yes", "no", "on", "off", "y", "n", "~"}


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    text = str(value)
    if _PLAIN.match(text) and text.lower() not in _YAML_WORDS and not text.endswith(" "):
        return text
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def _flow(mapping: dict[str, Any]) -> str:
    return "{" + ", ".join(f"{key}: {_scalar(value)}" for key, value in mapping.items()) + "}"


def _block(value: Any, indent: int, lines: list[str], flow_items: bool) -> None:
    pad = "  " * indent
    for key, item in value.items():
        if isinstance(item, dict) and not item:
            lines.append(f"{pad}{key}: {{}}")  # an empty section, as people leave them
        elif isinstance(item, dict):
            lines.append(f"{pad}{key}:")
            _block(item, indent + 1, lines, flow_items)
        elif isinstance(item, list):
            lines.append(f"{pad}{key}:")
            for entry in item:
                if flow_items and key == "tiers":
                    lines.append(f"{pad}  - {_flow(entry)}")
                    continue
                first = True
                for entry_key, entry_value in entry.items():
                    lead = "- " if first else "  "
                    lines.append(f"{pad}  {lead}{entry_key}: {_scalar(entry_value)}")
                    first = False
        else:
            lines.append(f"{pad}{key}: {_scalar(item)}")


def render(data: dict[str, Any], seed: int, index: int) -> str:
    """A plan as YAML text: a comment header, block style, match tiers in flow style on most."""
    rng = random.Random(f"megaroth-corpus-style:{seed}:{index}")
    lines = [
        f"# {data['plan']['name']}: generated benchmark plan {index} (seed {seed}).",
        "# Read from the sponsor's SPD; percentages are percent of pay.",
    ]
    _block(data, 0, lines, flow_items=rng.random() < 0.7)
    return "\n".join(lines) + "\n"


def write(folder: Path, count: int, seed: int = 2026) -> list[Path]:
    """Write ``count`` plan files under ``folder`` (in sub-folders); return their paths in order."""
    paths = []
    for index in range(count):
        sub = folder / f"group-{index // FILES_PER_FOLDER:03d}"
        if index % FILES_PER_FOLDER == 0:
            sub.mkdir(parents=True, exist_ok=True)
        path = sub / f"plan-{index:05d}.yaml"
        path.write_text(render(plan(seed, index), seed, index), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int, help="how many plan files")
    parser.add_argument("folder", type=Path, help="where to write them (created)")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    write(args.folder, args.count, args.seed)


if __name__ == "__main__":
    main()
