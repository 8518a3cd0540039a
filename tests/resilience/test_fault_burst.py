"""A bounded burst of proposals under faults (the CI form of `python -m bench.burst`).

120 proposals from 6 citizens through the HTTP API while SNS Publish and SES SendRawEmail fail
at random (20 % of calls), the party consumer is killed in the middle of every 7th batch, and
10 % of messages crash a buggy consumer until it is "fixed" (they land in the dead-letter
queue and are redriven). The bench form (`make bench`) runs 1,000 proposals with 2 % poison.
"""

from __future__ import annotations

from tests.support.burst import run_burst
from tests.support.world import world


def test_a_faulty_burst_loses_nothing_and_doubles_nothing() -> None:
    with world(proposals_per_day=100) as w:
        report = run_burst(w, proposals=120, citizens=6, fault_rate=0.2, kill_every=7, poison_share=0.1)
    # the faults really happened
    assert report.sns_faults > 0 and report.ses_faults > 0
    assert report.consumer_kills > 0
    assert report.dead_lettered > 0 and report.redriven == report.dead_lettered
    # every proposal was accepted and stored; every addressed party got exactly one email
    assert report.accepted == 120, report.refused
    assert report.stored_proposals == report.accepted and report.lost_proposals == 0
    assert report.expected_emails > report.accepted
    assert report.lost_emails == 0
    assert report.duplicated_emails == 0
    assert report.emails == report.expected_emails
    assert report.dlq_after_redrive == 0
