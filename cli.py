"""megaroth's command line: parse options, call the engine, exit with its code.

Engine modules are imported inside each command: jsonschema and the rules
engine cost a noticeable part of start-up, and `megaroth rules` needs neither.
"""

from __future__ import annotations

import atexit
import errno
import gc
import os
import sys
from datetime import date
from typing import Any, Callable

import click
from click.shell_completion import CompletionItem

from megaroth.engine.money import amounts  # plain parsing: no engine start-up cost

# Listed here so that `--help` needs no engine import; tests hold them equal to
# megaroth.engine.reporting.reporters.REPORTER_BY_NAME and megaroth.engine.deciding.findings.FAIL_LEVELS.
FORMATS = ("text", "json", "sarif", "junit", "github")
FAIL_LEVELS = ("error", "warning", "info", "never")
DOCUMENTS = ("individually_designed", "pre_approved", "solo_prototype", "solo_custom")
COLOR_MODES = ("auto", "always", "never")  # megaroth.engine.running.terminal.COLOR_MODES
MAX_JOBS = 256  # megaroth.engine.running.runner.MAX_JOBS
# What each command can print; any other --format is click's usage error (exit 2).
RULES_FORMATS = ("text", "json")
HEADROOM_FORMATS = ("text", "json")
PROJECT_FORMATS = ("text", "json", "csv")
ACP_FORMATS = ("text", "json", "csv", "sarif", "junit", "github")  # megaroth.engine.acp.command.FORMATS

# At exit the interpreter's garbage collector walks every object still alive
# (jsonschema, the catalog, the rules engine: about 30 ms, a sixth of checking
# one file). Nothing needs collecting by then: frozen objects are skipped.
atexit.register(gc.freeze)


def _say(line: str) -> None:
    """One line on stderr, its user text (plan keys, config keys, paths) escaped by the engine's one rule for it."""
    from megaroth.engine.reading.display import printable

    click.echo(printable(line), err=True)


def _discard_stdout() -> None:
    """Point file descriptor 1 at /dev/null: what is still buffered for a closed pipe or a full disk
    would fail again at interpreter exit ("Exception ignored ...", exit code 120)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (AttributeError, OSError, ValueError):  # no real descriptor (a test's stream), or already gone
        pass


def _cannot_write(error: Any) -> int:
    """The one place a failed write becomes its message and exit code (a CannotWrite from engine/reading/atomic.py).

    A closed pipe (``megaroth check plans/ | head -1``) is the reader's choice,
    not a failure: it ends quietly with 0, as ruff does, so that a pipeline
    under ``set -o pipefail`` does not read it as findings (1) or an error (2).
    """
    if error.path == "standard output":
        _discard_stdout()
    if error.errno == errno.EPIPE:
        return 0
    _say(f"megaroth: {error}")
    return 2


class _Megaroth(click.Group):
    """The command group, which also turns a failure to write standard output into one message."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        # --help and --version print outside invoke(): click re-raises their
        # write errors from here, or they show when stdout is flushed at exit.
        # (atomic is imported only when needed: `megaroth rules` starts without it.)
        if sys.stdout is None:  # started with standard output closed (>&-)
            from megaroth.engine.reading.atomic import ClosedStream

            sys.stdout = ClosedStream()  # type: ignore[assignment]
        try:
            try:
                return super().main(*args, **kwargs)
            finally:
                sys.stdout.flush()
        except OSError as error:
            from megaroth.engine.reading.atomic import CannotWrite

            raise SystemExit(_cannot_write(CannotWrite("standard output", error))) from None

    def invoke(self, ctx: click.Context) -> Any:
        from megaroth.engine.reading.atomic import CannotWrite  # light: the standard library only

        try:
            try:
                return super().invoke(ctx)
            finally:
                # Standard output is buffered when it is not a terminal: a full
                # disk or a closed pipe often shows only here, at the end.
                sys.stdout.flush()
        except CannotWrite as error:
            ctx.exit(_cannot_write(error))
        except OSError as error:
            # Files are written through atomic_write, whose errors are
            # CannotWrite naming the file; plan files are read into findings.
            # What is left is click.echo on standard output.
            ctx.exit(_cannot_write(CannotWrite("standard output", error)))


def _fail(message: str) -> None:
    _say(f"megaroth: {message}")
    click.get_current_context().exit(2)


def _fail_lines(lines: list[str]) -> None:
    """Problems in a file, one ``file:line:col: message`` line each (like a linter), then exit 2."""
    for line in lines:
        _say(line)  # an unknown key holding a newline cannot forge a line of its own
    click.get_current_context().exit(2)


_LIMITS_HELP = (
    "Add or replace plan years' IRS limits from FILE, in rules/limits.yaml's format (each year with its source, "
    "whole-dollar figures); reports name the file each year's figures came from."
)


def _complete_file(ctx: Any, param: Any, incomplete: str) -> list[CompletionItem]:
    """Let the shell complete a file path (what click.Path does, without its existence checks)."""
    return [CompletionItem(incomplete, type="file")]


def _complete_rule_ids(ctx: Any, param: Any, incomplete: str) -> list[CompletionItem]:
    """Rule ids from the catalog starting with what is typed; after a comma, the next id of the list."""
    from megaroth.engine.deciding.catalog import catalog
    from megaroth.engine.deciding.selection import complete_ids

    titles = {rule.id: rule.title for rule in catalog().values()}
    return [CompletionItem(word, help=title) for word, title in complete_ids(incomplete, titles)]


def _run(paths: tuple[str, ...], options: dict[str, Any], today: date | None, schema_only: bool) -> None:
    from megaroth.engine.reading.atomic import CannotWrite, WriteError
    from megaroth.engine.deciding.checker import InternalError
    from megaroth.engine.deciding.findings import EXIT_STOPPED, SIGINT, SIGNAL_NAMES
    from megaroth.engine.running.outputs import run_to_outputs
    from megaroth.engine.running.runner import default_jobs
    from megaroth.engine.reading.limits_file import LimitsFileError
    from megaroth.engine.running.settings import SettingsError, resolve

    if "" in paths:  # Path("") is the current folder: an unset $PLAN would check every plan in it
        _fail("an empty PATH names no file (an unset variable?); give a file or a folder, . for the current one")
    try:
        settings = resolve(
            config_file=options["config_file"],
            fail_on=options.get("fail_on"),
            formats=options["output_format"],
            outputs=options["output"],
            select=options.get("select", ()),
            ignore=options.get("ignore", ()),
            exclude=options["exclude"],
            quiet=options["quiet"],
            limits=options["limits_file"],
        )
        code = run_to_outputs(
            paths,
            settings,
            stdout=sys.stdout,
            stderr=sys.stderr,
            today=today,
            schema_only=schema_only,
            force=options["force"],
            jobs=options["jobs"] or default_jobs(),
            color=options["color"],
        )
    except CannotWrite:
        raise  # _Megaroth.invoke: one place for every failed write
    except (SettingsError, WriteError) as error:
        _fail(str(error))
    except LimitsFileError as error:
        _fail_lines(error.lines)
    except InternalError as error:
        _say(f"megaroth: {error} (this is a bug in megaroth; please report it)")
        code = 2
    except KeyboardInterrupt:  # before the first file (while searching folders, say): nothing to report yet
        code = EXIT_STOPPED[SIGINT]
    stopped = {exit_code: signum for signum, exit_code in EXIT_STOPPED.items()}
    if code in stopped:
        how = "interrupted" if stopped[code] == SIGINT else f"stopped by {SIGNAL_NAMES[stopped[code]]}"
        click.echo(f"megaroth: {how}; the report covers only the files checked before it", err=True)
    click.get_current_context().exit(code)


@click.group(cls=_Megaroth, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(None, "-V", "--version", package_name="megaroth", prog_name="megaroth")
def main() -> None:
    """Check 401(k) plans for the Mega Backdoor Roth: verdict, traps, and after-tax room."""
    try:  # read the MEGAROTH_MAX_* bounds here, where a bad value is a usage error for every command
        import megaroth.engine.reading.bounds  # noqa: F401
    except ValueError as error:  # megaroth.engine.reading.bounds.BoundError (not importable from a module whose import failed)
        raise click.UsageError(str(error)) from None


_paths = click.argument("paths", nargs=-1, required=True, metavar="PATH...", shell_complete=_complete_file)


def _format(formats: tuple[str, ...], help: str = "Output format.") -> Callable[..., Any]:
    return click.option(
        "--format", "output_format", type=click.Choice(formats), default="text", show_default=True, help=help
    )


def _report_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--format/--output/--force/--exclude/--config/--jobs/--color/--quiet, shared by check and validate."""
    for option in reversed(
        [
            click.option(
                "--format",
                "-f",
                "output_format",
                type=click.Choice(FORMATS),
                multiple=True,
                help="Output format (default: text, or the config's format). Repeat it, each with its own --output, "
                "to write several reports in one run.",
            ),
            click.option(
                "--output",
                "-o",
                multiple=True,
                metavar="FILE",
                shell_complete=_complete_file,
                help="Write the report to FILE (atomically; - is standard output). One per --format, in order. "
                "Each file written is named on stderr.",
            ),
            click.option("--force", is_flag=True, help="Let --output replace an existing file."),
            click.option(
                "--exclude",
                multiple=True,
                metavar="GLOB",
                help="Skip files and folders matching GLOB (relative to the current folder); replaces the config's.",
            ),
            click.option(
                "--limits",
                "limits_file",
                metavar="FILE",
                shell_complete=_complete_file,
                help=_LIMITS_HELP + " Replaces the config's limits key.",
            ),
            click.option(
                "--config",
                "config_file",
                type=click.Path(exists=True, dir_okay=False),
                help="Read settings from this pyproject.toml or .megaroth.yaml instead of the nearest one.",
            ),
            click.option(
                "--jobs",
                "-j",
                type=click.IntRange(min=1, max=MAX_JOBS),
                default=None,
                help=f"Worker processes checking files in parallel, 1 to {MAX_JOBS} (default: the number of CPUs; "
                "never more than 4 per CPU, nor than the files need). The output is the same for any number.",
            ),
            click.option(
                "--color",
                type=click.Choice(COLOR_MODES),
                default="auto",
                show_default=True,
                help="Colour the text report on standard output. auto: only on a terminal, never when NO_COLOR is "
                "set (non-empty), always when FORCE_COLOR is set (non-empty; NO_COLOR wins if both are). "
                "always/never win over both variables. Report files are never coloured.",
            ),
            click.option(
                "--quiet",
                "-q",
                is_flag=True,
                help="Text report: only the findings at or above the fail level (and those that make a file "
                "invalid), the verdict line of each file that has one, and the summary line. "
                "Refused when no text report is written: the other formats are always complete.",
            ),
        ]
    ):
        command = option(command)
    return command


@main.command()
@_paths
@_report_options
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_LEVELS),
    default=None,
    help="Exit 1 when a finding at or above this severity is not waived. [default: error, or the config's]",
)
@click.option(
    "--select",
    multiple=True,
    metavar="IDS",
    shell_complete=_complete_rule_ids,
    help="Report only these rules: ids or prefixes (MBR2 is every MBR2xx), comma-separated or repeated.",
)
@click.option(
    "--ignore",
    multiple=True,
    metavar="IDS",
    shell_complete=_complete_rule_ids,
    help="Do not report these rules (ids or prefixes).",
)
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="The date waivers expire against (YYYY-MM-DD); default: today. Pin it for reproducible output.",
)
def check(paths: tuple[str, ...], today: Any, **options: Any) -> None:
    """Check plan files (folders are searched for *.yaml and *.yml; - reads stdin).

    Settings come from [tool.megaroth] in pyproject.toml or from .megaroth.yaml,
    the nearest one from the current folder upward; options override them.

    Exit codes: 0 nothing reaches --fail-on; 1 something does; 2 an invalid or
    unreadable file, or a usage error; 130 interrupted (Ctrl-C), 143 stopped by
    SIGTERM, 129 by SIGHUP, after reporting the files checked so far.
    """
    _run(paths, options, today.date() if today else None, schema_only=False)


@main.command()
@_paths
@_report_options
def validate(paths: tuple[str, ...], **options: Any) -> None:
    """Validate plan files against the plan schema only; no rule runs.

    Exit codes: 0 all valid; 2 an invalid or unreadable file; 130 interrupted
    (Ctrl-C), 143 stopped by SIGTERM, 129 by SIGHUP, after reporting the files
    checked so far.
    """
    _run(paths, {**options, "fail_on": "never"}, None, schema_only=True)


@main.command()
@click.argument("rule_id", required=False, shell_complete=_complete_rule_ids)
@_format(RULES_FORMATS)
@click.option("--base", is_flag=True, help="Print the reference plan the rule examples are laid over.")
def rules(rule_id: str | None, output_format: str, base: bool) -> None:
    """List the rule catalog, or explain one rule (megaroth rules MBR204)."""
    from megaroth.engine.deciding.catalog import catalog, example_base
    from megaroth.engine.reporting.rule_docs import explain, listing, rules_json

    if base:
        click.echo(example_base(), nl=False)
        return
    rules_by_id = catalog()
    if rule_id is None:
        click.echo(rules_json(list(rules_by_id.values())) if output_format == "json" else listing(), nl=False)
        return
    rule = rules_by_id.get(rule_id.upper())
    if rule is None:
        raise click.BadParameter(f"no rule {rule_id!r}; `megaroth rules` lists them", param_hint="RULE_ID")
    click.echo(rules_json(rule) if output_format == "json" else explain(rule), nl=False)


@main.command()
@click.argument("path", default="plan.yaml", metavar="[PATH]", shell_complete=_complete_file)
@click.option(
    "--document",
    type=click.Choice(DOCUMENTS),
    default="individually_designed",
    show_default=True,
    help="The kind of plan document the template is for.",
)
@click.option("--force", is_flag=True, help="Replace PATH if it exists.")
def init(path: str, document: str, force: bool) -> None:
    """Write a commented plan template to PATH (default plan.yaml; - prints it).

    Every field is explained, with the SPD wording to look for. The template
    is valid as written and reports "not eligible" until it is filled in.
    """
    from megaroth.engine.reading.atomic import WriteError, write_text, wrote
    from megaroth.engine.reporting.template import TemplatePathError, check_command, check_path, render

    if path == "-":
        click.echo(render(document), nl=False)
        return
    if not path:
        _fail("an empty PATH names no file (an unset variable?); give a file name, or - to print the template")
    try:
        check_path(path)
        write_text(path, render(document, path), force=force)
    except (TemplatePathError, WriteError) as error:
        _fail(str(error))
    _say(f"{wrote(path, 'plan template')}; fill it in from the plan's SPD, then run `{check_command(path)}`.")


@main.command()
@click.argument("documents", nargs=-1, required=True, metavar="DOCUMENT...", shell_complete=_complete_file)
@click.option("-o", "--output", metavar="PLAN.yaml", help="Write the draft to PLAN.yaml instead of standard output.")
@click.option(
    "--format", "output_format", type=click.Choice(["yaml", "json", "text", "sarif"]), default="yaml", show_default=True,
    help="yaml: a draft plan file with its evidence as comments; json: every field's value and evidence; "
         "text: the findings at document:page:line and every answer; sarif: the findings as SARIF 2.1.0.",
)  # fmt: skip
@click.option("--year", type=click.IntRange(1900, 9999), help="The plan year, when the documents do not name it.")
@click.option(
    "--document", type=click.Choice(DOCUMENTS), default="individually_designed", show_default=True,
    help="The kind of plan document, written to the draft (decode does not read it from the documents).",
)  # fmt: skip
@click.option("--force", is_flag=True, help="Replace PLAN.yaml if it exists.")
def decode(documents: tuple[str, ...], output: str | None, output_format: str, year: int | None, document: str,
           force: bool) -> None:  # fmt: skip
    """Draft a plan file from the plan's documents (PDF, .docx, HTML or text), quoting the sentence behind each answer.

    Every field the documents do not answer is written as unknown, never as "no".
    """
    from megaroth.engine.decode.decoder import DocumentError
    from megaroth.engine.decode.draft import render
    from megaroth.engine.reading.atomic import WriteError, write_text, wrote

    try:
        text, code = render(list(documents), output_format, year, document)
    except DocumentError as error:
        _fail(str(error))
    if output is None:
        click.echo(text, nl=False)
        click.get_current_context().exit(code)
    try:
        write_text(output, text, force=force)
    except WriteError as error:
        _fail(str(error))
    if output_format == "yaml":
        _say(f"{wrote(output, 'draft plan')}; review it, then run `megaroth check {output}`.")
    else:
        _say(f"{wrote(output, f'decode {output_format}')}.")
    click.get_current_context().exit(code)


@main.command()
@click.option("--report", is_flag=True, help="Print the JSON report's schema instead of the plan's.")
def schema(report: bool) -> None:
    """Print the plan format's JSON Schema (every field and its meaning)."""
    from megaroth.engine.reading.resources import schemas_dir

    name = "report.schema.json" if report else "plan.schema.json"
    click.echo((schemas_dir() / name).read_text(encoding="utf-8"), nl=False)


# --- the calculator: headroom and project --------------------------------------


class _Parsed(click.ParamType):
    """A thin adapter: an engine parser (megaroth.engine.money.amounts), its ValueError as a usage error."""

    def __init__(self, name: str, parse: Callable[[str], Any]):
        self.name = name
        self.parse = parse

    def convert(self, value: Any, param: Any, ctx: Any) -> Any:
        if not isinstance(value, str):  # a default, already a number
            return value
        try:
            return self.parse(value)
        except ValueError as error:
            self.fail(str(error), param, ctx)


def _dollars(maximum: int = amounts.MAX_DOLLARS) -> _Parsed:
    return _Parsed("amount", lambda text: amounts.parse_dollars(text, maximum))


def _percent(maximum: int = 100) -> _Parsed:
    return _Parsed("percent", lambda text: amounts.parse_percent(text, maximum))


DOLLARS = _dollars()
PERCENT = _percent()
PAY_PERIODS = ("12", "24", "26", "27", "52")

_SCENARIO_OPTIONS = [
    click.option(
        "--year", type=click.IntRange(1975, 2100), help="Plan year whose IRS limits apply [default: the plan file's year]."
    ),
    click.option("--salary", type=DOLLARS, help="Annual pay in dollars: 200000 or 200,000."),
    click.option(
        "--net-se-earnings",
        type=DOLLARS,
        help="In place of --salary, for a sole proprietor or partner: net earnings from self-employment.",
    ),
    click.option(
        "--compensation",
        type=DOLLARS,
        help="This year's pay actually received, when not the salary (mid-year hire, leave, job change).",
    ),
    click.option(
        "--paychecks-paid",
        type=click.IntRange(1, 52),
        help="Paychecks this employer pays this year (mid-year hire or leaver): compensation is salary × N ÷ pay periods.",
    ),
    click.option(
        "--prior-year-wages",
        type=DOLLARS,
        help="Last year's W-2 box 3 wages from this employer, for the 2026 Roth catch-up rule [default: the salary].",
    ),
    click.option("--hce", is_flag=True, default=None, help="A highly compensated employee: the plan file's HCE after-tax cap applies."),
    click.option(
        "--age", type=click.IntRange(14, 120), help="Age at the end of the plan year; leave out under 50 (no catch-up)."
    ),
    click.option(
        "--deferral",
        type=_Parsed("max|amount", amounts.parse_deferral),
        help="The year's elective deferral, pre-tax plus Roth: max (the §402(g) room plus any catch-up) or dollars. "
        "[default: max]",
    ),
    click.option(
        "--other-plan-deferrals",
        type=DOLLARS,
        help="Deferred at another employer's plan this year: it uses §402(g) room, not this plan's §415(c).",
    ),
    click.option(
        "--pay-periods",
        type=click.Choice(PAY_PERIODS),
        help="Paychecks a year; 27 for a biweekly year with 27 pay dates. [default: 26]",
    ),
    click.option(
        "--plan",
        "plan_file",
        metavar="FILE",
        shell_complete=_complete_file,
        help="Take match, caps, Roth and catch-up rules from a plan file (validated as by `megaroth check`; - reads stdin).",
    ),
    click.option(
        "--match",
        type=_Parsed("tiers", amounts.parse_tiers),
        help="Match tiers rate@up_to, percent of pay: 100@5, or 100@3,50@2.",
    ),
    click.option("--match-cap", type=DOLLARS, help="Dollar cap on the year's match."),
    click.option("--nonelective", type=PERCENT, help="Nonelective employer contribution, percent of pay."),
    click.option("--profit-sharing", type=PERCENT, help="Profit-sharing contribution, percent of pay."),
    click.option("--after-tax-cap", type=PERCENT, help="The plan's cap on after-tax contributions, percent of pay."),
    click.option("--after-tax-cap-dollars", type=DOLLARS, help="The plan's cap on after-tax contributions, dollars a year."),
    click.option(
        "--employee-cap", type=PERCENT, help="The plan's cap on deferrals and after-tax together, percent of pay."
    ),
    click.option(
        "--match-after-tax", is_flag=True, default=None, help="The match counts after-tax contributions too."
    ),
    click.option(
        "--spillover", is_flag=True, default=None, help="Deferral elections above §402(g) continue as after-tax."
    ),
    click.option(
        "--roth/--no-roth",
        default=None,
        help="The plan takes Roth deferrals [default: yes]; from 2026 a higher earner's catch-up must be Roth.",
    ),
    click.option(
        "--solo",
        is_flag=True,
        default=None,
        help="An owner's one-participant plan: with --salary a corporation's owner-employee (W-2 wages), "
        "with --net-se-earnings a sole proprietor or partner.",
    ),
    click.option("--true-up/--no-true-up", default=None, help="The plan trues up the match at year end [default: not known]."),
    click.option("--limits", "limits_file", metavar="FILE", shell_complete=_complete_file, help=_LIMITS_HELP),
]


def _scenario_options(command: Callable[..., Any]) -> Callable[..., Any]:
    for option in reversed(_SCENARIO_OPTIONS):
        command = option(command)
    return command


def _fail_input(error: Any) -> None:
    """An InputError: plan-file problems print as file:line:col lines, like a linter; option problems as _fail."""
    if not error.in_file:
        _fail(str(error))
    _fail_lines(error.lines)


@main.command()
@_scenario_options
@click.option("--periods-left", type=click.IntRange(1, 52), help="Paychecks left this year: plans the rest of the year.")
@click.option(
    "--ytd-deferrals", type=DOLLARS, help="Elective deferrals so far this year, catch-up included [default: on pace]."
)
@click.option("--ytd-employer", type=DOLLARS, help="Employer money credited so far: match, nonelective, profit sharing.")
@click.option("--ytd-after-tax", type=DOLLARS, help="After-tax contributions so far this year.")
@click.option("--election", type=DOLLARS, help="The after-tax election per paycheck now in place (checked for overshoot).")
@click.option(
    "--bonus",
    multiple=True,
    type=_Parsed("AMOUNT@PAYCHECK[,nomatch]", amounts.parse_bonus),
    help="A bonus paid with paycheck N of the year (repeat for more); ,nomatch when the match does not count it. "
    "It is pay for §415(c), and a percent election takes its percent of it.",
)
@click.option(
    "--election-step",
    type=click.Choice(("dollar", "percent", "0.1")),
    help="Give the after-tax election in whole dollars, whole percents of pay, or 0.1% steps, as the recordkeeper "
    "takes it; rounded down, never over the room. [default: dollar]",
)
@click.option(
    "--participant",
    metavar="NAME",
    help="With --plan FILE: compute the file's participant NAME (pay, age, deferrals from the file, as `check` does).",
)
@_format(HEADROOM_FORMATS)
def headroom(output_format: str, **options: Any) -> None:
    """The §415(c) headroom: how much after-tax money can go in and be converted to Roth.

    \b
    A worked example (2025, $200,000, deferral max, 100% match up to 5%):
      megaroth headroom --year 2025 --salary 200000 --match 100@5
    prints the table line by line and then the line
      70,000 − 23,500 − 10,000 = 36,500
    Subtractions are printed with the minus sign − (U+2212).

    The room is the §415(c) limit (or 100% of pay when lower), less the elective
    deferrals counted in §415(c) (a catch-up is not), less the match, nonelective
    and profit-sharing money (computed on pay capped at §401(a)(17)); never below 0,
    never above the plan's caps, and rounded down (employer money to the cent, up).
    Deferral max is the largest lawful deferral. Deferrals at another employer's
    plan use the person's §402(g) and catch-up room but not this plan's §415(c). The
    per-paycheck election is rounded down, and the last paycheck takes what the
    rounding left, so the year lands on the room. The Backdoor Roth IRA at the
    year's IRA limit is shown beside it. The README's "How the after-tax room is
    computed" gives every rule.

    With --periods-left (and the --ytd-* amounts so far) it plans the rest of the
    year: the whole-dollar election per remaining paycheck that lands on the limit
    and never over it, with warnings for money already over, a standing --election
    that would overshoot, a per-paycheck plan cap, and front-loaded deferrals that
    lose match without a year-end true-up (and the deferral spread that keeps it).
    --election-step percent|0.1 gives the election as a percent of pay, rounded
    down; --bonus AMOUNT@PAYCHECK[,nomatch] adds bonus pay. Either plans the whole
    year when --periods-left is not given. --plan FILE --participant NAME computes
    a participant of the plan file, as `megaroth check` does.

    Exit codes: 0 computed; 2 a bad option, an invalid plan file (file:line:col),
    a year whose IRS limits megaroth does not carry (add them with --limits FILE),
    or an unusable limits file (file:line:col).
    """
    from megaroth.engine.deciding.plan_input import InputError
    from megaroth.engine.reporting.calc_report import headroom_document, headroom_text
    from megaroth.engine.running.calc_options import OptionError, headroom_run

    try:
        run = headroom_run(options)
    except OptionError as error:
        raise click.UsageError(str(error)) from None
    except InputError as error:
        _fail_input(error)
        return
    render = headroom_document if output_format == "json" else headroom_text
    click.echo(render(run.result, run.plan, participant=run.participant), nl=False)


@main.command()
@click.option(
    "--amount", type=DOLLARS, help="After-tax dollars converted each year [default: the room from --salary ...]."
)
@click.option("--years", type=click.IntRange(1, 100), required=True, help="Years to project.")
@click.option("--return", "return_percent", type=_percent(30), help="Real yearly return, percent. [default: 7]")
@click.option(
    "--inflation",
    type=_percent(20),
    help="Yearly inflation, percent: with --return it makes the nominal return the taxable leak is priced at "
    "(taxable earnings are nominal dollars). [default: 3, an assumption above the Fed's 2% target]",
)
@click.option(
    "--start-age", type=click.IntRange(14, 120), help="Age at the first conversion: adds ages and the IRA catch-up at 50."
)
@click.option("--tax-rate", type=PERCENT, help="Marginal tax rate, percent, for the tax on the earnings before conversion.")
@_scenario_options
@_format(PROJECT_FORMATS, help="Output format; csv is the year-by-year projection.")
@click.option(
    "--chart",
    metavar="FILE.png|FILE.svg",
    shell_complete=_complete_file,
    help="Also draw the projection (needs pip install 'megaroth[chart]'); says on stderr when it is written.",
)
@click.option("--force", is_flag=True, help="Let --chart replace an existing file.")
def project(output_format: str, **options: Any) -> None:
    """Projected Roth growth from yearly after-tax conversions, and the earnings that leak before conversion.

    \b
    megaroth project --amount 36500 --years 20 --year 2025
      one conversion: 36,500 × 1.07^20 = 141,243
    megaroth project --year 2025 --salary 200000 --match 100@5 --years 30 --start-age 35
      the room computed as by `megaroth headroom`, 30 years: 36,500 × 1.07^30 = 277,847

    Growth, in today's dollars (the return is real): each year's conversion goes
    in at the start of the year; one conversion grows as amount × (1 + r)^years.
    Beside it a Backdoor Roth IRA puts in the year's IRA limit each year (plus the
    IRA catch-up from the year the saver turns 50, with --start-age), held at that
    year's figures.

    Earnings leak: the year's after-tax money is spread evenly over the pay
    periods, arriving at the start of each; each contribution earns the
    NOMINAL return ((1 + real)(1 + inflation) − 1: 10.21% by default),
    compounding, until the next conversion, with conversions at the end of equal
    parts of the year: daily, per pay period, monthly, quarterly or once a year.
    The earnings are taxable when converted; --tax-rate shows the tax on them.
    The return is smooth: a loss in one conversion does not offset a gain in
    another, so real leaks run higher. With --plan the plan's best route is
    marked; a route on request is priced at monthly requests at most.

    Exit codes: 0 computed; 2 a bad option, an invalid plan file (file:line:col),
    a year whose IRS limits megaroth does not carry, an unusable limits file
    (file:line:col), or a chart that cannot be written.
    """
    from megaroth.engine.deciding.plan_input import InputError
    from megaroth.engine.reading.atomic import WriteError, wrote
    from megaroth.engine.reporting.calc_report import projection_csv, projection_document, projection_text
    from megaroth.engine.reporting.chart import ChartError
    from megaroth.engine.running.calc_options import OptionError, projection_run

    try:
        run = projection_run(options)
    except OptionError as error:
        raise click.UsageError(str(error)) from None
    except InputError as error:
        _fail_input(error)
        return
    except (ChartError, WriteError) as error:
        _fail(str(error))
        return
    if run.chart is not None:
        _say(wrote(run.chart, "chart"))
    if output_format == "csv":
        click.echo(projection_csv(run.report.projection), nl=False)
    else:
        click.echo((projection_document if output_format == "json" else projection_text)(run.report), nl=False)


@main.command()
@click.argument("census", type=click.Path(dir_okay=False), shell_complete=_complete_file)
@click.option(
    "--plan",
    metavar="FILE",
    shell_complete=_complete_file,
    help="The plan file: its year (without --year), whether it is safe harbor (the match choice), and its match formula (for a census without a match column).",
)
@click.option("--year", type=click.IntRange(1900, 2200), help="The plan year tested (calendar year) [default: the plan file's].")
@click.option(
    "--match",
    "match_mode",
    type=click.Choice(("include", "exclude")),
    default="include",
    show_default=True,
    help="Test after-tax money with the match, or alone (a safe-harbor plan's choice, §1.401(m)-2(a)(5)(iv)).",
)
@click.option(
    "--method",
    type=click.Choice(("current", "prior")),
    default="current",
    show_default=True,
    help="Test against this year's NHCE ACP, or the prior year's (give it with --prior-nhce-acp).",
)
@click.option("--prior-nhce-acp", type=_percent(100), metavar="PCT", help="The prior plan year's NHCE ACP, for --method prior.")
@click.option(
    "--prior-census",
    metavar="FILE",
    shell_complete=_complete_file,
    help="The prior plan year's census, for --method prior: its NHCE ACP is worked out from it (instead of --prior-nhce-acp).",
)
@click.option(
    "--columns",
    multiple=True,
    metavar="NAME=HEADER,...",
    help="Read census column NAME (id, compensation, after_tax, match, ...) from the header HEADER.",
)
@click.option(
    "--eaca",
    is_flag=True,
    help="The plan is an EACA covering every eligible employee (§414(w)): refunds are excise-free for 6 months, not 2½.",
)
@click.option("--limits", "limits_file", metavar="FILE", shell_complete=_complete_file, help=_LIMITS_HELP)
@_format(ACP_FORMATS)
@click.option("-o", "--output", metavar="FILE", shell_complete=_complete_file, help="Write the report to FILE.")
@click.option("--force", is_flag=True, help="Let --output replace an existing file.")
def acp(census: str, year: int | None, match_mode: str, method: str, output_format: str, **options: Any) -> None:
    """The ACP test (§401(m)) on an employer's census, and its correction when it fails.

    CENSUS is a CSV or .xlsx file, one row per employee under a header row:
    id and compensation are required; after_tax, match, hce, owner_percent,
    prior_year_compensation and eligible are read when present, any other
    column is ignored and never copied into the report. Pay is capped at
    §401(a)(17); HCEs are the hce column, else owners of more than 5%, else
    prior-year pay above the look-back year's threshold. ACRs and ACPs are
    rounded half up to hundredths (Treas. Reg. §1.401(m)-2(a)). A failed test
    gets the refunds that correct it (§1.401(m)-2(b)) and their deadlines.
    Every row's §415(c) and §402(g) room is checked too; the findings are
    rules MBR601-MBR610 (`megaroth rules MBR601`), at CENSUS:row:col in the
    sarif, junit and github formats.

    Exit codes: 0 the test passes and no row is over a limit; 1 it fails or
    a row's annual additions or deferrals are over a limit; 2 bad input (CENSUS:row:col),
    a year whose IRS limits megaroth does not carry, or a file not written.
    """
    from decimal import Decimal

    from megaroth.engine.acp.command import acp_run
    from megaroth.engine.reading.atomic import WriteError

    prior = options.pop("prior_nhce_acp")
    if prior is not None and options["prior_census"] is not None:
        raise click.UsageError("give the prior year's NHCE ACP with --prior-nhce-acp or --prior-census, not both")
    if (method == "prior") != (prior is not None or options["prior_census"] is not None):
        raise click.UsageError("--method prior and --prior-nhce-acp PCT (or --prior-census FILE) go together")
    options["prior_nhce_acp"] = None if prior is None else Decimal(str(prior))

    try:
        run = acp_run(census, year=year, match_included=match_mode == "include", output_format=output_format, **options)
    except WriteError as error:
        _fail(str(error))
        return
    if run.error is not None:
        _fail_lines(run.error.splitlines())
        return
    click.echo(run.output, nl=False)
    click.get_current_context().exit(run.exit_code)


@main.command()
@click.argument("plan", metavar="PLAN.yaml", type=click.Path(dir_okay=False, allow_dash=False), shell_complete=_complete_file)
@click.option("--census", metavar="CENSUS", shell_complete=_complete_file,
              help="Add the ACP test on this census (CSV or .xlsx, as `megaroth acp` reads it), for the plan's year.")
@click.option("--document", "documents", multiple=True, metavar="SPD", shell_complete=_complete_file,
              help="Add each answer's evidence from this plan document (PDF, HTML or text, as `megaroth decode` reads it); repeatable.")
@click.option("-o", "--output", required=True, metavar="report.html|report.pdf", shell_complete=_complete_file,
              help="Write the report here; .html is one self-contained page, .pdf the same page as a PDF.")
@click.option("--force", is_flag=True, help="Let --output replace an existing file.")
def report(plan: str, census: str | None, documents: tuple[str, ...], output: str, force: bool) -> None:  # fmt: skip
    """A report for the plan sponsor: verdict, features, open questions, findings, rooms, projection, limits.

    One HTML file with its CSS inline, no script and nothing fetched: it opens
    offline and prints. The date is SOURCE_DATE_EPOCH when set, so the same
    inputs give the same bytes; each input file is listed with its SHA-256.

    Exit codes: 0 written; 2 bad input (the message `check`, `acp` or `decode`
    gives), a file not written, or an invalid plan file, whose report, listing
    its problems, is written all the same.
    """
    from megaroth.engine.report.command import report_run

    run = report_run(plan, output=output, census=census, documents=documents, force=force)
    for line in run.messages:
        click.echo(line, err=True)
    click.get_current_context().exit(run.exit_code)


if __name__ == "__main__":  # pragma: no cover
    main()
