"""A PDF's text layer, page by page, with pypdf.

pypdf (pure Python, BSD) keeps two-column pages in reading order where
pdfplumber's modes interleave them, and PyMuPDF is AGPL
(shared/engineering/documents-and-browsers.md). Pages are joined with a
"Page N of M" line after each one when the document prints no such footer of
its own, so a sentence is cited by the page a PDF viewer shows; a printed
footer, where there is one, is what the reader sees and is kept.

A fillable PDF's form fields are read before its text layer and written into
it (megaroth.engine.decode.forms): the ticks and typed values live only there.
The page count is read from the page tree's /Count before any page is, so a
PDF past MEGAROTH_MAX_DOCUMENT_PAGES costs next to nothing to refuse.
"""

from __future__ import annotations

import logging
import re
from contextlib import contextmanager
from io import BytesIO
from typing import Any

from megaroth.engine.decode.forms import FormError, Fragment, fragments_visitor, merge, widgets
from megaroth.engine.reading.bounds import BoundError, bound

_PRINTED = re.compile(r"^\s*page\s+\d{1,4}\s+of\s+\d{1,4}\s*$", re.IGNORECASE | re.MULTILINE)


# An 80-page SPD is a long one, and a plan document with its amendments runs to a few hundred pages; 1,000
# pages take about 15 s to read here (benchmarks/decode_speed.py reads 80 in about 1 s).
MAX_DOCUMENT_PAGES = ("MEGAROTH_MAX_DOCUMENT_PAGES", 1_000, 1_000_000)


class PdfError(Exception):
    """A PDF whose text cannot be read: encrypted, broken, too long, or without a text layer."""


def _page_text(page: Any) -> str:
    """One page's text layer, with its form fields written in where it has any."""
    found = widgets(page)
    if not found:
        return page.extract_text() or ""
    fragments: list[Fragment] = []
    text = page.extract_text(visitor_text=fragments_visitor(fragments)) or ""
    return merge(text, found, fragments)


@contextmanager
def _pypdf_quiet():
    """pypdf logs what it repairs or gives up on ("EOF marker not found") to standard error through logging's
    last-resort handler; the user gets decode's one message instead, so its logger is silenced while it reads."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        logger.setLevel(level)


def pdf_text(data: bytes) -> str:
    """The text of every page, in order; a PdfError says why there is none."""
    with _pypdf_quiet():
        return _pdf_text(data)


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        limit = bound(*MAX_DOCUMENT_PAGES)
    except BoundError as error:
        raise PdfError(str(error)) from None
    try:
        reader = PdfReader(BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise PdfError("an encrypted PDF: decrypt it first (e.g. qpdf --decrypt IN.pdf OUT.pdf)")
        # The page tree's own /Count first: walking a tree of 100,000 pages to count them is itself costly.
        # The walk's count is checked too, since a broken or hostile file's /Count may be too small.
        claimed = reader.trailer["/Root"]["/Pages"].get("/Count", 0)
        count = claimed if isinstance(claimed, int) and claimed > limit else len(reader.pages)
        if count > limit:
            raise PdfError(f"a PDF of {count:,} pages: more than {limit:,} (MEGAROTH_MAX_DOCUMENT_PAGES)")
        pages = [_page_text(page) for page in reader.pages]
    except PdfError:
        raise
    except FormError as error:
        raise PdfError(str(error)) from None
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as error:
        raise PdfError(f"not a readable PDF ({type(error).__name__}: {error})") from None
    except Exception as error:  # pypdf raises many kinds on a broken file; each is one clear message, never a traceback
        raise PdfError(f"not a readable PDF ({type(error).__name__})") from None
    if not pages:
        raise PdfError("a PDF with no pages")
    if not any(text.strip() for text in pages):
        raise PdfError("the PDF has no text layer (a scanned document?): run OCR first, e.g. ocrmypdf IN.pdf OUT.pdf")
    if any(_PRINTED.search(text) for text in pages):
        return "\n".join(pages)
    return "\n".join(f"{text}\nPage {number} of {len(pages)}" for number, text in enumerate(pages, start=1))
