"""Hostile input: every file in tests/hostile/ gets one clear error and exit 2, never a traceback.

Each case is tests/hostile/<name>.expected, holding the exact first line of
`megaroth check tests/hostile/<name>.yaml` (run from the repository root).
The input is tests/hostile/<name>.yaml when it is small enough to keep, or is
built by GENERATED[name] when it is large, binary, or a path rather than a
file. Every case runs in a scratch copy, so no case can touch the repository.
"""

from __future__ import annotations

import errno
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Callable

import pytest
from click.testing import CliRunner

from megaroth.cli import main
from megaroth.engine.reading import loader
from megaroth.engine.deciding.catalog import catalog
from plan_overlay import dump
from plan_strategies import largest_plan

HOSTILE = Path(__file__).parent / "hostile"
BASE_PLAN = (HOSTILE / "bool-yes.yaml").read_text(encoding="utf-8").replace("allowed: yes", "allowed: true")


def _write(folder: Path, name: str, content: bytes) -> str:
    (folder / f"{name}.yaml").write_bytes(content)
    return f"tests/hostile/{name}.yaml"


def _fifo_in_folder(folder: Path, name: str) -> str:
    plans = folder / name
    plans.mkdir()
    os.mkfifo(plans / "pipe.yaml")  # opening it would wait for a writer forever
    return f"tests/hostile/{name}"


def _symlink_loop(folder: Path, name: str) -> str:
    (folder / f"{name}.yaml").symlink_to(f"{name}.yaml")
    return f"tests/hostile/{name}.yaml"


def _symlink_to(folder: Path, name: str, target: str) -> str:
    (folder / f"{name}.yaml").symlink_to(target)
    return f"tests/hostile/{name}.yaml"


def _symlink_loop_in_folder(folder: Path, name: str) -> str:
    plans = folder / name
    plans.mkdir()
    (plans / "a.yaml").symlink_to("b.yaml")
    (plans / "b.yaml").symlink_to("a.yaml")
    return f"tests/hostile/{name}"


def _empty_folder(folder: Path, name: str) -> str:
    (folder / name).mkdir()
    (folder / name / "notes.txt").write_text("not a plan\n", encoding="utf-8")
    return f"tests/hostile/{name}"


def _unreadable(folder: Path, name: str) -> str:
    path = folder / f"{name}.yaml"
    path.write_text(BASE_PLAN, encoding="utf-8")
    path.chmod(0)
    return f"tests/hostile/{name}.yaml"


def _unreadable_subfolder(folder: Path, name: str) -> str:
    locked = folder / name / "locked"
    locked.mkdir(parents=True)
    (locked / "plan.yaml").write_text(BASE_PLAN, encoding="utf-8")
    locked.chmod(0)
    return f"tests/hostile/{name}"


# Cases whose input must be unreadable: the path denied, relative to the argument.
UNREADABLE = {"unreadable-file": "", "unreadable-subfolder": "locked"}


# name -> builds the input in the scratch tests/hostile/ folder, returns the CLI argument.
GENERATED: dict[str, Callable[[Path, str], str]] = {
    # Bounds: refused before parsing (size) or as soon as the bound is passed (depth).
    "fifty-megabytes": lambda folder, name: _write(folder, name, b"# padding\n" * (5 * 1024 * 1024)),
    "one-long-line": lambda folder, name: _write(folder, name, b"megaroth: 1 # " + b"x" * 2_000_000),
    "deep-nesting-flow": lambda folder, name: _write(folder, name, b"megaroth: " + b"[" * 10_000 + b"]" * 10_000),
    "deep-nesting-block": lambda folder, name: _write(
        folder, name, "".join(f"{'  ' * depth}level{depth}:\n" for depth in range(100)).encode()
    ),
    "long-duplicate-key": lambda folder, name: _write(
        folder, name, b"megaroth: 1\n" + b"? " + b"k" * 100_000 + b"\n: 1\n? " + b"k" * 100_000 + b"\n: 2\n"
    ),
    "long-unknown-key": lambda folder, name: _write(
        folder, name, BASE_PLAN.encode() + b"? " + b"k" * 100_000 + b"\n: 1\n"
    ),
    # Encodings.
    "utf16-bom": lambda folder, name: _write(folder, name, BASE_PLAN.encode("utf-16")),
    "utf16-le-no-bom": lambda folder, name: _write(folder, name, BASE_PLAN.encode("utf-16-le")),
    "utf16-be-no-bom": lambda folder, name: _write(folder, name, BASE_PLAN.encode("utf-16-be")),
    "utf32-bom": lambda folder, name: _write(folder, name, BASE_PLAN.encode("utf-32")),
    "control-character": lambda folder, name: _write(folder, name, b"megaroth: 1\nplan:\n  name: Bell\x07 401(k)\n"),
    "binary-nul": lambda folder, name: _write(folder, name, b"megaroth: 1\nplan: \x00\x01\x02\xff\xfe"),
    # Line breaks YAML 1.2 does not make: a reviewer, wc, grep and diff see one comment line, a YAML 1.1
    # reader a waiver. Refused at the first one, "# reviewed " being 11 characters.
    "line-separator-waiver": lambda folder, name: _write(
        folder, name, "# reviewed \u2028waivers:\u2028  - {rule: MBR205, reason: x}\n".encode() + BASE_PLAN.encode()
    ),
    "paragraph-separator": lambda folder, name: _write(folder, name, BASE_PLAN.replace("\n", "\u2029", 1).encode()),
    "next-line-nel": lambda folder, name: _write(folder, name, BASE_PLAN.replace("\n", "\x85").encode()),
    "bom-mid-file": lambda folder, name: _write(folder, name, BASE_PLAN.replace("  year:", "\ufeff  year:").encode()),
    "zero-width-key": lambda folder, name: _write(
        folder, name, BASE_PLAN.replace("separate_account", "separate\u200b_account").encode()
    ),
    # CR-only line ends (classic Mac): the errors are on the lines an editor shows, not line 1.
    "cr-only-control-character": lambda folder, name: _write(
        folder, name, BASE_PLAN.replace("Hostile", "Host\x07ile").replace("\n", "\r").encode()
    ),
    "cr-only-latin1": lambda folder, name: _write(
        folder, name, BASE_PLAN.replace("Hostile", "H\xe9stile").replace("\n", "\r").encode("latin-1")
    ),
    "cr-only-validation": lambda folder, name: _write(
        folder, name, BASE_PLAN.replace("allowed: true", "allowed: yes").replace("\n", "\r").encode()
    ),
    # Paths.
    "missing-path": lambda folder, name: f"tests/hostile/{name}.yaml",
    "empty-folder": _empty_folder,
    "unreadable-file": _unreadable,
    "unreadable-subfolder": _unreadable_subfolder,
    "symlink-loop": _symlink_loop,
    "symlink-loop-in-folder": _symlink_loop_in_folder,
    "fifo-in-folder": _fifo_in_folder,
    "symlink-to-passwd": lambda folder, name: _symlink_to(folder, name, "/etc/passwd"),
}

CASES = sorted(path.stem for path in HOSTILE.glob("*.expected"))


def test_every_case_has_an_input_and_every_input_a_case() -> None:
    files = {path.stem for path in HOSTILE.glob("*.yaml")}
    assert files.isdisjoint(GENERATED), "a case is both committed and generated"
    assert set(CASES) == files | set(GENERATED)


def _deny_reading(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make open() and os.scandir() fail on one path with EACCES, as the kernel does for a non-root user.

    Root reads a chmod-0 file anyway, and CI runs as root; without this the
    unreadable cases would check nothing there.
    """
    denied = os.path.realpath(path)

    def guard(real):  # type: ignore[no-untyped-def]
        def guarded(file, *args, **kwargs):  # type: ignore[no-untyped-def]
            if isinstance(file, (str, os.PathLike)) and os.path.realpath(file) == denied:
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.fspath(file))
            return real(file, *args, **kwargs)

        return guarded

    monkeypatch.setattr("builtins.open", guard(open))
    monkeypatch.setattr(os, "scandir", guard(os.scandir))


def materialise(name: str, root: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """Put case ``name`` under root/tests/hostile/ and return the argument naming it."""
    folder = root / "tests" / "hostile"
    folder.mkdir(parents=True, exist_ok=True)
    committed = HOSTILE / f"{name}.yaml"
    if committed.exists():
        shutil.copyfile(committed, folder / committed.name)
        return f"tests/hostile/{committed.name}"
    argument = GENERATED[name](folder, name)
    if name in UNREADABLE:
        denied = root / argument / UNREADABLE[name]
        if os.access(denied, os.R_OK):
            _deny_reading(denied, monkeypatch)
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


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="without root, the cases above use chmod for real")
def test_unreadable_paths_as_an_unprivileged_user(monkeypatch: pytest.MonkeyPatch) -> None:
    """As root, drop to nobody for the run, so the kernel itself refuses the reads."""
    folder = Path(tempfile.mkdtemp(prefix="megaroth-unreadable-"))
    try:
        folder.chmod(0o755)  # nobody must reach the files to be refused them
        (folder / "plan.yaml").write_text(BASE_PLAN, encoding="utf-8")
        (folder / "plan.yaml").chmod(0)
        (folder / "locked").mkdir(mode=0)
        monkeypatch.chdir(folder)
        catalog()  # read the rule catalog as root: only the plan files are refused
        os.seteuid(65534)
        try:
            result = CliRunner().invoke(main, ["check", "plan.yaml", "."])
        finally:
            os.seteuid(0)
    finally:
        shutil.rmtree(folder)
    assert result.stdout.splitlines()[:3] == [
        "plan.yaml: error MBR000 cannot read the file: permission denied (megaroth needs permission to read it)",
        "plan.yaml: invalid (1 error)",
        "locked: error MBR000 cannot read the folder: permission denied (megaroth needs permission to read it)",
    ]
    assert result.exit_code == 2


# The parse errors the loader explains in words; each must read the same from
# PyYAML's pure-Python parser, used where PyYAML was built without libyaml.
EXPLAINED_PARSE_ERRORS = ["bad-indentation", "bad-indentation-dedent", "missing-colon", "tab-indentation", "unclosed-quote"]


@pytest.mark.parametrize("name", EXPLAINED_PARSE_ERRORS)
def test_pure_python_parser_explains_the_same_errors(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    text = (HOSTILE / f"{name}.yaml").read_text(encoding="utf-8")
    with pytest.raises(loader.LoadError) as from_c:
        loader.parse(text)
    monkeypatch.setattr(loader, "_Parser", loader.PureParser)
    with pytest.raises(loader.LoadError) as from_pure:
        loader.parse(text)
    assert from_c.value.message.startswith("invalid YAML: ")
    assert (from_pure.value.message, from_pure.value.line, from_pure.value.column) == (
        from_c.value.message,
        from_c.value.line,
        from_c.value.column,
    )


@pytest.mark.parametrize(
    "text, message",
    [
        ("megaroth: " + "[" * 10_000, "nesting deeper than 64 levels; set MEGAROTH_MAX_DEPTH to raise it"),
        ("megaroth: 1\nplan: Bell\x07\n", "invalid YAML: the control character U+0007 is not allowed in a YAML file"),
    ],
)
def test_pure_python_parser_refuses_cleanly(text: str, message: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader, "_Parser", loader.PureParser)
    with pytest.raises(loader.LoadError) as refused:
        loader.parse(text)
    assert refused.value.message == message


def test_the_largest_plan_the_schema_allows_is_within_every_bound(tmp_path: Path) -> None:
    """The bounds stop attacks, never a real plan: 1,000 participants and every field filled still check."""
    plan = largest_plan()
    plan["plan"]["year"] = 2026  # a year with published limits, so every participant is computed
    # The longest value of a yes/no feature is "unknown"; answered, every participant's room is computed.
    plan["contributions"]["roth"] = plan["contributions"]["after_tax"]["allowed"] = True
    for person in plan["participants"]:  # paid at most the year's pay periods (a rule beside the schema)
        person["paychecks_paid"] = min(person.get("paychecks_paid", 1), person.get("pay_periods", 26))
    assert len(plan["participants"]) == 1000
    path = tmp_path / "largest.yaml"
    path.write_text(dump(plan), encoding="utf-8")

    result = CliRunner().invoke(main, ["check", "--format", "json", "--fail-on", "never", str(path)])

    report = json.loads(result.stdout)
    assert [finding["rule"] for finding in report["files"][0]["findings"] if finding["rule"] == "MBR000"] == []
    assert len(report["files"][0]["participants"]) == 1000
    assert result.exit_code == 0


def test_whole_numbers_written_as_decimals_are_read_as_integers(tmp_path: Path) -> None:
    """year: 2026.0 and pay_periods: 26.0 pass the schema (JSON Schema counts 26.0 as an integer), so they must
    read as the integers they are: not a report with "year": null and "$2,692.0 per pay period"."""
    plan = BASE_PLAN.replace("year: 2026", "year: 2026.0") + (
        "participants:\n  - {name: exec-200k, salary: 2.0e5, age: 45.0, deferral: 23500.0, pay_periods: 26.0}\n"
    )
    path = tmp_path / "decimals.yaml"
    path.write_text(plan, encoding="utf-8")

    result = CliRunner().invoke(main, ["check", "--format", "json", "--fail-on", "never", str(path)])

    report = json.loads(result.stdout)["files"][0]
    assert report["year"] == 2026
    participant = report["participants"][0]
    assert (participant["pay_periods"], participant["per_pay_period"]) == (26, 1480)
    assert type(participant["per_pay_period"]) is int
    room = [finding["message"] for finding in report["findings"] if finding["rule"] == "MBR303"]
    # $72,000 §415(c) for 2026 - $23,500 deferred - $10,000 match (100% of 5% of $200,000)
    assert room == ["participant exec-200k: after-tax room $38,500 for 2026, $1,480 per pay period over 26 pay periods"]


@pytest.mark.parametrize("state", ["NO", "ON"])
def test_a_state_code_that_yaml_1_1_reads_as_a_boolean_stays_text(state: str, tmp_path: Path) -> None:
    """YAML 1.1 reads NO (Norway, or here a state code) as false; megaroth reads YAML 1.2, where it is text."""
    path = tmp_path / "state.yaml"
    path.write_text(
        BASE_PLAN + f"participants:\n  - {{name: exec-200k, salary: 200000, age: 45, deferral: max, state: {state}}}\n",
        encoding="utf-8",
    )

    result = CliRunner().invoke(main, ["check", "--format", "json", str(path)])

    report = json.loads(result.stdout)["files"][0]
    assert [finding["rule"] for finding in report["findings"]] == ["MBR205", "MBR401", "MBR402", "MBR303"]
    assert report["verdict"] == "eligible_with_caveats"
    assert result.exit_code == 0


def test_control_characters_from_the_plan_are_escaped_in_text_output(tmp_path: Path) -> None:
    """A name holding a terminal escape or a newline must not repaint the terminal or forge a finding line."""
    path = tmp_path / "escapes.yaml"
    path.write_text(
        BASE_PLAN
        + "participants:\n"
        + '  - {name: "\\e[2J\\nforged.yaml:1:1: error MBR000 fake\\u202e", salary: 200000, age: 45, deferral: max}\n',
        encoding="utf-8",
    )

    text = CliRunner().invoke(main, ["check", str(path)]).stdout
    report = json.loads(CliRunner().invoke(main, ["check", "--format", "json", str(path)]).stdout)

    assert "\x1b" not in text and "\u202e" not in text
    assert not any(line.startswith("forged.yaml") for line in text.splitlines())
    assert (
        f"{path}:22:5: info MBR303 participant \\x1b[2J\\nforged.yaml:1:1: error MBR000 fake\\u202e: "
        "after-tax room $37,500 for 2026, $1,442 per pay period over 26 pay periods"
    ) in text.splitlines()
    assert report["files"][0]["participants"][0]["name"] == "\x1b[2J\nforged.yaml:1:1: error MBR000 fake\u202e"


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int, int]]:
    return {
        str(path.relative_to(folder)): (path.read_bytes(), path.stat().st_mtime_ns, path.stat().st_mode)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_checking_never_writes_to_its_inputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    samples = tmp_path / "samples"
    shutil.copytree(HOSTILE.parent.parent / "samples", samples)
    shutil.copytree(HOSTILE, samples / "hostile")  # invalid files too: error paths must not write either
    before = _snapshot(samples)
    monkeypatch.chdir(tmp_path)

    for arguments in (["check"], ["check", "--format", "json"], ["validate"], ["validate", "--format", "json"]):
        result = CliRunner().invoke(main, [*arguments, "samples"])
        assert result.exit_code == 2  # the hostile files make the run invalid

    assert _snapshot(samples) == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["samples"]


def _megaroth(arguments: list[str], **environment: str) -> subprocess.CompletedProcess[str]:
    """megaroth in a fresh process: the bounds are read from the environment when the loader is imported."""
    return subprocess.run(
        [sys.executable, "-c", "from megaroth.cli import main; main()", *arguments],
        env={**os.environ, **environment},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.slow
@pytest.mark.parametrize("value", ["abc", "0", "1e6", "99999999999999999999", "1073741825"])
def test_a_bound_set_wrong_in_the_environment_is_a_usage_error(value: str, tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(BASE_PLAN, encoding="utf-8")

    run = _megaroth(["check", str(path)], MEGAROTH_MAX_BYTES=value)

    # 1,073,741,824 = 2**30, the documented maximum (docs/safety.md).
    assert run.stderr.splitlines()[-1] == (
        f"Error: MEGAROTH_MAX_BYTES must be a whole number from 1 to 1,073,741,824, not {value!r}"
    )
    assert "Traceback" not in run.stderr
    assert run.returncode == 2


@pytest.mark.slow
def test_raising_the_size_bound_lets_a_larger_plan_through(tmp_path: Path) -> None:
    path = tmp_path / "commented.yaml"
    path.write_text(BASE_PLAN + "# a long note kept with the plan\n" * 40_000, encoding="utf-8")  # 1.3 MB

    refused = _megaroth(["check", str(path)])
    raised = _megaroth(["check", str(path)], MEGAROTH_MAX_BYTES="2000000")

    assert refused.stdout.splitlines()[0] == (
        f"{path}: error MBR000 file is larger than 1,048,576 bytes, the limit for a plan file "
        "(set MEGAROTH_MAX_BYTES to raise it)"
    )
    assert refused.returncode == 2
    assert raised.stdout.splitlines()[-1] == "Checked 1 file: 1 eligible with caveats. Findings: 0 errors, 1 warning, 2 info."
    assert raised.returncode == 0


class _EndlessPlan(io.RawIOBase):
    """A stdin that never ends, like `yes | megaroth check -`; it fails loudly if read far past the bound."""

    def __init__(self) -> None:
        self.served = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
        assert self.served <= 2 * loader.MAX_BYTES, "stdin was read far past MAX_BYTES"
        buffer[:] = b"#" * len(buffer)
        self.served += len(buffer)
        return len(buffer)


def test_stdin_is_read_only_up_to_the_size_bound() -> None:
    stdin = _EndlessPlan()

    result = CliRunner().invoke(main, ["check", "-"], input=stdin)

    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.stdout.splitlines()[0] == (
        "<stdin>: error MBR000 file is larger than 1,048,576 bytes, the limit for a plan file "
        "(set MEGAROTH_MAX_BYTES to raise it)"
    )
    assert stdin.served <= 2 * loader.MAX_BYTES
    assert result.exit_code == 2
