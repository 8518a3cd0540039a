"""The DynamoDB adapter: documents stored as JSON under a (pk, sk) key.

The boto3 client is created on first use (chalicelib/adapters/clients.py: never at import time, so
moto's `mock_aws` and the local endpoint apply) and can be injected. `ClientError` becomes `StorageError`.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from chalicelib.adapters.clients import LazyClient, default_client
from chalicelib.errors import InvalidInput, Unavailable
from chalicelib.messages import text
from chalicelib.storage.keys import Key, key_attributes

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.client import DynamoDBClient

# One TransactWriteItems operation ({"Put"|"Update"|"Delete"|"ConditionCheck": {...}}). Only storage
# builds one: services receive them from store methods and hand them back to a store's transaction.
Operation = dict[str, Any]

BATCH_GET_LIMIT = 100
BATCH_WRITE_LIMIT = 25
MAX_UNPROCESSED_RETRIES = 8
# What DynamoDB answers when a write lost a race or a partition is over its rate: nothing was
# written, so trying again is safe. (Cancellation reasons of TransactWriteItems, then error codes.)
RETRYABLE_CANCELLATIONS = frozenset({"TransactionConflict", "ThrottlingError", "ProvisionedThroughputExceeded"})
RETRYABLE_ERRORS = frozenset(
    {
        "TransactionConflictException",
        "ThrottlingException",
        "ProvisionedThroughputExceededException",
        "RequestLimitExceeded",
    }
)


class StorageError(Unavailable):
    code = "storage_unavailable"


class ConditionFailedError(StorageError):
    """A conditional write found the item not in the expected state."""

    code = "condition_failed"


class TransactionCancelledError(StorageError):
    """A transaction was cancelled; `reasons` has one code per operation ('None' for those that passed).

    The reasons are for the code that handles the error, never for the person who made the request."""

    code = "transaction_cancelled"

    def __init__(self, reasons: list[str]) -> None:
        super().__init__(text("storage_unavailable"))
        self.reasons = reasons

    def reason_at(self, index: int) -> str:
        """Why the operation at `index` of the transaction was cancelled ("None" if it was not the cause)."""
        return self.reasons[index] if 0 <= index < len(self.reasons) else "None"


class ForeignCursorError(InvalidInput):
    """A pagination cursor that is not a position in the list asked for (another list's, or altered).

    DynamoDB refuses such an ExclusiveStartKey with a ValidationException (moto accepts it); either way
    the caller gets a 400 naming `cursor`, never a 503."""

    code = "invalid_cursor"

    def __init__(self) -> None:
        super().__init__(text("proposal.invalid_cursor"), {"field": "cursor"})


class StorageBusyError(StorageError):
    """A write kept conflicting or being throttled after the bounded retries: answered 503 with
    `Retry-After` so the client (or the person) tries again in a moment."""

    code = "storage_busy"
    retry_after_seconds = 2

    def __init__(self) -> None:
        super().__init__(text("storage.busy"))


@dataclass
class RetryPolicy:
    """Full-jitter exponential backoff for conflicts and throttles, bounded well under the API's 29 s:
    at most `attempts` tries and about `base * 2**attempts` seconds of sleeping in all."""

    attempts: int = 5
    base_seconds: float = 0.02
    cap_seconds: float = 0.5
    sleep: Callable[[float], None] = time.sleep
    random: random.Random = field(default_factory=random.Random)

    def pause(self, attempt: int) -> None:
        self.sleep(self.random.uniform(0, min(self.cap_seconds, self.base_seconds * 2**attempt)))


def _retryable(exc: Exception) -> bool:
    from botocore.exceptions import ClientError

    if not isinstance(exc, ClientError):
        return False
    error = exc.response.get("Error", {}).get("Code", "")
    if error == "TransactionCanceledException":
        reasons = {r.get("Code", "None") for r in exc.response.get("CancellationReasons", [])}
        # a failed condition is an answer, not a race: never retried
        return bool(reasons & RETRYABLE_CANCELLATIONS) and "ConditionalCheckFailed" not in reasons
    return error in RETRYABLE_ERRORS


class StoredItem:
    """A stored document and its key. `doc` is the JSON text of a model; `attributes` are extra
    native DynamoDB attributes (typed, e.g. {"status": {"S": "published"}}) used by conditions,
    counters and indexes."""

    __slots__ = ("attributes", "doc", "entity", "key")

    def __init__(self, key: Key, entity: str, doc: str, attributes: dict[str, Any] | None = None) -> None:
        self.key = key
        self.entity = entity
        self.doc = doc
        self.attributes = attributes or {}


_DYNAMODB_CLIENT = default_client("dynamodb")


def _is_validation_error(exc: BaseException | None) -> bool:
    from botocore.exceptions import ClientError

    return isinstance(exc, ClientError) and exc.response.get("Error", {}).get("Code") == "ValidationException"


def _check_cursor(
    cursor: dict[str, Any],
    pk: str,
    names: tuple[str, str],
    index: str | None,
    sk_prefix: str | None,
    sk_between: tuple[str, str] | None,
) -> None:
    """A cursor is a key of the list being read: the table's key (and the index's), in this partition,
    inside the sort-key condition. Anything else is another list's cursor or an altered one."""
    pk_name, sk_name = names
    allowed = {"pk", "sk", pk_name, sk_name}
    if not set(cursor) <= allowed or not {pk_name, sk_name, "pk", "sk"} <= set(cursor):
        raise ForeignCursorError()
    values: dict[str, str] = {}
    for name in allowed:
        value = cursor[name]
        if not isinstance(value, dict) or set(value) != {"S"} or not isinstance(value["S"], str):
            raise ForeignCursorError()
        values[name] = value["S"]
    sort = values[sk_name]
    if values[pk_name] != pk or (sk_prefix and not sort.startswith(sk_prefix)):
        raise ForeignCursorError()
    if sk_between and not sk_between[0] <= sort <= sk_between[1]:
        raise ForeignCursorError()


class DocumentTable(LazyClient["DynamoDBClient"]):
    def __init__(
        self,
        table_name: str,
        client_factory: Callable[[], DynamoDBClient] = _DYNAMODB_CLIENT,
        retry: RetryPolicy | None = None,
    ) -> None:
        self.table_name = table_name
        self._client_factory = client_factory
        self.retry = retry or RetryPolicy()

    @staticmethod
    def _key(key: Key) -> dict[str, Any]:
        return key_attributes(key)

    @staticmethod
    def _item(raw: dict[str, Any]) -> StoredItem:
        extra = {k: v for k, v in raw.items() if k not in ("pk", "sk", "entity", "doc")}
        return StoredItem(
            Key(raw["pk"]["S"], raw["sk"]["S"]),
            raw.get("entity", {}).get("S", ""),
            raw.get("doc", {}).get("S", "{}"),
            extra,
        )

    def _call(self, operation: Callable[..., Any], **kwargs: Any) -> Any:
        from botocore.exceptions import BotoCoreError, ClientError

        for attempt in range(self.retry.attempts):
            try:
                return operation(**kwargs)
            except ClientError as exc:
                if not _retryable(exc):
                    self._raise(exc)
                if attempt + 1 == self.retry.attempts:
                    raise StorageBusyError() from exc
                self.retry.pause(attempt)
            except BotoCoreError as exc:
                raise StorageError(text("storage_unavailable")) from exc
        raise StorageBusyError()  # not reached: the loop returns or raises

    @staticmethod
    def _raise(exc: Exception) -> None:
        """The ClientError as the feature's own error (AWS's codes and reasons stay in the logs)."""
        from botocore.exceptions import ClientError

        assert isinstance(exc, ClientError)
        error = exc.response.get("Error", {}).get("Code", "")
        if error == "ConditionalCheckFailedException":
            raise ConditionFailedError("condition failed") from exc
        if error == "TransactionCanceledException":
            reasons = [r.get("Code", "None") for r in exc.response.get("CancellationReasons", [])]
            raise TransactionCancelledError(reasons) from exc
        raise StorageError(text("storage_unavailable")) from exc

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
                raise StorageError(text("storage_saturated"))
        return found

    def put(self, item: StoredItem) -> None:
        self._call(self.client.put_item, TableName=self.table_name, Item=self._raw(item))

    @classmethod
    def _raw(cls, item: StoredItem) -> dict[str, Any]:
        return {**item.attributes, **cls._key(item.key), "entity": {"S": item.entity}, "doc": {"S": item.doc}}

    def query_page(
        self,
        pk: str,
        *,
        index: str | None = None,
        sk_prefix: str | None = None,
        limit: int = 20,
        cursor: dict[str, Any] | None = None,
        newest_first: bool = False,
        filter_expression: str | None = None,
        filter_names: dict[str, str] | None = None,
        filter_values: dict[str, Any] | None = None,
        sk_between: tuple[str, str] | None = None,
    ) -> tuple[list[StoredItem], dict[str, Any] | None]:
        """One page of a partition (of the table or of `index`, whose keys are `<index>pk/<index>sk`),
        optionally only sort keys under a prefix or between two values (inclusive)."""
        pk_name, sk_name = (f"{index}pk", f"{index}sk") if index else ("pk", "sk")
        kwargs: dict[str, Any] = {
            "TableName": self.table_name,
            "KeyConditionExpression": "#pk = :pk",
            "ExpressionAttributeNames": {"#pk": pk_name, **(filter_names or {})},
            "ExpressionAttributeValues": {":pk": {"S": pk}, **(filter_values or {})},
            "Limit": limit,
            "ScanIndexForward": not newest_first,
        }
        if index:
            kwargs["IndexName"] = index
        if sk_prefix:
            kwargs["KeyConditionExpression"] += " AND begins_with(#sk, :prefix)"
            kwargs["ExpressionAttributeNames"]["#sk"] = sk_name
            kwargs["ExpressionAttributeValues"][":prefix"] = {"S": sk_prefix}
        if sk_between:
            kwargs["KeyConditionExpression"] += " AND #sk BETWEEN :low AND :high"
            kwargs["ExpressionAttributeNames"]["#sk"] = sk_name
            kwargs["ExpressionAttributeValues"][":low"] = {"S": sk_between[0]}
            kwargs["ExpressionAttributeValues"][":high"] = {"S": sk_between[1]}
        if filter_expression:
            kwargs["FilterExpression"] = filter_expression
        if cursor:
            _check_cursor(cursor, pk, (pk_name, sk_name), index, sk_prefix, sk_between)
            kwargs["ExclusiveStartKey"] = cursor
        try:
            response = self._call(self.client.query, **kwargs)
        except StorageError as exc:
            if cursor and _is_validation_error(exc.__cause__):
                raise ForeignCursorError() from exc
            raise
        return [self._item(raw) for raw in response.get("Items", [])], response.get("LastEvaluatedKey")

    def transact(self, operations: list[dict[str, Any]]) -> None:
        """TransactWriteItems; each operation is {"Put"|"Update"|"Delete"|"ConditionCheck": {...}}
        without TableName (added here)."""
        items = [{kind: {"TableName": self.table_name, **body} for kind, body in op.items()} for op in operations]
        self._call(self.client.transact_write_items, TransactItems=items)

    def put_operation(self, item: StoredItem, condition: str | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {"Item": self._raw(item)}
        if condition:
            body["ConditionExpression"] = condition
        return {"Put": body}

    def create_operation(self, item: StoredItem) -> Operation:
        """A Put that succeeds only if no item has the key yet."""
        return self.put_operation(item, "attribute_not_exists(pk)")

    def replace_operation(self, item: StoredItem, version: str) -> Operation:
        """A Put that succeeds only if the stored document is still `version` (its JSON text as read)."""
        body: dict[str, Any] = {
            "Item": self._raw(item),
            "ConditionExpression": "doc = :old",
            "ExpressionAttributeValues": {":old": {"S": version}},
        }
        return {"Put": body}

    def delete_operation(self, key: Key) -> Operation:
        return {"Delete": {"Key": self._key(key)}}

    def check_operation(self, key: Key, condition: str, values: dict[str, Any] | None = None) -> dict[str, Any]:
        """A ConditionCheck for a transaction: the item at `key` must satisfy `condition`."""
        body: dict[str, Any] = {"Key": self._key(key), "ConditionExpression": condition}
        if values:
            body["ExpressionAttributeValues"] = values
        return {"ConditionCheck": body}

    def scan(self, filter_expression: str, names: dict[str, str], values: dict[str, Any]) -> Iterator[StoredItem]:
        """Every item matching the filter, page by page. For migrations and exports only: a request
        path never scans."""
        kwargs: dict[str, Any] = {
            "TableName": self.table_name,
            "FilterExpression": filter_expression,
            "ExpressionAttributeNames": names,
            "ExpressionAttributeValues": values,
        }
        while True:
            response = self._call(self.client.scan, **kwargs)
            for raw in response.get("Items", []):
                yield self._item(raw)
            if "LastEvaluatedKey" not in response:
                return
            kwargs["ExclusiveStartKey"] = response["LastEvaluatedKey"]

    def update(
        self,
        key: Key,
        expression: str,
        *,
        names: dict[str, str] | None = None,
        values: dict[str, Any] | None = None,
        condition: str | None = None,
    ) -> dict[str, Any]:
        kwargs: dict[str, Any] = {
            "TableName": self.table_name,
            "Key": self._key(key),
            "UpdateExpression": expression,
            "ReturnValues": "ALL_NEW",
        }
        if names:
            kwargs["ExpressionAttributeNames"] = names
        if values:
            kwargs["ExpressionAttributeValues"] = values
        if condition:
            kwargs["ConditionExpression"] = condition
        attributes: dict[str, Any] = self._call(self.client.update_item, **kwargs).get("Attributes", {})
        return attributes

    def put_if(
        self,
        item: StoredItem,
        condition: str,
        *,
        names: dict[str, str] | None = None,
        values: dict[str, Any] | None = None,
    ) -> None:
        kwargs: dict[str, Any] = {
            "TableName": self.table_name,
            "Item": self._raw(item),
            "ConditionExpression": condition,
        }
        if names:
            kwargs["ExpressionAttributeNames"] = names
        if values:
            kwargs["ExpressionAttributeValues"] = values
        self._call(self.client.put_item, **kwargs)

    def delete(self, key: Key) -> None:
        self._call(self.client.delete_item, TableName=self.table_name, Key=self._key(key))

    def delete_if(self, key: Key, condition: str) -> dict[str, Any]:
        """Conditional DeleteItem; returns the deleted item's attributes."""
        response = self._call(
            self.client.delete_item,
            TableName=self.table_name,
            Key=self._key(key),
            ConditionExpression=condition,
            ReturnValues="ALL_OLD",
        )
        attributes: dict[str, Any] = response.get("Attributes", {})
        return attributes

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

    def batch_delete(self, keys: Sequence[Key]) -> int:
        """Delete items 25 at a time (BatchWriteItem), retrying unprocessed ones; returns how many."""
        unique = list(dict.fromkeys(keys))
        for start in range(0, len(unique), BATCH_WRITE_LIMIT):
            pending: list[dict[str, Any]] = [
                {"DeleteRequest": {"Key": self._key(k)}} for k in unique[start : start + BATCH_WRITE_LIMIT]
            ]
            for attempt in range(MAX_UNPROCESSED_RETRIES):
                response = self._call(self.client.batch_write_item, RequestItems={self.table_name: pending})
                pending = response.get("UnprocessedItems", {}).get(self.table_name, [])
                if not pending:
                    break
                time.sleep(0.05 * 2**attempt)
            else:
                raise StorageError(text("storage_saturated"))
        return len(unique)

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
        raise StorageError(text("storage_saturated"))
