"""``/export/...``: the partner network and the whole store as downloads.

- ``GET /export/network.<ext>`` with ``ext`` one of ``gexf``, ``graphml``, ``cyjs`` (or
  ``cytoscape.json``), ``json`` (node-link, D3), ``dot``, ``zip`` (``nodes.csv`` + ``edges.csv``);
  parameters ``as_of=YYYY-MM-DD``, ``people=true``, ``typed=true``, ``lang=ko|en`` (the
  language of the labels shown; without it, the request's ``Accept-Language``, else English;
  see graph.network.export).
- ``GET /export/rdf.<ext>`` with ``ext`` one of ``trig``, ``nq`` (named graphs kept), ``ttl``,
  ``jsonld``, ``nt``, ``rdf`` (merged view).
- ``GET /export/`` lists them (JSON).

Answers carry the format's media type, ``Content-Disposition: attachment`` with a file name such
as ``policygraph-network.gexf``, and an ETag derived from the store's data version, so that a
client asking again with ``If-None-Match`` gets 304 until the next write. An unknown extension is
404 naming the known ones; a bad parameter is 400 naming it.
"""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, request, url_for

from graph.cache import cached as per_version
from graph.cache import snapshot
from graph.errors import InputError, NotFound
from graph.formats import RDF_FORMATS, rdf_format
from graph.network.export import (
    NETWORK_FORMATS,
    check_lang,
    export_network,
    export_rdf,
    network_format,
    rdf_filename,
)

from .negotiation import request_language
from .params import flag, text
from .state import app_state

__all__ = ["bp"]

bp = Blueprint("exports", __name__, url_prefix="/export")


def _not_modified(etag: str) -> Response | None:
    """304 when the client already holds this version (checked before any work is done)."""
    if request.if_none_match.contains(etag):
        response = Response(status=304)
        response.set_etag(etag)
        return response
    return None


def _download(data: bytes, content_type: str, filename: str, etag: str) -> Response:
    response = Response(data, content_type=content_type)
    response.headers.set("Content-Disposition", "attachment", filename=filename)
    response.set_etag(etag)
    response.cache_control.no_cache = True  # revalidate: the next write changes the data
    return response


@bp.get("/network.<ext>")
def network(ext: str) -> Response:
    """The partner network in the format the extension names."""
    try:
        fmt = network_format(ext)
    except InputError as exc:
        raise NotFound(exc.message, format=ext) from exc
    as_of, people, typed = text("as_of"), flag("people"), flag("typed")
    lang = check_lang(text("lang") or request_language())
    filename = fmt.filename(as_of=as_of, people=people, typed=typed, lang=lang)
    # one snapshot: the tag's version is the one the network and its metrics are built at
    # (read before the export: a write during it gives a stale tag, never a new tag on old data)
    store = snapshot(app_state().store)
    etag = f"v{store.data_version}-{lang}-{filename}"
    if cached := _not_modified(etag):
        cached.vary.add("Accept-Language")
        return cached
    # built once per data version (a graph view loads it on every visit; issue 20)
    data = per_version(
        store,
        ("export", fmt.name, as_of, people, typed, lang),
        lambda: export_network(store, fmt.name, as_of=as_of, people=people, typed=typed, lang=lang),
    )
    response = _download(data, fmt.content_type, filename, etag)
    response.vary.add("Accept-Language")  # without lang=, the labels follow Accept-Language
    return response


@bp.get("/rdf.<ext>")
def rdf(ext: str) -> Response:
    """The whole store in the RDF format the extension names."""
    try:
        fmt = rdf_format(ext)
    except InputError as exc:
        known = ", ".join(f".{f.extension}" for f in RDF_FORMATS)
        raise NotFound(f"unknown RDF export format {ext!r}; known: {known}", format=ext) from exc
    store = app_state().store
    filename = rdf_filename(fmt)
    etag = f"v{store.data_version}-{filename}"
    if cached := _not_modified(etag):
        return cached
    return _download(export_rdf(store, fmt.name), fmt.content_type, filename, etag)


@bp.get("/<path:name>")
def unknown(name: str) -> Response:
    """Any other path under /export: 404 naming what there is."""
    urls = [url_for(".network", ext=f.extension) for f in NETWORK_FORMATS]
    urls += [url_for(".rdf", ext=f.extension) for f in RDF_FORMATS]
    raise NotFound(f"no export {name!r}; there are {', '.join(urls)}", path=name)


@bp.get("/")
def index() -> Response:
    """What can be exported, with the URL and media type of each format."""
    network = [
        {
            "format": f.name,
            "url": url_for(".network", ext=f.extension),
            "media_type": f.media_type,
        }
        for f in NETWORK_FORMATS
    ]
    rdf = [
        {
            "format": f.name,
            "url": url_for(".rdf", ext=f.extension),
            "media_type": f.media_type,
            "named_graphs": f.dataset,
        }
        for f in RDF_FORMATS
    ]
    return jsonify(
        {
            "network": network,
            "rdf": rdf,
            "parameters": {
                "as_of": "YYYY-MM-DD: only relationships dated on or before that day",
                "people": "true: add persons and their posts and signatures",
                "typed": "true: the typed stakeholder graph instead of the partner network",
                "lang": "ko or en: the language of the labels shown (default: Accept-Language, "
                "else en); both labels stay as attributes",
            },
        }
    )
