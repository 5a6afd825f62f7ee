"""The write path: a document, an update or a graph in; a checked change out to the store.

- :mod:`~graph.write.documents`: an upload parsed once, by its format, within the limits
- :mod:`~graph.write.placement`: an article's quads placed in the named graphs of the seed
- :mod:`~graph.write.ingest`: one article added, replaced or deleted, whole or not at all
- :mod:`~graph.write.overlay` and :mod:`~graph.write.update`: SPARQL Update planned, checked
- :mod:`~graph.write.graphstore`: the Graph Store Protocol's operations on one graph
- :mod:`~graph.write.commit`: check outside the store's write lock, commit under it
"""

from __future__ import annotations

from .documents import Document, parse_document, validate_files
from .graphstore import delete_graph, get_graph, write_graph
from .ingest import IngestSummary, delete_article  # not ingest(): graph.write.ingest is the module
from .update import plan_update, run_update

__all__ = [
    "Document",
    "parse_document",
    "validate_files",
    "IngestSummary",
    "delete_article",
    "plan_update",
    "run_update",
    "get_graph",
    "write_graph",
    "delete_graph",
]
