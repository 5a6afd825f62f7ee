"""Lists (agreements, budgets, projects, sites, articles), one article's facts, the timeline.

Expected values come from independent SPARQL over the seed store where a query can state them,
and from the seed files (graph/data/*.trig) where noted.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from graph.dates import period_start
from graph.errors import InputError, NotFound
from graph.iris import PG, PGID
from graph.query.sparql import select
from graph.read.articles import article, articles
from graph.read.catalogue import agreements, budgets, projects, sites
from graph.read.timeline import timeline

ARTICLE_000 = "https://policygraph.example/id/article/86ffe20fc9bd53a8"


def count(store, cls: str) -> int:
    return select(store, f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s a {cls} }}")[0]["n"]


@pytest.mark.parametrize(
    ("lister", "cls"),
    [
        (agreements, "pg:Agreement"),
        (budgets, "pg:Budget"),
        (sites, "pg:Site"),
        (articles, "pg:Article"),
    ],
)
def test_list_totals_match_the_store(seed_store, lister, cls):
    result = lister(seed_store, limit=500)
    assert result["total"] == count(seed_store, cls) == len(result["items"])
    assert all(i["iri"].startswith("https://policygraph.example/id/") for i in result["items"])


def test_projects_include_facilities(seed_store):
    n = select(
        seed_store,
        "SELECT (COUNT(DISTINCT ?s) AS ?n) "
        "WHERE { { ?s a pg:Project } UNION { ?s a pg:Facility } }",
    )[0]["n"]
    result = projects(seed_store, limit=500)
    assert result["total"] == n
    hub = next(p for p in result["items"] if p["label_en"] == "Namyangju AI Digital Hub")
    # seed file 000: a facility planned to start in 2026 and finish in 2029 (years stay years)
    assert hub["type"] == "Facility" and hub["status"] == "planned"
    assert (hub["planned_construction_start"], hub["planned_completion"]) == ("2026", "2029")
    assert hub["total_investment"] == {
        "value": 600_000_000_000,
        "currency": "KRW",
        "stated_as": "6천억 원",
        "certainty": None,
    }


def test_pagination(seed_store):
    everything = sites(seed_store, limit=500)["items"]
    page = sites(seed_store, limit=2, offset=1)
    assert (page["limit"], page["offset"], page["total"]) == (2, 1, len(everything))
    assert page["items"] == everything[1:3]
    assert sites(seed_store, offset=1000)["items"] == []
    for bad in ({"limit": -1}, {"limit": 0}, {"limit": 501}, {"offset": -5}, {"limit": "10"}):
        with pytest.raises(InputError) as err:
            sites(seed_store, **bad)
        assert err.value.context["parameter"] == next(iter(bad))


def test_agreements_are_oldest_first_with_parties_and_money(seed_store):
    items = agreements(seed_store)["items"]
    dates = [i["date"] for i in items]
    assert dates == sorted(dates, key=period_start)
    for item in items:
        parties = select(seed_store, "SELECT DISTINCT ?p WHERE { ?a pg:party ?p }", a=item["iri"])
        assert {p["iri"] for p in item["parties"]} == {r["p"] for r in parties}
        assert all(p["label_ko"] and p["label_en"] for p in item["parties"])
    hub = next(i for i in items if i["type"] == "investment-agreement")
    assert hub["amount"]["value"] == 600_000_000_000 and hub["amount"]["currency"] == "KRW"
    assert [a["iri"] for a in hub["articles"]] == [ARTICLE_000]


def test_agreements_list_attendees_beside_signatories(seed_store):
    """Who signed and who attended are both listed, each as the store says it; the hub's four
    heads attended and no article says who signed."""
    items = agreements(seed_store)["items"]
    for item in items:
        for key, prop in (("signatories", "pg:signatory"), ("attendees", "pg:attendee")):
            rows = select(seed_store, f"SELECT DISTINCT ?p WHERE {{ ?a {prop} ?p }}", a=item["iri"])
            assert {p["iri"] for p in item[key]} == {r["p"] for r in rows}, key
    hub = next(i for i in items if i["type"] == "investment-agreement")
    assert {p["label_en"] for p in hub["attendees"]} == {
        "Kim Dong-yeon",
        "Chung Shin-a",
        "Joo Kwang-deok",
        "Lee Han-joon",
    }
    assert hub["signatories"] == []


def test_budget_totals_agree_with_sparql_sums(seed_store):
    result = budgets(seed_store, limit=1)  # totals cover every budget, not only the page
    assert len(result["items"]) == 1
    totals = result["totals"]
    rows = select(
        seed_store,
        """SELECT ?f ?c (SUM(?v) AS ?t) WHERE { ?b a pg:Budget ; pg:funder ?f ;
             pg:amount [ schema:value ?v ; schema:currency ?c ] } GROUP BY ?f ?c""",
    )
    assert {(x["funder"]["iri"], x["currency"]): x["total"] for x in totals["by_funder"]} == {
        (r["f"], r["c"]): int(Decimal(r["t"])) for r in rows
    }
    rows = select(
        seed_store,
        """SELECT ?y ?c (SUM(?v) AS ?t) WHERE { ?b a pg:Budget ;
             pg:amount [ schema:value ?v ; schema:currency ?c ] OPTIONAL { ?b pg:fiscalYear ?y } }
           GROUP BY ?y ?c""",
    )
    assert {(x["fiscal_year"], x["currency"]): x["total"] for x in totals["by_fiscal_year"]} == {
        (r["y"], r["c"]): int(Decimal(r["t"])) for r in rows
    }
    # seed file 002: only the AI City pilot budget states a fiscal year, and it is a year
    assert [x["fiscal_year"] for x in totals["by_fiscal_year"]] == ["2026", None]
    for item in budgets(seed_store)["items"]:
        assert isinstance(item["amount"]["value"], int | float)
        assert item["funder"]["label_ko"] and item["funder"]["label_en"]


def test_articles_metadata(seed_store):
    items = articles(seed_store)["items"]
    by_id = {i["id"]: i for i in items}
    # seed metadata: 001 is a machine translation dated only by year (inferred)
    assert by_id["9ae9a84f0b3031d7"]["issued"] == "2021-12"
    assert by_id["9ae9a84f0b3031d7"]["translation"] is True
    assert by_id["86ffe20fc9bd53a8"]["issued"] == "2025-06-13"
    assert by_id["86ffe20fc9bd53a8"]["language"] == "ko"


@pytest.mark.parametrize(
    "ident", ["86ffe20fc9bd53a8", "article/86ffe20fc9bd53a8", ARTICLE_000, "86FFE20FC9BD53A8"]
)
def test_article_facts_are_its_graphs_triples(seed_store, ident):
    a = article(seed_store, ident)
    assert a["iri"] == ARTICLE_000
    n = select(
        seed_store,
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
        g="https://policygraph.example/graph/article/86ffe20fc9bd53a8",
    )[0]["n"]
    assert a["fact_count"] == n == len(a["facts"])
    value = next(f for f in a["facts"] if f["predicate"] == "https://schema.org/value")
    assert value["object"] == 600_000_000_000 and value["object_type"] == "literal"
    label = next(f for f in a["facts"] if f["language"] == "ko")
    assert label["object_type"] == "literal"


def test_unknown_article(seed_store):
    with pytest.raises(NotFound, match="0000000000000000"):
        article(seed_store, "0000000000000000")


def test_timeline_keeps_each_dates_precision(seed_store):
    t = timeline(seed_store, limit=500)
    rows = select(
        seed_store,
        """SELECT DISTINCT ?s ?p ?d WHERE { VALUES ?p { pg:signedOn pg:proposedOn pg:date
             pg:startDate pg:announcedOn pg:plannedConstructionStart pg:plannedCompletion
             pg:plannedOpening pg:openedOn pg:fiscalYear pg:plannedYear } ?s ?p ?d }""",
    )
    assert t["total"] == len(rows)
    width = {"year": 4, "month": 7, "day": 10}
    assert all(len(e["date"]) == width[e["precision"]] for e in t["items"])
    starts = [period_start(e["date"]) for e in t["items"]]
    assert starts == sorted(starts)
    # seed file 002: the AI City pilot budget's fiscal year 2026 stays a year
    fiscal = [e for e in t["items"] if e["event"] == "fiscal-year"]
    assert [(e["date"], e["precision"]) for e in fiscal] == [("2026", "year")]
    signed = [e for e in t["items"] if e["event"] == "signed"]
    assert all(e["subject"]["type"] == "Agreement" for e in signed)
    assert all(e["subject"]["label_ko"] and e["subject"]["label_en"] for e in t["items"])


def test_timeline_names_studies_and_selections_by_their_kind(seed_store, empty_store):
    planned = [e for e in timeline(seed_store, limit=500)["items"] if e["event"] == "planned-year"]
    study = str(PGID["project/yangjae-ai-district-research-service"])
    assert [(e["date"], e["subject"]["type"]) for e in planned if e["subject"]["iri"] == study] == [
        ("2022", "Study")
    ]
    empty_store.update(
        """PREFIX pg: <https://policygraph.example/ont#>
        PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
        INSERT DATA { GRAPH <urn:g> {
          <urn:s> a pg:Selection, pg:Relationship ; pg:date "2025-05"^^xsd:gYearMonth .
        } }"""
    )
    (entry,) = timeline(empty_store)["items"]
    assert (entry["event"], entry["precision"], entry["subject"]["type"]) == (
        "dated",
        "month",
        "Selection",
    )


def test_timeline_entries_cite_their_articles(seed_store):
    items = timeline(seed_store, limit=500)["items"]
    for entry in items:
        cited = select(
            seed_store, "SELECT DISTINCT ?a WHERE { ?s pg:evidence ?a }", s=entry["subject"]["iri"]
        )
        assert [a["iri"] for a in entry["articles"]] == sorted(r["a"] for r in cited)
    assert all(a["title"] for e in items for a in e["articles"])


# --- sites within a place: the pg:within closure index -----------------------------------------

PLACES = ["place/seoul", "place/gyeonggi", "place/namyangju", "place/seocho-gu"]


@pytest.mark.parametrize("place", PLACES)
def test_sites_within_a_place_are_what_the_property_path_finds(seed_store, place):
    expected = {
        r["s"]
        for r in select(
            seed_store,
            f"SELECT DISTINCT ?s WHERE {{ ?s a pg:Site ; pg:within+ <{PGID}{place}> }}",
        )
    }
    result = sites(seed_store, within=place)
    assert expected, place  # the seed has sites under each of these places
    assert {s["iri"] for s in result["items"]} == expected
    assert result["total"] == len(expected)
    assert result["within"]["iri"].endswith(place)
    assert result["within"]["label_en"]


def test_sites_within_page_like_every_list(seed_store):
    whole = sites(seed_store, within="place/seoul")
    second = sites(seed_store, within="place/seoul", limit=1, offset=1)
    assert second["total"] == whole["total"] == 3
    assert second["items"] == whole["items"][1:2]


def test_sites_within_a_place_with_nothing_inside_is_an_empty_page(seed_store):
    site = "site/wangsuk-ai-digital-hub-site"  # exists, and nothing lies within it
    assert sites(seed_store, within=site)["total"] == 0


def test_sites_within_an_unknown_place_is_not_found_naming_it(seed_store):
    with pytest.raises(NotFound, match="place/atlantis"):
        sites(seed_store, within="place/atlantis")
    with pytest.raises(InputError, match="within"):
        sites(seed_store, within="  ")


def test_the_containment_index_follows_writes(empty_store):
    from graph.read.catalogue import containment
    from graph.store.seed import load_seed

    load_seed(empty_store)
    before = sites(empty_store, within="place/gyeonggi")["total"]
    empty_store.update(
        f"INSERT DATA {{ GRAPH <urn:test> {{ <{PGID}site/new> a <{PG}Site> ;"
        f" <{PG}within> <{PGID}place/paju> }} }}"
    )
    assert (
        "https://policygraph.example/id/site/new"
        in containment(empty_store)["https://policygraph.example/id/place/gyeonggi"]
    )
    assert sites(empty_store, within="place/gyeonggi")["total"] == before + 1


def test_timeline_of_one_stakeholder_keeps_what_names_it(seed_store):
    t = timeline(seed_store, stakeholder="org/kakao", limit=500)
    assert t["stakeholder"] == "https://policygraph.example/id/org/kakao"
    events = [(e["date"], e["event"], e["subject"]["type"]) for e in t["items"]]
    assert ("2025-06-13", "signed", "Agreement") in events
    assert ("2029", "planned-completion", "Facility") in events
    assert all(
        e["subject"]["iri"]
        != "https://policygraph.example/id/budget/ai-city-pilot-site-selection-and-planning"
        for e in t["items"]
    )


def test_timeline_of_one_kind(seed_store):
    everything = timeline(seed_store, limit=500)["items"]
    budgets = timeline(seed_store, kind="budget", limit=500)
    assert budgets["kind"] == "Budget"
    assert budgets["items"] == [e for e in everything if e["subject"]["type"] == "Budget"]


def test_timeline_filters_refuse_what_they_cannot_use(seed_store):
    with pytest.raises(NotFound):
        timeline(seed_store, stakeholder="org/nosuch")
    with pytest.raises(InputError) as caught:
        timeline(seed_store, kind="zzz")
    assert caught.value.context["parameter"] == "kind"
