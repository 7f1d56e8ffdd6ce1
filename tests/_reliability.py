"""Shared helpers for the reliability suite (issue 4): independent checkers and strategies.

Nothing here imports a private helper of ``trialparse``: the cleaner, the marker pattern and
the coverage checks are written again from the contract, so that a bug in the parser's own
helpers cannot hide itself. The marker characters come from ``trialparse.vocabulary``, the
contract's own table (``tests/test_vocabulary.py`` checks that the parser follows it).
"""

from __future__ import annotations

import html
import itertools
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings
from hypothesis import strategies as st

from tests.conftest import FIXTURES, ROOT, read_page
from trialparse import Criteria, Criterion, Issue, Listing, Span
from trialparse.vocabulary import BULLETS, CIRCLED_NUMBERS, DANGLING_WORDS, HEADER_DECORATION, LETTER_BULLETS, UNFINISHED_ENDS

DATA = ROOT / "tests" / "data"

# --- corpus ----------------------------------------------------------------------------------

REAL_PAGE_PATHS: list[Path] = [*sorted((FIXTURES / "pages").glob("*.txt")), FIXTURES / "NCT06115902.txt"]


def real_pages() -> list[tuple[str, str]]:
    """(name, text) of every real listing page, read as bytes so line endings stay."""
    return [(p.name, read_page(p)) for p in REAL_PAGE_PATHS]


def sample_criteria() -> list[dict[str, str]]:
    """The eligibility criteria of the 100 sample registry records (tests/data, never ../shared)."""
    records: list[dict[str, str]] = json.loads((DATA / "sample_criteria.json").read_bytes())
    return records


# --- profiles ----------------------------------------------------------------------------------

SLOW = os.environ.get("TRIALPARSE_SLOW") == "1"
slow = pytest.mark.skipif(not SLOW, reason="slow: set TRIALPARSE_SLOW=1 to run")


def scaled(factor: float) -> settings:
    """The loaded profile's example budget times ``factor`` (so ``long`` stays long)."""
    return settings(max_examples=max(1, int(settings().max_examples * factor)))


# --- an independent cleaner -------------------------------------------------------------------

# Characters the README says are ignored (deleted before anything is read).
IGNORED = frozenset("\ufeff\u200b\u200c\u200d\u2060\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\x00\u00ad")
_BACKSLASH_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
LINE_BREAK = re.compile(r"\r\n|[\n\r\u2028\u2029\u0085\x0b\x0c]")


# An empty HTML comment ("<!-- -->", which separates two markdown lists) is markup, not text:
# the criteria reader reads its line as a blank one (criteria-formats.md example 12).
EMPTY_COMMENT = re.compile(r"<!--[ \t-]*-->")


def clean(text: str) -> str:
    """What a text field holds for a slice of the page: ignored characters dropped, markdown
    escapes of ASCII punctuation and HTML entities undone, white space collapsed."""
    text = "".join(ch for ch in text if ch not in IGNORED)
    text = EMPTY_COMMENT.sub(" ", text)
    text = _BACKSLASH_ESCAPE.sub(r"\1", text)
    text = html.unescape(text)
    return " ".join(text.split())


def is_content(ch: str) -> bool:
    """A character that must be accounted for: not white space, not an ignored mark."""
    return not ch.isspace() and ch not in IGNORED


# One list marker as it reads after cleaning ("1\\." is "1."): bullets (and the "#" ">" that
# decorate a heading), numbers, letters, roman numerals, circled numbers, with or without
# parentheses, a sub-item's label naming its parent's ("5a." "(b.i)"); a number may stand
# apart from its dot ("4 .Text") or have none ("6 Text" in a numbered list): the gallery's
# odd markers (criteria-formats.md example 14). The label check in ``text_mismatch`` keeps a
# bare number from passing unless the parser made it the label.
_ONE_MARKER = (
    rf"(?:\\?[{re.escape(HEADER_DECORATION + LETTER_BULLETS)}]"
    rf"|[{''.join(CIRCLED_NUMBERS)}]"
    r"|\(?(?:[0-9]{1,3}[a-z]?|[ivxIVX]{1,5}|[A-Za-z](?:\.[ivx]{1,4})?)[.)]"
    r"|[0-9]{1,3}(?: [.)])?)"
)
_ODD_NUMBER = re.compile(r"(?:^|[^0-9(])[0-9]{1,3}(?![0-9.)])|[0-9] [.)]")  # "6 Text", "4 .Text": only as a label
MARKER_PREFIX = re.compile(rf"(?:{_ONE_MARKER} ?(?:[.,;:] ?)?){{0,2}}(?:\*\*|__)?")  # and bold markup, a lost label's "."
# Something that reads as a marker at the start of a criterion's text (it should have been removed).
MARKER_AT_START = re.compile(rf"(?:[{re.escape(BULLETS)}][ \t]|\*\*|__|#)")


# --- coverage ("nothing lost") ----------------------------------------------------------------


def uncovered(text: str, spans: Iterable[Span], lo: int = 0, hi: int | None = None) -> list[int]:
    """Offsets in ``text[lo:hi]`` of content characters that no span covers (empty comments aside)."""
    hi = len(text) if hi is None else hi
    delta = [0] * (len(text) + 2)
    for m in EMPTY_COMMENT.finditer(text, 0, hi):
        delta[m.start()] += 1
        delta[m.end()] -= 1
    for sp in spans:
        s, e = max(sp.start, 0), min(sp.end, len(text))
        if s < e:
            delta[s] += 1
            delta[e] -= 1
    out = []
    depth = 0
    for i in range(hi):
        depth += delta[i]
        if i >= lo and depth == 0 and is_content(text[i]):
            out.append(i)
    return out


def criteria_spans(criteria: Criteria, issues: Iterable[Issue]) -> list[Span]:
    """Every range the criteria result accounts for: criteria (every piece), notes, headers, issues."""
    spans = [sp for _, _, c in criteria.walk() for sp in (c.span, *c.more_spans)]
    spans += list(criteria.note_spans)
    spans += [h.span for h in criteria.headers]
    spans += [i.span for i in issues if i.span is not None]
    return spans


def eligibility_body(page: str, listing: Listing) -> tuple[int, int] | None:
    """Original offsets of the eligibility section's body (its heading line left out)."""
    for sec in listing.sections:
        if sec.key == "eligibility":
            m = LINE_BREAK.search(page, sec.span.start, sec.span.end)
            return (m.end() if m else sec.span.end), sec.span.end
    return None


def show(text: str, i: int, width: int = 30) -> str:
    return ascii(text[max(0, i - width) : i + width])


# --- criterion text against its span ------------------------------------------------------------


# What a heading may carry after its words: a colon, bold markup around it ("**Cohort A:**").
_HEADING_TAIL = re.compile(r"\s*(?:\*\*|__)?\s*:\s*(?:\*\*|__)?$|\s*(?:\*\*|__)$")
# ... and before them: a run of a header's decoration ("***** Donor Inclusion Criteria:"), which
# the side headers' own pattern takes whole, however long.
_HEADING_DECORATION = re.compile(rf"[{re.escape(HEADER_DECORATION)}\s]*")


# A later piece of a criterion's text may open with a bullet of its own: a connector bullet
# ("* Or") that ends the item it stands under is that item's text, its marker inside the piece.
_PIECE_BULLET = re.compile(rf"[{re.escape(BULLETS)}] ")


def _piece_text(page: str, sp: Span) -> str:
    cs = clean(page[sp.start : sp.end])
    m = _PIECE_BULLET.match(cs)
    return cs[m.end() :] if m else cs


def text_mismatch(page: str, c: Criterion) -> str | None:
    """Why ``c.text`` is not the cleaned slice of its span minus the marker, followed by the
    cleaned slices of its later pieces (``more_spans``), joined with one space (None when it is).

    The slice, cleaned, must end with the text and what comes before must be nothing but one
    or two markers (or bold markup), holding the label. A criterion with children drops its
    trailing ":" (at the very end only: a ":" before a later piece stays); a group heading (no
    label) drops its ":" and bold markup too.
    """
    if not c.more_spans:
        return _head_mismatch(page, c, c.text, last=True)
    tail = " ".join(_piece_text(page, sp) for sp in c.more_spans)
    if c.children and tail.endswith(":") and not c.text.endswith(tail):
        tail = tail[:-1].rstrip()
    if not c.text.endswith(" " + tail):
        return f"text {c.text[-80:]!a} does not end with its later pieces {tail[:80]!a}"
    return _head_mismatch(page, c, c.text[: len(c.text) - len(tail) - 1], last=False)


def _head_mismatch(page: str, c: Criterion, text: str, *, last: bool) -> str | None:
    """Why ``text`` is not the cleaned slice of ``c.span`` minus the marker; ``last``: no piece
    follows (so a trailing ":" may have been dropped)."""
    sl = page[c.span.start : c.span.end]
    cs = clean(sl)
    candidates = [cs]
    if last and (c.children or c.label is None) and cs.endswith(":"):
        candidates.append(cs[:-1].rstrip())
    if last and c.label is None:
        candidates.append(_HEADING_TAIL.sub("", cs))
    for body in candidates:
        if not body.endswith(text):
            continue
        prefix = body[: len(body) - len(text)].strip()
        if MARKER_PREFIX.fullmatch(prefix) is None and (c.label is not None or not _HEADING_DECORATION.fullmatch(prefix)):
            continue
        if c.label is not None and c.label not in prefix and not any(ch in CIRCLED_NUMBERS for ch in prefix):
            return f"label {c.label!r} is not in the marker {prefix!r} of {sl[:80]!a}"
        if c.label is None and _ODD_NUMBER.search(prefix):
            return f"a number {prefix!r} was dropped from an unlabelled item: {sl[:80]!a}"
        return None
    return f"text {text[:80]!a} is not the cleaned slice {cs[:120]!a} minus a marker"


def criteria_problems(  # noqa: PLR0912 - one checklist of the tree invariants, a short branch each
    text: str,
    criteria: Criteria,
    issues: Iterable[Issue],
    lo: int = 0,
    hi: int | None = None,
    *,
    coverage: bool = True,
    overlap: bool = True,
    markers: bool = False,
) -> list[str]:
    """Every broken invariant of a criteria result read from ``text[lo:hi]`` (empty when none).

    ``coverage``: nothing lost; ``overlap``: no two spans overlap (a parent's span holds its own
    lines only); ``markers``: no text still starts with a bullet or bold markup (for real text:
    generated soup legitimately has items whose text is "•").
    """
    issues = tuple(issues)
    hi = len(text) if hi is None else hi
    problems: list[str] = []
    items = list(criteria.walk())
    # spans valid and inside the input
    for side, path, c in items:
        if not (lo <= c.span.start <= c.span.end <= hi):
            problems.append(f"{side}{path}: span {c.span} outside [{lo}, {hi}]")
        problems += [f"{side}{path}: {why}" for why in _pieces_out_of_order(c, lo, hi)]
    for sp in [*criteria.note_spans, *(h.span for h in criteria.headers)]:
        if not (lo <= sp.start <= sp.end <= hi):
            problems.append(f"note/header span {sp} outside [{lo}, {hi}]")
    if problems:
        return problems
    # nothing lost
    missing = uncovered(text, criteria_spans(criteria, issues), lo, hi) if coverage else []
    if missing:
        problems.append(f"{len(missing)} character(s) lost, first at {missing[0]}: {show(text, missing[0])}")
    # each criterion's text is derived from its own span
    for side, path, c in items:
        why = text_mismatch(text, c)
        if why:
            problems.append(f"{side}{path}: {why}")
        if markers and c.text and MARKER_AT_START.match(c.text):
            problems.append(f"{side}{path}: text still starts with a marker: {c.text[:60]!a}")
    # order, and a parent's span holds its own lines only: spans never overlap
    for side in ("inclusion", "exclusion") if overlap else ():
        spans = [(c.span, path) for s, path, c in items if s == side]
        for (a, pa), (b, pb) in itertools.pairwise(spans):
            if b.start < a.end:
                problems.append(f"{side}{pb} starts at {b.start}, inside {side}{pa} {a}: {show(text, b.start)}")
    ordered = (
        []
        if not overlap
        else sorted(
            [(sp.start, sp.end, f"{s}{p}") for s, p, c in items for sp in (c.span, *c.more_spans)]
            + [(sp.start, sp.end, "note") for sp in criteria.note_spans]
            + [(h.span.start, h.span.end, "header") for h in criteria.headers]
        )
    )
    for (s1, e1, n1), (s2, e2, n2) in itertools.pairwise(ordered):
        if s2 < e1 and e2 > s2:
            problems.append(f"{n2} [{s2}, {e2}] overlaps {n1} [{s1}, {e1}]")
    # no leakage between sides: an item sits under a header of its own side
    marks = sorted((h.span.start, h.side) for h in criteria.headers if h.side is not None)
    for side in ("inclusion", "exclusion"):
        for c in getattr(criteria, side):
            if c.label is None and ("inclusion" in c.text.lower() or "exclusion" in c.text.lower()):
                continue  # a cohort: the group is its own header
            before = [s for start, s in marks if start <= c.span.start]
            if before and before[-1] != side:
                problems.append(f"{side} item under a {before[-1]} header: {c.text[:60]!a}")
    return problems


def _last_end(c: Criterion) -> int:
    """Where the last span of ``c`` and everything under it ends (children are in page order)."""
    while c.children:
        c = c.children[-1]
    return max(sp.end for sp in (c.span, *c.more_spans))


def _pieces_out_of_order(c: Criterion, lo: int, hi: int) -> list[str]:
    """A criterion's later pieces: inside the input, after its span and its children, in order, not empty."""
    problems = []
    after = max(c.span.end, *(_last_end(k) for k in c.children)) if c.children else c.span.end
    for sp in c.more_spans:
        if not (lo <= sp.start < sp.end <= hi):
            problems.append(f"later piece {sp} empty or outside [{lo}, {hi}]")
        elif sp.start < after:
            problems.append(f"later piece {sp} starts before {after} (its span, children or the piece before)")
        after = sp.end
    return problems


def walk_reference(criteria: Criteria) -> list[tuple[str, tuple[int, ...], Criterion]]:
    """Depth-first, document order, written the obvious recursive way (trees here are shallow)."""
    out: list[tuple[str, tuple[int, ...], Criterion]] = []

    def visit(side: str, path: tuple[int, ...], c: Criterion) -> None:
        out.append((side, path, c))
        for i, child in enumerate(c.children):
            visit(side, (*path, i), child)

    for side in ("inclusion", "exclusion"):
        for i, c in enumerate(getattr(criteria, side)):
            visit(side, (i,), c)
    return out


Shape = list[Any]  # [(text, label, children: Shape), ...]


def shape(items: Iterable[Criterion]) -> Shape:
    """A criteria tree as plain data: (text, label, children), iteratively (trees may be deep)."""
    root: Shape = []
    stack: list[tuple[Criterion, Shape]] = [(c, root) for c in reversed(list(items))]
    while stack:
        c, into = stack.pop()
        kids: Shape = []
        into.append((c.text, c.label, kids))
        stack.extend((k, kids) for k in reversed(c.children))
    return root


# --- a random criteria tree, rendered in random marker styles -----------------------------------

ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"]

# style -> (marker for the n-th sibling, label the parser should give)
STYLES: dict[str, tuple[Callable[[int], str], Callable[[int], str | None]]] = {
    "star": (lambda n: "*", lambda n: None),
    "dash": (lambda n: "-", lambda n: None),
    "plus": (lambda n: "+", lambda n: None),
    "bullet": (lambda n: "•", lambda n: None),
    "middot": (lambda n: "·", lambda n: None),
    "endash": (lambda n: "–", lambda n: None),
    "circle": (lambda n: "o", lambda n: None),
    "square": (lambda n: "▪", lambda n: None),
    "num.": (lambda n: f"{n + 1}.", lambda n: str(n + 1)),
    "num)": (lambda n: f"{n + 1})", lambda n: str(n + 1)),
    "(num)": (lambda n: f"({n + 1})", lambda n: str(n + 1)),
    "num\\.": (lambda n: f"{n + 1}\\.", lambda n: str(n + 1)),
    "alpha.": (lambda n: f"{chr(97 + n)}.", lambda n: chr(97 + n)),
    "alpha)": (lambda n: f"{chr(97 + n)})", lambda n: chr(97 + n)),
    "(alpha)": (lambda n: f"({chr(97 + n)})", lambda n: chr(97 + n)),
    "ALPHA.": (lambda n: f"{chr(65 + n)}.", lambda n: chr(65 + n)),
    "roman.": (lambda n: f"{ROMAN[n]}.", lambda n: ROMAN[n]),
    "(roman)": (lambda n: f"({ROMAN[n]})", lambda n: ROMAN[n]),
}
MAX_SIBLINGS = 8
LEADIN_WORDS = frozenset(
    [
        "following",
        "below",
        "of",
        "either",
        "including",
        "includes",
        "include",
        "namely",
        "any",
        "are",
        "must",
        "these",
        "conditions",
        "criteria",
        "example",
        "as",
    ]
    # a colon after a word waiting for its complement ("… determined by:", "… subjects who:") leads in too
) | (DANGLING_WORDS | UNFINISHED_ENDS)  # letters stay before "i", roman numerals stay before "ix"


@dataclass
class Node:
    words: list[str]
    children: list[Node] = field(default_factory=list)

    @property
    def text(self) -> str:
        return clean(" ".join(self.words))


# Words that cannot be mistaken for structure: letters only (Unicode letters too), two or more.
_LETTERS = st.characters(categories=["Lu", "Ll", "Lo"], exclude_characters="ºª")
RANDOM_LETTER_WORD = st.text(_LETTERS, min_size=2, max_size=9).filter(
    # a side's lone "None"/"nil"/"NA" is a placeholder note, by design
    lambda w: "clusion" not in w.lower() and w.lower() not in {"show", "hide", "none", "nil", "na"} and len(w.split()) == 1
)
# Drawing characters one by one is slow; most words come from a vocabulary in many scripts.
VOCABULARY = [
    "patients",
    "adults",
    "age",
    "years",
    "history",
    "disease",
    "therapy",
    "prior",
    "treatment",
    "consent",
    "written",
    "informed",
    "pregnant",
    "women",
    "men",
    "adequate",
    "function",
    "renal",
    "hepatic",
    "cardiac",
    "known",
    "active",
    "infection",
    "within",
    "days",
    "weeks",
    "months",
    "surgery",
    "radiotherapy",
    "Disease",
    "Patients",
    "Adults",
    "History",
    "Subjects",
    "Participants",
    "ECOG",
    "Karnofsky",
    "HIV",
    "hepatitis",
    "MRI",
    "CT",
    "biopsy",
    "score",
    "pain",
    "lumbar",
    "cervical",
    "disc",
    "herniation",
    "sciatica",
    "spine",
    "level",
    "Oswestry",
    "Index",
    "Über",
    "naïve",
    "café",
    "résumé",
    "Ærø",
    "Øster",
    "Łódź",
    "Ελλάδα",
    "ασθενείς",
    "Пациенты",
    "возраст",
    "患者",
    "年龄",
    "治疗",
    "مريض",
    "العمر",
    "מטופל",
    "גיל",
    "रोगी",
    "आयु",
    "환자",
    "나이",
    "ผู้ป่วย",
    "Ünal",
    "Çelik",
]
LETTER_WORD = st.one_of(st.sampled_from(VOCABULARY), st.sampled_from(VOCABULARY), st.sampled_from(VOCABULARY), RANDOM_LETTER_WORD)
# Tokens of real criteria that are not structure; each is read back as ``clean(token)``.
TOKENS = [
    "ECOG",
    "≥18",
    "years",
    "(HIV)",
    "1.5",
    "x10^9/L",
    "&lt;3",
    "&amp;",
    "\\<",
    "\\*",
    "e.g.,",
    "of",
    "the",
    "following",
    "with",
    "ULN;",
    "(a)b",
    "10mg/kg",
    "3-6",
    "≤",
    "Grade",
    "CD4+",
    "\u00e9t\u00e9",
    "N/A",
    "and/or",
    "any",
    "must",
    "have",
    "[1]",
    "#2",
    "50%",
    "'quoted'",
    '"x"',
    "…",
]
WORD = st.one_of(LETTER_WORD, LETTER_WORD, st.sampled_from(TOKENS))
# The first word of an item or of a wrapped line never looks like a marker or a header.
WORDS = st.tuples(LETTER_WORD, st.lists(WORD, max_size=7)).map(lambda t: [t[0], *t[1]])


@st.composite
def criteria_trees(draw: st.DrawFn, max_depth: int = 4) -> list[Node]:
    """A random forest of criteria, at most ``max_depth`` levels deep."""

    def forest(depth: int) -> list[Node]:
        n = draw(st.integers(1, MAX_SIBLINGS if depth else 6))
        out = []
        for _ in range(n):
            node = Node(draw(WORDS))
            if depth + 1 < max_depth and draw(st.integers(0, 3)) == 0:
                node.children = forest(depth + 1)
            out.append(node)
        return out

    return forest(0)


@dataclass
class RenderedCriteria:
    text: str
    inclusion: list[Node]
    exclusion: list[Node]
    labels: dict[int, str | None]  # id(node) -> expected label


INCLUSION_HEADERS = [
    "Inclusion Criteria:",
    "INCLUSION CRITERIA:",
    "Inclusion criteria",
    "**Inclusion Criteria:**",
    "Key Inclusion Criteria:",
]
EXCLUSION_HEADERS = [
    "Exclusion Criteria:",
    "EXCLUSION CRITERIA",
    "Exclusion criteria:",
    "**Exclusion Criteria**",
    "Key Exclusion Criteria:",
]


@st.composite
def rendered_criteria(draw: st.DrawFn, max_depth: int = 4) -> RenderedCriteria:
    """Criteria text written from a random tree: random marker style per sibling list, random
    indentation (children deeper than their parent), wrapped lines, blank lines, CRLF."""
    inclusion = draw(criteria_trees(max_depth))
    exclusion = draw(st.one_of(st.just([]), criteria_trees(max_depth)))
    labels: dict[int, str | None] = {}
    lines: list[str] = []

    def write(nodes: list[Node], indent: int, top: bool = False) -> None:
        style = draw(st.sampled_from(sorted(STYLES)))
        marker, label = STYLES[style]
        for n, node in enumerate(nodes):
            labels[id(node)] = label(n)
            if draw(st.integers(0, 5)) == 0:
                lines.append("")
            mark = marker(n)
            text_words = node.words
            colon = ""  # written after the last word; a parent's colon is dropped from its text
            if node.children:
                # a side's lone bullet holding the rest without a colon is the registry's markdown
                # for a flat list (criteria-formats outlines): a parent alone at the top says ":"
                colon = ":" if (top and len(nodes) == 1) or draw(st.booleans()) else ""
            elif (
                # a leaf may end with ":" too ("diagnosis:") and keeps it, except after a lead-in
                # word ("… any:" adopts its own style: the legacy layout, by design), and except a
                # capitalised one ("Liver function:" may head the same-style bullets after it, by design)
                node.words[-1].isalpha()
                and node.words[-1].lower() not in LEADIN_WORDS
                and not node.words[0][:1].isupper()
                and draw(st.integers(0, 5)) == 0
            ):
                node.words[-1] += ":"
            cuts = [i for i, w in enumerate(text_words) if i and w.isalpha()]  # a wrapped line starts with a word
            split = draw(st.sampled_from(cuts)) if cuts and draw(st.integers(0, 3)) == 0 else 0
            first, rest = text_words[: split or len(text_words)], text_words[split or len(text_words) :]
            lines.append(" " * indent + mark + " " + " ".join(first) + ("" if rest else colon))
            if rest:  # a wrapped line: lazy (no indent) or hanging (at the text column)
                hang = draw(st.sampled_from([0, indent + len(mark) + 1]))
                lines.append(" " * hang + " ".join(rest) + colon)
            if node.children:
                write(node.children, indent + draw(st.integers(2, 4)))

    lines.append(draw(st.sampled_from(INCLUSION_HEADERS)))
    write(inclusion, draw(st.integers(0, 2)), top=True)
    if exclusion:
        lines.append("")
        lines.append(draw(st.sampled_from(EXCLUSION_HEADERS)))
        write(exclusion, draw(st.integers(0, 2)), top=True)
    newline = draw(st.sampled_from(["\n", "\n", "\r\n", "\r"]))
    return RenderedCriteria(newline.join(lines) + newline, inclusion, exclusion, labels)


def expected_shape(nodes: list[Node], labels: dict[int, str | None]) -> Shape:
    return [(node.text, labels[id(node)], expected_shape(node.children, labels)) for node in nodes]


def iter_nodes(nodes: list[Node]) -> Iterator[Node]:
    for node in nodes:
        yield node
        yield from iter_nodes(node.children)
