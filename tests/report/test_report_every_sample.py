"""`megaroth report` on every sample, as HTML in a real browser and as PDF read back (issue 15's "done means").

Each sample's header states its verdict and its participants' rooms, worked from the law there and held
by tests/test_samples.py; the report must show the same figures in the browser and in the PDF.
"""

from __future__ import annotations

import re
from pathlib import Path

import pypdf
import pytest

from browser import requires_chromium, visit_all
from report_support import read_page, run
from test_samples import SAMPLE_FILES, expectations

VERDICT_WORDS = {  # how the PDF's verdict heading prints each verdict (its CSS upper-cases the label)
    "eligible": "VERDICT: ELIGIBLE",
    "eligible_with_caveats": "VERDICT: ELIGIBLE WITH CAVEATS",
    "undetermined": "VERDICT: UNDETERMINED",
    "not_eligible": "VERDICT: NOT ELIGIBLE",
    "invalid": "VERDICT: INVALID",
}


def _report(tmp_path: Path, sample: Path, suffix: str) -> Path:
    output = tmp_path / f"{sample.stem}{suffix}"
    result = run(str(sample), "-o", str(output))
    # An invalid plan still gets its report (listing its problems) and exits 2; any other sample exits 0.
    assert result.exit_code == (2 if expectations(sample)["verdict"] == "invalid" else 0), result.stderr
    assert output.exists()
    return output


@pytest.mark.browser
@requires_chromium
def test_every_samples_report_renders_in_chromium_with_no_error_and_no_request(tmp_path: Path):
    pages = [_report(tmp_path, sample, ".html") for sample in SAMPLE_FILES]
    visits = visit_all([(page, f"{page.stem}.png") for page in pages], tmp_path)
    for page, visited in zip(pages, visits):
        assert (page.name, visited.console_errors, visited.requests) == (page.name, [], [])
        assert visited.screenshot.stat().st_size > 10_000, page.name  # a drawn page, not a blank one
        shown = read_page(page)
        expected = expectations(Path("samples") / f"{page.stem}.yaml")
        assert shown.data["data-verdict"] == [expected["verdict"]], page.name


@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=lambda path: path.name)
def test_every_samples_pdf_holds_its_verdict_and_each_participants_room(sample: Path, tmp_path: Path):
    expected = expectations(sample)
    reader = pypdf.PdfReader(_report(tmp_path, sample, ".pdf"))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert VERDICT_WORDS[expected["verdict"]] in text
    flat = re.sub(r"\s+", " ", text)
    for name, dollars in expected["rooms"].items():
        # "After-tax room for YEAR: $N" heads each participant's part, under the participant's name.
        assert name in flat
        assert re.search(rf"After-tax room for \d{{4}}: \${dollars:,}\b", flat), f"{sample.name}: {name} ${dollars:,}"
