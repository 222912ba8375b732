"""Hostile input: every file in tests/hostile/ gets one clear error and exit 2, never a traceback.

Each case is tests/hostile/<name>.expected, holding the exact first line of
`megaroth check tests/hostile/<name>.yaml` (run from the repository root).
The input is tests/hostile/<name>.yaml when it is small enough to keep, or is
built by GENERATED[name] when it is large, binary, or a path rather than a
file. Every case runs in a scratch copy, so no case can touch the repository.
"""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path
from typing import Callable

import pytest
from click.testing import CliRunner

from cli import main

HOSTILE = Path(__file__).parent / "hostile"
BASE_PLAN = (HOSTILE / "bool-yes.yaml").read_text(encoding="utf-8").replace("allowed: yes", "allowed: true")


def _write(folder: Path, name: str, content: bytes) -> str:
    (folder / f"{name}.yaml").write_bytes(content)
    return f"tests/hostile/{name}.yaml"


def _symlink_loop(folder: Path, name: str) -> str:
    (folder / f"{name}.yaml").symlink_to(f"{name}.yaml")
    return f"tests/hostile/{name}.yaml"


def _empty_folder(folder: Path, name: str) -> str:
    (folder / name).mkdir()
    (folder / name / "notes.txt").write_text("not a plan\n", encoding="utf-8")
    return f"tests/hostile/{name}"


def _unreadable(folder: Path, name: str) -> str:
    path = folder / f"{name}.yaml"
    path.write_text(BASE_PLAN, encoding="utf-8")
    path.chmod(0)
    return f"tests/hostile/{name}.yaml"


# name -> builds the input in the scratch tests/hostile/ folder, returns the CLI argument.
GENERATED: dict[str, Callable[[Path, str], str]] = {
    # Bounds: refused before parsing (size) or as soon as the bound is passed (depth).
    "fifty-megabytes": lambda folder, name: _write(folder, name, b"# padding\n" * (5 * 1024 * 1024)),
    "one-long-line": lambda folder, name: _write(folder, name, b"megaroth: 1 # " + b"x" * 2_000_000),
    "deep-nesting-flow": lambda folder, name: _write(folder, name, b"megaroth: " + b"[" * 10_000 + b"]" * 10_000),
    "deep-nesting-block": lambda folder, name: _write(
        folder, name, "".join(f"{'  ' * depth}level{depth}:\n" for depth in range(100)).encode()
    ),
    # Encodings.
    "utf16-bom": lambda folder, name: _write(folder, name, BASE_PLAN.encode("utf-16")),
    "utf16-le-no-bom": lambda folder, name: _write(folder, name, BASE_PLAN.encode("utf-16-le")),
    "utf16-be-no-bom": lambda folder, name: _write(folder, name, BASE_PLAN.encode("utf-16-be")),
    "utf32-bom": lambda folder, name: _write(folder, name, BASE_PLAN.encode("utf-32")),
    "binary-nul": lambda folder, name: _write(folder, name, b"megaroth: 1\nplan: \x00\x01\x02\xff\xfe"),
    # Paths.
    "missing-path": lambda folder, name: f"tests/hostile/{name}.yaml",
    "empty-folder": _empty_folder,
    "unreadable-file": _unreadable,
    "symlink-loop": _symlink_loop,
}

CASES = sorted(path.stem for path in HOSTILE.glob("*.expected"))


def test_every_case_has_an_input_and_every_input_a_case() -> None:
    files = {path.stem for path in HOSTILE.glob("*.yaml")}
    assert files.isdisjoint(GENERATED), "a case is both committed and generated"
    assert set(CASES) == files | set(GENERATED)


def _deny_reading(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make open() fail on one file with EACCES, as the kernel does for a non-root user.

    Root reads a chmod-0 file anyway, and CI runs as root; without this the
    unreadable-file case would check nothing there.
    """
    real_open = open
    denied = os.path.realpath(path)

    def guarded_open(file, *args, **kwargs):  # type: ignore[no-untyped-def]
        if isinstance(file, (str, os.PathLike)) and os.path.realpath(file) == denied:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("builtins.open", guarded_open)


def materialise(name: str, root: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """Put case ``name`` under root/tests/hostile/ and return the argument naming it."""
    folder = root / "tests" / "hostile"
    folder.mkdir(parents=True, exist_ok=True)
    committed = HOSTILE / f"{name}.yaml"
    if committed.exists():
        shutil.copyfile(committed, folder / committed.name)
        return f"tests/hostile/{committed.name}"
    argument = GENERATED[name](folder, name)
    if name == "unreadable-file" and os.access(root / argument, os.R_OK):
        _deny_reading(root / argument, monkeypatch)
    return argument


@pytest.mark.parametrize("name", CASES)
def test_hostile_input_gives_one_clear_error(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    argument = materialise(name, tmp_path, monkeypatch)
    expected = (HOSTILE / f"{name}.expected").read_text(encoding="utf-8").rstrip("\n")

    result = CliRunner().invoke(main, ["check", argument])

    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    assert result.stdout.splitlines()[0] == expected
    assert result.exit_code == 2
    assert not (tmp_path / "megaroth-was-pwned").exists()
