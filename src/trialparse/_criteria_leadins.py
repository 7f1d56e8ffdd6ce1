"""Criteria reading, part 3d: a lead-in's members (rule 4 of the decision order).

Which same-style items at its indent an item ending with ":" takes, and where their run ends:
lead-in phrases, sentences that stop mid-way, heading bullets of a series or of a topic, bullets
before the list's numbers surface, and the sentence shapes that end a run. ``_criteria_tree``
places the items and asks here.
"""

from __future__ import annotations

import re
from typing import Final

from trialparse._criteria_lines import (
    _LEADIN_COLON_RE,
    _SENTENCE_VERB_RE,
    _ends_with_leadin,
    _is_topic_line,
    _Item,
    _looks_like_heading,
    _Plain,
)
from trialparse._criteria_members import (
    _MEMBERS_LOOKED_AT,
    _capital_after_lower_case,
    _lab_values_end,
    _last_member_texts,
    _opens_about_the_person,
    _topic_words,
)
from trialparse._criteria_nodes import (
    _continues_numbering,
    _Frame,
    _Node,
)
from trialparse._criteria_plain import _PlainLines
from trialparse._criteria_state import _NESTING_GUESS
from trialparse.vocabulary import DANGLING_WORDS, UNFINISHED_ENDS

# A lead-in that takes this many same-level items of its own style may have taken its siblings
_MANY_ADOPTED: Final = 6
# A lead-in known only by its sentence breaking off ("… as defined by:", "Prior treatment with:"): from this
# many members on, only weak cues end its run ("Adequate bone marrow function" may be a sibling)
_WEAK_MANY: Final = 4

# A member that names its kind first ("Mild: home management", "Very Severe: intubation")
_LABELLED_RE: Final = re.compile(r"[^\W\d_][\w/-]*+(?:[ \t][\w/-]++){0,2}:[ \t]")
# A member that leaves the alternatives open ("…, or", "… AND")
_JOINED_END_RE: Final = re.compile(r"(?:^|[\s,;])(?:or|and)[ \t]*$", re.IGNORECASE)


# A member stating a lab value: an analyte, a comparator, a number ("ALT/AST≤2.5× ULN", "Platelets (PLT) ≥90×10⁹/L")
_LAB_VALUE_RE: Final = re.compile(r"[^<>≤≥=\n]{1,80}?(?:[≤≥=]|\\?[<>]=?)[ \t]*+[0-9]")


def _states_lab_value(text: str) -> bool:
    """A member stating a lab value (``_LAB_VALUE_RE``), the marked members' test of one."""
    return _LAB_VALUE_RE.match(text) is not None


# a parenthesis closing a line, up to a long condition: bounded, so the search stays linear
_ASIDE_RE: Final = re.compile(r"\([^()\n]{0,200}\)[ \t]*$")
# how many bullets may stand for a list's lost numbers before they surface ("3." after two)
_LOST_NUMBERS: Final = 9
# how far a heading bullet looks ahead for the next heading of its series
_SERIES_LOOKAHEAD: Final = 24


def _is_heading_text(text: str) -> bool:
    """A bullet that reads as a short topic heading ("Kidney function (within 7 days) :"): capitalised,
    few words, no verb (a leaf "patients with renal disease:" is no heading)."""
    return len(text) <= 60 and text[:1].isupper() and text.rstrip().endswith(":") and _is_topic_line(text)


def _ends_the_members(value: str, members: list[_Node], ev: _Item, heads: set[int]) -> bool:
    """Whether ``ev`` is clearly no member of the lead-in that took ``members`` (its same-style
    items so far): the sentence shape of the run breaks. The member before it closed a run
    joined by "or"/"and"; members in lower case meet a capital; members that name their kind
    ("Mild: …") meet one that does not; lab values ("ALT ≤2.5× ULN") meet an item of another
    kind (two or more of them: one alone may be the first of the run), unless the last one ends
    joined ("… OR"); a series' headings meet an item that heads
    nothing; or it opens as a criterion about the person ("Willing to …", "Known …") where no
    member did. The cues shared with the lines' reader live in ``_criteria_members``."""
    texts = _last_member_texts(value, members)
    text = value[ev.text_start : ev.text_end]
    if not texts or not text:
        return False
    joined = [_JOINED_END_RE.search(m[-8:]) is not None for m in texts]
    if any(joined) and not joined[-1]:
        return True
    word = text.split(None, 1)[0]
    if _capital_after_lower_case(texts, word):
        return True
    if len(texts) >= 2 and all(_LABELLED_RE.match(m) for m in texts) and _LABELLED_RE.match(text) is None:
        return True
    if not joined[-1] and _lab_values_end(texts, text, _states_lab_value):
        return True  # lab values meet a criterion of another kind
    if all(id(k) in heads for k in members[-_MEMBERS_LOOKED_AT:]):
        return not _is_heading_text(text)  # a series of headings meets an item that heads nothing
    return _opens_about_the_person(texts, word)


# Words a sentence does not end with: "… biopsy showing:", "… except for:", "… eligible if they:", "If
# female the subject is:" stop mid-sentence, and the items after them finish it
_UNFINISHED_ENDS: Final = UNFINISHED_ENDS


# A lead-in naming its members later in its last clause ("Patients has the following blood counts at
# Baseline:", "… with the following exceptions:", "The following patients will be considered …:"):
# bounded, no sentence end between, so the search stays linear and within the clause
_FOLLOWING_CLAUSE_RE: Final = re.compile(r"\bthe\ following\b[^.;:：\n]{0,80}[:：]$", re.IGNORECASE | re.VERBOSE)
# Its clause going on after the list's name ("… the following study questionnaires at each visit"): the
# list may be the text's, or left out of it; words apart by blanks, so the search stays linear
_FOLLOWING_GOES_ON_RE: Final = re.compile(r"\bthe\ following(?:[ \t]++[^\s.;:：]++){3,}$", re.IGNORECASE | re.VERBOSE)
# The words a lead-in's sentence breaks off on before its members ("… determined by:", "… defined
# as:", "… subjects who:", "… are not limited to:"): the items after it finish the sentence
_WAITING_WORDS: Final = DANGLING_WORDS | UNFINISHED_ENDS


# A lead-in whose members are alternatives ("at least one of:"): which lines are its members matters
_ALTERNATIVES_RE: Final = re.compile(r"\b(?:one|either|at\ least)\b", re.IGNORECASE | re.VERBOSE)


# how many siblings back a heading bullet looks for the others of its series
_SERIES_REACH: Final = 12

# A sentence leading in to the list it names ("Droperidol must NOT be used in patients with any of
# the following:", "Infants who meet any of these criteria are not eligible for enrollment:")
_NAMES_ITS_LIST_RE: Final = re.compile(r"\b(?:the\ following|these\ criteria|as\ follows)\b", re.IGNORECASE | re.VERBOSE)
# Such a sentence ending on the list it names ("… must meet all of the following criteria:"), no words of
# its own after the list ("Patients with any of the following are excluded:" says what they are)
_ENDS_ON_ITS_LIST_RE: Final = re.compile(
    r"\b(?:the\ following|these\ criteria|as\ follows)(?:[ \t]++[^\W\d_]++)?[ \t]*+[:：]$", re.IGNORECASE | re.VERBOSE
)
# The marks a title ends with ("Pregnant Women-", "Screening Phase:")
_TITLE_ENDS: Final = "-–:："
# How long such a sentence may be: a bound, for hostile lines
_LIST_LEADIN_REACH: Final = 300


def _is_list_leadin_sentence(text: str) -> bool:
    """ "Pregnant women who meet all of the following criteria are eligible for enrollment:": a
    sentence (a verb) ending with ":" that names the list after it, no requirement of its own."""
    return (
        len(text) <= _LIST_LEADIN_REACH
        and text.endswith(":")
        and _SENTENCE_VERB_RE.search(text) is not None
        and _NAMES_ITS_LIST_RE.search(text) is not None
    )


class _LeadIns(_PlainLines):
    """Which same-style items a lead-in takes as its members, and which bullets head a run."""

    def plain(self, ev: _Plain) -> None:
        """An unmarked line; first, a title over a lead-in sentence and its list ("ED Droperidol
        Protocol", blank, "Droperidol must NOT be used in patients with any of the following:", the
        bullets): the title heads the list as a topic, and the sentence, right under it, is the
        topic's lead-in, a note, as it is right under a side's header (rule 5: a remark about the
        list). The sentence's words say no more than the title does; a heading whose lists its
        lead-ins tell apart ("Patients will have to meet …" then "Patients may not have any of
        …") keeps them as items holding their lists."""
        if self.prev_blank and not ev.after_header and self.side is not None:
            text = self.value[ev.start : ev.end]
            if self._titles_a_leadin(ev, text):
                self._topic(ev)
                return
            if self._leads_in_under_its_title(text):
                self._note(ev)
                return
        super().plain(ev)

    def _titles_a_leadin(self, ev: _Plain, text: str) -> bool:
        """A short title ("Pregnant Women-", "ED Droperidol Protocol"), a blank line, a lead-in
        sentence naming its list, and the list's marked items, with no other lead-in after them."""
        nxt = self.upcoming
        if not isinstance(nxt, _Plain) or self.value.count("\n", ev.end, nxt.start) < 2:
            return False
        sentence = self.value[nxt.start : nxt.end]
        if not _looks_like_heading(text.rstrip(_TITLE_ENDS + " \t")) or not _is_list_leadin_sentence(sentence):
            return False
        # a title by its mark, or over a sentence that only leads in: "Active Hepatitis B Infection" over
        # "Patients with any of the following are excluded:" is a criterion of its own
        if text.rstrip()[-1:] not in _TITLE_ENDS and _ENDS_ON_ITS_LIST_RE.search(sentence[-120:]) is None:
            return False
        first = self.following.get(id(nxt))
        return isinstance(first, _Item) and first.indent <= nxt.indent + 4 and not self._leadin_after_list(first)

    def _leads_in_under_its_title(self, text: str) -> bool:
        """A lead-in sentence naming its list, first under a topic heading, with the list after it."""
        top = self.stack[-1] if self.stack else None
        if top is None or top.group != "topic" or top.node.children or not isinstance(self.upcoming, _Item):
            return False
        return _is_list_leadin_sentence(text) and not self._leadin_after_list(self.upcoming)

    def _leadin_after_list(self, first: _Item) -> bool:
        """The first unmarked line after the list that starts at ``first`` leads in to another list."""
        nxt: object = first
        for _ in range(2 * _SERIES_LOOKAHEAD):  # a bound: a hostile side may hold thousands of items
            if not isinstance(nxt, _Item):
                break
            nxt = self.following.get(id(nxt))
        return isinstance(nxt, _Plain) and _is_list_leadin_sentence(self.value[nxt.start : nxt.end])

    def _sentence_runs_on(self, ev: _Item) -> bool:
        """ "… biopsy showing:" then, at its indent and in its style, "* unilateral disease …": an item
        whose sentence stops mid-way at its colon (after a word no sentence ends with) and whose
        next item goes on in lower case is a lead-in, and that item its member (the sentence
        settles what the equal indent leaves open; the members end at a capital). A leaf "Renal:"
        with a sibling after it, as ``render()`` writes one, ends no such word."""
        nxt = self.upcoming
        if not isinstance(nxt, _Item) or nxt.indent != ev.indent or nxt.family != ev.family or nxt.text_end <= nxt.text_start:
            return False
        if self.value[ev.text_end - 1] != ":" or not self.value[nxt.text_start].islower():
            return False
        words = self.value[max(ev.text_start, ev.text_end - 24) : ev.text_end - 1].split()
        return bool(words) and words[-1].lower() in _UNFINISHED_ENDS

    def _adopts_own_style(self, top: _Frame, ev: _Item) -> bool:
        """The legacy layout: a lead-in takes the same-level items of its own style that follow.

        Where the run it takes grows long, or a lead-in without its colon ("… of the following")
        is followed by its own style, either reading stays plausible: the item is reported.
        """
        if not top.adopt_same:
            if (
                not top.adopted
                and not top.node.children
                and top.node.segments
                # "4. …:" then "5.": the numbers say sibling, unless the colon ends a heading's line
                # glued to the item ("2. BMI 18-30" then "Medical history:"): the heading's place is a guess
                and (not _continues_numbering(top.node.label, ev.label) or self._ends_on_a_heading_line(top.node))
                and self._kept_flat_by_guess(top.node, ev)
            ):
                self._guess(top.node)  # kept flat: "… of the following" without its colon, "Renal:" then bullets
            top.adopted = -1
            return False
        if top.adopt_family or self._is_leadin_item(ev) or self._sentence_leads_in(ev):
            return False
        if self._next_heading(top, ev):
            if top.node.guess and top.adopted >= _MANY_ADOPTED and top.node not in self.weak_runs:
                top.node.guess = False  # the next heading closed the long run: where its members end is settled
                del self.guessed[top.node]
            top.adopted = -1
            return False
        if _continues_numbering(top.node.label, ev.label):
            return False
        if id(top.node) in self.numbered_after:
            return ev.start < self.numbered_after[id(top.node)]
        words = self.topic_heads.get(id(top.node))
        if words is not None and words.isdisjoint(_topic_words(self.value[ev.text_start : ev.text_end])):
            top.adopt_same = False  # the topic's run ends at the first bullet about something else
            top.adopted = -1
            return False
        ends = _ends_the_members(self.value, top.node.children, ev, self.series_heads)
        returns = not ends and top.adopted > 0 and self._punctuation_returns(top, ev)
        if top.adopted > 0 and (ends or returns):
            if top.node.guess and top.adopted >= _MANY_ADOPTED and top.node not in self.weak_runs:
                top.node.guess = False  # a cue closed the long run: where its members end is settled
                del self.guessed[top.node]
            elif returns and not self._capitals_heading(top.node):
                self._guess(top.node)  # only the outer list's ";" returning ends its members: they may be siblings
            if top.adopted == 1 and top.node in self.weak_runs:
                self._guess(top.node)  # one member, the next item set apart by a weak cue: its list may be left out
            top.adopt_same = False
            top.adopted = -1
            return False
        top.adopted += 1
        if top.node in self.weak_runs:
            self.weak_runs[top.node] = top.adopted
        if top.adopted == _MANY_ADOPTED and not self._capitals_heading(top.node):
            self._guess(top.node)  # a heading in capitals ("OTHER CRITERIA:") heads its long run plainly
        return True

    def _weigh_weak_runs(self) -> None:
        """A lead-in known only by its sentence breaking off that took a long run is reported: only weak
        cues end it ("… as defined by:" then "RECIST 1.1", "Lugano criteria", "Adequate bone marrow
        function", …), either reading stays plausible (the whole-side settling below may withdraw it).
        One member set apart from the next item by a weak cue is reported where the run ends."""
        for node, taken in self.weak_runs.items():
            if taken >= _WEAK_MANY:
                self._guess(node)

    def _settle_whole_side_runs(self) -> None:
        """ "25~35 years old male or female subjects who:" taking every item of its side: a lead-in that
        is all its side holds at the top level leaves no sibling its run could have taken, and either
        reading requires each item alike, so the length of its run is no guess (as a side's first
        line kept flat is none)."""
        for roots in self.roots.values():
            node = roots[0] if len(roots) == 1 else None
            if node is None or node.group or len(node.children) < _MANY_ADOPTED:
                continue  # only a long run's guess: not one about the item's own text
            if self.guessed.get(node) == _NESTING_GUESS:
                node.guess = False
                del self.guessed[node]

    def _next_heading(self, top: _Frame, ev: _Item) -> bool:
        """``ev`` is the next heading of the series ``top`` belongs to: its sibling, never its member
        ("Liver function:" after "Blood routine:"'s values; "TREATMENT ACCESSIBILITY:" after "SMOKING
        CRITERIA:", a lead-in by its last word, written in the same capitals)."""
        text = self.value[ev.text_start : ev.text_end]
        if not _is_heading_text(text):
            return False
        return top.heads or (text.isupper() and self._capitals_heading(top.node))

    def _capitals_heading(self, node: _Node) -> bool:
        """ "SMOKING CRITERIA:": a short heading bullet in capitals (a series' headings are written alike)."""
        if not node.segments:
            return False
        text = self.value[node.segments[0][0] : node.segments[0][1]]
        return text.isupper() and _is_heading_text(text)

    def _numbers_leave_room(self, ev: _Item, node: _Node, parent: _Frame | None) -> bool:
        """Bullets, then the list's numbers surfacing at "3." (a bullet list that lost its numbers):
        only two items stood before it. A bullet ending with ":" in the place of item 2 takes the
        bullets between it and "3." as its members (numbering continuity, whatever their shape)."""
        if parent is not None or ev.label is not None or self.side is None:
            return False
        side = self._side_items()
        place = len(side)  # ev is attached: its number in the lost numbering
        if place > _LOST_NUMBERS:
            return False
        nxt, between = self.upcoming, 0
        for _ in range(2 * _SERIES_LOOKAHEAD):  # a bound: a hostile side may hold thousands of bullets
            if not isinstance(nxt, (_Item, _Plain)):
                return False
            if isinstance(nxt, _Item) and nxt.label is not None:
                # checked last: the side's labels are read only where the number fits
                if not nxt.label.isdigit() or int(nxt.label) != place + 1 or not between:
                    return False
                if any(k.label is not None for k in side):
                    return False
                self.numbered_after[id(node)] = nxt.start
                self._guess(node)  # the numbers alone say so: the bullets may as well be items that lost theirs
                return True
            between += isinstance(nxt, _Item)
            nxt = self.following.get(id(nxt))
        return False

    def _heads_its_topic(self, ev: _Item) -> bool:
        """ "Systemic immune suppression:" then "Current use of chronic systemic steroids …": a lone short
        heading bullet whose next bullet of its style repeats its topic's words heads the bullets
        that do (sentence shape: a bullet that just ends with a colon has no such run after it)."""
        text = self.value[ev.text_start : ev.text_end]
        nxt = self.upcoming
        if ev.label is not None or not _is_heading_text(text) or not isinstance(nxt, _Item):
            return False
        if nxt.indent != ev.indent or nxt.family != ev.family:
            return False
        words = _topic_words(text)
        if not words or words.isdisjoint(_topic_words(self.value[nxt.text_start : nxt.text_end])):
            return False
        return not self._topic_recurs_after_its_run(ev, words)

    def _topic_recurs_after_its_run(self, ev: _Item, words: frozenset[str]) -> bool:
        """ "Cardiac disease:", "Cardiac arrhythmia …", "Congestive heart failure", "Cardiac surgery …":
        a bullet of the heading's style repeats its words after the first one that does not, so the
        first break does not end a topic and where it ends is unknown: no topic run."""
        nxt, ended = self.upcoming, False
        for _ in range(_SERIES_LOOKAHEAD):  # a bound: a hostile side may hold thousands of bullets
            if not isinstance(nxt, (_Item, _Plain)) or (isinstance(nxt, _Item) and nxt.indent < ev.indent):
                return False
            if isinstance(nxt, _Item) and nxt.indent == ev.indent and nxt.family == ev.family:
                shares = not words.isdisjoint(_topic_words(self.value[nxt.text_start : nxt.text_end]))
                if shares and ended:
                    return True
                ended = ended or not shares
            nxt = self.following.get(id(nxt))
        return False

    def _heads_a_series(self, ev: _Item, parent: _Frame | None) -> bool:
        """ "Blood routine (within 7 days) :", its lab values, "Liver function (within 7 days) :", …:
        short heading bullets in one flat run of bullets, each with bullets after it. The series
        says where each heading's bullets end (the next heading), which one heading alone does
        not: its own style at its indent, the next one of them is a heading too, or the one
        before it among its siblings was."""
        text = self.value[ev.text_start : ev.text_end]
        if ev.label is not None or not _is_heading_text(text):
            return False  # labelled items go by their labels
        siblings = parent.node.children if parent is not None else self._side_items()
        if any(id(k) in self.series_heads or (text.isupper() and self._capitals_heading(k)) for k in siblings[-_SERIES_REACH:]):
            return True
        nxt = self.upcoming
        for members in range(_SERIES_LOOKAHEAD):
            if not isinstance(nxt, _Item) or nxt.indent != ev.indent or nxt.family != ev.family:
                return False
            if _is_heading_text(self.value[nxt.text_start : nxt.text_end]):
                return members > 0
            nxt = self.following.get(id(nxt))
        return False

    def _punctuation_returns(self, top: _Frame, ev: _Item) -> bool:
        """The outer list's items end with ";", the lead-in's members do not, and ``ev`` does: the
        outer list goes on (sentence shape: the list's own punctuation returns)."""
        if self.value[ev.text_end - 1 : ev.text_end] != ";":
            return False
        siblings = self.stack[-2].node.children if len(self.stack) >= 2 else self._side_items()
        if len(siblings) < 2 or siblings[-1] is not top.node or not siblings[-2].segments:
            return False
        before = siblings[-2].segments[-1][1]
        if self.value[before - 1 : before] != ";":
            return False
        return not any(k.segments and self.value[k.segments[-1][1] - 1] == ";" for k in top.node.children[-_MEMBERS_LOOKED_AT:])

    def _ends_on_a_heading_line(self, node: _Node) -> bool:
        """Whether the item's last line, a line of its own, is a topic heading ("Medical history:")."""
        if len(node.segments) < 2:
            return False
        a, b = node.segments[-1]
        return "\n" in self.value[node.segments[-2][1] : a] and _is_topic_line(self.value[a:b])

    def _kept_flat_by_guess(self, node: _Node, ev: _Item) -> bool:
        """A lead-in kept flat before ``ev`` of its style, where no cue settles whether ``ev`` is its member."""
        if not self._may_lead(node) or self._in_heading_series(node) or self._opens_evident_members(ev):
            return False
        side = self._side_items()
        # the side's first line: its members or the side's items, each required alike (unless alternatives)
        return not side or side[0] is not node or _ALTERNATIVES_RE.search(node.text(self.value)) is not None

    def _opens_evident_members(self, ev: _Item) -> bool:
        """The item after a lead-in can only be its member: it goes on in lower case ("non-childbearing
        potential or,") or ends joined to the next one ("… ≥ 70 mL/min OR"): the sentence settles
        it, no guess."""
        text = self.value[ev.text_start : ev.text_end]
        return bool(text) and (text[0].islower() or _JOINED_END_RE.search(text[-8:]) is not None)

    def _in_heading_series(self, node: _Node) -> bool:
        """ "Blood routine:" … "Liver function:" …: a second short heading bullet in one list (or the
        first of such a series) tells where each one's bullets end: the next heading. Not a guess, so
        the first one's report is withdrawn."""
        if not self._is_heading_bullet(node):
            return False
        siblings = self.stack[-2].node.children if len(self.stack) > 1 else self._side_items()
        near = siblings[-_SERIES_REACH:]  # a bound: a list may hold thousands of headings
        earlier = [n for n in near if n is not node and n.guess and self._is_heading_bullet(n)]
        for n in earlier:
            n.guess = False
            del self.guessed[n]
        return bool(earlier) or any(n is not node and self._is_heading_bullet(n) for n in near)

    def _is_heading_bullet(self, node: _Node) -> bool:
        """A bullet that reads as a short topic heading ("Kidney function (within 7 days) :")."""
        if len(node.segments) != 1 or node.children or not node.ends_with_colon(self.value):
            return False
        a, b = node.segments[0]
        return b - a <= 60 and _is_topic_line(self.value[a:b])

    def _may_lead(self, node: _Node) -> bool:
        """An item that reads as a lead-in but took nothing: "… of the following", or a short "Topic:"."""
        a, b = node.segments[-1]
        if node.ends_with_colon(self.value):
            return b - a <= 80 or _LEADIN_COLON_RE().search(self.value, max(a, b - 40), b) is not None
        return _ends_with_leadin(self.value, a, b)

    def _is_leadin_item(self, ev: _Item) -> bool:
        if ev.text_end <= ev.text_start:
            return False
        last = self.value[ev.text_end - 1]
        if last != ":" and not last.isspace():
            return False  # most items: no colon at the end
        text = self.value[ev.text_start : ev.text_end].rstrip()
        if not text.endswith(":"):
            return False
        # an aside before the colon is no part of the phrase ("Tumor-specific criteria (Expansion phase):",
        # "… must meet the following criteria (no blood transfusion … within 14 days) :")
        head = _ASIDE_RE.sub("", text[-240:-1]).rstrip()
        return _LEADIN_COLON_RE().search(text[-40:]) is not None or _LEADIN_COLON_RE().search(head[-40:] + ":") is not None

    def _sentence_leads_in(self, ev: _Item) -> bool:
        """ "Positive allergy test determined by:", "Patients has the following blood counts at Baseline:",
        "… with the following exceptions:": an item whose sentence names "the following" in its last
        clause, or breaks off at its colon on a word waiting for its complement, leads in to the
        same-style items after it though no lead-in phrase ends it (rule 4, after the heading bullets'
        runs, whose ends are sharper). Not "… Steps 4 or 5 OR:": a colon after "or"/"and" joins the
        next item as its sibling."""
        if ev.text_end <= ev.text_start or self.value[ev.text_end - 1] not in ":：":
            return False
        if self._names_the_following(ev):
            return True
        text = self.value[max(ev.text_start, ev.text_end - 240) : ev.text_end]
        words = _ASIDE_RE.sub("", text[:-1]).rstrip()[-24:].split()
        return bool(words) and words[-1].lower() in _WAITING_WORDS

    def _names_the_following(self, ev: _Item) -> bool:
        """The item's last clause names "the following" before its colon."""
        return _FOLLOWING_CLAUSE_RE.search(self.value[max(ev.text_start, ev.text_end - 120) : ev.text_end]) is not None

    def _misses_its_list(self, ev: _Item) -> bool:
        """ "Willing to complete the following study questionnaires at each visit:" then "Women of
        childbearing potential must use contraception": a clause going on after the list's name, whose
        next item of its style is a sentence of its own, names a list the text left out; the items
        after it are its siblings ("… blood counts at Baseline:" then "Platelets ≥ 100" is no such)."""
        nxt = self.upcoming
        if not isinstance(nxt, _Item) or nxt.indent != ev.indent or nxt.family != ev.family:
            return False
        head = _ASIDE_RE.sub("", self.value[max(ev.text_start, ev.text_end - 120) : ev.text_end - 1]).rstrip()
        if _FOLLOWING_GOES_ON_RE.search(head) is None:
            return False
        return _SENTENCE_VERB_RE.search(self.value[nxt.text_start : nxt.text_end]) is not None
