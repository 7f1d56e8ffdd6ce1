"""Criteria reading, part 3b: the unmarked lines that go on with an item above.

A paragraph after a blank line that continues an open item (numbering continuity, the item's text
column, lower case, a remark or the definition of a term it names), a piece of an item's own text
after its children, and a connector bullet ("* Or") that ends the item above: decided here, where
the line stands, before ``_criteria_plain`` reads what its words look like.
"""

from __future__ import annotations

import re
from typing import Final

from trialparse._criteria_lines import (
    _CLAUSE_CUT_RE,
    _LEADIN_COLON_RE,
    _Item,
    _looks_like_heading,
    _next_label,
    _Plain,
)
from trialparse._criteria_nodes import (
    _continues_numbering,
    _Frame,
    _Node,
)
from trialparse._criteria_state import _TEXT_GUESS, _TreeState
from trialparse.vocabulary import CONNECTOR_WORDS

# Words that join two items rather than head them ("OR", "EXCEPT" between two numbers)
_CONNECTORS: Final = CONNECTOR_WORDS


# How a paragraph that defines a term of the item above may open: "Definition of X: …"
_DEFINITION_RE: Final = re.compile(r"^(?:definitions?|meaning)\ of\ |^defin(?:ed|ition)\ ", re.IGNORECASE | re.VERBOSE)


# A paragraph opening as a remark: "Note: …", "[Note: …]", "(NOTE - …)"
_NOTE_OPENING_RE: Final = re.compile(r"[\\\[(]{0,3}+notes?[ \t]*+[:\-]", re.IGNORECASE)


# A phrase longer than this is no completion of a lead-in's words: a member, or a criterion
_ONE_PHRASE_MAX: Final = 300


def _is_one_phrase(text: str) -> bool:
    """One phrase, no list run together: no ";", fewer than two commas outside parentheses
    ("… including respiratory, cardiac or tumor-related conditions"), no lead-in or remark of its own.

    >>> _is_one_phrase("Severe systemic diseases including respiratory, cardiac or renal conditions")
    True
    >>> _is_one_phrase("informed consent, the collection of endpoints, the use of analgesia.")
    False
    """
    if not text or len(text) > _ONE_PHRASE_MAX or text[-1] in ":：" or ";" in text or _NOTE_OPENING_RE.match(text):
        return False
    depth = commas = 0
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(depth - 1, 0)
        elif ch == "," and not depth:
            commas += 1
    return commas < 2


# A number that lost its marker's punctuation or took a comma: "3, first study drug …"
_LOST_NUMBER_RE: Final = re.compile(r"([0-9]{1,2})[,.]?[ \t]")

# A paragraph opening with a stray mark where its marker was: ". Thyroid disorders."
_STRAY_MARK_RE: Final = re.compile(r"[.,;)][ \t]++[A-Z]")

# A paragraph opening with a sub-number of its item: "10.1 Any cell-depleting agents …"
_SUB_NUMBER_RE: Final = re.compile(r"[0-9]{1,2}\.[0-9]{1,2}[ \t]")


def _is_connector(text: str) -> bool:
    """A paragraph holding only a connector ("OR", "and/or")."""
    return text.strip().rstrip(".,;:").lower() in _CONNECTORS


class _Continuations(_TreeState):
    """The rules for unmarked lines that go on with an item above: wrapped paragraphs, remarks, pieces."""

    def _continues_after_blank(self, ev: _Plain, text: str) -> bool:
        """After a blank line, a paragraph that goes on with an item above: between "i." and "ii."
        (numbering continuity), at an open item's text column, or in lower case under a leaf item."""
        node = self.open
        run = self._inside_run(ev, text) if node is not None else 0
        if node is not None and run:
            # more of the item above, or a remark when it does not stand at the item's text column
            left = ev.indent < self.stack[-1].content_col and not self._run_in(node)
            if run == 1 and (left or self._leadin_paragraphs(node, ev)):
                self._guess(node)
            elif run == 2 and _is_connector(text):
                self._guess(node, _TEXT_GUESS)  # "OR" between two outer items: it links them, or ends this sub-item
            node.segments.append((ev.start, ev.end))
            return True
        if self._remarks_on_leaf(ev, text) or self._continue_at_column(ev) or self._resumes_after_sub_list(ev, text):
            return True
        if node is not None and self._continues_in_lower_case(text):
            node.segments.append((ev.start, ev.end))
            return True
        if node is not None and self._defines_a_term_of(node, text):
            self._guess(node)  # or a criterion of its own between the items
            node.segments.append((ev.start, ev.end))
            return True
        return False

    def _joins_the_item_before(self, ev: _Item) -> bool:
        """A bullet holding only a connector ("* Or" between options 1 and 2): no item, the end of
        the item it stands under or after, whose text goes on with it (as an unmarked "OR" line
        ends the item above it)."""
        if ev.label is not None or ev.inline or ev.text_end - ev.text_start > 8:
            return False
        if self.value[ev.text_start : ev.text_end].strip().rstrip(".,;:").lower() not in _CONNECTORS:
            return False
        for i in range(len(self.stack) - 1, -1, -1):
            frame = self.stack[i]
            if frame.group is not None:
                return False
            if frame.indent <= ev.indent and not frame.node.tail:  # "* Or" "* Or": both end the item
                # "* One of:", "  * Stage III", "* or", "  * Stage IV": the option before it goes on
                at = i + 1 if self._between_sub_items(i, ev) else i
                del self.stack[at + 1 :]
                self._tail_piece(self.stack[at], ev.start, (ev.text_start, ev.text_end), ev.indent)
                self.connector_pieces.add(id(self.stack[-1].node))
                return True
        return False

    def _between_sub_items(self, i: int, ev: _Item) -> bool:
        """A connector bullet back at the indent of ``self.stack[i]``'s item, between two of its
        sub-items (the next line is one more, deeper than the connector): it joins the option
        before it, as a connector under that option does."""
        if i + 1 >= len(self.stack) or self.stack[i + 1].group is not None:
            return False
        kids = self.stack[i].node.children
        if not kids or self.stack[i + 1].node is not kids[-1] or kids[-1].marker_end < 0:
            return False
        nxt = self.upcoming
        return isinstance(nxt, _Item) and nxt.indent > ev.indent

    def _left_of_sub_list(self, last: _Frame, ev: _Plain) -> bool:
        """Paragraphs left of an open sub-item, with the outer list going on after them: items of
        their own, or more of the item holding the sub-list (its text after its children)."""
        after = self.next_item.get(id(ev))
        return (
            isinstance(self.upcoming, _Plain)
            and last.indent > ev.indent
            and after is not None
            and after.indent <= ev.indent
            and self.value[ev.end - 1] not in ":："
        )

    def _clause_cuts(self, ev: _Plain) -> list[int]:
        """Where a paragraph runs criteria together: "; " before a capital, outside parentheses."""
        value = self.value
        cuts: list[int] = []
        depth = 0  # "(" minus ")" before the cut: nothing inside parentheses is cut
        counted = ev.start
        for m in _CLAUSE_CUT_RE.finditer(value, ev.start, ev.end):
            depth += value.count("(", counted, m.start()) - value.count(")", counted, m.start())
            counted = m.start()
            if depth <= 0:
                cuts.append(m.start() + 1)
        return cuts

    def _resumes_after_sub_list(self, ev: _Plain, text: str) -> bool:
        """A paragraph that opens with a connector or in lower case ("AND not a candidate for …"),
        at the marker column of an open item whose sub-list it follows: that item's sentence goes
        on, a piece of its text after its children. Reported: the connector may also join the
        last sub-item it follows."""
        words = text.split(None, 1)
        if len(words) < 2 or not (text[0].islower() or words[0].lower() in _CONNECTORS):
            return False
        for i in range(len(self.stack) - 1, -1, -1):
            frame = self.stack[i]
            if frame.group is not None or frame.indent < ev.indent:
                return False
            if frame.indent == ev.indent:
                kids = frame.node.children
                if frame.family == "plain" or not kids or kids[-1].marker_end < 0:
                    return False
                del self.stack[i + 1 :]
                self._guess(frame.node)
                self._tail_piece(frame, ev.start, (ev.start, ev.end), ev.indent)
                return True
        return False

    def _remarks_on_leaf(self, ev: _Plain, text: str) -> bool:
        """An indented "Note: …" ("[Note: …]") paragraph at the marker column of a marked leaf
        sub-item, or deeper: a remark qualifying that item, part of its text."""
        node = self.open
        if node is None or node.children or node.group or node.marker_end < 0 or not self.stack:
            return False
        frame = self.stack[-1]
        if frame.node is not node or ev.indent == 0 or ev.indent < frame.indent or _NOTE_OPENING_RE.match(text) is None:
            return False
        node.segments.append((ev.start, ev.end))
        return True

    def _run_in(self, node: _Node) -> bool:
        """The item's marker is run into a line after other text ("b. Cohort: i. Group 1 …"): its
        text column says nothing of where the paragraphs below it stand."""
        line = self.value.rfind("\n", 0, node.start) + 1
        return not self.value[line : node.start].isspace() and line < node.start

    def _defines_a_term_of(self, node: _Node, text: str) -> bool:
        """ "Definition of erectile dysfunction: …", "Hyperprolactinemia: …" after a leaf item that
        names the term ("… such as hyperprolactinemia"): a definition, part of that item."""
        colon = text.find(":", 0, 80)
        if colon < 4 or colon >= len(text.rstrip()) - 1 or node.children or node.group or node.marker_end < 0:
            return False
        if not node.segments:
            return False  # an empty item ("*" alone) names no term
        if not self.stack or self.stack[-1].node is not node:
            return False
        term = _DEFINITION_RE.sub("", text[:colon]).strip().lower()
        if len(term) < 4 or len(term.split()) > 4:
            return False
        a, b = node.segments[0]  # the item's own line names the term
        return term in self.value[a : min(b, a + 2000)].lower()

    def _continue_at_column(self, ev: _Plain) -> bool:
        """After a blank line, a paragraph at an open item's text column continues that item."""
        for i in range(len(self.stack) - 1, -1, -1):
            frame = self.stack[i]
            if frame.group is None and frame.content_col > 0 and ev.indent >= frame.content_col:
                if frame.family == "plain" and ev.indent == frame.indent and (frame.node.children or self._is_member(i)):
                    continue  # at the column of a paragraph with items of its own, or of a member: its sibling
                if self._remarks_on_the_item_before(i, ev):
                    return True
                del self.stack[i + 1 :]
                members = self._paragraph_members(frame, ev)
                if frame.node.children or members:
                    # back to the item after its children: more of its own text, a piece of
                    # its own (``Criterion.more_spans``), so that no span stretches over the
                    # children; or the first of a lead-in's paragraphs, one member each
                    # ("… including:" then a paragraph per condition)
                    if members:
                        self._guess(frame.node)  # or all of them its text
                        self.member_leads.add(id(frame.node))
                    node = _Node(ev.start, None, [(ev.start, ev.end)])
                    # after a marked sub-list; after paragraph children it is one more of them,
                    # and one opening with a number is an item that lost its marker ("5 Adequate …")
                    after_items = not members and frame.node.children[-1].marker_end >= 0
                    node.tail = after_items and _LOST_NUMBER_RE.match(self.value, ev.start) is None
                    self.nodes.append(node)
                    frame.node.children.append(node)
                    self.stack.append(_Frame(node, ev.indent, ev.indent, "plain", frame.depth + 1))
                    self.open = node
                    return True
                if self._leadin_paragraphs(frame.node, ev):
                    self._guess(frame.node)
                elif self._may_be_member(frame, ev):
                    self._guess(frame.node)  # its text (example 13), or its member
                elif _STRAY_MARK_RE.match(self.value, ev.start, ev.end) is not None:
                    self._guess(frame.node, _TEXT_GUESS)  # a stray mark where a marker was: more of its text, or an item
                frame.node.segments.append((ev.start, ev.end))
                self.open = frame.node
                return True
        return False

    def _may_be_member(self, frame: _Frame, ev: _Plain) -> bool:
        """The first paragraph under an item that ends with ":" ("1. Cohort 1:", "… defined as:"):
        read as its text, though it may be its one member; not a remark ("Note: …"), nor a line
        whose own marker or sub-number ("--Craniospinal …", "10.1 Any …") makes it a member."""
        node = frame.node
        if frame.family == "plain" or len(node.segments) != 1 or not node.ends_with_colon(self.value):
            return False
        if self.value.startswith(("Note", "NOTE", "-", "*", "•"), ev.start):
            return False
        return _SUB_NUMBER_RE.match(self.value, ev.start) is None

    def _remarks_on_the_item_before(self, i: int, ev: _Plain) -> bool:
        """A paragraph at the column of a sub-list's markers, with the sub-list going on after it
        ("* Uncontrolled pain. …", blank, "Asymptomatic lesions …", "* Pleural effusion"): it goes
        on with the item before it, a leaf (reported: or with the item holding the sub-list)."""
        if i + 1 >= len(self.stack):
            return False
        child = self.stack[i + 1]
        nxt = self.upcoming
        if child.group is not None or child.node.children or child.indent != ev.indent or child.family == "plain":
            return False
        if not isinstance(nxt, _Item) or nxt.indent != child.indent or nxt.family != child.family:
            return False
        if self.value[ev.end - 1] in ":：":
            return False  # "None of the following alleles:": it leads in to the bullets after it
        del self.stack[i + 2 :]
        self._guess(child.node)
        child.node.segments.append((ev.start, ev.end))
        self.open = child.node
        return True

    def _is_member(self, i: int) -> bool:
        """The paragraph frame at ``stack[i]`` is one of its lead-in's paragraph members."""
        return i > 0 and id(self.stack[i - 1].node) in self.member_leads

    def _paragraph_members(self, frame: _Frame, ev: _Plain) -> bool:
        """A lead-in item ("… including:") with no text or children below it yet, followed by
        this paragraph and another at the same column: each paragraph is one of its members."""
        node = frame.node
        nxt = self.upcoming
        return (
            not node.children
            and len(node.segments) == 1
            and frame.family != "plain"
            and self._is_leadin_line(node.segments[0])
            and isinstance(nxt, _Plain)
            and nxt.indent == ev.indent
            and self.value[ev.start].isupper()
            and self.value[nxt.start].isupper()
        )

    def _inside_run(self, ev: _Plain, text: str) -> int:
        """Whether the paragraph sits inside a numbered run below a marked leaf item: 1 when the
        next line's item continues the leaf's own numbering ("i." … "ii."), 2 when the next item
        continues an outer list whose item holds the leaf ("ii." … paragraphs … "9." after "8."),
        0 otherwise. Headings ("Non-asthmatic participants", "… (HD):") and "Note: …" are not."""
        if text.endswith(":") or text.startswith(("Note", "NOTE")) or _looks_like_heading(text):
            return 0
        node = self.open
        if node is None or node.children or node.group or node.label is None or not self.stack or self.stack[-1].node is not node:
            return 0
        nxt = self.upcoming
        family = self.stack[-1].family
        same_style = isinstance(nxt, _Item) and nxt.label is not None and nxt.family[:5].lower() == family[:5].lower()
        if same_style and isinstance(nxt, _Item) and _next_label(node.label, family) == nxt.label:
            return 1
        after = self.next_item.get(id(ev))
        if after is None or after.label is None or not after.label.isdigit():
            return 0
        outer = any(
            f.group is None
            and f.indent == after.indent < ev.indent
            and f.family == after.family
            and _continues_numbering(f.node.label, after.label)
            for f in self.stack[:-1]
        )
        return 2 if outer else 0

    def _leadin_paragraphs(self, node: _Node, ev: _Plain) -> bool:
        """ "… including:" then paragraphs, each a sentence (this one its second): its text, or its sub-items."""
        segments = node.segments
        return len(segments) >= 2 and self.value[ev.start].isupper() and self._is_leadin_line(segments[0])

    def _is_leadin_line(self, segment: tuple[int, int]) -> bool:
        a, b = segment
        return self.value[b - 1] == ":" and _LEADIN_COLON_RE().search(self.value, max(a, b - 40), b) is not None

    def _continues_in_lower_case(self, text: str) -> bool:
        """After a blank line, a paragraph that starts in lower case ("because of contrast allergy …")
        under a marked item without children: the item's text goes on (a line broken in two)."""
        node = self.open
        return (
            text[:1].islower()
            and node is not None
            and not node.children
            and not node.group
            and node.marker_end >= 0
            and not node.ends_with_colon(self.value)  # a lead-in takes the paragraph as its child
            and bool(self.stack)
            and self.stack[-1].node is node
        )
