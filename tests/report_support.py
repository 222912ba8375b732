"""Helpers for the report tests: run `megaroth report` through CliRunner, and read a page back with html.parser."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from click.testing import CliRunner

from megaroth import __version__
from megaroth.cli import main

# 2026-12-01 00:00:00 UTC: a fixed date, so a page is the same bytes on any day (SOURCE_DATE_EPOCH).
EPOCH = "1796083200"
EPOCH_DATE = "2026-12-01"


def run(*args: str, epoch: str | None = EPOCH):
    env = {} if epoch is None else {"SOURCE_DATE_EPOCH": epoch}
    return CliRunner().invoke(main, ["report", *args], env=env)


def normalised(page: str) -> str:
    """A page with the version and the date made constant, so golden files do not churn on a release."""
    page = page.replace(f"megaroth {__version__}", "megaroth VERSION")
    return re.sub(r"\bon \d{4}-\d{2}-\d{2}\b", "on DATE", page)


@dataclass
class Page:
    """What a report page holds, as a browser would read it: sections by id, tags, text, data attributes."""

    sections: list[str] = field(default_factory=list)
    tags: list[tuple[str, dict[str, str | None]]] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    data: dict[str, list[str]] = field(default_factory=dict)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._in_style = False
        self._joined = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.page.tags.append((tag, attributes))
        if tag == "section" and attributes.get("id"):
            self.page.sections.append(attributes["id"] or "")
        if tag == "footer" and attributes.get("id"):
            self.page.sections.append(attributes["id"] or "")
        for name, value in attrs:
            if name.startswith("data-"):
                self.page.data.setdefault(name, []).append(value or "")
        self._in_style = tag == "style"
        self._joined = tag == "wbr"  # a break opportunity inside a word: the text goes on in the same word

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if not self._in_style and data.strip():
            if self._joined and self.page.text:
                self.page.text[-1] += " ".join(data.split())
            else:
                self.page.text.append(" ".join(data.split()))
        self._joined = False


def read_page(path: Path) -> Page:
    reader = _Reader()
    reader.feed(path.read_text(encoding="utf-8"))
    reader.close()
    return reader.page
