"""Turn a schema-checked fact sheet into RDF triples (used by :mod:`graph.factsheet`).

Two passes: :meth:`Converter.declare` gives every entry its IRI (an existing registry entry
matched by name or variant, or a new one from its ``id`` or English name), then
:meth:`Converter.emit` writes each field with the reader the table in
:mod:`graph.factsheet.fields` names. Errors are :class:`InputError` with ``field`` = the path.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from rdflib import RDF, RDFS, SKOS, XSD, Dataset, Graph, Literal, Namespace, URIRef

from ..errors import InputError
from ..iris import METADATA_GRAPH, PG, PGID, PGV, REGISTRY_GRAPH, SCHEMA, article_graph, slugify
from ..names import RegistryIndex, core
from .fields import ARTICLE_FIELDS, SECTIONS, STAKEHOLDER_TYPES, Field, Section
from .quantities import decimal_literal, parse_amount, parse_area, parse_date, parse_year

#: W3C Web Annotation: where in its article a fact is stated (``keep_spans``).
OA = Namespace("http://www.w3.org/ns/oa#")

__all__ = ["Converter"]

_HANGUL = re.compile(r"[\uac00-\ud7a3\u3131-\u318e]")


@dataclass
class _Entry:
    path: str
    kind: str
    iri: URIRef
    slug: str
    names: set[str]
    matched: bool


def _err(path: str, message: str) -> InputError:
    return InputError(message, field=path)


class Converter:
    """One conversion: the sheet, the registry index, and the dataset being built."""

    def __init__(
        self, data: dict[str, Any], registry: RegistryIndex, article_id: str, name: str | None
    ) -> None:
        self.data = data
        self.registry = registry
        self.article_id = article_id
        self.source_name = name
        self.article = PGID[f"article/{article_id}"]
        self.dataset = Dataset()
        self.reg = self.dataset.graph(REGISTRY_GRAPH)
        self.meta = self.dataset.graph(METADATA_GRAPH)
        self.facts = self.dataset.graph(article_graph(article_id))
        self.entries: dict[str, list[_Entry]] = defaultdict(list)
        # indexes over the entries, so that each lookup costs the same however long the sheet
        self._by_path: dict[str, _Entry] = {}
        self._by_iri: dict[URIRef, _Entry] = {}
        self._by_slug: dict[tuple[str, str], set[URIRef]] = defaultdict(set)
        self._by_name: dict[tuple[str, str], set[URIRef]] = defaultdict(set)
        self.new: list[str] = []
        self.matched: dict[str, str] = {}
        self._shared: dict[URIRef, tuple[str, Any]] = {}

    def run(self) -> Dataset:
        self.declare()
        self.emit_article()
        for section_name, section in SECTIONS.items():
            for i, raw in enumerate(self.data.get(section_name, [])):
                self.emit(f"{section_name}[{i}]", section, raw, self._entry(section_name, i))
        return self.dataset

    # --- pass 1: IRIs -------------------------------------------------------------------------

    def _entry(self, section_name: str, i: int) -> _Entry:
        return self._by_path[f"{section_name}[{i}]"]

    def declare(self) -> None:
        for section_name, section in SECTIONS.items():
            for i, raw in enumerate(self.data.get(section_name, [])):
                self._declare(f"{section_name}[{i}]", section, raw)

    def _declare(self, path: str, section: Section, raw: dict[str, Any]) -> None:
        names = {raw["name"]["ko"], raw["name"]["en"], *self.variants(raw.get("variants"))}
        keys = {core(n) for n in names}
        explicit = raw.get("id")
        try:
            slug = explicit or slugify(raw["name"]["en"])
        except ValueError as exc:
            raise _err(f"{path}.name.en", f"{exc}; give the entry an 'id'") from exc
        iri, matched = PGID[f"{section.kind}/{slug}"], False
        if section.registry:
            found = self.registry.match(names, section.kind)
            if len(found) > 1:
                listed = ", ".join(sorted(found))
                raise _err(path, f"its names match several registry entries ({listed}); add 'id'")
            if found and (not explicit or found == {iri}):
                iri, matched = found.pop(), True
            elif iri in self.registry and explicit:
                matched = True
            elif iri in self.registry:
                n = 2
                while PGID[f"{section.kind}/{slug}-{n}"] in self.registry:
                    n += 1
                iri = PGID[f"{section.kind}/{slug}-{n}"]
        other = self._by_iri.get(iri)
        if other is not None and other.kind == section.kind:
            raise _err(path, f"{iri} is declared twice (also at {other.path})")
        if matched:
            self._check_type(path, section, raw, iri)
            self.matched[path] = str(iri)
        elif section.registry:
            self.new.append(str(iri))
        slug = iri.rsplit("/", 1)[-1]  # a matched or renamed entry goes by its registry slug
        entry = _Entry(path, section.kind, iri, slug, keys, matched)
        self.entries[section.kind].append(entry)
        self._by_path[path] = self._by_iri[iri] = entry
        self._by_slug[section.kind, slug].add(iri)
        for key in keys:
            self._by_name[section.kind, key].add(iri)

    def _check_type(self, path: str, section: Section, raw: dict[str, Any], iri: URIRef) -> None:
        classes = self.registry.classes.get(iri, set())
        wanted = STAKEHOLDER_TYPES.get(raw.get("type", "")) if section.kind == "org" else None
        if wanted and classes and wanted not in classes:
            have = ", ".join(sorted(c.n3().rsplit("#", 1)[-1].rstrip(">") for c in classes))
            said = raw["type"]
            raise _err(f"{path}.type", f"matches registry entry {iri}, a {have}, not a {said}")

    @staticmethod
    def variants(value: Any) -> list[str]:
        """All the variants of an entry, whether given by language or as one list."""
        if isinstance(value, dict):
            return [*value.get("ko", []), *value.get("en", [])]
        return list(value or [])

    def resolve(self, path: str, value: str, kinds: tuple[str, ...]) -> URIRef:
        """The IRI a reference names: ``kind/slug``, a sheet id, a sheet name, a registry name."""
        if "/" in value:
            kind = value.split("/", 1)[0]
            if kind not in kinds:
                raise _err(path, f"{value!r} is a {kind}; expected {' or '.join(kinds)}")
            return PGID[value]
        by_id = {iri for k in kinds for iri in self._by_slug.get((k, value), ())}
        key = core(value)
        by_name = {iri for k in kinds for iri in self._by_name.get((k, key), ())}
        found = by_id or by_name
        if not found:
            found = {i for k in kinds for i in self.registry.match([value], k)}
        if len(found) == 1:
            return found.pop()
        if found:
            listed = ", ".join(sorted(found))
            raise _err(path, f"{value!r} is ambiguous: it names {listed}; use the id")
        raise _err(path, f"no {' or '.join(kinds)} named {value!r} in this sheet or the registry")

    # --- pass 2: triples ----------------------------------------------------------------------

    def emit_article(self) -> None:
        raw = self.data["article"]
        self.meta.add((self.article, RDF.type, PG.Article))
        self.meta.add((self.article, PG.factGraph, article_graph(self.article_id)))
        source = raw.get("source_file") or self.source_name or f"{self.article_id}.factsheet.yaml"
        self.meta.add((self.article, PG.sourceFile, Literal(source)))
        self._check_inferred("article", raw)
        for name, f in ARTICLE_FIELDS.items():
            if name in raw and name != "source_file":
                self.write(self.meta, self.article, f, raw[name], f"article.{name}", "article")

    def emit(self, path: str, section: Section, raw: dict[str, Any], entry: _Entry) -> None:
        home = self.reg if section.registry else self.facts
        iri = entry.iri
        if not entry.matched or not section.registry:
            cls = section.cls
            if section.kind == "org":
                cls = STAKEHOLDER_TYPES[raw["type"]]
            elif section.kind == "project" and raw.get("facility"):
                if raw.get("study"):
                    raise _err(f"{path}.study", "a project is a facility or a study, not both")
                cls = PG.Facility
            elif section.kind == "project" and raw.get("study"):
                home.add((iri, RDF.type, PG.Project))  # found as a project without reasoning
                cls = PG.Study
            assert cls is not None, f"section {section.kind} has no class"
            home.add((iri, RDF.type, cls))
            for lang in ("ko", "en"):
                label = Literal(raw["name"][lang], lang=lang)
                home.add((iri, SKOS.prefLabel, label))
                home.add((iri, RDFS.label, label))
            variants = raw.get("variants") or []
            pairs: Iterable[tuple[str | None, list[str]]] = (
                variants.items() if isinstance(variants, dict) else [(None, variants)]
            )
            for stated, values in pairs:
                for v in values:
                    tag = stated or ("ko" if _HANGUL.search(v) else "en")
                    home.add((iri, SKOS.altLabel, Literal(v, lang=tag)))
        if section.evidence:
            home.add((iri, PG.evidence, self.article))
            if self.data.get("keep_spans") is True:
                self.emit_spans(home, path, iri, f"{section.kind}-{entry.slug}", raw)
        self._check_inferred(path, raw)
        for name, f in section.fields.items():
            if name not in raw or f.predicate is None and f.reader != "posts":
                continue
            if section.registry and entry.matched and not f.article_graph and f.reader != "posts":
                continue
            graph = self.facts if f.article_graph else home
            self.write(graph, iri, f, raw[name], f"{path}.{name}", entry.slug)

    def emit_spans(
        self, graph: Graph, path: str, iri: URIRef, name: str, raw: dict[str, Any]
    ) -> None:
        """The entry's ``evidence`` as W3C Web Annotation resources: each sentence's offsets
        (``oa:TextPositionSelector``) in the article's text, the sentence itself never."""
        for n, ev in enumerate(raw.get("evidence") or []):
            start, end = ev["start"], ev["end"]
            if end <= start:
                raise _err(f"{path}.evidence[{n}]", f"end ({end}) must come after start ({start})")
            span = PGID[f"span/{self.article_id}-{name}-{n}"]
            selector = PGID[f"selector/{self.article_id}-{name}-{n}"]
            graph.add((iri, PG.evidenceSpan, span))
            graph.add((span, RDF.type, OA.SpecificResource))
            graph.add((span, OA.hasSource, self.article))
            graph.add((span, OA.hasSelector, selector))
            graph.add((selector, RDF.type, OA.TextPositionSelector))
            for prop, value in ((OA.start, start), (OA.end, end)):
                graph.add((selector, prop, Literal(value, datatype=XSD.nonNegativeInteger)))

    @staticmethod
    def _check_inferred(path: str, raw: dict[str, Any]) -> None:
        """An ``inferred`` list names fields the entry gives, and the entry says how sure it is."""
        inferred = raw.get("inferred", [])
        for i, name in enumerate(inferred):
            if name not in raw:
                raise _err(
                    f"{path}.inferred[{i}]", f"names {name!r}, which the entry does not give"
                )
        if inferred and raw.get("certainty") in (None, "stated"):
            raise _err(f"{path}.inferred", "needs 'certainty: inferred' on the entry as well")

    def write(self, graph: Any, subject: URIRef, f: Field, value: Any, path: str, owner: str):
        """Add the triples of one field value."""
        try:
            self._write(graph, subject, f, value, path, owner)
        except InputError as exc:
            if "field" in exc.context:
                raise
            raise _err(path, exc.message) from exc

    def _write(self, graph: Any, subject: URIRef, f: Field, value: Any, path: str, owner: str):
        p, reader = f.predicate, f.reader
        if reader == "ref":
            values = value if isinstance(value, list) else [value]
            for i, v in enumerate(values):
                sub = f"{path}[{i}]" if isinstance(value, list) else path
                graph.add((subject, p, self.resolve(sub, v, f.arg)))
        elif reader in ("date", "year"):
            parsed = parse_date(value) if reader == "date" else parse_year(value)
            graph.add((subject, p, parsed.literal()))
        elif reader == "text":
            graph.add((subject, p, Literal(value)))
        elif reader == "url":
            graph.add((subject, p, URIRef(value.strip())))
        elif reader == "bool":
            graph.add((subject, p, Literal(value)))
        elif reader == "decimal":
            graph.add((subject, p, decimal_literal(Decimal(str(value)))))
        elif reader == "lang":
            for lang, text in value.items():
                graph.add((subject, p, Literal(text, lang=lang)))
        elif reader == "langs":
            for item in value:
                for lang, text in item.items():
                    graph.add((subject, p, Literal(text, lang=lang)))
        elif reader == "concept":
            graph.add((subject, p, PGV[f"{f.arg}/{value}"]))
        elif reader == "inferred":
            for name in value:
                graph.add((subject, p, f.arg[name]))
        elif reader == "area":
            area = parse_area(value)
            graph.add((subject, PG.areaSqm, decimal_literal(area.sqm)))
            graph.add((subject, PG.areaStatedAs, Literal(area.stated_as)))
            if area.approximate:
                graph.add((subject, PG.areaApproximate, Literal(True)))
        elif reader == "amount":
            graph.add((subject, p, self._amount(value, path, owner)))
        elif reader == "quantities":
            for i, item in enumerate(value):
                graph.add((subject, p, self._quantity(item, f"{path}[{i}]", owner)))
        elif reader == "posts":
            for i, item in enumerate(value):
                self._post(subject, item, f"{path}[{i}]", owner)

    def _share(self, iri: URIRef, content: Any, path: str) -> bool:
        """Record a shared node (amount, quantity); False if it was already written the same."""
        if iri in self._shared:
            first, before = self._shared[iri]
            if before != content:
                raise _err(path, f"{iri} is also defined at {first} with other values")
            return False
        self._shared[iri] = (path, content)
        return True

    def _amount(self, value: Any, path: str, owner: str) -> URIRef:
        spec = value if isinstance(value, dict) else {"value": value}
        amount = parse_amount(spec["value"])
        iri = PGID[f"amount/{spec.get('id') or owner}"]
        stated = spec.get("stated_as") or amount.stated_as
        content = (amount.value, amount.currency, stated, spec.get("certainty"))
        if self._share(iri, content, path):
            self.facts.add((iri, RDF.type, SCHEMA.MonetaryAmount))
            self.facts.add((iri, SCHEMA.value, decimal_literal(amount.value)))
            self.facts.add((iri, SCHEMA.currency, Literal(amount.currency)))
            self.facts.add((iri, PG.statedAs, Literal(stated)))
            if spec.get("certainty"):
                self.facts.add((iri, PG.certainty, PGV[f"certainty/{spec['certainty']}"]))
        return iri

    def _quantity(self, spec: dict[str, Any], path: str, owner: str) -> URIRef:
        iri = PGID[f"quantity/{spec.get('id') or owner + '-' + slugify(spec['label']['en'])}"]
        if self._share(iri, repr(sorted(spec.items())), path):
            g = self.facts
            g.add((iri, RDF.type, SCHEMA.QuantitativeValue))
            for lang in ("ko", "en"):
                g.add((iri, RDFS.label, Literal(spec["label"][lang], lang=lang)))
                g.add((iri, SCHEMA.unitText, Literal(spec["unit"][lang], lang=lang)))
            g.add((iri, SCHEMA.value, decimal_literal(Decimal(str(spec["value"])))))
            for key, prop in (("stated_as", PG.statedAs), ("period", PG.period)):
                if key in spec:
                    g.add((iri, prop, Literal(spec[key])))
            if "certainty" in spec:
                g.add((iri, PG.certainty, PGV[f"certainty/{spec['certainty']}"]))
        return iri

    def _post(self, person: URIRef, spec: dict[str, Any], path: str, owner: str) -> None:
        org = self.resolve(f"{path}.in", spec["in"], ("org",))
        slug = spec.get("id") or slugify(f"{org.rsplit('/', 1)[-1]} {spec['role']['en']} {owner}")
        post = PGID[f"post/{slug}"]
        g = self.facts
        g.add((post, RDF.type, PG.Post))
        g.add((post, PG.heldBy, person))
        g.add((post, PG.postIn, org))
        for lang in ("ko", "en"):
            g.add((post, PG.roleTitle, Literal(spec["role"][lang], lang=lang)))
        g.add((post, PG.evidence, self.article))
