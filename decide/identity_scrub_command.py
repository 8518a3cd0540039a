"""`decide scrub-identity`: the one-off removal of identity answers kept from before the candidate's
own consent link (chalicelib/profiles/identity_scrub.py). Safe to run again: it changes nothing twice."""

from __future__ import annotations

import argparse

from chalicelib.profiles.identity_scrub import scrub_identity
from chalicelib.storage.consent_store import ConsentStore
from chalicelib.storage.election_store import ElectionStore
from chalicelib.storage.table import DocumentTable
from decide.config import stage_settings


def cmd_scrub_identity(args: argparse.Namespace) -> int:
    store = ElectionStore(DocumentTable(stage_settings(args.stage).table_name))
    print("removing identity answers from the audit log and party-ticked profile copies...", flush=True)
    report = scrub_identity(store, ConsentStore(store.table))
    print(
        f"audit entries scrubbed: {report.audit_entries}; profile copies cleared: {report.profile_copies}; "
        f"changed meanwhile (run again): {report.changed_meanwhile}"
    )
    return 1 if report.changed_meanwhile else 0


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    scrub = commands.add_parser(
        "scrub-identity", help="remove identity answers kept from before the candidate's consent link (idempotent)"
    )
    scrub.set_defaults(handler=cmd_scrub_identity)
