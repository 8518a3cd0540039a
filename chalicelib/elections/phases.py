"""A process's phase, derived from its calendar and a clock."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from chalicelib.elections.models import Calendar, Phase


class PhaseState(BaseModel):
    model_config = ConfigDict(frozen=True)

    phase: Phase
    started_at: datetime | None
    ends_at: datetime | None


def phase_at(calendar: Calendar, now: datetime) -> PhaseState:
    """The phase in force at `now` (an aware datetime) with its bounds.

    Each phase starts at its boundary inclusive: at `veda_start` exactly the veda is in force.
    """
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    campaign_start = calendar.campaign_start or calendar.veda_start
    opens = calendar.registration_start or campaign_start
    boundaries: list[tuple[Phase, datetime | None, datetime | None]] = [
        (Phase.PREPARATION, None, opens),
    ]
    if calendar.registration_start is not None:
        boundaries.append((Phase.REGISTRATION, calendar.registration_start, campaign_start))
    if calendar.campaign_start is not None:
        boundaries.append((Phase.CAMPAIGN, calendar.campaign_start, calendar.veda_start))
    boundaries += [
        (Phase.VEDA, calendar.veda_start, calendar.election_day_start),
        (Phase.ELECTION_DAY, calendar.election_day_start, calendar.polls_close),
        (Phase.RESULTS, calendar.polls_close, calendar.closes_at),
        (Phase.CLOSED, calendar.closes_at, None),
    ]
    for phase, start, end in boundaries:
        if end is None or now < end:
            return PhaseState(phase=phase, started_at=start, ends_at=end)
    raise AssertionError("unreachable: the last phase has no end")
