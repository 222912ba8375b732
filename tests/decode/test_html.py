"""Web pages: their visible text, cited by the source line it starts on; scripts and styles are not the page."""

from __future__ import annotations

from pathlib import Path

from megaroth.engine.decode.decoder import decode, read_document
from megaroth.engine.decode.html import html_text, looks_like_html

CORPUS = Path(__file__).parent / "corpus"


def test_a_portal_page_is_answered_with_its_source_lines() -> None:
    path = str(CORPUS / "aspen-portal.html")
    decoded = decode([read_document(path)])
    (after_tax,) = decoded.answers["contributions.after_tax.allowed"].evidence
    # Line 13 of the page: <li>After-tax contributions, up to 20% of eligible pay, ...</li>
    assert (after_tax.line, after_tax.page) == (13, None)
    assert after_tax.text == "- After-tax contributions, up to 20% of eligible pay, once you reach the IRS limit on the others."
    (withdrawal,) = decoded.answers["conversion.in_service.per_year"].evidence
    # Line 16: the paragraph starts there and runs onto line 17 ("six-consecutive-month period"): 2 a year.
    assert (withdrawal.line, decoded.answers["conversion.in_service.per_year"].value) == (16, 2)
    # The script's "No in-plan Roth rollovers are available." is no text of the page.
    assert decoded.answers["conversion.in_plan.available"].value == "unknown"
    assert decoded.name is not None and (decoded.name[0], decoded.name[1].line) == ("Aspen Grove Hospitals 401(k) Plan", 7)


def test_blocks_are_paragraphs_list_items_bullets_and_entities_decoded() -> None:
    text, sources = html_text("<p>A &amp; B.</p><ul>\n<li>One</li>\n<li>Two</li></ul><style>x{}</style>")
    assert [line for line in text.splitlines() if line] == ["A & B.", "- One", "- Two"]
    assert [sources[index] for index, line in enumerate(text.splitlines()) if line] == [1, 2, 3]


def test_html_is_told_by_its_start_not_its_name() -> None:
    assert looks_like_html(b"\n  <!DOCTYPE html><html>") and looks_like_html(b"<html lang=en>")
    assert not looks_like_html(b"The plan permits <b>after-tax</b> contributions.")
