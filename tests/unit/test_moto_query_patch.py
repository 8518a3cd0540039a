"""decide/moto_patches.py answers moto's Queries from the queried partition (table) or from a map
of index hash values (index). Whatever is written, and however, a Query must return exactly what
moto's own Query returns: the same items, order, pages and counts."""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws

from decide.moto_patches import unpatched_queries
from decide.resources import ensure_table

TABLE = "decide-moto-patch"
PARTITIONS = [f"P#{n}" for n in range(5)]
OWNERS = [f"OWNER#{n}" for n in range(4)]


@pytest.fixture
def client() -> Iterator[Any]:
    with mock_aws():
        client = boto3.client("dynamodb", region_name="us-east-1")
        ensure_table(client, TABLE)  # the project's own table: keys, gsi1 and the stream
        yield client


def pages(client: Any, **query: Any) -> list[tuple[list[dict[str, Any]], int, int]]:
    found, start = [], None
    while True:
        answer = client.query(TableName=TABLE, **query, **({"ExclusiveStartKey": start} if start else {}))
        found.append((answer["Items"], answer["Count"], answer["ScannedCount"]))
        start = answer.get("LastEvaluatedKey")
        if not start:
            return found


def queries() -> list[dict[str, Any]]:
    shapes: list[dict[str, Any]] = []
    for pk in PARTITIONS:
        key = {"KeyConditionExpression": "pk = :v", "ExpressionAttributeValues": {":v": {"S": pk}}}
        shapes += [key, {**key, "ScanIndexForward": False, "Limit": 3}]
        shapes.append(
            {
                "KeyConditionExpression": "pk = :v AND begins_with(sk, :s)",
                "ExpressionAttributeValues": {":v": {"S": pk}, ":s": {"S": "S#1"}},
                "Limit": 2,
            }
        )
    for owner in [*OWNERS, "OWNER#none"]:
        key = {
            "IndexName": "gsi1",
            "KeyConditionExpression": "gsi1pk = :v",
            "ExpressionAttributeValues": {":v": {"S": owner}},
        }
        shapes += [key, {**key, "ScanIndexForward": False, "Limit": 4}]
        shapes.append(
            {
                **key,
                "FilterExpression": "attribute_exists(#b) AND #b > :n",
                "ExpressionAttributeNames": {"#b": "body"},
                "ExpressionAttributeValues": {":v": {"S": owner}, ":n": {"S": "xxx"}},
                "Limit": 5,
            }
        )
    return shapes


def same_answers(client: Any) -> None:
    for query in queries():
        patched = pages(client, **query)
        with unpatched_queries():
            original = pages(client, **query)
        assert patched == original, query


def test_queries_match_moto_after_every_kind_of_write(client: Any) -> None:
    rng = random.Random(11)
    same_answers(client)  # builds the index map on an empty table
    for step in range(240):
        pk, sk = rng.choice(PARTITIONS), f"S#{rng.randrange(12)}"
        key = {"pk": {"S": pk}, "sk": {"S": sk}}
        owner = {"gsi1pk": {"S": rng.choice(OWNERS)}, "gsi1sk": {"S": f"T#{rng.randrange(6)}"}}
        body = {"body": {"S": "x" * rng.randrange(8)}}
        kind = rng.randrange(7)
        try:
            if kind == 0:  # a put, with or without index attributes
                client.put_item(TableName=TABLE, Item={**key, **body, **(owner if rng.random() < 0.7 else {})})
            elif kind == 1:  # an update moving the item to another index partition (or creating it)
                client.update_item(
                    TableName=TABLE,
                    Key=key,
                    UpdateExpression="SET gsi1pk = :o, gsi1sk = :t, body = :b",
                    ExpressionAttributeValues={":o": owner["gsi1pk"], ":t": owner["gsi1sk"], ":b": body["body"]},
                )
            elif kind == 2:  # an update taking it out of the index
                client.update_item(TableName=TABLE, Key=key, UpdateExpression="REMOVE gsi1pk")
            elif kind == 3:
                client.delete_item(TableName=TABLE, Key=key)
            elif kind == 4:  # a conditional write that fails: nothing changes
                client.put_item(
                    TableName=TABLE, Item={**key, **owner}, ConditionExpression="attribute_not_exists(nothing_here)"
                ) if rng.random() < 0.5 else client.update_item(
                    TableName=TABLE,
                    Key=key,
                    UpdateExpression="SET gsi1pk = :o",
                    ConditionExpression="attribute_exists(never)",
                    ExpressionAttributeValues={":o": owner["gsi1pk"]},
                )
            elif kind == 5:  # a transaction, cancelled half the time by its last condition
                other = {"pk": {"S": rng.choice(PARTITIONS)}, "sk": {"S": f"S#{rng.randrange(12, 20)}"}}
                never_written = {"pk": {"S": pk}, "sk": {"S": "S#never"}}
                client.transact_write_items(
                    TransactItems=[
                        {"Put": {"TableName": TABLE, "Item": {**key, **owner, **body}}},
                        {
                            "Update": {
                                "TableName": TABLE,
                                "Key": other,
                                "UpdateExpression": "SET gsi1pk = :o, gsi1sk = :t",
                                "ExpressionAttributeValues": {":o": owner["gsi1pk"], ":t": {"S": "T#x"}},
                            }
                        },
                        {
                            "ConditionCheck": {
                                "TableName": TABLE,
                                "Key": never_written,
                                "ConditionExpression": "attribute_not_exists(pk)"
                                if rng.random() < 0.5
                                else "attribute_exists(pk)",
                            }
                        },
                    ]
                )
            else:  # a batch of puts and deletes
                client.batch_write_item(
                    RequestItems={
                        TABLE: [
                            {"PutRequest": {"Item": {**key, **owner, **body}}},
                            {"DeleteRequest": {"Key": {"pk": {"S": pk}, "sk": {"S": f"S#{(int(sk[2:]) + 1) % 12}"}}}},
                        ]
                    }
                )
        except ClientError as exc:
            assert exc.response["Error"]["Code"] in ("ConditionalCheckFailedException", "TransactionCanceledException")
        if step % 30 == 29:
            same_answers(client)
    same_answers(client)
    listed = client.scan(TableName=TABLE)["Items"]
    assert len(listed) > 20  # the writes left a table worth comparing
    assert any("gsi1pk" in item for item in listed) and any("gsi1pk" not in item for item in listed)
