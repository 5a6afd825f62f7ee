"""SPARQL text before any parser sees it: escapes, a lexer, safety limits and plain syntax errors.

Three jobs need the text rather than a parse tree, because they must work when no parser can
(or may) run:

- **escapes**: SPARQL processes ``\\uXXXX`` and ``\\UXXXXXXXX`` everywhere in a query before it
  parses it (SPARQL 1.1 Query, section 19.2), so ``\\u004cOAD`` *is* ``LOAD``. :func:`unescape`
  does the same, and :func:`mentions` looks for a word in the text both ways (a cheap
  over-approximation: when it says no, no parser can find the word);
- **limits**: Oxigraph's parser and evaluator recurse once per nested group, parenthesis,
  operator of a chain (``a && b && ...``, ``{...} UNION {...} UNION ...``) and path step; a query
  nested a few thousand levels deep overflows the native stack and kills the process
  (SIGSEGV). :func:`check_shape` refuses such text with a plain message before a parser runs;
- **errors**: parsers report the furthest place they reached and what they expected there
  (Oxigraph lists Unicode character ranges). :func:`syntax_error` finds the usual mistakes on
  the text itself (an undefined prefix, a string or a brace left open, a misspelt keyword, a bad
  IRI) and names one of them with its line and column, in one readable line.

Examples
--------
>>> unescape(r"\\u004cOAD <http://x.org/d.ttl>")
'LOAD <http://x.org/d.ttl>'
>>> mentions(r"\\u0053ERVICE <http://x.org/q> {}", "service")
True
>>> print(syntax_error("SELECT * WHERE { ?s pg:p ?o }", None, "query"))  # doctest: +ELLIPSIS
SPARQL syntax error in the query: undefined prefix 'pg' at line 1, column 21: declare it ...
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from ..errors import InputError
from ..iris import PREFIXES

__all__ = [
    "MAX_DEPTH",
    "MAX_STEPS",
    "Token",
    "unescape",
    "mentions",
    "tokens",
    "check_shape",
    "position",
    "syntax_error",
    "parser_position",
]

#: Deepest nesting of ``{ ( [`` accepted. Oxigraph's native stack overflows near 830 nested
#: ``FILTER EXISTS {`` on an 8 MiB stack; real queries stay far below 30.
MAX_DEPTH = 128
#: Most "steps" (groups, operators, UNION/MINUS/OPTIONAL/... keywords, path steps) accepted:
#: each may add a level to a left-deep chain that the engine walks recursively. Queries are
#: evaluated on a 256 MiB stack (:mod:`graph.query.sandbox`), where 20,000 of the costliest kind use
#: under a third of it.
MAX_STEPS = 20_000

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def _char(match: re.Match[str]) -> str:
    code = int(match.group(1) or match.group(2), 16)
    return chr(code) if code <= 0x10FFFF else match.group(0)


def unescape(text: str) -> str:
    """``text`` with SPARQL's codepoint escapes replaced by the characters they stand for.

    >>> unescape(r"SELECT ('\\U0001F600' AS ?x) {}")
    "SELECT ('😀' AS ?x) {}"
    """
    return _ESCAPE.sub(_char, text) if "\\" in text else text


def mentions(text: str, word: str) -> bool:
    """Whether ``word`` occurs anywhere in ``text`` or in its unescaped form, in any case.

    Case folding follows Python's Unicode rules, which also match the non-ASCII letters some
    parsers fold to ASCII (``ſ`` to ``s``, ``ı`` to ``i``, ``K`` to ``k``).

    >>> mentions("SELECT * { ?s ?p 'a ſervice' }", "service"), mentions("ASK {}", "load")
    (True, False)
    """
    pattern = re.compile(re.escape(word), re.IGNORECASE)
    return bool(pattern.search(text) or pattern.search(unescape(text)))


# --- lexer ---------------------------------------------------------------------------------

_LOCAL_CHAR = r"(?:[\w\-:.]|%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%])"
_IRI_TOKEN = r"""
  | (?P<iri><(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>)"""
_TOKEN_SOURCE = (
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\r\n]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
              |"(?!"")(?:[^"\\\r\n]|\\.)*"|'(?!'')(?:[^'\\\r\n]|\\.)*')"""
    + _IRI_TOKEN
    + r"""
  | (?P<var>[?$][\w\u00B7]+)
  | (?P<langtag>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<bnode>_:"""
    + _LOCAL_CHAR
    + r"""+)
  | (?P<pname>(?:[^\W\d_][\w\-.]*)?:(?:"""
    + _LOCAL_CHAR
    + r"""*(?<!\.))?)
  | (?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
  | (?P<word>[^\W\d]\w*)
  | (?P<op>&&|\|\||!=|<=|>=|\^\^|[!<>=+\-*/|^?])
  | (?P<punct>[{}()\[\].,;])
  | (?P<open_string>\"\"\"|'''|["'])
  | (?P<other>.)
    """
)
_TOKEN = re.compile(_TOKEN_SOURCE, re.VERBOSE | re.DOTALL)
#: The same lexer where ``<`` is never the start of an IRI (always an operator): the other
#: reading of a ``<`` (:func:`tokens`).
_TOKEN_NO_IRI = re.compile(_TOKEN_SOURCE.replace(_IRI_TOKEN, ""), re.VERBOSE | re.DOTALL)

_OPEN = {"{": "}", "(": ")", "[": "]"}
_CLOSE = {v: k for k, v in _OPEN.items()}
# keywords that add a level to a chain the engine evaluates recursively
_STEP_WORDS = frozenset(
    "union minus optional filter bind values graph service exists select in lateral".split()
)


@dataclass(frozen=True)
class Token:
    """One lexical token: its kind (a group name of the lexer), text and offset."""

    kind: str
    text: str
    start: int


def tokens(text: str, *, iris: bool = True) -> Iterator[Token]:
    """The tokens of SPARQL text, without spaces and comments.

    The lexer is an approximation of SPARQL's grammar (a ``<`` that starts a comparison can
    look like the start of an IRI; ``iris=False`` reads every ``<`` as an operator); it is used
    for limits and error messages, and to find what a request *may* contain, so that a
    parser decides; never to decide alone that a request is allowed.

    >>> [t.text for t in tokens("ASK { ?s pg:p 'x'@en } # done")]
    ['ASK', '{', '?s', 'pg:p', "'x'", '@en', '}']
    >>> [t.text for t in tokens("ASK { FILTER(?a<1&&?b>2) }", iris=False)][5:8]
    ['<', '1', '&&']
    """
    for match in (_TOKEN if iris else _TOKEN_NO_IRI).finditer(text):
        kind = match.lastgroup or "other"
        if kind not in ("ws", "comment"):
            yield Token(kind, match.group(), match.start())


def lex(text: str, *, iris: bool = True) -> Iterator[tuple[str, str]]:
    """:func:`tokens` as (kind, text) pairs, for the checks made on every request.

    >>> list(lex("ASK { <urn:a> ?p 1 }"))[2:4]
    [('iri', '<urn:a>'), ('var', '?p')]
    """
    for match in (_TOKEN if iris else _TOKEN_NO_IRI).finditer(text):
        kind = match.lastgroup or "other"
        if kind not in ("ws", "comment"):
            yield kind, match.group()


def position(text: str, offset: int) -> tuple[int, int]:
    """(line, column) of ``offset`` in ``text``, both counted from 1.

    >>> position("a\\nbc", 3)
    (2, 2)
    """
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _where(text: str, offset: int) -> str:
    line, column = position(text, offset)
    return f"line {line}, column {column}"


def check_shape(text: str, what: str = "query") -> None:
    """Refuse text nested deeper than :data:`MAX_DEPTH` or with more than :data:`MAX_STEPS`
    steps, before any parser sees it (see the module docstring).

    Raises
    ------
    InputError
        Naming the limit and, for nesting, where it was passed.

    Examples
    --------
    >>> check_shape("SELECT * WHERE { ?s ?p ?o }")
    >>> check_shape("SELECT * WHERE " + "{" * 200 + "}" * 200)
    Traceback (most recent call last):
    ...
    graph.errors.InputError: the query is nested more than 128 levels deep (at line 1, ...
    """
    _check_shape(text, what)
    unescaped = unescape(text)
    if unescaped is not text:  # rdflib reads escapes everywhere, Oxigraph in strings and IRIs
        for match in _ESCAPE.finditer(text):
            code = int(match.group(1) or match.group(2), 16)
            if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
                raise InputError(
                    f"SPARQL syntax error in the {what}: escape {match.group()} at "
                    f"{_where(text, match.start())} is not a character (a lone surrogate or "
                    "beyond U+10FFFF)"
                )
        _check_shape(unescaped, what)


def _check_shape(source: str, what: str) -> None:
    depth = steps = 0
    for match in _TOKEN.finditer(source):
        kind = match.lastgroup
        if kind == "punct":
            char = match.group()
            if char in _OPEN:
                depth += 1
                steps += char == "{"
                if depth > MAX_DEPTH:
                    raise InputError(
                        f"the {what} is nested more than {MAX_DEPTH} levels deep (at "
                        f"{_where(source, match.start())}): flatten its groups, parentheses "
                        "or sub-queries",
                        limit="max_depth",
                        value=MAX_DEPTH,
                    )
            elif char in _CLOSE:
                depth = max(depth - 1, 0)
        elif kind == "op" or (kind == "word" and match.group().lower() in _STEP_WORDS):
            steps += 1
        else:
            continue
        if steps > MAX_STEPS:
            raise InputError(
                f"the {what} has more than {MAX_STEPS} groups, operators and UNION/OPTIONAL/"
                "MINUS/FILTER steps; split it into smaller requests",
                limit="max_steps",
                value=MAX_STEPS,
            )


# --- syntax errors ---------------------------------------------------------------------------

_KEYWORDS = frozenset(
    """
    a base prefix select construct describe ask where from named graph optional union minus
    filter bind values service silent limit offset order by group having distinct reduced as
    asc desc exists not in undef true false insert delete data with using load clear drop
    create add move copy to into default all lateral version separator
    str lang langmatches datatype bound iri uri bnode rand abs ceil floor round concat strlen
    ucase lcase encode_for_uri contains strstarts strends strbefore strafter year month day
    hours minutes seconds timezone tz now uuid struuid md5 sha1 sha256 sha384 sha512 coalesce
    if strlang strdt sameterm isiri isuri isblank isliteral isnumeric regex substr replace
    count sum min max avg sample group_concat triple subject predicate object istriple
    langdir hasLang hasLangdir strlangdir isTRIPLE
    """.lower().split()
)
_SUGGEST = sorted(
    "SELECT CONSTRUCT DESCRIBE ASK WHERE PREFIX BASE FROM NAMED GRAPH OPTIONAL UNION MINUS FILTER "
    "BIND VALUES SERVICE LIMIT OFFSET ORDER GROUP HAVING DISTINCT INSERT DELETE DATA WITH USING "
    "LOAD CLEAR DROP CREATE EXISTS".split()
)
_PARSER_AT = re.compile(r"error at (\d+):(\d+): (.*)", re.DOTALL)
_PYPARSING_AT = re.compile(r"\(at char (\d+)\)")
_CHAR_CLASS = re.compile(r"\[[^\[\]]*\]|\bPrefix not found,?\s*")


def parser_position(text: str, message: str) -> int | None:
    """The offset a parser's message points at (Oxigraph's ``error at L:C`` or pyparsing's
    ``(at char N)``), if it gives one."""
    match = _PARSER_AT.match(message)
    if match:
        line, column = int(match.group(1)), int(match.group(2))
        start = 0
        for _ in range(line - 1):
            start = text.find("\n", start) + 1
            if start == 0:
                return len(text)
        return min(start + column - 1, len(text))
    match = _PYPARSING_AT.search(message)
    return min(int(match.group(1)), len(text)) if match else None


def _declared(source: str, given: Mapping[str, str] | None) -> set[str]:
    names = set(given or ())
    toks = list(tokens(source))
    for first, second in zip(toks, toks[1:], strict=False):
        if first.kind == "word" and first.text.lower() == "prefix" and second.kind == "pname":
            names.add(second.text.split(":", 1)[0])
    return names


_TERMS = frozenset({"var", "iri", "pname", "string", "number", "bnode"})
_BINARY = frozenset({">", "<", "=", "!=", "<=", ">=", "&&", "||", "/"})


class _Triples:
    """Counts the terms of the triple pattern being read, to find one left without its object.

    Only plain patterns are judged (terms, ``;``, ``,``, language tags and datatypes): anything
    else (keywords, paths, brackets) makes the current pattern unknown until the next ``.``,
    ``{`` or ``}``; ``VALUES`` blocks are never judged."""

    def __init__(self) -> None:
        self.blocks: list[bool] = []  # per open brace: is it a VALUES block
        self.values = False
        self.reset()

    def reset(self) -> None:
        self.terms, self.needed, self.known, self.start, self.typed = 0, 3, True, 0, False

    def feed(self, tok: Token) -> int | None:
        """The offset of the pattern ``tok`` ends if that pattern lacks its object."""
        text = tok.text
        if tok.kind == "punct" and text in "{}.":
            short = self.known and 0 < self.terms < self.needed and text != "{"
            short = short and bool(self.blocks) and not self.blocks[-1]
            start = self.start
            if text == "{":
                self.blocks.append(self.values)
                self.values = False
            elif text == "}" and self.blocks:
                self.blocks.pop()
            self.reset()
            return start if short else None
        if text in (";", ","):
            self.terms, self.needed = 0, 2 if text == ";" else 1
        elif tok.kind == "langtag":
            pass
        elif text == "^^":
            self.typed = True
        elif tok.kind in _TERMS or (tok.kind == "word" and text in ("a", "true", "false")):
            if self.typed:
                self.typed = False
            else:
                self.start = tok.start if self.terms == 0 else self.start
                self.terms += 1
        else:
            self.values = self.values or text.lower() == "values"
            self.known = False
        return None


def _problems(source: str, declared: set[str]) -> Iterator[tuple[int, str]]:
    """(offset, message) of each mistake the lexer can see, in text order."""
    stack: list[tuple[str, int]] = []
    previous: Token | None = None
    triples = _Triples()
    for tok in tokens(source):
        where = _where(source, tok.start)
        short = triples.feed(tok)
        if short is not None:
            yield (
                short,
                (
                    f"incomplete triple pattern at {_where(source, short)}: its object is missing "
                    f"(before {where})"
                ),
            )
        if (
            previous is not None
            and previous.kind == "op"
            and previous.text in _BINARY
            and tok.text in (")", ",", "}", "]")
        ):
            yield (
                previous.start,
                (f"'{previous.text}' at {_where(source, previous.start)} has nothing on its right"),
            )
        if tok.kind == "open_string":
            yield tok.start, f"unterminated string at {where}: the {tok.text} is never closed"
            return
        if tok.kind == "other" and tok.text == "@":
            yield tok.start, f"bad language tag at {where}: write it like @en, @ko or @en-GB"
        escaped = _ESCAPE.match(source, tok.start) if tok.kind == "other" else None
        if escaped:
            escape = escaped.group()
            yield (
                tok.start,
                (
                    f"escape {escape} at {where} is outside a string or an IRI: write the "
                    f"character itself ({unescape(escape)!r})"
                ),
            )
        if tok.kind == "pname":
            prefix = tok.text.split(":", 1)[0]
            defining = previous is not None and previous.text.lower() == "prefix"
            if prefix not in declared and not defining:
                known = PREFIXES.get(prefix)
                hint = f"PREFIX {prefix}: <{known}>" if known else f"PREFIX {prefix}: <...>"
                yield tok.start, f"undefined prefix '{prefix}' at {where}: declare it first: {hint}"
        elif tok.kind == "word" and tok.text.lower() not in _KEYWORDS:
            near = difflib.get_close_matches(tok.text.upper(), _SUGGEST, n=1, cutoff=0.75)
            hint = f" (did you mean {near[0]}?)" if near else ""
            yield tok.start, f"unknown keyword '{tok.text}' at {where}{hint}"
        elif tok.kind == "op" and tok.text == "<":
            bad = re.match(r"<[A-Za-z][^\s<>]*(?:[ \t]+[^\s<>]+)*>?", source[tok.start :])
            if bad and (not bad.group().endswith(">") or " " in bad.group()):
                yield (
                    tok.start,
                    (
                        f"bad IRI {bad.group()[:60]} at {where}: an IRI is written <...> and "
                        'cannot contain spaces or any of <>"{}|^`\\'
                    ),
                )
        elif tok.kind == "punct" and tok.text in _OPEN:
            stack.append((tok.text, tok.start))
        elif tok.kind == "punct" and tok.text in _CLOSE:
            if not stack or stack[-1][0] != _CLOSE[tok.text]:
                opener = _CLOSE[tok.text]
                yield tok.start, f"unexpected '{tok.text}' at {where}: no '{opener}' is open"
                return
            stack.pop()
        previous = tok
    if stack:
        char, start = stack[-1]
        yield (
            len(source),
            (
                f"missing '{_OPEN[char]}' at the end: the '{char}' at {_where(source, start)} is "
                "never closed"
            ),
        )


_QUERY_FORMS = frozenset({"select", "ask", "construct", "describe"})
_UPDATE_FORMS = frozenset(
    {"insert", "delete", "load", "clear", "drop", "create", "add", "move", "copy", "with"}
)


def _wrong_kind(source: str, what: str) -> str | None:
    """A message when a query is sent as an update, or an update as a query."""
    for tok in tokens(source):
        word = tok.text.lower()
        if tok.kind in ("pname", "iri") or word in ("prefix", "base"):
            continue
        if what == "update" and word in _QUERY_FORMS:
            return (
                f"this is a query ({tok.text.upper()}), not an update: send it as query=... "
                "(GET or POST), not as update=..."
            )
        if what == "query" and word in _UPDATE_FORMS:
            return (
                f"this is an update ({tok.text.upper()}), not a query: send it with POST as "
                "update=... (or as application/sparql-update) with the write token"
            )
        return None
    return None


def syntax_error(
    text: str, parser_message: str | None, what: str, prefixes: Mapping[str, str] | None = None
) -> str:
    """One readable line for a syntax error in ``text`` (a ``what``: "query" or "update").

    The first mistake the lexer sees at or before the parser's position wins; if it sees
    none, the parser's own message is kept, without its lists of character ranges, with the
    line, the column and the text found there.

    Examples
    --------
    >>> def show(text, message):
    ...     print(syntax_error(text, message, "query"))
    >>> show("SELEC * WHERE { ?s ?p ?o }", "error at 1:10: expected ...")  # doctest: +ELLIPSIS
    SPARQL syntax error in the query: unknown keyword 'SELEC' at line 1, column 1 (did you mean ...
    >>> show("SELECT * WHERE { ?s ?p ?o", "error at 1:26: expected '}'")  # doctest: +ELLIPSIS
    SPARQL syntax error in the query: missing '}' at the end: the '{' at line 1, column 16 is ...
    >>> show("ASK { FILTER(?x = 1 ?y) }", "error at 1:21: expected one of ')', [_]")
    SPARQL syntax error in the query near '?y) }' (line 1, column 21): expected one of ')'
    >>> show("ASK { ?s ?p }", "error at 1:14: expected one of LATERAL")  # doctest: +ELLIPSIS
    SPARQL syntax error in the query: incomplete triple pattern at line 1, column 7: its ...
    """
    source = text  # positions are those of the text as the client wrote it
    if not source.strip():
        return f"the {what} is empty"
    wrong = _wrong_kind(source, what)
    if wrong:
        return wrong
    limit = parser_position(source, parser_message or "")
    for offset, message in _problems(source, _declared(source, prefixes)):
        if limit is None or offset <= limit or offset >= len(source):
            return f"SPARQL syntax error in the {what}: {message}"
    if parser_message is None:
        return f"SPARQL syntax error in the {what}"
    match = _PARSER_AT.match(parser_message)
    detail = match.group(3) if match else parser_message
    detail = _PYPARSING_AT.sub("", _CHAR_CLASS.sub("", detail))
    detail = re.sub(r"\s*,\s*(?=,|$)", "", " ".join(detail.split())).strip(" ,")
    if re.search(r" (should|must) ", detail):  # a sentence, not a list of tokens
        detail = re.sub(r"^expected (one of )?", "", detail)
    detail = detail if detail != "expected" else "the text cannot be read from there"
    if limit is None:
        return f"SPARQL syntax error in the {what}: {detail}"
    if "IRI parsing failed" in detail:
        iris = [t for t in tokens(source) if t.kind == "iri" and t.start < limit]
        if iris:
            bad = iris[-1]
            return (
                f"SPARQL syntax error in the {what}: invalid IRI {bad.text[:80]} at "
                f"{_where(source, bad.start)}: it is not a valid IRI (RFC 3987)"
            )
    found = source[limit : limit + 20].split("\n")[0].strip()
    near = f"near '{found}'" if found else "at the end of the text"
    return f"SPARQL syntax error in the {what} {near} (line {_where(source, limit)[5:]}): {detail}"
