"""Validate and import the votes of a process's ballots from a results CSV (one row per ballot).

Columns (those of the IEEM 2021 council counts as compiled in the data folder):

| column | meaning |
|---|---|
| `ine_mun` / `distrito_local` | the ballot: IEEM municipality number (councils) or local district number |
| a contender id of the process (`pan`, `pfr-pfm`, ...) | that contender's votes; empty = unknown |
| `nueva_alianza_edomex`, `va_por_edomex_pan_pri_prd`, `jhh_pt_morena_na` | 2021 names of three contenders |
| `independiente_1`, `independiente_2`, ... | the ballot's independent candidacies, in ballot order |
| `votos_efectivos`, `no_registrados`, `nulos`, `total`, `lista_nominal` | totals (optional; checked when given) |
| `ganador` | the winner the file states (optional; must equal the contender with most votes) |
| `nota` | a public note (an annulment, ...) |

Each row is checked; a refused row is reported (line, field, reason) and nothing of it is written.
A row without votes (an annulled election the source leaves empty) is written as an unknown result.
Importing the same file again rewrites the same items: nothing is duplicated.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from chalicelib.elections.models import (
    Ballot,
    BallotStatus,
    ContenderKind,
    ElectoralProcess,
    Office,
    ballot_id,
    district_code,
    municipality_code,
)
from chalicelib.elections.printed_ballot import in_printed_order
from chalicelib.elections.public import find_process
from chalicelib.results.models import BallotResult, ContenderVotes, ResultIssue, ResultReport, ResultTotals
from chalicelib.storage.election_store import ElectionStore
from chalicelib.storage.result_store import ResultStore

PLACE_COLUMNS = ("ine_mun", "distrito_local")
TOTAL_COLUMNS = {
    "votos_efectivos": "valid_votes",
    "no_registrados": "unregistered_votes",
    "nulos": "null_votes",
    "total": "total_votes",
    "lista_nominal": "nominal_list",
}
# Columns that describe the row and are not votes.
INFO_COLUMNS = {"cve_mun_inegi", "municipio", "ganador", "nota", *PLACE_COLUMNS, *TOTAL_COLUMNS}
# The 2021 compiled file names three contenders its own way; the winner column too.
COLUMN_ALIASES = {
    "nueva_alianza_edomex": "pna",
    "va_por_edomex_pan_pri_prd": "pan-pri-prd",
    "jhh_pt_morena_na": "pt-morena-pna",
}
WINNER_ALIASES = {"pt-morena-naem": "pt-morena-pna", "naem": "pna"}
INDEPENDENT_COLUMN = "independiente_"


@dataclass(frozen=True)
class ResultSource:
    """Where the file comes from: shown with every result it loads."""

    title: str | None = None
    url: str | None = None


def _clean(value: str | None) -> str:
    return " ".join((value or "").split())


def _fold(value: str) -> str:
    return unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode().lower().strip()


def _count(raw: str | None, field: str, problem: Callable[[str, str], None]) -> int | None:
    value = _clean(raw).replace(",", "")
    if not value:
        return None
    if not value.isdigit():
        problem(field, f"'{raw}' is not a whole number of votes")
        return None
    return int(value)


def _ballot_of_row(
    raw: dict[str, str | None], process: ElectoralProcess, problem: Callable[[str, str], None]
) -> str | None:
    district, municipality = _clean(raw.get("distrito_local")), _clean(raw.get("ine_mun"))
    if district:
        if not district.isdigit() or int(district) not in process.scope.districts:
            problem("distrito_local", f"unknown district '{district}' for process {process.id}")
            return None
        return ballot_id(process.id, Office.DIPUTACION_MR, district_code(district))
    if not municipality.isdigit() or municipality_code(municipality) not in process.scope.municipalities:
        problem("ine_mun", f"municipality '{municipality}' is not in the scope of {process.id}")
        return None
    return ballot_id(process.id, Office.AYUNTAMIENTO, municipality_code(municipality))


def _contender_columns(columns: list[str], contender_ids: set[str]) -> tuple[dict[str, str], list[str]]:
    """Column → contender id for the named contenders; the unknown columns (reported once)."""
    mapped, unknown = {}, []
    for column in columns:
        name = column.strip().lower()
        if name in INFO_COLUMNS or name.startswith(INDEPENDENT_COLUMN):
            continue
        contender = COLUMN_ALIASES.get(name, name)
        if contender in contender_ids:
            mapped[column] = contender
        else:
            unknown.append(column)
    return mapped, unknown


def build_result(
    ballot: Ballot,
    votes: dict[str, int | None],
    totals: ResultTotals,
    names: dict[str, str],
    note: str | None,
    source: ResultSource,
    fictional: bool,
) -> BallotResult:
    """The stored result: every candidacy in printed order, then contenders with votes but no slate here."""
    by_contender = {c.contender_id: c for c in ballot.candidacies}
    order = [c.contender_id for c in ballot.candidacies] + sorted(set(votes) - set(by_contender))
    total = totals.total_votes
    if total is None and any(v is not None for v in votes.values()):
        total = sum(v or 0 for v in votes.values()) + (totals.null_votes or 0) + (totals.unregistered_votes or 0)
    rows = []
    for cid in order:
        count = votes.get(cid)
        candidacy = by_contender.get(cid)
        rows.append(
            ContenderVotes(
                contender_id=cid,
                contender_name=candidacy.contender_name if candidacy else names.get(cid, cid),
                candidacy_id=candidacy.id if candidacy else None,
                votes=count,
                share=round(count / total, 4) if count is not None and total else None,
            )
        )
    known = [(v, cid) for cid, v in votes.items() if v is not None]
    top = max((v for v, _ in known), default=None)
    leaders = [cid for v, cid in known if v == top]
    winner = leaders[0] if top and len(leaders) == 1 else None
    return BallotResult(
        ballot_id=ballot.id,
        process_id=ballot.process_id,
        votes=rows,
        winner_contender_id=winner,
        winner_candidacy_id=by_contender[winner].id if winner in by_contender else None,
        totals=totals.model_copy(update={"total_votes": total}),
        annulled=ballot.status == BallotStatus.ANNULLED,
        replaced_by=ballot.replaced_by,
        note=note,
        source=source.title,
        source_url=source.url,
        fictional=fictional,
    )


def validate_results(
    text: str,
    process: ElectoralProcess,
    ballots: dict[str, Ballot],
    names: dict[str, str],
    source: ResultSource,
) -> tuple[list[BallotResult], list[ResultIssue], list[ResultIssue], int]:
    """Every row checked; returns the results to write, issues (refused rows), warnings and rows read."""
    reader = csv.DictReader(io.StringIO(text))
    columns = list(reader.fieldnames or [])
    lowered = {c.strip().lower() for c in columns}
    if not lowered & set(PLACE_COLUMNS):
        return [], [ResultIssue(line=1, field="ine_mun|distrito_local", reason="missing column")], [], 0
    mapped, unknown = _contender_columns(columns, set(names))
    warnings = [
        ResultIssue(line=1, field=c, reason=f"not a contender of {process.id}: column ignored") for c in unknown
    ]
    independents = sorted((c for c in columns if c.strip().lower().startswith(INDEPENDENT_COLUMN)), key=str.lower)
    results: list[BallotResult] = []
    issues: list[ResultIssue] = []
    seen: dict[str, int] = {}
    read = 0
    for line, raw in enumerate(reader, start=2):
        read += 1
        row_issues: list[ResultIssue] = []

        def problem(field: str, reason: str, _line: int = line, _issues: list[ResultIssue] = row_issues) -> None:
            _issues.append(ResultIssue(line=_line, field=field, reason=reason))

        bid = _ballot_of_row(raw, process, problem)
        ballot = ballots.get(bid) if bid else None
        if bid and ballot is None:
            problem("ine_mun" if ".ayun." in bid else "distrito_local", f"ballot {bid} is not loaded")
        elif bid and bid in seen:
            problem("ine_mun" if ".ayun." in bid else "distrito_local", f"ballot {bid} already on line {seen[bid]}")
        votes: dict[str, int | None] = {}
        for column, contender in mapped.items():
            count = _count(raw.get(column), column, problem)
            if count is not None:
                votes[contender] = (votes.get(contender) or 0) + count
        if ballot is not None:
            on_ballot = [c for c in in_printed_order_ids(ballot) if c[1] == ContenderKind.INDEPENDENT]
            for n, column in enumerate(independents):
                count = _count(raw.get(column), column, problem)
                if count is None:
                    continue
                if n >= len(on_ballot):
                    problem(column, f"votes for an independent candidacy that {ballot.id} does not have")
                else:
                    votes[on_ballot[n][0]] = count
        totals = ResultTotals(
            **{
                attribute: _count(raw.get(column), column, problem)
                for column, attribute in TOTAL_COLUMNS.items()
                if column in lowered
            }
        )
        counted = sum(v for v in votes.values() if v is not None)
        if votes and totals.valid_votes is not None and totals.valid_votes != counted:
            problem("votos_efectivos", f"{totals.valid_votes} but the contenders' votes add up to {counted}")
        parts = (totals.valid_votes, totals.unregistered_votes, totals.null_votes)
        if votes and totals.total_votes is not None and None not in parts:
            expected = sum(p or 0 for p in parts)
            if totals.total_votes != expected:
                problem("total", f"{totals.total_votes} but valid + unregistered + null votes are {expected}")
        if row_issues or ballot is None or bid is None:
            issues += row_issues
            continue
        seen[bid] = line
        note = _clean(raw.get("nota")) or None
        result = build_result(ballot, votes, totals, names, note, source, process.is_drill)
        stated = _fold(_clean(raw.get("ganador")))
        if stated and WINNER_ALIASES.get(stated, stated) != result.winner_contender_id:
            issues.append(
                ResultIssue(
                    line=line,
                    field="ganador",
                    reason=f"the file says '{raw.get('ganador')}'; most votes: {result.winner_contender_id}",
                )
            )
            continue
        for cell in result.votes:
            if cell.candidacy_id is None:
                warnings.append(
                    ResultIssue(
                        line=line,
                        field=cell.contender_id,
                        reason=f"votes for {cell.contender_id}, which has no slate on {ballot.id} in the registry",
                    )
                )
        if not votes:
            warnings.append(ResultIssue(line=line, field="votes", reason="no votes in the file: result unknown"))
        results.append(result)
    return results, issues, warnings, read


def in_printed_order_ids(ballot: Ballot) -> list[tuple[str, ContenderKind]]:
    return [(c.contender_id, c.contender_kind) for c in ballot.candidacies]


def import_results(
    store: ElectionStore,
    results_store: ResultStore,
    process_id: str,
    text: str,
    source: ResultSource | None = None,
    follow: Callable[[ElectoralProcess, list[BallotResult]], int] | None = None,
) -> ResultReport:
    """Validate `text` and write one result item per valid row (beside its ballot); `follow` turns the
    winners' commitments into follow-up items (commitments/service.py)."""
    process = find_process(store, process_id)
    ids = [ballot_id(process.id, Office.AYUNTAMIENTO, m) for m in process.scope.municipalities]
    ids += [ballot_id(process.id, Office.DIPUTACION_MR, district_code(d)) for d in process.scope.districts]
    ballots = store.get_ballots(ids)
    names = {c.id: c.name for c in in_printed_order(store.list_contenders(process_id))}
    results, issues, warnings, read = validate_results(text, process, ballots, names, source or ResultSource())
    if source is None or source.title is None:
        # A re-import that names no source keeps the one each count was credited to (never drops a credit).
        stored = results_store.get_results([r.ballot_id for r in results])
        results = [
            r.model_copy(update={"source": old.source, "source_url": old.source_url})
            if r.source is None and (old := stored.get(r.ballot_id)) is not None
            else r
            for r in results
        ]
    written = results_store.save_results(results)
    followed = follow(process, results) if follow else 0
    return ResultReport(
        commitments_followed=followed,
        process_id=process_id,
        rows_read=read,
        rows_imported=len(results),
        results_written=written,
        issues=issues,
        warnings=warnings,
    )
