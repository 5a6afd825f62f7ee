"""Ingest: one article's document in, whole and valid, or not at all; delete takes it out.

:func:`ingest` parses a document (:mod:`graph.documents`), checks that it describes exactly one
``pg:Article`` (its IRI ``pgid:article/<id>``), lays its quads out as the seed files are, checks
the change with :func:`graph.candidate.validate_change` (the article and the registry entries it
names, not the whole store) and writes it in ONE store update (``DELETE DATA ...; INSERT DATA``,
which Oxigraph applies as one transaction). Any error leaves the store as it was.

Layout (the same for every format):

- triples whose subject is the article go to ``pgg:metadata``; ``pg:factGraph
  pgg:article/<id>`` is added when missing;
- triples in ``pgg:registry`` stay there;
- in the default graph (all of Turtle and JSON-LD without ``@graph`` names), the identity and
  label triples (:data:`REGISTRY_PREDICATES`) of stakeholders and regions (``pg:Stakeholder``,
  ``pg:Region`` and their subclasses, typed in the document) go to ``pgg:registry``;
- everything else in the default graph or in ``pgg:article/<id>`` goes to ``pgg:article/<id>``;
- any other named graph, metadata about another subject, and blank nodes are refused.

Re-ingesting an article replaces its fact graph and its metadata; registry entries are added to,
never taken away. Only the difference is written: an identical re-ingest writes nothing and does
not bump the data version. :func:`delete_article` drops the fact graph, the metadata and the
registry entries that only this article used.

Examples
--------
>>> from graph.store.oxigraph import OxigraphStore
>>> from graph.seed import load_seed
>>> store = OxigraphStore()
>>> _ = load_seed(store)
>>> doc = '''@prefix dct: <http://purl.org/dc/terms/> .
... <https://policygraph.example/id/article/example> a <https://policygraph.example/ont#Article> ;
...     dct:title "예시 기사"@ko ; dct:language "ko" ;
...     dct:issued "2025-09-01"^^<http://www.w3.org/2001/XMLSchema#date> ;
...     <https://policygraph.example/ont#sourceFile> "example.txt" .'''.encode()
>>> summary = ingest(store, doc, "text/turtle")
>>> summary.created, summary.added, summary.graph  # pg:factGraph was added
(True, 6, 'https://policygraph.example/graph/article/example')
>>> version = store.data_version
>>> ingest(store, doc, "text/turtle").added, store.data_version == version  # a no-op
(0, True)
>>> delete_article(store, "example").removed
6
"""

from __future__ import annotations

import functools
import logging
import re
import threading
import time
import weakref
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from rdflib import Dataset, URIRef
from rdflib.namespace import RDFS

from .candidate import canonical, current_quads, to_ox_quads, validate_change
from .documents import document_format, parse_document
from .errors import InputError, NotFound
from .factsheet import convert_factsheet
from .iris import METADATA_GRAPH, PG, PGID, REGISTRY_GRAPH, article_graph, article_iri
from .validation import Report, load_ontology

if TYPE_CHECKING:
    from .store import Store

__all__ = [
    "REGISTRY_PREDICATES",
    "IngestSummary",
    "ingest",
    "delete_article",
    "write_lock",
    "apply_change",
]

log = logging.getLogger(__name__)

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_TYPE = ox.NamedNode(_RDF + "type")
_ARTICLE_CLASS = ox.NamedNode(str(PG.Article))
_FACT_GRAPH = ox.NamedNode(str(PG.factGraph))
_PREF_LABEL = ox.NamedNode(_SKOS + "prefLabel")
_REGISTRY = ox.NamedNode(str(REGISTRY_GRAPH))
_METADATA = ox.NamedNode(str(METADATA_GRAPH))
_ARTICLE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")

#: Predicates of a stakeholder or region that belong in the registry (identity and labels).
REGISTRY_PREDICATES = frozenset(
    ox.NamedNode(iri)
    for iri in (
        _RDF + "type",
        _SKOS + "prefLabel",
        _SKOS + "altLabel",
        _SKOS + "closeMatch",
        str(RDFS.label),
        "http://www.w3.org/2002/07/owl#sameAs",
        str(PG.governmentLevel),
        str(PG.publicEnterprise),
        str(PG.administeredBy),
        str(PG.within),
        str(PG.memberOf),
        str(PG.note),
    )
)

_LOCKS: weakref.WeakKeyDictionary[Any, threading.Lock] = weakref.WeakKeyDictionary()
_LOCKS_GUARD = threading.Lock()


def write_lock(store: Store) -> threading.Lock:
    """The lock that serialises validate-then-write sequences on ``store`` (one per store)."""
    with _LOCKS_GUARD:
        return _LOCKS.setdefault(store, threading.Lock())


@functools.cache
def _subclasses(root: str) -> frozenset[ox.NamedNode]:
    """``root`` and every subclass of it in the ontology."""
    classes = load_ontology().transitive_subjects(RDFS.subClassOf, URIRef(root))
    return frozenset(ox.NamedNode(str(c)) for c in classes)


def _registry_classes() -> frozenset[ox.NamedNode]:
    """What the registry describes: stakeholders and regions."""
    return _subclasses(str(PG.Stakeholder)) | _subclasses(str(PG.Region))


@dataclass
class IngestSummary:
    """What :func:`ingest` or :func:`delete_article` did (or would do)."""

    article: str
    article_id: str
    graph: str
    created: bool  #: the article was not in the store before
    added: int  #: quads written (the difference, not the document size)
    removed: int  #: quads taken away
    #: Stakeholders the registry did not know: ``{"iri", "label": {"ko", "en"}}`` each.
    new_stakeholders: list[dict[str, Any]] = field(default_factory=list)
    report: Report | None = field(default=None, repr=False)
    data_version: int = 0
    dry_run: bool = False

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        """JSON-ready summary; ``warnings`` are the report's warnings and infos in ``lang``."""
        results = self.report.to_dict(lang)["results"] if self.report else []
        return {
            "article": self.article,
            "article_id": self.article_id,
            "graph": self.graph,
            "created": self.created,
            "triples_added": self.added,
            "triples_removed": self.removed,
            "new_stakeholders": self.new_stakeholders,
            "warnings": [r for r in results if r["severity"] != "violation"],
            "counts": self.report.counts() if self.report else {},
            "data_version": self.data_version,
            "dry_run": self.dry_run,
        }


# --- reading a document ---------------------------------------------------------------------


def _quads(
    store: Store, document: bytes | Dataset | Iterable[Any], media_type: str | None
) -> list[ox.Quad]:
    if isinstance(document, bytes | bytearray):
        if media_type is None:
            raise InputError("a document given as bytes needs its media type")
        if document_format(media_type) == "factsheet":  # stakeholders matched to the registry
            return to_ox_quads(convert_factsheet(bytes(document), registry=store).dataset)
        return parse_document(bytes(document), media_type)
    return to_ox_quads(document)


def _the_article(quads: list[ox.Quad]) -> tuple[ox.NamedNode, str]:
    articles = sorted(
        {q.subject.value for q in quads if (q.predicate, q.object) == (_TYPE, _ARTICLE_CLASS)}
    )
    if not articles:
        raise InputError(
            "the document describes no article: it needs one node typed pg:Article "
            "(pgid:article/<id>) with its metadata (title, language, source file)"
        )
    if len(articles) > 1:
        raise InputError(
            f"the document describes {len(articles)} articles ({', '.join(articles)}); "
            "ingest one article per document",
            articles=len(articles),
        )
    iri = articles[0]
    prefix = f"{PGID}article/"
    article_id = iri[len(prefix) :] if iri.startswith(prefix) else ""
    if not _ARTICLE_ID.match(article_id):
        raise InputError(
            f"the article IRI {iri} is not {prefix}<id> with an id of letters, digits, - and _",
            article=iri,
        )
    return ox.NamedNode(iri), article_id


def _layout(quads: list[ox.Quad], article: ox.NamedNode, article_id: str) -> set[ox.Quad]:
    """The document's quads in the seed layout (see the module docstring)."""
    facts = ox.NamedNode(str(article_graph(article_id)))
    registry_kinds = _registry_classes()
    registry_nodes = {
        q.subject for q in quads if q.predicate == _TYPE and q.object in registry_kinds
    }
    out: set[ox.Quad] = set()
    for q in quads:
        for term in (q.subject, q.object):
            if isinstance(term, ox.BlankNode):
                raise InputError(
                    f"blank node in '{q.subject} {q.predicate} {q.object}': give every node an "
                    "IRI (pgid:<kind>/<slug>; in JSON-LD an @id) so that it can be referred to",
                )
        graph = q.graph_name
        if q.subject == article:
            target = _METADATA
        elif graph == _REGISTRY:
            target = _REGISTRY
        elif graph == _METADATA:
            raise InputError(
                f"pgg:metadata may only describe the article {article.value}, not {q.subject.value}"
            )
        elif isinstance(graph, ox.DefaultGraph):
            registry = q.subject in registry_nodes and q.predicate in REGISTRY_PREDICATES
            target = _REGISTRY if registry else facts
        elif graph == facts:
            target = facts
        else:
            raise InputError(
                f"the document writes into the named graph <{graph.value}>; an article document "
                f"may use only the default graph, pgg:registry, pgg:metadata and <{facts.value}>",
                graph=graph.value,
            )
        out.add(ox.Quad(q.subject, q.predicate, q.object, target))
    stated = {q.object for q in out if q.subject == article and q.predicate == _FACT_GRAPH}
    if not stated:
        out.add(ox.Quad(article, _FACT_GRAPH, facts, _METADATA))
    elif stated != {facts}:
        raise InputError(
            f"pg:factGraph of {article.value} must be <{facts.value}>, not "
            + ", ".join(f"<{s.value}>" if isinstance(s, ox.NamedNode) else str(s) for s in stated)
        )
    return out


def _stored_article(store: Store, article: ox.NamedNode, graph: str) -> set[ox.Quad]:
    """What the store holds for the article now: its fact graph and its metadata."""
    facts = store.query(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    metadata = store.query(
        f"SELECT ?p ?o WHERE {{ GRAPH <{METADATA_GRAPH}> {{ {article} ?p ?o }} }}"
    )
    fact_graph = ox.NamedNode(graph)
    out = {ox.Quad(r["s"], r["p"], r["o"], fact_graph) for r in facts}  # type: ignore[union-attr]
    out |= {ox.Quad(article, r["p"], r["o"], _METADATA) for r in metadata}  # type: ignore[union-attr]
    return out


def _new_stakeholders(store: Store, quads: set[ox.Quad]) -> list[dict[str, Any]]:
    kinds = _subclasses(str(PG.Stakeholder))
    candidates = {
        q.subject
        for q in quads
        if q.graph_name == _REGISTRY and q.predicate == _TYPE and q.object in kinds
    }
    known = {q.subject for q in current_quads(store, candidates)}
    labels: dict[Any, dict[str, str]] = {s: {} for s in candidates - known}
    for q in quads:
        if q.subject in labels and q.predicate == _PREF_LABEL and q.object.language:
            labels[q.subject].setdefault(q.object.language, q.object.value)
    return [{"iri": s.value, "label": labels[s]} for s in sorted(labels, key=lambda n: n.value)]


# --- writing --------------------------------------------------------------------------------


def _update_text(removed: set[ox.Quad], added: set[ox.Quad]) -> str:
    def block(quads: set[ox.Quad]) -> str:
        by_graph: dict[Any, list[str]] = {}
        for q in quads:
            by_graph.setdefault(q.graph_name, []).append(f"{q.subject} {q.predicate} {q.object} .")
        return "\n".join(
            f"GRAPH {g} {{\n{chr(10).join(lines)}\n}}" for g, lines in by_graph.items()
        )

    parts = []
    if removed:
        parts.append(f"DELETE DATA {{\n{block(removed)}\n}}")
    if added:
        parts.append(f"INSERT DATA {{\n{block(added)}\n}}")
    return " ;\n".join(parts)


def apply_change(
    store: Store, removed: set[ox.Quad], added: set[ox.Quad], *, drop: str | None = None
) -> None:
    """Remove, then add, in one store update (one transaction); no write when both are empty.

    ``drop``: a named graph to drop too (in the same update), so that it is no longer listed.
    """
    text = _update_text(removed, added)
    if drop:
        text = f"{text} ;\nDROP SILENT GRAPH <{drop}>" if text else f"DROP SILENT GRAPH <{drop}>"
    if text:
        store.update(text)


def _prepare(
    store: Store,
    document: bytes | Dataset | Iterable[Any],
    media_type: str | None,
    expected_id: str | None,
    lang: str,
) -> tuple[IngestSummary, set[ox.Quad], set[ox.Quad]]:
    quads = _quads(store, document, media_type)
    article, article_id = _the_article(quads)
    if expected_id is not None and article_id != expected_id:
        raise InputError(
            f"the document describes article {article_id!r}, not {expected_id!r} (the URL's id)",
            article=article.value,
        )
    graph = str(article_graph(article_id))
    wanted = canonical(_layout(quads, article, article_id))
    stored = _stored_article(store, article, graph)
    removed = stored - wanted
    report = validate_change(store, wanted, stored, lang=lang)
    summary = IngestSummary(
        article=article.value,
        article_id=article_id,
        graph=graph,
        created=not stored,
        added=0,
        removed=len(removed),
        new_stakeholders=_new_stakeholders(store, wanted),
        report=report,
        data_version=store.data_version,
    )
    report.raise_for_violations(f"article {article_id}", article=article.value)
    return summary, removed, wanted


def _present(store: Store, quads: set[ox.Quad]) -> set[ox.Quad]:
    return current_quads(store, {q.subject for q in quads}) & quads


def ingest(
    store: Store,
    document: bytes | Dataset | Iterable[Any],
    media_type: str | None = None,
    *,
    article_id: str | None = None,
    lang: str = "en",
    dry_run: bool = False,
) -> IngestSummary:
    """Add (or replace) one article from ``document``, validated, in one transaction.

    Parameters
    ----------
    store : Store
    document : bytes, rdflib.Dataset or iterable of quads
        Bytes are parsed by ``media_type`` (see :func:`graph.documents.parse_document`).
    article_id : str, optional
        When given, the document must describe this article (``PUT /api/articles/<id>``).
    lang : str
        Language of the report's messages ("ko" or "en").
    dry_run : bool
        Check and summarise only; write nothing (``POST /api/validate``, ``policygraph
        validate FILE``). The errors are the same.

    Raises
    ------
    InputError
        Unparseable document (with line and column), not exactly one article, a quad in a place
        an article document may not write.
    ValidationFailed
        The change would leave a SHACL violation; ``report`` says where.
    """
    started = time.perf_counter()
    with write_lock(store):
        summary, removed, wanted = _prepare(store, document, media_type, article_id, lang)
        added = wanted - _present(store, wanted)
        if dry_run:
            summary.added, summary.dry_run = len(added), True
            return summary
        log.info("writing article %s: +%d -%d quads", summary.article_id, len(added), len(removed))
        apply_change(store, removed, added)
        summary.added = len(added)
        summary.data_version = store.data_version
    log.info(
        "ingested article %s: +%d -%d quads in %.3f s (data version %d)",
        summary.article_id,
        summary.added,
        summary.removed,
        time.perf_counter() - started,
        summary.data_version,
    )
    return summary


# --- deleting -------------------------------------------------------------------------------


def _registry_entries(store: Store, starts: set[Any]) -> set[ox.NamedNode]:
    """Registry entries reachable from ``starts`` through registry triples."""
    out: set[ox.NamedNode] = set()
    iris = " ".join(str(s) for s in starts if isinstance(s, ox.NamedNode))
    if not iris:
        return out
    rows = store.query(
        f"SELECT DISTINCT ?e WHERE {{ VALUES ?start {{ {iris} }} GRAPH <{REGISTRY_GRAPH}> "
        "{ ?start (<urn:x-pg:any>|!<urn:x-pg:any>)* ?e . ?e ?p ?o } }"
    )
    out.update(r["e"] for r in rows)  # type: ignore[union-attr]
    return out


def _used_elsewhere(store: Store, entries: set[Any], article: ox.NamedNode, graph: str) -> set[Any]:
    """The entries that another graph (another article's facts or metadata) mentions, or that a
    registry entry outside ``entries`` refers to. ``EXISTS`` stops at the first use found, so
    an entry that thousands of articles name costs no more than one named once."""
    iris = " ".join(str(e) for e in entries)
    listed = ", ".join(str(e) for e in entries)
    others = f"FILTER (?g != <{REGISTRY_GRAPH}> && ?g != <{graph}>)"
    rows = store.query(
        f"SELECT ?c WHERE {{ VALUES ?c {{ {iris} }} FILTER ("
        f"EXISTS {{ GRAPH ?g {{ ?c ?p ?o }} {others} }} || "
        f"EXISTS {{ GRAPH ?g {{ ?s ?p ?c }} {others} "
        f"FILTER (?g != <{METADATA_GRAPH}> || ?s != {article}) }} || "
        f"EXISTS {{ GRAPH <{REGISTRY_GRAPH}> {{ ?s ?p ?c }} FILTER (?s NOT IN ({listed})) }}"
        ") }"
    )
    return {r["c"] for r in rows}  # type: ignore[union-attr]


def delete_article(store: Store, article_id: str, *, lang: str = "en") -> IngestSummary:
    """Remove an article: its fact graph, its metadata and the registry entries no other article
    (or kept registry entry) still uses, in one transaction.

    Raises
    ------
    NotFound
        The store holds no such article.
    ValidationFailed
        Something that stays refers to what would go (the delete is refused).
    """
    if not _ARTICLE_ID.match(article_id):
        raise NotFound(f"no article {article_id!r}", article_id=article_id)
    article = ox.NamedNode(str(article_iri(article_id)))
    graph = str(article_graph(article_id))
    with write_lock(store):
        stored = _stored_article(store, article, graph)
        if not stored:
            raise NotFound(f"no article {article_id!r} in the store", article_id=article_id)
        nodes = {q.subject for q in stored} | {q.object for q in stored}
        entries = _registry_entries(store, nodes)
        entry_quads = {q for q in current_quads(store, entries) if q.graph_name == _REGISTRY}
        kept = set()
        if entries:
            kept = _used_elsewhere(store, entries, article, graph)
        # What a kept entry refers to in the registry is kept too.
        frontier = set(kept)
        while frontier:
            node = frontier.pop()
            for q in entry_quads:
                if q.subject == node and q.object in entries and q.object not in kept:
                    kept.add(q.object)
                    frontier.add(q.object)
        removed = stored | {q for q in entry_quads if q.subject not in kept}
        report = validate_change(store, [], removed, lang=lang)
        report.raise_for_violations(
            f"deleting article {article_id} would break what stays", article=article.value
        )
        apply_change(store, removed, set(), drop=graph)
        summary = IngestSummary(
            article=article.value,
            article_id=article_id,
            graph=graph,
            created=False,
            added=0,
            removed=len(removed),
            report=report,
            data_version=store.data_version,
        )
    log.info("deleted article %s: -%d quads", article_id, len(removed))
    return summary
