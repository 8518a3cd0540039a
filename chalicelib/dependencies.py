"""What a request needs (settings, store, clock), built once per Lambda container.

Tests replace it with `use(...)`; nothing else reads the environment.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from chalicelib.auth.principal import Principal
from chalicelib.auth.tokens import TokenVerifier
from chalicelib.settings import Settings, get_settings
from chalicelib.storage.election_store import ElectionStore
from chalicelib.storage.table import DocumentTable


def system_clock() -> datetime:
    return datetime.now(UTC)


@dataclass
class Dependencies:
    settings: Settings
    store: ElectionStore
    clock: Callable[[], datetime] = system_clock
    verifier: TokenVerifier | None = None

    def __post_init__(self) -> None:
        if self.verifier is None:
            self.verifier = TokenVerifier(
                issuer=self.settings.token_issuer,
                client_id=self.settings.user_pool_client_id,
                jwks_url=self.settings.token_keys_url,
            )

    @classmethod
    def from_settings(cls, settings: Settings) -> Dependencies:
        return cls(settings=settings, store=ElectionStore(DocumentTable(settings.table_name)))

    def principal(self, authorization: str | None) -> Principal:
        assert self.verifier is not None
        return self.verifier.principal(authorization)


_current: Dependencies | None = None


def current() -> Dependencies:
    global _current
    if _current is None:
        _current = Dependencies.from_settings(get_settings())
    return _current


def use(dependencies: Dependencies | None) -> None:
    """Replace (or with None, forget) the dependencies of the following requests."""
    global _current
    _current = dependencies
