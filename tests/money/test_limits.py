"""rules/limits.yaml against the verified figures (shared/domain/facts.md) and the catch-up by age."""

from __future__ import annotations

import pytest

from megaroth.engine.money.limits import Limits, known_years, limits_for, limits_table

from limits_fixture import LIMITS_2027

# (year, Notice, §402(g), §414(v), 60-63, §415(c), §401(a)(17), §414(q), IRA, IRA catch-up, SS wage base),
# from facts.md; the IRA catch-up was a fixed $1,000 in §219(b)(5)(B) before 2024, and the wage base is the SSA's.
VERIFIED = [
    (2019, "IRS Notice 2018-83", 19000, 6000, None, 56000, 280000, 125000, 6000, 1000, 132900),
    (2020, "IRS Notice 2019-59", 19500, 6500, None, 57000, 285000, 130000, 6000, 1000, 137700),
    (2021, "IRS Notice 2020-79", 19500, 6500, None, 58000, 290000, 130000, 6000, 1000, 142800),
    (2022, "IRS Notice 2021-61", 20500, 6500, None, 61000, 305000, 135000, 6000, 1000, 147000),
    (2023, "IRS Notice 2022-55", 22500, 7500, None, 66000, 330000, 150000, 6500, 1000, 160200),
    (2024, "IRS Notice 2023-75", 23000, 7500, None, 69000, 345000, 155000, 7000, 1000, 168600),
    (2025, "IRS Notice 2024-80", 23500, 7500, 11250, 70000, 350000, 160000, 7000, 1000, 176100),
    (2026, "IRS Notice 2025-67", 24500, 8000, 11250, 72000, 360000, 160000, 7500, 1100, 184500),
]


@pytest.mark.parametrize("row", VERIFIED, ids=[str(row[0]) for row in VERIFIED])
def test_each_year_matches_the_irs_notice(row):
    year, source, g, v, v60, c, a17, q, ira, ira_cu, wage_base = row
    assert limits_for(year) == Limits(
        year=year,
        source=source,
        deferral_402g=g,
        catch_up_414v=v,
        catch_up_60_63=v60,
        annual_additions_415c=c,
        compensation_401a17=a17,
        hce_414q=q,
        ira_219b=ira,
        ira_catch_up_219b=ira_cu,
        roth_catch_up_wages=150000 if year == 2026 else None,
        ss_wage_base=wage_base,
        ss_wage_base_source="SSA, Contribution and Benefit Base (www.ssa.gov/oact/cola/cbb.html)",
    )


def test_the_table_holds_exactly_2019_to_2026():
    assert known_years() == [2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026]
    assert sorted(limits_table()) == known_years()


@pytest.mark.parametrize("year", [1999, 2018, 2027, 2100])
def test_no_fallback_for_a_year_without_limits(year):
    assert limits_for(year) is None


@pytest.mark.parametrize(
    ("year", "age", "catch_up"),
    [
        (2025, None, 0),
        (2025, 35, 0),
        (2025, 49, 0),
        (2025, 50, 7500),
        (2025, 59, 7500),
        (2025, 60, 11250),  # ages 60-63: the larger catch-up replaces the regular one
        (2025, 61, 11250),
        (2025, 63, 11250),
        (2025, 64, 7500),
        (2026, 50, 8000),
        (2026, 62, 11250),
        (2026, 64, 8000),
        (2024, 61, 7500),  # no 60-63 catch-up before 2025
        (2022, 60, 6500),
    ],
)
def test_catch_up_for_age(year, age, catch_up):
    assert limits_for(year).catch_up_for_age(age) == catch_up


# --- a user's limits file laid over the table ---------------------------------------------

USER_FILE = LIMITS_2027 + """\
  2025:
    source: IRS Notice 2024-80 (as corrected, test figures)
    deferral_402g: 23500
    catch_up_414v: 7500
    annual_additions_415c: 71000
    compensation_401a17: 350000
    hce_414q: 160000
    ira_219b: 7000
    ira_catch_up_219b: 1000
"""


def test_a_limits_file_adds_a_year_and_replaces_one(tmp_path):
    from megaroth.engine.money.limits import limits_file, missing_year, source_words, use_limits_file

    path = tmp_path / "mine.yaml"
    path.write_text(USER_FILE, encoding="utf-8")
    use_limits_file(str(path))
    assert limits_file() == str(path)
    assert known_years() == [2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026, 2027]
    added = limits_for(2027)
    assert (added.annual_additions_415c, added.file, added.file_name) == (74000, str(path), str(path))
    # The file's 2025 replaces megaroth's whole year; the years it does not name stay megaroth's.
    assert limits_for(2025).annual_additions_415c == 71000
    assert limits_for(2025).catch_up_60_63 is None
    assert source_words(limits_for(2025)) == f"IRS Notice 2024-80 (as corrected, test figures), from {path}"
    assert (limits_for(2026).file, limits_for(2026).file_name) == (None, "rules/limits.yaml")
    assert source_words(limits_for(2026)) == "IRS Notice 2025-67"
    assert missing_year(2028).startswith("megaroth does not carry IRS limits for plan year 2028 (it has 2019, 2020, "
                                         "2021, 2022, 2023, 2024, 2025, 2026, 2027); ")
    use_limits_file(None)
    assert known_years() == [2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026]
    assert limits_for(2025).annual_additions_415c == 70000


def test_a_bad_limits_file_leaves_the_table_as_it_was(tmp_path):
    from megaroth.engine.money.limits import use_limits_file
    from megaroth.engine.reading.limits_file import LimitsFileError

    path = tmp_path / "bad.yaml"
    path.write_text("years:\n  2027:\n    deferral_402g: 1\n", encoding="utf-8")
    with pytest.raises(LimitsFileError):
        use_limits_file(str(path))
    assert limits_for(2027) is None
