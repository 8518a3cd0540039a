"""The institute's reads of the audit log (the page and its CSV) as a service owning its clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from chalicelib.audit.log import AuditLog, AuditPage, AuditQuery


class AuditTrail:
    def __init__(self, log: AuditLog, clock: Callable[[], datetime]) -> None:
        self.log = log
        self.clock = clock

    def page(self, query: AuditQuery) -> AuditPage:
        return self.log.query(query, self.clock())

    def csv(self, query: AuditQuery) -> str:
        return self.log.export_csv(query, self.clock())
