"""The report's inline SVG charts (engine/report/chart.py): exact output, coordinates from the data, safe text."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from decimal import Decimal

import pytest

from golden_files import assert_golden
from megaroth.engine.report.chart import acp_svg, dollar_label, nice_step, percent_label, projection_svg

SVG = "{http://www.w3.org/2000/svg}"

# $10,000 converted at the start of each of 3 years, growing 5% a year:
#   year 1: 10,000 × 1.05 = 10,500
#   year 2: (10,500 + 10,000) × 1.05 = 21,525
#   year 3: (21,525 + 10,000) × 1.05 = 33,101.25
YEARS = [1, 2, 3]
CONTRIBUTED = [Decimal(10_000), Decimal(20_000), Decimal(30_000)]
VALUE = [Decimal(10_500), Decimal(21_525), Decimal("33101.25")]


def small_projection(title: str = "Roth balance at 5% a year") -> str:
    return projection_svg(YEARS, CONTRIBUTED, VALUE, title)


def parse(svg: str) -> ElementTree.Element:
    return ElementTree.fromstring(svg)  # raises ParseError on anything ill-formed


def polylines(root: ElementTree.Element) -> list[list[tuple[str, str]]]:
    return [[tuple(pair.split(",")) for pair in line.get("points").split()] for line in root.iter(f"{SVG}polyline")]


def texts(root: ElementTree.Element) -> list[str]:
    return [text.text for text in root.iter(f"{SVG}text")]


def test_projection_golden():
    assert_golden("report/projection-small.svg", small_projection())


def test_acp_golden():
    assert_golden("report/acp-small.svg", acp_svg(Decimal("5.50"), Decimal("3.00"), Decimal("5.00")))


def test_projection_points_are_computed_from_the_data():
    # The highest amount is 33,101.25; a fifth of it is 6,620.25, so the step is the first of 1,000, 2,000,
    # 5,000, 10,000 at or above it: 10,000, and the axis ends at the next tick above 33,101.25: 40,000.
    # The plot spans y 300 (the $0 line) up to y 60: y = 300 - amount / 40,000 × 240 = 300 - 0.006 × amount.
    #   contributed: 10,000 → 240.0, 20,000 → 180.0, 30,000 → 120.0
    #   value: 10,500 → 237.0, 21,525 → 300 - 129.15 = 170.85 → 170.9 (half up), 33,101.25 → 101.3925 → 101.4
    # The years span x 80 to 600: year 1 → 80, year 2 → 340, year 3 → 600.
    root = parse(small_projection())
    contributed, value = polylines(root)
    assert contributed == [("80.0", "240.0"), ("340.0", "180.0"), ("600.0", "120.0")]
    assert value == [("80.0", "237.0"), ("340.0", "170.9"), ("600.0", "101.4")]
    labels = texts(root)
    for label in ["$0", "$10k", "$20k", "$30k", "$40k", "1", "2", "3", "year", "dollars", "contributed", "what it grows to"]:
        assert label in labels
    assert "$50k" not in labels


def test_projection_title_and_desc_are_first_for_screen_readers():
    root = parse(small_projection())
    assert root.get("role") == "img"
    first, second = list(root)[:2]
    assert (first.tag, first.text) == (f"{SVG}title", "Roth balance at 5% a year")
    # 30,000 contributed over the 3 years, worth 33,101.25 at the end: $33,101 in whole dollars.
    assert (second.tag, second.text) == (f"{SVG}desc", "years 1 to 3: $30,000 contributed grows to $33,101 by year 3.")


def test_projection_thins_the_year_ticks():
    # 30 years: every year is 30 ticks, every 2nd 15, every 5th 6 (years 1, 6, 11, 16, 21, 26): at most 11.
    years = list(range(1, 31))
    root = parse(projection_svg(years, [Decimal(year) for year in years], [Decimal(year) for year in years], "t"))
    ticks = [text.text for text in root.iter(f"{SVG}text") if text.get("y") == "320"]
    assert ticks == ["1", "6", "11", "16", "21", "26"]


def test_one_year_sits_in_the_middle():
    root = parse(projection_svg([2026], [Decimal(7_000)], [Decimal(7_350)], "one year", x_label="age"))
    # The middle of 80..600 is 340; 7,350 / 5 = 1,470 → step 2,000, axis to 8,000: y = 300 - 7,350 × 0.03 = 79.5.
    assert polylines(root)[1] == [("340.0", "79.5")]
    assert root.find(f"{SVG}desc").text == "age 2026: $7,000 contributed grows to $7,350 by age 2026."


def test_text_is_escaped_and_cannot_break_the_svg():
    hostile = '<script>alert(1)</script> & "quotes"\x01'
    svg = small_projection(hostile)
    root = parse(svg)
    assert root.find(f"{SVG}title").text == '<script>alert(1)</script> & "quotes"\ufffd'
    assert "<script>" not in svg and not list(root.iter(f"{SVG}script"))


@pytest.mark.parametrize("svg", [small_projection(), acp_svg(Decimal("5.50"), Decimal("3.00"), Decimal("5.00"))])
def test_no_external_reference_script_or_id(svg: str):
    root = parse(svg)
    for element in root.iter():
        assert element.tag.split("}")[1] not in {"script", "image", "foreignObject", "use", "style", "a"}
        for name in element.attrib:
            assert "href" not in name and name != "id", (element.tag, name)
    assert "url(" not in svg and svg.count("http") == 1  # the namespace is the only URL


def test_acp_bars_and_limit_are_computed_from_the_data():
    # NHCE ACP 3.00%: the limit is the greater of 1.25 × 3.00 = 3.75 and the lesser of 2 × 3.00 = 6.00 and
    # 3.00 + 2 = 5.00, so 5.00% (§1.401(m)-2(a)(1)(ii)). HCE ACP 5.50% is above it.
    # The highest is 5.50; a fifth is 1.1, so the step is 2 and the axis ends at 6%.
    # The plot spans y 220 (0%) up to y 40: y = 220 - percent / 6 × 180 = 220 - 30 × percent.
    #   NHCE 3.00 → 130.0 (a bar 90.0 high), HCE 5.50 → 55.0 (165.0 high), the limit 5.00 → 70.0.
    # Two slots of 155 across x 70..380: bars 80 wide centred at 147.5 and 302.5, so from x 107.5 and 262.5.
    root = parse(acp_svg(Decimal("5.50"), Decimal("3.00"), Decimal("5.00")))
    bars = [(rect.get("x"), rect.get("y"), rect.get("height")) for rect in root.iter(f"{SVG}rect")]
    assert bars == [("107.5", "130.0", "90.0"), ("262.5", "55.0", "165.0")]
    limit = [line for line in root.iter(f"{SVG}line") if line.get("stroke") == "#b91c1c" and line.get("x2") == "380"]
    assert [(line.get("y1"), line.get("y2")) for line in limit] == [("70.0", "70.0")]
    labels = texts(root)
    for label in ["0%", "2%", "4%", "6%", "3.00%", "5.50%", "limit 5.00%", "NHCE ACP", "HCE ACP"]:
        assert label in labels
    assert root.find(f"{SVG}desc").text == "HCE ACP 5.50% is above the limit of 5.00%; NHCE ACP 3.00%."


def test_acp_at_the_limit_passes_in_words():
    # §1.401(m)-2(a)(1): the HCE ACP may not EXCEED the limit, so equal to it is "at", not "above".
    root = parse(acp_svg(Decimal("5.00"), Decimal("3.00"), Decimal("5.00")))
    assert root.find(f"{SVG}desc").text == "HCE ACP 5.00% is at the limit of 5.00%; NHCE ACP 3.00%."


@pytest.mark.parametrize(
    ("value", "label"),
    [(Decimal(0), "$0"), (Decimal(500), "$500"), (Decimal(2_500), "$2.5k"), (Decimal(120_000), "$120k"),
     (Decimal(1_000_000), "$1M"), (Decimal(1_500_000), "$1.5M")],
)
def test_dollar_labels(value: Decimal, label: str):
    assert dollar_label(value) == label


def test_percent_labels_and_steps():
    assert [percent_label(Decimal(v)) for v in ("0", "2", "2.5")] == ["0%", "2%", "2.5%"]
    # 1,000,000 / 5 = 200,000 → 200,000; 7 / 5 = 1.4 → 2; 0.4 / 5 = 0.08 → 0.1
    assert [nice_step(Decimal(v)) for v in ("1000000", "7", "0.4")] == [Decimal(200_000), 2, Decimal("0.1")]


def test_bad_series_are_refused():
    with pytest.raises(ValueError, match="one contributed and one value"):
        projection_svg([1, 2], [Decimal(1)], [Decimal(1), Decimal(2)], "t")
    with pytest.raises(ValueError, match="rising order"):
        projection_svg([2, 1], [Decimal(1)] * 2, [Decimal(1)] * 2, "t")
    with pytest.raises(ValueError, match="0 or more"):
        acp_svg(Decimal(-1), Decimal(1), Decimal(2))
