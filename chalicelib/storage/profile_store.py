"""DynamoDB reads and writes of candidacy profiles and their versions."""

from __future__ import annotations

from typing import Any

from chalicelib.errors import Conflict
from chalicelib.messages import text
from chalicelib.profiles.models import ProfileVersion, StoredProfile
from chalicelib.storage import keys
from chalicelib.storage.proposal_store import decode_cursor, encode_cursor
from chalicelib.storage.table import DocumentTable, StoredItem, TransactionCancelledError


class ProfileConflictError(Conflict):
    """Someone else saved the profile between our read and our write."""

    code = "profile_conflict"


class ProfileStore:
    def __init__(self, table: DocumentTable) -> None:
        self.table = table

    def get(self, candidacy_id: str) -> StoredProfile | None:
        item = self.table.get(keys.candidacy_profile(candidacy_id))
        return StoredProfile.model_validate_json(item.doc) if item else None

    def save(self, profile: StoredProfile, change: ProfileVersion, audit: list[dict[str, Any]]) -> None:
        """The profile, its version entry and the audit entry, in one transaction; optimistic on `version`."""
        head = StoredItem(
            keys.candidacy_profile(profile.candidacy_id),
            "CandidacyProfile",
            profile.model_dump_json(),
            {"version": {"N": str(profile.version)}},
        )
        if profile.version == 1:
            put = self.table.put_operation(head, "attribute_not_exists(pk)")
        else:
            put = self.table.put_operation(head, "version = :previous")
            put["Put"]["ExpressionAttributeValues"] = {":previous": {"N": str(profile.version - 1)}}
        version = StoredItem(
            keys.candidacy_profile_version(profile.candidacy_id, profile.version),
            "CandidacyProfileVersion",
            change.model_dump_json(),
        )
        try:
            self.table.transact([put, self.table.put_operation(version, "attribute_not_exists(pk)"), *audit])
        except TransactionCancelledError as exc:
            raise ProfileConflictError(text("profile.conflict")) from exc

    def history(self, candidacy_id: str, limit: int, cursor: str | None) -> tuple[list[ProfileVersion], str | None]:
        items, last = self.table.query_page(
            keys.candidacy_pk(candidacy_id),
            sk_prefix=keys.PROFILE_VERSION_PREFIX,
            limit=limit,
            cursor=decode_cursor(cursor),
            newest_first=True,
        )
        return [ProfileVersion.model_validate_json(i.doc) for i in items], encode_cursor(last)
