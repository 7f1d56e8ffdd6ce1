"""Values that should agree across fields, checked once every stage has read its part.

Each check takes the values it compares (never a stage's internals) and returns WARNING
issues naming both spans: the trial id of the title block against the "Trial ID" fact, the
site count against the sites named, the official title's phase against "Phase", and the
inclusion criteria's age bounds against "Ages". It reads the title's phase with the quick
facts' own phase reader, the one import it takes from a stage.
"""

from __future__ import annotations

import re
from typing import Final

from trialparse.facts import FactError, parse_phases
from trialparse.model import AgeRange, Constraint, ConstraintKind, Criteria, Issue, Locations, Phase, Severity, Span

__all__ = ["check_ages", "check_phase", "check_site_count", "choose_trial_id"]

Issues = tuple[Issue, ...]

# "Phase 2", "Phase II/III", "Phase 1b/2" in a title; read with parse_phases.
_TITLE_PHASE_RE: Final = re.compile(
    r"\b(?:early\s++)?phase\s*+(?:[1-4]|iv|i{1,3}+)[ab]?+(?:\s*+[/&-]\s*+(?:phase\s*+)?(?:[1-4]|iv|i{1,3}+)[ab]?+)?+\b",
    re.IGNORECASE,
)
_YEAR_SLACK: Final = 0.01  # about 3.7 days: month and day conversions agree to this


def choose_trial_id(fact_id: str | None, title_id: str | None) -> tuple[str | None, Issues]:
    """The "Trial ID" fact, else the title block's NCT id; a warning when they differ or neither is there."""
    if fact_id and title_id and title_id != fact_id:
        return fact_id, (
            Issue(
                "listing.trial_id_mismatch",
                f"the title block names {title_id} but Trial ID is {fact_id}; Trial ID kept",
                Severity.WARNING,
                None,
            ),
        )
    trial_id = fact_id or title_id
    if trial_id is None:
        return None, (Issue("listing.no_trial_id", "no NCT id (NCT + 8 digits) found on the page", Severity.WARNING, None),)
    return trial_id, ()


def check_site_count(locations: Locations, fact_span: Span | None, body_span: Span | None) -> Issue | None:
    """The "N sites" count against the sites named plus "and N other locations"."""
    if locations.site_count is None or (not locations.sites and locations.other_count is None):
        return None
    named = len(locations.sites) + (locations.other_count or 0)
    if named == locations.site_count:
        return None
    message = f"{locations.site_count} sites, but {len(locations.sites)} named plus {locations.other_count or 0} other"
    return _warning("listing.site_count_mismatch", message, fact_span, body_span)


def check_phase(
    phases: tuple[Phase, ...], official_title: str | None, title_span: Span | None, phases_span: Span | None
) -> Issue | None:
    """A phase named in the official title against the "Phase" fact (N/A is never compared)."""
    if not official_title or not phases or Phase.NA in phases:
        return None
    m = _TITLE_PHASE_RE.search(official_title)
    if m is None:
        return None
    try:
        in_title = parse_phases(m.group())
    except FactError:
        return None
    if not in_title or set(in_title) == set(phases):
        return None
    message = f'the official title says "{m.group()}" but Phase is {"/".join(p.value for p in phases)}'
    return _warning("listing.phase_mismatch", message, phases_span, title_span)


def _warning(code: str, message: str, span: Span | None, other: Span | None) -> Issue:
    """A mismatch: the span of one value, and the other value's span as the related one."""
    return Issue(code, message, Severity.WARNING, span, (other,) if other is not None else ())


def _age_bounds(criteria: Criteria) -> list[Constraint]:
    """Every age constraint in years anywhere in the inclusion tree."""
    bounds: list[Constraint] = []
    stack = list(criteria.inclusion)
    while stack:
        node = stack.pop()
        bounds += [c for c in node.constraints if c.kind is ConstraintKind.AGE and c.unit == "years"]
        stack += node.children
    return bounds


def _low_disagrees(fact: float, low: Constraint) -> bool:
    bound = low.low or 0.0
    return not (abs(fact - bound) <= _YEAR_SLACK or (not low.low_inclusive and bound < fact <= bound + 1 + _YEAR_SLACK))


def _high_disagrees(fact: float, high: Constraint) -> bool:
    bound = high.high or 0.0
    return not (abs(fact - bound) <= _YEAR_SLACK or (not high.high_inclusive and bound - 1 - _YEAR_SLACK <= fact < bound))


def check_ages(ages: AgeRange | None, criteria: Criteria, ages_span: Span | None) -> Issue | None:
    """The widest age range the inclusion criteria allow against the Ages fact.

    Only bounds present on both sides are compared (a fact with no maximum and criteria that
    give one is not flagged: precision first). A strict bound agrees with the fact one year
    inside it ("> 18 years" with a minimum of 18 or 19 Years, "< 65" with 64 or 65).
    """
    if ages is None or (ages.minimum is None and ages.maximum is None):
        return None
    bounds = _age_bounds(criteria)
    if not bounds:
        return None
    disagree: list[Constraint] = []
    words: list[str] = []
    lows = [c for c in bounds if c.low is not None]
    if ages.minimum is not None and lows:
        low = min(lows, key=lambda c: c.low or 0.0)
        if _low_disagrees(ages.minimum.in_years, low):
            disagree.append(low)
            words.append(f"a minimum age of {low.low or 0.0:g} years ({'inclusive' if low.low_inclusive else 'strict'})")
    highs = [c for c in bounds if c.high is not None]
    if ages.maximum is not None and highs:
        high = max(highs, key=lambda c: c.high or 0.0)
        if _high_disagrees(ages.maximum.in_years, high):
            disagree.append(high)
            words.append(f"a maximum age of {high.high or 0.0:g} years ({'inclusive' if high.high_inclusive else 'strict'})")
    if not disagree:
        return None
    fact_words = " to ".join(
        f"{a.value} {a.unit.value.lower()}" if a is not None else "no limit" for a in (ages.minimum, ages.maximum)
    )
    return Issue(
        "listing.age_mismatch",
        f"the inclusion criteria give {' and '.join(words)}, but Ages is {fact_words}",
        Severity.WARNING,
        ages_span,
        tuple(dict.fromkeys(c.span for c in disagree)),
    )
