"""trialparse: clinical-trial listing pages to typed, validated records.

>>> import trialparse
>>> listing = trialparse.parse("Quick facts\\n\\nPhasePHASE1\\nSexAll")
>>> listing.facts.sex
<Sex.ALL: 'ALL'>
"""

from __future__ import annotations

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
    ListingError,
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
from trialparse.pipeline import parse, parse_criteria, parse_many
from trialparse.render import render

__version__ = "0.1.0"

__all__ = [
    "Age",
    "AgeRange",
    "AgeUnit",
    "Constraint",
    "ConstraintKind",
    "Contact",
    "Criteria",
    "CriteriaHeader",
    "Criterion",
    "Enrollment",
    "EnrollmentStatus",
    "Issue",
    "Listing",
    "ListingError",
    "Locations",
    "Phase",
    "QuickFacts",
    "Section",
    "Severity",
    "Sex",
    "Site",
    "Span",
    "Sponsor",
    "SponsorClass",
    "StudyType",
    "__version__",
    "parse",
    "parse_criteria",
    "parse_many",
    "render",
]
