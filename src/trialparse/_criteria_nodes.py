"""Criteria reading, part 4: the tree's nodes while it is built, and their output as criteria.

``_criteria_tree`` folds the line events into ``_Node``s on a stack of ``_Frame``s; the
functions here turn the finished nodes into frozen ``Criterion`` records (texts, spans,
constraints) and undo one layout of the registry's markdown on the way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from trialparse._criteria_lines import _LEADIN_SENTENCE_RE, _ends_with_leadin
from trialparse.model import Constraint, Criterion, Issue, Severity, Span
from trialparse.text import clean_inline, collapse_ws

# Reads one line of a criterion, ``(text, start, end, span)``, into constraints whose spans
# ``span(start, end)`` turns into page spans: passed in by the pipeline, so that reading the tree
# does not depend on the constraint extractor
ConstraintReader = Callable[[str, int, int, Callable[[int, int], Span]], tuple[Constraint, ...]]


class _Node:
    __slots__ = ("children", "frozen", "group", "guess", "label", "marker_end", "segments", "span_end", "start", "tail")

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
        # more of its parent's own text after the parent's children ("AND not a candidate …" below
        # the sub-list of "… at screening:"): frozen as a piece of the parent, not as a child
        self.tail = False

    def ends_with_colon(self, value: str) -> bool:
        """Ends with ":" (or ":." as pasted text has it: "… any of the following:.")."""
        if not self.segments:
            return False
        a, b = self.segments[-1]
        return value[b - 1] == ":" or (b - a > 1 and value[b - 2 : b] == ":.")

    def text(self, value: str) -> str:
        return " ".join(value[a:b] for a, b in self.segments)


class _Frame:
    __slots__ = (
        "adopt_family", "adopt_same", "adopted", "content_col", "depth", "family", "group", "heads", "indent", "node", "rank",
        "resumes",
    )

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
        self.resumes = False  # a numbered item whose next number follows after items of other styles
        self.heads = False  # a heading bullet of a series ("Liver function:"), taking the bullets up to the next one


def _continues_numbering(before: str | None, label: str | None) -> bool:
    """Whether ``label`` is the number after ``before`` ("2" then "3"): a sibling, whatever 2 ends with."""
    return before is not None and label is not None and before.isdigit() and label.isdigit() and int(label) == int(before) + 1


def _unwrapped(value: str, roots: list[_Node]) -> list[_Node]:
    """A list (a side, or a cohort's items) whose only line is a bullet holding every other
    bullet one indent deeper: the registry's markdown puts a list's first line in "* " and
    indents the rest under it ("* Age 18-64", blank, "  * English-speaking", "  * …"). A
    criterion, not a lead-in, is no parent: its items are the list's items (after the line's own
    items too: "* A; ②B", then "  * C"). render writes a parent with ":", so never this."""
    for node in roots:
        if node.group and node.children:
            node.children = _unwrapped(value, node.children)
    head = next((i for i, n in enumerate(roots) if n.group), len(roots))  # the items before a cohort
    return [*_unwrapped_list(value, roots[:head]), *roots[head:]]


def _unwrapped_list(value: str, roots: list[_Node]) -> list[_Node]:
    if not roots or roots[0].label is not None or value.count("\n", roots[0].start, roots[-1].start):
        return roots
    first = roots[-1]
    kids = first.children
    if not kids or not first.segments or kids[0].label is not None or value.count("\n", first.segments[-1][1], kids[0].start) < 2:
        return roots  # the registry's pattern has a blank line under the first item
    if any(k.group or k.marker_end < 0 or (k.label is not None and value.count("\n", kids[0].start, k.start)) for k in kids):
        return roots  # only bullets (and the items run into the first one's line)
    text = first.text(value).rstrip()
    if text.endswith((":", "：")) or _LEADIN_SENTENCE_RE().search(text) is not None or _ends_with_leadin(text, 0, len(text)):
        return roots
    first.children = []
    return [*roots, *kids]


def _staircases_flattened(value: str, roots: list[_Node]) -> None:
    """Undo a staircase: bullets after blank lines, each indented under the one before and the
    only child of it (broken markdown: "  * A", "    * B", "      * C"). None of them leads in
    to the next, so a reader takes them as one list: they become siblings where the first stands."""
    lists = [roots]
    while lists:
        siblings = lists.pop()
        i = 0
        while i < len(siblings):
            chain = _staircase_from(value, siblings[i])
            if len(chain) >= _STAIRCASE:
                for node in chain[:-1]:
                    node.children = []
                siblings[i : i + 1] = chain
                i += len(chain) - 1
            lists.extend(n.children for n in siblings[i : i + 1] if n.children)
            i += 1


# The steps a staircase needs (one or two steps may be a real sub-item)
_STAIRCASE: Final = 3


def _staircase_from(value: str, node: _Node) -> list[_Node]:
    chain = [node]
    while _steps_down(value, node):
        node = node.children[0]
        chain.append(node)
    return chain


def _steps_down(value: str, node: _Node) -> bool:
    """``node``'s only child is a bullet like it, after a blank line, and ``node`` leads nothing in."""
    if len(node.children) != 1 or node.label is not None or node.group or node.marker_end < 0 or not node.segments:
        return False
    child = node.children[0]
    if child.label is not None or child.group or child.marker_end < 0 or value.count("\n", node.segments[-1][1], child.start) < 2:
        return False
    text = node.text(value).rstrip()
    if text.endswith((":", "：")) or _ends_with_leadin(text, 0, len(text)):
        return False
    return _LEADIN_SENTENCE_RE().search(text) is None


def _empty_item_end(value: str, node: _Node) -> int:
    end = max(node.marker_end, node.segments[-1][1] if node.segments else node.start + 1)
    while end > node.start + 1 and value[end - 1] in " \t":
        end -= 1
    return end


def _constraints(
    value: str, span: Callable[[int, int], Span], segments: list[tuple[int, int]], read: ConstraintReader
) -> tuple[Constraint, ...]:
    """The constraints read from the node's own lines (every piece of its text), with spans into the page."""
    if len(segments) == 1:
        a, b = segments[0]
        return read(value, a, b, span)
    return tuple(c for a, b in segments for c in read(value, a, b, span))


def _split_tails(node: _Node) -> tuple[list[_Node], list[_Node]]:
    """``node``'s children, and the pieces of its own text that follow them (``_Node.tail``).

    A piece is taken only after the last real child and only while it holds no items of its
    own: so every piece stands after the item's children, and the tree keeps its order.
    """
    kids = node.children
    cut = len(kids)
    while cut and kids[cut - 1].tail and not kids[cut - 1].children:
        cut -= 1
    return kids[:cut], kids[cut:]


def _node_text(value: str, segments: list[tuple[int, int]], node: _Node, has_children: bool) -> str:
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
        kids, tails = _split_tails(node) if node.children else (node.children, [])
        children = tuple(c.frozen for c in kids if c.frozen is not None)
        segments = node.segments if not tails else [*node.segments, *(s for t in tails for s in t.segments)]
        text = _node_text(value, segments, node, bool(children))
        if not text and not children:
            end = _empty_item_end(value, node)
            empty.append(Issue("criteria.empty_item", "a marker with no text after it", Severity.WARNING, span(node.start, end)))
            continue
        end = node.segments[-1][1] if node.segments else _empty_item_end(value, node)
        end = max(end, node.start, node.span_end)
        found = _constraints(value, span, segments, read) if read is not None and segments else ()
        more = tuple(span(t.start, t.segments[-1][1]) for t in tails)
        node.frozen = Criterion(text, span(node.start, end), node.label, children, found, more)
    empty.reverse()
    return empty
