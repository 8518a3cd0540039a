"""Staff two factors in the browser (issue 13): a moderator without TOTP is refused the moderation
page, enrols from «Verificación en dos pasos» (key and otpauth URI), and logs in with the code.

The account is this test's own, at an address the local stack does not exempt from TOTP
(STAFF_MFA_EXEMPT exempts the other tests' example.org/example.mx staff). The code is computed
from the key the page shows (RFC 6238), as an authenticator app would."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.accounts import create_user, log_in
from tests.browser.conftest import Stack, run_axe, wait_rendered
from tests.totp import totp, wrong_code


def test_a_moderator_enrols_totp_then_logs_in_with_the_code(
    open_page: Callable[[str], Page], stack: Stack, axe_source: str
) -> None:
    email = f"moderadora-totp-{uuid.uuid4().hex[:8]}@example.net"
    password = create_user(stack, email, "ieem_moderator")
    page = open_page("#/entrar")
    log_in(page, stack, email, password)

    page.goto(f"{stack.web_url}/#/moderacion")
    wait_rendered(page)
    expect(page.get_by_text("necesitas la verificación en dos pasos")).to_be_visible()

    page.locator(".site-nav").get_by_role("link", name="Verificación en dos pasos").click()
    wait_rendered(page)
    expect(page.get_by_role("heading", name="Verificación en dos pasos", level=1)).to_be_visible()
    page.get_by_label("Contraseña").fill(password)
    page.get_by_role("button", name="Activar").click()
    key = page.locator(".mfa-key")
    expect(key).to_be_visible()
    secret = str(key.get_attribute("data-key"))
    expect(page.locator(".mfa-uri")).to_contain_text("otpauth://totp/DecideIEEM")
    assert not run_axe(page, axe_source), "axe violations on the enrolment step"

    page.get_by_label("Código de 6 dígitos").fill(wrong_code(secret))
    page.get_by_role("button", name="Confirmar y activar").click()
    expect(page.get_by_text("no es correcto o ya caducó").first).to_be_visible()
    page.get_by_label("Código de 6 dígitos").fill(totp(secret))
    page.get_by_role("button", name="Confirmar y activar").click()
    expect(page.get_by_text("La verificación en dos pasos quedó activa")).to_be_visible()

    # log in: the password first, then the code field the API asks for
    expect(page.get_by_role("heading", name="Iniciar sesión")).to_be_visible()
    page.get_by_label("Correo electrónico").fill(email)
    page.get_by_label("Contraseña").fill(password)
    page.locator("main").get_by_role("button", name="Entrar").click()
    code = page.get_by_label("Código de tu app de autenticación")
    expect(code).to_be_visible()
    assert not run_axe(page, axe_source), "axe violations on the log-in code step"
    code.fill(totp(secret))
    page.locator("main").get_by_role("button", name="Entrar").click()
    expect(page.locator(".site-nav").get_by_role("button", name=re.compile("^Salir"))).to_be_visible()

    page.goto(f"{stack.web_url}/#/moderacion")
    wait_rendered(page)
    expect(page.get_by_text("necesitas la verificación en dos pasos")).to_have_count(0)
