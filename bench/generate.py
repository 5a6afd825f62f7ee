"""Deterministic synthetic stakeholder graphs in policygraph's ontology and seed layout.

Writes N-Quads, streamed: a registry graph (``pgg:registry``: governments, companies, research
and education bodies, people, regions, with Korean and English labels and variants), then one
article at a time until the target number of quads is reached: its description in
``pgg:metadata`` and its facts in ``pgg:article/<id>`` (sites within regions, a project with
year-only dates, an agreement with 2-5 parties drawn from a heavy-tailed distribution — a few
hubs, many small players — signatories in their posts, a budget in KRW with fiscal year, funder
and stage, sometimes a proposal). The same seed gives the same bytes. The output passes the
project's SHACL shapes (``tests/bench/test_generate.py`` checks it at 10^4).

Usage: ``python bench/generate.py --triples 10000 --seed 1 -o FILE.nq`` (``-o -``: stdout).
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

if not __package__:  # run as a script: python bench/generate.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.names import (
    BUDGET_STAGES,
    FACILITIES,
    MINISTRIES,
    PROJECT_STATUS,
    PROVINCES,
    ROLES,
    SECTORS,
    SURNAMES,
    SYLLABLES,
)

__all__ = ["Stats", "generate", "main"]

BASE = "https://policygraph.example/"
PG = BASE + "ont#"
ID = BASE + "id/"
VOCAB = BASE + "vocab/"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
DCT = "http://purl.org/dc/terms/"
SCHEMA = "https://schema.org/"

REGISTRY = f"<{BASE}graph/registry>"
METADATA = f"<{BASE}graph/metadata>"

A = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
PREF, LABEL, ALT = f"<{SKOS}prefLabel>", f"<{RDFS}label>", f"<{SKOS}altLabel>"


def _p(local: str) -> str:
    return f"<{PG}{local}>"


def _v(scheme: str, concept: str) -> str:
    return f"<{VOCAB}{scheme}/{concept}>"


def _esc(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _ko(text: str) -> str:
    return f'"{_esc(text)}"@ko'


def _en(text: str) -> str:
    return f'"{_esc(text)}"@en'


def _typed(lexical: str, datatype: str) -> str:
    return f'"{lexical}"^^<{XSD}{datatype}>'


def _str(text: str) -> str:
    return f'"{_esc(text)}"'


def _slug(text: str) -> str:
    out = []
    dash = False
    for ch in text.lower():
        if ch.isascii() and ch.isalnum():
            out.append(ch)
            dash = False
        elif not dash and out:
            out.append("-")
            dash = True
    return "".join(out).strip("-")


def _krw(rng: random.Random) -> tuple[str, str]:
    """A round amount in KRW: (xsd:decimal lexical form, the wording as an article states it)."""
    eok = rng.choice([1, 2, 3, 5, 10, 20, 40, 50, 100, 300, 500, 1000, 3000, 6000, 15000, 20000])
    eok *= rng.choice([1, 1, 1, 2, 3])
    if eok >= 10000 and eok % 10000 == 0:
        stated = f"{eok // 10000}조 원"
    else:
        stated = f"{eok:,}억 원"
    return f"{eok}00000000.0", stated


@dataclass
class _Org:
    iri: str
    kind: str  # company, research, education or a government level
    ko: str
    en: str
    people: list[tuple[str, str, str, str]] = field(default_factory=list)  # iri, slug, role ko/en
    region: str | None = None  # the region it administers (governments of places)
    region_ko: str = ""
    region_en: str = ""


@dataclass
class Stats:
    """What :func:`generate` wrote."""

    quads: int = 0
    articles: int = 0
    organisations: int = 0
    people: int = 0
    regions: int = 0
    agreements: int = 0
    budgets: int = 0
    proposals: int = 0
    seconds: float = 0.0

    def as_dict(self) -> dict[str, float]:
        return dict(self.__dict__)


class _Generator:
    def __init__(self, target: int, seed: int, out: TextIO) -> None:
        self.rng = random.Random(seed)
        self.seed = seed
        self.target = target
        self.out = out
        self.stats = Stats()
        self.slugs: dict[str, int] = {}
        self.orgs: list[_Org] = []
        self.governments: list[_Org] = []
        self.places: list[_Org] = []  # governments that administer a city or district region
        self.people: list[tuple[str, str, str]] = []  # iri, ko, en

    # --- output -----------------------------------------------------------------------------
    def emit(self, graph: str, subject: str, pairs: list[tuple[str, str]]) -> None:
        lines = [f"{subject} {p} {o} {graph} .\n" for p, o in pairs]
        self.out.write("".join(lines))
        self.stats.quads += len(lines)

    def iri(self, kind: str, name: str) -> str:
        """A fresh instance IRI ``<pgid:kind/slug>``; a repeated slug gets ``-2``, ``-3``..."""
        slug = f"{kind}/{_slug(name)}"
        n = self.slugs.get(slug, 0) + 1
        self.slugs[slug] = n
        return f"<{ID}{slug}{'' if n == 1 else f'-{n}'}>"

    @staticmethod
    def labels(ko: str, en: str) -> list[tuple[str, str]]:
        return [(PREF, _ko(ko)), (PREF, _en(en)), (LABEL, _ko(ko)), (LABEL, _en(en))]

    def name(self, low: int = 2, high: int = 3) -> tuple[str, str]:
        parts = [self.rng.choice(SYLLABLES) for _ in range(self.rng.randint(low, high))]
        return "".join(k for k, _ in parts), "".join(r for _, r in parts).capitalize()

    # --- registry ---------------------------------------------------------------------------
    def registry(self, articles: int) -> None:
        rng = self.rng
        for ko, en, level in MINISTRIES:
            self.government(ko, en, level, alt_ko=[ko.replace("부", "")], alt_en=[])
        provinces = []
        for ko, en, level in PROVINCES:
            gov = self.government(ko, en, level, alt_ko=[ko + "청"], alt_en=[en + " Office"])
            short_en = en.replace(" Metropolitan City", "").replace(" Province", "")
            self.region(gov, ko[:2] + " 지역", short_en + " region", within=None)
            provinces.append(gov)
        for _ in range(max(8, articles // 25)):
            province = rng.choice(provinces)
            ko, en = self.name(2, 2)
            district = province.kind != "province"
            level = "district" if district else "city"
            gov = self.government(
                ko + ("구" if district else "시"),
                f"{en}-gu District" if district else f"{en} City",
                level,
                alt_ko=[ko + ("구청" if district else "시청")],
                alt_en=[f"{en}-gu" if district else f"{en}-si"],
            )
            self.region(gov, ko, en, within=province.region)
            self.places.append(gov)
        for _ in range(max(12, articles // 3)):
            ko, en = self.name()
            sector_ko, sector_en = rng.choice(SECTORS)
            public = rng.random() < 0.04
            if public:
                ko, en = f"한국{ko}{sector_ko}공사", f"Korea {en} {sector_en} Corporation"
                alt_ko, alt_en = [f"{ko[:2]}{sector_ko}공사"], [f"K{en[6]}{sector_en[0]}C"]
            else:
                ko, en = ko + sector_ko, f"{en} {sector_en}"
                alt_ko, alt_en = [f"㈜{ko}", f"주식회사 {ko}"], [f"{en} Corp.", f"{en} Co., Ltd."]
            extra = [(_p("publicEnterprise"), _typed("true" if public else "false", "boolean"))]
            self.organisation("Company", "company", ko, en, alt_ko, alt_en, extra)
        for kind, cls, ko_suffix, en_suffix in (
            ("research", "ResearchBody", "연구원", "Research Institute"),
            ("education", "EducationBody", "대학교", "University"),
        ):
            for _ in range(max(2, articles // 40)):
                ko, en = self.name(2, 2)
                alt = ([f"{ko}연"], [f"{en} RI"]) if kind == "research" else ([f"{ko}대"], [en])
                self.organisation(cls, kind, ko + ko_suffix, f"{en} {en_suffix}", *alt, [])
        for org in self.orgs:
            for _ in range(rng.choice([0, 1, 1, 2])):
                self.person(org)
        self.stats.organisations = len(self.orgs)
        # Heavy-tailed party draws: weight (rank + 5)^-1.1 over a shuffled order of organisations.
        order = list(self.orgs)
        rng.shuffle(order)
        self.ranked = order
        self.cum_weights = []
        total = 0.0
        for rank in range(len(order)):
            total += (rank + 5) ** -1.1
            self.cum_weights.append(total)
        self.companies = [o for o in self.orgs if o.kind == "company"]

    def organisation(
        self,
        cls: str,
        kind: str,
        ko: str,
        en: str,
        alt_ko: list[str],
        alt_en: list[str],
        extra: list[tuple[str, str]],
    ) -> _Org:
        org = _Org(self.iri("org", en), kind, ko, en)
        pairs = [(A, _p(cls)), *extra, *self.labels(ko, en)]
        pairs += [(ALT, _ko(a)) for a in alt_ko] + [(ALT, _en(a)) for a in alt_en]
        self.emit(REGISTRY, org.iri, pairs)
        self.orgs.append(org)
        return org

    def government(
        self, ko: str, en: str, level: str, alt_ko: list[str], alt_en: list[str]
    ) -> _Org:
        extra = [(_p("governmentLevel"), _v("government-level", level))]
        gov = self.organisation("Government", level, ko, en, alt_ko, alt_en, extra)
        self.governments.append(gov)
        return gov

    def region(self, gov: _Org, ko: str, en: str, within: str | None) -> None:
        iri = self.iri("place", en)
        pairs = [(A, _p("Region")), (_p("administeredBy"), gov.iri), *self.labels(ko, en)]
        if within:
            pairs.append((_p("within"), within))
        self.emit(REGISTRY, iri, pairs)
        gov.region, gov.region_ko, gov.region_en = iri, ko, en
        self.stats.regions += 1

    def person(self, org: _Org) -> None:
        surname_ko, surname_en = self.rng.choice(SURNAMES)
        (g1k, g1e), (g2k, g2e) = self.rng.choice(SYLLABLES), self.rng.choice(SYLLABLES)
        ko = surname_ko + g1k + g2k
        given = f"{g1e.capitalize()}-{g2e}"
        en = f"{surname_en} {given}"
        role_ko, role_en = self.rng.choice(ROLES[org.kind])
        iri = self.iri("person", en)
        pairs = [(A, _p("Person")), *self.labels(ko, en)]
        pairs += [(ALT, _ko(f"{ko} {role_ko}")), (ALT, _en(f"{given} {surname_en}"))]
        self.emit(REGISTRY, iri, pairs)
        slug = iri[len(ID) + 8 : -1]
        org.people.append((iri, slug, role_ko, role_en))
        self.people.append((iri, ko, en))
        self.stats.people += 1

    # --- articles ---------------------------------------------------------------------------
    def parties(self, k: int) -> list[_Org]:
        chosen: list[_Org] = []
        while len(chosen) < k:
            (org,) = self.rng.choices(self.ranked, cum_weights=self.cum_weights)
            if org not in chosen:
                chosen.append(org)
        return chosen

    def date(self) -> tuple[str, str]:
        """A signing date at a real precision: (lexical, xsd datatype); mostly full dates."""
        rng = self.rng
        year, month, day = rng.randint(2016, 2026), rng.randint(1, 12), rng.randint(1, 28)
        r = rng.random()
        if r < 0.85:
            return f"{year}-{month:02d}-{day:02d}", "date"
        if r < 0.95:
            return f"{year}-{month:02d}", "gYearMonth"
        return str(year), "gYear"

    def amount(self, graph: str, slug: str) -> str:
        value, stated = _krw(self.rng)
        iri = f"<{ID}amount/{slug}>"
        pairs = [
            (A, f"<{SCHEMA}MonetaryAmount>"),
            (f"<{SCHEMA}value>", _typed(value, "decimal")),
            (f"<{SCHEMA}currency>", _str("KRW")),
            (_p("statedAs"), _str(stated)),
        ]
        self.emit(graph, iri, pairs)
        return iri

    def article(self, n: int) -> None:
        rng = self.rng
        aid = hashlib.blake2b(f"{self.seed}:{n}".encode(), digest_size=8).hexdigest()
        graph = f"<{BASE}graph/article/{aid}>"
        article = f"<{ID}article/{aid}>"
        ev = (_p("evidence"), article)
        place = rng.choice(self.places)
        fac_ko, fac_en = rng.choice(FACILITIES)
        tag = aid[:6]
        # sites: a district within the city's region, a plot within the district
        dk, de = self.name(2, 2)
        district = f"<{ID}site/{_slug(de)}-district-{tag}>"
        plot = f"<{ID}site/{_slug(de)}-{_slug(fac_en)}-site-{tag}>"
        area = rng.randint(20, 900) * 10000
        self.emit(graph, district, [
            (A, _p("Site")),
            *self.labels(f"{place.region_ko} {dk}지구", f"{de} district, {place.region_en}"),
            (_p("areaSqm"), _typed(f"{area}.0", "decimal")), (_p("within"), place.region), ev,
        ])  # fmt: skip
        self.emit(graph, plot, [
            (A, _p("Site")), *self.labels(f"{dk} {fac_ko} 부지", f"{de} {fac_en} site"),
            (_p("areaSqm"), _typed(f"{area // 30}.0", "decimal")),
            (_p("areaApproximate"), _typed("true", "boolean")), (_p("within"), district), ev,
        ])  # fmt: skip
        # the project
        k = rng.choices([2, 3, 4, 5], weights=[50, 25, 15, 10])[0]
        parties = self.parties(k)
        developers = [o for o in parties if o.kind == "company"][:2] or [rng.choice(self.companies)]
        project = f"<{ID}project/{_slug(place.region_en)}-{_slug(fac_en)}-{tag}>"
        proj_ko, proj_en = f"{place.region_ko} {dk} {fac_ko}", f"{place.region_en} {de} {fac_en}"
        start = rng.randint(2022, 2030)
        facts = [
            (A, _p("Facility" if rng.random() < 0.6 else "Project")),
            *self.labels(proj_ko, proj_en),
            *[(_p("developer"), d.iri) for d in developers],
            (_p("projectStatus"), _v("project-status", rng.choice(PROJECT_STATUS))),
            (_p("plannedConstructionStart"), _typed(str(start), "gYear")),
            (_p("plannedCompletion"), _typed(str(start + rng.randint(1, 5)), "gYear")),
            (_p("atSite"), plot),
            (_p("totalInvestment"), self.amount(graph, f"{tag}-total-investment")),
            ev,
        ]
        self.emit(graph, project, facts)
        date, dtype = self.date()
        self.metadata(n, aid, article, graph, parties, proj_ko, proj_en, date, dtype)
        if rng.random() < 0.9:
            self.agreement(graph, tag, ev, parties, project, plot, proj_ko, proj_en, date, dtype)
        if rng.random() < 0.6:
            self.budget(graph, tag, ev, project, proj_ko, proj_en, start)
        if rng.random() < 0.3:
            self.proposal(graph, tag, ev, project, proj_ko, proj_en, place)
        self.stats.articles += 1

    def metadata(self, n, aid, article, graph, parties, proj_ko, proj_en, date, dtype) -> None:
        english = self.rng.random() < 0.3
        first, second = parties[0], parties[1]
        title = (
            _en(f"{first.en} and {second.en} sign an agreement on the {proj_en}")
            if english
            else _ko(f"{first.ko}·{second.ko}, ‘{proj_ko}’ 협약 체결")
        )
        surname, _ = self.rng.choice(SURNAMES)
        given = "".join(k for k, _ in (self.rng.choice(SYLLABLES), self.rng.choice(SYLLABLES)))
        self.emit(METADATA, article, [
            (A, _p("Article")), (f"<{DCT}title>", title), (f"<{DCT}issued>", _typed(date, dtype)),
            (f"<{DCT}language>", _str("en" if english else "ko")),
            (f"<{SCHEMA}author>", _str(surname + given)),
            (_p("translation"), _typed("false", "boolean")),
            (_p("sourceFile"), _str(f"{n:07d}_{aid}.txt")), (_p("factGraph"), graph),
        ])  # fmt: skip

    def agreement(self, graph, tag, ev, parties, project, plot, proj_ko, proj_en, date, dtype):
        rng = self.rng
        mou = rng.random() < 0.4
        kind = "memorandum-of-understanding" if mou else "investment-agreement"
        ko = f"{proj_ko} {'업무협약' if mou else '투자협약'}"
        en = f"{'Memorandum of understanding' if mou else 'Investment agreement'} on the {proj_en}"
        iri = f"<{ID}agreement/{_slug(proj_en)}-{'mou' if mou else 'investment'}-{tag}>"
        pairs = [(A, _p("Agreement")), *self.labels(ko, en)]
        pairs.append((_p("agreementType"), _v("agreement-type", kind)))
        pairs += [(_p("party"), o.iri) for o in parties]
        for org in parties:
            if org.people and rng.random() < 0.7:
                person, slug, role_ko, role_en = org.people[0]
                post = f"<{ID}post/{_slug(org.en)}-{_slug(role_en)}-{slug}>"
                self.emit(graph, post, [
                    (A, _p("Post")), (_p("heldBy"), person), (_p("postIn"), org.iri),
                    (_p("roleTitle"), _ko(role_ko)), (_p("roleTitle"), _en(role_en)), ev,
                ])  # fmt: skip
                pairs.append((_p("signatory"), person))
        pairs.append((_p("signedOn"), _typed(date, dtype)))
        pairs += [(_p("concerns"), project), (_p("atSite"), plot)]
        if not mou:
            pairs.append((_p("amount"), self.amount(graph, f"{tag}-agreement")))
        pairs.append(ev)
        self.emit(graph, iri, pairs)
        self.stats.agreements += 1

    def budget(self, graph, tag, ev, project, proj_ko, proj_en, start) -> None:
        rng = self.rng
        funder = rng.choice(self.governments)
        year = rng.randint(max(2016, start - 3), min(2027, start + 2))
        iri = f"<{ID}budget/{_slug(proj_en)}-fy{year}-{tag}>"
        pairs = [
            (A, _p("Budget")),
            *self.labels(f"{proj_ko} {year}년 예산", f"FY{year} budget for the {proj_en}"),
            (_p("funder"), funder.iri), (_p("purpose"), project),
            (_p("amount"), self.amount(graph, f"{tag}-budget-fy{year}")),
            (_p("fiscalYear"), _typed(str(year), "gYear")),
            (_p("budgetStage"), _v("budget-stage", rng.choice(BUDGET_STAGES))), ev,
        ]  # fmt: skip
        if rng.random() < 0.5:
            pairs.append((_p("recipient"), rng.choice(self.companies).iri))
        self.emit(graph, iri, pairs)
        self.stats.budgets += 1

    def proposal(self, graph, tag, ev, project, proj_ko, proj_en, place) -> None:
        rng = self.rng
        proposer = rng.choice(self.people)[0] if rng.random() < 0.5 else place.iri
        to = rng.choice(self.governments[:6])  # the national government or a ministry
        date, dtype = self.date()
        iri = f"<{ID}proposal/{_slug(proj_en)}-in-{_slug(place.region_en)}-{tag}>"
        self.emit(graph, iri, [
            (A, _p("Proposal")),
            *self.labels(
                f"{proj_ko} {place.region_ko} 유치 제안",
                f"Proposal to bring the {proj_en} to {place.region_en}",
            ),
            (_p("proposer"), proposer), (_p("proposedTo"), to.iri), (_p("proposes"), project),
            (_p("proposedLocation"), place.region), (_p("proposedOn"), _typed(date, dtype)), ev,
        ])  # fmt: skip
        self.stats.proposals += 1


#: Average quads per article, including its share of the registry (measured at 10^4-10^6).
_QUADS_PER_ARTICLE = 100


def generate(target: int, seed: int, out: TextIO) -> Stats:
    """Write about ``target`` quads (N-Quads) of a synthetic graph to ``out``.

    Stops after the first article that reaches the target, so the count exceeds it by less
    than one article (about 100 quads); below about 3,000 quads the registry alone is larger.

    Examples
    --------
    >>> import io
    >>> out = io.StringIO()
    >>> stats = generate(5000, seed=1, out=out)
    >>> stats.quads == out.getvalue().count("\\n") and 5000 <= stats.quads < 5300
    True
    """
    started = time.perf_counter()
    gen = _Generator(target, seed, out)
    gen.registry(max(20, target // _QUADS_PER_ARTICLE))
    n = 0
    while gen.stats.quads < target:
        gen.article(n)
        n += 1
    gen.stats.seconds = time.perf_counter() - started
    return gen.stats


def _count(text: str) -> int:
    return int(float(text))


def _summary(stats: Stats) -> str:
    return (
        f"{stats.quads} quads, {stats.articles} articles, {stats.organisations} organisations, "
        f"{stats.people} people, {stats.agreements} agreements, {stats.budgets} budgets, "
        f"{stats.proposals} proposals in {stats.seconds:.1f} s"
    )


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--triples", type=_count, default=10_000, help="target quad count (1e6 ok)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("-o", "--output", default="-", help="N-Quads file to write ('-': stdout)")
    args = ap.parse_args(argv)
    if args.output == "-":
        stats = generate(args.triples, args.seed, sys.stdout)
    else:
        with open(args.output, "w", encoding="utf-8", newline="\n", buffering=1 << 20) as out:
            stats = generate(args.triples, args.seed, out)
    print(_summary(stats), file=sys.stderr)


if __name__ == "__main__":
    main()
