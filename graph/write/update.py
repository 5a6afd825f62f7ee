"""SPARQL 1.1 Update, validated before it is committed.

An update is first *planned*: rdflib's update evaluator runs it against an overlay of the
store (:class:`graph.write.overlay.Overlay`) that records what would be removed and added without
writing anything, operation after operation, each seeing the effect of the ones before (as
SPARQL 1.1 Update section 3 requires). The planned change is validated with the same
incremental SHACL check as article ingest
(:func:`graph.validation.incremental.validate_change`): a change that leaves a violation is
refused with :class:`~graph.errors.ValidationFailed` and the store is not touched.
An accepted change is written as one store update (``DELETE DATA`` / ``INSERT
DATA`` plus graph creation and removal: one transaction), which bumps the data version.

Supported: every SPARQL 1.1 Update operation (``INSERT DATA``, ``DELETE DATA``, ``DELETE/INSERT
... WHERE`` with ``WITH``/``USING``, ``DELETE WHERE``, ``CLEAR``, ``DROP``, ``CREATE``, ``ADD``,
``MOVE``, ``COPY``); ``LOAD`` and ``SERVICE`` only to allow-listed endpoints. The update is
parsed once (:func:`parse_update`); the policy of :mod:`graph.query.outbound` is checked on
that parse,
and that same parse is what the evaluator runs, inside :func:`graph.query.outbound.allowing`. The
default graph of an update is the store's own default graph (not the union the query endpoint
reads). Planning checks the time limit as it reads the store and stops with
:class:`~graph.errors.QueryTimeout`. A change that removes triples with blank nodes (which
``DELETE DATA`` cannot name), or adds to blank nodes already in the store (a blank node in
``INSERT DATA`` is a new one), is written by running the validated update itself natively, in one
transaction, under the same write lock, in a thread without network (:mod:`graph.query.sandbox`).
Literals that expressions make are held to ``max_term_length`` as they are made.

Examples
--------
>>> from graph.store.oxigraph import OxigraphStore
>>> st = OxigraphStore()
>>> st.load("<urn:g> { <urn:a> <urn:p> 1 }", "trig")
>>> change = plan_update(st, "DELETE { GRAPH ?g { ?s ?p 1 } } INSERT { GRAPH ?g { ?s ?p 2 } } "
...                          "WHERE { GRAPH ?g { ?s ?p 1 } }")
>>> [q.object.value for q in change.removed], [q.object.value for q in change.added]
(['1'], ['2'])
>>> apply_planned(st, change)
>>> print(st.dump("nquads").decode(), end="")
<urn:a> <urn:p> "2"^^<http://www.w3.org/2001/XMLSchema#integer> <urn:g> .
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox
from pyparsing import ParseResults
from rdflib import Dataset, Literal, URIRef
from rdflib.plugins.sparql import update as rdflib_update
from rdflib.plugins.sparql.parserutils import CompValue, Expr
from rdflib.plugins.sparql.sparql import QueryContext

from ..errors import InputError, LimitExceeded, PolicyGraphError, QueryTimeout, ValidationFailed
from ..limits import Limits, checked_quads
from ..query.outbound import (
    allowing,
    check_functions,
    check_graph_names,
    check_outbound,
    check_reserved,
    load_document,
)
from ..query.rdfparse import parse_update as rdf_parse_update
from ..query.sandbox import NETWORK_FILTER, run_native
from ..query.sparql import check_length
from ..query.text import check_shape, mentions, syntax_error
from ..store import Change, Store, names_blank_nodes
from ..store.terms import canonical, to_ox
from ..validation.incremental import validate_planned
from .commit import commit_checked
from .overlay import Overlay

__all__ = [
    "parse_update",
    "plan_update",
    "apply_planned",
    "run_update",
    "check_change",
    "commit_change",
]


def _create(ctx: QueryContext, op: Any, overlay: Overlay) -> None:
    name = to_ox(op.graphiri)
    if name in overlay.graphs:
        raise InputError(f"CREATE GRAPH: the graph <{name.value}> already exists")
    overlay.ensure_graph(name)


def _as_modify(op: Any) -> Any:
    """``DELETE WHERE { P }`` as ``DELETE { P } WHERE { P }`` (rdflib's DELETE WHERE cannot
    bind a ``GRAPH ?g`` variable; its general DELETE/INSERT can)."""

    def block(triples: Any) -> str:
        return " ".join(f"{s.n3()} {p.n3()} {o.n3()} ." for s, p, o in triples or [])

    pattern = block(op.triples) + " ".join(
        f"GRAPH {g.n3()} {{ {block(triples)} }}" for g, triples in (op.quads or {}).items()
    )
    modify = rdf_parse_update(f"DELETE {{ {pattern} }} WHERE {{ {pattern} }}")
    rewritten = modify.algebra[0]
    rewritten.prologue = op.prologue
    return rewritten


def _set_using(op: Any, using: tuple[list[str], list[str]]) -> None:
    """The Protocol's using-graph-uri / using-named-graph-uri parameters (section 2.2.3)."""
    if op.name not in ("Modify",):
        return
    if op.using or op.withClause:
        raise InputError(
            "using-graph-uri / using-named-graph-uri cannot be given for an update that has "
            "its own USING, USING NAMED or WITH clause"
        )
    default, named = using
    op.using = [CompValue("UsingClause", default=URIRef(g)) for g in default] + [
        CompValue("UsingClause", named=URIRef(g)) for g in named
    ]


_OPERATIONS = {
    "Clear": rdflib_update.evalClear,
    "Drop": rdflib_update.evalDrop,
    "Add": rdflib_update.evalAdd,
    "Move": rdflib_update.evalMove,
    "Copy": rdflib_update.evalCopy,
    "InsertData": rdflib_update.evalInsertData,
    "DeleteData": rdflib_update.evalDeleteData,
    "DeleteWhere": rdflib_update.evalDeleteWhere,
    "Modify": rdflib_update.evalModify,
}


def _oxigraph_says(sparql: str, base_iri: str | None) -> str | None:
    """Oxigraph's syntax error for ``sparql`` (its positions are better than pyparsing's).

    pyoxigraph has no parse-only call, so the update is run on an empty scratch store in a
    thread without network; it fails while parsing, or does nothing that matters."""
    if not NETWORK_FILTER and (mentions(sparql, "load") or mentions(sparql, "service")):
        return None

    def attempt() -> str | None:
        try:
            ox.Store().update(sparql, base_iri=base_iri)
        except SyntaxError as exc:
            return str(exc)
        except Exception:  # not a syntax error: rdflib's reason stands
            return None
        return None

    return run_native(attempt)


def parse_update(sparql: str, *, base_iri: str | None = None) -> Any:
    """The update parsed and translated by rdflib (the form its evaluator runs).

    Raises
    ------
    InputError
        Nested too deeply (:func:`graph.query.text.check_shape`), or a syntax error in one
        line with its position.
    """
    check_shape(sparql, "update")
    try:
        return rdf_parse_update(sparql, base_iri)
    except RecursionError:
        raise InputError(
            "the update is nested too deeply to be planned; flatten its groups and "
            "parentheses, or split it into several updates"
        ) from None
    except Exception as exc:  # pyparsing and rdflib raise several unrelated classes
        native = _oxigraph_says(sparql, base_iri)
        if native is not None or "prefix" in str(exc).lower():
            raise InputError(syntax_error(sparql, native, "update")) from None
        reason = " ".join(str(exc).split())[:200]
        raise InputError(f"the update cannot be planned: {reason}") from None


def plan_update(
    store: Store,
    sparql: str,
    *,
    base_iri: str | None = None,
    timeout: float | None = None,
    using: tuple[list[str], list[str]] | None = None,
    limits: Limits | None = None,
    service_allow: Iterable[str] = (),
) -> Change:
    """What ``sparql`` would do to ``store``, without writing anything. ``using``: the
    Protocol's ``using-graph-uri`` and ``using-named-graph-uri`` values; ``service_allow``: the
    endpoints ``LOAD`` and ``SERVICE`` may reach (none by default).

    Raises
    ------
    InputError
        A syntax error, a refused ``LOAD`` or ``SERVICE`` (before anything is contacted), or
        an operation that fails (``CREATE`` of an existing graph, ...); ``SILENT`` operations
        that fail are skipped, as the Recommendation says (a refusal is never silenced).
    QueryTimeout
        Planning ran past ``timeout`` seconds.
    LimitExceeded
        An expression made a literal longer than ``max_term_length``.
    """
    if using:
        using = (
            check_graph_names(using[0], "using-graph-uri"),
            check_graph_names(using[1], "using-named-graph-uri"),
        )
    # an empty update (only a prologue, or nothing) is valid and does nothing
    operations = getattr(parse_update(sparql, base_iri=base_iri), "algebra", [])
    allow = tuple(service_allow)
    found = check_outbound(operations, allow)
    if "remote-evaluation" in store.capabilities:  # the text may reach the engine (issue 17)
        check_functions(found)
        check_reserved(sparql, getattr(store, "reserved_namespaces", ()), "update")
    _bound_expressions(operations, limits or Limits())
    deadline = time.monotonic() + timeout if timeout else None
    overlay = Overlay(store, deadline, timeout)
    dataset = Dataset(store=overlay, default_union=False)
    with allowing(allow):
        for op in operations:
            _plan_operation(op, dataset, overlay, using)
    change = overlay.change
    change.text = sparql
    change.added = canonical(change.added)  # as the store will hold them, validated once
    return change


def _bound_expressions(algebra: Any, limits: Limits) -> None:
    """Make every expression of the update refuse a literal longer than ``max_term_length`` as
    soon as it makes one: ``BIND(CONCAT(?a, ?a) AS ?b)`` chained thirty times would otherwise
    build a string of gigabytes in this process before anything else could look at it."""
    stack, seen = [algebra], set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, Expr) and node._evalfn is not None:
            node._evalfn = _bounded(node._evalfn, limits)
        if isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list | tuple | ParseResults):
            stack.extend(node)


def _bounded(evaluate: Any, limits: Limits) -> Any:
    def bounded(ctx: Any) -> Any:
        value = evaluate(ctx)
        if isinstance(value, Literal) and len(value) > limits.max_term_length:
            raise LimitExceeded(
                f"the update makes a literal of {len(value)} characters, longer than "
                f"max_term_length allows ({limits.max_term_length})",
                limit="max_term_length",
                setting="max_term_length",
                value=limits.max_term_length,
            )
        return value

    return bounded


def _plan_operation(op: Any, dataset: Dataset, overlay: Overlay, using: Any) -> None:
    if op.name == "DeleteWhere":
        op = _as_modify(op)
    ctx = QueryContext(dataset, initBindings={})
    ctx.graph = dataset.default_graph  # the store's default graph, not the union
    ctx.prologue = op.prologue
    if using and (using[0] or using[1]):
        _set_using(op, using)
    if op.name == "Modify" and op.using:  # USING NAMED: what GRAPH ?g may see
        overlay.named_view = {to_ox(u.named) for u in op.using if u.named}
    try:
        if op.name == "Create":
            _create(ctx, op, overlay)
        elif op.name == "Load":
            load_document(ctx, op)
        else:
            _OPERATIONS[op.name](ctx, op)
    except (QueryTimeout, KeyError):
        raise
    except RecursionError:
        raise InputError(
            f"the update is nested too deeply to be planned (at {op.name}); flatten its "
            "groups, or split it into several updates"
        ) from None
    except (AttributeError, TypeError, NameError, AssertionError):
        raise  # a bug, not the client's input: logged by the server with its traceback
    except Exception as exc:
        if isinstance(exc, InputError) and exc.context.get("feature") in ("LOAD", "SERVICE"):
            raise  # a refusal, even of a SILENT operation
        if not op.silent:
            if isinstance(exc, PolicyGraphError):
                raise
            reason = " ".join(str(exc).split())[:200]
            raise InputError(f"the update failed at {op.name}: {reason}") from None
    finally:
        overlay.named_view = None


def apply_planned(store: Store, change: Change) -> None:
    """Write a planned change in one store update; nothing (and no new version) when empty.

    Examples
    --------
    >>> from graph.store.oxigraph import OxigraphStore
    >>> st = OxigraphStore()
    >>> apply_planned(st, Change()); st.data_version
    0
    >>> apply_planned(st, Change(created={ox.NamedNode("urn:g")})); st.named_graphs()
    ['urn:g']
    """
    if not change:
        return
    if not _names_stored_blank_nodes(store, change):
        store.apply(change)
        return
    # the client's own text, run again by the engine: never with its LOAD or SERVICE
    if mentions(change.text, "load") or mentions(change.text, "service"):
        raise InputError(
            "this update changes blank nodes the store holds and also uses LOAD or SERVICE (or "
            "mentions them): send the two parts as separate updates"
        )
    store.update(change.text, effect=change, runner=run_native)


def _names_stored_blank_nodes(store: Store, change: Change) -> bool:
    """Whether the change removes, or adds to, blank nodes the store already holds: DATA
    blocks cannot name those (a blank node in INSERT DATA is a new one), so the update itself
    is run instead, under the same lock, on the same state it was planned on."""
    if names_blank_nodes(change):
        return True
    added = {t for q in change.added for t in (q.subject, q.object) if isinstance(t, ox.BlankNode)}
    return any(
        next(iter(store.quads(b)), None) is not None
        or next(iter(store.quads(None, None, b)), None) is not None
        for b in added
    )


def _planned(change: Change) -> Change:
    """The change as validation takes it: a quad both removed and added stays."""
    return Change(removed=change.removed - change.added, added=change.added)


def check_change(
    store: Store, change: Change, *, lang: str = "en", limits: Limits | None = None
) -> Change:
    """Validate a planned change incrementally, as ingest does, within ``limits`` (what it adds
    is held to the quad and term limits; the check to ``check_timeout``). Nothing is written,
    and the write lock is not needed.

    Raises
    ------
    LimitExceeded, InputError
        A limit broken; RDF the store cannot hold; a statement about an ontology term.
    ValidationFailed
        The change would leave a violation; ``report`` says which.
    """
    if change.added or change.removed:
        limits = limits or Limits()
        deadline = limits.deadline()
        checked_quads(change.added, limits, deadline)
        report = validate_planned(store, _planned(change), lang=lang, deadline=deadline)
        if not report.conforms:
            violations = report.counts()["violation"]
            raise ValidationFailed(
                f"the change would break {violations} validation rule(s); nothing was written",
                report,
                violations=violations,
            )
    return change


def commit_change(
    store: Store, change: Change, *, lang: str = "en", limits: Limits | None = None
) -> Change:
    """Validate a planned change (:func:`check_change`) and write it; the caller holds
    the store's write lock (:func:`graph.write.commit.commit_checked` checks outside it).

    Raises
    ------
    ValidationFailed
        The change would leave a violation; ``report`` says which; nothing is written.

    Examples
    --------
    >>> from graph.store.seed import load_seed
    >>> from graph.store.oxigraph import OxigraphStore
    >>> st = OxigraphStore(); _ = load_seed(st)
    >>> kakao = ox.NamedNode("https://policygraph.example/id/org/kakao")
    >>> label = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
    >>> registry = ox.NamedNode("https://policygraph.example/graph/registry")
    >>> second = ox.Quad(kakao, label, ox.Literal("Kakao Two", language="en"), registry)
    >>> commit_change(st, Change(added={second}))
    Traceback (most recent call last):
    ...
    graph.errors.ValidationFailed: the change would break 1 validation rule(s); nothing was written
    """
    check_change(store, change, lang=lang, limits=limits)
    apply_planned(store, change)
    return change


def run_update(
    store: Store,
    sparql: str,
    *,
    lang: str = "en",
    base_iri: str | None = None,
    timeout: float | None = None,
    service_allow: Iterable[str] = (),
    max_length: int | None = None,
    using: tuple[list[str], list[str]] | None = None,
    limits: Limits | None = None,
) -> Change:
    """Plan, validate and commit a SPARQL update (see the module docstring). Planning and
    validation run outside the write lock (:func:`graph.write.commit.commit_checked`).

    Raises
    ------
    LimitExceeded, InputError, QueryTimeout, ValidationFailed
        Too long; bad syntax or a refused ``LOAD``/``SERVICE``; planning too slow; the result
        would not conform. In every case the store is unchanged.

    Examples
    --------
    >>> from graph.store.oxigraph import OxigraphStore
    >>> st = OxigraphStore()
    >>> change = run_update(st, "INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:p> 1 } }")
    >>> len(change.added), st.data_version
    (1, 1)
    >>> run_update(st, "LOAD <http://169.254.169.254/latest>")
    Traceback (most recent call last):
    ...
    graph.errors.InputError: LOAD (fetching a document) to <http://169.254.169.254/latest> ...
    """
    check_length(sparql, max_length, "update")

    def prepare() -> Change:
        change = plan_update(
            store,
            sparql,
            base_iri=base_iri,
            timeout=timeout,
            using=using,
            service_allow=service_allow,
            limits=limits,
        )
        return check_change(store, change, lang=lang, limits=limits)

    def commit(change: Change) -> Change:
        apply_planned(store, change)
        return change

    return commit_checked(store, prepare, commit)
