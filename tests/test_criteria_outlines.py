"""The hand-checked set: outlines written by reading each text, compared with the parser's tree."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURES, read_page
from trialparse import Criterion, parse_criteria

CASES = sorted((FIXTURES / "criteria").glob("*.txt"))


def _outline(items: tuple[Criterion, ...], expected: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The parser's tree in the outline's shape; ``starts`` kept only when the text starts so."""
    out = []
    for i, item in enumerate(items):
        want = expected[i] if i < len(expected) else {"starts": ""}
        out.append({
            "label": item.label,
            "starts": want["starts"] if item.text.startswith(want["starts"]) else item.text[:60],
            "children": _outline(item.children, want.get("children", [])),
        })
    return out


def _strip(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"label": i["label"], "starts": i["starts"], "children": _strip(i["children"])} for i in items]


def test_the_set_is_large_enough() -> None:
    assert len(CASES) >= 40


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_parser_gives_the_hand_written_outline(case: Path) -> None:
    expected = json.loads(case.with_suffix(".outline.json").read_bytes())
    criteria, issues = parse_criteria(read_page(case))
    got = {
        "inclusion": _outline(criteria.inclusion, expected["inclusion"]),
        "exclusion": _outline(criteria.exclusion, expected["exclusion"]),
        "notes": len(criteria.notes),
        "no_header": any(i.code == "criteria.no_header" for i in issues),
    }
    want = {
        "inclusion": _strip(expected["inclusion"]),
        "exclusion": _strip(expected["exclusion"]),
        "notes": expected["notes"],
        "no_header": expected["no_header"],
    }
    assert got == want
