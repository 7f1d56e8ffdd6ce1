"""Helpers for the normaliser tables: every row says where its case came from.

Origins, in the order the tables list them:

- ``reference``: the reference listing, ``fixtures/NCT06115902.txt``;
- ``real``: a value as printed on a page built from a registry record
  (``fixtures/pages/NCTxxxxxxxx.txt``), with the record's own value from
  ``NCTxxxxxxxx.expected.json``; the row id names the record;
- ``contract``: a case named by the project's foundation issue or the README;
- ``edge``: a case added here to probe a boundary.

A row the parser gets wrong today carries ``bug=…`` and runs as ``xfail(strict=True)``,
so a fix shows up as an XPASS failure and the mark can be removed.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from trialparse import Issue, Listing, Severity

REFERENCE = "reference"
REAL = "real"
CONTRACT = "contract"
EDGE = "edge"


@dataclass(frozen=True)
class Fails:
    """The expected outcome of a value that cannot be read: an issue of this code and severity."""

    code: str
    severity: Severity = Severity.ERROR


def row(origin: str, *values: object, id: str | None = None, bug: str | None = None) -> pytest.ParameterSet:
    """One table row; its id is ``origin:id`` (``id`` defaults to the first value)."""
    name = id if id is not None else str(values[0])
    marks = [pytest.mark.xfail(strict=True, reason=f"bug: {bug}")] if bug else []
    return pytest.param(*values, id=f"{origin}:{name}", marks=marks)


def issues_with(listing: Listing, code: str) -> list[Issue]:
    return [i for i in listing.issues if i.code == code]


def codes(listing: Listing, prefix: str = "") -> list[str]:
    return [i.code for i in listing.issues if i.code.startswith(prefix)]


def facts_page(*lines: str) -> str:
    """A small page whose quick-facts block holds ``lines`` after a Trial ID line.

    The Trial ID line keeps a single fact line from standing alone between blank lines
    (a lone short line is a separate case, tested on its own in ``test_page_stages``).
    """
    return "Quick facts\n\nTrial IDNCT01234567\n" + "\n".join(lines) + "\n"
