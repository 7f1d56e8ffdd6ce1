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

from collections.abc import Mapping, Sequence
from typing import Final, NamedTuple

from trialparse.constraints import vocabulary as v
from trialparse.constraints.lexer import Token, Unit

__all__ = ["Reading", "Value", "read_clause", "split_clauses"]

_CLAUSE_ENDS: Final = frozenset((";", "•", "·"))
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
    count: int  # how many numbers (a list "0, 1 or 2" has three)
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


def split_clauses(tokens: Sequence[Token]) -> list[list[Token]]:
    """Cut at ``;``, bullets and sentence ends (a full stop before a capital or the end).

    >>> from trialparse.constraints.lexer import tokenize
    >>> [len(c) for c in split_clauses(tokenize("Age > 18. ECOG 0-1; BMI < 30", 0, 28))]
    [3, 4, 3]
    """
    out: list[list[Token]] = [[]]
    for t in tokens:
        if t.kind == "sym" and (t.key in _CLAUSE_ENDS or t.key == "."):
            if out[-1]:
                out.append([])
            continue
        out[-1].append(t)
    return [c for c in out if c]


# ---- values ---------------------------------------------------------------------------------


def _number_at(clause: Sequence[Token], j: int) -> tuple[float, Unit | None, int] | None:
    """A number and its unit at ``j``: (number, unit, next index)."""
    if j >= len(clause) or clause[j].kind != "num":
        return None
    n = clause[j].value
    assert isinstance(n, float)
    if j + 1 < len(clause) and clause[j + 1].kind == "unit":
        unit = clause[j + 1].value
        assert isinstance(unit, Unit)
        return n, unit, j + 2
    return n, None, j + 1


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
    elif i > 0 and any(t.key == "between" for t in clause[max(0, i - 4) : i]):
        between = True
    side = None
    words = ""
    if j < len(clause) and clause[j].kind == "cmp":
        side = str(clause[j].value)
        words = clause[j].key
        j = _skip_filler(clause, j + 1)
    first = _number_at(clause, j)
    if first is None:
        return None
    n1, u1, j = first
    second = _range_end(clause, j, between)
    if second is not None and (side is None or side in ("ge", "gt")) and second[0] in (None, "le", "lt"):
        side2, n2, u2, stop = second
        if n2 < n1:
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
    low_inc, high_inc = _ONE_SIDED[side]
    if low_inc is not None:
        return Value(n1, low_inc, None, False, u1, u1, i, j, True, 1, words)
    return Value(None, False, n1, bool(high_inc), u1, u1, i, j, True, 1, words)


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
    if len(numbers) > 1 and all(b - a == 1 for a, b in zip(numbers, numbers[1:], strict=False)):
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


def _near_roles(clause: Sequence[Token], value: Value, floor: int) -> dict[str, tuple[Token, int]]:
    """For each role, the nearest token before the value that has it (one scan back, stopping
    at another value), with its distance: every rule's anchor is looked up here."""
    near: dict[str, tuple[Token, int]] = {}
    for distance in range(1, _MAX_REACH + 1):
        k = value.first - distance
        if k < floor:
            break
        t = clause[k]
        if t.kind in ("num", "unit"):
            break
        for role in t.roles:
            if role not in near:
                near[role] = (t, distance)
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


def _anchor_start(ctx: Context, anchor: Token) -> int:
    """Where a reading opens: at its anchor, or at the full name an abbreviation in parentheses
    follows ("body mass index (BMI) < 35")."""
    k = _position(ctx, anchor)
    if k >= 2 and ctx.clause[k - 1].key == "(" and set(ctx.clause[k - 2].roles) & set(anchor.roles):
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
    if k < 0 or ctx.clause[k].kind != "cmp" or value.count > 1 or value.low is None:
        return None
    return _one_sided(value, str(ctx.clause[k].value)), ctx.clause[k].start


# how far back a rule looks for an event or a subject: a bounded reach keeps a clause linear
_LOOK_BACK: Final = 16


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


def _reading(ctx: Context, kind: str, subject: str | None, unit: str | None, start: int, scale: float = 1.0, scale_low: float | None = None) -> Reading:
    value = ctx.value
    low, high = _bounds(value, scale, scale_low)
    end = ctx.clause[value.stop - 1].end
    return Reading(kind, subject, low, value.low_inclusive, high, value.high_inclusive, unit, start, end, value)


def _within(value: Value, low: float, high: float) -> bool:
    return all(low <= x <= high for x in (value.low, value.high) if x is not None)


# ---- the rules -----------------------------------------------------------------------------------

_SCORE_KINDS: Final = ("ecog", "karnofsky", "asa", "bmi", "pain", "disability")
_SCORE_RANGES: Final = {"ecog": (0, 5), "karnofsky": (0, 100), "asa": (1, 6), "bmi": (10, 80), "pain": (0, 100), "disability": (0, 100)}
_SCORE_UNITS: Final = {
    "ecog": frozenset(),
    "karnofsky": frozenset(("%",)),
    "asa": frozenset(),
    "bmi": frozenset(("kg/m2",)),
    "pain": frozenset(v.PAIN_UNITS.values()),
    "disability": frozenset(v.DISABILITY_UNITS.values()),
}
_KIND_NAMES: Final = {
    "ecog": "ECOG", "karnofsky": "KARNOFSKY", "asa": "ASA_CLASS", "bmi": "BMI", "pain": "PAIN_SCORE",
    "disability": "DISABILITY_INDEX",
}


def _scale_after(ctx: Context) -> tuple[Token, str] | None:
    """A pain scale named after its value: "pain more than 5 on NPRS", "below 50 mm on the VAS"."""
    after = [t for t in ctx.clause[ctx.value.stop : ctx.value.stop + 3] if t.key not in ("the", "a")]
    if len(after) >= 2 and after[0].key == "on" and "pain" in after[1].roles:
        return after[1], "pain"
    return None


def scored(ctx: Context) -> Reading | None:
    """A score, class or index named before its value: "ECOG 0-1", "KPS ≥ 70%", "BMI < 30 kg/m2",
    "at most a ECOG of 2", "VAS leg pain score … of at least 60mm", "pain more than 5 on NPRS"."""
    found = _anchor(ctx, _SCORE_KINDS) or _anchor(ctx, ("pain",), reach=10) or _scale_after(ctx)
    if found is None:
        return None
    anchor, role = found
    start = _anchor_start(ctx, anchor) if anchor.start < ctx.clause[ctx.value.first].start else ctx.clause[ctx.value.first].start
    if not ctx.value.sided and role != "asa":
        sided = _side_before(ctx, anchor)
        if sided is None:
            return None
        ctx = ctx._replace(value=sided[0])
        start = sided[1]
    value = ctx.value
    unit = value.unit.canonical if value.unit is not None else None
    if unit is not None and unit not in _SCORE_UNITS[role]:
        return None
    if not _within(value, *_SCORE_RANGES[role]) or (not value.sided and role not in ("asa",)):
        return None
    if role in ("ecog", "asa") and any(x is not None and x != int(x) for x in (value.low, value.high)):
        return None
    subject = anchor.roles[role] if role in ("pain", "disability") else None
    return _reading(ctx, _KIND_NAMES[role], str(subject) if subject else None, unit, start)


_LAB_FAMILIES: Final = frozenset(("lab", "percent"))


def _analytes(ctx: Context, anchor: Token) -> list[Token]:
    """The analytes listed up to the anchor: "AST and ALT", "ALT/AST"."""
    out = [anchor]
    clause = ctx.clause
    k = _position(ctx, anchor) - 1
    while k - 1 >= ctx.floor and clause[k].key in ("and", "or", "/", ",", "and/or") and "lab" in clause[k - 1].roles:
        out.insert(0, clause[k - 1])
        k -= 2
    return out


def lab(ctx: Context) -> list[Reading] | None:
    """An analyte before its value: "ANC ≥ 1.5 x 10^9/L", "AST and ALT ≤ 2.5 × ULN", "TSH < 0.45 mIU/mL"."""
    value = ctx.value
    if value.unit is not None and value.unit.family not in _LAB_FAMILIES:
        return None
    if not value.sided:
        return None
    found = _anchor(ctx, ("lab",), reach=7)
    if found is None:
        return _unnamed_lab(ctx)
    unit = value.unit.canonical if value.unit is not None else None
    gap = ctx.clause[_position(ctx, found[0]) + 1 : value.first]
    if unit is None and ctx.anchor is None and (len(gap) > 3 or any(t.key in (",", "with", "(") for t in gap)):
        return None  # "PSA, with at least one …": no unit, and the analyte is far
    return [
        _reading(ctx, "LAB", str(a.roles["lab"]), unit, _anchor_start(ctx, a))
        for a in _analytes(ctx, found[0])
    ]


_NOT_SUBJECT: Final = frozenset(
    (
        "of", "the", "a", "an", "level", "levels", "is", "be", "must", "and", "or", "with", "in", "at", "value",
        "values", "count", "concentration", "for", "on", "by", "to", "from", "as", "than", "per", "within",
    )
)


def _unnamed_lab(ctx: Context) -> list[Reading] | None:
    """A lab unit makes any noun before it an analyte: "Cotinine > 100 ng/ml", "Procalcitonin ≥2ng/ml"."""
    value = ctx.value
    if value.unit is None or value.unit.family != "lab":
        return None
    words = [t for t in _words_before(ctx, 5) if t.kind == "word" and t.key.isascii() and t.key not in _NOT_SUBJECT]
    if not words:
        return None
    return [_reading(ctx, "LAB", text_key(words[-1]), value.unit.canonical, words[-1].start)]


def text_key(t: Token) -> str:
    return t.key


def measurement(ctx: Context) -> Reading | None:
    """A body measurement before its value, in its units: "LVEF ≥ 50%", "QTcF > 470 ms", "SBP > 160 mmHg"."""
    found = _anchor(ctx, ("measure",), reach=5)
    value = ctx.value
    if found is None or value.unit is None or not value.sided:
        return None
    subject = str(found[0].roles["measure"])
    if value.unit.canonical not in v.MEASUREMENT_UNITS.get(subject, ()):
        return None
    return _reading(ctx, "MEASUREMENT", subject, value.unit.canonical, found[0].start)


def grade(ctx: Context) -> Reading | None:
    """A toxicity grade: "CTCAE grade ≤ 1", "grade ≥ 2 peripheral neuropathy"."""
    found = _anchor(ctx, ("grade",), reach=3)
    value = ctx.value
    if found is None or value.unit is not None or not value.sided or not _within(value, 0, 5):
        return None
    return _reading(ctx, "GRADE", _graded(ctx, found[0]), None, found[0].start)


def _graded(ctx: Context, anchor: Token) -> str | None:
    """What a grade is of: the words right after the value ("grade ≥ 2 peripheral neuropathy"),
    else right before the anchor ("macular degeneration grade 3")."""
    words: list[str] = []
    for t in ctx.clause[ctx.value.stop : ctx.value.stop + 4]:
        if t.kind != "word" or t.key in _NOT_SUBJECT or not t.key.isascii():
            break
        words.append(t.key)
    if not words:
        k = _position(ctx, anchor)
        for t in reversed(ctx.clause[max(0, k - 6) : k]):
            if t.key == "-" and words:
                words.insert(0, t.key)
                continue
            if t.kind != "word" or t.key in _NOT_SUBJECT or not t.key.isascii() or t.key in ("ctcae", "nci", "toxicity"):
                break
            words.insert(0, t.key)
    return " ".join(words).replace(" - ", "-").lstrip("- ") or None


def count(ctx: Context) -> Reading | None:
    """A count named after its value: "more than 2 prior lines of therapy", "at least one measurable lesion"."""
    value = ctx.value
    if value.unit is not None or not value.sided or value.stop >= len(ctx.clause):
        return None
    nxt = ctx.clause[value.stop]
    if "counted" not in nxt.roles:
        return None
    return _reading(ctx, "COUNT", str(nxt.roles["counted"]), None, ctx.clause[value.first].start)


def life(ctx: Context) -> Reading | None:
    """A life expectancy: "life expectancy of at least 12 weeks", "expected survival < 3 months"."""
    value = ctx.value
    found = _anchor(ctx, ("life",), reach=6)
    if found is None or value.unit is None or value.unit.family != "time" or not value.sided:
        return None
    return _reading(ctx, "LIFE_EXPECTANCY", None, "days", found[0].start, value.unit.days, _days(value.unit_low))


def _days(unit: Unit | None) -> float | None:
    return unit.days if unit is not None and unit.family == "time" else None



_AGE_TAILS: Final = frozenset(("old", "of age", "age", "olds"))
_YEARS_UNITS: Final = frozenset(("years", "year", "yrs", "yr", "y", "yo", "y/o", "yers", "yeras"))


def _age_tail(ctx: Context) -> bool:
    """ "years old", "years of age", "year-old", "years-old" right after the value."""
    after = _after(ctx, 3)
    if after[:1] == ["-"]:
        after = after[1:]
    return bool(after) and (after[0] in _AGE_TAILS or after[:2] == ["of", "age"])


def _foreign_age(tokens: Sequence[Token]) -> bool:
    return any(t.key in v.FOREIGN_AGE_WORDS for t in tokens)


_AGE_COMPARATORS: Final = frozenset(
    ("younger than", "older than", "no older than", "not older than", "no younger than", "not younger than")
)


def _age_anchor(ctx: Context) -> Token | None:
    """An age word before the value, or inside it ("under the age of 18")."""
    inner = next((t for t in ctx.clause[ctx.value.first : ctx.value.stop] if "age" in t.roles), None)
    if inner is not None:
        return inner
    found = _anchor(ctx, ("age",), reach=6)
    if found is not None and found[0].key in ("adult", "adults"):  # "Adults (>18)", not "adults with …"
        gap = ctx.clause[_position(ctx, found[0]) + 1 : ctx.value.first]
        return found[0] if all(t.kind == "sym" for t in gap) and len(gap) <= 1 else None
    return found[0] if found is not None else None


def _age_without_anchor(ctx: Context) -> bool:
    """Whether a value without an age word is an age: "18-65 years old", "Patients over 18 years",
    "younger than 18", "20-70 age" (a written side, and a tail, a person, or nothing before it)."""
    value = ctx.value
    unit = value.unit
    after = _after(ctx, 1)
    tail = _age_tail(ctx)
    if not value.sided or _foreign_age(_words_before(ctx, 6)):
        return False
    if unit is None and value.words not in _AGE_COMPARATORS and after != ["age"]:
        return False
    if unit is not None and unit.canonical not in _YEARS_UNITS and not (tail and unit.days >= 7):
        return False
    if ctx.joined == "AGE" or tail and value.count > 1:
        return True
    before = [t for t in _words_before(ctx, 4) if t.kind != "sym"]
    if before and before[-1].key not in v.PERSON_WORDS and not (tail and "person" in before[-1].roles):
        return False
    if tail:
        return True
    return not (after and (after[0] in v.WINDOW_REFERENCES or after[0] in ("since", "in", "ago")))


def age(ctx: Context) -> Reading | None:
    """An age: "Age ≥ 18 years", "aged 18 to 75", "18-65 years old", "Patients over 18 years",
    "Minimum age: 18 years"; never a gestational age, an age at onset or diagnosis, a parent's age."""
    value = ctx.value
    unit = value.unit
    if unit is not None and (unit.family != "time" or unit.days < 1):
        return None
    anchor = _age_anchor(ctx)
    start = ctx.clause[value.first].start
    if anchor is not None:
        k = _position(ctx, anchor)
        near = [*ctx.clause[max(0, k - 2) : k], *ctx.clause[k + 1 : value.first]]
        if _foreign_age(near):
            return None
        start = min(start, anchor.start)
        if not value.sided:
            sided = _side_before(ctx, anchor)  # "Minimum age: 18"
            if sided is None:
                return None  # "Age 18": which side is meant is not written
            ctx = ctx._replace(value=sided[0])
            start = sided[1]
    elif not _age_without_anchor(ctx):
        return None
    scale = unit.days / v.DAYS_PER_YEAR if unit is not None else 1.0
    low_unit = value.unit_low
    scale_low = low_unit.days / v.DAYS_PER_YEAR if low_unit is not None and low_unit.family == "time" else scale
    reading = _reading(ctx, "AGE", None, "years", start, scale, scale_low)
    if not all(0 <= x <= 130 for x in (reading.low, reading.high) if x is not None):
        return None
    return reading


_NOT_BEFORE_WINDOW: Final = frozenset(
    ("next", "following", "every", "per", "each", "remaining", "future", "upcoming", "after")
)
_NOT_AFTER_WINDOW: Final = frozenset(("apart", "old", "half", "interval", "per", "duration", "follow", "washout", "period"))
_REFERENCE_AFTER: Final = frozenset(("prior", "before", "preceding", "ago", "since", "until", "preceeding", "pre"))


def _window_evidence(ctx: Context) -> str | None:
    """How the words around a time value make it a window: "cue" ("within", "in the last"),
    "reference" ("prior to", "ago" after it), or None."""
    before = _words_before(ctx, 4)
    k = len(before) - 1
    relation = False
    while k >= 0 and (before[k].key == "the" or before[k].key in v.WINDOW_RELATIONS):
        relation = relation or before[k].key in v.WINDOW_RELATIONS
        k -= 1
    cue = before[k].key if k >= 0 else None
    if cue == "within" or relation and cue in v.WINDOW_CUES:
        return "cue"
    after = _after(ctx, 1)
    if after and after[0] in _REFERENCE_AFTER:
        return "reference"
    if ctx.value.sided and any(t.key in ("recent", "recently") for t in before):
        return "reference"  # "recent (< 6 weeks)"
    return None


def window(ctx: Context) -> Reading | None:
    """A time between an event and the trial: "within 28 days prior to", "in the past 6 months",
    "at least 4 weeks since the last dose", "more than 1 year ago"."""
    value = ctx.value
    unit = value.unit
    if unit is None or unit.family != "time":
        return None
    before = [t.key for t in _words_before(ctx, 3)]
    if any(k in _NOT_BEFORE_WINDOW for k in before) or any(k in _NOT_AFTER_WINDOW for k in _after(ctx, 2)):
        return None
    evidence = _window_evidence(ctx)
    if evidence is None or _started(ctx):
        return None
    if not value.sided:
        if evidence == "reference" and ctx.clause[value.first - 1].key not in ("in", "during", "within"):
            return None  # "4 weeks prior to": which side is meant is not written
        if value.count > 1:
            return None
        bare = Value(None, False, value.low, True, unit, unit, value.first, value.stop, True, 1)
        ctx = ctx._replace(value=bare)
    return _reading(ctx, "TIME_WINDOW", _event(ctx), "days", _window_start(ctx), unit.days, _days(value.unit_low))


def _started(ctx: Context) -> bool:
    """ "Complaints started at least 3 months ago": how long something has lasted, not a window."""
    return any(t.key in ("started", "began", "begun", "starting") for t in _words_before(ctx, 3))


def _window_start(ctx: Context) -> int:
    """A window's span opens at its cue ("within", "in the past")."""
    before = _words_before(ctx, 4)
    start = ctx.clause[ctx.value.first].start
    for t in reversed(before):
        if t.key in v.WINDOW_CUES or t.key in v.WINDOW_RELATIONS or t.key == "the":
            start = t.start
        else:
            break
    return start


def _event(ctx: Context) -> str | None:
    """The event of a window: the first event word of the clause before it ("major surgery")."""
    for t in ctx.clause[max(0, ctx.value.first - _LOOK_BACK) : ctx.value.first]:
        if "event" in t.roles:
            return t.key
    return None


_DURATION_GAP: Final = frozenset(
    (":", "(", "for", "lasting", "lasts", "lasted", "persisting", "persistent", "present", "started", "began",
     "of", "a", "period", "duration", "with", "that", "has", "have", "had", "been", "which", "is", "since")
)
_DURATION_BARE: Final = frozenset(("for", "lasting", "lasts", "lasted", "persisting", "persistent", "present"))


def _duration_subject(ctx: Context) -> tuple[Token, list[Token]] | None:
    """What lasted, and the words between it and the value: after ("3 months of conservative
    treatment"), just before ("back pain for", "symptoms:"), or anywhere before a "lasts for"."""
    value = ctx.value
    after = ctx.clause[value.stop : value.stop + 3]
    if len(after) >= 2 and after[0].key == "of":
        subject = next((t for t in after[1:3] if "dsubject" in t.roles), None)
        if subject is not None and (subject is after[1] or after[1].kind == "word"):
            return subject, []
    found = _anchor(ctx, ("dsubject",), reach=6)
    if found is not None:
        return found[0], list(ctx.clause[_position(ctx, found[0]) + 1 : value.first])
    lead = ctx.clause[value.first - 1] if value.first > 0 else None
    if lead is not None and lead.key in ("for", "lasting") and value.first > 1 and ctx.clause[value.first - 2].key in ("lasts", "lasted", "lasting"):
        back = ctx.clause[max(0, value.first - _LOOK_BACK) : value.first]
        subject = next((t for t in back if "dsubject" in t.roles), None)
        if subject is not None:
            return subject, [lead]
    return None


def duration(ctx: Context) -> Reading | None:
    """How long a symptom, state or treatment lasted: "back pain for at least 6 weeks",
    "at least 3 months of conservative treatment", "symptoms less than 6 weeks",
    "Complaints started at least 3 months ago", "radicular pain that … lasts for at least 6 months"."""
    value = ctx.value
    unit = value.unit
    if unit is None or unit.family != "time" or value.count > 1 and not value.sided:
        return None
    found = _duration_subject(ctx)
    if found is None:
        return None
    subject, gap = found
    words = [t for t in gap if t.kind != "cmp"]
    if len(words) > 5 or not all(t.key in _DURATION_GAP for t in words):
        return None
    if not value.sided:
        if not any(t.key in _DURATION_BARE for t in words):
            return None  # "pain of 6 weeks": which side is meant is not written
        ctx = ctx._replace(value=value._replace(high=None, high_inclusive=False, sided=True))
    start = min(subject.start, ctx.clause[value.first].start)
    return _reading(ctx, "DURATION", subject.key, "days", start, unit.days, _days(value.unit_low))


RULES: Final = (scored, lab, measurement, grade, count, life, age, window, duration)

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


def read_clause(clause: Sequence[Token]) -> list[Reading]:
    """Every constraint of one clause, in text order.

    >>> from trialparse.constraints.lexer import tokenize
    >>> [(r.kind, r.low, r.high) for r in read_clause(tokenize("Age < 18 or > 70 years", 0, 22))]
    [('AGE', None, 18.0), ('AGE', 70.0, None)]
    """
    out: list[Reading] = []
    floor = 0
    last_anchor: Token | None = None
    i = 0
    while i < len(clause):
        t = clause[i]
        opener = t.kind == "word" and t.key in v.RANGE_OPENERS
        if t.kind not in _VALUE_STARTS and not opener:
            i += 1
            continue
        value = read_value(clause, i)
        if value is None:
            i += 1
            continue
        joined = out[-1].kind if out and all(t.key in _JOINERS for t in clause[out[-1].value.stop : value.first]) else None
        found = _read_one(Context(clause, value, floor, None, joined, _near_roles(clause, value, floor)))
        if not found and out:
            ctx = _continues(clause, out[-1], last_anchor, value)
            found = _read_one(ctx) if ctx is not None else []
        if found:
            last_anchor = _anchor_token(clause, found[0])
            out.extend(found)
        floor = value.stop
        i = value.stop
    return merge_bounds(clause, out)


def _anchor_token(clause: Sequence[Token], reading: Reading) -> Token | None:
    """The token a reading opens at, when it is an anchor (searched near the value)."""
    back = clause[max(0, reading.value.first - _LOOK_BACK) : reading.value.stop]
    return next((t for t in back if t.start == reading.start and t.kind == "word" and t.roles), None)


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
            and last.low <= r.high
            and not any(t.key in ("or", "nor", "/") for t in clause[last.value.stop : r.value.first])
            and r.value.first - last.value.stop <= 8
        ):
            out[-1] = last._replace(high=r.high, high_inclusive=r.high_inclusive, end=r.end)
            continue
        out.append(r)
    return out
