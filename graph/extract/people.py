"""Organisations and people of an article, each gathered from all its mentions, with posts.

:func:`read_names` scans every sentence with the gazetteer, adds the organisations the
gazetteer does not know (:func:`~graph.extract.gazetteer.new_organisations`), and reads people:
registry people by name, new ones by a Korean surname next to a post title
(``김동연 경기도지사``, ``정신아 ㈜카카오 대표``, ``Rep. Jung Jin-uk``, ``Prime Minister Kim
Min-seok``, ``Hwang Bo-yeon, head of Seoul's Economic Policy Office``) or a byline
(``김종화 기자``). A title written after a place name implies its government
(``경기도지사`` → 경기도, ``남양주시장`` → 남양주시). Each name in the other language is the
registry's, the lexicon's or a suggestion (:mod:`graph.extract.names`), and says which.
"""

from __future__ import annotations

import re

from ..names import core
from .gazetteer import Entry, Mention, contained, new_organisations
from .lexicon import EN_SURNAMES, EN_TITLES, SURNAMES, TITLES
from .model import Context, Org, Person, Place, Post
from .names import government_en, name_en, person_en
from .text import HANGUL, Sentence, Span

__all__ = ["read_names", "org_of", "find_org", "find_person", "place_of"]

_TITLE_KEYS = sorted(TITLES, key=len, reverse=True)
_NOUN_TAGS = ("NNP", "NNG", "NNB", "SL", "SN", "SW", "XSN", "XPN", "SH")


# --- organisations -------------------------------------------------------------------------------


def find_org(ctx: Context, name: str) -> Org | None:
    key = core(name)
    for org in ctx.orgs:
        if key in org.keys():
            return org
    return None


def org_of(ctx: Context, mention: Mention) -> Org:
    """The article's organisation for ``mention``, created on first sight."""
    entry = mention.entry
    for org in ctx.orgs:
        if entry is not None and org.entry is entry:
            break
        if entry is None and org.entry is None and core(_bare(mention.name)) in org.keys():
            break
        if entry is None and core(_bare(mention.name)) in org.keys():
            break
    else:
        org = _new_org(ctx, mention)
        ctx.orgs.append(org)
    org.mentions.append(mention)
    org.confidence = max(org.confidence, mention.confidence)
    return org


def _bare(name: str) -> str:
    return re.sub(r"^\s*(?:㈜|\(주\)|주식회사)\s*|\s*(?:㈜|\(주\))\s*$", "", name).strip()


def _new_org(ctx: Context, mention: Mention) -> Org:
    entry = mention.entry
    if entry is not None:
        org = Org(entry.ko or mention.name, entry.en or mention.name, entry)
        org.type, org.level = entry.type, entry.level
        if entry.iri is None:
            org.type = "government"
        return org
    name = _bare(mention.name)
    if HANGUL.search(name):
        gov = mention.type == "government" and name[-1:] in "시군구도"
        en = government_en(name) if gov or name.endswith("의회") else name_en(name)
        org = Org(name, en, suggested=["name.en"])
    else:
        org = Org(name, name, suggested=["name.ko"])
    org.type, org.level, org.public = mention.type, mention.level, mention.public
    return org


def acts(ctx: Context, org: Org) -> bool:
    """False for a new Korean government found only by its one-letter ending that is never
    an actor — never a subject, one of a list, or a post's organisation (울산 남구의 부지,
    솔라시도에): the name is a place there, not a stakeholder."""
    if org.entry is not None or org.type != "government" or ctx.doc.lang != "ko":
        return True
    if org.ko[-1:] not in "시군구도":
        return True
    if any(p.org is org for person in ctx.people for p in person.posts):
        return True
    text = ctx.doc.text
    return any(
        re.match(r"(?:청)?(?:은|는|이|가|와|과|도|,|·)", text[m.span.end : m.span.end + 2])
        for m in org.mentions
    )


def place_of(ctx: Context, mention: Mention) -> Place:
    for place in ctx.places:
        if place.entry is mention.entry:
            place.mentions.append(mention)
            return place
    entry = mention.entry
    assert entry is not None
    place = Place(entry.ko or mention.name, entry.en or mention.name, entry, [mention])
    ctx.places.append(place)
    return place


def find_person(ctx: Context, name: str) -> Person | None:
    key = core(name)
    for person in ctx.people:
        if key in person.keys():
            return person
    return None


# --- reading -------------------------------------------------------------------------------------


def read_names(ctx: Context) -> None:
    """Fill ``ctx.mentions``, ``ctx.orgs``, ``ctx.people`` and ``ctx.places``."""
    for sentence in ctx.doc.sentences:
        found = ctx.gazetteer.scan(sentence)
        people_spans = _people(ctx, sentence, found)
        found = [m for m in found if not _inside(m.span, people_spans) or m.kind == "person"]
        new = new_organisations(sentence, ctx.doc.lang, found + _as_mentions(people_spans))
        inside = contained(found, new)
        found = [m for m in found if m not in inside] + [_fuzzy(ctx, m) for m in new]
        found += _unnamed_consortia(ctx, sentence, found)
        found = [m for m in found if m.kind != "org" or not _inside(m.span, people_spans)]
        ctx.mentions[sentence.index] = sorted(found, key=lambda m: m.span.start)
        for m in ctx.mentions[sentence.index]:
            if m.kind == "org":
                org_of(ctx, m)
            elif m.kind == "place":
                place_of(ctx, m)
    _rescan(ctx)
    for sentence in ctx.doc.sentences:
        _posts(ctx, sentence)


def _rescan(ctx: Context) -> None:
    """Names of new organisations found in one sentence are found in all the others too
    ("Daon Semiconductor Co., Ltd." introduced, then "Daon Semiconductor CEO ...")."""
    names: dict[str, Org] = {}
    for org in ctx.orgs:
        if org.entry is None:
            for name in {org.ko, org.en, *(_bare(m.name) for m in org.mentions)}:
                if name and len(name) >= 2:
                    names[name] = org
    if not names:
        return
    pattern = re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)))
    for sentence in ctx.doc.sentences:
        found = ctx.mentions.setdefault(sentence.index, [])
        people = [s for p in ctx.people for s in p.mentions]
        for m in pattern.finditer(sentence.text):
            s, e = m.start(), m.end()
            text = sentence.text
            if s > 0 and text[s - 1].isalnum() and not HANGUL.match(text[s - 1 : s]):
                continue
            if (
                e < len(text)
                and re.match(r"[A-Za-z0-9]", text[e])
                and re.match(r"[A-Za-z0-9]", text[e - 1])
            ):
                continue
            span = sentence.span(s, e)
            if any(x.span.start < span.end and span.start < x.span.end for x in found):
                continue
            if any(p.start < span.end and span.start < p.end for p in people):
                continue
            org = names[m.group(0)]
            mention = Mention(
                span, "org", None, "pattern", org.confidence, org.type, org.level, org.public
            )
            found.append(mention)
            org.mentions.append(mention)
        found.sort(key=lambda x: x.span.start)


_CONSORTIUM_EN = re.compile(
    r"\b(?:a|an|the)\s+((?:private|public|public-private|industry|business|joint|domestic|"
    r"foreign|international)\s+)?consortium\b(?!\s+(?:of|led|formed|made|including|comprising|"
    r"consisting)\b|(?-i:\s+[A-Z]))",
    re.IGNORECASE,
)
_PURPOSE_EN = re.compile(
    r"\bfor\s+(?:a|an|the)\s+((?:[\w-]+\s+){0,5}?(?i:data\s+cent(?:er|re)|cent(?:er|re)|"
    r"campus|hub|cluster|complex|project|institute|plant|new\s+town|city))\b"
)


def _unnamed_consortia(ctx: Context, sentence: Sentence, found: list[Mention]) -> list[Mention]:
    """A consortium the text does not name but describes by what it is for ("a private
    consortium has shortlisted three counties for a national AI data center"): an organisation
    named after its purpose (``Private consortium for the national AI data center``),
    with a review note. Without a purpose in the sentence it is too vague to record."""
    if ctx.doc.lang != "en":
        return []
    out = []
    for m in _CONSORTIUM_EN.finditer(sentence.text):
        span = sentence.span(m.start(1) if m.group(1) else m.end() - len("consortium"), m.end())
        if any(x.span.start < span.end and span.start < x.span.end for x in found):
            continue
        purpose = _PURPOSE_EN.search(sentence.text, m.end())
        if purpose is None:
            continue
        kind = (m.group(1) or "").strip().lower()
        label = f"{kind} consortium for the {purpose.group(1)}".strip()
        label = label[:1].upper() + label[1:]
        mention = Mention(span, "org", None, "pattern", 0.6, "consortium", None, None, label)
        ctx.review(
            "unnamed-organisation",
            f"the text does not name this consortium or its members: it is recorded as "
            f"'{label}', after what it is for; check it",
            span=span,
        )
        out.append(mention)
    return out


def _fuzzy(ctx: Context, mention: Mention) -> Mention:
    """A new Latin name spelt almost like a registry entry's (one letter off) is taken as that
    entry, with a lower confidence and a review note."""
    hit = ctx.gazetteer.fuzzy(mention.name, "org")
    if hit is None:
        return mention
    entry, score = hit
    ctx.review(
        "fuzzy-match",
        f"'{mention.name}' is taken as the registry's {entry.en} (spelling {score:.0f}% alike): "
        "check it",
        span=mention.span,
    )
    return Mention(mention.span, "org", entry, "fuzzy", 0.6)


def _inside(span: Span, spans: list[Span]) -> bool:
    return any(s.start <= span.start and span.end <= s.end for s in spans)


def _as_mentions(spans: list[Span]) -> list[Mention]:
    return [Mention(s, "person", None, "pattern", 0.8) for s in spans]


def _person(ctx: Context, ko: str | None, en: str | None, entry: Entry | None) -> Person:
    for person in ctx.people:
        if entry is not None and person.entry is entry:
            return person
        if entry is None and person.entry is None and core(ko or en or "") in person.keys():
            return person
    if entry is not None:
        person = Person(entry.ko or ko or en or "", entry.en or en or ko or "", entry)
    elif ko:
        person = Person(ko, person_en(ko), suggested=["name.en"])
    else:
        person = Person(en or "", en or "", suggested=["name.ko"])
    ctx.people.append(person)
    return person


def _people(ctx: Context, sentence: Sentence, found: list[Mention]) -> list[Span]:
    """Person names in ``sentence`` (registry ones and new ones); returns their spans."""
    spans: list[Span] = []
    for m in found:
        if m.kind != "person" or m.entry is None:
            continue
        name = _name_part(m)
        person = _person(ctx, None, None, m.entry)
        person.mentions.append(name)
        person.first = person.first or sentence
        spans.append(name)
    if ctx.doc.lang == "ko":
        candidates = _korean_names(sentence, ctx.gazetteer)
    else:
        candidates = _english_names(sentence)
    for span, ko, en in candidates:
        if any(span.start < s.end and s.start < span.end for s in spans):
            continue
        person = _person(ctx, ko, en, None)
        person.mentions.append(span)
        person.first = person.first or sentence
        spans.append(span)
    return spans


def _name_part(m: Mention) -> Span:
    """The name itself inside a mention that matched a variant with a title (김동연 지사)."""
    entry = m.entry
    assert entry is not None
    for label in sorted(entry.labels, key=len):
        i = m.span.text.find(label)
        if i >= 0 and label in (entry.ko, entry.en):
            return Span(m.span.start + i, m.span.start + i + len(label), label)
    return m.span


def _korean_names(sentence: Sentence, gazetteer) -> list[tuple[Span, str, None]]:
    out = []
    base = sentence.start
    tokens = sentence.tokens
    for i, tok in enumerate(tokens):
        form = tok.form
        if tok.tag != "NNP" or not 2 <= len(form) <= 4 or not re.fullmatch(r"[가-힣]+", form):
            continue
        if form[:1] not in SURNAMES and form[:2] not in SURNAMES:
            continue
        if gazetteer.lookup(form) or (len(form) == 4 and form[:2] not in SURNAMES):
            continue  # 전라남도 is a province, not Mr 전
        after = sentence.text[tok.end - base : tok.end - base + 16]
        if not re.match(r"[\s,·]", after):
            continue  # 경기도지사: a place glued to a title, not a name
        run = _noun_run(sentence, i + 1)
        if not (_title_at_end(run) or after.lstrip().startswith("기자")):
            continue
        out.append((Span(tok.start, tok.end, form), form, None))
    # a name the analyser split (오민지 → 오미/NNP + 이/VCP + ㄴ지): a whole word of two to four
    # syllables with a surname, followed by an organisation and a title
    taken = {s.start for s, _, _ in out}
    for word in re.finditer(r"(?<!\S)([가-힣]{2,4})(?=\s)", sentence.text):
        form, start = word.group(1), base + word.start()
        if start in taken or (form[:1] not in SURNAMES and form[:2] not in SURNAMES):
            continue
        if (
            form[-1] in "는은이가를을의와과에도로"
            or not sentence.text[word.end() + 1 :][:1].strip()
        ):
            continue  # a word with a particle (경기도는) is no bare name
        if gazetteer.lookup(form) or any(t.start == start and t.form == form for t in tokens):
            continue
        index = next((i for i, t in enumerate(tokens) if t.start - base > word.end()), None)
        if index is None:
            continue
        run = _noun_run(sentence, index)
        if _title_at_end(run) and len(run.replace(" ", "")) > len(_title_at_end(run) or ""):
            out.append((Span(start, start + len(form), form), form, None))
    return sorted(out, key=lambda c: c[0].start)


def _noun_run(sentence: Sentence, i: int) -> str:
    """The nouns from token ``i`` until a particle, a comma or a verb (spaces kept)."""
    base = sentence.start
    tokens = sentence.tokens
    if i >= len(tokens):
        return ""
    start = tokens[i].start - base
    end = start
    for tok in tokens[i:]:
        if tok.tag in _NOUN_TAGS and tok.form not in ",·":
            end = tok.end - base
            if tok.form in TITLES or any(tok.form.endswith(t) for t in ("지사", "시장", "대표")):
                break
        else:
            break
    return sentence.text[start:end]


def _title_at_end(run: str) -> str | None:
    compact = run.replace(" ", "")
    for title in _TITLE_KEYS:
        if compact.endswith(title):
            return title
    return None


_EN_NAME = r"[A-Z][a-z]+(?:\s+[A-Z][a-z]+(?:-[a-z]+)?){1,2}"
_EN_TITLE_RE = "|".join(
    re.escape(t).replace(r"\ ", r"\s+") for t in sorted(EN_TITLES, key=len, reverse=True)
)
_TITLE_NAME = re.compile(rf"\b(?i:{_EN_TITLE_RE})\s+({_EN_NAME})")
_NAME_COMMA_TITLE = re.compile(
    rf"\b({_EN_NAME}),\s+(?:the\s+)?(?i:{_EN_TITLE_RE})\s+of\s+"
    r"((?:[A-Z][\w’'.-]*|of|and|the|for|\s)+?)(?=[,.;]|\s+said|\s+\w+ed\b)"
)


def _korean_surname_name(name: str) -> bool:
    first = name.split()[0].lower()
    return first in EN_SURNAMES and len(name.split()) >= 2


def _english_names(sentence: Sentence) -> list[tuple[Span, None, str]]:
    text, base = sentence.text, sentence.start
    out: list[tuple[Span, None, str]] = []
    seen: set[int] = set()
    for pattern in (_TITLE_NAME, _NAME_COMMA_TITLE):
        for m in pattern.finditer(text):
            name = m.group(1)
            if not _korean_surname_name(name):
                continue
            s = m.start(1)
            if s not in seen:
                seen.add(s)
                out.append((Span(base + s, base + s + len(name), name), None, name))
    for m in re.finditer(r"\b([A-Z][a-z]+)\s+([A-Z][a-z]+-[a-z]+)\b", text):
        if m.group(1).lower() in EN_SURNAMES and m.start() not in seen:
            seen.add(m.start())
            out.append((Span(base + m.start(), base + m.end(), m.group(0)), None, m.group(0)))
    return out


# --- posts ---------------------------------------------------------------------------------------


def _posts(ctx: Context, sentence: Sentence) -> None:
    """Posts written next to a person's name in ``sentence``."""
    mentions = ctx.mentions.get(sentence.index, [])
    for person in ctx.people:
        for span in person.mentions:
            if not sentence.start <= span.start < sentence.end:
                continue
            if ctx.doc.lang == "ko":
                _korean_post(ctx, sentence, person, span, mentions)
            else:
                _english_post(ctx, sentence, person, span, mentions)


def _add_post(person: Person, post: Post) -> None:
    """One post per organisation; a post without one only while no other is known."""
    if post.org is None:
        if not person.posts:
            person.posts.append(post)
        return
    person.posts[:] = [p for p in person.posts if p.org is not None]
    if all(p.org is not post.org for p in person.posts):
        person.posts.append(post)


def _government(ctx: Context, name: str) -> Org | None:
    """The government named ``name`` (경기도, 남양주시): known, in the lexicon, or new."""
    org = find_org(ctx, name)
    if org:
        return org
    entries = ctx.gazetteer.lookup(name, ("org",))
    span = Span(0, 0, name)
    if entries:
        entry = sorted(entries, key=lambda e: e.iri is None)[0]
        return org_of(ctx, Mention(span, "org", entry, "registry" if entry.iri else "lexicon", 0.8))
    level = {"도": "province", "시": "city", "군": "city", "구": "district"}.get(name[-1:])
    return org_of(ctx, Mention(span, "org", None, "pattern", 0.6, "government", level, None))


#: Titles of a company's head, and of a ministry's.
_COMPANY_TITLES = ("대표이사", "대표", "사장", "회장", "부회장")


def _employer(ctx: Context, name: str, title: str, span: Span) -> Org | None:
    """The organisation written before a title (``LH 사장``): known, or new when the title is
    a company head's."""
    org = find_org(ctx, name)
    if org:
        return org
    entries = ctx.gazetteer.lookup(name, ("org",))
    if entries:
        return _government(ctx, name)
    if title in _COMPANY_TITLES and (re.fullmatch(r"[A-Za-z&]{2,}", name) or len(name) >= 2):
        mention = Mention(
            Span(span.start, span.start + len(name), name),
            "org",
            None,
            "pattern",
            0.6,
            "company",
            None,
            None,
        )
        return org_of(ctx, mention)
    return None


def _korean_post(ctx: Context, sentence: Sentence, person: Person, span: Span, mentions) -> None:
    base = sentence.start
    rel = span.end - base
    index = next((i for i, t in enumerate(sentence.tokens) if t.start - base >= rel), None)
    if index is None:
        return
    run = _noun_run(sentence, index)
    if sentence.text[rel:].lstrip().startswith("기자"):
        person.reporter = True
        return
    title = _title_at_end(run)
    if not title or len(run.replace(" ", "")) > 24:
        return
    compact = run.replace(" ", "")
    prefix = compact[: -len(title)]
    info = TITLES[title]
    org = None
    run_start = base + rel + (len(sentence.text[rel:]) - len(sentence.text[rel:].lstrip()))
    run_span = Span(run_start, run_start + len(run), run)
    inside = [
        m for m in mentions if m.kind == "org" and run_span.start <= m.span.start < run_span.end
    ]
    if inside:
        org = org_of(ctx, inside[0]) if inside[0].entry or inside[0].type else None
        org = org or find_org(ctx, inside[0].name)
    elif prefix and info.government_suffix:
        org = _government(ctx, prefix + info.government_suffix)
    elif prefix:
        org = _employer(ctx, prefix, title, run_span)
    else:
        before = [m for m in mentions if m.kind == "org" and 0 <= span.start - m.span.end <= 2]
        org = find_org(ctx, before[-1].name) if before else None
    if org is not None and org.type == "political-party":
        person.member_of, org = org, None  # 더불어민주당 한서진 의원: a member, not a post
    if org is None and title in ("의원", "국회의원"):
        org = _government(ctx, "국회")
    if org is None and title in ("대통령", "국무총리", "총리"):
        org = _government(ctx, "정부")
    role_ko = (prefix + title) if info.government_suffix and prefix else title
    role_en = info.en + (f" of {org.en}" if org and info.government_suffix else "")
    _add_post(person, Post(org, role_ko, role_en, run_span, sentence))


def _city_government(ctx: Context, place: str) -> Org | None:
    """``Busan`` before ``Mayor``: the government of that place, if known."""
    for suffix in (" Metropolitan City", " City", " Province", " County", ""):
        entries = ctx.gazetteer.lookup(place + suffix, ("org",))
        if entries:
            entry = sorted(entries, key=lambda e: e.iri is None)[0]
            return org_of(
                ctx,
                Mention(
                    Span(0, 0, place), "org", entry, "registry" if entry.iri else "lexicon", 0.7
                ),
            )
        found = find_org(ctx, place + suffix)
        if found is not None and found.type == "government":
            return found
    return None


def _english_post(ctx: Context, sentence: Sentence, person: Person, span: Span, mentions) -> None:
    text, base = sentence.text, sentence.start
    before = text[: span.start - base]
    after = text[span.end - base :]
    m = re.search(rf"(?i:({_EN_TITLE_RE}))\s*$", before)
    title = m.group(1) if m else None
    org = None
    m2 = re.match(rf",\s+(?:the\s+)?(?i:({_EN_TITLE_RE}))\s+of\s+", after)
    if m2:
        title = m2.group(1)
        scope = span.end + m2.end()
        org_mentions = [x for x in mentions if x.kind == "org" and x.span.start >= scope]
        if org_mentions and org_mentions[0].span.start - scope <= 3:
            org = find_org(ctx, org_mentions[0].name)
    elif m:
        org_mentions = [x for x in mentions if x.kind == "org" and x.span.end <= base + m.start()]
        if org_mentions and base + m.start() - org_mentions[-1].span.end <= 2:
            org = find_org(ctx, org_mentions[-1].name)
        else:
            place = re.search(r"([A-Z][a-z]+(?:-[a-z]+)?)\s+$", before[: m.start()])
            org = _city_government(ctx, place.group(1)) if place else None
    party = re.match(r"\s+of\s+the\s+", after)
    if party:
        scope = span.end + party.end()
        near = [x for x in mentions if x.kind == "org" and 0 <= x.span.start - scope <= 1]
        if near:
            found = find_org(ctx, near[0].name)
            if found and found.type == "political-party":
                person.member_of = found
    if not title:
        return
    ko_title = EN_TITLES.get(re.sub(r"\s+", " ", title.lower()), title)
    if org is None and ko_title == "국회의원":
        org = _government(ctx, "국회")
    if org is None and ko_title in ("국무총리",):
        org = _government(ctx, "정부")
    info = TITLES.get(ko_title)
    written = " ".join(title.split())
    written = written if written.isupper() else written[:1].upper() + written[1:]
    role_en = info.en if info and ko_title in ("국회의원", "국무총리") else written
    _add_post(person, Post(org, ko_title, role_en, span, sentence))
