"""The institute and the parties do their work in the browser (issue 14, second half).

An admin invites an editor from "Cuentas de partido" (re-sends, disables another account); the
editor chooses a password with the emailed code, edits a candidacy found in "Mis candidaturas" and
its party's platform; an admin writes a civic page with the live preview, publishes, publishes a
second version, compares and restores the first; the audit page shows each of those writes, filters
by entity and exports the CSV. "Datos abiertos" is reached from the footer. Every new page and state
passes axe-core with no violation at all and has no horizontal scroll at 360 px.

The test writes only its own things to the shared stack: a new account, a page under its own slug
(listed only in the closed Atlautla process), a working copy of one profile (not public until the
review), and pfv's platform, which it puts back as it found it.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable
from typing import Any

from playwright.sync_api import Page, expect

from tests.browser.accounts import api_call, api_login, create_user, log_in, log_out, unique_email
from tests.browser.conftest import Stack, run_axe, save_artifact, wait_rendered
from tests.browser.test_account_recovery import choose_password, mailbox_code

NEW_PASSWORD = "clave-de-editora-2026"


def checked(page: Page, name: str, axe_source: str) -> None:
    """axe-core finds no violation of any impact, and nothing scrolls sideways at 360 px."""
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    save_artifact(f"staff-{name}-360px.png", page.screenshot(full_page=True))
    assert overflow <= 0, f"{name}: {overflow}px of horizontal scroll at 360px"
    violations = run_axe(page, axe_source)
    summary = [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]} for v in violations
    ]
    save_artifact(f"staff-{name}-axe.json", json.dumps(summary, indent=2))
    assert not violations, f"{name}: {summary}"


def go(page: Page, stack: Stack, route: str) -> None:
    page.goto(f"{stack.web_url}/{route}")
    wait_rendered(page)


def platform_of(stack: Stack, contender: str) -> dict[str, Any]:
    listing = stack.get_json("/v1/processes/simulacro/platforms")
    found: dict[str, Any] = next(p for p in listing["platforms"] if p["contender"]["id"] == contender)
    return found


def test_admin_invites_an_editor_who_edits_a_candidacy_and_the_platform_then_a_civic_page_and_the_audit(
    page: Page, stack: Stack, axe_source: str
) -> None:
    admin = unique_email("admin-staff")
    admin_password = create_user(stack, admin, "ieem_admin")
    editor = unique_email("editora-pfv")
    other = unique_email("baja-pfv")
    original_platform = platform_of(stack, "pfv")

    # -- the admin invites two editors of pfv, re-sends one invitation and disables the other account
    log_in(page, stack, admin, admin_password)
    page.locator(".site-nav").get_by_role("link", name="Cuentas de partido").click()
    wait_rendered(page)
    page.get_by_label("Proceso electoral").select_option("simulacro")
    wait_rendered(page)
    page.get_by_label("Partido, coalición o candidatura independiente").select_option("pfv")
    wait_rendered(page)
    checked(page, "party-users", axe_source)
    page.get_by_role("button", name="Enviar invitación", exact=True).click()  # empty: the API names the fields
    expect(page.locator("#" + page.get_by_label("Correo electrónico").get_attribute("id") + "-error")).not_to_be_empty()
    checked(page, "party-users-errors", axe_source)
    for email, name in ((editor, "Editora PFV"), (other, "Baja PFV")):
        page.get_by_label("Correo electrónico").fill(email)
        page.get_by_label("Nombre de la persona").fill(name)
        page.get_by_role("button", name="Enviar invitación", exact=True).click()
        expect(page.locator(f"li[data-email='{email}']")).to_contain_text("Invitada")
    page.get_by_role("button", name=f"Reenviar invitación a {editor}").click()
    expect(page.get_by_role("status").filter(has_text="nueva invitación")).to_be_visible()
    expect(page.locator(f"li[data-email='{editor}']")).to_contain_text("invitaciones enviadas: 2")
    page.get_by_role("button", name=f"Desactivar la cuenta {other}").click()
    expect(page.locator(f"li[data-email='{other}']")).to_contain_text("Desactivada")
    checked(page, "party-users-listed", axe_source)

    # -- the admin writes a civic page of its own: preview, publish, a second version, compare, restore
    slug = f"prueba-staff-{uuid.uuid4().hex[:8]}"
    go(page, stack, "#/admin/paginas")
    checked(page, "pages-index", axe_source)
    page.get_by_label("Dirección de la página").fill(slug)
    page.get_by_role("button", name="Abrir").click()
    wait_rendered(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Página «{slug}»")
    page.get_by_label("Título").fill("Página de prueba del personal")
    page.get_by_label("Texto (Markdown)").fill("## Primera versión\n\nTexto **uno** <script>alert(1)</script>.")
    preview = page.locator(f"[data-preview='{slug}']")
    expect(preview.get_by_role("heading", level=2, name="Primera versión")).to_be_visible()
    expect(preview.locator("strong")).to_have_text("uno")
    assert preview.locator("script").count() == 0
    page.get_by_label("Proceso", exact=True).select_option("2022-ext-atlautla")
    page.get_by_label("Publicada").check()
    checked(page, "page-editor-preview", axe_source)
    page.get_by_role("button", name="Guardar versión").click()
    expect(page.get_by_text("Publicamos la versión 1.")).to_be_visible()
    page.get_by_label("Texto (Markdown)").fill("## Segunda versión\n\nTexto dos.")
    page.get_by_label("Publicada").check()
    page.get_by_role("button", name="Guardar versión").click()
    expect(page.get_by_text("Publicamos la versión 2.")).to_be_visible()
    page.get_by_role("button", name="Comparar con la última (versión 1)").click()
    diff = page.locator(".diff")
    expect(diff.locator("del")).to_contain_text(["## Primera versión"])
    expect(diff.locator("ins").first).to_contain_text("## Segunda versión")
    checked(page, "page-editor-diff", axe_source)
    page.get_by_role("button", name="Restaurar la versión 1").click()
    expect(page.get_by_text("Restauramos la versión 1: ahora es la versión pública 3.")).to_be_visible()
    go(page, stack, f"#/como-funciona/{slug}")
    expect(page.locator(f"[data-body='{slug}']").get_by_role("heading", name="Primera versión")).to_be_visible()
    log_out(page)

    # -- the invited editor chooses a password with the latest code and edits a candidacy and the platform
    code = mailbox_code(stack, editor, "party_invitation")
    go(page, stack, "#/restablecer")
    choose_password(page, editor, code, NEW_PASSWORD)
    log_in(page, stack, editor, NEW_PASSWORD)
    page.locator(".site-nav").get_by_role("link", name="Mis candidaturas").click()
    wait_rendered(page)
    expect(page.locator("li[data-candidacy]").first).to_be_visible()
    checked(page, "my-candidacies", axe_source)
    # keyboard only: the search field, Enter, then the first result's link
    page.get_by_label("Buscar", exact=True).focus()
    page.keyboard.type("zumpango")
    page.keyboard.press("Enter")
    wait_rendered(page)
    items = page.locator("li[data-candidacy]")
    expect(items.first).to_contain_text("Zumpango")
    assert all("zumpango" in t.lower() for t in items.all_inner_texts())
    candidacy = items.first.get_attribute("data-candidacy")
    assert candidacy and candidacy.endswith(".pfv")
    checked(page, "my-candidacies-search", axe_source)
    link = items.first.get_by_role("link", name=re.compile("^Editar el perfil de"))
    link.focus()
    page.keyboard.press("Enter")
    wait_rendered(page)
    page.get_by_label("Semblanza").first.fill("Semblanza ficticia escrita desde Mis candidaturas.")
    page.get_by_role("button", name="Guardar el perfil").click()
    expect(page.get_by_text("Perfil guardado.")).to_be_visible()
    go(page, stack, "#/partido/candidaturas?proceso=simulacro&q=zumpango")
    edited = page.locator(f"li[data-candidacy='{candidacy}']")
    expect(edited).to_contain_text("Último cambio:")
    expect(edited).not_to_contain_text("semblanza")

    page.locator(".site-nav").get_by_role("link", name="Plataforma del partido").click()
    wait_rendered(page)
    checked(page, "party-platform", axe_source)
    try:
        page.get_by_label("Título de la plataforma").fill("Plataforma ficticia del PFV (prueba)")
        page.get_by_role("button", name="Agregar un compromiso").click()
        count = page.locator(".commitment").count()
        page.get_by_label(f"Tema del compromiso {count}").select_option("agua")
        page.get_by_label(f"Texto del compromiso {count}").fill("Revisar cada pozo del municipio cada mes.")
        page.get_by_role("button", name=re.compile("^Guardar la plataforma")).click()
        expect(page.get_by_text(re.compile("^Plataforma guardada"))).to_be_visible()
        saved = platform_of(stack, "pfv")
        assert saved["title"] == "Plataforma ficticia del PFV (prueba)"
        assert "Revisar cada pozo del municipio cada mes." in [c["text"] for c in saved["commitments"]]

        # -- an editor is refused the institute's pages (the API refuses them too: tests/integration)
        go(page, stack, "#/admin/auditoria")
        expect(page.get_by_text("Esta página es solo para el personal de administración del IEEM.")).to_be_visible()
    finally:
        token = api_login(stack, editor, NEW_PASSWORD)
        body = {
            "title": original_platform["title"],
            "summary": original_platform["summary"] or "",
            "document_url": original_platform["document_url"],
            "commitments": [{"topic": c["topic"], "text": c["text"]} for c in original_platform["commitments"]],
        }
        api_call(stack, "PUT", "/v1/party/platforms/simulacro", body, token)
    log_out(page)

    # -- the audit page shows each of those writes; filtered by the page; exported as CSV
    log_in(page, stack, admin, admin_password)
    page.locator(".site-nav").get_by_role("link", name="Auditoría").click()
    wait_rendered(page)
    entries = page.locator("li[data-action]")
    for action in (
        "party_user.create",
        "party_user.reinvite",
        "party_user.disable",
        "content.save",
        "content.restore",
        "profile.update",
        "platform.party",
    ):
        expect(page.locator(f"li[data-action='{action}']").first).to_be_visible()
    expect(page.locator(f"li[data-entity='content/{slug}'][data-action='content.restore']")).to_contain_text(
        "Página informativa restaurada"
    )
    checked(page, "audit", axe_source)
    page.get_by_label("Elemento", exact=True).fill(f"content/{slug}")
    page.get_by_role("button", name="Filtrar").click()
    wait_rendered(page)
    expect(entries).to_have_count(3)
    restore = page.locator("li[data-action='content.restore']")
    expect(restore.locator(".diff del")).to_contain_text(["## Segunda versión"])
    expect(restore.locator(".diff ins").first).to_contain_text("## Primera versión")
    checked(page, "audit-filtered", axe_source)
    with page.expect_download() as download:
        page.get_by_role("button", name="Exportar CSV").click()
    exported = open(download.value.path(), encoding="utf-8").read()  # noqa: SIM115 - the download's temporary file
    assert exported.startswith("at,actor_email,actor_role")
    assert exported.count(f"content/{slug}") == 3 and "content.restore" in exported

    # -- everyone: "Datos abiertos" from the footer
    page.locator(".site-footer").get_by_role("link", name="Datos abiertos").click()
    wait_rendered(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Datos abiertos")
    drill = page.locator("li[data-process='simulacro']")
    expect(
        drill.get_by_role("link", name="Candidaturas en CSV de " + stack.get_json("/v1/processes/simulacro")["name"])
    ).to_have_attribute("href", re.compile(r"/v1/open-data/simulacro/candidacies\.csv$"))
    checked(page, "open-data", axe_source)


def test_open_data_is_linked_from_each_process_page(open_page: Callable[[str], Page], axe_source: str) -> None:
    page = open_page("#/proceso/2021-ord")
    page.get_by_role("link", name=re.compile("^Datos abiertos de ")).first.click()
    wait_rendered(page)
    expect(page.locator("li[data-process]")).to_have_count(1)
    expect(page.locator("li[data-process='2021-ord']")).to_contain_text("Licencia:")
    checked(page, "open-data-process", axe_source)
