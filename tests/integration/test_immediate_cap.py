"""A party on immediate email gets at most `party_immediate_per_hour` proposals an hour by email; the
rest of the hour's roll over into its next digest (issue 11). Nothing is lost or sent twice."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from chalice.test import Client

import app as app_module
from chalicelib import dependencies
from chalicelib.notifications.models import DeliveryMode, PartySettings
from chalicelib.settings import Settings
from chalicelib.storage.election_store import ElectionStore
from chalicelib.storage.notification_store import NotificationStore
from decide.event_pump import pump_for_app, scheduled_event
from decide.faults import Faults, wire_with_faults
from decide.resources import StackNames, bootstrap
from tests.integration.conftest import NOW, TABLE
from tests.integration.identities import Identities
from tests.integration.test_notifications import emails_to, submit

ADDRESS = "tope-por-hora-pfv@simulacro.decide.ieem.local"
PER_HOUR = 2


@pytest.fixture
def capped(seeded: ElectionStore, identities: Identities, tmp_path: Path) -> Iterator[dict[str, Any]]:
    resources = bootstrap(StackNames(stage="dev", table=TABLE))
    settings = Settings(
        table_name=TABLE,
        user_pool_id=identities.pool.pool_id,
        user_pool_client_id=identities.pool.client_id,
        events_topic_arn=resources.topic_arn,
        local_mailbox_dir=str(tmp_path / "mailbox"),
        party_immediate_per_hour=PER_HOUR,
    )
    wire_with_faults(settings, seeded, identities.verifier(), lambda: NOW, Faults("Publish"), Faults("SendEmail"))
    notifications = NotificationStore(seeded.table)
    notifications.save_party_settings(
        PartySettings(process_id="simulacro", contender_id="pfv", addresses=[ADDRESS], mode=DeliveryMode.IMMEDIATE)
    )
    pump = pump_for_app(TABLE, "dev")
    pump.start_at_latest()
    with Client(app_module.app) as client:
        yield {"api": client, "pump": pump, "mailbox": settings.local_mailbox_dir}
    dependencies.use(None)


def test_past_the_hourly_cap_proposals_roll_over_into_the_digest(
    capped: dict[str, Any], identities: Identities
) -> None:
    api, pump, mailbox = capped["api"], capped["pump"], capped["mailbox"]
    # given a party on immediate email with a cap of 2 an hour, when 5 proposals reach it in one hour
    titles = [f"Tope por hora, propuesta número {n}" for n in range(5)]
    for n, title in enumerate(titles):
        submit(api, identities.user(f"tope-{n}@example.mx", role="citizen"), title, ["pfv"])
    pump.drain(timeout=60)
    # then 2 arrive by email at once
    immediate = emails_to(mailbox, ADDRESS)
    assert len(immediate) == PER_HOUR
    emailed = {t for t in titles if any(t in m["subject"] for m in immediate)}
    assert len(emailed) == PER_HOUR
    # and the stream replayed (a redelivery) sends no more of them
    pump.reread_stream()
    pump.drain(timeout=60)
    assert len(emails_to(mailbox, ADDRESS)) == PER_HOUR
    # and the next digest lists the other 3, once
    assert app_module.send_digests(scheduled_event(), None)["sent"] == 1
    digest = emails_to(mailbox, ADDRESS)[-1]
    assert all(t in digest["text"] for t in titles if t not in emailed)
    assert not any(t in digest["text"] for t in emailed)
    assert app_module.send_digests(scheduled_event(), None)["sent"] == 0
