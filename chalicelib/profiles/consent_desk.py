"""The candidate's consent desk: the party asks for the link, the candidate consents or withdraws.

- `invite`: the party (who may edit the profile, campaign only) gives the candidate's address; a
  new invitation replaces any earlier one (its link stops working). The email leaves through the
  stream (`identity.invitation` event → party queue → `Notifier`), so the veda holds it.
- `open` / `consent` / `withdraw`: public, by the token only. Consent is once per link, before
  it expires, campaign only (it changes a public profile). Withdrawal is allowed at any time.
- A consent or withdrawal reaches the public copy and the statistics at once, in the same
  transaction, if the profile is published; a publication copies the recorded consent. Each
  side checks the other's item is still as it read it, so the counters count each answer once.
- The audit log records who acted, which items and the text version, never the answers.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from chalicelib.audit.log import AuditLog
from chalicelib.auth.principal import Principal
from chalicelib.elections.models import Ballot, Candidacy, Contender, ElectoralProcess, ballot_id_of_candidacy
from chalicelib.elections.phase_rules import PhasedAction, require_phase
from chalicelib.elections.public import CandidacyNotFoundError, find_process
from chalicelib.errors import InvalidFieldsError, field_problem
from chalicelib.messages import text
from chalicelib.profiles.consent import (
    CANDIDATE_ACTOR,
    CONSENT_TEXT_VERSION,
    IDENTITY_ITEMS,
    CandidateConsent,
    ConsentLinkExpiredError,
    ConsentLinkInvalidError,
    ConsentLinksUnavailableError,
    ConsentLinkUsedError,
    ConsentPage,
    ConsentStatus,
    ConsentStatusView,
    ConsentSubmission,
    Invitation,
    InvitationRequest,
    InvitationStatus,
    TokenBody,
    clean_address,
    expiry,
    read_token,
    status_of,
)
from chalicelib.profiles.models import IdentityRecord, ReviewStatus, StoredProfile
from chalicelib.profiles.search import consented_answers, counter_deltas, counters_of, entry_of
from chalicelib.profiles.service import authorize
from chalicelib.profiles.workflow import ProfileAction
from chalicelib.settings import Settings
from chalicelib.storage.consent_store import ConsentStore
from chalicelib.storage.election_store import ElectionStore
from chalicelib.storage.profile_store import ProfileConflictError, ProfileStore
from chalicelib.storage.questionnaire_store import QuestionnaireStore

WRITE_ATTEMPTS = 3  # a party save or a review decision between our read and write: read again


@dataclass
class ConsentDesk:
    settings: Settings
    elections: ElectionStore
    profiles: ProfileStore
    consents: ConsentStore
    audit: AuditLog
    clock: Callable[[], datetime]

    def __post_init__(self) -> None:
        self.questionnaires = QuestionnaireStore(self.profiles.table)

    def _candidacy(self, candidacy_id: str) -> tuple[ElectoralProcess, Ballot, Candidacy, Contender | None]:
        ballot = self.elections.get_ballot(ballot_id_of_candidacy(candidacy_id))
        candidacy = next((c for c in ballot.candidacies if c.id == candidacy_id), None) if ballot else None
        if ballot is None or candidacy is None:
            raise CandidacyNotFoundError(text("candidacy_not_found", candidacy=candidacy_id), {"field": "candidacy_id"})
        process = find_process(self.elections, ballot.process_id)
        return process, ballot, candidacy, self.elections.get_contender(process.id, candidacy.contender_id)

    # the party ------------------------------------------------------------------------------
    def invite(self, principal: Principal, candidacy_id: str, body: InvitationRequest) -> ConsentStatus:
        process, _, candidacy, contender = self._candidacy(candidacy_id)
        authorize(principal, ProfileAction.EDIT, contender, candidacy.contender_id)
        if not self.settings.consent_link_key:
            raise ConsentLinksUnavailableError(text("consent.unavailable"))  # no link could be signed
        now = self.clock()
        require_phase(process, now, PhasedAction.PARTY_PUBLISH, self.settings.tz)
        address = clean_address(body.email)
        if not address:
            raise InvalidFieldsError(
                text("invalid_request"), [field_problem("email", "email_needed", text("consent.email_needed"))]
            )
        previous = self.consents.get(candidacy_id)
        invitation = Invitation(
            id=uuid.uuid4().hex, address=address, created_at=now, expires_at=expiry(now), created_by=principal.user_id
        )
        consent = CandidateConsent(
            candidacy_id=candidacy_id,
            process_id=process.id,
            contender_id=candidacy.contender_id,
            version=previous.version + 1 if previous else 1,
            invitation=invitation,
            record=previous.record if previous else None,
        )
        # The log keeps that a link was sent and by whom; the address only masked.
        entry = self.audit.entry(
            principal, "identity.invite", f"candidacy/{candidacy_id}", now, after={"sent_to": _masked(address)}
        )
        self.consents.write([self.consents.put_operation(consent), *self.audit.operations(entry)])
        return status_of(consent)

    def status_view(self, principal: Principal, candidacy_id: str) -> ConsentStatusView:
        return ConsentStatusView(consent=self.status(principal, candidacy_id))

    def status(self, principal: Principal, candidacy_id: str) -> ConsentStatus | None:
        _, _, candidacy, contender = self._candidacy(candidacy_id)
        authorize(principal, ProfileAction.READ, contender, candidacy.contender_id)
        consent = self.consents.get(candidacy_id)
        return status_of(consent) if consent else None

    # the candidate (public, by token) -------------------------------------------------------------
    def _by_token(self, token: str) -> CandidateConsent:
        claims = read_token(self.settings.consent_link_key, token)
        consent = self.consents.get(claims.candidacy_id)
        if consent is None or consent.invitation.id != claims.invitation_id:
            raise ConsentLinkInvalidError(text("consent.replaced"), {"field": "token"})
        return consent

    def _state(self, consent: CandidateConsent, now: datetime) -> str:
        if consent.invitation.status != InvitationStatus.PENDING:
            return consent.invitation.status.value
        return "expired" if now >= consent.invitation.expires_at else "open"

    def open(self, body: TokenBody) -> ConsentPage:
        consent = self._by_token(body.token)
        process, ballot, candidacy, contender = self._candidacy(consent.candidacy_id)
        return ConsentPage(
            owner=candidacy.owner,
            place=ballot.place.name,
            contender=contender.name if contender else candidacy.contender_name,
            process=process.name,
            fictional=candidacy.fictional or process.is_drill,
            items=list(IDENTITY_ITEMS),
            consent_text=text("consent.text"),
            text_version=CONSENT_TEXT_VERSION,
            state=self._state(consent, self.clock()),
            expires_at=consent.invitation.expires_at,
            recorded=consent.record if consent.invitation.status == InvitationStatus.USED else None,
        )

    def consent(self, body: ConsentSubmission) -> ConsentPage:
        unknown = sorted(set(body.items) - set(IDENTITY_ITEMS))
        if unknown:
            raise InvalidFieldsError(
                text("invalid_request"),
                [field_problem(f"items.{name}", "unknown_item", text("consent.unknown_item")) for name in unknown],
            )
        if body.text_version != CONSENT_TEXT_VERSION:
            raise InvalidFieldsError(
                text("invalid_request"),
                [field_problem("text_version", "text_changed", text("consent.text_changed"))],
            )
        for _ in range(WRITE_ATTEMPTS):
            consent = self._by_token(body.token)
            now = self.clock()
            state = self._state(consent, now)
            if state == "expired":
                raise ConsentLinkExpiredError(text("consent.expired"), {"field": "token"})
            if state != "open":
                raise ConsentLinkUsedError(text("consent.used"), {"field": "token"})
            process, _, _, _ = self._candidacy(consent.candidacy_id)
            require_phase(process, now, PhasedAction.PARTY_PUBLISH, self.settings.tz)
            record = body.record(now, consent.invitation.id)
            updated = consent.model_copy(
                update={
                    "version": consent.version + 1,
                    "record": record,
                    "invitation": consent.invitation.model_copy(update={"status": InvitationStatus.USED}),
                }
            )
            after: dict[str, object] = {"consented_items": record.consented_items, "text_version": record.text_version}
            if self._write(consent, updated, record.identity(), "identity.consent", after, now):
                return self.open(TokenBody(token=body.token))
        raise ProfileConflictError(text("profile.conflict"))

    def withdraw(self, body: TokenBody) -> ConsentPage:
        for _ in range(WRITE_ATTEMPTS):
            consent = self._by_token(body.token)
            if consent.invitation.status == InvitationStatus.WITHDRAWN:
                return self.open(body)  # already withdrawn: the same answer again
            now = self.clock()
            updated = consent.model_copy(
                update={
                    "version": consent.version + 1,
                    "record": None,
                    "invitation": consent.invitation.model_copy(update={"status": InvitationStatus.WITHDRAWN}),
                }
            )
            if self._write(consent, updated, None, "identity.withdraw", {"consented_items": []}, now):
                return self.open(body)
        raise ProfileConflictError(text("profile.conflict"))

    def _write(
        self,
        before: CandidateConsent,
        after: CandidateConsent,
        identity: IdentityRecord | None,
        action: str,
        audited: dict[str, object],
        now: datetime,
    ) -> bool:
        """The consent item, the public copy and the counters (if published), the audit entry, in one
        transaction; False if the profile changed meanwhile (the caller reads again)."""
        process, ballot, candidacy, contender = self._candidacy(before.candidacy_id)
        stored, published = self.profiles.get_both(before.candidacy_id)
        if published is None and stored is not None and stored.status == ReviewStatus.PUBLISHED:
            published = stored  # saved before the review workflow: public as it is
        actor = Principal(user_id=CANDIDATE_ACTOR, email="", roles=frozenset())
        entry = self.audit.entry(actor, action, f"candidacy/{before.candidacy_id}", now, after=audited)
        operations = [
            self.consents.put_operation(after),
            self.consents.profile_unchanged_operation(before.candidacy_id, stored),
            *self.audit.operations(entry),
        ]
        if published is not None:
            operations += self._public_operations(process, ballot, candidacy, contender, published, identity)
        try:
            self.consents.write(operations)
        except ProfileConflictError:
            return False
        return True

    def _public_operations(
        self,
        process: ElectoralProcess,
        ballot: Ballot,
        candidacy: Candidacy,
        contender: Contender | None,
        published: StoredProfile,
        identity: IdentityRecord | None,
    ) -> list[dict[str, object]]:
        now_public = published.model_copy(update={"identity": identity})
        operations: list[dict[str, object]] = [self.profiles.published_put(now_public)]
        if published.indexed:
            entry = entry_of(published, process, ballot, candidacy, contender)
            deltas = counter_deltas(
                counters_of(entry, consented_answers(published)), counters_of(entry, consented_answers(now_public))
            )
            counters = self.questionnaires.counters_operation(process.id, deltas)
            if counters is not None:
                operations.append(counters)
        return operations


def _masked(address: str) -> str:
    name, _, domain = address.partition("@")
    return f"{name[:1]}***@{domain}"
