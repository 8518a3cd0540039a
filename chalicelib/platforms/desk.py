"""Party platforms as one service owning its stores, clock, time zone and audit log."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from chalicelib.audit.log import AuditLog
from chalicelib.auth.principal import Principal
from chalicelib.platforms import models, service
from chalicelib.storage.civic_store import CivicStore
from chalicelib.storage.election_store import ElectionStore


class Platforms:
    def __init__(
        self,
        civic: CivicStore,
        elections: ElectionStore,
        clock: Callable[[], datetime],
        tz: ZoneInfo,
        audit: AuditLog,
    ) -> None:
        self.civic = civic
        self.elections = elections
        self.clock = clock
        self.tz = tz
        self.audit = audit

    def side_by_side(self, process_id: str, query: models.PlatformQuery) -> models.PlatformList:
        return service.list_platforms(self.civic, self.elections, process_id, query.topic, self.clock())

    def save_for_party(
        self, principal: Principal, process_id: str, body: models.PartyPlatformInput
    ) -> models.PlatformView:
        return service.save_party_platform(
            self.civic, self.elections, principal, process_id, body, self.clock(), self.tz, self.audit
        )

    def save_for_contender(
        self, principal: Principal, process_id: str, contender_id: str, body: models.PlatformInput
    ) -> models.PlatformView:
        return service.save_institute_platform(
            self.civic, self.elections, principal, process_id, contender_id, body, self.clock(), self.tz, self.audit
        )
