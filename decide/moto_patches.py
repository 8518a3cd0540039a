"""Fixes for moto's DynamoDB speed, for the local stack and the tests (never deployed).

Transactions.

moto 5.2 deep-copies the *whole table* once per operation of every TransactWriteItems call to
be able to roll back. With the seeded table (~7,000 items) one proposal submission took
~30 s (measured with cProfile: 97 % of the time in copy.deepcopy). This patch keeps moto's
semantics with a cheap rollback: it snapshots only the items the transaction touches, turns
the whole-table copies into no-ops, and on cancellation restores those items and drops the
stream records the cancelled operations produced (so the outbox never sees a rolled-back write).

Streams. moto's server answers requests on threads, and a stream record's sequence number is
`len(shard.items)` read before the record is built and appended: two writes at once could get the same
number (seen as the local event pump stopping on a duplicate in CI). The transaction patch above also
drops a cancelled transaction's records by position. One lock (`_STREAM_LOCK`) makes a record's number
and append atomic, is held through a whole transaction (so no other write appends in between and the
drop removes only that transaction's records), and through GetRecords (so no reader sees a record a
cancelled transaction will drop).

Queries. moto 5.2 answers every Query (on the table or on an index) by listing *every item of the
table*, sorting them all by their key with DynamoType comparisons, and only then keeping the
partition asked for. With the seeded table (~10,000 items, growing by ~19 per submission) one Query
took ~0.4 s (cProfile of bench/election_day.py: 83 % of a submission, in `Table.all_items`' sort),
so a load run got slower with every proposal it wrote. This patch hands moto's query only the
candidates it would have kept anyway: on the table, the items of the queried partition; on an index,
the items whose index hash attribute equals the queried one, unsorted. moto then filters, sorts the
candidates by their full key (unique, so the order does not depend on the input), pages and projects
them exactly as before. Scans keep moto's sorted listing (their pagination relies on it).

An index's candidates come from a map (index hash attribute value -> item keys) built on the table's
first index Query and kept current by the three ways moto changes an item: `Table.put_item`,
`Table.delete_item` and the backend's `update_item` (which edits the stored item in place; every
transaction, batch and PartiQL write goes through these). After each of them the written key is
re-read from the table and re-indexed, and every candidate is checked against the stored item before
moto sees it, so a stale entry can only drop out, never add a wrong item.
"""

from __future__ import annotations

import contextlib
import copy
import inspect
import json
import os
import random
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

_installed = False
_STREAM_LOCK = threading.RLock()  # see "Streams" above
_query_scope = threading.local()  # (table, partition key or None, index hash conditions) of a running Query


def install() -> None:
    global _installed
    if _installed:
        return
    from moto.dynamodb import models
    from moto.dynamodb.models.table import Table

    class _NoTableCopy:
        """Stands in for the `copy` module inside moto's dynamodb models: tables are not copied."""

        @staticmethod
        def deepcopy(value: Any, memo: dict[int, Any] | None = None) -> Any:
            return value if isinstance(value, Table) else copy.deepcopy(value, memo)

    original = models.DynamoDBBackend.transact_write_items

    def transact_write_items(self: Any, transact_items: list[dict[str, Any]]) -> None:
        with _STREAM_LOCK:  # snapshots, writes and a rollback's drop of stream records as one step
            snapshots: list[tuple[str, dict[str, Any], Any]] = []
            streams: dict[str, int] = {}
            for entry in transact_items:
                op_type, op = next(iter(entry.items()))
                name = op.get("TableName")
                if not name or name not in self.tables:
                    continue
                table = self.tables[name]
                if op_type == "Put":
                    key = {table.hash_key_attr: op["Item"][table.hash_key_attr]}
                    if table.range_key_attr is not None:
                        key[table.range_key_attr] = op["Item"][table.range_key_attr]
                else:
                    key = op.get("Key", {})
                current = self.get_item(name, key) if key else None
                snapshots.append((name, key, copy.deepcopy(current.to_json()["Attributes"]) if current else None))
                if table.stream_shard is not None:
                    streams.setdefault(name, len(table.stream_shard.items))
            try:
                original(self, transact_items)
            except Exception:
                for name, key, previous in reversed(snapshots):
                    table = self.tables[name]
                    hash_value = key[table.hash_key_attr]
                    range_value = key.get(table.range_key_attr) if table.range_key_attr else None
                    existing = self.get_item(name, key)
                    if existing is not None:
                        table.delete_item(_typed(hash_value), _typed(range_value) if range_value else None)
                    if previous is not None:
                        table.put_item(previous)
                for name, length in streams.items():
                    shard = self.tables[name].stream_shard
                    if shard is not None:
                        del shard.items[length:]
                raise

    models.copy = _NoTableCopy  # type: ignore[assignment,attr-defined]
    models.DynamoDBBackend.transact_write_items = transact_write_items  # type: ignore[method-assign]
    _install_query_candidates(Table)
    _install_stream_lock()
    _installed = True


def _install_stream_lock() -> None:
    """Number and append each stream record under `_STREAM_LOCK`, and read records under it."""
    from moto.dynamodb.models.table import StreamShard
    from moto.dynamodbstreams.models import DynamoDBStreamsBackend

    original_add = StreamShard.add
    original_get_records = DynamoDBStreamsBackend.get_records

    def add(self: Any, old: Any, new: Any) -> None:
        with _STREAM_LOCK:
            original_add(self, old, new)

    def get_records(self: Any, iterator_arn: str, limit: int) -> dict[str, Any]:
        with _STREAM_LOCK:
            return original_get_records(self, iterator_arn, limit)

    StreamShard.add = add  # type: ignore[method-assign]
    DynamoDBStreamsBackend.get_records = get_records  # type: ignore[method-assign]


def _install_query_candidates(table_class: Any) -> None:
    """Make `Table.all_items`, while that table answers a Query, return only the Query's candidates."""
    from moto.dynamodb import models

    original_query = table_class.query
    original_all_items = table_class.all_items
    original_put = table_class.put_item
    original_delete = table_class.delete_item
    original_update = models.DynamoDBBackend.update_item
    signature = inspect.signature(original_query)

    def query(self: Any, *args: Any, **kwargs: Any) -> Any:
        if getattr(_query_scope, "unpatched", False):
            return original_query(self, *args, **kwargs)
        bound = signature.bind(self, *args, **kwargs)
        index_name = bound.arguments.get("index_name")
        conditions = list(bound.arguments.get("hash_key_conditions") or [])
        hash_key = bound.arguments.get("hash_key")
        if index_name:
            scope = (self, None, conditions) if conditions else None
        else:
            scope = (self, hash_key, []) if hash_key is not None else None
        previous = getattr(_query_scope, "scope", None)
        _query_scope.scope = scope
        try:
            return original_query(*bound.args, **bound.kwargs)
        finally:
            _query_scope.scope = previous

    def all_items(self: Any) -> Any:
        scope = getattr(_query_scope, "scope", None)
        if scope is None or scope[0] is not self:
            return original_all_items(self)
        _, hash_key, conditions = scope
        if hash_key is not None:  # a table Query: moto keeps `item.hash_key == hash_key`, i.e. this partition
            partition = self.items.get(hash_key)
            if partition is None:
                return []
            return list(partition.values()) if self.range_key_attr else [partition]
        return _HashIndex.of(self).candidates(conditions)

    def put_item(self: Any, item_attrs: dict[str, Any], *args: Any, **kwargs: Any) -> Any:
        try:
            return original_put(self, item_attrs, *args, **kwargs)
        finally:
            _HashIndex.refresh(self, item_attrs)

    def delete_item(self: Any, hash_key: Any, range_key: Any = None, *args: Any, **kwargs: Any) -> Any:
        try:
            return original_delete(self, hash_key, range_key, *args, **kwargs)
        finally:
            _HashIndex.refresh_key(self, hash_key, range_key)

    def update_item(self: Any, table_name: str, key: dict[str, Any], *args: Any, **kwargs: Any) -> Any:
        try:
            return original_update(self, table_name, key, *args, **kwargs)
        finally:
            table = self.tables.get(table_name)
            if table is not None:
                _HashIndex.refresh(table, key)

    table_class.query = query
    table_class.all_items = all_items
    table_class.put_item = put_item
    table_class.delete_item = delete_item
    models.DynamoDBBackend.update_item = update_item  # type: ignore[method-assign]


class _HashIndex:
    """For one moto table: (attribute, type, value) of every index hash attribute -> keys of the items
    holding it. Built on the first index Query, then kept by the write hooks above."""

    _lock = threading.RLock()

    def __init__(self, table: Any) -> None:
        self.table = table
        self.names = sorted(
            {key["AttributeName"] for index in table.all_indexes() for key in index.schema if key["KeyType"] == "HASH"}
        )
        self.buckets: dict[tuple[str, str, Any], dict[tuple[Any, Any], None]] = {}
        self.entries: dict[tuple[Any, Any], list[tuple[str, str, Any]]] = {}
        for partition in table.items.values():
            for item in partition.values() if table.range_key_attr else [partition]:
                self._index(item)

    @classmethod
    def of(cls, table: Any) -> _HashIndex:
        with cls._lock:
            index: _HashIndex | None = table.__dict__.get("_decide_hash_index")
            if index is None:
                index = cls(table)
                table.__dict__["_decide_hash_index"] = index
            return index

    @classmethod
    def refresh(cls, table: Any, attributes: dict[str, Any]) -> None:
        if "_decide_hash_index" not in table.__dict__:
            return
        from moto.dynamodb.models.dynamo_type import DynamoType

        hash_value = attributes.get(table.hash_key_attr)
        range_value = attributes.get(table.range_key_attr) if table.range_key_attr else None
        if not isinstance(hash_value, dict) or (table.range_key_attr and not isinstance(range_value, dict)):
            return  # an invalid write moto refused before storing anything
        cls.refresh_key(table, DynamoType(hash_value), DynamoType(range_value) if range_value else None)

    @classmethod
    def refresh_key(cls, table: Any, hash_key: Any, range_key: Any) -> None:
        index: _HashIndex | None = table.__dict__.get("_decide_hash_index")
        if index is None:
            return
        with cls._lock:
            key = (hash_key, range_key if table.range_key_attr else None)
            for entry in index.entries.pop(key, []):
                bucket = index.buckets.get(entry)
                if bucket is not None:
                    bucket.pop(key, None)
                    if not bucket:
                        del index.buckets[entry]
            stored = index._stored(key)
            if stored is not None:
                index._index(stored)

    def _stored(self, key: tuple[Any, Any]) -> Any:
        partition = self.table.items.get(key[0])
        if partition is None:
            return None
        return partition.get(key[1]) if self.table.range_key_attr else partition

    def _index(self, item: Any) -> None:
        key = (item.hash_key, item.range_key if self.table.range_key_attr else None)
        entries = []
        for name in self.names:
            value = item.attrs.get(name)
            if value is not None and value.type in ("S", "N", "B"):
                entry = (name, value.type, value.value if value.type != "N" else value.cast_value)
                entries.append(entry)
                self.buckets.setdefault(entry, {})[key] = None
        if entries:
            self.entries[key] = entries

    def candidates(self, conditions: list[tuple[str, Any]]) -> list[Any]:
        name, expected = conditions[0]
        lookup = expected.value if expected.type != "N" else expected.cast_value
        with self._lock:
            keys = list(self.buckets.get((name, expected.type, lookup), {}))
            stored = [self._stored(key) for key in keys]
        return [item for item in stored if item is not None and all(_same(item.attrs.get(n), v) for n, v in conditions)]


@contextlib.contextmanager
def unpatched_queries() -> Iterator[None]:
    """moto's own Query in this thread (the index map is still kept): tests compare the two."""
    _query_scope.unpatched = True
    try:
        yield
    finally:
        _query_scope.unpatched = False


def _same(found: Any, expected: Any) -> bool:
    """DynamoType equality (type and value; numbers by value), with strings compared directly."""
    if found is None or found.type != expected.type:
        return False
    if found.type == "S":
        return bool(found.value == expected.value)
    return bool(found == expected)


def _typed(value: dict[str, Any]) -> Any:
    from moto.dynamodb.models.dynamo_type import DynamoType

    return DynamoType(value)


CONFLICTS_FILE = "DECIDE_MOTO_CONFLICTS_FILE"
IDEMPOTENCY_PREFIX = "IDEMPOTENCY#"  # chalicelib/storage/idempotency_store.py's partitions


def install_conflicts(control: Path, seed: int = 3) -> None:
    """Server-side TransactionConflict for the local-stack benchmark (bench/election_day_http.py):
    while `control` holds a rate (e.g. `0.1`), that seeded fraction of TransactWriteItems requests is
    cancelled (AWS's shape: TransactionCanceledException, the first reason TransactionConflict) and of
    PutItem requests (but the idempotency records') answered TransactionConflictException, before moto
    touches the table: nothing is written. The rate is re-read when the file changes; the counts go to
    `<control>.injected` (JSON).
    Off unless the moto server is started with DECIDE_MOTO_CONFLICTS_FILE; never deployed."""
    from moto.dynamodb.exceptions import DynamodbException, TransactionCanceledException
    from moto.dynamodb.responses import DynamoHandler

    class TransactionConflict(DynamodbException):
        def __init__(self) -> None:
            super().__init__(
                "com.amazonaws.dynamodb.v20120810#TransactionConflictException",
                "Transaction is ongoing for the item (injected)",
            )

    draw = random.Random(seed)
    lock = threading.Lock()
    state: dict[str, Any] = {"stamp": None, "rate": 0.0, "injected": {"TransactWriteItems": 0, "PutItem": 0}}
    counts = control.with_name(control.name + ".injected")

    def injected(operation: str) -> bool:
        with lock:
            try:
                stamp = control.stat().st_mtime_ns
            except FileNotFoundError:
                stamp = None
            if stamp != state["stamp"]:
                state["stamp"] = stamp
                try:
                    state["rate"] = float(control.read_text().strip() or 0) if stamp is not None else 0.0
                except (OSError, ValueError):
                    state["rate"] = 0.0
            if not state["rate"] or draw.random() >= state["rate"]:
                return False
            state["injected"][operation] += 1
            counts.write_text(json.dumps(state["injected"]))
            return True

    original_transact = DynamoHandler.transact_write_items
    original_put = DynamoHandler.put_item

    def transact_write_items(self: Any) -> Any:
        if injected("TransactWriteItems"):
            # moto 5.2 has parsed the request into a dict by now (older versions kept the JSON text)
            body = self.body if isinstance(self.body, dict) else json.loads(self.body)
            items = body.get("TransactItems", [None])
            raise TransactionCanceledException(
                [("TransactionConflict", "Transaction is ongoing for the item (injected)", None)]
                + [(None, None, None)] * (len(items) - 1)
            )
        return original_transact(self)

    def put_item(self: Any) -> Any:
        # DynamoDB answers a PutItem TransactionConflict only when a transaction holds the item, and
        # Powertools' idempotency records never take part in one (nor does anything retry them: an
        # injected conflict there would be a 500 no real request can meet).
        pk = (self.body.get("Item") or {}).get("pk", {}).get("S", "") if isinstance(self.body, dict) else ""
        if not pk.startswith(IDEMPOTENCY_PREFIX) and injected("PutItem"):
            raise TransactionConflict()
        return original_put(self)

    DynamoHandler.transact_write_items = transact_write_items  # type: ignore[method-assign]
    DynamoHandler.put_item = put_item  # type: ignore[method-assign]


def run_server(argv: list[str] | None = None) -> None:
    """`python -m decide.moto_patches -H host -p port`: moto's server with the patch installed."""
    install()
    if os.environ.get(CONFLICTS_FILE):
        install_conflicts(Path(os.environ[CONFLICTS_FILE]))
    from moto.server import main

    main(argv)


if __name__ == "__main__":
    run_server()
