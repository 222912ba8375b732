"""Read a plan file safely and remember where every value came from.

PyYAML's loaders build Python objects with no positions, keep the last of two
duplicate keys silently, read ``yes``/``no``/``on``/``off`` as booleans (YAML
1.1) and expand aliases without bound.  This module drives PyYAML's event
parser (the C one when it is available) and builds the document itself, so
that it can:

* record the line and column of every key and value under its JSON pointer;
* reject duplicate keys, naming both lines;
* resolve plain scalars by the YAML 1.2 core schema (``yes`` stays a string);
* refuse unknown tags (``!!python/...`` is never constructed);
* bound file size, nesting depth and alias expansion before they cost much.
"""

from __future__ import annotations

import errno
import math
import re
from dataclasses import dataclass, field
from typing import Any, BinaryIO

import yaml
from yaml.parser import Parser as _EventParser
from yaml.reader import Reader
from yaml.scanner import Scanner

from megaroth.engine.reading import bounds


class PureParser(Reader, Scanner, _EventParser):
    """PyYAML's pure-Python event parser: the same events as libyaml's, slower."""

    def __init__(self, stream: str):
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        _EventParser.__init__(self)


try:  # the C parser is several times faster; the pure one gives the same events
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    _Parser = PureParser  # type: ignore[misc,assignment]


# The bounds live in megaroth.engine.reading.bounds; the loader reads its own copies, so a test
# can lower one with monkeypatch.setattr(loader, "MAX_DEPTH", 5).
MAX_BYTES, MAX_DEPTH, MAX_NODES = bounds.MAX_BYTES, bounds.MAX_DEPTH, bounds.MAX_NODES


def location(path: str, line: int | None, column: int | None) -> str:
    """``path:line:col``, or the path alone where there is no line (every report writes it so)."""
    return path if line is None else f"{path}:{line}:{column}"


class LoadError(Exception):
    """A file that cannot be read as one plan document; line/column are 1-based."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


@dataclass(frozen=True)
class Mark:
    """Where a value sits: the key's position (for mapping entries) and the value's."""

    line: int
    column: int
    key_line: int | None = None
    key_column: int | None = None

    @property
    def key_position(self) -> tuple[int, int]:
        if self.key_line is not None and self.key_column is not None:
            return self.key_line, self.key_column
        return self.line, self.column


@dataclass
class Document:
    """A parsed plan and the position of every value, keyed by JSON pointer."""

    data: Any
    marks: dict[str, Mark] = field(default_factory=dict)

    def locate(self, pointer: str, *, at_key: bool = True) -> tuple[int, int]:
        """Line and column for a pointer, or for its nearest ancestor that exists."""
        while True:
            mark = self.marks.get(pointer)
            if mark is not None:
                return mark.key_position if at_key else (mark.line, mark.column)
            if not pointer:
                return 1, 1
            pointer = pointer.rsplit("/", 1)[0]


def escape_pointer_token(token: str) -> str:
    """Escape one JSON pointer reference token (RFC 6901)."""
    return token.replace("~", "~0").replace("/", "~1")


# --- YAML 1.2 core schema --------------------------------------------------

_CORE_TAG = "tag:yaml.org,2002:"
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT10 = re.compile(r"^[-+]?[0-9]+$")
_INT8 = re.compile(r"^0o[0-7]+$")
_INT16 = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_INF = re.compile(r"^[-+]?\.(?:inf|Inf|INF)$")
_NAN = re.compile(r"^\.(?:nan|NaN|NAN)$")
# Every null, boolean and number above (and .inf, .nan) starts with one of
# these; a plain scalar that starts otherwise is text, without trying each.
_RESOLVED_STARTS = frozenset("~nNtTfF0123456789+-.")
_EXACT_INTEGERS = 2**53  # every integer below this is exactly a float too
_MAX_DIGITS = 100  # a plan holds dollars and percents; longer numbers are typos or attacks


def _position(mark: Any) -> tuple[int, int]:
    return mark.line + 1, mark.column + 1


def shorten(text: str, limit: int = 40) -> str:
    """Text from the file as a message quotes it: a 500 KB key is not repeated whole."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _short_tag(tag: str) -> str:
    """A tag as the file wrote it: !!python/... rather than tag:yaml.org,2002:python/..."""
    return shorten("!!" + tag[len(_CORE_TAG) :] if tag.startswith(_CORE_TAG) else tag, 60)


def _tag_error(tag: str, mark: Any) -> LoadError:
    return LoadError(
        f"tag '{_short_tag(tag)}' is not allowed in a plan file: a plan holds plain values, "
        "and megaroth never builds or runs what a tag names",
        *_position(mark),
    )


def _not_finite(text: str, mark: Any) -> LoadError:
    what = "not a number" if _NAN.match(text) else "infinity"
    return LoadError(f"'{text}' ({what}) cannot be a plan value; write a plain amount such as 5 or 200000", *_position(mark))


def _number(text: str, mark: Any) -> int | float:
    digits = sum(ch.isdigit() for ch in text)
    if digits > _MAX_DIGITS:
        raise LoadError(f"number with {digits:,} digits is too long to be a plan value", *_position(mark))
    if _INT10.match(text):
        return int(text)
    if _INT8.match(text):
        return int(text[2:], 8)
    if _INT16.match(text):
        return int(text[2:], 16)
    value = float(text)
    if not math.isfinite(value):
        raise LoadError(f"number {text} is too large to be a plan value", *_position(mark))
    if value.is_integer() and abs(value) < _EXACT_INTEGERS:
        # 26.0 is the integer 26 to JSON Schema; read it as one, or the
        # reports print "26.0 pay periods" and "$2,692.0".
        return int(value)
    return value


def _scalar(event: Any) -> Any:
    """Resolve a scalar event to a Python value by the YAML 1.2 core schema."""
    text = event.value
    tag = event.tag
    plain = event.implicit[0] if event.implicit else False
    if tag in (None, "!") and not plain:
        return text  # quoted, or a block scalar: always a string
    if tag is None:
        if text and text[0] not in _RESOLVED_STARTS:
            return text
        if _NULL.match(text):
            return None
        if text in _BOOL:
            return _BOOL[text]
        if _INT10.match(text) or _INT8.match(text) or _INT16.match(text) or _FLOAT.match(text):
            return _number(text, event.start_mark)
        if _INF.match(text) or _NAN.match(text):
            raise _not_finite(text, event.start_mark)
        return text
    if tag == "!" or tag == _CORE_TAG + "str":
        return text
    if tag == _CORE_TAG + "int" and (_INT10.match(text) or _INT8.match(text) or _INT16.match(text)):
        return _number(text, event.start_mark)
    if tag == _CORE_TAG + "float" and _FLOAT.match(text):
        return float(_number(text, event.start_mark))
    if tag == _CORE_TAG + "bool" and text in _BOOL:
        return _BOOL[text]
    if tag == _CORE_TAG + "null" and _NULL.match(text):
        return None
    if tag == _CORE_TAG + "float" and (_INF.match(text) or _NAN.match(text)):
        raise _not_finite(text, event.start_mark)
    if tag in (_CORE_TAG + "int", _CORE_TAG + "float", _CORE_TAG + "bool", _CORE_TAG + "null"):
        raise LoadError(f"{shorten(text)!r} is not a valid {_short_tag(tag)} value", *_position(event.start_mark))
    raise _tag_error(tag, event.start_mark)


def _check_collection_tag(event: Any, kind: str) -> None:
    if event.tag not in (None, "!", _CORE_TAG + kind):
        raise _tag_error(event.tag, event.start_mark)


# --- decoding --------------------------------------------------------------

_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)


# The line breaks megaroth counts, as editors and the YAML parser do once
# NEL, U+2028 and U+2029 are refused (check_characters): CRLF, CR alone, LF.
_BREAKS = re.compile("\r\n|\r|\n")
_BYTE_BREAKS = re.compile(b"\r\n|\r|\n")


def line_col_of_offset(text: str | bytes, offset: int) -> tuple[int, int]:
    """The 1-based line and column of ``offset``, counting lines the way the error is shown.

    A file saved with CR alone (old Mac style) has as many lines as with LF;
    counting only LF would put every error on line 1, column 344.
    """
    breaks = _BYTE_BREAKS if isinstance(text, bytes) else _BREAKS
    line, start = 1, 0
    for match in breaks.finditer(text, 0, offset):  # type: ignore[call-overload]
        line, start = line + 1, match.end()
    return line, offset - start + 1


# Why a path cannot be read, in words; anything else keeps the system's wording.
_OS_REASONS = {
    errno.ENOENT: "no such file or folder",
    errno.EACCES: "permission denied (megaroth needs permission to read it)",
    errno.EPERM: "permission denied (megaroth needs permission to read it)",
    errno.ELOOP: "it is a symbolic link loop (the link leads back to itself)",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
}


def cannot_read(what: str, error: OSError) -> str:
    """The message for a path that cannot be opened or listed: 'cannot read the file: permission denied ...'."""
    reason = _OS_REASONS.get(error.errno or 0, error.strerror or str(error))
    return f"cannot read {what}: {reason}"


_FIRST_READ = 65_536  # holds any real plan; a plan file is a few kilobytes
_STEP = 1_048_576  # each later read: memory grows with the file, never with the bound


def read_bounded(stream: BinaryIO) -> bytes:
    """Read a plan file, but never more than one byte past MAX_BYTES.

    A 50 MB file (or /dev/zero, or an endless pipe) costs MAX_BYTES of memory,
    and decode() then refuses it.
    """
    # Reading MAX_BYTES + 1 at once would allocate the whole bound for every
    # file (a tenth of a small plan's whole check); a buffered read returns
    # less than asked only at the end of the stream.
    # Past the first read, read in steps of at most _STEP: read(n) allocates
    # n bytes up front, so one read of a raised bound (1 GiB) would cost the
    # whole bound for a file of a few kilobytes more than the first read.
    first = min(_FIRST_READ, MAX_BYTES + 1)
    head = stream.read(first)
    if len(head) < first:
        return head
    parts = [head]
    left = MAX_BYTES + 1 - first
    while left > 0:
        part = stream.read(min(left, _STEP))
        if not part:
            break
        parts.append(part)
        left -= len(part)
    return b"".join(parts)


def decode(raw: bytes) -> str:
    """Decode a plan file's bytes as UTF-8, or explain what the file is instead."""
    if len(raw) > MAX_BYTES:
        # Only MAX_BYTES + 1 bytes were read, so the true size is not known here.
        raise LoadError(
            f"file is larger than {MAX_BYTES:,} bytes, the limit for a plan file "
            "(set MEGAROTH_MAX_BYTES to raise it)"
        )
    for bom, name in _BOMS:
        if raw.startswith(bom):
            raise LoadError(f"file is encoded as {name} (byte order mark); save it as UTF-8", 1, 1)
    nul = raw.find(b"\x00")
    if nul != -1:
        if len(raw) > 1 and (raw[0] == 0 or raw[1] == 0):
            raise LoadError("file looks like UTF-16 without a byte order mark; save it as UTF-8", 1, 1)
        raise LoadError("file is binary (it holds a NUL byte), not a YAML plan", *line_col_of_offset(raw, nul))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = line_col_of_offset(raw, error.start)
        raise LoadError(
            f"file is not UTF-8 (byte 0x{raw[error.start]:02x}); save it as UTF-8", line, column
        ) from None
    return text[1:] if text.startswith("\ufeff") else text


# --- building --------------------------------------------------------------


class _Builder:
    """Turns one document's parser events into Python data plus marks."""

    def __init__(self, parser: Any):
        self._parser = parser
        self.marks: dict[str, Mark] = {}
        self._anchors: dict[str, tuple[Any, int]] = {}
        self._nodes = 0
        self._aliased = False

    def _count(self, amount: int, mark: Any) -> None:
        self._nodes += amount
        if self._nodes > MAX_NODES:
            what = "aliases (*name) expand this document to" if self._aliased else "this document holds"
            raise LoadError(
                f"{what} more than {MAX_NODES:,} values, more than any plan needs; "
                "set MEGAROTH_MAX_NODES to raise the bound",
                *_position(mark),
            )

    def _record(self, pointer: str, event: Any, key_mark: Any | None) -> None:
        line, column = _position(event.start_mark)
        if key_mark is not None:
            key_line, key_column = _position(key_mark)
            self.marks[pointer] = Mark(line, column, key_line, key_column)
        else:
            self.marks[pointer] = Mark(line, column)

    def node(self, pointer: str, depth: int, key_mark: Any | None = None) -> Any:
        """Build the node whose first event is next, returning its value."""
        event = self._parser.get_event()
        self._record(pointer, event, key_mark)
        if isinstance(event, yaml.AliasEvent):
            if event.anchor not in self._anchors:
                raise LoadError(f"alias '*{event.anchor}' names no anchor", *_position(event.start_mark))
            value, size = self._anchors[event.anchor]
            self._aliased = True
            self._count(size, event.start_mark)
            return value
        if depth > MAX_DEPTH:
            raise _too_deep(*_position(event.start_mark))
        start = self._nodes
        self._count(1, event.start_mark)
        if isinstance(event, yaml.ScalarEvent):
            value: Any = _scalar(event)
        elif isinstance(event, yaml.SequenceStartEvent):
            _check_collection_tag(event, "seq")
            value = []
            while not self._parser.check_event(yaml.SequenceEndEvent):
                value.append(self.node(f"{pointer}/{len(value)}", depth + 1))
            self._parser.get_event()
        elif isinstance(event, yaml.MappingStartEvent):
            _check_collection_tag(event, "map")
            value = self._mapping(pointer, depth)
        else:  # pragma: no cover - the parser only yields node events here
            raise LoadError(f"unexpected YAML event {type(event).__name__}", *_position(event.start_mark))
        if getattr(event, "anchor", None):
            self._anchors[event.anchor] = (value, self._nodes - start)
        return value

    def _mapping(self, pointer: str, depth: int) -> dict[str, Any]:
        value: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        while not self._parser.check_event(yaml.MappingEndEvent):
            key_event = self._parser.peek_event()
            if not isinstance(key_event, yaml.ScalarEvent):
                raise LoadError("a key must be a plain word, not a list, mapping or alias", *_position(key_event.start_mark))
            self._parser.get_event()
            self._count(1, key_event.start_mark)
            key = _scalar(key_event)
            if not isinstance(key, str):
                # Keys are names in the plan format; 2025: or true: as a key is a typo.
                key = key_event.value
            key_line, key_column = _position(key_event.start_mark)
            if key in first_seen:
                raise LoadError(
                    f"duplicate key '{shorten(key)}' (first at line {first_seen[key]}, again at line {key_line}); "
                    "YAML keeps only one of them, so remove the other",
                    key_line,
                    key_column,
                )
            first_seen[key] = key_line
            value[key] = self.node(f"{pointer}/{escape_pointer_token(key)}", depth + 1, key_event.start_mark)
        self._parser.get_event()
        return value


# What libyaml counts as a line break (YAML 1.1), so columns can be looked up;
# NEL, U+2028 and U+2029 never reach the parser (check_characters).
_LINE_BREAK = _BREAKS
_PARSER_DEPTH = 1000  # libyaml refuses deeper flow nesting by itself


def _char_at(text: str, mark: Any) -> str:
    lines = _LINE_BREAK.split(text)
    if mark.line < len(lines) and mark.column < len(lines[mark.line]):
        return lines[mark.line][mark.column]
    return ""


def _too_deep(line: int | None = None, column: int | None = None) -> LoadError:
    return LoadError(f"nesting deeper than {MAX_DEPTH} levels; set MEGAROTH_MAX_DEPTH to raise it", line, column)


def _explain(error: yaml.MarkedYAMLError, text: str) -> tuple[str, Any] | None:
    """The usual ways a hand-written plan fails to parse, in words, and where to look.

    The parser's own words name what it expected, not what went wrong; these
    cases point at the cause (the tab, the opening quote, the key with no
    colon) rather than where the parser gave up.
    """
    problem, context = error.problem or "", error.context or ""
    at, opened = error.problem_mark, error.context_mark or error.problem_mark
    if "tab character" in problem or ("cannot start any token" in problem and _char_at(text, at) == "\t"):
        return "a tab character indents this line; YAML indents with spaces only", at
    if problem == "found unexpected end of stream" and "quoted scalar" in context:
        return "this quote is never closed: the file ends inside the quoted value", opened
    if problem == "found incompatible YAML document":  # %YAML 1.3, %YAML 2.0
        return (
            "the %YAML directive asks for a YAML version megaroth does not read; plan files are YAML 1.2: "
            "remove the line or write %YAML 1.2"
        ), at
    if problem == "could not find expected ':'":
        return "this key has no ':' after it (or it is longer than 1,024 characters)", opened
    if problem.startswith("mapping values are not allowed"):  # C: "in this context", pure: "here"
        return (
            "a ':' is not allowed here: the line is probably indented more than the key above it, "
            "or a value holding ': ' needs quotes"
        ), at
    if problem == "did not find expected key" or problem.startswith("expected <block end>"):
        return (
            "this line does not line up with the keys above it (keys of one mapping start in the same "
            "column), or a quote above it is never closed"
        ), at
    return None


def _parser_error(error: yaml.YAMLError, text: str) -> LoadError:
    if isinstance(error, yaml.MarkedYAMLError) and error.problem_mark is not None:
        if (error.problem or "").startswith("exceeded maximum nesting depth"):
            if MAX_DEPTH < _PARSER_DEPTH:
                return _too_deep(*_position(error.problem_mark))
            return LoadError(
                f"nesting deeper than the YAML parser's limit of {_PARSER_DEPTH:,} levels", *_position(error.problem_mark)
            )
        explained = _explain(error, text)
        if explained is not None:
            return LoadError(f"invalid YAML: {explained[0]}", *_position(explained[1]))
        problem = error.problem or "invalid YAML"
        if error.context:
            problem = f"{problem} ({error.context}"
            if error.context_mark is not None and error.context_mark.line != error.problem_mark.line:
                problem += f" at line {error.context_mark.line + 1}"
            problem += ")"
        return LoadError(f"invalid YAML: {problem}", *_position(error.problem_mark))
    if isinstance(error, yaml.reader.ReaderError):
        line, column = line_col_of_offset(text, error.position)
        character = error.character if isinstance(error.character, str) else chr(error.character)
        return LoadError(
            f"invalid YAML: the control character U+{ord(character):04X} is not allowed in a YAML file", line, column
        )
    return LoadError(f"invalid YAML: {error}")


# Every character YAML 1.2 does not allow in a stream (c-printable: C0 and C1
# controls but tab, LF, CR and NEL; DEL; surrogates; U+FFFE, U+FFFF), and three
# it does allow that megaroth refuses: NEL (U+0085), U+2028 and U+2029. YAML
# 1.2 reads them as ordinary characters, but YAML 1.1 readers (libyaml among
# them) break lines there, while wc, grep, diff and a reviewer's editor do
# not; "# reviewed\u2028waivers: ..." would be a comment to the reviewer and a
# waiver to the parser. U+FEFF here is a byte order mark after the start of
# the file (decode() takes off the one at the start), which YAML forbids
# inside a document and no reader can see.
_REFUSED_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029\ufeff\ufffe\uffff]")
_LINE_SEPARATORS = {
    "\x85": "the next-line character NEL (U+0085)",
    "\u2028": "the line separator U+2028",
    "\u2029": "the paragraph separator U+2029",
}


def check_characters(text: str) -> None:
    """Refuse the first character a plan file cannot hold, at its line and column."""
    found = _REFUSED_CHARACTER.search(text)
    if found is None:
        return
    character, (line, column) = found.group(), line_col_of_offset(text, found.start())
    if character in _LINE_SEPARATORS:
        message = (
            f"{_LINE_SEPARATORS[character]} is not allowed in a plan file: YAML 1.2 does not break lines there "
            "but other YAML readers do, so the file would not read the same to every tool; use a plain newline"
        )
    elif character == "\ufeff":
        message = (
            "a byte order mark (U+FEFF, invisible in most editors) is allowed only at the very start of the file; "
            "delete this one"
        )
    else:
        message = f"the control character U+{ord(character):04X} is not allowed in a YAML file"
    raise LoadError(f"invalid YAML: {message}", line, column)


def _directive_line(text: str, first_line: int, name: str) -> tuple[int, int]:
    """Where the directive ``%name`` is, from the document's first directive on (0-based first_line)."""
    for number, line in enumerate(_BREAKS.split(text)[first_line:], start=first_line + 1):
        if line.startswith(f"%{name}"):
            return number, 1
    return first_line + 1, 1


def _check_directives(event: Any, text: str) -> None:
    """Refuse %YAML other than 1.2 and %TAG: megaroth reads YAML 1.2, so it never says 1.1 and reads 1.2."""
    version, tags = getattr(event, "version", None), getattr(event, "tags", None)
    if version is not None and tuple(version) != (1, 2):
        written = ".".join(map(str, version))
        raise LoadError(
            f"invalid YAML: the directive %YAML {written} asks for YAML {written}, but megaroth reads plan files "
            "as YAML 1.2 only (yes and no are text, not true and false); remove the line or write %YAML 1.2",
            *_directive_line(text, event.start_mark.line, "YAML"),
        )
    if tags:
        raise LoadError(
            "invalid YAML: the %TAG directive is not allowed in a plan file: a plan holds plain values, "
            "and megaroth never builds or runs what a tag names",
            *_directive_line(text, event.start_mark.line, "TAG"),
        )


def parse(text: str) -> Document:
    """Parse one YAML document from text; raise LoadError for anything else."""
    check_characters(text)
    try:
        parser = _Parser(text)  # the pure reader checks every character here already
    except yaml.YAMLError as error:
        raise _parser_error(error, text) from None
    try:
        parser.get_event()  # StreamStart
        if parser.check_event(yaml.StreamEndEvent):
            if text.strip():
                raise LoadError("file holds only comments: there is no plan in it", 1, 1)
            raise LoadError("file is empty: it holds no YAML document", 1, 1)
        _check_directives(parser.get_event(), text)  # DocumentStart
        builder = _Builder(parser)
        data = builder.node("", 0)
        parser.get_event()  # DocumentEnd
        if not parser.check_event(yaml.StreamEndEvent):
            second = parser.peek_event()
            raise LoadError(
                "file holds more than one YAML document; put each plan in its own file",
                *_position(second.start_mark),
            )
    except yaml.YAMLError as error:
        raise _parser_error(error, text) from None
    except RecursionError:
        raise _too_deep() from None
    finally:
        dispose = getattr(parser, "dispose", None)
        if dispose is not None:
            dispose()
    if data is None:
        raise LoadError("file is empty: its document holds no plan", 1, 1)
    return Document(data, builder.marks)


def load_bytes(raw: bytes) -> Document:
    """Decode and parse a plan file's bytes."""
    return parse(decode(raw))


class UnreadableFile(Exception):
    """A file that cannot be read or parsed, said as one ready-to-print ``file[:line:col]: message`` line."""

    def __init__(self, line: str):
        super().__init__(line)
        self.line = line


def load_file(name: str, what: str, stream: BinaryIO | None = None) -> Document:
    """Read a file whole, within the bounds, and parse it; ``stream`` reads it from there instead of opening ``name``.

    The one place the calculator's plan file and a user's limits file are read:
    an OSError says which file (``what``) could not be read, a parse error where.
    """
    try:
        if stream is not None:
            raw = read_bounded(stream)
        else:
            with open(name, "rb") as handle:
                raw = read_bounded(handle)
    except OSError as error:
        raise UnreadableFile(f"{name}: {cannot_read(what, error)}") from None
    try:
        return load_bytes(raw)
    except LoadError as error:
        raise UnreadableFile(f"{location(name, error.line, error.column)}: {error.message}") from None
