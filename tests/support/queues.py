"""Completion checks on a running stack's notification queues (instead of sleeping "long enough")."""

from __future__ import annotations

import time
from collections.abc import Sequence

import boto3
from mypy_boto3_sqs.literals import QueueAttributeNameType

from decide.resources import StackNames
from decide.stack_process import StackProcess

COUNTS: list[QueueAttributeNameType] = [
    "ApproximateNumberOfMessages",
    "ApproximateNumberOfMessagesNotVisible",
    "ApproximateNumberOfMessagesDelayed",
]


def wait_until_queues_are_empty(
    stack: StackProcess, audiences: Sequence[str] = ("party", "citizen"), timeout: float = 180
) -> None:
    """Return once every notification queue of `stack` holds nothing waiting, in flight or delayed,
    on two reads in a row: then no email can still arrive from them (a retried or re-claimed message
    is in flight until it is deleted). Fails after `timeout` seconds."""
    sqs = boto3.client("sqs", endpoint_url=stack.moto_url, region_name="us-east-1")
    names = StackNames(stage="dev", table=stack.table_name)
    urls = [sqs.get_queue_url(QueueName=names.queue(audience))["QueueUrl"] for audience in audiences]
    deadline = time.monotonic() + timeout
    quiet = 0
    while quiet < 2:
        waiting = {
            url: sum(int(value) for value in sqs.get_queue_attributes(QueueUrl=url, AttributeNames=COUNTS)
                     ["Attributes"].values())
            for url in urls
        }  # fmt: skip
        quiet = quiet + 1 if not any(waiting.values()) else 0
        assert time.monotonic() < deadline, f"the notification queues never emptied: {waiting}"
        if quiet < 2:
            time.sleep(0.5)
