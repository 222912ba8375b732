"""The phrase catalog as data: every pattern's example sentences, the negation examples, the schema's refusals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from megaroth.engine.decode.matcher import closed_list, hits, negated
from megaroth.engine.decode.phrases import PhraseCatalogError, catalog, load_catalog
from megaroth.engine.decode.sentences import plain
from megaroth.engine.reading.resources import schemas_dir

CATALOG = catalog()
EXAMPLES = [
    (question, pattern, sentence, should)
    for question in (*CATALOG.questions, *(spec.question for spec in CATALOG.findings if spec.question is not None))
    for pattern in question.patterns
    for should, sentences in ((True, pattern.matches), (False, pattern.does_not_match))
    for sentence in sentences
]


def test_the_catalog_asks_issue_12s_questions_each_a_plan_format_field() -> None:
    assert [question.field for question in CATALOG.questions] == [
        "contributions.roth",
        "contributions.pretax",
        "contributions.catch_up",
        "contributions.after_tax.allowed",
        "contributions.after_tax.wording",
        "contributions.after_tax.max_percent",
        "contributions.after_tax.max_dollars",
        "contributions.after_tax.hce_max_percent",
        "contributions.after_tax.separate_account",
        "contributions.after_tax.spillover",
        "conversion.in_plan.available",
        "conversion.in_service.available",
        "conversion.in_service.per_year",
        "conversion.in_plan.automatic",
        "conversion.in_plan.frequency",
        "conversion.in_service.split_earnings",
        "employer.match.on_after_tax",
        "employer.match.tiers",
        "employer.match.max",
        "employer.match.true_up",
        "employer.profit_sharing",
        "employer.nonelective",
        "testing.safe_harbor",
    ]
    # Never an invented field: each is a property of schemas/plan.schema.json, of a type its kind can fill.
    schema = json.loads((schemas_dir() / "plan.schema.json").read_text(encoding="utf-8"))
    for question in CATALOG.questions:
        node = schema
        for part in question.field.split("."):
            node = node["properties"][part]
        allowed = {"yes_no": ("boolean", None), "per_year": ("integer",), "number": ("number",), "tiers": ("array",),
                   "choice": (None,), "words": ("string",)}  # fmt: skip
        assert node.get("type") in allowed[question.kind] or (question.kind == "yes_no" and "enum" in node), question.field
        if question.kind == "choice":  # every answer one of the field's enum values
            assert {pattern.answer for pattern in question.patterns} <= set(node["enum"]), question.field


@pytest.mark.parametrize(
    ("sentence", "field", "answers"),
    [
        ("The Plan permits voluntary after-tax contributions, up to 15% of compensation.", "contributions.after_tax.max_percent", {15}),
        ("You may contribute up to 7.5% of your pay on an after-tax basis.", "contributions.after_tax.max_percent", {7.5}),
        ("After-tax contributions are limited to $15,000 per plan year.", "contributions.after_tax.max_dollars", {15000}),
        # "100% of the first 3% ... and 50% of the next 2%" is two tiers, as the plan format writes them.
        ("The company matches 100% of the first 3% of pay you contribute and 50% of the next 2% of pay.",
         "employer.match.tiers", {((100, 3), (50, 2))}),  # fmt: skip
        ("The company matches your savings dollar for dollar on the first 5% of pay.", "employer.match.tiers", {((100, 5),)}),
        ("Fircrest matches your contributions at 50 cents per dollar on the first 6% of pay.", "employer.match.tiers", {((50, 6),)}),
        ("The Plan does not make a true-up matching contribution.", "employer.match.true_up", {False}),
        ("The Plan is not a safe harbor plan.", "testing.safe_harbor", {False}),
        ("You may withdraw your after-tax account quarterly.", "conversion.in_service.per_year", {4}),
        ("Conversions are not automatic.", "conversion.in_plan.automatic", {False}),
        # The source's own name, and none where the name is negated or is Roth's.
        ("You may also make supplemental post-tax contributions of up to 10% of pay.", "contributions.after_tax.wording",
         {"supplemental post-tax contributions"}),  # fmt: skip
        ("The Plan does not permit voluntary after-tax contributions.", "contributions.after_tax.wording", set()),
        ("Roth after-tax contributions are taxed now.", "contributions.after_tax.wording", set()),
    ],
)
def test_figures_and_formulas_read_as_written(sentence: str, field: str, answers: set) -> None:
    (question,) = [question for question in CATALOG.questions if question.field == field]
    assert {hit.answer for hit in hits(question, plain(sentence), CATALOG.negation)} == answers


@pytest.mark.parametrize(
    ("question", "pattern", "sentence", "should"),
    EXAMPLES,
    ids=[f"{q.field}:{p.id}:{'match' if s else 'no-match'}:{i}" for i, (q, p, _, s) in enumerate(EXAMPLES)],
)
def test_each_pattern_matches_its_examples_and_only_those(question, pattern, sentence, should) -> None:
    matched = [hit for hit in hits(question, plain(sentence), CATALOG.negation) if hit.pattern.id == pattern.id]
    assert bool(matched) is should


CLOSED = [
    (question, pattern, sentence, should)
    for question in CATALOG.questions
    for pattern in question.exhaustive
    for should, sentences in ((True, pattern.matches), (False, pattern.does_not_match))
    for sentence in sentences
]


@pytest.mark.parametrize(
    ("question", "pattern", "sentence", "should"),
    CLOSED,
    ids=[f"{q.field}:{p.id}:{'match' if s else 'no-match'}:{i}" for i, (q, p, _, s) in enumerate(CLOSED)],
)
def test_each_exhaustive_list_pattern_matches_its_examples_and_only_those(question, pattern, sentence, should) -> None:
    found = closed_list(question, plain(sentence))
    assert (found is not None and found.id == pattern.id) is should


@pytest.mark.parametrize(("sentence", "term"), CATALOG.negation.negated)
def test_negated_examples_are_negated(sentence: str, term: str) -> None:
    start = sentence.index(term)
    assert negated(sentence, start, start + len(term), CATALOG.negation) is True


@pytest.mark.parametrize(("sentence", "term"), CATALOG.negation.not_negated)
def test_not_negated_examples_are_not(sentence: str, term: str) -> None:
    start = sentence.index(term)
    assert negated(sentence, start, start + len(term), CATALOG.negation) is False


@pytest.mark.parametrize(
    ("sentence", "field", "answers"),
    [
        # Roth deferrals called after-tax: a Roth source, and no after-tax source.
        ("Contributions may be made as before-tax or Roth after-tax contributions.", "contributions.after_tax.allowed", set()),
        ("Contributions may be made as before-tax or Roth after-tax contributions.", "contributions.roth", {True}),
        ("The Plan does not permit voluntary after-tax contributions.", "contributions.after_tax.allowed", {False}),
        ("After-tax contributions are not matched.", "contributions.after_tax.allowed", {True}),
        ("No in-plan Roth rollovers are available.", "conversion.in_plan.available", {False}),
        (
            "The Plan permits in-plan Roth conversions but does not permit in-service withdrawals of after-tax money.",
            "conversion.in_plan.available",
            {True},
        ),
        (
            "The Plan permits in-plan Roth conversions but does not permit in-service withdrawals of after-tax money.",
            "conversion.in_service.available",
            {False},
        ),
        ("You may withdraw from your after-tax account one time in any six-consecutive-month period.",
         "conversion.in_service.per_year", {2}),  # fmt: skip
        ("Effective 1993, participants could no longer make post-1986 after-tax contributions.",
         "contributions.after_tax.allowed", {False}),  # fmt: skip
    ],
)
def test_whole_sentences_answer_as_a_reader_would(sentence: str, field: str, answers: set) -> None:
    (question,) = [question for question in CATALOG.questions if question.field == field]
    assert {hit.answer for hit in hits(question, plain(sentence), CATALOG.negation)} == answers


def _write(folder: Path, name: str, text: str) -> None:
    (folder / name).write_text(text, encoding="utf-8")


def test_a_pattern_without_its_test_sentences_is_refused(tmp_path: Path) -> None:
    _write(tmp_path, "q.yaml", "questions:\n  - field: contributions.roth\n    kind: yes_no\n    look_for: Roth\n"
           "    patterns:\n      - {id: roth, regex: 'roth', answer: true, matches: ['roth']}\n")  # fmt: skip
    with pytest.raises(PhraseCatalogError, match=r"^q.yaml: questions/0/patterns/0: 'does_not_match' is a required property$"):
        load_catalog(tmp_path)


def test_a_regex_that_does_not_compile_is_named(tmp_path: Path) -> None:
    _write(tmp_path, "q.yaml", "questions:\n  - field: contributions.roth\n    kind: yes_no\n    look_for: Roth\n"
           "    patterns:\n      - {id: roth, regex: 'roth(', answer: true, matches: ['roth'], does_not_match: [x]}\n")  # fmt: skip
    with pytest.raises(PhraseCatalogError, match=r"^q.yaml: contributions.roth roth: the regular expression 'roth\(' does not compile"):
        load_catalog(tmp_path)


def test_a_count_answer_on_a_yes_no_question_is_refused(tmp_path: Path) -> None:
    _write(tmp_path, "q.yaml", "questions:\n  - field: contributions.roth\n    kind: yes_no\n    look_for: Roth\n"
           "    patterns:\n      - {id: roth, regex: 'roth', answer: 2, matches: ['roth'], does_not_match: [x]}\n")  # fmt: skip
    with pytest.raises(PhraseCatalogError, match=r"answer 2 is not a yes_no answer"):
        load_catalog(tmp_path)
