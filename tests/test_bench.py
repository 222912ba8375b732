"""benchmarks/bench.py: what it measures is the command's, and the targets are judged right."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import pytest

from benchmarks.bench import Target, run_process

ALLOCATE = "import sys; block = bytearray(int(sys.argv[1]) * 2**20); block[::4096] = b'x' * len(block[::4096]); print('done')"


def test_peak_memory_is_the_commands_not_the_benchmarks(tmp_path: Path) -> None:
    # The test process holds 200 MiB: a child measured straight from it would report at least that.
    ballast = bytearray(200 * 2**20)
    ballast[::4096] = b"x" * len(ballast[::4096])
    small = run_process([sys.executable, "-c", ALLOCATE, "1"], tmp_path)
    large = run_process([sys.executable, "-c", ALLOCATE, "120"], tmp_path)
    assert small.max_rss_kib < 60 * 1024
    assert 120 * 1024 < large.max_rss_kib < 180 * 1024
    assert small.digest == hashlib.sha256(b"done\n").hexdigest()
    assert 0 < small.cpu_seconds and 0 < small.seconds < 10
    del ballast


def test_a_failing_command_stops_the_benchmark_with_its_error(tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match="failed with exit code 3:\nbroken"):
        run_process([sys.executable, "-c", "import sys; sys.stderr.write('broken'); sys.exit(3)"], tmp_path)
    assert run_process([sys.executable, "-c", "import sys; sys.exit(1)"], tmp_path, ok=(0, 1)).digest


def test_targets_judge_each_direction() -> None:
    assert Target("cold start", 249.0, 250, "ms", higher_is_better=False).met
    assert not Target("cold start", 251.0, 250, "ms", higher_is_better=False).met
    assert Target("speed-up", 1.7, 1.7, "x", higher_is_better=True).met
    assert not Target("speed-up", 1.69, 1.7, "x", higher_is_better=True).met


def test_the_formats_memory_table_gives_each_formats_growth() -> None:
    from benchmarks.formats_memory import table

    figures = {"text": {1_000: 31.7, 10_000: 38.3}, "json": {1_000: 58.7, 10_000: 312.2}}
    assert table(figures).splitlines() == [
        "| format | 1,000 files | 10,000 files | largest / smallest |",
        "|---|---:|---:|---:|",
        "| text | 31.7 MiB | 38.3 MiB | 1.21× |",  # 38.3 / 31.7 = 1.208
        "| json | 58.7 MiB | 312.2 MiB | 5.32× |",  # 312.2 / 58.7 = 5.319
    ]
