"""A fillable PDF's form fields read before its text layer: ticks decide, typed values fill their blanks.

The agreement is tests/decode/corpus/oak-fillable-adoption.pdf, drawn by make_corpus.py; the small PDFs here
are drawn with fpdf2 and given fields with pypdf the same way.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from fpdf import FPDF
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, TextStringObject

from megaroth.engine.decode.decoder import UNKNOWN, decode, read_document
from megaroth.engine.decode.forms import Fragment, Widget, merge
from megaroth.engine.decode.pdf import pdf_text
from tests.decode.make_corpus import CORPUS, DOCUMENTS, HEIGHT, SAMPLE_DOCUMENTS, SAMPLES, _appearance, _widget

OAK = CORPUS / "oak-fillable-adoption.pdf"


def test_the_committed_corpus_and_sample_documents_read_as_what_make_corpus_draws(tmp_path: Path) -> None:
    # Compared as read (text and form fields), not byte for byte: a new fpdf2, pypdf or python-docx may
    # write the same document with other bytes.
    for folder, documents in ((CORPUS, DOCUMENTS), (SAMPLES, SAMPLE_DOCUMENTS)):
        for name, make in documents.items():
            drawn = tmp_path / name
            drawn.write_bytes(make())
            committed, fresh = read_document(str(folder / name)), read_document(str(drawn))
            assert committed.lines == fresh.lines, f"{folder / name}: run tests/decode/make_corpus.py and review"


def test_the_ticked_option_and_the_typed_cap_are_read_from_the_fields_with_their_names_and_page() -> None:
    decoded = decode([read_document(str(OAK))])
    after_tax = decoded.answers["contributions.after_tax.allowed"]
    assert after_tax.value is True
    texts = [(item.page, item.text) for item in after_tax.evidence]
    # The "15" typed into section 6's cap box fills the blank of the line it sits on; the box's name is quoted.
    assert (1, "[form field after_tax.cap] After-tax contributions may not exceed 15% of compensation.") in texts
    assert (1, "[X] [form field after_tax.permitted] The Plan permits voluntary after-tax contributions.") in texts
    # The unticked "does not permit" option says nothing: no contradiction.
    assert not any("does not permit" in text for _, text in texts)
    assert decoded.findings == []
    # Section 7 is a radio group (one field, "irr"): its chosen option answers, the other says nothing.
    in_plan = decoded.answers["conversion.in_plan.available"]
    assert (in_plan.value, in_plan.evidence[-1].text) == (
        True, "[X] [form field irr] In-plan Roth rollovers are available from any vested account."
    )  # fmt: skip
    assert decoded.answers["conversion.in_service.per_year"].value == 2  # "twice per calendar year", ticked


def _without_fields(data: bytes) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(BytesIO(data)))
    for page in writer.pages:
        del page["/Annots"]
    del writer._root_object["/AcroForm"]
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def test_read_as_text_only_the_same_agreement_states_both_options_and_loses_the_cap(tmp_path: Path) -> None:
    # Why the fields come first: the text layer prints every option, ticked or not, and the blank.
    path = tmp_path / "oak-text-only.pdf"
    path.write_bytes(_without_fields(OAK.read_bytes()))
    assert "may not exceed ______ % of compensation." in pdf_text(path.read_bytes())
    decoded = decode([read_document(str(path))])
    assert decoded.answers["contributions.after_tax.allowed"].value == UNKNOWN
    # Both options of sections 6, 7 and 8 read as statements: each group contradicts itself.
    assert [(finding.kind, finding.message.split(":")[0]) for finding in decoded.findings] == [
        ("contradiction", "contributions.after_tax.allowed"),
        ("contradiction", "conversion.in_plan.available"),
        ("contradiction", "conversion.in_service.per_year"),
    ]


def _form(rows: list[str], fields: list[DictionaryObject]) -> bytes:
    """A page with ``rows`` of text at 72 pt from the left, 18 pt apart from the top, and ``fields`` on it."""
    pdf = FPDF(unit="pt", format="letter")
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    for number, row in enumerate(rows):
        pdf.text(90, 72 + 18 * number, row)
    writer = PdfWriter(clone_from=PdfReader(BytesIO(bytes(pdf.output()))))
    refs = ArrayObject(writer._add_object(field) for field in fields)
    writer.pages[0][NameObject("/Annots")] = refs
    writer._root_object[NameObject("/AcroForm")] = DictionaryObject({NameObject("/Fields"): refs})
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def _box_at(row: int, name: str, ticked: bool, writer_for_ap: PdfWriter, **entries: object) -> DictionaryObject:
    state = NameObject("/On" if ticked else "/Off")
    rect = (72, HEIGHT - 72 - 18 * row - 1, 82, HEIGHT - 72 - 18 * row + 9)
    return _widget(rect, FT=NameObject("/Btn"), T=TextStringObject(name), V=state, AS=state,
                   AP=_appearance(writer_for_ap), **entries)  # fmt: skip


def test_a_printed_box_glyph_gives_way_to_the_fields_state_and_a_name_never_negates() -> None:
    scratch = PdfWriter()
    data = _form(
        ["[ ] Participants may make voluntary after-tax contributions."],
        [_box_at(0, "not permitted", True, scratch)],  # a name with a negation cue in it
    )
    text = pdf_text(data)
    assert text.splitlines()[0] == "[X] [form field not permitted] Participants may make voluntary after-tax contributions."
    # "not permitted" is the box's name, quoted for the analyst, never read as a negation of the option.
    assert _after_tax(text) is True


def _after_tax(text: str) -> object:
    from megaroth.engine.decode.decoder import Document
    from megaroth.engine.decode.sentences import sentences

    document = Document(name="form.pdf", sentences=tuple(sentences(text)), lines=tuple(text.splitlines()))
    return decode([document]).answers["contributions.after_tax.allowed"].value


def test_hidden_widgets_pushbuttons_and_empty_text_fields_say_nothing() -> None:
    scratch = PdfWriter()
    hidden = _box_at(0, "hidden", True, scratch)
    hidden[NameObject("/F")] = NumberObject(2 | 4)
    push = _box_at(1, "print", True, scratch, Ff=NumberObject(1 << 16))
    empty = _widget((300, HEIGHT - 72 - 36 - 3, 340, HEIGHT - 72 - 36 + 9), FT=NameObject("/Tx"), T=TextStringObject("cap"))
    data = _form(["Option one applies.", "Option two applies.", "The cap is ______ % of pay."], [hidden, push, empty])
    assert pdf_text(data).splitlines()[:3] == ["Option one applies.", "Option two applies.", "The cap is ______ % of pay."]


def test_a_field_on_a_row_without_text_is_written_at_the_top_of_its_page_by_its_tooltip() -> None:
    boxed = Widget("sec6.opt2", "The Plan permits voluntary after-tax contributions", True, True, None, (72, 500, 82, 510))
    typed = Widget("sec6.cap", "After-tax cap (% of compensation)", False, False, "15", (300, 480, 340, 492))
    merged = merge("Page text far away.", [boxed, typed], [Fragment(72, 700, "Page text far away.")])
    assert merged.splitlines() == [
        "[X] [form field sec6.opt2] The Plan permits voluntary after-tax contributions",
        "",
        "[form field sec6.cap] After-tax cap (% of compensation): 15",
        "",
        "Page text far away.",
    ]


def test_a_typed_value_with_no_blank_goes_where_its_box_sits_on_the_line() -> None:
    typed = Widget("cap", None, False, False, "10", (200, 498, 230, 510))
    row = [Fragment(72, 500, "Capped at"), Fragment(240, 500, "percent of pay.")]
    assert merge("Capped at percent of pay.", [typed], row) == "[form field cap] Capped at 10 percent of pay."


def test_two_options_worded_alike_each_get_their_own_box() -> None:
    # Sections 7 and 8 both offer "Not permitted."; only section 8's is ticked. Found by the first line that
    # holds the words, section 7's line would get both boxes and section 8's none (read as a statement).
    seven = Widget("s7.no", None, True, False, None, (72, 600, 82, 610))
    eight = Widget("s8.no", None, True, True, None, (72, 560, 82, 570))
    fragments = [Fragment(72, 622, "7. IN-PLAN ROTH ROLLOVERS"), Fragment(90, 602, "Not permitted."),
                 Fragment(72, 582, "8. WITHDRAWALS"), Fragment(90, 562, "Not permitted.")]  # fmt: skip
    text = "7. IN-PLAN ROTH ROLLOVERS\nNot permitted.\n8. WITHDRAWALS\nNot permitted."
    assert merge(text, [seven, eight], fragments).splitlines() == [
        "7. IN-PLAN ROTH ROLLOVERS",
        "[ ] [form field s7.no] Not permitted.",
        "8. WITHDRAWALS",
        "[X] [form field s8.no] Not permitted.",
    ]


def test_a_page_of_thousands_of_fields_is_refused_with_one_message(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from megaroth.cli import main

    scratch = PdfWriter()
    path = tmp_path / "form.pdf"
    path.write_bytes(_form(["Option one applies."], [_box_at(0, f"box{number}", True, scratch) for number in range(1_001)]))
    done = CliRunner().invoke(main, ["decode", str(path)])
    assert (done.exit_code, done.stdout, done.stderr) == (
        2, "", f"megaroth: {path}: a page with 1,001 annotations (form fields, links): more than 1,000\n"
    )  # fmt: skip
