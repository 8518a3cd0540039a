"""A process's calendar (the view and its iCalendar feed) as one service owning its store, clock and
time zone."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from chalicelib.elections.public import find_process
from chalicelib.milestones import calendar
from chalicelib.storage.election_store import ElectionStore


class ProcessCalendar:
    def __init__(self, store: ElectionStore, clock: Callable[[], datetime], tz: ZoneInfo) -> None:
        self.store = store
        self.clock = clock
        self.tz = tz

    def view(self, process_id: str) -> calendar.CalendarView:
        return calendar.calendar_view(find_process(self.store, process_id), self.clock(), self.tz)

    def feed(self, process_id: str) -> str:
        return calendar.ics_feed(find_process(self.store, process_id), self.clock(), self.tz)
