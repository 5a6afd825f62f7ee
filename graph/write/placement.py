"""The seed layout of one article's document: which quad goes to which named graph.

An article document (:mod:`graph.write.documents`) may use named graphs or not (Turtle has none);
:func:`seed_layout` puts its quads where the seed files have them. The rules are the same for
every format:

- triples whose subject is the article go to ``pgg:metadata``; ``pg:factGraph
  pgg:article/<id>`` is added when missing;
- triples in ``pgg:registry`` stay there;
- in the default graph (all of Turtle and JSON-LD without ``@graph`` names), the identity and
  label triples (:data:`REGISTRY_PREDICATES`) of stakeholders and regions (``pg:Stakeholder``,
  ``pg:Region`` and their subclasses, typed in the document) go to ``pgg:registry``; what an
  article says about them (offices, party membership, where a region lies) does not;
- everything else in the default graph or in ``pgg:article/<id>`` goes to ``pgg:article/<id>``;
- any other named graph, metadata about another subject, and blank nodes are refused.

:func:`find_article` checks first that the document describes exactly one ``pg:Article``, and
:func:`check_terms` that every ``pg:`` class and property it uses is in the ontology.

Examples
--------
>>> from graph.write.documents import parse_document
>>> quads = parse_document('''
...     @prefix pg: <https://policygraph.example/ont#> .
...     @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
...     <https://policygraph.example/id/article/x1> a pg:Article .
...     <https://policygraph.example/id/org/acme> a pg:Company ; skos:prefLabel "Acme"@en ;
...         pg:hasPresenceIn <https://policygraph.example/id/place/seoul> .
... '''.encode(), "text/turtle")
>>> article, article_id = find_article(quads)
>>> article_id
'x1'
>>> sorted(
...     (q.predicate.value.rsplit("#", 1)[-1], q.graph_name.value.rsplit("/", 1)[-1])
...     for q in seed_layout(quads, article, article_id)
... )  # doctest: +NORMALIZE_WHITESPACE
[('factGraph', 'metadata'), ('hasPresenceIn', 'x1'), ('prefLabel', 'registry'),
 ('type', 'metadata'), ('type', 'registry')]
"""

from __future__ import annotations

import re

import pyoxigraph as ox
from rdflib.namespace import RDFS

from ..errors import InputError
from ..iris import METADATA_GRAPH, PG, PGID, REGISTRY_GRAPH, article_graph
from ..ontology import declared_terms, registry_classes

__all__ = [
    "ARTICLE_ID",
    "check_terms",
    "REGISTRY_PREDICATES",
    "find_article",
    "seed_layout",
]

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_TYPE = ox.NamedNode(_RDF + "type")
_ARTICLE_CLASS = ox.NamedNode(str(PG.Article))
_FACT_GRAPH = ox.NamedNode(str(PG.factGraph))
_REGISTRY = ox.NamedNode(str(REGISTRY_GRAPH))
_METADATA = ox.NamedNode(str(METADATA_GRAPH))

#: What an article id may be: letters, digits, ``-`` and ``_`` (the seed uses 16 hex digits).
ARTICLE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")

#: Predicates of a stakeholder or region that belong in the registry (identity and labels).
#: A person's party (``pg:memberOf``) and where a region lies (``pg:within``) are facts an
#: article states: they go to the article's graph, as in the seed files.
REGISTRY_PREDICATES = frozenset(
    ox.NamedNode(iri)
    for iri in (
        _RDF + "type",
        _SKOS + "prefLabel",
        _SKOS + "altLabel",
        _SKOS + "closeMatch",
        str(RDFS.label),
        "http://www.w3.org/2002/07/owl#sameAs",
        str(PG.governmentLevel),
        str(PG.publicEnterprise),
        str(PG.administeredBy),
        str(PG.note),
    )
)


def check_terms(quads: list[ox.Quad]) -> None:
    """Refuse classes (``rdf:type`` objects) and properties in the ``pg:`` namespace that the
    ontology does not declare: a misspelt ``pg:partyy`` or an invented ``pg:Municipality`` would
    otherwise pass unnoticed or surface as a puzzling rule elsewhere.

    Examples
    --------
    >>> q = ox.Quad(ox.NamedNode("urn:x"), _TYPE, ox.NamedNode(PG + "Municipality"))
    >>> try:
    ...     check_terms([q])
    ... except InputError as exc:
    ...     print(exc.context["terms"])
    pg:Municipality
    """
    declared = declared_terms()
    used = {q.predicate.value for q in quads}
    used |= {
        q.object.value for q in quads if q.predicate == _TYPE and isinstance(q.object, ox.NamedNode)
    }
    unknown = sorted(t for t in used if t.startswith(PG) and t not in declared)
    if unknown:
        names = ", ".join("pg:" + t[len(PG) :] for t in unknown)
        raise InputError(
            f"the ontology has no {names}: check the spelling against docs/model.md "
            "(stakeholder classes: pg:Government, pg:Company, pg:ResearchBody, "
            "pg:EducationBody, pg:PoliticalParty, pg:Consortium, pg:Person)",
            terms=names,
        )


def _value(term: ox.NamedNode | ox.BlankNode | ox.Triple) -> str:
    return str(term) if isinstance(term, ox.Triple) else term.value


def find_article(quads: list[ox.Quad]) -> tuple[ox.NamedNode, str]:
    articles = sorted(
        {
            q.subject.value
            for q in quads
            if (q.predicate, q.object) == (_TYPE, _ARTICLE_CLASS)
            and isinstance(q.subject, ox.NamedNode | ox.BlankNode)
        }
    )
    if not articles:
        raise InputError(
            "the document describes no article: it needs one node typed pg:Article "
            "(pgid:article/<id>) with its metadata (title, language, source file)"
        )
    if len(articles) > 1:
        raise InputError(
            f"the document describes {len(articles)} articles ({', '.join(articles)}); "
            "ingest one article per document",
            articles=len(articles),
        )
    iri = articles[0]
    prefix = f"{PGID}article/"
    article_id = iri[len(prefix) :] if iri.startswith(prefix) else ""
    if not ARTICLE_ID.match(article_id):
        raise InputError(
            f"the article IRI {iri} is not {prefix}<id> with an id of letters, digits, - and _",
            article=iri,
        )
    return ox.NamedNode(iri), article_id


def seed_layout(quads: list[ox.Quad], article: ox.NamedNode, article_id: str) -> set[ox.Quad]:
    """The document's quads in the seed layout (see the module docstring)."""
    facts = ox.NamedNode(str(article_graph(article_id)))
    registry_kinds = registry_classes()
    registry_nodes = {
        q.subject for q in quads if q.predicate == _TYPE and q.object in registry_kinds
    }
    out: set[ox.Quad] = set()
    for q in quads:
        for term in (q.subject, q.object):
            if isinstance(term, ox.BlankNode):
                raise InputError(
                    f"blank node in '{q.subject} {q.predicate} {q.object}': give every node an "
                    "IRI (pgid:<kind>/<slug>; in JSON-LD an @id) so that it can be referred to",
                )
        graph = q.graph_name
        if q.subject == article:
            target = _METADATA
        elif graph == _REGISTRY:
            target = _REGISTRY
        elif graph == _METADATA:
            raise InputError(
                f"pgg:metadata may only describe the article {article.value}, "
                f"not {_value(q.subject)}"
            )
        elif isinstance(graph, ox.DefaultGraph):
            registry = q.subject in registry_nodes and q.predicate in REGISTRY_PREDICATES
            target = _REGISTRY if registry else facts
        elif graph == facts:
            target = facts
        else:
            raise InputError(
                f"the document writes into the named graph <{graph.value}>; an article document "
                f"may use only the default graph, pgg:registry, pgg:metadata and <{facts.value}>",
                graph=graph.value,
            )
        out.add(ox.Quad(q.subject, q.predicate, q.object, target))
    stated = {q.object for q in out if q.subject == article and q.predicate == _FACT_GRAPH}
    if not stated:
        out.add(ox.Quad(article, _FACT_GRAPH, facts, _METADATA))
    elif stated != {facts}:
        raise InputError(
            f"pg:factGraph of {article.value} must be <{facts.value}>, not "
            + ", ".join(f"<{s.value}>" if isinstance(s, ox.NamedNode) else str(s) for s in stated)
        )
    return out
