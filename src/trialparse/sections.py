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

from trialparse.model import Section
from trialparse.text import Text, case_blind_key

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
_INLINE_RE: Final = re.compile(
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


def _heading_alternatives() -> str:
    """``HEADINGS`` as one alternation of ``X(?i:rest|rest)|x(?i:rest|rest)``, by first letter.

    A branch that starts with a literal is skipped by the matcher after one comparison, where
    a case-blind first letter costs a full try per heading. It only finds candidates (the test
    is ``_heading_words(line).lower() in HEADINGS``), and finds every row whose ``lower()`` is
    a heading: a first letter is tried in both cases, "k" also as the Kelvin sign.
    """
    by_first: dict[str, list[str]] = {}
    for words in sorted(HEADINGS, key=len, reverse=True):
        by_first.setdefault(words[0], []).append(re.escape(words[1:]))
    return "|".join(
        "%s(?i:%s)" % (re.escape(first), "|".join(rests))
        for letter, rests in by_first.items()
        for first in dict.fromkeys((letter, letter.upper(), "\u212a" if letter == "k" else letter))
    )


# The rows that can open a section, each found from the newline before it: a row of heading
# words (with decoration and colons around them), a row starting with an inline heading or a
# "#", and (group 1, found from the row above, a blank one) a row of up to 60 characters with a
# blank row after it, the shape of an unknown heading. Each match ends where its row ends.
# A superset: ``_open_section`` decides; every other row is body text in any state.
_CANDIDATE_RE: Final = re.compile(
    r"\n[ \t]*+(?:"
    r"[#*_ \t]*+(?:%s)[#*_ \t:]*+(?=\n|\Z)"
    r"|(?:C(?i:ondition)|c(?i:ondition)|R(?i:eviewed)|r(?i:eviewed)|L(?i:ast\ )|l(?i:ast\ )|\#)[^\n]*+"
    r"|\n[ \t]*+([^ \t\n][^\n]{0,59}+)[ \t]*+(?=\n[ \t]*+(?:\n|\Z)|\Z)"
    r")" % _heading_alternatives()
)


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
    """The words of a heading line as written: decoration and a trailing colon removed."""
    return line.strip(_DECORATION).rstrip(": \t").strip(_DECORATION)


def _looks_like_unknown_heading(line: str) -> bool:
    """A short capitalised line with no digits or sentence punctuation."""
    if len(line) > 60 or not line[0].isupper():
        return False
    if line[-1] in ".,;!?)" or ":" in line[:-1] or any(c.isdigit() for c in line):
        return False
    return len(line.split()) <= 6


def split_sections(doc: Text) -> list[RawSection]:
    """Find every section of the page, in order; their spans cover every non-space character.

    Only the first row and the rows ``_CANDIDATE_RE`` finds can open a section, and only they
    are looked at in Python. The rows between two headings are body text: all a section needs
    of them is where their first and last non-space characters are.
    """
    value = doc.value
    size = len(value)
    sections: list[RawSection] = []
    current: RawSection | None = None
    first_content = -1
    last_content_end = 0
    scan_from = 0  # the text from here on is not yet counted as content
    found = _CANDIDATE_RE.finditer(value)
    row_end = value.find("\n")
    if row_end < 0:
        row_end = size
    right = value[:row_end].rstrip(" \t")
    line = right.lstrip(" \t")
    lstart = len(right) - len(line)
    prev_blank = True
    next_blank = _next_blank(value, row_end, size)
    while True:
        if line and (len(line) <= _LONGEST_HEADING or line[0] in _INLINE_FIRST or line[0] == "#"):
            # a longer row opens nothing, not even an unknown section
            opened = _open_section(line, lstart, current, prev_blank, next_blank)
            if opened is not None:
                gap = value[scan_from:lstart]
                text = gap.lstrip(" \t\n")
                if text:  # the rows since the last heading hold text
                    if first_content < 0:
                        first_content = lstart - len(text)
                    if current is not None and current.body_start == current.body_end == -1:
                        current.body_start = lstart - len(text)
                    last_content_end = scan_from + len(gap.rstrip(" \t\n"))
                elif first_content < 0:
                    first_content = lstart
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
                scan_from = lstart + len(line)
                last_content_end = scan_from if opened.body_start > lstart else opened.body_start
        m = next(found, None)
        if m is None:
            break
        row_end = m.end()
        if m.lastindex is None:  # a heading, inline heading or "#" row
            right = value[m.start() + 1 : row_end].rstrip(" \t")
            line = right.lstrip(" \t")
            lstart = m.start() + 1 + len(right) - len(line)
            prev_blank = _prev_blank(value, m.start() + 1)
            next_blank = _next_blank(value, row_end, size)
        else:  # a short row with a blank row on each side
            line = m.group(1).rstrip(" \t")
            lstart = m.start(1)
            prev_blank = next_blank = True
    gap = value[scan_from:]
    text = gap.lstrip(" \t\n")
    if text:
        if first_content < 0:
            first_content = size - len(text)
        if current is not None and current.body_start == current.body_end == -1:
            current.body_start = size - len(text)
        last_content_end = scan_from + len(gap.rstrip(" \t\n"))
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


def _prev_blank(value: str, row_start: int) -> bool:
    """Whether the row before the one at ``row_start`` is blank (or there is none)."""
    if row_start == 0:
        return True
    return not value[value.rfind("\n", 0, row_start - 1) + 1 : row_start - 1].strip(" \t")


def _next_blank(value: str, row_end: int, size: int) -> bool:
    """Whether the row after the one ending at ``row_end`` is blank (or there is none)."""
    if row_end >= size:
        return True
    stop = value.find("\n", row_end + 1)
    return not value[row_end + 1 : size if stop < 0 else stop].strip(" \t")


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
        words = _heading_words(line)
        key = HEADINGS.get(words.lower())
        if key is not None and not (key == "conditions" and in_criteria):
            return RawSection(key, words, lstart, -1, -1)
    in_section = "title" if current is None else current.key
    if line[0] in _INLINE_FIRST:
        m = _INLINE_RE.match(line)
        if m is not None:
            heading = m.group("heading") or m.group("colon_heading")
            spelled = case_blind_key(_INLINE_KEYS, heading)
            key = _INLINE_KEYS[spelled]
            empty = m.end() == len(line)
            if (key == "review" and (not empty or spelled != "reviewed")) or (
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
