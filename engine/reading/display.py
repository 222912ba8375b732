"""User text as megaroth shows it to a person: the one place plan text, keys and paths are made safe to print.

Plan files, config files and file names are written by whoever opened the
pull request. Printed raw, a control character could move a terminal's
cursor or set its title (ESC, OSC), a newline could start a line a CI log
parser reads as a finding, a bidi mark could make a line display in another
order than it reads, and a zero-width character hides a difference a reader
should see. A file name that is not UTF-8 reaches Python as lone surrogates
(surrogateescape), which no UTF-8 stream can write. ``printable`` handles all
of them; every message that quotes user text passes through it once, where
it is printed (the text and github reports, the calculator's text, stderr).
Structured reports (JSON, SARIF, JUnit) keep the exact values instead.
"""

from __future__ import annotations

import re
import unicodedata

# C0 and C1 controls (NEL U+0085 and CSI U+009B among them), DEL, the Unicode
# line and paragraph separators, the bidi marks, embeddings, overrides and
# isolates (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069), and the
# invisible ones: zero-width space and joiners (U+200B-U+200D), word joiner
# and invisible operators (U+2060-U+2064), the byte order mark U+FEFF.
_UNPRINTABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)
_SURROGATES = re.compile("[\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# Shown for a byte of a file name that is not UTF-8, as ruff and most tools do.
REPLACEMENT = "\ufffd"


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return _NAMED.get(char) or (f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}")


def printable(text: str) -> str:
    """``text`` with control and invisible characters shown as escapes (``\\n``, ``\\x1b``, ``\\u200b``),
    and each byte that is not UTF-8 (a lone surrogate) as U+FFFD."""
    return _UNPRINTABLE.sub(_escape, _SURROGATES.sub(REPLACEMENT, text))


def encodable(text: str) -> str:
    """``text`` with only its lone surrogates replaced: for structured reports, which keep every other character."""
    return _SURROGATES.sub(REPLACEMENT, text)


def invisible_names(text: str) -> str:
    """' (contains U+200B ZERO WIDTH SPACE)' for text holding characters a reader cannot see; '' otherwise."""
    found = dict.fromkeys(char for char in _UNPRINTABLE.findall(text) if char not in _NAMED)
    if not found:
        return ""
    names = ", ".join(f"U+{ord(char):04X} {unicodedata.name(char, 'CONTROL CHARACTER')}" for char in found)
    return f" (contains {names})"


def quoted(text: str, limit: int = 40) -> str:
    """Text from a file as a message quotes it: shortened, in quotes, invisible characters named after it."""
    short = text if len(text) <= limit else text[: limit - 3] + "..."
    return f"'{short}'{invisible_names(short)}"
