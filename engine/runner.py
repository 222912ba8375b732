"""A whole check run: files in, reports out, an exit code back (never sys.exit)."""

from __future__ import annotations

import contextlib
from datetime import date
from typing import Iterable, Sequence

from engine.checker import Source, check_source, discover
from engine.findings import Summary
from engine.reporters import Reporter
from engine.selection import Exclude, Selection
from engine.terminal import ProgressFactory


def run_sources(
    sources: Sequence[Source],
    reporters: Sequence[Reporter],
    *,
    fail_on: str = "error",
    today: date | None = None,
    schema_only: bool = False,
    selection: Selection = Selection(),
    progress: ProgressFactory | None = None,
) -> int:
    """Check each source, feed each result to every reporter, return the exit code.

    Ctrl-C stops the run between or inside files; the reporters still finish,
    so what was checked before it is reported, and the exit code is 130.
    """
    today = today or date.today()
    summary = Summary(fail_on=fail_on)
    with progress(len(sources)) if progress else contextlib.nullcontext() as bar:
        try:
            for source in sources:
                result = check_source(source, today, schema_only=schema_only, selection=selection)
                summary.add(result)
                for reporter in reporters:
                    reporter.file(result)
                if bar is not None:
                    bar.update(1)
        except KeyboardInterrupt:
            summary.interrupted = True
    for reporter in reporters:
        reporter.finish(summary)
    return summary.exit_code


def run_check(
    paths: Iterable[str],
    reporters: Sequence[Reporter],
    *,
    fail_on: str = "error",
    today: date | None = None,
    schema_only: bool = False,
    selection: Selection = Selection(),
    exclude: Sequence[Exclude] = (),
    progress: ProgressFactory | None = None,
) -> int:
    """Check every file the paths name (folders searched, excludes skipped)."""
    sources = list(discover(paths, exclude))
    return run_sources(
        sources, reporters, fail_on=fail_on, today=today, schema_only=schema_only, selection=selection, progress=progress
    )
