"""PDF documents: the text layer read with pypdf, cited by printed page; a PDF without text is one clear message.

The PDFs are drawn here with fpdf2 from sentences written for the tests, so what each page holds is known.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from fpdf import FPDF
from PIL import Image

from megaroth.cli import main
from megaroth.engine.decode.decoder import DocumentError, decode, read_document

PAGES = [
    "Alder Works 401(k) Plan\nThis summary describes the Plan for the Plan Year 2026.\n\n"
    "VISION CARE\nEye examinations are covered once every twelve months. Frames and lenses are covered up to a "
    "yearly allowance set by the vision carrier.",
    "YOUR SAVINGS\nYou may save through pre-tax contributions. The Plan also accepts voluntary after-tax "
    "contributions of up to 15% of pay.\n\nCONVERSION\nNo in-plan Roth rollovers are available.",
]


def _pdf(path: Path, pages: list[str], footers: bool = True, **encryption: str) -> Path:
    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    if encryption:
        pdf.set_encryption(**encryption)
    for number, text in enumerate(pages, start=1):
        pdf.add_page()
        pdf.set_auto_page_break(True, margin=20)
        pdf.multi_cell(0, 6, text)
        if footers:
            pdf.set_auto_page_break(False)  # the footer goes in the bottom margin, not on a page of its own
            pdf.set_y(-20)
            pdf.cell(0, 10, f"Page {number} of {len(pages)}", align="C")
    pdf.output(str(path))
    return path


def test_a_pdf_is_answered_with_its_printed_page(tmp_path: Path) -> None:
    decoded = decode([read_document(str(_pdf(tmp_path / "spd.pdf", PAGES)))])
    after_tax = decoded.answers["contributions.after_tax.allowed"]
    assert after_tax.value is True
    assert [(item.page, item.text) for item in after_tax.evidence] == [
        (2, "The Plan also accepts voluntary after-tax contributions of up to 15% of pay.")
    ]
    in_plan = decoded.answers["conversion.in_plan.available"]
    assert (in_plan.value, in_plan.evidence[0].page) == (False, 2)
    assert decoded.name is not None and decoded.name[0] == "Alder Works 401(k) Plan"
    assert decoded.year is not None and decoded.year[0] == 2026


def test_without_printed_footers_the_viewer_page_is_cited(tmp_path: Path) -> None:
    decoded = decode([read_document(str(_pdf(tmp_path / "spd.pdf", PAGES, footers=False)))])
    assert [item.page for item in decoded.answers["contributions.pretax"].evidence] == [2]


def test_a_decoded_pdf_checks(tmp_path: Path) -> None:
    draft = tmp_path / "plan.yaml"
    runner = CliRunner()
    assert runner.invoke(main, ["decode", str(_pdf(tmp_path / "spd.pdf", PAGES)), "-o", str(draft)]).exit_code == 0
    checked = runner.invoke(main, ["check", str(draft), "-f", "json"])
    (result,) = json.loads(checked.stdout)["files"]
    # After-tax allowed, no in-plan Roth rollover, in-service withdrawals not mentioned: whether the money can
    # reach Roth while working is unknown, MBR109 (an error whose verdict is undetermined), never a guess.
    assert result["verdict"] == "undetermined"
    assert "MBR109" in {finding["rule"] for finding in result["findings"]}


def _scanned(path: Path) -> Path:
    image = path.with_suffix(".png")
    Image.new("RGB", (200, 100), "white").save(image)
    pdf = FPDF()
    pdf.add_page()
    pdf.image(str(image), x=10, y=10, w=100)
    pdf.output(str(path))
    return path


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (_scanned, "the PDF has no text layer (a scanned document?): run OCR first, e.g. ocrmypdf IN.pdf OUT.pdf"),
        (lambda path: _pdf(path, PAGES, owner_password="owner", user_password="secret"),
         "an encrypted PDF: decrypt it first (e.g. qpdf --decrypt IN.pdf OUT.pdf)"),
    ],  # fmt: skip
)
def test_a_pdf_without_readable_text_is_one_clear_message(tmp_path: Path, make, message: str) -> None:
    path = make(tmp_path / "doc.pdf")
    with pytest.raises(DocumentError) as raised:
        read_document(str(path))
    assert str(raised.value) == f"{path}: {message}"
    done = CliRunner().invoke(main, ["decode", str(path), "--year", "2026"])
    assert (done.exit_code, done.stdout, done.stderr) == (2, "", f"megaroth: {path}: {message}\n")


def test_a_broken_pdf_is_one_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\n%%EOF garbage")
    done = CliRunner().invoke(main, ["decode", str(path), "--year", "2026"])
    assert done.exit_code == 2 and done.stdout == ""
    assert done.stderr.startswith(f"megaroth: {path}: not a readable PDF (")
    assert len(done.stderr.splitlines()) == 1


def test_a_document_past_the_size_bound_is_refused_unread(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _pdf(tmp_path / "spd.pdf", PAGES)
    monkeypatch.setenv("MEGAROTH_MAX_DOCUMENT_BYTES", "100")
    with pytest.raises(DocumentError, match=r"spd\.pdf: larger than 100 bytes \(MEGAROTH_MAX_DOCUMENT_BYTES\)$"):
        read_document(str(path))


WILLOW = Path(__file__).parent / "corpus" / "willow-two-column-spd.pdf"


def test_a_two_column_pdf_is_read_column_by_column_and_cited_by_its_printed_page() -> None:
    decoded = decode([read_document(str(WILLOW))])
    (after_tax,) = decoded.answers["contributions.after_tax.allowed"].evidence
    # The sentence runs from the foot of the left column ("also make voluntary after-tax") into the right
    # ("contributions of up to 20% of / your pay."): one sentence, in reading order. It is on the PDF's third
    # page, printed "Page 2 of 3" (the cover has no footer): the printed page is cited.
    assert (after_tax.page, after_tax.text) == (
        2, "Beyond the annual deferral limit you may also make voluntary after-tax contributions of up to 20% of your pay."
    )  # fmt: skip
    (pretax,) = decoded.answers["contributions.pretax"].evidence
    # "contribu-" / "tions" and "contri-" / "butions" are joined.
    assert pretax.text == "You may save from 1% to 50% of your pay as pre-tax contributions, as Roth 401(k) contributions, or both."
    (twice,) = decoded.answers["conversion.in_service.per_year"].evidence
    assert (decoded.answers["conversion.in_service.per_year"].value, twice.page) == (2, 3)
    assert twice.text == "You may withdraw your after-tax account for any reason one time in any six-consecutive-month period."


def test_a_two_column_pdfs_running_header_and_footers_are_no_sentences() -> None:
    document = read_document(str(WILLOW))
    texts = [sentence.text for sentence in document.sentences]
    assert not any("Summary Plan Description" in text and "Willow Creek Foods 401(k) Plan -" in text for text in texts)
    assert not any(text.startswith("Page ") for text in texts)
    # The right column's heading follows the left column's last sentence, never interleaved with it.
    assert texts.index("DENTAL COVERAGE") == texts.index("Keep it with your other benefit papers.") + 1


def test_a_document_past_the_size_bound_is_one_message_and_exit_2(tmp_path: Path) -> None:
    path = _pdf(tmp_path / "spd.pdf", PAGES)
    done = CliRunner(env={"MEGAROTH_MAX_DOCUMENT_BYTES": "100"}).invoke(main, ["decode", str(path)])
    assert (done.exit_code, done.stdout, done.stderr) == (
        2, "", f"megaroth: {path}: larger than 100 bytes (MEGAROTH_MAX_DOCUMENT_BYTES)\n"
    )  # fmt: skip


def _claiming(path: Path, count: int) -> Path:
    """The 2-page SPD with its page tree's /Count rewritten to ``count`` (a file's own claim, true or not)."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, NumberObject

    writer = PdfWriter(clone_from=PdfReader(str(_pdf(path, PAGES))))
    writer._root_object["/Pages"].get_object()[NameObject("/Count")] = NumberObject(count)
    writer.write(str(path))
    return path


def test_a_pdf_past_the_page_bound_is_refused_before_its_pages_are_read(tmp_path: Path) -> None:
    # A page tree that says it holds 100,000 pages is refused on its word: no page is walked or read.
    path = _claiming(tmp_path / "huge.pdf", 100_000)
    done = CliRunner().invoke(main, ["decode", str(path)])
    assert (done.exit_code, done.stdout, done.stderr) == (
        2, "", f"megaroth: {path}: a PDF of 100,000 pages: more than 1,000 (MEGAROTH_MAX_DOCUMENT_PAGES)\n"
    )  # fmt: skip


def test_a_page_tree_that_understates_its_pages_is_counted_by_walking_it(tmp_path: Path) -> None:
    path = _claiming(tmp_path / "spd.pdf", 1)  # two pages in the tree, a /Count of 1
    done = CliRunner(env={"MEGAROTH_MAX_DOCUMENT_PAGES": "1"}).invoke(main, ["decode", str(path)])
    assert (done.exit_code, done.stderr) == (2, f"megaroth: {path}: a PDF of 2 pages: more than 1 (MEGAROTH_MAX_DOCUMENT_PAGES)\n")
    within = CliRunner(env={"MEGAROTH_MAX_DOCUMENT_PAGES": "2"}).invoke(main, ["decode", str(path)])
    assert within.exit_code == 0


def test_a_page_bound_that_is_no_number_is_one_message(tmp_path: Path) -> None:
    path = _pdf(tmp_path / "spd.pdf", PAGES)
    done = CliRunner(env={"MEGAROTH_MAX_DOCUMENT_PAGES": "many"}).invoke(main, ["decode", str(path)])
    assert (done.exit_code, done.stderr) == (
        2, f"megaroth: {path}: MEGAROTH_MAX_DOCUMENT_PAGES must be a whole number from 1 to 1,000,000, not 'many'\n"
    )  # fmt: skip


def test_a_truncated_pdf_gives_decodes_message_alone_not_pypdfs_log_line(tmp_path: Path) -> None:
    # A file cut off after its header: pypdf logs "EOF marker not found" through logging before it fails; the
    # user sees decode's one message (issue 12: one clear message each), nothing of the library's own.
    path = tmp_path / "cut.pdf"
    path.write_bytes(b"%PDF-1.4 broken")
    done = CliRunner().invoke(main, ["decode", str(path), "--year", "2026"])
    assert done.exit_code == 2 and done.stdout == ""
    assert done.stderr == f"megaroth: {path}: not a readable PDF (PdfStreamError: Stream has ended unexpectedly)\n"
