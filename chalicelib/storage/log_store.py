"""DynamoDB adapter of the transparency log: its head, leaves, perfect subtrees and tree heads.

An append is one conditional transaction: the head moves from size n to n+1 only if it still says n
(appenders on several stream shards serialise there), the event id is claimed only if unclaimed (a
redelivered event appends nothing), and the leaf plus every perfect subtree it completes are
written with it. So a killed appender leaves either the whole append or nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict

from chalicelib.storage import keys
from chalicelib.storage.table import DocumentTable, StoredItem, TransactionCancelledError
from chalicelib.transparency.merkle import NodeId


class LogHead(BaseModel):
    """The tree's size and frontier (the hashes of the perfect cover of [0:size], left to right)."""

    size: int = 0
    frontier: list[str] = []
    updated_at: str = ""


class LogLeaf(BaseModel):
    model_config = ConfigDict(frozen=True)

    index: int
    event_id: str
    process_id: str
    entry: str  # the canonical JSON hashed into the leaf
    leaf_hash: str
    appended_at: str


class TreeHead(BaseModel):
    model_config = ConfigDict(frozen=True)

    tree_size: int
    root_hash: str
    timestamp: str
    signature: str  # base64 DER ECDSA signature over `signed_message`
    key_id: str  # SHA-256 (hex) of the public key's DER SubjectPublicKeyInfo
    algorithm: str = "ECDSA_P256_SHA256"


class AppendConflictError(Exception):
    """Another appender moved the head first: read it again and retry."""


class AlreadyAppendedError(Exception):
    """The event id is claimed: this event is in the log already."""


class MissingNodeError(Exception):
    """A node a proof needs is not stored: the log's storage was altered or is incomplete."""


class LogStore:
    def __init__(self, table: DocumentTable) -> None:
        self.table = table

    def head(self) -> LogHead:
        item = self.table.get(keys.LOG_HEAD)
        return LogHead.model_validate_json(item.doc) if item else LogHead()

    def append(
        self, previous: LogHead, head: LogHead, leaf: LogLeaf, completed: Sequence[tuple[NodeId, bytes]]
    ) -> None:
        t = self.table
        size = {"log_size": {"N": str(head.size)}}
        guard = "attribute_not_exists(pk)" if previous.size == 0 else "log_size = :previous"
        head_put = t.put_operation(StoredItem(keys.LOG_HEAD, "LogHead", head.model_dump_json(), size), guard)
        if previous.size:
            head_put["Put"]["ExpressionAttributeValues"] = {":previous": {"N": str(previous.size)}}
        index = {"log_index": {"N": str(leaf.index)}}
        operations: list[dict[str, Any]] = [
            head_put,
            t.put_operation(
                StoredItem(keys.log_event(leaf.event_id), "LogEvent", leaf.leaf_hash, index), "attribute_not_exists(pk)"
            ),
            t.put_operation(StoredItem(keys.log_leaf_hash(leaf.leaf_hash), "LogLeafHash", leaf.event_id, index)),
            t.put_operation(StoredItem(keys.log_process_entry(leaf.process_id or "-", leaf.index), "LogRef", "{}")),
        ]
        for (level, node_index), digest in completed:
            if level == 0:
                item = StoredItem(
                    keys.log_node(0, node_index), "LogLeaf", leaf.model_dump_json(), {"hash": {"S": digest.hex()}}
                )
            else:
                item = StoredItem(keys.log_node(level, node_index), "LogNode", "{}", {"hash": {"S": digest.hex()}})
            operations.append(t.put_operation(item, "attribute_not_exists(pk)"))
        try:
            t.transact(operations)
        except TransactionCancelledError as exc:
            if len(exc.reasons) > 1 and exc.reasons[1] == "ConditionalCheckFailed":
                raise AlreadyAppendedError(leaf.event_id) from exc
            raise AppendConflictError() from exc

    def event_index(self, event_id: str) -> int | None:
        item = self.table.get(keys.log_event(event_id))
        return int(item.attributes["log_index"]["N"]) if item else None

    def index_of_leaf_hash(self, leaf_hash: str) -> int | None:
        item = self.table.get(keys.log_leaf_hash(leaf_hash))
        return int(item.attributes["log_index"]["N"]) if item else None

    def nodes(self, ids: Sequence[NodeId]) -> dict[NodeId, bytes]:
        """The stored hashes of perfect subtrees, in one BatchGetItem per 100 (a proof needs < 100)."""
        by_key = {keys.log_node(level, index): (level, index) for level, index in ids}
        found = self.table.batch_get(list(by_key))
        missing = [by_key[k] for k in by_key if k not in found or "hash" not in found[k].attributes]
        if missing:
            raise MissingNodeError(", ".join(f"{level}/{index}" for level, index in missing))
        return {node: bytes.fromhex(found[key].attributes["hash"]["S"]) for key, node in by_key.items()}

    def leaves(self, indexes: Sequence[int]) -> dict[int, LogLeaf]:
        """The stored leaves among `indexes` (an absent one is simply not in the result)."""
        by_key = {keys.log_node(0, i): i for i in indexes}
        found = self.table.batch_get(list(by_key))
        # the position is the item's key, never what its document claims (a moved item shows as moved)
        return {
            by_key[key]: LogLeaf.model_validate_json(item.doc).model_copy(update={"index": by_key[key]})
            for key, item in found.items()
        }

    def process_indexes(self, process_id: str) -> list[int]:
        return [int(item.key.sk) for item in self.table.query(keys.log_process_pk(process_id))]

    def put_tree_head(self, head: TreeHead) -> None:
        item = StoredItem(keys.tree_head(head.tree_size, head.timestamp), "TreeHead", head.model_dump_json())
        self.table.put_if(item, "attribute_not_exists(pk)")

    def latest_tree_head(self) -> TreeHead | None:
        items, _ = self.table.query_page(keys.TREE_HEADS_PK, limit=1, newest_first=True)
        return TreeHead.model_validate_json(items[0].doc) if items else None

    def tree_heads(self, limit: int, cursor: dict[str, Any] | None) -> tuple[list[TreeHead], dict[str, Any] | None]:
        items, after = self.table.query_page(keys.TREE_HEADS_PK, limit=limit, cursor=cursor)
        return [TreeHead.model_validate_json(i.doc) for i in items], after
