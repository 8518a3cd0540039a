"""DecideIEEM HTTP API: thin routes. Each validates, makes one service call, returns a model."""

from __future__ import annotations

import os
from typing import Any

from chalice.app import Chalice, CloudWatchEvent, Cron, DynamoDBEvent, Rate, Response, SNSEvent, SQSEvent

from chalicelib import dependencies
from chalicelib.api.lazy import lazy_imports
from chalicelib.api.routing import BinaryBody, HttpApi, PlainText, Redirect
from chalicelib.auth.principal import ADMINS, CITIZENS, MODERATORS, PARTY_EDITORS, REVIEWERS, SIGNED_IN, Principal
from chalicelib.limits import REGISTRY_MAX_BYTES, RESULTS_MAX_BYTES, SECTION_MAP_MAX_BYTES
from chalicelib.observability import flushes_metrics
from chalicelib.settings import EventSources

with lazy_imports():  # each module runs when a route first uses it (issue 11's cold start)
    from chalicelib.accounts import arco_models
    from chalicelib.accounts import models as accounts_models
    from chalicelib.admin import models as admin_models
    from chalicelib.advice import models as advice_models
    from chalicelib.api import openapi as api_openapi
    from chalicelib.audit import log as audit_log
    from chalicelib.commitments import models as commitments_models
    from chalicelib.content import models as content_models
    from chalicelib.elections import lookup as elections_lookup
    from chalicelib.elections import models as elections_models
    from chalicelib.elections import public
    from chalicelib.elections import views as elections_views
    from chalicelib.events import lambda_inputs
    from chalicelib.geography import public as geography
    from chalicelib.geography import section_maps
    from chalicelib.milestones import calendar as milestones_calendar
    from chalicelib.notifications import feedback as notifications_feedback
    from chalicelib.notifications import models as notifications_models
    from chalicelib.notifications import unsubscribe as notifications_unsubscribe
    from chalicelib.opendata import export as opendata
    from chalicelib.party import address_confirmation as party_address_confirmation
    from chalicelib.party import candidacies as party_candidacies
    from chalicelib.party import portal as party_portal
    from chalicelib.platforms import models as platforms_models
    from chalicelib.profiles import consent as profiles_consent
    from chalicelib.profiles import models as profiles_models
    from chalicelib.profiles import search as profiles_search
    from chalicelib.profiles import workflow as profiles_workflow
    from chalicelib.proposals import models as proposals_models
    from chalicelib.proposals import service as proposals_service
    from chalicelib.proposals import views as proposals_views
    from chalicelib.registry import importer as registry_importer
    from chalicelib.responsiveness import models as responsiveness_models
    from chalicelib.results import models as results_models
    from chalicelib.sms import desk as sms_desk
    from chalicelib.storage import log_store as storage_log_store
    from chalicelib.transparency import views as transparency_views

app = Chalice(app_name="decide-ieem")
api = HttpApi(
    app,
    cache_seconds=lambda: dependencies.current().settings.public_cache_seconds,
    authenticate=lambda authorization: dependencies.current().principal(authorization),
)
deps = dependencies.current

# route groups: each route's tag (and common errors and roles) declared once per group
processes_routes = api.group(tag="processes")
lookup_routes = api.group(tag="lookup", errors=(404,))
ballots_routes = api.group(tag="ballots", errors=(404,))
geography_routes = api.group(tag="geography")
accounts_routes = api.group(tag="accounts")
proposals_routes = api.group(tag="proposals")
moderation_routes = api.group(tag="moderation", roles=MODERATORS)
content_routes = api.group(tag="content")
platforms_routes = api.group(tag="platforms", errors=(404,))
party_routes = api.group(tag="party")
admin_routes = api.group(tag="admin", roles=ADMINS)
open_data_routes = api.group(tag="open-data")
advice_routes = api.group(tag="advice")
review_routes = api.group(tag="review", errors=(404,), roles=REVIEWERS)
transparency_routes = api.group(tag="transparency")
responsiveness_routes = api.group(tag="responsiveness", errors=(404,))
commitments_routes = api.group(tag="commitments", errors=(404,))


@processes_routes.get("/v1/processes", summary="Electoral processes with their phase")
def list_processes() -> elections_views.ProcessList:
    return deps().public_elections.processes()


@processes_routes.get(
    "/v1/processes/{process_id}",
    errors=(404,),
    summary="One process, its phase and when the phase ends",
)
def get_process(process_id: str) -> elections_views.ProcessView:
    return deps().public_elections.process(process_id)


@lookup_routes.get(
    "/v1/lookup",
    metric="Lookups",
    summary="Who is running where I vote: ballots by section, municipality or district",
)
def lookup_ballots(query: elections_lookup.LookupQuery) -> elections_views.LookupResult:
    return deps().public_elections.lookup(query)


@ballots_routes.get(
    "/v1/ballots/{ballot_id}",
    summary="One ballot with its candidacies in ballot order",
)
def get_ballot(ballot_id: str) -> elections_views.BallotView:
    return deps().public_elections.ballot(ballot_id)


@ballots_routes.get(
    "/v1/candidacies/{candidacy_id}",
    summary="One candidacy with its contender and process",
)
def get_candidacy(candidacy_id: str) -> elections_views.CandidacyView:
    return deps().public_elections.candidacy(candidacy_id)


@ballots_routes.get(
    "/v1/parties",
    summary="Parties, coalitions and independent candidacies of a process",
)
def list_parties(query: public.ContenderQuery) -> elections_views.ContenderList:
    return deps().public_elections.contenders(query)


@geography_routes.get("/v1/municipalities", summary="The 125 municipalities")
def list_municipalities() -> elections_views.MunicipalityList:
    return deps().geography.municipalities()


@geography_routes.get(
    "/v1/districts",
    errors=(404,),
    summary="Local districts of a section map, with their municipalities",
)
def list_districts(query: geography.DistrictQuery) -> elections_views.DistrictList:
    return deps().geography.districts(query)


# accounts -----------------------------------------------------------------------------------
@accounts_routes.route(
    "POST",
    "/v1/auth/signup",
    status=201,
    errors=(409, 429),
    metric="Signups",
    summary="Create a citizen account; a 6-digit code is emailed to confirm it",
)
def signup(body: accounts_models.SignupRequest, client: str) -> accounts_models.SignupResult:
    return deps().accounts.signup(body, client)


@accounts_routes.route(
    "POST",
    "/v1/auth/confirm",
    errors=(409, 429),
    summary="Confirm an account with the emailed code (the same answer for every address)",
)
def confirm_account(body: accounts_models.ConfirmRequest, client: str) -> accounts_models.ConfirmResult:
    return deps().accounts.confirm(body, client)


@accounts_routes.route(
    "POST",
    "/v1/auth/resend-code",
    errors=(429,),
    summary="Email a new confirmation code (at most one a minute)",
)
def resend_code(body: accounts_models.ResendCodeRequest, client: str) -> accounts_models.ResendCodeResult:
    return deps().accounts.resend_code(body, client)


@accounts_routes.route(
    "POST",
    "/v1/auth/login",
    errors=(401, 403, 429),
    summary="Log in; send the ID token as `Authorization: Bearer`",
)
def login(body: accounts_models.LoginRequest) -> accounts_models.LoginResult:
    return deps().accounts.login(body)


@accounts_routes.route(
    "POST",
    "/v1/auth/refresh",
    errors=(401, 429),
    summary="A new ID token from the refresh token",
)
def refresh_session(body: accounts_models.RefreshRequest) -> accounts_models.RefreshResult:
    return deps().accounts.refresh(body)


@accounts_routes.get("/v1/me", roles=SIGNED_IN, summary="Who I am: my id, email, roles and party")
def who_am_i(principal: Principal) -> accounts_models.Me:
    return deps().accounts.me(principal)


# proposals ----------------------------------------------------------------------------------
@proposals_routes.route(
    "POST",
    "/v1/proposals",
    roles=CITIZENS,
    status=201,
    idempotent=True,
    errors=(409, 422, 429),
    metric="ProposalsSubmitted",
    summary="Send a proposal to the contenders of a ballot",
)
def submit_proposal(
    body: proposals_models.ProposalDraft, principal: Principal, idempotency_key: str | None
) -> proposals_views.SubmittedProposal:
    return deps().proposals.submit(principal, body, idempotency_key, app.lambda_context)


@proposals_routes.get(
    "/v1/proposals",
    summary="Published proposals, newest first",
)
def list_proposals(query: proposals_service.ProposalQuery) -> proposals_views.ProposalFeed:
    return deps().proposals.feed(query)


@proposals_routes.get(
    "/v1/proposals/{proposal_id}",
    errors=(404,),
    summary="A published proposal with every party's answer",
)
def get_proposal(proposal_id: str) -> proposals_views.ProposalPage:
    return deps().proposals.page(proposal_id)


@proposals_routes.get(
    "/v1/me/proposals",
    roles=CITIZENS,
    summary="My proposals in every state",
)
def my_proposals(query: proposals_service.PageQuery, principal: Principal) -> proposals_views.MyProposals:
    return deps().proposals.mine(principal, query)


@proposals_routes.route(
    "PUT",
    "/v1/proposals/{proposal_id}/support",
    roles=CITIZENS,
    errors=(404, 409),
    summary="Support a proposal (once per citizen)",
)
def support_proposal(proposal_id: str, principal: Principal) -> proposals_views.SupportState:
    return deps().proposals.support(principal, proposal_id, supported=True)


@proposals_routes.route(
    "DELETE",
    "/v1/proposals/{proposal_id}/support",
    roles=CITIZENS,
    errors=(404, 409),
    summary="Withdraw a support",
)
def withdraw_support(proposal_id: str, principal: Principal) -> proposals_views.SupportState:
    return deps().proposals.support(principal, proposal_id, supported=False)


@proposals_routes.route(
    "POST",
    "/v1/proposals/{proposal_id}/responses",
    roles=PARTY_EDITORS,
    errors=(404, 409),
    metric="ResponsesPublished",
    summary="A party's public answer (commit, decline or comment); editable until the veda",
)
def respond_to_proposal(
    proposal_id: str, body: proposals_models.ResponseDraft, principal: Principal
) -> proposals_models.PartyResponse:
    return deps().proposals.respond(principal, proposal_id, body)


@moderation_routes.get(
    "/v1/moderation/queue",
    summary="Proposals held for review or hidden after reports, oldest first; ?reason= and ?process= narrow it; "
    "with the queue's counts per reason and per process",
)
def moderation_queue(query: proposals_service.QueueQuery) -> proposals_views.ReviewQueue:
    return deps().proposals.review_queue(query)


@moderation_routes.route(
    "POST",
    "/v1/moderation/proposals/{proposal_id}",
    errors=(404, 409),
    summary="Publish, reject, redact (and publish) or ask the author for a change, with a reason",
)
def moderate_proposal(
    proposal_id: str, body: proposals_models.ModerationDraft, principal: Principal
) -> proposals_views.MyProposal:
    return deps().proposals.moderate(principal, proposal_id, body)


# civic information: content pages, the calendar, party platforms --------------------------
@content_routes.get(
    "/v1/content/{slug}",
    errors=(404,),
    summary="A published information page, rendered to safe HTML",
)
def get_content(slug: str) -> content_models.ContentPage:
    return deps().civic_pages.page(slug)


@content_routes.get(
    "/v1/processes/{process_id}/content",
    errors=(404,),
    summary="The published pages of a process, then the pages shared by every process",
)
def list_content(process_id: str) -> content_models.ContentIndex:
    return deps().civic_pages.index(process_id)


@content_routes.route(
    "PUT",
    "/v1/admin/content/{slug}",
    roles=ADMINS,
    errors=(404, 409),
    summary="Save a new version of a page (draft or published); older versions are kept",
)
def save_content(
    slug: str, body: content_models.ContentInput, principal: Principal
) -> content_models.AdminContentVersion:
    return deps().civic_pages.save(principal, slug, body)


@content_routes.get(
    "/v1/admin/content/{slug}",
    roles=ADMINS,
    errors=(404,),
    summary="The latest version of a page, draft or published",
)
def get_content_draft(slug: str) -> content_models.AdminContentVersion:
    return deps().civic_pages.latest(slug)


@content_routes.get(
    "/v1/admin/content/{slug}/versions",
    roles=ADMINS,
    errors=(404,),
    summary="Every version of a page: who saved it, when, status and note",
)
def get_content_history(slug: str) -> content_models.ContentHistory:
    return deps().civic_pages.history(slug)


@processes_routes.get(
    "/v1/processes/{process_id}/calendar",
    errors=(404,),
    summary="The process calendar: every milestone, the current phase flagged, and the sources",
)
def get_calendar(process_id: str) -> milestones_calendar.CalendarView:
    return deps().calendar.view(process_id)


@processes_routes.get(
    "/v1/processes/{process_id}/calendar.ics",
    media_type="text/calendar; charset=utf-8",
    errors=(404,),
    summary="The process calendar as an iCalendar (RFC 5545) feed to subscribe to",
)
def get_calendar_feed(process_id: str) -> PlainText:
    return PlainText(body=deps().calendar.feed(process_id))


@platforms_routes.get(
    "/v1/processes/{process_id}/platforms",
    summary="Party and coalition platforms side by side, optionally on one topic",
)
def list_platforms(process_id: str, query: platforms_models.PlatformQuery) -> platforms_models.PlatformList:
    return deps().platforms.side_by_side(process_id, query)


@platforms_routes.route(
    "PUT",
    "/v1/party/platforms/{process_id}",
    roles=PARTY_EDITORS,
    errors=(409,),
    summary="A party editor loads its party's (or coalition's) platform; campaigns only",
)
def save_party_platform(
    process_id: str, body: platforms_models.PartyPlatformInput, principal: Principal
) -> platforms_models.PlatformView:
    return deps().platforms.save_for_party(principal, process_id, body)


@platforms_routes.route(
    "PUT",
    "/v1/admin/processes/{process_id}/platforms/{contender_id}",
    roles=ADMINS,
    errors=(409,),
    summary="The institute loads a contender's platform; not during the veda or election day",
)
def save_institute_platform(
    process_id: str, contender_id: str, body: platforms_models.PlatformInput, principal: Principal
) -> platforms_models.PlatformView:
    return deps().platforms.save_for_contender(principal, process_id, contender_id, body)


# party portal: profiles, photos, inbox, settings -------------------------------------------
@party_routes.get(
    "/v1/party/candidacies/{candidacy_id}/profile",
    roles=PARTY_EDITORS,
    errors=(404,),
    summary="My candidacy's profile, with the identity consent record",
)
def get_party_profile(candidacy_id: str, principal: Principal) -> profiles_models.PartyProfileView:
    return deps().profiles.get_for_party(principal, candidacy_id)


@party_routes.route(
    "PUT",
    "/v1/party/candidacies/{candidacy_id}/profile",
    roles=PARTY_EDITORS,
    errors=(404, 409),
    summary="Save a new version of my candidacy's profile; campaigns only",
)
def save_party_profile(
    candidacy_id: str, body: profiles_models.ProfileInput, principal: Principal
) -> profiles_models.PartyProfileView:
    return deps().profiles.save(principal, candidacy_id, body)


@party_routes.route(
    "POST",
    "/v1/party/candidacies/{candidacy_id}/photo-upload",
    roles=PARTY_EDITORS,
    errors=(404, 409),
    summary="A presigned S3 POST for the candidacy's photo (JPEG, PNG or WebP; up to 2 MB)",
)
def photo_upload(
    candidacy_id: str, body: profiles_models.PhotoUploadRequest, principal: Principal
) -> profiles_models.PhotoUpload:
    return deps().profiles.photo_upload(principal, candidacy_id, body)


@ballots_routes.get(
    "/v1/candidacies/{candidacy_id}/history",
    summary="Every change of a candidacy's profile: when, by which contender, which fields",
)
def get_candidacy_history(candidacy_id: str, query: proposals_service.PageQuery) -> profiles_models.ProfileHistory:
    return deps().profiles.history(candidacy_id, query.limit, query.cursor)


@party_routes.get(
    "/v1/party/inbox",
    roles=PARTY_EDITORS,
    errors=(404,),
    summary="Proposals addressed to my party (or coalition), newest first, with counts per status",
)
def party_inbox(query: party_portal.InboxQuery, principal: Principal) -> party_portal.InboxPage:
    return deps().party_portal.inbox(principal, query)


@party_routes.get(
    "/v1/party/settings",
    roles=PARTY_EDITORS | ADMINS,  # the institute keeps coalitions' addresses
    errors=(404,),
    summary="My party's notification addresses and mode in a process",
)
def get_party_settings(query: party_portal.SettingsQuery, principal: Principal) -> party_portal.SettingsView:
    return deps().party_portal.settings(principal, query)


@party_routes.route(
    "PUT",
    "/v1/party/settings",
    roles=PARTY_EDITORS | ADMINS,  # the institute keeps coalitions' addresses
    errors=(404,),
    summary="Set up to 5 notification addresses and immediate or daily-digest mode",
)
def save_party_settings(body: party_portal.SettingsInput, principal: Principal) -> party_portal.SettingsView:
    return deps().party_portal.save_settings(principal, body)


# email that respects its reader (issue 15): settings, one-click unsubscribe, confirmed addresses --
@accounts_routes.get(
    "/v1/me/notification-settings",
    roles=CITIZENS,
    summary="Which emails I receive: news of my proposals, of proposals I support (both off: none)",
)
def get_my_notification_settings(principal: Principal) -> notifications_models.CitizenNotificationSettings:
    return deps().notification_preferences.get(principal)


@accounts_routes.route(
    "PUT",
    "/v1/me/notification-settings",
    roles=CITIZENS,
    summary="Choose which emails I receive; every citizen email follows it",
)
def save_my_notification_settings(
    body: notifications_models.CitizenNotificationSettings, principal: Principal
) -> notifications_models.CitizenNotificationSettings:
    return deps().notification_preferences.save(principal, body)


@accounts_routes.get(
    "/v1/unsubscribe",
    media_type="text/html; charset=utf-8",
    cacheable=False,
    errors=(410, 503),
    summary="The page an email's unsubscribe link opens: what stops, and a button (no sign-in)",
)
def unsubscribe_page(query: notifications_unsubscribe.UnsubscribeQuery) -> PlainText:
    return PlainText(body=deps().unsubscribes.confirmation_page(query))


@accounts_routes.route(
    "POST",
    "/v1/unsubscribe",
    form_body=True,
    errors=(410, 503),
    summary="RFC 8058 one-click unsubscribe: stops that kind of email for that person or address",
)
def unsubscribe_one_click(
    query: notifications_unsubscribe.UnsubscribeQuery, body: notifications_unsubscribe.OneClickBody
) -> notifications_unsubscribe.Unsubscribed:
    return deps().unsubscribes.one_click(query, body)


@party_routes.route(
    "POST",
    "/v1/party/address-confirmation",
    form_body=True,
    errors=(410, 503),
    summary="Confirm a party notification address from its link: notices reach it from now on",
)
def confirm_party_address(
    query: party_address_confirmation.AddressQuery, body: party_address_confirmation.AddressConfirmBody
) -> party_address_confirmation.AddressConfirmed:
    return deps().address_confirmations.confirm(query, body)


# the institute: processes, contenders, candidacy statuses, registry, accounts, audit -------
@admin_routes.route(
    "POST",
    "/v1/admin/processes",
    status=201,
    errors=(409,),
    summary="Create an ordinary or extraordinary process; its ballots start with the registry pending",
)
def create_process(body: admin_models.ProcessCreate, principal: Principal) -> elections_views.ProcessView:
    return deps().admin.create_process(principal, body)


@admin_routes.route(
    "PUT",
    "/v1/admin/processes/{process_id}",
    errors=(404, 409),
    summary="Edit a process: calendar (validated), scope, replaced ballots",
)
def update_process(
    process_id: str, body: admin_models.ProcessInput, principal: Principal
) -> elections_views.ProcessView:
    return deps().admin.update_process(principal, process_id, body)


@admin_routes.route(
    "PUT",
    "/v1/admin/processes/{process_id}/contenders/{contender_id}",
    errors=(404,),
    summary="Create or edit a party, coalition or independent candidacy of a process",
)
def save_contender(
    process_id: str, contender_id: str, body: admin_models.ContenderInput, principal: Principal
) -> elections_models.Contender:
    return deps().admin.save_contender(principal, process_id, contender_id, body)


@admin_routes.get(
    "/v1/admin/candidacies",
    errors=(404,),
    summary="Search a process's candidacies by owner, substitute, contender or place (paged, bounded read)",
)
def search_candidacies_by_name(query: admin_models.CandidacyNameQuery) -> admin_models.CandidacyNamePage:
    return deps().admin.search_candidacies(query)


@admin_routes.route(
    "POST",
    "/v1/admin/processes/{process_id}/contenders/{contender_id}/emblem-upload",
    errors=(404,),
    summary="A presigned S3 POST for a contender's emblem (JPEG, PNG or WebP; up to 256 KB); then save it",
)
def emblem_upload(
    process_id: str, contender_id: str, body: profiles_models.PhotoUploadRequest, principal: Principal
) -> profiles_models.PhotoUpload:
    return deps().admin.emblem_upload(principal, process_id, contender_id, body)


@admin_routes.route(
    "POST",
    "/v1/admin/candidacies/{candidacy_id}/status",
    errors=(404, 409),
    summary="Substitute (who replaces whom, and when) or cancel (with a public reason) a candidacy",
)
def change_candidacy_status(
    candidacy_id: str, body: admin_models.CandidacyStatusInput, principal: Principal
) -> admin_models.StatusChange:
    return deps().admin.change_status(principal, candidacy_id, body)


@admin_routes.route(
    "POST",
    "/v1/admin/processes/{process_id}/registry",
    errors=(404,),
    summary="Import the official registry (a text/csv body, or JSON {csv}); returns the validation report",
    csv_field="csv",
    max_body_bytes=REGISTRY_MAX_BYTES,
)
def import_process_registry(
    process_id: str, body: admin_models.RegistryUpload, principal: Principal
) -> registry_importer.RegistryReport:
    return deps().admin.import_registry(principal, process_id, body)


@admin_routes.route(
    "POST",
    "/v1/admin/party-users",
    status=201,
    errors=(404, 409),
    summary="Create a party editor account bound to a party and email the invitation",
)
def create_party_user(body: admin_models.PartyUserInput, principal: Principal) -> admin_models.PartyUserCreated:
    return deps().admin.create_party_user(principal, body)


@admin_routes.get(
    "/v1/admin/audit",
    summary="Audit log, newest first: by actor, entity and date range",
)
def read_audit(query: audit_log.AuditQuery) -> audit_log.AuditPage:
    return deps().audit_trail.page(query)


# open data ---------------------------------------------------------------------------------
@open_data_routes.get(
    "/v1/open-data/{process_id}/candidacies.json",
    errors=(404,),
    summary="Every candidacy of a process, with the column dictionary",
)
def open_candidacies_json(process_id: str) -> opendata.OpenDataset:
    return deps().open_datasets.candidacies(process_id)


@open_data_routes.get(
    "/v1/open-data/{process_id}/candidacies.csv",
    media_type="text/csv; charset=utf-8",
    errors=(404,),
    summary="Every candidacy of a process as CSV (as candidacies.json; formula-leading cells get an apostrophe)",
)
def open_candidacies_csv(process_id: str) -> PlainText:
    return PlainText(body=deps().open_datasets.candidacies_csv(process_id))


@open_data_routes.get(
    "/v1/open-data/{process_id}/proposals.json",
    status=302,
    errors=(404,),
    summary="Published proposals of a process (no author data), with the column dictionary: a redirect to "
    "the file, rebuilt every 10 minutes",
)
def open_proposals_json(process_id: str) -> Redirect:
    return Redirect(location=deps().open_data.proposals_url(process_id, csv_format=False))


@open_data_routes.get(
    "/v1/open-data/{process_id}/proposals.csv",
    status=302,
    errors=(404,),
    summary="Published proposals of a process as CSV (as proposals.json; formula-leading cells get an "
    "apostrophe): a redirect to the file",
)
def open_proposals_csv(process_id: str) -> Redirect:
    return Redirect(location=deps().open_data.proposals_url(process_id, csv_format=True))


# voting advice ("Orientación del voto"): statements, contenders' positions -----------------
@advice_routes.get(
    "/v1/advice",
    summary="Processes whose contenders' positions on the voting-advice statements are public now",
)
def list_advice() -> advice_models.AdviceIndex:
    return deps().advice.index()


@advice_routes.get(
    "/v1/processes/{process_id}/advice",
    errors=(404,),
    summary="Voting-advice statements and, once published, every contender's positions (all at once)",
)
def get_advice(process_id: str) -> advice_models.AdviceView:
    return deps().advice.read(process_id)


@advice_routes.route(
    "PUT",
    "/v1/admin/processes/{process_id}/advice",
    roles=ADMINS,
    errors=(404, 409),
    summary="Define the 20-40 statements and the positions window; locked once the window opens",
)
def save_advice_setup(
    process_id: str, body: advice_models.AdviceSetupInput, principal: Principal
) -> advice_models.AdviceView:
    return deps().advice.save_setup(principal, process_id, body)


@advice_routes.get(
    "/v1/admin/processes/{process_id}/advice/proposals",
    roles=ADMINS,
    errors=(404,),
    summary="The most supported of the newest published proposals, to draw statements from",
)
def advice_proposal_candidates(process_id: str) -> advice_models.ProposalCandidates:
    return deps().advice.proposal_candidates(process_id)


@advice_routes.get(
    "/v1/party/advice/{process_id}",
    roles=PARTY_EDITORS,
    errors=(404,),
    summary="My party's (or coalition's) positions on the statements, and whether the window is open",
)
def get_party_positions(
    process_id: str, query: advice_models.PartyAdviceQuery, principal: Principal
) -> advice_models.PartyAdviceView:
    return deps().advice.party_view(principal, process_id, query)


@advice_routes.route(
    "PUT",
    "/v1/party/advice/{process_id}",
    roles=PARTY_EDITORS,
    errors=(404, 409),
    summary="State my party's positions (agree, neutral, disagree + justification); only in the window",
)
def save_party_positions(
    process_id: str, body: advice_models.PositionsInput, principal: Principal
) -> advice_models.PartyAdviceView:
    return deps().advice.save_positions(principal, process_id, body)


# candidacy questionnaire (Conóceles): submission and the institute's review (issue 22) ---------
@party_routes.route(
    "POST",
    "/v1/party/candidacies/{candidacy_id}/profile/submit",
    roles=PARTY_EDITORS,
    errors=(404, 409),
    summary="Send the captured (or fixed) profile to the institute's review; campaigns only",
)
def submit_party_profile(
    candidacy_id: str, body: profiles_workflow.SubmitForReview, principal: Principal
) -> profiles_models.PartyProfileView:
    return deps().profiles.submit(principal, candidacy_id, body)


@party_routes.get(
    "/v1/party/profiles",
    roles=PARTY_EDITORS,
    errors=(404,),
    summary="My candidacies' profiles in a process and where each stands in the review (with the reason)",
)
def party_profile_states(
    query: profiles_workflow.PartyStatesQuery, principal: Principal
) -> profiles_workflow.PartyProfileStates:
    return deps().profiles.party_states(principal, query)


@review_routes.get(
    "/v1/review/profiles",
    summary="Profiles waiting for the institute's review in a process, oldest first",
)
def profile_review_queue(query: profiles_workflow.ReviewQueueQuery) -> profiles_workflow.ReviewQueuePage:
    return deps().profiles.review_queue(query)


@review_routes.get(
    "/v1/review/profiles/{candidacy_id}",
    summary="The version of a profile the institute is reviewing",
)
def get_profile_in_review(candidacy_id: str, principal: Principal) -> profiles_models.PartyProfileView:
    return deps().profiles.get_for_party(principal, candidacy_id)


@review_routes.route(
    "POST",
    "/v1/review/profiles/{candidacy_id}",
    errors=(409,),
    summary="Publish the profile in review, or return it to the party with a reason",
)
def decide_profile_review(
    candidacy_id: str, body: profiles_workflow.ReviewDecision, principal: Principal
) -> profiles_models.PartyProfileView:
    return deps().profiles.decide(principal, candidacy_id, body)


# accounts: recovery and change of password (issue 13) ---------------------------------------
@accounts_routes.route(
    "POST",
    "/v1/auth/forgot-password",
    errors=(429,),
    summary="Email a code to choose a new password (the same answer whether or not the account exists)",
)
def forgot_password(body: accounts_models.ForgotPasswordRequest, client: str) -> accounts_models.ForgotPasswordResult:
    return deps().accounts.forgot_password(body, client)


@accounts_routes.route(
    "POST",
    "/v1/auth/reset-password",
    errors=(429,),
    summary="Choose a new password with the emailed code (also an invitation's first password)",
)
def reset_password(body: accounts_models.ResetPasswordRequest, client: str) -> accounts_models.PasswordResult:
    return deps().accounts.reset_password(body, client)


@accounts_routes.route(
    "POST",
    "/v1/me/password",
    roles=SIGNED_IN,
    errors=(429,),
    summary="Change my password (the current one is required); other sessions end",
)
def change_password(
    body: accounts_models.ChangePasswordRequest, principal: Principal
) -> accounts_models.PasswordResult:
    return deps().accounts.change_password(principal, body)


@accounts_routes.route(
    "PUT",
    "/v1/me/display-name",
    roles=SIGNED_IN,
    summary="Rectify the name shown with my proposals (2 to 60 characters, no invisible characters)",
)
def rename_me(body: accounts_models.DisplayNameRequest, principal: Principal) -> accounts_models.Me:
    return deps().accounts.rename(principal, body)


# accounts: ARCO rights over my own data (issue 13) ------------------------------------------
@accounts_routes.get(
    "/v1/me/data",
    roles=SIGNED_IN,
    summary="Everything the platform holds about me, as JSON (ARCO: acceso)",
)
def my_data(principal: Principal) -> arco_models.MyData:
    return deps().personal_data.export(principal)


@accounts_routes.route(
    "DELETE",
    "/v1/me",
    roles=CITIZENS,
    errors=(429,),
    summary='Delete my account and personal data; published proposals kept as "Cuenta eliminada" or withdrawn',
)
def delete_me(body: arco_models.AccountDeletion, principal: Principal) -> arco_models.AccountDeleted:
    return deps().personal_data.delete(principal, body)


# the ballot and the law (issue 12): official section maps ----------------------------------
@admin_routes.route(
    "POST",
    "/v1/admin/section-maps",
    summary="Load an official section → municipality/district table as a new map version (all or nothing)",
    max_body_bytes=SECTION_MAP_MAX_BYTES + 10_000,
)
def import_section_map(body: section_maps.SectionMapUpload, principal: Principal) -> section_maps.SectionMapReport:
    return deps().admin.import_section_map(principal, body)


@ballots_routes.get(
    "/v1/candidacies",
    summary="Candidacies with a published questionnaire: by office, party, sex, age, education, affirmative action",
)
def search_candidacies(query: profiles_search.CandidacySearch) -> profiles_search.CandidacySearchPage:
    return deps().profiles.search(query)


@processes_routes.get(
    "/v1/processes/{process_id}/candidacy-statistics",
    errors=(404,),
    summary="Questionnaire coverage by contender (ballot order), distributions; identity groups above a threshold",
)
def candidacy_statistics(process_id: str) -> profiles_search.CandidacyStatistics:
    return deps().profiles.statistics(process_id)


# beyond the web: the printable ballot sheet (segno loads only when a sheet is rendered) ----
app.api.binary_types.append("application/pdf")


@ballots_routes.get(
    "/v1/ballots/{ballot_id}/sheet.pdf",
    media_type="application/pdf",
    summary="A one-page printable sheet of the ballot: contenders in ballot order, dates, a QR code to its page",
)
def get_ballot_sheet(ballot_id: str) -> BinaryBody:
    return BinaryBody(content=deps().ballot_sheet.pdf(ballot_id))


# beyond the web: the data saver, a section's ballots as plain HTML (served at /s/* by the web origin) --
@lookup_routes.get(
    "/s/{section}",
    media_type="text/html; charset=utf-8",
    summary="A section's ballots as one small HTML page that needs no JavaScript (the data saver)",
)
def get_section_page(section: str) -> PlainText:
    return PlainText(body=deps().datasaver.section_page(section))


# transparency log: proofs, signed tree heads, entries, receipts, open data ------------------
@transparency_routes.get(
    "/v1/log/proofs/inclusion",
    errors=(404,),
    summary="RFC 9162 inclusion proof of a leaf (index or leaf hash) in the tree of `tree_size` leaves",
)
def log_inclusion_proof(query: transparency_views.InclusionQuery) -> transparency_views.InclusionProof:
    return deps().transparency.inclusion_proof(query.leaf, query.tree_size)


@transparency_routes.get(
    "/v1/log/proofs/consistency",
    errors=(404,),
    summary="RFC 9162 consistency proof between the trees of `first` and `second` leaves",
)
def log_consistency_proof(query: transparency_views.ConsistencyQuery) -> transparency_views.ConsistencyProof:
    return deps().transparency.consistency_proof(query.first, query.second)


@transparency_routes.get(
    "/v1/log/tree-heads/latest",
    errors=(404,),
    summary="The latest signed tree head: size, root hash, time, signature",
)
def log_latest_tree_head() -> storage_log_store.TreeHead:
    return deps().transparency.latest_tree_head()


@transparency_routes.get(
    "/v1/log/tree-heads",
    summary="Every signed tree head, oldest first",
)
def log_tree_heads(query: transparency_views.TreeHeadsQuery) -> transparency_views.TreeHeadList:
    return deps().transparency.tree_heads(query.limit, query.cursor)


@transparency_routes.get(
    "/v1/log/public-key",
    summary="The public key that verifies tree heads (ECDSA P-256, SHA-256)",
)
def log_public_key() -> transparency_views.PublicKey:
    return deps().transparency.public_key()


@transparency_routes.get(
    "/v1/log/entries",
    summary="Log entries in order from `start` (up to 100), each with its leaf hash",
)
def log_entries(query: transparency_views.EntriesQuery) -> transparency_views.EntryPage:
    return deps().transparency.entries(query.start, query.limit)


@transparency_routes.get(
    "/v1/log/receipts/{leaf_hash}",
    errors=(404,),
    summary="A receipt's entry, index and inclusion proof against the latest signed tree head",
)
def log_receipt(leaf_hash: str) -> transparency_views.ReceiptStatus:
    return deps().transparency.receipt(leaf_hash.lower())


@open_data_routes.get(
    "/v1/open-data/{process_id}/log.json",
    errors=(404,),
    summary="A process's public log entries with the signed tree head covering them and their proofs",
)
def open_process_log(process_id: str) -> transparency_views.ProcessLog:
    return deps().transparency.process_log(process_id)


# the responsiveness board (issue 16) --------------------------------------------------------
@responsiveness_routes.get(
    "/v1/processes/{process_id}/responsiveness",
    errors=(400,),
    summary="Who answered the proposals delivered to them, per contender in ballot order (process or ?ballot=)",
)
def get_responsiveness(
    process_id: str, query: responsiveness_models.ResponsivenessQuery
) -> responsiveness_models.ResponsivenessBoard:
    return deps().responsiveness.board(process_id, query)


@responsiveness_routes.route(
    "POST",
    "/v1/proposals/{proposal_id}/acknowledgement",
    roles=PARTY_EDITORS,
    errors=(403, 409),
    summary="A party acknowledges receipt of a proposal (counted apart from answers on the board)",
)
def acknowledge_proposal(proposal_id: str, principal: Principal) -> responsiveness_models.AcknowledgementView:
    return deps().responsiveness.acknowledge(principal, proposal_id)


@open_data_routes.get(
    "/v1/open-data/{process_id}/responsiveness.json",
    errors=(404,),
    summary="The responsiveness board of a process as open data, with the column dictionary",
)
def open_responsiveness_json(process_id: str) -> opendata.OpenDataset:
    return deps().responsiveness.open_data(process_id)


@open_data_routes.get(
    "/v1/open-data/{process_id}/responsiveness.csv",
    media_type="text/csv; charset=utf-8",
    errors=(404,),
    summary="The responsiveness board of a process as CSV (as responsiveness.json)",
)
def open_responsiveness_csv(process_id: str) -> PlainText:
    return PlainText(body=deps().responsiveness.open_data_csv(process_id))


# the institute's "Administración" pages (issue 14): the election-day dashboard ----------------
@admin_routes.get(
    "/v1/admin/dashboard",
    summary="Election day: one day's proposals and emails (stream-derived counts), dead letters, runbooks",
)
def election_day_dashboard(query: admin_models.DashboardQuery) -> admin_models.ElectionDayDashboard:
    return deps().election_day.dashboard(query)


# staff and party pages (issue 14, second half): party accounts, civic page versions, audit
# export, "Mis candidaturas", the open-data catalogue ------------------------------------------
@admin_routes.get(
    "/v1/admin/party-users",
    summary="The accounts the institute invited for a party, with their state",
)
def list_party_users(query: admin_models.PartyUserQuery) -> admin_models.PartyUserList:
    return deps().admin.list_party_users(query.party)


@admin_routes.route(
    "POST",
    "/v1/admin/party-users/{user_id}",
    errors=(404, 409),
    summary="Disable a party account (no more log-ins, sessions end) or send it a new invitation; audited",
)
def change_party_user(
    user_id: str, body: admin_models.PartyUserChange, principal: Principal
) -> admin_models.PartyUserChanged:
    return deps().admin.change_party_user(principal, user_id, body)


@content_routes.route(
    "POST",
    "/v1/admin/content-preview",
    roles=ADMINS,
    summary="Render Markdown as a published page would be rendered (nothing is saved)",
)
def preview_content(body: content_models.ContentPreviewInput) -> content_models.ContentPreview:
    return deps().civic_pages.preview(body)


@content_routes.get(
    "/v1/admin/content/{slug}/versions/{version}",
    roles=ADMINS,
    errors=(404,),
    summary="One version of a page, with its Markdown (to compare and restore)",
)
def get_content_version(slug: str, version: str) -> content_models.AdminContentVersion:
    return deps().civic_pages.version(slug, version)


@content_routes.route(
    "POST",
    "/v1/admin/content/{slug}/versions/{version}/restore",
    roles=ADMINS,
    errors=(404, 409),
    summary="Publish an older version again, as the page's next version; audited",
)
def restore_content(
    slug: str, version: str, body: content_models.RestoreInput, principal: Principal
) -> content_models.AdminContentVersion:
    return deps().civic_pages.restore(principal, slug, version, body)


@admin_routes.get(
    "/v1/admin/audit.csv",
    media_type="text/csv; charset=utf-8",
    summary="The audit entries the same filters list, as CSV (newest first, up to 1,000)",
)
def export_audit(query: audit_log.AuditQuery) -> PlainText:
    return PlainText(body=deps().audit_trail.csv(query))


@party_routes.get(
    "/v1/party/candidacies",
    roles=PARTY_EDITORS,
    errors=(404,),
    summary="Every candidacy of my party and its coalitions in a process, by ballot, with the profile's gaps",
)
def list_party_candidacies(
    query: party_candidacies.PartyCandidaciesQuery, principal: Principal
) -> party_candidacies.PartyCandidaciesPage:
    return deps().party_candidacies.page(principal, query)


@open_data_routes.get(
    "/v1/open-data",
    summary="Every process's open-data files, the columns of each dataset, licence and sources",
)
def open_data_catalogue() -> opendata.OpenDataCatalogue:
    return deps().open_datasets.catalogue()


# the proposal lifecycle (issue 15): the author edits or withdraws a held proposal; citizens report --
@proposals_routes.route(
    "PUT",
    "/v1/me/proposals/{proposal_id}",
    roles=CITIZENS,
    errors=(404, 409),
    summary="Edit my held proposal (re-screened: published if nothing holds it, else back in review)",
)
def edit_my_proposal(
    proposal_id: str, body: proposals_models.ProposalEdit, principal: Principal
) -> proposals_views.MyProposal:
    return deps().proposals.edit(principal, proposal_id, body)


@proposals_routes.route(
    "POST",
    "/v1/me/proposals/{proposal_id}/withdrawal",
    roles=CITIZENS,
    errors=(404, 409),
    summary="Withdraw my held proposal (it is never published)",
)
def withdraw_my_proposal(proposal_id: str, principal: Principal) -> proposals_views.MyProposal:
    return deps().proposals.withdraw(principal, proposal_id)


@proposals_routes.route(
    "POST",
    "/v1/proposals/{proposal_id}/reports",
    roles=CITIZENS,
    status=201,
    errors=(404, 409),
    summary="Report a published proposal (once per citizen; hidden pending review after 3 reports)",
)
def report_proposal(
    proposal_id: str, body: proposals_models.ReportDraft, principal: Principal
) -> proposals_views.ReportReceived:
    return deps().proposals.report(principal, proposal_id, body)


# the candidate's identity consent through an emailed one-time link (issue 22) ----------------
@party_routes.route(
    "POST",
    "/v1/party/candidacies/{candidacy_id}/identity-invitation",
    roles=PARTY_EDITORS,
    errors=(404, 409),
    summary="Email the candidate a one-time link to answer the identity questionnaire; campaigns only",
)
def send_identity_invitation(
    candidacy_id: str, body: profiles_consent.InvitationRequest, principal: Principal
) -> profiles_consent.ConsentStatus:
    return deps().consents.invite(principal, candidacy_id, body)


@party_routes.get(
    "/v1/party/candidacies/{candidacy_id}/identity-consent",
    roles=PARTY_EDITORS,
    errors=(404,),
    summary="Whether and when the candidate consented through the link (never the answers' link)",
)
def get_identity_consent(candidacy_id: str, principal: Principal) -> profiles_consent.ConsentStatusView:
    return deps().consents.status_view(principal, candidacy_id)


@party_routes.route(
    "POST",
    "/v1/identity-consent/open",
    errors=(403, 404),
    summary="The identity questionnaire the link's candidate may answer, and what was recorded",
)
def open_identity_consent(body: profiles_consent.TokenBody) -> profiles_consent.ConsentPage:
    return deps().consents.open(body)


@party_routes.route(
    "POST",
    "/v1/identity-consent",
    errors=(403, 404, 409),
    summary="The candidate answers and consents item by item (once per link, before it expires)",
)
def record_identity_consent(body: profiles_consent.ConsentSubmission) -> profiles_consent.ConsentPage:
    return deps().consents.consent(body)


@party_routes.route(
    "POST",
    "/v1/identity-consent/withdraw",
    errors=(403, 404, 409),
    summary="The candidate withdraws consent: the answers leave the profile and the statistics at once",
)
def withdraw_identity_consent(body: profiles_consent.TokenBody) -> profiles_consent.ConsentPage:
    return deps().consents.withdraw(body)


@app.route("/v1/openapi.json", methods=["GET"], cors=True)
def openapi() -> Response:
    return Response(body=openapi_document(), headers={"Cache-Control": "public, max-age=300"})


def openapi_document() -> dict[str, Any]:
    return api_openapi.build_openapi(api.operations, title="DecideIEEM API", version="1.0.0")


# after the election (issue 16): results ------------------------------------------------------
@admin_routes.route(
    "POST",
    "/v1/admin/processes/{process_id}/results",
    errors=(404, 409),
    summary="Import the votes per contender per ballot (a text/csv body, or JSON {csv}); returns the per-row report",
    csv_field="csv",
    max_body_bytes=RESULTS_MAX_BYTES,
)
def import_process_results(
    process_id: str, body: results_models.ResultsUpload, principal: Principal
) -> results_models.ResultReport:
    return deps().results.import_results(principal, process_id, body)


@open_data_routes.get(
    "/v1/open-data/{process_id}/results.json",
    errors=(404,),
    summary="Votes per contender per ballot of a process (from the results phase on), with the column dictionary",
)
def open_results_json(process_id: str) -> opendata.OpenDataset:
    return deps().open_datasets.results(process_id)


@open_data_routes.get(
    "/v1/open-data/{process_id}/results.csv",
    media_type="text/csv; charset=utf-8",
    errors=(404,),
    summary="Votes per contender per ballot as CSV (as results.json; formula-leading cells get an apostrophe)",
)
def open_results_csv(process_id: str) -> PlainText:
    return PlainText(body=deps().open_datasets.results_csv(process_id))


# after the election (issue 16): commitments followed through the term --------------------------
@commitments_routes.get(
    "/v1/ballots/{ballot_id}/commitments",
    summary="The winner's commitments on this council, their statuses and the published method (¿Cumplieron?)",
)
def ballot_commitments(ballot_id: str) -> commitments_models.FollowUpList:
    return deps().commitments.of_ballot(ballot_id)


@commitments_routes.get(
    "/v1/commitments/{commitment_id}",
    summary="One commitment with its published progress updates and agree/disagree counts",
)
def get_commitment(commitment_id: str) -> commitments_models.FollowUpView:
    return deps().commitments.get(commitment_id)


@commitments_routes.route(
    "POST",
    "/v1/party/commitments/{commitment_id}/updates",
    roles=PARTY_EDITORS,
    errors=(403,),
    summary="The office-holder's party reports progress (an https evidence link for cumplido / cumplido en parte)",
)
def post_commitment_update(
    commitment_id: str, body: commitments_models.ProgressInput, principal: Principal
) -> commitments_models.FollowUpView:
    return deps().commitments.post_update(principal, commitment_id, body)


@moderation_routes.get(
    "/v1/moderation/commitment-updates",
    summary="Progress updates held for review (notes and evidence links), oldest first",
)
def commitment_review_queue() -> commitments_models.CommitmentReviewQueue:
    return deps().commitments.review_page()


@moderation_routes.route(
    "POST",
    "/v1/moderation/commitments/{commitment_id}/updates/{update_id}",
    errors=(404, 409),
    summary="Publish or reject a held progress update (the institute moderates, it never rates)",
)
def moderate_commitment_update(
    commitment_id: str, update_id: str, body: commitments_models.UpdateDecision, principal: Principal
) -> commitments_models.FollowUpView:
    return deps().commitments.decide_update(principal, commitment_id, update_id, body)


@commitments_routes.route(
    "PUT",
    "/v1/commitments/{commitment_id}/verdict",
    roles=CITIZENS,
    errors=(409,),
    summary="Say once whether you agree with the reported status (a second time is 409)",
)
def commitment_verdict(
    commitment_id: str, body: commitments_models.VerdictInput, principal: Principal
) -> commitments_models.VerdictCounts:
    return deps().commitments.say(principal, commitment_id, body)


@open_data_routes.get(
    "/v1/open-data/{process_id}/commitments.json",
    errors=(404,),
    summary="Every commitment followed in a process, with its status and agree/disagree counts",
)
def open_commitments_json(process_id: str) -> opendata.OpenDataset:
    return deps().open_datasets.commitments(process_id)


@open_data_routes.get(
    "/v1/open-data/{process_id}/commitments.csv",
    media_type="text/csv; charset=utf-8",
    errors=(404,),
    summary="Every commitment followed in a process as CSV (as commitments.json)",
)
def open_commitments_csv(process_id: str) -> PlainText:
    return PlainText(body=deps().open_datasets.commitments_csv(process_id))


@open_data_routes.get(
    "/v1/open-data/{process_id}/commitment-updates.json",
    errors=(404,),
    summary="Every published progress update of a process's commitments (note, evidence link, dates)",
)
def open_commitment_updates_json(process_id: str) -> opendata.OpenDataset:
    return deps().open_datasets.commitment_updates(process_id)


@open_data_routes.get(
    "/v1/open-data/{process_id}/commitment-updates.csv",
    media_type="text/csv; charset=utf-8",
    errors=(404,),
    summary="Every published progress update as CSV (as commitment-updates.json)",
)
def open_commitment_updates_csv(process_id: str) -> PlainText:
    return PlainText(body=deps().open_datasets.commitment_updates_csv(process_id))


# staff two factors and personal data, second round (issue 13) ------------------------------
@accounts_routes.route(
    "POST",
    "/v1/me/mfa/setup",
    roles=SIGNED_IN,  # staff and party editors (checked by the desk): not behind TOTP itself
    errors=(409,),
    summary="Start TOTP enrolment (staff and party editors): a new key for an authenticator app",
)
def start_mfa_setup(body: accounts_models.MfaSetupRequest, principal: Principal) -> accounts_models.MfaSetup:
    return deps().second_factor.start(principal, body)


@accounts_routes.route(
    "POST",
    "/v1/me/mfa/verify",
    roles=SIGNED_IN,
    summary="Finish TOTP enrolment with the app's first code; every session ends",
)
def verify_mfa_setup(body: accounts_models.MfaVerifyRequest, principal: Principal) -> accounts_models.MfaStatus:
    return deps().second_factor.confirm(principal, body)


@admin_routes.route(
    "POST",
    "/v1/admin/mfa-resets",
    errors=(404,),
    summary="Reset a lost second factor (TOTP) of an account by its email (audited; the owner is told)",
)
def reset_mfa(body: accounts_models.MfaResetRequest, principal: Principal) -> accounts_models.MfaResetResult:
    return deps().second_factor.reset(principal, body)


# events: the stream relay, the queue consumers and the daily digest --------------------------
EVENT_SOURCES = EventSources.from_environ(os.environ)
# Tree heads are signed every LOG_SIGNING_MINUTES when the log grew, and at each phase boundary.
LOG_SIGNING_MINUTES = 10


@app.on_dynamodb_record(stream_arn=EVENT_SOURCES.table_stream_arn, batch_size=100, name="relay_table_changes")
def relay_table_changes(event: DynamoDBEvent) -> dict[str, Any]:
    return deps().stream_relay.relay(event.to_dict())


@app.on_sqs_message(queue=EVENT_SOURCES.party_queue, batch_size=10, name="notify_parties")
def notify_parties(event: SQSEvent) -> dict[str, Any]:
    return deps().notification_queues.consume_party_batch(event.to_dict())


@app.on_sqs_message(queue=EVENT_SOURCES.citizen_queue, batch_size=10, name="notify_citizens")
def notify_citizens(event: SQSEvent) -> dict[str, Any]:
    return deps().notification_queues.consume_citizen_batch(event.to_dict())


@app.on_sns_message(topic=EVENT_SOURCES.email_feedback_topic, name="record_email_feedback")
def record_email_feedback(event: SNSEvent) -> list[str]:
    return deps().email_feedback.record(notifications_feedback.FeedbackMessage.from_sns(event.to_dict()))


@app.on_dynamodb_record(stream_arn=EVENT_SOURCES.table_stream_arn, batch_size=100, name="append_to_log")
def append_to_log(event: DynamoDBEvent) -> dict[str, Any]:
    return deps().log_appender.append_batch(event.to_dict())


@app.schedule(Rate(LOG_SIGNING_MINUTES, unit=Rate.MINUTES), name="sign_tree_head")
def sign_tree_head(event: CloudWatchEvent) -> dict[str, Any]:
    return deps().transparency.sign_on_schedule().model_dump()


@app.schedule(Cron(0, 14, "*", "*", "?", "*"), name="send_digests")  # 08:00 in Mexico City
def send_digests(event: CloudWatchEvent) -> dict[str, int]:
    return deps().notifier.send_digests(lambda_inputs.time_left(event)).model_dump()


# accounts: retention of personal data (issue 13) --------------------------------------------
@app.schedule(Cron(30, 9, "*", "*", "?", "*"), name="remove_stale_signups")  # 03:30 in Mexico City
def remove_stale_signups(event: CloudWatchEvent) -> dict[str, int]:
    return deps().accounts.sweep_stale_signups().model_dump()


@app.schedule(Cron(45, 9, "*", "*", "?", "*"), name="anonymise_closed_processes")  # 03:45 in Mexico City
def anonymise_closed_processes(event: CloudWatchEvent) -> dict[str, int]:
    return deps().personal_data.anonymise_closed_processes().model_dump()


# after the election (issue 16): commitments past their due date turn "vencido" -------------------
@app.schedule(Cron(15, 7, "*", "*", "?", "*"), name="mark_overdue_commitments")  # 01:15 in Mexico City
def mark_overdue_commitments(event: CloudWatchEvent) -> dict[str, int]:
    return deps().commitments.mark_overdue().model_dump()


# beyond the web: the SMS lookup (AWS End User Messaging two-way SMS → SNS → this handler) -------
@app.on_sns_message(topic=EVENT_SOURCES.sms_inbound_topic, name="answer_sms")
@flushes_metrics
def answer_sms(event: SNSEvent) -> dict[str, Any]:
    return deps().sms.answer_inbound(sms_desk.InboundSms.from_sns(event.message)).model_dump()


# open data: the proposals export, built off the request path (issue 11) -----------------------
@app.schedule(Rate(10, unit=Rate.MINUTES), name="publish_open_data")
def publish_open_data(event: CloudWatchEvent) -> dict[str, int]:
    return deps().open_data.publish_all()
