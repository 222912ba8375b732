"""How long `megaroth decode` takes on an 80-page SPD (issue 12's target: under 2 s on one core).

The SPD is built here: 80 pages of benefits prose with "Page N of M" footers and a running header, the
after-tax, Roth, conversion and withdrawal sentences on pages 23, 41 and 67. It is timed in this process
(median of five), as plain text, as a PDF drawn with fpdf2 (the PDF figure includes pypdf's extraction) and
as a Word .docx written with python-docx.

    python -m benchmarks.decode_speed
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from megaroth.engine.decode.decoder import decode, read_document

HEADER = "Larkspur Freight 401(k) Plan - Summary Plan Description"
FILLER = (
    "Your medical plan pays covered charges after the deductible, and the dental plan covers two cleanings a "
    "year. Vacation accrues each pay period and carries over up to forty hours. The employee assistance program "
    "offers confidential counselling at no cost. Tuition assistance repays approved courses up to a yearly cap."
)
ANSWERS = {
    23: "You may make pre-tax contributions and Roth 401(k) contributions. The Plan also accepts voluntary "
    "after-tax contributions of up to 10% of pay.",
    41: "The Plan permits in-plan Roth conversions of your after-tax account.",
    67: "You may withdraw all or part of your after-tax account for any reason once per calendar year.",
}


def spd_pages(pages: int = 80) -> list[str]:
    """The SPD's pages: header, seven paragraphs, and an answer on the pages ANSWERS names."""
    built = []
    for number in range(1, pages + 1):
        paragraphs = [FILLER] * 7
        if number in ANSWERS:
            paragraphs.insert(3, ANSWERS[number])
        built.append(HEADER + "\n\n" + "\n\n".join(paragraphs))
    return built


def spd_text(pages: int = 80) -> str:
    return "".join(f"{page}\n\nPage {number} of {pages}\n" for number, page in enumerate(spd_pages(pages), start=1))


def spd_pdf(path: Path, pages: int = 80) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=10)
    for number, text in enumerate(spd_pages(pages), start=1):
        pdf.add_page()
        pdf.set_auto_page_break(True, margin=20)
        pdf.multi_cell(0, 5, text)
        pdf.set_auto_page_break(False)  # the footer goes in the bottom margin, not on a page of its own
        pdf.set_y(-20)
        pdf.cell(0, 10, f"Page {number} of {pages}", align="C")
    pdf.output(str(path))
    return path


def spd_docx(path: Path, pages: int = 80) -> Path:
    """The same SPD as a Word document: each page's paragraphs, the header and footers left out (Word keeps
    them apart from the body)."""
    import docx

    document = docx.Document()
    for text in spd_pages(pages):
        for paragraph in text.split("\n\n")[1:]:
            document.add_paragraph(paragraph)
    document.save(str(path))
    return path


def _median(path: Path, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        decode([read_document(str(path))])
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        text = Path(folder) / "spd.txt"
        text.write_text(spd_text(), encoding="utf-8")
        pdf = spd_pdf(Path(folder) / "spd.pdf")
        word = spd_docx(Path(folder) / "spd.docx")
        figures = {"80-page SPD, text": _median(text), "80-page SPD, PDF": _median(pdf),
                   "80-page SPD, .docx": _median(word)}  # fmt: skip
    for name, seconds in figures.items():
        print(f"{name}: {seconds:.3f} s (target < 2 s) {'ok' if seconds < 2 else 'MISSED'}")
    return 0 if all(seconds < 2 for seconds in figures.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
