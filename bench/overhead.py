"""Handler overhead: requests/s of GET /v1/lookup through the app (validation, domain logic,
serialization, ETag, metrics) divided by a minimal Chalice route making the same DynamoDB reads.

Both run in-process (chalice.test.Client) against moto (`mock_aws`) in the same run, in
alternating rounds. The minimal route replays the exact DynamoDB requests the app made for the
same URL (recorded with a botocore hook) and returns the raw items as JSON. moto's Query sorts
the whole table on every call, so moto dominates both sides: the ratio compares like with like.

`python -m bench.overhead --out build/bench/overhead.json`
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path
from typing import Any

from tests.support.world import world

URLS = ["/v1/lookup?section=1", "/v1/lookup?municipality=015&process=2022-ext-atlautla"]
TARGET_RATIO = 0.7


def minimal_app(requests: list[tuple[str, dict[str, Any]]]) -> Any:
    import boto3
    from botocore import xform_name
    from chalice.app import Chalice, Response

    app = Chalice(app_name="minimal-lookup")
    client = boto3.client("dynamodb")

    @app.route("/lookup")
    def lookup() -> Response:
        results = []
        for operation, params in requests:
            answer = getattr(client, xform_name(operation))(**params)
            results.append(answer.get("Items") or answer.get("Item") or answer.get("Responses"))
        return Response(body=json.dumps(results), headers={"Content-Type": "application/json"})

    return app


def rate(client: Any, url: str, requests: int) -> float:
    started = time.perf_counter()
    for _ in range(requests):
        response = client.http.get(url)
        assert response.status_code == 200, response.body[:200]
    return requests / (time.perf_counter() - started)


def run(requests: int, rounds: int) -> dict[str, Any]:
    from chalice.test import Client

    import app as app_module

    results: dict[str, Any] = {"requests_per_round": requests, "rounds": rounds, "urls": {}}
    with world(proposals_per_day=100) as w:
        w.wire()
        with Client(app_module.app) as app_client:
            for url in URLS:
                log = w.call_log
                log.reset()
                log.keep_requests = True
                assert app_client.http.get(url).status_code == 200
                log.keep_requests = False
                recorded = list(log.requests)
                with Client(minimal_app(recorded)) as minimal_client:
                    rate(app_client, url, 5)
                    rate(minimal_client, "/lookup", 5)  # warm both
                    app_rates, minimal_rates = [], []
                    for _ in range(rounds):
                        app_rates.append(rate(app_client, url, requests))
                        minimal_rates.append(rate(minimal_client, "/lookup", requests))
                app_rps, minimal_rps = statistics.median(app_rates), statistics.median(minimal_rates)
                results["urls"][url] = {
                    "dynamodb_requests": [op for op, _ in recorded],
                    "app_rps": round(app_rps, 1),
                    "minimal_rps": round(minimal_rps, 1),
                    "ratio": round(app_rps / minimal_rps, 3),
                    "app_ms": round(1000 / app_rps, 2),
                    "minimal_ms": round(1000 / minimal_rps, 2),
                    "met": app_rps / minimal_rps >= TARGET_RATIO,
                }
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--out", default="")
    args = parser.parse_args()
    report = run(args.requests, args.rounds)
    text = json.dumps(report, indent=2)
    print(text)
    if args.out:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(text)


if __name__ == "__main__":
    main()
