"""`check` and `headroom --plan FILE --participant NAME` give the same numbers for the same participant.

Both build the participant through facts.participant_person and compute through
calculator.headroom_for; this property holds them to it over generated plans
and participants (any match, caps, years with limits, second jobs, catch-ups).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from megaroth.engine.deciding.plan_input import InputError
from megaroth.engine.money.limits import known_years
from megaroth.engine.running.calc_options import headroom_run
from plan_overlay import check, dump
from strategies import participants, plans


@st.composite
def plans_with_participants(draw):
    data = draw(plans())
    data["plan"]["year"] = draw(st.sampled_from(known_years()))
    people = draw(st.lists(participants(), min_size=1, max_size=3, unique_by=lambda person: person["name"]))
    data["participants"] = people
    return data


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans_with_participants())
def test_check_and_headroom_agree_on_every_participant(data):
    result = check(data)
    checked = {computed.name: computed.headroom for computed in result.participants}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plan.yaml"
        path.write_text(dump(data), encoding="utf-8")
        for person in data["participants"]:
            name = person["name"]
            if name not in checked:
                # check computed no room (MBR112: a suspect percent, or an unknown answer that changes the
                # numbers), so headroom refuses the same inputs rather than print numbers check would not.
                with pytest.raises(InputError, match=r"looks like a fraction \(MBR001\)|is unknown, and the calculator needs"):
                    headroom_run({"plan_file": str(path), "participant": name})
                continue
            run = headroom_run({"plan_file": str(path), "participant": name})
            computed = run.result.headroom
            year = checked[name]
            assert (computed.after_tax_room, computed.employer_total, computed.deferral, computed.deferral_total) == (
                year.after_tax_room,
                year.employer_total,
                year.deferral,
                year.deferral_total,
            )
            assert computed == year  # every line of the table, the paycheck split included
            assert run.participant == name
