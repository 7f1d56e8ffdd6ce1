"""Eligibility criteria as a tree: sides, cohorts, items, nested items.

The grammar read here, line by line (one pass, explicit stacks, no recursion):

- **side header**: a whole line naming a side, ``[decoration] [qualifiers] inclusion|exclusion
  [criteria] [more words] [:] [text]`` — "Inclusion Criteria:", "INCLUSION CRITERIA",
  "Key inclusion criteria", "* Inclusion Criteria:", "**Exclusion Criteria**". Qualifiers other
  than "key", "main", … ("Donor", "Radiological", "… for renal transplant patients") make a
  **cohort**: a group criterion on that side whose children are the items under it. The words
  inside a sentence ("… listed under exclusion criteria below …") are not a header. A header
  may also stand mid-line when a marker follows it (flattened text).
- **marker**: at the start of a line, ``* - + • · o ▪ ◦ ‣ –`` bullets, ``1. 1) (1) 1\\.``,
  ``a. a) (a) A.``, ``i. (iv)``, ``①``; label = the number or letter, ``None`` for bullets.
- **nesting**: an item indented deeper than the open item is its child. At the same indent an
  item ending with ":" adopts items of *another* marker style as children, and an item ending
  with a lead-in ("… of the following:", "… such as:") adopts items of its *own* style (the
  legacy plain-text layout), until its own style returns or a new lead-in.
- **unmarked lines**: directly under an item they continue it (lazy continuation); after a
  blank line they continue the item whose text column they reach (hanging indents); else a
  short line ending with ":" is a **topic group**, a lead-in sentence right under a header (or
  any text before the first header) is a **note**, a paragraph after an item ending with ":"
  is that item's child, and any other paragraph is an item without a label.
- **flattened lines** are split only at unambiguous markers: a numbered run continuing in
  order after a non-letter, `` * `` inside a ``*`` item, ``•`` and ``①`` anywhere, ``- `` after
  a sentence end inside a ``-`` item.

Nesting deeper than ``MAX_DEPTH`` is kept flat at that depth with a warning, so that every
consumer (equality, serialisation, pickling) stays within Python's recursion limit.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final

from trialparse import _regex as _rx

# imported with the package, so that a process's first page does not pay for it; the
# extractor's patterns are still built on first use (from the stored table, ``_regex``)
from trialparse.constraints import RawConstraint, extract_constraints
from trialparse.model import Constraint, Criteria, CriteriaHeader, Criterion, Issue, Severity
from trialparse.text import Text, clean_inline, collapse_ws, lazy_pattern

__all__ = ["MAX_DEPTH", "read_criteria"]

Issues = tuple[Issue, ...]
MAX_DEPTH: Final = 32

# --- patterns ----------------------------------------------------------------------------

_CHROME_RE: Final = _rx.compile(  # page chrome such as "Show full inclusion / exclusion criteria"
    r"(?:show|hide|view|see)\s++(?:the\s++)?(?:full|all|more|less)\b[^\n]{0,80}?\bcriteria\b[^\n]{0,40}+",
    re.IGNORECASE,
)
# A whole-line header. `pre`/`post` are bounded, so the pattern cannot backtrack far.
_HEADER_RE: Final = _rx.compile(
    r"""
    (?P<deco>(?:[*\-+•·#>]++|[0-9]{1,2}[.)]|[A-Za-z][.)])[ \t]*+)?+
    (?P<open>\*\*|__)?+[ \t]*+
    (?P<pre>(?:\S++[ \t]++){0,6}?)
    (?P<side>inclusion|exclusion)(?:ary)?+
    (?P<crit>[ \t]++(?:criteria|criterion|criterias))?+
    (?P<post>(?:[ \t]++[^\s:*]++){0,8}+)
    [ \t]*+(?P<close>\*\*|__)?+[ \t]*+
    (?P<colon>:)?+[ \t]*+(?P<close2>\*\*|__)?+[ \t]*+
    (?P<rest>[^\n]*+)
    """,
    re.IGNORECASE | re.VERBOSE,
)
_MIDLINE_HEADER_RE: Final = lazy_pattern(
    r"(?<=\s)(?:(?:key|main)[ \t]++)?(?P<side>inclusion|exclusion)[ \t]++criteria[ \t]*+:[ \t]*+"
    r"(?=[*•\-]|[0-9]{1,2}[.)][ \t]|\([0-9]{1,2}\)[ \t]|$)",
    re.IGNORECASE,
)
# What every _MIDLINE_HEADER_RE match holds, under the same flags: a line without it (most
# lines that merely mention "exclusion criteria") skips the header pattern, whose lookbehind
# start gives the matcher no prefix to skip to (~25 ns a character)
_MIDLINE_CUE_RE: Final = lazy_pattern(r"criteria[ \t]*+:", re.IGNORECASE)
_PLAIN_QUALIFIERS: Final = frozenset(
    {
        "",
        "key",
        "main",
        "general",
        "major",
        "principal",
        "study",
        "primary",
        "basic",
        "patient",
        "participant",
        "subject",
        "trial",
        "the",
        "key main",
        "eligibility",
        "eligibility and",
    }
)
# After the header words, these make a sentence ("Exclusion criteria are listed below").
_VERB_WORDS: Final = frozenset(
    {
        "are",
        "is",
        "will",
        "apply",
        "applies",
        "include",
        "includes",
        "must",
        "should",
        "can",
        "may",
        "were",
        "was",
        "have",
        "has",
        "be",
        "see",
        "listed",
        "defined",
        "below",
        "above",
        "as",
        "meet",
        "meets",
        "following",
        "not",
    }
)
# After the header words, these do not name a cohort ("Inclusion criteria for the study").
_PLAIN_POST: Final = frozenset({"for", "the", "study", "trial", "patients", "participants", "subjects", "all", "this", "of"})
# Words that show the header words sit inside a sentence.
_SENTENCE_WORDS: Final = frozenset(
    {
        "the",
        "see",
        "in",
        "under",
        "per",
        "of",
        "following",
        "and",
        "or",
        "all",
        "any",
        "these",
        "those",
        "as",
        "by",
        "listed",
        "defined",
        "meet",
        "meets",
        "satisfy",
        "no",
        "not",
        "with",
        "to",
        "are",
        "is",
        "be",
        "must",
        "will",
        "apply",
        "applies",
        "include",
        "includes",
        "were",
        "was",
        "have",
        "has",
        "should",
        "can",
        "may",
        "other",
        "above",
        "below",
        "from",
        "on",
        "at",
        "for",
        "that",
        "which",
        "note",
    }
)
_MARKER_RE: Final = _rx.compile(  # stdlib re: about 3x faster than `regex` for this anchored match
    r"""
    (?:
      (?P<bullet>\\?[*\-+•·▪◦‣○●■□➢►–—])(?=[ \t]|$)
    | (?P<gbullet>[-•·])(?=[^\W\d_])
    | (?P<obullet>o)(?=[ \t]++\S)
    | (?P<circled>[\u2460-\u2473])
    | \((?P<pnum>[0-9]{1,3}+|[ivxIVX]{1,5}+|[a-zA-Z])\)(?=[ \t]|$)
    | (?P<num>[0-9]{1,3}+)(?P<numdelim>\\?[.)])(?![0-9])
    | (?P<alpha>[ivxIVX]{1,5}+|[a-zA-Z])(?P<alphadelim>\\?[.)])(?=[ \t]|$)
    )
    [ \t]*+
    """,
    re.VERBOSE,
)
# Places inside a line where a flattened list may continue (filtered by the rules in _splits).
# A new alternative's first character goes into _INLINE_START_RE too (and into the alphabet of
# test_inline_matches_are_what_finditer_finds, which checks the two agree).
_INLINE_RE: Final = lazy_pattern(
    r"""
    (?<=\s)(?P<num>\(?[0-9]{1,3}+)(?P<delim>\\?[.)])(?=[ \t]++[^\s0-9])
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
_NUMBER_MARK_RE: Final = _rx.compile(r"[0-9]\\?[.)][ \t]")
_STAR_MARK_RE: Final = _rx.compile(r"\s\*[ \t]")
_DASH_MARK_RE: Final = _rx.compile(r"[.;:][ \t][ \t]?-[ \t]")
_WIDE_MARK_RE: Final = _rx.compile(r"[•\u2460-\u2473]")
_LEADIN_COLON_RE: Final = lazy_pattern(
    r"(?:following|below|\bof|either|such\ as|including|includes?|namely|as\ follows|criteria|any|are|"
    r"must|these|conditions|e\.g\.|i\.e\.|example)\s*+:$",
    re.IGNORECASE | re.VERBOSE,
)
_LEADIN_SENTENCE_RE: Final = lazy_pattern(
    r"\b(?:following|all\ of|any\ of|must\ (?:meet|satisfy|fulfil+|have)|eligible|criteria)\b"
    r"|\b(?:with|of|who|that|if|are|is|having|and|or|the|following)\s*+:?$",
    re.IGNORECASE | re.VERBOSE,
)
_ROMAN_CHARS: Final = frozenset("ivxIVX")


# --- events --------------------------------------------------------------------------------


# Plain slotted classes, not attrs: they live for one call, and attrs' generated methods
# cost about a millisecond each at import.
class _Item:
    __slots__ = ("content_col", "family", "indent", "label", "start", "text_end", "text_start")

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


class _Header:
    __slots__ = ("cohort", "end", "side", "start", "words", "words_end", "words_start")

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


class _Plain:
    __slots__ = ("after_header", "end", "indent", "start")

    def __init__(self, indent: int, start: int, end: int, after_header: bool = False) -> None:
        self.indent = indent
        self.start = start
        self.end = end
        self.after_header = after_header


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


def _match_header(value: str, s: int, e: int) -> _Header | tuple[_Header, int] | None:
    """A header at the start of ``value[s:e]``; with trailing text, also where that text starts."""
    m = _HEADER_RE.match(value, s, e)
    if m is None:
        return None
    pre = m.group("pre").strip()
    post = m.group("post").strip()
    rest_start = m.start("rest")
    has_rest = m.end("rest") > rest_start
    has_colon = m.group("colon") is not None
    pre_words = [w.lower().strip("()[]:") for w in pre.split()]
    post_words = _outside_parentheses(post).lower().split()
    if any(w in _SENTENCE_WORDS for w in pre_words) or any(w in _VERB_WORDS for w in post_words):
        return None
    if has_rest and not has_colon:
        return None  # "Exclusion of patients with …" is a sentence, not a header
    if m.group("crit") is None and (pre or post):
        return None  # bare "Inclusion:" only when alone
    if m.group("deco") and m.group("deco").strip()[:1].isalnum() and not has_colon and m.group("crit") is None:
        return None
    side = _side_of(m.group("side"))
    end = rest_start if has_rest else m.end()
    while end > s and value[end - 1] in " \t":
        end -= 1
    words = collapse_ws(value[m.end("deco") if m.group("deco") else s : end]).strip("*_: \t")
    qualifier = " ".join(pre_words)
    plain = qualifier in _PLAIN_QUALIFIERS and all(w in _PLAIN_POST for w in post_words)
    cohort = None if plain else words.rstrip(":").strip()
    header = _Header(side, s, end, cohort, words, m.start("pre"), m.end("post"))
    return (header, rest_start) if has_rest else header


def _outside_parentheses(text: str) -> str:
    """``text`` without what stands inside parentheses ("criteria (any of the following)")."""
    if "(" not in text:
        return text
    out = []
    depth = 0
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(depth - 1, 0)
        elif depth == 0:
            out.append(ch)
    return "".join(out)


def _tokenize(doc: Text, start: int, end: int) -> list[_Event]:
    """Turn the section's lines into events; a flattened line may give several."""
    value = doc.value
    events: list[_Event] = []
    pos = start
    for raw in value[start:end].split("\n"):
        ls = pos
        le = pos + len(raw)
        pos = le + 1
        line = raw.strip(" \t")
        if not line:
            events.append(None)
            continue
        s = ls + len(raw) - len(raw.lstrip(" \t"))
        e = s + len(line)
        indent = s - ls if "\t" not in raw[: s - ls] else _indent_width(value, ls, le)[0]
        # str searches first: a case-blind pattern per line costs more than the whole test
        if "lusion" in line or "LUSION" in line or "how" in line or "HOW" in line:
            low = line.lower()
            if "clusion" not in low and "show" not in low:
                _items(value, s, e, indent, events, after_header=False)
                continue
            chrome = _CHROME_RE.match(value, _skip_deco(value, s, e), e)
            if chrome is not None and chrome.end() == e:
                events.append(_Header(None, s, e, None, value[s:e]))
                continue
            found = _match_header(value, s, e)
            if isinstance(found, tuple):
                header, rest = found
                events.append(header)
                _content(value, rest, e, indent + 1, events, after_header=True, hint=True)
                continue
            if found is not None:
                events.append(found)
                continue
            _content(value, s, e, indent, events, after_header=False, hint="clusion" in low)
            continue
        _items(value, s, e, indent, events, after_header=False)
    return events


def _side_of(word: str) -> str:
    """ "inclusion" or "exclusion" for a side word the case-blind header patterns matched.

    Not ``word.lower()``: those patterns fold case as Unicode does, so "incluſion" (long s) or
    "İnclusion" match, and their lower case is neither key.
    """
    return "exclusion" if word[:1] in "eE" else "inclusion"


def _skip_deco(value: str, s: int, e: int) -> int:
    while s < e and value[s] in "*-•·#> \t_":
        s += 1
    return s


def _content(value: str, s: int, e: int, indent: int, events: list[_Event], *, after_header: bool, hint: bool) -> None:
    """Events for one line's content: mid-line headers first, then markers and inline splits.

    ``hint`` says the line may hold a mid-line header (it contains "…clusion").
    """
    if not hint or _MIDLINE_CUE_RE().search(value, s, e) is None:
        _items(value, s, e, indent, events, after_header=after_header)
        return
    pieces: list[tuple[int, int] | _Header] = []
    pos = s
    for m in _MIDLINE_HEADER_RE().finditer(value, s, e):
        before = value[pos : m.start()].rstrip()
        if not before or before.split()[-1].lower() in _SENTENCE_WORDS:
            continue
        hdr_end = m.end()
        while hdr_end > m.start() and value[hdr_end - 1] in " \t":
            hdr_end -= 1
        pieces.append((pos, m.start()))
        pieces.append(_Header(_side_of(m.group("side")), m.start(), hdr_end, None, value[m.start() : hdr_end]))
        pos = m.end()
    pieces.append((pos, e))
    for piece in pieces:
        if isinstance(piece, _Header):
            events.append(piece)
            after_header = True
            continue
        ps, pe = piece
        while ps < pe and value[ps] in " \t":
            ps += 1
        while pe > ps and value[pe - 1] in " \t":
            pe -= 1
        if ps < pe:
            _items(value, ps, pe, indent, events, after_header=after_header)


def _may_be_marker(value: str, s: int, e: int) -> bool:
    """A cheap first look at the line's start, so most text lines skip the marker pattern."""
    c = value[s]
    if not c.isalpha():
        return True
    nxt = value[s + 1 : s + 2]
    return nxt in {".", ")", "\\"} or (c == "o" and nxt in {" ", "\t"}) or c in _ROMAN_CHARS


def _items(value: str, s: int, e: int, indent: int, events: list[_Event], *, after_header: bool) -> None:
    m = _MARKER_RE.match(value, s, e) if _may_be_marker(value, s, e) else None
    if m is None:
        events.append(_Plain(indent, s, e, after_header))
        return
    label, family = _label_family(m)
    text_start = m.end()
    # a second marker right after a bullet ("* • text", "• 1. text") is part of the marker,
    # unless it is escaped ("* 1\\. text" is an item whose text starts "1.")
    inner = (
        _MARKER_RE.match(value, text_start, e)
        if text_start < e and family.startswith("bullet") and _may_be_marker(value, text_start, e)
        else None
    )
    if inner is not None and "\\" in inner.group():
        inner = None
    if inner is not None and inner.end() < e and not inner.group("obullet") and not inner.group("gbullet"):
        inner_label, inner_family = _label_family(inner)
        if inner_label is not None:
            label, family = inner_label, inner_family
        text_start = inner.end()
    content_col = indent + (text_start - s)
    first = _Item(indent, s, text_start, e, label, family, content_col)
    events.append(first)
    if _may_split(value[text_start:e], family, label):
        _split_inline(value, first, events)


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
    if kind == "gbullet":
        return None, "bullet" + m.group("gbullet")
    if kind == "obullet":
        return None, "bullet" + "o"
    if kind == "circled":
        return str(ord(m.group("circled")) - 0x245F), "circled"
    label = m.group("pnum")
    return label, _kind(label) + "()"


def _kind(label: str) -> str:
    if label.isdigit():
        return "num"
    if len(label) > 1 or label in "iI":
        return "roman" if label.islower() else "ROMAN"
    return "alpha" if label.islower() else "ALPHA"


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
            and (". " in text or ") " in text or ".\t" in text or ")\t" in text)
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


# --- tree ----------------------------------------------------------------------------------


class _Node:
    __slots__ = ("children", "frozen", "group", "label", "marker_end", "segments", "span_end", "start")

    def __init__(
        self,
        start: int,
        label: str | None,
        segments: list[tuple[int, int]],
        group: bool = False,
        marker_end: int = -1,
        span_end: int = -1,
    ) -> None:  # positional: one is made per item
        self.start = start
        self.label = label
        self.segments = segments
        self.children: list[_Node] = []
        self.group = group
        self.frozen: Criterion | None = None  # set by _freeze_all
        self.marker_end = marker_end  # end of the marker, for an item that turns out empty
        self.span_end = span_end  # a cohort heading's span runs over its closing "**" and colon

    def ends_with_colon(self, value: str) -> bool:
        return bool(self.segments) and value[self.segments[-1][1] - 1] == ":"

    def text(self, value: str) -> str:
        return " ".join(value[a:b] for a, b in self.segments)


class _Frame:
    __slots__ = ("adopt_family", "adopt_same", "content_col", "depth", "family", "group", "indent", "node", "rank")

    def __init__(
        self, node: _Node, indent: int, content_col: int, family: str, depth: int, group: str | None = None, rank: int = 0
    ) -> None:  # positional for items: one is made per item
        self.node = node
        self.indent = indent
        self.content_col = content_col
        self.family = family
        self.group = group  # "cohort" or "topic" for group frames
        self.adopt_family: str | None = None
        self.adopt_same = False
        self.depth = depth
        self.rank = rank  # topic groups: 0 for an ALL-CAPS heading, 1 for others (nests under rank 0)


class _Builder:
    """Folds the event stream into per-side trees."""

    def __init__(self, doc: Text, *, constraints: bool = False) -> None:
        self.with_constraints = constraints
        self.doc = doc
        self.value = doc.value
        self._span = doc.span  # the page span of normalised offsets
        self.side: str | None = None
        self.roots: dict[str, list[_Node]] = {"inclusion": [], "exclusion": []}
        self.stack: list[_Frame] = []
        self.notes: list[_Node] = []
        self.headers: list[CriteriaHeader] = []
        self.issues: list[Issue] = []
        self.open: _Node | None = None  # receives lazy continuation lines
        self.items_since_header = False
        self.seen_header = False
        self.prev_blank = True
        self.root_numbers: dict[tuple[int, str], int] = {}
        self.early_items: list[_Node] = []
        self.nodes: list[_Node] = []  # every criterion node, in creation order (parents first)

    # -- helpers
    def _attach(self, node: _Node, parent: _Frame | None) -> None:
        self.nodes.append(node)
        if parent is not None:
            parent.node.children.append(node)
        elif self.side is None:
            self.early_items.append(node)
        else:
            self.roots[self.side].append(node)

    def _group_frame(self) -> _Frame | None:
        for frame in reversed(self.stack):
            if frame.group is not None:
                return frame
        return None

    # -- events
    def header(self, ev: _Header) -> None:
        self.open = None
        if ev.side is None:
            self.headers.append(CriteriaHeader(collapse_ws(ev.words), self._span(ev.start, ev.end), None))
            return
        self.side = ev.side
        self.seen_header = True
        self.items_since_header = False
        self.stack.clear()
        if ev.cohort is None:
            self.headers.append(CriteriaHeader(collapse_ws(ev.words), self._span(ev.start, ev.end), ev.side))
            return
        words = (ev.words_start, ev.words_end) if ev.words_start >= 0 else (ev.start, ev.end)
        node = _Node(ev.start, None, [words], group=True, span_end=ev.end)
        self.nodes.append(node)
        self.roots[ev.side].append(node)
        self.stack.append(_Frame(node, -1, 0, "group", 1, "cohort"))

    def item(self, ev: _Item) -> None:
        value = self.value
        parent: _Frame | None = None
        family = ev.family
        while self.stack:
            top = self.stack[-1]
            if top.group is not None:
                parent = top
                break
            if ev.indent > top.indent:
                # nested by indentation: the same-indent adoption rules no longer apply to top
                top.adopt_same = False
                top.adopt_family = ""
                parent = top
                break
            if ev.indent == top.indent:
                if ev.label is not None and ev.label in _ROMAN_CHARS:
                    family = self._resolve_family(ev, top)
                if family != top.family and top.node.ends_with_colon(value) and top.adopt_family in (None, family):
                    top.adopt_family = family
                    parent = top
                    break
                if family == top.family and top.adopt_same and not top.adopt_family and not self._is_leadin_item(ev):
                    parent = top
                    break
            self.stack.pop()
        segments = [(ev.text_start, ev.text_end)] if ev.text_end > ev.text_start else []
        node = _Node(ev.start, ev.label, segments, False, ev.text_start)  # positional: once per item
        depth = parent.depth + 1 if parent is not None else 1
        if depth > MAX_DEPTH and parent is not None:
            while parent is not None and parent.depth >= MAX_DEPTH:
                self.stack.pop()
                parent = self.stack[-1] if self.stack else None
            depth = parent.depth + 1 if parent is not None else 1
            self.issues.append(
                Issue(
                    "criteria.too_deep",
                    f"criteria nested deeper than {MAX_DEPTH} levels; deeper items are kept at level {MAX_DEPTH}",
                    Severity.WARNING,
                    self._span(ev.start, ev.text_end),
                )
            )
        if ev.label is not None:
            self._check_number(ev, family, parent)
        self._attach(node, parent)
        frame = _Frame(node, ev.indent, ev.content_col, family, depth)
        last = value[ev.text_end - 1] if segments else ""
        if (last == ":" or last.isspace()) and self._is_leadin_item(ev):  # its first look, inline: most items fail it
            frame.adopt_same = True
        self.stack.append(frame)
        self.open = node
        self.items_since_header = True

    def _resolve_family(self, ev: _Item, top: _Frame) -> str:
        """Single-letter i/v/x are letters after h/u/w, roman numerals otherwise."""
        label = ev.label
        if label is None or len(label) != 1 or label not in _ROMAN_CHARS:
            return ev.family
        delim = ev.family[5:]  # after "roman"/"ROMAN"/"alpha"/"ALPHA"
        top_kind = top.family[:5].lower()
        if top_kind == "alpha" and top.node.label and len(top.node.label) == 1 and ord(label) == ord(top.node.label) + 1:
            ev.family = ("alpha" if label.islower() else "ALPHA") + delim
        elif top_kind == "roman":
            ev.family = ("roman" if label.islower() else "ROMAN") + delim
        return ev.family

    def _is_leadin_item(self, ev: _Item) -> bool:
        if ev.text_end <= ev.text_start:
            return False
        last = self.value[ev.text_end - 1]
        if last != ":" and not last.isspace():
            return False  # most items: no colon at the end
        text = self.value[ev.text_start : ev.text_end].rstrip()
        return text.endswith(":") and _LEADIN_COLON_RE().search(text[-40:]) is not None

    def _check_number(self, ev: _Item, family: str, parent: _Frame | None) -> None:
        if ev.label is None or not ev.label.isdigit():
            return
        number = int(ev.label)
        key = (id(parent.node) if parent is not None else hash(self.side), family)
        last = self.root_numbers.get(key)
        self.root_numbers[key] = number
        if last is not None and number != last + 1:
            self.issues.append(
                Issue(
                    "criteria.numbering_out_of_order",
                    f'item "{ev.label}" follows item "{last}"; kept in document order',
                    Severity.WARNING,
                    self._span(ev.start, ev.text_start),
                )
            )

    def plain(self, ev: _Plain) -> None:
        value = self.value
        text = value[ev.start : ev.end]
        if not self.prev_blank and self.open is not None and not ev.after_header:
            self.open.segments.append((ev.start, ev.end))
            return
        if self.prev_blank and not ev.after_header:
            for i in range(len(self.stack) - 1, -1, -1):
                frame = self.stack[i]
                if frame.group is None and frame.content_col > 0 and ev.indent >= frame.content_col:
                    del self.stack[i + 1 :]
                    if frame.node.children:
                        # back to the item after its children: a paragraph of its own, so
                        # that no span stretches over the children
                        node = _Node(ev.start, None, [(ev.start, ev.end)])
                        self.nodes.append(node)
                        frame.node.children.append(node)
                        self.stack.append(_Frame(node, ev.indent, ev.indent, "plain", frame.depth + 1))
                        self.open = node
                        return
                    frame.node.segments.append((ev.start, ev.end))
                    self.open = frame.node
                    return
        if not self.seen_header and not ev.after_header:
            if text.endswith(":") and len(text.split()) <= 6 and _LEADIN_SENTENCE_RE().search(text) is None:
                self._topic(ev)  # "DISEASE CHARACTERISTICS:" before (or without) any side header
            else:
                self._note(ev)
            return
        if (
            not self.items_since_header
            and _LEADIN_SENTENCE_RE().search(text) is not None
            and (text.endswith(":") or len(text) < 400)
        ):
            self._note(ev)
            return
        if text.endswith(":") and not ev.after_header:
            self._topic(ev)
            return
        last = self._last_item()
        node = _Node(ev.start, None, [(ev.start, ev.end)])
        if last is not None and last.node.ends_with_colon(value) and not last.node.children:
            node_parent: _Frame | None = last
            while self.stack and self.stack[-1] is not last:
                self.stack.pop()
        else:
            node_parent = self._group_frame()
            while self.stack and self.stack[-1] is not node_parent:
                self.stack.pop()
        depth = node_parent.depth + 1 if node_parent is not None else 1
        self._attach(node, node_parent)
        self.stack.append(_Frame(node, ev.indent, ev.indent, "plain", depth))
        self.open = node
        self.items_since_header = True

    def _last_item(self) -> _Frame | None:
        for frame in reversed(self.stack):
            if frame.group is None:
                return frame
            return None
        return None

    def _note(self, ev: _Plain) -> None:
        node = _Node(ev.start, None, [(ev.start, ev.end)])
        self.notes.append(node)
        self.open = node
        # a note ends the items above it: nothing after it continues them
        self.stack = [f for f in self.stack if f.group is not None]

    def _topic(self, ev: _Plain) -> None:
        """A topic group: under the cohort, or under an ALL-CAPS topic when this one is not."""
        rank = 0 if self.value[ev.start : ev.end].isupper() else 1
        while self.stack:
            top = self.stack[-1]
            if top.group == "cohort" or (top.group == "topic" and top.rank < rank):
                break
            self.stack.pop()
        parent = self.stack[-1] if self.stack else None
        node = _Node(ev.start, None, [(ev.start, ev.end)], group=True)
        self._attach(node, parent)
        depth = parent.depth + 1 if parent is not None else 1
        self.stack.append(_Frame(node, -1, 0, "group", depth, "topic", rank))
        self.open = None
        self.items_since_header = True

    def feed(self, events: list[_Event]) -> None:
        for ev in events:
            if ev is None:
                self.prev_blank = True
                continue
            if isinstance(ev, _Header):
                self.header(ev)
            elif isinstance(ev, _Item):
                self.item(ev)
            else:
                self.plain(ev)
            self.prev_blank = False

    # -- output
    def build(self, start: int, end: int) -> tuple[Criteria, Issues]:
        issues = self.issues
        inclusion = self.roots["inclusion"]
        if self.early_items:
            first = self.early_items[0]
            if self.seen_header:
                issues.append(
                    Issue(
                        "criteria.items_before_header",
                        "items before the first inclusion/exclusion header were read as inclusion criteria",
                        Severity.INFO,
                        self._span(first.start, first.start),
                    )
                )
            else:
                issues.append(
                    Issue(
                        "criteria.no_header",
                        "no inclusion/exclusion header found; every item was read as an inclusion criterion",
                        Severity.INFO,
                        self._span(start, start),
                    )
                )
            inclusion = self.early_items + inclusion
        self._freeze_all()
        inc = tuple(n.frozen for n in inclusion if n.frozen is not None)
        exc = tuple(n.frozen for n in self.roots["exclusion"] if n.frozen is not None)
        notes = [n for n in self.notes if n.segments]
        criteria = Criteria(
            inclusion=inc,
            exclusion=exc,
            notes=tuple(clean_inline(n.text(self.value)) for n in notes),
            note_spans=tuple(self._span(n.segments[0][0], n.segments[-1][1]) for n in notes),
            headers=tuple(self.headers),
        )
        return criteria, tuple(issues)

    def _empty_item_end(self, node: _Node) -> int:
        end = max(node.marker_end, node.segments[-1][1] if node.segments else node.start + 1)
        while end > node.start + 1 and self.value[end - 1] in " \t":
            end -= 1
        return end

    def _constraints(self, node: _Node, extract: Callable[[str, int, int], list[RawConstraint]]) -> tuple[Constraint, ...]:
        """The constraints read from the node's own lines, with spans into the page."""
        out = []
        span = self._span
        for a, b in node.segments:
            for c in extract(self.value, a, b):
                out.append(
                    Constraint(
                        c.kind,
                        span(c.start, c.end),
                        c.subject,
                        c.low,
                        c.low_inclusive,
                        c.high,
                        c.high_inclusive,
                        c.unit,
                        c.low_as_written,
                        c.high_as_written,
                        c.unit_as_written,
                    )
                )
        return tuple(out)

    def _freeze_all(self) -> None:
        """Turn every node into a ``Criterion``, children first, without recursion.

        A node is always created after its parent, so the reverse of creation order visits
        every child before its parent.
        """
        value = self.value
        span = self._span
        empty: list[Issue] = []
        extract = extract_constraints if self.with_constraints else None
        for node in reversed(self.nodes):
            children = tuple(c.frozen for c in node.children if c.frozen is not None) if node.children else ()
            segments = node.segments
            if len(segments) == 1:  # most criteria: one line, nothing to unescape
                a, b = segments[0]
                text = value[a:b]
                text = collapse_ws(text) if "\\" not in text and "&" not in text else clean_inline(text)
            else:
                text = clean_inline(" ".join(value[a:b] for a, b in segments)) if segments else ""
            if (children or node.group) and text.endswith(":"):
                text = text[:-1].rstrip()
            if not text and not children:
                end = self._empty_item_end(node)
                empty.append(
                    Issue("criteria.empty_item", "a marker with no text after it", Severity.WARNING, span(node.start, end))
                )
                continue
            end = node.segments[-1][1] if node.segments else self._empty_item_end(node)
            end = max(end, node.start, node.span_end)
            found = self._constraints(node, extract) if extract is not None and node.segments else ()
            node.frozen = Criterion(text, span(node.start, end), node.label, children, found)
        self.issues.extend(reversed(empty))


def read_criteria(doc: Text, start: int, end: int, *, constraints: bool = False) -> tuple[Criteria, Issues]:
    """Read the criteria in ``doc.value[start:end]`` into sides, groups and nested items.

    With ``constraints``, each criterion's own lines are also read for machine-checkable
    values (``trialparse.constraints``).
    """
    builder = _Builder(doc, constraints=constraints)
    builder.feed(_tokenize(doc, start, end))
    return builder.build(start, end)
