"""Election-day write load over HTTP on the local stack (`decide run`), with TransactionConflict
injected by the moto server on 10 % of TransactWriteItems and PutItem requests.

`python -m bench.election_day_http --seconds 60 --rates 2:8,5:20 --out build/bench/election_day_http.json`

One stack is started (moto server with decide/moto_patches.install_conflicts, seed, `chalice local`,
the event pump); citizens are created through Cognito admin calls and logged in (real ID tokens, as
tests/support/stack.py does), and the drill parties' notices are pointed at addresses of this run.
Then, for each rate `P:S` in turn: 5 proposals to support are sent, the conflict rate is set, and a
thread pool sends P proposals/s (POST /v1/proposals with an Idempotency-Key, as the web client does)
and S supports/s (PUT /v1/proposals/{id}/support, a distinct citizen for each support of a proposal)
for `--seconds`. A client tries again only what the API says it may: a 503 with Retry-After, after
that many seconds, with the same Idempotency-Key; anything else not 2xx is a failure. Afterwards the
bench waits, by completion checks, until the event pump has relayed everything in the stream and the
notification queues are empty, and checks with bench/election_day.py's `exact_after_stream` that every
count is exact and each (proposal, party address) got exactly one email.

A rate is *sustained* when the step ends within 10 % of its planned time (the senders kept the
schedule), nothing failed, and every check is exact. `--rates` climbs until a rate is not sustained.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import threading
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.election_day import LINEUP, MAIL_DOMAIN, Job, exact_after_stream, keep_schedule, percentiles, seed_address
from decide.addressing import LOCAL_AWS_ENV
from decide.config import PROJECT_DIR as ROOT
from decide.stack_process import running_stack
from tests.support.burst import draft as varied_draft
from tests.support.queues import COUNTS
from tests.support.stack import RunningStack

OUT = ROOT / "build" / "bench"
TARGETS = 5  # proposals the supports go to
PROPOSALS_PER_DAY = 100  # the settings' ceiling: a citizen's daily quota
MAX_RETRIES = 5  # 503s a client accepts for one request before it counts a failure


@dataclass
class Tally:
    """What the clients saw, per kind ("proposal", "support")."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    latencies: dict[str, list[float]] = field(default_factory=lambda: {"proposal": [], "support": []})
    failures: dict[str, list[str]] = field(default_factory=lambda: {"proposal": [], "support": []})
    retries: dict[str, int] = field(default_factory=lambda: {"proposal": 0, "support": 0})
    accepted: list[str] = field(default_factory=list)
    held: int = 0
    finished_at: float = 0.0


def send(base_url: str, method: str, path: str, token: str, body: Any = None, key: str | None = None) -> Any:
    """One request as a client: (status, JSON answer, Retry-After or None)."""
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
    if key:
        headers["Idempotency-Key"] = key
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(f"{base_url}{path}", data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read() or b"null"), None
    except urllib.error.HTTPError as error:
        raw = error.read()
        try:
            answer = json.loads(raw or b"null")
        except ValueError:
            answer = raw[:200].decode(errors="replace")
        return error.code, answer, error.headers.get("Retry-After")


def client(tally: Tally, kind: str, request: Any) -> None:
    """Send `request()` until it succeeds or the API says not to try again; record what it took."""
    started = time.perf_counter()
    for attempt in range(MAX_RETRIES + 1):
        try:
            status, answer, retry_after = request()
        except OSError as exc:  # no HTTP answer at all (refused, reset, timed out)
            status, answer, retry_after = 0, f"{type(exc).__name__}: {exc}", None
        if status == 503 and retry_after is not None and attempt < MAX_RETRIES:
            with tally.lock:
                tally.retries[kind] += 1
            time.sleep(float(retry_after))
            continue
        break
    elapsed = time.perf_counter() - started
    with tally.lock:
        tally.finished_at = max(tally.finished_at, time.perf_counter())
        if not 200 <= status < 300:
            code = answer.get("error", {}).get("code") if isinstance(answer, dict) else answer
            tally.failures[kind].append(f"{status} {code}"[:200])
            return
        tally.latencies[kind].append(elapsed)
        if kind == "proposal":
            if answer["status"] == "published":
                tally.accepted.append(answer["id"])
            else:
                tally.held += 1


def draft(rng: random.Random, n: int) -> dict[str, Any]:
    """A proposal to every contender of a drill council ballot (as in-process: each one moves the same
    party counters), in words of its own: a citizen's near-copies of their own proposals are refused."""
    return {**varied_draft(rng, n), "addressed_to": ["all"]}


def citizens(stack: RunningStack, count: int, prefix: str) -> list[str]:
    """`count` confirmed citizens, logged in: their ID tokens (Cognito admin calls on the moto server)."""
    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(lambda n: stack.user(f"{prefix}-{n:05d}@example.mx", "citizen"), range(count)))


def stream_caught_up(stack: RunningStack) -> bool:
    """Whether the event pump has relayed every record now in the table's stream: nothing after its
    checkpoint (it advances only past records the relay handled without a failure)."""
    checkpoint = stack.state_dir / "pump.checkpoint.json"
    if not checkpoint.exists():
        return False
    saved = json.loads(checkpoint.read_text())
    streams = stack.aws("dynamodbstreams")
    shards = streams.describe_stream(StreamArn=saved["stream"])["StreamDescription"]["Shards"]
    for shard in shards:
        sequence = saved["shards"].get(shard["ShardId"])
        if sequence is None:
            return False
        iterator = streams.get_shard_iterator(
            StreamArn=saved["stream"],
            ShardId=shard["ShardId"],
            ShardIteratorType="AFTER_SEQUENCE_NUMBER",
            SequenceNumber=sequence,
        )["ShardIterator"]
        if streams.get_records(ShardIterator=iterator, Limit=1)["Records"]:
            return False
    return True


def queues_empty(stack: RunningStack) -> bool:
    """Nothing waiting, in flight or delayed on any queue but the dead-letter ones (counted apart)."""
    sqs = stack.aws("sqs")
    names = list(COUNTS)
    for url in sqs.list_queues().get("QueueUrls", []):
        if url.endswith("-dlq"):
            continue
        attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=names)["Attributes"]
        if any(int(attributes.get(n, 0)) for n in names):
            return False
    return True


def dead_letters(stack: RunningStack) -> int:
    sqs = stack.aws("sqs")
    total = 0
    for url in sqs.list_queues().get("QueueUrls", []):
        if url.endswith("-dlq"):
            attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["ApproximateNumberOfMessages"])
            total += int(attributes["Attributes"]["ApproximateNumberOfMessages"])
    return total


def wait_until_drained(stack: RunningStack, timeout: float) -> bool:
    """The stream relayed and every queue empty, on two rounds in a row (a message a consumer put
    back, or a record a tally wrote, shows up in between)."""
    deadline = time.monotonic() + timeout
    quiet = 0
    while time.monotonic() < deadline:
        quiet = quiet + 1 if stream_caught_up(stack) and queues_empty(stack) else 0
        if quiet >= 2:
            return True
        time.sleep(1.0)
    return False


def injected_counts(control: Path) -> dict[str, int]:
    counts = control.with_name(control.name + ".injected")
    found: dict[str, int] = json.loads(counts.read_text()) if counts.exists() else {}
    return {"TransactWriteItems": found.get("TransactWriteItems", 0), "PutItem": found.get("PutItem", 0)}


def step(
    stack: RunningStack,
    control: Path,
    target_author: str,
    authors: list[str],
    supporters: list[str],
    seconds: float,
    proposals_per_second: float,
    supports_per_second: float,
    conflict_rate: float,
    workers: int,
    drain_timeout: float,
    number: int,
    addresses: dict[str, str],
) -> dict[str, Any]:
    from chalicelib.storage.proposal_store import ProposalStore

    api = stack.api_url
    table = stack.store().table
    proposals = ProposalStore(table)
    inbox_before = {c: proposals.inbox_counts("simulacro", c)[0] for c in LINEUP}
    base = number * 1_000_000  # texts of one step never repeat another's
    tally = Tally()
    rng = random.Random(number)
    control.write_text("0")  # the proposals to support are written before the clock starts
    targets = []
    for n in range(TARGETS):
        body = draft(rng, base + 900_000 + n)
        status, answer, _ = send(api, "POST", "/v1/proposals", target_author, body, uuid.uuid4().hex)
        assert status == 201 and answer["status"] == "published", (status, answer)
        targets.append(answer["id"])
    tally.accepted.extend(targets)
    injected_before = injected_counts(control)
    control.write_text(str(conflict_rate))

    jobs: list[Job] = []
    for n in range(int(seconds * proposals_per_second)):
        token, body, key = authors[n % len(authors)], draft(rng, base + n), f"bench-{uuid.uuid4().hex}"
        jobs.append(
            (
                n / proposals_per_second,
                "proposal",
                lambda t=token, b=body, k=key: send(api, "POST", "/v1/proposals", t, b, k),
            )
        )
    for n in range(int(seconds * supports_per_second)):
        token, target = supporters[n // TARGETS], targets[n % TARGETS]
        jobs.append(
            (
                n / supports_per_second,
                "support",
                lambda t=token, p=target: send(api, "PUT", f"/v1/proposals/{p}/support", t),
            )
        )
    started = time.perf_counter()
    lag = keep_schedule(jobs, workers, lambda kind, request: client(tally, kind, request))
    elapsed = max(tally.finished_at, time.perf_counter()) - started
    load_average = os.getloadavg()

    drain_started = time.perf_counter()
    drained = wait_until_drained(stack, drain_timeout)
    drain_seconds = time.perf_counter() - drain_started
    injected_after = injected_counts(control)
    control.write_text("0")
    checks = exact_after_stream(
        proposals,
        table,
        targets,
        tally.accepted,
        inbox_before,
        str(stack.mailbox),
        lambda c: addresses.get(c) or seed_address(c),
    )
    done = {k: len(v) for k, v in tally.latencies.items()}
    failures = {k: len(v) for k, v in tally.failures.items()}
    exact = all(checks[k] for k in ("supports_exact_after_stream", "inbox_exact_after_stream", "emails_exact"))
    kept_schedule = elapsed <= seconds * 1.1
    return {
        "proposals_planned_per_second": proposals_per_second,
        "supports_planned_per_second": supports_per_second,
        "seconds_planned": seconds,
        "seconds_taken": round(elapsed, 1),
        "proposals_done": done["proposal"],
        "supports_done": done["support"],
        "proposals_per_second_achieved": round(done["proposal"] / elapsed, 1),
        "supports_per_second_achieved": round(done["support"] / elapsed, 1),
        "proposals_held_for_review": tally.held,
        "client_failures": failures,
        "failure_codes": {k: sorted(set(v))[:10] for k, v in tally.failures.items()},
        "client_retries_after_503": tally.retries,
        "conflicts_injected": {k: injected_after[k] - injected_before[k] for k in injected_after},
        "latency_ms": {k: percentiles(v) for k, v in tally.latencies.items()},
        "schedule_lag_max_s": round(max(lag), 2) if lag else 0.0,
        "load_average_1_5_15": [round(x, 2) for x in load_average],
        "drained": drained,
        "stream_and_queues_drained_seconds": round(drain_seconds, 1),
        **checks,
        "dead_letters": dead_letters(stack),
        "sustained": kept_schedule and drained and not any(failures.values()) and exact,
    }


def run(
    seconds: float, rates: list[tuple[float, float]], conflict_rate: float, workers: int, drain_timeout: float
) -> dict[str, Any]:
    OUT.mkdir(parents=True, exist_ok=True)
    os.environ.update(LOCAL_AWS_ENV)  # this process's own boto3 clients (the table, the stream) talk to moto
    control = OUT / "election-day-http.conflicts"
    control.write_text("0")
    control.with_name(control.name + ".injected").unlink(missing_ok=True)
    report: dict[str, Any] = {
        "mode": "HTTP on the local stack (chalice local, moto server, event pump), conflicts injected by moto",
        "conflict_rate": conflict_rate,
        "workers": workers,
        "steps": [],
    }
    log = OUT / "election-day-http-stack.log"
    setup_started = time.perf_counter()
    # a citizen's full daily quota; every proposal emailed at once (the hourly cap that sends the rest in the
    # party's digest has its own test, tests/integration/test_immediate_cap.py, as tests/support/world.py says)
    settings = {"PROPOSALS_PER_DAY": str(PROPOSALS_PER_DAY), "PARTY_IMMEDIATE_PER_HOUR": "10000"}
    with running_stack(log, extra_env=settings, conflicts_file=control) as process:
        stack = RunningStack.of(process)
        report["stack_start_seconds"] = round(time.perf_counter() - setup_started, 1)
        from chalicelib.notifications.models import PartySettings
        from chalicelib.storage.notification_store import NotificationStore

        # the bench's own addresses for the parties (an independent on some ballots keeps the seed's)
        run_id = uuid.uuid4().hex[:6]
        addresses = {c: f"bench-{c}-{run_id}@{MAIL_DOMAIN}" for c in LINEUP}
        notifications = NotificationStore(stack.store().table)
        for party, address in addresses.items():
            notifications.save_party_settings(
                PartySettings(process_id="simulacro", contender_id=party, addresses=[address])
            )
        # proposals: a citizen's daily quota each; supports: a distinct citizen for each support of one
        # proposal. One set of citizens does both, but the author of the proposals to support (no
        # citizen may support their own).
        most_proposals = max(int(seconds * p) for p, _ in rates)
        most_supports = max(int(seconds * s) for _, s in rates)
        authors_per_step = math.ceil(most_proposals / PROPOSALS_PER_DAY) + 1
        needed = 1 + max(authors_per_step * len(rates), math.ceil(most_supports / TARGETS))
        created = time.perf_counter()
        tokens = citizens(stack, needed, f"dia-{run_id}")
        report["citizens"] = needed
        report["citizens_seconds"] = round(time.perf_counter() - created, 1)
        for number, (proposals_per_second, supports_per_second) in enumerate(rates):
            authors = tokens[1 + number * authors_per_step : 1 + (number + 1) * authors_per_step]
            outcome = step(
                stack,
                control,
                tokens[0],
                authors,
                tokens[1:],
                seconds,
                proposals_per_second,
                supports_per_second,
                conflict_rate,
                workers,
                drain_timeout,
                number + 1,
                addresses,
            )
            report["steps"].append(outcome)
            print(json.dumps(outcome, ensure_ascii=False), flush=True)
            if not outcome["sustained"]:
                break
    sustained = [s for s in report["steps"] if s["sustained"]]
    report["highest_sustained"] = (
        {k: sustained[-1][k] for k in ("proposals_planned_per_second", "supports_planned_per_second")}
        if sustained
        else None
    )
    return report


def parse_rates(text: str) -> list[tuple[float, float]]:
    """ "2:8,5:20" -> [(2, 8), (5, 20)]: proposals/s and supports/s of each step."""
    pairs = []
    for part in text.split(","):
        proposals, supports = part.split(":")
        pairs.append((float(proposals), float(supports)))
    return pairs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--rates", default="2:8,5:20,10:40", help="proposals/s:supports/s of each step, climbing")
    parser.add_argument("--conflict-rate", type=float, default=0.1)
    parser.add_argument("--workers", type=int, default=32)
    parser.add_argument("--drain-timeout", type=float, default=900)
    parser.add_argument("--out", default="")
    args = parser.parse_args()
    report = run(args.seconds, parse_rates(args.rates), args.conflict_rate, args.workers, args.drain_timeout)
    text = json.dumps(report, indent=2, ensure_ascii=False)
    print(text)
    if args.out:
        Path(args.out).write_text(text)


if __name__ == "__main__":
    main()
