"""Applies stream-derived tallies: each (event, counter) once, hot counters updated once per batch."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from chalicelib.storage import keys
from chalicelib.storage.keys import Key
from chalicelib.storage.table import DocumentTable, StoredItem, TransactionCancelledError

if TYPE_CHECKING:
    from chalicelib.events.tallies import Tally

MARKERS_PER_TRANSACTION = 99  # TransactWriteItems takes 100 items: the markers and the counter


class TallyStore:
    def __init__(self, table: DocumentTable, clock: Any = time.time) -> None:
        self.table = table
        self.clock = clock

    def apply(self, tallies: list[Tally]) -> int:
        """Apply the tallies of a stream batch; returns how many were new (the rest were counted before).

        All tallies of one counter go in as few transactions as possible, each holding one marker per
        tally (conditional on not existing) and a single update of the counter with the sums: a counter
        that hundreds of supports hit in a batch is written once, not hundreds of times."""
        by_counter: dict[Key, dict[str, Tally]] = {}
        for tally in tallies:
            by_counter.setdefault(tally.counter, {})[tally.event_id] = tally
        applied = 0
        for counter, events in by_counter.items():
            pending = list(events.values())
            for start in range(0, len(pending), MARKERS_PER_TRANSACTION):
                applied += self._apply_chunk(counter, pending[start : start + MARKERS_PER_TRANSACTION])
        return applied

    def _apply_chunk(self, counter: Key, chunk: list[Tally]) -> int:
        while chunk:
            try:
                self.table.transact(self._operations(counter, chunk))
                return len(chunk)
            except TransactionCancelledError as exc:
                reasons = exc.reasons[: len(chunk)]
                counted = {n for n, reason in enumerate(reasons) if reason == "ConditionalCheckFailed"}
                if not counted:
                    raise
                chunk = [t for n, t in enumerate(chunk) if n not in counted]
        return 0

    def _operations(self, counter: Key, chunk: list[Tally]) -> list[dict[str, Any]]:
        expires_at = str(int(self.clock()) + keys.TALLY_MARKER_DAYS * 86400)
        ttl = {"expires_at": {"N": expires_at}}
        operations = [
            self.table.put_operation(
                StoredItem(keys.tally_marker(t.event_id, counter), "TallyMarker", "{}", ttl), "attribute_not_exists(pk)"
            )
            for t in chunk
        ]
        sums: dict[str, int] = {}
        for tally in chunk:
            for name, amount in tally.deltas:
                sums[name] = sums.get(name, 0) + amount
        names = {f"#c{n}": name for n, name in enumerate(sums)}
        values: dict[str, Any] = {f":c{n}": {"N": str(amount)} for n, amount in enumerate(sums.values())}
        values[":entity"] = {"S": chunk[0].entity}
        adds = ", ".join(f"#c{n} :c{n}" for n in range(len(sums)))
        operations.append(
            {
                "Update": {
                    "Key": keys.key_attributes(counter),
                    "UpdateExpression": f"ADD {adds} SET entity = if_not_exists(entity, :entity)",
                    "ExpressionAttributeNames": names,
                    "ExpressionAttributeValues": values,
                }
            }
        )
        return operations

    def counted(self, event_id: str, counter: Key) -> bool:
        return self.table.get(keys.tally_marker(event_id, counter)) is not None

    def counts_of_day(self, day: str, names: tuple[str, ...]) -> dict[str, int]:
        """The election-day dashboard's counters of `day` (one GetItem); absent ones are 0."""
        item = self.table.get(keys.daily_activity(day))
        attributes = item.attributes if item else {}
        return {name: int(attributes[name]["N"]) if name in attributes else 0 for name in names}
