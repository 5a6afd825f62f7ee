"""Query worker processes: a query over its time limit is stopped by killing its process.

pyoxigraph cannot interrupt a running query (oxigraph/oxigraph#1336), so the endpoint does not
run queries in its own threads. A :class:`QueryPool` keeps ``size`` worker processes, each with
its own view of the store:

- each worker opens the view of the store that :meth:`graph.store.Store.view` describes
  (:func:`graph.store.open_view`), and opens it again when the data version moved on: an
  on-disk Oxigraph store is opened read-only where it is; an in-memory one is copied to each
  worker as N-Quads (for tests and small demos: every worker holds a whole copy).

A query goes to an idle worker over a pair of pipes, framed as a kind byte and a length; a
query and its answer are plain values written with :mod:`marshal` (the same interpreter reads
them), the rest (the view, an error) with :mod:`pickle`. Measured on this machine (2 cores, at
load): a round trip of a small query and answer cost 55-95 us over the socket pair and
pickled dataclasses used before, about 5 us over pipes with marshal (``bench/worker_rtt.py``).

A query is sent to an idle worker with its deadline. When the deadline passes, the worker is
killed (SIGKILL: its CPU and memory are freed at once), a fresh one is started in its place and
:class:`~graph.errors.QueryTimeout` is raised. A worker that ran past ``renice_after`` seconds
is lowered in CPU priority (every thread of it: on Linux the nice value is per thread, and the
engine runs in the worker's own threads), so that short queries keep their latency while a long
one runs. When its query ends, its priority is raised back where the OS allows that (root, or
an ``RLIMIT_NICE`` that permits it); where it does not, the worker is replaced, and the new
process starts in the background, never on the path of an answer (a worker's start is some
0.5 s of CPU: on two cores, replacing a worker after every long query cost the heavy queries
a third of their throughput).

Examples
--------
>>> from graph.query.execution import QueryRequest
>>> from graph.store.oxigraph import OxigraphStore
>>> st = OxigraphStore()
>>> st.load("<urn:g> { <urn:a> <urn:p> 1 }", "trig")
>>> with QueryPool(st, size=1) as pool:
...     pool.run(QueryRequest("ASK { ?s ?p 1 }", formats={"boolean": "csv"}), 10).body
b'true'
"""

from __future__ import annotations

import logging
import marshal
import os
import pickle
import queue
import select
import struct
import subprocess
import sys
import threading
import time
import weakref
from dataclasses import dataclass, field
from typing import Any

from ..errors import PolicyGraphError, QueryTimeout, StoreUnavailable
from ..store import Store, View, open_view
from .execution import QueryAnswer, QueryRequest, evaluate

__all__ = ["QueryPool"]

log = logging.getLogger(__name__)


#: Where the ``graph`` package of this process is: a worker imports that one, not one that
#: happens to be in its working directory (``python -c`` puts the directory first on sys.path,
#: and a server started in another checkout ran that checkout's workers).
_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
_HEAD = struct.Struct("<BQ")  # how the payload is written (marshal or pickle), its length
_MARSHAL, _PICKLE = 0, 1
_PIPE_SIZE = 1 << 20  # F_SETPIPE_SZ where the OS has it: a view of an in-memory store fits


def _send(fd: int, message: Any, *, plain: bool = False) -> None:
    """Write ``message`` whole: with marshal when ``plain`` (built-in values only), else pickle."""
    payload = marshal.dumps(message) if plain else pickle.dumps(message, protocol=5)
    view = memoryview(_HEAD.pack(_MARSHAL if plain else _PICKLE, len(payload)) + payload)
    while view:
        view = view[os.write(fd, view) :]


def _read(fd: int, size: int) -> bytes | bytearray:
    """Exactly ``size`` bytes (never more: the next message stays in the pipe)."""
    data = os.read(fd, size)
    if len(data) == size:
        return data
    buf = bytearray(size)
    buf[: len(data)] = data
    view, got = memoryview(buf), len(data)
    while got < size:
        n = os.readv(fd, [view[got:]])
        if n == 0:
            raise EOFError("the other end closed its pipe")
        got += n
    return buf


def _recv(fd: int) -> Any:
    """Read one message written by :func:`_send` (EOFError when the writer is gone)."""
    head = _read(fd, _HEAD.size)
    if not head:
        raise EOFError("the other end closed its pipe")
    how, size = _HEAD.unpack(head)
    payload = _read(fd, size)
    return marshal.loads(payload) if how == _MARSHAL else pickle.loads(payload)


def _pipe() -> tuple[int, int]:
    read, write = os.pipe()
    try:
        import fcntl

        fcntl.fcntl(write, getattr(fcntl, "F_SETPIPE_SZ", 1031), _PIPE_SIZE)
    except (ImportError, OSError):  # not Linux, or above the system's pipe-max-size
        pass
    return read, write


def worker_main(requests: int, answers: int) -> None:
    """The loop of one worker process: ("view", ...) opens the data, ("query", fields) answers.

    Workers are plain ``python -c`` subprocesses reading their queries from the pipe
    ``requests`` and writing their answers to ``answers`` (not multiprocessing's spawn, which
    re-imports the parent's main script)."""
    parent = os.getppid()
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()
    store: Store | None = None
    while True:
        try:
            kind, payload = _recv(requests)
        except (EOFError, OSError, KeyboardInterrupt):
            return
        try:
            if kind == "view":
                if store is not None:
                    store.close()
                store = open_view(payload)
                continue
            assert store is not None, "a query came before the store"
            answer = evaluate(store, QueryRequest(**payload))
            _send(answers, ("ok", vars(answer)), plain=True)
        except PolicyGraphError as exc:  # sent as parts: context kwargs do not survive pickle
            _send(answers, ("error", (type(exc), exc.message, exc.context)))
        except Exception as exc:  # report (for the server's log only), keep serving
            _send(answers, ("crash", f"{type(exc).__name__}: {exc}"))


def _stop_all(workers: set) -> None:
    for worker in list(workers):
        worker.stop()


def _exit_with_parent(parent: int) -> None:
    """End this worker when the server process is gone, even in the middle of a query
    (pyoxigraph releases the GIL while it evaluates, so this thread keeps running)."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


@dataclass(eq=False)
class _Worker:
    process: Any
    requests: int  # the pipe the worker reads its queries from (write end)
    answers: int  # the pipe it writes its answers to (read end)
    version: int | None = None  # data version of the store the worker has open
    niced: bool = field(default=False)
    poller: Any = None

    def __post_init__(self) -> None:
        self.poller = select.poll()
        self.poller.register(self.answers, select.POLLIN)

    def ready(self, seconds: float) -> bool:
        """Whether an answer (or the end of the pipe) came within ``seconds``."""
        return bool(self.poller.poll(max(seconds, 0) * 1000))

    def stop(self) -> None:
        self.process.kill()
        self.process.wait(5)
        for fd in (self.requests, self.answers):
            try:
                os.close(fd)
            except OSError:  # closed already
                pass


class QueryPool:
    """``size`` worker processes that evaluate :class:`~graph.query.execution.QueryRequest` s.

    Parameters
    ----------
    store : Store
        The store of the server (read here only to give the workers their view of it).
    size : int
        Number of worker processes (queries run in parallel up to this number).
    renice_after : float
        Seconds after which a running query's worker gets the lowest CPU priority.
    """

    def __init__(self, store: Store, size: int = 2, *, renice_after: float = 1.0) -> None:
        if size < 1:
            raise ValueError("a query pool needs at least one worker")
        self.store = store
        self.size = size
        self.renice_after = renice_after
        self.timeouts = 0  #: queries stopped at their time limit
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._view: View | None = None
        self._closed = False
        self._workers: set[_Worker] = set()  # every live worker, idle or busy
        self._finalizer = weakref.finalize(self, _stop_all, self._workers)
        for _ in range(size):
            self._idle.put(self._start())

    # --- workers --------------------------------------------------------------------------
    def _current_view(self) -> View:
        version = self.store.data_version
        with self._lock:
            if self._view is None or self._view.version != version:
                self._view = self.store.view()
            return self._view

    def _start(self) -> _Worker:
        their_requests, requests = _pipe()
        answers, their_answers = _pipe()
        try:
            process = subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    f"import sys; sys.path.insert(0, {_ROOT!r}); "
                    "from graph.query.workers import worker_main; "
                    f"worker_main({their_requests}, {their_answers})",
                ],
                pass_fds=(their_requests, their_answers),
                stdin=subprocess.DEVNULL,
            )
        except BaseException:
            for fd in (requests, answers):
                os.close(fd)
            raise
        finally:
            os.close(their_requests)
            os.close(their_answers)
        worker = _Worker(process, requests, answers)
        self._workers.add(worker)
        self._sync(worker)  # the worker loads while it waits for its first query
        return worker

    def _sync(self, worker: _Worker) -> None:
        view = self._current_view()
        if worker.version != view.version:
            _send(worker.requests, ("view", view))
            worker.version = view.version

    def _retire(self, worker: _Worker) -> None:
        self._workers.discard(worker)
        worker.stop()

    def _replace(self) -> None:
        """Start a worker in place of a retired one, in the background: the caller's answer
        (or error) is not delayed by the new process's start."""

        def start() -> None:
            if self._closed:
                return
            try:
                worker = self._start()
            except Exception:  # the next query waits for a worker and times out, logged here
                log.exception("a query worker could not be started")
                return
            if self._closed:  # closed while it started
                self._retire(worker)
            else:
                self._idle.put(worker)

        threading.Thread(target=start, name="policygraph-worker-start", daemon=True).start()

    @staticmethod
    def _renice(worker: _Worker, value: int) -> bool:
        """Set the nice value of every thread of ``worker``; False where not permitted."""
        pid = worker.process.pid
        try:
            tids = [int(t) for t in os.listdir(f"/proc/{pid}/task")]
        except OSError:  # no /proc here: the process's main thread only
            tids = [pid]
        try:
            for tid in tids:
                os.setpriority(os.PRIO_PROCESS, tid, value)
        except OSError:  # not permitted here, or the thread ended meanwhile
            return False
        return True

    def _restore(self, worker: _Worker) -> bool:
        """Give a niced worker its priority back, if the OS allows it (else it is replaced)."""
        if self._renice(worker, 0):
            worker.niced = False
            return True
        return False

    def pids(self) -> list[int]:
        """Process ids of the current workers (for tests and metrics)."""
        with self._idle.mutex:
            return [w.process.pid for w in self._idle.queue]

    # --- queries --------------------------------------------------------------------------
    def run(self, req: QueryRequest, timeout: float) -> QueryAnswer:
        """Evaluate ``req`` in a worker, stopping it after ``timeout`` seconds.

        Raises
        ------
        QueryTimeout
            The time limit passed (waiting for a free worker counts too).
        StoreUnavailable
            A worker died.
        """
        deadline = time.monotonic() + timeout
        try:
            worker = self._idle.get(timeout=timeout)
        except queue.Empty:
            self.timeouts += 1
            raise QueryTimeout(
                f"all {self.size} query workers stayed busy for the query's whole time limit of "
                f"{timeout:g} s (setting query_timeout); the query did not run: try again",
                limit="query_timeout",
                seconds=timeout,
            ) from None
        healthy = later = False
        status: str
        value: Any
        try:
            try:
                self._sync(worker)
                _send(worker.requests, ("query", vars(req)), plain=True)
            except OSError as exc:  # the worker is gone (its pipe is broken)
                status, value = "crash", f"worker unreachable ({exc.strerror})"
            else:
                status, value = self._wait(worker, deadline, timeout)
            healthy = status != "crash" and (not worker.niced or self._restore(worker))
            later = status != "crash"  # a long query's worker: replaced in the background
        finally:
            if healthy:
                self._idle.put(worker)
            else:
                self._retire(worker)
                if later:
                    self._replace()
                elif not self._closed:  # a crash or the time limit: ready before the error
                    self._idle.put(self._start())
        if status == "ok":
            return QueryAnswer(**value)
        if status == "error":
            cls, message, context = value
            error = cls.__new__(cls)
            PolicyGraphError.__init__(error, message, **context)
            raise error
        log.error("query worker failed (%s); it was replaced", value)
        raise StoreUnavailable(
            "the query could not be evaluated: the process running it stopped unexpectedly "
            "(it was replaced); try again, and simplify the query if this happens again"
        )

    def _wait(self, worker: _Worker, deadline: float, timeout: float) -> tuple[str, Any]:
        nice_at = time.monotonic() + self.renice_after
        while True:
            now = time.monotonic()
            if now >= deadline:
                self.timeouts += 1
                log.warning(
                    "query stopped at its time limit of %g s; worker %d killed and replaced",
                    timeout,
                    worker.process.pid,
                )
                raise QueryTimeout.after(timeout)
            wait = deadline - now if worker.niced else min(deadline, nice_at) - now
            try:
                ready = worker.ready(wait)
            except OSError:
                ready = True
            if ready:
                try:
                    return _recv(worker.answers)
                except (EOFError, OSError):
                    return "crash", f"worker exited with {worker.process.poll()}"
            if not worker.niced and time.monotonic() >= nice_at:
                self._renice(worker, 19)  # not permitted here: the time limit still holds
                worker.niced = True

    def close(self) -> None:
        """Stop every worker."""
        self._closed = True
        self._finalizer()

    def __enter__(self) -> QueryPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
