"""The grammar's rules: each reads a value in its context as one kind of constraint, or not at all.

A rule reads a value only when the words around it say what it is; an uncertain reading gives
nothing. Here: scores, labs, measurements, grades and counts; ``ages`` holds the age rule and
``times`` the life expectancy, window and duration rules. ``RULES`` is the order they are
tried in (see ``grammar``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from trialparse.constraints import vocabulary as v
from trialparse.constraints.ages import age
from trialparse.constraints.lexer import Token
from trialparse.constraints.times import duration, life, window
from trialparse.constraints.values import (
    Context,
    Reading,
    _after,
    _anchor,
    _anchor_start,
    _asides,
    _position,
    _reading,
    _side_before,
    _within,
    _words_before,
)

__all__ = ["RULES"]

_SCORE_KINDS: Final = ("ecog", "karnofsky", "asa", "bmi", "pain", "disability")
_SCORE_RANGES: Final = {
    "ecog": (0, 5),
    "karnofsky": (0, 100),
    "asa": (1, 6),
    "bmi": (10, 80),
    "pain": (0, 100),
    "disability": (0, 100),
}
_SCORE_UNITS: Final = {
    "ecog": frozenset(),
    "karnofsky": frozenset(("%",)),
    "asa": frozenset(),
    "bmi": frozenset(("kg/m2",)),
    "pain": frozenset(v.PAIN_UNITS.values()),
    "disability": frozenset(v.DISABILITY_UNITS.values()),
}
_KIND_NAMES: Final = {
    "ecog": "ECOG",
    "karnofsky": "KARNOFSKY",
    "asa": "ASA_CLASS",
    "bmi": "BMI",
    "pain": "PAIN_SCORE",
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
    before = anchor.start < ctx.clause[ctx.value.first].start
    start = _anchor_start(ctx, anchor) if before else ctx.clause[ctx.value.first].start
    if not ctx.value.sided and role != "asa":
        # a comparator ahead of the anchor sides the value only when the anchor comes first ("at
        # most a ECOG of 2"); a bare value whose scale is named after it ("80/00mm on VAS") has none
        sided = _side_before(ctx, anchor) if before else None
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
    subject = anchor.roles[role] if role in ("pain", "disability", "karnofsky") else None  # "Lansky"
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


def _outside_brackets(tokens: Sequence[Token]) -> list[Token]:
    """The tokens not inside a closed aside in brackets ("[within 30 days]")."""
    asides = _asides(tokens)
    return [t for k, t in enumerate(tokens) if k not in asides]


def _change_or_dose(ctx: Context, anchor: Token | None) -> bool:
    """Whether the words around a value make it a change or a dose, not a level: a change or dose
    word between the analyte and the value or just before either ("rise in PSA of > 25%",
    "creatinine increase ≥ 50%"), a change word just after ("≥ 0.3 mg/dL increase"), or a rate
    after the unit ("1000 IU/day", "10 mg daily")."""
    first = _position(ctx, anchor) if anchor is not None else ctx.value.first
    gap = ctx.clause[first : ctx.value.first]
    if any(t.key in v.DOSE_WORDS for t in gap):
        return True
    if any(t.key in v.CHANGE_WORDS for t in ctx.clause[max(ctx.floor, first - 2) : ctx.value.first]):
        return True
    if anchor is not None and anchor.roles.get("lab") in v.PER_DAY_ANALYTES:
        return False  # "proteinuria ≥ 500 mg/day" is a level
    after = _after(ctx, 4)
    if after and after[0] in ("mg", "g", "iu", "u", "units", "mcg", "µg", "ml"):
        after = after[1:]  # a unit the lexer does not read ("IU/day")
    if after and (after[0] in v.CHANGE_WORDS or after[0] in v.DOSE_RATES or after[:2] == ["from", "baseline"]):
        return True
    return len(after) > 1 and after[0] in ("/", "per", "a", "each") and after[1] in v.DOSE_PERIODS


def _share_of_a_reference(ctx: Context) -> bool:
    """Whether the word after a percentage makes it a share of something else, not the analyte's
    level: "TSH lower than 30% of LLN", "> 25% below the lower limit of normal", "IgE > 95% PPV"."""
    stop = ctx.value.stop
    return stop < len(ctx.clause) and ctx.clause[stop].key in v.PERCENT_OF_WORDS


def lab(ctx: Context) -> list[Reading] | None:
    """An analyte before its value: "ANC ≥ 1.5 x 10^9/L", "AST and ALT ≤ 2.5 × ULN", "TSH < 0.45 mIU/mL";
    not a share of a reference ("TSH < 30% of LLN") nor a score, grade or age named after the
    analyte ("SLEDAI-2K score ≥ 7", "INR grade 2 or above", "eGFR formula for age < 18"), nor a count
    ("IgG response for at least one food")."""
    value = ctx.value
    if value.unit is not None and value.unit.family not in _LAB_FAMILIES:
        return None
    if not value.sided or (value.unit is not None and value.unit.canonical == "%" and _share_of_a_reference(ctx)):
        return None
    if value.unit is None and value.stop < len(ctx.clause) and ctx.clause[value.stop].key in v.COUNTED_AFTER_LEVEL:
        return None  # "glucose elevation on more than 1 occasion": a count
    found = _anchor(ctx, ("lab",), reach=7)
    if _change_or_dose(ctx, found[0] if found is not None else None):
        return None
    if found is None:
        return _unnamed_lab(ctx)
    unit = value.unit.canonical if value.unit is not None else None
    gap = _outside_brackets(ctx.clause[_position(ctx, found[0]) + 1 : value.first])
    named = [t for t in gap if t.key not in ("of", ":", "(", "=")]
    if named and named[-1].key in v.NOT_LEVEL_GAP_WORDS:
        return None  # "INR grade 2", not "AMH levels age appropriate (≥ 2.3 ng/ml)"
    if unit is None and ctx.anchor is None and (len(gap) > 3 or any(t.key in (",", "with", "(") for t in gap)):
        return None  # "PSA, with at least one …": no unit, and the analyte is far
    return [_reading(ctx, "LAB", str(a.roles["lab"]), unit, _anchor_start(ctx, a)) for a in _analytes(ctx, found[0])]


# words that never name what a value measures: fillers, verbs, and the units themselves ("mg (≤ 113 mg/mmol)")
_NOT_SUBJECT: Final = v.NOT_SUBJECT_WORDS | frozenset(v.LAB_NUMERATORS) | frozenset(v.LAB_DENOMINATORS)


def _unnamed_lab(ctx: Context) -> list[Reading] | None:
    """A lab unit makes any noun before it an analyte: "Cotinine > 100 ng/ml", "Procalcitonin ≥2ng/ml"."""
    value = ctx.value
    if value.unit is None or value.unit.family != "lab":
        return None
    before = _words_before(ctx, 5)
    k = len(before) - 1
    while k >= 0 and before[k].key in v.LEVEL_FILLERS:
        k -= 1
    if k >= 1 and before[k].key == ")":  # "(PC20) < 8 mg/ml": the abbreviation names it
        k -= 1
    word = before[k] if k >= 0 else None
    if word is None or word.kind != "word" or not word.key.isascii() or word.key in _NOT_SUBJECT:
        return None  # "the level should be < 1000 mg/24 h": no noun right before the value
    if word.key in v.PERSON_WORDS:
        return None
    return [_reading(ctx, "LAB", word.key, value.unit.canonical, word.start)]


def measurement(ctx: Context) -> Reading | None:
    """A body measurement before its value, in its units: "LVEF ≥ 50%", "QTcF > 470 ms", "SBP > 160 mmHg"."""
    found = _anchor(ctx, ("measure",), reach=5)
    value = ctx.value
    if found is None or value.unit is None or not value.sided:
        return None
    subject = str(found[0].roles["measure"])
    if value.unit.canonical not in v.MEASUREMENT_UNITS.get(subject, ()) or _change_or_dose(ctx, found[0]):
        return None
    return _reading(ctx, "MEASUREMENT", subject, value.unit.canonical, _anchor_start(ctx, found[0]))


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
    reading = _reading(ctx, "COUNT", str(nxt.roles["counted"]), None, ctx.clause[value.first].start)
    return reading._replace(end=nxt.end)  # the span holds what is counted


RULES: Final = (scored, lab, measurement, grade, count, life, age, window, duration)
