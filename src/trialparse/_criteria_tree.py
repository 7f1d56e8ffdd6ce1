"""Criteria reading, part 3: fold the line events into per-side trees of criteria.

Headers and marked items are placed here (indentation, marker style, numbering continuity); the
members a lead-in takes by ``_criteria_leadins``; unmarked lines by ``_criteria_plain``.
"""

from __future__ import annotations

import re
from typing import Final

from trialparse._criteria_leadins import _SERIES_LOOKAHEAD, _LeadIns
from trialparse._criteria_lines import (
    _CLOSING_FIRST_WORDS,
    _LIST_LEADIN_RE,
    _ROMAN_CHARS,
    _Event,
    _Header,
    _is_closing_remark,
    _Item,
    _next_label,
    _Plain,
)
from trialparse._criteria_members import _topic_words
from trialparse._criteria_nodes import (
    _continues_numbering,
    _Frame,
    _freeze_all,
    _Node,
    _staircases_flattened,
    _unwrapped,
)
from trialparse._criteria_pieces import _CONNECTORS
from trialparse.model import Criteria, CriteriaHeader, Issue, Severity
from trialparse.text import clean_inline, collapse_ws
from trialparse.vocabulary import NO_CRITERIA as _NO_CRITERIA
from trialparse.vocabulary import population_words

_UNIT_WORDS: Final = population_words("study_unit", "other_population")  # a heading naming whom its list is for

Issues = tuple[Issue, ...]
MAX_DEPTH: Final = 32


# Why a list restarting at 1 beside a lettered item holding sub-items is reported
_RESTART_GUESS: Final = (
    "a list restarting at 1 beside a lettered item: it may also read as the sub-list of that item's last sub-item"
)

# An item's number run into the line after a sentence end: "… obstruction. 14. History …"
_RUN_IN_NUMBER_RE: Final = re.compile(r"[.;][ \t]++([0-9]{1,3})\\?([.)])[ \t]++(?=[A-Z])")


class _Builder(_LeadIns):
    """Folds the event stream into per-side trees: headers and marked items here, unmarked lines
    in ``_PlainLines``, a lead-in's members in ``_LeadIns``."""

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
        if self.stack and id(self.stack[-1].node) in self.connector_pieces:
            self.stack.pop()  # "* or" is a piece of an item's text, no parent: items go where they would without it
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
        if parent is not None and len(parent.node.children) == 1 and self._numbering_runs_across(parent, ev):
            self._guess(parent.node)  # the numbers run on across its heading: it holds them, or it is a title between them
        elif parent is not None and self._restarts_beside_letters(parent, ev):
            self._guess(node, _RESTART_GUESS)
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
        elif ev.label is None and self._sentence_leads_in(ev) and not self._misses_its_list(ev):
            frame.adopt_same = True  # bullets only: a label's next one says sibling (numbering continuity first)
            if not self._names_the_following(ev):
                self.weak_runs[node] = 0  # where its members end is told by weak cues only
        self.stack.append(frame)
        self.open = node
        self.items_since_header = True
        if isinstance(self.upcoming, _Item) and self._group_frame() is not None:
            self._split_glued_title(ev, node)
        return rest

    @staticmethod
    def _restarts_beside_letters(parent: _Frame, ev: _Item) -> bool:
        """ "a. Cardiac disorders: i. … ii. … iii. Stroke …" then "1. … are allowed" "2. GI
        disorders:" at a's indent: numbers restarting beside a lettered item that holds sub-items
        fit no outline order (1. > a. > i.); the numbering puts them beside it, the words may put
        "1." under "iii." (an exception to it). Only this shape: a capital letter takes the
        numbers as its own (``_outline_rank_above``)."""
        kids = parent.node.children
        if ev.label != "1" or len(kids) < 2:
            return False
        before = kids[-2]
        return before.label is not None and before.label.isalpha() and before.label.islower() and bool(before.children)

    def _numbering_runs_across(self, parent: _Frame, ev: _Item) -> bool:
        """ "Cohort 1:" "1." … "3.", then "Cohort 2:" "4.": the first item under a heading (a topic,
        a bullet) continues the numbers of the items under the heading before it."""
        if ev.label is None or not ev.label.isdigit() or ev.label == "1" or parent.group == "cohort":
            return False  # a header naming its criteria ("Post-operative inclusion criteria:") plainly holds them
        at = self.stack.index(parent)
        siblings = self.stack[at - 1].node.children if at > 0 else self._side_items()
        k = next((i for i in range(len(siblings) - 1, -1, -1) if siblings[i] is parent.node), -1)
        if k < 1 or not siblings[k - 1].children or self._capitals_topics(siblings[k - 1], parent.node):
            return False
        return _continues_numbering(siblings[k - 1].children[-1].label, ev.label)

    def _capitals_topics(self, before: _Node, heading: _Node) -> bool:
        """ "DEMOGRAPHICS" "1." "2." "MEDICAL HISTORY" "3.": topics in capitals over one list whose
        numbers run on across them are a plain layout, not a guess; a unit's heading ("COHORT 2")
        may hold its own list, so the numbers running on stay a question there."""
        words = [n.text(self.value).rstrip(":").split() for n in (before, heading)]
        return all(
            w and " ".join(w).isupper() and w[0].lower() not in _UNIT_WORDS and not any(c.isdigit() for c in "".join(w))
            for w in words
        )

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
            elif self._sub_list_of_run_in(top, ev, family) or self._sub_item_drifted_left(ev, family, top):
                top.adopt_family = family  # its sub-items, left of its column
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
        if kids[0].label != "1":
            return False
        if _continues_numbering(node.label, label) and not self._label_repeats(ev):
            return False  # the outer list's next number, unless that number is still to come
        last = kids[-1].start  # the sub-list read so: its items stand where this one does
        return _continues_numbering(kids[-1].label, label) and last - self.value.rfind("\n", 0, last) - 1 == ev.indent

    def _sub_list_of_run_in(self, top: _Frame, ev: _Item, family: str) -> bool:
        """ "a. Attacks: i. Pain … ii. Headache with one of the following:" then, on the next line,
        "1." left of ii's column: a sub-item run into its line's text that ends with ":" takes the
        numbered list restarting under it (as "9. …:" does at its indent), while the list's numbers
        go on. A numbered run-in item meets its list at its own indent (``_restarted_sub_list``)."""
        node = top.node
        if top.group is not None or ev.label is None or not ev.label.isdigit() or family == top.family:
            return False
        if not self.value[self.value.rfind("\n", 0, node.start) + 1 : node.start].strip():
            return False  # an item opening its line: indentation places what comes after it
        kids = node.children
        if not kids:
            return ev.label == "1" and node.ends_with_colon(self.value)
        if kids[0].label != "1" or not _continues_numbering(kids[-1].label, ev.label):
            return False
        last = kids[-1].start
        return last - self.value.rfind("\n", 0, last) - 1 == ev.indent

    def _label_repeats(self, ev: _Item) -> bool:
        """ "2. Adequate function:", "1. Hb", "2. ANC", "3. Creatinine", "3. ECOG": a later item of
        ``ev``'s style at its indent carries its label again, so this one is the sub-list's
        (the outer list's "3." is the later one)."""
        nxt = self.following.get(id(ev))
        for _ in range(_SERIES_LOOKAHEAD):  # a bound: a hostile side may hold thousands of items
            if not isinstance(nxt, (_Item, _Plain)) or (isinstance(nxt, _Item) and nxt.indent < ev.indent):
                return False
            if isinstance(nxt, _Item) and nxt.indent == ev.indent and nxt.family == ev.family:
                if nxt.label == "1":
                    return False  # another sub-list restarts: the labels after it are its own
                if nxt.label == ev.label:
                    return True
            nxt = self.following.get(id(nxt))
        return False

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
        self._weigh_weak_runs()
        self._settle_whole_side_runs()
        for side in ("inclusion", "exclusion"):
            self.roots[side] = _unwrapped(self.value, self.roots[side])
            _staircases_flattened(self.value, self.roots[side])
        inclusion = self.roots["inclusion"]
        if self.early_items:
            issues.append(self._early_items_issue(start))
            inclusion = self.early_items + inclusion
        issues.extend(_freeze_all(self.value, self._span, self.nodes, self.read_constraints))
        issues.extend(
            Issue("criteria.ambiguous_structure", why, Severity.INFO, node.frozen.span)
            for node, why in self.guessed.items()
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
