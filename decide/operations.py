"""Operator tasks on the message paths: redrive dead letters, read the local mailbox."""

from __future__ import annotations

from typing import Any


def redrive(sqs: Any, dead_letter_queue_url: str, queue_url: str, limit: int = 10_000) -> int:
    """Move every message from a dead-letter queue back to its queue; returns how many moved."""
    moved = 0
    while moved < limit:
        messages = sqs.receive_message(
            QueueUrl=dead_letter_queue_url,
            MaxNumberOfMessages=10,
            WaitTimeSeconds=0,
            MessageAttributeNames=["All"],
        ).get("Messages", [])
        if not messages:
            return moved
        for message in messages:
            attributes = {
                k: {"DataType": v["DataType"], "StringValue": v["StringValue"]}
                for k, v in message.get("MessageAttributes", {}).items()
                if "StringValue" in v
            }
            sqs.send_message(QueueUrl=queue_url, MessageBody=message["Body"], MessageAttributes=attributes)
            sqs.delete_message(QueueUrl=dead_letter_queue_url, ReceiptHandle=message["ReceiptHandle"])
            moved += 1
    return moved
