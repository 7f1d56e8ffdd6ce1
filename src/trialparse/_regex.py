"""``compile()``: ``re.compile`` served from a table of already-compiled patterns.

Python compiles a regular expression in Python code (``re._parser``, ``re._compiler``): the
package's patterns, the constraint extractor's above all, cost about 0.15 s to compile, far
more than parsing a page. The result of that work is a list of integers for the C matcher,
the same on every run of the same Python. ``_regex-3XX.bin`` (one per Python minor version, built by
``scripts/build_regex_table.py``) holds those lists for every pattern of the package;
``compile()`` hands the stored list to the C matcher directly.

The table is only a cache, never a second source of truth:

- an entry is found by the pattern's full source text and flags, so a pattern whose source
  changed is simply missing, and is compiled by ``re.compile`` as usual;
- the table is used only on the Python minor version and regex engine (``_sre.MAGIC``,
  code size) that built it, and any failure to read it falls back to ``re.compile``;
- ``tests/test_regex_cache.py`` rebuilds every entry and requires it to be identical, and
  every pattern the package compiles to be found in the table.
"""

from __future__ import annotations

import functools
import os
import re
import sys
from typing import Any, Final

__all__ = ["compile", "requested", "stats"]

# one table per Python minor version (the C matcher's code changes between them); not pathlib: 3 ms to import
_PATH: Final = os.path.join(os.path.dirname(__file__), "_regex-%d%d.bin" % sys.version_info[:2])
_FORMAT: Final = 1

# (final flags, groups, groupindex, indexgroup, code as bytes): what the C matcher is given.
# Stored with each code compressed on its own, and expanded only when its pattern is asked
# for: the whole table is ten times larger expanded, and most processes need a part of it.
Entry = tuple[int, int, dict[str, int], tuple[str | None, ...], bytes]
Table = dict[tuple[str | bytes, int], Entry]

_requested: dict[tuple[str | bytes, int], None] = {}  # every pattern asked for, in order
_keys: dict[int, tuple[str | bytes, int]] = {}  # id(pattern) -> what it was compiled from
_stats = {"cached": 0, "compiled": 0}


def _read(path: str) -> bytes:
    with open(path, "rb") as f:
        return f.read()


def _sre() -> Any:
    import importlib

    return importlib.import_module("_sre")  # the C matcher behind ``re`` (it has no type stubs)


def _engine() -> tuple[Any, ...]:
    sre = _sre()
    return (_FORMAT, tuple(sys.version_info[:2]), sre.MAGIC, sre.CODESIZE)


@functools.cache
def _table() -> Table:
    """The stored table; empty when it is missing, unreadable, or built by another engine."""
    try:
        engine, table, _ = _stored()
        if tuple(engine) == _engine() and isinstance(table, dict):
            return table
    except Exception:  # a missing or unreadable table only costs compile time
        pass
    return {}


@functools.cache
def _stored() -> tuple[Any, Table, dict[str, tuple[str, Any]]]:
    import marshal
    import zlib

    engine, table, memos = marshal.loads(zlib.decompress(_read(_PATH)))
    return engine, table, memos


def memo(name: str, fingerprint: str) -> Any:
    """What a module stored under ``name`` when the table was built (``None`` if the module's
    ``fingerprint`` changed since, or there is no usable table)."""
    if not _table():
        return None
    stored_fingerprint, value = _stored()[2].get(name, (None, None))
    return value if stored_fingerprint == fingerprint else None


def key_of(pattern: re.Pattern[Any]) -> tuple[str | bytes, int]:
    """The ``(source, flags)`` a pattern made by ``compile`` was made from."""
    return _keys[id(pattern)]


def compile(source: str | bytes, flags: int = 0) -> re.Pattern[Any]:
    """``re.compile(source, flags)``, from the table when the table has it."""
    flags = int(flags)
    key = (source, flags)
    _requested[key] = None
    entry = _table().get(key)
    if entry is not None:
        import array
        import zlib

        final_flags, groups, groupindex, indexgroup, packed = entry
        try:
            code = array.array("I", zlib.decompress(packed)).tolist()
            pattern: re.Pattern[Any] = _sre().compile(source, final_flags, code, groups, groupindex, indexgroup)
        except Exception:  # an engine that disagrees with the table: compile as usual
            pass
        else:
            _stats["cached"] += 1
            _keys[id(pattern)] = key
            return pattern
    _stats["compiled"] += 1
    compiled = re.compile(source, flags)
    _keys[id(compiled)] = key
    return compiled


def requested() -> list[tuple[str | bytes, int]]:
    """Every ``(source, flags)`` passed to ``compile`` so far in this process, in order."""
    return list(_requested)


def stats() -> dict[str, int]:
    """How many patterns came from the table and how many were compiled."""
    return dict(_stats)


def _entry(source: str | bytes, flags: int) -> Entry:
    """What ``re`` computes for a pattern, in the table's form (private ``re`` internals)."""
    import array
    from re import _compiler, _parser  # type: ignore[attr-defined]

    parsed = _parser.parse(source, flags)
    code = _compiler._code(parsed, flags)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in parsed.state.groupdict.items():
        indexgroup[index] = name
    return (
        flags | parsed.state.flags,
        parsed.state.groups - 1,
        dict(parsed.state.groupdict),
        tuple(indexgroup),
        array.array("I", code).tobytes(),
    )


def build() -> tuple[Table, dict[str, tuple[str, Any]]]:
    """Compile every pattern the package uses, the lazy ones included, from their sources.

    Returns the table and the memos (none: the constraint extractor compiles its few patterns
    with ``re`` on first use and stores nothing here).
    """
    import trialparse  # noqa: F401 - module-level patterns
    from trialparse import criteria, dates, facts, locations, render, text  # noqa: F401

    for compiled in text.lazy_patterns():
        compiled()
    memos: dict[str, tuple[str, Any]] = {}
    return {key: _entry(*key) for key in requested()}, memos


def write() -> None:
    """Build this Python's table and memos and store them in ``_regex-3XX.bin`` (``scripts/build_regex_table.py``)."""
    import marshal
    import zlib

    table, memos = build()
    stored = {key: (*entry[:4], zlib.compress(entry[4], 9)) for key, entry in table.items()}
    with open(_PATH, "wb") as out:
        out.write(zlib.compress(marshal.dumps((_engine(), stored, memos)), 9))
    print(f"wrote {len(table)} patterns and {len(memos)} memo(s) to {_PATH}")
