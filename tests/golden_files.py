"""Golden files under tests/golden/: exact output, reviewed by eye and committed.

A test compares its output with the file.  Only MEGAROTH_UPDATE_GOLDEN=1
rewrites them (then review the diff before committing); a missing file fails.
"""

from __future__ import annotations

import os

from plan_overlay import GOLDEN

UPDATE = os.environ.get("MEGAROTH_UPDATE_GOLDEN") == "1"


def assert_golden(name: str, actual: str) -> None:
    """``actual`` must equal tests/golden/NAME byte for byte."""
    path = GOLDEN / name
    if UPDATE:
        path.write_text(actual, encoding="utf-8", newline="")
        return
    assert path.exists(), f"{path} is missing; run the tests once with MEGAROTH_UPDATE_GOLDEN=1 and review it"
    expected = path.read_bytes().decode("utf-8")
    assert actual == expected, f"output differs from {path}; if the change is intended, regenerate with MEGAROTH_UPDATE_GOLDEN=1"
