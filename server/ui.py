"""``/``: a small landing page with the store's figures and a SPARQL query form."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template

__all__ = ["bp"]

bp = Blueprint("ui", __name__)

EXAMPLE_QUERY = """PREFIX pg: <https://policygraph.example/ont#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?agreement ?label ?date (GROUP_CONCAT(?partyLabel; separator=", ") AS ?parties)
WHERE {
  ?agreement a pg:Agreement ; skos:prefLabel ?label ; pg:party ?party .
  OPTIONAL { ?agreement pg:signedOn ?date }
  ?party skos:prefLabel ?partyLabel .
  FILTER (lang(?label) = "en" && lang(?partyLabel) = "en")
}
GROUP BY ?agreement ?label ?date
"""


@bp.get("/")
def index() -> str:
    state = current_app.extensions["policygraph"]
    return render_template(
        "index.html",
        triples=len(state.store),
        graphs=state.store.named_graphs(),
        version=state.store.data_version,
        store=repr(state.store),
        example=EXAMPLE_QUERY,
    )
