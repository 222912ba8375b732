"""A Word .docx document's text, with python-docx: paragraphs and table rows in the order the document has them.

python-docx (MIT, kept by the python-openxml project) opens the package and
finds the main document part; the text of each paragraph is read here from
its XML, because Word keeps what decode needs where ``Paragraph.text`` does
not look: checkbox content controls (``w14:checkbox``, ticked by
``w14:checked``, whatever glyph the control shows) and symbol characters
(``w:sym``: Wingdings boxes) become ☒ and ☐, as the sentence cutter knows
them. Deleted text (tracked changes), field codes and text boxes' duplicate
fallbacks are not read. Each paragraph is a paragraph of its own; a table
row is one line, its cells joined by " | ", so a box in one cell governs the
option in the next. A cell that is only "Yes" or "No" (a feature table's
answer column) is taken as the row's box, ticked or not: "No" then says
nothing, rather than leaving "after-tax contributions" read as offered.
Each line of text is cited by its paragraph's number (a table row counts as
one): a .docx has no fixed pages.
"""

from __future__ import annotations

import re
import zipfile
from io import BytesIO
from typing import Any

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
# Boxes drawn with symbol fonts (w:sym w:font, w:char): Wingdings and Wingdings 2's ticked and empty boxes.
_SYMBOLS = {
    ("wingdings", "f0fe"): "☒", ("wingdings", "f0fd"): "☒", ("wingdings", "f078"): "☒",
    ("wingdings", "f0a8"): "☐", ("wingdings", "f06f"): "☐", ("wingdings", "f071"): "☐",
    ("wingdings 2", "f052"): "☒", ("wingdings 2", "f054"): "☒", ("wingdings 2", "f0a3"): "☐", ("wingdings 2", "f02a"): "☐",
}  # fmt: skip
_SKIPPED = {f"{_W}delText", f"{_W}instrText", f"{_W}txbxContent", f"{_MC}Fallback", f"{_W}sdtPr", f"{_W}rPr", f"{_W}pPr"}
_YES = re.compile(r"^(?:yes|y|available|permitted|allowed)$", re.IGNORECASE)
_NO = re.compile(r"^(?:no|n|n/a|none|not available|not applicable|not permitted|not allowed)$", re.IGNORECASE)


class DocxError(Exception):
    """A .docx that cannot be read: not a Word document, or a broken one."""


def looks_like_docx(raw: bytes) -> bool:
    """A zip package holding a Word document's main part: its name in the first entries or the zip's directory."""
    return raw[:4] == b"PK\x03\x04" and (b"word/" in raw[:65536] or b"word/document.xml" in raw[-65536:])


def _checkbox(sdt: Any) -> str | None:
    """A checkbox content control's state as a box, or None for any other content control."""
    properties = sdt.find(f"{_W}sdtPr")
    box = properties.find(f"{_W14}checkbox") if properties is not None else None
    if box is None:
        return None
    checked = box.find(f"{_W14}checked")
    ticked = checked is not None and checked.get(f"{_W14}val", "0") in ("1", "true")
    return "☒" if ticked else "☐"


def _text(element: Any) -> str:
    """An element's visible text in document order: runs' text, tabs as spaces, boxes as ☒/☐."""
    parts: list[str] = []
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIPPED:
            continue
        if tag == f"{_W}t":
            parts.append(child.text or "")
        elif tag in (f"{_W}tab", f"{_W}br", f"{_W}cr", f"{_W}ptab"):
            parts.append(" ")
        elif tag == f"{_W}noBreakHyphen":
            parts.append("-")
        elif tag == f"{_W}sym":
            key = ((child.get(f"{_W}font") or "").lower(), (child.get(f"{_W}char") or "").lower())
            parts.append(_SYMBOLS.get(key, ""))
        elif tag == f"{_W}sdt" and (box := _checkbox(child)) is not None:
            parts.append(box + " ")  # the control's own glyph (its content) may be stale; checked decides
        else:
            parts.append(_text(child))
    return "".join(parts)


def _row(row: Any) -> str:
    cells: list[str] = []
    seen: set[int] = set()
    for cell in row.cells:
        if id(cell._tc) in seen:
            continue  # a merged cell is returned once per grid column it spans
        seen.add(id(cell._tc))
        cells.append(" ".join(_blocks(cell)).strip())
    cells = [cell for cell in cells if cell]
    answers = [index for index, cell in enumerate(cells) if index and (_YES.match(cell) or _NO.match(cell))]
    if len(answers) == 1 and not _box_start(cells[0]):
        box = "☒ " if _YES.match(cells[answers[0]]) else "☐ "
        return box + " | ".join(cell for index, cell in enumerate(cells) if index != answers[0])
    if len(cells) > 1 and cells[0] in ("☒", "☐", "☑"):
        return f"{cells[0]} {' | '.join(cells[1:])}"  # a box in a cell of its own: the option beside it
    return " | ".join(cells)


def _blocks(container: Any) -> list[str]:
    """A body's or a cell's paragraphs and table rows, in order (a cell may hold a table of its own)."""
    from docx.table import Table

    blocks: list[str] = []
    for block in container.iter_inner_content():
        if isinstance(block, Table):
            blocks.extend(_row(row) for row in block.rows)
        else:
            blocks.append(" ".join(_text(block._p).split()))
    return blocks


def _box_start(text: str) -> bool:
    return text[:1] in "☒☐☑"


def _check_package(data: bytes, limit: int) -> None:
    """A zip holding word/document.xml, expanding to no more than ``limit`` bytes (a zip bomb is refused unread)."""
    try:
        with zipfile.ZipFile(BytesIO(data)) as package:
            entries = package.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise DocxError(f"not a readable .docx ({type(error).__name__})") from None
    if "word/document.xml" not in {entry.filename for entry in entries}:
        raise DocxError("not a Word .docx document (a zip without word/document.xml)")
    expanded = sum(entry.file_size for entry in entries)
    if expanded > limit:
        raise DocxError(f"a .docx that expands to {expanded:,} bytes, more than {limit:,} (MEGAROTH_MAX_DOCUMENT_BYTES)")


def docx_text(data: bytes, limit: int) -> tuple[str, list[int]]:
    """The document's text, a blank line between paragraphs, and for each line the paragraph it comes from.

    ``limit`` bounds what the package expands to, as MEGAROTH_MAX_DOCUMENT_BYTES bounds the file itself.
    """
    import docx

    _check_package(data, limit)
    try:
        blocks = _blocks(docx.Document(BytesIO(data)))
    except Exception as error:  # a broken package raises many kinds (zip, XML, KeyError): one message each
        raise DocxError(f"not a readable .docx ({type(error).__name__})") from None
    lines: list[str] = []
    numbers: list[int] = []
    for number, block in enumerate(blocks, start=1):
        if block:
            lines.extend([block, ""])
            numbers.extend([number, number])
    return "\n".join(lines), numbers
