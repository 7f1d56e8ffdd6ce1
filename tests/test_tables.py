"""``to_records`` / ``to_arrow``: four tables with a fixed, documented schema."""

from __future__ import annotations

import datetime
import re
import subprocess
import sys
from pathlib import Path

import attrs
import pytest

from tests.conftest import FIXTURES, ROOT, read_page
from trialparse import Constraint, ConstraintKind, Listing, Span, arrow_schema, parse, to_arrow, to_records
from trialparse.tables import COLUMNS, CONSTRAINT_FIELDS, TABLE_NAMES

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

PAGES = [*sorted((FIXTURES / "pages").glob("*.txt")), FIXTURES / "NCT06115902.txt"]
TROUBLED = {
    "troubled-1.txt": "Quick facts\n\nPhasebanana\nEnrollmentlots\nSexwhatever\n",
    "troubled-2.txt": "Mystery heading\n\nsome text\n\nLast reviewed 2026-02-30\n",
}
REFERENCE = read_page(FIXTURES / "NCT06115902.txt")


@pytest.fixture(scope="module")
def corpus() -> tuple[list[str], list[Listing]]:
    """Every fixture page plus pages with issues and no trial id, with their names."""
    names = [str(p.relative_to(ROOT)) for p in PAGES] + list(TROUBLED)
    texts = [read_page(p) for p in PAGES] + list(TROUBLED.values())
    return names, [parse(t) for t in texts]


def test_row_counts_equal_listing_criteria_site_and_issue_counts(corpus: tuple[list[str], list[Listing]]) -> None:
    names, listings = corpus
    tables = to_arrow(listings, sources=names)
    assert list(tables) == list(TABLE_NAMES)
    assert tables["trials"].num_rows == len(listings)
    assert tables["criteria"].num_rows == sum(len(list(x.criteria.walk())) for x in listings)
    assert tables["sites"].num_rows == sum(len(x.locations.sites) for x in listings)
    assert tables["issues"].num_rows == sum(len(x.issues) for x in listings) > 0
    assert tables["trials"].column("criteria_count").to_pylist() == [len(list(x.criteria.walk())) for x in listings]
    assert tables["trials"].column("source").to_pylist() == names


def test_tables_have_the_fixed_schema(corpus: tuple[list[str], list[Listing]]) -> None:
    tables = to_arrow(corpus[1])
    for name, table in tables.items():
        assert table.schema.equals(arrow_schema(name), check_metadata=True)
        assert table.schema.names == [c.name for c in COLUMNS[name]]
        assert table.schema.metadata[b"trialparse.schema_version"] == b"1.2"


def test_records_have_the_columns_in_schema_order(corpus: tuple[list[str], list[Listing]]) -> None:
    records = to_records(corpus[1])
    for name, rows in records.items():
        assert rows
        assert {tuple(row) for row in rows} == {tuple(c.name for c in COLUMNS[name])}


def test_empty_input_gives_four_empty_tables_with_the_schema() -> None:
    tables = to_arrow([])
    assert {name: t.num_rows for name, t in tables.items()} == dict.fromkeys(TABLE_NAMES, 0)
    assert all(t.schema.equals(arrow_schema(name)) for name, t in tables.items())


def test_criteria_rows_give_path_parent_depth_and_the_span_of_the_page() -> None:
    listing = parse(REFERENCE)
    rows = to_arrow([listing])["criteria"].to_pylist()
    row = next(r for r in rows if r["side"] == "exclusion" and r["path"] == "0.3")
    assert (row["depth"], row["parent_path"], row["label"]) == (1, "0", "4")
    assert REFERENCE[row["span_start"] : row["span_end"]] == "4. Long-term unhealed wounds or fractures;"
    assert [(r["side"], r["path"]) for r in rows] == [
        (side, ".".join(map(str, path))) for side, path, _ in listing.criteria.walk()
    ]
    top = [r for r in rows if r["depth"] == 0]
    assert all(r["parent_path"] is None for r in top)
    assert next(r["text"] for r in top if r["side"] == "exclusion").startswith("Concomitant disease and medical history")


def test_trials_row_flattens_the_quick_facts() -> None:
    row = to_records([parse(REFERENCE)], sources=["ref"])["trials"][0]
    assert {k: row[k] for k in ("trial_id", "phases", "study_type", "enrollment_count", "enrollment_status", "sex")} == {
        "trial_id": "NCT06115902",
        "phases": ["PHASE1"],
        "study_type": "INTERVENTIONAL",
        "enrollment_count": 150,
        "enrollment_status": "ESTIMATED",
        "sex": "ALL",
    }
    assert (row["min_age_value"], row["min_age_unit"], row["min_age_years"]) == (18, "YEARS", 18.0)
    assert (row["max_age_value"], row["max_age_unit"], row["max_age_years"]) == (75, "YEARS", 75.0)
    assert (row["sponsor_name"], row["sponsor_class"]) == ("Chia Tai Tianqing Pharmaceutical Group Co., Ltd.", "INDUSTRY")
    assert (row["site_count"], row["other_location_count"], row["last_reviewed"]) == (20, 19, datetime.date(2026, 5, 15))
    assert (row["conditions"], row["error_count"], row["source"]) == (["Breast Cancer"], 0, "ref")


def test_sites_and_issues_rows() -> None:
    site = to_records([parse(REFERENCE)])["sites"]
    assert site == [
        {
            "trial_id": "NCT06115902",
            "site_index": 0,
            "city": "Hefei",
            "region": "Anhui",
            "country": None,
            "facility": None,
            "source": None,
        }
    ]
    listing = parse(TROUBLED["troubled-1.txt"])
    issues = to_records([listing], sources=["t1"])["issues"]
    assert [(r["trial_id"], r["code"], r["severity"], r["source"]) for r in issues][:1] == [
        (None, "facts.phase_unreadable", "ERROR", "t1")
    ]
    assert [(r["span_start"], r["span_end"]) for r in issues] == [
        (i.span.start, i.span.end) if i.span else (None, None) for i in listing.issues
    ]


def test_constraints_are_a_nested_list_column_with_every_constraint_field() -> None:
    field_names = [f.name for f in attrs.fields(Constraint) if f.name != "span"] + ["span_start", "span_end"]
    assert sorted(c.name for c in CONSTRAINT_FIELDS) == sorted(field_names)
    listing = parse(REFERENCE, constraints=False)
    first = listing.criteria.inclusion[0]
    constraint = Constraint(
        ConstraintKind.AGE, Span(3, 9), subject="age", low=18.0, high=75.0, high_inclusive=False, unit="years"
    )
    listing = attrs.evolve(
        listing,
        criteria=attrs.evolve(
            listing.criteria, inclusion=(attrs.evolve(first, constraints=(constraint,)), *listing.criteria.inclusion[1:])
        ),
    )
    rows = to_arrow([listing])["criteria"].to_pylist()
    assert rows[0]["constraints"] == [
        {
            "kind": "AGE",
            "subject": "age",
            "low": 18.0,
            "low_inclusive": True,
            "high": 75.0,
            "high_inclusive": False,
            "unit": "years",
            "low_as_written": None,
            "high_as_written": None,
            "unit_as_written": None,
            "span_start": 3,
            "span_end": 9,
        }
    ]
    assert all(r["constraints"] == [] for r in rows[1:])


def test_parquet_written_and_read_back_is_equal(tmp_path: Path, corpus: tuple[list[str], list[Listing]]) -> None:
    names, listings = corpus
    tables = to_arrow(listings, sources=names)
    for name, table in tables.items():
        pq.write_table(table, tmp_path / f"{name}.parquet")
        back = pq.read_table(tmp_path / f"{name}.parquet")
        assert back.equals(table)
        assert back.schema.equals(arrow_schema(name), check_metadata=True)


def test_pandas_takes_the_records_directly() -> None:
    pd = pytest.importorskip("pandas")
    records = to_records([parse(REFERENCE)])
    frame = pd.DataFrame(records["criteria"])
    assert list(frame.columns) == [c.name for c in COLUMNS["criteria"]]
    assert len(frame) == len(list(parse(REFERENCE).criteria.walk()))


def test_sources_must_name_every_listing() -> None:
    with pytest.raises(ValueError, match="zip"):
        to_records([parse(REFERENCE), parse(REFERENCE)], sources=["only-one"])


def test_unknown_table_name_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="no table 'trial'; the tables are trials, criteria, sites, issues"):
        arrow_schema("trial")


def test_importing_trialparse_does_not_import_pyarrow_or_dask() -> None:
    code = "import sys, trialparse; print(sorted(m for m in ('pyarrow', 'dask', 'pandas') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_to_arrow_without_pyarrow_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(ImportError, match=r"to_arrow\(\) needs pyarrow: pip install 'trialparse\[arrow\]'"):
        to_arrow([parse(REFERENCE)])
    assert to_records([parse(REFERENCE)])["trials"][0]["trial_id"] == "NCT06115902"


def _readme_columns() -> dict[str, list[tuple[str, str]]]:
    """``table -> [(column, type)]`` from the README's "DataFrames and Parquet" section."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## DataFrames and Parquet", 1)[1].split("\n## ", 1)[0]
    out: dict[str, list[tuple[str, str]]] = {}
    current = None
    for line in section.splitlines():
        heading = re.match(r"#### `(\w+)`", line)
        if heading:
            current = heading.group(1)
            out[current] = []
        row = re.match(r"\| `(\w+)` \| `([^`]+)` \|", line)
        if row and current:
            out[current].append((row.group(1), row.group(2)))
    return out


def test_readme_documents_every_column_with_its_type() -> None:
    documented = _readme_columns()
    expected = {name: [(c.name, c.type) for c in columns] for name, columns in COLUMNS.items()}
    expected["constraints"] = [(c.name, c.type) for c in CONSTRAINT_FIELDS]
    assert documented == expected
