"""The Conóceles questionnaire in a real browser: a party captures a profile, an institute reviewer
returns it with a reason, the party fixes it, the reviewer publishes it; the public page and the
compare view show it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.accounts import create_user, log_in, log_out, unique_email
from tests.browser.conftest import Stack, wait_rendered

CANDIDACY = "simulacro.ayun.007.pfa"
NEIGHBOUR = "simulacro.ayun.007.pfv"
REASON = "Falta el teléfono público de la candidatura."


@pytest.fixture(scope="module")
def editor(stack: Stack) -> tuple[str, str]:
    email = unique_email("editor-pfa-conoceles")
    return email, create_user(stack, email, "party_editor", "pfa")


@pytest.fixture(scope="module")
def reviewer(stack: Stack) -> tuple[str, str]:
    email = unique_email("revision-ieem")
    return email, create_user(stack, email, "ieem_moderator")


def open_form(page: Page, stack: Stack) -> None:
    page.goto(f"{stack.web_url}/#/partido/perfil/{CANDIDACY}")
    wait_rendered(page)


def review(page: Page, stack: Stack, decision: str, reason: str = "") -> None:
    page.locator(".site-nav").get_by_role("link", name="Revisión de perfiles").click()
    wait_rendered(page)
    page.locator(f"[data-candidacy='{CANDIDACY}']").get_by_role("link").click()
    wait_rendered(page)
    expect(page.locator("[data-field=sex]")).to_have_text("Mujer")  # the version in review, as it would show
    page.get_by_label(decision).check()
    if reason:
        page.get_by_label("Motivo (lo verá el partido)").fill(reason)
    page.get_by_role("button", name="Registrar decisión").click()
    expect(page).to_have_url(re.compile(r"#/revision/perfiles"))
    wait_rendered(page)
    expect(page.locator(".notice--success")).to_contain_text("Perfil")
    expect(page.locator(f"[data-candidacy='{CANDIDACY}']")).to_have_count(0)


def test_capture_return_fix_publish_then_public_page_and_compare(
    stack: Stack, page: Page, editor: tuple[str, str], reviewer: tuple[str, str]
) -> None:
    log_in(page, stack, *editor)
    open_form(page, stack)
    expect(page.locator("[data-status]")).to_contain_text("Sin capturar")
    page.locator("select[name=sex]").select_option("woman")
    page.locator("input[name=age]").fill("41")
    page.locator("select[name=education_level]").select_option("bachelor")
    page.locator("select[name=education_status]").select_option("completed")
    page.locator("textarea[name=short_bio]").fill("Enfermera comunitaria (dato ficticio del simulacro).")
    page.get_by_label("Propuesta 1").fill("Centro de salud abierto todos los días.")
    expect(page.get_by_label("Propuesta 3")).to_have_count(0)  # two principal proposals in this questionnaire
    page.locator("select[name='substitute.sex']").select_option("man")
    page.get_by_role("button", name="Guardar el perfil").click()
    expect(page.locator("[data-status]")).to_contain_text("Capturado")
    page.get_by_role("button", name="Enviar a revisión del IEEM").click()
    expect(page.locator("[data-status]")).to_contain_text("En revisión del IEEM")
    expect(page.get_by_role("button", name="Guardar el perfil")).to_be_disabled()
    # nothing public yet
    page.goto(f"{stack.web_url}/#/candidatura/{CANDIDACY}")
    wait_rendered(page)
    expect(page.locator("[data-profile=none]")).to_be_visible()
    log_out(page)

    log_in(page, stack, *reviewer)
    review(page, stack, "Devolver al partido", REASON)
    log_out(page)

    log_in(page, stack, *editor)
    page.locator(".site-nav").get_by_role("link", name="Estado de los perfiles").click()
    wait_rendered(page)
    expect(page.locator(f"[data-candidacy='{CANDIDACY}']")).to_contain_text(REASON)
    page.locator(f"[data-candidacy='{CANDIDACY}']").get_by_role("link").click()
    wait_rendered(page)
    expect(page.locator("[data-field='review.reason']")).to_contain_text(REASON)
    page.locator("input[name='contact.phone']").fill("722 555 0101")
    page.get_by_role("button", name="Guardar el perfil").click()
    expect(page.locator("[data-status]")).to_contain_text("Capturado")
    page.get_by_role("button", name="Enviar a revisión del IEEM").click()
    expect(page.locator("[data-status]")).to_contain_text("En revisión del IEEM")
    log_out(page)

    log_in(page, stack, *reviewer)
    review(page, stack, "Publicar")
    log_out(page)

    page.goto(f"{stack.web_url}/#/candidatura/{CANDIDACY}")
    wait_rendered(page)
    profile = page.locator("[data-profile]")
    expect(profile).to_contain_text("Publicado por el IEEM el")
    expect(profile.locator("[data-field=sex]")).to_have_text("Mujer")
    expect(profile.locator("[data-field=age]")).to_have_text("41 años")
    expect(profile.locator("[data-field=education_level]")).to_have_text("Licenciatura")
    expect(profile.locator("[data-field='contact.phone']")).to_have_text("722 555 0101")
    expect(profile.locator("[data-field='contact.email']")).to_have_text("No proporcionó")
    expect(profile.locator("[data-field='substitute.sex']")).to_have_text("Hombre")

    page.goto(f"{stack.web_url}/#/comparar/{CANDIDACY},{NEIGHBOUR}")
    wait_rendered(page)
    sex = page.locator("tbody[data-field=sex] td")
    expect(sex.nth(0)).to_have_text("Mujer")
    expect(page.locator("tbody[data-field=profile] td").nth(0)).to_contain_text("Publicado por el IEEM el")
    expect(page.locator("tbody[data-field=education_level] td").nth(0)).to_have_text("Licenciatura")
    # every column has the same rows, whatever it published
    expect(page.locator("tbody[data-field='substitute.sex'] td")).to_have_count(2)


def test_a_citizen_filters_by_sex_and_education_and_reads_the_statistics(stack: Stack, page: Page) -> None:
    page.goto(f"{stack.web_url}/#/proceso/simulacro")
    wait_rendered(page)
    page.get_by_role("link", name="Buscar candidaturas de", exact=False).first.click()
    wait_rendered(page)
    page.get_by_label("Sexo").select_option("woman")
    page.get_by_label("Grado máximo de estudios").select_option("bachelor")
    page.get_by_role("button", name="Filtrar").click()
    expect(page).to_have_url(re.compile(r"#/proceso/simulacro/candidaturas\?sexo=woman&estudios=bachelor$"))
    wait_rendered(page)
    items = page.locator("li[data-candidacy]")
    # the drill's seeded fictional questionnaires (decide/questionnaire_seed.py), in ballot order
    for seeded in ("simulacro.ayun.102.pfa", "simulacro.ayun.104.pfa", "simulacro.ayun.104.pfr-pfm"):
        expect(page.locator(f"li[data-candidacy='{seeded}']")).to_contain_text("Mujer · 18-29 años · Licenciatura")
    expect(page.get_by_role("status")).to_contain_text("candidaturas con estos filtros")
    for index in range(items.count()):
        expect(items.nth(index)).to_contain_text("Mujer")
        expect(items.nth(index)).to_contain_text("Licenciatura")
    expect(page.locator("li[data-candidacy='simulacro.ayun.102.pfv']")).to_have_count(0)  # a man

    page.get_by_role("link", name="Estadísticas de las candidaturas").click()
    wait_rendered(page)
    expect(page.locator("[data-group=lgbtttiq]")).to_have_text("Menos de 10: no se muestra")
    expect(page.locator("[data-group=youth]")).to_have_text(re.compile(r"^\d{2,}$"))
    contenders = page.locator("[data-table=coverage] tbody tr")
    expect(contenders.first).to_have_attribute("data-contender", "pfa")  # ballot order, never ranked
