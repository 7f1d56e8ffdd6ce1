"""Criteria reading, part 1: the line model (events) and list markers.

A criteria section is read line by line into events (``_Item``, ``_Header``, ``_Plain``, or
``None`` for a blank line); ``trialparse.criteria`` holds the grammar and the tokenizer,
``_criteria_flat`` splits flattened lines, ``_criteria_tree`` folds the events into trees.
"""

from __future__ import annotations

import re
from typing import Final

from trialparse.text import lazy_pattern
from trialparse.vocabulary import (
    BULLETS,
    CIRCLED_NUMBERS,
    FOOTNOTE_MARKS,
    GLUED_BULLETS,
    HEADER_VERBS,
    LETTER_BULLETS,
    MAX_LETTER_LABEL,
    MAX_NUMBER_LABEL,
    NUMBER_DELIMITERS,
    ROMAN_DIGITS,
    population_alternation,
)

_LEADIN_COLON_RE: Final = lazy_pattern(
    r"(?:following|below|\bof|either|such\ as|including|includes?|namely|as\ follows|criteria|any|are|"
    r"must|these|conditions|e\.g\.|i\.e\.|example)\s*+:$",
    re.IGNORECASE | re.VERBOSE,
)

# A sentence stopping at "if they:" leads in for the study's people in general ("Subjects will be
# excluded if they:", "Are eligible if they:"): its subject one of theirs or none, the verb next.
# A subject of its own ("Women are excluded if they:") is the item its list applies to.
_GENERIC_IF_THEY: Final = (
    r"|^(?:(?:(?:the|all|any)\ )?%s\ )?(?:%s)\b[^\n]*?\bif\ (?:they|he|she|the\ (?:subject|patient|participant))\s*+:$"
    % (population_alternation("study_people", "study_person"), "|".join(sorted(HEADER_VERBS)))
)

_LEADIN_SENTENCE_RE: Final = lazy_pattern(
    r"\b(?:following|all\ of|any\ of|must\ (?:meet|satisfy|fulfil+|have)|eligible|criteria)\b"
    + _GENERIC_IF_THEY
    + r"|\b(?:with|of|who|that|if|are|is|having|and|or|the|following)\s*+:?$",
    re.IGNORECASE | re.VERBOSE,
)

_ROMAN_CHARS: Final = frozenset(ROMAN_DIGITS)
_ROMAN: Final = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv", "xv")

_MARKER_RE: Final = re.compile(
    r"""
    (?:
      (?P<bullet>\\?[%(bullets)s])(?=[ \t]|$)
    | (?P<gbullet>[%(glued)s])(?=[^\W\d_])
    | (?P<obullet>[%(letters)s])(?=[ \t]++\S)
    | (?P<circled>[%(circled)s])
    | \((?P<pnum>[0-9]{1,%(digits)d}+[a-z]?+|[%(roman)s]{1,%(roman_len)d}+|[a-zA-Z](?:\.[ivx]{1,4}+)?+)\)(?=[ \t]|$)
    | (?P<sub>[0-9]{1,%(digits)d}+[a-z])(?P<subdelim>\\?[%(delims)s])(?=[ \t])
    | (?P<dotted>[0-9]{1,2}+\.[0-9]{1,2}+)(?P<dotdelim>\.(?=[ \t])|(?=[ \t]++[A-Z][a-z]))  # "8.1 Text": names its parent 8
    | (?P<num>[0-9]{1,%(digits)d}+)(?P<numdelim>\\?[%(delims)s])(?![0-9])
    | (?P<alpha>[%(roman)s]{1,%(roman_len)d}+|[a-zA-Z])(?P<alphadelim>\\?[%(delims)s])(?=[ \t]|$)
    )
    [ \t]*+
    (?:[.,;:][ \t]++)?+  # debris of a lost label ("* . Received …", "* : Infant …"): part of the marker
    """
    % {
        "bullets": re.escape(BULLETS),
        "glued": re.escape(GLUED_BULLETS),
        "letters": re.escape(LETTER_BULLETS),
        "circled": "".join(CIRCLED_NUMBERS),
        "digits": MAX_NUMBER_LABEL,
        "roman": ROMAN_DIGITS,
        "roman_len": MAX_LETTER_LABEL,
        "delims": re.escape(NUMBER_DELIMITERS),
    },
    re.VERBOSE,
)

# "4 .Text" (a space before the dot) and "1.21 years" (a glued number, a marker only when the next
# number follows on the line: see _odd_number_marker)
_ODD_NUMBER_RE: Final = re.compile(r"(?P<num>[0-9]{1,2})(?:[ \t]\.(?=[^\W\d_])|\.(?P<glued>(?=[0-9])))[ \t]*+")


# Plain slotted classes, not attrs: they live for one call, and attrs' generated methods
# cost about a millisecond each at import.
class _Item:
    __slots__ = (
        "content_col",
        "family",
        "guess",
        "indent",
        "inline",
        "label",
        "parent_label",
        "start",
        "text_end",
        "text_start",
    )

    def __init__(
        self, indent: int, start: int, text_start: int, text_end: int, label: str | None, family: str, content_col: int
    ) -> None:
        self.indent = indent
        self.start = start  # marker start
        self.text_start = text_start
        self.text_end = text_end
        self.label = label
        self.family = family
        self.content_col = content_col
        self.guess = False  # its children were chosen by a guess between two plausible readings
        self.inline = False  # cut from a flattened line (its indent is its level there, not a column)
        # the label of the item this one's label names as its parent ("5" for "5a", "b" for "b.i")
        self.parent_label = _parent_label(label) if family[:3] == "sub" and label is not None else None


def _parent_label(label: str) -> str:
    """The parent's label that a sub-item's label repeats as its stem.

    >>> _parent_label("5a"), _parent_label("12b"), _parent_label("b.ii")
    ('5', '12', 'b')
    """
    return label.partition(".")[0] if "." in label else label[:-1]


class _Header:
    __slots__ = ("cohort", "end", "every_group", "side", "start", "words", "words_end", "words_start")

    def __init__(
        self,
        side: str | None,
        start: int,
        end: int,
        cohort: str | None,
        words: str,
        words_start: int = -1,
        words_end: int = -1,
    ) -> None:
        self.side = side  # None: page chrome
        self.start = start
        self.end = end
        self.cohort = cohort  # cohort heading text, when the header names a sub-population
        self.words = words
        self.words_start = words_start  # the heading words without decoration ("* ", "**") or colon
        self.words_end = words_end
        self.every_group = False  # "… for all groups", "… for Groups 1-3": the side's header where it opens the side


class _Plain:
    __slots__ = ("after_header", "end", "fresh", "indent", "marker_start", "start")

    def __init__(self, indent: int, start: int, end: int, after_header: bool = False) -> None:
        self.indent = indent
        self.start = start
        self.end = end
        self.after_header = after_header
        self.fresh = False  # the line break before it is deliberate (one criterion per line), no wrap
        self.marker_start = -1  # a bullet unmarked as a lead-in: where its marker starts (kept in the span)


class _TitleLine(_Plain):
    """A title set free from a side header's line (``_criteria_headers._title_repeated_headers``):
    it heads the items under it whatever its case ("Inclusion criteria: atopic patients")."""

    __slots__ = ()


_Event = _Item | _Header | _Plain | None  # None = blank line


def _indent_width(value: str, start: int, end: int) -> tuple[int, int]:
    """Width of the leading white space (tabs to the next multiple of 4) and where text starts."""
    width = 0
    pos = start
    while pos < end:
        ch = value[pos]
        if ch == " ":
            width += 1
        elif ch == "\t":
            width += 4 - width % 4
        else:
            break
        pos += 1
    return width, pos


# A row of a flattened table whose first cell is a range: "1. to < 2 years 0.6 0.6" (ages, doses)
_RANGE_ROW_RE: Final = re.compile(r"[0-9]{1,3}[.)][ \t]++(?:to|-|–)[ \t]++(?:\\?[<>≤≥][ \t]*+)?[0-9]")


def _may_be_marker(value: str, s: int, e: int) -> bool:
    """A cheap first look at the line's start, so most text lines skip the marker pattern; a
    number that opens a range ("1. to < 2 years 0.6 0.6", a table row) is no marker."""
    c = value[s]
    if not c.isalpha():
        return not (c.isdigit() and _RANGE_ROW_RE.match(value, s, e) is not None)
    nxt = value[s + 1 : s + 2]
    return nxt in {".", ")", "\\"} or (c in LETTER_BULLETS and nxt in {" ", "\t"}) or c in _ROMAN_CHARS


def _odd_number_marker(value: str, s: int, e: int) -> tuple[str, int] | None:
    """A number marker written oddly: "4 .Text", or "1.21 years … 2. …" (the next number follows on the line).

    "1.21" alone is a decimal; it is item 1 only when the line goes on with item 2's marker.
    """
    m = _ODD_NUMBER_RE.match(value, s, e)
    if m is None:
        return None
    label = m.group("num").lstrip("0") or "0"
    if m.group("glued") is not None and not _has_number_marker(value, int(label) + 1, m.end(), e):
        return None
    return label, m.end()


def _has_number_marker(value: str, number: int, s: int, e: int) -> bool:
    """Whether ``value[s:e]`` holds "N." or "N)" after a space or a sentence end ("… 2. Text")."""
    for token in (f"{number}.", f"{number})"):
        at = value.find(token, s, e)
        while at >= 0:
            if value[at - 1] in " \t" and value[at + len(token) : at + len(token) + 1] in (" ", "\t"):
                return True
            at = value.find(token, at + 1, e)
    return False


# (which alternative, marker as matched) -> _label_family: a page repeats its markers ("1. " in
# each list), and a lookup costs about a third of reading the groups; bounded (cleared when full)
_LABEL_FAMILIES: Final[dict[tuple[str | None, str], tuple[str | None, str]]] = {}


def _label_family(m: re.Match[str]) -> tuple[str | None, str]:
    """The label and family of a ``_MARKER_RE`` match, from what it matched (which fixes its groups)."""
    key = (m.lastgroup, m.group())
    if len(key[1]) > 16:  # a marker followed by a run of spaces: not worth keeping (memory)
        return _read_label_family(m)
    found = _LABEL_FAMILIES.get(key)
    if found is None:
        if len(_LABEL_FAMILIES) >= 1024:
            _LABEL_FAMILIES.clear()
        found = _LABEL_FAMILIES[key] = _read_label_family(m)
    return found


def _read_label_family(m: re.Match[str]) -> tuple[str | None, str]:
    # the alternatives of _MARKER_RE are disjoint and each ends with its last group
    kind = m.lastgroup
    if kind == "bullet":
        return None, "bullet" + m.group("bullet").lstrip("\\")
    if kind == "numdelim":
        return m.group("num").lstrip("0") or "0", "num" + m.group("numdelim").lstrip("\\")
    if kind == "alphadelim":
        label = m.group("alpha")
        return label, _kind(label) + m.group("alphadelim").lstrip("\\")
    if kind == "subdelim":
        return m.group("sub").lstrip("0"), "sub" + m.group("subdelim").lstrip("\\")
    if kind == "dotdelim":
        return m.group("dotted"), "sub."
    if kind == "gbullet":
        return None, "bullet" + m.group("gbullet")
    if kind == "obullet":
        return None, "bullet" + m.group("obullet")
    if kind == "circled":
        return str(CIRCLED_NUMBERS[m.group("circled")]), "circled"
    label = m.group("pnum")
    return label, _kind(label) + "()"


def _kind(label: str) -> str:
    if label.isdigit():
        return "num"
    if not label.isalpha():
        return "sub"  # "(5a)", "(b.i)": a label that names its parent's too
    if len(label) > 1 or label in "iI":
        return "roman" if label.islower() else "ROMAN"
    return "alpha" if label.islower() else "ALPHA"


# A lead-in phrase without its colon at the end of an item: "… at least one of the following"
_LEADIN_END_RE: Final = re.compile(
    r"\b(?:the\ following|as\ follows|any\ of|one\ of|all\ of|either|following\ criteria|such\ as|including)[ \t]*+$",
    re.IGNORECASE | re.VERBOSE,
)
_LEADIN_ENDINGS: Final = ("following", "follows", "of", "either", "criteria", "as", "including")


def _ends_with_leadin(value: str, s: int, e: int) -> bool:
    """Whether ``value[s:e]`` ends with a lead-in phrase but no colon ("… one of the following")."""
    while e > s and value[e - 1] in " \t":
        e -= 1
    return value.endswith(_LEADIN_ENDINGS, s, e) and _LEADIN_END_RE.search(value, max(s, e - 40), e) is not None


def _next_label(label: str, family: str) -> str:
    """The label that follows ``label`` in its family, "" where none can (after "z", or a
    circled number met inside a lettered list)."""
    if label.isascii() and label.isdigit():
        return str(int(label) + 1)
    stem, dot, last = label.rpartition(".")
    if dot and stem.isdigit() and last.isascii() and last.isdigit():
        return f"{stem}.{int(last) + 1}"  # "8.1" -> "8.2"
    if family[:5].lower() == "roman":
        at = _ROMAN.index(label.lower()) if label.lower() in _ROMAN else len(_ROMAN) - 1
        following = _ROMAN[at + 1] if at + 1 < len(_ROMAN) else "?"
        return following if label.islower() else following.upper()
    if len(label) == 1 and label.isascii() and label.isalpha() and label not in "zZ":
        return chr(ord(label) + 1)
    return ""


# --- what a line says: remarks, headings, populations (the tree reads lines by these) ---------

# A remark about the list rather than a requirement: "Other protocol-defined criteria may apply.",
# "Note: further criteria apply", "Additional requirements are described in the protocol".
# Between "other/additional" and the noun only words that name the list may stand ("Other
# protocol-defined inclusion/exclusion criteria"): "Other conditions that do not meet the
# eligibility criteria." is a requirement that merely mentions criteria. The noun may be left out
# ("Other protocol-related inclusion/exclusion may apply.").
_LIST_NAMING_WORDS: Final = (
    "inclusion|exclusion|eligibility|study|protocol|trial|entry|enrol(?:l)?ment|selection|key|specific"
    "|defined|specified|related|and|or|&"
)
_CLOSING_START_RE: Final = re.compile(
    r"(?:[*_\\\[(]{0,3}+(?:notes?|please\ note)[ \t]*+[:\-]?[ \t]*+)?+[*_\\\[(]{0,3}+"
    r"(?:(?:all\ |any\ |there\ (?:are|may\ be)\ )?(?:other|additional|further|more)"
    r"(?:[ \t/,\-]++(?:%s)\b){0,6}+(?:[ \t/,\-]++(?:criteria|criterion|requirements|restrictions|information|details)\b"
    r"|[ \t]++(?:may\ |will\ )?appl(?:y|ies)\b)"
    r"|the\ above\ (?:information|criteria|list)\b)" % _LIST_NAMING_WORDS,
    re.IGNORECASE | re.VERBOSE,
)

_CLOSING_WORDS_RE: Final = re.compile(
    r"\b(?:criteria|criterion|requirements|restrictions|inclusion|exclusion|information)\b[^\n]{0,80}?"
    r"\b(?:appl(?:y|ies|ied|icable)|protocol|described|defined|specified|listed|exist|considerations)\b"
    r"|\b(?:described|defined|specified|listed|detailed)\ in\ the\ (?:study\ )?protocol\b"
    # "There are additional inclusion and exclusion criteria.": the sentence that says so is the remark
    r"|^(?:there\ (?:are|may\ be)\ )?(?:other|additional|further)\b[^.\n]{0,60}?\bcriteria\.",
    re.IGNORECASE | re.VERBOSE,
)

# A heading that names another population than the patients: "Donors: …", "Healthy volunteers:"
_POPULATION_RE: Final = re.compile(
    r"(?:%s\ )?%s\b[^:\n]{0,60}:" % (population_alternation("population_qualifier"), population_alternation("other_population")),
    re.IGNORECASE | re.VERBOSE,
)


# A sentence that says what is not a criterion: "… are not considered exclusion criteria."
_NOT_A_CRITERION_RE: Final = re.compile(
    r"\b(?:is|are)\ not\ (?:considered|regarded\ as)\ (?:an?\ )?(?:inclusion|exclusion)\ criteri", re.IGNORECASE | re.VERBOSE
)
# A list's lead-in written as its first item: "1. Subjects must meet all of the following inclusion criteria:"
_LIST_LEADIN_RE: Final = re.compile(
    r"\b(?:all|any|each|one)\ of\ the\ following(?:\ (?:inclusion|exclusion))?(?:\ criteria)?[ \t]*+:$",
    re.IGNORECASE | re.VERBOSE,
)


# Where a paragraph of a section without headers runs two criteria together: "…; Individuals …"
_CLAUSE_CUT_RE: Final = re.compile(r";(?=[ \t][A-Z][a-z])")
# A number without its punctuation at the start of a line: "6 Patient agrees …"
_BARE_NUMBER_RE: Final = re.compile(r"([0-9]{1,2})[ \t]++(?=[A-Z])")
# A footnote under the list: "1* Family history of allergy is defined as …", "\*Definition of …:", "† …"
_FOOTNOTE_RE: Final = re.compile(r"(?:[0-9]{1,2}\\?\*|\\?\*{1,3}|[%s])(?=[ \t]*+[^\W\d_])" % re.escape(FOOTNOTE_MARKS))


# How a marked closing remark can start (a cheap first look before _is_closing_remark)
_CLOSING_FIRST_WORDS: Final = (
    "Other",
    "other",
    "OTHER",
    "Note",
    "NOTE",
    "Additional",
    "Further",
    "There",
    "The above",
    "All other",
)


def _is_closing_remark(text: str) -> bool:
    """A remark about the list ("Other protocol-defined criteria may apply.") or a footnote: a note."""
    if _FOOTNOTE_RE.match(text) is not None:
        return True
    if len(text) >= 300:
        return False
    if _CLOSING_START_RE.match(text) is not None and _CLOSING_WORDS_RE.search(text) is not None:
        return True
    return _NOT_A_CRITERION_RE.search(text) is not None


# Verbs that make a line ending with ":" a sentence ("… excluded if they have:"), not a topic heading
_SENTENCE_VERB_RE: Final = re.compile(r"\b(?:have|has|are|is|must|will|should|were|was|be|meet|meets)\b", re.IGNORECASE)


def _is_topic_line(text: str) -> bool:
    """ "Prior therapy:", "DISEASE CHARACTERISTICS:": a short line ending with ":" that is no sentence."""
    return len(text.split()) <= 10 and _SENTENCE_VERB_RE.search(text) is None


def _is_population_heading(text: str) -> bool:
    return len(text) < 120 and _POPULATION_RE.match(text) is not None


_TRAILING_PARENTHESIS_RE: Final = re.compile(r"\([^()\n]{0,60}\)[ \t]*$")


def _looks_like_heading(text: str) -> bool:
    """A short title ("Demographics", "Renal exclusions:", "Part 1 Cohort 2 only (PA Participants)"): few
    words besides a closing parenthesis, capitalised, no sentence end or value."""
    title = _TRAILING_PARENTHESIS_RE.sub("", text.rstrip(":"))  # "(n=20)" is no value of a criterion
    words = title.split()
    return (
        0 < len(words) <= 5
        and text[:1].isupper()
        and text[-1:] not in ".;,"
        and not any(c in title for c in "<>=≤≥%")
        and _LEADIN_SENTENCE_RE().search(text) is None
    )
