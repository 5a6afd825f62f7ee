"""Articles: their metadata, and one article with the facts of its own graph.

Examples
--------
>>> articles(seed_store)["total"]
3
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from ..dates import chronological
from ..errors import NotFound
from ..iris import article_iri, expand_id, local
from ..paging import page
from ..query.sparql import select
from ..store import Store
from .rows import described_once, number

__all__ = ["article_items", "articles", "article"]


_ARTICLE_META = """
SELECT ?article ?title ?lang ?issued ?language ?translation ?file ?graph ?author ?certainty
       ?publisher WHERE {
  ?article a pg:Article .
  OPTIONAL { ?article dct:title ?title BIND(lang(?title) AS ?lang) }
  OPTIONAL { ?article dct:issued ?issued }
  OPTIONAL { ?article dct:language ?language }
  OPTIONAL { ?article pg:translation ?translation }
  OPTIONAL { ?article pg:sourceFile ?file }
  OPTIONAL { ?article pg:factGraph ?graph }
  OPTIONAL { ?article schema:author ?author }
  OPTIONAL { ?article pg:certainty ?certainty }
  OPTIONAL { ?article dct:publisher ?publisher }
}
"""


def article_items(store: Store, iris: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """Article metadata (all articles, or those named), oldest first; those named are each
    described once per data version (:func:`graph.read.rows.described_once`).
    >>> s = seed_store
    >>> [(a["id"], a["issued"]) for a in article_items(s)]  # doctest: +NORMALIZE_WHITESPACE
    [('9ae9a84f0b3031d7', '2021-12'), ('c901c4c0e230705d', '2025'),
     ('86ffe20fc9bd53a8', '2025-06-13')]
    """
    if iris is not None:
        order = lambda i: chronological(i, "issued")  # noqa: E731
        return described_once(store, "article", iris, _article_items, order)
    return _article_items(store, None)


def _article_items(store: Store, iris: Iterable[str] | None) -> list[dict[str, Any]]:
    bindings = {} if iris is None else {"article": sorted(set(iris))}
    if iris is not None and not bindings["article"]:
        return []
    found: dict[str, dict[str, Any]] = {}
    for row in select(store, _ARTICLE_META, **bindings):
        found.setdefault(
            row["article"],
            {
                "iri": row["article"],
                "id": local(row["article"]),
                "title": row["title"],
                "title_language": row["lang"] or None,
                "issued": row["issued"],
                "issued_certainty": local(row["certainty"]),
                "language": row["language"],
                "translation": row["translation"],
                "publisher": row["publisher"],
                "author": row["author"],
                "source_file": row["file"],
                "graph": row["graph"],
            },
        )
    return sorted(found.values(), key=lambda i: chronological(i, "issued"))


def articles(store: Store, *, limit: Any = None, offset: Any = None) -> dict[str, Any]:
    """Every article's metadata, oldest first, one page.
    >>> s = seed_store
    >>> articles(s, offset=2)["items"][0]["language"]
    'ko'
    """
    return page(article_items(store), limit, offset)


_FACTS = """
SELECT ?s ?p ?o ?isiri ?datatype ?lang WHERE {
  GRAPH ?g { ?s ?p ?o }
  BIND(isIRI(?o) || isBlank(?o) AS ?isiri)
  BIND(IF(isLiteral(?o), datatype(?o), "") AS ?datatype)
  BIND(IF(isLiteral(?o), lang(?o), "") AS ?lang)
}
"""

_NUMERIC = {"decimal", "integer", "double", "float", "int", "long"}


def _article_iri(id_or_iri: str) -> str:
    text = id_or_iri.strip()
    if re.fullmatch(r"[0-9a-fA-F]{16}", text):
        return str(article_iri(text.lower()))
    return expand_id(text if "/" in text or ":" in text else f"article/{text}")


def article(store: Store, id_or_iri: str) -> dict[str, Any]:
    """One article: its metadata and its facts (the triples of its own graph), sorted.

    ``id_or_iri``: the article id (``86ffe20fc9bd53a8``), ``article/<id>`` or the full IRI.
    Unknown ids raise :class:`~graph.errors.NotFound` naming the id. Each fact is
    ``{"subject", "predicate", "object", "object_type": "iri" | "literal", "datatype",
    "language"}``; numeric objects are JSON numbers.

    Examples
    --------
    >>> a = article(seed_store, "86ffe20fc9bd53a8")
    >>> a["issued"], a["fact_count"] == len(a["facts"]) > 100
    ('2025-06-13', True)
    """
    iri = _article_iri(id_or_iri)
    found = article_items(store, [iri])
    if not found:
        raise NotFound(f"no article {id_or_iri!r}", id=id_or_iri, iri=iri)
    meta = found[0]
    facts = []
    if meta["graph"]:
        for row in select(store, _FACTS, g=meta["graph"]):
            literal = not row["isiri"]
            dt = row["datatype"] or None
            obj = row["o"]
            if literal and dt and local(dt) in _NUMERIC:
                obj = number(obj)
            facts.append(
                {
                    "subject": row["s"],
                    "predicate": row["p"],
                    "object": obj,
                    "object_type": "literal" if literal else "iri",
                    "datatype": dt if literal else None,
                    "language": (row["lang"] or None) if literal else None,
                }
            )
    facts.sort(key=lambda f: (f["subject"], f["predicate"], str(f["object"])))
    return {**meta, "fact_count": len(facts), "facts": facts}
