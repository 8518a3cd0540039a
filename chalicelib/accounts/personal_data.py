"""ARCO rights over the citizen's own data (issue 13) and the retention of closed processes.

- acceso: `export` returns every item the table holds about the signed-in person;
- rectificación: the display name (`AccountService.rename`);
- cancelación: `delete` removes the account and its personal data; published proposals stay
  signed "Cuenta eliminada" or are withdrawn (text erased), as the person chooses; supports are
  withdrawn one by one (the stream then counts them down exactly);
- oposición: the notification settings (the messaging issue's page);
- retention: `anonymise_closed_processes` (scheduled) anonymises the proposals, supports, reports
  and verdicts of processes closed longer than `personal_data_retention_days`.

The legal audit log keeps what a person did under their user id only: deleting an account blanks
the email in its entries.
"""

from __future__ import annotations

import contextlib
import json
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from pydantic import BaseModel

from chalicelib.accounts.arco_models import (
    AccountDeleted,
    AccountDeletion,
    MyAccount,
    MyAuditEntry,
    MyDailyCount,
    MyData,
    MyPendingCode,
    MyPrivacyConsent,
    MyProposalRecord,
    MyReport,
    MySupport,
    MyVerdict,
    ProposalChoice,
)
from chalicelib.accounts.service import AccountService
from chalicelib.audit.log import AuditLog
from chalicelib.auth.principal import Principal
from chalicelib.messages import text
from chalicelib.observability import logger
from chalicelib.proposals.models import Proposal, ProposalStatus
from chalicelib.proposals.views import ProposalSummary
from chalicelib.storage import keys
from chalicelib.storage.account_store import AccountRecord
from chalicelib.storage.commitment_store import CommitmentStore
from chalicelib.storage.election_store import ElectionStore
from chalicelib.storage.personal_data_store import PersonalDataStore
from chalicelib.storage.proposal_store import NotSupportedError, ProposalStateError, ProposalStore
from chalicelib.storage.table import StoredItem

# The author id of a proposal whose account was deleted or whose process's data was anonymised:
# no account has it (Cognito user ids are UUIDs), so nobody is emailed about it.
DELETED_AUTHOR_ID = "cuenta-eliminada"
ANONYMISED_AUTHOR_ID = "anonimizado"
# A deleted account's tombstone outlives any ID token issued before the deletion (1 h).
TOMBSTONE_DAYS = 2
NOTIFICATION_SETTINGS_PAGE = "/#/mi-cuenta/avisos"
# The citizen's notification settings (the messaging issue's item, in the account partition).
NOTIFICATIONS_SK = "NOTIFICATIONS"
UNPUBLISHED = frozenset(set(ProposalStatus) - {ProposalStatus.PUBLISHED})


def _at(doc: str) -> Any:
    return json.loads(doc).get("at") if doc else None


def _ts(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


class RetentionReport(BaseModel):
    processes: int = 0
    proposals: int = 0
    supports: int = 0
    reports: int = 0
    verdicts: int = 0


class PersonalDataDesk:
    def __init__(
        self,
        *,
        accounts: AccountService,
        proposals: ProposalStore,
        store: PersonalDataStore,
        commitments: CommitmentStore,
        elections: ElectionStore,
        audit: AuditLog,
        clock: Callable[[], datetime],
        retention_days: int,
    ) -> None:
        self.accounts = accounts
        self.proposals = proposals
        self.store = store
        self.commitments = commitments
        self.elections = elections
        self.audit = audit
        self.clock = clock
        self.retention = timedelta(days=retention_days)

    # acceso --------------------------------------------------------------------------------------
    def export(self, principal: Principal) -> MyData:
        user_id = principal.user_id
        record: AccountRecord | None = None
        codes: list[MyPendingCode] = []
        notifications: dict[str, Any] | None = None
        for item in self.store.account_items(user_id):
            if item.key.sk == NOTIFICATIONS_SK:
                notifications = json.loads(item.doc)
            elif item.key.sk == "PROFILE":
                record = AccountRecord.model_validate_json(item.doc)
            elif item.key.sk in (keys.ACCOUNT_VERIFICATION_SK, keys.ACCOUNT_RESET_SK):
                doc = json.loads(item.doc)
                purpose = "confirmation" if item.key.sk == keys.ACCOUNT_VERIFICATION_SK else "password_reset"
                codes.append(
                    MyPendingCode(purpose=purpose, issued_at=_ts(doc["issued_at"]), expires_at=_ts(doc["expires_at"]))
                )
        proposals = [self._proposal_record(item) for item in self.store.authored(user_id)]
        supports, reports, verdicts, daily = [], [], [], []
        for item in self.store.citizen_items(user_id):
            kind = item.attributes.get("gsi1sk", {}).get("S", "")
            if kind.startswith(keys.CITIZEN_SUPPORT):
                supports.append(MySupport(proposal_id=kind.removeprefix(keys.CITIZEN_SUPPORT), at=_at(item.doc)))
            elif kind.startswith(keys.CITIZEN_REPORT):
                doc = json.loads(item.doc)
                reports.append(
                    MyReport(proposal_id=kind.removeprefix(keys.CITIZEN_REPORT), reason=doc["reason"], at=doc["at"])
                )
            elif kind.startswith(keys.CITIZEN_VERDICT):
                doc = json.loads(item.doc)
                commitment_id = kind.removeprefix(keys.CITIZEN_VERDICT)
                verdicts.append(MyVerdict(commitment_id=commitment_id, verdict=doc["verdict"], at=doc["at"]))
            elif kind.startswith(keys.CITIZEN_QUOTA):
                count = int(item.attributes.get("count", {}).get("N", "0"))
                daily.append(MyDailyCount(day=kind.removeprefix(keys.CITIZEN_QUOTA), proposals=count))
        audit = [
            MyAuditEntry(id=doc["id"], at=doc["at"], action=doc["action"], entity=doc["entity"])
            for doc in (json.loads(i.doc) for i in self.store.audit_entries(user_id))
        ]
        return MyData(
            generated_at=self.clock(),
            account=MyAccount(
                user_id=user_id,
                email=record.email if record else principal.email,
                display_name=(record.display_name if record else principal.display_name) or "",
                roles=sorted(principal.roles),
                party_id=principal.party_id,
                created_at=record.created_at if record else None,
                updated_at=record.updated_at if record else None,
                mfa_enrolled_at=record.mfa_enrolled_at if record else None,
            ),
            privacy_notice=MyPrivacyConsent(
                version=record.privacy_notice_version if record else None,
                accepted_at=record.created_at if record and record.privacy_notice_version is not None else None,
            ),
            pending_codes=codes,
            proposals=proposals,
            supports=supports,
            reports=reports,
            commitment_verdicts=verdicts,
            daily_counts=daily,
            audit_entries=audit,
            notification_settings=notifications,
            notification_settings_page=NOTIFICATION_SETTINGS_PAGE,
            notes=[text(f"account.data_note.{note}") for note in ("codes", "audit", "opposition")],
        )

    @staticmethod
    def _proposal_record(item: StoredItem) -> MyProposalRecord:
        proposal = Proposal.model_validate_json(item.doc)
        supports = int(item.attributes.get("supports", {}).get("N", "0"))
        responses = int(item.attributes.get("responses", {}).get("N", "0"))
        return MyProposalRecord(
            summary=ProposalSummary.of(proposal, max(supports, 0), responses),
            status=proposal.status,
            hold_reasons=proposal.hold_reasons,
            decisions=proposal.decisions,
            created_at=proposal.created_at,
            problem=proposal.problem,
            proposed_action=proposal.proposed_action,
            status_label=text(f"status.{proposal.status.value}"),
            addressed_to=proposal.addressed_to,
            updated_at=proposal.updated_at,
        )

    # cancelación ---------------------------------------------------------------------------------
    def delete(self, principal: Principal, request: AccountDeletion) -> AccountDeleted:
        assert request.current_password is not None
        self.accounts.confirm_password(principal, request.current_password.get_secret_value(), "delete")
        user_id, now = principal.user_id, self.clock()
        kept = withdrawn = 0
        for item in self.store.authored(user_id):
            proposal = Proposal.model_validate_json(item.doc)
            keep = request.choice == ProposalChoice.KEEP and proposal.status == ProposalStatus.PUBLISHED
            self._forget_author(proposal, DELETED_AUTHOR_ID, text("account.deleted_author"), now, erase=not keep)
            kept, withdrawn = (kept + 1, withdrawn) if keep else (kept, withdrawn + 1)
        supports = self._forget_citizen_items(user_id)
        self.store.delete([i.key for i in self.store.duplicate_keys(user_id)])
        for entry in self.store.audit_entries(user_id):
            self.store.forget_actor_email(entry)
        codes = [i.key for i in self.store.account_items(user_id) if i.key.sk != "PROFILE"]
        self.store.delete(codes)
        # the deletion's own record, with the tombstone: who (the id only), when, what became of the proposals
        audit = self.audit.entry_operations(
            principal.model_copy(update={"email": "", "display_name": None}),
            "account.deleted",
            f"account/{user_id}",
            now,
            after={"proposals": request.choice.value, "kept": kept, "withdrawn": withdrawn, "supports": supports},
        )
        expires = int((now + timedelta(days=TOMBSTONE_DAYS)).timestamp())
        self.accounts.records.put_tombstone(user_id, now, expires, audit)
        self.accounts.cognito.delete_user(principal.email)
        logger.info("account deleted", extra={"kept": kept, "withdrawn": withdrawn, "supports": supports})
        return AccountDeleted(
            proposals_kept=kept,
            proposals_withdrawn=withdrawn,
            supports_removed=supports,
            message=text("account.deleted_done", kept=kept, withdrawn=withdrawn, supports=supports),
        )

    def _forget_author(self, proposal: Proposal, author_id: str, name: str, now: datetime, *, erase: bool) -> None:
        """The proposal no longer names or indexes its author; `erase` also withdraws it and blanks
        its text (a rejected or held one is never public, so it is always erased)."""
        for _attempt in range(3):
            update: dict[str, Any] = {
                "author_id": author_id,
                "author_name": name,
                "fingerprint": None,
                "sketch": [],
                "revision": proposal.revision + 1,
                "updated_at": now,
            }
            if erase:
                update |= {"status": ProposalStatus.WITHDRAWN, "title": "", "problem": "", "proposed_action": ""}
                update["decisions"] = [d.model_copy(update={"note": None}) for d in proposal.decisions]
            try:
                self.proposals.change(proposal, proposal.model_copy(update=update), forget_author=True)
                return
            except ProposalStateError:
                found = self.proposals.get(proposal.id)  # a moderator decided meanwhile: again, on the new state
                if found is None:
                    return
                proposal = found[0]
        raise ProposalStateError(text("proposal.state_changed"))

    def _forget_citizen_items(self, user_id: str) -> int:
        """Supports are withdrawn one at a time (the stream counts each down); reports, verdicts and
        daily counts are deleted (verdict tallies count only additions, so they stay)."""
        removed = 0
        others = []
        for item in self.store.citizen_items(user_id):
            kind = item.attributes.get("gsi1sk", {}).get("S", "")
            if kind.startswith(keys.CITIZEN_SUPPORT):
                with contextlib.suppress(NotSupportedError):
                    self.proposals.remove_support(kind.removeprefix(keys.CITIZEN_SUPPORT), user_id)
                    removed += 1
            else:
                others.append(item.key)
        self.store.delete(others)
        return removed

    # retention ---------------------------------------------------------------------------------
    def anonymise_closed_processes(self) -> RetentionReport:
        """Processes closed longer than the retention period: authors named "Participante" and out
        of the author index, unpublished texts erased, supports re-keyed to random ids (the same
        count), reports and commitment verdicts deleted. Once per process (a marker says so)."""
        now = self.clock()
        report = RetentionReport()
        for process in self.elections.list_processes():
            if process.calendar.closes_at + self.retention > now or self.store.retention_done(process.id):
                continue
            ids = self.store.process_proposal_ids(process.id)
            for proposal_id in ids:
                found = self.proposals.get(proposal_id)
                if found is None:
                    continue
                proposal = found[0]
                if proposal.author_id not in (DELETED_AUTHOR_ID, ANONYMISED_AUTHOR_ID):
                    name = text("account.anonymised_author")
                    erase = proposal.status in UNPUBLISHED
                    self._forget_author(proposal, ANONYMISED_AUTHOR_ID, name, now, erase=erase)
                for support in self.store.supporters_items(proposal_id):
                    self.store.rekey_support(support, uuid.uuid4().hex)
                    report.supports += 1
                reports = self.store.reports(proposal_id)
                report.reports += self.store.delete([r.key for r in reports])
            report.verdicts += self.store.delete(self.commitments.verdict_keys_of_process(process.id))
            self.store.mark_retention_done(process.id, now, len(ids))
            report.processes += 1
            report.proposals += len(ids)
        logger.info("retention run", extra=report.model_dump())
        return report
