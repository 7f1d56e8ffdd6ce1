"""criteria.ambiguous_structure against the readers: present on most of the hand-checked outlines
that their readers marked ``"ambiguous": true`` (each with a comment naming the other plausible
reading), and rare on the ones they read as clear."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import FIXTURES, read_page
from trialparse import parse_criteria

CASES = sorted((FIXTURES / "criteria").glob("*.txt"))

# The issue asks for a report on most reader-ambiguous texts and almost no clear ones: the share
# must stay a majority. The bounds sit a little below and above what the parser reaches on these
# outlines (held-out sets included, which were not tuned on), so that a tree rule
# moving one report either way does not fail here, while losing a class of reports (or reporting a
# clear layout wholesale) does. Some reader-ambiguous texts stay unreported on purpose: where the
# report would also fire on many clear corpus texts (a lone "* None" under a side, a bulleted
# closing remark), or where only the words tell the readings apart (which numbered items belong
# to which sub-list).
MIN_AMBIGUOUS_SHARE = 0.55
MAX_CLEAR_REPORTED = 1


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
