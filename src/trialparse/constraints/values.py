"""Values and their context: what the grammar's rules read.

``read_value`` reads the value starting at a token (a number with its comparators, unit, range
end or suffix); ``Context`` is a value with the clause around it, and the helpers below find
what rules ask of it (the nearest anchor of a role, the words after it, where a reading opens).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from typing import Final, NamedTuple

from trialparse.constraints import vocabulary as v
from trialparse.constraints.lexer import Token, Unit

__all__ = ["Context", "Reading", "Value", "read_value"]

_ONE_SIDED: Final = {"ge": (True, None), "gt": (False, None), "le": (None, True), "lt": (None, False)}


class Value(NamedTuple):
    """A value as written: bounds in the written unit, tokens ``[first, stop)``."""

    low: float | None
    low_inclusive: bool
    high: float | None
    high_inclusive: bool
    unit: Unit | None
    unit_low: Unit | None  # a range's first end may have its own unit ("6 months to 17 years")
    first: int
    stop: int
    sided: bool  # a comparator, a suffix or a range was written
    numbers: int  # how many numbers (a list "0, 1 or 2" has three)
    words: str = ""  # the comparator's words ("younger than"), or ""


class Reading(NamedTuple):
    """One constraint: kind name, subject, bounds in the kind's unit, span, the value as written."""

    kind: str
    subject: str | None
    low: float | None
    low_inclusive: bool
    high: float | None
    high_inclusive: bool
    unit: str | None
    start: int
    end: int
    value: Value


# ---- values ---------------------------------------------------------------------------------


def _number_at(clause: Sequence[Token], j: int) -> tuple[float, Unit | None, int] | None:
    """A number and its unit at ``j``: (number, unit, next index)."""
    if j >= len(clause) or clause[j].kind != "num" or _ordinal(clause, j):
        return None
    n = clause[j].value
    assert isinstance(n, float)
    if j + 1 < len(clause) and clause[j + 1].kind == "unit":
        unit = clause[j + 1].value
        assert isinstance(unit, Unit)
        return n, unit, j + 2
    return n, None, j + 1


def _ordinal(clause: Sequence[Token], j: int) -> bool:
    """ "99th percentile", "3rd line": a rank, no quantity."""
    nxt = clause[j + 1] if j + 1 < len(clause) else None
    return nxt is not None and nxt.start == clause[j].end and nxt.key in v.ORDINAL_SUFFIXES


def _unit(t: Token) -> Unit:
    assert isinstance(t.value, Unit)
    return t.value


def _skip_filler(clause: Sequence[Token], j: int) -> int:
    """After a comparator: "to", "of", "than" ("> or = to 65", "a minimum of 18")."""
    while j < len(clause) and clause[j].key in ("to", "of", "the", "an", "a", "age", "aged"):
        j += 1
    return j


def _range_end(clause: Sequence[Token], j: int, between: bool) -> tuple[str | None, float, Unit | None, int] | None:
    """The second end of a range after the first number: (comparator, number, unit, next)."""
    if j >= len(clause):
        return None
    joiner = clause[j].key
    if clause[j].kind == "cmp" and joiner == "up to":  # "from 18 years up to 65 years"
        found = _number_at(clause, _skip_filler(clause, j + 1))
        return None if found is None else ("le", found[0], found[1], found[2])
    if clause[j].kind not in ("sym", "word") or joiner not in v.RANGE_JOINERS or (joiner == "and" and not between):
        return None
    k = j + 1
    side = None
    if k < len(clause) and clause[k].kind == "cmp":
        side = str(clause[k].value)
        k = _skip_filler(clause, k + 1)
    found = _number_at(clause, k)
    if found is None:
        return None
    return side, found[0], found[1], found[2]


def read_value(clause: Sequence[Token], i: int) -> Value | None:
    """The value starting at token ``i`` (a comparator, an opener or a number).

    >>> from trialparse.constraints.lexer import tokenize
    >>> c = tokenize("between 18 and 75 years", 0, 23)
    >>> read_value(c, 0)[:4]
    (18.0, True, 75.0, True)
    """
    j = i
    between = False
    if clause[j].kind == "word" and clause[j].key in v.RANGE_OPENERS:
        between = clause[j].key in ("between", "b/w")
        j = _skip_filler(clause, j + 1)
    elif i > 0:
        between = "between" in [t.key for t in clause[max(0, i - 4) : i]]
    side = None
    words = ""
    if j < len(clause) and clause[j].kind == "cmp":
        side = str(clause[j].value)
        words = clause[j].key
        j += 1
        if j < len(clause) and clause[j].key == "(":
            j = _past_restated_sign(clause, j, side)
        j = _skip_filler(clause, j)
    first = _number_at(clause, j)
    if first is None:
        return None
    if side is None:
        side, words, first = _restated(clause, first)
    n1, u1, j = first
    second = _range_end(clause, j, between)
    if second is None and j < len(clause) and clause[j].key in _TAIL_STARTS:  # "1 year old and 18 years old"
        second = _range_end(clause, j + _tail_length(clause, j), between)
    if second is not None and (side is None or side in ("ge", "gt")) and second[0] in (None, "le", "lt"):
        side2, n2, u2, stop = second
        if _in_days(n2, u2 or u1) < _in_days(n1, u1 or u2):  # "6 months to 5 years" runs upwards
            return None
        low_inc = side != "gt"
        high_inc = side2 != "lt"
        unit = u2 or u1
        return Value(n1, low_inc, n2, high_inc, unit, u1 or unit, i, stop, True, 2, words)
    j_suf = j + _tail_length(clause, j)
    if j_suf < len(clause) and clause[j_suf].kind == "suf" and side is None:
        j = j_suf
        suf = str(clause[j].value)
        if u1 is None and j + 1 < len(clause) and clause[j + 1].kind == "unit":  # "6 or more weeks"
            j += 1
            u1 = _unit(clause[j])
        low = n1 if suf == "ge" else None
        return Value(low, low is not None, None if low is not None else n1, low is None, u1, u1, i, j + 1, True, 1)
    if side is None:
        return _list_value(clause, i, n1, u1, j)
    if side == "eq":
        return Value(n1, True, n1, True, u1, u1, i, j, True, 1, words)
    low_side, high_side = _ONE_SIDED[side]
    u1 = u1 or _shared_unit(clause, j)
    if low_side is not None:
        return Value(n1, low_side, None, False, u1, u1, i, j, True, 1, words)
    return Value(None, False, n1, bool(high_side), u1, u1, i, j, True, 1, words)


def _past_restated_sign(clause: Sequence[Token], j: int, side: str) -> int:
    """Past a sign in brackets that restates the comparator in words before it ("greater than or
    equal to (≥) 18 years")."""
    if j + 2 < len(clause) and clause[j].key == "(" and clause[j + 1].value == side and clause[j + 2].key == ")":
        return j + 3
    return j


def _shared_unit(clause: Sequence[Token], j: int) -> Unit | None:
    """The unit of the next bound when only "or"/"and" stand between: "< 30 or > 69 years old",
    "BMI < 18.5 or > 30 kg/m2" (the first bound is in the unit written once, after the second)."""
    if j + 2 < len(clause) and clause[j].key in ("or", "and") and clause[j + 1].kind == "cmp":
        found = _number_at(clause, _skip_filler(clause, j + 2))
        if found is not None and found[1] is not None:
            return found[1]
    return None


def _in_days(n: float, unit: Unit | None) -> float:
    return n * unit.days if unit is not None and unit.family == "time" else n


def _restated(
    clause: Sequence[Token], first: tuple[float, Unit | None, int]
) -> tuple[str | None, str, tuple[float, Unit | None, int]]:
    """A bare number restated with its comparator ("aged 20 or over 20 years"): (side, words, the
    restated number); no side when the number is not restated."""
    j = first[2]
    if j + 2 < len(clause) and clause[j].key == "or" and clause[j + 1].kind == "cmp":
        again = _number_at(clause, j + 2)
        if again is not None and again[0] == first[0]:
            return str(clause[j + 1].value), clause[j + 1].key, again
    return None, "", first


_TAIL_STARTS: Final = frozenset(("old", "-", "of"))  # the first tokens ``_tail_length`` reads


def _tail_length(clause: Sequence[Token], j: int) -> int:
    """The tokens of an age tail at ``j``: "old", "-old", "of age" (0 when there is none)."""
    keys = [t.key for t in clause[j : j + 2]]
    if keys[:1] == ["old"] or keys[:1] == ["olds"]:
        return 1
    if keys in (["-", "old"], ["of", "age"], ["-", "olds"]):
        return 2
    return 0


def _list_value(clause: Sequence[Token], i: int, n1: float, u1: Unit | None, j: int) -> Value:
    """A bare number, or a run of integers listed ("0, 1 or 2", "0 or 1"): a range when they run."""
    numbers = [n1]
    k = j
    while (
        len(numbers) < 7  # a scale's values (ECOG 0-5): a longer list is no scale, and the bound keeps this linear
        and k + 1 < len(clause)
        and clause[k].key in (",", "or", "and")
        and clause[k + 1].kind == "num"
        and u1 is None
    ):
        value = clause[k + 1].value
        assert isinstance(value, float)
        numbers.append(value)
        k += 2
        if k < len(clause) and clause[k].key == "," and k + 1 < len(clause) and clause[k + 1].key == "or":
            k += 1
    if len(numbers) > 1 and all(b - a == 1 for a, b in itertools.pairwise(numbers)):
        return Value(numbers[0], True, numbers[-1], True, u1, u1, i, k, True, len(numbers))
    return Value(n1, True, n1, True, u1, u1, i, j, False, 1)


# ---- the context of a value --------------------------------------------------------------------


class Context(NamedTuple):
    clause: Sequence[Token]
    value: Value
    floor: int  # tokens before this index belong to an earlier value
    anchor: Token | None = None  # the anchor of the value this one continues ("< 18 or > 70 years")
    joined: str | None = None  # the kind of the reading just before, when only "and"/"or" stand between
    near: Mapping[str, tuple[Token, int]] = {}  # role -> (nearest token before the value with it, distance)


def _words_before(ctx: Context, n: int) -> list[Token]:
    return list(ctx.clause[max(ctx.floor, ctx.value.first - n) : ctx.value.first])


_MAX_REACH: Final = 10
# how far back a rule looks for an event, a subject or an anchor (asides included): a bounded
# reach keeps a clause linear
_LOOK_BACK: Final = 16
_OPENERS: Final = frozenset(("(", "["))
_CLOSERS: Final = frozenset((")", "]"))


def _asides(tokens: Sequence[Token]) -> set[int]:
    """The indices of ``tokens`` inside a closed pair of brackets, the brackets included (a
    label's lone ")" in "a) Liver function …" opens nothing)."""
    inside: set[int] = set()
    opened: list[int] = []
    for k, t in enumerate(tokens):
        if t.key in _OPENERS:
            opened.append(k)
        elif t.key in _CLOSERS and opened:
            inside.update(range(opened.pop(), k + 1))
    return inside


def _opener(clause: Sequence[Token], k: int, lower: int) -> int:
    """The index of the bracket that the closing one at ``k`` closes, at or after ``lower``; -1 if none."""
    depth = 0
    for j in range(k, lower - 1, -1):
        key = clause[j].key
        if key in _CLOSERS:
            depth += 1
        elif key in _OPENERS:
            depth -= 1
            if depth == 0:
                return j
    return -1


def _near_roles(clause: Sequence[Token], value: Value, floor: int) -> dict[str, tuple[Token, int]]:
    """For each role, the nearest token before the value that has it (one scan back, stopping
    at another value), with its distance: every rule's anchor is looked up here. An aside in
    brackets counts as no step, and a number inside it is no other value: "glomerular
    filtration rate [within 30 days] < 30", "creatinine clearance (Cockcroft-Gault) ≥ 60"."""
    near: dict[str, tuple[Token, int]] = {}
    lower = max(0, value.first - _LOOK_BACK)
    distance = 0
    k = value.first - 1
    while lower <= k and floor <= k:
        t = clause[k]
        start = _opener(clause, k, lower) if t.key in _CLOSERS else -1
        if start >= 0:  # an aside: its roles one step further, its numbers no values
            for j in range(k, start - 1, -1):
                for role in clause[j].roles:
                    near.setdefault(role, (clause[j], distance + 1))
            if start < floor <= k:
                floor = 0  # the value before lies in the aside ("rate [within 30 days] < 30"): go on past it
            k = start - 1
            continue
        if t.kind in ("num", "unit"):
            break
        distance += 1
        if distance > _MAX_REACH:
            break
        for role in t.roles:
            near.setdefault(role, (t, distance))
        k -= 1
    return near


def _anchor(ctx: Context, roles: Sequence[str], reach: int = 6) -> tuple[Token, str] | None:
    """The nearest token before the value with one of ``roles`` (no other value in between)."""
    if ctx.anchor is not None:
        return next(((ctx.anchor, r) for r in roles if r in ctx.anchor.roles), None)
    best: tuple[Token, str] | None = None
    closest = reach + 1
    for role in roles:
        found = ctx.near.get(role)
        if found is not None and found[1] < closest:
            best, closest = (found[0], role), found[1]
    return best


def _one_sided(value: Value, side: str) -> Value:
    low_inc, high_inc = _ONE_SIDED[side]
    n = value.low
    if low_inc is not None:
        return value._replace(low=n, low_inclusive=low_inc, high=None, high_inclusive=False, sided=True)
    return value._replace(low=None, low_inclusive=False, high=n, high_inclusive=bool(high_inc), sided=True)


def _same_thing(a: Token, b: Token) -> bool:
    """Whether two anchors name one thing ("QT interval (QTc)"; not "heart rate (QTc)")."""
    return any(role in b.roles and b.roles[role] == value for role, value in a.roles.items())


def _anchor_start(ctx: Context, anchor: Token) -> int:
    """Where a reading opens: at its anchor, or at the full name an abbreviation in parentheses
    follows ("body mass index (BMI) < 35")."""
    k = _position(ctx, anchor)
    if k >= 2 and ctx.clause[k - 1].key == "(" and _same_thing(ctx.clause[k - 2], anchor):
        return ctx.clause[k - 2].start
    if k + 1 < len(ctx.clause) and ctx.clause[k + 1].key == "(":  # "Eastern … (ECOG) 0-1" opens at the name
        return anchor.start
    return anchor.start


def _side_before(ctx: Context, anchor: Token) -> tuple[Value, int] | None:
    """A bare value whose comparator stands before its anchor: "Minimum age: 18", "at most a
    ECOG of 2" -> (the value with that side, where the reading opens)."""
    k = _position(ctx, anchor) - 1
    while k >= 0 and ctx.clause[k].key in ("a", "an", "the"):
        k -= 1
    value = ctx.value
    if k < 0 or ctx.clause[k].kind != "cmp" or value.numbers > 1 or value.low is None:
        return None
    if ctx.clause[k].value not in _ONE_SIDED:  # "= ECOG 3": an equals sign there gives no side
        return None
    return _one_sided(value, str(ctx.clause[k].value)), ctx.clause[k].start


def _position(ctx: Context, token: Token) -> int:
    """The index of a token near the value (an anchor found within reach), searched backwards."""
    for k in range(min(ctx.value.stop, len(ctx.clause)) - 1, max(-1, ctx.value.first - _LOOK_BACK - 1), -1):
        if ctx.clause[k] is token:
            return k
    raise ValueError(token)  # rules only ask for tokens they found near the value


def _after(ctx: Context, n: int = 3) -> list[str]:
    return [t.key for t in ctx.clause[ctx.value.stop : ctx.value.stop + n]]


def _bounds(value: Value, scale: float = 1.0, scale_low: float | None = None) -> tuple[float | None, float | None]:
    low = None if value.low is None else value.low * (scale if scale_low is None else scale_low)
    high = None if value.high is None else value.high * scale
    return low, high


def _reading(
    ctx: Context, kind: str, subject: str | None, unit: str | None, start: int, scale: float = 1.0, scale_low: float | None = None
) -> Reading:
    value = ctx.value
    low, high = _bounds(value, scale, scale_low)
    end = ctx.clause[value.stop - 1].end
    return Reading(kind, subject, low, value.low_inclusive, high, value.high_inclusive, unit, start, end, value)


def _within(value: Value, low: float, high: float) -> bool:
    return all(low <= x <= high for x in (value.low, value.high) if x is not None)
