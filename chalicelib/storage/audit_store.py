"""The audit log's items (chalicelib/audit/log.py decides what is recorded; this module how).

Each entry is stored twice, both written by one transaction (usually the audited write's own):
under its month (`AUDIT#<yyyy-mm>`, sort key `<at>#<id>`) with the actor in gsi1
(`AUDIT_ACTOR#<user id>`), and under its entity (`AUDIT_ENTITY#<entity>`, the actor as a plain
attribute for the filter). Every read is one Query per page (per month for the month listing).
"""

from __future__ import annotations

from typing import Any

from chalicelib.audit.models import AuditEntry, AuditPage, stamp
from chalicelib.storage import keys
from chalicelib.storage.proposal_store import decode_cursor, encode_cursor
from chalicelib.storage.table import DocumentTable, Operation, StoredItem

MONTH_CURSOR = "_month"


def _page(items: list[StoredItem], cursor: str | None) -> AuditPage:
    return AuditPage(entries=[AuditEntry.model_validate_json(i.doc) for i in items], next_cursor=cursor)


class AuditStore:
    def __init__(self, table: DocumentTable) -> None:
        self.table = table

    def operations(self, entry: AuditEntry) -> list[Operation]:
        """The two puts of one entry, to add to the audited write's own transaction."""
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

    def page_by_entity(
        self, entity: str, actor: str | None, between: tuple[str, str], limit: int, cursor: str | None
    ) -> AuditPage:
        """One entity's history newest first (one Query; the actor, if given, as a filter)."""
        items, last = self.table.query_page(
            keys.audit_entity_pk(entity),
            limit=limit,
            cursor=decode_cursor(cursor),
            newest_first=True,
            sk_between=between,
            filter_expression="actor_id = :actor" if actor else None,
            filter_values={":actor": {"S": actor}} if actor else None,
        )
        return _page(items, encode_cursor(last))

    def page_by_actor(self, actor: str, between: tuple[str, str], limit: int, cursor: str | None) -> AuditPage:
        """One actor's entries newest first (one Query of gsi1)."""
        items, last = self.table.query_page(
            keys.audit_actor_pk(actor),
            index=keys.ACTOR_INDEX,
            limit=limit,
            cursor=decode_cursor(cursor),
            newest_first=True,
            sk_between=between,
        )
        return _page(items, encode_cursor(last))

    def page_by_months(self, months: list[str], between: tuple[str, str], limit: int, cursor: str | None) -> AuditPage:
        """Entries of the `months` (`yyyy-mm`, newest first) newest first, at most one Query per month;
        the cursor remembers the month it stopped in."""
        start: dict[str, Any] | None = decode_cursor(cursor)
        if start:
            month = start.pop(MONTH_CURSOR, {}).get("S")
            if month in months:
                months = months[months.index(month) :]
            start = start or None
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
                return _page(found, encode_cursor({**last, MONTH_CURSOR: {"S": month}}))
            if len(found) >= limit:
                following = months[index + 1 : index + 2]
                return _page(found, encode_cursor({MONTH_CURSOR: {"S": following[0]}}) if following else None)
        return _page(found, None)
