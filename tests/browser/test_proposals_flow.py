"""Accounts, proposals, answers and moderation in a real browser, against the local stack.

Sign up → confirm with the emailed code → log in → send a proposal to two drill parties →
a party editor logs in and answers → the citizen sees the answer; a held proposal is published
by a moderator. Staff and party accounts come from `decide create-user`, as operators make them.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.browser.accounts import (
    PASSWORD,
    XSS,
    create_user,
    emailed_code,
    fill_proposal,
    log_in,
    log_out,
    unique_email,
)
from tests.browser.conftest import Stack, Watched, wait_rendered

BALLOT = "simulacro.ayun.003"


@pytest.fixture(scope="module")
def party_editor(stack: Stack) -> tuple[str, str]:
    email = unique_email("editor-pfa")
    return email, create_user(stack, email, "party_editor", "pfa")


def test_citizen_proposal_party_answer(
    stack: Stack, open_page: Callable[[str], Page], watched: Watched, party_editor: tuple[str, str]
) -> None:
    page = open_page("")
    email = unique_email("ciudadana")

    # Sign up, confirm with the emailed code, log in.
    page.locator(".site-nav").get_by_role("link", name="Entrar").click()
    wait_rendered(page)
    page.get_by_role("link", name="Crea una cuenta").click()
    wait_rendered(page)
    page.get_by_label("Nombre público").fill("Ana Prueba")
    page.get_by_label("Correo electrónico").fill(email)
    page.get_by_label("Contraseña").fill("corta")
    page.get_by_label("He leído y acepto el aviso de privacidad").check()
    page.get_by_role("button", name="Crear cuenta").click()
    password_field = page.get_by_label("Contraseña")
    expect(password_field).to_have_attribute("aria-invalid", "true")  # the API's per-field error
    expect(page.locator(".field__error").filter(has_text="10")).to_be_visible()
    password_field.fill(PASSWORD)
    page.get_by_role("button", name="Crear cuenta").click()
    wait_rendered(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirmar tu cuenta")
    expect(page.get_by_label("Correo electrónico")).to_have_value(email)
    page.get_by_label("Código de confirmación").fill(emailed_code(stack, email))
    page.get_by_role("button", name="Confirmar", exact=True).click()
    wait_rendered(page)
    expect(page.locator(".notice--success")).to_contain_text("confirmada")
    expect(page.get_by_label("Correo electrónico")).to_have_value(email)
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Entrar").click()
    expect(page.locator(".site-nav").get_by_role("link", name="Mis propuestas")).to_be_visible()

    # A proposal to two parties of a drill ballot, after the API's per-field errors.
    page.goto(f"{stack.web_url}/#/eleccion/{BALLOT}")
    wait_rendered(page)
    page.get_by_role("link", name="Enviar una propuesta", exact=True).click()
    wait_rendered(page)
    page.get_by_role("button", name="Enviar propuesta").click()
    expect(page.get_by_label("Título")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("El problema")).to_have_attribute("aria-invalid", "true")
    title = f"Luminarias fundidas en la calle Ejemplo {uuid.uuid4().hex[:6]}"
    fill_proposal(
        page,
        title,
        f"Las luminarias de la calle Ejemplo llevan meses fundidas {XSS} y de noche no se ve nada.",
        "Reponer las luminarias y revisar el alumbrado de la colonia cada tres meses.",
        ["Partido Ficticio del Amanecer", "Partido Ficticio del Valle"],
    )
    page.get_by_role("button", name="Enviar propuesta").click()
    wait_rendered(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Mis propuestas")
    # The receipt to keep, with a link to check it (tests/browser/test_receipt_check.py checks one).
    receipt_card = page.locator(".receipt-card")
    expect(receipt_card.locator("pre")).to_contain_text('"leaf_hash":"')
    expect(receipt_card.get_by_role("link", name="Verifica tu comprobante")).to_have_attribute(
        "href", re.compile(r"^#/verifica-tu-comprobante\?huella=[0-9a-f]{64}$")
    )
    mine = page.locator(".proposal-item").filter(has_text=title)
    expect(mine.locator(".badge--status-published")).to_have_text("Publicada")
    mine.get_by_role("link", name=title).click()
    wait_rendered(page)
    proposal_url = page.url
    problem = page.locator("#proposal-problem + p")
    expect(problem).to_contain_text(XSS)  # shown as characters
    assert page.locator("main img").count() == 0
    responses = page.locator("ul.responses > li")
    expect(responses).to_have_count(2)
    expect(responses.nth(0)).to_contain_text("Sin respuesta todavía")
    log_out(page)

    # The party logs in, finds it in its inbox and answers.
    log_in(page, stack, *party_editor)
    page.locator(".site-nav").get_by_role("link", name="Bandeja del partido").click()
    wait_rendered(page)
    page.get_by_role("link", name=title).click()
    wait_rendered(page)
    page.get_by_role("radio", name="Se compromete", exact=True).check()
    answer = "Nos comprometemos a reponer las luminarias en los primeros 100 días."
    page.get_by_label("Respuesta", exact=True).fill(answer)
    page.get_by_role("button", name="Publicar respuesta").click()
    wait_rendered(page)
    expect(page.locator(".notice--success")).to_contain_text("publicada")
    answered = page.locator("[data-contender=pfa]")
    expect(answered.locator(".badge--stance-commit")).to_have_text("Se compromete")
    log_out(page)

    # The citizen sees the answer.
    log_in(page, stack, email, PASSWORD)
    page.goto(proposal_url)
    wait_rendered(page)
    answered = page.locator("[data-contender=pfa]")
    expect(answered).to_contain_text("primeros 100 días")
    expect(answered.locator(".badge--stance-commit")).to_be_visible()
    expect(page.locator("[data-contender=pfv]")).to_contain_text("Sin respuesta todavía")
    assert watched.dialogs == []


def test_held_proposal_is_published_by_a_moderator(stack: Stack, open_page: Callable[[str], Page]) -> None:
    citizen = unique_email("vecino")
    citizen_password = create_user(stack, citizen, "citizen")
    moderator = unique_email("moderadora")
    moderator_password = create_user(stack, moderator, "ieem_moderator")
    page = open_page("")

    log_in(page, stack, citizen, citizen_password)
    page.goto(f"{stack.web_url}/#/propuestas/nueva/{BALLOT}")
    wait_rendered(page)
    title = f"Bacheo de la avenida Ejemplo {uuid.uuid4().hex[:6]}"
    fill_proposal(
        page,
        title,
        "La avenida Ejemplo tiene baches profundos; hay fotos en https://example.org/baches para verlos.",
        "Bachear la avenida antes de la temporada de lluvias y poner señales mientras tanto.",
        None,
    )
    page.get_by_role("button", name="Enviar propuesta").click()
    wait_rendered(page)
    held = page.locator(".proposal-item").filter(has_text=title)
    expect(held.locator(".badge--status-pending_review")).to_have_text("En revisión")
    expect(held).to_contain_text("contiene enlaces")
    log_out(page)

    log_in(page, stack, moderator, moderator_password)
    page.locator(".site-nav").get_by_role("link", name="Moderación").click()
    wait_rendered(page)
    item = page.locator("article.review").filter(has_text=title)
    expect(item).to_contain_text("contiene enlaces")
    item.get_by_label("Decisión").select_option("publish")
    item.get_by_label("Motivo").select_option("revisada_sin_problemas")
    item.get_by_role("button", name="Registrar decisión").click()
    expect(page.locator(".page--moderation [role=status]")).to_contain_text(f"Publicada: «{title}»")
    expect(page.locator("article.review").filter(has_text=title)).to_have_count(0)

    page.goto(f"{stack.web_url}/#/propuestas?eleccion={BALLOT}")
    wait_rendered(page)
    expect(page.get_by_role("link", name=title)).to_be_visible()
