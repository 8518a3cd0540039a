"""Recovering and changing a password in the browser; an invited editor's first password (issue 13)."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.accounts import api_call, api_login, create_user, log_in, log_out, unique_email
from tests.browser.conftest import Stack, wait_rendered

NEW_PASSWORD = "mi-clave-nueva-2026"


def mailbox_code(stack: Stack, email: str, kind: str, timeout: float = 15) -> str:
    """The 6-digit code of the latest `kind` email the local SES stand-in wrote for `email`."""
    mailbox = stack.state_dir / "mailbox"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = []
        for path in sorted(mailbox.glob("*.json")) if mailbox.exists() else []:
            message = json.loads(path.read_text())
            if message.get("to") == email and message.get("kind") == kind:
                found.append(message["text"])
        if found:
            code = re.search(r"\b(\d{6})\b", found[-1])
            assert code, found[-1]
            return code.group(1)
        time.sleep(0.2)
    raise AssertionError(f"no {kind} email for {email} in {mailbox}")


def choose_password(page: Page, email: str, code: str, password: str) -> None:
    """The reset page (also the invitation's): email, code, new password."""
    expect(page.get_by_role("heading", name="Elegir una contraseña nueva")).to_be_visible()
    page.get_by_label("Correo electrónico").fill(email)
    page.get_by_label("Código del correo").fill(code)
    page.get_by_label("Contraseña nueva").fill(password)
    page.get_by_role("button", name="Guardar la contraseña").click()
    expect(page.get_by_role("heading", name="Iniciar sesión")).to_be_visible()


def test_forgot_code_from_the_mailbox_reset_then_log_in_with_the_new_password(
    open_page: Callable[[str], Page], stack: Stack
) -> None:
    email = unique_email("olvido")
    old_password = create_user(stack, email, "citizen")
    page = open_page("#/entrar")
    page.get_by_role("link", name="¿Olvidaste tu contraseña?").click()
    wait_rendered(page)
    page.get_by_label("Correo electrónico").fill(email)
    page.get_by_role("button", name="Enviar el código").click()
    expect(page.get_by_text("Si hay una cuenta con este correo")).to_be_visible()

    choose_password(page, email, mailbox_code(stack, email, "password_reset"), NEW_PASSWORD)
    expect(page.get_by_text("Tu contraseña nueva quedó guardada")).to_be_visible()
    log_in(page, stack, email, NEW_PASSWORD)
    log_out(page)

    # the old password no longer opens the account
    page.goto(f"{stack.web_url}/#/entrar")
    wait_rendered(page)
    page.get_by_label("Correo electrónico").fill(email)
    page.get_by_label("Contraseña", exact=True).fill(old_password)
    page.locator("main").get_by_role("button", name="Entrar").click()
    expect(page.get_by_role("alert")).to_contain_text("El correo o la contraseña no son correctos")


def test_change_my_password_from_the_menu(open_page: Callable[[str], Page], stack: Stack) -> None:
    email = unique_email("cambio")
    password = create_user(stack, email, "citizen")
    page = open_page("")
    log_in(page, stack, email, password)
    page.locator(".site-nav").get_by_role("link", name="Cambiar contraseña").click()
    wait_rendered(page)
    page.get_by_label("Contraseña actual").fill("no-es-la-mia-2026")
    page.get_by_label("Contraseña nueva").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Cambiar la contraseña").click()
    expect(page.locator(".field__error", has_text="La contraseña actual no es correcta.")).to_be_visible()

    page.get_by_label("Contraseña actual").fill(password)
    page.get_by_role("button", name="Cambiar la contraseña").click()
    expect(page.get_by_text("Tu contraseña cambió")).to_be_visible()
    log_in(page, stack, email, NEW_PASSWORD)


def test_an_invited_editor_sets_a_password_before_anything_else(open_page: Callable[[str], Page], stack: Stack) -> None:
    admin = unique_email("admin-invita")
    token = api_login(stack, admin, create_user(stack, admin, "ieem_admin"))
    editor = unique_email("invitada")
    body = {"email": editor, "display_name": "Editora Invitada", "process": "simulacro", "party_id": "pfa"}
    created = api_call(stack, "POST", "/v1/admin/party-users", body, token)
    assert created["invitation_sent"] is True
    code = mailbox_code(stack, editor, "party_invitation")

    page = open_page("#/restablecer")
    choose_password(page, editor, code, NEW_PASSWORD)
    log_in(page, stack, editor, NEW_PASSWORD)
    expect(page.locator(".site-nav").get_by_role("link", name="Bandeja del partido")).to_be_visible()
