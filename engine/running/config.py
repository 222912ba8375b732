"""Project configuration: ``[tool.megaroth]`` in pyproject.toml, or .megaroth.yaml.

Found from the current folder upward; the closest folder that has one wins,
with no merging across folders (as ruff does). In one folder .megaroth.yaml
wins over pyproject.toml, and a pyproject.toml without ``[tool.megaroth]``
does not count. Command-line options override the file, key by key.
"""

from __future__ import annotations

import difflib
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from megaroth.engine.deciding.catalog import catalog
from megaroth.engine.deciding.findings import FAIL_LEVELS
from megaroth.engine.deciding.selection import SelectionError, parse_selectors
from megaroth.engine.reading.display import printable
from megaroth.engine.reading.loader import LoadError, decode, location, parse as parse_yaml, read_bounded
from megaroth.engine.reporting.reporters import REPORTER_BY_NAME

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

YAML_NAME = ".megaroth.yaml"
PYPROJECT = "pyproject.toml"
YAML_SUFFIXES = (".yaml", ".yml")
KEYS = ("exclude", "fail-on", "format", "ignore", "limits", "select")


class ConfigError(Exception):
    """A configuration file megaroth cannot use: where, and why."""

    def __init__(self, path: Path, message: str, line: int | None = None, column: int | None = None):
        super().__init__(f"{location(str(path), line, column or 1)}: {message}")
        self.path = path
        self.line = line
        self.column = column
        self.message = message


@dataclass(frozen=True)
class Config:
    """The settings a config file gives; None (or empty) where it says nothing."""

    path: Path | None = None
    fail_on: str | None = None
    format: str | None = None
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    exclude: tuple[str, ...] = field(default_factory=tuple)
    limits: str | None = None  # a limits file, relative to the config's folder

    @property
    def base(self) -> Path:
        """The folder exclude globs are relative to."""
        return self.path.parent if self.path is not None else Path.cwd()


def _tomllib_position(error: Exception) -> tuple[int | None, int | None]:
    match = re.search(r"at line (\d+), column (\d+)", str(error))
    return (int(match.group(1)), int(match.group(2))) if match else (None, None)


def _toml_key_line(text: str, key: str) -> tuple[int | None, int | None]:
    """Line and column of ``key`` in the [tool.megaroth] table (tomllib keeps no positions)."""
    inside = False
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("["):
            inside = re.fullmatch(r"\[\s*tool\s*\.\s*(\"megaroth\"|megaroth)\s*\]\s*(#.*)?", stripped) is not None
            continue
        match = re.match(rf"\s*[\"']?{re.escape(key)}[\"']?\s*=", line)
        if inside and match:
            return number, len(line) - len(line.lstrip()) + 1
    return None, None


def _read_text(path: Path) -> str:
    """A config file's text, bounded like a plan file (--config /dev/zero costs at most the bound)."""
    with open(path, "rb") as handle:
        return decode(read_bounded(handle))


# The loader's words are about plan files; a config file is read by the same loader.
_CONFIG_WORDS = (("a plan file", "a config file"), ("a plan holds", "a config holds"), ("be a plan value", "be a config value"))


def _config_words(message: str) -> str:
    for plan_words, config_words in _CONFIG_WORDS:
        message = message.replace(plan_words, config_words)
    return message


def _read_pyproject(path: Path) -> tuple[dict[str, Any] | None, Any]:
    try:
        text = _read_text(path)
    except LoadError as error:
        raise ConfigError(path, _config_words(error.message), error.line, error.column) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(path, f"not valid TOML: {error}", *_tomllib_position(error)) from None
    table = data.get("tool", {}).get("megaroth") if isinstance(data.get("tool"), dict) else None
    if table is not None and not isinstance(table, dict):
        raise ConfigError(path, "[tool.megaroth] must be a table of settings")
    return table, lambda key: _toml_key_line(text, key)


def _no_settings(text: str) -> bool:
    """An empty .megaroth.yaml, or one of comments only: no settings, which is allowed."""
    return all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines())


def _read_yaml(path: Path) -> tuple[dict[str, Any], Any]:
    try:
        text = _read_text(path)
        if _no_settings(text):
            return {}, lambda key: (None, None)
        document = parse_yaml(text)
    except LoadError as error:
        raise ConfigError(path, _config_words(error.message), error.line, error.column) from None
    data = document.data
    if data is None:
        return {}, lambda key: (None, None)
    if not isinstance(data, dict):
        raise ConfigError(path, "the configuration must be a mapping of settings", 1, 1)
    return data, lambda key: document.locate(f"/{key}", at_key=True)


def _strings(path: Path, key: str, value: Any, where: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(path, f"'{key}' must be a list of strings", *where(key))
    return tuple(value)


def _selectors(path: Path, key: str, value: Any, where: Any) -> tuple[str, ...]:
    """select/ignore, checked here so that an error names the config key and its line, never --select/--ignore."""
    values = _strings(path, key, value, where)
    try:
        parse_selectors(values, catalog(), option=f"'{key}'")
    except SelectionError as error:
        raise ConfigError(path, str(error), *where(key)) from None
    return values


def _choice(path: Path, key: str, value: Any, choices: tuple[str, ...], where: Any) -> str:
    if value not in choices:
        raise ConfigError(path, f"'{key}' must be one of {' | '.join(choices)}, not {value!r}", *where(key))
    return str(value)


def _text(path: Path, key: str, value: Any, where: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(path, f"'{key}' must be a file name", *where(key))
    return value


def parse(path: Path, data: dict[str, Any], where: Any) -> Config:
    """Check a config table and turn it into a Config; ``where(key)`` gives a key's line and column."""
    for key in data:
        if key not in KEYS:
            close = difflib.get_close_matches(str(key).replace("_", "-"), KEYS, n=1, cutoff=0.6)
            hint = f"; did you mean '{close[0]}'?" if close else f"; known keys are {', '.join(KEYS)}"
            raise ConfigError(path, f"unknown key '{key}' in the megaroth configuration{hint}", *where(key))
    return Config(
        path=path,
        fail_on=_choice(path, "fail-on", data["fail-on"], FAIL_LEVELS, where) if "fail-on" in data else None,
        format=_choice(path, "format", data["format"], tuple(REPORTER_BY_NAME), where) if "format" in data else None,
        select=_selectors(path, "select", data["select"], where) if "select" in data else None,
        ignore=_selectors(path, "ignore", data["ignore"], where) if "ignore" in data else None,
        exclude=_strings(path, "exclude", data["exclude"], where) if "exclude" in data else (),
        limits=_text(path, "limits", data["limits"], where) if "limits" in data else None,
    )


def read(path: Path) -> Config | None:
    """The configuration in one file; None for a pyproject.toml with no [tool.megaroth]."""
    if path.name != PYPROJECT and not path.name.endswith(YAML_SUFFIXES):
        # ci.toml was read as YAML and failed with a YAML error on its first table.
        raise ConfigError(
            path, f"megaroth reads settings from {PYPROJECT} ([tool.megaroth]) or a .yaml/.yml file, not {printable(path.name)}"
        )
    try:
        if path.name == PYPROJECT:
            table, where = _read_pyproject(path)
            if table is None:
                return None
        else:
            table, where = _read_yaml(path)
    except OSError as error:
        raise ConfigError(path, f"cannot read the configuration: {error.strerror}") from None
    except UnicodeDecodeError:
        raise ConfigError(path, "not UTF-8 text") from None
    return parse(path, table, where)


def discover(start: Path) -> Config:
    """The configuration closest to ``start``, looking upward; an empty Config if there is none."""
    for folder in (start.resolve(), *start.resolve().parents):
        for name in (YAML_NAME, PYPROJECT):
            candidate = folder / name
            if candidate.is_file():
                found = read(candidate)
                if found is not None:
                    return found
    return Config()
