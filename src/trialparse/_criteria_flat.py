"""Criteria reading, part 2: flattened text, where a scraper or an author ran a list into one line.

A line is cut only where a marker is unambiguous (see ``trialparse.criteria``'s grammar):

- **the line's own list goes on**: the next number ("… 2. …" in item 1, also glued "6.Text"), the
  next letter after a sentence end, `` * `` in a ``*`` item, `` - `` in a ``-`` item (after a
  sentence end, written ``-  `` with two spaces as the legacy layout does, or glued to the
  word before it and followed by a capital: "… older- Males …"), ``•`` and ``①``; a letter
  after a sub-list of the line's item, though a word comes before it ("… liver f. …"); past
  one lost marker once it went on twice ("1) … 2) … 3) Healthy 5) Altitude …");
- **a sub-list opens after a colon**: a run that starts at ``a``/``i``/``1`` (or a bullet of
  another kind, ``o`` too) right after ":" and goes on in order (``a.… b.… c.…``, ``i) … ii) …``,
  ``1. …; 2. …`` restarting inside item 2) holds the item's children; it needs a second
  member, and it ends where the line's own list goes on; a label written twice ("i. … i. …
  ii.") stays in it while the run goes on. Without a colon, a first "A." glued to a
  capitalised word opens one ("… patients A.Patients …; B.Patients …": "A.fumigatus" is a
  species);
- **a lead-in's members**: in a bullet item ending with ":", the same bullets that follow are
  its children while each ends with ";" or "," (the last member has none: the next bullet is a
  sibling again); where no member ends so, all of them are, and the nesting is a guess;
- **another list goes on**: after a sentence end, the number before the one that opens the next
  numbered line (an outer list's: "4. … viremia. 3. Known …" then "4."; in a bullet item,
  which has no numbers of its own, after a word and before a value too: "… present 3. 12-lead
  ECG …" then "4."), and a label naming its parent after a full stop ("… lymphomas. 5c. The
  CLL …"); after a sentence end, the number going on the list before a restarted one ("13. …
  including:" then "1." … "8. … obstruction. 14. History …"), and the numbers after an outer
  one cut; lone letters running on in order after words, each before a capitalised word
  ("f. … dose e. Pleural … f. Major … g. Brain …": the line's own list with its letters
  slipped, or an outer one's "D. … E. …"; a run starting at "a" or "i" is a sub-list, which
  only a colon opens); in a bullet list that lost its numbers, the number its place calls for
  ("… bleeding 10. Gastrointestinal …" in the ninth bullet, from the fourth on); the tree
  places them all by their labels.

Nothing inside parentheses is cut ("(height * weight)", "(6) weeks"), nor a bullet glyph after
"or"/"and" before a lower-case word ("≥3 weeks or • half-lives", a lost character).
"""

from __future__ import annotations

import functools
import itertools
import re
from typing import Final

from trialparse._criteria_lines import (
    _MARKER_RE,
    _ends_with_leadin,
    _Event,
    _Header,
    _Item,
    _label_family,
    _next_label,
    _Plain,
)
from trialparse.vocabulary import CIRCLED_NUMBERS, LETTER_BULLETS, SPLITTING_BULLETS

# The markers that start an item anywhere in a line, as a character class without brackets.
_SPLITTING_CLASS: Final = re.escape(SPLITTING_BULLETS) + "".join(CIRCLED_NUMBERS)

# Places inside a line where a flattened list may continue (filtered by the rules in _inline_cuts).
# A new alternative's first character goes into _INLINE_START_RE too (and into the alphabet of
# test_inline_matches_are_what_finditer_finds, which checks the two agree).
_INLINE_SOURCE: Final = r"""
    (?<=\.\ )(?P<sub>[0-9]{1,3}+[a-z])(?P<sdelim>[.)])(?=[ \t]++[A-Z])
    | (?<=\s)(?P<dotted>[0-9]{1,2}+\.[0-9]{1,2}+)(?P<ddelim>\.?+)(?=[ \t]++[A-Z])
    | (?<=[\s;；,，:：])(?P<num>\(?[0-9]{1,3}+)(?P<delim>\\?[.)])
        (?=[ \t]++[^\s0-9]|[A-Z]|(?<=\))[ \t]++[0-9]|(?P<numvalue>[ \t]++[0-9]))
    | (?<=[\s;；,，:：])(?:\((?P<plet>[a-zA-Z]|[ivx]{2,5}+|[IVX]{2,5}+)\)
        |(?P<let>[a-zA-Z]|[ivx]{2,5}+|[IVX]{2,5}+)(?P<ldelim>[.)])(?![^\W\d_]\.))(?=[ \t]*+[^\W\d_]|[ \t]++\S)
    | (?<=\s)(?P<star>\*)(?=[ \t]++[^\s0-9*])
    | (?<=\s)(?P<obullet>[%(letters)s])(?=[ \t][A-Z])
    | (?P<dot>[%(splitting)s])[ \t]*+(?=\S)
    | (?P<circled>[%(circled)s])
    | (?:(?<=[.;:][ \t])|(?<=[.;:][ \t][ \t]))(?P<dash>-)(?=[ \t]++[A-Z\u00c0-\u00de])
    | (?<=\s)(?P<dash2>-)(?=[ \t][ \t]++[^\s\-])
    | (?<=[a-z.)])(?P<dash3>-)(?=[ \t][A-Z][a-z])
""" % {"splitting": re.escape(SPLITTING_BULLETS), "circled": "".join(CIRCLED_NUMBERS), "letters": LETTER_BULLETS}


@functools.cache
def _INLINE_RE() -> re.Pattern[str]:
    return re.compile(_INLINE_SOURCE, re.VERBOSE)


# The characters an _INLINE_RE match can start with (its lookbehinds consume nothing). The
# alternation has no prefix the matcher can skip to, so finditer tries every alternative at
# every position; _inline_matches tries only where this matches.
_INLINE_START_RE: Final = re.compile(
    r"[(0-9*\-%s]|[a-zA-Z](?=[ivxIVX]{0,4}[.)])|[%s](?=[ \t])" % (_SPLITTING_CLASS, LETTER_BULLETS)
)
# Cheap first looks for _may_split (keep in sync with _INLINE_RE): one simple class each,
# several times faster than one alternation of all of them.
_NUMBER_MARK_RE: Final = re.compile(r"[0-9]\\?[.)](?:[ \t]|[A-Z])")
_STAR_MARK_RE: Final = re.compile(r"\s\*[ \t]")
_DASH_MARK_RE: Final = re.compile(r"[.;:][ \t][ \t]?-[ \t]|\s-[ \t][ \t]|[a-z.)]-[ \t][A-Z]")
_LETTER_MARK_RE: Final = re.compile(r"\s[%s][ \t][A-Z]" % LETTER_BULLETS)
_LETTER_BULLET_FAMILIES: Final = frozenset("bullet" + c for c in LETTER_BULLETS)
_WIDE_MARK_RE: Final = re.compile(r"[%s]" % _SPLITTING_CLASS)
_RUN_START_RE: Final = re.compile(r"[:：]\s*+[(0-9a-zA-Z*\-%s]" % _SPLITTING_CLASS)
# A label naming its parent after a full stop ("… lymphomas. 5c. The …"): a pattern that opens
# with a literal, which the matcher skips to (a class first costs it four times as much)
_SUB_AFTER_STOP_RE: Final = re.compile(r"\. [0-9]{1,3}[a-z][.)][ \t]")
# A number after a sentence end, before a capitalised word: "… obstruction. 14. History …" (an
# outer list's, where a numbered item's list restarted: see _number_before_restart)
_NUMBER_AFTER_STOP_RE: Final = re.compile(r"\. [0-9]{1,3}[.)][ \t]++[A-Z]")
# A letter after a sentence end, before a capitalised word: "… erythematosus. d) The subject …"
# (cut when the next line opens with the letter after it: see _Scan.letter_before_next_line)
_LETTER_AFTER_STOP_RE: Final = re.compile(r"\. \(?[a-zA-Z][.)][ \t]++[A-Z]")
# A lone letter after a word, before a capitalised one (see _has_letter_chain)
_LETTER_CHAIN_RE: Final = re.compile(r"(?<=[^\W\d_][ \t])([b-hj-uw-zB-HJ-UW-Z])[.)][ \t]++(?=[A-Z])")
# The lettered marker that opens a line: "   e) The subject …"
_LINE_LETTER_RE: Final = re.compile(r"[ \t]*+(\(?)([a-zA-Z])([.)])[ \t]")
# How many blank lines the look for the next line's letter passes over
_BLANK_LINES: Final = 3
# A first capital A glued to a capitalised word: "… patients A.Patients with …" (see _Scan.opens_run)
_GLUED_FIRST_RE: Final = re.compile(r"\sA\.[A-Z]")
# A number before a capitalised word: in a bullet item, the start of a numbered list run into it
_NUMBER_BEFORE_CAPITAL_RE: Final = re.compile(r"\s([0-9]{1,3})[.)][ \t]++[A-Z]")
# A first "a)" before a capitalised word: "… died a) The HR positive patients …" (see _Scan.opens_run)
_FIRST_A_PAREN_RE: Final = re.compile(r"\sa\)[ \t]++[A-Z]")

_RUN_FIRST: Final = frozenset({"a", "A", "i", "I", "1"})
# Letters that read as roman numerals too: a chain of letters starts after them or not at all
_ROMAN_LETTERS: Final = frozenset("ivxIVX")
_BULLET_KINDS: Final = frozenset({"star", "dash", "dot", "obullet"})  # the kinds of unlabelled candidates
_SEPARATORS: Final = frozenset(";；,，")
# How far back a bullet's place in its list is counted (a bound: linear on a list of thousands),
# and the least number a place must call for to be cut: a small one ("* Grade 1 or 2. The …" in
# a list's first bullet) may be a value in a sentence
_COUNT_REACH: Final = 60
_COUNTED_MIN: Final = 4
# How many later candidates a sub-list's first member looks through for its second: a bound,
# so that a line of a thousand "a:" stays linear
_LOOK_AHEAD: Final = 24


class _Cut:
    """One more item on a flattened line: where its marker and text start, and its level (0: the
    line's own list, 1: a child of the last level-0 item)."""

    __slots__ = ("family", "label", "level", "start", "text_start")

    def __init__(self, start: int, text_start: int, label: str | None, family: str, level: int) -> None:
        self.start = start
        self.text_start = text_start
        self.label = label
        self.family = family
        self.level = level


def _may_split(text: str, family: str, label: str | None, next_number: int | None = None) -> bool:
    """A cheap first look for an inline marker (see _INLINE_RE); most items have none.

    What ``_inline_cuts`` can cut depends on the item's ``family``: a sub-list only after a
    colon, "•" and circled numbers any item, numbers only a numbered one (and there the next
    number first) or the one before ``next_number`` (an outer list's), letters only a lettered
    one, " * " only a "*" item and " - " only a "-" item.
    """
    if (":" in text or "：" in text) and _RUN_START_RE.search(text):
        return True
    if next_number is not None and next_number > 1:
        before = str(next_number - 1)
        if (before + "." in text or before + ")" in text or before + "\\" in text) and _NUMBER_MARK_RE.search(text):
            return True
    if ("A." in text and _GLUED_FIRST_RE.search(text)) or ("a)" in text and _FIRST_A_PAREN_RE.search(text)):
        return True
    if ". " in text and (
        _SUB_AFTER_STOP_RE.search(text)
        or _LETTER_AFTER_STOP_RE.search(text)
        or (family.startswith("num") and _NUMBER_AFTER_STOP_RE.search(text))
    ):
        return True
    if _has_letter_chain(text):
        return True
    if _own_list_may_go_on(text, family, label):
        return True
    return not text.isascii() and _WIDE_MARK_RE.search(text) is not None


def _has_letter_chain(text: str) -> bool:
    """Two lone letters in a row after words, each before a capitalised one ("… dose e. Pleural …
    f. Major …"): see _letter_chain."""
    found = _LETTER_CHAIN_RE.findall(text, 0, 4000)  # a bound: a chain stands among the first markers
    return any(_next_label(a, "alpha") == b for a, b in itertools.pairwise(found))


def _own_list_may_go_on(text: str, family: str, label: str | None) -> bool:
    """The part of ``_may_split`` that depends on the item's own marker."""
    if family.startswith("num") and label is not None and f" {label}.1 " in text:
        return True  # "8. … 8.1 Text 8.2 Text"
    if family.startswith("num") or family == "circled":
        following = str(int(label) + 1) if label is not None and label.isdigit() else "1"
        if (
            following in text  # most items: the next number is nowhere in the text (one scan, not three)
            and (following + "." in text or following + ")" in text or following + "\\" in text)
            and _NUMBER_MARK_RE.search(text)
        ):
            return True
    elif family.startswith("bullet") and _NUMBER_BEFORE_CAPITAL_RE.search(text):
        return True  # "* … English; 3. Participants …; 4. …": see _number_chain
    elif family == "bullet*":
        if "*" in text and _STAR_MARK_RE.search(text):
            return True
    elif family == "bullet-":
        if "-" in text and _DASH_MARK_RE.search(text):
            return True
    elif family == "sub." and label is not None and "." in label:
        following = _next_label(label, family)
        if following and following in text:
            return True
    elif family in _LETTER_BULLET_FAMILIES:
        if _LETTER_MARK_RE.search(text):
            return True
    elif family[:5].lower() in {"alpha", "roman"} and label is not None:
        following = _next_label(label, family)
        if (
            following
            and (following + "." in text or following + ")" in text)
            and re.search(r"\s\(?%s[.)]" % re.escape(following), text)
        ):
            return True
    return False


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


def _candidate(m: re.Match[str]) -> tuple[str | None, str, str]:
    """An inline match's label, family and kind ("num", "letter", or the bullet's name)."""
    kind = m.lastgroup or ""
    if kind == "sdelim":
        return m.group("sub"), "sub" + m.group("sdelim"), "sub"
    if kind == "ddelim":
        return m.group("dotted"), "sub.", "dotted"
    if m.group("num") is not None:
        raw = m.group("num")
        delim = m.group("delim").lstrip("\\")
        paren = raw.startswith("(")
        if paren and delim != ")":
            return None, "", "skip"
        if m.group("numvalue") is not None:  # "3. 12-lead ECG": a value in a sentence, unless confirmed
            return raw.lstrip("("), "num" + ("()" if paren else delim), "numvalue"
        return raw.lstrip("("), "num" + ("()" if paren else delim), "num"
    letter = m.group("plet") or m.group("let")
    if letter is not None:
        delim = "()" if m.group("plet") is not None else m.group("ldelim")
        roman = len(letter) > 1 or letter in "iI"
        kind_name = "roman" if roman else "alpha"
        return letter, (kind_name.upper() if letter.isupper() else kind_name) + delim, "letter"  # as _kind names it
    if kind == "circled":
        return str(CIRCLED_NUMBERS[m.group("circled")]), "circled", "circled"
    if kind == "dot":
        return None, "bullet" + m.group("dot"), "dot"
    if kind in {"dash", "dash2", "dash3"}:
        return None, "bullet-", "dash"
    if kind == "obullet":
        return None, "bullet" + m.group("obullet"), "obullet"
    return None, "bullet*", "star"


class _Scan:
    """The state of one line's scan: the current piece, the sub-list or members it is in."""

    def __init__(self, value: str, first: _Item, next_number: int | None = None) -> None:
        self.value = value
        # the number before the one that opens the next numbered line: an outer list's, where
        # it stands run into this line after a sentence end
        self.outer = str(next_number - 1) if next_number is not None and next_number > 1 else None
        self.first = first
        self.family = first.family
        self.numbered = first.family.startswith("num") or first.family == "circled"
        label = first.label
        self.own_next: str | None = None
        if self.numbered:
            self.own_next = str(int(label) + 1) if label is not None and label.isdigit() else "1"
        elif (first.family[:5].lower() in {"alpha", "roman"} or first.family == "sub.") and label is not None:
            self.own_next = _next_label(label, first.family) or None  # "8.1" -> "8.2"; "5a" has none
        # the number a bullet's place in its list calls for: "* … bleeding 10. Gastrointestinal …"
        # in the ninth bullet goes on the list's lost numbering (the registry writes "* ." for a
        # number it lost)
        self.counted: str | None = None
        self.counted_cut = False
        self.outer_cut = False  # an outer list's number was cut: confirmed by the next line
        # the number going on the list before a restarted one ("13. … including:" then "1." …
        # "8. … obstruction. 14. History …"): an outer list's too
        self.resumed: str | None = None
        self.chain_next: str | None = None  # the next label of a list run into the line (numbers, letters)
        self.own_cut: str | None = None  # the label of the line's own list last cut from it
        self.own_cuts = 0  # how many times the line's own list was cut from it
        self.cut_family = ""
        self.piece_start = first.text_start
        self.level = 0
        self.run_family: str | None = None  # the sub-list's family, while one is open
        self.run_next: str | None = None
        self.run_last: str | None = None  # the open sub-list's last label
        self.run_separated = False  # a member of the open sub-list ended with ";" or ","
        self.members = False  # the lead-in's same-bullet members, while they go on
        self.lead = -1  # the cut whose sub-list or members are open (-1: the line's first item)
        self.cuts: list[_Cut] = []
        self.guessed: list[int] = []  # leads whose members' extent is a guess
        self._letter_before: tuple[str, str] | None = None  # (label, family), looked up once

    def letter_before_next_line(self) -> tuple[str, str]:
        """The letter before the one that opens the next line, with its family ("d", "alpha)"
        for "e) …"); ("", "") where that line opens with no letter. An outer lettered list goes
        on there, so its previous letter, run into this line after a sentence end, is cut."""
        if self._letter_before is None:
            self._letter_before = ("", "")
            value = self.value
            at = value.find("\n", self.first.text_end)
            for _ in range(_BLANK_LINES + 1):
                if at < 0:
                    break
                m = _LINE_LETTER_RE.match(value, at + 1)
                if m is not None:
                    letter = m.group(2)
                    if letter not in "aAiIvVxX":  # roman digits and "a" have no letter before them in a list
                        delim = "()" if m.group(1) else m.group(3)
                        kind = "alpha" if letter.islower() else "ALPHA"
                        self._letter_before = (chr(ord(letter) - 1), kind + delim)
                    break
                end = value.find("\n", at + 1)
                if value[at + 1 : end if end >= 0 else len(value)].strip():
                    break  # a line of text: no lettered line right after this one
                at = end
        return self._letter_before

    def last_char(self, at: int) -> str:
        """The current piece's last character before ``at`` other than white space ("" if none)."""
        value = self.value
        at -= 1
        while at >= self.piece_start and value[at].isspace():
            at -= 1
        return value[at] if at >= self.piece_start else ""

    def own(self, label: str | None, family: str, kind: str, at: int) -> bool:
        """Whether a candidate continues the line's own list."""
        if kind == "letter":
            lettered = self.family[:5].lower() in {"alpha", "roman"}
            return lettered and label == self.own_next and family[5:] == self.family[5:] and self.value[at - 1 : at].isspace()
        if kind == "circled" and not self.numbered:
            return True  # "… health; ②patients …": a circled number is a marker anywhere
        if kind in {"num", "circled"}:
            if not self.numbered or not (kind == "circled" or self.value[at - 1 : at].isspace()):
                return False
            # "… 5) English-speaking 5) Able to …": a numbering slip, the same "N)" cut again
            if label == self.own_next or (label == self.own_cut and family == "num)" and family == self.cut_family):
                return True
            return self._skips_a_lost_number(label, family, at)
        if kind == "dotted":
            return label == self.own_next
        if kind == "sub":
            return True  # "… lymphomas. 5c. The CLL …": a label naming its parent item, after a sentence end
        return family == self.family or kind == "dot"

    def _skips_a_lost_number(self, label: str | None, family: str, at: int) -> bool:
        """ "1) … 2) English speaking 3) Healthy 5) Altitude …": a list run into the line that has
        gone on twice already goes on past one lost marker (the tree reports the gap), where the
        number stands before a capitalised word, in the list's own delimiter."""
        if self.own_cuts < 2 or label is None or self.own_next is None or family != self.cut_family:
            return False
        after = at + len(label) + 1
        return label == _next_label(self.own_next, family) and self.value[after : after + 3].lstrip()[:1].isupper()

    def opens_run(
        self, m: re.Match[str], label: str | None, family: str, kind: str, text: str, rest: list[re.Match[str]]
    ) -> bool:
        """A sub-list right after a colon, whose second member follows on the line; or one whose
        first "A." is glued to a capitalised word ("… patients A.Patients with …; B.Patients …"):
        no sentence runs a lone capital letter, its dot and a word together ("A.fumigatus" is a
        species, lower case)."""
        if self.level != 0:
            return False
        if kind == "dotted":  # "8. … 8.1 Text 8.2 Text": labels naming the line's item
            return label == f"{self.first.label}.1" and _follows(f"{self.first.label}.2", family, rest)
        if text not in {":", "："}:
            glued = self.value[m.end() - 1 : m.end() + 1]
            if kind == "letter" and label == "A" and glued[:1] == "." and glued[1:].isupper():
                return True
            # "… unless patient died a) The HR positive patients …": a first "a)" before a capital
            # opens a sub-list (prose writes "a)" only inside parentheses, which are never cut)
            return family == "alpha)" and label == "a" and self.value[m.end() : m.end() + 3].lstrip()[:1].isupper()
        if kind in _BULLET_KINDS:
            return family != self.family
        if label not in _RUN_FIRST or (family == self.family and not (self.numbered and label == "1")):
            return False
        if label in {"i", "I"}:
            family = ("roman" if label == "i" else "ROMAN") + family[5:]
        if _follows(_next_label(label, family), family, rest):
            return True
        # alone on the line: "a. Cardiovascular disorders: i. Congestive …" with "ii." on the next
        # line; a letter or roman numeral right after a colon starts a sub-list (a number may be a value)
        return kind == "letter"

    def add(self, m: re.Match[str], label: str | None, family: str, level: int) -> None:
        text_start = m.end()
        if m.group("dot") is not None:  # "• 2. text": the number is the marker
            inner = _MARKER_RE.match(self.value, m.end(), self.first.text_end)
            if inner is not None and inner.end() < self.first.text_end and inner.group("num") is not None:
                label, family = _label_family(inner)
                text_start = inner.end()
        end = self.first.text_end
        while text_start < end and self.value[text_start] in " \t":
            text_start += 1  # the markers' lookaheads leave the spaces after them
        self.cuts.append(_Cut(m.start(), text_start, label, family, level))
        self.piece_start = text_start
        self.level = level


def _inline_cuts(value: str, first: _Item) -> list[_Cut]:
    """Where ``first``'s line splits into more items (see the module docstring)."""
    return _scan_line(value, first).cuts


def _scan_line(value: str, first: _Item, next_number: int | None = None, scan: _Scan | None = None) -> _Scan:
    """Scan ``first``'s line for the items run into it.

    A number continuing the line's list after a letter ("1. foo 2. bar 3. baz") is cut only
    when at least two are, so "grade 2." inside a sentence stays whole, or when the next line
    goes on with the number after it ("2. … screening 3. Laboratory …" then "4."). ``scan``
    may come with what the lines above tell (see _split_inline).
    """
    scan = scan or _Scan(value, first, next_number)
    matches = _inline_matches(value, first.text_start, first.text_end)
    after_letter: list[_Cut] = []
    opened = 0  # "(" minus ")" since the current piece's start
    scanned = first.text_start  # parentheses are counted once, up to here: the scan stays linear
    for i, m in enumerate(matches):
        if m.start() > scanned:
            opened = max(opened + value.count("(", scanned, m.start()) - value.count(")", scanned, m.start()), 0)
            scanned = m.start()
        label, family, kind = _candidate(m)
        text = scan.last_char(m.start())  # what the piece so far ends with
        if kind == "skip" or opened > 0 or not text:
            continue
        if kind == "dot" and _after_conjunction(value, m.start()) and value[m.end() : m.end() + 1].islower():
            continue  # "≥3 weeks or • half-lives": a stray glyph inside a sentence, not a bullet
        before_cuts = len(scan.cuts)
        _place(scan, m, label, family, kind, text, matches[i + 1 : i + 1 + _LOOK_AHEAD])
        if len(scan.cuts) > before_cuts:
            cut = scan.cuts[-1]
            # a letter that closes a sub-list ("e. …: i. … ii. … liver f. …") returns to the line's
            # own list: no sentence ends a word, then a lone letter with its dot
            returning = kind == "letter" and before_cuts > 0 and scan.cuts[before_cuts - 1].level == 1
            if (
                kind in {"num", "letter"}
                and cut.level == 0
                and text.isalpha()
                and not returning
                and not _after_conjunction(value, m.start())
            ):
                after_letter.append(cut)
            opened = 0
            scanned = max(scanned, m.end())
    if (
        after_letter
        and sum(c.level == 0 and c.label is not None for c in scan.cuts) < 2
        and not _confirmed(scan, next_number)
        and not scan.counted_cut
        and not scan.outer_cut
        and not _run_into_its_heading(value, first)
    ):
        dropped = {id(c) for c in after_letter}
        scan.cuts = [c for c in scan.cuts if id(c) not in dropped]
        scan.guessed = []
    return scan


def _confirmed(scan: _Scan, next_number: int | None) -> bool:
    """The line's last own number is followed by the next line's: "3." then "4."."""
    last = next((c.label for c in reversed(scan.cuts) if c.level == 0 and c.label is not None), None)
    return next_number is not None and last is not None and last.isdigit() and int(last) + 1 == next_number


def _run_into_its_heading(value: str, first: _Item) -> bool:
    """Whether ``first`` stands after a colon on its line ("Exclusion Criteria:1. …"), or right
    after a side header's words ("Exclusion Criteria 1. …"): the whole list was run into one
    line, so a number continuing it is no value in a sentence."""
    at = first.start
    while at > 0 and value[at - 1] in " \t":
        at -= 1
    return at > 0 and (value[at - 1] in ":：" or value[max(at - 8, 0) : at].lower() == "criteria")


def _after_conjunction(value: str, at: int) -> bool:
    """Whether a marker follows "or"/"and" ("… OR ii) …"): an alternative, not a word's letter."""
    return value[max(at - 5, 0) : at].rstrip().lower().endswith((" or", " and"))


def _place(
    scan: _Scan, m: re.Match[str], label: str | None, family: str, kind: str, text: str, rest: list[re.Match[str]]
) -> None:
    """Decide one candidate: the line's own list, the open sub-list or members, a new sub-list, or text."""
    if kind == "numvalue":
        if _goes_on_outer_list(scan, m, label, text):  # "… <50% present 3. 12-lead ECG …" then "4."
            _add_outer(scan, m, label, family)
        return
    run = scan.run_family
    if kind == "letter" and run is not None and run[:5].lower() == "roman" and label is not None and label in "vxVX":
        family = run[:5] + family[5:]  # "v)" in a roman run is five, not the letter v
    own = scan.own(label, family, kind, m.start())
    in_run = scan.run_family is not None and family == scan.run_family and (label == scan.run_next or label is None)
    if not in_run and label is not None and label == scan.run_last and family == scan.run_family:
        in_run = _run_goes_on(scan, rest)  # "i. … i. … ii. …": a label written twice, the run goes on
    separated = text in _SEPARATORS
    if own and (in_run or scan.members):
        # members end with ";" except the last ("… as follows: 1. a; 2. b 3. c", "* stroke; * heart
        # failure * Adults"); where no member ends so, the reading is a guess: a number that
        # continues both lists goes to the line's own (numbering continuity), a bullet stays a member
        if separated or not (scan.run_separated or in_run):
            if not separated:
                scan.guessed.append(scan.lead)
            _continue_run(scan, m, label if in_run else None, family)
            return
        if not scan.run_separated:
            scan.guessed.append(scan.lead)
        _close_run(scan)
    if own:
        if scan.level == 0 and kind in _BULLET_KINDS and text in {":", "："} and family == scan.family:
            _open_run(scan, m, None, family, members=True)  # a lead-in's first member
            return
        if kind in _BULLET_KINDS and scan.level == 0 and _ends_with_leadin(scan.value, scan.piece_start, m.start()):
            scan.guessed.append(len(scan.cuts) - 1)  # kept flat: "* … of the following * … * …" without the colon
        _close_run(scan)
        scan.add(m, label, family, 0)
        _advance_own(scan, label)
        return
    if in_run:
        _continue_run(scan, m, label, family)
    elif scan.opens_run(m, label, family, kind, text, rest):
        if label in {"i", "I"}:
            family = ("roman" if label == "i" else "ROMAN") + family[5:]
        _open_run(scan, m, label, family, members=False)
    else:
        _place_other_list(scan, m, label, family, kind, text, rest)


def _place_other_list(
    scan: _Scan, m: re.Match[str], label: str | None, family: str, kind: str, text: str, rest: list[re.Match[str]]
) -> None:
    """A candidate of none of the line's own lists: an outer list's number or letter, or a
    numbered list run into a bullet item; else text."""
    if kind == "num" and _goes_on_outer_list(scan, m, label, text):
        _add_outer(scan, m, label, family)
    elif kind == "num" and label == scan.counted and scan.level == 0 and _before_capital(scan.value, m):
        _close_run(scan)
        scan.add(m, label, family, 0)
        scan.counted, scan.counted_cut = None, True
        scan.chain_next = _next_label(label or "", family)
    elif kind == "num" and scan.family.startswith("bullet") and scan.level == 0 and _number_chain(scan, m, label, family, rest):
        # "* … English; 3. Participants …; 4. Participants …": a numbered list run into the bullet;
        # after a title ("* Administrative reasons 25. … 26. …") its items
        _close_run(scan)
        if not scan.cuts and _is_title(scan.value, scan.piece_start, m.start()):
            _open_run(scan, m, label, family, members=False)
        else:
            scan.add(m, label, family, 0)
            scan.chain_next = _next_label(label or "", family)
    elif (
        kind == "letter"
        and text in {".", ";"}
        and scan.value[m.start() - 1].isspace()
        and (label, family) == scan.letter_before_next_line()
    ):
        # "ii. … erythematosus. d) The subject …" then "e) …": an outer lettered list goes on
        _close_run(scan)
        scan.add(m, label, family, 0)
    elif kind == "letter" and scan.level == 0 and _letter_chain(scan, m, label, family, rest):
        # "f. … dose e. Pleural … f. Major … g. Brain …": letters running on in order go on a
        # list (the line's own, its letters slipped, or an outer one); the tree places them by label
        _close_run(scan)
        scan.add(m, label, family, 0)
        scan.chain_next = _next_label(label or "", family)


def _goes_on_outer_list(scan: _Scan, m: re.Match[str], label: str | None, text: str) -> bool:
    """Whether a number run into the line goes on the list that the next numbered line continues:
    "4. … viremia. 3. Known …" then "4." (numbering continuity), after a sentence end; in a
    bullet item, which holds no numbers of its own, after a word too ("… present 3. 12-lead
    ECG …" then "4.")."""
    if not scan.value[m.start() - 1].isspace():
        return False
    if label is not None and label == scan.resumed:
        return text in {".", ";"}
    if label != scan.outer:
        return False
    return text in {".", ";"} or (scan.family.startswith("bullet") and scan.level == 0 and text.isalnum())


def _add_outer(scan: _Scan, m: re.Match[str], label: str | None, family: str) -> None:
    """Cut an outer list's number; the tree places the item by it. That list goes on after it
    ("… findings. 19. Unable … 20. May not …")."""
    scan.outer = None
    _close_run(scan)
    scan.add(m, label, family, 0)
    scan.outer_cut = True
    scan.resumed = _next_label(label or "", family) or None


def _number_chain(scan: _Scan, m: re.Match[str], label: str | None, family: str, rest: list[re.Match[str]]) -> bool:
    """Whether a number in a bullet item goes on a numbered list run into it: the number the
    last one cut calls for, or the first of two in a row ("… 1 7. Confirmation … 8. Doses …"),
    each before a capitalised word; one number alone is a value in a sentence ("grade 2. The")."""
    if not _before_capital(scan.value, m):
        return False
    if label == scan.chain_next:
        return True
    following = _next_label(label or "", family)
    for later in rest:
        other, other_family, other_kind = _candidate(later)
        if other_kind == "numvalue":
            continue  # a number before a value is never a list's next member by itself
        if other == following and other_family == family:
            return scan.value[later.end() : later.end() + 3].lstrip()[:1].isupper()
    return False


def _before_capital(value: str, m: re.Match[str]) -> bool:
    """Whether a marker stands after white space and before a capitalised word."""
    return value[m.start() - 1].isspace() and value[m.end() : m.end() + 3].lstrip()[:1].isupper()


def _letter_chain(scan: _Scan, m: re.Match[str], label: str | None, family: str, rest: list[re.Match[str]]) -> bool:
    """Whether a lone letter run into a line goes on a lettered list: the letter the last one cut
    calls for, or the first of two in a row, each after a word and before a capitalised one.
    A chain that starts a list ("a)", "i.") is a sub-list, which only a colon opens."""
    if label is None or len(label) != 1 or label in _RUN_FIRST or label in _ROMAN_LETTERS:
        return False
    if not _before_capital(scan.value, m):
        return False
    if label == scan.chain_next:
        return True
    following = _next_label(label, "alpha" + family[5:])
    for later in rest:
        other, other_family, other_kind = _candidate(later)
        if other_kind == "numvalue":
            continue  # a number before a value is never a list's next member by itself
        if other == following and other_family[5:] == family[5:]:
            return _before_capital(scan.value, later)
    return False


def _is_title(value: str, s: int, e: int) -> bool:
    """A few capitalised words without a sentence end ("Lack of suitability for the trial")."""
    words = value[s:e].split()
    return 0 < len(words) <= 6 and words[0][:1].isupper() and words[-1][-1:].isalpha()


def _run_goes_on(scan: _Scan, rest: list[re.Match[str]]) -> bool:
    """Whether the open sub-list's next label follows later on the line."""
    return _follows(scan.run_next, scan.run_family or "", rest)


def _follows(label: str | None, family: str, rest: list[re.Match[str]]) -> bool:
    """Whether a later candidate on the line has ``label`` and ``family``'s delimiter."""
    for later in rest:
        other, other_family, other_kind = _candidate(later)
        if other_kind == "numvalue":
            continue  # a number before a value is never a list's next member by itself
        if other == label and other_family[5:] == family[5:]:
            return True
    return False


def _open_run(scan: _Scan, m: re.Match[str], label: str | None, family: str, *, members: bool) -> None:
    scan.lead = len(scan.cuts) - 1 if scan.cuts else -1
    scan.members = members
    scan.run_family = None if members else family
    scan.run_last = label
    scan.run_next = _next_label(label, family) if label is not None else None
    scan.run_separated = False
    scan.add(m, label, family, 1)


def _continue_run(scan: _Scan, m: re.Match[str], label: str | None, family: str) -> None:
    scan.run_separated = scan.run_separated or scan.last_char(m.start()) in _SEPARATORS
    scan.add(m, label, family, 1)
    if label is not None and scan.run_family is not None:
        scan.run_last = label
        scan.run_next = _next_label(label, family)


def _close_run(scan: _Scan) -> None:
    scan.run_family = None
    scan.run_next = None
    scan.run_last = None
    scan.members = False


def _advance_own(scan: _Scan, label: str | None) -> None:
    scan.own_cut, scan.cut_family = label, scan.cuts[-1].family
    scan.own_cuts += 1
    if label is not None and scan.own_next is not None:
        scan.own_next = _next_label(label, scan.family if scan.family != "circled" else "num")


def _split_inline(value: str, first: _Item, events: list[_Event], next_number: int | None = None) -> None:
    """Split a flattened item where a marker is unambiguous; mark the items nested by a guess.

    ``next_number`` opens the next line: the number before it, run into this line, is cut."""
    scan = _Scan(value, first, next_number)
    if first.family.startswith("bullet"):
        scan.counted = _counted_number(value, first, events)
    elif first.family.startswith("num") and first.label is not None and first.label.isdigit():
        scan.resumed = _number_before_restart(first, events)
    _emit(value, first, _scan_line(value, first, next_number, scan), events)


def _counted_number(value: str, first: _Item, events: list[_Event]) -> str | None:
    """The number a bullet's place in its list calls for, where the line holds it before a
    capitalised word and it is large enough to tell from a value in a sentence."""
    most = _largest_number_before_capital(value, first)
    if most < _COUNTED_MIN:
        return None
    place = _place_in_list(first, events, most - 1)
    return str(place + 1) if place is not None and place + 1 >= _COUNTED_MIN else None


def _number_before_restart(first: _Item, events: list[_Event]) -> str | None:
    """The number that goes on the list before the one ``first`` belongs to, where that one
    restarted at 1 ("12. … 13. … including:" then "1." … "8."): "14"; None where there is none
    within reach, the numbers above do not count down to 1, or the restarted list may reach it."""
    own = int(first.label or 0)
    want = own - 1  # the labels above, counting down to the restart
    for ev in reversed(events[-_COUNT_REACH:-1]):
        if isinstance(ev, _Header):
            return None
        if not isinstance(ev, _Item) or not ev.family.startswith("num") or ev.label is None or not ev.label.isdigit():
            continue
        if want == 0:
            # a number the restarted list has used or comes to next may be its own ("2. … 2. …")
            following = int(ev.label) + 1
            return str(following) if following > own + 1 else None
        if ev.family != first.family or ev.label != str(want):
            return None
        want -= 1
    return None


def _largest_number_before_capital(value: str, first: _Item) -> int:
    """The largest "N." before a capitalised word in ``first``'s text (0 if none)."""
    found = _NUMBER_BEFORE_CAPITAL_RE.findall(value, first.text_start, first.text_end)
    return max((int(n) for n in found), default=0)


def _place_in_list(first: _Item, events: list[_Event], most: int) -> int | None:
    """``first``'s place (1, 2, …) among the same bullets of its list, which starts after a header
    or a parent item; None where something else stands in the list, its start is out of reach,
    or the place is past ``most`` (no number on the line can be the next)."""
    place = 0
    for ev in reversed(events[-_COUNT_REACH:]):
        if isinstance(ev, _Item):
            if ev.indent < first.indent and not ev.inline:
                return place  # the parent item
            if ev.indent == first.indent:
                if ev.family != first.family or place == most:
                    return None
                place += 1
        elif isinstance(ev, _Plain) and ev.indent <= first.indent:
            return None  # a heading or a paragraph: the list's start is unsure
        elif ev is not None:
            return place  # a side header
    return place if len(events) <= _COUNT_REACH else None


def _emit(value: str, first: _Item, scan: _Scan, events: list[_Event]) -> None:
    """The items a scan found after ``first``, one level deeper where they are children."""
    current = first
    e = first.text_end
    items = []
    for cut in scan.cuts:
        end = cut.start
        while end > current.text_start and value[end - 1] in " \t":
            end -= 1
        current.text_end = end
        # a child stands at its parent's text column: where the next line would write the run's next member
        indent = max(first.indent + 1, first.content_col) if cut.level else first.indent
        current = _Item(indent, cut.start, cut.text_start, e, cut.label, cut.family, first.content_col)
        current.inline = True
        items.append(current)
        events.append(current)
    for lead in scan.guessed:
        (items[lead] if lead >= 0 else first).guess = True


def _split_plain(value: str, s: int, e: int, indent: int, after_header: bool, events: list[_Event]) -> bool:
    """A line without a marker that opens a sub-list after a colon ("Sub-study B only: * … * …",
    "… if they have: a) …, b) …"): the line up to the colon, then its items one level deeper."""
    if not _may_split(value[s:e], "plain", None):
        return False
    heading = _Item(indent, s, s, e, None, "plain", indent)
    scan = _scan_line(value, heading)
    if not scan.cuts or scan.cuts[0].level != 1:
        return False
    end = scan.cuts[0].start
    while end > s and value[end - 1] in " \t":
        end -= 1
    events.append(_Plain(indent, s, end, after_header))
    _emit(value, heading, scan, events)
    return True
