"""benchmarks/decode_speed.py times an SPD it builds: that SPD must decode to the answers it was built with."""

from __future__ import annotations

from pathlib import Path

from benchmarks.decode_speed import spd_text
from megaroth.engine.decode.decoder import UNKNOWN, decode, read_document


def test_the_benchmarks_spd_decodes_to_its_answers_on_their_pages(tmp_path: Path) -> None:
    path = tmp_path / "spd.txt"
    path.write_text(spd_text(80), encoding="utf-8")
    answers = decode([read_document(str(path))]).answers
    found = {field: (answer.value, sorted({item.page for item in answer.evidence})) for field, answer in answers.items()
             if answer.value != UNKNOWN}  # fmt: skip
    # The answers sit on pages 23, 41 and 67 (benchmarks/decode_speed.py ANSWERS); "once per calendar year" is 1.
    # Every other field the catalog asks is unknown: the filler pages answer nothing.
    assert found == {
        "contributions.pretax": (True, [23]),
        "contributions.roth": (True, [23]),
        "contributions.after_tax.allowed": (True, [23]),
        "contributions.after_tax.max_percent": (10, [23]),  # "after-tax contributions of up to 10% of pay"
        "contributions.after_tax.wording": ("voluntary after-tax contributions", [23]),
        "conversion.in_plan.available": (True, [41]),
        "conversion.in_service.available": (True, [67]),
        "conversion.in_service.per_year": (1, [67]),
    }


def test_the_benchmarks_pdf_has_80_pages_and_the_same_answers_on_their_printed_pages(tmp_path: Path) -> None:
    from pypdf import PdfReader

    from benchmarks.decode_speed import spd_pdf

    path = spd_pdf(tmp_path / "spd.pdf")
    assert len(PdfReader(str(path)).pages) == 80  # each footer on its page, none on a page of its own
    answers = decode([read_document(str(path))]).answers
    pages = {field: sorted({item.page for item in answer.evidence}) for field, answer in answers.items()}
    assert pages["contributions.after_tax.allowed"] == [23] and pages["conversion.in_service.per_year"] == [67]
    assert answers["conversion.in_service.per_year"].value == 1


def test_the_benchmarks_docx_has_the_same_answers(tmp_path: Path) -> None:
    from benchmarks.decode_speed import spd_docx

    answers = decode([read_document(str(spd_docx(tmp_path / "spd.docx")))]).answers
    # The same answers as the text SPD's (decode_speed.ANSWERS); every other field is unknown.
    assert {field: answer.value for field, answer in answers.items() if answer.value != UNKNOWN} == {
        "contributions.pretax": True,
        "contributions.roth": True,
        "contributions.after_tax.allowed": True,
        "contributions.after_tax.max_percent": 10,  # "after-tax contributions of up to 10% of pay"
        "contributions.after_tax.wording": "voluntary after-tax contributions",
        "conversion.in_plan.available": True,
        "conversion.in_service.available": True,
        "conversion.in_service.per_year": 1,  # "once per calendar year"
    }
