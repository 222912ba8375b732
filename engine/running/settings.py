"""A run's settings: the config file's, overridden key by key by the command line."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from megaroth.engine.money.limits import use_limits_file
from megaroth.engine.running import config
from megaroth.engine.deciding.catalog import catalog
from megaroth.engine.deciding.selection import Exclude, Selection, SelectionError, parse_selectors

STDOUT = "-"


class SettingsError(Exception):
    """Options or a configuration that cannot make a run (exit code 2)."""


@dataclass(frozen=True)
class OutputSpec:
    """One report: its format, and the file it goes to (None: standard output)."""

    format: str
    path: str | None


@dataclass(frozen=True)
class Settings:
    fail_on: str
    outputs: tuple[OutputSpec, ...]
    selection: Selection
    exclude: tuple[Exclude, ...]
    config_path: Path | None
    quiet: bool = False  # the text report shows only what reaches the fail level
    limits_file: str | None = None  # a user's limits file laid over megaroth's table (--limits or the config's)


def pair_outputs(formats: Sequence[str], outputs: Sequence[str], default_format: str) -> tuple[OutputSpec, ...]:
    """Match each --format with its --output, in order.

    One format (or none: the default) may go to one --output or to standard
    output; several formats need one --output each (``-`` for standard output,
    at most once), so that no two reports are interleaved in one stream.
    """
    formats = list(formats) or [default_format]
    if len(formats) == 1 and len(outputs) <= 1:
        paths = list(outputs) or [STDOUT]
    elif len(outputs) != len(formats):
        raise SettingsError(
            f"{len(formats)} --format options need {len(formats)} --output options, one each, in the same order "
            f"(got {len(outputs)}); use --output - for standard output"
        )
    else:
        paths = list(outputs)
    if paths.count(STDOUT) > 1:
        raise SettingsError("only one report can go to standard output (--output -)")
    _refuse_one_file_twice([path for path in paths if path != STDOUT])
    return tuple(OutputSpec(fmt, None if path == STDOUT else path) for fmt, path in zip(formats, paths))


def _same_target(first: str, second: str) -> bool:
    """Whether two --output spellings name one file: ``r.out``, ``./r.out``, a linked folder, a hard link."""
    if os.path.realpath(first) == os.path.realpath(second):
        return True
    try:
        return os.path.samefile(first, second)
    except OSError:  # one of them does not exist yet: the resolved paths said all there is
        return False


def _refuse_one_file_twice(written: Sequence[str]) -> None:
    """Refuse, before anything is written, two reports bound for one file (with --force or not)."""
    for index, path in enumerate(written):
        for other in written[:index]:
            if _same_target(other, path):
                also = "" if other == path else f" (also named {path})"
                raise SettingsError(f"two reports would be written to {other}{also}")


def _selectors(cli: Sequence[str], option: str, configured: Sequence[str] | None, key: str) -> tuple[str, ...]:
    if cli:
        return parse_selectors(cli, catalog(), option=option)
    return parse_selectors(configured or (), catalog(), option=key)


def resolve(
    *,
    config_file: str | None,
    fail_on: str | None,
    formats: Sequence[str],
    outputs: Sequence[str],
    select: Sequence[str],
    ignore: Sequence[str],
    exclude: Sequence[str],
    start: Path | None = None,
    quiet: bool = False,
    limits: str | None = None,
) -> Settings:
    """Settings from the nearest config (or ``config_file``) and the command line, which wins.

    The limits file (``limits``, else the config's, relative to its folder) is
    read and put in use for this process here (megaroth.engine.money.limits), so
    a bad one stops the run before any plan is checked: LimitsFileError.
    """
    try:
        found = config.read(Path(config_file)) if config_file else config.discover(start or Path.cwd())
    except config.ConfigError as error:
        raise SettingsError(str(error)) from None
    found = found or config.Config(path=Path(config_file) if config_file else None)
    try:
        selection = Selection(
            _selectors(select, "--select", found.select, f"'select' in {found.path}"),
            _selectors(ignore, "--ignore", found.ignore, f"'ignore' in {found.path}"),
        )
    except SelectionError as error:
        raise SettingsError(str(error)) from None
    if exclude:
        globs = tuple(Exclude(pattern, Path.cwd()) for pattern in exclude)
    else:
        globs = tuple(Exclude(pattern, found.base) for pattern in found.exclude)
    specs = pair_outputs(formats, outputs, found.format or "text")
    if quiet and not any(spec.format == "text" for spec in specs):
        # The other formats are whole records for machines; leaving findings
        # out of them would make a report that disagrees with the exit code.
        shown = ", ".join(dict.fromkeys(spec.format for spec in specs))
        raise SettingsError(f"--quiet shortens the text report, and this run writes none (--format {shown})")
    limits_file = limits
    if limits_file is None and found.limits is not None:
        limits_file = _shown_path(found.base / found.limits)  # the config's name is relative to its folder
    use_limits_file(limits_file)
    return Settings(
        fail_on=fail_on or found.fail_on or "error",
        outputs=specs,
        selection=selection,
        exclude=globs,
        config_path=found.path,
        quiet=quiet,
        limits_file=limits_file,
    )


def _shown_path(path: Path) -> str:
    """A path relative to the current folder when it lies below it, else as it is: reports print it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)
