"""The SNS adapter: publishes domain events with the attributes queues filter on."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chalicelib.adapters.clients import LazyClient, default_client
from chalicelib.errors import Unavailable
from chalicelib.events.domain_events import DomainEvent

_SNS_CLIENT = default_client("sns")


class PublishError(Unavailable):
    """SNS did not accept an event; the stream batch is retried from this record."""

    code = "publish_failed"


class EventPublisher(LazyClient[Any]):
    def __init__(self, topic_arn: str, client_factory: Callable[[], Any] = _SNS_CLIENT) -> None:
        self.topic_arn = topic_arn
        self._client_factory = client_factory

    def publish(self, event: DomainEvent) -> None:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            self.client.publish(
                TopicArn=self.topic_arn,
                Message=event.model_dump_json(),
                MessageAttributes={
                    "audience": {"DataType": "String", "StringValue": event.audience.value},
                    "event_type": {"DataType": "String", "StringValue": event.type.value},
                },
            )
        except (ClientError, BotoCoreError) as exc:
            raise PublishError(f"could not publish {event.event_id}") from exc
