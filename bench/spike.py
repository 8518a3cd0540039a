"""Spike: locust (headless, bounded) against the real local stack, then the queues drain.

Starts `decide run` on free ports (PROPOSALS_PER_DAY raised for the run), creates citizens
through Cognito admin calls on the moto endpoint and logs them in (real ID tokens), runs
bench/locustfile.py (lookups, ballots, proposal submissions), reports p50/p95/p99 and errors,
then waits until every accepted proposal produced exactly one email per addressed party in the
stack's mailbox and the notification queues are empty: the drain time.

`python -m bench.spike --users 40 --seconds 60 --out build/bench/spike.json`
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from decide.config import PROJECT_DIR as ROOT
from tests.support.stack import RunningStack, local_stack

OUT = ROOT / "build" / "bench"


def percentiles(stats_csv: Path) -> list[dict[str, Any]]:
    rows = []
    with stats_csv.open() as handle:
        for row in csv.DictReader(handle):
            rows.append(
                {
                    "name": f"{row['Type']} {row['Name']}".strip(),
                    "requests": int(row["Request Count"]),
                    "failures": int(row["Failure Count"]),
                    "rps": round(float(row["Requests/s"]), 1),
                    "p50_ms": float(row["50%"] or 0),
                    "p95_ms": float(row["95%"] or 0),
                    "p99_ms": float(row["99%"] or 0),
                    "max_ms": round(float(row["Max Response Time"] or 0)),
                }
            )
    return rows


def mailbox_counts(mailbox: Path, accepted: dict[str, list[str]]) -> Counter[tuple[str, str]]:
    from chalicelib.adapters.mail import read_mailbox

    sent: Counter[tuple[str, str]] = Counter()
    for email in read_mailbox(str(mailbox)):
        for proposal_id in accepted:
            if f"/{proposal_id}" in email.get("text", ""):
                sent[(proposal_id, email["to"])] += 1
                break
    return sent


def server_statuses(log: Path, request: str) -> dict[str, int]:
    """Statuses `chalice local` logged for `request` (a cross-check of what the clients saw)."""
    pattern = re.compile(rf'"{re.escape(request)} HTTP/1\.1" (\d{{3}})')
    return dict(Counter(m.group(1) for m in pattern.finditer(log.read_text(errors="replace"))))


def queues_empty(stack: RunningStack) -> bool:
    sqs = stack.aws("sqs")
    for url in sqs.list_queues().get("QueueUrls", []):
        attributes = sqs.get_queue_attributes(
            QueueUrl=url, AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]
        )["Attributes"]
        if int(attributes["ApproximateNumberOfMessages"]) + int(attributes["ApproximateNumberOfMessagesNotVisible"]):
            return False
    return True


def run(users: int, spawn_rate: int, seconds: int, citizens: int, drain_timeout: float) -> dict[str, Any]:
    OUT.mkdir(parents=True, exist_ok=True)
    report: dict[str, Any] = {"users": users, "spawn_rate": spawn_rate, "seconds": seconds, "citizens": citizens}
    with local_stack(OUT / "spike-stack.log", {"PROPOSALS_PER_DAY": "100"}) as stack:
        tokens = [stack.user(f"spike-{i:03d}@example.mx", "citizen") for i in range(citizens)]
        tokens_file, accepted_file = OUT / "spike-tokens.json", OUT / "spike-accepted.json"
        tokens_file.write_text(json.dumps(tokens))
        accepted_file.unlink(missing_ok=True)
        command = [
            str(Path(sys.executable).with_name("locust")),
            "-f",
            str(ROOT / "bench" / "locustfile.py"),
            "--headless",
            "--users",
            str(users),
            "--spawn-rate",
            str(spawn_rate),
            "--run-time",
            f"{seconds}s",
            "--host",
            stack.api_url,
            "--csv",
            str(OUT / "spike"),
            "--only-summary",
            "--stop-timeout",
            "10",
        ]
        env = {"SPIKE_TOKENS": str(tokens_file), "SPIKE_ACCEPTED": str(accepted_file), "PATH": "/usr/bin:/bin"}
        started = time.perf_counter()
        locust = subprocess.run(
            command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=seconds + 120, check=False
        )
        ended = time.perf_counter()
        (OUT / "spike-locust.log").write_text(locust.stdout + locust.stderr)
        report["locust_exit"] = locust.returncode
        report["load_seconds"] = round(ended - started, 1)
        report["stats"] = percentiles(OUT / "spike_stats.csv")
        result = json.loads(accepted_file.read_text())
        accepted: dict[str, list[str]] = result["accepted"]
        report["accepted_proposals"] = len(accepted)
        report["quota_refusals"] = result["refused"].get("429", 0)
        report["held_for_review"] = result["refused"].get("held", 0)
        expected = {(pid, f"avisos-{c}@simulacro.decide.ieem.local") for pid, cs in accepted.items() for c in cs}
        report["expected_emails"] = len(expected)
        sent: Counter[tuple[str, str]] = Counter()
        deadline = ended + drain_timeout
        while time.perf_counter() < deadline:
            sent = mailbox_counts(stack.mailbox, accepted)
            if expected <= set(sent) and queues_empty(stack):
                break
            time.sleep(1.0)
        report["server_proposal_statuses"] = server_statuses(stack.log, "POST /v1/proposals")
        report["drain_seconds"] = round(time.perf_counter() - ended, 1)
        report["drained"] = expected <= set(sent) and queues_empty(stack)
        report["emails"] = sum(sent.values())
        report["lost_emails"] = len(expected - set(sent))
        report["duplicated_emails"] = sum(n - 1 for n in sent.values() if n > 1)
        report["unexpected_emails"] = sum(n for key, n in sent.items() if key not in expected)
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=40)
    parser.add_argument("--spawn-rate", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--citizens", type=int, default=30)
    parser.add_argument("--drain-timeout", type=float, default=900)
    parser.add_argument("--out", default="")
    args = parser.parse_args()
    report = run(args.users, args.spawn_rate, args.seconds, args.citizens, args.drain_timeout)
    text = json.dumps(report, indent=2)
    print(text)
    if args.out:
        Path(args.out).write_text(text)


if __name__ == "__main__":
    main()
