"""The information pages (public and the institute's editor) as one service owning its stores, clock
and audit log, so each route is one `deps().civic_pages.<verb>(...)` call."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from chalicelib.audit.log import AuditLog
from chalicelib.auth.principal import Principal
from chalicelib.content import models, pages
from chalicelib.storage.civic_store import CivicStore
from chalicelib.storage.election_store import ElectionStore


class CivicPages:
    def __init__(
        self, civic: CivicStore, elections: ElectionStore, clock: Callable[[], datetime], audit: AuditLog
    ) -> None:
        self.civic = civic
        self.elections = elections
        self.clock = clock
        self.audit = audit

    def page(self, slug: str) -> models.ContentPage:
        return pages.get_page(self.civic, slug)

    def index(self, process_id: str) -> models.ContentIndex:
        return pages.list_pages(self.civic, self.elections, process_id)

    def save(self, principal: Principal, slug: str, body: models.ContentInput) -> models.AdminContentVersion:
        return pages.save_page(
            self.civic, self.elections, slug, body, pages.author_of(principal), self.clock(), self.audit, principal
        )

    def latest(self, slug: str) -> models.AdminContentVersion:
        return pages.get_latest(self.civic, slug)

    def history(self, slug: str) -> models.ContentHistory:
        return pages.history(self.civic, slug)

    @staticmethod
    def preview(body: models.ContentPreviewInput) -> models.ContentPreview:
        return pages.preview(body)

    def version(self, slug: str, version: str) -> models.AdminContentVersion:
        return pages.get_version(self.civic, slug, models.content_version_number(version))

    def restore(
        self, principal: Principal, slug: str, version: str, body: models.RestoreInput
    ) -> models.AdminContentVersion:
        number = models.content_version_number(version)
        return pages.restore(self.civic, self.elections, slug, number, body, principal, self.clock(), self.audit)
