"""`megaroth report` as one engine call: check the plan, run the census test, decode the documents, render, write.

Bad input gets the message its own command gives (`check`, `acp`, `decode`)
and exit 2, and nothing is written: every input is read and the page rendered
before the output file is opened, and it is written atomically.

A plan file that reads but is invalid still gets a report: the analyst hands
its problems, each with file:line:col, to whoever keeps the plan file, and the
report says no verdict is given until they are fixed. Its census and documents
are not read (the census test needs the plan's year, and evidence for answers
the file cannot give helps nobody); the report and standard error say so, and
the exit code is 2, as `check` gives for an invalid file.
"""

from __future__ import annotations

import json
import os
from datetime import date
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

from megaroth import __version__
from megaroth.engine.deciding.checker import Source, check_bytes, check_source, discover
from megaroth.engine.deciding.findings import FileResult
from megaroth.engine.reading.atomic import WriteError, check_writable, write_bytes, write_text, wrote
from megaroth.engine.reading.display import printable
from megaroth.engine.reading.loader import LoadError, cannot_read, load_bytes, location, read_bounded
from megaroth.engine.report.inputs import DateError, InputFile, report_date, sha256_of_bytes, sha256_of_file
from megaroth.engine.report.pdf import PdfError, check_available, render_pdf

WRITTEN, BAD_INPUT = 0, 2
HTML_SUFFIXES = (".html", ".htm")
PDF_SUFFIX = ".pdf"


@dataclass(frozen=True)
class ReportRun:
    """What the command says on standard error, and the exit code it ends with."""

    exit_code: int
    messages: list[str] = field(default_factory=list)  # lines for standard error, in order


def _check_lines(result: FileResult) -> list[str]:
    """A result's MBR000 problems as `check` prints them: ``path:line:col: error MBR000 message``."""
    return [
        f"{printable(location(f.path, f.line, f.column))}: {f.severity} {f.rule} {printable(f.message)}"
        for f in result.findings
        if f.rule == "MBR000"
    ]


def _read_plan(plan: str, today: date) -> tuple[bytes | None, FileResult | None]:
    """The plan file's bytes, or `check`'s result for a path that cannot be read (no such file, a folder, ...).

    The bytes hashed for the report are the bytes checked.
    """
    sources = list(discover([plan]))
    if len(sources) != 1 or sources[0].location is None:
        return None, check_source(sources[0], today) if len(sources) == 1 else None
    try:
        with open(sources[0].location, "rb") as handle:
            return read_bounded(handle), None
    except OSError as error:
        return None, check_source(Source(plan, None, cannot_read("the file", error)), today)


def _output_kind(output: str) -> str | None:
    lowered = output.lower()
    if lowered.endswith(HTML_SUFFIXES):
        return "html"
    if lowered.endswith(PDF_SUFFIX):
        return "pdf"
    return None


def report_run(
    plan: str,
    *,
    output: str,
    census: str | None = None,
    documents: Sequence[str] = (),
    force: bool = False,
    environ: Mapping[str, str] | None = None,
) -> ReportRun:
    """Make the report of ``plan`` (with ``census`` and ``documents`` when given) and write it to ``output``.

    Exit 0: written. Exit 2: bad input, nothing written; or an invalid plan file, whose report is written.
    """
    kind = _output_kind(output)
    if kind is None:
        return ReportRun(BAD_INPUT, [f"megaroth: {printable(output)}: the report is written as .html or .pdf; name the file so"])
    try:
        check_writable(output, force=force)
        today, date_source = report_date(os.environ if environ is None else environ)
    except (WriteError, DateError) as error:
        return ReportRun(BAD_INPUT, [f"megaroth: {printable(str(error))}"])
    if kind == "pdf":
        try:
            check_available()  # before any other work: a PDF that cannot be made is said at once
        except PdfError as error:
            return ReportRun(BAD_INPUT, [f"megaroth: {printable(str(error))}"])

    if plan == "-":
        return ReportRun(BAD_INPUT, ["megaroth: report reads the plan from a file (its SHA-256 goes in the report), not standard input"])
    raw, unreadable = _read_plan(plan, today)
    if raw is None:
        lines = _check_lines(unreadable) if unreadable is not None else []
        return ReportRun(BAD_INPUT, lines or [f"megaroth: {printable(plan)}: not one plan file"])
    result = check_bytes(raw, plan, today)
    inputs: list[InputFile] = [sha256_of_bytes("plan", plan, raw)]
    messages: list[str] = []
    census_document: dict[str, Any] | None = None
    decoded: dict[str, Any] | None = None
    not_read: list[str] = []
    if result.invalid:
        messages += _check_lines(result)
        not_read = [*(["census " + census] if census else []), *("document " + name for name in documents)]
        if not_read:
            messages.append(f"megaroth: not read, since the plan file is invalid: {printable(', '.join(not_read))}")
    else:
        try:
            census_document, decoded, problem = _other_inputs(census, documents, plan, inputs)
        except _Gone as error:
            return ReportRun(BAD_INPUT, [str(error)])
        if problem is not None:
            return ReportRun(BAD_INPUT, problem)

    from megaroth.engine.report.html import render_html
    from megaroth.engine.report.model import build

    data = None
    try:
        data = load_bytes(raw).data
    except LoadError:
        pass  # unreadable YAML: the result's MBR000 finding says where
    page = render_html(build(
        result, data, census=census_document, decoded=decoded, inputs=inputs, today=today,
        date_source=date_source, version=__version__, not_read=not_read,
    ))  # fmt: skip
    try:
        if kind == "pdf":
            write_bytes(output, render_pdf(page), force=force)
        else:
            write_text(output, page, force=force)
    except PdfError as error:
        return ReportRun(BAD_INPUT, messages + [f"megaroth: {printable(str(error))}"])
    except WriteError as error:
        return ReportRun(BAD_INPUT, messages + [f"megaroth: {printable(str(error))}"])
    messages.append(wrote(output, "report"))
    return ReportRun(BAD_INPUT if result.invalid else WRITTEN, messages)


def _other_inputs(
    census: str | None, documents: Sequence[str], plan: str, inputs: list[InputFile]
) -> tuple[dict[str, Any] | None, dict[str, Any] | None, list[str] | None]:
    """The census test's and decode's documents, each input hashed into ``inputs``; or the first bad input's message."""
    census_document = decoded = None
    if census is not None:
        census_document, problem = _census(census, plan)
        if problem is not None:
            return None, None, problem
        inputs += _hashed("census", [census])
    if documents:
        decoded, problem = _decoded(list(documents))
        if problem is not None:
            return None, None, problem
        inputs += _hashed("document", list(documents))
    return census_document, decoded, None


def _hashed(role: str, paths: list[str]) -> list[InputFile]:
    """Each file's SHA-256. Its stage has just read it; one gone since is a message, never a traceback."""
    found = []
    for path in paths:
        try:
            found.append(sha256_of_file(role, path))
        except OSError as error:
            raise _Gone(f"megaroth: {printable(path)}: {cannot_read('the file', error)}") from None
    return found


class _Gone(Exception):
    """An input that could be read by its stage and not hashed a moment later (moved, its permissions changed)."""


def _census(census: str, plan: str) -> tuple[dict[str, Any] | None, list[str] | None]:
    """The census test's JSON document for the plan's year, or `megaroth acp`'s message for a bad census."""
    from megaroth.engine.acp.command import BAD_INPUT as ACP_BAD_INPUT
    from megaroth.engine.acp.command import acp_run
    from megaroth.engine.report.acp_part import read_document

    run = acp_run(census, year=None, plan=plan, output_format="json")
    if run.exit_code == ACP_BAD_INPUT or run.error is not None:
        return None, [printable(line) for line in (run.error or "").splitlines()]
    return read_document(run.output), None


def _decoded(documents: list[str]) -> tuple[dict[str, Any] | None, list[str] | None]:
    """decode's JSON document for the plan's documents, or `megaroth decode`'s message for one it cannot read."""
    from megaroth.engine.decode.decoder import DocumentError
    from megaroth.engine.decode.draft import render

    try:
        text, _exit_code = render(documents, "json", None, "individually_designed")  # its findings are in the JSON
    except DocumentError as error:
        return None, [f"megaroth: {printable(str(error))}"]
    return json.loads(text), None
