"""The public surface behaves as API.md says: argument types, strict mode, serialisation, enums."""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterator
from enum import Enum

import pytest

from tests._rows import CONTRACT, EDGE, REFERENCE, facts_page, row
from tests.conftest import FIXTURES, read_page
from trialparse import (
    AgeUnit,
    EnrollmentStatus,
    Listing,
    ListingError,
    Phase,
    Severity,
    Sex,
    SponsorClass,
    StudyType,
    parse,
    parse_many,
)

REFERENCE_TEXT = read_page(FIXTURES / "NCT06115902.txt")
ERROR_PAGE = facts_page("Phasebanana", "Enrollment-5 (actual)", "SexAll", "Funding: Acme") + "\nLast reviewed 2026-02-30\n"

# --- argument types ---------------------------------------------------------------------------

NOT_STR = [
    row(CONTRACT, b"Quick facts\n\nPhasePHASE1", "bytes", id="bytes"),
    row(CONTRACT, None, "NoneType", id="None"),
    row(CONTRACT, 3, "int", id="int"),
    row(EDGE, bytearray(b"Quick facts"), "bytearray", id="bytearray"),
    row(EDGE, 3.5, "float", id="float"),
    row(EDGE, ["Quick facts"], "list", id="list of str"),
    row(EDGE, memoryview(b"x"), "memoryview", id="memoryview"),
]


@pytest.mark.parametrize(("value", "type_name"), NOT_STR)
def test_parse_rejects_a_non_str_naming_its_type(value: object, type_name: str) -> None:
    with pytest.raises(TypeError, match=rf"\b{type_name}\b"):
        parse(value)  # type: ignore[arg-type]


@pytest.mark.parametrize(("value", "type_name"), NOT_STR)
def test_parse_rejects_a_non_str_in_strict_mode_too(value: object, type_name: str) -> None:
    with pytest.raises(TypeError, match=rf"\b{type_name}\b"):
        parse(value, strict=True)  # type: ignore[arg-type]


def test_bytes_message_says_to_decode() -> None:
    with pytest.raises(TypeError, match="decode"):
        parse(b"x")  # type: ignore[arg-type]


def test_parse_many_rejects_a_non_str_item() -> None:
    with pytest.raises(TypeError, match="bytes"):
        list(parse_many(["Quick facts", b"x"]))  # type: ignore[list-item]


ODD_STRINGS = [
    row(EDGE, "", id="empty"),
    row(EDGE, "\x00", id="NUL"),
    row(EDGE, "\r", id="lone CR"),
    row(EDGE, "\ufeff", id="BOM only"),
    row(EDGE, "\ud800", id="lone surrogate"),
    row(EDGE, "Quick facts", id="heading only"),
    row(EDGE, "Last reviewed", id="inline heading without value"),
    row(EDGE, "Conditions: ", id="empty conditions"),
    row(EDGE, "Quick facts\n\nPhase", id="label without value"),
    row(EDGE, "Quick facts\n\nPhase\n", id="label without value, newline layout"),
    row(EDGE, "Study contacts\n\n\u2028\u2029\x85\v\f", id="every line separator"),
]


@pytest.mark.parametrize("text", ODD_STRINGS)
def test_lenient_parse_never_raises_and_round_trips(text: str) -> None:
    listing = parse(text)
    assert Listing.from_dict(listing.to_dict()) == listing
    for issue in listing.issues:
        if issue.span is not None:
            assert 0 <= issue.span.start <= issue.span.end <= len(text)


# --- strict mode ----------------------------------------------------------------------------------


def test_strict_mode_raises_listing_error_carrying_every_issue() -> None:
    lenient = parse(ERROR_PAGE)
    with pytest.raises(ListingError) as err:
        parse(ERROR_PAGE, strict=True)
    assert isinstance(err.value, ValueError)
    assert isinstance(err.value.issues, tuple)
    assert err.value.issues == lenient.issues
    found = {i.code for i in err.value.issues}
    assert {"facts.phase_unreadable", "facts.enrollment_out_of_range", "dates.invalid_date"} <= found
    assert {"facts.unknown_line"} <= found  # not only the errors: every issue
    assert {i.severity for i in err.value.issues} >= {Severity.ERROR, Severity.INFO}


def test_strict_mode_does_not_raise_on_the_reference_page() -> None:
    assert parse(REFERENCE_TEXT, strict=True) == parse(REFERENCE_TEXT)


def test_strict_mode_does_not_raise_for_warnings_and_info_alone() -> None:
    page = facts_page("SponsorAcme (made up)", "Funding: Acme", "AgesChild, Adult")
    listing = parse(page, strict=True)
    assert {i.severity for i in listing.issues} == {Severity.WARNING, Severity.INFO}


def test_parse_many_strict_raises_on_the_page_with_an_error() -> None:
    results = parse_many([REFERENCE_TEXT, ERROR_PAGE], strict=True)
    assert next(results).trial_id == "NCT06115902"
    with pytest.raises(ListingError):
        next(results)


# --- serialisation ----------------------------------------------------------------------------------

PAGES = [
    row(REFERENCE, REFERENCE_TEXT, id="reference"),
    row(EDGE, REFERENCE_TEXT.replace("\n", "\r\n"), id="reference, CRLF"),
    row(EDGE, ERROR_PAGE, id="page with errors"),
    row(EDGE, "Study contacts\n\nJane Doe\nEmail: jane@example.org\n", id="contacts"),
    *(row("real", read_page(p), id=p.stem) for p in sorted((FIXTURES / "pages").glob("*.txt"))[:12]),
]


@pytest.mark.parametrize("text", PAGES)
def test_from_dict_of_to_dict_is_the_same_listing(text: str) -> None:
    listing = parse(text)
    assert Listing.from_dict(listing.to_dict()) == listing


@pytest.mark.parametrize("text", PAGES)
def test_to_json_is_json_dumps_of_to_dict(text: str) -> None:
    listing = parse(text)
    assert listing.to_json() == json.dumps(listing.to_dict())
    assert json.loads(listing.to_json()) == listing.to_dict()


def _walk(value: object, path: str = "$") -> Iterator[tuple[str, object]]:
    yield path, value
    if isinstance(value, dict):
        for k, v in value.items():
            assert isinstance(k, str), f"{path}: key {k!r} is not a str"
            yield from _walk(v, f"{path}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _walk(v, f"{path}[{i}]")


PLAIN = (str, int, float, bool, type(None), list, dict)
ENUM_TYPES = (Phase, StudyType, Sex, EnrollmentStatus, SponsorClass, AgeUnit, Severity)


@pytest.mark.parametrize("text", PAGES)
def test_to_dict_holds_plain_json_types_only(text: str) -> None:
    """No tuple, date, Span or record gets through; enum members are pinned by the table below."""
    data = parse(text).to_dict()
    assert isinstance(data, dict)
    for path, value in _walk(data):
        assert type(value) in PLAIN or type(value) in ENUM_TYPES, f"{path}: {type(value).__name__}"


ENUM_PATHS = [  # (path into to_dict() of ENUM_FIELD_PAGE, the value it must hold as a plain str)
    # issues of ENUM_FIELD_PAGE, in order: sections.no_eligibility (INFO), dates.invalid_date (ERROR)
    row(CONTRACT, ("facts", "phases", 0), "PHASE1", id="Phase"),
    row(CONTRACT, ("facts", "study_type"), "INTERVENTIONAL", id="StudyType"),
    row(CONTRACT, ("facts", "sex"), "ALL", id="Sex"),
    row(CONTRACT, ("facts", "enrollment", "status"), "ESTIMATED", id="EnrollmentStatus"),
    row(CONTRACT, ("facts", "ages", "minimum", "unit"), "YEARS", id="AgeUnit"),
    row(CONTRACT, ("facts", "sponsor", "sponsor_class"), "INDUSTRY", id="SponsorClass"),
    row(CONTRACT, ("issues", 1, "severity"), "ERROR", id="Severity"),  # dates.invalid_date
]
ENUM_FIELD_PAGE = (
    facts_page(
        "PhasePHASE1", "Study typeInterventional", "Enrollment150 (estimated)", "Ages18 Years", "SexAll", "SponsorAcme (industry)"
    )
    + "\nLast reviewed 2026-02-30\n"
)


@pytest.mark.parametrize(("path", "expected"), ENUM_PATHS)
def test_to_dict_gives_enums_as_plain_str(path: tuple[str | int, ...], expected: str) -> None:
    value: object = parse(ENUM_FIELD_PAGE).to_dict()
    for key in path:
        assert isinstance(value, (dict, list))
        value = value[key]  # type: ignore[index]
    assert value == expected
    assert type(value) is str


@pytest.mark.parametrize("text", PAGES)
def test_from_dict_of_real_json_is_the_same_listing(text: str) -> None:
    listing = parse(text)
    assert Listing.from_dict(json.loads(listing.to_json())) == listing


@pytest.mark.parametrize("text", PAGES)
def test_spans_are_start_end_pairs_and_dates_iso(text: str) -> None:
    listing = parse(text)
    data = listing.to_dict()
    assert isinstance(data, dict)
    spans = [(p, v) for p, v in _walk(data) if p.endswith(".span") and v is not None]
    assert spans  # every page has sections at least
    for path, span in spans:
        assert isinstance(span, list), path
        assert len(span) == 2, path
        assert all(type(x) is int for x in span), path
        assert 0 <= span[0] <= span[1] <= len(text), path
    if listing.last_reviewed is None:
        assert data["last_reviewed"] is None
    else:
        assert data["last_reviewed"] == listing.last_reviewed.isoformat()
        assert re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", str(data["last_reviewed"]))
    assert data["schema_version"] == "1.2"


def test_reference_to_dict_values() -> None:
    data = parse(REFERENCE_TEXT).to_dict()
    assert isinstance(data, dict)
    facts = data["facts"]
    assert isinstance(facts, dict)
    assert facts["phases"] == ["PHASE1"]
    assert facts["study_type"] == "INTERVENTIONAL"
    assert facts["enrollment"] == {"count": 150, "status": "ESTIMATED"}
    assert facts["ages"] == {"minimum": {"value": 18, "unit": "YEARS"}, "maximum": {"value": 75, "unit": "YEARS"}}
    assert facts["sponsor"] == {"name": "Chia Tai Tianqing Pharmaceutical Group Co., Ltd.", "sponsor_class": "INDUSTRY"}
    assert data["last_reviewed"] == "2026-05-15"
    assert data["trial_id"] == "NCT06115902"


def test_a_date_serialises_as_iso_and_comes_back_as_a_date() -> None:
    listing = Listing(last_reviewed=datetime.date(2026, 2, 28))
    data = listing.to_dict()
    assert isinstance(data, dict)
    assert data["last_reviewed"] == "2026-02-28"
    assert Listing.from_dict(data).last_reviewed == datetime.date(2026, 2, 28)


# --- enumerations ---------------------------------------------------------------------------------

ENUMS: list[type[Enum]] = [Phase, StudyType, Sex, EnrollmentStatus, SponsorClass, AgeUnit, Severity]
MEMBERS = [pytest.param(m, id=f"{type(m).__name__}.{m.name}") for e in ENUMS for m in e]


@pytest.mark.parametrize("member", MEMBERS)
def test_enum_value_is_its_name(member: Enum) -> None:
    assert member.value == member.name
    assert type(member.value) is str


@pytest.mark.parametrize(
    ("enum", "names"),
    [
        (Phase, {"EARLY_PHASE1", "PHASE1", "PHASE2", "PHASE3", "PHASE4", "NA"}),
        (StudyType, {"INTERVENTIONAL", "OBSERVATIONAL", "EXPANDED_ACCESS"}),
        (Sex, {"ALL", "FEMALE", "MALE"}),
        (EnrollmentStatus, {"ESTIMATED", "ACTUAL"}),
        (SponsorClass, {"NIH", "FED", "OTHER_GOV", "INDIV", "INDUSTRY", "NETWORK", "AMBIG", "OTHER", "UNKNOWN"}),
        (AgeUnit, {"YEARS", "MONTHS", "WEEKS", "DAYS", "HOURS", "MINUTES"}),
        (Severity, {"ERROR", "WARNING", "INFO"}),
    ],
    ids=lambda v: v.__name__ if isinstance(v, type) else "",
)
def test_enum_members_are_the_registry_vocabulary(enum: type[Enum], names: set[str]) -> None:
    assert {m.name for m in enum} == names
