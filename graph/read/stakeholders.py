"""Lookups: search by name, and a stakeholder's profile.

:func:`search` matches a query against the names of everything a person may type the name
of: stakeholders, projects and facilities, initiatives, agreements, budgets, proposals,
designations, events, places, sites, zones, incentives and articles (preferred, plain and
alternative labels in Korean and English, former names, article titles, and after them a
project's features), case- and width-insensitively, ignoring company-form markers (see
:mod:`graph.names`); results are ranked exact > variant > prefix > contains and say what
kind of thing each hit is. The names are indexed once per data version.

:func:`profile` gathers what the graph says about one stakeholder: labels, type, posts,
agreements it is party to, signed or attended (its ``roles`` in each: ``party``, ``signatory``,
``attendee``; with co-parties, dates, amounts), budgets funded or received (with sums per
currency), projects, initiatives and sites, proposals made, designations, partners (from the
network), metrics, and the articles that mention it.

The lists (agreements, budgets, projects, sites, articles, one article, the timeline) are
written in :mod:`graph.read.catalogue` and :mod:`graph.read.timeline` and re-exported here.

Examples
--------
>>> from graph.config import Settings
>>> from graph.store import open_store
>>> s = open_store(Settings(memory=True))
>>> top = search(s, "㈜카카오")["items"][0]
>>> top["id"], top["kind"], top["match"], top["api"]
('org/kakao', 'organisation', 'exact', '/api/stakeholders/org/kakao')
>>> [(r["id"], r["type"]) for r in search(s, "NPU", kind="project")["items"]]
[('project/national-npu-computing-center', 'Facility')]
>>> profile(s, "org/kakao")["labels"]["en"]
'Kakao'
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from ..cache import Snapshot, cached, snapshot
from ..errors import InputError
from ..iris import PGID, PREFIXES, expand, local
from ..names import INSIDE_A_WORD, MATCH_RANKS, NameIndex, core
from ..network.metrics import store_metrics
from ..network.partners import STAKEHOLDER_TYPES, partner_network
from ..paging import page
from ..query.sparql import select
from ..store import Store
from .catalogue import (
    FactTable,
    agreement_items,
    agreements,
    article,
    article_items,
    articles,
    budget_items,
    budgets,
    project_items,
    projects,
    sites,
    snake_case,
)
from .paths import partners, resolve_stakeholder
from .rows import labels, named, values
from .timeline import timeline

__all__ = [
    "SEARCH_LIMIT",
    "TYPE_FILTERS",
    "SEARCH_CLASSES",
    "KIND_FILTERS",
    "SEARCH_TYPE_FILTERS",
    "SEARCH_PROPERTIES",
    "search",
    "stakeholders",
    "profile",
    # the lists live in graph.read.catalogue and graph.read.timeline; here for one place to look
    "agreements",
    "budgets",
    "projects",
    "sites",
    "articles",
    "article",
    "timeline",
]

#: Default number of search results per page.
SEARCH_LIMIT = 20

#: ``type`` filter values -> stakeholder classes ("organisation" means any organisation).
TYPE_FILTERS: dict[str, tuple[str, ...]] = {
    **{t.lower(): (t,) for t in STAKEHOLDER_TYPES},
    "organisation": tuple(t for t in STAKEHOLDER_TYPES if t != "Person"),
    "organization": tuple(t for t in STAKEHOLDER_TYPES if t != "Person"),
    "org": tuple(t for t in STAKEHOLDER_TYPES if t != "Person"),
}

#: What search looks through: class (local name in ``pg:``) -> the ``kind`` of a hit, most
#: specific class first within each kind (a thing's ``type`` is the first class it has).
SEARCH_CLASSES: dict[str, str] = {
    **{t: "person" if t == "Person" else "organisation" for t in STAKEHOLDER_TYPES},
    "Facility": "project",
    "Project": "project",
    "Initiative": "initiative",
    "Agreement": "agreement",
    "Budget": "budget",
    "Proposal": "proposal",
    "Designation": "designation",
    "Event": "event",
    "Site": "site",
    "Zone": "zone",
    "Region": "place",
    "Place": "place",
    "Incentive": "incentive",
    "Article": "article",
}

#: ``kind`` filter values -> kinds ("stakeholder" means organisations and persons).
KIND_FILTERS: dict[str, tuple[str, ...]] = {
    **{k: (k,) for k in dict.fromkeys(SEARCH_CLASSES.values())},
    "stakeholder": ("organisation", "person"),
    "organization": ("organisation",),
}

#: The properties whose values search matches, best first: a name matches before a
#: description (a project's ``pg:feature``) that matches alike.
SEARCH_PROPERTIES = (
    "skos:prefLabel",
    "rdfs:label",
    "skos:altLabel",
    "pg:formerName",
    "dct:title",
    "pg:feature",
)
_DESCRIPTIONS = {"pg:feature"}

_SEARCH_TYPES = "SELECT DISTINCT ?s ?type WHERE { VALUES ?type { %s } ?s a ?type }"
# One pattern, no join with the types: Oxigraph's union default graph repeats a triple once
# per graph that states it (oxigraph#1919). Read as raw terms: at 10^6 quads the index reads
# some 300,000 names, and turning each row into a dict of Python values took half the time.
_SEARCH_TEXTS = "SELECT DISTINCT ?s ?p ?text WHERE { VALUES ?p { %s } ?s ?p ?text }"


@dataclass(frozen=True)
class _SearchIndex:
    """Everything search finds, with its names (built once per data version)."""

    entries: list[dict[str, Any]]  #: iri, id, kind, type, label_ko, label_en, api
    names: NameIndex[int]  #: one row per distinct name of an entry; its key: the entry index
    properties: list[str]  #: the property of each name row (the best one, if several)


def _api_path(iri: str, kind: str) -> tuple[str, str | None]:
    """The id of ``iri`` for /api (the path after ``/id/``, else the IRI) and the /api path
    that describes it, if there is one."""
    ident = iri[len(str(PGID)) :] if iri.startswith(str(PGID)) else iri
    quoted = quote(ident, safe="/") if ident != iri else quote(iri, safe="")
    if kind in ("organisation", "person"):
        return ident, f"/api/stakeholders/{quoted}"
    if kind == "article":
        return ident, f"/api/articles/{quote(local(iri) or '', safe='')}"
    return ident, None


def _search_index(store: Store | Snapshot) -> _SearchIndex:
    """The search index of ``store`` (cached per data version)."""
    snap = snapshot(store)

    def build() -> _SearchIndex:
        order = list(SEARCH_CLASSES)
        types: dict[str, str] = {}
        classes = " ".join(f"pg:{c}" for c in order)
        for row in select(snap, _SEARCH_TYPES % classes):
            kind = local(row["type"]) or ""
            if row["s"] not in types or order.index(kind) < order.index(types[row["s"]]):
                types[row["s"]] = kind
        rank = {expand(p): i for i, p in enumerate(SEARCH_PROPERTIES)}
        texts: dict[str, dict[str, int]] = defaultdict(dict)  # iri -> text -> property rank
        shown: dict[str, dict[str, str]] = defaultdict(dict)  # iri -> language -> label
        query = _SEARCH_TEXTS % " ".join(SEARCH_PROPERTIES)
        for s, p, o in snap.query(query, prefixes=PREFIXES) if types else ():
            iri, prop, text = s.value, rank[p.value], o.value
            if iri not in types:
                continue
            found = texts[iri]
            found[text] = min(found.get(text, prop), prop)
            if SEARCH_PROPERTIES[prop] in ("skos:prefLabel", "dct:title"):
                # an article's title is its label, in its own language
                lang = (getattr(o, "language", None) or "und").split("-")[0]
                if text < shown[iri].get(lang, "\uffff"):  # the same label whatever the order
                    shown[iri][lang] = text
        entries: list[dict[str, Any]] = []
        pairs: list[tuple[int, str]] = []
        properties: list[str] = []
        for iri in sorted(types):
            kind = SEARCH_CLASSES[types[iri]]
            ident, api = _api_path(iri, kind)
            label = shown[iri]
            entries.append(
                {
                    "iri": iri,
                    "id": ident,
                    "kind": kind,
                    "type": types[iri],
                    "label_ko": label.get("ko"),
                    "label_en": label.get("en") or label.get("und"),
                    "api": api,
                }
            )
            for text, prop in sorted(texts[iri].items(), key=lambda tp: (tp[1], tp[0])):
                pairs.append((len(entries) - 1, text))
                properties.append(SEARCH_PROPERTIES[prop])
        return _SearchIndex(entries, NameIndex(pairs), properties)

    return cached(snap, ("search_index",), build)


def _index(store: Store) -> list[dict[str, Any]]:
    """Every stakeholder (organisations and persons) with its labels."""
    return [e for e in _search_index(store).entries if e["kind"] in ("organisation", "person")]


def _filter(name: str, value: str | None, known: dict[str, tuple[str, ...]]) -> set[str] | None:
    """A filter parameter (comma-separated values, case-insensitive) as a set, or None."""
    if value is None or not value.strip():
        return None
    wanted: set[str] = set()
    for part in value.split(","):
        key = part.strip().lower()
        if key not in known:
            listed = ", ".join(sorted(known))
            raise InputError(
                f"{name} must be one of {listed}, not {part.strip()!r}", parameter=name, value=value
            )
        wanted.update(known[key])
    return wanted


def _types(type_: str | None) -> tuple[str, ...] | None:
    found = _filter("type", type_, TYPE_FILTERS)
    return None if found is None else tuple(sorted(found))


# "organisation" stays any organisation, as for the stakeholder list
SEARCH_TYPE_FILTERS = {**{c.lower(): (c,) for c in SEARCH_CLASSES}, **TYPE_FILTERS}


def search(
    store: Store,
    text: str | None,
    *,
    type: str | None = None,  # noqa: A002 - the API's parameter name
    kind: str | None = None,
    limit: Any = SEARCH_LIMIT,
    offset: Any = 0,
) -> dict[str, Any]:
    """Everything whose name matches ``text``, best first, one page: stakeholders, projects and
    facilities, initiatives, agreements, budgets, proposals, designations, events, places,
    sites, zones, incentives and articles.

    A name is any preferred, plain or alternative label in Korean or English, a former name or
    an article's title; a project's features (``pg:feature``) are searched too, after the
    names. Matching is case- and width-insensitive and ignores company-form markers (see
    :mod:`graph.names`).

    Parameters
    ----------
    text : str
        A name or part of one, in Korean or English ("카카오", "주식회사 카카오",
        "kakao corp", "KAK", "왕숙", "NPU", "digital hub").
    type : str, optional
        A class: ``Government``, ``Company``, ``ResearchBody``, ``EducationBody``,
        ``PoliticalParty``, ``Consortium``, ``Organisation`` (any organisation), ``Person``,
        ``Facility``, ``Project``, ``Site``, ... (:data:`SEARCH_CLASSES`); case-insensitive,
        several separated by commas.
    kind : str, optional
        A kind (:data:`KIND_FILTERS`: ``organisation``, ``person``, ``stakeholder``,
        ``project``, ``site``, ``zone``, ``article``, ...); several separated by commas.
    limit, offset : int
        The page.

    Returns
    -------
    dict
        ``total``, ``limit``, ``offset``, ``query``, ``type``, ``kind`` and ``items``: IRI,
        ``id`` (the IRI's path after ``/id/``), ``kind``, ``type`` (the class), both labels,
        ``api`` (the /api path that describes it, or None), ``match`` (exact, variant, prefix,
        contains), ``matched`` (the text that matched) and ``matched_property``.
        Ranked by match (a part of a name at the start of a word before one inside a word),
        then names before descriptions, then stakeholders first, then the shorter matched
        text.

    Examples
    --------
    >>> from graph.config import Settings
    >>> from graph.store import open_store
    >>> r = search(open_store(Settings(memory=True)), "kak")
    >>> r["items"][0]["label_en"], r["items"][0]["kind"], r["items"][0]["match"]
    ('Kakao', 'organisation', 'prefix')
    """
    if text is None or not text.strip():
        raise InputError("q (the text to search for) is required", parameter="q")
    if not core(text):
        raise InputError(f"q has no letters or digits to search for: {text!r}", parameter="q")
    types = _filter("type", type, SEARCH_TYPE_FILTERS)
    kinds = _filter("kind", kind, KIND_FILTERS)
    index = _search_index(store)
    entries, keys, forms, props = (
        index.entries,
        index.names.keys,
        index.names.forms,
        index.properties,
    )
    # entry -> (match rank, a description?, length of the matched text, row): its best name
    best: dict[int, tuple[int, bool, int, int]] = {}
    for row, rank in index.names.rows(text).items():
        i = keys[row]
        if types is not None and entries[i]["type"] not in types:
            continue
        if kinds is not None and entries[i]["kind"] not in kinds:
            continue
        key = (rank, props[row] in _DESCRIPTIONS, len(forms[row].name), row)
        if i not in best or key < best[i]:
            best[i] = key
    ranked = sorted(
        (
            rank,
            described,
            entries[i]["kind"] not in ("organisation", "person"),  # stakeholders first
            length,
            entries[i]["label_en"] or "",
            entries[i]["iri"],
            i,
            row,
        )
        for i, (rank, described, length, row) in best.items()
    )
    found = page(ranked, limit, offset, query=text, type=type or None, kind=kind or None)
    found["items"] = [
        {
            **entries[hit[-2]],
            "match": MATCH_RANKS[min(hit[0], INSIDE_A_WORD - 1)],  # inside a word: contains
            "matched": forms[hit[-1]].name,
            "matched_property": props[hit[-1]],
        }
        for hit in found["items"]
    ]
    return found


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
    >>> from graph.config import Settings
    >>> from graph.store import open_store
    >>> stakeholders(open_store(Settings(memory=True)), type="company", limit=1)["items"][0]
    ... # doctest: +NORMALIZE_WHITESPACE
    {'iri': 'https://policygraph.example/id/org/hyundai', 'type': 'Company',
     'label_ko': '현대', 'label_en': 'Hyundai'}
    """
    types = _types(type)
    items = [
        {k: e[k] for k in ("iri", "type", "label_ko", "label_en")}
        for e in _index(store)
        if types is None or e["type"] in types
    ]
    items.sort(key=lambda i: ((i["label_en"] or "").casefold(), i["iri"]))
    return page(items, limit, offset, type=type or None)


# --- profile ----------------------------------------------------------------------------------

# Posts are read one pattern at a time, not joined: Oxigraph's union default graph repeats a
# triple once per article graph that states it (oxigraph#1919), and a join of five restated
# patterns multiplies to n^5 rows before DISTINCT (1.3 s for one post stated by 16 articles).
_POSTS_OF = "SELECT DISTINCT ?post WHERE { ?post ?p ?x }"
_TITLES = "SELECT DISTINCT ?s ?t (lang(?t) AS ?lang) WHERE { ?s pg:roleTitle ?t }"

# (relationship, property) for everything the stakeholder takes part in; presence points the
# other way (the organisation has a presence in the site).
_ROLES = """
SELECT DISTINCT ?rel ?p WHERE {
  { ?rel ?p ?x } UNION { ?x ?p ?rel FILTER(?p = pg:hasPresenceIn) }
}
"""

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
    link = "pg:heldBy" if person else "pg:postIn"
    found = {r["post"] for r in select(store, _POSTS_OF, x=iri, p=expand(link))}
    facts = values(store, found, ("rdf:type", "pg:heldBy", "pg:postIn"))
    found = {p for p in found if expand("pg:Post") in facts[p]["rdf:type"]}
    titles: dict[str, dict[str, str]] = defaultdict(dict)
    for r in sorted(select(store, _TITLES, s=sorted(found)) if found else [], key=str):
        titles[r["s"]].setdefault(r["lang"], r["t"])  # the same title whatever the row order
    rows = [
        {"post": p, "person": who, "org": org, "ko": titles[p].get("ko"), "en": titles[p].get("en")}
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
    for row in select(store, _ROLES, x=iri, p=[*_ROLE_PROPS, _PRESENCE]):
        kind, role = _ROLE_PROPS.get(row["p"], ("site", "presence"))
        found[kind][row["rel"]].add(role)
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
    >>> from graph.config import Settings
    >>> from graph.store import open_store
    >>> p = profile(open_store(Settings(memory=True)), "org/kakao")
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
