"""What a request needs (settings, store, clock), built once per Lambda container.

Tests replace it with `use(...)`; nothing else reads the environment.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

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

    @classmethod
    def from_settings(cls, settings: Settings) -> Dependencies:
        return cls(settings=settings, store=ElectionStore(DocumentTable(settings.table_name)))


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
