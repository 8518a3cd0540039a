"""The institute validates a profile before the public sees it: captured → in review → published,
or returned to the party with a reason.

| action  | who                                   | from                              | to        |
|---------|---------------------------------------|-----------------------------------|-----------|
| edit    | the candidacy's party editor          | (none), captured, returned, published | captured |
| submit  | the candidacy's party editor          | captured, returned                | in_review |
| publish | an institute reviewer (moderator, admin) | in_review                      | published |
| return  | an institute reviewer, with a reason  | in_review                         | returned  |
| read    | the party editor, or a reviewer       | any                               | -         |

Editing a published profile starts a new captured version; the public keeps reading the last
published one until the institute publishes the new one. `authorize` (in the profile desk,
next to `may_act_for`) is the one place that says who may do what to a candidacy's profile.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from chalicelib.errors import Conflict, field_problem
from chalicelib.messages import text
from chalicelib.profiles.models import ReviewStatus
from chalicelib.profiles.questionnaire import nullable_text


class ProfileAction(StrEnum):
    READ = "read"
    EDIT = "edit"
    SUBMIT = "submit"
    PUBLISH = "publish"
    RETURN = "return"


PARTY_ACTIONS = frozenset({ProfileAction.EDIT, ProfileAction.SUBMIT})
REVIEW_ACTIONS = frozenset({ProfileAction.PUBLISH, ProfileAction.RETURN})

FROM_STATES: dict[ProfileAction, frozenset[ReviewStatus | None]] = {
    ProfileAction.EDIT: frozenset({None, ReviewStatus.CAPTURED, ReviewStatus.RETURNED, ReviewStatus.PUBLISHED}),
    ProfileAction.SUBMIT: frozenset({ReviewStatus.CAPTURED, ReviewStatus.RETURNED}),
    ProfileAction.PUBLISH: frozenset({ReviewStatus.IN_REVIEW}),
    ProfileAction.RETURN: frozenset({ReviewStatus.IN_REVIEW}),
}
RESULT: dict[ProfileAction, ReviewStatus] = {
    ProfileAction.EDIT: ReviewStatus.CAPTURED,
    ProfileAction.SUBMIT: ReviewStatus.IN_REVIEW,
    ProfileAction.PUBLISH: ReviewStatus.PUBLISHED,
    ProfileAction.RETURN: ReviewStatus.RETURNED,
}


class ProfileStateError(Conflict):
    """The profile is not in a state that allows the action (409)."""

    code = "profile_state"


def require_state(action: ProfileAction, status: ReviewStatus | None) -> ReviewStatus:
    """The state `action` leads to, or a 409 naming the state the profile is in."""
    if status not in FROM_STATES[action]:
        state = text(f"profile_status.{status.value}") if status else text("profile_status.none")
        raise ProfileStateError(
            text(f"profile_review.cannot_{action.value}", state=state),
            {"field": "status", "status": status.value if status else None},
        )
    return RESULT[action]


class SubmitForReview(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int = Field(ge=1, description="The version the party reviewed and sends (guards against a stale page)")


class ReviewDecision(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    decision: ReviewStatus = Field(description="published or returned")
    version: int = Field(ge=1, description="The version the reviewer read")
    reason: Annotated[Annotated[str, Field(max_length=1000)] | None, BeforeValidator(nullable_text)] = Field(
        default=None, description="Required when returned: what the party must fix"
    )

    @field_validator("decision")
    @classmethod
    def _publish_or_return(cls, value: ReviewStatus) -> ReviewStatus:
        if value not in (ReviewStatus.PUBLISHED, ReviewStatus.RETURNED):
            raise ValueError(text("profile_review.decision"))
        return value

    def problems(self) -> list[dict[str, str]]:
        """A return needs a reason the party can act on (checked here so the error names `reason`)."""
        if self.decision == ReviewStatus.RETURNED and (self.reason is None or len(self.reason) < 10):
            return [field_problem("reason", "reason_needed", text("profile_review.reason_needed"))]
        return []

    @property
    def action(self) -> ProfileAction:
        return ProfileAction.PUBLISH if self.decision == ReviewStatus.PUBLISHED else ProfileAction.RETURN


class ProfileSummary(BaseModel):
    """One profile in a reviewer's queue or a party's list: where it stands and why."""

    model_config = ConfigDict(frozen=True)

    candidacy_id: str
    ballot_id: str
    place: str
    contender_id: str
    contender_name: str
    owner: str | None
    version: int
    status: ReviewStatus
    updated_at: datetime
    submitted_at: datetime | None = None
    reason: str | None = Field(default=None, description="Why the institute returned it")
    published_at: datetime | None = None
    fictional: bool = False


class ReviewQueuePage(BaseModel):
    process_id: str
    items: list[ProfileSummary]
    next_cursor: str | None


class PartyProfileStates(BaseModel):
    process_id: str
    items: list[ProfileSummary]


class ReviewQueueQuery(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    process: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{1,40}$", description="Process id")
    limit: int = Field(default=20, ge=1, le=50)
    cursor: str | None = Field(default=None, max_length=2000)


class PartyStatesQuery(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    process: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{1,40}$", description="Process id")
