"""The table stream stays whole when writes arrive at once, as they do on moto's threaded server.

Without decide/moto_patches.py's stream lock two writes at once could get the same sequence number
(the local event pump then stopped on the duplicate: CI, stop 25), and a cancelled transaction dropped
the stream records of any write that landed meanwhile. The local event pump, for its part, must relay a
record read twice (a restart from its checkpoint while records still wait) exactly once."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws

from decide.event_pump import EventPump
from decide.resources import ensure_table

TABLE = "decide-stream-lock"
WRITERS = 6
WRITES = 60


@pytest.fixture
def client() -> Iterator[Any]:
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as the interpreter can: races show at once
    try:
        with mock_aws():
            client = boto3.client("dynamodb", region_name="us-east-1")
            ensure_table(client, TABLE)
            yield client
    finally:
        sys.setswitchinterval(interval)


def stream_records(client: Any) -> list[dict[str, Any]]:
    streams = boto3.client("dynamodbstreams", region_name="us-east-1")
    arn = client.describe_table(TableName=TABLE)["Table"]["LatestStreamArn"]
    (shard,) = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"]
    iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard["ShardId"], ShardIteratorType="TRIM_HORIZON")
    position, records = iterator["ShardIterator"], []
    while True:
        answer = streams.get_records(ShardIterator=position, Limit=1000)
        if not answer["Records"]:
            return records
        records += answer["Records"]
        position = answer["NextShardIterator"]


def put(client: Any, pk: str, sk: str) -> None:
    client.put_item(TableName=TABLE, Item={"pk": {"S": pk}, "sk": {"S": sk}})


def test_writes_at_once_each_get_their_own_sequence_number(client: Any) -> None:
    def write(writer: int) -> None:
        for n in range(WRITES):
            put(client, f"W#{writer}", f"N#{n:03d}")

    threads = [threading.Thread(target=write, args=(w,)) for w in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    records = stream_records(client)
    numbers = [r["dynamodb"]["SequenceNumber"] for r in records]
    assert len(records) == WRITERS * WRITES
    assert len(set(numbers)) == len(numbers)
    keys = {(r["dynamodb"]["Keys"]["pk"]["S"], r["dynamodb"]["Keys"]["sk"]["S"]) for r in records}
    assert len(keys) == WRITERS * WRITES


def test_a_cancelled_transaction_drops_only_its_own_records(client: Any) -> None:
    put(client, "TAKEN", "x")
    done = threading.Event()

    def write() -> None:
        for n in range(WRITES):
            put(client, "KEPT", f"N#{n:03d}")
        done.set()

    def cancel() -> None:
        while not done.is_set():
            with pytest.raises(ClientError):
                client.transact_write_items(
                    TransactItems=[
                        {"Put": {"TableName": TABLE, "Item": {"pk": {"S": "ROLLED"}, "sk": {"S": "BACK"}}}},
                        {"Put": {"TableName": TABLE, "Item": {"pk": {"S": "TAKEN"}, "sk": {"S": "x"}},
                                 "ConditionExpression": "attribute_not_exists(pk)"}},
                    ]
                )  # fmt: skip

    threads = [threading.Thread(target=write), threading.Thread(target=cancel)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    partitions = [r["dynamodb"]["Keys"]["pk"]["S"] for r in stream_records(client)]
    assert partitions.count("KEPT") == WRITES
    assert "ROLLED" not in partitions


def test_the_pump_relays_a_record_read_again_while_pending_once(client: Any) -> None:
    relayed: list[str] = []
    fail = {"first": True}

    def relay(event: dict[str, Any], _context: Any) -> dict[str, Any]:
        if fail.pop("first", False):  # the first batch fails whole: its records stay pending
            return {"batchItemFailures": [{"itemIdentifier": event["Records"][0]["dynamodb"]["SequenceNumber"]}]}
        relayed.extend(r["dynamodb"]["Keys"]["sk"]["S"] for r in event["Records"])
        return {}

    for n in range(5):
        put(client, "PUMP", f"N#{n}")
    pump = EventPump(table_name=TABLE, queue_handlers={}, relay=relay)
    assert pump.pump_stream() == 0 and pump.has_pending
    pump.reread_stream()  # as after a closed shard: the next read starts again from the checkpoint

    while pump.pump_stream():
        pass

    assert relayed == [f"N#{n}" for n in range(5)]
    assert not pump.has_pending
