"""Per-page cost of sending a parsed listing back from a ``parse_many`` helper (``_transport``).

A script, not a test. From the repository root:

    python benchmarks/transport.py                    # this tree's _transport
    python benchmarks/transport.py --against main     # interleaved with main's _transport

Over the benchmark corpus (``fixtures/pages/*.txt`` in name order, then
``fixtures/NCT06115902.txt``), each page is parsed once, then timed ``--reps`` times per side:
what the helper adds (``pack`` + ``pickle.dumps``) and what the calling process adds to take
it back (``pickle.loads`` + ``unpack``); ``dumps`` / ``loads`` instead of pickle for a
``_transport`` that has them. Printed: the median over pages of each page's median,
and the sum of those medians over the corpus.

With ``--against REV`` the ``_transport`` module of git revision ``REV`` is loaded beside this
tree's and the two are timed alternately, page by page and rep by rep: this host's speed drifts
by a third within minutes, and only interleaved figures can be compared. Both sides must
round-trip every page to a listing equal to the parsed one, or the script stops.
"""

from __future__ import annotations

import argparse
import functools
import importlib.util
import pickle
import statistics
import subprocess
import sys
import time
import types
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Final

from trialparse import _transport
from trialparse.pipeline import _parse

REPO_ROOT: Final = Path(__file__).resolve().parent.parent


def corpus() -> list[str]:
    """The benchmark corpus, bytes decoded as they are (CRLF and CR pages stay so)."""
    paths = [*sorted((REPO_ROOT / "fixtures" / "pages").glob("*.txt")), REPO_ROOT / "fixtures" / "NCT06115902.txt"]
    return [p.read_bytes().decode("utf-8") for p in paths]


def load_revision(rev: str) -> types.ModuleType:
    """``trialparse._transport`` as it is at ``rev``, loaded under another name."""
    source = subprocess.run(
        ["git", "show", f"{rev}:src/trialparse/_transport.py"], cwd=REPO_ROOT, capture_output=True, text=True, check=True
    ).stdout
    spec = importlib.util.spec_from_loader(f"_transport_at_{rev}", loader=None)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    exec(compile(source, f"{rev}:_transport.py", "exec"), module.__dict__)  # our own file, as it was at rev
    return module


# pack, to bytes, from bytes, unpack
Side = tuple[Callable[..., Any], Callable[[Any], bytes], Callable[[bytes], Any], Callable[[Any, str], Any]]


def side(module: types.ModuleType) -> Side:
    """A ``_transport`` module's way there and back for one page: its own ``dumps`` and
    ``loads`` where it has them (a list of packed listings), pickle before it had them."""
    if hasattr(module, "dumps"):
        dumps, loads = module.dumps, module.loads
        return module.pack, lambda p: dumps([p]), lambda b: loads(b)[0], module.unpack
    return (
        module.pack,
        functools.partial(pickle.dumps, protocol=pickle.HIGHEST_PROTOCOL),
        pickle.loads,
        module.unpack,
    )


def time_page(text: str, sides: Sequence[Side], reps: int) -> list[tuple[float, float]]:
    """Per side: the median ns of pack + dumps and of loads + unpack for one page."""
    listing, doc, raws = _parse(text, False, True)
    value = None if doc.value is text else doc.value
    bodies = [(r.body_start, r.body_end) for r in raws]
    for pack, dumps, loads, unpack in sides:  # each side must give back what parse gives (and warm up)
        if unpack(loads(dumps(pack(listing, value, bodies))), text) != listing:
            sys.exit(f"{pack.__module__}: the round trip differs from parse() on a page")
    out: list[list[int]] = [[] for _ in sides]
    back: list[list[int]] = [[] for _ in sides]
    clock = time.perf_counter_ns
    for rep in range(reps):
        order = range(len(sides)) if rep % 2 == 0 else reversed(range(len(sides)))
        for i in order:
            pack, dumps, loads, unpack = sides[i]
            t0 = clock()
            blob = dumps(pack(listing, value, bodies))
            t1 = clock()
            unpack(loads(blob), text)
            t2 = clock()
            out[i].append(t1 - t0)
            back[i].append(t2 - t1)
    return [(statistics.median(o), statistics.median(b)) for o, b in zip(out, back, strict=True)]


def main(argv: Sequence[str] | None = None) -> int:
    """Time every page, print medians and sums per side."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--against", metavar="REV", help="also time _transport of this git revision, interleaved")
    ap.add_argument("--reps", type=int, default=41, help="timed round trips per page and side (default 41)")
    args = ap.parse_args(argv)
    names = ["this tree"]
    sides: list[Side] = [side(_transport)]
    if args.against:
        old = load_revision(args.against)
        names.append(args.against)
        sides.append(side(old))
    per_page = [time_page(text, sides, args.reps) for text in corpus()]
    print(f"{len(per_page)} pages, {args.reps} reps each; median over pages (sum over the corpus) in µs")
    for i, name in enumerate(names):
        out = [p[i][0] for p in per_page]
        back = [p[i][1] for p in per_page]
        print(
            f"  {name:>12}: pack + dumps {statistics.median(out) / 1e3:6.1f} ({sum(out) / 1e3:7.0f})"
            f"   loads + unpack {statistics.median(back) / 1e3:6.1f} ({sum(back) / 1e3:7.0f})"
        )
    if len(names) == 2:
        ratios = [p[0][1] / p[1][1] for p in per_page]
        print(f"  loads + unpack, this tree / {names[1]} per page: median {statistics.median(ratios):.3f}")
        ratios = [p[0][0] / p[1][0] for p in per_page]
        print(f"  pack + dumps, this tree / {names[1]} per page: median {statistics.median(ratios):.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
