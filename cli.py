"""megaroth's command line: parse options, call the engine, exit with its code.

Engine modules are imported inside each command: jsonschema and the rules
engine cost a noticeable part of start-up, and `megaroth rules` needs neither.
"""

from __future__ import annotations

import atexit
import gc
import json
import re
import sys
from datetime import date
from decimal import Decimal
from typing import Any, Callable

import click

# Listed here so that `--help` needs no engine import; tests hold them equal to
# megaroth.engine.reporting.reporters.REPORTER_BY_NAME and megaroth.engine.deciding.findings.FAIL_LEVELS.
FORMATS = ("text", "json", "sarif", "junit", "github")
FAIL_LEVELS = ("error", "warning", "info", "never")
DOCUMENTS = ("individually_designed", "pre_approved", "solo_prototype", "solo_custom")

# At exit the interpreter's garbage collector walks every object still alive
# (jsonschema, the catalog, the rules engine: about 30 ms, a sixth of checking
# one file). Nothing needs collecting by then: frozen objects are skipped.
atexit.register(gc.freeze)


def _fail(message: str) -> None:
    click.echo(f"megaroth: {message}", err=True)
    click.get_current_context().exit(2)


def _run(paths: tuple[str, ...], options: dict[str, Any], today: date | None, schema_only: bool) -> None:
    from megaroth.engine.reading.atomic import WriteError
    from megaroth.engine.deciding.checker import InternalError
    from megaroth.engine.deciding.findings import EXIT_INTERRUPTED
    from megaroth.engine.running.outputs import run_to_outputs
    from megaroth.engine.running.runner import default_jobs
    from megaroth.engine.running.settings import SettingsError, resolve

    try:
        settings = resolve(
            config_file=options["config_file"],
            fail_on=options.get("fail_on"),
            formats=options["output_format"],
            outputs=options["output"],
            select=options.get("select", ()),
            ignore=options.get("ignore", ()),
            exclude=options["exclude"],
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
        )
    except (SettingsError, WriteError) as error:
        _fail(str(error))
    except InternalError as error:
        click.echo(f"megaroth: {error} (this is a bug in megaroth; please report it)", err=True)
        code = 2
    except KeyboardInterrupt:  # before the first file (while searching folders, say): nothing to report yet
        code = EXIT_INTERRUPTED
    if code == EXIT_INTERRUPTED:
        click.echo("megaroth: interrupted; the report covers only the files checked before it", err=True)
    click.get_current_context().exit(code)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="megaroth", prog_name="megaroth")
def main() -> None:
    """Check 401(k) plans for the Mega Backdoor Roth: verdict, traps, and after-tax room."""
    try:  # read the MEGAROTH_MAX_* bounds here, where a bad value is a usage error for every command
        import megaroth.engine.reading.bounds  # noqa: F401
    except ValueError as error:  # megaroth.engine.reading.bounds.BoundError (not importable from a module whose import failed)
        raise click.UsageError(str(error)) from None


_paths = click.argument("paths", nargs=-1, required=True, metavar="PATH...")
_format = click.option(
    "--format", "output_format", type=click.Choice(FORMATS), default="text", show_default=True, help="Output format."
)


def _report_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--format/--output/--force/--exclude/--config/--jobs, shared by check and validate."""
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
                help="Write the report to FILE (atomically; - is standard output). One per --format, in order.",
            ),
            click.option("--force", is_flag=True, help="Let --output replace an existing file."),
            click.option(
                "--exclude",
                multiple=True,
                metavar="GLOB",
                help="Skip files and folders matching GLOB (relative to the current folder); replaces the config's.",
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
                type=click.IntRange(min=1),
                default=None,
                help="Worker processes checking files in parallel (default: the number of CPUs). "
                "The output is the same for any number.",
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
    help="Report only these rules: ids or prefixes (MBR2 is every MBR2xx), comma-separated or repeated.",
)
@click.option("--ignore", multiple=True, metavar="IDS", help="Do not report these rules (ids or prefixes).")
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
    unreadable file, or a usage error; 130 interrupted (Ctrl-C), after
    reporting the files checked so far.
    """
    _run(paths, options, today.date() if today else None, schema_only=False)


@main.command()
@_paths
@_report_options
def validate(paths: tuple[str, ...], **options: Any) -> None:
    """Validate plan files against the plan schema only; no rule runs.

    Exit codes: 0 all valid; 2 an invalid or unreadable file; 130 interrupted
    (Ctrl-C), after reporting the files checked so far.
    """
    _run(paths, {**options, "fail_on": "never"}, None, schema_only=True)


@main.command()
@click.argument("rule_id", required=False)
@_format
@click.option("--base", is_flag=True, help="Print the reference plan the rule examples are laid over.")
def rules(rule_id: str | None, output_format: str, base: bool) -> None:
    """List the rule catalog, or explain one rule (megaroth rules MBR204)."""
    from megaroth.engine.deciding.catalog import catalog, example_base
    from megaroth.engine.reporting.rule_docs import explain, listing, rule_json

    if base:
        click.echo(example_base(), nl=False)
        return
    rules_by_id = catalog()
    if rule_id is None:
        if output_format == "json":
            click.echo(json.dumps([rule_json(rule) for rule in rules_by_id.values()], indent=2, ensure_ascii=False))
        else:
            click.echo(listing(), nl=False)
        return
    rule = rules_by_id.get(rule_id.upper())
    if rule is None:
        raise click.BadParameter(f"no rule {rule_id!r}; `megaroth rules` lists them", param_hint="RULE_ID")
    if output_format == "json":
        click.echo(json.dumps(rule_json(rule), indent=2, ensure_ascii=False))
    else:
        click.echo(explain(rule), nl=False)


@main.command()
@click.argument("path", default="plan.yaml", metavar="[PATH]")
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
    from megaroth.engine.reading.atomic import WriteError, write_text
    from megaroth.engine.reporting.template import render

    if path == "-":
        click.echo(render(document), nl=False)
        return
    try:
        write_text(path, render(document, path), force=force)
    except WriteError as error:
        _fail(str(error))
    click.echo(f"Wrote {path}: fill it in from the plan's SPD, then run `megaroth check {path}`.", err=True)


@main.command()
@click.option("--report", is_flag=True, help="Print the JSON report's schema instead of the plan's.")
def schema(report: bool) -> None:
    """Print the plan format's JSON Schema (every field and its meaning)."""
    from megaroth.engine.reading.resources import schemas_dir

    name = "report.schema.json" if report else "plan.schema.json"
    click.echo((schemas_dir() / name).read_text(encoding="utf-8"), nl=False)


# --- the calculator: headroom and project --------------------------------------

_AMOUNT = re.compile(r"^\$?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_PERCENT = re.compile(r"^(?:\d+(?:\.\d+)?|\.\d+)%?$")


class Dollars(click.ParamType):
    """A dollar amount: 200000, 200,000 or $200,000.50; never negative."""

    name = "amount"

    def __init__(self, maximum: int = 100_000_000):
        self.maximum = maximum

    def convert(self, value: Any, param: Any, ctx: Any) -> Any:
        if isinstance(value, (int, Decimal)):
            return value
        text = str(value).strip()
        if not _AMOUNT.match(text):
            self.fail(f"{value!r} is not a dollar amount; write 200000 or 200,000", param, ctx)
        amount = Decimal(text.lstrip("$").replace(",", ""))
        if amount > self.maximum:
            self.fail(f"{value} is more than {self.maximum:,}", param, ctx)
        return int(amount) if amount == amount.to_integral_value() else amount


class Percent(click.ParamType):
    """A percent of pay, written as percent: 5 or 5% means 5%."""

    name = "percent"

    def __init__(self, maximum: int = 100):
        self.maximum = maximum

    def convert(self, value: Any, param: Any, ctx: Any) -> Any:
        if isinstance(value, (int, float)):
            return value
        text = str(value).strip()
        if not _PERCENT.match(text):
            self.fail(f"{value!r} is not a percent; write 5 for 5%", param, ctx)
        number = float(text.rstrip("%"))
        if number > self.maximum:
            self.fail(f"{value} is more than {self.maximum}%", param, ctx)
        return int(number) if number.is_integer() else number


class MatchTiers(click.ParamType):
    """Match tiers, rate@up_to in percent, in order: 100@5 or 100@3,50@2."""

    name = "tiers"

    def convert(self, value: Any, param: Any, ctx: Any) -> Any:
        if isinstance(value, tuple):
            return value
        tiers = []
        for part in str(value).split(","):
            rate, at, up_to = part.strip().partition("@")
            if not at or not _PERCENT.match(rate) or not _PERCENT.match(up_to):
                self.fail(f"{part.strip()!r} is not a tier; write rate@up_to, e.g. 100@5 or 100@3,50@2", param, ctx)
            tier = (PERCENT.convert(rate, param, ctx), PERCENT.convert(up_to, param, ctx))
            tiers.append(tier)
        if sum(up_to for _, up_to in tiers) > 100:
            self.fail(f"{value}: the tiers cover more than 100% of pay", param, ctx)
        return tuple(tiers)


class Deferral(click.ParamType):
    """max, or a dollar amount."""

    name = "max|amount"

    def convert(self, value: Any, param: Any, ctx: Any) -> Any:
        if isinstance(value, str) and value.strip().lower() == "max":
            return "max"
        return Dollars(1_000_000).convert(value, param, ctx)


DOLLARS = Dollars()
PERCENT = Percent()
PAY_PERIODS = ("12", "24", "26", "52")
# The flags that describe a plan; --plan FILE takes them from the file instead.
PLAN_FLAGS = ("match", "match_cap", "nonelective", "profit_sharing", "after_tax_cap", "roth", "solo", "true_up")

_SCENARIO_OPTIONS = [
    click.option(
        "--year", type=click.IntRange(1975, 2100), help="Plan year whose IRS limits apply [default: the plan file's year]."
    ),
    click.option("--salary", type=DOLLARS, help="Annual pay in dollars: 200000 or 200,000."),
    click.option(
        "--age", type=click.IntRange(14, 120), help="Age at the end of the plan year; leave out under 50 (no catch-up)."
    ),
    click.option(
        "--deferral",
        type=Deferral(),
        default="max",
        show_default=True,
        help="The year's elective deferral, pre-tax plus Roth: max (the §402(g) room plus any catch-up) or dollars.",
    ),
    click.option(
        "--other-plan-deferrals",
        type=DOLLARS,
        default=0,
        help="Deferred at another employer's plan this year: it uses §402(g) room, not this plan's §415(c).",
    ),
    click.option("--pay-periods", type=click.Choice(PAY_PERIODS), default="26", show_default=True, help="Paychecks a year."),
    click.option(
        "--plan",
        "plan_file",
        metavar="FILE",
        help="Take match, caps, Roth and catch-up rules from a plan file (validated as by `megaroth check`; - reads stdin).",
    ),
    click.option("--match", type=MatchTiers(), help="Match tiers rate@up_to, percent of pay: 100@5, or 100@3,50@2."),
    click.option("--match-cap", type=DOLLARS, help="Dollar cap on the year's match."),
    click.option("--nonelective", type=PERCENT, help="Nonelective employer contribution, percent of pay."),
    click.option("--profit-sharing", type=PERCENT, help="Profit-sharing contribution, percent of pay."),
    click.option("--after-tax-cap", type=PERCENT, help="The plan's cap on after-tax contributions, percent of pay."),
    click.option(
        "--roth/--no-roth",
        default=None,
        help="The plan takes Roth deferrals [default: yes]; from 2026 a higher earner's catch-up must be Roth.",
    ),
    click.option("--solo", is_flag=True, default=None, help="A self-employed owner's one-participant plan."),
    click.option("--true-up/--no-true-up", default=None, help="The plan trues up the match at year end [default: not known]."),
]


def _scenario_options(command: Callable[..., Any]) -> Callable[..., Any]:
    for option in reversed(_SCENARIO_OPTIONS):
        command = option(command)
    return command


def _fail_input(error: Any) -> None:
    """An InputError: plan-file problems print as file:line:col lines, like a linter; option problems as _fail."""
    if not error.in_file:
        _fail(str(error))
    for line in error.lines:
        click.echo(line, err=True)
    click.get_current_context().exit(2)


def _scenario(options: dict[str, Any]) -> Any:
    """The year's limits and the plan's terms, from --plan FILE or from the flags."""
    from megaroth.engine.money.calculator import PlanTerms
    from megaroth.engine.money.headroom import EmployerFormula, dollars
    from megaroth.engine.deciding.plan_input import from_flags, from_plan_file

    given = [name for name in PLAN_FLAGS if options[name] is not None]
    if options["plan_file"] is not None:
        if given:
            flags = ", ".join("--" + name.replace("_", "-") for name in given)
            raise click.UsageError(f"--plan takes the plan's terms from the file; leave out {flags}")
        return from_plan_file(options["plan_file"], options["year"])
    formula = EmployerFormula(
        match_tiers=options["match"] or (),
        match_cap=None if options["match_cap"] is None else dollars(options["match_cap"]),
        nonelective=options["nonelective"] or 0,
        profit_sharing=options["profit_sharing"] or 0,
        after_tax_cap=options["after_tax_cap"],
    )
    roth = True if options["roth"] is None else options["roth"]
    return from_flags(options["year"], PlanTerms(formula, roth=roth, solo=bool(options["solo"]), true_up=options["true_up"]))


def _person(options: dict[str, Any]) -> Any:
    from megaroth.engine.money.calculator import Person

    if options["salary"] is None:
        raise click.UsageError("--salary is required")
    return Person(
        salary=options["salary"],
        age=options["age"],
        deferral=options["deferral"],
        other_plan_deferrals=options["other_plan_deferrals"],
        pay_periods=int(options["pay_periods"]),
    )


_YTD = ("ytd_deferrals", "ytd_employer", "ytd_after_tax", "election")


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
    "--format", "output_format", type=click.Choice(("text", "json")), default="text", show_default=True, help="Output format."
)
def headroom(output_format: str, **options: Any) -> None:
    """The §415(c) headroom: how much after-tax money can go in and be converted to Roth.

    \b
    The guide's worked example (2025, $200,000, deferral max, 100% match up to 5%):
      megaroth headroom --year 2025 --salary 200000 --match 100@5
    prints the table line by line and then the line
      70,000 − 23,500 − 10,000 = 36,500
    Subtractions are printed with the minus sign − (U+2212), as in the guide.

    The room is the §415(c) limit (or 100% of pay when lower), less the elective
    deferrals counted in §415(c) (a catch-up is not), less the match, nonelective
    and profit-sharing money (computed on pay capped at §401(a)(17)); never below 0,
    never above the plan's after-tax cap. Deferrals at another employer's plan use
    §402(g) room but not this plan's §415(c). The per-paycheck election is rounded
    down, and the last paycheck takes what the rounding left, so the year lands on
    the room. The Backdoor Roth IRA at the year's IRA limit is shown beside it.

    With --periods-left (and the --ytd-* amounts so far) it plans the rest of the
    year: the whole-dollar election per remaining paycheck that lands on the limit
    and never over it, with warnings for money already over, a standing --election
    that would overshoot, a per-paycheck plan cap, and front-loaded deferrals that
    lose match without a year-end true-up.

    Exit codes: 0 computed; 2 a bad option, an invalid plan file (file:line:col),
    or a year with no published IRS limits.
    """
    from megaroth.engine.reporting.calc_report import headroom_document, headroom_text
    from megaroth.engine.money.calculator import headroom_for
    from megaroth.engine.money.headroom import dollars
    from megaroth.engine.deciding.plan_input import InputError
    from megaroth.engine.money.planner import PlannerError, YearToDate, plan_paychecks

    ytd_given = [name for name in _YTD if options[name] is not None]
    if ytd_given and options["periods_left"] is None:
        raise click.UsageError(f"--{ytd_given[0].replace('_', '-')} plans the rest of the year: add --periods-left")
    try:
        scenario = _scenario(options)
        person = _person(options)
        result = headroom_for(scenario.limits, scenario.terms, person)
        plan = None
        if options["periods_left"] is not None:
            ytd = YearToDate(
                periods_left=options["periods_left"],
                deferrals=None if options["ytd_deferrals"] is None else dollars(options["ytd_deferrals"]),
                employer=dollars(options["ytd_employer"] or 0),
                after_tax=dollars(options["ytd_after_tax"] or 0),
                election=None if options["election"] is None else dollars(options["election"]),
            )
            plan = plan_paychecks(scenario.limits, scenario.terms, person, ytd)
    except InputError as error:
        _fail_input(error)
        return
    except PlannerError as error:
        raise click.UsageError(str(error)) from None
    if output_format == "json":
        click.echo(headroom_document(result, plan), nl=False)
    else:
        click.echo(headroom_text(result, plan), nl=False)


@main.command()
@click.option(
    "--amount", type=DOLLARS, help="After-tax dollars converted each year [default: the room from --salary ...]."
)
@click.option("--years", type=click.IntRange(1, 100), required=True, help="Years to project.")
@click.option(
    "--return", "return_percent", type=Percent(30), default=7, show_default=True, help="Real yearly return, percent."
)
@click.option(
    "--start-age", type=click.IntRange(14, 120), help="Age at the first conversion: adds ages and the IRA catch-up at 50."
)
@click.option("--tax-rate", type=PERCENT, help="Marginal tax rate, percent, for the tax on the earnings before conversion.")
@_scenario_options
@click.option(
    "--format",
    "output_format",
    type=click.Choice(("text", "json", "csv")),
    default="text",
    show_default=True,
    help="Output format; csv is the year-by-year projection.",
)
@click.option(
    "--chart", metavar="FILE.png|FILE.svg", help="Also draw the projection (needs pip install 'megaroth[chart]')."
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
    periods, arriving at the start of each; each contribution earns the return,
    compounding, until the next conversion, with conversions at the end of equal
    parts of the year: daily, per pay period, monthly, quarterly or once a year.
    The earnings are taxable when converted; --tax-rate shows the tax on them.
    With --plan the plan's best route is marked.

    Exit codes: 0 computed; 2 a bad option, an invalid plan file (file:line:col),
    a year with no published IRS limits, or a chart that cannot be written.
    """
    from megaroth.engine.reading.atomic import WriteError
    from megaroth.engine.reporting.calc_report import projection_csv, projection_document, projection_text
    from megaroth.engine.deciding.calc_run import projection_report
    from megaroth.engine.reporting.chart import ChartError, check_target, write_chart
    from megaroth.engine.deciding.plan_input import InputError

    if options["amount"] is not None and options["salary"] is not None:
        raise click.UsageError("give either --amount or --salary (to compute the room), not both")
    if options["force"] and options["chart"] is None:
        raise click.UsageError("--force goes with --chart FILE")
    try:
        if options["chart"] is not None:
            check_target(options["chart"], force=options["force"])  # refuse before any work
        scenario = _scenario(options)
        report = projection_report(
            scenario,
            years=options["years"],
            return_percent=options["return_percent"],
            pay_periods=int(options["pay_periods"]),
            amount=options["amount"],
            person=None if options["amount"] is not None else _person(options),
            start_age=options["start_age"],
            tax_rate=options["tax_rate"],
        )
        if options["chart"] is not None:
            write_chart(report.projection, options["chart"], ira_year=scenario.limits.year, force=options["force"])
    except InputError as error:
        _fail_input(error)
        return
    except (ChartError, WriteError) as error:
        _fail(str(error))
        return
    if output_format == "csv":
        click.echo(projection_csv(report.projection), nl=False)
    else:
        click.echo((projection_document if output_format == "json" else projection_text)(report), nl=False)


if __name__ == "__main__":  # pragma: no cover
    main()
