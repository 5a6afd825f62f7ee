"""A corpus of hostile write bodies, in every format a write accepts, written as a new user's
attacks and accidents: remote references, entity expansion, huge and deep documents, odd
Unicode and bytes, RDF 1.2 syntax, YAML tags, extreme quantities, statements about the
ontology's own terms.

Every case is refused (4xx), never fetches anything, and leaves the store as it was. Sizes are
made to cross the small :data:`LIMITS` the tests configure, so that the corpus stays small;
a few cases are also as large as the attacks that were reported.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from graph.limits import Limits

__all__ = [
    "LIMITS",
    "SETTINGS",
    "URL",
    "FILE_URL",
    "Case",
    "article_cases",
    "graph_cases",
    "update_cases",
    "ARTICLE_MEDIA_TYPES",
    "GRAPH_MEDIA_TYPES",
]

#: The limits the hostile tests run with (small, so that crossing them takes little data).
LIMITS = Limits(max_term_length=2000, max_quads=400, max_depth=16, check_timeout=30)
SETTINGS = {
    "max_term_length": LIMITS.max_term_length,
    "max_document_quads": LIMITS.max_quads,
    "max_nesting_depth": LIMITS.max_depth,
}

DATA = Path(__file__).resolve().parent / "data"
ARTICLE = (DATA / "ingest-valid" / "kakao-mou.trig").read_text(encoding="utf-8")
ARTICLE_JSONLD = json.loads((DATA / "ingest-valid" / "kakao-mou.jsonld").read_text("utf-8"))
SHEET = (DATA / "factsheets" / "000.yaml").read_text(encoding="utf-8")
#: A small valid fact sheet that hostile sections are added to.
MINI_SHEET = (
    "article: {id: hostile-sheet, title: {ko: 시험 기사, en: A test article}, "
    "issued: 2025-06-13, language: ko}\n"
)

ARTICLE_MEDIA_TYPES = {
    "trig": "application/trig",
    "turtle": "text/turtle",
    "nquads": "application/n-quads",
    "jsonld": "application/ld+json",
    "yaml": "application/yaml",
}
GRAPH_MEDIA_TYPES = {
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "rdfxml": "application/rdf+xml",
    "jsonld": "application/ld+json",
}
EXTENSIONS = {
    "trig": ".trig",
    "turtle": ".ttl",
    "nquads": ".nq",
    "jsonld": ".jsonld",
    "yaml": ".yaml",
    "sheetjson": ".factsheet.json",
}

#: Where a tripwire listener and file stand in the bodies; :meth:`Case.body_for` puts the real
#: ones in (the listener's port is known only when it runs).
URL = "http://127.0.0.1:1/tripwire"
FILE_URL = "file:///tripwire/secret.ttl"

PG = "https://policygraph.example/ont#"
RDFNS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFXML = f'<rdf:RDF xmlns:rdf="{RDFNS}" xmlns:ex="urn:ex:">'


@dataclass(frozen=True)
class Case:
    """One hostile body: its format, the statuses it may get, words the answer must hold."""

    name: str
    fmt: str
    body: bytes
    statuses: tuple[int, ...] = (400,)
    words: tuple[str, ...] = field(default=())
    #: valid RDF, refused only where an article document is expected
    rdf: bool = False

    @property
    def id(self) -> str:
        return f"{self.fmt}-{self.name}"

    def body_for(self, url: str, file_url: str) -> bytes:
        """The body with the real tripwire listener and file in it."""
        return self.body.replace(URL.encode(), url.encode()).replace(
            FILE_URL.encode(), file_url.encode()
        )


def _case(
    name: str, fmt: str, body: str | bytes, statuses=(400,), words=(), rdf: bool = False
) -> Case:
    data = body.encode("utf-8") if isinstance(body, str) else body
    return Case(name, fmt, data, tuple(statuses), tuple(words), rdf)


def _in_article(fragment: str) -> str:
    """The valid test article with ``fragment`` (Turtle) added to its fact graph."""
    return ARTICLE.rstrip().rstrip("}") + "\n" + fragment + "\n}\n"


def _jsonld(**extra: object) -> str:
    return json.dumps({**ARTICLE_JSONLD, **extra}, ensure_ascii=False)


def _nested_json(depth: int) -> str:
    return '{"@id": "urn:a", "urn:p": ' + '{"urn:p": ' * depth + "1" + "}" * depth + "}"


def _billion_laughs() -> str:
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    ]
    return (
        f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [{"".join(entities)}]>\n{_RDFXML}'
        '<rdf:Description rdf:about="urn:a"><ex:p>&lol9;</ex:p></rdf:Description></rdf:RDF>'
    )


def _ontology_terms() -> list[tuple[str, str]]:
    """(name, Turtle statement) that say what a term of the ontology means."""
    rdfs, owl, sh = (
        "http://www.w3.org/2000/01/rdf-schema#",
        "http://www.w3.org/2002/07/owl#",
        "http://www.w3.org/ns/shacl#",
    )
    return [
        ("company-is-a-person", f"<{PG}Company> <{rdfs}subClassOf> <{PG}Person> ."),
        ("new-subclass-of-company", f"<urn:x:Firm> <{rdfs}subClassOf> <{PG}Company> ."),
        ("party-transitive", f"<{PG}party> a <{owl}TransitiveProperty> ."),
        ("equivalent-agreement", f"<urn:x:Deal> <{owl}equivalentClass> <{PG}Agreement> ."),
        ("class-same-as", f"<{PG}Company> <{owl}sameAs> <{PG}Person> ."),
        ("shape-target", f"<urn:x:shape> <{sh}targetClass> <{PG}Company> ."),
        (
            "external-superclass",
            f"<https://schema.org/Corporation> <{rdfs}subClassOf> <{PG}Person> .",
        ),
        (
            "vocabulary-label",
            "<https://policygraph.example/vocab/project-status/planned> "
            '<http://www.w3.org/2004/02/skos/core#prefLabel> "cancelled"@en .',
        ),
        ("shape-off", f"<https://policygraph.example/shapes#Agreement> <{sh}deactivated> true ."),
        ("subproperty-of-party", f"<urn:x:p> <{rdfs}subPropertyOf> <{PG}party> ."),
        ("within-domain", f"<{PG}within> <{rdfs}domain> <urn:x:Thing> ."),
        ("inverse-of-party", f"<urn:x:partyOf> <{owl}inverseOf> <{PG}party> ."),
    ]


def _remote(url: str, file_url: str) -> list[Case]:
    """References a parser might dereference: never followed."""
    cases = []
    for where, ref in (("http", url + "/context.jsonld"), ("file", file_url)):
        cases += [
            _case(
                f"remote-context-{where}",
                "jsonld",
                _jsonld(**{"@context": ref}),
                words=("remote JSON-LD context",),
            ),
            _case(
                f"remote-context-in-list-{where}",
                "jsonld",
                _jsonld(**{"@context": ["https://policygraph.example/context.jsonld", ref]}),
            ),
            _case(
                f"import-{where}",
                "jsonld",
                _jsonld(**{"@context": {"@version": 1.1, "@import": ref}}),
            ),
            _case(
                f"scoped-context-{where}",
                "jsonld",
                json.dumps(
                    {
                        "@context": {"@version": 1.1, "p": {"@id": "urn:p", "@context": ref}},
                        "@id": "urn:a",
                        "p": {"@id": "urn:b"},
                    }
                ),
            ),
            _case(
                f"type-scoped-context-{where}",
                "jsonld",
                json.dumps(
                    {
                        "@context": {"@version": 1.1, "T": {"@id": "urn:T", "@context": ref}},
                        "@id": "urn:a",
                        "@type": "T",
                    }
                ),
            ),
            _case(
                f"embedded-context-{where}",
                "jsonld",
                json.dumps({"@graph": [{"@context": ref, "@id": "urn:a", "urn:p": 1}]}),
            ),
            _case(
                f"external-entity-{where}",
                "rdfxml",
                f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [<!ENTITY x SYSTEM "{ref}">]>\n'
                f'{_RDFXML}<rdf:Description rdf:about="urn:a"><ex:p>&x;</ex:p>'
                "</rdf:Description></rdf:RDF>",
                words=("document type declaration",),
            ),
            _case(
                f"external-dtd-{where}",
                "rdfxml",
                f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF SYSTEM "{ref}">\n{_RDFXML}'
                '<rdf:Description rdf:about="urn:a"><ex:p>1</ex:p></rdf:Description></rdf:RDF>',
                words=("document type declaration",),
            ),
            _case(
                f"parameter-entity-{where}",
                "rdfxml",
                f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [<!ENTITY % p SYSTEM "{ref}"> %p;]>'
                f'\n{_RDFXML}<rdf:Description rdf:about="urn:a"><ex:p>1</ex:p>'
                "</rdf:Description></rdf:RDF>",
                words=("document type declaration",),
            ),
            _case(
                f"xml-literal-entity-{where}",
                "turtle",
                f'<urn:a> <urn:p> "<!DOCTYPE a [<!ENTITY x SYSTEM \\"{ref}\\">]><a>&x;</a>"'
                f"^^<{RDFNS}XMLLiteral> .",
                words=("XML literal",),
            ),
        ]
    return cases


def _expansion() -> list[Case]:
    big = "x" * 1000
    quadratic = (
        f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [<!ENTITY a "{big}">]>\n{_RDFXML}'
        f'<rdf:Description rdf:about="urn:a"><ex:p>{"&a;" * 5000}</ex:p>'
        "</rdf:Description></rdf:RDF>"
    )
    return [
        _case("billion-laughs", "rdfxml", _billion_laughs(), words=("document type",)),
        _case("quadratic-blowup", "rdfxml", quadratic, words=("document type",)),
        _case(
            "doctype-lowercase",
            "rdfxml",
            f'<!doctype rdf:RDF [<!ENTITY a "b">]>{_RDFXML}</rdf:RDF>',
            words=("document type",),
        ),
        _case(
            "xml-literal-laughs",
            "turtle",
            '<urn:a> <urn:p> "<!DOCTYPE a [<!ENTITY b \\"bbbbbbbbbb\\"><!ENTITY c \\"&b;&b;&b;'
            f'&b;&b;\\">]><a>&c;&c;&c;</a>"^^<{RDFNS}XMLLiteral> .',
            words=("XML literal",),
        ),
    ]


def _sizes() -> list[Case]:
    long = "가" * (LIMITS.max_term_length + 1)
    long_iri = "urn:x:" + "a" * LIMITS.max_term_length
    many = "\n".join(f'<urn:s{i}> <urn:p> "{i}" .' for i in range(LIMITS.max_quads + 1))
    size = ("max_term_length",)
    cases = [
        _case("long-literal", "trig", _in_article(f'<urn:x:a> <urn:x:p> "{long}" .'), (413,), size),
        _case("long-literal", "turtle", f'<urn:a> <urn:p> "{long}" .', (413,), size),
        _case("long-literal", "nquads", f'<urn:a> <urn:p> "{long}" <urn:g> .\n', (413,), size),
        _case("long-literal", "ntriples", f'<urn:a> <urn:p> "{long}" .\n', (413,), size),
        _case("long-literal", "jsonld", json.dumps({"@id": "urn:a", "urn:p": long}), (413,), size),
        _case(
            "long-literal",
            "rdfxml",
            f'{_RDFXML}<rdf:Description rdf:about="urn:a"><ex:p>{long}</ex:p>'
            "</rdf:Description></rdf:RDF>",
            (413,),
            size,
        ),
        _case(
            "long-note",
            "yaml",
            MINI_SHEET
            + f"events:\n  - name: {{ko: 행사, en: Event}}\n    note: {{ko: {long}, en: x}}\n",
            (413,),
            size,
        ),
        _case("long-iri", "turtle", f"<{long_iri}> <urn:p> 1 .", (413,), size),
        _case("long-iri", "nquads", f"<urn:a> <urn:p> <{long_iri}> <urn:g> .\n", (413,), size),
        _case("long-blank-node-label", "turtle", f"_:{'b' * 2500} <urn:p> 1 .", (413,), size),
        _case("many-quads", "turtle", many, (413,), ("max_document_quads",)),
        _case("many-quads", "ntriples", many, (413,), ("max_document_quads",)),
        _case(
            "many-quads",
            "trig",
            _in_article(many.replace("<urn:s", "<urn:x:s").replace("<urn:p>", "<urn:x:p>")),
            (413,),
            ("max_document_quads",),
        ),
        _case(
            "deep-blank-nodes",
            "turtle",
            "<urn:a> <urn:p> " + "[ <urn:p> " * 5000 + "1" + " ]" * 5000 + " .",
            (413,),
            ("max_document_quads",),
        ),
        _case(
            "deep-collection",
            "trig",
            "<urn:g> { <urn:a> <urn:p> " + "( " * 3000 + "1" + " )" * 3000 + " . }",
            (413,),
            ("max_document_quads",),
        ),
    ]
    for depth in (LIMITS.max_depth + 1, 900, 5000, 100_000):
        cases.append(
            _case(
                f"json-depth-{depth}", "jsonld", _nested_json(depth), (413,), ("max_nesting_depth",)
            )
        )
        cases.append(
            _case(
                f"list-depth-{depth}",
                "jsonld",
                '{"@id": "urn:a", "urn:p": {"@list": ' + "[" * depth + "1" + "]" * depth + "}}",
                (413,),
                ("max_nesting_depth",),
            )
        )
    for depth in (LIMITS.max_depth + 1, 3000, 100_000):
        cases.append(
            _case(
                f"flow-depth-{depth}",
                "yaml",
                "article: " + "[" * depth + "]" * depth,
                (413,),
                ("max_nesting_depth",),
            )
        )
    block = "".join(f"{' ' * i}k{i}:\n" for i in range(200)) + " " * 200 + "v: 1\n"
    cases.append(_case("block-depth-200", "yaml", block, (413,), ("max_nesting_depth",)))
    nested = "<ex:p><rdf:Description>" * 40 + "<ex:q>1</ex:q>" + "</rdf:Description></ex:p>" * 40
    cases += [
        _case(
            "xml-depth",
            "rdfxml",
            f'{_RDFXML}<rdf:Description rdf:about="urn:a">{nested}</rdf:Description></rdf:RDF>',
            (413,),
            ("max_nesting_depth",),
        ),
        _case(
            "xml-deep-100000",
            "rdfxml",
            f'{_RDFXML}<rdf:Description rdf:about="urn:a">'
            + "<ex:p><rdf:Description>" * 100_000
            + "</rdf:Description></ex:p>" * 100_000
            + "</rdf:Description></rdf:RDF>",
            (413,),
            ("max_nesting_depth",),
        ),
        _case(
            "xml-many-attributes",
            "rdfxml",
            f'{_RDFXML}<rdf:Description rdf:about="urn:a" '
            + " ".join(f'ex:a{i}="v"' for i in range(5000))
            + "/></rdf:RDF>",
            words=("attributes",),
        ),
        _case(
            "xml-many-namespaces",
            "rdfxml",
            f'<rdf:RDF xmlns:rdf="{RDFNS}" '
            + " ".join(f'xmlns:n{i}="urn:n{i}:"' for i in range(5000))
            + '><rdf:Description rdf:about="urn:a"><n1:p>1</n1:p></rdf:Description></rdf:RDF>',
            words=("attributes",),
        ),
        _case(
            "json-many-contexts",
            "jsonld",
            json.dumps(
                {
                    "@graph": [
                        {"@context": {"y": f"urn:y{i}"}, "@id": f"urn:a{i}", "y": 1}
                        for i in range(300)
                    ]
                }
            ),
            words=("contexts",),
        ),
        _case(
            "json-huge-context",
            "jsonld",
            json.dumps(
                {"@context": {f"t{i}": f"urn:t{i}" for i in range(3000)}, "@id": "urn:a", "t1": 1}
            ),
            words=("terms",),
        ),
    ]
    return cases


def _syntax() -> list[Case]:
    surrogate_value = '{"@id": "urn:a", "urn:p": "\\ud800"}'
    cases = [
        _case("lone-surrogate", "jsonld", surrogate_value, words=("surrogate",)),
        _case(
            "lone-low-surrogate",
            "jsonld",
            '{"@id": "urn:a", "urn:p": "x\\udfffy"}',
            words=("surrogate",),
        ),
        _case(
            "surrogate-key", "jsonld", '{"@id": "urn:a", "urn:\\ud800": 1}', words=("surrogate",)
        ),
        _case(
            "reversed-pair",
            "jsonld",
            '{"@id": "urn:a", "urn:p": "\\udc00\\ud800"}',
            words=("surrogate",),
        ),
        _case(
            "surrogate-in-context",
            "jsonld",
            '{"@context": {"\\ud800": "urn:x"}, "@id": "urn:a"}',
            words=("surrogate",),
        ),
        _case(
            "huge-integer",
            "jsonld",
            '{"@id": "urn:a", "urn:p": ' + "9" * 5000 + "}",
            words=("digits",),
        ),
        _case(
            "overflowing-float", "jsonld", '{"@id": "urn:a", "urn:p": 1e400}', words=("too large",)
        ),
        _case("nan", "jsonld", '{"@id": "urn:a", "urn:p": NaN}', words=("NaN",)),
        _case("infinity", "jsonld", '{"@id": "urn:a", "urn:p": -Infinity}', words=("Infinity",)),
        _case(
            "direction",
            "jsonld",
            json.dumps(
                {
                    "@context": {"@version": 1.1},
                    "@id": "urn:a",
                    "urn:p": {"@value": "x", "@language": "ar", "@direction": "rtl"},
                }
            ),
            words=("direction",),
        ),
        _case("trailing-garbage", "jsonld", '{"@id": "urn:a"} }', words=("line",)),
        _case("not-json", "jsonld", "<urn:a> <urn:p> 1 .", words=("not JSON",)),
        _case(
            "triple-term",
            "trig",
            _in_article("<urn:x:a> <urn:x:p> <<( <urn:x:s> <urn:x:p> <urn:x:o> )>> ."),
            words=("RDF 1.2",),
        ),
        _case(
            "reifier",
            "trig",
            _in_article("<< <urn:x:s> <urn:x:p> <urn:x:o> >> <urn:x:p> 1 ."),
            words=("RDF 1.2",),
        ),
        _case(
            "annotation", "turtle", "<urn:a> <urn:p> <urn:o> {| <urn:q> 1 |} .", words=("RDF 1.2",)
        ),
        _case("reifier-tilde", "turtle", "<urn:a> <urn:p> <urn:o> ~ <urn:r> .", words=("RDF 1.2",)),
        _case(
            "rtl-language",
            "trig",
            _in_article('<urn:x:a> <urn:x:p> "شركة"@ar--rtl .'),
            words=("direction",),
        ),
        _case("ltr-language", "turtle", '<urn:a> <urn:p> "x"@en--ltr .', words=("direction",)),
        _case(
            "triple-term",
            "nquads",
            "<urn:a> <urn:p> <<( <urn:s> <urn:p> <urn:o> )>> <urn:g> .\n",
            words=("RDF 1.2",),
        ),
        _case(
            "triple-term",
            "ntriples",
            "<urn:a> <urn:p> <<( <urn:s> <urn:p> <urn:o> )>> .\n",
            words=("RDF 1.2",),
        ),
        _case("escaped-surrogate", "turtle", '<urn:a> <urn:p> "\\uD800" .', words=("D800",)),
        _case("unterminated", "trig", ARTICLE[: len(ARTICLE) // 2], words=("line",)),
        _case(
            "unclosed-xml",
            "rdfxml",
            f'{_RDFXML}<rdf:Description rdf:about="urn:a">',
            words=("rdfxml",),
        ),
        _case(
            "xml-bad-char-ref",
            "rdfxml",
            f'{_RDFXML}<rdf:Description rdf:about="urn:a"><ex:p>&#xD800;</ex:p>'
            "</rdf:Description></rdf:RDF>",
            words=("rdfxml",),
        ),
        _case("empty", "turtle", "", rdf=True),
        _case("only-whitespace", "nquads", " \n\t\n", rdf=True),
        _case("binary", "trig", bytes(range(256)) * 4, words=("UTF-8",)),
        _case(
            "gzip",
            "turtle",
            b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + b"\x00" * 50,
            words=("UTF-8",),
        ),
        _case("png", "rdfxml", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, words=("UTF-8",)),
        _case("nul-byte", "turtle", b'<urn:a> <urn:p> "x\x00y" .', rdf=True),
        _case("nul-in-json", "jsonld", b'{"@id": "urn:a", "urn:p": "x\x00y"}', words=("line",)),
    ]
    for name, data in (
        ("latin-1", '<urn:a> <urn:p> "caf\xe9" .'.encode("latin-1")),
        ("euc-kr", '<urn:a> <urn:p> "카카오" .'.encode("euc-kr")),
        ("utf-16", "<urn:a> <urn:p> 1 .".encode("utf-16")),
        ("utf-16-be", b"\xfe\xff" + "<urn:a> <urn:p> 1 .".encode("utf-16-be")),
        ("utf-32", "<urn:a> <urn:p> 1 .".encode("utf-32")),
        ("overlong", b'<urn:a> <urn:p> "\xc0\xaf" .'),
        ("encoded-surrogate", b'<urn:a> <urn:p> "\xed\xa0\x80" .'),
        ("lone-continuation", b'<urn:a> <urn:p> "\x80" .'),
        ("truncated-sequence", b'<urn:a> <urn:p> "\xea\xb0" .'),
    ):
        cases.append(_case(name, "turtle", data, words=("UTF-8",)))
        cases.append(
            _case(
                name,
                "jsonld",
                data.replace(b"<urn:a> <urn:p> ", b'{"urn:p": ').replace(b" .", b"}"),
                words=("UTF-8",),
            )
        )
    cases.append(
        _case(
            "euc-kr",
            "yaml",
            SHEET.encode("utf-8").decode("utf-8").encode("euc-kr", errors="replace"),
            words=("UTF-8",),
        )
    )
    return cases


def _yaml() -> list[Case]:
    tags = [
        ("python-name", 'article: !!python/name:os.system ""'),
        ("python-apply", 'article: !!python/object/apply:os.system ["id"]'),
        ("python-new", "article: !!python/object/new:subprocess.Popen [[ls]]"),
        ("custom", "article: !custom x"),
        ("include", "article: !include /etc/passwd"),
        ("binary", "article: !!binary aGVsbG8="),
        ("str", "article: !!str x"),
        ("verbatim", "article: !<tag:yaml.org,2002:str> x"),
        ("non-specific", "article: ! 12"),
        ("on-mapping", "article: !!map {id: x}"),
        ("on-sequence", "stakeholders: !!seq [a]"),
        ("on-key", "!!str article: x"),
        ("set", "article: !!set {a, b}"),
        ("timestamp", "article: {issued: !!timestamp 2025-01-01}"),
    ]
    cases = [_case(f"tag-{name}", "yaml", text, words=("tags",)) for name, text in tags]
    laughs = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8)
    )
    cases += [
        _case("alias-bomb", "yaml", laughs, words=("aliases",)),
        _case("surrogate", "yaml", 'article: {title: {en: "\\ud800"}}', words=("surrogate",)),
        _case(
            "surrogate-32", "yaml", 'article: {title: {en: "x\\U0000DFFF"}}', words=("surrogate",)
        ),
        _case("surrogate-key", "yaml", '"\\udc00": 1', words=("surrogate",)),
        _case("control-character", "yaml", "article: {title: {en: \x07}}", words=("not allowed",)),
        _case(
            "huge-integer",
            "yaml",
            "article: {id: x}\nevents:\n  - " + "9" * 5000,
            words=("not a number",),
        ),
        _case("infinity", "yaml", "article: {id: .inf}", words=("not a number",)),
        _case("two-documents", "yaml", "article: {}\n---\narticle: {}\n"),
        _case("not-a-mapping", "yaml", "- article\n"),
        _case("bom-utf16", "yaml", "article: x".encode("utf-16"), words=("UTF-8",)),
    ]
    quantities = [
        ("area-10e30-pyeong", "area: 1" + "0" * 30 + "평", "area"),
        ("area-tiny", "area: 0.0000000000000000000000000001평", "area"),
        ("area-10e24-m2", "area: 1" + "0" * 24 + " m2", "area"),
        ("area-many-digits", "area: " + "9" * 5000 + " m2", "area"),
        ("area-many-decimals", "area: 1." + "1" * 5000 + " ha", "area"),
    ]
    for name, field_, words in quantities:
        sheet = MINI_SHEET + f"sites:\n  - name: {{ko: 부지, en: Some site}}\n    {field_}\n"
        cases.append(_case(name, "yaml", sheet, words=(words,)))
    for name, value in (
        ("amount-10e40", "KRW 1" + "0" * 40),
        ("amount-many-digits", "9" * 5000 + " won"),
        ("amount-negative-huge", "-" + "9" * 40 + " won"),
    ):
        sheet = MINI_SHEET + (
            f"projects:\n  - name: {{ko: 사업, en: A project}}\n    total_investment: {value}\n"
        )
        cases.append(_case(name, "yaml", sheet, words=("amount",)))
    for name, value in (("year-5000-digits", "9" * 5000), ("year-huge", "99999999999999999999")):
        sheet = MINI_SHEET + f"events:\n  - name: {{ko: 행사, en: An event}}\n    date: {value}\n"
        cases.append(_case(name, "yaml", sheet, words=("date",)))
    return cases


def _ontology(fmt: str) -> list[Case]:
    words = ("ontology",)
    out = []
    for name, statement in _ontology_terms():
        if fmt == "trig":
            out.append(_case(name, fmt, _in_article(statement), words=words))
        elif fmt in ("turtle", "ntriples"):
            out.append(_case(name, fmt, statement + "\n", words=words))
    return out


def article_cases() -> list[Case]:
    """Cases for the article endpoints and the CLI (TriG, Turtle, N-Quads, JSON-LD, YAML)."""
    every = _remote(URL, FILE_URL) + _expansion() + _sizes() + _syntax() + _yaml()
    every += _ontology("trig")
    return [c for c in every if c.fmt in ARTICLE_MEDIA_TYPES]


def graph_cases() -> list[Case]:
    """Cases for Graph Store PUT and POST (Turtle, N-Triples, RDF/XML, JSON-LD)."""
    every = _remote(URL, FILE_URL) + _expansion() + _sizes() + _syntax()
    every += _ontology("turtle")
    return [c for c in every if c.fmt in GRAPH_MEDIA_TYPES and not c.rdf]


def update_cases() -> list[tuple[str, str, tuple[int, ...], tuple[str, ...]]]:
    """(name, SPARQL Update, statuses, words) for the update endpoint; :data:`FILE_URL` stands
    for the tripwire file."""
    file_url = FILE_URL
    out = []
    for name, statement in _ontology_terms():
        out.append(
            (name, f"INSERT DATA {{ GRAPH <urn:x> {{ {statement} }} }}", (400,), ("ontology",))
        )
    long = "a" * (LIMITS.max_term_length + 1)
    out += [
        (
            "long-literal",
            f'INSERT DATA {{ <urn:a> <urn:p> "{long}" }}',
            (413,),
            ("max_term_length",),
        ),
        (
            "many-quads",
            "INSERT DATA { "
            + " ".join(f"<urn:s{i}> <urn:p> {i} ." for i in range(LIMITS.max_quads + 1))
            + " }",
            (413,),
            ("max_document_quads",),
        ),
        (
            "xml-literal-entity",
            'INSERT DATA { <urn:a> <urn:p> "<!DOCTYPE a [<!ENTITY x SYSTEM '
            f'\\"{file_url}\\">]><a>&x;</a>"^^<{RDFNS}XMLLiteral> }}',
            (400,),
            ("XML literal",),
        ),
        (
            "concat-doubling",
            'INSERT { <urn:a> <urn:p> ?v40 } WHERE { BIND("xxxxxxxx" AS ?v0) '
            + " ".join(f"BIND(CONCAT(?v{i}, ?v{i}) AS ?v{i + 1})" for i in range(40))
            + " }",
            (413,),
            ("max_term_length",),
        ),
        (
            "same-as-merges-parties",
            "INSERT DATA { GRAPH <urn:x> { <urn:x-node> <http://www.w3.org/2002/07/owl#sameAs> "
            "<https://policygraph.example/id/org/nonghyup> , "
            "<https://policygraph.example/id/org/seoul-metropolitan-government> } }",
            (422,),
            ("agreement-parties-distinct",),
        ),
    ]
    return out
