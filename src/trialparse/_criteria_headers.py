"""Criteria reading: the side headers, whole-line and run into a line, and what they name.

A header names its side, maybe a cohort or a topic on it ("Inclusion Criteria:", "Exclusion
Criteria for Controls:", "Renal exclusions:"); the grammar is in ``trialparse.criteria``'s
docstring, whose tokenizer asks this module whether a line is a header, where one stands run
into a line (flattened text), and, once the section's lines are events, which headers of one
side name cohorts.
"""

from __future__ import annotations

import re
from typing import Final

from trialparse._criteria_lines import (
    _LEADIN_SENTENCE_RE,
    _MARKER_RE,
    _Event,
    _Header,
    _looks_like_heading,
    _Plain,
    _TitleLine,
)
from trialparse._criteria_runin import _LOOSE_BULLET_RE, _opens_list, _side_leadin_over_list, _skip_blanks
from trialparse.text import collapse_ws, lazy_pattern
from trialparse.vocabulary import (
    ADDING_AFTER_EVERY_GROUP,
    ADDING_WORDS,
    BULLETS,
    CRITERIA_KINDS,
    HEADER_DECORATION,
    HEADER_PLAIN_FOLLOWERS,
    HEADER_QUALIFIERS,
    HEADER_SENTENCE_WORDS,
    HEADER_VERBS,
    ITEM_ENDING_WORDS,
    population_alternation,
    population_words,
)

# The words that may name the criteria's kind between the side's word and "criteria"
_KINDS: Final = "(?:%s)" % "|".join(sorted(CRITERIA_KINDS))

# A whole-line header. `pre`/`post` are bounded, so the pattern cannot backtrack far. ":-"
# before another bullet ("Inclusion Criteria:- * Patients …") is the header's punctuation, and
# so is a run of colons ("Inclusion Criteria::", a typed colon doubled), a dash ending the line
# after the colon ("Inclusion criteria: -"), and a dash glued to "criteria" where a colon would
# stand ("Inclusion criteria-" over its list, "Exclusion Criteria- none"; an en dash alike, as
# after the colon): a dash after a space ("Inclusion Criteria - Cohort A") stays a subtitle's.
_HEADER_RE: Final = re.compile(
    r"""
    (?P<deco>(?:[%s]++|[0-9]{1,2}[.)]|[A-Za-z][.)])[ \t]*+)?+
    (?P<open>\*\*|__)?+[ \t]*+
    (?P<pre>(?:\S++[ \t]++){0,12}?)
    (?P<side>inclusion|exclusion)(?:ary|(?P<plural>s))?+
    (?P<crit>[ \t]++(?:%s[ \t]++)?+(?:criteria|criterion|criterias))?+
    (?P<post>(?:[ \t]++[^\s:*]++){0,8}+)
    [ \t]*+(?P<close>\*\*|__)?+[ \t]*+
    (?P<colon>:++(?:-(?=[ \t]*+[%s][ \t])|[ \t]*+[-–](?=[ \t]*+$))?+|(?<=criteria)[-–](?![^ \t\n]))?+
    [ \t]*+(?P<close2>\*\*|__)?+[ \t]*+
    (?P<rest>[^\n]*+)
    """
    % (re.escape(HEADER_DECORATION), _KINDS, re.escape(BULLETS)),
    re.IGNORECASE | re.VERBOSE,
)

# A side header inside a line (flattened text): "… Exclusion Criteria: * …", "… disease -
# Exclusion Criteria:No drug …", "… on NPRS Exclusion Criteria 1. Lumbar …", "… **Exclusion
# Criteria** * …", "… Exclusion: - …", "… Exclusion Criteria (All Cohorts): * …", "…
# Exclusion Criteria for all groups: * …", "… guardian Exclusion criteria. * …". The pattern
# finds the shapes; _runs_in decides. ":-" before another bullet ("Criteria:- * Primary …") is
# the header's punctuation; a full stop is only before a list's marker.
_MIDLINE_HEADER_RE: Final = lazy_pattern(
    r"(?<=\s)(?P<open>\*\*|__)?+(?P<key>(?:key|main|general)[ \t]++)?+(?P<side>inclusion|exclusion)"
    r"(?:(?P<crit>[ \t]++(?:%(k)s[ \t]++)?+criteria)"
    r"(?P<post>[ \t]++(?:\((?![0-9]{1,2}\)|[a-zA-Z]\)|[ivxIVX]{1,4}\))[^()\n]{1,40}+\)"
    r"|for[ \t]++[^\s:()]++(?:[ \t]++[^\s:()]++){0,2}+(?=[ \t]*+:)))?+"
    r"|(?=[ \t]*+(?:\*\*|__)?+[ \t]*+:))"
    r"[ \t]*+(?:\*\*|__)?+[ \t]*+"
    r"(?:(?P<colon>:++(?:-(?=[ \t]*+[%(b)s][ \t]))?+)|(?P<stop>\.)(?=[ \t]++(?:[%(b)s]|[0-9]{1,2}[.)])[ \t]))?+"
    r"[ \t]*+(?:\*\*|__)?+[ \t]*+" % {"b": re.escape(BULLETS), "k": _KINDS},
    re.IGNORECASE,
)

# What every _MIDLINE_HEADER_RE match holds, under the same flags: a line without it (most
# lines that merely mention "exclusion" or "inclusion") skips the header pattern, whose lookbehind
# start gives the matcher no prefix to skip to (~25 ns a character)
# A range after a number ("… fulfil Inclusion Criteria 1. to 3. at screening"): the criteria a
# sentence names, no list run into a header
_RANGE_AFTER_NUMBER_RE: Final = re.compile(r"[ \t]*+(?:to|through|and|or|[-–])[ \t]*+[0-9]", re.IGNORECASE)
# The same range as the words after a header's ("* Patients who fulfil Inclusion Criteria 1. to 3.")
_RANGE_OPENS_RE: Final = re.compile(r"[ \t]*+[0-9]{1,3}+[.)]?+[ \t]*+(?:to|through|and|or|[-–])[ \t]*+[0-9]", re.IGNORECASE)
_MIDLINE_CUE_RE: Final = lazy_pattern(r"criteria|lusion[ \t]*+(?:\*\*|__)?+[ \t]*+:", re.IGNORECASE)

# Qualifiers before the side's name, and words after it, that keep a header the side's own
_PLAIN_QUALIFIERS: Final = population_words("study_person") | HEADER_QUALIFIERS
_PLAIN_POST: Final = population_words("study_people") | HEADER_PLAIN_FOLLOWERS


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
    if m.group("plural") is not None:
        return _topic_header(m, s, pre_words, post_words)
    if pre_words and m.group("deco") and _RANGE_OPENS_RE.match(m.group("post")):
        return None  # "* Patients who fulfil Inclusion Criteria 1. to 3. at screening": a bullet's sentence
    words_end = m.end("post")
    listed = _list_after_words(value, m, e) if not has_colon else -1
    if listed >= 0:  # "Key inclusion criteria * Age …", "1) Inclusion Criteria (1) Women …"
        post, post_words, rest_start, has_rest, words_end = "", [], listed, True, m.end("crit")
    if any(w in HEADER_SENTENCE_WORDS for w in pre_words) or any(w.rstrip(".,;") in HEADER_VERBS for w in post_words):
        return None
    if len(pre_words) > 1 and any(_is_participle(w) for w in pre.split()[1:]):
        return None  # "* Patients fulfilling exclusion criteria: per protocol": the side's words are its object
    if has_rest and not has_colon and m.group("crit") is not None and value[rest_start:e].strip() == ".":
        has_rest = False  # "Exclusion criteria." on a line of its own
    if has_rest and not has_colon and listed < 0:
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
    # one colon ends the heading (the group drops it); more are its text, as written ("… only::"),
    # and so is a dash standing for it ("Case Inclusion Criteria-")
    if has_colon and (m.group("colon").startswith("::") or m.group("colon").endswith(("-", "–"))):
        words_end = m.end("colon")
    header = _Header(side, s, end, cohort, words, m.start("pre"), words_end)
    if plain and post.removeprefix("for").lstrip().startswith("(") and post_words in ([], ["for"]):  # "… for (Sub-Study A)"
        header = _NamedHeader(side, s, end, None, words, m.start("pre"), words_end)
        header.population = words.rstrip(":").strip()
    header.every_group = qualifier in _PLAIN_QUALIFIERS and _for_every_group(post_words)
    return (header, rest_start) if has_rest else header


def _list_after_words(value: str, m: re.Match[str], e: int) -> int:
    """Where a list starts right after a header's words without a colon ("INCLUSION CRITERIA -
    Male …", "**Inclusion Criteria** * Age …", "Exclusion Criteria 1. Lumbar …"), a flattened
    header; -1 if none does."""
    if m.group("crit") is None:
        return -1
    at = _skip_blanks(value, m.end("crit"), e)
    if value.startswith(("**", "__"), at):
        at = _skip_blanks(value, at + 2, e)
    glued = at == m.end("crit") and value[at : at + 1] in {".", "-"} and value[at + 1 : at + 2] in {" ", "\t"}
    if glued:  # "Inclusion criteria. * …", "Inclusion criteria- * …": the header's punctuation, before a list
        at = _skip_blanks(value, at + 1, e)
    if not m.end("crit") < at < e:
        return -1
    marker = _MARKER_RE.match(value, at, e)
    if marker is not None and value[at] in "-–" and _subtitle_after_dash(value, m, marker.end(), e):
        return -1
    if marker is not None and _opens_a_range(value, marker, e):
        return -1
    if marker is not None:
        return at if _opens_list(value, marker, e) else -1
    if glued or not value[m.start("side")].isupper():
        return -1
    return at if _side_leadin_over_list(value, at, e) or _criterion_after(value, at, e) else -1


def _opens_a_range(value: str, marker: re.Match[str], e: int) -> bool:
    """Whether a number after side-header words opens a range ("… fulfil Inclusion Criteria 1.
    to 3. at screening"): the criteria a sentence names, no list run into a header."""
    return marker.group("num") is not None and _RANGE_AFTER_NUMBER_RE.match(value, marker.end(), e) is not None


def _subtitle_after_dash(value: str, m: re.Match[str], at: int, e: int) -> bool:
    """Whether words after a dash name the header's part, no criterion: after a cohort's words
    ("STEP 1 INCLUSION ELIGIBILITY CRITERIA - CONCURRENT THERAPY"), or in capitals."""
    if " ".join(m.group("pre").lower().split()) not in _PLAIN_QUALIFIERS:
        return True
    words = value[at : min(e, at + _WORD_REACH)].split()[:2]
    return bool(words) and all(w.isupper() for w in words)


class _NamedHeader(_Header):
    """A side header naming a population in parentheses ("Inclusion Criteria (Patients)"): the
    side's header alone, a cohort where another header of its side names another population."""

    __slots__ = ("population",)

    population: str


def _name_cohorts(events: list[_Event]) -> None:
    """Two or more headers of one side, each naming its population in parentheses: cohorts."""
    named: dict[str | None, set[str]] = {}
    for ev in events:
        if isinstance(ev, _NamedHeader):
            named.setdefault(ev.side, set()).add(ev.population.lower())
    for ev in events:
        if isinstance(ev, _NamedHeader) and len(named[ev.side]) >= 2:
            ev.cohort = ev.population


def _adds_to_the_side(header: _Header, after_every_group: bool = False) -> bool:
    for word in header.words.lower().split():
        if word in ADDING_WORDS or (after_every_group and word in ADDING_AFTER_EVERY_GROUP):
            return True
        if word.startswith(("inclusion", "exclusion")):
            return False
    return False


def _name_base_headers(events: list[_Event]) -> None:
    """A side's first header naming a cohort ("Inclusion Criteria Umbrella Phase 1b & 2") whose
    later headers of that side all add to it ("Additional Inclusion Criteria for Sub-Study A"):
    the side's header, since its criteria are the base every cohort shares; the cohorts are the
    headers that add to it. A later header that does not add ("… for Recipients") keeps it a cohort."""
    by_side: dict[str, list[_Header]] = {}
    for ev in events:
        if isinstance(ev, _Header) and ev.side is not None:
            by_side.setdefault(ev.side, []).append(ev)
    for first, *later in by_side.values():
        if first.cohort is None or _adds_to_the_side(first) or not later:
            continue
        if all(h.cohort is not None and _adds_to_the_side(h, first.every_group) for h in later):
            first.cohort = None


# A qualifier saying the criteria differ by cohort without naming one ("Cohort-specific",
# "Patient group specific", "Specific"): study units and people, then "specific"
_SPECIFIC_WORDS: Final = population_words("study_unit", "study_people", "study_person")
# A heading that names one cohort of a series: "Cohort 1:", "Cohorts 8 & 9:", "Part A", "Arm B2"
# (the unit's word in any case, its label a figure or a capital: "Part of …" names no cohort)
_UNIT_HEADING_RE: Final = re.compile(
    r"(?i:%s)[ \t]++[0-9A-Z][0-9A-Za-z]{0,2}+\b[^:\n]{0,40}+:?+$" % population_alternation("study_unit")
)


def _names_no_cohort(header: _Header) -> bool:
    """ "Cohort-specific inclusion criteria": the header says its side's criteria differ by cohort
    but names none (no words after the side's but an aside in parentheses, "(n=20 per arm)";
    nothing but units and "specific" before)."""
    words = _outside_parentheses(header.words).lower().rstrip(": \t").split()
    if len(words) < 3 or words[-2:] not in (["inclusion", "criteria"], ["exclusion", "criteria"]):
        return False
    pre = words[:-2]
    if pre[-1] != "specific" and not pre[-1].endswith("-specific"):
        return False
    pre[-1] = pre[-1].removesuffix("specific").rstrip("-")
    return all(w in _SPECIFIC_WORDS for w in pre if w)


def _name_repeated_headers(value: str, events: list[_Event]) -> None:
    """A header naming no cohort ("Cohort-specific inclusion criteria:") right over the heading of
    a series of cohorts ("Cohort 1:" … "Cohort 11:"): its side's header again, the cohorts its
    groups, never a group holding them (the headings name the populations, it names none)."""
    for i, ev in enumerate(events):
        if not isinstance(ev, _Header) or ev.cohort is None or not _names_no_cohort(ev):
            continue
        nxt = next((e for e in events[i + 1 : i + 4] if e is not None), None)
        if type(nxt) is _Plain and _UNIT_HEADING_RE.match(value, nxt.start, nxt.end) is not None:
            ev.cohort = None


# Plural population nouns: "Exclusion Criteria for all groups", "… for Groups 1-3", "… for All
# Sub-studies" name every population, so the header is the side's, not a cohort's
_GROUPS: Final = population_words("every_group")


def _for_every_group(post_words: list[str]) -> bool:
    return len(post_words) >= 2 and post_words[0] == "for" and any(w.strip(",:") in _GROUPS for w in post_words[1:3])


def _topic_header(m: re.Match[str], s: int, pre_words: list[str], post_words: list[str]) -> _Header | None:
    """ "Renal exclusions:", "Other inclusions:": a heading line that names its side, read as a group on that side."""
    if m.group("colon") is None or m.end("rest") > m.start("rest") or post_words or len(pre_words) > 3:
        return None
    if any(w in HEADER_VERBS for w in pre_words):
        return None
    end = m.start("colon")
    words = m.string[m.end("deco") if m.group("deco") else s : end].strip("*_ \t")
    side = _side_of(m.group("side"))
    if not pre_words:
        return _Header(side, s, m.end(), None, words)
    return _Header(side, s, m.end(), words, words, m.start("pre"), m.end("side") + 1)


# Words after "… criteria" that name a population, so the header is a cohort's ("Inclusion
# Criteria Cohort A"), or link a qualifier to it ("… for Part 2", "… in children")
_COHORT_WORDS: Final = population_words("study_unit", "study_people", "header_people", "header_link")


def _fused_topic(value: str, s: int, e: int) -> tuple[int, int] | None:
    """A side header with a topic run into it and no colon ("Exclusion Criteria Disease Related"):
    where the header ends and the topic starts; None for a cohort's header."""
    m = _HEADER_RE.match(value, s, e)
    if m is None or m.group("crit") is None or m.group("colon") is not None or m.group("pre").strip():
        return None
    words = m.group("post").split()
    if not 0 < len(words) <= 4 or not all(w[:1].isupper() for w in words) or words[0].lower() in _COHORT_WORDS:
        return None
    if any(w.lower().strip("(),") in _COHORT_WORDS or w[:1].isdigit() for w in words):
        return None
    start = m.start("post")
    while value[start] in " \t":
        start += 1
    return m.end("crit"), start


def _title_repeated_headers(value: str, events: list[_Event]) -> None:
    """Two or more headers of one side each with a title after its colon ("Inclusion Criteria:
    Dose Escalation", "Inclusion Criteria: Dose Expansion", "… : Arm 2", "… : healthy
    volunteers"): the titles tell the side's lists apart, so each heads the items under it like
    a title on its own line; one header alone keeps the text after its colon as its first
    criterion ("… : Adults With Asthma"). A title here is a short phrase with no sentence end,
    value or lead-in (``_is_title_after_header``): a sentence ("… : Age 18 or older.") stays a
    criterion."""
    titled: dict[str, list[int]] = {}
    for i in range(1, len(events)):
        ev, nxt = events[i - 1], events[i]
        if (
            isinstance(ev, _Header)
            and ev.side is not None
            and type(nxt) is _Plain
            and nxt.after_header
            and "\n" not in value[ev.end : nxt.start]
            and _is_title_after_header(value[nxt.start : nxt.end])
        ):
            titled.setdefault(ev.side, []).append(i)
    for found in titled.values():
        if len(found) >= 2 and _titles_alike([_event_text(value, events[i]) for i in found]):
            for i in found:
                plain = events[i]
                if isinstance(plain, _Plain):
                    events[i] = _TitleLine(plain.indent, plain.start, plain.end)


def _event_text(value: str, ev: _Event) -> str:
    return value[ev.start : ev.end] if isinstance(ev, _Plain) else ""


# Words that name whom a title's list is for ("atopic patients", "healthy volunteers", "Cohort A")
_TITLE_POPULATION: Final = population_words("study_unit", "study_people", "header_people", "other_population")
_TITLE_WORD_RE: Final = re.compile(r"[^\W\d_]{3,}+")
_TITLE_LINKS: Final = frozenset({"and", "the", "for", "with", "all"})  # shared by titles and criteria alike


def _titles_alike(texts: list[str]) -> bool:
    """Whether the texts after a side's repeated headers tell lists of one kind apart, as titles
    do: they share a word ("Stratum 1", "Stratum 2"; "Screening Eligibility", "Treatment
    Eligibility-All Participants"), or each names a population or a study unit ("atopic
    patients", "healthy subjects"). Criteria share neither ("Age 18 or older", "Signed consent"):
    each is its list's first item, read by the words alone no title."""
    words = [_TITLE_WORD_RE.findall(t.lower()) for t in texts]
    if any(not w for w in words):
        return False
    shared = set(words[0]).intersection(*words[1:]) - _TITLE_LINKS
    return bool(shared) or all(w[-1] in _TITLE_POPULATION or w[0] in _TITLE_POPULATION for w in words)


def _is_title_after_header(text: str) -> bool:
    """A title after a repeated header's colon: what heads items on a line of its own
    (``_looks_like_heading``: "Arm 2", "Dose Escalation"), or a name in lower case of up to
    ``_TITLE_WORDS`` words ("atopic patients"), no sentence end, value or lead-in."""
    if _looks_like_heading(text):
        return True
    return (
        0 < len(text.split()) <= _TITLE_WORDS
        and text[-1:] not in ".;,:"
        and not any(c in text for c in "<>=≤≥%")
        and _LEADIN_SENTENCE_RE().search(text) is None
    )


# The most words a lower-case title after a header's colon holds ("asthma with small airways dysfunction GROUP")
_TITLE_WORDS: Final = 6


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


def _side_of(word: str) -> str:
    """ "inclusion" or "exclusion" for a side word the case-blind header patterns matched.

    Not ``word.lower()``: those patterns fold case as Unicode does, so "incluſion" (long s) or
    "İnclusion" match, and their lower case is neither key.
    """
    return "exclusion" if word[:1] in "eE" else "inclusion"


# How far before a header run into a line its preceding word is looked for
_WORD_REACH: Final = 80


# A section number before a side header run into a line ("… examination. 2) Exclusion Criteria
# (1) …", "… cancer 2) Exclusion Criteria"): the header's decoration. After a word only "N)"
# ("… ECOG ≤ 2. Exclusion …" ends a sentence with a value, "… hepatitis B. …" with a letter).
_SECTION_NUMBER_RE: Final = re.compile(
    r"(?:(?:^|(?<=[.;:)])[ \t])[ \t]*+(?:[0-9]{1,2}|[A-Z]|[IVX]{1,4})[.)]|(?<=\s)[0-9]{1,2}\))$"
)


def _midline_header(m: re.Match[str], start: int, end: int) -> _Header:
    """The header a _MIDLINE_HEADER_RE match gives: a cohort's where the words after "criteria"
    name a population ("… for Controls:"; "… (Patients)" where another header of its side
    names another), else its side's ("… for all groups:", "… for the study:")."""
    side = _side_of(m.group("side"))
    words = m.string[m.start() : end]
    post = (m.group("post") or "").strip()
    name = words.strip("*_: \t")
    if post.startswith("("):
        header = _NamedHeader(side, start, end, None, words, m.start(), m.end("post"))
        header.population = name
        return header
    post_words = post.lower().split()
    if not post_words or _for_every_group(post_words) or all(w in _PLAIN_POST for w in post_words):
        return _Header(side, start, end, None, words)
    return _Header(side, start, end, name, words, m.start(), m.end("post"))


def _inside_parentheses(text: str, at: int) -> bool:
    """Whether a "(" opened in the few words before ``at`` is still open there ("(grade 2)")."""
    window = text[max(at - _WORD_REACH, 0) : at]
    return window.rfind("(") > window.rfind(")")


def _runs_in(value: str, m: re.Match[str], before: str, e: int) -> bool:
    """Whether side-header words inside a line are a header run into it (flattened text), not
    words of a sentence ("… meets the inclusion criteria: …", "see Exclusion Criteria 5").

    A colon and a marker after it make a header in any case; a header written with a capital
    ("Exclusion Criteria", "EXCLUSION CRITERIA", "Key exclusion criteria") is one also before
    plain text ("… guidelines Exclusion Criteria: Those who …"), without a colon before a
    list's first marker ("… on NPRS Exclusion Criteria 1. Lumbar …"), and without "criteria"
    ("… Exclusion: - …") before a marker. The word before it must not tie it into a sentence.
    A kind's word before "criteria" ("… Exclusion Eligibility Criteria: * …") needs the colon and
    a list's marker after it (or the line's end): without the colon the words name a part more
    often than they open a side ("* STEP 1 INCLUSION ELIGIBILITY CRITERIA - CONCURRENT THERAPY *
    …"), and before plain text they are a sentence's ("… any study using Inclusion Eligibility
    Criteria: allowed").
    """
    capital = value[m.start("key") if m.group("key") else m.start("side")].isupper()
    marker = _MARKER_RE.match(value, m.end(), e) if m.end() < e else None
    if marker is not None and _opens_a_range(value, marker, e):
        return False
    if m.group("crit") is not None and len(m.group("crit").split()) > 1:
        ok = m.group("colon") is not None and (marker is not None or m.end() == e)
    elif m.group("stop") is not None:
        ok = capital and marker is not None
    elif m.group("colon") is None:  # a blank before the marker: "Criteria- none" is no header
        ok = capital and value[m.end() - 1].isspace()
        ok = ok and (
            _opens_list(value, marker, e)
            if marker is not None
            else _side_leadin_over_list(value, m.end(), e) or _text_under_header(value, m, e)
        )
    elif m.group("crit") is None:
        ok = capital and marker is not None
    else:
        ok = marker is not None or m.end() == e or capital
    if not ok:
        return False
    word = before.rsplit(maxsplit=1)[-1] if before else ""
    if not word.strip(HEADER_DECORATION) and m.group("colon") is None and marker is None:
        return False  # "* General inclusion criteria Age …": an item's opening words
    if not capital:
        return word.lower() not in HEADER_SENTENCE_WORDS
    if word == "The" and before[: -len(word)].rstrip()[-1:] in {".", ")", ";"}:
        return True  # "… ADDwoR. The Exclusion Criteria: *": the heading's article
    return word.lower() not in HEADER_SENTENCE_WORDS or word.lower() in ITEM_ENDING_WORDS


def _is_participle(word: str) -> bool:
    """A verb's "-ing" form in lower case ("using", "fulfilling", "meeting"): the side's words
    after it are its object, inside a sentence, never a header."""
    return len(word) >= 5 and word.endswith("ing") and word.islower()


def _text_under_header(value: str, m: re.Match[str], e: int) -> bool:
    """Whether the words after a colon-less header run into a line open its first criterion
    ("… consent Exclusion criteria Contraindications to MRI …", "… study. EXCLUSION CRITERIA
    Persons having …"), see _criterion_after."""
    return not m.group("post") and value[m.start("side")].isupper() and _criterion_after(value, m.end(), e)


def _criterion_after(value: str, at: int, e: int) -> bool:
    """Whether a criterion starts at ``at``, right after a side header's words: a capital opens
    a few words of text, and neither words of the header's own (a cohort's, "Exclusion Criteria
    Cohort A", "… Criteria Partner * …", "… Criteria Specific to Patients with RCC:") nor a verb
    ("… Exclusion Criteria Apply") come first; a number is a reference ("Inclusion criteria 1-4
    for all parts")."""
    if at >= e or not value[at].isupper():
        return False
    ahead = value[at : min(e, at + _WORD_REACH)]
    words = ahead.split(maxsplit=3)
    if len(words) < 3 or ":" in ahead or _LOOSE_BULLET_RE.search(ahead) is not None:
        return False
    word = words[0].lower().strip(",;:()")
    return word not in HEADER_VERBS and word not in _HEADER_OWN_WORDS


# First words after a colon-less side header that make them its own, a cohort's ("Exclusion
# Criteria Cohort A …", "… Criteria Donors …", "… Criteria for …"); the study's people open a
# criterion ("Inclusion criteria Patients with cirrhosis …")
_HEADER_OWN_WORDS: Final = population_words("study_unit", "header_people", "header_link")


def _decoration_start(before: str) -> int:
    """Where the text before a header run into a line ends: a lone bullet ("… expression -
    Exclusion Criteria:") or a section number after a sentence end ("… examination. 2)
    Exclusion Criteria") before the header is the header's."""
    if before[-2:-1].isspace():
        return len(before.rstrip(HEADER_DECORATION))
    number = _SECTION_NUMBER_RE.search(before, max(len(before) - 8, 0))
    if number is not None and not _inside_parentheses(before, number.start()):
        return number.start()
    return len(before)
