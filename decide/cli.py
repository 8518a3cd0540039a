"""`decide`: operator tasks (bootstrap, seed, import-registry, create-user, run)."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date, datetime
from pathlib import Path

from chalicelib.auth.principal import Role
from chalicelib.elections.models import MEXICO_CITY
from chalicelib.errors import DecideError
from chalicelib.storage.election_store import ElectionStore
from chalicelib.storage.table import DocumentTable
from decide import log_verifier
from decide.config import stage_environment, stage_settings


def progress_bar(label: str, done: int, total: int, width: int = 30) -> None:
    filled = width if total <= 0 else min(width, width * done // total)
    sys.stderr.write(f"\r{label:<16} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
    if done >= total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def _store(stage: str) -> ElectionStore:
    return ElectionStore(DocumentTable(stage_settings(stage).table_name))


def cmd_bootstrap(args: argparse.Namespace) -> int:
    from decide.resources import StackNames, bootstrap

    resources = bootstrap(StackNames(stage=args.stage, table=stage_settings(args.stage).table_name))
    print(f"table  {resources.table} (stream {resources.table_stream_arn})")
    print(f"topic  {resources.topic_arn}")
    for audience, url in resources.queue_urls.items():
        print(f"queue  {url} (dead letters: {resources.dead_letter_queue_urls[audience]})")
    return 0


def cmd_seed(args: argparse.Namespace) -> int:
    from decide.seed import seed_all

    today = date.fromisoformat(args.today) if args.today else datetime.now(MEXICO_CITY).date()
    report = seed_all(_store(args.stage), today, progress=lambda label, n, _total: progress_bar(label, n, n))
    print(
        f"seeded {report.items} items in {report.seconds:.1f} s "
        f"(2021 registry: {report.registry.rows_imported}/{report.registry.rows_read} rows, "
        f"{len(report.registry.issues)} issues)"
    )
    return 0 if report.registry.ok else 1


def cmd_import_registry(args: argparse.Namespace) -> int:
    from chalicelib.registry.importer import import_registry

    text = Path(args.file).read_text(encoding="utf-8-sig")
    report = import_registry(
        _store(args.stage), args.process, text, progress=lambda n, t: progress_bar("importando", n, t)
    )
    for issue in report.issues:
        print(f"line {issue.line}: {issue.field}: {issue.reason}")
    print(
        f"{report.rows_imported} of {report.rows_read} rows imported into {report.ballots_written} ballots "
        f"({report.contenders_written} independent candidacies); {len(report.issues)} issues"
    )
    return 0 if report.ok else 1


def cmd_mailbox(args: argparse.Namespace) -> int:
    """Print what the local stack's SES has sent (kept in .local/mailbox)."""
    import json

    from chalicelib.notifications.mail import read_mailbox
    from decide.local_stack import MAILBOX_DIR

    emails = read_mailbox(args.dir or str(MAILBOX_DIR))
    if args.to:
        emails = [e for e in emails if e["to"] == args.to.lower()]
    if args.json:
        print(json.dumps(emails, ensure_ascii=False, indent=2))
        return 0
    for email in emails:
        print(f"--- to {email['to']} · {email['kind']}\nSubject: {email['subject']}\n\n{email['text']}")
    print(f"{len(emails)} emails")
    return 0


def cmd_redrive(args: argparse.Namespace) -> int:
    """Move dead-letter messages back to their queues."""
    import boto3

    from decide.operations import redrive
    from decide.resources import QUEUES_BY_AUDIENCE, StackNames

    names = StackNames(stage=args.stage, table=stage_settings(args.stage).table_name)
    sqs = boto3.client("sqs")
    for audience in QUEUES_BY_AUDIENCE:
        if args.queue and args.queue != audience:
            continue
        dlq = sqs.get_queue_url(QueueName=names.dead_letter_queue(audience))["QueueUrl"]
        queue = sqs.get_queue_url(QueueName=names.queue(audience))["QueueUrl"]
        print(f"{audience}: {redrive(sqs, dlq, queue)} messages moved back from {names.dead_letter_queue(audience)}")
    return 0


def cmd_digest(args: argparse.Namespace) -> int:
    """Send the daily digests now (what the scheduled `send_digests` Lambda does)."""
    import app as application
    from decide.event_pump import scheduled_event

    print(application.send_digests(scheduled_event(), None))
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    from decide.local_stack import LocalStack

    return LocalStack(
        state_dir=Path(args.state_dir).resolve(),
        stage=args.stage,
        host=args.host,
        moto_port=args.moto_port,
        api_port=args.api_port,
        web_port=args.web_port,
    ).run()


def cmd_create_user(args: argparse.Namespace) -> int:
    """A confirmed staff or party account with a generated password, printed once."""
    import re

    import boto3

    from chalicelib.accounts.codes import strong_password
    from chalicelib.accounts.cognito import CognitoAccounts
    from chalicelib.accounts.models import EMAIL_PATTERN
    from chalicelib.elections.models import CONTENDER_ID_PATTERN
    from decide.resources import StackNames, find_user_pool

    role = Role(args.role)
    if role is Role.PARTY_EDITOR and not args.party:
        print("error: --party CONTENDER_ID is required for a party_editor", file=sys.stderr)
        return 2
    if role is not Role.PARTY_EDITOR and args.party:
        print(f"error: --party is only for party_editor accounts, not {role.value}", file=sys.stderr)
        return 2
    if args.party and not re.match(CONTENDER_ID_PATTERN, args.party):
        print(f"error: '{args.party}' is not a contender id (e.g. pan, morena, pfr-pfm)", file=sys.stderr)
        return 2
    email = args.email.strip().lower()
    if not EMAIL_PATTERN.match(email):
        print(f"error: '{args.email}' is not an email address", file=sys.stderr)
        return 2
    names = StackNames(stage=args.stage, table=stage_settings(args.stage).table_name)
    cognito = boto3.client("cognito-idp")
    pool = find_user_pool(cognito, names)
    if pool is None:
        print(
            f"error: no user pool '{names.user_pool}' at {cognito.meta.endpoint_url}; for the local stack, "
            "run `make run` and set AWS_ENDPOINT_URL to the moto address it prints",
            file=sys.stderr,
        )
        return 2
    password = strong_password()
    accounts = CognitoAccounts(pool.pool_id, pool.client_id, client_factory=lambda: cognito)
    user_id = accounts.create_confirmed_user(
        email=email,
        display_name=args.name or email.split("@", 1)[0],
        group=role.value,
        password=password,
        party_id=args.party,
    )
    party = f", party {args.party}" if args.party else ""
    print(f"created {email} ({role.value}{party}), user id {user_id}")
    print(f"password (shown only now): {password}")
    return 0


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="decide", description="DecideIEEM operator tasks")
    root.add_argument("--stage", default="dev", help="stage of .chalice/config.json (default: dev)")
    root.add_argument(
        "--local",
        nargs="?",
        const="http://127.0.0.1:5001",
        metavar="MOTO_URL",
        help="act on the local stack started by `make run` (default http://127.0.0.1:5001)",
    )
    commands = root.add_subparsers(dest="command", required=True)

    commands.add_parser("bootstrap", help="create the table, topic, queues and dead-letter queues").set_defaults(
        handler=cmd_bootstrap
    )

    seed = commands.add_parser("seed", help="load geography, the 2021 processes and the drill")
    seed.add_argument("--today", help="date the drill calendar is relative to (YYYY-MM-DD)")
    seed.set_defaults(handler=cmd_seed)

    registry = commands.add_parser("import-registry", help="validate and import an official registry CSV")
    registry.add_argument("file")
    registry.add_argument("--process", required=True)
    registry.set_defaults(handler=cmd_import_registry)

    create_user = commands.add_parser(
        "create-user", help="create a confirmed staff or party account (prints its password once)"
    )
    create_user.add_argument("--email", required=True)
    create_user.add_argument("--role", required=True, choices=[role.value for role in Role])
    create_user.add_argument("--party", help="contender id the party_editor answers for (required for that role)")
    create_user.add_argument("--name", help="display name (default: the part of the email before @)")
    create_user.set_defaults(handler=cmd_create_user)

    mailbox = commands.add_parser("mailbox", help="print the emails the local stack has sent")
    mailbox.add_argument("--json", action="store_true")
    mailbox.add_argument("--to", help="only emails to this address")
    mailbox.add_argument("--dir", help="mailbox folder (default .local/mailbox)")
    mailbox.set_defaults(handler=cmd_mailbox)

    redrive = commands.add_parser("redrive", help="move dead-letter messages back to their queues")
    redrive.add_argument("--queue", choices=["party", "citizen"], help="only this queue")
    redrive.set_defaults(handler=cmd_redrive)

    commands.add_parser("digest", help="send the daily party digests now").set_defaults(handler=cmd_digest)

    run = commands.add_parser("run", help="start the local stack: moto server, seed, chalice local")
    run.add_argument("--host", default="127.0.0.1")
    run.add_argument("--state-dir", default=".local", help="logs and the local mailbox (default .local)")
    run.add_argument("--moto-port", type=int, default=5001)
    run.add_argument("--api-port", type=int, default=8000)
    run.add_argument("--web-port", type=int, default=8080, help="port of the web front (default: 8080)")
    run.set_defaults(handler=cmd_run)
    log_verifier.register(commands)  # verify-receipt, verify-log: the transparency log, public API only
    return root


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.local:
        from decide.local_stack import LOCAL_AWS_ENV, MAILBOX_DIR

        os.environ.update({**LOCAL_AWS_ENV, "AWS_ENDPOINT_URL": args.local, "LOCAL_MAILBOX_DIR": str(MAILBOX_DIR)})
    os.environ.update({k: v for k, v in stage_environment(args.stage).items() if k not in os.environ})
    try:
        code: int = args.handler(args)
    except DecideError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 2
    return code
