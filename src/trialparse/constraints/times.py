"""The time rules: a life expectancy, a window between an event and the trial, a duration.

Times are in days. A window needs a cue ("within", "in the past") or a reference ("prior to",
"ago", "from the last dose"); a duration needs what lasted ("back pain for ≥ 6 weeks").
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
    _one_sided,
    _position,
    _reading,
    _words_before,
)

__all__ = ["duration", "life", "window"]


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
    past = any(t.key in v.PAST_RELATIONS for t in before[k + 1 :])  # "last 6 months", "the last 5 years"
    if relation and past and after[:1] != ["of"] and _relation_alone(before, k):
        return "cue"  # "myocardial infarction (last 6 months)", not "the last 3 months of pregnancy"
    if after[:1] == ["period"]:  # "in the 4-week period prior to"
        after = after[1:]
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
    before = [t.key for t in _words_before(ctx, 2)]
    after = _after(ctx, 2)
    if not _NOT_BEFORE_WINDOW.isdisjoint(before):
        return None
    if not _NOT_AFTER_WINDOW.isdisjoint(after) and not _NOT_AFTER_WINDOW.isdisjoint(_unless_a_period_before(after)):
        return None
    evidence = _window_evidence(ctx)
    if evidence is None or _started(ctx) or _gestational(after):
        return None
    if not value.sided:
        if evidence == "reference" and not _period_before(ctx):
            return None  # "4 weeks prior to": which side is meant is not written
        if value.numbers > 1:
            return None
        bare = Value(None, False, value.low, True, unit, unit, value.first, value.stop, True, 1)
        ctx = ctx._replace(value=bare)
    return _reading(ctx, "TIME_WINDOW", _event(ctx), "days", _window_start(ctx), unit.days, _days(value.unit_low))


def _unless_a_period_before(after: list[str]) -> list[str]:
    """The words after a time value, less a "period" that ends at a reference ("the 4-week period
    prior to"): only another period ("washout period", "a period of") makes it no window."""
    return after[1:] if after[:1] == ["period"] and after[1:2] and after[1] in _REFERENCE_AFTER else after


def _gestational(after: Sequence[str]) -> bool:
    """Whether the words after a time value make it a gestational age, no window: "within 13-16
    weeks of gestational age", "< 37 weeks gestation"."""
    return any(k in v.GESTATION_WORDS for k in (after[1:2] if after[:1] == ["of"] else after[:1]))


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
