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
PG_FACILITY = expand("pg:Facility")


def _snake(name: str | None) -> str:
    """``plannedCompletion`` -> ``planned_completion``."""
    return re.sub(r"(?<!^)([A-Z])", r"_\1", name or "").lower()


def subjects(store: Store, *classes: str) -> list[str]:
    """Sorted IRIs of everything typed with one of ``classes`` (prefixed names)."""
    return sorted(
        {r["s"] for r in select(store, _OF_CLASS, **{"class": list(map(expand, classes))})}
    )


def _chronological(item: dict[str, Any], key: str) -> tuple:
    date = item.get(key)
    return (date is None, period_start(date) if date else None, item["iri"])


class _Facts:
    """Some properties of some subjects, with labels, amounts and articles looked up at once."""

    def __init__(
        self,
        store: Store,
        iris: Iterable[str],
        props: list[str],
        refs: tuple[str, ...] = (),
        money: tuple[str, ...] = (),
    ) -> None:
        self.facts = values(store, iris, [*props, *refs, *money, "pg:evidence"])
        found = self.facts.values()
        self.names = labels(store, set(self.facts) | {x for f in found for p in refs for x in f[p]})
        self.money = amounts(store, {x for f in found for p in money for x in f[p]})
        evidence = {x for f in found for x in f["pg:evidence"]}
        self.articles = {a["iri"]: a for a in article_items(store, evidence)}

    def one(self, iri: str, prop: str) -> Any:
        return next(iter(self.facts[iri][prop]), None)

    def named(self, iri: str, prop: str | None = None) -> Any:
        """The subject's IRI and labels; with ``prop``, those of each value of ``prop``."""
        if prop is None:
            return named(iri, self.names)
        return [named(v, self.names) for v in self.facts[iri][prop]]

    def amount(self, iri: str, prop: str) -> dict[str, Any] | None:
        return self.money.get(self.one(iri, prop) or "")

    def evidence(self, iri: str) -> list[dict[str, Any]]:
        return [self.articles[a] for a in self.facts[iri]["pg:evidence"] if a in self.articles]


def agreement_items(store: Store, iris: Iterable[str]) -> list[dict[str, Any]]:
    """Agreements described: parties, signatories, date, type, project, site, amount, articles."""
    refs = ("pg:party", "pg:signatory", "pg:concerns", "pg:atSite")
    f = _Facts(
        store, iris, ["pg:signedOn", "pg:agreementType", "pg:certainty"], refs, ("pg:amount",)
    )
    items = [
        {
            **f.named(iri),
            "type": local(f.one(iri, "pg:agreementType")),
            "date": f.one(iri, "pg:signedOn"),
            "parties": f.named(iri, "pg:party"),
            "signatories": f.named(iri, "pg:signatory"),
            "projects": f.named(iri, "pg:concerns"),
            "sites": f.named(iri, "pg:atSite"),
            "amount": f.amount(iri, "pg:amount"),
            "certainty": local(f.one(iri, "pg:certainty")),
            "articles": f.evidence(iri),
        }
        for iri in f.facts
    ]
    return sorted(items, key=lambda i: _chronological(i, "date"))


def budget_items(store: Store, iris: Iterable[str]) -> list[dict[str, Any]]:
    """Budgets described: funder, recipient, purposes, amount, fiscal year, stage, articles."""
    props = ["pg:fiscalYear", "pg:budgetStage", "pg:certainty"]
    refs = ("pg:funder", "pg:recipient", "pg:purpose")
    f = _Facts(store, iris, props, refs, ("pg:amount",))
    items = [
        {
            **f.named(iri),
            "funder": named(f.one(iri, "pg:funder"), f.names),
            "recipient": named(f.one(iri, "pg:recipient"), f.names),
            "purposes": f.named(iri, "pg:purpose"),
            "amount": f.amount(iri, "pg:amount"),
            "fiscal_year": f.one(iri, "pg:fiscalYear"),
            "stage": local(f.one(iri, "pg:budgetStage")),
            "certainty": local(f.one(iri, "pg:certainty")),
            "articles": f.evidence(iri),
        }
        for iri in f.facts
    ]
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
    """Projects described: type, status, developers, sites, planned dates, cost, articles."""
    dates = ["pg:plannedConstructionStart", "pg:plannedCompletion", "pg:plannedOpening",
             "pg:openedOn"]  # fmt: skip
    refs = ("pg:developer", "pg:atSite", "pg:proposedLocation", "pg:partOf")
    f = _Facts(store, iris, ["rdf:type", "pg:projectStatus", *dates], refs, ("pg:totalInvestment",))
    items = [
        {
            **f.named(iri),
            "type": "Facility" if PG_FACILITY in f.facts[iri]["rdf:type"] else "Project",
            "status": local(f.one(iri, "pg:projectStatus")),
            "developers": f.named(iri, "pg:developer"),
            "sites": f.named(iri, "pg:atSite"),
            "proposed_locations": f.named(iri, "pg:proposedLocation"),
            "part_of": f.named(iri, "pg:partOf"),
            "total_investment": f.amount(iri, "pg:totalInvestment"),
            **{_snake(d.split(":", 1)[1]): f.one(iri, d) for d in dates},
            "articles": f.evidence(iri),
        }
        for iri in f.facts
    ]
    return sorted(items, key=lambda i: i["iri"])


def projects(store: Store, *, limit: Any = None, offset: Any = None) -> dict[str, Any]:
    """Every project and facility, by IRI, one page."""
    return page(project_items(store, subjects(store, "pg:Project", "pg:Facility")), limit, offset)


def site_items(store: Store, iris: Iterable[str]) -> list[dict[str, Any]]:
    """Sites described: what they lie within, area in m² (a number), articles."""
    f = _Facts(store, iris, ["pg:areaSqm", "pg:areaApproximate", "pg:areaStatedAs"], ("pg:within",))
    return [
        {
            **f.named(iri),
            "within": f.named(iri, "pg:within"),
            "area_sqm": number(f.one(iri, "pg:areaSqm")),
            "area_approximate": bool(f.one(iri, "pg:areaApproximate")),
            "area_stated_as": f.one(iri, "pg:areaStatedAs"),
            "articles": f.evidence(iri),
        }
        for iri in f.facts
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
