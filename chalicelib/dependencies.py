"""What a request needs (settings, store, clock), built once per Lambda container.

Tests replace it with `use(...)`; nothing else reads the environment.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any

from chalicelib.settings import Settings, get_settings

if TYPE_CHECKING:  # the services are imported where they are built, on first use (issue 11)
    from chalicelib.accounts.personal_data import PersonalDataDesk
    from chalicelib.accounts.second_factor import SecondFactorDesk
    from chalicelib.accounts.service import AccountService
    from chalicelib.adapters.deferral import QueueDeferral
    from chalicelib.adapters.mail import MailSender
    from chalicelib.adapters.publisher import EventPublisher
    from chalicelib.adapters.sms import SmsChannel
    from chalicelib.admin.dashboard import ElectionDayDesk
    from chalicelib.admin.service import AdminDesk
    from chalicelib.advice.service import AdviceDesk
    from chalicelib.audit.log import AuditLog
    from chalicelib.audit.trail import AuditTrail
    from chalicelib.auth.callers import Callers
    from chalicelib.auth.principal import Principal
    from chalicelib.auth.tokens import TokenVerifier
    from chalicelib.ballot_sheet.desk import BallotSheets
    from chalicelib.commitments.service import CommitmentDesk
    from chalicelib.content.desk import CivicPages
    from chalicelib.datasaver.desk import DataSaver
    from chalicelib.elections.public_desk import PublicElections
    from chalicelib.events.relay import StreamRelay
    from chalicelib.geography.desk import Geography
    from chalicelib.milestones.desk import ProcessCalendar
    from chalicelib.notifications.delivery import NotificationQueues, Notifier
    from chalicelib.notifications.feedback import EmailFeedback
    from chalicelib.notifications.unsubscribe import NotificationPreferences, Unsubscriber
    from chalicelib.opendata.datasets import OpenDatasets
    from chalicelib.opendata.publication import OpenDataPublisher
    from chalicelib.party.address_confirmation import AddressConfirmations
    from chalicelib.party.candidacies import PartyCandidacies
    from chalicelib.party.portal import PartyPortal
    from chalicelib.platforms.desk import Platforms
    from chalicelib.profiles.consent_desk import ConsentDesk
    from chalicelib.profiles.service import ProfileDesk
    from chalicelib.proposals.service import ProposalDesk
    from chalicelib.responsiveness.service import ResponsivenessDesk
    from chalicelib.results.service import ResultsDesk
    from chalicelib.sms.desk import SmsDesk
    from chalicelib.storage.election_store import ElectionStore, InCourseCache
    from chalicelib.storage.tally_store import TallyStore
    from chalicelib.transparency.appender import LogAppender
    from chalicelib.transparency.service import TransparencyLog


def system_clock() -> datetime:
    return datetime.now(UTC)


@dataclass
class Dependencies:
    settings: Settings
    store: ElectionStore
    clock: Callable[[], datetime] = system_clock
    verifier: TokenVerifier | None = None
    idempotency_config: Any = None  # set by _idempotent_submission (Powertools' IdempotencyConfig)

    @classmethod
    def from_settings(cls, settings: Settings) -> Dependencies:
        from chalicelib.storage.election_store import ElectionStore
        from chalicelib.storage.table import DocumentTable

        return cls(settings=settings, store=ElectionStore(DocumentTable(settings.table_name)))

    def principal(self, authorization: str | None) -> Principal:
        if self.verifier is None:  # built on the first signed-in request
            from chalicelib.auth.tokens import TokenVerifier

            self.verifier = TokenVerifier(
                issuer=self.settings.token_issuer,
                client_id=self.settings.user_pool_client_id,
                jwks_url=self.settings.token_keys_url,
            )
        # Email and display name from the app's own record, not from claims the user can write.
        return self.callers.verified(self.verifier.principal(authorization))

    @cached_property
    def callers(self) -> Callers:
        """The caller's own account record, on every signed-in request (without the accounts service)."""
        from chalicelib.auth.callers import Callers
        from chalicelib.storage.account_store import AccountStore

        return Callers(AccountStore(self.store.table), clock=self.clock, mfa_exempt=self.settings.mfa_exempt)

    @cached_property
    def mail(self) -> MailSender:
        """SES (its client created on first send); on the local stack it also keeps a copy for `decide mailbox`."""
        from chalicelib.adapters.mail import MailSender

        return MailSender(
            self.settings.mail_from,
            configuration_set=self.settings.ses_configuration_set,
            local_mailbox_dir=self.settings.local_mailbox_dir,
        )

    @cached_property
    def accounts(self) -> AccountService:
        from chalicelib.accounts.service import AccountService
        from chalicelib.adapters.cognito import CognitoAccounts
        from chalicelib.storage.verification_store import VerificationStore

        return AccountService(
            CognitoAccounts(self.settings.user_pool_id, self.settings.user_pool_client_id),
            VerificationStore(self.store.table),
            self.mail,
            site_url=self.settings.web_base_url,
            clock=self.clock,
            mfa_exempt=self.settings.mfa_exempt,
        )

    @cached_property
    def personal_data(self) -> PersonalDataDesk:
        """ARCO rights over one's own data and the retention of closed processes (issue 13)."""
        from chalicelib.accounts.personal_data import PersonalDataDesk
        from chalicelib.storage.commitment_store import CommitmentStore
        from chalicelib.storage.personal_data_store import PersonalDataStore
        from chalicelib.storage.proposal_store import ProposalStore

        table = self.store.table
        return PersonalDataDesk(
            accounts=self.accounts,
            proposals=ProposalStore(table),
            store=PersonalDataStore(table),
            commitments=CommitmentStore(table),
            elections=self.store,
            audit=self.audit,
            clock=self.clock,
            retention_days=self.settings.personal_data_retention_days,
        )

    @cached_property
    def second_factor(self) -> SecondFactorDesk:
        """Staff TOTP enrolment and its reset by an administrator (issue 13)."""
        from chalicelib.accounts.second_factor import SecondFactorDesk

        return SecondFactorDesk(
            cognito=self.accounts.cognito,
            records=self.accounts.records,
            audit=self.audit,
            mail=self.mail,
            clock=self.clock,
            site_url=self.settings.web_base_url,
        )

    @cached_property
    def publisher(self) -> EventPublisher:
        from chalicelib.adapters.publisher import EventPublisher

        return EventPublisher(self.settings.events_topic_arn)

    @cached_property
    def in_course(self) -> InCourseCache:
        """The lookup's in-course processes, cached in the container for at most 60 s."""
        from chalicelib.storage.election_store import InCourseCache

        return InCourseCache(ttl_seconds=60.0)

    @cached_property
    def tallies(self) -> TallyStore:
        """Counts derived from the stream (applied by the relay)."""
        from chalicelib.storage.tally_store import TallyStore

        return TallyStore(self.store.table)

    @cached_property
    def notifier(self) -> Notifier:
        from chalicelib.adapters.cognito import CognitoAccounts
        from chalicelib.notifications.delivery import Notifier
        from chalicelib.notifications.pacing import SendPacer
        from chalicelib.storage.notification_store import NotificationStore, SendSlots
        from chalicelib.storage.proposal_store import ProposalStore

        table = self.store.table
        return Notifier(
            settings=self.settings,
            elections=self.store,
            proposals=ProposalStore(table),
            notifications=NotificationStore(table),
            mail=self.mail,
            directory=CognitoAccounts(self.settings.user_pool_id, self.settings.user_pool_client_id),
            clock=self.clock,
            pacer=SendPacer(SendSlots(table), self.settings.ses_send_rate),
        )

    # the event handlers' services (app.py's schedules, queue and stream consumers): one call each
    @cached_property
    def stream_relay(self) -> StreamRelay:
        """The table stream → counts and domain events on SNS (`relay_table_changes`)."""
        from chalicelib.events.relay import StreamRelay
        from chalicelib.storage.notice_store import NoticeStore

        return StreamRelay(publisher=self.publisher, tallies=self.tallies, notices=NoticeStore(self.store.table))

    @cached_property
    def notification_queues(self) -> NotificationQueues:
        """The party and citizen queues' batches, handled by the notifier (`notify_parties`, `notify_citizens`)."""
        from chalicelib.notifications.delivery import NotificationQueues

        return NotificationQueues(notifier=self.notifier, deferral=self.deferral)

    @cached_property
    def email_feedback(self) -> EmailFeedback:
        """SES bounces and complaints (`record_email_feedback`)."""
        from chalicelib.notifications.feedback import EmailFeedback
        from chalicelib.storage.notice_store import NoticeStore

        return EmailFeedback(notifier=self.notifier, notices=NoticeStore(self.store.table))

    @cached_property
    def log_appender(self) -> LogAppender:
        """The table stream → the transparency log (`append_to_log`)."""
        from chalicelib.transparency.appender import LogAppender

        return LogAppender(self.transparency)

    @cached_property
    def deferral(self) -> QueueDeferral:
        """Puts a message whose email waits for the SES rate back on its queue, for later."""
        from chalicelib.adapters.deferral import QueueDeferral

        return QueueDeferral()

    @cached_property
    def responsiveness(self) -> ResponsivenessDesk:
        """The responsiveness board (issue 16): counters kept from the stream, read per process or ballot."""
        from chalicelib.responsiveness.service import ResponsivenessDesk
        from chalicelib.storage.notice_store import NoticeStore
        from chalicelib.storage.proposal_store import ProposalStore

        table = self.store.table
        return ResponsivenessDesk(self.settings, self.store, ProposalStore(table), NoticeStore(table), self.clock)

    @cached_property
    def proposals(self) -> ProposalDesk:
        from chalicelib.proposals.service import ProposalDesk
        from chalicelib.storage.proposal_store import ProposalStore

        return ProposalDesk(
            settings=self.settings,
            elections=self.store,
            proposals=ProposalStore(self.store.table),
            clock=self.clock,
            idempotency=self._idempotent_submission(),
            audit=self.audit,
            register_lambda_context=self.idempotency_config.register_lambda_context,
        )

    @cached_property
    def audit(self) -> AuditLog:
        from chalicelib.audit.log import AuditLog

        return AuditLog(self.store.table)

    @cached_property
    def profiles(self) -> ProfileDesk:
        from chalicelib.profiles.service import ProfileDesk
        from chalicelib.storage.photos import PhotoBucket
        from chalicelib.storage.profile_store import ProfileStore

        return ProfileDesk(
            settings=self.settings,
            elections=self.store,
            profiles=ProfileStore(self.store.table),
            photos=PhotoBucket(self.settings.photos_bucket),
            audit=self.audit,
            clock=self.clock,
        )

    @cached_property
    def consents(self) -> ConsentDesk:
        """The candidate's identity consent through the emailed link (issue 22)."""
        from chalicelib.profiles.consent_desk import ConsentDesk
        from chalicelib.storage.consent_store import ConsentStore
        from chalicelib.storage.profile_store import ProfileStore

        return ConsentDesk(
            settings=self.settings,
            elections=self.store,
            profiles=ProfileStore(self.store.table),
            consents=ConsentStore(self.store.table),
            audit=self.audit,
            clock=self.clock,
        )

    @cached_property
    def party_portal(self) -> PartyPortal:
        from chalicelib.party.portal import PartyPortal
        from chalicelib.storage.notification_store import NotificationStore
        from chalicelib.storage.proposal_store import ProposalStore

        table = self.store.table
        return PartyPortal(
            elections=self.store,
            proposals=ProposalStore(table),
            notifications=NotificationStore(table),
            audit=self.audit,
            clock=self.clock,
            confirmations=self.address_confirmations,
        )

    @cached_property
    def address_confirmations(self) -> AddressConfirmations:
        """Party notification addresses confirmed by their owners through a signed link (issue 15)."""
        from chalicelib.party.address_confirmation import AddressConfirmations
        from chalicelib.storage.notification_store import NotificationStore

        return AddressConfirmations(self.settings, NotificationStore(self.store.table), self.mail, self.clock)

    @cached_property
    def unsubscribes(self) -> Unsubscriber:
        """One-click unsubscribe (RFC 8058): a signed token, no sign-in."""
        from chalicelib.notifications.unsubscribe import Unsubscriber
        from chalicelib.storage.notification_store import NotificationStore

        return Unsubscriber(self.settings, NotificationStore(self.store.table), self.clock)

    @cached_property
    def notification_preferences(self) -> NotificationPreferences:
        """Which emails a citizen receives (GET/PUT /v1/me/notification-settings)."""
        from chalicelib.notifications.unsubscribe import NotificationPreferences
        from chalicelib.storage.notification_store import NotificationStore

        return NotificationPreferences(NotificationStore(self.store.table))

    @cached_property
    def admin(self) -> AdminDesk:
        from chalicelib.adapters.cognito import CognitoAccounts
        from chalicelib.admin.service import AdminDesk
        from chalicelib.storage.photos import PhotoBucket

        return AdminDesk(
            settings=self.settings,
            elections=self.store,
            audit=self.audit,
            clock=self.clock,
            mail=self.mail,
            cognito=lambda: CognitoAccounts(self.settings.user_pool_id, self.settings.user_pool_client_id),
            invitation_code=lambda user_id, email, name: self.accounts.invitation_code(user_id, email, name),
            photos=PhotoBucket(self.settings.photos_bucket),
        )

    @cached_property
    def party_candidacies(self) -> PartyCandidacies:
        from chalicelib.party.candidacies import PartyCandidacies
        from chalicelib.storage.party_candidacy_store import PartyCandidacyStore
        from chalicelib.storage.profile_store import ProfileStore

        table = self.store.table
        return PartyCandidacies(elections=self.store, index=PartyCandidacyStore(table), profiles=ProfileStore(table))

    @cached_property
    def advice(self) -> AdviceDesk:
        from chalicelib.advice.service import AdviceDesk
        from chalicelib.storage.advice_store import AdviceStore
        from chalicelib.storage.proposal_store import ProposalStore

        return AdviceDesk(
            elections=self.store,
            advice=AdviceStore(self.store.table),
            proposals=ProposalStore(self.store.table),
            audit=self.audit,
            clock=self.clock,
            tz=self.settings.tz,
        )

    @cached_property
    def sms(self) -> SmsDesk:
        """The SMS lookup; replies go to the SMS API, or on the local stack to its outbox."""
        from chalicelib.adapters.sms import EndUserMessagingSms, LocalOutbox
        from chalicelib.sms.desk import SmsDesk
        from chalicelib.storage.sms_store import SmsStore

        settings = self.settings
        channel: SmsChannel = (
            LocalOutbox(settings.local_sms_outbox_dir)
            if settings.local_sms_outbox_dir
            else EndUserMessagingSms(
                settings.sms_origination_identity, configuration_set=settings.sms_configuration_set
            )
        )
        return SmsDesk(
            settings=settings, elections=self.store, store=SmsStore(self.store.table), channel=channel, clock=self.clock
        )

    @cached_property
    def open_data(self) -> OpenDataPublisher:
        """The proposals export: built by a schedule into the bucket; requests get a redirect to it."""
        from chalicelib.opendata.publication import OpenDataPublisher
        from chalicelib.storage.open_data_files import OpenDataFiles
        from chalicelib.storage.open_data_store import OpenDataStore

        return OpenDataPublisher(
            elections=self.store,
            store=OpenDataStore(self.store.table),
            files=OpenDataFiles(self.settings.photos_bucket),
            files_url=self.settings.photos_url,
            clock=self.clock,
        )

    @cached_property
    def transparency(self) -> TransparencyLog:
        """The public Merkle log; its KMS client is created on first signature."""
        from chalicelib.adapters.signing import KmsSigner
        from chalicelib.storage.log_store import LogStore
        from chalicelib.transparency.service import TransparencyLog

        return TransparencyLog(
            store=LogStore(self.store.table),
            signer=KmsSigner(self.settings.log_signing_key),
            clock=self.clock,
            elections=self.store,
        )

    @cached_property
    def results(self) -> ResultsDesk:
        """Results of the count (issue 16)."""
        from chalicelib.results.service import ResultsDesk
        from chalicelib.storage.result_store import ResultStore

        return ResultsDesk(
            settings=self.settings,
            elections=self.store,
            results=ResultStore(self.store.table),
            audit=self.audit,
            clock=self.clock,
            follow=self.commitments.follow_winners,
        )

    @cached_property
    def commitments(self) -> CommitmentDesk:
        """Commitments followed through the term (issue 16)."""
        from chalicelib.commitments.service import CommitmentDesk
        from chalicelib.storage.commitment_store import CommitmentStore

        return CommitmentDesk(
            settings=self.settings,
            elections=self.store,
            commitments=CommitmentStore(self.store.table),
            audit=self.audit,
            clock=self.clock,
        )

    @cached_property
    def election_day(self) -> ElectionDayDesk:
        """The election-day dashboard (issue 14): stream-derived day counts and dead-letter depths."""
        from chalicelib.adapters.dead_letters import DeadLetterDepth
        from chalicelib.admin.dashboard import ElectionDayDesk

        return ElectionDayDesk(
            settings=self.settings,
            tallies=self.tallies,
            dead_letters=DeadLetterDepth(self.settings.stage),
            clock=self.clock,
        )

    # the public reads and civic information: thin services over the module functions, each owning
    # its store, clock and settings, so every route is one `deps().<service>.<verb>(...)` call
    @cached_property
    def public_elections(self) -> PublicElections:
        """Processes, the lookup (with the in-course cache), ballots, candidacies and contenders."""
        from chalicelib.elections.public_desk import PublicElections

        return PublicElections(self.store, self._now, lambda: self.in_course)

    @cached_property
    def geography(self) -> Geography:
        from chalicelib.geography.desk import Geography

        return Geography(self.store, self.settings.default_section_map)

    @cached_property
    def civic_pages(self) -> CivicPages:
        """The information pages, public and in the institute's editor."""
        from chalicelib.content.desk import CivicPages
        from chalicelib.storage.civic_store import CivicStore

        return CivicPages(CivicStore(self.store.table), self.store, self._now, self.audit)

    @cached_property
    def platforms(self) -> Platforms:
        from chalicelib.platforms.desk import Platforms
        from chalicelib.storage.civic_store import CivicStore

        return Platforms(CivicStore(self.store.table), self.store, self._now, self.settings.tz, self.audit)

    @cached_property
    def calendar(self) -> ProcessCalendar:
        from chalicelib.milestones.desk import ProcessCalendar

        return ProcessCalendar(self.store, self._now, self.settings.tz)

    @cached_property
    def open_datasets(self) -> OpenDatasets:
        """The open-data files built on request (the proposals' file is built by `open_data`)."""
        from chalicelib.opendata.datasets import OpenDatasets

        return OpenDatasets(self.store, self._now)

    @cached_property
    def ballot_sheet(self) -> BallotSheets:
        from chalicelib.ballot_sheet.desk import BallotSheets

        return BallotSheets(self.store, self._now, self.settings)

    @cached_property
    def datasaver(self) -> DataSaver:
        from chalicelib.datasaver.desk import DataSaver

        return DataSaver(self.store, self._now, self.settings)

    @cached_property
    def audit_trail(self) -> AuditTrail:
        """The institute's reads of the audit log."""
        from chalicelib.audit.trail import AuditTrail

        return AuditTrail(self.audit, self._now)

    def _now(self) -> datetime:
        """The clock as set now (a test may replace `clock` after a service was built)."""
        return self.clock()

    def _idempotent_submission(self) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        """Powertools idempotency on our table: a retried submission returns the first result."""
        from aws_lambda_powertools.utilities.idempotency import IdempotencyConfig, idempotent_function
        from aws_lambda_powertools.utilities.idempotency.serialization.pydantic import PydanticSerializer

        from chalicelib.proposals.views import SubmittedProposal
        from chalicelib.storage.idempotency_store import proposal_submissions

        # records spread over partitions by their key's hash (one hot partition otherwise)
        layer = proposal_submissions(self.settings.table_name, self.store.table.client)
        config = IdempotencyConfig(
            event_key_jmespath="[user_id, key]",
            payload_validation_jmespath="draft",
            expires_after_seconds=24 * 3600,
        )
        # the route registers each invocation's Lambda context (issue 15): an interrupted submission's
        # "in progress" record then expires with the function's remaining time, not after 24 h
        self.idempotency_config = config

        def wrap(function: Callable[..., Any]) -> Callable[..., Any]:
            wrapped: Callable[..., Any] = idempotent_function(
                function,
                data_keyword_argument="request",
                persistence_store=layer,
                config=config,
                output_serializer=PydanticSerializer(model=SubmittedProposal),
            )
            return wrapped

        return wrap


_current: Dependencies | None = None


def current() -> Dependencies:
    global _current
    if _current is None:
        _current = Dependencies.from_settings(get_settings())
    return _current


def use(dependencies: Dependencies | None) -> None:
    """Replace (or with None, forget) the dependencies of the following requests."""
    global _current
    _current = dependencies
