"""Peak memory of a check run in every output format, at 1,000 and 10,000 files: does it grow with the files?

Each report is written to stdout (the benchmark keeps it in a temporary file
and hashes it), with --jobs 1 so that one process holds the whole run; the
figure is that process's max RSS. A format that keeps every file's part in
memory until the end grows with the files; one that streams stays flat.

    python -m benchmarks.formats_memory            # 1,000 and 10,000 files
    python -m benchmarks.formats_memory 1000 20000

It prints a table (MiB, and the ratio of the largest run to the smallest) and
the JSON of the figures. Results are the machine's; see docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from benchmarks import corpus
from benchmarks.bench import megaroth_command, run_process

FORMATS = ("text", "json", "sarif", "junit", "github")


def measure(counts: list[int]) -> dict[str, dict[int, float]]:
    """Max RSS in MiB of ``megaroth check -j 1 -f FORMAT CORPUS/`` for each format and corpus size.

    The folder is named, as a CI job names it (10,000 paths on the command
    line cost memory of their own, whatever the format).
    """
    figures: dict[str, dict[int, float]] = {fmt: {} for fmt in FORMATS}
    with tempfile.TemporaryDirectory(prefix="megaroth-formats-") as work:
        for count in sorted(counts):
            folder = Path(work) / f"plans-{count}"
            corpus.write(folder, count)  # the first files of a larger corpus are the smaller one
            for fmt in FORMATS:
                argv = [*megaroth_command(), "check", "-j", "1", "--today", "2026-11-28", "-f", fmt, str(folder)]
                run = run_process(argv, Path(work), ok=(0, 1, 2))
                figures[fmt][count] = round(run.max_rss_kib / 1024, 1)
    return figures


def table(figures: dict[str, dict[int, float]]) -> str:
    counts = sorted(next(iter(figures.values())))
    lines = ["| format | " + " | ".join(f"{count:,} files" for count in counts) + " | largest / smallest |"]
    lines.append("|---|" + "---:|" * (len(counts) + 1))
    for fmt, by_count in figures.items():
        cells = " | ".join(f"{by_count[count]:.1f} MiB" for count in counts)
        lines.append(f"| {fmt} | {cells} | {by_count[counts[-1]] / by_count[counts[0]]:.2f}× |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("counts", nargs="*", type=int, default=[1_000, 10_000])
    args = parser.parse_args(argv)
    figures = measure(args.counts)
    print(table(figures))
    print(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
