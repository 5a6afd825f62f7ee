"""Front processes: more than one Python process answers lookups (issue 20).

One Python process serving every request is capped by its interpreter lock: on two cores the
Oxigraph server uses both, policygraph's request cycle one. With ``serve --fronts N`` (on an
on-disk embedded store; off by default: on the two-core machine of docs/benchmarks.md, "Third
pass", it gave the smallest lookups 1.3-1.6x when the machine was quiet, cost the other
queries 1-15%, and was no better under load), the main process binds the
listening socket and N front processes accept on it (the kernel hands each new connection to
one of them). Each front process:

- answers a plain ``GET /sparql`` whose query is a lookup (:func:`graph.query.plans.is_lookup`:
  every pattern reached from a bound term) in-process, with :class:`server.front.Front` (the
  same checks, negotiation, headers, ETag, access-log line as the app), on the store opened
  read-only at the data version the main process last committed
  (:class:`graph.store.oxigraph.OxigraphFollower`: the version file is looked at on each
  request, so a write is seen by the next request on every process);
- sends everything else (writes, pages, REST lookups, conditional requests, queries that are
  not lookups) to the main process over a Unix socket, unchanged, and relays its answer
  (:class:`Proxy`): the main process keeps the writes, its query workers (killed at the time
  limit), the warmed derived values, the request size limit and the error answers;
- errors of a query it ran (a syntax error, too many rows, a 406) are answered by its own copy
  of the app, as the main process would.

The time limit: a lookup evaluated in-process is checked against its deadline between result
rows; a lookup that runs past its deadline without a row (a bound term with a huge fan-out)
has its front process ended by a watchdog one second after the deadline (its CPU is freed at
once; the client's connection is closed without an answer) and the main process starts
another. The main process ends the fronts when it stops (SIGTERM, SIGINT), and a front
process ends by itself when the main process is gone.

With ``front_server = granian`` (``serve --front-server granian``, opt-in) the fronts are the
worker processes of granian's HTTP server (Rust; :class:`GranianFronts`, :func:`granian_app`),
which binds the address itself with one socket per worker (``SO_REUSEPORT``: the kernel picks a
worker by the connection's address, not an idle one); a worker ended by the watchdog is started
again by granian, and granian by the main process. Measured in docs/benchmarks.md (issue 20,
fourth pass): 1.1-2.0x waitress's fronts on the smallest lookups, 0.85-1.2x on larger ones.

Each process keeps its own result cache and metrics: ``/metrics`` (served by the main process)
counts the requests the main process answered, not the lookups the fronts answered; the access
log has a line for every request (the fronts write to the same stderr).
"""

from __future__ import annotations

import http.client
import logging
import os
import pickle
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, cast

from graph.config import hand_config, handed_config
from graph.query.plans import is_lookup

from .front import Front
from .sparql import FRONT_OUTCOME, run_query_request

__all__ = [
    "FrontProcesses",
    "GranianFronts",
    "Proxy",
    "front_main",
    "granian_app",
    "granian_main",
    "listening_socket",
]

log = logging.getLogger(__name__)

_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
#: Headers of one connection, not of the request or answer (RFC 9110 7.6.1), and those the
#: front's own waitress writes.
_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-connection",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "expect",
        "server",
        "date",
    }
)
_IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS"})
_IDLE_RECONNECT = 60.0  # seconds; waitress closes idle connections after 120
_WHOLE = 1 << 20  # answers up to this size are read whole before they are passed on


class _UnixConnection(http.client.HTTPConnection):
    def __init__(self, path: str, timeout: float | None = None) -> None:
        super().__init__("localhost", timeout=timeout)
        self.path = path

    def connect(self) -> None:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.connect(self.path)
        except OSError:
            sock.close()
            raise
        self.sock = sock


class Proxy:
    """A WSGI app that sends the request to the main process (a Unix socket) and relays its
    answer, streamed; one keep-alive connection per request thread."""

    def __init__(self, path: str, app: Any = None) -> None:
        self.path = path
        self.app = app  # writes the answer when the main process cannot be reached
        self._local = threading.local()

    def _connection(self) -> _UnixConnection:
        conn = getattr(self._local, "conn", None)
        used = getattr(self._local, "used", 0.0)
        if conn is not None and time.monotonic() - used > _IDLE_RECONNECT:
            conn.close()
            conn = None
        if conn is None:
            conn = self._local.conn = _UnixConnection(self.path)
        return conn

    def _drop(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
        self._local.conn = None

    def __call__(self, environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        method = environ["REQUEST_METHOD"]
        target = environ.get("REQUEST_URI") or _target(environ)
        headers = _request_headers(environ)
        length = environ.get("CONTENT_LENGTH")
        body = environ["wsgi.input"] if length and int(length) > 0 else None
        tries = 2 if body is None and method in _IDEMPOTENT else 1
        for attempt in range(tries):
            conn = self._connection()
            try:
                conn.request(method, target, body=body, headers=headers)
                response = conn.getresponse()
                break
            except (ConnectionError, http.client.HTTPException, OSError):
                self._drop()  # a keep-alive connection the main process closed: once more
                if attempt == tries - 1:
                    log.warning("the main process did not answer a forwarded request")
                    return self._unavailable(environ, start_response)
        status = f"{response.status} {response.reason}"
        passed = [(k, v) for k, v in response.getheaders() if k.lower() not in _HOP]
        if response.length is None or response.length > _WHOLE:
            start_response(status, passed)
            return _Relay(self, response)
        try:  # a small answer is read whole first: never cut short after its status line
            body = response.read()
        except (ConnectionError, http.client.HTTPException, OSError):
            self._drop()
            log.warning("the main process stopped in the middle of an answer")
            return self._unavailable(environ, start_response)
        if response.will_close:
            self._drop()
        else:
            self._local.used = time.monotonic()
        start_response(status, passed)
        return [body]

    def _unavailable(self, environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        """503 in the shape the path expects (server/errors.py), as the app would answer."""
        message = "the server could not answer this request now (it may be stopping); try again"
        if self.app is None:
            start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
            return [message.encode() + b"\n"]
        from .errors import error_response

        with self.app.request_context(environ):
            response = error_response(503, message)
            response.headers["Retry-After"] = "1"
        return response(environ, start_response)


class _Relay:
    """The main process's answer, read as the client's server writes it."""

    def __init__(self, proxy: Proxy, response: http.client.HTTPResponse) -> None:
        self.proxy = proxy
        self.response = response

    def __iter__(self) -> Iterator[bytes]:
        while True:
            chunk = self.response.read1(1 << 16) if not self.response.isclosed() else b""
            if not chunk:
                return
            yield chunk

    def close(self) -> None:
        response = self.response
        whole = response.isclosed() and not response.will_close  # read to its end, reusable
        response.close()
        if whole:
            self.proxy._local.used = time.monotonic()
        else:  # the client went away mid-answer, or the main process closes the connection
            self.proxy._drop()


def _target(environ: dict[str, Any]) -> str:
    from urllib.parse import quote

    path = quote(
        environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", ""), safe="/;=,@:!$&'()*+~"
    )
    query = environ.get("QUERY_STRING")
    return f"{path}?{query}" if query else path


def _request_headers(environ: dict[str, Any]) -> dict[str, str]:
    headers: dict[str, str] = {}
    for key, value in environ.items():
        if key.startswith("HTTP_"):
            name = key[5:].replace("_", "-").lower()
            if name not in _HOP:
                headers[name] = value
    if "host" not in headers:  # HTTP/1.0 without Host: the address the client reached
        headers["host"] = f"{environ.get('SERVER_NAME', 'localhost')}:{environ.get('SERVER_PORT')}"
    for key, name in (("CONTENT_TYPE", "content-type"), ("CONTENT_LENGTH", "content-length")):
        if environ.get(key):
            headers[name] = environ[key]
    return headers


class LeanFront(Front):
    """:class:`~server.front.Front` in a front process: lookups answered here (under a
    watchdog), errors of those by the local app, everything else by the main process."""

    admit = staticmethod(is_lookup)

    def __init__(
        self, app: Any, local: Callable, proxy: Proxy, *, grace: float = 1.0, inline: bool = False
    ) -> None:
        super().__init__(app, self._route)
        self.local = local
        self.proxy = proxy
        self.grace = grace
        self.inline = inline  # the request threads are deep-stack threads without network
        self._deadlines: dict[int, float] = {}
        threading.Thread(target=self._watch, name="policygraph-front-watchdog", daemon=True).start()

    def _route(self, environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        if FRONT_OUTCOME in environ:
            return self.local(environ, start_response)
        return self.proxy(environ, start_response)

    def run(self, state: Any, req: Any, version: int) -> Any:
        key = threading.get_ident()
        self._deadlines[key] = time.monotonic() + req.timeout + self.grace
        try:
            return run_query_request(state, req, version, inline=self.inline)
        finally:
            self._deadlines.pop(key, None)

    def _watch(self) -> None:
        while True:
            time.sleep(0.1)
            now = time.monotonic()
            if any(now > t for t in list(self._deadlines.values())):
                log.error(
                    "a lookup ran past its time limit without a result row: front process %d"
                    " ends (the main process starts another)",
                    os.getpid(),
                )
                logging.shutdown()
                os._exit(75)


def listening_socket(host: str, port: int) -> socket.socket:
    """The server's listening socket (bound here so that the fronts share it)."""
    infos = socket.getaddrinfo(host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    family, _, _, _, address = infos[0]
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(1024)
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def front_main() -> None:
    """A front process: its configuration is pickled on stdin (see :class:`FrontProcesses`)."""
    config = pickle.load(sys.stdin.buffer)
    logging.basicConfig(
        level=config["log_level"],
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    import waitress

    from graph.query.sandbox import STACK_BYTES, deny_network

    # Every thread started from here on (waitress's request threads among them) gets the deep
    # stack and the network filter of graph.query.sandbox's threads, so that a lookup runs in
    # the request thread itself; the main process is reached over a Unix socket, which the
    # filter allows. Where the filter is missing, lookups go through sandbox threads as usual.
    threading.stack_size(STACK_BYTES)
    inline = deny_network()
    parent = config["parent"]
    _die_with_parent()
    if os.getppid() != parent:  # the main process ended before this one got going
        os._exit(0)
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()
    app = _front_app(config, inline=inline)
    sock = socket.socket(fileno=config["fd"])
    waitress.serve(
        app,
        sockets=[sock],
        threads=config["threads"],
        ident="policygraph",
        clear_untrusted_proxy_headers=True,
        _quiet=True,
    )


def _front_app(config: dict[str, Any], *, inline: bool) -> Any:
    """The app of a front process: lookups answered here on the store's read-only view, the
    rest sent to the main process (``inline``: lookups run in the request thread)."""
    from graph.store import Store
    from graph.store.oxigraph import OxigraphStore

    from . import create_app

    settings = config["settings"].replace(query_workers=0)
    store = cast(Store, OxigraphStore.follow(settings.store_path))  # its read-only view
    app = create_app(settings, store=store)
    local = app.wsgi_app.inner  # type: ignore[attr-defined]  # the app under its Front
    app.wsgi_app = LeanFront(  # type: ignore[method-assign]
        app, local, Proxy(config["upstream"], app), inline=inline
    )
    return app


def granian_main() -> None:
    """The granian server of ``serve --fronts N`` with ``front_server = granian``: granian's
    HTTP server (Rust) listens on the server's address, and its N worker processes run
    :func:`granian_app`. Its configuration is pickled on stdin (see :class:`GranianFronts`)."""
    config = pickle.load(sys.stdin.buffer)
    _die_with_parent()
    if os.getppid() != config["parent"]:
        os._exit(0)
    threading.Thread(target=_exit_with_parent, args=(config["parent"],), daemon=True).start()
    from granian.constants import Interfaces
    from granian.log import LogLevels
    from granian.server import Server

    hand_config(config["path"])  # a file of the main process's temporary directory
    settings = config["settings"]
    Server(
        "server.fronts:granian_app",
        address=settings.host,
        port=settings.port,
        interface=Interfaces.WSGI,
        workers=config["count"],
        blocking_threads=config["threads"],
        factory=True,
        respawn_failed_workers=True,  # a front ended by its watchdog is started again
        log_level=LogLevels.warning,
        log_access=False,  # the app writes the access log, as in every other process
        working_dir=Path(_ROOT),
    ).serve()


def granian_app() -> Any:
    """A granian worker's WSGI app (granian calls it once per worker process)."""
    with open(handed_config(), "rb") as file:
        config = pickle.load(file)
    logging.basicConfig(
        level=config["log_level"],
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        force=True,
    )
    _die_with_parent()  # granian's process: it dies with the main process
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()
    # granian's request threads are its own (no deep stack, no network filter): a lookup is
    # handed to a thread of graph.query.sandbox, as in the main process
    return _front_app(config, inline=False)


def _die_with_parent() -> None:
    """On Linux, the kernel kills this process the moment the main process ends (SIGKILL
    included): no answer is begun by a front whose main process is gone, as no answer was
    by the main process itself. Elsewhere the thread below looks twice a second."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _exit_with_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(0)


def _start(entry: str, config: dict[str, Any], pass_fds: tuple[int, ...] = ()) -> subprocess.Popen:
    """A Python process running ``server.fronts.<entry>()`` with ``config`` pickled on stdin
    (this checkout's package, whatever the working directory)."""
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import sys; sys.path.insert(0, {_ROOT!r}); "
            f"from server.fronts import {entry}; {entry}()",
        ],
        pass_fds=pass_fds,
        stdin=subprocess.PIPE,
    )
    assert proc.stdin is not None
    proc.stdin.write(pickle.dumps(config))
    proc.stdin.close()
    return proc


class FrontProcesses:
    """``count`` front processes on ``sock``, forwarding to a Unix socket of the main process
    (:attr:`upstream`); one that ends is started again until :meth:`stop`."""

    def __init__(self, sock: socket.socket, count: int, settings: Any, threads: int) -> None:
        self.sock = sock
        self.count = count
        self.settings = settings
        self.threads = threads
        self._dir = tempfile.mkdtemp(prefix="policygraph-")
        self.upstream = os.path.join(self._dir, "main.sock")
        self._procs: list[subprocess.Popen] = []
        self._stopping = threading.Event()
        self._lock = threading.Lock()

    def _spawn(self) -> subprocess.Popen:
        config = {
            "fd": self.sock.fileno(),
            "upstream": self.upstream,
            "settings": self.settings,
            "threads": self.threads,
            "log_level": logging.getLogger().getEffectiveLevel(),
            "parent": os.getpid(),
        }
        return _start("front_main", config, pass_fds=(self.sock.fileno(),))

    def start(self) -> None:
        with self._lock:
            self._procs = [self._spawn() for _ in range(self.count)]
        threading.Thread(target=self._supervise, name="policygraph-fronts", daemon=True).start()

    def _supervise(self) -> None:
        while not self._stopping.wait(0.5):
            with self._lock:
                for i, proc in enumerate(self._procs):
                    if proc.poll() is not None and not self._stopping.is_set():
                        log.warning(
                            "front process %d ended (%s); starting another",
                            proc.pid,
                            proc.returncode,
                        )
                        self._procs[i] = self._spawn()

    def pids(self) -> list[int]:
        with self._lock:
            return [p.pid for p in self._procs]

    def stop(self) -> None:
        self._stopping.set()
        with self._lock:
            procs = list(self._procs)
        for proc in procs:
            if proc.poll() is None:
                proc.terminate()
        for proc in procs:
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)
        try:
            os.unlink(self.upstream)
        except OSError:
            pass
        try:
            os.rmdir(self._dir)
        except OSError:
            pass

    def __enter__(self) -> FrontProcesses:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


class GranianFronts(FrontProcesses):
    """granian's HTTP server in front (``front_server = granian``): one granian process that
    listens on the server's address (``sock`` is only checked free, then closed) with
    ``count`` worker processes running the front app; granian starts a worker again when one
    ends, and this class starts granian again when granian ends (it gives up on a worker that
    ends twice within some seconds)."""

    def _spawn(self) -> subprocess.Popen:
        config = {
            "upstream": self.upstream,
            "settings": self.settings,
            "threads": self.threads,
            "count": self.count,
            "log_level": logging.getLogger().getEffectiveLevel(),
            "parent": os.getpid(),
            "path": os.path.join(self._dir, "front.pickle"),
        }
        with open(config["path"], "wb") as file:
            pickle.dump(config, file)
        return _start("granian_main", config)

    def start(self) -> None:
        self.sock.close()  # granian binds the address itself
        with self._lock:
            self._procs = [self._spawn()]
        threading.Thread(target=self._supervise, name="policygraph-fronts", daemon=True).start()

    def pids(self) -> list[int]:
        """Process ids of granian's workers (the front processes)."""
        with self._lock:
            procs = list(self._procs)
        found = []
        for proc in procs:
            try:
                with open(f"/proc/{proc.pid}/task/{proc.pid}/children") as children:
                    found += [int(pid) for pid in children.read().split()]
            except OSError:  # ended, or no /proc here
                pass
        return found

    def stop(self) -> None:
        super().stop()  # granian stops its workers on SIGTERM; they die with it on SIGKILL
        try:
            os.unlink(os.path.join(self._dir, "front.pickle"))
            os.rmdir(self._dir)
        except OSError:
            pass
