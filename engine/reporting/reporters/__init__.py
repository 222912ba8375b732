"""Reporters: turn results into text or machine formats, chosen by name.

Each format is a small module; REPORTER_BY_NAME is what ``--format`` offers.
"""

from __future__ import annotations

from megaroth.engine.reporting.reporters.base import Reporter
from megaroth.engine.reporting.reporters.github import GithubReporter
from megaroth.engine.reporting.reporters.json_report import JsonReporter, file_json, finding_json, summary_json
from megaroth.engine.reporting.reporters.junit import JunitReporter
from megaroth.engine.reporting.reporters.sarif import SarifReporter
from megaroth.engine.reporting.reporters.text import TextReporter

REPORTER_BY_NAME: dict[str, type[Reporter]] = {
    reporter.name: reporter
    for reporter in (TextReporter, JsonReporter, SarifReporter, JunitReporter, GithubReporter)
}

__all__ = [
    "REPORTER_BY_NAME",
    "GithubReporter",
    "JsonReporter",
    "JunitReporter",
    "Reporter",
    "SarifReporter",
    "TextReporter",
    "file_json",
    "finding_json",
    "summary_json",
]
