"""Correct singular and plural forms from the catalogue (issue 15: never "1 propuestas")."""

from __future__ import annotations

from datetime import UTC, datetime

from chalicelib.notifications.models import DigestEntry
from chalicelib.notifications.templates import party_digest


def entries(n: int) -> list[DigestEntry]:
    return [
        DigestEntry(
            event_id=f"proposal.published:p{i}",
            proposal_id=f"p{i}",
            process_id="simulacro",
            contender_id="pfa",
            title=f"Propuesta {i}",
            place_name="Acambay",
            topic_label="Agua",
            queued_at=datetime(2026, 11, 26, tzinfo=UTC),
        )
        for i in range(n)
    ]


def test_a_digest_of_one_proposal_speaks_in_the_singular_and_of_several_in_the_plural() -> None:
    one = party_digest("avisos@pfa.mx", "PFA", entries(1), "https://decide/#/partido/bandeja", True)
    assert one.subject == "Resumen diario: 1 propuesta ciudadana nueva"
    assert "PFA recibió 1 propuesta ciudadana:" in one.text and "1 propuestas" not in one.text + one.html
    three = party_digest("avisos@pfa.mx", "PFA", entries(3), "https://decide/#/partido/bandeja", True)
    assert three.subject == "Resumen diario: 3 propuestas ciudadanas nuevas"
    assert "PFA recibió 3 propuestas ciudadanas:" in three.text
    assert three.text.strip() and three.html.startswith("<!doctype html>")
