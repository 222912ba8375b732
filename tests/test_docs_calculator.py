"""The calculator's documentation runs: every `$ megaroth ...` example prints what the page shows.

The test runs the README's calculator section, so the examples cannot drift
from the tool.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from megaroth.cli import main

ROOT = Path(__file__).resolve().parent.parent
HEADING = "## The calculator:"
ELLIPSIS = "..."


def _section() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert HEADING in text, f"the README has no calculator section ({HEADING!r})"
    start = text.index(HEADING)
    following = text.find("\n## ", start + len(HEADING))
    return text[start:] if following == -1 else text[start:following]


def _examples() -> list[tuple[list[str], list[str]]]:
    """(arguments, the output lines shown) for each console block, continuation lines joined."""
    examples = []
    for block in re.findall(r"```console\n(.*?)```", _section(), flags=re.S):
        lines = block.rstrip("\n").split("\n")
        command = lines.pop(0)
        while command.endswith("\\"):
            command = command[:-1] + lines.pop(0)
        assert command.startswith("$ megaroth "), command
        examples.append((shlex.split(command[2:])[1:], lines))
    return examples


EXAMPLES = _examples()


def test_the_seed_example_comes_first():
    arguments, shown = EXAMPLES[0]
    assert arguments == ["headroom", "--year", "2025", "--salary", "200000", "--match", "100@5"]
    assert "70,000 − 23,500 − 10,000 = 36,500" in shown


@pytest.mark.parametrize(("arguments", "shown"), EXAMPLES, ids=[" ".join(arguments[:3]) for arguments, _ in EXAMPLES])
def test_examples_print_what_the_page_shows(arguments: list[str], shown: list[str], monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(ROOT)  # examples name samples/ relative to the repository
    result = CliRunner().invoke(main, arguments)
    assert result.exit_code == 0, result.output
    printed = result.stdout.split("\n")
    if ELLIPSIS not in (line.strip() for line in shown):
        assert shown == printed[: len(shown)] and (not shown or len(shown) == len(printed) - 1)
        return
    # An abridged block: what it shows appears in the output, in order.
    position = 0
    for line in (line for line in shown if line.strip() != ELLIPSIS):
        position = printed.index(line, position) + 1
