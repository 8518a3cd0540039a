"""The responsiveness board in a real browser: linked from the home page (drill in campaign) and from
a ballot page, contenders in printed ballot order with the same wording for each, sortable by the
reader, the method on the page, axe-clean at 360 px. Read-only: nothing is written to the session's
stack (the figures themselves are tested end to end in tests/integration/test_responsiveness.py)."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.accounts import api_call
from tests.browser.conftest import Stack, run_axe, wait_rendered

BALLOT = "simulacro.ayun.090"  # a council the seeded activity and other tests leave alone
ROUTE = f"#/proceso/simulacro/respuestas?eleccion={BALLOT}"


def names_in_table(page: Page) -> list[str]:
    return page.locator("table.responsiveness tbody th").all_inner_texts()


def test_the_ballot_board_lists_every_contender_in_ballot_order_and_the_reader_may_sort(
    stack: Stack, page: Page, axe_source: str
) -> None:
    ballot = api_call(stack, "GET", f"/v1/ballots/{BALLOT}")["ballot"]
    printed = [c["contender_name"] for c in ballot["candidacies"]]
    board = api_call(stack, "GET", f"/v1/processes/simulacro/responsiveness?ballot={BALLOT}")
    assert [c["name"] for c in board["contenders"]] == printed
    # the ballot page links its board
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(f"{stack.web_url}/#/eleccion/{BALLOT}")
    wait_rendered(page)
    page.get_by_role("link", name="¿Quién responde las propuestas de esta elección?").click()
    wait_rendered(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("¿Quién responde las propuestas?")
    expect(page.locator("table.responsiveness tbody tr")).to_have_count(len(printed))
    assert names_in_table(page) == printed
    # every contender without enough delivered proposals reads the same, nobody "no respondió"
    for contender in board["contenders"]:
        cells = page.locator(f"tr[data-contender='{contender['contender_id']}']")
        expect(cells.locator("[data-figure='delivered']")).to_have_text(str(contender["delivered"]))
        if not contender["enough_to_measure"]:
            expect(cells.locator("[data-figure='rate']")).to_have_text(contender["note"])
    expect(page.locator("main")).not_to_contain_text("No respondió")
    # the method, the open data
    expect(page.get_by_role("heading", name="Cómo se calcula cada cifra")).to_be_visible()
    expect(page.locator("main dl")).to_contain_text("Intervalo de puntuación de Wilson")
    expect(page.get_by_role("link", name="CSV")).to_have_attribute(
        "href", f"{stack.api_url}/v1/open-data/simulacro/responsiveness.csv"
    )
    # the reader sorts by name, then back to ballot order
    page.get_by_label("Ordenar la tabla").select_option("name")
    by_name = page.evaluate("(names) => [...names].sort((a, b) => a.localeCompare(b, 'es-MX'))", printed)
    assert names_in_table(page) == by_name
    page.get_by_label("Ordenar la tabla").select_option("ballot")
    assert names_in_table(page) == printed
    assert page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    violations = run_axe(page, axe_source)
    serious = [f"{v['id']}: {v['help']}" for v in violations if v["impact"] in {"serious", "critical"}]
    assert not serious, serious


def test_the_home_page_links_the_board_of_the_drill_in_campaign(stack: Stack, page: Page, axe_source: str) -> None:
    page.goto(f"{stack.web_url}/")
    wait_rendered(page)
    link = page.locator("li[data-process='simulacro']").get_by_role(
        "link", name="¿Quién responde las propuestas? — Simulacro", exact=False
    )
    expect(link.first).to_have_attribute("href", "#/proceso/simulacro/respuestas")
    link.first.click()
    wait_rendered(page)
    board = api_call(stack, "GET", "/v1/processes/simulacro/responsiveness")
    assert names_in_table(page) == [c["name"] for c in board["contenders"]]
    violations = run_axe(page, axe_source)
    serious = [f"{v['id']}: {v['help']}" for v in violations if v["impact"] in {"serious", "critical"}]
    assert not serious, serious
