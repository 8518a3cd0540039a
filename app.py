"""DecideIEEM HTTP API: thin routes. Each validates, makes one service call, returns a model."""

from __future__ import annotations

import os
from typing import Any

from chalice.app import Chalice, CloudWatchEvent, Cron, DynamoDBEvent, Rate, Response, SNSEvent, SQSEvent

from chalicelib import dependencies
from chalicelib.accounts.models import (
    ChangePasswordRequest,
    ConfirmRequest,
    ConfirmResult,
    DisplayNameRequest,
    ForgotPasswordRequest,
    ForgotPasswordResult,
    LoginRequest,
    LoginResult,
    Me,
    MfaResetRequest,
    MfaResetResult,
    MfaSetup,
    MfaSetupRequest,
    MfaStatus,
    MfaVerifyRequest,
    PasswordResult,
    RefreshRequest,
    RefreshResult,
    ResendCodeRequest,
    ResendCodeResult,
    ResetPasswordRequest,
    SignupRequest,
    SignupResult,
)
from chalicelib.accounts.service import AccountService
from chalicelib.admin import models as admin_models
from chalicelib.admin.models import (
    REGISTRY_MAX_BYTES,
    CandidacyStatusInput,
    ContenderInput,
    PartyUserChange,
    PartyUserChanged,
    PartyUserCreated,
    PartyUserInput,
    PartyUserList,
    PartyUserQuery,
    ProcessCreate,
    ProcessInput,
    RegistryUpload,
    StatusChange,
)
from chalicelib.advice.models import (
    AdviceIndex,
    AdviceSetupInput,
    AdviceView,
    PartyAdviceQuery,
    PartyAdviceView,
    PositionsInput,
    ProposalCandidates,
)
from chalicelib.api.openapi import build_openapi
from chalicelib.api.routing import BinaryBody, HttpApi, PlainText, Redirect
from chalicelib.audit.log import AuditPage, AuditQuery
from chalicelib.auth.principal import Principal, Role
from chalicelib.ballot_sheet import sheet
from chalicelib.commitments import opendata as commitments_opendata
from chalicelib.commitments.models import (
    CommitmentReviewQueue,
    FollowUpList,
    FollowUpView,
    ProgressInput,
    UpdateDecision,
    VerdictCounts,
    VerdictInput,
)
from chalicelib.content import pages
from chalicelib.content.models import (
    AdminContentVersion,
    ContentHistory,
    ContentIndex,
    ContentInput,
    ContentPage,
    ContentPreview,
    ContentPreviewInput,
    RestoreInput,
    content_version_number,
)
from chalicelib.datasaver.page import SectionPath, section_page
from chalicelib.elections import public
from chalicelib.elections.lookup import LookupQuery, lookup
from chalicelib.elections.models import Contender
from chalicelib.elections.public import ContenderQuery
from chalicelib.elections.views import (
    BallotView,
    CandidacyView,
    ContenderList,
    DistrictList,
    LookupResult,
    MunicipalityList,
    ProcessList,
    ProcessView,
)
from chalicelib.events.relay import relay_stream_batch
from chalicelib.geography import public as geography
from chalicelib.geography import section_maps
from chalicelib.geography.public import DistrictQuery
from chalicelib.milestones.calendar import CalendarView, calendar_view, ics_feed
from chalicelib.notifications.delivery import consume_queue_batch
from chalicelib.notifications.feedback import record_feedback
from chalicelib.observability import metrics
from chalicelib.opendata import export as opendata
from chalicelib.opendata.export import OpenDataset
from chalicelib.party.candidacies import PartyCandidaciesPage, PartyCandidaciesQuery
from chalicelib.party.portal import InboxPage, InboxQuery, SettingsInput, SettingsQuery, SettingsView
from chalicelib.platforms import service as platforms
from chalicelib.platforms.models import PartyPlatformInput, PlatformInput, PlatformList, PlatformQuery, PlatformView
from chalicelib.profiles.consent import (
    ConsentPage,
    ConsentStatus,
    ConsentStatusView,
    ConsentSubmission,
    InvitationRequest,
    TokenBody,
)
from chalicelib.profiles.models import (
    PartyProfileView,
    PhotoUpload,
    PhotoUploadRequest,
    ProfileHistory,
    ProfileInput,
)
from chalicelib.profiles.search import CandidacySearch, CandidacySearchPage, CandidacyStatistics
from chalicelib.profiles.workflow import (
    PartyProfileStates,
    PartyStatesQuery,
    ReviewDecision,
    ReviewQueuePage,
    ReviewQueueQuery,
    SubmitForReview,
)
from chalicelib.proposals.models import (
    ModerationDraft,
    PartyResponse,
    ProposalDraft,
    ProposalEdit,
    ReportDraft,
    ResponseDraft,
)
from chalicelib.proposals.service import CITIZENS, MODERATORS, PARTY_EDITORS, PageQuery, ProposalQuery, QueueQuery
from chalicelib.proposals.views import (
    MyProposal,
    MyProposals,
    ProposalFeed,
    ProposalPage,
    ReportReceived,
    ReviewQueue,
    SubmittedProposal,
    SupportState,
)
from chalicelib.registry.importer import RegistryReport
from chalicelib.responsiveness.models import AcknowledgementView, ResponsivenessBoard, ResponsivenessQuery
from chalicelib.results import opendata as results_opendata
from chalicelib.results.models import RESULTS_MAX_BYTES, ResultReport, ResultsUpload
from chalicelib.settings import EventSources
from chalicelib.sms.desk import InboundSms
from chalicelib.storage.civic_store import CivicStore
from chalicelib.storage.log_store import TreeHead
from chalicelib.transparency.appender import append_stream_batch
from chalicelib.transparency.views import (
    ConsistencyProof,
    ConsistencyQuery,
    EntriesQuery,
    EntryPage,
    InclusionProof,
    InclusionQuery,
    ProcessLog,
    PublicKey,
    ReceiptStatus,
    TreeHeadList,
    TreeHeadsQuery,
)

app = Chalice(app_name="decide-ieem")
api = HttpApi(
    app,
    cache_seconds=lambda: dependencies.current().settings.public_cache_seconds,
    authenticate=lambda authorization: dependencies.current().principal(authorization),
)
deps = dependencies.current


@api.get("/v1/processes", response=ProcessList, summary="Electoral processes with their phase", tag="processes")
def list_processes() -> ProcessList:
    return public.list_processes(deps().store, deps().clock())


@api.get(
    "/v1/processes/{process_id}",
    response=ProcessView,
    errors=(404,),
    summary="One process, its phase and when the phase ends",
    tag="processes",
)
def get_process(process_id: str) -> ProcessView:
    return public.get_process(deps().store, process_id, deps().clock())


@api.get(
    "/v1/lookup",
    query=LookupQuery,
    response=LookupResult,
    errors=(404,),
    metric="Lookups",
    summary="Who is running where I vote: ballots by section, municipality or district",
    tag="lookup",
)
def lookup_ballots(query: LookupQuery) -> LookupResult:
    return lookup(deps().store, query, deps().clock(), deps().in_course)


@api.get(
    "/v1/ballots/{ballot_id}",
    response=BallotView,
    errors=(404,),
    summary="One ballot with its candidacies in ballot order",
    tag="ballots",
)
def get_ballot(ballot_id: str) -> BallotView:
    return public.get_ballot(deps().store, ballot_id, deps().clock())


@api.get(
    "/v1/candidacies/{candidacy_id}",
    response=CandidacyView,
    errors=(404,),
    summary="One candidacy with its contender and process",
    tag="ballots",
)
def get_candidacy(candidacy_id: str) -> CandidacyView:
    return public.get_candidacy(deps().store, candidacy_id, deps().clock())


@api.get(
    "/v1/parties",
    query=ContenderQuery,
    response=ContenderList,
    errors=(404,),
    summary="Parties, coalitions and independent candidacies of a process",
    tag="ballots",
)
def list_parties(query: ContenderQuery) -> ContenderList:
    return public.list_contenders(deps().store, query.process)


@api.get("/v1/municipalities", response=MunicipalityList, summary="The 125 municipalities", tag="geography")
def list_municipalities() -> MunicipalityList:
    return geography.list_municipalities(deps().store)


@api.get(
    "/v1/districts",
    query=DistrictQuery,
    response=DistrictList,
    errors=(404,),
    summary="Local districts of a section map, with their municipalities",
    tag="geography",
)
def list_districts(query: DistrictQuery) -> DistrictList:
    return geography.list_districts(deps().store, query.section_map or deps().settings.default_section_map)


# accounts -----------------------------------------------------------------------------------
@api.route(
    "POST",
    "/v1/auth/signup",
    body=SignupRequest,
    response=SignupResult,
    status=201,
    errors=(409, 429),
    metric="Signups",
    summary="Create a citizen account; a 6-digit code is emailed to confirm it",
    tag="accounts",
)
def signup(body: SignupRequest, client: str) -> SignupResult:
    return deps().accounts.signup(body, client)


@api.route(
    "POST",
    "/v1/auth/confirm",
    body=ConfirmRequest,
    response=ConfirmResult,
    errors=(409, 429),
    summary="Confirm an account with the emailed code (the same answer for every address)",
    tag="accounts",
)
def confirm_account(body: ConfirmRequest, client: str) -> ConfirmResult:
    return deps().accounts.confirm(body, client)


@api.route(
    "POST",
    "/v1/auth/resend-code",
    body=ResendCodeRequest,
    response=ResendCodeResult,
    errors=(429,),
    summary="Email a new confirmation code (at most one a minute)",
    tag="accounts",
)
def resend_code(body: ResendCodeRequest, client: str) -> ResendCodeResult:
    return deps().accounts.resend_code(body, client)


@api.route(
    "POST",
    "/v1/auth/login",
    body=LoginRequest,
    response=LoginResult,
    errors=(401, 403, 429),
    summary="Log in; send the ID token as `Authorization: Bearer`",
    tag="accounts",
)
def login(body: LoginRequest) -> LoginResult:
    return deps().accounts.login(body)


@api.route(
    "POST",
    "/v1/auth/refresh",
    body=RefreshRequest,
    response=RefreshResult,
    errors=(401, 429),
    summary="A new ID token from the refresh token",
    tag="accounts",
)
def refresh_session(body: RefreshRequest) -> RefreshResult:
    return deps().accounts.refresh(body)


@api.get("/v1/me", response=Me, roles=frozenset(), summary="Who I am: my id, email, roles and party", tag="accounts")
def who_am_i(principal: Principal) -> Me:
    return AccountService.me(principal)


# proposals ----------------------------------------------------------------------------------
@api.route(
    "POST",
    "/v1/proposals",
    body=ProposalDraft,
    response=SubmittedProposal,
    roles=CITIZENS,
    status=201,
    idempotent=True,
    errors=(409, 422, 429),
    metric="ProposalsSubmitted",
    summary="Send a proposal to the contenders of a ballot",
    tag="proposals",
)
def submit_proposal(body: ProposalDraft, principal: Principal, idempotency_key: str | None) -> SubmittedProposal:
    return deps().proposals.submit(principal, body, idempotency_key, app.lambda_context)


@api.get(
    "/v1/proposals",
    query=ProposalQuery,
    response=ProposalFeed,
    summary="Published proposals, newest first",
    tag="proposals",
)
def list_proposals(query: ProposalQuery) -> ProposalFeed:
    return deps().proposals.feed(query)


@api.get(
    "/v1/proposals/{proposal_id}",
    response=ProposalPage,
    errors=(404,),
    summary="A published proposal with every party's answer",
    tag="proposals",
)
def get_proposal(proposal_id: str) -> ProposalPage:
    return deps().proposals.page(proposal_id)


@api.get(
    "/v1/me/proposals",
    query=PageQuery,
    response=MyProposals,
    roles=CITIZENS,
    summary="My proposals in every state",
    tag="proposals",
)
def my_proposals(query: PageQuery, principal: Principal) -> MyProposals:
    return deps().proposals.mine(principal, query)


@api.route(
    "PUT",
    "/v1/proposals/{proposal_id}/support",
    response=SupportState,
    roles=CITIZENS,
    errors=(404, 409),
    summary="Support a proposal (once per citizen)",
    tag="proposals",
)
def support_proposal(proposal_id: str, principal: Principal) -> SupportState:
    return deps().proposals.support(principal, proposal_id, supported=True)


@api.route(
    "DELETE",
    "/v1/proposals/{proposal_id}/support",
    response=SupportState,
    roles=CITIZENS,
    errors=(404, 409),
    summary="Withdraw a support",
    tag="proposals",
)
def withdraw_support(proposal_id: str, principal: Principal) -> SupportState:
    return deps().proposals.support(principal, proposal_id, supported=False)


@api.route(
    "POST",
    "/v1/proposals/{proposal_id}/responses",
    body=ResponseDraft,
    response=PartyResponse,
    roles=PARTY_EDITORS,
    errors=(404, 409),
    metric="ResponsesPublished",
    summary="A party's public answer (commit, decline or comment); editable until the veda",
    tag="proposals",
)
def respond_to_proposal(proposal_id: str, body: ResponseDraft, principal: Principal) -> PartyResponse:
    return deps().proposals.respond(principal, proposal_id, body)


@api.get(
    "/v1/moderation/queue",
    query=QueueQuery,
    response=ReviewQueue,
    roles=MODERATORS,
    summary="Proposals held for review or hidden after reports, oldest first; ?reason= and ?process= narrow it; "
    "with the queue's counts per reason and per process",
    tag="moderation",
)
def moderation_queue(query: QueueQuery, principal: Principal) -> ReviewQueue:
    return deps().proposals.review_queue(query)


@api.route(
    "POST",
    "/v1/moderation/proposals/{proposal_id}",
    body=ModerationDraft,
    response=MyProposal,
    roles=MODERATORS,
    errors=(404, 409),
    summary="Publish, reject, redact (and publish) or ask the author for a change, with a reason",
    tag="moderation",
)
def moderate_proposal(proposal_id: str, body: ModerationDraft, principal: Principal) -> MyProposal:
    return deps().proposals.moderate(principal, proposal_id, body)


# civic information: content pages, the calendar, party platforms --------------------------
ADMINS = frozenset({Role.IEEM_ADMIN})


def civic() -> CivicStore:
    return CivicStore(deps().store.table)


@api.get(
    "/v1/content/{slug}",
    response=ContentPage,
    errors=(404,),
    summary="A published information page, rendered to safe HTML",
    tag="content",
)
def get_content(slug: str) -> ContentPage:
    return pages.get_page(civic(), slug)


@api.get(
    "/v1/processes/{process_id}/content",
    response=ContentIndex,
    errors=(404,),
    summary="The published pages of a process, then the pages shared by every process",
    tag="content",
)
def list_content(process_id: str) -> ContentIndex:
    return pages.list_pages(civic(), deps().store, process_id)


@api.route(
    "PUT",
    "/v1/admin/content/{slug}",
    body=ContentInput,
    roles=ADMINS,
    response=AdminContentVersion,
    errors=(404, 409),
    summary="Save a new version of a page (draft or published); older versions are kept",
    tag="content",
)
def save_content(slug: str, body: ContentInput, principal: Principal) -> AdminContentVersion:
    return pages.save_page(
        civic(), deps().store, slug, body, pages.author_of(principal), deps().clock(), deps().audit, principal
    )


@api.get(
    "/v1/admin/content/{slug}",
    roles=ADMINS,
    response=AdminContentVersion,
    errors=(404,),
    summary="The latest version of a page, draft or published",
    tag="content",
)
def get_content_draft(slug: str, principal: Principal) -> AdminContentVersion:
    return pages.get_latest(civic(), slug)


@api.get(
    "/v1/admin/content/{slug}/versions",
    roles=ADMINS,
    response=ContentHistory,
    errors=(404,),
    summary="Every version of a page: who saved it, when, status and note",
    tag="content",
)
def get_content_history(slug: str, principal: Principal) -> ContentHistory:
    return pages.history(civic(), slug)


@api.get(
    "/v1/processes/{process_id}/calendar",
    response=CalendarView,
    errors=(404,),
    summary="The process calendar: every milestone, the current phase flagged, and the sources",
    tag="processes",
)
def get_calendar(process_id: str) -> CalendarView:
    return calendar_view(public.find_process(deps().store, process_id), deps().clock(), deps().settings.tz)


@api.get(
    "/v1/processes/{process_id}/calendar.ics",
    response=PlainText,
    media_type="text/calendar; charset=utf-8",
    errors=(404,),
    summary="The process calendar as an iCalendar (RFC 5545) feed to subscribe to",
    tag="processes",
)
def get_calendar_feed(process_id: str) -> PlainText:
    process = public.find_process(deps().store, process_id)
    return PlainText(body=ics_feed(process, deps().clock(), deps().settings.tz))


@api.get(
    "/v1/processes/{process_id}/platforms",
    query=PlatformQuery,
    response=PlatformList,
    errors=(404,),
    summary="Party and coalition platforms side by side, optionally on one topic",
    tag="platforms",
)
def list_platforms(process_id: str, query: PlatformQuery) -> PlatformList:
    return platforms.list_platforms(civic(), deps().store, process_id, query.topic, deps().clock())


@api.route(
    "PUT",
    "/v1/party/platforms/{process_id}",
    body=PartyPlatformInput,
    roles=frozenset({Role.PARTY_EDITOR}),
    response=PlatformView,
    errors=(404, 409),
    summary="A party editor loads its party's (or coalition's) platform; campaigns only",
    tag="platforms",
)
def save_party_platform(process_id: str, body: PartyPlatformInput, principal: Principal) -> PlatformView:
    return platforms.save_party_platform(
        civic(), deps().store, principal, process_id, body, deps().clock(), deps().settings.tz, deps().audit
    )


@api.route(
    "PUT",
    "/v1/admin/processes/{process_id}/platforms/{contender_id}",
    body=PlatformInput,
    roles=ADMINS,
    response=PlatformView,
    errors=(404, 409),
    summary="The institute loads a contender's platform; not during the veda or election day",
    tag="platforms",
)
def save_institute_platform(
    process_id: str, contender_id: str, body: PlatformInput, principal: Principal
) -> PlatformView:
    return platforms.save_institute_platform(
        civic(),
        deps().store,
        principal,
        process_id,
        contender_id,
        body,
        deps().clock(),
        deps().settings.tz,
        deps().audit,
    )


# party portal: profiles, photos, inbox, settings -------------------------------------------
PARTY = frozenset({Role.PARTY_EDITOR})


@api.get(
    "/v1/party/candidacies/{candidacy_id}/profile",
    roles=PARTY,
    response=PartyProfileView,
    errors=(404,),
    summary="My candidacy's profile, with the identity consent record",
    tag="party",
)
def get_party_profile(candidacy_id: str, principal: Principal) -> PartyProfileView:
    return deps().profiles.get_for_party(principal, candidacy_id)


@api.route(
    "PUT",
    "/v1/party/candidacies/{candidacy_id}/profile",
    body=ProfileInput,
    roles=PARTY,
    response=PartyProfileView,
    errors=(404, 409),
    summary="Save a new version of my candidacy's profile; campaigns only",
    tag="party",
)
def save_party_profile(candidacy_id: str, body: ProfileInput, principal: Principal) -> PartyProfileView:
    return deps().profiles.save(principal, candidacy_id, body)


@api.route(
    "POST",
    "/v1/party/candidacies/{candidacy_id}/photo-upload",
    body=PhotoUploadRequest,
    roles=PARTY,
    response=PhotoUpload,
    errors=(404, 409),
    summary="A presigned S3 POST for the candidacy's photo (JPEG, PNG or WebP; up to 2 MB)",
    tag="party",
)
def photo_upload(candidacy_id: str, body: PhotoUploadRequest, principal: Principal) -> PhotoUpload:
    return deps().profiles.photo_upload(principal, candidacy_id, body)


@api.get(
    "/v1/candidacies/{candidacy_id}/history",
    query=PageQuery,
    response=ProfileHistory,
    errors=(404,),
    summary="Every change of a candidacy's profile: when, by which contender, which fields",
    tag="ballots",
)
def get_candidacy_history(candidacy_id: str, query: PageQuery) -> ProfileHistory:
    return deps().profiles.history(candidacy_id, query.limit, query.cursor)


@api.get(
    "/v1/party/inbox",
    query=InboxQuery,
    roles=PARTY,
    response=InboxPage,
    errors=(404,),
    summary="Proposals addressed to my party (or coalition), newest first, with counts per status",
    tag="party",
)
def party_inbox(query: InboxQuery, principal: Principal) -> InboxPage:
    return deps().party_portal.inbox(principal, query)


@api.get(
    "/v1/party/settings",
    query=SettingsQuery,
    roles=PARTY | ADMINS,  # the institute keeps coalitions' addresses
    response=SettingsView,
    errors=(404,),
    summary="My party's notification addresses and mode in a process",
    tag="party",
)
def get_party_settings(query: SettingsQuery, principal: Principal) -> SettingsView:
    return deps().party_portal.settings(principal, query)


@api.route(
    "PUT",
    "/v1/party/settings",
    body=SettingsInput,
    roles=PARTY | ADMINS,  # the institute keeps coalitions' addresses
    response=SettingsView,
    errors=(404,),
    summary="Set up to 5 notification addresses and immediate or daily-digest mode",
    tag="party",
)
def save_party_settings(body: SettingsInput, principal: Principal) -> SettingsView:
    return deps().party_portal.save_settings(principal, body)


# the institute: processes, contenders, candidacy statuses, registry, accounts, audit -------
@api.route(
    "POST",
    "/v1/admin/processes",
    body=ProcessCreate,
    roles=ADMINS,
    response=ProcessView,
    status=201,
    errors=(409,),
    summary="Create an ordinary or extraordinary process; its ballots start with the registry pending",
    tag="admin",
)
def create_process(body: ProcessCreate, principal: Principal) -> ProcessView:
    return deps().admin.create_process(principal, body)


@api.route(
    "PUT",
    "/v1/admin/processes/{process_id}",
    body=ProcessInput,
    roles=ADMINS,
    response=ProcessView,
    errors=(404, 409),
    summary="Edit a process: calendar (validated), scope, replaced ballots",
    tag="admin",
)
def update_process(process_id: str, body: ProcessInput, principal: Principal) -> ProcessView:
    return deps().admin.update_process(principal, process_id, body)


@api.route(
    "PUT",
    "/v1/admin/processes/{process_id}/contenders/{contender_id}",
    body=ContenderInput,
    roles=ADMINS,
    response=Contender,
    errors=(404,),
    summary="Create or edit a party, coalition or independent candidacy of a process",
    tag="admin",
)
def save_contender(process_id: str, contender_id: str, body: ContenderInput, principal: Principal) -> Contender:
    return deps().admin.save_contender(principal, process_id, contender_id, body)


@api.route(
    "POST",
    "/v1/admin/candidacies/{candidacy_id}/status",
    body=CandidacyStatusInput,
    roles=ADMINS,
    response=StatusChange,
    errors=(404, 409),
    summary="Substitute (who replaces whom, and when) or cancel (with a public reason) a candidacy",
    tag="admin",
)
def change_candidacy_status(candidacy_id: str, body: CandidacyStatusInput, principal: Principal) -> StatusChange:
    return deps().admin.change_status(principal, candidacy_id, body)


@api.route(
    "POST",
    "/v1/admin/processes/{process_id}/registry",
    body=RegistryUpload,
    roles=ADMINS,
    response=RegistryReport,
    errors=(404,),
    summary="Import the official registry (a text/csv body, or JSON {csv}); returns the validation report",
    csv_field="csv",
    max_body_bytes=REGISTRY_MAX_BYTES,
    tag="admin",
)
def import_process_registry(process_id: str, body: RegistryUpload, principal: Principal) -> RegistryReport:
    return deps().admin.import_registry(principal, process_id, body)


@api.route(
    "POST",
    "/v1/admin/party-users",
    body=PartyUserInput,
    roles=ADMINS,
    response=PartyUserCreated,
    status=201,
    errors=(404, 409),
    summary="Create a party editor account bound to a party and email the invitation",
    tag="admin",
)
def create_party_user(body: PartyUserInput, principal: Principal) -> PartyUserCreated:
    return deps().admin.create_party_user(principal, body)


@api.get(
    "/v1/admin/audit",
    query=AuditQuery,
    roles=ADMINS,
    response=AuditPage,
    summary="Audit log, newest first: by actor, entity and date range",
    tag="admin",
)
def read_audit(query: AuditQuery, principal: Principal) -> AuditPage:
    return deps().audit.query(query, deps().clock())


# open data ---------------------------------------------------------------------------------
@api.get(
    "/v1/open-data/{process_id}/candidacies.json",
    response=OpenDataset,
    errors=(404,),
    summary="Every candidacy of a process, with the column dictionary",
    tag="open-data",
)
def open_candidacies_json(process_id: str) -> OpenDataset:
    return opendata.candidacies(deps().store, process_id)


@api.get(
    "/v1/open-data/{process_id}/candidacies.csv",
    response=PlainText,
    media_type="text/csv; charset=utf-8",
    errors=(404,),
    summary="Every candidacy of a process as CSV (as candidacies.json; formula-leading cells get an apostrophe)",
    tag="open-data",
)
def open_candidacies_csv(process_id: str) -> PlainText:
    return PlainText(body=opendata.to_csv(opendata.candidacies(deps().store, process_id)))


@api.get(
    "/v1/open-data/{process_id}/proposals.json",
    response=Redirect,
    status=302,
    errors=(404,),
    summary="Published proposals of a process (no author data), with the column dictionary: a redirect to "
    "the file, rebuilt every 10 minutes",
    tag="open-data",
)
def open_proposals_json(process_id: str) -> Redirect:
    return Redirect(location=deps().open_data.proposals_location(process_id, csv_format=False).url)


@api.get(
    "/v1/open-data/{process_id}/proposals.csv",
    response=Redirect,
    status=302,
    errors=(404,),
    summary="Published proposals of a process as CSV (as proposals.json; formula-leading cells get an "
    "apostrophe): a redirect to the file",
    tag="open-data",
)
def open_proposals_csv(process_id: str) -> Redirect:
    return Redirect(location=deps().open_data.proposals_location(process_id, csv_format=True).url)


# voting advice ("Orientación del voto"): statements, contenders' positions -----------------
@api.get(
    "/v1/advice",
    response=AdviceIndex,
    summary="Processes whose contenders' positions on the voting-advice statements are public now",
    tag="advice",
)
def list_advice() -> AdviceIndex:
    return deps().advice.index()


@api.get(
    "/v1/processes/{process_id}/advice",
    response=AdviceView,
    errors=(404,),
    summary="Voting-advice statements and, once published, every contender's positions (all at once)",
    tag="advice",
)
def get_advice(process_id: str) -> AdviceView:
    return deps().advice.read(process_id)


@api.route(
    "PUT",
    "/v1/admin/processes/{process_id}/advice",
    body=AdviceSetupInput,
    roles=ADMINS,
    response=AdviceView,
    errors=(404, 409),
    summary="Define the 20-40 statements and the positions window; locked once the window opens",
    tag="advice",
)
def save_advice_setup(process_id: str, body: AdviceSetupInput, principal: Principal) -> AdviceView:
    return deps().advice.save_setup(principal, process_id, body)


@api.get(
    "/v1/admin/processes/{process_id}/advice/proposals",
    roles=ADMINS,
    response=ProposalCandidates,
    errors=(404,),
    summary="The most supported of the newest published proposals, to draw statements from",
    tag="advice",
)
def advice_proposal_candidates(process_id: str, principal: Principal) -> ProposalCandidates:
    return deps().advice.proposal_candidates(process_id)


@api.get(
    "/v1/party/advice/{process_id}",
    query=PartyAdviceQuery,
    roles=PARTY,
    response=PartyAdviceView,
    errors=(404,),
    summary="My party's (or coalition's) positions on the statements, and whether the window is open",
    tag="advice",
)
def get_party_positions(process_id: str, query: PartyAdviceQuery, principal: Principal) -> PartyAdviceView:
    return deps().advice.party_view(principal, process_id, query)


@api.route(
    "PUT",
    "/v1/party/advice/{process_id}",
    body=PositionsInput,
    roles=PARTY,
    response=PartyAdviceView,
    errors=(404, 409),
    summary="State my party's positions (agree, neutral, disagree + justification); only in the window",
    tag="advice",
)
def save_party_positions(process_id: str, body: PositionsInput, principal: Principal) -> PartyAdviceView:
    return deps().advice.save_positions(principal, process_id, body)


# candidacy questionnaire (Conóceles): submission and the institute's review (issue 22) ---------
REVIEWERS = frozenset({Role.IEEM_MODERATOR, Role.IEEM_ADMIN})


@api.route(
    "POST",
    "/v1/party/candidacies/{candidacy_id}/profile/submit",
    body=SubmitForReview,
    roles=PARTY,
    response=PartyProfileView,
    errors=(404, 409),
    summary="Send the captured (or fixed) profile to the institute's review; campaigns only",
    tag="party",
)
def submit_party_profile(candidacy_id: str, body: SubmitForReview, principal: Principal) -> PartyProfileView:
    return deps().profiles.submit(principal, candidacy_id, body)


@api.get(
    "/v1/party/profiles",
    query=PartyStatesQuery,
    roles=PARTY,
    response=PartyProfileStates,
    errors=(404,),
    summary="My candidacies' profiles in a process and where each stands in the review (with the reason)",
    tag="party",
)
def party_profile_states(query: PartyStatesQuery, principal: Principal) -> PartyProfileStates:
    return deps().profiles.party_states(principal, query)


@api.get(
    "/v1/review/profiles",
    query=ReviewQueueQuery,
    roles=REVIEWERS,
    response=ReviewQueuePage,
    errors=(404,),
    summary="Profiles waiting for the institute's review in a process, oldest first",
    tag="review",
)
def profile_review_queue(query: ReviewQueueQuery, principal: Principal) -> ReviewQueuePage:
    return deps().profiles.review_queue(query)


@api.get(
    "/v1/review/profiles/{candidacy_id}",
    roles=REVIEWERS,
    response=PartyProfileView,
    errors=(404,),
    summary="The version of a profile the institute is reviewing",
    tag="review",
)
def get_profile_in_review(candidacy_id: str, principal: Principal) -> PartyProfileView:
    return deps().profiles.get_for_party(principal, candidacy_id)


@api.route(
    "POST",
    "/v1/review/profiles/{candidacy_id}",
    body=ReviewDecision,
    roles=REVIEWERS,
    response=PartyProfileView,
    errors=(404, 409),
    summary="Publish the profile in review, or return it to the party with a reason",
    tag="review",
)
def decide_profile_review(candidacy_id: str, body: ReviewDecision, principal: Principal) -> PartyProfileView:
    return deps().profiles.decide(principal, candidacy_id, body)


# accounts: recovery and change of password (issue 13) ---------------------------------------
@api.route(
    "POST",
    "/v1/auth/forgot-password",
    body=ForgotPasswordRequest,
    response=ForgotPasswordResult,
    errors=(429,),
    summary="Email a code to choose a new password (the same answer whether or not the account exists)",
    tag="accounts",
)
def forgot_password(body: ForgotPasswordRequest, client: str) -> ForgotPasswordResult:
    return deps().accounts.forgot_password(body, client)


@api.route(
    "POST",
    "/v1/auth/reset-password",
    body=ResetPasswordRequest,
    response=PasswordResult,
    errors=(429,),
    summary="Choose a new password with the emailed code (also an invitation's first password)",
    tag="accounts",
)
def reset_password(body: ResetPasswordRequest, client: str) -> PasswordResult:
    return deps().accounts.reset_password(body, client)


@api.route(
    "POST",
    "/v1/me/password",
    body=ChangePasswordRequest,
    response=PasswordResult,
    roles=frozenset(),
    errors=(429,),
    summary="Change my password (the current one is required); other sessions end",
    tag="accounts",
)
def change_password(body: ChangePasswordRequest, principal: Principal) -> PasswordResult:
    return deps().accounts.change_password(principal, body)


@api.route(
    "PUT",
    "/v1/me/display-name",
    body=DisplayNameRequest,
    response=Me,
    roles=frozenset(),
    summary="Rectify the name shown with my proposals (2 to 60 characters, no invisible characters)",
    tag="accounts",
)
def rename_me(body: DisplayNameRequest, principal: Principal) -> Me:
    return deps().accounts.rename(principal, body)


# the ballot and the law (issue 12): official section maps ----------------------------------
@api.route(
    "POST",
    "/v1/admin/section-maps",
    body=section_maps.SectionMapUpload,
    roles=ADMINS,
    response=section_maps.SectionMapReport,
    summary="Load an official section → municipality/district table as a new map version (all or nothing)",
    max_body_bytes=section_maps.SECTION_MAP_MAX_BYTES + 10_000,
    tag="admin",
)
def import_section_map(body: section_maps.SectionMapUpload, principal: Principal) -> section_maps.SectionMapReport:
    return section_maps.import_section_map(deps().store, body)


@api.get(
    "/v1/candidacies",
    query=CandidacySearch,
    response=CandidacySearchPage,
    errors=(404,),
    summary="Candidacies with a published questionnaire: by office, party, sex, age, education, affirmative action",
    tag="ballots",
)
def search_candidacies(query: CandidacySearch) -> CandidacySearchPage:
    return deps().profiles.search(query)


@api.get(
    "/v1/processes/{process_id}/candidacy-statistics",
    response=CandidacyStatistics,
    errors=(404,),
    summary="Questionnaire coverage by contender (ballot order), distributions; identity groups above a threshold",
    tag="processes",
)
def candidacy_statistics(process_id: str) -> CandidacyStatistics:
    return deps().profiles.statistics(process_id)


# beyond the web: the printable ballot sheet (fpdf2/segno load only when a sheet is rendered) ----
app.api.binary_types.append("application/pdf")


@api.get(
    "/v1/ballots/{ballot_id}/sheet.pdf",
    response=BinaryBody,
    media_type="application/pdf",
    errors=(404,),
    summary="A one-page printable sheet of the ballot: contenders in ballot order, dates, a QR code to its page",
    tag="ballots",
)
def get_ballot_sheet(ballot_id: str) -> BinaryBody:
    return BinaryBody(content=sheet.ballot_sheet(deps().store, ballot_id, deps().clock(), deps().settings))


# beyond the web: the data saver, a section's ballots as plain HTML (served at /s/* by the web origin) --
@api.get(
    "/s/{section}",
    response=PlainText,
    media_type="text/html; charset=utf-8",
    errors=(404,),
    summary="A section's ballots as one small HTML page that needs no JavaScript (the data saver)",
    tag="lookup",
)
def get_section_page(section: str) -> PlainText:
    number = SectionPath.model_validate({"section": section}).section
    return PlainText(body=section_page(deps().store, number, deps().clock(), deps().settings))


# transparency log: proofs, signed tree heads, entries, receipts, open data ------------------
@api.get(
    "/v1/log/proofs/inclusion",
    query=InclusionQuery,
    response=InclusionProof,
    errors=(404,),
    summary="RFC 9162 inclusion proof of a leaf (index or leaf hash) in the tree of `tree_size` leaves",
    tag="transparency",
)
def log_inclusion_proof(query: InclusionQuery) -> InclusionProof:
    return deps().transparency.inclusion_proof(query.leaf, query.tree_size)


@api.get(
    "/v1/log/proofs/consistency",
    query=ConsistencyQuery,
    response=ConsistencyProof,
    errors=(404,),
    summary="RFC 9162 consistency proof between the trees of `first` and `second` leaves",
    tag="transparency",
)
def log_consistency_proof(query: ConsistencyQuery) -> ConsistencyProof:
    return deps().transparency.consistency_proof(query.first, query.second)


@api.get(
    "/v1/log/tree-heads/latest",
    response=TreeHead,
    errors=(404,),
    summary="The latest signed tree head: size, root hash, time, signature",
    tag="transparency",
)
def log_latest_tree_head() -> TreeHead:
    return deps().transparency.latest_tree_head()


@api.get(
    "/v1/log/tree-heads",
    query=TreeHeadsQuery,
    response=TreeHeadList,
    summary="Every signed tree head, oldest first",
    tag="transparency",
)
def log_tree_heads(query: TreeHeadsQuery) -> TreeHeadList:
    return deps().transparency.tree_heads(query.limit, query.cursor)


@api.get(
    "/v1/log/public-key",
    response=PublicKey,
    summary="The public key that verifies tree heads (ECDSA P-256, SHA-256)",
    tag="transparency",
)
def log_public_key() -> PublicKey:
    return deps().transparency.public_key()


@api.get(
    "/v1/log/entries",
    query=EntriesQuery,
    response=EntryPage,
    summary="Log entries in order from `start` (up to 100), each with its leaf hash",
    tag="transparency",
)
def log_entries(query: EntriesQuery) -> EntryPage:
    return deps().transparency.entries(query.start, query.limit)


@api.get(
    "/v1/log/receipts/{leaf_hash}",
    response=ReceiptStatus,
    errors=(404,),
    summary="A receipt's entry, index and inclusion proof against the latest signed tree head",
    tag="transparency",
)
def log_receipt(leaf_hash: str) -> ReceiptStatus:
    return deps().transparency.receipt(leaf_hash.lower())


@api.get(
    "/v1/open-data/{process_id}/log.json",
    response=ProcessLog,
    errors=(404,),
    summary="A process's public log entries with the signed tree head covering them and their proofs",
    tag="open-data",
)
def open_process_log(process_id: str) -> ProcessLog:
    return deps().transparency.process_log(process_id)


# the responsiveness board (issue 16) --------------------------------------------------------
@api.get(
    "/v1/processes/{process_id}/responsiveness",
    query=ResponsivenessQuery,
    response=ResponsivenessBoard,
    errors=(400, 404),
    summary="Who answered the proposals delivered to them, per contender in ballot order (process or ?ballot=)",
    tag="responsiveness",
)
def get_responsiveness(process_id: str, query: ResponsivenessQuery) -> ResponsivenessBoard:
    return deps().responsiveness.board(process_id, query)


@api.route(
    "POST",
    "/v1/proposals/{proposal_id}/acknowledgement",
    response=AcknowledgementView,
    roles=PARTY_EDITORS,
    errors=(403, 404, 409),
    summary="A party acknowledges receipt of a proposal (counted apart from answers on the board)",
    tag="responsiveness",
)
def acknowledge_proposal(proposal_id: str, principal: Principal) -> AcknowledgementView:
    return deps().responsiveness.acknowledge(principal, proposal_id)


@api.get(
    "/v1/open-data/{process_id}/responsiveness.json",
    response=OpenDataset,
    errors=(404,),
    summary="The responsiveness board of a process as open data, with the column dictionary",
    tag="open-data",
)
def open_responsiveness_json(process_id: str) -> OpenDataset:
    return deps().responsiveness.open_data(process_id)


@api.get(
    "/v1/open-data/{process_id}/responsiveness.csv",
    response=PlainText,
    media_type="text/csv; charset=utf-8",
    errors=(404,),
    summary="The responsiveness board of a process as CSV (as responsiveness.json)",
    tag="open-data",
)
def open_responsiveness_csv(process_id: str) -> PlainText:
    return PlainText(body=opendata.to_csv(deps().responsiveness.open_data(process_id)))


# the institute's "Administración" pages (issue 14): the election-day dashboard ----------------
@api.get(
    "/v1/admin/dashboard",
    query=admin_models.DashboardQuery,
    roles=ADMINS,
    response=admin_models.ElectionDayDashboard,
    summary="Election day: one day's proposals and emails (stream-derived counts), dead letters, runbooks",
    tag="admin",
)
def election_day_dashboard(
    query: admin_models.DashboardQuery, principal: Principal
) -> admin_models.ElectionDayDashboard:
    return deps().election_day.dashboard(query)


# staff and party pages (issue 14, second half): party accounts, civic page versions, audit
# export, "Mis candidaturas", the open-data catalogue ------------------------------------------
@api.get(
    "/v1/admin/party-users",
    query=PartyUserQuery,
    roles=ADMINS,
    response=PartyUserList,
    summary="The accounts the institute invited for a party, with their state",
    tag="admin",
)
def list_party_users(query: PartyUserQuery, principal: Principal) -> PartyUserList:
    return deps().admin.list_party_users(query.party)


@api.route(
    "POST",
    "/v1/admin/party-users/{user_id}",
    body=PartyUserChange,
    roles=ADMINS,
    response=PartyUserChanged,
    errors=(404, 409),
    summary="Disable a party account (no more log-ins, sessions end) or send it a new invitation; audited",
    tag="admin",
)
def change_party_user(user_id: str, body: PartyUserChange, principal: Principal) -> PartyUserChanged:
    return deps().admin.change_party_user(principal, user_id, body)


@api.route(
    "POST",
    "/v1/admin/content-preview",
    body=ContentPreviewInput,
    roles=ADMINS,
    response=ContentPreview,
    summary="Render Markdown as a published page would be rendered (nothing is saved)",
    tag="content",
)
def preview_content(body: ContentPreviewInput, principal: Principal) -> ContentPreview:
    return pages.preview(body)


@api.get(
    "/v1/admin/content/{slug}/versions/{version}",
    roles=ADMINS,
    response=AdminContentVersion,
    errors=(404,),
    summary="One version of a page, with its Markdown (to compare and restore)",
    tag="content",
)
def get_content_version(slug: str, version: str, principal: Principal) -> AdminContentVersion:
    return pages.get_version(civic(), slug, content_version_number(version))


@api.route(
    "POST",
    "/v1/admin/content/{slug}/versions/{version}/restore",
    body=RestoreInput,
    roles=ADMINS,
    response=AdminContentVersion,
    errors=(404, 409),
    summary="Publish an older version again, as the page's next version; audited",
    tag="content",
)
def restore_content(slug: str, version: str, body: RestoreInput, principal: Principal) -> AdminContentVersion:
    return pages.restore(
        civic(), deps().store, slug, content_version_number(version), body, principal, deps().clock(), deps().audit
    )


@api.get(
    "/v1/admin/audit.csv",
    query=AuditQuery,
    roles=ADMINS,
    response=PlainText,
    media_type="text/csv; charset=utf-8",
    summary="The audit entries the same filters list, as CSV (newest first, up to 1,000)",
    tag="admin",
)
def export_audit(query: AuditQuery, principal: Principal) -> PlainText:
    return PlainText(body=deps().audit.export_csv(query, deps().clock()))


@api.get(
    "/v1/party/candidacies",
    query=PartyCandidaciesQuery,
    roles=PARTY,
    response=PartyCandidaciesPage,
    errors=(404,),
    summary="Every candidacy of my party and its coalitions in a process, by ballot, with the profile's gaps",
    tag="party",
)
def list_party_candidacies(query: PartyCandidaciesQuery, principal: Principal) -> PartyCandidaciesPage:
    return deps().party_candidacies.page(principal, query)


@api.get(
    "/v1/open-data",
    response=opendata.OpenDataCatalogue,
    summary="Every process's open-data files, the columns of each dataset, licence and sources",
    tag="open-data",
)
def open_data_catalogue() -> opendata.OpenDataCatalogue:
    return opendata.catalogue(deps().store)


# the proposal lifecycle (issue 15): the author edits or withdraws a held proposal; citizens report --
@api.route(
    "PUT",
    "/v1/me/proposals/{proposal_id}",
    body=ProposalEdit,
    response=MyProposal,
    roles=CITIZENS,
    errors=(404, 409),
    summary="Edit my held proposal (re-screened: published if nothing holds it, else back in review)",
    tag="proposals",
)
def edit_my_proposal(proposal_id: str, body: ProposalEdit, principal: Principal) -> MyProposal:
    return deps().proposals.edit(principal, proposal_id, body)


@api.route(
    "POST",
    "/v1/me/proposals/{proposal_id}/withdrawal",
    response=MyProposal,
    roles=CITIZENS,
    errors=(404, 409),
    summary="Withdraw my held proposal (it is never published)",
    tag="proposals",
)
def withdraw_my_proposal(proposal_id: str, principal: Principal) -> MyProposal:
    return deps().proposals.withdraw(principal, proposal_id)


@api.route(
    "POST",
    "/v1/proposals/{proposal_id}/reports",
    body=ReportDraft,
    response=ReportReceived,
    roles=CITIZENS,
    status=201,
    errors=(404, 409),
    summary="Report a published proposal (once per citizen; hidden pending review after 3 reports)",
    tag="proposals",
)
def report_proposal(proposal_id: str, body: ReportDraft, principal: Principal) -> ReportReceived:
    return deps().proposals.report(principal, proposal_id, body)


# the candidate's identity consent through an emailed one-time link (issue 22) ----------------
@api.route(
    "POST",
    "/v1/party/candidacies/{candidacy_id}/identity-invitation",
    body=InvitationRequest,
    roles=PARTY,
    response=ConsentStatus,
    errors=(404, 409),
    summary="Email the candidate a one-time link to answer the identity questionnaire; campaigns only",
    tag="party",
)
def send_identity_invitation(candidacy_id: str, body: InvitationRequest, principal: Principal) -> ConsentStatus:
    return deps().consents.invite(principal, candidacy_id, body)


@api.get(
    "/v1/party/candidacies/{candidacy_id}/identity-consent",
    roles=PARTY,
    response=ConsentStatusView,
    errors=(404,),
    summary="Whether and when the candidate consented through the link (never the answers' link)",
    tag="party",
)
def get_identity_consent(candidacy_id: str, principal: Principal) -> ConsentStatusView:
    return ConsentStatusView(consent=deps().consents.status(principal, candidacy_id))


@api.route(
    "POST",
    "/v1/identity-consent/open",
    body=TokenBody,
    response=ConsentPage,
    errors=(403, 404),
    summary="The identity questionnaire the link's candidate may answer, and what was recorded",
    tag="party",
)
def open_identity_consent(body: TokenBody) -> ConsentPage:
    return deps().consents.open(body)


@api.route(
    "POST",
    "/v1/identity-consent",
    body=ConsentSubmission,
    response=ConsentPage,
    errors=(403, 404, 409),
    summary="The candidate answers and consents item by item (once per link, before it expires)",
    tag="party",
)
def record_identity_consent(body: ConsentSubmission) -> ConsentPage:
    return deps().consents.consent(body)


@api.route(
    "POST",
    "/v1/identity-consent/withdraw",
    body=TokenBody,
    response=ConsentPage,
    errors=(403, 404, 409),
    summary="The candidate withdraws consent: the answers leave the profile and the statistics at once",
    tag="party",
)
def withdraw_identity_consent(body: TokenBody) -> ConsentPage:
    return deps().consents.withdraw(body)


@app.route("/v1/openapi.json", methods=["GET"], cors=True)
def openapi() -> Response:
    return Response(body=openapi_document(), headers={"Cache-Control": "public, max-age=300"})


def openapi_document() -> dict[str, Any]:
    return build_openapi(api.operations, title="DecideIEEM API", version="1.0.0")


# after the election (issue 16): results ------------------------------------------------------
@api.route(
    "POST",
    "/v1/admin/processes/{process_id}/results",
    body=ResultsUpload,
    roles=ADMINS,
    response=ResultReport,
    errors=(404, 409),
    summary="Import the votes per contender per ballot (a text/csv body, or JSON {csv}); returns the per-row report",
    csv_field="csv",
    max_body_bytes=RESULTS_MAX_BYTES,
    tag="admin",
)
def import_process_results(process_id: str, body: ResultsUpload, principal: Principal) -> ResultReport:
    return deps().results.import_results(principal, process_id, body)


@api.get(
    "/v1/open-data/{process_id}/results.json",
    response=OpenDataset,
    errors=(404,),
    summary="Votes per contender per ballot of a process (from the results phase on), with the column dictionary",
    tag="open-data",
)
def open_results_json(process_id: str) -> OpenDataset:
    return results_opendata.results(deps().store, process_id, deps().clock())


@api.get(
    "/v1/open-data/{process_id}/results.csv",
    response=PlainText,
    media_type="text/csv; charset=utf-8",
    errors=(404,),
    summary="Votes per contender per ballot as CSV (as results.json; formula-leading cells get an apostrophe)",
    tag="open-data",
)
def open_results_csv(process_id: str) -> PlainText:
    return PlainText(body=opendata.to_csv(results_opendata.results(deps().store, process_id, deps().clock())))


# after the election (issue 16): commitments followed through the term --------------------------
@api.get(
    "/v1/ballots/{ballot_id}/commitments",
    response=FollowUpList,
    errors=(404,),
    summary="The winner's commitments on this council, their statuses and the published method (¿Cumplieron?)",
    tag="commitments",
)
def ballot_commitments(ballot_id: str) -> FollowUpList:
    return deps().commitments.of_ballot(ballot_id)


@api.get(
    "/v1/commitments/{commitment_id}",
    response=FollowUpView,
    errors=(404,),
    summary="One commitment with its published progress updates and agree/disagree counts",
    tag="commitments",
)
def get_commitment(commitment_id: str) -> FollowUpView:
    return deps().commitments.get(commitment_id)


@api.route(
    "POST",
    "/v1/party/commitments/{commitment_id}/updates",
    body=ProgressInput,
    response=FollowUpView,
    roles=PARTY_EDITORS,
    errors=(403, 404),
    summary="The office-holder's party reports progress (an https evidence link for cumplido / cumplido en parte)",
    tag="commitments",
)
def post_commitment_update(commitment_id: str, body: ProgressInput, principal: Principal) -> FollowUpView:
    return deps().commitments.post_update(principal, commitment_id, body)


@api.get(
    "/v1/moderation/commitment-updates",
    response=CommitmentReviewQueue,
    roles=MODERATORS,
    summary="Progress updates held for review (notes and evidence links), oldest first",
    tag="moderation",
)
def commitment_review_queue(principal: Principal) -> CommitmentReviewQueue:
    return CommitmentReviewQueue(updates=deps().commitments.review_queue())


@api.route(
    "POST",
    "/v1/moderation/commitments/{commitment_id}/updates/{update_id}",
    body=UpdateDecision,
    response=FollowUpView,
    roles=MODERATORS,
    errors=(404, 409),
    summary="Publish or reject a held progress update (the institute moderates, it never rates)",
    tag="moderation",
)
def moderate_commitment_update(
    commitment_id: str, update_id: str, body: UpdateDecision, principal: Principal
) -> FollowUpView:
    return deps().commitments.decide_update(principal, commitment_id, update_id, body)


@api.route(
    "PUT",
    "/v1/commitments/{commitment_id}/verdict",
    body=VerdictInput,
    response=VerdictCounts,
    roles=CITIZENS,
    errors=(404, 409),
    summary="Say once whether you agree with the reported status (a second time is 409)",
    tag="commitments",
)
def commitment_verdict(commitment_id: str, body: VerdictInput, principal: Principal) -> VerdictCounts:
    return deps().commitments.say(principal, commitment_id, body)


@api.get(
    "/v1/open-data/{process_id}/commitments.json",
    response=OpenDataset,
    errors=(404,),
    summary="Every commitment followed in a process, with its status and agree/disagree counts",
    tag="open-data",
)
def open_commitments_json(process_id: str) -> OpenDataset:
    return commitments_opendata.items(deps().store, process_id)


@api.get(
    "/v1/open-data/{process_id}/commitments.csv",
    response=PlainText,
    media_type="text/csv; charset=utf-8",
    errors=(404,),
    summary="Every commitment followed in a process as CSV (as commitments.json)",
    tag="open-data",
)
def open_commitments_csv(process_id: str) -> PlainText:
    return PlainText(body=opendata.to_csv(commitments_opendata.items(deps().store, process_id)))


@api.get(
    "/v1/open-data/{process_id}/commitment-updates.json",
    response=OpenDataset,
    errors=(404,),
    summary="Every published progress update of a process's commitments (note, evidence link, dates)",
    tag="open-data",
)
def open_commitment_updates_json(process_id: str) -> OpenDataset:
    return commitments_opendata.updates(deps().store, process_id)


@api.get(
    "/v1/open-data/{process_id}/commitment-updates.csv",
    response=PlainText,
    media_type="text/csv; charset=utf-8",
    errors=(404,),
    summary="Every published progress update as CSV (as commitment-updates.json)",
    tag="open-data",
)
def open_commitment_updates_csv(process_id: str) -> PlainText:
    return PlainText(body=opendata.to_csv(commitments_opendata.updates(deps().store, process_id)))


# staff two factors and personal data, second round (issue 13) ------------------------------
@api.route(
    "POST",
    "/v1/me/mfa/setup",
    body=MfaSetupRequest,
    response=MfaSetup,
    roles=frozenset(),  # staff and party editors (checked by the desk): not behind TOTP itself
    errors=(409,),
    summary="Start TOTP enrolment (staff and party editors): a new key for an authenticator app",
    tag="accounts",
)
def start_mfa_setup(body: MfaSetupRequest, principal: Principal) -> MfaSetup:
    return deps().second_factor.start(principal, body)


@api.route(
    "POST",
    "/v1/me/mfa/verify",
    body=MfaVerifyRequest,
    response=MfaStatus,
    roles=frozenset(),
    summary="Finish TOTP enrolment with the app's first code; every session ends",
    tag="accounts",
)
def verify_mfa_setup(body: MfaVerifyRequest, principal: Principal) -> MfaStatus:
    return deps().second_factor.confirm(principal, body)


@api.route(
    "POST",
    "/v1/admin/mfa-resets",
    body=MfaResetRequest,
    response=MfaResetResult,
    roles=frozenset({Role.IEEM_ADMIN}),
    errors=(404,),
    summary="Reset a lost second factor (TOTP) of an account by its email (audited; the owner is told)",
    tag="admin",
)
def reset_mfa(body: MfaResetRequest, principal: Principal) -> MfaResetResult:
    return deps().second_factor.reset(principal, body)


# events: the stream relay, the queue consumers and the daily digest --------------------------
EVENT_SOURCES = EventSources.from_environ(os.environ)
# Tree heads are signed every LOG_SIGNING_MINUTES when the log grew, and at each phase boundary.
LOG_SIGNING_MINUTES = 10


@app.on_dynamodb_record(stream_arn=EVENT_SOURCES.table_stream_arn, batch_size=100, name="relay_table_changes")
def relay_table_changes(event: DynamoDBEvent) -> dict[str, Any]:
    return relay_stream_batch(event.to_dict(), deps().publisher, deps().tallies)


@app.on_sqs_message(queue=EVENT_SOURCES.party_queue, batch_size=10, name="notify_parties")
def notify_parties(event: SQSEvent) -> dict[str, Any]:
    return consume_queue_batch(event.to_dict(), deps().notifier.handle_party_event, deps().deferral)


@app.on_sqs_message(queue=EVENT_SOURCES.citizen_queue, batch_size=10, name="notify_citizens")
def notify_citizens(event: SQSEvent) -> dict[str, Any]:
    return consume_queue_batch(event.to_dict(), deps().notifier.handle_citizen_event, deps().deferral)


@app.on_sns_message(topic=EVENT_SOURCES.email_feedback_topic, name="record_email_feedback")
def record_email_feedback(event: SNSEvent) -> list[str]:
    message_id = event.to_dict()["Records"][0]["Sns"].get("MessageId", "")
    return record_feedback(deps().notifier, message_id, event.message)


@app.on_dynamodb_record(stream_arn=EVENT_SOURCES.table_stream_arn, batch_size=100, name="append_to_log")
def append_to_log(event: DynamoDBEvent) -> dict[str, Any]:
    return append_stream_batch(event.to_dict(), deps().transparency)


@app.schedule(Rate(LOG_SIGNING_MINUTES, unit=Rate.MINUTES), name="sign_tree_head")
def sign_tree_head(event: CloudWatchEvent) -> dict[str, Any]:
    head = deps().transparency.sign_tree_head()
    return {"signed": head is not None, "tree_size": head.tree_size if head else None}


@app.schedule(Cron(0, 14, "*", "*", "?", "*"), name="send_digests")  # 08:00 in Mexico City
def send_digests(event: CloudWatchEvent) -> dict[str, int]:
    context = getattr(event, "context", None)
    time_left = (lambda: context.get_remaining_time_in_millis() / 1000) if context is not None else None
    report = deps().notifier.send_digests(time_left)
    return {
        "sent": report.sent,
        "skipped_frozen": report.skipped_frozen,
        "emptied": report.emptied,
        "released": report.released,  # messages held in the veda, sent once polls closed
        "unfinished": report.unfinished,  # resumed by the next run (time ran out)
    }


# accounts: retention of personal data (issue 13) --------------------------------------------
@app.schedule(Cron(30, 9, "*", "*", "?", "*"), name="remove_stale_signups")  # 03:30 in Mexico City
def remove_stale_signups(event: CloudWatchEvent) -> dict[str, int]:
    return {"removed": deps().accounts.remove_stale_signups()}


# after the election (issue 16): commitments past their due date turn "vencido" -------------------
@app.schedule(Cron(15, 7, "*", "*", "?", "*"), name="mark_overdue_commitments")  # 01:15 in Mexico City
def mark_overdue_commitments(event: CloudWatchEvent) -> dict[str, int]:
    return {"marked": deps().commitments.mark_overdue().marked}


# beyond the web: the SMS lookup (AWS End User Messaging two-way SMS → SNS → this handler) -------
@app.on_sns_message(topic=EVENT_SOURCES.sms_inbound_topic, name="answer_sms")
def answer_sms(event: SNSEvent) -> dict[str, Any]:
    outcome = deps().sms.answer(InboundSms.from_sns(event.message))
    if metrics.metric_set:
        metrics.flush_metrics()
    return {"intent": outcome.intent, "replied": outcome.replied, "refused": outcome.refused}


# open data: the proposals export, built off the request path (issue 11) -----------------------
@app.schedule(Rate(10, unit=Rate.MINUTES), name="publish_open_data")
def publish_open_data(event: CloudWatchEvent) -> dict[str, int]:
    return deps().open_data.publish_all()
