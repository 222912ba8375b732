"""A plain-text document as the sentences a reader sees, each with its line and printed page.

Text copied or extracted from a PDF carries running headers and footers, words
hyphenated across lines and ragged spacing. A "Page N of M" footer ends printed
page N, so a sentence can be cited by the page the reader sees; the footer and
any line repeated on every page (a running header) are dropped before sentences
are cut, so they never join the text around them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from megaroth.engine.reading.wording import normalise

_FOOTER = re.compile(r"^\s*(?:-\s*)?page\s+(\d{1,4})(?:\s+of\s+\d{1,4})?(?:\s*-)?\s*$", re.IGNORECASE)
# Adoption agreement checkboxes, with an optional option number before them: ticked ([X], ☒, ☑, a Wingdings
# "þ" as PDFs extract it, or a leading "x" before the number) or not ([ ], ☐, a Wingdings "¨").
_TICKED = re.compile(r"^\s*(?:\d{1,2}[.)]\s*)?(?:\[\s*[xX✓✔]\s*\]|[☒☑þ✓✔])\s*|^\s*[xX]\s+(?=\d{1,2}[.)]\s)")
_UNTICKED = re.compile(r"^\s*(?:\d{1,2}[.)]\s*)?(?:\[\s*\]|[☐¨])\s*")
# The names of a fillable PDF's form fields written before a line (megaroth.engine.decode.forms): quoted in the
# evidence so an analyst finds the box, never matched ("not_permitted" names a box; it negates nothing).
_FIELD_NAMES = re.compile(r"\[form field [^\]\n]*\]")
# A form's instruction after a heading: "6. AFTER-TAX CONTRIBUTIONS (select one)" is still a heading.
_INSTRUCTION = re.compile(r"\((?:select|check|choose|tick|mark|complete)\b[^)]{0,30}\)\s*$|\(optional\)\s*$", re.IGNORECASE)
_BULLET = re.compile(r"^\s*(?:[-•*▪◦·]|\d{1,2}[.)]|\([a-z0-9]{1,3}\))\s+")
# A sentence ends at . ! or ? followed by space and a capital, a digit or an opening bracket,
# unless the word before the stop is an abbreviation that takes one.
_STOP = re.compile(r"(?<=[.!?])[\"')\]]?\s+(?=[A-Z0-9\"(\[])")
_ABBREVIATIONS = {"e.g.", "i.e.", "u.s.", "sec.", "no.", "nos.", "mr.", "ms.", "dr.", "inc.", "co.", "corp.", "st.", "jan.",
                  "feb.", "aug.", "sept.", "oct.", "nov.", "dec.", "etc.", "vs.", "art.", "p.", "pp.", "§"}  # fmt: skip
_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "‐": "-", "‑": "-", "–": "-", "—": "-"})
# "after tax", "in plan Roth": the compounds plans write with and without a hyphen, written one way.
_COMPOUND = re.compile(r"\b(after|post|pre|before|in|non)[ -]+(tax|plan|service|hardship|roth)\b")


# Words that start hyphenated compounds in plan documents ("after-tax", "in-plan", "six-consecutive-month"):
# a line ending in one of them and a hyphen ends in the compound's hyphen, not a typesetter's.
_COMPOUND_STARTS = {"after", "post", "pre", "before", "in", "non", "self", "catch", "true", "tax", "plan", "year",
                    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
                    "consecutive", "month", "calendar"}  # fmt: skip


@dataclass(frozen=True)
class Sentence:
    """One sentence: as printed (spaces collapsed), as matched (``plain``), and where it starts."""

    text: str
    plain: str
    line: int
    page: int | None
    ticked: bool | None = None  # an adoption agreement option: True ticked, False not (it says nothing), None no box


def plain(text: str) -> str:
    """A sentence as the phrase catalog's patterns read it: normalised, lower case, one space between words."""
    lowered = normalise(text).translate(_QUOTES).lower()
    return _COMPOUND.sub(r"\1-\2", " ".join(lowered.split()))


def _pages(lines: list[str]) -> tuple[list[int | None], set[int]]:
    """Each line's printed page (None without footers) and the footer lines' indexes."""
    footers = {index: int(match.group(1)) for index, line in enumerate(lines) if (match := _FOOTER.match(line))}
    pages: list[int | None] = []
    if not footers:
        return [None] * len(lines), set()
    marks = sorted(footers)
    current = 0
    for index in range(len(lines)):
        while current < len(marks) and marks[current] < index:
            current += 1
        pages.append(footers[marks[current]] if current < len(marks) else footers[marks[-1]] + 1)
    return pages, set(footers)


def _running_lines(lines: list[str], pages: list[int | None]) -> set[str]:
    """Short lines printed on at least three pages (and every page when there are fewer): headers, not prose."""
    seen: dict[str, set[int]] = {}
    for line, page in zip(lines, pages):
        key = " ".join(line.split())
        if page is not None and key and len(key) <= 80:
            seen.setdefault(key, set()).add(page)
    page_count = len({page for page in pages if page is not None})
    if page_count < 2:
        return set()
    return {key for key, where in seen.items() if len(where) >= min(3, page_count)}


def _join(paragraph: list[tuple[int, str]]) -> tuple[str, list[tuple[int, int]]]:
    """A paragraph's lines as one string, words hyphenated across lines joined, with (offset, line) marks."""
    text = ""
    marks: list[tuple[int, int]] = []
    for number, line in paragraph:
        piece = line.strip()
        if text.endswith("-") and len(text) > 1 and text[-2].isalpha() and piece[:1].islower():
            # "contribu-" / "tions" is one word broken by the typesetter; "after-" / "tax" and "six-" /
            # "consecutive" are compounds whose own hyphen fell at the line's end, and keep it.
            if re.split(r"[^\w]", text[:-1])[-1].lower() not in _COMPOUND_STARTS:
                text = text[:-1]
        elif text:
            text += " "
        marks.append((len(text), number))
        text += piece
    return text, marks


def _cut(text: str) -> list[tuple[int, str]]:
    """The sentences of one paragraph, with their offsets."""
    pieces: list[tuple[int, str]] = []
    start = 0
    for match in _STOP.finditer(text):
        before = text[start : match.start()].split()
        if before and before[-1].lower().rstrip("\"')]") in _ABBREVIATIONS:
            continue
        if len(before) <= 2 and re.fullmatch(r"\d{1,2}\.", before[-1]):
            continue  # an option or section number ("6. AFTER-TAX", "x 2. Roth ...") starts its sentence
        pieces.append((start, text[start : match.start()]))
        start = match.end()
    pieces.append((start, text[start:]))
    return [(offset, piece) for offset, piece in pieces if piece.strip()]


def _box(line: str) -> bool | None:
    """Whether a line starts with a ticked box (True), an unticked one (False), or none (None)."""
    if _TICKED.match(line):
        return True
    return False if _UNTICKED.match(line) else None


def _heading(line: str) -> bool:
    """A line in capitals ("CONVERTING TO ROTH", "6. AFTER-TAX CONTRIBUTIONS (select one)") is a heading: a
    paragraph of its own, never a sentence's start, naming a subject and answering nothing."""
    letters = [char for char in _INSTRUCTION.sub("", line) if char.isalpha()]
    return len(letters) >= 3 and all(char.isupper() for char in letters)


def sentences(text: str) -> list[Sentence]:
    """The document's sentences in reading order, with their first line (1-based) and printed page."""
    lines = text.splitlines()
    pages, footers = _pages(lines)
    running = _running_lines(lines, pages)
    paragraphs: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    for index, line in enumerate(lines):
        if index in footers or " ".join(line.split()) in running:
            continue
        if not line.strip() or _BULLET.match(line) or _heading(line) or _box(line) is not None:
            if current:
                paragraphs.append(current)
            current = []
            if not line.strip():
                continue
        current.append((index, line))
        if _heading(line):
            paragraphs.append(current)
            current = []
    if current:
        paragraphs.append(current)
    found: list[Sentence] = []
    for paragraph in paragraphs:
        # A box governs its whole option, every sentence of it; the box itself is no wording to match.
        ticked = _box(paragraph[0][1])
        # "8. IN-SERVICE WITHDRAWALS OF AFTER-TAX CONTRIBUTIONS" heads a section whose options answer; the
        # heading itself says nothing (its plain text is empty), or a section answered "No" would read as yes.
        heading = len(paragraph) == 1 and _heading(paragraph[0][1])
        joined, marks = _join(paragraph)
        for offset, piece in _cut(joined):
            index = max(number for start, number in marks if start <= offset)
            bare = (_TICKED if ticked else _UNTICKED).sub("", piece, count=1) if ticked is not None and offset == 0 else piece
            matched = "" if heading else plain(_FIELD_NAMES.sub(" ", bare))
            found.append(Sentence(" ".join(piece.split()), matched, index + 1, pages[index], ticked))
    return found
