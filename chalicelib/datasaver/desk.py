"""The data saver's section page as a service owning its store, clock and settings."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from chalicelib.datasaver import page
from chalicelib.settings import Settings
from chalicelib.storage.election_store import ElectionStore


class DataSaver:
    def __init__(self, store: ElectionStore, clock: Callable[[], datetime], settings: Settings) -> None:
        self.store = store
        self.clock = clock
        self.settings = settings

    def section_page(self, section: str) -> str:
        """The page of `section` as written in the address (400 naming `section` when it is not one)."""
        number = page.SectionPath.model_validate({"section": section}).section
        return page.section_page(self.store, number, self.clock(), self.settings)
