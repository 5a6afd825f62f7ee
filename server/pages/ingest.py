"""``/ingest``: paste or upload a fact sheet or an RDF document, check it (a dry run of
``POST /api/validate``: the SHACL report inline, in the page's language, and what would be
added) and add it with the write token (``POST /api/articles``). The page's script calls the
same ``/api`` routes any client calls; the server holds no session."""

from __future__ import annotations

from . import bp, render_page

__all__ = ["ingest_page", "FORMATS"]

#: (value of the format menu, media type sent, file extensions that pick it)
FORMATS = (
    ("factsheet", "application/yaml", "yaml yml json"),
    ("trig", "application/trig", "trig"),
    ("turtle", "text/turtle", "ttl"),
    ("jsonld", "application/ld+json", "jsonld"),
    ("nquads", "application/n-quads", "nq"),
    ("ntriples", "application/n-triples", "nt"),
    ("rdfxml", "application/rdf+xml", "rdf owl xml"),
)


@bp.get("/ingest")
def ingest_page() -> str:
    return render_page("ingest.html", nav="ingest", formats=FORMATS)
