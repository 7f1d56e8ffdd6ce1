"""trialparse: clinical-trial listing pages to typed, validated records.

>>> import trialparse
>>> listing = trialparse.parse("Quick facts\\n\\nPhasePHASE1\\nSexAll")
>>> listing.facts.sex
<Sex.ALL: 'ALL'>
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from trialparse.batch import parse_many
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
from trialparse.pipeline import parse, parse_criteria

if TYPE_CHECKING:
    __version__: str
    from trialparse.render import render
    from trialparse.review import review_html
    from trialparse.schema import json_schema
    from trialparse.tables import arrow_schema, to_arrow, to_records

# Loaded on first use (PEP 562): a pipeline that only parses does not pay to import them.
_LAZY = {
    "render": "trialparse.render",
    "review_html": "trialparse.review",
    "json_schema": "trialparse.schema",
    "arrow_schema": "trialparse.tables",
    "to_arrow": "trialparse.tables",
    "to_records": "trialparse.tables",
}


def _version() -> str:
    """The installed distribution's version; a source tree that was never installed has none."""
    from importlib import metadata

    try:
        return metadata.version("trialparse")
    except metadata.PackageNotFoundError:
        return "0+unknown"


def __getattr__(name: str) -> object:
    if name == "__version__":  # read on first use: importing importlib.metadata costs import time
        version = globals()["__version__"] = _version()
        return version
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
