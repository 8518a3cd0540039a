"""Election-day write load, in-process: proposals to the drill's parties and supports on a few
proposals at once, from threads, with TransactionConflict injected into the real boto3 client.

`python -m bench.election_day --seconds 60 --proposals-per-second 50 --supports-per-second 200`

This drives the same service the submission and support routes call (`deps().proposals`, after the
route's validation and token check) against moto in this process, so it measures the write path
and its retries, not HTTP. moto runs one request at a time (it never produces a conflict itself):
the conflicts are injected on a seeded 10 % of TransactWriteItems (submissions, stream tallies) and
of PutItem (supports, which are single items now). Afterwards the event pump runs the deployed
stream relay (tallies, then domain events to SNS) and the queue consumers (party emails through the
pacer into the local mailbox) until the stream and every queue are drained, and every figure must be
exact: each proposal's supports equal its support items, each party's inbox count equals the
proposals addressed to it, and each (proposal, party address) got exactly one email.

moto costs: decide/moto_patches.py answers Queries from the queried partition (moto lists and
sorts the whole table for every Query: ~0.4 s a submission with the seed, growing as the load
writes). What remains is moto's and botocore's cost per call (parsing, update expressions,
serialising answers) in this one process: the bench reports DynamoDB calls per second served and
the process's CPU seconds, the figures that bound the achieved rate.
"""

from __future__ import annotations

import argparse
import json
import os
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from tests.support.world import NOW, world

MAIL_DOMAIN = "simulacro.decide.ieem.local"

BALLOTS = [f"simulacro.ayun.{n:03d}" for n in range(1, 126)]
LINEUP = ["pfa", "pfr-pfm", "pfv"]  # the drill's contenders on every council ballot: every proposal hits them


def seed_address(contender_id: str) -> str:
    """Where the seed tells each drill contender (the independents on some ballots included)."""
    return f"avisos-{contender_id}@{MAIL_DOMAIN}"


def principal(user_id: str) -> Any:
    from chalicelib.auth.principal import Principal, Role

    return Principal(
        user_id=user_id, email=f"{user_id}@example.mx", display_name=user_id, roles=frozenset({Role.CITIZEN})
    )


def draft(n: int) -> Any:
    from chalicelib.proposals.models import ProposalDraft

    return ProposalDraft.model_validate(
        {
            "ballot_id": BALLOTS[n % len(BALLOTS)],
            "topic": "movilidad",
            "title": f"Propuesta de carga número {n}",
            "problem": f"Problema {n}: el transporte nocturno no pasa por la colonia y la gente camina sola.",
            "proposed_action": f"Acción {n}: una ruta nocturna con horario publicado y paradas iluminadas.",
            "addressed_to": ["all"],
        }
    )


def party_emails(mailbox: str, proposals: set[str]) -> Counter[tuple[str, str]]:
    """Party emails in the local mailbox, per (proposal, address): each must be there exactly once."""
    import re

    from chalicelib.adapters.mail import read_mailbox

    sent: Counter[tuple[str, str]] = Counter()
    for email in read_mailbox(mailbox):
        if email.get("kind") != "party_proposal":
            continue
        mentioned = [p for p in re.findall(r"/([0-9a-f]{20})\b", email.get("text", "")) if p in proposals]
        for proposal_id in set(mentioned):
            sent[(proposal_id, email["to"])] += 1
    return sent


def exact_after_stream(
    store: Any,
    table: Any,
    targets: list[str],
    accepted: list[str],
    inbox_before: dict[str, int],
    mailbox: str,
    address_of: Callable[[str], str],
) -> dict[str, Any]:
    """The figures that must be exact once the stream has caught up and the queues are empty: each
    supported proposal's count equals its support items, each party's unanswered inbox grew by the
    published proposals addressed to it, and each (proposal, party address) got exactly one email.
    `store` is a ProposalStore on `table`; `address_of` gives the one address each contender is told at."""
    from chalicelib.proposals.models import ProposalStatus
    from chalicelib.storage import keys

    supports = {}
    for target in targets:
        found = store.get(target)
        items = table.query(keys.proposal_pk(target), keys.SUPPORT_PREFIX)
        supports[target] = (found[1] if found else None, len(items))
    addressed: Counter[str] = Counter()
    expected_emails = set()
    for proposal_id in accepted:
        found = store.get(proposal_id)
        if found is not None and found[0].status == ProposalStatus.PUBLISHED:
            for party in found[0].addressed_to:
                addressed[party] += 1
                expected_emails.add((proposal_id, address_of(party)))
    inbox = {c: store.inbox_counts("simulacro", c)[0] for c in inbox_before}
    sent = party_emails(mailbox, set(accepted))
    return {
        "supports_counted_vs_items": {t: list(pair) for t, pair in supports.items()},
        "supports_exact_after_stream": all(counted == items for counted, items in supports.values()),
        "inbox_unanswered_after_stream": inbox,
        "inbox_exact_after_stream": all(inbox[c] == inbox_before[c] + addressed[c] for c in inbox_before),
        "proposals_addressed_to_each_party": dict(addressed),
        "emails_expected": len(expected_emails),
        "emails_sent": sum(sent.values()),
        "emails_lost": len(expected_emails - set(sent)),
        "emails_duplicated": sum(n - 1 for n in sent.values() if n > 1),
        "emails_unexpected": sum(n for key, n in sent.items() if key not in expected_emails),
        "emails_exact": set(sent) == expected_emails and all(n == 1 for n in sent.values()),
    }


Job = tuple[float, str, Any]  # (second from the start, kind, what a client sends: called with no argument)


def keep_schedule(jobs: list[Job], workers: int, start: Callable[[str, Callable[[], Any]], None]) -> list[float]:
    """Hand each job, in order of its planned second, to `start(kind, action)` on a pool of `workers`
    threads, waiting for its second; returns by how many seconds each late job was late. Returns once
    every job has finished."""
    lag: list[float] = []
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for at, kind, action in sorted(jobs, key=lambda j: j[0]):
            delay = at - (time.perf_counter() - started)
            if delay > 0:
                time.sleep(delay)
            else:
                lag.append(-delay)
            pool.submit(start, kind, action)
    return lag


def percentiles(values: list[float]) -> dict[str, float]:
    """p50, p95, p99 and max of `values` (seconds), in milliseconds."""

    def at(q: float) -> float:
        return round(sorted(values)[int(q * (len(values) - 1))] * 1000, 1) if values else 0.0

    return {"p50": at(0.5), "p95": at(0.95), "p99": at(0.99), "max": at(1.0)}


def run(
    seconds: float, proposals_per_second: float, supports_per_second: float, conflict_rate: float
) -> dict[str, Any]:
    from chalicelib.errors import DecideError
    from chalicelib.storage.table import RetryPolicy
    from decide.faults import Faults
    from tests.support.burst import drain, queue_depth

    with world(proposals_per_day=100, capacity=True) as w:
        deps = w.wire(lambda: NOW)
        table = w.store.table
        table.retry = RetryPolicy()
        pump = w.pump()  # the relay and consumers of Lambda, from the stream's end (the seed is not relayed)
        transact = Faults("TransactWriteItems", rate=conflict_rate, code="TransactionConflict", seed=3)
        put = Faults("PutItem", rate=conflict_rate, code="TransactionConflict", seed=5)
        lock = threading.Lock()

        def guarded(faults: Faults) -> Any:
            def hook(**kwargs: Any) -> None:
                with lock:  # the fault's random draw, not the call, is serialised
                    faults(**kwargs)

            return hook

        desk = deps.proposals  # the relay's tallies write through the same client: they meet the conflicts too
        # five proposals to support, written before the clock starts
        targets = [desk.submit(principal(f"autor-apoyos-{n}"), draft(100_000 + n), None).id for n in range(5)]
        w.call_log.reset()
        w.call_log.keep_requests = True
        accepted_measure = desk.submit(principal("autor-medida"), draft(200_000), None).id
        (submission,) = [p for name, p in w.call_log.requests if name == "TransactWriteItems"]
        w.call_log.keep_requests = False
        # moto is not thread-safe (concurrent requests iterate its tables while others write them:
        # RuntimeError "dictionary changed size during iteration"). Each DynamoDB call holds a lock, as
        # moto's server would serialise them; our code (validation, retries and their sleeps) still runs
        # in 16 threads at once.
        moto_lock = threading.Lock()
        make_call = table.client._make_api_call

        def serialised(operation: str, params: dict[str, Any]) -> Any:
            with moto_lock:
                return make_call(operation, params)

        table.client._make_api_call = serialised
        table.client.meta.events.register("before-call.dynamodb.TransactWriteItems", guarded(transact))
        table.client.meta.events.register("before-call.dynamodb.PutItem", guarded(put))

        latencies: dict[str, list[float]] = {"proposal": [], "support": []}
        failures: dict[str, list[str]] = {"proposal": [], "support": []}

        accepted: list[str] = [*targets, accepted_measure]

        def timed(kind: str, action: Any) -> None:
            started = time.perf_counter()
            try:
                answer = action()
            except DecideError as exc:
                with lock:
                    failures[kind].append(exc.code)
                return
            except Exception as exc:  # anything else a client would see as a 500
                with lock:
                    failures[kind].append(f"{type(exc).__name__}: {exc}"[:200])
                return
            with lock:
                latencies[kind].append(time.perf_counter() - started)
                if kind == "proposal":
                    accepted.append(answer.id)

        jobs: list[Job] = []
        for n in range(int(seconds * proposals_per_second)):
            jobs.append(
                (n / proposals_per_second, "proposal", lambda n=n: desk.submit(principal(f"carga-{n}"), draft(n), None))
            )
        for n in range(int(seconds * supports_per_second)):
            target = targets[n % len(targets)]
            jobs.append(
                (
                    n / supports_per_second,
                    "support",
                    lambda n=n, t=target: desk.support(principal(f"apoyo-{n}"), t, True),
                )
            )
        calls_before = len(w.call_log.calls)
        cpu_before = time.process_time()
        started = time.perf_counter()
        lag = keep_schedule(jobs, 16, timed)
        elapsed = time.perf_counter() - started
        cpu_seconds = time.process_time() - cpu_before
        load_calls = len(w.call_log.calls) - calls_before
        load_average = os.getloadavg()

        drain_started = time.perf_counter()
        drain(pump, list(w.resources.queue_urls.values()), timeout=3600)
        drain_seconds = time.perf_counter() - drain_started
        transact.rate = put.rate = 0.0
        checks = exact_after_stream(
            desk.proposals, table, targets, accepted, {c: 0 for c in LINEUP}, w.mailbox, seed_address
        )
        dead_letters = sum(queue_depth(pump.sqs, q) for q in w.resources.dead_letter_queue_urls.values())

        return {
            "mode": "in-process threads against moto (the service the routes call), not HTTP",
            "seconds_planned": seconds,
            "seconds_taken": round(elapsed, 1),
            "proposals_planned_per_second": proposals_per_second,
            "supports_planned_per_second": supports_per_second,
            "proposals_done": len(latencies["proposal"]),
            "supports_done": len(latencies["support"]),
            "proposals_per_second_achieved": round(len(latencies["proposal"]) / elapsed, 1),
            "supports_per_second_achieved": round(len(latencies["support"]) / elapsed, 1),
            "client_failures": {k: len(v) for k, v in failures.items()},
            "failure_codes": {k: sorted(set(v)) for k, v in failures.items()},
            "conflicts_injected": {"TransactWriteItems": transact.injected, "PutItem": put.injected},
            "latency_ms": {k: percentiles(v) for k, v in latencies.items()},
            "schedule_lag_max_s": round(max(lag), 2) if lag else 0.0,
            "items_per_submission_transaction": len(submission["TransactItems"]),
            "load_average_1_5_15": [round(x, 2) for x in load_average],
            "dynamodb_calls_during_load": load_calls,
            "dynamodb_calls_per_second": round(load_calls / elapsed, 1),
            "cpu_seconds_during_load": round(cpu_seconds, 1),
            "stream_and_queues_drained_seconds": round(drain_seconds, 1),
            **checks,
            "dead_letters": dead_letters,
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--proposals-per-second", type=float, default=50)
    parser.add_argument("--supports-per-second", type=float, default=200)
    parser.add_argument("--conflict-rate", type=float, default=0.1)
    parser.add_argument("--out", default="")
    args = parser.parse_args()
    result = run(args.seconds, args.proposals_per_second, args.supports_per_second, args.conflict_rate)
    text = json.dumps(result, indent=2, ensure_ascii=False)
    print(text)
    if args.out:
        with open(args.out, "w") as handle:
            handle.write(text)


if __name__ == "__main__":
    main()
