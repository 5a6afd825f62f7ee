"""The frame every page shares: language, toggle, security policy, accessibility."""

from __future__ import annotations

from tests.browser.conftest import assert_accessible


def test_home_follows_the_browser_language_and_the_toggle_persists(page_ko, live_server):
    page_ko.goto(live_server.url + "/")
    assert page_ko.locator("html").get_attribute("lang") == "ko"
    assert page_ko.get_by_role("navigation").get_by_role("link", name="네트워크").is_visible()
    page_ko.get_by_role("link", name="English").click()
    page_ko.wait_for_url(live_server.url + "/")
    assert page_ko.locator("html").get_attribute("lang") == "en"
    page_ko.goto(live_server.url + "/search?q=x")  # the choice persists over Accept-Language
    assert page_ko.get_by_role("navigation").get_by_role("link", name="Network").is_visible()


def test_home_has_a_strict_policy_and_no_accessibility_violation(page, live_server):
    response = page.goto(live_server.url + "/")
    assert response is not None and response.ok
    policy = response.headers["content-security-policy"]
    assert "script-src 'self';" in policy and "unsafe-inline" not in policy
    assert_accessible(page)


def test_an_inline_script_would_be_refused(browser, live_server):
    """The policy is enforced: a script added to the page does not run (a page of its own,
    as the refusal is a console error by design)."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(live_server.url + "/")
        ran = page.evaluate(
            """() => new Promise(done => {
                 document.addEventListener('securitypolicyviolation', () => done('blocked'));
                 const s = document.createElement('script');
                 s.textContent = 'window.__ran = true';
                 document.body.append(s);
                 setTimeout(() => done(window.__ran ? 'ran' : 'blocked'), 1000);
               })"""
        )
    finally:
        context.close()
    assert ran == "blocked"
