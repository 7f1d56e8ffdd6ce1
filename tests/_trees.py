"""The criteria class tests' shared view of a tree: (label, text, children) tuples, and the
spans the parser reported as guesses, so each table compares what a reader writes down."""

from __future__ import annotations

from typing import Any

from trialparse import Criterion, parse_criteria

AMBIGUOUS = "criteria.ambiguous_structure"


def tree(items: tuple[Criterion, ...]) -> list[Any]:
    """(label, text) per item, with its children when it has some (a trailing ":" is no part of the text)."""
    return [(i.label, i.text.removesuffix(":"), tree(i.children)) if i.children else (i.label, i.text) for i in items]


def read(text: str) -> tuple[list[Any], list[Any], tuple[str, ...], list[str]]:
    """Inclusion and exclusion trees, the notes, and the text of each span reported as a guess."""
    criteria, issues = parse_criteria(text, constraints=False)
    flagged = [text[i.span.start : i.span.end] for i in issues if i.code == AMBIGUOUS and i.span is not None]
    return tree(criteria.inclusion), tree(criteria.exclusion), criteria.notes, flagged
