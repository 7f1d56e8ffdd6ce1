#!/usr/bin/env python3
"""Point at criteria trees whose shape usually means a misreading, to choose what to read.

    python scripts/criteria_audit.py CORPUS.json [--list SHAPE] [--limit N]

CORPUS.json is a JSON array of ClinicalTrials.gov API v2 study objects. Every record's
``eligibilityCriteria`` is parsed (without constraints) and its tree checked for these shapes:

- ``unlabelled_after_numbered``: an unlabelled item after the last numbered item of a list
  (often a closing remark or a wrapped line read as an item);
- ``many_adopted_children``: an item with many children of its own marker style (often a lead-in
  that adopted its siblings);
- ``numbering_gap``: a top-level numbered list that skips or restarts (often a sub-list flattened
  into the top level, or items lost into another item);
- ``long_item_with_markers``: one long item holding what look like markers (a run-together list);
- ``star_split_in_formula``: items split at `` * `` between digits or parentheses (multiplication);
- ``sides_repeat``: a side whose items repeat the other side's words (leaked items);
- ``side_in_notes``: a side its header names that holds no item while the notes hold text (its
  criteria read as a lead-in note);
- ``one_item_holds_side``: a side whose only item holds many children (a lead-in over the side's
  list read as its first criterion).

Prints the number of blocks per shape (a block is one record's criteria text), how many blocks
carry each criteria issue code, and with ``--list`` the records that show a shape.
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from trialparse import Criteria, Criterion, parse_criteria

SHAPES = (
    "unlabelled_after_numbered",
    "many_adopted_children",
    "numbering_gap",
    "long_item_with_markers",
    "star_split_in_formula",
    "sides_repeat",
    "side_in_notes",
    "one_item_holds_side",
)
MANY_CHILDREN = 6
PLACEHOLDER = 20  # "None", "N/A": a side's placeholder note, no criteria
LONG_ITEM = 500
# what a marker looks like inside a long item's text: " 2. Text", " b) text", " • ", " - Text" after
# a sentence end, " * Text"
_INNER_MARKER_RE = re.compile(r"(?:\s[0-9]{1,2}[.)]|\s[a-h]\)|[.;:]\s[-*]|•)\s?[A-Za-z]")
_WORD_RE = re.compile(r"[a-z]{4,}")


def _walk(items: tuple[Criterion, ...]) -> Iterator[tuple[Criterion, tuple[Criterion, ...]]]:
    """Every item with the list it stands in (its siblings), without recursion."""
    stack = [items]
    while stack:
        siblings = stack.pop()
        for item in siblings:
            yield item, siblings
            if item.children:
                stack.append(item.children)


def _kind(label: str | None) -> str:
    if label is None:
        return "bullet"
    return "num" if label.isdigit() else "letter"


def _lists(sides: tuple[tuple[Criterion, ...], ...]) -> Iterator[tuple[Criterion, ...]]:
    """Every sibling list of the tree (the sides' top levels and every item's children)."""
    for side in sides:
        if side:
            yield side
        for item, _ in _walk(side):
            if item.children:
                yield item.children


def unlabelled_after_numbered(sides: tuple[tuple[Criterion, ...], ...]) -> bool:
    for items in _lists(sides):
        last_num = max((i for i, it in enumerate(items) if it.label is not None and it.label.isdigit()), default=-1)
        if last_num >= 1 and any(it.label is None and not it.children for it in items[last_num + 1 :]):
            return True
    return False


def _column(text: str, at: int) -> int:
    return at - (text.rfind("\n", 0, at) + 1)


def _has_marker(text: str, item: Criterion) -> bool:
    """Whether the item starts with a marker (a heading or a paragraph starts with its words)."""
    return not item.text or text[item.span.start] != item.text[0]


def many_adopted_children(text: str, sides: tuple[tuple[Criterion, ...], ...]) -> bool:
    """Many children on lines of their own at the parent's own column: adopted, not indented."""
    for side in sides:
        for item, _ in _walk(side):
            if len(item.children) < MANY_CHILDREN or not _has_marker(text, item):
                continue  # a heading's items are its own
            column = _column(text, item.span.start)
            own = [
                c
                for c in item.children
                if _kind(c.label) == _kind(item.label)
                and _column(text, c.span.start) == column
                and text.rfind("\n", 0, c.span.start) >= item.span.start
            ]
            if len(own) >= MANY_CHILDREN:
                return True
    return False


def numbering_gap(sides: tuple[tuple[Criterion, ...], ...]) -> bool:
    for side in sides:
        numbers = [int(it.label) for it in side if it.label is not None and it.label.isdigit()]
        if any(b != a + 1 for a, b in itertools.pairwise(numbers)):
            return True
    return False


def long_item_with_markers(sides: tuple[tuple[Criterion, ...], ...]) -> bool:
    for side in sides:
        for item, _ in _walk(side):
            if len(item.text) >= LONG_ITEM and not item.children and len(_INNER_MARKER_RE.findall(item.text)) >= 2:
                return True
    return False


def star_split_in_formula(text: str, sides: tuple[tuple[Criterion, ...], ...]) -> bool:
    for side in sides:
        for _, siblings in _walk(side):
            for prev, nxt in itertools.pairwise(siblings):
                between = text[prev.span.end : nxt.span.start]
                if "*" not in between or "\n" in between:
                    continue
                before = text[: prev.span.end].rstrip()[-1:]
                after = text[nxt.span.start :].lstrip("* \t")[:1]
                if before.isdigit() or before == ")" or after.isdigit() or after == "(":
                    return True
    return False


def _words(item: Criterion) -> frozenset[str]:
    return frozenset(_WORD_RE.findall(item.text.lower()))


def sides_repeat(sides: tuple[tuple[Criterion, ...], ...]) -> bool:
    inclusion = [_words(it) for it, _ in _walk(sides[0])]
    exclusion = [_words(it) for it, _ in _walk(sides[1])]
    if not inclusion or not exclusion:
        return False
    seen = set(inclusion)
    repeated = sum(1 for words in exclusion if len(words) >= 3 and words in seen)
    return repeated >= 2 or (repeated >= 1 and len(exclusion) <= 2)


def side_in_notes(criteria: Criteria) -> bool:
    named = {h.side for h in criteria.headers if h.side is not None}
    empty = [side for side in named if not getattr(criteria, side)]
    return bool(empty) and sum(len(note) for note in criteria.notes) > PLACEHOLDER


def one_item_holds_side(sides: tuple[tuple[Criterion, ...], ...]) -> bool:
    return any(len(side) == 1 and len(side[0].children) >= MANY_CHILDREN for side in sides)


def shapes_of(text: str) -> tuple[list[str], list[str]]:
    """The suspicious shapes of one criteria text's tree, and the criteria issue codes it got."""
    criteria, issues = parse_criteria(text, constraints=False)
    sides = (criteria.inclusion, criteria.exclusion)
    found = []
    if unlabelled_after_numbered(sides):
        found.append("unlabelled_after_numbered")
    if many_adopted_children(text, sides):
        found.append("many_adopted_children")
    if numbering_gap(sides):
        found.append("numbering_gap")
    if long_item_with_markers(sides):
        found.append("long_item_with_markers")
    if star_split_in_formula(text, sides):
        found.append("star_split_in_formula")
    if sides_repeat(sides):
        found.append("sides_repeat")
    if side_in_notes(criteria):
        found.append("side_in_notes")
    if one_item_holds_side(sides):
        found.append("one_item_holds_side")
    return found, sorted({i.code for i in issues})


def _records(path: Path) -> Iterator[tuple[str, str]]:
    for study in json.loads(path.read_bytes()):
        protocol = study.get("protocolSection", {})
        text = protocol.get("eligibilityModule", {}).get("eligibilityCriteria")
        if isinstance(text, str) and text.strip():
            yield protocol.get("identificationModule", {}).get("nctId", "?"), text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--list", choices=(*SHAPES, "all"), help="list the records that show this shape")
    parser.add_argument("--limit", type=int, default=40, help="records listed per shape")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    shapes: Counter[str] = Counter()
    codes: Counter[str] = Counter()
    listed: dict[str, list[str]] = {s: [] for s in SHAPES}
    blocks = suspicious = 0
    for nct, text in _records(args.corpus):
        blocks += 1
        found, issue_codes = shapes_of(text)
        shapes.update(found)
        codes.update(issue_codes)
        suspicious += bool(found)
        for shape in found:
            listed[shape].append(nct)
    elapsed = time.perf_counter() - started
    print(f"blocks: {blocks}  with any shape: {suspicious}  ({elapsed:.1f} s)")
    for shape in SHAPES:
        print(f"  {shape:<28}{shapes[shape]:>6}")
    print("criteria issue codes (blocks):")
    for code, count in sorted(codes.items()):
        print(f"  {code:<36}{count:>6}  ({count / max(blocks, 1):.1%})")
    for shape in SHAPES if args.list == "all" else (args.list,) if args.list else ():
        print(f"{shape}: {' '.join(listed[shape][: args.limit])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
