"""Twenty copies of one proposal sent at once by one author yield exactly one proposal (issue 15).

The duplicate key (author, ballot, fingerprint of the normalised text) is written with
`attribute_not_exists` in the submission transaction, so the refusal does not depend on what a
request read before writing. moto runs a request while another is half done and never answers
TransactionConflict; here its calls are serialized (AWS serializes the transactions that touch one
item) and a seeded share of the transactions is cancelled with AWS's TransactionConflict, which the
table retries.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import boto3

from chalicelib import dependencies
from chalicelib.auth.principal import Principal, Role
from chalicelib.proposals.models import ProposalDraft
from chalicelib.proposals.service import NearDuplicateError
from chalicelib.settings import Settings
from chalicelib.storage.election_store import ElectionStore
from chalicelib.storage.table import DocumentTable, RetryPolicy
from decide.faults import Faults
from tests.integration.conftest import NOW, TABLE

COPIES = 20
TITLE = "Semáforo peatonal frente a la secundaria técnica"
PROBLEM = "Los estudiantes cruzan la carretera federal sin ningún paso seguro a la hora de la salida."
ACTION = "Instalar un semáforo peatonal con botón y pintar el cruce con líneas visibles de noche."
# look-alike copies: Cyrillic е/о, a zero-width space, full-width letters, other spacing and punctuation
LOOK_ALIKES = [
    (TITLE.replace("e", "\u0435", 2), PROBLEM, ACTION),
    (TITLE, PROBLEM.replace("o", "\u043e", 3), ACTION),
    (TITLE.replace(" ", " \u200b", 2), PROBLEM, ACTION + "!"),
    (TITLE.replace("Semáforo", "Ｓｅｍáｆｏｒｏ"), PROBLEM.replace(" ", "  "), ACTION),
]


def serialized_client_factory(transact_faults: Faults, writes: list[str]) -> Any:
    """Calls one at a time; every submission's read of the author's proposals happens before any
    submission writes (the worst interleaving: each check-then-act check sees nothing)."""
    lock = threading.Lock()
    reads = {"author": 0}
    all_read = threading.Event()

    def create() -> Any:
        client = boto3.client("dynamodb")
        client.meta.events.register("before-call.dynamodb.TransactWriteItems", transact_faults)
        make_call = client._make_api_call

        def one_at_a_time(operation: str, params: dict[str, Any]) -> Any:
            if operation == "TransactWriteItems":
                all_read.wait(timeout=60)
            with lock:
                if operation == "Query" and params.get("IndexName") == "gsi1":
                    reads["author"] += 1
                    if reads["author"] >= COPIES:
                        all_read.set()
                try:
                    return make_call(operation, params)
                except Exception as exc:
                    if operation == "TransactWriteItems":
                        writes.append(type(exc).__name__)
                    raise

        client._make_api_call = one_at_a_time
        return client

    return create


def test_twenty_parallel_copies_and_look_alikes_by_one_author_give_exactly_one_proposal(
    seeded: ElectionStore, identities: Any
) -> None:
    faults = Faults("TransactWriteItems", rate=0.3, code="TransactionConflict")
    refused: list[str] = []
    factory = serialized_client_factory(faults, refused)
    store = ElectionStore(DocumentTable(TABLE, client_factory=factory, retry=RetryPolicy(sleep=lambda _: None)))
    settings = Settings(table_name=TABLE, proposals_per_day=50)  # the quota is not what refuses here
    deps = dependencies.Dependencies(settings=settings, store=store, clock=lambda: NOW)
    desk = deps.proposals
    author = Principal(user_id="copias-paralelas", email="copias@example.mx", roles=frozenset({Role.CITIZEN}))
    texts = [(TITLE, PROBLEM, ACTION)] * (COPIES - len(LOOK_ALIKES)) + LOOK_ALIKES
    start = threading.Barrier(COPIES)

    def send(text: tuple[str, str, str]) -> str:
        body = ProposalDraft(
            ballot_id="simulacro.ayun.004",
            topic="movilidad",
            title=text[0],
            problem=text[1],
            proposed_action=text[2],
            addressed_to=["all"],
        )
        start.wait()
        try:
            return desk.submit(author, body, None).id
        except NearDuplicateError as exc:
            return exc.code

    with ThreadPoolExecutor(COPIES) as pool:
        outcomes = list(pool.map(send, texts))

    created = [o for o in outcomes if o != "near_duplicate"]
    assert len(created) == 1, outcomes
    assert outcomes.count("near_duplicate") == COPIES - 1
    assert faults.injected > 0  # AWS's conflicts happened and were retried
    # every copy reached the write: the conditional duplicate key refused them, not an earlier read
    assert len(refused) >= COPIES - 1
    found, _ = desk.proposals.by_author(author.user_id, 50, None)
    assert [p.id for p, _, _ in found] == created
