"""The json, sarif, junit and github reports stream: memory stays flat with the files, and the bytes are those
of the whole document written at once (the golden files hold the bytes; these tests hold the streaming)."""

from __future__ import annotations

import gc
import io
import json
import tracemalloc

import pytest

from megaroth import __version__
from megaroth.engine.deciding.catalog import catalog
from megaroth.engine.deciding.findings import FileResult, Finding, Summary
from megaroth.engine.reporting.reporters import REPORTER_BY_NAME, JsonReporter, file_json, summary_json
from megaroth.engine.reporting.reporters.base import Spool

RULES = tuple(sorted(catalog()))[:6]


def _result(index: int) -> FileResult:
    """A file with three findings, each with its own strings, as results unpickled from a worker have."""
    path = f"plans/plan-{index:06}.yaml"
    findings = tuple(
        Finding(
            rule=rule, severity="warning", title=f"title {index} {rule}", message=f"message {index} {rule} " + "x" * 200,
            path=path, line=position + 1, column=1, pointer="/plan", citations=(f"IRC §415(c) {index}",), fix=f"fix {index}",
        )
        for position, rule in enumerate(("MBR104", "MBR203", "MBR401"))
    )
    return FileResult(path, f"Plan {index}", 2025, findings, rules=("MBR000", "MBR104", "MBR203", "MBR401"))


def _peak(fmt: str, files: int) -> int:
    """Peak bytes Python allocated while ``files`` results went through the reporter (output discarded)."""

    class Discard(io.TextIOBase):
        def write(self, text: str) -> int:
            return len(text)

    reporter = REPORTER_BY_NAME[fmt](Discard())
    summary = Summary()
    gc.collect()
    tracemalloc.start()
    try:
        for index in range(files):
            result = _result(index)
            summary.add(result)
            reporter.file(result)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    reporter.finish(summary)
    return peak


@pytest.mark.slow  # tracemalloc slows each allocation: some 5 s a format
@pytest.mark.parametrize("fmt", ["json", "sarif", "junit", "github"])
def test_memory_does_not_grow_with_the_files(fmt):
    # Keeping each file's part (about 2 KB here) for 1,300 more files would add some 2.6 MB.
    small, large = _peak(fmt, 200), _peak(fmt, 1_500)
    assert large - small < 256 * 1024, (small, large)


def test_json_writes_each_file_as_it_comes_and_ends_as_one_document():
    stream = io.StringIO()
    reporter = JsonReporter(stream)
    results = [_result(index) for index in range(3)]
    summary = Summary()
    reporter.file(results[0])
    assert '"path": "plans/plan-000000.yaml"' in stream.getvalue()  # before the run ends
    summary.add(results[0])
    for result in results[1:]:
        summary.add(result)
        reporter.file(result)
    reporter.finish(summary)
    whole = {"version": __version__, "files": [file_json(result) for result in results], "summary": summary_json(summary)}
    assert stream.getvalue() == json.dumps(whole, indent=2, ensure_ascii=False) + "\n"


@pytest.mark.parametrize("fmt", ["json", "sarif", "junit", "github"])
def test_a_run_of_no_files_is_still_one_whole_document(fmt):
    stream = io.StringIO()
    reporter = REPORTER_BY_NAME[fmt](stream)
    reporter.finish(Summary())
    text = stream.getvalue()
    if fmt == "json":
        assert json.loads(text)["files"] == []
    elif fmt == "sarif":
        assert json.loads(text)["runs"][0]["results"] == []
    elif fmt == "junit":
        assert text == '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="megaroth" tests="0" failures="0" errors="0" skipped="0" />\n'
    else:
        assert text.splitlines()[1] == "Checked 0 files: none. Findings: 0 errors, 0 warnings, 0 info."


def test_the_spool_gives_back_exactly_what_went_in_lone_surrogates_included():
    spool = Spool()
    text = "plan-\udcff.yaml: a name that is not UTF-8\nsecond line\n" * 5_000
    spool.write(text)
    assert "".join(spool.chunks(size=1_000)) == text
    spool.write("a\nb")
    assert list(spool.lines()) == ["a", "b"]
    assert list(Spool().chunks()) == []
