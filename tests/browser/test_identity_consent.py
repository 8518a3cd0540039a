"""The candidate's own consent in a real browser: the party sends the one-time link from the profile
form, the link arrives in the local stack's mailbox, the candidate (no account) answers and consents
item by item, then withdraws through the same link. axe checks each state of the page.

Own data only: a drill candidacy no other test touches, never published, so the shared stack's
public pages and statistics are unchanged for the other tests.
"""

from __future__ import annotations

import json
import re
import time

import pytest
from playwright.sync_api import Page, expect

from tests.browser.accounts import create_user, log_in, log_out, unique_email
from tests.browser.conftest import Stack, run_axe, save_artifact, wait_rendered

CANDIDACY = "simulacro.ayun.011.pfv"


@pytest.fixture(scope="module")
def editor(stack: Stack) -> tuple[str, str]:
    email = unique_email("editor-pfv-consentimiento")
    return email, create_user(stack, email, "party_editor", "pfv")


def emailed_link(stack: Stack, address: str, timeout: float = 60) -> str:
    """The consent link the event pump delivered to `address` (a completion check on the mailbox)."""
    mailbox = stack.state_dir / "mailbox"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for path in sorted(mailbox.glob("*.json")) if mailbox.exists() else []:
            message = json.loads(path.read_text())
            if message.get("to") == address and message.get("kind") == "identity_invitation":
                found = re.search(r"(https?://\S+#/consentimiento\?t=[A-Za-z0-9_.-]+)", message["text"])
                assert found, message["text"]
                return found.group(1)
        time.sleep(0.2)
    raise AssertionError(f"no consent link for {address} in {mailbox}")


def no_axe_violations(page: Page, axe_source: str, name: str) -> None:
    save_artifact(f"{name}-360px.png", page.screenshot(full_page=True))
    violations = run_axe(page, axe_source)
    save_artifact(f"{name}-axe.json", json.dumps([{"id": v["id"], "impact": v["impact"]} for v in violations]))
    assert [v["id"] for v in violations] == [], name


def test_the_party_sends_the_link_and_the_candidate_consents_item_by_item_then_withdraws(
    stack: Stack, page: Page, editor: tuple[str, str], axe_source: str
) -> None:
    candidate = unique_email("candidata-011")
    log_in(page, stack, *editor)
    page.goto(f"{stack.web_url}/#/partido/perfil/{CANDIDACY}")
    wait_rendered(page)
    expect(page.locator("[data-consent=none]")).to_be_visible()
    expect(page.get_by_label("Persona joven")).to_have_count(0)  # the party cannot answer for the candidate
    page.get_by_label("Correo de la candidata o el candidato").fill(candidate)
    page.get_by_role("button", name="Enviar enlace").click()
    expect(page.locator("[data-consent=pending]")).to_contain_text(candidate)
    log_out(page)

    link = emailed_link(stack, candidate)
    page.goto(link)
    wait_rendered(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Tu consentimiento: cuestionario de identidad")
    expect(page.locator("[data-text-version]")).to_contain_text("Versión del texto")
    expect(page.locator("fieldset[data-item]")).to_have_count(7)
    expect(page.get_by_text("Simulacro: esta candidatura es ficticia")).to_be_visible()
    no_axe_violations(page, axe_source, "identity-consent-open")

    youth = page.locator("fieldset[data-item=youth]")
    youth.get_by_label("Sí").check()
    youth.get_by_label("Doy mi consentimiento para publicar esta respuesta").check()
    migrant = page.locator("fieldset[data-item=migrant]")
    migrant.get_by_label("Sí").check()  # answered, but no consent: not kept
    page.get_by_role("button", name="Registrar mis respuestas").click()
    expect(page.locator(".notice--success")).to_contain_text("Tu respuesta quedó registrada")
    expect(page.locator("dd[data-item=youth]")).to_have_text("Sí")
    expect(page.locator("dd[data-item=migrant]")).to_have_count(0)
    no_axe_violations(page, axe_source, "identity-consent-recorded")

    page.get_by_role("button", name="Retirar mi consentimiento").click()
    expect(page.get_by_text("Retiraste tu consentimiento")).to_be_visible()
    expect(page.locator("dd[data-item=youth]")).to_have_count(0)
    no_axe_violations(page, axe_source, "identity-consent-withdrawn")

    log_in(page, stack, *editor)
    page.goto(f"{stack.web_url}/#/partido/perfil/{CANDIDACY}")
    wait_rendered(page)
    expect(page.locator("[data-consent=withdrawn]")).to_be_visible()
