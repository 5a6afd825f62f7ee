"""A stakeholder's profile, and the list of stakeholders.

:func:`profile` gathers what the graph says about one stakeholder: labels, type, posts,
agreements it is party to, signed or attended (its ``roles`` in each: ``party``, ``signatory``,
``attendee``; with co-parties, dates, amounts), budgets funded or received (with sums per
currency), projects, initiatives and sites, proposals made, designations, partners (from the
network), metrics, and the articles that mention it.

Examples
--------
>>> profile(seed_store, "org/kakao")["labels"]["en"]
'Kakao'
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pyoxigraph as ox

from ..cache import snapshot
from ..iris import PREFIXES, expand, local
from ..network.metrics import store_metrics
from ..network.partners import partner_network
from ..paging import page
from ..query.sparql import select
from ..store import Store, python_value
from .articles import article_items
from .catalogue import (
    FactTable,
    agreement_items,
    budget_items,
    project_items,
    snake_case,
)
from .paths import partners, resolve_stakeholder
from .rows import label_in, labels, named, terms, values
from .search import TYPE_FILTERS, parse_filter, stakeholder_entries

__all__ = ["stakeholders", "profile"]


def _types(type_: str | None) -> tuple[str, ...] | None:
    found = parse_filter("type", type_, TYPE_FILTERS)
    return None if found is None else tuple(sorted(found))


def stakeholders(
    store: Store,
    *,
    type: str | None = None,  # noqa: A002 - the API's parameter name
    limit: Any = None,
    offset: Any = None,
) -> dict[str, Any]:
    """Every stakeholder (IRI, type, both labels), by English label, one page.

    Examples
    --------
    >>> stakeholders(seed_store, type="company", limit=1)["items"][0]
    ... # doctest: +NORMALIZE_WHITESPACE
    {'iri': 'https://policygraph.example/id/org/hyundai', 'type': 'Company',
     'label_ko': '현대', 'label_en': 'Hyundai'}
    """
    types = _types(type)
    items = [
        {k: e[k] for k in ("iri", "type", "label_ko", "label_en")}
        for e in stakeholder_entries(store)
        if types is None or e["type"] in types
    ]
    items.sort(key=lambda i: ((i["label_en"] or "").casefold(), i["iri"]))
    return page(items, limit, offset, type=type or None)


# --- profile ----------------------------------------------------------------------------------

_MENTIONS = """
SELECT DISTINCT ?article WHERE {
  ?article pg:factGraph ?g .
  GRAPH ?g { { ?x ?p ?o } UNION { ?s ?p ?x } }
}
"""

_ROLE_PROPS = {
    "https://policygraph.example/ont#party": ("agreement", "party"),
    "https://policygraph.example/ont#signatory": ("agreement", "signatory"),
    "https://policygraph.example/ont#attendee": ("agreement", "attendee"),
    "https://policygraph.example/ont#funder": ("budget", "funder"),
    "https://policygraph.example/ont#recipient": ("budget", "recipient"),
    "https://policygraph.example/ont#developer": ("project", "developer"),
    "https://policygraph.example/ont#ledBy": ("initiative", "leader"),
    "https://policygraph.example/ont#proposer": ("proposal", "proposer"),
    "https://policygraph.example/ont#designatingAuthority": ("designation", "authority"),
    "https://policygraph.example/ont#applicant": ("designation", "applicant"),
}
_PRESENCE = "https://policygraph.example/ont#hasPresenceIn"


def _posts(store: Store, iri: str, person: bool) -> list[dict[str, Any]]:
    link = ox.NamedNode(expand("pg:heldBy" if person else "pg:postIn"))
    found = {python_value(t.subject) for t in store.object_values([ox.NamedNode(iri)], [link])}
    facts = values(store, found, ("rdf:type", "pg:heldBy", "pg:postIn"))
    found = {p for p in found if expand("pg:Post") in facts[p]["rdf:type"]}
    titles = terms(store, found, ("pg:roleTitle",))
    rows = [
        {
            "post": p,
            "person": who,
            "org": org,
            "ko": label_in(titles[p]["pg:roleTitle"], "ko"),
            "en": label_in(titles[p]["pg:roleTitle"], "en"),
        }
        for p in found
        for who in facts[p]["pg:heldBy"]
        for org in facts[p]["pg:postIn"]
    ]
    f = FactTable(store, found, [], ("pg:heldBy", "pg:postIn"))
    names = f.names
    posts = {
        r["post"]: {
            "iri": r["post"],
            "person": named(r["person"], names),
            "organisation": named(r["org"], names),
            "role_ko": r["ko"],
            "role_en": r["en"],
            "articles": f.evidence(r["post"]),
        }
        for r in rows
    }
    return [posts[k] for k in sorted(posts)]


def _roles(store: Store, iri: str) -> dict[str, dict[str, set[str]]]:
    """kind -> relationship IRI -> the stakeholder's roles in it."""
    found: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    me, presence = ox.NamedNode(iri), ox.NamedNode(_PRESENCE)
    rows = {  # what it takes part in, and the sites it has a presence in
        (t.subject, t.predicate)
        for t in store.object_values([me], [ox.NamedNode(p) for p in [*_ROLE_PROPS, _PRESENCE]])
    } | {(t.object, t.predicate) for t in store.subject_values([me], [presence])}
    for rel, p in rows:
        kind, role = _ROLE_PROPS.get(p.value, ("site", "presence"))
        found[kind][python_value(rel)].add(role)
    return found


def _sum(budgets: list[dict[str, Any]], role: str) -> dict[str, Any]:
    sums: dict[str, Any] = defaultdict(int)
    for b in budgets:
        if role in b["roles"] and b["amount"] and b["amount"]["value"] is not None:
            sums[b["amount"]["currency"]] += b["amount"]["value"]
    return dict(sorted(sums.items()))


def _simple(
    store: Store,
    iris: dict[str, set[str]],
    refs: tuple[str, ...] = (),
    scalars: tuple[str, ...] = (),
) -> list[dict[str, Any]]:
    """Named items with their roles, named ``refs`` (lists) and single ``scalars`` (dates as
    written, concepts by name), and the articles that report them."""
    f = FactTable(store, iris, list(scalars), refs)
    items = []
    for iri in sorted(iris):
        item = {**f.named(iri), "roles": sorted(iris[iri])}
        for p in refs:
            item[snake_case(p.split(":", 1)[1])] = f.named(iri, p)
        for p in scalars:
            value = f.one(iri, p)
            concept = isinstance(value, str) and value.startswith(PREFIXES["pgv"])
            item[snake_case(p.split(":", 1)[1])] = local(value) if concept else value
        item["articles"] = f.evidence(iri)
        items.append(item)
    return items


def profile(store: Store, id_or_iri: str) -> dict[str, Any]:
    """Everything the graph says about one stakeholder (id such as ``org/kakao``, or an IRI).

    Unknown ids raise :class:`~graph.errors.NotFound` naming the id. See the module docstring
    for the sections; amounts are numbers with a currency and dates keep their precision.

    Examples
    --------
    >>> p = profile(seed_store, "org/kakao")
    >>> sorted(x["label_en"] for x in p["agreements"][0]["co_parties"])
    ['Gyeonggi Province', 'Korea Land and Housing Corporation', 'Namyangju City']
    """
    store = snapshot(store)  # the network, its metrics and the partners of one data version
    iri = resolve_stakeholder(store, id_or_iri)
    g = partner_network(store, people=True)
    kind = g.nodes[iri]["type"]
    names = labels(store, [iri])[iri]
    roles = _roles(store, iri)
    agreements = agreement_items(store, roles["agreement"])
    for a in agreements:
        a["roles"] = sorted(roles["agreement"][a["iri"]])
        a["co_parties"] = [p for p in a["parties"] if p["iri"] != iri]
    budgets = budget_items(store, roles["budget"])
    for b in budgets:
        b["roles"] = sorted(roles["budget"][b["iri"]])
    projects = project_items(store, roles["project"])
    for p in projects:
        p["roles"] = sorted(roles["project"][p["iri"]])
    sites: dict[str, set[str]] = defaultdict(set, roles["site"])
    for a in agreements:
        for s in a["sites"]:
            sites[s["iri"]].add("agreement-site")
    for p in projects:
        for s in p["sites"]:
            sites[s["iri"]].add("project-site")
    metrics = store_metrics(store).get(iri)
    mentions = [r["article"] for r in select(store, _MENTIONS, x=iri)]
    return {
        "iri": iri,
        "type": kind,
        "labels": {"ko": names["label_ko"], "en": names["label_en"], "variants": names["variants"]},
        "label_ko": names["label_ko"],
        "label_en": names["label_en"],
        "posts": _posts(store, iri, person=kind == "Person"),
        "agreements": agreements,
        "budgets": budgets,
        "budget_sums": {"funded": _sum(budgets, "funder"), "received": _sum(budgets, "recipient")},
        "projects": projects,
        "initiatives": _simple(
            store, roles["initiative"], scalars=("pg:projectStatus", "pg:announcedOn")
        ),
        "sites": _simple(store, sites, refs=("pg:within",)),
        "proposals": _simple(
            store,
            roles["proposal"],
            refs=("pg:proposedTo", "pg:proposes", "pg:proposedLocation"),
            scalars=("pg:proposedOn", "pg:certainty"),
        ),
        "designations": _simple(
            store,
            roles["designation"],
            refs=("pg:designatedZone", "pg:designatingAuthority", "pg:applicant"),
            scalars=("pg:designationStatus", "pg:date", "pg:plannedYear"),
        ),
        "partners": partners(store, iri)["partners"],
        "metrics": metrics,
        "articles": article_items(store, mentions),
    }
