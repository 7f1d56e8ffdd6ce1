"""``trialparse FILE... [-o OUT] [--strict] [--workers N]``: JSON Lines, one object per input."""

from __future__ import annotations

import argparse
import collections
import json
import sys
from collections.abc import Iterator, Sequence
from typing import TextIO

from trialparse.model import Severity
from trialparse.pipeline import parse_many

__all__ = ["main"]


def _build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="trialparse",
        description='Parse clinical-trial listing pages into JSON Lines (one object per input, with a "source" key).',
        epilog="Exit status: 0 all inputs parsed, 1 an input was unreadable or failed in --strict mode, 2 usage error.",
    )
    p.add_argument("files", nargs="+", metavar="FILE", help='listing page(s) as UTF-8 text; "-" reads standard input')
    p.add_argument("-o", "--output", metavar="OUT", help="write JSON Lines here instead of standard output")
    p.add_argument("--strict", action="store_true", help="an input with an ERROR issue fails (reported on stderr, exit 1)")
    p.add_argument("--workers", type=int, default=1, metavar="N", help="parse with N processes (default 1)")
    return p


def _read(name: str) -> str:
    if name == "-":
        return sys.stdin.buffer.read().decode("utf-8")
    with open(name, "rb") as fh:
        return fh.read().decode("utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``trialparse`` command; returns the exit status."""
    args = _build_parser().parse_args(argv)
    if args.workers < 1:
        _build_parser().error("--workers must be at least 1")
    status = 0
    names: collections.deque[str] = collections.deque()

    def texts() -> Iterator[str]:
        nonlocal status
        for name in args.files:
            try:
                text = _read(name)
            except (OSError, UnicodeDecodeError) as err:
                print(f"trialparse: {name}: cannot read: {err}", file=sys.stderr)
                status = 1
                continue
            names.append(name)
            yield text

    out: TextIO = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout  # noqa: SIM115
    total = len(args.files)
    progress = sys.stderr.isatty() and total > 1
    try:
        for n, listing in enumerate(parse_many(texts(), workers=args.workers), start=1):
            name = names.popleft()
            errors = [i for i in listing.issues if i.severity is Severity.ERROR]
            if progress:
                print(f"\r[{n}/{total}]", end="", file=sys.stderr, flush=True)
            if args.strict and errors:
                print(f"trialparse: {name}: {len(errors)} error(s); first: {errors[0].message}", file=sys.stderr)
                status = 1
                continue
            body = listing.to_dict()
            assert isinstance(body, dict)
            out.write(json.dumps({"source": name, **body}) + "\n")
    finally:
        if progress:
            print(file=sys.stderr)
        if out is not sys.stdout:
            out.close()
    return status


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
