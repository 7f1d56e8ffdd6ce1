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
    RENDERED_BULLET,
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


# What a side's lead-in names: the side or the study, and the criteria it leads in to ("A
# participant will be eligible for entry into the study if all of the following criteria are met:");
# "… criteria … that include:" names neither
_SIDE_OR_STUDY_RE: Final = lazy_pattern(
    r"\b(?:(?:in)?eligib|enrol|inclusion|exclusion|included\b|excluded\b|study\b|trial\b)", re.IGNORECASE
)
_CRITERIA_WORD_RE: Final = lazy_pattern(r"\b(?:criteria|requirements)\b", re.IGNORECASE)
# How long a side's lead-in may be: a bound, for hostile lines
_SIDE_LEADIN_REACH: Final = 400


def _unmark_side_leadins(value: str, events: list[_Event]) -> None:
    """A side's first bullet that is the side's lead-in ("* A participant will be eligible for
    entry into the study if all of the following criteria are met:", "* Patients with one or
    more of the following criteria will be excluded:"), with the list under it, reads as the
    line it stands for: an unmarked lead-in right under the header, which the tree reads as a
    note, the list's items the side's own (as its flattened form reads). A first bullet that
    leads in to something else ("* Diagnosis meeting the following criteria:") names neither
    the side nor the study and stays an item."""
    after_header = False
    for i, ev in enumerate(events):
        if ev is None:
            continue
        if isinstance(ev, _Item) and after_header and _is_side_leadin_bullet(value, ev) and _members_at_its_indent(events, i):
            events[i] = _unmarked(ev)
            _raise_cut_members(events, i + 1, ev.indent)
        after_header = isinstance(ev, _Header) and ev.side is not None


def _unmarked(ev: _Item) -> _Plain:
    """The line a bullet stands for once unmarked: its text, its marker still in its span."""
    plain = _Plain(ev.indent, ev.text_start, ev.text_end)
    plain.marker_start = ev.start
    return plain


def _is_side_leadin_bullet(value: str, ev: _Item) -> bool:
    s, e = ev.text_start, ev.text_end
    if ev.label is not None or ev.inline or not 0 < e - s <= _SIDE_LEADIN_REACH or value[e - 1] not in ":：":
        return False
    text = value[s:e]
    # a sentence ("… will be excluded:"), not a title ("Criteria for the study population:")
    return (
        _CRITERIA_WORD_RE().search(text) is not None
        and _SIDE_OR_STUDY_RE().search(text) is not None
        and _SENTENCE_VERB_RE.search(text) is not None
    )


def _members_at_its_indent(events: list[_Event], i: int) -> bool:
    """Whether the next event after blank lines is an item at the lead-in's own indent, or one
    cut from its line (the flattened form of the same layout). Items indented deeper on lines of
    their own are its members by indentation, which outranks the lead-in's words (the decision
    order): the bullet holds them ("* Patients with at least one of the following criteria are
    eligible:" then "  * Diabetes" and "  * Hypertension" is a group, "* Age …" its sibling)."""
    ev = events[i]
    for nxt in events[i + 1 :]:
        if nxt is not None:
            return isinstance(nxt, _Item) and isinstance(ev, _Item) and (nxt.indent == ev.indent or nxt.inline)
    return False


def _raise_cut_members(events: list[_Event], i: int, indent: int) -> None:
    """The items cut from a flattened lead-in's line after it, one level deeper as its members,
    stand at its level once it is a line of its own; the first opens the list as a line of its
    own would (as ``_criteria_runin`` reads a lead-in run into a header's line)."""
    member_indent = -1
    for ev in events[i:]:
        if not isinstance(ev, _Item) or not ev.inline:
            return
        if member_indent < 0:
            member_indent = ev.indent
            ev.inline = False
        if ev.indent == member_indent:
            ev.indent = indent


# A number run into a line after a sentence end: "… 72 hours. 7) >14 days …", "…; (3) and …";
# a one-letter word's dot is an abbreviation's ("CTCAE v. 4)")
_SURVIVING_NUMBER_RE: Final = re.compile(r"(?<=\w\w)[.;][ \t]++(\()?+([0-9]{1,2}+)\)[ \t]++(?=\S)")


class _ListCount:
    """The items of one side's list written one per line, unmarked lines or bullets of one glyph
    at one indent, counted as they come; ``kind`` None once the side holds anything else."""

    __slots__ = ("count", "indent", "kind")

    def __init__(self) -> None:
        self.count = 0
        self.kind: str | None = ""
        self.indent = -1

    def add(self, ev: _Item | _Plain) -> bool:
        """Count ``ev``; whether it is a new item of the list (a wrapped line or a bullet's
        continuation is not)."""
        if self.kind is None:
            return False
        kind = "plain" if isinstance(ev, _Plain) else ev.family
        if isinstance(ev, _Item) and ev.label is not None:
            self.kind = None  # numbered: the numbers speak for themselves
            return False
        if self.kind == "":
            self.kind, self.indent = kind, ev.indent
        elif kind == "plain" and self.kind != "plain" and ev.indent > self.indent:
            return False  # a bullet's wrapped line
        elif kind != self.kind or ev.indent != self.indent or isinstance(ev, _TitleLine):
            self.kind = None
            return False
        elif isinstance(ev, _Plain) and not ev.fresh:
            return False  # a wrapped line of the item before
        self.count += 1
        return True


def _cut_surviving_numbers(value: str, events: list[_Event]) -> None:
    """A list written one criterion per line whose numbers were lost but one, run into a line
    after a sentence end ("… survive for 72 hours. 7) >14 days from symptom onset" as the
    sixth line, "…; (3) and inability to use …" as the second bullet): the number goes on from
    the count of the side's items (numbering continuity), so it starts the next item there.
    A number that does not continue the count is text."""
    counts = _ListCount()
    read: list[_Event] = []
    for ev in events:
        read.append(ev)
        if isinstance(ev, _Header):
            counts = _ListCount() if ev.side is not None else counts
            continue
        if not isinstance(ev, (_Item, _Plain)) or not counts.add(ev) or counts.count < 2:
            continue
        cut = _surviving_number(value, ev, counts.count + 1)
        if cut is not None:
            read.append(cut)
            counts.kind = None  # the side's one surviving number
    if len(read) > len(events):
        events[:] = read


def _surviving_number(value: str, ev: _Item | _Plain, number: int) -> _Item | None:
    """The item ``number`` run into ``ev``'s line after a sentence end; ``ev`` ends before it."""
    s, e = (ev.text_start, ev.text_end) if isinstance(ev, _Item) else (ev.start, ev.end)
    for m in _SURVIVING_NUMBER_RE.finditer(value, s, e):
        if int(m.group(2)) != number:
            continue
        start = m.start(1) if m.group(1) else m.start(2)
        family = "num()" if m.group(1) else "num)"
        item = _Item(ev.indent, start, m.end(), e, m.group(2), family, ev.indent + m.end() - start)
        item.inline = True
        if isinstance(ev, _Item):
            ev.text_end = m.start() + 1
        else:
            ev.end = m.start() + 1
        return item
    return None


# How far into a line a title with its first item run into it may reach
_TITLE_REACH: Final = 80


def _split_titles_run_into_own_bullets(value: str, events: list[_Event]) -> None:
    """A title with its first item run into its line, marked by a bullet the text itself writes
    at its lines' starts ("Pregnancy and lactation o There are no data …" among "o …" lines,
    "Current NightWare user - Is a participant …" among "- …" lines): the title, then the item,
    as "Prior Study Experience • Currently in another study" reads (``criteria._split_titled_bullet``).
    A glyph the text does not use as its bullet is text ("Hepatitis B - Positive"); so is a
    line that goes on with more of the glyph (a flattened list, which the line splitter reads)."""
    glyphs = sorted({e.family[6:] for e in events if isinstance(e, _Item) and e.family.startswith("bullet") and not e.inline})
    glyphs = [g for g in glyphs if g != RENDERED_BULLET]  # " * " is render's marker and a product too
    if not glyphs:
        return
    read: list[_Event] = []
    for ev in events:
        read.append(ev)
        if type(ev) is _Plain and value[ev.start].isupper():
            item = _own_bullet_in_title(value, ev, glyphs)
            if item is not None:
                read.append(item)
    if len(read) > len(events):
        events[:] = read


def _own_bullet_in_title(value: str, ev: _Plain, glyphs: list[str]) -> _Item | None:
    """The item run into ``ev``'s title after one of ``glyphs``; ``ev`` ends at the title."""
    reach = min(ev.end, ev.start + _TITLE_REACH)
    for glyph in glyphs:
        at = value.find(f" {glyph} ", ev.start, reach)
        if at < 0:
            continue
        title = value[ev.start : at]
        text_start = at + 3
        while text_start < ev.end and value[text_start] in " \t":
            text_start += 1
        word = value[text_start : text_start + 2]
        if not 0 < len(title.split()) <= 6 or title[-1] in ".;,:" or any(c.isdigit() for c in title):
            continue
        if not (len(word) == 2 and word[0].isupper() and word[1].islower()):
            continue
        if value.find(f" {glyph} ", text_start, ev.end) >= 0:
            continue  # a flattened list of that glyph, the line splitter's to read
        item = _Item(ev.indent, at + 1, text_start, ev.end, None, "bullet" + glyph, ev.indent + text_start - ev.start)
        item.inline = True
        ev.end = at
        return item
    return None
