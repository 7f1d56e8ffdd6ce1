"""The hand-checked set: outlines written by reading each text, compared with the parser's tree.

Each node's ``text`` is the whole item text as a reader gives it, compared after the same
light normalisation on both sides (markdown escapes and HTML entities undone, white space
collapsed, a group heading's trailing colon and a flattened member's trailing ";" or ","
dropped: readers differ on whether the separator belongs to the text), so a line attached to
the wrong item fails. An outline with an ``xfail`` key is a reading the parser does not give yet: a strict xfail
with that reason, so a fix shows up.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURES, read_page
from trialparse import Criterion, parse_criteria

CASES = sorted((FIXTURES / "criteria").glob("*.txt"))

_ESCAPE_RE = re.compile(r"\\([!-/:-@\[-`{-~])")
_SPACE_RE = re.compile(r"\s+")


def normalise(text: str) -> str:
    r"""The form both sides are compared in.

    >>> normalise("  ANC \\>= 1.5 &amp; \n  more:  ")
    'ANC >= 1.5 & more'
    """
    text = html.unescape(_ESCAPE_RE.sub(r"\1", text))
    return _SPACE_RE.sub(" ", text).strip().rstrip(":").rstrip().rstrip(";,；，").rstrip()


def _outline(items: tuple[Criterion, ...]) -> list[dict[str, Any]]:
    """The parser's tree in the outline's shape, texts normalised."""
    return [{"label": i.label, "text": normalise(i.text), "children": _outline(i.children)} for i in items]


def _strip(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"label": i["label"], "text": normalise(i["text"]), "children": _strip(i["children"])} for i in items]


def _case_params() -> list[Any]:
    params = []
    for case in CASES:
        expected = json.loads(case.with_suffix(".outline.json").read_bytes())
        marks = [pytest.mark.xfail(strict=True, reason=expected["xfail"])] if "xfail" in expected else []
        params.append(pytest.param(case, marks=marks, id=case.stem))
    return params


def test_the_set_is_large_enough() -> None:
    assert len(CASES) >= 40


@pytest.mark.parametrize("case", _case_params())
def test_parser_gives_the_hand_written_outline(case: Path) -> None:
    expected = json.loads(case.with_suffix(".outline.json").read_bytes())
    criteria, issues = parse_criteria(read_page(case))
    notes: int | list[str] = expected["notes"]
    got = {
        "inclusion": _outline(criteria.inclusion),
        "exclusion": _outline(criteria.exclusion),
        "notes": len(criteria.notes) if isinstance(notes, int) else [normalise(n) for n in criteria.notes],
        "no_header": any(i.code == "criteria.no_header" for i in issues),
    }
    want = {
        "inclusion": _strip(expected["inclusion"]),
        "exclusion": _strip(expected["exclusion"]),
        "notes": notes if isinstance(notes, int) else [normalise(n) for n in notes],
        "no_header": expected["no_header"],
    }
    assert got == want
