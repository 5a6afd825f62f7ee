"""Small read helpers shared by the lookups: property values, labels, amounts, paging.

Queries here are generic (``?s ?p ?o`` for a few properties) and return plain Python; the
lookups (:mod:`graph.read.stakeholders`, :mod:`graph.read.catalogue`) shape them into answers.

Money is a number with a currency (``{"value": 600000000000, "currency": "KRW", ...}``), never
a string; dates stay lexical at their own precision (``"2026"`` stays a year).

Examples
--------
>>> s = seed_store
>>> labels(s, ["https://policygraph.example/id/org/kakao"])[
...     "https://policygraph.example/id/org/kakao"]["label_en"]
'Kakao'
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Any, overload

import pyoxigraph as ox

from ..cache import Snapshot, cached
from ..iris import expand, local
from ..store import Store, python_value

__all__ = [
    "number",
    "terms",
    "label_in",
    "values",
    "labels",
    "amounts",
    "named",
    "described_once",
]


_PREF_LABEL = expand("skos:prefLabel")
_ALT_LABEL = expand("skos:altLabel")

_AMOUNT_PROPS = ("schema:value", "schema:currency", "pg:statedAs", "pg:certainty")


def number(value: Any) -> int | float | None:
    """A decimal as a JSON number: an int when whole, else a float.

    >>> number(Decimal("6E+11")), number(Decimal("0.5")), number(None)
    (600000000000, 0.5, None)
    """
    if value is None:
        return None
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, int | float):
        return value
    return number(Decimal(str(value)))


def values(
    store: Store, subjects: Iterable[str], props: Sequence[str]
) -> dict[str, dict[str, list[Any]]]:
    """subject -> prefixed property name -> sorted distinct values (one query).
    >>> a = "https://policygraph.example/id/agreement/grain-market-site-property-exchange"
    >>> values(seed_store, [a], ["pg:signedOn"])[a]
    {'pg:signedOn': ['2021-12-15']}
    """
    found = terms(store, subjects, props)
    return {
        s: {p: sorted({python_value(o) for o in found[s][p]}, key=str) for p in props}
        for s in sorted(set(subjects))
    }


def terms(
    store: Store, subjects: Iterable[str], props: Sequence[str]
) -> dict[str, dict[str, list[Any]]]:
    """subject -> prefixed property name -> its distinct values as pyoxigraph terms (for
    languages and datatypes), in no particular order: one lookup (:meth:`graph.store.Store.
    subject_values`), not a query the engine compiles (on Virtuoso, SQL over its quad table).
    >>> kakao = "https://policygraph.example/id/org/kakao"
    >>> terms(seed_store, [kakao], ["rdf:type"])[kakao]["rdf:type"]
    [<NamedNode value=https://policygraph.example/ont#Company>]
    """
    by_iri = {expand(p): p for p in props}
    found: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    wanted = sorted(set(subjects))
    if wanted:
        for t in store.subject_values(_named(wanted), _named(by_iri)):
            subject = t.subject.value  # type: ignore[union-attr]  # named: asked for so
            found[subject][by_iri[t.predicate.value]].append(t.object)
    return found


def label_in(found: Iterable[Any], lang: str) -> str | None:
    """The text of the least of the literals in ``found`` tagged exactly ``lang`` (the same
    one whatever order the store gave them in), or None.

    >>> label_in([ox.Literal("b", language="ko"), ox.Literal("a", language="ko")], "ko")
    'a'
    """
    tagged = (x.value for x in found if isinstance(x, ox.Literal) and x.language == lang)
    return min(tagged, default=None)


def labels(store: Store, iris: Iterable[str]) -> dict[str, dict[str, Any]]:
    """IRI -> ``label_ko``, ``label_en`` (preferred labels) and ``variants`` (ko / en lists).
    >>> kakao = "https://policygraph.example/id/org/kakao"
    >>> labels(seed_store, [kakao])[kakao]["variants"]["ko"]
    ['㈜카카오', '주식회사 카카오']
    """
    iris = sorted(set(iris))
    out: dict[str, dict[str, Any]] = {
        i: {"label_ko": None, "label_en": None, "variants": {"ko": [], "en": []}} for i in iris
    }
    found = store.subject_values(
        _named(iris), [ox.NamedNode(_PREF_LABEL), ox.NamedNode(_ALT_LABEL)]
    )
    for t in found:
        entry = out[t.subject.value]  # type: ignore[union-attr]  # named: asked for so
        label = t.object
        lang = (label.language or "" if isinstance(label, ox.Literal) else "").split("-")[0]
        if t.predicate.value == _ALT_LABEL:
            entry["variants"].setdefault(lang or "und", []).append(python_value(label))
        elif lang in ("ko", "en"):
            entry[f"label_{lang}"] = python_value(label)
    for entry in out.values():
        entry["variants"] = {k: sorted(v) for k, v in entry["variants"].items()}
    return out


@overload
def named(iri: str, found: dict[str, dict[str, Any]]) -> dict[str, Any]: ...
@overload
def named(iri: None, found: dict[str, dict[str, Any]]) -> None: ...
def named(iri: str | None, found: dict[str, dict[str, Any]]) -> dict[str, Any] | None:
    """``{"iri", "label_ko", "label_en"}`` for an IRI, from :func:`labels`' answer.

    >>> named("urn:x", {"urn:x": {"label_ko": "엑스", "label_en": "X"}})
    {'iri': 'urn:x', 'label_ko': '엑스', 'label_en': 'X'}
    """
    if iri is None:
        return None
    entry = found.get(iri, {})
    return {"iri": iri, "label_ko": entry.get("label_ko"), "label_en": entry.get("label_en")}


def amounts(store: Store, iris: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Amount node IRI -> ``value`` (a number), ``currency``, ``stated_as``, ``certainty``.
    >>> a = "https://policygraph.example/id/amount/namyangju-ai-digital-hub-investment"
    >>> amounts(seed_store, [a])[a]["value"]
    600000000000
    """
    # one pattern per property, not a join over restated facts (see graph.query.sparql)
    out: dict[str, dict[str, Any]] = {}
    for iri, found in values(store, iris, _AMOUNT_PROPS).items():
        if not found["schema:value"]:
            continue
        out[iri] = {
            "value": number(found["schema:value"][0]),
            "currency": _first(found["schema:currency"]),
            "stated_as": _first(found["pg:statedAs"]),
            "certainty": local(_first(found["pg:certainty"])),
        }
    return out


def _named(iris: Iterable[str]) -> list[ox.NamedNode]:
    """The IRIs among ``iris`` as named nodes (a string that is no IRI names no subject)."""
    out = []
    for iri in iris:
        try:
            out.append(ox.NamedNode(iri))
        except ValueError:
            continue
    return out


def _first(found: list[Any]) -> Any:
    return found[0] if found else None


def described_once(
    store: Store,
    kind: str,
    iris: Iterable[str],
    describe: Callable[[Store, list[str]], list[dict[str, Any]]],
    order: Callable[[dict[str, Any]], Any],
) -> list[dict[str, Any]]:
    """``describe(store, iris)``, each item described once per data version (issue 20).

    Through a :class:`~graph.cache.Snapshot`, the items already described at its version are
    taken from memory and only the others are read (a hub's profile lists a thousand agreements
    at 10^6 quads, most of them in other profiles too); the answer is sorted by ``order``, as
    ``describe`` sorts its own (stable, from the IRIs in sorted order, as ``describe`` reads
    them). Each item is a shallow copy: callers may add keys, never change nested values.
    Without a snapshot, ``describe`` runs as it is.

    >>> from graph.cache import snapshot
    >>> calls = []
    >>> def describe(store, iris):
    ...     calls.append(iris)
    ...     return [{"iri": i} for i in sorted(iris)]
    >>> snap = snapshot(seed_store)
    >>> [i["iri"] for i in described_once(snap, "doc", ["b", "a"], describe, lambda i: i["iri"])]
    ['a', 'b']
    >>> _ = described_once(snap, "doc", ["c", "a"], describe, lambda i: i["iri"])
    >>> calls
    [['a', 'b'], ['c']]
    """
    wanted = sorted(set(iris))
    if not isinstance(store, Snapshot):
        return describe(store, wanted)
    memo: dict[str, dict[str, Any]] = cached(store, ("described", kind), dict)
    missing = [i for i in wanted if i not in memo]
    if missing:
        for item in describe(store, missing):
            memo[item["iri"]] = item
    return sorted(({**memo[i]} for i in wanted if i in memo), key=order)
