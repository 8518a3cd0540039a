"""Open data exports, with a documented column dictionary and a stable column order.

Empty values are real empties: `null` in JSON, an empty cell in CSV (never "No proporcionó").
Lists are joined with `;` in CSV. A CSV cell that a spreadsheet would read as a formula (it starts
with `=`, `+`, `-`, `@`, a tab or a carriage return, OWASP's list) gets a leading apostrophe, so a
proposal title cannot run code in whoever opens the file; the JSON keeps the exact text. Each
dataset says so in its `csv_note`. Proposals are the published ones only, and carry no author at
all (not even the display name a citizen chose): open data has no personal data of citizens.
Candidacy names are the official registry fields (owner and substitute as on the ballot).

Reads: candidacies are one batch read of the ballots of the process's scope (no scan), on the
request. Proposals grow with the campaign, so they are never built on a request: the scheduled
builder (`chalicelib/opendata/publication.py`) writes them to the bucket and the routes redirect there.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from pydantic import BaseModel, Field

from chalicelib.elections.models import DataSource, ElectoralProcess, Office, ballot_id, district_code
from chalicelib.elections.public import find_process
from chalicelib.messages import text
from chalicelib.profiles.search import CandidacyEntry
from chalicelib.storage.election_store import ElectionStore
from chalicelib.storage.open_data_store import ExportedProposal
from chalicelib.storage.questionnaire_store import QuestionnaireStore
from chalicelib.topics import TOPIC_LABELS

CANDIDACY_COLUMNS: list[tuple[str, str]] = [
    (name, text(f"opendata.column.candidacies.{name}"))
    for name in (
        "process_id",
        "ballot_id",
        "office",
        "place_kind",
        "place_code",
        "place_name",
        "ballot_status",
        "registry_status",
        "replaced_by",
        "replaces",
        "candidacy_id",
        "contender_id",
        "contender_kind",
        "contender_name",
        "ballot_order",
        "owner",
        "substitute",
        "status",
        "note",
        "fictional",
        "questionnaire_published_at",
        "owner_sex",
        "owner_age_range",
        "owner_education_level",
        "affirmative_action",
    )
]
# The identity questionnaire is never exported per candidacy: only in aggregate, above a threshold,
# in GET /v1/processes/{id}/candidacy-statistics.

PROPOSAL_COLUMNS: list[tuple[str, str]] = [
    (name, text(f"opendata.column.proposals.{name}"))
    for name in (
        "proposal_id",
        "process_id",
        "ballot_id",
        "place_name",
        "municipality_code",
        "topic",
        "topic_label",
        "title",
        "problem",
        "proposed_action",
        "addressed_to",
        "published_at",
        "supports",
        "responses",
        "fictional",
    )
]


class Column(BaseModel):
    name: str
    description: str


class OpenDataset(BaseModel):
    process_id: str
    dataset: str
    licence: str = text("opendata.licence.default")
    # The real data sets behind the rows, with the credit their licences ask for.
    sources: list[DataSource] = Field(default_factory=list)

    csv_note: str = Field(default_factory=lambda: text("opendata.csv_formula_note"))
    columns: list[Column]
    rows: list[dict[str, Any]]


def _licence(process: ElectoralProcess) -> str:
    if process.is_drill:
        return text("opendata.licence.drill")
    if process.data_sources:
        return text("opendata.licence.sources")
    return OpenDataset.model_fields["licence"].default  # type: ignore[no-any-return]


def _columns(spec: list[tuple[str, str]]) -> list[Column]:
    return [Column(name=n, description=d) for n, d in spec]


def candidacies(store: ElectionStore, process_id: str) -> OpenDataset:
    process = find_process(store, process_id)
    ids = [ballot_id(process.id, Office.AYUNTAMIENTO, m) for m in process.scope.municipalities]
    ids += [ballot_id(process.id, Office.DIPUTACION_MR, district_code(d)) for d in process.scope.districts]
    ballots = store.get_ballots(ids)
    published = QuestionnaireStore(store.table).published_entries(process.id)
    rows = []
    for bid in sorted(ballots):
        ballot = ballots[bid]
        for c in ballot.candidacies:
            rows.append(
                {
                    "process_id": process.id,
                    "ballot_id": ballot.id,
                    "office": ballot.office.value,
                    "place_kind": ballot.place.kind,
                    "place_code": ballot.place.code,
                    "place_name": ballot.place.name,
                    "ballot_status": ballot.status.value,
                    "registry_status": ballot.registry_status.value,
                    "replaced_by": ballot.replaced_by,
                    "replaces": ballot.replaces,
                    "candidacy_id": c.id,
                    "contender_id": c.contender_id,
                    "contender_kind": c.contender_kind.value,
                    "contender_name": c.contender_name,
                    "ballot_order": c.ballot_order,
                    "owner": c.owner,
                    "substitute": c.substitute,
                    "status": c.status.value,
                    "note": c.note,
                    "fictional": c.fictional,
                    **_questionnaire(published.get(c.id)),
                }
            )
    return OpenDataset(
        process_id=process.id,
        dataset="candidacies",
        licence=_licence(process),
        sources=process.data_sources,
        columns=_columns(CANDIDACY_COLUMNS),
        rows=rows,
    )


def _questionnaire(entry: CandidacyEntry | None) -> dict[str, Any]:
    if entry is None:
        return {}
    return {
        "questionnaire_published_at": entry.published_at.isoformat(),
        "owner_sex": entry.sex.value if entry.sex else None,
        "owner_age_range": entry.age_range.value if entry.age_range else None,
        "owner_education_level": entry.education.value if entry.education else None,
        "affirmative_action": entry.affirmative_action.value if entry.affirmative_action else None,
    }


def proposal_row(entry: ExportedProposal) -> dict[str, Any]:
    p = entry.proposal
    return {
        "proposal_id": p.id,
        "process_id": p.process_id,
        "ballot_id": p.ballot_id,
        "place_name": p.place_name,
        "municipality_code": p.municipality_code,
        "topic": p.topic.value,
        "topic_label": TOPIC_LABELS[p.topic],
        "title": p.title,
        "problem": p.problem,
        "proposed_action": p.proposed_action,
        "addressed_to": p.addressed_to,
        "published_at": p.published_at.isoformat() if p.published_at else None,
        "supports": entry.supports,
        "responses": entry.responses,
        "fictional": p.fictional,
    }


def proposals_header(process: ElectoralProcess) -> OpenDataset:
    """The proposals dataset without its rows (the builder streams them after it)."""
    return OpenDataset(process_id=process.id, dataset="proposals", columns=_columns(PROPOSAL_COLUMNS), rows=[])


# OWASP's CSV injection guidance: these first characters make a spreadsheet evaluate the cell.
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")


def _neutralised(cell: str) -> str:
    # Leading spaces do not stop some spreadsheets from reading a formula: look past them.
    return "'" + cell if cell.lstrip(" ").startswith(FORMULA_LEADS) else cell


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return _neutralised(";".join(str(v) for v in value))
    return _neutralised(str(value))


def to_csv(dataset: OpenDataset) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    names = [c.name for c in dataset.columns]
    writer.writerow(names)
    for row in dataset.rows:
        writer.writerow([_cell(row.get(n)) for n in names])
    return out.getvalue()


class OpenFile(BaseModel):
    dataset: str
    format: str
    path: str = Field(description="API path of the file")


class CatalogueEntry(BaseModel):
    process_id: str
    process_name: str
    is_drill: bool
    licence: str
    sources: list[DataSource]
    files: list[OpenFile]


class CatalogueDataset(BaseModel):
    dataset: str
    columns: list[Column]


class OpenDataCatalogue(BaseModel):
    """Every process's files, the columns of each dataset, the licence and sources (one Query)."""

    csv_note: str
    datasets: list[CatalogueDataset]
    processes: list[CatalogueEntry]


def catalogue(store: ElectionStore) -> OpenDataCatalogue:
    processes = sorted(store.list_processes(), key=lambda p: p.calendar.election_day, reverse=True)
    return OpenDataCatalogue(
        csv_note=text("opendata.csv_formula_note"),
        datasets=[
            CatalogueDataset(dataset="candidacies", columns=_columns(CANDIDACY_COLUMNS)),
            CatalogueDataset(dataset="proposals", columns=_columns(PROPOSAL_COLUMNS)),
        ],
        processes=[
            CatalogueEntry(
                process_id=p.id,
                process_name=p.name,
                is_drill=p.is_drill,
                licence=_licence(p),
                sources=p.data_sources,
                files=[
                    OpenFile(dataset=d, format=f, path=f"/v1/open-data/{p.id}/{d}.{f}")
                    for d in ("candidacies", "proposals")
                    for f in ("csv", "json")
                ],
            )
            for p in processes
        ],
    )
