"""``render()``: the canonical page text in the reference layout; ``parse``'s inverse.

Glued quick-fact labels, ``* `` bullets, children indented two spaces per level, numbered
children written with their label, the review date in ISO form. Literal ``*`` and ``\\``
in criterion text are escaped so they are read back as text, not markers.
"""

from __future__ import annotations

import re
from typing import Final

from trialparse.model import AgeRange, Contact, Criteria, Criterion, Enrollment, Listing, Locations, Site, Sponsor, SponsorClass
from trialparse.vocabulary import (
    BULLETS,
    CIRCLED_NUMBERS,
    FIELD_SEPARATORS,
    MAX_LETTER_LABEL,
    MAX_NUMBER_LABEL,
    NUMBER_DELIMITERS,
    RENDERED_BULLET,
    RENDERED_FACT_LABELS,
    RENDERED_HEADINGS,
    RENDERED_LABELS,
    SPLITTING_BULLETS,
)

__all__ = ["render"]

_ENTITY_RE: Final = re.compile(r"&(?:#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,8}|[A-Za-z][A-Za-z0-9]{1,31});")
# Bullets a backslash escapes ("*" is escaped wherever it stands); parse undoes such escapes.
_ESCAPED_BULLETS: Final = "".join(c for c in BULLETS if c.isascii() and c != RENDERED_BULLET)
# what parse would take for a list marker at the start of a criterion's text
_LEADING_MARKER_RE: Final = re.compile(
    r"(?:(?P<punct>[%(bullets)s])|\(?[0-9]{1,%(digits)d}[a-z]?(?P<punct2>[%(delims)s])"
    r"|[0-9]{1,2}\.[0-9]{1,2}(?:\.|(?=[ \t]++[A-Z]))|(?P<open>\()[0-9a-zA-Z.]{1,%(letters)d}\)"
    r"|[a-zA-Z]{1,%(letters)d}(?P<punct3>[%(delims)s]))(?=[ \t]|$)"
    % {
        "bullets": re.escape(_ESCAPED_BULLETS),
        "digits": MAX_NUMBER_LABEL,
        "letters": MAX_LETTER_LABEL,
        "delims": re.escape(NUMBER_DELIMITERS),
    }
)
# Markers no backslash escapes, written as character references (parse reads "&#8226;" as
# "•"): the ones that start an item anywhere in a line, everywhere in a criterion's text, and
# any other bullet at its start.
_SPLITTING_REFS: Final = {ord(c): f"&#{ord(c)};" for c in SPLITTING_BULLETS + "".join(CIRCLED_NUMBERS)}
# A C1 control's character reference reads as its cp1252 character ("&#149;" as "•"): such a
# bullet at a text's start is written as it is, the white space after it as a reference, so
# that it is no marker
_C1_BULLETS: Final = frozenset(c for c in BULLETS if "\x80" <= c <= "\x9f")
_LEADING_REFS: Final = frozenset(c for c in BULLETS if not c.isascii()) - _C1_BULLETS
# labels parse reads back from "N." / "a."
_LABEL_RE: Final = re.compile(r"[0-9]{1,%d}|[A-Za-z]{1,%d}" % (MAX_NUMBER_LABEL, MAX_LETTER_LABEL))
_STUDY_TYPE_WORDS: Final = {
    "INTERVENTIONAL": "Interventional",
    "OBSERVATIONAL": "Observational",
    "EXPANDED_ACCESS": "Expanded Access",
}
_SEX_WORDS: Final = {"ALL": "All", "FEMALE": "Female", "MALE": "Male"}
_CLASS_WORDS: Final = {
    SponsorClass.INDUSTRY: "industry",
    SponsorClass.NIH: "NIH",
    SponsorClass.FED: "fed",
    SponsorClass.OTHER_GOV: "other gov",
    SponsorClass.INDIV: "individual",
    SponsorClass.NETWORK: "network",
    SponsorClass.AMBIG: "ambiguous",
    SponsorClass.OTHER: "other",
    SponsorClass.UNKNOWN: "unknown",
}


def _join(values: tuple[str, ...]) -> str:
    return ("; " if any("," in v for v in values) else ", ").join(values)


def _ages(ages: AgeRange) -> str:
    def word(value: int, unit: str) -> str:
        return f"{value} {unit.capitalize()}"

    low, high = ages.minimum, ages.maximum
    if low is not None and high is not None:
        return f"{word(low.value, low.unit.value)} to {word(high.value, high.unit.value)}"
    if low is not None:
        return f"{word(low.value, low.unit.value)} and older"
    if high is not None:
        return f"Up to {word(high.value, high.unit.value)}"
    return ""


def _site(site: Site) -> str:
    return ", ".join(p for p in (site.facility, site.city, site.region, site.country) if p)


def _escape_text(text: str) -> str:
    """Backslashes and entity-like "&lt;" written so that parse's unescaping gives them back."""
    text = text.replace("\\", "\\\\")
    return _ENTITY_RE.sub(lambda m: "&amp;" + m.group()[1:], text) if "&" in text else text


def _escape(text: str) -> str:
    """Criterion text: also every "*", "•" and circled number, and a leading "1." / "a)" /
    "(2)" / "-" / "▪" that would read as a marker (its first character as a reference)."""
    text = _escape_text(text).replace("*", "\\*")
    if not text.isascii():
        text = text.translate(_SPLITTING_REFS)
        if text[0] in _LEADING_REFS:
            return f"&#{ord(text[0])};{text[1:]}"
        if text[0] in _C1_BULLETS and text[1:2].isspace():
            return f"{text[0]}&#{ord(text[1])};{text[2:]}"
    if _LEADING_MARKER_RE.match(text) is not None:
        # a character reference, not a backslash: the registry writes "* 1\\." for item 1, so
        # parse reads an escaped marker after a bullet as the item's own marker
        return f"&#{ord(text[0])};{text[1:]}"
    return text


def _labelled(**fields: str | None) -> list[str]:
    """ "Label: text" paragraphs for the fields that have a value."""
    return [f"{RENDERED_LABELS[k]}: {_escape_text(v)}" for k, v in fields.items() if v]


def _criteria_lines(items: tuple[Criterion, ...]) -> list[str]:
    lines: list[str] = []
    stack: list[tuple[int, Criterion]] = [(0, c) for c in reversed(items)]
    while stack:
        depth, item = stack.pop()
        marker = f"{item.label}." if item.label is not None and _LABEL_RE.fullmatch(item.label) else RENDERED_BULLET
        text = _escape(item.text) + (":" if item.children else "")
        lines.append("  " * depth + f"{marker} {text}")
        stack.extend((depth + 1, c) for c in reversed(item.children))
    return lines


def render(listing: Listing) -> str:
    """Write ``listing`` back as page text that ``parse`` reads to the same values."""
    where = _where(listing.locations)
    blocks = [
        *_title_blocks(listing),
        RENDERED_HEADINGS["quick_facts"],
        "\n".join(_fact_rows(listing, where)),
        *_prose_blocks(listing),
        *_criteria_blocks(listing.criteria),
        *([RENDERED_HEADINGS["locations"], where] if where else []),
        *_contact_blocks(listing.contacts),
    ]
    if listing.conditions:
        blocks.append(f"{RENDERED_HEADINGS['conditions']}: {_join(listing.conditions)}")
    if listing.last_reviewed is not None:
        blocks.append(f"{RENDERED_HEADINGS['review']} {listing.last_reviewed.isoformat()}")
    return "\n\n".join(blocks) + "\n"


def _title_blocks(listing: Listing) -> list[str]:
    """Headline, official title, the ``PHASE · sponsor · NCT id`` line and the summary."""
    facts = listing.facts
    blocks = [_escape_text(t) for t in (listing.title, listing.official_title) if t]
    phases = "/".join(p.value for p in facts.phases)
    meta = [p for p in (phases, facts.sponsor.name if facts.sponsor else "", listing.trial_id or "") if p]
    if meta:
        blocks.append(f" {FIELD_SEPARATORS[0]} ".join(meta))
    if listing.summary:
        blocks.append(_escape_text(listing.summary))
    return blocks


def _fact_rows(listing: Listing, where: str) -> list[str]:
    """The quick facts, one glued "LabelValue" row per fact that has a value."""
    facts = listing.facts
    values: dict[str, str | None] = {
        "phases": "/".join(p.value for p in facts.phases) or None,
        "study_type": _STUDY_TYPE_WORDS[facts.study_type.value] if facts.study_type is not None else None,
        "enrollment": _enrollment(facts.enrollment) if facts.enrollment is not None else None,
        "ages": (_ages(facts.ages) or None) if facts.ages is not None else None,
        "sex": _SEX_WORDS[facts.sex.value] if facts.sex is not None else None,
        "sponsor": _sponsor(facts.sponsor) if facts.sponsor is not None else None,
        "interventions": _join(facts.interventions) or None,
        "locations": _sites_fact(listing.locations.site_count, where),
        "trial_id": f"{listing.trial_id} on ClinicalTrials.gov" if listing.trial_id else None,
    }
    return [RENDERED_FACT_LABELS[field] + value for field, value in values.items() if value is not None]


def _enrollment(enrollment: Enrollment) -> str:
    status = f" ({enrollment.status.value.lower()})" if enrollment.status else ""
    return f"{enrollment.count}{status}"


def _sponsor(sponsor: Sponsor) -> str:
    cls = sponsor.sponsor_class
    return sponsor.name + (f" ({_CLASS_WORDS[cls]})" if cls is not None else "")


def _where(loc: Locations) -> str:
    """The sites, "; "-separated, and "and N other locations"."""
    where = "; ".join(_site(s) for s in loc.sites)
    if loc.other_count is not None:
        noun = "location" if loc.other_count == 1 else "locations"
        where = f"{where} and {loc.other_count} other {noun}" if where else f"{loc.other_count} other {noun}"
    return where


def _sites_fact(site_count: int | None, where: str) -> str | None:
    """The "Locations" fact: "N sites (where)", or the sites alone."""
    if site_count is None:
        return where or None
    noun = "site" if site_count == 1 else "sites"
    return f"{site_count} {noun}" + (f" ({where})" if where else "")


def _prose_blocks(listing: Listing) -> list[str]:
    """The description and the two sections of "Label: text" fields, when they have text."""
    blocks: list[str] = []
    if listing.description:
        blocks += [RENDERED_HEADINGS["description"], _escape_text(listing.description)]
    if listing.good_fit or listing.not_a_fit:
        blocks.append(RENDERED_HEADINGS["who_should_consider"])
        blocks += _labelled(good_fit=listing.good_fit, not_a_fit=listing.not_a_fit)
    if listing.potential_benefit or listing.similar_studies:
        blocks.append(RENDERED_HEADINGS["why_it_matters"])
        blocks += _labelled(potential_benefit=listing.potential_benefit, similar_studies=listing.similar_studies)
    return blocks


def _criteria_blocks(crit: Criteria) -> list[str]:
    """The eligibility section: notes, then each side under its header."""
    if not (crit.inclusion or crit.exclusion or crit.notes):
        return []
    blocks = [RENDERED_HEADINGS["eligibility"], *(_escape_text(n) for n in crit.notes)]
    if not (crit.inclusion or crit.exclusion):
        # notes alone: parse reads a section without headers or markers as its criteria, and
        # text before a header as notes, so the notes stand before an empty side's header
        blocks.append("Inclusion Criteria:")
    if crit.inclusion:
        blocks += ["Inclusion Criteria:", "\n".join(_criteria_lines(crit.inclusion))]
    if crit.exclusion:
        blocks += ["Exclusion Criteria:", "\n".join(_criteria_lines(crit.exclusion))]
    return blocks


def _contact_blocks(contacts: tuple[Contact, ...]) -> list[str]:
    """ "Study contacts", then one block per person: name, "Phone: …", "Email: …"."""
    if not contacts:
        return []
    blocks = [RENDERED_HEADINGS["contacts"]]
    for c in contacts:
        lines = [c.name] if c.name else []
        lines += [f"Phone: {c.phone}"] if c.phone else []
        lines += [f"Email: {c.email}"] if c.email else []
        blocks.append("\n".join(lines))
    return blocks
