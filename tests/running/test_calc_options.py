"""The calculator's options turned into an engine call: defaults, refused combinations, the plan's terms."""

from __future__ import annotations

from pathlib import Path

from fractions import Fraction

import pytest

from megaroth.engine.deciding.plan_input import InputError
from megaroth.engine.money.calculator import Person
from megaroth.engine.money.headroom import EmployerFormula
from megaroth.engine.running.calc_options import OptionError, headroom_run, person, projection_run, scenario

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
SEED = {"year": 2025, "salary": 200_000, "match": ((100, 5),)}


def test_flags_make_the_plan_terms_with_the_defaults():
    made = scenario({"year": 2025, "match": ((100, 3), (50, 2)), "match_cap": 5000, "nonelective": 3})
    assert made.limits.year == 2025 and made.data is None
    assert made.terms.formula == EmployerFormula(match_tiers=((100, 3), (50, 2)), match_cap=5000, nonelective=3)
    assert (made.terms.roth, made.terms.solo, made.terms.true_up) == (True, False, None)
    assert scenario({"year": 2025, "roth": False, "solo": True, "true_up": True}).terms.roth is False


def test_plan_file_refuses_plan_flags():
    with pytest.raises(OptionError) as caught:
        scenario({"plan_file": str(SAMPLES / "participants-2025.yaml"), "match": ((100, 4),), "roth": False})
    assert str(caught.value) == "--plan takes the plan's terms from the file; leave out --match, --roth"


def test_plan_file_gives_its_year_and_data():
    made = scenario({"plan_file": str(SAMPLES / "manual-conversion-monthly.yaml")})
    assert made.data is not None and made.limits.year == made.data["plan"]["year"]


def test_year_is_required_without_a_plan_file():
    with pytest.raises(InputError) as caught:
        scenario({})
    assert caught.value.lines == ["--year is required (or --plan FILE, whose plan year is used)"]
    assert caught.value.in_file is False


def test_person_defaults():
    assert person({"salary": 100_000}) == Person(salary=100_000, age=None, deferral="max", other_plan_deferrals=0, pay_periods=26)
    assert person({"salary": 1, "deferral": 5000, "pay_periods": "52", "age": 55}) == Person(1, 55, 5000, 0, 52)
    with pytest.raises(OptionError) as caught:
        person({})
    assert str(caught.value) == "--salary is required (or --net-se-earnings for a sole proprietor or partner)"


def test_person_for_a_mid_year_hire_and_a_sole_proprietor():
    # A hire with 7 of 26 paychecks at a 60,000 rate is paid 60,000 × 7 / 26 = 16,153.846..., rounded down
    # to the cent: 16,153.84 of §415(c)(3) compensation this year.
    hire = person({"salary": 60_000, "paychecks_paid": 7})
    assert (hire.compensation, hire.pay_received, hire.paychecks) == (None, Fraction(1_615_384, 100), 7)
    owner = person({"net_se_earnings": 150_000, "solo": True})
    assert (owner.salary, owner.net_se_earnings, owner.self_employed) == (0, 150_000, True)
    for options, message in (
        ({"salary": 1, "net_se_earnings": 1}, "give --salary (W-2 pay) or --net-se-earnings (a sole proprietor or partner), not both"),
        ({"salary": 1, "compensation": 1, "paychecks_paid": 2}, "give --compensation or --paychecks-paid (which works it out from the salary), not both"),
        ({"salary": 1, "paychecks_paid": 27}, "--paychecks-paid 27 is more than the 26 pay periods"),
        ({"net_se_earnings": 1, "compensation": 1}, "--compensation is pay from an employer; with --net-se-earnings give the year's net earnings"),
    ):
        with pytest.raises(OptionError) as caught:
            person(options)
        assert str(caught.value) == message


def test_headroom_run_the_guides_example():
    run = headroom_run(SEED)
    assert run.plan is None
    assert run.result.headroom.after_tax_room == 36_500


def test_headroom_year_to_date_needs_periods_left():
    with pytest.raises(OptionError) as caught:
        headroom_run({**SEED, "ytd_employer": 100, "election": 5})
    assert str(caught.value) == "--ytd-employer plans the rest of the year: add --periods-left"


def test_headroom_planner_error_is_an_option_error():
    with pytest.raises(OptionError) as caught:
        headroom_run({**SEED, "periods_left": 30})
    assert str(caught.value).startswith("paychecks left must be from 1 to the year's 26")


def test_headroom_plans_the_rest_of_the_year():
    run = headroom_run({**SEED, "periods_left": 10, "ytd_after_tax": 22_448})
    assert run.plan is not None and (run.plan.each, run.plan.last) == (1_405, 1_407)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"amount": 1000, "salary": 100_000}, "give either --amount or --salary (to compute the room), not both"),
        ({"amount": 1000, "force": True}, "--force goes with --chart FILE"),
    ],
)
def test_projection_refuses(options, message):
    with pytest.raises(OptionError) as caught:
        projection_run({"year": 2025, "years": 2, **options})
    assert str(caught.value) == message


def test_projection_defaults_to_seven_percent():
    run = projection_run({"year": 2025, "years": 20, "amount": 36_500})
    assert run.chart is None
    assert run.report.projection.rows[19].one_contribution == 141_243


PARTICIPANTS = str(SAMPLES / "participants-2025.yaml")


def test_participant_comes_from_the_plan_file():
    # second-job: 130,000, age 45, deferral max, 10,000 deferred elsewhere, 24 paychecks (the sample's header:
    # room 50,000 = 70,000 − (23,500 − 10,000) − 5% × 130,000)
    run = headroom_run({"plan_file": PARTICIPANTS, "participant": "second-job"})
    assert run.participant == "second-job"
    assert run.result.person == Person(salary=130_000, age=45, deferral="max", other_plan_deferrals=10_000, pay_periods=24)
    assert (run.result.headroom.deferral, run.result.headroom.match, run.result.headroom.after_tax_room) == (13_500, 6_500, 50_000)


def test_participant_not_in_the_file_names_the_file_and_its_participants():
    with pytest.raises(InputError) as caught:
        headroom_run({"plan_file": PARTICIPANTS, "participant": "bob"})
    assert caught.value.lines == [
        f"{PARTICIPANTS}: no participant named 'bob'; its participants are 'example-200k', 'late-career-61', "
        "'pittsburgh-pa', 'second-job', 'new-hire-3pct', 'support-40k'"
    ]


def test_participant_in_a_plan_without_participants():
    plan = str(SAMPLES / "manual-conversion-monthly.yaml")
    with pytest.raises(InputError) as caught:
        headroom_run({"plan_file": plan, "participant": "bob"})
    assert caught.value.lines == [f"{plan}: no participant named 'bob'; it has no participants"]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"year": 2025, "participant": "x"}, "--participant NAME takes a participant from a plan file: add --plan FILE"),
        (
            {"plan_file": PARTICIPANTS, "participant": "second-job", "salary": 1, "pay_periods": "26"},
            "--participant takes the participant's pay, age and deferrals from the plan file; leave out --salary, --pay-periods",
        ),
    ],
)
def test_participant_refuses(options, message):
    with pytest.raises(OptionError) as caught:
        headroom_run(options)
    assert str(caught.value) == message


def test_participant_with_year_to_date_plans_the_rest_of_their_year():
    # second-job's 50,000 over the 12 of 24 paychecks left, nothing in yet: 50,000 / 12 = 4,166.67 → 4,166 × 11
    # = 45,826, last 50,000 − 45,826 = 4,174
    run = headroom_run({"plan_file": PARTICIPANTS, "participant": "second-job", "periods_left": 12})
    assert run.plan is not None and (run.plan.each, run.plan.last) == (4_166, 4_174)


def test_participant_without_a_plan_is_refused_before_the_year_is_asked_for():
    with pytest.raises(OptionError) as caught:
        headroom_run({"participant": "x"})
    assert str(caught.value) == "--participant NAME takes a participant from a plan file: add --plan FILE"


def test_two_participants_of_one_name_are_refused(tmp_path: Path):
    text = (SAMPLES / "participants-2025.yaml").read_text(encoding="utf-8").replace("name: pittsburgh-pa", "name: second-job")
    plan = tmp_path / "plan.yaml"
    plan.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        headroom_run({"plan_file": str(plan), "participant": "second-job"})
    assert caught.value.lines == [f"{plan}: 2 participants are named 'second-job'; give each its own name"]
