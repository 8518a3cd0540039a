"""The transparency log: appends entries once and in order, answers proofs, signs tree heads.

Appending reads the head (one GetItem) and writes one transaction whose size is 5 items plus one
per perfect subtree the leaf completes (2 on average, log2 n at most). Proofs read one BatchGetItem
of at most 2·log2 n nodes. Nothing here reads more as the log grows, except the open-data export.
"""

from __future__ import annotations

import base64
import random
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from chalicelib.adapters.signing import KmsSigner, key_fingerprint, signed_message
from chalicelib.elections.phases import phase_at
from chalicelib.elections.public import NotFoundError, ProcessNotFoundError
from chalicelib.errors import InvalidFieldsError, Unavailable, field_problem
from chalicelib.messages import text
from chalicelib.storage.election_store import ElectionStore
from chalicelib.storage.log_store import (
    AlreadyAppendedError,
    AppendConflictError,
    LogHead,
    LogLeaf,
    LogStore,
    MissingNodeError,
    TreeHead,
)
from chalicelib.storage.proposal_store import decode_cursor, encode_cursor
from chalicelib.transparency import merkle
from chalicelib.transparency.entries import LogEntry, entries_from_change
from chalicelib.transparency.views import (
    HEX64,
    ConsistencyProof,
    EntryPage,
    InclusionProof,
    LoggedEntry,
    ProcessLog,
    ProcessLogEntry,
    PublicKey,
    ReceiptStatus,
    SigningReport,
    TreeHeadList,
)

APPEND_ATTEMPTS = 12


class LogNotFoundError(NotFoundError):
    code = "log_entry_not_found"


class LogBusyError(Unavailable):
    """The head kept moving under this appender; the stream retries the record."""

    code = "log_busy"


class LogIntegrityError(Unavailable):
    """The stored tree lacks a node a proof needs: storage was altered or lost data."""

    code = "log_integrity"


def timestamp(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{at.microsecond // 1000:03d}Z"


@dataclass
class TransparencyLog:
    store: LogStore
    signer: KmsSigner
    clock: Callable[[], datetime]
    elections: ElectionStore | None = None
    sleep: Callable[[float], None] = time.sleep
    _random: random.Random = field(default_factory=random.Random)
    _head: LogHead | None = field(default=None, init=False)

    # appending -------------------------------------------------------------------------------
    def append(self, entry: LogEntry) -> int:
        """Append once; a redelivered event returns the index it already has."""
        leaf = merkle.leaf_hash(entry.data)
        for attempt in range(APPEND_ATTEMPTS):
            # The head this appender wrote last is reused (one call per append on a quiet log); the
            # transaction's condition catches another appender's move, and then it is read again.
            head = self._head or self.store.head()
            frontier, completed = merkle.append_leaf(head.size, [bytes.fromhex(h) for h in head.frontier], leaf)
            now = timestamp(self.clock())
            record = LogLeaf(
                index=head.size,
                event_id=entry.event_id,
                process_id=entry.process_id,
                entry=entry.body,
                leaf_hash=leaf.hex(),
                appended_at=now,
            )
            new_head = LogHead(size=head.size + 1, frontier=[h.hex() for h in frontier], updated_at=now)
            try:
                self.store.append(head, new_head, record, completed)
                self._head = new_head
                return head.size
            except AlreadyAppendedError:
                index = self.store.event_index(entry.event_id)
                assert index is not None
                return index
            except AppendConflictError:
                self._head = None
                self.sleep(self._random.uniform(0, 0.02 * 2**attempt))
            except Exception:
                self._head = None  # a failed write (e.g. throttled) leaves the head unknown
                raise
        raise LogBusyError(text("log.busy"))

    def append_change(self, old: dict[str, Any] | None, new: dict[str, Any] | None) -> list[int]:
        return [self.append(entry) for entry in entries_from_change(old, new, self._process_of)]

    def _process_of(self, proposal_id: str) -> str:
        from chalicelib.storage.proposal_store import ProposalStore

        found = ProposalStore(self.store.table).get(proposal_id)
        return found[0].process_id if found else ""

    # proofs ----------------------------------------------------------------------------------
    def _read_nodes(self, ids: Sequence[merkle.NodeId]) -> dict[merkle.NodeId, bytes]:
        try:
            return self.store.nodes(ids)
        except MissingNodeError as exc:
            raise LogIntegrityError(text("log.integrity", nodes=str(exc))) from exc

    def _size_for_proof(self, tree_size: int | None, field_name: str) -> int:
        if tree_size is None:
            latest = self.store.latest_tree_head()
            if latest is None:
                raise LogNotFoundError(text("log.no_tree_head"))
            return latest.tree_size
        size = self.store.head().size
        if tree_size > size:
            raise InvalidFieldsError(
                text("log.size_beyond_log", size=size),
                [field_problem(field_name, "beyond_log", text("log.size_beyond_log", size=size))],
            )
        return tree_size

    def _leaf_index(self, leaf: str) -> int:
        if len(leaf) == 64:
            index = self.store.index_of_leaf_hash(leaf)
            if index is None:
                raise LogNotFoundError(text("log.leaf_not_found"), {"field": "leaf"})
            return index
        return int(leaf)

    def inclusion_proof(self, leaf: str, tree_size: int | None) -> InclusionProof:
        index = self._leaf_index(leaf)
        size = self._size_for_proof(tree_size, "tree_size")
        if index >= size:
            raise InvalidFieldsError(
                text("log.leaf_beyond_size", index=index, size=size),
                [field_problem("leaf", "beyond_tree_size", text("log.leaf_beyond_size", index=index, size=size))],
            )
        ranges = merkle.inclusion_ranges(index, size)
        nodes = self._read_nodes(merkle.nodes_for([*ranges, (index, index + 1)]))
        return InclusionProof(
            leaf_index=index,
            tree_size=size,
            leaf_hash=nodes[(0, index)].hex(),
            path=[merkle.range_hash(a, b, nodes).hex() for a, b in ranges],
        )

    def consistency_proof(self, first: int, second: int) -> ConsistencyProof:
        if first > second:
            message = text("log.first_after_second")
            raise InvalidFieldsError(message, [field_problem("first", "after_second", message)])
        size = self._size_for_proof(second, "second")
        ranges = merkle.consistency_ranges(first, size)
        hashes = merkle.proof_hashes(ranges, self._read_nodes)
        return ConsistencyProof(first=first, second=second, path=[h.hex() for h in hashes])

    # entries and receipts --------------------------------------------------------------------
    def entries(self, start: int, limit: int) -> EntryPage:
        size = self.store.head().size
        wanted = list(range(start, min(start + limit, size)))
        leaves = self.store.leaves(wanted) if wanted else {}
        return EntryPage(tree_size=size, start=start, entries=[_logged(leaves[i]) for i in wanted if i in leaves])

    def receipt(self, leaf_hash: str) -> ReceiptStatus:
        if re.fullmatch(HEX64, leaf_hash) is None:
            message = text("log.bad_leaf_hash")
            raise InvalidFieldsError(message, [field_problem("leaf_hash", "not_a_leaf_hash", message)])
        index = self.store.index_of_leaf_hash(leaf_hash)
        leaf = self.store.leaves([index]).get(index) if index is not None else None
        if index is None or leaf is None:
            raise LogNotFoundError(text("log.leaf_not_found"), {"field": "leaf_hash"})
        head = self.store.latest_tree_head()
        covered = head is not None and head.tree_size > index
        path = self.inclusion_proof(str(index), head.tree_size).path if covered and head else []
        return ReceiptStatus(
            leaf_hash=leaf.leaf_hash,
            leaf_index=index,
            event_id=leaf.event_id,
            entry=leaf.entry,
            tree_head=head if covered else None,
            path=path,
        )

    def process_log(self, process_id: str) -> ProcessLog:
        """Open data: a process's entries, each with its inclusion proof against the latest tree head."""
        if self.elections is not None and self.elections.get_process(process_id) is None:
            raise ProcessNotFoundError(text("process_not_found", process=process_id), {"field": "process_id"})
        head = self.store.latest_tree_head()
        indexes = self.store.process_indexes(process_id)
        covered = [i for i in indexes if head is not None and i < head.tree_size]
        entries: list[ProcessLogEntry] = []
        if head is not None and covered:
            leaves = self.store.leaves(covered)
            ranges = {i: merkle.inclusion_ranges(i, head.tree_size) for i in covered}
            nodes = self._read_nodes(merkle.nodes_for([r for rs in ranges.values() for r in rs]))
            for i in covered:
                if i in leaves:
                    path = [merkle.range_hash(a, b, nodes).hex() for a, b in ranges[i]]
                    entries.append(ProcessLogEntry(**_logged(leaves[i]).model_dump(), path=path))
        return ProcessLog(process_id=process_id, tree_head=head, entries=entries, pending=len(indexes) - len(covered))

    # tree heads ------------------------------------------------------------------------------
    def sign_tree_head(self, *, force: bool = False) -> TreeHead | None:
        """Sign the current head if the log grew since the last signed one, or when forced (a phase
        boundary). Returns the new tree head, or None when there was nothing to sign."""
        head = self.store.head()
        latest = self.store.latest_tree_head()
        now = self.clock()
        if latest is not None and latest.tree_size == head.size and not (force or self._phase_changed(latest, now)):
            return None
        root = merkle.root_from_frontier([bytes.fromhex(h) for h in head.frontier]).hex()
        at = timestamp(now)
        signature = self.signer.sign(signed_message(head.size, root, at))
        tree_head = TreeHead(
            tree_size=head.size,
            root_hash=root,
            timestamp=at,
            signature=base64.b64encode(signature).decode(),
            key_id=key_fingerprint(self.signer.public_key_der()),
        )
        self.store.put_tree_head(tree_head)
        return tree_head

    def sign_on_schedule(self) -> SigningReport:
        """The schedule's run: a tree head signed if the log grew or a phase boundary passed."""
        head = self.sign_tree_head()
        return SigningReport(signed=head is not None, tree_size=head.tree_size if head else None)

    def _phase_changed(self, latest: TreeHead, now: datetime) -> bool:
        """A phase boundary of any process passed since the last tree head: sign one anyway, so the
        state of the record at each boundary (e.g. the start of the veda) is fixed."""
        if self.elections is None:
            return False
        then = datetime.fromisoformat(latest.timestamp.replace("Z", "+00:00"))
        return any(
            phase_at(process.calendar, then).phase != phase_at(process.calendar, now).phase
            for process in self.elections.list_processes()
        )

    def latest_tree_head(self) -> TreeHead:
        head = self.store.latest_tree_head()
        if head is None:
            raise LogNotFoundError(text("log.no_tree_head"))
        return head

    def tree_heads(self, limit: int, cursor: str | None) -> TreeHeadList:
        heads, after = self.store.tree_heads(limit, decode_cursor(cursor))
        return TreeHeadList(tree_heads=heads, next_cursor=encode_cursor(after))

    def public_key(self) -> PublicKey:
        der = self.signer.public_key_der()
        return PublicKey(
            key_id=key_fingerprint(der),
            public_key_pem=self.signer.public_key_pem(),
            signed_message="DecideIEEM transparency log v1\\n<tree_size>\\n<root_hash hex>\\n<timestamp>\\n",
        )


def _logged(leaf: LogLeaf) -> LoggedEntry:
    return LoggedEntry(
        leaf_index=leaf.index,
        leaf_hash=leaf.leaf_hash,
        event_id=leaf.event_id,
        entry=leaf.entry,
        appended_at=leaf.appended_at,
    )
