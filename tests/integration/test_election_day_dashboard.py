"""GET /v1/admin/dashboard: one day's stream-derived counts, the dead-letter queues' depth and the
runbooks; one DynamoDB read whatever the data size; refused to every role but ieem_admin."""

from __future__ import annotations

import boto3
import pytest
from chalice.test import Client

from chalicelib.storage.notification_store import EmailLedger
from chalicelib.storage.table import DocumentTable
from tests.integration.conftest import NOW, TABLE, CallCounter
from tests.integration.identities import Identities
from tests.integration.portal_helpers import Callers, call, callers
from tests.integration.stream_tallies import StreamTallies

DAY = "2026-11-26"  # NOW (18:00 UTC) is 12:00 in Mexico City, the same day


@pytest.fixture
def who(identities: Identities) -> Callers:
    return callers(identities)


def test_the_dashboard_counts_the_days_emails_from_the_stream_and_reads_the_dead_letter_queues(
    api: Client, who: Callers, counter: CallCounter
) -> None:
    sqs = boto3.client("sqs")
    party_dlq = sqs.create_queue(QueueName="decide-dev-party-notifications-dlq")["QueueUrl"]
    sqs.create_queue(QueueName="decide-dev-citizen-notifications-dlq")
    for n in range(2):
        sqs.send_message(QueueUrl=party_dlq, MessageBody=f'{{"event_id": "prueba-{n}"}}')
    tallies = StreamTallies(TABLE)
    ledger = EmailLedger(DocumentTable(TABLE))
    moment = NOW.timestamp()
    for n in range(3):  # three emails sent
        assert ledger.claim(f"tablero.{n}", f"persona{n}@example.org", now=moment)
        ledger.sent(f"tablero.{n}", f"persona{n}@example.org", f"ses-{n}")
    assert ledger.claim("tablero.fallido", "rebote@example.org", now=moment)
    ledger.release("tablero.fallido", "rebote@example.org")  # SES refused the attempt
    tallies.catch_up()
    tallies.replay()  # a retried batch counts nothing twice

    call(api, "GET", "/v1/admin/dashboard", who.admin)  # the first signed-in request records the account
    counter.reset()
    board = call(api, "GET", f"/v1/admin/dashboard?day={DAY}", who.admin)
    assert board.status_code == 200, board.body
    body = board.json_body
    assert body["day"] == DAY
    assert (body["activity"]["emails_sent"], body["activity"]["emails_failed"]) == (3, 1)
    assert body["dead_letters"] == {"party": 2, "citizen": 0}
    assert body["runbooks"][0]["document"] == "README.md#runbooks"
    assert all(r["title"] and r["url"] is None for r in body["runbooks"])
    # the signed-in account's record and the day's counter item: no Scan, no Query, whatever the data size
    assert counter.calls == ["GetItem", "GetItem"], counter.calls

    # another day has its own (empty) counters
    other = call(api, "GET", "/v1/admin/dashboard?day=2026-11-25", who.admin).json_body
    assert other["activity"]["emails_sent"] == 0
    # a bad day is named
    bad = call(api, "GET", "/v1/admin/dashboard?day=ayer", who.admin)
    assert bad.status_code == 400 and bad.json_body["error"]["details"]["fields"][0]["field"] == "day"


def test_the_dashboard_is_refused_to_every_role_but_the_institutes_admin(api: Client, who: Callers) -> None:
    statuses = {
        role: call(api, "GET", "/v1/admin/dashboard", token).status_code
        for role, token in {
            "anonymous": None,
            "citizen": who.citizen,
            "party_editor": who.editor,
            "ieem_moderator": who.moderator,
        }.items()
    }
    assert statuses == {"anonymous": 401, "citizen": 403, "party_editor": 403, "ieem_moderator": 403}
