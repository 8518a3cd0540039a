"""Browser tests: Playwright driving Debian's Chromium against the real local stack.

One `decide run` (moto server + seed + chalice local + the web server) is started for the
session on free ports and stopped, with its whole process group, at the end. Each test gets
a fresh browser context (no cache, no history) on a 360 px wide phone-sized viewport.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, Playwright, sync_playwright
from playwright.sync_api import expect as _expect

from decide.stack_process import StackProcess as Stack  # the session's stack: fixture `stack` in tests/conftest.py

# Assertions wait as long as actions do: the stack answers slowly while the machine is busy.
_expect.set_options(timeout=20_000)

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("DECIDE_CHROMIUM", "/usr/bin/chromium"))
# Without the background-networking flags Chromium's own connections are refused on this network.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_SCRIPT = ROOT / "web" / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "build" / "test-artifacts" / "browser"
PHONE = {"width": 360, "height": 740}
STAGE = "dev"
STARTUP_SECONDS = 150


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: drives Chromium against the local stack (tests/browser)")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in item.nodeid:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs it (apt-get install chromium)")
    browser = playwright_instance.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@dataclass
class Watched:
    """A page and what it printed: page errors and console errors (CSP violations land there)."""

    page: Page
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def csp_violations(self) -> list[str]:
        return [e for e in self.errors if "Content Security Policy" in e or "Refused to" in e]


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport=PHONE, locale="es-MX", timezone_id="America/Mexico_City")
    context.set_default_timeout(30_000)  # a 2-core CI machine running moto is slow
    yield context
    context.close()


@pytest.fixture
def watched(stack: Stack, context: BrowserContext) -> Iterator[Watched]:
    page = context.new_page()
    watched = Watched(page)

    def on_console(message: ConsoleMessage) -> None:
        # An API answer such as 404 for an unknown section is reported by the browser too: expected.
        api_status = message.text.startswith("Failed to load resource") and str(
            message.location.get("url", "")
        ).startswith(stack.api_url)
        if message.type == "error" and not api_status:
            watched.errors.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: watched.errors.append(f"pageerror: {error}"))

    def on_dialog(dialog: Any) -> None:
        watched.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    yield watched
    assert not watched.errors, f"errors in the browser console: {watched.errors}"
    assert not watched.dialogs, f"unexpected dialogs: {watched.dialogs}"


@pytest.fixture
def page(watched: Watched) -> Page:
    return watched.page


@pytest.fixture
def open_page(stack: Stack, page: Page) -> Callable[[str], Page]:
    """Open a route of the front (e.g. "#/eleccion/...") and wait until it rendered."""

    def go(route: str = "") -> Page:
        page.goto(f"{stack.web_url}/{route}")
        wait_rendered(page)
        return page

    return go


def wait_rendered(page: Page) -> None:
    page.wait_for_function(
        "() => { const m = document.getElementById('main');"
        " return m && !m.hasAttribute('aria-busy') && m.querySelector('h1'); }"
    )


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE_SCRIPT.exists():
        pytest.fail(f"{AXE_SCRIPT} is missing: `make test` runs `npm ci` in web/")
    return AXE_SCRIPT.read_text(encoding="utf-8")


def run_axe(page: Page, axe_source: str) -> list[dict[str, Any]]:
    """axe-core's violations on the current page. evaluate() runs outside the page's CSP."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source)
    result: dict[str, Any] = page.evaluate(
        "async () => await window.axe.run(document, { resultTypes: ['violations'] })"
    )
    violations: list[dict[str, Any]] = result["violations"]
    return violations


def save_artifact(name: str, data: bytes | str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path
