"""The transparency log on moto: 1,000 table changes → exactly 1,000 leaves, in order, whatever the
faults (a killed consumer, throttled writes, a replayed stream, concurrent appenders); proofs verify
against signed tree heads, and pymerkle (an implementation not written here) agrees on every root."""

from __future__ import annotations

import base64
import json
import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import load_der_public_key
from moto import mock_aws
from pymerkle import InmemoryTree

from chalicelib.adapters.signing import KmsSigner, signed_message
from chalicelib.storage.log_store import LogStore
from chalicelib.storage.table import DocumentTable
from chalicelib.transparency import merkle
from chalicelib.transparency.appender import append_stream_batch
from chalicelib.transparency.entries import entries_from_change
from chalicelib.transparency.service import TransparencyLog
from decide.faults import Faults, faulty_client
from decide.resources import ensure_log_signing_key, ensure_table

TABLE = "decide-log-test"
KEY = "alias/decide-test-transparency-log"
START = datetime(2026, 11, 26, 18, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def aws() -> Iterator[None]:
    with mock_aws():
        ensure_table(boto3.client("dynamodb"), TABLE)
        ensure_log_signing_key(boto3.client("kms"), KEY)
        yield


def proposal_doc(n: int, status: str = "published", decisions: int = 0) -> dict[str, Any]:
    doc = {
        "id": f"p{n:05d}",
        "process_id": "simulacro",
        "ballot_id": "simulacro.ayun.002",
        "place_name": "Acolman",
        "municipality_code": "002",
        "topic": "agua",
        "title": f"Propuesta ficticia {n}",
        "problem": "El agua no llega a la colonia desde hace semanas.",
        "proposed_action": "Reparar la red y publicar el calendario de obras.",
        "addressed_to": ["pfv", "pfa"],
        "author_id": f"user-{n}",
        "author_name": f"Persona {n}",
        "status": status,
        "hold_reasons": [],
        "decisions": [
            {"action": "reject", "reason": "spam", "moderator_id": "m1", "decided_at": "2026-11-26T19:00:00Z"}
        ][:decisions],
        "created_at": "2026-11-26T18:00:00Z",
        "published_at": "2026-11-26T18:00:00Z",
        "fictional": True,
    }
    return doc


def image(entity: str, doc: dict[str, Any]) -> dict[str, Any]:
    return {"entity": {"S": entity}, "doc": {"S": json.dumps(doc)}}


def stream_of_changes() -> tuple[list[dict[str, Any]], list[str]]:
    """Stream records (the DynamoDB Streams shape Lambda delivers) of 1,100 table changes, 1,000 of
    them events: 700 proposals, 200 of them then rejected, answers v1 and v2 to 50 proposals, plus
    100 supports (not events). Returns the records and the event ids the log must hold, in order."""
    records: list[dict[str, Any]] = []
    expected: list[str] = []

    def change(old: dict[str, Any] | None, new: dict[str, Any], event_id: str | None) -> None:
        body: dict[str, Any] = {"SequenceNumber": f"{len(records) + 1:021d}", "NewImage": new}
        if old:
            body["OldImage"] = old
        records.append({"eventName": "MODIFY" if old else "INSERT", "eventSource": "aws:dynamodb", "dynamodb": body})
        if event_id:
            expected.append(event_id)

    rejected = 0
    for n in range(700):
        change(None, image("Proposal", proposal_doc(n)), f"proposal.accepted:p{n:05d}")
        if rejected < 200 and n % 3 == 1:
            change(
                image("Proposal", proposal_doc(n)),
                image("Proposal", proposal_doc(n, "rejected", 1)),
                f"proposal.status:p{n:05d}:rejected:1",
            )
            rejected += 1
        if n % 7 == 0:
            change(None, image("Support", {}), None)
    for n in range(50):
        old = None
        for version in (1, 2):
            answer = {
                "proposal_id": f"p{n:05d}",
                "contender_id": "pfv",
                "contender_name": "Partido Ficticio Verde",
                "stance": "commit",
                "text": f"Nos comprometemos, versión {version}.",
                "created_at": "2026-11-26T20:00:00Z",
                "updated_at": f"2026-11-26T20:0{version}:00Z",
                "version": version,
            }
            change(old, image("Response", answer), f"answer:p{n:05d}:pfv:{version}")
            old = image("Response", answer)
    return records, expected


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        self.now += timedelta(milliseconds=7)
        return self.now


def deliver(records: list[dict[str, Any]], log: TransparencyLog, kill_at: set[int], batch: int = 100) -> int:
    """What Lambda does with a stream shard: batches in order; a reported failure retries from that
    record; a consumer that dies (an exception escaping the handler) gets the whole batch again."""
    position, deliveries = 0, 0
    while position < len(records):
        chunk = records[position : position + batch]
        deliveries += 1
        if deliveries in kill_at:  # the process dies halfway through the batch
            append_stream_batch({"Records": chunk[: len(chunk) // 2]}, log)
            continue
        result = append_stream_batch({"Records": chunk}, log)
        failures = result["batchItemFailures"]
        if failures:
            sequence = [r["dynamodb"]["SequenceNumber"] for r in chunk]
            position += sequence.index(failures[0]["itemIdentifier"])
        else:
            position += len(chunk)
    return deliveries


@pytest.fixture(scope="module")
def appended(aws: None) -> dict[str, Any]:
    records, expected = stream_of_changes()
    assert len(expected) == 1000
    throttles = Faults("TransactWriteItems", rate=0.03, seed=19)
    faulty = DocumentTable(TABLE, client_factory=faulty_client("dynamodb", throttles))
    clock = Clock()
    log = TransparencyLog(store=LogStore(faulty), signer=KmsSigner(KEY), clock=clock, sleep=lambda _: None)
    heads = []
    # 20 deliveries of 55 records each (in batches of 17) are followed by a signed tree head
    for start in range(0, len(records), len(records) // 20 + 1):
        deliver(records[start : start + len(records) // 20 + 1], log, kill_at={2}, batch=17)
        heads.append(log.sign_tree_head())
    deliver(random.Random(3).sample(records, 100), log, kill_at=set())  # redeliveries in any order
    deliver(records[:200], log, kill_at={1})  # the stream replayed from its start
    return {
        "expected": expected,
        "log": log,
        "heads": [h for h in heads if h],
        "throttles": throttles,
        "records": records,
    }


def test_a_thousand_events_become_exactly_a_thousand_leaves_in_order(appended: dict[str, Any]) -> None:
    log: TransparencyLog = appended["log"]
    assert appended["throttles"].injected > 0, "writes were throttled along the way"
    assert log.store.head().size == 1000
    leaves = log.store.leaves(list(range(1000)))
    assert [leaves[i].event_id for i in range(1000)] == appended["expected"]
    assert log.store.leaves([1000]) == {}


def test_entries_hold_no_author_data_and_hash_to_their_leaves(appended: dict[str, Any]) -> None:
    log: TransparencyLog = appended["log"]
    page = log.entries(0, 100)
    for logged in page.entries:
        assert merkle.leaf_hash(logged.entry.encode()).hex() == logged.leaf_hash
        assert "user-" not in logged.entry and "Persona" not in logged.entry and "Propuesta" not in logged.entry
        assert json.loads(logged.entry)["v"] == 1


def test_twenty_signed_tree_heads_are_pairwise_consistent_and_signed(appended: dict[str, Any]) -> None:
    log: TransparencyLog = appended["log"]
    heads = appended["heads"]
    assert len(heads) == 20 and heads[-1].tree_size == 1000
    public_key = load_der_public_key(log.signer.public_key_der())
    assert isinstance(public_key, ec.EllipticCurvePublicKey)
    for head in heads:
        message = signed_message(head.tree_size, head.root_hash, head.timestamp)
        public_key.verify(base64.b64decode(head.signature), message, ec.ECDSA(hashes.SHA256()))
    pairs = 0
    for i, first in enumerate(heads):
        for second in heads[i + 1 :]:
            proof = log.consistency_proof(first.tree_size, second.tree_size)
            merkle.verify_consistency(
                first.tree_size,
                second.tree_size,
                bytes.fromhex(first.root_hash),
                bytes.fromhex(second.root_hash),
                [bytes.fromhex(h) for h in proof.path],
            )
            pairs += 1
    assert pairs == 190
    assert log.tree_heads(100, None).tree_heads == heads


def test_inclusion_proofs_of_a_hundred_leaves_verify_and_pymerkle_agrees_on_the_roots(appended: dict[str, Any]) -> None:
    log: TransparencyLog = appended["log"]
    heads = appended["heads"]
    leaves = log.store.leaves(list(range(1000)))
    independent = InmemoryTree(algorithm="sha256")
    for i in range(1000):
        independent.append_entry(leaves[i].entry.encode())
    for head in heads:
        assert independent.get_root(head.tree_size).hex() == head.root_hash
    rng = random.Random(100)
    for index in rng.sample(range(1000), 100):
        head = rng.choice([h for h in heads if h.tree_size > index])
        proof = log.inclusion_proof(str(index), head.tree_size)
        assert proof.leaf_hash == independent.get_leaf(index + 1).hex()
        merkle.verify_inclusion(
            index,
            head.tree_size,
            bytes.fromhex(proof.leaf_hash),
            [bytes.fromhex(h) for h in proof.path],
            bytes.fromhex(head.root_hash),
        )
    by_hash = log.inclusion_proof(leaves[42].leaf_hash, 1000)
    assert by_hash.leaf_index == 42


def test_entries_are_derived_only_from_public_events() -> None:
    support = {"entity": {"S": "Support"}, "doc": {"S": "{}"}}
    assert entries_from_change(None, support, lambda _: "") == []
    doc = proposal_doc(1)
    image = {"entity": {"S": "Proposal"}, "doc": {"S": json.dumps(doc)}}
    assert entries_from_change(image, image, lambda _: "") == []  # a counter update is no event
    redacted = {**doc, "problem": "[dato personal retirado]"}
    changed = entries_from_change(image, {"entity": {"S": "Proposal"}, "doc": {"S": json.dumps(redacted)}}, str)
    assert [json.loads(e.body)["type"] for e in changed] == ["proposal.content_changed"]


def test_a_stale_head_is_retried_and_appends_after_the_other_appender(aws: None) -> None:
    """Two appenders (two stream shards): the one whose head moved underneath retries on top."""
    store = LogStore(DocumentTable(TABLE))
    first = TransparencyLog(store=store, signer=KmsSigner(KEY), clock=Clock(), sleep=lambda _: None)
    second = TransparencyLog(store=store, signer=KmsSigner(KEY), clock=Clock(), sleep=lambda _: None)
    # the second appender writes first, so it knows the head it wrote (and keeps it)
    second.append(entries_from_change(None, image("Proposal", proposal_doc(9000)), str)[0])
    size = store.head().size
    other = entries_from_change(None, image("Proposal", proposal_doc(9001)), str)[0]
    mine = entries_from_change(None, image("Proposal", proposal_doc(9002)), str)[0]
    assert first.append(other) == size
    assert second.append(mine) == size + 1  # its transaction failed on the moved head, then retried
    assert first.append(mine) == size + 1  # the same event again: its index, nothing appended
    assert store.head().size == size + 2
    leaves = store.leaves([size, size + 1])
    assert [leaves[size].event_id, leaves[size + 1].event_id] == [other.event_id, mine.event_id]
