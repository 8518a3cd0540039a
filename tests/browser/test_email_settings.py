"""A citizen chooses their emails in «Mis avisos por correo» (issue 15), by keyboard, at 360 px, with
no axe-core violation; a party address's owner confirms it from the emailed link; an email's
one-click link opens an es-MX page that asks before stopping anything."""

from __future__ import annotations

import json
import os
import re
import time
from datetime import UTC, datetime
from typing import Any

from playwright.sync_api import Page, expect

from chalicelib.notifications.models import EmailTopic
from chalicelib.notifications.unsubscribe import Audience, sign_token
from tests.browser.accounts import api_call, api_login, create_user, log_in, unique_email
from tests.browser.conftest import Stack, run_axe, wait_rendered


def no_violations(page: Page, axe_source: str) -> None:
    assert page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    violations = run_axe(page, axe_source)
    assert violations == [], [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]


def mailbox_message(stack: Stack, to: str, kind: str, timeout: float = 30) -> dict[str, Any]:
    """The newest email of `kind` the local SES stand-in kept for `to` (a completion check)."""
    mailbox = stack.state_dir / "mailbox"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [
            m
            for m in (json.loads(p.read_text()) for p in sorted(mailbox.glob("*.json")) if mailbox.exists())
            if m.get("to") == to and m.get("kind") == kind
        ]
        if found:
            return found[-1]
        time.sleep(0.2)
    raise AssertionError(f"no {kind} email for {to}")


def test_a_citizen_turns_off_news_of_supported_proposals_by_keyboard(stack: Stack, page: Page, axe_source: str) -> None:
    email = unique_email("avisos")
    password = create_user(stack, email, "citizen")
    log_in(page, stack, email, password)
    page.locator(".site-nav").get_by_role("link", name="Mis avisos por correo").click()
    wait_rendered(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Avisos por correo")
    own = page.get_by_role("checkbox", name=re.compile("^Avisos sobre mis propuestas"))
    supported = page.get_by_role("checkbox", name=re.compile("^Respuestas y avances"))
    expect(own).to_be_checked()
    expect(supported).to_be_checked()
    no_violations(page, axe_source)
    supported.focus()
    page.keyboard.press("Space")
    expect(supported).not_to_be_checked()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the save button
    expect(page.get_by_role("alert")).to_contain_text("guardamos qué avisos")
    no_violations(page, axe_source)
    page.reload()
    wait_rendered(page)
    expect(page.get_by_role("checkbox", name=re.compile("^Respuestas y avances"))).not_to_be_checked()
    expect(page.get_by_role("checkbox", name=re.compile("^Avisos sobre mis propuestas"))).to_be_checked()


def test_a_party_address_is_confirmed_from_its_link(stack: Stack, page: Page, axe_source: str) -> None:
    editor = unique_email("ajustes-pfv")
    token = api_login(stack, editor, create_user(stack, editor, "party_editor", "pfv"))
    address = unique_email("direccion-pfv")
    current = api_call(stack, "GET", "/v1/party/settings?process=simulacro", token=token)
    saved = api_call(
        stack,
        "PUT",
        "/v1/party/settings",
        {"process": "simulacro", "addresses": [*current["addresses"], address], "mode": current["mode"]},
        token=token,
    )
    assert address in saved["unconfirmed_addresses"]
    asked = mailbox_message(stack, address, "party_address_confirmation")
    link = re.search(r"(https?://\S+#/partido/confirmar-direccion\?token=\S+)", asked["text"])
    assert link is not None
    page.goto(link.group(1))
    wait_rendered(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirmar dirección de avisos")
    no_violations(page, axe_source)
    page.get_by_role("button", name=re.compile("confirmar")).click()
    expect(page.get_by_role("alert")).to_contain_text("quedó confirmada")
    after = api_call(stack, "GET", "/v1/party/settings?process=simulacro", token=token)
    assert address not in after["unconfirmed_addresses"]
    # put the party's addresses back as they were (other tests read them)
    api_call(
        stack,
        "PUT",
        "/v1/party/settings",
        {"process": "simulacro", **{k: current[k] for k in ("addresses", "mode")}},
        token=token,
    )


def test_the_one_click_link_opens_a_page_that_asks_first(stack: Stack, page: Page, axe_source: str) -> None:
    email = unique_email("baja")
    token = api_login(stack, email, create_user(stack, email, "citizen"))
    user_id = api_call(stack, "GET", "/v1/me", token=token)["user_id"]
    key = os.environ.get("EMAIL_LINK_KEY", "local-stack-only-email-links")  # decide/local_stack.py's
    signed = sign_token(key, Audience.CITIZEN, user_id, EmailTopic.SUPPORTED, datetime.now(UTC))
    page.goto(f"{stack.api_url}/v1/unsubscribe?token={signed}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dejar de recibir avisos de DecideIEEM")
    no_violations(page, axe_source)
    assert api_call(stack, "GET", "/v1/me/notification-settings", token=token)["supported"] is True  # GET: nothing
    page.get_by_role("button", name="Sí, dejar de recibirlos").click()
    expect(page.get_by_role("status")).to_contain_text("ya no recibirás")
    assert api_call(stack, "GET", "/v1/me/notification-settings", token=token) == {"own": True, "supported": False}
