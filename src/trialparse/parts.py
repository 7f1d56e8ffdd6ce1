"""A Parquet dataset written by several processes: ``trialparse --format parquet --workers N``.

Each table is a directory of part files, ``DIR/trials/part-00000.parquet`` and so on (the
layout of the Dask recipe; ``pyarrow.parquet.read_table("DIR/trials")`` reads one back).
Inputs go out in chunks of ``PART_PAGES`` to N worker processes; whichever worker takes a
chunk reads its pages, parses them and writes the chunk's part of every table. Listings never
travel between processes: only counts and messages come back, in input order. The calling
process only hands out chunks, so the workers balance themselves (one that is free takes the
next chunk) and none waits for it to finish a chunk of its own. Needs pyarrow.
"""

from __future__ import annotations

import collections
import contextlib
import glob
import os
from collections.abc import Iterable, Iterator
from typing import Final, NamedTuple

from trialparse.batch import in_order
from trialparse.files import READ_ERRORS, read_page, why_unreadable
from trialparse.model import Listing, Severity
from trialparse.pipeline import parse

__all__ = ["PART_PAGES", "PartReport", "clear_tables", "write_parts"]

PART_PAGES: Final = 256
"""Inputs per part file: parts big enough to read well, small enough to share out evenly."""


class PartReport(NamedTuple):
    """What writing one part gave: counts for the summary and messages for standard error."""

    listings: int
    criteria: int
    codes: collections.Counter[str]
    severity: dict[str, Severity]
    unreadable: int
    failed: int
    messages: list[str]  # in input order


class _Task(NamedTuple):
    number: int
    directory: str
    inputs: list[tuple[str, str | None, str | None]]  # name, why it cannot be read, text read already
    strict: bool
    constraints: bool


def write_parts(
    inputs: Iterable[tuple[str, str | None]], directory: str, *, workers: int, strict: bool, constraints: bool
) -> Iterator[PartReport]:
    """Write the four tables of ``inputs`` (``(name, problem)`` as ``cli.expand_inputs`` gives
    them) under ``directory`` with ``workers`` worker processes; one report per part, in input order.

    Part files of an earlier run in the table directories are removed first. ``strict``: a
    listing with an ERROR issue is reported, not written.
    """
    from trialparse.tables import TABLE_NAMES

    clear_tables(directory)
    for table in TABLE_NAMES:
        os.makedirs(os.path.join(directory, table), exist_ok=True)
    tasks = (_Task(i, directory, chunk, strict, constraints) for i, chunk in enumerate(_chunks(inputs)))
    yield from in_order(_write_part, tasks, workers)


def clear_tables(directory: str) -> None:
    """Remove the tables an earlier run wrote into ``directory``, in either layout (one file
    per table, or a directory of part files per table), so no stale row is read back with
    the new ones. Other files are left alone; a table directory is removed once empty."""
    from trialparse.tables import TABLE_NAMES

    for table in TABLE_NAMES:
        single = os.path.join(directory, f"{table}.parquet")
        if os.path.isfile(single):
            os.remove(single)
        for stale in glob.glob(os.path.join(glob.escape(directory), table, "part-*.parquet")):
            os.remove(stale)
        with contextlib.suppress(OSError):  # absent, or holding files that are not ours
            os.rmdir(os.path.join(directory, table))


def _chunks(inputs: Iterable[tuple[str, str | None]]) -> Iterator[list[tuple[str, str | None, str | None]]]:
    """``inputs`` in chunks of ``PART_PAGES``; standard input is read here, the only process that has it."""
    chunk: list[tuple[str, str | None, str | None]] = []
    for name, problem in inputs:
        chunk.append(_read_stdin(name) if name == "-" and problem is None else (name, problem, None))
        if len(chunk) == PART_PAGES:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _read_stdin(name: str) -> tuple[str, str | None, str | None]:
    try:
        return name, None, read_page(name)
    except READ_ERRORS as err:
        return name, why_unreadable(err), None


def _write_part(task: _Task) -> PartReport:
    """Read, parse and write one chunk: part ``task.number`` of every table."""
    report = PartReport(0, 0, collections.Counter(), {}, 0, 0, [])
    listings: list[Listing] = []
    names: list[str] = []
    for name, problem, text in task.inputs:
        try:
            if problem is not None:
                raise FileNotFoundError(problem)
            listing = parse(read_page(name) if text is None else text, constraints=task.constraints)
        except READ_ERRORS as err:
            report.messages.append(f"trialparse: {name}: cannot read: {why_unreadable(err)}")
            report = report._replace(unreadable=report.unreadable + 1)
            continue
        report = _count(report, listing)
        errors = [i for i in listing.issues if i.severity is Severity.ERROR]
        if task.strict and errors:
            report.messages.append(f"trialparse: {name}: {len(errors)} error(s); first: {errors[0].message}")
            report = report._replace(failed=report.failed + 1)
            continue
        listings.append(listing)
        names.append(name)
    _write_tables(task, listings, names)
    return report


def _count(report: PartReport, listing: Listing) -> PartReport:
    for issue in listing.issues:
        report.codes[issue.code] += 1
        report.severity[issue.code] = issue.severity
    criteria = sum(1 for _ in listing.criteria.walk())
    return report._replace(listings=report.listings + 1, criteria=report.criteria + criteria)


def _write_tables(task: _Task, listings: list[Listing], names: list[str]) -> None:
    import pyarrow.parquet as pq

    from trialparse.tables import to_arrow

    for table, data in to_arrow(listings, sources=names).items():
        pq.write_table(data, os.path.join(task.directory, table, f"part-{task.number:05d}.parquet"))
