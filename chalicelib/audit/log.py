"""Every admin, moderator and party write is recorded here.

Services get the entry's operations (`audit.entry_operations(...)`, or `operations(entry)`) and pass
them to the store method that writes the change (its `audit=` argument), which writes both in one
transaction: a write and its record stand or fall together. That is the one mechanism for every
audited write (tests/integration/test_audit_in_transaction.py). `audit.record(...)` is only for the
bulk imports (registry, results: thousands of items in batches, no transaction to join), recorded
once the import is written. How entries are stored and read is chalicelib/storage/audit_store.py.

`GET /v1/admin/audit` reads one of them, never scans: by entity (one Query, actor as a filter),
by actor (one Query of gsi1), or by month partitions newest first (at most one Query per month of
the window; the window defaults to the last 3 months).
"""

from __future__ import annotations

import csv
import io
import json
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from chalicelib.audit.models import AuditEntry, AuditPage, AuditQuery, stamp
from chalicelib.auth.principal import Principal, Role
from chalicelib.storage.audit_store import AuditStore
from chalicelib.storage.table import DocumentTable, Operation

__all__ = ["AuditEntry", "AuditLog", "AuditPage", "AuditQuery", "acting_role", "stamp"]

ROLE_RANK = (Role.IEEM_ADMIN, Role.IEEM_MODERATOR, Role.PARTY_EDITOR, Role.CITIZEN)
DEFAULT_WINDOW = timedelta(days=92)
MAX_MONTHS = 24
EXPORT_MAX_ENTRIES = 1000
EXPORT_COLUMNS = ("at", "actor_email", "actor_role", "party_id", "action", "entity", "changed", "before", "after")


def acting_role(principal: Principal) -> str:
    return next((r.value for r in ROLE_RANK if r in principal.roles), "none")


def _months(low: datetime, high: datetime) -> list[str]:
    """`yyyy-mm` from `high` back to `low`, newest first."""
    year, month = high.year, high.month
    result: list[str] = []
    while (year, month) >= (low.year, low.month) and len(result) < MAX_MONTHS:
        result.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return result


class AuditLog:
    def __init__(self, table: DocumentTable) -> None:
        self.table = table
        self.store = AuditStore(table)

    def entry(
        self,
        principal: Principal,
        action: str,
        entity: str,
        at: datetime,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
    ) -> AuditEntry:
        return AuditEntry(
            id=uuid.uuid4().hex[:16],
            at=at.astimezone(UTC),
            actor_id=principal.user_id,
            actor_email=principal.email,
            actor_role=acting_role(principal),
            party_id=principal.party_id,
            action=action,
            entity=entity,
            before=before,
            after=after,
        )

    def operations(self, entry: AuditEntry) -> list[Operation]:
        """The two puts of one entry, to add to the caller's transaction."""
        return self.store.operations(entry)

    def entry_operations(
        self,
        principal: Principal,
        action: str,
        entity: str,
        at: datetime,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
    ) -> list[Operation]:
        """A new entry's operations, for the store method that writes the audited change (its `audit=`)."""
        return self.operations(self.entry(principal, action, entity, at, before, after))

    def record(
        self,
        principal: Principal,
        action: str,
        entity: str,
        at: datetime,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
    ) -> AuditEntry:
        entry = self.entry(principal, action, entity, at, before, after)
        self.table.transact(self.operations(entry))
        return entry

    # reading -----------------------------------------------------------------------------
    def query(self, query: AuditQuery, now: datetime) -> AuditPage:
        high = (query.to or now).astimezone(UTC)
        low = (query.from_ or high - DEFAULT_WINDOW).astimezone(UTC)
        between = (stamp(low), stamp(high) + "~")
        if query.entity:
            return self.store.page_by_entity(query.entity, query.actor, between, query.limit, query.cursor)
        if query.actor:
            return self.store.page_by_actor(query.actor, between, query.limit, query.cursor)
        return self.store.page_by_months(_months(low, high), between, query.limit, query.cursor)

    def export_csv(self, query: AuditQuery, now: datetime) -> str:
        """The entries the same filters list, newest first, as CSV (at most `EXPORT_MAX_ENTRIES`,
        read in pages of 100: a bounded number of Queries). `changed` names the fields that differ;
        before/after are the JSON documents. Formula-leading cells get an apostrophe."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(EXPORT_COLUMNS)
        page_query = query.model_copy(update={"limit": 100})
        written = 0
        while written < EXPORT_MAX_ENTRIES:
            page = self.query(page_query, now)
            for entry in page.entries[: EXPORT_MAX_ENTRIES - written]:
                writer.writerow([_cell(v) for v in _row(entry)])
                written += 1
            if not page.next_cursor:
                break
            page_query = page_query.model_copy(update={"cursor": page.next_cursor})
        return out.getvalue()


def changed_fields(before: dict[str, Any] | None, after: dict[str, Any] | None) -> list[str]:
    old, new = before or {}, after or {}
    return sorted(k for k in {*old, *new} if old.get(k) != new.get(k))


def _dump(document: dict[str, Any] | None) -> str:
    return json.dumps(document, ensure_ascii=False, sort_keys=True) if document is not None else ""


def _row(entry: AuditEntry) -> list[str]:
    return [
        stamp(entry.at),
        entry.actor_email,
        entry.actor_role,
        entry.party_id or "",
        entry.action,
        entry.entity,
        ";".join(changed_fields(entry.before, entry.after)),
        _dump(entry.before),
        _dump(entry.after),
    ]


def _cell(value: str) -> str:
    # A spreadsheet would run a cell that starts like a formula (OWASP's list).
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
