"""``trialparse DIR --format parquet --workers N``: wall and CPU time with 1 and 2 workers.

The input is the fixture pages and the world corpus, each four times (1,544 pages), copied to
a temporary directory. Runs alternate between the two settings (``--rounds`` each, median
kept). CPU is the command's own plus its workers' (``RUSAGE_CHILDREN``): the machine's load
inflates wall time far more than CPU time, so the ratio of CPU seconds (two workers sharing
the work evenly) is printed as well. Run from the repository root:

    python benchmarks/parquet_workers.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = (ROOT / "fixtures" / "pages", ROOT / "benchmarks" / "data" / "world")
COPIES = 4


def build_input(directory: Path) -> int:
    """Copy every page ``COPIES`` times into ``directory``; the number of pages."""
    count = 0
    for copy in range(COPIES):
        for source in SOURCES:
            for page in sorted(source.glob("*.txt")):
                shutil.copyfile(page, directory / f"r{copy}-{page.name}")
                count += 1
    return count


def run(pages: Path, out: Path, workers: int) -> tuple[float, float]:
    """Wall seconds and CPU seconds (the command and its workers) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    argv = [sys.executable, "-m", "trialparse", str(pages), "--format", "parquet", "--workers", str(workers), "-o", str(out)]
    subprocess.run(argv, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3, help="runs per setting, interleaved (default 3)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        pages = Path(tmp, "pages")
        pages.mkdir()
        count = build_input(pages)
        runs: dict[int, list[tuple[float, float]]] = {1: [], 2: []}
        for round_ in range(args.rounds):
            for workers in (1, 2) if round_ % 2 == 0 else (2, 1):
                runs[workers].append(run(pages, Path(tmp, f"out{workers}"), workers))
    wall = {w: statistics.median(r[0] for r in rs) for w, rs in runs.items()}
    cpu = {w: statistics.median(r[1] for r in rs) for w, rs in runs.items()}
    print(f"{count} pages, median of {args.rounds} runs each")
    for workers in (1, 2):
        print(f"  workers={workers}  wall {wall[workers]:.2f} s  CPU {cpu[workers]:.2f} s")
    print(f"  2 workers / 1: {wall[1] / wall[2]:.2f}x wall; {cpu[1] / (cpu[2] / 2):.2f}x from CPU time, the work shared evenly")


if __name__ == "__main__":
    main()
