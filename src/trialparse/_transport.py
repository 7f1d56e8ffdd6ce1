"""A ``Listing`` as nested tuples of plain values, for sending results between processes.

Pickling attrs records one by one costs about a third of a parse per page on each side
(every record goes through a Python ``__getstate__`` / ``__setstate__``); nested tuples of
str/int/None pickle in C, and rebuilding the records with their constructors is several
times cheaper. ``parse_many(workers=N)`` sends packed listings back from its helpers.

They travel as ``marshal`` bytes (``dumps`` / ``loads``): packed listings hold nothing but
str, int, float, bool, None and tuples (a date goes as its ordinal), which marshal writes
in about half pickle's time (no memo of every object) and reads a little faster. Helpers run
the caller's interpreter (forked, or spawned from the same executable), so marshal's
version-specific format is never read by another version; a program that points
``multiprocessing.set_executable()`` at another Python breaks that assumption. Nesting stays
far inside marshal's depth limit (about 2,000): criteria nest at most ``MAX_DEPTH`` (32) deep.

Positional on purpose: every ``_pack_*`` lists its class's fields in declaration order and
every ``_unpack_*`` passes them back in that order (tests round-trip every fixture page and
check the field counts, so a field added to the model fails them until it is added here).
"""

from __future__ import annotations

import datetime
import marshal
from collections.abc import Callable, Sequence
from itertools import starmap
from typing import Any, Final

import attrs

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

__all__ = ["Packed", "dumps", "loads", "pack", "unpack"]

Packed = tuple[Any, ...]

_PHASE: Final = {m.value: m for m in Phase}
_STUDY_TYPE: Final = {m.value: m for m in StudyType}
_SEX: Final = {m.value: m for m in Sex}
_ENROLLMENT_STATUS: Final = {m.value: m for m in EnrollmentStatus}
_SPONSOR_CLASS: Final = {m.value: m for m in SponsorClass}
_AGE_UNIT: Final = {m.value: m for m in AgeUnit}
_SEVERITY: Final = {m.value: m for m in Severity}
_KIND: Final = {m.value: m for m in ConstraintKind}


# Rebuilding the records is most of what the calling process spends on a helper's page (~70
# records a page, 30 of them spans). The records built often already store their fields
# through their slots (``model._use_slot_inits``), so they are rebuilt with their constructors.
# ``Listing`` keeps attrs' ``__init__`` for its trial-id validator; the helper's own
# ``Listing(...)`` already ran it, so here the instance is made with ``object.__new__`` and each
# value stored with its slot's own descriptor (what ``object.__setattr__`` ends up calling):
# the same object, equal, hashing the same, still frozen. ``__init__`` only assigns (no
# converters, no ``__attrs_post_init__``; tests check).
_new: Final = object.__new__
_date: Final = datetime.date.fromordinal

_Setter = Callable[[object, Any], None]


def _slot_setters(cls: type) -> tuple[_Setter, ...]:
    """Per field of ``cls`` in declaration order, its slot descriptor's ``__set__``.

    Unpacked into one name per field below: a field added to a class fails the unpacking at
    import, rather than leave a slot unset.
    """
    return tuple(cls.__dict__[a.name].__set__ for a in attrs.fields(cls))


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
    return (
        c.kind.value,
        (c.span.start, c.span.end),
        c.subject,
        c.low,
        c.low_inclusive,
        c.high,
        c.high_inclusive,
        c.unit,
        c.low_as_written,
        c.high_as_written,
        c.unit_as_written,
    )


def _unpack_constraint(t: Packed) -> Constraint:
    kind, span, *rest = t
    return Constraint(_KIND[kind], Span(span[0], span[1]), *rest)


def _pack_criterion(c: Criterion) -> Packed:
    return (
        c.text,
        c.span.start,
        c.span.end,
        c.label,
        tuple(map(_pack_criterion, c.children)) if c.children else (),
        tuple(map(_pack_constraint, c.constraints)) if c.constraints else (),
    )


def _unpack_criterion(t: Packed) -> Criterion:
    text, start, end, label, children, constraints = t
    return Criterion(
        text,
        Span(start, end),
        label,
        tuple(map(_unpack_criterion, children)) if children else (),
        tuple(map(_unpack_constraint, constraints)) if constraints else (),
    )


def _pack_criteria(c: Criteria) -> Packed:
    return (
        tuple(map(_pack_criterion, c.inclusion)),
        tuple(map(_pack_criterion, c.exclusion)),
        c.notes,
        tuple([(s.start, s.end) for s in c.note_spans]),
        tuple([(h.text, h.span.start, h.span.end, h.side) for h in c.headers]),
    )


def _header(text: str, start: int, end: int, side: str | None) -> CriteriaHeader:
    return CriteriaHeader(text, Span(start, end), side)


def _unpack_criteria(t: Packed) -> Criteria:
    inclusion, exclusion, notes, note_spans, headers = t
    return Criteria(
        tuple(map(_unpack_criterion, inclusion)),
        tuple(map(_unpack_criterion, exclusion)),
        notes,
        tuple(starmap(Span, note_spans)),
        tuple(starmap(_header, headers)),
    )


def _pack_issue(i: Issue) -> Packed:
    return (i.code, i.message, i.severity.value, _pack_span(i.span), tuple((s.start, s.end) for s in i.related_spans))


def _unpack_issue(t: Packed) -> Issue:
    code, message, severity, span, related = t
    return Issue(code, message, _SEVERITY[severity], _unpack_span(span), tuple(starmap(Span, related)))


def _section(key: str, heading: str, text: str, start: int, end: int) -> Section:
    return Section(key, heading, text, Span(start, end))


def pack(x: Listing, value: str | None, bodies: Sequence[tuple[int, int]]) -> Packed:
    """``x`` as nested tuples of str, int, float, bool and None (what ``marshal`` writes).

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
        None if x.last_reviewed is None else x.last_reviewed.toordinal(),
        tuple([(s.key, s.heading, b, e, s.span.start, s.span.end) for s, (b, e) in zip(x.sections, bodies, strict=True)]),
        tuple(map(_pack_issue, x.issues)),
        value,
    )


(
    _listing_trial_id,
    _listing_title,
    _listing_official_title,
    _listing_summary,
    _listing_facts,
    _listing_description,
    _listing_good_fit,
    _listing_not_a_fit,
    _listing_potential_benefit,
    _listing_similar_studies,
    _listing_criteria,
    _listing_locations,
    _listing_contacts,
    _listing_conditions,
    _listing_last_reviewed,
    _listing_sections,
    _listing_issues,
) = _slot_setters(Listing)


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
    x = _new(Listing)
    _listing_trial_id(x, trial_id)
    _listing_title(x, title)
    _listing_official_title(x, official_title)
    _listing_summary(x, summary)
    _listing_facts(x, _unpack_facts(facts))
    _listing_description(x, description)
    _listing_good_fit(x, good_fit)
    _listing_not_a_fit(x, not_a_fit)
    _listing_potential_benefit(x, potential_benefit)
    _listing_similar_studies(x, similar_studies)
    _listing_criteria(x, _unpack_criteria(criteria))
    _listing_locations(x, Locations(site_count, tuple(starmap(Site, sites)), other_count))
    _listing_contacts(x, tuple(starmap(Contact, contacts)))
    _listing_conditions(x, conditions)
    _listing_last_reviewed(x, None if last_reviewed is None else _date(last_reviewed))
    _listing_sections(x, tuple([_section(k, h, body[b:be], s, e) for k, h, b, be, s, e in sections]))
    _listing_issues(x, tuple(map(_unpack_issue, issues)) if issues else ())
    return x


# marshal's format 2, not the default 4: 3 and 4 keep a table of every object written, so
# that one written twice is sent once and read back as the same object; packed listings
# repeat next to nothing, and without the table writing costs ~7 % less, reading ~3 %
# (callgrind, the corpus's pages: 189 k -> 175 k and 448 k -> 436 k instructions a page).
_MARSHAL_FORMAT: Final = 2


def dumps(packed: list[Packed]) -> bytes:
    """Packed listings as bytes, for ``loads`` in the process that started this one."""
    return marshal.dumps(packed, _MARSHAL_FORMAT)


def loads(data: bytes) -> list[Packed]:
    """What ``dumps`` was given."""
    packed: list[Packed] = marshal.loads(data)
    return packed
