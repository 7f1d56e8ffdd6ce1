"""Criteria reading, part 3: fold the line events into per-side trees of criteria.

Headers and marked items are placed here; unmarked lines by ``_criteria_plain``.
"""

from __future__ import annotations

import re
from typing import Final

from trialparse._criteria_lines import (
    _CLOSING_FIRST_WORDS,
    _LEADIN_COLON_RE,
    _LIST_LEADIN_RE,
    _NO_CRITERIA,
    _ROMAN_CHARS,
    _ends_with_leadin,
    _Event,
    _Header,
    _is_closing_remark,
    _is_topic_line,
    _Item,
    _next_label,
    _Plain,
)
from trialparse._criteria_nodes import (
    _continues_numbering,
    _Frame,
    _freeze_all,
    _Node,
    _staircases_flattened,
    _unwrapped,
)
from trialparse._criteria_plain import _CONNECTORS, _PlainLines
from trialparse.model import Criteria, CriteriaHeader, Issue, Severity
from trialparse.text import clean_inline, collapse_ws
from trialparse.vocabulary import population_words

Issues = tuple[Issue, ...]
MAX_DEPTH: Final = 32
# A lead-in that takes this many same-level items of its own style may have taken its siblings
_MANY_ADOPTED: Final = 6


# How a criterion about the person opens ("Willing to attend …", "Known HIV infection"): after a
# lead-in's members that do not open so, such an item is the list going on, not one more member
_PERSON_OPENERS: Final = population_words("study_people", "study_person", "person_criterion")
_MEMBERS_SEEN: Final = 8
# A member that names its kind first ("Mild: home management", "Very Severe: intubation")
_LABELLED_RE: Final = re.compile(r"[^\W\d_][\w/-]*+(?:[ \t][\w/-]++){0,2}:[ \t]")
# A member that leaves the alternatives open ("…, or", "… AND")
_JOINED_END_RE: Final = re.compile(r"(?:^|[\s,;])(?:or|and)[ \t]*$", re.IGNORECASE)


# A member stating a lab value: an analyte, a comparator, a number ("ALT/AST≤2.5× ULN", "Platelets (PLT) ≥90×10⁹/L")
_LAB_VALUE_RE: Final = re.compile(r"[^<>≤≥=\n]{1,80}?(?:[≤≥=]|\\?[<>]=?)[ \t]*+[0-9]")
# a parenthesis closing a line, up to a long condition: bounded, so the search stays linear
_ASIDE_RE: Final = re.compile(r"\([^()\n]{0,200}\)[ \t]*$")
# how many bullets may stand for a list's lost numbers before they surface ("3." after two)
_LOST_NUMBERS: Final = 9
# how far a heading bullet looks ahead for the next heading of its series
_SERIES_LOOKAHEAD: Final = 24


# A heading's topic words ("Systemic immune suppression:"), which its bullets repeat (a plural's "s"
# dropped: "Drugs:" then "Drug Abuse Screening Test"); words too common in criteria to tie a bullet
# to a heading ("Prior therapy:" then "Prior surgery …") are left out
_WORD_RE: Final = re.compile(r"[a-z]{4,}+")
_COMMON_WORDS: Final = frozenset(
    {
        "prior", "other", "history", "patient", "participant", "subject", "within", "criteria", "following",
        "active", "known", "current", "treatment", "therapy", "disease", "condition", "clinically", "significant",
        "study", "month", "week", "year", "day", "before", "after", "those", "which", "including", "except",
        "requirement", "function", "status", "inclusion", "exclusion", "group", "cohort", "with", "that", "have",
        "from", "than", "must", "will", "been", "more", "less", "dose", "time", "each", "their", "such", "into",
        "only", "also", "both", "were", "this", "these", "there", "under", "over", "least", "allowed", "use",
    }
)  # fmt: skip


def _topic_words(text: str) -> frozenset[str]:
    return frozenset(w.removesuffix("s") for w in _WORD_RE.findall(text.lower())) - _COMMON_WORDS


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
    member did."""
    # the last few members decide: a bound, so that a lead-in taking thousands of items stays linear
    texts = [value[k.segments[0][0] : k.segments[0][1]] for k in members[-_MEMBERS_SEEN:] if k.segments]
    text = value[ev.text_start : ev.text_end]
    if not texts or not text:
        return False
    joined = [_JOINED_END_RE.search(m[-8:]) is not None for m in texts]
    if any(joined) and not joined[-1]:
        return True
    word = text.split(None, 1)[0]
    if word.istitle() and all(m[0].islower() for m in texts):
        return True  # a capital opening a sentence, not an abbreviation ("ALT or AST above …")
    if len(texts) >= 2 and all(_LABELLED_RE.match(m) for m in texts) and _LABELLED_RE.match(text) is None:
        return True
    if len(texts) >= 2 and not joined[-1] and all(_LAB_VALUE_RE.match(m) for m in texts) and _LAB_VALUE_RE.match(text) is None:
        return True  # lab values meet a criterion of another kind
    if all(id(k) in heads for k in members[-_MEMBERS_SEEN:]):
        return not _is_heading_text(text)  # a series of headings meets an item that heads nothing
    first = word.lower()
    return first in _PERSON_OPENERS and all(m.split(None, 1)[0].lower() != first for m in texts)


# Words a sentence does not end with: "… biopsy showing:", "… except for:", "… eligible if they:", "If
# female the subject is:" stop mid-sentence, and the items after them finish it
_UNFINISHED_ENDS: Final = frozenset(
    {
        "showing", "shows", "demonstrating", "for", "they", "is", "be", "by", "to", "who", "that", "if", "when",
        "whether", "whose", "which", "having", "has", "was", "were", "been",
    }
)  # fmt: skip


# An item's number run into the line after a sentence end: "… obstruction. 14. History …"
_RUN_IN_NUMBER_RE: Final = re.compile(r"[.;][ \t]++([0-9]{1,3})\\?([.)])[ \t]++(?=[A-Z])")


# A lead-in whose members are alternatives ("at least one of:"): which lines are its members matters
_ALTERNATIVES_RE: Final = re.compile(r"\b(?:one|either|at\ least)\b", re.IGNORECASE | re.VERBOSE)


# how many siblings back a heading bullet looks for the others of its series
_SERIES_REACH: Final = 12


class _Builder(_PlainLines):
    """Folds the event stream into per-side trees: headers and marked items here, unmarked lines
    in ``_PlainLines``."""

    # -- events
    def header(self, ev: _Header) -> None:
        self.open = None
        if ev.side is None:
            self.headers.append(CriteriaHeader(collapse_ws(ev.words), self._span(ev.start, ev.end), None))
            return
        opens_side = self.side != ev.side
        self.side = ev.side
        self.seen_header = True
        self.items_since_header = False
        self.stack.clear()
        # "Exclusion Criteria for all groups" opens its side as the side's header, unless cohort
        # headers of that side follow ("… for All Parts" beside "… for Part C": two cohorts)
        if ev.cohort is None or (ev.every_group and opens_side and ev.side not in self.cohort_sides):
            self.headers.append(CriteriaHeader(collapse_ws(ev.words), self._span(ev.start, ev.end), ev.side))
            return
        words = (ev.words_start, ev.words_end) if ev.words_start >= 0 else (ev.start, ev.end)
        node = _Node(ev.start, None, [words], group=True, span_end=ev.end)
        self.nodes.append(node)
        self.roots[ev.side].append(node)
        self.stack.append(_Frame(node, -1, 0, "group", 1, "cohort"))

    def item(self, ev: _Item) -> None:
        """A marked item: find its parent (indentation, then the same-indent adoption rules), attach it;
        then the outer list's next item, where one was run into its line."""
        rest: _Item | None = ev
        while rest is not None:
            rest = self._place_item(rest)

    def _place_item(self, ev: _Item) -> _Item | None:
        if self._joins_the_item_before(ev):
            return None
        if self._is_note_item(ev):
            self._note(_Plain(ev.indent, ev.text_start, ev.text_end), ev.start)
            if self.note_is_guess:
                self.guessed_notes.append(self.notes[-1])
            return None
        parent, family = self._parent_for(ev)
        rest = self._outer_item_run_in(ev, parent)
        segments = [(ev.text_start, ev.text_end)] if ev.text_end > ev.text_start else []
        node = _Node(ev.start, ev.label, segments, False, ev.text_start)  # positional: once per item
        if ev.guess:
            self._guess(node)
        parent = self._within_depth(ev, parent)
        depth = parent.depth + 1 if parent is not None else 1
        if ev.label is not None:
            self._check_number(ev, family, parent)
        self._attach(node, parent)
        frame = _Frame(node, ev.indent, ev.content_col, family, depth)
        frame.resumes = self._numbering_resumes(ev)
        last = self.value[ev.text_end - 1] if segments else ""
        if last == ":" and self._numbers_leave_room(ev, node, parent):
            frame.adopt_same = True  # numbering continuity first: the bullets up to "3." are item 2's
        elif (last == ":" or last.isspace()) and (self._is_leadin_item(ev) or self._sentence_runs_on(ev)):
            frame.adopt_same = True  # its first look, inline: most items fail it
        elif last == ":" and self._heads_a_series(ev, parent):
            frame.adopt_same = frame.heads = True
            self.series_heads.add(id(node))
        elif last == ":" and self._heads_its_topic(ev):
            frame.adopt_same = True
            self.topic_heads[id(node)] = _topic_words(self.value[ev.text_start : ev.text_end])
        self.stack.append(frame)
        self.open = node
        self.items_since_header = True
        if isinstance(self.upcoming, _Item) and self._group_frame() is not None:
            self._split_glued_title(ev, node)
        return rest

    def _outer_item_run_in(self, ev: _Item, parent: _Frame | None) -> _Item | None:
        """ "8. Complete intestinal obstruction. 14. History of …" as the last sub-item of "13.": after
        a sentence end, the number that goes on from an open outer item of its style is that list's
        next item run into the line (numbering continuity); ``ev`` ends before it. The flattened
        splitter sees only the next numbered line, and after the last item there is none."""
        if parent is None or ev.label is None or not ev.family.startswith("num") or ev.text_end <= ev.text_start:
            return None
        outer = {f.node.label: f for f in self.stack if f.group is None and f.family.startswith("num") and f.node.label}
        for m in _RUN_IN_NUMBER_RE.finditer(self.value, ev.text_start, ev.text_end):
            frame = outer.get(str(int(m.group(1)) - 1))
            if frame is not None and frame.family == "num" + m.group(2):
                rest = _Item(frame.indent, m.start(1), m.end(), ev.text_end, m.group(1), frame.family, frame.content_col)
                rest.inline = True
                ev.text_end = m.start() + 1
                return rest
        return None

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

    def _split_glued_title(self, ev: _Item, node: _Node) -> None:
        """ "… within the last 5 years. Prior/Concomitant Therapy" among topic groups, with items
        after it: the next topic's title lost its line break; it heads the items that follow."""
        frame = self._group_frame()
        if frame is None or frame.group != "topic" or len(node.segments) != 1:
            return
        a, b = node.segments[0]
        cut = self.value.rfind(". ", a, b)
        if cut < 0:
            return
        words = self.value[cut + 2 : b].split()
        if len(words) == 1 and (len(words[0]) < 4 or words[0].lower() in _CONNECTORS):
            return  # "… treatment. Or": a connector, not a title
        if not 0 < len(words) <= 4 or not all(w[:1].isupper() and not w.isupper() for w in words) or words[-1][-1] in ".;,:)":
            return
        node.segments[0] = (a, cut + 1)
        start = cut + 2
        while self.value[start] in " \t":
            start += 1
        self._topic(_Plain(ev.indent, start, b))
        self._guess(self.stack[-1].node)  # the title cut off the line by a guess: or the end of that item

    def _numbering_resumes(self, ev: _Item) -> bool:
        """ "3." whose list goes on with "4." after items of another style: those are 3's sub-items
        (numbering continuity), though 3 has no colon and they stand at its indent."""
        after = self.next_same.get(id(ev))
        return (
            after is not None
            and ev.label is not None
            and _continues_numbering(ev.label, after.label)
            and not isinstance(self.upcoming, _Header)
            and self.upcoming is not after
        )

    def _is_note_item(self, ev: _Item) -> bool:
        """A marked line that is no criterion: "n.a.", "None" alone on its side (a placeholder, not a
        criterion "None"), or the list's lead-in written as its first item, right under the header,
        with its list at the same level after it."""
        value = self.value
        self.note_is_guess = False
        if ev.text_end - ev.text_start <= 16 and value[ev.text_start : ev.text_end].strip().lower() in _NO_CRITERIA:
            return not self.items_since_header and not isinstance(self.upcoming, _Item)
        if value.startswith(_CLOSING_FIRST_WORDS, ev.text_start) and _is_closing_remark(value[ev.text_start : ev.text_end]):
            nxt = self.upcoming  # "- Other exclusion criteria apply …" as the list's last bullet: a note too
            if isinstance(nxt, _Item) and nxt.indent > ev.indent:
                return False
            # cut from a flattened line, the remark's marker may be the list's own: an item too
            self.note_is_guess = ev.inline
            return True
        if self.items_since_header or not self.seen_header or value[ev.text_end - 1 : ev.text_end] != ":":
            return False
        nxt = self.upcoming
        leadin = (
            isinstance(nxt, _Item)
            and nxt.indent == ev.indent
            and nxt.family[:3] == ev.family[:3]
            and _LIST_LEADIN_RE.search(value, max(ev.text_start, ev.text_end - 60), ev.text_end) is not None
        )
        self.note_is_guess = leadin  # the list's lead-in, or its first criterion holding the rest
        return leadin

    def _parent_for(self, ev: _Item) -> tuple[_Frame | None, str]:
        """The open frame that takes ``ev`` as a child (popping the others), and ``ev``'s family.

        In the decision order: a group takes every item; a deeper indent nests; at the same
        indent, an item ending with ":" takes items of another marker style, and a lead-in
        ("… of the following:") takes its own style unless the numbering continues.
        """
        drifted = self._drifted_successor(ev)
        if drifted is not None:
            return drifted, ev.family
        family = ev.family
        outer = True  # a number after its predecessor at its indent continues that one, not an outer list
        while self.stack:
            top = self.stack[-1]
            if top.group is not None and ev.indent > top.indent:
                return top, family
            if ev.indent > top.indent:
                if outer and self._continued_below(ev, family):
                    continue  # numbering continuity: the item it continues is now on top
                if not top.node.children and family == top.family and _continues_numbering(top.node.label, ev.label):
                    # "4." under "3.", deeper: indentation nests it (render() writes a child so),
                    # but the numbering says sibling, and a reader cannot tell
                    self._guess(top.node)
                # nested by indentation: the same-indent adoption rules no longer apply to top,
                # except that a sub-list begun on top's own line ("a. Cardiac: i. …") goes on below it
                top.adopt_same = False
                top.adopt_family = family if ev.inline and family != top.family else ""
                return top, family
            if ev.indent == top.indent:
                if ev.label is not None and ev.label in _ROMAN_CHARS:
                    family = self._resolve_family(ev, top)
                if self._same_list_other_glyph(top, ev, family):
                    family = ev.family = top.family  # "•" then "*": one list, its glyph changed mid-way
                if family == top.family and self._restarted_sub_list(top, ev):
                    return top, family
                if family != top.family and self._takes_other_style(top, ev, family):
                    top.adopt_family = family
                    return top, family
                if family == top.family and self._adopts_own_style(top, ev):
                    return top, family
            elif self._sub_item_drifted_left(ev, family, top):
                top.adopt_family = family
                return top, family
            elif family == top.family and self._restarted_sub_list(top, ev, drifted=True):
                return top, family
            self.stack.pop()
            if top.indent == ev.indent and top.family == family and _continues_numbering(top.node.label, ev.label):
                outer = False
        return None, family

    def _same_list_other_glyph(self, top: _Frame, ev: _Item, family: str) -> bool:
        """A bullet of another glyph right after a bullet leaf at its indent ("• New York Heart …;"
        then "* Myocardial infarction …"): pasted and typed bullets mixed in one list. A change of
        glyph heads a level only after an item ending with ":" (it takes the other style), or
        where the glyph is that of an open item at this indent (the outer list returning)."""
        if not (family.startswith("bullet") and top.family.startswith("bullet")) or family == top.family:
            return False
        if top.node.children or top.node.ends_with_colon(self.value):
            return False
        return not any(f.indent == ev.indent and f.family == family for f in self.stack)

    def _restarted_sub_list(self, top: _Frame, ev: _Item, *, drifted: bool = False) -> bool:
        """ "9. Adequate organ function:" then "1. Hematologic …" at its indent (or left of it, the
        registry's drifting markdown): numbering continuity says a new list starts, and after a
        colon it is the item's sub-list; it goes on while its own numbers do ("2.", "3."), and the
        outer list's "10." returns to the outer level."""
        label = ev.label
        node = top.node
        if label is None or not label.isdigit() or top.group is not None or node.label is None or not node.label.isdigit():
            return False
        kids = node.children
        if not kids:
            if label != "1" or node.label == "1" or not node.ends_with_colon(self.value):
                return False
            below = self.stack[-2] if len(self.stack) > 1 else None
            return not drifted or below is None or below.group is not None or below.indent < ev.indent
        if kids[0].label != "1" or _continues_numbering(node.label, label):
            return False
        last = kids[-1].start  # the sub-list read so: its items stand where this one does
        return _continues_numbering(kids[-1].label, label) and last - self.value.rfind("\n", 0, last) - 1 == ev.indent

    def _drifted_successor(self, ev: _Item) -> _Frame | None:
        """The parent of "(ii)" written left of its "(i)" (after a blank line, at the lead-in's
        column): i's, by numbering continuity, when no open item at its indent has its style.
        Letters and roman numerals only: a number left of its predecessor may continue an outer list."""
        if not self.stack or ev.label is None or ev.label.isdigit() or len(self.stack) < 2:
            return None
        top, below = self.stack[-1], self.stack[-2]
        if top.group is not None or ev.indent >= top.indent or top.node.label is None or below.indent > ev.indent:
            return None
        if ev.family != top.family or _next_label(top.node.label, ev.family) != ev.label:
            return None
        if any(f.indent == ev.indent and f.family == ev.family for f in self.stack):
            return None
        self.stack.pop()
        below.adopt_family = ev.family  # and the rest of the run at this indent ("iii.", "iv.")
        return below

    def _takes_other_style(self, top: _Frame, ev: _Item, family: str) -> bool:
        """At the same indent, items of another style are the children of an item ending with ":",
        or of "3." whose "4." follows them (unless the item ends with ":", and may head the "4.")."""
        if ev.parent_label is not None and ev.parent_label == top.node.label:
            return True  # "5a." after "5.": its label names its parent
        if top.adopt_family not in (None, family) or ev.start >= self.numbered_after.get(id(top.node), ev.start + 1):
            return False  # the numbers surfacing after a bullet lead-in's members are the list's own
        if top.node.ends_with_colon(self.value) or self._outline_rank_above(top, ev, family):
            return True
        return top.resumes and self.value[ev.text_end - 1 : ev.text_end] != ":"

    @staticmethod
    def _outline_rank_above(top: _Frame, ev: _Item, family: str) -> bool:
        """ "A)" then a numbered list starting at "1." at its indent: the outline's order of styles
        (I. > A. > 1.) makes the numbers the letter's sub-items; they go on while the numbers do."""
        if not family.startswith("num") or top.family[:5] not in {"ALPHA", "ROMAN"} or top.node.label is None:
            return False
        return top.adopt_family == family or ev.label == "1"

    def _sub_item_drifted_left(self, ev: _Item, family: str, top: _Frame) -> bool:
        """Items of another style between "5." and "6.", less indented than 5 (the registry's
        drifting markdown): 5's sub-items still, since the numbering resumes after them.

        Not when the item ends with ":": it may head the items after it, as render writes them.
        """
        if not top.resumes or family == top.family or top.adopt_family not in (None, family):
            return False
        if self.value[ev.text_end - 1 : ev.text_end] == ":":
            return False
        below = self.stack[-2] if len(self.stack) > 1 else None
        return below is None or below.group is not None or below.indent < ev.indent

    def _continued_below(self, ev: _Item, family: str) -> bool:
        """A deeper "N." that continues an open "N-1." of its style is that item's sibling: pop to it.

        The registry's markdown drifts its numbers right ("* 1\\." then "  2\\." then "    4\\."
        after a sub-list); numbering continuity outranks indentation. Not under an item ending
        with ":" that has no children yet (a lead-in takes what is indented under it, as
        ``render()`` writes children).
        """
        top = self.stack[-1].node
        if ev.label is None or not ev.label.isdigit() or (not top.children and top.ends_with_colon(self.value)):
            return False
        for i in range(len(self.stack) - 1, -1, -1):
            frame = self.stack[i]
            if frame.group is not None or frame.indent > ev.indent:
                return False
            if frame.family[:3] == family[:3] and _continues_numbering(frame.node.label, ev.label):
                del self.stack[i:]  # "5." then, indented, "6)": one list, its delimiter changed
                return True
        return False

    def _adopts_own_style(self, top: _Frame, ev: _Item) -> bool:
        """The legacy layout: a lead-in takes the same-level items of its own style that follow.

        Where the run it takes grows long, or a lead-in without its colon ("… of the following")
        is followed by its own style, either reading stays plausible: the item is reported.
        """
        if not top.adopt_same:
            if not top.adopted and not top.node.children and top.node.segments and self._kept_flat_by_guess(top.node, ev):
                self._guess(top.node)  # kept flat: "… of the following" without its colon, "Renal:" then bullets
            top.adopted = -1
            return False
        if top.adopt_family or self._is_leadin_item(ev):
            return False
        if self._next_heading(top, ev):
            if top.node.guess and top.adopted >= _MANY_ADOPTED:
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
        if top.adopted > 0 and (ends or self._punctuation_returns(top, ev)):
            if top.node.guess and top.adopted >= _MANY_ADOPTED:
                top.node.guess = False  # a cue closed the long run: where its members end is settled
                del self.guessed[top.node]
            top.adopt_same = False
            top.adopted = -1
            return False
        top.adopted += 1
        if top.adopted == _MANY_ADOPTED:
            self._guess(top.node)
        return True

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
        return bool(words) and not words.isdisjoint(_topic_words(self.value[nxt.text_start : nxt.text_end]))

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
        return not any(k.segments and self.value[k.segments[-1][1] - 1] == ";" for k in top.node.children[-_MEMBERS_SEEN:])

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

    def _within_depth(self, ev: _Item, parent: _Frame | None) -> _Frame | None:
        """``parent``, or the deepest open frame that keeps ``ev`` within ``MAX_DEPTH`` (with a warning)."""
        if parent is None or parent.depth < MAX_DEPTH:
            return parent
        while parent is not None and parent.depth >= MAX_DEPTH:
            self.stack.pop()
            parent = self.stack[-1] if self.stack else None
        self.issues.append(
            Issue(
                "criteria.too_deep",
                f"criteria nested deeper than {MAX_DEPTH} levels; deeper items are kept at level {MAX_DEPTH}",
                Severity.WARNING,
                self._span(ev.start, ev.text_end),
            )
        )
        return parent

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
        if not text.endswith(":"):
            return False
        # an aside before the colon is no part of the phrase ("Tumor-specific criteria (Expansion phase):",
        # "… must meet the following criteria (no blood transfusion … within 14 days) :")
        head = _ASIDE_RE.sub("", text[-240:-1]).rstrip()
        return _LEADIN_COLON_RE().search(text[-40:]) is not None or _LEADIN_COLON_RE().search(head[-40:] + ":") is not None

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

    def feed(self, events: list[_Event]) -> None:
        upcoming: _Event = None  # the next line's event after ev, blanks skipped
        next_of_family: dict[str, _Item] = {}
        next_item: _Item | None = None
        for i in range(len(events) - 1, -1, -1):  # each event's successors, found in one backward pass
            ev = events[i]
            if ev is not None:
                self.following[id(ev)] = upcoming
                upcoming = ev
            if isinstance(ev, _Plain) and next_item is not None:
                self.next_item[id(ev)] = next_item
            if isinstance(ev, _Item):
                after = next_of_family.get(ev.family)
                if after is not None:
                    self.next_same[id(ev)] = after
                if self.value[ev.text_end - 1 : ev.text_end] in (":", "："):
                    next_of_family.clear()  # a lead-in heads what follows it: no list resumes across it
                next_of_family[ev.family] = ev
                next_item = ev
            elif isinstance(ev, _Header):
                next_of_family.clear()
                next_item = None
        self.headerless = not any(isinstance(ev, (_Header, _Item)) for ev in events)
        self.cohort_sides = {ev.side for ev in events if isinstance(ev, _Header) and ev.cohort and not ev.every_group}
        for ev in events:
            if ev is None:
                self.prev_blank = True
                continue
            self.upcoming = self.following.get(id(ev))
            if isinstance(ev, _Header):
                self.header(ev)
            elif isinstance(ev, _Item):
                self.item(ev)
            else:
                self.plain(ev)
            self.prev_blank = False

    # -- output
    def build(self, start: int, end: int) -> tuple[Criteria, Issues]:
        """The criteria and the issues: early items joined to inclusion, every node frozen."""
        issues = self.issues
        for side in ("inclusion", "exclusion"):
            self.roots[side] = _unwrapped(self.value, self.roots[side])
            _staircases_flattened(self.value, self.roots[side])
        inclusion = self.roots["inclusion"]
        if self.early_items:
            issues.append(self._early_items_issue(start))
            inclusion = self.early_items + inclusion
        issues.extend(_freeze_all(self.value, self._span, self.nodes, self.read_constraints))
        issues.extend(
            Issue(
                "criteria.ambiguous_structure",
                "the nesting under this item is a guess: its items may also read as its siblings",
                Severity.INFO,
                node.frozen.span,
            )
            for node in self.guessed
            if node.frozen is not None
        )
        issues.extend(
            Issue(
                "criteria.ambiguous_structure",
                "read as a note (a lead-in or heading); it may also read as a criterion or group holding the items after it",
                Severity.INFO,
                self._span(n.start, n.segments[-1][1]),
            )
            for n in self.guessed_notes
        )
        notes = [n for n in self.notes if n.segments]
        criteria = Criteria(
            inclusion=tuple(n.frozen for n in inclusion if n.frozen is not None),
            exclusion=tuple(n.frozen for n in self.roots["exclusion"] if n.frozen is not None),
            notes=tuple(clean_inline(n.text(self.value)) for n in notes),
            note_spans=tuple(self._span(min(n.start, n.segments[0][0]), n.segments[-1][1]) for n in notes),
            headers=tuple(self.headers),
        )
        return criteria, tuple(issues)

    def _early_items_issue(self, start: int) -> Issue:
        if self.seen_header:
            first = self.early_items[0]
            return Issue(
                "criteria.items_before_header",
                "items before the first inclusion/exclusion header were read as inclusion criteria",
                Severity.INFO,
                self._span(first.start, first.start),
            )
        return Issue(
            "criteria.no_header",
            "no inclusion/exclusion header found; every item was read as an inclusion criterion",
            Severity.INFO,
            self._span(start, start),
        )
