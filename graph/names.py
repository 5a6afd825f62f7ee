"""Name normalisation for search, in Korean and English.

Two forms of a name:

- :func:`normalise`: Unicode NFKC (full-width ``ＫＡＫＡＯ`` and ``㈜`` become ``KAKAO`` and
  ``(주)``), case folded, whitespace collapsed. Two names whose normal forms differ only in
  spaces and punctuation are the same name written differently (an ``exact`` match).
- :func:`core`: the normal form without company-form markers (㈜, (주), 주식회사, (유), 유한회사,
  (재)/재단법인, (사)/사단법인; Corp., Corporation, Co., Ltd., Inc., Incorporated, Limited, LLC,
  PLC, Company), punctuation and spaces. Two names with the same core are variants of one
  name ("주식회사 카카오", "카카오", "Kakao Corp." and "kakao corp" share ``카카오`` / ``kakao``).

:func:`match` ranks how a query matches a name: exact > variant > prefix > contains.
:class:`NameIndex` answers the same question for many names at once (a search index).

:class:`RegistryIndex` finds the registry entries a set of names name, by :func:`core`; fact
sheets (:mod:`graph.factsheet`) use it to link a stakeholder to the existing entry.

Examples
--------
>>> normalise("  ＫＡＫＡＯ   Corp. ")
'kakao corp.'
>>> core("㈜카카오"), core("주식회사 카카오"), core("Kakao Corp."), core("kakao corp")
('카카오', '카카오', 'kakao', 'kakao')
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Generic, TypeVar

import pyoxigraph as ox
from rdflib import RDF, RDFS, SKOS, Dataset, Graph, URIRef

from .iris import PGID, REGISTRY_GRAPH

if TYPE_CHECKING:
    from .store import Store

__all__ = [
    "MATCH_RANKS",
    "INSIDE_A_WORD",
    "normalise",
    "core",
    "match",
    "visible",
    "NameForms",
    "match_forms",
    "NameIndex",
    "RegistryIndex",
]

K = TypeVar("K", bound=Hashable)

#: Kinds of match from the best to the weakest.
MATCH_RANKS = ("exact", "variant", "prefix", "contains")

#: The rank :meth:`NameIndex.rows` gives a ``contains`` match found only inside words.
INSIDE_A_WORD = len(MATCH_RANKS)

# Korean markers are written anywhere, often with no space ("카카오㈜", "주식회사카카오");
# after NFKC, ㈜ is "(주)".
_KO_FORMS = re.compile(
    r"\((?:주|유|재|사|합|합자)\)|주식회사|유한책임회사|유한회사|재단법인|사단법인"
)
# English markers are whole words, with or without a dot, anywhere in the name.
_EN_FORMS = re.compile(
    r"\b(?:corporation|incorporated|company|limited|corp|co|ltd|inc|llc|plc)\b\.?",
)
_NOT_WORD = re.compile(r"[\W_]+")


def normalise(text: str) -> str:
    """NFKC, case-folded, whitespace collapsed and trimmed.

    >>> normalise("Gyeonggi\\u3000Province")
    'gyeonggi province'
    """
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


#: Characters that show as nothing (Hangul fillers are letters to Unicode, blanks to readers).
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0")


def visible(text: str) -> str:
    """``text`` with every character that does not show (controls, bidi and other format
    characters, line separators, Hangul fillers) written as ``[U+XXXX]``, for messages: a raw
    right-to-left override would reverse the text around it.

    >>> visible("Ka\u202ekao\x07")
    'Ka[U+202E]kao[U+0007]'
    >>> visible("㈜카카오 Kakao")
    '㈜카카오 Kakao'
    """
    return "".join(
        f"[U+{ord(ch):04X}]"
        if ch in _BLANK_LETTERS or unicodedata.category(ch) in {"Cc", "Cf", "Cs", "Co", "Zl", "Zp"}
        else ch
        for ch in text
    )


def core(text: str) -> str:
    """The normal form without company-form markers, punctuation and spaces.

    A name made of a marker only (``"Corp."``) keeps its letters, so it is never empty unless
    the name has no letters at all.

    >>> core("LH Corp."), core("Gyeonggi-do"), core("Korea Land and Housing Corporation")
    ('lh', 'gyeonggido', 'korealandandhousing')
    >>> core("Corp.")
    'corp'
    """
    return _core_of(normalise(text))


def _core_of(norm: str, word: str | None = None) -> str:
    """:func:`core` of a name already normalised (and its ``word`` form, when known)."""
    stripped = _NOT_WORD.sub("", _EN_FORMS.sub(" ", _KO_FORMS.sub(" ", norm)))
    return stripped or (word if word is not None else _NOT_WORD.sub("", norm))


def match(query: str, name: str) -> str | None:
    """How ``query`` matches ``name``: ``exact``, ``variant``, ``prefix``, ``contains`` or None.

    >>> [match(q, "Kakao") for q in ("KAKAO", "kakao corp", "kak", "aka", "naver")]
    ['exact', 'variant', 'prefix', 'contains', None]
    >>> match("kakao corp", "Kakao Corp."), match("gyeonggi do", "Gyeonggi-do")
    ('exact', 'exact')
    >>> match("카카오", "㈜카카오"), match("남양주", "남양주시")
    ('variant', 'prefix')
    """
    return match_forms(NameForms.of(query), NameForms.of(name))


@dataclass(frozen=True)
class NameForms:
    """A name with its normal forms computed once, so that a search index can compare a query
    with every name without normalising the names again (:func:`match_forms`).

    >>> NameForms.of("㈜카카오")
    NameForms(name='㈜카카오', norm='(주)카카오', word='주카카오', core='카카오')
    """

    name: str
    norm: str
    word: str
    core: str

    @classmethod
    def of(cls, name: str) -> NameForms:
        norm = normalise(name)
        word = _NOT_WORD.sub("", norm)
        return cls(name, norm, word, _core_of(norm, word))


def match_forms(query: NameForms, name: NameForms) -> str | None:
    """:func:`match` on names whose forms are already computed."""
    if not query.norm:
        return None
    if query.word == name.word:
        return "exact"
    if not query.core:
        return None
    if query.core == name.core:
        return "variant"
    if name.core.startswith(query.core) or name.norm.startswith(query.norm):
        return "prefix"
    if query.core in name.core or query.norm in name.norm:
        return "contains"
    return None


class _Joined:
    """Many strings in one, so that ``str.find`` (C speed) looks through all of them at once."""

    _SEP = "\x00"  # never in a normal form or a core (see NameIndex)

    def __init__(self, texts: list[str]) -> None:
        self.starts: list[int] = []
        parts, at = [], 0
        for text in texts:
            self.starts.append(at)
            parts.append(text)
            at += len(text) + 1
        self.text = self._SEP.join(parts)

    def hits(self, needle: str) -> Iterable[tuple[int, int]]:
        """``(row, where)`` for each row holding ``needle``, once per row, at its best place:
        ``where`` is 0 at the start of the row, 1 at the start of a word, 2 inside a word."""
        find, starts, text, pos = self.text.find, self.starts, self.text, 0
        while (at := find(needle, pos)) >= 0:
            row = bisect_right(starts, at) - 1
            end = starts[row + 1] - 1 if row + 1 < len(starts) else len(text)
            where = 0 if at == starts[row] else 2
            while where == 2 and at >= 0:  # a later place in the row may start a word
                if not text[at - 1].isalnum():
                    where = 1
                else:
                    at = find(needle, at + 1, end)
            yield row, where
            pos = end + 1


class NameIndex(Generic[K]):
    """Names of many things (``(key, name)`` pairs), matched against a query all at once.

    :meth:`rows` gives every row (one per pair, in the order given) whose name matches a
    query, with the kind of match (an index in :data:`MATCH_RANKS`, as :func:`match` ranks
    it, or :data:`INSIDE_A_WORD`: a ``contains`` match only inside words, as "ai" in
    "grain", which ranks after one at the start of a word, as "ai" in "national ai"). Exact and
    variant matches are dictionary look-ups; prefixes and substrings are found by ``str.find``
    in all the names joined, so a query costs one pass in C plus one step per hit, not a
    Python loop over every name. Build it once per data version.

    Examples
    --------
    >>> index = NameIndex([("kakao", "㈜카카오"), ("kakao", "Kakao"), ("b", "Big Alpha"),
    ...                    ("a", "Alphabet")])
    >>> def show(q):
    ...     return sorted((index.keys[r], index.forms[r].name, k) for r, k in index.rows(q).items())
    >>> show("kakao corp"), show("카카")
    ([('kakao', 'Kakao', 1)], [('kakao', '㈜카카오', 2)])
    >>> show("ALPHA"), show("pha")
    ([('a', 'Alphabet', 2), ('b', 'Big Alpha', 3)], [('a', 'Alphabet', 4), ('b', 'Big Alpha', 4)])
    """

    def __init__(self, names: Iterable[tuple[K, str]]) -> None:
        self.keys: list[K] = []
        self.forms: list[NameForms] = []
        for key, name in names:
            self.keys.append(key)
            self.forms.append(NameForms.of(name.replace(_Joined._SEP, " ")))
        self._by_word: dict[str, list[int]] = defaultdict(list)
        self._by_core: dict[str, list[int]] = defaultdict(list)
        for row, forms in enumerate(self.forms):
            self._by_word[forms.word].append(row)
            self._by_core[forms.core].append(row)
        self._cores = _Joined([f.core for f in self.forms])
        self._norms = _Joined([f.norm for f in self.forms])

    def __len__(self) -> int:
        return len(self.forms)

    def variants(self, name: str) -> list[K]:
        """The keys of the names that are variants of ``name`` (the same :func:`core`), in
        the order given."""
        return [self.keys[row] for row in self._by_core.get(core(name), ())]

    def cores(self) -> dict[str, set[K]]:
        """Every core with the keys of the names that have it."""
        return {c: {self.keys[row] for row in rows} for c, rows in self._by_core.items()}

    def rows(self, query: str) -> dict[int, int]:
        """Row -> how ``query`` matches that row's name: an index in :data:`MATCH_RANKS`, or
        :data:`INSIDE_A_WORD` (a ``contains`` match inside words only)."""
        asked = NameForms.of(query.replace(_Joined._SEP, " "))
        found: dict[int, int] = {}
        if not asked.norm:
            return found

        def note(row: int, rank: int) -> None:
            if rank < found.get(row, INSIDE_A_WORD + 1):
                found[row] = rank

        for row in self._by_word.get(asked.word, ()):
            note(row, 0)
        if not asked.core:
            return found
        for row in self._by_core.get(asked.core, ()):
            note(row, 1)
        # a core has no spaces: a match inside it is at no word start that the normal form,
        # searched next, cannot see
        for row, where in self._cores.hits(asked.core):
            note(row, 2 if where == 0 else INSIDE_A_WORD)
        for row, where in self._norms.hits(asked.norm):
            note(row, 2 + where)
        return found


@dataclass
class RegistryIndex:
    """Existing registry entries by name, plus each IRI's classes: a :class:`NameIndex` of
    ``(IRI, label)`` rows, asked for variants (the same :func:`core`).

    Build it with :meth:`from_graph` (an rdflib graph or dataset holding ``pgg:registry``) or
    :meth:`from_store`; :meth:`add` adds a label.

    Examples
    --------
    >>> from rdflib import Literal
    >>> g = Graph()
    >>> kakao = PGID["org/kakao"]
    >>> _ = g.add((kakao, SKOS.altLabel, Literal("㈜카카오", lang="ko")))
    >>> index = RegistryIndex.from_graph(g)
    >>> [str(i) for i in index.match(["주식회사 카카오"], kind="org")]
    ['https://policygraph.example/id/org/kakao']
    """

    labels: list[tuple[URIRef, str]] = field(default_factory=list)
    classes: dict[URIRef, set[URIRef]] = field(default_factory=lambda: defaultdict(set))
    iris: set[URIRef] = field(default_factory=set)
    _index: NameIndex[URIRef] | None = field(default=None, repr=False, compare=False)

    def add(self, iri: URIRef, label: str) -> None:
        self.labels.append((iri, label))
        self.iris.add(iri)
        self._index = None

    @property
    def index(self) -> NameIndex[URIRef]:
        """The labels as a name index (built on first use, again after :meth:`add`)."""
        if self._index is None:
            self._index = NameIndex(self.labels)
        return self._index

    @property
    def names(self) -> dict[str, set[URIRef]]:
        """``core -> {IRI}``: the entries each name core names."""
        return self.index.cores()

    def __contains__(self, iri: object) -> bool:
        return iri in self.iris or iri in self.classes

    def match(self, names: Iterable[str], kind: str) -> set[URIRef]:
        """The registry IRIs of ``kind`` (``org``, ``person``, ``place``) named by ``names``."""
        prefix = f"{PGID}{kind}/"
        return {i for name in names for i in self.index.variants(name) if i.startswith(prefix)}

    @classmethod
    def from_graph(cls, graph: Graph | Dataset) -> RegistryIndex:
        """Index the labels (pref, alt, rdfs) and classes found in ``graph``'s registry."""
        if isinstance(graph, Dataset):
            graph = graph.graph(REGISTRY_GRAPH)
        index = cls()
        for prop in (SKOS.prefLabel, SKOS.altLabel, RDFS.label):
            for s, o in graph.subject_objects(prop):
                if isinstance(s, URIRef):
                    index.add(s, str(o))
        for s, o in graph.subject_objects(RDF.type):
            if isinstance(s, URIRef) and isinstance(o, URIRef):
                index.classes[s].add(o)
        return index

    @classmethod
    def from_store(
        cls,
        store: Store,
        names: Iterable[str] | None = None,
        iris: Iterable[str] = (),
    ) -> RegistryIndex:
        """Index the registry graph of ``store``: all of it, or only what ``names`` match.

        With ``names``, the store computes each label's key (the patterns of
        :func:`core`, without NFKC) and returns only the labels whose key is one of
        the names', with the classes of those entries and of ``iris`` (IRIs about to be minted)
        and their ``-2``, ``-3``... variants, so that a taken IRI is seen. The labels are
        scanned in the store; nothing but the matches comes back.
        """
        from .query.sparql import select

        index = cls()
        if names is None:
            rows = select(store, _ALL_LABELS)
        else:
            keys = sorted({core(n) for n in names} - {""})
            rows = select(store, _labels_query(keys)) if keys else []
            found = {row["s"] for row in rows} | set(map(str, iris))
            if found:
                listed = " ".join(f"<{iri}>" for iri in sorted(found))
                starts = " || ".join(f"STRSTARTS(STR(?s), {_lit(i + '-')})" for i in iris)
                rows += select(store, _classes_query(listed, starts))
        for row in rows:
            iri = URIRef(row["s"])
            if row["p"] == str(RDF.type):
                index.classes[iri].add(URIRef(row["o"]))
            else:
                index.add(iri, str(row["o"]))
        return index


_ALL_LABELS = """SELECT ?s ?p ?o WHERE { GRAPH pgg:registry { ?s ?p ?o .
    VALUES ?p { skos:prefLabel skos:altLabel rdfs:label rdf:type } } }"""


def _labels_query(keys: list[str]) -> str:
    """Registry labels whose :func:`core` (computed by the store, NFKC aside) is one of keys."""
    ko = _lit(r"㈜|（(?:주|유|재|사|합|합자)）|" + _KO_FORMS.pattern)
    en, not_word = _lit(_EN_FORMS.pattern), _lit(_NOT_WORD.pattern)
    key = f'REPLACE(REPLACE(REPLACE(LCASE(STR(?o)), {ko}, " "), {en}, " "), {not_word}, "")'
    return (
        "SELECT ?s ?p ?o WHERE { GRAPH pgg:registry {"
        " VALUES ?p { skos:prefLabel skos:altLabel rdfs:label } ?s ?p ?o }"
        # one regex alternation: far cheaper in Oxigraph than IN over many strings
        f" FILTER (REGEX({key}, {_lit('^(?:' + '|'.join(map(re.escape, keys)) + ')$')})) }}"
    )


def _classes_query(listed: str, starts: str) -> str:
    """The classes of the entries ``listed`` and of those whose IRI ``starts`` (a condition)."""
    exact = f"{{ VALUES ?s {{ {listed} }} GRAPH pgg:registry {{ ?s a ?o }} }}"
    prefixed = f" UNION {{ GRAPH pgg:registry {{ ?s a ?o }} FILTER ({starts}) }}" if starts else ""
    return f"SELECT ?s ?p ?o WHERE {{ {exact}{prefixed} BIND (rdf:type AS ?p) }}"


def _lit(text: str) -> str:
    return str(ox.Literal(text))
