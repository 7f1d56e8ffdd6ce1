"""Criteria reading: the cues that say a line is clearly no member of a lead-in, shared by the
two readers of a lead-in's members, ``_criteria_leadins`` (marked items of the lead-in's style)
and ``_criteria_lineblocks`` (unmarked lines).

Each cue compares the lead-in's last few members with the line after them (sentence shape): the
members in lower case meet a capital, lab values meet a line stating none, or the line opens as
a criterion about the person where no member did. Each reader keeps its own further cues (the
marked items': a run joined by "or" ending, members naming their kind, a series of headings).

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

from collections.abc import Callable
from typing import Final

from trialparse._criteria_nodes import _Node
from trialparse.vocabulary import population_words

# How many of a lead-in's last members are compared with a line: a bound, so that a lead-in
# taking thousands of items stays linear
_MEMBERS_LOOKED_AT: Final = 8

# How a criterion about the person opens ("Willing to attend …", "Known HIV infection"): after a
# lead-in's members that did not open so, such a line is the list going on, not one more member
_PERSON_OPENERS: Final = population_words("study_people", "study_person", "person_criterion")


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
