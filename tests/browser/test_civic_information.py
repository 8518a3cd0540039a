"""Civic information in a real browser: the process calendar (.ics), "Cómo funciona", platforms by topic.

Issue 8's acceptance on the local stack: a newcomer opens the calendar of the 2021 process and of the
drill, reads what a council does, subscribes to the .ics feed, and compares two drill parties'
platforms on one topic; markup in a content page (through the admin API, or a hostile `body_html`
from a compromised API) is inert.
"""

from __future__ import annotations

import json
import re
import urllib.request
import uuid
from collections.abc import Callable

import icalendar
import pytest
from playwright.sync_api import Page, Route, expect

from tests.browser.accounts import api_call, api_login, create_user, unique_email
from tests.browser.conftest import Stack, Watched, wait_rendered
from tests.browser.test_accessibility import check_page

PAGES = {
    "calendar-drill": "#/proceso/simulacro/calendario",
    "calendar-2021": "#/proceso/2021-ord/calendario",
    "how-it-works": "#/como-funciona",
    "content-council": "#/como-funciona/que-hace-un-ayuntamiento",
    "content-2021-calendar-table": "#/como-funciona/2021-ord-calendario",
    "platforms-drill": "#/proceso/simulacro/plataformas",
    "platforms-drill-topic": "#/proceso/simulacro/plataformas?tema=agua",
    "platforms-2021-not-published": "#/proceso/2021-ord/plataformas",
}


def current_milestones(page: Page) -> list[str]:
    return page.locator(".timeline > li[aria-current=step]").evaluate_all(
        "(nodes) => nodes.map((n) => n.dataset.milestone)"
    )


def test_drill_calendar_from_the_home_marks_the_campaign(open_page: Callable[[str], Page], stack: Stack) -> None:
    page = open_page("")
    page.locator("[data-process=simulacro]").get_by_role("link", name=re.compile("^Calendario")).click()
    wait_rendered(page)
    assert page.url.endswith("#/proceso/simulacro/calendario")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Calendario: Simulacro")
    expect(page.locator(".notice--drill")).to_contain_text("ficticios")

    api = stack.get_json("/v1/processes/simulacro/calendar")
    items = page.locator(".timeline > li")
    assert items.evaluate_all("(nodes) => nodes.map((n) => n.dataset.milestone)") == [
        m["code"] for m in api["milestones"]
    ]
    # The phase in force is said in words and marked for assistive technology, not by colour alone.
    assert api["current_phase"]["code"] == "campaign"
    assert current_milestones(page) == ["campaign_start"]
    current = page.locator("[data-milestone=campaign_start]")
    expect(current.locator(".badge--current")).to_have_text("Etapa actual")
    expect(current).to_contain_text("Campañas")
    expect(current.locator(".milestone__when")).to_have_text(
        re.compile(r"^del \d+ de \w+ de \d{4} al \d+ de \w+ de \d{4}$")
    )
    expect(page.locator("[data-current-phase]")).to_have_text("Etapa actual: Campañas")
    expect(page.locator("[data-milestone=polls_close] .milestone__when")).to_contain_text("a las 18:00")


def test_2021_calendar_from_the_process_page(open_page: Callable[[str], Page]) -> None:
    page = open_page("#/proceso/2021-ord")
    page.locator("main").get_by_role("link", name=re.compile("^Calendario")).first.click()
    wait_rendered(page)
    assert page.url.endswith("#/proceso/2021-ord/calendario")
    expect(page.locator("[data-milestone=election_day] .milestone__when")).to_have_text("6 de junio de 2021")
    expect(page.locator("[data-milestone=campaign_start] .milestone__when")).to_have_text(
        "del 30 de abril de 2021 al 2 de junio de 2021"
    )
    # The sources do not give the 2021 registration start: said so, in its place, never guessed.
    order = page.locator(".timeline > li").evaluate_all("(nodes) => nodes.map((n) => n.dataset.milestone)")
    assert order.index("registration_start") == order.index("process_start") + 1
    expect(page.locator("[data-milestone=registration_start] .milestone__when")).to_have_text(
        "No disponible en las fuentes"
    )
    assert current_milestones(page) == ["closes_at"]  # a concluded process
    expect(page.locator("section[aria-labelledby=calendar-sources] a").first).to_have_attribute(
        "href", re.compile("^https://")
    )


def test_ics_subscription_link_serves_an_icalendar_feed(open_page: Callable[[str], Page], stack: Stack) -> None:
    page = open_page("#/proceso/simulacro/calendario")
    link = page.get_by_role("link", name="Suscribirse al calendario")
    href = link.get_attribute("href")
    assert href == f"{stack.api_url}/v1/processes/simulacro/calendar.ics"
    expect(page.locator("a[data-ics=webcal]")).to_have_attribute("href", href.replace("http://", "webcal://"))
    with urllib.request.urlopen(href, timeout=10) as response:
        assert response.headers["Content-Type"].startswith("text/calendar")
        feed = icalendar.Calendar.from_ical(response.read())
    events = {str(event["UID"]): str(event["SUMMARY"]) for event in feed.walk("VEVENT")}
    assert "simulacro.election_day@decide-ieem" in events
    assert len(events) == page.locator(".timeline > li").count()


def test_how_it_works_from_another_page_explains_a_council(open_page: Callable[[str], Page]) -> None:
    page = open_page("#/eleccion/simulacro.ayun.001")
    page.locator(".site-nav").get_by_role("link", name="Cómo funciona").click()
    wait_rendered(page)
    assert page.url.endswith("#/como-funciona")
    expect(page.get_by_role("heading", level=1)).to_have_text("Cómo funciona")
    drill = page.locator("section[data-process=simulacro]")
    expect(drill.get_by_role("link", name="Fechas del proceso y suscripción al calendario")).to_have_attribute(
        "href", "#/proceso/simulacro/calendario"
    )

    page.get_by_role("link", name="¿Qué hace un ayuntamiento?").click()
    wait_rendered(page)
    assert page.url.endswith("#/como-funciona/que-hace-un-ayuntamiento")
    expect(page.get_by_role("heading", level=1)).to_have_text("¿Qué hace un ayuntamiento?")
    body = page.locator("[data-body=que-hace-un-ayuntamiento]")
    expect(body.get_by_role("heading", level=2, name="Quién lo integra")).to_be_visible()
    for office in ("Presidencia municipal", "Sindicatura", "Regidurías"):
        expect(body.locator("li strong", has_text=office)).to_be_visible()
    sources = page.locator("section[aria-labelledby=content-sources] a")
    expect(sources.first).to_have_attribute("href", re.compile("^https://"))
    expect(page.locator("[data-updated]")).to_have_text(re.compile(r"^Actualizado el \d+ de \w+ de \d{4}$"))
    assert page.title() == "¿Qué hace un ayuntamiento? · DecideIEEM"


def test_compare_two_drill_parties_platforms_on_one_topic(open_page: Callable[[str], Page], stack: Stack) -> None:
    page = open_page("#/proceso/simulacro")
    page.locator("main").get_by_role("link", name=re.compile("^Plataformas de los partidos")).first.click()
    wait_rendered(page)
    expect(page.locator(".notice--drill").first).to_contain_text("ficticios")
    page.get_by_label("Tema", exact=True).select_option("agua")
    page.get_by_role("button", name="Comparar").click()
    wait_rendered(page)
    assert page.url.endswith("#/proceso/simulacro/plataformas?tema=agua")
    expect(page.get_by_role("heading", level=2, name="Compromisos sobre Agua")).to_be_visible()

    api = stack.get_json("/v1/processes/simulacro/platforms?topic=agua")
    columns = page.locator(".platform-grid > li")
    # Every contender, in ballot order, each labelled fictional: all alike.
    assert columns.evaluate_all("(nodes) => nodes.map((n) => n.dataset.contender)") == [
        p["contender"]["id"] for p in api["platforms"]
    ]
    expect(columns.locator(".badge--drill")).to_have_count(columns.count())
    by_id = {p["contender"]["id"]: p for p in api["platforms"]}
    for party in ("pfa", "pfr"):
        column = page.locator(f".platform-grid > li[data-contender={party}]")
        expect(column.get_by_role("heading", level=3)).to_contain_text(by_id[party]["contender"]["name"])
        texts = [c["text"] for c in by_id[party]["commitments"]]
        assert texts and all(c["topic"] == "agua" for c in by_id[party]["commitments"])
        expect(column.locator(".commitments li")).to_have_text(texts)
    silent = [p["contender"]["id"] for p in api["platforms"] if p["status"] == "published" and not p["commitments"]]
    for party in silent:
        expect(page.locator(f"li[data-contender={party}] [data-status=no_commitment]")).to_contain_text("Agua")
    # independents are listed like every party; without a platform they say so
    unpublished = [p["contender"]["id"] for p in api["platforms"] if p["status"] == "not_published"]
    assert unpublished and all(c.startswith("ind-") for c in unpublished)
    expect(page.locator(f"li[data-contender={unpublished[0]}] p[data-status=not_published]")).to_be_visible()

    # One under the other on a phone; side by side, same width, on a wider screen.
    first, second = (page.locator(f".platform-grid > li[data-contender={p}]") for p in ("pfa", "pfr"))
    a, b = first.bounding_box(), second.bounding_box()
    assert a and b and a["x"] == b["x"] and b["y"] > a["y"]
    page.set_viewport_size({"width": 1024, "height": 740})
    # Both boxes measured in one go (the page above the grid may still be settling after the resize).
    page.wait_for_function(
        """() => { const [a, b] = ['pfa', 'pfr'].map((p) =>
             document.querySelector(`.platform-grid > li[data-contender=${p}]`).getBoundingClientRect());
           return a.top === b.top && b.left > a.left && a.width === b.width; }""",
        timeout=20_000,
    )


def test_full_platforms_and_unpublished_ones(open_page: Callable[[str], Page], stack: Stack) -> None:
    page = open_page("#/proceso/simulacro/plataformas")
    first = page.locator(".platform-list > li").first
    expect(first).to_have_attribute("data-contender", "pfa")
    expect(first.get_by_role("heading", level=2)).to_contain_text("Partido Ficticio del Amanecer")
    expect(first.locator(".platform__title")).to_contain_text("plataforma ficticia")
    expect(first.locator(".badge--drill")).to_have_text("Plataforma ficticia")

    page = open_page("#/proceso/2021-ord/plataformas")
    api = stack.get_json("/v1/processes/2021-ord/platforms")
    items = page.locator(".platform-list > li")
    expect(items).to_have_count(len(api["platforms"]))
    # a closed real process: never "no publicada" (every party registered one with the institute)
    expect(items.locator("p[data-status=not_captured]")).to_have_count(len(api["platforms"]))
    expect(items.first.locator("p[data-status=not_captured]")).to_have_text(
        "Esta plataforma no se capturó en DecideIEEM"
    )
    expect(page.locator(".badge--drill")).to_have_count(0)  # real parties are never labelled fictional


@pytest.mark.parametrize("name", list(PAGES))
def test_civic_pages_at_360px_and_axe(name: str, open_page: Callable[[str], Page], axe_source: str) -> None:
    page = open_page(PAGES[name])
    check_page(page, name, axe_source)


HOSTILE_MARKDOWN = (
    "Texto normal.\n\n"
    "<script>alert(1)</script>\n\n"
    "Una imagen <img src=x onerror=alert(2)> en línea.\n\n"
    "[un enlace](javascript:alert(3)) y [otro](https://www.ieem.org.mx/)\n"
)
HOSTILE_HTML = (
    "<p>Antes</p><script>alert(1)</script><img src=x onerror=alert(2)>"
    '<p onclick="alert(3)" style="color:red" id="x">Párrafo</p>'
    '<a href="javascript:alert(4)">falso</a> <a href=" jAvAsCrIpT:alert(5)">falso2</a>'
    '<a href="https://www.ieem.org.mx/" onmouseover="alert(6)">IEEM</a>'
    '<iframe src="https://example.org/"></iframe><svg><script>alert(7)</script></svg>'
    "<form><input name=x></form><style>body{display:none}</style><h1>Otro título</h1>"
    "<details open ontoggle=alert(8)><summary>s</summary>d</details>"
    "<table><tr><td>celda</td></tr></table>"
)


# What Chromium prints when the parser meets an inline handler or style attribute under the CSP: the
# attempt is blocked (and DOMParser documents run no script anyway); the allow-list never copies them.
BLOCKED_INLINE = re.compile(
    r"^(Executing inline event handler|Applying inline style) violates the following Content Security"
)


def assert_inert(watched: Watched, expect_blocked: bool = False) -> None:
    page = watched.page
    for tag in ("script", "img", "iframe", "svg", "form", "input", "style", "details"):
        assert page.locator(f"main {tag}").count() == 0, f"a <{tag}> from the content became an element"
    attributes = page.locator("main [data-body] *").evaluate_all(
        "(nodes) => nodes.flatMap((n) => Array.from(n.attributes, (a) => a.name))"
    )
    assert not [a for a in attributes if a.startswith("on") or a in {"style", "id", "src"}], attributes
    hrefs = page.locator("main [data-body] a").evaluate_all("(nodes) => nodes.map((n) => n.getAttribute('href'))")
    assert all(h.startswith(("https://", "http://", "mailto:", "#", "/")) for h in hrefs), hrefs
    # Completion check: every request the page made has ended and queued tasks have run, so any
    # handler (an onerror, a dialog) would have fired by now.
    page.wait_for_load_state("networkidle")
    page.evaluate("() => new Promise((done) => setTimeout(done, 0))")
    assert watched.dialogs == []
    if expect_blocked:
        blocked = [e for e in watched.errors if BLOCKED_INLINE.match(e)]
        assert blocked, "the hostile handlers should have reached the (inert) parser"
        watched.errors[:] = [e for e in watched.errors if e not in blocked]
    assert watched.csp_violations() == []


@pytest.fixture(scope="module")
def hostile_slug(stack: Stack) -> str:
    """A published page whose Markdown carries a script, an onerror and a javascript: link (admin API)."""
    admin = unique_email("content-admin")
    token = api_login(stack, admin, create_user(stack, admin, "ieem_admin"))
    slug = f"prueba-marcado-{uuid.uuid4().hex[:8]}"
    api_call(
        stack,
        "PUT",
        f"/v1/admin/content/{slug}",
        {
            "title": "Página de prueba con marcado",
            "summary": "Escrita por la prueba de seguridad.",
            "body_markdown": HOSTILE_MARKDOWN,
            "status": "published",
            "process_id": "2021-ord",  # a concluded process: the "Cómo funciona" index does not list it
            "sources": [{"title": "IEEM", "url": "https://www.ieem.org.mx/"}],
        },
        token,
    )
    return slug


def test_markup_in_a_content_page_is_inert(
    hostile_slug: str, open_page: Callable[[str], Page], watched: Watched
) -> None:
    page = open_page(f"#/como-funciona/{hostile_slug}")
    body = page.locator(f"[data-body={hostile_slug}]")
    expect(body).to_contain_text("<script>alert(1)</script>")  # the API escapes it: shown as characters
    expect(body).to_contain_text("<img src=x onerror=alert(2)>")
    expect(body.get_by_role("link", name="otro")).to_have_attribute("href", "https://www.ieem.org.mx/")
    assert_inert(watched)


def test_hostile_html_from_a_compromised_api_is_dropped(
    hostile_slug: str, stack: Stack, open_page: Callable[[str], Page], watched: Watched
) -> None:
    """The front does not trust body_html either: its allow-list keeps text and safe elements only."""
    page = watched.page

    def tamper(route: Route) -> None:
        response = route.fetch()
        data = json.loads(response.text())
        data["body_html"] = HOSTILE_HTML
        route.fulfill(response=response, body=json.dumps(data))

    page.route(f"{stack.api_url}/v1/content/{hostile_slug}", tamper)
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page = open_page(f"#/como-funciona/{hostile_slug}")
    body = page.locator(f"[data-body={hostile_slug}]")
    expect(body).to_contain_text("Párrafo")
    expect(body.locator("p", has_text="Párrafo")).to_have_count(1)
    expect(body.locator("td")).to_have_text("celda")
    expect(body.get_by_role("link", name="IEEM")).to_have_attribute("rel", "noopener noreferrer external")
    expect(body).to_contain_text("falso")
    expect(body.get_by_role("link", name=re.compile("^falso"))).to_have_count(0)
    expect(page.locator("main h1")).to_have_count(1)  # a stray <h1> became an <h2>
    expect(body.get_by_role("heading", level=2, name="Otro título")).to_be_visible()
    expect(page.locator("body")).to_be_visible()  # the <style> did not apply
    assert_inert(watched, expect_blocked=True)
    assert not [url for url in requested if url.endswith("/x") or "example.org" in url], requested
