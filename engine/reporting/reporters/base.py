"""What every output format shares: the Reporter interface and a few helpers.

A reporter sees each file's result as soon as it is checked (``file``), then
the run's summary (``finish``); formats that must be one document keep what
they need of each result until then, never the parsed plans.
"""

from __future__ import annotations

import abc
import os
from pathlib import Path
from typing import ClassVar, TextIO
from urllib.parse import quote

from megaroth.engine.deciding.findings import FileResult, Summary
from megaroth.engine.money.limits import Limits, limits_for
from megaroth.engine.reading.display import printable

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
