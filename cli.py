"""megaroth's command line: parse options, call the engine, exit with its code.

Engine modules are imported inside each command: jsonschema and the rules
engine cost a noticeable part of start-up, and `megaroth rules` needs neither.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import date

import click

FORMATS = ("text", "json")
FAIL_LEVELS = ("error", "warning", "info", "never")


def _use_color(stream: object) -> bool:
    # https://no-color.org: any non-empty NO_COLOR disables colour.
    return not os.environ.get("NO_COLOR") and hasattr(stream, "isatty") and stream.isatty()  # type: ignore[attr-defined]


def _run(paths: tuple[str, ...], output_format: str, fail_on: str, today: date | None, schema_only: bool) -> None:
    from engine.checker import InternalError
    from engine.reporters import REPORTER_BY_NAME
    from engine.runner import run_check

    # sys.stdout, not click.get_text_stream (deprecated in Click 8.5, gone in 9.0);
    # click's CliRunner swaps sys.stdout too.
    stream = sys.stdout
    reporter = REPORTER_BY_NAME[output_format](stream, color=_use_color(stream))
    try:
        code = run_check(paths, [reporter], fail_on=fail_on, today=today, schema_only=schema_only)
    except InternalError as error:
        click.echo(f"megaroth: {error} (this is a bug in megaroth; please report it)", err=True)
        code = 2
    click.get_current_context().exit(code)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="megaroth", prog_name="megaroth")
def main() -> None:
    """Check 401(k) plans for the Mega Backdoor Roth: verdict, traps, and after-tax room."""


_paths = click.argument("paths", nargs=-1, required=True, metavar="PATH...")
_format = click.option(
    "--format", "output_format", type=click.Choice(FORMATS), default="text", show_default=True, help="Output format."
)


@main.command()
@_paths
@_format
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_LEVELS),
    default="error",
    show_default=True,
    help="Exit 1 when a finding at or above this severity is not waived.",
)
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="The date waivers expire against (YYYY-MM-DD); default: today. Pin it for reproducible output.",
)
def check(paths: tuple[str, ...], output_format: str, fail_on: str, today: object) -> None:
    """Check plan files (folders are searched for *.yaml and *.yml; - reads stdin).

    Exit codes: 0 nothing reaches --fail-on; 1 something does; 2 an invalid or
    unreadable file, or a usage error.
    """
    _run(paths, output_format, fail_on, today.date() if today else None, schema_only=False)  # type: ignore[attr-defined]


@main.command()
@_paths
@_format
def validate(paths: tuple[str, ...], output_format: str) -> None:
    """Validate plan files against the plan schema only; no rule runs.

    Exit codes: 0 all valid; 2 an invalid or unreadable file.
    """
    _run(paths, output_format, "never", None, schema_only=True)


@main.command()
@click.argument("rule_id", required=False)
@_format
@click.option("--base", is_flag=True, help="Print the reference plan the rule examples are laid over.")
def rules(rule_id: str | None, output_format: str, base: bool) -> None:
    """List the rule catalog, or explain one rule (megaroth rules MBR204)."""
    from engine.catalog import catalog, example_base
    from engine.rule_docs import explain, listing, rule_json

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
@click.option("--report", is_flag=True, help="Print the JSON report's schema instead of the plan's.")
def schema(report: bool) -> None:
    """Print the plan format's JSON Schema (every field and its meaning)."""
    from engine.resources import schemas_dir

    name = "report.schema.json" if report else "plan.schema.json"
    click.echo((schemas_dir() / name).read_text(encoding="utf-8"), nl=False)


if __name__ == "__main__":  # pragma: no cover
    main()
