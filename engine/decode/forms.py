"""A fillable PDF's form fields, written into its page text where a reader sees them.

A fillable adoption agreement keeps its ticks and typed values in form fields
(the /AcroForm), not in the page text: the text layer prints every option's
wording, ticked or not, and a blank where "15" was typed. Read alone it would
make an unticked "The Plan permits voluntary after-tax contributions" a
statement and lose the cap. So the fields are read first and govern the text
they sit on: the line beside a checkbox (its label) gets the box as the
sentence cutter knows it (``[X]`` ticked, ``[ ]`` not, so an unticked option
says nothing), a text field's value fills the blank on its line ("may not
exceed 15 % of compensation"), and each such line names its fields
(``[form field NAME]``, kept in the quoted evidence, never matched) so an
analyst can find the box. A field whose line cannot be found (no text on its
row) is written at the top of its page, labelled by its tooltip (/TU) or name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

_PUSHBUTTON = 1 << 16  # /Ff bit 17: a button that is no checkbox or radio option
_HIDDEN = 1 << 1  # annotation /F bit 2
_BLANK = re.compile(r"_{3,}(?: +(?=%))?")  # a blank, and the space a typed "15" needs no more before "%"
_PRINTED_BOX = re.compile(r"^\s*(?:\[\s*[xX✓✔]?\s*\]|[☐☒☑¨þ])\s*")
# How far a label's baseline may sit from its field's box: text is set a little above a box's bottom edge.
_BELOW, _ABOVE = 4.0, 2.0
# A page of an adoption agreement holds a few dozen fields; matching fields to text costs fields x fragments,
# so a page of thousands (a hostile or broken file) is refused rather than read for minutes.
MAX_FIELDS_PER_PAGE = 1_000
# A fragment's line is sought this many lines past the last one found: a page has about a hundred.
_LOOKAHEAD = 500


class FormError(Exception):
    """A page whose form fields cannot be read in bounded time."""


@dataclass(frozen=True)
class Widget:
    """One form field's box on one page: its name, tooltip, whether it is a checkbox, its value and place."""

    name: str
    tooltip: str | None
    box: bool
    ticked: bool
    value: str | None  # a text or choice field's typed value; None when empty
    rect: tuple[float, float, float, float]


@dataclass(frozen=True)
class Fragment:
    """A piece of page text where the page draws it (PDF points, origin bottom left)."""

    x: float
    y: float
    text: str


def _inherited(field: Any, key: str) -> Any:
    """A field attribute, from the widget or the nearest parent that sets it (fields inherit /FT, /V, /Ff)."""
    node: Any = field
    for _ in range(32):  # a parent chain is a few levels; a cycle in a broken file must not loop
        if node is None:
            return None
        node = node.get_object()
        if key in node:
            return node[key]
        node = node.get("/Parent")
    return None


def _name(field: Any) -> str:
    parts: list[str] = []
    node: Any = field
    for _ in range(32):
        if node is None:
            break
        node = node.get_object()
        if "/T" in node:
            parts.append(str(node["/T"]))
        node = node.get("/Parent")
    return " ".join(".".join(reversed(parts)).replace("[", "(").replace("]", ")").split()) or "unnamed"


def _value(raw: Any) -> str | None:
    from pypdf.generic import ArrayObject  # pypdf is imported when a PDF is read, not when the CLI starts

    if raw is None:
        return None
    raw = raw.get_object()
    text = ", ".join(str(item) for item in raw) if isinstance(raw, ArrayObject) else str(raw)
    text = " ".join(text.split())
    return text or None


def _ticked(widget: Any) -> bool:
    """A checkbox or radio option is ticked when its appearance state (or, without one, the value) is its on state."""
    from pypdf.generic import DictionaryObject

    appearance = widget.get("/AP")
    normal = appearance.get_object().get("/N") if appearance is not None else None
    normal = normal.get_object() if normal is not None else None
    on = {str(key) for key in normal.keys() if key != "/Off"} if isinstance(normal, DictionaryObject) else set()
    state = widget.get("/AS", _inherited(widget, "/V"))
    state = None if state is None else str(state.get_object())
    return state not in (None, "/Off", "") and (not on or state in on)


def widgets(page: Any) -> list[Widget]:
    """The page's visible checkbox, radio, text and choice fields, in the page's annotation order."""
    found: list[Widget] = []
    annotations = page.get("/Annots", None)
    annotations = annotations.get_object() if annotations is not None else []
    if len(annotations) > MAX_FIELDS_PER_PAGE:
        raise FormError(f"a page with {len(annotations):,} annotations (form fields, links): more than {MAX_FIELDS_PER_PAGE:,}")
    for annotation in annotations:
        widget = annotation.get_object()
        if widget.get("/Subtype") != "/Widget" or int(widget.get("/F", 0)) & _HIDDEN:
            continue
        kind = _inherited(widget, "/FT")
        flags = int(_inherited(widget, "/Ff") or 0)
        if kind not in ("/Btn", "/Tx", "/Ch") or (kind == "/Btn" and flags & _PUSHBUTTON):
            continue
        try:
            left, bottom, right, top = (float(number) for number in widget["/Rect"])
        except (KeyError, TypeError, ValueError):
            continue
        box = kind == "/Btn"
        tooltip = _value(_inherited(widget, "/TU"))
        value = None if box else _value(_inherited(widget, "/V"))
        if not box and value is None:
            continue  # an empty text field says nothing
        rect = (min(left, right), min(bottom, top), max(left, right), max(bottom, top))
        found.append(Widget(_name(widget), tooltip, box, box and _ticked(widget), value, rect))
    return found


def _squeezed(text: str) -> str:
    return "".join(text.split())


def _row(widget: Widget, fragments: list[Fragment]) -> list[Fragment]:
    _, bottom, _, top = widget.rect
    return sorted((piece for piece in fragments if bottom - _BELOW <= piece.y <= top + _ABOVE), key=lambda piece: piece.x)


def _located(lines: list[str], fragments: list[Fragment]) -> dict[int, int]:
    """Each fragment's page-text line (keyed by ``id``), found in order: pypdf writes the lines in the order the
    page draws its text, so a cursor that only moves forward tells apart two options worded alike."""
    squeezed = [_squeezed(line) for line in lines]
    where: dict[int, int] = {}
    cursor = 0
    for piece in fragments:
        target = _squeezed(piece.text)
        ahead = range(cursor, min(len(lines), cursor + _LOOKAHEAD))
        found = next((index for index in ahead if target in squeezed[index]), None)
        if found is not None:
            where[id(piece)] = cursor = found
    return where


def merge(text: str, page_widgets: list[Widget], fragments: list[Fragment]) -> str:
    """The page's text with its fields written in: boxes before their labels, values in their blanks."""
    lines = text.split("\n")
    where = _located(lines, fragments)
    on_line: dict[int, list[tuple[Widget, list[Fragment]]]] = {}
    unplaced: list[Widget] = []
    for widget in page_widgets:
        row = _row(widget, fragments)
        label = [piece for piece in row if piece.x >= widget.rect[0]] if widget.box else row
        index = next((where[id(piece)] for piece in label if id(piece) in where), None)
        if index is None:
            unplaced.append(widget)
        else:
            on_line.setdefault(index, []).append((widget, row))
    for index, placed in on_line.items():
        lines[index] = _written(lines[index], placed)
    top = [_alone(widget) for widget in unplaced]
    return "\n".join([*(line for written in top for line in (written, "")), *lines])


def _written(line: str, placed: list[tuple[Widget, list[Fragment]]]) -> str:
    boxes = [widget for widget, _ in placed if widget.box]
    content = _PRINTED_BOX.sub("", line) if boxes else line
    for widget, row in sorted(((w, r) for w, r in placed if not w.box), key=lambda item: item[0].rect[0]):
        if _BLANK.search(content):
            content = _BLANK.sub(str(widget.value), content, count=1)
        else:
            left = " ".join(piece.text.strip() for piece in row if piece.x < widget.rect[0])
            right = " ".join(piece.text.strip() for piece in row if piece.x >= widget.rect[0])
            if _squeezed(left + right) and _squeezed(left + right) == _squeezed(content):
                content = " ".join(part for part in (left, str(widget.value), right) if part)
            else:
                content = f"{content.rstrip()} {widget.value}"
    names = "; ".join(widget.name for widget, _ in sorted(placed, key=lambda item: item[0].rect[0]))
    box = ("[X] " if boxes[0].ticked else "[ ] ") if boxes else ""
    return f"{box}[form field {names}] {content.strip()}"


def _alone(widget: Widget) -> str:
    label = widget.tooltip or widget.name
    if widget.box:
        return f"{'[X]' if widget.ticked else '[ ]'} [form field {widget.name}] {label}"
    return f"[form field {widget.name}] {label.rstrip(':')}: {widget.value}"


def fragments_visitor(into: list[Fragment]) -> Any:
    """A pypdf visitor_text callback that records each piece of text with where the page draws it."""

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: Any) -> None:
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            into.append(Fragment(x, y, text))

    return visit
