"""The review page's writer: untrusted page text into HTML, one character for one, with nested
marks.

``_emit`` writes the text with every interval's tags; where two intervals cross, one is closed
and opened again, so the HTML stays well-formed. The text reaches the document only escaped,
and characters that would change how the rest of the page reads are made visible and harmless
(``_special``); ``review`` describes why.
"""

from __future__ import annotations

import heapq
import html
import re
from typing import Final

import attrs

# Characters the HTML parser would change, or that would reorder or hide what follows them.
_SPECIAL_RE: Final = re.compile("\r\n?|[\x00\x0b\x0c\x85\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ud800-\udfff]")
_LINE_SEPARATORS: Final = frozenset("\x0b\x0c\x85\u2028\u2029")
_UNENCODABLE_RE: Final = re.compile("[\x00\ud800-\udfff]")  # no HTML document can hold them


def _attr(value: str) -> str:
    """An attribute value: quotes escaped too; NUL and lone surrogates as U+FFFD."""
    return _UNENCODABLE_RE.sub("\ufffd", html.escape(value, quote=True))


def _escaped(value: str) -> str:
    """Text content: ``&``, ``<``, ``>`` escaped; NUL and lone surrogates as U+FFFD."""
    return _UNENCODABLE_RE.sub("\ufffd", html.escape(value, quote=False))


def _text(value: str) -> str:
    """Text outside the page body (sidebar, index): escaped, and isolated so bidi controls stay inside."""
    return f"<bdi>{_escaped(value)}</bdi>"


def _write_text(text: str, start: int, end: int, out: list[str]) -> None:
    """``text[start:end]`` into ``out`` so the document's text is exactly it, one character for one."""
    pos = start
    for m in _SPECIAL_RE.finditer(text, start, end):
        if m.start() > pos:
            out.append(html.escape(text[pos : m.start()], quote=False))
        out.append(_special(m.group(), m.end() == end and text[end : end + 1] == "\n"))
        pos = m.end()
    if pos < end:
        out.append(html.escape(text[pos:end], quote=False))


def _special(ch: str, lf_follows: bool) -> str:
    if ch == "\r\n":
        return "&#13;\n"
    if ch == "\r":  # a CR whose LF is in the next piece ends no line by itself
        return "&#13;" if lf_follows else "&#13;<br>"
    if ch in _LINE_SEPARATORS:
        return f"{ch}<br>"
    if ch == "\x00" or "\ud800" <= ch <= "\udfff":
        return "&#xFFFD;"
    return f'<span class="ctl" data-cp="U+{ord(ch):04X}">{ch}</span>'


# --- intervals ---------------------------------------------------------------------------------------


@attrs.define
class _Interval:
    start: int
    end: int
    rank: int
    ident: str  # ' id="…"' on the first piece, for the sidebar's links; or ""
    attributes: str  # class, data-start, data-end, title, …


def _emit(text: str, intervals: list[_Interval]) -> str:
    """The text with every interval's tags, nested; crossing intervals are split into pieces.

    Every piece carries its interval's number in document order (``data-n``); the pieces
    after the first are marked ``data-cont``.
    """
    order = sorted(intervals, key=lambda iv: (iv.start, -iv.end, iv.rank))
    out: list[str] = []
    stack: list[tuple[int, _Interval]] = []
    ends: list[int] = []  # heap of the open intervals' ends
    pos, k, n = 0, 0, len(order)
    while k < n or stack:
        next_start = order[k].start if k < n else len(text)
        p = min(next_start, ends[0]) if ends else next_start
        _write_text(text, pos, p, out)
        pos = p
        if ends and ends[0] == p:
            while ends and ends[0] == p:
                heapq.heappop(ends)
            low = next(i for i, (_, iv) in enumerate(stack) if iv.end == p)
            out.extend("</span>" for _ in stack[low:])
            reopened = [(serial, iv) for serial, iv in stack[low:] if iv.end != p]
            del stack[low:]
            for serial, iv in reopened:
                out.append(f'<span{iv.attributes} data-n="{serial}" data-cont>')
                stack.append((serial, iv))
        while k < n and order[k].start == p:
            iv = order[k]
            out.append(f'<span{iv.ident}{iv.attributes} data-n="{k}">')
            if iv.end == p:  # a point: an empty mark the CSS draws
                out.append("</span>")
            else:
                stack.append((k, iv))
                heapq.heappush(ends, iv.end)
            k += 1
    _write_text(text, pos, len(text), out)
    return "".join(out)
