"""What every output format shares: the Reporter interface and a few helpers.

A reporter sees each file's result as soon as it is checked (``file``), then
the run's summary (``finish``); formats that must be one document keep what
they need of each result until then, never the parsed plans.
"""

from __future__ import annotations

import abc
import os
import re
from pathlib import Path
from typing import ClassVar, TextIO
from urllib.parse import quote

from megaroth.engine.deciding.findings import FileResult, Summary
from megaroth.engine.money.limits import Limits, limits_for

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
    """``artifact_path`` as a relative URI reference (spaces and the like percent-encoded)."""
    return quote(artifact_path(path), safe="/")


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
