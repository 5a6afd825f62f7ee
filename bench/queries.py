"""The benchmark's query mix: what analysts ask, parameterised by seeded random entities.

Parameters are drawn from the data itself (:func:`draw_pool` asks one endpoint once, untimed),
then :func:`instances` makes the same list of concrete queries for every server.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["QUERIES", "Query", "draw_pool", "instances"]

PREFIXES = """PREFIX pg: <https://policygraph.example/ont#>
PREFIX schema: <https://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""
VOCAB = "https://policygraph.example/vocab/"
LEVELS = ["province", "metropolitan-city", "city", "district", "ministry"]
STAGES = ["requested", "earmarked", "allocated", "approved", "executed"]


@dataclass(frozen=True)
class Query:
    name: str
    kind: str  # select, ask or construct
    what: str
    template: str
    params: Callable[[random.Random, dict], dict[str, str]]


def _lit(text: str, lang: str) -> str:
    return json.dumps(text, ensure_ascii=False) + "@" + lang


def _label(rng: random.Random, pool: dict) -> dict[str, str]:
    text, lang = rng.choice(pool["labels"])
    return {"label": _lit(text, lang)}


def _needle(rng: random.Random, pool: dict) -> dict[str, str]:
    text, lang = rng.choice(pool["labels"])
    words = [w for w in text.replace(",", " ").split() if len(w) >= (2 if lang == "ko" else 4)]
    word = rng.choice(words or [text])
    return {"needle": json.dumps(word[:2] if lang == "ko" else word.lower(), ensure_ascii=False)}


def _org(rng: random.Random, pool: dict) -> dict[str, str]:
    return {"x": rng.choice(pool["parties"])}


def _pair(rng: random.Random, pool: dict) -> dict[str, str]:
    if rng.random() < 0.5:
        x, y = rng.choice(pool["pairs"])
    else:
        x, y = rng.choice(pool["parties"]), rng.choice(pool["parties"])
    return {"x": x, "y": y}


def _range(rng: random.Random, pool: dict) -> dict[str, str]:
    year, month = rng.randint(2016, 2026), rng.randint(1, 9)
    return {"start": f"{year}-{month:02d}-01", "end": f"{year}-{month + 3:02d}-01"}


QUERIES: list[Query] = [
    Query(
        "label_exact",
        "select",
        "stakeholders with this exact label or variant",
        "SELECT ?s WHERE { { ?s skos:prefLabel {label} } UNION { ?s skos:altLabel {label} } }",
        _label,
    ),
    Query(
        "label_contains",
        "select",
        "labels containing a word, any case",
        "SELECT DISTINCT ?s ?l WHERE { ?s skos:prefLabel|skos:altLabel ?l . "
        "FILTER(CONTAINS(LCASE(STR(?l)), {needle})) }",
        _needle,
    ),
    Query(
        "partners",
        "select",
        "partners of X with the number of agreements",
        "SELECT ?partner (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a pg:Agreement ; "
        "pg:party <{x}> , ?partner . FILTER(?partner != <{x}>) } "
        "GROUP BY ?partner ORDER BY DESC(?n) ?partner",
        _org,
    ),
    Query(
        "budget_totals",
        "select",
        "budget totals by funder at one stage",
        "SELECT ?funder (SUM(?v) AS ?total) (COUNT(?b) AS ?n) WHERE { ?b a pg:Budget ; "
        "pg:funder ?funder ; pg:budgetStage <{stage}> ; pg:amount ?m . ?m schema:value ?v } "
        "GROUP BY ?funder ORDER BY DESC(?total)",
        lambda rng, pool: {"stage": f"{VOCAB}budget-stage/{rng.choice(STAGES)}"},
    ),
    Query(
        "agreements_range",
        "select",
        "agreements signed in a three-month range, by date",
        "SELECT ?a ?d WHERE { ?a a pg:Agreement ; pg:signedOn ?d . "
        'FILTER(DATATYPE(?d) = xsd:date && ?d >= "{start}"^^xsd:date '
        '&& ?d < "{end}"^^xsd:date) } ORDER BY ?d ?a',
        _range,
    ),
    Query(
        "neighbourhood",
        "construct",
        "2-hop agreement neighbourhood of X (CONSTRUCT)",
        "CONSTRUCT { ?a pg:party ?p . ?b pg:party ?q } WHERE { "
        "?a pg:party <{x}> , ?p . ?b pg:party ?p , ?q }",
        _org,
    ),
    Query(
        "ask_partners",
        "ask",
        "did X and Y sign an agreement together",
        "ASK { ?a pg:party <{x}> , <{y}> }",
        _pair,
    ),
    Query(
        "sites_within",
        "select",
        "sites within a region (property path)",
        "SELECT ?site WHERE { ?site a pg:Site ; pg:within+ <{region}> }",
        lambda rng, pool: {"region": rng.choice(pool["regions"])},
    ),
    Query(
        "optional_lang",
        "select",
        "governments of a level with English name and variants (OPTIONAL, lang filter)",
        "SELECT ?org ?en ?alt WHERE { ?org pg:governmentLevel <{level}> . "
        'OPTIONAL { ?org skos:prefLabel ?en FILTER(LANG(?en) = "en") } '
        'OPTIONAL { ?org skos:altLabel ?alt FILTER(LANGMATCHES(LANG(?alt), "en")) } }',
        lambda rng, pool: {"level": f"{VOCAB}government-level/{rng.choice(LEVELS)}"},
    ),
]

_POOL_QUERIES = {
    "labels": "SELECT ?l WHERE { GRAPH <https://policygraph.example/graph/registry> "
    "{ ?s skos:prefLabel|skos:altLabel ?l } } ORDER BY ?l",
    "parties": "SELECT DISTINCT ?x WHERE { ?a pg:party ?x } ORDER BY ?x",
    "pairs": "SELECT DISTINCT ?x ?y WHERE { ?a pg:party ?x , ?y FILTER(STR(?x) < STR(?y)) } "
    "ORDER BY ?x ?y LIMIT 5000",
    "regions": "SELECT ?x WHERE { ?x a pg:Region } ORDER BY ?x",
}


def draw_pool(select: Callable[[str], list[dict]]) -> dict[str, list]:
    """Entities to draw parameters from; ``select(query)`` returns SPARQL JSON bindings."""
    pool: dict[str, list] = {}
    for name, query in _POOL_QUERIES.items():
        rows = select(PREFIXES + query)
        if name == "labels":
            pool[name] = [(r["l"]["value"], r["l"].get("xml:lang", "en")) for r in rows]
        elif name == "pairs":
            pool[name] = [(r["x"]["value"], r["y"]["value"]) for r in rows]
        else:
            pool[name] = [r["x"]["value"] for r in rows]
    return pool


def instances(query: Query, pool: dict, seed: int, n: int) -> list[str]:
    """``n`` concrete queries of ``query`` with parameters drawn with ``seed``."""
    rng = random.Random(f"{seed}:{query.name}")
    out = []
    for _ in range(n):
        text = query.template
        for key, value in query.params(rng, pool).items():
            text = text.replace("{" + key + "}", value)
        out.append(PREFIXES + text)
    return out
