"""Criteria reading: the text on a side header's line when a list was run into it (flattened
text, where every line of a page was joined by a space).

Laid out in lines, a lead-in sentence ("Subjects who meet each of the following criteria are
eligible:") or a first criterion stands on its own line over the list; the tree reads such a
lead-in right under a header as a note and other text as an item, the list's items its
siblings. Here that line is found again: the text before the list's first marker, or a first
bullet naming the side ("* Patients are to be excluded … any of the following:").
"""

from __future__ import annotations

import re
from typing import Final

from trialparse._criteria_flat_marks import _bullet_before_value
from trialparse._criteria_lines import _LEADIN_SENTENCE_RE, _MARKER_RE, _Event, _label_family, _may_be_marker, _Plain
from trialparse.text import lazy_pattern
from trialparse.vocabulary import BULLETS, FIRST_LABELS

# Where a list may start inside the text on a header's line (flattened text): a bullet before a
# word, or the first number or letter of a run ("1." "(1)" "a)" "A.")
# ("* 18 years of age" too: a star or "•" before a value, where the flattened line's scan cuts it)
_LIST_IN_TEXT_RE: Final = re.compile(
    r"(?<=\s)(?:[*•\-–](?=[ \t]++[^\W\d_])|(?P<value>[*•])(?=[ \t]++[0-9≥≤<>])|\(?+(?:1|a|A)[.)](?=[ \t]++[^\W\d_]))"
)
# A lead-in that names its side ("Patients are to be excluded … if they have any of the
# following:", "Subjects who meet each of the following criteria are eligible …")
_SIDE_LEADIN_RE: Final = lazy_pattern(r"\b(?:exclu|inclu|eligib|enrol|criteria\b)", re.IGNORECASE)


def _leadin_before_list(value: str, s: int, e: int, indent: int, events: list[_Event]) -> int:
    """The text on a header's line before a list run into it (flattened text): "Exclusion
    Criteria:Patients with * vertebral fracture, * …", "Inclusion Criteria: Subjects who meet
    each of the following criteria are eligible for inclusion: 1. … 2. …", and a first bullet
    naming the side ("Exclusion Criteria: * Patients are to be excluded … any of the following:
    * … * …"). Laid out in lines, such text stands on its own line over the list, where the
    tree reads a lead-in as a note and other text as an item, the list's items its siblings;
    here it becomes that line. Returns where the rest of the text starts."""
    marked = _may_be_marker(value, s, e) and _MARKER_RE.match(value, s, e) is not None
    at = _bullet_leadin_end(value, s, e) if marked else _list_after_text(value, s, e)
    if at < 0:
        return s
    marker_start = s if marked else -1
    if marked:
        first = _MARKER_RE.match(value, s, e)
        s = first.end() if first is not None else s
    end = at
    while end > s and value[end - 1] in " \t":
        end -= 1
    plain = _Plain(indent, s, end, True)
    plain.marker_start = marker_start  # the bullet stays inside the lead-in's span
    events.append(plain)
    return at


def _list_after_text(value: str, s: int, e: int) -> int:
    """Where a list starts after unmarked text (its first marker, with its next member later on
    the line; a lone bullet after a colon); -1 where none does, or the text before it is a
    heading over it ("Concomitant medication: a. … b. …", read by _split_plain)."""
    m = next(
        (
            m
            for m in _LIST_IN_TEXT_RE.finditer(value, s, min(e, s + _LEADIN_REACH))
            if m.group("value") is None or _bullet_before_value(value, m.start(), e)
        ),
        None,
    )
    if m is None:
        return -1
    head = value[s : m.start()].rstrip()
    if head.count("(") > head.count(")"):
        return -1  # "(height * weight)": inside parentheses
    mark = m.group()
    if mark[-2:-1] in {"1", "a", "A"}:
        nxt = mark.replace(mark[-2], chr(ord(mark[-2]) + 1))
        if value.find(" " + nxt, m.end(), e) < 0:
            return -1
    elif value.find(" %s " % mark, m.end(), e) < 0 and not head.endswith(":"):
        return -1
    if head.endswith((":", "：")) and _LEADIN_SENTENCE_RE().search(head) is None:
        return -1
    return m.start()


def _side_leadin_over_list(value: str, at: int, e: int) -> bool:
    """Whether a sentence naming the side, ending with ":", then a list's first marker stand at
    ``at`` ("Exclusion Criteria Subjects meeting any of the following exclusion criteria will not
    be eligible …: 1. Prior …"): the header's lead-in, so the words before it are the header."""
    if at >= e or not value[at].isupper():
        return False
    colon = value.find(":", at, min(e, at + _LEADIN_REACH))
    if colon < 0 or value.find(". ", at, colon) >= 0 or _SIDE_LEADIN_RE().search(value, at, colon) is None:
        return False
    if _LOOSE_BULLET_RE.search(value, at, colon) is not None:
        return False  # "Inclusion Criteria Partner * Females …": items, no sentence
    first = _skip_blanks(value, colon + 1, e)
    marker = _MARKER_RE.match(value, first, e) if first < e else None
    return marker is not None and _opens_list(value, marker, e)


def _bullet_leadin_end(value: str, s: int, e: int) -> int:
    """Where a first bullet naming the side, ending with ":", ends and the list it leads starts
    (the same bullet, twice more on the line); -1 where there is none."""
    if value[s] not in BULLETS or not value[s + 1 : s + 2].isspace():
        return -1
    mark = " %s " % value[s]
    at = value.find(mark, s + 1, min(e, s + _LEADIN_REACH))
    if at < 0 or value.find(mark, at + 2, e) < 0:
        return -1
    head = value[s:at].rstrip()
    if not head.endswith(":") or _SIDE_LEADIN_RE().search(value, s, at) is None:
        return -1
    return at + 1


# A bullet between blanks: a list's marker, which no lead-in sentence holds
_LOOSE_BULLET_RE: Final = re.compile(r"\s[%s]\s" % re.escape(BULLETS))
# How far into a header's line a lead-in is looked for: a bound, for hostile lines
_LEADIN_REACH: Final = 400


def _opens_list(value: str, marker: re.Match[str], e: int) -> bool:
    """Whether a marker opens a list (a bullet, "1." "(1)" "a)" "A."; before a word), as the
    first item under a header does; "Exclusion Criteria 5 and 6" holds no marker, and
    "… Criteria 3) above" no first one."""
    label, _ = _label_family(marker)
    if (label is not None and label not in FIRST_LABELS) or marker.end() >= e:
        return False
    return value[marker.end()].isalnum() or value[marker.end()] == "("


def _skip_blanks(value: str, at: int, e: int) -> int:
    """``at`` moved past spaces and tabs."""
    while at < e and value[at] in " \t":
        at += 1
    return at


