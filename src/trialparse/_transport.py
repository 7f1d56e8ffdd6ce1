"""A ``Listing`` as nested tuples of plain values, for sending results between processes.

Pickling attrs records one by one costs about a third of a parse per page on each side
(every record goes through a Python ``__getstate__`` / ``__setstate__``); nested tuples of
str/int/None pickle in C, and rebuilding the records with their constructors is several
times cheaper. ``parse_many(workers=N)`` sends packed listings back from its helpers.

Positional on purpose: every ``_pack_*`` lists its class's fields in declaration order and
every ``_unpack_*`` passes them back in that order (tests round-trip every fixture page and
check the field counts, so a field added to the model fails them until it is added here).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

from trialparse.model import (
    Age,
    AgeRange,
    AgeUnit,
    Constraint,
    ConstraintKind,
    Contact,
    Criteria,
    CriteriaHeader,
    Criterion,
    Enrollment,
    EnrollmentStatus,
    Issue,
    Listing,
    Locations,
    Phase,
    QuickFacts,
    Section,
    Severity,
    Sex,
    Site,
    Span,
    Sponsor,
    SponsorClass,
    StudyType,
)

__all__ = ["Packed", "pack", "unpack"]

Packed = tuple[Any, ...]

_PHASE: Final = {m.value: m for m in Phase}
_STUDY_TYPE: Final = {m.value: m for m in StudyType}
_SEX: Final = {m.value: m for m in Sex}
_ENROLLMENT_STATUS: Final = {m.value: m for m in EnrollmentStatus}
_SPONSOR_CLASS: Final = {m.value: m for m in SponsorClass}
_AGE_UNIT: Final = {m.value: m for m in AgeUnit}
_SEVERITY: Final = {m.value: m for m in Severity}
_KIND: Final = {m.value: m for m in ConstraintKind}


def _e(value: Any) -> str | None:
    return None if value is None else str(value.value)


def _pack_span(s: Span | None) -> tuple[int, int] | None:
    return None if s is None else (s.start, s.end)


def _unpack_span(t: tuple[int, int] | None) -> Span | None:
    return None if t is None else Span(t[0], t[1])


def _pack_age(a: Age | None) -> Packed | None:
    return None if a is None else (a.value, a.unit.value)


def _unpack_age(t: Packed | None) -> Age | None:
    return None if t is None else Age(t[0], _AGE_UNIT[t[1]])


def _pack_facts(f: QuickFacts) -> Packed:
    ages = f.ages
    return (
        tuple(p.value for p in f.phases),
        _e(f.study_type),
        None if f.enrollment is None else (f.enrollment.count, _e(f.enrollment.status)),
        None if ages is None else (_pack_age(ages.minimum), _pack_age(ages.maximum)),
        _e(f.sex),
        None if f.sponsor is None else (f.sponsor.name, _e(f.sponsor.sponsor_class)),
        f.interventions,
    )


def _unpack_facts(t: Packed) -> QuickFacts:
    phases, study_type, enrollment, ages, sex, sponsor, interventions = t
    return QuickFacts(
        tuple(_PHASE[p] for p in phases),
        None if study_type is None else _STUDY_TYPE[study_type],
        None if enrollment is None else Enrollment(enrollment[0], _ENROLLMENT_STATUS.get(enrollment[1])),
        None if ages is None else AgeRange(_unpack_age(ages[0]), _unpack_age(ages[1])),
        None if sex is None else _SEX[sex],
        None if sponsor is None else Sponsor(sponsor[0], _SPONSOR_CLASS.get(sponsor[1])),
        interventions,
    )


def _pack_constraint(c: Constraint) -> Packed:
    return (c.kind.value, (c.span.start, c.span.end), c.subject, c.low, c.low_inclusive, c.high, c.high_inclusive, c.unit)


def _unpack_constraint(t: Packed) -> Constraint:
    kind, span, *rest = t
    return Constraint(_KIND[kind], Span(span[0], span[1]), *rest)


def _pack_criterion(c: Criterion) -> Packed:
    return (
        c.text,
        c.span.start,
        c.span.end,
        c.label,
        tuple(_pack_criterion(x) for x in c.children) if c.children else (),
        tuple(_pack_constraint(x) for x in c.constraints) if c.constraints else (),
    )


def _unpack_criterion(t: Packed) -> Criterion:
    text, start, end, label, children, constraints = t
    return Criterion(
        text,
        Span(start, end),
        label,
        tuple(_unpack_criterion(x) for x in children) if children else (),
        tuple(_unpack_constraint(x) for x in constraints) if constraints else (),
    )


def _pack_criteria(c: Criteria) -> Packed:
    return (
        tuple(_pack_criterion(x) for x in c.inclusion),
        tuple(_pack_criterion(x) for x in c.exclusion),
        c.notes,
        tuple((s.start, s.end) for s in c.note_spans),
        tuple((h.text, h.span.start, h.span.end, h.side) for h in c.headers),
    )


def _unpack_criteria(t: Packed) -> Criteria:
    inclusion, exclusion, notes, note_spans, headers = t
    return Criteria(
        tuple(_unpack_criterion(x) for x in inclusion),
        tuple(_unpack_criterion(x) for x in exclusion),
        notes,
        tuple(Span(s, e) for s, e in note_spans),
        tuple(CriteriaHeader(text, Span(s, e), side) for text, s, e, side in headers),
    )


def _pack_issue(i: Issue) -> Packed:
    return (i.code, i.message, i.severity.value, _pack_span(i.span), tuple((s.start, s.end) for s in i.related_spans))


def _unpack_issue(t: Packed) -> Issue:
    code, message, severity, span, related = t
    return Issue(code, message, _SEVERITY[severity], _unpack_span(span), tuple(Span(s, e) for s, e in related))


def pack(x: Listing, value: str | None, bodies: Sequence[tuple[int, int]]) -> Packed:
    """``x`` as nested tuples of str, int, float, bool, None and ``datetime.date``.

    Section texts are not sent, only where they stand: ``bodies[i]`` is section i's
    ``(start, end)`` in the normalised page, which is ``value``, or the page as given to
    ``parse()`` when ``value`` is None (most pages need no normalising, and the receiving
    process has the page: it sent it).
    """
    loc = x.locations
    return (
        x.trial_id,
        x.title,
        x.official_title,
        x.summary,
        _pack_facts(x.facts),
        x.description,
        x.good_fit,
        x.not_a_fit,
        x.potential_benefit,
        x.similar_studies,
        _pack_criteria(x.criteria),
        (loc.site_count, tuple((s.city, s.region, s.country, s.facility) for s in loc.sites), loc.other_count),
        tuple((c.name, c.phone, c.email) for c in x.contacts),
        x.conditions,
        x.last_reviewed,
        tuple((s.key, s.heading, b, e, s.span.start, s.span.end) for s, (b, e) in zip(x.sections, bodies, strict=True)),
        tuple(_pack_issue(i) for i in x.issues),
        value,
    )


def unpack(t: Packed, page: str) -> Listing:
    """The ``Listing`` that ``pack`` was given; ``page`` is the text that was parsed."""
    (
        trial_id,
        title,
        official_title,
        summary,
        facts,
        description,
        good_fit,
        not_a_fit,
        potential_benefit,
        similar_studies,
        criteria,
        locations,
        contacts,
        conditions,
        last_reviewed,
        sections,
        issues,
        value,
    ) = t
    body = page if value is None else value
    site_count, sites, other_count = locations
    return Listing(
        trial_id,
        title,
        official_title,
        summary,
        _unpack_facts(facts),
        description,
        good_fit,
        not_a_fit,
        potential_benefit,
        similar_studies,
        _unpack_criteria(criteria),
        Locations(site_count, tuple(Site(*s) for s in sites), other_count),
        tuple(Contact(*c) for c in contacts),
        conditions,
        last_reviewed,
        tuple(Section(k, h, body[b:be], Span(s, e)) for k, h, b, be, s, e in sections),
        tuple(_unpack_issue(i) for i in issues),
    )
