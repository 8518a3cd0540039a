"""An in-process DecideIEEM on moto (`mock_aws`): the seeded table, the fan-out, Cognito users.

Shared by the benchmarks (`make bench`) and the bounded resilience tests (tests/resilience):
the same code runs at 1,000 proposals in the bench and at a few hundred in CI. Faults are
injected into the real boto3 clients with botocore `before-call` hooks.
"""

from __future__ import annotations

import copy
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from decide.faults import Faults

AWS_TEST_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_REGION": "us-east-1",
    "AWS_ACCOUNT_ID_ENDPOINT_MODE": "disabled",
}
TABLE = "decide-bench"
STAGE = "dev"
SEED_DAY = date(2026, 11, 26)
NOW = datetime(2026, 11, 26, 18, 0, tzinfo=UTC)  # the drill (simulacro) is in campaign
PASSWORD = "contraseña-Segura-123"


def isolate_environment() -> None:
    """Fake credentials, no endpoint: every AWS call stays inside moto. Installs the moto patch."""
    os.environ.update(AWS_TEST_ENV)
    os.environ.setdefault("TABLE_NAME", TABLE)
    os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "WARNING")
    os.environ.pop("AWS_ENDPOINT_URL", None)
    os.environ.pop("AWS_PROFILE", None)
    from decide import moto_patches

    moto_patches.install()


class CallLog:
    """Records each DynamoDB call and, when asked for, its consumed capacity."""

    def __init__(self, capacity: bool = False) -> None:
        self.capacity = capacity
        self.calls: list[str] = []
        self.units: float = 0.0
        self.requests: list[tuple[str, dict[str, Any]]] = []
        self.keep_requests = False

    def before_build(self, params: dict[str, Any], model: Any, **_: Any) -> None:
        if self.capacity and "ReturnConsumedCapacity" in model.input_shape.members:
            params.setdefault("ReturnConsumedCapacity", "TOTAL")

    def before_call(self, event_name: str, **_: Any) -> None:
        self.calls.append(event_name.rsplit(".", 1)[-1])

    def after_call(self, parsed: dict[str, Any], **_: Any) -> None:
        consumed = parsed.get("ConsumedCapacity")
        entries = consumed if isinstance(consumed, list) else [consumed] if consumed else []
        self.units += sum(float(e.get("CapacityUnits", 0.0)) for e in entries)

    def attach(self, client: Any) -> Any:
        events = client.meta.events
        events.register("provide-client-params.dynamodb.*", self._provide)
        events.register("before-call.dynamodb.*", self.before_call)
        events.register("after-call.dynamodb.*", self.after_call)
        return client

    def _provide(self, params: dict[str, Any], model: Any, **_: Any) -> None:
        if self.keep_requests:
            self.requests.append((model.name, copy.deepcopy(params)))
        self.before_build(params, model)

    def reset(self) -> None:
        self.calls.clear()
        self.units = 0.0
        self.requests.clear()


@dataclass
class Identities:
    """Users with roles in moto's Cognito and their real ID tokens, verified like in AWS."""

    pool_id: str
    client_id: str
    cognito: Any
    tokens: dict[str, str] = field(default_factory=dict)

    def verifier(self) -> Any:
        from moto.utilities.utils import load_resource

        from chalicelib.auth.tokens import TokenVerifier

        def key_set(_url: str) -> dict[str, Any]:
            keys: dict[str, Any] = load_resource("cognitoidp/resources/jwks-public.json")
            return keys

        return TokenVerifier(
            issuer=f"https://cognito-idp.us-east-1.amazonaws.com/{self.pool_id}",
            client_id=self.client_id,
            jwks_url="moto://jwks",
            load_key_set=key_set,
        )

    def token(self, email: str, role: str | None = "citizen", party_id: str | None = None) -> str:
        if email in self.tokens:
            return self.tokens[email]
        attributes = [{"Name": "email", "Value": email}, {"Name": "name", "Value": email.split("@")[0]}]
        if party_id:
            attributes.append({"Name": "custom:party_id", "Value": party_id})
        self.cognito.admin_create_user(
            UserPoolId=self.pool_id, Username=email, UserAttributes=attributes, MessageAction="SUPPRESS"
        )
        self.cognito.admin_set_user_password(UserPoolId=self.pool_id, Username=email, Password=PASSWORD, Permanent=True)
        if role:
            self.cognito.admin_add_user_to_group(UserPoolId=self.pool_id, Username=email, GroupName=role)
        result = self.cognito.initiate_auth(
            ClientId=self.client_id,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": email, "PASSWORD": PASSWORD},
        )
        token: str = result["AuthenticationResult"]["IdToken"]
        self.tokens[email] = token
        return token


@dataclass
class World:
    """The seeded in-process stack; `client()` is a Chalice test client on the wired app."""

    store: Any
    resources: Any
    identities: Identities
    mailbox: str
    call_log: CallLog
    sns_faults: Faults
    ses_faults: Faults
    proposals_per_day: int
    # The burst counts every party email sent at once; the hourly cap that rolls the rest into the digest
    # (issue 11) has its own test (tests/integration/test_immediate_cap.py), so worlds lift it by default.
    party_immediate_per_hour: int = 10_000
    deps: Any = None

    def wire(self, clock: Callable[[], datetime] = lambda: NOW) -> Any:
        from chalicelib.settings import Settings
        from decide.faults import wire_with_faults

        settings = Settings(
            table_name=TABLE,
            user_pool_id=self.identities.pool_id,
            user_pool_client_id=self.identities.client_id,
            events_topic_arn=self.resources.topic_arn,
            local_mailbox_dir=self.mailbox,
            proposals_per_day=self.proposals_per_day,
            party_immediate_per_hour=self.party_immediate_per_hour,
        )
        self.deps = wire_with_faults(
            settings, self.store, self.identities.verifier(), clock, self.sns_faults, self.ses_faults
        )
        return self.deps

    def pump(self) -> Any:
        from decide.event_pump import pump_for_app

        pump = pump_for_app(TABLE, STAGE)
        pump.start_at_latest()
        return pump

    def count_items(self, prefix: str = "") -> int:
        """Every item in the table (a Scan: tests and benchmarks only)."""
        client = self.store.table.client
        total = 0
        for page in client.get_paginator("scan").paginate(TableName=TABLE, Select="COUNT"):
            total += page["Count"]
        return total


@contextmanager
def world(
    *, seed: bool = True, proposals_per_day: int = 100, capacity: bool = False, mailbox: str | None = None
) -> Iterator[World]:
    """A fresh moto world, seeded, with the stage's topic, queues and user pool."""
    isolate_environment()
    import boto3
    from moto import mock_aws

    from chalicelib import dependencies
    from chalicelib.storage.election_store import ElectionStore
    from chalicelib.storage.table import DocumentTable
    from decide.resources import StackNames, bootstrap
    from decide.seed import seed_all

    call_log = CallLog(capacity=capacity)
    with mock_aws(), tempfile.TemporaryDirectory(prefix="decide-mailbox-") as tmp:
        resources = bootstrap(StackNames(stage=STAGE, table=TABLE))
        store = ElectionStore(DocumentTable(TABLE, client_factory=lambda: call_log.attach(boto3.client("dynamodb"))))
        if seed:
            seed_all(store, SEED_DAY)
        pool = resources.user_pool
        identities = Identities(pool.pool_id, pool.client_id, boto3.client("cognito-idp"))
        w = World(
            store=store,
            resources=resources,
            identities=identities,
            mailbox=mailbox or os.path.join(tmp, "mailbox"),
            call_log=call_log,
            sns_faults=Faults("Publish"),
            ses_faults=Faults("SendRawEmail", seed=11),
            proposals_per_day=proposals_per_day,
        )
        try:
            yield w
        finally:
            dependencies.use(None)
