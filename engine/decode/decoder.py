"""A plan's documents in, each question's answer out, with the sentences that give it.

Silence is ``unknown``: a field no sentence answers is never read as "no".
Sentences that answer one field two ways are a contradiction: the field stays
``unknown`` and a finding names both places, since a wrong yes/no is worse than
no answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from megaroth.engine.decode.docx import DocxError, docx_text, looks_like_docx
from megaroth.engine.decode.findings import Evidence, Finding, make
from megaroth.engine.decode.html import html_text, looks_like_html
from megaroth.engine.decode.matcher import closed_list, hits, masked
from megaroth.engine.decode.pdf import PdfError, pdf_text
from megaroth.engine.decode.phrases import Catalog, FindingSpec, Question, catalog
from megaroth.engine.decode.sentences import Sentence, sentences
from megaroth.engine.reading.bounds import BoundError, bound

UNKNOWN = "unknown"

# The plan's name: a title line ending in "Plan" near the top of the document.
_TITLE = re.compile(r"^[A-Z0-9][\w&.,'()/ -]{2,90}\bPlan\b\s*$")
# The plan year a document speaks for: "Plan Year 2026", "effective January 1, 2026", "as of 2026".
_YEAR = re.compile(r"\b(?:plan year|effective|as of)\b[^.;]{0,30}?\b(20[1-9]\d)\b", re.IGNORECASE)


class DocumentError(Exception):
    """A document that cannot be read as text: one clear message."""


@dataclass(frozen=True)
class Answer:
    """One field's answer and the sentences that gave it (every sentence, for a contradiction)."""

    field: str
    value: bool | int | str
    evidence: tuple[Evidence, ...]
    look_for: str


@dataclass(frozen=True)
class Document:
    """A document read: its name as given and its sentences."""

    name: str
    sentences: tuple[Sentence, ...]
    lines: tuple[str, ...] = ()
    agreement: bool = False  # an adoption agreement: its explicit elections outrank SPD prose
    numbers: tuple[int, ...] = ()  # the line number to cite for each of ``lines`` (an HTML page's source lines)


@dataclass
class Decoded:
    """Everything decode read from a plan's documents."""

    documents: list[str]
    answers: dict[str, Answer]
    findings: list[Finding] = field(default_factory=list)
    name: tuple[str, Evidence] | None = None
    year: tuple[int, Evidence] | None = None


# A document may be far larger than a plan file: an 80-page SPD PDF is a few megabytes.
_MAX_DOCUMENT_BYTES = ("MEGAROTH_MAX_DOCUMENT_BYTES", 104_857_600, 1_073_741_824)


def _read_bytes(path: str) -> bytes:
    try:
        limit = bound(*_MAX_DOCUMENT_BYTES)
    except BoundError as error:
        raise DocumentError(str(error)) from None
    try:
        with open(path, "rb") as handle:
            raw = handle.read(limit + 1)
    except OSError as error:
        raise DocumentError(f"{path}: cannot read the document: {error.strerror or error}") from None
    if len(raw) > limit:
        raise DocumentError(f"{path}: larger than {limit:,} bytes (MEGAROTH_MAX_DOCUMENT_BYTES)")
    return raw


def read_document(path: str) -> Document:
    """A document's sentences: a PDF's text layer (by its %PDF- header, whatever its name), a Word .docx's
    paragraphs, an HTML page's text, or plain UTF-8 text. An HTML page's sentences are cited by the source line
    their text starts on, a .docx's by their paragraph's number."""
    raw = _read_bytes(path)
    sources: list[int] | None = None  # the source line of each line of text, where they differ
    if raw.lstrip()[:5] == b"%PDF-":
        try:
            text = pdf_text(raw)
        except PdfError as error:
            raise DocumentError(f"{path}: {error}") from None
    elif looks_like_docx(raw):
        try:
            text, sources = docx_text(raw, bound(*_MAX_DOCUMENT_BYTES))
        except DocxError as error:
            raise DocumentError(f"{path}: {error}") from None
    elif looks_like_html(raw):
        text, sources = html_text(_text(path, raw))
    else:
        text = _text(path, raw)
    found = sentences(text)
    if not found:
        raise DocumentError(f"{path}: the document holds no text to read")
    lines = tuple(text.splitlines())
    numbers = tuple(sources) if sources is not None else tuple(range(1, len(lines) + 1))
    if sources is not None:
        found = [replace(sentence, line=numbers[sentence.line - 1]) for sentence in found]
    agreement = any("adoption agreement" in line.lower() for line in lines[:20])
    return Document(name=path, sentences=tuple(found), lines=lines, agreement=agreement, numbers=numbers)


# The name the first steps and tests use; every kind of document goes through read_document.
read_text_document = read_document


def _text(path: str, raw: bytes) -> str:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DocumentError(
            f"{path}: not UTF-8 text (byte {error.start} is 0x{raw[error.start]:02x}); "
            "decode reads PDF, Word .docx, HTML and plain text documents"
        ) from None
    if "\x00" in text:
        raise DocumentError(f"{path}: a binary file, not a text document")
    return text


def _where(document: Document, sentence: Sentence) -> Evidence:
    return Evidence(document=document.name, page=sentence.page, line=sentence.line, text=sentence.text)


def _answer(question: Question, documents: list[Document], phrases: Catalog) -> tuple[Answer, Finding | None]:
    by_value: dict[bool | int | str, list[Evidence]] = {}
    elected: dict[bool | int | str, list[Evidence]] = {}  # what adoption agreements say
    for document in documents:
        for sentence in document.sentences:
            if sentence.ticked is False:
                continue  # an unticked option of an adoption agreement says nothing
            values = {hit.answer for hit in hits(question, sentence.plain, phrases.negation)}
            if not values and closed_list(question, sentence.plain) is not None:
                values = {False}  # the plan's sources listed as its only ones, and this one not among them
            for value in sorted(values, key=repr):
                by_value.setdefault(value, []).append(_where(document, sentence))
                if document.agreement:
                    elected.setdefault(value, []).append(_where(document, sentence))
    if not by_value:
        return Answer(question.field, UNKNOWN, (), question.look_for), _masked_finding(question, documents, phrases)
    if question.kind == "words":
        # Documents name a source several ways ("after-tax contributions", "voluntary after-tax contributions"):
        # no contradiction; the fullest name is the plan's (the first of equals, in reading order).
        value = max(by_value, key=lambda words: (len(str(words)), -list(by_value).index(words)))
        return Answer(question.field, value, tuple(by_value[value]), question.look_for), None
    if len(by_value) == 1:
        ((value, evidence),) = by_value.items()
        return Answer(question.field, value, tuple(evidence), question.look_for), None
    everywhere = tuple(places[0] for places in by_value.values())
    said = " and ".join(f"{_said(value)} ({_place(places[0])})" for value, places in by_value.items())
    if len(elected) == 1 and len(elected) < len(by_value):
        # One answer from the adoption agreements, another from the prose: the agreement's election governs.
        ((value, evidence),) = elected.items()
        outcome = f"the adoption agreement's election ({_said(value)}) is taken"
        answer = Answer(question.field, value, tuple(evidence), question.look_for)
    else:
        outcome = "left unknown until an analyst settles it"
        answer = Answer(question.field, UNKNOWN, everywhere, question.look_for)
    finding = make(phrases.rule_of("contradiction"), "contradiction", everywhere, field=question.field, said=said, outcome=outcome)
    return answer, finding


def _masked_finding(question: Question, documents: list[Document], phrases: Catalog) -> Finding | None:
    """A field left unknown where a mask with a finding blanked wording: say so, with those sentences."""
    places: dict[str, list[Evidence]] = {}
    for document in documents:
        for sentence in document.sentences:
            if sentence.ticked is False:
                continue
            for mask in masked(question, sentence.plain):
                places.setdefault(mask.finding or "", []).append(_where(document, sentence))
    if not places:
        return None
    kind, evidence = next(iter(places.items()))
    return make(phrases.rule_of(kind), kind, tuple(evidence), field=question.field)


def _worded_finding(spec: FindingSpec, documents: list[Document], phrases: Catalog) -> Finding | None:
    """A finding shown by wording: every (ticked or box-less) sentence its patterns match, not negated."""
    assert spec.question is not None
    evidence = [
        _where(document, sentence)
        for document in documents
        for sentence in document.sentences
        if sentence.ticked is not False and any(hit.answer is True for hit in hits(spec.question, sentence.plain, phrases.negation))
    ]
    return make(spec.rule, spec.kind, tuple(evidence)) if evidence else None


def _answered_finding(spec: FindingSpec, answers: dict[str, Answer]) -> Finding | None:
    """A finding that is a field's answer: that answer's evidence."""
    assert spec.answer is not None
    field, value = spec.answer
    answer = answers[field]
    return make(spec.rule, spec.kind, answer.evidence) if answer.value == value and answer.evidence else None


def _said(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, tuple):  # match tiers
        return ", ".join(f"{rate}% of {'the first' if index == 0 else 'the next'} {up_to}%" for index, (rate, up_to) in enumerate(value))
    return str(value)


def _place(evidence: Evidence) -> str:
    """document:page:line, the page left out when the document prints none."""
    page = f"page {evidence.page}, " if evidence.page is not None else ""
    return f"{evidence.document} {page}line {evidence.line}"


def _title(documents: list[Document]) -> tuple[str, Evidence] | None:
    """The first title line ending in "Plan" in the first lines of a document."""
    for document in documents:
        for index, line in enumerate(document.lines[:20]):
            text = " ".join(line.split())
            if _TITLE.match(text):
                line_number = document.numbers[index] if index < len(document.numbers) else index + 1
                return text, Evidence(document=document.name, page=None, line=line_number, text=text)
    return None


def _plan_year(documents: list[Document]) -> tuple[int, Evidence] | None:
    for document in documents:
        for sentence in document.sentences:
            if match := _YEAR.search(sentence.text):
                return int(match.group(1)), _where(document, sentence)
    return None


def decode(documents: list[Document], phrases: Catalog | None = None) -> Decoded:
    """Every catalog question answered from ``documents`` (unknown where none answers it)."""
    phrases = phrases or catalog()
    decoded = Decoded(documents=[document.name for document in documents], answers={})
    for question in phrases.questions:
        answer, finding = _answer(question, documents, phrases)
        decoded.answers[question.field] = answer
        if finding is not None:
            decoded.findings.append(finding)
    for spec in phrases.findings:
        found = (
            _worded_finding(spec, documents, phrases) if spec.question is not None
            else _answered_finding(spec, decoded.answers) if spec.answer is not None
            else None
        )  # fmt: skip
        if found is not None:
            decoded.findings.append(found)
    # In the order of the documents given, then page and line: as a reader meets them.
    order = {document.name: position for position, document in enumerate(documents)}
    decoded.findings.sort(key=lambda item: (order[item.evidence[0].document], item.evidence[0].page or 0, item.evidence[0].line, item.rule))
    decoded.name = _title(documents)
    decoded.year = _plan_year(documents)
    return decoded
