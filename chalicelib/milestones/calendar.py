"""The calendar of a process as milestones with Spanish labels, and as an iCalendar feed.

Milestones come only from the process's stored calendar: a date the sources do not give is
listed under `not_available`, never guessed. Each milestone names the phase that starts with it,
and the one whose phase is in force now is flagged `current`.
"""

from __future__ import annotations

import datetime as dt
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict

from chalicelib.elections.models import ElectoralProcess, Phase, ProcessKind
from chalicelib.elections.phases import phase_at
from chalicelib.messages import text
from chalicelib.milestones.ical import Event, Feed


class Milestone(StrEnum):
    PROCESS_START = "process_start"
    REGISTRATION_START = "registration_start"
    CAMPAIGN_START = "campaign_start"
    VEDA_START = "veda_start"
    ELECTION_DAY = "election_day"
    POLLS_CLOSE = "polls_close"
    CLOSES_AT = "closes_at"


class MilestoneView(BaseModel):
    model_config = ConfigDict(frozen=True)

    code: Milestone
    label: str
    description: str
    phase: Phase
    current: bool
    starts_at: datetime
    ends_at: datetime | None
    all_day: bool
    date: dt.date
    end_date: dt.date | None


class MissingMilestone(BaseModel):
    model_config = ConfigDict(frozen=True)

    code: Milestone
    label: str
    note: str


class CurrentPhase(BaseModel):
    model_config = ConfigDict(frozen=True)

    code: Phase
    label: str
    started_at: datetime | None
    ends_at: datetime | None


class CalendarView(BaseModel):
    process_id: str
    process_name: str
    is_drill: bool
    timezone: str
    current_phase: CurrentPhase
    milestones: list[MilestoneView]
    not_available: list[MissingMilestone]
    notes: list[str]
    sources: list[str]
    ics_path: str


def _capitalized(value: str) -> str:
    return value[:1].upper() + value[1:]


def phase_label(phase: Phase) -> str:
    return _capitalized(text(f"phase.{phase.value}"))


def _is_midnight(value: datetime, tz: ZoneInfo) -> bool:
    return value.astimezone(tz).time() == time(0, 0)


def _last_day(end: datetime, tz: ZoneInfo) -> date:
    """The last local day a period covers: a period ending at 00:00 ends the day before."""
    local = end.astimezone(tz)
    return local.date() - timedelta(days=1) if local.time() == time(0, 0) else local.date()


def _hour(value: datetime, tz: ZoneInfo) -> str:
    return f"{value.astimezone(tz):%H:%M}"


def milestones(process: ElectoralProcess, now: datetime, tz: ZoneInfo) -> tuple[list[MilestoneView], list[Milestone]]:
    """The known milestones in order, and the codes of those the sources do not give."""
    cal = process.calendar
    campaign_or_veda = cal.campaign_start or cal.veda_start
    raw: list[tuple[Milestone, Phase, datetime | None, datetime | None, dict[str, str]]] = [
        (
            Milestone.PROCESS_START,
            Phase.PREPARATION,
            datetime.combine(cal.process_start, time(0, 0), tzinfo=tz),
            None,
            {},
        ),
        (Milestone.REGISTRATION_START, Phase.REGISTRATION, cal.registration_start, campaign_or_veda, {}),
        (Milestone.CAMPAIGN_START, Phase.CAMPAIGN, cal.campaign_start, cal.veda_start, {}),
        (Milestone.VEDA_START, Phase.VEDA, cal.veda_start, cal.polls_close, {"close": _hour(cal.polls_close, tz)}),
        (
            Milestone.ELECTION_DAY,
            Phase.ELECTION_DAY,
            cal.election_day_start,
            None,
            {"close": _hour(cal.polls_close, tz)},
        ),
        (Milestone.POLLS_CLOSE, Phase.RESULTS, cal.polls_close, None, {}),
        (Milestone.CLOSES_AT, Phase.CLOSED, cal.closes_at, None, {}),
    ]
    current = phase_at(cal, now).phase
    found: list[MilestoneView] = []
    missing: list[Milestone] = []
    for code, phase, start, end, params in raw:
        if start is None:
            missing.append(code)
            continue
        all_day = _is_midnight(start, tz)
        # An extraordinary process starts with the ruling that annulled the ordinary election:
        # the date is labelled by what it is, not as the start of an ordinary process.
        key = f"milestone.{code.value}"
        if code == Milestone.PROCESS_START and process.kind == ProcessKind.EXTRAORDINARY:
            key = "milestone.process_start.extraordinary"
        found.append(
            MilestoneView(
                code=code,
                label=text(key),
                description=text(f"{key}.about", **params),
                phase=phase,
                current=phase == current,
                starts_at=start,
                ends_at=end,
                all_day=all_day,
                date=start.astimezone(tz).date(),
                end_date=_last_day(end, tz) if end is not None else None,
            )
        )
    return found, missing


def calendar_view(process: ElectoralProcess, now: datetime, tz: ZoneInfo) -> CalendarView:
    found, missing = milestones(process, now, tz)
    state = phase_at(process.calendar, now)
    return CalendarView(
        process_id=process.id,
        process_name=process.name,
        is_drill=process.is_drill,
        timezone=tz.key,
        current_phase=CurrentPhase(
            code=state.phase, label=phase_label(state.phase), started_at=state.started_at, ends_at=state.ends_at
        ),
        milestones=found,
        not_available=[
            MissingMilestone(code=code, label=text(f"milestone.{code.value}"), note=text("milestone.not_available"))
            for code in missing
        ],
        notes=process.notes,
        sources=process.sources,
        ics_path=f"/v1/processes/{process.id}/calendar.ics",
    )


def _event(process: ElectoralProcess, milestone: MilestoneView, tz: ZoneInfo) -> Event:
    prefix = text("calendar.drill_prefix") if process.is_drill else ""
    description = f"{milestone.description}\n\n{process.name}"
    if milestone.all_day:
        last = milestone.end_date or milestone.date
        return Event(
            uid=f"{process.id}.{milestone.code.value}@decide-ieem",
            summary=prefix + milestone.label,
            start=milestone.date,
            end=last + timedelta(days=1),
            description=description,
            categories=(text("calendar.category"),),
        )
    return Event(
        uid=f"{process.id}.{milestone.code.value}@decide-ieem",
        summary=prefix + milestone.label,
        start=milestone.starts_at,
        end=milestone.ends_at,
        description=description,
        categories=(text("calendar.category"),),
    )


def ics_feed(process: ElectoralProcess, now: datetime, tz: ZoneInfo) -> str:
    """The process's milestones as an iCalendar feed; DTSTAMP is the day's start (UTC) so the
    feed, and its ETag, stay the same all day unless the calendar changes."""
    found, _ = milestones(process, now, tz)
    stamp = datetime.combine(now.astimezone(UTC).date(), time(0, 0), tzinfo=UTC)
    about = text("calendar.feed_description_drill" if process.is_drill else "calendar.feed_description")
    feed = Feed(
        name=text("calendar.feed_name", process=process.name),
        description=about,
        timezone=tz.key,
        events=[_event(process, m, tz) for m in found],
    )
    return feed.render(stamp)
