"""Open data of commitments followed through the term: the items and every published update.

Two datasets per process, each one Query (plus a BatchGetItem for the items' current state): no
personal data (who posted is the party, never a person; citizens' verdicts only as counts).
"""

from __future__ import annotations

from chalicelib.commitments.service import status_labels
from chalicelib.elections.public import find_process
from chalicelib.opendata.export import Column, OpenDataset
from chalicelib.storage.commitment_store import CommitmentStore
from chalicelib.storage.election_store import ElectionStore

ITEM_COLUMNS: list[tuple[str, str]] = [
    ("commitment_id", "Compromiso en seguimiento"),
    ("process_id", "Proceso electoral"),
    ("ballot_id", "Elección (ayuntamiento) en que ganó la planilla"),
    ("place_name", "Municipio"),
    ("contender_id", "Partido, coalición o candidatura ganadora"),
    ("contender_name", "Nombre como aparece en la boleta"),
    ("origin", "answer (respuesta «me comprometo» a una propuesta) o platform (compromiso de su plataforma)"),
    ("proposal_id", "Propuesta ciudadana a la que responde (vacío si viene de la plataforma)"),
    ("title", "Título"),
    ("text", "Texto del compromiso"),
    ("topic", "Tema (código)"),
    ("due_date", "Fecha de vencimiento (ISO 8601)"),
    ("due_date_given", "true si la fecha la da el compromiso; false: fin del periodo del ayuntamiento"),
    ("status", "not_started, in_progress, fulfilled, partly_fulfilled, not_fulfilled u overdue"),
    ("status_label", "Estado: sin avance, en proceso, cumplido, cumplido en parte, no cumplido o vencido"),
    ("status_since", "Desde cuándo tiene ese estado (ISO 8601, UTC)"),
    ("agree", "Personas de acuerdo con el estado informado"),
    ("disagree", "Personas en desacuerdo con el estado informado"),
    ("fictional", "true si es un dato ficticio de simulacro"),
]
UPDATE_COLUMNS: list[tuple[str, str]] = [
    ("commitment_id", "Compromiso en seguimiento"),
    ("ballot_id", "Elección (ayuntamiento)"),
    ("contender_id", "Partido, coalición o candidatura que informa"),
    ("status", "Estado informado (código)"),
    ("status_label", "Estado informado"),
    ("note", "Nota del partido"),
    ("evidence_url", "Enlace a la evidencia (https; revisado por el IEEM antes de publicarse)"),
    ("posted_at", "Cuándo lo envió el partido (ISO 8601, UTC)"),
    ("published_at", "Cuándo se publicó tras la revisión (vacío: se publicó al enviarse)"),
]


def items(store: ElectionStore, process_id: str) -> OpenDataset:
    process = find_process(store, process_id)
    labels = status_labels()
    rows = [
        {
            "commitment_id": item.id,
            "process_id": item.process_id,
            "ballot_id": item.ballot_id,
            "place_name": item.place_name,
            "contender_id": item.contender_id,
            "contender_name": item.contender_name,
            "origin": item.origin.value,
            "proposal_id": item.proposal_id,
            "title": item.title,
            "text": item.text,
            "topic": item.topic.value if item.topic else None,
            "due_date": item.due_date.isoformat(),
            "due_date_given": item.due_date_given,
            "status": item.status.value,
            "status_label": labels[item.status.value],
            "status_since": item.status_since.isoformat(),
            "agree": agree,
            "disagree": disagree,
            "fictional": item.fictional,
        }
        for item, agree, disagree in sorted(CommitmentStore(store.table).of_process(process.id), key=lambda i: i[0].id)
    ]
    return OpenDataset(
        process_id=process.id,
        dataset="commitments",
        sources=process.data_sources,
        columns=[Column(name=n, description=d) for n, d in ITEM_COLUMNS],
        rows=rows,
    )


def updates(store: ElectionStore, process_id: str) -> OpenDataset:
    process = find_process(store, process_id)
    labels = status_labels()
    rows = [
        {
            "commitment_id": u.commitment_id,
            "ballot_id": u.ballot_id,
            "contender_id": u.contender_id,
            "status": u.status.value,
            "status_label": labels[u.status.value],
            "note": u.note,
            "evidence_url": u.evidence_url,
            "posted_at": u.posted_at.isoformat(),
            "published_at": u.decided_at.isoformat() if u.decided_at else None,
        }
        for u in CommitmentStore(store.table).published_updates(process.id)
    ]
    return OpenDataset(
        process_id=process.id,
        dataset="commitment-updates",
        columns=[Column(name=n, description=d) for n, d in UPDATE_COLUMNS],
        rows=rows,
    )
