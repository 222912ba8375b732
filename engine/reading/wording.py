"""Plan wording as a rule should read it: what a person sees, not the code points that draw it.

Wording is copied from PDFs and web pages. A soft hyphen (U+00AD, which PDF
text extraction leaves in words broken across lines), a zero-width space, a
Cyrillic о or full-width Ｒｏｔｈ all look like "Roth" to the analyst who
pasted them, yet no rule matching the letters r-o-t-h would see them.
``normalise`` turns such text into the letters a reader sees: NFKC (full-width
and compatibility forms to plain ones), then format characters (category Cf:
soft hyphen, zero-width characters, bidi marks, the BOM) dropped, then the
Cyrillic and Greek letters that look like Latin ones folded to those Latin
letters. The rules read wording through it (facts.wording_plain); the SPD
reader will read documents through it too.

The fold table is the Cyrillic and Greek rows of Unicode's confusables
(UTS #39, confusables.txt) whose target is one Latin letter, not the whole
table: a fold to Latin is only right for text that is meant to be English,
and these are the look-alikes that keyboards and PDF fonts actually produce.
"""

from __future__ import annotations

import unicodedata

# Cyrillic and Greek letters drawn like a Latin letter (UTS #39 confusables.txt, single-letter targets).
_LOOK_ALIKES = {
    # Cyrillic lower case
    "а": "a", "в": "b", "с": "c", "ԁ": "d", "е": "e", "һ": "h", "і": "i", "ј": "j", "к": "k", "ӏ": "l",
    "м": "m", "н": "h", "о": "o", "р": "p", "ԛ": "q", "г": "r", "ѕ": "s", "т": "t", "ս": "u", "ѵ": "v",
    "ԝ": "w", "х": "x", "у": "y",
    # Cyrillic capitals
    "А": "A", "В": "B", "С": "C", "Е": "E", "Н": "H", "І": "I", "Ј": "J", "К": "K", "М": "M", "О": "O",
    "Р": "P", "Ѕ": "S", "Т": "T", "Х": "X", "У": "Y", "Ԝ": "W", "Ԛ": "Q",
    # Greek lower case
    "α": "a", "β": "b", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "u",
    "χ": "x", "γ": "y",
    # Greek capitals
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O",
    "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
}  # fmt: skip
_FOLD = str.maketrans(_LOOK_ALIKES)


def normalise(text: str) -> str:
    """``text`` as the letters a reader sees: NFKC, format characters dropped, look-alike letters folded to Latin."""
    composed = unicodedata.normalize("NFKC", text)
    visible = "".join(char for char in composed if unicodedata.category(char) != "Cf")
    return visible.translate(_FOLD)
