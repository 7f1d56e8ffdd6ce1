"""trialparse: clinical-trial listing pages to typed, validated records.

>>> import trialparse
>>> listing = trialparse.parse("Quick facts\\n\\nPhasePHASE1\\nSexAll")
>>> listing.facts.sex
<Sex.ALL: 'ALL'>
"""

from __future__ import annotations

from typing import TYPE_CHECKING

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

if TYPE_CHECKING:
    from trialparse.render import render
    from trialparse.review import review_html
    from trialparse.schema import json_schema
    from trialparse.tables import arrow_schema, to_arrow, to_records

__version__ = "0.1.0"

# Loaded on first use (PEP 562): a pipeline that only parses does not pay to import them.
_LAZY = {
    "render": "trialparse.render",
    "review_html": "trialparse.review",
    "json_schema": "trialparse.schema",
    "arrow_schema": "trialparse.tables",
    "to_arrow": "trialparse.tables",
    "to_records": "trialparse.tables",
}


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        msg = f"module 'trialparse' has no attribute {name!r}"
        raise AttributeError(msg)
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


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
    "review_html",
    "to_arrow",
    "to_records",
]
