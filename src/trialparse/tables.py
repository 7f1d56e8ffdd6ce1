"""Listings as four flat tables: ``trials``, ``criteria``, ``sites``, ``issues``.

``to_records`` gives plain dicts (no dependency; ``pandas.DataFrame(rows)`` takes them),
``to_arrow`` the same rows as ``pyarrow.Table`` objects with a fixed schema (``COLUMNS``,
documented in the README). pyarrow is optional (``pip install 'trialparse[arrow]'``) and
imported only when ``to_arrow`` or ``arrow_schema`` is called.

Columns are never renamed or retyped within a major ``SCHEMA_VERSION``; a minor version may
append columns at the end of a table.
"""

from __future__ import annotations

import datetime
import enum
import functools
import logging
import operator
import types
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Final, NamedTuple, TypeAlias

import attrs

from trialparse.model import SCHEMA_VERSION, Constraint, Criterion, Issue, Listing, Severity, Site

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


# ---------------------------------------------------------------------------------------------
# Columns from the model. A column either reads a path of fields of the table's record (its
# type follows from the fields' type hints) or is filled from the row's context (``None``
# reader: trial_id, source, positions, counts). Each table lists its columns in their
# published order, and every field of its record that no column reads is appended after them
# (named by its path, "facts." left out, dots as "_"): a field added to the model becomes a
# column with no edit here. Columns are appended, never renamed or retyped (SCHEMA_VERSION).
# ---------------------------------------------------------------------------------------------

Reader: TypeAlias = Callable[[Any], object]


class _Col(NamedTuple):
    column: Column
    read: Reader | None  # None: the value comes from the row's context
    path: str | None


def _plain(hint: object) -> object:
    """``hint`` without ``| None``."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        options = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        if len(options) == 1:
            return options[0]
    return hint


def _type_name(hint: object) -> str:
    """The column type (README notation) of a value of type ``hint``."""
    if isinstance(hint, type):
        for kind, name in ((bool, "bool"), (enum.Enum, "string"), (str, "string"), (int, "int64"), (float, "float64")):
            if issubclass(hint, kind):
                return name
        if issubclass(hint, datetime.date):
            return "date32"
    if typing.get_origin(hint) is tuple and _type_name(typing.get_args(hint)[0]) == "string":
        return "list<string>"
    msg = f"no column type for {hint!r}"
    raise TypeError(msg)


def _cell_kind(hint: object) -> str:
    """How a value of type ``hint`` becomes a table cell: "enum" (its value), "enums" (a list
    of values), "list" (a tuple as a list) or "plain" (as it is)."""
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return "enum"
    if typing.get_origin(hint) is tuple:
        item = typing.get_args(hint)[0]
        return "enums" if isinstance(item, type) and issubclass(item, enum.Enum) else "list"
    return "plain"


def _reader(root: type, path: str) -> tuple[Reader, object]:
    """A function reading field ``path`` (dotted) of a ``root`` record as a table cell, and
    the field's type. Where nothing on the path may be None, one ``operator.attrgetter``."""
    parts = path.split(".")
    cls: object = root
    may_be_none = False  # may a value on the way to the field be None?
    last_may_be_none = False
    for part in parts:
        may_be_none = may_be_none or last_may_be_none
        assert isinstance(cls, type)
        member = getattr(cls, part, None)
        if isinstance(member, property) and member.fget is not None:
            raw = typing.get_type_hints(member.fget)["return"]
        else:
            raw = typing.get_type_hints(cls)[part]
        cls = _plain(raw)
        last_may_be_none = cls is not raw
    kind = _cell_kind(cls)
    if not may_be_none and (kind == "plain" or (kind == "enum" and not last_may_be_none)):
        return operator.attrgetter(path if kind == "plain" else path + ".value"), cls

    def read(record: Any) -> object:
        for part in parts:
            if record is None:
                return None
            record = getattr(record, part)
        if record is None or kind == "plain":
            return record
        if kind == "enum":
            return record.value
        return [v.value for v in record] if kind == "enums" else list(record)

    return read, cls


def _auto_name(path: str) -> str:
    return path.removeprefix("facts.").replace(".", "_")


def _field(root: type, path: str, doc: str = "", name: str | None = None) -> _Col:
    """The column of field ``path`` (dotted) of ``root``."""
    read, hint = _reader(root, path)
    return _Col(Column(name or _auto_name(path), _type_name(hint), doc), read, path)


def _context(name: str, type_: str, doc: str = "") -> _Col:
    return _Col(Column(name, type_, doc), None, None)


def _leaf_paths(cls: type, prefix: str = "") -> Iterator[str]:
    """The dotted paths of ``cls``'s fields that hold one value (records are walked into;
    tuples of records are rows of another table, or no table's)."""
    hints = typing.get_type_hints(cls)
    for field in attrs.fields(cls):
        hint = _plain(hints[field.name])
        path = prefix + field.name
        if isinstance(hint, type) and attrs.has(hint):
            yield from _leaf_paths(hint, path + ".")
        elif not (typing.get_origin(hint) is tuple and attrs.has(typing.get_args(hint)[0])):
            yield path


def _table(root: type, columns: Iterable[_Col], *, leave_out: tuple[str, ...] = ()) -> tuple[_Col, ...]:
    """``columns``, then a column for each field of ``root`` that they do not read."""
    listed = list(columns)
    read = {col.path for col in listed}
    extra = [path for path in _leaf_paths(root) if path not in read and not path.startswith(leave_out)]
    return (*listed, *(_field(root, path) for path in extra))


_SPAN_START: Final = "where the constraint was read"

_CONSTRAINT: Final = _table(
    Constraint,
    (
        _field(Constraint, "kind", "ConstraintKind value: AGE, ECOG, LAB, …"),
        _field(Constraint, "subject", 'what is constrained ("absolute neutrophil count")'),
        _field(Constraint, "low", "lower bound; null = open"),
        _field(Constraint, "low_inclusive", "whether low itself is allowed"),
        _field(Constraint, "high", "upper bound; null = open"),
        _field(Constraint, "high_inclusive", "whether high itself is allowed"),
        _field(Constraint, "unit", "unit as written or normalised"),
        _field(Constraint, "span.start", _SPAN_START),
        _field(Constraint, "span.end"),
    ),
)

_TRIALS: Final = _table(
    Listing,
    (
        _field(Listing, "trial_id", "NCT id; null when the page has none (then use source)"),
        _field(Listing, "title", "headline"),
        _field(Listing, "official_title"),
        _field(Listing, "summary", "lead paragraph"),
        _field(Listing, "facts.phases", "Phase values, e.g. [PHASE1, PHASE2]"),
        _field(Listing, "facts.study_type", "StudyType value"),
        _field(Listing, "facts.enrollment.count"),
        _field(Listing, "facts.enrollment.status", "ESTIMATED or ACTUAL"),
        _field(Listing, "facts.ages.minimum.value", "minimum age as written; null = no minimum", "min_age_value"),
        _field(Listing, "facts.ages.minimum.unit", "AgeUnit value", "min_age_unit"),
        _field(Listing, "facts.ages.minimum.in_years", "minimum age in years", "min_age_years"),
        _field(Listing, "facts.ages.maximum.value", "maximum age as written; null = no maximum", "max_age_value"),
        _field(Listing, "facts.ages.maximum.unit", "AgeUnit value", "max_age_unit"),
        _field(Listing, "facts.ages.maximum.in_years", "maximum age in years", "max_age_years"),
        _field(Listing, "facts.sex", "ALL, FEMALE or MALE"),
        _field(Listing, "facts.sponsor.name"),
        _field(Listing, "facts.sponsor.sponsor_class", "SponsorClass value", "sponsor_class"),
        _field(Listing, "facts.interventions"),
        _field(Listing, "conditions"),
        _field(Listing, "locations.site_count", 'as stated on the page ("20 sites")', "site_count"),
        _field(Listing, "locations.other_count", '"and 19 other locations"', "other_location_count"),
        _field(Listing, "last_reviewed"),
        _field(Listing, "description", '"What this trial studies"'),
        _field(Listing, "good_fit"),
        _field(Listing, "not_a_fit"),
        _field(Listing, "potential_benefit"),
        _field(Listing, "similar_studies"),
        _context("criteria_count", "int64", "rows of this listing in criteria (every level)"),
        _context("error_count", "int64", "issues of severity ERROR"),
        _context("source", "string", "input name (CLI, Dask recipe); null from to_arrow without sources"),
    ),
    leave_out=("criteria.",),  # the criteria table's
)

_CRITERIA: Final = _table(
    Criterion,
    (
        _context("trial_id", "string"),
        _context("side", "string", "inclusion or exclusion"),
        _context("path", "string", 'indices from the top joined by dots: "0.3" = 4th child of the 1st item'),
        _context("depth", "int32", "0 for a top-level item"),
        _field(Criterion, "label", '"1", "a", "iv"; null for bullets'),
        _field(Criterion, "text", "the criterion's own text (children are rows of their own)"),
        _context("parent_path", "string", "path of the parent; null at depth 0"),
        _field(Criterion, "span.start", "character offsets into the page"),
        _field(Criterion, "span.end"),
        _context("constraints", "list<constraint>", "see the constraint fields below; empty when none"),
        _context("source", "string"),
        _context("more_spans", "list<span>", "later pieces of the text, after the children: {start, end} each; empty for most"),
    ),
)

_SITES: Final = _table(
    Site,
    (
        _context("trial_id", "string"),
        _context("site_index", "int32", "position among the listing's sites"),
        *(_field(Site, path) for path in _leaf_paths(Site)),
        _context("source", "string"),
    ),
)

_ISSUES: Final = _table(
    Issue,
    (
        _context("trial_id", "string"),
        _field(Issue, "code", "stable issue code, e.g. criteria.no_header"),
        _field(Issue, "severity", "ERROR, WARNING or INFO"),
        _field(Issue, "message"),
        _field(Issue, "span.start", "null when the issue has no span"),
        _field(Issue, "span.end"),
        _context("source", "string"),
    ),
)

_TABLES: Final[Mapping[str, tuple[_Col, ...]]] = {"trials": _TRIALS, "criteria": _CRITERIA, "sites": _SITES, "issues": _ISSUES}

CONSTRAINT_FIELDS: Final = tuple(col.column for col in _CONSTRAINT)
"""The fields of one element of the criteria table's ``constraints`` column."""

COLUMNS: Final[Mapping[str, tuple[Column, ...]]] = {name: tuple(col.column for col in cols) for name, cols in _TABLES.items()}
"""The fixed table schemas, documented in the README section "DataFrames and Parquet" (a test checks)."""


class _Rows:
    """Builds the rows of one table: the cells its record gives, then those of the context,
    each in its column's place."""

    __slots__ = ("blank", "names", "readers")

    def __init__(self, columns: tuple[_Col, ...]) -> None:
        self.blank = dict.fromkeys(col.column.name for col in columns)  # the column order
        self.names = [col.column.name for col in columns if col.read is not None]
        self.readers = [col.read for col in columns if col.read is not None]

    def row(self, record: object, context: Mapping[str, object]) -> Record:
        row = dict(self.blank)
        row.update(zip(self.names, [read(record) for read in self.readers], strict=True))
        row.update(context)
        return row


_CONSTRAINT_ROWS: Final = _Rows(_CONSTRAINT)
_CRITERIA_ROWS: Final = _Rows(_CRITERIA)
_SITES_ROWS: Final = _Rows(_SITES)
_ISSUES_ROWS: Final = _Rows(_ISSUES)
_TRIALS_ROWS: Final = _Rows(_TRIALS)


def _rows(listing: Listing, source: str | None) -> Iterator[tuple[str, Record]]:
    """``(table, row)`` pairs of one listing: its criteria, sites and issues, then its trials row."""
    tid = listing.trial_id
    n_criteria = 0
    for side, path, node in listing.criteria.walk():
        n_criteria += 1
        context = {
            "trial_id": tid,
            "side": side,
            "path": ".".join(map(str, path)),
            "depth": len(path) - 1,
            "parent_path": ".".join(map(str, path[:-1])) or None,
            "constraints": [_CONSTRAINT_ROWS.row(c, {}) for c in node.constraints],
            "source": source,
            "more_spans": [{"start": sp.start, "end": sp.end} for sp in node.more_spans],
        }
        yield "criteria", _CRITERIA_ROWS.row(node, context)
    for i, site in enumerate(listing.locations.sites):
        yield "sites", _SITES_ROWS.row(site, {"trial_id": tid, "site_index": i, "source": source})
    for issue in listing.issues:
        yield "issues", _ISSUES_ROWS.row(issue, {"trial_id": tid, "source": source})
    errors = sum(1 for i in listing.issues if i.severity is Severity.ERROR)
    yield "trials", _TRIALS_ROWS.row(listing, {"criteria_count": n_criteria, "error_count": errors, "source": source})


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
    if spec == "list<span>":
        return list_of(pyarrow.struct([pyarrow.field("start", pyarrow.int64()), pyarrow.field("end", pyarrow.int64())]))
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
