"""review_html(): one self-contained HTML page showing what was read from a listing, and where.

The page shows the exact text given to ``parse()`` with every span the listing carries
highlighted: section headings, quick facts (their typed value in the ``title``), criteria
coloured by side with their depth drawn as rails, constraints underlined with their
reading, headers and notes muted, issues marked at their span. Text that no value claims
stays plain, so the gaps show. A sidebar holds the counts, the issues and the outline.

It is built in one pass over the text. Every span becomes an interval (start, end, rank,
tags); the intervals are sorted once, then the text between consecutive boundaries is
written out escaped while the tags are opened and closed as a stack. Intervals nest; one
that crosses another is closed before the other's end and opened again after it, so the
HTML stays well-formed and each piece carries the interval's ``data-start``/``data-end``.

Page text is untrusted: it only ever reaches the HTML escaped (``&``, ``<``, ``>`` in text,
quotes too in attributes). Characters that would change how the rest of the page reads are
made visible and harmless while kept in the document text: bidirectional and zero-width
controls are wrapped in an isolating element that shows their code point, lone CR and other
line separators get a ``<br>`` after them, CR is written as ``&#13;`` (the HTML parser would
turn a raw CR into LF), and NUL and lone surrogates, which HTML cannot hold, become U+FFFD.
So the document's text is the page, one character for one, and offsets stay right.

Only the model's records are read. Quick facts carry no spans in the model, so their lines
are found again with the label table the facts stage parses with (one vocabulary).
"""

from __future__ import annotations

import datetime
import enum
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Final, NamedTuple
from urllib.parse import quote

import attrs

from trialparse._review_html import _attr, _emit, _escaped, _Interval, _text
from trialparse.model import Age, AgeRange, Constraint, Criterion, Listing, Section, Severity, Span
from trialparse.vocabulary import FACT_LABELS, fact_label_at

__all__ = ["STANDOUT_CODES", "ReviewEntry", "constraint_reading", "describe", "review_entry", "review_html", "review_index"]

# Issue codes that need a person's eyes before the rest; drawn louder than their severity says.
STANDOUT_CODES: Final = frozenset({"criteria.ambiguous_structure"})

# Outer kinds first when two intervals share both ends, so a criterion holds its issue mark.
_RANK: Final[Mapping[str, int]] = {
    "heading": 0,
    "fact": 1,
    "label": 2,
    "field": 3,
    "header": 4,
    "note": 4,
    "crit": 5,
    "constraint": 6,
    "related": 7,
    "issue": 8,
}

_LINE_END_RE: Final = re.compile("\r\n|[\n\r\x0b\x0c\x85\u2028\u2029]")


# Constraint fields drawn as "≥ low", "≤ high" (or "low–high"); the others are named as they are.
# the reading shows the normalised bounds; the same bounds as written (schema 1.1) would repeat them
_BOUNDS: Final = frozenset(
    {"kind", "span", "low", "low_inclusive", "high", "high_inclusive", "unit", "subject"}
    | {"low_as_written", "high_as_written", "unit_as_written"}
)


# --- readings: typed values as short text ----------------------------------------------------------


def _number(value: float) -> str:
    """``18.0`` -> ``18``, ``91.3125`` stays; never an exponent for whole numbers."""
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


def describe(value: object) -> str:
    """A typed value as a person reads it; records generically, field by field.

    >>> from trialparse.model import AgeUnit, Enrollment, EnrollmentStatus
    >>> describe(AgeRange(Age(18, AgeUnit.YEARS), Age(75, AgeUnit.YEARS)))
    '18–75 YEARS'
    >>> describe(Enrollment(150, EnrollmentStatus.ESTIMATED))
    'count=150, status=ESTIMATED'
    >>> describe(("chemotherapy", "immunotherapy"))
    'chemotherapy; immunotherapy'
    """
    if value is None or value == ():
        return "(not read)"
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return _number(value)
    if isinstance(value, (str, int)):
        return str(value)
    if isinstance(value, tuple | list):
        return "; ".join(describe(v) for v in value)
    if isinstance(value, Age):
        return f"{value.value} {value.unit.value}"
    if isinstance(value, AgeRange):
        return _describe_ages(value)
    if attrs.has(type(value)):
        parts = [(a.name, getattr(value, a.name)) for a in attrs.fields(type(value))]  # type: ignore[arg-type]
        return ", ".join(f"{name}={describe(v)}" for name, v in parts if v is not None and v != () and not isinstance(v, Span))
    return str(value)


def _describe_ages(ages: AgeRange) -> str:
    low, high = ages.minimum, ages.maximum
    if low is not None and high is not None:
        if low.unit is high.unit:
            return f"{low.value}–{high.value} {low.unit.value}"
        return f"{describe(low)} – {describe(high)}"
    if low is not None:
        return f"≥ {describe(low)}"
    if high is not None:
        return f"≤ {describe(high)}"
    return "no limit"


def constraint_reading(constraint: Constraint) -> str:
    """The constraint as one line: kind, subject, bounds and unit, then any other field by name.

    Read from the record's fields, so a new kind or field shows without an edit here.

    >>> from trialparse.model import ConstraintKind
    >>> constraint_reading(Constraint(ConstraintKind.AGE, Span(0, 1), low=18.0, unit="years"))
    'AGE ≥ 18 years'
    >>> constraint_reading(Constraint(ConstraintKind.ECOG, Span(0, 1), low=0.0, high=1.0))
    'ECOG 0–1'
    >>> constraint_reading(Constraint(ConstraintKind.TIME_WINDOW, Span(0, 1), subject="surgery", high=28.0,
    ...                               high_inclusive=False, unit="days"))
    'TIME_WINDOW (surgery) < 28 days'
    """
    values = {a.name: (getattr(constraint, a.name), a.default) for a in attrs.fields(type(constraint))}
    kind = values.get("kind", (type(constraint).__name__, None))[0]
    parts = [describe(kind)]
    subject, low, high, unit = (values.get(name, (None, None))[0] for name in ("subject", "low", "high", "unit"))
    low_in, high_in = (values.get(name, (True, None))[0] for name in ("low_inclusive", "high_inclusive"))
    if subject:
        parts.append(f"({subject})")
    has_low, has_high = isinstance(low, float | int), isinstance(high, float | int)
    if has_low and has_high and low_in and high_in:
        parts.append(f"{describe(float(low))}–{describe(float(high))}")
    else:
        if has_low:
            parts.append(f"{'≥' if low_in else '>'} {describe(float(low))}")
        if has_high:
            parts.append(f"{'and ' if has_low else ''}{'≤' if high_in else '<'} {describe(float(high))}")
    if unit:
        parts.append(str(unit))
    for name, (value, default) in values.items():
        if name in _BOUNDS or isinstance(value, Span) or value is None or value in ((), default):
            continue
        parts.append(f"{name}={describe(value)}")
    return " ".join(parts)


# --- intervals ---------------------------------------------------------------------------------------


def _tag(kind: str, start: int, end: int, classes: str, title: str, extra: str = "", ident: str = "") -> _Interval:
    attributes = f' class="{classes}" data-start="{start}" data-end="{end}" title="{_attr(title)}"{extra}'
    return _Interval(start, end, _RANK[kind], f' id="{ident}"' if ident else "", attributes)


def _clamp(span: Span, size: int) -> tuple[int, int] | None:
    """The span cut at the text's end; None for one that starts past it or ends before it starts
    (a listing read from another text)."""
    if not 0 <= span.start <= min(span.end, size):
        return None
    return span.start, min(span.end, size)


def _heading_end(text: str, section: Section) -> int:
    """Where the heading ends: the heading as written, else the section's first line."""
    s, e = section.span.start, min(section.span.end, len(text))
    if section.heading and text.startswith(section.heading, s):
        return s + len(section.heading)
    m = _LINE_END_RE.search(text, s, e)
    return m.start() if m else e


def _lines(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of each line in ``text[start:end]``, line ends left out, blank lines skipped."""
    pos = start
    for m in _LINE_END_RE.finditer(text, start, end):
        if text[pos : m.start()].strip():
            yield pos, m.start()
        pos = m.end()
    if text[pos:end].strip():
        yield pos, end


def _fact_value(listing: Listing, field: str) -> object:
    if field in attrs.fields_dict(type(listing.facts)):
        return getattr(listing.facts, field)
    return getattr(listing, field, None)


def _fact_intervals(listing: Listing, text: str) -> Iterator[_Interval]:
    """Each quick-facts line with a known label: the line, its typed value in the title, the label muted.

    A label alone on its line takes the next line as its value, as the facts stage reads it.
    """
    seen: set[str] = set()
    for section in listing.sections:
        if section.key != "quick_facts":
            continue
        lines = [_strip(text, s, e) for s, e in _lines(text, _heading_end(text, section), min(section.span.end, len(text)))]
        i = 0
        while i < len(lines):
            s, e = lines[i]
            i += 1
            found = fact_label_at(text, s, e)
            if found is None:
                continue
            label = found[0]
            if not text[s + len(label) : e].strip(" \t:：") and i < len(lines):
                e = lines[i][1]
                i += 1
            field = FACT_LABELS[label]
            reading = f"{text[s : s + len(label)]} → {describe(_fact_value(listing, field))}"
            if field in seen:
                reading += " (given twice: this one is not kept)"
            seen.add(field)
            yield _tag("fact", s, e, f"fact f-{field}", reading, f' data-field="{field}"')
            yield _tag("label", s, s + len(label), "fl", reading)


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    """The line without the spaces and tabs around it (the line holds more than those)."""
    while text[start] in " \t":
        start += 1
    while text[end - 1] in " \t":
        end -= 1
    return start, end


def _field_intervals(listing: Listing, text: str) -> Iterator[_Interval]:
    """Text values found verbatim in the sections (title, summary, "Good fit: …", conditions, the review
    date), named in the title; a value written differently on the page stays unmarked."""
    sections = [(s.span.start, min(s.span.end, len(text))) for s in listing.sections]
    claimed: set[int] = set()  # a summary repeated as the description: each field gets its own place
    for a in attrs.fields(type(listing)):
        if a.name == "trial_id":  # its fact line shows it
            continue
        for value, title in _written_values(a.name, getattr(listing, a.name)):
            found = next((f for s, e in sections if (f := _unclaimed(text, value, s, e, claimed)) >= 0), -1)
            if found >= 0:
                claimed.add(found)
                yield _tag("field", found, found + len(value), "val", title)


def _written_values(name: str, value: object) -> Iterator[tuple[str, str]]:
    """``(text as it may stand on the page, title)`` for a listing field's value: strings, lists of strings, dates."""
    title = name.replace("_", " ")
    if isinstance(value, str) and len(value) >= 3:
        yield value, title
    elif isinstance(value, tuple):
        yield from ((v, title) for v in value if isinstance(v, str) and len(v) >= 3)
    elif isinstance(value, datetime.date):
        yield value.isoformat(), f"{title} → {value.isoformat()}"


def _unclaimed(text: str, value: str, start: int, end: int, claimed: set[int]) -> int:
    """Where ``value`` first stands in ``text[start:end]`` at a place no other field took, or -1."""
    found = text.find(value, start, end)
    while found in claimed:
        found = text.find(value, found + 1, end)
    return found


def _criterion_title(side: str, path: tuple[int, ...], criterion: Criterion) -> str:
    where = ".".join(str(i + 1) for i in path)
    label = f'label "{criterion.label}"' if criterion.label else "no label"
    readings = "".join(f"\n  {constraint_reading(c)}" for c in criterion.constraints)
    return f"{side} {where} · depth {len(path)} · {label}{readings}"


def _path_name(side: str, path: tuple[int, ...]) -> str:
    return side[:1].upper() + ".".join(str(i + 1) for i in path)


def _criterion_intervals(side: str, path: tuple[int, ...], criterion: Criterion, size: int) -> Iterator[_Interval]:
    """The highlight of a criterion's span, and one for each later piece of its text (after its
    children: the same item, without a second id)."""
    name = _path_name(side, path)
    classes = f"crit {side[:3]} d{min(len(path), 6)}"
    extra = f' data-path="{name}"' + (f' data-label="{_attr(criterion.label)}"' if criterion.label else "")
    span = _clamp(criterion.span, size)
    if span is not None:
        yield _tag("crit", *span, classes, _criterion_title(side, path, criterion), extra, f"c-{name}")
    for piece in criterion.more_spans:
        pspan = _clamp(piece, size)
        if pspan is not None:
            title = _criterion_title(side, path, criterion) + " · its text continued"
            yield _tag("crit", *pspan, classes, title, extra + " data-piece")


def _intervals(listing: Listing, text: str) -> list[_Interval]:
    size = len(text)
    out: list[_Interval] = []
    for section in listing.sections:
        span = _clamp(section.span, size)
        if span is not None and section.heading:
            key = _attr(section.key)
            out.append(
                _tag(
                    "heading", span[0], _heading_end(text, section), f"hd k-{key}", f"section {section.key}", f' data-key="{key}"'
                )
            )
    out.extend(_fact_intervals(listing, text))
    out.extend(_field_intervals(listing, text))
    criteria = listing.criteria
    for header in criteria.headers:
        span = _clamp(header.span, size)
        if span is not None:
            what = f"{header.side} header" if header.side else "page chrome (not a criterion)"
            out.append(_tag("header", *span, "hdr", what))
    for note in criteria.note_spans:
        span = _clamp(note, size)
        if span is not None:
            out.append(_tag("note", *span, "note", "note (not a criterion)"))
    for side, path, criterion in criteria.walk():
        out.extend(_criterion_intervals(side, path, criterion, size))
        for constraint in criterion.constraints:
            cspan = _clamp(constraint.span, size)
            if cspan is not None:
                out.append(_tag("constraint", *cspan, "con", constraint_reading(constraint)))
    for n, issue in enumerate(listing.issues, start=1):
        title = f"{issue.severity.value} {issue.code}: {issue.message}"
        loud = " standout" if issue.code in STANDOUT_CODES else ""
        code = f' data-code="{_attr(issue.code)}"'
        ispan = _clamp(issue.span, size) if issue.span is not None else None
        if ispan is not None:
            out.append(_tag("issue", *ispan, f"iss sev-{issue.severity.value}{loud}", title, code, f"i{n}"))
        for related in issue.related_spans:
            rspan = _clamp(related, size)
            if rspan is not None:
                out.append(_tag("related", *rspan, "rel", f"related to {issue.code} (issue {n})", code))
    return out


# --- the page ---------------------------------------------------------------------------------------

_CSS: Final = """
:root{--inc:#1a7f37;--inc-bg:#e9f7ee;--exc:#b3261e;--exc-bg:#fdeeed;--mut:#6e7781;--line:#d0d7de}
*{box-sizing:border-box}
body{margin:0;font:15px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:#1f2328;background:#f6f8fa}
header{padding:14px 24px;background:#fff;border-bottom:1px solid var(--line)}
header h1{margin:0;font-size:18px;font-weight:600}
header .sub{color:var(--mut);font-size:13px;margin-top:2px}
.chips{margin-top:8px;display:flex;flex-wrap:wrap;gap:6px}
.chip{font-size:12px;padding:2px 8px;border-radius:10px;background:#eef1f4;border:1px solid var(--line)}
.chip.sev-ERROR{background:#ffebe9;border-color:#ff8182}.chip.sev-WARNING{background:#fff8c5;border-color:#d4a72c}
.chip.sev-INFO{background:#ddf4ff;border-color:#54aeff}.chip.standout{background:#fbefff;border-color:#8250df;font-weight:600}
main{display:grid;grid-template-columns:minmax(0,1fr) 25rem;gap:20px;padding:20px 24px;align-items:start}
@media (max-width:1000px){main{grid-template-columns:1fr}}
.page{background:#fff;border:1px solid var(--line);border-radius:6px;padding:18px 22px;white-space:pre-wrap;
 overflow-wrap:anywhere;tab-size:4}
.page span{box-decoration-break:clone;-webkit-box-decoration-break:clone}
.hd{font-weight:700;color:#0b3d91}
.hd::after{content:attr(data-key);font:600 10px/1 ui-monospace,monospace;color:#57606a;background:#eef1f4;
 border-radius:3px;padding:1px 4px;margin-left:8px;vertical-align:2px}
.hd.k-unknown{color:#953800}.hd.k-unknown::after{background:#fff1e5}
.fact{background:#fffbe6;border-bottom:1px dotted #bf8700;cursor:help}
.fl{color:var(--mut);font-variant:small-caps;margin-right:6px}
.val{background:#f3f6ff}
.hdr,.note{color:var(--mut);font-style:italic}
.crit{padding-left:6px;border-radius:2px;cursor:help}
.crit::before{content:attr(data-path);font:600 10px/1 ui-monospace,monospace;color:#fff;border-radius:3px;
 padding:1px 3px;margin-right:4px;vertical-align:2px}
.inc{background:var(--inc-bg)}.inc::before{background:var(--inc)}
.exc{background:var(--exc-bg)}.exc::before{background:var(--exc)}
.inc.d1{box-shadow:inset 3px 0 var(--inc)}.exc.d1{box-shadow:inset 3px 0 var(--exc)}
.inc.d2{box-shadow:inset 3px 0 var(--inc),inset 6px 0 #fff,inset 9px 0 var(--inc);padding-left:12px}
.exc.d2{box-shadow:inset 3px 0 var(--exc),inset 6px 0 #fff,inset 9px 0 var(--exc);padding-left:12px}
.inc.d3,.inc.d4,.inc.d5,.inc.d6{box-shadow:inset 3px 0 var(--inc),inset 6px 0 #fff,inset 9px 0 var(--inc),
 inset 12px 0 #fff,inset 15px 0 var(--inc);padding-left:18px}
.exc.d3,.exc.d4,.exc.d5,.exc.d6{box-shadow:inset 3px 0 var(--exc),inset 6px 0 #fff,inset 9px 0 var(--exc),
 inset 12px 0 #fff,inset 15px 0 var(--exc);padding-left:18px}
.con{border-bottom:2px solid #0969da;background:rgba(9,105,218,.08);cursor:help}
.iss{text-decoration:underline wavy;text-decoration-skip-ink:none;cursor:help}
.iss.sev-ERROR{text-decoration-color:#cf222e;background:rgba(207,34,46,.12)}
.iss.sev-WARNING{text-decoration-color:#bf8700;background:rgba(212,167,44,.18)}
.iss.sev-INFO{text-decoration-color:#0969da}
.iss:empty::before{content:"\\2691";color:#cf222e}
.iss.standout{outline:2px solid #8250df;outline-offset:1px;background:rgba(130,80,223,.16);text-decoration-color:#8250df}
.iss.standout:not(:empty)::after{content:"ambiguous structure";font:600 10px/1 ui-monospace,monospace;color:#fff;
 background:#8250df;border-radius:3px;padding:1px 4px;margin-left:4px;vertical-align:2px}
.rel{outline:1px dashed #bf8700;outline-offset:1px}
.ctl{unicode-bidi:isolate;font:10px/1 ui-monospace,monospace;color:#953800;background:#fff1e5;border-radius:2px}
.ctl::before{content:attr(data-cp)}
aside{position:sticky;top:12px;max-height:calc(100vh - 24px);overflow:auto;background:#fff;border:1px solid var(--line);
 border-radius:6px;padding:12px 14px;font-size:13px}
aside h2{font-size:12px;text-transform:uppercase;letter-spacing:.05em;color:var(--mut);margin:12px 0 6px}
aside h2:first-child{margin-top:0}
aside ul{list-style:none;margin:0;padding:0}
aside li{padding:2px 0;border-bottom:1px solid #f0f2f4}
aside a{color:inherit;text-decoration:none}aside a:hover{text-decoration:underline}
.code{font:600 11px ui-monospace,monospace}
li.sev-ERROR .code{color:#cf222e}li.sev-WARNING .code{color:#9a6700}li.sev-INFO .code{color:#0969da}
li.standout{background:#fbefff;border-left:3px solid #8250df;padding-left:5px}
.ol-item{display:flex;gap:6px;align-items:baseline}.ol-path{font:600 11px ui-monospace,monospace;flex:none;min-width:3.2em}
.ol-item.inc .ol-path{color:var(--inc)}.ol-item.exc .ol-path{color:var(--exc)}
.ol-lbl{color:var(--mut);flex:none}.ol-text{overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.ol-con{margin-left:3.6em;color:#0969da;font:11px ui-monospace,monospace;white-space:nowrap;overflow:hidden;
 text-overflow:ellipsis}
.legend span{display:inline-block;margin:2px 4px 2px 0;padding:0 4px;border-radius:2px}
.none{color:var(--mut);font-style:italic}
table{border-collapse:collapse;background:#fff;margin:20px 24px;font-size:14px}
th,td{border:1px solid var(--line);padding:4px 10px;text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}
td.z{color:#c0c4c9}td.sev-ERROR{color:#cf222e;font-weight:600}td.sev-WARNING{color:#9a6700;font-weight:600}
td.standout{color:#8250df;font-weight:700}
"""


def _counts(listing: Listing) -> tuple[int, int, dict[Severity, int], int]:
    criteria = constraints = 0
    for _, _, c in listing.criteria.walk():
        criteria += 1
        constraints += len(c.constraints)
    severities = dict.fromkeys(Severity, 0)
    for issue in listing.issues:
        severities[issue.severity] += 1
    standout = sum(1 for i in listing.issues if i.code in STANDOUT_CODES)
    return criteria, constraints, severities, standout


def _chips(listing: Listing, line_ends: str) -> str:
    criteria, constraints, severities, standout = _counts(listing)
    inclusion = sum(1 for side, _, _ in listing.criteria.walk() if side == "inclusion")
    sides = f"{inclusion} inclusion, {criteria - inclusion} exclusion"
    chips = [f'<span class="chip">{criteria} criteria ({sides})</span>', f'<span class="chip">{constraints} constraints</span>']
    chips += [f'<span class="chip sev-{sev.value}">{n} {sev.value}</span>' for sev, n in severities.items()]
    if standout:
        chips.append(f'<span class="chip standout">{standout} ambiguous structure</span>')
    chips.append(f'<span class="chip">line ends: {line_ends}</span>')
    return f'<div class="chips">{"".join(chips)}</div>'


def _line_ends(text: str) -> str:
    crlf = text.count("\r\n")
    cr, lf = text.count("\r") - crlf, text.count("\n") - crlf
    kinds = [name for name, n in (("LF", lf), ("CRLF", crlf), ("CR", cr)) if n]
    return " + ".join(kinds) or "none"


def _issue_list(listing: Listing, size: int) -> str:
    if not listing.issues:
        return '<p class="none">No issues.</p>'
    rows = []
    numbered = sorted(enumerate(listing.issues, start=1), key=lambda ni: ni[1].code not in STANDOUT_CODES)
    for n, issue in numbered:
        loud = " standout" if issue.code in STANDOUT_CODES else ""
        placed = issue.span is not None and _clamp(issue.span, size) is not None
        code = (
            f'<a href="#i{n}" class="code">{_text(issue.code)}</a>'
            if placed
            else f'<span class="code">{_text(issue.code)}</span>'
        )
        where = "" if placed else ' <span class="none">(no place in the text)</span>'
        rows.append(f'<li class="sev-{issue.severity.value}{loud}">{code} {_text(issue.message)}{where}</li>')
    return f"<ul>{''.join(rows)}</ul>"


def _outline(listing: Listing) -> str:
    rows = []
    for side, path, criterion in listing.criteria.walk():
        name = _path_name(side, path)
        indent = f' style="padding-left:{min(len(path) - 1, 6) * 14}px"'
        label = f'<span class="ol-lbl">{_text(criterion.label)}</span>' if criterion.label else ""
        rows.append(
            f'<li class="ol-item {side[:3]}"{indent}><a class="ol-path" href="#c-{name}">{name}</a>{label}'
            f'<span class="ol-text" title="{_attr(criterion.text)}">{_text(criterion.text)}</span></li>'
        )
        rows.extend(f'<li class="ol-con">{_text(constraint_reading(c))}</li>' for c in criterion.constraints)
    return f"<ul>{''.join(rows)}</ul>" if rows else '<p class="none">No criteria read.</p>'


_LEGEND: Final = (
    '<div class="legend"><span class="hd" data-key="key">Heading</span><span class="fact">quick fact</span>'
    '<span class="val">text field</span><span class="inc">inclusion</span><span class="exc">exclusion</span>'
    '<span class="con">constraint</span><span class="hdr">header, note</span>'
    '<span class="iss sev-ERROR">error</span><span class="iss sev-WARNING">warning</span>'
    '<span class="iss sev-INFO">info</span><span class="iss standout">ambiguous</span>'
    '<span class="rel">related</span> plain: read by no value · hover for what was read</div>'
)


def review_html(listing: Listing, text: str) -> str:
    """One self-contained HTML page (inline CSS, no script) showing ``text`` with what ``listing`` read, where.

    ``text`` is the exact string given to ``parse()``: every span indexes it, and the page's
    text is exactly it. A listing read from another text still renders; spans past its end
    are cut at the end.

    >>> from trialparse import parse
    >>> page = "Quick facts\\n\\nSexAll\\n<b>&</b>"
    >>> out = review_html(parse(page), page)
    >>> 'title="Sex → ALL"' in out, "&lt;b&gt;&amp;&lt;/b&gt;" in out, "<b>" in out
    (True, True, False)
    """
    body = _emit(text, _intervals(listing, text))
    name = listing.trial_id or "listing"
    heading = f"{_text(name)} · {_text(listing.title)}" if listing.title else _text(name)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{_escaped(name)} · trialparse review</title>"
        f"<style>{_CSS}</style></head><body>"
        f'<header><h1>{heading}</h1><div class="sub">What trialparse read from this page, and where: '
        f"hover a highlight for its value.</div>{_chips(listing, _line_ends(text))}</header>"
        f'<main><div class="page" id="page" dir="ltr">{body}</div>'
        f"<aside><h2>Issues</h2>{_issue_list(listing, len(text))}<h2>Criteria outline</h2>{_outline(listing)}"
        f"<h2>Legend</h2>{_LEGEND}</aside></main></body></html>\n"
    )


# --- the index --------------------------------------------------------------------------------------


class ReviewEntry(NamedTuple):
    """One row of ``index.html``: where the page is and what it counts (no text kept)."""

    href: str
    source: str
    trial_id: str | None
    title: str | None
    criteria: int
    constraints: int
    severities: tuple[tuple[Severity, int], ...]
    standout: int


def review_entry(href: str, source: str, listing: Listing) -> ReviewEntry:
    """The index row of a listing whose page was written to ``href``."""
    criteria, constraints, severities, standout = _counts(listing)
    return ReviewEntry(href, source, listing.trial_id, listing.title, criteria, constraints, tuple(severities.items()), standout)


def review_index(entries: Iterable[ReviewEntry]) -> str:
    """``index.html``: each page with its counts of criteria, constraints and issues by severity.

    >>> page = review_index([ReviewEntry("a b.html", "pages/a b.txt", "NCT00000001", "A <trial>", 3, 1,
    ...                                  ((Severity.ERROR, 1), (Severity.WARNING, 0), (Severity.INFO, 2)), 0)])
    >>> '<a href="a%20b.html">' in page, "A &lt;trial&gt;" in page, "1 pages · 3 criteria" in page
    (True, True, True)
    """
    head = "".join(f"<th>{sev.value}</th>" for sev in Severity)
    rows = []
    totals = [0, 0, *(0 for _ in Severity), 0]
    for e in entries:
        counts = [e.criteria, e.constraints, *(n for _, n in e.severities), e.standout]
        totals = [t + n for t, n in zip(totals, counts, strict=True)]
        kinds = ["", "", *(f" sev-{sev.value}" for sev, _ in e.severities), " standout"]
        cells = "".join(f'<td class="n{kind if n else " z"}">{n}</td>' for kind, n in zip(kinds, counts, strict=True))
        rows.append(
            f'<tr><td><a href="{_attr(quote(e.href))}">{_text(e.source)}</a></td><td>{_text(e.trial_id or "")}</td>'
            f"<td>{_text(e.title or '')}</td>{cells}</tr>"
        )
    issues = ", ".join(f"{n} {sev.value}" for sev, n in zip(Severity, totals[2:-1], strict=True))
    summary = f"{len(rows)} pages · {totals[0]} criteria · {totals[1]} constraints · issues: {issues}"
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>trialparse review</title>'
        f'<style>{_CSS}</style></head><body><header><h1>trialparse review</h1><div class="sub">{summary}</div></header>'
        f"<table><thead><tr><th>page</th><th>trial</th><th>title</th><th>criteria</th><th>constraints</th>{head}"
        f"<th>ambiguous</th></tr></thead><tbody>{''.join(rows)}</tbody></table></body></html>\n"
    )
