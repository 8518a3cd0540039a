"""Which writes each phase allows. Enforced on the server for every phase-gated write.

Proposals are accepted in `registration` and `campaign`; parties publish (profiles, answers,
platforms) only in `campaign`. From the veda until polls close everything a party publishes
is frozen and nothing is forwarded; the platform stays readable.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from chalicelib.elections.models import ElectoralProcess, Phase
from chalicelib.elections.phases import PhaseState, phase_at
from chalicelib.errors import PhaseClosed
from chalicelib.messages import long_datetime, text


class PhasedAction(StrEnum):
    SUBMIT_PROPOSAL = "submit_proposal"
    SUPPORT_PROPOSAL = "support_proposal"
    PARTY_PUBLISH = "party_publish"


ALLOWED_PHASES: dict[PhasedAction, frozenset[Phase]] = {
    PhasedAction.SUBMIT_PROPOSAL: frozenset({Phase.REGISTRATION, Phase.CAMPAIGN}),
    PhasedAction.SUPPORT_PROPOSAL: frozenset({Phase.REGISTRATION, Phase.CAMPAIGN}),
    PhasedAction.PARTY_PUBLISH: frozenset({Phase.CAMPAIGN}),
}
# While these phases last nothing is forwarded to parties or citizens.
FROZEN_PHASES = frozenset({Phase.VEDA, Phase.ELECTION_DAY})


class PhaseClosedError(PhaseClosed):
    """The process's current phase does not allow this write."""

    code = "phase_closed"


def require_phase(process: ElectoralProcess, now: datetime, action: PhasedAction, tz: ZoneInfo) -> PhaseState:
    state = phase_at(process.calendar, now)
    if state.phase in ALLOWED_PHASES[action]:
        return state
    until = text("phase.until", when=long_datetime(state.ends_at, tz)) if state.ends_at else text("phase.no_end")
    raise PhaseClosedError(
        text(
            f"phase_closed.{action.value}",
            process=process.name,
            phase=text(f"phase.{state.phase.value}"),
            until=until,
        ),
        {
            "phase": state.phase.value,
            "ends_at": state.ends_at.isoformat() if state.ends_at else None,
            "allowed_phases": sorted(p.value for p in ALLOWED_PHASES[action]),
        },
    )


def is_frozen(process: ElectoralProcess, now: datetime) -> bool:
    """True from the start of the veda until polls close: nothing is forwarded."""
    return phase_at(process.calendar, now).phase in FROZEN_PHASES
