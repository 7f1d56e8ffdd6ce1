"""trialparse: clinical-trial listing pages to typed, validated records.

>>> import trialparse
>>> listing = trialparse.parse("Quick facts\\n\\nPhasePHASE1\\nSexAll")
>>> listing.facts.sex
<Sex.ALL: 'ALL'>
"""

from __future__ import annotations

import logging

from trialparse.model import (
    SCHEMA_VERSION,
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
from trialparse.schema import json_schema
from trialparse.tables import arrow_schema, to_arrow, to_records

__version__ = "0.1.0"

# A library logs, never prints; the application decides where records go.
logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = [
    "SCHEMA_VERSION",
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
    "arrow_schema",
    "json_schema",
    "parse",
    "parse_criteria",
    "parse_many",
    "render",
    "to_arrow",
    "to_records",
]
