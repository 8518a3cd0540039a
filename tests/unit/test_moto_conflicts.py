"""The moto server's injected TransactionConflict (decide/moto_patches.install_conflicts, for the
election-day benchmark over HTTP) has the shapes AWS answers, which the app's storage layer retries;
nothing is written by a refused request; the rate follows its control file; the counts are kept."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws
from moto.dynamodb.responses import DynamoHandler

from chalicelib.storage.table import RETRYABLE_CANCELLATIONS, RETRYABLE_ERRORS
from decide.moto_patches import install_conflicts
from decide.resources import ensure_table

TABLE = "decide-moto-conflicts"


@pytest.fixture
def client(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Any, Path]]:
    # moto's handler is patched for this test only (teardown puts its own methods back)
    for name in ("transact_write_items", "put_item"):
        monkeypatch.setattr(DynamoHandler, name, getattr(DynamoHandler, name))
    control = tmp_path / "conflicts"
    install_conflicts(control)
    with mock_aws():
        client = boto3.client("dynamodb", region_name="us-east-1")
        ensure_table(client, TABLE)
        yield client, control


def set_rate(control: Path, rate: str, stamp: int) -> None:
    control.write_text(rate)
    os.utime(control, ns=(stamp, stamp))  # a new modification time, however fast the writes come


def item(n: int) -> dict[str, Any]:
    return {"pk": {"S": f"P#{n}"}, "sk": {"S": "A"}}


def test_injected_conflicts_are_retryable_write_nothing_and_follow_the_control_file(
    client: tuple[Any, Path],
) -> None:
    dynamodb, control = client
    dynamodb.put_item(TableName=TABLE, Item=item(0))  # no control file: off

    set_rate(control, "1", 1_000_000_000)
    with pytest.raises(ClientError) as put:
        dynamodb.put_item(TableName=TABLE, Item=item(1))
    assert put.value.response["Error"]["Code"] == "TransactionConflictException"
    transaction = [{"Put": {"TableName": TABLE, "Item": item(2)}}, {"Put": {"TableName": TABLE, "Item": item(3)}}]
    with pytest.raises(ClientError) as cancelled:
        dynamodb.transact_write_items(TransactItems=transaction)
    assert cancelled.value.response["Error"]["Code"] == "TransactionCanceledException"
    reasons = [r["Code"] for r in cancelled.value.response["CancellationReasons"]]
    assert reasons == ["TransactionConflict", "None"]
    # what the app's storage tries again (chalicelib/storage/table.py)
    assert "TransactionConflictException" in RETRYABLE_ERRORS and "TransactionConflict" in RETRYABLE_CANCELLATIONS
    # an idempotency record is in no transaction: DynamoDB never answers it a conflict
    dynamodb.put_item(TableName=TABLE, Item={"pk": {"S": "IDEMPOTENCY#proposals#07"}, "sk": {"S": "k"}})
    stored = {i["pk"]["S"] for i in dynamodb.scan(TableName=TABLE)["Items"]}
    assert stored == {"P#0", "IDEMPOTENCY#proposals#07"}  # the refused writes left nothing
    counts = control.with_name("conflicts.injected")
    assert json.loads(counts.read_text()) == {"TransactWriteItems": 1, "PutItem": 1}

    set_rate(control, "0", 2_000_000_000)
    dynamodb.put_item(TableName=TABLE, Item=item(1))
    dynamodb.transact_write_items(TransactItems=transaction)
    stored = {i["pk"]["S"] for i in dynamodb.scan(TableName=TABLE)["Items"]}
    assert stored == {"P#0", "IDEMPOTENCY#proposals#07", "P#1", "P#2", "P#3"}
    assert json.loads(counts.read_text()) == {"TransactWriteItems": 1, "PutItem": 1}
