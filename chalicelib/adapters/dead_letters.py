"""How many messages wait in the notification dead-letter queues (SQS adapter): two calls per
queue (its URL, cached, and its approximate depth), whatever the number of messages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chalicelib.adapters.clients import LazyClient, default_client
from chalicelib.observability import logger

AUDIENCES = ("party", "citizen")


def dead_letter_queue_name(stage: str, audience: str) -> str:
    """The name `decide bootstrap` and the CDK stack give the audience's dead-letter queue."""
    return f"decide-{stage}-{audience}-notifications-dlq"


_SQS_CLIENT = default_client("sqs")


class DeadLetterDepth(LazyClient[Any]):
    def __init__(self, stage: str, client_factory: Callable[[], Any] = _SQS_CLIENT) -> None:
        self.stage = stage
        self._client_factory = client_factory
        self._urls: dict[str, str] = {}

    def depths(self) -> dict[str, int | None]:
        """Messages per audience's dead-letter queue; None where SQS cannot say now (shown as unknown)."""
        from botocore.exceptions import BotoCoreError, ClientError

        result: dict[str, int | None] = {}
        for audience in AUDIENCES:
            try:
                if audience not in self._urls:
                    name = dead_letter_queue_name(self.stage, audience)
                    self._urls[audience] = self.client.get_queue_url(QueueName=name)["QueueUrl"]
                answer = self.client.get_queue_attributes(
                    QueueUrl=self._urls[audience], AttributeNames=["ApproximateNumberOfMessages"]
                )
                result[audience] = int(answer["Attributes"]["ApproximateNumberOfMessages"])
            except (BotoCoreError, ClientError):
                logger.warning("dead-letter depth unavailable", extra={"audience": audience})
                result[audience] = None
        return result
