"""Every admin, moderator and party write is recorded here.

Services call `audit.operations(...)` to add the entry to their own transaction (so a write and its
record stand or fall together), or `audit.record(...)` after a write that is not transactional
(a registry import, a Cognito account). Each entry is stored twice, both in one transaction:

- under its month (`AUDIT#<yyyy-mm>`, sort key `<at>#<id>`) with the actor in gsi1
  (`AUDIT_ACTOR#<user id>`), so listing by date range or by actor is a Query;
- under its entity (`AUDIT_ENTITY#<entity>`), so listing one entity's history is a Query.

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

from pydantic import BaseModel, ConfigDict, Field

from chalicelib.auth.principal import Principal, Role
from chalicelib.storage import keys
from chalicelib.storage.proposal_store import decode_cursor, encode_cursor
from chalicelib.storage.table import DocumentTable, StoredItem

ROLE_RANK = (Role.IEEM_ADMIN, Role.IEEM_MODERATOR, Role.PARTY_EDITOR, Role.CITIZEN)
DEFAULT_WINDOW = timedelta(days=92)
MAX_MONTHS = 24
MONTH_CURSOR = "_month"
EXPORT_MAX_ENTRIES = 1000
EXPORT_COLUMNS = ("at", "actor_email", "actor_role", "party_id", "action", "entity", "changed", "before", "after")


def acting_role(principal: Principal) -> str:
    return next((r.value for r in ROLE_RANK if r in principal.roles), "none")


def stamp(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="microseconds")


class AuditEntry(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    at: datetime
    actor_id: str
    actor_email: str
    actor_role: str
    party_id: str | None = None
    action: str
    entity: str
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None


class AuditQuery(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    actor: str | None = Field(default=None, max_length=128, description="User id (Cognito sub) of the actor")
    entity: str | None = Field(default=None, max_length=300, description="e.g. candidacy/<id>, process/<id>")
    from_: datetime | None = Field(default=None, alias="from", description="ISO datetime, inclusive")
    to: datetime | None = Field(default=None, description="ISO datetime, inclusive; default now")
    cursor: str | None = Field(default=None, max_length=2000)
    limit: int = Field(default=50, ge=1, le=100)


class AuditPage(BaseModel):
    entries: list[AuditEntry]
    next_cursor: str | None


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

    def operations(self, entry: AuditEntry) -> list[dict[str, Any]]:
        """The two puts of one entry, to add to the caller's transaction."""
        at = stamp(entry.at)
        doc = entry.model_dump_json()
        main = StoredItem(
            keys.audit_entry(at[:7], at, entry.id),
            "AuditEntry",
            doc,
            {"gsi1pk": {"S": keys.audit_actor_pk(entry.actor_id)}, "gsi1sk": {"S": keys.timeline_sk(at, entry.id)}},
        )
        by_entity = StoredItem(
            keys.audit_entity_entry(entry.entity, at, entry.id),
            "AuditEntityEntry",
            doc,
            {"actor_id": {"S": entry.actor_id}},
        )
        return [self.table.put_operation(main), self.table.put_operation(by_entity)]

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
        cursor = decode_cursor(query.cursor)
        if query.entity:
            items, last = self.table.query_page(
                keys.audit_entity_pk(query.entity),
                limit=query.limit,
                cursor=cursor,
                newest_first=True,
                sk_between=between,
                filter_expression="actor_id = :actor" if query.actor else None,
                filter_values={":actor": {"S": query.actor}} if query.actor else None,
            )
            return self._page(items, encode_cursor(last))
        if query.actor:
            items, last = self.table.query_page(
                keys.audit_actor_pk(query.actor),
                index=keys.ACTOR_INDEX,
                limit=query.limit,
                cursor=cursor,
                newest_first=True,
                sk_between=between,
            )
            return self._page(items, encode_cursor(last))
        return self._by_month(low, high, between, query.limit, cursor)

    def _by_month(
        self,
        low: datetime,
        high: datetime,
        between: tuple[str, str],
        limit: int,
        cursor: dict[str, Any] | None,
    ) -> AuditPage:
        months = _months(low, high)
        start = None
        if cursor:
            month = cursor.pop(MONTH_CURSOR, {}).get("S")
            if month in months:
                months = months[months.index(month) :]
            start = cursor or None
        found: list[StoredItem] = []
        for index, month in enumerate(months):
            items, last = self.table.query_page(
                keys.audit_month_pk(month),
                limit=limit - len(found),
                cursor=start,
                newest_first=True,
                sk_between=between,
            )
            start = None
            found += items
            if last:
                return self._page(found, encode_cursor({**last, MONTH_CURSOR: {"S": month}}))
            if len(found) >= limit:
                following = months[index + 1 : index + 2]
                next_cursor = encode_cursor({MONTH_CURSOR: {"S": following[0]}}) if following else None
                return self._page(found, next_cursor)
        return self._page(found, None)

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

    @staticmethod
    def _page(items: list[StoredItem], cursor: str | None) -> AuditPage:
        return AuditPage(entries=[AuditEntry.model_validate_json(i.doc) for i in items], next_cursor=cursor)


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
