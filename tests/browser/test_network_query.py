"""Journeys through /network and /query in Chromium (issue 18, items 4 and 5)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

from tests.browser.conftest import assert_accessible


def _open_network(page, live_server):
    page.goto(live_server.url + "/network")
    page.wait_for_selector("#network[data-state=ready]")


def _drawn(page) -> dict[str, dict]:
    """The nodes Cytoscape draws (not hidden by a filter): id -> data."""
    return page.evaluate(
        """() => Object.fromEntries(window.policygraphNetwork.nodes().not('.hidden')
              .map(n => [n.id(), {name: n.data('name'), type: n.data('type'),
                                   colour: n.style('background-color')}]))"""
    )


def test_network_shows_kakao_with_its_partners_and_labels_in_the_page_language(page, live_server):
    _open_network(page, live_server)
    drawn = _drawn(page)
    assert drawn["org/kakao"]["name"] == "Kakao"
    assert {"org/gyeonggi-province", "org/namyangju-city", "org/lh"} <= set(drawn)
    # coloured by type: a company and a government differ
    assert drawn["org/kakao"]["colour"] != drawn["org/gyeonggi-province"]["colour"]
    assert "8 links" in page.locator("#network-status").inner_text()
    assert_accessible(page)


def test_network_labels_are_korean_for_a_korean_reader(page_ko, live_server):
    _open_network(page_ko, live_server)
    assert _drawn(page_ko)["org/kakao"]["name"] == "카카오"


def test_path_kakao_to_gyeonggi_is_highlighted_with_its_evidence(page, live_server):
    _open_network(page, live_server)
    page.get_by_label("From").fill("Kakao")
    page.get_by_label("To").fill("Gyeonggi Province")
    page.get_by_role("button", name="Find path").click()
    result = page.locator(".path-result")
    result.wait_for()
    assert "1 hop" in result.inner_text()
    assert page.get_attribute("#network", "data-highlighted") == "org/kakao org/gyeonggi-province"
    highlighted = page.evaluate("() => window.policygraphNetwork.$('.path').map(e => e.id())")
    assert {"org/kakao", "org/gyeonggi-province"} <= set(highlighted) and len(highlighted) == 3
    details = page.locator("#details")
    assert "Investment agreement on building the AI-based digital hub" in details.inner_text()
    article = details.locator("a[href^='/id/article/']").first
    assert "카카오" in article.inner_text() and "2025-06-13" in details.inner_text()
    assert_accessible(page)


def test_path_finder_knows_name_variants(page, live_server):
    # neither variant is a label of the drawn network: the search's alternative labels find them
    _open_network(page, live_server)
    page.get_by_label("From").fill("㈜카카오")
    page.get_by_label("To").fill("경기도청")
    page.get_by_role("button", name="Find path").click()
    page.locator(".path-result").wait_for()
    assert "1 hop" in page.locator(".path-result").inner_text()
    assert page.get_attribute("#network", "data-highlighted") == "org/kakao org/gyeonggi-province"


def test_path_kakao_to_gwangju_says_there_is_none(page, live_server):
    _open_network(page, live_server)
    page.get_by_label("From").fill("Kakao")
    page.get_by_label("To").fill("Gwangju Metropolitan City")
    page.get_by_role("button", name="Find path").click()
    alert = page.locator(".path-result")
    alert.wait_for()
    assert alert.inner_text().startswith("No path: Kakao and Gwangju Metropolitan City")
    assert page.evaluate("() => window.policygraphNetwork.$('.path').length") == 0


def test_an_unknown_name_is_said_plainly(page, live_server):
    _open_network(page, live_server)
    page.get_by_label("From").fill("Kakao")
    page.get_by_label("To").fill("Nobody at all")
    page.get_by_role("button", name="Find path").click()
    assert "Nobody at all" in page.get_by_role("alert").inner_text()


def test_clicking_a_node_lists_its_relationships_and_articles_and_expands(page, live_server):
    _open_network(page, live_server)
    page.evaluate("() => window.policygraphNetwork.getElementById('org/kakao').emit('tap')")
    details = page.locator("#details")
    details.get_by_text("Partners (3)").wait_for()
    assert details.locator("a[href='/id/org/kakao']").count() == 1
    assert details.locator("a[href^='/id/article/']").count() >= 3
    details.get_by_role("button", name="Expand").click()
    details.get_by_text("Kakao and its partners").wait_for()
    assert set(_drawn(page)) == {
        "org/kakao",
        "org/gyeonggi-province",
        "org/namyangju-city",
        "org/lh",
    }


def test_clicking_an_edge_shows_its_evidence(page, live_server):
    _open_network(page, live_server)
    page.evaluate(
        """() => window.policygraphNetwork.getElementById('org/kakao')
                  .edgesWith(window.policygraphNetwork.getElementById('org/lh')).emit('tap')"""
    )
    details = page.locator("#details")
    details.locator("a[href^='/id/article/']").first.wait_for()
    assert "Kakao — Korea Land and Housing Corporation" in details.inner_text()


def test_the_as_of_slider_hides_later_links(page, live_server):
    _open_network(page, live_server)
    page.locator("#as-of").fill("0")  # the first month: only the 2021 exchange is in force
    drawn = _drawn(page)
    assert "org/kakao" not in drawn and "org/nonghyup" in drawn


def test_exports_the_view_as_png_and_svg_and_links_the_whole_network(page, live_server):
    _open_network(page, live_server)
    with page.expect_download() as png:
        page.get_by_role("button", name="PNG").click()
    assert png.value.suggested_filename == "policygraph-network.png"
    with page.expect_download() as svg:
        page.get_by_role("button", name="SVG").click()
    body = Path(svg.value.path()).read_text(encoding="utf-8")
    assert body.startswith("<svg") and ">Kakao<" in body
    hrefs = page.locator(".formats a").evaluate_all("links => links.map(a => a.href)")
    assert any(h.endswith("/export/network.gexf") for h in hrefs) and len(hrefs) == 6


def _run(page) -> None:
    page.locator(".yasqe_queryButton").click()


def test_query_page_runs_readme_example_1_into_a_table_of_6_rows(page, live_server):
    page.goto(live_server.url + "/query")
    page.wait_for_selector("#yasgui[data-state=ready]")
    page.get_by_label("Examples").select_option(index=0)
    _run(page)
    page.wait_for_selector("#yasgui[data-state=done]")
    rows = page.locator(".yasr table.dataTable tbody tr")
    rows.first.wait_for()
    assert rows.count() == 6
    assert "Kakao" in page.locator(".yasr table.dataTable").inner_text()
    csv = page.locator("#download-csv").get_attribute("href")
    assert "format=csv" in csv and "pg:Agreement" in unquote(csv)
    assert_accessible(page)


def test_query_page_links_instance_iris_to_their_pages(page, live_server):
    page.goto(live_server.url + "/query")
    page.wait_for_selector("#yasgui[data-state=ready]")
    page.get_by_label("Examples").select_option(label="7. Articles, newest first")
    _run(page)
    page.wait_for_selector("#yasgui[data-state=done]")
    link = page.locator(".yasr table.dataTable a[href^='/id/article/']").first
    link.wait_for()


def test_an_undefined_prefix_is_one_readable_line(browser, live_server):
    """A page of its own: the browser logs the 400 answer itself, as it does for any failed
    request; nothing else may be logged."""
    context = browser.new_context(locale="en-GB")
    errors: list[str] = []
    try:
        page = context.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(live_server.url + "/query")
        page.wait_for_selector("#yasgui[data-state=ready]")
        page.evaluate(
            "() => document.querySelector('.CodeMirror').CodeMirror"
            ".setValue('SELECT * WHERE { ?s a pg:Agreement }')"
        )
        _run(page)
        page.wait_for_selector("#yasgui[data-state=error]")
        line = page.locator("#query-error").inner_text()
    finally:
        context.close()
    assert "undefined prefix 'pg'" in line and "declare it first" in line
    assert "\n" not in line.strip()
    assert all("status of 400" in e for e in errors), errors


def test_a_construct_shows_turtle_and_a_graph(page, live_server):
    page.goto(live_server.url + "/query")
    page.wait_for_selector("#yasgui[data-state=ready]")
    page.get_by_label("Examples").select_option(
        label="8. Kakao's agreements as a graph (CONSTRUCT)"
    )
    _run(page)
    page.wait_for_selector("#yasgui[data-state=done]")
    page.get_by_text("Graph", exact=True).click()
    page.locator(".query-graph canvas").first.wait_for()
    page.get_by_text("Response", exact=True).click()
    assert (
        "pg:party" in page.locator(".yasr").inner_text()
        or "ont#party" in page.locator(".yasr").inner_text()
    )


def test_query_page_speaks_korean(page_ko, live_server):
    page_ko.goto(live_server.url + "/query")
    page_ko.wait_for_selector("#yasgui[data-state=ready]")
    assert page_ko.get_by_label("예제").is_visible()
