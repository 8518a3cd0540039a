"""The one lazy AWS client: created on first use, never at import time (so moto's `mock_aws`, the
local endpoints and a cold start that never needs the service all apply), and injectable."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

C = TypeVar("C")


def default_client(service: str) -> Callable[[], Any]:
    """A factory of boto3's client for `service` (boto3 imported only when it is called)."""

    def create() -> Any:
        import boto3

        sdk: Any = boto3  # the service is a runtime name, not one of boto3's typed literals
        return sdk.client(service)

    create.__qualname__ = f"default_client({service!r})"
    return create


class LazyClient(Generic[C]):
    """Base of every AWS adapter: `self.client` is made by `client_factory` on first use and kept.
    Tests inject a factory (or assign `_client`)."""

    _client: C | None = None
    _client_factory: Callable[[], C]

    def use_client_factory(self, client_factory: Callable[[], C]) -> None:
        self._client_factory = client_factory
        self._client = None

    @property
    def client(self) -> C:
        if self._client is None:
            self._client = self._client_factory()
        return self._client
