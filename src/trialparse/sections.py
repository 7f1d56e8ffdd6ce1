"""Split a page into sections: known headings by table, unknown ones by shape, in page order.

A heading is a whole line whose words (``#``/``**`` decoration and a trailing colon removed,
case ignored) are in ``HEADINGS``; two sections open *inline*, with their value on the
heading's line: ``Conditions: A, B`` and ``Last reviewed 2026-05-15 by …``. Lines before the
first heading form the ``title`` block. Outside the eligibility, contacts and locations
sections (whose bodies hold short lines of their own), a short capitalised line standing
alone between blank lines, or any markdown ``#`` heading, opens an ``unknown`` section.
"""

from __future__ import annotations

from typing import Final

import attrs
import regex

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
_INLINE_RE: Final = regex.compile(
    r"(?P<heading>conditions?|last\ reviewed|last\ updated|reviewed)(?:[ \t]*+:)?+[ \t]++(?=\S)",
    regex.IGNORECASE,
)
_INLINE_KEYS: Final = {
    "condition": "conditions",
    "conditions": "conditions",
    "last reviewed": "review",
    "last updated": "review",
    "reviewed": "review",
}
_DECORATION: Final = "#*_ \t"
_NO_UNKNOWN_IN: Final = frozenset({"title", "eligibility", "contacts", "locations"})
_LONGEST_HEADING: Final = max(len(h) for h in HEADINGS) + 8


@attrs.define
class RawSection:
    """A section in normalised offsets; the pipeline turns it into a public ``Section``."""

    key: str
    heading: str
    start: int  # start of the heading line (or of the block, for the title)
    body_start: int
    body_end: int

    def to_section(self, doc: Text) -> Section:
        body = doc.value[self.body_start : self.body_end]
        return Section(self.key, self.heading, body, doc.span(self.start, self.body_end))


def _heading_words(line: str) -> str:
    return line.strip(_DECORATION).rstrip(": \t").strip(_DECORATION).lower()


def _looks_like_unknown_heading(line: str) -> bool:
    """A short capitalised line with no digits or sentence punctuation."""
    if len(line) > 60 or not line[0].isupper():
        return False
    if line[-1] in ".,;!?)" or any(c.isdigit() for c in line):
        return False
    return len(line.split()) <= 6


def split_sections(doc: Text) -> list[RawSection]:
    """Find every section of the page, in order; their spans cover every non-space character."""
    value = doc.value
    sections: list[RawSection] = []
    current: RawSection | None = None
    last_content_end = 0
    prev_blank = True
    lines = list(doc.lines())
    for idx, (start, end) in enumerate(lines):
        lstart = start
        while lstart < end and value[lstart] in " \t":
            lstart += 1
        if lstart == end:
            prev_blank = True
            continue
        rend = end
        while value[rend - 1] in " \t":
            rend -= 1
        line = value[lstart:rend]
        opened = _open_section(line, lstart, rend, current, prev_blank, lines, idx, value)
        if opened is not None:
            if current is not None:
                current.body_end = max(last_content_end, current.body_start)
            elif lstart > 0 and last_content_end > 0:
                first = next(s for s, e in lines if value[s:e].strip())
                sections.append(RawSection("title", "", first, first, last_content_end))
            current = opened
            sections.append(current)
            last_content_end = rend if opened.body_start > lstart else opened.body_start
        else:
            if current is not None and current.body_start == current.body_end == -1:
                current.body_start = lstart
            last_content_end = rend
        prev_blank = False
    if current is None:
        if last_content_end > 0:
            first = next(s for s, e in lines if value[s:e].strip())
            sections.append(RawSection("title", "", first, first, last_content_end))
    else:
        current.body_end = max(last_content_end, current.body_start)
    for s in sections:
        if s.body_start == -1:
            s.body_start = s.body_end = _heading_end(s, value)
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
    rend: int,
    current: RawSection | None,
    prev_blank: bool,
    lines: list[tuple[int, int]],
    idx: int,
    value: str,
) -> RawSection | None:
    """The section this line opens, or None when it belongs to the current one."""
    if len(line) <= _LONGEST_HEADING:
        words = _heading_words(line)
        key = HEADINGS.get(words)
        if key is not None and not (key == "conditions" and current is not None and current.key == "eligibility"):
            return RawSection(key, line.strip(_DECORATION).rstrip(": \t").strip(_DECORATION), lstart, -1, -1)
    m = _INLINE_RE.match(line)
    if m is not None:
        key = _INLINE_KEYS[m.group("heading").lower()]
        if key == "review" or current is None or current.key != "eligibility" or prev_blank:
            return RawSection(key, m.group("heading"), lstart, lstart + m.end(), -1)
    in_section = "title" if current is None else current.key
    if line.startswith("#"):
        heading = line.strip(_DECORATION)
        if heading and in_section != "eligibility":
            return RawSection("unknown", heading, lstart, -1, -1)
    if (
        in_section not in _NO_UNKNOWN_IN
        and prev_blank
        and _next_is_blank(lines, idx, value)
        and _looks_like_unknown_heading(line)
    ):
        return RawSection("unknown", line.rstrip(":"), lstart, -1, -1)
    return None


def _next_is_blank(lines: list[tuple[int, int]], idx: int, value: str) -> bool:
    if idx + 1 >= len(lines):
        return True
    s, e = lines[idx + 1]
    return not value[s:e].strip()
