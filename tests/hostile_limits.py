"""Requests built to crash or exhaust a SPARQL engine, and what an answer must never show.

Each query is kept under the default length limit (100,000 characters) so that it reaches the
parsers, unless it is meant to test that limit."""

from __future__ import annotations

import re

#: Text that would tell a client how the server is built or where it broke.
INTERNAL = re.compile(
    r"Traceback|File \"|\.py\b|\b[A-Z][a-zA-Z]+(Error|Exception)\b|exited with|signal|SIGSEGV"
    r"|-11\b|object at 0x|<built-in|pyoxigraph|rdflib|pyparsing|oxrdflib|/tmp/|/work/|\bpanic"
    r"|codec|can.t decode",
)

TRIPLE = "?s ?p ?o"


def deep_queries() -> list[tuple[str, str]]:
    """(name, query) of shapes that nest or chain far past what an engine can recurse."""
    n = 20_000
    return [
        ("groups", "SELECT * WHERE " + "{" * n + TRIPLE + "}" * n),
        ("parentheses", f"SELECT * WHERE {{ {TRIPLE} FILTER(" + "(" * n + "?o" + ")" * n + ") }"),
        ("sub-selects", "SELECT * WHERE { " * 4000 + TRIPLE + " }" * 4000),
        ("optional", f"SELECT * WHERE {{ {TRIPLE} " + "OPTIONAL{" * 8000 + "}" * 8000 + " }"),
        ("exists", "ASK { " + "FILTER EXISTS{" * 5000 + "}" * 5000 + " }"),
        ("union chain", "SELECT * WHERE { " + "{}UNION" * 14_000 + "{} }"),
        ("minus chain", f"SELECT * WHERE {{ {TRIPLE} " + "MINUS{}" * 14_000 + " }"),
        ("path nesting", "SELECT * WHERE { ?s " + "(" * n + "<urn:p>" + ")" * n + " ?o }"),
        (
            "path sequence",
            "PREFIX : <urn:> SELECT * WHERE { ?s " + "/".join([":p"] * 25_000) + " ?o }",
        ),
        ("negations", f"SELECT * WHERE {{ {TRIPLE} FILTER(" + "!" * 30_000 + "?o) }"),
        ("function nesting", "SELECT (" + "STR(" * 9000 + "1" + ")" * 9000 + " AS ?x) {}"),
        ("collections", "SELECT * WHERE { ?s <urn:p> " + "(" * n + "1" + ")" * n + " }"),
        (
            "blank nodes",
            "SELECT * WHERE { ?s <urn:p> " + "[<urn:p>" * 9000 + "1" + "]" * 9000 + "}",
        ),
        ("escaped groups", "SELECT * WHERE " + r"\u007b" * 8000 + TRIPLE + r"\u007d" * 8000),
    ]


def large_queries() -> list[tuple[str, str]]:
    """(name, query) that are big but harmless: they must be answered (or refused by a limit)."""
    values = " ".join(f"<urn:x{i}>" for i in range(7000))
    return [
        ("values", f"SELECT (COUNT(*) AS ?n) WHERE {{ VALUES ?x {{ {values} }} }}"),
        ("long literal", 'SELECT (STRLEN("' + "가" * 90_000 + '") AS ?n) {}'),
        ("long IRI", "SELECT (STRLEN(STR(<urn:" + "x" * 90_000 + ">)) AS ?n) {}"),
        # past what an 8 MiB stack holds (about 9,100), well inside the engine's 256 MiB
        ("and chain", "ASK { BIND(true AS ?o) FILTER(" + "&&".join(["?o"] * 10_000) + ") }"),
        ("too long", "SELECT * WHERE { " + " ".join([TRIPLE] * 20_000) + " }"),
    ]


def deep_updates() -> list[tuple[str, str]]:
    """(name, update) shapes that nest far past what a planner can recurse."""
    n = 20_000
    return [
        ("groups", "DELETE { ?s ?p ?o } WHERE " + "{" * n + TRIPLE + "}" * n),
        (
            "parentheses",
            "INSERT { GRAPH <urn:g> { ?s ?p ?o } } WHERE { ?s ?p ?o FILTER("
            + "(" * 5000
            + "?o"
            + ")" * 5000
            + ") }",
        ),
        (
            "moderate nesting",
            "INSERT { GRAPH <urn:g> { ?s ?p ?o } } WHERE " + "{" * 100 + TRIPLE + "}" * 100,
        ),
        (
            "union chain",
            "INSERT { GRAPH <urn:g> { ?s ?p ?o } } WHERE { " + "{}UNION" * 3000 + "{} }",
        ),
    ]


def bad_parameters() -> list[tuple[str, dict[str, str]]]:
    """(query, parameters) with malformed Protocol parameters."""
    ask = "ASK { ?s ?p ?o }"
    return [
        (ask, {"default-graph-uri": "not an iri"}),
        (ask, {"named-graph-uri": "<http://x.org/g>"}),
        (ask, {"default-graph-uri": "http://x.org/\u202eg"}),
        (ask, {"default-graph-uri": "http://x.org/\U0010ffff"}),
        (ask, {"timeout": "soon"}),
        (ask, {"timeout": "-1"}),
        (ask, {"timeout": "nan"}),
        (ask, {"format": "rdf+xml"}),
        (ask, {"format": "\x00"}),
        ("CONSTRUCT WHERE { ?s ?p ?o }", {"format": "csv"}),
        ("SELECT * { ?s ?p ?o }", {"query": "ASK {}"}),
    ]


def bad_queries() -> list[str]:
    """Malformed queries of every kind a person or a fuzzer writes."""
    return [
        "",
        " ",
        "\x00",
        "SELECT",
        "SELECT * WHERE { ?s ?p ?o",
        "SELECT * WHERE { ?s ?p ?o }}}",
        'SELECT * WHERE { ?s ?p "unterminated }',
        "SELECT * WHERE { ?s <http://a b> ?o }",
        "SELECT * WHERE { ?s <http://[x> ?o }",
        "SELECT * WHERE { ?s ?p ?o } LIMIT -1",
        "SELECT * WHERE { ?s ?p ?o } LIMIT 99999999999999999999999999",
        "SELECT (1/0 AS ?x) {}",
        'SELECT (STRDT("x", <urn:no>) AS ?x) {}',
        'SELECT * WHERE { ?s ?p "x"@-- }',
        'SELECT * WHERE { ?s ?p "x"@en--rtl }',
        "SELECT * WHERE { <<( ?s ?p ?o )>> ?q ?r }",
        r"SELECT * WHERE { ?s ?p '\ud800' }",
        r"SELECT * WHERE { ?s ?p '\U0010FFFF\U00110000' }",
        r"SELECT * WHERE { ?s ?p ?o } \u0000",
        "SELECT (<urn:no-such-function>(1) AS ?x) {}",
        "SELECT ?x WHERE { BIND(1 AS ?x) BIND(2 AS ?x) }",
        "SELECT * WHERE { ?s ?p ?o } GROUP BY",
        "SELECT (COUNT(?x) ?n) { ?x ?p ?o }",
        "ASK { FILTER(REGEX('a', '(')) }",
        "ASK { FILTER(REGEX('a', '" + "(a*)*" * 200 + "b')) }",
        "DESCRIBE",
        "PREFIX : <> SELECT * { :a :b :c }",
        "BASE <relative> SELECT * { <a> ?p ?o }",
        "SELECT * FROM <not an iri> { ?s ?p ?o }",
        "SELECT * WHERE { SERVICE <> { ?s ?p ?o } }",
        "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        "LOAD <http://127.0.0.1:9/x>",
    ]


def bad_updates() -> list[str]:
    return [
        "",
        "INSERT DATA { <urn:a> <urn:b> }",
        "INSERT DATA { GRAPH <urn:g> { pg:a <urn:b> <urn:c> } }",
        "DELET DATA { <urn:a> <urn:b> <urn:c> }",
        'INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> "open } }',
        "INSERT DATA { GRAPH <http://a b> { <urn:a> <urn:b> 1 } }",
        "INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> 1 }",
        "CREATE GRAPH <not an iri>",
        "DROP GRAPH",
        "CLEAR",
        "INSERT { ?s ?p ?o } WHERE { ?s ?p }",
        r"INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> '\ud800' } }",
        "INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> 'x'@en--rtl } }",
        "SELECT * { ?s ?p ?o }",
        "LOAD <file:///etc/passwd>",
        "DELETE DATA { _:b <urn:p> 1 }",
        "WITH <not an iri> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    ]
