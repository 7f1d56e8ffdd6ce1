"""The ``trialparse`` command (also ``python -m trialparse``): pages to JSON Lines or Parquet tables.

Inputs are read one at a time as they are parsed (directories and globs are walked lazily),
so memory stays bounded for any number of pages.
"""

from __future__ import annotations

import argparse
import collections
import glob
import importlib.util
import json
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Protocol, TextIO

import trialparse
from trialparse.batch import parse_many
from trialparse.files import READ_ERRORS, read_page, why_unreadable
from trialparse.model import SCHEMA_VERSION, Listing, Severity
from trialparse.review import ReviewEntry, review_entry, review_html, review_index
from trialparse.schema import json_schema

if TYPE_CHECKING:
    from trialparse.parts import PartReport

__all__ = ["PAGE_SUFFIXES", "expand_inputs", "main", "read_page"]

PAGE_SUFFIXES: Final = (".txt", ".txt.gz")
"""The file names a directory argument picks up."""

_GLOB_CHARS: Final = frozenset("*?[")
_PARQUET_BATCH: Final = 256  # listings per Parquet row group: bounded memory, few row groups

_DESCRIPTION: Final = """\
Parse clinical-trial listing pages (plain text) into typed records.

  jsonl    (default) one JSON object per input per line, with a "source" key naming
           the input; the objects follow the schema printed by --schema
  parquet  four tables in the -o directory: trials.parquet, criteria.parquet,
           sites.parquet and issues.parquet (needs: pip install 'trialparse[arrow]')
  html     a review page per input in the -o directory (the text with what was read
           highlighted at its spans) and an index.html with each page's counts"""

_EPILOG: Final = """\
examples:
  trialparse fixtures/NCT06115902.txt
  trialparse fixtures/pages -o listings.jsonl --summary
  trialparse 'fixtures/pages/*.txt' --format parquet -o tables/ --workers 4
  trialparse fixtures/pages --format html -o review/
  gzip -c fixtures/NCT06115902.txt | trialparse -
  trialparse --schema > listing.schema.json

exit status: 0 every input parsed; 1 an input could not be read or failed in --strict
mode (the others are still written); 2 usage error."""


def _build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="trialparse",
        description=_DESCRIPTION,
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "files",
        nargs="*",
        metavar="FILE",
        help="a page as UTF-8 text, gzip-compressed or not (.txt, .txt.gz); a directory (every .txt and .txt.gz "
        'file below it, in name order); a quoted glob ("pages/**/*.txt"); "-" reads standard input',
    )
    p.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="jsonl: the file to write (default: standard output); parquet, html: the directory to write into",
    )
    p.add_argument("--format", choices=("jsonl", "parquet", "html"), default="jsonl", help="output format (default: jsonl)")
    p.add_argument("--strict", action="store_true", help="an input with an ERROR issue fails: reported on stderr, not written")
    p.add_argument("--workers", type=int, default=1, metavar="N", help="parse with N processes (default: 1)")
    p.add_argument(
        "--no-constraints",
        dest="constraints",
        action="store_false",
        help="do not read constraints from the criteria (about a quarter faster)",
    )
    p.add_argument("--summary", action="store_true", help="at the end, print counts of listings, criteria and issues to stderr")
    p.add_argument("--schema", action="store_true", help="print the JSON Schema of the jsonl records and exit")
    version = f"trialparse {trialparse.__version__} (output schema_version {SCHEMA_VERSION})"
    p.add_argument("--version", action="version", version=version)
    return p


def _walk(directory: str) -> Iterator[str]:
    """Page files below ``directory``, listed lazily: a directory's files in name order, then its subdirectories."""
    for root, dirs, files in os.walk(directory):
        dirs.sort()
        for name in sorted(files):
            if name.endswith(PAGE_SUFFIXES):
                yield os.path.join(root, name)


def expand_inputs(arguments: Iterable[str]) -> Iterator[tuple[str, str | None]]:
    """``(name, problem)`` per input named by command-line arguments; ``problem`` is None when there is none.

    A directory gives every ``.txt`` / ``.txt.gz`` file below it, walked lazily (a
    directory's files in name order, then its subdirectories); an argument that is no
    existing path but holds ``*``, ``?`` or ``[`` is expanded as a glob (``**`` recursive),
    its matches in name order. ``"-"`` and other names are passed through; reading them is
    left to ``read_page``.

    >>> list(expand_inputs(["-", "no/such/*.txt"]))
    [('-', None), ('no/such/*.txt', 'no file matches this pattern')]
    """
    for arg in arguments:
        if arg == "-":
            yield arg, None
        elif os.path.isdir(arg):
            found = False
            for name in _walk(arg):
                found = True
                yield name, None
            if not found:
                yield arg, "a directory without .txt or .txt.gz files"
        elif not os.path.exists(arg) and _GLOB_CHARS.intersection(arg):
            matches = sorted(glob.iglob(arg, recursive=True))
            if not matches:
                yield arg, "no file matches this pattern"
            for match in matches:
                if os.path.isdir(match):
                    yield from ((name, None) for name in _walk(match))
                else:
                    yield match, None
        else:
            yield arg, None


class _Sink(Protocol):
    def write(self, name: str, listing: Listing) -> None: ...

    def close(self) -> None: ...


class _JsonLines:
    """One JSON object per listing per line, with a ``"source"`` key first."""

    def __init__(self, output: str | None) -> None:
        self._out: TextIO = open(output, "w", encoding="utf-8") if output else sys.stdout  # noqa: SIM115

    def write(self, name: str, listing: Listing) -> None:
        body = listing.to_dict()
        assert isinstance(body, dict)
        self._out.write(json.dumps({"source": name, **body}) + "\n")

    def close(self) -> None:
        if self._out is not sys.stdout:
            self._out.close()


class _Parquet:
    """One Parquet file per table in a directory, written in row groups of ``_PARQUET_BATCH`` listings."""

    def __init__(self, directory: str) -> None:
        import pyarrow.parquet as pq

        from trialparse.parts import clear_tables
        from trialparse.tables import TABLE_NAMES, arrow_schema

        os.makedirs(directory, exist_ok=True)
        clear_tables(directory)
        self._batch: list[Listing] = []
        self._names: list[str] = []
        self._writers: dict[str, Any] = {}  # pyarrow.parquet.ParquetWriter
        try:
            for table in TABLE_NAMES:
                self._writers[table] = pq.ParquetWriter(os.path.join(directory, f"{table}.parquet"), arrow_schema(table))
        except BaseException:
            self.close()
            raise

    def write(self, name: str, listing: Listing) -> None:
        self._batch.append(listing)
        self._names.append(name)
        if len(self._batch) >= _PARQUET_BATCH:
            self._flush()

    def _flush(self) -> None:
        from trialparse.tables import to_arrow

        if self._batch:
            for table, data in to_arrow(self._batch, sources=self._names).items():
                self._writers[table].write_table(data)
        self._batch, self._names = [], []

    def close(self) -> None:
        try:
            if self._writers:
                self._flush()
        finally:
            for writer in self._writers.values():
                writer.close()


class _ReviewPages:
    """One review page per listing in a directory, named after its input, and ``index.html`` at the end."""

    def __init__(self, directory: str) -> None:
        os.makedirs(directory, exist_ok=True)
        self._directory = directory
        self._entries: list[ReviewEntry] = []
        self._taken: set[str] = {"index"}
        self.texts: collections.deque[str] = collections.deque()  # the pages parsed, not yet written

    def write(self, name: str, listing: Listing) -> None:
        text = self.texts.popleft()
        stem = "stdin" if name == "-" else os.path.basename(name).removesuffix(".gz").removesuffix(".txt")
        unique, n = stem, 1
        while unique.lower() in self._taken:  # two inputs of one name, in different directories
            n += 1
            unique = f"{stem}-{n}"
        self._taken.add(unique.lower())
        href = f"{unique}.html"
        Path(self._directory, href).write_text(review_html(listing, text), encoding="utf-8")
        self._entries.append(review_entry(href, name, listing))

    def skip(self) -> None:
        self.texts.popleft()

    def close(self) -> None:
        Path(self._directory, "index.html").write_text(review_index(self._entries), encoding="utf-8")


class _Summary:
    """Counts for ``--summary``."""

    def __init__(self) -> None:
        self.listings = 0
        self.criteria = 0
        self.unreadable = 0
        self.failed = 0
        self.codes: collections.Counter[str] = collections.Counter()
        self.severity: dict[str, Severity] = {}

    def add(self, listing: Listing) -> None:
        self.listings += 1
        self.criteria += sum(1 for _ in listing.criteria.walk())
        for issue in listing.issues:
            self.codes[issue.code] += 1
            self.severity[issue.code] = issue.severity

    def merge(self, part: PartReport) -> None:
        """Add the counts of a part written by ``parts.write_parts``."""
        self.listings += part.listings
        self.criteria += part.criteria
        self.unreadable += part.unreadable
        self.failed += part.failed
        self.codes.update(part.codes)
        self.severity.update(part.severity)

    def lines(self) -> list[str]:
        head = f"trialparse: {self.listings} listings, {self.criteria} criteria, {sum(self.codes.values())} issues"
        extra = [f"{n} {what}" for n, what in ((self.unreadable, "unreadable"), (self.failed, "failed --strict")) if n]
        out = [head + (f" ({', '.join(extra)})" if extra else "")]
        width = max((len(code) for code in self.codes), default=0)
        for code, n in sorted(self.codes.items(), key=lambda kv: (-kv[1], kv[0])):
            out.append(f"  {n:>7}  {code:<{width}}  {self.severity[code].value}")
        return out


def _check_parquet(args: argparse.Namespace, parser: argparse.ArgumentParser) -> None:
    if not args.output:
        parser.error("--format parquet writes one file per table: name the directory with -o DIR")
    # looked up, not imported: importing pyarrow starts threads, and the workers of
    # --workers N are forked later, which is only safe from a process with one thread
    if importlib.util.find_spec("pyarrow") is None:
        parser.error("--format parquet needs pyarrow: pip install 'trialparse[arrow]'")
    if os.path.exists(args.output) and not os.path.isdir(args.output):
        parser.error(f"--format parquet: -o {args.output} exists and is not a directory")


def _open_sink(args: argparse.Namespace, parser: argparse.ArgumentParser) -> _Sink:
    if args.format == "html":
        if not args.output:
            parser.error("--format html writes one page per input: name the directory with -o DIR")
        if os.path.exists(args.output) and not os.path.isdir(args.output):
            parser.error(f"--format html: -o {args.output} exists and is not a directory")
        try:
            return _ReviewPages(args.output)
        except OSError as err:
            parser.error(f"cannot write {args.output}: {err.strerror or err}")
    try:
        return _Parquet(args.output) if args.format == "parquet" else _JsonLines(args.output)
    except OSError as err:
        parser.error(f"cannot write {args.output}: {err.strerror or err}")


def _write_dataset(args: argparse.Namespace, parser: argparse.ArgumentParser, summary: _Summary, progress: str | None) -> None:
    """``--format parquet --workers N``: every process writes its own part files (``parts``)."""
    from trialparse.parts import write_parts

    inputs = expand_inputs(args.files)
    try:
        reports = write_parts(inputs, args.output, workers=args.workers, strict=args.strict, constraints=args.constraints)
        for report in reports:
            summary.merge(report)
            for message in report.messages:
                print(message, file=sys.stderr)
            if progress is not None:
                print(f"\r[{summary.listings + summary.unreadable}{progress}]", end="", file=sys.stderr, flush=True)
    except OSError as err:
        parser.error(f"cannot write {args.output}: {err.strerror or err}")
    finally:
        if progress is not None:
            print(file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``trialparse`` command with ``argv`` (default: ``sys.argv[1:]``); returns the exit status.

    >>> import os
    >>> main(["fixtures/NCT06115902.txt", "-o", os.devnull])
    0
    """
    parser = _build_parser()
    args = parser.parse_args(argv)
    if args.schema:
        if args.files:
            parser.error("--schema prints the schema only: give no FILE")
        text = json.dumps(json_schema(), indent=2) + "\n"
        if not args.output:
            sys.stdout.write(text)
            return 0
        try:
            Path(args.output).write_text(text, encoding="utf-8")
        except OSError as err:
            parser.error(f"cannot write {args.output}: {err.strerror or err}")
        return 0
    if not args.files:
        parser.error("give at least one FILE (or - for standard input)")
    if args.workers < 1:
        parser.error("--workers must be at least 1")
    if args.format == "parquet":
        _check_parquet(args, parser)
    summary = _Summary()
    plain = all(a == "-" or os.path.isfile(a) for a in args.files)
    total = f"/{len(args.files)}" if plain else ""
    progress = sys.stderr.isatty() and (len(args.files) > 1 or not plain)
    if args.format == "parquet" and args.workers > 1:
        _write_dataset(args, parser, summary, total if progress else None)
    elif not _write_stream(args, parser, summary, total if progress else None):
        return 1
    if args.summary:
        for line in summary.lines():
            print(line, file=sys.stderr)
    return 1 if summary.unreadable or summary.failed else 0


def _write_stream(args: argparse.Namespace, parser: argparse.ArgumentParser, summary: _Summary, total: str | None) -> bool:
    """Parse every input (with ``parse_many``) and write each listing to the sink, in input
    order; False when the reader of standard output went away."""
    sink = _open_sink(args, parser)
    progress = total is not None
    names: collections.deque[str] = collections.deque()

    def texts() -> Iterator[str]:
        for name, problem in expand_inputs(args.files):
            try:
                if problem is not None:
                    raise FileNotFoundError(problem)
                text = read_page(name)
            except READ_ERRORS as err:
                print(f"trialparse: {name}: cannot read: {why_unreadable(err)}", file=sys.stderr)
                summary.unreadable += 1
                continue
            names.append(name)
            if isinstance(sink, _ReviewPages):
                sink.texts.append(text)
            yield text

    try:
        for n, listing in enumerate(parse_many(texts(), workers=args.workers, constraints=args.constraints), start=1):
            name = names.popleft()
            summary.add(listing)
            if progress:
                print(f"\r[{n}{total}]", end="", file=sys.stderr, flush=True)
            errors = [i for i in listing.issues if i.severity is Severity.ERROR]
            if args.strict and errors:
                print(f"trialparse: {name}: {len(errors)} error(s); first: {errors[0].message}", file=sys.stderr)
                summary.failed += 1
                if isinstance(sink, _ReviewPages):
                    sink.skip()
                continue
            sink.write(name, listing)
        return True
    except BrokenPipeError:  # the reader went away (| head): stop quietly, as other filters do
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return False
    finally:
        if progress:
            print(file=sys.stderr)
        sink.close()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
