"""DecideIEEM HTTP API: thin routes. Each validates, makes one service call, returns a model."""

from __future__ import annotations

import os
from typing import Any

from chalice.app import Chalice, CloudWatchEvent, Cron, DynamoDBEvent, Response, SNSEvent, SQSEvent

from chalicelib import dependencies
from chalicelib.accounts.models import (
    ConfirmRequest,
    ConfirmResult,
    LoginRequest,
    LoginResult,
    Me,
    RefreshRequest,
    RefreshResult,
    ResendCodeRequest,
    ResendCodeResult,
    SignupRequest,
    SignupResult,
)
from chalicelib.accounts.service import AccountService
from chalicelib.admin.models import (
    REGISTRY_MAX_BYTES,
    CandidacyStatusInput,
    ContenderInput,
    PartyUserCreated,
    PartyUserInput,
    ProcessCreate,
    ProcessInput,
    RegistryUpload,
    StatusChange,
)
from chalicelib.api.openapi import build_openapi
from chalicelib.api.routing import HttpApi, PlainText
from chalicelib.audit.log import AuditPage, AuditQuery
from chalicelib.auth.principal import Principal, Role
from chalicelib.content import pages
from chalicelib.content.models import (
    AdminContentVersion,
    ContentHistory,
    ContentIndex,
    ContentInput,
    ContentPage,
)
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
from chalicelib.geography.public import DistrictQuery
from chalicelib.milestones.calendar import CalendarView, calendar_view, ics_feed
from chalicelib.notifications.delivery import consume_queue_batch
from chalicelib.notifications.feedback import record_feedback
from chalicelib.opendata import export as opendata
from chalicelib.opendata.export import OpenDataset
from chalicelib.party.portal import InboxPage, InboxQuery, SettingsInput, SettingsQuery, SettingsView
from chalicelib.platforms import service as platforms
from chalicelib.platforms.models import PartyPlatformInput, PlatformInput, PlatformList, PlatformQuery, PlatformView
from chalicelib.profiles.models import (
    PartyProfileView,
    PhotoUpload,
    PhotoUploadRequest,
    ProfileHistory,
    ProfileInput,
)
from chalicelib.proposals.models import ModerationDraft, PartyResponse, ProposalDraft, ResponseDraft
from chalicelib.proposals.service import CITIZENS, MODERATORS, PARTY_EDITORS, PageQuery, ProposalQuery
from chalicelib.proposals.views import (
    MyProposal,
    MyProposals,
    ProposalFeed,
    ProposalPage,
    ReviewQueue,
    SubmittedProposal,
    SupportState,
)
from chalicelib.registry.importer import RegistryReport
from chalicelib.settings import EventSources
from chalicelib.storage.civic_store import CivicStore

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
    return lookup(deps().store, query, deps().clock())


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
def signup(body: SignupRequest) -> SignupResult:
    return deps().accounts.signup(body)


@api.route(
    "POST",
    "/v1/auth/confirm",
    body=ConfirmRequest,
    response=ConfirmResult,
    errors=(409, 429),
    summary="Confirm an account with the emailed code (5 attempts per code)",
    tag="accounts",
)
def confirm_account(body: ConfirmRequest) -> ConfirmResult:
    return deps().accounts.confirm(body)


@api.route(
    "POST",
    "/v1/auth/resend-code",
    body=ResendCodeRequest,
    response=ResendCodeResult,
    errors=(429,),
    summary="Email a new confirmation code (at most one a minute)",
    tag="accounts",
)
def resend_code(body: ResendCodeRequest) -> ResendCodeResult:
    return deps().accounts.resend_code(body)


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
    return deps().proposals.submit(principal, body, idempotency_key)


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
    query=PageQuery,
    response=ReviewQueue,
    roles=MODERATORS,
    summary="Proposals held for review, oldest first",
    tag="moderation",
)
def moderation_queue(query: PageQuery, principal: Principal) -> ReviewQueue:
    return deps().proposals.review_queue(query)


@api.route(
    "POST",
    "/v1/moderation/proposals/{proposal_id}",
    body=ModerationDraft,
    response=MyProposal,
    roles=MODERATORS,
    errors=(404, 409),
    summary="Publish or reject a held proposal, with a reason",
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
    return pages.save_page(civic(), deps().store, slug, body, pages.author_of(principal), deps().clock())


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
    return platforms.list_platforms(civic(), deps().store, process_id, query.topic)


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
        civic(), deps().store, principal, process_id, body, deps().clock(), deps().settings.tz
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
        civic(), deps().store, principal, process_id, contender_id, body, deps().clock(), deps().settings.tz
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
    roles=PARTY,
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
    roles=PARTY,
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
    response=OpenDataset,
    errors=(404,),
    summary="Published proposals of a process (no author data), with the column dictionary",
    tag="open-data",
)
def open_proposals_json(process_id: str) -> OpenDataset:
    return opendata.proposals(deps().store, process_id)


@api.get(
    "/v1/open-data/{process_id}/proposals.csv",
    response=PlainText,
    media_type="text/csv; charset=utf-8",
    errors=(404,),
    summary="Published proposals of a process as CSV (as proposals.json; formula-leading cells get an apostrophe)",
    tag="open-data",
)
def open_proposals_csv(process_id: str) -> PlainText:
    return PlainText(body=opendata.to_csv(opendata.proposals(deps().store, process_id)))


@app.route("/v1/openapi.json", methods=["GET"], cors=True)
def openapi() -> Response:
    return Response(body=openapi_document(), headers={"Cache-Control": "public, max-age=300"})


def openapi_document() -> dict[str, Any]:
    return build_openapi(api.operations, title="DecideIEEM API", version="1.0.0")


# events: the stream relay, the queue consumers and the daily digest --------------------------
EVENT_SOURCES = EventSources.from_environ(os.environ)


@app.on_dynamodb_record(stream_arn=EVENT_SOURCES.table_stream_arn, batch_size=100, name="relay_table_changes")
def relay_table_changes(event: DynamoDBEvent) -> dict[str, Any]:
    return relay_stream_batch(event.to_dict(), deps().publisher)


@app.on_sqs_message(queue=EVENT_SOURCES.party_queue, batch_size=10, name="notify_parties")
def notify_parties(event: SQSEvent) -> dict[str, Any]:
    return consume_queue_batch(event.to_dict(), deps().notifier.handle_party_event)


@app.on_sqs_message(queue=EVENT_SOURCES.citizen_queue, batch_size=10, name="notify_citizens")
def notify_citizens(event: SQSEvent) -> dict[str, Any]:
    return consume_queue_batch(event.to_dict(), deps().notifier.handle_citizen_event)


@app.on_sns_message(topic=EVENT_SOURCES.email_feedback_topic, name="record_email_feedback")
def record_email_feedback(event: SNSEvent) -> list[str]:
    message_id = event.to_dict()["Records"][0]["Sns"].get("MessageId", "")
    return record_feedback(deps().notifier, message_id, event.message)


@app.schedule(Cron(0, 14, "*", "*", "?", "*"), name="send_digests")  # 08:00 in Mexico City
def send_digests(event: CloudWatchEvent) -> dict[str, int]:
    report = deps().notifier.send_digests()
    return {"sent": report.sent, "skipped_frozen": report.skipped_frozen, "emptied": report.emptied}
