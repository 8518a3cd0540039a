"""The election-day dashboard's counts, derived from the stream like every shared count (pure).

One counter item per day (Mexico City time) with: proposals received / held for review /
published, emails sent / failed (an attempt SES refused; the message is retried or ends in a
dead-letter queue), messages held by the veda, and addresses newly marked failing (bounces and
complaints). Each tally names its event so a replayed batch never counts twice; the dashboard
reads one item, whatever the number of proposals or emails.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

from chalicelib.elections.models import MEXICO_CITY
from chalicelib.events.tallies import Tally
from chalicelib.storage import keys
from chalicelib.storage.notification_store import recipient_hash

ACTIVITY_COUNTERS = (
    "proposals_received",
    "proposals_held",
    "proposals_published",
    "emails_sent",
    "emails_failed",
    "messages_held",
    "addresses_failing",
)
CLAIM_SECONDS = 120  # storage/notification_store.py: a claim's lease, so its start is lease_until - 120


def local_day(moment: datetime) -> date:
    return moment.astimezone(MEXICO_CITY).date()


def _text(image: dict[str, Any] | None, name: str) -> str | None:
    value = (image or {}).get(name, {})
    return value.get("S") if isinstance(value, dict) else None


def _number(image: dict[str, Any] | None, name: str) -> int | None:
    value = (image or {}).get(name, {})
    raw = value.get("N") if isinstance(value, dict) else None
    return int(raw) if raw is not None else None


def _doc(image: dict[str, Any] | None) -> dict[str, Any]:
    raw = _text(image, "doc")
    return json.loads(raw) if raw else {}


def _at(value: str | None, fallback: datetime) -> datetime:
    try:
        return datetime.fromisoformat(value) if value else fallback
    except ValueError:
        return fallback


def _tally(event_id: str, day: date, counter: str) -> Tally:
    return Tally(f"activity.{event_id}", keys.daily_activity(day.isoformat()), ((counter, 1),), "DailyActivity")


def activity_tallies(old: dict[str, Any] | None, new: dict[str, Any] | None, recorded_at: datetime) -> list[Tally]:
    """The dashboard counts one stream record moves; `recorded_at` is when the table changed."""
    entity = _text(new, "entity") or _text(old, "entity")
    if entity == "Proposal":
        before, after = _doc(old), _doc(new)
        if not after:
            return []
        pid = after.get("id", "")
        result = []
        if old is None:
            created = local_day(_at(after.get("created_at"), recorded_at))
            result.append(_tally(f"received:{pid}", created, "proposals_received"))
            if after.get("status") == "pending_review":
                result.append(_tally(f"held:{pid}", created, "proposals_held"))
        if after.get("status") == "published" and before.get("status") != "published":
            published = local_day(_at(after.get("published_at"), recorded_at))
            result.append(_tally(f"published:{pid}", published, "proposals_published"))
        return result
    if entity == "EmailDelivery":
        was, now = _text(old, "state"), _text(new, "state")
        lease = _number(new if new is not None else old, "lease_until")
        claimed = datetime.fromtimestamp(lease - CLAIM_SECONDS, UTC) if lease is not None else recorded_at
        pk = _text(new if new is not None else old, "pk") or ""
        if now == "sent" and was != "sent":
            return [_tally(f"sent:{pk}", local_day(claimed), "emails_sent")]
        if new is None and was == "sending":  # released: SES refused the attempt
            return [_tally(f"failed:{pk}:{lease}", local_day(claimed), "emails_failed")]
        return []
    if entity == "HeldMessage" and old is None and new is not None:
        key = f"{_text(new, 'pk')}#{_text(new, 'sk')}"
        return [_tally(f"held_message:{key}", local_day(recorded_at), "messages_held")]
    if entity == "PartySettings" and new is not None:
        added = set(_doc(new).get("failing_addresses", [])) - set(_doc(old).get("failing_addresses", []))
        day = local_day(recorded_at)
        owner = f"{_text(new, 'pk')}#{_text(new, 'sk')}"
        # the marker names the address by its hash, never the address itself
        return [
            _tally(f"failing:{day}:{owner}:{recipient_hash(address)}", day, "addresses_failing")
            for address in sorted(added)
        ]
    return []


def stream_time(record: dict[str, Any]) -> datetime:
    """A stream record's ApproximateCreationDateTime (epoch seconds); now if the record lacks it."""
    value = record.get("dynamodb", {}).get("ApproximateCreationDateTime")
    if isinstance(value, int | float):
        return datetime.fromtimestamp(value, UTC)
    if isinstance(value, datetime):
        return value.astimezone(UTC)
    return datetime.now(UTC)
