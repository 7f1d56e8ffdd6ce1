"""The JSON Schema (draft 2020-12) of ``Listing.to_dict()``, generated from the model.

The schema is built by walking the attrs classes of ``trialparse.model`` and their type
hints, so a field added to the model appears here without a second place to edit. Every
record becomes a ``$defs`` entry referenced with ``$ref`` (``Criterion`` refers to itself),
enums become string enums of their values, ``Span`` an array ``[start, end]`` and dates
strings of format ``date``, exactly as ``Listing.to_dict()`` writes them.

Objects admit no unknown keys; a field is required when the model gives it no default
(``to_dict()`` writes every field, ``from_dict`` fills in the defaults). So a record of an
older minor version validates against a newer schema of the same major version.
"""

from __future__ import annotations

import copy
import datetime
import enum
import functools
import types
import typing
from collections.abc import Mapping
from typing import Final

import attrs

from trialparse.model import JSON, SCHEMA_VERSION, Listing, Span

__all__ = ["SCHEMA_ID", "json_schema"]

SCHEMA_ID: Final = f"urn:trialparse:schema:listing:{SCHEMA_VERSION.split('.')[0]}"
"""The ``$id`` of the schema; it names the major version only, as minor versions stay compatible."""

_DRAFT: Final = "https://json-schema.org/draft/2020-12/schema"

# Types written other than field by field. Keep in sync with the hooks of model._converter.
_SPECIAL: Final[Mapping[object, dict[str, JSON]]] = {
    Span: {
        "description": "Character offsets [start, end) into the exact string given to parse().",
        "type": "array",
        "prefixItems": [{"type": "integer", "minimum": 0}, {"type": "integer", "minimum": 0}],
        "items": False,
        "minItems": 2,
    },
    datetime.date: {"type": "string", "format": "date"},
}

# What a validator in the model checks and a type hint cannot say. Keep in sync with model.py.
_REFINEMENTS: Final[Mapping[tuple[str, str], dict[str, JSON]]] = {
    ("Listing", "trial_id"): {"pattern": "^NCT[0-9]{8}$"},
}

_SCALARS: Final[Mapping[object, str]] = {str: "string", int: "integer", float: "number", bool: "boolean", type(None): "null"}


def _description(cls: type) -> str | None:
    """The first paragraph of a class's own docstring, on one line."""
    doc = vars(cls).get("__doc__")
    if not isinstance(doc, str) or not doc.strip():
        return None
    return " ".join(doc.strip().split("\n\n")[0].split()).replace("``", "`")


class _Builder:
    """Collects ``$defs`` while turning type hints into schemas."""

    def __init__(self) -> None:
        self.defs: dict[str, JSON] = {}

    def ref(self, cls: type, build: typing.Callable[[], dict[str, JSON]]) -> dict[str, JSON]:
        name = cls.__name__
        if name not in self.defs:
            self.defs[name] = {}  # placeholder first: Criterion refers to itself
            self.defs[name] = build()
        return {"$ref": f"#/$defs/{name}"}

    def of_type(self, tp: object) -> dict[str, JSON]:
        if tp in _SPECIAL:
            if isinstance(tp, type) and attrs.has(tp):
                return self.ref(tp, lambda: copy.deepcopy(_SPECIAL[tp]))
            return copy.deepcopy(_SPECIAL[tp])
        if tp in _SCALARS:
            return {"type": _SCALARS[tp]}
        if isinstance(tp, type) and issubclass(tp, enum.Enum):
            enum_cls = tp
            return self.ref(enum_cls, lambda: {"type": "string", "enum": [str(m.value) for m in enum_cls]})
        if isinstance(tp, type) and attrs.has(tp):
            return self.ref(tp, lambda: self.of_record(tp))
        origin, args = typing.get_origin(tp), typing.get_args(tp)
        if origin in (typing.Union, types.UnionType):
            branches = [self.of_type(a) for a in args]
            if all(set(b) == {"type"} and isinstance(b["type"], str) for b in branches):
                return {"type": [b["type"] for b in branches]}
            return {"anyOf": list(branches)}
        if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
            return {"type": "array", "items": self.of_type(args[0])}
        if origin is tuple:
            return {"type": "array", "prefixItems": [self.of_type(a) for a in args], "items": False, "minItems": len(args)}
        msg = f"json_schema(): no JSON Schema for the type {tp!r}; teach trialparse/schema.py about it"
        raise TypeError(msg)

    def of_record(self, cls: type) -> dict[str, JSON]:
        hints = typing.get_type_hints(cls)
        properties: dict[str, JSON] = {}
        required: list[JSON] = []
        for field in attrs.fields(cls):
            properties[field.name] = {**self.of_type(hints[field.name]), **_REFINEMENTS.get((cls.__name__, field.name), {})}
            if field.default is attrs.NOTHING:
                required.append(field.name)
        out: dict[str, JSON] = {"type": "object"}
        description = _description(cls)
        if description:
            out["description"] = description
        out["properties"] = properties
        # A field with a default may be absent (from_dict fills it in), so records written
        # before a minor release added a field still validate; to_dict() writes every key.
        out["required"] = required
        out["additionalProperties"] = False
        return out


@functools.cache
def _generate() -> dict[str, JSON]:
    builder = _Builder()
    listing = builder.of_record(Listing)
    assert isinstance(listing["properties"], dict)
    assert isinstance(listing["required"], list)
    properties: dict[str, JSON] = {
        "schema_version": {
            "description": f"Version of this output format; readers of {SCHEMA_VERSION} read any same-major version.",
            "type": "string",
            "pattern": rf"^{SCHEMA_VERSION.split('.')[0]}\.[0-9]+$",
        },
        "source": {
            "description": "Added by the trialparse command: the input's name; not written by to_dict().",
            "type": "string",
        },
        **listing["properties"],
    }
    return {
        "$schema": _DRAFT,
        "$id": SCHEMA_ID,
        "title": "trialparse Listing",
        "description": f"Listing.to_dict() output, schema_version {SCHEMA_VERSION}. {listing.get('description', '')}".strip(),
        "type": "object",
        "properties": properties,
        "required": ["schema_version", *listing["required"]],
        "additionalProperties": False,
        "$defs": dict(sorted(builder.defs.items())),
    }


def json_schema() -> dict[str, JSON]:
    """The JSON Schema (draft 2020-12) of ``Listing.to_dict()`` output; a fresh copy each call.

    Generated from the model's attrs classes, so it always describes the installed version.
    Also printed by ``trialparse --schema``.

    >>> schema = json_schema()
    >>> schema["$schema"], schema["properties"]["schema_version"]["pattern"]
    ('https://json-schema.org/draft/2020-12/schema', '^1\\\\.[0-9]+$')
    >>> schema["$defs"]["Criterion"]["properties"]["children"]
    {'type': 'array', 'items': {'$ref': '#/$defs/Criterion'}}
    """
    return copy.deepcopy(_generate())
