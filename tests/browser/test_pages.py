"""The journeys of the pages in Chromium (issue 18): search, a stakeholder's page with its
evidence, ingest's dry run and write, the language toggle; every page free of console errors
and of serious accessibility violations."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible

DATA = Path(__file__).resolve().parents[1] / "data"
INVALID_SHEET = DATA / "factsheets-shacl-invalid" / "agreement-one-party.yaml"
VALID_SHEET = DATA / "factsheets" / "002.yaml"
AGREEMENT = "/id/agreement/namyangju-ai-digital-hub-investment"
ARTICLE = "/id/article/86ffe20fc9bd53a8"

PAGES = [
    "/",
    "/search?q=%E3%88%9C%EC%B9%B4%EC%B9%B4%EC%98%A4",
    "/id/org/kakao",
    "/id/person/jung-jin-uk",
    "/id/org/gwangju-metropolitan-city",
    ARTICLE,
    AGREEMENT,
    "/id/budget/ai-city-pilot-site-selection-and-planning",
    "/id/project/namyangju-ai-digital-hub",
    "/id/site/wangsuk-ai-digital-hub-site",
    "/id/proposal/national-npu-computing-center-in-gwangju",
    "/timeline",
    "/timeline?stakeholder=org/kakao",
    "/ingest",
    "/downloads",
    "/api/docs",
]


def test_search_kakao_then_its_partners_each_with_the_agreement_and_its_article(page, live_server):
    page.goto(live_server.url + "/")
    page.get_by_role("search").first.get_by_role("searchbox").fill("㈜카카오")
    page.get_by_role("search").first.get_by_role("button").click()
    page.wait_for_url("**/search?q=*")
    page.locator("ul.results a", has_text="Kakao").first.click()
    page.wait_for_url("**/id/org/kakao")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kakao")
    partners = page.locator("table.partners tbody tr")
    expect(partners).to_have_count(3)
    for slug, name in [
        ("gyeonggi-province", "Gyeonggi Province"),
        ("namyangju-city", "Namyangju City"),
        ("lh", "Korea Land and Housing Corporation"),
    ]:
        row = page.locator(f'tr[data-partner$="/id/org/{slug}"]')
        expect(row.get_by_role("link", name=name)).to_be_visible()
        expect(row.locator(f'a[href="{AGREEMENT}"]')).to_be_visible()
        expect(row.locator('time[datetime="2025-06-13"]')).to_have_text("13 June 2025")
        expect(row.locator(f'.evidence a[href="{ARTICLE}"]')).to_be_visible()
    # and the evidence leads to the article, which names Kakao back
    page.locator(f'tr[data-partner$="/id/org/lh"] .evidence a[href="{ARTICLE}"]').click()
    page.wait_for_url("**" + ARTICLE)
    expect(page.locator('a[href="/id/org/kakao"]').first).to_be_visible()


def test_ingest_dry_run_of_an_invalid_sheet_shows_the_rule_id(page, console_log, live_server):
    console_log.allow_status(422)  # the refusal the page shows
    page.goto(live_server.url + "/ingest")
    page.get_by_label("Upload a file").set_input_files(str(INVALID_SHEET))
    expect(page.get_by_label("Document")).to_have_value(INVALID_SHEET.read_text(encoding="utf-8"))
    page.get_by_label("Write token").fill(live_server.write_token)
    page.get_by_role("button", name="Check (dry run)").click()
    row = page.locator('tr[data-rule="agreement-parties-distinct"]')
    expect(row).to_be_visible()
    expect(row).to_contain_text("One-sided agreement")
    expect(page.get_by_role("alert")).to_contain_text("Refused: 1 violations")


def test_ingest_dry_run_in_korean_speaks_korean(page_ko, console_log, live_server):
    console_log.allow_status(422)
    page_ko.goto(live_server.url + "/ingest")
    page_ko.get_by_label("문서").fill(INVALID_SHEET.read_text(encoding="utf-8"))
    page_ko.get_by_label("쓰기 토큰").fill(live_server.write_token)
    page_ko.get_by_role("button", name="검사 (기록 안 함)").click()
    row = page_ko.locator('tr[data-rule="agreement-parties-distinct"]')
    expect(row).to_contain_text("당사자")  # the message in Korean
    expect(page_ko.get_by_role("alert")).to_contain_text("거부됨")


def test_ingest_checks_then_adds_and_links_the_article(page, console_log, fresh_server):
    console_log.allow_status(403)  # the wrong token, on purpose
    page.goto(fresh_server.url + "/ingest")
    page.get_by_label("Document").fill(VALID_SHEET.read_text(encoding="utf-8"))
    page.get_by_label("Write token").fill("wrong")
    page.get_by_role("button", name="Check (dry run)").click()
    expect(page.get_by_role("alert")).to_contain_text("write token was missing or wrong")
    page.get_by_label("Write token").fill(fresh_server.write_token)
    page.get_by_role("button", name="Check (dry run)").click()
    expect(page.get_by_role("status")).to_contain_text("passes every check")
    expect(page.locator("#ingest-result")).to_contain_text("Matched to stakeholders already")
    page.get_by_role("button", name="Add to the graph").click()
    page.get_by_role("link", name="Open the article's page").click()
    page.wait_for_url("**/id/article/c901c4c0e230705d")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Jung Jin-uk")


def test_the_language_toggle_shows_korean_labels(page, live_server):
    page.goto(live_server.url + "/id/org/kakao")
    expect(page.get_by_role("heading", name="Partners")).to_be_visible()
    page.get_by_role("link", name="한국어").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("카카오")
    expect(page.get_by_role("heading", name="협력 상대")).to_be_visible()
    expect(page.get_by_role("navigation").get_by_role("link", name="타임라인")).to_be_visible()
    page.goto(live_server.url + "/timeline")  # the choice persists
    expect(page.get_by_role("heading", level=1)).to_have_text("타임라인")


@pytest.mark.parametrize("path", PAGES)
def test_every_page_renders_without_console_errors_and_passes_axe(page, live_server, path):
    response = page.goto(live_server.url + path)
    assert response is not None and response.status == 200
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    if path == "/api/docs":  # Swagger UI has drawn the operations
        expect(page.locator(".opblock").first).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize("path", ["/", "/id/org/kakao", "/ingest", "/timeline"])
def test_korean_pages_pass_axe_too(page_ko, live_server, path):
    page_ko.goto(live_server.url + path)
    assert page_ko.locator("html").get_attribute("lang") == "ko"
    assert_accessible(page_ko)


def test_an_unknown_id_is_a_page_with_suggestions(browser, live_server):
    """A 404 page (its own context: Chromium logs the 404 status of the document itself)."""
    context = browser.new_context(locale="en-GB")
    try:
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(error))
        response = page.goto(live_server.url + "/id/org/kakao-corporation")
        assert response is not None and response.status == 404
        expect(page.get_by_role("heading", level=1)).to_have_text("Not in the graph")
        expect(page.locator('ul.results a[href="/id/org/kakao"]')).to_be_visible()
        assert_accessible(page)
        assert errors == []
    finally:
        context.close()
