"""DynamoDB reads and writes of candidacy profiles and their versions."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from chalicelib.errors import Conflict
from chalicelib.messages import text
from chalicelib.profiles.models import ProfileVersion, ReviewStatus, StoredProfile
from chalicelib.storage import keys
from chalicelib.storage.proposal_store import decode_cursor, encode_cursor
from chalicelib.storage.table import DocumentTable, StoredItem, TransactionCancelledError


def stamp(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="microseconds")


class ProfileConflictError(Conflict):
    """Someone else saved the profile between our read and our write."""

    code = "profile_conflict"


class ProfileStore:
    def __init__(self, table: DocumentTable) -> None:
        self.table = table

    def get(self, candidacy_id: str) -> StoredProfile | None:
        item = self.table.get(keys.candidacy_profile(candidacy_id))
        return StoredProfile.model_validate_json(item.doc) if item else None

    def get_many(self, candidacy_ids: list[str]) -> dict[str, StoredProfile]:
        """Working copies of several candidacies in one BatchGetItem (absent: no profile yet)."""
        found = self.table.batch_get([keys.candidacy_profile(c) for c in candidacy_ids])
        profiles = (StoredProfile.model_validate_json(i.doc) for i in found.values())
        return {p.candidacy_id: p for p in profiles}

    def get_both(self, candidacy_id: str) -> tuple[StoredProfile | None, StoredProfile | None]:
        """The working copy and the published copy, in one BatchGetItem."""
        wanted = [keys.candidacy_profile(candidacy_id), keys.candidacy_profile_published(candidacy_id)]
        found = self.table.batch_get(wanted)
        working, published = (found.get(k) for k in wanted)
        return (
            StoredProfile.model_validate_json(working.doc) if working else None,
            StoredProfile.model_validate_json(published.doc) if published else None,
        )

    def _head(self, profile: StoredProfile) -> StoredItem:
        return StoredItem(
            keys.candidacy_profile(profile.candidacy_id),
            "CandidacyProfile",
            profile.model_dump_json(),
            {"version": {"N": str(profile.version)}, "review_status": {"S": profile.status.value}},
        )

    def published_put(self, profile: StoredProfile) -> dict[str, Any]:
        """The public copy of a profile (what `GET /v1/candidacies/{id}` reads)."""
        item = StoredItem(
            keys.candidacy_profile_published(profile.candidacy_id),
            "PublishedCandidacyProfile",
            profile.model_dump_json(),
        )
        return self.table.put_operation(item)

    def state_put(self, profile: StoredProfile, summary: str) -> dict[str, Any]:
        """The party's list of its profiles and their review state (`summary` is the entry's JSON)."""
        key = keys.profile_state(profile.process_id, profile.contender_id, profile.candidacy_id)
        return self.table.put_operation(StoredItem(key, "ProfileState", summary))

    def review_put(self, profile: StoredProfile, summary: str) -> dict[str, Any]:
        assert profile.submitted_at is not None
        key = keys.profile_review_entry(profile.process_id, stamp(profile.submitted_at), profile.candidacy_id)
        return self.table.put_operation(StoredItem(key, "ProfileReviewEntry", summary))

    def review_delete(self, profile: StoredProfile) -> dict[str, Any]:
        assert profile.submitted_at is not None
        key = keys.profile_review_entry(profile.process_id, stamp(profile.submitted_at), profile.candidacy_id)
        return {"Delete": {"Key": keys.key_attributes(key)}}

    def change_state(self, profile: StoredProfile, expected: ReviewStatus, operations: list[dict[str, Any]]) -> None:
        """Rewrite the working copy in its new review state, only if it is still at this version and
        in `expected`, together with `operations` (queue, published copy, audit), in one transaction."""
        put = self.table.put_operation(self._head(profile), "version = :version AND review_status = :expected")
        put["Put"]["ExpressionAttributeValues"] = {
            ":version": {"N": str(profile.version)},
            ":expected": {"S": expected.value},
        }
        try:
            self.table.transact([put, *operations])
        except TransactionCancelledError as exc:
            raise ProfileConflictError(text("profile.conflict")) from exc

    def review_page(self, process_id: str, limit: int, cursor: str | None) -> tuple[list[StoredItem], str | None]:
        items, last = self.table.query_page(
            keys.profile_review_pk(process_id), limit=limit, cursor=decode_cursor(cursor)
        )
        return items, encode_cursor(last)

    def states(self, process_id: str, contender_ids: list[str]) -> list[StoredItem]:
        """One Query per contender the editor acts for (its party and the coalitions it belongs to)."""
        found: list[StoredItem] = []
        for contender_id in contender_ids:
            found += self.table.query(keys.profile_state_pk(process_id, contender_id))
        return found

    def save(
        self,
        profile: StoredProfile,
        change: ProfileVersion,
        audit: list[dict[str, Any]],
        extra: list[dict[str, Any]] | None = None,
    ) -> None:
        """The profile, its version entry, the audit entry (and `extra`), in one transaction;
        optimistic on `version`."""
        head = self._head(profile)
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
            self.table.transact(
                [put, self.table.put_operation(version, "attribute_not_exists(pk)"), *audit, *(extra or [])]
            )
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
