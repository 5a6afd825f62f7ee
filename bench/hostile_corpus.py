"""The hostile corpus of bench/hostile.py: requests a public policygraph server must survive.

Each :class:`Case` is one request and the class of attack it belongs to (the classes of
issue 14). Add cases by appending to a generator below or writing a new one and listing it
in :data:`GENERATORS`; every generator receives the :class:`Targets` of the run (the canary URL
and files that must never be contacted or read, the write token) and yields cases.

What a case expects: ``refuse`` (any 4xx; a 2xx is reported as accepted), ``answer`` (any
status below 500: the request may be fine). No case may answer 5xx, contact the canary, read
a canary file, or change the store when refused; bench/hostile.py checks all of that.
"""

from __future__ import annotations

import json
import random
import string
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from urllib.parse import quote

__all__ = ["Case", "Targets", "GENERATORS", "corpus"]

PG = "https://policygraph.example/ont#"
ID = "https://policygraph.example/id/"
REGISTRY = "https://policygraph.example/graph/registry"
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"

UPDATE = "application/sparql-update"
TURTLE = "text/turtle"
TRIG = "application/trig"
JSONLD = "application/ld+json"
RDFXML = "application/rdf+xml"
YAML = "application/yaml"


@dataclass(frozen=True)
class Targets:
    """What the run puts in place: a listener and files that nothing may touch."""

    canary_url: str  #: http://127.0.0.1:PORT (a listener counting connections)
    canary_file: str  #: a local file with a marker triple
    canary_fifo: str  #: a named pipe: opening it for reading is seen
    token: str
    article: bytes = b""  #: a valid article in TriG (tests/data/ingest-valid), to tamper with


@dataclass(frozen=True)
class Case:
    kind: str  #: the class of attack (issue 14 item)
    name: str
    method: str
    path: str
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)
    token: bool = False  #: send the write token
    expect: str = "refuse"  #: "refuse" (4xx) or "answer" (< 500)

    @property
    def writes(self) -> bool:
        return self.token or self.path.startswith("/api/validate")


def _b(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def _update(kind: str, name: str, text: str, expect: str = "refuse") -> Case:
    return Case(
        kind, name, "POST", "/sparql", _b(text), {"Content-Type": UPDATE}, True, expect=expect
    )


def _query(kind: str, name: str, text: str, extra: str = "", expect: str = "refuse") -> Case:
    return Case(kind, name, "GET", f"/sparql?query={quote(text, safe='')}{extra}", expect=expect)


def _article(kind: str, name: str, body: bytes, media: str, expect: str = "refuse") -> Case:
    return Case(kind, name, "POST", "/api/articles", body, {"Content-Type": media}, True, expect)


def _validate(kind: str, name: str, body: bytes, media: str, expect: str = "refuse") -> Case:
    return Case(kind, name, "POST", "/api/validate", body, {"Content-Type": media}, expect=expect)


def _gsp(
    kind: str,
    name: str,
    body: bytes,
    media: str,
    expect: str = "refuse",
    graph: str = "urn:hostile",
) -> Case:
    path = f"/rdf-graph-store?graph={quote(graph, safe='')}"
    return Case(kind, name, "POST", path, body, {"Content-Type": media}, True, expect)


# --- 1: LOAD, SERVICE, FROM and dereferencing, however spelt ------------------------------


def outbound(t: Targets) -> Iterator[Case]:
    k = "1 outbound"
    url, file, fifo = t.canary_url, t.canary_file, t.canary_fifo
    for spelling in (
        "LOAD",
        "load",
        "LoAd",
        "\\u004cOAD",
        "\\u004COAD",
        "\\U0000004cOAD",
        "L\\u004fAD",
    ):
        yield _update(k, f"{spelling} http", f"{spelling} <{url}/x.ttl> INTO GRAPH <urn:g>")
        yield _update(k, f"{spelling} file", f"{spelling} <file://{file}> INTO GRAPH <urn:g>")
    yield _update(k, "LOAD fifo", f"LOAD <file://{fifo}>")
    yield _update(k, "LOAD SILENT", f"LOAD SILENT <{url}/silent.ttl>")
    yield _update(k, "LOAD comment", f"LOAD # hidden\n <{url}/c.ttl> INTO GRAPH <urn:g>")
    yield _update(k, "LOAD escaped IRI", f"LOAD <\\u0068ttp://127.0.0.1:{url.rsplit(':', 1)[1]}/e>")
    yield _update(k, "LOAD prefixed", f"PREFIX c: <{url}/> LOAD c:x.ttl")
    yield _update(k, "LOAD second op", f"CLEAR SILENT GRAPH <urn:z> ; LOAD <{url}/2.ttl>")
    for spelling in ("SERVICE", "service", "\\u0053ERVICE", "SERV\\u0049CE"):
        yield _query(
            k, f"{spelling} query", f"SELECT * {{ {spelling} <{url}/sparql> {{ ?s ?p ?o }} }}"
        )
        yield _update(
            k,
            f"{spelling} in update WHERE",
            "INSERT { GRAPH <urn:g> { ?s ?p ?o } } "
            f"WHERE {{ {spelling} <{url}/q> {{ ?s ?p ?o }} }}",
        )
    yield _query(
        k, "SERVICE variable", f"SELECT * {{ BIND(<{url}/v> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}"
    )
    yield _query(k, "SERVICE SILENT", f"SELECT * {{ SERVICE SILENT <{url}/s> {{ ?s ?p ?o }} }}")
    yield _query(
        k, "FROM http", f"SELECT * FROM <{url}/from.ttl> WHERE {{ ?s ?p ?o }}", expect="answer"
    )
    yield _query(k, "FROM file", f"SELECT * FROM <file://{file}> {{ ?s ?p ?o }}", expect="answer")
    yield _query(
        k,
        "FROM NAMED fifo",
        f"SELECT * FROM NAMED <file://{fifo}> {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        expect="answer",
    )
    q = "SELECT * WHERE { ?s ?p ?o } LIMIT 1"
    for param in ("default-graph-uri", "named-graph-uri"):
        for target in (f"{url}/dg", f"file://{file}", f"file://{fifo}"):
            yield _query(
                k,
                f"{param}={target.rsplit('/', 1)[-1]}",
                q,
                f"&{param}={quote(target, safe='')}",
                "answer",
            )
    ctx = {"@context": f"{url}/context.jsonld", "@id": "urn:x", "urn:p": "v"}
    yield _gsp(k, "JSON-LD remote @context (GSP)", _b(json.dumps(ctx)), JSONLD)
    article = {
        "@context": [f"{url}/ctx.jsonld"],
        "@graph": [{"@id": ID + "article/0000000000000001", "@type": PG + "Article"}],
    }
    yield _article(k, "JSON-LD remote @context (article)", _b(json.dumps(article)), JSONLD)
    yield _validate(k, "JSON-LD remote @context (validate)", _b(json.dumps(article)), JSONLD)
    yield _gsp(
        k,
        "JSON-LD @import",
        _b(json.dumps({"@context": {"@import": f"{url}/i.jsonld"}, "@id": "urn:x"})),
        JSONLD,
    )
    for target in (f"file://{file}", f"file://{fifo}", f"{url}/entity"):
        xml = (
            f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e SYSTEM "{target}">]>'
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:p="urn:p#">'
            '<rdf:Description rdf:about="urn:x"><p:v>&e;</p:v></rdf:Description></rdf:RDF>'
        )
        yield _gsp(k, f"RDF/XML external entity {target.rsplit('/', 1)[-1]}", _b(xml), RDFXML)
    xml_dtd = f'<?xml version="1.0"?><!DOCTYPE r SYSTEM "{url}/dtd"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>'
    yield _gsp(k, "RDF/XML external DTD", _b(xml_dtd), RDFXML, expect="answer")
    imports = f"<urn:onto> <{OWL}imports> <{url}/onto.ttl> ."
    yield Case(
        k,
        "owl:imports (GSP)",
        "POST",
        "/rdf-graph-store?graph=urn%3Aonto",
        _b(imports),
        {"Content-Type": TURTLE},
        True,
        expect="answer",
    )


# --- 2: walking around the SHACL gate ------------------------------------------------------


def schema_axioms(t: Targets) -> Iterator[Case]:
    k = "2 shacl bypass"
    same = f"<{ID}org/nonghyup> <{OWL}sameAs> <{ID}org/seoul-metropolitan-government>"
    yield _update(
        k,
        "sameAs merge",
        f"INSERT DATA {{ GRAPH <urn:x> {{ <urn:x-node> <{OWL}sameAs> <{ID}org/nonghyup> , "
        f"<{ID}org/seoul-metropolitan-government> }} }}",
    )
    yield _update(k, "sameAs direct", f"INSERT DATA {{ GRAPH <urn:x> {{ {same} }} }}")
    for axiom in (
        f"<{PG}Company> <{RDFS}subClassOf> <{PG}Person>",
        f"<{PG}Company> <{OWL}equivalentClass> <{PG}Person>",
        f"<{PG}party> <{RDFS}range> <{PG}Person>",
        f"<{PG}party> <{RDFS}domain> <{PG}Budget>",
        f"<{PG}Organisation> <{RDFS}subClassOf> <{PG}Article>",
        f"<{PG}party> <{RDFS}subPropertyOf> <{PG}proposer>",
        f"<{PG}party> <{OWL}inverseOf> <{PG}funder>",
        f"<{PG}Government> <{OWL}disjointWith> <{PG}Organisation>",
    ):
        short = " ".join(part.rsplit("#", 1)[-1] for part in axiom.strip("<>").split("> <"))
        yield _update(k, f"axiom {short}", f"INSERT DATA {{ GRAPH <urn:x> {{ {axiom} }} }}")
        yield _gsp(k, f"axiom {short} (GSP)", _b(axiom + " ."), TURTLE)
    if t.article:
        opening = b"articlegraph:a1b2c3d4e5f60718 {"
        axiom = f" <{PG}Company> <{RDFS}subClassOf> <{PG}Person> .".encode()
        yield _article(k, "axiom in an article", t.article.replace(opening, opening + axiom), TRIG)
        # owl:sameAs is data the shapes see through (docs/endpoint.md): joining the only two
        # parties of an agreement must be refused; two of the hub's four would still be valid
        same = f" <{ID}org/nonghyup> <{OWL}sameAs> <{ID}org/seoul-metropolitan-government> ."
        yield _article(
            k, "sameAs in an article", t.article.replace(opening, opening + same.encode()), TRIG
        )
    yield _update(k, "delete a class", f"DELETE WHERE {{ GRAPH ?g {{ ?s a <{PG}Company> }} }}")
    yield _update(
        k,
        "second prefLabel",
        f"INSERT DATA {{ GRAPH <{REGISTRY}> {{ "
        f'<{ID}org/kakao> <{SKOS}prefLabel> "Kakao Two"@en }} }}',
    )


# --- 3: expansion, huge and deep input ----------------------------------------------------


def _laughs(levels: int, width: int = 10) -> str:
    ents = ['<!ENTITY l0 "ha">'] + [
        f'<!ENTITY l{i} "{"".join(f"&l{i - 1};" for _ in range(width))}">' for i in range(1, levels)
    ]
    return (
        f'<?xml version="1.0"?><!DOCTYPE r [{"".join(ents)}]>'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:p="urn:p#">'
        f'<rdf:Description rdf:about="urn:x"><p:v>&l{levels - 1};</p:v></rdf:Description></rdf:RDF>'
    )


def _nested_jsonld(depth: int) -> str:
    """Written as text: json.dumps itself stops at Python's recursion limit."""
    return '{"@id": "urn:x", "urn:p": ' + '{"urn:p": ' * depth + '"leaf"' + "}" * depth + "}"


def _nested_yaml(depth: int) -> str:
    return "article:\n  title: " + "[" * depth + "x" + "]" * depth + "\n"


def size_and_depth(t: Targets) -> Iterator[Case]:
    k = "3 expansion/limits"
    yield _gsp(k, "billion laughs 9x10", _b(_laughs(9)), RDFXML)
    yield _gsp(
        k,
        "quadratic blowup",
        _b(
            '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "'
            + "x" * 60000
            + '">]><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
            + 'xmlns:p="urn:p#"><rdf:Description rdf:about="urn:x"><p:v>'
            + "&a;" * 2000
            + "</p:v></rdf:Description></rdf:RDF>"
        ),
        RDFXML,
    )
    yield _validate(k, "laughs to validate (no token)", _b(_laughs(8)), RDFXML)
    big = '<urn:x> <urn:p> "' + "x" * (3 << 20) + '" .'
    yield _validate(k, "3 MB literal (no token)", _b(big), TURTLE)
    yield _gsp(k, "3 MB literal (GSP)", _b(big), TURTLE, "answer")
    many = "".join(f"<urn:s{i}> <urn:p> {i} .\n" for i in range(200_000))
    yield _gsp(k, "200k triples (GSP)", _b(many), TURTLE, "answer")
    for depth in (1000, 5000):
        # valid data: a limit may refuse it (4xx) or the store take it, never a 5xx
        yield _gsp(k, f"JSON-LD nested {depth}", _b(_nested_jsonld(depth)), JSONLD, "answer")
        yield _validate(k, f"JSON-LD nested {depth} (validate)", _b(_nested_jsonld(depth)), JSONLD)
    yield _validate(k, "YAML nested 3000", _b(_nested_yaml(3000)), YAML)
    yield _validate(
        k,
        "YAML anchors bomb",
        _b(
            "a: &a [x,x,x,x,x,x,x,x,x]\n"
            + "".join(
                f"{b}: &{b} [{','.join(['*' + a] * 9)}]\n"
                for a, b in zip("abcde", "bcdef", strict=True)
            )
        ),
        YAML,
    )
    blank = "<urn:x> <urn:p> " + "[ <urn:p> " * 5000 + "1" + " ]" * 5000 + " ."
    yield _gsp(k, "Turtle blank nodes nested 5000", _b(blank), TURTLE, expect="answer")
    coll = "<urn:x> <urn:p> " + "( " * 5000 + "1" + " )" * 5000 + " ."
    yield _gsp(k, "Turtle collections nested 5000", _b(coll), TURTLE, expect="answer")
    yield _validate(k, "TriG nested 5000", _b("<urn:g> { " + blank + " }"), TRIG)
    yield _query(
        k, "SPARQL groups nested 20000", "SELECT * " + "{" * 20000 + "?s ?p ?o" + "}" * 20000
    )
    yield _query(
        k,
        "SPARQL parens nested 20000",
        "SELECT * { ?s ?p ?o FILTER(" + "(" * 20000 + "1" + ")" * 20000 + ") }",
    )
    yield _update(
        k,
        "SPARQL update groups nested 20000",
        "DELETE WHERE " + "{" * 20000 + "?s ?p ?o" + "}" * 20000,
    )
    yield _query(
        k,
        "SPARQL 200k-term VALUES",
        "SELECT * { VALUES ?x { " + " ".join(str(i) for i in range(40000)) + " } }",
        expect="answer",
    )
    yield _query(
        k,
        "regex catastrophic",
        'SELECT * { BIND(REGEX("' + "a" * 30 + 'b", "^(a+)+$") AS ?m) }',
        expect="answer",
    )


# --- 4: encodings ---------------------------------------------------------------------------


def encodings(t: Targets) -> Iterator[Case]:
    k = "4 encodings"
    yield _validate(k, "JSON-LD lone surrogate", b'{"@id": "urn:x", "urn:p": "\\ud800"}', JSONLD)
    yield _gsp(k, "JSON-LD lone surrogate (GSP)", b'{"@id": "urn:x", "urn:p": "a\\udfffb"}', JSONLD)
    yield _validate(k, "YAML lone surrogate", b'article:\n  title: {en: "\\ud800"}\n', YAML)
    yield _validate(k, "not UTF-8 Turtle", b'<urn:x> <urn:p> "\xff\xfe" .', TURTLE)
    yield _gsp(k, "UTF-16 Turtle", "<urn:x> <urn:p> 1 .".encode("utf-16"), TURTLE)
    yield _validate(k, "NUL bytes", b"<urn:x>\x00<urn:p> 1 .", TURTLE)
    yield _query(k, "query with NUL", 'SELECT * { ?s ?p "a\x00b" }', expect="answer")
    yield Case(
        k,
        "query body not UTF-8",
        "POST",
        "/sparql",
        b"SELECT * { ?s ?p \xff }",
        {"Content-Type": "application/sparql-query"},
    )
    yield _validate(
        k,
        "TriG triple term",
        _b("<urn:g> { <urn:a> <urn:b> <<( <urn:s> <urn:p> <urn:o> )>> . }"),
        TRIG,
    )
    yield _validate(
        k, "TriG reified triple", _b("<urn:g> { << <urn:s> <urn:p> <urn:o> >> <urn:b> 1 . }"), TRIG
    )
    yield _validate(k, "language tag --rtl", _b('<urn:g> { <urn:a> <urn:b> "x"@en--rtl . }'), TRIG)
    yield _validate(
        k, "language tag 200 chars", _b('<urn:g> { <urn:a> <urn:b> "x"@' + "a" * 200 + " . }"), TRIG
    )
    yield _validate(
        k,
        "decimal 1e999999",
        _b('<urn:g> { <urn:a> <urn:b> "1e999999"^^<http://www.w3.org/2001/XMLSchema#decimal> . }'),
        TRIG,
    )
    yield _validate(
        k, "integer 10^5000", _b("<urn:g> { <urn:a> <urn:b> " + "9" * 5000 + " . }"), TRIG
    )


# --- 5: YAML tags and fact-sheet values -----------------------------------------------------


def yaml_tags(t: Targets) -> Iterator[Case]:
    k = "5 yaml"
    for tag in (
        '!!python/name:os.system ""',
        "!custom x",
        '!!python/object/apply:os.system ["true"]',
        "!!binary aGk=",
        "!!set {a, b}",
        "!!timestamp 2025-13-45",
    ):
        yield _validate(k, f"YAML tag {tag[:24]}", _b(f"article:\n  title: {tag}\n"), YAML)
    sheet = (
        "article:\n  title: {en: Hostile}\n  issued: 2025-06-13\n  language: en\n"
        "stakeholders:\n  - {name: {ko: 데모시, en: Demo City}, type: government, level: city}\n"
        "sites:\n  - name: {ko: 데모 부지, en: Demo site}\n    area: %s\n"
    )
    for area in (
        "10^30평",
        '"1e30 평"',
        "1" + "0" * 30 + "평",
        "NaN ㎡",
        "inf m2",
        "-0 m2",
        "1e-400 m2",
        "9" * 400 + " m2",
    ):
        yield _validate(k, f"fact-sheet area {area[:16]}", _b(sheet % area), YAML)
    yield _validate(k, "fact-sheet list not mapping", b"- 1\n- 2\n", YAML)
    yield _validate(
        k,
        "fact-sheet 2000 stakeholders",
        _b(
            "article:\n  title: {en: x}\nstakeholders:\n"
            + "  - {name: {en: X}, type: company}\n" * 2000
        ),
        YAML,
    )


# --- 6: bad ids and parameters on every read route ----------------------------------------

BAD_VALUES = [
    "x{y",
    "x|y",
    "x\\y",
    "x^y",
    "x`y",
    "%ff%fe",
    "a b",
    "a\x00b",
    "a\x07b",
    "\u202e",
    "\ufeff",
    "%",
    "%zz",
    "../../etc/passwd",
    "file:///etc/passwd",
    "x" * 5000,
    "",
    " ",
    "-1",
    "99999999999999999999999",
    "NaN",
    "2025-02-30",
    "20250613",
    "true",
    "<script>",
]


def bad_parameters(t: Targets) -> Iterator[Case]:
    k = "6 bad parameters"
    for value in BAD_VALUES:
        enc = quote(value, safe="", errors="surrogatepass")
        short = ascii(value[:12])
        for path in (
            "/api/articles/{v}",
            "/api/stakeholders/{v}",
            "/api/stakeholders/{v}/partners",
            "/api/stakeholders/{v}/ego",
            "/api/sites?within={v}",
            "/api/path?from={v}&to=org/lh",
            "/api/search?q={v}",
            "/api/search?q=kakao&type={v}",
            "/api/stakeholders?type={v}",
            "/api/metrics?as_of={v}",
            "/api/metrics?sort={v}",
            "/api/metrics?weighted={v}",
            "/api/network?as_of={v}",
            "/api/agreements?limit={v}",
            "/api/budgets?offset={v}",
            "/api/stakeholders/org/kakao/ego?depth={v}",
            "/export/network.gexf?as_of={v}",
            "/export/network.json?people={v}",
            "/export/network.{v}",
            "/export/rdf.{v}",
            "/export/{v}",
            "/rdf-graph-store?graph={v}",
            "/sparql?query=ASK%7B%7D&default-graph-uri={v}",
            "/sparql?query=ASK%7B%7D&named-graph-uri={v}",
            "/sparql?query=ASK%7B%7D&timeout={v}",
            "/sparql?query=ASK%7B%7D&format={v}",
        ):
            yield Case(k, f"{path} {short}", "GET", path.replace("{v}", enc), expect="answer")
    yield Case(k, "raw bytes in a path", "GET", "/api/articles/%ff%fe%00", expect="answer")


# --- 7: methods, headers, odd names ---------------------------------------------------------


def methods(t: Targets) -> Iterator[Case]:
    k = "7 methods"
    rng = random.Random(14)
    names = ["BREW", "PROPFIND", "TRACE", "CONNECT", "M-SEARCH", "X" * 200]
    names += [
        "".join(rng.choice(string.ascii_uppercase) for _ in range(rng.randint(3, 10)))
        for _ in range(30)
    ]
    for i, method in enumerate(names):
        path = [
            "/sparql",
            "/api/articles",
            "/health",
            "/",
            "/export/network.gexf",
            "/rdf-graph-store",
        ][i % 6]
        yield Case(k, f"{method[:12]} {path}", method, path, expect="answer")
    yield Case(
        k,
        "Accept garbage",
        "GET",
        "/sparql?query=ASK%7B%7D",
        headers={"Accept": "x/y;q=abc, */*;q=-1"},
        expect="answer",
    )
    yield Case(
        k,
        "Accept-Language garbage",
        "GET",
        "/api/search?q=kakao",
        headers={"Accept-Language": "\x01;q=9"},
        expect="answer",
    )
    yield Case(
        k,
        "huge Content-Length",
        "POST",
        "/api/validate",
        b"x",
        {"Content-Type": TURTLE, "Content-Length": "99999999999"},
    )
    yield Case(
        k,
        "charset latin1 update",
        "POST",
        "/sparql",
        b"INSERT DATA {}",
        {"Content-Type": UPDATE + "; charset=latin1"},
        True,
    )


def odd_names(t: Targets) -> Iterator[Case]:
    k = "8 odd names"
    for label, expect in (
        ("Ka\u202ekao", "refuse"),
        ("Ka\u200bkao", "refuse"),
        ("Kakao\x07", "refuse"),
        ("Ka\x00kao", "refuse"),
        ("\u0301\u0301", "refuse"),
        ("\u3164", "refuse"),
        ("\u110f\u1161\u110f\u1161\u110b\u1169", "refuse"),
        ("Ka\U000e0041kao", "refuse"),
    ):
        escaped = label.encode("unicode_escape").decode().replace('"', '\\"')
        text = (
            f"INSERT DATA {{ GRAPH <{REGISTRY}> {{ "
            f'<{ID}org/kakao> <{SKOS}altLabel> "{escaped}"@en }} }}'
        )
        yield _update(k, f"update {ascii(label)}", text, expect)
        yield _gsp(
            k,
            f"GSP {ascii(label)}",
            _b(f'<{ID}org/kakao> <{SKOS}altLabel> "{escaped}"@en .'),
            TURTLE,
        )
    # a look-alike is a warning, written: the run deletes it again (a second update)
    yield _update(
        k,
        "update Cyrillic K (warning)",
        "INSERT DATA { GRAPH <urn:lookalike> { "
        f'<{ID}org/kakao> <{SKOS}altLabel> "\\u041Aakao"@en }} }}',
        "answer",
    )
    yield _update(k, "remove the look-alike", "DROP SILENT GRAPH <urn:lookalike>", "answer")


#: In the order they run: reads first, and the writes that could change what later cases see
#: (schema axioms, if one got through) last.
GENERATORS: list[Callable[[Targets], Iterator[Case]]] = [
    bad_parameters,
    methods,
    odd_names,
    encodings,
    yaml_tags,
    outbound,
    size_and_depth,
    schema_axioms,
]


def corpus(targets: Targets) -> list[Case]:
    """Every case of every generator."""
    return [case for generate in GENERATORS for case in generate(targets)]
