"""The log's own stream consumer: table changes → log entries, appended once and in order.

It reads the table's stream beside the notification relay (a second Lambda on the same stream, so
neither waits for the other). Records of a shard arrive in order and are handled one by one; at the
first failure it stops and reports that record, so Lambda retries from it and no later record is
appended before it: the per-item order of the stream is the order of the log. (A batch processor
that carries on after a failure would append later changes first.) A redelivered or replayed record
re-derives the same event ids, which the log has claimed: nothing is appended twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from chalicelib.observability import logger
from chalicelib.transparency.service import TransparencyLog


@dataclass
class LogAppender:
    """The `append_to_log` Lambda's service: it owns the log."""

    log: TransparencyLog

    def append_batch(self, event: dict[str, Any]) -> dict[str, Any]:
        """One stream batch (the Lambda event), in order; the report names the first failed record."""
        return append_stream_batch(event, self.log)


def append_stream_batch(event: dict[str, Any], log: TransparencyLog) -> dict[str, Any]:
    for record in event.get("Records", []):
        change = record.get("dynamodb", {})
        try:
            indexes = log.append_change(change.get("OldImage"), change.get("NewImage"))
        except Exception as exc:
            logger.warning("log append failed; the stream retries from this record", extra={"error": repr(exc)})
            return {"batchItemFailures": [{"itemIdentifier": change.get("SequenceNumber", "")}]}
        if indexes:
            logger.info("log entries appended", extra={"leaf_indexes": indexes})
    return {"batchItemFailures": []}
