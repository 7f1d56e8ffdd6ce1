"""The result records: attrs classes (frozen, slotted), enums in ClinicalTrials.gov vocabulary.

This module imports nothing from the package; every other module imports from it.
Records only hold values: the stage functions parse, the records never do.
"""

from __future__ import annotations

import datetime
import enum
import functools
import json
import operator
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Final, TypeAlias

import attrs

if TYPE_CHECKING:
    import cattrs

JSON: TypeAlias = str | int | float | bool | list["JSON"] | dict[str, "JSON"] | None
"""What ``to_dict()`` returns: plain JSON values, recursively."""

SCHEMA_VERSION: Final = "1.2"
"""The version of the ``to_dict()`` output format (see README, "Output schema")."""

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
]


class _ValueEnum(enum.StrEnum):
    """An enum whose value is its name, so it serialises to the registry's own word."""


class Phase(_ValueEnum):
    EARLY_PHASE1 = "EARLY_PHASE1"
    PHASE1 = "PHASE1"
    PHASE2 = "PHASE2"
    PHASE3 = "PHASE3"
    PHASE4 = "PHASE4"
    NA = "NA"


class StudyType(_ValueEnum):
    INTERVENTIONAL = "INTERVENTIONAL"
    OBSERVATIONAL = "OBSERVATIONAL"
    EXPANDED_ACCESS = "EXPANDED_ACCESS"


class Sex(_ValueEnum):
    ALL = "ALL"
    FEMALE = "FEMALE"
    MALE = "MALE"


class EnrollmentStatus(_ValueEnum):
    ESTIMATED = "ESTIMATED"
    ACTUAL = "ACTUAL"


class SponsorClass(_ValueEnum):
    NIH = "NIH"
    FED = "FED"
    OTHER_GOV = "OTHER_GOV"
    INDIV = "INDIV"
    INDUSTRY = "INDUSTRY"
    NETWORK = "NETWORK"
    AMBIG = "AMBIG"
    OTHER = "OTHER"
    UNKNOWN = "UNKNOWN"


class AgeUnit(_ValueEnum):
    YEARS = "YEARS"
    MONTHS = "MONTHS"
    WEEKS = "WEEKS"
    DAYS = "DAYS"
    HOURS = "HOURS"
    MINUTES = "MINUTES"


class Severity(_ValueEnum):
    ERROR = "ERROR"
    WARNING = "WARNING"
    INFO = "INFO"


class ConstraintKind(_ValueEnum):
    AGE = "AGE"
    ECOG = "ECOG"
    KARNOFSKY = "KARNOFSKY"
    LIFE_EXPECTANCY = "LIFE_EXPECTANCY"
    TIME_WINDOW = "TIME_WINDOW"
    LAB = "LAB"
    BMI = "BMI"
    DURATION = "DURATION"  # how long a symptom, state or treatment has lasted ("pain for > 3 months")
    PAIN_SCORE = "PAIN_SCORE"  # VAS / NRS pain intensity
    DISABILITY_INDEX = "DISABILITY_INDEX"  # Oswestry (ODI) / Neck Disability Index (NDI)
    ASA_CLASS = "ASA_CLASS"  # ASA physical status class, I-VI read as 1-6
    MEASUREMENT = "MEASUREMENT"  # a body measurement in its unit (subject: LVEF, QTc, blood pressure, weight …)
    COUNT = "COUNT"  # a count (subject: prior lines of therapy, lesions, cycles)
    GRADE = "GRADE"  # a toxicity grade, CTCAE 0-5 (subject: the condition graded, when written)


# How many years one unit is; an average year of 365.25 days.
_YEARS_PER_UNIT: Final = {
    AgeUnit.YEARS: 1.0,
    AgeUnit.MONTHS: 1.0 / 12.0,
    AgeUnit.WEEKS: 7.0 / 365.25,
    AgeUnit.DAYS: 1.0 / 365.25,
    AgeUnit.HOURS: 1.0 / (365.25 * 24.0),
    AgeUnit.MINUTES: 1.0 / (365.25 * 24.0 * 60.0),
}

_NCT_RE: Final = re.compile(r"NCT[0-9]{8}")


def _check_trial_id(instance: Listing, attribute: attrs.Attribute[str | None], value: str | None) -> None:
    if value is not None and _NCT_RE.fullmatch(value) is None:
        msg = f"trial_id must be NCT followed by 8 digits, got {value!r}"
        raise ValueError(msg)


@attrs.frozen
class Span:
    """Character offsets ``[start, end)`` into the exact string given to ``parse()``.

    Not validated on construction (the parser makes millions of them and only ever makes
    valid ones); ``Listing.from_dict`` checks ``0 <= start <= end``.
    """

    start: int
    end: int


@attrs.frozen
class Issue:
    """Something the parser could not read, or read with doubt; ``code`` is stable snake_case."""

    code: str
    message: str
    severity: Severity
    span: Span | None = None
    related_spans: tuple[Span, ...] = ()  # cross-field checks: where the other value stands


class ListingError(ValueError):
    """Raised by ``parse(..., strict=True)`` when an ERROR issue was found; carries every issue."""

    def __init__(self, issues: tuple[Issue, ...]) -> None:
        self.issues = issues
        errors = [i for i in issues if i.severity is Severity.ERROR]
        first = errors[0].message if errors else "no error"
        super().__init__(f"{len(errors)} error(s) while parsing listing; first: {first}")

    def __reduce__(self) -> tuple[type[ListingError], tuple[tuple[Issue, ...]]]:
        # rebuilt from its issues, so it crosses process boundaries (parse_many with workers)
        return (ListingError, (self.issues,))


@attrs.frozen
class Age:
    """An age bound as written: ``Age(18, AgeUnit.YEARS)``."""

    value: int
    unit: AgeUnit

    @property
    def in_years(self) -> float:
        """The age converted to years (months / 12, days / 365.25, …)."""
        return self.value * _YEARS_PER_UNIT[self.unit]


@attrs.frozen
class AgeRange:
    """Minimum and maximum age; ``None`` means no limit on that side."""

    minimum: Age | None = None
    maximum: Age | None = None


@attrs.frozen
class Enrollment:
    count: int
    status: EnrollmentStatus | None = None


@attrs.frozen
class Sponsor:
    name: str
    sponsor_class: SponsorClass | None = None


@attrs.frozen
class QuickFacts:
    phases: tuple[Phase, ...] = ()
    study_type: StudyType | None = None
    enrollment: Enrollment | None = None
    ages: AgeRange | None = None
    sex: Sex | None = None
    sponsor: Sponsor | None = None
    interventions: tuple[str, ...] = ()


@attrs.frozen
class Constraint:
    """A machine-checkable value read from a criterion.

    ``low``/``high``/``unit`` are normalised (times in days, ages in years); the
    ``*_as_written`` fields keep the numbers and unit of the text ("≥ 3 months": low 91.3125
    days, low_as_written 3.0, unit_as_written "months"). Added in schema 1.1.
    """

    kind: ConstraintKind
    span: Span
    subject: str | None = None
    low: float | None = None
    low_inclusive: bool = True
    high: float | None = None
    high_inclusive: bool = True
    unit: str | None = None
    low_as_written: float | None = None
    high_as_written: float | None = None
    unit_as_written: str | None = None


@attrs.frozen
class Criterion:
    """One eligibility item: marker removed, wrapped lines joined, markdown escapes undone.

    ``span`` covers the item's marker and its own lines, never its children's. Where the item's
    own text goes on after its children (a paragraph "AND not a candidate for …" below the
    sub-list of "… at screening:"), each later piece is in ``more_spans``, in page order, after
    ``span`` and its children's spans; ``text`` is the pieces' cleaned text joined with one
    space. Most criteria have one piece: ``more_spans`` is empty (added in schema 1.2).

    >>> c = Criterion("Relapsed: AND not a candidate", Span(0, 11), more_spans=(Span(30, 49),))
    >>> [c.span, *c.more_spans]
    [Span(start=0, end=11), Span(start=30, end=49)]
    """

    text: str
    span: Span
    label: str | None = None
    children: tuple[Criterion, ...] = ()
    constraints: tuple[Constraint, ...] = ()
    more_spans: tuple[Span, ...] = ()


@attrs.frozen
class CriteriaHeader:
    """A line of the criteria section that is structure, not content (an extension of the contract).

    ``side`` is "inclusion" or "exclusion" for a side header, ``None`` for page chrome such as
    "Show full inclusion / exclusion criteria". Kept so every character can be accounted for.
    """

    text: str
    span: Span
    side: str | None = None


@attrs.frozen
class Criteria:
    inclusion: tuple[Criterion, ...] = ()
    exclusion: tuple[Criterion, ...] = ()
    notes: tuple[str, ...] = ()
    note_spans: tuple[Span, ...] = ()
    headers: tuple[CriteriaHeader, ...] = ()

    def walk(self) -> Iterator[tuple[str, tuple[int, ...], Criterion]]:
        """Yield ``(side, path, criterion)`` depth-first in document order, without recursion.

        >>> c = Criteria(inclusion=(Criterion("a", Span(0, 1), children=(Criterion("b", Span(2, 3)),)),))
        >>> [(side, path, x.text) for side, path, x in c.walk()]
        [('inclusion', (0,), 'a'), ('inclusion', (0, 0), 'b')]
        """
        for side, items in (("inclusion", self.inclusion), ("exclusion", self.exclusion)):
            stack: list[tuple[tuple[int, ...], Criterion]] = [((i,), c) for i, c in reversed(list(enumerate(items)))]
            while stack:
                path, node = stack.pop()
                yield side, path, node
                stack.extend(((*path, i), c) for i, c in reversed(list(enumerate(node.children))))


@attrs.frozen
class Site:
    city: str | None = None
    region: str | None = None
    country: str | None = None
    facility: str | None = None


@attrs.frozen
class Locations:
    site_count: int | None = None
    sites: tuple[Site, ...] = ()
    other_count: int | None = None


@attrs.frozen
class Contact:
    name: str | None = None
    phone: str | None = None
    email: str | None = None


@attrs.frozen
class Section:
    """A heading and its body; ``key`` is stable snake_case ("quick_facts", …, "unknown")."""

    key: str
    heading: str
    text: str
    span: Span


@attrs.frozen
class Listing:
    """Everything read from one listing page."""

    trial_id: str | None = attrs.field(default=None, validator=_check_trial_id)
    title: str | None = None
    official_title: str | None = None
    summary: str | None = None
    facts: QuickFacts = QuickFacts()
    description: str | None = None
    good_fit: str | None = None
    not_a_fit: str | None = None
    potential_benefit: str | None = None
    similar_studies: str | None = None
    criteria: Criteria = Criteria()
    locations: Locations = Locations()
    contacts: tuple[Contact, ...] = ()
    conditions: tuple[str, ...] = ()
    last_reviewed: datetime.date | None = None
    sections: tuple[Section, ...] = ()
    issues: tuple[Issue, ...] = ()

    def to_dict(self) -> JSON:
        """Plain JSON types: enums as strings, dates ISO, spans ``[start, end]``, tuples as lists;
        ``schema_version`` first."""
        body = _converter().unstructure(self)
        return {"schema_version": SCHEMA_VERSION, **body}

    def to_json(self) -> str:
        """``json.dumps(self.to_dict())``: fields in model order (stable), ASCII-safe."""
        return json.dumps(self.to_dict())

    @classmethod
    def from_dict(cls, data: JSON) -> Listing:
        """Rebuild a ``Listing`` from ``to_dict()`` output (exact round trip); refuses output of a
        newer major schema version."""
        if not isinstance(data, dict):
            msg = f"from_dict() expects a dict, got {type(data).__name__}"
            raise TypeError(msg)
        version = data.get("schema_version", SCHEMA_VERSION)
        if not isinstance(version, str) or version.split(".")[0] != SCHEMA_VERSION.split(".")[0]:
            msg = f"schema_version {version!r} is not readable by this trialparse (reads {SCHEMA_VERSION.split('.')[0]}.x)"
            raise ValueError(msg)
        body = {k: v for k, v in data.items() if k != "schema_version"}
        return _converter().structure(body, cls)


# ---------------------------------------------------------------------------------------------
# The JSON form: one private cattrs converter, walking the records' attrs fields. Enums become
# their value and tuples lists; the only types written other than field by field are
# ``datetime.date`` (ISO) and ``Span`` (``[start, end]``): keep schema.py's _SPECIAL in step.
# It lives here, not in a module of its own, so that ``Listing``'s methods need no import from
# the package; it is built on first use, so that ``import trialparse`` does not pay for cattrs.
# ---------------------------------------------------------------------------------------------


def _structure_span(value: object, _: object) -> Span:
    if not (isinstance(value, list) and len(value) == 2 and all(type(v) is int for v in value)):
        msg = f"a span is [start, end], got {value!r}"
        raise ValueError(msg)
    start, end = value
    if not 0 <= start <= end:
        msg = f"invalid span [{start}, {end}]"
        raise ValueError(msg)
    return Span(start, end)


@functools.cache
def _converter() -> cattrs.Converter:
    import cattrs

    converter = cattrs.Converter(unstruct_collection_overrides={tuple: list})
    converter.register_unstructure_hook(Span, lambda s: [s.start, s.end])
    converter.register_structure_hook(Span, _structure_span)
    # the enums subclass str, so cattrs' str pass-through would keep the members: register each
    for enum_class in _ValueEnum.__subclasses__():
        converter.register_unstructure_hook(enum_class, operator.attrgetter("value"))
    converter.register_unstructure_hook(datetime.date, lambda d: d.isoformat())
    converter.register_structure_hook(datetime.date, lambda v, _: datetime.date.fromisoformat(v))
    return converter
