"""How two stakeholders are connected: shortest paths and ego networks, with evidence per hop.

Both walk :func:`graph.network.partner_network` (organisations; when one end is a person, the
people layer with its posts and signatures joins in, since a person has no partners of their
own). Every hop comes with its evidence: the relationship nodes behind the link (IRI, kind,
date at its own precision, labels) and the articles that report them (IRI, title, issue date).

Examples
--------
>>> store = seed_store
>>> p = shortest_path(store, "org/kakao", "org/namyangju-city")
>>> p["found"], p["length"], p["hops"][0]["relationships"][0]["kind"]
(True, 1, 'agreement')
>>> shortest_path(store, "org/kakao", "org/nonghyup")["found"]
False
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import networkx as nx

from ..cache import snapshot
from ..errors import InputError, NotFound
from ..iris import PREFIXES, expand_id, local
from ..network.partners import partner_network
from ..store import Store, python_value
from .articles import article_items
from .rows import label_in, terms

__all__ = [
    "MAX_DEPTH",
    "evidence",
    "node_info",
    "resolve_stakeholder",
    "shortest_path",
    "ego_network",
    "link",
]

#: The deepest ego network served (the seed components are small; 3 hops reach far in a
#: real partner graph).
MAX_DEPTH = 3

# Kinds of relationship by class, for hops that mix kinds.
_KIND_OF_CLASS = {
    "Agreement": "agreement",
    "Budget": "co-funding",
    "Project": "co-development",
    "Facility": "co-development",
    "Post": "post",
}

_PG = PREFIXES["pg"]


def node_info(g: nx.Graph, iri: str) -> dict[str, Any]:
    """The node's IRI, type and both labels, from the network's node attributes.

    >>> import networkx as nx
    >>> g = nx.Graph()
    >>> g.add_node("urn:a", iri="urn:a", type="Company", label_ko="에이", label_en="A")
    >>> node_info(g, "urn:a")
    {'iri': 'urn:a', 'type': 'Company', 'label_ko': '에이', 'label_en': 'A'}
    """
    data = g.nodes[iri]
    return {k: data.get(k, "") for k in ("iri", "type", "label_ko", "label_en")}


def resolve_stakeholder(store: Store, id_or_iri: str, *, parameter: str = "id") -> str:
    """The IRI of the stakeholder named by ``id_or_iri`` (``org/kakao`` or a full IRI).

    Raises :class:`~graph.errors.NotFound` naming the id when no stakeholder has it, and
    :class:`~graph.errors.InputError` naming ``parameter`` when it cannot be an IRI.
    >>> resolve_stakeholder(seed_store, "org/kakao")
    'https://policygraph.example/id/org/kakao'
    """
    if not id_or_iri or not id_or_iri.strip():
        raise InputError(
            f"parameter {parameter}: a stakeholder id is required", parameter=parameter
        )
    iri = expand_id(id_or_iri, parameter=parameter)
    if iri not in partner_network(store, people=True):
        raise NotFound(f"no stakeholder {id_or_iri!r}", id=id_or_iri, iri=iri)
    return iri


def _describe(
    store: Store, rels: list[str], arts: list[str]
) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """Relationship IRI -> (class, date, labels) and article IRI -> metadata: 2 lookups."""
    described: dict[str, dict[str, Any]] = {}
    facts = terms(store, rels, ("rdf:type", "pg:signedOn", "skos:prefLabel"))
    for rel in rels:
        f = facts[rel]
        classes = {local(c.value) for c in f["rdf:type"] if c.value.startswith(_PG)}
        if not classes:  # a relationship of policygraph's has one of its classes
            continue
        described[rel] = {
            "classes": classes,
            "date": next((d for d in map(python_value, f["pg:signedOn"]) if d), None),
            "label_ko": label_in(f["skos:prefLabel"], "ko"),
            "label_en": label_in(f["skos:prefLabel"], "en"),
        }
    titles = {a["iri"]: a for a in article_items(store, arts)}
    return described, titles


def _relationship(iri: str, info: dict[str, Any] | None, kinds: set[str]) -> dict[str, Any]:
    info = info or {"classes": set(), "date": None, "label_ko": None, "label_en": None}
    cls = next((c for c in _KIND_OF_CLASS if c in info["classes"]), None)
    kind = _KIND_OF_CLASS.get(cls) if cls else (next(iter(kinds)) if len(kinds) == 1 else None)
    if kind == "agreement" and "agreement" not in kinds:
        # a person's hop through an agreement: they signed it, or only attended it
        kind = next((k for k in ("signatory", "attendee") if k in kinds), kind)
    return {
        "iri": iri,
        "kind": kind,
        "type": cls or (min(info["classes"]) if info["classes"] else None),
        "date": info["date"],
        "label_ko": info["label_ko"],
        "label_en": info["label_en"],
    }


def evidence(
    store: Store, relationships: Iterable[str], articles: Iterable[str], kinds: Iterable[str] = ()
) -> dict[str, list[dict[str, Any]]]:
    """Describe relationship and article IRIs: ``{"relationships": [...], "articles": [...]}``.

    A relationship: ``iri``, ``kind`` (agreement, co-funding, co-development, post, signatory),
    ``type`` (its class), ``date`` (its own date at its precision, or None), ``label_ko``,
    ``label_en``. An article: its metadata (``iri``, ``title``, ``issued`` at its precision,
    ``language`` ...; see :func:`graph.read.articles.article_items`). ``kinds``: the edge's kinds,
    used when a relationship's class does not decide its kind.

    Examples
    --------
    >>> s = seed_store
    >>> e = evidence(s, ["https://policygraph.example/id/agreement/grain-market-site-property-exchange"],
    ...              ["https://policygraph.example/id/article/9ae9a84f0b3031d7"])
    >>> e["relationships"][0]["kind"], e["relationships"][0]["date"], e["articles"][0]["issued"]
    ('agreement', '2021-12-15', '2021-12')
    """
    hop = (sorted(set(relationships)), sorted(set(articles)), set(kinds))
    return _hops_evidence(store, [hop])[0]


def _hops_evidence(
    store: Store, hops: list[tuple[list[str], list[str], set[str]]]
) -> list[dict[str, list[dict[str, Any]]]]:
    """:func:`evidence` for many hops at once (two queries in all)."""
    all_rels = sorted({r for rels, _, _ in hops for r in rels})
    all_arts = sorted({a for _, arts, _ in hops for a in arts})
    described, titles = _describe(store, all_rels, all_arts)
    return [
        {
            "relationships": [_relationship(r, described.get(r), kinds) for r in rels],
            "articles": [titles.get(a, {"iri": a, "title": None, "issued": None}) for a in arts],
        }
        for rels, arts, kinds in hops
    ]


def _network_for(store: Store, iris: Iterable[str], as_of: str | dt.date | None) -> nx.Graph:
    people = partner_network(store, people=True)
    with_people = any(people.nodes[i].get("type") == "Person" for i in iris)
    return partner_network(store, as_of=as_of, people=with_people)


def _hops(store: Store, g: nx.Graph, pairs: list[tuple[str, str]]) -> list[dict[str, Any]]:
    edges = [g.edges[a, b] for a, b in pairs]
    found = _hops_evidence(
        store, [(d["relationships"], d["articles"], set(d["kinds"])) for d in edges]
    )
    return [
        {
            "from": a,
            "to": b,
            "kinds": list(d["kinds"]),
            "weight": d["weight"],
            "first": d["first"],
            "last": d["last"],
            **ev,
        }
        for (a, b), d, ev in zip(pairs, edges, found, strict=True)
    ]


def shortest_path(
    store: Store, source: str, target: str, *, as_of: str | dt.date | None = None
) -> dict[str, Any]:
    """The shortest partner path from ``source`` to ``target`` (ids or IRIs), with evidence.

    Returns ``found``, ``length`` (hops; None when not found), ``nodes`` (IRI, type, both
    labels, in order from source to target), ``hops`` (``from``, ``to``, ``kinds``, ``weight``,
    ``first``, ``last``, ``relationships``, ``articles``) and ``message`` when nothing connects
    them. Unknown ids raise :class:`~graph.errors.NotFound`; a malformed ``as_of`` raises
    :class:`~graph.errors.InputError`.

    Examples
    --------
    >>> p = shortest_path(seed_store, "org/kakao", "org/lh")
    >>> [n["label_en"] for n in p["nodes"]]
    ['Kakao', 'Korea Land and Housing Corporation']
    """
    store = snapshot(store)  # every network below of one data version
    a = resolve_stakeholder(store, source, parameter="from")
    b = resolve_stakeholder(store, target, parameter="to")
    g = _network_for(store, (a, b), as_of)
    answer: dict[str, Any] = {
        "source": node_info(g, a),
        "target": node_info(g, b),
        "as_of": g.graph.get("as_of"),
    }
    try:
        route = nx.shortest_path(g, a, b)
    except nx.NetworkXNoPath:
        when = f" as of {answer['as_of']}" if answer["as_of"] else ""
        message = (
            f"no partner path between {g.nodes[a]['label_en'] or a} and "
            f"{g.nodes[b]['label_en'] or b}{when}: they are in different components"
        )
        return {
            **answer,
            "found": False,
            "length": None,
            "nodes": [],
            "hops": [],
            "message": message,
        }
    return {
        **answer,
        "found": True,
        "length": len(route) - 1,
        "nodes": [node_info(g, n) for n in route],
        "hops": _hops(store, g, list(zip(route, route[1:], strict=False))),
    }


def ego_network(
    store: Store, center: str, *, depth: int = 1, as_of: str | dt.date | None = None
) -> dict[str, Any]:
    """Everyone within ``depth`` hops (1 to :data:`MAX_DEPTH`) of ``center``, with evidence.

    Returns ``center``, ``depth``, ``as_of``, ``nodes`` (IRI, type, both labels and
    ``distance`` from the centre, nearest first) and ``edges`` (every link among those nodes,
    shaped like a path's hops).

    Examples
    --------
    >>> e = ego_network(seed_store, "org/kakao")
    >>> len(e["nodes"]), len(e["edges"])
    (4, 6)
    """
    if isinstance(depth, bool) or not isinstance(depth, int) or not 1 <= depth <= MAX_DEPTH:
        raise InputError(
            f"depth must be a whole number from 1 to {MAX_DEPTH}, not {depth!r}", parameter="depth"
        )
    store = snapshot(store)  # every network below of one data version
    c = resolve_stakeholder(store, center)
    g = _network_for(store, (c,), as_of)
    distance = nx.single_source_shortest_path_length(g, c, cutoff=depth)
    sub = g.subgraph(distance)
    nodes = sorted(distance, key=lambda n: (distance[n], n))
    edges = sorted(tuple(sorted(e)) for e in sub.edges)
    return {
        "center": node_info(g, c),
        "depth": depth,
        "as_of": g.graph.get("as_of"),
        "nodes": [{**node_info(g, n), "distance": distance[n]} for n in nodes],
        "edges": _hops(store, g, edges),
    }


def partners(
    store: Store, stakeholder: str, *, as_of: str | dt.date | None = None
) -> dict[str, Any]:
    """The partners of ``stakeholder`` (id or IRI), each with the evidence of the link.

    Returns ``stakeholder`` (IRI, type, labels), ``as_of`` and ``partners``: IRI, type, both
    labels, ``kinds``, ``weight``, ``first``, ``last``, ``relationships`` and ``articles``,
    strongest link first. A person's partners are the organisations they act for (posts,
    signatures).

    Examples
    --------
    >>> p = partners(seed_store, "org/kakao")
    >>> sorted(x["label_en"] for x in p["partners"])
    ['Gyeonggi Province', 'Korea Land and Housing Corporation', 'Namyangju City']
    """
    store = snapshot(store)  # every network below of one data version
    iri = resolve_stakeholder(store, stakeholder)
    g = _network_for(store, (iri,), as_of)
    hops = _hops(store, g, [(iri, n) for n in sorted(g[iri])])
    found = [
        {**node_info(g, h["to"]), **{k: v for k, v in h.items() if k not in ("from", "to")}}
        for h in hops
    ]
    found.sort(key=lambda p: (-p["weight"], p["iri"]))
    return {"stakeholder": node_info(g, iri), "as_of": g.graph.get("as_of"), "partners": found}


def link(
    store: Store, source: str, target: str, *, as_of: str | dt.date | None = None
) -> dict[str, Any]:
    """The partner link between ``source`` and ``target`` (ids or IRIs), with its evidence: the
    link shaped like a path's hop, ``source`` and ``target`` (IRI, type, labels) and ``as_of``.

    Unknown ids raise :class:`~graph.errors.NotFound`; two stakeholders that are not partners
    (as of that day) raise it too, naming both.

    Examples
    --------
    >>> e = link(seed_store, "org/kakao", "org/lh")
    >>> e["kinds"], e["articles"][0]["issued"]
    (['agreement'], '2025-06-13')
    """
    store = snapshot(store)  # every network below of one data version
    a = resolve_stakeholder(store, source, parameter="from")
    b = resolve_stakeholder(store, target, parameter="to")
    g = _network_for(store, (a, b), as_of)
    if not g.has_edge(a, b):
        when = f" as of {g.graph['as_of']}" if g.graph.get("as_of") else ""
        raise NotFound(f"{source!r} and {target!r} are not partners{when}", id=target)
    hop = _hops(store, g, [(a, b)])[0]
    return {
        **hop,
        "source": node_info(g, a),
        "target": node_info(g, b),
        "as_of": g.graph.get("as_of"),
    }
