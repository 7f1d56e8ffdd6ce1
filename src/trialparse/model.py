"""The result records: attrs classes (frozen, slotted), enums in ClinicalTrials.gov vocabulary.

This module imports nothing from the package; every other module imports from it.
Records only hold values: the stage functions parse, the records never do.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Callable, Iterator
from typing import Final, TypeAlias

import attrs

from trialparse import _regex as _rx

JSON: TypeAlias = str | int | float | bool | list["JSON"] | dict[str, "JSON"] | None
"""What ``to_dict()`` returns: plain JSON values, recursively."""

SCHEMA_VERSION: Final = "1.1"
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

_NCT_RE: Final = _rx.compile(r"NCT[0-9]{8}")


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
    """One eligibility item: marker removed, wrapped lines joined, markdown escapes undone."""

    text: str
    span: Span
    label: str | None = None
    children: tuple[Criterion, ...] = ()
    constraints: tuple[Constraint, ...] = ()


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
        """Plain JSON types: enums as strings, dates ISO, spans ``[start, end]``, tuples as lists."""
        from trialparse.serialize import to_dict

        return to_dict(self)

    def to_json(self) -> str:
        """``json.dumps(self.to_dict())`` with stable key order."""
        from trialparse.serialize import to_json

        return to_json(self)

    @classmethod
    def from_dict(cls, data: JSON) -> Listing:
        """Rebuild a ``Listing`` from ``to_dict()`` output (exact round trip)."""
        from trialparse.serialize import from_dict

        return from_dict(data)


# ---------------------------------------------------------------------------------------------
# Faster construction
#
# attrs gives a frozen class an ``__init__`` that stores each field through
# ``object.__setattr__`` bound to the new instance (the class's own ``__setattr__`` refuses).
# A page builds ~80 records, most of them ``Span``s, and that path is about half of what a
# record costs to build. Storing through the slot's member descriptor does the same write
# (``FrozenInstanceError`` still guards every later assignment) at ~60 % of the cost: a corpus
# pass of parse() does 2.6 % fewer instructions, and a helper's results are rebuilt faster
# in parse_many. The replacement keeps attrs' signature (names, order, defaults); it is made
# only for records without validators, converters or init hooks, which is all of them but
# ``Listing`` (one per page, its trial id validated).
# ---------------------------------------------------------------------------------------------


def _slot_init_source(cls: type, scope: dict[str, object]) -> str | None:
    """The source of an ``__init__`` storing each field through its slot (its names put in
    ``scope``), or None when attrs' own must stay."""
    if any(hasattr(cls, hook) for hook in ("__attrs_pre_init__", "__attrs_post_init__")):
        return None
    params: list[str] = []
    body: list[str] = []
    for a in attrs.fields(cls):
        if not a.init or a.validator is not None or a.converter is not None or a.kw_only or a.alias != a.name:
            return None
        if isinstance(a.default, attrs.Factory):  # type: ignore[arg-type]
            return None
        setter = f"_{cls.__name__}_set_{a.name}"
        scope[setter] = cls.__dict__[a.name].__set__
        if a.default is attrs.NOTHING:
            params.append(a.name)
        else:
            scope[f"_{cls.__name__}_default_{a.name}"] = a.default
            params.append(f"{a.name}=_{cls.__name__}_default_{a.name}")
        body.append(f"    {setter}(self, {a.name})\n")
    return f"def {cls.__name__}(self, {', '.join(params)}):\n{''.join(body)}"


# the records a page builds many of; the others (one or two per page) keep attrs' __init__,
# since compiling costs import time (~40 µs per record)
_BUILT_OFTEN: Final = ("Span", "Criterion", "Constraint", "Section", "Issue", "CriteriaHeader", "Site", "Contact")


def _use_slot_inits() -> None:
    """Give the records built often a slot-storing ``__init__`` (one ``exec`` for all)."""
    scope: dict[str, object] = {}
    sources: dict[str, str] = {}
    for name in _BUILT_OFTEN:
        source = _slot_init_source(globals()[name], scope)
        if source is not None:
            sources[name] = source
    made: dict[str, Callable[..., None]] = {}
    exec("".join(sources.values()), scope, made)
    for name in sources:
        cls, init = globals()[name], made[name]
        init.__name__ = "__init__"
        init.__qualname__ = f"{cls.__qualname__}.__init__"
        init.__module__ = cls.__module__
        init.__annotations__ = dict(cls.__init__.__annotations__)
        setattr(cls, "__init__", init)  # noqa: B010 (mypy refuses assigning a method)


_use_slot_inits()
