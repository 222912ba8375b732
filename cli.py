"""megaroth's command line: parse options, call the engine, exit with its code.

Engine modules are imported inside each command: jsonschema and the rules
engine cost a noticeable part of start-up, and `megaroth rules` needs neither.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from typing import Any, Callable

import click

# Listed here so that `--help` needs no engine import; tests hold them equal to
# engine.reporters.REPORTER_BY_NAME and engine.findings.FAIL_LEVELS.
FORMATS = ("text", "json", "sarif", "junit", "github")
FAIL_LEVELS = ("error", "warning", "info", "never")
DOCUMENTS = ("individually_designed", "pre_approved", "solo_prototype", "solo_custom")


def _fail(message: str) -> None:
    click.echo(f"megaroth: {message}", err=True)
    click.get_current_context().exit(2)


def _run(paths: tuple[str, ...], options: dict[str, Any], today: date | None, schema_only: bool) -> None:
    from engine.atomic import WriteError
    from engine.checker import InternalError
    from engine.outputs import run_to_outputs
    from engine.settings import SettingsError, resolve

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
        )
    except (SettingsError, WriteError) as error:
        _fail(str(error))
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


def _report_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--format/--output/--force/--exclude/--config, shared by check and validate."""
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
    unreadable file, or a usage error.
    """
    _run(paths, options, today.date() if today else None, schema_only=False)


@main.command()
@_paths
@_report_options
def validate(paths: tuple[str, ...], **options: Any) -> None:
    """Validate plan files against the plan schema only; no rule runs.

    Exit codes: 0 all valid; 2 an invalid or unreadable file.
    """
    _run(paths, {**options, "fail_on": "never"}, None, schema_only=True)


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
    from engine.atomic import WriteError, write_text
    from engine.template import render

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
    from engine.resources import schemas_dir

    name = "report.schema.json" if report else "plan.schema.json"
    click.echo((schemas_dir() / name).read_text(encoding="utf-8"), nl=False)


if __name__ == "__main__":  # pragma: no cover
    main()
