"""The institute's writes. Each one is recorded in the audit log in the same transaction as the
write (process, contender, candidacy status, party accounts); the registry import alone, thousands of
batched items, records its entry after the batches (chalicelib/audit/log.py).

Creating or editing a process also creates a ballot, in `pending` registry state, for every place
of its scope that has none, so `/v1/lookup` serves the process at once and says the registry is
pending rather than showing an empty page. An extraordinary process names the annulled ballots it
replaces: the old ballot becomes `annulled` with `replaced_by` the new ballot, and the new ballot
has `replaces` — written in one transaction with the process.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from chalicelib.accounts.service import INVITATION_VALIDITY
from chalicelib.adapters.cognito import CognitoAccounts
from chalicelib.adapters.mail import Email, MailSender
from chalicelib.admin.models import (
    CandidacyMatch,
    CandidacyNamePage,
    CandidacyNameQuery,
    CandidacyStatusInput,
    ContenderInput,
    PartyUser,
    PartyUserChange,
    PartyUserChanged,
    PartyUserCreated,
    PartyUserInput,
    PartyUserList,
    PartyUserStatus,
    ProcessCreate,
    ProcessInput,
    RegistryUpload,
    StatusChange,
)
from chalicelib.audit.log import AuditLog
from chalicelib.auth.principal import Principal, Role
from chalicelib.elections.models import (
    CONTENDER_ID_PATTERN,
    Ballot,
    BallotStatus,
    CandidacyStatus,
    Contender,
    ContenderKind,
    ElectoralProcess,
    Office,
    Place,
    RegistryStatus,
    ballot_id,
    ballot_id_of_candidacy,
    district_code,
)
from chalicelib.elections.printed_ballot import JOINT_KINDS
from chalicelib.elections.public import CandidacyNotFoundError, find_process
from chalicelib.elections.views import ProcessView
from chalicelib.errors import Conflict, DecideError, InvalidFieldsError, NotFound, field_problem
from chalicelib.geography.section_maps import SectionMapReport, SectionMapUpload, import_section_map
from chalicelib.messages import long_date, text
from chalicelib.notifications import templates
from chalicelib.observability import logger
from chalicelib.platforms.service import ContenderNotFoundError
from chalicelib.profiles.models import EXTENSIONS_PATTERN, PhotoUpload, PhotoUploadRequest
from chalicelib.registry.importer import RegistryReport, import_registry
from chalicelib.settings import Settings
from chalicelib.storage.account_store import AccountRecord, AccountStore
from chalicelib.storage.election_store import ElectionStore, in_course_operation
from chalicelib.storage.party_candidacy_store import index_operations, search_process
from chalicelib.storage.party_user_store import PartyUserStore
from chalicelib.storage.photos import EXTENSIONS, MAX_EMBLEM_BYTES, UPLOAD_SECONDS, PhotoBucket, emblem_prefix
from chalicelib.storage.proposal_store import InvalidCursorError, decode_cursor, encode_cursor
from chalicelib.storage.table import Operation, TransactionCancelledError


class ProcessExistsError(Conflict):
    code = "process_exists"


class ConcurrentEditError(Conflict):
    code = "concurrent_edit"


class PartyUserNotFoundError(NotFound):
    code = "party_user_not_found"


class PartyUserDisabledError(Conflict):
    code = "party_user_disabled"


INVITATION_HOURS = int(INVITATION_VALIDITY.total_seconds() // 3600)


@dataclass
class AdminDesk:
    settings: Settings
    elections: ElectionStore
    audit: AuditLog
    clock: Callable[[], datetime]
    mail: MailSender
    cognito: Callable[[], CognitoAccounts]
    # (user id, email, name) -> a one-time code to choose the first password (AccountService.invitation_code)
    invitation_code: Callable[[str, str, str], str] | None = None
    photos: PhotoBucket | None = None  # party emblems: presigned uploads under the emblems prefix

    @property
    def table(self) -> Any:
        return self.elections.table

    def _transact(self, operations: list[Operation], conflict: DecideError) -> None:
        try:
            self.elections.write(operations)
        except TransactionCancelledError as exc:
            raise conflict from exc

    # processes ------------------------------------------------------------------------------
    def create_process(self, principal: Principal, body: ProcessCreate) -> ProcessView:
        if self.elections.get_process(body.id) is not None:
            raise ProcessExistsError(text("admin.process_exists", process=body.id), {"field": "id"})
        process = self._process(body.id, body)
        return self._write_process(principal, process, None, None)

    def update_process(self, principal: Principal, process_id: str, body: ProcessInput) -> ProcessView:
        previous = find_process(self.elections, process_id)
        removed = [b for b in previous.replaces_ballots if b not in body.replaces_ballots]
        if removed:
            raise InvalidFieldsError(
                text("invalid_request"),
                [field_problem("replaces_ballots", "cannot_remove", text("admin.replacement_kept", ballots=removed))],
            )
        version = self.elections.process_version(process_id)
        return self._write_process(principal, self._process(process_id, body), previous, version)

    def _process(self, process_id: str, body: ProcessInput) -> ElectoralProcess:
        return ElectoralProcess(
            id=process_id,
            **body.model_dump(exclude={"id", "calendar", "scope", "section_map"}),
            calendar=body.calendar,
            scope=body.scope,
            section_map=body.section_map or self.settings.default_section_map,
        )

    def _places(self, process: ElectoralProcess) -> dict[str, Place]:
        """Every ballot id of the scope with its place; unknown municipalities or districts are refused."""
        municipalities = {m.code: m for m in self.elections.list_municipalities()}
        districts = {d.number for d in self.elections.list_districts(process.section_map)}
        problems = []
        unknown = [m for m in process.scope.municipalities if m not in municipalities]
        if unknown:
            problems.append(
                field_problem("scope.municipalities", "unknown", text("admin.unknown_municipalities", codes=unknown))
            )
        unknown_districts = [d for d in process.scope.districts if d not in districts]
        if unknown_districts:
            problems.append(
                field_problem(
                    "scope.districts",
                    "unknown",
                    text("admin.unknown_districts", numbers=unknown_districts, section_map=process.section_map),
                )
            )
        if problems:
            raise InvalidFieldsError(text("invalid_request"), problems)
        places = {
            ballot_id(process.id, Office.AYUNTAMIENTO, code): Place(
                kind="municipality", code=code, name=municipalities[code].name
            )
            for code in process.scope.municipalities
        }
        for number in process.scope.districts:
            code = district_code(number)
            places[ballot_id(process.id, Office.DIPUTACION_MR, code)] = Place(
                kind="district", code=code, name=f"Distrito local {number}"
            )
        return places

    def _pending_ballot(self, process: ElectoralProcess, bid: str, place: Place) -> Ballot:
        start = process.calendar.registration_start
        note = (
            text("registry_pending", date=long_date(start.astimezone(self.settings.tz).date()))
            if start
            else text("admin.registry_pending_undated")
        )
        office = Office.AYUNTAMIENTO if place.kind == "municipality" else Office.DIPUTACION_MR
        return Ballot(
            id=bid,
            process_id=process.id,
            office=office,
            place=place,
            registry_status=RegistryStatus.PENDING,
            registry_note=note,
        )

    def _write_process(
        self, principal: Principal, process: ElectoralProcess, previous: ElectoralProcess | None, old_doc: str | None
    ) -> ProcessView:
        places = self._places(process)
        new_replacements = [b for b in process.replaces_ballots if not previous or b not in previous.replaces_ballots]
        existing = self.elections.get_ballots(list(places))
        old_ballots = self.elections.versioned_ballots(new_replacements)
        operations: list[Operation] = []
        problems = []
        replaced_places: set[str] = set()
        for old_id in new_replacements:
            found = old_ballots.get(old_id)
            if found is None:
                problems.append(field_problem("replaces_ballots", "unknown", text("ballot_not_found", ballot=old_id)))
                continue
            old, old_version = found
            new_id = ballot_id(process.id, old.office, old.place.code)
            if new_id not in places:
                problems.append(
                    field_problem("replaces_ballots", "outside_scope", text("admin.replacement_scope", ballot=old_id))
                )
                continue
            if old.replaced_by and old.replaced_by != new_id:
                problems.append(
                    field_problem("replaces_ballots", "already_replaced", text("admin.already_replaced", ballot=old_id))
                )
                continue
            replaced_places.add(new_id)
            new = existing.get(new_id) or self._pending_ballot(process, new_id, places[new_id])
            operations.append(self.elections.put_operation(new.model_copy(update={"replaces": old_id})))
            annulled = old.model_copy(update={"status": BallotStatus.ANNULLED, "replaced_by": new_id})
            operations.append(self.elections.replace_operation(annulled, old_version))
        if problems:
            raise InvalidFieldsError(text("invalid_request"), problems)
        pending = [
            self._pending_ballot(process, bid, place)
            for bid, place in places.items()
            if bid not in existing and bid not in replaced_places
        ]
        now = self.clock()
        entry = self.audit.entry(
            principal,
            "process.create" if previous is None else "process.update",
            f"process/{process.id}",
            now,
            before=previous.model_dump(mode="json") if previous else None,
            after=process.model_dump(mode="json"),
        )
        head = (
            self.elections.create_operation(process)
            if old_doc is None
            else self.elections.replace_operation(process, old_doc)
        )
        # Pending ballots first (idempotent, not yet reachable: the process is not in scope of them
        # until the transaction below writes it).
        self.elections.save_all(pending)
        self._transact(
            [head, in_course_operation(process), *operations, *self.audit.operations(entry)],
            ConcurrentEditError(text("admin.concurrent_edit")),
        )
        return ProcessView.of(process, now)

    # contenders -----------------------------------------------------------------------------
    def save_contender(
        self, principal: Principal, process_id: str, contender_id: str, body: ContenderInput
    ) -> Contender:
        process = find_process(self.elections, process_id)
        if body.kind in JOINT_KINDS:
            parties = {c.id for c in self.elections.list_contenders(process.id) if c.kind == ContenderKind.PARTY}
            unknown = [m for m in body.members if m not in parties]
            if unknown or len(body.members) < 2:
                raise InvalidFieldsError(
                    text("invalid_request"),
                    [field_problem("members", "unknown", text("admin.coalition_members", unknown=unknown))],
                )
        elif body.members:
            raise InvalidFieldsError(
                text("invalid_request"), [field_problem("members", "not_a_coalition", text("admin.members_only"))]
            )
        if body.notification_party is not None and body.notification_party not in body.members:
            raise InvalidFieldsError(
                text("invalid_request"),
                [field_problem("notification_party", "not_a_member", text("admin.notification_party_member"))],
            )
        self._check_emblem(process.id, contender_id, body.emblem_url)
        contender = Contender(id=contender_id, process_id=process.id, **body.model_dump())
        previous = self.elections.get_contender(process.id, contender_id)
        entry = self.audit.entry(
            principal,
            "contender.save",
            f"contender/{process.id}/{contender_id}",
            self.clock(),
            before=previous.model_dump(mode="json") if previous else None,
            after=contender.model_dump(mode="json"),
        )
        self.elections.write([self.elections.put_operation(contender), *self.audit.operations(entry)])
        return contender

    def _check_emblem(self, process_id: str, contender_id: str, emblem_url: str | None) -> None:
        """Only an emblem uploaded for this contender (the emblem-upload route's URL) is kept."""
        if emblem_url is None:
            return
        prefix = f"{self.settings.photos_url}/{emblem_prefix(process_id, contender_id)}"
        if not emblem_url.startswith(prefix) or not EXTENSIONS_PATTERN.fullmatch(emblem_url.removeprefix(prefix)):
            raise InvalidFieldsError(
                text("invalid_request"), [field_problem("emblem_url", "emblem_not_uploaded", text("admin.emblem_url"))]
            )

    def emblem_upload(
        self, principal: Principal, process_id: str, contender_id: str, body: PhotoUploadRequest
    ) -> PhotoUpload:
        """A presigned POST for a contender's emblem (JPEG, PNG or WebP; up to 256 KB). Nothing changes
        until the contender is saved with the returned `photo_url` (that save is audited)."""
        assert self.photos is not None, "AdminDesk needs the photo bucket for emblems"
        process = find_process(self.elections, process_id)
        if not re.fullmatch(CONTENDER_ID_PATTERN, contender_id):
            raise InvalidFieldsError(
                text("invalid_request"), [field_problem("contender_id", "pattern", text("admin.contender_id"))]
            )
        key = f"{emblem_prefix(process.id, contender_id)}{uuid.uuid4().hex}.{EXTENSIONS[body.content_type]}"
        post = self.photos.presigned_post(key, body.content_type, MAX_EMBLEM_BYTES)
        return PhotoUpload(
            url=post["url"],
            fields={k: str(v) for k, v in post["fields"].items()},
            photo_url=f"{self.settings.photos_url}/{key}",
            max_bytes=MAX_EMBLEM_BYTES,
            expires_in=UPLOAD_SECONDS,
        )

    # candidacy search by name -----------------------------------------------------------------
    def search_candidacies(self, query: CandidacyNameQuery) -> CandidacyNamePage:
        """Candidacies of a process whose owner, substitute, contender or place contains `q`: one
        bounded read of the party index (storage/party_candidacy_store.py) and one BatchGetItem."""
        process = find_process(self.elections, query.process)
        contenders = sorted(self.elections.list_contenders(process.id), key=lambda c: (c.ballot_order, c.id))
        cursor = decode_cursor(query.cursor)
        try:
            entries, last = search_process(
                self.elections.table, process.id, [c.id for c in contenders], query.q, query.limit, cursor
            )
        except ValueError as exc:
            raise InvalidCursorError(text("proposal.invalid_cursor"), {"field": "cursor"}) from exc
        ballots = self.elections.get_ballots(list(dict.fromkeys(b for _, b in entries)))
        items = []
        for candidacy_id, ballot_ref in entries:
            ballot = ballots.get(ballot_ref)
            candidacy = next((c for c in ballot.candidacies if c.id == candidacy_id), None) if ballot else None
            if ballot is None or candidacy is None:
                continue  # removed by a later import: the index entry is left over
            items.append(
                CandidacyMatch(
                    candidacy=candidacy, ballot_id=ballot.id, office=ballot.office, place_name=ballot.place.name
                )
            )
        return CandidacyNamePage(process_id=process.id, items=items, next_cursor=encode_cursor(last))

    # candidacy status -----------------------------------------------------------------------
    def change_status(self, principal: Principal, candidacy_id: str, body: CandidacyStatusInput) -> StatusChange:
        found = self.elections.versioned_ballot(ballot_id_of_candidacy(candidacy_id))
        ballot, version = found if found else (None, "")
        candidacy = next((c for c in ballot.candidacies if c.id == candidacy_id), None) if ballot else None
        if ballot is None or candidacy is None:
            raise CandidacyNotFoundError(text("candidacy_not_found", candidacy=candidacy_id), {"field": "candidacy_id"})
        update: dict[str, Any] = {"status": body.status}
        if body.status == CandidacyStatus.SUBSTITUTED:
            assert body.effective_date is not None
            when = long_date(body.effective_date)
            changes = []
            if body.owner:
                changes.append(text("candidacy.substituted_owner", new=body.owner, old=candidacy.owner or "—"))
                update["owner"] = body.owner
            if body.substitute:
                changes.append(
                    text("candidacy.substituted_substitute", new=body.substitute, old=candidacy.substitute or "—")
                )
                update["substitute"] = body.substitute
            update["note"] = text("candidacy.substituted_note", date=when, changes="; ".join(changes))
        elif body.status == CandidacyStatus.CANCELLED:
            update["note"] = text("candidacy.cancelled_note", reason=body.reason)
        else:
            update["note"] = body.reason
        changed = candidacy.model_copy(update=update)
        updated = ballot.model_copy(
            update={"candidacies": [changed if c.id == candidacy_id else c for c in ballot.candidacies]}
        )
        entry = self.audit.entry(
            principal,
            "candidacy.status",
            f"candidacy/{candidacy_id}",
            self.clock(),
            before=candidacy.model_dump(mode="json"),
            after=changed.model_dump(mode="json"),
        )
        self._transact(
            [
                self.elections.replace_operation(updated, version),
                # the new names are searched (Mis candidaturas, the institute's search by name)
                *index_operations(self.elections.table, updated, candidacy_id),
                *self.audit.operations(entry),
            ],
            ConcurrentEditError(text("admin.concurrent_edit")),
        )
        return StatusChange(
            candidacy_id=candidacy_id,
            ballot_id=ballot.id,
            status=changed.status,
            note=changed.note,
            owner=changed.owner,
            substitute=changed.substitute,
        )

    # registry -------------------------------------------------------------------------------
    def import_registry(self, principal: Principal, process_id: str, body: RegistryUpload) -> RegistryReport:
        report = import_registry(self.elections, process_id, body.csv)
        self.audit.record(
            principal,
            "registry.import",
            f"process/{process_id}",
            self.clock(),
            after=report.model_dump(mode="json", exclude={"issues", "changes"})
            | {"issues": len(report.issues), "changes": len(report.changes)},
        )
        return report

    def import_section_map(self, principal: Principal, body: SectionMapUpload) -> SectionMapReport:
        """A new section-map version (all or nothing), audited with its counts (not its rows)."""
        report = import_section_map(self.elections, body)
        self.audit.record(
            principal,
            "section_map.import",
            f"section_map/{body.id}",
            self.clock(),
            after=report.model_dump(mode="json", exclude={"issues"}) | {"issues": len(report.issues)},
        )
        return report

    # party accounts -------------------------------------------------------------------------
    def create_party_user(self, principal: Principal, body: PartyUserInput) -> PartyUserCreated:
        process = find_process(self.elections, body.process)
        if self.elections.get_contender(process.id, body.party_id) is None:
            raise ContenderNotFoundError(
                text("contender_not_found", contender=body.party_id, process=process.name), {"field": "party_id"}
            )
        email = body.email.strip().lower()
        # No password travels by email: the account has a random temporary one nobody knows, and
        # the invitation carries a one-time code to choose the first password (reset-password).
        user_id = self.cognito().create_invited_user(
            email=email, display_name=body.display_name, group=Role.PARTY_EDITOR.value, party_id=body.party_id
        )
        assert self.invitation_code is not None, "AdminDesk needs invitation_code to invite accounts"
        code = self.invitation_code(user_id, email, body.display_name)
        now = self.clock()
        sent = self._send_invitation(user_id, email, body.display_name, process.name, body.party_id, code)
        user = PartyUser(
            user_id=user_id,
            email=email,
            display_name=body.display_name,
            party_id=body.party_id,
            process=process.id,
            status=PartyUserStatus.INVITED,
            invited_at=now,
            invitation_sent_at=now if sent else None,
        )
        entry = self.audit.entry(
            principal,
            "party_user.create",
            f"user/{user_id}",
            now,
            after={"email": email, "party_id": body.party_id, "display_name": body.display_name},
        )
        self.elections.write([*self._party_users().operations(user), *self.audit.operations(entry)])
        message = text("admin.invitation_sent" if sent else "admin.invitation_failed", email=email)
        return PartyUserCreated(
            user_id=user_id, email=email, party_id=body.party_id, invitation_sent=sent, message=message
        )

    def _send_invitation(self, user_id: str, email: str, name: str, process: str, party_id: str, code: str) -> bool:
        try:
            self.mail.send(self._invitation(email, name, process, party_id, code))
        except DecideError:
            logger.warning("party invitation not sent", extra={"user_id": user_id})
            return False
        return True

    def _party_users(self) -> PartyUserStore:
        return PartyUserStore(self.table)

    def list_party_users(self, party_id: str) -> PartyUserList:
        """The accounts the institute invited, or the operator created, for a party, by email (one Query)."""
        users = sorted(self._party_users().for_party(party_id), key=lambda u: u.email)
        return PartyUserList(party_id=party_id, users=users)

    def change_party_user(self, principal: Principal, user_id: str, body: PartyUserChange) -> PartyUserChanged:
        """Disable an account (it can no longer log in; its sessions end), or send a new invitation."""
        before = self._party_users().get(user_id)
        if before is None:
            raise PartyUserNotFoundError(text("admin.party_user_not_found"), {"field": "user_id"})
        if before.status == PartyUserStatus.DISABLED:
            raise PartyUserDisabledError(text("admin.party_user_disabled", email=before.email), {"field": "action"})
        now = self.clock()
        sent: bool | None = None
        extra: list[Operation] = []
        if body.action == "disable":
            accounts = self.cognito()
            accounts.disable_user(before.email)
            accounts.sign_out_everywhere(before.email)
            after = before.model_copy(update={"status": PartyUserStatus.DISABLED, "disabled_at": now})
            message = text("admin.party_user_disabled_now", email=before.email)
            records = AccountStore(self.table)
            record = records.get(user_id) or AccountRecord(
                user_id=user_id, email=before.email, display_name=before.display_name, created_at=now, updated_at=now
            )
            extra = [records.put_operation(record.model_copy(update={"disabled_at": now, "updated_at": now}))]
        else:
            assert self.invitation_code is not None, "AdminDesk needs invitation_code to invite accounts"
            code = self.invitation_code(user_id, before.email, before.display_name)
            process = self.elections.get_process(before.process) if before.process else None
            sent = self._send_invitation(
                user_id,
                before.email,
                before.display_name,
                process.name if process else before.process or text("admin.invitation_any_process"),
                before.party_id,
                code,
            )
            after = before.model_copy(
                update={
                    "invitation_sent_at": now if sent else before.invitation_sent_at,
                    "invitations": before.invitations + 1,
                }
            )
            message = text("admin.reinvitation_sent" if sent else "admin.reinvitation_failed", email=before.email)
        entry = self.audit.entry(
            principal,
            f"party_user.{body.action}",
            f"user/{user_id}",
            now,
            before=before.model_dump(mode="json"),
            after=after.model_dump(mode="json"),
        )
        self.elections.write([*self._party_users().operations(after), *extra, *self.audit.operations(entry)])
        return PartyUserChanged(user=after, invitation_sent=sent, message=message)

    def _invitation(self, to: str, name: str, process: str, party_id: str, code: str) -> Email:
        return templates.party_invitation(
            to, name, process, party_id, code, self.settings.web_base_url, INVITATION_HOURS
        )
