"""Twenty copies of one proposal sent at once by one author yield exactly one proposal (issue 15).

The duplicate key (author, ballot, fingerprint of the normalised text) is written with
`attribute_not_exists` in the submission transaction, so the refusal does not depend on what a
request read before writing. moto runs a request while another is half done and never answers
TransactionConflict; here its calls are serialized (AWS serializes the transactions that touch one
item) and a seeded share of the transactions is cancelled with AWS's TransactionConflict, which the
table retries.
"""

from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from chalicelib import dependencies
from chalicelib.auth.principal import Principal, Role
from chalicelib.proposals.models import ProposalDraft
from chalicelib.proposals.service import NearDuplicateError
from chalicelib.settings import Settings
from chalicelib.storage.election_store import ElectionStore
from chalicelib.storage.table import DocumentTable, RetryPolicy
from decide.faults import Faults, faulty_client
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


class OneCallAtATime:
    """Botocore client event hooks (`before-call`, `after-call`, `after-call-error`: the event system
    boto3 documents, the one `decide.faults` injects through) that run a client's calls one at a time,
    and hold every submission's write until every submission read the author's proposals (the worst
    interleaving: each check-then-act check sees nothing). It records the error code of each write
    the table refused."""

    def __init__(self, writes: list[str]) -> None:
        self.lock = threading.Lock()
        self.author_reads = 0
        self.all_read = threading.Event()
        self.writes = writes

    def register(self, client: Any) -> Any:
        events = client.meta.events
        events.register("before-call.dynamodb", self.before)
        events.register("after-call.dynamodb", self.after)
        events.register("after-call-error.dynamodb", self.failed)
        return client

    def before(self, event_name: str, params: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
        operation = event_name.rsplit(".", 1)[-1]
        if operation == "TransactWriteItems":
            self.all_read.wait(timeout=60)
        self.lock.acquire()
        context["one_at_a_time"] = True  # the same request context reaches after-call
        if operation == "Query" and json.loads(params.get("body") or b"{}").get("IndexName") == "gsi1":
            self.author_reads += 1
            if self.author_reads >= COPIES:
                self.all_read.set()

    def after(
        self, event_name: str, http_response: Any, parsed: dict[str, Any], context: dict[str, Any], **_: Any
    ) -> None:
        if event_name.endswith(".TransactWriteItems") and http_response.status_code >= 300:
            self.writes.append(str(parsed.get("Error", {}).get("Code")))
        self._release(context)

    def failed(self, context: dict[str, Any], **_: Any) -> None:
        self._release(context)

    def _release(self, context: dict[str, Any]) -> None:
        if context.pop("one_at_a_time", False):
            self.lock.release()


def serialized_client_factory(transact_faults: Faults, writes: list[str]) -> Any:
    """Clients carrying the project's fault hook on TransactWriteItems (`decide.faults`), then the
    serializing hooks. The fault hook is the more specific event, so botocore runs it first: an
    injected conflict fails before the call takes its turn, as AWS answers one before the write."""
    faulty = faulty_client("dynamodb", transact_faults)
    serializer = OneCallAtATime(writes)

    def create() -> Any:
        return serializer.register(faulty())

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
