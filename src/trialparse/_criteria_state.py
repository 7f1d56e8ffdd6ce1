"""Criteria reading, part 3a: the tree's state while it is built.

``_TreeState`` holds the open frames, the sides' roots, notes, headers and issues, and the moves
every rule makes on them (attach a node, keep a note, open a topic or a population's group); the
rules for unmarked lines (``_criteria_pieces``, ``_criteria_plain``), a lead-in's members
(``_criteria_leadins``) and the folding of the events (``_criteria_tree``) build on it, each a
subclass of the one before.
"""

from __future__ import annotations

import re
from typing import Final

from trialparse._criteria_lines import (
    _Event,
    _Item,
    _Plain,
)
from trialparse._criteria_nodes import (
    ConstraintReader,
    _Frame,
    _Node,
)
from trialparse.model import CriteriaHeader, Issue
from trialparse.text import Text

# How deep an empty heading may stand and still take the next heading as its sub-heading:
# headings nest two levels ("For patients:" "Adults with:"), not into a staircase
_SUB_HEADING_DEPTH: Final = 3

# A footnote sign glued to the note it opens: one star, escaped or not ("\\*a previously …"); a
# mark set apart by a space ("† Adults are …") stays the note's text, as its reader writes it
_FOOTNOTE_SIGN_RE: Final = re.compile(r"\\?\*(?=[^\W\d_])")


# What a criteria.ambiguous_structure report on an item says is a guess
_NESTING_GUESS: Final = "the nesting under this item is a guess: its items may also read as its siblings"
_TEXT_GUESS: Final = (
    "the paragraph joined to this item's text is a guess: it may also read as an item of its own,"
    " or as text of the item holding it"
)
_PLACE_GUESS: Final = "read as an item of its own; it may also read as more of the item above it"
_SPLIT_GUESS: Final = "read as one criterion; it may also read as several run together"


class _PopulationLine(_Plain):
    """An unmarked line, or a piece of one, that opens with a population heading and goes on
    with that population's criterion ("Control group: other food allergy"); ``colon`` ends the heading."""

    __slots__ = ("colon",)

    def __init__(self, indent: int, start: int, end: int, colon: int, after_header: bool = False) -> None:
        super().__init__(indent, start, end, after_header)
        self.colon = colon


class _TreeState:
    """The tree being built: the open frames, the sides' roots, notes, headers and issues."""

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
        self.guessed: dict[_Node, str] = {}  # node -> what about it is a guess (criteria.ambiguous_structure), in order
        self.guessed_notes: list[_Node] = []  # marked lines read as notes by a guess
        self.note_is_guess = False
        self.upcoming: _Event = None  # the next non-blank event after the one being read
        self.headerless = False  # no side header and no marked item in the whole section
        self.cohort_sides: set[str | None] = set()  # the sides that have cohort headers
        self.next_same: dict[int, _Item] = {}  # id(item) -> the next item of its marker style, within a side
        self.next_item: dict[int, _Item] = {}  # id(paragraph) -> the next marked item, within a side
        self.member_leads: set[int] = set()  # id(node) of lead-ins whose members are paragraphs
        self.series_heads: set[int] = set()  # id(node) of heading bullets taking the flat bullets after them
        self.topic_heads: dict[int, frozenset[str]] = {}  # id(node) of a lone heading bullet -> its topic's words
        self.connector_pieces: set[int] = set()  # id(node) of a connector bullet's piece: it takes no items
        self.numbered_after: dict[int, int] = {}  # id(node) of a bullet lead-in -> where the list's numbers surface
        self.weak_runs: dict[_Node, int] = {}  # a lead-in only by its sentence breaking off -> how many members it took

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

    def _guess(self, node: _Node, why: str = _NESTING_GUESS) -> None:
        if not node.guess:
            node.guess = True
            self.guessed[node] = why

    def _tail_piece(self, frame: _Frame, start: int, segment: tuple[int, int], indent: int) -> None:
        """More of ``frame``'s item's own text after its children (or after the item, for a
        connector bullet): a node kept as a piece of that text (``_Node.tail``), open for its
        wrapped lines."""
        node = _Node(start, None, [segment])
        node.tail = True
        self.nodes.append(node)
        frame.node.children.append(node)
        self.stack.append(_Frame(node, indent, indent, "plain", frame.depth + 1))
        self.open = node

    def _last_item(self) -> _Frame | None:
        for frame in reversed(self.stack):
            if frame.group is None:
                return frame
            return None
        return None

    def _note(self, ev: _Plain, marker_start: int = -1) -> None:
        """A note; a marked line read as a note keeps its marker inside the note's span, and so
        does a star glued to a note as its footnote sign ("\\*a previously collected product can be
        used"), which is no part of its text."""
        start = ev.start
        if marker_start < 0:
            marker_start = ev.marker_start
        sign = _FOOTNOTE_SIGN_RE.match(self.value, start, ev.end) if marker_start < 0 else None
        if sign is not None:
            marker_start, start = start, sign.end()
        node = _Node(ev.start if marker_start < 0 else marker_start, None, [(start, ev.end)])
        self.notes.append(node)
        self.open = node
        # a note ends the items above it: nothing after it continues them
        self.stack = [f for f in self.stack if f.group is not None]

    def _topic(self, ev: _Plain) -> None:
        """A topic group: under the cohort, or under an ALL-CAPS topic when this one is not."""
        rank = 0 if self.value[ev.start : ev.end].isupper() else 1
        holder = self._group_of_groups(2) if rank else None
        top = self.stack[-1] if self.stack else None
        if top is not None and top.group == "topic" and not top.node.children and top.depth < _SUB_HEADING_DEPTH:
            holder = top  # a heading right under a heading with nothing of its own: its sub-heading
        if holder is not None and self._opens_alike(holder.node, ev):
            holder = None  # "For mechanistic sub-study subjects:" after "For peanut OIT patients:": its sibling
        while self.stack:
            top = self.stack[-1]
            if top is holder or top.group == "cohort" or (top.group == "topic" and top.rank < rank):
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

    def _opens_alike(self, node: _Node, ev: _Plain) -> bool:
        """Two headings opening with the same word ("For …:", "Part …"): one level of one series."""
        if not node.segments:
            return False
        a, b = node.segments[0]
        first = self.value[a:b].split(None, 1)[:1]
        return bool(first) and self.value[ev.start : ev.end].split(None, 1)[:1] == first

    def _group_of_groups(self, least: int = 1) -> _Frame | None:
        """The nearest open topic whose children (``least`` or more) are all groups ("Group specific:"
        over "Healthy controls: …", "Donors: …"): a heading like theirs after them is one more of
        them, not its sibling. A topic heading needs two: one sub-heading alone ("Concurrent
        Medication:" over "Excluded:") does not make the next topic heading its sub-heading."""
        for frame in reversed(self.stack):
            if frame.group == "cohort":
                return None
            kids = frame.node.children
            if frame.group == "topic" and frame.rank and len(kids) >= least and kids[0].group and kids[-1].group:
                return frame  # its first and last children tell (a bound: a topic may hold thousands)
        return None

    def _population_line(self, ev: _PopulationLine) -> None:
        """ "Control group: other food allergy" (a line, or a piece of one): a group for that
        population holding the criterion after its colon, on the side it stands in, beside the
        other populations of a topic made of them ("Group specific:")."""
        holder = self._group_of_groups()
        if holder is None:
            holder = next((f for f in reversed(self.stack) if f.group == "topic" and not f.node.children), None)
        while self.stack and self.stack[-1] is not holder and self.stack[-1].group != "cohort":
            self.stack.pop()
        parent = self.stack[-1] if self.stack else None
        depth = parent.depth + 1 if parent is not None else 1
        group = _Node(ev.start, None, [(ev.start, ev.colon)], group=True, span_end=ev.colon + 1)
        self._guess(group)  # a heading with its one criterion, or one criterion naming its population
        self._attach(group, parent)
        rest = ev.colon + 1
        while rest < ev.end and self.value[rest] in " \t":
            rest += 1
        child = _Node(rest, None, [(rest, ev.end)])
        self.nodes.append(child)
        group.children.append(child)
        self.stack.append(_Frame(group, -1, 0, "group", depth, "topic", 1))
        self.stack.append(_Frame(child, ev.indent, ev.indent, "plain", depth + 1))
        self.open = child
        self.items_since_header = True

    def _side_items(self) -> list[_Node]:
        return self.early_items if self.side is None else self.roots[self.side]

    def item(self, ev: _Item) -> None:
        """A marked item (``_criteria_tree._Builder`` places it)."""
        raise NotImplementedError
