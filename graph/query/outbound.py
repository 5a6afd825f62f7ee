"""What a SPARQL request may reach outside the store, decided on the parsed request.

Two SPARQL features open connections: ``SERVICE`` (a federated query, in a query or in an
update's ``WHERE``, at any depth: sub-queries, ``EXISTS``, ``MINUS``, ``OPTIONAL``) and
``LOAD`` (an update that fetches a document). Both are refused unless their IRI is in the
setting ``service_allow`` (empty by default): an ``http``/``https`` IRI equal to an entry, or
under an entry that ends with ``/``. ``file:`` and every other scheme, a variable endpoint
(``SERVICE ?e``), ``SILENT`` forms and IRIs written with escapes, prefixed names or relative to a
``BASE`` are all judged on what the parser makes of them, before anything is opened.

``FROM``, ``FROM NAMED``, ``USING``, ``USING NAMED``, ``WITH`` and the Protocol's
``default-graph-uri`` / ``named-graph-uri`` / ``using-graph-uri`` name graphs *of this store*:
they are never fetched. The parameters must be absolute IRIs (:func:`check_graph_names`).

The checks run where the request is parsed; the places that would really connect refuse on
their own as well, so that no parse gap can reach the network or the disk:

- rdflib's SPARQL engine (which plans updates, :mod:`graph.write.update`): its ``SERVICE``
  evaluator,
  the ``urlopen`` it calls, its ``LOAD`` and its loading of ``FROM``/``USING`` graphs are
  replaced at import by guarded versions (:func:`install`); they allow only what the calling
  code allowed with :func:`allowing`, and ``FROM``/``USING`` graphs are never loaded;
- ``LOAD`` fetches with :func:`fetch`, which checks every redirect too;
- Oxigraph's own HTTP client runs only in threads without network (:mod:`graph.query.sandbox`).

Examples
--------
>>> check_query("SELECT * { SERVICE <file:///etc/passwd> { ?s ?p ?o } }", ["http://ok.org/q"])
Traceback (most recent call last):
...
graph.errors.InputError: SERVICE (federated query) to <file:///etc/passwd> is not allowed: ...
>>> check_query(r"SELECT * { \\u0053ERVICE <http://ok.org/q> { ?s ?p ?o } }", ["http://ok.org/q"])
Outbound(services=('http://ok.org/q',), loads=(), graphs=(), has_dataset=False, functions=())
"""

from __future__ import annotations

import contextlib
import urllib.request
from collections.abc import Iterable, Iterator, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import pyoxigraph as ox

from ..errors import InputError, LimitExceeded
from ..iris import check_iri
from ..store.terms import from_ox
from .text import lex, unescape

__all__ = [
    "Outbound",
    "endpoint_allowed",
    "refusal",
    "find_outbound",
    "check_outbound",
    "check_query",
    "check_graph_names",
    "ENGINE_FUNCTIONS",
    "may_call_functions",
    "check_functions",
    "check_engine_text",
    "reserved_iri",
    "check_reserved",
    "allowing",
    "fetch",
    "load_document",
    "install",
]

_FEATURES = {
    "SERVICE": "SERVICE (federated query)",
    "LOAD": "LOAD (fetching a document)",
}
_PORTS = {"http": 80, "https": 443}


def _origin(iri: str) -> tuple[str, str, int] | None:
    try:
        parts = urlsplit(iri)
        scheme = parts.scheme.lower()
        if scheme not in _PORTS or not parts.hostname or parts.username or parts.password:
            return None
        return scheme, parts.hostname.lower(), parts.port or _PORTS[scheme]
    except ValueError:  # a bad port or IPv6 literal
        return None


def endpoint_allowed(iri: str, allow: Iterable[str]) -> bool:
    """Whether ``iri`` may be contacted: an http(s) IRI without user info that equals an entry
    of ``allow`` or lies under an entry ending with ``/`` (same scheme, host and port).

    Examples
    --------
    >>> allow = ["https://query.wikidata.org/sparql", "http://data.example/"]
    >>> endpoint_allowed("https://Query.Wikidata.org:443/sparql", allow)
    True
    >>> endpoint_allowed("http://data.example/dumps/a.ttl", allow)
    True
    >>> [endpoint_allowed(i, allow) for i in ["https://query.wikidata.org/sparql2",
    ...     "http://data.example.evil.org/", "http://data.example@evil.org/",
    ...     "http://data.example/../etc", "file:///etc/passwd"]]
    [False, False, False, False, False]
    """
    origin = _origin(iri)
    if origin is None:
        return False
    parts = urlsplit(iri)
    if ".." in parts.path.split("/"):
        return False
    for entry in allow:
        if _origin(entry) != origin:
            continue
        base = urlsplit(entry)
        if base.path.endswith("/") and parts.path.startswith(base.path) and not base.query:
            return True
        if (parts.path or "/") == (base.path or "/") and parts.query == base.query:
            return True
    return False


def refusal(feature: str, target: str, allow: Sequence[str]) -> InputError:
    """The error that refuses ``feature`` ("SERVICE" or "LOAD") to ``target`` (an IRI or a
    ``?variable``), naming both and the setting."""
    what = _FEATURES[feature]
    if target.startswith(("?", "$")):
        message = (
            f"{what} with a variable endpoint ({target}) is not allowed: the endpoint must be "
            "an IRI listed in the setting service_allow"
        )
    elif not allow:
        message = (
            f"{what} to <{target}> is not allowed: this endpoint does not call other servers "
            "(setting service_allow is empty)"
        )
    elif _origin(target) is None:
        message = (
            f"{what} to <{target}> is not allowed: only http and https IRIs listed in the "
            "setting service_allow can be reached"
        )
    else:
        message = f"{what} to <{target}> is not allowed: it is not in the setting service_allow"
    return InputError(message, feature=feature, endpoint=target)


@dataclass(frozen=True)
class Outbound:
    """What a parsed request names outside its own text: ``SERVICE`` endpoints (IRIs, or
    ``?var``), ``LOAD`` sources, and the graphs of its dataset clauses (``FROM``, ``FROM
    NAMED``, ``USING``, ``USING NAMED``, ``WITH``)."""

    services: tuple[str, ...] = ()
    loads: tuple[str, ...] = ()
    graphs: tuple[str, ...] = ()
    has_dataset: bool = False  #: the query has FROM or FROM NAMED
    functions: tuple[str, ...] = ()  #: the IRIs of the functions it calls (not SPARQL's own)

    def check(self, allow: Sequence[str]) -> None:
        """Raise :func:`refusal` for the first ``SERVICE`` or ``LOAD`` not allowed."""
        for feature, targets in (("LOAD", self.loads), ("SERVICE", self.services)):
            for target in targets:
                if target.startswith("?") or not endpoint_allowed(target, allow):
                    raise refusal(feature, target, allow)


def _term(value: Any) -> str:
    from rdflib import Variable

    return f"?{value}" if isinstance(value, Variable) else str(value)


def find_outbound(tree: Any) -> Outbound:
    """Walk a parsed (rdflib) query or update, at any depth, without recursion."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    services: list[str] = []
    loads: list[str] = []
    graphs: list[str] = []
    functions: list[str] = []
    has_dataset = False
    seen: set[int] = set()
    stack = [tree]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, CompValue):
            name = node.name
            if name == "ServiceGraphPattern":
                services.append(_term(node.get("term")))
            elif name == "Load":
                loads.append(str(node.get("iri")))
            elif name in ("DatasetClause", "UsingClause"):
                has_dataset = has_dataset or name == "DatasetClause"
                graphs += [str(g) for g in (node.get("default"), node.get("named")) if g]
            elif name == "Modify" and node.get("withClause") is not None:
                graphs.append(str(node.get("withClause")))
            elif name == "Function":
                functions.append(str(node.get("iri")))
            stack.extend(node.values())
        elif isinstance(node, list | tuple | ParseResults):
            stack.extend(node)
        elif isinstance(node, dict):
            stack.extend(node.values())
    return Outbound(tuple(services), tuple(loads), tuple(graphs), has_dataset, tuple(functions))


def _parse_query(query: str, base_iri: str | None) -> Any:
    from .rdfparse import parse_query

    return parse_query(query, base_iri).algebra


def check_query(
    query: str, allow: Sequence[str], *, base_iri: str | None = None
) -> Outbound | None:
    """Refuse a query whose ``SERVICE`` calls are not all allowed; the :class:`Outbound` it
    names, or None when rdflib's parser cannot read it (then Oxigraph, which runs without
    network, decides; with a non-empty allow-list such a query is refused instead).

    Raises
    ------
    InputError
        A refused ``SERVICE`` (naming the feature and the endpoint), or a query that names
        ``SERVICE`` but cannot be checked while the allow-list is not empty.
    """
    try:
        found = find_outbound(_parse_query(query, base_iri))
    except Exception as exc:  # pyparsing, rdflib and RecursionError: no common base class
        if allow:
            raise InputError(
                "the query mentions SERVICE but cannot be read to check its endpoints; "
                "SERVICE is only allowed in queries this endpoint can check "
                f"({_short(exc)})",
                feature="SERVICE",
            ) from None
        return None
    found.check(allow)
    return found


#: The functions named by an IRI that a query or update may call on an engine outside this
#: process: the XSD casts (SPARQL's own functions are keywords, not IRIs), what the embedded
#: store has. An engine may have many more, run with its own rights: Virtuoso 7.2.5 runs its
#: ``bif:`` built-ins (``bif:http_get`` fetches a URL, ``bif:exec`` runs SQL) and any other
#: function IRI as an SQL procedure, for an anonymous query too (verified). pyoxigraph's
#: parse refuses a function it does not have, but not in a part of the query it finds empty
#: (an ``OPTIONAL`` over an empty ``VALUES``): such a call reached the engine and ran there.
ENGINE_FUNCTIONS = ("http://www.w3.org/2001/XMLSchema#",)


def _scan(text: str, namespaces: Sequence[str] = ()) -> tuple[bool, str | None]:
    """What :func:`may_call_functions` and :func:`reserved_iri` say, from one reading of the
    text (and one of its unescaped form): an engine-bound query pays this on every request.

    A ``<`` read as the start of an IRI can also be an operator (``?a<3&&f:x('q')>?b``); the
    other reading differs only inside what the first took for IRIs, so those are read again
    with every ``<`` as an operator."""
    wanted = tuple(n.lower() for n in namespaces)
    calls, found = False, None
    for source in dict.fromkeys((text, unescape(text))):
        declared: dict[str, list[str]] = {}
        names: list[str] = []
        read = list(lex(source))
        for i, (kind, word) in enumerate(read):
            if (
                word == "("
                and i
                and (read[i - 1][0] in ("iri", "pname") or read[i - 1][1] in (">", ">="))
            ):
                calls = True
            if kind == "iri":
                names.append(word[1:-1])
                inner = list(lex(word, iris=False))  # the same text with "<" an operator
                names += [w for k, w in inner if k == "pname"]
                calls = calls or any(
                    w == "("
                    and j
                    and (inner[j - 1][0] == "pname" or inner[j - 1][1] in (">", ">="))
                    for j, (_, w) in enumerate(inner)
                )
            elif kind == "pname":
                names.append(word)
                if 0 < i < len(read) - 1 and read[i - 1][1].upper() == "PREFIX":
                    if read[i + 1][0] == "iri":
                        declared.setdefault(word.split(":", 1)[0], []).append(read[i + 1][1][1:-1])
        if wanted and found is None:
            for name in names:
                label, _, local = name.partition(":")
                full = [name] + [ns + local.replace("\\", "") for ns in declared.get(label, [])]
                hit = next((f for f in full if f.strip().lower().startswith(wanted)), None)
                if hit is not None:
                    found = hit
                    break
    return calls, found


def may_call_functions(text: str) -> bool:
    """Whether ``text`` may call a function named by an IRI: an IRI, a prefixed name or a
    ``>`` before a ``(``, with ``<`` read both as the start of an IRI and as an operator, in
    the text as written and with its escapes read. Cheap, and never misses a call a parser
    reads; a parse decides (:func:`check_functions`).

    >>> may_call_functions("SELECT * { ?s ?p ?o FILTER(CONTAINS(STR(?o), 'x:y')) }")
    False
    >>> may_call_functions("PREFIX b: <bif:> SELECT (b:sys_stat('x') AS ?v) {}")
    True
    >>> may_call_functions("ASK { FILTER(?a<3&&f:x('q')>?b) }")
    True
    """
    return _scan(text)[0]


def reserved_iri(text: str, namespaces: Sequence[str]) -> str | None:
    """The first IRI of ``text`` in one of ``namespaces`` (case-insensitive), or None: IRIs as
    written and prefixed names expanded with every declaration of their prefix in the text,
    with ``<`` read both ways and with the text's escapes read (:func:`may_call_functions`).

    >>> reserved_iri("PREFIX b: <bi> SELECT * { ?s b:f:contains 'x' }", ["bif:"])
    'bif:contains'
    >>> reserved_iri("SELECT * { ?s ?p 'bif:contains' }", ["bif:"]) is None
    True
    """
    return _scan(text, namespaces)[1] if namespaces else None


def check_reserved(text: str, namespaces: Sequence[str], what: str = "query") -> None:
    """Refuse ``text`` when it names an IRI in one of ``namespaces`` (:func:`reserved_iri`)."""
    iri = reserved_iri(text, namespaces) if namespaces else None
    if iri is not None:
        raise _reserved(iri, namespaces, what)


def _reserved(iri: str, namespaces: Sequence[str], what: str) -> InputError:
    return InputError(
        f"the {what} names <{iri}>: the store's engine reads IRIs in "
        f"{', '.join(namespaces)} as its own built-in code, which this endpoint does not "
        "pass on",
        feature="engine built-in",
    )


def check_functions(found: Outbound) -> None:
    """Refuse a parsed request that calls a function outside :data:`ENGINE_FUNCTIONS`."""
    for iri in found.functions:
        if not iri.startswith(ENGINE_FUNCTIONS):
            raise InputError(
                f"the query calls <{iri}>, a function this endpoint does not have: only "
                "SPARQL's own functions and the XSD casts are passed to the store's engine",
                feature="function",
                function=iri,
            )


def check_engine_text(
    query: str, *, base_iri: str | None = None, namespaces: Sequence[str] = ()
) -> None:
    """Refuse a query for an engine outside this process that may run the engine's own code:
    an IRI in one of the engine's ``namespaces`` anywhere (:func:`reserved_iri`), or a call to
    a function outside :data:`ENGINE_FUNCTIONS` wherever it stands (in a part of the query
    pyoxigraph finds empty too: decided on rdflib's parse, made only when the text may call
    one, :func:`may_call_functions`)."""
    calls, iri = _scan(query, namespaces)
    if iri is not None:
        raise _reserved(iri, namespaces, "query")
    if not calls:
        return
    try:
        found = find_outbound(_parse_query(query, base_iri))
    except Exception as exc:  # pyparsing, rdflib and RecursionError: no common base class
        raise InputError(
            "the query may call a function named by an IRI and cannot be read to check "
            f"which ({_short(exc)}); only SPARQL's own functions and the XSD casts are passed "
            "to the store's engine"
        ) from None
    check_functions(found)


def _short(exc: BaseException) -> str:
    if isinstance(exc, RecursionError):
        return "it is nested too deeply"
    return " ".join(str(exc).split())[:200]


def check_outbound(update_algebra: Any, allow: Sequence[str]) -> Outbound:
    """Refuse a translated update (rdflib ``Update``) with a ``LOAD`` or ``SERVICE`` that is
    not allowed; the same object is then evaluated, so what was checked is what runs."""
    found = find_outbound(update_algebra)
    found.check(allow)
    return found


def check_graph_names(values: Iterable[str], parameter: str) -> list[str]:
    """The Protocol's graph IRI parameters, each an absolute IRI, or :class:`InputError`
    (:func:`graph.iris.check_iri`, which names the character at fault).

    >>> check_graph_names(["urn:g", "http://x.org/g"], "default-graph-uri")
    ['urn:g', 'http://x.org/g']
    >>> try:
    ...     check_graph_names(["relative/graph"], "default-graph-uri")
    ... except InputError as exc:
    ...     print(exc.message.split(": ", 2)[2][:25])
    it is not an absolute IRI
    """
    return [check_iri(value, parameter=parameter) for value in values]


# --- the guards at the places that connect ---------------------------------------------------

_ALLOWED: ContextVar[tuple[str, ...]] = ContextVar("policygraph_outbound_allow", default=())


@contextlib.contextmanager
def allowing(allow: Iterable[str]) -> Iterator[None]:
    """Let the guarded rdflib calls in this context reach the IRIs of ``allow`` (and only
    those); outside such a context they reach nothing."""
    token = _ALLOWED.set(tuple(allow))
    try:
        yield
    finally:
        _ALLOWED.reset(token)


def _guard(feature: str, iri: str) -> None:
    allow = _ALLOWED.get()
    if not endpoint_allowed(iri, allow):
        raise refusal(feature, iri, allow)


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    def __init__(self, feature: str) -> None:
        self.feature = feature

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: D102
        _guard(self.feature, newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _opener(feature: str) -> urllib.request.OpenerDirector:
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler(),
        urllib.request.HTTPHandler(),
        urllib.request.HTTPSHandler(),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
        _CheckedRedirects(feature),
    ):
        opener.add_handler(handler)
    return opener


def _urlopen(request: Any, data: Any = None, timeout: float = 30, **_: Any) -> Any:
    """rdflib's ``urlopen`` for SERVICE calls: allowed IRIs only, checked redirects, http(s)."""
    url = request.full_url if isinstance(request, urllib.request.Request) else str(request)
    _guard("SERVICE", url)
    return _opener("SERVICE").open(request, data=data, timeout=timeout)


def fetch(
    url: str, feature: str = "LOAD", *, accept: str = "", timeout: float = 30, max_bytes: int
) -> tuple[bytes, str]:
    """GET an allowed IRI (see :func:`allowing`): the body and its media type.

    Raises
    ------
    InputError
        The IRI or a redirect is not allowed, or the server cannot be reached.
    LimitExceeded
        The body is larger than ``max_bytes``.
    """
    _guard(feature, url)
    request = urllib.request.Request(url, headers={"Accept": accept} if accept else {})
    try:
        with _opener(feature).open(request, timeout=timeout) as response:
            body = response.read(max_bytes + 1)
            media_type = response.headers.get_content_type()
    except InputError:
        raise
    except (OSError, ValueError) as exc:
        raise InputError(f"{_FEATURES[feature]} of <{url}> failed: {_short(exc)}") from None
    if len(body) > max_bytes:
        raise LimitExceeded(
            f"{_FEATURES[feature]} of <{url}>: the document is larger than {max_bytes} bytes",
            limit="max_body_size",
            value=max_bytes,
        )
    return body, media_type


def install() -> None:
    """Put the guards into rdflib's SPARQL engine (done once, when this module is imported)."""
    import rdflib.plugins.sparql
    from rdflib import URIRef
    from rdflib.plugins.sparql import evaluate, update
    from rdflib.plugins.sparql.sparql import QueryContext

    if getattr(evaluate.evalServiceQuery, "_policygraph_guard", False):
        return
    original_service = evaluate.evalServiceQuery

    def eval_service(ctx: Any, part: Any) -> Any:
        term = part.get("term")
        value = ctx.get(term) if term is not None and _term(term).startswith("?") else term
        if value is None or _term(value).startswith("?"):
            raise refusal("SERVICE", _term(term), _ALLOWED.get())
        _guard("SERVICE", str(value))
        return original_service(ctx, part)

    def no_fetch(self: Any, source: URIRef, default: bool = False, **_: Any) -> None:
        """FROM / USING graphs are graphs of the store, never documents to fetch."""
        if default:
            self.graph += self.dataset.get_context(source)

    eval_service._policygraph_guard = True  # type: ignore[attr-defined]
    evaluate.evalServiceQuery = eval_service
    evaluate.urlopen = _urlopen  # type: ignore[attr-defined,assignment]  # rdflib's own name
    update.evalLoad = load_document  # type: ignore[assignment]  # same call, a guarded body
    QueryContext.load = no_fetch  # type: ignore[method-assign,assignment]
    rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False


_LOADABLE = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
_LOAD_ACCEPT = "text/turtle, application/n-triples;q=0.9, application/rdf+xml;q=0.8"
#: Largest document LOAD reads.
LOAD_MAX_BYTES = 16 << 20


def load_document(ctx: Any, op: Any) -> None:
    """SPARQL ``LOAD`` for rdflib's update engine: fetch an allowed document (:func:`fetch`),
    parse it with Oxigraph's parsers (Turtle, N-Triples or RDF/XML without a DTD: nothing in
    it is dereferenced) and add its triples to the target graph."""
    url = str(op.iri)
    body, media_type = fetch(url, accept=_LOAD_ACCEPT, max_bytes=LOAD_MAX_BYTES)
    fmt = _LOADABLE.get(media_type)
    if fmt is None:
        raise InputError(
            f"LOAD of <{url}>: documents of type {media_type} cannot be loaded; the server "
            "must send Turtle, N-Triples or RDF/XML",
            feature="LOAD",
        )
    if fmt == ox.RdfFormat.RDF_XML and b"<!DOCTYPE" in body:
        raise InputError(f"LOAD of <{url}>: RDF/XML with a DTD is refused", feature="LOAD")
    target = ctx.dataset.get_context(op.graphiri) if op.graphiri else ctx.graph
    try:
        for t in ox.parse(body, format=fmt, base_iri=url):
            target.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
    except SyntaxError as exc:
        raise InputError(f"LOAD of <{url}>: the document cannot be parsed: {exc}") from None


install()
