"""Properties over generated plans: valid ones check cleanly and deterministically, broken ones fail cleanly."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from megaroth.cli import main
from megaroth.engine.reading.loader import load_bytes
from megaroth.engine.reading.validation import validate
from plan_overlay import REPO, dump
from plan_overlay import TODAY as PINNED_DATE
from plan_strategies import plans

TODAY = ["--today", PINNED_DATE.isoformat()]
# MEGAROTH_PROPERTY_EXAMPLES=5000 searches harder than CI has time for. No
# deadline: compiling the rules on the first check and a loaded CI machine make
# single examples slow now and then; speed belongs to benchmarks/, not here.
PROPERTY = settings(
    max_examples=int(os.environ.get("MEGAROTH_PROPERTY_EXAMPLES", 200)),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def _check(raw: bytes, *options: str) -> Result:
    """megaroth check on a plan given on stdin."""
    return CliRunner().invoke(main, ["check", *TODAY, *options, "-"], input=raw)


def _assert_clean(result: Result) -> None:
    """A result or one clear error: never an exception, a traceback or an internal error."""
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    assert "internal error" not in result.output
    assert result.exit_code in (0, 1, 2)


@PROPERTY
@given(plans())
def test_a_valid_plan_checks_cleanly_and_the_same_every_time(plan: dict[str, Any]) -> None:
    raw = dump(plan).encode("utf-8")
    assert validate(plan) == []
    assert load_bytes(raw).data == plan  # the file means what the generator meant

    for options in ((), ("--format", "json")):
        first, second = _check(raw, *options), _check(raw, *options)
        _assert_clean(first)
        assert first.exit_code in (0, 1), first.output  # valid: never the invalid-file code
        assert first.stdout_bytes == second.stdout_bytes
        assert first.exit_code == second.exit_code
    report = json.loads(first.stdout)["files"][0]
    assert report["verdict"] != "invalid"
    assert [finding for finding in report["findings"] if finding["rule"] == "MBR000"] == []


# --- mutations ----------------------------------------------------------------

_JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)
# Fragments that mean something to YAML, to push the parser down its error paths.
_YAML_GARBAGE = st.sampled_from(
    [":", ": ", '"', "'", "\t", "- ", "&a ", "*a", "!!python/object/apply:os.system ", "!x ", "[", "]", "{", "}",
     "#", "\n", "\n---\n", "%YAML 1.1\n", "? ", "|", ">", ",", "\r", "\ufeff", "\x00", "\x85", "\u2028", "\xe9"]
)


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The path of every value under the root: dict keys and list indexes."""
    found = []
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, inner in items:
        found.append(path + (key,))
        found.extend(_paths(inner, path + (key,)))
    return found


def _parent(plan: Any, path: tuple[Any, ...]) -> Any:
    for key in path[:-1]:
        plan = plan[key]
    return plan


@st.composite
def mutated_plans(draw: st.DrawFn) -> bytes:
    """A valid plan broken one way: a key dropped, a value of the wrong type, garbage inserted, or cut short."""
    plan = draw(plans())
    kind = draw(st.sampled_from(["drop", "retype", "garbage", "yaml-garbage", "truncate"]))
    if kind in ("drop", "retype"):
        path = draw(st.sampled_from(_paths(plan)))
        parent = _parent(plan, path)
        if kind == "drop":
            del parent[path[-1]]
        else:
            parent[path[-1]] = draw(_JUNK)
        return dump(plan).encode("utf-8")
    raw = dump(plan).encode("utf-8")
    at = draw(st.integers(0, len(raw)))
    if kind == "truncate":
        return raw[:at]
    inserted = draw(st.binary(min_size=1, max_size=16)) if kind == "garbage" else draw(_YAML_GARBAGE).encode()
    return raw[:at] + inserted + raw[at:]


@PROPERTY
@given(mutated_plans())
def test_a_broken_plan_gives_a_result_or_one_clean_error(raw: bytes) -> None:
    text = _check(raw)
    report = _check(raw, "--format", "json")

    _assert_clean(text)
    _assert_clean(report)
    assert text.exit_code == report.exit_code
    files = json.loads(report.stdout)["files"]
    assert [file["path"] for file in files] == ["<stdin>"]
    if text.exit_code == 2:
        assert files[0]["verdict"] == "invalid"
        assert text.stdout.startswith("<stdin>")
        assert " error MBR000 " in text.stdout.splitlines()[0]


# --- determinism across processes -------------------------------------------------


@pytest.mark.slow
def test_output_does_not_depend_on_the_hash_seed() -> None:
    """Byte-identical output from two processes with different hash seeds, valid and invalid files alike.

    Within one process set and dict order is fixed; across processes it is
    not, so an iteration over a set would show up only here.
    """
    outputs = {}
    for seed in ("0", "4242"):
        environment = {**os.environ, "PYTHONHASHSEED": seed}
        for output_format in ("text", "json"):
            run = subprocess.run(
                [sys.executable, "-c", "from megaroth.cli import main; main()", "check", *TODAY, "--format", output_format,
                 "samples", "tests/hostile"],
                cwd=REPO,
                env=environment,
                capture_output=True,
                check=False,
            )
            assert run.returncode == 2, run.stderr  # tests/hostile holds invalid files
            outputs[seed, output_format] = run.stdout
    assert outputs["0", "text"] == outputs["4242", "text"]
    assert outputs["0", "json"] == outputs["4242", "json"]
    committed_cases = len(list((REPO / "tests" / "hostile").glob("*.yaml")))
    assert outputs["0", "text"].count(b" error MBR000 ") == committed_cases
