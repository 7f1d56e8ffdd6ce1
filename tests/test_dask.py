"""The Dask recipe on Dask's local schedulers over the fixtures: same rows and schema as ``to_arrow``."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURES, read_page
from trialparse import arrow_schema, parse, to_arrow
from trialparse.tables import TABLE_NAMES

dask = pytest.importorskip("dask")
pytest.importorskip("dask.dataframe")
pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")
tpd = pytest.importorskip("trialparse.dask")

PATHS = [str(p) for p in [*sorted((FIXTURES / "pages").glob("*.txt")), FIXTURES / "NCT06115902.txt"]]


@pytest.fixture(scope="module")
def expected() -> dict[str, Any]:
    return to_arrow([parse(read_page(Path(p))) for p in PATHS], sources=PATHS)


def test_bag_holds_source_and_listing_per_path() -> None:
    pairs = tpd.read_listings(PATHS, partition_size=50).compute(scheduler="sync")
    assert [source for source, _ in pairs] == PATHS
    assert [listing for _, listing in pairs] == [parse(read_page(Path(p))) for p in PATHS]


@pytest.mark.parametrize("scheduler", ["sync", "threads"])
def test_write_parquet_gives_the_to_arrow_tables_and_schema(tmp_path: Path, expected: dict[str, Any], scheduler: str) -> None:
    bag = tpd.read_listings(PATHS, partition_size=40)
    tpd.write_parquet(bag, tmp_path, scheduler=scheduler)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(TABLE_NAMES)
    assert sorted(p.name for p in (tmp_path / "criteria").iterdir()) == [f"part-{i:05d}.parquet" for i in range(4)]
    for table in TABLE_NAMES:
        back = pq.read_table(tmp_path / table)
        assert back.schema.equals(arrow_schema(table)), table
        assert back.equals(expected[table]), table
        for part in sorted((tmp_path / table).iterdir()):
            assert pq.read_schema(part).equals(arrow_schema(table)), part


def test_dataframes_have_arrow_dtypes_and_the_row_counts(expected: dict[str, Any]) -> None:
    pd = pytest.importorskip("pandas")
    frames = tpd.to_dataframes(tpd.read_listings(PATHS, partition_size=64))
    computed = dask.compute(*frames.values(), scheduler="sync")
    for (table, frame), data in zip(frames.items(), computed, strict=True):
        assert list(frame.columns) == arrow_schema(table).names
        assert all(isinstance(dtype, pd.ArrowDtype) for dtype in frame.dtypes)
        assert len(data) == expected[table].num_rows, table
        assert pa.Table.from_pandas(data, schema=arrow_schema(table), preserve_index=False).equals(expected[table])


def test_recipe_reads_gzip_pages(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "NCT06115902.txt", tmp_path / "a.txt")
    (tmp_path / "b.txt.gz").write_bytes(gzip.compress((FIXTURES / "NCT06115902.txt").read_bytes()))
    pairs = tpd.read_listings([tmp_path / "a.txt", tmp_path / "b.txt.gz"]).compute(scheduler="sync")
    assert pairs[0][1] == pairs[1][1] == parse(read_page(FIXTURES / "NCT06115902.txt"))
    assert [source for source, _ in pairs] == [str(tmp_path / "a.txt"), str(tmp_path / "b.txt.gz")]
