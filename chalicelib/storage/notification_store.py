"""Party notification settings, the per-recipient email ledger, and digest entries."""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterator, Sequence
from datetime import datetime

from chalicelib.notifications.models import CitizenNotificationSettings, DigestEntry, DigestRun, PartySettings
from chalicelib.storage import keys
from chalicelib.storage.table import ConditionFailedError, DocumentTable, Operation, StoredItem

LEDGER_DAYS = 90
DIGEST_PAGE = 500  # entries read (and deleted) at a time: memory stays bounded at any digest size
CLAIM_SECONDS = 120


def recipient_hash(address: str) -> str:
    return hashlib.sha256(address.strip().lower().encode()).hexdigest()[:32]


class EmailLedger:
    """One email per (event, recipient): a claim before sending, `sent` after.

    A claim expires after CLAIM_SECONDS so a consumer that died between claiming and sending
    does not block delivery forever; the rare crash after SES accepted a message and before the
    ledger recorded it is the one case that can repeat an email (documented in docs/architecture.md).
    """

    def __init__(self, table: DocumentTable) -> None:
        self.table = table

    def claim(self, event_id: str, address: str, now: float | None = None) -> bool:
        """True if this consumer may send; False if it was already sent or is being sent."""
        now = now or time.time()
        key = keys.email_sent(event_id, recipient_hash(address))
        item = StoredItem(
            key,
            "EmailDelivery",
            "{}",
            {
                "state": {"S": "sending"},
                "lease_until": {"N": str(int(now + CLAIM_SECONDS))},
                "expires_at": {"N": str(int(now + LEDGER_DAYS * 86400))},
            },
        )
        try:
            self.table.put_if(
                item,
                "attribute_not_exists(pk) OR (#state = :sending AND lease_until < :now)",
                names={"#state": "state"},
                values={":sending": {"S": "sending"}, ":now": {"N": str(int(now))}},
            )
        except ConditionFailedError:
            return False
        return True

    def state(self, event_id: str, address: str) -> str | None:
        item = self.table.get(keys.email_sent(event_id, recipient_hash(address)))
        return item.attributes.get("state", {}).get("S") if item else None

    def message_id(self, event_id: str, address: str) -> str | None:
        """The SES message id of a sent email (None while it is only claimed)."""
        item = self.table.get(keys.email_sent(event_id, recipient_hash(address)))
        if item is None or item.attributes.get("state", {}).get("S") != "sent":
            return None
        found = item.attributes.get("message_id", {}).get("S")
        return str(found) if found else None

    def sent(self, event_id: str, address: str, message_id: str) -> None:
        self.table.update(
            keys.email_sent(event_id, recipient_hash(address)),
            "SET #state = :sent, message_id = :id",
            names={"#state": "state"},
            values={":sent": {"S": "sent"}, ":id": {"S": message_id}},
        )

    def release(self, event_id: str, address: str) -> None:
        self.table.delete(keys.email_sent(event_id, recipient_hash(address)))


class NotificationStore:
    def __init__(self, table: DocumentTable) -> None:
        self.table = table
        self.ledger = EmailLedger(table)

    def party_settings(self, process_id: str, contender_id: str) -> PartySettings:
        item = self.table.get(keys.party_settings(process_id, contender_id))
        if item is None:
            return PartySettings(process_id=process_id, contender_id=contender_id)
        return PartySettings.model_validate_json(item.doc)

    def save_party_settings(self, settings: PartySettings, audit: Sequence[Operation] = ()) -> None:
        """Save, and keep the address → party index that bounce handling reads: one transaction
        (at most 5 addresses: 11 items), with `audit` (the audit entry's operations)."""
        previous = self.party_settings(settings.process_id, settings.contender_id)
        key = keys.party_settings(settings.process_id, settings.contender_id)
        operations = [self.table.put_operation(StoredItem(key, "PartySettings", settings.model_dump_json()))]
        kept = list(dict.fromkeys(settings.addresses))
        for address in dict.fromkeys(a for a in previous.addresses if a not in kept):
            owner = keys.address_owner(recipient_hash(address), settings.process_id, settings.contender_id)
            operations.append(self.table.delete_operation(owner))
        for address in kept:
            owner = keys.address_owner(recipient_hash(address), settings.process_id, settings.contender_id)
            operations.append(self.table.put_operation(StoredItem(owner, "AddressOwner", "{}")))
        self.table.transact([*operations, *audit])

    # who asked for no more of a kind of email (RFC 8058 one-click, or their settings) -------------
    def citizen_settings(self, user_id: str) -> CitizenNotificationSettings:
        item = self.table.get(keys.citizen_notifications(user_id))
        return CitizenNotificationSettings.model_validate_json(item.doc) if item else CitizenNotificationSettings()

    def save_citizen_settings(self, user_id: str, settings: CitizenNotificationSettings) -> None:
        key = keys.citizen_notifications(user_id)
        self.table.put(StoredItem(key, "CitizenNotificationSettings", settings.model_dump_json()))

    def opt_out(self, address: str, topic: str, at: datetime) -> None:
        """The owner of `address` wants no more emails of `topic` (idempotent)."""
        doc = json.dumps({"topic": topic, "at": at.isoformat()})
        self.table.put(StoredItem(keys.email_opt_out(recipient_hash(address), topic), "EmailOptOut", doc))

    def opted_out(self, address: str, topic: str) -> bool:
        return self.table.get(keys.email_opt_out(recipient_hash(address), topic)) is not None

    def clear_opt_outs(self, address: str, topics: Sequence[str]) -> None:
        """The address's owner asked again for these emails (a confirmed address)."""
        for topic in topics:
            self.table.delete(keys.email_opt_out(recipient_hash(address), topic))

    def owners_of(self, address: str) -> list[tuple[str, str]]:
        """The (process, contender) pairs that use `address` for notifications."""
        items = self.table.query(keys.address_owners_pk(recipient_hash(address)))
        return [tuple(i.key.sk.split("#", 1)) for i in items]  # type: ignore[misc]

    def take_immediate_slot(
        self, process_id: str, contender_id: str, hour: str, event_id: str, per_hour: int, expires_at: int
    ) -> bool:
        """Whether the event may be emailed at once: True for the hour's first `per_hour` events (and again
        for any of them redelivered); False once the hour is full. One item per party and hour holds the
        events' ids, never more than `per_hour` of them."""
        try:
            self.table.update(
                keys.immediate_hour(process_id, contender_id, hour),
                "ADD #events :events SET expires_at = :expires",
                names={"#events": "events"},
                values={
                    ":events": {"SS": [event_id]},
                    ":event": {"S": event_id},
                    ":cap": {"N": str(per_hour)},
                    ":expires": {"N": str(expires_at)},
                },
                condition="attribute_not_exists(#events) OR contains(#events, :event) OR size(#events) < :cap",
            )
        except ConditionFailedError:
            return False
        return True

    def queue_digest(self, entry: DigestEntry) -> None:
        """Idempotent: the same event queued twice is one entry."""
        self.table.put(
            StoredItem(
                keys.digest_entry(entry.process_id, entry.contender_id, entry.event_id),
                "DigestEntry",
                entry.model_dump_json(),
            )
        )
        marker = keys.digest_marker(entry.process_id, entry.contender_id)
        self.table.put(StoredItem(marker, "DigestMarker", "{}", {"process_id": {"S": entry.process_id}}))

    def pending_digests(self) -> list[tuple[str, str]]:
        return [tuple(i.key.sk.split("#", 1)) for i in self.table.query(keys.DIGESTS_PENDING_PK)]  # type: ignore[misc]

    def digest_entries(self, process_id: str, contender_id: str) -> list[DigestEntry]:
        items = self.table.query(keys.digest_pk(process_id, contender_id))
        return sorted((DigestEntry.model_validate_json(i.doc) for i in items), key=lambda e: e.queued_at)

    def clear_digest(self, process_id: str, contender_id: str, entries: list[DigestEntry]) -> None:
        for entry in entries:
            self.table.delete(keys.digest_entry(process_id, contender_id, entry.event_id))
        if not self.digest_entries(process_id, contender_id):
            self.table.delete(keys.digest_marker(process_id, contender_id))

    # paged digests (issue 11): a party's entries are read, sent and deleted a page at a time ------
    def digest_pages(self, process_id: str, contender_id: str, page: int = DIGEST_PAGE) -> Iterator[list[DigestEntry]]:
        cursor = None
        while True:
            items, cursor = self.table.query_page(keys.digest_pk(process_id, contender_id), limit=page, cursor=cursor)
            yield [DigestEntry.model_validate_json(i.doc) for i in items]
            if not cursor:
                return

    def delete_digest_entries(self, process_id: str, contender_id: str, entries: Sequence[DigestEntry]) -> None:
        self.table.batch_delete([keys.digest_entry(process_id, contender_id, e.event_id) for e in entries])

    def digest_run(self, process_id: str, contender_id: str) -> DigestRun | None:
        item = self.table.get(keys.digest_run(process_id, contender_id))
        return DigestRun.model_validate_json(item.doc) if item else None

    def start_digest_run(self, run: DigestRun) -> None:
        self.table.put(
            StoredItem(keys.digest_run(run.process_id, run.contender_id), "DigestRun", run.model_dump_json())
        )

    def finish_digest_run(self, process_id: str, contender_id: str) -> None:
        """The run is over: forget it, and the party's pending marker unless entries came meanwhile."""
        self.table.delete(keys.digest_run(process_id, contender_id))
        left, _ = self.table.query_page(keys.digest_pk(process_id, contender_id), limit=1)
        if not left:
            self.table.delete(keys.digest_marker(process_id, contender_id))

    @staticmethod
    def digest_id(entries: list[DigestEntry], day: datetime) -> str:
        joined = ",".join(sorted(e.event_id for e in entries))
        return f"digest:{day.date().isoformat()}:{hashlib.sha256(joined.encode()).hexdigest()[:16]}"


class SendSlots:
    """The account's SES sending rate shared by every consumer: one counter item per second, taken
    with a conditional ADD (`n < rate`); items expire after a day."""

    def __init__(self, table: DocumentTable) -> None:
        self.table = table

    def take(self, second: int, rate: int) -> bool:
        try:
            self.table.update(
                keys.send_slot(second),
                "ADD #n :one SET expires_at = :ttl, entity = :entity",
                names={"#n": "n"},
                values={
                    ":one": {"N": "1"},
                    ":rate": {"N": str(rate)},
                    ":ttl": {"N": str(second + 86400)},
                    ":entity": {"S": "SendSlot"},
                },
                condition="attribute_not_exists(#n) OR #n < :rate",
            )
        except ConditionFailedError:
            return False
        return True
