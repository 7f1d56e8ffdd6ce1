"""``_regex``: the stored table of compiled patterns is current, complete, and changes nothing.

The table only saves compile time; these tests make sure it can never change a result:
every stored entry equals what ``re`` computes now, every pattern the package compiles is
found in it, a pattern from the table finds exactly what ``re.compile``'s finds, and a stale
or foreign table is ignored.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import textwrap
import zlib

import pytest

from tests.conftest import FIXTURES, ROOT, read_page
from trialparse import _regex

REFERENCE = read_page(FIXTURES / "NCT06115902.txt")


@pytest.fixture(scope="module")
def built() -> tuple[_regex.Table, dict[str, object]]:
    return _regex.build()


def test_the_stored_table_is_what_the_sources_give_now(built: tuple[_regex.Table, dict[str, object]]) -> None:
    table, memos = built
    engine, stored_table, stored_memos = _regex._stored()
    assert tuple(engine) == _regex._engine(), "run scripts/build_regex_table.py"
    assert set(stored_table) == set(table), "patterns changed: run scripts/build_regex_table.py"
    assert {key: (*entry[:4], zlib.decompress(entry[4])) for key, entry in stored_table.items()} == table
    assert stored_memos == memos, "run scripts/build_regex_table.py"


def test_a_current_table_ships_for_each_python_from_3_11_to_3_13() -> None:
    # the other versions' tables are checked as far as this Python can: same patterns, same
    # memos (their codes are checked by running this file under them)
    import marshal

    _, table, memos = _regex._stored()
    for minor in (11, 12, 13):
        path = ROOT / "src" / "trialparse" / f"_regex-3{minor}.bin"
        other_engine, other_table, other_memos = marshal.loads(zlib.decompress(path.read_bytes()))
        assert tuple(other_engine[1]) == (3, minor), path
        assert set(other_table) == set(table), f"{path.name} is stale: run scripts/build_regex_table.py with 3.{minor}"
        assert other_memos == memos, f"{path.name} is stale"


def test_every_pattern_the_package_compiles_comes_from_the_table() -> None:
    script = textwrap.dedent(
        """
        import pathlib, sys, trialparse
        from trialparse import _regex
        for path in sorted(pathlib.Path(sys.argv[1]).glob("*.txt"))[:40]:
            trialparse.parse(path.read_bytes().decode("utf-8"))
        trialparse.render(trialparse.parse(pathlib.Path(sys.argv[2]).read_text(encoding="utf-8")))
        trialparse.parse("Last reviewed the fifteenth of May, 2026")
        print(_regex.stats())
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(FIXTURES / "pages"), str(FIXTURES / "NCT06115902.txt")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    stats = ast.literal_eval(done.stdout)
    assert stats["compiled"] == 0, stats
    assert stats["cached"] >= 40


def test_a_pattern_from_the_table_finds_what_re_compile_finds() -> None:
    table = _regex._table()
    assert table
    text = REFERENCE + "\nANC \\>= 1.5 x 10^9/L; ECOG 0-1; Age 18 to 75 years; &ge; ① \u00a0 １８"
    samples: dict[type, list[str | bytes]] = {str: [text, *text.splitlines()], bytes: []}
    samples[bytes] = [s.encode("ascii", "replace").lower() for s in samples[str]]
    for (source, flags), _ in table.items():
        ours = _regex.compile(source, flags)
        theirs = re.compile(source, flags)
        assert (ours.pattern, ours.flags, ours.groups, ours.groupindex) == (
            theirs.pattern,
            theirs.flags,
            theirs.groups,
            theirs.groupindex,
        )
        for sample in samples[type(source)]:
            assert [m.span() for m in ours.finditer(sample)] == [m.span() for m in theirs.finditer(sample)]  # type: ignore[arg-type]


def test_a_source_not_in_the_table_is_compiled_as_usual() -> None:
    before = _regex.stats()["compiled"]
    pattern = _regex.compile(r"(?P<x>not in any table \d+)", re.IGNORECASE)
    assert pattern.match("NOT IN ANY TABLE 42").group("x") == "NOT IN ANY TABLE 42"
    assert _regex.stats()["compiled"] == before + 1
    assert _regex.key_of(pattern) == (r"(?P<x>not in any table \d+)", int(re.IGNORECASE))
