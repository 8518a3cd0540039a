"""The SNS adapter: publishes domain events with the attributes queues filter on."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chalicelib.errors import Unavailable
from chalicelib.events.domain_events import DomainEvent


class PublishError(Unavailable):
    """SNS did not accept an event; the stream batch is retried from this record."""

    code = "publish_failed"


def _default_client() -> Any:
    import boto3

    return boto3.client("sns")


class EventPublisher:
    def __init__(self, topic_arn: str, client_factory: Callable[[], Any] = _default_client) -> None:
        self.topic_arn = topic_arn
        self._client_factory = client_factory
        self._client: Any = None

    @property
    def client(self) -> Any:
        if self._client is None:
            self._client = self._client_factory()
        return self._client

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
