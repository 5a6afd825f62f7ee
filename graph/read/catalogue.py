"""Lists of the things the graph records: agreements, budgets, projects, sites, articles.

Every list is a page (``total``, ``limit``, ``offset``, ``items``); every item carries IRIs
and both labels. Money is a number with a currency; dates keep their precision. The per-row
builders (:func:`agreement_items`, :func:`budget_items`) also serve a stakeholder's profile.
Articles (metadata, one article with its facts) are written in :mod:`graph.read.articles`.

Examples
--------
>>> s = seed_store
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

from ..cache import cached, snapshot
from ..dates import chronological
from ..errors import InputError, NotFound
from ..iris import expand, expand_id, local
from ..paging import page
from ..query.sparql import ask, select
from ..store import Store
from .articles import article_items
from .rows import amounts, described_once, labels, named, number, terms, values

__all__ = [
    "agreement_items",
    "budget_items",
    "agreements",
    "budgets",
    "projects",
    "sites",
    "containment",
    "budget_totals",
    "project_items",
    "site_items",
    "subjects",
    "snake_case",
    "FactTable",
]

_OF_CLASS = "SELECT DISTINCT ?s WHERE { ?s a ?class }"
PG_FACILITY = expand("pg:Facility")
PG_STUDY = expand("pg:Study")


def snake_case(name: str | None) -> str:
    """``plannedCompletion`` -> ``planned_completion``.

    >>> snake_case("plannedCompletion")
    'planned_completion'
    """
    return re.sub(r"(?<!^)([A-Z])", r"_\1", name or "").lower()


def subjects(store: Store, *classes: str) -> list[str]:
    """Sorted IRIs of everything typed with one of ``classes`` (prefixed names).
    >>> s = seed_store
    >>> len(subjects(s, "pg:Agreement"))
    2
    """
    return sorted(
        {r["s"] for r in select(store, _OF_CLASS, **{"class": list(map(expand, classes))})}
    )


class FactTable:
    """Some properties of some subjects, with labels, amounts and articles looked up at once.
    >>> s = seed_store
    >>> lh = "https://policygraph.example/id/org/lh"
    >>> t = FactTable(s, [lh], ["pg:publicEnterprise"])
    >>> t.one(lh, "pg:publicEnterprise"), t.named(lh)["label_en"]
    (True, 'Korea Land and Housing Corporation')
    """

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
    """:func:`_agreement_items`, each agreement described once per data version."""
    return described_once(
        store, "agreement", iris, _agreement_items, lambda i: chronological(i, "date")
    )


def _agreement_items(store: Store, iris: Iterable[str]) -> list[dict[str, Any]]:
    """Agreements described: parties, signatories, attendees, date, type, project, site, amount,
    articles. Signatories are the people a source says signed; attendees are those it says were
    present when the agreement was concluded (neither signing nor, by that, a party).
    >>> s = seed_store
    >>> a = agreement_items(s, subjects(s, "pg:Agreement"))[-1]
    >>> a["date"], a["amount"]["value"], a["amount"]["currency"]
    ('2025-06-13', 600000000000, 'KRW')
    """
    refs = ("pg:party", "pg:signatory", "pg:attendee", "pg:concerns", "pg:atSite")
    f = FactTable(
        store, iris, ["pg:signedOn", "pg:agreementType", "pg:certainty"], refs, ("pg:amount",)
    )
    items = [
        {
            **f.named(iri),
            "type": local(f.one(iri, "pg:agreementType")),
            "date": f.one(iri, "pg:signedOn"),
            "parties": f.named(iri, "pg:party"),
            "signatories": f.named(iri, "pg:signatory"),
            "attendees": f.named(iri, "pg:attendee"),
            "projects": f.named(iri, "pg:concerns"),
            "sites": f.named(iri, "pg:atSite"),
            "amount": f.amount(iri, "pg:amount"),
            "certainty": local(f.one(iri, "pg:certainty")),
            "articles": f.evidence(iri),
        }
        for iri in f.facts
    ]
    return sorted(items, key=lambda i: chronological(i, "date"))


def budget_items(store: Store, iris: Iterable[str]) -> list[dict[str, Any]]:
    """:func:`_budget_items`, each budget described once per data version."""
    return described_once(
        store, "budget", iris, _budget_items, lambda i: chronological(i, "fiscal_year")
    )


def _budget_items(store: Store, iris: Iterable[str]) -> list[dict[str, Any]]:
    """Budgets described: funder, recipient, purposes, amount, fiscal year, stage, articles.
    >>> s = seed_store
    >>> items = budget_items(s, subjects(s, "pg:Budget"))
    >>> [(b["fiscal_year"], b["amount"]["value"]) for b in items]
    [('2026', 4000000000), (None, 1000000000), (None, 1000000000)]
    """
    props = ["pg:fiscalYear", "pg:budgetStage", "pg:certainty"]
    refs = ("pg:funder", "pg:recipient", "pg:purpose")
    f = FactTable(store, iris, props, refs, ("pg:amount",))
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
    return sorted(items, key=lambda i: chronological(i, "fiscal_year"))


def budget_totals(items: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Sums of budget amounts per currency, per funder and currency, per fiscal year and currency.

    A budget with no fiscal year is summed under ``fiscal_year: None``; currencies are never
    added together.

    >>> f = {"iri": "urn:f", "label_ko": "에프", "label_en": "F"}
    >>> budget = {"amount": {"value": 5, "currency": "KRW"}, "fiscal_year": "2026", "funder": f}
    >>> budget_totals([budget, budget])["by_fiscal_year"]
    [{'fiscal_year': '2026', 'currency': 'KRW', 'total': 10}]
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
    """Every agreement (oldest first, undated last), one page.
    >>> s = seed_store
    >>> [a["date"] for a in agreements(s)["items"]]
    ['2021-12-15', '2025-06-13']
    """
    return page(agreement_items(store, subjects(store, "pg:Agreement")), limit, offset)


def budgets(store: Store, *, limit: Any = None, offset: Any = None) -> dict[str, Any]:
    """Every budget, one page, with ``totals`` over all of them (not only the page).
    >>> s = seed_store
    >>> b = budgets(s, limit=1)
    >>> len(b["items"]), b["total"], b["totals"]["by_currency"]["KRW"]
    (1, 3, 6000000000)
    """
    items = budget_items(store, subjects(store, "pg:Budget"))
    return page(items, limit, offset, totals=budget_totals(items))


def project_items(store: Store, iris: Iterable[str]) -> list[dict[str, Any]]:
    """:func:`_project_items`, each project described once per data version."""
    return described_once(store, "project", iris, _project_items, lambda i: i["iri"])


def _project_items(store: Store, iris: Iterable[str]) -> list[dict[str, Any]]:
    """Projects described: type, status, developers, sites, planned dates, cost, articles.
    >>> s = seed_store
    >>> (p,) = project_items(s, ["https://policygraph.example/id/project/namyangju-ai-digital-hub"])
    >>> p["type"], p["planned_completion"], p["developers"][0]["label_en"]
    ('Facility', '2029', 'Kakao')
    """
    dates = ["pg:plannedConstructionStart", "pg:plannedCompletion", "pg:plannedOpening",
             "pg:openedOn"]  # fmt: skip
    refs = ("pg:developer", "pg:atSite", "pg:proposedLocation", "pg:partOf")
    f = FactTable(
        store, iris, ["rdf:type", "pg:projectStatus", *dates], refs, ("pg:totalInvestment",)
    )
    items = [
        {
            **f.named(iri),
            "type": _project_type(f.facts[iri]["rdf:type"]),
            "status": local(f.one(iri, "pg:projectStatus")),
            "developers": f.named(iri, "pg:developer"),
            "sites": f.named(iri, "pg:atSite"),
            "proposed_locations": f.named(iri, "pg:proposedLocation"),
            "part_of": f.named(iri, "pg:partOf"),
            "total_investment": f.amount(iri, "pg:totalInvestment"),
            **{snake_case(d.split(":", 1)[1]): f.one(iri, d) for d in dates},
            "articles": f.evidence(iri),
        }
        for iri in f.facts
    ]
    return sorted(items, key=lambda i: i["iri"])


def _project_type(types: Any) -> str:
    """The most specific project class: a facility is built, a study carried out."""
    if PG_FACILITY in types:
        return "Facility"
    return "Study" if PG_STUDY in types else "Project"


def projects(store: Store, *, limit: Any = None, offset: Any = None) -> dict[str, Any]:
    """Every project and facility, by IRI, one page.
    >>> s = seed_store
    >>> projects(s, limit=1)["items"][0]["label_en"]
    'AI City pilot project'
    """
    return page(project_items(store, subjects(store, "pg:Project", "pg:Facility")), limit, offset)


def site_items(store: Store, iris: Iterable[str]) -> list[dict[str, Any]]:
    """Sites described: what they lie within, area in m² (a number), articles.
    >>> s = seed_store
    >>> (site,) = site_items(s, ["https://policygraph.example/id/site/wangsuk-ai-digital-hub-site"])
    >>> site["area_sqm"], site["area_approximate"], site["area_stated_as"]
    (34000, True, '약 3만4천㎡')
    """
    f = FactTable(
        store, iris, ["pg:areaSqm", "pg:areaApproximate", "pg:areaStatedAs"], ("pg:within",)
    )
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


def sites(
    store: Store, *, within: str | None = None, limit: Any = None, offset: Any = None
) -> dict[str, Any]:
    """Every site (a plot or district where something is or will be built), one page; with
    ``within`` (an id such as ``place/seoul`` or an IRI), only the sites that lie within
    that place, directly or through smaller places (:func:`containment`).
    >>> s = seed_store
    >>> sites(s)["total"]
    5
    >>> sites(s, within="place/seoul")["total"]
    3
    """
    extra: dict[str, Any] = {}
    if within is None:
        iris = subjects(store, "pg:Site")
    else:
        if not within.strip():
            raise InputError(
                "within (a place id such as place/seoul, or an IRI) is empty", parameter="within"
            )
        place = expand_id(within, parameter="within")
        if not ask(store, _MENTIONED, x=place):
            raise NotFound(f"no place {within!r}", id=within, iri=place)
        # the sites among what lies within: their types looked up, not a scan of all sites
        inside = containment(store).get(place, ())
        types = terms(store, inside, ("rdf:type",))
        iris = sorted(i for i in inside if _SITE in (t.value for t in types[i]["rdf:type"]))
        extra["within"] = named(place, labels(store, [place]))
    result = page(iris, limit, offset, **extra)
    result["items"] = site_items(store, result["items"])  # only the page's sites are read
    return result


_WITHIN = "SELECT DISTINCT ?part ?whole WHERE { ?part pg:within ?whole }"
_MENTIONED = "ASK { { ?x ?p ?o } UNION { ?s ?p ?x } }"
_SITE = expand("pg:Site")


def containment(store: Store) -> dict[str, frozenset[str]]:
    """Place IRI -> every site and place within it, directly or through other places: the
    transitive closure of ``pg:within``, an index of derived facts computed once per data
    version (the engine's ``pg:within+`` path takes about a second on a 10^6-quad store).
    >>> inside = containment(seed_store)
    >>> "https://policygraph.example/id/site/wangsuk-ai-digital-hub-site" in inside[
    ...     "https://policygraph.example/id/place/gyeonggi"]
    True
    """

    snap = snapshot(store)

    def build() -> dict[str, frozenset[str]]:
        parts: dict[str, set[str]] = defaultdict(set)
        for row in select(snap, _WITHIN):
            parts[row["whole"]].add(row["part"])
        closure = {}
        for whole in parts:
            seen: set[str] = set()
            todo = [whole]
            while todo:  # breadth of the tree below ``whole``; a cycle stops at ``seen``
                for part in parts.get(todo.pop(), ()):
                    if part not in seen:
                        seen.add(part)
                        todo.append(part)
            seen.discard(whole)
            closure[whole] = frozenset(seen)
        return closure

    return cached(snap, ("containment",), build)
