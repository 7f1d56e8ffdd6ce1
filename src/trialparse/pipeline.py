"""``parse()``: the only module that knows the order of the stages."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import attrs

from trialparse.constraints import extract_constraints
from trialparse.criteria import read_criteria
from trialparse.crosschecks import check_ages, check_phase, check_site_count, choose_trial_id
from trialparse.dates import read_review_date
from trialparse.facts import FactValues, TitleBlock, read_quick_facts, read_title_block
from trialparse.locations import read_contacts, read_locations
from trialparse.model import (
    Constraint,
    Contact,
    Criteria,
    Issue,
    Listing,
    ListingError,
    Locations,
    QuickFacts,
    Severity,
    Span,
    Sponsor,
)
from trialparse.prose import read_conditions, read_labelled_fields, read_paragraphs
from trialparse.sections import RawSection, first_sections, split_sections
from trialparse.text import Text
from trialparse.vocabulary import FIELD_LABELS

__all__ = ["parse", "parse_criteria"]


def parse(text: str, *, strict: bool = False, constraints: bool = True) -> Listing:
    """Parse one listing page; never raises on a ``str`` unless ``strict`` and an ERROR was found.

    ``constraints=False`` leaves ``Criterion.constraints`` empty and skips the age
    cross-check (the extractor costs about a quarter of a page's parse time).

    >>> parse("Quick facts\\n\\nPhasePHASE1/PHASE2").facts.phases
    (<Phase.PHASE1: 'PHASE1'>, <Phase.PHASE2: 'PHASE2'>)
    """
    return _parse(text, strict, constraints)[0]


def _parse(text: str, strict: bool, constraints: bool) -> tuple[Listing, Text, list[RawSection]]:
    """``parse()``, also returning the normalised text and the raw sections (for ``pack``).

    The stages in page order, then the cross-field checks; the issues keep that order.
    """
    _require_str(text, "parse")
    doc = Text(text)
    raws = split_sections(doc)
    first, found = first_sections(doc, raws)
    issues = list(found)
    title, fact_values = _read_head(doc, first, issues)
    trial_id, found = choose_trial_id(fact_values.trial_id, title.trial_id if title else None)
    issues += found
    fields = _read_fields(doc, first, issues)
    criteria = _read_criteria(doc, first.get("eligibility"), constraints, issues)
    loc_sec = first.get("locations")
    locations, found = read_locations(doc, _body(loc_sec), fact_values.locations)
    issues += found
    contacts, conditions, last_reviewed = _read_tail(doc, first, issues)
    facts = _with_title_facts(fact_values.facts, title)
    _cross_check(facts, title, fact_values, locations, loc_sec, doc, issues)
    if constraints:
        _append(issues, check_ages(facts.ages, criteria, fact_values.spans.get("ages")))
    listing = Listing(
        trial_id=trial_id,
        title=title.title if title else None,
        official_title=title.official_title if title else None,
        summary=title.summary if title else None,
        facts=facts,
        description=fields["description"],
        good_fit=fields["good_fit"],
        not_a_fit=fields["not_a_fit"],
        potential_benefit=fields["potential_benefit"],
        similar_studies=fields["similar_studies"],
        criteria=criteria,
        locations=locations,
        contacts=contacts,
        conditions=conditions,
        last_reviewed=last_reviewed,
        sections=tuple(r.to_section(doc) for r in raws),
        issues=tuple(issues),
    )
    if strict and any(i.severity is Severity.ERROR for i in listing.issues):
        raise ListingError(listing.issues)
    return listing, doc, raws


def _require_str(text: object, caller: str) -> None:
    """The one exception besides strict mode's: a ``TypeError`` for anything but a ``str``."""
    if not isinstance(text, str):
        msg = f"{caller}() expects str, got {type(text).__name__}" + (
            " (decode bytes first)" if isinstance(text, (bytes, bytearray)) and caller == "parse" else ""
        )
        raise TypeError(msg)


def _body(section: RawSection | None) -> tuple[int, int] | None:
    return None if section is None else (section.body_start, section.body_end)


def _append(issues: list[Issue], issue: Issue | None) -> None:
    if issue is not None:
        issues.append(issue)


def _read_head(doc: Text, first: dict[str, RawSection], issues: list[Issue]) -> tuple[TitleBlock | None, FactValues]:
    """The title block and the quick facts (read from nothing when the page has none)."""
    title_sec = first.get("title")
    title = read_title_block(doc, title_sec.body_start, title_sec.body_end) if title_sec is not None else None
    facts_sec = first.get("quick_facts")
    if facts_sec is None:
        return title, read_quick_facts(doc, 0, 0)[0]
    fact_values, found = read_quick_facts(doc, facts_sec.body_start, facts_sec.body_end)
    issues += found
    return title, fact_values


def _with_title_facts(facts: QuickFacts, title: TitleBlock | None) -> QuickFacts:
    """The quick facts, with the phases and sponsor of the title's meta line where they have none."""
    if title is None:
        return facts
    if not facts.phases and title.phases:
        facts = attrs.evolve(facts, phases=title.phases)
    if facts.sponsor is None and title.sponsor:
        facts = attrs.evolve(facts, sponsor=Sponsor(title.sponsor, None))
    return facts


def _read_fields(doc: Text, first: dict[str, RawSection], issues: list[Issue]) -> dict[str, str | None]:
    """The prose fields of the listing: description and the "Label: text" fields, by name."""
    fields: dict[str, str | None] = dict.fromkeys(FIELD_LABELS.values())
    for key in ("who_should_consider", "why_it_matters"):
        sec = first.get(key)
        if sec is not None:
            found_fields, found = read_labelled_fields(doc, sec.body_start, sec.body_end, sec.heading)
            fields.update(found_fields)
            issues += found
    sec = first.get("description")
    fields["description"] = read_paragraphs(doc, sec.body_start, sec.body_end) if sec is not None else None
    return fields


def _read_criteria(doc: Text, sec: RawSection | None, constraints: bool, issues: list[Issue]) -> Criteria:
    if sec is None:
        issues.append(Issue("sections.no_eligibility", "no eligibility criteria section found", Severity.INFO, None))
        return Criteria()
    criteria, found = read_criteria(doc, sec.body_start, sec.body_end, constraints=_read_constraints if constraints else None)
    issues += found
    return criteria


def _read_constraints(value: str, start: int, end: int, span: Callable[[int, int], Span]) -> tuple[Constraint, ...]:
    """One line of a criterion read by the constraint extractor, with spans into the page."""
    return tuple(
        Constraint(
            c.kind,
            span(c.start, c.end),
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
        for c in extract_constraints(value, start, end)
    )


def _read_tail(
    doc: Text, first: dict[str, RawSection], issues: list[Issue]
) -> tuple[tuple[Contact, ...], tuple[str, ...], datetime.date | None]:
    """Contacts, conditions and the review date, each from its own section when there is one."""
    contacts: tuple[Contact, ...] = ()
    sec = first.get("contacts")
    if sec is not None:
        contacts, found = read_contacts(doc, sec.body_start, sec.body_end)
        issues += found
    sec = first.get("conditions")
    conditions = read_conditions(doc, sec.body_start, sec.body_end) if sec is not None else ()
    last_reviewed = None
    sec = first.get("review")
    if sec is not None:
        last_reviewed, found = read_review_date(doc, sec.body_start, sec.body_end)
        issues += found
    return contacts, conditions, last_reviewed


def _cross_check(
    facts: QuickFacts,
    title: TitleBlock | None,
    fact_values: FactValues,
    locations: Locations,
    loc_sec: RawSection | None,
    doc: Text,
    issues: list[Issue],
) -> None:
    """The site count and the title's phase against the quick facts (the age check needs constraints)."""
    body_span = doc.span(loc_sec.body_start, loc_sec.body_end) if loc_sec is not None else None
    spans = fact_values.spans
    _append(issues, check_site_count(locations, spans.get("locations"), body_span))
    if title is not None:
        _append(issues, check_phase(facts.phases, title.official_title, title.official_title_span, spans.get("phases")))


def parse_criteria(text: str, *, constraints: bool = True) -> tuple[Criteria, tuple[Issue, ...]]:
    """Parse criteria text alone (e.g. a registry record's ``eligibilityCriteria``).

    >>> crit, _ = parse_criteria("Inclusion Criteria:\\n* Adults\\nExclusion Criteria:\\n* Pregnancy")
    >>> [c.text for c in crit.exclusion]
    ['Pregnancy']
    """
    _require_str(text, "parse_criteria")
    doc = Text(text)
    return read_criteria(doc, 0, len(doc.value), constraints=_read_constraints if constraints else None)
