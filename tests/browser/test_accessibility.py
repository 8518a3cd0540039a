"""axe-core on every page, 360 px without horizontal scroll (with a screenshot), keyboard only."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.browser.accounts import create_user, fill_proposal, log_in, log_out, unique_email
from tests.browser.conftest import Stack, run_axe, save_artifact, wait_rendered

# Every page of the front, in the states a person meets them.
PAGES = {
    "home": "",
    "process-drill": "#/proceso/simulacro",
    "process-2021": "#/proceso/2021-ord",
    "ballot-drill": "#/eleccion/simulacro.ayun.001",
    "ballot-2021-district-unpublished": "#/eleccion/2021-ord.dip.04",
    "ballot-2021-annulled": "#/eleccion/2021-ord.ayun.015",
    "ballot-extraordinary-partial": "#/eleccion/2021-ext-nextlalpan.ayun.059",
    "candidacy-drill": "#/candidatura/simulacro.ayun.001.pfa",
    "candidacy-unknown-fields": "#/candidatura/2021-ext-nextlalpan.ayun.059.pan-pri-prd",
    "compare": "#/comparar/simulacro.ayun.001.pfa,simulacro.ayun.001.pfv,simulacro.ayun.001.pfr-pfm",
    "not-found": "#/no-existe",
}
BLOCKING = {"serious", "critical"}


def home_with_results(open_page: Callable[[str], Page]) -> Page:
    page = open_page("")
    page.locator("input[name=section]").fill("1")
    page.get_by_role("button", name="Buscar").click()
    expect(page.locator(".results .ballot-list").first).to_be_visible()
    return page


def describe(violations: list[dict[str, object]]) -> str:
    lines = []
    for v in violations:
        nodes = v.get("nodes") or []
        targets = [n.get("target") for n in nodes[:3]]  # type: ignore[union-attr]
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} at {targets}")
    return "\n".join(lines)


@pytest.mark.parametrize("name", [*PAGES, "home-with-results"])
def test_pages_at_360px_have_no_horizontal_scroll_and_no_serious_axe_violation(
    name: str, open_page: Callable[[str], Page], axe_source: str
) -> None:
    page = home_with_results(open_page) if name == "home-with-results" else open_page(PAGES[name])
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    save_artifact(f"{name}-360px.png", page.screenshot(full_page=True))
    assert overflow <= 0, f"{name}: {overflow}px of horizontal scroll at 360px"

    violations = run_axe(page, axe_source)
    summary = [{"id": v["id"], "impact": v["impact"], "nodes": len(v["nodes"])} for v in violations]
    save_artifact(f"{name}-axe.json", json.dumps(summary, indent=2))
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    assert not blocking, f"{name}:\n{describe(blocking)}"


def focus_by_tab(page: Page, predicate: str, limit: int = 40) -> int:
    """Press Tab until `predicate` (JS over document.activeElement) holds; the presses it took."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => {{ const el = document.activeElement; return Boolean({predicate}); }}"):
            return presses
    raise AssertionError(f"{predicate} not reached with {limit} Tab presses")


def test_keyboard_only_lookup_reaches_results_and_ballot(open_page: Callable[[str], Page]) -> None:
    page = open_page("")
    # The skip link comes first and lands on the content.
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()

    focus_by_tab(page, "el.name === 'section'")
    page.keyboard.type("1")
    page.keyboard.press("Enter")
    expect(page.locator(".results__title")).to_be_focused()
    focus_by_tab(page, "el.classList.contains('ballot-list__link')", limit=3)
    target = page.evaluate("() => document.activeElement.getAttribute('href')")
    page.keyboard.press("Enter")
    wait_rendered(page)
    assert page.url.endswith(target)
    expect(page.get_by_role("heading", level=1)).to_be_focused()  # focus moves to the new page

    # On the ballot page: check two candidacies and compare, keyboard only.
    focus_by_tab(page, "el.type === 'checkbox'")
    page.keyboard.press("Space")
    focus_by_tab(page, "el.type === 'checkbox'", limit=3)
    page.keyboard.press("Space")
    focus_by_tab(page, "el.tagName === 'BUTTON' && !el.disabled")
    page.keyboard.press("Enter")
    wait_rendered(page)
    expect(page.locator("table.compare thead th")).to_have_count(2)


def test_focus_is_visible(open_page: Callable[[str], Page]) -> None:
    page = open_page("")
    focus_by_tab(page, "el.name === 'section'")
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"


def check_page(page: Page, name: str, axe_source: str) -> None:
    wait_rendered(page)
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    save_artifact(f"{name}-360px.png", page.screenshot(full_page=True))
    assert overflow <= 0, f"{name}: {overflow}px of horizontal scroll at 360px"
    violations = run_axe(page, axe_source)
    save_artifact(
        f"{name}-axe.json",
        json.dumps([{"id": v["id"], "impact": v["impact"], "nodes": len(v["nodes"])} for v in violations], indent=2),
    )
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    assert not blocking, f"{name}:\n{describe(blocking)}"


def test_account_proposal_and_moderation_pages(stack: Stack, page: Page, axe_source: str) -> None:
    """Every page behind the account links, in the state a person meets it, signed in or not."""
    for name, route in [
        ("login", "#/entrar"),
        ("signup", "#/registro"),
        ("confirm", "#/confirmar"),
        ("proposals-feed", "#/propuestas"),
        ("proposal-form-anonymous", "#/propuestas/nueva/simulacro.ayun.004"),
    ]:
        page.goto(f"{stack.web_url}/{route}")
        check_page(page, name, axe_source)

    citizen = unique_email("a11y")
    log_in(page, stack, citizen, create_user(stack, citizen, "citizen"))
    page.goto(f"{stack.web_url}/#/propuestas/nueva/simulacro.ayun.004")
    wait_rendered(page)
    page.get_by_role("button", name="Enviar propuesta").click()  # empty: the per-field errors show
    expect(page.get_by_label("Título")).to_have_attribute("aria-invalid", "true")
    check_page(page, "proposal-form-errors", axe_source)
    fill_proposal(
        page,
        "Más rutas de transporte nocturno",
        "Después de las diez de la noche no hay transporte hacia las colonias del norte.",
        "Abrir dos rutas nocturnas con paradas iluminadas y horarios publicados.",
        None,
    )
    page.get_by_role("button", name="Enviar propuesta").click()
    check_page(page, "my-proposals", axe_source)
    page.get_by_role("link", name="Más rutas de transporte nocturno").first.click()
    check_page(page, "proposal", axe_source)
    page.goto(f"{stack.web_url}/#/propuestas/nueva/simulacro.ayun.004")
    wait_rendered(page)
    fill_proposal(  # a link holds it for review, so the moderation queue has an item
        page,
        "Reparar el parque de la colonia Ejemplo",
        "Los juegos del parque están rotos; el reporte está en https://example.org/parque desde marzo.",
        "Reparar los juegos y poner luminarias antes de las vacaciones.",
        None,
    )
    page.get_by_role("button", name="Enviar propuesta").click()
    wait_rendered(page)
    log_out(page)

    moderator = unique_email("a11y-mod")
    log_in(page, stack, moderator, create_user(stack, moderator, "ieem_moderator"))
    page.goto(f"{stack.web_url}/#/moderacion")
    expect(page.locator("article.review").first).to_be_visible()
    check_page(page, "moderation", axe_source)
