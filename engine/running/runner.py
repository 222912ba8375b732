"""A whole check run: files in, reports out, an exit code back (never sys.exit).

With ``jobs`` above 1 the files are checked in that many worker processes
(durable-rules' C core holds the GIL, so threads would not help).  Each worker
builds the schema validator and the ruleset once, on its first file; results
reach the reporters in input order, so the output is the same byte for byte
whatever ``jobs`` is, and only a bounded window of files is in flight, so
memory stays flat however many files there are.  Workers ignore Ctrl-C,
SIGTERM and SIGHUP: this process takes them, stops handing out files, and
reports those done before it; workers die with it (a parent-death signal).
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections import deque
from datetime import date
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Sequence

from megaroth.engine.deciding.checker import InternalError, Source, check_source, discover
from megaroth.engine.deciding.findings import FileResult, Summary
from megaroth.engine.money.limits import TableState, install_table_state, table_state
from megaroth.engine.reporting.reporters import Reporter
from megaroth.engine.deciding.selection import Exclude, Selection
from megaroth.engine.running.terminal import ProgressFactory

if TYPE_CHECKING:  # the pool is imported only when it runs: it costs ~20 ms of every start-up
    from concurrent.futures import Future

CHUNK = 32  # files per task: amortises the round trip to a worker
AHEAD = 4  # tasks in flight per worker: keeps workers busy while bounding memory
INLINE_BELOW = 2 * CHUNK  # fewer files are checked in this process: starting workers costs more


def default_jobs() -> int:
    """The CPUs this process may run on (a container's CPU set, not the host's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - macOS and Windows have no affinity call
        return os.cpu_count() or 1


# --jobs above this is refused as a usage error (cli.MAX_JOBS holds the same
# number, so that --help needs no engine import). The pool itself is smaller
# still: see workers().
MAX_JOBS = 256
WORKERS_PER_CPU = 4


def workers(jobs: int, files: int) -> int:
    """The worker processes a run starts: ``jobs``, but no more than there are chunks of files to hand out,
    nor than 4 per CPU this process may use.

    Each worker holds its own schema validator and ruleset (about 30 MiB), and
    the rules engine is CPU-bound: past a few per CPU, more workers only cost
    memory. A script's -j 64 from a larger machine still runs on a small one.
    """
    chunks = -(-files // CHUNK)
    return max(1, min(jobs, chunks, WORKERS_PER_CPU * default_jobs()))


class Stopped(KeyboardInterrupt):
    """SIGTERM or SIGHUP stopped the run: handled as Ctrl-C is, with its own exit code (``signum``)."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


# Signals that stop a run: Ctrl-C, and what `docker stop`, a CI runner's
# timeout, a supervisor (SIGTERM) or a closed terminal (SIGHUP) send.
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM) + ((signal.SIGHUP,) if hasattr(signal, "SIGHUP") else ())
_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def _raise_stop(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt if signum == signal.SIGINT else Stopped(signum)


def _untouched(signum: int, handler: Any) -> bool:
    """Whether the handler is Python's own (or this module's): one that an ignored SIGHUP
    (``nohup``) or a caller's own handler would not be."""
    default = signal.default_int_handler if signum == signal.SIGINT else signal.SIG_DFL
    return handler is default or handler is _raise_stop


@contextlib.contextmanager
def stop_signals() -> Iterator[None]:
    """SIGTERM and SIGHUP raise Stopped, as SIGINT raises KeyboardInterrupt, while the block runs.

    Around everything that holds a temporary report file open, so that the
    file is removed on the way out; a signal that was ignored stays ignored.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {signum: signal.getsignal(signum) for signum in STOP_SIGNALS if signum != signal.SIGINT}
    taken = [signum for signum, handler in previous.items() if _untouched(signum, handler)]
    for signum in taken:
        signal.signal(signum, _raise_stop)
    try:
        yield
    finally:
        for signum in taken:
            signal.signal(signum, previous[signum])


def _die_with_parent(parent: int) -> None:
    """Ask Linux to SIGKILL this worker when its parent dies, however it dies (SIGKILL included).

    Without it a killed main process left its workers blocked on the task
    queue (each holds the queue's other end, so it never reads end-of-file),
    holding the caller's stdout open: `megaroth ... | tee` never ended. The
    kernel's parent-death signal needs no watcher thread in the worker, and
    reaches a worker busy in the rules engine's C code. Elsewhere (macOS,
    Windows) nothing is set: there workers are left to the pool's own checks.
    """
    if not sys.platform.startswith("linux"):  # pragma: no cover
        return
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # pragma: no cover - no libc prctl: keep running
        return
    if os.getppid() != parent:  # the parent died before the request was in place
        os._exit(1)


def _start_worker(limits_state: TableState, parent: int) -> None:
    """A worker's start: the parent's limits table; a stop signal reaches the whole process group, and only
    the main process acts on it (it stops handing out files and reports those done); the worker dies with the
    main process.

    The table is the parent's as it is (not the file read again), so every
    worker checks against the very figures the parent does.
    """
    for signum in STOP_SIGNALS:
        signal.signal(signum, signal.SIG_IGN)
    _die_with_parent(parent)
    install_table_state(limits_state)


def _check_chunk(sources: list[Source], today: date, schema_only: bool, selection: Selection) -> list[FileResult]:
    """A worker's task: check a run of files (the caches in checker build once per worker)."""
    return [check_source(source, today, schema_only=schema_only, selection=selection) for source in sources]


def _collect(first: str, task: Future[list[FileResult]]) -> list[FileResult]:
    from concurrent.futures.process import BrokenProcessPool

    try:
        return task.result()
    except BrokenProcessPool:
        # Every task still in flight fails with the pool, so the one that killed
        # its worker is this one or a later one: say so, and how to find it.
        raise InternalError(first, "a worker process died checking this file or one after it; --jobs 1 shows which") from None


def _in_workers(
    sources: Iterable[Source], today: date, schema_only: bool, selection: Selection, jobs: int
) -> Iterator[FileResult]:
    from concurrent.futures import Future, ProcessPoolExecutor

    pending: deque[tuple[str, Future[list[FileResult]]]] = deque()  # in input order
    chunk: list[Source] = []
    with ProcessPoolExecutor(max_workers=jobs, initializer=_start_worker, initargs=(table_state(), os.getpid())) as pool:

        def submit() -> None:
            if chunk:
                pending.append((chunk[0].name, pool.submit(_check_chunk, list(chunk), today, schema_only, selection)))
                chunk.clear()

        try:
            for source in sources:
                if source.location is None:
                    # stdin, or a path that cannot be used: workers have no stdin, so this process checks it.
                    submit()
                    done: Future[list[FileResult]] = Future()
                    done.set_result([check_source(source, today, schema_only=schema_only, selection=selection)])
                    pending.append((source.name, done))
                else:
                    chunk.append(source)
                    if len(chunk) == CHUNK:
                        submit()
                while len(pending) > jobs * AHEAD:
                    yield from _collect(*pending.popleft())
            submit()
            while pending:
                yield from _collect(*pending.popleft())
        finally:
            for _, task in pending:  # an error, or the reader stopped early: drop work not started
                task.cancel()


def check_results(
    sources: Sequence[Source],
    today: date,
    *,
    schema_only: bool = False,
    selection: Selection = Selection(),
    jobs: int = 1,
) -> Iterator[FileResult]:
    """One result per source, in their order, checked by ``jobs`` processes."""
    if jobs > 1 and len(sources) >= INLINE_BELOW:
        return _in_workers(sources, today, schema_only, selection, workers(jobs, len(sources)))
    return (check_source(source, today, schema_only=schema_only, selection=selection) for source in sources)


class _Interrupts:
    """A stop signal during a run (Ctrl-C, SIGTERM, SIGHUP): acted on at once, except while a result is
    counted and reported.

    While ``holding``, a signal is noted and acted on once the file's report
    is whole (``release``): a report never ends in the middle of a file's
    lines, nor counts a file it did not show. Waiting for a result (a worker,
    or a file that is slow to read) is interrupted at once. Only Python's own
    handlers (and stop_signals') are replaced, for the run; an ignored signal
    (SIGHUP under nohup) or a custom handler is left as it is. One handler for
    the whole run: setting one per file would cost two system calls each.
    """

    def __init__(self) -> None:
        self.holding = False
        self.caught: int | None = None
        self.previous: dict[int, Any] = {}

    def _handle(self, signum: int, frame: Any) -> None:
        if not self.holding:
            _raise_stop(signum, frame)
        self.caught = signum

    def __enter__(self) -> "_Interrupts":
        if threading.current_thread() is threading.main_thread():
            for signum in STOP_SIGNALS:
                handler = signal.getsignal(signum)
                if _untouched(signum, handler):
                    self.previous[signum] = handler
                    signal.signal(signum, self._handle)
        return self

    def __exit__(self, *exc_info: object) -> None:
        for signum, handler in self.previous.items():
            signal.signal(signum, handler)

    def release(self) -> None:
        """The result is reported whole: act on a signal that came meanwhile."""
        self.holding = False
        if self.caught is not None:
            _raise_stop(self.caught, None)


def run_sources(
    sources: Sequence[Source],
    reporters: Sequence[Reporter],
    *,
    fail_on: str = "error",
    today: date | None = None,
    schema_only: bool = False,
    selection: Selection = Selection(),
    progress: ProgressFactory | None = None,
    jobs: int = 1,
) -> int:
    """Check each source, feed each result to every reporter, return the exit code.

    Ctrl-C stops the run between or inside files; the reporters still finish,
    so what was checked before it is reported, and the exit code is 130
    (SIGTERM: 143, SIGHUP: 129).
    """
    today = today or date.today()
    summary = Summary(fail_on=fail_on)
    with progress(len(sources)) if progress else contextlib.nullcontext() as bar:
        try:
            with _Interrupts() as interrupts:
                for result in check_results(sources, today, schema_only=schema_only, selection=selection, jobs=jobs):
                    interrupts.holding = True
                    summary.add(result)
                    for reporter in reporters:
                        reporter.file(result)
                    if bar is not None:
                        bar.update(1)
                    interrupts.release()
        except KeyboardInterrupt as stop:
            summary.interrupted = True
            summary.stop_signal = stop.signum if isinstance(stop, Stopped) else signal.SIGINT
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
    jobs: int = 1,
) -> int:
    """Check every file the paths name (folders searched, excludes skipped)."""
    sources = list(discover(paths, exclude))
    return run_sources(
        sources,
        reporters,
        fail_on=fail_on,
        today=today,
        schema_only=schema_only,
        selection=selection,
        progress=progress,
        jobs=jobs,
    )
