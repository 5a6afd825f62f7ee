"""``/id/<kind>/<slug>``: every instance IRI answers, as a page for people and as RDF.

The IRI ``https://policygraph.example/id/org/kakao`` (or, with the setting ``base_iri``,
``<base_iri>id/org/kakao``) is served at ``/id/org/kakao``. ``Accept`` chooses HTML (browsers,
and ``*/*``), Turtle, JSON-LD (``application/ld+json`` or ``application/json``, compacted with
``ontology/context.jsonld``), N-Triples or RDF/XML; an extension (``.ttl``, ``.jsonld``, ``.nt``,
``.rdf``, and ``.trig`` for an article's own graph) wins over ``Accept``. An id the graph does
not know is a 404: a page suggesting what search finds for its words, or one plain line.
"""

from __future__ import annotations

import re
from typing import Any

import pyoxigraph as ox
from flask import Response, abort, request
from werkzeug.exceptions import NotAcceptable

from graph.cache import snapshot
from graph.errors import InputError, NotFound
from graph.formats import rdf_format
from graph.iris import PGG, PGID, local
from graph.network.partners import STAKEHOLDER_TYPES
from graph.read import articles as news
from graph.read import catalogue
from graph.read import search as finder
from graph.read.resources import (
    TURTLE_PREFIXES,
    description,
    resource,
    resource_types,
    serialize,
)
from graph.read.rows import amounts, labels

from ..i18n import page_language
from ..negotiation import best_media_type
from ..state import app_state
from . import bp, render_page
from .stakeholder import stakeholder_page

__all__ = ["instance", "EXTENSIONS", "base_iri"]

#: extension -> RDF format name
EXTENSIONS = {"ttl": "turtle", "jsonld": "jsonld", "nt": "ntriples", "rdf": "rdfxml"}
_HTML = ("text/html", "application/xhtml+xml")
_RDF_TYPES = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/ld+json": "jsonld",
    "application/json": "jsonld",
    "application/n-triples": "ntriples",
    "application/rdf+xml": "rdfxml",
}
_ID = re.compile(r"[A-Za-z0-9._~%-]+(/[A-Za-z0-9._~%-]+)+")


def base_iri() -> str | None:
    """The deployment's base IRI when it differs from the one the store holds, else None."""
    base = app_state().settings.base_iri.strip()
    if not base:
        return None
    base = base if base.endswith("/") else base + "/"
    return None if base + "id/" == str(PGID) else base


def _split(path: str) -> tuple[str, str | None]:
    """``org/kakao.ttl`` -> (``org/kakao``, ``turtle``); no known extension -> (path, None)."""
    stem, dot, ext = path.rpartition(".")
    if dot and "/" not in ext:
        if ext in EXTENSIONS:
            return stem, EXTENSIONS[ext]
        if ext == "trig" and stem.startswith("article/"):
            return stem, "trig"
    return path, None


def _wanted() -> str:
    """``html`` or an RDF format name, from ``Accept`` (406 when nothing fits)."""
    if not request.accept_mimetypes:
        return "html"
    best = best_media_type(request.accept_mimetypes, [*_HTML, *_RDF_TYPES])
    if best is None:
        raise NotAcceptable(
            "none of the media types in Accept fits; offered: text/html, "
            + ", ".join(dict.fromkeys(_RDF_TYPES))
        )
    return "html" if best in _HTML else _RDF_TYPES[best]


def _not_found(ident: str, fmt: str) -> Any:
    words = " ".join(w for w in re.split(r"[/_.\-]+", ident.split("/", 1)[-1]) if w)
    message = f"nothing in the graph is named {PGID}{ident}"
    if fmt != "html":
        return Response(message + "\n", status=404, mimetype="text/plain")
    suggestions: list[dict[str, Any]] = []
    if words:
        try:
            suggestions = finder.search(snapshot(app_state().store), words, limit=8)["items"]
        except InputError:
            pass
    html = render_page("not_found.html", ident=ident, words=words, suggestions=suggestions)
    return Response(html, status=404, mimetype="text/html")


@bp.get("/id/<path:ident>", merge_slashes=False)
def instance(ident: str) -> Any:
    path, forced = _split(ident)
    fmt = forced or _wanted()
    if not _ID.fullmatch(path) or len(path) > 1000:
        return _not_found(path, fmt)
    store = snapshot(app_state().store)
    iri = f"{PGID}{path}"
    if fmt == "trig":
        return _article_trig(path)
    if fmt != "html":
        triples = description(store, iri)
        if not triples:
            return _not_found(path, fmt)
        f = rdf_format(fmt)
        response = Response(serialize(triples, fmt, base=base_iri()), mimetype=f.media_type)
        response.headers["Content-Type"] = f.content_type
        response.vary.add("Accept")
        return response
    try:
        html = _page(store, iri, path)
    except NotFound:
        return _not_found(path, fmt)
    response = Response(html, mimetype="text/html")
    response.vary.add("Accept")
    return response


def _article_trig(path: str) -> Response:
    graph = f"{PGG}{path}"
    store = app_state().store
    if not store.has_graph(graph):
        abort(404, description=f"no article graph {graph}")
    quads = store.quads(None, None, None, ox.NamedNode(graph))
    data = ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=TURTLE_PREFIXES)
    response = Response(data, mimetype="application/trig")
    response.headers["Content-Type"] = rdf_format("trig").content_type
    return response


def _page(store: Any, iri: str, path: str) -> str:
    types = resource_types(store, iri)
    shown_iri = f"{base_iri()}id/{path}" if base_iri() else iri
    common = {"iri": shown_iri, "page": f"/id/{path}"}
    if set(types) & set(STAKEHOLDER_TYPES):
        return stakeholder_page(store, iri, show_all=request.args.get("show") == "all", **common)
    if "Article" in types:
        article = news.article(store, iri)
        facts = _facts_by_subject(store, article["facts"])
        return render_page("article.html", article=article, groups=facts, **common)
    thing = resource(store, iri)
    detail = _detail(store, iri, types)
    return render_page("resource.html", thing=thing, detail=detail, types=types, **common)


_DETAILS = (
    ("Agreement", "agreement", catalogue.agreement_items),
    ("Budget", "budget", catalogue.budget_items),
    ("Facility", "project", catalogue.project_items),
    ("Project", "project", catalogue.project_items),
    ("Site", "site", catalogue.site_items),
)


def _detail(store: Any, iri: str, types: list[str]) -> dict[str, Any] | None:
    """The /api list item of an agreement, budget, project or site (``kind`` added)."""
    for cls, kind, items in _DETAILS:
        if cls in types:
            found = items(store, [iri])
            return {**found[0], "kind": kind} if found else None
    return None


_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def _facts_by_subject(store: Any, facts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """An article's facts as groups by kind (the subject's class), each subject with its
    statements as rows (one per property, its values in order); labels and amounts looked up
    once."""
    subjects: dict[str, dict[str, Any]] = {}
    for fact in facts:
        entry = subjects.setdefault(
            fact["subject"], {"iri": fact["subject"], "types": [], "rows": {}}
        )
        if fact["predicate"] == _RDF_TYPE:
            entry["types"].append(local(fact["object"]))
        else:
            entry["rows"].setdefault(fact["predicate"], []).append(fact)
    objects = {f["object"] for f in facts if f["object_type"] == "iri"}
    names = labels(store, set(subjects) | objects)
    money = amounts(store, objects)
    groups: dict[str, list[dict[str, Any]]] = {}
    lang = page_language()
    for entry in subjects.values():
        entry.update(names.get(entry["iri"], {}))
        for values in entry["rows"].values():
            for fact in values:
                if fact["object_type"] == "iri":
                    fact["named"] = {"iri": fact["object"], **names.get(fact["object"], {})}
                    fact["amount"] = money.get(fact["object"])
        entry["rows"] = [
            {"predicate": p, "values": _in_language(v, lang)} for p, v in entry["rows"].items()
        ]
        kind = sorted(entry["types"])[0] if entry["types"] else "Other"
        groups.setdefault(kind, []).append(entry)
    return [{"kind": k, "subjects": v} for k, v in sorted(groups.items())]


def _in_language(values: list[dict[str, Any]], lang: str) -> list[dict[str, Any]]:
    """The values in ``lang`` when the values are texts in several languages, else all."""
    mine = [v for v in values if v.get("language") == lang]
    if mine and all(v.get("language") for v in values):
        return mine
    return values
