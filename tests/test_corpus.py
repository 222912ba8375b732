"""benchmarks/corpus.py: seeded, valid, varied plans that reach every rule."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from benchmarks import corpus
from megaroth.engine.deciding.catalog import catalog
from megaroth.engine.deciding.checker import check_bytes
from megaroth.engine.reading.loader import load_bytes
from megaroth.engine.reading.validation import validate
from plan_overlay import TODAY

COUNT = 400


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return corpus.write(tmp_path_factory.mktemp("corpus"), COUNT, seed=2026)


def test_every_file_reads_back_as_its_plan_and_is_schema_valid(written: list[Path]) -> None:
    for index, path in enumerate(written):
        document = load_bytes(path.read_bytes())
        assert document.data == corpus.plan(2026, index), path
        assert validate(document.data) == [], path


def test_files_sit_in_folders_in_order(written: list[Path]) -> None:
    assert written[0].parent.name == "group-000"
    assert written[corpus.FILES_PER_FOLDER].parent.name == "group-001"
    assert written == sorted(written)
    assert len({path.parent for path in written}) == 2


def test_same_seed_same_bytes_and_a_bigger_corpus_starts_with_the_smaller(tmp_path: Path) -> None:
    first = corpus.write(tmp_path / "a", 30, seed=5)
    again = corpus.write(tmp_path / "b", 60, seed=5)
    other = corpus.write(tmp_path / "c", 30, seed=6)
    assert [path.read_bytes() for path in first] == [path.read_bytes() for path in again[:30]]
    assert [path.read_bytes() for path in first] != [path.read_bytes() for path in other]


def test_the_corpus_covers_every_kind_route_cadence_and_shape() -> None:
    plans = [corpus.plan(2026, index) for index in range(COUNT)]
    assert {plan["plan"]["document"] for plan in plans} == set(corpus.DOCUMENTS)
    assert {plan["plan"]["year"] for plan in plans} == set(corpus.YEARS)
    in_plan = [plan["conversion"]["in_plan"] for plan in plans if "in_plan" in plan.get("conversion", {})]
    automatic = {route.get("frequency") for route in in_plan if route.get("automatic") is True}
    manual = {route.get("frequency") for route in in_plan if route["available"] is True and route.get("automatic") is False}
    assert automatic == {None, *corpus.AUTOMATIC_FREQUENCIES}
    assert manual == {None, *corpus.MANUAL_FREQUENCIES}
    in_service = [plan["conversion"]["in_service"] for plan in plans if "in_service" in plan.get("conversion", {})]
    assert {route.get("per_year") for route in in_service if route["available"]} == set(corpus.IN_SERVICE_PER_YEAR)
    assert any(not route["available"] for route in in_service)
    assert any("conversion" not in plan for plan in plans)
    # Unknown answers (plan format 1 allows them for the yes/no features): MBR106, MBR109-MBR111.
    assert any(plan["contributions"]["after_tax"]["allowed"] == "unknown" for plan in plans)
    assert any(plan["contributions"]["roth"] == "unknown" for plan in plans)
    assert any(route.get("automatic") == "unknown" for route in in_plan)
    assert any(route["available"] == "unknown" for route in in_plan)
    tiers = Counter(len(plan["employer"]["match"]["tiers"]) for plan in plans if "match" in plan.get("employer", {}))
    assert set(tiers) == {1, 2, 3}
    assert any("max" in plan["employer"]["match"] for plan in plans if "match" in plan.get("employer", {}))
    with_participants = [plan for plan in plans if "participants" in plan]
    assert 0.2 * COUNT < len(with_participants) < 0.4 * COUNT
    ages = {person["age"] for plan in with_participants for person in plan["participants"]}
    assert any(age < 50 for age in ages) and any(50 <= age < 60 for age in ages) and any(60 <= age <= 63 for age in ages)
    assert any(person["deferral"] == "max" for plan in with_participants for person in plan["participants"])
    assert any("waivers" in plan for plan in plans)


def test_the_corpus_fires_every_engine_rule(written: list[Path]) -> None:
    fired: Counter[str] = Counter()
    for path in written:
        result = check_bytes(path.read_bytes(), str(path), TODAY)
        assert not result.invalid, path
        fired.update(finding.rule for finding in result.findings)
    engine_rules = {rule.id for rule in catalog().values() if rule.source == "engine"}
    assert set(fired) == engine_rules
