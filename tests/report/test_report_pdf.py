"""The report's PDF (engine/report/pdf.py): text read back with pypdf, the same bytes every time, nothing fetched.

WeasyPrint is the optional extra megaroth[pdf]; the test extra installs it, so these tests run in CI rather
than skip.
"""

from __future__ import annotations

import io
import subprocess
import sys
from decimal import Decimal

import pypdf
import pytest

from megaroth.engine.report.chart import acp_svg, projection_svg
from megaroth.engine.report.pdf import PdfError, check_available, render_pdf

# The figures are the chart tests' small cases: $10,000 a year for 3 years at 5%, and an ACP test with
# NHCE ACP 3.00%, its limit 5.00% (§1.401(m)-2(a)(1)(ii)) and HCE ACP 5.50%.
HTML = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Acme 401(k) Plan: Mega Backdoor Roth report</title></head>
<body>
<h1>Acme 401(k) Plan</h1>
<p>Verdict: supported. The plan allows after-tax contributions and in-plan Roth conversions.</p>
<table>
<thead><tr><th>participant</th><th>after-tax room</th></tr></thead>
<tbody><tr><td>Ana Lopez</td><td>$36,500</td></tr><tr><td>Bo Chen</td><td>$12,250</td></tr></tbody>
</table>
{projection_svg([1, 2, 3], [Decimal(10_000), Decimal(20_000), Decimal(30_000)],
                [Decimal(10_500), Decimal(21_525), Decimal("33101.25")], "Growth")}
{acp_svg(Decimal("5.50"), Decimal("3.00"), Decimal("5.00"))}
</body></html>
"""
PIXEL = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="  # a 1×1 PNG


def read(pdf: bytes) -> pypdf.PdfReader:
    assert pdf.startswith(b"%PDF-")
    return pypdf.PdfReader(io.BytesIO(pdf))


def test_the_text_reads_back():
    reader = read(render_pdf(HTML))
    assert len(reader.pages) == 1
    lines = reader.pages[0].extract_text().splitlines()
    assert lines[:6] == [
        "Acme 401(k) Plan",
        "Verdict: supported. The plan allows after-tax contributions and in-plan Roth",
        "conversions.",
        "participant after-tax room",
        "Ana Lopez $36,500",
        "Bo Chen $12,250",
    ]
    # The inline SVG charts are drawn as text, not as a picture: their labels read back too.
    for label in ["contributed what it grows to", "$40k", "limit 5.00%", "5.50%", "HCE ACP"]:
        assert label in lines


def test_the_fonts_are_dejavu_embedded():
    page = read(render_pdf(HTML)).pages[0]
    fonts = sorted(font.get_object()["/BaseFont"].split("+", 1)[1] for font in page["/Resources"]["/Font"].values())
    assert fonts == ["DejaVu-Sans", "DejaVu-Sans-Bold"]  # the body and the h1 / chart title


def test_the_same_html_gives_the_same_bytes_with_no_date_or_identifier():
    first, second = render_pdf(HTML), render_pdf(HTML)
    assert first == second
    reader = read(first)
    assert "/ID" not in reader.trailer
    assert sorted(reader.metadata) == ["/Producer", "/Title"]  # no /CreationDate, no /ModDate
    assert reader.metadata["/Title"] == "Acme 401(k) Plan: Mega Backdoor Roth report"


@pytest.mark.slow
def test_two_processes_with_different_hash_seeds_give_the_same_bytes(tmp_path):
    # Font subsetting names the subsets and orders the glyphs: it must not hang on set or dict order.
    source = tmp_path / "report.html"
    source.write_text(HTML, encoding="utf-8")
    script = (
        "import sys, hashlib, pathlib; from megaroth.engine.report.pdf import render_pdf;"
        "print(hashlib.sha256(render_pdf(pathlib.Path(sys.argv[1]).read_text(encoding='utf-8'))).hexdigest())"
    )
    digests = {
        subprocess.run(
            [sys.executable, "-c", script, str(source)], capture_output=True, text=True, check=True,
            env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"},
        ).stdout
        for seed in ("1", "2")
    }
    assert len(digests) == 1


@pytest.mark.parametrize(
    ("reference", "url"),
    [
        ('<img src="http://example.invalid/x.png" alt="x">', "http://example.invalid/x.png"),
        ('<link rel="stylesheet" href="https://example.invalid/a.css">', "https://example.invalid/a.css"),
        ('<img src="file:///etc/hostname" alt="x">', "file:///etc/hostname"),
    ],
)
def test_nothing_is_fetched(reference: str, url: str):
    with pytest.raises(PdfError) as raised:
        render_pdf(f"<html><head><title>t</title>{reference}</head><body><p>Verdict</p></body></html>")
    assert str(raised.value) == (
        f"the report's HTML refers to {url}: a report holds everything it shows, so nothing is fetched"
    )


def test_a_data_url_is_part_of_the_html_and_is_drawn():
    page = read(render_pdf(f'<html><body><p>Verdict</p><img src="data:image/png;base64,{PIXEL}" alt="dot"></body></html>')).pages[0]
    assert page.extract_text() == "Verdict\n"  # the image sits on the line after the paragraph
    assert len(page.images) == 1


def test_without_weasyprint_one_clear_error(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # `import weasyprint` now raises ImportError
    message = "PDF output needs WeasyPrint: pip install 'megaroth[pdf]'"
    with pytest.raises(PdfError, match=r"^PDF output needs WeasyPrint: pip install 'megaroth\[pdf\]'$") as raised:
        check_available()
    assert str(raised.value) == message
    with pytest.raises(PdfError) as raised:
        render_pdf(HTML)
    assert str(raised.value) == message


def test_a_relative_reference_is_not_read_from_the_disk(tmp_path, monkeypatch: pytest.MonkeyPatch):
    # The HTML has no base URL, so "dot.png" resolves to nothing: not to the working folder, where it exists.
    import base64

    (tmp_path / "dot.png").write_bytes(base64.b64decode(PIXEL))
    monkeypatch.chdir(tmp_path)
    page = read(render_pdf('<html><body><p>Verdict</p><img src="dot.png" alt="dot"></body></html>')).pages[0]
    assert len(page.images) == 0
