"""Draws the corpus's PDF and Word documents (tests/decode/corpus/*.pdf, *.docx) and the README's sample
documents (samples/documents/), the same on every run.

    .venv/bin/python tests/decode/make_corpus.py      # rewrite them after an intended change, then review

The wording is written for the tests (shared/domain/spd-wording.md's styles, in our own words). fpdf2 draws
the text layer; pypdf adds the form fields (fpdf2 draws no fields), as a form tool leaves them: a /Widget per
box with its /AP on and /Off states, /V and /AS set, and the /AcroForm listing the fields. A test holds the
committed files, as read, to this script (test_forms.py). python-docx writes the .docx; the parts it has no API for (a
checkbox content control, a Wingdings box, a tracked deletion) are written as the XML Word writes.
"""

from __future__ import annotations

import datetime
import sys
from io import BytesIO
from pathlib import Path

from fpdf import FPDF
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

CORPUS = Path(__file__).parent / "corpus"
HEIGHT = 792.0  # US Letter, in points; fpdf2 measures from the top, PDF from the bottom
_EPOCH = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)

# The fillable adoption agreement: (kind, text, field) rows. kind "box" draws a checkbox before the text,
# "radio:GROUP" an option of a radio group, "text" a plain line; field is (name, value) — True/False for a
# box, the typed text for a text field drawn over the line's blank ("______").
OAK = [
    ("text", "Oak Hollow Veterinary 401(k) Plan", None),
    ("text", "Adoption Agreement", None),
    ("text", "Effective January 1, 2026", None),
    ("text", "", None),
    ("text", "5. ELECTIVE DEFERRALS", None),
    ("box", "Participants may make pre-tax elective deferrals.", ("deferrals.pretax", True)),
    ("box", "Participants may make designated Roth contributions.", ("deferrals.roth", True)),
    ("text", "", None),
    ("text", "6. AFTER-TAX CONTRIBUTIONS (select one)", None),
    ("box", "The Plan does not permit voluntary after-tax contributions.", ("after_tax.none", False)),
    ("box", "The Plan permits voluntary after-tax contributions.", ("after_tax.permitted", True)),
    ("text", "After-tax contributions may not exceed ______ % of compensation.", ("after_tax.cap", "15")),
    ("text", "", None),
    ("text", "7. IN-PLAN ROTH ROLLOVERS (select one)", None),
    ("radio:irr", "No in-plan Roth rollovers are available.", ("/None", False)),
    ("radio:irr", "In-plan Roth rollovers are available from any vested account.", ("/Any", True)),
    ("text", "", None),
    ("text", "8. IN-SERVICE WITHDRAWALS OF AFTER-TAX CONTRIBUTIONS (select one)", None),
    ("box", "Participants may withdraw their after-tax account at any time.", ("withdrawal.any_time", False)),
    ("box", "Participants may withdraw their after-tax account twice per calendar year.", ("withdrawal.twice", True)),
]

# The two-column SPD: a cover page without a footer, then pages printed "Page N of 3" under a running
# header. Each page is (left column, right column), one string per printed line, words hyphenated as set.
WILLOW_HEADER = "Willow Creek Foods 401(k) Plan - Summary Plan Description"
WILLOW = [
    (["Willow Creek Foods 401(k) Plan", "Summary Plan Description", "Plan Year 2026"], []),
    (
        ["ABOUT THIS SUMMARY", "This summary describes the", "retirement and health benefits", "Willow Creek Foods offers to",
         "its employees. Keep it with", "your other benefit papers."],
        ["DENTAL COVERAGE", "Two cleanings a year are", "covered in full. Fillings are", "covered at eighty percent",
         "after the deductible."],
    ),  # fmt: skip
    (
        ["YOUR SAVINGS", "You may save from 1% to 50%", "of your pay as pre-tax contribu-", "tions, as Roth 401(k) contri-",
         "butions, or both. Beyond the", "annual deferral limit you may", "also make voluntary after-tax"],
        ["contributions of up to 20% of", "your pay.", "", "LIFE INSURANCE", "Basic life insurance equal to",
         "one year of pay is provided", "at no cost to you."],
    ),  # fmt: skip
    (
        ["CONVERTING TO ROTH", "The Plan permits in-plan Roth", "conversions of your after-", "tax account; you request",
         "each conversion online."],
        ["WITHDRAWALS WHILE EMPLOYED", "You may withdraw your after-", "tax account for any reason", "one time in any six-",
         "consecutive-month period."],
    ),  # fmt: skip
]


def _document() -> FPDF:
    pdf = FPDF(unit="pt", format="letter")
    pdf.set_creation_date(_EPOCH)
    pdf.set_font("Helvetica", size=11)
    return pdf


def _appearance(writer: PdfWriter) -> DictionaryObject:
    """The /AP of a box: an on state drawn as a cross, /Off drawn empty."""
    on, off = DecodedStreamObject(), DecodedStreamObject()
    on.set_data(b"0 0 m 10 10 l 0 10 m 10 0 l S")
    off.set_data(b"")
    return DictionaryObject({NameObject("/N"): DictionaryObject({
        NameObject("/On"): writer._add_object(on), NameObject("/Off"): writer._add_object(off)})})  # fmt: skip


def _widget(rect: tuple[float, float, float, float], **entries: object) -> DictionaryObject:
    widget = DictionaryObject({
        NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Widget"),
        NameObject("/F"): NumberObject(4), NameObject("/Rect"): ArrayObject(FloatObject(n) for n in rect),
    })  # fmt: skip
    widget.update({NameObject(f"/{key}"): value for key, value in entries.items()})  # type: ignore[misc]
    return widget


def oak() -> bytes:
    """The fillable adoption agreement: ticks and the typed cap live in form fields only."""
    return _fillable(OAK)


def _fillable(rows: list[tuple[str, str, tuple[str, object] | None]]) -> bytes:
    pdf = _document()
    pdf.add_page()
    places: list[tuple[str, str, tuple[str, object], tuple[float, float, float, float]]] = []
    top = 72.0
    for kind, text, field in rows:
        if kind == "text":
            pdf.text(72, top, text)
            if field is not None:  # the blank a value is typed into: where the underscores are drawn
                start = 72 + pdf.get_string_width(text[: text.index("_")])
                width = pdf.get_string_width("______")
                places.append((kind, "", field, (start, HEIGHT - top - 3, start + width, HEIGHT - top + 9)))
        else:
            pdf.rect(72, top - 9, 10, 10)
            pdf.text(90, top, text)
            places.append((kind, text, field, (72, HEIGHT - top - 1, 82, HEIGHT - top + 9)))  # type: ignore[arg-type]
        top += 18
    writer = PdfWriter(clone_from=PdfReader(BytesIO(bytes(pdf.output()))))
    page = writer.pages[0]
    annotations, fields = ArrayObject(), ArrayObject()
    radios: dict[str, tuple[DictionaryObject, object]] = {}  # a group's field and its reference
    for kind, _, (name, value), rect in places:
        if kind == "text":
            ref = writer._add_object(_widget(rect, FT=NameObject("/Tx"), T=TextStringObject(name), V=TextStringObject(str(value))))
            fields.append(ref)
        elif kind == "box":
            state = NameObject("/On" if value else "/Off")
            ref = writer._add_object(_widget(rect, FT=NameObject("/Btn"), T=TextStringObject(name), V=state, AS=state,
                                             AP=_appearance(writer)))  # fmt: skip
            fields.append(ref)
        else:  # a radio option: the group is the field, each option a widget whose on state is its own name
            group = kind.split(":")[1]
            if group not in radios:
                parent = DictionaryObject({NameObject("/FT"): NameObject("/Btn"), NameObject("/T"): TextStringObject(group),
                                           NameObject("/Ff"): NumberObject(1 << 15), NameObject("/Kids"): ArrayObject()})  # fmt: skip
                radios[group] = (parent, writer._add_object(parent))
                fields.append(radios[group][1])
            parent, parent_ref = radios[group]
            look = _appearance(writer)
            look["/N"][NameObject(name)] = look["/N"].pop("/On")
            ref = writer._add_object(_widget(rect, AS=NameObject(name if value else "/Off"), AP=look, Parent=parent_ref))
            parent["/Kids"].append(ref)
            if value:
                parent[NameObject("/V")] = NameObject(name)
        annotations.append(ref)
    page[NameObject("/Annots")] = annotations
    writer._root_object[NameObject("/AcroForm")] = DictionaryObject({NameObject("/Fields"): fields})
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def willow() -> bytes:
    """The two-column SPD: columns drawn left then right, as a layout program writes them."""
    return _two_columns(WILLOW, WILLOW_HEADER)


def _two_columns(pages: list[tuple[list[str], list[str]]], header: str) -> bytes:
    """Pages of two columns; the first is a cover without header or footer."""
    pdf = _document()
    printed = len(pages) - 1
    for number, (left, right) in enumerate(pages):
        pdf.add_page()
        if number:
            pdf.text(54, 40, header)
        for x, column in ((54, left), (316, right)):
            for row, line in enumerate(column):
                pdf.text(x, 90 + 14 * row, line)
        if number:
            pdf.text(270, 760, f"Page {number} of {printed}")
    return bytes(pdf.output())


# The Word adoption agreement: section 5 a table (box cell, option cell), section 6 checkbox content controls,
# section 7 Wingdings boxes, section 8 a feature table answered "No" and a tracked deletion.
_WORD = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_W14 = 'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"'


def _control(checked: bool) -> str:
    glyph = "☒" if not checked else "☐"  # the control's shown glyph, deliberately stale: w14:checked decides
    return (f'<w:sdt {_WORD} {_W14}><w:sdtPr><w14:checkbox><w14:checked w14:val="{int(checked)}"/></w14:checkbox>'
            f"</w:sdtPr><w:sdtContent><w:r><w:t>{glyph}</w:t></w:r></w:sdtContent></w:sdt>")  # fmt: skip


def _symbol(char: str) -> str:
    return f'<w:r {_WORD}><w:sym w:font="Wingdings" w:char="{char}"/></w:r>'


def hazel() -> bytes:
    """The Word adoption agreement (python-docx; content controls and symbols as Word's XML)."""
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    document.core_properties.created = document.core_properties.modified = _EPOCH.replace(tzinfo=None)
    for line in ("Hazel Street Bakery 401(k) Plan", "Adoption Agreement", "Effective January 1, 2026",
                 "5. ELECTIVE DEFERRALS"):  # fmt: skip
        document.add_paragraph(line)
    table = document.add_table(rows=0, cols=2)
    for option in ("Participants may make pre-tax elective deferrals.",
                   "Participants may make designated Roth contributions."):  # fmt: skip
        cells = table.add_row().cells
        cells[0].text, cells[1].text = "☒", option
    document.add_paragraph("6. AFTER-TAX CONTRIBUTIONS (select one)")
    for checked, option in ((False, "The Plan does not permit voluntary after-tax contributions."),
                            (True, "The Plan permits voluntary after-tax contributions of up to 12% of compensation.")):  # fmt: skip
        paragraph = document.add_paragraph()
        paragraph._p.append(parse_xml(_control(checked)))
        paragraph.add_run(" " + option)
    document.add_paragraph("7. IN-PLAN ROTH ROLLOVERS (select one)")
    for char, option in (("F0A8", "No in-plan Roth rollovers are available."),
                         ("F0FE", "In-plan Roth rollovers are available from any vested account.")):  # fmt: skip
        paragraph = document.add_paragraph()
        paragraph._p.append(parse_xml(_symbol(char)))
        paragraph.add_run(" " + option)
    document.add_paragraph("8. IN-SERVICE WITHDRAWALS OF AFTER-TAX CONTRIBUTIONS")
    features = document.add_table(rows=0, cols=2)
    cells = features.add_row().cells
    cells[0].text, cells[1].text = "Participants may withdraw their after-tax account at any time.", "No"
    paragraph = document.add_paragraph()
    paragraph._p.append(parse_xml(
        f'<w:del {_WORD} w:id="1" w:author="Plan counsel" w:date="2025-11-01T00:00:00Z"><w:r>'
        "<w:delText>Participants may withdraw their after-tax account twice per calendar year.</w:delText>"
        "</w:r></w:del>"
    ))  # fmt: skip
    out = BytesIO()
    document.save(out)
    return _pinned(out.getvalue())


def _pinned(package: bytes) -> bytes:
    """The zip again with every entry dated 2026-01-01, so the file is the same on every run."""
    import zipfile

    out = BytesIO()
    with zipfile.ZipFile(BytesIO(package)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            target.writestr(zipfile.ZipInfo(entry.filename, (2026, 1, 1, 0, 0, 0)), source.read(entry.filename),
                            zipfile.ZIP_DEFLATED)  # fmt: skip
    return out.getvalue()


DOCUMENTS = {"oak-fillable-adoption.pdf": oak, "willow-two-column-spd.pdf": willow, "hazel-adoption.docx": hazel}

# The README's analyst quick start decodes samples/documents/: one plan's SPD and its fillable agreement.
SAMPLES = Path(__file__).parents[2] / "samples" / "documents"
JUNIPER_HEADER = "Juniper Ridge Outfitters 401(k) Plan - Summary Plan Description"
JUNIPER_SPD = [
    (["Juniper Ridge Outfitters 401(k) Plan", "Summary Plan Description", "Plan Year 2026"], []),
    (
        ["YOUR CONTRIBUTIONS", "You may contribute from 1% to 60%", "of your pay as pre-tax contribu-",
         "tions, as Roth 401(k) contributions,", "or both. You may also make", "voluntary after-tax contributions."],
        ["VISION CARE", "One eye examination a year is", "covered in full."],
    ),  # fmt: skip
    (
        ["CONVERTING TO ROTH", "The Plan permits in-plan Roth", "conversions of your after-tax",
         "account. You request each", "conversion online."],
        ["WITHDRAWALS WHILE EMPLOYED", "You may withdraw your after-", "tax account for any reason",
         "twice per calendar year."],
    ),  # fmt: skip
]
JUNIPER_AGREEMENT = [
    ("text", "Juniper Ridge Outfitters 401(k) Plan", None),
    ("text", "Adoption Agreement", None),
    ("text", "Effective January 1, 2026", None),
    ("text", "", None),
    ("text", "6. AFTER-TAX CONTRIBUTIONS (select one)", None),
    ("box", "The Plan does not permit voluntary after-tax contributions.", ("after_tax.none", False)),
    ("box", "The Plan permits voluntary after-tax contributions.", ("after_tax.permitted", True)),
    ("text", "After-tax contributions may not exceed ______ % of compensation.", ("after_tax.cap", "15")),
    ("text", "", None),
    ("text", "7. IN-PLAN ROTH ROLLOVERS (select one)", None),
    ("radio:irr", "No in-plan Roth rollovers are available.", ("/None", False)),
    ("radio:irr", "In-plan Roth rollovers are available from any vested account.", ("/Any", True)),
]
SAMPLE_DOCUMENTS = {
    "spd.pdf": lambda: _two_columns(JUNIPER_SPD, JUNIPER_HEADER),
    "adoption.pdf": lambda: _fillable(JUNIPER_AGREEMENT),
}


if __name__ == "__main__":
    SAMPLES.mkdir(exist_ok=True)
    for folder, documents in ((CORPUS, DOCUMENTS), (SAMPLES, SAMPLE_DOCUMENTS)):
        for name, make in documents.items():
            (folder / name).write_bytes(make())
            print(f"wrote {folder / name}", file=sys.stderr)
