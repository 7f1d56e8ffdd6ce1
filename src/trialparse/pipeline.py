"""``parse()``: the only module that knows the order of the stages."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final

import attrs

from trialparse.constraints import extract_constraints
from trialparse.criteria import read_criteria
from trialparse.dates import read_review_date
from trialparse.facts import FactError, FactValues, TitleBlock, parse_phases, read_quick_facts, read_title_block
from trialparse.locations import read_contacts, read_locations
from trialparse.model import (
    AgeRange,
    Constraint,
    ConstraintKind,
    Contact,
    Criteria,
    Issue,
    Listing,
    ListingError,
    Locations,
    Phase,
    QuickFacts,
    Severity,
    Span,
    Sponsor,
)
from trialparse.sections import RawSection, split_sections
from trialparse.text import Text, case_blind_key, clean_inline, split_list

__all__ = ["parse", "parse_criteria"]

_LABELLED_RE: Final = re.compile(
    r"(?P<label>good\ fit|not\ a\ fit|potential\ benefit|how\ similar\ studies\ have\ performed)[ \t]*+:[ \t]*+",
    re.IGNORECASE | re.VERBOSE,
)
_LABEL_FIELDS: Final = {
    "good fit": "good_fit",
    "not a fit": "not_a_fit",
    "potential benefit": "potential_benefit",
    "how similar studies have performed": "similar_studies",
}


def _block_text(doc: Text, start: int, end: int) -> str | None:
    paras = [clean_inline(p) for p, _, _ in doc.paragraphs(start, end)]
    return "\n\n".join(p for p in paras if p) or None


def _labelled(doc: Text, section: RawSection, fields: dict[str, str | None], issues: list[Issue]) -> None:
    """Fill "Good fit: …"-style fields; text before the first label is reported, not lost."""
    current: str | None = None
    for text, s, e in doc.paragraphs(section.body_start, section.body_end):
        m = _LABELLED_RE.match(text)
        if m is not None:
            current = _LABEL_FIELDS[case_blind_key(_LABEL_FIELDS, " ".join(m.group("label").split()))]
            fields[current] = clean_inline(text[m.end() :]) or None
        elif current is not None:
            fields[current] = "\n\n".join(p for p in (fields[current], clean_inline(text)) if p)
        else:
            issues.append(
                Issue(
                    "sections.unlabelled_text",
                    f'"{section.heading}": text without a "Label:" is kept only in the section',
                    Severity.INFO,
                    doc.span(s, e),
                )
            )


def parse(text: str, *, strict: bool = False, constraints: bool = True) -> Listing:
    """Parse one listing page; never raises on a ``str`` unless ``strict`` and an ERROR was found.

    ``constraints=False`` leaves ``Criterion.constraints`` empty and skips the age
    cross-check (the extractor costs about a quarter of a page's parse time).

    >>> parse("Quick facts\\n\\nPhasePHASE1/PHASE2").facts.phases
    (<Phase.PHASE1: 'PHASE1'>, <Phase.PHASE2: 'PHASE2'>)
    """
    return _parse(text, strict, constraints)[0]


def _parse(text: str, strict: bool, constraints: bool) -> tuple[Listing, Text, list[RawSection]]:
    """``parse()``, also returning the normalised text and the raw sections (for ``pack``)."""
    if not isinstance(text, str):
        msg = f"parse() expects str, got {type(text).__name__}" + (
            " (decode bytes first)" if isinstance(text, (bytes, bytearray)) else ""
        )
        raise TypeError(msg)
    doc = Text(text)
    raws = split_sections(doc)
    issues: list[Issue] = []
    first: dict[str, RawSection] = {}
    for raw in raws:
        if raw.key in first and raw.key != "unknown":
            issues.append(
                Issue(
                    "sections.duplicate",
                    f'section "{raw.heading}" appears again; only the first is read',
                    Severity.WARNING,
                    doc.span(raw.start, raw.body_end),
                )
            )
            continue
        first.setdefault(raw.key, raw)
        if raw.key == "unknown":
            issues.append(
                Issue(
                    "sections.unknown_heading",
                    f'unknown section "{raw.heading}" kept as is',
                    Severity.INFO,
                    doc.span(raw.start, raw.body_end),
                )
            )

    title = read_title_block(doc, first["title"].body_start, first["title"].body_end) if "title" in first else None
    facts_section = first.get("quick_facts")
    if facts_section is not None:
        fact_values, found = read_quick_facts(doc, facts_section.body_start, facts_section.body_end)
        issues += found
    else:
        fact_values, _ = read_quick_facts(doc, 0, 0)
    facts = fact_values.facts
    if title is not None:
        if not facts.phases and title.phases:
            facts = attrs.evolve(facts, phases=title.phases)
        if facts.sponsor is None and title.sponsor:
            facts = attrs.evolve(facts, sponsor=Sponsor(title.sponsor, None))

    trial_id = fact_values.trial_id or (title.trial_id if title else None)
    if fact_values.trial_id and title is not None and title.trial_id and title.trial_id != fact_values.trial_id:
        issues.append(
            Issue(
                "listing.trial_id_mismatch",
                f"the title block names {title.trial_id} but Trial ID is {fact_values.trial_id}; Trial ID kept",
                Severity.WARNING,
                None,
            )
        )
    if trial_id is None:
        issues.append(Issue("listing.no_trial_id", "no NCT id (NCT + 8 digits) found on the page", Severity.WARNING, None))

    fields: dict[str, str | None] = dict.fromkeys(_LABEL_FIELDS.values())
    for key in ("who_should_consider", "why_it_matters"):
        if key in first:
            _labelled(doc, first[key], fields, issues)

    criteria = Criteria()
    if "eligibility" in first:
        sec = first["eligibility"]
        criteria, found = read_criteria(
            doc, sec.body_start, sec.body_end, constraints=_read_constraints if constraints else None
        )
        issues += found
    else:
        issues.append(Issue("sections.no_eligibility", "no eligibility criteria section found", Severity.INFO, None))

    loc_sec = first.get("locations")
    locations, found = read_locations(doc, (loc_sec.body_start, loc_sec.body_end) if loc_sec else None, fact_values)
    issues += found
    contacts: tuple[Contact, ...] = ()
    if "contacts" in first:
        contacts, found = read_contacts(doc, first["contacts"].body_start, first["contacts"].body_end)
        issues += found
    conditions: tuple[str, ...] = ()
    if "conditions" in first:
        sec = first["conditions"]
        conditions = tuple(clean_inline(c) for c in split_list(" ".join(doc.value[sec.body_start : sec.body_end].split("\n"))))
    last_reviewed = None
    if "review" in first:
        sec = first["review"]
        last_reviewed, found = read_review_date(doc, sec.body_start, sec.body_end)
        issues += found

    body_span = doc.span(loc_sec.body_start, loc_sec.body_end) if loc_sec is not None else None
    issues += _cross_checks(facts, title, fact_values, locations, body_span)
    if constraints:
        age_issue = _age_check(facts.ages, criteria, fact_values.spans.get("ages"))
        if age_issue is not None:
            issues.append(age_issue)
    description = None
    if "description" in first:
        description = _block_text(doc, first["description"].body_start, first["description"].body_end)
    listing = Listing(
        trial_id=trial_id,
        title=title.title if title else None,
        official_title=title.official_title if title else None,
        summary=title.summary if title else None,
        facts=facts,
        description=description,
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


# "Phase 2", "Phase II/III", "Phase 1b/2" in a title; read with parse_phases.
_TITLE_PHASE_RE: Final = re.compile(
    r"\b(?:early\s++)?phase\s*+(?:[1-4]|iv|i{1,3}+)[ab]?+(?:\s*+[/&-]\s*+(?:phase\s*+)?(?:[1-4]|iv|i{1,3}+)[ab]?+)?+\b",
    re.IGNORECASE,
)


def _cross_checks(
    listing_facts: QuickFacts,
    title: TitleBlock | None,
    fact_values: FactValues,
    locations: Locations,
    locations_body: Span | None,
) -> list[Issue]:
    """Values that should agree across fields but do not: WARNING issues naming both spans."""
    found: list[Issue] = []
    spans = fact_values.spans
    if locations.site_count is not None and (locations.sites or locations.other_count is not None):
        named = len(locations.sites) + (locations.other_count or 0)
        if named != locations.site_count:
            found.append(
                Issue(
                    "listing.site_count_mismatch",
                    f"{locations.site_count} sites, but {len(locations.sites)} named plus {locations.other_count or 0} other",
                    Severity.WARNING,
                    spans.get("locations"),
                    (locations_body,) if locations_body is not None else (),
                )
            )
    if title is not None and title.official_title and listing_facts.phases and Phase.NA not in listing_facts.phases:
        m = _TITLE_PHASE_RE.search(title.official_title)
        if m is not None:
            try:
                in_title = parse_phases(m.group())
            except FactError:
                in_title = ()
            if in_title and set(in_title) != set(listing_facts.phases):
                names = "/".join(p.value for p in listing_facts.phases)
                found.append(
                    Issue(
                        "listing.phase_mismatch",
                        f'the official title says "{m.group()}" but Phase is {names}',
                        Severity.WARNING,
                        spans.get("phases"),
                        (title.official_title_span,) if title.official_title_span is not None else (),
                    )
                )
    return found


_YEAR_SLACK: Final = 0.01  # about 3.7 days: month and day conversions agree to this


def _read_constraints(value: str, start: int, end: int, span: Callable[[int, int], Span]) -> tuple[Constraint, ...]:
    """One line of a criterion read by the constraint extractor, with spans into the page."""
    return tuple(
        Constraint(c.kind, span(c.start, c.end), c.subject, c.low, c.low_inclusive, c.high, c.high_inclusive, c.unit)
        for c in extract_constraints(value, start, end)
    )


def _age_check(ages: AgeRange | None, criteria: Criteria, ages_span: Span | None) -> Issue | None:
    """The widest age range the inclusion criteria allow against the Ages fact.

    Only bounds present on both sides are compared (a fact with no maximum and criteria that
    give one is not flagged: precision first). A strict bound agrees with the fact one year
    inside it ("> 18 years" with a minimum of 18 or 19 Years, "< 65" with 64 or 65).
    """
    if ages is None or (ages.minimum is None and ages.maximum is None):
        return None
    bounds: list[Constraint] = []
    stack = list(criteria.inclusion)
    while stack:
        node = stack.pop()
        for c in node.constraints:
            if c.kind is ConstraintKind.AGE and c.unit == "years":
                bounds.append(c)
        stack += node.children
    if not bounds:
        return None
    disagree: list[Constraint] = []
    words: list[str] = []
    lows = [c for c in bounds if c.low is not None]
    if ages.minimum is not None and lows:
        low = min(lows, key=lambda c: c.low or 0.0)
        fact, bound = ages.minimum.in_years, low.low or 0.0
        if not (abs(fact - bound) <= _YEAR_SLACK or (not low.low_inclusive and bound < fact <= bound + 1 + _YEAR_SLACK)):
            disagree.append(low)
            words.append(f"a minimum age of {bound:g} years ({'inclusive' if low.low_inclusive else 'strict'})")
    highs = [c for c in bounds if c.high is not None]
    if ages.maximum is not None and highs:
        high = max(highs, key=lambda c: c.high or 0.0)
        fact, bound = ages.maximum.in_years, high.high or 0.0
        if not (abs(fact - bound) <= _YEAR_SLACK or (not high.high_inclusive and bound - 1 - _YEAR_SLACK <= fact < bound)):
            disagree.append(high)
            words.append(f"a maximum age of {bound:g} years ({'inclusive' if high.high_inclusive else 'strict'})")
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


def parse_criteria(text: str, *, constraints: bool = True) -> tuple[Criteria, tuple[Issue, ...]]:
    """Parse criteria text alone (e.g. a registry record's ``eligibilityCriteria``).

    >>> crit, _ = parse_criteria("Inclusion Criteria:\\n* Adults\\nExclusion Criteria:\\n* Pregnancy")
    >>> [c.text for c in crit.exclusion]
    ['Pregnancy']
    """
    if not isinstance(text, str):
        msg = f"parse_criteria() expects str, got {type(text).__name__}"
        raise TypeError(msg)
    doc = Text(text)
    return read_criteria(doc, 0, len(doc.value), constraints=_read_constraints if constraints else None)
