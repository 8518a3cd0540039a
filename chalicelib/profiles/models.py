"""Profile fields, modelled on Mexican candidate-information systems (INE's Conóceles and the
local institutes' versions): a field not provided is `null`, never sentinel text; links are typed;
the identity questionnaire is published only with explicit, recorded consent."""

from __future__ import annotations

import re
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from chalicelib.messages import text
from chalicelib.profiles.questionnaire import (
    CURRENT_QUESTIONNAIRE,
    MAX_PROPOSALS_ANY_VERSION,
    QUESTIONNAIRES,
    AffirmativeAction,
    LongText,
    PersonQuestionnaire,
    ShortText,
    nullable_text,
)

_nullable_text = nullable_text


def _https(value: str | None) -> str | None:
    if value is None:
        return None
    parts = urlsplit(value)
    if parts.scheme != "https" or not parts.hostname or " " in value:
        raise ValueError(text("validation.https_link"))
    return value


HttpsUrl = Annotated[
    Annotated[str, Field(max_length=500)] | None, BeforeValidator(_nullable_text), AfterValidator(_https)
]

LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}


def _photo_url(value: str | None) -> str | None:
    """https, or http on this machine: the local stack's photo bucket is the moto server.

    Which URLs are accepted is decided by the photos prefix check in the profile desk (only
    objects uploaded under the candidacy's prefix of the configured photos URL, https in AWS).
    """
    if value is None:
        return None
    parts = urlsplit(value)
    if parts.scheme == "http" and parts.hostname in LOOPBACK_HOSTS and " " not in value:
        return value
    return _https(value)


PhotoUrl = Annotated[
    Annotated[str, Field(max_length=500)] | None, BeforeValidator(_nullable_text), AfterValidator(_photo_url)
]

NETWORK_HOSTS: dict[str, tuple[str, ...]] = {
    "facebook": ("facebook.com", "fb.com"),
    "x": ("x.com", "twitter.com"),
    "instagram": ("instagram.com",),
    "tiktok": ("tiktok.com",),
    "youtube": ("youtube.com", "youtu.be"),
}


class ProfileLinks(BaseModel):
    """One typed link per network; each an https URL on that network's domain."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    website: HttpsUrl = None
    facebook: HttpsUrl = None
    x: HttpsUrl = None
    instagram: HttpsUrl = None
    tiktok: HttpsUrl = None
    youtube: HttpsUrl = None

    @model_validator(mode="after")
    def _on_their_network(self) -> ProfileLinks:
        for network, hosts in NETWORK_HOSTS.items():
            url = getattr(self, network)
            host = (urlsplit(url).hostname or "") if url else ""
            if url and not any(host == h or host.endswith("." + h) for h in hosts):
                raise ValueError(text("validation.network_host", network=network, hosts=" o ".join(hosts)))
        return self


class IdentityAnswers(BaseModel):
    """Self-identification questionnaire; null means not answered."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    indigenous: bool | None = None
    disability: bool | None = None
    afro_mexican: bool | None = None
    lgbtttiq: bool | None = None
    migrant: bool | None = None
    youth: bool | None = None
    older_adult: bool | None = Field(default=None, description="Persona adulta mayor (60 years or over)")


class IdentityInput(BaseModel):
    """Refused from parties since the candidate's own link exists (kept so the error names the field)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    consent: bool = Field(description="The candidate explicitly agreed to publish these answers")
    answers: IdentityAnswers = Field(default_factory=IdentityAnswers)

    @model_validator(mode="after")
    def _consent_first(self) -> IdentityInput:
        if not self.consent and any(v is not None for v in self.answers.model_dump().values()):
            raise ValueError(text("validation.identity_needs_consent"))
        return self


class ProfileContent(PersonQuestionnaire):
    """The published fields of a profile: the owner's curricular answers (top level, as in version 1),
    the substitute's (`substitute`), and the slate's campaign fields."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    questionnaire_version: int = Field(
        default=1, description="The questionnaire version the record was captured under (set by the server)"
    )
    photo_url: PhotoUrl = None
    why_running: LongText = None
    proposals: list[Annotated[str, Field(min_length=1, max_length=600)]] = Field(
        default_factory=list, max_length=MAX_PROPOSALS_ANY_VERSION
    )
    gender_agenda_proposal: ShortText = None
    links: ProfileLinks = Field(default_factory=ProfileLinks)
    affirmative_action: Annotated[AffirmativeAction | None, BeforeValidator(_nullable_text)] = Field(
        default=None, description="The group the candidacy was registered under as an affirmative action, if any"
    )
    substitute: PersonQuestionnaire = Field(default_factory=PersonQuestionnaire)

    @field_validator("proposals", mode="before")
    @classmethod
    def _drop_empty(cls, value: Any) -> Any:
        if isinstance(value, list):
            return [v for v in (_nullable_text(v) for v in value) if v is not None]
        return value

    @field_validator("questionnaire_version")
    @classmethod
    def _known_version(cls, value: int) -> int:
        if value not in QUESTIONNAIRES:
            raise ValueError(text("validation.unknown_questionnaire_version", version=value))
        return value


class ProfileInput(ProfileContent):
    questionnaire_version: int = Field(
        default=CURRENT_QUESTIONNAIRE, description="Ignored: the server uses the process's questionnaire"
    )
    identity: IdentityInput | None = None


class IdentityRecord(BaseModel):
    """The answers and the record of the consent: when it was recorded and by whom.

    Given by the candidate through the emailed link (`consent.py`): `recorded_by` is the link,
    with the consent text version and the consented items. Records without a text version were
    ticked by a party before the link existed (`decide scrub-identity` removes them)."""

    model_config = ConfigDict(frozen=True)

    consent: bool
    answers: IdentityAnswers
    recorded_at: datetime
    recorded_by: str
    text_version: str | None = None
    consented_items: list[str] | None = None


class ReviewStatus(StrEnum):
    """The institute validates a profile before it is published (Conóceles rules)."""

    CAPTURED = "captured"
    IN_REVIEW = "in_review"
    RETURNED = "returned"
    PUBLISHED = "published"


class ReviewNote(BaseModel):
    """The last decision of a reviewer: when, and the reason given to the party when returned."""

    model_config = ConfigDict(frozen=True)

    decision: ReviewStatus
    at: datetime
    reason: str | None = None


class StoredProfile(BaseModel):
    """The working copy of a profile (`CANDIDACY#<id>/PROFILE`); the public reads the published copy.

    Records saved before the validation workflow existed have no status: they were public the
    moment they were saved, so they read as published."""

    model_config = ConfigDict(frozen=True)

    candidacy_id: str
    process_id: str
    contender_id: str
    version: int
    content: ProfileContent
    identity: IdentityRecord | None = None
    updated_at: datetime
    updated_by: str
    status: ReviewStatus = ReviewStatus.PUBLISHED
    submitted_at: datetime | None = None
    review: ReviewNote | None = None
    published_at: datetime | None = None
    # Published through the review, so its values are in the search index and the statistics.
    indexed: bool = False


class ProfileVersion(BaseModel):
    """One change: who (role and contender, never the person's email), when, which fields."""

    model_config = ConfigDict(frozen=True)

    candidacy_id: str
    version: int
    at: datetime
    by_role: str
    by_contender: str | None
    changed_fields: list[str]


class PublicIdentity(BaseModel):
    answers: IdentityAnswers
    consent_recorded_at: datetime


class PublicProfile(BaseModel):
    """What everyone reads: the content, and the identity answers only with recorded consent."""

    content: ProfileContent
    identity: PublicIdentity | None
    version: int
    updated_at: datetime
    published_at: datetime | None = Field(description="When the institute published this version")

    @classmethod
    def of(cls, stored: StoredProfile) -> PublicProfile:
        identity = None
        if stored.identity is not None and stored.identity.consent:
            identity = PublicIdentity(answers=stored.identity.answers, consent_recorded_at=stored.identity.recorded_at)
        return cls(
            content=stored.content,
            identity=identity,
            version=stored.version,
            updated_at=stored.updated_at,
            published_at=stored.published_at or stored.updated_at,
        )


class PartyProfileView(BaseModel):
    """What the party editor reads back: everything, with the consent record."""

    candidacy_id: str
    process_id: str
    contender_id: str
    version: int
    content: ProfileContent
    identity: IdentityRecord | None
    updated_at: datetime | None
    status: ReviewStatus | None = Field(description="None until the first save")
    submitted_at: datetime | None = None
    review: ReviewNote | None = Field(default=None, description="The last decision, with the reason if returned")
    published_at: datetime | None = Field(default=None, description="When a version was last published")
    published_version: int | None = Field(default=None, description="The version the public reads, if any")


class ProfileHistory(BaseModel):
    candidacy_id: str
    changes: list[ProfileVersion]
    next_cursor: str | None


class PhotoUploadRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    content_type: str = Field(pattern=r"^image/(jpeg|png|webp)$", description="image/jpeg, image/png or image/webp")


class PhotoUpload(BaseModel):
    """A presigned S3 POST: send `fields` plus the file (field `file`) as multipart/form-data to `url`."""

    url: str
    fields: dict[str, str]
    photo_url: str
    max_bytes: int
    expires_in: int


def changed_fields(before: dict[str, Any], after: dict[str, Any], prefix: str = "") -> list[str]:
    """Dotted names of the leaves that differ (links.x, identity, ...)."""
    changed = []
    for name in sorted(set(before) | set(after)):
        old, new = before.get(name), after.get(name)
        if isinstance(old, dict) and isinstance(new, dict) and name == "links":
            changed += changed_fields(old, new, f"{prefix}{name}.")
        elif old != new:
            changed.append(f"{prefix}{name}")
    return changed


EXTENSIONS_PATTERN = re.compile(r"[0-9a-f]{32}\.(jpg|png|webp)")
