"""From article text to a draft fact sheet, every item with where in the text it came from.

:func:`extract` reads an article (Korean or English): its sentences (:mod:`.text`, Korean
with kiwipiepy, :mod:`.analyser`), the organisations, people and places it names, matched
to the registry (:mod:`.gazetteer`, :mod:`.people`), its amounts, areas and dates read by the
project's quantity parser (:mod:`.figures`), and the relationships its sentences state
(:mod:`.relations`), and writes them as a draft fact sheet (:mod:`.draft`) in the format of
docs/factsheets.md: a person reviews it before it is ingested. docs/extract.md says what is
extracted and how the review notes work.

Examples
--------
>>> draft = extract("Kakao Corp. and Busan Metropolitan City signed a memorandum of "
...                 "understanding on June 3, 2026.", lang="en")
>>> agreement = draft.sheet["agreements"][0]
>>> agreement["parties"], agreement["signed"]
(['kakao-corp', 'busan-metropolitan-city'], '2026-06-03')
>>> agreement["evidence"][0]["spans"][0]
{'field': 'parties', 'text': 'Kakao Corp.', 'start': 0, 'end': 11}
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rdflib import Dataset, Graph

from .draft import build_draft, dump_json, dump_yaml, minted, strip_draft
from .gazetteer import Gazetteer
from .model import Context
from .people import read_names
from .relations import read_article, read_relations
from .text import read_document

if TYPE_CHECKING:
    from ..store import Store

__all__ = ["Draft", "extract", "gazetteer_for", "strip_draft"]


@dataclass
class Draft:
    """The draft fact sheet (``sheet``) and the context it was read from."""

    sheet: dict[str, Any]
    context: Context

    def to_yaml(self) -> str:
        return dump_yaml(self.sheet)

    def to_json(self) -> str:
        return dump_json(self.sheet)


def gazetteer_for(registry: Store | Graph | Dataset | Gazetteer | None) -> Gazetteer:
    """The gazetteer of a store's registry, an rdflib graph's, or none (lexicon only)."""
    if registry is None:
        return Gazetteer.empty()
    if isinstance(registry, Gazetteer):
        return registry
    if isinstance(registry, Graph):
        return Gazetteer.from_graph(registry)
    return Gazetteer.from_store(registry)


def extract(
    text: str,
    *,
    lang: str | None = None,
    registry: Store | Graph | Dataset | Gazetteer | None = None,
    source_file: str | None = None,
) -> Draft:
    """Read ``text`` into a draft fact sheet.

    Parameters
    ----------
    text : str
        The article as plain text (a news page copied whole is fine: its menus and lists of
        other articles are cut).
    lang : str, optional
        ``ko`` or ``en``; detected from the text by default.
    registry : Store, rdflib Graph/Dataset or Gazetteer, optional
        Where known stakeholders come from (a store's ``pgg:registry``); without one, only the
        built-in names of public bodies are known and everything else is proposed as new.
    source_file : str, optional
        The article's file name, written as ``article.source_file``.

    Raises
    ------
    InputError
        Empty text or an unsupported language.
    """
    doc = read_document(text, lang)
    ctx = Context(doc, gazetteer_for(registry))
    read_names(ctx)
    meta = read_article(ctx)
    if meta.get("issued") is not None:
        ctx.issued = meta["issued"].value.lexical
    read_relations(ctx)
    sheet = build_draft(ctx, meta, source_file=source_file)
    taken = _taken(registry, minted(sheet))
    if taken:
        for path in sorted(taken):
            if not path.startswith("post/"):
                ctx.review(
                    "existing-id",
                    f"another article already has {path}: this draft gives its entry another "
                    "id; if it is the same thing, use that id",
                )
        sheet = build_draft(ctx, meta, source_file=source_file, taken=taken)
    return Draft(sheet, ctx)


def _taken(registry: Any, paths: list[str]) -> set[str]:
    """Which of ``paths`` (``project/x``) a store already uses, in any graph."""
    if not paths or not hasattr(registry, "query") or isinstance(registry, Graph | Gazetteer):
        return set()
    from ..iris import PGID

    values = " ".join(f"<{PGID}{p}>" for p in paths)
    result = registry.query(
        f"SELECT DISTINCT ?s WHERE {{ VALUES ?s {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}"
    )
    return {row["s"].value[len(str(PGID)) :] for row in result}
