"""Puts a queue message back on its queue with a delay (SQS adapter): a deferred email is a new
message, so the original's receive count never moves towards the dead-letter queue. Sending twice
is harmless: the email ledger sends one email per event and recipient."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chalicelib.adapters.clients import LazyClient, default_client
from chalicelib.errors import Unavailable

_SQS_CLIENT = default_client("sqs")


class DeferralError(Unavailable):
    code = "deferral_failed"


class QueueDeferral(LazyClient[Any]):
    def __init__(self, delay_seconds: int = 60, client_factory: Callable[[], Any] = _SQS_CLIENT) -> None:
        self.delay_seconds = delay_seconds
        self._client_factory = client_factory
        self._urls: dict[str, str] = {}
        self.deferred = 0

    def _url(self, arn: str) -> str:
        if arn not in self._urls:
            _, _, _, _, account, name = arn.split(":", 5)
            self._urls[arn] = self.client.get_queue_url(QueueName=name, QueueOwnerAWSAccountId=account)["QueueUrl"]
        return self._urls[arn]

    def defer(self, record: dict[str, Any]) -> None:
        from botocore.exceptions import BotoCoreError, ClientError

        attributes = {
            name: {"DataType": value.get("dataType") or "String", "StringValue": value.get("stringValue") or ""}
            for name, value in (record.get("messageAttributes") or {}).items()
        }
        try:
            self.client.send_message(
                QueueUrl=self._url(record["eventSourceARN"]),
                MessageBody=record["body"],
                DelaySeconds=self.delay_seconds,
                MessageAttributes=attributes,
            )
        except (ClientError, BotoCoreError) as exc:
            raise DeferralError("the message could not be deferred") from exc
        self.deferred += 1
