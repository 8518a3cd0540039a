"""The proposals export at campaign size: built off the request path into the bucket, downloadable
at 20,000 proposals, and no request reads it (or the proposals) whole."""

from __future__ import annotations

import csv
import io
import json
import os
import time
from datetime import UTC, datetime
from typing import Any

import boto3
from chalice.test import Client

from chalicelib import dependencies
from chalicelib.proposals.models import Proposal, ProposalStatus
from chalicelib.storage import keys
from chalicelib.storage.election_store import ElectionStore
from chalicelib.storage.proposal_store import ProposalStore
from chalicelib.storage.table import StoredItem
from chalicelib.topics import Topic
from tests.integration.conftest import CallCounter
from tests.integration.open_data_files import build_exports, download, load_items

# `make test` runs 2,000 (about a minute); `make bench-sizes` runs the 20,000.
PROPOSALS = int(os.environ.get("OPEN_DATA_TEST_PROPOSALS", "2000"))
PUBLISHED = datetime(2026, 11, 20, 18, 0, tzinfo=UTC)
LAMBDA_RESPONSE_LIMIT = 6 * 1024 * 1024


def _fictional_proposal() -> Proposal:
    """A published proposal of the drill (fictional, as every drill datum is)."""
    return Proposal(
        id="plantilla",
        process_id="simulacro",
        ballot_id="simulacro.ayun.004",
        place_name="Almoloya de Alquisiras",
        municipality_code="004",
        topic=Topic("movilidad"),
        title="Paradero techado frente al mercado",
        problem="Quienes esperan el transporte frente al mercado se mojan y no hay bancas en la calle principal.",
        proposed_action="Construir un paradero techado con bancas y rampa de acceso para sillas de ruedas.",
        addressed_to=["pfa", "pfr"],
        author_id="ciudadania-ficticia",
        author_name="Vecina ficticia",
        status=ProposalStatus.PUBLISHED,
        created_at=PUBLISHED,
        published_at=PUBLISHED,
        fictional=True,
    )


def _many_like(template: Proposal, count: int) -> list[StoredItem]:
    """`count` published copies and their entries in the process's feed (what the export reads)."""
    store = ProposalStore(dependencies.current().store.table)
    items = []
    assert template.published_at is not None
    for n in range(count):
        copy = template.model_copy(update={"id": f"carga-{n:05d}", "title": f"{template.title} ({n})"})
        stamp = template.published_at.isoformat(timespec="microseconds")
        items.append(store.proposal_item(copy))
        items.append(
            StoredItem(
                keys.feed_entry("process", copy.process_id, stamp, copy.id),
                "FeedEntry",
                "{}",
                {"proposal_id": {"S": copy.id}},
            )
        )
    return items


def _request_calls(api: Client, counter: CallCounter, s3_calls: list[str]) -> tuple[list[str], list[str]]:
    counter.reset()
    s3_calls.clear()
    for path in ("/v1/open-data/simulacro/proposals.json", "/v1/open-data/simulacro/proposals.csv"):
        assert api.http.get(path).status_code == 302, path
    return list(counter.calls), list(s3_calls)


def test_twenty_thousand_proposals_export_from_the_bucket_and_requests_cost_the_same(
    api: Client, counter: CallCounter, seeded: ElectionStore
) -> None:
    # S3 calls made anywhere in this test, counted by operation (the builder's client included).
    s3_calls: list[str] = []

    def count_s3(event_name: str, **_: Any) -> None:
        s3_calls.append(event_name.rsplit(".", 1)[-1])

    s3 = boto3.client("s3")
    files = dependencies.current().open_data.files
    s3.meta.events.register("before-call.s3.*", count_s3)
    files.use_client_factory(lambda: s3)  # the builder's uploads go through the counted client

    # Given the drill as seeded, its export built once
    before = build_exports()["simulacro"]
    small_calls, small_s3 = _request_calls(api, counter, s3_calls)

    # When 20,000 more proposals are published and the schedule builds again
    template = _fictional_proposal()
    load_items(_many_like(template, PROPOSALS))
    started = time.perf_counter()
    built = build_exports()
    build_seconds = time.perf_counter() - started
    assert built["simulacro"] == before + PROPOSALS
    assert "PutObject" in s3_calls or "CreateMultipartUpload" in s3_calls

    # Then a request costs what it cost with the drill alone: no proposal read, no S3 call
    big_calls, big_s3 = _request_calls(api, counter, s3_calls)
    assert big_calls == small_calls and len(big_calls) <= 4, big_calls
    assert "Query" not in big_calls and "BatchGetItem" not in big_calls
    assert big_s3 == small_s3 == []

    # And the files behind the redirect hold every proposal, past what a Lambda response could carry
    data = download(api, "/v1/open-data/simulacro/proposals.json")
    dataset = json.loads(data.body)
    assert len(dataset["rows"]) == before + PROPOSALS
    assert [c["name"] for c in dataset["columns"]] == list(dataset["rows"][0])
    rows = list(csv.DictReader(io.StringIO(download(api, "/v1/open-data/simulacro/proposals.csv").body.decode())))
    assert len(rows) == before + PROPOSALS and rows[-1]["title"].endswith(")")
    print(
        f"\nexport of {len(rows)} proposals: JSON {len(data.body) / 1e6:.1f} MB, built in {build_seconds:.1f} s; "
        f"request calls {big_calls}, S3 calls on requests {big_s3}"
    )
    if PROPOSALS >= 20_000:  # the size (a smaller run is for a quick local check)
        assert len(data.body) > LAMBDA_RESPONSE_LIMIT


def test_before_the_first_build_the_export_is_a_plain_spanish_404(api: Client, seeded: ElectionStore) -> None:
    dependencies.current().store.table.delete(keys.open_data_export("simulacro", "proposals"))
    response = api.http.get("/v1/open-data/simulacro/proposals.json")
    assert response.status_code == 404
    error = response.json_body["error"]
    assert error["code"] == "export_not_built" and "10 minutos" in error["message"]
    assert api.http.get("/v1/open-data/nada/proposals.csv").status_code == 404
