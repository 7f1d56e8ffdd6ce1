"""Write ``benchmarks/data/world.jsonl``: a benchmark corpus that looks like the registry.

The fixture pages come from 100 herniated-disc trials, whose criteria are short. This corpus
samples ``ctgov-corpus.json`` (1,332 API v2 records of every kind) across condition areas
(oncology, respiratory, metabolic, cardiovascular, mental health, neurology, urology,
infectious, other), evenly by NCT id within each area, and adds the records with the longest
eligibility criteria (long oncology lists above all). Each record is rendered as a listing page
in the reference layout by ``fixtures/build_pages.py`` (records it cannot render, lacking a
status or eligibility module, are left out).

One line per trial, sorted by NCT id: ``{"name": "NCTID.txt", "page": <page text>,
"record": <the API v2 record>}``; ``bench.py`` times ``parse(page)`` against
``json.loads(json.dumps(record))``. Run on purpose, from the repository root, and review
the diff (the output depends on the input file alone):

    python benchmarks/build_world.py ../shared/data/ctgov-corpus.json

Standard library only.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Final

REPO_ROOT: Final = Path(__file__).resolve().parent.parent
DEFAULT_DATA: Final = REPO_ROOT.parent / "shared" / "data" / "ctgov-corpus.json"
DEFAULT_OUT: Final = Path(__file__).resolve().parent / "data" / "world.jsonl"

PER_AREA: Final = 22  # records per condition area (all of an area that has fewer)
LONGEST: Final = 12  # records with the longest eligibility criteria, whatever their area

# The first area whose pattern matches a record's conditions is its area; "other" otherwise.
AREAS: Final[Sequence[tuple[str, str]]] = (
    ("oncology", r"cancer|tumou?r|carcinom|lymphom|leuka?emi|melanom|neoplas|myelom|sarcom|gliom|oncolog|metasta"),
    ("cardiovascular", r"heart|cardi|hypertens|coronar|atrial|vascular|stroke"),
    ("metabolic", r"diabet|obes|metabolic|insulin|glyc"),
    ("respiratory", r"asthma|copd|pulmonar|lung|respirat"),
    ("urology", r"prostat|bladder|urin|kidney|renal|incontinen"),
    ("mental", r"depress|anxiety|schizo|bipolar|autis|adhd|mental|insomnia|substance|alcohol"),
    ("neurology", r"alzheim|parkinson|epilep|sclerosis|migraine|dementia|neuro"),
    ("infectious", r"hiv|covid|infect|hepatitis|tubercul|malaria|influenza|vaccin"),
)

Record = Mapping[str, Any]


def _protocol(record: Record) -> Mapping[str, Any]:
    section = record.get("protocolSection")
    return section if isinstance(section, Mapping) else {}


def nct_id(record: Record) -> str:
    return str(_protocol(record)["identificationModule"]["nctId"])


def area(record: Record) -> str:
    """The record's condition area, from its conditions list."""
    conditions = " ".join((_protocol(record).get("conditionsModule") or {}).get("conditions") or []).lower()
    return next((name for name, pattern in AREAS if re.search(pattern, conditions)), "other")


def criteria_length(record: Record) -> int:
    return len((_protocol(record).get("eligibilityModule") or {}).get("eligibilityCriteria") or "")


def evenly(items: Sequence[Record], count: int) -> list[Record]:
    """``count`` of ``items`` spread evenly over them (all when there are fewer)."""
    if len(items) <= count:
        return list(items)
    return [items[i * len(items) // count] for i in range(count)]


def sample(records: Sequence[Record]) -> list[Record]:
    """The corpus: ``PER_AREA`` records of each area and the ``LONGEST`` longest criteria, by NCT id."""
    ordered = sorted(records, key=nct_id)
    by_area: dict[str, list[Record]] = {}
    for record in ordered:
        by_area.setdefault(area(record), []).append(record)
    chosen = {nct_id(r): r for records_of_area in by_area.values() for r in evenly(records_of_area, PER_AREA)}
    for record in sorted(ordered, key=criteria_length, reverse=True)[:LONGEST]:
        chosen[nct_id(record)] = record
    return [chosen[key] for key in sorted(chosen)]


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA, help="a JSON array of API v2 records")
    ap.add_argument("-o", "--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args(argv)

    sys.path.insert(0, str(REPO_ROOT / "fixtures"))
    from build_pages import REFERENCE, build_page, read_trial, render

    def renderable(record: Record) -> bool:
        try:
            read_trial(record)
        except (KeyError, TypeError, ValueError):  # a record without the modules a page shows
            return False
        return True

    records = sample([r for r in json.loads(args.data.read_text(encoding="utf-8")) if renderable(r)])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8", newline="\n") as out:
        for record in records:
            page = render(build_page(read_trial(record)), REFERENCE)
            out.write(json.dumps({"name": f"{nct_id(record)}.txt", "page": page, "record": record}) + "\n")
    areas: dict[str, int] = {}
    for record in records:
        areas[area(record)] = areas.get(area(record), 0) + 1
    print(f"wrote {len(records)} pages to {args.out}: {', '.join(f'{k} {v}' for k, v in sorted(areas.items()))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
