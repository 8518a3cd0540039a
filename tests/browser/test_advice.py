"""Orientación del voto in a real browser, on the drill's fictional statements and positions.

- the questionnaire is completed and, with request interception, no request leaves the page after
  it loaded its data (the answers never reach a server; the share link carries them in the fragment);
- the browser's matching module runs the shared vectors and gives the reference's percentages, and
  the results page agrees with the Python reference on the drill's own data;
- keyboard only, 360 px without horizontal scroll, axe-clean; the home page links it; a party
  editor sees its positions frozen after the window.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page, Request, Route, expect

from chalicelib.advice.matching import CitizenAnswer, ContenderStances, match
from tests.browser.accounts import api_call, create_user, log_in, unique_email
from tests.browser.conftest import Stack, Watched, run_axe, save_artifact, wait_rendered

ROUTE = "#/orientacion/simulacro"
VECTORS = Path(__file__).resolve().parents[1] / "vectors" / "advice_matching.json"
# One letter per statement (a / n / d, "-" skipped; upper case: important), 24 statements.
ANSWERS = "AanddnaaNa-adaa-nadda-an"
STANCE = {"a": "agree", "n": "neutral", "d": "disagree"}
LABEL = {"agree": "De acuerdo", "neutral": "Neutral", "disagree": "En desacuerdo"}


def expected_ranking(stack: Stack, code: str) -> tuple[list[tuple[str, int | None]], int]:
    """The Python reference on the drill's published data: [(contender name, percent)], counted."""
    data = api_call(stack, "GET", "/v1/processes/simulacro/advice")
    answers = [
        CitizenAnswer(s["number"], STANCE.get(letter.lower()), letter.isupper())
        for s, letter in zip(data["statements"], code, strict=True)
    ]
    contenders = [
        ContenderStances(c["contender"]["id"], {p["statement"]: p["stance"] for p in c["positions"] if p["answered"]})
        for c in data["contenders"]
    ]
    names = {c["contender"]["id"]: c["contender"]["name"] for c in data["contenders"]}
    results = match(answers, contenders)
    return [(names[r.contender_id], r.percent) for r in results], results[0].counted


class Interceptor:
    """Every request of the page goes through here; after `arm()` they are recorded and refused."""

    def __init__(self) -> None:
        self.armed = False
        self.after: list[str] = []

    def __call__(self, route: Route, request: Request) -> None:
        if self.armed:
            self.after.append(f"{request.method} {request.url} {request.post_data or ''}")
            route.abort()
        else:
            route.continue_()

    def arm(self) -> None:
        self.armed = True


def open_advice(page: Page, stack: Stack, route: str = ROUTE) -> None:
    page.goto(f"{stack.web_url}/{route}")
    wait_rendered(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Orientación del voto")


def answer_with_clicks(page: Page, code: str) -> None:
    for number, letter in enumerate(code, start=1):
        statement = page.locator(f"form fieldset[data-statement='{number}']")
        stance = STANCE.get(letter.lower())
        statement.get_by_label(LABEL[stance] if stance else "Saltar", exact=True).check()
        if letter.isupper():
            statement.get_by_label("Es importante para mí (cuenta doble)").check()


def ranking_on_page(page: Page) -> list[tuple[str, int | None]]:
    items = page.locator(".advice-ranking > li")
    rows = []
    for n in range(items.count()):
        item = items.nth(n)
        percent = item.get_attribute("data-percent")
        rows.append((item.locator("h3").inner_text().strip(), int(percent) if percent else None))
    return rows


def test_the_questionnaire_sends_nothing_after_the_data_loads_and_matches_the_reference(
    stack: Stack, context: BrowserContext, watched: Watched
) -> None:
    page = watched.page
    interceptor = Interceptor()
    context.route("**/*", interceptor)
    open_advice(page, stack)
    expect(page.locator("form fieldset[data-statement]")).to_have_count(24)
    expect(page.locator(".notice").filter(has_text="Simulacro")).to_be_visible()
    expect(page.locator(".notice").filter(has_text="no es una recomendación")).to_be_visible()
    page.wait_for_load_state("networkidle")
    interceptor.arm()

    answer_with_clicks(page, ANSWERS)
    page.get_by_role("button", name="Ver mis resultados").click()
    results = page.get_by_role("heading", name="Tus resultados")
    expect(results).to_be_focused()
    expected, counted = expected_ranking(stack, ANSWERS)
    assert counted == 21
    expect(page.locator("[data-counted]")).to_have_text(
        "Se contaron 21 afirmaciones de 24; las que saltaste no cuentan."
    )
    assert ranking_on_page(page) == expected
    # ties keep the ballot order and the contender that did not answer comes last, without a percentage
    assert expected[-1][1] is None
    expect(page.locator(".advice-ranking > li").last).to_contain_text("No respondió ninguna")
    first = page.locator(".advice-ranking > li").first
    expect(first.get_by_role("link", name=re.compile("^Plataforma de"))).to_be_visible()
    expect(first.get_by_role("link", name=re.compile("^Respuestas a propuestas de"))).to_be_visible()

    # every statement: the citizen's answer beside each contender's position and justification
    compare = page.locator("details.advice-compare[data-statement='1']")
    compare.locator("summary").click()
    expect(compare.locator(".advice-compare__yours")).to_contain_text("De acuerdo (importante)")
    expect(compare.locator("li[data-contender='pfa']")).to_contain_text("Postura ficticia del simulacro")
    no_answer = page.locator("details.advice-compare[data-statement='1'] li[data-stance='none']")
    expect(no_answer).to_have_count(1)
    expect(no_answer).to_contain_text("No respondió")

    share = page.get_by_label("Enlace con tus respuestas")
    link = share.input_value()
    assert link.endswith(f"{ROUTE}?r={ANSWERS}")
    page.get_by_role("button", name="Copiar el enlace").click()
    expect(page.locator("[role=status]").filter(has_text=re.compile("copiado|cópialo"))).to_be_visible()
    page.get_by_role("link", name="Cómo se calcula").first.focus()

    assert interceptor.after == [], f"requests after the data loaded: {interceptor.after}"
    save_artifact("advice-results-360px.png", page.screenshot(full_page=True))


def test_a_shared_link_restores_the_answers_from_the_fragment_only(
    stack: Stack, context: BrowserContext, watched: Watched
) -> None:
    page = watched.page
    seen: list[str] = []
    context.on("request", lambda request: seen.append(request.url))
    open_advice(page, stack, f"{ROUTE}?r={ANSWERS}")
    expect(page.get_by_role("heading", name="Tus resultados")).to_be_visible()
    statement = page.locator("form fieldset[data-statement='1']")
    expect(statement.get_by_label("De acuerdo", exact=True)).to_be_checked()
    expect(statement.get_by_label("Es importante para mí (cuenta doble)")).to_be_checked()
    expect(page.locator("form fieldset[data-statement='11']").get_by_label("Saltar", exact=True)).to_be_checked()
    assert ranking_on_page(page) == expected_ranking(stack, ANSWERS)[0]
    assert not [url for url in seen if ANSWERS in url], "the answers left the page"


def test_the_browser_implementation_gives_the_vectors_percentages(stack: Stack, page: Page) -> None:
    open_advice(page, stack)
    module = page.evaluate(
        "() => performance.getEntriesByType('resource').map((e) => e.name).find((n) => /advice-matching\\./.test(n))"
    )
    assert module, "the advice page did not load its matching module"
    cases: list[dict[str, Any]] = json.loads(VECTORS.read_text(encoding="utf-8"))["cases"]
    got = page.evaluate(
        """async ([url, cases]) => {
            const { match } = await import(url);
            return cases.map((c) => {
                const r = match(c.answers, c.contenders);
                return {
                    counted: r.length ? r[0].counted : 0,
                    max_points: r.length ? r[0].max_points : 0,
                    results: r.map((x) => ({ contender_id: x.contender_id, points: x.points, percent: x.percent })),
                };
            });
        }""",
        [module, cases],
    )
    for case, result in zip(cases, got, strict=True):
        assert result == case["expected"], case["name"]


def test_keyboard_only_completes_the_questionnaire(stack: Stack, page: Page) -> None:
    open_advice(page, stack)
    page.keyboard.press("Tab")
    for _ in range(40):  # to the first statement's choices
        if page.evaluate("() => document.activeElement.name") == "afirmacion-1":
            break
        page.keyboard.press("Tab")
    # Tab lands on the checked choice ("Saltar", the last); the arrows move the choice, as in any radio group
    for _ in range(3):
        page.keyboard.press("ArrowLeft")
    expect(page.locator("fieldset[data-statement='1']").get_by_label("De acuerdo", exact=True)).to_be_checked()
    page.keyboard.press("Tab")  # the "important" box
    page.keyboard.press("Space")
    expect(
        page.locator("fieldset[data-statement='1']").get_by_label("Es importante para mí (cuenta doble)")
    ).to_be_checked()
    for _ in range(300):  # on to the submit button
        if page.evaluate("() => document.activeElement.type") == "submit":
            break
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Tus resultados")).to_be_focused()
    expect(page.locator("[data-counted]")).to_contain_text("Se contó 1 afirmación de 24")


@pytest.mark.parametrize("route", [ROUTE, f"{ROUTE}?r={ANSWERS}", f"{ROUTE}/metodo"])
def test_advice_pages_at_360px_are_axe_clean_without_horizontal_scroll(
    stack: Stack, page: Page, axe_source: str, route: str
) -> None:
    page.goto(f"{stack.web_url}/{route}")
    wait_rendered(page)
    if route.endswith("/metodo"):
        expect(page.get_by_role("heading", level=1)).to_contain_text("Cómo se calcula la coincidencia")
        expect(page.get_by_role("table")).to_contain_text("Marcada como importante")
    else:
        expect(page.locator("form fieldset[data-statement]")).to_have_count(24)
    if "?r=" in route:
        page.locator("details.advice-compare").first.locator("summary").click()
    assert page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    violations = run_axe(page, axe_source)
    serious = [f"{v['id']}: {v['help']}" for v in violations if v["impact"] in {"serious", "critical"}]
    assert not serious, serious


def test_the_home_page_links_the_drill_advice(stack: Stack, page: Page) -> None:
    page.goto(f"{stack.web_url}/")
    wait_rendered(page)
    link = page.locator("li[data-process='simulacro']").get_by_role("link", name=re.compile("^Orientación del voto"))
    expect(link).to_have_attribute("href", ROUTE)
    expect(page.locator("li[data-process='2021-ord'] a[href^='#/orientacion']")).to_have_count(0)


def test_a_party_editor_sees_its_positions_frozen_after_the_window(stack: Stack, page: Page, axe_source: str) -> None:
    email = unique_email("posturas-pfa")
    log_in(page, stack, email, create_user(stack, email, "party_editor", "pfa"))
    page.locator(".site-nav").get_by_role("link", name="Posturas").click()
    wait_rendered(page)
    page.get_by_role("link", name=re.compile("^Simulacro")).click()
    wait_rendered(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Posturas de Partido Ficticio del Amanecer")
    expect(page.locator(".notice").filter(has_text="quedaron fijas")).to_be_visible()
    first = page.locator("fieldset[data-statement='1']")
    expect(first.get_by_label("De acuerdo", exact=True)).to_be_checked()
    expect(first.get_by_label("De acuerdo", exact=True)).to_be_disabled()
    expect(first.get_by_label("Justificación (hasta 500 caracteres)")).to_have_value(re.compile("^Postura ficticia"))
    expect(page.get_by_role("button", name="Guardar posturas")).to_be_disabled()
    violations = run_axe(page, axe_source)
    assert not [v["id"] for v in violations if v["impact"] in {"serious", "critical"}]
