"""``render()``: the canonical page text in the reference layout; ``parse``'s inverse.

Glued quick-fact labels, ``* `` bullets, children indented two spaces per level, numbered
children written with their label, the review date in ISO form. Literal ``*`` and ``\\``
in criterion text are escaped so they are read back as text, not markers.
"""

from __future__ import annotations

import re
from typing import Final

from trialparse.model import AgeRange, Criterion, Listing, Site, SponsorClass

__all__ = ["render"]

_ENTITY_RE: Final = re.compile(r"&(?:#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,8}|[A-Za-z][A-Za-z0-9]{1,31});")
# what parse would take for a list marker at the start of a criterion's text
_LEADING_MARKER_RE: Final = re.compile(
    r"(?:(?P<punct>[-+])|\(?[0-9]{1,3}(?P<punct2>[.)])|(?P<open>\()[0-9a-zA-Z]{1,5}\)|[a-zA-Z]{1,5}(?P<punct3>[.)]))(?=[ \t]|$)"
)
_LABEL_RE: Final = re.compile(r"[0-9]{1,3}|[A-Za-z]{1,5}")  # labels parse reads back from "N." / "a."
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
    """Criterion text: also every "*", and a leading "1." / "a)" / "(2)" / "-" that would read as a marker."""
    text = _escape_text(text).replace("*", "\\*")
    m = _LEADING_MARKER_RE.match(text)
    if m is not None:
        group = next(g for g in ("punct", "punct2", "open", "punct3") if m.group(g) is not None)
        at = m.start(group)
        text = text[:at] + "\\" + text[at:]
    return text


def _criteria_lines(items: tuple[Criterion, ...]) -> list[str]:
    lines: list[str] = []
    stack: list[tuple[int, Criterion]] = [(0, c) for c in reversed(items)]
    while stack:
        depth, item = stack.pop()
        marker = f"{item.label}." if item.label is not None and _LABEL_RE.fullmatch(item.label) else "*"
        text = _escape(item.text) + (":" if item.children else "")
        lines.append("  " * depth + f"{marker} {text}")
        stack.extend((depth + 1, c) for c in reversed(item.children))
    return lines


def render(listing: Listing) -> str:
    """Write ``listing`` back as page text that ``parse`` reads to the same values."""
    blocks: list[str] = []
    facts = listing.facts
    if listing.title:
        blocks.append(_escape_text(listing.title))
    if listing.official_title:
        blocks.append(_escape_text(listing.official_title))
    meta = [
        p
        for p in ("/".join(p.value for p in facts.phases), facts.sponsor.name if facts.sponsor else "", listing.trial_id or "")
        if p
    ]
    if meta:
        blocks.append(" · ".join(meta))
    if listing.summary:
        blocks.append(_escape_text(listing.summary))
    rows: list[str] = []
    if facts.phases:
        rows.append("Phase" + "/".join(p.value for p in facts.phases))
    if facts.study_type is not None:
        rows.append("Study type" + _STUDY_TYPE_WORDS[facts.study_type.value])
    if facts.enrollment is not None:
        status = f" ({facts.enrollment.status.value.lower()})" if facts.enrollment.status else ""
        rows.append(f"Enrollment{facts.enrollment.count}{status}")
    if facts.ages is not None and (facts.ages.minimum or facts.ages.maximum):
        rows.append("Ages" + _ages(facts.ages))
    if facts.sex is not None:
        rows.append("Sex" + _SEX_WORDS[facts.sex.value])
    if facts.sponsor is not None:
        cls = facts.sponsor.sponsor_class
        rows.append("Sponsor" + facts.sponsor.name + (f" ({_CLASS_WORDS[cls]})" if cls is not None else ""))
    if facts.interventions:
        rows.append("Drugs / interventions" + _join(facts.interventions))
    loc = listing.locations
    where = "; ".join(_site(s) for s in loc.sites)
    if loc.other_count is not None:
        noun = "location" if loc.other_count == 1 else "locations"
        where = f"{where} and {loc.other_count} other {noun}" if where else f"{loc.other_count} other {noun}"
    if loc.site_count is not None:
        noun = "site" if loc.site_count == 1 else "sites"
        rows.append(f"Locations{loc.site_count} {noun}" + (f" ({where})" if where else ""))
    elif where:
        rows.append("Locations" + where)
    if listing.trial_id:
        rows.append(f"Trial ID{listing.trial_id} on ClinicalTrials.gov")
    blocks.append("Quick facts")
    blocks.append("\n".join(rows))
    if listing.description:
        blocks += ["What this trial studies", _escape_text(listing.description)]
    if listing.good_fit or listing.not_a_fit:
        blocks.append("Who should consider this trial")
        blocks += [f"{k}: {_escape_text(v)}" for k, v in (("Good fit", listing.good_fit), ("Not a fit", listing.not_a_fit)) if v]
    if listing.potential_benefit or listing.similar_studies:
        blocks.append("Why it matters")
        pairs = (
            ("Potential benefit", listing.potential_benefit),
            ("How similar studies have performed", listing.similar_studies),
        )
        blocks += [f"{k}: {_escape_text(v)}" for k, v in pairs if v]
    crit = listing.criteria
    if crit.inclusion or crit.exclusion or crit.notes:
        blocks.append("Eligibility criteria")
        blocks += [_escape_text(n) for n in crit.notes]
        if crit.inclusion:
            blocks += ["Inclusion Criteria:", "\n".join(_criteria_lines(crit.inclusion))]
        if crit.exclusion:
            blocks += ["Exclusion Criteria:", "\n".join(_criteria_lines(crit.exclusion))]
    if where:
        blocks += ["Where this trial is running", where]
    if listing.contacts:
        blocks.append("Study contacts")
        for c in listing.contacts:
            lines = [c.name or ""] if c.name else []
            lines += [f"Phone: {c.phone}"] if c.phone else []
            lines += [f"Email: {c.email}"] if c.email else []
            blocks.append("\n".join(lines))
    if listing.conditions:
        blocks.append("Conditions: " + _join(listing.conditions))
    if listing.last_reviewed is not None:
        blocks.append(f"Last reviewed {listing.last_reviewed.isoformat()}")
    return "\n\n".join(blocks) + "\n"
