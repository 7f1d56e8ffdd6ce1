"""Normalise a page once, first, and keep the way back to the caller's offsets.

Line model (chosen on purpose, see README): a line ends at ``\\n``, ``\\r\\n``, a lone ``\\r``,
U+2028, U+2029, U+0085, vertical tab or form feed. All of them become ``\\n`` in
``Text.value``. Other changes:

- same length: non-breaking and other Unicode spaces -> " " (full-width digits and colons are
  kept in the text and read as ASCII by ``ascii_forms`` where values are parsed);
- deleted (length changes, recorded as cuts): the ``\\r`` of ``\\r\\n``, byte-order marks,
  zero-width characters, bidirectional marks, NUL and soft hyphens.

``Text.span(start, end)`` maps offsets in ``value`` back to the string given to ``parse()``.
Markdown escapes and HTML entities are *not* undone here: they are only undone when a value
is read (``clean_inline``), so a ``\\*`` never becomes a bullet.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable, Mapping
from typing import Final

from trialparse.model import Span

__all__ = ["Text", "ascii_forms", "clean_inline", "collapse_ws", "lazy_pattern", "split_list"]

# Characters deleted from the normalised text (keep in sync with the module docstring).
_DELETE_CHARS: Final = (
    "\ufeff\u200b\u200c\u200d\u2060\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\x00\u00ad"
)
# "\r" before "\n", or any of _DELETE_CHARS; written to start with one set of characters, so
# the matcher jumps from candidate to candidate instead of trying every position of the page
_DELETE_RE: Final = re.compile(r"[\r%s](?:(?<=\r)(?=\n)|(?<!\r))" % _DELETE_CHARS)
_NEEDS_WORK_RE: Final = re.compile(  # one character class: a page with none of them is left as it is
    r"[\r\u2028\u2029\u0085\v\f\u00a0\u1680\u2000-\u200f\u202a-\u202f\u205f\u2060\u2066-\u2069"
    r"\u3000\ufeff\x00\u00ad]"
)

# Every character _NEEDS_WORK_RE finds is outside printable ASCII; these bytes never are.
_PLAIN_BYTES: Final = bytes(range(0x20, 0x7F)) + b"\n\t"
_SAME_LENGTH: Final[dict[str, str]] = {
    **dict.fromkeys("\r\u2028\u2029\u0085\v\f", "\n"),
    **dict.fromkeys("\u00a0\u1680\u202f\u205f\u3000", " "),
    **{chr(cp): " " for cp in range(0x2000, 0x200B)},
}
# Full-width ASCII (digits, letters, colons) is read as ASCII where values are *read*, but kept
# in the text itself: a title's "：" stays as written.
_FULLWIDTH: Final[dict[int, int]] = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}

# Backslash escapes of ASCII punctuation (CommonMark) and the entities pages leave behind.
# a list comma, not a thousands separator inside a number ("1,414nm"); written to start with
# the comma, so the matcher jumps from comma to comma instead of trying every position
_COMMA_RE: Final = re.compile(r",(?:(?<![0-9],)|(?![0-9]))")
_ESCAPE_RE: Final = re.compile(r"\\([!-/:-@\[-`{-~])")
# A paragraph: a run of lines that are not blank (blank: only whitespace, as str.strip() sees it).
_PARAGRAPH_RE: Final = re.compile(r"^[^\S\n]*+\S[^\n]*+(?:\n[^\S\n]*+\S[^\n]*+)*+", re.MULTILINE)


class _OffsetMap:
    """Where characters were cut from a page: normalised offsets back to original ones.

    Kept apart from ``Text`` so that ``Text.span``, this map's bound method, does not refer
    back to the ``Text`` (a cycle would keep every such page alive until the collector runs).
    """

    __slots__ = ("cut_at", "cut_total")

    def __init__(self) -> None:
        self.cut_at: list[int] = []  # normalised offset of the first kept character after each cut
        self.cut_total: list[int] = []  # characters cut up to and including that cut

    def offset(self, index: int) -> int:
        k = bisect.bisect_right(self.cut_at, index)
        return index + (self.cut_total[k - 1] if k else 0)

    def span(self, start: int, end: int) -> Span:
        if end <= start:
            o = self.offset(start)
            return Span(o, o)
        return Span(self.offset(start), self.offset(end - 1) + 1)


class Text:
    """The normalised page plus the map back to original offsets."""

    __slots__ = ("_map", "original", "span", "value")

    span: Callable[[int, int], Span]
    """The original-text span of normalised ``[start, end)``: ``Span`` itself while no
    character was cut (most pages; a page makes ~40 spans, and this saves a call each)."""

    def __init__(self, original: str) -> None:
        self.original = original
        self._map: _OffsetMap | None = None
        self.span = Span
        # Most pages need no work. Searching the page itself costs the matcher a test per
        # character; its UTF-8 form without printable ASCII (a few bytes, a fast C pass each) still
        # holds every character the search can find, whole and in order, and is searched instead.
        rest = original.encode("utf-8", "surrogatepass").translate(None, _PLAIN_BYTES).decode("utf-8", "surrogatepass")
        if _NEEDS_WORK_RE.search(rest) is None:
            self.value = original
            return
        # Only the characters present are replaced: str.translate looks up every character.
        present = set(_NEEDS_WORK_RE.findall(rest))
        value = original
        if "\r\n" in original or not present.isdisjoint(_DELETE_CHARS):
            cuts = _OffsetMap()
            pieces: list[str] = []
            pos = 0
            deleted = 0
            for m in _DELETE_RE.finditer(original):
                pieces.append(original[pos : m.start()])
                pos = m.end()
                deleted += m.end() - m.start()
                # the first kept character after this cut, original index m.end(), now sits here
                cuts.cut_at.append(m.end() - deleted)
                cuts.cut_total.append(deleted)
            pieces.append(original[pos:])
            value = "".join(pieces)
            if cuts.cut_at:
                self._map = cuts
                self.span = cuts.span
        for char in present:
            replacement = _SAME_LENGTH.get(char)
            if replacement is not None:
                value = value.replace(char, replacement)
        self.value = value

    def lines(self, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
        """``(line_start, line_end)`` of each line of ``value[start:end]``, without the newline."""
        stop = len(self.value) if end is None else end
        if stop <= start:
            return []
        out = []
        pos = start
        for line in self.value[start:stop].split("\n"):
            end_pos = pos + len(line)
            out.append((pos, end_pos))
            pos = end_pos + 1
        if out and out[-1][0] == stop:
            out.pop()  # the text ends with a newline: no empty last line
        return out

    def paragraphs(self, start: int, end: int) -> list[tuple[str, int, int]]:
        """The paragraphs of ``value[start:end]``: ``(text, start, end)`` for each run of lines
        that are not blank, ``text`` being its lines stripped and joined by one space, and
        ``start``/``end`` the bounds of its first and last line (one match each, not a pass
        over every line in Python)."""
        out = []
        for m in _PARAGRAPH_RE.finditer(self.value[start:end]):
            block = m.group()
            text = " ".join([row.strip() for row in block.split("\n")]) if "\n" in block else block.strip()
            out.append((text, start + m.start(), start + m.end()))
        return out


def lazy_pattern(pattern: str, flags: int = 0) -> Callable[[], re.Pattern[str]]:
    """A pattern compiled on its first use, for patterns most pages never need.

    Compiling costs about as much as parsing a page; ``import trialparse`` should not pay
    for patterns only odd pages reach.
    """

    @functools.cache
    def compiled() -> re.Pattern[str]:
        return re.compile(pattern, flags)

    return compiled


def case_blind_key(table: Mapping[str, object], word: str) -> str:
    """The key of ``table`` that ``word`` spells, compared as an ``re.IGNORECASE`` pattern
    compares letters (the patterns that found ``word`` were built from those keys).

    ``str.lower()`` finds almost every word; ``re`` also takes "ſ" for s, dotless "ı" for i
    and the Kelvin sign for k, which ``lower()`` leaves as they are: only such spellings
    miss the plain lookup and are compared with each key.

    >>> case_blind_key({"last reviewed": 1}, "Last Revıewed")
    'last reviewed'
    """
    lowered = word.lower()
    if lowered in table:
        return lowered
    for key in table:
        if re.fullmatch(re.escape(key), word, re.IGNORECASE):
            return key
    raise KeyError(word)  # a pattern built from the keys matched it: not reachable


def ascii_forms(value: str) -> str:
    """Full-width ASCII forms as ASCII, for reading numbers and labels.

    >>> ascii_forms("１８ Years")
    '18 Years'
    """
    # str.translate looks up every character; an ASCII string (known in O(1)) has none to map
    return value if value.isascii() else value.translate(_FULLWIDTH)


def collapse_ws(value: str) -> str:
    """Collapse every run of whitespace to one space and strip the ends."""
    # Most values need nothing: printable text holds no white space but " " (in every Unicode
    # version Python has shipped; a test checks each code point), so two C scans tell, and
    # the split into words (an object per word) is left for text that needs it
    if value.isprintable() and "  " not in value and value[:1] != " " and value[-1:] != " ":
        return value
    return " ".join(value.split())


def clean_inline(value: str) -> str:
    """Undo markdown escapes and HTML entities, then collapse whitespace.

    >>> clean_inline(r"ANC \\>= 1.5 x 10^9/L  and  &lt; 3")
    'ANC >= 1.5 x 10^9/L and < 3'
    """
    if "\\" in value:
        # the pieces between escapes and each escaped character, joined: what sub(r"\1") gives,
        # without expanding a replacement template once per escape
        value = "".join(_ESCAPE_RE.split(value))
    if "&" in value:
        import html  # on first use: most pages have no entity

        value = html.unescape(value)
    return collapse_ws(value)


def split_list(value: str) -> tuple[str, ...]:
    """Split a list on semicolons if it has any, else on commas; never inside parentheses.

    >>> split_list("chemotherapy, immunotherapy")
    ('chemotherapy', 'immunotherapy')
    >>> split_list("Disk, Herniated; Sciatica")
    ('Disk, Herniated', 'Sciatica')
    >>> split_list("Drug A (10 mg, oral), Drug B")
    ('Drug A (10 mg, oral)', 'Drug B')
    >>> split_list("1,414nm Nd:YAG Laser System, Placebo")
    ('1,414nm Nd:YAG Laser System', 'Placebo')
    """
    sep = ";" if ";" in value else ","
    if "(" not in value and "[" not in value:
        pieces = value.split(";") if sep == ";" else _COMMA_RE.split(value)
        return tuple([p for p in [collapse_ws(x) for x in pieces] if p])
    parts: list[str] = []
    depth = 0
    start = 0
    for i, ch in enumerate(value):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(depth - 1, 0)
        elif (
            ch == sep
            and depth == 0
            and not (sep == "," and 0 < i < len(value) - 1 and value[i - 1].isdigit() and value[i + 1].isdigit())
        ):
            parts.append(value[start:i])
            start = i + 1
    parts.append(value[start:])
    return tuple(p for p in (collapse_ws(x) for x in parts) if p)
