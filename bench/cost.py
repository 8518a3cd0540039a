"""Cost per request: DynamoDB calls and consumed capacity of every public route and of a proposal
submission, at the seeded size and at 20× (twenty more in-course processes, each with a ballot on
every municipality and district, plus proposals).

Capacity comes from moto's answers to `ReturnConsumedCapacity=TOTAL`, which a botocore hook
adds to every DynamoDB call (the code under test does not ask for it). moto computes units from
item sizes like DynamoDB does (reads: 4 KB units, eventually consistent halves; writes: 1 KB).

`python -m bench.cost --out build/bench/cost.json`
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path
from typing import Any

from decide.seed import load_drill_copies
from tests.support.world import SEED_DAY, World, world

GROWTH = 20


def grow(store: Any, copies: int) -> int:
    """`copies` more in-course processes with a ballot on every municipality and district."""
    return load_drill_copies(store, copies, SEED_DAY)


def proposal_body(n: int) -> dict[str, Any]:
    return {
        "ballot_id": "simulacro.ayun.002",
        "topic": "agua",
        "title": f"Reparar la red de agua del barrio número {n}",
        "problem": f"En el barrio {n} la red de agua tiene fugas desde hace meses y nadie las atiende.",
        "proposed_action": f"Sustituir la tubería del barrio {n} con calendario y presupuesto públicos.",
        "addressed_to": ["pfa", "pfv"],
    }


def routes(client: Any) -> list[str]:
    """Every public GET, with real ids from the seed."""
    content = client.http.get("/v1/processes/simulacro/content").json_body
    slugs = [p["slug"] for group in content.values() if isinstance(group, list) for p in group if "slug" in p]
    feed = client.http.get("/v1/proposals?limit=1").json_body["proposals"]
    found = [
        "/v1/processes",
        "/v1/processes/2021-ord",
        "/v1/lookup?section=1",
        "/v1/lookup?section=1&process=2021-ord",
        "/v1/lookup?municipality=001",
        "/v1/lookup?district=4",
        "/v1/ballots/2021-ord.ayun.001",
        "/v1/candidacies/2021-ord.ayun.001.pan",
        "/v1/candidacies/2021-ord.ayun.001.pan/history",
        "/v1/parties?process=2021-ord",
        "/v1/municipalities",
        "/v1/districts",
        "/v1/proposals",
        "/v1/proposals?ballot=simulacro.ayun.002",
        "/v1/proposals?party=pfa&topic=agua",
        "/v1/processes/simulacro/content",
        "/v1/processes/simulacro/calendar",
        "/v1/processes/simulacro/calendar.ics",
        "/v1/processes/simulacro/platforms",
        "/v1/open-data/simulacro/candidacies.json",
        "/v1/open-data/simulacro/candidacies.csv",
        "/v1/open-data/simulacro/proposals.json",
        "/v1/open-data/simulacro/proposals.csv",
    ]
    if slugs:
        found.append(f"/v1/content/{slugs[0]}")
    if feed:
        found.append(f"/v1/proposals/{feed[0]['id']}")
    return found


def measure(w: World, client: Any, paths: list[str], submitter: str, n: int) -> dict[str, dict[str, Any]]:
    log = w.call_log
    result: dict[str, dict[str, Any]] = {}
    for path in paths:
        log.reset()
        response = client.http.get(path)
        result[f"GET {path}"] = {
            "status": response.status_code,
            "calls": dict(Counter(log.calls)),
            "total_calls": len(log.calls),
            "capacity_units": round(log.units, 2),
        }
    log.reset()
    response = client.http.post(
        "/v1/proposals",
        headers={
            "Content-Type": "application/json",
            "Authorization": f"Bearer {submitter}",
            "Idempotency-Key": f"k{n}",
        },
        body=json.dumps(proposal_body(n)),
    )
    result["POST /v1/proposals"] = {
        "status": response.status_code,
        "calls": dict(Counter(log.calls)),
        "total_calls": len(log.calls),
        "capacity_units": round(log.units, 2),
    }
    return result


def run() -> dict[str, Any]:
    from chalice.test import Client

    import app as app_module

    with world(proposals_per_day=100, capacity=True) as w:
        w.wire()
        with Client(app_module.app) as client:
            author = w.identities.token("coste-1@example.mx")
            client.http.post(
                "/v1/proposals",
                headers={"Content-Type": "application/json", "Authorization": f"Bearer {author}"},
                body=json.dumps(proposal_body(0)),
            )
            paths = routes(client)
            seeded_items = w.count_items()
            seeded = measure(w, client, paths, w.identities.token("coste-2@example.mx"), 1)
            added = grow(w.store, GROWTH)
            others = [w.identities.token(f"coste-extra-{i}@example.mx") for i in range(10)]
            for i in range(200):  # more proposals too, from several authors
                client.http.post(
                    "/v1/proposals",
                    headers={"Content-Type": "application/json", "Authorization": f"Bearer {others[i % 10]}"},
                    body=json.dumps(proposal_body(1000 + i)),
                )
            grown_items = w.count_items()
            grown = measure(w, client, paths, w.identities.token("coste-3@example.mx"), 2)
    rows = []
    for route in seeded:
        before, after = seeded[route], grown[route]
        rows.append(
            {
                "route": route,
                "status": before["status"],
                "calls_seeded": before["total_calls"],
                "calls_20x": after["total_calls"],
                "calls": before["calls"],
                "capacity_seeded": before["capacity_units"],
                "capacity_20x": after["capacity_units"],
                "constant_calls": before["calls"] == after["calls"],
                "scan": "Scan" in before["calls"] or "Scan" in after["calls"],
            }
        )
    return {"seeded_items": seeded_items, "grown_items": grown_items, "added_by_growth": added, "routes": rows}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default="")
    args = parser.parse_args()
    report = run()
    text = json.dumps(report, indent=2)
    print(text)
    if args.out:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(text)


if __name__ == "__main__":
    main()
