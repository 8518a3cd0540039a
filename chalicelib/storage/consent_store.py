"""DynamoDB reads and writes of the candidate's identity consent (`CANDIDACY#<id>/IDENTITY_CONSENT`),
and the one-off scrub of identity answers written before the candidate's link existed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from chalicelib.messages import text
from chalicelib.profiles.consent import CandidateConsent
from chalicelib.profiles.models import StoredProfile
from chalicelib.storage import keys
from chalicelib.storage.profile_store import ProfileConflictError
from chalicelib.storage.table import DocumentTable, StoredItem, TransactionCancelledError

AUDIT_ENTITIES = ("AuditEntry", "AuditEntityEntry")
PROFILE_ENTITIES = ("CandidacyProfile", "PublishedCandidacyProfile")


class ConsentStore:
    def __init__(self, table: DocumentTable) -> None:
        self.table = table

    def get(self, candidacy_id: str) -> CandidateConsent | None:
        item = self.table.get(keys.identity_consent(candidacy_id))
        return CandidateConsent.model_validate_json(item.doc) if item else None

    def put_operation(self, consent: CandidateConsent) -> dict[str, Any]:
        """The consent item at its new version, only if nobody wrote it since it was read."""
        item = StoredItem(
            keys.identity_consent(consent.candidacy_id),
            "IdentityConsent",
            consent.model_dump_json(),
            {"version": {"N": str(consent.version)}, "invitation_id": {"S": consent.invitation.id}},
        )
        if consent.version == 1:
            return self.table.put_operation(item, "attribute_not_exists(pk)")
        put = self.table.put_operation(item, "version = :previous")
        put["Put"]["ExpressionAttributeValues"] = {":previous": {"N": str(consent.version - 1)}}
        return put

    def unchanged_operation(self, candidacy_id: str, consent: CandidateConsent | None) -> dict[str, Any]:
        """A check that the consent item is still as read (a publication copies its answers)."""
        return self._check(keys.identity_consent(candidacy_id), consent.version if consent else None, None)

    def profile_unchanged_operation(self, candidacy_id: str, profile: StoredProfile | None) -> dict[str, Any]:
        """A check that the working copy is still at the version and state read (so a consent
        cannot cross a publication that copies the answers to the public copy)."""
        if profile is None:
            return self._check(keys.candidacy_profile(candidacy_id), None, None)
        return self._check(keys.candidacy_profile(candidacy_id), profile.version, profile.status.value)

    def _check(self, key: keys.Key, version: int | None, status: str | None) -> dict[str, Any]:
        if version is None:
            return self.table.check_operation(key, "attribute_not_exists(pk)")
        values: dict[str, Any] = {":version": {"N": str(version)}}
        condition = "version = :version"
        if status is not None:
            condition += " AND review_status = :status"
            values[":status"] = {"S": status}
        return self.table.check_operation(key, condition, values)

    def write(self, operations: list[dict[str, Any]]) -> None:
        try:
            self.table.transact(operations)
        except TransactionCancelledError as exc:
            raise ProfileConflictError(text("profile.conflict")) from exc

    # the one-off scrub (a migration: it may Scan; never on a request path) --------------------
    def _scan(self, entities: tuple[str, ...], marker: str) -> Iterator[StoredItem]:
        values: dict[str, Any] = {f":e{i}": {"S": e} for i, e in enumerate(entities)}
        wanted = ", ".join(values)
        values[":marker"] = {"S": marker}
        condition = f"#entity IN ({wanted}) AND contains(#doc, :marker)"
        return self.table.scan(condition, {"#entity": "entity", "#doc": "doc"}, values)

    def audit_entries_with_answers(self) -> Iterator[StoredItem]:
        return self._scan(AUDIT_ENTITIES, '"answers"')

    def profiles_with_identity(self) -> Iterator[StoredItem]:
        return self._scan(PROFILE_ENTITIES, '"identity":{')

    def replace_doc_operation(self, item: StoredItem, doc: str) -> dict[str, Any]:
        """A put of one item with a new document, only if it still holds the document that was read."""
        put = self.table.put_operation(StoredItem(item.key, item.entity, doc, item.attributes), "#doc = :old")
        put["Put"]["ExpressionAttributeNames"] = {"#doc": "doc"}
        put["Put"]["ExpressionAttributeValues"] = {":old": {"S": item.doc}}
        return put

    def replace_doc(self, item: StoredItem, doc: str, extra: list[dict[str, Any]] | None = None) -> bool:
        """Rewrite one item's document (with `extra` in the same transaction) if it still holds what
        was read; False if it changed meanwhile (a later run picks it up)."""
        try:
            self.table.transact([self.replace_doc_operation(item, doc), *(extra or [])])
        except TransactionCancelledError:
            return False
        return True
