"""The safe YAML loader: YAML 1.2 scalars, positions per JSON pointer, and one clear error per bad file."""

from __future__ import annotations

import io

import pytest

from megaroth.engine.reading import loader
from megaroth.engine.reading.loader import LoadError, escape_pointer_token, load_bytes, parse


def error_of(raw: bytes) -> tuple[int | None, int | None, str]:
    with pytest.raises(LoadError) as caught:
        load_bytes(raw)
    return caught.value.line, caught.value.column, caught.value.message


def test_yaml_1_2_core_schema_scalars():
    text = "a: yes\nb: on\nc: True\nd: 0x1F\ne: 0o17\nf: 1e3\ng: 1_000\nh: 2025-01-01\ni: null\nj: '5'\nk: 012\nl: -1.5\nm: .5\nn: FALSE\n"
    assert parse(text).data == {
        "a": "yes",  # YAML 1.1 would make these booleans
        "b": "on",
        "c": True,
        "d": 31,
        "e": 15,
        "f": 1000.0,
        "g": "1_000",  # no underscores in YAML 1.2 numbers
        "h": "2025-01-01",  # dates stay text
        "i": None,
        "j": "5",
        "k": 12,  # a leading zero is decimal, not octal
        "l": -1.5,
        "m": 0.5,
        "n": False,
    }


class _EveryStart:
    """Stands in for loader._RESOLVED_STARTS so that every plain scalar takes the full resolution."""

    def __contains__(self, character: str) -> bool:
        return True


def _outcome(text: str) -> object:
    try:
        return parse(text).data
    except LoadError as error:
        return ("error", error.line, error.column, error.message)


def test_text_starting_unlike_any_null_bool_or_number_resolves_as_the_full_rules_do(monkeypatch):
    starts = [chr(code) for code in range(0x21, 0x7F)] + ["é", "中"]
    scalars = [start + rest for start in starts for rest in ("", "1", ".5", "ull", "rue", "x y", "0x1F", "inf", "nan")]
    scalars += ["~", "null", "Null", "NULL", "true", "False", ".inf", "-.Inf", ".nan", "+5", "-0.5e3", "0o17", "nothing"]
    documents = [f"v: {scalar}\n" for scalar in scalars] + [f"{scalar}: 1\n" for scalar in scalars]
    fast = [_outcome(document) for document in documents]
    monkeypatch.setattr(loader, "_RESOLVED_STARTS", _EveryStart())
    assert fast == [_outcome(document) for document in documents]


def test_marks_hold_key_and_value_positions():
    document = parse("plan:\n  name: Acme\n  tiers:\n    - {rate: 100}\n")
    assert document.marks["/plan/name"].key_position == (2, 3)
    assert (document.marks["/plan/name"].line, document.marks["/plan/name"].column) == (2, 9)
    assert document.locate("/plan/tiers/0/rate") == (4, 8)
    assert document.locate("/plan/tiers/0/rate", at_key=False) == (4, 14)
    # A pointer that is not in the file resolves to its nearest ancestor.
    assert document.locate("/plan/tiers/0/up_to") == (4, 7)
    assert document.locate("/conversion/in_plan") == (1, 1)


def test_pointer_tokens_are_escaped():
    assert escape_pointer_token("a/b~c") == "a~1b~0c"
    document = parse("'a/b': 1\n")
    assert document.marks["/a~1b"].key_position == (1, 1)


@pytest.mark.parametrize(
    ("raw", "line", "column", "message"),
    [
        (
            b"a: 1\nb: 2\na: 3\n",
            3,
            1,
            "duplicate key 'a' (first at line 1, again at line 3); YAML keeps only one of them, so remove the other",
        ),
        (b"a: [1, 2\nb: 3\n", 2, 2, "invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence at line 1)"),
        (b"a:\n\tb: 1\n", 2, 1, "invalid YAML: a tab character indents this line; YAML indents with spaces only"),
        (b"", 1, 1, "file is empty: it holds no YAML document"),
        (b"# only a comment\n", 1, 1, "file holds only comments: there is no plan in it"),
        (b"~\n", 1, 1, "file is empty: its document holds no plan"),
        (b"ab\x00cd", 1, 3, "file is binary (it holds a NUL byte), not a YAML plan"),
        ("a: 1".encode("utf-16"), 1, 1, "file is encoded as UTF-16 (byte order mark); save it as UTF-8"),
        ("a: 1".encode("utf-16-le"), 1, 1, "file looks like UTF-16 without a byte order mark; save it as UTF-8"),
        (b"a: caf\xe9\n", 1, 7, "file is not UTF-8 (byte 0xe9); save it as UTF-8"),
        (b"a: 1\n---\nb: 2\n", 2, 1, "file holds more than one YAML document; put each plan in its own file"),
        (
            b"a: !!python/object:os.system ls\n",
            1,
            4,
            "tag '!!python/object:os.system' is not allowed in a plan file: a plan holds plain values, "
            "and megaroth never builds or runs what a tag names",
        ),
        (
            b"a: !custom 5\n",
            1,
            4,
            "tag '!custom' is not allowed in a plan file: a plan holds plain values, "
            "and megaroth never builds or runs what a tag names",
        ),
        (b"a: *x\n", 1, 4, "alias '*x' names no anchor"),
        (b"a: .inf\n", 1, 4, "'.inf' (infinity) cannot be a plan value; write a plain amount such as 5 or 200000"),
        (b"a: " + b"9" * 101 + b"\n", 1, 4, "number with 101 digits is too long to be a plan value"),
        (b"a: 1e999\n", 1, 4, "number 1e999 is too large to be a plan value"),
        (b"[a]: 1\n", 1, 1, "a key must be a plain word, not a list, mapping or alias"),
        (b'a: "abc\n', 1, 4, "invalid YAML: this quote is never closed: the file ends inside the quoted value"),
    ],
)
def test_bad_files_give_one_clear_error_with_a_position(raw, line, column, message):
    assert error_of(raw) == (line, column, message)


def test_a_utf8_bom_is_accepted():
    assert load_bytes(b"\xef\xbb\xbfa: 1\n").data == {"a": 1}


def test_alias_bomb_is_bounded(monkeypatch):
    monkeypatch.setattr(loader, "MAX_NODES", 50)
    bomb = b"a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\nb: &b [*a, *a, *a, *a, *a]\nc: [*b, *b, *b]\n"
    line, column, message = error_of(bomb)
    assert message.startswith("aliases (*name) expand this document to more than 50 values")
    assert line == 2


def test_aliases_within_the_bound_expand():
    assert load_bytes(b"a: &x {k: 1}\nb: *x\n").data == {"a": {"k": 1}, "b": {"k": 1}}


def test_nesting_depth_is_bounded(monkeypatch):
    monkeypatch.setattr(loader, "MAX_DEPTH", 5)
    _, _, message = error_of(b"a: " + b"[" * 10 + b"]" * 10 + b"\n")
    assert message == "nesting deeper than 5 levels; set MEGAROTH_MAX_DEPTH to raise it"


def test_file_size_is_bounded(monkeypatch):
    monkeypatch.setattr(loader, "MAX_BYTES", 100)
    line, column, message = error_of(b"a: 1\n" * 30)
    assert (line, column) == (None, None)
    assert message == "file is larger than 100 bytes, the limit for a plan file (set MEGAROTH_MAX_BYTES to raise it)"


@pytest.mark.parametrize("size", [0, 10, 65_535, 65_536, 65_537, 200_000])
def test_read_bounded_reads_a_file_under_the_bound_whole(size):
    data = bytes(range(256)) * (size // 256) + b"x" * (size % 256)
    assert loader.read_bounded(io.BufferedReader(io.BytesIO(data))) == data


@pytest.mark.parametrize("bound", [100, 65_535, 65_536, 100_000])
def test_read_bounded_never_reads_more_than_one_byte_past_the_bound(monkeypatch, bound):
    monkeypatch.setattr(loader, "MAX_BYTES", bound)
    stream = io.BufferedReader(io.BytesIO(b"y" * 300_000))
    assert len(loader.read_bounded(stream)) == bound + 1


def test_windows_line_endings_keep_the_same_positions():
    unix = parse("plan:\n  name: Acme\n  year: 2025\n")
    windows = parse("plan:\r\n  name: Acme\r\n  year: 2025\r\n")
    assert windows.data == unix.data
    assert windows.marks == unix.marks
