"""The local event pump: what Lambda's event source mappings do in AWS, for the local stack.

It reads the table's stream and hands each batch to `app.relay_table_changes`, then reads the
notification queues and hands each batch to `app.notify_parties` / `app.notify_citizens`:
the same handler functions Lambda calls, with events of the same shape. Partial batch
failures are honoured: failed stream records are retried from the first failure; failed queue
messages are left on the queue, reappear after their visibility timeout and, after the queue's
maxReceiveCount, move to the dead-letter queue.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import boto3

Handler = Callable[[dict[str, Any], Any], Any]
RETRY_VISIBILITY_SECONDS = 2
# The local stack signs a tree head within seconds of an append (AWS: every 10 minutes), so a
# receipt can be verified right after submitting.
LOCAL_SIGNING_SECONDS = 3.0


def load_app() -> Any:
    """The Chalice app module (app.py at the project root), importable from any working directory."""
    from decide.config import PROJECT_DIR

    if str(PROJECT_DIR) not in sys.path:
        sys.path.insert(0, str(PROJECT_DIR))
    import app as application

    return application


def scheduled_event() -> dict[str, Any]:
    """The event EventBridge gives a scheduled Lambda, for running `send_digests` locally."""
    from datetime import UTC, datetime

    return {
        "version": "0",
        "id": "local-schedule",
        "detail-type": "Scheduled Event",
        "source": "aws.events",
        "account": "123456789012",
        "time": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "region": "us-east-1",
        "resources": [],
        "detail": {},
    }


@dataclass
class PumpStats:
    stream_records: int = 0
    stream_retries: int = 0
    messages_handled: int = 0
    messages_failed: int = 0


@dataclass
class EventPump:
    table_name: str
    queue_handlers: dict[str, Handler]  # queue URL → handler
    relay: Handler
    session: Any = None
    stats: PumpStats = field(default_factory=PumpStats)
    # Failed messages come back after 2 s, 8 s, 32 s, 128 s (not every 2 s): a consumer killed between
    # claiming an email and sending it leaves a claim that only expires after CLAIM_SECONDS (120 s),
    # and the message must not reach the dead-letter queue before that, as in AWS (5 × 60 s).
    backoff: bool = False
    # Where the last relayed sequence number of each shard is kept, so a restarted pump resumes there.
    checkpoint_file: Path | None = None
    _checkpoint: dict[str, str] = field(default_factory=dict)
    _shard_of: dict[str, str] = field(default_factory=dict)  # sequence number → shard, for pending records
    _iterators: dict[str, str] = field(default_factory=dict)
    _pending: list[dict[str, Any]] = field(default_factory=list)
    _stream_arn: str = ""

    def __post_init__(self) -> None:
        session = self.session or boto3.session.Session()
        self.dynamodb = session.client("dynamodb")
        self.streams = session.client("dynamodbstreams")
        self.sqs = session.client("sqs")
        self._stream_arn = self.dynamodb.describe_table(TableName=self.table_name)["Table"]["LatestStreamArn"]
        if self.checkpoint_file and self.checkpoint_file.exists():
            saved = json.loads(self.checkpoint_file.read_text())
            if saved.get("stream") == self._stream_arn:
                self._checkpoint = dict(saved["shards"])

    def resumes(self) -> bool:
        """Whether this pump continues from a checkpoint (a restart) rather than the stream's start."""
        return bool(self._checkpoint)

    def _save_checkpoint(self, relayed: list[dict[str, Any]]) -> None:
        for record in relayed:
            sequence = record["dynamodb"]["SequenceNumber"]
            self._checkpoint[self._shard_of.pop(sequence)] = sequence
        if self.checkpoint_file and relayed:
            temporary = self.checkpoint_file.with_suffix(".tmp")
            temporary.write_text(json.dumps({"stream": self._stream_arn, "shards": self._checkpoint}))
            temporary.replace(self.checkpoint_file)

    # the stream ------------------------------------------------------------------------------
    def start_at_latest(self) -> None:
        """Skip what is already in the stream (the seed), as Lambda's LATEST starting position does."""
        shards = self.streams.describe_stream(StreamArn=self._stream_arn)["StreamDescription"]["Shards"]
        for shard in shards:
            self._iterators[shard["ShardId"]] = self.streams.get_shard_iterator(
                StreamArn=self._stream_arn, ShardId=shard["ShardId"], ShardIteratorType="LATEST"
            )["ShardIterator"]

    @property
    def has_pending(self) -> bool:
        """Whether records read from the stream still wait to be relayed."""
        return bool(self._pending)

    def reread_stream(self) -> None:
        """Forget where each shard was being read: the next round starts again from the checkpoint
        (from the stream's start when none is kept), as a restarted pump does (tests replay with it)."""
        self._iterators.clear()

    def _read_stream(self) -> list[dict[str, Any]]:
        if not self._iterators:
            shards = self.streams.describe_stream(StreamArn=self._stream_arn)["StreamDescription"]["Shards"]
            for shard in shards:
                position: dict[str, str] = {"ShardIteratorType": "TRIM_HORIZON"}
                if shard["ShardId"] in self._checkpoint:  # resume after the last record relayed
                    position = {
                        "ShardIteratorType": "AFTER_SEQUENCE_NUMBER",
                        "SequenceNumber": self._checkpoint[shard["ShardId"]],
                    }
                self._iterators[shard["ShardId"]] = self.streams.get_shard_iterator(
                    StreamArn=self._stream_arn, ShardId=shard["ShardId"], **position
                )["ShardIterator"]
        records: list[dict[str, Any]] = []
        for shard_id, iterator in list(self._iterators.items()):
            response = self.streams.get_records(ShardIterator=iterator, Limit=100)
            if response.get("NextShardIterator"):
                self._iterators[shard_id] = response["NextShardIterator"]
            else:  # a closed shard (or a short answer): start again from the checkpoint
                del self._iterators[shard_id]
            for record in response["Records"]:
                sequence = record["dynamodb"]["SequenceNumber"]
                if sequence in self._shard_of:  # read again after a restart from the checkpoint: still pending
                    continue
                self._shard_of[sequence] = shard_id
                records.append({**record, "eventSourceARN": self._stream_arn})
        return records

    def skip_backlog(self) -> int:
        """Checkpoint at the stream's end without relaying: for the local stack's own seed, written
        before the API starts (no request can be among it); returns how many records were passed."""
        passed = 0
        while records := self._read_stream():
            self._save_checkpoint(records)
            passed += len(records)
        return passed

    def pump_stream(self) -> int:
        """Relay pending and new stream records; returns how many were relayed."""
        self._pending += self._read_stream()
        if not self._pending:
            return 0
        batch = self._pending[:100]
        result = self.relay({"Records": batch}, None) or {}
        failures = [f["itemIdentifier"] for f in result.get("batchItemFailures", [])]
        if failures:
            first = next(i for i, r in enumerate(batch) if r["dynamodb"]["SequenceNumber"] == failures[0])
            self._save_checkpoint(batch[:first])
            self._pending = self._pending[first:]
            self.stats.stream_retries += 1
            self.stats.stream_records += first
            return first
        self._save_checkpoint(batch)
        self._pending = self._pending[len(batch) :]
        self.stats.stream_records += len(batch)
        return len(batch)

    # the queues ------------------------------------------------------------------------------
    def pump_queue(self, queue_url: str) -> int:
        response = self.sqs.receive_message(
            QueueUrl=queue_url,
            MaxNumberOfMessages=10,
            WaitTimeSeconds=0,
            VisibilityTimeout=RETRY_VISIBILITY_SECONDS,
            AttributeNames=["All"],
            MessageAttributeNames=["All"],
        )
        messages = response.get("Messages", [])
        if not messages:
            return 0
        arn = self.sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        records = [
            {
                "messageId": m["MessageId"],
                "receiptHandle": m["ReceiptHandle"],
                "body": m["Body"],
                "attributes": m.get("Attributes", {}),
                "messageAttributes": {
                    k: {"stringValue": v.get("StringValue"), "dataType": v.get("DataType")}
                    for k, v in m.get("MessageAttributes", {}).items()
                },
                "md5OfBody": m.get("MD5OfBody", ""),
                "eventSource": "aws:sqs",
                "eventSourceARN": arn,
                "awsRegion": "us-east-1",
            }
            for m in messages
        ]
        try:
            result = self.queue_handlers[queue_url]({"Records": records}, None) or {}
            failed = {f["itemIdentifier"] for f in result.get("batchItemFailures", [])}
        except Exception:  # a crashed consumer: the whole batch comes back, as in Lambda
            failed = {r["messageId"] for r in records}
        if self.backoff:
            for message in (m for m in messages if m["MessageId"] in failed):
                receives = int(message.get("Attributes", {}).get("ApproximateReceiveCount", "1"))
                self.sqs.change_message_visibility(
                    QueueUrl=queue_url,
                    ReceiptHandle=message["ReceiptHandle"],
                    VisibilityTimeout=min(RETRY_VISIBILITY_SECONDS * 4 ** (receives - 1), 600),
                )
        done = [r for r in records if r["messageId"] not in failed]
        if done:
            self.sqs.delete_message_batch(
                QueueUrl=queue_url,
                Entries=[{"Id": str(i), "ReceiptHandle": str(r["receiptHandle"])} for i, r in enumerate(done)],
            )
        self.stats.messages_handled += len(done)
        self.stats.messages_failed += len(failed)
        return len(done)

    def pump_once(self) -> int:
        moved = self.pump_stream()
        for queue_url in self.queue_handlers:
            moved += self.pump_queue(queue_url)
        return moved

    def drain(self, timeout: float = 60.0, idle_rounds: int = 3) -> PumpStats:
        """Pump until nothing moves for `idle_rounds` rounds spaced past the retry visibility."""
        deadline = time.monotonic() + timeout
        idle = 0
        while time.monotonic() < deadline and idle < idle_rounds:
            if self.pump_once() or self._pending:
                idle = 0
                continue
            idle += 1
            if idle < idle_rounds:
                time.sleep(RETRY_VISIBILITY_SECONDS + 0.2)
        return self.stats


def sns_records_from_queue(handler: Handler) -> Handler:
    """Hand SQS-delivered SNS envelopes to an `on_sns_message` handler one by one, as SNS invokes it in AWS.

    A failing message is reported as a batch item failure, so it stays on the queue and is retried."""

    def deliver(event: dict[str, Any], context: Any) -> dict[str, Any]:
        failures = []
        for record in event["Records"]:
            envelope = json.loads(record["body"])
            sns_event = {
                "Records": [
                    {
                        "EventSource": "aws:sns",
                        "EventVersion": "1.0",
                        "EventSubscriptionArn": f"{envelope.get('TopicArn', '')}:local",
                        "Sns": {
                            "Type": envelope.get("Type", "Notification"),
                            "MessageId": envelope.get("MessageId", record["messageId"]),
                            "TopicArn": envelope.get("TopicArn", ""),
                            "Subject": envelope.get("Subject"),
                            "Message": envelope["Message"],
                            "Timestamp": envelope.get("Timestamp", ""),
                            "MessageAttributes": envelope.get("MessageAttributes", {}),
                        },
                    }
                ]
            }
            try:
                handler(sns_event, context)
            except Exception as exc:
                print(f"event pump: {type(exc).__name__} in an SNS handler", file=sys.stderr, flush=True)
                failures.append({"itemIdentifier": record["messageId"]})
        return {"batchItemFailures": failures}

    return deliver


def every_stream_consumer(*handlers: Handler) -> Handler:
    """Several Lambdas on one stream, for the pump: each sees every record; the batch is retried
    from the earliest failure any of them reports (each consumer is idempotent by event id)."""

    def handle(event: dict[str, Any], context: Any) -> dict[str, Any]:
        order = [r["dynamodb"]["SequenceNumber"] for r in event["Records"]]
        first: int | None = None
        for handler in handlers:
            failures = (handler(event, context) or {}).get("batchItemFailures", [])
            for failure in failures:
                position = order.index(failure["itemIdentifier"])
                first = position if first is None else min(first, position)
        return {"batchItemFailures": [] if first is None else [{"itemIdentifier": order[first]}]}

    return handle


def pump_for_app(table_name: str, stage: str, session: Any = None, checkpoint_file: Path | None = None) -> EventPump:
    """An EventPump wired to this project's app handlers and the stage's queues."""
    from decide.resources import StackNames

    application = load_app()
    names = StackNames(stage=stage, table=table_name)
    sqs = (session or boto3.session.Session()).client("sqs")
    party = sqs.get_queue_url(QueueName=names.queue("party"))["QueueUrl"]
    citizen = sqs.get_queue_url(QueueName=names.queue("citizen"))["QueueUrl"]
    sms = sqs.get_queue_url(QueueName=names.sms_inbound_tap)["QueueUrl"]
    return EventPump(
        table_name=table_name,
        queue_handlers={
            party: application.notify_parties,
            citizen: application.notify_citizens,
            sms: sns_records_from_queue(application.answer_sms),
        },
        relay=every_stream_consumer(application.relay_table_changes, application.append_to_log),
        session=session,
        checkpoint_file=checkpoint_file,
    )


def main() -> None:
    """`python -m decide.event_pump`: run forever against the local stack (started by `decide run`)."""
    from chalicelib.settings import get_settings

    settings = get_settings()
    checkpoint = os.environ.get("DECIDE_PUMP_CHECKPOINT")
    pump = pump_for_app(settings.table_name, settings.stage, checkpoint_file=Path(checkpoint) if checkpoint else None)
    pump.backoff = True
    # From the start of the stream (like the deployed relay) or, restarted, from its checkpoint:
    # nothing written while it was down is skipped; the email ledger absorbs any replay.
    if pump.resumes():
        print(f"event pump: resuming after the checkpoint {checkpoint}", file=sys.stderr, flush=True)
    elif os.environ.get("DECIDE_PUMP_SKIP_SEED") == "1":
        # `decide run` starts the pump after seeding and before the API: the backlog is the seed,
        # which notifies nobody (the drill's fictional activity included).
        passed = pump.skip_backlog()
        print(f"event pump: {passed} seed records passed without relaying", file=sys.stderr, flush=True)
    while pump.pump_stream():
        pass
    ready_file = os.environ.get("DECIDE_PUMP_READY_FILE")
    if ready_file:
        Path(ready_file).write_text("ready\n")
    digest_every = 600.0
    last_digest = time.monotonic()
    last_signature = 0.0
    # The open-data files are built by a schedule (AWS: every 10 minutes); locally at start and each minute,
    # so `make run` serves them at once and a new proposal appears in them soon.
    open_data_every = 60.0
    last_open_data = 0.0
    running = True

    def stop(_signum: int, _frame: Any) -> None:
        nonlocal running
        running = False

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print("event pump: relaying the table stream and the notification queues", file=sys.stderr, flush=True)
    application = load_app()

    while running:
        try:
            moved = pump.pump_once()
            if time.monotonic() - last_signature > LOCAL_SIGNING_SECONDS:  # AWS: every 10 min
                application.sign_tree_head(scheduled_event(), None)
                last_signature = time.monotonic()
            if time.monotonic() - last_open_data > open_data_every:
                application.publish_open_data(scheduled_event(), None)
                last_open_data = time.monotonic()
            if time.monotonic() - last_digest > digest_every:
                application.send_digests(scheduled_event(), None)
                last_digest = time.monotonic()
        except Exception as exc:  # keep pumping; the handlers log their own errors
            print(f"event pump: {exc!r}", file=sys.stderr, flush=True)
            moved = 0
        if not moved:
            time.sleep(0.3)


if __name__ == "__main__":
    main()
