"""The projection drawn with matplotlib (the optional extra megaroth[chart]).

Imported only when --chart is asked for: matplotlib is an optional install
and costs most of a second to import.  The image is written to a temporary
file beside the target and moved into place, so a failed draw never leaves
half a file, and an existing file is replaced only when the caller says so.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from engine.projection import Projection

FORMATS = (".png", ".svg")
WIDTH_INCHES, HEIGHT_INCHES, DPI = 8, 4.5, 100  # a PNG of 800 × 450 pixels; an SVG of 576 × 324 points
INSTALL_HINT = "pip install 'megaroth[chart]'"


class ChartError(Exception):
    """The chart cannot be written (no matplotlib, a wrong suffix, a file in the way)."""


def check_target(path: str, *, replace: bool) -> Path:
    """The chart's path, refused before any work if its suffix is wrong or a file is in the way."""
    target = Path(path)
    if target.suffix.lower() not in FORMATS:
        raise ChartError(f"--chart {path}: the file name must end in .png or .svg")
    if target.exists() and not replace:
        raise ChartError(f"--chart {path}: the file exists; choose another name or add --replace-chart")
    if not target.parent.is_dir():
        raise ChartError(f"--chart {path}: the folder {target.parent} does not exist")
    return target


def _matplotlib() -> Any:
    try:
        import matplotlib
    except ImportError:
        raise ChartError(f"--chart needs matplotlib, an optional extra: {INSTALL_HINT}") from None
    return matplotlib


def _save(figure: Any, target: Path, matplotlib: Any) -> None:
    """Write beside the target, then move into place: never half a file at the target."""
    suffix = target.suffix.lower()
    # No dates or versions in the file, and fixed SVG ids: the same input gives the same bytes.
    metadata = {"Date": None, "Creator": None} if suffix == ".svg" else {"Software": None}
    temporary = target.parent / f".{target.name}.{os.getpid()}.tmp"
    # O_EXCL: never write through a file or link someone else put there; 0o666 lets the umask decide.
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(handle, "wb") as stream, matplotlib.rc_context({"svg.hashsalt": "megaroth"}):
            figure.savefig(stream, format=suffix[1:], dpi=DPI, metadata=metadata)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_chart(projection: Projection, path: str, *, ira_year: int, replace: bool = False) -> Path:
    """Draw the projection to a PNG or SVG file and return its path."""
    target = check_target(path, replace=replace)
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
    rate = f"{float(projection.return_percent):g}"
    axes.set_title(f"Projected Roth balance at a {rate}% real return (today's dollars)")
    axes.set_xlabel("age at year end" if ages else "year")
    axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.0f}"))
    axes.grid(True, alpha=0.3)
    axes.legend(loc="upper left")
    figure.tight_layout()
    _save(figure, target, matplotlib)
    return target
