"""A timeline of dated facts, each date kept at its own precision (a year stays ``"2026"``).

Dated facts: agreements signed, proposals made, selections made, events held or started,
initiatives announced, projects' planned construction start / completion / opening and opening,
studies' planned years, budgets' fiscal years, designations' dates and planned years. Each
entry names the thing (IRI, type, both labels), the date as written with its ``precision``
(``year``, ``month``, ``day``) and the articles that report it. Entries are ordered by the
first day of their period, so ``"2025"`` comes before ``"2025-06-13"``.

Examples
--------
>>> t = timeline(seed_store, limit=500)
>>> [(e["date"], e["precision"]) for e in t["items"] if e["event"] == "planned-completion"]
[('2029', 'year')]
"""

from __future__ import annotations

from typing import Any

from ..dates import period_start
from ..errors import InputError
from ..iris import expand, local
from ..paging import page
from ..query.sparql import select
from ..store import Store
from .articles import article_items
from .paths import resolve_stakeholder
from .rows import labels, named, values

__all__ = ["DATED", "KINDS", "timeline"]

#: Dated properties -> the event they mark.
DATED = {
    "pg:signedOn": "signed",
    "pg:proposedOn": "proposed",
    "pg:date": "dated",
    "pg:startDate": "started",
    "pg:announcedOn": "announced",
    "pg:plannedConstructionStart": "planned-construction-start",
    "pg:plannedCompletion": "planned-completion",
    "pg:plannedOpening": "planned-opening",
    "pg:openedOn": "opened",
    "pg:fiscalYear": "fiscal-year",
    "pg:plannedYear": "planned-year",
}

# The most telling class of a dated thing first.
_TYPES = ("Agreement", "Proposal", "Budget", "Designation", "Selection", "Event", "Facility",
          "Study", "Project", "Initiative")  # fmt: skip

#: The kinds ``kind`` filters by: the class an entry's thing is shown as.
KINDS = _TYPES

_NAMING = "SELECT DISTINCT ?s WHERE { ?s ?p ?x FILTER(isIRI(?s)) }"

_DATES = """
SELECT DISTINCT ?s ?p ?date ?datatype WHERE {
  ?s ?p ?date .
  BIND(datatype(?date) AS ?datatype)
}
"""

_PRECISION = {"date": "day", "dateTime": "day", "gYearMonth": "month", "gYear": "year"}


def _precision(lexical: str, datatype: str | None) -> str:
    by_type = _PRECISION.get(local(datatype) or "")
    if by_type:
        return by_type
    return {4: "year", 7: "month"}.get(len(lexical), "day")


def timeline(
    store: Store,
    *,
    stakeholder: str | None = None,
    kind: str | None = None,
    limit: Any = None,
    offset: Any = None,
) -> dict[str, Any]:
    """Every dated fact in date order, one page (``total``, ``limit``, ``offset``, ``items``).

    ``stakeholder`` (an id such as ``org/kakao`` or an IRI) keeps the facts of things that
    name it (agreements it is party to, budgets it funds, projects it develops...);
    ``kind`` (one of :data:`KINDS`, any case) keeps the facts of things of that kind. The
    answer says the filters it applied (``stakeholder`` as an IRI, ``kind``).

    Each item: ``date`` (as written), ``precision``, ``event`` (signed, proposed, dated,
    started, announced, planned-construction-start, planned-completion, planned-opening,
    opened, fiscal-year, planned-year), ``property`` (the prefixed property), ``subject``
    (``iri``, ``type``, ``label_ko``, ``label_en``) and ``articles`` (their metadata).

    Examples
    --------
    >>> first = timeline(seed_store, limit=1)["items"][0]
    >>> first["date"], first["precision"], first["event"], first["subject"]["label_en"]
    ('2016-08', 'month', 'announced', 'Yangjae Tech+City Plan')
    """
    by_iri = {expand(p): p for p in DATED}
    rows = select(store, _DATES, p=list(by_iri))
    filters: dict[str, Any] = {}
    if stakeholder is not None:
        who = resolve_stakeholder(store, stakeholder, parameter="stakeholder")
        named_by = {r["s"] for r in select(store, _NAMING, x=who)} | {who}
        rows = [r for r in rows if r["s"] in named_by]
        filters["stakeholder"] = who
    if kind is not None:
        wanted = {k.lower(): k for k in KINDS}.get(kind.strip().lower())
        if wanted is None:
            raise InputError(
                f"parameter kind: {kind!r} is not one of {', '.join(KINDS)}", parameter="kind"
            )
        filters["kind"] = wanted
    subjects = {r["s"] for r in rows}
    facts = values(store, subjects, ["rdf:type", "pg:evidence"])
    names = labels(store, subjects)
    cited = {
        a["iri"]: a
        for a in article_items(store, {a for f in facts.values() for a in f["pg:evidence"]})
    }
    items: list[dict[str, Any]] = []
    for row in rows:
        prop = by_iri[row["p"]]
        date = str(row["date"])
        types = {name for t in facts[row["s"]]["rdf:type"] if (name := local(t))}
        kind = next((t for t in _TYPES if t in types), min(types) if types else None)
        items.append(
            {
                "date": date,
                "precision": _precision(date, row["datatype"]),
                "event": DATED[prop],
                "property": prop,
                "subject": {**named(row["s"], names), "type": kind},
                "articles": [cited[a] for a in facts[row["s"]]["pg:evidence"] if a in cited],
            }
        )
    if "kind" in filters:
        items = [i for i in items if i["subject"]["type"] == filters["kind"]]
    items.sort(key=lambda i: (period_start(i["date"]), i["date"], i["subject"]["iri"], i["event"]))
    return page(items, limit, offset, **filters)
