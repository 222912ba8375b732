"""User text made safe to print: one function for every message that quotes a plan, a config or a path."""

from __future__ import annotations

import os

from megaroth.engine.reading.display import encodable, invisible_names, printable, quoted


def test_terminal_controls_are_escaped_not_sent():
    # ESC (a colour or cursor move), an OSC title sequence ended by BEL, NUL, and a newline that would start a
    # forged finding line: each is shown as the escape that names it.
    assert printable("\x1b[2J\x1b]0;pwned\x07\x00\nplan.yaml:1:1: error MBR999") == (
        "\\x1b[2J\\x1b]0;pwned\\x07\\x00\\nplan.yaml:1:1: error MBR999"
    )


def test_bidi_marks_and_invisible_characters_are_escaped():
    # U+200E/U+200F (LRM/RLM), U+061C (Arabic letter mark), U+FEFF mid-text, U+200B (zero-width space),
    # U+202E (right-to-left override), U+2066 (isolate).
    assert printable("a\u200eb\u200fc\u061cd\ufeffe\u200bf\u202eg\u2066h") == (
        "a\\u200eb\\u200fc\\u061cd\\ufeffe\\u200bf\\u202eg\\u2066h"
    )


def test_ordinary_text_is_unchanged():
    assert printable("Café 401(k) Plan — §415(c) − 5% 日本") == "Café 401(k) Plan — §415(c) − 5% 日本"


def test_a_file_name_that_is_not_utf8_shows_u_fffd():
    name = os.fsdecode(b"plans/plan-\xff.yaml")  # surrogateescape: "plans/plan-\udcff.yaml"
    assert printable(name) == "plans/plan-\ufffd.yaml"
    assert encodable(name) == "plans/plan-\ufffd.yaml"
    assert encodable("a\x1bb") == "a\x1bb"  # structured reports keep every other character


def test_invisible_characters_are_named():
    assert invisible_names("after\u200b_tax") == " (contains U+200B ZERO WIDTH SPACE)"
    assert invisible_names("a\u200eb\u200e") == " (contains U+200E LEFT-TO-RIGHT MARK)"
    assert invisible_names("after_tax") == ""
    assert quoted("after\u200b_tax") == "'after\u200b_tax' (contains U+200B ZERO WIDTH SPACE)"
    assert quoted("k" * 100) == "'" + "k" * 37 + "...'"
