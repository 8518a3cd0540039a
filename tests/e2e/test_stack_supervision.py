"""`decide run` supervises its children: the event pump killed mid-flow is started again, resumes
from its checkpoint and every email is still sent exactly once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

from chalicelib.adapters.mail import read_mailbox
from chalicelib.notifications.models import PartySettings
from chalicelib.storage.notification_store import NotificationStore
from decide.config import PROJECT_DIR
from decide.stack_process import StackProcess as Stack
from tests.e2e.test_citizen_to_party_over_http import call, wait_for_emails
from tests.e2e.test_operator_commands import logs_in
from tests.support.queues import wait_until_queues_are_empty

TOPICS = [
    ("agua", "Cisterna comunitaria para la escuela", "La primaria se queda sin agua en los baños cada semana de calor.",
     "Construir una cisterna de diez mil litros con bomba y revisar la toma cada mes."),
    ("movilidad", "Rampa en la entrada del mercado", "Las personas en silla de ruedas no pueden entrar al mercado.",
     "Construir una rampa con barandal y un pasillo despejado hasta los locales."),
    ("seguridad", "Alarma vecinal en la calle del panteón", "Por las noches hay robos en la calle del panteón.",
     "Instalar una alarma vecinal conectada y organizar rondines con la policía municipal."),
    ("salud", "Vacunación en la plaza los sábados", "Quien trabaja entre semana no alcanza a vacunar a sus hijos.",
     "Un módulo de vacunación en la plaza principal cada sábado por la mañana."),
]  # fmt: skip


def test_the_event_pump_killed_mid_flow_is_restarted_and_every_email_goes_out_once(stack: Stack) -> None:
    created = subprocess.run(
        [str(Path(sys.executable).with_name("decide")), "--local", "create-user", "--role", "citizen",
         "--email", f"vecina-{uuid.uuid4().hex[:6]}@example.mx"],
        cwd=PROJECT_DIR, capture_output=True, text=True, env={**os.environ, "DECIDE_STATE_DIR": str(stack.state_dir)},
    )  # fmt: skip
    _, token = logs_in(stack, created.stdout)
    notifications = NotificationStore(stack.store().table)
    addresses = {p: f"pump-{p}-{uuid.uuid4().hex[:6]}@simulacro.decide.ieem.local" for p in ("pfa", "pfv")}
    for party, address in addresses.items():
        notifications.save_party_settings(
            PartySettings(process_id="simulacro", contender_id=party, addresses=[address])
        )
    state = stack.state()
    assert state is not None
    pump = state.children["pump"]
    tag = uuid.uuid4().hex[:6]
    titles = []
    for n, (topic, title, problem, action) in enumerate(TOPICS):
        if n == 2:  # mid-flow: two proposals sent, two to come
            os.kill(pump, signal.SIGKILL)
        titles.append(f"{title} {tag}")
        body = {"ballot_id": "simulacro.ayun.020", "topic": topic, "title": titles[-1], "problem": problem,
                "proposed_action": action, "addressed_to": ["pfa", "pfv"]}  # fmt: skip
        status, sent = call(stack, "POST", "/v1/proposals", body, token)
        assert status == 201 and sent["status"] == "published", sent

    # The stack says it restarted the pump, under a new process id
    deadline = time.monotonic() + 60
    while "restarted the event pump" not in stack.log.read_text():
        assert time.monotonic() < deadline and stack.process.poll() is None, stack.log.read_text()[-2000:]
        time.sleep(0.5)
    restarted = stack.state()
    assert restarted is not None and restarted.children["pump"] != pump

    # Every notice arrives, and only once
    for address in addresses.values():
        # (an email the killed pump had claimed but not sent goes out once its claim expires: 120 s)
        found = wait_for_emails(stack.mailbox, address, len(titles), timeout=300)
        assert sorted(t for t in titles for m in found if t in m["subject"]) == sorted(titles), found
    assert "resuming after the checkpoint" in (stack.state_dir / "pump.log").read_text()
    wait_until_queues_are_empty(stack)  # no retry or re-claimed message is left: nothing arrives twice
    for address in addresses.values():
        subjects = [m["subject"] for m in read_mailbox(str(stack.mailbox)) if m["to"] == address]
        assert len(subjects) == len(titles), subjects
