"""Names of stakeholders and regions: normalisation for matching, and the registry's index.

A name matches another when both normalise to the same key: Unicode NFKC (so ``㈜`` becomes
``(주)`` and full-width letters become ASCII), case folding, legal-form words dropped
(``(주)``, ``주식회사``, ``Corp.``, ``Corporation``, ``Inc.``, ``Co., Ltd.``, ``Ltd.``, ``LLC``)
and spaces and punctuation removed.

Examples
--------
>>> {normalise_name(n) for n in ("㈜카카오", "주식회사 카카오", "카카오")}
{'카카오'}
>>> normalise_name("Kakao Corp.") == normalise_name("KAKAO") == "kakao"
True
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

__all__ = ["normalise_name", "RegistryIndex"]

# The same two patterns run in Python (normalise_name) and in SPARQL (RegistryIndex.from_store),
# so they keep to the syntax both regex engines share. Text is case-folded before they apply.
_LEGAL_PATTERN = (
    r"\(주\)|㈜|（주）|주식회사|\b(?:co\.?,?\s*ltd|corporation|corp|inc|ltd|llc|co)\b\.?"
)
_NOISE_PATTERN = r"[\s.,·・\-–—_'’\"()\[\]]+"
_LEGAL_FORMS = re.compile(_LEGAL_PATTERN)
_NOISE = re.compile(_NOISE_PATTERN)


def normalise_name(name: str) -> str:
    """The key two names share when they name the same stakeholder (see the module docstring).

    Examples
    --------
    >>> normalise_name("Korea Land & Housing Co., Ltd.")
    'korealand&housing'
    """
    text = unicodedata.normalize("NFKC", name).casefold()
    stripped = _NOISE.sub("", _LEGAL_FORMS.sub(" ", text))
    return stripped or _NOISE.sub("", text)


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
        self.names[normalise_name(label)].add(iri)
        self.iris.add(iri)

    def __contains__(self, iri: object) -> bool:
        return iri in self.iris or iri in self.classes

    def match(self, names: Iterable[str], kind: str) -> set[URIRef]:
        """The registry IRIs of ``kind`` (``org``, ``person``, ``place``) named by ``names``."""
        prefix = f"{PGID}{kind}/"
        found: set[URIRef] = set()
        for name in names:
            found |= {i for i in self.names.get(normalise_name(name), ()) if i.startswith(prefix)}
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
        :func:`normalise_name`, without NFKC) and returns only the labels whose key is one of
        the names', with the classes of those entries and of ``iris`` (IRIs about to be minted)
        and their ``-2``, ``-3``... variants, so that a taken IRI is seen. The labels are
        scanned in the store; nothing but the matches comes back.
        """
        from .sparql import select

        index = cls()
        if names is None:
            rows = select(store, _ALL_LABELS)
        else:
            keys = sorted({normalise_name(n) for n in names} - {""})
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
    """Registry labels whose key (normalise_name's patterns, computed by the store) is a key."""
    legal, noise = _lit(_LEGAL_PATTERN), _lit(_NOISE_PATTERN)
    key = f'REPLACE(REPLACE(LCASE(STR(?o)), {legal}, " "), {noise}, "")'
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
