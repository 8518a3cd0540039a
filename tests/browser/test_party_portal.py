"""The party portal in a real browser: inbox with counts, profile editing, notification settings."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.browser.accounts import XSS, api_call, api_login, create_user, log_in, publish_profile, unique_email
from tests.browser.conftest import Stack, Watched, run_axe, save_artifact, wait_rendered

CANDIDACY = "simulacro.ayun.005.pfa"


@pytest.fixture(scope="module")
def editor(stack: Stack) -> tuple[str, str]:
    email = unique_email("editor-pfa")
    return email, create_user(stack, email, "party_editor", "pfa")


@pytest.fixture(scope="module")
def proposal_to_pfa(stack: Stack) -> str:
    """A citizen's proposal to PFA on a drill ballot, sent through the API."""
    email = unique_email("vecina")
    token = api_login(stack, email, create_user(stack, email, "citizen"))
    title = f"Agua potable todos los días {uuid.uuid4().hex[:6]}"
    api_call(
        stack,
        "POST",
        "/v1/proposals",
        {
            "ballot_id": "simulacro.ayun.005",
            "topic": "agua",
            "title": title,
            "problem": "En la colonia Ejemplo el agua llega solo dos días por semana y en pipas.",
            "proposed_action": "Reparar la red y publicar el calendario de abasto cada semana.",
            "addressed_to": ["pfa"],
        },
        token,
    )
    return title


def no_serious_axe(page: Page, axe_source: str, name: str) -> None:
    save_artifact(f"{name}-360px.png", page.screenshot(full_page=True))
    assert page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    violations = run_axe(page, axe_source)
    summary = [{"id": v["id"], "impact": v["impact"], "nodes": len(v["nodes"])} for v in violations]
    save_artifact(f"{name}-axe.json", json.dumps(summary, indent=2))
    serious = [v["id"] for v in violations if v["impact"] in {"serious", "critical"}]
    assert not serious, f"{name}: {serious}"


def test_inbox_lists_proposals_to_the_party_with_counts(
    stack: Stack, page: Page, editor: tuple[str, str], proposal_to_pfa: str, axe_source: str
) -> None:
    log_in(page, stack, *editor)
    page.locator(".site-nav").get_by_role("link", name="Bandeja del partido").click()
    wait_rendered(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Bandeja de Partido Ficticio del Amanecer")
    item = page.locator(".proposal-item").filter(has_text=proposal_to_pfa)
    expect(item.locator(".badge--warning")).to_have_text("Sin responder")
    page.get_by_role("link", name="Sin responder (", exact=False).click()
    wait_rendered(page)
    expect(page.get_by_role("link", name="Sin responder (", exact=False)).to_have_attribute("aria-current", "page")
    expect(page.locator(".proposal-item").filter(has_text=proposal_to_pfa)).to_have_count(1)
    no_serious_axe(page, axe_source, "party-inbox")


def test_editor_publishes_a_profile_and_the_public_page_shows_it(
    stack: Stack, page: Page, watched: Watched, editor: tuple[str, str], axe_source: str
) -> None:
    log_in(page, stack, *editor)
    page.goto(f"{stack.web_url}/#/candidatura/{CANDIDACY}")
    wait_rendered(page)
    expect(page.locator("[data-profile=none]")).to_contain_text("todavía no publica su perfil")
    page.get_by_role("link", name="Editar el perfil").click()
    wait_rendered(page)
    no_serious_axe(page, axe_source, "party-profile-form")

    page.locator("textarea[name=short_bio]").fill(f"Maestra ficticia del simulacro. {XSS}")
    page.get_by_label("Propuesta 1").fill("Reparar la red de agua potable.")
    page.get_by_label("Facebook").fill("https://example.org/no-es-facebook")
    page.get_by_role("button", name="Guardar el perfil").click()
    expect(page.locator("fieldset.group").filter(has_text="Enlaces")).to_contain_text("facebook.com")
    page.get_by_label("Facebook").fill("https://facebook.com/ejemplo")
    page.get_by_role("button", name="Guardar el perfil").click()
    expect(page.locator(".notice--success")).to_contain_text("Perfil guardado")
    publish_profile(stack, CANDIDACY, editor)
    page.goto(f"{stack.web_url}/#/candidatura/{CANDIDACY}")
    wait_rendered(page)
    expect(page.locator("[data-field=short_bio]")).to_have_text(f"Maestra ficticia del simulacro. {XSS}")
    assert page.locator("main img").count() == 0 and watched.dialogs == []
    expect(page.locator("[data-field=education]")).to_have_text("No proporcionó")
    expect(page.locator("[data-field='links.facebook']")).to_have_text("https://facebook.com/ejemplo")
    expect(page.locator("[data-field='links.x']")).to_have_text("No proporcionó")
    # the identity questionnaire is the candidate's, through the emailed link (test_identity_consent.py)
    expect(page.locator("[data-field=identity]")).to_be_visible()
    expect(page.get_by_text("Publicado por el IEEM el")).to_be_visible()
    no_serious_axe(page, axe_source, "candidacy-with-profile")

    page.get_by_role("link", name="Historial de cambios").click()
    wait_rendered(page)
    changes = page.locator("ol.history > li")
    expect(changes).to_have_count(1)
    expect(changes.first).to_contain_text("Partido Ficticio del Amanecer")
    expect(changes.first).to_contain_text("Semblanza")
    no_serious_axe(page, axe_source, "candidacy-history")


def test_notification_settings(stack: Stack, page: Page, editor: tuple[str, str], axe_source: str) -> None:
    log_in(page, stack, *editor)
    page.locator(".site-nav").get_by_role("link", name="Avisos del partido").click()
    wait_rendered(page)
    addresses = page.get_by_label("Direcciones que reciben los avisos")
    expect(addresses).not_to_have_value("")
    addresses.fill("avisos@pfa.example.org\nprensa@pfa.example.org")
    page.get_by_label("Un resumen diario (nunca se envía vacío)").check()
    page.get_by_role("button", name="Guardar avisos").click()
    expect(page.locator(".form-alert")).to_contain_text("Guardamos")
    no_serious_axe(page, axe_source, "party-settings")
    page.reload()
    wait_rendered(page)
    expect(page.get_by_label("Direcciones que reciben los avisos")).to_have_value(
        "avisos@pfa.example.org\nprensa@pfa.example.org"
    )
    expect(page.get_by_label("Un resumen diario (nunca se envía vacío)")).to_be_checked()


def test_a_citizen_cannot_use_the_party_portal(stack: Stack, open_page: Callable[[str], Page]) -> None:
    page = open_page("")
    email = unique_email("curioso")
    log_in(page, stack, email, create_user(stack, email, "citizen"))
    page.goto(f"{stack.web_url}/#/partido/bandeja")
    wait_rendered(page)
    expect(page.locator(".notice--warning")).to_contain_text("cuentas de partidos")
