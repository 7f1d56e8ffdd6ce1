"""Write ``benchmarks/data/records.jsonl``: the registry record behind every benchmark page.

``bench.py`` compares the time to parse a listing page with the time ``json.loads`` takes on
the same trial's ClinicalTrials.gov API v2 record. The pages are already in the repository
(``fixtures/pages/NCTID*.txt``, built by ``fixtures/build_pages.py``); this script copies the
records next to them so the benchmark never reads ``../shared`` at run time.

One line per record, ``json.dumps(record)`` with the default separators (exactly one trial
per line), sorted by NCT id. Run on purpose, from the repository root, and review the diff:

    python benchmarks/build_corpus.py ../shared/data/ctgov-sample-100.json

Standard library only; the output depends on the input file alone.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Final

REPO_ROOT: Final = Path(__file__).resolve().parent.parent
DEFAULT_DATA: Final = REPO_ROOT.parent / "shared" / "data" / "ctgov-sample-100.json"
DEFAULT_OUT: Final = Path(__file__).resolve().parent / "data" / "records.jsonl"
DEFAULT_PAGES: Final = REPO_ROOT / "fixtures" / "pages"


def nct_id(record: Mapping[str, Any]) -> str:
    """The record's ``protocolSection.identificationModule.nctId``."""
    value = record["protocolSection"]["identificationModule"]["nctId"]
    if not isinstance(value, str):
        msg = f"nctId is not a string: {value!r}"
        raise TypeError(msg)
    return value


def record_lines(records: Sequence[Mapping[str, Any]]) -> list[str]:
    """``json.dumps(record)`` for every record, sorted by NCT id; duplicates are an error."""
    by_id: dict[str, str] = {}
    for record in records:
        key = nct_id(record)
        if key in by_id:
            msg = f"{key} appears twice in the input"
            raise ValueError(msg)
        by_id[key] = json.dumps(record)
    return [by_id[key] for key in sorted(by_id)]


def page_ids(pages_dir: Path) -> set[str]:
    """NCT ids of the pages in ``pages_dir`` (``NCT01234567.txt``, ``NCT01234567.crlf.txt``)."""
    return {path.name.split(".", 1)[0] for path in pages_dir.glob("*.txt")}


def main(argv: Sequence[str] | None = None) -> int:
    """Read the records, check that every page has one, write the JSON Lines file."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA, help="a JSON array of API v2 records")
    ap.add_argument("-o", "--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--pages", type=Path, default=DEFAULT_PAGES, help="pages that must each have a record")
    args = ap.parse_args(argv)

    records = json.loads(args.data.read_text(encoding="utf-8"))
    lines = record_lines(records)
    missing = sorted(page_ids(args.pages) - {nct_id(json.loads(line)) for line in lines})
    if missing:
        print(f"pages without a record: {', '.join(missing)}", file=sys.stderr)
        return 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8", newline="\n") as out:
        out.writelines(line + "\n" for line in lines)
    print(f"wrote {len(lines)} records to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
