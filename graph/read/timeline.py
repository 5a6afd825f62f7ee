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

import pyoxigraph as ox

from ..cache import cached
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


def _items(store: Store, who: str | None, kind: str | None) -> list[dict[str, Any]]:
    """The timeline's entries (of the things naming ``who``, of ``kind``), sorted; kept
    per data version by :func:`timeline` (treat them as read-only)."""
    by_iri = {expand(p): p for p in DATED}
    if who is not None:
        named_by = {r["s"] for r in select(store, _NAMING, x=who)} | {who}
        rows = _dated_rows(store, named_by, by_iri)
    else:
        rows = select(store, _DATES, p=list(by_iri))
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
        shown = next((t for t in _TYPES if t in types), min(types) if types else None)
        items.append(
            {
                "date": date,
                "precision": _precision(date, row["datatype"]),
                "event": DATED[prop],
                "property": prop,
                "subject": {**named(row["s"], names), "type": shown},
                "articles": [cited[a] for a in facts[row["s"]]["pg:evidence"] if a in cited],
            }
        )
    if kind is not None:
        items = [i for i in items if i["subject"]["type"] == kind]
    items.sort(key=lambda i: (period_start(i["date"]), i["date"], i["subject"]["iri"], i["event"]))
    return items


def _dated_rows(store: Store, subjects: set[str], by_iri: dict[str, str]) -> list[dict[str, Any]]:
    """The dated facts of a few subjects, read by subject (index lookups, not a scan of
    every date in the store), in the rows' shape of :data:`_DATES`."""
    rows = {}
    for q in store.subject_quads(ox.NamedNode(s) for s in sorted(subjects)):
        literal, subject = q.object, q.subject
        if (
            q.predicate.value in by_iri
            and isinstance(literal, ox.Literal)
            and isinstance(subject, ox.NamedNode)
        ):
            row = {
                "s": subject.value,
                "p": q.predicate.value,
                "date": literal.value,
                "datatype": literal.datatype.value,
            }
            rows[(row["s"], row["p"], row["date"])] = row
    return list(rows.values())


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
    filters: dict[str, Any] = {}
    if stakeholder is not None:
        filters["stakeholder"] = resolve_stakeholder(store, stakeholder, parameter="stakeholder")
    if kind is not None:
        wanted = {k.lower(): k for k in KINDS}.get(kind.strip().lower())
        if wanted is None:
            raise InputError(
                f"parameter kind: {kind!r} is not one of {', '.join(KINDS)}", parameter="kind"
            )
        filters["kind"] = wanted
    who, wanted_kind = filters.get("stakeholder"), filters.get("kind")
    items = cached(store, ("timeline", who, wanted_kind), lambda: _items(store, who, wanted_kind))
    return page(items, limit, offset, **filters)
