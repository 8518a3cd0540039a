"""A fresh stack shows what every page is for: the drill's fictional proposals feed, a candidacy
profile and an answered proposal are there without any setup, each labelled fictional."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.conftest import Stack, wait_rendered

HOME = "simulacro.ayun.001"  # the council of section 1, the README's first lookup
ANSWERED = "Agua todos los días en la colonia Centro"  # answered by its three contenders, one stance each


def test_the_drill_feed_a_profile_and_an_answered_proposal_need_no_setup(
    stack: Stack, open_page: Callable[[str], Page]
) -> None:
    page = open_page("#/propuestas")
    items = page.locator(".proposal-item")
    expect(items.first).to_be_visible()
    assert items.count() >= 10
    expect(items.first.locator(".badge--drill")).to_be_visible()

    page.goto(f"{stack.web_url}/#/propuestas?eleccion={HOME}")
    wait_rendered(page)
    page.get_by_role("link", name=ANSWERED).click()
    wait_rendered(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text(ANSWERED)
    expect(page.locator("h1 .badge--drill")).to_be_visible()
    for stance, label in (("commit", "Se compromete"), ("decline", "No se compromete"), ("comment", "Comentario")):
        expect(page.locator(f"ul.responses .badge--stance-{stance}")).to_have_text(label)
    expect(page.locator("ul.responses")).to_contain_text("Texto ficticio del simulacro")

    page.goto(f"{stack.web_url}/#/candidatura/{HOME}.pfa")
    wait_rendered(page)
    expect(page.locator("[data-field=short_bio]")).to_contain_text("Perfil ficticio del simulacro")
    expect(page.locator("[data-field=education]")).not_to_have_text("No proporcionó")
    expect(page.locator(".notice--drill").first).to_be_visible()
