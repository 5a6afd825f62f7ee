"""A store on a SPARQL engine that runs elsewhere: SPARQL 1.1 Protocol, Update and Graph Store
over HTTP (``requests``), with a per-engine profile (:mod:`graph.store.profiles`).

Several policygraph processes can share one engine. What each guarantee rests on:

Union default graph
    Queries read the union of the named graphs (Oxigraph: the ``union-default-graph``
    parameter; Virtuoso: its default graph, where its system graphs are private graphs that
    anonymous queries do not see, :meth:`RemoteStore._keep_private`). What policygraph
    calls the default graph is kept in the named graph :data:`~graph.store.profiles.
    DEFAULT_GRAPH` (Virtuoso cannot write a plain default graph, and the Protocol cannot name
    one), hidden from :meth:`named_graphs`. Lookups by subject or object
    (:meth:`RemoteStore.subject_values` ...) go to Virtuoso's quad table over SQL with the
    credentials, which see the private graphs too: those lookups drop them themselves.
All or nothing
    Oxigraph: a write is one update request, which the server runs in one transaction.
    Virtuoso commits each operation of an HTTP update separately, so writes go over ODBC
    (``pyodbc`` and Virtuoso's ODBC driver): one ``SPARQL`` statement per operation in one
    transaction, committed once.
Data version
    Every write also replaces a *version token*, a fresh UUID, in the same transaction: the
    name of an empty named graph (Oxigraph; it adds no triple to any answer) or a triple in
    :data:`~graph.store.profiles.SYSTEM_GRAPH` (Virtuoso, excluded from every query). A
    process reads the token (one small query; on Oxigraph an ``ASK`` that the token graph read
    last is still there, the graphs being listed only after a change) at most every
    ``version_ttl`` seconds and at the start of every HTTP request (:meth:`RemoteStore.refresh`;
    a write whose token was replaced by another process's in between fails whole and is tried
    again, docs/deploy.md); when it changed, the local
    :attr:`data_version` moves on, and every value cached per version (partner network,
    metrics, search names, SPARQL answers) is computed again. A counter kept in the engine
    would lose updates under concurrent writers; a token written with the change cannot.
Time limits and cut answers
    Every request has a client-side read timeout (``query_timeout``); an answer the engine
    cut short (Virtuoso's ``X-SQL-State: S1TAT`` or ``X-SPARQL-MaxRows``, an Oxigraph body
    that ends in "cancelled", a result as long as the engine's row cap) is an error, never a
    partial answer.
No other calls
    HTTP and ODBC calls run in the store's own threads, started when the store is opened, so
    that the threads where policygraph evaluates a client's text keep running without network
    (:mod:`graph.query.sandbox`): the store is the only place those reach.

Credentials (``store_user``, ``store_password`` or ``store_password_file``) are never logged
nor put in an error message; a URL's ``user:password@`` part is taken as credentials and
removed from the URL.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import logging
import os
import queue
import re
import socket
import threading
import time
import uuid
import weakref
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlencode, urlsplit, urlunsplit

import pyoxigraph as ox
import requests
import urllib3
import urllib3.connection

from ..errors import InputError, LimitExceeded, QueryTimeout, StoreUnavailable
from ..formats import rdf_format
from ..iris import PREFIXES
from .changes import Change, names_blank_nodes, update_ops
from .profiles import DEFAULT_GRAPH, SYSTEM_GRAPH, TOKEN_PREFIX, Profile, profile
from .protocol import QueryResult, Runner, View
from .terms import values_query

__all__ = ["RemoteStore", "Credentials"]

log = logging.getLogger(__name__)

T = TypeVar("T")

_VERSION = ox.NamedNode("urn:x-policygraph:dataVersion")
_JSON = "application/sparql-results+json"
_XML = "application/sparql-results+xml"
_NTRIPLES = "application/n-triples"
_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)
_NOISE = re.compile(r"<[^<>\s]*>|\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'|#[^\n]*")
_FROM = re.compile(r"\bFROM\b", re.IGNORECASE)
#: Binary operators (and path steps) of a query: a chain of thousands makes the Oxigraph
#: server's parser recurse past its thread's stack, and the server process dies (verified:
#: 4,000 ``&&`` pass, 10,000 abort it). policygraph refuses such a query before sending it.
_OPERATOR = re.compile(r"&&|\|\||[+*/|^]")
MAX_OPERATORS = 4000
_PREFIX_DECL = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*|):\s*<([^<>\s]*)>", re.IGNORECASE)
#: Strings, comments and IRIs (kept as they are), and the FROM clauses and the ASK keyword of
#: the graphs its GRAPH patterns name (for Virtuoso, :func:`_virtuoso_text`).
_TOKENS = re.compile(
    r'(?P<skip>"""(?:[^"\\]|\\.|"(?!""))*"""|'
    r"'''(?:[^'\\]|\\.|'(?!''))*'''|"
    r'"(?:[^"\\\n]|\\.)*"|'
    r"'(?:[^'\\\n]|\\.)*'|#[^\n]*|<[^<>\"{}|^`\\\s]*>)"
    r"|(?P<from>\bFROM\s+(?:NAMED\s+)?(?:<[^<>\s]*>|(?:[A-Za-z][\w.-]*)?:[\w.-]*))"
    r"|\bGRAPH\s+(?P<graph><[^<>\s]*>|(?:[A-Za-z][\w.-]*)?:[\w.-]*)",
    re.IGNORECASE,
)
_BATCH = 400
_NET_THREADS = 8
#: How many times a write is tried again when another process's write replaced the version
#: token in between (``RemoteStore._commit``).
_RETRIES = 20
#: The name of the threads where policygraph evaluates a client's text without network
#: (graph/query/sandbox.py): a read from one of them goes through the store's own threads.
_SANDBOXED = "policygraph-native"
#: An empty store that parses queries (never evaluated: their results are not read).
_PARSER = ox.Store()
_VIRTUOSO_ODBC = "/usr/lib/x86_64-linux-gnu/odbc/virtodbc_r.so"
#: Virtuoso's group of private graphs: a graph in it is hidden from users without the private
#: permission, anonymous queries included (``union="private"``).
_PRIVATE_GROUP = "http://www.openlinksw.com/schemas/virtrdf#PrivateGraphs"
#: Rows fetched per round trip of an SQL read (Virtuoso's ODBC driver prefetches 20).
_FETCH = 20
#: Subjects (and predicates) per SQL lookup of quads (:meth:`RemoteStore._sql_quads`); the
#: statement is padded to one of these sizes, so that Virtuoso compiles few texts.
_SQL_SIZES = (1, 4, 16, 64, 100)
#: One quad of Virtuoso's quad table as :meth:`RemoteStore._sql_quads` reads it: subject,
#: predicate, graph, the object's kind (1 IRI, 2 blank node, 0 literal), its IRI or lexical
#: form, and for a literal its datatype and language as numbers of Virtuoso's tables
#: (RDF_DATATYPE, RDF_LANGUAGE; 257: none) and the XML Schema type of its value: what Virtuoso's
#: own SPARQL JSON writer reads (DB.DBA.SPARQL_RESULTS_JSON_WRITE_BINDING), from the object's
#: long form (``__ro2lo``: the short one has no language, and a long string only its start).
_LONG = "__ro2lo(O)"
_QUAD_COLUMNS = (
    "id_to_iri(S), id_to_iri(P), id_to_iri(G), "
    "case when not isiri_id(O) then 0 when O > min_bnode_iri_id() then 2 else 1 end, "
    f"case when isiri_id(O) then id_to_iri(O) "
    f"else __rdf_strsqlval(__rdf_sqlval_of_obj({_LONG}, 1)) end, "
    f"case when isiri_id(O) then NULL when __tag({_LONG}) = 246 then rdf_box_type({_LONG}) end, "
    f"case when isiri_id(O) then NULL when __tag({_LONG}) = 246 then rdf_box_lang({_LONG}) end, "
    f"case when isiri_id(O) then NULL "
    f"else cast(__xsd_type(__rdf_sqlval_of_obj({_LONG}, 1)) as varchar) end"
)
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
#: Serialises the opening of SQL connections, so that each finds its own socket.
_CONNECTING = threading.Lock()


class Credentials:
    """A user and password for the engine; ``repr`` never shows the password."""

    def __init__(self, user: str = "", password: str = "") -> None:
        self.user = user
        self._password = password

    @property
    def password(self) -> str:
        return self._password

    def __bool__(self) -> bool:
        return bool(self.user)

    def __repr__(self) -> str:
        return f"<Credentials {self.user or '-'}>"


def _split_url(url: str) -> tuple[str, Credentials | None]:
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError("the store URL must be an http:// or https:// URL with a host")
    creds = None
    if parts.username:
        creds = Credentials(parts.username, parts.password or "")
    netloc = parts.hostname + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path.rstrip("/"), "", "")), creds


class _Net:
    """Threads, started with the store, that make its network calls (module docstring)."""

    def __init__(self, size: int = 8) -> None:
        self._jobs: queue.SimpleQueue[tuple[Future, Callable[[], Any]] | None] = queue.SimpleQueue()
        self._local = threading.local()
        self._threads = [
            threading.Thread(target=self._loop, name="policygraph-store-net", daemon=True)
            for _ in range(size)
        ]
        for t in self._threads:
            t.start()

    def _loop(self) -> None:
        self._local.mine = True
        while True:
            item = self._jobs.get()
            if item is None:
                return
            future, job = item
            if future.set_running_or_notify_cancel():
                try:
                    future.set_result(job())
                except BaseException as exc:
                    future.set_exception(exc)

    def run(self, job: Callable[[], T]) -> T:
        if getattr(self._local, "mine", False):
            return job()
        future: Future = Future()
        self._jobs.put((future, job))
        return future.result()

    def close(self) -> None:
        for _ in self._threads:
            self._jobs.put(None)


def _close_quietly(conn: Any) -> None:
    """Close an ODBC connection; a dead one is dropped either way."""
    try:
        conn.close()
    except Exception:  # noqa: BLE001 - whatever the driver says, the handle is gone
        pass


#: Linux's TCP_QUICKACK (None elsewhere).
_QUICKACK = getattr(socket, "TCP_QUICKACK", None)


def _sockets_to(port: int) -> set[int]:
    """The descriptors of this process's TCP sockets connected to ``port`` (Linux: from
    /proc/self/fd; elsewhere none)."""
    found: set[int] = set()
    try:
        names = os.listdir("/proc/self/fd")
    except OSError:
        return found
    for name in names:
        sock = _socket_of(int(name))
        if sock is None:
            continue
        with sock:
            try:
                if sock.type == socket.SOCK_STREAM and sock.getpeername()[1] == port:
                    found.add(int(name))
            except (OSError, IndexError, TypeError):  # not connected, or not an IP socket
                continue
    return found


def _socket_of(fd: int) -> socket.socket | None:
    """A socket object on a duplicate of ``fd`` (closing it leaves ``fd`` open); None when
    ``fd`` is not a socket (or is closed)."""
    try:
        dup = os.dup(fd)
    except OSError:
        return None
    try:
        return socket.socket(fileno=dup)
    except OSError:
        os.close(dup)
        return None


def _quick_ack(target: socket.socket | int | None) -> None:
    """Acknowledge what the engine sent at once on ``target`` (a socket, or the descriptor of
    one), not after the 40 ms of a delayed ACK (Linux ``TCP_QUICKACK``).

    Virtuoso writes an answer in pieces and holds back a last short piece until the previous
    ones are acknowledged (Nagle's algorithm); on a kept-alive connection the client's kernel
    delays that acknowledgement by 40 ms. Measured at 10^5 quads: a CONSTRUCT of 60 kB over
    HTTP in 45 ms against 5 ms (8 of 20 requests), an SQL answer of 212 rows in 44 ms against
    1.2. Quick-ACK mode is not kept by the kernel, so it is set again before each read."""
    if _QUICKACK is None or target is None:
        return
    if isinstance(target, int):
        sock = _socket_of(target)
        if sock is None:
            return
        with sock:
            _quick_ack(sock)
        return
    try:
        target.setsockopt(socket.IPPROTO_TCP, _QUICKACK, 1)
    except OSError:
        pass


class _QuickAckConnection(urllib3.connection.HTTPConnection):
    def getresponse(self) -> Any:
        _quick_ack(self.sock)
        return super().getresponse()


class _QuickAckPool(urllib3.HTTPConnectionPool):
    ConnectionCls = _QuickAckConnection


def _read_body(got: Any, deadline: float) -> bytes:
    """The whole body of a urllib3 answer read as it comes, by ``deadline`` (monotonic), else
    :class:`TimeoutError`."""
    chunks: list[bytes] = []
    sock = getattr(got.connection, "sock", None)
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("the answer did not come in time")
        if sock is not None:
            sock.settimeout(left)
        _quick_ack(sock)
        chunk = got.read1(1 << 20)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _plain(text: str, limit: int = 300) -> str:
    return " ".join(text.split())[:limit]


def _form(sparql: str) -> str:
    found = _FORM.search(_NOISE.sub(" ", sparql))
    return found.group(1).upper() if found else "SELECT"


class RemoteStore:
    """A store on a remote SPARQL engine.

    Parameters
    ----------
    url : str
        The engine's base URL as it serves it (Oxigraph: ``http://127.0.0.1:7878``; Virtuoso:
        ``http://127.0.0.1:8890``; Fuseki: the dataset, ``http://host:3030/ds``; generic: the
        endpoint).
    engine : str
        A profile name (:data:`graph.store.profiles.PROFILES`).
    credentials : Credentials, optional
        Default: the URL's ``user:password@``, else none (settings ``store_user``,
        ``store_password``: :func:`graph.store.open_store`).
    timeout : float
        Longest one request may take, in seconds (the client gives up and raises
        :class:`~graph.errors.QueryTimeout`).
    odbc : str
        Virtuoso's SQL address (``host:port``) for its transactional writes; default: the
        URL's host, port 1111.
    version_ttl : float
        Longest a process goes without reading the data-version token.
    token : iterable of str, optional
        The data-version token as another handle read it (:meth:`view`): checked with one
        lookup at the start instead of read afresh.
    """

    name = "remote"

    def __init__(
        self,
        url: str,
        engine: str = "oxigraph",
        *,
        credentials: Credentials | None = None,
        timeout: float = 30.0,
        odbc: str = "",
        version_ttl: float = 1.0,
        read_only: bool = False,
        max_rows: int | None = None,
        odbc_driver: str = "",
        token: Iterable[str] | None = None,
    ) -> None:
        self.url, from_url = _split_url(url)
        self.profile: Profile = profile(engine)
        if max_rows is not None:
            self.profile = dataclasses.replace(self.profile, max_rows=max_rows)
        self._creds = credentials or from_url or Credentials()
        self.timeout = timeout
        #: writes are not queries: a bulk step or a large article may take longer
        self.write_timeout = max(timeout, 120.0)
        self.version_ttl = version_ttl
        host = urlsplit(self.url).hostname or "127.0.0.1"
        self._odbc_address = odbc or f"{host}:1111"
        self._odbc: Any = None
        self._odbc_driver = odbc_driver or _VIRTUOSO_ODBC
        self._lock = threading.RLock()
        self._net = _Net()
        weakref.finalize(self, self._net.close)  # the threads end with the store
        self._sessions = threading.local()
        self._odbc_pool: queue.SimpleQueue[Any] = queue.SimpleQueue()
        #: the socket of each pooled SQL connection (:func:`_quick_ack`), by ``id``
        self._odbc_fds: dict[int, int | None] = {}
        #: Virtuoso's numbers of datatypes and languages (:meth:`_twobyte`)
        self._twobytes: dict[tuple[str, int], str] = {}
        self._token: frozenset[str] | None = None
        self._generation = 0
        self._checked = 0.0
        self._depth = 0
        caps = {"persistent", "union-default-graph", "remote-evaluation"}
        if self.profile.tested:
            caps.add("transactions")
        if read_only:
            caps.add("read-only")
        self.capabilities = frozenset(caps)
        #: namespaces the engine reads as its own code: a client's text naming one is refused
        #: (graph.query.sparql.check_request)
        self.reserved_namespaces = self.profile.reserved
        if token is not None:  # a view's: checked with one lookup, not a list of every graph
            self._token, self._listed = frozenset(token), time.monotonic()
        self.refresh()
        if self.profile.union == "private":
            self._keep_private()

    # --- HTTP -----------------------------------------------------------------------------
    def _session(self) -> requests.Session:
        session = getattr(self._sessions, "session", None)
        if session is None:
            session = requests.Session()
            if self._creds and self.profile.auth != "none":
                auth_cls = (
                    requests.auth.HTTPDigestAuth
                    if self.profile.auth == "digest"
                    else requests.auth.HTTPBasicAuth
                )
                session.auth = auth_cls(self._creds.user, self._creds.password)
            self._sessions.session = session
        return session

    def _post(
        self,
        path: str,
        *,
        data: Any,
        headers: Mapping[str, str] | None = None,
        params: Any = None,
        auth: bool = False,
        timeout: float | None = None,
    ) -> requests.Response:
        limit = self.timeout if timeout is None else timeout

        def call() -> requests.Response:
            session = self._session() if auth else _anonymous()
            post = functools.partial(
                session.post,
                self.url + path,
                data=data,
                params=params,
                headers=dict(headers or {}),
                timeout=(min(5.0, limit), limit),
            )
            try:
                return post()
            except requests.ConnectionError as exc:
                # a kept-alive connection the engine closed meanwhile (Virtuoso does, between
                # a server's bursts): a query (form fields) is sent again once, on a new one
                if isinstance(exc, requests.Timeout) or not isinstance(data, list):
                    raise
                return post()

        try:
            return self._net.run(call)
        except requests.Timeout:
            raise QueryTimeout.after(limit) from None
        except requests.RequestException:
            raise StoreUnavailable(
                f"cannot reach the {self.profile.name} store at {self.url}; try again"
            ) from None

    def _reach(self, job: Callable[[], T]) -> T:
        """Run a read ``job`` in this thread, unless it is one without network (a sandbox
        thread of graph.query.sandbox): then in the store's threads. The hand-over costs
        0.1-0.4 ms, and a profile or an ingest makes tens to hundreds of reads."""
        if threading.current_thread().name == _SANDBOXED:
            return self._net.run(job)
        return job()

    def _read(
        self, path: str, fields: list[tuple[str, str]], accept: str, limit: float
    ) -> requests.Response:
        """POST a query form, anonymously, over a urllib3 connection pool of the store's own
        (a read pays some 0.1 ms there, against 0.6 ms through a requests session: a lookup
        makes a dozen reads), in the calling thread unless it is one without network (then in
        the store's threads; the hand-over costs 0.1-0.4 ms). The answer comes as a
        ``requests.Response``, as ``_post``'s.

        ``limit`` bounds the whole exchange, not each read of the socket (an engine that sends
        its answer slowly is stopped at the limit too). The body is read as it comes, with the
        socket's acknowledgements sent at once (:func:`_quick_ack`)."""
        body = urlencode(fields).encode()
        headers = {"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"}
        timeout = urllib3.Timeout(connect=min(5.0, limit), read=limit)

        def call() -> requests.Response:
            deadline = time.monotonic() + limit
            pool = self._pool
            if pool is None:
                pool = self._pool = urllib3.PoolManager(maxsize=_NET_THREADS, retries=False)
                pool.pool_classes_by_scheme = {
                    **pool.pool_classes_by_scheme,
                    "http": _QuickAckPool,
                }
            got = pool.request(
                "POST",
                self.url + path,
                body=body,
                headers=headers,
                timeout=timeout,
                preload_content=False,
            )
            try:
                content = _read_body(got, deadline)
            except BaseException:
                got.close()  # a half-read answer: its connection is not used again
                got.release_conn()
                raise
            got.release_conn()
            response = requests.Response()
            response.status_code = got.status
            response.headers = requests.structures.CaseInsensitiveDict(got.headers)
            response._content = content
            response.encoding = "utf-8"
            return response

        try:
            return self._reach(call)
        except urllib3.exceptions.NewConnectionError:  # a ConnectTimeoutError, for urllib3
            raise StoreUnavailable(
                f"cannot reach the {self.profile.name} store at {self.url}; try again"
            ) from None
        except (urllib3.exceptions.TimeoutError, TimeoutError):
            raise QueryTimeout.after(limit) from None
        except (urllib3.exceptions.HTTPError, OSError):
            raise StoreUnavailable(
                f"cannot reach the {self.profile.name} store at {self.url}; try again"
            ) from None

    _pool: urllib3.PoolManager | None = None

    def _failed(self, response: requests.Response, what: str) -> Exception:
        """The error for an engine's refusal, in one plain line (never its internals)."""
        text = response.text if response.content else ""
        if "S1TAT" in text or "SR171" in text or "timed out" in text.lower():
            return QueryTimeout.after(self.timeout)
        if "exceeds the limit" in text:
            return LimitExceeded(
                f"the {self.profile.name} store refused the {what} as too costly "
                "(its own cost limit)",
                limit="engine",
            )
        if "code vector exceeded" in text:
            return LimitExceeded(
                f"the {what} is too large for the {self.profile.name} store's compiler: split it",
                limit="engine",
            )
        evaluation = (
            self.profile.name == "virtuoso" and re.match(r"\s*Virtuoso (22|42)[0-9A-Z]{3} ", text)
        ) or (self.profile.name == "oxigraph" and "is not supported" in text)
        if response.status_code == 500 and evaluation:  # the query, not the engine, failed
            message = re.split(r"SPARQL query:|\bdefine\s", text)[0]
            message = re.sub(r"Virtuoso [0-9A-Z]{5} Error \w+:\s*|DB\.DBA\.", "", message)
            return InputError(f"the query cannot be evaluated: {_plain(message)}")
        if response.status_code in (400, 422) or "SP030" in text or "37000" in text:
            text = re.split(r"SPARQL query:|\bdefine\s", text)[0]
            message = re.sub(r"\b(Virtuoso|SQ\d+|SP\d+|\d{5})\b:?\s*", "", _plain(text)).strip()
            return InputError(f"the store refused the {what}: {message or 'no reason given'}")
        if response.status_code in (401, 403):
            return StoreUnavailable(
                f"the {self.profile.name} store refused policygraph's credentials "
                "(settings store_user, store_password)"
            )
        return StoreUnavailable(
            f"the {self.profile.name} store failed the {what} (HTTP {response.status_code}); "
            "try again"
        )

    # --- dataset of a query ---------------------------------------------------------------
    def _private_graphs(self) -> tuple[str, ...]:
        """``union="private"``: the graphs no anonymous query may see, the engine's own and
        the one of the data version."""
        return (*self.profile.hidden, SYSTEM_GRAPH)

    def _keep_private(self) -> None:
        """Check that an anonymous query sees none of :meth:`_private_graphs` (then the
        engine's default graph, and its ``GRAPH ?g``, are the union of policygraph's graphs,
        with no dataset named and nothing kept per write); a handle that may write makes them
        private first when they are not (Virtuoso's graph-level security, once per engine)."""
        writer = bool(self._creds) and "read-only" not in self.capabilities
        if writer and (not self._token or self._sees_private()):
            self._net.run(self._odbc_private)
        if self._sees_private():
            raise StoreUnavailable(
                f"the {self.profile.name} store shows its own system graphs to anonymous "
                "queries; open it once with credentials that may change its graph security "
                "(settings store_user, store_password), or make them private as "
                "docs/deploy.md says"
            )
        if not writer and "read-only" not in self.capabilities:  # a worker's view needs none
            log.warning(
                "no credentials for the %s store: this process cannot read the data version "
                "(a private graph), so it sees only its own writes",
                self.profile.name,
            )

    def _sees_private(self) -> bool:
        listed = ", ".join(f"<{g}>" for g in self._private_graphs())
        ask = f"ASK {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g IN ({listed})) }}"
        return bool(self.query(ask, default_graphs=[]))

    def _odbc_private(self) -> None:
        """Make :meth:`_private_graphs` private, unreadable to anonymous queries. Each of
        Virtuoso's graph-security procedures commits by itself, so this runs apart from any
        write (never between a write's operations); running it again changes nothing."""
        import pyodbc  # type: ignore[import-not-found,unused-ignore]

        conn = self._odbc_connection()
        statements = [
            f"DB.DBA.RDF_GRAPH_GROUP_CREATE('{_PRIVATE_GROUP}', 1)",
            *(
                f"DB.DBA.RDF_GRAPH_GROUP_INS('{_PRIVATE_GROUP}', '{g}')"
                for g in self._private_graphs()
            ),
            "DB.DBA.RDF_DEFAULT_USER_PERMS_SET('nobody', 0, 1)",
        ]
        try:
            cursor = conn.cursor()
            for statement in statements:
                cursor.execute(statement)
            conn.commit()
        except pyodbc.Error:
            self._drop_odbc()
            raise StoreUnavailable(
                f"the {self.profile.name} store refused to make its system graphs private to "
                "anonymous queries (the configured user needs the dba role)"
            ) from None

    def _read_private_token(self) -> frozenset[str]:
        """The data-version token, in a private graph: read with the credentials over SQL
        (0.04 ms, where an authenticated HTTP query takes ~2 ms: it is read at the start of
        every request); none without credentials."""
        if not self._creds:
            return self._token or frozenset()
        sparql = f"SPARQL SELECT ?v WHERE {{ GRAPH <{SYSTEM_GRAPH}> {{ ?s {_VERSION} ?v }} }}"
        rows = self._reach(lambda: self._odbc_read(sparql))  # at the start of every request
        return frozenset(row[0] for row in rows)

    def _odbc_read(
        self, statement: str, timeout: float | None = None, params: tuple[Any, ...] = ()
    ) -> list[Any]:
        """The rows of one SQL statement, on an autocommit connection of the store's pool (one
        thread at a time uses one): it sees what is committed and never holds a lock a write
        waits for. The pool's connections are closed by :meth:`close`, in a Python frame: left
        to a thread-local, they were freed as their threads ended, and the ODBC driver crashed
        the process there (a segmentation fault in a test run)."""
        import pyodbc  # type: ignore[import-not-found,unused-ignore]

        try:
            conn = self._odbc_pool.get_nowait()
        except queue.Empty:
            conn = None
        kept = False
        try:
            if conn is None:
                conn = self._odbc_connect(autocommit=True)
            conn.timeout = int(timeout or self.write_timeout)
            fd = self._odbc_fds.get(id(conn))
            cursor = conn.cursor()
            _quick_ack(fd)
            cursor.execute(statement, *params)
            rows = []
            while True:  # a round trip per batch, each acknowledged at once (_quick_ack)
                _quick_ack(fd)
                batch = cursor.fetchmany(_FETCH)
                if not batch:
                    break
                rows += [row for row in batch if row[0] is not None]
            cursor.close()
            self._odbc_pool.put(conn)
            kept = True
            return rows
        except pyodbc.OperationalError as exc:
            if "HYT00" in str(exc.args[0] if exc.args else ""):
                raise QueryTimeout.after(timeout or self.write_timeout) from None
            raise StoreUnavailable(
                f"the {self.profile.name} store failed a read of its SQL tables; try again"
            ) from None
        except pyodbc.Error:
            raise StoreUnavailable(
                f"the {self.profile.name} store failed a read of its SQL tables; try again"
            ) from None
        finally:
            if conn is not None and not kept:
                self._odbc_fds.pop(id(conn), None)
                _close_quietly(conn)

    @staticmethod
    def _graph_iri(iri: str) -> str:
        return DEFAULT_GRAPH if iri in ("", "default") else iri

    def _select(self, sparql: str, **kwargs: Any) -> list[dict[str, Any]]:
        result = self.query(sparql, **kwargs)
        assert isinstance(result, ox.QuerySolutions)
        names = [v.value for v in result.variables]
        return [{n: row[n] for n in names} for row in result]

    def query(
        self,
        sparql: str,
        *,
        default_graphs: Iterable[str] | None = None,
        named_graphs: Iterable[str] | None = None,
        union_default: bool = True,
        prefixes: Mapping[str, str] | None = None,
        base_iri: str | None = None,
        timeout: float | None = None,
        runner: Runner | None = None,
    ) -> QueryResult:
        """Run ``sparql`` on the engine (protocol :meth:`~graph.store.protocol.Store.query`).
        ``timeout`` (seconds, default the store's) bounds the whole exchange; ``runner`` runs
        the local parse of the text (the endpoint's: a deep-stack thread without network,
        :mod:`graph.query.sandbox`), which decides what is a syntax error whatever the engine
        accepts."""
        prologue = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in (prefixes or {}).items())
        if base_iri:
            prologue = f"BASE <{base_iri}>\n" + prologue
        params: list[tuple[str, str]] = []
        explicit = default_graphs is not None or named_graphs is not None
        for g in default_graphs or ():
            params.append(("default-graph-uri", self._graph_iri(g)))
        for g in named_graphs or ():
            params.append(("named-graph-uri", g))
        if not explicit:
            has_from = bool(_FROM.search(_NOISE.sub(" ", sparql)))
            # union="private" and "engine": the engine's default graph is the union already
            if union_default and self.profile.union == "param":
                params.append(("union-default-graph", "true"))
            elif not union_default and not has_from:
                params.append(("default-graph-uri", DEFAULT_GRAPH))
        limit = self.timeout if timeout is None else timeout
        if self.profile.timeout_param:
            params.append((self.profile.timeout_param, str(int(limit * 1000))))
        form = _form(sparql)
        accept = _NTRIPLES if form in ("CONSTRUCT", "DESCRIBE") else self.profile.results
        text = prologue + sparql
        _check_chains(text)  # first: parsing a chain of 10,000 operators takes seconds

        def parse() -> None:
            _PARSER.query(sparql, prefixes=dict(prefixes or {}) or None, base_iri=base_iri or None)

        try:  # the same syntax as the embedded store, whatever the engine accepts
            runner(parse) if runner is not None else parse()
        except SyntaxError as exc:
            raise InputError(f"SPARQL syntax error: {exc}") from exc
        if self.profile.name == "virtuoso":
            text, named = _virtuoso_text(text, drop_from=explicit)
            if self.profile.union == "private":
                text = _no_graph_listing(text)
                if form == "DESCRIBE":  # the default mode finds nothing under graph security
                    text = f'define sql:describe-mode "CBD"\n{text}'
            if any(k.endswith("-graph-uri") for k, _ in params):  # only then the phantom
                have = {g for k, g in params if k == "named-graph-uri"}
                params += [("named-graph-uri", g) for g in dict.fromkeys(named) if g not in have]
        fields = [("query", text), *params]
        response, body = self._answer(fields, accept, limit)
        try:
            if response.headers.get("Content-Type", "").startswith(_NTRIPLES) or accept == (
                _NTRIPLES
            ):
                return self._triples(body)
            if accept == _XML:
                return ox.parse_query_results(body, format=ox.QueryResultsFormat.XML)
            if self.profile.name == "virtuoso":
                body = _virtuoso_booleans(body)
            result = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
            return result
        except (SyntaxError, ValueError, OSError):
            raise StoreUnavailable(
                f"the {self.profile.name} store sent an answer that cannot be read (cut short?); "
                "try again"
            ) from None

    def _answer(
        self, fields: list[tuple[str, str]], accept: str, limit: float
    ) -> tuple[requests.Response, bytes]:
        """The engine's whole answer to a query form, or the error it stands for (an engine
        error, a timeout, a result cut at the engine's row cap)."""
        response = self._read(self.profile.query, fields, accept, limit)
        if response.status_code != 200:
            raise self._failed(response, "query")
        if response.headers.get("X-SQL-State") == "S1TAT":
            raise QueryTimeout.after(limit)
        if response.headers.get("X-SPARQL-MaxRows"):
            raise self._cut()
        body = response.content
        if body.rstrip().endswith(b"cancelled"):
            raise QueryTimeout.after(limit)
        return response, body

    def _cut(self) -> LimitExceeded:
        return LimitExceeded(
            f"the answer reached the {self.profile.name} store's own row cap and may be cut "
            "short; it is refused (narrow the query, or raise the engine's cap)",
            limit="engine_max_rows",
        )

    def _triples(self, body: bytes) -> ox.QueryTriples:
        if self.profile.name == "virtuoso":
            body = _BOOLEAN_NT.sub(lambda m: _BOOLEANS[m.group(1)] + m.group(2), body)
        if self.profile.max_rows:  # one triple a line (N-Triples), before duplicates go
            lines = sum(1 for line in body.split(b"\n") if line.strip()[:1] not in (b"", b"#"))
            if lines >= self.profile.max_rows:
                raise self._cut()
        # parsed straight into a store of their own (some 30% sooner than a list of triples
        # handed over from Python), which gives the result as the engine's CONSTRUCT would
        holder = ox.Store()
        holder.load(body, format=ox.RdfFormat.N_TRIPLES)
        result = holder.query("CONSTRUCT WHERE { ?s ?p ?o }")
        assert isinstance(result, ox.QueryTriples)
        return result

    # --- data version ---------------------------------------------------------------------
    #: Longest a process trusts the one-graph check of :meth:`refresh` before it lists the
    #: token graphs again (a safety net: a writer that died between its write and
    #: :meth:`_settle`, a write by another program).
    list_ttl = 10.0
    _listed = 0.0  # when the token graphs were last listed (monotonic)

    def _read_token(self) -> frozenset[str]:
        """The data-version token as the engine holds it now (for ``token="graph"``: a list of
        every named graph, the cost grows with their number)."""
        if self.profile.token == "graph":
            rows = self._select(
                f'SELECT ?g WHERE {{ GRAPH ?g {{}} FILTER(STRSTARTS(STR(?g), "{TOKEN_PREFIX}")) }}',
                named_graphs=None,
                union_default=False,
                default_graphs=[],
            )
            self._listed = time.monotonic()
            return frozenset(r["g"].value for r in rows)
        if self.profile.union == "private":
            return self._read_private_token()
        rows = self._select(
            f"SELECT ?v WHERE {{ GRAPH <{SYSTEM_GRAPH}> {{ <{SYSTEM_GRAPH}> {_VERSION} ?v }} }}",
            default_graphs=[],
        )
        return frozenset(r["v"].value for r in rows)

    def _token_holds(self, token: frozenset[str]) -> bool:
        """Whether every token graph of ``token`` is still in the engine: one lookup by name,
        whatever the number of graphs. Every write drops the token graphs its writer knows
        and :meth:`_settle` leaves one, so a token that still holds means no write ended
        since it was read."""
        patterns = " ".join(f"GRAPH <{g}> {{}}" for g in sorted(token))
        return bool(self.query(f"ASK {{ {patterns} }}", default_graphs=[]))

    def _token_lost(self) -> bool:
        """Whether a token graph this process knows is gone (another process wrote)."""
        known = self._token
        if self.profile.token != "graph" or not known:
            return False
        return not self._token_holds(known)

    def refresh(self) -> int:
        """Read the data-version token now; the local data version moves on when it changed
        (another process wrote). Returns the data version.

        For ``token="graph"`` (Oxigraph), one ``ASK`` says whether the token graphs read last
        are all still there; only when they are not (a write) or after ``list_ttl`` seconds
        are the token graphs listed again."""
        known = self._token
        if (
            self.profile.token == "graph"
            and known
            and time.monotonic() - self._listed < self.list_ttl
            and self._token_holds(known)
        ):
            token = known
        else:
            token = self._read_token()
        with self._lock:
            if token != self._token:
                if self._token is not None:
                    self._generation += 1
                self._token = token
            self._checked = time.monotonic()
            return self._generation

    @property
    def data_version(self) -> int:
        """This process's count of the versions it has seen (the token is shared; the count is
        local). Read from the engine at most every ``version_ttl`` seconds."""
        if time.monotonic() - self._checked > self.version_ttl:
            try:
                self.refresh()
            except StoreUnavailable:
                log.warning("cannot read the data version of the store; keeping the last one")
        return self._generation

    def _settle(self, new: str) -> None:
        """After a write that raced another process's (it was tried again): when a token graph
        of another writer is left beside ``new``, replace them all with one fresh token graph,
        so that a reader holding any of them sees both writes on its next :meth:`refresh`.
        Not after every write: the list costs a scan of every graph name (0.5 s at 10^6)."""
        if self.profile.token != "graph":
            return
        for attempt in range(4):
            listed = self._read_token()
            if len(listed) <= 1:
                return  # ours, or a later writer's that replaced it (then ours fails its check)
            if attempt == 3:
                break
            newer = TOKEN_PREFIX + str(uuid.uuid4())
            ops = [f"DROP SILENT GRAPH <{g}>" for g in sorted(listed)] + [f"CREATE GRAPH <{newer}>"]
            response = self._post(
                self.profile.update,
                data=" ;\n".join(ops).encode(),
                headers={"Content-Type": "application/sparql-update; charset=utf-8"},
                auth=True,
                timeout=self.write_timeout,
            )
            if response.status_code not in (200, 204):
                log.warning(
                    "could not settle the data-version token (HTTP %s)", response.status_code
                )
                return
            with self._lock:
                self._token = frozenset({newer})
                self._generation += 1
        log.warning("concurrent writers kept the data-version token unsettled; readers list it")

    def _token_ops(self, new: str) -> list[str]:
        if self.profile.token == "graph":
            # without SILENT: when another process replaced the token since this one read
            # it, the whole write fails, writes nothing, and is tried again (``_commit``)
            old = sorted(self._token or ())
            return [f"DROP GRAPH <{g}>" for g in old] + [f"CREATE GRAPH <{new}>"]
        return [
            f"DELETE WHERE {{ GRAPH <{SYSTEM_GRAPH}> {{ <{SYSTEM_GRAPH}> {_VERSION} ?v }} }}",
            f'INSERT DATA {{ GRAPH <{SYSTEM_GRAPH}> {{ <{SYSTEM_GRAPH}> {_VERSION} "{new}" }} }}',
        ]

    # --- reads ----------------------------------------------------------------------------
    def _quad_rows(self, where: str, values: str = "") -> list[ox.Quad]:
        sparql = f"SELECT ?s ?p ?o ?g WHERE {{ {values} GRAPH ?g {{ {where} }} }}"
        rows = self._select(sparql, default_graphs=None, union_default=True)
        if self.profile.max_rows and len(rows) >= self.profile.max_rows:
            raise self._cut()
        out = []
        private = self._private_graphs() if self.profile.union == "private" else ()
        for r in rows:
            g = r["g"]
            if g.value.startswith(TOKEN_PREFIX) or g.value == SYSTEM_GRAPH or g.value in private:
                continue
            graph = ox.DefaultGraph() if g.value == DEFAULT_GRAPH else g
            out.append(ox.Quad(r["s"], r["p"], r["o"], graph))
        return out

    def quads(
        self, subject: Any = None, predicate: Any = None, object: Any = None, graph: Any = None
    ) -> Iterator[ox.Quad]:
        # the given terms go into the pattern itself: the Oxigraph server reads
        # ``VALUES ?p {..} VALUES ?o {..} GRAPH ?g { ?s ?p ?o }`` by scanning (30 ms at 10^6
        # quads for an empty answer, against 1 ms for ``GRAPH ?g { ?s <p> <o> }``)
        given = {"s": subject, "p": predicate, "o": object}
        if any(isinstance(t, ox.BlankNode) for t in given.values()):
            return iter(())  # the engine's blank nodes cannot be named
        by_sql = self._sql_pattern(subject, predicate, object, graph)
        if by_sql is not None:
            return iter(by_sql)
        if isinstance(graph, ox.DefaultGraph):
            graph = ox.NamedNode(DEFAULT_GRAPH)
        pattern = " ".join(f"?{n}" if t is None else str(t) for n, t in given.items())
        names = [n for n, t in given.items() if t is None] + (["g"] if graph is None else [])
        rows = self._select(
            f"SELECT {' '.join('?' + n for n in names) or '*'} WHERE "
            f"{{ GRAPH {'?g' if graph is None else graph} {{ {pattern} }} }}",
            default_graphs=None,
            union_default=True,
        )
        if self.profile.max_rows and len(rows) >= self.profile.max_rows:
            raise self._cut()
        out = []
        for r in rows:
            g = r.get("g", graph)
            if g.value.startswith(TOKEN_PREFIX) or g.value == SYSTEM_GRAPH:
                continue
            s, p, o = (r.get(n, t) for n, t in given.items())
            out.append(ox.Quad(s, p, o, ox.DefaultGraph() if g.value == DEFAULT_GRAPH else g))
        return iter(out)

    def _sql_pattern(
        self, subject: Any, predicate: Any, object: Any, graph: Any
    ) -> list[ox.Quad] | None:
        """:meth:`quads` of a pattern with an IRI subject, or an IRI object and no subject,
        over Virtuoso's SQL connection (:meth:`_sql_quads`); None for the other patterns (and
        engines), which take the SPARQL route. An ingest or a delete makes some 100-200 such
        lookups: over HTTP each paid Virtuoso's SPARQL compiler and JSON writer (~3.5 ms at
        10^5 quads). A literal object is left to SPARQL, which compares it as the engine does."""
        if not self._sql_reads() or not isinstance(predicate, ox.NamedNode | None):
            return None
        props = None if predicate is None else [predicate]
        if isinstance(subject, ox.NamedNode) and isinstance(object, ox.NamedNode | None):
            found = self._sql_quads([subject], props, end="S")
        elif subject is None and isinstance(object, ox.NamedNode):
            found = self._sql_quads([object], props, end="O")
        else:
            return None
        return [
            q
            for q in found
            if (predicate is None or q.predicate == predicate)
            and (object is None or q.object == object)
            and (graph is None or q.graph_name == graph)
        ]

    def subject_quads(self, subjects: Iterable[Any]) -> list[ox.Quad]:
        named = [s for s in dict.fromkeys(subjects) if isinstance(s, ox.NamedNode)]
        if self._sql_reads():
            return self._sql_quads(named)
        out: list[ox.Quad] = []
        for start in range(0, len(named), _BATCH):
            chunk = " ".join(str(s) for s in named[start : start + _BATCH])
            out += self._quad_rows("?s ?p ?o", f"VALUES ?s {{ {chunk} }}")
        return out

    def subject_values(self, subjects: Iterable[Any], predicates: Iterable[Any]) -> list[ox.Triple]:
        return self._values("S", subjects, predicates)

    def object_values(self, objects: Iterable[Any], predicates: Iterable[Any]) -> list[ox.Triple]:
        return self._values("O", objects, predicates)

    def _values(self, end: str, terms: Iterable[Any], predicates: Iterable[Any]) -> list[ox.Triple]:
        named = [t for t in dict.fromkeys(terms) if isinstance(t, ox.NamedNode)]
        props = [p for p in dict.fromkeys(predicates) if isinstance(p, ox.NamedNode)]
        if not named or not props:
            return []
        if self._sql_reads():
            quads = self._sql_quads(named, props, end=end)
            return list(dict.fromkeys(ox.Triple(q.subject, q.predicate, q.object) for q in quads))
        sparql = values_query(end.lower(), named, props)
        assert sparql is not None
        result = self.query(sparql)
        assert isinstance(result, ox.QuerySolutions)
        found = [ox.Triple(row[0], row[1], row[2]) for row in result]
        if self.profile.max_rows and len(found) >= self.profile.max_rows:
            raise self._cut()
        return found

    def _sql_reads(self) -> bool:
        """Whether lookups by subject go over Virtuoso's SQL connection (it has credentials:
        they may read the quad table, which they see whole, private graphs too)."""
        return (
            self.profile.union == "private" and self.profile.writes == "odbc" and bool(self._creds)
        )

    def _sql_quads(
        self,
        subjects: list[ox.NamedNode],
        predicates: list[ox.NamedNode] | None = None,
        *,
        end: str = "S",
    ) -> list[ox.Quad]:
        """The quads of Virtuoso's quad table whose subject is one of ``subjects`` (and
        predicate one of ``predicates``), read with SQL over IRI ids: the same quads as
        ``GRAPH ?g { ?s ?p ?o }`` with ``VALUES`` over HTTP, without the SPARQL compiler and
        its JSON writer (500 sites x 5 properties: ~15 ms against 150-240). The connection
        sees the private graphs: they are dropped here, as :meth:`_quad_rows` drops them.
        ``end="O"``: the quads whose object is one of ``subjects`` (IRIs) instead."""
        props = [p.value for p in predicates or ()]
        step = _SQL_SIZES[-1]
        out: list[ox.Quad] = []
        for start in range(0, len(subjects), step):
            chunk = [s.value for s in subjects[start : start + step]]
            table = "DB.DBA.RDF_QUAD"
            if predicates is None:
                if end == "O":  # Virtuoso's own plan for an IN list over O fails (SR066)
                    table += " table option (index RDF_QUAD_OP)"
                where = f"{end} in ({_sql_slots(len(chunk))})"
                params = tuple(_padded(chunk))
            else:  # by the (P, S, ...) or (P, O, ...) index, which Virtuoso leaves for
                # parameters (19 ms instead of 1.6 for 100 subjects)
                table += f" table option (index {'RDF_QUAD' if end == 'S' else 'RDF_QUAD_POGS'})"
                slots = _sql_slots(len(chunk))
                where = f"P in ({_sql_slots(len(props))}) and {end} in ({slots})"
                params = (*_padded(props), *_padded(chunk))
            read = functools.partial(
                self._odbc_read, f"select {_QUAD_COLUMNS} from {table} where {where}", self.timeout
            )
            rows = self._reach(functools.partial(read, params))
            out += self._sql_rows(rows)
            if self.profile.max_rows and len(out) >= self.profile.max_rows:
                raise self._cut()
        return out

    def _sql_rows(self, rows: list[Any]) -> list[ox.Quad]:
        hidden = {SYSTEM_GRAPH, *self._private_graphs()}
        out = []
        for s, p, g, kind, value, typ, lang, xsd in rows:
            if g in hidden or g.startswith(TOKEN_PREFIX):
                continue
            obj: ox.NamedNode | ox.BlankNode | ox.Literal
            if kind == 1:
                obj = ox.NamedNode(value)
            elif kind == 2:
                obj = ox.BlankNode(value.removeprefix("nodeID://"))
            else:
                obj = self._literal(value, typ, lang, xsd)
            graph = ox.DefaultGraph() if g == DEFAULT_GRAPH else ox.NamedNode(g)
            out.append(ox.Quad(ox.NamedNode(s), ox.NamedNode(p), obj, graph))
        return out

    def _literal(self, value: str, typ: Any, lang: Any, xsd: str | None) -> ox.Literal:
        """A literal as Virtuoso's SPARQL JSON writer gives it (:data:`_QUAD_COLUMNS`; the
        numbers come as text through the ``case``)."""
        typ = None if typ is None else int(typ)
        lang = None if lang is None else int(lang)
        datatype = None
        if typ not in (None, 257):
            datatype = self._twobyte("RDT_QNAME", "DB.DBA.RDF_DATATYPE", "RDT_TWOBYTE", typ)
        elif lang not in (None, 257):
            tag = self._twobyte("RL_ID", "DB.DBA.RDF_LANGUAGE", "RL_TWOBYTE", lang)
            return ox.Literal(value, language=tag.lower())
        elif xsd and xsd != _XSD_STRING:
            datatype = xsd
        if datatype is None or datatype == _XSD_STRING:
            return ox.Literal(value)
        if datatype == _XSD_BOOLEAN and value in ("0", "1"):
            value = "true" if value == "1" else "false"
        return ox.Literal(value, datatype=ox.NamedNode(datatype))

    def _twobyte(self, column: str, table: str, key: str, number: int) -> str:
        """A datatype IRI or language tag by its number in Virtuoso's table (read once, and
        again when a write added one)."""
        known = self._twobytes
        if (table, number) not in known:
            rows = self._reach(lambda: self._odbc_read(f"select {key}, {column} from {table}"))
            known.update({(table, int(k)): str(v) for k, v in rows})
        if (table, number) not in known:
            raise StoreUnavailable(
                f"the {self.profile.name} store answered with an unknown datatype or language"
            )
        return known[(table, number)]

    def named_graphs(self) -> list[str]:
        # every graph of the engine (no dataset named), its own filtered out below
        if self.profile.union == "private":
            names = self._known_graphs()
        elif self.profile.token == "graph":
            rows = self._select("SELECT DISTINCT ?g WHERE { GRAPH ?g {} }", default_graphs=[])
            names = [r["g"].value for r in rows if r["g"] is not None]
        else:
            rows = self._select(
                "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", default_graphs=[]
            )
            names = [r["g"].value for r in rows if r["g"] is not None]
        hidden = {DEFAULT_GRAPH, SYSTEM_GRAPH, *self.profile.hidden}
        return sorted(g for g in names if g not in hidden and not g.startswith(TOKEN_PREFIX))

    def _known_graphs(self) -> list[str]:
        """Virtuoso's graphs, those holding triples and those created empty, private ones too.
        With credentials, from its SQL tables (6 ms at 10^5 quads); without, from a SPARQL
        scan of the quads (150 ms; graphs created empty are missed). Its own graph listing
        (:func:`_no_graph_listing`) took over 30 s there."""
        if self._creds:
            names = self._reach(self._odbc_graphs)
        else:
            rows = self._select(
                "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", default_graphs=[]
            )
            names = [r["g"].value for r in rows if r["g"] is not None]
        private = set(self._private_graphs())
        return [g for g in names if g not in private]

    def _odbc_graphs(self) -> list[str]:
        """The graph names of Virtuoso's quad table and of its created graphs."""
        rows = self._odbc_read(
            "select id_to_iri(G) from (select distinct G from DB.DBA.RDF_QUAD) as q "
            "union select id_to_iri(REC_GRAPH_IID) from DB.DBA.RDF_EXPLICITLY_CREATED_GRAPH"
        )
        return [row[0] for row in rows]

    def has_graph(self, iri: str) -> bool:
        """Whether the graph is there, with triples or created empty (as :meth:`named_graphs`
        lists it, and as the embedded store says)."""
        if iri in (DEFAULT_GRAPH, SYSTEM_GRAPH) or iri.startswith(TOKEN_PREFIX):
            return False
        pattern = "{}" if self.profile.token == "graph" else "{ ?s ?p ?o }"
        if self.query(f"ASK {{ GRAPH <{iri}> {pattern} }}", default_graphs=[]):
            return True
        if self.profile.union != "private" or not self._creds or iri in self._private_graphs():
            return False
        # Virtuoso's ASK finds no graph without a triple: one created empty is in its table
        # of created graphs (read with the credentials; without, it is not found)
        created = (
            "select 1 from DB.DBA.RDF_EXPLICITLY_CREATED_GRAPH "
            "where REC_GRAPH_IID = iri_to_id(?, 0)"
        )
        return bool(self._reach(lambda: self._odbc_read(created, params=(iri,))))

    def __len__(self) -> int:
        rows = self._select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(rows[0]["n"].value) if rows else 0

    def dump(self, fmt: str, *, graph: str | None = None) -> bytes:
        f = rdf_format(fmt)
        if graph is not None:
            g = ox.DefaultGraph() if graph in ("", "default") else ox.NamedNode(graph)
            triples = [ox.Triple(q.subject, q.predicate, q.object) for q in self.quads(graph=g)]
            out = ox.serialize(triples, format=f.native, prefixes=PREFIXES)
        elif f.dataset:
            out = ox.serialize(self._quad_rows("?s ?p ?o"), format=f.native, prefixes=PREFIXES)
        else:
            merged = self.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
            assert isinstance(merged, ox.QueryTriples)
            out = ox.serialize(merged, format=f.native, prefixes=PREFIXES)
        assert out is not None
        return out

    def view(self) -> View:
        where = json.dumps(
            {
                "url": self.url,
                "engine": self.profile.name,
                "timeout": self.timeout,
                "max_rows": self.profile.max_rows,
                "token": sorted(self._token or ()),
            }
        )
        return View(self.name, self.data_version, location=where)

    @classmethod
    def open_view(cls, view: View) -> RemoteStore:
        """A read-only handle in another process (a query worker): the same engine."""
        assert view.location is not None
        where = json.loads(view.location)
        return cls(
            where["url"],
            where["engine"],
            timeout=where["timeout"],
            max_rows=where["max_rows"],
            read_only=True,
            token=where.get("token"),
        )

    # --- writes ---------------------------------------------------------------------------
    @contextmanager
    def write_lock(self) -> Iterator[None]:
        with self._lock:
            self._depth += 1
            try:
                if self._depth == 1:  # what is read under the lock is current
                    self.refresh()
                yield
            finally:
                self._depth -= 1

    def _writable(self) -> None:
        if "read-only" in self.capabilities:
            raise StoreUnavailable("this handle of the store is read-only")

    def _commit(self, ops: list[str], what: str) -> None:
        """Run ``ops`` and a new version token, all or nothing (module docstring)."""
        self._writable()
        with self._lock:
            new = (
                TOKEN_PREFIX + str(uuid.uuid4())
                if self.profile.token == "graph"
                else (str(uuid.uuid4()))
            )
            data, ops = ops, [*ops, *self._token_ops(new)]
            raced = False
            if self.profile.writes == "odbc":
                self._net.run(lambda: self._odbc_commit(ops, what))
            else:
                response = self._post_update(ops)
                for _ in range(_RETRIES):
                    if response.status_code in (200, 204) or not self._token_lost():
                        break
                    # another process wrote since this one read the version: the token graph
                    # this write drops was gone, so nothing was written. Read the version
                    # again and write once more (the write is the same, as before)
                    self.refresh()
                    raced = True
                    response = self._post_update([*data, *self._token_ops(new)])
                if response.status_code not in (200, 204):
                    raise self._failed(response, what)
            self._token = frozenset({new})
            self._generation += 1
            self._checked = time.monotonic()
            if raced:
                self._settle(new)

    def _post_update(self, ops: list[str]) -> requests.Response:
        return self._post(
            self.profile.update,
            data=" ;\n".join(ops).encode(),
            headers={"Content-Type": "application/sparql-update; charset=utf-8"},
            auth=True,
            timeout=self.write_timeout,
        )

    def _odbc_connection(self) -> Any:
        if self._odbc is None:
            self._odbc = self._odbc_connect(autocommit=False)
        return self._odbc

    def _odbc_connect(self, *, autocommit: bool) -> Any:
        try:
            import pyodbc  # type: ignore[import-not-found,unused-ignore]
        except ImportError:
            raise StoreUnavailable(
                "writing to Virtuoso needs pyodbc (pip install pyodbc) and Virtuoso's ODBC "
                "driver (Debian: libvirtodbc0)"
            ) from None
        driver = self._odbc_driver
        try:
            port = int(self._odbc_address.rsplit(":", 1)[1])
        except (IndexError, ValueError):
            port = 0
        try:
            with _CONNECTING:  # the socket that appears is this connection's
                before = _sockets_to(port) if autocommit and port else set()
                conn = pyodbc.connect(
                    f"DRIVER={driver};HOST={self._odbc_address};"
                    f"UID={self._creds.user};PWD={self._creds.password}",
                    autocommit=autocommit,
                    timeout=5,
                )
                if autocommit and port:
                    new = _sockets_to(port) - before
                    self._odbc_fds[id(conn)] = new.pop() if len(new) == 1 else None
        except pyodbc.Error:
            raise StoreUnavailable(
                f"cannot open Virtuoso's SQL connection at {self._odbc_address} with the "
                "configured credentials (settings store_odbc, store_user, store_password)"
            ) from None
        conn.setdecoding(pyodbc.SQL_CHAR, encoding="utf-8")
        conn.setencoding(encoding="utf-8")
        conn.timeout = int(self.write_timeout)
        return conn

    def _odbc_commit(self, ops: list[str], what: str) -> None:
        import pyodbc  # type: ignore[import-not-found,unused-ignore]

        conn = self._odbc_connection()
        try:
            cursor = conn.cursor()
            for op in ops:
                _before_operation(op)
                cursor.execute("SPARQL " + op)
            conn.commit()
        except BaseException as exc:
            try:
                conn.rollback()
            except pyodbc.Error:
                pass
            self._drop_odbc()
            if isinstance(exc, pyodbc.ProgrammingError):
                message = re.sub(r"\[[^\]]*\]", "", str(exc.args[-1] if exc.args else exc))
                raise InputError(
                    f"the store refused the {what}: {_plain(message)}; nothing was written"
                ) from None
            if isinstance(exc, pyodbc.Error):
                raise StoreUnavailable(
                    f"the {what} failed in the store and was rolled back; try again"
                ) from None
            raise

    def _drop_odbc(self) -> None:
        if self._odbc is not None:
            try:
                self._odbc.close()
            except Exception:  # noqa: BLE001 - a dead connection is dropped either way
                pass
            self._odbc = None

    def apply(self, change: Change) -> bool:
        if not change:
            return False
        self._commit(self._ops(_to_engine(change)), "write")
        return True

    def _ops(self, change: Change) -> list[str]:
        """The operations of ``change``; over ODBC, its data in steps that Virtuoso's SPARQL
        compiler takes (one statement of ~5,000 triples exhausts its parser memory)."""
        if self.profile.writes != "odbc":
            return update_ops(change)
        removed = [q for q in change.removed if q.graph_name not in change.dropped]
        ops = []
        for graph in sorted(change.dropped, key=str):
            # Virtuoso's DROP forgets only a graph made with CREATE: CLEAR deletes the triples
            ops += [f"CLEAR SILENT GRAPH {graph}", f"DROP SILENT GRAPH {graph}"]
        # one graph per operation: Virtuoso's DELETE DATA with several GRAPH blocks deleted
        # only from the first (verified)
        for step in _steps(removed):
            ops += update_ops(Change(removed=set(step)))
        ops += update_ops(Change(created=change.created))
        for step in _steps(list(change.added)):
            ops += update_ops(Change(added=set(step)))
        return ops

    def update(
        self,
        sparql: str,
        *,
        prefixes: Mapping[str, str] | None = None,
        base_iri: str | None = None,
        effect: Change | None = None,
        runner: Runner | None = None,
    ) -> None:
        """Run ``sparql`` with a new version token in one transaction. When the caller knows
        its ``effect`` (and it names no stored blank node), the effect is written instead, as
        data: the same change, and the engine never evaluates a client's text."""
        if effect is not None and not names_blank_nodes(effect):
            if effect:
                self.apply(effect)
            return
        prologue = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in (prefixes or {}).items())
        if base_iri:
            prologue = f"BASE <{base_iri}>\n" + prologue
        _check_chains(sparql)
        self._commit([prologue + sparql], "update")

    def load(
        self, source: bytes | str | Path, fmt: str, *, graph: str | None = None, bulk: bool = False
    ) -> None:
        f = rdf_format(fmt)
        to_graph = ox.NamedNode(self._graph_iri(graph)) if graph is not None else None
        try:
            if isinstance(source, Path):
                parsed = list(ox.parse(path=str(source), format=f.native))
            else:
                parsed = list(ox.parse(source, format=f.native))
        except SyntaxError as exc:
            raise InputError(
                f"cannot parse {getattr(source, 'name', 'input')} as {f.name}: {exc}",
                format=f.name,
            ) from exc
        quads = [
            ox.Quad(q.subject, q.predicate, q.object, to_graph or getattr(q, "graph_name", None))
            if to_graph is not None or isinstance(q, ox.Triple)
            else q
            for q in parsed
        ]
        change = _to_engine(Change(added=set(quads)))
        if not change.added:
            return
        if not bulk:
            self.apply(change)
            return
        by_graph: dict[str, list[ox.Quad]] = {}
        for q in change.added:
            by_graph.setdefault(str(q.graph_name), []).append(q)
        step: list[ox.Quad] = []
        for qs in by_graph.values():  # bulk: in steps of whole graphs, then one new version
            step += qs
            if len(step) >= 5_000:
                self._commit(self._ops(Change(added=set(step))), "load")
                step = []
        self._commit(self._ops(Change(added=set(step))), "load")

    def clear(self) -> None:
        """Drop every graph policygraph can see (the engine's own stay): for tests and
        ``policygraph build --replace``."""
        graphs = [ox.NamedNode(g) for g in [*self.named_graphs(), DEFAULT_GRAPH]]
        self._commit(self._ops(Change(dropped=set(graphs))), "clear")

    def close(self) -> None:
        self._net.run(self._drop_odbc)
        while True:
            try:
                _close_quietly(self._odbc_pool.get_nowait())
            except queue.Empty:
                break
        self._odbc_fds.clear()
        self._net.close()

    def __repr__(self) -> str:
        return f"<RemoteStore {self.profile.name} {self.url} v{self._generation}>"


def _anonymous() -> requests.Session:
    local = _ANON
    session = getattr(local, "session", None)
    if session is None:
        session = local.session = requests.Session()
    return session


_ANON = threading.local()


_XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
_BOOLEANS = {b"0": b'"false"', b"1": b'"true"'}
_BOOLEAN_NT = re.compile(rb'"([01])"(\^\^<http://www\.w3\.org/2001/XMLSchema#boolean>)')


def _virtuoso_booleans(body: bytes) -> bytes:
    """Virtuoso keeps xsd:boolean as 0/1 and answers so: back to the lexical form written."""
    if _XSD_BOOLEAN.encode() not in body:
        return body
    data = json.loads(body)
    for row in data.get("results", {}).get("bindings", []):
        for term in row.values():
            if term.get("datatype") == _XSD_BOOLEAN and term.get("value") in ("0", "1"):
                term["value"] = "true" if term["value"] == "1" else "false"
    return json.dumps(data).encode()


def _sql_size(count: int) -> int:
    """The next of :data:`_SQL_SIZES` from ``count`` (so that Virtuoso compiles few texts)."""
    return next((n for n in _SQL_SIZES if n >= count), count)


def _padded(values: list[str]) -> list[str]:
    """``values`` repeated at the end up to :func:`_sql_size` (an IN list takes a value twice
    as once)."""
    return values + [values[-1]] * (_sql_size(len(values)) - len(values))


def _sql_slots(count: int) -> str:
    return ", ".join(["iri_to_id(?, 0)"] * _sql_size(count))


def _steps(quads: list[ox.Quad], size: int = 1000) -> Iterator[list[ox.Quad]]:
    """``quads`` in steps of at most ``size``, each within one graph."""
    by_graph: dict[Any, list[ox.Quad]] = {}
    for q in quads:
        by_graph.setdefault(q.graph_name, []).append(q)
    for group in by_graph.values():
        for start in range(0, len(group), size):
            yield group[start : start + size]


def _check_chains(sparql: str) -> None:
    """Refuse a text whose operator chains could bring the engine down (:data:`MAX_OPERATORS`)."""
    count = len(_OPERATOR.findall(_NOISE.sub(" ", sparql)))
    if count > MAX_OPERATORS:
        raise LimitExceeded(
            f"the query has {count:,} operators; a remote store takes at most "
            f"{MAX_OPERATORS:,} in one request (the limit is there so that no query can crash "
            "the store's engine): split the expression",
            limit="store_operators",
            limit_value=MAX_OPERATORS,
        )


def _virtuoso_text(sparql: str, *, drop_from: bool) -> tuple[str, list[str]]:
    """The query as Virtuoso 7.2.5 answers it right, and the graphs its ``GRAPH <iri>``
    patterns name.

    - ``drop_from``: the request names its dataset, which the Protocol says replaces the
      query's FROM clauses; Virtuoso merges them instead, so they are taken out;
    - a ``GRAPH <iri>`` whose graph is not among the request's named graphs gives Virtuoso a
      phantom solution (ASK answers true, COUNT 1): the caller adds those graphs to the
      request's named graphs (an absent graph there gives no solution, as it should).
    """
    prefixes = dict(_PREFIX_DECL.findall(sparql))
    out: list[str] = []
    graphs: list[str] = []
    last = 0
    for m in _TOKENS.finditer(sparql):
        if m.group("from") and drop_from:
            out += [sparql[last : m.start()], " "]
            last = m.end()
        elif m.group("graph"):
            name = m.group("graph")
            if name.startswith("<"):
                graphs.append(name[1:-1])
            elif ":" in name:
                prefix, local = name.split(":", 1)
                if prefix in prefixes:
                    graphs.append(prefixes[prefix] + local)
    out.append(sparql[last:])
    return "".join(out), graphs


#: A ``GRAPH ?g`` block of one triple pattern of variables only (in a text whose strings, IRIs
#: and comments are blanked out).
_GRAPH_LISTING = re.compile(
    r"\bGRAPH\s+[?$]\w+\s*\{\s*[?$](\w+)\s+[?$]\w+\s+[?$]\w+\s*\.?\s*(\})", re.IGNORECASE
)


def _no_graph_listing(sparql: str) -> str:
    """The query with Virtuoso 7.2.5's graph-listing shortcut turned off.

    ``SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }`` (that shape exactly: one variable,
    one pattern of variables, no filter) is answered from the engine's list of known graphs,
    without its graph security: the private graphs (``union="private"``) and graphs created
    empty would show. A ``FILTER(BOUND(?s))`` in each such block, true wherever the pattern
    matched, makes the engine evaluate the pattern instead.
    """
    blank = _NOISE.sub(lambda m: " " * len(m.group(0)), sparql)
    out: list[str] = []
    last = 0
    for m in _GRAPH_LISTING.finditer(blank):
        out += [sparql[last : m.start(2)], f" FILTER(BOUND(?{m.group(1)})) "]
        last = m.start(2)
    out.append(sparql[last:])
    return "".join(out)


def _to_engine(change: Change) -> Change:
    """The change with policygraph's default graph as the named graph that holds it."""
    default = ox.NamedNode(DEFAULT_GRAPH)

    def move(q: ox.Quad) -> ox.Quad:
        if isinstance(q.graph_name, ox.DefaultGraph):
            return ox.Quad(q.subject, q.predicate, q.object, default)
        return q

    return Change(
        removed={move(q) for q in change.removed},
        added={move(q) for q in change.added},
        created=set(change.created),
        dropped=set(change.dropped),
        text=change.text,
    )


def _before_operation(op: str) -> None:
    """A hook between the operations of an ODBC transaction (tests inject a failure here)."""
