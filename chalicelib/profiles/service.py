"""Candidacy profiles: a party editor captures its own candidacies' profiles during the campaign
(the Conóceles curricular questionnaire of the process's version); every change is a new
version; an institute reviewer publishes it or returns it with a reason (`workflow.py`); everyone
reads the last published version and the list of changes.

Who may do what is decided in `authorize` only: a `party_editor` whose party is the candidacy's
contender, or a member of the candidacy's coalition, edits and submits; a moderator or admin
reviews. Party writes and publishing need the `campaign` phase (`PARTY_PUBLISH`): refused with
409, naming the phase and its end, in the veda and on election day.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from chalicelib.audit.log import AuditEntry, AuditLog
from chalicelib.auth.principal import STAFF, ForbiddenError, Principal
from chalicelib.elections.models import (
    Ballot,
    Candidacy,
    Contender,
    ElectoralProcess,
    Office,
    ballot_id,
    ballot_id_of_candidacy,
    district_code,
)
from chalicelib.elections.phase_rules import PhasedAction, require_phase
from chalicelib.elections.printed_ballot import JOINT_KINDS
from chalicelib.elections.public import CandidacyNotFoundError, find_process
from chalicelib.errors import InvalidFieldsError, field_problem
from chalicelib.messages import text
from chalicelib.profiles.models import (
    EXTENSIONS_PATTERN,
    PartyProfileView,
    PhotoUpload,
    PhotoUploadRequest,
    ProfileContent,
    ProfileHistory,
    ProfileInput,
    ProfileVersion,
    ReviewNote,
    ReviewStatus,
    StoredProfile,
    changed_fields,
)
from chalicelib.profiles.questionnaire import person_problems, version_problems
from chalicelib.profiles.search import (
    CandidacySearch,
    CandidacySearchPage,
    CandidacyStatistics,
    consented_answers,
    counter_deltas,
    counters_of,
    entry_of,
    index_counters,
    most_selective,
    statistics_of,
)
from chalicelib.profiles.workflow import (
    REVIEW_ACTIONS,
    PartyProfileStates,
    PartyStatesQuery,
    ProfileAction,
    ProfileSummary,
    ReviewDecision,
    ReviewQueuePage,
    ReviewQueueQuery,
    SubmitForReview,
    require_state,
)
from chalicelib.settings import Settings
from chalicelib.storage.consent_store import ConsentStore
from chalicelib.storage.election_store import ElectionStore
from chalicelib.storage.photos import EXTENSIONS, MAX_PHOTO_BYTES, UPLOAD_SECONDS, PhotoBucket, photo_prefix
from chalicelib.storage.profile_store import ProfileConflictError, ProfileStore
from chalicelib.storage.questionnaire_store import QuestionnaireStore


class NotYourCandidacyError(ForbiddenError):
    code = "not_your_candidacy"


def may_act_for(principal: Principal, contender: Contender | None, contender_id: str) -> bool:
    """A party editor acts for its own party, and for a coalition or common candidacy its party belongs to."""
    if not principal.party_id:
        return False
    if contender_id == principal.party_id:
        return True
    return contender is not None and contender.kind in JOINT_KINDS and principal.party_id in contender.members


def authorize(principal: Principal, action: ProfileAction, contender: Contender | None, contender_id: str) -> None:
    """The one check of who may do `action` to the profile of a candidacy of `contender_id` (403 if not):
    reviewers (moderators, admins) publish, return and read; the party (`may_act_for`) edits,
    submits and reads."""
    if action in REVIEW_ACTIONS:
        if not principal.has_any(STAFF):
            raise ForbiddenError(text("profile_review.staff_only"), {"field": "candidacy_id"})
        return
    if action == ProfileAction.READ and principal.has_any(STAFF):
        return
    if not may_act_for(principal, contender, contender_id):
        raise NotYourCandidacyError(text("profile.not_yours"), {"field": "candidacy_id"})


@dataclass
class ProfileDesk:
    settings: Settings
    elections: ElectionStore
    profiles: ProfileStore
    photos: PhotoBucket
    audit: AuditLog
    clock: Callable[[], datetime]

    def __post_init__(self) -> None:
        self.questionnaires = QuestionnaireStore(self.profiles.table)
        self.consents = ConsentStore(self.profiles.table)

    def _candidacy(self, candidacy_id: str) -> tuple[Ballot, Candidacy]:
        ballot = self.elections.get_ballot(ballot_id_of_candidacy(candidacy_id))
        candidacy = next((c for c in ballot.candidacies if c.id == candidacy_id), None) if ballot else None
        if ballot is None or candidacy is None:
            raise CandidacyNotFoundError(text("candidacy_not_found", candidacy=candidacy_id), {"field": "candidacy_id"})
        return ballot, candidacy

    def _load(
        self, principal: Principal, candidacy_id: str, action: ProfileAction
    ) -> tuple[ElectoralProcess, Ballot, Candidacy, Contender | None]:
        ballot, candidacy = self._candidacy(candidacy_id)
        process = find_process(self.elections, ballot.process_id)
        contender = self.elections.get_contender(process.id, candidacy.contender_id)
        authorize(principal, action, contender, candidacy.contender_id)
        return process, ballot, candidacy, contender

    # party editor ---------------------------------------------------------------------------
    def get_for_party(self, principal: Principal, candidacy_id: str) -> PartyProfileView:
        """The working copy, for the party that edits it or a reviewer (`authorize`, READ)."""
        process, _, candidacy, _ = self._load(principal, candidacy_id, ProfileAction.READ)
        stored, published = self.profiles.get_both(candidacy_id)
        if stored is None:
            return PartyProfileView(
                candidacy_id=candidacy_id,
                process_id=process.id,
                contender_id=candidacy.contender_id,
                version=0,
                content=ProfileContent(questionnaire_version=process.questionnaire_version),
                identity=None,
                updated_at=None,
                status=None,
            )
        return self._party_view(stored, published)

    @staticmethod
    def _party_view(stored: StoredProfile, published: StoredProfile | None) -> PartyProfileView:
        public = published or (stored if stored.status == ReviewStatus.PUBLISHED else None)
        return PartyProfileView(
            candidacy_id=stored.candidacy_id,
            process_id=stored.process_id,
            contender_id=stored.contender_id,
            version=stored.version,
            content=stored.content,
            identity=stored.identity,
            updated_at=stored.updated_at,
            status=stored.status,
            submitted_at=stored.submitted_at,
            review=stored.review,
            published_at=public.published_at or public.updated_at if public else None,
            published_version=public.version if public else None,
        )

    def _check_photo(self, candidacy_id: str, photo_url: str | None) -> None:
        if photo_url is None:
            return
        prefix = f"{self.settings.photos_url}/{photo_prefix(candidacy_id)}"
        name = photo_url.removeprefix(prefix)
        if not photo_url.startswith(prefix) or not EXTENSIONS_PATTERN.fullmatch(name):
            raise InvalidFieldsError(
                text("invalid_request"),
                [field_problem("photo_url", "photo_not_uploaded", text("profile.photo_url", prefix=prefix))],
            )

    def _content(self, process: ElectoralProcess, body: ProfileInput) -> ProfileContent:
        """The answers under the process's questionnaire version; its limits and cross-field rules."""
        version = process.questionnaire_version
        answers = body.model_dump(exclude={"identity", "questionnaire_version"})
        content = ProfileContent.model_validate({**answers, "questionnaire_version": version})
        day = process.calendar.election_day
        problems = version_problems(version, answers, len(content.proposals))
        problems += person_problems(content, day, "")
        problems += person_problems(content.substitute, day, "substitute.")
        if problems:
            raise InvalidFieldsError(text("invalid_request"), problems)
        return content

    def save(self, principal: Principal, candidacy_id: str, body: ProfileInput) -> PartyProfileView:
        process, ballot, candidacy, contender = self._load(principal, candidacy_id, ProfileAction.EDIT)
        now = self.clock()
        require_phase(process, now, PhasedAction.PARTY_PUBLISH, self.settings.tz)
        self._check_photo(candidacy_id, body.photo_url)
        content = self._content(process, body)
        if body.identity is not None:
            # Only the candidate consents, through the emailed link (consent_desk.py).
            raise InvalidFieldsError(
                text("invalid_request"),
                [field_problem("identity", "candidate_consents", text("consent.party_cannot"))],
            )
        previous, published = self.profiles.get_both(candidacy_id)
        require_state(ProfileAction.EDIT, previous.status if previous else None)
        identity = None  # the working copy never holds identity answers: the consent item does
        stored = StoredProfile(
            candidacy_id=candidacy_id,
            process_id=process.id,
            contender_id=candidacy.contender_id,
            version=(previous.version + 1) if previous else 1,
            content=content,
            identity=identity,
            updated_at=now,
            updated_by=principal.user_id,
            status=ReviewStatus.CAPTURED,
            review=previous.review if previous else None,
            published_at=previous.published_at if previous else None,
        )
        before = self._comparable(previous)
        after = self._comparable(stored)
        changed = changed_fields(before, after)
        if previous is not None and not changed:
            return self._party_view(previous, published)  # nothing changed: no new version
        change = ProfileVersion(
            candidacy_id=candidacy_id,
            version=stored.version,
            at=now,
            by_role="party_editor",
            by_contender=contender.name if contender else candidacy.contender_name,
            changed_fields=changed,
        )
        entry = self.audit.entry(
            principal,
            "profile.update",
            f"candidacy/{candidacy_id}",
            now,
            before=self._audit_view(previous) if previous else None,
            after=self._audit_view(stored),
        )
        extra = [self.profiles.state_put(stored, self._summary(stored, ballot, candidacy, contender))]
        legacy = previous is not None and previous.status == ReviewStatus.PUBLISHED and published is None
        if legacy:
            # Saved before the validation workflow: it was public, and stays public until reviewed.
            published = previous
        if published is not None and published.identity is not None and published.identity.text_version is None:
            # Answers a party ticked before the candidate's link existed are not the candidate's
            # consent: they leave the public copy and the statistics now.
            extra += self._withdrawal_operations(process, ballot, candidacy, contender, published)
            published = published.model_copy(update={"identity": None})
        elif legacy and published is not None:
            extra.append(self.profiles.published_put(published))
        self.profiles.save(stored, change, self.audit.operations(entry), extra)
        return self._party_view(stored, published)

    @staticmethod
    def _audit_view(profile: StoredProfile) -> dict[str, object]:
        """What the audit log keeps of a profile: everything but the identity answers (only whether
        consent was recorded and when), so a withdrawal leaves no copy of them in the log."""
        view: dict[str, object] = profile.model_dump(mode="json", exclude={"identity"})
        if profile.identity is not None:
            view["identity"] = {
                "consent": profile.identity.consent,
                "recorded_at": profile.identity.recorded_at.isoformat(),
            }
        return view

    def _withdrawal_operations(
        self,
        process: ElectoralProcess,
        ballot: Ballot,
        candidacy: Candidacy,
        contender: Contender | None,
        published: StoredProfile,
    ) -> list[dict[str, object]]:
        operations: list[dict[str, object]] = [
            self.profiles.published_put(published.model_copy(update={"identity": None}))
        ]
        if published.indexed:
            entry = entry_of(published, process, ballot, candidacy, contender)
            deltas = counter_deltas(counters_of(entry, consented_answers(published)), counters_of(entry, None))
            counters = self.questionnaires.counters_operation(process.id, deltas)
            if counters is not None:
                operations.append(counters)
        return operations

    @staticmethod
    def _summary(stored: StoredProfile, ballot: Ballot, candidacy: Candidacy, contender: Contender | None) -> str:
        return ProfileSummary(
            candidacy_id=stored.candidacy_id,
            ballot_id=ballot.id,
            place=ballot.place.name,
            contender_id=candidacy.contender_id,
            contender_name=contender.name if contender else candidacy.contender_name,
            owner=candidacy.owner,
            version=stored.version,
            status=stored.status,
            updated_at=stored.updated_at,
            submitted_at=stored.submitted_at,
            reason=stored.review.reason if stored.review and stored.status != ReviewStatus.PUBLISHED else None,
            published_at=stored.published_at,
            fictional=candidacy.fictional,
        ).model_dump_json()

    # validation workflow ----------------------------------------------------------------------
    def _current(self, candidacy_id: str, version: int) -> tuple[StoredProfile | None, StoredProfile | None]:
        stored, published = self.profiles.get_both(candidacy_id)
        if stored is not None and stored.version != version:
            raise ProfileConflictError(text("profile.conflict"), {"field": "version"})
        return stored, published

    def submit(self, principal: Principal, candidacy_id: str, body: SubmitForReview) -> PartyProfileView:
        """The party sends its captured (or fixed) version to the institute's reviewers."""
        process, ballot, candidacy, contender = self._load(principal, candidacy_id, ProfileAction.SUBMIT)
        now = self.clock()
        require_phase(process, now, PhasedAction.PARTY_PUBLISH, self.settings.tz)
        previous, published = self._current(candidacy_id, body.version)
        status = require_state(ProfileAction.SUBMIT, previous.status if previous else None)
        assert previous is not None
        stored = previous.model_copy(update={"status": status, "submitted_at": now})
        summary = self._summary(stored, ballot, candidacy, contender)
        entry = self._state_entry(principal, "profile.submit", stored, previous, now)
        operations = [
            self.profiles.review_put(stored, summary),
            self.profiles.state_put(stored, summary),
            *self.audit.operations(entry),
        ]
        self.profiles.change_state(stored, previous.status, operations)
        return self._party_view(stored, published)

    def decide(self, principal: Principal, candidacy_id: str, body: ReviewDecision) -> PartyProfileView:
        """A reviewer publishes the version in review, or returns it to the party with a reason."""
        process, ballot, candidacy, contender = self._load(principal, candidacy_id, body.action)
        if body.problems():
            raise InvalidFieldsError(text("invalid_request"), body.problems())
        now = self.clock()
        if body.action == ProfileAction.PUBLISH:
            require_phase(process, now, PhasedAction.PARTY_PUBLISH, self.settings.tz)
        previous, published = self._current(candidacy_id, body.version)
        status = require_state(body.action, previous.status if previous else None)
        assert previous is not None
        note = ReviewNote(decision=status, at=now, reason=body.reason if status == ReviewStatus.RETURNED else None)
        update: dict[str, object] = {"status": status, "review": note}
        if status == ReviewStatus.PUBLISHED:
            update["published_at"] = now
            update["indexed"] = True
        stored = previous.model_copy(update=update)
        entry = self._state_entry(principal, f"profile.{body.action.value}", stored, previous, now)
        operations = [
            self.profiles.review_delete(previous),
            self.profiles.state_put(stored, self._summary(stored, ballot, candidacy, contender)),
            *self.audit.operations(entry),
        ]
        if status == ReviewStatus.PUBLISHED:
            # The public copy carries the candidate's own consent, as recorded through the link
            # (checked unchanged in the same transaction, so the counters count it once).
            consent = self.consents.get(candidacy_id)
            identity = consent.record.identity() if consent and consent.record else None
            public = stored.model_copy(update={"identity": identity})
            operations.append(self.profiles.published_put(public))
            operations += self._publication_operations(process, ballot, candidacy, contender, published, public)
            operations.append(self.consents.unchanged_operation(candidacy_id, consent))
            published = public
        self.profiles.change_state(stored, ReviewStatus.IN_REVIEW, operations)
        return self._party_view(stored, published)

    def _publication_operations(
        self,
        process: ElectoralProcess,
        ballot: Ballot,
        candidacy: Candidacy,
        contender: Contender | None,
        before: StoredProfile | None,
        after: StoredProfile,
    ) -> list[dict[str, object]]:
        """The search index entries and statistics counters, moved from the previous publication to this one."""
        old = entry_of(before, process, ballot, candidacy, contender) if before and before.indexed else None
        new = entry_of(after, process, ballot, candidacy, contender)
        old_counts = counters_of(old, consented_answers(before if old else None)) + index_counters(old)
        new_counts = counters_of(new, consented_answers(after)) + index_counters(new)
        operations: list[dict[str, object]] = list(self.questionnaires.index_operations(process.id, old, new))
        counters = self.questionnaires.counters_operation(process.id, counter_deltas(old_counts, new_counts))
        if counters is not None:
            operations.append(counters)
        return operations

    # search and statistics (public) ------------------------------------------------------------
    def search(self, query: CandidacySearch) -> CandidacySearchPage:
        """One Query of the most selective filter's index (the statistics item says which, one GetItem)."""
        find_process(self.elections, query.process)
        filters = query.filters()
        counters = self.questionnaires.counters(query.process) if len(filters) > 1 else {}
        facet, value = most_selective(filters, counters)
        items, cursor = self.questionnaires.search(query.process, facet, value, filters, query.limit, query.cursor)
        return CandidacySearchPage(
            process_id=query.process,
            filters={f.value: v for f, v in filters.items()},
            items=items,
            next_cursor=cursor,
        )

    def statistics(self, process_id: str) -> CandidacyStatistics:
        """Counters kept by each publication, plus the registry's candidacies per contender (for coverage)."""
        process = find_process(self.elections, process_id)
        ballot_ids = [ballot_id(process.id, Office.AYUNTAMIENTO, m) for m in process.scope.municipalities]
        ballot_ids += [ballot_id(process.id, Office.DIPUTACION_MR, district_code(d)) for d in process.scope.districts]
        ballots = list(self.elections.get_ballots(ballot_ids).values())
        contenders = self.elections.list_contenders(process.id)
        return statistics_of(process, contenders, ballots, self.questionnaires.counters(process.id))

    def _state_entry(
        self, principal: Principal, action: str, stored: StoredProfile, previous: StoredProfile, now: datetime
    ) -> AuditEntry:
        # A state change records the state and version, never the answers (those are in profile.update).
        def state(profile: StoredProfile) -> dict[str, object]:
            reason = profile.review.reason if profile.review else None
            return {"status": profile.status.value, "version": profile.version, "reason": reason}

        return self.audit.entry(
            principal, action, f"candidacy/{stored.candidacy_id}", now, before=state(previous), after=state(stored)
        )

    def review_queue(self, query: ReviewQueueQuery) -> ReviewQueuePage:
        """Profiles waiting for the institute in one process, oldest submission first."""
        find_process(self.elections, query.process)
        items, cursor = self.profiles.review_page(query.process, query.limit, query.cursor)
        return ReviewQueuePage(
            process_id=query.process,
            items=[ProfileSummary.model_validate_json(i.doc) for i in items],
            next_cursor=cursor,
        )

    def party_states(self, principal: Principal, query: PartyStatesQuery) -> PartyProfileStates:
        """The editor's profiles in a process (its party's and its coalitions'), where each stands."""
        process = find_process(self.elections, query.process)
        mine = [c.id for c in self.elections.list_contenders(process.id) if may_act_for(principal, c, c.id)]
        items = [ProfileSummary.model_validate_json(i.doc) for i in self.profiles.states(process.id, mine)]
        return PartyProfileStates(process_id=process.id, items=sorted(items, key=lambda s: s.candidacy_id))

    @staticmethod
    def _comparable(profile: StoredProfile | None) -> dict[str, object]:
        content = profile.content if profile else ProfileContent()
        fields: dict[str, object] = content.model_dump(mode="json")
        identity = profile.identity if profile else None
        fields["identity"] = identity.answers.model_dump() if identity else None
        return fields

    def photo_upload(self, principal: Principal, candidacy_id: str, body: PhotoUploadRequest) -> PhotoUpload:
        process, _, _, _ = self._load(principal, candidacy_id, ProfileAction.EDIT)
        require_phase(process, self.clock(), PhasedAction.PARTY_PUBLISH, self.settings.tz)
        key = f"{photo_prefix(candidacy_id)}{uuid.uuid4().hex}.{EXTENSIONS[body.content_type]}"
        post = self.photos.presigned_post(key, body.content_type)
        return PhotoUpload(
            url=post["url"],
            fields={k: str(v) for k, v in post["fields"].items()},
            photo_url=f"{self.settings.photos_url}/{key}",
            max_bytes=MAX_PHOTO_BYTES,
            expires_in=UPLOAD_SECONDS,
        )

    # public ---------------------------------------------------------------------------------
    def history(self, candidacy_id: str, limit: int, cursor: str | None) -> ProfileHistory:
        self._candidacy(candidacy_id)
        changes, next_cursor = self.profiles.history(candidacy_id, limit, cursor)
        return ProfileHistory(candidacy_id=candidacy_id, changes=changes, next_cursor=next_cursor)
