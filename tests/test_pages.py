"""Golden pages built from registry records: the parser must give the record's own values."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, read_page
from trialparse import parse

# The page itself cannot tell these apart (see fixtures/pages/README.md): a single value with a
# comma ("Disk, Herniated"), a semicolon inside one of several values, a region with a comma.
AMBIGUOUS_ON_THE_PAGE = {
    "NCT00415220": "one intervention with a comma reads as two",
    "NCT01339377": "one condition with a comma reads as two",
    "NCT03319875": "one condition with a comma reads as two",
    "NCT04276519": "one intervention with a comma reads as two",
    "NCT05296200": "a condition with a semicolon among comma-joined ones",
}
PAGES = [
    pytest.param(p, marks=pytest.mark.xfail(strict=True, reason=AMBIGUOUS_ON_THE_PAGE[p.name.split(".")[0]]))
    if p.name.split(".")[0] in AMBIGUOUS_ON_THE_PAGE
    else p
    for p in sorted((FIXTURES / "pages").glob("*.txt"))
]


def _subset(actual: object, expected: object) -> object:
    """The part of ``actual`` whose keys ``expected`` names (dicts recursively, lists by index)."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        return {k: _subset(actual.get(k), v) for k, v in expected.items()}
    if isinstance(expected, list) and isinstance(actual, list) and len(expected) == len(actual):
        return [_subset(a, e) for a, e in zip(actual, expected, strict=True)]
    return actual


def test_there_are_enough_pages() -> None:
    assert len(PAGES) >= 130


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name if isinstance(p, Path) else str(p))
def test_page_gives_the_registry_values(page: Path) -> None:
    expected = json.loads(page.with_name(page.name.removesuffix(".txt") + ".expected.json").read_bytes())
    listing = parse(read_page(page))
    assert _subset(listing.to_dict(), expected) == expected
    assert [i for i in listing.issues if i.severity.value == "ERROR"] == []
