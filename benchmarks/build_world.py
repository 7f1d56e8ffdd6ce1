"""Write the benchmark's "world" corpus: registry records from many condition areas, and their pages.

The herniated-disc sample behind ``fixtures/pages/`` has short, plain criteria; real
pipelines also see long oncology lists, lab tables and cohorts, where a parse costs several
times more per page. This script takes a deterministic spread of the development corpus
(every ``STEP``-th record by NCT id, plus every record whose criteria are longer than
``LONG_CRITERIA`` characters, up to ``MAX_LONG`` of them), renders each as a listing page in
the reference layout with ``fixtures/build_pages.py``, and writes

- ``benchmarks/data/world/records.jsonl``: the records, one per line (for ``json.loads`` timings);
- ``benchmarks/data/world/NCTID.txt``: the pages.

Run on purpose, from the repository root, and review the diff:

    python benchmarks/build_world.py ../shared/data/ctgov-corpus.json

Standard library only; the output depends on the input file alone.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any, Final

REPO_ROOT: Final = Path(__file__).resolve().parent.parent
DEFAULT_DATA: Final = REPO_ROOT.parent / "shared" / "data" / "ctgov-corpus.json"
DEFAULT_OUT: Final = Path(__file__).resolve().parent / "data" / "world"
STEP: Final = 6
LONG_CRITERIA: Final = 8000
MAX_LONG: Final = 40


def _build_pages() -> ModuleType:
    """``fixtures/build_pages.py`` as a module (it is a script, not part of the package)."""
    spec = importlib.util.spec_from_file_location("build_pages", REPO_ROOT / "fixtures" / "build_pages.py")
    if spec is None or spec.loader is None:
        msg = "fixtures/build_pages.py not found"
        raise FileNotFoundError(msg)
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_pages"] = module  # its dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def _nct_id(record: Mapping[str, Any]) -> str:
    return str(record["protocolSection"]["identificationModule"]["nctId"])


def _criteria_length(record: Mapping[str, Any]) -> int:
    return len(record["protocolSection"].get("eligibilityModule", {}).get("eligibilityCriteria") or "")


def _renderable(record: Mapping[str, Any]) -> bool:
    """A few corpus records hold only some modules; a listing page needs the status module."""
    return "lastUpdatePostDateStruct" in record["protocolSection"].get("statusModule", {})


def choose(records: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """Every STEP-th record by NCT id, plus the longest criteria texts (up to MAX_LONG)."""
    ordered = sorted(filter(_renderable, records), key=_nct_id)
    chosen = {_nct_id(r): r for r in ordered[::STEP]}
    long_ones = sorted((r for r in ordered if _criteria_length(r) > LONG_CRITERIA), key=_criteria_length, reverse=True)
    for record in long_ones[:MAX_LONG]:
        chosen.setdefault(_nct_id(record), record)
    return [chosen[key] for key in sorted(chosen)]


def main(argv: Sequence[str] | None = None) -> int:
    """Read the corpus, choose the records, write records.jsonl and one page per record."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA, help="a JSON array of API v2 records")
    ap.add_argument("-o", "--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args(argv)

    pages = _build_pages()
    records = choose(json.loads(args.data.read_text(encoding="utf-8")))
    args.out.mkdir(parents=True, exist_ok=True)
    for stale in args.out.glob("NCT*.txt"):
        stale.unlink()
    with (args.out / "records.jsonl").open("w", encoding="utf-8", newline="\n") as out:
        out.writelines(json.dumps(record) + "\n" for record in records)
    for record in records:
        trial = pages.read_trial(record)
        text = pages.render(pages.build_page(trial), pages.REFERENCE)
        (args.out / f"{trial.nct_id}.txt").write_bytes(text.encode("utf-8"))
    print(f"wrote {len(records)} records and pages to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
