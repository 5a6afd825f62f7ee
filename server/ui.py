"""``/``: a small landing page with the store's figures and a SPARQL query form."""

from __future__ import annotations

from flask import Blueprint, render_template

from .state import app_state

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


def _describe(store) -> str:
    """The backend and where it keeps its data, without the store's path on the server."""
    where = "on disk" if "persistent" in store.capabilities else "in memory"
    return f"{store.name} ({where})"


@bp.get("/")
def index() -> str:
    state = app_state()
    return render_template(
        "index.html",
        triples=len(state.store),
        graphs=state.store.named_graphs(),
        version=state.store.data_version,
        store=_describe(state.store),
        example=EXAMPLE_QUERY,
    )
