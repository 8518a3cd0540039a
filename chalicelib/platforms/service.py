"""Reading and loading party platforms.

Every party and coalition of a process is listed in ballot order, all alike; one without a
platform is listed as "no publicada" with empty fields, never filled in. Independent candidacies
run for one ballot, so they appear here only once they have a platform.

Who may load a platform: a party editor, for its own party or a coalition its party belongs to,
only while the process is in campaign (`PARTY_PUBLISH`); the institute (ieem_admin), for any
contender and in any phase except the veda and election day, when everything parties publish
is frozen.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from chalicelib.audit.log import AuditLog
from chalicelib.auth.principal import ForbiddenError, Principal
from chalicelib.elections.models import Contender, ElectoralProcess, Phase
from chalicelib.elections.phase_rules import PhaseClosedError, PhasedAction, is_frozen, require_phase
from chalicelib.elections.phases import phase_at
from chalicelib.elections.printed_ballot import JOINT_KINDS, in_printed_order
from chalicelib.elections.public import NotFoundError, find_process
from chalicelib.messages import long_datetime, text
from chalicelib.platforms.models import (
    Commitment,
    CommitmentView,
    ContenderRef,
    LoadedBy,
    PartyPlatformInput,
    Platform,
    PlatformInput,
    PlatformList,
    PlatformStatus,
    PlatformView,
    TopicCount,
)
from chalicelib.storage.civic_store import CivicStore
from chalicelib.storage.election_store import ElectionStore
from chalicelib.topics import TOPIC_LABELS, Topic


class ContenderNotFoundError(NotFoundError):
    code = "contender_not_found"


class PlatformForbiddenError(ForbiddenError):
    """A party editor acting on a platform that is not its party's nor its coalition's."""

    code = "platform_forbidden"


class PlatformFrozenError(PhaseClosedError):
    """The institute cannot load platforms during the veda and election day."""

    code = "phase_closed"


def contender_ref(contender: Contender) -> ContenderRef:
    return ContenderRef(
        id=contender.id,
        kind=contender.kind,
        name=contender.name,
        short_name=contender.short_name,
        members=contender.members,
        ballot_order=contender.ballot_order,
        colors=contender.colors,
        fictional=contender.fictional,
    )


def _commitments(commitments: list[Commitment], topic: Topic | None) -> list[CommitmentView]:
    return [
        CommitmentView(topic=c.topic, topic_label=TOPIC_LABELS[c.topic], text=c.text)
        for c in commitments
        if topic is None or c.topic == topic
    ]


def _view(contender: Contender, platform: Platform | None, topic: Topic | None, closed: bool = False) -> PlatformView:
    if platform is None:
        # Never imply a real party withheld it: in a closed real process it was simply not captured here.
        status = PlatformStatus.NOT_CAPTURED if closed else PlatformStatus.NOT_PUBLISHED
        return PlatformView(
            contender=contender_ref(contender),
            status=status,
            status_label=text(f"platform.{status.value}"),
            title=None,
            summary=None,
            document_url=None,
            commitments=[],
            commitments_total=0,
            fictional=contender.fictional,
            loaded_by=None,
            updated_at=None,
        )
    return PlatformView(
        contender=contender_ref(contender),
        status=PlatformStatus.PUBLISHED,
        status_label=text("platform.published"),
        title=platform.title,
        summary=platform.summary,
        document_url=platform.document_url,
        commitments=_commitments(platform.commitments, topic),
        commitments_total=len(platform.commitments),
        fictional=platform.fictional,
        loaded_by=platform.loaded_by,
        updated_at=platform.updated_at,
    )


def list_platforms(
    civic: CivicStore, elections: ElectionStore, process_id: str, topic: Topic | None, now: datetime
) -> PlatformList:
    """Every contender of the process side by side, optionally on one topic (3 reads)."""
    process = find_process(elections, process_id)
    platforms = {p.contender_id: p for p in civic.list_platforms(process_id)}
    # Every contender alike (parties, coalitions, independents), in the printed order.
    shown = in_printed_order(elections.list_contenders(process_id))
    closed = not process.is_drill and phase_at(process.calendar, now).phase in (Phase.RESULTS, Phase.CLOSED)
    counts = {t: 0 for t in Topic}
    for platform in platforms.values():
        for commitment in platform.commitments:
            counts[commitment.topic] += 1
    published = sum(1 for c in shown if c.id in platforms)
    notice = None
    if process.is_drill:
        notice = text("platform.drill_notice")
    elif published == 0:
        notice = text("platform.none_published")
    return PlatformList(
        process_id=process.id,
        process_name=process.name,
        is_drill=process.is_drill,
        topic=topic,
        topic_label=TOPIC_LABELS[topic] if topic else None,
        topics=[TopicCount(code=t, label=TOPIC_LABELS[t], commitments=n) for t, n in counts.items()],
        platforms=[_view(c, platforms.get(c.id), topic, closed) for c in shown],
        notice=notice,
    )


def _store_platform(
    civic: CivicStore,
    contender: Contender,
    body: PlatformInput,
    principal: Principal,
    loaded_by: LoadedBy,
    now: datetime,
    audit: AuditLog | None = None,
) -> PlatformView:
    previous = civic.get_platform(contender.process_id, contender.id) if audit else None
    platform = Platform(
        process_id=contender.process_id,
        contender_id=contender.id,
        title=body.title,
        summary=body.summary,
        document_url=body.document_url,
        commitments=body.commitments,
        fictional=contender.fictional,
        loaded_by=loaded_by,
        updated_by=principal.user_id,
        updated_at=now,
    )
    # The institute's own changes say so (`platform.institute`), apart from the party's.
    audited = (
        audit.entry_operations(
            principal,
            f"platform.{loaded_by.value}",
            f"platform/{contender.process_id}/{contender.id}",
            now,
            before=_audited(previous) if previous else None,
            after=_audited(platform),
        )
        if audit is not None
        else []
    )
    civic.save_platform(platform, audited)
    return _view(contender, platform, None)


def _audited(platform: Platform) -> dict[str, Any]:
    return platform.model_dump(mode="json", include={"title", "summary", "document_url", "commitments", "loaded_by"})


def save_party_platform(
    civic: CivicStore,
    elections: ElectionStore,
    principal: Principal,
    process_id: str,
    body: PartyPlatformInput,
    now: datetime,
    tz: ZoneInfo,
    audit: AuditLog | None = None,
) -> PlatformView:
    """A party editor loads its party's (or its coalition's) platform, during campaigns only."""
    process = find_process(elections, process_id)
    if not principal.party_id:
        raise PlatformForbiddenError(text("platform.no_party"), {"field": "party_id"})
    target = body.contender_id or principal.party_id
    contender = elections.get_contender(process_id, target)
    if contender is None:
        if target == principal.party_id:
            raise PlatformForbiddenError(
                text("platform.party_not_in_process", process=process.name), {"field": "party_id"}
            )
        raise ContenderNotFoundError(
            text("contender_not_found", contender=target, process=process.name), {"field": "contender_id"}
        )
    own = contender.id == principal.party_id
    coalition = contender.kind in JOINT_KINDS and principal.party_id in contender.members
    if not (own or coalition):
        raise PlatformForbiddenError(text("platform.not_yours"), {"field": "contender_id"})
    require_phase(process, now, PhasedAction.PARTY_PUBLISH, tz)
    return _store_platform(civic, contender, body, principal, LoadedBy.PARTY, now, audit)


def _require_not_frozen(process: ElectoralProcess, now: datetime, tz: ZoneInfo) -> None:
    if not is_frozen(process, now):
        return
    state = phase_at(process.calendar, now)
    until = text("phase.until", when=long_datetime(state.ends_at, tz)) if state.ends_at else text("phase.no_end")
    raise PlatformFrozenError(
        text(
            "phase_closed.institute_platform",
            process=process.name,
            phase=text(f"phase.{state.phase.value}"),
            until=until,
        ),
        {"phase": state.phase.value, "ends_at": state.ends_at.isoformat() if state.ends_at else None},
    )


def save_institute_platform(
    civic: CivicStore,
    elections: ElectionStore,
    principal: Principal,
    process_id: str,
    contender_id: str,
    body: PlatformInput,
    now: datetime,
    tz: ZoneInfo,
    audit: AuditLog | None = None,
) -> PlatformView:
    """The institute loads a contender's platform (e.g. from the official document)."""
    process = find_process(elections, process_id)
    contender = elections.get_contender(process_id, contender_id)
    if contender is None:
        raise ContenderNotFoundError(
            text("contender_not_found", contender=contender_id, process=process.name), {"field": "contender_id"}
        )
    _require_not_frozen(process, now, tz)
    return _store_platform(civic, contender, body, principal, LoadedBy.INSTITUTE, now, audit)
