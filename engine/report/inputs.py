"""What makes a report reproducible: each input file's SHA-256, and the report's date.

The date comes from SOURCE_DATE_EPOCH when it is set (the reproducible-builds
convention), so the same inputs give the same bytes on any day; it is also the
day `check` judges waivers' expiry on, so the verdict and the date agree.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Mapping

_CHUNK = 1_048_576


class DateError(Exception):
    """SOURCE_DATE_EPOCH is set but is not a time."""


@dataclass(frozen=True)
class InputFile:
    """One file the report was made from, as the user named it."""

    role: str  # plan | census | document
    path: str
    sha256: str
    size: int


def sha256_of_bytes(role: str, path: str, raw: bytes) -> InputFile:
    """An input already read (the plan file): hashed from the very bytes that were checked."""
    return InputFile(role, path, hashlib.sha256(raw).hexdigest(), len(raw))


def sha256_of_file(role: str, path: str) -> InputFile:
    """An input another stage read (a census, a document), hashed in steps: a census may be large."""
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return InputFile(role, path, digest.hexdigest(), size)


def report_date(environ: Mapping[str, str]) -> tuple[date, str]:
    """The report's date and where it came from: SOURCE_DATE_EPOCH (UTC) when set, else today."""
    raw = environ.get("SOURCE_DATE_EPOCH")
    if raw is None or raw == "":
        return date.today(), "today"
    if not raw.isdigit():
        raise DateError(f"SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01, not {raw!r}")
    try:
        return datetime.fromtimestamp(int(raw), tz=timezone.utc).date(), "SOURCE_DATE_EPOCH"
    except (OverflowError, OSError, ValueError):
        raise DateError(f"SOURCE_DATE_EPOCH {raw} is out of range") from None
