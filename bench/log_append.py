"""Transparency log: what one append and one proof cost in DynamoDB calls and items, at 1k and 100k.

`python -m bench.log_append --out build/bench/log_append.json`

1k: 1,000 real appends on moto from an empty log; the last 100 are measured. 100k: the head of a
100,000-leaf tree (its frontier computed in memory with the same code) is stored, then 100 real appends
are measured. An append reads only the head, so the leaves below it need not be stored for this; the
proof figures at 100k are the node counts of the proofs' single BatchGetItem (a pure function of leaf
index and tree size, `merkle.nodes_for`), measured on the real store at 1k.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
for _name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
    os.environ.setdefault(_name, "bench")
os.environ["AWS_ACCOUNT_ID_ENDPOINT_MODE"] = "disabled"


class Counter:
    def __init__(self) -> None:
        self.calls: list[tuple[str, int]] = []

    def __call__(self, event_name: str, params: dict[str, Any] | None = None, **_: Any) -> None:
        params = params or {}
        items = len(params.get("TransactItems", [])) or sum(
            len(v.get("Keys", [])) for v in params.get("RequestItems", {}).values()
        )
        self.calls.append((event_name.rsplit(".", 1)[-1], items or 1))


def measure(log: Any, counter: Counter, entries: list[Any]) -> dict[str, Any]:
    per_append = []
    written: list[int] = []
    store_append = log.store.append

    def counted_append(previous: Any, head: Any, leaf: Any, completed: Any) -> None:
        written.append(4 + len(completed))  # head, event claim, leaf-hash index, process index + nodes
        store_append(previous, head, leaf, completed)

    log.store.append = counted_append
    started = time.perf_counter()
    for entry in entries:
        counter.calls.clear()
        written.clear()
        log.append(entry)
        reads = sum(n for op, n in counter.calls if op in ("GetItem", "BatchGetItem", "Query"))
        per_append.append((len(counter.calls), reads, sum(written)))
    log.store.append = store_append
    seconds = time.perf_counter() - started
    return {
        "appends": len(entries),
        "calls_mean": statistics.mean(c for c, _, _ in per_append),
        "calls_max": max(c for c, _, _ in per_append),
        "items_read_mean": statistics.mean(r for _, r, _ in per_append),
        "items_written_mean": statistics.mean(w for _, _, w in per_append),
        "items_written_max": max(w for _, _, w in per_append),
        "ms_per_append_on_moto": round(1000 * seconds / len(entries), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    import boto3
    from moto import mock_aws

    from decide import moto_patches

    moto_patches.install()
    from chalicelib.adapters.signing import KmsSigner
    from chalicelib.storage import keys
    from chalicelib.storage.log_store import LogHead, LogStore
    from chalicelib.storage.table import DocumentTable, StoredItem
    from chalicelib.transparency import merkle
    from chalicelib.transparency.entries import LogEntry, canonical
    from chalicelib.transparency.service import TransparencyLog
    from decide.resources import ensure_log_signing_key, ensure_table

    def entry(n: int) -> LogEntry:
        body = canonical({"v": 1, "type": "bench", "event_id": f"bench:{n}", "process_id": "bench", "n": n})
        return LogEntry(event_id=f"bench:{n}", process_id="bench", body=body)

    results: dict[str, Any] = {}
    with mock_aws():
        counter = Counter()

        def client() -> Any:
            c = boto3.client("dynamodb")
            c.meta.events.register("before-parameter-build.dynamodb.*", counter)  # once per call, API params
            return c

        for name, start in (("1k", 0), ("100k", 100_000)):
            table_name = f"decide-bench-log-{name}"
            ensure_table(boto3.client("dynamodb"), table_name)
            ensure_log_signing_key(boto3.client("kms"), "alias/bench-log")
            table = DocumentTable(table_name, client_factory=client)
            log = TransparencyLog(store=LogStore(table), signer=KmsSigner("alias/bench-log"), clock=_now)
            if start:
                frontier: list[bytes] = []
                for n in range(start):
                    frontier, _ = merkle.append_leaf(n, frontier, merkle.leaf_hash(entry(n).data))
                head = LogHead(size=start, frontier=[h.hex() for h in frontier])
                table.put(StoredItem(keys.LOG_HEAD, "LogHead", head.model_dump_json(), {"log_size": {"N": str(start)}}))
                results[name] = measure(log, counter, [entry(n) for n in range(start, start + 100)])
            else:
                for n in range(900):
                    log.append(entry(n))
                results[name] = measure(log, counter, [entry(n) for n in range(900, 1000)])
            results[name]["tree_size_after"] = log.store.head().size
        # proofs on the real store at 1k: calls and nodes read
        log = TransparencyLog(
            store=LogStore(DocumentTable("decide-bench-log-1k", client_factory=client)),
            signer=KmsSigner("alias/bench-log"),
            clock=_now,
        )
        rng = random.Random(7)
        proof_calls = []
        for _ in range(50):
            counter.calls.clear()
            log.inclusion_proof(str(rng.randrange(1000)), 1000)
            proof_calls.append(len(counter.calls))
        results["proofs_1k"] = {"inclusion_calls_max": max(proof_calls)}
    for size in (1_000, 100_000):
        samples = [rng.randrange(size) for _ in range(200)]

        def inclusion_nodes(i: int, size: int = size) -> int:
            return len(merkle.nodes_for([*merkle.inclusion_ranges(i, size), (i, i + 1)]))

        results[f"proof_nodes_{size}"] = {
            "inclusion_max": max(inclusion_nodes(i) for i in samples),
            "consistency_max": max(len(merkle.nodes_for(merkle.consistency_ranges(i + 1, size))) for i in samples),
        }
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(results, indent=2))
    print(json.dumps(results, indent=2))


def _now() -> Any:
    from datetime import UTC, datetime

    return datetime.now(UTC)


if __name__ == "__main__":
    main()
