"""``parse_many(workers=N)``: a pool of N processes, the caller coordinating: order, strict errors in
order, input failures, a worker that dies or fails, early close, Ctrl-C, no process left behind.

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
from trialparse import ListingError, batch, parse, parse_many

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
    # the failing page lands at the start, the middle and the end of a chunk, early and late
    for extra in (0, 5, 15, 40, 100, 130):
        at = len(PAGES) + extra
        texts = PAGES + PAGES[:extra] + [BROKEN] + PAGES[:20]
        got: list[object] = []
        results = parse_many(iter(texts), workers=2, strict=True)
        with pytest.raises(ListingError):
            got.extend(results)
        assert got == [parse(t) for t in texts[:at]], at


def test_an_input_that_raises_comes_after_the_pages_before_it() -> None:
    def failing() -> object:
        yield from PAGES[:40]
        raise OSError("input broke")

    got: list[object] = []
    with pytest.raises(OSError, match="input broke"):
        got.extend(parse_many(failing(), workers=2))  # type: ignore[arg-type]
    assert got == [parse(t) for t in PAGES[:40]]


def test_a_worker_that_dies_is_a_runtime_error_not_a_hang() -> None:
    done = _run(
        """
        import os, trialparse, trialparse.batch as b
        caller = os.getpid()
        real = b.parse
        def dying(text, **kwargs):
            if os.getpid() != caller:
                os._exit(3)  # a worker killed part way (out of memory, a signal)
            return real(text, **kwargs)
        b.parse = dying
        try:
            list(trialparse.parse_many(["Quick facts\\n\\nPhasePHASE1\\n"] * 200, workers=2))
        except RuntimeError as err:
            print("raised:", err)
        """
    )
    assert "raised: a trialparse worker process ended without answering" in done.stdout, done.stderr


def test_a_worker_that_fails_raises_its_error_with_the_workers_traceback() -> None:
    done = _run(
        """
        import os, trialparse, trialparse.batch as b
        caller, real = os.getpid(), b.parse
        def failing(text, **kwargs):
            if os.getpid() != caller and "boom" in text:
                raise ValueError("a bug in a stage")
            return real(text, **kwargs)
        b.parse = failing
        try:
            list(trialparse.parse_many(["Quick facts\\n\\nPhasePHASE1 boom\\n"] * 100, workers=2))
        except ValueError as err:
            print("raised:", err, "|", "in failing" in str(err.__cause__))
        """
    )
    assert "raised: a bug in a stage | True" in done.stdout, done.stderr


def _gone(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] == "Z"  # a zombie has exited
    except FileNotFoundError:
        return True


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="reads /proc")
def test_workers_of_a_killed_caller_exit_on_their_own() -> None:
    script = textwrap.dedent(
        """
        import multiprocessing, time, trialparse
        pages = ("Quick facts\\n\\nPhasePHASE1\\nEnrollment%d\\n" % i for i in range(10_000_000))
        for n, _ in enumerate(trialparse.parse_many(pages, workers=3)):
            if n == 300:
                print(*[p.pid for p in multiprocessing.active_children()], flush=True)
                time.sleep(60)  # killed while the workers have work queued
        """
    )
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    assert child.stdout is not None
    workers = [int(pid) for pid in child.stdout.readline().split()]
    assert len(workers) == 3  # workers=3: three processes parse, the caller coordinates
    child.kill()
    child.wait()
    deadline = time.monotonic() + 20
    while not all(_gone(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [pid for pid in workers if not _gone(pid)]
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert left == []


def test_closing_part_way_stops_every_worker() -> None:
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


def test_strict_errors_in_a_loop_never_hang() -> None:
    done = _run(
        """
        from tests.conftest import FIXTURES, read_page
        from trialparse import ListingError, parse_many

        page = read_page(FIXTURES / "NCT06115902.txt")
        for _ in range(6):
            for pos in (0, 16, 40, 100):
                texts = [page] * 200
                texts[pos] = "Quick facts\\n\\nPhasebanana\\n"
                try:
                    for _listing in parse_many(iter(texts), workers=3, strict=True):
                        pass
                except ListingError:
                    pass
        print("ok")
        """,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "ok"


def test_ctrl_c_in_the_caller_stops_the_workers() -> None:
    script = textwrap.dedent(
        """
        import multiprocessing, sys, trialparse
        pages = ("Quick facts\\n\\nPhasePHASE1\\nEnrollment%d\\n" % i for i in range(10_000_000))
        for n, _ in enumerate(trialparse.parse_many(pages, workers=3)):
            if n == 300:
                print(*[p.pid for p in multiprocessing.active_children()], flush=True)
        """
    )
    # its own process group, signalled as a terminal would: the caller and its workers alike
    argv = [sys.executable, "-c", script]
    child = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, start_new_session=True)
    assert child.stdout is not None
    workers = [int(pid) for pid in child.stdout.readline().split()]
    assert len(workers) == 3  # workers=3: three processes parse, the caller coordinates
    os.killpg(child.pid, signal.SIGINT)
    try:
        _, err = child.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        child.kill()
        pytest.fail("parse_many did not stop on Ctrl-C")
    assert "KeyboardInterrupt" in err
    assert err.count("Traceback") == 1, err  # the caller's only: workers ignore SIGINT
    for pid in workers:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


@pytest.mark.parametrize(("owner", "call"), [("ProcessPoolExecutor", "submit"), ("Future", "done"), ("Future", "result")])
def test_ctrl_c_inside_a_pool_call_comes_once_the_call_returns(owner: str, call: str) -> None:
    # Ctrl-C that lands inside the pool's own calls can leave a lock of the pool taken, and
    # the shutdown then waits for ever: it must wait until the call is over, then stop the run
    done = _run(
        f"""
        import multiprocessing, signal, threading
        import concurrent.futures as cf, trialparse
        real, calls = getattr(cf.{owner}, "{call}"), []
        def interrupted(self, *args, **kwargs):
            if threading.current_thread() is not threading.main_thread():
                return real(self, *args, **kwargs)
            calls.append("start")
            if len(calls) == 41:
                signal.raise_signal(signal.SIGINT)  # Ctrl-C while the call runs
            got = real(self, *args, **kwargs)
            calls.append("end")
            return got
        setattr(cf.{owner}, "{call}", interrupted)
        pages = ("Quick facts\\n\\nPhasePHASE1\\nEnrollment%d\\n" % i for i in range(100_000))
        try:
            for _ in trialparse.parse_many(pages, workers=2):
                pass
        except KeyboardInterrupt:
            print("stopped; the call ended:", calls[40:42] == ["start", "end"], "; children left:",
                  len(multiprocessing.active_children()))
        """
    )
    assert "stopped; the call ended: True ; children left: 0" in done.stdout, done.stderr


def test_a_ctrl_c_held_back_goes_to_the_callers_own_handler_once_the_call_returns() -> None:
    seen: list[str] = []

    def call() -> int:
        signal.raise_signal(signal.SIGINT)  # Ctrl-C while the call runs
        seen.append("call ended")
        return 7

    def callers_handler(signum: int, frame: object) -> None:
        seen.append("caller's handler")

    previous = signal.signal(signal.SIGINT, callers_handler)
    try:
        assert batch._shielded(call) == 7
        assert seen == ["call ended", "caller's handler"]
        assert signal.getsignal(signal.SIGINT) is callers_handler
    finally:
        signal.signal(signal.SIGINT, previous)


@pytest.mark.skipif(not os.path.isdir("/proc/self/task"), reason="counts threads in /proc")
def test_workers_are_forked_before_the_pool_starts_its_threads() -> None:
    # a fork from a process with other threads can deadlock the child (Python 3.12+ warns):
    # the pool's processes start before its own feeder and result threads
    done = _run(
        """
        import os, trialparse
        threads = []
        os.register_at_fork(before=lambda: threads.append(len(os.listdir("/proc/self/task"))))
        list(trialparse.parse_many(["Quick facts\\n\\nPhasePHASE1\\n"] * 100, workers=3))
        print(threads)
        """
    )
    assert done.stdout == "[1, 1, 1]\n", done.stderr


def test_a_worker_keeps_what_it_inherits_out_of_its_garbage_collections() -> None:
    # the caller's heap (here 200,000 tracked objects) is frozen in each worker, so the
    # worker's full collections walk only what it made itself
    done = _run(
        """
        import gc, trialparse.batch as b
        def frozen(_):
            return gc.get_freeze_count()
        held = [[i] for i in range(200_000)]
        print("frozen:", min(b.in_order(frozen, range(4), 2)) >= 200_000)
        """
    )
    assert "frozen: True" in done.stdout, done.stderr
