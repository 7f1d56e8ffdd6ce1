"""Benchmark ``trialparse`` against ``json.loads`` of the same trial's registry record.

A script, not a test. From the repository root:

    python benchmarks/bench.py            # full run, a few minutes
    python benchmarks/bench.py --quick    # smoke run, under 20 s
    python benchmarks/bench.py --profile 15 --skip import,first,throughput,rss

Two corpora (deterministic, read from this repository only):

- fixtures: every ``fixtures/pages/*.txt`` in name order (100 herniated-disc registry records
  in the reference layout plus label and line-ending variants; ``NCTID.*.txt`` belongs to
  record NCTID), then the reference page ``fixtures/NCT06115902.txt``.
  ``benchmarks/data/records.jsonl`` (written by ``build_corpus.py``) holds ``json.dumps(record)``
  of each page's API v2 record. The reference page has no record: it is timed but left out of
  every parse/json.loads ratio. The output digest is taken over this corpus.
- world: ``benchmarks/data/world/`` (written by ``build_world.py``): pages and records of a
  wider registry download, long oncology criteria included (``--skip world`` leaves it out).

Measured, in this order:

- warm, in this process, for each corpus: per page the median of ``--reps`` timings of
  ``parse(text)`` and of ``json.loads(record_text)`` (alternating, after a warm-up pass), then
  the median over pages of both, the median parse time per KB of page, the slowest page, the
  ratio of those medians, the median and the worst per-page ratio; and the floor
  under that ratio: the median time to build the page's output records from values already
  read (``_transport.unpack`` of the page's packed listing, no reading at all), against the
  same ``json.loads`` median;
- a digest of the output: sha256 over every page's ``listing.to_json()`` + ``"\\n"``, compared
  page by page with ``benchmarks/data/digests.json`` (``--update-digests`` rewrites it), and the
  same corpus through ``parse_many(workers=2)`` must give the same digest;
- cold ``import trialparse``: wall time of ``python -c "import trialparse"`` minus that of
  ``python -c "pass"``, run alternately, median of ``--import-runs`` each (one untimed pair first).
  Children get a private ``PYTHONPYCACHEPREFIX`` so ``src/`` is imported from cached bytecode, as
  an installed package would be; when ``PYTHONDONTWRITEBYTECODE`` is set the uncached cost is
  shown too, for information;
- first-parse latency: in a fresh process, the first ``parse()`` of the reference page minus the
  median of the next ``--reps`` parses in that process (median over ``--fresh-runs`` processes),
  and whether ``dateparser`` was imported by then;
- ``parse_many`` throughput (pages/s) with workers=1 and workers=2 on ``--throughput-pages``
  pages (the corpus cycled), in ``--throughput-rounds`` interleaved rounds (each side's median
  run is kept), their ratio, the CPU per page spent in this process and in the workers, what
  sending a result back costs (``_transport.pack`` + pickle there, unpickle + ``unpack``
  here), and the host's own
  ceiling: the same pages parsed by two independent processes against one;
- peak RSS in a subprocess streaming ``--rss-pages`` pages from a generator through
  ``parse_many``: ``VmHWM`` at the end minus ``VmRSS`` after the first ``--rss-baseline`` pages.
  Each streamed page is a fresh string with its index added to the headline line, so a cache
  keyed on the text cannot hide behind the corpus' 135 distinct pages.

Then a summary table with PASS/FAIL against the targets of issues 5 and 16. The CPUs kept busy by
other processes are sampled from /proc/stat before and after the run: on a loaded machine every
figure is pessimistic, the workers=2 scaling most of all.
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import hashlib
import io
import json
import os
import platform
import pstats
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import trialparse

REPO_ROOT: Final = Path(__file__).resolve().parent.parent
PAGES_DIR: Final = REPO_ROOT / "fixtures" / "pages"
REFERENCE_PAGE: Final = REPO_ROOT / "fixtures" / "NCT06115902.txt"
RECORDS: Final = Path(__file__).resolve().parent / "data" / "records.jsonl"
DIGESTS: Final = Path(__file__).resolve().parent / "data" / "digests.json"
WORLD: Final = Path(__file__).resolve().parent / "data" / "world"  # written by build_world.py

# Targets of issue 5 (parse against json.loads, memory) and issue 16 (start-up, workers).
RATIO_TARGET: Final = 1.5
RATIO_STRETCH: Final = 1.0
WORST_RATIO_TARGET: Final = 20.0
IMPORT_TARGET_MS: Final = 80.0
FIRST_PARSE_TARGET_MS: Final = 500.0
SCALING_TARGET: Final = 1.4
RSS_GROWTH_TARGET_MB: Final = 50.0

SECTIONS: Final = ("world", "import", "first", "throughput", "rss", "digest")

# Run by a fresh interpreter: nothing but trialparse is imported before the first parse.
FIRST_PARSE_CHILD: Final = """\
import sys, time
t0 = time.perf_counter_ns()
import trialparse
t1 = time.perf_counter_ns()
after_import = "dateparser" in sys.modules
with open(sys.argv[1], "rb") as f:
    text = f.read().decode("utf-8")
t2 = time.perf_counter_ns()
trialparse.parse(text)
t3 = time.perf_counter_ns()
after_parse = "dateparser" in sys.modules
steady = []
for _ in range(int(sys.argv[2])):
    a = time.perf_counter_ns()
    trialparse.parse(text)
    steady.append(time.perf_counter_ns() - a)
steady.sort()
print(t1 - t0, t3 - t2, steady[len(steady) // 2], int(after_import), int(after_parse))
"""


# --------------------------------------------------------------------------- corpus


@dataclass(frozen=True)
class Page:
    """One benchmark page: file name, text exactly as on disk, its record's JSON text if any."""

    name: str
    text: str
    record: str | None


def read_text(path: Path) -> str:
    """Decode the bytes ourselves so CRLF and lone CR pages stay as they are on disk."""
    return path.read_bytes().decode("utf-8")


def read_records(path: Path) -> dict[str, str]:
    """NCT id -> the record's JSON text, one record per line of ``records.jsonl``."""
    records: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line:
            records[json.loads(line)["protocolSection"]["identificationModule"]["nctId"]] = line
    return records


def load_corpus(limit: int | None = None) -> list[Page]:
    """The pages in name order (first ``limit`` of them), then the reference page."""
    records = read_records(RECORDS)
    paths = sorted(PAGES_DIR.glob("*.txt"))[:limit]
    pages = [Page(p.name, read_text(p), records[p.name.split(".", 1)[0]]) for p in paths]
    pages.append(Page(REFERENCE_PAGE.name, read_text(REFERENCE_PAGE), None))
    return pages


def load_world(limit: int | None = None) -> list[Page]:
    """The pages of ``data/world/`` in name order (first ``limit`` of them), each with its record."""
    if not WORLD.is_dir():
        return []
    records = read_records(WORLD / "records.jsonl")
    paths = sorted(WORLD.glob("*.txt"))[:limit]
    return [Page(p.name, read_text(p), records[p.name.split(".", 1)[0]]) for p in paths]


# --------------------------------------------------------------------------- small helpers


def median_ns(samples: Sequence[int]) -> float:
    """Median of nanosecond samples."""
    return float(statistics.median(samples))


def us(ns: float) -> str:
    """Nanoseconds as microseconds, for the tables."""
    return f"{ns / 1e3:8.1f} µs"


def ms(ns: float) -> str:
    """Nanoseconds as milliseconds."""
    return f"{ns / 1e6:.1f} ms"


def verdict(ok: bool) -> str:
    """PASS or FAIL."""
    return "PASS" if ok else "FAIL"


def progress(message: str) -> None:
    """Progress goes to standard error, so standard output holds the report alone."""
    print(f"... {message}", file=sys.stderr, flush=True)


def child_env(pycache: Path | None) -> dict[str, str]:
    """This environment, with bytecode written to and read from ``pycache`` when one is given.

    Installed packages come with ``.pyc`` files, but ``src/trialparse`` (an editable install)
    has them only once an import could write them; ``PYTHONDONTWRITEBYTECODE`` (set in some
    sandboxes) would make every fresh process compile the package from source. A private
    prefix gives every child a warm bytecode cache without writing into the repository.
    """
    env = dict(os.environ)
    if pycache is not None:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(pycache)
    return env


def run_child(argv: Sequence[str], env: dict[str, str] | None = None) -> str:
    """Run a child process from the repository root; its standard output."""
    done = subprocess.run(argv, cwd=REPO_ROOT, env=env, check=True, capture_output=True, text=True)
    return done.stdout


# --------------------------------------------------------------------------- warm timing


@dataclass(frozen=True)
class PageTiming:
    """Per-page medians, nanoseconds."""

    name: str
    parse_ns: float
    loads_ns: float | None
    build_ns: float  # the page's records built from plain values, nothing read (see time_page)

    @property
    def ratio(self) -> float | None:
        """parse / json.loads, or None for a page without a record."""
        return None if self.loads_ns is None else self.parse_ns / self.loads_ns


# what the warm timing calls: parse(), or parse(..., constraints=False) with --no-constraints
WARM_PARSE: list[Callable[[str], trialparse.Listing]] = [trialparse.parse]
WARM_CONSTRAINTS: list[bool] = [True]


def time_page(page: Page, reps: int, warmup: int) -> PageTiming:
    """``reps`` alternating timings of ``parse(text)``, ``json.loads(record)`` and of building
    the page's records alone; medians.

    Building alone is ``_transport.unpack`` of the page's listing packed as nested tuples
    (what ``parse_many``'s workers send back): every ``Listing``/``Criterion``/``Span``/… the
    page gives, made by its constructor from values already read. No parse that returns these
    records can cost less, so it is the floor under the parse/json.loads ratio.
    """
    from trialparse._transport import pack, unpack

    parse, loads, clock = WARM_PARSE[0], json.loads, time.perf_counter_ns
    text, record = page.text, page.record
    for _ in range(warmup):
        parse(text)
    packed = pack(parse(text))
    parse_times: list[int] = []
    loads_times: list[int] = []
    build_times: list[int] = []
    for _ in range(reps):
        t0 = clock()
        parse(text)
        t1 = clock()
        parse_times.append(t1 - t0)
        t0 = clock()
        unpack(packed)
        t1 = clock()
        build_times.append(t1 - t0)
        if record is not None:
            t0 = clock()
            loads(record)
            t1 = clock()
            loads_times.append(t1 - t0)
    loads_ns = median_ns(loads_times) if loads_times else None
    return PageTiming(page.name, median_ns(parse_times), loads_ns, median_ns(build_times))


def time_corpus(corpus: Sequence[Page], reps: int, warmup: int) -> list[PageTiming]:
    """One untimed pass over the whole corpus, then every page in turn."""
    for page in corpus:
        trialparse.parse(page.text)
        if page.record is not None:
            json.loads(page.record)
    return [time_page(page, reps, warmup) for page in corpus]


@dataclass(frozen=True)
class WarmSummary:
    """The warm-timing figures the report and the targets use."""

    pages: int
    paired: int
    parse_median_ns: float
    loads_median_ns: float
    ratio_of_medians: float
    median_ratio: float
    worst_ratio: float
    worst_page: str
    reference_parse_ns: float | None
    build_median_ns: float
    build_ratio_of_medians: float
    ns_per_kb_median: float  # parse time per KB of page text (UTF-8), median over pages
    slowest_page: str
    slowest_ns: float
    slowest_kb: float


def summarise(timings: Sequence[PageTiming], corpus: Sequence[Page]) -> WarmSummary:
    """Medians over pages; ratios over the pages that have a record."""
    paired = [t for t in timings if t.ratio is not None]
    ratios = [(t.parse_ns / t.loads_ns, t.name) for t in paired if t.loads_ns is not None]
    parse_median = statistics.median(t.parse_ns for t in paired)
    loads_median = statistics.median(t.loads_ns for t in paired if t.loads_ns is not None)
    worst, worst_page = max(ratios)
    reference = next((t.parse_ns for t in timings if t.name == REFERENCE_PAGE.name), None)
    kb = {p.name: len(p.text.encode("utf-8")) / 1024 for p in corpus}
    slowest = max(timings, key=lambda t: t.parse_ns)
    return WarmSummary(
        pages=len(timings),
        paired=len(paired),
        parse_median_ns=parse_median,
        loads_median_ns=loads_median,
        ratio_of_medians=parse_median / loads_median,
        median_ratio=statistics.median(r for r, _ in ratios),
        worst_ratio=worst,
        worst_page=worst_page,
        reference_parse_ns=reference,
        build_median_ns=statistics.median(t.build_ns for t in paired),
        build_ratio_of_medians=statistics.median(t.build_ns for t in paired) / loads_median,
        ns_per_kb_median=statistics.median(t.parse_ns / kb[t.name] for t in timings),
        slowest_page=slowest.name,
        slowest_ns=slowest.parse_ns,
        slowest_kb=kb[slowest.name],
    )


def print_warm(timings: Sequence[PageTiming], summary: WarmSummary, reps: int, slowest: int, title: str) -> None:
    """The warm-timing section: medians, ratios and the slowest pages by ratio."""
    print(f"\n== warm parse vs json.loads, {title} ({summary.pages} pages, median of {reps} runs each)")
    print(f"  median parse over {summary.paired} pages with a record  {us(summary.parse_median_ns)}")
    print(f"  median json.loads of their records             {us(summary.loads_median_ns)}")
    print(f"  ratio of medians                               {summary.ratio_of_medians:8.2f} x")
    print(f"  median of per-page ratios                      {summary.median_ratio:8.2f} x")
    print(f"  worst per-page ratio                           {summary.worst_ratio:8.2f} x  ({summary.worst_page})")
    print(f"  median parse per KB of page                    {us(summary.ns_per_kb_median)}")
    print(f"  slowest page {summary.slowest_page}: {us(summary.slowest_ns)} for {summary.slowest_kb:.1f} KB")
    if summary.reference_parse_ns is not None:
        print(f"  reference page {REFERENCE_PAGE.name} parse   {us(summary.reference_parse_ns)}  (no record: not in the ratios)")
    print(
        f"  floor: the records alone, built from read values {us(summary.build_median_ns)}"
        f"  = {summary.build_ratio_of_medians:.2f} x json.loads (no parse can cost less)"
    )
    ranked = sorted((t for t in timings if t.ratio is not None), key=lambda t: t.ratio or 0.0, reverse=True)
    print(f"  slowest {slowest} pages by ratio:")
    for t in ranked[:slowest]:
        print(f"    {t.name:42} parse {us(t.parse_ns)}  loads {us(t.loads_ns or 0.0)}  {t.ratio or 0.0:6.2f} x")


# --------------------------------------------------------------------------- digest


@dataclass(frozen=True)
class DigestReport:
    """The corpus digest and how it compares with the stored baseline."""

    digest: str
    pages: dict[str, str]
    baseline: str | None
    changed: list[str] = field(default_factory=list)
    workers_digest: str | None = None
    partial: bool = False

    @property
    def unchanged(self) -> bool | None:
        """True when every page matches the baseline; None without a baseline.

        A partial corpus (``--pages``) is compared page by page only.
        """
        if self.baseline is None:
            return None
        return not self.changed and (self.partial or self.digest == self.baseline)


def digest_listings(names: Sequence[str], listings: Iterable[trialparse.Listing]) -> tuple[str, dict[str, str]]:
    """sha256 over every ``to_json()`` + newline, in corpus order, and one sha256 per page."""
    whole = hashlib.sha256()
    per_page: dict[str, str] = {}
    for name, listing in zip(names, listings, strict=True):
        line = (listing.to_json() + "\n").encode("utf-8")
        whole.update(line)
        per_page[name] = hashlib.sha256(line).hexdigest()
    return whole.hexdigest(), per_page


def read_baseline(path: Path) -> tuple[str | None, dict[str, str]]:
    """The stored corpus digest and per-page digests, or (None, {}) when there are none."""
    if not path.exists():
        return None, {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return str(data["digest"]), {str(k): str(v) for k, v in data["pages"].items()}


def write_baseline(path: Path, digest: str, pages: dict[str, str]) -> None:
    """Store the digests; review the diff, since it states what the parser's output is."""
    data = {"digest": digest, "trialparse": trialparse.__version__, "source": source_state(), "pages": pages}
    path.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def check_digest(corpus: Sequence[Page], baseline_path: Path, update: bool, workers: int | None, partial: bool) -> DigestReport:
    """Digest the corpus in process (and through ``parse_many(workers)``), compare with the baseline.

    ``partial``: the corpus is cut short (``--pages``), so only its pages are compared and
    the baseline is never rewritten from it.
    """
    names = [p.name for p in corpus]
    digest, pages = digest_listings(names, (trialparse.parse(p.text) for p in corpus))
    workers_digest = None
    if workers is not None:
        workers_digest, _ = digest_listings(names, trialparse.parse_many((p.text for p in corpus), workers=workers))
    if update and not partial:
        write_baseline(baseline_path, digest, pages)
    baseline, baseline_pages = read_baseline(baseline_path)
    compared = set(pages) if partial else set(pages) | set(baseline_pages)
    changed = sorted(n for n in compared if pages.get(n) != baseline_pages.get(n)) if baseline else []
    return DigestReport(digest, pages, baseline, changed, workers_digest, partial)


def print_digest(report: DigestReport, baseline_path: Path) -> None:
    """The digest line, the comparison with the baseline, the workers=2 cross-check."""
    print("\n== output digest (sha256 of every listing.to_json() + newline, corpus order)")
    print(f"  digest {report.digest}")
    if report.baseline is None:
        print(f"  no baseline at {baseline_path.relative_to(REPO_ROOT)} (write one with --update-digests)")
    elif report.unchanged:
        scope = f"its {len(report.pages)} pages equal" if report.partial else "equals"
        print(f"  unchanged: {scope} the baseline in {baseline_path.relative_to(REPO_ROOT)}")
    else:
        shown = ", ".join(report.changed[:10]) + (" …" if len(report.changed) > 10 else "")
        print(f"  CHANGED vs baseline {report.baseline[:16]}…: {len(report.changed)} pages differ: {shown}")
    if report.workers_digest is not None:
        same = report.workers_digest == report.digest
        print(f"  parse_many(workers=2) gives the same digest: {'yes' if same else 'NO ' + report.workers_digest}")


# --------------------------------------------------------------------------- cold import and first parse


def time_command(argv: Sequence[str], env: dict[str, str]) -> int:
    """Wall time of one child process, nanoseconds."""
    t0 = time.perf_counter_ns()
    subprocess.run(argv, cwd=REPO_ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter_ns() - t0


@dataclass(frozen=True)
class ImportTiming:
    """Cold interpreter start-up with and without ``import trialparse``."""

    bare_ns: float
    with_import_ns: float

    @property
    def import_ns(self) -> float:
        """The difference the target is about."""
        return self.with_import_ns - self.bare_ns


def time_cold_import(runs: int, env: dict[str, str]) -> ImportTiming:
    """``python -c pass`` and ``python -c "import trialparse"`` alternately; one untimed pair first."""
    bare_argv = [sys.executable, "-c", "pass"]
    import_argv = [sys.executable, "-c", "import trialparse"]
    time_command(bare_argv, env)
    time_command(import_argv, env)
    bare: list[int] = []
    with_import: list[int] = []
    for _ in range(runs):
        bare.append(time_command(bare_argv, env))
        with_import.append(time_command(import_argv, env))
    return ImportTiming(median_ns(bare), median_ns(with_import))


@dataclass(frozen=True)
class FirstParse:
    """Medians over fresh processes; ``dateparser_*``: true if any run had it imported."""

    import_ns: float
    first_ns: float
    steady_ns: float
    dateparser_after_import: bool
    dateparser_after_parse: bool

    @property
    def latency_ns(self) -> float:
        """First parse beyond the steady state of the same process."""
        return self.first_ns - self.steady_ns


def time_first_parse(runs: int, reps: int, env: dict[str, str]) -> FirstParse:
    """Run ``FIRST_PARSE_CHILD`` ``runs`` times on the reference page (after one untimed run)."""
    argv = [sys.executable, "-c", FIRST_PARSE_CHILD, str(REFERENCE_PAGE), str(reps)]
    run_child(argv, env)
    rows = [[int(v) for v in run_child(argv, env).split()] for _ in range(runs)]
    return FirstParse(
        import_ns=median_ns([r[0] for r in rows]),
        first_ns=median_ns([r[1] for r in rows]),
        steady_ns=median_ns([r[2] for r in rows]),
        dateparser_after_import=any(r[3] for r in rows),
        dateparser_after_parse=any(r[4] for r in rows),
    )


def print_cold(cold: ImportTiming, runs: int, title: str) -> None:
    """One cold-import table."""
    print(f"\n== cold import, {title}")
    print(f"   (wall time of a fresh interpreter, median of {runs} runs each, alternating)")
    print(f'  python -c "pass"               {ms(cold.bare_ns)}')
    print(f'  python -c "import trialparse"  {ms(cold.with_import_ns)}')
    print(f"  import trialparse costs        {ms(cold.import_ns)}")


def print_first(first: FirstParse, warm_reference_ns: float, fresh: int) -> None:
    """First-parse table."""
    yes_no = {True: "yes", False: "no"}
    print(f"\n== first parse of {REFERENCE_PAGE.name} in a fresh process (median of {fresh} processes, bytecode cached)")
    print(f"  import trialparse, in process   {ms(first.import_ns)}")
    print(f"  first parse()                   {ms(first.first_ns)}")
    print(f"  steady state, same process      {ms(first.steady_ns)}   (warm in the main process: {ms(warm_reference_ns)})")
    print(f"  first-parse latency             {ms(first.latency_ns)}")
    print(
        f"  dateparser imported by import trialparse: {yes_no[first.dateparser_after_import]}; "
        f"by parsing the reference page: {yes_no[first.dateparser_after_parse]}"
    )


def print_startup(results: Results, settings: Settings) -> None:
    """Cold import and first-parse sections, those that ran."""
    if results.cold is not None:
        print_cold(results.cold, settings.import_runs, "bytecode cached in a private PYTHONPYCACHEPREFIX")
    if results.cold_uncached is not None:
        print_cold(
            results.cold_uncached,
            settings.import_runs,
            "environment as is (PYTHONDONTWRITEBYTECODE set: src/ compiled every time)",
        )
    if results.first is not None:
        print_first(results.first, results.warm.reference_parse_ns, settings.fresh_runs)


# --------------------------------------------------------------------------- parse_many throughput


def run_world_throughput(world: Sequence[Page], settings: Settings) -> dict[int, Throughput]:
    """workers=1 and workers=2 on the world corpus cycled, one interleaved round per setting's round."""
    texts = cycle([p.text for p in world], settings.throughput_pages // 4)
    runs: dict[int, list[Throughput]] = {1: [], 2: []}
    for round_ in range(settings.throughput_rounds):
        for workers in (1, 2) if round_ % 2 == 0 else (2, 1):
            progress(f"parse_many throughput, world corpus, round {round_ + 1}, workers={workers}")
            runs[workers].append(measure_throughput(texts, workers))
    chosen = {w: sorted(r, key=lambda t: t.rate)[len(r) // 2] for w, r in runs.items()}
    print(f"\n== parse_many throughput, world corpus ({len(texts)} pages, corpus cycled)")
    for run in chosen.values():
        print(f"  workers={run.workers}  {run.rate:9.0f} pages/s")
    print(f"  workers=2 / workers=1  {chosen[2].rate / chosen[1].rate:.2f} x")
    return chosen


def cycle(texts: Sequence[str], count: int) -> list[str]:
    """``count`` texts, the corpus repeated in order."""
    return [texts[i % len(texts)] for i in range(count)]


@dataclass(frozen=True)
class Throughput:
    """One ``parse_many`` run: pages/s, and CPU seconds spent here and in the workers."""

    workers: int
    pages: int
    seconds: float
    parent_cpu: float
    workers_cpu: float

    @property
    def rate(self) -> float:
        """Pages per second of wall time."""
        return self.pages / self.seconds

    def cpu_bound_rate(self, cpus: int) -> float:
        """Pages/s the CPU time allows on ``cpus`` idle CPUs.

        With workers=1 this process parses alone on one CPU; with more, its ``workers`` pool
        processes get one CPU each and this process, which only coordinates and rebuilds the
        listings, shares the ``cpus`` with them. Other load inflates CPU time a little, wall
        time a lot: this is the steadier figure.
        """
        here, there = self.parent_cpu / self.pages, self.workers_cpu / self.pages
        pool = self.workers if self.workers > 1 else 0
        busiest = max(here, there / max(pool, 1), (here + there) / max(min(cpus, pool + 1), 1))
        return 1 / busiest if busiest else 0.0


def cpu_seconds(who: int) -> float:
    """User + system CPU seconds of ``resource.RUSAGE_SELF`` or ``RUSAGE_CHILDREN`` so far."""
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def measure_throughput(texts: Sequence[str], workers: int) -> Throughput:
    """Consume ``parse_many(texts, workers=workers)``, pool start-up included.

    Worker CPU is counted once the pool has joined its processes (``RUSAGE_CHILDREN``).
    """
    self0, children0 = cpu_seconds(resource.RUSAGE_SELF), cpu_seconds(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter_ns()
    count = sum(1 for _ in trialparse.parse_many(iter(texts), workers=workers))
    seconds = (time.perf_counter_ns() - t0) / 1e9
    return Throughput(
        workers,
        count,
        seconds,
        cpu_seconds(resource.RUSAGE_SELF) - self0,
        cpu_seconds(resource.RUSAGE_CHILDREN) - children0,
    )


def host_scaling(texts: Sequence[str], count: int) -> float:
    """What two processes can gain over one on this machine now, whatever parse_many does.

    ``count`` pages parsed by one forked process, then the same by two forked processes side
    by side (nothing shared, nothing sent back): 2 x the first time over the second. Shared
    caches, turbo and a busy hypervisor all show here; it is the ceiling for workers=2.
    """

    def loop() -> None:
        for i in range(count):
            trialparse.parse(texts[i % len(texts)])

    def run(processes: int) -> float:
        t0 = time.perf_counter()
        pids = []
        for _ in range(processes):
            pid = os.fork()
            if pid == 0:  # pragma: no cover - the child
                try:
                    loop()
                finally:
                    os._exit(0)
            pids.append(pid)
        for pid in pids:
            os.waitpid(pid, 0)
        return time.perf_counter() - t0

    return 2 * run(1) / run(2)


def transport_round_trip_ns(corpus: Sequence[Page]) -> tuple[float, float]:
    """Median over pages of what a worker adds to a page (packing and pickling its listing)
    and what the calling process adds to take it back (unpickling and unpacking it)."""
    import pickle

    from trialparse._transport import pack, unpack

    there: list[int] = []
    back: list[int] = []
    clock = time.perf_counter_ns
    for page in corpus:
        parsed = trialparse.parse(page.text)
        t0 = clock()
        blob = pickle.dumps(pack(parsed), protocol=pickle.HIGHEST_PROTOCOL)
        t1 = clock()
        unpack(pickle.loads(blob))
        t2 = clock()
        there.append(t1 - t0)
        back.append(t2 - t1)
    return median_ns(there), median_ns(back)


def print_throughput(runs: dict[int, Throughput], count: int, pickling: tuple[float, float], ceiling: float | None) -> None:
    """Throughput section, with where the CPU went."""
    print(f"\n== parse_many throughput ({count} pages, corpus cycled; pool start-up included)")
    for run in runs.values():
        per_page = f"CPU per page: here {us(run.parent_cpu / run.pages * 1e9)}, workers {us(run.workers_cpu / run.pages * 1e9)}"
        print(f"  workers={run.workers}  {run.rate:9.0f} pages/s   {per_page}")
    print(f"  workers=2 / workers=1  {runs[2].rate / runs[1].rate:.2f} x")
    cpus = usable_cpus()
    bound = runs[2].cpu_bound_rate(cpus) / runs[1].cpu_bound_rate(cpus)
    print(f"  the same from CPU time alone, on {cpus} idle CPUs: {bound:.2f} x (the best these overheads allow)")
    print(f"  sending a result back (median): pack + dumps {us(pickling[0])}, loads + unpack {us(pickling[1])}")
    if ceiling is not None:
        print(f"  two independent single-process loops on this machine now: {ceiling:.2f} x (the host's ceiling)")


# --------------------------------------------------------------------------- streaming RSS


def memory_kb() -> tuple[int, int]:
    """(current RSS, peak RSS) of this process in kB; peak only where /proc is missing."""
    try:
        status = Path("/proc/self/status").read_text(encoding="ascii")
    except OSError:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        peak = peak // 1024 if sys.platform == "darwin" else peak
        return peak, peak
    fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
    return int(fields["VmRSS"].split()[0]), int(fields["VmHWM"].split()[0])


def distinct_pages(texts: Sequence[str], count: int) -> Iterator[str]:
    """``count`` pages made on the fly, each with its index added at the end of its first line."""
    cuts = [min((i for i in (t.find("\n"), t.find("\r")) if i >= 0), default=len(t)) for t in texts]
    for n in range(count):
        k = n % len(texts)
        text, cut = texts[k], cuts[k]
        yield f"{text[:cut]} #{n}{text[cut:]}"


def rss_child(count: int, baseline_at: int, workers: int, limit: int | None) -> dict[str, Any]:
    """Stream pages through parse_many, sampling memory; the figures as a JSON-able dict."""
    texts = [p.text for p in load_corpus(limit)]
    samples: list[tuple[int, int]] = []
    every = max(count // 10, 1)
    at_baseline = (0, 0)
    t0 = time.perf_counter_ns()
    for n, _ in enumerate(trialparse.parse_many(distinct_pages(texts, count), workers=workers), 1):
        if n == baseline_at:
            at_baseline = memory_kb()
        if n % every == 0:
            samples.append((n, memory_kb()[0]))
    seconds = (time.perf_counter_ns() - t0) / 1e9
    rss, peak = memory_kb()
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss if workers > 1 else 0
    return {
        "pages": count,
        "seconds": seconds,
        "baseline_rss": at_baseline[0],
        "baseline_peak": at_baseline[1],
        "end_rss": rss,
        "peak": peak,
        "samples": samples,
        "children_peak": children,
    }


def measure_rss(settings: Settings) -> dict[str, Any]:
    """Run ``rss_child`` in a fresh interpreter (this script with ``--child-rss``)."""
    argv = [sys.executable, __file__, "--child-rss", "--rss-pages", str(settings.rss_pages)]
    argv += ["--rss-baseline", str(settings.rss_baseline), "--rss-workers", str(settings.rss_workers)]
    if settings.pages is not None:
        argv += ["--pages", str(settings.pages)]
    result: dict[str, Any] = json.loads(run_child(argv).splitlines()[-1])
    return result


def rss_growth_mb(result: dict[str, Any]) -> float:
    """Peak RSS over the whole stream minus RSS after the baseline pages, MB."""
    return (int(result["peak"]) - int(result["baseline_rss"])) / 1024


def print_rss(result: dict[str, Any], baseline_at: int, workers: int) -> None:
    """Streaming-memory section."""
    pages, seconds = int(result["pages"]), float(result["seconds"])
    print(
        f"\n== streaming {pages} pages through parse_many(workers={workers}) in a fresh process ({pages / seconds:.0f} pages/s)"
    )
    print(f"  RSS after the first {baseline_at} pages   {int(result['baseline_rss']) / 1024:7.1f} MB")
    print(f"  peak RSS (VmHWM) at the end       {int(result['peak']) / 1024:7.1f} MB")
    print(f"  RSS at the end                    {int(result['end_rss']) / 1024:7.1f} MB")
    print(f"  growth (peak - RSS at {baseline_at})       {rss_growth_mb(result):7.1f} MB")
    if workers > 1:
        print(f"  largest worker peak (RUSAGE_CHILDREN) {int(result['children_peak']) / 1024:7.1f} MB")
    trail = "  ".join(f"{n / 1000:g}k:{kb / 1024:.1f}" for n, kb in result["samples"])
    print(f"  RSS trail (pages:MB)  {trail}")


# --------------------------------------------------------------------------- profile


def profile_warm(corpus: Sequence[Page], passes: int, top: int) -> str:
    """cProfile over ``passes`` warm passes of parse() over the corpus; top functions by tottime and cumtime."""
    texts = [p.text for p in corpus]
    for text in texts:
        trialparse.parse(text)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(passes):
        for text in texts:
            trialparse.parse(text)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    out.write(tottime_by_module(stats))
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    return out.getvalue()


def tottime_by_module(stats: pstats.Stats) -> str:
    """Own time summed per source file (C functions under ``builtins``), largest first."""
    totals: dict[str, float] = {}
    table: dict[tuple[str, int, str], tuple[int, int, float, float, Any]] = stats.stats  # type: ignore[attr-defined]
    for (filename, _, _), (_, _, tottime, _, _) in table.items():
        if filename == "~":
            key = "builtins (C: regex, str methods, …)"
        elif filename.startswith("<attrs generated"):
            key = "attrs-generated methods (__init__ of the records)"
        else:
            key = Path(filename).name
        totals[key] = totals.get(key, 0.0) + tottime
    whole = sum(totals.values()) or 1.0
    lines = [f"  own time by source file ({whole:.3f} s under the profiler):"]
    lines += [f"    {t / whole:6.1%}  {name}" for name, t in sorted(totals.items(), key=lambda kv: -kv[1])[:10]]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- machine and summary


def cpu_model() -> str:
    """CPU model name from /proc/cpuinfo, else what platform knows."""
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def source_state() -> str:
    """Git HEAD of the repository and whether src/ has uncommitted changes, best effort."""
    try:
        head = run_child(["git", "rev-parse", "--short", "HEAD"]).strip()
        dirty = run_child(["git", "status", "--porcelain", "--", "src"]).strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + (" + uncommitted changes in src/" if dirty else " (clean src/)")


def busy_cpus(interval: float = 0.5) -> float | None:
    """CPUs kept busy by other processes while this one sleeps ``interval`` s (Linux /proc/stat)."""

    def sample() -> tuple[int, int]:
        fields = [int(v) for v in Path("/proc/stat").read_text(encoding="ascii").split("\n", 1)[0].split()[1:9]]
        return sum(fields), fields[3] + fields[4]  # total, idle + iowait

    try:
        total0, idle0 = sample()
        time.sleep(interval)
        total1, idle1 = sample()
    except (OSError, ValueError, IndexError):
        return None
    total = total1 - total0
    return (os.cpu_count() or 1) * (total - (idle1 - idle0)) / total if total else None


def usable_cpus() -> int:
    """CPUs this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def print_machine(busy: float | None) -> None:
    """Platform, CPUs, interpreter, source state and how busy the machine is."""
    usable = usable_cpus()
    print("== machine")
    print(f"  platform  {platform.platform()}")
    print(f"  cpu       {cpu_model()}; {os.cpu_count()} CPUs, {usable} usable by this process")
    print(f"  python    {platform.python_implementation()} {platform.python_version()} ({sys.executable})")
    print(f"  trialparse {trialparse.__version__}, git {source_state()}")
    if busy is not None:
        note = "  <- other processes: timings are pessimistic, workers=2 most of all" if busy >= 0.3 else ""
        print(f"  load      {busy:.1f} CPUs busy with other work just before the run{note}")


@dataclass
class Row:
    """One line of the summary table."""

    target: str
    measured: str
    limit: str
    ok: bool | None


def print_summary(rows: Sequence[Row]) -> None:
    """The PASS/FAIL table; a row without a verdict says ``info``."""
    width = max(len(r.target) for r in rows)
    print("\n== summary")
    print(f"  {'target':{width}}  {'measured':>22}  {'limit':>12}  result")
    for r in rows:
        result = "info" if r.ok is None else verdict(r.ok)
        print(f"  {r.target:{width}}  {r.measured:>22}  {r.limit:>12}  {result}")


@dataclass
class Results:
    """Everything one run measured; a section that was skipped stays None."""

    warm: WarmSummary
    busy_before: float | None
    world: WarmSummary | None = None
    world_throughput: dict[int, Throughput] | None = None
    digest: DigestReport | None = None
    cold: ImportTiming | None = None
    cold_uncached: ImportTiming | None = None
    first: FirstParse | None = None
    throughput: dict[int, Throughput] | None = None
    host_scaling: float | None = None
    rss: dict[str, Any] | None = None
    busy_after: float | None = None


def ratio_rows(warm: WarmSummary, corpus: str) -> list[Row]:
    """The parse/json.loads targets: both the ratio of medians and the median ratio must pass."""
    gate = max(warm.ratio_of_medians, warm.median_ratio)
    return [
        Row(
            f"{corpus}: median parse; per KB of page",
            f"{warm.parse_median_ns / 1e3:.0f} µs; {warm.ns_per_kb_median / 1e3:.0f} µs",
            "",
            None,
        ),
        Row(f"  slowest page ({warm.slowest_page})", f"{warm.slowest_ns / 1e6:.1f} ms", "", None),
        Row(
            "  parse / json.loads (of medians; median ratio)",
            f"{warm.ratio_of_medians:.2f}x; {warm.median_ratio:.2f}x",
            f"<= {RATIO_TARGET}x",
            gate <= RATIO_TARGET,
        ),
        Row("  stretch", f"{gate:.2f}x", f"<= {RATIO_STRETCH}x", gate <= RATIO_STRETCH),
        Row("  floor: building the records alone", f"{warm.build_ratio_of_medians:.2f}x", "", None),
        Row(
            "  worst page / its json.loads",
            f"{warm.worst_ratio:.2f}x",
            f"<= {WORST_RATIO_TARGET:.0f}x",
            warm.worst_ratio <= WORST_RATIO_TARGET,
        ),
    ]


def startup_rows(results: Results) -> list[Row]:
    """Cold import and first-parse targets."""
    rows = []
    if results.cold is not None:
        cost = results.cold.import_ns
        rows.append(
            Row(
                "import trialparse over bare interpreter",
                ms(cost),
                f"<= {IMPORT_TARGET_MS:.0f} ms",
                cost / 1e6 <= IMPORT_TARGET_MS,
            )
        )
    if results.cold_uncached is not None:
        rows.append(Row("  same, no bytecode cache (env as is)", ms(results.cold_uncached.import_ns), "", None))
    if results.first is not None:
        latency = results.first.latency_ns
        rows.append(
            Row(
                "first parse beyond steady state",
                ms(latency),
                f"<= {FIRST_PARSE_TARGET_MS:.0f} ms",
                latency / 1e6 <= FIRST_PARSE_TARGET_MS,
            )
        )
    return rows


def scale_rows(results: Results) -> list[Row]:
    """Throughput, memory and machine-load rows."""
    rows = []
    cpus = usable_cpus()
    if results.throughput is not None:
        runs = results.throughput
        scaling = runs[2].rate / runs[1].rate
        bound = runs[2].cpu_bound_rate(cpus) / runs[1].cpu_bound_rate(cpus)
        rows.append(
            Row("parse_many workers=2 / workers=1", f"{scaling:.2f}x", f">= {SCALING_TARGET}x", scaling >= SCALING_TARGET)
        )
        rows.append(Row(f"  the same from CPU time, {cpus} idle CPUs", f"{bound:.2f}x", f">= {SCALING_TARGET}x", None))
        if results.host_scaling is not None:
            rows.append(Row("  two independent loops (host ceiling)", f"{results.host_scaling:.2f}x", "", None))
    if results.world_throughput is not None:
        runs = results.world_throughput
        bound = runs[2].cpu_bound_rate(cpus) / runs[1].cpu_bound_rate(cpus)
        rows.append(Row("  world corpus: workers=2 / workers=1", f"{runs[2].rate / runs[1].rate:.2f}x", "", None))
        rows.append(Row("  world corpus: the same from CPU time", f"{bound:.2f}x", "", None))
    if results.rss is not None:
        growth = rss_growth_mb(results.rss)
        rows.append(
            Row(
                f"peak RSS growth over {results.rss['pages']} pages",
                f"{growth:.1f} MB",
                f"<= {RSS_GROWTH_TARGET_MB:.0f} MB",
                growth <= RSS_GROWTH_TARGET_MB,
            )
        )
    loads = [f"{b:.1f}" if b is not None else "?" for b in (results.busy_before, results.busy_after)]
    rows.append(Row("CPUs busy with other work (start; end)", "; ".join(loads), "~0", None))
    return rows


def digest_rows(digest: DigestReport | None) -> list[Row]:
    """Output unchanged against the baseline, and the same through the worker processes."""
    if digest is None:
        return []
    rows = [Row("output digest vs baseline", digest.digest[:16], "unchanged", digest.unchanged)]
    if digest.workers_digest is not None:
        rows.append(
            Row("parse_many(workers=2) output", digest.workers_digest[:16], "same digest", digest.workers_digest == digest.digest)
        )
    return rows


def summary_rows(results: Results) -> list[Row]:
    """Every target that was measured in this run."""
    rows = ratio_rows(results.warm, "fixtures")
    if results.world is not None:
        rows += ratio_rows(results.world, "world")
    return rows + startup_rows(results) + scale_rows(results) + digest_rows(results.digest)


# --------------------------------------------------------------------------- command line


@dataclass(frozen=True)
class Settings:
    """Resolved options: ``--quick`` presets, overridden by explicit values."""

    pages: int | None
    reps: int
    warmup: int
    import_runs: int
    fresh_runs: int
    throughput_pages: int
    throughput_rounds: int
    rss_pages: int
    rss_baseline: int
    rss_workers: int
    skip: frozenset[str]


FULL: Final = {
    "reps": 50,
    "warmup": 3,
    "import_runs": 10,
    "fresh_runs": 5,
    "throughput_pages": 20_000,
    "throughput_rounds": 3,
    "rss_pages": 200_000,
    "rss_baseline": 1_000,
}
QUICK: Final = {
    "reps": 5,
    "warmup": 1,
    "import_runs": 3,
    "fresh_runs": 1,
    "throughput_pages": 1_000,
    "throughput_rounds": 1,
    "rss_pages": 3_000,
    "rss_baseline": 1_000,
}


def parse_args(argv: Sequence[str] | None) -> tuple[Settings, argparse.Namespace]:
    """Options; anything not given takes its ``--quick`` or full-run default."""
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="shrink everything for a smoke run (< 20 s)")
    ap.add_argument(
        "--no-constraints",
        action="store_true",
        help="time parse(..., constraints=False) in the warm comparison (the other sections use the default)",
    )
    ap.add_argument("--pages", type=int, help="use only the first N fixture pages (plus the reference page)")
    ap.add_argument("--reps", type=int, help="timed runs per page (full 50, quick 5)")
    ap.add_argument("--warmup", type=int, help="untimed parses per page before timing (full 3)")
    ap.add_argument("--import-runs", type=int, help="fresh interpreters per side for the cold import (full 10)")
    ap.add_argument("--fresh-runs", type=int, help="fresh processes for the first-parse latency (full 5)")
    ap.add_argument("--throughput-pages", type=int, help="pages for the parse_many throughput (full 20000)")
    ap.add_argument(
        "--throughput-rounds", type=int, help="workers=1 and workers=2 runs each, interleaved; the median is kept (full 3)"
    )
    ap.add_argument("--rss-pages", type=int, help="pages streamed for the peak RSS (full 200000)")
    ap.add_argument("--rss-baseline", type=int, help="RSS is compared with the RSS after this many pages (1000)")
    ap.add_argument("--rss-workers", type=int, default=1, help="workers for the streaming RSS run (default 1: in process)")
    ap.add_argument("--skip", default="", help=f"comma-separated sections to skip: {','.join(SECTIONS)}")
    ap.add_argument("--slowest", type=int, default=5, help="list this many pages with the worst ratio")
    ap.add_argument("--profile", type=int, metavar="N", help="also cProfile the warm parse loop; print the top N functions")
    ap.add_argument("--update-digests", action="store_true", help=f"rewrite {DIGESTS.relative_to(REPO_ROOT)} from this run")
    ap.add_argument("--child-rss", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    skip = frozenset(s.strip() for s in args.skip.split(",") if s.strip())
    if skip - set(SECTIONS):
        ap.error(f"--skip takes {', '.join(SECTIONS)}; got {', '.join(sorted(skip - set(SECTIONS)))}")
    preset = QUICK if args.quick else FULL
    values = {k: getattr(args, k) if getattr(args, k) is not None else v for k, v in preset.items()}
    too_small = [k for k, v in values.items() if v < (0 if k == "warmup" else 1)]
    if too_small or (args.pages is not None and args.pages < 1):
        ap.error(f"these must be at least 1 (--warmup at least 0): {', '.join(too_small) or 'pages'}")
    return Settings(pages=args.pages, rss_workers=args.rss_workers, skip=skip, **values), args


def run_startup(results: Results, settings: Settings) -> None:
    """Cold import (with a private bytecode cache, and as the environment is if it forbids one) and first parse."""
    with tempfile.TemporaryDirectory(prefix="trialparse-bench-pycache-") as pycache:
        env = child_env(Path(pycache))
        if "import" not in settings.skip:
            progress("cold import")
            results.cold = time_cold_import(settings.import_runs, env)
            if os.environ.get("PYTHONDONTWRITEBYTECODE"):
                results.cold_uncached = time_cold_import(settings.import_runs, child_env(None))
        if "first" not in settings.skip:
            progress("first parse")
            results.first = time_first_parse(settings.fresh_runs, settings.reps, env)
    print_startup(results, settings)


def run_throughput(results: Results, corpus: Sequence[Page], settings: Settings) -> None:
    """parse_many with workers=1 and workers=2 on the cycled corpus, in interleaved rounds.

    This host's single-core speed drifts by up to a third between runs a few seconds apart;
    one workers=1 run then one workers=2 run compares two different machines. Rounds run
    1, 2 / 2, 1 / 1, 2 …, and each side keeps its median run.
    """
    texts = cycle([p.text for p in corpus], settings.throughput_pages)
    runs: dict[int, list[Throughput]] = {1: [], 2: []}
    for round_ in range(settings.throughput_rounds):
        for workers in (1, 2) if round_ % 2 == 0 else (2, 1):
            progress(f"parse_many throughput, round {round_ + 1}, workers={workers}")
            runs[workers].append(measure_throughput(texts, workers))
    results.throughput = {w: sorted(r, key=lambda t: t.rate)[len(r) // 2] for w, r in runs.items()}
    if hasattr(os, "fork"):
        progress("two independent parse loops (the host's ceiling for workers=2)")
        # each process parses half the pages: as long a run as workers=2's (a VM's sustained
        # two-core speed can be lower than a short burst's)
        results.host_scaling = host_scaling(texts, max(len(texts) // 2, 1))
    print_throughput(results.throughput, settings.throughput_pages, transport_round_trip_ns(corpus), results.host_scaling)
    if settings.throughput_rounds > 1:
        rounds = ", ".join(f"{b.rate / a.rate:.2f}" for a, b in zip(runs[1], runs[2], strict=True))
        print(f"  workers=2 / workers=1 in each round: {rounds} (the figures above: each side's median run)")


def main(argv: Sequence[str] | None = None) -> int:
    """Run every section not skipped, print the report and the summary table."""
    settings, args = parse_args(argv)
    if args.child_rss:
        print(json.dumps(rss_child(settings.rss_pages, settings.rss_baseline, settings.rss_workers, settings.pages)))
        return 0
    busy = busy_cpus()
    print_machine(busy)
    corpus = load_corpus(settings.pages)
    if args.no_constraints:
        WARM_PARSE[0] = functools.partial(trialparse.parse, constraints=False)
        WARM_CONSTRAINTS[0] = False
        print("  warm comparison: parse(..., constraints=False)")

    progress(f"timing {len(corpus)} pages, {settings.reps} runs each")
    timings = time_corpus(corpus, settings.reps, settings.warmup)
    results = Results(summarise(timings, corpus), busy)
    print_warm(timings, results.warm, settings.reps, args.slowest, "fixture pages (herniated disc trials)")
    print(f"  dateparser imported while parsing the corpus: {'yes' if 'dateparser' in sys.modules else 'no'}")
    world = load_world(settings.pages) if "world" not in settings.skip else []
    if world:
        progress(f"timing {len(world)} world pages, {settings.reps} runs each")
        world_timings = time_corpus(world, settings.reps, settings.warmup)
        results.world = summarise(world_timings, world)
        print_warm(world_timings, results.world, settings.reps, args.slowest, "world corpus (benchmarks/data/world)")

    if "digest" not in settings.skip:
        progress("digest")
        results.digest = check_digest(corpus, DIGESTS, args.update_digests, 2, partial=settings.pages is not None)
        print_digest(results.digest, DIGESTS)
    run_startup(results, settings)
    if "throughput" not in settings.skip:
        run_throughput(results, corpus, settings)
        if world:
            results.world_throughput = run_world_throughput(world, settings)
    if "rss" not in settings.skip:
        progress(f"streaming {settings.rss_pages} pages for the peak RSS")
        results.rss = measure_rss(settings)
        print_rss(results.rss, settings.rss_baseline, settings.rss_workers)
    if args.profile:
        progress("profile")
        print(f"\n== cProfile of the warm parse loop (3 passes over {len(corpus)} pages)")
        print(profile_warm(corpus, 3, args.profile))

    results.busy_after = busy_cpus()
    print_summary(summary_rows(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
