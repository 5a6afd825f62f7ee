"""Lists of the things the graph records: agreements, budgets, projects, sites, articles.

Every list is a page (``total``, ``limit``, ``offset``, ``items``); every item carries IRIs
and both labels. Money is a number with a currency; dates keep their precision. The per-row
builders (:func:`agreement_items`, :func:`budget_items`) also serve a stakeholder's profile.

Examples
--------
>>> from graph.config import Settings
>>> from graph.store import open_store
>>> s = open_store(Settings(memory=True))
>>> a = agreements(s)
>>> a["total"], a["items"][0]["date"]
(2, '2021-12-15')
>>> budgets(s)["totals"]["by_currency"]
{'KRW': 6000000000}
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from .errors import NotFound
from .facts import amounts, expand, labels, local, named, number, page, values
from .iris import article_iri, expand_id
from .network import period_start
from .sparql import select
from .store import Store

__all__ = [
    "agreement_items",
    "budget_items",
    "agreements",
    "budgets",
    "projects",
    "sites",
    "articles",
    "article_items",
    "article",
    "budget_totals",
    "project_items",
    "site_items",
    "subjects",
]

_OF_CLASS = "SELECT DISTINCT ?s WHERE { ?s a ?class }"


def subjects(store: Store, *classes: str) -> list[str]:
    """Sorted IRIs of everything typed with one of ``classes`` (prefixed names)."""
    return sorted(
        {r["s"] for r in select(store, _OF_CLASS, **{"class": list(map(expand, classes))})}
    )


def _chronological(item: dict[str, Any], key: str) -> tuple:
    date = item.get(key)
    return (date is None, period_start(date) if date else None, item["iri"])


def agreement_items(store: Store, iris: Iterable[str]) -> list[dict[str, Any]]:
    """Agreements described: parties, signatories, date, type, project, site, amount, articles."""
    props = ["pg:party", "pg:signatory", "pg:signedOn", "pg:agreementType", "pg:concerns",
             "pg:atSite", "pg:amount", "pg:evidence", "pg:certainty"]  # fmt: skip
    facts = values(store, iris, props)
    refs = {x for f in facts.values() for p in props[:2] + props[4:6] for x in f[p]}
    names = labels(store, set(facts) | refs)
    money = amounts(store, {x for f in facts.values() for x in f["pg:amount"]})
    arts = {
        a["iri"]: a
        for a in article_items(store, {x for f in facts.values() for x in f["pg:evidence"]})
    }
    items = []
    for iri, f in facts.items():
        items.append(
            {
                **named(iri, names),
                "type": local(next(iter(f["pg:agreementType"]), None)),
                "date": next(iter(f["pg:signedOn"]), None),
                "parties": [named(p, names) for p in f["pg:party"]],
                "signatories": [named(p, names) for p in f["pg:signatory"]],
                "projects": [named(p, names) for p in f["pg:concerns"]],
                "sites": [named(p, names) for p in f["pg:atSite"]],
                "amount": money.get(next(iter(f["pg:amount"]), ""), None),
                "certainty": local(next(iter(f["pg:certainty"]), None)),
                "articles": [arts[a] for a in f["pg:evidence"] if a in arts],
            }
        )
    return sorted(items, key=lambda i: _chronological(i, "date"))


def budget_items(store: Store, iris: Iterable[str]) -> list[dict[str, Any]]:
    """Budgets described: funder, recipient, purposes, amount, fiscal year, stage, articles."""
    props = ["pg:funder", "pg:recipient", "pg:purpose", "pg:amount", "pg:fiscalYear",
             "pg:budgetStage", "pg:evidence", "pg:certainty"]  # fmt: skip
    facts = values(store, iris, props)
    refs = {x for f in facts.values() for p in props[:3] for x in f[p]}
    names = labels(store, set(facts) | refs)
    money = amounts(store, {x for f in facts.values() for x in f["pg:amount"]})
    arts = {
        a["iri"]: a
        for a in article_items(store, {x for f in facts.values() for x in f["pg:evidence"]})
    }
    items = []
    for iri, f in facts.items():
        items.append(
            {
                **named(iri, names),
                "funder": named(next(iter(f["pg:funder"]), None), names),
                "recipient": named(next(iter(f["pg:recipient"]), None), names),
                "purposes": [named(p, names) for p in f["pg:purpose"]],
                "amount": money.get(next(iter(f["pg:amount"]), ""), None),
                "fiscal_year": next(iter(f["pg:fiscalYear"]), None),
                "stage": local(next(iter(f["pg:budgetStage"]), None)),
                "certainty": local(next(iter(f["pg:certainty"]), None)),
                "articles": [arts[a] for a in f["pg:evidence"] if a in arts],
            }
        )
    return sorted(items, key=lambda i: _chronological(i, "fiscal_year"))


def budget_totals(items: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Sums of budget amounts per currency, per funder and currency, per fiscal year and currency.

    A budget with no fiscal year is summed under ``fiscal_year: None``; currencies are never
    added together.
    """
    by_currency: dict[str, Any] = defaultdict(int)
    by_funder: dict[tuple, Any] = {}
    by_year: dict[tuple, Any] = defaultdict(int)
    for item in items:
        amount = item["amount"]
        if not amount or amount["value"] is None:
            continue
        cur, value = amount["currency"], amount["value"]
        by_currency[cur] += value
        funder = item["funder"] or {"iri": None, "label_ko": None, "label_en": None}
        entry = by_funder.setdefault(
            (funder["iri"] or "", cur), {"funder": funder, "currency": cur, "total": 0, "count": 0}
        )
        entry["total"] += value
        entry["count"] += 1
        by_year[(item["fiscal_year"] or "", cur)] += value
    return {
        "by_currency": dict(sorted(by_currency.items())),
        "by_funder": [by_funder[k] for k in sorted(by_funder)],
        "by_fiscal_year": [
            {"fiscal_year": year or None, "currency": cur, "total": total}
            for (year, cur), total in sorted(
                by_year.items(), key=lambda kv: (kv[0][0] == "", kv[0])
            )
        ],
    }


def agreements(store: Store, *, limit: Any = None, offset: Any = None) -> dict[str, Any]:
    """Every agreement (oldest first, undated last), one page."""
    return page(agreement_items(store, subjects(store, "pg:Agreement")), limit, offset)


def budgets(store: Store, *, limit: Any = None, offset: Any = None) -> dict[str, Any]:
    """Every budget, one page, with ``totals`` over all of them (not only the page)."""
    items = budget_items(store, subjects(store, "pg:Budget"))
    return page(items, limit, offset, totals=budget_totals(items))


def project_items(store: Store, iris: Iterable[str]) -> list[dict[str, Any]]:
    props = ["rdf:type", "pg:developer", "pg:projectStatus", "pg:atSite", "pg:proposedLocation",
             "pg:partOf", "pg:totalInvestment", "pg:plannedConstructionStart",
             "pg:plannedCompletion", "pg:plannedOpening", "pg:openedOn", "pg:evidence"]  # fmt: skip
    facts = values(store, iris, props)
    refs = {
        x
        for f in facts.values()
        for p in ("pg:developer", "pg:atSite", "pg:proposedLocation", "pg:partOf")
        for x in f[p]
    }
    names = labels(store, set(facts) | refs)
    money = amounts(store, {x for f in facts.values() for x in f["pg:totalInvestment"]})
    items = []
    for iri, f in facts.items():
        types = {local(t) for t in f["rdf:type"]}
        items.append(
            {
                **named(iri, names),
                "type": "Facility" if "Facility" in types else "Project",
                "status": local(next(iter(f["pg:projectStatus"]), None)),
                "developers": [named(p, names) for p in f["pg:developer"]],
                "sites": [named(p, names) for p in f["pg:atSite"]],
                "proposed_locations": [named(p, names) for p in f["pg:proposedLocation"]],
                "part_of": [named(p, names) for p in f["pg:partOf"]],
                "total_investment": money.get(next(iter(f["pg:totalInvestment"]), ""), None),
                "planned_construction_start": next(iter(f["pg:plannedConstructionStart"]), None),
                "planned_completion": next(iter(f["pg:plannedCompletion"]), None),
                "planned_opening": next(iter(f["pg:plannedOpening"]), None),
                "opened_on": next(iter(f["pg:openedOn"]), None),
                "articles": f["pg:evidence"],
            }
        )
    return sorted(items, key=lambda i: i["iri"])


def projects(store: Store, *, limit: Any = None, offset: Any = None) -> dict[str, Any]:
    """Every project and facility, by IRI, one page."""
    return page(project_items(store, subjects(store, "pg:Project", "pg:Facility")), limit, offset)


def site_items(store: Store, iris: Iterable[str]) -> list[dict[str, Any]]:
    props = ["pg:within", "pg:areaSqm", "pg:areaApproximate", "pg:areaStatedAs", "pg:evidence"]
    facts = values(store, iris, props)
    names = labels(store, set(facts) | {x for f in facts.values() for x in f["pg:within"]})
    return [
        {
            **named(iri, names),
            "within": [named(p, names) for p in f["pg:within"]],
            "area_sqm": number(next(iter(f["pg:areaSqm"]), None)),
            "area_approximate": next(iter(f["pg:areaApproximate"]), False),
            "area_stated_as": next(iter(f["pg:areaStatedAs"]), None),
            "articles": f["pg:evidence"],
        }
        for iri, f in facts.items()
    ]


def sites(store: Store, *, limit: Any = None, offset: Any = None) -> dict[str, Any]:
    """Every site (a plot or district where something is or will be built), one page."""
    return page(site_items(store, subjects(store, "pg:Site")), limit, offset)


_ARTICLE_META = """
SELECT ?article ?title ?lang ?issued ?language ?translation ?file ?graph ?author ?certainty
       ?publisher WHERE {
  ?article a pg:Article .
  OPTIONAL { ?article dct:title ?title BIND(lang(?title) AS ?lang) }
  OPTIONAL { ?article dct:issued ?issued }
  OPTIONAL { ?article dct:language ?language }
  OPTIONAL { ?article pg:translation ?translation }
  OPTIONAL { ?article pg:sourceFile ?file }
  OPTIONAL { ?article pg:factGraph ?graph }
  OPTIONAL { ?article schema:author ?author }
  OPTIONAL { ?article pg:certainty ?certainty }
  OPTIONAL { ?article dct:publisher ?publisher }
}
"""


def article_items(store: Store, iris: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """Article metadata (all articles, or those named), oldest first."""
    bindings = {} if iris is None else {"article": sorted(set(iris))}
    if iris is not None and not bindings["article"]:
        return []
    found: dict[str, dict[str, Any]] = {}
    for row in select(store, _ARTICLE_META, **bindings):
        found.setdefault(
            row["article"],
            {
                "iri": row["article"],
                "id": local(row["article"]),
                "title": row["title"],
                "title_language": row["lang"] or None,
                "issued": row["issued"],
                "issued_certainty": local(row["certainty"]),
                "language": row["language"],
                "translation": row["translation"],
                "publisher": row["publisher"],
                "author": row["author"],
                "source_file": row["file"],
                "graph": row["graph"],
            },
        )
    return sorted(found.values(), key=lambda i: _chronological(i, "issued"))


def articles(store: Store, *, limit: Any = None, offset: Any = None) -> dict[str, Any]:
    """Every article's metadata, oldest first, one page."""
    return page(article_items(store), limit, offset)


_FACTS = """
SELECT ?s ?p ?o ?isiri ?datatype ?lang WHERE {
  GRAPH ?g { ?s ?p ?o }
  BIND(isIRI(?o) || isBlank(?o) AS ?isiri)
  BIND(IF(isLiteral(?o), datatype(?o), "") AS ?datatype)
  BIND(IF(isLiteral(?o), lang(?o), "") AS ?lang)
}
"""

_NUMERIC = {"decimal", "integer", "double", "float", "int", "long"}


def _article_iri(id_or_iri: str) -> str:
    text = id_or_iri.strip()
    if re.fullmatch(r"[0-9a-fA-F]{16}", text):
        return str(article_iri(text.lower()))
    return expand_id(text if "/" in text or ":" in text else f"article/{text}")


def article(store: Store, id_or_iri: str) -> dict[str, Any]:
    """One article: its metadata and its facts (the triples of its own graph), sorted.

    ``id_or_iri``: the article id (``86ffe20fc9bd53a8``), ``article/<id>`` or the full IRI.
    Unknown ids raise :class:`~graph.errors.NotFound` naming the id. Each fact is
    ``{"subject", "predicate", "object", "object_type": "iri" | "literal", "datatype",
    "language"}``; numeric objects are JSON numbers.

    Examples
    --------
    >>> from graph.config import Settings
    >>> from graph.store import open_store
    >>> a = article(open_store(Settings(memory=True)), "86ffe20fc9bd53a8")
    >>> a["issued"], a["fact_count"] == len(a["facts"]) > 100
    ('2025-06-13', True)
    """
    iri = _article_iri(id_or_iri)
    found = article_items(store, [iri])
    if not found:
        raise NotFound(f"no article {id_or_iri!r}", id=id_or_iri, iri=iri)
    meta = found[0]
    facts = []
    if meta["graph"]:
        for row in select(store, _FACTS, g=meta["graph"]):
            literal = not row["isiri"]
            dt = row["datatype"] or None
            obj = row["o"]
            if literal and dt and local(dt) in _NUMERIC:
                obj = number(obj)
            facts.append(
                {
                    "subject": row["s"],
                    "predicate": row["p"],
                    "object": obj,
                    "object_type": "literal" if literal else "iri",
                    "datatype": dt if literal else None,
                    "language": (row["lang"] or None) if literal else None,
                }
            )
    facts.sort(key=lambda f: (f["subject"], f["predicate"], str(f["object"])))
    return {**meta, "fact_count": len(facts), "facts": facts}
