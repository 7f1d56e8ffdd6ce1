"""Guarantee 7: bounded memory when streaming. ``parse_many`` over a generator pulls pages
as it goes and keeps peak memory flat, in process and with workers.

The memory runs happen in a fresh interpreter (peak RSS of this one says nothing after the
hostile suite). CI runs 20 000 pages (10 000 with workers); ``TRIALPARSE_SLOW=1`` runs the
200 000 pages of issue 4.
"""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator

import pytest

from tests._reliability import slow
from tests.conftest import ROOT
from trialparse import parse, parse_many

PAGE = (
    "Study {i} of pain\n\nPHASE2 · Acme · NCT{i:08d}\n\nQuick facts\n\nPhasePHASE2\nEnrollment{i} (estimated)\n"
    "Ages18 Years to 75 Years\nSexAll\nTrial IDNCT{i:08d} on ClinicalTrials.gov\n\nEligibility criteria\n\n"
    "Inclusion Criteria:\n* adults {i}\n* consent\n\nExclusion Criteria:\n* pregnancy\n  1. confirmed\n\n"
    "Conditions: Pain {i}\n\nLast reviewed 2026-05-15\n"
)


def pages(n: int) -> Iterator[str]:
    return (PAGE.format(i=i) for i in range(n))


class CountingPages:
    """An iterator of pages that records how many were pulled."""

    def __init__(self, n: int) -> None:
        self.pulled = 0
        self._it = pages(n)

    def __iter__(self) -> CountingPages:
        return self

    def __next__(self) -> str:
        page = next(self._it)
        self.pulled += 1
        return page


def test_parse_many_in_process_pulls_one_page_per_result() -> None:
    source = CountingPages(10_000)
    results = parse_many(source)
    first = next(results)
    assert first == parse(PAGE.format(i=0))
    assert source.pulled == 1
    for _ in itertools.islice(results, 99):
        pass
    assert source.pulled == 100


def test_parse_many_with_workers_keeps_a_bounded_number_of_pages_in_flight() -> None:
    source = CountingPages(100_000)
    results = parse_many(source, workers=2)
    next(results)
    # at most 8 x workers chunks of 16 pages in flight, plus the chunk being filled
    assert source.pulled <= 8 * 2 * 16 + 16
    for _ in itertools.islice(results, 2_000):
        pass
    assert source.pulled <= 2_001 + 8 * 2 * 16 + 16
    getattr(results, "close", lambda: None)()  # a generator: stop the pool now


def _failing_input(good: int, error: Exception) -> Iterator[object]:
    yield from pages(good)
    raise error


@pytest.mark.parametrize("workers", [1, 2, 3])
@pytest.mark.parametrize("good", [0, 3, 40, 300])
def test_an_input_that_fails_gets_every_page_before_the_failure_parsed_first(workers: int, good: int) -> None:
    # as parse(t) for t in texts would: the pages read before the input's error come out,
    # then the error (with workers, the read-ahead pages were lost)
    got: list[object] = []
    with pytest.raises(OSError, match="input broke"):
        got.extend(parse_many(_failing_input(good, OSError("input broke")), workers=workers))  # type: ignore[arg-type]
    assert got == [parse(t) for t in pages(good)]


@pytest.mark.parametrize("workers", [1, 2])
def test_a_non_string_in_the_input_comes_after_the_pages_before_it(workers: int) -> None:
    texts: list[object] = [*pages(40), b"bytes", *pages(5)]
    got: list[object] = []
    with pytest.raises(TypeError):
        got.extend(parse_many(texts, workers=workers))  # type: ignore[arg-type]
    assert got == [parse(t) for t in pages(40)]


def test_with_slow_input_the_first_result_comes_before_the_read_ahead_window_is_full() -> None:
    # 8 x workers chunks may be read ahead; with input that arrives slowly, a result that is
    # ready is given out first (review: 256 pages at 5 ms each were read before the first)
    source = CountingPages(10_000)

    def slowly() -> Iterator[str]:
        for page in source:
            time.sleep(0.003)
            yield page

    results = parse_many(slowly(), workers=2)
    next(results)
    assert source.pulled < 8 * 2 * 16
    getattr(results, "close", lambda: None)()


MEMORY_SCRIPT = textwrap.dedent(
    """
    import json, resource, sys
    import trialparse
    n, workers, warm = int(sys.argv[1]), int(sys.argv[2]) or None, int(sys.argv[3])
    page = sys.stdin.read()
    def rss_mb():
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    results = trialparse.parse_many((page.format(i=i) for i in range(n)), workers=workers)
    count = 0
    for listing in results:
        count += 1
        if count == warm:
            after_warm_up = rss_mb()
    print(json.dumps({"count": count, "after_warm_up": after_warm_up, "peak": rss_mb()}))
    """
)


def peak_growth(n: int, workers: int, warm: int = 1_000) -> tuple[int, float, float]:
    done = subprocess.run(
        [sys.executable, "-c", MEMORY_SCRIPT, str(n), str(workers), str(warm)],
        input=PAGE,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout)
    return result["count"], result["after_warm_up"], result["peak"]


@pytest.mark.parametrize(("n", "workers"), [(20_000, 0), (6_000, 2)], ids=["in-process", "two-workers"])
def test_streaming_keeps_peak_memory_flat(n: int, workers: int) -> None:
    count, after_warm_up, peak = peak_growth(n, workers)
    assert count == n
    # holding every result would take well over 100 MB here; flat means a few MB of noise
    assert peak - after_warm_up < 16, (
        f"peak RSS grew {peak - after_warm_up:.1f} MB after the warm-up ({after_warm_up:.0f} -> {peak:.0f} MB)"
    )


@slow
@pytest.mark.parametrize("workers", [0, 2], ids=["in-process", "two-workers"])
def test_streaming_200000_pages_keeps_peak_memory_flat(workers: int) -> None:
    count, after_warm_up, peak = peak_growth(200_000, workers)
    assert count == 200_000
    assert peak - after_warm_up < 16, f"peak RSS grew {peak - after_warm_up:.1f} MB ({after_warm_up:.0f} -> {peak:.0f} MB)"
