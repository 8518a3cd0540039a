"""The election-day dashboard's counts from stream images: which change moves which counter, on
which (Mexico City) day, named so a replay never counts twice."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from chalicelib.events.activity import activity_tallies
from chalicelib.storage import keys

LATE_EVENING = datetime(2026, 12, 3, 4, 30, tzinfo=UTC)  # 22:30 on 2 December in Mexico City


def image(entity: str, doc: dict[str, Any] | None = None, **attributes: str) -> dict[str, Any]:
    result: dict[str, Any] = {"entity": {"S": entity}, "pk": {"S": "PK"}, "sk": {"S": "SK"}}
    if doc is not None:
        result["doc"] = {"S": json.dumps(doc)}
    for name, value in attributes.items():
        result[name] = {"N": value} if value.isdigit() else {"S": value}
    return result


def moved(tallies: list[Any]) -> list[tuple[str, str, int]]:
    return [(t.counter.pk.removeprefix("ACTIVITY#"), name, amount) for t in tallies for name, amount in t.deltas]


def test_a_held_proposal_counts_received_and_held_on_its_local_day_then_published_when_published() -> None:
    held = {"id": "p1", "status": "pending_review", "created_at": "2026-12-03T04:30:00+00:00"}
    created = activity_tallies(None, image("Proposal", held), LATE_EVENING)
    assert moved(created) == [("2026-12-02", "proposals_received", 1), ("2026-12-02", "proposals_held", 1)]
    published = held | {"status": "published", "published_at": "2026-12-03T15:00:00+00:00"}
    later = activity_tallies(image("Proposal", held), image("Proposal", published), LATE_EVENING)
    assert moved(later) == [("2026-12-03", "proposals_published", 1)]
    # an edit of a published proposal moves nothing; the same change again has the same event ids
    assert activity_tallies(image("Proposal", published), image("Proposal", published), LATE_EVENING) == []
    assert [t.event_id for t in activity_tallies(None, image("Proposal", held), LATE_EVENING)] == [
        t.event_id for t in created
    ]


def test_emails_count_when_sent_or_released_on_the_day_they_were_claimed() -> None:
    lease = str(int(LATE_EVENING.timestamp()) + 120)
    sending = image("EmailDelivery", state="sending", lease_until=lease)
    sent = image("EmailDelivery", state="sent", lease_until=lease)
    assert moved(activity_tallies(sending, sent, datetime.now(UTC))) == [("2026-12-02", "emails_sent", 1)]
    assert moved(activity_tallies(sending, None, datetime.now(UTC))) == [("2026-12-02", "emails_failed", 1)]
    assert activity_tallies(None, sending, datetime.now(UTC)) == []  # a claim alone is neither
    assert activity_tallies(sent, None, datetime.now(UTC)) == []  # the ledger expiring a sent email


def test_held_messages_and_newly_failing_addresses_count_without_naming_the_address() -> None:
    held = activity_tallies(None, image("HeldMessage", {}), LATE_EVENING)
    assert moved(held) == [("2026-12-02", "messages_held", 1)]
    before = image("PartySettings", {"failing_addresses": ["a@pfa.mx"]})
    after = image("PartySettings", {"failing_addresses": ["a@pfa.mx", "b@pfa.mx"]})
    failing = activity_tallies(before, after, LATE_EVENING)
    assert moved(failing) == [("2026-12-02", "addresses_failing", 1)]
    assert "b@pfa.mx" not in failing[0].event_id
    assert failing[0].counter == keys.daily_activity("2026-12-02")
