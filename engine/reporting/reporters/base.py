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
from megaroth.engine.reading.atomic import CannotWrite

# C0 and C1 controls, DEL, and the Unicode line and paragraph separators: plan
# text that holds them could move a terminal's cursor, recolour it, or start a
# new line that a CI runner reads as a command. Bidi embeddings, overrides and
# isolates too: they make a line display in another order than it reads.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str) -> str:
    """``text`` with control characters shown as escapes (``\\n``, ``\\x1b``, ``\\u2028``)."""

    def escape(match: re.Match[str]) -> str:
        char = match.group()
        return _NAMED.get(char) or (f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}")

    return _UNPRINTABLE.sub(escape, text)


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
    """``artifact_path`` as a relative URI reference (spaces and the like percent-encoded)."""
    return quote(artifact_path(path), safe="/")


def nested_json(value: Any, level: int) -> str:
    """``value`` as ``json.dumps(..., indent=2)`` writes it nested ``level`` deep in a larger document.

    JSON text holds no raw newline (strings escape theirs), so indenting each
    line of the value's own dump gives the bytes the whole document would.
    """
    return json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n" + "  " * level)


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
