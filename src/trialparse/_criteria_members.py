"""Criteria reading: the cues that say a line is clearly no member of a lead-in, shared by the
two readers of a lead-in's members, ``_criteria_leadins`` (marked items of the lead-in's style)
and ``_criteria_lineblocks`` (unmarked lines).

Each cue compares the lead-in's last few members with the line after them (sentence shape): the
members in lower case meet a capital, lab values meet a line stating none, the line opens as a
criterion about the person where no member did. Two weaker cues, which the lines' reader weighs
and reports: the line opens with a verb whose subject is left out ("Is pregnant" after
conditions), or it leaves its case to the investigator's judgment where no member did, off the
lead-in's topic (a catch-all criterion: "… that, in the judgment of the investigator, would make
the patient inappropriate …"). Each reader keeps its own further cues (the marked items': a run
joined by "or" ending, members naming their kind, a series of headings). A topic's words
(``_topic_words``) are shared with the tree's topic headings.

What a lab value is differs on purpose, so each reader passes its own test. A marked member
states one: an analyte, a comparator and a number within its first 80 characters
(``_criteria_leadins._LAB_VALUE_RE``: "ALT/AST≤2.5× ULN", "Platelets (PLT) ≥90×10⁹/L"). A line
written one criterion per line is a lab row only with a comparator within its first 40
characters, after the analyte's name (``_criteria_lineblocks._is_lab_row``: "ALT < 3 x ULN"):
such lines are often whole sentences where a lost "≥" is printed "=" deep inside ("Current or
former smokers with a smoking history of =10 pack-years."), which the members' test would read
as lab values, ending a lead-in's criteria at the first line without one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final

from trialparse._criteria_nodes import _Node
from trialparse.vocabulary import TOPIC_COMMON_WORDS, population_words

# How many of a lead-in's last members are compared with a line: a bound, so that a lead-in
# taking thousands of items stays linear
_MEMBERS_LOOKED_AT: Final = 8

# How a criterion about the person opens ("Willing to attend …", "Known HIV infection"): after a
# lead-in's members that did not open so, such a line is the list going on, not one more member
_PERSON_OPENERS: Final = population_words("study_people", "study_person", "person_criterion")
# A verb a criterion about the person opens with, its subject left out ("Is pregnant", "Has received …")
_PERSON_VERBS: Final = population_words("person_verb")

# A criterion left to someone's judgment ("… that, in the opinion of the investigator, would …",
# "… at the discretion of the treating physician"): the study's catch-all, no case of a list
_JUDGMENT_RE: Final = re.compile(r"\b(?:in|at)[ \t]++the[ \t]++(?:opinion|judge?ment|discretion)[ \t]++of\b", re.IGNORECASE)

# A heading's or lead-in's topic words ("Systemic immune suppression:"), which its members repeat (a
# plural's "s" dropped: "Drugs:" then "Drug Abuse Screening Test"); words too common in criteria to
# tie a line to a topic ("Prior therapy:" then "Prior surgery …") are left out
_WORD_RE: Final = re.compile(r"[a-z]{4,}+")


def _topic_words(text: str) -> frozenset[str]:
    return frozenset(w.removesuffix("s") for w in _WORD_RE.findall(text.lower())) - TOPIC_COMMON_WORDS


def _last_member_texts(value: str, members: list[_Node]) -> list[str]:
    """The text of the first segment of each of the lead-in's last members that has one."""
    return [value[k.segments[0][0] : k.segments[0][1]] for k in members[-_MEMBERS_LOOKED_AT:] if k.segments]


def _capital_after_lower_case(texts: list[str], word: str) -> bool:
    """Members in lower case meet a line opening with a capital (``word``, its first word): a new
    sentence, not an abbreviation ("ALT or AST above …" is no title-case word)."""
    return word.istitle() and all(m[:1].islower() for m in texts)


def _lab_values_end(texts: list[str], text: str, is_lab_value: Callable[[str], bool]) -> bool:
    """Lab values (two or more: one alone may be the first of the run) meet a line stating none,
    each read by the reader's own test (see the module's account)."""
    return len(texts) >= 2 and all(is_lab_value(m) for m in texts) and not is_lab_value(text)


def _opens_about_the_person(texts: list[str], word: str) -> bool:
    """The line opens as a criterion about the person ("Willing to …", "Known …": its first word
    ``word``) where no member opened with that word."""
    first = word.lower()
    return first in _PERSON_OPENERS and all(m.split(None, 1)[0].lower() != first for m in texts)


def _opens_with_a_person_verb(texts: list[str], word: str) -> bool:
    """The line opens with a verb whose subject, the person, is left out ("Is pregnant …", "Has
    received …": its first word ``word``, capitalised) where no member opened with such a verb:
    the members named conditions ("Concurrent unstable angina"), the line is a criterion of its own."""
    if not word[:1].isupper() or word.lower() not in _PERSON_VERBS:
        return False
    return all(m.split(None, 1)[0].lower() not in _PERSON_VERBS for m in texts if m.strip())


def _leaves_it_to_judgment(texts: list[str], text: str, leadin: str) -> bool:
    """The line leaves its case to someone's judgment ("in the opinion of the investigator") where
    no member did, about something other than the lead-in's topic: the study's catch-all criterion
    ("Severe concurrent disease that, in the judgment of …" after "… cardiovascular disease
    including:"), none of the lead-in's cases. A catch-all on the lead-in's topic, named before
    the judgment ("Other cardiac disease significant in the opinion of …" under "… cardiac
    conditions:"), is its last case."""
    m = _JUDGMENT_RE.search(text)
    if m is None or any(_JUDGMENT_RE.search(k) is not None for k in texts):
        return False
    return _topic_words(text[: m.start()]).isdisjoint(_topic_words(leadin))
