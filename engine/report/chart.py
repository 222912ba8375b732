"""The report's charts as inline SVG: the projection, and the ACP test's bars.

Hand-written SVG elements rather than matplotlib: matplotlib is an optional extra
(megaroth[chart]) and costs most of a second to import, and its SVG carries
generated ids (two charts inlined in one page would clash) and, unless told
otherwise, a date and its version. A report must open offline and print the same
bytes for the same input, so the charts here have no script, no external
reference, no id, and coordinates computed in exact decimals and printed to one
decimal place. Text is escaped, and characters XML forbids are replaced, so a
plan's name cannot break the page.
"""

from __future__ import annotations

import html
import math
import re
from decimal import ROUND_HALF_UP, Decimal

from megaroth.engine.money.headroom import dollars

SVG_NS = "http://www.w3.org/2000/svg"
FONT = "DejaVu Sans, sans-serif"  # installed with the image; the PDF names the same font

# The projection: a 640 × 360 canvas; the plot area spans x 80..600 and y 60..300.
WIDTH, HEIGHT = 640, 360
LEFT, RIGHT, TOP, BOTTOM = 80, 600, 60, 300

# The ACP test: a 400 × 280 canvas; the plot area spans x 70..380 and y 40..220.
ACP_WIDTH, ACP_HEIGHT = 400, 280
ACP_LEFT, ACP_RIGHT, ACP_TOP, ACP_BOTTOM = 70, 380, 40, 220
BAR_WIDTH = 80

CONTRIBUTED_STYLE = 'stroke="#6b7280" stroke-width="2" stroke-dasharray="6 4"'
VALUE_STYLE = 'stroke="#1d4ed8" stroke-width="3"'
LIMIT_STYLE = 'stroke="#b91c1c" stroke-width="2" stroke-dasharray="8 4"'
MAX_X_TICKS = 11

# XML 1.0 allows tab, newline, carriage return and the characters from U+0020 on, less the surrogates and
# U+FFFE/U+FFFF; anything else would make the SVG (and an XHTML reading of the page) ill-formed.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _text(value: str) -> str:
    """Text safe inside an element or an attribute."""
    return html.escape(_NOT_XML.sub("\ufffd", value), quote=True)


def _coord(value: Decimal) -> str:
    """A coordinate to one decimal place, half up: the same on every machine."""
    return str(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def nice_step(top: Decimal, ticks: int = 5) -> Decimal:
    """The tick spacing for an axis from 0 to ``top``: 1, 2 or 5 times a power of ten, about ``ticks`` steps."""
    if top <= 0:
        return Decimal(1)
    raw = top / ticks
    magnitude = Decimal(1).scaleb(raw.adjusted())
    for multiple in (1, 2, 5, 10):
        step = magnitude * multiple
        if step >= raw:
            return step
    raise AssertionError("unreachable: 10 × magnitude exceeds raw")


def axis_top(highest: Decimal, step: Decimal) -> Decimal:
    """The axis ends at the first tick at or above the highest value (one step when all are zero)."""
    steps = max(1, math.ceil(highest / step))
    return step * steps


def _plain(value: Decimal) -> str:
    """A decimal without trailing zeros or an exponent: 120, 1.5, 0.25."""
    return format(value.normalize(), "f")


def dollar_label(value: Decimal) -> str:
    """An axis label in dollars: $0, $500, $120k, $1.5M."""
    if value >= 1_000_000:
        return f"${_plain(value / 1_000_000)}M"
    if value >= 1_000:
        return f"${_plain(value / 1_000)}k"
    return f"${_plain(value)}"


def percent_label(value: Decimal) -> str:
    """An axis label in percent: 0%, 2%, 2.5%."""
    return f"{_plain(value)}%"


def _percent(value: Decimal) -> str:
    """An ACP as the test states it, to the hundredth of a point (§1.401(m)-2(a)(2)): 3.50%."""
    return f"{value.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP)}%"


def _tick_spacings():
    """1, 2, 5, 10, 20, 50, ..."""
    magnitude = 1
    while True:
        for multiple in (1, 2, 5):
            yield multiple * magnitude
        magnitude *= 10


def _open(width: int, height: int, title: str, desc: str) -> list[str]:
    # role="img" with <title> and <desc> as the first children: the accessible name and description,
    # without ids that two charts on one page would share.
    return [
        f'<svg xmlns="{SVG_NS}" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img"'
        f' font-family="{FONT}" font-size="12">',
        f"<title>{_text(title)}</title>",
        f"<desc>{_text(desc)}</desc>",
    ]


def _y_axis(lines: list[str], left: int, right: int, top: int, bottom: int, step: Decimal, end: Decimal, label) -> None:
    """Grid lines, tick marks and labels of a vertical axis from 0 to ``end``."""
    tick = Decimal(0)
    while tick <= end:
        y = _coord(Decimal(bottom) - tick / end * (bottom - top))
        lines.append(f'<line x1="{left}" y1="{y}" x2="{right}" y2="{y}" stroke="#e5e7eb"/>')
        lines.append(f'<line x1="{left - 6}" y1="{y}" x2="{left}" y2="{y}" stroke="#111827"/>')
        lines.append(f'<text x="{left - 9}" y="{y}" dy="4" text-anchor="end">{_text(label(tick))}</text>')
        tick += step


def projection_svg(
    years: list[int], contributed: list[Decimal], value: list[Decimal], title: str, *, x_label: str = "year"
) -> str:
    """What was contributed beside what it grows to, one point per year, as an inline SVG.

    ``years`` rise strictly; ``contributed`` and ``value`` are dollars at the end of each year, none negative.
    """
    if not years or not len(years) == len(contributed) == len(value):
        raise ValueError("projection_svg needs one contributed and one value amount for each of at least one year")
    if any(later <= earlier for earlier, later in zip(years, years[1:])):
        raise ValueError("projection_svg needs the years in rising order")
    contributed = [Decimal(amount) for amount in contributed]
    value = [Decimal(amount) for amount in value]
    if min(contributed + value) < 0:
        raise ValueError("projection_svg draws amounts of 0 or more")

    step = nice_step(max(contributed + value))
    end = axis_top(max(contributed + value), step)
    first, last = years[0], years[-1]
    span = last - first

    def x(year: int) -> Decimal:
        if span == 0:  # one year: its point sits in the middle
            return Decimal(LEFT + RIGHT) / 2
        return Decimal(LEFT) + Decimal(year - first) / span * (RIGHT - LEFT)

    def y(amount: Decimal) -> Decimal:
        return Decimal(BOTTOM) - amount / end * (BOTTOM - TOP)

    period = f"{x_label} {first}" if span == 0 else f"{x_label}s {first} to {last}"
    desc = (
        f"{period}: {dollar_amount(contributed[-1])} contributed grows to {dollar_amount(value[-1])}"
        f" by {x_label} {last}."
    )
    lines = _open(WIDTH, HEIGHT, title, desc)
    lines.append(f'<text x="{WIDTH // 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">{_text(title)}</text>')
    # The legend, above the plot so that it never covers a line.
    lines.append(f'<line x1="{LEFT}" y1="40" x2="{LEFT + 28}" y2="40" {CONTRIBUTED_STYLE}/>')
    lines.append(f'<text x="{LEFT + 34}" y="44">contributed</text>')
    lines.append(f'<line x1="{LEFT + 160}" y1="40" x2="{LEFT + 188}" y2="40" {VALUE_STYLE}/>')
    lines.append(f'<text x="{LEFT + 194}" y="44">what it grows to</text>')
    _y_axis(lines, LEFT, RIGHT, TOP, BOTTOM, step, end, dollar_label)
    # x ticks: every year up to 11 of them, else every 2nd, 5th, 10th, 20th... year from the first.
    every = next(k for k in _tick_spacings() if len(years[::k]) <= MAX_X_TICKS)
    for year in years[::every]:
        px = _coord(x(year))
        lines.append(f'<line x1="{px}" y1="{BOTTOM}" x2="{px}" y2="{BOTTOM + 6}" stroke="#111827"/>')
        lines.append(f'<text x="{px}" y="{BOTTOM + 20}" text-anchor="middle">{year}</text>')
    lines.append(f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{BOTTOM}" stroke="#111827"/>')
    lines.append(f'<line x1="{LEFT}" y1="{BOTTOM}" x2="{RIGHT}" y2="{BOTTOM}" stroke="#111827"/>')
    lines.append(f'<text x="{(LEFT + RIGHT) // 2}" y="{BOTTOM + 44}" text-anchor="middle">{_text(x_label)}</text>')
    middle = (TOP + BOTTOM) // 2
    lines.append(f'<text x="18" y="{middle}" text-anchor="middle" transform="rotate(-90 18 {middle})">dollars</text>')
    for amounts, style in ((contributed, CONTRIBUTED_STYLE), (value, VALUE_STYLE)):
        points = " ".join(f"{_coord(x(year))},{_coord(y(amount))}" for year, amount in zip(years, amounts))
        lines.append(f'<polyline points="{points}" fill="none" {style}/>')
    lines.append("</svg>")
    return "\n".join(lines)


def dollar_amount(amount: Decimal) -> str:
    """Whole dollars with separators, rounded half up: $123,457."""
    return f"${dollars(amount):,}"


def acp_svg(hce_acp: Decimal, nhce_acp: Decimal, limit: Decimal) -> str:
    """The ACP test as bars: the NHCEs' ACP, the HCEs' ACP, and the limit the HCEs' ACP may not exceed.

    Percentages, as engine/acp/ratios.py gives them (3.50 is 3.50%).
    """
    hce_acp, nhce_acp, limit = Decimal(hce_acp), Decimal(nhce_acp), Decimal(limit)
    if min(hce_acp, nhce_acp, limit) < 0:
        raise ValueError("acp_svg draws percentages of 0 or more")
    step = nice_step(max(hce_acp, nhce_acp, limit))
    end = axis_top(max(hce_acp, nhce_acp, limit), step)

    def y(percent: Decimal) -> Decimal:
        return Decimal(ACP_BOTTOM) - percent / end * (ACP_BOTTOM - ACP_TOP)

    # The test passes when the HCE ACP is not more than the limit (§1.401(m)-2(a)(1)).
    relation = "above" if hce_acp > limit else "at" if hce_acp == limit else "below"
    desc = (
        f"HCE ACP {_percent(hce_acp)} is {relation} the limit of {_percent(limit)};"
        f" NHCE ACP {_percent(nhce_acp)}."
    )
    lines = _open(ACP_WIDTH, ACP_HEIGHT, "ACP test", desc)
    # The limit's legend sits above the plot, where no bar or bar label can reach it.
    lines.append(f'<line x1="{ACP_LEFT}" y1="16" x2="{ACP_LEFT + 28}" y2="16" {LIMIT_STYLE}/>')
    lines.append(f'<text x="{ACP_LEFT + 34}" y="20">limit {_percent(limit)}</text>')
    _y_axis(lines, ACP_LEFT, ACP_RIGHT, ACP_TOP, ACP_BOTTOM, step, end, percent_label)
    slot = Decimal(ACP_RIGHT - ACP_LEFT) / 2
    for index, (name, percent, colour) in enumerate((("NHCE ACP", nhce_acp, "#9ca3af"), ("HCE ACP", hce_acp, "#1d4ed8"))):
        centre = Decimal(ACP_LEFT) + slot * index + slot / 2
        top = y(percent)
        lines.append(
            f'<rect x="{_coord(centre - BAR_WIDTH // 2)}" y="{_coord(top)}" width="{BAR_WIDTH}"'
            f' height="{_coord(ACP_BOTTOM - top)}" fill="{colour}"/>'
        )
        lines.append(f'<text x="{_coord(centre)}" y="{_coord(top - 6)}" text-anchor="middle">{_percent(percent)}</text>')
        lines.append(f'<text x="{_coord(centre)}" y="{ACP_BOTTOM + 20}" text-anchor="middle">{name}</text>')
    limit_y = _coord(y(limit))
    lines.append(
        f'<line x1="{ACP_LEFT}" y1="{limit_y}" x2="{ACP_RIGHT}" y2="{limit_y}" {LIMIT_STYLE}/>'
    )
    lines.append(f'<line x1="{ACP_LEFT}" y1="{ACP_TOP}" x2="{ACP_LEFT}" y2="{ACP_BOTTOM}" stroke="#111827"/>')
    lines.append(f'<line x1="{ACP_LEFT}" y1="{ACP_BOTTOM}" x2="{ACP_RIGHT}" y2="{ACP_BOTTOM}" stroke="#111827"/>')
    middle = (ACP_TOP + ACP_BOTTOM) // 2
    lines.append(
        f'<text x="18" y="{middle}" text-anchor="middle" transform="rotate(-90 18 {middle})">percent of compensation</text>'
    )
    lines.append("</svg>")
    return "\n".join(lines)
