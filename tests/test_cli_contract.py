"""The command line: ``trialparse.cli.main([...])`` in process, and ``python -m trialparse`` as a subprocess."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT
from trialparse import Listing
from trialparse.cli import main

REFERENCE_PAGE = FIXTURES / "NCT06115902.txt"
ERROR_PAGE = "Quick facts\n\nTrial IDNCT01234567\nEnrollment-5 (actual)\n\nLast reviewed 2026-02-30\n"


@pytest.fixture
def pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory with a good page, a second good page, a page with an ERROR, and a non-UTF-8 file."""
    (tmp_path / "ref.txt").write_bytes(REFERENCE_PAGE.read_bytes())
    (tmp_path / "other.txt").write_bytes((FIXTURES / "pages" / "NCT00000410.txt").read_bytes())
    (tmp_path / "bad.txt").write_bytes(ERROR_PAGE.encode("utf-8"))
    (tmp_path / "latin1.txt").write_bytes("Sponsor Caf\u00e9".encode("latin-1"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _lines(text: str) -> list[dict[str, object]]:
    out = []
    for line in text.splitlines():
        obj = json.loads(line)
        assert isinstance(obj, dict)
        out.append(obj)
    return out


def _run(*args: str, cwd: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "trialparse", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        check=False,
        timeout=120,
    )


# --- in process -------------------------------------------------------------------------------------


def test_main_writes_one_json_line_per_input_with_its_source(pages: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ref.txt", "other.txt"]) == 0
    out, err = capsys.readouterr()
    records = _lines(out)
    assert [r["source"] for r in records] == ["ref.txt", "other.txt"]
    assert [r["trial_id"] for r in records] == ["NCT06115902", "NCT00000410"]
    assert err == ""  # no progress counter: stderr is not a terminal here


@pytest.mark.parametrize(
    ("files", "shown"), [(["ref.txt", "other.txt"], True), (["ref.txt"], False)], ids=["two inputs", "one input"]
)
def test_progress_goes_to_a_terminal_stderr_only_for_several_inputs(
    pages: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, files: list[str], shown: bool
) -> None:
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert main(files) == 0
    out, err = capsys.readouterr()
    assert len(_lines(out)) == len(files)  # progress never mixes into the JSON Lines
    assert (f"{len(files)}/{len(files)}" in err) is shown


def test_each_line_is_the_listing_s_to_dict_plus_source(pages: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ref.txt"]) == 0
    (record,) = _lines(capsys.readouterr().out)
    assert record.pop("source") == "ref.txt"
    listing = Listing.from_dict(record)  # type: ignore[arg-type]
    assert listing.trial_id == "NCT06115902"
    assert listing.to_dict() == record


def test_dash_reads_standard_input(pages: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(REFERENCE_PAGE.read_bytes()), encoding="utf-8"))
    assert main(["-"]) == 0
    (record,) = _lines(capsys.readouterr().out)
    assert (record["source"], record["trial_id"]) == ("-", "NCT06115902")


def test_output_option_writes_the_file_and_nothing_to_stdout(pages: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ref.txt", "other.txt", "-o", "out.jsonl"]) == 0
    out, _ = capsys.readouterr()
    assert out == ""
    records = _lines((pages / "out.jsonl").read_text(encoding="utf-8"))
    assert [r["source"] for r in records] == ["ref.txt", "other.txt"]


def test_without_strict_a_page_with_errors_is_written_and_exit_is_zero(pages: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bad.txt"]) == 0
    (record,) = _lines(capsys.readouterr().out)
    issues = record["issues"]
    assert isinstance(issues, list)
    assert "dates.invalid_date" in [i["code"] for i in issues]


def test_strict_exits_one_and_still_writes_the_other_files(pages: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ref.txt", "bad.txt", "other.txt", "--strict", "-o", "out.jsonl"]) == 1
    _, err = capsys.readouterr()
    records = _lines((pages / "out.jsonl").read_text(encoding="utf-8"))
    assert [r["source"] for r in records] == ["ref.txt", "other.txt"]
    assert "bad.txt" in err


@pytest.mark.parametrize("unreadable", ["missing.txt", "latin1.txt"], ids=["missing file", "not UTF-8"])
def test_an_unreadable_file_is_reported_and_the_others_still_written(
    pages: Path, capsys: pytest.CaptureFixture[str], unreadable: str
) -> None:
    assert main(["ref.txt", unreadable, "other.txt"]) == 1
    out, err = capsys.readouterr()
    assert [r["source"] for r in _lines(out)] == ["ref.txt", "other.txt"]
    assert unreadable in err


@pytest.mark.parametrize(
    "argv",
    [
        pytest.param([], id="no file"),
        pytest.param(["--bogus", "ref.txt"], id="unknown option"),
        pytest.param(["--workers", "0", "ref.txt"], id="zero workers"),
        pytest.param(["--workers", "many", "ref.txt"], id="workers not a number"),
        pytest.param(["-o"], id="output without a name"),
    ],
)
def test_usage_errors_exit_two(pages: Path, capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "usage" in err


# --- as a subprocess --------------------------------------------------------------------------------


def test_python_dash_m_trialparse_writes_json_lines(pages: Path) -> None:
    done = _run("ref.txt", "other.txt", cwd=pages)
    assert done.returncode == 0, done.stderr
    records = _lines(done.stdout.decode("utf-8"))
    assert [(r["source"], r["trial_id"]) for r in records] == [("ref.txt", "NCT06115902"), ("other.txt", "NCT00000410")]
    assert done.stderr == b""  # stderr is a pipe, not a terminal: no progress output


def test_subprocess_reads_stdin_for_dash(pages: Path) -> None:
    done = _run("-", cwd=pages, stdin=REFERENCE_PAGE.read_bytes())
    assert done.returncode == 0, done.stderr
    (record,) = _lines(done.stdout.decode("utf-8"))
    assert (record["source"], record["trial_id"]) == ("-", "NCT06115902")


def test_subprocess_strict_and_unreadable_exit_one_with_the_rest_written(pages: Path) -> None:
    done = _run("ref.txt", "missing.txt", "bad.txt", "other.txt", "--strict", "-o", "out.jsonl", cwd=pages)
    assert done.returncode == 1
    records = _lines((pages / "out.jsonl").read_text(encoding="utf-8"))
    assert [r["source"] for r in records] == ["ref.txt", "other.txt"]
    err = done.stderr.decode("utf-8")
    assert "missing.txt" in err
    assert "bad.txt" in err
    assert "[" not in err.replace("[Errno", "")  # no "[n/total]" progress counter


def test_subprocess_usage_error_exits_two(pages: Path) -> None:
    done = _run(cwd=pages)
    assert done.returncode == 2
    assert done.stdout == b""
    assert b"usage" in done.stderr


def test_subprocess_runs_from_the_repository_too() -> None:
    done = _run(str(REFERENCE_PAGE), cwd=ROOT)
    assert done.returncode == 0, done.stderr
    (record,) = _lines(done.stdout.decode("utf-8"))
    assert record["source"] == str(REFERENCE_PAGE)
