"""The command line: JSON Lines and Parquet, --schema/--version/--summary, inputs, exit codes; library manners."""

from __future__ import annotations

import collections
import gzip
import importlib
import inspect
import json
import logging
import os
import re
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

import trialparse
from tests.conftest import BAD_PAGE, FIXTURES, ROOT, read_page, run_cli
from trialparse import cli, json_schema, parse

REFERENCE = FIXTURES / "NCT06115902.txt"


def lines(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text.splitlines()]


@pytest.fixture
def pages(tmp_path: Path) -> Path:
    """A directory of pages: plain, gzip-compressed, nested, and files that are not pages."""
    root = tmp_path / "pages"
    (root / "b").mkdir(parents=True)
    shutil.copy(REFERENCE, root / "a.txt")
    (root / "b" / "c.txt.gz").write_bytes(gzip.compress(REFERENCE.read_bytes()))
    shutil.copy(FIXTURES / "pages" / "NCT00000410.txt", root / "b" / "d.txt")
    (root / "notes.md").write_text("not a page", encoding="utf-8")
    (root / "b" / "d.expected.json").write_text("{}", encoding="utf-8")
    return root


# --- JSON Lines ----------------------------------------------------------------------------------


def test_jsonl_objects_carry_source_and_validate_against_the_schema(capsys: pytest.CaptureFixture[str]) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    status, out, err = run_cli(capsys, str(REFERENCE), str(FIXTURES / "pages" / "NCT00000410.txt"))
    assert (status, err) == (0, "")
    records = lines(out)
    assert [r["source"] for r in records] == [str(REFERENCE), str(FIXTURES / "pages" / "NCT00000410.txt")]
    validator = jsonschema.Draft202012Validator(json_schema())
    for record in records:
        validator.validate(record)
    assert trialparse.Listing.from_dict(records[0]) == parse(read_page(REFERENCE))  # type: ignore[arg-type]


def test_output_file_and_stdin(capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", _Stdin(REFERENCE.read_bytes()))
    status, out, _ = run_cli(capsys, "-", "-o", str(tmp_path / "out.jsonl"))
    assert (status, out) == (0, "")
    [record] = lines((tmp_path / "out.jsonl").read_text(encoding="utf-8"))
    assert (record["source"], record["trial_id"]) == ("-", "NCT06115902")


class _Stdin:
    def __init__(self, data: bytes) -> None:
        import io

        self.buffer = io.BytesIO(data)


# --- inputs: directories, globs, gzip ------------------------------------------------------------


def test_directory_reads_txt_and_txt_gz_below_it_in_name_order(capsys: pytest.CaptureFixture[str], pages: Path) -> None:
    status, out, _ = run_cli(capsys, str(pages))
    assert status == 0
    records = lines(out)
    assert [Path(str(r["source"])).relative_to(pages).as_posix() for r in records] == ["a.txt", "b/c.txt.gz", "b/d.txt"]
    assert records[0]["criteria"] == records[1]["criteria"]  # gzip gives the same listing, spans included


def test_quoted_glob_is_expanded(capsys: pytest.CaptureFixture[str], pages: Path) -> None:
    status, out, _ = run_cli(capsys, str(pages / "**" / "*.txt"))
    assert status == 0
    assert [Path(str(r["source"])).name for r in lines(out)] == ["a.txt", "d.txt"]


def test_gzip_on_standard_input(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", _Stdin(gzip.compress(REFERENCE.read_bytes())))
    status, out, _ = run_cli(capsys, "-")
    assert status == 0
    assert lines(out)[0]["trial_id"] == "NCT06115902"


def test_gzip_input_keeps_crlf_spans(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    page = FIXTURES / "pages" / "NCT01367860.crlf.txt"
    (tmp_path / "p.txt.gz").write_bytes(gzip.compress(page.read_bytes()))
    status, out, _ = run_cli(capsys, str(tmp_path / "p.txt.gz"))
    assert status == 0
    assert lines(out)[0]["criteria"] == parse(read_page(page)).to_dict()["criteria"]  # type: ignore[index, call-overload]


@pytest.mark.parametrize(
    ("make", "message"),
    [
        pytest.param(lambda d: d / "missing.txt", "No such file or directory", id="missing-file"),
        pytest.param(lambda d: d / "nothing-*.txt", "no file matches this pattern", id="glob-without-match"),
        pytest.param(lambda d: (d / "empty").mkdir() or d / "empty", "a directory without .txt or .txt.gz files", id="empty-dir"),
        pytest.param(
            lambda d: _write(d / "cut.txt.gz", gzip.compress(b"Quick facts" * 50)[:30]), "cannot read", id="truncated-gzip"
        ),
        pytest.param(lambda d: _write(d / "bad.txt.gz", b"\x1f\x8bnot gzip at all"), "cannot read", id="damaged-gzip"),
        pytest.param(lambda d: _write(d / "latin1.txt", "Sex\xe9".encode("latin-1")), "codec can't decode", id="not-utf8"),
    ],
)
def test_unreadable_input_exits_1_and_the_others_are_written(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, make: object, message: str
) -> None:
    bad = make(tmp_path)  # type: ignore[operator]
    status, out, err = run_cli(capsys, str(REFERENCE), str(bad), str(REFERENCE))
    assert status == 1
    assert len(lines(out)) == 2
    assert f"trialparse: {bad}: cannot read: " in err
    assert message in err


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_inputs_are_read_as_they_are_parsed(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, pages: Path
) -> None:
    """Streaming: the first listing is written before the second page is read."""
    events: list[str] = []
    real_read, real_write = cli.read_page, cli._JsonLines.write

    def read(name: str) -> str:
        events.append("read " + Path(name).name)
        return real_read(name)

    def write(self: cli._JsonLines, name: str, listing: trialparse.Listing) -> None:
        events.append("write " + Path(name).name)
        real_write(self, name, listing)

    monkeypatch.setattr(cli, "read_page", read)
    monkeypatch.setattr(cli._JsonLines, "write", write)
    assert run_cli(capsys, str(pages))[0] == 0
    assert events == ["read a.txt", "write a.txt", "read c.txt.gz", "write c.txt.gz", "read d.txt", "write d.txt"]


# --- strict mode, workers, usage errors ----------------------------------------------------------


def test_strict_failure_exits_1_and_is_not_written(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = _write(tmp_path / "bad.txt", BAD_PAGE.encode())
    status, out, err = run_cli(capsys, "--strict", str(bad), str(REFERENCE))
    assert status == 1
    assert [r["source"] for r in lines(out)] == [str(REFERENCE)]
    assert f"trialparse: {bad}: 1 error(s); first: " in err
    assert run_cli(capsys, str(bad))[0] == 0  # lenient: written, exit 0


def test_constraints_are_written_unless_no_constraints(capsys: pytest.CaptureFixture[str]) -> None:
    def constraints(out: str) -> list[object]:
        [record] = lines(out)
        criteria = record["criteria"]
        assert isinstance(criteria, dict)
        stack = list(criteria["inclusion"]) + list(criteria["exclusion"])
        found = []
        while stack:
            item = stack.pop()
            found += item["constraints"]
            stack += item["children"]
        return found

    assert constraints(run_cli(capsys, str(REFERENCE))[1])
    assert constraints(run_cli(capsys, "--no-constraints", str(REFERENCE))[1]) == []


def test_workers_give_the_same_output(capsys: pytest.CaptureFixture[str]) -> None:
    files = [str(p) for p in sorted((FIXTURES / "pages").glob("NCT0000*.txt"))] * 3
    assert run_cli(capsys, *files, "--workers", "2") == run_cli(capsys, *files)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        pytest.param([], "give at least one FILE", id="no-file"),
        pytest.param(["x.txt", "--workers", "0"], "--workers must be at least 1", id="workers-0"),
        pytest.param(["x.txt", "--format", "csv"], "invalid choice: 'csv'", id="unknown-format"),
        pytest.param(["x.txt", "--format", "parquet"], "name the directory with -o DIR", id="parquet-without-o"),
        pytest.param(["--schema", "x.txt"], "--schema prints the schema only", id="schema-with-file"),
        pytest.param(["--bogus"], "unrecognized arguments: --bogus", id="unknown-option"),
    ],
)
def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str], message: str) -> None:
    status, out, err = run_cli(capsys, *argv)
    assert (status, out) == (2, "")
    assert message in err


def test_unwritable_output_is_a_usage_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, _, err = run_cli(capsys, str(REFERENCE), "-o", str(tmp_path))
    assert status == 2
    assert f"cannot write {tmp_path}" in err
    (tmp_path / "file").write_text("x", encoding="utf-8")
    status, _, err = run_cli(capsys, str(REFERENCE), "--format", "parquet", "-o", str(tmp_path / "file"))
    assert status == 2
    assert "exists and is not a directory" in err


def test_parquet_without_pyarrow_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    status, _, err = run_cli(capsys, str(REFERENCE), "--format", "parquet", "-o", str(tmp_path / "t"))
    assert status == 2
    assert "--format parquet needs pyarrow: pip install 'trialparse[arrow]'" in err


# --- Parquet -------------------------------------------------------------------------------------


def test_parquet_writes_one_file_per_table_equal_to_to_arrow(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    monkeypatch.setattr(cli, "_PARQUET_BATCH", 7)  # several row groups and a partial last one
    files = sorted((FIXTURES / "pages").glob("*.txt"))[:20]
    bad = _write(tmp_path / "bad.txt", BAD_PAGE.encode())
    names = [str(p) for p in files] + [str(bad)]
    status, out, _ = run_cli(capsys, *names, "--format", "parquet", "-o", str(tmp_path / "tables"))
    assert (status, out) == (0, "")
    assert sorted(os.listdir(tmp_path / "tables")) == ["criteria.parquet", "issues.parquet", "sites.parquet", "trials.parquet"]
    expected = trialparse.to_arrow([parse(read_page(Path(n))) for n in names], sources=names)
    for table, data in expected.items():
        back = pq.read_table(tmp_path / "tables" / f"{table}.parquet")
        assert back.schema.equals(trialparse.arrow_schema(table), check_metadata=True)
        assert back.equals(data), table
    assert pq.ParquetFile(tmp_path / "tables" / "trials.parquet").num_row_groups == 3
    assert expected["issues"].num_rows > 0


def test_parquet_with_no_listing_writes_empty_tables(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    status, _, _ = run_cli(capsys, str(tmp_path / "missing.txt"), "--format", "parquet", "-o", str(tmp_path / "t"))
    assert status == 1
    back = pq.read_table(tmp_path / "t" / "criteria.parquet")
    assert (back.num_rows, back.schema.equals(trialparse.arrow_schema("criteria"))) == (0, True)


# --- --schema, --version, --summary, progress ----------------------------------------------------


def test_schema_option_prints_json_schema(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, out, _ = run_cli(capsys, "--schema")
    assert status == 0
    assert json.loads(out) == json_schema()
    assert run_cli(capsys, "--schema", "-o", str(tmp_path / "s.json"))[0] == 0
    assert json.loads((tmp_path / "s.json").read_text(encoding="utf-8")) == json_schema()
    status, _, err = run_cli(capsys, "--schema", "-o", str(tmp_path))
    assert status == 2
    assert f"cannot write {tmp_path}" in err


def test_version_option_names_package_and_schema_version(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run_cli(capsys, "--version")
    assert status == 0
    assert out == f"trialparse {trialparse.__version__} (output schema_version {trialparse.SCHEMA_VERSION})\n"
    assert trialparse.__version__ == metadata.version("trialparse")


def test_summary_counts_listings_criteria_and_issues_by_code(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = _write(tmp_path / "bad.txt", BAD_PAGE.encode())
    status, out, err = run_cli(capsys, str(REFERENCE), str(bad), str(bad), str(tmp_path / "missing.txt"), "--summary")
    assert status == 1
    assert len(lines(out)) == 3
    listings = [parse(read_page(REFERENCE)), parse(BAD_PAGE), parse(BAD_PAGE)]
    codes = collections.Counter(i.code for x in listings for i in x.issues)
    severity = {i.code: i.severity.value for x in listings for i in x.issues}
    n_criteria = sum(len(list(x.criteria.walk())) for x in listings)
    summary = err.splitlines()[-1 - len(codes) :]
    assert summary[0] == f"trialparse: 3 listings, {n_criteria} criteria, {codes.total()} issues (1 unreadable)"
    assert [line.split() for line in summary[1:]] == [
        [str(n), code, severity[code]] for code, n in sorted(codes.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    assert ["2", "facts.phase_unreadable", "ERROR"] in [line.split() for line in summary[1:]]
    assert run_cli(capsys, str(REFERENCE))[2] == ""  # no summary unless asked


def test_summary_counts_strict_failures(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = _write(tmp_path / "bad.txt", BAD_PAGE.encode())
    _, _, err = run_cli(capsys, str(bad), "--strict", "--summary")
    assert f"trialparse: 1 listings, 0 criteria, {len(parse(BAD_PAGE).issues)} issues (1 failed --strict)" in err


@pytest.mark.parametrize("tty", [True, False])
def test_progress_only_on_a_terminal(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tty: bool) -> None:
    monkeypatch.setattr(sys.stderr, "isatty", lambda: tty)
    _, _, err = run_cli(capsys, str(REFERENCE), str(REFERENCE))
    assert ("\r[2/2]" in err) is tty
    if not tty:
        assert err == ""


def test_progress_counts_without_a_total_for_directories(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, pages: Path
) -> None:
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    _, _, err = run_cli(capsys, str(pages))
    assert "\r[3]" in err


# --- python -m trialparse, README commands ---------------------------------------------------------


def test_python_m_trialparse_help_reads_well() -> None:
    out = subprocess.run([sys.executable, "-m", "trialparse", "--help"], capture_output=True, text=True, check=True).stdout
    assert out.startswith("usage: trialparse ")
    words_seen = ("--format {jsonl,parquet,html}", "--summary", "--schema", "--version", ".txt.gz", "exit status: 0", "examples:")
    for words in words_seen:
        assert words in out


def _readme_shell_lines() -> list[str]:
    """Shell commands of the README sections this module tests (pip installs left out)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("## Command line: inputs, formats, summary")
    end = text.index("### PySpark")  # Spark needs Java and pyspark: run by hand
    blocks = re.findall(r"```sh\n(.*?)```", text[start:end], flags=re.DOTALL)
    return [line for block in blocks for line in block.splitlines() if line.strip() and "pip install" not in line]


def test_readme_commands_work_verbatim(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    commands = _readme_shell_lines()
    assert len(commands) >= 4
    (tmp_path / "fixtures").symlink_to(FIXTURES)
    (tmp_path / ".venv").symlink_to(Path(sys.executable).parent.parent)
    for command in commands:
        done = subprocess.run(["bash", "-c", command], cwd=tmp_path, capture_output=True, text=True, check=False)
        assert done.returncode == 0, (command, done.stderr)
    assert (tmp_path / "tables" / "criteria.parquet").exists()
    assert json.loads((tmp_path / "listing.schema.json").read_text(encoding="utf-8")) == json_schema()


# --- library manners -------------------------------------------------------------------------------


def test_library_logs_through_a_null_handler() -> None:
    trialparse.to_records([])  # the only module that logs is loaded on first use
    assert any(isinstance(h, logging.NullHandler) for h in logging.getLogger("trialparse").handlers)


def test_package_ships_py_typed() -> None:
    assert (Path(trialparse.__file__).parent / "py.typed").exists()


@pytest.mark.parametrize("module", ["trialparse.schema", "trialparse.tables", "trialparse.cli", "trialparse.dask"])
def test_public_names_have_docstrings_with_an_example(module: str) -> None:
    if module == "trialparse.dask":
        pytest.importorskip("dask")
    mod = importlib.import_module(module)
    assert mod.__doc__
    for name in mod.__all__:
        obj = getattr(mod, name)
        if inspect.isfunction(obj):
            assert ">>>" in (obj.__doc__ or ""), f"{module}.{name}"


def test_new_public_names_are_exported() -> None:
    for name in ("json_schema", "to_arrow", "to_records", "arrow_schema", "SCHEMA_VERSION", "__version__"):
        assert name in trialparse.__all__
        assert hasattr(trialparse, name)
