"""Criteria reading, flattened lines: where a marker may stand inside a line.

The candidates the rules of ``_criteria_flat_cuts`` decide on: one pattern of every shape a
marker run into a line takes, tried only where a match can start; what each match is (label,
family, kind); the cheap first looks that let most items skip the scan; and the parentheses
that pair up, inside which nothing is cut (see ``_criteria_flat``'s docstring).
"""

from __future__ import annotations

import functools
import itertools
import re
from typing import Final

from trialparse._criteria_lines import _next_label
from trialparse.vocabulary import CIRCLED_NUMBERS, LETTER_BULLETS, QUANTITY_UNITS, SPLITTING_BULLETS

# The markers that start an item anywhere in a line, as a character class without brackets.
_SPLITTING_CLASS: Final = re.escape(SPLITTING_BULLETS) + "".join(CIRCLED_NUMBERS)

# Places inside a line where a flattened list may continue (filtered by the rules in _inline_cuts).
# A new alternative's first character goes into _INLINE_START_RE too (and into the alphabet of
# test_inline_matches_are_what_finditer_finds, which checks the two agree).
_INLINE_SOURCE: Final = r"""
    (?<=[.:]\ )(?P<sub>[0-9]{1,3}+[a-z])(?P<sdelim>[.)])(?=[ \t]++[A-Z])
    | (?<=\s)(?P<dotted>[0-9]{1,2}+\.[0-9]{1,2}+)(?P<ddelim>\.?+)(?=[ \t]++[A-Z])
    | (?<=[\s;；,，:：])(?P<num>\(?[0-9]{1,3}+)(?P<delim>\\?[.)])
        (?=[ \t]++[^\s0-9]|[A-Z]|(?<=\))[ \t]++[0-9]|(?P<numvalue>[ \t]++[0-9]))
    | (?<=[\s;；,，:：])(?:\((?P<plet>[a-zA-Z]|[ivx]{2,5}+|[IVX]{2,5}+)\)
        |(?P<let>[a-zA-Z]|[ivx]{2,5}+|[IVX]{2,5}+)(?P<ldelim>[.)])(?![^\W\d_]\.))(?=[ \t]*+[^\W\d_]|[ \t]++\S)
    | (?<=\s)(?P<star>\\?\*)(?=[ \t]++(?:[^\s0-9*]|(?P<starvalue>[0-9])))
    | (?<=\s)(?P<obullet>[%(letters)s])(?=[ \t][A-Z])
    | (?P<dot>[%(splitting)s])[ \t]*+(?=\S)
    | (?P<circled>[%(circled)s])
    | (?:(?<=[.;:][ \t])|(?<=[.;:][ \t][ \t]))(?P<dash>\\?-)(?=[ \t]++[A-Z\u00c0-\u00de])
    | (?<=\s)(?P<dash2>-)(?=[ \t][ \t]++[^\s\-])
    | (?<=[a-z.)])(?P<dash3>-)(?=[ \t][A-Z][a-z])
    | (?<=[^\s\-][ \t])(?P<dash4>-)(?=[ \t][A-Z][a-z])
    | (?<=\s)(?P<oddnum>[0-9]{1,3}+)[ \t]\.(?=[A-Z])
    | (?<=\.[ \t])(?P<barenum>[0-9]{1,3}+)(?=[ \t]++[A-Z][a-z])
""" % {"splitting": re.escape(SPLITTING_BULLETS), "circled": "".join(CIRCLED_NUMBERS), "letters": LETTER_BULLETS}


@functools.cache
def _INLINE_RE() -> re.Pattern[str]:
    return re.compile(_INLINE_SOURCE, re.VERBOSE)


# The characters an _INLINE_RE match can start with (its lookbehinds consume nothing). The
# alternation has no prefix the matcher can skip to, so finditer tries every alternative at
# every position; _inline_matches tries only where this matches.
_INLINE_START_RE: Final = re.compile(
    r"[(0-9*\-%s]|\\(?=[*\-])|[a-zA-Z](?=[ivxIVX]{0,4}[.)])|[%s](?=[ \t])" % (_SPLITTING_CLASS, LETTER_BULLETS)
)
# Cheap first looks for _may_split (keep in sync with _INLINE_RE): one simple class each,
# several times faster than one alternation of all of them.
_NUMBER_MARK_RE: Final = re.compile(r"[0-9]\\?[.)](?:[ \t]|[A-Z])")
_STAR_MARK_RE: Final = re.compile(r"\s\\?\*[ \t]")
_DASH_MARK_RE: Final = re.compile(r"[.;:][ \t][ \t]?\\?-[ \t]|\s-[ \t][ \t]|[a-z.)]-[ \t][A-Z]|[^\s\-][ \t]-[ \t][A-Z]")
_LETTER_MARK_RE: Final = re.compile(r"\s[%s][ \t][A-Z]" % LETTER_BULLETS)
_LETTER_BULLET_FAMILIES: Final = frozenset("bullet" + c for c in LETTER_BULLETS)
_WIDE_MARK_RE: Final = re.compile(r"[%s]" % _SPLITTING_CLASS)
# The family of a "•" item (its list may go on with stars)
_DOT_FAMILY: Final = "bullet" + SPLITTING_BULLETS
# (an escaped star or dash too: "…: \\- Use of …", the registry's escaping of a leading marker;
# and after a stray full stop: "…:. i) …")
_RUN_START_RE: Final = re.compile(r"[:：]\.?+\s*+\\?[(0-9a-zA-Z*\-%s]" % _SPLITTING_CLASS)
# A label naming its parent after a full stop ("… lymphomas. 5c. The …"): a pattern that opens
# with a literal, which the matcher skips to (a class first costs it four times as much); after
# a colon ("Note: 5a. …") _RUN_START_RE finds it
_SUB_AFTER_STOP_RE: Final = re.compile(r"\. [0-9]{1,3}[a-z][.)][ \t]")
# A number after a sentence end, before a capitalised word: "… obstruction. 14. History …" (an
# outer list's, where a numbered item's list restarted: see _number_before_restart)
_NUMBER_AFTER_STOP_RE: Final = re.compile(r"\. [0-9]{1,3}[.)][ \t]++[A-Z]")
# A letter after a sentence end, before a capitalised word: "… erythematosus. d) The subject …"
# (cut when the next line opens with the letter after it: see _Scan.letter_before_next_line)
_LETTER_AFTER_STOP_RE: Final = re.compile(r"\. \(?[a-zA-Z][.)][ \t]++[A-Z]")
# A lone letter after a word, before a capitalised one (see _has_letter_chain)
_LETTER_CHAIN_RE: Final = re.compile(r"(?<=[^\W\d_][ \t])([b-hj-uw-zB-HJ-UW-Z])[.)][ \t]++(?=[A-Z])")
# A first capital A glued to a capitalised word: "… patients A.Patients with …" (see _Scan.opens_run)
_GLUED_FIRST_RE: Final = re.compile(r"\sA\.[A-Z]")
# A number before a capitalised word: in a bullet item, the start of a numbered list run into it
_NUMBER_BEFORE_CAPITAL_RE: Final = re.compile(r"\s([0-9]{1,3})[.)][ \t]++[A-Z]")
# A first "a)" before a capitalised word: "… died a) The HR positive patients …" (see _Scan.opens_run)
_FIRST_A_PAREN_RE: Final = re.compile(r"\sa\)[ \t]++[A-Z]")
# A value that opens a criterion after its marker: a number, a range or an ordinal, then a word
# ("* 18 years of age", "2. 24-47 months", "3. 4th stage"), or a comparison ("2. 5 ≤ IIEF-5 ≤ 21");
# the word is looked up in QUANTITY_UNITS
_VALUE_PHRASE_RE: Final = re.compile(
    r"[ \t]++[0-9]{1,4}+(?:[.,][0-9]{1,3}+)?+(?:[ \t]*+[-–~][ \t]*+[0-9]{1,4}+(?:[.,][0-9]{1,3}+)?+)?+\+?+"
    r"(?:(?:st|nd|rd|th)(?![^\W\d_])|[ \t]++(?P<word>[^\W\d_]{1,12}+)|[ \t]*+[<>≤≥≦≧][ \t]*+[^\W\d_])"
)
# What a formula writes shortly before a factor (" * ") where a list writes a criterion's end
_FORMULA_SIGNS: Final = frozenset("=×÷^")
_FORMULA_REACH: Final = 20
# A formula's group in parentheses: operands (a word or a number each) and spaced signs between
# them, nothing else, a number or a product among them ("140 - Age", "72 * Creatinine"; not
# "mL/min", "males / females", "according to X - see Y")
_OPERATION_RE: Final = re.compile(r"[\w.]++(?:[ \t]++[-+−–/×÷*][ \t]++[\w.]++)++")
_NUMBER_OR_PRODUCT_RE: Final = re.compile(r"[0-9]|[ \t][*×][ \t]")
_GROUP_REACH: Final = 40
# An operand and the formula's next sign: "Weight / (72 …", "Weight × 0.85"
_OPERAND_GOES_ON_RE: Final = re.compile(r"\w++[ \t]*+[-+−–/×÷*=^][ \t]*+[(0-9]")
# A quantity right before " * ": "2 cycles * 3 weeks", "1.5 mg/kg * 3 weeks" (a product of two)
_QUANTITY_BEFORE_RE: Final = re.compile(r"(?<![\w.,])[0-9][0-9.,]*+[ \t]*+[^\s0-9]{1,12}+[ \t]*+\Z")
# An aside in parentheses before " * ", which says nothing about a product: "(n=20) * 18-65 years"
_ASIDE_RE: Final = re.compile(r"\([^()]*+\)")
# What ends a criterion or a title right before " * ": no factor follows ("… 1 year; * 1 second …",
# "Part 1: * 14-50 years …")
_ENDS_BEFORE_STAR: Final = frozenset(".;:")

# The parentheses that _Enclosed pairs up
_BRACKET_RE: Final = re.compile(r"[()]")
# A label after a separator, right before a ")": a marker's delimiter ("…; 16) Acting …", "…
# who: 1) …", "…, b) …"), which closes no parenthesis; prose writes a number or a letter before
# a closing one after a word ("(version 4)", "(see criteria 6)", "(Part 2)")
_DELIMITER_LABEL_RE: Final = re.compile(r"[;:,.；，：][ \t]++(?:[0-9]{1,3}|[a-zA-Z]|[ivx]{2,4})\Z")
_LABEL_REACH: Final = 8


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
    if not family.startswith("bullet") and _may_hold_bullets(text):
        return True  # bullets of another style between a labelled item and its next label
    return not text.isascii() and _WIDE_MARK_RE.search(text) is not None


def _may_hold_bullets(text: str) -> bool:
    """Stars or dashes standing as markers inside a numbered or lettered item ("6. … values * Bone
    marrow: … * Liver: …", "1. … 12 months.  * Adults * …"): see ``opens_run_between_labels``."""
    return ("*" in text and _STAR_MARK_RE.search(text) is not None) or ("-" in text and _DASH_MARK_RE.search(text) is not None)


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
    elif family in {"bullet*", _DOT_FAMILY}:  # a "•" item's list may go on with stars
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
    if kind == "dash4":
        return None, "bullet-", "rundash"  # a dash list's own only where it was run into its heading
    if kind in {"oddnum", "barenum"}:
        return m.group(kind), "num.", "loosenum"  # the line's next number only (see _scan_line)
    if kind == "obullet":
        return None, "bullet" + m.group("obullet"), "obullet"
    if m.group("starvalue") is not None and not _star_before_value(m):
        return None, "", "skip"
    if _multiplies_a_group(m.string, m.start("star")):
        return None, "", "skip"
    return None, "bullet*", "star"


def _bullet_before_value(value: str, at: int, e: int) -> bool:
    """Whether the star or "•" at ``at`` opens an item where a value follows it ("Part 1: * 14-50
    years of age", "(n=20) * 18-65 years"), as a flattened line's scan reads it: no factor of a
    product ("BSA * 25 mg"; see _star_before_value)."""
    m = _INLINE_RE().match(value, at, e)
    return m is not None and _candidate(m)[2] in {"star", "dot"}


def _multiplies_a_group(value: str, star: int) -> bool:
    """Whether the star at ``star`` multiplies a formula's group in parentheses: "(140 - Age) *
    Weight", "Weight * (Height - 100)" (gallery example 21: between operands " * " is a product,
    never a criterion's end). The group is an operation ("140 - Age"); an aside ("(n=20)",
    "(18-65)", "(mL/min)") is no operand."""
    before = value[max(star - _GROUP_REACH, 0) : star].rstrip()
    after = value[star + 1 : star + 1 + _GROUP_REACH].lstrip()
    if before.endswith(")") and _is_operation(before[before.rfind("(") + 1 : -1]):
        # the formula goes on after the star ("… * Weight / 72", "… * weight"); a capitalised
        # word with no sign after it is the next item of a flattened list ("… (72 * Cr) * Adults")
        return after[:1].islower() or after[:1].isdigit() or _OPERAND_GOES_ON_RE.match(after) is not None
    return after.startswith("(") and _is_operation(after[1 : max(after.find(")"), 0)])


def _is_operation(group: str) -> bool:
    return _OPERATION_RE.fullmatch(group) is not None and _NUMBER_OR_PRODUCT_RE.search(group) is not None


def _opens_with_value(value: str, at: int) -> bool:
    """Whether the text at ``at`` (after a marker) opens with a value and a word, no unit of a
    quantity ("18 years of age", "4th stage"; not "25 mg", "0.85")."""
    m = _VALUE_PHRASE_RE.match(value, at)
    return m is not None and (m.group("word") or "").lower() not in QUANTITY_UNITS


def _star_before_value(m: re.Match[str]) -> bool:
    """Whether " * " before a number is a bullet: it follows a word's or a sentence's end, no
    formula sign just before it ("Dose = BSA * 25 mg") nor a quantity ("2 cycles * 3 weeks":
    a product), an aside in parentheses aside ("(n=20) * 18-65 years"), and a value with a word
    follows it. After a criterion's or a title's end (".", ";", ":") nothing before it is a
    factor ("… for 1 year; * 1 second …")."""
    value = m.string
    before = value[max(m.start() - _FORMULA_REACH, 0) : m.start()]
    last = before.rstrip()[-1:]
    if not (last.isalpha() or last in ").;,:"):
        return False
    if last not in _ENDS_BEFORE_STAR:
        before = _ASIDE_RE.sub(" ", before)
        if not _FORMULA_SIGNS.isdisjoint(before) or _QUANTITY_BEFORE_RE.search(before) is not None:
            return False
    return _opens_with_value(value, m.end())


class _Enclosed:
    """The parentheses of a line that pair up, found in one pass: nothing inside them is cut
    ("(height * weight)", "(see (a) below)"). One that never closes protects nothing ("* Total
    abstinence (when this is … * Female sterilization …"), nor does one that a later marker's
    delimiter would close ("(either … [AHI≥15]; 13. …; 14. …; 16) …": see _DELIMITER_LABEL_RE)."""

    __slots__ = ("_at", "_spans")

    def __init__(self, value: str, s: int, e: int) -> None:
        spans: list[tuple[int, int]] = []  # the outermost pairs so far, in order
        if value.find("(", s, e) >= 0:
            opened: list[int] = []
            for b in _BRACKET_RE.finditer(value, s, e):
                at = b.start()
                if value[at] == "(":
                    opened.append(at)
                elif opened and not _DELIMITER_LABEL_RE.search(value, max(at - _LABEL_REACH, s), at):
                    start = opened.pop()
                    while spans and spans[-1][0] > start:
                        spans.pop()  # a pair inside this one
                    spans.append((start, at))
        self._spans = spans
        self._at = 0

    def holds(self, at: int) -> bool:
        """Whether ``at`` stands inside a pair; asked for positions in increasing order."""
        spans = self._spans
        while self._at < len(spans) and spans[self._at][1] < at:
            self._at += 1
        return self._at < len(spans) and spans[self._at][0] < at < spans[self._at][1]
