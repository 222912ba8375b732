"""`megaroth headroom` and `megaroth project` options turned into one engine call each.

The command line hands over its options by name, already parsed
(megaroth.engine.money.amounts); this module decides the defaults, refuses
combinations that cannot be meant, builds the plan's terms and the person, and
runs the calculator. A combination problem is an OptionError (a usage error to
the command line); a plan-file problem stays an InputError with its file:line:col.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from megaroth.engine.deciding.calc_run import ProjectionReport, projection_report
from megaroth.engine.deciding.plan_input import STDIN, InputError, Scenario, from_flags, from_plan_file
from megaroth.engine.money import projection
from megaroth.engine.money.calculator import HeadroomResult, Person, PlanTerms
from megaroth.engine.money.limits import use_limits_file
from megaroth.engine.reading.limits_file import LimitsFileError
from megaroth.engine.money.headroom import EmployerFormula, dollars
from megaroth.engine.money.planner import DOLLAR, Bonus, PaycheckPlan, PlannerError, YearToDate, plan_paychecks
from megaroth.engine.reporting.chart import check_target, write_chart

Options = Mapping[str, Any]

# The flags that describe a plan; --plan FILE takes them from the file instead.
PLAN_FLAGS = (
    "match",
    "match_cap",
    "nonelective",
    "profit_sharing",
    "after_tax_cap",
    "roth",
    "solo",
    "true_up",
    "match_after_tax",
    "employee_cap",
    "after_tax_cap_dollars",
    "spillover",
)
# The flags that describe the participant; --participant NAME takes them from the plan file instead.
PERSON_FLAGS = (
    "salary",
    "age",
    "deferral",
    "other_plan_deferrals",
    "pay_periods",
    "net_se_earnings",
    "compensation",
    "paychecks_paid",
    "prior_year_wages",
    "hce",
)
# The year-to-date amounts, which only mean something with --periods-left.
YTD_FLAGS = ("ytd_deferrals", "ytd_employer", "ytd_after_tax", "election")

DEFAULT_DEFERRAL = "max"
DEFAULT_PAY_PERIODS = 26
DEFAULT_RETURN_PERCENT = projection.DEFAULT_RETURN_PERCENT  # real: growth in today's dollars
DEFAULT_INFLATION_PERCENT = projection.DEFAULT_INFLATION_PERCENT  # with the real return, the leak's nominal one
DEFAULT_ROTH = True  # most plans with after-tax money take Roth deferrals too


class OptionError(ValueError):
    """Options that cannot be used together, or one that is missing: a usage error."""


def _flag(name: str) -> str:
    return "--" + name.replace("_", "-")


def _given(options: Options, name: str) -> bool:
    return options.get(name) is not None


def use_limits(options: Options) -> None:
    """Put --limits FILE's years in use for this process (none given: megaroth's table alone)."""
    try:
        use_limits_file(options.get("limits_file"))
    except LimitsFileError as error:
        raise InputError(error.lines) from None


def scenario(options: Options) -> Scenario:
    """The year's limits and the plan's terms, from --plan FILE or from the flags."""
    use_limits(options)
    given = [name for name in PLAN_FLAGS if _given(options, name)]
    if _given(options, "plan_file"):
        if given:
            raise OptionError(f"--plan takes the plan's terms from the file; leave out {', '.join(map(_flag, given))}")
        return from_plan_file(options["plan_file"], options.get("year"))
    formula = EmployerFormula(
        match_tiers=options.get("match") or (),
        match_cap=None if options.get("match_cap") is None else dollars(options["match_cap"]),
        nonelective=options.get("nonelective") or 0,
        profit_sharing=options.get("profit_sharing") or 0,
        after_tax_cap=options.get("after_tax_cap"),
        match_after_tax=bool(options.get("match_after_tax")),
        employee_cap=options.get("employee_cap"),
        # A dollar cap never rounds up: $10,000.50 lets $10,000 in.
        after_tax_cap_dollars=None if options.get("after_tax_cap_dollars") is None else int(options["after_tax_cap_dollars"]),
        spillover=bool(options.get("spillover")),
    )
    roth = DEFAULT_ROTH if options.get("roth") is None else options["roth"]
    terms = PlanTerms(formula, roth=roth, solo=bool(options.get("solo")), true_up=options.get("true_up"))
    return from_flags(options.get("year"), terms)


def pay_periods(options: Options) -> int:
    return int(options.get("pay_periods") or DEFAULT_PAY_PERIODS)


def person(options: Options) -> Person:
    """The participant the flags describe; --salary (or --net-se-earnings) is required."""
    self_employed = _given(options, "net_se_earnings")
    if self_employed and _given(options, "salary"):
        raise OptionError("give --salary (W-2 pay) or --net-se-earnings (a sole proprietor or partner), not both")
    if not self_employed and not _given(options, "salary"):
        raise OptionError("--salary is required (or --net-se-earnings for a sole proprietor or partner)")
    for name in ("compensation", "paychecks_paid"):
        if self_employed and _given(options, name):
            raise OptionError(f"{_flag(name)} is pay from an employer; with --net-se-earnings give the year's net earnings")
    if _given(options, "compensation") and _given(options, "paychecks_paid"):
        raise OptionError("give --compensation or --paychecks-paid (which works it out from the salary), not both")
    periods = pay_periods(options)
    if _given(options, "paychecks_paid") and options["paychecks_paid"] > periods:
        raise OptionError(f"--paychecks-paid {options['paychecks_paid']} is more than the {periods} pay periods")
    deferral = options.get("deferral")
    return Person(
        salary=0 if self_employed else options["salary"],
        age=options.get("age"),
        deferral=DEFAULT_DEFERRAL if deferral is None else deferral,
        other_plan_deferrals=options.get("other_plan_deferrals") or 0,
        pay_periods=periods,
        compensation=options.get("compensation"),
        paychecks_paid=options.get("paychecks_paid"),
        net_se_earnings=options.get("net_se_earnings"),
        prior_year_wages=options.get("prior_year_wages"),
        hce=bool(options.get("hce")),
    )


def check_participant_options(options: Options) -> None:
    """Refuse --participant without a plan file, or with the flags the participant sets, before any work."""
    if not _given(options, "participant"):
        return
    if not _given(options, "plan_file"):
        raise OptionError("--participant NAME takes a participant from a plan file: add --plan FILE")
    given = [flag for flag in PERSON_FLAGS if _given(options, flag)]
    if given:
        raise OptionError(
            f"--participant takes the participant's pay, age and deferrals from the plan file; leave out "
            f"{', '.join(map(_flag, given))}"
        )


def participant(options: Options, the_scenario: Scenario) -> Person:
    """The participant --participant NAME names in the plan file, as `megaroth check` computes them.

    The participant's own fields (salary, age, deferral, ...) come from the
    file through facts.participant_person, the one place that mapping lives, so
    the flags that would set them are refused rather than silently overriding
    the file: a number in the output is always the file's.
    """
    from megaroth.engine.deciding.facts import participant_person  # the rules machinery, only for plan files

    name = options["participant"]
    check_participant_options(options)
    entries = (the_scenario.data or {}).get("participants") or []
    found = [entry for entry in entries if entry["name"] == name]
    path = "<stdin>" if options["plan_file"] == STDIN else options["plan_file"]
    if not found:
        names = ", ".join(repr(entry["name"]) for entry in entries)
        has = f"its participants are {names}" if entries else "it has no participants"
        raise InputError([f"{path}: no participant named {name!r}; {has}"], in_file=True)
    if len(found) > 1:
        raise InputError([f"{path}: {len(found)} participants are named {name!r}; give each its own name"], in_file=True)
    return participant_person(found[0])


def _bonuses(options: Options) -> tuple[Bonus, ...]:
    """--bonus AMOUNT@PAYCHECK[,nomatch], each already parsed by amounts.parse_bonus."""
    return tuple(Bonus(dollars(amount), paycheck, matched) for amount, paycheck, matched in options.get("bonus") or ())


def _plans_the_year(options: Options) -> bool:
    """--periods-left plans the rest of the year; a bonus or an election step in percent plans the whole year."""
    step = options.get("election_step")
    return _given(options, "periods_left") or bool(options.get("bonus")) or (step is not None and step != DOLLAR)


def _year_to_date(options: Options, pay_periods: int) -> YearToDate:
    def whole(name: str) -> int | None:
        return None if options.get(name) is None else dollars(options[name])

    return YearToDate(
        periods_left=options["periods_left"] if _given(options, "periods_left") else pay_periods,
        deferrals=whole("ytd_deferrals"),
        employer=whole("ytd_employer") or 0,
        after_tax=whole("ytd_after_tax") or 0,
        election=whole("election"),
    )


@dataclass(frozen=True)
class HeadroomRun:
    """What `megaroth headroom` prints: the year's room, and the rest-of-year plan with --periods-left."""

    result: HeadroomResult
    plan: PaycheckPlan | None
    participant: str | None = None  # the plan file's participant, with --participant NAME


def headroom_run(options: Options) -> HeadroomRun:
    """The headroom for the options; with --periods-left also the paychecks that land on it."""
    ytd_given = [name for name in YTD_FLAGS if _given(options, name)]
    if ytd_given and not _given(options, "periods_left"):
        raise OptionError(f"{_flag(ytd_given[0])} plans the rest of the year: add --periods-left")
    check_participant_options(options)
    the_scenario = scenario(options)
    named = options.get("participant")
    the_person = person(options) if named is None else participant(options, the_scenario)
    result = the_scenario.headroom(the_person)
    plan = None
    if _plans_the_year(options) and the_person.paychecks_paid is not None:
        # The planner's paychecks are the year's pay periods with on-pace deferrals in those gone; for a
        # mid-year hire the paychecks before the hire paid nothing. The table above is the hire's plan.
        raise OptionError("--paychecks-paid spreads the election over the paychecks paid; leave out the planner's flags")
    if _plans_the_year(options):
        try:
            plan = plan_paychecks(
                the_scenario.limits,
                the_scenario.terms,
                the_person,
                _year_to_date(options, the_person.pay_periods),
                bonuses=_bonuses(options),
                step=options.get("election_step") or DOLLAR,
            )
        except PlannerError as error:
            raise OptionError(str(error)) from None
    return HeadroomRun(result, plan, named)


def check_project_options(options: Options) -> None:
    """Refuse what `megaroth project` cannot do, before any work."""
    if _given(options, "amount") and _given(options, "salary"):
        raise OptionError("give either --amount or --salary (to compute the room), not both")
    if options.get("force") and not _given(options, "chart"):
        raise OptionError("--force goes with --chart FILE")


@dataclass(frozen=True)
class ProjectionRun:
    """What `megaroth project` prints, and the chart file it wrote (None without --chart)."""

    report: ProjectionReport
    chart: str | None = None


def projection_run(options: Options) -> ProjectionRun:
    """The projection the options ask for (--amount a year, or the room --salary ... leaves), and its chart.

    A chart path is refused before any work (ChartError or WriteError), and
    the chart is written only once the projection is complete.
    """
    check_project_options(options)
    chart = options.get("chart")
    if chart is not None:
        check_target(chart, force=bool(options.get("force")))
    the_scenario = scenario(options)
    return_percent = options.get("return_percent")
    report = projection_report(
        the_scenario,
        years=options["years"],
        return_percent=DEFAULT_RETURN_PERCENT if return_percent is None else return_percent,
        pay_periods=pay_periods(options),
        amount=options.get("amount"),
        person=None if _given(options, "amount") else person(options),
        start_age=options.get("start_age"),
        tax_rate=options.get("tax_rate"),
        inflation_percent=DEFAULT_INFLATION_PERCENT if options.get("inflation") is None else options["inflation"],
    )
    if chart is not None:
        write_chart(report.projection, chart, ira_year=the_scenario.limits.year, force=bool(options.get("force")))
    return ProjectionRun(report, chart)
