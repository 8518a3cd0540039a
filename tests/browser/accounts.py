"""Account helpers for the browser tests: local mailbox codes, operator-made users, logging in."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from tests.browser.conftest import ROOT, Stack, wait_rendered
from tests.support.http import StackHttp

PASSWORD = "clave-de-prueba-2026"
XSS = "<img src=x onerror=alert(1)>"


def unique_email(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}@example.org"


def emailed_code(stack: Stack, email: str, timeout: float = 15) -> str:
    """The 6-digit code the local SES stand-in wrote for `email` (in this stack's mailbox)."""
    mailbox = stack.state_dir / "mailbox"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for path in sorted(mailbox.glob("*.json")) if mailbox.exists() else []:
            message = json.loads(path.read_text())
            if message.get("to") == email and message.get("kind") == "account_verification":
                found = re.search(r"\b(\d{6})\b", message["text"])
                assert found, message["text"]
                return found.group(1)
        time.sleep(0.2)
    raise AssertionError(f"no confirmation email for {email} in {mailbox}")


def create_user(stack: Stack, email: str, role: str, party: str | None = None) -> str:
    """`decide create-user` against the stack's moto; returns the generated password."""
    env = {k: v for k, v in os.environ.items() if k not in {"TABLE_NAME"}}
    env["AWS_ENDPOINT_URL"] = stack.moto_url
    command = [str(Path(sys.executable).with_name("decide")), "create-user", "--email", email, "--role", role]
    if party:
        command += ["--party", party]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    found = re.search(r"password \(shown only now\): (\S+)", result.stdout)
    assert found, result.stdout
    return found.group(1)


def log_in(page: Page, stack: Stack, email: str, password: str) -> None:
    page.goto(f"{stack.web_url}/#/entrar")
    wait_rendered(page)
    page.get_by_label("Correo electrónico").fill(email)
    page.get_by_label("Contraseña").fill(password)
    page.locator("main").get_by_role("button", name="Entrar").click()
    expect(page.locator(".site-nav").get_by_role("button", name=re.compile("^Salir"))).to_be_visible()


def log_out(page: Page) -> None:
    page.locator(".site-nav").get_by_role("button", name=re.compile("^Salir")).click()
    expect(page.locator(".site-nav").get_by_role("link", name="Entrar")).to_be_visible()


def fill_proposal(page: Page, title: str, problem: str, action: str, addressed: list[str] | None) -> None:
    page.get_by_label("Tema").select_option("servicios_publicos")
    page.get_by_label("Título").fill(title)
    page.get_by_label("El problema").fill(problem)
    page.get_by_label("Lo que se propone").fill(action)
    if addressed:
        page.get_by_label("A todas las candidaturas").uncheck()
        for name in addressed:
            page.get_by_label(name, exact=True).check()


def api_login(stack: Stack, email: str, password: str) -> str:
    """An ID token straight from the API (for fixtures the test does not drive in the browser)."""
    return str(api_call(stack, "POST", "/v1/auth/login", {"email": email, "password": password})["id_token"])


def api_call(stack: Stack, method: str, path: str, body: object = None, token: str | None = None) -> Any:
    """The JSON answer of a request that must succeed, through the shared client (tests/support/http.py)."""
    return StackHttp(stack.api_url).json(method, path, body, token)


def publish_profile(stack: Stack, candidacy_id: str, editor: tuple[str, str]) -> None:
    """The editor sends its saved profile to review and an institute reviewer publishes it (through the API)."""
    editor_token = api_login(stack, *editor)
    email = unique_email("revision")
    reviewer_token = api_login(stack, email, create_user(stack, email, "ieem_moderator"))
    version = api_call(stack, "GET", f"/v1/review/profiles/{candidacy_id}", token=reviewer_token)["version"]
    api_call(stack, "POST", f"/v1/party/candidacies/{candidacy_id}/profile/submit", {"version": version}, editor_token)
    decision = {"decision": "published", "version": version}
    api_call(stack, "POST", f"/v1/review/profiles/{candidacy_id}", decision, reviewer_token)
