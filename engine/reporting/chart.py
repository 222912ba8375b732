"""The projection drawn with matplotlib (the optional extra megaroth[chart]).

Imported only when --chart is asked for: matplotlib is an optional install
and costs most of a second to import.  The image is drawn in memory and
written through engine/reading/atomic.py, like every file megaroth writes: complete
or absent, and an existing file is replaced only with --force.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from megaroth.engine.reading.atomic import check_writable, write_bytes
from megaroth.engine.money.projection import Projection

FORMATS = (".png", ".svg")
WIDTH_INCHES, HEIGHT_INCHES, DPI = 8, 4.5, 100  # a PNG of 800 × 450 pixels; an SVG of 576 × 324 points
INSTALL_HINT = "pip install 'megaroth[chart]'"


class ChartError(Exception):
    """The chart cannot be drawn: no matplotlib, or a file name that is not .png or .svg."""


def check_target(path: str, *, force: bool) -> None:
    """Refuse a chart path before any work: a wrong suffix, a missing folder, a file in the way without force.

    Raises ChartError, or megaroth.engine.reading.atomic.WriteError for the file itself.
    """
    if Path(path).suffix.lower() not in FORMATS:
        raise ChartError(f"--chart {path}: the file name must end in .png or .svg")
    check_writable(path, force=force)


def _matplotlib() -> Any:
    try:
        import matplotlib
    except ImportError:
        raise ChartError(f"--chart needs matplotlib, an optional extra: {INSTALL_HINT}") from None
    return matplotlib


def render(projection: Projection, image_format: str, *, ira_year: int) -> bytes:
    """The projection as PNG or SVG bytes; the same projection gives the same bytes."""
    matplotlib = _matplotlib()
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    # A Figure of its own (no pyplot): no global state, no GUI backend.
    figure = Figure(figsize=(WIDTH_INCHES, HEIGHT_INCHES), dpi=DPI)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    ages = projection.start_age is not None
    xs = [row.age if ages else row.year for row in projection.rows]
    axes.plot(xs, [row.each_year for row in projection.rows], label=f"Mega Backdoor Roth, {projection.amount:,} a year")
    axes.plot(xs, [row.one_contribution for row in projection.rows], label=f"one conversion of {projection.amount:,}")
    axes.plot(xs, [row.ira_each_year for row in projection.rows], label=f"Backdoor Roth IRA at the {ira_year} limit")
    axes.set_title(f"Projected Roth balance at a {float(projection.return_percent):g}% real return (today's dollars)")
    axes.set_xlabel("age at year end" if ages else "year")
    axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.0f}"))
    axes.grid(True, alpha=0.3)
    axes.legend(loc="upper left")
    figure.tight_layout()
    # No dates or versions in the file, and fixed SVG ids: the same input gives the same bytes.
    metadata = {"Date": None, "Creator": None} if image_format == "svg" else {"Software": None}
    buffer = io.BytesIO()
    with matplotlib.rc_context({"svg.hashsalt": "megaroth"}):
        figure.savefig(buffer, format=image_format, dpi=DPI, metadata=metadata)
    return buffer.getvalue()


def write_chart(projection: Projection, path: str, *, ira_year: int, force: bool = False) -> None:
    """Draw the projection to a .png or .svg file."""
    check_target(path, force=force)
    write_bytes(path, render(projection, Path(path).suffix.lower()[1:], ira_year=ira_year), force=force)
