"""Helper processes for ``parse_many(workers=N)``, driven from the calling thread alone.

``multiprocessing.Pool`` moves tasks and results with two threads of the calling process;
measured here, they cost about 0.5 ms of its CPU per chunk whatever the chunk's size, and
they wait for the GIL while the calling thread parses its own share. Here the calling thread
does that I/O itself, without blocking, between its own pages:

- each helper has a task pipe and a result pipe; messages are a 4-byte big-endian length,
  then a pickle; on Linux both pipes are widened to 1 MB, so that the helper's queued chunks
  and a chunk's results fit without waiting for the caller (``_widen``);
- the calling process's ends are non-blocking: it writes what the pipe takes and keeps the
  rest for later, and reads whatever has arrived, so it never waits on a helper that is
  itself waiting (no deadlock, whatever the sizes);
- a helper reads a chunk, parses it, writes the packed results (``_transport``, as marshal
  bytes inside the pickle), and exits
  on a stop message, or when a pipe to the caller breaks (with the fork start method it
  first closes the caller's ends it inherited, its own and earlier helpers', so that a
  caller that dies leaves it an end-of-file, not a wait forever); results come back in the
  order the chunks were sent;
- a helper that dies, or fails with anything but a ``ListingError``, is a ``RuntimeError``
  in the caller, never a hang.

POSIX only (non-blocking pipes and ``select``); elsewhere ``parse_many`` uses a ``Pool``.
"""

from __future__ import annotations

import collections
import contextlib
import os
import pickle
import struct
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from collections.abc import Iterator
    from multiprocessing.connection import Connection
    from multiprocessing.context import BaseContext

    from trialparse._transport import Packed
    from trialparse.model import Listing, ListingError

__all__ = ["Helper", "HelperChunk", "pump"]

_HEADER = struct.Struct("!I")
_READ_SIZE = 1 << 16  # a pipe's capacity: os.read allocates what it is asked for


# What a pipe should hold: the helper's queue of chunks (4 x 16 pages, ~80 KB each) and a
# chunk's packed results (~75 KB). At Linux's default 64 KB neither fits: the helper waited
# for the rest of its next chunk, and blocked writing its results, until the caller's next
# pump between two of its own pages; measured, idle ~17 % of the time.
_PIPE_SIZE: Final = 1 << 20


def _widen(fd: int) -> bool:
    """Ask for a ``_PIPE_SIZE`` pipe buffer where the system lets us (Linux), else leave it;
    whether the pipe now holds at least a quarter of that."""
    import fcntl

    setting = getattr(fcntl, "F_SETPIPE_SZ", None)
    if setting is None:
        return False
    for size in (_PIPE_SIZE, _PIPE_SIZE // 4):  # the system's limit may be lower
        try:
            fcntl.fcntl(fd, setting, size)
        except OSError:
            continue
        return True
    return False


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _read_exactly(fd: int, size: int) -> bytes | None:
    parts: list[bytes] = []
    while size:
        part = os.read(fd, min(size, _READ_SIZE))
        if not part:
            return None
        parts.append(part)
        size -= len(part)
    return b"".join(parts)


def helper_main(tasks: Connection, results: Connection, strict: bool, constraints: bool, inherited: tuple[int, ...] = ()) -> None:
    """A helper process: chunks in, packed listings out, until the stop message or a broken pipe."""
    import signal
    import traceback

    # Ctrl-C goes to the whole process group: the caller's parse_many stops the helpers itself
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for fd in inherited:  # fork: the caller's ends of this helper's pipes and earlier helpers'
        with contextlib.suppress(OSError):
            os.close(fd)
    from trialparse._transport import dumps
    from trialparse.model import ListingError
    from trialparse.pipeline import _pack_parsed, _parse

    task_fd, result_fd = tasks.fileno(), results.fileno()
    try:
        while True:
            header = _read_exactly(task_fd, _HEADER.size)
            if header is None:
                return
            size = _HEADER.unpack(header)[0]
            if size == 0:  # the stop message
                return
            data = _read_exactly(task_fd, size)
            if data is None:
                return
            out: list[Packed] = []
            error: ListingError | None = None
            failure: str | None = None
            try:
                for text in pickle.loads(data):
                    try:
                        out.append(_pack_parsed(text, *_parse(text, strict, constraints)))
                    except ListingError as exc:
                        error = exc
                        break
            except Exception:  # a bug: reported to the caller, which raises it
                failure = traceback.format_exc()
            # the listings as marshal bytes (see _transport); pickle for the rest (an exception)
            message = pickle.dumps((dumps(out), error, failure), protocol=pickle.HIGHEST_PROTOCOL)
            _write_all(result_fd, _HEADER.pack(len(message)) + message)
    except OSError:  # the caller is gone (a broken pipe): nothing left to do
        return


class HelperChunk:
    """A chunk sent to a helper; ``results`` is set when its answer has been read.

    The answer is kept as the helper sent it (marshal bytes) until the chunk's turn comes:
    one object rather than a few thousand tuples for the caller's collector to walk while
    the chunk waits behind others.
    """

    __slots__ = ("error", "pages", "results")

    def __init__(self, pages: list[str]) -> None:
        self.pages = pages
        self.results: bytes | None = None
        self.error: ListingError | None = None

    def ready(self) -> bool:
        return self.results is not None

    def drain(self) -> Iterator[Listing]:
        """The chunk's listings in order, then its strict-mode error if it had one."""
        from trialparse._transport import loads, unpack

        assert self.results is not None
        packed_pages: list[Packed] = loads(self.results)
        self.results = b""  # the bytes are not needed any more: free them now
        for packed, page in zip(packed_pages, self.pages, strict=False):
            yield unpack(packed, page)
        if self.error is not None:
            raise self.error


class Helper:
    """One helper process and the calling process's (non-blocking) ends of its two pipes.

    Made in two steps, so that the caller holds the object before the process exists: an
    interrupt between the two still leaves it something to close.
    """

    def __init__(self, ctx: BaseContext) -> None:
        self._ctx = ctx
        self.process: Any = None
        self.outgoing = bytearray()
        self.incoming = bytearray()
        self.sent: collections.deque[HelperChunk] = collections.deque()
        self.task_fd = self.result_fd = -1
        self.wide = False  # both pipes widened (see _widen)

    def start(self, strict: bool, constraints: bool, earlier: list[Helper]) -> None:
        task_reader, task_writer = self._ctx.Pipe(duplex=False)
        result_reader, result_writer = self._ctx.Pipe(duplex=False)
        self._task_conn, self._result_conn = task_writer, result_reader  # keep the fds open
        self.task_fd, self.result_fd = task_writer.fileno(), result_reader.fileno()
        self.wide = _widen(self.task_fd) & _widen(self.result_fd)
        inherited: tuple[int, ...] = ()
        if self._ctx.get_start_method() == "fork":  # the child gets a copy of every fd open here
            inherited = tuple(fd for h in (*earlier, self) for fd in (h.task_fd, h.result_fd) if fd >= 0)
        self.process = self._ctx.Process(  # type: ignore[attr-defined]
            target=helper_main, args=(task_reader, result_writer, strict, constraints, inherited), daemon=True
        )
        self.process.start()
        task_reader.close()
        result_writer.close()
        os.set_blocking(self.task_fd, False)
        os.set_blocking(self.result_fd, False)

    def send(self, chunk: HelperChunk) -> None:
        message = pickle.dumps(chunk.pages, protocol=pickle.HIGHEST_PROTOCOL)
        self.outgoing += _HEADER.pack(len(message))
        self.outgoing += message
        self.sent.append(chunk)
        self.flush()

    def _died(self) -> RuntimeError:
        self.process.join(timeout=1)  # so that its exit code is known
        code = self.process.exitcode
        return RuntimeError(f"a trialparse helper process ended without answering (exit code {code})")

    def flush(self) -> None:
        """Write what the task pipe takes now."""
        while self.outgoing:
            try:
                written = os.write(self.task_fd, self.outgoing)
            except BlockingIOError:
                return
            except BrokenPipeError:
                raise self._died() from None
            del self.outgoing[:written]

    def collect(self) -> None:
        """Read what has arrived; hand each complete answer to the oldest chunk waiting."""
        while True:
            try:
                data = os.read(self.result_fd, _READ_SIZE)
            except BlockingIOError:
                break
            if not data:
                if self.sent:
                    raise self._died()
                break
            self.incoming += data
        while len(self.incoming) >= _HEADER.size:
            size = _HEADER.unpack_from(self.incoming)[0]
            end = _HEADER.size + size
            if len(self.incoming) < end:
                break
            results, error, failure = pickle.loads(self.incoming[_HEADER.size : end])
            del self.incoming[:end]
            if failure is not None:
                msg = f"a trialparse helper process failed:\n{failure}"
                raise RuntimeError(msg)
            chunk = self.sent.popleft()
            chunk.results, chunk.error = results, error

    def close(self) -> None:
        """Stop the helper: an idle one is told to exit, a busy one (its work abandoned) is ended."""
        if self.process is not None:
            if not self.sent and not self.outgoing and self.process.is_alive():
                with contextlib.suppress(OSError):  # a helper that already died: ended below
                    os.write(self.task_fd, _HEADER.pack(0))  # the pipe is empty: this never blocks
                self.process.join(timeout=5)
            if self.process.is_alive():
                self.process.terminate()
                self.process.join(timeout=5)
        if self.task_fd >= 0:
            self._task_conn.close()
            self._result_conn.close()
            self.task_fd = self.result_fd = -1


def pump(helpers: list[Helper], *, wait: bool) -> None:
    """Move bytes both ways for every helper; with ``wait``, first sleep until one is ready."""
    if wait:
        import selectors  # not select.select: it fails once the process has 1,024 files open

        with selectors.DefaultSelector() as selector:
            for h in helpers:
                if h.sent:
                    selector.register(h.result_fd, selectors.EVENT_READ)
                if h.outgoing:
                    selector.register(h.task_fd, selectors.EVENT_WRITE)
            if selector.get_map():
                selector.select()
    for h in helpers:
        if h.outgoing:
            h.flush()
        if h.sent:
            h.collect()
