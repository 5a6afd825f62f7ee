"""The fact-sheet format as data: its sections, their fields and the JSON Schema made from them.

One table says, for every section of a fact sheet (``stakeholders``, ``agreements``, ...), the
IRI kind and class of its entries, the named graph they go to, and for every field the
property it becomes and how its value is read. :mod:`graph.factsheet` converts with this
table and ``ontology/factsheet.schema.json`` is generated from it (:func:`json_schema`), so the
two cannot drift apart; ``tests/graph/factsheet/test_sheet.py`` checks the file is current.

Examples
--------
>>> SECTIONS["agreements"].fields["parties"].predicate.n3()
'<https://policygraph.example/ont#party>'
>>> sorted(concepts("certainty"))
['inferred', 'stated', 'uncertain']
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from typing import Any

from rdflib import DCTERMS, SKOS, Graph, URIRef

from ..iris import PG, SCHEMA
from ..ontology import ONTOLOGY_DIR

__all__ = [
    "Field",
    "Section",
    "SECTIONS",
    "ARTICLE_FIELDS",
    "STAKEHOLDER_TYPES",
    "PLACE_KINDS",
    "SCHEMA_PATH",
    "concepts",
    "json_schema",
]

SCHEMA_PATH = ONTOLOGY_DIR / "factsheet.schema.json"
PLACE_KINDS = ("place", "site", "zone")
_ORG, _PERSON, _PLAN = ("org",), ("person",), ("project", "initiative")
_AGENTS = ("org", "person")

#: ``type`` of a stakeholder → its class.
STAKEHOLDER_TYPES: dict[str, URIRef] = {
    "government": PG.Government,
    "company": PG.Company,
    "research-body": PG.ResearchBody,
    "education-body": PG.EducationBody,
    "political-party": PG.PoliticalParty,
    "consortium": PG.Consortium,
}


@dataclass(frozen=True)
class Field:
    """One field: the property it becomes, how its value is read (``reader``) and a help text.

    Readers: ``ref`` (names or ids of entries of the kinds in ``arg``; one or a list),
    ``date``, ``year``, ``amount``, ``area``, ``text``, ``url`` (an http(s) IRI), ``bool``,
    ``decimal``, ``lang``
    (``{ko, en}``), ``langs`` (a list of them), ``concept`` (a notation in scheme ``arg``),
    ``quantities`` (inline counted figures), ``posts`` (a person's posts), ``inferred`` (names
    of the entry's fields whose value is inferred; ``arg`` maps them to their properties).
    """

    predicate: URIRef | None
    reader: str
    help: str
    arg: Any = None
    #: The graph the triple goes to when the entry itself lives in the registry.
    article_graph: bool = False


@dataclass(frozen=True)
class Section:
    """A list of entries of one kind (``org``, ``site``, ...) in one graph."""

    kind: str
    cls: URIRef | None
    registry: bool
    help: str
    fields: dict[str, Field] = field(default_factory=dict)
    evidence: bool = True


def _common(*, registry: bool) -> dict[str, Field]:
    common = {"note": Field(PG.note, "lang", "A remark in Korean and English.")}
    if not registry:
        common["certainty"] = Field(
            PG.certainty, "concept", "How sure the figure or fact is.", "certainty"
        )
    return common


_REFS_PLACE = "where: a region, site or zone (name or id)"
_PRESENCE = "Counts of organisations located here (not partners, not outcomes)."

SECTIONS: dict[str, Section] = {
    "stakeholders": Section("org", None, True, "Organisations (registry).", {
        "type": Field(None, "concept", "The kind of organisation.", "stakeholder-type"),
        "level": Field(PG.governmentLevel, "concept", "A government's level.", "government-level"),
        "public_enterprise": Field(PG.publicEnterprise, "bool", "State-owned company (LH)?"),
        "present_in": Field(PG.hasPresenceIn, "ref", "Has an office or lab in (not a partnership).",
                            PLACE_KINDS, article_graph=True),
        "sub_organization_of": Field(PG.subOrganizationOf, "ref", "The larger organisation it is "
                                     "part of (not a partnership).", _ORG, article_graph=True),
        **_common(registry=True),
    }, evidence=False),
    "people": Section("person", PG.Person, True, "People (registry) and their posts.", {
        "member_of": Field(PG.memberOf, "ref", "Party membership (article graph).", _ORG,
                           article_graph=True),
        "posts": Field(None, "posts", "Posts the person holds, as this article states them."),
        **_common(registry=True),
    }, evidence=False),
    "regions": Section("place", PG.Region, True, "Administrative areas (registry).", {
        "administered_by": Field(PG.administeredBy, "ref", "Its government.", _ORG),
        "within": Field(PG.within, "ref", _REFS_PLACE + " (article graph)", PLACE_KINDS,
                        article_graph=True),
        **_common(registry=True),
    }, evidence=False),
    "sites": Section("site", PG.Site, False, "Plots and districts where things are built.", {
        "area": Field(PG.areaSqm, "area", "Area as written: '3만4천㎡', '34,000 m2'."),
        "area_stated_only": Field(PG.areaStatedAs, "text", "An unreadable area, kept as words."),
        "within": Field(PG.within, "ref", _REFS_PLACE, PLACE_KINDS),
        "address": Field(PG.address, "lang", "Street address."),
        "features": Field(PG.feature, "langs", "What it contains."),
        "presence_counts": Field(PG.presenceCount, "quantities", _PRESENCE),
        **_common(registry=False),
    }),
    "zones": Section("zone", PG.Zone, False, "Designated special zones.", {
        "type": Field(PG.zoneType, "concept", "The kind of zone.", "zone-type"),
        "area": Field(PG.areaSqm, "area", "Area as written."),
        "area_stated_only": Field(PG.areaStatedAs, "text", "An unreadable area, kept as words."),
        "within": Field(PG.within, "ref", _REFS_PLACE, PLACE_KINDS),
        "features": Field(PG.feature, "langs", "What it contains."),
        "presence_counts": Field(PG.presenceCount, "quantities", _PRESENCE),
        **_common(registry=False),
    }),
    "projects": Section("project", PG.Project, False, "Projects and facilities.", {
        "facility": Field(None, "bool", "A building or centre (pg:Facility)?"),
        "study": Field(None, "bool", "A research or planning study (pg:Study), carried out, not "
                       "built?"),
        "developers": Field(PG.developer, "ref", "Who builds or runs it.", _ORG),
        "status": Field(PG.projectStatus, "concept", "Project status.", "project-status"),
        "construction_start": Field(PG.plannedConstructionStart, "date", "Planned start."),
        "completion": Field(PG.plannedCompletion, "date", "Planned completion."),
        "opening": Field(PG.plannedOpening, "date", "Planned opening."),
        "opened": Field(PG.openedOn, "date", "When it opened."),
        "planned_year": Field(PG.plannedYear, "year", "A study's year of work."),
        "total_investment": Field(PG.totalInvestment, "amount", "Total cost as written."),
        "site": Field(PG.atSite, "ref", "The site it is on.", ("site",)),
        "proposed_location": Field(PG.proposedLocation, "ref", _REFS_PLACE, PLACE_KINDS),
        "part_of": Field(PG.partOf, "ref", "A larger project or initiative.", _PLAN),
        "features": Field(PG.feature, "langs", "What it contains."),
        "former_name": Field(PG.formerName, "lang", "Its earlier name."),
        "capacity": Field(PG.capacity, "quantities", "Planned capacity figures."),
        "outcomes": Field(PG.reportedOutcome, "quantities", "Reported figures."),
        **_common(registry=False),
    }),
    "initiatives": Section("initiative", PG.Initiative, False, "Policy plans and programmes.", {
        "led_by": Field(PG.ledBy, "ref", "Who leads it.", _ORG),
        "status": Field(PG.projectStatus, "concept", "Status.", "project-status"),
        "announced": Field(PG.announcedOn, "date", "When it was announced."),
        "features": Field(PG.feature, "langs", "What it contains."),
        **_common(registry=False),
    }),
    "agreements": Section("agreement", PG.Agreement, False, "Signed agreements (2+ parties).", {
        "type": Field(PG.agreementType, "concept", "Kind of agreement.", "agreement-type"),
        "parties": Field(PG.party, "ref", "The organisations that signed (two or more).", _ORG),
        "signatories": Field(PG.signatory, "ref", "The people the article says signed.", _PERSON),
        "attendees": Field(PG.attendee, "ref", "Who was present (not signing, not a party).",
                           _AGENTS),
        "signed": Field(PG.signedOn, "date", "Signing date as written."),
        "concerns": Field(PG.concerns, "ref", "The project it is about.", ("project",)),
        "site": Field(PG.atSite, "ref", "The site it is about.", ("site",)),
        "amount": Field(PG.amount, "amount", "The sum as written: '6천억 원', 'KRW 600bn'."),
        **_common(registry=False),
    }),
    "budgets": Section("budget", PG.Budget, False, "Public money for a purpose.", {
        "funder": Field(PG.funder, "ref", "Who pays.", _ORG),
        "recipient": Field(PG.recipient, "ref", "Who receives.", _ORG),
        "purpose": Field(PG.purpose, "ref", "The project or initiative funded.", _PLAN),
        "amount": Field(PG.amount, "amount", "The sum as written."),
        "fiscal_year": Field(PG.fiscalYear, "year", "Fiscal year: 2026, '2026년', 'FY2026'."),
        "stage": Field(PG.budgetStage, "concept", "Budget stage.", "budget-stage"),
        **_common(registry=False),
    }),
    "proposals": Section("proposal", PG.Proposal, False, "Proposals (never partnerships).", {
        "proposers": Field(PG.proposer, "ref", "Who proposes.", _AGENTS),
        "proposed_to": Field(PG.proposedTo, "ref", "To whom.", _AGENTS),
        "proposes": Field(PG.proposes, "ref", "The project or initiative proposed.", _PLAN),
        "location": Field(PG.proposedLocation, "ref", _REFS_PLACE, PLACE_KINDS),
        "proposed": Field(PG.proposedOn, "date", "When."),
        **_common(registry=False),
    }),
    "designations": Section("designation", PG.Designation, False, "Zone designations.", {
        "zone": Field(PG.designatedZone, "ref", "The zone.", ("zone",)),
        "authority": Field(PG.designatingAuthority, "ref", "The designating government.", _ORG),
        "applicants": Field(PG.applicant, "ref", "Who applies.", _ORG),
        "incentives": Field(PG.incentive, "ref", "Incentives granted.", ("incentive",)),
        "status": Field(PG.designationStatus, "concept", "Status.", "designation-status"),
        "date": Field(PG.date, "date", "Date of the designation step."),
        "planned_year": Field(PG.plannedYear, "year", "Year the designation is planned for."),
        **_common(registry=False),
    }),
    "incentives": Section("incentive", PG.Incentive, False, "Incentives of a designation.", {
        "type": Field(PG.incentiveType, "concept", "Kind of incentive.", "incentive-type"),
        "rate_percent": Field(PG.ratePercent, "decimal", "A rate in percent."),
        "note": Field(PG.note, "lang", "A remark in Korean and English."),
    }, evidence=False),
    "selections": Section("selection", PG.Selection, False, "Choices of a place for a project "
                          "(never partnerships).", {
        "selected_by": Field(PG.selectedBy, "ref", "Who chose.", _AGENTS),
        "place": Field(PG.selectedPlace, "ref", _REFS_PLACE, PLACE_KINDS),
        "project": Field(PG.selectedFor, "ref", "The project it was chosen for.", ("project",)),
        "date": Field(PG.date, "date", "When."),
        **_common(registry=False),
    }),
    "events": Section("event", PG.Event, False, "Dated happenings (never partnerships).", {
        "date": Field(PG.date, "date", "When."),
        "start": Field(PG.startDate, "date", "When it began."),
        "participants": Field(PG.participant, "ref", "Who took part.", _AGENTS),
        "held_at": Field(PG.heldAt, "ref", _REFS_PLACE, PLACE_KINDS),
        **_common(registry=False),
    }),
}  # fmt: skip

ARTICLE_FIELDS: dict[str, Field] = {
    "title": Field(DCTERMS.title, "lang", "Headline: {ko: ..., en: ...}, one or both."),
    "issued": Field(DCTERMS.issued, "date", "Publication date at the precision known."),
    "language": Field(DCTERMS.language, "text", "The article's language: ko or en."),
    "author": Field(SCHEMA.author, "text", "The byline."),
    "publisher": Field(DCTERMS.publisher, "text", "The publisher's name."),
    "url": Field(
        SCHEMA.url,
        "url",
        "The article's web address (http or https); it identifies "
        "the article, so re-sending it replaces it.",
    ),
    "translation": Field(PG.translation, "bool", "Machine translation?"),
    "source_file": Field(PG.sourceFile, "text", "Source text file name."),
    **_common(registry=False),
}


def _inferred(fields: dict[str, Field]) -> Field:
    """The ``inferred`` field of a section: names of its fields whose value is inferred."""
    named = {n: f.predicate for n, f in fields.items() if f.predicate is not None}
    named = {n: p for n, p in named.items() if p not in (PG.note, PG.certainty)}
    return Field(PG.inferred, "inferred", "Fields whose value is inferred, not stated.", named)


for _section in SECTIONS.values():
    if not _section.registry and "certainty" in _section.fields:
        _section.fields["inferred"] = _inferred(_section.fields)
ARTICLE_FIELDS["inferred"] = _inferred(ARTICLE_FIELDS)


@functools.cache
def concepts(scheme: str) -> tuple[str, ...]:
    """The notations of the concepts of SKOS scheme ``scheme`` (``ontology/vocab/<scheme>.ttl``)."""
    if scheme == "stakeholder-type":
        return tuple(STAKEHOLDER_TYPES)
    graph = Graph().parse(ONTOLOGY_DIR / "vocab" / f"{scheme}.ttl", format="turtle")
    return tuple(sorted(str(n) for n in graph.objects(None, SKOS.notation)))


#: An absolute http(s) IRI: a host, then no white space or characters an IRI may not hold.
_URL = r'^[Hh][Tt][Tt][Pp][Ss]?://[^\s/?#<>"{}|\\^`]+[^\s<>"{}|\\^`]*$'


def _value_schema(f: Field) -> dict[str, Any]:
    lang = {"$ref": "#/$defs/bilingual"}
    one_or_many = {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}
    schemas: dict[str, dict[str, Any]] = {
        "ref": one_or_many,
        "date": {"type": ["string", "integer"]},
        "year": {"type": ["string", "integer"]},
        "amount": {"$ref": "#/$defs/amount"},
        "area": {"type": "string"},
        "text": {"type": "string"},
        "url": {"type": "string", "pattern": _URL},
        "bool": {"type": "boolean"},
        "decimal": {"type": "number", "minimum": 0},
        "lang": {"$ref": "#/$defs/text"},
        "langs": {"type": "array", "items": lang},
        "quantities": {"type": "array", "items": {"$ref": "#/$defs/quantity"}},
        "posts": {"type": "array", "items": {"$ref": "#/$defs/post"}},
    }
    if f.reader == "inferred":
        names = {"enum": list(f.arg)}
        return {"type": "array", "items": names, "uniqueItems": True, "description": f.help}
    if f.reader == "concept":
        return {"enum": list(concepts(f.arg)), "description": f.help}
    return {**schemas[f.reader], "description": f.help}


def _entry_schema(section: Section) -> dict[str, Any]:
    props: dict[str, Any] = {
        "id": {"$ref": "#/$defs/slug"},
        "name": {"$ref": "#/$defs/bilingual"},
    }
    if section.registry:
        props["variants"] = {"$ref": "#/$defs/variants"}
    props.update({name: _value_schema(f) for name, f in section.fields.items()})
    props.update(_DRAFT_ENTRY_PROPS)
    required = ["name", "type"] if section.kind == "org" else ["name"]
    return {"type": "object", "description": section.help, "properties": props,
            "required": required, "additionalProperties": False}  # fmt: skip


#: Optional fields of a draft made by ``policygraph extract`` (docs/extract.md). The converter
#: ignores them: they say where each entry was read and what a person must still check.
_DRAFT_ENTRY_PROPS: dict[str, Any] = {
    "evidence": {"type": "array", "items": {"$ref": "#/$defs/evidence"},
                 "description": "Draft: the sentences this entry was read from."},
    "suggested": {"type": "array", "items": {"type": "string", "minLength": 1},
                  "description": "Draft: fields whose value the extractor suggested "
                                 "(e.g. a romanised name.en), not read from the text."},
}  # fmt: skip


def _draft_defs() -> dict[str, Any]:
    text = {"type": "string", "minLength": 1}
    offset = {"type": "integer", "minimum": 0}
    span = {
        "type": "object",
        "required": ["text", "start", "end"],
        "additionalProperties": False,
        "properties": {"field": text, "text": {"type": "string"}, "start": offset, "end": offset},
    }
    return {
        "evidence": {"type": "object", "required": ["sentence", "start", "end"],
                     "additionalProperties": False, "properties": {
                         "sentence": {"type": "string"}, "start": offset, "end": offset,
                         "confidence": {"type": "number", "minimum": 0, "maximum": 1},
                         "spans": {"type": "array", "items": span}}},
        "review": {"type": "object", "required": ["kind", "note"], "additionalProperties": False,
                   "properties": {"kind": text, "note": text, "item": text, "field": text,
                                  "text": {"type": "string"}, "start": offset, "end": offset}},
        "extraction": {"type": "object", "additionalProperties": {"type": ["string", "integer"]},
                       "description": "Draft: the tool, analyser and source text it read."},
    }  # fmt: skip


def _defs() -> dict[str, Any]:
    text = {"type": "string", "minLength": 1}
    return {
        "slug": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"},
        "text": {"type": "object", "properties": {"ko": text, "en": text},
                 "minProperties": 1, "additionalProperties": False},
        "bilingual": {"type": "object", "properties": {"ko": text, "en": text},
                      "required": ["ko", "en"], "additionalProperties": False},
        "variants": {"oneOf": [
            {"type": "array", "items": text},
            {"type": "object", "additionalProperties": False,
             "properties": {"ko": {"type": "array", "items": text},
                            "en": {"type": "array", "items": text}}}]},
        "amount": {"oneOf": [text, {
            "type": "object", "required": ["value"], "additionalProperties": False,
            "properties": {"id": {"$ref": "#/$defs/slug"}, "value": text, "stated_as": text,
                           "certainty": {"enum": list(concepts("certainty"))}}}]},
        "quantity": {"type": "object", "required": ["label", "value", "unit"],
                     "additionalProperties": False, "properties": {
                         "id": {"$ref": "#/$defs/slug"}, "label": {"$ref": "#/$defs/bilingual"},
                         "value": {"type": "number", "minimum": 0},
                         "unit": {"$ref": "#/$defs/bilingual"}, "stated_as": text,
                         "period": text, "certainty": {"enum": list(concepts("certainty"))}}},
        "post": {"type": "object", "required": ["in", "role"], "additionalProperties": False,
                 "properties": {"id": {"$ref": "#/$defs/slug"}, "in": text,
                                "role": {"$ref": "#/$defs/bilingual"}}},
        **_draft_defs(),
    }  # fmt: skip


def json_schema() -> dict[str, Any]:
    """The JSON Schema (2020-12) of a fact sheet, as written to ``ontology/factsheet.schema.json``.

    Examples
    --------
    >>> schema = json_schema()
    >>> schema["required"], "agreements" in schema["properties"]
    (['article'], True)
    """
    article_props = {"id": {"type": "string", "pattern": "^[A-Za-z0-9_-]+$"}}
    article_props.update({name: _value_schema(f) for name, f in ARTICLE_FIELDS.items()})
    article_props.update(_DRAFT_ENTRY_PROPS)
    props: dict[str, Any] = {
        "article": {"type": "object", "properties": article_props, "required": ["title"],
                    "additionalProperties": False, "description": "The article (metadata)."},
    }  # fmt: skip
    for name, section in SECTIONS.items():
        props[name] = {"type": "array", "items": _entry_schema(section)}
    props["review"] = {
        "type": "array",
        "items": {"$ref": "#/$defs/review"},
        "description": "Draft: questions for the analyst (docs/extract.md).",
    }
    props["extraction"] = {"$ref": "#/$defs/extraction"}
    props["keep_spans"] = {
        "type": "boolean",
        "description": "Keep each entry's evidence offsets as provenance: pg:evidenceSpan with a "
        "W3C Web Annotation oa:TextPositionSelector (start and end in the article's text; the "
        "sentence is never stored). Default false (docs/extract.md).",
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://policygraph.example/ontology/factsheet.schema.json",
        "title": "policygraph fact sheet: the facts of one article",
        "type": "object",
        "properties": props,
        "required": ["article"],
        "additionalProperties": False,
        "$defs": _defs(),
    }


def write_schema() -> str:
    """The schema as the text stored in ``ontology/factsheet.schema.json``."""
    return json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"
