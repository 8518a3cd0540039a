"""The institute loads results; the public reads them with the ballot (elections/public.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from chalicelib.audit.log import AuditLog
from chalicelib.auth.principal import Principal
from chalicelib.elections.models import ElectoralProcess, Phase
from chalicelib.elections.phases import phase_at
from chalicelib.elections.public import find_process
from chalicelib.errors import PhaseClosed
from chalicelib.messages import long_datetime, text
from chalicelib.results.importer import ResultSource, import_results
from chalicelib.results.models import BallotResult, ResultReport, ResultsUpload
from chalicelib.settings import Settings
from chalicelib.storage.election_store import ElectionStore
from chalicelib.storage.result_store import ResultStore


class ResultsBeforeCountError(PhaseClosed):
    """Votes exist only once polls close: loading them earlier is refused whatever the file says."""

    code = "results_before_count"


def require_counting(process: ElectoralProcess, now: datetime, settings: Settings) -> None:
    state = phase_at(process.calendar, now)
    if state.phase in (Phase.RESULTS, Phase.CLOSED):
        return
    until = text("phase.until", when=long_datetime(state.ends_at, settings.tz)) if state.ends_at else ""
    raise ResultsBeforeCountError(
        text("results.before_count", process=process.name, phase=text(f"phase.{state.phase.value}"), until=until),
        {"phase": state.phase.value, "opens_at": process.calendar.polls_close.isoformat()},
    )


class ResultsDesk:
    def __init__(
        self,
        settings: Settings,
        elections: ElectionStore,
        results: ResultStore,
        audit: AuditLog,
        clock: Callable[[], datetime],
        follow: Callable[[ElectoralProcess, list[BallotResult]], int] | None = None,
    ) -> None:
        self.follow = follow
        self.settings = settings
        self.elections = elections
        self.results = results
        self.audit = audit
        self.clock = clock

    def import_results(self, principal: Principal, process_id: str, body: ResultsUpload) -> ResultReport:
        process = find_process(self.elections, process_id)
        now = self.clock()
        require_counting(process, now, self.settings)
        source = ResultSource(title=body.source, url=body.source_url)
        report = import_results(self.elections, self.results, process_id, body.csv, source, self.follow)
        self.audit.record(
            principal,
            "results.import",
            f"process/{process_id}",
            now,
            after=report.model_dump(mode="json", exclude={"issues", "warnings"})
            | {"issues": len(report.issues), "warnings": len(report.warnings)},
        )
        return report
