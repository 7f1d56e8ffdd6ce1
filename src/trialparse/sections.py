"""Split a page into sections: known headings by table, unknown ones by shape, in page order.

A heading is a whole line whose words (``#``/``**`` decoration and a trailing colon removed,
case ignored) are in ``vocabulary.SECTION_HEADINGS``; the vocabulary's inline headings open
a section with their value on the heading's line: ``Conditions: A, B`` and ``Last reviewed
2026-05-15 by …``. Lines before the first heading form the ``title`` block. Outside the
eligibility, contacts and locations sections (whose bodies hold short lines of their own), a
short capitalised line standing alone between blank lines, or any markdown ``#`` heading,
opens an ``unknown`` section.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Final

from trialparse.model import Issue, Section, Severity
from trialparse.text import Text, case_blind_key
from trialparse.vocabulary import BULLETS, COLON_HEADINGS, HEADING_DECORATION, INLINE_HEADINGS, SECTION_HEADINGS

__all__ = ["RawSection", "first_sections", "split_sections"]

_DECORATION: Final = HEADING_DECORATION + " \t"
_NO_UNKNOWN_IN: Final = frozenset({"title", "eligibility", "contacts", "locations", "quick_facts"})
_LONGEST_HEADING: Final = max(len(h) for h in SECTION_HEADINGS) + 8
_INLINE_KEYS: Final = {**INLINE_HEADINGS, **COLON_HEADINGS}
_INLINE_FIRST: Final = frozenset("".join(w[0] + w[0].upper() for w in _INLINE_KEYS))  # first letters, both cases


def _by_first_letter(words: Iterable[str]) -> str:
    """``words`` as one alternation of ``X(?i:rest|rest)|x(?i:rest|rest)``, by first letter.

    A branch that starts with a literal is skipped by the matcher after one comparison, where
    a case-blind first letter costs a full try per word. It finds every row whose ``lower()``
    starts with one of the words: a first letter is tried in both cases, "k" also as the
    Kelvin sign (which ``re.IGNORECASE`` takes for a k).
    """
    by_first: dict[str, list[str]] = {}
    for word in sorted(words, key=len, reverse=True):
        by_first.setdefault(word[0], []).append(re.escape(word[1:]))
    return "|".join(
        "%s(?i:%s)" % (re.escape(first), "|".join(rests))
        for letter, rests in by_first.items()
        for first in dict.fromkeys((letter, letter.upper(), "\u212a" if letter == "k" else letter))
    )


# Inline headings: the value follows on the same line.
_INLINE_RE: Final = re.compile(
    r"(?P<heading>%s)(?:[ \t]*+:)?+(?:[ \t]++(?=\S)|$)"
    r"|(?P<colon_heading>%s)[ \t]*+:(?:[ \t]*+(?=\S)|$)"
    % (
        "|".join(re.escape(w) for w in sorted(INLINE_HEADINGS, key=len, reverse=True)),
        "|".join(re.escape(w) for w in sorted(COLON_HEADINGS, key=len, reverse=True)),
    ),
    re.IGNORECASE,
)

# The rows that can open a section, each found from the newline before it: a row of heading
# words (with decoration and colons around them), a row starting with an inline heading or a
# "#", and (group 1, found from the row above, a blank one) a row of up to 60 characters with a
# blank row after it, the shape of an unknown heading. Each match ends where its row ends.
# A superset: ``_open_section`` decides; every other row is body text in any state.
_CANDIDATE_RE: Final = re.compile(
    r"\n[ \t]*+(?:"
    r"[{deco}]*+(?:{headings})[{deco}:]*+(?=\n|\Z)"
    r"|(?:{inline}|\#)[^\n]*+"
    r"|\n[ \t]*+([^ \t\n][^\n]{{0,59}}+)[ \t]*+(?=\n[ \t]*+(?:\n|\Z)|\Z)"
    r")".format(
        deco=re.escape(_DECORATION),
        headings=_by_first_letter(SECTION_HEADINGS),
        inline=_by_first_letter(_INLINE_KEYS),
    )
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
    splitter = _Splitter(doc.value)
    for line, lstart, prev_blank, next_blank in _candidate_rows(doc.value):
        # a longer row opens nothing, not even an unknown section
        if line and (len(line) <= _LONGEST_HEADING or line[0] in _INLINE_FIRST or line[0] == "#"):
            opened = _open_section(line, lstart, splitter.current, prev_blank, next_blank)
            if opened is not None:
                splitter.open(opened, lstart + len(line))
    return splitter.finish()


def _candidate_rows(value: str) -> Iterator[tuple[str, int, bool, bool]]:
    """The page's first row, then each row ``_CANDIDATE_RE`` finds: its text without the white
    space around it, where that text starts, and whether the rows before and after are blank."""
    size = len(value)
    row_end = value.find("\n")
    if row_end < 0:
        row_end = size
    right = value[:row_end].rstrip(" \t")
    line = right.lstrip(" \t")
    yield line, len(right) - len(line), True, _next_blank(value, row_end, size)
    for m in _CANDIDATE_RE.finditer(value):
        if m.lastindex is None:  # a heading, inline heading or "#" row
            right = value[m.start() + 1 : m.end()].rstrip(" \t")
            line = right.lstrip(" \t")
            lstart = m.start() + 1 + len(right) - len(line)
            yield line, lstart, _prev_blank(value, m.start() + 1), _next_blank(value, m.end(), size)
        else:  # a short row with a blank row on each side
            yield m.group(1).rstrip(" \t"), m.start(1), True, True


class _Splitter:
    """One pass over a page's heading rows: the sections so far and where body text lies.

    A section's body runs from the first to the last non-space character between its heading
    and the next one (``-1`` until known); text before the first heading forms the title.
    """

    __slots__ = ("current", "first_content", "last_content_end", "scan_from", "sections", "value")

    def __init__(self, value: str) -> None:
        self.value = value
        self.sections: list[RawSection] = []
        self.current: RawSection | None = None
        self.first_content = -1  # the page's first non-space character, once seen
        self.last_content_end = 0  # end of the last body text seen
        self.scan_from = 0  # the text from here on is not yet counted as content

    def open(self, opened: RawSection, row_end: int) -> None:
        """Close the current section at its last text and make ``opened`` current."""
        self._count_text(opened.start, at_heading=True)
        if not self._demote_empty_unknown():
            if self.current is not None:
                self.current.body_end = max(self.last_content_end, self.current.body_start)
            elif opened.start > self.first_content:
                self._add_title()
        self.current = opened
        self.sections.append(opened)
        self.scan_from = row_end
        self.last_content_end = row_end if opened.body_start > opened.start else opened.body_start

    def finish(self) -> list[RawSection]:
        """Close the last section at the page's end; a heading with no body ends at its own row."""
        self._count_text(len(self.value), at_heading=False)
        if not self._demote_empty_unknown():
            if self.current is not None:
                self.current.body_end = max(self.last_content_end, self.current.body_start)
            elif self.first_content >= 0:
                self._add_title()
        for sec in self.sections:
            if sec.body_start == -1:
                sec.body_start = sec.body_end = _heading_end(sec, self.value)
        return self.sections

    def _count_text(self, end: int, *, at_heading: bool) -> None:
        """Note the body text between the last row read and ``end`` (a heading or the page's end)."""
        gap = self.value[self.scan_from : end]
        text = gap.lstrip(" \t\n")
        if text:  # the rows since the last heading hold text
            if self.first_content < 0:
                self.first_content = end - len(text)
            current = self.current
            if current is not None and current.body_start == current.body_end == -1:
                current.body_start = end - len(text)
            self.last_content_end = self.scan_from + len(gap.rstrip(" \t\n"))
        elif at_heading and self.first_content < 0:
            self.first_content = end

    def _demote_empty_unknown(self) -> bool:
        """Undo an unknown heading followed straight by another heading (or the page's end): it
        was a short line of text, now the end of the section before it."""
        current = self.current
        if current is None or current.key != "unknown" or current.body_start != -1 or len(self.sections) <= 1:
            return False
        demoted = self.sections.pop()
        current = self.current = self.sections[-1]
        if current.body_start == -1:
            current.body_start = demoted.start
        current.body_end = _heading_end(demoted, self.value)
        return True

    def _add_title(self) -> None:
        self.sections.append(RawSection("title", "", self.first_content, self.first_content, self.last_content_end))


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
    bulleted = line[0] in BULLETS and line[1:2] in (" ", "\t")
    if len(line) <= _LONGEST_HEADING and not bulleted and not (in_criteria and line[-1] == ":"):
        # a bulleted line is an item, and "Contacts:" inside the criteria is a topic, not a section
        words = _heading_words(line)
        key = SECTION_HEADINGS.get(words.lower())
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


def first_sections(doc: Text, sections: list[RawSection]) -> tuple[dict[str, RawSection], tuple[Issue, ...]]:
    """The first section of each key, the one read; a repeated or unknown heading gives an issue."""
    first: dict[str, RawSection] = {}
    issues: list[Issue] = []
    for raw in sections:
        if raw.key in first and raw.key != "unknown":
            message = f'section "{raw.heading}" appears again; only the first is read'
            issues.append(Issue("sections.duplicate", message, Severity.WARNING, doc.span(raw.start, raw.body_end)))
            continue
        first.setdefault(raw.key, raw)
        if raw.key == "unknown":
            message = f'unknown section "{raw.heading}" kept as is'
            issues.append(Issue("sections.unknown_heading", message, Severity.INFO, doc.span(raw.start, raw.body_end)))
    return first, tuple(issues)
