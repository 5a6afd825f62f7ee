"""graph.query.text: escapes as SPARQL reads them, nesting limits, and syntax errors people can
read: one line naming the mistake with its line and column, never a parser's character ranges."""

from __future__ import annotations

import re

import pytest

from graph.errors import InputError
from graph.query.sparql import run_query
from graph.query.text import MAX_DEPTH, check_shape, mentions, syntax_error, unescape
from graph.write.update import parse_update

# (text, words the message must hold, line, column) of typical mistakes
QUERY_MISTAKES = [
    ("SELECT ?x WHERE { ?x a pg:Company }", ["undefined prefix 'pg'", "PREFIX pg:"], 1, 24),
    (
        "PREFIX pg: <https://policygraph.example/ont#>\nSELECT ?n WHERE {\n"
        "  ?x a pg:Company ;\n     skos:prefLabel ?n }",
        ["undefined prefix 'skos'"],
        4,
        6,
    ),
    ("SELECT * WHERE { ?s ?p ?o", ["missing '}'", "'{' at line 1, column 16"], 1, 16),
    ("SELECT * WHERE {\n  { ?s ?p ?o }\n  ?s ?p ?o }\n}", ["unexpected '}'", "no '{'"], 4, 1),
    ("SELEC * WHERE { ?s ?p ?o }", ["unknown keyword 'SELEC'", "SELECT?"], 1, 1),
    ("SELECT * WHERE { ?s ?p ?o }\nORDER BY ?s LIMT 5", ["'LIMT'", "LIMIT?"], 2, 13),
    ("SELECT * WHERE { ?s ?p ?o OPTINAL { ?s ?q ?r } }", ["'OPTINAL'", "OPTIONAL?"], 1, 27),
    ('SELECT * WHERE { ?s ?p "Kakao }', ["unterminated string"], 1, 24),
    ("SELECT * WHERE {\n ?s ?p '''long\n text }", ["unterminated string"], 2, 8),
    ("SELECT * WHERE { ?s <http://example.org/a b> ?o }", ["bad IRI", "spaces"], 1, 21),
    ("SELECT * FROM <graph one> WHERE { ?s ?p ?o }", ["bad IRI <graph one>"], 1, 15),
    ("SELECT * WHERE { ?s <http://[x> ?o }", ["invalid IRI <http://[x>"], 1, 21),
    ("SELECT * WHERE {\n  ?s ?p }", ["incomplete triple pattern", "object is missing"], 2, 3),
    ("SELECT * WHERE { ?s ?p ?o FILTER(?o > ) }", ["'>'", "nothing on its right"], 1, 37),
    ('SELECT * WHERE { ?s ?p "x"@-- }', ["bad language tag"], 1, 27),
    (r"SELECT * WHERE { ?s ?p '\ud800' }", ["escape \\ud800", "not a character"], 1, 25),
    (r"SELECT * WHERE { ?s ?p ?o } \u0020", ["escape \\u0020", "outside a string"], 1, 29),
]

UPDATE_MISTAKES = [
    ("INSERT DATA { GRAPH <urn:g> { pg:a <urn:b> 1 } }", ["undefined prefix 'pg'"], 1, 31),
    ("DELET DATA { <urn:a> <urn:b> 1 }", ["unknown keyword 'DELET'", "DELETE?"], 1, 1),
    ("INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> 1 }", ["missing '}'"], 1, 13),
    ('INSERT DATA {\n  GRAPH <urn:g> { <urn:a> <urn:b> "open } }', ["unterminated string"], 2, 35),
    ("CREATE GRAPH <my graph>", ["bad IRI <my graph>"], 1, 14),
    ("INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> } }", ["incomplete triple pattern"], 1, 31),
]

RANGES = re.compile(r"\\u\{|'\.\.='|\[_\]|\.\.=")


def _message(call) -> str:
    with pytest.raises(InputError) as raised:
        call()
    return str(raised.value)


def _check(message: str, words: list[str], line: int, column: int) -> None:
    assert "\n" not in message
    assert not RANGES.search(message), message
    for word in words:
        assert word in message, message
    assert f"line {line}, column {column}" in message, message


@pytest.mark.parametrize(("text", "words", "line", "column"), QUERY_MISTAKES)
def test_query_mistakes_are_named_with_their_position(empty_store, text, words, line, column):
    _check(_message(lambda: run_query(empty_store, text)), words, line, column)


@pytest.mark.parametrize(("text", "words", "line", "column"), UPDATE_MISTAKES)
def test_update_mistakes_are_named_with_their_position(text, words, line, column):
    _check(_message(lambda: parse_update(text)), words, line, column)


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * WHERE { ?s ?p ?o } GROUP BY",
        "SELECT (COUNT(?x) ?n) { ?x ?p ?o }",
        "SELECT * WHERE { ?s ?p ?o } LIMIT 99999999999999999999999999",
        "ASK { ?s ?p ?o . ?s }",
    ],
)
def test_other_errors_keep_the_position_and_drop_character_ranges(empty_store, text):
    message = _message(lambda: run_query(empty_store, text))
    assert "syntax error" in message and re.search(r"line 1, column \d+", message), message
    assert not RANGES.search(message), message


def test_a_query_sent_as_an_update_and_the_reverse_are_named():
    assert "is a query (SELECT), not an update" in _message(
        lambda: parse_update("PREFIX x: <urn:x> SELECT * { ?s ?p ?o }")
    )
    assert "is an update (INSERT), not a query" in syntax_error(
        "INSERT DATA { <urn:a> <urn:b> 1 }", "error at 1:8: expected CONSTRUCT", "query"
    )


def test_a_mistake_after_the_parsers_position_is_not_blamed():
    # the parser stopped at the pattern without its object (column 22), before the prefix
    message = syntax_error("SELECT * { ?s ?p } . ?s ex:p ?o", "error at 1:18: expected", "query")
    assert "incomplete triple pattern" in message and "ex" not in message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (r"\u004cOAD", "LOAD"),
        (r"\U0000004cOAD", "LOAD"),
        (r"'\u00e9'", "'é'"),
        (r"\\u0041", r"\A"),  # one backslash is read, the other starts the escape
        (r"\u12", r"\u12"),
        ("no escape", "no escape"),
    ],
)
def test_unescape(text, expected):
    assert unescape(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "SERVICE",
        "service",
        r"\u0053ERVICE",
        r"S\u0045RVICE",
        r"\U00000073ervice",
        "ſervice",  # U+017F folds to s
        "servıce",  # U+0131 folds to i
    ],
)
def test_mentions_never_misses_a_spelling(text):
    assert mentions(f"SELECT * {{ {text} <x> {{}} }}", "service")


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * WHERE " + "{" * (MAX_DEPTH + 1) + "}" * (MAX_DEPTH + 1),
        "SELECT * WHERE { FILTER(" + "(" * MAX_DEPTH + "1" + ")" * MAX_DEPTH + ") }",
        "SELECT * WHERE " + r"\u007b" * (MAX_DEPTH + 1) + r"\u007d" * (MAX_DEPTH + 1),
        "SELECT * WHERE { " + "{}UNION" * 10_001 + "{} }",
        "ASK { FILTER(" + "!" * 20_001 + "true) }",
    ],
)
def test_check_shape_refuses_what_an_engine_cannot_recurse_through(text):
    with pytest.raises(InputError, match=r"nested more than|more than 20000"):
        check_shape(text)


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * WHERE " + "{" * MAX_DEPTH + "}" * MAX_DEPTH,
        'SELECT * WHERE { ?s ?p "' + "{" * 1000 + '" }',  # brackets in a string do not count
        "SELECT * WHERE { ?s ?p ?o } # " + "(" * 1000,  # nor in a comment
        "SELECT * WHERE { VALUES ?x { " + " ".join(["(1)"] * 50_000) + " } }",
    ],
)
def test_check_shape_accepts_what_it_should(text):
    check_shape(text)
