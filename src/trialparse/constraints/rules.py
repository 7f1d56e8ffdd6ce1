"""The grammar's rules: each reads a value in its context as one kind of constraint, or not at all.

A rule reads a value only when the words around it say what it is; an uncertain reading gives
nothing. ``RULES`` is the order they are tried in (see ``grammar``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from trialparse.constraints import vocabulary as v
from trialparse.constraints.lexer import Token, Unit
from trialparse.constraints.values import (
    _LOOK_BACK,
    Context,
    Reading,
    Value,
    _after,
    _anchor,
    _anchor_start,
    _asides,
    _one_sided,
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


def lab(ctx: Context) -> list[Reading] | None:
    """An analyte before its value: "ANC ≥ 1.5 x 10^9/L", "AST and ALT ≤ 2.5 × ULN", "TSH < 0.45 mIU/mL"."""
    value = ctx.value
    if value.unit is not None and value.unit.family not in _LAB_FAMILIES:
        return None
    if not value.sided:
        return None
    found = _anchor(ctx, ("lab",), reach=7)
    if _change_or_dose(ctx, found[0] if found is not None else None):
        return None
    if found is None:
        return _unnamed_lab(ctx)
    unit = value.unit.canonical if value.unit is not None else None
    gap = _outside_brackets(ctx.clause[_position(ctx, found[0]) + 1 : value.first])
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


def life(ctx: Context) -> Reading | None:
    """A life expectancy: "life expectancy of at least 12 weeks", "expected survival < 3 months"."""
    value = ctx.value
    found = _anchor(ctx, ("life",), reach=6)
    if found is None or value.unit is None or value.unit.family != "time":
        return None
    if not value.sided:
        if value.numbers > 1 or ctx.clause[value.first - 1].key != "within":
            return None
        ctx = ctx._replace(value=_one_sided(value, "le"))  # "life expectancy within 6 months"
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
    if found is not None and found[0].key in ("adult", "adults"):  # "Adults (>18)", "adult patients over 18"; not "adults with …"
        gap = ctx.clause[_position(ctx, found[0]) + 1 : ctx.value.first]
        nouns = [t for t in gap if t.kind != "sym"]
        return found[0] if len(gap) <= 2 and all(t.key in v.PERSON_NOUNS for t in nouns) else None
    return found[0] if found is not None else None


def _compound(clause: Sequence[Token], k: int) -> bool:
    """Whether the word at ``k`` only qualifies the next in a compound ("age-adjusted", "age-related")."""
    if k + 2 >= len(clause) or clause[k + 1].key != "-":
        return False
    return clause[k + 2].kind == "word" and clause[k + 1].start == clause[k].end


def _at_an_event(ctx: Context) -> bool:
    """ "over 65 years at diagnosis": the age when something happened, not the participant's now."""
    after = _after(ctx, 6)
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
    if unit is not None and unit.canonical not in _YEARS_UNITS and not (tail and unit.days >= 7):
        return False
    if ctx.joined == "AGE" or (tail and value.numbers > 1):
        return True
    before = [t for t in _words_before(ctx, 4) if t.kind != "sym"]
    if before and before[-1].key not in v.PERSON_WORDS and not (tail and "person" in before[-1].roles):
        return False
    if tail:
        return True
    return not (after and (after[0] in v.WINDOW_REFERENCES or after[0] in ("since", "in", "ago")))


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


_NOT_BEFORE_WINDOW: Final = frozenset(("next", "following", "every", "per", "each", "remaining", "future", "upcoming", "after"))
_NOT_AFTER_WINDOW: Final = frozenset(("apart", "old", "half", "interval", "per", "duration", "follow", "washout", "period"))
_REFERENCE_AFTER: Final = frozenset(("prior", "before", "preceding", "ago", "since", "until", "preceeding", "pre"))


def _window_evidence(ctx: Context) -> str | None:
    """How the words around a time value make it a window: "cue" ("within", "in the last",
    "(last 6 months)"), "reference" ("prior to", "ago", "from the last dose" after it), or None."""
    before = _words_before(ctx, 4)
    k = len(before) - 1
    relation = False
    while k >= 0 and (before[k].key == "the" or before[k].key in v.WINDOW_RELATIONS):
        relation = relation or before[k].key in v.WINDOW_RELATIONS
        k -= 1
    cue = before[k].key if k >= 0 else None
    if cue == "within" or (relation and cue in v.WINDOW_CUES):
        return "cue"
    after = _after(ctx, 3)
    if relation and before[k + 1].key in v.PAST_RELATIONS and after[:1] != ["of"] and _relation_alone(before, k):
        return "cue"  # "myocardial infarction (last 6 months)", not "the last 3 months of pregnancy"
    if after and after[0] in _REFERENCE_AFTER:
        return "reference"
    if ctx.value.sided and _since_event(ctx, before, after):
        return "reference"
    return None


def _relation_alone(before: Sequence[Token], k: int) -> bool:
    """Whether the word before a relation ("last") leaves it a window: not a verb's "to last
    5 weeks", "should last", nor a side ("at least last 6 weeks" is how long)."""
    if k < 0:
        return True
    lead = before[k]
    return lead.kind != "cmp" and lead.key not in ("to", "should", "will", "would", "may", "must", "can", "could", "might")


def _since_event(ctx: Context, before: Sequence[Token], after: Sequence[str]) -> bool:
    """A sided time since a past event: "≥ 4 weeks from the last dose", "< 1 week after surgery",
    "up to 6 months postpartum", "postpartum up to six months", "recent (< 6 weeks)"; not an
    obligation ("contraception for at least 3 months after the last dose")."""
    if any(t.key in ("recent", "recently") for t in before):
        return True
    post = (after[:1] and after[0] in v.POST_EVENT_WORDS) or (before and before[-1].key in v.POST_EVENT_WORDS)
    past = after[:1] in (["from"], ["after"]) and any(k in v.FROM_REFERENCES for k in after[1:])
    if not (post or past) or (past and ctx.value.words in ("until", "up to")):
        return False  # "until 3 months after the last dose": when an obligation ends
    lead = ctx.clause[ctx.value.first - 1].key if ctx.value.first > 0 else None
    obliged = any(t.key in v.OBLIGATION_WORDS for t in ctx.clause[max(0, ctx.value.first - _OBLIGATION_REACH) : ctx.value.first])
    return not obliged and lead != "for"


# how far back an obligation ("agree to use contraception …") is looked for: bounded, so linear
_OBLIGATION_REACH: Final = 40


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
        if evidence == "reference" and not _period_before(ctx):
            return None  # "4 weeks prior to": which side is meant is not written
        if value.numbers > 1:
            return None
        bare = Value(None, False, value.low, True, unit, unit, value.first, value.stop, True, 1)
        ctx = ctx._replace(value=bare)
    return _reading(ctx, "TIME_WINDOW", _event(ctx), "days", _window_start(ctx), unit.days, _days(value.unit_low))


def _period_before(ctx: Context) -> bool:
    """ "in the 30 days before", "during the 3 months preceding": a period that ends at the
    reference, so the value is its length."""
    before = [t.key for t in _words_before(ctx, 2)]
    if before[-1:] == ["the"]:
        before = before[:-1]
    return bool(before) and before[-1] in ("in", "during", "within", "over")


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
    (
        ":",
        "(",
        "for",
        "lasting",
        "lasts",
        "lasted",
        "persisting",
        "persistent",
        "present",
        "started",
        "began",
        "of",
        "a",
        "period",
        "duration",
        "with",
        "that",
        "has",
        "have",
        "had",
        "been",
        "which",
        "is",
        "since",
    )
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
    if (
        lead is not None
        and lead.key in ("for", "lasting")
        and value.first > 1
        and ctx.clause[value.first - 2].key in ("lasts", "lasted", "lasting")
    ):
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
    if unit is None or unit.family != "time" or (value.numbers > 1 and not value.sided):
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
