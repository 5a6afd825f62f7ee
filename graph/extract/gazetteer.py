"""Names of organisations, people and places found in sentences: the registry as gazetteer.

:class:`Gazetteer` holds every name and variant of the registry's entries (``pgg:registry``:
``skos:prefLabel``, ``skos:altLabel``, ``rdfs:label``) under the key :func:`graph.names.core`
gives them — the same normal form fact sheets are matched with, so ``㈜카카오``, ``주식회사
카카오`` and ``Kakao Corp.`` all find ``org/kakao`` — plus the public bodies of
:data:`~graph.extract.lexicon.PUBLIC_BODIES`, which are known names but not registry entries
(a draft proposes them as new, with both official names). :meth:`Gazetteer.scan` finds them
in a sentence: every stretch of text that starts at a word or morpheme boundary and whose key
is a known name, the longest first. English names that are not found exactly are looked up
by spelling similarity (rapidfuzz) and marked as such.

:func:`new_organisations` finds organisations the gazetteer does not know, by the endings of
their names (``해남군``, ``한빛데이터㈜``, ``Haenam Energy Co., Ltd.``, ``Ministry of ...``).
"""

from __future__ import annotations

import re
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rdflib import RDF, RDFS, SKOS, Dataset, Graph

from ..iris import PG, PGID, REGISTRY_GRAPH
from ..names import core
from .figures import MONTHS
from .lexicon import EN_ORG_HEADS, ORG_SUFFIXES, PUBLIC_BODIES
from .text import HANGUL, Sentence, Span

if TYPE_CHECKING:
    from ..store import Store

__all__ = ["Entry", "Mention", "Gazetteer", "contained", "new_organisations", "noun_stem"]

_KINDS = ("org", "person", "place")
_MAX_NAME = 60
#: Short keys that are ordinary words far more often than names.
_TOO_COMMON = {"도", "시", "군", "구", "the", "city", "ai"}


@dataclass
class Entry:
    """A known name's owner: a registry entry (``iri``) or a lexicon public body (no IRI)."""

    kind: str
    ko: str | None = None
    en: str | None = None
    iri: str | None = None
    labels: set[str] = field(default_factory=set)
    classes: set[str] = field(default_factory=set)
    level: str | None = None

    @property
    def type(self) -> str | None:
        """The fact-sheet ``type`` of an organisation from its class."""
        for cls in self.classes:
            name = cls.rsplit("#", 1)[-1]
            for t, c in {
                "Government": "government", "Company": "company", "ResearchBody": "research-body",
                "EducationBody": "education-body", "PoliticalParty": "political-party",
                "Consortium": "consortium",
            }.items():  # fmt: skip
                if name == t:
                    return c
        return "government" if self.level else None


@dataclass
class Mention:
    """A name in the text: its span, what it names, how it was found and how sure that is."""

    span: Span
    kind: str
    entry: Entry | None
    source: str  # registry | lexicon | fuzzy | pattern
    confidence: float
    #: For a new organisation: its type, government level and whether it is a public enterprise.
    type: str | None = None
    level: str | None = None
    public: bool | None = None
    #: The name given to an organisation the text describes but does not name ("a private
    #: consortium ... for a national AI data center"); the span is the description.
    label: str | None = None

    @property
    def name(self) -> str:
        return self.label or self.span.text


class Gazetteer:
    """Known names by key (:func:`graph.names.core`), with the prefixes of every key for the
    scan to stop early."""

    def __init__(self, entries: list[Entry]) -> None:
        self.entries = entries
        self.keys: dict[str, list[Entry]] = defaultdict(list)
        for entry in entries:
            for label in entry.labels:
                key = core(label)
                if len(key) >= 2 and key not in _TOO_COMMON and entry not in self.keys[key]:
                    self.keys[key].append(entry)
        self.prefixes = {k[:i] for k in self.keys for i in range(1, len(k) + 1)}
        self._latin: dict[str, list[str]] = defaultdict(list)
        for key, owners in self.keys.items():
            if not HANGUL.search(key) and len(key) >= 6:
                for owner in owners:
                    self._latin[owner.kind].append(key)

    # --- building ------------------------------------------------------------------------------

    @classmethod
    def empty(cls) -> Gazetteer:
        return cls(_lexicon_entries())

    @classmethod
    def from_graph(cls, graph: Graph | Dataset) -> Gazetteer:
        """The registry in ``graph`` (a dataset's ``pgg:registry``, or a plain graph)."""
        if isinstance(graph, Dataset):
            graph = graph.graph(REGISTRY_GRAPH)
        rows = []
        for p in (SKOS.prefLabel, SKOS.altLabel, RDFS.label, RDF.type, PG.governmentLevel):
            for s, o in graph.subject_objects(p):
                lang = getattr(o, "language", None)
                rows.append((str(s), str(p), str(o), lang))
        return cls(_registry_entries(rows) + _lexicon_entries())

    @classmethod
    def from_store(cls, store: Store) -> Gazetteer:
        """The registry of ``store``, cached per store and data version."""
        key = (id(store), getattr(store, "data_version", None))
        with _cache_lock:
            cached = _cache.get("store")
            if cached and cached[0] == key:
                return cached[1]
        result = store.query(_REGISTRY_QUERY)
        rows = []
        for row in result:
            o = row["o"]
            rows.append((row["s"].value, row["p"].value, o.value, getattr(o, "language", None)))
        gazetteer = cls(_registry_entries(rows) + _lexicon_entries())
        with _cache_lock:
            _cache["store"] = (key, gazetteer)
        return gazetteer

    # --- lookups -------------------------------------------------------------------------------

    def lookup(self, name: str, kinds: tuple[str, ...] = _KINDS) -> list[Entry]:
        """Entries of ``kinds`` with a name or variant whose key is ``name``'s."""
        return [e for e in self.keys.get(core(name), []) if e.kind in kinds]

    def fuzzy(self, name: str, kind: str, cutoff: float = 92.0) -> tuple[Entry, float] | None:
        """The registry entry of ``kind`` whose Latin name is spelt most like ``name``."""
        from rapidfuzz import fuzz, process

        key = core(name)
        if HANGUL.search(key) or len(key) < 6 or not self._latin.get(kind):
            return None
        best = process.extractOne(key, self._latin[kind], scorer=fuzz.ratio, score_cutoff=cutoff)
        if not best:
            return None
        owners = [e for e in self.keys[best[0]] if e.kind == kind and e.iri]
        return (owners[0], float(best[1])) if len(owners) == 1 else None

    def scan(self, sentence: Sentence) -> list[Mention]:
        """Known names in ``sentence``: the longest at each start, then without overlaps."""
        text, base = sentence.text, sentence.start
        starts = _starts(sentence)
        found: list[tuple[int, int, list[Entry]]] = []
        for s in starts:
            best = None
            latin_start = bool(re.match(r"[A-Za-z0-9]", text[s]))
            for e in range(s + 1, min(len(text), s + _MAX_NAME) + 1):
                piece = text[s:e]
                if latin_start and e < len(text) and re.match(r"[A-Za-z0-9]", text[e]):
                    continue  # a Latin name ends at a word boundary
                key = core(piece)
                if not key:
                    continue
                if key not in self.prefixes:
                    break
                if key in self.keys and _clean_end(text, e):
                    best = (s, e, self.keys[key])
            if best:
                found.append(best)
        mentions: list[Mention] = []
        taken: list[tuple[int, int]] = []
        for s, e, owners in sorted(found, key=lambda f: (f[0] - f[1], f[0])):
            if any(s < te and ts < e for ts, te in taken):
                continue
            s2, e2 = (
                _with_company_form(text, s, e) if any(o.kind == "org" for o in owners) else (s, e)
            )
            taken.append((s2, e2))
            span = Span(base + s2, base + e2, text[s2:e2])
            for owner in _prefer(owners):
                source = "registry" if owner.iri else "lexicon"
                confidence = 0.95 if owner.iri else 0.85
                mentions.append(Mention(span, owner.kind, owner, source, confidence))
        return sorted(mentions, key=lambda m: m.span.start)


_cache: dict[str, tuple[Any, Gazetteer]] = {}
_cache_lock = threading.Lock()

_REGISTRY_QUERY = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX pg: <https://policygraph.example/ont#>
SELECT ?s ?p ?o WHERE { GRAPH <https://policygraph.example/graph/registry> { ?s ?p ?o .
  VALUES ?p { skos:prefLabel skos:altLabel rdfs:label rdf:type pg:governmentLevel } } }
"""


def _registry_entries(rows: list[tuple[str, str, str, str | None]]) -> list[Entry]:
    entries: dict[str, Entry] = {}
    for s, p, o, lang in rows:
        if not s.startswith(str(PGID)):
            continue
        kind = s[len(str(PGID)) :].split("/", 1)[0]
        if kind not in _KINDS:
            continue
        entry = entries.setdefault(s, Entry(kind, iri=s))
        if p == str(RDF.type):
            entry.classes.add(o)
        elif p == str(PG.governmentLevel):
            entry.level = o.rsplit("/", 1)[-1]
        else:
            entry.labels.add(o)
            if p == str(SKOS.prefLabel) and lang in ("ko", "en"):
                setattr(entry, lang, o)
    for entry in entries.values():
        entry.ko = entry.ko or entry.en
        entry.en = entry.en or entry.ko
    return [e for e in entries.values() if e.labels]


def _lexicon_entries() -> list[Entry]:
    return [
        Entry("org", b.ko, b.en, None, {b.ko, b.en, *b.variants}, {str(PG.Government)}, b.level)
        for b in PUBLIC_BODIES
    ]


def _prefer(owners: list[Entry]) -> list[Entry]:
    """Registry entries before lexicon ones; a lexicon body the registry also names is dropped
    (the registry's entry is the one to match)."""
    registry = [o for o in owners if o.iri]
    if not registry:
        return owners[:1]
    return registry


def _starts(sentence: Sentence) -> list[int]:
    """Where a name may start: word starts, and morpheme starts inside Korean words."""
    text, base = sentence.text, sentence.start
    starts = {m.start() for m in re.finditer(r"(?<![\w])[\w㈜(]", text)}
    for token in sentence.tokens:
        if token.tag.startswith(("NN", "SL", "SH", "XPN")) and 0 <= token.start - base < len(text):
            starts.add(token.start - base)
    return sorted(s for s in starts if s < len(text) and not text[s].isspace())


def _clean_end(text: str, end: int) -> bool:
    """A name ends on a letter or digit and, when Latin, at the end of its word; a Korean one
    may be followed by a particle. (Company forms after it are added by the caller.)"""
    last = text[end - 1]
    if not last.isalnum() or last == "㈜":
        return False
    nxt = text[end] if end < len(text) else ""
    return not (re.match(r"[A-Za-z0-9]", last) and re.match(r"[A-Za-z0-9]", nxt))


_FORM_AFTER = re.compile(r"\s*(?:㈜|\(주\)|,?\s*(?:Corp\.|Corporation|Co\.,?\s*Ltd\.|Inc\.|Ltd\.))")
_FORM_BEFORE = re.compile(r"(?:㈜|\(주\)|주식회사)\s*$")


def _with_company_form(text: str, s: int, e: int) -> tuple[int, int]:
    """Widen a name's span over a company form written around it (㈜카카오, Kakao Corp.)."""
    before = _FORM_BEFORE.search(text[:s])
    if before:
        s = before.start()
    if text[e : e + 1] == "." and re.search(r"\b(?:Corp|Co|Inc|Ltd)$", text[s:e]):
        e += 1  # the abbreviation's full stop
    after = _FORM_AFTER.match(text, e)
    if after:
        e = after.end()
    return s, e


# --- organisations the gazetteer does not know ---------------------------------------------------

#: Endings of places and things that a one-letter government ending would take for a body.
_NOT_ORG_ENDINGS = ("지구", "특구", "단지", "연구", "구역", "부지", "도시", "요구", "시설")
_NOUNISH = ("NNP", "NNG", "NNB", "SL", "SN", "SW", "XSN", "XPN", "SH")
_COMPANY_FORM = re.compile(r"㈜|\(주\)|주식회사")


def noun_stem(sentence: Sentence, start: int, end: int) -> tuple[int, int] | None:
    """The nouns at the start of the word ``start:end`` (sentence offsets), without the
    particles after them: ``해남군과`` → ``해남군``."""
    base = sentence.start
    last = None
    for token in sentence.tokens:
        ts, te = token.start - base, token.end - base
        if ts < start or te > end:
            continue
        if token.tag in _NOUNISH and token.form not in "()" or token.form == "㈜":
            if last is None and ts != start:
                return None
            last = te
        else:
            break
    return (start, last) if last else None


def _suffix_rule(name: str) -> tuple[str, str | None, bool | None] | None:
    for suffix, kind, level, public in ORG_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return kind, level, public
    return None


def new_organisations(sentence: Sentence, lang: str, known: list[Mention]) -> list[Mention]:
    """Organisations named in ``sentence`` that no ``known`` mention covers."""
    taken = [(m.span.start, m.span.end) for m in known]
    names = [(m.span.start, m.span.end) for m in known if m.kind in ("org", "place")]

    def free(s: int, e: int) -> bool:
        """Overlapping nothing taken; or containing known names only, as a longer name made
        of them and an organisation's ending does (경기도의회, 카카오모빌리티, Gwangju
        Research Institute): that organisation is another one (:func:`contained`)."""
        overlap = [(ts, te) for ts, te in taken if s < te and ts < e]
        return all((ts, te) in names and s <= ts and te <= e and te - ts < e - s
                   for ts, te in overlap)  # fmt: skip

    found: list[Mention] = []
    if lang == "ko":
        found = _korean_orgs(sentence)
    else:
        found = _english_orgs(sentence, taken)
    found += _listed_companies(sentence, lang) + _counterparties(sentence, lang)
    out = []
    for m in found:
        if free(m.span.start, m.span.end):
            out.append(m)
            taken.append((m.span.start, m.span.end))
    return out


def contained(known: list[Mention], new: list[Mention]) -> list[Mention]:
    """The ``known`` mentions that a ``new`` organisation's longer name contains."""
    return [
        k
        for k in known
        if any(
            n.span.start <= k.span.start
            and k.span.end <= n.span.end
            and k.span.end - k.span.start < n.span.end - n.span.start
            for n in new
        )
    ]


def _korean_orgs(sentence: Sentence) -> list[Mention]:
    text, base = sentence.text, sentence.start
    out = []
    for word in re.finditer(r"\S+", text):
        s, e = word.start(), word.end()
        stem = noun_stem(sentence, s, e)
        if not stem:
            continue
        s, e = stem
        name = text[s:e].strip("()")
        if len(name) < 2:
            continue
        company = _COMPANY_FORM.search(name)
        bare = _COMPANY_FORM.sub("", name).strip()
        if re.search(r"(?:기업|회사|업체|스타트업)인\s*$", text[max(0, s - 8) : s]) and re.search(
            r"[가-힣A-Za-z]{2}", name
        ):
            company = company or re.search(".", name)  # 팹리스 기업인 빛고을칩스
        if company and len(bare) >= 2:
            kind: tuple[str, str | None, bool | None] | None = ("company", None, False)
        else:
            kind = _suffix_rule(bare)
            if bare.endswith(_NOT_ORG_ENDINGS):
                kind = None
            elif kind and kind[0] == "company" and not _proper(sentence, s, e):
                kind = None  # 재생에너지, 그린데이터: common nouns, not a company's name
            elif kind and _inside_longer_quote(text, s, e):
                kind = None  # a word of a quoted plan or project name
            elif kind and len(_suffix_for(bare)) == 1 and not _place_before(sentence, s, bare):
                kind = None  # 시/도/군/구 make a government only after a place name
        if not kind:
            continue
        if re.search(r"(?:시|군|구|도)청$", bare):
            e -= 1  # 해남군청 (the county office) is the county
        span = Span(base + s, base + e, text[s:e])
        confidence = 0.8 if company else 0.7
        out.append(Mention(span, "org", None, "pattern", confidence, *kind))
    return out


def _proper(sentence: Sentence, start: int, end: int) -> bool:
    """The analyser reads a proper noun or Latin letters in ``start:end`` (한라정밀/NNP,
    한빛/NNP + 데이터), not only common nouns (재생/NNG + 에너지/NNG)."""
    base = sentence.start
    return any(
        t.tag in ("NNP", "SL", "SH") for t in sentence.tokens if start <= t.start - base < end
    )


def _inside_longer_quote(text: str, start: int, end: int) -> bool:
    for q in re.finditer(r"[‘'“\"]([^’'”\"]{2,60})[’'”\"]", text):
        if q.start(1) <= start and end <= q.end(1) and end - start < len(q.group(1).strip()):
            return True
    return False


def _suffix_for(name: str) -> str:
    for suffix, *_ in ORG_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return suffix
    return ""


def _place_before(sentence: Sentence, start: int, name: str) -> bool:
    """A place name and a one-letter ending: one proper noun (해남군/NNP), or a proper noun and
    the ending alone (해남/NNP + 군) — not a word that ends in it (왕숙/NNP + 지구/NNG)."""
    base = sentence.start
    tokens = [t for t in sentence.tokens if start <= t.start - base < start + len(name)]
    if len(name) > 7 or not tokens or tokens[0].tag != "NNP":
        return False
    return len(tokens) == 1 or (len(tokens) == 2 and tokens[1].form == name[-1])


_CAP = r"[A-Z][\w&'’.-]*"
_EN_ORG = re.compile(
    rf"(?:(?:the\s+)?Ministry\s+of\s+(?:{_CAP}|and|,|\s)+?(?=\s*(?:[,.;:()]|$|\s+[a-z]))"
    rf"|{_CAP}(?:\s+(?:of|and|for|&|on)\s+{_CAP}|\s+{_CAP}|,\s*(?:Ltd|Inc)\.?)*)"
)


def _en_kind(lower: str) -> tuple[str, str | None, bool | None] | None:
    if lower.startswith("ministry of"):
        return ("government", "ministry", None)
    if re.search(r"\bcommittee\s+(?:on|of|for)\s", lower):
        # the National Assembly's committees: "Special Committee on Budget and Accounts"
        return ("government", "legislative-committee", None)
    for head, t, level, public in EN_ORG_HEADS:
        if lower.endswith(" " + head) or lower.endswith(head) and " " in lower:
            return (t, level, public)
    return None


def _english_runs(text: str) -> list[tuple[int, str]]:
    """Capitalised runs, split at "and" and commas where both sides are organisations."""
    out = []
    for m in _EN_ORG.finditer(text):
        name = m.group(0).strip().rstrip(",")
        start = m.start() + (len(m.group(0)) - len(m.group(0).lstrip()))
        pieces = list(re.finditer(r"[^,]+?(?=,\s|\s+and\s+|$)", name))
        parts = [
            (
                start + p.start() + len(p.group(0)) - len(p.group(0).lstrip(" ,")),
                re.sub(r"^(?:and\s+|,\s*)", "", p.group(0).strip(" ,")),
            )
            for p in pieces
        ]
        parts = [(s + (len(n0) - len(n0)), n0) for s, n0 in parts if n0]
        if len(parts) > 1 and all(_en_kind(n.lower()) for _, n in parts):
            for s, n in parts:
                out.append((text.index(n, s - 5 if s >= 5 else 0), n))
        else:
            out.append((start, name))
    return out


def _outside(start: int, name: str, known: list[tuple[int, int]]) -> list[tuple[int, str]]:
    """The parts of a capitalised run that no known name covers ("Busan Metropolitan City and
    Korea Land and Housing Corporation": the city is known, the corporation is what is left),
    without the words that joined them (``and``, a comma, a possessive ``’s``)."""
    end = start + len(name)
    cuts = sorted((max(ks, start), min(ke, end)) for ks, ke in known if ks < end and start < ke)
    if not cuts:
        return [(start, name)]
    whole = re.sub(r"^(?:The|A|An)\s+", "", name).rstrip("'’")
    if (
        _en_kind(whole.lower())
        and cuts[-1][1] < end
        and re.match(r" [A-Z]", name[cuts[-1][1] - start :])
    ):
        return [(start, name)]  # "Gwangju Research Institute": a longer name, not a list
    out, at = [], start
    for ks, ke in [*cuts, (end, end)]:
        piece = name[at - start : ks - start]
        lead = re.match(r"^(?:[’']s\b|,|\s|and\b|of\b)*", piece)
        trail = re.search(r"(?:,|\s|\band|\bof|\bthe)*$", piece)
        assert lead is not None and trail is not None
        core_piece = piece[lead.end() : trail.start()] if trail.start() > lead.end() else ""
        if core_piece:
            out.append((at + lead.end(), core_piece))
        at = max(at, ke)
    return out


#: A Korean district or county written in English (Mapo-gu, Haenam-gun): its government,
#: except in an address (12 Worldcup-ro, Mapo-gu).
_EN_GU = re.compile(r"\b[A-Z][a-z]+-(gu|gun)\b")
_ADDRESS_BEFORE = re.compile(r"\d+[\w-]*\s+[A-Z][\w-]*-(?:ro|gil|daero)(?:\s+\d+[\w-]*)?,\s*$")


def _english_orgs(sentence: Sentence, known: list[tuple[int, int]] = ()) -> list[Mention]:
    text, base = sentence.text, sentence.start
    known = [(s - base, e - base) for s, e in known]
    out = []
    runs = [part for s, name in _english_runs(text) for part in _outside(s, name, known)]
    for s, name in runs:
        name = re.sub(r"^(?:The|A|An)\s+", "", name).rstrip("'’")
        name = re.sub(rf"\s+(?:on|in|since)\s+(?:{MONTHS})(?:\s.*)?$", "", name)
        s = text.index(name, s)
        lower = name.lower()
        kind = _en_kind(lower)
        if not kind or len(name.split()) < 2:
            continue
        if kind[0] == "government" and kind[1] != "ministry" and re.search(r"\b[A-Z]{2,}\b", name):
            continue  # "AI City" is a programme, not a city
        span = Span(base + s, base + s + len(name), name)
        out.append(Mention(span, "org", None, "pattern", 0.7, *kind))
    for m in _EN_GU.finditer(text):
        if _ADDRESS_BEFORE.search(text[: m.start()]):
            continue
        level = "district" if m.group(1) == "gu" else "city"
        span = Span(base + m.start(), base + m.end(), m.group(0))
        out.append(Mention(span, "org", None, "pattern", 0.7, "government", level, None))
    return out


_LIST_HEAD_EN = re.compile(
    r"\b(?:corporations|companies|firms|conglomerates|groups|businesses|chaebols?|"
    r"(?:tech\s+)?giants|carriers|operators|manufacturers|makers)\s+(?:such\s+as|including|like)\s+",
    re.IGNORECASE,
)
_LIST_ITEM_EN = r"[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,3}"
_LIST_KO = re.compile(
    r"((?:[가-힣A-Za-z0-9&]+\s*[·,]\s*)+[가-힣A-Za-z0-9&]+)\s*등\s*(?:국내\s*)?(?:대|중견|중소)?"
    r"(?:기업|업체|회사|그룹|대기업|빅테크)"
)


def _listed_companies(sentence: Sentence, lang: str) -> list[Mention]:
    """Companies named as examples of companies: "large companies such as Hanbit Soft,
    Mirae Labs and DK Chem", "한빛소프트·미래랩·DK켐 등 대기업" (each name a company, none
    matched)."""
    text, base = sentence.text, sentence.start
    out = []
    if lang == "en":
        for head in _LIST_HEAD_EN.finditer(text):
            at, last = head.end(), False
            while True:
                end = r"(?=\s*(?:[,;.)]|$)|\s+(?:and|or|as)\b" + (r"|\s+[a-z])" if last else ")")
                m = re.match(_LIST_ITEM_EN + end, text[at:])
                if not m:
                    break  # "companies including AI-related software firms": no list of names
                name = m.group(0).rstrip(".")
                span = Span(base + at, base + at + len(name), name)
                out.append(Mention(span, "org", None, "pattern", 0.6, "company", None, False))
                at += m.end()
                sep = re.match(r",?\s+(and|or)\s+|,\s*(and\s+)?", text[at:])
                if not sep or last:
                    break
                at, last = at + sep.end(), bool(sep.group(1) or sep.group(2))
    else:
        for m in _LIST_KO.finditer(text):
            for item in re.finditer(r"[가-힣A-Za-z0-9&]+", m.group(1)):
                s, e = m.start(1) + item.start(), m.start(1) + item.end()
                span = Span(base + s, base + e, item.group(0))
                out.append(Mention(span, "org", None, "pattern", 0.6, "company", None, False))
    return out


_COUNTERPARTY_EN = re.compile(
    r"\b(?:(?:MOU|memorandum\s+of\s+understanding|agreement|contract|deal|pact|partnership|"
    r"exchange)(?:\s+procedure)?|signed|inked)\s+with\s+(?:the\s+)?"
    rf"({_LIST_ITEM_EN})",
)
_COUNTERPARTY_KO = re.compile(
    r"((?:[A-Z][A-Za-z0-9&]*\s)*[가-힣A-Za-z0-9&]{2,})(?:와|과)\s+(?:[^\s,.]+\s+){0,6}?"
    r"[^\s,.]*(?:협약|MOU|양해각서|계약)"
)


def _counterparties(sentence: Sentence, lang: str) -> list[Mention]:
    """The other side of an agreement, named by "with" ("a land exchange with the Hanul
    Farmers Union", "Nuvia와 ... 업무협약"): an organisation, a company unless its name says
    otherwise."""
    text, base = sentence.text, sentence.start
    out = []
    if lang == "en":
        for m in _COUNTERPARTY_EN.finditer(text):
            name = m.group(1).rstrip(".")
            if (
                name.split()[0] in ("The", "A", "An", "It", "Its")
                or name.isupper()
                and len(name) < 2
            ):
                continue
            kind = _en_kind(name.lower()) or ("company", None, None)
            span = Span(base + m.start(1), base + m.start(1) + len(name), name)
            out.append(Mention(span, "org", None, "pattern", 0.6, *kind))
    else:
        for m in _COUNTERPARTY_KO.finditer(text):
            name = m.group(1)
            s = m.start(1)
            tokens = [t for t in sentence.tokens if s <= t.start - base < s + len(name)]
            latin = bool(re.fullmatch(r"[A-Za-z0-9& ]+", name))
            if not tokens or tokens[0].tag not in ("NNP", "SL") or len(tokens) > 2 and not latin:
                continue  # a proper noun, not "정부와" or "지역과"
            kind = _suffix_rule(name) or ("company", None, None)
            span = Span(base + s, base + s + len(name), name)
            out.append(Mention(span, "org", None, "pattern", 0.6, *kind))
    return out
