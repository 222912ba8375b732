"""What one plan file may cost to read, each bound overridable from the environment (docs/safety.md).

A module of its own, importing nothing heavy, so the CLI can read the bounds
before any command runs and turn a bad value into a usage error.
"""

from __future__ import annotations

import os


class BoundError(ValueError):
    """A MEGAROTH_MAX_* environment variable that is not a usable bound."""


def bound(name: str, default: int, maximum: int) -> int:
    """A bound from the environment, or its default; anything but a whole number from 1 to ``maximum`` is refused.

    Falling back to the default would hide the mistake, and a read length of
    -5 or a depth of 0 would fail every file for a reason nobody could see.
    The maximum keeps a typo of twenty nines from becoming a bound nothing
    holds to (an overflow in the read, or a file of gigabytes let through).
    """
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    # Digits only, and few of them: int() would also take "1_000" and " +5",
    # and converting a 100,000-digit string is itself slow.
    value = int(text) if text.isascii() and text.isdigit() and len(text) <= len(str(maximum)) else 0
    if not 1 <= value <= maximum:
        raise BoundError(f"{name} must be a whole number from 1 to {maximum:,}, not {text!r}")
    return value


# The largest value each bound accepts (docs/safety.md). A plan file is a few
# kilobytes: 1 GiB is far past any real one and still fits in memory; the YAML
# parser itself stops nesting at about 1,000 levels; 10 million values is 400
# times the largest plan the schema allows.
MAX_BYTES_LIMIT = 1_073_741_824
MAX_DEPTH_LIMIT = 1_000
MAX_NODES_LIMIT = 10_000_000
MAX_CENSUS_BYTES_LIMIT = 17_179_869_184  # 16 GiB

# Refused before parsing; never more than one byte past it is read.
MAX_BYTES = bound("MEGAROTH_MAX_BYTES", 1_048_576, MAX_BYTES_LIMIT)
# A plan is at most 5 levels deep.
MAX_DEPTH = bound("MEGAROTH_MAX_DEPTH", 64, MAX_DEPTH_LIMIT)
# Values in a document, aliases counted as what they expand to. The largest
# plan the schema allows (1,000 participants, every field filled) holds about
# 18,000; the bound leaves room above it and no more.
MAX_NODES = bound("MEGAROTH_MAX_NODES", 25_000, MAX_NODES_LIMIT)
# A census (`megaroth acp`) is pay data, one row per employee: 100,000 rows
# are about 10 MB. 256 MiB holds millions of rows; an .xlsx file's
# uncompressed contents are held to the same bound (a zip bomb stops here).
MAX_CENSUS_BYTES = bound("MEGAROTH_MAX_CENSUS_BYTES", 268_435_456, MAX_CENSUS_BYTES_LIMIT)
