"""One private cattrs converter: ``to_dict`` / ``from_dict`` / ``to_json``.

Enums become their string value and tuples become lists (cattrs' defaults); the only hooks
added are for ``datetime.date`` (ISO) and ``Span`` (``[start, end]``).
"""

from __future__ import annotations

import datetime
import json
import operator
from typing import Final

import cattrs

from trialparse.model import (
    JSON,
    SCHEMA_VERSION,
    AgeUnit,
    ConstraintKind,
    EnrollmentStatus,
    Listing,
    Phase,
    Severity,
    Sex,
    Span,
    SponsorClass,
    StudyType,
)

__all__ = ["JSON", "SCHEMA_VERSION", "from_dict", "to_dict", "to_json"]


_converter: Final = cattrs.Converter(unstruct_collection_overrides={tuple: list})
_converter.register_unstructure_hook(Span, lambda s: [s.start, s.end])


def _structure_span(value: object, _: object) -> Span:
    if not (isinstance(value, list) and len(value) == 2 and all(type(v) is int for v in value)):
        msg = f"a span is [start, end], got {value!r}"
        raise ValueError(msg)
    start, end = value
    if not 0 <= start <= end:
        msg = f"invalid span [{start}, {end}]"
        raise ValueError(msg)
    return Span(start, end)


_converter.register_structure_hook(Span, _structure_span)
# The enums subclass str, so cattrs' str pass-through would keep the members: register each.
for _enum in (AgeUnit, ConstraintKind, EnrollmentStatus, Phase, Severity, Sex, SponsorClass, StudyType):
    _converter.register_unstructure_hook(_enum, operator.attrgetter("value"))
_converter.register_unstructure_hook(datetime.date, lambda d: d.isoformat())
_converter.register_structure_hook(datetime.date, lambda v, _: datetime.date.fromisoformat(v))


def to_dict(listing: Listing) -> JSON:
    """Plain JSON types, ``schema_version`` first."""
    body = _converter.unstructure(listing)
    return {"schema_version": SCHEMA_VERSION, **body}


def from_dict(data: JSON) -> Listing:
    """Rebuild a ``Listing``; refuses output of a newer major schema version."""
    if not isinstance(data, dict):
        msg = f"from_dict() expects a dict, got {type(data).__name__}"
        raise TypeError(msg)
    version = data.get("schema_version", SCHEMA_VERSION)
    if not isinstance(version, str) or version.split(".")[0] != SCHEMA_VERSION.split(".")[0]:
        msg = f"schema_version {version!r} is not readable by this trialparse (reads {SCHEMA_VERSION.split('.')[0]}.x)"
        raise ValueError(msg)
    body = {k: v for k, v in data.items() if k != "schema_version"}
    return _converter.structure(body, Listing)


def to_json(listing: Listing) -> str:
    """``json.dumps(to_dict())``: fields in model order (stable), ASCII-safe."""
    return json.dumps(to_dict(listing))
