"""Browser tests: the pages driven in Debian's Chromium by Playwright for Python.

The browser is the system's ``chromium`` (``executable_path``), never one Playwright downloads;
when it or the Korean fonts (``fonts-noto-cjk``) are missing, :func:`chromium_path` installs
the Debian packages with apt (through sudo when not root) and fails the test if it cannot.
The pages are served by a real server on a free loopback port over a fresh seed store
(:func:`live_server`). Every test using :func:`page` fails on any console error, uncaught page
error or failed same-site request; a failing test leaves a screenshot in
``var/test-screenshots/`` (gitignored). :func:`assert_accessible` runs axe-core (npm, injected
from ``node_modules/``) and fails on any serious or critical violation.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Playwright, sync_playwright
from werkzeug.serving import make_server

from graph.config import Settings
from graph.store.oxigraph import OxigraphStore
from graph.store.seed import load_seed

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "var" / "test-screenshots"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VENDOR = ROOT / "server" / "static" / "vendor"
WRITE_TOKEN = "browser-test-token"
DEBIAN_PACKAGES = ("chromium", "fonts-noto-cjk")


# --- the browser ------------------------------------------------------------------------------


def _apt_install(packages: list[str]) -> None:
    sudo = [] if os.geteuid() == 0 else ["sudo", "-n"]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update", "-q"], ["apt-get", "install", "-y", "-q", *packages]):
        done = subprocess.run(sudo + command, env=env, capture_output=True, text=True)
        if done.returncode != 0:
            pytest.fail(f"could not install {' '.join(packages)}: {done.stderr.strip()[-600:]}")


def _has_korean_font() -> bool:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return False
    found = subprocess.run([fc_list, ":lang=ko", "family"], capture_output=True, text=True)
    return bool(found.stdout.strip())


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """The system Chromium, with the Korean fonts pages need (installed when missing)."""
    missing = []
    if shutil.which("chromium") is None:
        missing.append("chromium")
    if not _has_korean_font():
        missing.append("fonts-noto-cjk")
    if missing:
        _apt_install(missing)
    path = shutil.which("chromium")
    if path is None:
        pytest.fail("no chromium on PATH after installing the Debian package")
    return path


@pytest.fixture(scope="session")
def vendored_assets() -> Path:
    """The npm assets the pages load (``make vendor``; run here when missing)."""
    if not (VENDOR / ".copied").exists() or not AXE.exists():
        done = subprocess.run(["make", "vendor"], cwd=ROOT, capture_output=True, text=True)
        if done.returncode != 0:
            pytest.fail(f"make vendor failed: {done.stdout[-400:]}{done.stderr[-600:]}")
    return VENDOR


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright, chromium_path: str) -> Iterator[Browser]:
    browser = playwright_instance.chromium.launch(
        executable_path=chromium_path, headless=True, args=["--no-sandbox"]
    )
    yield browser
    browser.close()


# --- the server -------------------------------------------------------------------------------


@dataclass
class LiveServer:
    """A policygraph app served on a loopback port from a thread."""

    url: str
    store: OxigraphStore
    write_token: str = WRITE_TOKEN
    _server: Any = field(default=None, repr=False)
    _thread: threading.Thread | None = field(default=None, repr=False)

    def stop(self) -> None:
        self._server.shutdown()
        if self._thread is not None:
            self._thread.join(timeout=10)
        self.store.close()


def start_live_server(**overrides: Any) -> LiveServer:
    """A fresh seed store served on a free port (``overrides`` change settings)."""
    from server import create_app

    store = OxigraphStore()
    load_seed(store)
    settings = Settings(memory=True, query_workers=0, write_token=WRITE_TOKEN).replace(**overrides)
    app = create_app(settings, store=store)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    return LiveServer(
        f"http://127.0.0.1:{server.server_port}", store, _server=server, _thread=thread
    )


@pytest.fixture(scope="session")
def live_server(vendored_assets: Path) -> Iterator[LiveServer]:
    """One server for the session's read-only journeys."""
    server = start_live_server()
    yield server
    server.stop()


@pytest.fixture
def fresh_server(vendored_assets: Path) -> Iterator[LiveServer]:
    """A server of its own, for a test that writes."""
    server = start_live_server()
    yield server
    server.stop()


# --- pages ------------------------------------------------------------------------------------


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


@dataclass
class ConsoleLog:
    """What went wrong in the page: console errors, page errors, failed requests.

    A test that makes the page receive an error answer on purpose (a 422 from a dry run)
    says so with :meth:`allow_status`: Chromium logs every 4xx/5xx answer as a console error.
    """

    problems: list[str] = field(default_factory=list)
    allowed: set[int] = field(default_factory=set)

    def allow_status(self, *statuses: int) -> None:
        self.allowed.update(statuses)

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        if any(f"status of {status} " in message.text for status in self.allowed):
            return
        self.problems.append(f"console error: {message.text} ({message.location})")

    def on_page_error(self, error: Exception) -> None:
        self.problems.append(f"page error: {error}")


def _new_page(browser: Browser, request: pytest.FixtureRequest, locale: str) -> Iterator[Page]:
    context = browser.new_context(locale=locale, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    log = ConsoleLog()
    request.node.stash[CONSOLE] = log
    page.on("console", log.on_console)
    page.on("pageerror", log.on_page_error)
    page.on(
        "requestfailed",
        lambda r: log.problems.append(f"request failed: {r.url} ({r.failure})"),
    )
    page.set_default_timeout(15_000)
    yield page
    failed = getattr(request.node, "report_call", None)
    if failed is not None and failed.failed:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        name = "".join(c if c.isalnum() or c in "-_." else "_" for c in request.node.nodeid)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    context.close()
    if log.problems:
        pytest.fail("the page reported problems:\n" + "\n".join(log.problems))


CONSOLE = pytest.StashKey[ConsoleLog]()


@pytest.fixture
def console_log(request: pytest.FixtureRequest) -> ConsoleLog:
    """The console record of the test's page (request it after ``page`` or ``page_ko``)."""
    return request.node.stash[CONSOLE]


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A page in a fresh browser context that prefers English; fails on console errors."""
    yield from _new_page(browser, request, "en-GB")


@pytest.fixture
def page_ko(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    """The same with a browser that prefers Korean (``Accept-Language: ko-KR``)."""
    yield from _new_page(browser, request, "ko-KR")


# --- accessibility ----------------------------------------------------------------------------


def assert_accessible(page: Page, *, impacts: tuple[str, ...] = ("serious", "critical")) -> None:
    """Run axe-core on the page as it is; fail listing each violation of ``impacts``.

    axe is evaluated through the DevTools protocol, which the page's CSP does not govern, so
    the page keeps its real policy while it is checked.
    """
    if not AXE.exists():
        pytest.fail("node_modules/axe-core is missing: run `make vendor` (npm ci)")
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    result = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    bad = [v for v in result if v.get("impact") in impacts]
    if bad:
        lines = [
            f"{v['id']} ({v['impact']}): {v['help']} — "
            + ", ".join(str(n["target"]) for n in v["nodes"][:5])
            for v in bad
        ]
        pytest.fail("axe-core found accessibility violations:\n" + "\n".join(lines))
