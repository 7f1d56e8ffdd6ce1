"""The grammar: rules that turn a clause's tokens into constraints.

A clause is a run of tokens between ``;``, ``•`` and sentence ends; nothing is read across one.
In a clause, every *value* is read first (``read_value``: a number with its comparators,
unit, range end or suffix); then each value is offered to the rules below, in order, and the
first rule that reads it gives its constraint. A rule reads a value only when the words around
it say what it is; an uncertain reading gives nothing (precision first).

Rules (each function's docstring has its example):

1. ``scored``     — an anchor of a score, class or index before the value: ECOG, Karnofsky,
                    ASA, BMI, pain scales, disability indices;
2. ``lab``        — an analyte before the value (or, with a lab unit, any noun before it);
3. ``measurement``— LVEF, QTc, blood pressure, weight … before the value, in their units;
4. ``grade``      — a toxicity grade;
5. ``count``      — a count of lines of therapy, lesions, cycles after the value;
6. ``life``       — a life expectancy before a time value;
7. ``age``        — an age word before, an age tail after ("years old"), or a person before;
8. ``window``     — a time between an event and the trial ("within 4 weeks", "in the last
                    6 months", "at least 28 days prior to");
9. ``duration``   — how long a symptom or treatment lasted ("pain for ≥ 6 weeks").

Then two readings of one thing become one (``merge_bounds``): "older than 14 years and
younger than 25 years" is one AGE, 14 to 25.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from trialparse.constraints import vocabulary as v
from trialparse.constraints.lexer import Token
from trialparse.constraints.rules import RULES
from trialparse.constraints.values import _LOOK_BACK, Context, Reading, Value, _near_roles, read_value

__all__ = ["clauses_with_values", "read_clause", "split_clauses"]

_CLAUSE_ENDS: Final = frozenset((";", "•", "·", "."))


def split_clauses(tokens: Sequence[Token]) -> list[list[Token]]:
    """Cut at ``;``, bullets and sentence ends (a full stop before a capital or the end).

    >>> from trialparse.constraints.lexer import tokenize
    >>> [len(c) for c in split_clauses(tokenize("Age > 18. ECOG 0-1; BMI < 30", 0, 28))]
    [3, 4, 3]
    """
    cuts = [i for i, t in enumerate(tokens) if t.kind == "sym" and t.key in _CLAUSE_ENDS]
    pieces = (tokens[a + 1 : b] for a, b in zip([-1, *cuts], [*cuts, len(tokens)], strict=True))
    return [list(c) for c in pieces if c]


def clauses_with_values(tokens: Sequence[Token]) -> list[tuple[list[Token], list[int]]]:
    """The clauses of ``split_clauses`` that hold a number, each with the indices where a value
    can start in it (a number, a comparator, a range opener): one pass over the line's tokens,
    since most clauses hold no number and nothing is read in them.

    >>> from trialparse.constraints.lexer import tokenize
    >>> [(len(c), s) for c, s in clauses_with_values(tokenize("No consent. ECOG 0-1; BMI < 30", 0, 30))]
    [(4, [1, 3]), (3, [1, 2])]
    """
    out = []
    begin = 0
    starts: list[int] = []
    numbers = False
    openers, ends = v.RANGE_OPENERS, _CLAUSE_ENDS  # locals: this loop runs per token
    for i, t in enumerate(tokens):
        kind = t.kind
        if kind == "num":
            numbers = True
            starts.append(i - begin)
        elif kind == "cmp" or t.key in openers:
            starts.append(i - begin)
        elif kind == "sym" and t.key in ends:
            if numbers:
                out.append((list(tokens[begin:i]), starts))
            begin = i + 1
            starts = []
            numbers = False
    if numbers:
        out.append((list(tokens[begin:]), starts))
    return out


_JOINERS: Final = frozenset(("or", "and", ",", "and/or", "/"))
_CONDITIONS: Final = frozenset(("in", "with", "for", "if", "when", "patients", "subjects", "participants", "where", "unless"))
_VALUE_STARTS: Final = frozenset(("num", "cmp"))


def _read_one(ctx: Context) -> list[Reading]:
    for rule in RULES:
        found = rule(ctx)
        if found:
            return found if isinstance(found, list) else [found]
    return []


def _continues(clause: Sequence[Token], last: Reading, last_anchor: Token | None, value: Value) -> Context | None:
    """A value joined to the last one by "or"/"and" takes its anchor: "Age < 18 or > 70 years";
    not a conditional alternative ("≤ 2.5 × ULN, or ≤ 5 × ULN with liver metastases")."""
    between = clause[last.value.stop : value.first]
    if last_anchor is None or not between or not all(t.key in _JOINERS for t in between) or not value.sided:
        return None
    if not any(t is last_anchor for t in clause[max(0, value.first - _LOOK_BACK) : value.first]):
        return None
    after = [t.key for t in clause[value.stop : value.stop + 2]]
    if last.kind == "LAB" and any(k in _CONDITIONS for k in after):
        return None
    return Context(clause, value, last.value.stop, last_anchor, last.kind)


def _value_starts(clause: Sequence[Token]) -> list[int]:
    """Where a value can start: a number, a comparator, a range opener ("between"); none in a
    clause without a number."""
    # only words have an opener's key
    starts = [i for i, t in enumerate(clause) if t.kind in _VALUE_STARTS or t.key in v.RANGE_OPENERS]
    return starts if any(clause[i].kind == "num" for i in starts) else []


def read_clause(clause: Sequence[Token], starts: Sequence[int] | None = None) -> list[Reading]:
    """Every constraint of one clause, in text order; ``starts`` are where its values can start
    (as ``clauses_with_values`` gives them), found here when not given.

    >>> from trialparse.constraints.lexer import tokenize
    >>> [(r.kind, r.low, r.high) for r in read_clause(tokenize("Age < 18 or > 70 years", 0, 22))]
    [('AGE', None, 18.0), ('AGE', 70.0, None)]
    """
    out: list[Reading] = []
    floor = 0
    last_anchor: Token | None = None
    i = 0
    for start in _value_starts(clause) if starts is None else starts:
        if start < i:  # inside the value read before
            continue
        value = read_value(clause, start)
        if value is None:
            continue
        near = _near_roles(clause, value, floor)
        if not (value.sided or value.unit or near):  # a bare number with nothing around it: no rule reads it
            floor = i = value.stop
            continue
        joined = out[-1].kind if out and all(t.key in _JOINERS for t in clause[out[-1].value.stop : value.first]) else None
        found = _read_one(Context(clause, value, floor, None, joined, near))
        if not found and out:
            ctx = _continues(clause, out[-1], last_anchor, value)
            found = _read_one(ctx) if ctx is not None else []
        if found:
            last_anchor = _anchor_token(clause, found[0])
            out.extend(found)
        floor = value.stop
        i = value.stop
    return merge_bounds(clause, [_bound_before_anchor(clause, r) for r in out])


def _anchor_token(clause: Sequence[Token], reading: Reading) -> Token | None:
    """The token a reading opens at, when it is an anchor (searched near the value)."""
    back = clause[max(0, reading.value.first - _LOOK_BACK) : reading.value.stop]
    return next((t for t in back if t.start == reading.start and t.kind == "word" and t.roles), None)


_BELOW: Final = frozenset(("lt", "le"))


def _bound_before_anchor(clause: Sequence[Token], reading: Reading) -> Reading:
    """The other bound written before the anchor, the anchor between two signs: "18 < age < 80",
    "18.5 ≤ BMI < 30" (a reading with only its upper bound gets the lower one)."""
    value = reading.value
    if reading.low is not None or reading.high is None or not value.high:
        return reading
    k = next((k for k in range(value.first - 1, max(-1, value.first - 4), -1) if clause[k].start == reading.start), -1)
    if k < 2 or clause[k - 1].kind != "cmp" or clause[k - 1].value not in _BELOW:
        return reading
    unit = clause[k - 2] if clause[k - 2].kind == "unit" else None
    j = k - 3 if unit is not None else k - 2
    if j < 0 or clause[j].kind != "num" or (unit is not None and unit.value != value.unit):
        return reading
    low = clause[j].value
    assert isinstance(low, float)
    if low > value.high:
        return reading
    inclusive = clause[k - 1].value == "le"
    return reading._replace(
        low=low * reading.high / value.high,
        low_inclusive=inclusive,
        start=clause[j].start,
        value=value._replace(low=low, low_inclusive=inclusive, first=j),
    )


def merge_bounds(clause: Sequence[Token], readings: list[Reading]) -> list[Reading]:
    """Two one-sided readings of one thing joined by "and" become one range:
    "older than 14 years and younger than 25 years", "Minimum Age: 18 Years Maximum Age: 99 Years"."""
    out: list[Reading] = []
    for r in readings:
        last = out[-1] if out else None
        if (
            last is not None
            and last.kind == r.kind
            and last.subject == r.subject
            and last.high is None
            and r.low is None
            and last.low is not None
            and r.high is not None
            and (last.low < r.high or (last.low == r.high and last.low_inclusive and r.high_inclusive))
            and not any(t.key in ("or", "nor", "/") for t in clause[last.value.stop : r.value.first])
            and (r.kind != "TIME_WINDOW" or all(t.key in ("and", ",", "but") for t in clause[last.value.stop : r.value.first]))
            and r.value.first - last.value.stop <= 8
        ):
            out[-1] = last._replace(high=r.high, high_inclusive=r.high_inclusive, end=r.end)
            continue
        out.append(r)
    return out
