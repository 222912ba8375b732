"""The browser helper (tests/report/browser.py) catches what a report must never do, and passes a clean page."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from PIL import Image

import browser
from browser import find_chromium, requires_chromium, visit
from megaroth.engine.report.chart import acp_svg, projection_svg

VALUE_BLUE = (0x1D, 0x4E, 0xD8)  # the projection's "what it grows to" line and the HCE bar (chart.py)


def in_chromium(test):
    """A test that opens a page: marked `browser`, skipped only where no Chromium is found."""
    return pytest.mark.browser(requires_chromium(test))


def page(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "page.html"
    path.write_text(
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>t</title></head><body>{body}</body></html>',
        encoding="utf-8",
    )
    return path


@in_chromium
def test_a_console_error_and_an_outside_image_are_reported(tmp_path: Path):
    visited = visit(page(tmp_path, '<p>x</p><img src="http://example.invalid/x.png" alt="x">'
                                   '<script>console.error("boom")</script>'), tmp_path)
    assert visited.requests == ["http://example.invalid/x.png"]
    # The image's request is aborted by the helper: Chromium reports the failed load as a console error.
    assert sorted(visited.console_errors) == ["Failed to load resource: net::ERR_FAILED", "boom"]


@in_chromium
def test_an_uncaught_exception_is_reported(tmp_path: Path):
    visited = visit(page(tmp_path, "<script>null.x</script>"), tmp_path)
    assert visited.requests == []
    assert visited.console_errors == ["uncaught: Cannot read properties of null (reading 'x')"]


@in_chromium
def test_a_page_with_the_report_charts_is_clean_and_drawn(tmp_path: Path):
    charts = projection_svg(
        [1, 2, 3], [Decimal(10_000), Decimal(20_000), Decimal(30_000)],
        [Decimal(10_500), Decimal(21_525), Decimal("33101.25")], "Growth",
    ) + acp_svg(Decimal("5.50"), Decimal("3.00"), Decimal("5.00"))
    visited = visit(page(tmp_path, f"<h1>Report</h1>{charts}"), tmp_path)
    assert visited.console_errors == []
    assert visited.requests == []
    assert visited.screenshot == tmp_path / "screenshot.png"
    with Image.open(visited.screenshot) as image:
        assert image.format == "PNG" and image.width == 1000  # the viewport's width
        colours = {colour for _, colour in image.convert("RGB").getcolors(maxcolors=1 << 20)}
    assert VALUE_BLUE in colours  # the SVG was drawn, not only parsed


def test_chromium_is_looked_for_where_debian_puts_it_then_on_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("MEGAROTH_CHROMIUM", raising=False)
    monkeypatch.setattr(browser, "CHROMIUM", str(tmp_path / "absent"))
    monkeypatch.setenv("PATH", str(tmp_path))
    assert find_chromium() is None  # the case requires_chromium skips, saying why
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    assert find_chromium() == str(fake)


def test_the_skip_says_why():
    assert requires_chromium.kwargs["reason"] == (
        "Chromium not found (/usr/bin/chromium, MEGAROTH_CHROMIUM or chromium on PATH):"
        " .ci/run installs it with apt-get install chromium chromium-driver"
    )
