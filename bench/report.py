"""Renders docs/performance.md from the JSON results of `make bench` (see bench/run.py)."""

from __future__ import annotations

from typing import Any

IMPORT_TARGET_MS = 300
PACKAGE_TARGET_MB = 10
RATIO_TARGET = 0.7


def _met(ok: bool) -> str:
    return "**met**" if ok else "**not met**"


def _missing(step: str, runs: dict[str, Any]) -> str:
    run = runs.get(step)
    why = f"exit {run['exit']}, see build/bench/{step}.log" if run else "not run yet"
    return f"_No result ({why})._\n"


def _when(step: str, runs: dict[str, Any]) -> str:
    run = runs.get(step) or {}
    return f"Run {run.get('finished', '?')}, {run.get('seconds', '?')} s. Command: `{{cmd}}`"


def cold_start(r: Any, runs: dict[str, Any], cmd: str) -> str:
    if not r:
        return _missing("cold_start", runs)
    imp = r["import_app"]
    lines = [
        _when("cold_start", runs).format(cmd=cmd),
        "",
        "| measure | figure | target | |",
        "|---|---|---|---|",
    ]
    package = r.get("package") or {}
    floor = r.get("floor", "import boto3, chalice, pydantic, aws_lambda_powertools")
    target = r.get("ratio_target", 1.5)
    for label, measured in (
        ("dev venv", r.get("dev")),
        ("unzipped package as Chalice makes it (no bytecode)", (package.get("as_built") or {}).get("import")),
        ("unzipped package as the stack deploys it (with bytecode)", package.get("import")),
    ):
        if not measured:
            continue
        lines.append(
            f"| `import app` / `{floor}`, {label}: median of {measured['app']['runs']} alternating pairs "
            f"| **{measured['ratio_median']}×** ({measured['app']['median_ms']} ms / "
            f"{measured['floor']['median_ms']} ms; pairs {measured['ratio_min']}–{measured['ratio_max']}) "
            f"| ≤ {target}× | {_met(measured['ratio_median'] <= target)} |"
        )
    lines.append(
        f"| import of `app`, median of {imp['runs']} fresh interpreters | {imp['median_ms']} ms "
        f"(min {imp['min_ms']}, max {imp['max_ms']}) | ≤ {IMPORT_TARGET_MS} ms "
        f"| {_met(imp['median_ms'] <= IMPORT_TARGET_MS)} |"
    )
    if "zip_mb" in package:
        lines.append(
            f"| deployment package (`chalice package` + bytecode, deployment.zip) | {package['zip_mb']} MB "
            f"({package['unzipped_mb']} MB unzipped, {package['files']} files, {package.get('pyc_files', 0)} .pyc) "
            f"| ≤ {PACKAGE_TARGET_MB} MB | {_met(package['zip_mb'] <= PACKAGE_TARGET_MB)} |"
        )
    else:
        lines.append(f"| deployment package | not measured: {str(package)[:200]} | ≤ 10 MB | — |")
    if "zip_mb" in package:
        margin = PACKAGE_TARGET_MB - package["zip_mb"]
        largest = ", ".join(f"{k} {v} MB" for k, v in list(package.get("largest_compressed_mb", {}).items())[:3])
        if margin < 0:
            lines += [
                "",
                f"_Plan (package size not met):_ the largest parts are {largest}. Neither a PDF library nor "
                "`cryptography` is packaged (chalicelib/ballot_sheet/page.py draws the sheet, "
                "chalicelib/auth/rs256.py verifies ID tokens): look for the new dependency that brought the rest.",
            ]
        elif margin < 1:
            lines += [
                "",
                f"_Margin:_ only {margin:.2f} MB below the target; the largest parts are {largest}. A new runtime "
                "dependency should be weighed against this, or go to a Lambda layer.",
            ]
    lines += ["", "Import time by top-level package (`-X importtime`, self time summed):", ""]
    lines += ["| package | ms |", "|---|---|"]
    lines += [f"| {name} | {ms} |" for name, ms in r["offenders"]["by_package_ms"].items()]
    lines += ["", "Slowest single modules:", "", "| module | self ms | cumulative ms |", "|---|---|---|"]
    lines += [
        f"| {m['module']} | {m['self_ms']} | {m['cumulative_ms']} |" for m in r["offenders"]["slowest_modules_ms"][:8]
    ]
    if "largest_compressed_mb" in package:
        lines += ["", "Largest parts of the package (compressed MB):", ""]
        lines.append(", ".join(f"{k} {v}" for k, v in package["largest_compressed_mb"].items()))
    x = r.get("xray") or {}
    if "import_app" in x:
        tracer_cost = x["import_app_then_tracer"]["median_ms"] - x["import_app"]["median_ms"]
        lines += [
            "",
            "**What tracing would cost.** Measured by installing `" + x["package"] + "` into a temporary folder:",
            "",
            f"- import of `aws_xray_sdk.core` alone: {x['import_aws_xray_sdk_core']['median_ms']} ms (median);",
            f"- `import app` then Powertools `Tracer()` (which imports the SDK and patches boto3): "
            f"{x['import_app_then_tracer']['median_ms']} ms against {x['import_app']['median_ms']} ms "
            f"without: **+{tracer_cost:.0f} ms per cold start**;",
            f"- size: {x['installed_mb_not_already_in_package']} MB not already in our package "
            f"(aws_xray_sdk + wrapt); {x['installed_mb_with_dependencies']} MB with its dependencies "
            "(botocore, which Lambda's runtime already provides and Chalice does not package).",
        ]
    return "\n".join(lines) + "\n"


def cost(r: Any, runs: dict[str, Any], cmd: str) -> str:
    if not r:
        return _missing("cost", runs)
    lines = [
        _when("cost", runs).format(cmd=cmd),
        "",
        f"Seeded table: {r['seeded_items']:,} items. Grown: {r['grown_items']:,} items — twenty more in-course "
        f"processes ({r['added_by_growth']:,} items: processes, contenders, a ballot on every municipality "
        "and district each; in-course processes 1 → 21 besides the closed ones) and 200 more proposals. "
        "Sections (6,466) are the state's real total and do not grow.",
        "",
        "| route | calls (seeded) | calls (20×) | which | capacity units (seeded) | capacity units (20×) |",
        "|---|---|---|---|---|---|",
    ]
    for row in r["routes"]:
        which = ", ".join(f"{k} {v}" for k, v in row["calls"].items())
        flag = "" if row["constant_calls"] else " ⚠ grew"
        lines.append(
            f"| `{row['route']}` | {row['calls_seeded']} | {row['calls_20x']}{flag} | {which} | "
            f"{row['capacity_seeded']} | {row['capacity_20x']} |"
        )
    constant = all(row["constant_calls"] for row in r["routes"])
    scans = [row["route"] for row in r["routes"] if row["scan"]]
    lines += [
        "",
        f"Calls constant with the data for every route: {_met(constant)}. Scans on a request path: "
        + (", ".join(scans) if scans else "none")
        + ".",
        "",
        "Capacity units are what moto reports for `ReturnConsumedCapacity=TOTAL` (added by a botocore hook; "
        "4 KB read units, eventually consistent reads count half). Where the units grow with the data while "
        "the calls do not, the answer itself is bigger: the section lookup answers for every in-course "
        "process (1 → 21), and the feeds return a full page (20) instead of the one proposal of the seed.",
    ]
    return "\n".join(lines) + "\n"


def overhead(r: Any, runs: dict[str, Any], cmd: str) -> str:
    if not r:
        return _missing("overhead", runs)
    lines = [
        _when("overhead", runs).format(cmd=cmd),
        "",
        "| URL | DynamoDB requests | app req/s | minimal route req/s | ratio | target ≥ 0.7 |",
        "|---|---|---|---|---|---|",
    ]
    for url, u in r["urls"].items():
        lines.append(
            f"| `{url}` | {', '.join(u['dynamodb_requests'])} | {u['app_rps']} ({u['app_ms']} ms) | "
            f"{u['minimal_rps']} ({u['minimal_ms']} ms) | {u['ratio']} | {_met(u['ratio'] >= RATIO_TARGET)} |"
        )
    if not all(u["ratio"] >= RATIO_TARGET for u in r["urls"].values()):
        lines += [
            "",
            "_Plan (ratio not met):_ profile the route with cProfile (`python -m cProfile -m bench.overhead`); the "
            "usual suspects are pydantic validation of whole stored documents on read (use `model_construct` for "
            "trusted items), the EMF metrics flush on every request, and the ETag hash of large bodies.",
        ]
    lines += [
        "",
        f"Median of {r['rounds']} alternating rounds of {r['requests_per_round']} requests each. The minimal "
        "route replays the exact DynamoDB requests the app made for the same URL and returns the raw items. "
        "With moto's Query sorting the whole table per call (~7,000 items), the section lookup is dominated by "
        "moto and the two sides are within noise of each other; the municipality lookup (GetItem and "
        "BatchGetItem only, cheap in moto) is the sharper measure of our own cost: validation, domain logic, "
        "pydantic serialization, ETag, metrics.",
    ]
    return "\n".join(lines) + "\n"


def spike(r: Any, runs: dict[str, Any], cmd: str) -> str:
    if not r:
        return _missing("spike", runs)
    lines = [
        _when("spike", runs).format(cmd=cmd),
        "",
        f"{r['users']} locust users (spawned at {r['spawn_rate']}/s) for {r['seconds']} s against `decide run` "
        f"(moto server + `chalice local` + the event pump, all on this machine), {r['citizens']} citizens with "
        "real Cognito ID tokens (moto), PROPOSALS_PER_DAY=100. Mix: lookups by section 12, by municipality 3, "
        "ballots 2, proposal submissions 2.",
        "",
        "| request | count | failures | req/s | p50 ms | p95 ms | p99 ms | max ms |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for s in r["stats"]:
        lines.append(
            f"| {s['name']} | {s['requests']} | {s['failures']} | {s['rps']} | {s['p50_ms']:.0f} | "
            f"{s['p95_ms']:.0f} | {s['p99_ms']:.0f} | {s['max_ms']} |"
        )
    ok = r["drained"] and not r["lost_emails"] and not r["duplicated_emails"] and not r["unexpected_emails"]
    lines += [
        "",
        f"Accepted (published) proposals: {r['accepted_proposals']} (the server logged "
        f"{r.get('server_proposal_statuses', '?')} for POST /v1/proposals; locust's table counts only the requests "
        "completed inside the timed window, submissions in flight at its end finish during the stop timeout); "
        f"held for review: {r.get('held_for_review', 0)}; "
        f"quota refusals: {r['quota_refusals']}. Expected party emails: {r['expected_emails']}; delivered: "
        f"{r['emails']}; lost: {r['lost_emails']}; duplicated: {r['duplicated_emails']}. "
        f"**Drain time** (end of load → every email in the mailbox and the queues empty): "
        f"**{r['drain_seconds']} s**. Exactly one email per addressed party: {_met(ok)}.",
    ]
    return "\n".join(lines) + "\n"


def burst(r: Any, runs: dict[str, Any], cmd: str) -> str:
    if not r:
        return _missing("burst", runs)
    ok = (
        r["lost_proposals"] == 0
        and r["lost_emails"] == 0
        and r["duplicated_emails"] == 0
        and r["dlq_after_redrive"] == 0
        and r["accepted"] == r["proposals"]
    )
    lines = [
        _when("burst", runs).format(cmd=cmd),
        "",
        "| measure | figure |",
        "|---|---|",
        f"| proposals sent (HTTP API in-process, {r['citizens']} citizens) | {r['proposals']} |",
        f"| accepted and published | {r['accepted']} (refused: {r['refused'] or 'none'}) |",
        f"| stored (Scan) / lost | {r['stored_proposals']} / **{r['lost_proposals']}** |",
        f"| SNS Publish calls / injected failures | {r['sns_calls']} / {r['sns_faults']} |",
        f"| SES SendRawEmail calls / injected failures | {r['ses_calls']} / {r['ses_faults']} |",
        f"| consumer killed mid-batch | {r['consumer_kills']} times |",
        f"| dead-lettered, then redriven | {r['dead_lettered']} / {r['redriven']} |",
        f"| party emails expected / delivered | {r['expected_emails']} / {r['emails']} |",
        f"| emails lost / duplicated | **{r['lost_emails']}** / **{r['duplicated_emails']}** |",
        f"| dead-letter queues after redrive | {r['dlq_after_redrive']} |",
        f"| time to submit / to drain (incl. DLQ and redrive) | {r['submit_seconds']:.0f} s / "
        f"{r['drain_seconds']:.0f} s |",
        "",
        f"0 proposals lost, 0 notifications lost, 0 duplicated, DLQ redriven and delivered: {_met(ok)}.",
    ]
    return "\n".join(lines) + "\n"


def schemathesis(r: Any, runs: dict[str, Any], cmd: str) -> str:
    if not r:
        return _missing("schemathesis", runs)
    lines = [
        _when("schemathesis", runs).format(cmd=cmd),
        "",
        "| role | operations | requests | statuses | failures |",
        "|---|---|---|---|---|",
    ]
    for role in r:
        statuses = ", ".join(f"{k}: {v}" for k, v in role["statuses"].items())
        lines.append(
            f"| {role['role']} | {role['operations']} | {role['requests']} | {statuses} | {len(role['failures'])} |"
        )
    failures = [f for role in r for f in role["failures"]]
    server_errors = sum(v for role in r for k, v in role["statuses"].items() if k.startswith("5"))
    lines += ["", f"No 5xx and every response matching its schema: {_met(not failures and not server_errors)}."]
    if failures:
        lines += ["", "Failures:", ""] + [f"- `{f[:300]}`" for f in failures[:20]]
    return "\n".join(lines) + "\n"


def render(results: dict[str, Any], runs: dict[str, Any], machine: str, commands: dict[str, str]) -> str:
    dates = sorted({run["finished"][:10] for run in runs.values() if "finished" in run})
    parts = [
        "# Performance, load and resilience",
        "",
        "Every figure here was produced by `make bench` (which runs `python -m bench.run`, each step in a fresh "
        "interpreter, results in build/bench/*.json) on one machine:",
        "",
        f"- **Machine:** {machine}; shared with other work while measuring (figures are conservative).",
        f"- **Date:** {', '.join(dates) or 'not run yet'}.",
        "- **Re-render without re-running:** `.venv/bin/python -m bench.run --render-only`; one step: "
        "`.venv/bin/python -m bench.run --only spike`.",
        "",
        "Bounded forms of the resilience runs are part of `make test` (tests/resilience/): a 120-proposal "
        "fault burst, the bad input corpus, and schemathesis with 4 derandomized examples per operation and role.",
        "",
        "## Cold start",
        "",
        cold_start(results["cold_start"], runs, commands["cold_start"]),
        TRACING,
        "## Cost per request (DynamoDB)",
        "",
        cost(results["cost"], runs, commands["cost"]),
        "## Handler overhead",
        "",
        overhead(results["overhead"], runs, commands["overhead"]),
        "## Spike (locust against the local stack)",
        "",
        spike(results["spike"], runs, commands["spike"]),
        SPIKE_NOTE,
        "## Resilience: a burst of 1,000 proposals under faults",
        "",
        BURST_NOTE,
        burst(results["burst"], runs, commands["burst"]),
        "## Election-day writes: proposals and supports under injected conflicts",
        "",
        ELECTION_DAY_NOTE,
        election_day(results.get("election_day"), runs, commands.get("election_day", "")),
        "### Over HTTP on the local stack",
        "",
        ELECTION_DAY_HTTP_NOTE,
        election_day_http(results.get("election_day_http"), runs, commands.get("election_day_http", "")),
        "## Resilience: schemathesis as each role",
        "",
        SCHEMATHESIS_NOTE,
        schemathesis(results["schemathesis"], runs, commands["schemathesis"]),
        "## Resilience: bad input corpus",
        "",
        BAD_INPUT_NOTE,
        "## Beyond the web: data saver, printable sheet, SMS replies",
        "",
        BEYOND_THE_WEB_NOTE,
        "## Transparency log: cost of an append and of a proof",
        "",
        log_append(results.get("log_append"), runs, commands.get("log_append", "")),
        "## Near-duplicate check at maximum text lengths",
        "",
        near_duplicate(results.get("near_duplicate"), runs, commands.get("near_duplicate", "")),
    ]
    return "\n".join(parts).rstrip() + "\n"


def near_duplicate(r: Any, runs: dict[str, Any], cmd: str) -> str:
    """CPU of one submission's near-duplicate check against 20 proposals (bench/near_duplicate.py)."""
    if not r:
        return _missing("near_duplicate", runs)
    lines = [
        _when("near_duplicate", runs).format(cmd=cmd),
        "",
        "| new text | median ms | p95 ms | max ms | limit |",
        "|---|---|---|---|---|",
    ]
    for name, label in (("distinct", "distinct from all 20"), ("copy_of_the_last", "a copy of one of them")):
        row = r[name]
        lines.append(f"| {label} | {row['median_ms']} | {row['p95_ms']} | {row['max_ms']} | {r['limit_ms']} ms |")
    lines += [
        "",
        "Title 120 + problem 2,000 + action 2,000 characters each; the new text's similarity key, fingerprint "
        "and 64-hash sketch, then the resemblance with the sketch stored with each of the author's 20 latest "
        "proposals (no stored text is normalised again). Exact and look-alike copies are refused atomically by "
        "the duplicate key in the submission transaction.",
        "",
    ]
    return "\n".join(lines)


def log_append(r: Any, runs: dict[str, Any], cmd: str) -> str:
    """DynamoDB calls and items per append at 1k and 100k entries (bench/log_append.py)."""
    if not r:
        return _missing("log_append", runs)
    lines = [
        _when("log_append", runs).format(cmd=cmd),
        "",
        "| log size | appends measured | calls / append (mean, max) | items read / append | "
        "items written / append (mean, max) | ms / append on moto |",
        "|---|---|---|---|---|---|",
    ]
    for name in ("1k", "100k"):
        row = r[name]
        lines.append(
            f"| {name} | {row['appends']} | {row['calls_mean']:.2f}, {row['calls_max']} | "
            f"{row['items_read_mean']:.2f} | {row['items_written_mean']:.2f}, {row['items_written_max']} | "
            f"{row['ms_per_append_on_moto']} |"
        )
    lines += [
        "",
        f"Proofs: one BatchGetItem each; nodes read at most {r['proof_nodes_1000']['inclusion_max']} (inclusion) / "
        f"{r['proof_nodes_1000']['consistency_max']} (consistency) at 1k, "
        f"{r['proof_nodes_100000']['inclusion_max']} / {r['proof_nodes_100000']['consistency_max']} at 100k "
        f"(2·log2 n bounds them); an inclusion proof costs {r['proofs_1k']['inclusion_calls_max']} calls "
        "(the head, then the nodes). At 100k the head of a 100,000-leaf tree is stored and 100 real appends "
        "are measured (an append reads only the head); proof node counts there are computed by the same planner.",
        "",
    ]
    return "\n".join(lines)


ELECTION_DAY_NOTE = """**Read this before the figures.** `make bench` runs this step at the acceptance load (60 s at 50
proposals/s to the drill's contenders plus 200 supports/s on 5 proposals, 10 % TransactionConflict injected).
In-process, one moto process serves about 200 DynamoDB calls/s on this shared 2-core machine, and the
acceptance load needs about 1,000 calls/s for the writes alone (plus ~1,350 stream records/s), so the full
rate is bounded by moto's and botocore's CPU per call, not by the app: a submission is 2 GetItem + 1 Query
(Limit 20) + 1 TransactWriteItems, a support 2 GetItem + PutItem + BatchGetItem. The figures below are the
**highest rate sustained in-process for the full 60 s** (10 proposals/s + 40 supports/s), not the acceptance
rate; the full-rate in-process run was not completed. The same load over HTTP on the local stack is the
next section (its own figures, lower still: `chalice local` and the moto server share the same 2 cores). Before,
moto answered every Query by listing and sorting the whole table (`Table.all_items` then `sorted`), which
made the submission's one index Query 83 % of its time and slower with every write: 2 s of the schedule
took 270 s; with `decide/moto_patches.py` (a Query reads its partition, or an index-hash map kept current
on every put, update and delete; `tests/unit/test_moto_query_patch.py` compares it with moto's own Query
after 240 random writes) the same 2 s take 43 s. Every proposal is addressed to all contenders of a drill
council ballot, so each one moves the same 3–4 party counters: harsher than 10 parties. DynamoDB calls are
serialised with a lock (moto is not thread-safe); the app's code, retries and backoff sleeps run in 16
threads. After the load the real event pump runs (relay tallies, party consumers with the SES pacer, the
local mailbox) until the stream and every queue are drained, and party emails are counted per (proposal,
party address) against each proposal's stored addressees.
"""

ELECTION_DAY_HTTP_NOTE = """The same load as a client sees it (`bench/election_day_http.py`): `decide run` on free ports
(moto server, seed, `chalice local`, the event pump), citizens created through Cognito admin calls and logged
in, the drill parties' notices pointed at this run's own addresses, then POST /v1/proposals (with an
Idempotency-Key, as the web client sends) and PUT /v1/proposals/{id}/support (a distinct citizen for each
support of a proposal) from a thread pool at each planned rate in turn. The moto server itself refuses 10 % of
TransactWriteItems and PutItem requests with TransactionConflict (`decide/moto_patches.install_conflicts`,
started by `running_stack(conflicts_file=...)`; Powertools' idempotency records are spared: they are in no
transaction, so DynamoDB never answers them a conflict). A client tries again only a 503 with Retry-After.
After each rate the bench waits until the event pump has relayed everything in the stream and every queue is
empty (completion checks, no sleeps), then checks each count and email exactly, as the in-process form
does. A rate is *sustained* when the senders kept the schedule (done within 10 % of the planned time), no
client saw a failure, and every check is exact; the climb stops at the first rate that is not. **These are the
HTTP figures on the local stack; the in-process figures are the ones above.**
"""

TRACING = """**How tracing is done, and the decision.** We do not bundle `aws-xray-sdk` in the package and do
not construct Powertools' `Tracer` at import time. Tracing is kept by turning on **X-Ray active tracing**
on the Lambda functions and API Gateway stage in the CDK stack (it costs no import time: the Lambda
service records the invocation and its segments), and, when sub-segments for boto3 calls are wanted,
by adding the **AWS-managed Powertools layer** (which contains `aws-xray-sdk`) to the functions and
creating `Tracer()` behind an environment flag — so the package stays under 10 MB and the extra
import time above is paid only where tracing is switched on.
"""

SPIKE_NOTE = """The local stack is a single-process `chalice local` in front of a moto server on the same two
shared cores, so its latencies measure this laptop-scale setup, not AWS: in AWS each request runs in its
own Lambda (concurrency scales out), DynamoDB answers in single-digit milliseconds, and public GETs
carry `Cache-Control`/`ETag` so CloudFront absorbs most of a read spike. What the spike proves here is
correctness under concurrency: no 5xx, every accepted proposal notified exactly once, and how long
the fan-out takes to catch up.
"""

BURST_NOTE = """In-process (moto `mock_aws`, the same handler functions Lambda calls, driven by
decide.event_pump between submissions). Faults: 20 % of SNS Publish and of SES SendRawEmail calls fail
(botocore before-call hooks); the party consumer is killed in the middle of every 7th batch (it has sent
the first half of the batch, then dies: the whole batch comes back, as in Lambda); and 2 % of messages
crash a "buggy" consumer version every time, so they reach the dead-letter queue (maxReceiveCount 5);
after the "fix", `decide.operations.redrive` moves them back and they are delivered. Emails are counted
in the local mailbox per (proposal, party address). An SES failure on the second party of a message
(after the first was sent) is covered by the random SES faults: the retry skips the party the ledger
marks as sent. Not injected: a crash between the ledger's claim and the SES call (the claim's
120 s lease then delays that email; with the local pump's 2 s visibility it would reach the DLQ and
need a redrive after the lease, in AWS the 60 s visibility × 5 receives outlasts the lease), and a
crash after SES accepted a message but before the ledger recorded it — the one window that can
repeat an email (docs/architecture.md).
"""

SCHEMATHESIS_NOTE = """Against `/v1/openapi.json` of the real local stack (`decide run`), authenticated as
anonymous (every operation), citizen, party_editor (party `pfa`), moderator and admin (the operations
whose roles admit them), with real Cognito ID tokens. Hypothesis is derandomized (the same requests
every run). Checks: not a server error, status code documented, content type documented, body
matching its schema. Found and fixed while building this: a 500 on `PUT /v1/party/candidacies/{id}/profile`
when a profile text was a "nothing" sentinel (`""`, `-`…): the length limit was applied to the `null`
it became (chalicelib/profiles/models.py).
"""

BAD_INPUT_NOTE = """`tests/resilience/test_bad_input.py` (part of `make test`; ~15 s). Each request is an
otherwise valid proposal from a signed-in citizen with one bad part; each must get a 4xx JSON error
(`{"error": {code, message, details}}`) and the table's item count (Scan) must not change; a control
request without the bad part is accepted and does add items.

| input | answer |
|---|---|
| body over 64 KB (JSON or whitespace padding) | 413 `body_too_large` |
| invalid UTF-8 (a lone surrogate byte, lone continuation bytes) | 400 `invalid_json` |
| JSON nested 20,000 levels | 400 `invalid_json` (the parser's RecursionError is caught) |
| nesting inside a field, JSON that is not an object, truncated JSON | 400 |
| `text/plain`, form-encoded, multipart, `text/jsonish` | 415 `unsupported_media_type` |
| huge query string (2,000 parameters), unknown parameter | 400 `invalid_request` |
| CRLF header injection in Content-Type | 415 (the media type must be exactly JSON) |
| CRLF injection, spaces or 5,000 characters in Idempotency-Key | 400 `invalid_request` (field `Idempotency-Key`) |
| CRLF injection in Authorization, no token, a non-JWT token | 401 |
| GET with 3,000 parameters, a 20,000-digit section, NUL bytes, a 10 KB cursor, invalid UTF-8 escapes | 400 |

Two of these were accepted before this work and are fixed in chalicelib/api: a Content-Type that merely
*contained* "json" (including one with an injected header after it) was taken for JSON, and an
Idempotency-Key with control characters was silently truncated and stored.
"""


BEYOND_THE_WEB_NOTE = """Measured by hand (not by `make bench`), on the same kind of shared machine, 2026-12-01.

- **Data saver** `/s/1234` served by the local web origin (`make run`, gzip level 9): **1,862 bytes,
  748 bytes gzipped** (budget: 10 KB gzipped); `/s/1` (a council with an independent slate): 2,018 bytes,
  779 gzipped. Printed by `.venv/bin/pytest tests/e2e/test_sms_over_the_local_stack.py -s`; the test
  fails above 10 KB. One request, no script, no style sheet, no images.
- **Printable sheet** `GET /v1/ballots/{id}/sheet.pdf` (one page, the PDF standard fonts, QR as one greyscale image):
  3.3 KB (simulacro.ayun.001), 3.9 KB (2021-ord.ayun.033) (27–30 KB with fpdf2's embedded fonts):
  `curl -s -H 'Accept: application/pdf' http://127.0.0.1:8000/v1/ballots/<id>/sheet.pdf | wc -c`
  against `make run`. segno is imported
  only when a sheet is rendered (`import app` does not load it), so other cold starts do not pay for it.
- **SMS replies**: every one of the 6,466 seeded sections with every seeded process in course at once
  fits 2 GSM-7 segments (`tests/integration/test_sms_lookup.py`); today's drill replies take 250–288
  septets (sections 1, 1234, 5301).
"""


def election_day_http(result: dict[str, Any] | None, runs: dict[str, Any], command: str) -> str:
    """The HTTP form on the local stack (bench/election_day_http.py): one row per planned rate."""
    if not result:
        return f"Not run yet. Command: `{command}`\n"
    run = runs.get("election_day_http", {})
    when = f"Run {run['finished']}, {run['seconds']} s. " if "finished" in run else ""
    rows = [
        "| planned /s (proposals + supports) | achieved /s | took s | failures | 503 retries | "
        "conflicts injected (transact / put) | proposal p50 / p95 / p99 ms | support p50 / p95 / p99 ms | "
        "drained in s | supports / inbox / emails exact | sustained |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for step in result["steps"]:
        latency, failures, retries = step["latency_ms"], step["client_failures"], step["client_retries_after_503"]
        injected = step["conflicts_injected"]
        rows.append(
            f"| {step['proposals_planned_per_second']:g} + {step['supports_planned_per_second']:g} | "
            f"{step['proposals_per_second_achieved']} + {step['supports_per_second_achieved']} | "
            f"{step['seconds_taken']} | {failures['proposal'] + failures['support']} | "
            f"{retries['proposal'] + retries['support']} | "
            f"{injected['TransactWriteItems']} / {injected['PutItem']} | "
            f"{latency['proposal']['p50']} / {latency['proposal']['p95']} / {latency['proposal']['p99']} | "
            f"{latency['support']['p50']} / {latency['support']['p95']} / {latency['support']['p99']} | "
            f"{step['stream_and_queues_drained_seconds']} | {step['supports_exact_after_stream']} / "
            f"{step['inbox_exact_after_stream']} / {step['emails_exact']} | **{step['sustained']}** |"
        )
    best = result.get("highest_sustained")
    highest = (
        f"{best['proposals_planned_per_second']:g} proposals/s + {best['supports_planned_per_second']:g} supports/s"
        if best
        else "none of the rates tried"
    )
    return (
        f"{when}Command: `{command}`\n\n"
        f"Mode: **{result['mode']}**; {result['citizens']} citizens, {result['workers']} client threads, "
        f"conflict rate {result['conflict_rate']}. Highest rate sustained over HTTP on the local stack: "
        f"**{highest}**.\n\n" + "\n".join(rows) + "\n"
    )


def election_day(result: dict[str, Any] | None, runs: dict[str, Any], command: str) -> str:
    """The in-process write load of bench/election_day.py (threads against moto, not HTTP)."""
    if not result:
        return f"Not run yet. Command: `{command}`\n"
    run = runs.get("election_day", {})
    when = f"Run {run['finished']}, {run['seconds']} s. " if "finished" in run else ""
    latency = result["latency_ms"]
    rows = [
        "| figure | proposals | supports |",
        "|---|---|---|",
        f"| planned rate (/s) | {result['proposals_planned_per_second']} | {result['supports_planned_per_second']} |",
        f"| done | {result['proposals_done']} | {result['supports_done']} |",
        f"| achieved rate (/s) | {result['proposals_per_second_achieved']} | "
        f"{result['supports_per_second_achieved']} |",
        f"| failures seen by clients | {result['client_failures']['proposal']} | "
        f"{result['client_failures']['support']} |",
        f"| p50 / p95 / max ms | {latency['proposal']['p50']} / {latency['proposal']['p95']} / "
        f"{latency['proposal']['max']} | {latency['support']['p50']} / {latency['support']['p95']} / "
        f"{latency['support']['max']} |",
    ]
    injected = result["conflicts_injected"]
    return (
        f"{when}Command: `{command}`\n\n"
        f"Mode: **{result['mode']}**; planned {result['seconds_planned']} s, took {result['seconds_taken']} s.\n\n"
        + "\n".join(rows)
        + "\n\n"
        f"Conflicts injected: {injected['TransactWriteItems']} TransactWriteItems, {injected['PutItem']} PutItem. "
        f"Items in one submission's transaction: {result['items_per_submission_transaction']}. "
        f"Stream and queues drained in {result.get('stream_and_queues_drained_seconds', '?')} s; supports exact: "
        f"**{result['supports_exact_after_stream']}**; inbox counts exact: **{result['inbox_exact_after_stream']}** "
        f"({result['inbox_unanswered_after_stream']} for {result['proposals_addressed_to_each_party']} proposals "
        "addressed). "
        f"Party emails: {result.get('emails_sent', '?')} sent for {result.get('emails_expected', '?')} expected "
        f"(proposal, address) pairs, exact: **{result.get('emails_exact', '?')}**; "
        f"DynamoDB calls served during the load: {result.get('dynamodb_calls_per_second', '?')}/s; "
        f"load average {result.get('load_average_1_5_15', '?')}.\n"
    )
