"""What every output format shares: the Reporter interface and a few helpers.

A reporter sees each file's result as soon as it is checked (``file``), then
the run's summary (``finish``). Each writes a file's part as it comes: the
text and GitHub annotations and the JSON report straight to the stream;
SARIF, JUnit and the GitHub text report, whose opening depends on the whole
run, to a Spool on disk. None keeps results in memory, so memory stays flat
however many files a run checks.
"""

from __future__ import annotations

import abc
import json
import os
import re
import tempfile
from pathlib import Path
from typing import IO, Any, ClassVar, Iterator, TextIO
from urllib.parse import quote

from megaroth.engine.deciding.findings import FileResult, Summary
from megaroth.engine.money.limits import Limits, limits_for
from megaroth.engine.reading.display import encodable, printable
from megaroth.engine.reading.atomic import CannotWrite

__all__ = ["Reporter", "artifact_path", "artifact_uri", "printable"]


def limits_of(year: int | None) -> Limits | None:
    """The figures a file of this plan year was checked against (None: no year, or none in the table)."""
    return None if year is None else limits_for(year)


def user_limits(years: set[int]) -> list[Limits]:
    """The years among ``years`` whose figures came from a user's limits file, in year order."""
    found = [limits_of(year) for year in sorted(years)]
    return [limits for limits in found if limits is not None and limits.file is not None]


def artifact_path(path: str) -> str:
    """A checked file's path relative to the working directory, with / separators.

    CI systems (GitHub code scanning, annotations) resolve paths against the
    checkout, which is where megaroth runs; absolute paths would also make the
    output differ from one machine to the next.
    """
    if path.startswith("<"):  # <stdin>: not a file
        return path
    return Path(os.path.relpath(os.path.abspath(path))).as_posix()


def artifact_uri(path: str) -> str:
    """``artifact_path`` as a relative URI reference (spaces and the like percent-encoded).

    The path's own bytes are encoded (os.fsencode), so a name that is not UTF-8
    (plan-\\xff.yaml, read as a lone surrogate) becomes plan-%FF.yaml and still
    names the file, where encoding the text would fail.
    """
    return quote(os.fsencode(artifact_path(path)), safe="/")


def nested_json(value: Any, level: int) -> str:
    """``value`` as ``json.dumps(..., indent=2)`` writes it nested ``level`` deep in a larger document.

    JSON text holds no raw newline (strings escape theirs), so indenting each
    line of the value's own dump gives the bytes the whole document would.
    """
    # encodable: a file name that is not UTF-8 shows its bad bytes as U+FFFD, as in the text report.
    return encodable(json.dumps(value, indent=2, ensure_ascii=False)).replace("\n", "\n" + "  " * level)


class Spool:
    """Text kept in an unnamed temporary file until the run's end, so that memory does not grow with it.

    For formats whose opening depends on the whole run (SARIF's rules, JUnit's
    totals, the GitHub report's closing token): the parts are written here as
    each file is checked, then copied out after the opening. The file has no
    name (it is unlinked at once), so nothing is left behind, even after
    SIGKILL. Lone surrogates (a file name that is not UTF-8) are kept as they are.
    """

    def __init__(self) -> None:
        self._file: IO[str] | None = None

    def _failed(self, error: OSError) -> CannotWrite:
        return CannotWrite(f"a temporary file in {tempfile.gettempdir()}", error)

    def write(self, text: str) -> None:
        try:
            if self._file is None:
                self._file = tempfile.TemporaryFile("w+", encoding="utf-8", errors="surrogatepass", newline="\n")
            self._file.write(text)
        except OSError as error:
            raise self._failed(error) from None

    def chunks(self, size: int = 65_536) -> Iterator[str]:
        """What was written, in pieces of about ``size`` characters; then the file is closed."""
        if self._file is None:
            return
        try:
            self._file.seek(0)
            while True:
                chunk = self._file.read(size)
                if not chunk:
                    break
                yield chunk
        except OSError as error:
            raise self._failed(error) from None
        finally:
            self._file.close()
            self._file = None

    def lines(self) -> Iterator[str]:
        """What was written, line by line (without the line ends); then the file is closed."""
        rest = ""
        for chunk in self.chunks():
            parts = (rest + chunk).split("\n")
            rest = parts.pop()
            yield from parts
        if rest:
            yield rest


class Reporter(abc.ABC):
    """One output format, writing to one stream."""

    name: ClassVar[str]

    def __init__(self, stream: TextIO, *, color: bool = False, fail_on: str = "error"):
        self.stream = stream
        self.color = color
        self.fail_on = fail_on

    @abc.abstractmethod
    def file(self, result: FileResult) -> None:
        """Report one checked file."""

    @abc.abstractmethod
    def finish(self, summary: Summary) -> None:
        """Report the end of the run."""
