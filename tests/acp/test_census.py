"""Reading the census: header mapping, numbers as Excel shows them, and one message per bad input at CENSUS:row:col."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from megaroth.engine.acp.census import CensusError, parse_columns, read_census

D = Decimal


def write(tmp_path: Path, text: str, name: str = "census.csv") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_reads_case_insensitive_headers_and_excel_style_numbers(tmp_path):
    path = write(tmp_path, "ID,Name,SSN,Compensation,After_Tax,MATCH,HCE\n"
                           'e1,Ann Smith,123-45-6789,"$120,000.50","1,000",500,true\n'
                           "e2,Bob Jones,987-65-4321,80000,,0,no\n")
    first, second = read_census(path)
    assert (first.id, first.row, first.compensation, first.after_tax, first.match, first.hce) == (
        "e1", 2, D("120000.50"), D("1000"), D("500"), True)
    # A blank after-tax cell is no after-tax money.
    assert (second.after_tax, second.hce, second.eligible) == (D(0), False, True)


def test_unused_columns_are_never_kept(tmp_path):
    path = write(tmp_path, "id,name,ssn,compensation,match\ne1,Ann Smith,123-45-6789,100,0\n")
    (employee,) = read_census(path)
    assert "Ann" not in repr(employee) and "123-45" not in repr(employee)
    assert set(employee.columns) == {"id", "compensation", "match"}


def test_columns_option_maps_other_headers(tmp_path):
    path = write(tmp_path, "Emp No,W-2 Pay,AT\n7,50000,2500\n")
    mapping = parse_columns(("id=Emp No,compensation=w-2 pay", "after_tax=AT"))
    (employee,) = read_census(path, mapping)
    assert (employee.id, employee.compensation, employee.after_tax) == ("7", D("50000"), D("2500"))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("id,pay\n1,2\n", ":1:1: missing required column 'compensation' (map another header with --columns compensation=HEADER)"),
        ("id,compensation\n1,100\n1,200\n", ":3:1: duplicate id '1' (first at row 2)"),
        ("id,compensation\n1,abc\n", ":2:2: compensation is not a number: 'abc'"),
        ("id,compensation\n1,-5\n", ":2:2: compensation is negative (-5)"),
        ("id,compensation,after_tax\n1,0,100\n", ":2:3: after_tax of 100 with zero compensation"),
        ("id,compensation,hce\n1,10,maybe\n", ":2:3: hce must be true or false, not 'maybe'"),
        ("", ": is empty (no header row)"),
        ("id,compensation\n", ": has a header row and no employees"),
        ("id,compensation\n,10\n", ":2:1: id is empty"),
        ("id,compensation,age\n1,10,forty\n", ":2:3: age must be a whole number of years, not 'forty'"),
    ],
)
def test_bad_input_is_one_message_at_its_cell(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(CensusError) as caught:
        read_census(path)
    assert str(caught.value) == path + message


def test_a_file_that_is_neither_csv_nor_xlsx(tmp_path):
    path = tmp_path / "census.bin"
    path.write_bytes(b"\x00\x01\x02")
    with pytest.raises(CensusError, match=r"census.bin: is neither CSV nor XLSX \(it holds binary data\)$"):
        read_census(str(path))
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(CensusError, match=r"broken.xlsx: is neither CSV nor XLSX \(BadZipFile\)$"):
        read_census(str(broken))


def test_columns_option_refuses_unknown_names():
    with pytest.raises(CensusError, match=r"^--columns: 'ssn' is not a census column"):
        parse_columns(("ssn=SSN",))
    with pytest.raises(CensusError, match=r"^--columns: 'id' is not NAME=HEADER$"):
        parse_columns(("id",))


def test_reads_an_xlsx_census(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["id", "Compensation", "after_tax", "match", "hce", "name"])
    sheet.append(["e1", 190000, 3500, 9250.5, True, "Ann"])
    sheet.append([2, 85000.25, None, 6000, False, "Bob"])
    path = tmp_path / "census.xlsx"
    book.save(path)
    first, second = read_census(str(path))
    assert (first.id, first.compensation, first.match, first.hce) == ("e1", D("190000"), D("9250.5"), True)
    assert (second.id, second.row, second.compensation, second.after_tax) == ("2", 3, D("85000.25"), D(0))


def test_a_census_past_the_size_bound_is_refused(tmp_path, monkeypatch):
    from megaroth.engine.reading import bounds

    monkeypatch.setattr(bounds, "MAX_CENSUS_BYTES", 30)
    # "id,compensation\n" is 16 bytes and each row "1234,100000\n" 12: two rows make 40 > 30.
    path = write(tmp_path, "id,compensation\n1234,100000\n1235,100000\n")
    with pytest.raises(CensusError) as caught:
        read_census(path)
    assert str(caught.value) == f"{path}: is larger than 30 bytes (raise MEGAROTH_MAX_CENSUS_BYTES to test it)"
    # An .xlsx file is held to the bound by its uncompressed size: 5,000 like rows compress to a few
    # kilobytes and expand to hundreds; a bound just above the file's own size refuses it.
    book = openpyxl.Workbook()
    book.active.append(["id", "compensation"])
    for number in range(5000):
        book.active.append([number, 100000])
    path = tmp_path / "bomb.xlsx"
    book.save(path)
    size = path.stat().st_size
    monkeypatch.setattr(bounds, "MAX_CENSUS_BYTES", size + 1000)
    with pytest.raises(CensusError, match=rf"bomb.xlsx: is larger than {size + 1000:,} bytes"):
        read_census(str(path))


def test_dollars_are_read_to_the_cent(tmp_path):
    # A spreadsheet formula leaves float noise (6000.000000001); half-up to the cent: 6,000.00 and 1,234.57.
    path = write(tmp_path, "id,compensation,after_tax,match,owner_percent\n1,100000,6000.000000001,1234.565,5.125\n")
    (employee,) = read_census(path)
    assert (employee.after_tax, employee.match, employee.owner_percent) == (D("6000.00"), D("1234.57"), D("5.125"))


def test_a_line_of_spaces_is_skipped_but_a_row_with_text_only_in_unused_columns_is_not(tmp_path):
    # Unused columns are dropped as each row is read: a row whose only text is a name must still be reported
    # (its id is empty), not taken for a blank line; a line of spaces and commas is one.
    path = write(tmp_path, "id,name,compensation,match,hce\n  ,  , ,,\ne1,Ann,100,0,true\n")
    assert [employee.id for employee in read_census(path)] == ["e1"]
    path = write(tmp_path, "id,name,compensation,match,hce\ne1,Ann,100,0,true\n,Bob,,,\n")
    with pytest.raises(CensusError, match=r"census.csv:3:1: id is empty$"):
        read_census(path)
