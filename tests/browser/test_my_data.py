"""«Mis datos» in the browser (ARCO, issue 13): see what is held and download it as JSON, rectify
the display name, delete the account with each choice for the published proposals."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.browser.accounts import api_call, api_login, create_user, log_in, unique_email
from tests.browser.conftest import Stack, run_axe, wait_rendered
from tests.support.http import StackHttp


def submit_proposal(stack: Stack, token: str, title: str) -> str:
    body = {
        "ballot_id": "simulacro.ayun.006",
        "topic": "servicios_publicos",
        "title": title,
        "problem": f"La fuga de agua de la calle {title} lleva semanas sin atenderse.",
        "proposed_action": "Reparar la tubería y revisar la red del barrio con los vecinos.",
        "addressed_to": ["pfa"],
    }
    created = api_call(stack, "POST", "/v1/proposals", body, token)
    assert created["status"] == "published", created
    return str(created["id"])


def open_my_data(page: Page) -> None:
    page.locator(".site-nav").get_by_role("link", name="Mis datos").click()
    wait_rendered(page)
    expect(page.get_by_role("heading", name="Mis datos personales")).to_be_visible()


def test_see_my_data_download_it_and_rectify_my_name(
    open_page: Callable[[str], Page], stack: Stack, axe_source: str
) -> None:
    email = unique_email("misdatos")
    password = create_user(stack, email, "citizen")
    title = f"Fuga {uuid.uuid4().hex[:6]}"
    submit_proposal(stack, api_login(stack, email, password), title)
    page = open_page("")
    log_in(page, stack, email, password)
    open_my_data(page)

    held = page.locator("section", has=page.get_by_role("heading", name="Lo que guardamos de ti"))
    expect(held).to_contain_text(email)
    expect(held).to_contain_text(title)
    assert not run_axe(page, axe_source), "axe violations on «Mis datos»"
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{overflow}px of horizontal scroll at 360 px"

    with page.expect_download() as download:
        page.get_by_role("button", name="Descargar mis datos (JSON)").click()
    assert download.value.suggested_filename == "mis-datos-decideieem.json"
    path = download.value.path()
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["account"]["email"] == email
    assert [p["summary"]["title"] for p in data["proposals"]] == [title]

    # rectification, by keyboard: type the name and press Enter
    name = f"Nombre Corregido {uuid.uuid4().hex[:4]}"
    rename = page.get_by_role("region", name="Corregir tu nombre")
    field = rename.get_by_label("Nombre público")
    field.fill(name)
    field.press("Enter")
    expect(rename.get_by_role("alert")).to_contain_text(f"Listo: tu nombre ahora es «{name}»")
    expect(held).to_contain_text(name)
    expect(page.locator(".site-nav").get_by_role("button", name=re.compile(name))).to_be_visible()

    # a name with an invisible character is refused beside the field, and nothing changes
    field.fill("Nombre\u200bOculto")
    rename.get_by_role("button", name="Guardar nombre").click()
    expect(rename.locator(".field__error")).to_contain_text("caracteres invisibles")
    expect(held).to_contain_text(name)


@pytest.mark.parametrize("choice", ["keep", "withdraw"])
def test_delete_my_account_with_each_choice_for_my_proposals(
    open_page: Callable[[str], Page], stack: Stack, choice: str
) -> None:
    email = unique_email(f"borrar-{choice}")
    password = create_user(stack, email, "citizen")
    title = f"Fuga {choice} {uuid.uuid4().hex[:6]}"
    proposal_id = submit_proposal(stack, api_login(stack, email, password), title)
    page = open_page("")
    log_in(page, stack, email, password)
    open_my_data(page)

    # without a choice the form says which field is missing, in Spanish, and deletes nothing
    page.get_by_label("Contraseña actual").fill(password)
    page.get_by_role("button", name="Eliminar mi cuenta").click()
    expect(page.get_by_text("En «Tus propuestas publicadas» elige")).to_be_visible()
    expect(page.get_by_role("heading", name="Mis datos personales")).to_be_visible()

    label = "Que sigan publicadas" if choice == "keep" else "Retirarlas y borrar su texto"
    page.get_by_label(re.compile(label)).check()
    page.get_by_role("button", name="Eliminar mi cuenta").click()
    expect(page.get_by_role("heading", name="Iniciar sesión")).to_be_visible()
    expect(page.get_by_text("Eliminamos tu cuenta y tus datos personales")).to_be_visible()
    expect(page.locator(".site-nav").get_by_role("link", name="Entrar")).to_be_visible()

    http = StackHttp(stack.api_url)
    if choice == "keep":
        shown = api_call(stack, "GET", f"/v1/proposals/{proposal_id}")
        assert (shown["title"], shown["author_name"]) == (title, "Cuenta eliminada")
    else:
        status, _ = http.call("GET", f"/v1/proposals/{proposal_id}")
        assert status == 404
    status, refused = http.call("POST", "/v1/auth/login", {"email": email, "password": password})
    assert status == 401, refused
