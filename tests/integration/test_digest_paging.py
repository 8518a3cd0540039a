"""A digest of many entries for one party (2,000 in `make test`, the issue's 10,000 in
`make bench-sizes`): read and deleted in pages, one email, and a run that runs out of time resumes
the same digest (never a second email, never a lost entry)."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import boto3
from chalice.test import Client

from chalicelib import dependencies
from chalicelib.notifications.models import DeliveryMode, DigestEntry, PartySettings
from chalicelib.storage import keys
from chalicelib.storage.election_store import ElectionStore
from chalicelib.storage.notification_store import DIGEST_PAGE, NotificationStore
from chalicelib.storage.table import StoredItem
from tests.integration.conftest import NOW
from tests.integration.open_data_files import load_items
from tests.mail_support import SentEmail, sent_emails

ENTRIES = int(os.environ.get("DIGEST_TEST_ENTRIES", "2000"))
ADDRESS = "resumen-grande@pfv.simulacro.decide.ieem.local"


def _entries(count: int) -> list[StoredItem]:
    items = []
    for n in range(count):
        entry = DigestEntry(
            event_id=f"evento-{n:05d}",
            proposal_id=f"propuesta-{n:05d}",
            process_id="simulacro",
            contender_id="pfv",
            title=f"Propuesta ficticia número {n}",
            place_name="Acambay de Ruíz Castañeda",
            topic_label="Movilidad",
            queued_at=NOW - timedelta(hours=20) + timedelta(seconds=n),
        )
        items.append(
            StoredItem(keys.digest_entry("simulacro", "pfv", entry.event_id), "DigestEntry", entry.model_dump_json())
        )
    items.append(
        StoredItem(keys.digest_marker("simulacro", "pfv"), "DigestMarker", "{}", {"process_id": {"S": "simulacro"}})
    )
    return items


def _sent_to(address: str) -> list[SentEmail]:
    return sent_emails(address)


def _budget(calls: int) -> Callable[[], float]:
    """The function's remaining time: plenty for `calls` checks, then none (a timeout coming)."""
    checks = iter(range(calls + 1))
    return lambda: 60.0 if next(checks, calls) < calls else 0.0


def test_many_entries_make_one_email_in_pages_and_a_stopped_run_resumes(api: Client, seeded: ElectionStore) -> None:
    boto3.client("ses").verify_domain_identity(Domain="simulacro.decide.ieem.local")
    boto3.client("ses").verify_domain_identity(Domain="decide.ieem.local")
    notifications = NotificationStore(seeded.table)
    notifications.save_party_settings(
        PartySettings(process_id="simulacro", contender_id="pfv", addresses=[ADDRESS], mode=DeliveryMode.DIGEST)
    )
    load_items(_entries(ENTRIES))
    limits: list[int] = []
    digest_partition = {"S": keys.digest_pk("simulacro", "pfv")}

    def record_limit(params: dict[str, Any], **_: Any) -> None:
        # the notifier's reads of the party's entries (not this test's own counting below)
        if params.get("ExpressionAttributeValues", {}).get(":pk") == digest_partition and not counting:
            limits.append(params.get("Limit", 0))

    counting = False
    seeded.table.client.meta.events.register("provide-client-params.dynamodb.Query", record_limit)
    notifier = dependencies.current().notifier

    # When the daily run has time for the email and 3 pages of deletes only
    first = notifier.send_digests(_budget(4))
    assert (first.sent, first.unfinished) == (1, 1)
    counting = True
    assert len(seeded.table.query(keys.digest_pk("simulacro", "pfv"))) == ENTRIES - 3 * DIGEST_PAGE
    counting = False
    # and a proposal arrives after the digest's cut-off
    later = NOW + timedelta(hours=1)
    notifications.queue_digest(
        DigestEntry(
            event_id="evento-tarde",
            proposal_id="propuesta-tarde",
            process_id="simulacro",
            contender_id="pfv",
            title="Propuesta ficticia que llegó después",
            place_name="Acambay de Ruíz Castañeda",
            topic_label="Movilidad",
            queued_at=later,
        )
    )

    # Then the next run resumes the same digest: no second email, every digested entry deleted
    second = notifier.send_digests()
    assert (second.sent, second.unfinished) == (0, 0)
    (email,) = _sent_to(ADDRESS)
    body = email.body
    assert f"{ENTRIES} propuestas" in body and "Propuesta ficticia número 0 " in body
    assert "Propuesta ficticia número 49 " in body and "Propuesta ficticia número 50 " not in body
    assert f"…y {ENTRIES - 50} propuestas más" in body
    left, _ = seeded.table.query_page(keys.digest_pk("simulacro", "pfv"), limit=10)
    assert [e.sk for e in (i.key for i in left)] == ["evento-tarde"]
    # every read was a page, never the whole partition
    assert limits and max(limits) <= DIGEST_PAGE and 0 not in limits

    # And the late proposal goes in the next day's digest, alone
    tomorrow = dataclasses.replace(notifier, clock=lambda: later + timedelta(hours=23))
    third = tomorrow.send_digests()
    assert third.sent == 1 and len(_sent_to(ADDRESS)) == 2
    assert (
        "1 propuestas" in _sent_to(ADDRESS)[-1].body
        or "Propuesta ficticia que llegó después" in _sent_to(ADDRESS)[-1].body
    )
    assert seeded.table.get(keys.digest_marker("simulacro", "pfv")) is None
