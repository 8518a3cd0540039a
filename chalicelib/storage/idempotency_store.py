"""Powertools' idempotency records on our table, spread over partitions (issue 11).

Powertools keeps every record under one partition key (`static_pk_value`) when the table has a sort
key: on election day every proposal submission writes there twice (in progress, then completed), one
hot partition. Here the partition key carries a shard taken from the record's own key (a hash already):
`IDEMPOTENCY#proposals#07`, so the records of 50 submissions a second land on `SHARDS` partitions; a
retry of the same submission computes the same shard and finds its record."""

from __future__ import annotations

import hashlib
from typing import Any

from aws_lambda_powertools.utilities.idempotency import DynamoDBPersistenceLayer

SHARDS = 32


def shard_of(idempotency_key: str, shards: int = SHARDS) -> int:
    return hashlib.sha256(idempotency_key.encode()).digest()[0] % shards


class ShardedIdempotencyLayer(DynamoDBPersistenceLayer):
    """The partition key is `<prefix>#<shard>`; the sort key is Powertools' idempotency key."""

    def __init__(self, *, prefix: str, shards: int = SHARDS, **options: Any) -> None:
        super().__init__(static_pk_value=prefix, **options)
        self.shards = shards

    def partition_of(self, idempotency_key: str) -> str:
        return f"{self.static_pk_value}#{shard_of(idempotency_key, self.shards):02d}"

    def _get_key(self, idempotency_key: str) -> dict[str, Any]:
        assert self.sort_key_attr is not None, "the table has a sort key"
        return {
            self.key_attr: {"S": self.partition_of(idempotency_key)},
            self.sort_key_attr: {"S": idempotency_key},
        }


def proposal_submissions(table_name: str, client: Any) -> ShardedIdempotencyLayer:
    """The layer for proposal submissions (records expire with the table's TTL attribute)."""
    return ShardedIdempotencyLayer(
        prefix="IDEMPOTENCY#proposals",
        table_name=table_name,
        key_attr="pk",
        sort_key_attr="sk",
        expiry_attr="expires_at",
        boto3_client=client,
    )
