"""Decode scored against a corpus of plan documents written for the tests, each with the answers a reader finds.

The bar (issue 12): no wrong yes/no or count — a wrong answer is worse than unknown — and at least 90% of the
answers the documents state found. The score per field is printed (as `python -m benchmarks.decode_accuracy` prints it).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from benchmarks.decode_accuracy import answers, score
from megaroth.engine.decode.decoder import UNKNOWN, decode, read_text_document

CORPUS = Path(__file__).parent / "corpus"
EXPECTED = yaml.safe_load((CORPUS / "expected.yaml").read_text(encoding="utf-8"))


def _decoded(name: str) -> dict:
    return answers(CORPUS / name)


def test_every_corpus_document_has_expected_answers_for_every_field() -> None:
    assert sorted(EXPECTED) == sorted(path.name for path in CORPUS.iterdir() if path.suffix in {".txt", ".html", ".pdf", ".docx"})
    fields = {field for answers in (_decoded(name) for name in EXPECTED) for field in answers}
    for name, expected in EXPECTED.items():
        assert set(expected) == fields, name


def test_no_wrong_answer_and_nine_in_ten_stated_answers_found(capsys: pytest.CaptureFixture[str]) -> None:
    result = score(CORPUS)  # benchmarks/decode_accuracy.py: python -m benchmarks.decode_accuracy prints the same
    with capsys.disabled():
        print("\n" + "\n".join(result.lines()))
    assert result.wrong == []
    assert sum(result.right.values()) >= 0.9 * sum(result.stated.values())


def test_the_spd_with_running_footers_cites_the_printed_page_and_the_line() -> None:
    decoded = decode([read_text_document(str(CORPUS / "harbor-spd.txt"))])
    after_tax = decoded.answers["contributions.after_tax.allowed"].evidence
    # The source listed on page 2, and "After-tax contributions are not matched." (a mention, not a negation) on page 3.
    assert [(item.page, item.line) for item in after_tax] == [(2, 21), (3, 28)]
    assert after_tax[0].text.startswith("- Voluntary after-tax contributions let you save beyond the annual deferral limit;")
    (in_plan,) = decoded.answers["conversion.in_plan.available"].evidence
    # "conver-" / "sions" at the line break is read as one word; the sentence starts on line 34, page 3.
    assert (in_plan.page, in_plan.line) == (3, 34)
    assert in_plan.text == "The Plan permits in-plan Roth conversions of your after-tax account at any time."
    (twice,) = decoded.answers["conversion.in_service.per_year"].evidence
    assert (twice.page, twice.line) == (4, 42)
    assert decoded.name is not None and decoded.name[0] == "Harborview Logistics 401(k) Savings Plan"
    assert decoded.year is not None and decoded.year[0] == 2026


def test_documents_that_contradict_each_other_leave_the_field_unknown_with_a_finding_naming_both() -> None:
    decoded = decode([read_text_document(str(CORPUS / "birch-contradicting.txt"))])
    assert decoded.answers["contributions.after_tax.allowed"].value == UNKNOWN
    (finding,) = decoded.findings
    assert (finding.rule, finding.kind, finding.severity) == ("MBR507", "contradiction", "error")
    assert [(item.line, item.page) for item in finding.evidence] == [(3, None), (6, None)]
    assert finding.message == (
        "contributions.after_tax.allowed: the documents answer it two ways: "
        f"yes ({CORPUS / 'birch-contradicting.txt'} line 3) and no ({CORPUS / 'birch-contradicting.txt'} line 6); "
        "left unknown until an analyst settles it"
    )


def test_after_tax_wording_found_only_as_roth_is_a_finding_not_an_answer() -> None:
    decoded = decode([read_text_document(str(CORPUS / "roth-only-summary.txt"))])
    assert decoded.answers["contributions.after_tax.allowed"].value == UNKNOWN
    (finding,) = decoded.findings
    assert (finding.rule, finding.kind, finding.severity) == ("MBR501", "roth_called_after_tax", "warning")
    assert finding.message == (
        "contributions.after_tax.allowed: the documents use after-tax wording only for Roth deferrals "
        '("Roth after-tax"): no after-tax (non-Roth) source is named, so whether the plan has one is unknown; '
        "ask the plan administrator"
    )
    # Lines 6 and 7 of the summary: "...as Roth after-tax contributions, or both..." and "Roth after-tax
    # contributions are made from pay after income tax is withheld...".
    assert [item.line for item in finding.evidence] == [6, 7]


def test_a_document_that_names_a_real_after_tax_source_beside_roth_after_tax_has_no_such_finding(tmp_path: Path) -> None:
    path = tmp_path / "three-sources.txt"
    path.write_text("Sources. You may save as before-tax, Roth after-tax and regular after-tax contributions.\n")
    decoded = decode([read_text_document(str(path))])
    assert decoded.answers["contributions.after_tax.allowed"].value is True
    assert decoded.findings == []


def test_an_adoption_agreements_election_outranks_spd_prose_and_the_contradiction_is_a_finding() -> None:
    spd, agreement = str(CORPUS / "harbor-spd.txt"), str(CORPUS / "cedar-adoption.txt")
    decoded = decode([read_text_document(spd), read_text_document(agreement)])
    after_tax = decoded.answers["contributions.after_tax.allowed"]
    # Cedar's agreement, section 5 (line 8): "The Plan does not permit voluntary after-tax contributions."
    assert (after_tax.value, [(item.document, item.line) for item in after_tax.evidence]) == (False, [(agreement, 8)])
    assert [finding.message for finding in decoded.findings] == [
        "contributions.after_tax.allowed: the documents answer it two ways: "
        f"yes ({spd} page 2, line 21) and no ({agreement} line 8); the adoption agreement's election (no) is taken",
        "conversion.in_plan.available: the documents answer it two ways: "
        f"yes ({spd} page 3, line 34) and no ({agreement} line 11); the adoption agreement's election (no) is taken",
    ]
    assert decoded.answers["contributions.roth"].value is True  # both say so: no finding


def test_two_spds_that_disagree_leave_the_field_unknown() -> None:
    one, other = str(CORPUS / "harbor-spd.txt"), str(CORPUS / "maple-legacy-spd.txt")
    decoded = decode([read_text_document(one), read_text_document(other)])
    assert decoded.answers["contributions.after_tax.allowed"].value == UNKNOWN
    # Two contradictions (MBR507), and Maple's frozen post-1986 source (MBR503, its line 9).
    assert [(finding.rule, finding.message.split(":")[0]) for finding in decoded.findings] == [
        ("MBR507", "contributions.after_tax.allowed"),
        ("MBR507", "conversion.in_service.available"),
        ("MBR503", "the documents describe an after-tax source closed to new contributions"),
    ]
    assert (decoded.findings[2].evidence[0].document, decoded.findings[2].evidence[0].line) == (other, 9)


def test_a_closed_list_of_sources_without_after_tax_is_false_with_that_list_as_the_evidence() -> None:
    document = str(CORPUS / "elm-closed-sources.txt")
    decoded = decode([read_text_document(document)])
    after_tax = decoded.answers["contributions.after_tax.allowed"]
    # Page 2, line 10: "The Plan has only the following sources: pre-tax contributions, Roth 401(k) contributions
    # and company matching contributions." (the sentence starts on line 10 and runs onto line 11).
    assert after_tax.value is False
    assert [(item.page, item.line) for item in after_tax.evidence] == [(2, 10)]
    assert after_tax.evidence[0].text.startswith("The Plan has only the following sources: pre-tax contributions,")
    # The same list names Roth: it answers Roth yes, not no.
    assert decoded.answers["contributions.roth"].value is True
    # Page 3: the rollover only from age 59½ (MBR502, line 22) and only by phone (MBR505, line 23).
    assert [(finding.rule, finding.evidence[0].page, finding.evidence[0].line) for finding in decoded.findings] == [
        ("MBR502", 3, 22),
        ("MBR505", 3, 23),
    ]


@pytest.mark.parametrize(
    ("text", "after_tax"),
    [
        # A list of what the plan has, not said to be all of it: silence, so unknown.
        ("Sources. The Plan has the following sources: pre-tax contributions and Roth contributions.", UNKNOWN),
        ("Saving. You may make pre-tax and Roth contributions through payroll deduction.", UNKNOWN),
        # Closed lists, each without after-tax: no.
        ("Saving. The only contributions you may make are pre-tax and Roth contributions.", False),
        ("Saving. You may make pre-tax and Roth contributions; no other employee contributions are permitted.", False),
        # A closed list of the employer's contributions says nothing about the employee's.
        ("Company money. The only employer contributions are matching contributions on your pre-tax savings.", UNKNOWN),
        # Roth deferrals called after-tax in a closed list: still no after-tax (non-Roth) source.
        ("Saving. The only contributions you may make are before-tax and Roth after-tax contributions.", False),
        # A closed list that names an after-tax source answers yes.
        ("Sources. The Plan has only the following sources: pre-tax, Roth and voluntary after-tax contributions.", True),
    ],
)
def test_only_a_closed_list_turns_silence_about_after_tax_into_no(tmp_path: Path, text: str, after_tax) -> None:
    path = tmp_path / "sources.txt"
    path.write_text(text + "\n", encoding="utf-8")
    assert decode([read_text_document(str(path))]).answers["contributions.after_tax.allowed"].value == after_tax
