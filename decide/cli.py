"""`decide`: operator tasks (bootstrap, seed, import-registry, create-user, mailbox, redrive, digest, run).

Each subcommand is a `cmd_<name>(args) -> int` function plus one registration in `parser()`. Every
command but `run` acts on one stack (decide/addressing.py), named in its first line; `--local`,
`--endpoint`, `--state-dir` and `--stage` are accepted before or after the subcommand.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from datetime import UTC, date, datetime
from pathlib import Path

from chalicelib.auth.principal import Role
from chalicelib.elections.models import MEXICO_CITY
from chalicelib.errors import DecideError
from chalicelib.storage.election_store import ElectionStore
from chalicelib.storage.table import DocumentTable
from decide import identity_scrub_command, log_verifier
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
    report = seed_all(
        _store(args.stage), today, progress=lambda label, n, _total: progress_bar(label, n, n), activity=True
    )
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


def cmd_import_results(args: argparse.Namespace) -> int:
    """Votes per contender per ballot (issue 16): refused rows and warnings printed line by line."""
    from chalicelib.audit.log import AuditLog
    from chalicelib.commitments.service import CommitmentDesk
    from chalicelib.elections.public import find_process
    from chalicelib.results.importer import ResultSource, import_results
    from chalicelib.results.service import require_counting
    from chalicelib.storage.commitment_store import CommitmentStore
    from chalicelib.storage.result_store import ResultStore

    store, settings = _store(args.stage), stage_settings(args.stage)
    require_counting(find_process(store, args.process), datetime.now(MEXICO_CITY), settings)
    text = Path(args.file).read_text(encoding="utf-8-sig")
    source = ResultSource(title=args.source, url=args.source_url)
    # The winners' commitments are followed as when the institute imports through the API.
    desk = CommitmentDesk(
        settings, store, CommitmentStore(store.table), AuditLog(store.table), lambda: datetime.now(UTC)
    )
    report = import_results(store, ResultStore(store.table), args.process, text, source, desk.follow_winners)
    for issue in report.issues:
        print(f"line {issue.line}: {issue.field}: {issue.reason}")
    for warning in report.warnings:
        print(f"line {warning.line}: {warning.field}: {warning.reason} (imported)")
    print(
        f"{report.rows_imported} of {report.rows_read} rows imported ({report.results_written} ballot results); "
        f"{len(report.issues)} issues, {len(report.warnings)} warnings; "
        f"{report.commitments_followed} commitments now followed"
    )
    return 0 if report.ok else 1


def register_import_results(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    results = commands.add_parser("import-results", help="validate and import a results CSV (votes per ballot)")
    results.add_argument("file")
    results.add_argument("--process", required=True)
    results.add_argument("--source", help="where the file comes from (shown with every result)")
    results.add_argument("--source-url", help="the source's address")
    results.set_defaults(handler=cmd_import_results)


def cmd_import_section_map(args: argparse.Namespace) -> int:
    """Load an official section → municipality/district CSV as a new section-map version."""
    from chalicelib.geography.section_maps import SectionMapUpload, import_section_map

    upload = SectionMapUpload(
        id=args.id,
        name=args.name,
        numbering=args.numbering,
        numbering_note=args.numbering_note,
        source=args.source,
        csv=Path(args.file).read_text(encoding="utf-8-sig"),
    )
    report = import_section_map(_store(args.stage), upload, progress=lambda n, t: progress_bar("secciones", n, t))
    for issue in report.issues:
        print(f"line {issue.line}: {issue.field}: {issue.reason}")
    print(
        f"map {report.map_id} ({report.numbering}): {report.sections_written} of {report.rows_read} sections, "
        f"{report.districts_written} districts written; {len(report.issues)} issues"
        + ("" if report.ok else " (nothing written: a map is all or nothing)")
    )
    return 0 if report.ok else 1


def _register_import_section_map(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser("import-section-map", help="load an official section → municipality/district CSV")
    parser.add_argument("file")
    parser.add_argument("--id", required=True, help="the new map version's id")
    parser.add_argument("--name", required=True)
    parser.add_argument("--numbering", required=True, help="district numbering, e.g. ieem-oficial")
    parser.add_argument("--numbering-note", required=True, help="said wherever its districts are shown")
    parser.add_argument("--source", required=True)
    parser.set_defaults(handler=cmd_import_section_map)


def cmd_mailbox(args: argparse.Namespace) -> int:
    """Print what the local stack's SES has sent (kept in its state folder's mailbox)."""
    import json

    from chalicelib.adapters.mail import read_mailbox

    folder = Path(args.dir) if args.dir else args.target.mailbox_dir
    if not folder.is_dir():
        print(
            f"error: no mailbox at {folder} (has this stack sent anything? choose one with --state-dir)",
            file=sys.stderr,
        )
        return 2
    emails = read_mailbox(str(folder))
    if args.to:
        emails = [e for e in emails if e["to"] == args.to.lower()]
    if args.json:
        print(json.dumps(emails, ensure_ascii=False, indent=2))
        return 0
    for email in emails:
        extra = "".join(f"{name}: {value}\n" for name, value in email.get("headers", {}).items())
        print(f"--- to {email['to']} · {email['kind']}\nSubject: {email['subject']}\n{extra}\n{email['text']}")
    print(f"{len(emails)} emails in {folder}")
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
        print(f"{audience}: moving dead letters back from {names.dead_letter_queue(audience)}...", flush=True)
        print(f"{audience}: {redrive(sqs, dlq, queue)} messages moved back to {names.queue(audience)}")
    return 0


def cmd_digest(args: argparse.Namespace) -> int:
    """Send the daily digests now (what the scheduled `send_digests` Lambda does)."""
    from decide.event_pump import load_app, scheduled_event

    print("sending the party digests...", flush=True)
    result = load_app().send_digests(scheduled_event(), None)
    print(f"digests: {result}")
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    from decide.local_stack import LocalStack
    from decide.stack_state import chosen_state_dir

    return LocalStack(
        state_dir=chosen_state_dir(args.state_dir)[0],
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
    from chalicelib.accounts.models import EMAIL_PATTERN
    from chalicelib.adapters.cognito import CognitoAccounts
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
            f"error: no user pool '{names.user_pool}' at {cognito.meta.endpoint_url} "
            "(for the local stack: start it with `make run`, then `decide --local create-user ...`)",
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
    if role is Role.PARTY_EDITOR:
        # listed with the accounts the institute invited (Cuentas de partido), so it can be disabled there
        from datetime import UTC, datetime

        from chalicelib.admin.models import PartyUser, PartyUserStatus
        from chalicelib.storage.party_user_store import PartyUserStore

        users = PartyUserStore(_store(args.stage).table)
        users.table.transact(
            users.operations(
                PartyUser(
                    user_id=user_id,
                    email=email,
                    display_name=args.name or email.split("@", 1)[0],
                    party_id=args.party,
                    process=None,
                    status=PartyUserStatus.CREATED,
                    invited_at=datetime.now(UTC),
                    invitation_sent_at=None,
                    invitations=0,
                )
            )
        )
    party = f", party {args.party}" if args.party else ""
    print(f"created {email} ({role.value}{party}), user id {user_id}")
    print(f"password (shown only now): {password}")
    return 0


def cmd_sms(args: argparse.Namespace) -> int:
    """Text the local stack: publish an inbound SMS on its two-way topic, wait for the reply in its outbox.

    The event pump hands the message to `answer_sms`, the handler SNS invokes in AWS; the reply it
    sends is kept in the local outbox and printed last."""
    import json
    import time
    import uuid

    import boto3

    from chalicelib.adapters.sms import masked, read_outbox
    from decide.local_stack import LOG_DIR
    from decide.resources import StackNames

    if not (getattr(args, "local", None) or os.environ.get("AWS_ENDPOINT_URL")):
        print("error: `decide sms` texts the local stack only: add --local (the stack of `make run`)", file=sys.stderr)
        return 2
    names = StackNames(stage=args.stage, table=stage_settings(args.stage).table_name)
    sns = boto3.client("sns")
    topics = [t["TopicArn"] for t in sns.list_topics()["Topics"]]
    topic = next((t for t in topics if t.rsplit(":", 1)[-1] == names.sms_inbound_topic), None)
    if topic is None:
        where = f"{names.sms_inbound_topic} at {sns.meta.endpoint_url}"
        print(f"error: no topic {where}; is `make run` running?", file=sys.stderr)
        return 2
    message_id = f"local-{uuid.uuid4()}"
    inbound = {
        "originationNumber": args.sender,
        "destinationNumber": "+525500000000",
        "messageKeyword": "KEYWORD_LOCAL",
        "messageBody": args.text,
        "inboundMessageId": message_id,
    }
    sns.publish(TopicArn=topic, Message=json.dumps(inbound))
    print(f"sent «{args.text}» from {masked(args.sender)} to {names.sms_inbound_topic}", flush=True)
    # The addressed stack's own outbox (decide run passes it to the API and the pump as LOCAL_SMS_OUTBOX_DIR).
    target = getattr(args, "target", None)
    outbox = (
        args.outbox
        or os.environ.get("LOCAL_SMS_OUTBOX_DIR")
        or str((target.state_dir if target else LOG_DIR) / "sms-outbox")
    )
    deadline = time.monotonic() + args.timeout
    while time.monotonic() < deadline:
        reply = next((r for r in read_outbox(outbox) if r["in_reply_to"] == message_id), None)
        if reply is not None:
            print(f"reply ({reply['units']} GSM-7 characters, {reply['segments']} segments), kept in {outbox}:")
            print(reply["body"])
            return 0
        time.sleep(0.3)
    print(
        f"no reply within {args.timeout:.0f} s in {outbox} (none is sent after ALTO, or past the hourly limit)",
        file=sys.stderr,
    )
    return 1


def register_sms(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    sms = commands.add_parser("sms", help="text the local stack's SMS lookup and print its reply (with --local)")
    sms.add_argument("text", help='the message, e.g. "1234", "SECCION 1234", "AYUDA", "ALTO"')
    sms.add_argument("--from", dest="sender", default="+525500000001", help="sender number (fictional by default)")
    sms.add_argument("--outbox", help="outbox folder (default: sms-outbox in the addressed stack's state folder)")
    sms.add_argument("--timeout", type=float, default=60.0, help="seconds to wait for the reply (default 60)")
    sms.set_defaults(handler=cmd_sms)


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="decide", description="DecideIEEM operator tasks")
    add_addressing(root, argparse.SUPPRESS)
    root.set_defaults(stage="dev", local=False, endpoint=None, state_dir=None)
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
    _register_import_section_map(commands)
    register_import_results(commands)

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
    mailbox.add_argument("--dir", help="a mailbox folder (default: the stack's, <state dir>/mailbox)")
    mailbox.set_defaults(handler=cmd_mailbox, needs_stack=False)

    redrive = commands.add_parser("redrive", help="move dead-letter messages back to their queues")
    redrive.add_argument("--queue", choices=["party", "citizen"], help="only this queue")
    redrive.set_defaults(handler=cmd_redrive)

    commands.add_parser("digest", help="send the daily party digests now").set_defaults(handler=cmd_digest)
    register_sms(commands)

    run = commands.add_parser("run", help="start the local stack: moto server, seed, chalice local")
    run.add_argument("--host", default="127.0.0.1")
    run.add_argument("--moto-port", type=int, default=5001)
    run.add_argument("--api-port", type=int, default=8000)
    run.add_argument("--web-port", type=int, default=8080, help="port of the web front (default: 8080)")
    run.set_defaults(handler=cmd_run, needs_stack=False)
    log_verifier.register(commands)  # verify-receipt, verify-log: the transparency log, public API only
    identity_scrub_command.register(commands)  # scrub-identity: the one-off migration of issue 22

    # Every subcommand (also ones added above by other features) takes the addressing options after its name.
    for name, command in commands.choices.items():
        add_addressing(command, argparse.SUPPRESS, only_state_dir=name == "run")
    return root


def add_addressing(command: argparse.ArgumentParser, default: object, only_state_dir: bool = False) -> None:
    """The options that choose the stack; SUPPRESS keeps a subcommand from resetting what was given before it."""
    options: list[tuple[tuple[str, ...], dict[str, object]]] = [
        (
            ("--state-dir",),
            {"metavar": "DIR", "help": "the local stack's state folder (default .local; or DECIDE_STATE_DIR)"},
        ),
    ]
    if not only_state_dir:
        options += [
            (("--stage",), {"help": "stage of .chalice/config.json (default: dev)"}),
            (("--local",), {"action": "store_true", "help": "act on the running local stack (`make run`)"}),
            (("--endpoint",), {"metavar": "URL", "help": "act on this AWS endpoint (e.g. a moto server)"}),
        ]
    for flags, settings in options:
        # a subcommand with an option of that name itself keeps its own
        with contextlib.suppress(argparse.ArgumentError):
            command.add_argument(*flags, default=default, **settings)  # type: ignore[arg-type]


def _legacy_local_url(argv: list[str]) -> list[str]:
    """`--local URL` / `--local=URL` (the old form) mean `--endpoint URL`."""
    out: list[str] = []
    for arg in argv:
        if arg.startswith("--local="):
            out += ["--endpoint", arg.split("=", 1)[1]]
        elif out and out[-1] == "--local" and arg.startswith(("http://", "https://")):
            out[-1:] = ["--endpoint", arg]
        else:
            out.append(arg)
    return out


def main(argv: list[str] | None = None) -> int:
    import botocore.exceptions

    from decide.addressing import TargetError, resolve

    args = parser().parse_args(_legacy_local_url(sys.argv[1:] if argv is None else argv))
    if args.command != "run":
        try:
            args.target = resolve(
                stage=args.stage,
                local=args.local,
                endpoint=args.endpoint,
                state_dir=args.state_dir,
                needs_stack=getattr(args, "needs_stack", True),
            )
        except TargetError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        print(args.target.describe(), file=sys.stderr, flush=True)
        os.environ.update(args.target.environment())
    os.environ.update({k: v for k, v in stage_environment(args.stage).items() if k not in os.environ})
    try:
        code: int = args.handler(args)
    except DecideError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 2
    except botocore.exceptions.EndpointConnectionError as exc:
        print(
            f"error: cannot reach {exc.kwargs.get('endpoint_url', 'the endpoint')}: is the stack running?",
            file=sys.stderr,
        )
        return 2
    except botocore.exceptions.NoCredentialsError:
        print(
            "error: no AWS credentials (for the local stack add --local; for AWS use operator credentials)",
            file=sys.stderr,
        )
        return 2
    except botocore.exceptions.ClientError as exc:
        error = exc.response.get("Error", {})
        print(f"error: {exc.operation_name}: {error.get('Code')}: {error.get('Message')}", file=sys.stderr)
        return 2
    except FileNotFoundError as exc:
        print(f"error: no such file: {exc.filename}", file=sys.stderr)
        return 2
    return code
