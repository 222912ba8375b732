"""The report as one self-contained HTML page: Jinja2, autoescaping on, CSS inline, no script, nothing fetched."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

TEMPLATE = "report.html"


@functools.lru_cache(maxsize=1)
def environment() -> Any:
    """The template environment: every value escaped unless the template marks it safe (the chart's SVG only).

    StrictUndefined: a key the data lacks is an error, never an empty cell.
    """
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(Path(__file__).parent / "templates")),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(data: dict[str, Any]) -> str:
    """The page for ``data`` (engine/report/model.build's structure, docs/report-data.md)."""
    return environment().get_template(TEMPLATE).render(report=data)
