"""The room table: each row's annual additions against §415(c) and 100% of pay, deferrals against §402(g) and the
catch-up for the age, and the excess findings MBR607-MBR610 at the row and column (`megaroth acp --format json`).

Limits (rules/limits.yaml): 2024 (Notice 2023-75) §402(g) 23,000, catch-up 7,500, §415(c) 69,000, no ages 60-63
catch-up yet; 2025 (Notice 2024-80) §402(g) 23,500, catch-up 7,500, ages 60-63 11,250 (§414(v)(2)(E)), §415(c) 70,000.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from megaroth.cli import main

HEADER = "id,name,compensation,deferrals,after_tax,match,nonelective,profit_sharing,age,hce\n"


def report(tmp_path: Path, rows: str, *options: str, header: str = HEADER) -> tuple[int, dict]:
    path = tmp_path / "census.csv"
    path.write_text(header + rows, encoding="utf-8")
    result = CliRunner().invoke(main, ["acp", str(path), "--format", "json", *options])
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)


def test_the_ages_60_to_63_catch_up_replaces_the_regular_one(tmp_path):
    # Row 2, age 61 in 2025: deferrals 34,750 = 23,500 + 11,250 (§414(v)(2)(E)): no excess; 11,250 is catch-up, so
    # annual additions are 23,500 + 40,000 after-tax + 5,000 match = 68,500 against min(70,000, 250,000) = 70,000:
    # 1,500 of after-tax room left.
    # Row 3, age 64: the regular 7,500 (§414(v)(2)(B)(i)): limit 31,000, deferrals 3,750 over (MBR609, column 4);
    # 7,500 is catch-up: additions 34,750 - 7,500 + 45,000 = 72,250, over 70,000 by 2,250 (MBR607, after_tax, column 5).
    code, data = report(tmp_path, "A,Ann,250000,34750,40000,5000,0,0,61,true\n"
                                  "B,Bea,250000,34750,40000,5000,0,0,64,true\n", "--year", "2025")
    assert code == 1
    assert data["rooms"] == [
        {"id": "A", "row": 2, "annual_additions": 68500.0, "additions_limit": 70000.0, "binding": "415c",
         "deferrals": 34750.0, "deferral_limit": 34750.0, "catch_up": 11250.0, "after_tax_room": 1500.0},
        {"id": "B", "row": 3, "annual_additions": 72250.0, "additions_limit": 70000.0, "binding": "415c",
         "deferrals": 34750.0, "deferral_limit": 31000.0, "catch_up": 7500.0, "after_tax_room": 0.0},
    ]
    assert data["findings"] == [
        {"id": "MBR609", "severity": "error", "row": 3, "column": 4, "message":
         "B: deferrals of 34,750.00 are over §402(g)'s 23,500.00 plus the 7,500.00 catch-up at age 64 (31,000.00) "
         "by 3,750.00"},
        {"id": "MBR607", "severity": "error", "row": 3, "column": 5, "message":
         "B: annual additions of 72,250.00 are over the §415(c)(1)(A) limit of 70,000.00 by 2,250.00"},
    ]


def test_before_2025_age_61_has_the_regular_catch_up(tmp_path):
    # 2024: no ages 60-63 catch-up; age 61 gets 7,500: limit 23,000 + 7,500 = 30,500; 34,750 is 4,250 over.
    code, data = report(tmp_path, "A,Ann,250000,34750,0,0,0,0,61,true\n", "--year", "2024")
    assert code == 1
    assert [(f["id"], f["message"]) for f in data["findings"]] == [
        ("MBR609", "A: deferrals of 34,750.00 are over §402(g)'s 23,000.00 plus the 7,500.00 catch-up at age 61 "
                   "(30,500.00) by 4,250.00")]


def test_at_low_pay_100_percent_of_compensation_binds(tmp_path):
    # 2025, pay 30,000 < 70,000: the §415(c)(1)(B) ceiling is 30,000. Age 30, no catch-up: additions
    # 20,000 + 12,000 = 32,000, over by 2,000 (MBR608 at the compensation column, 3). No HCE: the test passes,
    # and the excess alone makes the exit code 1.
    code, data = report(tmp_path, "P,Pat,30000,20000,12000,0,0,0,30,false\n", "--year", "2025")
    assert code == 1 and data["passed"] is True
    assert data["rooms"][0]["binding"] == "pay" and data["rooms"][0]["additions_limit"] == 30000.0
    assert data["findings"] == [{"id": "MBR608", "severity": "error", "row": 2, "column": 3, "message":
        "P: annual additions of 32,000.00 are over 100% of compensation, 30,000.00 (§415(c)(1)(B)), by 2,000.00"}]


def test_without_an_age_an_excess_a_catch_up_would_cover_is_a_warning(tmp_path):
    # 2025, no age column. Row 2: deferrals 25,000, 1,500 over §402(g)'s 23,500, within any catch-up: MBR610
    # (warning: exit 0), and the room counts no catch-up (additions 25,000).
    # Row 3: 40,000 is over even the largest catch-up of any age, 11,250: 40,000 - 23,500 - 11,250 = 5,250 (MBR609).
    header = "id,compensation,deferrals,match,hce\n"
    code, data = report(tmp_path, "A,150000,25000,0,false\nB,150000,40000,0,false\n", "--year", "2025", header=header)
    assert code == 1
    assert data["findings"] == [
        {"id": "MBR610", "severity": "warning", "row": 2, "column": 3, "message":
         "A: deferrals of 25,000.00 (over §402(g)'s 23,500.00) fit only with a catch-up, and the census gives no age: "
         "an excess of 1,500.00 unless the employee is 50 or older at the end of 2025"},
        {"id": "MBR609", "severity": "error", "row": 3, "column": 3, "message":
         "B: deferrals of 40,000.00 are over §402(g)'s 23,500.00 plus the largest catch-up of any age "
         "(11,250.00; the census gives no age) by 5,250.00"},
    ]
    assert data["rooms"][0]["annual_additions"] == 25000.0 and data["rooms"][0]["after_tax_room"] is None
    code, _ = report(tmp_path, "A,150000,25000,0,false\n", "--year", "2025", header=header)
    assert code == 0


def test_the_room_covers_ineligible_rows_and_never_copies_other_columns(tmp_path):
    # An ineligible row is outside the ACP test but not outside §415(c): pay 50,000, profit sharing 60,000 is over
    # 100% of pay by 10,000 (MBR608). The name column appears nowhere in the report.
    header = "id,name,compensation,profit_sharing,eligible,hce\n"
    code, data = report(tmp_path, "X,Secret Name,50000,60000,false,false\n", "--year", "2025", header=header)
    assert code == 1 and data["employees"] == [] and data["ineligible"] == 1
    assert [(f["id"], f["row"], f["column"]) for f in data["findings"]] == [("MBR608", 2, 3)]
    assert "Secret" not in json.dumps(data)


# --- the quick pass the text and CI formats use finds what the whole table finds ---------------------------------

from decimal import Decimal  # noqa: E402

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from megaroth.engine.acp.census import Employee  # noqa: E402
from megaroth.engine.acp.findings import room_findings  # noqa: E402
from megaroth.engine.acp.rooms import excess_rooms, room_table  # noqa: E402
from megaroth.engine.money.limits import limits_for  # noqa: E402

dollars = st.integers(min_value=0, max_value=5_000_000).map(lambda n: Decimal(n) / 100)
maybe = st.none() | dollars


@st.composite
def rows(draw):
    return [Employee(id=str(row), row=row, compensation=draw(dollars), deferrals=draw(maybe), after_tax=draw(dollars),
                     match=draw(maybe), nonelective=draw(maybe), profit_sharing=draw(maybe),
                     age=draw(st.none() | st.integers(min_value=18, max_value=75)))
            for row in range(2, draw(st.integers(min_value=1, max_value=8)) + 2)]


@settings(max_examples=200, deadline=None)
@given(rows(), st.sampled_from([2024, 2025, 2026]))
def test_excess_rooms_find_what_the_whole_table_finds(employees, year):
    limits = limits_for(year)
    assert room_findings("c.csv", excess_rooms(employees, limits), year) == room_findings(
        "c.csv", room_table(employees, limits), year)
