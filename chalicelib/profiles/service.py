"""Candidacy profiles: a party editor edits its own candidacies' profiles during the campaign;
every change is a new version; everyone reads the latest version and the list of changes.

Who may edit: a `party_editor` whose party is the candidacy's contender, or a member of the
candidacy's coalition. Writes need the `campaign` phase (`PARTY_PUBLISH`): refused with 409,
naming the phase and its end, in the veda and on election day.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from chalicelib.audit.log import AuditLog
from chalicelib.auth.principal import ForbiddenError, Principal
from chalicelib.elections.models import (
    Ballot,
    Candidacy,
    Contender,
    ElectoralProcess,
    ballot_id_of_candidacy,
)
from chalicelib.elections.phase_rules import PhasedAction, require_phase
from chalicelib.elections.printed_ballot import JOINT_KINDS
from chalicelib.elections.public import CandidacyNotFoundError, find_process
from chalicelib.errors import InvalidFieldsError, field_problem
from chalicelib.messages import text
from chalicelib.profiles.models import (
    EXTENSIONS_PATTERN,
    IdentityRecord,
    PartyProfileView,
    PhotoUpload,
    PhotoUploadRequest,
    ProfileContent,
    ProfileHistory,
    ProfileInput,
    ProfileVersion,
    StoredProfile,
    changed_fields,
)
from chalicelib.settings import Settings
from chalicelib.storage.election_store import ElectionStore
from chalicelib.storage.photos import EXTENSIONS, MAX_PHOTO_BYTES, UPLOAD_SECONDS, PhotoBucket, photo_prefix
from chalicelib.storage.profile_store import ProfileStore


class NotYourCandidacyError(ForbiddenError):
    code = "not_your_candidacy"


def may_act_for(principal: Principal, contender: Contender | None, contender_id: str) -> bool:
    """A party editor acts for its own party, and for a coalition or common candidacy its party belongs to."""
    if not principal.party_id:
        return False
    if contender_id == principal.party_id:
        return True
    return contender is not None and contender.kind in JOINT_KINDS and principal.party_id in contender.members


@dataclass
class ProfileDesk:
    settings: Settings
    elections: ElectionStore
    profiles: ProfileStore
    photos: PhotoBucket
    audit: AuditLog
    clock: Callable[[], datetime]

    def _candidacy(self, candidacy_id: str) -> tuple[Ballot, Candidacy]:
        ballot = self.elections.get_ballot(ballot_id_of_candidacy(candidacy_id))
        candidacy = next((c for c in ballot.candidacies if c.id == candidacy_id), None) if ballot else None
        if ballot is None or candidacy is None:
            raise CandidacyNotFoundError(text("candidacy_not_found", candidacy=candidacy_id), {"field": "candidacy_id"})
        return ballot, candidacy

    def _own(self, principal: Principal, candidacy_id: str) -> tuple[ElectoralProcess, Candidacy, Contender | None]:
        ballot, candidacy = self._candidacy(candidacy_id)
        process = find_process(self.elections, ballot.process_id)
        contender = self.elections.get_contender(process.id, candidacy.contender_id)
        if not may_act_for(principal, contender, candidacy.contender_id):
            raise NotYourCandidacyError(text("profile.not_yours"), {"field": "candidacy_id"})
        return process, candidacy, contender

    # party editor ---------------------------------------------------------------------------
    def get_for_party(self, principal: Principal, candidacy_id: str) -> PartyProfileView:
        process, candidacy, _ = self._own(principal, candidacy_id)
        stored = self.profiles.get(candidacy_id)
        if stored is None:
            return PartyProfileView(
                candidacy_id=candidacy_id,
                process_id=process.id,
                contender_id=candidacy.contender_id,
                version=0,
                content=ProfileContent(),
                identity=None,
                updated_at=None,
            )
        return self._party_view(stored)

    @staticmethod
    def _party_view(stored: StoredProfile) -> PartyProfileView:
        return PartyProfileView(
            candidacy_id=stored.candidacy_id,
            process_id=stored.process_id,
            contender_id=stored.contender_id,
            version=stored.version,
            content=stored.content,
            identity=stored.identity,
            updated_at=stored.updated_at,
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

    def save(self, principal: Principal, candidacy_id: str, body: ProfileInput) -> PartyProfileView:
        process, candidacy, contender = self._own(principal, candidacy_id)
        now = self.clock()
        require_phase(process, now, PhasedAction.PARTY_PUBLISH, self.settings.tz)
        self._check_photo(candidacy_id, body.photo_url)
        previous = self.profiles.get(candidacy_id)
        content = ProfileContent.model_validate(body.model_dump(exclude={"identity"}))
        identity = None
        if body.identity is not None and body.identity.consent:
            kept = previous.identity if previous and previous.identity else None
            same = kept is not None and kept.answers == body.identity.answers
            identity = (
                kept
                if same
                else IdentityRecord(
                    consent=True, answers=body.identity.answers, recorded_at=now, recorded_by=principal.user_id
                )
            )
        stored = StoredProfile(
            candidacy_id=candidacy_id,
            process_id=process.id,
            contender_id=candidacy.contender_id,
            version=(previous.version + 1) if previous else 1,
            content=content,
            identity=identity,
            updated_at=now,
            updated_by=principal.user_id,
        )
        before = self._comparable(previous)
        after = self._comparable(stored)
        changed = changed_fields(before, after)
        if previous is not None and not changed:
            return self._party_view(previous)  # nothing changed: no new version
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
            before=previous.model_dump(mode="json") if previous else None,
            after=stored.model_dump(mode="json"),
        )
        self.profiles.save(stored, change, self.audit.operations(entry))
        return self._party_view(stored)

    @staticmethod
    def _comparable(profile: StoredProfile | None) -> dict[str, object]:
        content = profile.content if profile else ProfileContent()
        fields: dict[str, object] = content.model_dump(mode="json")
        identity = profile.identity if profile else None
        fields["identity"] = identity.answers.model_dump() if identity else None
        return fields

    def photo_upload(self, principal: Principal, candidacy_id: str, body: PhotoUploadRequest) -> PhotoUpload:
        process, _, _ = self._own(principal, candidacy_id)
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
