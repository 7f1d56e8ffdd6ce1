"""Time the constraint extractor alone over criteria lines: microseconds per KB of criteria text.

    python benchmarks/constraints_cost.py                       # lines of fixtures/pages/*.txt
    python benchmarks/constraints_cost.py CORPUS.json           # API v2 records' eligibilityCriteria
    python benchmarks/constraints_cost.py --module trialparse.constraints CORPUS.json
    PYTHONPATH=/tmp/old python benchmarks/constraints_cost.py --module trialparse.constraints \
        --module old_constraints --compare CORPUS.json     # two extractors, and their outputs

Each line is read the way the criteria reader reads it, ``extract(text, line_start, line_end)``;
the best of ``--rounds`` passes is reported, with the cyclic collector paused. A fresh process's
first call (pattern compilation included) is reported too. With several ``--module``s (a copy of
an older extractor on ``PYTHONPATH``, say) their passes are interleaved, so a load that comes and
goes on the machine weighs on each alike; ``--compare`` counts the lines where a module's
constraints differ from the first module's and prints the first few.
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

Extract = Callable[[str, int, int], Any]
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


def _fields(constraints: Sequence[Any]) -> list[tuple[object, ...]]:
    return [tuple(getattr(c, name) for name in c.__slots__) for c in constraints]


def _compare(extracts: Sequence[Extract], names: Sequence[str], lines: Sequence[tuple[str, int, int]]) -> None:
    for extract, name in zip(extracts[1:], names[1:], strict=True):
        differ = 0
        for text, a, b in lines:
            first, other = _fields(extracts[0](text, a, b)), _fields(extract(text, a, b))
            if first != other:
                differ += 1
                if differ <= 5:
                    print(f"  {text[a:b]!r}\n    {names[0]}: {first}\n    {name}: {other}")
        print(f"{name}: {differ} of {len(lines)} lines differ from {names[0]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?")
    parser.add_argument("--module", action="append", help="an extractor module (repeat to interleave several)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--compare", action="store_true", help="count the lines where the modules' outputs differ")
    args = parser.parse_args()
    names = args.module or ["trialparse.constraints"]
    lines = _lines(_texts(args.corpus))
    kb = sum(b - a for _, a, b in lines) / 1024
    first = [line for line in lines[:200] if any(ch.isdigit() for ch in line[0][line[1] : line[2]])][:30]
    extracts = []
    for name in names:
        t0 = time.perf_counter()
        extract = importlib.import_module(name).extract_constraints
        _pass(extract, first)
        print(f"{name}: import + first 30 lines with digits: {(time.perf_counter() - t0) * 1000:.1f} ms")
        extracts.append(extract)
    times: list[list[float]] = [[] for _ in names]
    for _ in range(args.rounds):
        for extract, spent in zip(extracts, times, strict=True):
            spent.append(_pass(extract, lines))
    for name, extract, spent in zip(names, extracts, times, strict=True):
        found = sum(len(extract(t, a, b)) for t, a, b in lines)
        print(f"{name}: {len(lines)} lines, {kb:.0f} KB, {found} constraints")
        print(f"  best of {args.rounds}: {min(spent):.3f} s, {min(spent) * 1e6 / kb:.1f} us/KB")
    if args.compare:
        _compare(extracts, names, lines)


if __name__ == "__main__":
    main()
