"""The employer's census, CSV or .xlsx: one row per employee under a header row, read into Employee records.

Only the columns the test uses are read (``FIELDS``); every other column
(names, SSNs, birth dates) is skipped by position and never kept, so no
output or message can carry it. Every bad cell is one CensusError at
``CENSUS:row:col``: the header is row 1, the first employee row 2, columns
count from 1, as a spreadsheet shows them.
"""

from __future__ import annotations

import csv
import io
import operator
import re
import zipfile
from types import MappingProxyType
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Iterator, Mapping, NamedTuple, Sequence

from megaroth.engine.reading import bounds
from megaroth.engine.reading.display import printable

# The columns the test reads; every other column is ignored.
MONEY = ("compensation", "prior_year_compensation", "deferrals", "after_tax", "match", "nonelective", "profit_sharing")
FIELDS = ("id", *MONEY, "owner_percent", "hce", "eligible", "age")
REQUIRED = ("id", "compensation")
_NUMBERS = (*MONEY, "owner_percent")
_CENT = Decimal("0.01")

XLSX_MAGIC = b"PK\x03\x04"  # an .xlsx file is a zip archive
MAX_CELL = 40  # characters of a bad cell a message quotes

_NUMBER = re.compile(r"^\(?-?\$?-?\d{1,3}(,\d{3})+(\.\d+)?\)?$|^\(?-?\$?-?\d*(\.\d+)?\)?$")
_PLAIN = re.compile(r"\d+(?:\.\d+)?")  # 120000 or 1234.56: most cells, read without the general pattern
_TRUE = {"true", "yes", "y", "1", "t"}
_FALSE = {"false", "no", "n", "0", "f"}


class CensusError(Exception):
    """A census that cannot be tested: the message starts with CENSUS:row:col where there is one."""


class Employee(NamedTuple):
    """One census row, holding only the fields the test uses; a missing optional field is None.

    A named tuple, not a dataclass: a census of 100,000 rows builds 100,000 of
    them, and a tuple is built in one step where a frozen dataclass sets each
    field in turn. It is as immutable.
    """

    id: str
    row: int
    compensation: Decimal
    prior_year_compensation: Decimal | None = None
    owner_percent: Decimal | None = None
    hce: bool | None = None
    deferrals: Decimal | None = None
    after_tax: Decimal = Decimal(0)
    match: Decimal | None = None
    eligible: bool = True
    nonelective: Decimal | None = None
    profit_sharing: Decimal | None = None
    age: int | None = None  # at the end of the plan year, for the catch-up
    columns: Mapping[str, int] = MappingProxyType({})  # field -> census column, for messages; one shared by every row


def parse_columns(pairs: tuple[str, ...] | list[str]) -> dict[str, str]:
    """``--columns NAME=HEADER,...`` as {field: header}; a pair that is not NAME=HEADER of a known field is refused."""
    mapping: dict[str, str] = {}
    for chunk in pairs:
        for pair in chunk.split(","):
            if not pair.strip():
                continue
            name, equals, header = pair.partition("=")
            name = name.strip().lower()
            if not equals or not header.strip():
                raise CensusError(f"--columns: {pair.strip()!r} is not NAME=HEADER")
            if name not in FIELDS:
                raise CensusError(f"--columns: {name!r} is not a census column (one of {', '.join(FIELDS)})")
            mapping[name] = header.strip()
    return mapping


def read_census(path: str, columns: dict[str, str] | None = None) -> list[Employee]:
    """The eligible and ineligible employees of a census file, in row order; CensusError for any bad input."""
    try:
        with open(path, "rb") as handle:
            raw = _read_bounded(path, handle)
    except OSError as error:
        raise CensusError(f"{printable(path)}: cannot read: {error.strerror}") from None
    rows = _xlsx_rows(path, raw) if raw.startswith(XLSX_MAGIC) else _csv_rows(path, raw)
    return _employees(path, rows, columns or {})


_STEP = 1_048_576  # read a census 1 MiB at a time: memory follows the file, never the bound


def _too_large(path: str) -> CensusError:
    return CensusError(
        f"{printable(path)}: is larger than {bounds.MAX_CENSUS_BYTES:,} bytes (raise MEGAROTH_MAX_CENSUS_BYTES to test it)"
    )


def _read_bounded(path: str, handle: io.BufferedReader) -> bytes:
    """The file's bytes, never more than one byte past MAX_CENSUS_BYTES (a pipe or /dev/zero included)."""
    parts, size = [], 0
    while size <= bounds.MAX_CENSUS_BYTES:
        part = handle.read(min(_STEP, bounds.MAX_CENSUS_BYTES + 1 - size))
        if not part:
            break
        parts.append(part)
        size += len(part)
    if size > bounds.MAX_CENSUS_BYTES:
        raise _too_large(path)
    return b"".join(parts)


def _csv_rows(path: str, raw: bytes) -> Iterator[list[str]]:
    if b"\0" in raw:
        raise CensusError(f"{printable(path)}: is neither CSV nor XLSX (it holds binary data)")
    try:
        raw.decode("utf-8-sig")  # the whole file first: a file that is not UTF-8 is that, whatever else is wrong
    except UnicodeDecodeError:
        raise CensusError(f"{printable(path)}: is neither CSV nor XLSX (it is not UTF-8 text)") from None
    # Decoded again as the rows are read: a StringIO of the whole text would hold it four bytes a character.
    try:
        yield from csv.reader(io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8-sig", newline=""), strict=True)
    except csv.Error as error:
        raise CensusError(f"{printable(path)}: is not valid CSV: {error}") from None


def _xlsx_rows(path: str, raw: bytes) -> Iterator[list[str]]:
    """The first worksheet's rows as text, each cell as Excel would show its value."""
    import openpyxl  # imported only for .xlsx files: the CSV path stays light

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            if sum(member.file_size for member in archive.infolist()) > bounds.MAX_CENSUS_BYTES:
                raise _too_large(path)
    except zipfile.BadZipFile:
        raise CensusError(f"{printable(path)}: is neither CSV nor XLSX (BadZipFile)") from None
    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise CensusError(f"{printable(path)}: is neither CSV nor XLSX ({type(error).__name__})") from None
    try:
        sheet = book.worksheets[0]
        for values in sheet.iter_rows(values_only=True):
            yield ["" if value is None else _cell_text(value) for value in values]
    finally:
        book.close()


def _cell_text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        # repr gives the shortest text that is the same float: 1234.56, never 1234.5599999
        return repr(value)
    return str(value)


def _employees(path: str, rows: Iterator[list[str]], columns: dict[str, str]) -> list[Employee]:
    where = printable(path)
    header = next(rows, None)
    while header is not None and not any(cell.strip() for cell in header):
        header = next(rows, None)
    if header is None:
        raise CensusError(f"{where}: is empty (no header row)")
    census_positions = _positions(where, header, columns)
    used = {name: index + 1 for name, index in census_positions.items()}
    numbered = _used_cells(rows, census_positions)
    positions = {name: index for index, name in enumerate(census_positions)}  # in the kept cells
    fast = _fast_employees(numbered, positions, used)
    if fast is not None:
        return fast
    # Something in the census is not plain: row by row, the first bad cell in row order is the message.
    employees: list[Employee] = []
    seen: dict[str, int] = {}
    for number, cells in numbered:
        employee = _employee(where, number, cells, positions, used)
        if employee.id in seen:
            raise CensusError(
                f"{where}:{number}:{positions['id'] + 1}: duplicate id {printable(employee.id)!r} "
                f"(first at row {seen[employee.id]})"
            )
        seen[employee.id] = number
        employees.append(employee)
    if not employees:
        raise CensusError(f"{where}: has a header row and no employees")
    return employees


def _used_cells(rows: Iterator[list[str]], positions: dict[str, int]) -> list[tuple[int, tuple[str, ...]]]:
    """Each employee row's number and the cells of the used columns only, in ``positions``' order.

    The other columns (names, SSNs) are dropped as each row is read: never
    kept, they cost no memory. A blank line (every cell empty or spaces) is
    not an employee and is skipped; a row with text only in unused columns is
    kept, for its empty id to be reported.
    """
    pick = operator.itemgetter(*positions.values())
    width = max(positions.values()) + 1
    first = positions["id"]
    kept = []
    for number, cells in enumerate(rows, start=2):
        if not any(cells):
            continue
        if len(cells) < width:
            cells = cells + [""] * (width - len(cells))
        if not cells[first].strip() and not "".join(cells).strip():
            continue  # a line of spaces
        kept.append((number, pick(cells)))
    return kept


# A column of plain cells, one a line: digits and points only (one scan, no backtracking), and no cell with
# three decimals or ending in a point (those the row-by-row reader rounds or refuses); "1.2.3" fails Decimal.
_PLAIN_CHARACTERS = re.compile(r"[0-9.\n]*")
_NOT_PLAIN = re.compile(r"\.[0-9]{3}|\.(?:\n|$)")
_FAST_FLAGS: dict[str, bool | None] = {**{word: True for word in _TRUE}, **{word: False for word in _FALSE}, "": None}
_ZEROS = {text: Decimal(text) for text in ("0", "0.0", "0.00")}
_FAST_AGE = re.compile(r"(?:\d{1,3})?(?:\n(?:\d{1,3})?)*")


def _fast_employees(numbered: list[tuple[int, tuple[str, ...]]], positions: dict[str, int],
                    columns: dict[str, int]) -> list[Employee] | None:
    """The employees of a plain census, read column by column: None when any cell needs ``_employee``'s care.

    Plain: every row as wide as the header's used columns, each money and
    percent cell blank or digits with at most two decimals (checked for a whole
    column by one pattern), ids non-empty and unique, flags true/false, ages
    whole numbers to 130, compensation given and, where zero, with no
    contributions. Anything else (Excel's "$120,000", a bad cell) is read row
    by row, so that messages and their order are exactly ``_employee``'s.
    """
    if not numbered:
        return None  # the row-by-row reader says what is wrong with an empty census
    texts: dict[str, list[str]] = {name: [cells[index] for _, cells in numbered] for name, index in positions.items()}
    values: dict[str, list[Decimal | None]] = {}
    for name in _NUMBERS:
        column = texts.get(name)
        if column is None:
            values[name] = [None] * len(numbered)
            continue
        joined = "\n".join(column)
        if not _PLAIN_CHARACTERS.fullmatch(joined) or _NOT_PLAIN.search(joined):
            return None
        try:
            # Zeros are most of some columns (no after-tax money, no profit sharing): one Decimal each, shared.
            values[name] = [_ZEROS[text] if text in _ZEROS else Decimal(text) if text else None for text in column]
        except InvalidOperation:
            return None
    ids = [text.strip() for text in texts["id"]]
    if not all(ids) or len(set(ids)) != len(ids):
        return None
    flags: dict[str, list[bool | None]] = {}
    for name in ("hce", "eligible"):
        column = texts.get(name)
        try:
            flags[name] = [None] * len(numbered) if column is None else [_FAST_FLAGS[t.strip().lower()] for t in column]
        except KeyError:
            return None
    age_texts = [t.strip() for t in texts["age"]] if "age" in texts else None
    if age_texts is not None and not _FAST_AGE.fullmatch("\n".join(age_texts)):
        return None
    ages = [None] * len(numbered) if age_texts is None else [int(t) if t else None for t in age_texts]
    if any(age is not None and age > 130 for age in ages):
        return None
    compensation = values["compensation"]
    if None in compensation:
        return None
    zero = Decimal(0)
    for row, pay in enumerate(compensation):
        if pay == zero and (values["after_tax"][row] or values["match"][row] or values["deferrals"][row]):
            return None
    after_tax = [value or zero for value in values["after_tax"]]  # a blank after-tax cell is no after-tax money
    eligible = [True if flag is None else flag for flag in flags["eligible"]]
    return [
        Employee(identifier, number, pay, prior, owner, hce, deferrals, after, match, is_eligible, nonelective, profit,
                 age, columns)
        for identifier, (number, _), pay, prior, owner, hce, deferrals, after, match, is_eligible, nonelective, profit, age
        in zip(ids, numbered, compensation, values["prior_year_compensation"], values["owner_percent"], flags["hce"],
               values["deferrals"], after_tax, values["match"], eligible, values["nonelective"],
               values["profit_sharing"], ages)
    ]


def _positions(where: str, header: list[str], columns: dict[str, str]) -> dict[str, int]:
    """The 0-based position of each used field's column; the header names match case-insensitively."""
    by_name: dict[str, int] = {}
    for index, cell in enumerate(header):
        name = cell.strip().lower()
        if name and name not in by_name:
            by_name[name] = index
    positions: dict[str, int] = {}
    for name in FIELDS:
        wanted = columns.get(name, name).lower()
        if wanted in by_name:
            positions[name] = by_name[wanted]
        elif name in columns:
            raise CensusError(f"{where}:1:1: no column {columns[name]!r} (given for {name} by --columns)")
    for name in REQUIRED:
        if name not in positions:
            raise CensusError(f"{where}:1:1: missing required column {name!r} (map another header with --columns {name}=HEADER)")
    return positions


def _employee(where: str, number: int, cells: Sequence[str], positions: dict[str, int],
              columns: dict[str, int]) -> Employee:
    """One row; ``columns`` (field -> census column) is shared by every row: a census of 100,000 rows holds one."""
    width = len(cells)
    texts = {name: cells[index].strip() if index < width else "" for name, index in positions.items()}

    def at(name: str) -> str:  # built only for a message: most rows never need it
        return f"{where}:{number}:{columns[name]}"

    identifier = texts["id"]
    if not identifier:
        raise CensusError(f"{at('id')}: id is empty")
    values: dict[str, Decimal | None] = {}
    for name in _NUMBERS:
        text = texts.get(name, "")
        if not text:
            values[name] = None
            continue
        value = _number(where, number, columns.get(name, 0), name, text)
        if name != "owner_percent" and value.as_tuple().exponent < -2:  # type: ignore[operator]
            # Dollars are cents: an .xlsx formula's 6000.000000001 is 6,000.00, as payroll paid it.
            value = value.quantize(_CENT, rounding=ROUND_HALF_UP)
        if value < 0:
            raise CensusError(f"{at(name)}: {name} is negative ({printable(text)})")
        values[name] = value
    compensation = values["compensation"]
    if compensation is None:
        raise CensusError(f"{at('compensation')}: compensation is empty")
    if compensation == 0:
        for name in ("after_tax", "match", "deferrals"):
            if values[name]:
                raise CensusError(f"{at(name)}: {name} of {values[name]} with zero compensation")
    hce_text, age_text, eligible_text = texts.get("hce", ""), texts.get("age", ""), texts.get("eligible", "")
    hce = _flag(at("hce"), "hce", hce_text) if hce_text else None
    age = None
    if age_text:
        if not (age_text.isascii() and age_text.isdigit() and int(age_text) <= 130):
            raise CensusError(f"{at('age')}: age must be a whole number of years, not {printable(age_text[:MAX_CELL])!r}")
        age = int(age_text)
    eligible = _flag(at("eligible"), "eligible", eligible_text) if eligible_text else True
    return Employee(
        id=identifier,
        row=number,
        compensation=compensation,
        prior_year_compensation=values["prior_year_compensation"],
        owner_percent=values["owner_percent"],
        hce=hce,
        deferrals=values["deferrals"],
        # A blank after-tax cell is no after-tax money: an eligible employee who contributes nothing has ACR 0.
        after_tax=values["after_tax"] or Decimal(0),
        match=values["match"],
        eligible=eligible,
        nonelective=values["nonelective"],
        profit_sharing=values["profit_sharing"],
        age=age,
        columns=columns,
    )


def _number(where: str, number: int, column: int, name: str, text: str) -> Decimal:
    """A census number: 120000, 120,000, $120,000.50 and (1,000) as Excel shows them; 'abc' is refused."""
    if _PLAIN.fullmatch(text):
        return Decimal(text)
    at = f"{where}:{number}:{column}"
    compact = text.replace(" ", "")
    if compact.endswith("%") and name == "owner_percent":
        compact = compact[:-1]
    if not compact or not _NUMBER.match(compact) or not any(ch.isdigit() for ch in compact):
        raise CensusError(f"{at}: {name} is not a number: {printable(text[:MAX_CELL])!r}")
    negative = compact.startswith("(") or "-" in compact
    digits = compact.strip("()").replace("$", "").replace(",", "").replace("-", "")
    try:
        value = Decimal(digits)
    except InvalidOperation:
        raise CensusError(f"{at}: {name} is not a number: {printable(text[:MAX_CELL])!r}") from None
    return -value if negative else value


def _flag(at: str, name: str, text: str) -> bool:
    lowered = text.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise CensusError(f"{at}: {name} must be true or false, not {printable(text[:MAX_CELL])!r}")
