"""The drill's fictional activity: written through the API's own desks, every state shown, nothing
emailed, labelled fictional, and written once however often the seed runs."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import boto3

from chalicelib import dependencies
from chalicelib.adapters.mail import read_mailbox
from chalicelib.proposals.models import ProposalStatus
from chalicelib.settings import Settings
from chalicelib.storage.election_store import ElectionStore
from chalicelib.storage.notification_store import NotificationStore
from chalicelib.storage.proposal_store import ProposalStore
from decide import geography_seed
from decide.drill_activity import PROPOSALS, _neighbour, seed_activity
from decide.event_pump import pump_for_app
from decide.faults import Faults, wire_with_faults
from decide.resources import StackNames, bootstrap
from decide.seed import drill
from tests.integration.conftest import NOW, SEED_DAY, TABLE
from tests.integration.identities import Identities


def drill_ballots(store: ElectionStore) -> tuple[object, list[object]]:
    municipalities = {m.code: m.name for m in store.list_municipalities()}
    districts = [d.number for d in store.list_districts(geography_seed.SECTION_MAP_ID)]
    process, _, ballots = drill(SEED_DAY, municipalities, districts)
    return process, ballots


def test_the_activity_shows_every_state_sends_nothing_and_is_written_once(
    seeded: ElectionStore, identities: Identities, tmp_path: Path
) -> None:
    # Given the event pump running on the seeded table (from now on: whatever the activity causes)
    resources = bootstrap(StackNames(stage="dev", table=TABLE))
    mailbox = tmp_path / "mailbox"
    settings = Settings(
        table_name=TABLE,
        user_pool_id=identities.pool.pool_id,
        user_pool_client_id=identities.pool.client_id,
        events_topic_arn=resources.topic_arn,
        local_mailbox_dir=str(mailbox),
    )
    wire_with_faults(settings, seeded, identities.verifier(), lambda: NOW, Faults("Publish"), Faults("SendRawEmail"))
    pump = pump_for_app(TABLE, "dev", session=boto3.session.Session())
    pump.start_at_latest()
    process, ballots = drill_ballots(seeded)

    # When the drill's activity is seeded
    written = seed_activity(seeded, process, ballots, sections=geography_seed.sections(), now=NOW)  # type: ignore[arg-type]
    stats = pump.drain(timeout=120)

    # Then every state a page can show is there, through the same store the API reads
    store = ProposalStore(seeded.table)
    mine = [store.by_author(_neighbour(n).user_id, 5, None)[0] for n in range(len(PROPOSALS))]
    proposals = [p for found in mine for p, _, _ in found]
    assert len(proposals) == len(PROPOSALS) >= 30
    statuses = Counter(p.status for p in proposals)
    assert statuses[ProposalStatus.PENDING_REVIEW] == 4 and statuses[ProposalStatus.REJECTED] == 2
    assert statuses[ProposalStatus.PUBLISHED] == len(PROPOSALS) - 6
    assert all(p.fictional and "ficticio" in p.problem for p in proposals)
    answers = [r for p in proposals if (found := store.get_with_responses(p.id)) for r in found[2]]
    assert {r.stance.value for r in answers} == {"commit", "decline", "comment"}
    supported = sum(s.supports for s in PROPOSALS if s.outcome in ("published", "approved"))
    assert sum(store.get(p.id)[1] for p in proposals) == supported > 80  # type: ignore[index]
    # and the pump relayed all of it without sending a single email (party notices count as sent)
    assert stats.stream_records > len(PROPOSALS) and stats.messages_handled > 0
    assert not mailbox.exists() or read_mailbox(str(mailbox)) == []
    ledger = NotificationStore(seeded.table)
    published = [p for p in proposals if p.status == ProposalStatus.PUBLISHED]
    address = ledger.party_settings("simulacro", published[0].addressed_to[0]).addresses[0]
    assert ledger.ledger.state(f"proposal.published:{published[0].id}", address) == "sent"
    assert written > len(PROPOSALS)

    # And seeding again writes nothing
    assert seed_activity(seeded, process, ballots, sections=geography_seed.sections(), now=NOW) == 0  # type: ignore[arg-type]
    dependencies.use(None)
