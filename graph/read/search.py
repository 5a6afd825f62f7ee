"""Search by name: everything a person may type the name of, ranked.

:func:`search` matches a query against the names of stakeholders, projects and facilities,
initiatives, agreements, budgets, proposals, designations, events, places, sites, zones,
incentives and articles (preferred, plain and alternative labels in Korean and English, former
names, article titles, and after them a project's features), case- and width-insensitively,
ignoring company-form markers (:mod:`graph.names`); results are ranked exact > variant >
prefix > contains and say what kind of thing each hit is. The names are indexed once per data
version (:func:`search_index`, a :class:`graph.names.NameIndex`).

Examples
--------
>>> top = search(seed_store, "㈜카카오")["items"][0]
>>> top["id"], top["kind"], top["match"], top["api"]
('org/kakao', 'organisation', 'exact', '/api/stakeholders/org/kakao')
>>> [(r["id"], r["type"]) for r in search(seed_store, "NPU", kind="project")["items"]]
[('project/national-npu-computing-center', 'Facility')]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import pyoxigraph as ox

from ..cache import Snapshot, cached, snapshot
from ..errors import InputError
from ..iris import PGID, PREFIXES, local
from ..names import INSIDE_A_WORD, MATCH_RANKS, NameIndex, core
from ..network.partners import STAKEHOLDER_TYPES
from ..paging import page
from ..store import Store, python_value

__all__ = [
    "SEARCH_LIMIT",
    "TYPE_FILTERS",
    "SEARCH_CLASSES",
    "KIND_FILTERS",
    "SEARCH_TYPE_FILTERS",
    "SEARCH_PROPERTIES",
    "parse_filter",
    "search",
    "search_index",
    "stakeholder_entries",
]

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
    "Study": "project",
    "Project": "project",
    "Initiative": "initiative",
    "Agreement": "agreement",
    "Budget": "budget",
    "Proposal": "proposal",
    "Designation": "designation",
    "Selection": "selection",
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
# One pattern, no join with the types (restated facts: see graph.query.sparql). Read as raw
# terms, not Python values: the index reads every name (docs/benchmarks.md, query shapes).
# One property a query: on a remote engine each answer stays well inside the time limit of a
# query (Virtuoso at 10^6 quads: 300,000 names in one answer took 9.7 s of a 10 s limit, the
# largest property's 130,000 take 4.5 s), and the names are the same.
_SEARCH_TEXTS = "SELECT DISTINCT ?s ?text WHERE { ?s %s ?text }"
#: The time limit of one query of the index build on an engine outside this process
#: (capability ``remote-evaluation``). The build reads every name: at 10^6 quads on Virtuoso,
#: 130,000 names in one answer took 3 s on a quiet machine and over 10 s (the default
#: ``query_timeout``) while other processes kept both cores busy, and /api/search answered
#: 503. These are policygraph's own bounded reads, built once per data version in the
#: background (server/warm.py; a request that comes meanwhile waits for the same build); a
#: client's SPARQL keeps the setting ``query_timeout``.
BUILD_TIMEOUT = 120.0


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


def _rows(snap: Snapshot, query: str) -> Iterable[Any]:
    """The solutions of one query of the index build, as pyoxigraph gives them (the library's
    prefixes; :data:`BUILD_TIMEOUT` on an engine elsewhere)."""
    limit = {"timeout": BUILD_TIMEOUT} if "remote-evaluation" in snap.capabilities else {}
    result = snap.query(query, prefixes=PREFIXES, **limit)
    assert isinstance(result, ox.QuerySolutions)
    return result


def search_index(store: Store | Snapshot) -> _SearchIndex:
    """The search index of ``store`` (cached per data version)."""
    snap = snapshot(store)

    def build() -> _SearchIndex:
        order = list(SEARCH_CLASSES)
        types: dict[str, str] = {}
        classes = " ".join(f"pg:{c}" for c in order)
        for s, type_ in _rows(snap, _SEARCH_TYPES % classes):
            iri, kind = python_value(s), local(type_.value) or ""
            if iri not in types or order.index(kind) < order.index(types[iri]):
                types[iri] = kind
        texts: dict[str, dict[str, int]] = defaultdict(dict)  # iri -> text -> property rank
        shown: dict[str, dict[str, str]] = defaultdict(dict)  # iri -> language -> label
        named = (
            (prop, s, o)
            for prop, name in enumerate(SEARCH_PROPERTIES if types else ())
            for s, o in _rows(snap, _SEARCH_TEXTS % name)
        )
        for prop, s, o in named:
            iri, text = s.value, o.value
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


def stakeholder_entries(store: Store) -> list[dict[str, Any]]:
    """Every stakeholder (organisations and persons) with its labels."""
    return [e for e in search_index(store).entries if e["kind"] in ("organisation", "person")]


def parse_filter(
    name: str, value: str | None, known: dict[str, tuple[str, ...]]
) -> set[str] | None:
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
    >>> r = search(seed_store, "kak")
    >>> r["items"][0]["label_en"], r["items"][0]["kind"], r["items"][0]["match"]
    ('Kakao', 'organisation', 'prefix')
    """
    if text is None or not text.strip():
        raise InputError("q (the text to search for) is required", parameter="q")
    if not core(text):
        raise InputError(f"q has no letters or digits to search for: {text!r}", parameter="q")
    types = parse_filter("type", type, SEARCH_TYPE_FILTERS)
    kinds = parse_filter("kind", kind, KIND_FILTERS)
    index = search_index(store)
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
