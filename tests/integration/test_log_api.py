"""The log's public API on moto: receipts from a real submission, proofs, tree heads, the public key;
`decide verify-receipt` / `decide verify-log` over that API, and tampering with the stored log
(one entry altered, one deleted, two re-ordered) caught by both, each naming what failed."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import boto3
import pytest
from chalice.test import Client

import app as app_module
from chalicelib import dependencies
from chalicelib.storage import keys
from chalicelib.transparency import merkle
from decide.event_pump import EventPump
from decide.log_verifier import parse_receipt, verify_log, verify_receipt
from decide.resources import ensure_log_signing_key
from tests.integration.conftest import TABLE
from tests.integration.identities import Identities

BALLOT = "simulacro.ayun.002"
TOPICS = ["agua", "seguridad", "movilidad", "salud"]


def submit(api: Client, token: str, n: int) -> dict[str, Any]:
    body = {
        "ballot_id": BALLOT,
        "topic": TOPICS[n % len(TOPICS)],
        "title": f"Tema número {n} de la colonia",
        "problem": f"Situación {n}: "
        + ["el agua no llega", "no hay alumbrado", "el camión no pasa", "falta médico"][n]
        + " desde hace meses en nuestra calle.",
        "proposed_action": f"Acción {n}: "
        + ["reparar la red", "poner luminarias", "crear una ruta", "abrir un consultorio"][n]
        + " con calendario público y presupuesto.",
        "addressed_to": ["all"],
    }
    response = api.http.post(
        "/v1/proposals", headers={"Content-Type": "application/json", **Identities.bearer(token)}, body=json.dumps(body)
    )
    assert response.status_code == 201, response.body
    return response.json_body


@pytest.fixture(scope="module")
def logged(aws: None, seeded: Any, identities: Identities) -> Iterator[dict[str, Any]]:
    ensure_log_signing_key(boto3.client("kms"), "alias/decide-dev-transparency-log")
    pump = EventPump(table_name=TABLE, queue_handlers={}, relay=app_module.append_to_log)
    pump.start_at_latest()
    yield {"pump": pump}


@pytest.fixture
def client(api: Client, logged: dict[str, Any]) -> Client:
    return api


def fetcher(api: Client) -> Callable[[str], dict[str, Any] | None]:
    def fetch(path: str) -> dict[str, Any] | None:
        response = api.http.get(path)
        if response.status_code != 200:  # what the verifier sees: the log could not answer
            assert response.json_body["error"]["message"]
            return None
        body: dict[str, Any] = response.json_body
        return body

    return fetch


@pytest.fixture
def receipts(client: Client, logged: dict[str, Any], identities: Identities) -> list[dict[str, Any]]:
    if "receipts" not in logged:
        made = []
        for n in range(4):
            token = identities.user(f"comprobante-{n}@example.mx", role="citizen")
            made.append(submit(client, token, n)["receipt"])
        logged["before_append"] = client.http.get(f"/v1/log/receipts/{made[0]['leaf_hash']}")
        logged["pump"].drain(timeout=60, idle_rounds=1)
        assert dependencies.current().transparency.sign_tree_head() is not None
        logged["receipts"] = made
    receipts: list[dict[str, Any]] = logged["receipts"]
    return receipts


def test_the_submission_returns_a_receipt_whose_hash_is_final_before_the_log_appends_it(
    client: Client, receipts: list[dict[str, Any]], logged: dict[str, Any]
) -> None:
    first = receipts[0]
    assert first["leaf_index"] is None and first["version"] == 1
    assert merkle.leaf_hash(first["entry"].encode()).hex() == first["leaf_hash"]
    entry = json.loads(first["entry"])
    assert entry["type"] == "proposal.accepted" and "author_id" not in entry and "title" not in entry
    assert logged["before_append"].status_code == 404
    assert logged["before_append"].json_body["error"]["code"] == "log_entry_not_found"
    status = client.http.get(f"/v1/log/receipts/{first['leaf_hash']}").json_body
    assert status["event_id"] == first["event_id"] and status["entry"] == first["entry"]
    head = status["tree_head"]
    merkle.verify_inclusion(
        status["leaf_index"],
        head["tree_size"],
        bytes.fromhex(first["leaf_hash"]),
        [bytes.fromhex(h) for h in status["path"]],
        bytes.fromhex(head["root_hash"]),
    )


def test_the_public_api_gives_proofs_tree_heads_and_the_key(client: Client, receipts: list[dict[str, Any]]) -> None:
    latest = client.http.get("/v1/log/tree-heads/latest").json_body
    assert latest["tree_size"] >= 4 and len(latest["root_hash"]) == 64 and latest["signature"]
    assert client.http.get("/v1/log/tree-heads").json_body["tree_heads"][-1] == latest
    key = client.http.get("/v1/log/public-key").json_body
    assert key["public_key_pem"].startswith("-----BEGIN PUBLIC KEY-----") and key["key_id"] == latest["key_id"]
    proof = client.http.get(f"/v1/log/proofs/inclusion?leaf=1&tree_size={latest['tree_size']}").json_body
    assert proof["leaf_index"] == 1 and all(len(h) == 64 for h in proof["path"])
    consistency = client.http.get(f"/v1/log/proofs/consistency?first=2&second={latest['tree_size']}").json_body
    assert consistency["first"] == 2 and consistency["path"]
    page = client.http.get("/v1/log/entries?start=0&limit=2").json_body
    assert [e["leaf_index"] for e in page["entries"]] == [0, 1]


@pytest.mark.parametrize(
    ("path", "status", "field"),
    [
        ("/v1/log/proofs/inclusion?leaf=abc", 400, "leaf"),
        ("/v1/log/proofs/inclusion?leaf=0&tree_size=999999", 400, "tree_size"),
        ("/v1/log/proofs/inclusion?leaf=3&tree_size=2", 400, "leaf"),
        ("/v1/log/proofs/inclusion?leaf=" + "0" * 64, 404, "leaf"),
        ("/v1/log/proofs/consistency?first=3&second=2", 400, "first"),
        ("/v1/log/proofs/consistency?first=0&second=2", 400, "first"),
        ("/v1/log/entries?limit=1000", 400, "limit"),
        ("/v1/log/receipts/no-es-una-huella", 400, "leaf_hash"),
    ],
)
def test_bad_proof_requests_get_a_spanish_error_naming_the_field(
    client: Client, receipts: list[dict[str, Any]], path: str, status: int, field: str
) -> None:
    response = client.http.get(path)
    assert response.status_code == status, response.body
    error = response.json_body["error"]
    named = [f["field"] for f in error["details"].get("fields", [])] + [error["details"].get("field")]
    assert field in named
    assert error["message"] and "Traceback" not in response.body.decode()


def stored_leaf(index: int) -> dict[str, Any]:
    item = boto3.client("dynamodb").get_item(TableName=TABLE, Key=key_of(index))["Item"]
    return item


def key_of(index: int) -> dict[str, Any]:
    key = keys.log_node(0, index)
    return {"pk": {"S": key.pk}, "sk": {"S": key.sk}}


def put_leaf(item: dict[str, Any]) -> None:
    boto3.client("dynamodb").put_item(TableName=TABLE, Item=item)


def test_an_untouched_log_and_receipt_verify(client: Client, receipts: list[dict[str, Any]]) -> None:
    fetch = fetcher(client)
    assert verify_log(fetch).ok, verify_log(fetch).problems
    report = verify_receipt(parse_receipt(json.dumps({"receipt": receipts[2]})), fetch)
    assert report.ok and "is in the tree head of size" in report.checked[0]


def test_an_altered_entry_is_caught_by_the_log_check_and_the_receipt_check(
    client: Client, receipts: list[dict[str, Any]]
) -> None:
    fetch = fetcher(client)
    index = client.http.get(f"/v1/log/receipts/{receipts[1]['leaf_hash']}").json_body["leaf_index"]
    original = stored_leaf(index)
    doc = json.loads(original["doc"]["S"])
    doc["entry"] = doc["entry"].replace('"topic":"seguridad"', '"topic":"agua"')
    put_leaf({**original, "doc": {"S": json.dumps(doc)}})
    try:
        log_problems = verify_log(fetch).problems
        assert f"entry {index} was altered: its content does not hash to its leaf hash" in log_problems
        receipt_problems = verify_receipt(receipts[1], fetch).problems
        assert receipt_problems == [
            f"the entry stored at position {index} is not the receipt's: it was altered or replaced (re-ordered)"
        ]
    finally:
        put_leaf(original)
    assert verify_log(fetch).ok


def test_a_deleted_entry_is_caught_by_both_checks(client: Client, receipts: list[dict[str, Any]]) -> None:
    fetch = fetcher(client)
    index = client.http.get(f"/v1/log/receipts/{receipts[3]['leaf_hash']}").json_body["leaf_index"]
    original = stored_leaf(index)
    boto3.client("dynamodb").delete_item(TableName=TABLE, Key=key_of(index))
    try:
        assert f"entry {index} is missing from the log (deleted)" in verify_log(fetch).problems
        problems = verify_receipt(receipts[3], fetch).problems
        assert problems[0] in (
            f"entry {index}, the receipt's, is missing from the log (deleted)",
            "the log has no entry with this receipt's leaf hash (deleted, or not yet appended)",
        )
    finally:
        put_leaf(original)
    assert verify_log(fetch).ok


def test_two_reordered_entries_are_caught_by_both_checks(client: Client, receipts: list[dict[str, Any]]) -> None:
    fetch = fetcher(client)
    first = client.http.get(f"/v1/log/receipts/{receipts[0]['leaf_hash']}").json_body["leaf_index"]
    second = client.http.get(f"/v1/log/receipts/{receipts[2]['leaf_hash']}").json_body["leaf_index"]
    a, b = stored_leaf(first), stored_leaf(second)
    swapped_a = {**a, "doc": b["doc"], "hash": b["hash"]}
    swapped_b = {**b, "doc": a["doc"], "hash": a["hash"]}
    put_leaf(swapped_a)
    put_leaf(swapped_b)
    try:
        problems = verify_log(fetch).problems
        mismatch = [p for p in problems if p.startswith("the entries do not reproduce the root of the tree head")]
        assert len(mismatch) == 1, problems
        named = mismatch[0].split(": entries ", 1)[1].split(" cannot", 1)[0].split(", ")
        assert str(first) in named and str(second) in named
        receipt_problems = verify_receipt(receipts[0], fetch).problems
        assert any(f"inclusion proof of entry {first} fails" in p or f"position {first}" in p for p in receipt_problems)
    finally:
        put_leaf(a)
        put_leaf(b)
    assert verify_log(fetch).ok
