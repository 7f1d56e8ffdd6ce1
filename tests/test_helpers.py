"""``parse_many(workers=N)``'s helper processes (``_helpers``): order, errors in order, a helper
that dies, early close, and the ``Pool`` path kept for platforms without non-blocking pipes.

Each case that could hang runs in a subprocess with a timeout, so a regression fails instead
of stalling the suite.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from tests.conftest import FIXTURES, ROOT, read_page
from trialparse import ListingError, parse, parse_many
from trialparse.pipeline import _LocalChunk, _parse_pooled

PAGES = [read_page(p) for p in sorted((FIXTURES / "pages").glob("*.txt"))]
BROKEN = "Quick facts\n\nPhasebanana\n"  # an ERROR issue: strict mode raises on it


def _run(script: str, timeout: int = 120) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            [sys.executable, "-c", textwrap.dedent(script)],
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=ROOT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("parse_many with workers did not return in time (a hang)")


def test_three_workers_give_what_parse_gives_in_order() -> None:
    texts = PAGES * 3
    assert list(parse_many(iter(texts), workers=3)) == [parse(t) for t in texts]


def test_a_strict_error_comes_after_every_page_before_it() -> None:
    # the failing page lands in the middle of a chunk that a helper or this process parses
    for extra in (5, 40, 100, 130):
        at = len(PAGES) + extra
        texts = PAGES + PAGES[:extra] + [BROKEN] + PAGES[:20]
        got: list[object] = []
        results = parse_many(iter(texts), workers=2, strict=True)
        with pytest.raises(ListingError):
            got.extend(results)
        assert got == [parse(t) for t in texts[:at]], at


@pytest.mark.parametrize("ahead", [False, True])
def test_a_local_chunk_gives_its_pages_in_order_then_its_strict_error(ahead: bool) -> None:
    # parse_many parses a chunk of its own at its turn (each page yielded as read, nothing
    # kept) or, while a helper's earlier chunk is unanswered, ahead (the listings wait)
    texts = [*PAGES[:3], BROKEN, PAGES[3]]
    chunk = _LocalChunk(texts, True, True)
    if ahead:
        chunk.parse()
    got: list[object] = []

    def consume() -> None:
        for listing in chunk.drain():
            got.append(listing)
            if not ahead:
                assert chunk.results is None

    with pytest.raises(ListingError):
        consume()
    assert got == [parse(t) for t in texts[:3]]
    assert chunk.results == (got if ahead else None)


def test_a_helper_that_dies_is_an_error_not_a_hang() -> None:
    done = _run(
        """
        import os, trialparse, trialparse._helpers as h
        h.helper_main = lambda *args: os._exit(3)  # every helper dies before answering
        pages = ["Quick facts\\n\\nPhasePHASE1\\n"] * 200
        try:
            list(trialparse.parse_many(pages, workers=2))
        except RuntimeError as err:
            print("raised:", err)
        """
    )
    assert "raised: a trialparse helper process ended without answering (exit code 3)" in done.stdout, done.stderr


def test_a_helper_that_dies_while_big_pages_are_sent_is_a_runtime_error() -> None:
    # the caller's write then meets a broken pipe before any read: still the same RuntimeError
    done = _run(
        """
        import os, trialparse, trialparse._helpers as h
        h.helper_main = lambda *args: os._exit(3)
        pages = ["Quick facts\\n\\nPhasePHASE1\\n" + "x" * 200_000] * 40
        try:
            list(trialparse.parse_many(pages, workers=2))
        except RuntimeError as err:
            print("raised:", err)
        """
    )
    assert "raised: a trialparse helper process ended without answering (exit code 3)" in done.stdout, done.stderr


def test_a_helper_that_fails_reports_its_traceback() -> None:
    done = _run(
        """
        import os, trialparse, trialparse.pipeline as p
        caller, real = os.getpid(), p._parse
        def failing(text, *args):
            if os.getpid() != caller and "boom" in text:
                raise ValueError("a bug in a stage")
            return real(text, *args)
        p._parse = failing
        try:
            list(trialparse.parse_many(["Quick facts\\n\\nPhasePHASE1 boom\\n"] * 100, workers=2))
        except RuntimeError as err:
            print("raised:", str(err).splitlines()[0], "|", "ValueError: a bug in a stage" in str(err))
        """
    )
    assert "raised: a trialparse helper process failed: | True" in done.stdout, done.stderr


def _gone(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] == "Z"  # a zombie has exited
    except FileNotFoundError:
        return True


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="reads /proc")
def test_helpers_of_a_killed_caller_exit_on_their_own() -> None:
    # fork: each helper closes the caller's pipe ends it inherited, so the caller's death
    # leaves it an end of file (or a broken pipe) instead of a wait forever
    script = textwrap.dedent(
        """
        import multiprocessing, time, trialparse
        pages = ("Quick facts\\n\\nPhasePHASE1\\nEnrollment%d\\n" % i for i in range(10_000_000))
        for n, _ in enumerate(trialparse.parse_many(pages, workers=3)):
            if n == 300:
                print(*[p.pid for p in multiprocessing.active_children()], flush=True)
                time.sleep(60)  # killed while the helpers have work queued
        """
    )
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    assert child.stdout is not None
    helpers = [int(pid) for pid in child.stdout.readline().split()]
    assert len(helpers) == 2
    child.kill()
    child.wait()
    deadline = time.monotonic() + 20
    while not all(_gone(pid) for pid in helpers) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [pid for pid in helpers if not _gone(pid)]
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert left == []


def test_a_process_with_many_open_files_can_use_workers() -> None:
    done = _run(
        """
        import os, resource, trialparse
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        if soft < 1400 and (hard == resource.RLIM_INFINITY or hard >= 1400):
            resource.setrlimit(resource.RLIMIT_NOFILE, (1400, hard))
        held = [os.open(os.devnull, os.O_RDONLY) for _ in range(1100)]  # fds above select()'s 1,024
        pages = ["Quick facts\\n\\nPhasePHASE1\\nEnrollment%d\\n" % i for i in range(1500)]
        print(len(list(trialparse.parse_many(pages, workers=2))))
        """
    )
    assert done.stdout.split() == ["1500"], done.stderr


def test_closing_part_way_stops_every_helper() -> None:
    done = _run(
        """
        import multiprocessing, time, trialparse
        pages = ("Quick facts\\n\\nPhasePHASE1\\nEnrollment%d\\n" % i for i in range(100_000))
        results = trialparse.parse_many(pages, workers=3)
        for _ in range(500):
            next(results)
        t = time.perf_counter()
        results.close()
        print("closed in", round(time.perf_counter() - t, 1), "s; children left:", len(multiprocessing.active_children()))
        """
    )
    assert "children left: 0" in done.stdout, done.stderr
    assert float(done.stdout.split("closed in ")[1].split(" s")[0]) < 5


def test_a_finished_run_leaves_no_process_behind() -> None:
    done = _run(
        """
        import multiprocessing, trialparse
        n = sum(1 for _ in trialparse.parse_many(["Quick facts\\n\\nPhasePHASE1\\n"] * 300, workers=2))
        print(n, len(multiprocessing.active_children()))
        """
    )
    assert done.stdout.split() == ["300", "0"], done.stderr


def test_the_pool_path_for_other_platforms_gives_what_parse_gives() -> None:
    texts = PAGES[:60] * 2
    assert list(_parse_pooled(iter(texts), 2, False, True)) == [parse(t) for t in texts]


def test_the_pool_path_keeps_the_pages_before_a_strict_error() -> None:
    # a pool helper's chunk that stops on a strict error still sends the pages before it
    # (found by review: 32 of 40 pages came back before the error)
    for extra in (5, 40, 100, 130):
        at = len(PAGES) + extra
        texts = PAGES + PAGES[:extra] + [BROKEN] + PAGES[:20]
        got: list[object] = []
        with pytest.raises(ListingError):
            got.extend(_parse_pooled(iter(texts), 2, True, True))
        assert got == [parse(t) for t in texts[:at]], at


class _FakePool:
    def __init__(self) -> None:
        self.calls: list[str] = []

    def close(self) -> None:
        self.calls.append("close")

    def join(self) -> None:
        self.calls.append("join")

    def terminate(self) -> None:
        self.calls.append("terminate")


class _FakeResult:
    def __init__(self, done: bool) -> None:
        self.done = done

    def wait(self, timeout: float | None = None) -> None:
        pass

    def ready(self) -> bool:
        return self.done


@pytest.mark.parametrize(
    ("done", "interrupted", "expected"),
    [
        ((True, True), False, ["close", "join"]),  # finished or stopped by a strict error: no terminate()
        ((), False, ["close", "join"]),
        ((True, False), False, ["terminate", "join"]),  # a chunk that does not finish in the grace time
        ((True, True), True, ["terminate", "join"]),  # Ctrl-C: at once
    ],
)
def test_the_pool_is_closed_not_terminated_unless_it_must_be(
    monkeypatch: pytest.MonkeyPatch, done: tuple[bool, ...], interrupted: bool, expected: list[str]
) -> None:
    # Pool.terminate() can deadlock (a worker killed holding the result queue's lock): the
    # review's loop of strict errors hung within a minute when leaving `with Pool()` did it
    from trialparse import pipeline

    monkeypatch.setattr(pipeline, "_POOL_GRACE", 0.01)
    pool = _FakePool()
    pipeline._stop_pool(pool, [_FakeResult(d) for d in done], interrupted)  # type: ignore[arg-type]
    assert pool.calls == expected


def test_the_pool_path_survives_strict_errors_in_a_loop() -> None:
    done = _run(
        """
        from tests.conftest import FIXTURES, read_page
        from trialparse import ListingError
        from trialparse.pipeline import _parse_pooled

        page = read_page(FIXTURES / "NCT06115902.txt")
        for _ in range(6):
            for pos in (0, 16, 40, 100):
                texts = [page] * 200
                texts[pos] = "Quick facts\\n\\nPhasebanana\\n"
                try:
                    for _listing in _parse_pooled(iter(texts), 3, True, True):
                        pass
                except ListingError:
                    pass
        print("ok")
        """,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "ok"


def test_ctrl_c_in_the_caller_stops_the_helpers() -> None:
    script = textwrap.dedent(
        """
        import multiprocessing, sys, trialparse
        pages = ("Quick facts\\n\\nPhasePHASE1\\nEnrollment%d\\n" % i for i in range(10_000_000))
        for n, _ in enumerate(trialparse.parse_many(pages, workers=3)):
            if n == 300:
                print(*[p.pid for p in multiprocessing.active_children()], flush=True)
        """
    )
    # its own process group, signalled as a terminal would: the caller and its helpers alike
    argv = [sys.executable, "-c", script]
    child = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, start_new_session=True)
    assert child.stdout is not None
    helpers = [int(pid) for pid in child.stdout.readline().split()]
    assert len(helpers) == 2
    os.killpg(child.pid, signal.SIGINT)
    try:
        _, err = child.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        child.kill()
        pytest.fail("parse_many did not stop on Ctrl-C")
    assert "KeyboardInterrupt" in err
    assert err.count("Traceback") == 1, err  # the caller's only: helpers ignore SIGINT
    for pid in helpers:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


@pytest.mark.skipif(not hasattr(__import__("fcntl"), "F_GETPIPE_SZ"), reason="pipe sizes are Linux's")
def test_pipes_hold_a_queue_of_chunks_and_a_chunks_results() -> None:
    """At the default 64 KB a helper waited for the rest of its next chunk and blocked writing
    its results until the caller's next pump (idle ~17 % of the time, measured)."""
    import fcntl
    import multiprocessing

    from trialparse._helpers import Helper

    helper = Helper(multiprocessing.get_context())
    try:
        helper.start(False, True, [])
        assert helper.wide  # so parse_many moves bytes once per chunk, not after every page
        for fd in (helper.task_fd, helper.result_fd):
            assert fcntl.fcntl(fd, fcntl.F_GETPIPE_SZ) >= 1 << 18
    finally:
        helper.close()


def test_a_pipe_that_cannot_grow_stays_as_it_is(monkeypatch: pytest.MonkeyPatch) -> None:
    import fcntl

    from trialparse import _helpers

    def refuse(fd: int, cmd: int, arg: int = 0) -> int:
        raise PermissionError("over the user's pipe limit")

    monkeypatch.setattr(fcntl, "fcntl", refuse)
    read_end, write_end = os.pipe()
    try:
        assert not _helpers._widen(write_end)  # no error: the pipe keeps its size
    finally:
        os.close(read_end)
        os.close(write_end)
    # then parse_many pumps after every page of its own (narrow pipes): same results
    texts = PAGES * 2
    assert list(parse_many(iter(texts), workers=2)) == [parse(t) for t in texts]
