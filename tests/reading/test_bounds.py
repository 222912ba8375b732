"""The MEGAROTH_MAX_* bounds: whole numbers from 1 to a documented maximum (engine/reading/bounds.py)."""

from __future__ import annotations

import io

import pytest

from megaroth.engine.reading import bounds, loader


@pytest.mark.parametrize(
    ("text", "value"), [("", 64), ("1", 1), (" 200 ", 200), ("1000", 1000)]
)
def test_a_bound_within_its_range_is_taken(monkeypatch, text, value):
    monkeypatch.setenv("MEGAROTH_TEST_BOUND", text)
    assert bounds.bound("MEGAROTH_TEST_BOUND", 64, 1000) == value


@pytest.mark.parametrize("text", ["0", "-5", "1001", "99999999999999999999", "1_000", "+5", "1e3", "٣", "abc"])
def test_a_bound_outside_its_range_or_not_plain_digits_is_refused(monkeypatch, text):
    monkeypatch.setenv("MEGAROTH_TEST_BOUND", text)
    with pytest.raises(bounds.BoundError) as raised:
        bounds.bound("MEGAROTH_TEST_BOUND", 64, 1000)
    assert str(raised.value) == f"MEGAROTH_TEST_BOUND must be a whole number from 1 to 1,000, not {text!r}"


def test_the_documented_maxima():
    # docs/safety.md states these; the defaults sit below them.
    assert (bounds.MAX_BYTES_LIMIT, bounds.MAX_DEPTH_LIMIT, bounds.MAX_NODES_LIMIT) == (2**30, 1_000, 10_000_000)


class _Recording(io.BytesIO):
    """A stream that notes the size of every read asked of it."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.asked: list[int] = []

    def read(self, size: int | None = -1) -> bytes:  # type: ignore[override]
        self.asked.append(-1 if size is None else size)
        return super().read(size)


def test_a_raised_bound_is_never_asked_for_in_one_read(monkeypatch):
    # A 1 GiB bound and a 200 KB file: read(n) allocates n bytes, so no read may ask for the bound.
    monkeypatch.setattr(loader, "MAX_BYTES", bounds.MAX_BYTES_LIMIT)
    data = b"#" * 200_000
    stream = _Recording(data)

    assert loader.read_bounded(stream) == data
    assert max(stream.asked) == 1_048_576
    assert stream.asked == [65_536, 1_048_576, 1_048_576]
