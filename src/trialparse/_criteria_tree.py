"""Criteria reading, part 3: fold the line events into per-side trees of criteria."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final

from trialparse._criteria_lines import (
    _LEADIN_COLON_RE,
    _LEADIN_SENTENCE_RE,
    _ROMAN_CHARS,
    _ends_with_leadin,
    _Event,
    _Header,
    _Item,
    _Plain,
)
from trialparse.model import Constraint, Criteria, CriteriaHeader, Criterion, Issue, Severity, Span
from trialparse.text import Text, clean_inline, collapse_ws
from trialparse.vocabulary import FOOTNOTE_MARKS

Issues = tuple[Issue, ...]
MAX_DEPTH: Final = 32
# A lead-in that takes this many same-level items of its own style may have taken its siblings
_MANY_ADOPTED: Final = 6
# Reads one line of a criterion, ``(text, start, end, span)``, into constraints whose spans
# ``span(start, end)`` turns into page spans: passed in by the pipeline, so that reading the tree
# does not depend on the constraint extractor
ConstraintReader = Callable[[str, int, int, Callable[[int, int], Span]], tuple[Constraint, ...]]


# A remark about the list rather than a requirement: "Other protocol-defined criteria may apply.",
# "Note: further criteria apply", "Additional requirements are described in the protocol".
_CLOSING_START_RE: Final = re.compile(
    r"(?:[*_\\\[(]{0,3}+(?:notes?|please\ note)[ \t]*+[:\-]?[ \t]*+)?+[*_\\\[(]{0,3}+"
    r"(?:(?:all\ |any\ )?(?:other|additional|further|more)\b|there\ (?:are|may\ be)\ (?:other|additional|further)\b"
    r"|the\ above\ (?:information|criteria|list)\b)",
    re.IGNORECASE | re.VERBOSE,
)

_CLOSING_WORDS_RE: Final = re.compile(
    r"\b(?:criteria|criterion|requirements|restrictions|inclusion|exclusion|information)\b[^\n]{0,80}?"
    r"\b(?:appl(?:y|ies|ied)|protocol|described|defined|specified|listed|exist|considerations)\b"
    r"|\b(?:described|defined|specified|listed|detailed)\ in\ the\ (?:study\ )?protocol\b",
    re.IGNORECASE | re.VERBOSE,
)

# A heading that names another population than the patients: "Donors: …", "Healthy volunteers:"
_POPULATION_RE: Final = re.compile(
    r"(?:(?:healthy|plasma|blood|living|stem\ cell|organ)\ )?"
    r"(?:donors?|recipients?|volunteers?|controls?|control\ (?:group|subjects|participants)|caregivers?|parents?"
    r"|partners?|family\ members|mothers|infants|siblings)\b[^:\n]{0,60}:",
    re.IGNORECASE | re.VERBOSE,
)


# A sentence that says what is not a criterion: "… are not considered exclusion criteria."
_NOT_A_CRITERION_RE: Final = re.compile(
    r"\b(?:is|are)\ not\ (?:considered|regarded\ as)\ (?:an?\ )?(?:inclusion|exclusion)\ criteri", re.IGNORECASE | re.VERBOSE
)
# What a marked item says when a side has no criteria: "n.a.", "None", "Not applicable"
_NO_CRITERIA: Final = frozenset({"n.a.", "n/a", "not applicable", "not applicable."})
# A list's lead-in written as its first item: "1. Subjects must meet all of the following inclusion criteria:"
_LIST_LEADIN_RE: Final = re.compile(
    r"\b(?:all|any|each|one)\ of\ the\ following(?:\ (?:inclusion|exclusion))?(?:\ criteria)?[ \t]*+:$",
    re.IGNORECASE | re.VERBOSE,
)


# A number without its punctuation at the start of a line: "6 Patient agrees …"
_BARE_NUMBER_RE: Final = re.compile(r"([0-9]{1,2})[ \t]++(?=[A-Z])")
# A footnote under the list: "1* Family history of allergy is defined as …", "\*Definition of …:", "† …"
_FOOTNOTE_RE: Final = re.compile(r"(?:[0-9]{1,2}\\?\*|\\?\*{1,3}|[%s])(?=[ \t]*+[^\W\d_])" % re.escape(FOOTNOTE_MARKS))


# How a marked closing remark can start (a cheap first look before _is_closing_remark)
_CLOSING_FIRST_WORDS: Final = (
    "Other", "other", "OTHER", "Note", "NOTE", "Additional", "Further", "There", "The above", "All other"
)


def _is_closing_remark(text: str) -> bool:
    """A remark about the list ("Other protocol-defined criteria may apply.") or a footnote: a note."""
    if _FOOTNOTE_RE.match(text) is not None:
        return True
    if len(text) >= 300:
        return False
    if _CLOSING_START_RE.match(text) is not None and _CLOSING_WORDS_RE.search(text) is not None:
        return True
    return _NOT_A_CRITERION_RE.search(text) is not None


# Verbs that make a line ending with ":" a sentence ("… excluded if they have:"), not a topic heading
_SENTENCE_VERB_RE: Final = re.compile(r"\b(?:have|has|are|is|must|will|should|were|was|be|meet|meets)\b", re.IGNORECASE)


def _is_topic_line(text: str) -> bool:
    """ "Prior therapy:", "DISEASE CHARACTERISTICS:": a short line ending with ":" that is no sentence."""
    return len(text.split()) <= 10 and _SENTENCE_VERB_RE.search(text) is None


def _is_population_heading(text: str) -> bool:
    return len(text) < 120 and _POPULATION_RE.match(text) is not None


def _looks_like_heading(text: str) -> bool:
    """A short title ("Demographics", "Renal exclusions:"): few words, capitalised, no sentence end or value."""
    words = text.rstrip(":").split()
    return (
        0 < len(words) <= 5
        and text[:1].isupper()
        and text[-1:] not in ".;,"
        and not any(c in text for c in "<>=≤≥%")
        and _LEADIN_SENTENCE_RE().search(text) is None
    )


class _Node:
    __slots__ = ("children", "frozen", "group", "guess", "label", "marker_end", "segments", "span_end", "start")

    def __init__(
        self,
        start: int,
        label: str | None,
        segments: list[tuple[int, int]],
        group: bool = False,
        marker_end: int = -1,
        span_end: int = -1,
    ) -> None:  # positional: one is made per item
        self.start = start
        self.label = label
        self.segments = segments
        self.children: list[_Node] = []
        self.group = group
        self.frozen: Criterion | None = None  # set by _freeze_all
        self.marker_end = marker_end  # end of the marker, for an item that turns out empty
        self.span_end = span_end  # a cohort heading's span runs over its closing "**" and colon
        self.guess = False  # the nesting under it is a guess between two plausible readings

    def ends_with_colon(self, value: str) -> bool:
        return bool(self.segments) and value[self.segments[-1][1] - 1] == ":"

    def text(self, value: str) -> str:
        return " ".join(value[a:b] for a, b in self.segments)


class _Frame:
    __slots__ = ("adopt_family", "adopt_same", "adopted", "content_col", "depth", "family", "group", "indent", "node", "rank")

    def __init__(
        self, node: _Node, indent: int, content_col: int, family: str, depth: int, group: str | None = None, rank: int = 0
    ) -> None:  # positional for items: one is made per item
        self.node = node
        self.indent = indent
        self.content_col = content_col
        self.family = family
        self.group = group  # "cohort" or "topic" for group frames
        self.adopt_family: str | None = None
        self.adopt_same = False
        self.depth = depth
        self.rank = rank  # topic groups: 0 for an ALL-CAPS heading, 1 for others (nests under rank 0)
        self.adopted = 0  # same-style items a lead-in took (-1: it took none and takes no more)


def _continues_numbering(before: str | None, label: str | None) -> bool:
    """Whether ``label`` is the number after ``before`` ("2" then "3"): a sibling, whatever 2 ends with."""
    return before is not None and label is not None and before.isdigit() and label.isdigit() and int(label) == int(before) + 1


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
        self.upcoming: _Event = None  # the next non-blank event after the one being read

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
        self.side = ev.side
        self.seen_header = True
        self.items_since_header = False
        self.stack.clear()
        if ev.cohort is None:
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
        last = self.value[ev.text_end - 1] if segments else ""
        if (last == ":" or last.isspace()) and self._is_leadin_item(ev):  # its first look, inline: most items fail it
            frame.adopt_same = True
        self.stack.append(frame)
        self.open = node
        self.items_since_header = True

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
        return (
            isinstance(nxt, _Item)
            and nxt.indent == ev.indent
            and nxt.family[:3] == ev.family[:3]
            and _LIST_LEADIN_RE.search(value, max(ev.text_start, ev.text_end - 60), ev.text_end) is not None
        )

    def _parent_for(self, ev: _Item) -> tuple[_Frame | None, str]:
        """The open frame that takes ``ev`` as a child (popping the others), and ``ev``'s family.

        In the decision order: a group takes every item; a deeper indent nests; at the same
        indent, an item ending with ":" takes items of another marker style, and a lead-in
        ("… of the following:") takes its own style unless the numbering continues.
        """
        family = ev.family
        while self.stack:
            top = self.stack[-1]
            if top.group is not None:
                return top, family
            if ev.indent > top.indent:
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
                if family != top.family and top.node.ends_with_colon(self.value) and top.adopt_family in (None, family):
                    top.adopt_family = family
                    return top, family
                if family == top.family and self._adopts_own_style(top, ev):
                    return top, family
            self.stack.pop()
        return None, family

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
        elif not ev.after_header and _is_closing_remark(text):
            self._note(ev)
        elif not self.prev_blank and self.open is not None and not ev.after_header:
            # directly under an item: a wrapped line, even when it looks like a heading (a
            # wrapped "… History of disease:" and a heading "Renal disease:" share their shape)
            self.open.segments.append((ev.start, ev.end))
        elif self.prev_blank and not ev.after_header and self._continue_at_column(ev):
            pass
        elif not ev.after_header and _is_population_heading(text) and self._opens_population():
            self._population(ev)
        elif not self.seen_header and not ev.after_header:
            if text.endswith(":") and len(text.split()) <= 6 and _LEADIN_SENTENCE_RE().search(text) is None:
                self._topic(ev)  # "DISEASE CHARACTERISTICS:" before (or without) any side header
            else:
                self._note(ev)
        elif (
            not self.items_since_header
            and _LEADIN_SENTENCE_RE().search(text) is not None
            and (text.endswith(":") or len(text) < 400)
        ):
            self._note(ev)
        elif not ev.after_header and ((text.endswith(":") and _is_topic_line(text)) or self._heads_next_items(ev, text)):
            self._topic(ev)
        else:
            self._paragraph(ev)

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
                if frame.family == "plain" and frame.node.children and ev.indent == frame.indent:
                    continue  # a paragraph at the column of one that has items of its own: its sibling
                del self.stack[i + 1 :]
                if frame.node.children:
                    # back to the item after its children: a paragraph of its own, so
                    # that no span stretches over the children
                    node = _Node(ev.start, None, [(ev.start, ev.end)])
                    self.nodes.append(node)
                    frame.node.children.append(node)
                    self.stack.append(_Frame(node, ev.indent, ev.indent, "plain", frame.depth + 1))
                    self.open = node
                    return True
                frame.node.segments.append((ev.start, ev.end))
                self.open = frame.node
                return True
        return False

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
        else:
            node_parent = self._group_frame()
            while self.stack and self.stack[-1] is not node_parent:
                self.stack.pop()
        depth = node_parent.depth + 1 if node_parent is not None else 1
        self._attach(node, node_parent)
        self.stack.append(_Frame(node, ev.indent, ev.indent, "plain", depth))
        self.open = node
        self.items_since_header = True

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
        if parent is not None and parent.group == "topic":
            self._guess(parent.node)  # a topic under an ALL-CAPS one: a sub-topic, or its sibling
        self._attach(node, parent)
        depth = parent.depth + 1 if parent is not None else 1
        self.stack.append(_Frame(node, -1, 0, "group", depth, "topic", rank))
        self.open = None
        self.items_since_header = True

    def feed(self, events: list[_Event]) -> None:
        upcoming: _Event = None  # the next line's event after ev, blanks skipped
        for i in range(len(events) - 1, -1, -1):  # each event's successor, found in one backward pass
            ev = events[i]
            if ev is not None:
                self.following[id(ev)] = upcoming
                upcoming = ev
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


# --- output ---------------------------------------------------------------------------------


def _empty_item_end(value: str, node: _Node) -> int:
    end = max(node.marker_end, node.segments[-1][1] if node.segments else node.start + 1)
    while end > node.start + 1 and value[end - 1] in " \t":
        end -= 1
    return end


def _constraints(value: str, span: Callable[[int, int], Span], node: _Node, read: ConstraintReader) -> tuple[Constraint, ...]:
    """The constraints read from the node's own lines, with spans into the page."""
    if len(node.segments) == 1:
        a, b = node.segments[0]
        return read(value, a, b, span)
    return tuple(c for a, b in node.segments for c in read(value, a, b, span))


def _node_text(value: str, node: _Node, has_children: bool) -> str:
    segments = node.segments
    if len(segments) == 1:  # most criteria: one line, nothing to unescape
        a, b = segments[0]
        text = value[a:b]
        text = collapse_ws(text) if "\\" not in text and "&" not in text else clean_inline(text)
    else:
        text = clean_inline(" ".join(value[a:b] for a, b in segments)) if segments else ""
    if (has_children or node.group) and text.endswith(":"):
        text = text[:-1].rstrip()
    return text


def _freeze_all(
    value: str, span: Callable[[int, int], Span], nodes: list[_Node], read: ConstraintReader | None
) -> list[Issue]:
    """Turn every node into a ``Criterion``, children first, without recursion; the empty items' issues.

    A node is always created after its parent, so the reverse of creation order visits
    every child before its parent.
    """
    empty: list[Issue] = []
    for node in reversed(nodes):
        children = tuple(c.frozen for c in node.children if c.frozen is not None) if node.children else ()
        text = _node_text(value, node, bool(children))
        if not text and not children:
            end = _empty_item_end(value, node)
            empty.append(Issue("criteria.empty_item", "a marker with no text after it", Severity.WARNING, span(node.start, end)))
            continue
        end = node.segments[-1][1] if node.segments else _empty_item_end(value, node)
        end = max(end, node.start, node.span_end)
        found = _constraints(value, span, node, read) if read is not None and node.segments else ()
        node.frozen = Criterion(text, span(node.start, end), node.label, children, found)
    empty.reverse()
    return empty
