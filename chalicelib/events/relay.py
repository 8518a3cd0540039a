"""The stream relay: table changes → counts (tallies) and domain events → SNS, reporting partial
batch failures.

One Lambda reads the stream and runs its steps in order (DynamoDB advises at most two readers per
shard, so further stream-fed work plugs in here as another step rather than as another reader):
1. tallies for the whole batch (idempotent per event, so a retried batch counts nothing twice),
   after noting publications and first answers on the responsiveness board's notice items;
2. domain events, record by record, to SNS (idempotent downstream through the email ledger)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import DynamoDBRecord

from chalicelib.adapters.publisher import EventPublisher
from chalicelib.events.activity import activity_tallies, stream_time
from chalicelib.events.domain_events import events_from_change
from chalicelib.events.tallies import tallies_from_change
from chalicelib.observability import logger
from chalicelib.responsiveness.notices import record_notices
from chalicelib.storage.notice_store import NoticeStore
from chalicelib.storage.table import StorageError
from chalicelib.storage.tally_store import TallyStore


def tally_stream_batch(
    event: dict[str, Any], tallies: TallyStore, notices: NoticeStore | None = None
) -> dict[str, Any]:
    """Apply the counts of every record of the batch; if they cannot be applied now, the whole batch
    is reported failed (from its first record) and comes back: what was counted is not counted again."""
    records = event.get("Records", [])
    try:
        record_notices(records, notices if notices is not None else NoticeStore(tallies.table))
        found = [
            t
            for r in records
            for t in tallies_from_change(r.get("dynamodb", {}).get("OldImage"), r.get("dynamodb", {}).get("NewImage"))
        ] + [
            t
            for r in records
            for t in activity_tallies(
                r.get("dynamodb", {}).get("OldImage"), r.get("dynamodb", {}).get("NewImage"), stream_time(r)
            )
        ]
        applied = tallies.apply(found)
    except StorageError:
        logger.exception("tallies not applied; the batch is retried")
        return {"batchItemFailures": [{"itemIdentifier": records[0]["dynamodb"]["SequenceNumber"]}]}
    if found:
        logger.info("tallies applied", extra={"tallies": len(found), "new": applied})
    return {"batchItemFailures": []}


@dataclass
class StreamRelay:
    """The `relay_table_changes` Lambda's service: it owns the publisher and the count stores."""

    publisher: EventPublisher
    tallies: TallyStore
    notices: NoticeStore

    def relay(self, event: dict[str, Any]) -> dict[str, Any]:
        """One stream batch (the Lambda event): counted, then relayed; the partial-batch report."""
        return relay_stream_batch(event, self.publisher, self.tallies, self.notices)


def relay_stream_batch(
    event: dict[str, Any],
    publisher: EventPublisher,
    tallies: TallyStore | None = None,
    notices: NoticeStore | None = None,
) -> dict[str, Any]:
    """Count, then publish the events of each record. A failed record and the ones after it are
    retried (DynamoDB streams are ordered; Powertools reports the first failed sequence number)."""
    if tallies is not None and event.get("Records"):
        counted = tally_stream_batch(event, tallies, notices)
        if counted["batchItemFailures"]:
            return counted

    def handle(record: DynamoDBRecord) -> None:
        change = record.raw_event.get("dynamodb", {})
        for domain_event in events_from_change(change.get("OldImage"), change.get("NewImage")):
            publisher.publish(domain_event)
            logger.info("event published", extra={"event_id": domain_event.event_id})

    processor = BatchProcessor(event_type=EventType.DynamoDBStreams)
    return dict(process_partial_response(event=event, record_handler=handle, processor=processor))
