"""The HCEs' headroom under the ACP test, with and without each HCE's §415(c) room."""

from __future__ import annotations

from decimal import Decimal

from megaroth.engine.acp.census import Employee
from megaroth.engine.acp.headroom import Headroom, headroom, room_415c
from megaroth.engine.acp.ratios import run_test

D = Decimal


def test_without_415c_figures_the_headroom_is_the_margin():
    # HCE 100,000 with 3,000 after-tax: 3.00; NHCE 100,000 with 4,000: 4.00. Limit max(5, min(6, 8)) = 6.00.
    # Adding p% of pay to the HCE adds exactly p to the ACR: 3 + p <= 6 -> p = 3.00. No room figures: uncapped.
    result = run_test([Employee(id="h", row=2, compensation=D(100000), after_tax=D(3000), hce=True),
                       Employee(id="n", row=3, compensation=D(100000), after_tax=D(4000), hce=False)],
                      2025, match_included=False)
    assert headroom(result) == Headroom(D("3.00"), 0, 1)


def test_the_415c_room_caps_an_hce():
    # 2025: §415(c) 70,000, §402(g) 23,500, catch-up 7,500 at 50-59 (Notice 2024-80).
    # HCE a, age 55, pay 100,000: deferrals 31,000 of which 7,500 catch-up -> 23,500 counted; match 5,000,
    #   after-tax 30,000, nonelective 0, profit sharing 10,000: additions 68,500; room 70,000 - 68,500 = 1,500.
    # HCE b, pay 100,000, after-tax 0, no deferrals column figures: uncapped.
    # NHCEs: 2 x (100,000 pay, 10,000 after-tax + 0 match) -> NHCE ACP 10.00; limit max(12.5, min(12, 20)) = 12.50.
    # ACRs now: a (30,000 + 5,000) / 100,000 = 35.00, b 0.00: HCE ACP 17.50 > 12.50: fails, headroom 0.
    a = Employee(id="a", row=2, compensation=D(100000), after_tax=D(30000), match=D(5000), deferrals=D(31000),
                 nonelective=D(0), profit_sharing=D(10000), age=55, hce=True)
    alone = run_test([a], 2025)
    assert room_415c(alone.hces[0], alone) == D("1500.00")
    nhces = [Employee(id=f"n{i}", row=4 + i, compensation=D(100000), after_tax=D(10000), match=D(0), hce=False)
             for i in range(2)]
    b = Employee(id="b", row=3, compensation=D(100000), match=D(0), hce=True)
    failing = run_test([a, b, *nhces], 2025)
    assert (failing.hce_acp, failing.limit, headroom(failing)) == (D("17.50"), D("12.50"), Headroom(D("0.00"), 1, 1))
    # With a at 5,000 after-tax instead (room 70,000 - 43,500 = 26,500; ACR 10.00) and b at 0:
    # HCE ACP 5.00. a's extra caps at 26,500 = 26.50 points; b's is p. (10 + min(p, 26.5) + p) / 2 <= 12.5
    # -> p <= 7.50 (a not capped there: 7.5% of 100,000 = 7,500 < 26,500).
    a2 = Employee(id="a", row=2, compensation=D(100000), after_tax=D(5000), match=D(5000), deferrals=D(31000),
                  nonelective=D(0), profit_sharing=D(10000), age=55, hce=True)
    passing = run_test([a2, b, *nhces], 2025)
    assert passing.hce_acp == D("5.00")
    assert headroom(passing) == Headroom(D("7.50"), 1, 1)


def test_the_cap_binds():
    # HCE c at age 40 (no catch-up): pay 100,000, deferrals 23,500, match 0, after-tax 40,000, nonelective 0,
    # profit sharing 0: room 70,000 - 63,500 = 6,500, i.e. at most 6.50 more points. ACR 40.00.
    # NHCEs at 40,000 after-tax on 100,000 each: 40.00; limit max(50, min(42, 80)) = 50.00.
    # HCE c alone: 40 + min(p, 6.5) <= 50 always: the headroom is the full 100.00%, held by §415(c) at 6.50 points.
    c = Employee(id="c", row=2, compensation=D(100000), after_tax=D(40000), match=D(0), deferrals=D(23500),
                 nonelective=D(0), profit_sharing=D(0), age=40, hce=True)
    n = Employee(id="n", row=3, compensation=D(100000), after_tax=D(40000), match=D(0), hce=False)
    assert headroom(run_test([c, n], 2025)).percent == D("100.00")


# --- the whole-hundredths search against the direct one --------------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from megaroth.engine.acp.ratios import HUNDREDTH, acp, acr  # noqa: E402


def direct_headroom(result) -> Decimal | None:
    """The search as first written: every HCE's extra in dollars, min'd with their room, every ACR recomputed."""
    hces = result.hces
    rooms = [room_415c(t, result) for t in hces]

    def passes(hundredths: int) -> bool:
        rate = hundredths * HUNDREDTH / 100
        ratios = []
        for tested, room in zip(hces, rooms):
            extra = tested.tested_compensation * rate
            if room is not None:
                extra = min(extra, room)
            ratios.append(acr(tested.contributions + extra, tested.tested_compensation))
        return acp(ratios) <= result.limit

    if passes(10_000):
        return D("100.00")
    low, high = 0, 10_000
    while low < high:
        middle = (low + high + 1) // 2
        low, high = (middle, high) if passes(middle) else (low, middle - 1)
    return low * HUNDREDTH


money = st.integers(min_value=0, max_value=4_000_000).map(lambda n: D(n) / 100)


@st.composite
def passing_censuses(draw):
    people = []
    for row in range(2, draw(st.integers(min_value=2, max_value=9)) + 2):
        hce = row == 2 or draw(st.booleans())
        full = draw(st.booleans())  # the room's figures given, or not
        people.append(Employee(
            id=str(row), row=row, compensation=D(draw(st.integers(min_value=1_000_000, max_value=40_000_000))) / 100,
            after_tax=draw(money), match=draw(money), hce=hce, age=draw(st.sampled_from([None, 40, 55, 61])),
            deferrals=draw(money) if full else None, nonelective=D(0) if full else None,
            profit_sharing=draw(money) if full else None))
    people.append(Employee(id="n", row=len(people) + 2, compensation=D(100000), after_tax=draw(money),
                           match=draw(money), hce=False))
    return people


@settings(max_examples=120, deadline=None)
@given(passing_censuses())
def test_the_search_on_hundredths_finds_what_the_direct_search_finds(employees):
    result = run_test(employees, 2025)
    if not result.passed or result.limit is None:
        return
    assert headroom(result).percent == direct_headroom(result)
