"""Relationships read sentence by sentence: agreements, projects, sites, budgets, proposals,
designations, and the article's own metadata.

Each reader looks for the words that make a sentence one kind of statement (``협약을
체결했다``, ``signed a memorandum``; ``예산 ... 편성``, ``earmarked``; ``제안``, ``urged``;
``지정``, ``designated``), then takes the names and figures of that sentence into the roles
the format has. What a sentence does not settle is not filled in but asked in a review note:

- a proposal is never an agreement: a sentence that proposes, urges or plans an agreement
  gives a proposal or a note, never an agreement;
- people who *attended* a signing are event participants; they are signatories only where
  the text says they signed;
- an organisation named as a neighbour of a site (``인근``, ``next to``) or as a venue is no
  party or developer;
- a figure reported as an outcome (sales, past results) is no investment;
- in a text whose figures lost digits in translation, amounts and areas are only proposed.
"""

from __future__ import annotations

import re
from decimal import Decimal

from ..names import core
from .figures import Figure, find_figures, find_garbled, find_garbled_dates, short_year_window
from .gazetteer import Mention
from .model import Context, Evidence, Item, Org, Person
from .people import acts, find_org, org_of, place_of
from .text import Sentence, Span

__all__ = ["read_relations", "read_article"]

# --- cue words ---------------------------------------------------------------------------------

_AGREEMENT_KO = re.compile(
    r"(협약|MOU|양해각서|협정|계약)\S{0,12}\s*(?:\S+\s+){0,2}?(체결|맺|서명|교환)"
)
_AGREEMENT_EN = re.compile(
    r"\b(signed|inked|concluded|sign)\b[^.]*?\b(MOU|memorandum|agreement|pact|deal|contract)s?\b"
    r"|\b(MOU|memorandum of understanding|agreement|pact)\b[^.]*?\b(was|were)\s+signed\b",
    re.IGNORECASE,
)
_PROPOSAL_KO = re.compile(r"(제안|촉구|요청|건의|주장)(했|하며|하고|한다|했다|하였)|해야\s*한다고")
_PROPOSAL_EN = re.compile(
    r"\b(proposed|urged|called for|calls for|argued|suggested|demanded|pressed)\b", re.IGNORECASE
)
_PLAN_AGREEMENT_KO = re.compile(r"(체결|맺)(할|을\s*추진|하기로|할\s*예정|을\s*앞두|어야|지\s*않)")
_PLAN_AGREEMENT_EN = re.compile(
    r"\b(will|plans? to|is to|are to|expects? to|would|should|did not|has not|have not)\s+"
    r"(sign|conclude)\b",
    re.IGNORECASE,
)
_NEAR = re.compile(
    r"^\s*(?:의\s*)?(?:공장|창고|물류창고|사업장|시설)?\s*(?:이|가)?\s*(?:바로\s*)?(?:인근|근처|옆|주변|맞은편)"
    r"|^[,\s]*(?:which|whose|that)\s+(?:\S+\s+){0,6}(?:next to|near|beside|across|adjacent|"
    r"at the edge|on the edge|nearby|neighbou?ring)",
    re.IGNORECASE,
)
_NOT_INVOLVED = re.compile(
    r"(관계가 없|관련이 없|참여하지 않|사업 주체는 아니|not involved|not part of|no plans to join|"
    r"is not a party|has no part|was not involved)",
    re.IGNORECASE,
)
_ATTEND_KO = re.compile(r"참석|참여한 가운데|배석")
_ATTEND_EN = re.compile(r"\battend(?:ed|ing)?\b|\bwere present\b|\bwas present\b", re.IGNORECASE)
_SIGNED_BY_KO = re.compile(r"서명(했|하였|한)")
_OUTCOME = re.compile(
    r"매출|달성|실적|기록했|기록한|sales|revenue|achieved|recorded|turnover|raised|attracted",
    re.IGNORECASE,
)
_INVEST = re.compile(
    r"투입|투자|들여|사업비|규모|비용|invest|cost|worth|total investment|spend", re.IGNORECASE
)
_BUDGET_KO = re.compile(r"예산|국비|시비|도비|군비|구비")
_BUDGET_EN = re.compile(
    r"\bbudget\b|\bearmark|\ballocat|\bset aside\b|\bsets aside\b|\bappropriat", re.IGNORECASE
)
_STAGES = [
    ("executed", re.compile(r"집행|\bspent\b|\bexecuted\b", re.IGNORECASE)),
    ("approved", re.compile(r"의결|통과|확정했|\bapproved\b|\bpassed\b", re.IGNORECASE)),
    ("allocated", re.compile(r"배정|\ballocated\b", re.IGNORECASE)),
    ("requested", re.compile(r"요구|신청|요청|\brequest(?:ed|s)?\b", re.IGNORECASE)),
    (
        "earmarked",
        re.compile(
            r"편성|반영|확보|\bearmark(?:ed)?\b|set aside|sets aside|budgeted", re.IGNORECASE
        ),
    ),
]
_DESIGNATION = re.compile(r"지정|designat", re.IGNORECASE)
_DESIGNATED_PAST = re.compile(r"지정(했|됐|되었|하였)|\bdesignated\b(?!\s+as\b)", re.IGNORECASE)
_DESIGNATION_PLAN = re.compile(
    r"지정될\s*예정|지정할\s*계획|지정을\s*추진|지정\s*추진|will be designated|plans? to designate|"
    r"promot\w+ the designation|to be designated|be re-designated|will be re-designated",
    re.IGNORECASE,
)
_APPLIED = re.compile(r"신청(했|하였|한)|\bapplied\b", re.IGNORECASE)
_ZONE_KO = re.compile(r"[\w·]*(?:특구|특정개발진흥지구|산업단지|진흥지구|특화단지)")
_ZONE_EN = re.compile(r"(?:[A-Z][\w-]*\s+){1,6}(?:Special Zone|Zone|District|Complex|Cluster)\b")
_ZONE_TYPES = {
    "지역특화발전특구": "regional-specialized-development-zone",
    "regional specialized development zone": "regional-specialized-development-zone",
    "특정개발진흥지구": "specific-development-promotion-district",
    "specific development promotion district": "specific-development-promotion-district",
    "도시첨단산업단지": "urban-high-tech-industrial-complex",
    "urban high-tech industrial complex": "urban-high-tech-industrial-complex",
}
_FACILITY_KO = r"데이터센터|센터|허브|캠퍼스|연구원|연구소|클러스터|테스트베드|공장|신도시"
_FACILITY_EN = (
    r"data cent(?:er|re)|campus|hub|cent(?:er|re)|institute|cluster|test bed|testbed|plant|"
    r"factory|facility|new town|complex"
)
_BUILD_KO = re.compile(
    r"구축|건립|건설|짓|지을|조성|설립|착공|들어서|세우|세워|개관|개소|준공|완공"
)
_BUILD_EN = re.compile(
    r"\b(build|builds|building|built|construct\w*|establish\w*|set up|develop\w*|create|open|"
    r"opens|opened|invest)\b",
    re.IGNORECASE,
)
_MILESTONES = [
    (
        "construction_start",
        re.compile(
            r"^\s*(?:에|부터)?\s*(?:착공|공사를? 시작)|"
            r"^\s*(?:to\s+)?(?:start|begin)",
            re.IGNORECASE,
        ),
        re.compile(
            r"(?:착공|construction\s+(?:is\s+scheduled\s+to\s+|will\s+)?(?:start|begin)s?"
            r"(?:\s+in)?|break(?:s)? ground in)\s*$",
            re.IGNORECASE,
        ),
    ),
    (
        "completion",
        re.compile(r"^\s*(?:까지|에|에는)?\s*(?:준공|완공|완료|완성)", re.IGNORECASE),
        re.compile(
            r"(?:completion\s+(?:is\s+)?(?:targeted|scheduled|planned|expected)\s+for|"
            r"complet\w+\s+(?:in|by)|finished\s+by|be\s+built\s+(?:in|by)|by)\s*$",
            re.IGNORECASE,
        ),
    ),
    (
        "opening",
        re.compile(
            r"^\s*(?:에|에는)?\s*(?:문을\s*열|개관|개소|개원|가동|운영을?\s*시작)", re.IGNORECASE
        ),
        re.compile(
            r"(?:open(?:s|ed)?|to open|opening|be opened|will be opened)\s+(?:in|by)\s*$",
            re.IGNORECASE,
        ),
    ),
]


# --- helpers -----------------------------------------------------------------------------------


def _orgs_in(ctx: Context, sentence: Sentence) -> list[tuple[Mention, Org]]:
    out = []
    for m in ctx.mentions.get(sentence.index, []):
        if m.kind == "org":
            org = find_org(ctx, m.name) if m.entry is None else None
            out.append((m, org or org_of_existing(ctx, m)))
    return [(m, o) for m, o in out if o is not None]


def org_of_existing(ctx: Context, m: Mention) -> Org | None:
    for org in ctx.orgs:
        if m in org.mentions or (m.entry is not None and org.entry is m.entry):
            return org
    return None


def _people_in(ctx: Context, sentence: Sentence) -> list[tuple[Span, Person]]:
    out = []
    for person in ctx.people:
        for span in person.mentions:
            if sentence.start <= span.start < sentence.end:
                out.append((span, person))
    return sorted(out, key=lambda p: p[0].start)


def _after(sentence: Sentence, span: Span, n: int = 30) -> str:
    rel = span.end - sentence.start
    return sentence.text[rel : rel + n]


def _before(sentence: Sentence, span: Span, n: int = 30) -> str:
    rel = span.start - sentence.start
    return sentence.text[max(0, rel - n) : rel]


def _near_site(sentence: Sentence, span: Span) -> bool:
    """Named as a neighbour of the site, or said not to take part."""
    rest = sentence.text[span.end - sentence.start :]
    return bool(_NEAR.search(rest[:60]) or _NOT_INVOLVED.search(rest))


def _venue(sentence: Sentence, span: Span, lang: str) -> bool:
    if lang == "ko":
        return bool(re.match(r"(?:청)?에서", _after(sentence, span, 4)))
    return bool(re.search(r"\bat\s+(?:the\s+)?$", _before(sentence, span, 10)))


def _clauses(sentence: Sentence, lang: str) -> list[tuple[int, int]]:
    """(start, end) of the clauses of a sentence (sentence offsets)."""
    text = sentence.text
    if lang == "ko":
        cuts = [m.end() for m in re.finditer(r"(?:며|고|으나|지만|는데|해),\s", text)]
    else:
        cuts = [
            m.start() for m in re.finditer(r",\s+(?:and|but|while|which|whose|who)\b|;\s", text)
        ]
    bounds = [0, *cuts, len(text)]
    return [(a, b) for a, b in zip(bounds, bounds[1:], strict=False) if b > a]


def _clause_of(sentence: Sentence, offset: int, lang: str) -> tuple[int, int]:
    for a, b in _clauses(sentence, lang):
        if a <= offset - sentence.start < b:
            return a, b
    return 0, len(sentence.text)


def _quoted(sentence: Sentence) -> list[Span]:
    out = []
    for m in re.finditer(r"[‘'`“\"]([^’'`”\"]{2,60})[’'`”\"]", sentence.text):
        name = m.group(1).rstrip(",.;: ")
        out.append(sentence.span(m.start(1), m.start(1) + len(name)))
    return out


def _evidence(sentence: Sentence, confidence: float, *spans: tuple[str, Span]) -> Evidence:
    ev = Evidence(sentence, confidence)
    for name, span in spans:
        ev.add(name, span)
    return ev


def _figures(ctx: Context, sentence: Sentence, kind: str) -> list[Figure]:
    return [f for f in ctx.figures.get(sentence.index, []) if f.kind == kind]


def _names(orgs: list[Org]) -> list[Org]:
    out: list[Org] = []
    for org in orgs:
        if org not in out:
            out.append(org)
    return out


# --- article -----------------------------------------------------------------------------------

_DATELINE = re.compile(
    r"(?:등록|입력|기사입력|승인|수정|발행|Published|Posted(?: on)?|Updated|Date)\s*[:：]?\s*",
    re.IGNORECASE,
)


def read_article(ctx: Context) -> dict:
    """Headline, dateline, byline and language of the article, with their spans."""
    doc = ctx.doc
    meta: dict = {"language": doc.lang, "evidence": []}
    head = [s for s in doc.sentences if s.heading]
    lines = head or doc.sentences[:1]
    title = next((s for s in lines if len(s.text) >= 15 and not _is_meta_line(s.text)), None)
    if title is not None:
        meta["title"] = title
    for s in head[:8] + doc.sentences[:3]:
        m = _DATELINE.search(s.text)
        figures = find_figures(s)
        dates = [f for f in figures if f.kind == "date" and f.value.datatype == "date"]
        if dates and (m or _is_meta_line(s.text)):
            meta["issued"] = dates[0]
            break
    for person in ctx.people:
        if person.reporter:
            meta["author"] = person
            break
    else:
        for s in head[:8]:
            m = re.search(r"\bBy\s+([A-Z][a-z]+(?:\s+[A-Z][a-z-]+){1,2})", s.text)
            if m:
                meta["author_text"] = s.span(m.start(1), m.end(1))
                break
    return meta


def _is_meta_line(text: str) -> bool:
    return (
        bool(_DATELINE.search(text) or re.search(r"기자|^By\s|\|", text))
        and len(text) < 80
        or (bool(re.fullmatch(r"[\w\s,.]*\d{4}[\w\s,.:]*", text)) and len(text) < 40)
    )


# --- main --------------------------------------------------------------------------------------


def read_relations(ctx: Context) -> None:
    """Read every body sentence into items of ``ctx`` (and review notes)."""
    body = ctx.doc.text[: ctx.doc.body_end]
    ctx.short_years = short_year_window(body, years=(ctx.year or "",))
    for sentence in ctx.doc.sentences:
        ctx.figures[sentence.index] = find_figures(sentence, ctx.year, ctx.short_years)
        for g in find_garbled(sentence.text, sentence.start):
            ctx.garbled = True
            ctx.review(
                "garbled-figure",
                f"'{g.text}' lost digits in translation: not read as a value",
                span=g,
            )
        if ctx.short_years is not None and not sentence.heading:
            for g in find_garbled_dates(sentence.text, sentence.start):
                ctx.review(
                    "garbled-date",
                    f"'{g.text}' looks like a date that lost digits in translation: not read "
                    "as a value; check it against the original",
                    span=g,
                )
    _mark_facilities(ctx)
    for sentence in ctx.doc.sentences:
        if sentence.heading:
            continue
        proposal = _is_proposal(ctx, sentence)
        if proposal:
            _proposal(ctx, sentence)
        elif _signs_the_agreement(ctx, sentence):
            _add_signatories(ctx, sentence, [p for _, p in _people_in(ctx, sentence)])
        elif _is_agreement(ctx, sentence):
            _agreement(ctx, sentence)
        _projects(ctx, sentence, proposed=proposal)
        if proposal:
            _merge_proposal(ctx, sentence)
        if _is_budget(ctx, sentence):
            _budget(ctx, sentence)
        elif _APPROVES_BUDGET.search(sentence.text):
            _budget_approved(ctx, sentence)
        if _DESIGNATION.search(sentence.text):
            _designation(ctx, sentence)
        _areas(ctx, sentence)
        _attendance(ctx, sentence)
        _talks(ctx, sentence)
        _initiatives(ctx, sentence)
        _studies(ctx, sentence)
    _link_projects(ctx)
    _weak_readings(ctx)
    _left_over(ctx)


_TO_BUILD_EN = re.compile(
    r"(establish|build|create|set up|found)\w*\s+(?:\w+\s+){0,4}(?:a|an|the)\s*$", re.IGNORECASE
)
_TO_BUILD_KO = re.compile(r"^(?:을|를)\s*(?:\S+\s+){0,2}?(?:설립|건립|세우|유치)")


def _mark_facilities(ctx: Context) -> None:
    """New 'organisations' that the text only builds (a research institute to be set up) are
    projects, not stakeholders."""
    for org in ctx.orgs:
        if org.entry is not None:
            continue
        for m in org.mentions:
            sentence = ctx.doc.sentence_at(m.span.start)
            if sentence is None:
                continue
            before = _before(sentence, m.span, 40)
            after = _after(sentence, m.span, 30)
            if (
                _TO_BUILD_EN.search(before)
                or re.match(r"\s*\(total investment", after)
                or _TO_BUILD_KO.match(after)
            ):
                org.facility = True


# --- agreements ----------------------------------------------------------------------------------


_EXCHANGE = re.compile(
    r"\bproperty\s+exchange\b[^.]*?\bwith\s+(?:the\s+)?[A-Z][^.]*?\b(?:was|were)\s+completed\b"
    r"|재산\s*교환[^.]*?(?:완료|마무리)",
    re.IGNORECASE,
)


def _is_agreement(ctx: Context, sentence: Sentence) -> bool:
    text = sentence.text
    if _EXCHANGE.search(text):
        return True
    if ctx.doc.lang == "ko":
        m = _AGREEMENT_KO.search(text)
        if not m:
            return False
        plan = _PLAN_AGREEMENT_KO.search(text[m.start() :])
    else:
        m = _AGREEMENT_EN.search(text)
        if not m:
            return False
        plan = _PLAN_AGREEMENT_EN.search(text)
    if plan:
        ctx.review(
            "planned-agreement",
            "an agreement that is planned, proposed or denied, not signed: not recorded",
            span=sentence.span(m.start(), m.end()),
        )
        return False
    return True


def _agreement_type(text: str) -> str | None:
    low = text.lower()
    if "property exchange" in low or re.search(r"재산\s*교환", text):
        return "property-exchange"
    if "투자협약" in text or "investment agreement" in low:
        return "investment-agreement"
    if re.search(r"업무협약|양해각서|MOU|memorandum", text, re.IGNORECASE):
        return "memorandum-of-understanding"
    if "교환" in text or "exchange" in low:
        return "property-exchange"
    return None


def _agreement(ctx: Context, sentence: Sentence) -> None:
    lang = ctx.doc.lang
    text = sentence.text
    ev = _evidence(sentence, 0.85)
    parties: list[Org] = []
    people = _people_in(ctx, sentence)
    attend = (_ATTEND_KO if lang == "ko" else _ATTEND_EN).search(text)
    signed_by_people = _SIGNED_BY_KO.search(text) if lang == "ko" else None
    quotes = _quoted(sentence)
    for m, org in _orgs_in(ctx, sentence):
        if (
            org.facility
            or _near_site(sentence, m.span)
            or _NOT_INVOLVED.search(_after(sentence, m.span, 60))
        ):
            continue
        if _venue(sentence, m.span, lang) and len(org.mentions) <= 2:
            continue
        if any(q.start <= m.span.start < q.end for q in quotes) or not acts(ctx, org):
            continue
        if any(p.start <= m.span.start < p.end + 20 for p, _ in people) and not attend:
            continue  # an organisation inside a signer's post is read through the post
        parties.append(org)
        ev.add("parties", m.span)
    signatories: list[Person] = []
    attendees: list[Person] = []
    for span, person in people:
        post_org = next((p.org for p in person.posts if p.org is not None), None)
        if (
            attend
            or lang == "en"
            and not re.search(r"\bsigned\b", text[span.end - sentence.start :])
        ):
            attendees.append(person)
        else:
            signatories.append(person)
        if post_org is not None and (attend or signed_by_people is None):
            parties.append(post_org)
            ev.add("parties", span)
    if lang == "en":
        signatories, attendees = _english_signers(sentence, people, signatories, attendees)
    parties = _names(parties)
    if len(parties) == 1 and _EXCHANGE.search(text):
        other = _previous_subject(ctx, sentence, parties[0])
        if other is not None:
            parties.insert(0, other)
            ctx.review(
                "party-from-context",
                f"{other.en} is taken as the other party from the sentence before (the text "
                f"says only 'with {parties[1].en}'): check it",
                span=sentence.span(0, len(text)),
            )
    if len(parties) == 1:
        said = _government_word(ctx, sentence, 0, len(text))
        if said is not None and said[1] not in parties:
            parties.insert(0, said[1])
            ev.add("parties", said[0])
            ctx.review(
                "party-from-context",
                f"'{said[0].text}' is taken as {said[1].en}, the government the article is "
                "about: check it",
                span=said[0],
            )
    if len(parties) < 2:
        # "A, B and C signed the agreement" names signatories, not a new agreement
        if signatories and ctx.items and any(i.section == "agreements" for i in ctx.items):
            _add_signatories(ctx, sentence, signatories)
            return
        if lang == "ko" and signed_by_people and ctx.items:
            _add_signatories(ctx, sentence, [p for _, p in people])
            return
        ctx.review(
            "agreement-parties",
            "an agreement with fewer than two parties found in its sentence: not recorded",
            span=sentence.span(0, len(text)),
        )
        return
    fields: dict = {"parties": parties}
    kind = _agreement_type(text)
    if kind:
        fields["type"] = kind
    quoted = [
        q for q in _quoted(sentence) if re.search(r"협약|MOU|agreement|양해각서", q.text, re.I)
    ]
    if quoted:
        fields["name_ko"] = quoted[0].text
        ev.add("name", quoted[0])
    dates = [f for f in _figures(ctx, sentence, "date") if f.value.datatype != "gYear"]
    if dates:
        fields["signed"] = dates[0]
        ev.add("signed", dates[0].span)
    amounts = _figures(ctx, sentence, "amount")
    if amounts and not _OUTCOME.search(text):
        fields["amount"] = amounts[0]
        ev.add("amount", amounts[0].span)
    if signatories and not attend:
        fields["signatories"] = signatories
        for span, person in people:
            if person in signatories:
                ev.add("signatories", span)
    item = Item("agreements", fields, [ev])
    ctx.items.append(item)
    if attendees:
        _signing_event(ctx, sentence, item, attendees, dates[0] if dates else None)


_SIGNS_THE_KO = re.compile(r"협약서(?:에|에는)?\s.*서명(?:했|하였)")
_SIGNS_THE_EN = re.compile(
    r"\bsigned\s+(?:the|this|that)\s+(?:agreement|memorandum|MOU|pact|deal)\b|\bsigned\s+it\b",
    re.IGNORECASE,
)


def _signs_the_agreement(ctx: Context, sentence: Sentence) -> bool:
    """ "A and B signed the agreement": who signed the agreement just reported, if people."""
    pattern = _SIGNS_THE_KO if ctx.doc.lang == "ko" else _SIGNS_THE_EN
    return (
        bool(pattern.search(sentence.text))
        and any(i.section == "agreements" for i in ctx.items)
        and bool(_people_in(ctx, sentence))
    )


def _previous_subject(ctx: Context, sentence: Sentence, other: Org) -> Org | None:
    """The first organisation of the sentence before (the one the text continues about)."""
    if sentence.index == 0:
        return None
    before = ctx.doc.sentences[sentence.index - 1]
    for _, org in _orgs_in(ctx, before):
        if org is not other:
            return org
    return None


def _english_signers(sentence, people, signatories, attendees):
    """In English, the people before "signed" signed; the others attended."""
    text = sentence.text
    m = re.search(r"\bsigned\b", text)
    if not m:
        return [], [p for _, p in people]
    signers = [p for span, p in people if span.start - sentence.start < m.start()]
    if re.search(r"\bsigned by\b", text):
        signers = [p for span, p in people if span.start - sentence.start > m.start()]
    others = [p for _, p in people if p not in signers]
    return signers, others


def _add_signatories(ctx: Context, sentence: Sentence, people: list[Person]) -> None:
    agreement = [i for i in ctx.items if i.section == "agreements"][-1]
    current = agreement.fields.setdefault("signatories", [])
    ev = _evidence(sentence, 0.85)
    for span, person in _people_in(ctx, sentence):
        if person in people and person not in current:
            current.append(person)
            ev.add("signatories", span)
            org = next((p.org for p in person.posts if p.org is not None), None)
            if org is not None and org not in agreement.fields["parties"]:
                ctx.review(
                    "signatory-party",
                    f"{person.en} signed for {org.en}, which is not among the parties",
                    span=span,
                    item=agreement,
                )
    agreement.evidence.append(ev)


def _signing_event(ctx, sentence, agreement: Item, attendees: list[Person], date) -> None:
    fields = {"participants": attendees, "of": agreement}
    if date is not None:
        fields["date"] = date
    ev = _evidence(sentence, 0.8)
    for span, person in _people_in(ctx, sentence):
        if person in attendees:
            ev.add("participants", span)
    ctx.items.append(Item("events", fields, [ev]))
    for span, person in _people_in(ctx, sentence):
        if person in attendees:
            ctx.review(
                "attendee-or-signatory",
                f"{person.en} attended the signing; the text does not say that they signed: "
                "recorded as a participant of the signing, not as a signatory",
                span=span,
                item=agreement,
            )


def _attendance(ctx: Context, sentence: Sentence) -> None:
    """'C도 참석했다', 'C attended the ceremony': C takes part in the last signing, unsigned."""
    lang = ctx.doc.lang
    if not (_ATTEND_KO if lang == "ko" else _ATTEND_EN).search(sentence.text):
        return
    if _is_agreement_sentence(ctx, sentence):
        return
    events = [i for i in ctx.items if i.section == "events" and "of" in i.fields]
    agreements = [i for i in ctx.items if i.section == "agreements"]
    people = [p for _, p in _people_in(ctx, sentence)]
    if not people or not agreements:
        return
    if events:
        event = events[-1]
    else:
        event = Item("events", {"participants": [], "of": agreements[-1]}, [])
        ctx.items.append(event)
    ev = _evidence(sentence, 0.8)
    for span, person in _people_in(ctx, sentence):
        if person not in event.fields["participants"]:
            event.fields["participants"].append(person)
            ev.add("participants", span)
    event.evidence.append(ev)


_TALKS_KO = re.compile(r"(투자\s*)?(상담|협의|회의|논의|팸투어|협상)")
_TALKS_EN = re.compile(r"\b(talks|consultations|negotiations|meetings)\b", re.I)


def _talks(ctx: Context, sentence: Sentence) -> None:
    """ "도는 2024년 9월부터 카카오와의 투자 상담 ... 을 이어 왔다": talks since a date, an event
    (never an agreement)."""
    text = sentence.text
    lang = ctx.doc.lang
    talks = (_TALKS_KO if lang == "ko" else _TALKS_EN).search(text)
    if not talks:
        return
    since = None
    for f in _figures(ctx, sentence, "date"):
        rel = f.span.end - sentence.start
        if (
            lang == "ko"
            and text[rel : rel + 3].startswith("부터")
            or lang == "en"
            and re.search(r"\bsince\s*$", text[: f.span.start - sentence.start])
        ):
            since = f
    if since is None:
        return
    participants = [o for _, o in _orgs_in(ctx, sentence) if not o.facility]
    subject = re.match(r"\s*(도|시|군)는", text)
    if subject:
        level = {"도": "province", "시": "city", "군": "city"}[subject.group(1)]
        main = [o for o in ctx.orgs if o.level in (level, "metropolitan-city", "special-city")]
        if main and main[0] not in participants:
            participants.insert(0, main[0])
    participants = _names(participants)
    if not participants:
        return
    ev = _evidence(
        sentence, 0.7, ("start", since.span), ("name", sentence.span(talks.start(), talks.end()))
    )
    for m, org in _orgs_in(ctx, sentence):
        if org in participants:
            ev.add("participants", m.span)
    fields = {"participants": participants, "start": since, "name_ko": talks.group(0)}
    ctx.items.append(Item("events", fields, [ev]))


# --- initiatives ---------------------------------------------------------------------------------

#: The last word of a policy plan's name.
_PLAN_WORD_EN = (
    r"(?:Plan|Strategy|Roadmap|Initiative|Vision|Blueprint|Master\s+Plan|Programme|Program)"
)
_PLAN_WORD_KO = ("계획", "전략", "방안", "로드맵", "구상", "비전", "대책")
_PLAN_NAME = re.compile(
    rf"(?:{_PLAN_WORD_EN}|{'|'.join(_PLAN_WORD_KO)})(?:\s+(?:20\d\d|\d\.\d))?$", re.IGNORECASE
)  # a target year or a version may follow: "AI Data Roadmap 2030", "Digital New Deal 2.0"
_ANNOUNCE_EN = re.compile(
    r"\b(?:announc(?:e|es|ed|ing)|unveil(?:s|ed|ing)?|releas(?:e|es|ed|ing)|"
    r"launch(?:es|ed|ing)?)\b",
    re.IGNORECASE,
)
_ANNOUNCE_KO = re.compile(r"발표|공개|내놓")
#: "the city", "시는": the government the article is about, by its level.
_GOVERNMENT_WORDS = {
    "city": ("special-city", "metropolitan-city", "city"),
    "province": ("province",),
    "county": ("city",),
    "district": ("district",),
    "ministry": ("ministry",),
    "시": ("special-city", "metropolitan-city", "city"),
    "도": ("province",),
    "군": ("city",),
    "구": ("district",),
}


def _the_government(ctx: Context, word: str) -> Org | None:
    """The government a text calls "the city" (시는): the first one of that level it names."""
    levels = _GOVERNMENT_WORDS.get(word.lower(), ())
    for org in ctx.orgs:
        if org.type == "government" and org.level in levels and org.mentions and acts(ctx, org):
            return org
    return None


def _plan_names(ctx: Context, sentence: Sentence) -> list[Span]:
    """Names of policy plans in ``sentence``: quoted ('Yangjae Tech+City Plan', '양재 AI 혁신지구
    활성화 계획'), or in Korean a noun phrase ending in 계획/전략/방안/... ."""
    out = [q for q in _quoted(sentence) if _PLAN_NAME.search(q.text) and len(q.text) > 6]
    if ctx.doc.lang == "ko":
        for span in _korean_nps(sentence, _PLAN_WORD_KO):
            if not any(q.start <= span.start < q.end for q in out):
                out.append(span)
    return out


def _initiatives(ctx: Context, sentence: Sentence) -> None:
    """ "서울시는 'X 계획'을 발표했다", "The city announced the 'X Plan'", "After announcing the
    'X Plan' in March 2019, the city ...": a policy plan, who leads it and when it was
    announced (a date in the same clause; none is inferred from the dateline)."""
    lang = ctx.doc.lang
    text = sentence.text
    cue = (_ANNOUNCE_KO if lang == "ko" else _ANNOUNCE_EN).search(text)
    if not cue:
        return
    for span in _plan_names(ctx, sentence):
        rel_s, rel_e = span.start - sentence.start, span.end - sentence.start
        if lang == "en":
            between = text[cue.end() : rel_s]
            announced = 0 <= rel_s - cue.end() <= 12 and re.fullmatch(
                r"\s*(?:the|a|its|their)?\s*[‘'`“\"]?", between
            )
            passive = re.match(  # "the 'X Vision' (that was) announced in 2018"
                r"[’'`”\"]?,?\s*(?:(?:which|that)\s+)?(?:it|they|the\s+\w+\s+)?\s*"
                r"(?:first\s+|had\s+|was\s+|were\s+)*(?:announced|unveiled|released|launched)\b",
                text[rel_e:],
            )
            if not (announced or passive):
                continue  # the plan is not what is announced
        elif not re.match(
            r"[’'”\"]?\s*(?:을|를)\s*(?:\S+\s+){0,3}?\S*(?:발표|공개|내놓)", text[rel_e:]
        ):
            continue
        name = span.text.strip()
        item = next(
            (
                i
                for i in ctx.items
                if i.section == "initiatives" and core(i.fields["name_text"]) == core(name)
            ),
            None,
        )
        ev = _evidence(sentence, 0.75, ("name", span))
        if item is None:
            item = Item("initiatives", {"name_text": name, "sentence": sentence}, [])
            ctx.items.append(item)
        item.evidence.append(ev)
        leader = _actor(ctx, sentence, 0, cue.start() if lang == "en" else rel_s)
        if leader is None and lang == "en":
            leader = _actor(ctx, sentence, 0, len(text))
        if leader is not None and "led_by" not in item.fields:
            item.fields["led_by"] = leader[1]
            if leader[0] is not None:
                ev.add("led_by", leader[0])
        clause = _clause_of(sentence, span.start, lang)
        dates = [
            f
            for f in _figures(ctx, sentence, "date")
            if clause[0] <= f.span.start - sentence.start < clause[1]
            and not span.start <= f.span.start < span.end  # "Roadmap 2030" is a name
        ]
        if dates and "announced" not in item.fields:
            date = min(dates, key=lambda f: abs(f.span.start - span.end))
            item.fields["announced"] = date
            ev.add("announced", date.span)


def _actor(ctx: Context, sentence: Sentence, lo: int, hi: int):
    """Who does what a clause (sentence offsets ``lo:hi``) says: the first organisation in it
    that is a subject (Korean: with 은/는/이/가), or "the city" (시는) for the government the
    article is about ("After announcing ..., the city ...", "도는 ... 착수했다")."""
    lang = ctx.doc.lang
    for m, org in _orgs_in(ctx, sentence):
        rel = m.span.start - sentence.start
        if not lo <= rel < hi or org.facility or not acts(ctx, org):
            continue
        if lang == "en" or re.match(r"(?:청)?(?:은|는|이|가)", _after(sentence, m.span, 3)):
            return m.span, org
    return _government_word(ctx, sentence, lo, hi)


_GOVERNMENT_SUBJECT = re.compile(
    r"(?:^|,\s+)the\s+(city|province|county|district|ministry)\b|(?:^|\s)(시|도|군|구)(?:는|가)\s",
    re.IGNORECASE,
)


def _government_word(ctx: Context, sentence: Sentence, lo: int, hi: int):
    """ "the city" as a subject (시는, 도는) in ``lo:hi``: the government the article is about."""
    word = _GOVERNMENT_SUBJECT.search(sentence.text, lo, hi)
    if word:
        org = _the_government(ctx, word.group(1) or word.group(2))
        if org is not None:
            g = 1 if word.group(1) else 2
            return sentence.span(word.start(g), word.end(g)), org
    return None


# --- studies -----------------------------------------------------------------------------------

_STUDY_EN = re.compile(
    r"\b(the|this|that|a|an)\s+((?:[\w-]+\s+){0,5}?)"
    r"(feasibility study|research service|research project|study|service)\b"
    r"((?:\s+(?:for|on|of|into)\s+(?:[\w-]+\s+){0,6}?[\w-]+(?=\s+(?:will|is|are|was|has)\b))?)",
    re.IGNORECASE,
)
_STUDY_PLANNED_EN = re.compile(
    r"\b(?:scheduled|planned|set|expected|due)\s+to\s+be\s+(?:implemented|carried\s+out|"
    r"conducted|commissioned)\b|\bwill\s+be\s+(?:implemented|carried\s+out|conducted|"
    r"commissioned)\b|\b(?:will|is\s+to|are\s+to|plans?\s+to)\s+(?:carry\s+out|conduct|"
    r"commission|implement)\b",
    re.IGNORECASE,
)
_STUDY_BEGUN_EN = re.compile(
    r"\b(?:began|started|launched|commissioned)\s+(?:a|an|the|its)\s+(?:[\w-]+\s+){0,4}?"
    r"(?:study|research)\b|\b(?:began|started)\s+(?:studying|researching)\b",
    re.IGNORECASE,
)
#: "The X Institute is to carry out the study": the subject does it.
_STUDY_ACTIVE_EN = r"\s+(?:will|is\s+to|are\s+to|plans?\s+to)\s+(?:carry\s+out|conduct|implement)\b"
_STUDY_KO = ("용역", "연구용역", "타당성조사")
_STUDY_PLANNED_KO = re.compile(r"(?:수행|착수|실시|발주|진행)(?:할|될|한다는)\s*(?:예정|계획)")
_STUDY_BEGUN_KO = re.compile(
    r"(?:연구|용역|조사)\S*\s*(?:에\s*)?(?:착수했|시작했)|(?:연구|조사)하기\s*시작했"
)
#: Words that make a study's name refer back ("the related service"): not a name.
_ANAPHORIC = re.compile(r"(?i:related|relevant|this|that|same|said|such)?\s*")


def _studies(ctx: Context, sentence: Sentence) -> None:
    """A research study (용역, "the study") to be carried out in a year is a project with
    ``study: true``, its performer and ``planned_year``; one that began at a date is an event
    with that ``start`` (the format gives a study no start date). Read clause by clause ("도는
    ... 연구에 착수했으며, 후속 연구용역은 2026년 ... 수행할 예정이다": one of each)."""
    for lo, hi in _clauses(sentence, ctx.doc.lang):
        _study(ctx, sentence, lo, hi)


def _study(ctx: Context, sentence: Sentence, lo: int, hi: int) -> None:
    text = sentence.text[:hi]
    lang = ctx.doc.lang
    begun = (_STUDY_BEGUN_EN if lang == "en" else _STUDY_BEGUN_KO).search(text, lo)
    if begun:
        _study_begun(ctx, sentence, lo, hi, begun)
        return
    if lang == "en":
        m = _STUDY_EN.search(text, lo)
        if not m or not _STUDY_PLANNED_EN.search(text, lo):
            return
        what = m.group(4)
        span = sentence.span(m.start(2), m.end(3) + len(what))
        head = m.group(3).lower()
        # "the related study" refers back; "a feasibility study for X" names what it is about
        modifiers = m.group(2) if m.group(1).lower() in ("the", "this", "that") else "a"
        modifiers += what
    else:
        spans = [
            sp for sp in _korean_nps(sentence, _STUDY_KO) if lo <= sp.start - sentence.start < hi
        ]
        if not spans or not _STUDY_PLANNED_KO.search(text, lo):
            return
        span, modifiers, head = spans[0], "", ""
    years = [
        f
        for f in _figures(ctx, sentence, "date")
        if f.value.datatype == "gYear" and lo <= f.span.start - sentence.start < hi
    ]
    performer = _performer(ctx, sentence, lo, hi)
    if not years or (head == "service" and (performer is None or performer[1].type not in (
            "research-body", "education-body"))):  # fmt: skip
        return  # "the service" is a study only when a research body carries it out
    ev = _evidence(sentence, 0.7, ("name", span), ("planned_year", years[0].span))
    name = span.text
    suggested = None
    if lang == "ko":
        words = name.split()
        while words and words[0] in ("해당", "관련", "이번", "이", "그", "동"):
            words.pop(0)
        name = " ".join(words)
        modifiers = "" if name in _STUDY_KO else name
        head = "연구용역"
    if _ANAPHORIC.fullmatch(modifiers):
        ref = _referent(ctx, sentence)
        if ref is None:
            return
        noun = {"service": "research service"}.get(head, head)
        name = f"{ref} {noun}"
        suggested = ["name.ko", "name.en"]
        ctx.review(
            "study-name",
            f"the text calls the study '{span.text}'; it is named after '{ref}', which the "
            "sentence before speaks of: check the name",
            span=span,
        )
    item = Item("projects", {"name_text": name, "developers": [], "sentence": sentence}, [ev])
    item.fields["study"] = True
    item.fields["planned_year"] = years[0]
    if performer is not None:
        item.fields["developers"].append(performer[1])
        ev.add("developers", performer[0])
    if suggested:
        item.suggested = suggested
    ctx.items.append(item)


def _performer(ctx: Context, sentence: Sentence, lo: int, hi: int):
    """Who carries a study out: "by the Daegu Policy Institute", "부산연구원이 수행"."""
    for m, org in _orgs_in(ctx, sentence):
        if org.facility or not lo <= m.span.start - sentence.start < hi:
            continue
        if ctx.doc.lang == "en" and (
            re.search(r"\bby\s+(?:the\s+)?$", _before(sentence, m.span, 8))
            or re.match(_STUDY_ACTIVE_EN, _after(sentence, m.span, 40))
        ):
            return m.span, org
        if ctx.doc.lang == "ko" and re.match(r"(?:이|가|은|는)\s", _after(sentence, m.span, 3)):
            return m.span, org
    return None


def _referent(ctx: Context, sentence: Sentence) -> str | None:
    """What "the related study" relates to: a quoted name in the sentence before, or the plan
    the article is about."""
    if sentence.index > 0:
        before = ctx.doc.sentences[sentence.index - 1]
        quoted = [q.text for q in _quoted(before) if not q.text.islower()]
        if quoted:
            return quoted[-1]
    plans = [i for i in ctx.items if i.section == "initiatives"]
    return plans[0].fields["name_text"] if plans else None


def _study_begun(ctx: Context, sentence: Sentence, lo: int, hi: int, cue: re.Match) -> None:
    """ "울산시는 2024년 6월 ... 연구하기 시작했다": the start of a study, an event."""
    dates = [f for f in _figures(ctx, sentence, "date") if lo <= f.span.start - sentence.start < hi]
    subject = _actor(ctx, sentence, lo, hi)
    if not dates or subject is None:
        return
    span, org = subject
    ev = _evidence(
        sentence,
        0.7,
        ("participants", span),
        ("start", dates[0].span),
        ("name", sentence.span(cue.start(), cue.end())),
    )
    fields = {
        "participants": [org],
        "start": dates[0],
        "name_ko": f"{org.ko} 연구 착수",
        "name_en": f"Start of a study by {org.en}",
    }
    ctx.items.append(Item("events", fields, [ev], suggested=["name.ko", "name.en"]))


def _is_agreement_sentence(ctx: Context, sentence: Sentence) -> bool:
    return any(
        ev.sentence is sentence for i in ctx.items if i.section == "agreements" for ev in i.evidence
    )


# --- proposals -----------------------------------------------------------------------------------


def _is_proposal(ctx: Context, sentence: Sentence) -> bool:
    pattern = _PROPOSAL_KO if ctx.doc.lang == "ko" else _PROPOSAL_EN
    return bool(pattern.search(sentence.text))


def _subject(ctx: Context, sentence: Sentence, before: int) -> tuple[Span, object] | None:
    """The person (or organisation) named first before offset ``before``; a pronoun or a
    surname alone stands for the last person named."""
    people = [(s, p) for s, p in _people_in(ctx, sentence) if s.start - sentence.start < before]
    orgs = [
        (m.span, o) for m, o in _orgs_in(ctx, sentence) if m.span.start - sentence.start < before
    ]
    head = sentence.text[:before]
    named = [
        p
        for p in ctx.people
        if p.first is not None and p.first.start <= sentence.start and not p.reporter
    ]
    pronoun = re.match(r"\s*(?:그는|그녀는|그도|(?:이|그)\s*의원은|([가-힣])\s*의원은)", head)
    if pronoun and named:
        surname = pronoun.group(1)
        for person in reversed(named):
            if not surname or person.ko.startswith(surname):
                return Span(sentence.start, sentence.start, ""), person
    ref = re.match(r"\s*(?:He|She|They|그는|그녀는|이\s*의원은|(\w+)\s+(?:also\s+)?\w+ed)\b", head)
    if people:
        return people[0]
    if orgs and not re.search(r"[가-힣]+\s*의원", head):
        return orgs[0]
    surname = re.match(
        r"\s*([A-Z][a-z]+|[가-힣])\s*(?:의원|also|noted|said|urged|added|told)?", head
    )
    late = re.search(r"\b([A-Z][a-z]+)\s+(?:also\s+)?$", head)
    if late and any(p.en.split()[0] == late.group(1) for p in named):
        surname = late
    if ref or surname:
        word = (surname.group(1) if surname else "") or ""
        for person in reversed(named):
            if word and (person.en.split()[0] == word or person.ko.startswith(word)):
                return Span(sentence.start, sentence.start, ""), person
        if named and ref:
            return Span(sentence.start, sentence.start, ""), named[-1]
    return None


def _places_in(ctx: Context, sentence: Sentence) -> list[tuple[Span, object]]:
    out = []
    for m in ctx.mentions.get(sentence.index, []):
        if m.kind == "place" and m.entry is not None:
            out.append((m.span, place_of(ctx, m)))
    return out


def _proposal(ctx: Context, sentence: Sentence) -> None:
    lang = ctx.doc.lang
    text = sentence.text
    cue = (_PROPOSAL_KO if lang == "ko" else _PROPOSAL_EN).search(text)
    assert cue is not None
    verb_at = cue.start()
    subject = _subject(ctx, sentence, verb_at if lang == "en" else len(text))
    ev = _evidence(sentence, 0.75)
    fields: dict = {}
    if subject:
        span, who = subject
        fields["proposers"] = [who]
        if span.text:
            ev.add("proposers", span)
    to = _proposed_to(ctx, sentence)
    if to is not None:
        fields["proposed_to"] = [to[1]]
        if to[0].text:
            ev.add("proposed_to", to[0])
    places = _places_in(ctx, sentence)
    if places:
        fields["location"] = places[0][1]
        ev.add("location", places[0][0])
    elif lang == "ko":
        place = _korean_place(ctx, sentence)
        if place:
            fields["location"] = place[1]
            ev.add("location", place[0])
    dates = [f for f in _figures(ctx, sentence, "date") if f.value.datatype == "date"]
    if dates:
        fields["proposed"] = dates[0]
        ev.add("proposed", dates[0].span)
    if _AGREEMENT_KO.search(text) or _AGREEMENT_EN.search(text) or re.search(r"협약", text):
        ctx.review(
            "proposed-agreement",
            "an agreement that is proposed, not signed: recorded as a proposal only",
            span=sentence.span(0, len(text)),
        )
    item = Item("proposals", fields, [ev])
    ctx.items.append(item)
    item.fields["sentence"] = sentence


def _merge_proposal(ctx: Context, sentence: Sentence) -> None:
    """A proposal sentence that names nothing new ("the member put the cost at ...") adds to
    the previous proposal by the same proposer."""
    proposals = [i for i in ctx.items if i.section == "proposals"]
    if len(proposals) < 2:
        return
    last, before = proposals[-1], proposals[-2]
    if last.fields.get("sentence") is not sentence or last.fields.get("proposes"):
        return
    if sentence.text.rstrip().endswith(":"):
        return  # the proposed things are listed next
    if last.fields.get("proposers") != before.fields.get("proposers"):
        return
    if (
        _AGREEMENT_KO.search(sentence.text)
        or _AGREEMENT_EN.search(sentence.text)
        or "협약" in sentence.text
    ):
        return
    ctx.items.remove(last)
    before.evidence += last.evidence


def _proposed_to(ctx: Context, sentence: Sentence):
    text = sentence.text
    m = re.search(
        r"정부에|\b(?:urged|told|asked|pressed|called on)\s+(?:the\s+)?government\b|"
        r"\bthe government\b",
        text,
    )
    if m:
        entries = ctx.gazetteer.lookup("정부", ("org",))
        if entries:
            entry = sorted(entries, key=lambda e: e.iri is None)[0]
            mention = Mention(
                sentence.span(m.start(), m.end()),
                "org",
                entry,
                "registry" if entry.iri else "lexicon",
                0.8,
            )
            return mention.span, org_of(ctx, mention)
    return None


def _korean_place(ctx: Context, sentence: Sentence):
    """A place written as a proper noun with 에 (울산에): a region, by its government's name."""
    base = sentence.start
    for i, tok in enumerate(sentence.tokens[:-1]):
        nxt = sentence.tokens[i + 1]
        if tok.tag == "NNP" and nxt.form == "에" and nxt.tag.startswith("JKB"):
            name = tok.form
            entries = ctx.gazetteer.lookup(name, ("place",))
            span = Span(tok.start, tok.end, sentence.text[tok.start - base : tok.end - base])
            if entries:
                return span, place_of(ctx, Mention(span, "place", entries[0], "registry", 0.8))
            return span, _new_place(ctx, name)
    return None


def _new_place(ctx: Context, name: str):
    from .model import Place
    from .names import place_en

    for place in ctx.places:
        if place.ko == name:
            return place
    place = Place(name, place_en(name), suggested=["name.en"])
    ctx.places.append(place)
    return place


# --- projects and sites --------------------------------------------------------------------------


_FACILITY_HEAD_KO = re.compile(rf"(?:{_FACILITY_KO})$")
_NP_TAGS = ("NNP", "NNG", "SL", "SN", "XSN", "XPN", "SH")


def _facility_names(ctx: Context, sentence: Sentence) -> list[Span]:
    """Names of things built: quoted names, and noun phrases ending in a facility word that
    are the object or subject of a building verb."""
    text = sentence.text
    out: list[Span] = []
    for q in _quoted(sentence):
        if not re.search(rf"(?:{_FACILITY_KO}|{_FACILITY_EN}|AI City|시티)", q.text, re.IGNORECASE):
            continue
        if _PLAN_NAME.search(q.text):
            continue  # 'AI 데이터 허브 육성 전략' is a plan, not the hub
        cut = re.search(
            r"\s*(?:건립|구축|조성|설립|건설)?\s*(?:투자|업무)?(?:협약|MOU)$|"
            r"\s+(?:investment\s+)?(?:agreement|MOU)$",
            q.text,
            re.IGNORECASE,
        )
        if cut:
            q = Span(q.start, q.start + cut.start(), q.text[: cut.start()])
        if not ctx.gazetteer.lookup(q.text, ("org",)):
            out.append(q)
    if ctx.doc.lang == "ko":
        out += _korean_facility_nps(sentence)
    else:
        for m in re.finditer(
            rf"\b(?:(?:a|an|the)\s+((?:[\w&-]+\s+){{0,5}}?(?i:{_FACILITY_EN}))"
            rf"|((?:[A-Z][\w&-]*\s+(?:\([^)]{{1,40}}\)\s+)?){{1,6}}(?i:{_FACILITY_EN})))\b",
            text,
        ):
            g = 1 if m.group(1) else 2
            if (
                g == 1
                and not m.group(1)[:1].isupper()
                and not re.search(
                    r"\b(?:build|construct|establish|set up|create|develop|"
                    r"invest\w*(?:\s+[\w.,₩$]+){0,5}\s+in)\s*$",
                    text[max(0, m.start() - 60) : m.start()],
                    re.IGNORECASE,
                )
            ):
                if not _GENERIC_NAME.fullmatch(m.group(1)):
                    continue  # "an important transportation hub": a description, not a project
            name = m.group(g)
            if ctx.gazetteer.lookup(name, ("org",)) or _named_org(ctx, sentence, m.start(g)):
                continue  # a known organisation (Seoul Research Institute) is not a project
            out.append(sentence.span(m.start(g), m.end(g)))
    taken: list[Span] = []
    for span in sorted(out, key=lambda s: s.start - s.end):
        if any(span.start < t.end and t.start < span.end for t in taken):
            continue
        taken.append(span)
    return sorted(taken, key=lambda s: s.start)


def _named_org(ctx: Context, sentence: Sentence, start: int) -> bool:
    """An organisation found by its name's ending starts at ``start`` (sentence offset), and
    the text does not build it (a research institute to be set up is a project)."""
    return any(
        m.span.start - sentence.start == start and not org.facility
        for m, org in _orgs_in(ctx, sentence)
    )


def _korean_facility_nps(sentence: Sentence) -> list[Span]:
    base, tokens, text = sentence.start, sentence.tokens, sentence.text
    out = []
    for i, tok in enumerate(tokens):
        if tok.tag not in ("NNG", "NNP") or not _FACILITY_HEAD_KO.search(tok.form):
            continue
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if nxt is not None and nxt.tag in _NP_TAGS:
            continue  # not the head of its phrase
        j = i
        while j > 0 and i - j < 6 and tokens[j - 1].tag in _NP_TAGS:
            j -= 1
        start, end = tokens[j].start - base, tok.end - base
        rest = text[end:]
        if not re.match(
            r"(?:을|를|이|가|은|는|도|에는)?\s*(?:\S+\s+){0,4}?\S*(?:" + _BUILD_KO.pattern + ")",
            rest,
        ):
            continue
        out.append(sentence.span(start, end))
    return out


def _clean_project_name(name: str, lang: str) -> str:
    if lang == "ko":
        words = name.split()
        while words and (
            words[0] in ("총", "약", "이번", "해당", "및", "등")
            or re.fullmatch(r"[\d,.]+\S*", words[0])
        ):
            words.pop(0)
        return " ".join(words)
    return name.strip()


def _find_project(ctx: Context, name: str) -> Item | None:
    from rapidfuzz import fuzz

    key = core(name)
    for item in ctx.items:
        if item.section != "projects":
            continue
        other = core(item.fields["name_text"])
        if key == other or (len(key) >= 4 and (key in other or other in key)):
            return item
        if fuzz.token_set_ratio(name, item.fields["name_text"]) >= 85:
            return item
    return None


def _projects(ctx: Context, sentence: Sentence, proposed: bool) -> None:
    lang = ctx.doc.lang
    text = sentence.text
    builds = (_BUILD_KO if lang == "ko" else _BUILD_EN).search(text)
    names = _facility_names(ctx, sentence)
    if proposed and lang == "en" and text.rstrip().endswith(":"):
        ctx.fields_list = sentence  # the next lines list the proposed things
    listed = ctx.fields_list
    if listed is not None and listed is not sentence and re.match(r"\s*(?:a|an|the|-|①|②)\s", text):
        proposed = True
        names = names[:1]
        builds = builds or True
    elif listed is not None and listed is not sentence:
        ctx.fields_list = None
    generic = None
    plain = [n for n in names if _GENERIC_NAME.fullmatch(_clean_project_name(n.text, lang))]
    names = [n for n in names if n not in plain]
    if not names:
        generic = _current_project(ctx, sentence)
        if generic is None and plain and builds:
            generic = _unnamed_project(ctx, sentence, plain[0])
        if generic is None:
            return
    elif not builds and not any(n in _quoted(sentence) for n in names):
        return
    amounts = [f for f in _figures(ctx, sentence, "amount")]
    if generic is not None:
        _project_facts(ctx, sentence, generic, generic_span(sentence), amounts, proposed)
        return
    outcome = _OUTCOME.search(text)
    scopes = _name_scopes(ctx, sentence, names)
    for span in names:
        name = _clean_project_name(span.text, lang)
        if len(name) < 2 or re.fullmatch(
            r"(?i:the\s+)?(?:센터|center|centre|campus|hub|site|plant)", name
        ):
            continue
        item = _find_project(ctx, name)
        ev = _evidence(sentence, 0.75, ("name", span))
        if item is None:
            item = Item("projects", {"name_text": name, "developers": [], "sentence": sentence}, [])
            ctx.items.append(item)
        item.evidence.append(ev)
        if proposed:
            item.fields["status"] = "proposed"
            for prop in [i for i in ctx.items if i.section == "proposals"][-1:]:
                if prop.fields.get("sentence") in (sentence, ctx.fields_list):
                    prop.fields.setdefault("proposes", []).append(item)
                    if "location" in prop.fields:
                        item.fields["proposed_location"] = prop.fields["location"]
        _developers(ctx, sentence, item, ev, span)
        ctx.current_project = item
        scope = scopes.get(span)
        _milestones(ctx, sentence, item, ev, scope)
        words = text[scope[2] : scope[1]] if scope else text
        if _OPENED.search(words) and "opening" in item.fields:
            item.fields["opened"] = item.fields.pop("opening")
            item.fields.setdefault("status", "operating")
            ev.spans = [("opened" if n == "opening" else n, sp) for n, sp in ev.spans]
        invest = [a for a in amounts if _INVEST.search(text) and not outcome]
        if (
            invest
            and "total_investment" not in item.fields
            and len(names) == 1
            or (invest and re.search(r"total investment", text[span.end - sentence.start :][:30]))
        ):
            item.fields["total_investment"] = invest[0]
            ev.add("total_investment", invest[0].span)


_GENERIC_NAME = re.compile(
    r"(?i:(?:the\s+)?(?:센터|데이터센터|허브|캠퍼스|테스트베드|공장|center|centre|campus|hub|site|"
    r"plant|cluster|facility|institute|complex|data cent(?:er|re)|test bed))|.{0,1}"
)
_GENERIC_EN = re.compile(
    rf"\b(?:the|this|its|that)\s+(?:[\d.,]+\s+(?:trillion|billion|million)\s+won\s+)?"
    rf"((?:{_FACILITY_EN})|project|site)\b|^\s*(Construction|Completion)\b",
    re.IGNORECASE,
)
_GENERIC_KO = re.compile(
    rf"(?:^|\s|이번\s*)((?:{_FACILITY_KO})|사업|프로젝트)(?:는|은|이|가|를|을|에|의|\s)"
)


def generic_span(sentence: Sentence) -> Span:
    m = _GENERIC_EN.search(sentence.text) or _GENERIC_KO.search(sentence.text)
    if m is None:
        return sentence.span(0, 0)
    g = next(i for i in (1, 2) if m.lastindex and i <= m.lastindex and m.group(i))
    return sentence.span(m.start(g), m.end(g))


def _current_project(ctx: Context, sentence: Sentence) -> Item | None:
    """The project a sentence refers to without naming it ("the campus", "센터는")."""
    projects = [i for i in ctx.items if i.section == "projects"]
    if not projects:
        return None
    m = (_GENERIC_KO if ctx.doc.lang == "ko" else _GENERIC_EN).search(sentence.text)
    if m is None:
        cost = re.search(r"total cost|total investment|총사업비|사업비", sentence.text, re.I)
        current = ctx.current_project
        return (current or projects[-1]) if cost and _figures(ctx, sentence, "amount") else None
    head = (m.group(1) or "").lower()
    if head and head not in ("project", "site", "사업", "프로젝트", "construction", "completion"):
        for item in reversed(projects):
            if head.split()[-1] in item.fields["name_text"].lower():
                return item
        return None
    current = ctx.current_project
    return current if current is not None else projects[-1]


def _unnamed_project(ctx: Context, sentence: Sentence, word: Span) -> Item:
    """ "카카오는 ... 데이터센터를 구축한다" with no project named yet: a project named after
    its builder (suggested)."""
    builders = [o for m, o in _orgs_in(ctx, sentence) if m.span.start < word.start and acts(ctx, o)]
    lang = ctx.doc.lang
    owner = (builders[-1].ko if lang == "ko" else builders[-1].en) if builders else ""
    name = f"{owner} {word.text}".strip()
    item = Item("projects", {"name_text": name, "developers": [], "sentence": sentence}, [])
    ctx.items.append(item)
    return item


def _project_facts(ctx, sentence, item: Item, span: Span, amounts, proposed: bool) -> None:
    text = sentence.text
    ev = _evidence(sentence, 0.65)
    if span.text:
        ev.add("name", span)
    item.evidence.append(ev)
    ctx.current_project = item
    _developers(ctx, sentence, item, ev, Span(sentence.end, sentence.end, ""))
    _milestones(ctx, sentence, item, ev)
    cost = _INVEST.search(text) or re.search(
        r"won\s+project|원\s*(?:규모의?\s*)?(?:사업|프로젝트)", text
    )
    invest = [a for a in amounts if cost and not _OUTCOME.search(text)]
    if invest and "total_investment" not in item.fields and not _is_budget(ctx, sentence):
        item.fields["total_investment"] = invest[0]
        ev.add("total_investment", invest[0].span)


#: A project said to have opened already (the date with it is when it opened, not a plan).
_OPENED = re.compile(
    r"개관했|개소했|개원했|문을 열었|(?<!\bbe )\bopened\s+(?:in|its)\b|"
    r"\b(?:following|after|since)\s+the\s+opening\s+of\b",
    re.IGNORECASE,
)


def _name_scopes(
    ctx: Context, sentence: Sentence, names: list[Span]
) -> dict[Span, tuple[int, int, int]]:
    """In an English sentence naming several projects, the part that speaks of each: its
    dates are those from its name to the next name ("Following the opening of A in '21, B
    will be built in '24"), its milestone words those after the previous name's last date.
    (Sentence offsets: date start, end, words start.) A Korean sentence puts the verb last
    and its dates before the names: it is read whole."""
    if ctx.doc.lang != "en" or len(names) < 2:
        return {}
    base, text = sentence.start, sentence.text
    dates = _figures(ctx, sentence, "date")
    ordered = sorted(names, key=lambda s: s.start)
    starts = {}  # where the part about each name begins: a date put before it, or the name
    for span in ordered:
        starts[span] = span.start - base
        for f in dates:
            s, e = f.span.start - base, f.span.end - base
            if (
                e <= span.start - base
                and _FRONTED.search(text[:s])
                and re.fullmatch(r"\s*,?\s*(?:the|a|an)?\s*[‘'`“\"]?", text[e : span.start - base])
            ):
                starts[span] = _FRONTED.search(text[:s]).start()  # type: ignore[union-attr]
    out = {}
    for i, span in enumerate(ordered):
        lo = starts[span]
        hi = starts[ordered[i + 1]] if i + 1 < len(ordered) else len(text)
        earlier = [f.span.end - base for f in dates if f.span.end - base <= lo]
        words = max(earlier) if i and earlier else 0
        out[span] = (lo, hi, max(words, lo) if lo < span.start - base else words)
    return out


#: A date put first in its clause ("In '27, the campus ...", "..., and in '28 the campus"):
#: it belongs to the name that follows it.
_FRONTED = re.compile(r"(?:^|[,;]\s*|\b(?:and|but|while)\s+)(?:in|by|from)\s*$", re.IGNORECASE)


def _milestones(
    ctx: Context,
    sentence: Sentence,
    item: Item,
    ev: Evidence,
    scope: tuple[int, int, int] | None = None,
) -> None:
    text = sentence.text
    if re.search(r"착공식|groundbreaking", text):
        days = [f for f in _figures(ctx, sentence, "date") if f.value.datatype == "date"]
        if days and "construction_start" not in item.fields:
            item.fields["construction_start"] = days[0]
            ev.add("construction_start", days[0].span)
            if re.search(r"열었|개최했|held", text):
                item.fields["status"] = "under-construction"
    lo, hi, words_from = scope or (0, len(text), 0)
    dates = [f for f in _figures(ctx, sentence, "date") if lo <= f.span.start - sentence.start < hi]
    verbs = [(f, v) for f, v in _MILESTONE_VERBS if v.search(text[words_from:hi])]
    if (
        len(dates) == 1
        and dates[0].value.datatype in ("gYear", "gYearMonth")
        and len(verbs) == 1
        and not any(
            e.sentence is sentence and any(n in dict(_MILESTONE_VERBS) for n, _ in e.spans)
            for e in item.evidence
        )
    ):
        field = verbs[0][0]
        if field not in item.fields and not any(k in item.fields and item.fields[k] is dates[0]
                                                for k, _ in _MILESTONE_VERBS):  # fmt: skip
            item.fields[field] = dates[0]
            ev.add(field, dates[0].span)
            return
    for field, after_re, before_re in _MILESTONES:
        for f in dates:
            rel_end = f.span.end - sentence.start
            rel_start = f.span.start - sentence.start
            if after_re.search(text[rel_end : rel_end + 12]) or before_re.search(
                text[max(words_from, rel_start - 60) : rel_start]
            ):
                if field not in item.fields:
                    item.fields[field] = f
                    ev.add(field, f.span)


_MILESTONE_VERBS = [
    ("opening", re.compile(r"\bopen(?:ed|s|ing)?\b|개관|개소|개원|문을\s*연", re.I)),
    ("completion", re.compile(r"\bcomplet\w*|\bbuilt\b|준공|완공", re.I)),
    ("construction_start", re.compile(r"\bconstruction\s+(?:will\s+)?(?:start|begin)|착공", re.I)),
]


def _developers(ctx: Context, sentence: Sentence, item: Item, ev: Evidence, name: Span) -> None:
    lang = ctx.doc.lang
    for m, org in _orgs_in(ctx, sentence):
        if org.facility or org.type not in ("company", "government", "research-body",
                                            "education-body", "consortium"):  # fmt: skip
            continue
        if _near_site(sentence, m.span) or _NOT_INVOLVED.search(_after(sentence, m.span, 60)):
            continue
        if m.span.start > name.start:
            continue  # the builder is named before what it builds
        after = _after(sentence, m.span, 6)
        subject = re.match(
            r"(?:㈜|\(주\))?\s*(?:는|은|이|가|도)\b|(?:㈜|\(주\))?(?:는|은|이|가)", after
        )
        if lang == "ko" and not subject:
            continue
        after = _after(sentence, m.span, 40)
        if lang == "en" and not re.match(
            r"\s*(?:\(\w+\))?\s*(?:,[^,]*,\s*)?(?:will|plans?\s+to|is\s+(?:to|building|set\s+to)|"
            r"intends|has\s+(?:begun|started|broken)|began|broke|builds|invests|opened)\b",
            after,
        ):
            continue
        if org not in item.fields["developers"]:
            item.fields["developers"].append(org)
            ev.add("developers", m.span)


def _link_projects(ctx: Context) -> None:
    """An amount for "this project" (이번 프로젝트) is the main project's; an investment
    agreement concerns the project built under it."""
    projects = [i for i in ctx.items if i.section == "projects"]
    agreements = [i for i in ctx.items if i.section == "agreements"]
    for item in projects:
        devs = item.fields["developers"]
        if any(o.type == "company" for o in devs):
            item.fields["developers"] = [o for o in devs if o.type != "government"]
    if projects:
        main = projects[0]
        for sentence in ctx.doc.sentences:
            if re.search(r"이번\s*(?:대규모\s*)?(?:프로젝트|사업)|the project\b", sentence.text):
                amounts = [
                    a for a in _figures(ctx, sentence, "amount") if _INVEST.search(sentence.text)
                ]
                if (
                    amounts
                    and "total_investment" not in main.fields
                    and not _OUTCOME.search(sentence.text)
                ):
                    main.fields["total_investment"] = amounts[0]
                    main.evidence.append(
                        _evidence(sentence, 0.7, ("total_investment", amounts[0].span))
                    )
    for agreement in agreements:
        sentence = agreement.evidence[0].sentence
        near = [
            p
            for p in projects
            if not p.fields.get("study")
            and any(abs(e.sentence.index - sentence.index) <= 2 for e in p.evidence)
        ]
        if near:
            project = near[0]
            agreement.fields["concerns"] = project
            site = project.fields.get("site")
            if site is not None:
                agreement.fields["site"] = site
            if (
                "amount" not in agreement.fields
                and agreement.fields.get("type") == "investment-agreement"
            ):
                if "total_investment" in project.fields:
                    agreement.fields["amount"] = project.fields["total_investment"]


# --- sites, zones and their areas ----------------------------------------------------------------

_SITE_KO = re.compile(r"^\s*(?:규모의?\s*)?(부지|터|용지)")
_SITE_EN = re.compile(r"^\s*(?:\)|,)?\s*(site|plot|land)\b", re.IGNORECASE)


def _areas(ctx: Context, sentence: Sentence) -> None:
    lang = ctx.doc.lang
    text = sentence.text
    for f in _figures(ctx, sentence, "area"):
        if ctx.garbled:
            ctx.review(
                "figure-in-garbled-text",
                f"'{f.text}' is in a text whose figures lost digits in translation: "
                "not recorded; check it against the original",
                span=f.span,
                value=f.text,
            )
            continue
        rel_s, rel_e = f.span.start - sentence.start, f.span.end - sentence.start
        after, before = text[rel_e : rel_e + 14], text[max(0, rel_s - 60) : rel_s]
        zone = _zone_named(ctx, sentence, f)
        site_word = (
            (_SITE_KO if lang == "ko" else _SITE_EN).search(after)
            or re.search(r"\b(site|plot)\b[^.]{0,20}$", before)
            or re.search(r"(?:부지|site)\s*(?:는|은|가|이)?\s*$|covers?\s*$", before)
        )
        if zone is not None and not (lang == "ko" and _SITE_KO.search(after)):
            zone.fields.setdefault("area", f)
            zone.evidence.append(_evidence(sentence, 0.8, ("area", f.span)))
            continue
        if site_word or re.search(r"지구는|district", before):
            _site(ctx, sentence, f, before)
            continue
        ctx.review(
            "unattached-area",
            f"the area '{f.text}' belongs to nothing the draft records",
            span=f.span,
            value=f.text,
        )


def _zone_named(ctx: Context, sentence: Sentence, f: Figure) -> Item | None:
    for item in ctx.items:
        if item.section == "zones" and any(e.sentence is sentence for e in item.evidence):
            return item
    text = sentence.text
    zones = [i for i in ctx.items if i.section == "zones"]
    anaphora = re.search(
        r"\b(?:the|this)\s+zone\b|(?:^|\s)(?:특구|단지|지구)(?:는|은)\s", text, re.I
    )
    if zones and anaphora and anaphora.start() < f.span.start - sentence.start:
        zone = zones[-1]
        zone.evidence.append(
            _evidence(sentence, 0.7, ("name", sentence.span(anaphora.start(), anaphora.end())))
        )
        return zone
    pattern = _ZONE_KO if ctx.doc.lang == "ko" else _ZONE_EN
    rel = f.span.end - sentence.start
    m = pattern.search(text, rel)
    if (
        m
        and m.start() - rel <= 8
        and re.search(r"규모의?\s*$", text[rel : m.start()] or " 규모의 ")
    ):
        return _zone(ctx, sentence, sentence.span(m.start(), m.end()))
    before = list(pattern.finditer(text[: f.span.start - sentence.start]))
    if before and re.search(r"(?:covers?|area of)\s*$", text[: f.span.start - sentence.start]):
        return _zone(ctx, sentence, sentence.span(before[-1].start(), before[-1].end()))
    return None


def _site(ctx: Context, sentence: Sentence, f: Figure, before: str) -> None:
    lang = ctx.doc.lang
    projects = [
        i
        for i in ctx.items
        if i.section == "projects" and any(e.sentence is sentence for e in i.evidence)
    ]
    place_words = re.findall(
        r"([가-힣A-Za-z0-9]+(?:지구|도시|단지|읍|면|동|district|city))", before
    )
    if lang == "ko":
        m = re.search(
            r"((?:[가-힣A-Za-z0-9·]+\s){0,3}[가-힣A-Za-z0-9·]+)\s*(?:내|안|일대|의)?\s*$", before
        )
        owner = m.group(1).split() if m else []
        owner = [
            w
            for w in owner
            if not re.search(r"[에서를을는은이가]$", w) or w.endswith(("지구", "단지"))
        ]
    else:
        owner = []
    if projects:
        project = projects[0]
        stem = project.fields["name_text"]
        name = (
            f"{' '.join(owner[-2:])} {'부지'}".strip()
            if lang == "ko" and owner
            else (f"{stem} 부지" if lang == "ko" else f"{stem} site")
        )
        site = Item(
            "sites", {"name_text": name, "area": f}, [_evidence(sentence, 0.8, ("area", f.span))]
        )
        ctx.items.append(site)
        if project.fields.get("status") == "proposed":
            where = project.fields.get("proposed_location")
            project.fields["proposed_location"] = [x for x in (where, site) if x is not None]
        else:
            project.fields["site"] = site
        return
    if re.search(r"지구는|district\b", before) or place_words:
        name = (
            (place_words[-1] if place_words else before.strip().split()[-1])
            if before.strip()
            else "site"
        )
        site = Item(
            "sites", {"name_text": name, "area": f}, [_evidence(sentence, 0.7, ("area", f.span))]
        )
        ctx.items.append(site)
        return
    ctx.review(
        "unattached-area",
        f"the area '{f.text}' belongs to nothing the draft records",
        span=f.span,
        value=f.text,
    )


# --- designations --------------------------------------------------------------------------------


def _zone(ctx: Context, sentence: Sentence, span: Span) -> Item:
    name = span.text.strip()
    name = re.sub(r"^(?:the|a|an)\s+", "", name, flags=re.IGNORECASE)
    for item in ctx.items:
        if item.section == "zones" and core(item.fields["name_text"]) == core(name):
            return item
    fields: dict = {"name_text": name}
    for word, kind in _ZONE_TYPES.items():
        if word in name.lower() or word in name:
            fields["type"] = kind
    item = Item("zones", fields, [_evidence(sentence, 0.75, ("name", span))])
    ctx.items.append(item)
    return item


def _designation(ctx: Context, sentence: Sentence) -> None:
    lang = ctx.doc.lang
    text = sentence.text
    pattern = _ZONE_KO if lang == "ko" else _ZONE_EN
    quoted = [
        q for q in _quoted(sentence) if re.search(r"zone|district|특구|지구|단지", q.text, re.I)
    ]
    spans = quoted or [sentence.span(m.start(), m.end()) for m in pattern.finditer(text)]
    if not spans:
        return
    zone = _zone(ctx, sentence, spans[0])
    if _DESIGNATION_PLAN.search(text):
        status = "planned"
    elif _DESIGNATED_PAST.search(text):
        status = "designated"
    elif _APPLIED.search(text):
        status = "applied"
    else:
        return
    ev = _evidence(sentence, 0.75, ("zone", spans[0]))
    authority = None
    applicants: list[Org] = []
    for m, org in _orgs_in(ctx, sentence):
        if org.type != "government":
            continue
        after = _after(sentence, m.span, 40)
        if _APPLIED.search(after[:25]) or re.match(r"\s*(?:이|가)\s*신청", after):
            applicants.append(org)
            ev.add("applicants", m.span)
        elif authority is None and (
            m.span.start < spans[0].start
            or re.search(r"by\s+(?:the\s+)?$", _before(sentence, m.span, 8))
        ):
            authority = org
            ev.add("authority", m.span)
    fields: dict = {"zone": zone, "status": status}
    dates = _figures(ctx, sentence, "date")
    if status == "planned":
        years = [d for d in dates if d.value.datatype == "gYear"]
        if years:
            fields["planned_year"] = years[0]
            ev.add("planned_year", years[0].span)
    elif dates:
        fields["date"] = dates[0]
        ev.add("date", dates[0].span)
    if applicants:
        fields["applicants"] = applicants
    if authority is None:
        ctx.review(
            "designation-authority",
            f"the designation of {zone.fields['name_text']} names no designating authority: "
            "recorded as a zone only",
            span=spans[0],
            item=zone,
        )
        if "planned_year" in fields:
            zone.fields.setdefault("planned_year_note", fields["planned_year"])
        return
    fields["authority"] = authority
    ctx.items.append(Item("designations", fields, [ev]))


# --- budgets -------------------------------------------------------------------------------------


def _is_budget(ctx: Context, sentence: Sentence) -> bool:
    pattern = _BUDGET_KO if ctx.doc.lang == "ko" else _BUDGET_EN
    return bool(pattern.search(sentence.text)) and bool(_figures(ctx, sentence, "amount"))


def _budget(ctx: Context, sentence: Sentence) -> None:
    text = sentence.text
    amounts = _figures(ctx, sentence, "amount")
    stage = next((name for name, p in _STAGES if p.search(text)), None)
    funders = [(m, o) for m, o in _orgs_in(ctx, sentence) if o.type == "government"]
    gov = re.search(r"(?:The|the)\s+government\b|정부는|정부가", text)
    if not funders and gov:
        mention = _proposed_to(ctx, sentence) or None
        if mention is None:
            entries = ctx.gazetteer.lookup("정부", ("org",))
            if entries:
                e = sorted(entries, key=lambda e: e.iri is None)[0]
                m = Mention(sentence.span(gov.start(), gov.end()), "org", e, "registry", 0.8)
                funders = [(m, org_of(ctx, m))]
        else:
            funders = [(Mention(mention[0], "org", None, "lexicon", 0.8), mention[1])]
    split = re.search(
        r"half from (?:the\s+)?([\w\s]+?) and half from (?:the\s+)?([\w\s]+?)\W", text
    )
    if split:
        _split_budget(ctx, sentence, amounts[0], split)
        return
    if not funders:
        ctx.review(
            "budget-funder",
            "a budget whose funder the sentence does not name: not recorded",
            span=amounts[0].span,
            value=amounts[0].text,
        )
        return
    m, funder = funders[0]
    ev = _evidence(sentence, 0.8, ("funder", m.span), ("amount", amounts[0].span))
    fields: dict = {"funder": funder, "amount": amounts[0]}
    if stage:
        fields["stage"] = stage
    year = _fiscal_year(ctx, sentence)
    if year:
        fields["fiscal_year"] = year[0]
        if year[1]:
            fields["certainty"] = "inferred"
        if year[2] is not None:
            ev.add("fiscal_year", year[2])
    purpose = _purpose(ctx, sentence)
    if purpose is not None:
        fields["purpose"] = purpose
    item = Item("budgets", fields, [ev])
    ctx.items.append(item)


_APPROVES_BUDGET = re.compile(
    r"\b(?:approved|passed)\s+the\s+budget\b|예산(?:안)?을?\s*(?:의결|통과|확정)(?:했|하였|됐)",
    re.I,
)


def _budget_approved(ctx: Context, sentence: Sentence) -> None:
    """ "The council approved the budget": the budget just reported reaches stage approved."""
    budgets = [i for i in ctx.items if i.section == "budgets" and "half" not in i.fields]
    if not budgets:
        return
    budget = budgets[0] if len(budgets) == 1 else budgets[-1]
    m = _APPROVES_BUDGET.search(sentence.text)
    assert m is not None
    budget.fields["stage"] = "approved"
    budget.evidence.append(_evidence(sentence, 0.7, ("stage", sentence.span(m.start(), m.end()))))


def _fiscal_year(ctx: Context, sentence: Sentence):
    text = sentence.text
    for f in _figures(ctx, sentence, "date"):
        rel = f.span.end - sentence.start
        if f.value.datatype == "gYear" and re.match(
            r"\s*(?:도|회계연도)?\s*(?:예산|본예산|추경)|\s*budget", text[rel : rel + 12], re.I
        ):
            return f.value.lexical, False, f.span
        if f.text.upper().startswith("FY"):
            return f.value.lexical, False, f.span
    rel = re.search(r"내년|next year[’']s budget|next year's", text)
    if rel and ctx.year:
        return str(int(ctx.year) + 1), True, sentence.span(rel.start(), rel.end())
    rel = re.search(r"올해|this year[’']s budget", text)
    if rel and ctx.year:
        return ctx.year, True, sentence.span(rel.start(), rel.end())
    return None


def _purpose(ctx: Context, sentence: Sentence):
    names = _facility_names(ctx, sentence)
    text = sentence.text
    its = re.search(r"\bfor\s+its\s+((?:[\w-]+\s+){0,4}(?:study|plan|design|planning))\b", text)
    current = ctx.current_project
    if its and current is not None:
        name = f"{current.fields['name_text']} {its.group(1)}"
        item = _project_item(
            ctx, sentence, sentence.span(its.start(1), its.end(1)), name, exact=True
        )
        item.fields["part_of"] = current
        return item
    m = re.search(
        r"\bfor\s+(?:the\s+)?(?:[\w-]+\s+){0,6}?(?:of\s+)?(?:the\s+)?"
        r"((?:[“\"]?[A-Z][\w“”\"-]*\s+){1,5}(?:pilot project|project|study|pilot))",
        text,
    )
    if m:
        name = m.group(1).replace("“", "").replace("”", "")
        return _project_item(ctx, sentence, sentence.span(m.start(1), m.end(1)), name)
    same = re.search(r"같은\s*사업|the same project", text)
    if same:
        budgets = [i for i in ctx.items if i.section == "budgets" and "purpose" in i.fields]
        if budgets:
            return budgets[-1].fields["purpose"]
    if ctx.doc.lang == "ko":
        for span in _korean_nps(sentence, ("사업",)):
            return _project_item(ctx, sentence, span, span.text)
    if names:
        return _project_item(
            ctx, sentence, names[0], _clean_project_name(names[0].text, ctx.doc.lang)
        )
    return None


def _korean_nps(sentence: Sentence, heads: tuple[str, ...]) -> list[Span]:
    """Noun phrases (nouns only, no particle inside) ending in one of ``heads``."""
    base, tokens = sentence.start, sentence.tokens
    out = []
    for i, tok in enumerate(tokens):
        if tok.form not in heads or tok.tag not in ("NNG", "NNP"):
            continue
        j = i
        while j > 0 and i - j < 7 and tokens[j - 1].tag in _NP_TAGS:
            j -= 1
        if j < i:
            out.append(sentence.span(tokens[j].start - base, tok.end - base))
    return out


def _project_item(
    ctx: Context, sentence: Sentence, span: Span, name: str, exact: bool = False
) -> Item:
    name = re.sub(r"^(?:\d{4}년도?\s*)?(?:예산안에\s*)?", "", name).strip()
    item = (
        _find_project(ctx, name)
        if not exact
        else next(
            (i for i in ctx.items if i.section == "projects" and i.fields["name_text"] == name),
            None,
        )
    )
    if item is None:
        item = Item("projects", {"name_text": name, "developers": [], "sentence": sentence}, [])
        ctx.items.append(item)
    item.evidence.append(_evidence(sentence, 0.7, ("name", span)))
    return item


def _split_budget(ctx: Context, sentence: Sentence, amount: Figure, split: re.Match) -> None:
    """ "A total of X — half from A and half from B": two budgets of half each."""
    half = amount.value.value / 2
    purpose = _purpose(ctx, sentence)
    if isinstance(purpose, Item) and "total_investment" not in purpose.fields:
        purpose.fields["total_investment"] = amount
    stage = next((name for name, p in _STAGES if p.search(sentence.text)), None)
    for group in (1, 2):
        who = split.group(group).strip()
        org = None
        for m, o in _orgs_in(ctx, sentence):
            if split.start(group) <= m.span.start - sentence.start < split.end(group):
                org = o
        if org is None and re.search(r"government", who):
            entries = ctx.gazetteer.lookup("정부", ("org",))
            if entries:
                e = sorted(entries, key=lambda e: e.iri is None)[0]
                org = org_of(
                    ctx,
                    Mention(
                        sentence.span(split.start(group), split.end(group)),
                        "org",
                        e,
                        "registry",
                        0.7,
                    ),
                )
        if org is None and re.search(r"\bcity\b", who):
            govs = [
                o
                for o in ctx.orgs
                if o.type == "government"
                and o.level in ("city", "metropolitan-city", "special-city")
            ]
            org = govs[0] if govs else None
        if org is None:
            continue
        fields: dict = {"funder": org, "amount": amount, "half": half}
        if stage:
            fields["stage"] = stage
        if purpose is not None:
            fields["purpose"] = purpose
        ev = _evidence(
            sentence,
            0.7,
            ("funder", sentence.span(split.start(group), split.end(group))),
            ("amount", amount.span),
        )
        ctx.items.append(Item("budgets", fields, [ev]))


# --- what is left ---------------------------------------------------------------------------------


def _weak_readings(ctx: Context) -> None:
    """A value read beyond the parser (a year from the dateline, a two-digit year) lowers the
    confidence of the evidence it was read from; an interpretation of a damaged form ("in 17"
    for 2017, "August 16" for August 2016) is also asked in a review note."""
    for item in ctx.items:
        for name, value in item.fields.items():
            if not isinstance(value, Figure) or value.reading is None:
                continue
            for ev in item.evidence:
                if any(span == value.span for _, span in ev.spans):
                    ev.confidence = min(ev.confidence, value.confidence)
            if value.interpretation:
                ctx.review(
                    "date-reading",
                    f"'{value.text}' is read as {value.value.lexical} ({value.reading}, from "
                    "the years the article writes elsewhere): check it",
                    span=value.span,
                    item=item,
                    field=name,
                )


def _used(ctx: Context) -> set[int]:
    spans: set[int] = set()
    for item in ctx.items:
        for ev in item.evidence:
            for _, span in ev.spans:
                spans.add(span.start)
    return spans


def _left_over(ctx: Context) -> None:
    """Amounts and dates that no item took are reported, so that none is silently lost."""
    used = _used(ctx)
    for sentence in ctx.doc.sentences:
        if sentence.heading:
            continue
        for f in ctx.figures.get(sentence.index, []):
            if f.span.start in used or f.kind == "area":
                continue
            if f.kind == "date":
                if not _is_meta_line(sentence.text):
                    how = f" (read as {f.value.lexical}: {f.reading})" if f.interpretation else ""
                    ctx.review(
                        "unattached-date",
                        f"the date '{f.text}'{how} belongs to nothing the draft records",
                        span=f.span,
                        value=f.text,
                    )
                continue
            if ctx.garbled:
                ctx.review(
                    "figure-in-garbled-text",
                    f"'{f.text}' is in a text whose figures lost digits in translation: "
                    "not recorded; check it against the original",
                    span=f.span,
                    value=f.text,
                )
            elif _OUTCOME.search(sentence.text):
                ctx.review(
                    "outcome-not-plan",
                    f"'{f.text}' is a reported result (sales, past figures), not a planned "
                    "investment: not recorded",
                    span=f.span,
                    value=f.text,
                )
            else:
                ctx.review(
                    "unattached-amount",
                    f"the amount '{f.text}' belongs to nothing the draft records",
                    span=f.span,
                    value=f.text,
                )


def half_amount(value: Decimal, currency: str) -> str:
    """A computed half as the parser reads it back: ``1,000,000,000 KRW``."""
    whole = int(value) if value == value.to_integral_value() else value
    return f"{whole:,} {currency}"
