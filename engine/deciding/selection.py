"""Which rules a run reports (--select/--ignore) and which files it skips (exclude globs).

Selectors are rule ids or id prefixes (MBR2 is every MBR2xx rule), as in ruff.
The most specific selector wins: ``--ignore MBR2 --select MBR204`` keeps
MBR204 and drops the other MBR2xx rules; on a tie, ignore wins.  MBR000 (the
file cannot be read as a plan) is always reported: a file megaroth cannot
read was not checked, and hiding that would report it as clean.
"""

from __future__ import annotations

import fnmatch
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

ALWAYS_REPORTED = "MBR000"
_SELECTOR = re.compile(r"^MBR[0-9]{0,3}$")


class SelectionError(Exception):
    """A selector or glob that cannot be used; the message says which and why."""


def complete_ids(incomplete: str, titles: dict[str, str]) -> list[tuple[str, str]]:
    """Shell completions for a rule id being typed: (the word to offer, the rule's title).

    ``titles`` maps each rule id to its title, in id order. The last
    comma-separated part is completed (``MBR101,MBR2`` offers ``MBR101,MBR201``
    ...), case-insensitively, as parse_selectors reads it.
    """
    done, comma, last = incomplete.rpartition(",")
    prefix = last.strip().upper()
    return [(done + comma + rule_id, title) for rule_id, title in titles.items() if rule_id.startswith(prefix)]


def parse_selectors(values: Iterable[str], known: Iterable[str], *, option: str) -> tuple[str, ...]:
    """Selectors from the command line or a config file, checked against the catalog.

    Each value may hold several selectors separated by commas (``MBR1,MBR204``).
    """
    rule_ids = sorted(known)
    selectors: list[str] = []
    for value in values:
        for part in value.split(","):
            selector = part.strip().upper()
            if not selector:
                continue
            if not _SELECTOR.match(selector):
                raise SelectionError(f"{option}: {part.strip()!r} is not a rule id or prefix (MBR204, MBR2, ...)")
            if not any(rule_id.startswith(selector) for rule_id in rule_ids):
                raise SelectionError(f"{option}: no rule matches {selector}; `megaroth rules` lists them")
            if selector not in selectors:
                selectors.append(selector)
    return tuple(selectors)


def _longest_match(rule_id: str, selectors: tuple[str, ...]) -> int:
    return max((len(selector) for selector in selectors if rule_id.startswith(selector)), default=-1)


@dataclass(frozen=True)
class Selection:
    """The rules a run reports: ``select`` (empty: all) less ``ignore``."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if ALWAYS_REPORTED in self.ignore:
            raise SelectionError(
                f"--ignore: {ALWAYS_REPORTED} cannot be ignored: it reports a file megaroth could not read, "
                "which was therefore not checked"
            )

    def allows(self, rule_id: str) -> bool:
        if rule_id == ALWAYS_REPORTED:
            return True
        selected = _longest_match(rule_id, self.select or ("MBR",))
        return selected >= 0 and selected > _longest_match(rule_id, self.ignore)


@dataclass(frozen=True)
class Exclude:
    """One exclude glob and the folder it is relative to (the config file's, or the current one)."""

    pattern: str
    base: Path

    def matches(self, path: Path) -> bool:
        """Whether ``path`` or one of its folders matches the glob.

        The glob is matched against the path relative to ``base`` and against
        each of its parent folders (so ``archive`` and ``archive/**`` both skip
        everything under archive/); a glob with no ``/`` also matches any single
        file or folder name (``*.draft.yaml``).  ``*`` crosses folders.
        """
        return Excludes((self,)).matches(path)

    @property
    def normalised(self) -> str:
        """The glob as it is matched: spaces, a trailing ``/`` and a leading ``./`` dropped."""
        pattern = self.pattern.strip().rstrip("/")
        return pattern[2:] if pattern.startswith("./") else pattern


def _relative(path: str, base: str) -> str:
    return Path(os.path.relpath(os.path.abspath(path), base)).as_posix()


class Excludes:
    """A run's exclude globs, compiled once: for each base folder, one pattern for whole paths and one for names.

    Matching 50 globs one by one against every file of a 100,000-file walk
    (each time working out the path relative to the base again) tripled the
    walk; here a file costs two regular-expression matches per base folder,
    and the walk extends each folder's relative path by one name (``child``).
    """

    def __init__(self, globs: Iterable[Exclude]):
        by_base: dict[str, list[str]] = {}
        for glob in globs:
            by_base.setdefault(os.path.abspath(glob.base), []).append(glob.normalised)
        self._bases: list[tuple[str, re.Pattern[str] | None, re.Pattern[str] | None]] = []
        for base, patterns in by_base.items():
            paths = [fnmatch.translate(pattern) for pattern in patterns]
            names = [fnmatch.translate(pattern) for pattern in patterns if "/" not in pattern]
            self._bases.append(
                (base, re.compile("|".join(paths)) if paths else None, re.compile("|".join(names)) if names else None)
            )

    def __bool__(self) -> bool:
        return bool(self._bases)

    def relative(self, path: str | os.PathLike[str]) -> tuple[str, ...]:
        """``path`` relative to each base folder, with / separators (what ``child`` extends)."""
        return tuple(_relative(os.fspath(path), base) for base, _, _ in self._bases)

    @staticmethod
    def child(relatives: tuple[str, ...], name: str) -> tuple[str, ...]:
        """The relative paths of ``name`` inside the folder whose relative paths these are."""
        return tuple(name if relative == "." else f"{relative}/{name}" for relative in relatives)

    def hits(self, relatives: tuple[str, ...], name: str) -> bool:
        """Whether a glob matches this path itself or its last name, its folders being known not to match."""
        for (_, paths, names), relative in zip(self._bases, relatives):
            if (paths is not None and paths.match(relative)) or (names is not None and names.match(name)):
                return True
        return False

    def matches(self, path: str | os.PathLike[str]) -> bool:
        """Whether a glob matches ``path`` or one of its folders (see ``Exclude.matches``)."""
        for (_, paths, names), relative in zip(self._bases, self.relative(path)):
            parts = relative.split("/")
            for index in range(len(parts)):
                if (paths is not None and paths.match("/".join(parts[: index + 1]))) or (
                    names is not None and names.match(parts[index])
                ):
                    return True
        return False


def excluded(path: Path, globs: Iterable[Exclude]) -> bool:
    """Whether any exclude glob matches ``path``."""
    return Excludes(globs).matches(path)
