"""``trialparse --format parquet --workers N``: every worker process writes its own part files of a
dataset directory per table, and the dataset reads back to the rows one process writes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import trialparse
from tests.conftest import BAD_PAGE, FIXTURES, ROOT, run_cli
from trialparse import parts
from trialparse.tables import TABLE_NAMES

pq = pytest.importorskip("pyarrow.parquet")


def test_two_workers_write_a_dataset_of_parts_with_the_rows_of_one_process(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(parts, "PART_PAGES", 80)  # 135 pages: two parts
    pages = str(FIXTURES / "pages")
    status, _, err_one = run_cli(capsys, pages, "--format", "parquet", "-o", str(tmp_path / "one"), "--summary")
    assert status == 0
    status, _, err_two = run_cli(capsys, pages, "--format", "parquet", "-o", str(tmp_path / "two"), "--workers", "2", "--summary")
    assert status == 0
    assert err_two == err_one  # the same summary
    assert sorted(os.listdir(tmp_path / "two")) == ["criteria", "issues", "sites", "trials"]
    for table in TABLE_NAMES:
        assert sorted(os.listdir(tmp_path / "two" / table)) == ["part-00000.parquet", "part-00001.parquet"]
        one = pq.read_table(tmp_path / "one" / f"{table}.parquet")
        two = pq.read_table(tmp_path / "two" / table)
        assert two.schema.equals(trialparse.arrow_schema(table), check_metadata=False)
        assert two.to_pylist() == one.to_pylist(), table
        assert two.num_rows > 0


def test_unreadable_and_strict_failures_are_reported_in_input_order(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(parts, "PART_PAGES", 2)
    bad = tmp_path / "bad.txt"
    bad.write_text(BAD_PAGE, encoding="utf-8")
    good = sorted((FIXTURES / "pages").glob("*.txt"))[:5]
    names = [str(good[0]), str(tmp_path / "missing.txt"), str(good[1]), str(bad), *map(str, good[2:])]
    status, _, err = run_cli(capsys, *names, "--format", "parquet", "-o", str(tmp_path / "t"), "--workers", "2", "--strict")
    assert status == 1
    assert [line.split(": ")[1] for line in err.splitlines()] == [str(tmp_path / "missing.txt"), str(bad)]
    trials = pq.read_table(tmp_path / "t" / "trials")
    assert trials.column("source").to_pylist() == [str(p) for p in good]


def test_part_files_of_an_earlier_run_are_replaced(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(parts, "PART_PAGES", 2)
    files = [str(p) for p in sorted((FIXTURES / "pages").glob("*.txt"))[:6]]
    run_cli(capsys, *files, "--format", "parquet", "-o", str(tmp_path / "t"), "--workers", "2")
    assert len(os.listdir(tmp_path / "t" / "trials")) == 3
    run_cli(capsys, *files[:2], "--format", "parquet", "-o", str(tmp_path / "t"), "--workers", "2")
    assert os.listdir(tmp_path / "t" / "trials") == ["part-00000.parquet"]
    assert pq.read_table(tmp_path / "t" / "trials").num_rows == 2


def test_a_rerun_with_another_worker_count_leaves_no_table_of_the_earlier_run(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # One process writes DIR/trials.parquet, several write DIR/trials/part-*.parquet: a rerun
    # into the same directory must not leave the other layout's (stale) rows to be read back.
    monkeypatch.setattr(parts, "PART_PAGES", 2)
    files = [str(p) for p in sorted((FIXTURES / "pages").glob("*.txt"))[:6]]
    out = tmp_path / "t"
    run_cli(capsys, *files, "--format", "parquet", "-o", str(out), "--workers", "2")
    run_cli(capsys, *files[:2], "--format", "parquet", "-o", str(out))
    assert sorted(os.listdir(out)) == [f"{table}.parquet" for table in sorted(TABLE_NAMES)]
    run_cli(capsys, *files[:3], "--format", "parquet", "-o", str(out), "--workers", "2")
    assert sorted(os.listdir(out)) == sorted(TABLE_NAMES)
    assert pq.read_table(out / "trials").num_rows == 3


FORKS = """
import os, sys
threads = []  # the calling process's threads at each fork: more than one can deadlock the child
os.register_at_fork(before=lambda: threads.append(len(os.listdir("/proc/self/task"))))
from trialparse.cli import main
status = main([sys.argv[1], "--format", "parquet", "--workers", "3", "-o", sys.argv[2]])
print(status, threads)
"""


@pytest.mark.skipif(not os.path.isdir("/proc/self/task"), reason="counts threads in /proc")
def test_workers_are_forked_from_a_process_with_one_thread(tmp_path: Path) -> None:
    # importing pyarrow starts threads: the caller must not import it before the pool forks
    # (Python 3.12+ warns about such a fork; -W error turns the warning into a failure there)
    argv = [sys.executable, "-W", "error::DeprecationWarning", "-c", FORKS, str(FIXTURES / "pages"), str(tmp_path / "out")]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=300, check=False, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.split(maxsplit=1) == ["0", "[1, 1, 1]\n"]
