"""The report's HTML as PDF, through WeasyPrint (the optional extra megaroth[pdf]).

WeasyPrint lays out HTML and CSS for print and draws inline SVG; its PyPI wheel
runs on the system's Pango with no build step. It is imported only when a PDF
is asked for: it is an optional install and its import costs most of a second.

The same HTML gives the same bytes: WeasyPrint 70 writes no creation date and no
file identifier unless asked (it does not read SOURCE_DATE_EPOCH; a date appears
only when the HTML carries a dcterms.created or dcterms.modified meta tag), and
nothing is fetched: a report holds everything it shows, so a URL other than a
data: URL is refused rather than read from the network or the disk.
"""

from __future__ import annotations

from typing import Any

INSTALL_HINT = "pip install 'megaroth[pdf]'"

# A default, not an override: a template's own font on body or below wins. DejaVu is installed with the image
# and embedded (subset) in the PDF, so the text and its metrics do not depend on what else a machine has.
BASE_CSS = 'html { font-family: "DejaVu Sans", sans-serif; }'


class PdfError(Exception):
    """No PDF can be made: WeasyPrint is missing or cannot load, or the HTML refers to something outside it."""


def _weasyprint() -> Any:
    try:
        import weasyprint
    except ImportError:
        raise PdfError(f"PDF output needs WeasyPrint: {INSTALL_HINT}") from None
    except OSError as error:  # the wheel is there but a system library (Pango, HarfBuzz) is not
        raise PdfError(f"PDF output needs WeasyPrint, which cannot load a system library: {error}") from None
    return weasyprint


def check_available() -> None:
    """Raise PdfError now, before any other work, when no PDF could be made."""
    _weasyprint()


def render_pdf(html: str) -> bytes:
    """The PDF of ``html``: the same HTML gives the same bytes. Raises PdfError."""
    weasyprint = _weasyprint()
    from weasyprint.urls import FatalURLFetchingError, URLFetcher

    class _NoFetching(URLFetcher):
        """Reads data: URLs (they are part of the HTML) and refuses every other one."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.lower().startswith("data:"):
                return super().fetch(url, headers)
            # FatalURLFetchingError stops the rendering; any other exception WeasyPrint logs and skips.
            raise FatalURLFetchingError(url)

    try:
        document = weasyprint.HTML(string=html, url_fetcher=_NoFetching())
        return document.write_pdf(stylesheets=[weasyprint.CSS(string=BASE_CSS)], pdf_identifier=False)
    except FatalURLFetchingError as error:
        raise PdfError(
            f"the report's HTML refers to {error}: a report holds everything it shows, so nothing is fetched"
        ) from None
