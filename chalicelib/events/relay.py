"""The stream relay: table changes → domain events → SNS, reporting partial batch failures."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import DynamoDBRecord

from chalicelib.events.domain_events import events_from_change
from chalicelib.events.publisher import EventPublisher
from chalicelib.observability import logger


def relay_stream_batch(event: dict[str, Any], publisher: EventPublisher) -> dict[str, Any]:
    """Publish the events of each record. A failed record and the ones after it are retried
    (DynamoDB streams are ordered; Powertools reports the first failed sequence number)."""

    def handle(record: DynamoDBRecord) -> None:
        change = record.raw_event.get("dynamodb", {})
        for domain_event in events_from_change(change.get("OldImage"), change.get("NewImage")):
            publisher.publish(domain_event)
            logger.info("event published", extra={"event_id": domain_event.event_id})

    processor = BatchProcessor(event_type=EventType.DynamoDBStreams)
    return dict(process_partial_response(event=event, record_handler=handle, processor=processor))
