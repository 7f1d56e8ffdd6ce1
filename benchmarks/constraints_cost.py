"""Time the constraint extractor alone over criteria lines: microseconds per KB of criteria text.

    python benchmarks/constraints_cost.py                       # lines of fixtures/pages/*.txt
    python benchmarks/constraints_cost.py CORPUS.json           # API v2 records' eligibilityCriteria
    python benchmarks/constraints_cost.py --module trialparse.constraints CORPUS.json

Each line is read the way the criteria reader reads it, ``extract(text, line_start, line_end)``;
the best of ``--rounds`` passes is reported, with the cyclic collector paused. A fresh process's
first call (pattern compilation included) is reported too.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import json
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"


def _texts(corpus: str | None) -> list[str]:
    if corpus is None:
        return [p.read_bytes().decode("utf-8") for p in sorted(PAGES.glob("*.txt"))]
    records = json.loads(Path(corpus).read_bytes().decode("utf-8"))
    return [r["protocolSection"]["eligibilityModule"]["eligibilityCriteria"] for r in records]


def _lines(texts: Sequence[str]) -> list[tuple[str, int, int]]:
    out = []
    for text in texts:
        pos = 0
        for line in text.split("\n"):
            if line.strip():
                out.append((text, pos, pos + len(line)))
            pos += len(line) + 1
    return out


def _pass(extract: Callable[[str, int, int], Any], lines: Sequence[tuple[str, int, int]]) -> float:
    gc.collect()
    gc.disable()
    try:
        t0 = time.perf_counter()
        for text, a, b in lines:
            extract(text, a, b)
        return time.perf_counter() - t0
    finally:
        gc.enable()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?")
    parser.add_argument("--module", default="trialparse.constraints")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    lines = _lines(_texts(args.corpus))
    t0 = time.perf_counter()
    module = importlib.import_module(args.module)
    extract = module.extract_constraints
    first = [line for line in lines[:200] if any(ch.isdigit() for ch in line[0][line[1] : line[2]])][:30]
    _pass(extract, first)
    t_first = time.perf_counter() - t0
    kb = sum(b - a for _, a, b in lines) / 1024
    best = min(_pass(extract, lines) for _ in range(args.rounds))
    found = sum(len(extract(t, a, b)) for t, a, b in lines)
    print(f"{args.module}: {len(lines)} lines, {kb:.0f} KB, {found} constraints")
    print(f"  import + first 30 lines with digits: {t_first * 1000:.1f} ms")
    print(f"  best of {args.rounds}: {best:.3f} s, {best * 1e6 / kb:.1f} us/KB")


if __name__ == "__main__":
    main()
