"""Criteria reading, part 2: flattened text, where a scraper ran a list into one line.

A line is cut only where a marker is unambiguous (see ``trialparse.criteria``'s grammar).
"""

from __future__ import annotations

import re
from typing import Final

from trialparse import _regex as _rx
from trialparse._criteria_lines import _MARKER_RE, _Event, _Item, _label_family, _on_first_use

# Places inside a line where a flattened list may continue (filtered by the rules in _splits).
# A new alternative's first character goes into _INLINE_START_RE too (and into the alphabet of
# test_inline_matches_are_what_finditer_finds, which checks the two agree).
_INLINE_RE: Final = _on_first_use(
    r"""
    (?<=\s)(?P<num>\(?[0-9]{1,3}+)(?P<delim>\\?[.)])(?=[ \t]++[^\s0-9]|[A-Z])
    | (?<=\s)(?P<star>\*)(?=[ \t]++[^\s0-9*])
    | (?P<dot>•)[ \t]*+(?=\S)
    | (?P<circled>[\u2460-\u2473])
    | (?:(?<=[.;:][ \t])|(?<=[.;:][ \t][ \t]))(?P<dash>-)(?=[ \t]++[A-Z\u00c0-\u00de])
    """,
    re.VERBOSE,
)

# The characters an _INLINE_RE match can start with (its lookbehinds consume nothing). The
# alternation has no prefix the matcher can skip to, so finditer tries every alternative at
# every position (~0.2 µs a character); _inline_matches tries only where this class matches.
_INLINE_START_RE: Final = _rx.compile(r"[(0-9*\-•\u2460-\u2473]")

# Cheap first looks for _may_split (keep in sync with _INLINE_RE): one simple class each,
# several times faster than one alternation of all of them.
_NUMBER_MARK_RE: Final = re.compile(r"[0-9]\\?[.)](?:[ \t]|[A-Z])")

_STAR_MARK_RE: Final = _rx.compile(r"\s\*[ \t]")

_DASH_MARK_RE: Final = _rx.compile(r"[.;:][ \t][ \t]?-[ \t]")

_WIDE_MARK_RE: Final = _rx.compile(r"[•\u2460-\u2473]")


def _may_split(text: str, family: str, label: str | None) -> bool:
    """A cheap first look for an inline marker (see _INLINE_RE); most items have none.

    What ``_inline_cuts`` can cut depends on the item's ``family``: "•" and circled numbers
    any item, numbers only a numbered one (or after a "•"), and there the next number first
    ("3." after item 2: "(6) weeks" in item 2 is not scanned), " * " only a "*" item and
    " - " only a "-" item.
    """
    if family.startswith("num") or family == "circled":
        following = str(int(label) + 1) if label is not None and label.isdigit() else "1"
        if (
            following in text  # most items: the next number is nowhere in the text (one scan, not three)
            and (following + "." in text or following + ")" in text or following + "\\" in text)
            and _NUMBER_MARK_RE.search(text)
        ):
            return True
    elif family == "bullet*":
        if "*" in text and _STAR_MARK_RE.search(text):
            return True
    elif family == "bullet-" and "-" in text and _DASH_MARK_RE.search(text):
        return True
    return not text.isascii() and _WIDE_MARK_RE.search(text) is not None


def _split_inline(value: str, first: _Item, events: list[_Event]) -> None:
    """Split a flattened item where a marker is unambiguous; see the module docstring."""
    cuts = _inline_cuts(value, first)
    current = first
    e = first.text_end
    for m, label, family in cuts:
        end = m.start()
        while end > current.text_start and value[end - 1] in " \t":
            end -= 1
        current.text_end = end
        indent = first.indent
        if current is first and value[current.text_start : end].endswith(":"):
            indent = first.indent + 1  # "Prior therapy: 1. … 2. …": the run is the heading's children
        nxt = _Item(indent, m.start(), m.end(), e, label, family, first.content_col)
        if m.group("dot") is not None:
            inner = _MARKER_RE.match(value, m.end(), e)
            if inner is not None and inner.end() < e and inner.group("num") is not None:
                nxt.label, nxt.family = _label_family(inner)
                nxt.text_start = inner.end()
        events.append(nxt)
        current = nxt


def _inline_matches(value: str, s: int, e: int) -> list[re.Match[str]]:
    """What ``_INLINE_RE().finditer(value, s, e)`` gives, trying only where a match can start."""
    pattern = _INLINE_RE()
    out: list[re.Match[str]] = []
    last_end = s
    for c in _INLINE_START_RE.finditer(value, s, e):
        at = c.start()
        if at < last_end:
            continue  # inside the previous match
        m = pattern.match(value, at, e)
        if m is not None:
            out.append(m)
            last_end = m.end()
    return out


def _inline_cuts(value: str, first: _Item) -> list[tuple[re.Match[str], str | None, str]]:
    """Where ``first``'s line splits into more items, with each new item's label and family.

    A number splits when it continues the run (…, 7, 8) and stands after a non-letter; after a
    letter ("1. foo 2. bar 3. baz") only when the run goes on for at least two more numbers,
    so "grade 2." inside a sentence stays whole. ``6)`` closing an open "(" never splits.
    """
    s, e = first.text_start, first.text_end
    numbered = first.family.startswith("num") or first.family == "circled"
    expected = int(first.label) + 1 if numbered and first.label is not None and first.label.isdigit() else 1
    cuts: list[tuple[re.Match[str], str | None, str, bool]] = []
    opened = 0  # "(" minus ")" since the current item's start
    scanned = s  # parentheses are counted once, up to here: the scan stays linear
    for m in _inline_matches(value, s, e):
        if m.start() > scanned:
            opened = max(opened + value.count("(", scanned, m.start()) - value.count(")", scanned, m.start()), 0)
            scanned = m.start()
        label: str | None = None
        family = first.family
        after_letter = False
        if m.group("num") is not None:
            raw = m.group("num")
            paren = raw.startswith("(")
            digits = raw.lstrip("(")
            delim = m.group("delim").lstrip("\\")
            if not numbered or int(digits) != expected or (paren and delim != ")"):
                continue
            if delim == ")" and not paren and opened > 0:
                continue
            prev = m.start() - 1
            while prev >= s and value[prev] in " \t":
                prev -= 1
            if prev < s:
                continue
            after_letter = value[prev].isalpha()
            label = digits
            family = "num" + ("()" if paren else delim)
            expected += 1
        elif m.group("star") is not None:
            if first.family != "bullet*":
                continue
        elif m.group("dash") is not None:
            if first.family != "bullet-":
                continue
        elif m.group("dot") is not None:
            family = "bullet•"
            inner = _MARKER_RE.match(value, m.end(), e)
            if inner is not None and inner.group("num") is not None:
                numbered = True
                expected = int(inner.group("num")) + 1
        else:
            label = str(ord(m.group("circled")) - 0x245F)
            family = "circled"
        cuts.append((m, label, family, after_letter))
        opened = 0
        scanned = max(scanned, m.end())
    numbers = [c for c in cuts if c[1] is not None and c[2].startswith("num")]
    if len(numbers) < 2:
        cuts = [c for c in cuts if not c[3]]
    return [(m, label, family) for m, label, family, _ in cuts]
