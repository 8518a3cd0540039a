"""The consumers' work: who gets which email for each domain event, sent once per recipient."""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from pydantic import BaseModel

from chalicelib.adapters.cognito import CognitoAccounts
from chalicelib.adapters.deferral import QueueDeferral
from chalicelib.adapters.mail import Email, MailSender, MailThrottledError
from chalicelib.commitments.models import FollowUpItem, ProgressUpdate
from chalicelib.elections.models import ElectoralProcess, ballot_id_of_candidacy
from chalicelib.elections.phase_rules import outbound_held_until
from chalicelib.errors import Conflict
from chalicelib.events.domain_events import Audience, DomainEvent, commitment_event_parts
from chalicelib.events.domain_events import EventType as DomainEventType
from chalicelib.messages import long_datetime, text
from chalicelib.notifications import templates
from chalicelib.notifications.models import DeliveryMode, DigestEntry, DigestRun, EmailTopic, OptOut, PartySettings
from chalicelib.notifications.pacing import SendDeferredError, SendPacer
from chalicelib.notifications.unsubscribe import Audience as Reader
from chalicelib.notifications.unsubscribe import opt_out_for
from chalicelib.observability import logger
from chalicelib.profiles.consent import consent_link
from chalicelib.proposals.models import Proposal
from chalicelib.settings import Settings
from chalicelib.storage.commitment_store import CommitmentStore
from chalicelib.storage.consent_store import ConsentStore
from chalicelib.storage.election_store import ElectionStore
from chalicelib.storage.held_store import HeldMessageStore
from chalicelib.storage.notice_store import NoticeStore
from chalicelib.storage.notification_store import NotificationStore
from chalicelib.storage.profile_store import ProfileStore
from chalicelib.storage.proposal_store import ProposalStore
from chalicelib.topics import TOPIC_LABELS

THROTTLED_SEND_ATTEMPTS = 3  # then the message is deferred, not failed
DIGEST_LISTED = 50  # proposals a digest lists by title; the others are counted, all are in the inbox
DIGEST_MARGIN_SECONDS = 10.0  # a digest run stops this long before the function's timeout


class DeliveryInProgressError(Conflict):
    """Another consumer holds the claim for this email; the message is retried later."""

    code = "delivery_in_progress"


class DigestReport(BaseModel):
    """What a `send_digests` run did (the schedule reports it as is)."""

    sent: int = 0
    skipped_frozen: int = 0
    emptied: int = 0
    released: int = 0  # messages held in the veda, sent once polls closed
    unfinished: int = 0  # digests left part way (time ran out); the next run resumes them


@dataclass
class Notifier:
    settings: Settings
    elections: ElectionStore
    proposals: ProposalStore
    notifications: NotificationStore
    mail: MailSender
    directory: CognitoAccounts  # citizens' addresses are read from Cognito when needed, never stored
    clock: Callable[[], datetime]
    pacer: SendPacer | None = None  # the account's SES rate, shared by every consumer

    def _link(self, path: str) -> str:
        return f"{self.settings.web_base_url.rstrip('/')}/#/{path}"

    def deliver(self, event_id: str, address: str, email: Email) -> bool:
        """Send `email` unless the ledger says this event already reached this address."""
        ledger = self.notifications.ledger
        if not ledger.claim(event_id, address):
            if ledger.state(event_id, address) == "sent":
                logger.info("duplicate delivery skipped", extra={"event_id": event_id})
                return False
            raise DeliveryInProgressError(f"{event_id} is being delivered by another consumer")
        try:
            message_id = self._send_paced(email)
        except Exception:
            ledger.release(event_id, address)
            raise
        ledger.sent(event_id, address, message_id)
        return True

    def _send_paced(self, email: Email) -> str:
        """Take a slot of the SES rate, then send; SES throttling waits for the next slot, a few times."""
        for attempt in range(THROTTLED_SEND_ATTEMPTS):
            if self.pacer is not None:
                self.pacer.wait_for_slot()
            try:
                return self.mail.send(email)
            except MailThrottledError as exc:
                if attempt + 1 == THROTTLED_SEND_ATTEMPTS:
                    raise SendDeferredError("SES kept throttling") from exc
        raise SendDeferredError("SES kept throttling")  # not reached

    def _email_of(self, user_id: str) -> str | None:
        user = self.directory.find_user(user_id)  # Cognito accepts the user's sub as its username
        return user.email if user else None

    # who wants which email (issue 15): citizens' settings, addresses' one-click opt-outs ----------
    def _citizen_address(self, user_id: str, topic: EmailTopic) -> str | None:
        """The citizen's address if their settings let this kind of email through (read before Cognito)."""
        if not self.notifications.citizen_settings(user_id).allows(topic):
            logger.info("citizen chose not to receive this email", extra={"topic": topic.value})
            return None
        return self._email_of(user_id)

    def _citizen_optout(self, user_id: str, topic: EmailTopic) -> OptOut | None:
        return opt_out_for(self.settings, Reader.CITIZEN, user_id, topic, self.clock())

    def _address_optout(self, address: str, topic: EmailTopic) -> OptOut | None:
        return opt_out_for(self.settings, Reader.ADDRESS, address, topic, self.clock())

    def _party_recipients(self, settings: PartySettings, topic: EmailTopic) -> list[str]:
        """Working, confirmed addresses that did not opt out of `topic`. A party whose listed addresses
        all wait for confirmation is told through the institute's address (see `_deliver_to_party`)."""
        working = [a for a in settings.addresses if a not in settings.failing_addresses]
        confirmed = [a for a in working if a not in settings.unconfirmed_addresses]
        return [a for a in confirmed if not self.notifications.opted_out(a, topic.value)]

    def _deliver_to_party(
        self, event_id: str, settings: PartySettings, topic: EmailTopic, contender: str, render: Callable[..., Email]
    ) -> list[str]:
        """`render(address, optout=…)` to each of the party's recipients; if none is confirmed yet but
        some wait for confirmation, one copy goes to the institute, which is told whose they are."""
        recipients = self._party_recipients(settings, topic)
        pending = [a for a in settings.addresses if a in settings.unconfirmed_addresses]
        if not recipients and pending:
            institute = self.settings.institute_alerts_to
            email = templates.address_pending(institute, pending, contender, render(institute, optout=None))
            self.deliver(event_id, institute, email)
            return []
        if not recipients:
            logger.warning(
                "party without a working notification address", extra={"contender_id": settings.contender_id}
            )
        for address in recipients:
            self.deliver(event_id, address, render(address, optout=self._address_optout(address, topic)))
        return recipients

    def _proposal(self, proposal_id: str) -> Proposal | None:
        found = self.proposals.get(proposal_id)
        return found[0] if found else None

    # parties ---------------------------------------------------------------------------------
    def handle_party_event(self, event: DomainEvent) -> None:
        if event.type in (DomainEventType.IDENTITY_INVITATION, DomainEventType.PROFILE_RETURNED):
            self.handle_profile_event(event)
            return
        if event.type != DomainEventType.PROPOSAL_PUBLISHED:
            return
        proposal = self._proposal(event.proposal_id)
        process = self.elections.get_process(event.process_id)
        if proposal is None or process is None:
            logger.warning("event for a missing proposal or process", extra={"event_id": event.event_id})
            return
        if self._held_in_veda(process, event):
            return
        ballot = self.elections.get_ballot(proposal.ballot_id)
        names = {c.contender_id: c.contender_name for c in ballot.candidacies} if ballot else {}
        for contender_id in event.contender_ids:
            settings = self.notifications.party_settings(process.id, contender_id)
            if settings.mode == DeliveryMode.DIGEST or not self._immediate_slot(event, process.id, contender_id):
                self.notifications.queue_digest(
                    DigestEntry(
                        event_id=event.event_id,
                        proposal_id=proposal.id,
                        process_id=process.id,
                        contender_id=contender_id,
                        title=proposal.title,
                        place_name=proposal.place_name,
                        topic_label=TOPIC_LABELS[proposal.topic],
                        queued_at=self.clock(),
                    )
                )
                continue
            name = names.get(contender_id, contender_id)
            link = self._link(f"propuesta/{proposal.id}")
            delivered = self._deliver_to_party(
                event.event_id,
                settings,
                EmailTopic.PARTY_PROPOSALS,
                name,
                lambda to, optout, name=name, link=link: templates.party_proposal(
                    to, name, proposal, link, optout=optout
                ),
            )
            for address in delivered:
                self._note_notices(event.event_id, address, [(proposal.id, contender_id)])

    def _immediate_slot(self, event: DomainEvent, process_id: str, contender_id: str) -> bool:
        """Immediate email within the party's hourly cap (`party_immediate_per_hour`); past it, the
        proposal rolls over into the party's next digest (the inbox has it at once either way)."""
        now = self.clock()
        hour = now.astimezone(UTC).strftime("%Y-%m-%dT%H")
        expires_at = int(now.timestamp()) + 2 * 86400
        allowed = self.notifications.take_immediate_slot(
            process_id, contender_id, hour, event.event_id, self.settings.party_immediate_per_hour, expires_at
        )
        if not allowed:
            logger.info(
                "immediate email cap reached: the proposal goes in the digest",
                extra={"contender_id": contender_id, "hour": hour},
            )
        return allowed

    def _note_notices(self, event_id: str, address: str, notices: list[tuple[str, str]]) -> None:
        """Record on the responsiveness board which notices SES accepted (also after a duplicate
        delivery was skipped, so a crash between sending and recording is repaired on redelivery)."""
        message_id = self.notifications.ledger.message_id(event_id, address)
        if message_id:
            NoticeStore(self.notifications.table).sent(message_id, notices)

    # candidacy profiles (issue 22): the candidate's consent link, a profile returned to its party ---
    def handle_profile_event(self, event: DomainEvent) -> None:
        process = self.elections.get_process(event.process_id)
        ballot = self.elections.get_ballot(ballot_id_of_candidacy(event.candidacy_id))
        candidacy = next((c for c in ballot.candidacies if c.id == event.candidacy_id), None) if ballot else None
        if process is None or ballot is None or candidacy is None:
            logger.warning("event for a missing candidacy", extra={"event_id": event.event_id})
            return
        if self._held_in_veda(process, event):
            return
        contender = self.elections.get_contender(process.id, candidacy.contender_id)
        name = contender.name if contender else candidacy.contender_name
        drill = candidacy.fictional or process.is_drill
        table = self.notifications.table
        if event.type == DomainEventType.IDENTITY_INVITATION:
            consent = ConsentStore(table).get(event.candidacy_id)
            if consent is None or f"identity.invitation:{consent.invitation.id}" != event.event_id:
                return  # replaced by a newer link: only the newest one is sent
            link = consent_link(self.settings.consent_link_key, self.settings.web_base_url, consent)
            until = long_datetime(consent.invitation.expires_at, self.settings.tz)
            address = consent.invitation.address
            if self.notifications.opted_out(address, EmailTopic.IDENTITY.value):
                logger.info("candidate asked for no more invitations", extra={"event_id": event.event_id})
                return
            optout = self._address_optout(address, EmailTopic.IDENTITY)
            email = templates.identity_invitation(address, name, ballot.place.name, link, until, drill, optout=optout)
            self.deliver(event.event_id, address, email)
            return
        stored = ProfileStore(table).get(event.candidacy_id)
        if stored is None or f"profile.returned:{stored.candidacy_id}:{stored.version}" != event.event_id:
            return  # edited again since: the party sees it in the portal
        reason = stored.review.reason if stored.review else None
        settings = self.notifications.party_settings(process.id, candidacy.contender_id)
        owner, place, link = candidacy.owner or name, ballot.place.name, self._link("partido/perfiles")
        self._deliver_to_party(
            event.event_id,
            settings,
            EmailTopic.PARTY_PROFILES,
            name,
            lambda to, optout: templates.profile_returned(to, owner, place, reason or "", link, drill, optout=optout),
        )

    def send_digests(self, time_left: Callable[[], float] | None = None) -> DigestReport:
        """One email per party with everything queued since the last digest; never an empty one.

        Paged: entries are read DIGEST_PAGE at a time (only the DIGEST_LISTED oldest are kept, for the
        email's list; the rest are counted), and deleted a page at a time after the email went. The
        run (cut-off and email id) is stored first, so a run stopped by `time_left` or an error
        resumes the same digest on the next run: the ledger keeps it to one email per address."""
        report = DigestReport(released=self.release_held())
        now = self.clock()
        for process_id, contender_id in self.notifications.pending_digests():
            if time_left is not None and time_left() < DIGEST_MARGIN_SECONDS:
                report.unfinished += 1
                continue
            process = self.elections.get_process(process_id)
            if process is not None and outbound_held_until(process, now) is not None:
                report.skipped_frozen += 1
                continue
            run = self.notifications.digest_run(process_id, contender_id)
            if run is None:
                run = self._start_digest(process_id, contender_id, now)
                if run is None:
                    self.notifications.finish_digest_run(process_id, contender_id)
                    report.emptied += 1
                    continue
            sent, addresses = self._send_digest(run, process)
            report.sent += sent
            if not self._delete_digested(run, addresses, time_left):
                report.unfinished += 1
                continue
            self.notifications.finish_digest_run(process_id, contender_id)
        return report

    def _start_digest(self, process_id: str, contender_id: str, now: datetime) -> DigestRun | None:
        total, listed = 0, list[DigestEntry]()
        for page in self.notifications.digest_pages(process_id, contender_id):
            mine = [e for e in page if e.queued_at <= now]
            total += len(mine)
            listed = heapq.nsmallest(DIGEST_LISTED, [*listed, *mine], key=lambda e: (e.queued_at, e.event_id))
        if not total:
            return None
        run = DigestRun(
            process_id=process_id,
            contender_id=contender_id,
            cut=now,
            digest_id=NotificationStore.digest_id(listed, now) + f":{total}",
            total=total,
            listed=listed,
        )
        self.notifications.start_digest_run(run)
        return run

    def _send_digest(self, run: DigestRun, process: ElectoralProcess | None) -> tuple[int, list[str]]:
        """The digest to every working address: how many were sent now, and the addresses."""
        settings = self.notifications.party_settings(run.process_id, run.contender_id)
        contenders = {c.id: c.name for c in self.elections.list_contenders(run.process_id)}
        name = contenders.get(run.contender_id, run.contender_id)
        drill = bool(process and process.is_drill)
        sent = 0

        def render(to: str, optout: OptOut | None) -> Email:
            return templates.party_digest(
                to, name, run.listed, self._link("partido/bandeja"), drill, total=run.total, optout=optout
            )

        addresses = self._party_recipients(settings, EmailTopic.PARTY_PROPOSALS)
        if not addresses:
            self._deliver_to_party(run.digest_id, settings, EmailTopic.PARTY_PROPOSALS, name, render)
            return 0, []
        for address in addresses:
            if self.deliver(
                run.digest_id, address, render(address, self._address_optout(address, EmailTopic.PARTY_PROPOSALS))
            ):
                sent += 1
        return sent, addresses

    def _delete_digested(self, run: DigestRun, addresses: list[str], time_left: Callable[[], float] | None) -> bool:
        """Note each digested entry's notice on the responsiveness board, then delete the entries, a
        page at a time; False if time ran out (the next run resumes: noting again is idempotent)."""
        for page in self.notifications.digest_pages(run.process_id, run.contender_id):
            if time_left is not None and time_left() < DIGEST_MARGIN_SECONDS:
                return False
            digested = [e for e in page if e.queued_at <= run.cut]
            for address in addresses:
                self._note_notices(run.digest_id, address, [(e.proposal_id, e.contender_id) for e in digested])
            self.notifications.delete_digest_entries(run.process_id, run.contender_id, digested)
        return True

    # citizens --------------------------------------------------------------------------------
    def handle_citizen_event(self, event: DomainEvent) -> None:
        proposal = self._proposal(event.proposal_id)
        if proposal is None:
            logger.warning("event for a missing proposal", extra={"event_id": event.event_id})
            return
        process = self.elections.get_process(proposal.process_id)
        if process is not None and self._held_in_veda(process, event):
            return
        link = self._link(f"propuesta/{proposal.id}")
        author_optout = self._citizen_optout(proposal.author_id, EmailTopic.OWN)
        if event.type in (DomainEventType.PROPOSAL_APPROVED, DomainEventType.PROPOSAL_REJECTED):
            address = self._citizen_address(proposal.author_id, EmailTopic.OWN)
            if address:
                email = templates.citizen_decision(address, proposal, link, optout=author_optout)
                self.deliver(event.event_id, address, email)
            return
        if event.type in (DomainEventType.COMMITMENT_FOLLOWED, DomainEventType.COMMITMENT_UPDATED):
            self._tell_about_commitment(event, proposal)
            return
        lifecycle = {  # the author is told of every moderation step (issue 15)
            DomainEventType.PROPOSAL_CHANGES_REQUESTED: (templates.citizen_changes_requested, "mis-propuestas"),
            DomainEventType.PROPOSAL_HIDDEN: (templates.citizen_hidden, "mis-propuestas"),
            DomainEventType.PROPOSAL_REDACTED: (templates.citizen_redacted, f"propuesta/{proposal.id}"),
        }
        if event.type in lifecycle:
            render, path = lifecycle[event.type]
            # the changes and redaction emails quote the moderator's decision; a hidden one needs none
            if not (proposal.decisions or event.type == DomainEventType.PROPOSAL_HIDDEN):
                return
            address = self._citizen_address(proposal.author_id, EmailTopic.OWN)
            if address:
                self.deliver(event.event_id, address, render(address, proposal, self._link(path), optout=author_optout))
            return
        if event.type == DomainEventType.RESPONSE_PUBLISHED:
            response = self.proposals.get_response(proposal.id, event.contender_ids[0])
            if response is None:
                return
            pages = itertools.chain(
                [[(proposal.author_id, True)]],
                (
                    [(user_id, False) for user_id in page if user_id != proposal.author_id]
                    for page in self.proposals.supporters(proposal.id)
                ),
            )
            for page in pages:  # a page of supporters at a time, never all of them in memory
                for user_id, is_author in page:
                    topic = EmailTopic.OWN if is_author else EmailTopic.SUPPORTED
                    address = self._citizen_address(user_id, topic)
                    if address:
                        optout = self._citizen_optout(user_id, topic)
                        email = templates.citizen_response(
                            address, proposal, response, link, author=is_author, optout=optout
                        )
                        self.deliver(event.event_id, address, email)

    def _tell_about_commitment(self, event: DomainEvent, proposal: Proposal) -> None:
        """Author (followed and updates) and supporters (updates) of a proposal the winner committed to."""
        commitment_id, update_id = commitment_event_parts(event)
        store = CommitmentStore(self.notifications.table)
        found = store.get(commitment_id)
        if found is None:
            return
        item: FollowUpItem = found[0]
        update: ProgressUpdate | None = store.pending_update(commitment_id, update_id) if update_id else None
        if update_id and update is None:
            return
        link = self._link(f"cumplieron/{item.ballot_id}")
        supporters = (
            ([(user_id, False) for user_id in page if user_id != proposal.author_id])
            for page in self.proposals.supporters(proposal.id)
        )
        # The author learns the proposal became a commitment; author and supporters hear of each update.
        pages = itertools.chain([[(proposal.author_id, True)]], supporters if update is not None else [])
        for page in pages:
            for user_id, is_author in page:
                topic = EmailTopic.OWN if is_author else EmailTopic.SUPPORTED
                address = self._citizen_address(user_id, topic)
                if not address:
                    continue
                optout = self._citizen_optout(user_id, topic)
                if update is None:
                    email = templates.citizen_commitment(
                        address,
                        proposal,
                        item.contender_name,
                        item.place_name,
                        link,
                        author=is_author,
                        drill=item.fictional,
                        optout=optout,
                    )
                else:
                    email = templates.citizen_commitment_update(
                        address,
                        proposal,
                        item.contender_name,
                        text(f"commitments.status.{update.status.value}"),
                        update.note,
                        update.evidence_url,
                        link,
                        author=is_author,
                        drill=item.fictional,
                        optout=optout,
                    )
                self.deliver(event.event_id, address, email)

    # the veda ---------------------------------------------------------------------------------
    def _held_in_veda(self, process: ElectoralProcess, event: DomainEvent) -> bool:
        """Keep the event to send after polls close if the veda rule says nothing leaves now."""
        if outbound_held_until(process, self.clock()) is None:
            return False
        HeldMessageStore(self.notifications.table).hold(process.id, event)
        logger.info("held until polls close", extra={"event_id": event.event_id, "process_id": process.id})
        return True

    def release_held(self) -> int:
        """After polls close, handle every held event once, in the order the events happened.

        A failure stops that process's release (order is kept); the next run resumes, and the
        email ledger makes a repeated event send nothing twice.
        """
        held = HeldMessageStore(self.notifications.table)
        released = 0
        for process_id in held.processes_with_held():
            process = self.elections.get_process(process_id)
            if process is not None and outbound_held_until(process, self.clock()) is not None:
                continue
            for event in held.held(process_id):
                if event.audience == Audience.PARTY:
                    self.handle_party_event(event)
                else:
                    self.handle_citizen_event(event)
                held.released(process_id, event)
                released += 1
            held.clear_marker(process_id)
        return released


def consume_queue_batch(
    event: dict[str, Any], handle: Callable[[DomainEvent], None], deferral: QueueDeferral | None = None
) -> dict[str, Any]:
    """Handle each SQS message; failed ones are reported so only they are retried (then dead-lettered).
    A message whose email had to wait for SES (SendDeferredError) goes back to its queue with a delay
    instead: it is not a failure and never reaches the dead-letter queue."""

    def record_handler(record: SQSRecord) -> None:
        try:
            handle(DomainEvent.model_validate_json(record.body))
        except SendDeferredError:
            if deferral is None:
                raise
            deferral.defer(record.raw_event)
            logger.info("delivery deferred for the SES rate", extra={"message_id": record.message_id})

    processor = BatchProcessor(event_type=EventType.SQS)
    return dict(process_partial_response(event=event, record_handler=record_handler, processor=processor))


@dataclass
class NotificationQueues:
    """The `notify_parties` and `notify_citizens` Lambdas' service: each SQS batch handled by the
    notifier, a message waiting for the SES rate put back on its queue by the deferral."""

    notifier: Notifier
    deferral: QueueDeferral

    def consume_party_batch(self, event: dict[str, Any]) -> dict[str, Any]:
        """One batch of the party queue (the Lambda event); the partial-batch report."""
        return consume_queue_batch(event, self.notifier.handle_party_event, self.deferral)

    def consume_citizen_batch(self, event: dict[str, Any]) -> dict[str, Any]:
        """One batch of the citizen queue (the Lambda event); the partial-batch report."""
        return consume_queue_batch(event, self.notifier.handle_citizen_event, self.deferral)
