"""The institute's remaining tasks in a real browser (issue 14): a party emblem uploaded from the
contenders page (too large refused at the field before any upload) and shown with the party on
the public ballot; candidacies found by a person's name and substituted from the result; the
registry report in plain Spanish with its downloadable copy; a party account created by the
operator listed beside the invited ones, and a lost second factor reset from the accounts page;
the audit page shows each of those writes. axe-core (no violation of any impact) and 360 px
without horizontal scroll on every page and state.

The test writes only its own things: a closed process of its own (dates in 2022, so never "in
course"), its contenders and registry, and new accounts.
"""

from __future__ import annotations

import json
import re
import struct
import zlib

import pytest
from playwright.sync_api import Browser, Page, Request, expect

from tests.browser.accounts import api_call, api_login, create_user, log_in, unique_email
from tests.browser.conftest import PHONE, Stack, run_axe, save_artifact, wait_rendered

PROCESS = "2022-tareas-admin-prueba"
HEADER = "ine_mun,postulante_codigo,postulante_nombre,tipo_postulacion,propietario,suplente\n"
REGISTRY = (
    HEADER + "1,pfa,Partido Ficticio del Amanecer,partido,Zoila Búsqueda Ficticia,Marta Ficticia Prueba\n"
    "1,pfr,Partido Ficticio del Río,partido,Luis Ficticio Prueba,Juan Ficticio Prueba\n"
    "2,pfr,Partido Ficticio del Río,partido,ZOILA BUSQUEDA OTRA,Ana Ficticia Prueba\n"
)
BAD_ROWS = HEADER + "999,pfa,PFA,partido,Ana Ficticia,Bea Ficticia\n1,xyz,XYZ,partido,Ana Ficticia,\n"


def tiny_png() -> bytes:
    """A valid 1×1 PNG, built here."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x10\x80\x40")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def checked(page: Page, name: str, axe_source: str) -> None:
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    save_artifact(f"admin-tasks-{name}-360px.png", page.screenshot(full_page=True))
    assert overflow <= 0, f"{name}: {overflow}px of horizontal scroll at 360px"
    violations = run_axe(page, axe_source)
    save_artifact(
        f"admin-tasks-{name}-axe.json", json.dumps([{"id": v["id"], "impact": v["impact"]} for v in violations])
    )
    assert not violations, f"{name}: {[(v['id'], v['impact'], v['help']) for v in violations]}"


def go(page: Page, stack: Stack, route: str) -> None:
    page.goto(f"{stack.web_url}/{route}")
    wait_rendered(page)


@pytest.fixture(scope="module")
def admin(stack: Stack) -> tuple[str, str]:
    """An admin, and the test's own closed process with two parties and their registry (set up through the API)."""
    email = unique_email("admin-tareas")
    password = create_user(stack, email, "ieem_admin")
    token = api_login(stack, email, password)
    if PROCESS not in [p["id"] for p in stack.get_json("/v1/processes")["processes"]]:
        api_call(
            stack,
            "POST",
            "/v1/admin/processes",
            {
                "id": PROCESS,
                "name": "Proceso de prueba de tareas del IEEM (ficticio)",
                "kind": "ordinary",
                "is_drill": True,
                "calendar": {
                    "process_start": "2022-01-05",
                    "registration_start": "2022-02-01T09:00:00-06:00",
                    "campaign_start": "2022-02-20T00:00:00-06:00",
                    "veda_start": "2022-03-10T00:00:00-06:00",
                    "election_day": "2022-03-13",
                    "polls_close": "2022-03-13T18:00:00-06:00",
                    "closes_at": "2022-04-30T23:59:00-06:00",
                },
                "scope": {"municipalities": ["001", "002"], "districts": []},
            },
            token,
        )
        for cid, name, short, order in (
            ("pfa", "Partido Ficticio del Amanecer", "PFA", 1),
            ("pfr", "Partido Ficticio del Río", "PFR", 2),
        ):
            body = {"kind": "party", "name": name, "short_name": short, "ballot_order": order, "colors": ["#aa3300"]}
            api_call(stack, "PUT", f"/v1/admin/processes/{PROCESS}/contenders/{cid}", body, token)
        api_call(stack, "POST", f"/v1/admin/processes/{PROCESS}/registry", {"csv": REGISTRY}, token)
    return email, password


def test_an_admin_uploads_a_party_emblem_and_the_public_ballot_shows_it(
    stack: Stack, page: Page, browser: Browser, admin: tuple[str, str], axe_source: str
) -> None:
    log_in(page, stack, *admin)
    uploads: list[str] = []

    def on_request(request: Request) -> None:
        if "emblem-upload" in request.url or request.url.startswith(stack.moto_url):
            uploads.append(f"{request.method} {request.url}")

    page.on("request", on_request)
    go(page, stack, f"#/admin/procesos/{PROCESS}/contendientes")
    page.get_by_role("button", name="Editar PFA").click()
    emblem = page.get_by_label("Emblema", exact=True)
    expect(page.locator("[data-emblem-state=none]")).to_contain_text("Todavía no tiene emblema")
    checked(page, "contender-form", axe_source)
    # too large: refused at the field, before any upload, and the form keeps its values
    emblem.set_input_files({"name": "grande.png", "mimeType": "image/png", "buffer": tiny_png() + bytes(300 * 1024)})
    message = "El emblema pesa más de 256 KB. Elige uno de hasta 256 KB."
    expect(page.locator(".field").filter(has=emblem)).to_contain_text(message)
    page.get_by_role("button", name="Guardar el contendiente").click()
    expect(emblem).to_be_focused()
    expect(emblem).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Nombre completo")).to_have_value("Partido Ficticio del Amanecer")
    checked(page, "contender-emblem-error", axe_source)
    assert uploads == []

    emblem.set_input_files({"name": "emblema.png", "mimeType": "image/png", "buffer": tiny_png()})
    page.get_by_role("button", name="Guardar el contendiente").click()
    shown = page.locator("[data-contender=pfa] img[data-emblem=pfa]")
    expect(shown).to_be_visible()
    page.wait_for_function("(img) => img.complete && img.naturalWidth === 1", arg=shown.element_handle())
    expect(page.locator("[data-contender=pfr] img")).to_have_count(0)
    # the presign request, the POST to the bucket, then only the image read
    assert [u.split(" ")[0] for u in uploads] == ["POST", "POST", "GET"], uploads
    assert "emblem-upload" in uploads[0] and uploads[1].startswith(f"POST {stack.moto_url}/")
    checked(page, "contenders-with-emblem", axe_source)
    saved = next(c for c in stack.get_json(f"/v1/parties?process={PROCESS}")["contenders"] if c["id"] == "pfa")
    assert re.match(
        rf"^{re.escape(stack.moto_url)}/decide-dev-photos/photos/emblems/{PROCESS}/pfa/[0-9a-f]+\.png$",
        saved["emblem_url"],
    )

    # a citizen, on another device, sees it beside the party on the ballot, the same size as any emblem
    citizen = browser.new_context(viewport=PHONE, locale="es-MX", timezone_id="America/Mexico_City")
    public = citizen.new_page()
    go(public, stack, f"#/eleccion/{PROCESS}.ayun.001")
    mark = public.locator(f"[data-candidacy='{PROCESS}.ayun.001.pfa'] img.emblem")
    expect(mark).to_be_visible()
    box = mark.bounding_box()
    assert box is not None and box["width"] == box["height"] == 24
    expect(public.locator(f"[data-candidacy='{PROCESS}.ayun.001.pfr'] img")).to_have_count(0)
    checked(public, "ballot-with-emblem", axe_source)
    citizen.close()


def test_an_admin_finds_candidacies_by_name_and_substitutes_one(
    stack: Stack, page: Page, admin: tuple[str, str], axe_source: str
) -> None:
    log_in(page, stack, *admin)
    go(page, stack, f"#/admin/candidaturas?proceso={PROCESS}")
    checked(page, "candidacies-by-name", axe_source)
    # one letter is refused at the field
    name = page.get_by_label("Nombre de la candidata o candidato")
    name.fill("z")
    page.get_by_role("button", name="Buscar por nombre").click()
    expect(name).to_be_focused()
    expect(page.locator(".field", has=name)).to_contain_text("Escribe al menos dos letras del nombre.")
    # keyboard: type, Enter; accents and case ignored, across ballots and parties
    name.fill("")
    name.focus()
    page.keyboard.type("zoila busqueda")
    page.keyboard.press("Enter")
    results = page.locator("[data-name-results]")
    expect(results.get_by_role("heading", level=2)).to_have_text("2 candidaturas encontradas")
    expect(results.locator("li[data-candidacy]")).to_have_count(2)
    expect(results.locator(f"[data-candidacy='{PROCESS}.ayun.001.pfa']")).to_contain_text("Zoila Búsqueda Ficticia")
    card = results.locator(f"[data-candidacy='{PROCESS}.ayun.002.pfr']")
    expect(card).to_contain_text("ZOILA BUSQUEDA OTRA")
    expect(card.locator("[data-place]")).to_contain_text("ver la página pública")
    checked(page, "candidacies-by-name-results", axe_source)
    card.get_by_text("Registrar una sustitución").click()
    card.get_by_label("Nuevo propietario").fill("Renata Ficticia Sustituta")
    card.get_by_label("Fecha de la sustitución").fill("2022-02-25")
    card.get_by_role("button", name="Registrar la sustitución").click()
    status = page.locator("[data-ballot-results] [role=status]").first
    expect(status).to_contain_text("Sustitución registrada")
    # the new name is found at once
    name.fill("renata ficticia")
    page.get_by_role("button", name="Buscar por nombre").click()
    expect(page.locator("[data-name-results] li[data-candidacy]")).to_have_count(1)
    expect(page.locator(f"[data-name-results] [data-candidacy='{PROCESS}.ayun.002.pfr']")).to_contain_text(
        "Renata Ficticia Sustituta"
    )
    checked(page, "candidacies-by-name-substituted", axe_source)
    go(page, stack, f"#/admin/auditoria?entity=candidacy/{PROCESS}.ayun.002.pfr")
    expect(page.locator("li[data-action='candidacy.status']")).to_contain_text("Estado de candidatura cambiado")


def test_the_registry_report_gives_each_reason_in_plain_spanish_with_a_copy(
    stack: Stack, page: Page, admin: tuple[str, str], axe_source: str
) -> None:
    log_in(page, stack, *admin)
    go(page, stack, f"#/admin/procesos/{PROCESS}/registro")
    page.get_by_label("Archivo CSV").set_input_files(
        {"name": "registro.csv", "mimeType": "text/csv", "buffer": BAD_ROWS.encode()}
    )
    page.get_by_role("button", name="Importar el registro").click()
    first = page.locator("[data-issues] tr[data-line='2']")
    expect(first).to_contain_text("No existe el municipio «999»: usa el número del IEEM, de 1 a 125.")
    third = page.locator("[data-issues] tr[data-line='3']")
    expect(third.filter(has_text="suplente")).to_contain_text("Falta el nombre de la persona suplente.")
    expect(third.filter(has_text="postulante_codigo")).to_contain_text(
        "No hay ningún partido, coalición o candidatura común con la clave «xyz»"
    )
    report = page.locator("[data-issues]").inner_text()
    assert PROCESS not in report and "unknown" not in report and "missing" not in report
    checked(page, "registry-spanish-report", axe_source)
    with page.expect_download() as download:
        page.get_by_role("button", name="Descargar el informe (CSV)").click()
    copy = download.value.path().read_text(encoding="utf-8")
    assert copy.startswith("linea,campo,motivo\n")
    assert "3,suplente,Falta el nombre de la persona suplente." in copy


def test_created_accounts_are_listed_and_a_lost_second_factor_is_reset_and_audited(
    stack: Stack, page: Page, admin: tuple[str, str], axe_source: str
) -> None:
    editor = unique_email("creada-pfa")
    create_user(stack, editor, "party_editor", "pfa")
    moderator = unique_email("moderadora-mfa")
    create_user(stack, moderator, "ieem_moderator")
    log_in(page, stack, *admin)
    go(page, stack, "#/admin/cuentas-de-partido?proceso=simulacro&partido=pfa")
    row = page.locator(f"li[data-email='{editor}']")
    expect(row).to_contain_text("Creada por operación")
    expect(row).to_contain_text("Creada con la herramienta de operación")
    checked(page, "accounts-created", axe_source)
    row.get_by_role("button", name=f"Restablecer la verificación en dos pasos de {editor}").click()
    expect(row.get_by_role("status")).to_contain_text(editor)
    # a staff account of the institute, by its email
    page.get_by_label("Correo de la cuenta").fill(moderator)
    page.get_by_role("button", name="Restablecer la verificación en dos pasos", exact=True).click()
    expect(page.locator("section[aria-labelledby=staff-mfa-title] [role=alert].notice--success")).to_contain_text(
        moderator
    )
    checked(page, "accounts-mfa-reset", axe_source)

    # the audit page shows each write, by entity: the process's set-up and the resets
    for entity, action, label in (
        (f"process/{PROCESS}", "process.create", "Proceso creado"),
        (f"process/{PROCESS}", "registry.import", "Registro importado"),
        (f"contender/{PROCESS}/pfr", "contender.save", "Contendiente guardado"),
    ):
        go(page, stack, f"#/admin/auditoria?entity={entity}")
        expect(page.locator(f"li[data-action='{action}']").first).to_contain_text(label)
    go(page, stack, "#/admin/auditoria")
    resets = page.locator("li[data-action='account.mfa_reset']")
    expect(resets.first).to_contain_text("Verificación en dos pasos restablecida")
    expect(resets.filter(has_text=moderator)).to_have_count(1)
    checked(page, "audit-mfa-reset", axe_source)
