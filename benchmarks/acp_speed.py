"""How fast `megaroth acp` tests a large census, and whether its memory grows with the rows only.

Two seeded censuses of each size (every column the test reads, and a name
column it must skip): one that passes (the run computes the HCEs' headroom)
and one that fails (the run computes the correction: the level, the refunds
by dollar leveling, the QNEC). Each is tested as a whole process,
``megaroth acp CENSUS --year 2025``, in the text format (the test and its
findings) and in json (every row's figures and room line too), its output
hashed; the figures are the median wall and CPU seconds of a few runs and
the peak RSS.

    python -m benchmarks.acp_speed                 # 10,000 and 100,000 rows
    python -m benchmarks.acp_speed 100000 200000

The target (issue 13): 100,000 rows, test, correction and headroom, under
2 s on one core. Results are the machine's; see the README's census section.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
from pathlib import Path

from benchmarks.bench import Run, megaroth_command, run_process

HEADER = "id,name,compensation,prior_year_compensation,deferrals,after_tax,match,nonelective,profit_sharing,age\n"
TARGET_SECONDS = 2.0
# text: the test, its correction or headroom, and the findings; json: also every row's figures and room line.
FORMATS = ("text", "json")


def write_census(path: Path, rows: int, failing: bool, seed: int = 13) -> None:
    """A census of ``rows`` employees; about a third are HCEs (2024 pay above 155,000)."""
    pick = random.Random(seed)
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write(HEADER)
        for number in range(rows):
            pay = pick.randrange(3_000_000, 40_000_000)  # cents
            prior = pay * pick.randrange(85, 105) // 100
            deferrals = min(2_350_000, pay * pick.randrange(0, 12) // 100)
            hce = prior > 15_500_000
            share = pick.randrange(0, 20 if failing and hce else 5)
            match = min(pay, 35_000_000) * 4 // 100
            # After-tax money up to the employee's §415(c) room (2025: 70,000): a census of excesses is not typical.
            after_tax = min(pay * share // 100, 7_000_000 - deferrals - match) if pick.random() < 0.5 else 0
            age = pick.randrange(22, 67)
            out.write(f"E{number:06d},Person {number},{pay / 100:.2f},{prior / 100:.2f},{deferrals / 100:.2f},"
                      f"{after_tax / 100:.2f},{match / 100:.2f},0,0,{age}\n")


def measure(sizes: list[int], repeat: int) -> list[dict[str, object]]:
    figures = []
    with tempfile.TemporaryDirectory(prefix="megaroth-acp-") as work:
        for rows in sizes:
            for failing in (False, True):
                census = Path(work) / f"census-{rows}-{'fail' if failing else 'pass'}.csv"
                write_census(census, rows, failing)
                for fmt in FORMATS:
                    argv = [*megaroth_command(), "acp", str(census), "--year", "2025", "--format", fmt]
                    runs = [run_process(argv, ok=(0, 1)) for _ in range(repeat + 1)][1:]  # the first warms the cache
                    figures.append(_figures(rows, failing, fmt, runs, census))
    return figures


def _figures(rows: int, failing: bool, fmt: str, runs: list[Run], census: Path) -> dict[str, object]:
    return {
        "rows": rows,
        "format": fmt,
        "census": "failing (correction)" if failing else "passing (headroom)",
        "seconds": round(statistics.median(run.seconds for run in runs), 3),
        "cpu_seconds": round(statistics.median(run.cpu_seconds for run in runs), 3),
        "max_rss_mib": round(max(run.max_rss_kib for run in runs) / 1024, 1),
        "census_mib": round(census.stat().st_size / 2**20, 1),
    }


def table(figures: list[dict[str, object]]) -> str:
    lines = [f"{'rows':>8}  {'census':<22} {'format':<6} {'MiB':>6} {'wall s':>7} {'cpu s':>6} {'peak MiB':>9}"]
    for row in figures:
        lines.append(f"{row['rows']:>8,}  {row['census']:<22} {row['format']:<6} {row['census_mib']:>6} {row['seconds']:>7.2f} "
                     f"{row['cpu_seconds']:>6.2f} {row['max_rss_mib']:>9}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    figures = measure(args.sizes, args.repeat)
    print(table(figures))
    print(f"target: 100,000 rows under {TARGET_SECONDS} s")
    print(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
