"""A web page's text (benefits portals publish SPDs as HTML), with the standard library's html.parser.

Block elements end a line and list items start one, so a page's paragraphs and
lists become the paragraphs and bullets the sentence cutter knows; scripts,
styles and templates are dropped. Entities are decoded by the parser.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_BLOCKS = {"p", "div", "section", "article", "header", "footer", "main", "aside", "nav", "br", "tr", "table",
           "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "hr", "form"}  # fmt: skip
_HIDDEN = {"script", "style", "template", "noscript", "head"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCKS or tag == "li":
            self.parts.append("\n\n" if tag != "li" else "\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            if data.strip():
                # Where the text starts in the page's source, so evidence cites the line an analyst can open.
                skipped = len(data) - len(data.lstrip())
                line = self.getpos()[0] + data[:skipped].count("\n")
                self.parts.append(f"\x01{line}\x02" + " ".join(data.split()))
            else:
                self.parts.append(" ")


def looks_like_html(raw: bytes) -> bool:
    """An HTML page by its start: a doctype or an <html> tag in the first kilobyte."""
    head = raw[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<html" in head


def html_text(text: str) -> tuple[str, list[int]]:
    """The page's visible text, one block a paragraph, and for each of its lines the source line it starts on."""
    parser = _Text()
    parser.feed(text.replace("\x01", " ").replace("\x02", " "))
    parser.close()
    lines: list[str] = []
    sources: list[int] = []
    for line in "".join(parser.parts).splitlines():
        marks = re.findall(r"\x01(\d+)\x02", line)
        sources.append(int(marks[0]) if marks else (sources[-1] if sources else 1))
        lines.append(" ".join(re.sub(r"\x01\d+\x02", "", line).split()))
    return "\n".join(lines), sources
