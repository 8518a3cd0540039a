"""Beyond the screen: "Imprimir" gives the ballot's one-page PDF, pages print without their controls, and
"Escuchar" reads the page's own text in es-MX (the speech API is stubbed to record what would be spoken),
with pause and stop, and is not shown where the browser has no speech synthesis."""

from __future__ import annotations

import io
import urllib.request
from collections.abc import Callable

from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.browser.conftest import Stack, wait_rendered

BALLOT = "simulacro.ayun.001"

# A speech synthesis that records instead of speaking (installed before the page's own scripts run).
RECORDING_SPEECH = """
window.__spoken = [];
window.__speech = { cancelled: 0, paused: false };
const recorder = {
  speak(utterance) { window.__spoken.push({ text: utterance.text, lang: utterance.lang }); },
  cancel() { window.__speech.cancelled += 1; },
  pause() { window.__speech.paused = true; },
  resume() { window.__speech.paused = false; },
  getVoices() { return [{ lang: "es-MX", name: "Prueba" }]; },
};
Object.defineProperty(window, "speechSynthesis", { value: recorder, configurable: true });
window.SpeechSynthesisUtterance = function (text) { this.text = text; this.lang = ""; };
"""
NO_SPEECH = """
Object.defineProperty(window, "speechSynthesis", { value: undefined, configurable: true });
Object.defineProperty(window, "SpeechSynthesisUtterance", { value: undefined, configurable: true });
"""


def test_imprimir_gives_the_one_page_sheet_of_this_ballot(stack: Stack, open_page: Callable[[str], Page]) -> None:
    page = open_page(f"#/eleccion/{BALLOT}")
    link = page.get_by_role("link", name="Imprimir")
    expect(link).to_be_visible()
    href = link.get_attribute("href")
    assert href == f"{stack.api_url}/v1/ballots/{BALLOT}/sheet.pdf"
    with page.expect_response(lambda r: r.url == href) as answer:
        # Headless Chromium downloads a PDF instead of showing it; the navigation itself is what we check.
        page.evaluate("(a) => a.click()", link.element_handle())
    response = answer.value
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    request = urllib.request.Request(href, headers={"Accept": "application/pdf"})
    with urllib.request.urlopen(request, timeout=60) as sheet:
        reader = PdfReader(io.BytesIO(sheet.read()))
    assert len(reader.pages) == 1
    names = page.locator(".contender__name").all_inner_texts()
    text = " ".join(reader.pages[0].extract_text().split())
    assert all(name in text for name in names)


def test_a_ballot_prints_without_its_controls(open_page: Callable[[str], Page]) -> None:
    page = open_page(f"#/eleccion/{BALLOT}")
    page.emulate_media(media="print")
    expect(page.get_by_role("link", name="Imprimir")).to_be_hidden()
    expect(page.locator(".site-header nav")).to_be_hidden()
    expect(page.locator(".contender").first).to_be_visible()
    assert page.locator(".contender__compare").first.is_hidden()


def test_escuchar_reads_the_ballot_in_order_in_es_mx_with_pause_and_stop(stack: Stack, page: Page) -> None:
    page.add_init_script(RECORDING_SPEECH)
    page.goto(f"{stack.web_url}/#/eleccion/{BALLOT}")
    wait_rendered(page)
    page.get_by_role("button", name="Escuchar").click()
    spoken = page.evaluate("() => window.__spoken")
    assert spoken and {s["lang"] for s in spoken} == {"es-MX"}
    texts = [s["text"] for s in spoken]
    assert texts[0] == page.locator("h1").inner_text()
    # Every contender, in the order shown (the ballot order), and none of the controls.
    names = page.locator(".contender__name").all_inner_texts()
    positions = [next(i for i, t in enumerate(texts) if name in t) for name in names]
    assert positions == sorted(positions) and len(names) >= 3
    assert not any(t in {"Escuchar", "Pausa", "Detener", "Imprimir"} for t in texts)

    page.get_by_role("button", name="Pausa").click()
    assert page.evaluate("() => window.__speech.paused") is True
    page.get_by_role("button", name="Continuar").click()
    assert page.evaluate("() => window.__speech.paused") is False
    cancelled = page.evaluate("() => window.__speech.cancelled")
    page.get_by_role("button", name="Detener").click()
    assert page.evaluate("() => window.__speech.cancelled") == cancelled + 1
    expect(page.get_by_role("button", name="Escuchar")).to_be_visible()
    expect(page.get_by_role("button", name="Pausa")).to_be_hidden()


def test_escuchar_on_candidacy_and_civic_pages(stack: Stack, page: Page) -> None:
    page.add_init_script(RECORDING_SPEECH)
    for route in (f"#/candidatura/{BALLOT}.pfa", "#/como-funciona/que-hace-un-ayuntamiento"):
        page.goto(f"{stack.web_url}/{route}")
        wait_rendered(page)
        page.evaluate("() => { window.__spoken = []; }")
        page.get_by_role("button", name="Escuchar").click()
        texts = [s["text"] for s in page.evaluate("() => window.__spoken")]
        assert texts[0] == page.locator("h1").inner_text(), route
        assert len(texts) >= 3, route


def test_escuchar_is_not_shown_without_speech_synthesis(stack: Stack, page: Page) -> None:
    page.add_init_script(NO_SPEECH)
    page.goto(f"{stack.web_url}/#/eleccion/{BALLOT}")
    wait_rendered(page)
    expect(page.get_by_role("link", name="Imprimir")).to_be_visible()
    assert page.get_by_role("button", name="Escuchar").count() == 0
