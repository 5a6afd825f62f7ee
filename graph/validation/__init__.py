"""SHACL validation against ``ontology/shapes``.

- :mod:`~graph.validation.shacl`: a graph validated whole; the report (JSON, Turtle, text)
- :mod:`~graph.validation.incremental`: a change validated against only what it can affect
"""

from __future__ import annotations

from .incremental import check_ontology_terms, validate_change, validate_planned
from .shacl import Report, Result, validate, validate_store

__all__ = [
    "Report",
    "Result",
    "validate",
    "validate_store",
    "validate_change",
    "validate_planned",
    "check_ontology_terms",
]
