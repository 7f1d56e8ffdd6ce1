"""Listings as four flat tables: ``trials``, ``criteria``, ``sites``, ``issues``.

``to_records`` gives plain dicts (no dependency; ``pandas.DataFrame(rows)`` takes them),
``to_arrow`` the same rows as ``pyarrow.Table`` objects with a fixed schema (``COLUMNS``,
documented in the README). pyarrow is optional (``pip install 'trialparse[arrow]'``) and
imported only when ``to_arrow`` or ``arrow_schema`` is called.

Columns are never renamed or retyped within a major ``SCHEMA_VERSION``; a minor version may
append columns at the end of a table.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Final, NamedTuple, TypeAlias

from trialparse.model import SCHEMA_VERSION, Age, Criterion, Listing, Severity

if TYPE_CHECKING:
    import pyarrow

__all__ = ["COLUMNS", "CONSTRAINT_FIELDS", "TABLE_NAMES", "Column", "Record", "arrow_schema", "to_arrow", "to_records"]

_log: Final = logging.getLogger(__name__)
# A library logs, never prints; the application decides where records go. Only this module
# logs, so the package's NullHandler is added here, where logging is first imported.
logging.getLogger("trialparse").addHandler(logging.NullHandler())

Record: TypeAlias = dict[str, object]
"""One table row: column name to a plain Python value (str, int, float, bool, date, list, None)."""


class Column(NamedTuple):
    """One column of a table: its name, its type (in the README's notation) and what it holds.

    >>> COLUMNS["sites"][1]
    Column(name='site_index', type='int32', doc="position among the listing's sites")
    """

    name: str
    type: str
    doc: str


TABLE_NAMES: Final = ("trials", "criteria", "sites", "issues")

# The fields of one element of criteria.constraints; keep in sync with model.Constraint.
CONSTRAINT_FIELDS: Final = (
    Column("kind", "string", "ConstraintKind value: AGE, ECOG, LAB, …"),
    Column("subject", "string", 'what is constrained ("absolute neutrophil count")'),
    Column("low", "float64", "lower bound; null = open"),
    Column("low_inclusive", "bool", "whether low itself is allowed"),
    Column("high", "float64", "upper bound; null = open"),
    Column("high_inclusive", "bool", "whether high itself is allowed"),
    Column("unit", "string", "unit as written or normalised"),
    Column("span_start", "int64", "where the constraint was read"),
    Column("span_end", "int64", ""),
    Column("low_as_written", "float64", "low in the unit of the text (3 for 3 months)"),
    Column("high_as_written", "float64", "high in the unit of the text"),
    Column("unit_as_written", "string", "the unit of the text (months)"),
)

# The fixed table schemas. Keep in sync with the README section "DataFrames and Parquet" (a test checks).
COLUMNS: Final[Mapping[str, tuple[Column, ...]]] = {
    "trials": (
        Column("trial_id", "string", "NCT id; null when the page has none (then use source)"),
        Column("title", "string", "headline"),
        Column("official_title", "string", ""),
        Column("summary", "string", "lead paragraph"),
        Column("phases", "list<string>", "Phase values, e.g. [PHASE1, PHASE2]"),
        Column("study_type", "string", "StudyType value"),
        Column("enrollment_count", "int64", ""),
        Column("enrollment_status", "string", "ESTIMATED or ACTUAL"),
        Column("min_age_value", "int64", "minimum age as written; null = no minimum"),
        Column("min_age_unit", "string", "AgeUnit value"),
        Column("min_age_years", "float64", "minimum age in years"),
        Column("max_age_value", "int64", "maximum age as written; null = no maximum"),
        Column("max_age_unit", "string", "AgeUnit value"),
        Column("max_age_years", "float64", "maximum age in years"),
        Column("sex", "string", "ALL, FEMALE or MALE"),
        Column("sponsor_name", "string", ""),
        Column("sponsor_class", "string", "SponsorClass value"),
        Column("interventions", "list<string>", ""),
        Column("conditions", "list<string>", ""),
        Column("site_count", "int64", 'as stated on the page ("20 sites")'),
        Column("other_location_count", "int64", '"and 19 other locations"'),
        Column("last_reviewed", "date32", ""),
        Column("description", "string", '"What this trial studies"'),
        Column("good_fit", "string", ""),
        Column("not_a_fit", "string", ""),
        Column("potential_benefit", "string", ""),
        Column("similar_studies", "string", ""),
        Column("criteria_count", "int64", "rows of this listing in criteria (every level)"),
        Column("error_count", "int64", "issues of severity ERROR"),
        Column("source", "string", "input name (CLI, Dask recipe); null from to_arrow without sources"),
    ),
    "criteria": (
        Column("trial_id", "string", ""),
        Column("side", "string", "inclusion or exclusion"),
        Column("path", "string", 'indices from the top joined by dots: "0.3" = 4th child of the 1st item'),
        Column("depth", "int32", "0 for a top-level item"),
        Column("label", "string", '"1", "a", "iv"; null for bullets'),
        Column("text", "string", "the criterion's own text (children are rows of their own)"),
        Column("parent_path", "string", "path of the parent; null at depth 0"),
        Column("span_start", "int64", "character offsets into the page"),
        Column("span_end", "int64", ""),
        Column("constraints", "list<constraint>", "see the constraint fields below; empty when none"),
        Column("source", "string", ""),
    ),
    "sites": (
        Column("trial_id", "string", ""),
        Column("site_index", "int32", "position among the listing's sites"),
        Column("city", "string", ""),
        Column("region", "string", ""),
        Column("country", "string", ""),
        Column("facility", "string", ""),
        Column("source", "string", ""),
    ),
    "issues": (
        Column("trial_id", "string", ""),
        Column("code", "string", "stable issue code, e.g. criteria.no_header"),
        Column("severity", "string", "ERROR, WARNING or INFO"),
        Column("message", "string", ""),
        Column("span_start", "int64", "null when the issue has no span"),
        Column("span_end", "int64", ""),
        Column("source", "string", ""),
    ),
}


def _age(prefix: str, age: Age | None) -> Record:
    if age is None:
        return {f"{prefix}_value": None, f"{prefix}_unit": None, f"{prefix}_years": None}
    return {f"{prefix}_value": age.value, f"{prefix}_unit": age.unit.value, f"{prefix}_years": age.in_years}


def _criterion_row(trial_id: str | None, side: str, path: tuple[int, ...], node: Criterion, source: str | None) -> Record:
    return {
        "trial_id": trial_id,
        "side": side,
        "path": ".".join(map(str, path)),
        "depth": len(path) - 1,
        "label": node.label,
        "text": node.text,
        "parent_path": ".".join(map(str, path[:-1])) or None,
        "span_start": node.span.start,
        "span_end": node.span.end,
        "constraints": [
            {
                "kind": c.kind.value,
                "subject": c.subject,
                "low": c.low,
                "low_inclusive": c.low_inclusive,
                "high": c.high,
                "high_inclusive": c.high_inclusive,
                "unit": c.unit,
                "span_start": c.span.start,
                "span_end": c.span.end,
                "low_as_written": c.low_as_written,
                "high_as_written": c.high_as_written,
                "unit_as_written": c.unit_as_written,
            }
            for c in node.constraints
        ],
        "source": source,
    }


def _rows(listing: Listing, source: str | None) -> Iterator[tuple[str, Record]]:
    """``(table, row)`` pairs of one listing: its criteria, sites and issues, then its trials row."""
    tid = listing.trial_id
    n_criteria = 0
    for side, path, node in listing.criteria.walk():
        n_criteria += 1
        yield "criteria", _criterion_row(tid, side, path, node, source)
    for i, site in enumerate(listing.locations.sites):
        yield (
            "sites",
            {
                "trial_id": tid,
                "site_index": i,
                "city": site.city,
                "region": site.region,
                "country": site.country,
                "facility": site.facility,
                "source": source,
            },
        )
    for issue in listing.issues:
        yield (
            "issues",
            {
                "trial_id": tid,
                "code": issue.code,
                "severity": issue.severity.value,
                "message": issue.message,
                "span_start": issue.span.start if issue.span else None,
                "span_end": issue.span.end if issue.span else None,
                "source": source,
            },
        )
    facts = listing.facts
    ages = facts.ages
    yield (
        "trials",
        {
            "trial_id": tid,
            "title": listing.title,
            "official_title": listing.official_title,
            "summary": listing.summary,
            "phases": [p.value for p in facts.phases],
            "study_type": facts.study_type.value if facts.study_type else None,
            "enrollment_count": facts.enrollment.count if facts.enrollment else None,
            "enrollment_status": facts.enrollment.status.value if facts.enrollment and facts.enrollment.status else None,
            **_age("min_age", ages.minimum if ages else None),
            **_age("max_age", ages.maximum if ages else None),
            "sex": facts.sex.value if facts.sex else None,
            "sponsor_name": facts.sponsor.name if facts.sponsor else None,
            "sponsor_class": facts.sponsor.sponsor_class.value if facts.sponsor and facts.sponsor.sponsor_class else None,
            "interventions": list(facts.interventions),
            "conditions": list(listing.conditions),
            "site_count": listing.locations.site_count,
            "other_location_count": listing.locations.other_count,
            "last_reviewed": listing.last_reviewed,
            "description": listing.description,
            "good_fit": listing.good_fit,
            "not_a_fit": listing.not_a_fit,
            "potential_benefit": listing.potential_benefit,
            "similar_studies": listing.similar_studies,
            "criteria_count": n_criteria,
            "error_count": sum(1 for i in listing.issues if i.severity is Severity.ERROR),
            "source": source,
        },
    )


def to_records(listings: Iterable[Listing], *, sources: Iterable[str | None] | None = None) -> dict[str, list[Record]]:
    """The four tables as lists of plain dicts, columns in ``COLUMNS`` order; no dependency.

    ``sources`` (one name per listing, e.g. the file it came from) fills the ``source``
    column, which tells apart listings that have no trial id; given, it must have one name
    per listing (``ValueError`` otherwise). ``pandas.DataFrame(rows)`` takes each list as it is.

    >>> import trialparse
    >>> listing = trialparse.parse("Quick facts\\n\\nTrial IDNCT00000001\\n\\nEligibility criteria\\n\\n* Adults\\n  1. Over 18")
    >>> tables = to_records([listing], sources=["a.txt"])
    >>> [(row["path"], row["depth"], row["parent_path"], row["text"]) for row in tables["criteria"]]
    [('0', 0, None, 'Adults'), ('0.0', 1, '0', 'Over 18')]
    >>> tables["trials"][0]["trial_id"], tables["trials"][0]["criteria_count"], tables["trials"][0]["source"]
    ('NCT00000001', 2, 'a.txt')
    """
    out: dict[str, list[Record]] = {name: [] for name in TABLE_NAMES}
    pairs: Iterable[tuple[Listing, str | None]] = (
        zip(listings, sources, strict=True) if sources is not None else ((listing, None) for listing in listings)
    )
    for listing, source in pairs:
        for table, row in _rows(listing, source):
            out[table].append(row)
    return out


def _arrow_type(spec: str) -> pyarrow.DataType:
    import pyarrow

    def list_of(item: pyarrow.DataType) -> pyarrow.DataType:
        # Parquet's name for list items, so a table read back from Parquet has the same schema.
        return pyarrow.list_(pyarrow.field("element", item))

    simple = {
        "string": pyarrow.string(),
        "int32": pyarrow.int32(),
        "int64": pyarrow.int64(),
        "float64": pyarrow.float64(),
        "bool": pyarrow.bool_(),
        "date32": pyarrow.date32(),
        "list<string>": list_of(pyarrow.string()),
    }
    if spec in simple:
        return simple[spec]
    if spec == "list<constraint>":
        return list_of(pyarrow.struct([pyarrow.field(c.name, _arrow_type(c.type)) for c in CONSTRAINT_FIELDS]))
    msg = f"no Arrow type for {spec!r}"
    raise ValueError(msg)


def _import_pyarrow(what: str) -> None:
    try:
        import pyarrow  # noqa: F401
    except ImportError as err:
        msg = f"{what} needs pyarrow: pip install 'trialparse[arrow]'"
        raise ImportError(msg) from err


def arrow_schema(table: str) -> pyarrow.Schema:
    """The fixed ``pyarrow.Schema`` of one table (``"trials"``, ``"criteria"``, ``"sites"``, ``"issues"``).

    The schema's metadata carries ``trialparse.schema_version``. Every column is nullable.

    >>> arrow_schema("sites").names
    ['trial_id', 'site_index', 'city', 'region', 'country', 'facility', 'source']
    """
    if table not in COLUMNS:
        msg = f"no table {table!r}; the tables are {', '.join(TABLE_NAMES)}"
        raise ValueError(msg)
    _import_pyarrow("arrow_schema()")
    return _arrow_schema(table)


@functools.cache
def _arrow_schema(table: str) -> pyarrow.Schema:
    import pyarrow

    return pyarrow.schema(
        [pyarrow.field(c.name, _arrow_type(c.type)) for c in COLUMNS[table]],
        metadata={"trialparse.schema_version": SCHEMA_VERSION, "trialparse.table": table},
    )


def to_arrow(listings: Iterable[Listing], *, sources: Iterable[str | None] | None = None) -> dict[str, pyarrow.Table]:
    """The four tables of ``to_records`` as ``pyarrow.Table`` objects with the fixed ``arrow_schema``.

    Needs pyarrow (``pip install 'trialparse[arrow]'``). Call it on batches of listings to
    bound memory; tables of several batches concatenate (``pyarrow.concat_tables``).

    >>> import trialparse
    >>> listing = trialparse.parse(open("fixtures/NCT06115902.txt", encoding="utf-8", newline="").read())
    >>> tables = to_arrow([listing])
    >>> list(tables), tables["trials"].num_rows, tables["criteria"].num_rows, tables["sites"].num_rows
    (['trials', 'criteria', 'sites', 'issues'], 1, 26, 1)
    """
    _import_pyarrow("to_arrow()")
    import pyarrow

    records = to_records(listings, sources=sources)
    _log.debug("to_arrow: %d listings, %d criteria", len(records["trials"]), len(records["criteria"]))
    return {name: pyarrow.Table.from_pylist(rows, schema=arrow_schema(name)) for name, rows in records.items()}
