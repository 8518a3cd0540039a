"""Every item that holds one citizen's personal data, found without a scan (ARCO, issue 13).

- the account partition `ACCOUNT#<user id>` (record, pending codes);
- proposals through the author index (gsi1 `AUTHOR#<user id>`);
- supports, reports, commitment verdicts and daily counts through the citizen index (gsi1
  `CITIZEN#<user id>`, written on each item by the store that writes it);
- duplicate keys (`DUPLICATE#<user id>`) and audit entries by actor (gsi1 `AUDIT_ACTOR#<user id>`).

Also the retention job's reads: a process's proposals (`PROPOSALS_OF#<process>`) and its done marker.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime

from chalicelib.audit.models import AuditEntry
from chalicelib.storage import keys
from chalicelib.storage.audit_store import AuditStore
from chalicelib.storage.keys import Key
from chalicelib.storage.table import DocumentTable, StoredItem

PAGE = 200
# Supports of an anonymised process: `SUPPORT#anon-<random>` (no account has such an id).
ANONYMOUS_SUPPORTER = "anon-"


class PersonalDataStore:
    def __init__(self, table: DocumentTable) -> None:
        self.table = table

    # reads -------------------------------------------------------------------------------------
    def _index(self, pk: str) -> Iterator[StoredItem]:
        cursor = None
        while True:
            items, cursor = self.table.query_page(pk, index="gsi1", limit=PAGE, cursor=cursor)
            yield from items
            if not cursor:
                return

    def account_items(self, user_id: str) -> list[StoredItem]:
        """The account record and its pending codes (one partition)."""
        return self.table.query(keys.account_record(user_id).pk)

    def citizen_items(self, user_id: str) -> list[StoredItem]:
        """Supports, reports, verdicts and daily counts, each with its kind in `gsi1sk`."""
        return list(self._index(keys.citizen_items_pk(user_id)))

    def authored(self, user_id: str) -> list[StoredItem]:
        return list(self._index(keys.author_pk(user_id)))

    def duplicate_keys(self, user_id: str) -> list[StoredItem]:
        return self.table.query(keys.duplicate_keys_pk(user_id))

    def audit_entries(self, user_id: str) -> list[StoredItem]:
        """The entries the user wrote as actor (the month copies; each has its entity copy too)."""
        return list(self._index(keys.audit_actor_pk(user_id)))

    # writes ------------------------------------------------------------------------------------
    def delete(self, found: list[Key]) -> int:
        return self.table.batch_delete(found) if found else 0

    def forget_actor_email(self, item: StoredItem) -> None:
        """The audit keeps the user id of a deleted account, not its email: both copies of the
        entry rewritten in one transaction (as the audit store writes them)."""
        entry = AuditEntry.model_validate_json(item.doc)
        if entry.actor_email:
            self.table.transact(AuditStore(self.table).operations(entry.model_copy(update={"actor_email": ""})))

    # retention ---------------------------------------------------------------------------------
    def process_proposal_ids(self, process_id: str) -> list[str]:
        return [i.attributes["proposal_id"]["S"] for i in self.table.query(keys.process_proposals_pk(process_id))]

    def supporters_items(self, proposal_id: str) -> list[StoredItem]:
        """Supports still tied to an account (a run stopped half-way re-keys only what is left)."""
        items = self.table.query(keys.proposal_pk(proposal_id), keys.SUPPORT_PREFIX)
        return [i for i in items if not i.key.sk.startswith(f"{keys.SUPPORT_PREFIX}{ANONYMOUS_SUPPORTER}")]

    def reports(self, proposal_id: str) -> list[StoredItem]:
        return self.table.query(keys.proposal_pk(proposal_id), keys.REPORT_PREFIX)

    def rekey_support(self, support: StoredItem, anonymous_id: str) -> None:
        """Move a support to a random id, in one transaction: the stream counts the removal and the
        new support (-1, +1), so the proposal's count stays exact and nobody's id is kept."""
        doc = json.loads(support.doc)
        doc["instance"] = anonymous_id[:16]
        moved = StoredItem(
            keys.Key(support.key.pk, f"{keys.SUPPORT_PREFIX}{ANONYMOUS_SUPPORTER}{anonymous_id}"),
            "Support",
            json.dumps(doc),
        )
        self.table.transact(
            [
                {"Delete": {"Key": keys.key_attributes(support.key), "ConditionExpression": "attribute_exists(pk)"}},
                self.table.put_operation(moved, "attribute_not_exists(pk)"),
            ]
        )

    def retention_done(self, process_id: str) -> bool:
        return self.table.get(keys.retention_done(process_id)) is not None

    def mark_retention_done(self, process_id: str, at: datetime, proposals: int) -> None:
        doc = json.dumps({"process_id": process_id, "at": at.isoformat(), "proposals": proposals})
        self.table.put(StoredItem(keys.retention_done(process_id), "RetentionDone", doc))
