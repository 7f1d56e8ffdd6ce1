"""Split a page into sections: known headings by table, unknown ones by shape, in page order.

A heading is a whole line whose words (``#``/``**`` decoration and a trailing colon removed,
case ignored) are in ``HEADINGS``; two sections open *inline*, with their value on the
heading's line: ``Conditions: A, B`` and ``Last reviewed 2026-05-15 by …``. Lines before the
first heading form the ``title`` block. Outside the eligibility, contacts and locations
sections (whose bodies hold short lines of their own), a short capitalised line standing
alone between blank lines, or any markdown ``#`` heading, opens an ``unknown`` section.
"""

from __future__ import annotations

import re
from typing import Final

from trialparse import _regex as _rx
from trialparse.model import Section
from trialparse.text import Text

__all__ = ["HEADINGS", "RawSection", "split_sections"]

HEADINGS: Final[dict[str, str]] = {
    "quick facts": "quick_facts",
    "key facts": "quick_facts",
    "at a glance": "quick_facts",
    "trial at a glance": "quick_facts",
    "what this trial studies": "description",
    "what the trial studies": "description",
    "about this trial": "description",
    "who should consider this trial": "who_should_consider",
    "who should consider this study": "who_should_consider",
    "why it matters": "why_it_matters",
    "eligibility criteria": "eligibility",
    "eligibility": "eligibility",
    "where this trial is running": "locations",
    "where this study is running": "locations",
    "trial locations": "locations",
    "study locations": "locations",
    "study contacts": "contacts",
    "contacts": "contacts",
    "contact information": "contacts",
    "how to participate": "how_to_participate",
    "view on clinicaltrials.gov": "registry_link",
    "view on clinicaltrials.gov →": "registry_link",
    "conditions": "conditions",
}

# Inline headings: the value follows on the same line.
_INLINE_RE: Final = _rx.compile(
    r"(?P<heading>last\ reviewed|last\ updated)(?:[ \t]*+:)?+(?:[ \t]++(?=\S)|$)"
    r"|(?P<colon_heading>conditions?|reviewed)[ \t]*+:(?:[ \t]*+(?=\S)|$)",
    re.IGNORECASE,
)
_INLINE_KEYS: Final = {
    "condition": "conditions",
    "conditions": "conditions",
    "last reviewed": "review",
    "last updated": "review",
    "reviewed": "review",
}
_DECORATION: Final = "#*_ \t"
_NO_UNKNOWN_IN: Final = frozenset({"title", "eligibility", "contacts", "locations", "quick_facts"})
_LONGEST_HEADING: Final = max(len(h) for h in HEADINGS) + 8
_LIST_MARKS: Final = frozenset({"* ", "- ", "+ ", "• ", "*\t", "-\t"})
_INLINE_FIRST: Final = frozenset("CcLlRr")  # first letters of the inline headings


class RawSection:
    """A section in normalised offsets; the pipeline turns it into a public ``Section``."""

    __slots__ = ("body_end", "body_start", "heading", "key", "start")

    def __init__(self, key: str, heading: str, start: int, body_start: int, body_end: int) -> None:
        self.key = key
        self.heading = heading
        self.start = start  # start of the heading line (or of the block, for the title)
        self.body_start = body_start
        self.body_end = body_end

    def to_section(self, doc: Text) -> Section:
        body = doc.value[self.body_start : self.body_end]
        return Section(self.key, self.heading, body, doc.span(self.start, self.body_end))


def _heading_words(line: str) -> str:
    return line.strip(_DECORATION).rstrip(": \t").strip(_DECORATION).lower()


def _looks_like_unknown_heading(line: str) -> bool:
    """A short capitalised line with no digits or sentence punctuation."""
    if len(line) > 60 or not line[0].isupper():
        return False
    if line[-1] in ".,;!?)" or ":" in line[:-1] or any(c.isdigit() for c in line):
        return False
    return len(line.split()) <= 6


def split_sections(doc: Text) -> list[RawSection]:
    """Find every section of the page, in order; their spans cover every non-space character."""
    value = doc.value
    rows = value.split("\n")
    count = len(rows)
    sections: list[RawSection] = []
    current: RawSection | None = None
    first_content = -1
    last_content_end = 0
    prev_blank = True
    pos = 0
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
        if len(line) > _LONGEST_HEADING and line[0] not in _INLINE_FIRST and line[0] != "#":
            opened = None  # too long for a heading and no inline heading: most lines stop here
        else:
            next_blank = idx + 1 >= count or not rows[idx + 1].strip(" \t")
            opened = _open_section(line, lstart, current, prev_blank, next_blank)
        if opened is not None:
            if current is not None and current.key == "unknown" and current.body_start == -1 and len(sections) > 1:
                # a "heading" followed straight by another heading was a short line of text
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
        demoted = sections.pop()  # the page's last line: short text, not a heading
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
    return sections


def _heading_end(s: RawSection, value: str) -> int:
    nl = value.find("\n", s.start)
    end = len(value) if nl < 0 else nl
    while end > s.start and value[end - 1] in " \t":
        end -= 1
    return end


def _open_section(
    line: str,
    lstart: int,
    current: RawSection | None,
    prev_blank: bool,
    next_blank: bool,
) -> RawSection | None:
    """The section this line opens, or None when it belongs to the current one."""
    in_criteria = current is not None and current.key == "eligibility"
    if len(line) <= _LONGEST_HEADING and line[:2] not in _LIST_MARKS and not (in_criteria and line[-1] == ":"):
        # a bulleted line is an item, and "Contacts:" inside the criteria is a topic, not a section
        key = HEADINGS.get(_heading_words(line))
        if key is not None and not (key == "conditions" and in_criteria):
            return RawSection(key, line.strip(_DECORATION).rstrip(": \t").strip(_DECORATION), lstart, -1, -1)
    in_section = "title" if current is None else current.key
    if line[0] in _INLINE_FIRST:
        m = _INLINE_RE.match(line)
        if m is not None:
            heading = m.group("heading") or m.group("colon_heading")
            key = _INLINE_KEYS[heading.lower()]
            empty = m.end() == len(line)
            if (key == "review" and (not empty or heading.lower() != "reviewed")) or (
                not empty and (in_section != "eligibility" or prev_blank)
            ):
                return RawSection(key, heading, lstart, lstart + m.end(), -1)
    if line[0] == "#":
        heading = line.strip(_DECORATION)
        if heading and in_section != "eligibility":
            return RawSection("unknown", heading, lstart, -1, -1)
    if prev_blank and next_blank and in_section not in _NO_UNKNOWN_IN and _looks_like_unknown_heading(line):
        return RawSection("unknown", line.rstrip(":"), lstart, -1, -1)
    return None
