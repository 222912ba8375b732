"""Word .docx documents: paragraphs and table rows in order, checkboxes kept, cited by paragraph number.

The agreement is tests/decode/corpus/hazel-adoption.docx, drawn by make_corpus.py; the others are written
here with python-docx.
"""

from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from megaroth.cli import main
from megaroth.engine.decode.decoder import UNKNOWN, decode, read_document
from megaroth.engine.decode.docx import docx_text

HAZEL = Path(__file__).parent / "corpus" / "hazel-adoption.docx"


def test_paragraphs_and_table_rows_come_in_order_with_their_boxes() -> None:
    text, numbers = docx_text(HAZEL.read_bytes(), 10_000_000)
    lines = [line for line in text.splitlines() if line]
    assert lines[4:9] == [
        # Section 5's table: the ☒ in a cell of its own stands before the option in the next cell.
        "☒ Participants may make pre-tax elective deferrals.",
        "☒ Participants may make designated Roth contributions.",
        "6. AFTER-TAX CONTRIBUTIONS (select one)",
        # Checkbox content controls: w14:checked decides, not the glyph the control shows (stale on purpose).
        "☐ The Plan does not permit voluntary after-tax contributions.",
        "☒ The Plan permits voluntary after-tax contributions of up to 12% of compensation.",
    ]
    # Wingdings boxes (w:sym F0A8 empty, F0FE ticked); a feature table's "No" cell is the row's empty box;
    # the tracked deletion ("twice per calendar year") is not read.
    assert lines[10:] == [
        "☐ No in-plan Roth rollovers are available.",
        "☒ In-plan Roth rollovers are available from any vested account.",
        "8. IN-SERVICE WITHDRAWALS OF AFTER-TAX CONTRIBUTIONS",
        "☐ Participants may withdraw their after-tax account at any time.",
    ]
    assert "twice" not in text
    # Each line is cited by its paragraph's number, a table row counting as one: 15 blocks, the last (the
    # paragraph holding only the deletion) empty and left out.
    assert sorted(set(numbers)) == list(range(1, 15))


def test_a_docx_answer_cites_its_paragraph_and_an_unticked_option_says_nothing() -> None:
    decoded = decode([read_document(str(HAZEL))])
    after_tax = decoded.answers["contributions.after_tax.allowed"]
    assert (after_tax.value, [(item.line, item.page) for item in after_tax.evidence]) == (True, [(9, None)])
    assert decoded.findings == []
    assert decoded.answers["conversion.in_service.available"].value == UNKNOWN
    assert decoded.name is not None and decoded.name[0] == "Hazel Street Bakery 401(k) Plan"


def _saved(document: docx.document.Document) -> bytes:
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_merged_cell_is_read_once_and_a_cells_own_table_in_its_place() -> None:
    document = docx.Document()
    table = document.add_table(rows=1, cols=3)
    row = table.rows[0].cells
    row[0].text = "Sources"
    merged = row[1].merge(row[2])
    merged.text = "Pre-tax and Roth contributions."
    inner = merged.add_table(rows=1, cols=1)
    inner.rows[0].cells[0].text = "Voluntary after-tax contributions."
    document.add_paragraph("After the table.")
    text, _ = docx_text(_saved(document), 10_000_000)
    assert [line for line in text.splitlines() if line] == [
        "Sources | Pre-tax and Roth contributions. Voluntary after-tax contributions.",
        "After the table.",
    ]


def _not_word(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("word/readme.txt", "a zip whose name says word/, without a Word document in it")
    return path


def _truncated(path: Path) -> Path:
    path.write_bytes(HAZEL.read_bytes()[:4000])
    return path


def _bomb(path: Path) -> Path:
    # 2 MB of one repeated byte deflates to about 2 KB: past a 1 MB bound once expanded, far under it as a file.
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("word/document.xml", b"<" * 2_000_000)
    return path


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (_not_word, "not a Word .docx document (a zip without word/document.xml)"),
        (_truncated, "not a readable .docx (BadZipFile)"),
        (_bomb, "a .docx that expands to 2,000,000 bytes, more than 1,000,000 (MEGAROTH_MAX_DOCUMENT_BYTES)"),
    ],
)
def test_a_docx_that_cannot_be_read_is_one_clear_message(tmp_path: Path, make, message: str) -> None:
    path = make(tmp_path / "agreement.docx")
    done = CliRunner(env={"MEGAROTH_MAX_DOCUMENT_BYTES": "1000000"}).invoke(main, ["decode", str(path), "--year", "2026"])
    assert (done.exit_code, done.stdout, done.stderr) == (2, "", f"megaroth: {path}: {message}\n")
