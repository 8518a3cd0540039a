"""'Verifica tu comprobante': a real proposal's receipt checked in the browser (Web Crypto) against
the session stack's transparency log; a tampered receipt is refused, naming what failed."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, Request, expect

from tests.browser.accounts import api_call, api_login, create_user, unique_email
from tests.browser.conftest import Stack, run_axe, save_artifact, wait_rendered
from tests.support.http import StackHttp

ROUTE = "#/verifica-tu-comprobante"


def covered_receipt(stack: Stack, leaf_hash: str, timeout: float = 60) -> dict[str, Any]:
    """Wait (completion check on the public API) until a signed tree head covers the entry."""
    deadline = time.monotonic() + timeout
    http = StackHttp(stack.api_url)
    while True:
        code, status = http.call("GET", f"/v1/log/receipts/{leaf_hash}")
        if code == 200 and status["tree_head"] is not None:
            return dict(status)
        if code not in (200, 404):  # 404: the stream has not appended it yet
            raise AssertionError(f"receipt {leaf_hash}: {code} {status}")
        if time.monotonic() > deadline:
            raise AssertionError(f"receipt {leaf_hash} not covered by a signed tree head in {timeout}s")
        time.sleep(0.3)


@pytest.fixture(scope="module")
def receipt(stack: Stack) -> dict[str, Any]:
    """A receipt a citizen got when sending a proposal through the API, once the log signed it.

    Four proposals, and the second one's receipt: its proof then has a left and a right sibling
    (both branches of RFC 9162's verification), even on a fresh stack whose log starts empty."""
    email = unique_email("comprobante")
    token = api_login(stack, email, create_user(stack, email, "citizen"))
    drafts = [
        ("agua", "Fugas de agua en la calle Ejemplo", "Hay fugas desde marzo.", "Reparar la red hidráulica."),
        ("seguridad", "Alumbrado en el parque Central", "De noche el parque queda a oscuras.", "Poner luminarias LED."),
        ("movilidad", "Semáforo en la avenida Norte", "Nadie puede cruzar a la escuela.", "Instalar un semáforo."),
        ("salud", "Médico en el centro de salud", "Los sábados no hay médico.", "Contratar una guardia."),
    ]
    receipts = [
        api_call(
            stack,
            "POST",
            "/v1/proposals",
            {
                "ballot_id": "simulacro.ayun.005",
                "topic": topic,
                "title": f"{title} {uuid.uuid4().hex[:6]}",
                "problem": f"{problem} Lo reportamos varias veces y sigue igual en nuestra colonia.",
                "proposed_action": f"{action} Con fechas y un informe público de avances.",
                "addressed_to": ["all"],
            },
            token,
        )["receipt"]
        for topic, title, problem, action in drafts
    ]
    covered_receipt(stack, receipts[-1]["leaf_hash"])
    status = covered_receipt(stack, receipts[1]["leaf_hash"])
    assert len(status["path"]) >= 2, status
    found: dict[str, Any] = receipts[1]
    return found


def flip_hex_digit(text: str, at: int) -> str:
    return text[:at] + ("0" if text[at] != "0" else "1") + text[at + 1 :]


def check(page: Page, pasted: str) -> None:
    page.get_by_label("Tu comprobante").fill(pasted)
    page.get_by_role("button", name="Verificar").click()
    expect(page.locator(".receipt-result")).to_be_visible()


def test_a_real_receipt_verifies_in_the_browser_and_tampered_ones_do_not(
    stack: Stack, open_page: Callable[[str], Page], receipt: dict[str, Any], axe_source: str
) -> None:
    page = open_page("")
    sent: list[Request] = []
    page.on("request", lambda request: sent.append(request))
    page.locator(".site-footer").get_by_role("link", name="Verifica tu comprobante").click()
    wait_rendered(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Verifica tu comprobante")

    # The real receipt, as the submission returned it.
    check(page, json.dumps(receipt))
    result = page.locator(".receipt-result")
    expect(result.get_by_role("heading")).to_have_text("Tu comprobante es válido")
    status = api_call(stack, "GET", f"/v1/log/receipts/{receipt['leaf_hash']}")
    expect(result).to_contain_text(f"entrada número {status['leaf_index']} ")
    expect(result.locator("[data-ok=true]")).to_have_count(4)  # hash, logged, proof, signature
    violations = run_axe(page, axe_source)
    save_artifact("receipt-check-axe.json", json.dumps([{"id": v["id"], "impact": v["impact"]} for v in violations]))
    assert not [v["id"] for v in violations if v["impact"] in {"serious", "critical"}]

    # Only GETs of public data, and only the leaf hash of the receipt leaves the browser.
    api_requests = [r for r in sent if r.url.startswith(stack.api_url)]
    assert api_requests and all(r.method == "GET" and r.post_data is None for r in api_requests)
    assert not [r.url for r in api_requests if "entry" in r.url or receipt["event_id"] in r.url]

    # One hex digit of the entry changed (inside its content hash): the hash check names it.
    at = receipt["entry"].index('"content_sha256":"') + len('"content_sha256":"') + 5
    check(page, json.dumps({**receipt, "entry": flip_hex_digit(receipt["entry"], at)}))
    expect(result.get_by_role("heading")).to_have_text("Tu comprobante no es válido")
    expect(result.locator("[data-check=hash][data-ok=false]")).to_contain_text(
        "la huella no corresponde al contenido del comprobante"
    )
    expect(result.locator("[data-check=proof][data-ok=true]")).to_be_visible()  # the log itself is intact

    # One hex digit of the leaf hash changed, given alone: the log has no such entry.
    check(page, flip_hex_digit(receipt["leaf_hash"], 10))
    expect(result.get_by_role("heading")).to_have_text("Tu comprobante no es válido")
    expect(result.locator("[data-check=missing]")).to_contain_text("no tiene ninguna entrada con esta huella")

    # The link on "Mis propuestas" brings the leaf hash alone: the log's copy, proof and signature check.
    page.goto(f"{stack.web_url}/{ROUTE}?huella={receipt['leaf_hash']}")
    wait_rendered(page)
    expect(page.get_by_label("Tu comprobante")).to_have_value(receipt["leaf_hash"])
    page.get_by_role("button", name="Verificar").click()
    expect(result.get_by_role("heading")).to_have_text("Tu comprobante es válido")
    expect(result.locator("[data-ok=true]")).to_have_count(3)

    # Not a receipt at all: a field error in plain Spanish, nothing fetched.
    before = len(sent)
    page.get_by_label("Tu comprobante").fill("hola")
    page.get_by_role("button", name="Verificar").click()
    expect(page.get_by_label("Tu comprobante")).to_have_attribute("aria-invalid", "true")
    expect(page.locator(".field__error")).to_contain_text("No reconocemos un comprobante")
    assert len(sent) == before
