"""The relay's tally step run over moto's table stream, for tests that read stream-derived counts."""

from __future__ import annotations

from typing import Any

from chalicelib.events.relay import tally_stream_batch
from chalicelib.storage.table import DocumentTable
from chalicelib.storage.tally_store import TallyStore
from decide.event_pump import EventPump


class StreamTallies:
    """Starts at the stream's end (as Lambda's LATEST does); `catch_up()` applies what was written since."""

    def __init__(self, table_name: str) -> None:
        self.store = TallyStore(DocumentTable(table_name))
        self.batches: list[dict[str, Any]] = []
        self.pump = EventPump(table_name=table_name, queue_handlers={}, relay=self._relay)
        self.pump.start_at_latest()

    def _relay(self, event: dict[str, Any], _context: Any) -> dict[str, Any]:
        self.batches.append(event)
        return tally_stream_batch(event, self.store)

    def catch_up(self) -> None:
        while self.pump.pump_stream() or self.pump.has_pending:
            pass

    def replay(self) -> None:
        """Deliver every batch seen so far again, as a retried Lambda invocation would."""
        for event in list(self.batches):
            tally_stream_batch(event, self.store)
