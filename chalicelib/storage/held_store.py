"""Messages held during the veda: one item per domain event, in the order the events happened."""

from __future__ import annotations

from datetime import UTC

from chalicelib.events.domain_events import DomainEvent
from chalicelib.storage import keys
from chalicelib.storage.table import DocumentTable, StoredItem


def _key(process_id: str, event: DomainEvent) -> keys.Key:
    # UTC ISO timestamps sort as strings: the partition reads back in the order events happened.
    return keys.held_message(process_id, event.occurred_at.astimezone(UTC).isoformat(), event.event_id)


class HeldMessageStore:
    def __init__(self, table: DocumentTable) -> None:
        self.table = table

    def hold(self, process_id: str, event: DomainEvent) -> None:
        """Idempotent: a redelivered event is held once (same key)."""
        self.table.put(StoredItem(_key(process_id, event), "HeldMessage", event.model_dump_json()))
        self.table.put(StoredItem(keys.held_marker(process_id), "HeldMarker", "{}"))

    def processes_with_held(self) -> list[str]:
        return [i.key.sk for i in self.table.query(keys.HELD_PENDING_PK)]

    def held(self, process_id: str) -> list[DomainEvent]:
        """Held events in the order they happened (the sort key starts with the event's time)."""
        return [DomainEvent.model_validate_json(i.doc) for i in self.table.query(keys.held_pk(process_id))]

    def released(self, process_id: str, event: DomainEvent) -> None:
        self.table.delete(_key(process_id, event))

    def clear_marker(self, process_id: str) -> None:
        self.table.delete(keys.held_marker(process_id))
