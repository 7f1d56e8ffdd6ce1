"""Criteria reading, part 3: fold the line events into per-side trees of criteria."""

from __future__ import annotations

from typing import Final

from trialparse._criteria_lines import (
    _BARE_NUMBER_RE,
    _CLAUSE_CUT_RE,
    _CLOSING_FIRST_WORDS,
    _LEADIN_COLON_RE,
    _LEADIN_SENTENCE_RE,
    _LIST_LEADIN_RE,
    _NO_CRITERIA,
    _ROMAN_CHARS,
    _ends_with_leadin,
    _Event,
    _Header,
    _is_closing_remark,
    _is_population_heading,
    _is_topic_line,
    _Item,
    _looks_like_heading,
    _next_label,
    _Plain,
)
from trialparse._criteria_nodes import (
    ConstraintReader,
    _continues_numbering,
    _Frame,
    _freeze_all,
    _Node,
    _unwrapped,
)
from trialparse.model import Criteria, CriteriaHeader, Issue, Severity
from trialparse.text import Text, clean_inline, collapse_ws

Issues = tuple[Issue, ...]
MAX_DEPTH: Final = 32
# A lead-in that takes this many same-level items of its own style may have taken its siblings
_MANY_ADOPTED: Final = 6


class _Builder:
    """Folds the event stream into per-side trees."""

    def __init__(self, doc: Text, *, constraints: ConstraintReader | None = None) -> None:
        self.read_constraints = constraints
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
        self.following: dict[int, _Event] = {}  # id(event) -> the next non-blank event
        self.guessed: list[_Node] = []  # nodes whose nesting is a guess (criteria.ambiguous_structure)
        self.guessed_notes: list[_Node] = []  # marked lines read as notes by a guess
        self.note_is_guess = False
        self.upcoming: _Event = None  # the next non-blank event after the one being read
        self.headerless = False  # no side header and no marked item in the whole section
        self.cohort_sides: set[str | None] = set()  # the sides that have cohort headers
        self.next_same: dict[int, _Item] = {}  # id(item) -> the next item of its marker style, within a side
        self.next_item: dict[int, _Item] = {}  # id(paragraph) -> the next marked item, within a side
        self.member_leads: set[int] = set()  # id(node) of lead-ins whose members are paragraphs

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
        """A marked item: find its parent (indentation, then the same-indent adoption rules), attach it."""
        if self._is_note_item(ev):
            self._note(_Plain(ev.indent, ev.text_start, ev.text_end), ev.start)
            if self.note_is_guess:
                self.guessed_notes.append(self.notes[-1])
            return
        parent, family = self._parent_for(ev)
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
        if (last == ":" or last.isspace()) and self._is_leadin_item(ev):  # its first look, inline: most items fail it
            frame.adopt_same = True
        self.stack.append(frame)
        self.open = node
        self.items_since_header = True

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
        """A marked line that is no criterion: "n.a." on an empty side, or the list's lead-in written
        as its first item, right under the header, with its list at the same level after it."""
        value = self.value
        if ev.text_end - ev.text_start <= 16 and value[ev.text_start : ev.text_end].strip().lower() in _NO_CRITERIA:
            return True
        if value.startswith(_CLOSING_FIRST_WORDS, ev.text_start) and _is_closing_remark(value[ev.text_start : ev.text_end]):
            nxt = self.upcoming  # "- Other exclusion criteria apply …" as the list's last bullet: a note too
            return not (isinstance(nxt, _Item) and nxt.indent > ev.indent)
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
            if top.group is not None:
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
                if family != top.family and self._takes_other_style(top, ev, family):
                    top.adopt_family = family
                    return top, family
                if family == top.family and self._adopts_own_style(top, ev):
                    return top, family
            elif self._sub_item_drifted_left(ev, family, top):
                top.adopt_family = family
                return top, family
            self.stack.pop()
            if top.indent == ev.indent and top.family == family and _continues_numbering(top.node.label, ev.label):
                outer = False
        return None, family

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
        if top.adopt_family not in (None, family):
            return False
        if top.node.ends_with_colon(self.value):
            return True
        return top.resumes and self.value[ev.text_end - 1 : ev.text_end] != ":"

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
            if frame.family == family and _continues_numbering(frame.node.label, ev.label):
                del self.stack[i:]
                return True
        return False

    def _adopts_own_style(self, top: _Frame, ev: _Item) -> bool:
        """The legacy layout: a lead-in takes the same-level items of its own style that follow.

        Where the run it takes grows long, or a lead-in without its colon ("… of the following")
        is followed by its own style, either reading stays plausible: the item is reported.
        """
        if not top.adopt_same:
            if not top.adopted and not top.node.children and top.node.segments and self._may_lead(top.node):
                self._guess(top.node)  # kept flat: "… of the following" without its colon, "Renal:" then bullets
            top.adopted = -1
            return False
        if top.adopt_family or self._is_leadin_item(ev):
            return False
        if _continues_numbering(top.node.label, ev.label):
            return False
        top.adopted += 1
        if top.adopted == _MANY_ADOPTED:
            self._guess(top.node)
        return True

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

    def _guess(self, node: _Node) -> None:
        if not node.guess:
            node.guess = True
            self.guessed.append(node)

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
        """An unmarked line: continuation, note, topic or population heading, or an item of its own.

        The steps follow the decision order of the module docstring: where the line stands
        (directly under an item, at an item's text column) before what its words look like.
        """
        text = self.value[ev.start : ev.end]
        bare = self._bare_number_item(ev, text)
        if bare is not None:
            self.item(bare)
        elif not ev.after_header and (_is_closing_remark(text) or self._is_heading_debris(text)):
            self._note(ev)
        elif self.prev_blank and not ev.after_header and self._heads_numbered_run(text):
            self._note(ev)  # "Cardiac safety" between "21." and "22.": the numbering runs on under it
            self.guessed_notes.append(self.notes[-1])  # or a topic group holding the items after it
        elif not self.prev_blank and self.open is not None and not ev.after_header:
            # directly under an item: a wrapped line, even when it looks like a heading (a
            # wrapped "… History of disease:" and a heading "Renal disease:" share their shape)
            self.open.segments.append((ev.start, ev.end))
        elif self.prev_blank and not ev.after_header and self._continues_after_blank(ev, text):
            pass
        elif not ev.after_header and _is_population_heading(text) and self._opens_population():
            self._population(ev)
        elif self.headerless and self._is_requirement(text):
            self._headerless_paragraph(ev)  # no header and no marker anywhere: each paragraph is a criterion
        elif not self.seen_header and not ev.after_header:
            if text.endswith(":") and len(text.split()) <= 6 and _LEADIN_SENTENCE_RE().search(text) is None:
                self._topic(ev)  # "DISEASE CHARACTERISTICS:" before (or without) any side header
            else:
                self._note(ev)
        elif (
            not self.items_since_header
            and _LEADIN_SENTENCE_RE().search(text) is not None
            and (text.endswith(":") or len(text) < 400)
            and not self._runs_into_items(ev)
        ):
            self._note(ev)
            if isinstance(self.upcoming, _Plain) and text.endswith(("below.", "follows.", "following.")):
                self.guessed_notes.append(self.notes[-1])  # "… as below." over paragraphs: their parent?
        elif not ev.after_header and ((text.endswith(":") and _is_topic_line(text)) or self._heads_next_items(ev, text)):
            self._topic(ev)
        else:
            self._paragraph(ev)

    def _heads_numbered_run(self, text: str) -> bool:
        """A short title between two numbers of one list ("18. …." then "Clinical safety labs" then
        "19."): a topic heading read as a note, the items flat, since the numbering runs through."""
        nxt = self.upcoming
        node = self.open
        if not isinstance(nxt, _Item) or nxt.label is None or not nxt.label.isdigit() or node is None:
            return False
        words = text.split()
        if len(words) < 2 or len(words) > 5 or not text[:1].isupper() or text[-1] in ".;,:" or any(c in text for c in "<>=≤≥%"):
            return False  # one word ("OR", "EXCEPT") joins items rather than heading them
        if self._group_frame() is not None:
            return False  # a side made of topic groups reads this one as the next group
        if not node.segments or self.value[node.segments[-1][1] - 1] not in ".;":
            return False  # the item above ends as a sentence
        label = nxt.label
        return any(
            f.group is None and f.indent == nxt.indent and f.family == nxt.family and _continues_numbering(f.node.label, label)
            for f in self.stack
        )

    def _is_heading_debris(self, text: str) -> bool:
        """A lone word that the next line, a heading, repeats ("Part" then "PART B:"): a broken
        line, kept as a note rather than read as a criterion."""
        nxt = self.upcoming
        if " " in text or not isinstance(nxt, (_Plain, _Header)):
            return False
        following = self.value[nxt.start : nxt.end]
        return following.lower().startswith(text.lower() + " ") and following.rstrip().endswith(":")

    def _continues_after_blank(self, ev: _Plain, text: str) -> bool:
        """After a blank line, a paragraph that goes on with an item above: between "i." and "ii."
        (numbering continuity), at an open item's text column, or in lower case under a leaf item."""
        node = self.open
        run = self._inside_run(ev, text) if node is not None else 0
        if node is not None and run:
            # more of the item above, or a remark when it does not stand at the item's text column
            if run == 1 and (ev.indent < self.stack[-1].content_col or self._leadin_paragraphs(node, ev)):
                self._guess(node)
            node.segments.append((ev.start, ev.end))
            return True
        if self._continue_at_column(ev):
            return True
        if node is not None and self._continues_in_lower_case(text):
            node.segments.append((ev.start, ev.end))
            return True
        return False

    def _headerless_paragraph(self, ev: _Plain) -> None:
        """A paragraph of a section without headers or markers: a criterion, or several run
        together with "; " before a capital ("… swimming pool; Individuals with …"), cut there
        and reported (one criterion with clauses is the other reading)."""
        value = self.value
        cuts: list[int] = []
        depth = 0  # "(" minus ")" before the cut: nothing inside parentheses is cut
        counted = ev.start
        for m in _CLAUSE_CUT_RE.finditer(value, ev.start, ev.end):
            depth += value.count("(", counted, m.start()) - value.count(")", counted, m.start())
            counted = m.start()
            if depth <= 0:
                cuts.append(m.start() + 1)
        starts = [ev.start, *(c + 1 for c in cuts)]
        ends = [*cuts, ev.end]
        for a, b in zip(starts, ends, strict=True):
            self._paragraph(_Plain(ev.indent, a, b))
            if len(starts) > 1 and a == ev.start and self.open is not None:
                self._guess(self.open)

    @staticmethod
    def _is_requirement(text: str) -> bool:
        """A paragraph of a section without headers or markers that states a criterion (or leads
        in to its members, "… listed below:"): not a link, nor a lead-in phrase without its colon."""
        return "://" not in text and not _ends_with_leadin(text, 0, len(text))

    def _runs_into_items(self, ev: _Plain) -> bool:
        """A lead-in whose sub-items run on in its own line ("… all the following: (i) … (ii) …"):
        a criterion with children, not the list's lead-in note."""
        nxt = self.upcoming
        return isinstance(nxt, _Item) and nxt.inline and nxt.start > ev.start and self.value.count("\n", ev.end, nxt.start) == 0

    def _bare_number_item(self, ev: _Plain, text: str) -> _Item | None:
        """ "6 Patient agrees …" right where item 6 is due (after "5.", at its indent): item 6 with
        its punctuation missing; numbering continuity reads it so."""
        m = _BARE_NUMBER_RE.match(text)
        if m is None:
            return None
        for frame in reversed(self.stack):
            if frame.group is None and frame.indent == ev.indent and frame.family.startswith("num"):
                if _continues_numbering(frame.node.label, m.group(1)):
                    return _Item(ev.indent, ev.start, ev.start + m.end(), ev.end, m.group(1), frame.family, ev.indent + m.end())
                return None
        return None

    def _continue_at_column(self, ev: _Plain) -> bool:
        """After a blank line, a paragraph at an open item's text column continues that item."""
        for i in range(len(self.stack) - 1, -1, -1):
            frame = self.stack[i]
            if frame.group is None and frame.content_col > 0 and ev.indent >= frame.content_col:
                if frame.family == "plain" and ev.indent == frame.indent and (frame.node.children or self._is_member(i)):
                    continue  # at the column of a paragraph with items of its own, or of a member: its sibling
                del self.stack[i + 1 :]
                members = self._paragraph_members(frame, ev)
                if frame.node.children or members:
                    # back to the item after its children: a paragraph of its own, so
                    # that no span stretches over the children; or the first of a lead-in's
                    # paragraphs, one member each ("… including:" then a paragraph per condition)
                    if members:
                        self._guess(frame.node)  # or all of them its text
                        self.member_leads.add(id(frame.node))
                    node = _Node(ev.start, None, [(ev.start, ev.end)])
                    self.nodes.append(node)
                    frame.node.children.append(node)
                    self.stack.append(_Frame(node, ev.indent, ev.indent, "plain", frame.depth + 1))
                    self.open = node
                    return True
                if self._leadin_paragraphs(frame.node, ev):
                    self._guess(frame.node)
                frame.node.segments.append((ev.start, ev.end))
                self.open = frame.node
                return True
        return False

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

    def _heads_next_items(self, ev: _Plain, text: str) -> bool:
        """After a blank line, a short heading ("Demographics") with marked items right after it."""
        return isinstance(self.upcoming, _Item) and self.upcoming.indent <= ev.indent + 4 and _looks_like_heading(text)

    def _opens_population(self) -> bool:
        """A population heading ("Donors: …") opens a cohort unless the side is made of groups already."""
        return self.side is not None and not any(n.group for n in self.roots[self.side])

    def _population(self, ev: _Plain) -> None:
        """A cohort for another population, after a side's items: on the inclusion side, never leaking
        into the exclusion criteria of the patients above it."""
        self.side = "inclusion"
        self.stack.clear()
        node = _Node(ev.start, None, [(ev.start, ev.end)], group=True)
        self.nodes.append(node)
        self.roots["inclusion"].append(node)
        self.stack.append(_Frame(node, -1, 0, "group", 1, "cohort"))
        self.open = None
        self.items_since_header = True

    def _paragraph(self, ev: _Plain) -> None:
        """An unmarked paragraph that is an item of its own (or a lead-in item's child)."""
        last = self._last_item()
        node = _Node(ev.start, None, [(ev.start, ev.end)])
        if last is not None and last.node.ends_with_colon(self.value) and not last.node.children:
            node_parent: _Frame | None = last
            while self.stack and self.stack[-1] is not last:
                self.stack.pop()
            # its member is a paragraph: the marked items after it at its indent are its siblings
            last.adopt_same = False
            last.adopted = -1
        elif last is not None and self._is_open_member(last):
            node_parent = self.stack[-2]  # the lead-in's next member
            self.stack.pop()
        else:
            if (
                last is not None
                and self.prev_blank
                and ((last.family != "plain" and self._inside_list(ev)) or self._follows_leadin_member(last, ev))
            ):
                # between marked items: a criterion of its own, or a remark or wrapped text of the item
                # above; after a lead-in's paragraph: its next member, or the list going on
                self._guess(node)
            node_parent = self._group_frame()
            while self.stack and self.stack[-1] is not node_parent:
                self.stack.pop()
        depth = node_parent.depth + 1 if node_parent is not None else 1
        self._attach(node, node_parent)
        self.stack.append(_Frame(node, ev.indent, ev.indent, "plain", depth))
        self.open = node
        self.items_since_header = True

    def _follows_leadin_member(self, last: _Frame, ev: _Plain) -> bool:
        """After the paragraph a lead-in took (its child), another that starts with the same word:
        the lead-in's second member, or the list going on."""
        if last.family != "plain" or last.node.children or len(self.stack) < 2 or self.stack[-1] is not last:
            return False
        parent = self.stack[-2]
        if parent.group is not None or not parent.node.ends_with_colon(self.value) or len(parent.node.children) != 1:
            return False
        first = self.value[last.node.start : last.node.segments[0][1]].split(maxsplit=1)[:1]
        return bool(first) and self.value.startswith(first[0] + " ", ev.start)

    def _inside_list(self, ev: _Plain) -> bool:
        """The marked list goes on after this paragraph, at its indent or to the left of it (a
        "Note: …" paragraph there is a remark on the item above whichever way it is read)."""
        nxt = self.upcoming
        return (
            isinstance(nxt, _Item)
            and nxt.indent <= ev.indent
            and self.value[ev.end - 1] != ":"
            and not self.value.startswith(("Note", "NOTE"), ev.start)
        )

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

    def _last_item(self) -> _Frame | None:
        for frame in reversed(self.stack):
            if frame.group is None:
                return frame
            return None
        return None

    def _note(self, ev: _Plain, marker_start: int = -1) -> None:
        """A note; a marked line read as a note keeps its marker inside the note's span."""
        node = _Node(ev.start if marker_start < 0 else marker_start, None, [(ev.start, ev.end)])
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
        siblings = parent.node.children if parent is not None else self._side_items()
        before = siblings[-1] if siblings and siblings[-1].group else None
        if before is not None and self.value.startswith(before.text(self.value).rstrip(": ") + " ", ev.start):
            self._guess(node)  # "Part 1 Cohort 2 only" after "Part 1:": its sibling, or a sub-topic of it
        self._attach(node, parent)
        depth = parent.depth + 1 if parent is not None else 1
        self.stack.append(_Frame(node, -1, 0, "group", depth, "topic", rank))
        self.open = None
        self.items_since_header = True

    def _side_items(self) -> list[_Node]:
        return self.early_items if self.side is None else self.roots[self.side]

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
