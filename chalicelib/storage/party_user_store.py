"""The party accounts the institute invited: listed per party (one Query), found by id (one GetItem).

Each account is stored twice in one transaction: under its party (`PARTY_USERS#<party>`, the
list) and under its id (`USER#<id>/PARTY_USER`, so disabling or re-inviting names only the id)."""

from __future__ import annotations

from typing import Any

from chalicelib.admin.models import PartyUser
from chalicelib.storage import keys
from chalicelib.storage.table import DocumentTable, StoredItem

ENTITY = "PartyUser"


class PartyUserStore:
    def __init__(self, table: DocumentTable) -> None:
        self.table = table

    def get(self, user_id: str) -> PartyUser | None:
        item = self.table.get(keys.party_user_by_id(user_id))
        return PartyUser.model_validate_json(item.doc) if item else None

    def for_party(self, party_id: str) -> list[PartyUser]:
        return [PartyUser.model_validate_json(i.doc) for i in self.table.query(keys.party_users_pk(party_id))]

    def operations(self, user: PartyUser) -> list[dict[str, Any]]:
        doc = user.model_dump_json()
        return [
            self.table.put_operation(StoredItem(keys.party_user(user.party_id, user.user_id), ENTITY, doc)),
            self.table.put_operation(StoredItem(keys.party_user_by_id(user.user_id), ENTITY, doc)),
        ]
