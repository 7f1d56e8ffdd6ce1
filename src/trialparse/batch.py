"""``parse_many()``: many pages in input order, in this process or in a pool of processes.

The pool is the standard library's ``ProcessPoolExecutor``; ``in_order`` runs any task
function over it in input order, and the command line's parallel Parquet writer uses it too.
Listings come back from the workers as nested tuples of plain values (``_transport``, derived
from the model's fields), which cost a third of pickling the records.

With ``workers=N`` the calling process does not parse: it hands out chunks and rebuilds the
listings that come back. Were it to parse too, its main thread would hold the GIL for most of
each switch interval (5 ms), and the pool's result thread, which needs the GIL again after each
pipe-full it reads, would leave the worker blocked on a full result pipe for about as long as
it works (a chunk's results are larger than a pipe holds).
"""

from __future__ import annotations

import collections
import gc
import os
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Final, ParamSpec, TypeVar

from trialparse._transport import Packed, pack, unpack
from trialparse.model import Listing, ListingError
from trialparse.pipeline import parse

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

__all__ = ["CHUNK", "in_order", "parse_many"]

CHUNK: Final = 16
"""Pages per task sent to a worker: enough to pay for the round trip, few enough to stream."""

_AHEAD_PER_WORKER: Final = 8  # tasks in flight per process: each runs ahead of the others, memory stays bounded
_ORPHAN_CHECK: Final = 1.0  # seconds between a worker's checks that its parent still lives

T = TypeVar("T")
R = TypeVar("R")
P = ParamSpec("P")


def parse_many(
    texts: Iterable[str], *, workers: int | None = None, strict: bool = False, constraints: bool = True
) -> Iterator[Listing]:
    """Parse pages in input order; streams, and with ``workers > 1`` uses that many processes.

    With ``workers=N`` that many worker processes parse, while this one hands out chunks of
    ``CHUNK`` pages (at most ``8 * N`` chunks in flight) and rebuilds the listings that come
    back, in input order as they arrive. In strict mode the
    pages before the failing one are yielded, then its ``ListingError`` is raised. An input
    that raises (or gives a non-str) ends the stream after every page read before it, as
    without workers. A worker that dies is a ``RuntimeError``; closing the generator early
    shuts the pool down.
    """
    if workers is None or workers <= 1:
        for text in texts:
            yield parse(text, strict=strict, constraints=constraints)
        return
    tasks = ((chunk, strict, constraints) for chunk in _chunks(texts))
    for packed, error in in_order(_parse_chunk, tasks, workers):
        yield from map(unpack, packed)
        if error is not None:
            raise error


Parsed = tuple[list[Packed], ListingError | None]
"""A chunk's listings packed for the way back (``_transport``), and the strict-mode error
that stopped it after the pages before that one."""


def _parse_chunk(task: tuple[list[str], bool, bool]) -> Parsed:
    """A worker's task: parse a chunk of pages, each listing packed."""
    texts, strict, constraints = task
    packed: list[Packed] = []
    try:
        for text in texts:
            packed.append(pack(parse(text, strict=strict, constraints=constraints)))
    except ListingError as exc:
        return packed, exc
    return packed, None


def _chunks(texts: Iterable[str]) -> Iterator[list[str]]:
    """``texts`` in chunks of ``CHUNK``; when the input fails (or gives a non-str), the pages
    read before the failure come as a last, shorter chunk, and the error is raised after it."""
    chunk: list[str] = []
    try:
        for text in texts:
            if not isinstance(text, str):
                parse(text)  # raises the TypeError here, in the caller's process
            chunk.append(text)
            if len(chunk) == CHUNK:
                yield chunk
                chunk = []
    except Exception:
        if chunk:
            yield chunk
        raise
    if chunk:
        yield chunk


def in_order(task: Callable[[T], R], items: Iterable[T], workers: int) -> Iterator[R]:
    """``task(item)`` for each item, over a pool of ``workers`` processes; the results in input order.

    This process only hands items out and collects results, so its threads that feed the
    pool and read its results get the GIL at once, and the workers balance themselves: each
    takes the next item when it is free. At most ``8 * workers`` items are in flight, and a
    result that is ready is given out before more input is read. An exception raised by
    ``items`` comes after the results of the items before it; one raised by ``task`` comes at
    its turn, as the task raised it. A worker that dies is a ``RuntimeError``. Closing the
    generator (or an exception in the caller) cancels what has not started and waits for
    what has: no process is left behind. Ctrl-C that comes while this process is inside one
    of the pool's own calls is raised as soon as that call returns (``_shielded``).
    """
    from concurrent.futures import ProcessPoolExecutor  # here: importing it costs more than a page

    pool = ProcessPoolExecutor(workers, initializer=_start_worker)
    pending: collections.deque[Future[R]] = collections.deque()
    source = iter(items)
    failure: Exception | None = None
    try:
        more = True
        while True:
            while more and len(pending) < _AHEAD_PER_WORKER * workers and not (pending and _done(pending[0])):
                try:
                    item = next(source)
                except StopIteration:
                    more = False
                except Exception as exc:  # raised after the results of the items before it
                    failure, more = exc, False
                else:
                    pending.append(_submit(pool, task, item))
            if not pending:
                break
            yield _result(pending.popleft())
        if failure is not None:
            raise failure
    finally:
        _shielded(pool.shutdown, wait=True, cancel_futures=True)


_DIED: Final = "a trialparse worker process ended without answering"


def _submit(pool: ProcessPoolExecutor, task: Callable[[T], R], item: T) -> Future[R]:
    from concurrent.futures.process import BrokenProcessPool

    try:
        return _shielded(pool.submit, task, item)
    except BrokenProcessPool as exc:  # a worker died since the last result was read
        raise RuntimeError(_DIED) from exc


def _done(future: Future[R]) -> bool:
    return _shielded(future.done)


def _result(future: Future[R]) -> R:
    from concurrent.futures.process import BrokenProcessPool

    try:
        return _shielded(future.result)
    except BrokenProcessPool as exc:
        raise RuntimeError(_DIED) from exc


def _shielded(call: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """``call(*args, **kwargs)`` with Ctrl-C held back until it returns, then delivered.

    The pool's calls (submit, done, result, shutdown) take locks that its manager thread takes
    too: the queue of work ids, each future's condition. CPython can raise a KeyboardInterrupt
    between a ``with`` taking a lock and the block that releases it (python/cpython#74174), and
    the lock stays taken: the shutdown that follows waits for the manager thread, which waits
    for the lock, for ever. So during the call a SIGINT is only noted, and once the call is
    over it is raised again for the handler the caller had (the default raises
    KeyboardInterrupt). Only the main thread receives signals and may set their handlers; a
    handler installed outside Python (``getsignal`` gives None) could not be put back.
    """
    if threading.current_thread() is not threading.main_thread():
        return call(*args, **kwargs)
    previous = signal.getsignal(signal.SIGINT)
    if previous is None:
        return call(*args, **kwargs)
    noted: list[int] = []
    signal.signal(signal.SIGINT, lambda signum, _frame: noted.append(signum))
    try:
        return call(*args, **kwargs)
    finally:
        signal.signal(signal.SIGINT, previous)
        if noted:
            signal.raise_signal(signal.SIGINT)


def _start_worker() -> None:
    """Run in each worker first: Ctrl-C is the caller's to handle (it shuts the pool down),
    and a worker whose caller was killed exits instead of waiting for tasks forever.

    Everything a forked worker inherits from its caller is frozen out of the garbage
    collector (the use ``gc.freeze`` is documented for): otherwise each full collection in the
    worker walks the caller's whole heap, which grows with what the caller holds, not with
    the worker's work, and copies the pages it touches."""
    gc.freeze()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_when_orphaned, args=(os.getppid(),), daemon=True).start()


def _exit_when_orphaned(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(_ORPHAN_CHECK)
    os._exit(1)
