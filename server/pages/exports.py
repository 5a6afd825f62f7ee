"""``/downloads``: the export formats (``/export/``'s catalogue) as links for people, with the
options (as-of date, persons, typed graph, label language) chosen in a form."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import request

from graph.formats import RDF_FORMATS
from graph.network.export import NETWORK_FORMATS

from ..i18n import page_language
from . import bp, render_page

__all__ = ["exports_page"]

#: What each network format opens in (shown beside the link).
CONSUMERS = {
    "gexf": "Gephi",
    "graphml": "yEd, igraph, networkx, Gephi",
    "cytoscape": "Cytoscape, Cytoscape.js",
    "node-link": "networkx, D3",
    "dot": "Graphviz",
    "csv": "pandas, R, spreadsheets",
}


@bp.get("/downloads")
def exports_page() -> str:
    catalogue = {
        "network": [
            {"format": f.name, "url": f"/export/network.{f.extension}", "media_type": f.media_type}
            for f in NETWORK_FORMATS
        ],
        "rdf": [
            {
                "format": f.name,
                "url": f"/export/rdf.{f.extension}",
                "media_type": f.media_type,
                "named_graphs": f.dataset,
            }
            for f in RDF_FORMATS
        ],
    }
    as_of = request.args.get("as_of", "").strip()
    options = {
        "as_of": as_of or None,
        "people": "true" if request.args.get("people") else None,
        "typed": "true" if request.args.get("typed") else None,
        "lang": request.args.get("lang") or page_language(),
    }
    query = urlencode({k: v for k, v in options.items() if v})
    return render_page(
        "exports.html",
        nav="exports",
        catalogue=catalogue,
        query=query,
        options=options,
        consumers=CONSUMERS,
    )
