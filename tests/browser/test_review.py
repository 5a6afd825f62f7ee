"""The review page (/review): article text in, the draft checked against the text, ingested.

The articles are written for these tests (invented companies and figures), never a seed's.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from graph.iris import PGID
from tests.browser.conftest import WRITE_TOKEN, assert_accessible

ENGLISH = """\
Haneul Cloud to build AI data center in Cheongju
Published: 2026-03-02
By Lee Min-ho

Haneul Cloud Co., Ltd. and North Chungcheong Province signed a memorandum of understanding \
on March 2, 2026 to build an AI data center in Cheongju. Haneul Cloud will invest 450 billion \
won in the center on a 52,000㎡ site. Construction will begin in 2027 and the center will open \
in 2029.
"""

# A signatory whose city is no party of the agreement: the extractor flags the agreement.
KOREAN = """\
한울클라우드, 청주에 AI 데이터센터 짓는다
등록 2026-03-02
이민호 기자

한울클라우드㈜와 충청북도는 3월 2일 청주시청에서 AI 데이터센터 건립을 위한 투자협약을 \
체결했다. 협약서에는 김영환 충청북도지사와 박서준 대전광역시장이 서명했다. 한울클라우드는 오창 \
데이터센터를 2027년 착공해 2029년 준공할 계획이다.
"""


def _extract(page: Page, url: str, text: str) -> None:
    page.goto(url + "/review")
    page.get_by_label(re.compile("Article text|기사 본문")).fill(text)
    page.locator("#extract-button").click()
    expect(page.locator("#article-view a.span").first).to_be_visible(timeout=30_000)


def _item(page: Page, section: str):
    return page.locator(f"#item-list li.item[data-path^='{section}[']")


def test_spans_are_highlighted_and_linked_to_their_items(page, live_server):
    _extract(page, live_server.url, ENGLISH)
    view = page.locator("#article-view")
    assert view.inner_text().strip() == ENGLISH.strip()
    # every highlight is a link to an item of the list
    spans = view.locator("a.span")
    assert spans.count() >= 8
    for i in range(spans.count()):
        href = spans.nth(i).get_attribute("href")
        assert href and page.locator(href).count() == 1
    # a highlight -> its item
    province = view.locator("a.span", has_text="North Chungcheong Province").first
    province.click()
    items = page.locator("#item-list li.item.active")
    names = [items.nth(i).inner_text().lower() for i in range(items.count())]
    assert any("north chungcheong province" in n and "stakeholder" in n for n in names), names
    assert any("agreement" in n for n in names)  # the same words name a party
    # an item -> its spans, scrolled into view
    agreement = _item(page, "agreements")
    expect(agreement).to_have_count(1)
    agreement.get_by_role("button", name="Show in text").click()
    active = view.locator("a.span.active")
    assert {active.nth(i).inner_text() for i in range(active.count())} >= {
        "Haneul Cloud Co., Ltd.",
        "North Chungcheong Province",
        "March 2, 2026",
    }
    expect(active.first).to_be_in_viewport()
    # the amount, area and years are highlighted where the project was read
    project = _item(page, "projects")
    project.get_by_role("button", name="Show in text").click()
    shown = {active.nth(i).inner_text() for i in range(active.count())}
    assert {"450 billion won", "2027", "2029"} <= shown
    _item(page, "sites").get_by_role("button", name="Show in text").click()
    assert "52,000㎡" in {active.nth(i).inner_text() for i in range(active.count())}
    assert_accessible(page)


def test_flagged_item_removed_dry_runs_clean_and_ingests(fresh_server, page_ko):
    # the server is asked for first, so that it stops after the page is closed
    page = page_ko
    _extract(page, fresh_server.url, KOREAN)
    agreement = _item(page, "agreements")
    expect(agreement).to_have_count(1)
    # the note is shown beside its item, and its words are marked in the text
    expect(agreement.locator(".note")).to_contain_text("당사자가 아닌 서명자")
    expect(page.locator("#article-view a.span.noted", has_text="박서준")).to_have_count(1)
    assert "agreements:" in page.locator("#draft-yaml").input_value()

    agreement.get_by_role("button", name=re.compile("삭제$")).click()
    expect(_item(page, "agreements")).to_have_count(0)
    draft = page.locator("#draft-yaml").input_value()
    assert "agreements:" not in draft and "signatory-party" not in draft
    assert page.locator("#item-list .note").count() == 0

    page.get_by_label("쓰기 토큰").fill(WRITE_TOKEN)
    page.get_by_role("button", name="시험 검증").click()
    result = page.locator("#result")
    expect(result.locator(".notice.good")).to_contain_text("초안이 받아들여집니다", timeout=30_000)
    assert result.locator("td .tag.bad").count() == 0  # no violation in the report
    before = len(fresh_server.store)

    page.get_by_label("근거 위치 보존").check()
    page.get_by_role("button", name="적재", exact=True).click()
    link = result.locator("a.article-link")
    expect(link).to_be_visible(timeout=30_000)
    href = link.get_attribute("href")
    assert href is not None and re.fullmatch(r"/id/article/[\w-]+", href)
    article = str(PGID) + href[len("/id/") :]
    assert len(fresh_server.store) > before
    graphs = {str(g) for g in fresh_server.store.named_graphs()}
    assert any(g.endswith(href.rsplit("/", 1)[1]) for g in graphs), (article, graphs)
    # the spans were kept as Web Annotation offsets, the sentences not
    selectors = fresh_server.store.query(
        "PREFIX oa: <http://www.w3.org/ns/oa#> SELECT ?start ?end WHERE { GRAPH ?g { "
        "?s a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end } }"
    )
    offsets = {(int(r["start"].value), int(r["end"].value)) for r in selectors}
    assert offsets and all(0 <= a < b <= len(KOREAN) for a, b in offsets)
    assert not fresh_server.store.query(
        "ASK { GRAPH ?g { ?s ?p ?o FILTER(isLiteral(?o) && CONTAINS(STR(?o), '서명했다')) } }"
    )
    assert_accessible(page)
    # the link opens the new article's page
    link.click()
    page.wait_for_url(fresh_server.url + href)
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "한울클라우드, 청주에 AI 데이터센터"
    )
    assert_accessible(page)  # the article page with its kept spans, too


def test_a_dry_run_needs_the_token(page, live_server):
    _extract(page, live_server.url, ENGLISH)
    page.get_by_role("button", name="Dry run").click()
    expect(page.locator("#result .notice")).to_contain_text("Type the write token first")
    expect(page.get_by_label("Write token")).to_be_focused()


def test_a_refused_token_is_said_plainly(browser, live_server):
    """A page of its own: the 403 is logged by Chromium as a failed resource by design; any
    other console error still fails the test."""
    context = browser.new_context(locale="en-GB")
    errors: list[str] = []
    try:
        page = context.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        _extract(page, live_server.url, ENGLISH)
        page.get_by_label("Write token").fill("wrong-token")
        page.get_by_role("button", name="Ingest").click()
        expect(page.locator("#result .notice.bad")).to_contain_text("The write token was refused")
    finally:
        context.close()
    assert [e for e in errors if "403" not in e] == []


def test_an_invalid_edit_shows_the_shacl_report_in_the_page_language(browser, live_server):
    """The analyst takes a party out of the agreement: the dry run answers 422 (logged by
    Chromium as a failed resource, hence a page of its own) and the page shows the report in
    Korean: rule id, focus node, message."""
    context = browser.new_context(locale="ko-KR")
    errors: list[str] = []
    try:
        page = context.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        _extract(page, live_server.url, ENGLISH)
        editor = page.locator("#draft-yaml")
        draft = editor.input_value()
        edited = draft.replace("  - north-chungcheong-province\n  signed:", "  signed:", 1)
        assert edited != draft
        editor.fill(edited)
        page.get_by_label("쓰기 토큰").fill(WRITE_TOKEN)
        page.get_by_role("button", name="시험 검증").click()
        result = page.locator("#result")
        expect(result.locator(".notice.bad")).to_contain_text("위반 1건")
        row = result.locator("tr", has=page.locator("code", has_text="agreement-parties-distinct"))
        expect(row).to_have_count(1)
        expect(row).to_contain_text("위반")
        expect(row).to_contain_text("/id/agreement/")
        message = row.locator("td").nth(3).inner_text()
        assert re.search("[가-힣]", message), message
    finally:
        context.close()
    assert [e for e in errors if "422" not in e] == []
