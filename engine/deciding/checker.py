"""Check plan files: read, validate, derive facts, run the rules, apply waivers.

The engine returns results and never exits; the CLI turns them into output and
an exit code.
"""

from __future__ import annotations

import functools
import os
import stat
import sys
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

from megaroth.engine.deciding.catalog import Rule, catalog
from megaroth.engine.deciding.facts import DerivedFacts, derive
from megaroth.engine.deciding.findings import FileResult, Finding, sort_findings
from megaroth.engine.reading.loader import Document, LoadError, cannot_read, load_bytes, read_bounded
from megaroth.engine.deciding.rules_engine import EngineError, Fact, compiled
from megaroth.engine.deciding.selection import Exclude, Excludes, Selection
from megaroth.engine.reading.validation import validate
from megaroth.engine.deciding.waivers import UNUSED_WAIVER_RULE, active_waivers, apply_waivers, use_facts

STDIN = "-"
STDIN_NAME = "<stdin>"
YAML_SUFFIXES = (".yaml", ".yml")


class InternalError(Exception):
    """megaroth itself failed on a file (a bug to report, not a problem in the plan)."""

    def __init__(self, path: str, message: str):
        super().__init__(f"{path}: internal error: {message}")
        self.path = path
        self.message = message

    def __reduce__(self) -> tuple[type, tuple[str, str]]:
        # Raised in a --jobs worker, it is pickled back to the main process.
        return InternalError, (self.path, self.message)


@dataclass(frozen=True)
class Source:
    """A file to check: its name in reports, and where to read it (None = stdin)."""

    name: str
    location: Path | None
    problem: str | None = None  # set when the path itself cannot be used


def _rule_finding(
    rule: Rule,
    message: str,
    path: str,
    line: int | None,
    column: int | None,
    pointer: str,
    participant: tuple[int, str] | None = None,
) -> Finding:
    """A finding of a rule, carrying the rule's severity, title, citations, fix and what it decides."""
    return Finding(
        rule=rule.id,
        severity=rule.severity,
        title=rule.title,
        message=message,
        path=path,
        line=line,
        column=column,
        pointer=pointer,
        citations=rule.citations,
        fix=rule.fix,
        scope=rule.scope,
        participant_index=None if participant is None else participant[0],
        participant=None if participant is None else participant[1],
        decides=rule.verdict,
    )


def _invalid(path: str, message: str, line: int | None = None, column: int | None = None, pointer: str = "") -> Finding:
    return _rule_finding(catalog()["MBR000"], message, path, line, column, pointer)


def _finding(rule: Rule, fact: Fact, document: Document, path: str) -> Finding:
    pointer = (rule.at or "").format(**fact.properties)
    line, column = document.locate(pointer)
    who = (fact.properties["index"], fact.properties["name"]) if rule.scope == "participant" else None
    finding = _rule_finding(rule, rule.message.format(**fact.properties), path, line, column, pointer, who)
    if rule.note is None:
        return finding
    return replace(finding, note=rule.note.format(**fact.properties))


def _evaluate(facts: list[Fact], path: str) -> list[tuple[str, str]]:
    try:
        return compiled().evaluate(facts)
    except EngineError as error:
        raise InternalError(path, str(error)) from None


def _rule_findings(data: Any, document: Document, path: str, today: date) -> tuple[list[Finding], DerivedFacts]:
    """Every finding the rules give for a valid plan, waivers applied (MBR003 included)."""
    derived = derive(data, today)
    by_id = {fact.fact_id: fact for fact in derived.facts}
    rules = catalog()
    findings = [_finding(rules[rule_id], by_id[fact_id], document, path) for rule_id, fact_id in _evaluate(derived.facts, path)]
    active = active_waivers(derived.facts)
    findings = apply_waivers(findings, active)
    uses = use_facts(derived.facts, {finding.rule for finding in findings}, rules)
    if uses:
        # The second pass: MBR003 decides on whether each waiver was used.
        by_use = {fact.fact_id: fact for fact in uses}
        unused = [_finding(rules[rule_id], by_use[fact_id], document, path) for rule_id, fact_id in _evaluate(uses, path)]
        mbr003_waiver = active.get(UNUSED_WAIVER_RULE)
        if mbr003_waiver is not None and by_use[f"waiver_use:{mbr003_waiver.properties['index']}"].properties["used"]:
            unused = apply_waivers(unused, active)
        findings.extend(unused)
    return findings, derived


@functools.lru_cache(maxsize=None)
def _checked(selection: Selection) -> tuple[str, ...]:
    """The rules a file that reaches the rules is checked against: the same for every file of a run."""
    return ("MBR000",) + tuple(
        rule.id for rule in catalog().values() if rule.source == "engine" and selection.allows(rule.id)
    )


def check_bytes(
    raw: bytes, path: str, today: date, *, schema_only: bool = False, selection: Selection = Selection()
) -> FileResult:
    """Check one plan file's content; ``path`` is the name used in the report.

    With ``schema_only`` the file is read and validated, and no rule runs.
    ``selection`` picks the rules reported; every rule still runs, so a waiver
    of an ignored rule is judged on what that rule found.
    """
    try:
        document = load_bytes(raw)
    except LoadError as error:
        return FileResult(path, None, None, (_invalid(path, error.message, error.line, error.column),))
    data: Any = document.data
    problems = validate(data)
    plan = data.get("plan") if isinstance(data, dict) else None
    name = plan.get("name") if isinstance(plan, dict) and isinstance(plan.get("name"), str) else None
    year = plan.get("year") if isinstance(plan, dict) and type(plan.get("year")) is int else None
    if problems:
        findings = [
            _invalid(path, problem.message, *document.locate(problem.pointer, at_key=problem.at_key), pointer=problem.pointer)
            for problem in problems
        ]
        return FileResult(path, name, year, sort_findings(findings))
    if schema_only:
        return FileResult(path, name, year, (), schema_only=True)
    findings, derived = _rule_findings(data, document, path, today)
    reported = [finding for finding in findings if selection.allows(finding.rule)]
    scenarios = len(data.get("participants") or ())
    return FileResult(
        path, name, year, sort_findings(reported), tuple(derived.participants), rules=_checked(selection), scenarios=scenarios
    )


def _read(source: Source) -> bytes:
    if source.location is None:
        return read_bounded(sys.stdin.buffer)
    with open(source.location, "rb") as handle:
        return read_bounded(handle)


def check_source(
    source: Source, today: date, *, schema_only: bool = False, selection: Selection = Selection()
) -> FileResult:
    """Check one file named on the command line or found in a folder."""
    if source.problem is not None:
        return FileResult(source.name, None, None, (_invalid(source.name, source.problem),))
    try:
        raw = _read(source)
    except OSError as error:
        return FileResult(source.name, None, None, (_invalid(source.name, cannot_read("the file", error)),))
    return check_bytes(raw, source.name, today, schema_only=schema_only, selection=selection)


def _found(path: Path) -> tuple[Source, tuple[int, int] | None]:
    """A file met in a folder walk, and its identity (device, inode); only regular files are read.

    A named pipe called plan.yaml would block the read forever, waiting for a
    writer; a device would be read as data.
    """
    try:
        status = path.stat()
    except OSError as error:  # a dangling link, or one that loops
        return Source(str(path), None, cannot_read("the file", error)), None
    if not stat.S_ISREG(status.st_mode):
        return Source(str(path), None, "not a regular file (a named pipe, socket or device); megaroth reads plan files only"), None
    return Source(str(path), path), (status.st_dev, status.st_ino)


def _walk(folder: Path, excludes: Excludes) -> tuple[list[tuple[Source, tuple[int, int] | None]], bool]:
    """The plan files under ``folder`` (and the folders that cannot be listed), sorted, each with its
    identity, and whether the folder held any YAML before exclusion.

    A loop over a stack of folders, not recursion (os.walk recurses, and a
    folder nested a thousand levels deep would exhaust Python's stack).
    Symbolic links to folders are not followed, so a link loop cannot make
    the walk go round forever; hidden folders are skipped, and an excluded
    folder is not entered at all.
    """
    found: list[tuple[Source, tuple[int, int] | None]] = []
    any_yaml = False
    stack: list[tuple[str, tuple[str, ...]]] = [(str(folder), excludes.relative(folder) if excludes else ())]
    while stack:
        top, relatives = stack.pop()
        try:
            with os.scandir(top) as listing:
                entries = list(listing)
        except OSError as error:
            # os.walk skipped a folder it could not list without a word; say so instead.
            where = error.filename if isinstance(error.filename, str) else top
            found.append((Source(str(Path(where)), None, cannot_read("the folder", error)), None))
            continue
        for entry in entries:
            name = entry.name
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                if name.startswith(".") or entry.is_symlink():
                    continue
                inner = excludes.child(relatives, name) if excludes else ()
                if not (excludes and excludes.hits(inner, name)):
                    stack.append((os.path.join(top, name), inner))
            elif name.endswith(YAML_SUFFIXES):
                any_yaml = True
                if excludes and excludes.hits(excludes.child(relatives, name), name):
                    continue
                # One Path per file: with 10,000 plans, building them is most of the walk.
                found.append(_found(Path(top, name)))
    found.sort(key=lambda pair: pair[0].location or Path(pair[0].name))
    return found, any_yaml or bool(found)


def discover(paths: Iterable[str], exclude: Sequence[Exclude] = ()) -> Iterator[Source]:
    """The files to check, in a stable order: each argument in turn, folders sorted.

    Exclude globs apply to files named on the command line too, so that a
    pre-commit hook, which names each file, skips what the config excludes.
    A file met again (``a.yaml ./a.yaml``, a folder and a file in it, a link
    to it) is checked and counted once, under the name it was first met by.
    """
    excludes = Excludes(exclude)
    seen: set[tuple[int, int]] = set()

    def first_time(identity: tuple[int, int] | None) -> bool:
        if identity is None:
            return True
        if identity in seen:
            return False
        seen.add(identity)
        return True

    for raw in paths:
        if raw == STDIN:
            if sys.stdin is None:  # megaroth check - <&-: Python has no stdin object at all
                yield Source(STDIN_NAME, None, "cannot read standard input: it is closed")
            else:
                yield Source(STDIN_NAME, None)
            continue
        path = Path(raw)
        try:
            status = path.stat()
        except OSError as error:
            yield Source(raw, None, cannot_read("this path", error))
            continue
        if excludes.matches(path):
            continue
        if stat.S_ISDIR(status.st_mode):
            sources, had_yaml = _walk(path, excludes)
            if not had_yaml:
                yield Source(raw, None, f"no .yaml or .yml files in the folder {raw}")
            yield from (source for source, identity in sources if first_time(identity))
        elif first_time((status.st_dev, status.st_ino)):
            # Named on the command line, a pipe is meant: megaroth check <(generate-plan).
            yield Source(raw, path)


def check_paths(
    paths: Iterable[str],
    today: date | None = None,
    *,
    schema_only: bool = False,
    selection: Selection = Selection(),
    exclude: Sequence[Exclude] = (),
) -> Iterator[FileResult]:
    """Check every plan file the paths name, one result per file, streamed."""
    today = today or date.today()
    for source in discover(paths, exclude):
        yield check_source(source, today, schema_only=schema_only, selection=selection)
