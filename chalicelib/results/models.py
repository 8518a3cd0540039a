"""Election results of one ballot: votes per contender, totals and the winning slate, with no I/O."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from chalicelib.limits import RESULTS_MAX_BYTES


class ContenderVotes(BaseModel):
    """One contender's votes on one ballot; `candidacy_id` is None when the registry has no slate of it there."""

    model_config = ConfigDict(frozen=True)

    contender_id: str
    contender_name: str
    candidacy_id: str | None
    votes: int | None = Field(default=None, ge=0)
    # Share of the total votes cast (votación total emitida, null votes included), 0..1, 4 decimals.
    share: float | None = None


class ResultTotals(BaseModel):
    model_config = ConfigDict(frozen=True)

    valid_votes: int | None = Field(default=None, ge=0)  # votos efectivos: for a contender
    unregistered_votes: int | None = Field(default=None, ge=0)  # candidaturas no registradas
    null_votes: int | None = Field(default=None, ge=0)
    total_votes: int | None = Field(default=None, ge=0)  # votación total emitida
    nominal_list: int | None = Field(default=None, ge=0)  # lista nominal


class BallotResult(BaseModel):
    """What the count gave. Unknown is None, never guessed; an annulled election keeps its count, marked."""

    model_config = ConfigDict(frozen=True)

    ballot_id: str
    process_id: str
    votes: list[ContenderVotes] = Field(default_factory=list)  # in printed ballot order
    winner_contender_id: str | None = None
    winner_candidacy_id: str | None = None
    totals: ResultTotals = Field(default_factory=ResultTotals)
    annulled: bool = False
    replaced_by: str | None = None
    # Why something is missing or how the winner is known (es-MX, public), and where it comes from.
    note: str | None = None
    source: str | None = None
    source_url: str | None = None
    fictional: bool = False


class ResultIssue(BaseModel):
    line: int
    field: str
    reason: str


class ResultReport(BaseModel):
    """The import's per-row report: refused rows in `issues`, imported rows worth a look in `warnings`."""

    process_id: str
    rows_read: int
    rows_imported: int
    results_written: int
    # Follow-up items created from the winners' commitments by this import (none on a re-import).
    commitments_followed: int = 0
    issues: list[ResultIssue]
    warnings: list[ResultIssue] = Field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.issues


class ResultsUpload(BaseModel):
    """The results CSV: the whole body (`Content-Type: text/csv`) or JSON `{csv, source?, source_url?}`."""

    model_config = ConfigDict(extra="forbid")

    csv: str = Field(min_length=1, max_length=RESULTS_MAX_BYTES)
    source: str | None = Field(default=None, max_length=300)
    source_url: str | None = Field(default=None, max_length=500, pattern=r"^https://\S+$")
