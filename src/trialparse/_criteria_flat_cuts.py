"""Criteria reading, flattened lines: the rules that decide which candidates cut a line.

Each candidate ``_criteria_flat_marks`` finds on a line is placed by ``_place``: the line's own
list going on, the open sub-list or a lead-in's members, a new sub-list, an outer list's label,
or text (the rules are listed in ``_criteria_flat``'s docstring). ``_Scan`` holds what the scan
of one line knows so far; each cut is a ``_Cut``.
"""

from __future__ import annotations

import re
from typing import Final

from trialparse._criteria_flat_marks import _DOT_FAMILY, _candidate, _multiplies_a_group, _opens_with_value
from trialparse._criteria_lines import (
    _MARKER_RE,
    _SENTENCE_VERB_RE,
    _ends_with_leadin,
    _Item,
    _label_family,
    _looks_like_heading,
    _next_label,
)
from trialparse.vocabulary import FIRST_LABELS, ROMAN_DIGITS, SPLITTING_BULLETS

# The lettered marker that opens a line: "   e) The subject …"
_LINE_LETTER_RE: Final = re.compile(r"[ \t]*+(\(?)([a-zA-Z])([.)])[ \t]")
# How many blank lines the look for the next line's letter passes over
_BLANK_LINES: Final = 3

# A star before a capitalised word in a "•" item (_DOT_FAMILY; see _Scan.stars_go_on)
_STAR_BEFORE_CAPITAL_RE: Final = re.compile(r"\s\*[ \t]++[A-Z]")
# Letters that read as roman numerals too: a chain of letters starts after them or not at all
_ROMAN_LETTERS: Final = frozenset(ROMAN_DIGITS)
_BULLET_KINDS: Final = frozenset({"star", "dash", "dot", "obullet"})  # the kinds of unlabelled candidates
_SEPARATORS: Final = frozenset(";；,，")
# How many later candidates a sub-list's first member looks through for its second: a bound,
# so that a line of a thousand "a:" stays linear
_LOOK_AHEAD: Final = 24
# The longest text read as a heading over a sub-list run into its line (a bound: linear)
_TITLE_REACH: Final = 60
# "following" among a piece's last words leads in to a list: "… of the following high-risk criteria"
_FOLLOWING_RE: Final = re.compile(r"\bfollowing\b", re.IGNORECASE)
_FOLLOWING_REACH: Final = 30


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
        # the line's next label that a sub-list between labels was opened on ("1. … including
        # a. … b. … 2. …"): that number is the list's, not a value in a sentence
        self.vouched: str | None = None
        # the next letters (label, family) of the lettered items above the line: where a chain of
        # lone letters run into a line of another style may go on (see _letter_chain)
        self.open_letters: frozenset[tuple[str, str]] = frozenset()
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
        self._stars_go_on: bool | None = None  # looked up once (see stars_go_on)

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
        if self.value[at] == "\\":
            return False  # "… allowed \\* Prior …": an escaped star is a footnote's, not the list's
        return family == self.family or kind == "dot" or (kind == "star" and self.stars_go_on())

    def stars_go_on(self) -> bool:
        """ "• Age ≥ 18 years * History of seizure * Brain tumor …": a "•" item whose line goes on
        with " * " before capitals, at least twice, and no "•" again: the list's glyph changed
        after its first item (marker style: one style), its stars the line's own list."""
        if self._stars_go_on is None:
            first = self.first
            self._stars_go_on = (
                first.family == _DOT_FAMILY
                and self.value.find(SPLITTING_BULLETS, first.text_start, first.text_end) < 0
                and sum(
                    not _multiplies_a_group(self.value, m.start() + 1)
                    for m in _STAR_BEFORE_CAPITAL_RE.finditer(self.value, first.text_start, first.text_end)
                )
                >= 2
            )
        return self._stars_go_on

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
        if kind == "dotted":  # "8. … 8.1 Text 8.2 Text": labels naming the current item
            parent = self.cuts[-1].label if self.cuts else self.first.label  # level 0: the last cut is the item
            return label == f"{parent}.1" and _follows(f"{parent}.2", family, rest)
        if text not in {":", "："}:
            glued = self.value[m.end() - 1 : m.end() + 1]
            if kind == "letter" and label == "A" and glued[:1] == "." and glued[1:].isupper():
                return True
            # "… unless patient died a) The HR positive patients …": a first "a)" before a capital
            # opens a sub-list (prose writes "a)" only inside parentheses, which are never cut)
            if family == "alpha)" and label == "a" and self.value[m.end() : m.end() + 3].lstrip()[:1].isupper():
                return True
            return self.opens_run_between_labels(m, label, family, kind, text, rest)
        if kind in _BULLET_KINDS:
            return family != self.family
        if label not in FIRST_LABELS or (family == self.family and not (self.numbered and label == "1")):
            return False
        family = _run_family(label, family)
        if _follows(_next_label(label, family), family, rest):
            return True
        # alone on the line: "a. Cardiovascular disorders: i. Congestive …" with "ii." on the next
        # line; a letter or roman numeral right after a colon starts a sub-list (a number may be a value)
        return kind == "letter"

    def opens_run_between_labels(
        self, m: re.Match[str], label: str | None, family: str, kind: str, text: str, rest: list[re.Match[str]]
    ) -> bool:
        """A sub-list of another marker style without a colon, between a numbered or lettered
        line's item and its next label (numbering continuity: items of another style between 6.
        and 7. are 6.'s): bullets before a capital or a value ("6. … values * Bone marrow: … *
        Liver: … 7."), a run from "a"/"i" after a sentence end, a ")" or a title ("3. … CRPC)
        a. Progressive … b. … 4.", "2. … 12 months. a. Subjects … 3.", "A. Disease
        characteristics a. … b. … B."), or from an "a" before a capital ("… the study a. May
        … 2."). Where the line ends before the next label, the sub-list needs a second member,
        bullets a sentence end, a ")", a title or a lead-in phrase before them too, and the
        nesting is a guess. Letters in parentheses or in lower case after a word run through a
        sentence ("either (a) …, (b) … or (c) …", "including a. surgery b. …"). A run of the
        line's own style restarting at 1 after a sentence end or a title opens one too ("15. …
        participation. 1. Serious … 2. … 16. …"), where its numbers never reach the line's next."""
        restart = kind == "num" and label == "1" and family == self.family  # a restart: a list of its own
        if self.own_next is None or (family == self.family and not restart):
            return False
        if self.cuts and self.cuts[-1].family != self.family:
            return False  # "5. …: • NYHA …; * Myocardial …": the item before is a bullet of its own
        resumes = self._own_list_resumes(rest, "2" if restart else None)
        if resumes is False:
            return False
        after = text in {".", ")"} or _is_heading_title(self.value, self.piece_start, m.start())
        if restart:
            if not (after and _before_capital(self.value, m) and _follows("2", family, rest)):
                return False
        elif kind in _BULLET_KINDS:
            if not (resumes or after or _leads_in(self.value, self.piece_start, m.start())):
                return False
            if not _opens_an_item(self.value, m) or not (resumes or _follows(None, family, rest)):
                return False
            if kind == "star" and m.group("starvalue") is not None and not self._member_before_own(family, rest):
                return False  # "2. Received therapy * 3 weeks of rest 3. …": one star before a value is a factor
        elif kind != "letter" or label not in FIRST_LABELS or family.endswith("()"):
            return False
        elif not (after or (resumes and label == "a" and _before_capital(self.value, m))):
            return False  # "1. … the study a. May be signed … 2.": a lone "a" before a capital, the next number after it
        elif not (resumes and label in {"a", "i"}) and not _follows(_run_next(label, family), family, rest):
            return False  # one lone "a." is a member between two numbers only, never a capital: "hemophilia A. The …"
        if resumes is None:
            self.guessed.append(len(self.cuts) - 1)  # the lead the sub-list opens under
        else:
            self.vouched = self.own_next
        return True

    def joins_bullets_cut(self, m: re.Match[str], family: str, rest: list[re.Match[str]]) -> bool:
        """Whether a bullet of another style after bullets cut from a numbered line ("5. … heart
        conditions: • NYHA …; * Myocardial …; * … 6. …") stands among them, before the line's
        next number: the registry mixed its glyphs in one list."""
        last = self.cuts[-1] if self.cuts else None
        if last is None or last.level != 0 or last.label is not None or last.family == self.family:
            return False
        return self.own_next is not None and _opens_an_item(self.value, m) and self._own_list_resumes(rest) is True

    def _member_before_own(self, family: str, rest: list[re.Match[str]]) -> bool:
        """Whether another bullet of ``family`` follows among ``rest`` before the line's next label."""
        for later in rest:
            _, other_family, other_kind = _candidate(later)
            if other_kind in _BULLET_KINDS and other_family == family:
                return True
            if other_kind not in _BULLET_KINDS and other_family == self.family:
                return False
        return False

    def _own_list_resumes(self, rest: list[re.Match[str]], run_next: str | None = None) -> bool | None:
        """Whether the line's next label follows among ``rest`` before any other of its list;
        None where none of its list does and the line ends within them (the sub-list may as
        well be a list of its own after the line's one). A restarted run's members in the
        line's style (from ``run_next`` on) are passed over; one that is the line's next is unsure."""
        for later in rest:
            other, other_family, other_kind = _candidate(later)
            if other_kind not in _BULLET_KINDS and other_family == self.family:
                if other is not None and other == run_next and other != self.own_next:
                    run_next = _next_label(other, other_family)
                    continue
                return other == self.own_next and other != run_next
        return None if len(rest) < _LOOK_AHEAD else False

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
    in_run = in_run and scan.value[m.start()] != "\\"  # an escaped star is a footnote's (see _Scan.own)
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
        _advance_own(scan, label, kind)
        return
    if in_run:
        _continue_run(scan, m, label, family)
    elif scan.opens_run(m, label, family, kind, text, rest):
        _open_run(scan, m, label, _run_family(label, family), members=False)
    else:
        _place_other_list(scan, m, label, family, kind, text, rest)


def _place_other_list(
    scan: _Scan, m: re.Match[str], label: str | None, family: str, kind: str, text: str, rest: list[re.Match[str]]
) -> None:
    """A candidate of none of the line's own lists: an outer list's number or letter, or a
    numbered list run into a bullet item; else text."""
    if kind == "num" and _goes_on_outer_list(scan, m, label, text):
        _add_outer(scan, m, label, family)
    elif kind in _BULLET_KINDS and scan.joins_bullets_cut(m, family, rest):
        scan.add(m, None, family, 0)  # "5. …: • NYHA …; * Myocardial …; * … 6.": the cut bullets' siblings
    elif kind == "num" and label == scan.counted and scan.level == 0 and _before_capital(scan.value, m):
        _close_run(scan)
        scan.add(m, label, family, 0)
        scan.counted, scan.counted_cut = None, True
        scan.chain_next = _next_label(label or "", family)
    elif kind == "num" and scan.family.startswith("bullet") and scan.level == 0 and _number_chain(scan, m, label, family, rest):
        # "* … English; 3. Participants …; 4. Participants …": a numbered list run into the bullet;
        # after a title ("* Administrative reasons 25. … 26. …") its items
        _close_run(scan)
        if not scan.cuts and _is_bullet_title(scan.value, scan.piece_start, m.start()):
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


def _own_number_before_value(
    scan: _Scan, m: re.Match[str], label: str | None, family: str, text: str, rest: list[re.Match[str]]
) -> bool:
    """Whether a number before a value goes on the line's own list: it is the next number, a value
    and a word follow ("… Screening; 3. 4th stage …", "2. 24-47 months"), and after a word
    ("grade 3. 12 weeks") the number after it follows on the line too."""
    if label is None or label != scan.own_next or not scan.own(label, family, "num", m.start()):
        return False
    if not _opens_with_value(scan.value, m.end()):
        return False
    return not text.isalnum() or _follows(_next_label(label, family), family, rest)


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


def _opens_an_item(value: str, m: re.Match[str]) -> bool:
    """Whether a marker stands after white space and before a capitalised word or a value."""
    first = value[m.end() : m.end() + 3].lstrip()[:1]
    return value[m.start() - 1].isspace() and (first.isupper() or first.isdigit())


def _before_capital(value: str, m: re.Match[str]) -> bool:
    """Whether a marker stands after white space and before a capitalised word."""
    return value[m.start() - 1].isspace() and value[m.end() : m.end() + 3].lstrip()[:1].isupper()


def _letter_chain(scan: _Scan, m: re.Match[str], label: str | None, family: str, rest: list[re.Match[str]]) -> bool:
    """Whether a lone letter run into a line goes on a lettered list: the letter the last one cut
    calls for, or the first of two in a row, each after a word and before a capitalised one,
    where the line's own label is a letter or a lettered item above calls for this one.
    A chain that starts a list ("a)", "i.") is a sub-list, which only a colon opens."""
    if label is None or len(label) != 1 or label in FIRST_LABELS or label in _ROMAN_LETTERS:
        return False
    if family.endswith("()"):
        return False  # "… position or (b) Hyposthesia …, or (c) …": a sentence's alternatives, as _LETTER_CHAIN_RE reads
    if not _before_capital(scan.value, m):
        return False
    if label == scan.chain_next:
        return True
    if scan.family[:5].lower() != "alpha" and (label, family) not in scan.open_letters:
        return False  # "* … hepatitis B. Hepatitis C. Patients …": no lettered list for the chain to go on
    following = _next_label(label, "alpha" + family[5:])
    for later in rest:
        other, other_family, other_kind = _candidate(later)
        if other_kind == "numvalue":
            continue  # a number before a value is never a list's next member by itself
        if other == following and other_family[5:] == family[5:]:
            return _before_capital(scan.value, later)
    return False


def _is_bullet_title(value: str, s: int, e: int) -> bool:
    """A bullet's few words before a numbered list run into its flattened line ("* Administrative
    reasons 25. …"): one to six words, a capital first, a letter last (no sentence end, figure or
    bracket).

    Not the titles of unmarked lines (``_criteria_lines._looks_like_heading``,
    ``_criteria_plain._is_loose_title``): here the words end where a number cuts the line, so a
    letter last is what says they were no sentence that the number goes on."""
    words = value[s:e].split()
    return 0 < len(words) <= 6 and words[0][:1].isupper() and words[-1][-1:].isalpha()


def _run_family(label: str | None, family: str) -> str:
    """The family of a sub-list opened by ``label``: "i" opens a roman one, not a lettered one."""
    if label in {"i", "I"}:
        return ("roman" if label == "i" else "ROMAN") + family[5:]
    return family


def _leads_in(value: str, s: int, e: int) -> bool:
    """Whether ``value[s:e]`` ends with a lead-in without its colon ("… as follows", "… must meet
    2 of the following high-risk criteria"): "following" among its last words (a bound: linear)."""
    return _ends_with_leadin(value, s, e) or _FOLLOWING_RE.search(value, max(s, e - _FOLLOWING_REACH), e) is not None


def _is_heading_title(value: str, s: int, e: int) -> bool:
    """Whether ``value[s:e]`` is a short heading over a sub-list ("Disease characteristics",
    "Organ function"), no sentence ("Therapy including", "Function is normal")."""
    if e - s > _TITLE_REACH:
        return False
    text = value[s:e].strip()
    return _looks_like_heading(text) and _SENTENCE_VERB_RE.search(text) is None and not _ends_with_leadin(value, s, e)


def _run_next(label: str | None, family: str) -> str:
    """The label after ``label`` in the sub-list it opens."""
    return _next_label(label or "", _run_family(label, family))


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


def _end_members_at_a_lead_in(scan: _Scan) -> None:
    """A lead-in's member that leads in itself ("* … blood counts at Baseline: * ANC … * Patients
    has the following blood chemistry levels at Baseline: * AST …") is the next lead-in, a
    sibling of the first: its style's next lead-in ends the members. It may as well be a member
    leading in to its own ("* ICHD criteria: * … * Headache with one of the following: * …"):
    the place is a guess. (Under a heading without a marker, "… any of the following: * … *
    History of: * …", the tree still nests it there.)"""
    if scan.members and scan.cuts and scan.cuts[-1].level == 1:
        scan.cuts[-1].level = 0
        scan.guessed.append(len(scan.cuts) - 1)
        scan.level = 0
        _close_run(scan)


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


def _advance_own(scan: _Scan, label: str | None, kind: str) -> None:
    scan.own_cut, scan.cut_family = label, scan.cuts[-1].family
    scan.own_cuts += 1
    if label is not None and scan.own_next is not None and kind != "sub":
        # "5. … 5a. … 5c. … 6) …": a label naming its parent leaves the list's next number
        scan.own_next = _next_label(label, scan.family if scan.family != "circled" else "num")
