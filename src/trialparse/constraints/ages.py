"""The age rule: a value read as the participant's age, in years, or not at all.

An age is read after an age word ("Age ≥ 18 years", "aged 18 to 75"), before an age tail
("18-65 years old"), or after the people it is said of ("Patients over 18 years"); never a
gestational age, an age at onset or diagnosis, someone else's age, or a time that lasted.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from trialparse.constraints import vocabulary as v
from trialparse.constraints.lexer import Token, Unit
from trialparse.constraints.values import (
    Context,
    Reading,
    _after,
    _anchor,
    _position,
    _reading,
    _side_before,
    _words_before,
)

__all__ = ["age"]


_AGE_TAILS: Final = frozenset(("old", "of age", "age", "olds", "age group", "age range", "age groups"))
_YEARS_UNITS: Final = frozenset(spelling for spelling, days in v.TIME_UNITS.items() if days == v.DAYS_PER_YEAR)


def _age_tail(ctx: Context) -> bool:
    """ "years old", "years of age", "year-old", "years-old" right after the value."""
    after = _after(ctx, 3)
    if after[:1] == ["-"]:
        after = after[1:]
    return bool(after) and (after[0] in _AGE_TAILS or after[:2] == ["of", "age"])


def _foreign_age(tokens: Sequence[Token]) -> bool:
    """Whether a word near an age makes it not the participant's ("gestational", "onset"); "at"
    does, unless a moment of the study follows it ("Age at entry at least 18 years")."""
    foreign = v.FOREIGN_AGE_WORDS
    for k, t in enumerate(tokens):
        if t.key in foreign and not (t.key == "at" and k + 1 < len(tokens) and tokens[k + 1].key in v.STUDY_MOMENTS):
            return True
    return False


def _someone_elses(clause: Sequence[Token], k: int) -> bool:
    """Whether the age word (or value) at ``k`` is said of someone other than the participant:
    a possessive ("Mother's age ≥ 18", "child's age 3-5") or a relative the participant has
    ("parents of children aged 2-5", "women with a child aged 6 to 12 months")."""
    keys = [t.key for t in clause[max(0, k - 5) : k]]
    if keys[-2:] in (["'", "s"], ["’", "s"]) and len(keys) >= 3:
        return keys[-3] in v.OTHER_PERSONS or keys[-3] in v.FOREIGN_AGE_WORDS
    if not keys or keys[-1] not in v.OTHER_PERSONS:
        return False
    rest = keys[:-1]
    while rest and rest[-1] in ("a", "an", "the", "their", "his", "her", "one", "own", "young", "at least"):
        rest.pop()
    return bool(rest) and rest[-1] in ("of", "with", "have", "has", "having", "had")


_AGE_COMPARATORS: Final = frozenset(
    ("younger than", "older than", "no older than", "not older than", "no younger than", "not younger than")
)


def _age_anchor(ctx: Context) -> Token | None:
    """An age word before the value, or inside it ("under the age of 18")."""
    inner = next((t for t in ctx.clause[ctx.value.first : ctx.value.stop] if "age" in t.roles), None)
    if inner is not None:
        return inner
    found = _anchor(ctx, ("age",), reach=6)
    if found is not None and _compound(ctx.clause, _position(ctx, found[0])):
        return None  # "age-adjusted Charlson index ≥ 5"
    if found is not None and _tail_of_a_time(ctx.clause, _position(ctx, found[0])):
        return None  # "30-55 year age group with minimum 20 natural teeth": the word closed the value before
    if found is not None and found[0].key in ("adult", "adults"):  # "Adults (>18)", "adult patients over 18"; not "adults with …"
        gap = ctx.clause[_position(ctx, found[0]) + 1 : ctx.value.first]
        nouns = [t for t in gap if t.kind != "sym"]
        return found[0] if len(gap) <= 2 and all(t.key in v.PERSON_NOUNS for t in nouns) else None
    return found[0] if found is not None else None


def _time_unit(t: Token) -> bool:
    return t.kind == "unit" and isinstance(t.value, Unit) and t.value.family == "time"


def _tail_of_a_time(clause: Sequence[Token], k: int) -> bool:
    """Whether the age word at ``k`` closes a time value right before it ("30-55 year age group",
    "≥ 55 years of age with cessation of menses for ≥ 12 months")."""
    if k > 1 and clause[k - 1].key == "of":
        k -= 1
    return k > 0 and _time_unit(clause[k - 1])


def _compound(clause: Sequence[Token], k: int) -> bool:
    """Whether the word at ``k`` only qualifies the next in a compound ("age-adjusted", "age-related")."""
    if k + 2 >= len(clause) or clause[k + 1].key != "-":
        return False
    return clause[k + 2].kind == "word" and clause[k + 1].start == clause[k].end


def _at_an_event(ctx: Context) -> bool:
    """ "over 65 years at diagnosis": the age when something happened, not the participant's now."""
    after = _after(ctx, 8)  # "3 to 18 years of age at the time of diagnosis"
    return "at" in after and any(k in v.AGE_EVENTS for k in after[after.index("at") :])


def _age_without_anchor(ctx: Context) -> bool:
    """Whether a value without an age word is an age: "18-65 years old", "Patients over 18 years",
    "younger than 18", "20-70 age" (a written side, and a tail, a person, or nothing before it)."""
    value = ctx.value
    unit = value.unit
    after = _after(ctx, 1)
    tail = _age_tail(ctx)
    if not value.sided or _foreign_age(_words_before(ctx, 6)):
        return False
    if unit is None and value.words not in _AGE_COMPARATORS and after != ["age"] and not _people_between(ctx):
        return False
    if unit is not None and unit.canonical not in _YEARS_UNITS and not (tail and unit.days >= 1):
        return False  # "Infants 0-120 days of age"; never hours
    if ctx.joined == "AGE" or (tail and value.numbers > 1):
        return True
    before = [t for t in _words_before(ctx, 4) if t.kind != "sym"]
    joiner = bool(before) and before[-1].key in ("and", "or")
    if before and not joiner and before[-1].key not in v.PERSON_WORDS:
        return False
    if joiner and _joins_something_else(ctx, before, tail):
        return False
    if tail:
        return True
    if value.words not in _AGE_COMPARATORS and not _compared_person(ctx) and _followed_by_another_word(ctx):
        return False  # "older than 18 treated for …", "Patients over 18 years diagnosed with …" stay ages
    return not (after and (after[0] in v.WINDOW_REFERENCES or after[0] in ("since", "in", "ago")))


_AGE_WORDS: Final = v.PERSON_WORDS - {"and", "or"} | _AGE_TAILS | {"aged"}


def _joins_something_else(ctx: Context, before: Sequence[Token], tail: bool) -> bool:
    """Whether the "and"/"or" before a value joins it to something other than people or an age:
    a bound of another kind ("pain for over 6 months and not more than 5 years": a time before,
    no tail after), or a thing ("sample is available and ≤ 6 months old"); not "≥ 18 years old
    and ≤ 70 years", "Children ≥ 6 months and < 16 years old"."""
    if ctx.joined is not None and ctx.joined != "AGE":
        return True
    k = ctx.value.first - 2
    if not tail and k >= 0 and _time_unit(ctx.clause[k]):
        return True
    lead = before[-2] if len(before) >= 2 else None
    return lead is not None and lead.kind == "word" and lead.key not in _AGE_WORDS


def _followed_by_another_word(ctx: Context) -> bool:
    """Whether a word other than a joiner, a person or a preposition follows the value: then the
    time is said of it ("at least 2 year history of", "more than 1 year postmenopausal"), not a
    participant's age ("Patients over 18 years with …", "Men 18-65 years, …")."""
    stop = ctx.value.stop
    if stop >= len(ctx.clause):
        return False
    nxt = ctx.clause[stop]
    return nxt.kind == "word" and nxt.key not in v.AGE_FOLLOWERS


def _compared_person(ctx: Context) -> bool:
    """Whether a person noun stands right before a comparator that, said of a person, compares
    their age ("Patients over 18 years diagnosed with …", "Women under 40 years scheduled for …");
    not "more than" or "at least", which a time said of what follows takes too ("Women more than
    1 year postmenopausal"), nor a time said of a state after an event or of a condition ("Women
    over 1 year postmenopausal", "Patients over 2 years history of …")."""
    k, stop = ctx.value.first, ctx.value.stop
    if ctx.value.words not in v.PERSON_AGE_COMPARATORS or k == 0 or ctx.clause[k - 1].key not in v.PERSON_NOUNS:
        return False
    nxt = ctx.clause[stop].key if stop < len(ctx.clause) else ""
    return not nxt.startswith(v.POST_EVENT_PREFIX) and nxt not in v.DURATION_SUBJECTS


def _people_between(ctx: Context) -> bool:
    """ "Healthy volunteers between 18 and 45": people, then a range of whole numbers an age can be."""
    value = ctx.value
    before = _words_before(ctx, 2)
    if value.numbers != 2 or not before or before[-1].key not in v.PERSON_NOUNS:
        return False
    return all(x is not None and x == int(x) and 0 <= x <= 120 for x in (value.low, value.high))


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
        if _foreign_age(near) or _someone_elses(ctx.clause, k) or (k > 0 and ctx.clause[k - 1].key in v.AGE_QUALIFIERS):
            return None
        start = min(start, anchor.start)
        if not value.sided:
            sided = _side_before(ctx, anchor)  # "Minimum age: 18"
            if sided is None:
                return None  # "Age 18": which side is meant is not written
            ctx = ctx._replace(value=sided[0])
            start = sided[1]
    elif not _age_without_anchor(ctx) or _someone_elses(ctx.clause, value.first):
        return None
    if _at_an_event(ctx):
        return None
    scale = unit.days / v.DAYS_PER_YEAR if unit is not None else 1.0
    low_unit = value.unit_low
    scale_low = low_unit.days / v.DAYS_PER_YEAR if low_unit is not None and low_unit.family == "time" else scale
    reading = _reading(ctx, "AGE", None, "years", start, scale, scale_low)
    if not all(0 <= x <= 130 for x in (reading.low, reading.high) if x is not None):
        return None
    return reading
