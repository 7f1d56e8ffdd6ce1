"""Row-level shortcuts against the plain line-by-line definitions they replace.

``Text.paragraphs`` finds paragraphs with one pattern, and ``split_sections`` looks only at
the rows ``_CANDIDATE_RE`` finds; both must give exactly what a pass over every line gives,
on any text, in any layout. ``collapse_ws`` returns most text as it is, after two scans.
"""

from __future__ import annotations

import sys

from hypothesis import given
from hypothesis import strategies as st

from trialparse.sections import _LONGEST_HEADING, RawSection, _heading_end, _open_section, split_sections
from trialparse.text import _DELETE_CHARS, _DELETE_RE, Text, collapse_ws

# rows that are, or nearly are, every kind of heading, in every decoration
ROWS = [
    "", " ", "\t", " \t ", "\x1f", "\u3000", "Quick facts", "quick facts:", "## Eligibility criteria ##", "**Contacts**",
    "* Contacts", "- Eligibility", "Conditions: A, B", "Conditions:", "conditions", "Reviewed:", "Reviewed: 2026-01-01",
    "Last reviewed 2026-05-15 by x", "Last updated", "Last reviewed:", "# Foo", "#", "Some Heading", "Short Row:",
    "Short 2 digits", "A long line of text that is well over sixty characters long, as text usually is.",
    "Inclusion Criteria:", "* Adults", "Who should consider this trial", "Why it matters", "Good fit: x",
    "Where this trial is running", "Study contacts", "View on ClinicalTrials.gov →", "KEY FACTS", "\u212aey facts",
    "Key facts *: *", "Key facts:_ :", "  Quick facts  ", "Ünïcode Heading", "About this trial", "Tab\tin it",
    "Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "Cccccccccccccccccccccccccccccccccccccccccccccccccccc",
    "One two three four five six seven", "Ab :", "Ⅻ roman",
]


def _reference_paragraphs(doc: Text, start: int, end: int) -> list[tuple[str, int, int]]:
    value = doc.value
    out: list[tuple[str, int, int]] = []
    lines: list[tuple[int, int]] = []
    for s, e in [*doc.lines(start, end), (end, end)]:
        if value[s:e].strip():
            lines.append((s, e))
        elif lines:
            out.append((" ".join(value[a:b].strip() for a, b in lines), lines[0][0], lines[-1][1]))
            lines = []
    return out


def _reference_sections(doc: Text) -> list[tuple[str, str, int, int, int]]:  # noqa: PLR0912 - an oracle kept as one plain loop, sharing no structure with the code it checks
    """split_sections as one pass over every row (the definition the candidate pattern keeps)."""
    value = doc.value
    rows = value.split("\n")
    sections: list[RawSection] = []
    current: RawSection | None = None
    first_content, last_content_end, prev_blank, pos = -1, 0, True, 0
    for idx, raw in enumerate(rows):
        right = raw.rstrip(" \t")
        line = right.lstrip(" \t")
        rend = pos + len(right)
        pos += len(raw) + 1
        if not line:
            prev_blank = True
            continue
        lstart = rend - len(line)
        if first_content < 0:
            first_content = lstart
        opened = None
        if len(line) <= _LONGEST_HEADING or line[0] in "CcLlRr#":
            next_blank = idx + 1 >= len(rows) or not rows[idx + 1].strip(" \t")
            opened = _open_section(line, lstart, current, prev_blank, next_blank)
        if opened is not None:
            if current is not None and current.key == "unknown" and current.body_start == -1 and len(sections) > 1:
                demoted = sections.pop()
                current = sections[-1]
                if current.body_start == -1:
                    current.body_start = demoted.start
                current.body_end = _heading_end(demoted, value)
            elif current is not None:
                current.body_end = max(last_content_end, current.body_start)
            elif lstart > first_content:
                sections.append(RawSection("title", "", first_content, first_content, last_content_end))
            current = opened
            sections.append(current)
            last_content_end = rend if opened.body_start > lstart else opened.body_start
        else:
            if current is not None and current.body_start == current.body_end == -1:
                current.body_start = lstart
            last_content_end = rend
        prev_blank = False
    if current is not None and current.key == "unknown" and current.body_start == -1 and len(sections) > 1:
        demoted = sections.pop()
        current = sections[-1]
        if current.body_start == -1:
            current.body_start = demoted.start
        last_content_end = _heading_end(demoted, value)
    if current is None:
        if first_content >= 0:
            sections.append(RawSection("title", "", first_content, first_content, last_content_end))
    else:
        current.body_end = max(last_content_end, current.body_start)
    for sec in sections:
        if sec.body_start == -1:
            sec.body_start = sec.body_end = _heading_end(sec, value)
    return [(s.key, s.heading, s.start, s.body_start, s.body_end) for s in sections]


pages = st.lists(st.sampled_from(ROWS), max_size=16).map("\n".join)
characters = st.lists(
    st.sampled_from([" ", "\t", "\n", "\n\n", "\r\n", "#", "*", ":", "C", "a", "1", "Ü", "Quick facts", "Last "]), max_size=40
).map("".join)


@given(st.one_of(pages, characters), st.data())
def test_paragraphs_are_the_runs_of_non_blank_lines(page: str, data: st.DataObject) -> None:
    doc = Text(page)
    start = data.draw(st.integers(0, len(doc.value)))
    end = data.draw(st.integers(start, len(doc.value)))
    assert doc.paragraphs(start, end) == _reference_paragraphs(doc, start, end)


@given(st.one_of(pages, characters))
def test_sections_are_those_a_pass_over_every_row_finds(page: str) -> None:
    doc = Text(page)
    assert [(s.key, s.heading, s.start, s.body_start, s.body_end) for s in split_sections(doc)] == _reference_sections(doc)


@given(st.lists(st.sampled_from(["\r", "\n", "\r\n", "a", " ", "é", "\u2028", *_DELETE_CHARS]), max_size=30).map("".join))
def test_the_delete_pattern_finds_what_its_plain_definition_finds(text: str) -> None:
    """``_DELETE_RE`` starts with one character set (so the matcher skips ahead); it must find
    exactly "a CR before a LF, or any deleted character"."""
    import re

    plain = re.compile(r"\r(?=\n)|[%s]" % _DELETE_CHARS)
    assert [m.span() for m in _DELETE_RE.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_printable_text_holds_no_white_space_but_the_space() -> None:
    # collapse_ws returns printable text without a double or outer space as it is
    odd = [hex(i) for i in range(sys.maxunicode + 1) if chr(i).isspace() and chr(i).isprintable() and i != 0x20]
    assert odd == []


WHITE = st.sampled_from([" ", "  ", "\t", "\n", "\r", "\xa0", "\u2028", "\u3000", "\x1f", "\x85"])


@given(st.lists(st.one_of(st.text(max_size=6), WHITE), max_size=12).map("".join))
def test_collapse_ws_is_split_and_join(text: str) -> None:
    assert collapse_ws(text) == " ".join(text.split())


@given(st.lists(st.sampled_from(["\\", "\\\\", "<", "[", "a", " ", "&lt;", "&", "\\&gt;", "é", "\t"]), max_size=14).map("".join))
def test_clean_inline_unescapes_like_the_substitution(text: str) -> None:
    import html

    from trialparse.text import _ESCAPE_RE, clean_inline

    reference = _ESCAPE_RE.sub(r"\1", text)
    if "&" in reference:
        reference = html.unescape(reference)
    assert clean_inline(text) == " ".join(reference.split())


def test_a_page_with_cut_characters_is_freed_without_the_collector() -> None:
    # Text.span is the offset map's method, not the Text's: no cycle keeps a page alive
    import gc

    gc.collect()
    gc.disable()
    try:
        for page in ("a\r\nb\r\n", "\ufeffQuick facts", "a\u200bb"):
            doc = Text(page)
            assert doc.span(0, 2).end == 3
            del doc
        assert gc.collect() == 0
    finally:
        gc.enable()
