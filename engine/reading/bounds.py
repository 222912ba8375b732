"""What one plan file may cost to read, each bound overridable from the environment (docs/safety.md).

A module of its own, importing nothing heavy, so the CLI can read the bounds
before any command runs and turn a bad value into a usage error.
"""

from __future__ import annotations

import os


class BoundError(ValueError):
    """A MEGAROTH_MAX_* environment variable that is not a usable bound."""


def bound(name: str, default: int) -> int:
    """A bound from the environment, or its default; anything but a whole number above 0 is refused.

    Falling back to the default would hide the mistake, and a read length of
    -5 or a depth of 0 would fail every file for a reason nobody could see.
    """
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise BoundError(f"{name} must be a whole number above 0, not {text!r}")
    return value


# Refused before parsing; never more than one byte past it is read.
MAX_BYTES = bound("MEGAROTH_MAX_BYTES", 1_048_576)
# A plan is at most 5 levels deep.
MAX_DEPTH = bound("MEGAROTH_MAX_DEPTH", 64)
# Values in a document, aliases counted as what they expand to. The largest
# plan the schema allows (1,000 participants, every field filled) holds about
# 18,000; the bound leaves room above it and no more.
MAX_NODES = bound("MEGAROTH_MAX_NODES", 25_000)
