"""The partner network: who works with whom, derived from the relationship nodes in the store.

An undirected :class:`networkx.Graph` whose nodes are stakeholders (organisations; people as an
optional layer) keyed by IRI. An edge joins

- two parties of the same ``pg:Agreement`` (kind ``agreement``),
- two developers of the same project (``pg:developer``; kind ``co-development``),
- two funders of budgets for the same project or initiative (``pg:funder`` / ``pg:purpose``;
  kind ``co-funding``).

Proposals, designations, events, posts and ``pg:hasPresenceIn`` ("located near") never make
partner edges. With ``people=True`` persons join as nodes, linked to the organisations they hold
posts in (kind ``post``), to the agreements' parties they signed for (kind ``signatory``) and to
the parties they hold a post in at an agreement they attended (kind ``attendee``; attending is
not signing): that layer says who acts for whom, not who partners with whom.

Edge attributes: ``kinds`` (sorted list), ``weight`` (number of distinct relationships),
``first`` / ``last`` (dates as written, at their own precision: ``"2026"`` stays a year),
``relationships`` and ``articles`` (sorted IRI lists: the evidence). Node attributes: ``iri``,
``type`` (the most specific class's local name), ``label_ko``, ``label_en``.

A relationship's date is its own (``pg:signedOn`` for agreements) or else the issue date of the
article that reports it. ``as_of`` keeps only relationships certainly dated on or before it: a
year-only date counts from the year's last day (``"2025"`` is not "on or before 2025-06-01").

Networks are cached per store data version (:mod:`graph.cache`): they are recomputed only
after a write, and a caller that passes a :class:`~graph.cache.Snapshot` gets the network of
that snapshot's version.

Examples
--------
>>> g = partner_network(seed_store)
>>> kakao = "https://policygraph.example/id/org/kakao"
>>> sorted(g.nodes[n]["label_en"] for n in g[kakao])
['Gyeonggi Province', 'Korea Land and Housing Corporation', 'Namyangju City']
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

import networkx as nx

from ..cache import Snapshot, cached, snapshot
from ..dates import parse_day, period_end, period_key
from ..iris import local
from ..query.sparql import select
from ..store import Store

__all__ = [
    "PARTNER_KINDS",
    "STAKEHOLDER_TYPES",
    "partner_network",
]

#: Edge kinds that make two stakeholders partners.
PARTNER_KINDS = ("agreement", "co-development", "co-funding")

#: Stakeholder classes from the most specific to the least; a node's ``type`` is the first
#: one it has.
STAKEHOLDER_TYPES = (
    "Government",
    "Company",
    "ResearchBody",
    "EducationBody",
    "PoliticalParty",
    "Consortium",
    "Organisation",
    "Person",
)

_NODES = """
SELECT DISTINCT ?s ?type ?ko ?en WHERE {
  VALUES ?type { %s }
  ?s a ?type .
  OPTIONAL { ?s skos:prefLabel ?ko FILTER(lang(?ko) = "ko") }
  OPTIONAL { ?s skos:prefLabel ?en FILTER(lang(?en) = "en") }
}
"""

# One row per (relationship, participant): the kind, the relationship's own date if any, and
# every article that reports it with the article's issue date. DISTINCT everywhere, and the
# people query joins DISTINCT sub-selects of one pattern each: restated facts (see
# graph.query.sparql) must not multiply rows (figures: docs/benchmarks.md, query shapes).
_LINKS = """
SELECT DISTINCT ?rel ?kind ?group ?who ?date ?article ?issued WHERE {
  {
    ?rel a pg:Agreement ; pg:party ?who .
    BIND("agreement" AS ?kind) BIND(?rel AS ?group)
    OPTIONAL { ?rel pg:signedOn ?date }
  } UNION {
    ?group pg:developer ?who .
    BIND("co-development" AS ?kind) BIND(?group AS ?rel)
  } UNION {
    ?rel a pg:Budget ; pg:funder ?who ; pg:purpose ?group .
    BIND("co-funding" AS ?kind)
  }
  OPTIONAL { ?rel pg:evidence ?article OPTIONAL { ?article dct:issued ?issued } }
}
"""

_PEOPLE = """
SELECT DISTINCT ?rel ?kind ?person ?org ?date ?article ?issued WHERE {
  {
    { SELECT DISTINCT ?rel WHERE { ?rel a pg:Post } }
    { SELECT DISTINCT ?rel ?person WHERE { ?rel pg:heldBy ?person } }
    { SELECT DISTINCT ?rel ?org WHERE { ?rel pg:postIn ?org } }
    BIND("post" AS ?kind)
  } UNION {
    { SELECT DISTINCT ?rel ?person ?org ?kind WHERE {
        { ?rel pg:signatory ?person BIND("signatory" AS ?kind) }
        UNION { ?rel pg:attendee ?person BIND("attendee" AS ?kind) }
        ?rel pg:party ?org ; a pg:Agreement } }
    { SELECT DISTINCT ?person ?org WHERE {
        { SELECT DISTINCT ?post ?person WHERE { ?post pg:heldBy ?person } }
        { SELECT DISTINCT ?post ?org WHERE { ?post pg:postIn ?org } } } }
    OPTIONAL { ?rel pg:signedOn ?date }
  }
  OPTIONAL { ?rel pg:evidence ?article OPTIONAL { ?article dct:issued ?issued } }
}
"""


# --- building -------------------------------------------------------------------------------


@dataclass
class _Relationship:
    iri: str
    kind: str
    date: str | None = None
    articles: set[str] = field(default_factory=set)
    issued: set[str] = field(default_factory=set)
    # ``group`` -> participants: an agreement has one group (itself); a co-funded project groups
    # the funders of all budgets for it.
    members: set[str] = field(default_factory=set)

    @property
    def when(self) -> str | None:
        """Its own date, else the earliest issue date of the articles reporting it."""
        if self.date:
            return self.date
        return min(self.issued, key=period_key) if self.issued else None


def _add_nodes(g: nx.Graph, store: Store, types: Iterable[str]) -> None:
    values = " ".join(f"pg:{t}" for t in types)
    best: dict[str, tuple[int, dict[str, Any]]] = {}
    for row in select(store, _NODES % values):
        rank = STAKEHOLDER_TYPES.index(local(row["type"]))
        if row["s"] not in best or rank < best[row["s"]][0]:
            attrs = {
                "iri": row["s"],
                "type": local(row["type"]),
                "label_ko": row["ko"] or "",
                "label_en": row["en"] or "",
            }
            best[row["s"]] = (rank, attrs)
    for iri, (_, attrs) in best.items():
        g.add_node(iri, **attrs)


def _collect(rows: Iterable[dict[str, Any]], group_key: str) -> dict[tuple[str, str], Any]:
    """Rows -> (kind, group) -> {relationship IRI -> _Relationship} plus members per group."""
    groups: dict[tuple[str, str], dict[str, Any]] = defaultdict(dict)
    for row in rows:
        key = (row["kind"], row[group_key])
        rels = groups[key]
        rel = rels.setdefault(row["rel"], _Relationship(row["rel"], row["kind"]))
        rel.members.add(row["who"])
        if row.get("date"):
            rel.date = row["date"]
        if row.get("article"):
            rel.articles.add(row["article"])
        if row.get("issued"):
            rel.issued.add(row["issued"])
    return groups


def _keep(rel: _Relationship, as_of: dt.date | None) -> bool:
    if as_of is None:
        return True
    when = rel.when
    return when is not None and period_end(when) <= as_of


def _link(g: nx.Graph, a: str, b: str, rels: Iterable[_Relationship]) -> None:
    """Add (or extend) the edge a–b with the given relationships as evidence."""
    if a == b or a not in g or b not in g:
        return
    if not g.has_edge(a, b):
        g.add_edge(a, b, kinds=set(), relationships=set(), articles=set(), dates=[])
    data = g.edges[a, b]
    for rel in rels:
        data["kinds"].add(rel.kind)
        data["relationships"].add(rel.iri)
        data["articles"] |= rel.articles
        if rel.when:
            data["dates"].append(rel.when)


def _finish_edges(g: nx.Graph) -> None:
    for _, _, data in g.edges(data=True):
        dates = sorted(data.pop("dates"), key=period_key)
        data["kinds"] = sorted(data["kinds"])
        data["relationships"] = sorted(data["relationships"])
        data["articles"] = sorted(data["articles"])
        data["weight"] = len(data["relationships"])
        data["first"] = dates[0] if dates else None
        data["last"] = dates[-1] if dates else None


def _build(store: Store, as_of: dt.date | None, people: bool) -> nx.Graph:
    g: nx.Graph[str] = nx.Graph(
        data_version=store.data_version, as_of=as_of.isoformat() if as_of else None
    )
    org_types = [t for t in STAKEHOLDER_TYPES if t != "Person"]
    _add_nodes(g, store, org_types)
    rows = select(store, _LINKS)
    for (kind, _group), rels in _collect(rows, "group").items():
        kept = [r for r in rels.values() if _keep(r, as_of)]
        if kind == "co-funding":
            # funders of different budgets for the same purpose; evidence: both budgets
            for r1, r2 in combinations(kept, 2):
                for a in r1.members:
                    for b in r2.members:
                        _link(g, a, b, [r1, r2])
        else:
            # parties of one agreement; developers of one project
            for rel in kept:
                for a, b in combinations(sorted(rel.members), 2):
                    _link(g, a, b, [rel])
    if people:
        _add_nodes(g, store, ["Person"])
        prow = [dict(r, who=r["person"]) for r in select(store, _PEOPLE)]
        for row in prow:
            rel = _Relationship(row["rel"], row["kind"], row.get("date"))
            if row.get("article"):
                rel.articles.add(row["article"])
            if row.get("issued"):
                rel.issued.add(row["issued"])
            if _keep(rel, as_of):
                _link(g, row["person"], row["org"], [rel])
    _finish_edges(g)
    return g


def partner_network(
    store: Store | Snapshot, *, as_of: str | dt.date | None = None, people: bool = False
) -> nx.Graph:
    """The partner network of ``store`` (frozen: copy it with ``nx.Graph(g)`` to change it).

    ``as_of``: keep only relationships dated on or before that day (``YYYY-MM-DD``).
    ``people``: add persons and their posts / signatures / attendance as a layer.
    """
    day = parse_day(as_of) if as_of is not None else None
    snap = snapshot(store)
    key = ("partner_network", day.isoformat() if day else None, people)
    return cached(snap, key, lambda: nx.freeze(_build(snap, day, people)))
