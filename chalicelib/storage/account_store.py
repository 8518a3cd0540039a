"""The app's own record of each account (issue 13): the email it verified and the display name
it validated. Identity shown or audited comes from here, never from token claims a user can
write in the user pool."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict

from chalicelib.storage import keys
from chalicelib.storage.table import ConditionFailedError, DocumentTable, Operation, StoredItem

ENTITY = "Account"


class AccountRecord(BaseModel):
    model_config = ConfigDict(frozen=True)

    user_id: str
    email: str
    display_name: str
    created_at: datetime
    updated_at: datetime
    privacy_notice_version: int | None = None
    # Set when the institute disabled the account: its still-valid ID tokens are refused at once.
    disabled_at: datetime | None = None
    # When TOTP was enrolled (None: not enrolled, or reset by an administrator). Sessions that
    # began before it did not pass the second factor.
    mfa_enrolled_at: datetime | None = None
    # Set when the person deleted the account (ARCO): the record is then a tombstone holding only
    # the id, kept until the last ID token issued before the deletion has expired.
    deleted_at: datetime | None = None


class AccountStore:
    def __init__(self, table: DocumentTable) -> None:
        self.table = table

    def get(self, user_id: str) -> AccountRecord | None:
        item = self.table.get(keys.account_record(user_id))
        return AccountRecord.model_validate_json(item.doc) if item else None

    def put(self, record: AccountRecord) -> None:
        self.table.put(StoredItem(keys.account_record(record.user_id), ENTITY, record.model_dump_json()))

    def put_operation(self, record: AccountRecord) -> dict[str, Any]:
        """The put of `record`, to add to a transaction (e.g. with its audit entry)."""
        return self.table.put_operation(
            StoredItem(keys.account_record(record.user_id), ENTITY, record.model_dump_json())
        )

    def create_if_absent(self, record: AccountRecord) -> AccountRecord:
        """Write `record` unless the account already has one; returns the one kept."""
        try:
            self.table.put_if(
                StoredItem(keys.account_record(record.user_id), ENTITY, record.model_dump_json()),
                "attribute_not_exists(pk)",
            )
        except ConditionFailedError:
            return self.get(record.user_id) or record
        return record

    def put_tombstone(self, user_id: str, at: datetime, expires_at: int, audit: list[Operation]) -> None:
        """What is left of a deleted account: its id and when (no email, no name), until `expires_at`
        (DynamoDB TTL), so a token issued before the deletion is refused and no record is made again
        from its claims; written with the deletion's audit entry (`audit`), in one transaction."""
        record = AccountRecord(
            user_id=user_id, email="", display_name="", created_at=at, updated_at=at, disabled_at=at, deleted_at=at
        )
        ttl = {"expires_at": {"N": str(expires_at)}}
        item = StoredItem(keys.account_record(user_id), ENTITY, record.model_dump_json(), ttl)
        self.table.transact([self.table.put_operation(item), *audit])

    def delete(self, user_id: str) -> None:
        self.table.delete(keys.account_record(user_id))
