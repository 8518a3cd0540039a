"""A fix for moto's DynamoDB transactions, for the local stack and the tests (never deployed).

moto 5.2 deep-copies the *whole table* once per operation of every TransactWriteItems call to
be able to roll back. With the seeded table (~7,000 items) one proposal submission took
~30 s (measured with cProfile: 97 % of the time in copy.deepcopy). This patch keeps moto's
semantics with a cheap rollback: it snapshots only the items the transaction touches, turns
the whole-table copies into no-ops, and on cancellation restores those items and drops the
stream records the cancelled operations produced (so the outbox never sees a rolled-back write).
"""

from __future__ import annotations

import copy
from typing import Any

_installed = False


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
    _installed = True


def _typed(value: dict[str, Any]) -> Any:
    from moto.dynamodb.models.dynamo_type import DynamoType

    return DynamoType(value)


def run_server(argv: list[str] | None = None) -> None:
    """`python -m decide.moto_patches -H host -p port`: moto's server with the patch installed."""
    install()
    from moto.server import main

    main(argv)


if __name__ == "__main__":
    run_server()
