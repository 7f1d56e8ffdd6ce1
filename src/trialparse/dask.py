"""Scaling out with Dask: paths to a bag of parsed listings, four DataFrames, Parquet.

Needs ``pip install 'trialparse[dask]'`` (dask[dataframe] and pyarrow); dask is imported
only when these functions are called. Pages are read and parsed on the workers, one
partition at a time. The DataFrames have Arrow-backed columns with exactly the types of
``trialparse.to_arrow`` (``arrow_schema``), and ``write_parquet`` writes that schema.

>>> import glob
>>> import trialparse.dask as tpd
>>> bag = tpd.read_listings(sorted(glob.glob("fixtures/pages/*.txt")), partition_size=64)
>>> frames = tpd.to_dataframes(bag)
>>> int(frames["trials"]["criteria_count"].sum().compute(scheduler="sync")) == len(frames["criteria"])
True
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import TYPE_CHECKING, Final

from trialparse.files import read_page
from trialparse.model import Listing
from trialparse.pipeline import parse
from trialparse.tables import TABLE_NAMES, arrow_schema, to_arrow

if TYPE_CHECKING:
    import dask.bag
    import dask.dataframe
    import pandas

__all__ = ["read_listings", "to_dataframes", "write_parquet"]

_INSTALL: Final = "pip install 'trialparse[dask]'"


def _load(path: str) -> tuple[str, Listing]:
    return path, parse(read_page(path))


def read_listings(paths: Iterable[str | os.PathLike[str]], *, partition_size: int = 64) -> dask.bag.Bag:
    """A Dask bag of ``(source, Listing)`` pairs, one per path, read and parsed lazily on the workers.

    ``source`` is the path as given. Pages are read like the command line reads them: bytes
    decoded as UTF-8 with line endings kept, gzip-compressed files decompressed.

    >>> bag = read_listings(["fixtures/NCT06115902.txt"])
    >>> [(source, listing.trial_id) for source, listing in bag.compute(scheduler="sync")]
    [('fixtures/NCT06115902.txt', 'NCT06115902')]
    """
    try:
        import dask.bag
    except ImportError as err:
        msg = f"trialparse.dask needs dask: {_INSTALL}"
        raise ImportError(msg) from err
    return dask.bag.from_sequence([os.fspath(p) for p in paths], partition_size=partition_size).map(_load)


def _frame(pairs: Iterable[tuple[str, Listing]], table: str) -> pandas.DataFrame:
    import pandas

    pairs = list(pairs)
    data = to_arrow([listing for _, listing in pairs], sources=[source for source, _ in pairs])[table]
    return data.to_pandas(types_mapper=pandas.ArrowDtype)


def to_dataframes(bag: dask.bag.Bag) -> dict[str, dask.dataframe.DataFrame]:
    """The four tables of ``to_arrow`` (``trials``, ``criteria``, ``sites``, ``issues``) as Dask DataFrames.

    ``bag`` holds ``(source, Listing)`` pairs, as from ``read_listings``. Columns are
    ``pandas.ArrowDtype`` with the types of ``arrow_schema``; computing several tables in one
    ``dask.compute`` call parses each page once.

    >>> frames = to_dataframes(read_listings(["fixtures/NCT06115902.txt"]))
    >>> frames["criteria"].compute(scheduler="sync")[["side", "path", "depth", "label"]].iloc[8].tolist()
    ['exclusion', '0.0', 1, '1']
    """
    try:
        import dask
        import dask.dataframe
        import pandas
    except ImportError as err:
        msg = f"trialparse.dask needs dask[dataframe]: {_INSTALL}"
        raise ImportError(msg) from err
    parts = bag.to_delayed()
    frames: dict[str, dask.dataframe.DataFrame] = {}
    for table in TABLE_NAMES:
        meta = arrow_schema(table).empty_table().to_pandas(types_mapper=pandas.ArrowDtype)
        frames[table] = dask.dataframe.from_delayed([dask.delayed(_frame)(part, table) for part in parts], meta=meta)
    return frames


def _part_name(index: int) -> str:
    return f"part-{index:05d}.parquet"  # zero-padded, so name order is partition order


def write_parquet(bag: dask.bag.Bag, directory: str | os.PathLike[str], **compute_kwargs: object) -> None:
    """Write the four tables under ``directory`` (``trials/``, ``criteria/``, ``sites/``, ``issues/``) as Parquet.

    Each table is a directory of ``part-NNNNN.parquet`` files with the schema of
    ``arrow_schema(table)``; ``pyarrow.parquet.read_table(directory / "criteria")`` or
    ``dask.dataframe.read_parquet`` read it back. All four are written in one ``dask.compute``
    (each page parsed once); ``compute_kwargs`` go to it, e.g. ``scheduler="processes"``.

    >>> import tempfile
    >>> out = tempfile.mkdtemp()
    >>> write_parquet(read_listings(["fixtures/NCT06115902.txt"]), out, scheduler="sync")
    >>> sorted(os.listdir(out))
    ['criteria', 'issues', 'sites', 'trials']
    """
    import dask

    frames = to_dataframes(bag)
    writes = [
        frames[table].to_parquet(
            os.path.join(os.fspath(directory), table),
            schema=arrow_schema(table),
            write_index=False,
            name_function=_part_name,
            compute=False,
        )
        for table in TABLE_NAMES
    ]
    dask.compute(*writes, **compute_kwargs)
