"""What depends on a terminal being there: colour, and the progress bar.

Colour (``--color``): ``always`` and ``never`` say it outright; ``auto``, the
default, colours when NO_COLOR is unset or empty (https://no-color.org) and
either FORCE_COLOR is set to a non-empty value (https://force-color.org) or
the stream is a terminal. NO_COLOR wins over FORCE_COLOR: turning colour off
is the safer reading of two settings that disagree. The progress bar goes to stderr, only when stderr is a
terminal, only for runs of more than PROGRESS_THRESHOLD files, and not when the
report itself streams to the same terminal (its lines already show progress,
and a bar redrawn between them would garble both).
"""

from __future__ import annotations

import contextlib
import os
from typing import Any, Callable, ContextManager

import click

PROGRESS_THRESHOLD = 50

ProgressFactory = Callable[[int], ContextManager[Any]]


def is_terminal(stream: object) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False


COLOR_MODES = ("auto", "always", "never")


def use_color(stream: object, mode: str = "auto") -> bool:
    """Whether to colour text written to ``stream`` under ``--color mode``."""
    if mode not in COLOR_MODES:
        raise ValueError(f"color mode must be one of {', '.join(COLOR_MODES)}, not {mode!r}")
    if mode != "auto":
        return mode == "always"
    if os.environ.get("NO_COLOR"):
        return False
    return bool(os.environ.get("FORCE_COLOR")) or is_terminal(stream)


def progress_bar(stderr: object, *, report_on_terminal: bool) -> ProgressFactory | None:
    """A factory for the run's progress bar, or None when no bar should be drawn."""
    if report_on_terminal or not is_terminal(stderr):
        return None

    def factory(total: int) -> ContextManager[Any]:
        if total <= PROGRESS_THRESHOLD:
            return contextlib.nullcontext()
        return click.progressbar(length=total, label="Checking", file=stderr, show_pos=True)  # type: ignore[arg-type]

    return factory
