"""GitHub Actions workflow commands: one annotation per finding, then the full text report.

``::error file=…,line=…,col=…,title=MBRnnn::message`` puts the finding on the
file's line in the pull request. Plan text reaches these lines, so every
value is escaped as GitHub's runner unescapes it (``%``, ``\\r``, ``\\n`` in the
message; also ``:`` and ``,`` in properties), and no plan can start a command
of its own. Every other character a terminal or log viewer acts on (ESC, BEL,
NUL, DEL, NEL U+0085, CSI U+009B, U+2028, bidi marks) is written as a visible
escape (``\\x1b``) by ``printable``, as in the text report. GitHub shows only
about ten annotations of each type per step, so the full text report
follows, wrapped in ``::stop-commands::`` so that nothing in it (a file named
``::error::x.yaml``, say) is read as a command. The token that ends the wrap
is a hash of the report itself: deterministic, and no plan can contain it.
"""

from __future__ import annotations

import hashlib
from typing import TextIO

from megaroth.engine.deciding.findings import FileResult, Finding, Summary
from megaroth.engine.reporting.reporters.base import Reporter, Spool, artifact_path, printable
from megaroth.engine.reporting.reporters.text import TextReporter

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    """A workflow command's message, escaped as the runner unescapes it, other controls made visible."""
    return printable(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def escape_property(text: str) -> str:
    """A workflow command property value (file, title, ...), escaped likewise plus ``:`` and ``,``."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding) -> str:
    """One finding as a workflow command; a waived finding is a notice naming its waiver."""
    command = "notice" if finding.waived else COMMANDS[finding.severity]
    properties = [("file", artifact_path(finding.path))]
    if finding.line is not None:
        properties += [("line", str(finding.line)), ("col", str(finding.column or 1))]
    properties.append(("title", f"{finding.rule} (waived)" if finding.waived else finding.rule))
    message = finding.message + (f" [waived: {finding.waiver_reason}]" if finding.waived else "")
    rendered = ",".join(f"{key}={escape_property(value)}" for key, value in properties)
    return f"::{command} {rendered}::{escape_data(message)}"


class _Hashed:
    """The text report's stream: spooled to disk, and hashed as it goes, for the token that ends the wrap."""

    def __init__(self) -> None:
        self.spool = Spool()
        self.digest = hashlib.sha256()

    def write(self, text: str) -> int:
        self.spool.write(text)
        self.digest.update(text.encode("utf-8", "surrogatepass"))
        return len(text)

    def flush(self) -> None:
        pass


class GithubReporter(Reporter):
    """Annotations as each file is checked, then the text report, inert.

    The token that ends the wrap is a hash of the whole text report, written
    before it, so the report is spooled to disk until the run's end.
    """

    name = "github"

    def __init__(self, stream: TextIO, *, color: bool = False, fail_on: str = "error"):
        super().__init__(stream, color=color, fail_on=fail_on)
        self._text = _Hashed()
        self._report = TextReporter(self._text, color=False, fail_on=fail_on)  # type: ignore[arg-type]

    def file(self, result: FileResult) -> None:
        for finding in result.findings:
            print(annotation(finding), file=self.stream)
        self._report.file(result)

    def finish(self, summary: Summary) -> None:
        self._report.finish(summary)
        token = "megaroth-" + self._text.digest.hexdigest()[:32]
        self.stream.write(f"::stop-commands::{token}\n")
        for chunk in self._text.spool.chunks():
            self.stream.write(chunk)
        self.stream.write(f"::{token}::\n")
