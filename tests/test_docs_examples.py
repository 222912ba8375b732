"""Every console example in README.md and docs/*.md runs and prints what the page shows.

The convention (docs/testing.md): a ```console block holds `$ megaroth ...`
commands, each followed by the exact lines it prints (standard output and
standard error, as a terminal shows them). A command that exits non-zero must
be followed by `$ echo $?` and the code. A line `...` stands for any number of
lines, so long output can be shortened. A trailing backslash continues a
command on the next line. Each block runs in its own scratch folder holding a
copy of samples/, so commands that write files touch nothing in the checkout.
Commands other than megaroth (pip, make, git) go in ```sh blocks, which are not
run; the megaroth commands in those blocks, and in YAML examples (`run:`), are
still parsed by the command line, so a misspelt option fails here too.
"""

from __future__ import annotations

import re
import shlex
import shutil
from dataclasses import dataclass
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from megaroth.cli import main

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
ANY_LINES = "..."
_FENCE = re.compile(r"^```(?P<lang>[a-z]*)\n(?P<body>.*?)^```$", re.S | re.M)


@dataclass
class Step:
    command: list[str]
    shown: list[str]


@dataclass
class Block:
    page: Path
    line: int
    lang: str
    body: str

    @property
    def name(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line}"


def _blocks(lang: str | None = None) -> list[Block]:
    found = []
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for match in _FENCE.finditer(text):
            if lang is None or match.group("lang") == lang:
                line = text.count("\n", 0, match.start()) + 1
                found.append(Block(page, line, match.group("lang"), match.group("body")))
    return found


def _steps(block: Block) -> list[Step]:
    """The commands of a console block, each with the lines shown after it."""
    steps: list[Step] = []
    lines = block.body.rstrip("\n").split("\n")
    while lines:
        line = lines.pop(0)
        assert line.startswith("$ "), f"{block.name}: output before any `$ ` command: {line!r}"
        command = line[2:]
        while command.endswith("\\"):
            command = command[:-1] + lines.pop(0)
        shown = []
        while lines and not lines[0].startswith("$ "):
            shown.append(lines.pop(0))
        steps.append(Step(shlex.split(command), shown))
    return steps


def _pattern(shown: list[str]) -> re.Pattern[str]:
    """The shown lines as a pattern of the whole output: `...` is any lines, the rest exact."""
    parts = ["(?:.*\n)*?" if line.strip() == ANY_LINES else re.escape(line + "\n") for line in shown]
    return re.compile("".join(parts))


CONSOLE = _blocks("console")


def test_the_pages_have_console_examples() -> None:
    assert len(CONSOLE) >= 8
    assert {block.page.name for block in CONSOLE} >= {"README.md"}


@pytest.mark.parametrize("block", CONSOLE, ids=[block.name for block in CONSOLE])
def test_console_example_prints_what_the_page_shows(
    block: Block, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(ROOT / "samples", tmp_path / "samples")
    monkeypatch.chdir(tmp_path)
    for variable in ("NO_COLOR", "FORCE_COLOR", "MEGAROTH_MAX_BYTES", "MEGAROTH_MAX_DEPTH", "MEGAROTH_MAX_NODES"):
        monkeypatch.delenv(variable, raising=False)
    steps = _steps(block)
    exit_code: int | None = None
    for index, step in enumerate(steps):
        if step.command == ["echo", "$?"]:
            assert exit_code is not None, f"{block.name}: `echo $?` follows no command"
            assert step.shown == [str(exit_code)], f"{block.name}: exit code {exit_code}, the page shows {step.shown}"
            exit_code = None
            continue
        assert step.command[0] == "megaroth", f"{block.name}: only megaroth runs in a console block: {step.command}"
        assert exit_code in (None, 0), f"{block.name}: exit code {exit_code} is not shown (add `$ echo $?`)"
        result = CliRunner().invoke(main, step.command[1:], prog_name="megaroth")
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
        exit_code = result.exit_code
        assert _pattern(step.shown).fullmatch(result.output), (
            f"{block.name}: `{shlex.join(step.command)}` printed:\n{result.output}"
        )
    assert exit_code in (None, 0), f"{block.name}: exit code {exit_code} is not shown (add `$ echo $?`)"


def _quoted_commands() -> list[tuple[str, list[str]]]:
    """megaroth commands in blocks that are not run: sh lines and YAML `run:` steps."""
    commands = []
    for block in _blocks():
        if block.lang not in ("sh", "yaml"):
            continue
        for line in block.body.split("\n"):
            text = line.strip()
            if block.lang == "yaml":
                text = re.sub(r"^- run:\s*", "", text)
            text = re.sub(r"^(?:[A-Z_]+=\S+\s+)+", "", text)  # VAR=value megaroth ...
            text = text.split(" #")[0].strip()
            if text.startswith("megaroth "):
                words = shlex.split(text)
                for operator in ("|", ";", "&&", ">"):  # the megaroth command ends at a shell operator
                    words = words[: words.index(operator)] if operator in words else words
                commands.append((block.name, words))
    return commands


QUOTED = _quoted_commands()


def test_quoted_commands_are_found() -> None:
    assert any(arguments[:2] == ["megaroth", "check"] for _, arguments in QUOTED)


@pytest.mark.parametrize(("where", "arguments"), QUOTED, ids=[f"{where} {' '.join(a[1:3])}" for where, a in QUOTED])
def test_quoted_commands_parse(where: str, arguments: list[str]) -> None:
    """The command line accepts the command and its options (nothing runs)."""
    assert arguments[0] == "megaroth"
    if len(arguments) == 1:
        return
    name, rest = arguments[1], arguments[2:]
    assert name in main.commands, f"{where}: no command {name!r}"
    main.commands[name].make_context(name, rest)


def test_documented_commands_exist() -> None:
    """Every `megaroth WORD` in code names a real command (planned commands are not documented)."""
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        inline = re.findall(r"`megaroth ([a-z][a-z-]*)", text)
        lines = [line for match in _FENCE.finditer(text) for line in match.group("body").split("\n")]
        quoted = [re.match(r"(?:\$ |- run: |(?:[A-Z_]+=\S+ )+)?megaroth ([a-z][a-z-]*)", line.strip()) for line in lines]
        for word in inline + [match.group(1) for match in quoted if match]:
            assert word in main.commands, f"{page.name} documents `megaroth {word}`, which is not a command"


def test_the_first_screen_reaches_a_verdict() -> None:
    """A newcomer sees what megaroth answers, a check with its verdict, and how to install, in 45 lines."""
    first_screen = "\n".join((ROOT / "README.md").read_text(encoding="utf-8").split("\n")[:45])
    assert "```console\n$ megaroth check samples/" in first_screen
    assert re.search(r"\n\S+\.yaml: (eligible|eligible with caveats|not eligible|invalid) \(", first_screen)
    assert "```sh\npip install .\n```" in first_screen
    assert "CPPFLAGS=-DPyEval_CallObject=PyObject_CallObject pip install --no-cache-dir ." in first_screen
    assert "`make run`" in first_screen


def test_the_worked_example_is_shown_whole_and_explained() -> None:
    """The $200,000 example: the full table, and the sum explained from the law."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    seed = ["megaroth", "headroom", "--year", "2025", "--salary", "200000", "--match", "100@5"]
    shown = [step.shown for block in CONSOLE for step in _steps(block) if step.command == seed]
    assert shown, "the README has no console example of the $200,000 case"
    assert ANY_LINES not in (line.strip() for line in shown[0])
    assert "70,000 − 23,500 − 10,000 = 36,500" in shown[0]
    assert "70,000 − 23,500 − 10,000 =\n$36,500" in text or "70,000 − 23,500 − 10,000 = $36,500" in text


def _reference() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("\n## Reference\n")
    end = text.find("\n## ", start + 1)
    return text[start:] if end == -1 else text[start:end]


def _options(command: click.Command) -> list[str]:
    return [
        name
        for param in command.params
        if isinstance(param, click.Option)
        for name in (*param.opts, *param.secondary_opts)
    ]


def test_the_reference_names_every_command_and_option() -> None:
    """A command or option added to the CLI without a word in the README's reference fails here."""
    reference = _reference()
    missing = [f"--version/--help: {name}" for name in _options(main) if not _mentions(reference, name)]
    for name, command in main.commands.items():
        if f"megaroth {name}" not in reference:
            missing.append(f"megaroth {name}")
        missing += [f"megaroth {name} {option}" for option in _options(command) if not _mentions(reference, option)]
    assert not missing, "the README's reference does not mention: " + ", ".join(missing)


def _mentions(text: str, option: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", text) is not None
