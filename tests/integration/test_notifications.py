"""The fan-out: table stream → relay → SNS → SQS (filter policies) → consumers → SES, on moto.

The event pump calls the same handler functions Lambda calls. Faults are injected into the
real boto3 clients (botocore `before-call` hooks) and the emails and items are counted.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from chalice.test import Client

import app as app_module
from chalicelib import dependencies
from chalicelib.adapters.mail import read_mailbox
from chalicelib.notifications.models import DeliveryMode, PartySettings
from chalicelib.settings import Settings
from chalicelib.storage.election_store import ElectionStore
from chalicelib.storage.notification_store import NotificationStore
from decide.event_pump import EventPump, pump_for_app, scheduled_event
from decide.faults import Faults, wire_with_faults
from decide.resources import StackNames, bootstrap
from tests.integration.conftest import NOW, TABLE
from tests.integration.identities import Identities

BALLOT = "simulacro.ayun.002"
PARTY_ADDRESSES = {"pfa": "avisos-pfa@simulacro.decide.ieem.local", "pfv": "avisos-pfv@simulacro.decide.ieem.local"}


@pytest.fixture(scope="module")
def fan_out(seeded: ElectionStore, identities: Identities) -> dict[str, Any]:
    resources = bootstrap(StackNames(stage="dev", table=TABLE))
    return {"topic_arn": resources.topic_arn, "dlq": resources.dead_letter_queue_urls, "queues": resources.queue_urls}


@pytest.fixture
def wired(
    fan_out: dict[str, Any], seeded: ElectionStore, identities: Identities, tmp_path: Path
) -> Iterator[dict[str, Any]]:
    """The app wired to moto with a fault-injectable SNS and SES, and a local mailbox to count emails."""
    sns_faults, ses_faults = Faults("Publish"), Faults("SendRawEmail")
    settings = Settings(
        table_name=TABLE,
        user_pool_id=identities.pool.pool_id,
        user_pool_client_id=identities.pool.client_id,
        events_topic_arn=fan_out["topic_arn"],
        local_mailbox_dir=str(tmp_path / "mailbox"),
    )
    wire_with_faults(settings, seeded, identities.verifier(), lambda: NOW, sns_faults, ses_faults)
    pump = pump_for_app(TABLE, "dev")
    pump.start_at_latest()
    with Client(app_module.app) as client:
        yield {"api": client, "pump": pump, "sns": sns_faults, "ses": ses_faults, "mailbox": settings.local_mailbox_dir}
    dependencies.use(None)


def submit(api: Client, token: str, title: str, addressed: list[str]) -> dict[str, Any]:
    body = {
        "ballot_id": BALLOT,
        "topic": "seguridad",
        "title": title,
        "problem": f"{title}: el problema afecta a la colonia desde hace meses y nadie lo atiende.",
        "proposed_action": f"{title}: proponemos un plan con presupuesto, calendario y responsables públicos.",
        "addressed_to": addressed,
    }
    response = api.http.post(
        "/v1/proposals", headers={"Content-Type": "application/json", **Identities.bearer(token)}, body=json.dumps(body)
    )
    assert response.status_code == 201, response.body
    return response.json_body


def emails_to(mailbox: str, address: str) -> list[dict[str, Any]]:
    return [m for m in read_mailbox(mailbox) if m["to"] == address]


def test_each_addressed_party_gets_exactly_one_email_and_the_author_hears_of_the_answer(
    wired: dict[str, Any], identities: Identities
) -> None:
    api, pump, mailbox = wired["api"], wired["pump"], wired["mailbox"]
    author = identities.user("autora-eventos@example.mx", role="citizen", name="Rosa")
    sent = submit(api, author, "Luminarias en el parque central", ["pfa", "pfv"])
    pump.drain(timeout=30)
    for address in PARTY_ADDRESSES.values():
        (email,) = emails_to(mailbox, address)
        assert "Luminarias en el parque central" in email["subject"]
        assert "Simulacro" in email["text"]
        assert f"#/propuesta/{sent['id']}" in email["text"]  # the page where the party answers
    assert emails_to(mailbox, "avisos-pfr-pfm@simulacro.decide.ieem.local") == []

    editor = identities.user("editor-eventos-pfa@simulacro.mx", role="party_editor", party_id="pfa")
    answer = {"stance": "commit", "text": "Instalaremos las luminarias en los primeros seis meses."}
    response = api.http.post(
        f"/v1/proposals/{sent['id']}/responses",
        headers={"Content-Type": "application/json", **Identities.bearer(editor)},
        body=json.dumps(answer),
    )
    assert response.status_code == 200
    pump.drain(timeout=30)
    (email,) = emails_to(mailbox, "autora-eventos@example.mx")
    assert "respondió" in email["subject"]
    assert answer["text"] in email["text"]
    page = api.http.get(f"/v1/proposals/{sent['id']}").json_body
    assert page["responses"][0]["text"] == answer["text"]
    # replaying the whole stream again sends nothing new
    pump.reread_stream()
    pump.drain(timeout=30)
    assert len(emails_to(mailbox, PARTY_ADDRESSES["pfa"])) == 1
    assert len(emails_to(mailbox, "autora-eventos@example.mx")) == 1


def test_sns_and_ses_faults_delay_but_neither_lose_nor_double_an_email(
    wired: dict[str, Any], identities: Identities
) -> None:
    api, pump, mailbox = wired["api"], wired["pump"], wired["mailbox"]
    wired["sns"].next_calls = 3  # SNS is down for the first three publishes
    wired["ses"].rate = 0.3  # then SES throttles 30 % of sends
    proposals = []
    for n in range(12):
        token = identities.user(f"fallas-{n}@example.mx", role="citizen")
        proposals.append(submit(api, token, f"Propuesta con fallas número {n}", ["pfa", "pfv"]))
    pump.drain(timeout=90)
    assert wired["sns"].injected == 3 and wired["ses"].injected > 0
    for address in PARTY_ADDRESSES.values():
        subjects = [m["subject"] for m in emails_to(mailbox, address)]
        for n in range(12):
            assert sum(s.endswith(f"número {n}") for s in subjects) == 1, (address, n)


def test_a_poison_message_lands_in_the_dead_letter_queue_and_is_redriven(
    wired: dict[str, Any], fan_out: dict[str, Any]
) -> None:
    pump: EventPump = wired["pump"]
    sqs = boto3.client("sqs")
    party_queue = fan_out["queues"]["party"]
    sqs.send_message(QueueUrl=party_queue, MessageBody="{not json")
    pump.drain(timeout=60, idle_rounds=8)
    dlq = fan_out["dlq"]["party"]
    attributes = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["ApproximateNumberOfMessages"])
    assert attributes["Attributes"]["ApproximateNumberOfMessages"] == "1"
    from decide.operations import redrive

    moved = redrive(sqs, dlq, party_queue)
    assert moved == 1
    attributes = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["ApproximateNumberOfMessages"])
    assert attributes["Attributes"]["ApproximateNumberOfMessages"] == "0"


def test_digest_parties_get_one_email_listing_everything_and_never_an_empty_one(
    wired: dict[str, Any], identities: Identities, seeded: ElectionStore
) -> None:
    api, pump, mailbox = wired["api"], wired["pump"], wired["mailbox"]
    notifications = NotificationStore(seeded.table)
    address = "resumen-pfv@simulacro.decide.ieem.local"
    notifications.save_party_settings(
        PartySettings(process_id="simulacro", contender_id="pfv", addresses=[address], mode=DeliveryMode.DIGEST)
    )
    try:
        for n in range(3):
            token = identities.user(f"resumen-{n}@example.mx", role="citizen")
            submit(api, token, f"Tema del resumen {n}", ["pfv"])
        pump.drain(timeout=30)
        assert emails_to(mailbox, address) == []
        report = app_module.send_digests(scheduled_event(), None)
        assert report["sent"] == 1
        (digest,) = emails_to(mailbox, address)
        assert all(f"Tema del resumen {n}" in digest["text"] for n in range(3))
        assert app_module.send_digests(scheduled_event(), None)["sent"] == 0  # nothing new: no empty digest
        assert len(emails_to(mailbox, address)) == 1
    finally:
        notifications.save_party_settings(
            PartySettings(process_id="simulacro", contender_id="pfv", addresses=[PARTY_ADDRESSES["pfv"]])
        )


def test_a_consumer_killed_mid_batch_neither_loses_nor_doubles_an_email(
    wired: dict[str, Any], identities: Identities, fan_out: dict[str, Any]
) -> None:
    api, pump, mailbox = wired["api"], wired["pump"], wired["mailbox"]
    party_queue = fan_out["queues"]["party"]
    real = pump.queue_handlers[party_queue]
    kills = []

    def dies_after_the_first_record(event: dict[str, Any], context: Any) -> Any:
        if not kills and len(event["Records"]) > 1:
            kills.append(len(event["Records"]))
            real({"Records": event["Records"][:1]}, context)  # one record fully handled...
            raise RuntimeError("consumer killed")  # ...then the process dies: the whole batch returns
        return real(event, context)

    pump.queue_handlers[party_queue] = dies_after_the_first_record
    for n in range(4):
        token = identities.user(f"muerte-{n}@example.mx", role="citizen")
        submit(api, token, f"Consumidor caído caso {n}", ["pfa"])
    pump.pump_stream()
    pump.drain(timeout=60)
    assert kills, "the batch had more than one message, so the consumer was killed once"
    subjects = [m["subject"] for m in emails_to(mailbox, PARTY_ADDRESSES["pfa"])]
    for n in range(4):
        assert sum(s.endswith(f"caso {n}") for s in subjects) == 1, n


def test_a_permanent_bounce_marks_the_party_address_failing_and_tells_the_institute_once(
    wired: dict[str, Any], seeded: ElectionStore
) -> None:
    mailbox = wired["mailbox"]
    notifications = NotificationStore(seeded.table)
    address = "rebota-pfm@simulacro.decide.ieem.local"
    notifications.save_party_settings(PartySettings(process_id="simulacro", contender_id="pfm", addresses=[address]))
    bounce = {
        "notificationType": "Bounce",
        "bounce": {"bounceType": "Permanent", "bouncedRecipients": [{"emailAddress": address}]},
    }
    transient = {
        "notificationType": "Bounce",
        "bounce": {"bounceType": "Transient", "bouncedRecipients": [{"emailAddress": address}]},
    }

    def sns_event(message: dict[str, Any], message_id: str) -> dict[str, Any]:
        return {"Records": [{"Sns": {"Message": json.dumps(message), "Subject": "", "MessageAttributes": {},
                                     "MessageId": message_id}}]}  # fmt: skip

    assert app_module.record_email_feedback(sns_event(transient, "m-0"), None) == []
    assert app_module.record_email_feedback(sns_event(bounce, "m-1"), None) == [address]
    assert app_module.record_email_feedback(sns_event(bounce, "m-1"), None) == [address]  # redelivered
    settings = notifications.party_settings("simulacro", "pfm")
    assert settings.failing_addresses == [address] and settings.addresses == [address]
    alerts = emails_to(mailbox, "operaciones@decide.ieem.local")
    assert len(alerts) == 1 and address in alerts[0]["text"]
