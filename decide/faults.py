"""Fault injection for tests and benchmarks: real boto3 clients whose calls fail on demand.

A `Faults` hook is registered on a client's botocore `before-call` event for one operation; it
raises the `ClientError` AWS would for a seeded fraction of calls or the next N calls: SES/SNS
`Throttling`, or DynamoDB's `TransactionConflict` (moto never produces it: it runs one request at a
time). A conflicting TransactWriteItems is cancelled as a whole, with one reason per item (AWS's
shape: `TransactionCanceledException` and `CancellationReasons`); a single-item write that collides
with a transaction gets `TransactionConflictException`. Nothing is written in either case.
`wire_with_faults` gives the app SNS and SES clients carrying such hooks. Never deployed.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from datetime import datetime
from typing import Any

from chalicelib import dependencies
from chalicelib.adapters.deferral import QueueDeferral
from chalicelib.adapters.mail import MailSender
from chalicelib.adapters.publisher import EventPublisher
from chalicelib.auth.tokens import TokenVerifier
from chalicelib.settings import Settings
from chalicelib.storage.election_store import ElectionStore
from decide.event_pump import RETRY_VISIBILITY_SECONDS


class Faults:
    """Fails a seeded fraction (`rate`) of one operation's calls, and/or the next `next_calls` calls."""

    def __init__(
        self, operation: str, rate: float = 0.0, next_calls: int = 0, seed: int = 7, code: str = "Throttling"
    ) -> None:
        self.operation = operation
        self.code = code
        self.rate = rate
        self.next_calls = next_calls
        self.random = random.Random(seed)
        self.calls = 0
        self.injected = 0

    def __call__(self, params: dict[str, Any] | None = None, **_: Any) -> None:
        from botocore.exceptions import ClientError

        self.calls += 1
        if self.next_calls > 0 or (self.rate and self.random.random() < self.rate):
            self.next_calls = max(0, self.next_calls - 1)
            self.injected += 1
            if self.code == "TransactionConflict" and self.operation == "TransactWriteItems":
                body = (params or {}).get("body") or b"{}"
                items = json.loads(body).get("TransactItems", [None])  # the serialized request
                reasons = [{"Code": "TransactionConflict" if n == 0 else "None"} for n in range(len(items))]
                error = {
                    "Error": {"Code": "TransactionCanceledException", "Message": "Transaction cancelled"},
                    "CancellationReasons": reasons,
                }
                raise ClientError(error, self.operation)  # type: ignore[arg-type]
            code = "TransactionConflictException" if self.code == "TransactionConflict" else self.code
            raise ClientError({"Error": {"Code": code, "Message": "injected fault"}}, self.operation)


def faulty_client(service: str, faults: Faults) -> Callable[[], Any]:
    """A client factory whose clients run `faults` before each call of `faults.operation`."""

    def create() -> Any:
        import boto3

        client = boto3.client(service)  # type: ignore[call-overload]
        client.meta.events.register(f"before-call.{service}.{faults.operation}", faults)
        return client

    return create


def wire_with_faults(
    settings: Settings,
    store: ElectionStore,
    verifier: TokenVerifier,
    clock: Callable[[], datetime],
    sns_faults: Faults,
    ses_faults: Faults,
) -> dependencies.Dependencies:
    """The app's dependencies with SNS publishes and SES sends passing through the given faults."""
    deps = dependencies.Dependencies(settings=settings, store=store, clock=clock, verifier=verifier)
    deps.publisher = EventPublisher(settings.events_topic_arn, client_factory=faulty_client("sns", sns_faults))
    deps.mail = MailSender(
        settings.mail_from,
        local_mailbox_dir=settings.local_mailbox_dir,
        client_factory=faulty_client("ses", ses_faults),
    )
    # A message deferred for the SES rate comes back as soon as a retried one would on the event pump
    # (in AWS it waits a minute): drains that tolerate retries tolerate deferrals too.
    deps.deferral = QueueDeferral(delay_seconds=RETRY_VISIBILITY_SECONDS)
    dependencies.use(deps)
    return deps
