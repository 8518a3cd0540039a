"""Locust users for the spike: many lookups, some proposal submissions by signed-in citizens.

Run by `python -m bench.spike` (headless, bounded time). SPIKE_TOKENS names a JSON file with
citizen ID tokens; accepted proposals are written to SPIKE_ACCEPTED when the test stops.
"""

from __future__ import annotations

import json
import os
import random
import sys
from pathlib import Path
from typing import Any

from locust import HttpUser, between, events, task

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.support.burst import draft

TOKENS: list[str] = json.loads(Path(os.environ["SPIKE_TOKENS"]).read_text()) if "SPIKE_TOKENS" in os.environ else []
ACCEPTED: dict[str, list[str]] = {}
REFUSED: dict[str, int] = {}
SECTIONS = 6466


class Citizen(HttpUser):
    wait_time = between(0.05, 0.3)

    def on_start(self) -> None:
        self.rng = random.Random()
        self.token = self.rng.choice(TOKENS) if TOKENS else ""

    @task(12)
    def lookup_by_section(self) -> None:
        section = self.rng.randint(1, SECTIONS)
        with self.client.get(f"/v1/lookup?section={section}", name="/v1/lookup?section=N", catch_response=True) as r:
            # the numbering has gaps: a 404 naming the section is the right answer to a typo
            if r.status_code == 200 or (r.status_code == 404 and "section_not_found" in r.text):
                r.success()
            else:
                r.failure(f"{r.status_code}: {r.text[:200]}")

    @task(3)
    def lookup_by_municipality(self) -> None:
        self.client.get(f"/v1/lookup?municipality={self.rng.randint(1, 125):03d}", name="/v1/lookup?municipality=N")

    @task(2)
    def ballot(self) -> None:
        self.client.get(f"/v1/ballots/simulacro.ayun.{self.rng.randint(1, 125):03d}", name="/v1/ballots/{id}")

    @task(2)
    def submit(self) -> None:
        body = draft(self.rng, self.rng.randint(0, 99_999))  # (9+ digits would look like a phone number: held)
        headers = {"Authorization": f"Bearer {self.token}", "Idempotency-Key": f"spike-{self.rng.getrandbits(64):x}"}
        with self.client.post(
            "/v1/proposals", json=body, headers=headers, name="/v1/proposals", catch_response=True
        ) as r:
            if r.status_code == 201:
                answer: dict[str, Any] = r.json()
                if answer["status"] == "published":
                    ACCEPTED[answer["id"]] = body["addressed_to"]
                else:
                    REFUSED["held"] = REFUSED.get("held", 0) + 1
                r.success()
            elif r.status_code == 429:  # the daily quota is a correct answer, not an error
                REFUSED["429"] = REFUSED.get("429", 0) + 1
                r.success()
            else:  # status 0: no HTTP answer (the connection was refused or reset)
                r.failure(f"{r.status_code}: {r.text[:200] or repr(r.error)[:200]}")


@events.test_stop.add_listener  # type: ignore[untyped-decorator]
def write_accepted(**_: Any) -> None:
    if "SPIKE_ACCEPTED" in os.environ:
        Path(os.environ["SPIKE_ACCEPTED"]).write_text(json.dumps({"accepted": ACCEPTED, "refused": REFUSED}))
