"""Integration fixtures: moto's `mock_aws`, the seeded table, the Chalice test client."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from typing import Any

import boto3
import pytest
from chalice.test import Client
from moto import mock_aws
from moto.core import DEFAULT_ACCOUNT_ID
from moto.dynamodb.models import dynamodb_backends

import app as app_module
from chalicelib import dependencies
from chalicelib.settings import Settings
from chalicelib.storage.election_store import ElectionStore
from chalicelib.storage.table import DocumentTable
from decide.resources import ensure_table
from decide.seed import seed_all
from tests.integration.identities import Identities

TABLE = "decide-test"
SEED_DAY = date(2026, 11, 26)
NOW = datetime(2026, 11, 26, 18, 0, tzinfo=UTC)


class CallCounter:
    """Counts DynamoDB API calls made through one client."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def __call__(self, event_name: str, **_: Any) -> None:
        self.calls.append(event_name.rsplit(".", 1)[-1])

    def reset(self) -> None:
        self.calls.clear()


def counted_store(counter: CallCounter) -> ElectionStore:
    def client_factory() -> Any:
        client = boto3.client("dynamodb")
        client.meta.events.register("before-call.dynamodb.*", counter)
        return client

    return ElectionStore(DocumentTable(TABLE, client_factory=client_factory))


def _moto_items() -> Any:
    """The items of the test table inside moto's in-memory backend (test infrastructure only)."""
    return dynamodb_backends[DEFAULT_ACCOUNT_ID]["us-east-1"].tables[TABLE].items


@pytest.fixture(scope="session")
def seed_snapshot() -> Any:
    """The seeded table, built once per session: seeding through the API takes ~10 s, so each module
    gets a copy of these items instead of seeding again (the same items, without their stream records,
    which carry no events anyway)."""
    with mock_aws():
        ensure_table(boto3.client("dynamodb"), TABLE)
        seed_all(ElectionStore(DocumentTable(TABLE)), SEED_DAY)
        return copy.deepcopy(_moto_items())


@pytest.fixture(scope="module")
def aws(seed_snapshot: Any) -> Iterator[None]:
    with mock_aws():
        ensure_table(boto3.client("dynamodb"), TABLE)
        yield


@pytest.fixture(scope="module")
def counter() -> CallCounter:
    return CallCounter()


@pytest.fixture(scope="module")
def store(aws: None, counter: CallCounter) -> ElectionStore:
    return counted_store(counter)


@pytest.fixture(scope="module")
def seeded(store: ElectionStore, seed_snapshot: Any) -> ElectionStore:
    items = _moto_items()
    items.clear()
    items.update(copy.deepcopy(seed_snapshot))
    return store


@pytest.fixture
def clock() -> Callable[[], datetime]:
    return lambda: NOW


@pytest.fixture(scope="module")
def identities(aws: None) -> Identities:
    """Users with roles in a moto Cognito pool; `identities.user(email, role=...)` gives an ID token."""
    return Identities()


@pytest.fixture
def api(seeded: ElectionStore, counter: CallCounter, identities: Identities) -> Iterator[Client]:
    settings = Settings(
        table_name=TABLE, user_pool_id=identities.pool.pool_id, user_pool_client_id=identities.pool.client_id
    )
    dependencies.use(
        dependencies.Dependencies(settings=settings, store=seeded, clock=lambda: NOW, verifier=identities.verifier())
    )
    with Client(app_module.app) as client:
        counter.reset()
        yield client
    dependencies.use(None)
