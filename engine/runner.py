"""A whole check run: files in, reports out, an exit code back (never sys.exit)."""

from __future__ import annotations

from datetime import date
from typing import Iterable, Sequence

from engine.checker import check_paths
from engine.findings import Summary
from engine.reporters import Reporter


def run_check(
    paths: Iterable[str],
    reporters: Sequence[Reporter],
    *,
    fail_on: str = "error",
    today: date | None = None,
    schema_only: bool = False,
) -> int:
    """Check every file, feed each result to every reporter, return the exit code.

    Ctrl-C stops the run between or inside files; the reporters still finish,
    so what was checked before it is reported, and the exit code is 130.
    """
    summary = Summary(fail_on=fail_on)
    try:
        for result in check_paths(paths, today, schema_only=schema_only):
            summary.add(result)
            for reporter in reporters:
                reporter.file(result)
    except KeyboardInterrupt:
        summary.interrupted = True
    for reporter in reporters:
        reporter.finish(summary)
    return summary.exit_code
