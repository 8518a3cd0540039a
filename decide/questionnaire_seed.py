"""Fictional Conóceles questionnaires for the drill, published through the institute's review.

Twelve drill candidacies (four council ballots, every contender of each) get a fictional
questionnaire that goes the whole way a real one goes: the party saves it, the fictional
candidate answers the identity questionnaire through its own link, the party sends it to review, a
reviewer publishes it; so the search index and the statistics are filled by the same code.
The figures are small on purpose, so they can be counted by hand from `PROFILES` (the
statistics test does). Everything here is labelled fictional.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from chalicelib.audit.log import AuditLog
from chalicelib.auth.principal import Principal, Role
from chalicelib.elections.models import MEXICO_CITY, candidacy_id
from chalicelib.profiles.consent import (
    CONSENT_TEXT_VERSION,
    ConsentSubmission,
    InvitationRequest,
    ItemAnswer,
    sign_token,
)
from chalicelib.profiles.consent_desk import ConsentDesk
from chalicelib.profiles.models import ProfileInput, ReviewStatus
from chalicelib.profiles.service import ProfileDesk
from chalicelib.profiles.workflow import ReviewDecision, SubmitForReview
from chalicelib.settings import Settings
from chalicelib.storage.consent_store import ConsentStore
from chalicelib.storage.election_store import ElectionStore
from chalicelib.storage.photos import PhotoBucket
from chalicelib.storage.profile_store import ProfileStore

DRILL = "simulacro"
BALLOTS = ("simulacro.ayun.102", "simulacro.ayun.103", "simulacro.ayun.104", "simulacro.ayun.107")
CONTENDERS = ("pfa", "pfv", "pfr-pfm")
EDITOR_OF = {"pfa": "pfa", "pfv": "pfv", "pfr-pfm": "pfr"}  # a coalition's profile, by a member's editor

# (sex, age, education level, affirmative action, identity answers or None without consent), in
# BALLOTS × CONTENDERS order.
PROFILES: list[tuple[str, int, str, str | None, dict[str, bool] | None]] = [
    ("woman", 24, "bachelor", "youth", {"youth": True}),
    ("man", 27, "upper_secondary", None, {"youth": True}),
    ("woman", 45, "master", None, None),
    ("non_binary", 22, "bachelor", "youth", {"youth": True, "lgbtttiq": True}),
    ("man", 29, "technical", None, {"youth": True}),
    ("woman", 63, "doctorate", "older_adult", {"older_adult": True}),
    ("woman", 25, "bachelor", None, {"youth": True}),
    ("man", 21, "upper_secondary", "youth", {"youth": True, "indigenous": True}),
    ("woman", 28, "bachelor", None, {"youth": True}),
    ("man", 26, "master", None, {"youth": True}),
    ("woman", 23, "bachelor", None, {"youth": True}),
    ("man", 29, "upper_secondary", None, {"youth": True}),
]


def _answers(index: int) -> dict[str, Any]:
    sex, age, level, action, _ = PROFILES[index]
    body: dict[str, Any] = {
        "sex": sex,
        "age": age,
        "education_level": level,
        "education_status": "completed",
        "affirmative_action": action,
        "short_bio": f"Semblanza ficticia número {index + 1} del simulacro; no describe a ninguna persona real.",
        "why_running": "Texto ficticio del simulacro.",
        "proposals": ["Propuesta ficticia del simulacro.", "Segunda propuesta ficticia del simulacro."],
        "contact": {"email": f"candidatura{index + 1}@simulacro.example.org"},
        "substitute": {"sex": "man" if sex == "woman" else "woman", "education_level": level},
    }
    return body


# The seed answers for the fictional candidates through their own link, as a real candidate
# would; the link is signed and used at once, in this process, so its key is the seed's own.
SEED_LINK_KEY = "drill-seed-only"


def _consent(desk: ConsentDesk, editor: Principal, cid: str, index: int) -> None:
    identity = PROFILES[index][4]
    if identity is None:
        return
    desk.invite(editor, cid, InvitationRequest(email=f"candidatura{index + 1}@simulacro.example.org"))
    consent = desk.consents.get(cid)
    assert consent is not None
    token = sign_token(SEED_LINK_KEY, cid, consent.invitation.id, consent.invitation.expires_at)
    items = {name: ItemAnswer(consent=True, answer=answer) for name, answer in identity.items()}
    desk.consent(ConsentSubmission(token=token, text_version=CONSENT_TEXT_VERSION, items=items))


def seed_questionnaires(store: ElectionStore, today: date) -> int:
    """Publish the fictional questionnaires (skipping those already published); returns how many it published."""
    now = datetime.combine(today, time(12, 0), tzinfo=MEXICO_CITY)
    settings = Settings(table_name=store.table.table_name, consent_link_key=SEED_LINK_KEY)
    consents = ConsentDesk(
        settings=settings,
        elections=store,
        profiles=ProfileStore(store.table),
        consents=ConsentStore(store.table),
        audit=AuditLog(store.table),
        clock=lambda: now,
    )
    desk = ProfileDesk(
        settings=settings,
        elections=store,
        profiles=ProfileStore(store.table),
        photos=PhotoBucket("unused"),
        audit=AuditLog(store.table),
        clock=lambda: now,
    )
    reviewer = Principal(
        user_id="seed-drill-review", email="revision@simulacro.example.org", roles=frozenset({Role.IEEM_MODERATOR})
    )
    published = 0
    index = 0
    for ballot in BALLOTS:
        for contender in CONTENDERS:
            cid = candidacy_id(ballot, contender)
            editor = Principal(
                user_id=f"seed-drill-{EDITOR_OF[contender]}",
                email=f"{EDITOR_OF[contender]}@simulacro.example.org",
                roles=frozenset({Role.PARTY_EDITOR}),
                party_id=EDITOR_OF[contender],
            )
            body = _answers(index)
            index += 1
            current = desk.profiles.get(cid)
            if current is not None and current.status == ReviewStatus.PUBLISHED:
                continue
            saved = desk.save(editor, cid, ProfileInput.model_validate(body))
            if consents.consents.get(cid) is None:
                _consent(consents, editor, cid, index - 1)
            desk.submit(editor, cid, SubmitForReview(version=saved.version))
            desk.decide(reviewer, cid, ReviewDecision(decision=ReviewStatus.PUBLISHED, version=saved.version))
            published += 1
    return published
