"""The plan template ``megaroth init`` writes: every field, what it means, and the SPD words to look for.

The template validates as it is, and assumes nothing it has not been told:
whether the plan takes after-tax contributions and both conversion routes
start as unknown (silence in a document is not "no"), so an unedited template
is "undetermined" (MBR106) until someone has read the answers in the plan's
documents. Optional fields are present as
comments with an example value.
"""

from __future__ import annotations

import shlex

from megaroth.engine.money.limits import known_years
from megaroth.engine.reading.display import encodable, invisible_names, printable

DOCUMENT_NOTES = {
    "individually_designed": (
        "A plan document written for this employer (large employers). The SPD and the plan\n"
        "  # document itself are the sources; the recordkeeper's website often lags them."
    ),
    "pre_approved": (
        "A provider's pre-approved (volume submitter or prototype) document for an employer with\n"
        "  # staff. After-tax contributions and in-plan conversion are elections in its adoption\n"
        "  # agreement, so read the agreement's checkboxes as well as the SPD."
    ),
    "solo_prototype": (
        "A brokerage's standard one-participant 401(k). Standard solo documents do not permit\n"
        "  # after-tax contributions: if this plan says it does, megaroth reports MBR103."
    ),
    "solo_custom": (
        "A customized or third-party one-participant 401(k) document. These can permit after-tax\n"
        "  # contributions and in-plan conversion; a one-participant plan has no ACP test."
    ),
}

_TEMPLATE = """\
# megaroth plan file: one 401(k) plan as its Summary Plan Description (SPD) describes it.
#
# Answer each field from the SPD, the plan document (adoption agreement), or the
# recordkeeper, then run:   {check}
# `megaroth schema` prints the whole format; `megaroth rules` lists what is checked.
#
# This template is valid as it is, and assumes nothing: whether the plan takes after-tax
# contributions and both conversion routes start as unknown, so it reports "undetermined"
# (MBR106) until you have read the answers in the plan's documents and written them below.
# Lines starting with # are optional fields: remove the # to use one.

megaroth: 1  # the format version of this file; always 1

plan:
  # The plan's name as the SPD gives it (its cover page, or "Name of the plan").
  name: Example Company 401(k) Plan
  # The employer that sponsors the plan ("Plan sponsor", "Employer").
  # sponsor: Example Company, Inc.
  # The plan year whose IRS limits apply. megaroth has the limits for {years};
  # a year it does not carry is reported (MBR301), never guessed; add one with --limits FILE.
  year: {year}
  # The kind of plan document: individually_designed | pre_approved | solo_prototype | solo_custom.
  # {document_note}
  document: {document}
  # The recordkeeper or provider (Fidelity, Vanguard, Empower, ...).
  # provider: Example Recordkeeper
  # Where the answers in this file were read, so that the next reader can check them.
  # source: SPD dated {year}-01-01, section 4 "Contributions"

contributions:
  # Pre-tax elective deferrals. SPD wording: "pre-tax contributions", "before-tax deferrals",
  # "elective deferrals".
  pretax: true
  # Designated Roth deferrals. SPD wording: "Roth 401(k) contributions", "designated Roth
  # contributions", "Roth elective deferrals". They share the §402(g) limit with pre-tax
  # deferrals, so they are NOT the after-tax source below; a plan needs them for 2026
  # catch-ups of higher earners (MBR206) and always for in-plan Roth conversion
  # (§402A(c)(4)(A), MBR108). Write unknown for a yes/no the plan's documents do not answer
  # (here, and for allowed, available, automatic, split_earnings, separate_account): megaroth
  # then names the question to ask (MBR106, MBR109-MBR111), never guessing the answer.
  roth: true
  # Age-50+ catch-up contributions ("catch-up contributions"). Leave out to mean true.
  # catch_up: true
  after_tax:
    # The Mega Backdoor Roth source: after-tax (non-Roth) employee contributions, above the
    # §402(g) deferral limit and up to the §415(c) limit. SPD wording to look for:
    # "voluntary after-tax contributions", "post-86 employee contributions", "employee
    # after-tax contributions", "after-tax savings". true when the SPD offers it, false when it
    # says the plan does not (or its list of sources leaves it out), unknown until then.
    allowed: unknown
    # The SPD's own words for this source, quoted. If they name Roth, megaroth says so (MBR201):
    # "Roth after-tax" usually means Roth 401(k) deferrals, which are not this source.
    # wording: voluntary after-tax contributions
    # The plan's cap on after-tax contributions, as a percent of pay (10 means 10%).
    # Leave out when the plan has none.
    # max_percent: 10
    # A cap in dollars a year ("up to $20,000 of after-tax contributions"), and a separate,
    # usually lower, percent for highly compensated employees (participants with hce: true).
    # max_dollars: 20000
    # hce_max_percent: 6
    # Spillover: deferral elections above the §402(g) limit continue as after-tax money
    # ("excess deferrals are automatically recharacterized / spill over to after-tax").
    # spillover: true
    # After-tax money is kept in its own sub-account with its basis tracked (§72(d)). In the
    # SPD: "after-tax contribution account", "employee contribution account". Write true or
    # false when the SPD says; leave it out when it does not (megaroth then warns, MBR203).
    # separate_account: true
  # A cap on deferrals and after-tax together, as a percent of pay ("you may contribute up to
  # 75% of your pay in total"). Leave out when the plan has none.
  # employee_max_percent: 75

# Employer contributions; leave the whole section out when there are none.
# employer:
#   match:
#     # Match tiers in order. SPD wording: "matching contribution", "we match 100% of the first
#     # 3% of pay you contribute and 50% of the next 2%" is the two tiers below.
#     tiers:
#       - rate: 100               # percent of the deferral matched in this tier
#         up_to: 3                # percent of pay the tier covers, after the tiers before it
#       - rate: 50
#         up_to: 2
#     # A dollar cap on the year's match ("up to $5,000 a year").
#     max: 5000
#     # The plan "trues up" the match after year end, so front-loading deferrals loses no match.
#     true_up: true
#     # After-tax contributions are matched too (rare; "matching contributions on after-tax"):
#     # the match then counts deferrals plus after-tax, and the room is solved with it.
#     on_after_tax: false
#   # Nonelective ("non-matching", "safe harbor nonelective", "employer basic") contribution,
#   # as a percent of pay. For a sole proprietor or partner this plus profit sharing is the
#   # plan's rate on earned income: 25 is the "25% of compensation" formula.
#   nonelective: 3
#   # Profit-sharing contribution, as a percent of pay ("discretionary profit sharing").
#   profit_sharing: 5

conversion:
  # In-plan Roth conversion: after-tax money becomes Roth money inside the plan. SPD wording:
  # "in-plan Roth rollover", "in-plan Roth conversion", "Roth in-plan conversion", "IRR".
  in_plan:
    available: unknown
    # The plan converts new after-tax money by itself ("automatic", "sweep"), without a request.
    # automatic: true
    # How often: automatic daily | per_pay_period | monthly | quarterly | annually;
    # on request any_time | monthly | quarterly | annually.
    # frequency: daily
  # In-service withdrawal of after-tax money, rolled over to a Roth IRA while still employed.
  # SPD wording: "in-service withdrawal", "in-service distribution", "withdrawal of after-tax
  # contributions while employed".
  in_service:
    available: unknown
    # Withdrawals allowed per year ("one in-service withdrawal per plan year" is 1).
    # Leave out when the SPD sets no limit.
    # per_year: 4
    # The plan pays basis to a Roth IRA and earnings to a traditional IRA in one distribution
    # (IRS Notice 2014-54 split). Leave out when the SPD or recordkeeper does not say.
    # split_earnings: true

testing:
  # A safe-harbor design. This does not exempt after-tax contributions from the ACP test.
  # safe_harbor: false
  # The last ACP (§401(m)) nondiscrimination test: passing | failing | unknown. Ask the plan
  # administrator; a failing test refunds highly compensated employees' after-tax money.
  acp: unknown

# Participants to compute the after-tax room for, each its own scenario.
# participants:
#   - name: example-150k          # a label for this scenario
#     salary: 150000              # annual pay (compensation) in dollars
#     age: 40                     # age at the end of the plan year
#     deferral: max               # pre-tax plus Roth deferrals in dollars, or max
#     hce: true                   # a highly compensated employee (§414(q))
#     state: CA                   # state of residence, two capital letters
#     other_plan_deferrals: 0     # deferred at another employer's plan this year
#     pay_periods: 26             # 12, 24, 26, 27 or 52
#     compensation: 150000        # this year's pay actually received, if not the salary (mid-year)
#     paychecks_paid: 7           # or: the paychecks paid this year (hired October 1: 7 of 26)
#     prior_year_wages: 140000    # last year's W-2 box 3 wages here (2026 Roth catch-up rule)
#   - name: owner                 # a sole proprietor or partner: net earnings, no salary
#     net_se_earnings: 150000     # Schedule C or K-1 net earnings from self-employment
#     age: 52
#     deferral: max

# Findings the plan accepts, each with a reason (required) and an optional end date.
# An expired waiver stops applying (MBR002); one that waives nothing is reported (MBR003).
# waivers:
#   - rule: MBR205
#     reason: The plan administrator confirmed the {year} ACP test passed; report due in March.
#     expires: {next_year}-03-31
"""


class TemplatePathError(ValueError):
    """A path the template cannot be written to and then checked."""


def check_path(path: str) -> None:
    """Refuse a name holding a control or invisible character.

    The template quotes its own name in a comment (``megaroth check NAME``),
    and `megaroth check` refuses a file holding a control character: the
    template would be refused as written. An ESC in a name is a mistake or a
    trick, never a plan's name.
    """
    shown = encodable(path)  # a name that is not UTF-8 is fine: it is quoted with U+FFFD
    if printable(shown) != shown:
        raise TemplatePathError(
            f"{printable(shown)}: cannot write the template under this name{invisible_names(shown)}: "
            "the template quotes its own name, and `megaroth check` would refuse it"
        )


def check_command(path: str) -> str:
    """The command that checks ``path``, as a shell reads it: quoted, and never taken for an option."""
    shown = encodable(path)
    return f"megaroth check {shlex.quote('./' + shown if shown.startswith('-') else shown)}"


def render(document: str, path: str = "plan.yaml") -> str:
    """The commented template for a plan of this document kind, for the latest year with limits."""
    years = known_years()
    year = years[-1]
    return _TEMPLATE.format(
        check=check_command(" ".join(path.splitlines())),  # a comment line must stay one line
        year=year,
        next_year=year + 1,
        years=", ".join(str(known) for known in years),
        document=document,
        document_note=DOCUMENT_NOTES[document],
    )
