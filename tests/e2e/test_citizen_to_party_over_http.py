"""The whole write path on the local stack, over HTTP: moto server + chalice local + event pump.

sign up → confirm with the emailed code → log in → send a proposal to two drill parties →
each party's address receives exactly one email → a party answers → the author receives one
email → the public proposal shows the answer.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

from chalicelib.adapters.mail import read_mailbox
from chalicelib.notifications.models import PartySettings
from chalicelib.storage.notification_store import NotificationStore
from decide.config import PROJECT_DIR as ROOT
from decide.stack_process import StackProcess as Stack
from tests.support.http import StackHttp
from tests.support.queues import wait_until_queues_are_empty


def call(stack: Stack, method: str, path: str, body: Any = None, token: str | None = None) -> tuple[int, Any]:
    """The shared client (tests/support/http.py) on this stack's API."""
    return StackHttp(stack.api_url).call(method, path, body, token)


def mailbox(stack: Stack) -> Path:
    return stack.mailbox


def wait_for_emails(folder: Path, to: str, count: int, about: str = "", timeout: float = 60) -> list[dict[str, Any]]:
    """The emails to `to` (whose subject mentions `about`), once there are `count` or the time is up."""
    deadline = time.monotonic() + timeout
    while True:
        found = [m for m in read_mailbox(str(folder)) if m["to"] == to and about in m["subject"]]
        if len(found) >= count or time.monotonic() > deadline:
            return found
        time.sleep(0.5)


def test_a_citizen_proposal_reaches_each_party_once_and_the_answer_reaches_the_author(stack: Stack) -> None:
    folder = mailbox(stack)
    email = f"e2e-{int(time.time())}@example.mx"
    password = "contraseña-e2e-12345"
    status, _ = call(stack, "POST", "/v1/auth/signup", {"email": email, "password": password, "display_name": "Vecina"})
    assert status == 201
    (verification,) = wait_for_emails(folder, email, 1)
    code = re.search(r"\b(\d{6})\b", verification["text"]).group(1)  # type: ignore[union-attr]
    assert call(stack, "POST", "/v1/auth/confirm", {"email": email, "code": code})[0] == 200
    status, tokens = call(stack, "POST", "/v1/auth/login", {"email": email, "password": password})
    assert status == 200
    token = tokens["id_token"]

    title = f"Parque seguro e iluminado {uuid.uuid4().hex[:6]}"
    proposal = {
        "ballot_id": "simulacro.ayun.010",
        "topic": "seguridad",
        "title": title,
        "problem": "El parque de la colonia está a oscuras y nadie lo vigila por las noches.",
        "proposed_action": "Instalar luminarias y rondines vecinales coordinados con la policía municipal.",
        "addressed_to": ["pfa", "pfv"],
    }
    # Given both parties want immediate notices at addresses of their own (other tests on this shared
    # stack change the drill parties' settings, so this test states the ones it relies on)
    notifications = NotificationStore(stack.store().table)
    addresses = {party: [f"e2e-{party}-{uuid.uuid4().hex[:6]}@simulacro.decide.ieem.local"] for party in ("pfa", "pfv")}
    for party, party_addresses in addresses.items():
        notifications.save_party_settings(
            PartySettings(process_id="simulacro", contender_id=party, addresses=party_addresses)
        )
    status, sent = call(stack, "POST", "/v1/proposals", proposal, token)
    assert status == 201 and sent["status"] == "published"
    for party in ("pfa", "pfv"):
        address = addresses[party][0]
        found = wait_for_emails(folder, address, 1, about=title)
        assert len(found) == 1, (party, (stack.state_dir / "pump.log").read_text()[-2000:])

    # a party editor account, created the way an operator does it
    editor = f"editor-{int(time.time())}@pfa.example.mx"
    created = subprocess.run(
        [str(Path(sys.executable).with_name("decide")), "--local", stack.moto_url, "create-user",
         "--email", editor, "--role", "party_editor", "--party", "pfa"],
        # the stack's own table, not the integration tests' TABLE_NAME (create-user also lists the account)
        cwd=ROOT, capture_output=True, text=True, check=True,
        env={k: v for k, v in os.environ.items() if k != "TABLE_NAME"},
    )  # fmt: skip
    editor_password = re.search(r"password \(shown only now\): (\S+)", created.stdout).group(1)  # type: ignore[union-attr]
    status, editor_tokens = call(stack, "POST", "/v1/auth/login", {"email": editor, "password": editor_password})
    assert status == 200, created.stdout
    answer = {"stance": "commit", "text": "Nos comprometemos a iluminar el parque en tres meses."}
    status, _ = call(stack, "POST", f"/v1/proposals/{sent['id']}/responses", answer, editor_tokens["id_token"])
    assert status == 200

    replies = [m for m in wait_for_emails(folder, email, 2) if m["kind"] == "citizen_response"]
    assert len(replies) == 1 and answer["text"] in replies[0]["text"]
    status, page = call(stack, "GET", f"/v1/proposals/{sent['id']}")
    assert status == 200
    assert [(r["contender_id"], r["stance"], r["text"]) for r in page["responses"]] == [
        ("pfa", "commit", answer["text"])
    ]
    wait_until_queues_are_empty(stack)  # nothing is left that could send more: exactly one email each
    for party in ("pfa", "pfv"):
        address = addresses[party][0]
        assert len([m for m in read_mailbox(str(folder)) if m["to"] == address and title in m["subject"]]) == 1
