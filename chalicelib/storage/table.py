"""The DynamoDB adapter: documents stored as JSON under a (pk, sk) key.

The boto3 client is created on first use (never at import time, so moto's `mock_aws` and
the local endpoint apply) and can be injected. `ClientError` becomes `StorageError`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from chalicelib.errors import DecideError
from chalicelib.storage.keys import Key

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.client import DynamoDBClient

BATCH_GET_LIMIT = 100
BATCH_WRITE_LIMIT = 25
MAX_UNPROCESSED_RETRIES = 8


class StorageError(DecideError):
    code = "storage_unavailable"


class StoredItem:
    """A stored document and its key. `doc` is the JSON text of a model."""

    __slots__ = ("doc", "entity", "key")

    def __init__(self, key: Key, entity: str, doc: str) -> None:
        self.key = key
        self.entity = entity
        self.doc = doc


def _default_client_factory() -> DynamoDBClient:
    import boto3

    return boto3.client("dynamodb")


class DocumentTable:
    def __init__(
        self,
        table_name: str,
        client_factory: Callable[[], DynamoDBClient] = _default_client_factory,
    ) -> None:
        self.table_name = table_name
        self._client_factory = client_factory
        self._client: DynamoDBClient | None = None

    @property
    def client(self) -> DynamoDBClient:
        if self._client is None:
            self._client = self._client_factory()
        return self._client

    @staticmethod
    def _key(key: Key) -> dict[str, Any]:
        return {"pk": {"S": key.pk}, "sk": {"S": key.sk}}

    @staticmethod
    def _item(raw: dict[str, Any]) -> StoredItem:
        return StoredItem(Key(raw["pk"]["S"], raw["sk"]["S"]), raw.get("entity", {}).get("S", ""), raw["doc"]["S"])

    def _call(self, operation: Callable[..., Any], **kwargs: Any) -> Any:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            return operation(**kwargs)
        except (ClientError, BotoCoreError) as exc:
            raise StorageError("El almacenamiento no está disponible; intenta de nuevo.") from exc

    def get(self, key: Key) -> StoredItem | None:
        response = self._call(self.client.get_item, TableName=self.table_name, Key=self._key(key))
        raw = response.get("Item")
        return self._item(raw) if raw else None

    def query(self, pk: str, sk_prefix: str | None = None, *, limit: int | None = None) -> list[StoredItem]:
        """Every item of a partition (optionally under a sort-key prefix), following pages."""
        kwargs: dict[str, Any] = {
            "TableName": self.table_name,
            "KeyConditionExpression": "pk = :pk",
            "ExpressionAttributeValues": {":pk": {"S": pk}},
        }
        if sk_prefix:
            kwargs["KeyConditionExpression"] += " AND begins_with(sk, :prefix)"
            kwargs["ExpressionAttributeValues"][":prefix"] = {"S": sk_prefix}
        if limit:
            kwargs["Limit"] = limit
        items: list[StoredItem] = []
        while True:
            response = self._call(self.client.query, **kwargs)
            items += [self._item(raw) for raw in response.get("Items", [])]
            last = response.get("LastEvaluatedKey")
            if not last or (limit and len(items) >= limit):
                return items
            kwargs["ExclusiveStartKey"] = last

    def batch_get(self, keys: Sequence[Key]) -> dict[Key, StoredItem]:
        unique = list(dict.fromkeys(keys))
        found: dict[Key, StoredItem] = {}
        for start in range(0, len(unique), BATCH_GET_LIMIT):
            pending: list[dict[str, Any]] = [self._key(k) for k in unique[start : start + BATCH_GET_LIMIT]]
            for attempt in range(MAX_UNPROCESSED_RETRIES):
                response = self._call(
                    self.client.batch_get_item,
                    RequestItems={self.table_name: {"Keys": pending}},
                )
                for raw in response.get("Responses", {}).get(self.table_name, []):
                    item = self._item(raw)
                    found[item.key] = item
                pending = response.get("UnprocessedKeys", {}).get(self.table_name, {}).get("Keys", [])
                if not pending:
                    break
                time.sleep(0.05 * 2**attempt)
            else:
                raise StorageError("El almacenamiento está saturado; intenta de nuevo.")
        return found

    def put(self, item: StoredItem) -> None:
        self._call(self.client.put_item, TableName=self.table_name, Item=self._raw(item))

    @classmethod
    def _raw(cls, item: StoredItem) -> dict[str, Any]:
        return {**cls._key(item.key), "entity": {"S": item.entity}, "doc": {"S": item.doc}}

    def batch_put(self, items: Iterable[StoredItem], on_batch: Callable[[int], None] | None = None) -> int:
        """Write items 25 at a time, retrying unprocessed ones; returns how many were written."""
        batch: list[StoredItem] = []
        written = 0
        for item in items:
            batch.append(item)
            if len(batch) == BATCH_WRITE_LIMIT:
                written += self._write_batch(batch)
                batch = []
                if on_batch:
                    on_batch(written)
        if batch:
            written += self._write_batch(batch)
            if on_batch:
                on_batch(written)
        return written

    def _write_batch(self, batch: list[StoredItem]) -> int:
        # The same key twice in one BatchWriteItem is refused: the last version wins.
        by_key = {item.key: item for item in batch}
        pending: list[dict[str, Any]] = [{"PutRequest": {"Item": self._raw(i)}} for i in by_key.values()]
        for attempt in range(MAX_UNPROCESSED_RETRIES):
            response = self._call(self.client.batch_write_item, RequestItems={self.table_name: pending})
            pending = response.get("UnprocessedItems", {}).get(self.table_name, [])
            if not pending:
                return len(by_key)
            time.sleep(0.05 * 2**attempt)
        raise StorageError("El almacenamiento está saturado; intenta de nuevo.")
