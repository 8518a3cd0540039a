"""Nothing about party or proposal content leaves during the veda, whatever the consumer's delay.

The drill (seeded on 2026-11-26) has its veda from 2026-12-13 00:00 to polls close on
2026-12-16 18:00 (Mexico City). The clock the app and its consumers read is moved by the test;
the event pump calls the same handlers Lambda calls, and the emails are counted in the mailbox.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from chalice.test import Client

import app as app_module
from chalicelib import dependencies
from chalicelib.adapters.mail import read_mailbox
from chalicelib.settings import Settings
from chalicelib.storage.election_store import ElectionStore
from decide.event_pump import EventPump, pump_for_app, scheduled_event
from decide.faults import Faults, wire_with_faults
from decide.resources import StackNames, bootstrap
from tests.integration.conftest import NOW, TABLE
from tests.integration.identities import Identities

LOCAL = ZoneInfo("America/Mexico_City")
VEDA_START = datetime(2026, 12, 13, 0, 0, tzinfo=LOCAL)
POLLS_CLOSE = datetime(2026, 12, 16, 18, 0, tzinfo=LOCAL)
BALLOT = "simulacro.ayun.003"
PFA = "avisos-pfa@simulacro.decide.ieem.local"


@dataclass
class Clock:
    now: datetime

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture(scope="module")
def fan_out(seeded: ElectionStore, identities: Identities) -> None:
    bootstrap(StackNames(stage="dev", table=TABLE))


@pytest.fixture
def wired(fan_out: None, seeded: ElectionStore, identities: Identities, tmp_path: Path) -> Iterator[dict[str, Any]]:
    clock = Clock(NOW)
    settings = Settings(
        table_name=TABLE,
        user_pool_id=identities.pool.pool_id,
        user_pool_client_id=identities.pool.client_id,
        events_topic_arn=bootstrap(StackNames(stage="dev", table=TABLE)).topic_arn,
        local_mailbox_dir=str(tmp_path / "mailbox"),
    )
    wire_with_faults(settings, seeded, identities.verifier(), clock, Faults("Publish"), Faults("SendRawEmail"))
    pump = pump_for_app(TABLE, "dev")
    pump.start_at_latest()
    with Client(app_module.app) as client:
        yield {"api": client, "pump": pump, "clock": clock, "mailbox": settings.local_mailbox_dir}
    dependencies.use(None)


def send(api: Client, method: str, path: str, token: str, body: dict[str, Any] | None = None) -> Any:
    response = getattr(api.http, method)(
        path,
        headers={"Content-Type": "application/json", **Identities.bearer(token)},
        body=json.dumps(body) if body is not None else None,
    )
    assert response.status_code in (200, 201), response.body
    return response.json_body


def propose(api: Client, token: str, title: str, problem: str = "") -> dict[str, Any]:
    return send(
        api,
        "post",
        "/v1/proposals",
        token,
        {
            "ballot_id": BALLOT,
            "topic": "movilidad",
            "title": title,
            "problem": problem or f"{title}: el problema afecta a la colonia desde hace meses y nadie lo atiende.",
            "proposed_action": f"{title}: proponemos un plan con presupuesto, calendario y responsables públicos.",
            "addressed_to": ["pfa"],
        },
    )


def emails_to(mailbox: str, address: str, about: str) -> list[dict[str, Any]]:
    return [m for m in read_mailbox(mailbox) if m["to"] == address and about in m["text"] + m["subject"]]


def release(pump: EventPump) -> int:
    pump.drain(timeout=30)
    released: int = app_module.send_digests(scheduled_event(), None)["released"]
    pump.drain(timeout=30)
    return released


def test_an_answer_published_at_235959_and_consumed_at_000005_is_held_until_polls_close(
    wired: dict[str, Any], identities: Identities
) -> None:
    api, pump, clock, mailbox = wired["api"], wired["pump"], wired["clock"], wired["mailbox"]
    author = identities.user("veda-autora@example.mx", role="citizen")
    supporter = identities.user("veda-apoyo@example.mx", role="citizen")
    editor = identities.user("veda-editor-pfa@simulacro.mx", role="party_editor", party_id="pfa")
    proposal = propose(api, author, "Semáforos en la avenida principal")
    send(api, "put", f"/v1/proposals/{proposal['id']}/support", supporter)
    pump.drain(timeout=30)

    clock.now = VEDA_START - timedelta(seconds=1)  # 23:59:59, still campaign: the party may answer
    answer = "Pondremos semáforos peatonales en los cruces con más accidentes."
    send(api, "post", f"/v1/proposals/{proposal['id']}/responses", editor, {"stance": "commit", "text": answer})
    clock.now = VEDA_START + timedelta(seconds=5)  # the consumer runs at 00:00:05: veda
    pump.drain(timeout=30)
    assert emails_to(mailbox, "veda-autora@example.mx", answer) == []
    assert emails_to(mailbox, "veda-apoyo@example.mx", answer) == []

    clock.now = POLLS_CLOSE - timedelta(seconds=1)  # a release run one second before polls close sends nothing
    assert release(pump) == 0
    assert emails_to(mailbox, "veda-autora@example.mx", answer) == []

    clock.now = POLLS_CLOSE
    assert release(pump) >= 1
    assert len(emails_to(mailbox, "veda-autora@example.mx", answer)) == 1
    assert len(emails_to(mailbox, "veda-apoyo@example.mx", answer)) == 1
    assert release(pump) == 0  # once
    assert len(emails_to(mailbox, "veda-autora@example.mx", answer)) == 1


def test_a_held_proposal_published_one_minute_into_the_veda_emails_no_one_until_polls_close_then_once(
    wired: dict[str, Any], identities: Identities
) -> None:
    api, pump, clock, mailbox = wired["api"], wired["pump"], wired["clock"], wired["mailbox"]
    author = identities.user("veda-retenida@example.mx", role="citizen")
    moderator = identities.user("veda-moderadora@ieem.mx", role="ieem_moderator")
    title = "Banquetas rotas junto a la escuela"
    held = propose(api, author, title, problem=f"{title}: fotos en www.ejemplo-banquetas.com desde hace meses.")
    assert held["status"] == "pending_review"
    pump.drain(timeout=30)

    clock.now = VEDA_START + timedelta(minutes=1)
    decided = send(
        api,
        "post",
        f"/v1/moderation/proposals/{held['id']}",
        moderator,
        {"action": "publish", "reason": "revisada_sin_problemas"},
    )
    assert decided["status"] == "published"
    pump.drain(timeout=30)
    clock.now = VEDA_START + timedelta(days=2)
    assert release(pump) == 0
    assert emails_to(mailbox, "veda-retenida@example.mx", title) == []
    assert emails_to(mailbox, PFA, title) == []

    clock.now = POLLS_CLOSE + timedelta(minutes=1)
    assert release(pump) == 2  # the party notice and the author's decision, in the order they happened
    assert len(emails_to(mailbox, "veda-retenida@example.mx", title)) == 1
    assert len(emails_to(mailbox, PFA, title)) == 1
    assert release(pump) == 0
    assert len(emails_to(mailbox, "veda-retenida@example.mx", title)) == 1


def test_an_answer_edited_five_times_emails_each_recipient_once_and_the_page_shows_it_edited(
    wired: dict[str, Any], identities: Identities
) -> None:
    api, pump, mailbox = wired["api"], wired["pump"], wired["mailbox"]
    author = identities.user("edita-autora@example.mx", role="citizen")
    supporter = identities.user("edita-apoyo@example.mx", role="citizen")
    editor = identities.user("edita-editor-pfa@simulacro.mx", role="party_editor", party_id="pfa")
    proposal = propose(api, author, "Bebederos en la unidad deportiva")
    send(api, "put", f"/v1/proposals/{proposal['id']}/support", supporter)
    path = f"/v1/proposals/{proposal['id']}/responses"
    send(api, "post", path, editor, {"stance": "comment", "text": "Lo estudiaremos con la comunidad deportiva."})
    for n in range(5):
        pump.drain(timeout=30)
        send(api, "post", path, editor, {"stance": "commit", "text": f"Instalaremos bebederos, versión {n + 2}."})
    pump.drain(timeout=30)
    assert len(emails_to(mailbox, "edita-autora@example.mx", "Bebederos")) == 1
    assert len(emails_to(mailbox, "edita-apoyo@example.mx", "Bebederos")) == 1
    (response,) = api.http.get(f"/v1/proposals/{proposal['id']}").json_body["responses"]
    assert response["edited"] is True and response["version"] == 6
    assert response["text"] == "Instalaremos bebederos, versión 6."
    assert response["history"][0]["text"] == "Lo estudiaremos con la comunidad deportiva."
    assert len(response["history"]) == 5
