"""The institute's "Administración" area in a real browser: an admin creates an extraordinary
process replacing a 2021 council ballot (the server's field error shown at the field, the form
keeping its values), adds contenders, imports a registry with one bad row (the row in the report,
a downloadable copy), re-imports a correction (what changed), cancels a candidacy with the
keyboard; a citizen then finds the new ballot by section. axe-core (no violation of any impact)
and 360 px without horizontal scroll on every page and state.

The process is closed (its dates are in 2022), so it is not "in course": the home page and the
default lookup other tests read do not change; only the 2021 Papalotla ballot, which no other
test reads, becomes annulled.
"""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.accounts import api_call, create_user, log_in, log_out, unique_email
from tests.browser.conftest import PHONE, Stack, run_axe, save_artifact, wait_rendered

PROCESS = "2022-ext-papalotla-prueba"
NAME = "Elección extraordinaria de Papalotla (prueba, ficticia)"
REPLACED = "2021-ord.ayun.070"  # Papalotla, IEEM municipality 70
SECTION = "3940"  # a section of Papalotla
HEADER = "ine_mun,postulante_codigo,postulante_nombre,tipo_postulacion,propietario,suplente\n"
REGISTRY = (
    HEADER + "70,pfa,Partido Ficticio del Amanecer,partido,Rosa Ficticia Prueba,Marta Ficticia Prueba\n"
    "70,pfr,Partido Ficticio del Río,partido,Luis Ficticio Prueba,Juan Ficticio Prueba\n"
    "70,xyz,Partido Inexistente,partido,Ana Ficticia,Bea Ficticia\n"
)
CORRECTED = REGISTRY.replace("Luis Ficticio Prueba", "Luisa Ficticia Prueba")


def check_page(page: Page, name: str, axe_source: str) -> None:
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    save_artifact(f"admin-{name}-360px.png", page.screenshot(full_page=True))
    assert overflow <= 0, f"{name}: {overflow}px of horizontal scroll at 360px"
    violations = run_axe(page, axe_source)
    save_artifact(f"admin-{name}-axe.json", json.dumps([{"id": v["id"], "impact": v["impact"]} for v in violations]))
    assert not violations, f"{name}: {[(v['id'], v['impact'], v['help']) for v in violations]}"


@pytest.fixture(scope="module")
def admin(stack: Stack) -> tuple[str, str]:
    email = unique_email("admin-ieem")
    return email, create_user(stack, email, "ieem_admin")


def go(page: Page, stack: Stack, route: str) -> None:
    page.goto(f"{stack.web_url}/{route}")
    wait_rendered(page)


def fill_calendar(page: Page, veda: str) -> None:
    page.get_by_label("Inicio del proceso").fill("2022-01-05")
    page.get_by_label("Inicio del registro de candidaturas").fill("2022-02-01T09:00")
    page.get_by_label("Inicio de las campañas").fill("2022-02-20T00:00")
    page.get_by_label("Jornada electoral").fill("2022-03-13")
    page.get_by_label("Inicio de la veda").fill(veda)
    page.get_by_label("Cierre de casillas").fill("2022-03-13T18:00")
    page.get_by_label("Conclusión del proceso").fill("2022-04-30T23:59")


def test_an_admin_creates_an_extraordinary_process_imports_its_registry_and_a_citizen_finds_it(
    stack: Stack, page: Page, browser: Browser, admin: tuple[str, str], axe_source: str
) -> None:
    log_in(page, stack, *admin)
    page.locator(".site-nav").get_by_role("link", name="Administración").click()
    wait_rendered(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Administración")
    check_page(page, "home", axe_source)

    # create: first with a veda one day late and no reason
    page.get_by_role("link", name="Crear un proceso").first.click()
    wait_rendered(page)
    check_page(page, "new-process", axe_source)
    page.get_by_label("Clave del proceso").fill(PROCESS)
    page.get_by_label("Nombre", exact=True).fill(NAME)
    page.get_by_label("Extraordinario").check()
    page.get_by_label("Es un simulacro (datos ficticios)").check()
    fill_calendar(page, "2022-03-11T00:00")
    page.get_by_label("70. Papalotla").check()
    page.get_by_label("Proceso de las elecciones anuladas").select_option("2021-ord")
    page.get_by_role("checkbox", name=re.compile(r"^Ayuntamiento de Papalotla")).check()
    # the timeline is drawn from the chosen dates before saving
    timeline = page.locator("[data-timeline]")
    expect(timeline.locator("[data-phase=veda]")).to_contain_text("11 de marzo de 2022")
    expect(timeline.locator("[data-phase=campaign]")).to_contain_text("Del 20 de febrero de 2022 a las 00:00")
    expect(page.locator("[data-veda-rule]")).to_contain_text("10 de marzo de 2022")
    page.get_by_role("button", name="Crear el proceso").click()
    veda = page.get_by_label("Inicio de la veda")
    expect(veda).to_have_attribute("aria-invalid", "true")
    expect(veda).to_be_focused()
    error = page.locator(".field", has=veda).locator(".field__error")
    expect(error).to_contain_text("veda")
    # nothing lost on the failed submit
    expect(page.get_by_label("Nombre", exact=True)).to_have_value(NAME)
    expect(page.get_by_label("70. Papalotla")).to_be_checked()
    expect(page.get_by_role("checkbox", name=re.compile(r"^Ayuntamiento de Papalotla"))).to_be_checked()
    check_page(page, "new-process-errors", axe_source)

    page.get_by_role("button", name="Usar la fecha de ley").click()
    expect(veda).to_have_value("2022-03-10T00:00")
    page.get_by_role("button", name="Crear el proceso").click()
    expect(page).to_have_url(re.compile(rf"#/admin/procesos/{PROCESS}$"))
    wait_rendered(page)
    expect(page.locator(".notice--success")).to_contain_text("creado")
    expect(page.get_by_label("Nombre", exact=True)).to_have_value(NAME)
    expect(page.locator("[data-replaces-box]")).to_contain_text("no se puede quitar")
    check_page(page, "edit-process", axe_source)
    old = api_call(stack, "GET", f"/v1/ballots/{REPLACED}")["ballot"]
    assert (old["status"], old["replaced_by"]) == ("annulled", f"{PROCESS}.ayun.070")

    # contenders
    page.get_by_role("link", name="Contendientes").first.click()
    wait_rendered(page)
    expect(page.get_by_text("Este proceso no tiene contendientes todavía.")).to_be_visible()
    for clave, name, short in (
        ("pfa", "Partido Ficticio del Amanecer", "PFA"),
        ("pfr", "Partido Ficticio del Río", "PFR"),
    ):
        page.get_by_role("button", name="Agregar un contendiente").click()
        page.get_by_label("Clave del contendiente").fill(clave)
        page.get_by_label("Nombre completo").fill(name)
        page.get_by_label("Nombre corto").fill(short)
        page.get_by_role("button", name="Guardar el contendiente").click()
        expect(page.locator(f"[data-contender={clave}]")).to_contain_text(name)
    expect(page.locator("[data-contender=pfr]")).to_contain_text("Recuadro 2 de la boleta")
    page.get_by_role("button", name="Agregar un contendiente").click()
    check_page(page, "contenders", axe_source)

    # registry: one bad row, in the report with its line, field and reason; a copy to download
    page.get_by_role("link", name="Importar el registro").first.click()
    wait_rendered(page)
    check_page(page, "registry", axe_source)
    page.get_by_label("Archivo CSV").set_input_files(
        {"name": "registro.csv", "mimeType": "text/csv", "buffer": REGISTRY.encode()}
    )
    page.get_by_role("button", name="Importar el registro").click()
    expect(page.locator("[data-report-summary]")).to_contain_text("3 renglones leídos, 2 importados")
    row = page.locator("[data-issues] tr[data-line='4']")
    expect(row).to_contain_text("postulante_codigo")
    expect(row).to_contain_text("xyz")
    expect(page.locator("[data-changes-summary]")).to_contain_text("2 candidaturas nuevas")
    expect(page.locator("[data-progress]")).to_contain_text("Importación terminada")
    with page.expect_download() as download:
        page.get_by_role("button", name="Descargar el informe (CSV)").click()
    copy = download.value.path().read_text(encoding="utf-8")
    assert copy.startswith("linea,campo,motivo\n") and "4,postulante_codigo," in copy
    check_page(page, "registry-report", axe_source)
    # re-import with a corrected owner: the report says what changed
    page.get_by_label("Archivo CSV").set_input_files(
        {"name": "registro.csv", "mimeType": "text/csv", "buffer": CORRECTED.encode()}
    )
    page.get_by_role("button", name="Importar el registro").click()
    expect(page.locator("[data-changes-summary]")).to_contain_text("0 candidaturas nuevas, 1 con cambios")
    expect(page.locator("[data-change=changed]")).to_contain_text(
        "Luis Ficticio Prueba / Juan Ficticio Prueba a Luisa Ficticia Prueba / Juan Ficticio Prueba"
    )

    # the process list shows it
    go(page, stack, "#/admin/procesos")
    expect(page.locator(f"[data-process='{PROCESS}']")).to_contain_text(NAME)
    check_page(page, "processes", axe_source)
    log_out(page)

    # a citizen, on another device (a fresh browser: nothing cached from the admin's visit), finds the
    # new ballot by section, in that process
    citizen = browser.new_context(viewport=PHONE, locale="es-MX", timezone_id="America/Mexico_City")
    page = citizen.new_page()
    go(page, stack, "")
    page.get_by_role("radio", name="Número de sección").check()
    page.locator("input[name=section]").fill(SECTION)
    page.locator("select[name=process]").select_option(PROCESS)
    page.get_by_role("button", name="Buscar").click()
    page.locator(".results").get_by_role("link", name="Ayuntamiento de Papalotla").click()
    wait_rendered(page)
    assert page.url.endswith(f"#/eleccion/{PROCESS}.ayun.070")
    expect(page.locator("main")).to_contain_text("Rosa Ficticia Prueba")
    expect(page.locator("main")).to_contain_text("Luisa Ficticia Prueba")
    expect(page.locator("main")).not_to_contain_text("Ana Ficticia")
    citizen.close()


def test_an_admin_cancels_a_candidacy_with_the_keyboard_and_the_public_page_shows_the_note(
    stack: Stack, page: Page, admin: tuple[str, str], axe_source: str
) -> None:
    log_in(page, stack, *admin)
    go(page, stack, "#/admin/candidaturas?proceso=simulacro&eleccion=simulacro.ayun.009")
    check_page(page, "candidacies", axe_source)
    page.get_by_role("button", name="Ver las candidaturas").focus()
    page.keyboard.press("Enter")
    card = page.locator("[data-candidacy='simulacro.ayun.009.pfv']")
    expect(card).to_be_visible()
    # the substitution form names its missing date at the field
    card.get_by_text("Registrar una sustitución").click()
    card.get_by_label("Nuevo propietario").fill("Persona Ficticia Sustituta")
    card.get_by_role("button", name="Registrar la sustitución").click()
    date = card.get_by_label("Fecha de la sustitución")
    expect(date).to_have_attribute("aria-invalid", "true")
    expect(date).to_be_focused()
    expect(card.locator(".field", has=page.get_by_label("Fecha de la sustitución"))).to_contain_text(
        "Indica la fecha de la sustitución."
    )
    expect(card.get_by_label("Nuevo propietario")).to_have_value("Persona Ficticia Sustituta")
    check_page(page, "candidacies-error", axe_source)
    # cancel with the keyboard only
    summary = card.get_by_text("Cancelar la candidatura", exact=True).first
    summary.focus()
    page.keyboard.press("Enter")
    reason = card.get_by_label("Motivo público de la cancelación")
    expect(reason).to_be_visible()
    page.keyboard.press("Tab")
    expect(reason).to_be_focused()
    page.keyboard.type("Renuncia presentada ante el consejo municipal (dato ficticio).")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    status = page.locator("[data-ballot-results] [role=status]")
    expect(status).to_contain_text("Cancelación registrada. Nota pública: «Candidatura cancelada: Renuncia")
    expect(status).to_be_focused()
    expect(page.locator("[data-candidacy='simulacro.ayun.009.pfv']")).to_contain_text("Renuncia presentada")
    check_page(page, "candidacies-done", axe_source)
    go(page, stack, "#/candidatura/simulacro.ayun.009.pfv")
    expect(page.locator("main")).to_contain_text("Renuncia presentada ante el consejo municipal")


def test_the_section_map_page_reports_each_bad_row(
    stack: Stack, page: Page, admin: tuple[str, str], axe_source: str
) -> None:
    log_in(page, stack, *admin)
    go(page, stack, "#/admin/mapas-seccionales")
    check_page(page, "section-maps", axe_source)
    page.get_by_label("Clave de la versión").fill("prueba-admin-mapa")
    page.get_by_label("Nombre", exact=True).fill("Mapa de prueba de la administración")
    page.get_by_label("Numeración de distritos").fill("prueba-admin")
    page.get_by_label("Nota de la numeración").fill("Numeración de prueba")
    page.get_by_label("Fuente").fill("Prueba automatizada")
    page.get_by_label("Archivo CSV").set_input_files(
        {"name": "mapa.csv", "mimeType": "text/csv", "buffer": b"seccion,ine_mun,distrito_local\n1,1,1\nx,999,1\n"}
    )
    page.get_by_role("button", name="Importar el mapa").click()
    expect(page.locator("[data-issues] tr[data-line='3']").first).to_be_visible()
    expect(page.locator("[data-report-summary]")).to_contain_text("0 secciones")
    check_page(page, "section-maps-report", axe_source)


@pytest.mark.parametrize("role", ["citizen", "party_editor", "ieem_moderator"])
def test_admin_pages_say_no_to_other_roles(stack: Stack, page: Page, role: str) -> None:
    email = unique_email(f"no-admin-{role}")
    log_in(page, stack, email, create_user(stack, email, role, "pfa" if role == "party_editor" else None))
    expect(page.locator(".site-nav").get_by_role("link", name="Administración")).to_have_count(0)
    for route in ("#/admin", "#/admin/procesos/nuevo", "#/admin/procesos/simulacro/registro", "#/admin/candidaturas"):
        go(page, stack, route)
        expect(page.locator("main")).to_contain_text("solo para cuentas del instituto")
