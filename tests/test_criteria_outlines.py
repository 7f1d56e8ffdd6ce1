"""The hand-checked set: outlines written by reading each text, compared with the parser's tree.

Each node's ``text`` is the whole item text as a reader gives it, compared after the same
light normalisation on both sides (markdown escapes and HTML entities undone, white space
collapsed, a group heading's trailing colon and a flattened member's trailing ";" or ","
dropped: readers differ on whether the separator belongs to the text), so a line attached to
the wrong item fails. An outline with an ``xfail`` key is a reading the parser does not give yet: a strict xfail
with that reason, so a fix shows up.

An outline its reader marked ``"ambiguous": true`` may carry an ``alternative`` (``inclusion``,
``exclusion``, ``notes``): the other plausible reading its comment names, written from the comment,
never from parser output. The parser meets such an outline with the main reading, or with the
alternative when it reports ``criteria.ambiguous_structure`` on an item (or note) where the two
readings differ: it took one of two plausible readings and said so, as issue 14 asks.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURES, read_page
from trialparse import Criteria, Criterion, Issue, Severity, Span, parse_criteria

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


def _reading(outline: dict[str, Any], no_header: bool) -> dict[str, Any]:
    """A reading (the main one, or an ``alternative``) in the compared form."""
    notes: int | list[str] = outline["notes"]
    return {
        "inclusion": _strip(outline["inclusion"]),
        "exclusion": _strip(outline["exclusion"]),
        "notes": notes if isinstance(notes, int) else [normalise(n) for n in notes],
        "no_header": no_header,
    }


def _own_text(item: Criterion) -> Span:
    """The span of an item's own text: from its marker up to its first child."""
    return Span(item.span.start, item.children[0].span.start if item.children else item.span.end)


def _differing_spans(got: Criteria, main: dict[str, Any], alt: dict[str, Any]) -> list[Span]:
    """Where the parser, giving the alternative reading, stands on an item (or note) that the main
    reading does not have as it is: missing there, or with other text, label or children."""
    spans: list[Span] = []
    for side in ("inclusion", "exclusion"):
        stack = [(getattr(got, side), alt[side], main[side])]
        while stack:
            items, alt_items, main_items = stack.pop()
            for k, (item, node) in enumerate(zip(items, alt_items, strict=True)):
                other = main_items[k] if k < len(main_items) else None
                heads = [(c["label"], c["text"]) for c in node["children"]]
                if other is None or (node["label"], node["text"], heads) != (
                    other["label"],
                    other["text"],
                    [(c["label"], c["text"]) for c in other["children"]],
                ):
                    spans.append(_own_text(item))
                stack.append((item.children, node["children"], other["children"] if other is not None else []))
    if isinstance(alt["notes"], list):
        kept = list(main["notes"]) if isinstance(main["notes"], list) else []
        spans.extend(s for n, s in zip(alt["notes"], got.note_spans, strict=True) if n not in kept)
    return spans


def _reports_a_differing_item(got: Criteria, issues: tuple[Issue, ...], main: dict[str, Any], alt: dict[str, Any]) -> bool:
    spans = _differing_spans(got, main, alt)
    flags = [i.span for i in issues if i.code == "criteria.ambiguous_structure"]
    return any(s.start <= f.start < max(s.end, s.start + 1) for f in flags for s in spans)


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
    want = _reading(expected, expected["no_header"])
    if "alternative" in expected and got != want:
        other = _reading(expected["alternative"], expected["no_header"])
        # the other plausible reading is met only where the parser says its reading is a guess
        assert got == other, "neither the main reading nor the alternative"
        assert _reports_a_differing_item(criteria, issues, want, other), "the alternative, unreported"
        return
    assert got == want


def _alternatives() -> list[Path]:
    return [c for c in CASES if "alternative" in json.loads(c.with_suffix(".outline.json").read_bytes())]


@pytest.mark.parametrize("case", _alternatives(), ids=lambda c: c.stem)
def test_an_alternative_is_a_reader_ambiguous_outlines_other_reading(case: Path) -> None:
    """Only a reader who marked the text ambiguous (naming the other reading in the comment) may
    give an alternative, and it is another reading, not the same one again."""
    expected = json.loads(case.with_suffix(".outline.json").read_bytes())
    alt = expected["alternative"]
    assert expected.get("ambiguous") is True
    assert expected.get("comment")
    assert set(alt) == {"inclusion", "exclusion", "notes"}
    assert _reading(alt, False) != _reading(expected, False)


def test_an_alternative_counts_only_where_it_is_reported() -> None:
    """The alternative alone is no pass: the report must stand on an item where the readings differ
    (here the exclusion "None", an item in the alternative and a note in the main reading)."""
    main = {"inclusion": [{"label": None, "text": "Adults", "children": []}], "exclusion": [], "notes": ["None"]}
    alt = {**main, "exclusion": [{"label": None, "text": "None", "children": []}], "notes": []}
    got = Criteria(
        inclusion=(Criterion("Adults", Span(23, 29)),),
        exclusion=(Criterion("None", Span(51, 57)),),
    )
    on_none = (Issue("criteria.ambiguous_structure", "", Severity.INFO, Span(51, 57)),)
    on_adults = (Issue("criteria.ambiguous_structure", "", Severity.INFO, Span(23, 29)),)
    assert _reports_a_differing_item(got, on_none, _reading(main, False), _reading(alt, False))
    assert not _reports_a_differing_item(got, on_adults, _reading(main, False), _reading(alt, False))
    assert not _reports_a_differing_item(got, (), _reading(main, False), _reading(alt, False))


def test_a_nesting_alternative_counts_only_on_an_item_whose_nesting_differs() -> None:
    """Main: "Lead:" holding "member"; alternative: the two flat. A report on the lead-in (its
    children differ) or on the member (placed elsewhere) counts, one on the untouched item does not."""
    leaf = {"label": None, "text": "Consent", "children": []}
    member = {"label": None, "text": "member", "children": []}
    main = {"inclusion": [leaf, {"label": None, "text": "Lead:", "children": [member]}], "exclusion": [], "notes": []}
    alt = {**main, "inclusion": [leaf, {"label": None, "text": "Lead:", "children": []}, member]}
    items = (Criterion("Consent", Span(0, 9)), Criterion("Lead:", Span(10, 17)), Criterion("member", Span(18, 26)))
    got = Criteria(inclusion=items)
    for span, counts in ((Span(10, 17), True), (Span(18, 26), True), (Span(0, 9), False)):
        flags = (Issue("criteria.ambiguous_structure", "", Severity.INFO, span),)
        assert _reports_a_differing_item(got, flags, _reading(main, False), _reading(alt, False)) is counts
