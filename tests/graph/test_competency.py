"""Competency questions: what an analyst asks of the seed graph, with the exact answers.

Each question is SPARQL over the union default graph; IRIs are compared as strings, money as
Decimal, dates by their lexical form and datatype (a year stays a year).
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from graph.iris import PREFIXES
from graph.query import sparql

ID = "https://policygraph.example/id/"
A000 = ID + "article/86ffe20fc9bd53a8"
A001 = ID + "article/9ae9a84f0b3031d7"
A002 = ID + "article/c901c4c0e230705d"
XSD = PREFIXES["xsd"]


def _expand(query: str) -> str:
    """Write ``pgid:kind/slug`` and ``pgv:scheme/concept`` (readable, but not legal prefixed
    names in SPARQL because of the slash) as full IRIs."""
    return re.sub(r"\b(pgid|pgv):([\w-]+/[\w-]+)", lambda m: f"<{PREFIXES[m[1]]}{m[2]}>", query)


def select(store, query: str, **bindings):
    return sparql.select(store, _expand(query), **bindings)


def ask(store, query: str) -> bool:
    return sparql.ask(store, _expand(query))


def one(seed_store, query: str, **bindings):
    rows = select(seed_store, query, **bindings)
    assert len(rows) == 1, rows
    return rows[0]


def column(seed_store, query: str, name: str, **bindings) -> set:
    return {row[name] for row in select(seed_store, query, **bindings)}


def test_q01_hub_agreement_parties_and_date(seed_store):
    q = """SELECT ?party ?date ?dt WHERE {
        ?a a pg:Agreement ; pg:concerns pgid:project/namyangju-ai-digital-hub ;
           pg:party ?party ; pg:signedOn ?date . BIND(DATATYPE(?date) AS ?dt) }"""
    rows = select(seed_store, q)
    assert {r["party"] for r in rows} == {
        ID + "org/gyeonggi-province",
        ID + "org/kakao",
        ID + "org/namyangju-city",
        ID + "org/lh",
    }
    assert {(r["date"], r["dt"]) for r in rows} == {("2025-06-13", XSD + "date")}


def test_q02_hub_investment_is_a_krw_number(seed_store):
    row = one(
        seed_store,
        """SELECT ?v ?c WHERE { pgid:project/namyangju-ai-digital-hub
        pg:totalInvestment [ schema:value ?v ; schema:currency ?c ] }""",
    )
    assert row == {"v": Decimal("600000000000"), "c": "KRW"}


def test_q03_who_attended_for_whom_and_who_signed(seed_store):
    """The agreement was concluded with the heads of its four parties present: each head is an
    attendee for the party they head. The article never says who signed, so nobody is a
    signatory."""
    q = """SELECT ?person ?org WHERE {
        pgid:agreement/namyangju-ai-digital-hub-investment pg:attendee ?person ; pg:party ?org .
        ?post pg:heldBy ?person ; pg:postIn ?org }"""
    pairs = {
        (r["person"].rsplit("/", 1)[1], r["org"].rsplit("/", 1)[1]) for r in select(seed_store, q)
    }
    assert pairs == {
        ("kim-dong-yeon", "gyeonggi-province"),
        ("chung-shin-a", "kakao"),
        ("joo-kwang-deok", "namyangju-city"),
        ("lee-han-joon", "lh"),
    }
    signatories = column(
        seed_store,
        """SELECT ?s WHERE {
        pgid:agreement/namyangju-ai-digital-hub-investment pg:signatory ?s }""",
        "s",
    )
    assert signatories == set()


def test_q04_hub_timeline_stays_years(seed_store):
    row = one(
        seed_store,
        """SELECT ?start ?end (DATATYPE(?start) AS ?dt) WHERE {
        pgid:project/namyangju-ai-digital-hub pg:plannedConstructionStart ?start ;
        pg:plannedCompletion ?end }""",
    )
    assert row == {"start": "2026", "end": "2029", "dt": XSD + "gYear"}


def test_q05_hub_site_area_is_approximate_and_within_namyangju(seed_store):
    row = one(
        seed_store,
        """SELECT ?area ?approx WHERE {
        pgid:project/namyangju-ai-digital-hub pg:atSite ?site .
        ?site pg:areaSqm ?area ; pg:areaApproximate ?approx ;
              pg:within+ pgid:place/namyangju }""",
    )
    assert row == {"area": Decimal("34000"), "approx": True}


def test_q06_kakao_partners_via_agreements(seed_store):
    partners = column(
        seed_store,
        """SELECT DISTINCT ?p WHERE {
        ?a a pg:Agreement ; pg:party pgid:org/kakao , ?p . FILTER(?p != pgid:org/kakao) }""",
        "p",
    )
    assert partners == {ID + "org/gyeonggi-province", ID + "org/namyangju-city", ID + "org/lh"}


def test_q07_companies_near_yangjae_are_not_partners(seed_store):
    near = column(seed_store, "SELECT ?c WHERE { ?c a pg:Company ; pg:hasPresenceIn ?place }", "c")
    assert near == {ID + f"org/{c}" for c in ("samsung", "hyundai", "lg", "kt")}
    assert not ask(
        seed_store,
        """ASK { VALUES ?c { pgid:org/samsung pgid:org/hyundai
        pgid:org/lg pgid:org/kt } { ?x pg:party ?c } UNION { ?x pg:developer ?c }
        UNION { ?x pg:funder ?c } }""",
    )


def test_q08_ai_city_pilot_budget(seed_store):
    row = one(
        seed_store,
        """SELECT ?year ?v ?stage ?funder WHERE {
        ?b a pg:Budget ; pg:purpose pgid:project/ai-city-pilot ; pg:fiscalYear ?year ;
           pg:amount/schema:value ?v ; pg:budgetStage ?stage ; pg:funder ?funder }""",
    )
    assert row == {
        "year": "2026",
        "v": Decimal("4000000000"),
        "stage": "https://policygraph.example/vocab/budget-stage/earmarked",
        "funder": ID + "org/korean-government",
    }


def test_q09_new_town_study_is_split_between_two_funders(seed_store):
    rows = select(
        seed_store,
        """SELECT ?funder ?v WHERE { ?b pg:purpose
        pgid:project/gwangju-new-town-preliminary-planning-study ; pg:funder ?funder ;
        pg:amount/schema:value ?v }""",
    )
    assert {r["funder"] for r in rows} == {
        ID + "org/korean-government",
        ID + "org/gwangju-metropolitan-city",
    }
    assert sum(r["v"] for r in rows) == Decimal("2000000000")


def test_q10_npu_centre_is_proposed_not_agreed(seed_store):
    row = one(
        seed_store,
        """SELECT ?who ?v ?status WHERE { ?p pg:proposes
        pgid:project/national-npu-computing-center ; pg:proposer ?who .
        pgid:project/national-npu-computing-center pg:totalInvestment/schema:value ?v ;
        pg:projectStatus ?status }""",
    )
    assert row == {
        "who": ID + "person/jung-jin-uk",
        "v": Decimal("1000000000000"),
        "status": "https://policygraph.example/vocab/project-status/proposed",
    }
    assert ask(
        seed_store,
        "ASK { ?p pg:proposes pgid:project/national-npu-computing-center ; a pg:Proposal }",
    )
    assert not ask(
        seed_store,
        "ASK { ?a a pg:Agreement ; pg:concerns pgid:project/national-npu-computing-center }",
    )


def test_q11_every_proposal_by_jung_and_where(seed_store):
    rows = select(
        seed_store,
        """SELECT ?thing ?place WHERE { ?p a pg:Proposal ;
        pg:proposer pgid:person/jung-jin-uk ; pg:proposes ?thing ; pg:proposedLocation ?place }""",
    )
    assert {r["thing"].rsplit("/", 1)[1] for r in rows} == {
        "ai-city-pilot",
        "national-npu-computing-center",
        "national-ai-research-institute",
    }
    assert {r["place"] for r in rows} == {ID + "place/gwangju"}


def test_q12_research_institute_cost(seed_store):
    row = one(
        seed_store,
        """SELECT ?v WHERE { pgid:project/national-ai-research-institute
        pg:totalInvestment/schema:value ?v }""",
    )
    assert row["v"] == Decimal("600000000000")


def test_q13_yangjae_zone_authorities_and_applicants(seed_store):
    rows = select(
        seed_store,
        """SELECT ?zone ?authority ?applicant WHERE { ?d a pg:Designation ;
        pg:designatedZone ?zone ; pg:designatingAuthority ?authority ; pg:applicant ?applicant }""",
    )
    got = {
        (
            r["zone"].rsplit("/", 1)[1],
            r["authority"].rsplit("/", 1)[1],
            r["applicant"].rsplit("/", 1)[1],
        )
        for r in rows
    }
    assert got == {
        (
            "yangjae-umyeon-regional-specialized-development-zone",
            "ministry-of-smes-and-startups",
            "seocho-gu",
        ),
        (
            "yangjae-2-dong-specific-development-promotion-district",
            "seoul-metropolitan-government",
            "seocho-gu",
        ),
    }


def test_q14_floor_area_ratio_incentives(seed_store):
    rows = select(
        seed_store,
        """SELECT ?zone ?rate WHERE { ?d pg:designatedZone ?zone ;
        pg:incentive ?i . ?i pg:incentiveType pgv:incentive-type/floor-area-ratio-relaxation ;
        pg:ratePercent ?rate }""",
    )
    assert {(r["zone"].rsplit("/", 1)[1], r["rate"]) for r in rows} == {
        ("yangjae-umyeon-regional-specialized-development-zone", Decimal("150")),
        ("yangjae-2-dong-specific-development-promotion-district", Decimal("120")),
    }


def test_q15_acquisition_tax_reduction(seed_store):
    row = one(
        seed_store,
        """SELECT ?rate WHERE { ?d pg:incentive ?i .
        ?i pg:incentiveType pgv:incentive-type/tax-reduction ; pg:ratePercent ?rate }""",
    )
    assert row["rate"] == Decimal("50")


def test_q16_rnd_campus_opening_and_capacities(seed_store):
    rows = select(
        seed_store,
        """SELECT ?year ?v ?unit WHERE { pgid:project/yangjae-ai-rnd-campus
        pg:plannedOpening ?year ; pg:capacity [ schema:value ?v ; schema:unitText ?unit ] .
        FILTER(lang(?unit) = "en") }""",
    )
    assert {(r["year"], r["v"], r["unit"]) for r in rows} == {
        ("2027", Decimal("540"), "companies"),
        ("2027", Decimal("300"), "housing units"),
    }


def test_q17_property_exchange_with_nonghyup(seed_store):
    row = one(
        seed_store,
        """SELECT ?date (GROUP_CONCAT(STR(?p); separator=" ") AS ?parties)
        WHERE { ?a pg:agreementType pgv:agreement-type/property-exchange ; pg:signedOn ?date ;
        pg:party ?p } GROUP BY ?date""",
    )
    assert row["date"] == "2021-12-15"
    assert set(row["parties"].split()) == {
        ID + "org/seoul-metropolitan-government",
        ID + "org/nonghyup",
    }


def test_q18_hwang_bo_yeon_post(seed_store):
    row = one(
        seed_store,
        """SELECT ?org ?title WHERE { ?post pg:heldBy pgid:person/hwang-bo-yeon ;
        pg:postIn ?org ; pg:roleTitle ?title FILTER(lang(?title) = "en") }""",
    )
    assert row == {
        "org": ID + "org/seoul-metropolitan-government",
        "title": "Head of the Economic Policy Office",
    }


def test_q19_ai_yangjae_hub_opened_in_2017_under_a_former_name(seed_store):
    row = one(
        seed_store,
        """SELECT ?y ?old WHERE { pgid:project/ai-yangjae-hub pg:openedOn ?y ;
        pg:formerName ?old FILTER(lang(?old) = "en") }""",
    )
    assert row == {"y": "2017", "old": "Yangjae R&CD Innovation Hub"}


def test_q20_source_article_of_each_fact_by_graph_and_by_evidence(seed_store):
    q = """SELECT ?node ?article ?g WHERE { VALUES ?node {
          pgid:agreement/namyangju-ai-digital-hub-investment
          pgid:budget/ai-city-pilot-site-selection-and-planning
          pgid:proposal/national-npu-computing-center-in-gwangju
          pgid:designation/yangjae-umyeon-regional-specialized-development-zone }
        GRAPH ?g { ?node pg:evidence ?article } }"""
    rows = select(seed_store, q)
    assert {r["node"].rsplit("/", 1)[1]: r["article"] for r in rows} == {
        "namyangju-ai-digital-hub-investment": A000,
        "ai-city-pilot-site-selection-and-planning": A002,
        "national-npu-computing-center-in-gwangju": A002,
        "yangjae-umyeon-regional-specialized-development-zone": A001,
    }
    facts = select(seed_store, "SELECT ?a ?g WHERE { ?a pg:factGraph ?g }")
    graph_of = {r["a"]: r["g"] for r in facts}
    assert all(graph_of[r["article"]] == r["g"] for r in rows)  # both routes agree


def test_q21_article_metadata(seed_store):
    rows = select(
        seed_store,
        """SELECT ?a ?lang ?issued (DATATYPE(?issued) AS ?dt) WHERE {
        GRAPH pgg:metadata { ?a a pg:Article ; dct:language ?lang ; dct:issued ?issued } }""",
    )
    assert {(r["a"], r["lang"], r["issued"], r["dt"].rsplit("#")[1]) for r in rows} == {
        (A000, "ko", "2025-06-13", "date"),
        (A001, "en", "2021-12", "gYearMonth"),
        (A002, "en", "2025", "gYear"),
    }


def test_q22_inferred_dates_say_so(seed_store):
    inferred = column(
        seed_store,
        """SELECT ?x WHERE {
        ?x pg:certainty pgv:certainty/inferred }""",
        "x",
    )
    assert {A001, A002, ID + "budget/ai-city-pilot-site-selection-and-planning"} <= inferred


def test_q22b_which_value_is_inferred(seed_store):
    """Each inferred value is named: the fiscal year of next year's budget, the year of the
    session on 7 November and of the proposals made there, and the two undated articles' dates;
    the budget's amount and the proposals themselves are stated."""
    rows = select(seed_store, "SELECT ?x ?p WHERE { ?x pg:inferred ?p }")
    got = {(r["x"].rsplit("/", 1)[1], r["p"].rsplit("/", 1)[1].rsplit("#", 1)[-1]) for r in rows}
    assert got == {
        ("9ae9a84f0b3031d7", "issued"),
        ("c901c4c0e230705d", "issued"),
        ("ai-city-pilot-site-selection-and-planning", "fiscalYear"),
        ("budget-committee-policy-inquiry-nov-7", "date"),
        ("ai-city-pilot-in-gwangju", "proposedOn"),
        ("national-npu-computing-center-in-gwangju", "proposedOn"),
        ("national-ai-research-institute-in-gwangju", "proposedOn"),
    }
    assert not ask(
        seed_store,
        "ASK { ?x pg:inferred ?p FILTER NOT EXISTS { ?x pg:certainty pgv:certainty/inferred } }",
    )


def test_q23_garbled_figures_carry_no_number(seed_store):
    rows = select(
        seed_store,
        """SELECT ?x ?v WHERE { ?x pg:certainty pgv:certainty/uncertain .
        OPTIONAL { ?x schema:value ?v } OPTIONAL { ?x pg:areaSqm ?a } FILTER(!BOUND(?a)) }""",
    )
    assert rows and all(r["v"] is None for r in rows)
    assert not ask(seed_store, "ASK { ?x pg:certainty pgv:certainty/uncertain ; pg:areaSqm ?a }")


def test_q24_every_stakeholder_has_one_ko_and_one_en_label(seed_store):
    # the ontology is not in the store, so list the concrete stakeholder classes
    direct = select(
        seed_store,
        """SELECT ?s (SUM(IF(lang(?l) = "ko", 1, 0)) AS ?ko)
        (SUM(IF(lang(?l) = "en", 1, 0)) AS ?en) WHERE { VALUES ?type { pg:Government pg:Company
        pg:Person pg:ResearchBody pg:EducationBody pg:PoliticalParty pg:Consortium }
        ?s a ?type ; skos:prefLabel ?l } GROUP BY ?s""",
    )
    assert len(direct) >= 30
    assert all(r["ko"] == 1 and r["en"] == 1 for r in direct)


def test_q25_kakao_variants_are_recorded(seed_store):
    alts = column(seed_store, "SELECT ?l WHERE { pgid:org/kakao skos:altLabel ?l }", "l")
    assert {"㈜카카오", "Kakao Corp."} <= alts


def test_q26_budget_totals_by_funder(seed_store):
    rows = select(
        seed_store,
        """SELECT ?funder (SUM(?v) AS ?total) WHERE { ?b a pg:Budget ;
        pg:funder ?funder ; pg:amount/schema:value ?v } GROUP BY ?funder""",
    )
    assert {r["funder"].rsplit("/", 1)[1]: r["total"] for r in rows} == {
        "korean-government": Decimal("5000000000"),
        "gwangju-metropolitan-city": Decimal("1000000000"),
    }


def test_q27_consortium_choice_is_no_partnership(seed_store):
    row = one(
        seed_store,
        """SELECT ?place WHERE { pgid:project/national-ai-computing-center
        pg:proposedLocation ?place }""",
    )
    assert row["place"] == ID + "place/jeollanam-do"
    assert not ask(seed_store, "ASK { ?a a pg:Agreement ; pg:party pgid:org/jeollanam-do }")


@pytest.mark.parametrize("article", [A000, A001, A002])
def test_q28_each_article_graph_holds_facts(seed_store, article):
    row = one(
        seed_store,
        """SELECT (COUNT(*) AS ?n) WHERE { ?a pg:factGraph ?g .
        GRAPH ?g { ?s ?p ?o } }""",
        a=article,
    )
    assert row["n"] > 40


def test_q29_kaist_ai_graduate_school_is_part_of_kaist(seed_store):
    row = one(
        seed_store,
        """SELECT ?parent ?g WHERE { GRAPH ?g {
        pgid:org/kaist-ai-graduate-school pg:subOrganizationOf ?parent } }""",
    )
    assert row["parent"] == ID + "org/kaist"
    assert row["g"] == "https://policygraph.example/graph/article/9ae9a84f0b3031d7"
    assert not ask(
        seed_store,
        """ASK { { ?x pg:party pgid:org/kaist } UNION { ?x pg:developer pgid:org/kaist }
        UNION { ?x pg:funder pgid:org/kaist } }""",
    )


def test_q30_consortium_selected_south_jeolla_for_the_computing_center(seed_store):
    row = one(
        seed_store,
        """SELECT ?who ?place ?article WHERE { ?s a pg:Selection ;
        pg:selectedFor pgid:project/national-ai-computing-center ;
        pg:selectedBy ?who ; pg:selectedPlace ?place ; pg:evidence ?article }""",
    )
    assert row == {
        "who": ID + "org/national-ai-computing-center-consortium",
        "place": ID + "place/jeollanam-do",
        "article": A002,
    }
    assert not ask(
        seed_store,
        """ASK { ?a a pg:Agreement ; pg:party
        pgid:org/national-ai-computing-center-consortium }""",
    )


def test_q31_namyangju_and_paju_lie_in_northern_gyeonggi(seed_store):
    rows = select(
        seed_store,
        """SELECT ?place ?g WHERE { GRAPH ?g { ?place pg:within pgid:place/northern-gyeonggi } }""",
    )
    assert {(r["place"].rsplit("/", 1)[1], r["g"].rsplit("/", 1)[1]) for r in rows} == {
        ("namyangju", "86ffe20fc9bd53a8"),
        ("paju", "86ffe20fc9bd53a8"),
    }
    assert ask(
        seed_store,
        """ASK { pgid:site/wangsuk-ai-digital-hub-site pg:within+ pgid:place/northern-gyeonggi .
        pgid:place/northern-gyeonggi pg:within pgid:place/gyeonggi }""",
    )


def test_q32_yangjae_research_institutes_are_located_there_not_an_outcome(seed_store):
    row = one(
        seed_store,
        """SELECT ?v ?unit WHERE { pgid:site/yangjae-ai-innovation-district
        pg:presenceCount [ schema:value ?v ; schema:unitText ?unit ]
        FILTER(lang(?unit) = "en") }""",
    )
    assert row == {"v": Decimal("280"), "unit": "research institutes"}
    assert not ask(
        seed_store,
        "ASK { ?x pg:reportedOutcome ?q FILTER NOT EXISTS { ?x a ?t . "
        "VALUES ?t { pg:Project pg:Facility pg:Study } } }",
    )


def test_q33_the_yangjae_hyundai_is_named_only_as_hyundai(seed_store):
    labels = column(
        seed_store,
        """SELECT ?l WHERE { pgid:org/hyundai skos:prefLabel|skos:altLabel|rdfs:label ?l }""",
        "l",
    )
    assert labels == {"현대", "Hyundai"}


def test_q34_studies_are_carried_out_not_built(seed_store):
    rows = select(
        seed_store,
        """SELECT ?s ?year WHERE { ?s a pg:Study OPTIONAL { ?s pg:plannedYear ?year } }""",
    )
    assert {(r["s"].rsplit("/", 1)[1], r["year"]) for r in rows} == {
        ("yangjae-ai-district-research-service", "2022"),
        ("gwangju-new-town-preliminary-planning-study", None),
    }
    assert not ask(
        seed_store,
        """ASK { ?s a pg:Study ; ?p ?d . VALUES ?p { pg:plannedConstructionStart
        pg:plannedCompletion pg:plannedOpening pg:openedOn } }""",
    )


def test_q35_names_and_titles_as_the_articles_write_them(seed_store):
    """Variants are other spellings of the same name, not other readings or generic words; role
    titles are the article's own."""
    hwang = column(
        seed_store, "SELECT ?l WHERE { pgid:person/hwang-bo-yeon skos:altLabel ?l }", "l"
    )
    assert hwang == {"황보연 실장"}  # 'Hwangbo Yeon' would be another reading of the name
    consortium = column(
        seed_store,
        "SELECT ?l WHERE { pgid:org/national-ai-computing-center-consortium skos:altLabel ?l }",
        "l",
    )
    assert consortium and not {"민간 컨소시엄", "private consortium"} & consortium
    row = one(
        seed_store,
        """SELECT ?title WHERE { ?post pg:heldBy pgid:person/chung-shin-a ;
        pg:postIn pgid:org/kakao ; pg:roleTitle ?title FILTER(lang(?title) = "ko") }""",
    )
    assert row["title"] == "대표"
