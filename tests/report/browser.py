"""Open an HTML file in the system's headless Chromium and say what it did: console errors, requests, a screenshot.

Playwright's Python package drives Debian's Chromium (/usr/bin/chromium) through executable_path: its own
browser downloads (`playwright install`) cannot reach their servers here. Each page gets a fresh profile
(--user-data-dir) and the flags that keep Chromium off the network (no background fetches, updates, sync or
QUIC), and every request other than the file itself is recorded and then aborted, so a test never depends
on, or reaches, the network.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
# --headless is Playwright's own (headless=True); these are the rest of docs' set (documents-and-browsers.md).
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1000, "height": 800}


def find_chromium() -> str | None:
    """Debian's Chromium, or one named by MEGAROTH_CHROMIUM, or a `chromium` on PATH; None when there is none."""
    for candidate in (os.environ.get("MEGAROTH_CHROMIUM"), CHROMIUM, shutil.which("chromium")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


requires_chromium = pytest.mark.skipif(
    find_chromium() is None,
    reason=f"Chromium not found ({CHROMIUM}, MEGAROTH_CHROMIUM or chromium on PATH):"
    " .ci/run installs it with apt-get install chromium chromium-driver",
)


@dataclass(frozen=True)
class PageVisit:
    """What the browser did with one page."""

    console_errors: list[str]  # console.error messages, failed loads and uncaught exceptions, in order
    requests: list[str]  # every URL the page asked for other than the file itself, in order
    screenshot: Path  # a PNG of the whole page


def visit(page_file: Path, tmp_path: Path, *, screenshot_name: str = "screenshot.png") -> PageVisit:
    """Load ``page_file`` in headless Chromium; the screenshot and the profile go under ``tmp_path``."""
    return visit_all([(page_file, screenshot_name)], tmp_path)[0]


def visit_all(pages: list[tuple[Path, str]], tmp_path: Path) -> list[PageVisit]:
    """Load each (file, screenshot name) in turn, each in a new tab of one browser: one launch for many pages."""
    from playwright.sync_api import sync_playwright

    executable = find_chromium()
    if executable is None:
        raise RuntimeError("Chromium not found: mark the test with browser.requires_chromium")
    profile = tmp_path / "chromium-profile"
    profile.mkdir()
    visits: list[PageVisit] = []
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=executable, headless=True, args=FLAGS, viewport=VIEWPORT
        )
        try:
            for page_file, screenshot_name in pages:
                visits.append(_visit_one(context, page_file, tmp_path / screenshot_name))
        finally:
            context.close()
    return visits


def _visit_one(context, page_file: Path, screenshot: Path) -> PageVisit:
    own_url = page_file.resolve().as_uri()
    errors: list[str] = []
    requests: list[str] = []
    page = context.new_page()
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))

    def route(handle_route, request) -> None:
        if request.url.split("#", 1)[0] == own_url:
            handle_route.continue_()
        else:
            requests.append(request.url)
            handle_route.abort()

    page.route("**/*", route)
    page.goto(own_url, wait_until="load")
    page.screenshot(path=str(screenshot), full_page=True)
    page.close()
    return PageVisit(console_errors=errors, requests=requests, screenshot=screenshot)
