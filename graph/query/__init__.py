"""SPARQL under policy: what a read query may do, how it runs, how its answer is written.

- :mod:`~graph.query.text`: SPARQL text before any parser (escapes, nesting limits, errors)
- :mod:`~graph.query.outbound`: what SERVICE, LOAD and FROM may reach, on the parse
- :mod:`~graph.query.sandbox`: engine threads without network, on a deep stack
- :mod:`~graph.query.sparql`: the Protocol's dataset rules; ``select``/``ask`` for the library
- :mod:`~graph.query.results`: results written once by pyoxigraph's serialisers, rows counted
- :mod:`~graph.query.execution`: one request under the endpoint's limits
- :mod:`~graph.query.workers`: worker processes killed at the time limit
- :mod:`~graph.query.service`: the service description
"""

from __future__ import annotations

from .execution import QueryAnswer, QueryRequest, evaluate
from .results import serialize_result, write_result
from .service import service_description
from .sparql import ask, check_request, run_query, select, solutions
from .workers import QueryPool

__all__ = [
    "QueryRequest",
    "QueryAnswer",
    "evaluate",
    "QueryPool",
    "run_query",
    "check_request",
    "select",
    "solutions",
    "ask",
    "write_result",
    "serialize_result",
    "service_description",
]
