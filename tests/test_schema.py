"""The JSON Schema of ``to_dict()`` output, generated from the model, and the versioning rules."""

from __future__ import annotations

import datetime
import enum
import json
import typing
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import trialparse
from tests.conftest import FIXTURES, read_page
from trialparse import SCHEMA_VERSION, Listing, parse
from trialparse.schema import _Builder
from trialparse.schema import json_schema as _json_schema

jsonschema = pytest.importorskip("jsonschema")

PAGES = [*sorted((FIXTURES / "pages").glob("*.txt")), FIXTURES / "NCT06115902.txt"]
# Pages that read with issues of every severity, a missing trial id and unknown sections.
TROUBLED = [
    "Quick facts\n\nPhasebanana\nEnrollmentlots\nSexwhatever\n",
    "Mystery heading\n\nsome text\n\nLast reviewed 2026-02-30\n",
    "",
]


def json_schema() -> dict[str, typing.Any]:
    """``trialparse.json_schema()``, typed loosely for indexing in tests."""
    return _json_schema()


def _validator() -> typing.Any:
    schema = json_schema()
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


VALIDATOR = _validator()


def _errors(instance: object) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in VALIDATOR.iter_errors(instance)]


def _records(cls: type) -> set[type]:
    """Every attrs class reachable from ``cls`` through its fields' type hints."""
    seen: set[type] = set()
    todo = [cls]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        for hint in typing.get_type_hints(current).values():
            stack: list[object] = [hint]
            while stack:
                tp = stack.pop()
                stack.extend(typing.get_args(tp))
                if isinstance(tp, type) and attrs.has(tp):
                    todo.append(tp)
    return seen


# --- the schema itself -------------------------------------------------------------------------


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    schema = json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_schema_lists_every_model_field_in_model_order() -> None:
    """Field for field: each record's properties are its attrs fields, in order; nothing else."""
    schema = json_schema()
    defs = schema["$defs"]
    assert isinstance(defs, dict)
    records = _records(Listing)
    for cls in records - {Listing, trialparse.Span}:  # Span is written as [start, end]
        entry = defs[cls.__name__]
        assert isinstance(entry, dict)
        assert list(entry["properties"]) == [f.name for f in attrs.fields(cls)], cls.__name__
        assert entry["required"] == [f.name for f in attrs.fields(cls) if f.default is attrs.NOTHING]
        assert entry["additionalProperties"] is False
    assert isinstance(schema["properties"], dict)
    assert list(schema["properties"]) == ["schema_version", "source", *(f.name for f in attrs.fields(Listing))]
    enums = {tp for cls in records for hint in typing.get_type_hints(cls).values() for tp in (hint, *typing.get_args(hint))}
    enums = {tp for tp in enums if isinstance(tp, type) and issubclass(tp, enum.Enum)}
    assert set(defs) == {c.__name__ for c in records - {Listing}} | {e.__name__ for e in enums}
    for enum_cls in enums:
        assert defs[enum_cls.__name__] == {"type": "string", "enum": [m.value for m in enum_cls]}


def test_criterion_refers_to_itself() -> None:
    criterion = json_schema()["$defs"]["Criterion"]
    assert criterion["properties"]["children"] == {"type": "array", "items": {"$ref": "#/$defs/Criterion"}}
    assert criterion["properties"]["constraints"] == {"type": "array", "items": {"$ref": "#/$defs/Constraint"}}


def test_span_date_and_schema_version_have_their_wire_shapes() -> None:
    schema = json_schema()
    assert VALIDATOR.is_valid({"schema_version": "1.0", "criteria": {"note_spans": [[0, 3]]}})
    assert not VALIDATOR.is_valid({"schema_version": "1.0", "criteria": {"note_spans": [[0, 3, 4]]}})
    assert not VALIDATOR.is_valid({"schema_version": "1.0", "criteria": {"note_spans": [[-1, 3]]}})
    assert not VALIDATOR.is_valid({"schema_version": "1.0", "last_reviewed": "2026-02-30"})
    assert schema["required"] == ["schema_version"]


def test_json_schema_returns_a_fresh_copy() -> None:
    first = json_schema()
    first["$defs"] = {}
    assert json_schema()["$defs"] != {}


class _Colour(enum.Enum):
    RED = "RED"


@attrs.frozen
class _Leaf:
    """A leaf."""

    when: datetime.date | None = None


@attrs.frozen
class _Tree:
    name: str
    colour: _Colour | None = None
    leaves: tuple[_Leaf, ...] = ()
    pair: tuple[int, float] = (0, 0.0)
    kids: tuple[_Tree, ...] = ()


def test_generator_follows_new_fields_without_a_second_place_to_edit() -> None:
    """A record the schema module has never seen gets a schema from its type hints alone."""
    builder = _Builder()
    tree = builder.of_record(_Tree)
    assert tree["required"] == ["name"]
    assert tree["properties"] == {
        "name": {"type": "string"},
        "colour": {"anyOf": [{"$ref": "#/$defs/_Colour"}, {"type": "null"}]},
        "leaves": {"type": "array", "items": {"$ref": "#/$defs/_Leaf"}},
        "pair": {"type": "array", "prefixItems": [{"type": "integer"}, {"type": "number"}], "items": False, "minItems": 2},
        "kids": {"type": "array", "items": {"$ref": "#/$defs/_Tree"}},
    }
    assert builder.defs["_Leaf"] == {
        "type": "object",
        "description": "A leaf.",
        "properties": {"when": {"anyOf": [{"type": "string", "format": "date"}, {"type": "null"}]}},
        "required": [],
        "additionalProperties": False,
    }


def test_a_type_the_generator_cannot_describe_is_a_clear_error() -> None:
    with pytest.raises(TypeError, match=r"no JSON Schema for the type dict\[str, int\]"):
        _Builder().of_type(dict[str, int])


# --- every output validates ----------------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_fixture_output_validates(page: Path) -> None:
    record = parse(read_page(page)).to_dict()
    assert _errors(record) == []
    assert isinstance(record, dict)
    assert list(record) == ["schema_version", *(f.name for f in attrs.fields(Listing))]  # to_dict writes every key


@pytest.mark.parametrize("text", TROUBLED)
def test_output_with_issues_and_no_trial_id_validates(text: str) -> None:
    listing = parse(text)
    assert listing.issues or text == ""
    assert _errors(json.loads(listing.to_json())) == []


@given(st.text(max_size=300))
def test_any_parse_output_validates(text: str) -> None:
    """Whatever parse() returns, its to_dict() is an instance of json_schema()."""
    assert _errors(parse(text).to_dict()) == []


@pytest.mark.parametrize(
    ("change", "where"),
    [
        pytest.param({"trial_id": "NCT123"}, "trial_id", id="trial-id-pattern"),
        pytest.param({"facts": {"phases": ["PHASE9"]}}, "facts/phases/0", id="enum-value"),
        pytest.param(
            {"issues": [{"code": "x", "message": "y", "severity": "ERROR", "span": None, "extra": 1}]}, "issues/0", id="extra-key"
        ),
        pytest.param({"issues": [{"code": "x", "severity": "ERROR"}]}, "issues/0", id="missing-required-key"),
        pytest.param({"schema_version": "2.0"}, "schema_version", id="other-major"),
        pytest.param({"locations": {"site_count": "20"}}, "locations/site_count", id="wrong-type"),
    ],
)
def test_schema_rejects_what_to_dict_never_writes(change: dict[str, object], where: str) -> None:
    record = parse(read_page(FIXTURES / "NCT06115902.txt")).to_dict()
    assert isinstance(record, dict)
    record.update(change)  # type: ignore[arg-type]
    assert [e.split(":")[0] for e in _errors(record)] == [where]


# --- versioned output -----------------------------------------------------------------------------


def test_to_dict_starts_with_the_schema_version() -> None:
    record = parse("Quick facts\n\nSexAll").to_dict()
    assert isinstance(record, dict)
    assert next(iter(record.items())) == ("schema_version", SCHEMA_VERSION)
    assert SCHEMA_VERSION == "1.2"


def test_from_dict_reads_a_newer_minor_version_and_ignores_keys_it_does_not_know() -> None:
    listing = parse(read_page(FIXTURES / "NCT06115902.txt"))
    record = listing.to_dict()
    assert isinstance(record, dict)
    newer: dict[str, typing.Any] = {**record, "schema_version": "1.7", "added_in_1_7": [1, 2]}
    assert Listing.from_dict(newer) == listing


def test_from_dict_reads_an_older_record_without_the_fields_added_since() -> None:
    listing = parse(read_page(FIXTURES / "NCT06115902.txt"))
    record = listing.to_dict()
    assert isinstance(record, dict)
    del record["similar_studies"]
    assert _errors(record) == []
    assert Listing.from_dict(record) == attrs.evolve(listing, similar_studies=None)


@pytest.mark.parametrize("version", ["2.0", "10.1", "0.9"])
def test_from_dict_rejects_another_major_version_with_a_clear_error(version: str) -> None:
    record = parse("Quick facts\n\nSexAll").to_dict()
    assert isinstance(record, dict)
    with pytest.raises(ValueError, match=rf"schema_version '{version}' is not readable by this trialparse \(reads 1\.x\)"):
        Listing.from_dict({**record, "schema_version": version})


@pytest.mark.parametrize("version", [2, None, ["1.0"]])
def test_from_dict_rejects_a_schema_version_that_is_not_a_string(version: object) -> None:
    with pytest.raises(ValueError, match="schema_version"):
        Listing.from_dict({"schema_version": version})  # type: ignore[dict-item]
