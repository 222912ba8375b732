"""Run a check into its reports: standard output, or files written atomically."""

from __future__ import annotations

import contextlib
import os
from datetime import date
from typing import Sequence, TextIO

from megaroth.engine.reading.atomic import Guarded, WriteError, atomic_write, wrote
from megaroth.engine.deciding.checker import STDIN, discover
from megaroth.engine.deciding.findings import EXIT_STOPPED, SIGINT
from megaroth.engine.reporting.reporters import REPORTER_BY_NAME
from megaroth.engine.running.runner import Stopped, run_sources, stop_signals
from megaroth.engine.running.settings import Settings, SettingsError
from megaroth.engine.running.terminal import is_terminal, progress_bar, use_color


def _same_file(first: str, second: str) -> bool:
    try:
        return os.path.samefile(first, second)
    except OSError:
        return False


def run_to_outputs(
    paths: Sequence[str],
    settings: Settings,
    *,
    stdout: TextIO,
    stderr: TextIO,
    today: date | None = None,
    schema_only: bool = False,
    force: bool = False,
    jobs: int = 1,
    color: str = "auto",
) -> int:
    """Check the paths and write every report; return the exit code.

    Each file report is written to a temporary file and takes its name only
    when the whole run has finished: an error or an interrupt leaves no
    partial report, and an existing file is replaced only with ``force``.
    A report never replaces one of the plans being checked, even with force.
    Each report file, once in place, gets one ``megaroth: wrote FILE (format)``
    line on ``stderr``. ``color`` is the --color mode for a text report on
    ``stdout``; files are never coloured.
    """
    if list(paths).count(STDIN) > 1:
        # The first - reads standard input to its end; a second would check an empty file.
        raise SettingsError("- (standard input) is given more than once; it can be read only once")
    sources = list(discover(paths, settings.exclude))
    if not sources and paths:
        # Every path was excluded: the report's "Checked 0 files" alone would
        # read as a clean run. Not an error: a pre-commit hook names only the
        # changed files, and all of them may be excluded.
        print("megaroth: no files were checked: the exclude globs match every path given", file=stderr)
    for spec in settings.outputs:
        for source in sources:
            if spec.path is not None and source.location is not None and _same_file(spec.path, str(source.location)):
                raise WriteError(spec.path, "is one of the plan files being checked; megaroth never writes over its input")
    # Text and GitHub reports print each file as it is checked; the others print at the end.
    streams_to_stdout = any(spec.path is None and spec.format in ("text", "github") for spec in settings.outputs)
    try:
        # From the first temporary file on, SIGTERM and SIGHUP unwind as Ctrl-C does, through atomic_write.
        with stop_signals(), contextlib.ExitStack() as files:
            reporters = []
            for spec in settings.outputs:
                stream = (
                    Guarded(stdout, "standard output")
                    if spec.path is None
                    else files.enter_context(atomic_write(spec.path, force=force))
                )
                painted = spec.format == "text" and spec.path is None and use_color(stdout, color)
                extra = {"quiet": settings.quiet} if spec.format == "text" else {}
                reporters.append(REPORTER_BY_NAME[spec.format](stream, color=painted, fail_on=settings.fail_on, **extra))
            code = run_sources(
                sources,
                reporters,
                fail_on=settings.fail_on,
                today=today,
                schema_only=schema_only,
                selection=settings.selection,
                progress=progress_bar(stderr, report_on_terminal=streams_to_stdout and is_terminal(stdout)),
                jobs=jobs,
            )
            stopped_by = {code: signum for signum, code in EXIT_STOPPED.items()}.get(code)
            if stopped_by is not None:
                # Standard output now shows the files done; a report file would
                # hold part of the run, so the interrupt goes on through
                # atomic_write, which removes it.
                raise Stopped(stopped_by)
    except KeyboardInterrupt as stop:
        return EXIT_STOPPED[stop.signum if isinstance(stop, Stopped) else SIGINT]
    for spec in settings.outputs:  # only now: every file has taken its name
        if spec.path is not None:
            print(wrote(spec.path, spec.format), file=stderr)
    return code
