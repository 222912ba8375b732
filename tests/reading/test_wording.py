"""Wording normalisation: the letters a reader sees, whatever code points draw them."""

from __future__ import annotations

import pytest

from megaroth.engine.reading.wording import normalise


@pytest.mark.parametrize(
    ("text", "seen"),
    [
        ("R\u00adoth 401(k)", "Roth 401(k)"),  # soft hyphen (Cf), left by PDF text extraction
        ("Ro\u200bth", "Roth"),  # zero-width space (Cf)
        ("R\u043eth", "Roth"),  # Cyrillic small o
        ("\u0420\u043e\u0442\u04bb", "Poth"),  # Cyrillic Р о т һ: drawn P-o-t-h, folded to what is drawn
        ("\uff32\uff4f\uff54\uff48", "Roth"),  # full-width letters (NFKC)
        ("R\u03bfth", "Roth"),  # Greek small omicron
        ("\u200eafter-tax\u200f\ufeff", "after-tax"),  # bidi marks and a BOM (Cf)
        ("ﬁle", "file"),  # the fi ligature (NFKC)
        ("Café — §415(c)", "Café — §415(c)"),  # what is already plain stays as it is
    ],
)
def test_normalise_gives_the_letters_a_reader_sees(text: str, seen: str) -> None:
    assert normalise(text) == seen
