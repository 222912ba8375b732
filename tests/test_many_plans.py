"""10,000 plans in one process: no state carried between documents, memory flat.

The bounds here are generous on purpose: they catch a leak (memory growing
with every document), not a regression of a few percent, which is what
benchmarks/ measures.
"""

from __future__ import annotations

import gc
import resource
import sys
import tracemalloc
from pathlib import Path

import durable_rules_engine
import pytest

from megaroth.engine.deciding.checker import check_bytes
from megaroth.engine.deciding.rules_engine import compiled
from plan_overlay import REPO, SAMPLES, TODAY

DOCUMENTS = 10_000
WARM_UP = 1_000
TRACED = 2_000


def _files(folder: Path) -> list[tuple[str, bytes]]:
    return [(path.name, path.read_bytes()) for path in sorted(folder.glob("*.yaml"))]


def _resident_bytes() -> int:
    """This process's resident memory now (Linux), or its peak where /proc is missing."""
    statm = Path("/proc/self/statm")
    if statm.exists():
        return int(statm.read_text().split()[1]) * resource.getpagesize()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


def _document(index: int, samples: list[tuple[str, bytes]], hostile: list[tuple[str, bytes]]) -> tuple[str, bytes]:
    """Document number ``index``: a sample renamed so no two are alike, and every tenth a hostile file."""
    if index % 10 == 9:
        return hostile[index // 10 % len(hostile)]
    name, raw = samples[index % len(samples)]
    return name, raw.replace(b"\n  name: ", b"\n  name: No. %d, " % index, 1)


@pytest.mark.slow
def test_ten_thousand_plans_in_one_process_leave_no_state_and_no_growth() -> None:
    samples, hostile = _files(SAMPLES), _files(REPO / "tests" / "hostile")
    engine = compiled()
    first = [check_bytes(raw, name, TODAY) for name, raw in samples + hostile]  # compiles the rules, fills caches
    first_session = engine._next_session + 1

    engine_runs = 0
    for index in range(DOCUMENTS):
        if index == WARM_UP:
            resident_before = _resident_bytes()
        if index == DOCUMENTS - TRACED:  # tracemalloc triples the cost: trace the last stretch only
            gc.collect()  # count what is kept, not garbage the collector has yet to reach
            tracemalloc.start()
            traced_before = tracemalloc.get_traced_memory()[0]
        name, raw = _document(index, samples, hostile)
        engine_runs += not check_bytes(raw, name, TODAY).invalid
    gc.collect()
    traced_growth = tracemalloc.get_traced_memory()[0] - traced_before
    tracemalloc.stop()
    resident_growth = _resident_bytes() - resident_before
    last = [check_bytes(raw, name, TODAY) for name, raw in samples + hostile]

    # No state between documents: each file's result after 10,000 others is what it was first.
    assert last == first
    # One durable-rules session per valid document, each deleted: a live one would answer get_state.
    sessions = range(first_session, engine._next_session + 1)
    assert engine_runs == 9_000
    assert len(sessions) == engine_runs + len(samples)
    for sid in sessions:
        with pytest.raises(durable_rules_engine.error, match="309"):
            durable_rules_engine.get_state(engine._handle, str(sid))
    # Flat memory. Python objects: a leak of 128 bytes a document passes the
    # bound. Resident memory (durable-rules' C heap included): 1 KB a document.
    assert traced_growth < 256 * 1024, f"Python heap grew {traced_growth:,} bytes over {TRACED:,} plans"
    assert resident_growth < 8 * 1024 * 1024, f"resident memory grew {resident_growth:,} bytes"
