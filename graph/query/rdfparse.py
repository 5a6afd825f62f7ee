"""rdflib's SPARQL parser, one parse at a time in a process.

rdflib parses SPARQL with pyparsing, which is not thread-safe (RDFLib/rdflib#1282,
pyparsing/pyparsing#89). The first call of each grammar rule's parse action finds out how many
arguments the action takes by calling it and catching ``TypeError``, in state that all threads
share: two threads doing that at once make a valid query fail, for instance with
"Param.postParse2() missing 1 required positional argument: 'tokenList'". Measured in a fresh
process: 799 of 1,600 parses of valid queries from 8 threads failed; none once each rule had
run once. A server meets this on its first requests: a front process that had misread a lookup
kept it as "not a lookup" and sent it to the main process for good (the CI failure of
tests/e2e/test_fronts.py), and a valid update or ``SERVICE`` query could be refused with a 400.

Every rdflib SPARQL parse of the project goes through here, under one lock (tests/test_layout.py
holds every other module to that). The parse is pure Python and holds the interpreter lock
anyway, so the lock costs no parallelism; it costs latency behind a long text, whose parse time
grows faster than its length (an update of 8 KB 0.28 s, 28 KB 2 s, 88 KB 15.6 s): the parses
queued behind it wait for all of it instead of sharing the interpreter with it.

>>> parse_query("SELECT ?s { ?s ?p ?o }").algebra.name
'SelectQuery'
>>> parse_update("INSERT DATA { <urn:a> <urn:b> <urn:c> }").algebra[0].name
'InsertData'
"""

from __future__ import annotations

import threading
from typing import Any

__all__ = ["parse_query", "parse_update", "prepare_query"]

_LOCK = threading.Lock()


def parse_query(text: str, base_iri: str | None = None) -> Any:
    """rdflib's translated query (``translateQuery(parseQuery(text))``); its errors as raised."""
    from rdflib.plugins.sparql import parser
    from rdflib.plugins.sparql.algebra import translateQuery

    with _LOCK:
        return translateQuery(parser.parseQuery(text), base=base_iri)


def parse_update(text: str, base_iri: str | None = None) -> Any:
    """rdflib's translated update (``translateUpdate(parseUpdate(text))``)."""
    from rdflib.plugins.sparql import parser
    from rdflib.plugins.sparql.algebra import translateUpdate

    with _LOCK:
        return translateUpdate(parser.parseUpdate(text), base=base_iri)


def prepare_query(text: str) -> Any:
    """rdflib's prepared query (``rdflib.plugins.sparql.prepareQuery``), for rdflib's evaluator."""
    from rdflib.plugins.sparql import prepareQuery

    with _LOCK:
        return prepareQuery(text)
