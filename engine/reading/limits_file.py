"""Read a user's limits file (rules/limits.yaml's format), validated by schemas/limits.schema.json.

The IRS publishes next year's limits in the fall; with a limits file a user
checks that year's plans the day the Notice is out. Each problem comes back as
a ``file:line:col: message`` line, from the loader's positions, never as a
traceback; the figures come back whole dollars, keyed by plan year.
"""

from __future__ import annotations

from typing import Any

from megaroth.engine.reading.loader import UnreadableFile, load_file, location
from megaroth.engine.reading.validation import LIMITS_SCHEMA, SchemaProblem, validate


class LimitsFileError(Exception):
    """A limits file megaroth cannot use: one ``file:line:col: message`` line per problem."""

    def __init__(self, lines: list[str]):
        super().__init__("\n".join(lines))
        self.lines = lines


def _words(problem: SchemaProblem) -> str:
    """The schema's words, said as a limits file's author needs them."""
    parts = problem.pointer.split("/")
    if problem.message.endswith("is missing the required key 'source'") and len(parts) == 3:
        return f"year {parts[2]} has no source: name the IRS Notice that published its figures (source: IRS Notice ...)"
    if problem.pointer == "/years" and problem.message.startswith("years does not match the expected form, "):
        # propertyNames: a key under years: that is not a year.
        return problem.message.replace("years does not match the expected form, ", "years: not a plan year, ") + " (write 2027:)"
    if " must be a whole number, not " in problem.message:
        return problem.message.replace(" must be a whole number, not ", " must be a whole-dollar amount (no cents), not ")
    return problem.message


def read_limits_file(path: str) -> dict[int, dict[str, Any]]:
    """The years a limits file gives, each a mapping of rules/limits.yaml's keys; LimitsFileError if unusable."""
    try:
        document = load_file(path, "the limits file")
    except UnreadableFile as error:
        raise LimitsFileError([error.line]) from None
    if not isinstance(document.data, dict):
        raise LimitsFileError([f"{location(path, 1, 1)}: a limits file must be a YAML mapping with a years: key"])
    problems = validate(document.data, LIMITS_SCHEMA)
    if problems:
        raise LimitsFileError(
            [
                f"{location(path, *document.locate(problem.pointer, at_key=problem.at_key))}: {_words(problem)}"
                for problem in problems
            ]
        )
    return {
        int(year): {key: value if isinstance(value, str) else int(value) for key, value in figures.items()}
        for year, figures in document.data["years"].items()
    }
