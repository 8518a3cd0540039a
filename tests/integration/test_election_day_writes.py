"""Election-day writes: no shared item in a request's transaction, conflicts retried, counts from the stream.

moto runs one request at a time and never answers TransactionConflict; the project's fault module
injects AWS's real answers (a cancelled TransactWriteItems with its reasons, a
TransactionConflictException on a single-item write) into the real boto3 client.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import boto3
import pytest
from chalice.test import Client

import app as app_module
from chalicelib import dependencies
from chalicelib.settings import Settings
from chalicelib.storage import keys
from chalicelib.storage.election_store import ElectionStore
from chalicelib.storage.table import DocumentTable, RetryPolicy, StoredItem
from decide.faults import Faults
from tests.integration.conftest import NOW, TABLE
from tests.integration.identities import Identities
from tests.integration.stream_tallies import StreamTallies

BALLOT = "simulacro.ayun.001"


@dataclass
class Wired:
    api: Client
    transact: Faults  # TransactWriteItems: a submission
    put: Faults  # PutItem: a support
    sleeps: list[float]
    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)


@pytest.fixture
def wired(seeded: ElectionStore, identities: Identities) -> Iterator[Wired]:
    transact = Faults("TransactWriteItems", code="TransactionConflict")
    put = Faults("PutItem", code="TransactionConflict")
    sleeps: list[float] = []
    calls: list[tuple[str, dict[str, Any]]] = []

    def client_factory() -> Any:
        client = boto3.client("dynamodb")
        client.meta.events.register("before-call.dynamodb.TransactWriteItems", transact)
        client.meta.events.register("before-call.dynamodb.PutItem", put)

        def record(event_name: str, params: dict[str, Any], **_: Any) -> None:
            calls.append((event_name.rsplit(".", 1)[-1], params))

        client.meta.events.register("before-parameter-build.dynamodb.*", record)
        return client

    store = ElectionStore(DocumentTable(TABLE, client_factory=client_factory, retry=RetryPolicy(sleep=sleeps.append)))
    settings = Settings(
        table_name=TABLE, user_pool_id=identities.pool.pool_id, user_pool_client_id=identities.pool.client_id
    )
    dependencies.use(
        dependencies.Dependencies(settings=settings, store=store, clock=lambda: NOW, verifier=identities.verifier())
    )
    with Client(app_module.app) as client:
        yield Wired(client, transact, put, sleeps, calls)
    dependencies.use(None)


def draft(title: str, addressed: list[str]) -> dict[str, Any]:
    return {
        "ballot_id": BALLOT,
        "topic": "movilidad",
        "title": title,
        "problem": f"{title}: el problema afecta a la colonia desde hace meses y nadie lo atiende.",
        "proposed_action": f"{title}: proponemos un plan con presupuesto, calendario y responsables públicos.",
        "addressed_to": addressed,
    }


def submit(api: Client, token: str, body: dict[str, Any], key: str | None = None) -> Any:
    headers = {"Content-Type": "application/json", **Identities.bearer(token)}
    if key:
        headers["Idempotency-Key"] = key
    return api.http.post("/v1/proposals", headers=headers, body=json.dumps(body))


def mine(api: Client, token: str) -> list[str]:
    return [
        p["summary"]["title"]
        for p in api.http.get("/v1/me/proposals", headers=Identities.bearer(token)).json_body["proposals"]
    ]


def test_a_conflicting_submission_succeeds_after_a_retry(wired: Wired, identities: Identities) -> None:
    author = identities.user("conflicto-1@example.mx", role="citizen")
    wired.transact.next_calls = 1  # the first attempt loses a race, as under election-day load
    sent = submit(wired.api, author, draft("Semáforos en la avenida Juárez", ["pfa", "pfv"]), key="k-1")
    assert sent.status_code == 201, sent.body
    assert wired.transact.injected == 1 and len(wired.sleeps) == 1
    assert mine(wired.api, author) == ["Semáforos en la avenida Juárez"]


def test_the_submission_transaction_writes_no_item_another_submission_writes(
    wired: Wired, identities: Identities
) -> None:
    author = identities.user("conflicto-2@example.mx", role="citizen")
    wired.calls.clear()
    assert (
        submit(wired.api, author, draft("Banquetas en la calle Hidalgo", ["pfa", "pfv", "pfr-pfm"])).status_code == 201
    )
    (items,) = [p["TransactItems"] for name, p in wired.calls if name == "TransactWriteItems"]
    written = [next(iter(op.values()))["Item" if "Put" in op else "Key"] for op in items]
    proposal_id = written[1]["pk"]["S"].removeprefix("PROPOSAL#")
    # the author's quota and duplicate key, then only items of this proposal (itself, its process listing for
    # retention, its feed and inbox entries): none is an item another submission writes
    assert written[0]["pk"]["S"].startswith("QUOTA#")
    (duplicate,) = [w for w in written if w["pk"]["S"].startswith("DUPLICATE#")]
    own = [w for w in written[1:] if w is not duplicate]
    assert all(proposal_id in w["pk"]["S"] + w["sk"]["S"] for w in own), written
    assert not [w for w in written if "COUNTS" in w["sk"]["S"] or w["pk"]["S"].startswith("PROCESS#")]
    # quota + proposal + duplicate key + process listing + 5 feeds + 3 party feeds + 3 inbox entries, and the party
    # feeds of the coalition's two members (pfr, pfm: `?party=` of a member lists what is addressed to its coalition)
    assert len(items) == 17


def test_persistent_conflicts_answer_a_spanish_503_with_retry_after_and_write_nothing(
    wired: Wired, identities: Identities
) -> None:
    author = identities.user("conflicto-3@example.mx", role="citizen")
    body = draft("Alumbrado en el parque Morelos", ["pfa"])
    wired.transact.next_calls = 100
    refused = submit(wired.api, author, body, key="k-3")
    wired.transact.next_calls = 0
    assert refused.status_code == 503
    assert refused.headers["Retry-After"] == "2"
    error = refused.json_body["error"]
    assert error["code"] == "storage_busy"
    assert (
        error["message"].startswith("Hay mucha actividad en este momento") and "No se guardó nada" in error["message"]
    )
    assert "Transaction" not in refused.body.decode() and error["details"] == {}
    assert wired.transact.injected == 5  # bounded: five attempts, then the answer
    assert mine(wired.api, author) == []
    # nothing half-written: the same Idempotency-Key goes through once the table is calm
    again = submit(wired.api, author, body, key="k-3")
    assert again.status_code == 201, again.body
    assert mine(wired.api, author) == ["Alumbrado en el parque Morelos"]


def test_a_conflicting_support_succeeds_after_a_retry_and_a_persistent_one_is_a_503(
    wired: Wired, identities: Identities
) -> None:
    tallies = StreamTallies(TABLE)
    author = identities.user("conflicto-4@example.mx", role="citizen")
    sent = submit(wired.api, author, draft("Bebederos en la escuela primaria", ["pfa"])).json_body
    path = f"/v1/proposals/{sent['id']}/support"
    fan = identities.user("conflicto-fan@example.mx", role="citizen")
    wired.put.next_calls = 1
    supported = wired.api.http.put(path, headers=Identities.bearer(fan))
    assert supported.status_code == 200, supported.body
    assert supported.json_body["supports"] == 1 and wired.put.injected == 1

    other = identities.user("conflicto-fan-2@example.mx", role="citizen")
    wired.put.next_calls = 100
    refused = wired.api.http.put(path, headers=Identities.bearer(other))
    wired.put.next_calls = 0
    assert refused.status_code == 503 and refused.headers["Retry-After"] == "2"
    assert refused.json_body["error"]["code"] == "storage_busy"
    # not half-written: the second citizen's support does not exist, and giving it again works
    tallies.catch_up()
    again = wired.api.http.put(path, headers=Identities.bearer(other))
    assert again.status_code == 200 and again.json_body["supports"] == 2


def test_counts_follow_from_the_stream_exactly_once_even_when_batches_are_replayed(
    wired: Wired, identities: Identities
) -> None:
    tallies = StreamTallies(TABLE)
    proposals = dependencies.current().proposals.proposals
    before = {c: proposals.inbox_counts("simulacro", c) for c in ("pfa", "pfv")}
    author = identities.user("conteo@example.mx", role="citizen")
    sent = submit(wired.api, author, draft("Rampas en el mercado municipal", ["pfa", "pfv"])).json_body
    path = f"/v1/proposals/{sent['id']}/support"
    fans = [identities.user(f"conteo-{n}@example.mx", role="citizen") for n in range(3)]
    for fan in fans:
        assert wired.api.http.put(path, headers=Identities.bearer(fan)).status_code == 200
    tallies.catch_up()
    withdrawn = wired.api.http.delete(path, headers=Identities.bearer(fans[0]))
    assert withdrawn.json_body["supports"] == 2  # what the citizen sees before the stream has counted
    pfa = identities.user("conteo-pfa@example.mx", role="party_editor", party_id="pfa")
    answer = {"stance": "commit", "text": "Nos comprometemos a construirlas este año con el cabildo."}
    headers = {"Content-Type": "application/json", **Identities.bearer(pfa)}
    assert (
        wired.api.http.post(
            f"/v1/proposals/{sent['id']}/responses", headers=headers, body=json.dumps(answer)
        ).status_code
        == 200
    )
    # the support given again after being withdrawn is a new event
    assert wired.api.http.put(path, headers=Identities.bearer(fans[0])).status_code == 200

    tallies.catch_up()
    tallies.replay()
    tallies.replay()  # Lambda redelivers a batch after a failure: nothing counts twice
    found = proposals.get(sent["id"])
    assert found is not None and found[1:] == (3, 1)
    after = {c: proposals.inbox_counts("simulacro", c) for c in ("pfa", "pfv")}
    assert after["pfa"] == (before["pfa"][0], before["pfa"][1] + 1)  # +1 unanswered, then answered
    assert after["pfv"] == (before["pfv"][0] + 1, before["pfv"][1])
    feed = wired.api.http.get(f"/v1/proposals?ballot={BALLOT}&limit=50").json_body["proposals"]
    assert [(p["supports"], p["responses"]) for p in feed if p["id"] == sent["id"]] == [(3, 1)]
    late = identities.user("conteo-late@example.mx", role="citizen")
    assert wired.api.http.put(path, headers=Identities.bearer(late)).json_body["supports"] == 4


def test_the_proposal_page_reads_the_same_with_ten_thousand_supports_as_with_one(
    wired: Wired, identities: Identities, seeded: ElectionStore
) -> None:
    author = identities.user("miles@example.mx", role="citizen")
    sent = submit(wired.api, author, draft("Parque lineal en el antiguo canal", ["pfa"])).json_body
    fan = identities.user("miles-fan@example.mx", role="citizen")
    assert wired.api.http.put(f"/v1/proposals/{sent['id']}/support", headers=Identities.bearer(fan)).status_code == 200

    def cost() -> tuple[list[str], int]:
        wired.calls.clear()
        read: list[int] = []

        def count_items(parsed: dict[str, Any], **_: Any) -> None:
            read.append(
                parsed.get("ScannedCount", 0)
                + sum(len(v) for v in parsed.get("Responses", {}).values())
                + ("Item" in parsed)
            )

        client = dependencies.current().store.table.client
        client.meta.events.register("after-call.dynamodb.*", count_items)
        try:
            page = wired.api.http.get(f"/v1/proposals/{sent['id']}")
        finally:
            client.meta.events.unregister("after-call.dynamodb.*", count_items)
        assert page.status_code == 200
        return [name for name, _ in wired.calls], sum(read)

    one = cost()
    seeded.table.batch_put(
        StoredItem(keys.support(sent["id"], f"fan-{n:05d}"), "Support", json.dumps({"at": "2026-11-26T18:00:00"}))
        for n in range(10_000)
    )
    assert cost() == one
    assert one[1] <= 3  # the proposal (its counts inside), and the ballot for names and order
