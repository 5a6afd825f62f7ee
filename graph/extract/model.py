"""What an extraction is made of: the stakeholders, people and places named in an article (each
gathered from all its mentions), and the evidence every draft item carries.

:class:`Context` is one article being read: its :class:`~graph.extract.text.Document`, the
gazetteer, and per sentence the names (:class:`~graph.extract.gazetteer.Mention`) and figures
(:class:`~graph.extract.figures.Figure`) found in it. The readers (:mod:`.people`,
:mod:`.relations`) add :class:`Org`, :class:`Person` and :class:`Place` entries and
:class:`Item` relationships to it; :mod:`.draft` writes them out as a fact sheet.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..names import core
from .gazetteer import Entry, Gazetteer, Mention
from .text import Document, Sentence, Span

__all__ = ["Evidence", "Org", "Person", "Place", "Item", "Review", "Context"]


@dataclass
class Evidence:
    """Where an item was read: its sentence, the spans of its fields, and a confidence."""

    sentence: Sentence
    confidence: float
    spans: list[tuple[str, Span]] = field(default_factory=list)

    def add(self, name: str, span: Span) -> Evidence:
        if (name, span) not in self.spans:
            self.spans.append((name, span))
        return self

    def as_dict(self) -> dict[str, Any]:
        s = self.sentence
        out: dict[str, Any] = {"sentence": s.text, "start": s.start, "end": s.end}
        out["confidence"] = round(self.confidence, 2)
        if self.spans:
            out["spans"] = [{"field": n, **sp.as_dict()} for n, sp in self.spans]
        return out


@dataclass
class Org:
    """An organisation named in the article (all its mentions)."""

    ko: str
    en: str
    entry: Entry | None = None
    type: str | None = None
    level: str | None = None
    public: bool | None = None
    mentions: list[Mention] = field(default_factory=list)
    suggested: list[str] = field(default_factory=list)
    #: Named only as a thing to be built or as a place, not as an actor: not a stakeholder.
    facility: bool = False
    confidence: float = 0.7

    @property
    def iri(self) -> str | None:
        return self.entry.iri if self.entry else None

    def keys(self) -> set[str]:
        names = {self.ko, self.en, *(m.name for m in self.mentions)}
        if self.entry:
            names |= self.entry.labels
        return {core(n) for n in names if n}


@dataclass
class Post:
    org: Org | None
    role_ko: str
    role_en: str
    span: Span
    sentence: Sentence


@dataclass
class Person:
    ko: str
    en: str
    entry: Entry | None = None
    mentions: list[Span] = field(default_factory=list)
    posts: list[Post] = field(default_factory=list)
    member_of: Org | None = None
    reporter: bool = False
    suggested: list[str] = field(default_factory=list)
    confidence: float = 0.8
    first: Sentence | None = None

    def keys(self) -> set[str]:
        names = {self.ko, self.en}
        if self.entry:
            names |= self.entry.labels
        return {core(n) for n in names if n}


@dataclass
class Place:
    ko: str
    en: str
    entry: Entry | None = None
    mentions: list[Mention] = field(default_factory=list)
    suggested: list[str] = field(default_factory=list)


@dataclass
class Item:
    """A relationship or thing of the draft: ``section`` (agreements, budgets, ...) and its
    fields, with the evidence it was read from."""

    section: str
    fields: dict[str, Any]
    evidence: list[Evidence]
    suggested: list[str] = field(default_factory=list)
    id: str | None = None


@dataclass
class Review:
    """A question for the analyst: what it is about, why, and where in the text."""

    kind: str
    message: str
    span: Span | None = None
    item: Item | None = None
    field: str | None = None
    value: str | None = None


@dataclass
class Context:
    doc: Document
    gazetteer: Gazetteer
    mentions: dict[int, list[Mention]] = field(default_factory=dict)
    figures: dict[int, list[Any]] = field(default_factory=dict)
    orgs: list[Org] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    reviews: list[Review] = field(default_factory=list)
    #: The article's date (an xsd lexical form) when the dateline gives one.
    issued: str | None = None
    #: The text shows digits lost in translation: its figures are not taken as values.
    garbled: bool = False
    #: The span of years of an article that writes two-digit years ('23), within which a
    #: bare "in 17" is read as a year (:func:`~graph.extract.figures.short_year_window`).
    short_years: tuple[int, int] | None = None
    #: The project the text is describing ("the campus", "센터는" refer to it).
    current_project: Item | None = None
    #: A sentence ending in a colon whose following lines list proposed things.
    fields_list: Sentence | None = None

    @property
    def year(self) -> str | None:
        return self.issued[:4] if self.issued else None

    def review(self, kind: str, message: str, **kw: Any) -> None:
        for r in self.reviews:
            if (
                r.kind == kind
                and r.span == kw.get("span")
                and r.item is kw.get("item")
                and r.message == message
            ):
                return  # the same question, asked once (two notes without a span may differ)
        self.reviews.append(Review(kind, message, **kw))
