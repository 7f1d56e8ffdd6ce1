"""Criteria reading, part 3d: the members of a lead-in among unmarked lines, asked by
``_criteria_plain``: which paragraphs after it are its next member (one ending with ";" before
them, or opening as its first member did), and, in text written one criterion per line (the
legacy format without markers, where the break before a line is deliberate: ``_Plain.fresh``,
marked by ``trialparse.criteria``), which lines a lead-in takes and which lead-in sentences are
notes.
"""

from __future__ import annotations

import re
from typing import Final

from trialparse._criteria_lines import _LEADIN_SENTENCE_RE, _Plain
from trialparse._criteria_members import (
    _MEMBERS_LOOKED_AT,
    _capital_after_lower_case,
    _lab_values_end,
    _last_member_texts,
    _leaves_it_to_judgment,
    _opens_about_the_person,
    _opens_with_a_person_verb,
)
from trialparse._criteria_nodes import _Frame, _Node
from trialparse._criteria_pieces import _Continuations
from trialparse.vocabulary import TRAILING_LEADIN_WORDS

# A lead-in naming a condition of its own before the criteria it leads to ("Participants with a
# physician diagnosis of COPD who meet the following criteria:"): a criterion with members, no note
_OWN_CONDITION_RE: Final = re.compile(
    r"\bwith[ \t]++(?!any\b|all\b|one\b|at[ \t]least\b|the[ \t]following\b)[^:\n]{3,200}?\b(?:who|that)[ \t]++"
    r"(?:also[ \t]++)?(?:meets?|fulfil|fulfill|satisfy)\b",
    re.IGNORECASE,
)


def _is_lab_row(text: str) -> bool:
    """A line stating a value for what it names first ("ALT < 3 x ULN", "Total bilirubin (TBL) > 1.5
    x ULN or …"): a comparator within its first words (narrower than the marked members' test, on
    purpose: see ``_criteria_members``)."""
    return any(c in text[:_ANALYTE_MAX] for c in "<>=≤≥")


# How far into a lab row its comparator stands: after the analyte's name, with its abbreviation
_ANALYTE_MAX: Final = 40



class _LineBlocks(_Continuations):
    """Lead-ins and their members among unmarked lines: paragraphs, and lines written one criterion each."""

    def _reads_as_leadin(self, ev: _Plain, text: str) -> bool:
        """A lead-in sentence ("Patients must meet all of the following:"), not one with its list run
        on after its colon; where the line is wrapped onto the next, its last word ends no sentence
        ("… a confirmed diagnosis of")."""
        m = _LEADIN_SENTENCE_RE().search(text)
        if m is None:
            return False
        colon = text.find(":", m.start())
        if 0 <= colon < len(text) - 1 and text[colon + 1 :].strip():
            return False  # its members run on after its colon ("… of the following: high HbA1c, IFG, …"): a criterion
        if _OWN_CONDITION_RE.search(text) is not None:
            return False  # "Participants with a diagnosis of COPD who meet the following criteria:": a criterion
        if m.end() < len(text) or m.group().rstrip(": \t").lower() not in TRAILING_LEADIN_WORDS:
            return True
        nxt = self.upcoming
        wrapped = isinstance(nxt, _Plain) and not nxt.fresh and self.value.count("\n", ev.end, nxt.start) == 1
        return not wrapped

    def _heads_line_block(self) -> bool:
        """The lines after the one being read, past a blank line, are written one criterion each: the
        next line is unmarked and the break after it deliberate ("Any of the following cardiac
        criteria:", blank, "Mean resting QTc > 470 ms" "Any clinically important …")."""
        nxt = self.upcoming
        after = self.following.get(id(nxt)) if isinstance(nxt, _Plain) else None
        return isinstance(after, _Plain) and after.fresh

    def _block_member(self, lead: _Frame, ev: _Plain) -> bool:
        """In a block of lines, one more member of ``lead`` unless it is clearly none. Where the lead-in
        takes its block's last line so, no cue ended its members: they may also be its siblings
        ("History of at least one of the following:" "Stroke" … "LDL above 100 mg/dL"): reported.
        Where only a weak cue weighs on the line (``_weakly_ends``), the likelier reading is taken
        and reported: the members may end there or go on."""
        if self._ends_paragraph_members(lead.node.children, ev) or self._opens_as_outer_list(lead, ev):
            return False
        nxt = self.upcoming
        if self._weakly_ends(lead, ev):
            self._guess(lead.node)
            return not self._ends_at_weak_cue(lead, ev)
        if not (isinstance(nxt, _Plain) and nxt.fresh):
            self._guess(lead.node)
        return True

    def _weakly_ends(self, lead: _Frame, ev: _Plain) -> bool:
        """The line may end the lead-in's members, by a cue that may mislead: it opens with a verb whose
        subject, the person, is left out where no member did ("Has had a myocardial infarction …"
        after "Unstable angina": a criterion of its own, or a member written as one), or leaves its
        case to the investigator's judgment where no member did, about something other than the
        lead-in's topic (the study's catch-all criterion, or a last case named loosely)."""
        texts = _last_member_texts(self.value, lead.node.children)
        text = self.value[ev.start : ev.end]
        words = text.split(None, 1)
        if not texts or not words or not lead.node.segments:
            return False
        a, b = lead.node.segments[0]
        return _opens_with_a_person_verb(texts, words[0]) or _leaves_it_to_judgment(texts, text, self.value[a:b])

    def _ends_at_weak_cue(self, lead: _Frame, ev: _Plain) -> bool:
        """Whether the members end at a line only a weak cue weighs on: not where the line after it,
        in the same block, is a member again by every cue ("Unstable angina", "Has had a myocardial
        infarction …", "Uncontrolled arrhythmia": the list goes on around it); where the block ends
        or its next line ends the members too ("Has a pacemaker", "Had cardiac surgery …"), they end."""
        nxt = self.upcoming
        if not (isinstance(nxt, _Plain) and nxt.fresh) or self.value[nxt.start : nxt.end].rstrip().endswith(":"):
            return True
        members = lead.node.children
        return self._ends_paragraph_members(members, nxt) or self._opens_as_outer_list(lead, nxt) or self._weakly_ends(lead, nxt)

    def _opens_as_outer_list(self, lead: _Frame, ev: _Plain) -> bool:
        """A line opening with the first word of the item before the lead-in ("Has had major surgery …",
        "Has 1 or more conditions … may include:", its members, then "Has received …"), where no
        member did: the outer list goes on."""
        words = self.value[ev.start : ev.end].split(None, 1)
        if not words:
            return False
        word = words[0].lower()
        holder = self._group_frame()
        siblings = holder.node.children if holder is not None else self._side_items()
        before = siblings[-2] if len(siblings) > 1 and siblings[-1] is lead.node else None
        if before is None or self._first_word(before) != word:
            return False
        return all(self._first_word(n) != word for n in lead.node.children[-_MEMBERS_LOOKED_AT:])

    def _first_word(self, node: _Node) -> str:
        if not node.segments:
            return ""
        a, b = node.segments[0]
        words = self.value[a : min(b, a + 40)].split(None, 1)
        return words[0].lower() if words else ""

    def _ends_paragraph_members(self, members: list[_Node], ev: _Plain) -> bool:
        """Whether the line is clearly no member of the lead-in that took ``members`` (its last few
        looked at): members in lower case meet a capital, lab values one that is none, or it opens
        as a criterion about the person ("Willing to …", "Known …") where no member did: the cues
        shared with the marked members' reader (``_criteria_members``), lab rows read by ``_is_lab_row``.
        The weaker cues are weighed apart (``_weakly_ends``)."""
        texts = _last_member_texts(self.value, members)
        words = self.value[ev.start : ev.end].split(None, 1)
        if not texts or not words:
            return False
        if _capital_after_lower_case(texts, words[0]):
            return True
        if _lab_values_end(texts, self.value[ev.start : ev.end], _is_lab_row):
            return True  # lab values ("AST > 2.5 x ULN.") meet a criterion of another kind
        return _opens_about_the_person(texts, words[0])

    def _follows_leadin_member(self, last: _Frame, ev: _Plain) -> bool:
        """After the paragraphs a lead-in took (its children), another that starts with the same word
        as the first of them, or goes on in lower case as it did: the lead-in's next member ("if
        you …" after "if you …"), or the list going on. In text written a line per criterion the
        lead-in's lines go on to the end of its block (the legacy layout: gallery example 16)."""
        if last.family != "plain" or last.node.children or len(self.stack) < 2 or self.stack[-1] is not last:
            return False
        parent = self.stack[-2]
        if parent.group is not None or not parent.node.ends_with_colon(self.value) or not parent.node.children:
            return False
        first = self._first_word(parent.node.children[0])  # the members so far opened as the first did
        if not first:
            return False
        if self.value[ev.start : ev.start + len(first) + 1].lower() == first + " ":
            return True
        a = parent.node.children[0].segments[0][0]
        if ev.fresh:  # a line per criterion: the lead-in takes its block's lines up to one clearly no member
            return self._block_member(parent, ev)
        return self.value[a].islower() and self.value[ev.start].islower()  # members in lower case go on while they do

    def _is_open_member(self, frame: _Frame) -> bool:
        """An unmarked member of a lead-in ("… listed below:") that ends with ";" or ","
        ("Oral corticosteroids for 4 weeks;"): the member list goes on in the next paragraph."""
        if frame.family != "plain" or len(self.stack) < 2 or self.stack[-1] is not frame:
            return False
        parent = self.stack[-2]
        if parent.group is not None or not parent.node.ends_with_colon(self.value):
            return False
        text = self.value[frame.node.segments[-1][0] : frame.node.segments[-1][1]].rstrip()
        return text.endswith((";", ",", "; and", "; or", ", and", ", or"))
