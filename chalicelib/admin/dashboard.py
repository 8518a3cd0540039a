"""The election-day dashboard: one day's stream-derived counts (one GetItem), the dead-letter
queues' depth (SQS, two calls per queue) and the runbooks. Constant work whatever the data size."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from chalicelib.adapters.dead_letters import DeadLetterDepth
from chalicelib.admin.models import DashboardQuery, DayActivity, DeadLetters, ElectionDayDashboard, Runbook
from chalicelib.events.activity import ACTIVITY_COUNTERS, local_day
from chalicelib.messages import text
from chalicelib.settings import Settings
from chalicelib.storage.tally_store import TallyStore

# (title code, document in the repository)
RUNBOOKS = (
    ("dashboard.runbook.dead_letters", "README.md#runbooks"),
    ("dashboard.runbook.bounces", "README.md#runbooks"),
    ("dashboard.runbook.veda", "docs/election-day.md#before-election-day"),
    ("dashboard.runbook.capacity", "docs/election-day.md#capacity-plan"),
    ("dashboard.runbook.deploy", "docs/deploy.md"),
)


@dataclass
class ElectionDayDesk:
    settings: Settings
    tallies: TallyStore
    dead_letters: DeadLetterDepth
    clock: Callable[[], datetime]

    def dashboard(self, query: DashboardQuery) -> ElectionDayDashboard:
        day = query.day or local_day(self.clock())
        counts = self.tallies.counts_of_day(day.isoformat(), ACTIVITY_COUNTERS)
        depths = self.dead_letters.depths()
        base = self.settings.runbooks_base_url.rstrip("/")
        return ElectionDayDashboard(
            day=day,
            activity=DayActivity(**counts),
            dead_letters=DeadLetters(party=depths.get("party"), citizen=depths.get("citizen")),
            runbooks=[
                Runbook(title=text(code), document=document, url=f"{base}/{document}" if base else None)
                for code, document in RUNBOOKS
            ],
        )
