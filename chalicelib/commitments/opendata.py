"""Open data of commitments followed through the term: the items and every published update.

Two datasets per process, each one Query (plus a BatchGetItem for the items' current state): no
personal data (who posted is the party, never a person; citizens' verdicts only as counts).
"""

from __future__ import annotations

from chalicelib.commitments.service import status_labels
from chalicelib.elections.public import find_process
from chalicelib.messages import text
from chalicelib.opendata.export import Column, OpenDataset
from chalicelib.storage.commitment_store import CommitmentStore
from chalicelib.storage.election_store import ElectionStore

ITEM_COLUMNS: list[tuple[str, str]] = [
    (name, text(f"opendata.column.commitments.{name}"))
    for name in (
        "commitment_id",
        "process_id",
        "ballot_id",
        "place_name",
        "contender_id",
        "contender_name",
        "origin",
        "proposal_id",
        "title",
        "text",
        "topic",
        "due_date",
        "due_date_given",
        "status",
        "status_label",
        "status_since",
        "agree",
        "disagree",
        "fictional",
    )
]
UPDATE_COLUMNS: list[tuple[str, str]] = [
    (name, text(f"opendata.column.commitment_updates.{name}"))
    for name in (
        "commitment_id",
        "ballot_id",
        "contender_id",
        "status",
        "status_label",
        "note",
        "evidence_url",
        "posted_at",
        "published_at",
    )
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
