"""Every command of README.md's operator table and of the `make run` banner, run exactly as printed
against the session's local stack, with its effect checked.

README commands run inside the repository with `decide` on the PATH and DECIDE_STATE_DIR naming the
session stack's state folder (what `--state-dir` does; `make run`'s stack needs neither). Banner
commands run verbatim from the stack's log: that banner names its own state folder.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import boto3

from chalicelib.adapters.mail import read_mailbox
from chalicelib.notifications.models import DeliveryMode, PartySettings
from chalicelib.storage.notification_store import NotificationStore
from decide.config import PROJECT_DIR
from decide.resources import StackNames
from decide.stack_process import StackProcess as Stack
from tests.e2e.test_citizen_to_party_over_http import call, wait_for_emails

BIN = Path(sys.executable).parent


def readme_commands() -> dict[str, str]:
    """The operator table: subcommand → command, as README.md prints it."""
    text = (PROJECT_DIR / "README.md").read_text()
    section = text.split("## Operator tasks (`decide`)", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| .+? \| `(decide .+?)` \|$", section, flags=re.MULTILINE)
    commands = [command.replace("\\|", "|") for command in rows]
    return {next(word for word in c.split()[1:] if not word.startswith("--")): c for c in commands}


def without_optional(command: str) -> str:
    """`decide mailbox [--json] [--to ADDRESS]` → `decide mailbox` (optional parts are shown in [])."""
    return re.sub(r"\s*\[[^\]]*\]", "", command)


def shell(command: str, stack: Stack, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in ("TABLE_NAME", "AWS_ENDPOINT_URL")}
    environment |= {"PATH": f"{BIN}:{os.environ['PATH']}", **env}
    return subprocess.run(
        ["bash", "-c", command], cwd=PROJECT_DIR, env=environment, capture_output=True, text=True, timeout=600
    )


def readme(command: str, stack: Stack) -> subprocess.CompletedProcess[str]:
    done = shell(command, stack, DECIDE_STATE_DIR=str(stack.state_dir))
    assert done.returncode == 0, (command, done.stdout[-2000:], done.stderr[-2000:])
    # the first line names the stack it acted on
    assert done.stderr.splitlines()[0].startswith(f"decide: acting on the local stack in {stack.state_dir}"), (
        done.stderr
    )
    return done


def banner_commands(stack: Stack) -> list[str]:
    banner = stack.log.read_text().split("DecideIEEM is running locally.", 1)[1]
    lines = [line for line in banner.splitlines() if line.startswith(("  curl ", "  .venv/bin/decide "))]
    return [line.split("  #", 1)[0].strip() for line in lines]  # each as printed, without its comment


def logs_in(stack: Stack, created: str) -> tuple[str, str]:
    email = re.search(r"created (\S+) \(", created).group(1)  # type: ignore[union-attr]
    password = re.search(r"password \(shown only now\): (\S+)", created).group(1)  # type: ignore[union-attr]
    status, tokens = call(stack, "POST", "/v1/auth/login", {"email": email, "password": password})
    assert status == 200, created
    return email, tokens["id_token"]


ROWS = readme_commands()


def test_the_readme_table_is_what_this_file_runs() -> None:
    assert list(ROWS) == [
        "bootstrap",
        "seed",
        "import-registry",
        "import-results",
        "create-user",
        "mailbox",
        "redrive",
        "digest",
    ]


def test_bootstrap_seed_and_import_registry_as_printed_keep_the_stack_as_it_was(stack: Stack) -> None:
    before = stack.get_json("/v1/lookup?section=1&process=2021-ord")
    boot = readme(ROWS["bootstrap"], stack)
    assert "table  decide-dev" in boot.stdout and "decide-dev-party" in boot.stdout

    seeded = readme(without_optional(ROWS["seed"]), stack)
    assert re.search(r"seeded \d+ items", seeded.stdout), seeded.stdout

    command = ROWS["import-registry"]
    imported = readme(command, stack)
    assert "952 of 952 rows imported into 125 ballots" in imported.stdout
    assert "importando" in imported.stderr  # progress for a long task
    assert stack.get_json("/v1/lookup?section=1&process=2021-ord") == before

    results_before = stack.get_json("/v1/ballots/2021-ord.ayun.001")["result"]
    results = readme(ROWS["import-results"], stack)
    assert "125 of 125 rows imported (125 ballot results); 0 issues" in results.stdout
    assert stack.get_json("/v1/ballots/2021-ord.ayun.001")["result"] == results_before


def test_create_user_as_printed_makes_an_account_that_logs_in(stack: Stack) -> None:
    created = readme(ROWS["create-user"], stack)
    assert logs_in(stack, created.stdout)[0] == "editor@pfa.mx"


def test_digest_as_printed_sends_to_the_stacks_mailbox_with_links_to_its_web_front(stack: Stack) -> None:
    # Given a drill party on daily digests, at an address of this test's own
    address = f"resumen-{uuid.uuid4().hex[:6]}@simulacro.decide.ieem.local"
    NotificationStore(stack.store().table).save_party_settings(
        PartySettings(process_id="simulacro", contender_id="pfv", addresses=[address], mode=DeliveryMode.DIGEST)
    )
    # and a citizen (an account made with the same command) who sends it a proposal
    citizen = shell(
        f"decide --local create-user --email vecina-{uuid.uuid4().hex[:6]}@example.mx --role citizen",
        stack,
        DECIDE_STATE_DIR=str(stack.state_dir),
    )
    _, token = logs_in(stack, citizen.stdout)
    title = f"Bancas en la plaza {uuid.uuid4().hex[:6]}"
    proposal = {
        "ballot_id": "simulacro.ayun.010",
        "topic": "servicios_publicos",
        "title": title,
        "problem": "La plaza principal no tiene bancas y las personas mayores no tienen dónde descansar.",
        "proposed_action": "Instalar bancas con sombra alrededor del kiosco y junto a la parada del transporte.",
        "addressed_to": ["pfv"],
    }
    status, sent = call(stack, "POST", "/v1/proposals", proposal, token)
    assert status == 201 and sent["status"] == "published"
    notices = NotificationStore(stack.store().table)
    deadline = time.monotonic() + 60
    while not any(e.title == title for e in notices.digest_entries("simulacro", "pfv")):
        assert time.monotonic() < deadline, "the proposal never reached the party's digest"
        time.sleep(0.5)

    # When the operator sends the digests as the README prints it
    done = readme(ROWS["digest"], stack)
    assert "sending the party digests" in done.stdout and "digests:" in done.stdout

    # Then exactly one digest is in this stack's mailbox, its links on this stack's web front
    (digest,) = wait_for_emails(stack.mailbox, address, 1)
    assert digest["kind"] == "party_digest" and title in digest["text"]
    links = re.findall(r"https?://[^\s\"<>)]+", digest["text"])
    assert links and all(link.startswith(stack.web_url) for link in links), links
    # and the mailbox command, as printed, lists it
    listed = readme(without_optional(ROWS["mailbox"]), stack)
    assert f"--- to {address} · party_digest" in listed.stdout
    only = readme(f"decide mailbox --json --to {address}", stack)
    assert [m["subject"] for m in json.loads(only.stdout)] == [digest["subject"]]
    # a second digest run sends nothing more
    readme(ROWS["digest"], stack)  # the command returns once it has sent (it runs the digest in-process)
    assert len([m for m in read_mailbox(str(stack.mailbox)) if m["to"] == address]) == 1


def test_redrive_as_printed_moves_dead_letters_back(stack: Stack) -> None:
    sqs = boto3.client("sqs", endpoint_url=stack.moto_url, region_name="us-east-1")
    names = StackNames(stage="dev", table=stack.table_name)
    dlq = sqs.get_queue_url(QueueName=names.dead_letter_queue("citizen"))["QueueUrl"]
    # a dead letter about a proposal that no longer exists: its consumer drops it once redriven
    event = {
        "event_id": f"proposal.approved:gone{uuid.uuid4().hex[:12]}",
        "type": "proposal.approved",
        "occurred_at": "2026-11-26T18:00:00Z",
        "proposal_id": f"gone{uuid.uuid4().hex[:12]}",
        "process_id": "simulacro",
        "ballot_id": "simulacro.ayun.010",
        "contender_ids": ["pfa"],
    }
    sqs.send_message(QueueUrl=dlq, MessageBody=json.dumps(event))
    done = readme(without_optional(ROWS["redrive"]), stack)
    assert "citizen: 1 messages moved back" in done.stdout, done.stdout
    assert "party: 0 messages moved back" in done.stdout
    attributes = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["ApproximateNumberOfMessages"])
    assert attributes["Attributes"]["ApproximateNumberOfMessages"] == "0"


def test_every_banner_command_works_as_printed(stack: Stack) -> None:
    commands = banner_commands(stack)
    assert any("create-user" in c for c in commands) and any(" mailbox" in c for c in commands)
    for command in commands:
        done = shell(command, stack)
        assert done.returncode == 0, (command, done.stdout[-1500:], done.stderr[-1500:])
        if command.startswith("curl"):
            assert json.loads(done.stdout), command
            continue
        assert done.stderr.splitlines()[0].startswith(f"decide: acting on the local stack in {stack.state_dir}")
        if "create-user" in command:
            logs_in(stack, done.stdout)
        if command.endswith(" mailbox"):
            assert re.search(r"\d+ emails in ", done.stdout)


def test_commands_refuse_in_one_line_when_their_stack_is_not_there(stack: Stack, tmp_path: Path) -> None:
    for command in (
        "digest",
        "redrive",
        "create-user --email a@b.mx --role ieem_admin",
        "import-registry x.csv --process p",
    ):
        done = shell(f"decide --local {command}", stack, DECIDE_STATE_DIR=str(tmp_path))
        assert done.returncode == 2 and done.stderr.count("\n") == 1, (command, done.stderr)
        assert "no local stack is running" in done.stderr
    missing = shell(
        "decide import-registry no-such.csv --process 2021-ord", stack, DECIDE_STATE_DIR=str(stack.state_dir)
    )
    assert missing.returncode == 2 and missing.stderr.splitlines()[-1] == "error: no such file: no-such.csv"


def test_digest_and_mailbox_work_from_any_directory(stack: Stack) -> None:
    """Run from / (the `No module named 'app'` bug): same stack, same mailbox."""
    environment = {k: v for k, v in os.environ.items() if k not in ("TABLE_NAME", "AWS_ENDPOINT_URL")}
    environment["DECIDE_STATE_DIR"] = str(stack.state_dir)
    for command in (["digest"], ["mailbox"]):
        done = subprocess.run(
            [str(BIN / "decide"), "--local", *command], cwd="/", env=environment, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        assert done.stderr.startswith(f"decide: acting on the local stack in {stack.state_dir}")


def test_plain_decide_inside_the_repository_finds_the_stack(stack: Stack) -> None:
    done = shell("decide mailbox", stack, DECIDE_STATE_DIR=str(stack.state_dir))
    assert done.returncode == 0 and "acting on the local stack" in done.stderr
    with urllib.request.urlopen(f"{stack.api_url}/v1/processes", timeout=10) as response:
        assert response.status == 200
