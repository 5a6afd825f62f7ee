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
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import RDF, RDFS, SKOS, Dataset, Graph, URIRef

from .iris import PGID, REGISTRY_GRAPH

if TYPE_CHECKING:
    from .store import Store

__all__ = ["MATCH_RANKS", "normalise", "core", "match", "visible", "RegistryIndex"]

#: Kinds of match from the best to the weakest.
MATCH_RANKS = ("exact", "variant", "prefix", "contains")

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
    base = normalise(text)
    stripped = _NOT_WORD.sub("", _EN_FORMS.sub(" ", _KO_FORMS.sub(" ", base)))
    return stripped or _NOT_WORD.sub("", base)


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
        return cls(name, norm, _NOT_WORD.sub("", norm), core(name))


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


@dataclass
class RegistryIndex:
    """Existing registry entries by normalised name: ``key -> {IRI}``, plus each IRI's classes.

    Build it with :meth:`from_graph` (an rdflib graph or dataset holding ``pgg:registry``) or
    :meth:`from_store`.

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

    names: dict[str, set[URIRef]] = field(default_factory=lambda: defaultdict(set))
    classes: dict[URIRef, set[URIRef]] = field(default_factory=lambda: defaultdict(set))
    iris: set[URIRef] = field(default_factory=set)

    def add(self, iri: URIRef, label: str) -> None:
        self.names[core(label)].add(iri)
        self.iris.add(iri)

    def __contains__(self, iri: object) -> bool:
        return iri in self.iris or iri in self.classes

    def match(self, names: Iterable[str], kind: str) -> set[URIRef]:
        """The registry IRIs of ``kind`` (``org``, ``person``, ``place``) named by ``names``."""
        prefix = f"{PGID}{kind}/"
        found: set[URIRef] = set()
        for name in names:
            found |= {i for i in self.names.get(core(name), ()) if i.startswith(prefix)}
        return found

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
        from .sparql import select

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
