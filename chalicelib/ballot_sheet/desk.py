"""The printable ballot sheet as a service owning its store, clock and settings."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from chalicelib.ballot_sheet import sheet
from chalicelib.settings import Settings
from chalicelib.storage.election_store import ElectionStore


class BallotSheets:
    def __init__(self, store: ElectionStore, clock: Callable[[], datetime], settings: Settings) -> None:
        self.store = store
        self.clock = clock
        self.settings = settings

    def pdf(self, ballot_id: str) -> bytes:
        return sheet.ballot_sheet(self.store, ballot_id, self.clock(), self.settings)
