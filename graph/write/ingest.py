"""Ingest: one article's document in, whole and valid, or not at all; delete takes it out.

:func:`ingest` parses a document (:mod:`graph.write.documents`), checks that it describes
exactly one ``pg:Article`` (its IRI ``pgid:article/<id>``), lays its quads out as the seed
files are (:mod:`graph.write.placement`: registry, metadata, the article's fact graph), checks
the change with :func:`graph.validation.incremental.validate_planned` (the article and the
registry entries it names, not the whole store) and writes it in ONE store update (``DELETE
DATA ...; INSERT DATA``, which Oxigraph applies as one transaction).
Any error leaves the store as it was.

Parsing and validation run *outside* the store's write lock, within :class:`graph.limits.Limits`
(:func:`commit_checked`): the lock is taken only to see that nothing was written meanwhile and to
commit, so a slow or hostile document never holds up other writers. A dry run never takes it.

Re-ingesting an article replaces its fact graph and its metadata; registry entries are added to,
never taken away. Only the difference is written: an identical re-ingest writes nothing and does
not bump the data version. :func:`delete_article` drops the fact graph, the metadata and the
registry entries that only this article used.

Examples
--------
>>> from graph.store.oxigraph import OxigraphStore
>>> from graph.store.seed import load_seed
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

import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from rdflib import Dataset

from ..errors import InputError, NotFound
from ..factsheet.sheet import FactSheet, convert_factsheet, load_factsheet
from ..iris import METADATA_GRAPH, PG, REGISTRY_GRAPH, article_graph, article_iri
from ..limits import Deadline, Limits, checked_quads
from ..ontology import subclasses
from ..store import Change
from ..store.terms import canonical, to_ox_quads
from ..validation.incremental import validate_planned
from ..validation.shacl import Report
from .commit import commit_checked
from .documents import FACTSHEET, Document, parse_document
from .placement import ARTICLE_ID, check_terms, find_article, seed_layout

if TYPE_CHECKING:
    from ..store import Store

__all__ = [
    "IngestSummary",
    "ingest",
    "delete_article",
]

log = logging.getLogger(__name__)

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_TYPE = ox.NamedNode(_RDF + "type")
_PREF_LABEL = ox.NamedNode(_SKOS + "prefLabel")
_REGISTRY = ox.NamedNode(str(REGISTRY_GRAPH))
_METADATA = ox.NamedNode(str(METADATA_GRAPH))


@dataclass
class IngestSummary:
    """What :func:`ingest` or :func:`delete_article` did (or would do)."""

    article: str
    article_id: str
    graph: str
    created: bool  #: the article was not in the store before
    added: int  #: quads written (the difference, not the document size)
    removed: int  #: quads taken away
    #: Stakeholders the registry did not know: ``{"iri", "label_ko", "label_en"}`` each.
    new_stakeholders: list[dict[str, Any]] = field(default_factory=list)
    #: stakeholders of the registry the document names (matched, not added)
    matched_stakeholders: list[dict[str, Any]] = field(default_factory=list)
    report: Report | None = field(default=None, repr=False)
    data_version: int = 0
    dry_run: bool = False
    #: The store held this article already (same id): ingest replaced it (or would, dry run).
    replaced: bool = False
    #: The data version before the article was replaced (None when it was added).
    previous_data_version: int | None = None

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
            "matched_stakeholders": self.matched_stakeholders,
            "warnings": [r for r in results if r["severity"] != "violation"],
            "counts": self.report.counts() if self.report else {},
            "data_version": self.data_version,
            "dry_run": self.dry_run,
            "replaced": self.replaced,
            "previous_data_version": self.previous_data_version,
        }


# --- reading a document ---------------------------------------------------------------------


#: What ingest takes: a document as sent, its bytes (with the media type), a parsed fact
#: sheet, or RDF already in memory (an rdflib Dataset, rdflib or pyoxigraph quads).
Source = Document | bytes | FactSheet | Dataset | Iterable[Any]


def _quads(
    store: Store, document: Source, media_type: str | None, limits: Limits, deadline: Deadline
) -> list[ox.Quad]:
    """The document's quads: parsed once (an RDF document) or converted once against the
    store's registry (a fact sheet), within the limits."""
    if isinstance(document, bytes | bytearray):
        if media_type is None:
            raise InputError("a document given as bytes needs its media type")
        document = Document.of(bytes(document), media_type)
    if isinstance(document, Document):
        if document.format != FACTSHEET:
            return parse_document(document.data, document.format, limits=limits, deadline=deadline)
        document = load_factsheet(
            document.data, name=document.name, limits=limits, deadline=deadline
        )
    if isinstance(document, FactSheet):  # stakeholders are matched to the store's registry
        converted = convert_factsheet(document, registry=store, limits=limits, deadline=deadline)
        return checked_quads(to_ox_quads(converted.dataset), limits, deadline)
    return checked_quads(to_ox_quads(document), limits, deadline)


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
    kinds = subclasses(str(PG.Stakeholder))
    candidates = {
        q.subject
        for q in quads
        if q.graph_name == _REGISTRY and q.predicate == _TYPE and q.object in kinds
    }
    known = {q.subject for q in store.subject_quads(candidates)}
    labels: dict[Any, dict[str, str]] = {s: {} for s in candidates - known}
    for q in quads:
        label = q.object
        if q.subject in labels and q.predicate == _PREF_LABEL and isinstance(label, ox.Literal):
            if label.language:
                labels[q.subject].setdefault(label.language, label.value)
    return [
        {"iri": s.value, "label_ko": labels[s].get("ko"), "label_en": labels[s].get("en")}
        for s in sorted(labels, key=lambda n: n.value)
    ]


def _matched_stakeholders(store: Store, quads: set[ox.Quad]) -> list[dict[str, Any]]:
    """The stakeholders the store already knows that the document names, with their labels."""
    kinds = subclasses(str(PG.Stakeholder))
    named = {t for q in quads for t in (q.subject, q.object) if isinstance(t, ox.NamedNode)}
    known = store.subject_quads(named)
    found = {q.subject for q in known if q.predicate == _TYPE and q.object in kinds}
    labels: dict[Any, dict[str, str]] = {s: {} for s in found}
    for q in known:
        if q.subject in labels and q.predicate == _PREF_LABEL and isinstance(q.object, ox.Literal):
            if q.object.language:
                labels[q.subject].setdefault(q.object.language, q.object.value)
    return [
        {"iri": s.value, "label_ko": labels[s].get("ko"), "label_en": labels[s].get("en")}
        for s in sorted(labels, key=lambda n: n.value)
    ]


# --- writing --------------------------------------------------------------------------------


def _prepare(
    store: Store,
    document: Source,
    media_type: str | None,
    expected_id: str | None,
    lang: str,
    limits: Limits,
) -> tuple[IngestSummary, set[ox.Quad], set[ox.Quad]]:
    deadline = limits.deadline()
    quads = _quads(store, document, media_type, limits, deadline)
    article, article_id = find_article(quads)
    check_terms(quads)
    if expected_id is not None and article_id != expected_id:
        raise InputError(
            f"the document describes article {article_id!r}, not {expected_id!r} (the URL's id)",
            article=article.value,
        )
    graph = str(article_graph(article_id))
    wanted = canonical(seed_layout(quads, article, article_id))
    stored = _stored_article(store, article, graph)
    removed = stored - wanted
    report = validate_planned(
        store, Change(removed=stored - wanted, added=wanted), lang=lang, deadline=deadline
    )
    summary = IngestSummary(
        article=article.value,
        article_id=article_id,
        graph=graph,
        created=not stored,
        added=0,
        removed=len(removed),
        new_stakeholders=_new_stakeholders(store, wanted),
        matched_stakeholders=_matched_stakeholders(store, wanted),
        report=report,
        data_version=store.data_version,
        replaced=bool(stored),
        previous_data_version=store.data_version if stored else None,
    )
    report.raise_for_violations(f"article {article_id}", article=article.value)
    return summary, removed, wanted


def _present(store: Store, quads: set[ox.Quad]) -> set[ox.Quad]:
    return set(store.subject_quads({q.subject for q in quads})) & quads


def ingest(
    store: Store,
    document: Source,
    media_type: str | None = None,
    *,
    article_id: str | None = None,
    lang: str = "en",
    dry_run: bool = False,
    limits: Limits | None = None,
) -> IngestSummary:
    """Add (or replace) one article from ``document``, validated, in one transaction.

    Parameters
    ----------
    store : Store
    document : Document, bytes, FactSheet, rdflib.Dataset or iterable of quads
        A :class:`~graph.write.documents.Document` (or bytes with their ``media_type``) is
        parsed by its format; a fact sheet is converted against the store's registry.
    article_id : str, optional
        When given, the document must describe this article (``PUT /api/articles/<id>``).
    lang : str
        Language of the report's messages ("ko" or "en").
    dry_run : bool
        Check and summarise only; write nothing and never take the write lock (``POST
        /api/validate``, ``policygraph validate FILE``). The errors are the same.
    limits : Limits, optional
        Quads, term length, nesting depth and time the checks may take (default: the
        settings' defaults).

    Raises
    ------
    InputError
        Unparseable document (with line and column), not exactly one article, a quad in a place
        an article document may not write.
    LimitExceeded
        The document is over a limit of ``limits`` (the setting is named).
    ValidationFailed
        The change would leave a SHACL violation; ``report`` says where.
    """
    started = time.perf_counter()
    limits = limits or Limits()

    def prepare() -> tuple[IngestSummary, set[ox.Quad], set[ox.Quad]]:
        return _prepare(store, document, media_type, article_id, lang, limits)

    if dry_run:
        summary, _, wanted = prepare()
        summary.added, summary.dry_run = len(wanted - _present(store, wanted)), True
        return summary

    def commit(plan: tuple[IngestSummary, set[ox.Quad], set[ox.Quad]]) -> IngestSummary:
        summary, removed, wanted = plan
        added = wanted - _present(store, wanted)
        log.info("writing article %s: +%d -%d quads", summary.article_id, len(added), len(removed))
        store.apply(Change(removed=removed, added=added))
        summary.added = len(added)
        summary.data_version = store.data_version
        return summary

    summary = commit_checked(store, prepare, commit)
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


def delete_article(
    store: Store, article_id: str, *, lang: str = "en", limits: Limits | None = None
) -> IngestSummary:
    """Remove an article: its fact graph, its metadata and the registry entries no other article
    (or kept registry entry) still uses, in one transaction.

    Raises
    ------
    NotFound
        The store holds no such article.
    ValidationFailed
        Something that stays refers to what would go (the delete is refused).
    """
    limits = limits or Limits()
    if not ARTICLE_ID.match(article_id):
        raise NotFound(f"no article {article_id!r}", article_id=article_id)
    article = ox.NamedNode(str(article_iri(article_id)))
    graph = str(article_graph(article_id))

    def prepare() -> tuple[set[ox.Quad], Report]:
        stored = _stored_article(store, article, graph)
        if not stored:
            raise NotFound(f"no article {article_id!r} in the store", article_id=article_id)
        nodes = {q.subject for q in stored} | {q.object for q in stored}
        entries = _registry_entries(store, nodes)
        entry_quads = {q for q in store.subject_quads(entries) if q.graph_name == _REGISTRY}
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
        report = validate_planned(
            store, Change(removed=removed), lang=lang, deadline=limits.deadline()
        )
        report.raise_for_violations(
            f"deleting article {article_id} would break what stays", article=article.value
        )
        return removed, report

    def commit(plan: tuple[set[ox.Quad], Report]) -> IngestSummary:
        removed, report = plan
        store.apply(Change(removed=removed, dropped={ox.NamedNode(graph)}))
        return IngestSummary(
            article=article.value,
            article_id=article_id,
            graph=graph,
            created=False,
            added=0,
            removed=len(removed),
            report=report,
            data_version=store.data_version,
        )

    summary = commit_checked(store, prepare, commit)
    log.info("deleted article %s: -%d quads", article_id, summary.removed)
    return summary
