"""The author hears of every moderation step (issue 15): redaction, rejection with a next step,
a requested change, hidden after reports. Through the real fan-out (stream → SNS → SQS → SES) on
moto, read from the local mailbox; every email has its plain-text and HTML parts."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from chalice.test import Client

import app as app_module
from chalicelib import dependencies
from chalicelib.adapters.mail import read_mailbox
from chalicelib.settings import Settings
from chalicelib.storage.election_store import ElectionStore
from decide.event_pump import pump_for_app
from decide.faults import Faults, wire_with_faults
from decide.resources import StackNames, bootstrap
from tests.integration.conftest import NOW, TABLE
from tests.integration.identities import Identities

BALLOT = "simulacro.ayun.005"
AUTHOR = "autora-avisos-ciclo@example.mx"
PHONE = "Llamen al 55 1234 5678 para ver la basura que se junta cada semana en el mercado."


@pytest.fixture
def wired(seeded: ElectionStore, identities: Identities, tmp_path: Path) -> Iterator[dict[str, Any]]:
    resources = bootstrap(StackNames(stage="dev", table=TABLE))
    settings = Settings(
        table_name=TABLE,
        user_pool_id=identities.pool.pool_id,
        user_pool_client_id=identities.pool.client_id,
        events_topic_arn=resources.topic_arn,
        local_mailbox_dir=str(tmp_path / "mailbox"),
    )
    wire_with_faults(settings, seeded, identities.verifier(), lambda: NOW, Faults("Publish"), Faults("SendRawEmail"))
    pump = pump_for_app(TABLE, "dev")
    pump.start_at_latest()
    with Client(app_module.app) as client:
        yield {"api": client, "pump": pump, "mailbox": settings.local_mailbox_dir}
    dependencies.use(None)


def call(api: Client, path: str, token: str, body: Any) -> Any:
    headers = {"Content-Type": "application/json", **Identities.bearer(token)}
    return api.http.post(path, headers=headers, body=json.dumps(body))


def send(api: Client, token: str, title: str, problem: str) -> str:
    body = {
        "ballot_id": BALLOT,
        "topic": "agua",
        "title": title,
        "problem": problem,
        "proposed_action": f"{title}: un plan con presupuesto, calendario y responsables públicos del cabildo.",
        "addressed_to": ["all"],
    }
    sent = call(api, "/v1/proposals", token, body)
    assert sent.status_code == 201, sent.body
    return str(sent.json_body["id"])


def test_the_author_is_told_of_each_moderation_step_in_both_parts(
    wired: dict[str, Any], identities: Identities
) -> None:
    api, pump, mailbox = wired["api"], wired["pump"], wired["mailbox"]
    author = identities.user(AUTHOR, role="citizen", name="Carmen")
    moderator = identities.user("moderacion-avisos@ieem.mx", role="ieem_moderator")
    redact = send(api, author, "Basura en el mercado de los jueves", PHONE)
    reject = send(api, author, "Basura en el tianguis de San Juan", PHONE.replace("mercado", "tianguis"))
    change = send(api, author, "Basura en la plaza del quiosco", PHONE.replace("mercado", "quiosco"))
    hidden = send(
        api, author, "Contenedores de basura en la plaza", "No hay contenedores en la plaza y la basura se acumula."
    )
    moderate = "/v1/moderation/proposals/{}"
    assert (
        call(
            api,
            moderate.format(redact),
            moderator,
            {
                "action": "redact",
                "reason": "datos_personales",
                "problem": PHONE.replace("55 1234 5678", "[dato personal retirado]"),
            },
        ).status_code
        == 200
    )
    assert (
        call(api, moderate.format(reject), moderator, {"action": "reject", "reason": "datos_personales"}).status_code
        == 200
    )
    note = "Quita el número de teléfono y vuelve a enviarla, por favor."
    asked = call(
        api,
        moderate.format(change),
        moderator,
        {"action": "request_changes", "reason": "datos_personales", "note": note},
    )
    assert asked.status_code == 200
    for n in range(3):
        reporter = identities.user(f"reporta-avisos-{n}@example.mx", role="citizen")
        assert call(api, f"/v1/proposals/{hidden}/reports", reporter, {"reason": "spam"}).status_code == 201
    pump.drain(timeout=60)

    emails = [m for m in read_mailbox(mailbox) if m["to"] == AUTHOR]
    by_kind = {m["kind"]: m for m in emails}
    assert set(by_kind) == {"citizen_approved", "citizen_rejected", "citizen_changes_requested", "citizen_hidden"}
    for email in emails:
        assert email["text"].strip() and email["html"].startswith("<!doctype html>")
        assert "\n" not in email["subject"] and "\r" not in email["subject"]
    approved = by_kind["citizen_approved"]
    assert "Se editó: problema" in approved["text"] and "Texto editado por moderación" in approved["html"]
    assert "55 1234 5678" not in approved["text"]
    assert "puedes enviarla de nuevo" in by_kind["citizen_rejected"]["text"]
    assert note in by_kind["citizen_changes_requested"]["text"]
    assert "#/mis-propuestas" in by_kind["citizen_changes_requested"]["text"]
    assert "oculta" in by_kind["citizen_hidden"]["subject"]
    # replaying the stream sends nothing twice
    pump.reread_stream()
    pump.drain(timeout=60)
    assert len([m for m in read_mailbox(mailbox) if m["to"] == AUTHOR]) == 4
