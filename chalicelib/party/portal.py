"""A party editor's inbox of proposals and its notification settings, per process.

The editor names the process (`process`) and optionally a coalition its party belongs to
(`contender`, default: its own party). Counts per status come from one GetItem of counters kept
in the same transactions that publish a proposal and record a first answer, so they cost the
same whatever the size of the inbox (a Query with Select=COUNT would read the whole partition).
The counts are of the whole inbox; `ballot` and `topic` narrow the listed page only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from chalicelib.audit.log import AuditLog
from chalicelib.auth.principal import ADMINS, ForbiddenError, Principal
from chalicelib.elections.models import CONTENDER_ID_PATTERN, PROCESS_ID_PATTERN, Contender, ElectoralProcess
from chalicelib.elections.printed_ballot import JOINT_KINDS
from chalicelib.elections.public import find_process
from chalicelib.messages import text
from chalicelib.notifications.models import DeliveryMode, PartySettings
from chalicelib.party.address_confirmation import AddressConfirmations
from chalicelib.profiles.service import may_act_for
from chalicelib.proposals.views import ProposalSummary
from chalicelib.storage.election_store import ElectionStore
from chalicelib.storage.notification_store import NotificationStore
from chalicelib.storage.proposal_store import ProposalStore
from chalicelib.topics import Topic


class NotYourContenderError(ForbiddenError):
    code = "not_your_contender"


class InboxQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    process: str = Field(pattern=PROCESS_ID_PATTERN, description="Process id")
    contender: str | None = Field(default=None, pattern=CONTENDER_ID_PATTERN, description="Default: your party")
    status: Literal["unanswered", "answered"] | None = None
    ballot: str | None = Field(default=None, max_length=60)
    topic: Topic | None = None
    cursor: str | None = Field(default=None, max_length=2000)
    limit: int = Field(default=20, ge=1, le=50)


class InboxCounts(BaseModel):
    unanswered: int
    answered: int


class InboxItem(BaseModel):
    proposal: ProposalSummary
    answered: bool


class InboxPage(BaseModel):
    process_id: str
    contender_id: str
    counts: InboxCounts
    items: list[InboxItem]
    next_cursor: str | None


class SettingsQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    process: str = Field(pattern=PROCESS_ID_PATTERN)
    contender: str | None = Field(default=None, pattern=CONTENDER_ID_PATTERN)


class SettingsInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    process: str = Field(pattern=PROCESS_ID_PATTERN)
    contender: str | None = Field(default=None, pattern=CONTENDER_ID_PATTERN)
    addresses: list[str] = Field(max_length=5, description="Up to 5 email addresses")
    mode: DeliveryMode


class SettingsView(BaseModel):
    process_id: str
    contender_id: str
    addresses: list[str]
    mode: DeliveryMode
    failing_addresses: list[str]
    unconfirmed_addresses: list[str] = Field(
        description="Sent a confirmation link; notices reach them only once their owners confirm"
    )


@dataclass
class PartyPortal:
    elections: ElectionStore
    proposals: ProposalStore
    notifications: NotificationStore
    audit: AuditLog
    clock: Callable[[], datetime]
    confirmations: AddressConfirmations

    def _acting_for(self, principal: Principal, process_id: str, contender_id: str | None) -> ElectoralProcess:
        return self._contender(principal, process_id, contender_id)[0]

    def _contender(
        self, principal: Principal, process_id: str, contender_id: str | None
    ) -> tuple[ElectoralProcess, Contender]:
        process = find_process(self.elections, process_id)
        target = contender_id or principal.party_id or ""
        contender: Contender | None = self.elections.get_contender(process.id, target) if target else None
        institute = principal.has_any(ADMINS)
        if contender is None or not (institute or may_act_for(principal, contender, target)):
            raise NotYourContenderError(text("party.not_yours", process=process.name), {"field": "contender"})
        return process, contender

    def inbox(self, principal: Principal, query: InboxQuery) -> InboxPage:
        process = self._acting_for(principal, query.process, query.contender)
        contender_id = query.contender or principal.party_id or ""
        filters = {k: v for k, v in {"ballot": query.ballot, "topic": query.topic}.items() if v}
        answered = None if query.status is None else query.status == "answered"
        found, cursor = self.proposals.inbox(
            process.id, contender_id, limit=query.limit, cursor=query.cursor, answered=answered, filters=filters
        )
        unanswered, answered_count = self.proposals.inbox_counts(process.id, contender_id)
        return InboxPage(
            process_id=process.id,
            contender_id=contender_id,
            counts=InboxCounts(unanswered=unanswered, answered=answered_count),
            items=[InboxItem(proposal=ProposalSummary.of(p, s, r), answered=a) for p, s, r, a in found],
            next_cursor=cursor,
        )

    @staticmethod
    def _view(settings: PartySettings) -> SettingsView:
        return SettingsView(**settings.model_dump())

    def settings(self, principal: Principal, query: SettingsQuery) -> SettingsView:
        process = self._acting_for(principal, query.process, query.contender)
        return self._view(self.notifications.party_settings(process.id, query.contender or principal.party_id or ""))

    def save_settings(self, principal: Principal, body: SettingsInput) -> SettingsView:
        process, contender = self._contender(principal, body.process, body.contender)
        contender_id = contender.id
        institute = principal.has_any(ADMINS)
        if contender.kind in JOINT_KINDS and not institute and principal.party_id != contender.notification_party:
            raise NotYourContenderError(
                text("party.coalition_settings_institute", contender=contender.name), {"field": "contender"}
            )
        previous = self.notifications.party_settings(process.id, contender_id)
        addresses = PartySettings(process_id=process.id, contender_id=contender_id, addresses=body.addresses).addresses
        new = [a for a in addresses if a not in previous.addresses]
        updated = previous.model_copy(
            update={
                "addresses": addresses,
                "mode": body.mode,
                # addresses taken off the list stop being reported as failing or pending
                "failing_addresses": [a for a in previous.failing_addresses if a in addresses],
                "unconfirmed_addresses": [a for a in addresses if a in new or a in previous.unconfirmed_addresses],
            }
        )
        audit = self.audit.entry_operations(
            principal,
            "party_settings.update",
            f"party_settings/{process.id}/{contender_id}",
            self.clock(),
            before=previous.model_dump(mode="json"),
            after=updated.model_dump(mode="json"),
        )
        self.notifications.save_party_settings(updated, audit)
        self.confirmations.ask(process, contender.name, updated, new)
        return self._view(updated)
