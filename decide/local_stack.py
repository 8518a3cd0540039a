"""The local stack behind `make run`: moto in server mode, bootstrap, seed, `chalice local`.

Children run in their own process groups; Ctrl-C or SIGTERM stops all of them. A child that dies
(the API, the event pump, the web front) is started again and the log says so; the event pump
resumes from its checkpoint in the state folder. moto keeps state in memory, so each run
bootstraps and seeds afresh (both are idempotent), and if moto itself dies the stack stops.
The stack's address is written to `<state dir>/stack.json` for `decide <command>` to find.
"""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from types import FrameType

from chalicelib.elections.models import MEXICO_CITY
from decide.addressing import LOCAL_AWS_ENV
from decide.config import PROJECT_DIR, stage_settings
from decide.stack_state import DEFAULT_STATE_DIR, StackState, remove_state

LOG_DIR = DEFAULT_STATE_DIR
MAILBOX_DIR = LOG_DIR / "mailbox"
__all__ = ["LOCAL_AWS_ENV", "LOG_DIR", "MAILBOX_DIR", "LocalStack", "wait_for_http"]
# A child restarted this often within RESTART_WINDOW seconds is not coming back: the stack stops.
MAX_RESTARTS = 5
RESTART_WINDOW = 60.0
CHILD_NAMES = {"moto": "moto", "api": "the API (chalice local)", "pump": "the event pump", "web": "the web front"}


def wait_for_http(url: str, timeout: float, process: subprocess.Popen[bytes] | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{process.args!r} exited with {process.returncode} before {url} answered")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return  # it answers, even if not with 200
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout:.0f} s")


@dataclass
class LocalStack:
    stage: str = "dev"
    host: str = "127.0.0.1"
    moto_port: int = 5001
    api_port: int = 8000
    web_port: int = 8080
    children: list[subprocess.Popen[bytes]] = field(default_factory=list)
    runtime_env: dict[str, str] = field(default_factory=dict)
    # name → (command, log file name) and the running process, for restarting a child that died
    specs: dict[str, tuple[list[str], str | None]] = field(default_factory=dict)
    named: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    restarts: dict[str, list[float]] = field(default_factory=dict)
    # Logs and the local mailbox; moto keeps no state between runs, so neither does the mailbox.
    state_dir: Path = LOG_DIR

    @property
    def moto_url(self) -> str:
        return f"http://{self.host}:{self.moto_port}"

    @property
    def api_url(self) -> str:
        return f"http://{self.host}:{self.api_port}"

    @property
    def web_url(self) -> str:
        return f"http://{self.host}:{self.web_port}"

    def environment(self) -> dict[str, str]:
        return {
            **os.environ,
            **LOCAL_AWS_ENV,
            "AWS_ENDPOINT_URL": self.moto_url,
            "LOCAL_MAILBOX_DIR": str(self.state_dir / "mailbox"),
            # SMS replies of the local stack (`decide sms`), and the key of its phone-number hashes.
            "LOCAL_SMS_OUTBOX_DIR": str(self.state_dir / "sms-outbox"),
            "SMS_NUMBER_KEY": os.environ.get("SMS_NUMBER_KEY", "local-stack-only-not-a-secret"),
            "CONSENT_LINK_KEY": os.environ.get("CONSENT_LINK_KEY", "local-stack-only-consent-links"),
            # one-click unsubscribe tokens and party-address confirmation links (issue 15); the
            # List-Unsubscribe URLs point at this stack's API
            "EMAIL_LINK_KEY": os.environ.get("EMAIL_LINK_KEY", "local-stack-only-email-links"),
            "API_BASE_URL": self.api_url,
            "DECIDE_PUMP_READY_FILE": str(self.state_dir / "pump.ready"),
            "DECIDE_PUMP_CHECKPOINT": str(self.state_dir / "pump.checkpoint.json"),
            "WEB_BASE_URL": self.web_url,  # links in emails point at this stack's web front
            # Staff TOTP (issue 13): moto checks codes for real (against its one fixed secret), and the
            # tests' own staff addresses may act without it, so that only a test that enrols sees TOTP.
            # Any other staff address must enrol, as in AWS (where STAFF_MFA_EXEMPT is never set).
            "MOTO_COGNITO_IDP_USER_POOL_ENABLE_TOTP": "true",
            "STAFF_MFA_EXEMPT": os.environ.get("STAFF_MFA_EXEMPT", "*@example.org,*@example.mx"),
            **self.runtime_env,
        }

    def _spawn(
        self, name: str, command: list[str], log_name: str | None = None, once_env: dict[str, str] | None = None
    ) -> subprocess.Popen[bytes]:
        """Start a child; `once_env` is for this start only, not for a restart."""
        restart = name in self.specs
        self.specs[name] = (command, log_name)
        output = None
        if log_name:
            self.state_dir.mkdir(parents=True, exist_ok=True)
            output = (self.state_dir / log_name).open("ab" if restart else "wb")  # a restarted child appends
        child = subprocess.Popen(
            command,
            cwd=PROJECT_DIR,
            env={**self.environment(), **(once_env or {})},
            start_new_session=True,
            stdout=output,
            stderr=subprocess.STDOUT if output else None,
        )
        if output:
            output.close()  # the child holds its own copy
        self.children.append(child)
        self.named[name] = child
        return child

    def state(self) -> StackState:
        return StackState(
            state_dir=str(self.state_dir),
            stage=self.stage,
            moto_url=self.moto_url,
            api_url=self.api_url,
            web_url=self.web_url,
            pid=os.getpid(),
            children={name: child.pid for name, child in self.named.items()},
            runtime_env=self.runtime_env,
        )

    def supervise(self) -> str | None:
        """Start again each child that died; the reason to stop the stack if one cannot be restarted."""
        for name, child in list(self.named.items()):
            if child.poll() is None:
                continue
            label = CHILD_NAMES.get(name, name)
            if name == "moto":
                return f"{label} stopped (exit {child.returncode}); its in-memory data is gone, so the stack stops"
            now = time.monotonic()
            recent = [t for t in self.restarts.get(name, []) if now - t < RESTART_WINDOW] + [now]
            self.restarts[name] = recent
            if len(recent) > MAX_RESTARTS:
                return f"{label} keeps stopping ({len(recent) - 1} restarts in {RESTART_WINDOW:.0f} s); see its log"
            self.children.remove(child)
            command, log_name = self.specs[name]
            restarted = self._spawn(name, command, log_name)
            self.state().write()
            log = f"; log {self.state_dir / log_name}" if log_name else ""
            print(f"restarted {label}: it exited with {child.returncode}; new pid {restarted.pid}{log}", flush=True)
        return None

    def stop(self) -> None:
        remove_state(self.state_dir)
        for child in reversed(self.children):
            if child.poll() is None:
                os.killpg(child.pid, signal.SIGTERM)
        for child in self.children:
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(child.pid, signal.SIGKILL)

    def start(self) -> None:
        shutil.rmtree(self.state_dir / "mailbox", ignore_errors=True)
        # A fresh moto: no checkpoint of an earlier stream applies.
        (self.state_dir / "pump.checkpoint.json").unlink(missing_ok=True)
        shutil.rmtree(self.state_dir / "sms-outbox", ignore_errors=True)
        os.environ.update(
            {**LOCAL_AWS_ENV, "AWS_ENDPOINT_URL": self.moto_url, "MOTO_COGNITO_IDP_USER_POOL_ENABLE_TOTP": "true"}
        )
        moto = self._spawn(
            "moto",
            [sys.executable, "-m", "decide.moto_patches", "-H", self.host, "-p", str(self.moto_port)],
            "moto.log",
        )
        wait_for_http(f"{self.moto_url}/moto-api/", 30, moto)

        from chalicelib.storage.election_store import ElectionStore
        from chalicelib.storage.table import DocumentTable
        from decide.cli import progress_bar
        from decide.resources import StackNames, bootstrap
        from decide.seed import seed_all

        settings = stage_settings(self.stage)
        resources = bootstrap(StackNames(stage=self.stage, table=settings.table_name))
        self.runtime_env = resources.runtime_environment(self.moto_url)
        os.environ.update(self.environment())
        report = seed_all(
            ElectionStore(DocumentTable(settings.table_name)),
            datetime.now(MEXICO_CITY).date(),
            progress=lambda label, n, _total: progress_bar(label, n, n),
            activity=True,  # the drill's fictional activity
        )
        print(f"seeded {report.items} items in {report.seconds:.1f} s", flush=True)

        # The event pump: stream → relay → SNS → SQS → consumers → SES, the same handlers as Lambda.
        # It starts before the API, so all it finds in the stream at first is the seed: it passes it
        # without relaying (the seed notifies nobody) and relays every later write.
        ready = self.state_dir / "pump.ready"
        ready.unlink(missing_ok=True)
        pump = self._spawn(
            "pump", [sys.executable, "-m", "decide.event_pump"], "pump.log", once_env={"DECIDE_PUMP_SKIP_SEED": "1"}
        )
        deadline = time.monotonic() + 240  # it reads the whole seed from the stream first
        while not ready.exists():
            if pump.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the event pump did not start; see {self.state_dir / 'pump.log'}")
            time.sleep(0.2)

        chalice = self._spawn(
            "api",
            [
                str(Path(sys.executable).with_name("chalice")),
                "local",
                "--host",
                self.host,
                "--port",
                str(self.api_port),
                "--stage",
                self.stage,
                "--no-autoreload",
            ],
        )
        wait_for_http(f"{self.api_url}/v1/processes", 60, chalice)

        # The web front (web/src built into web/dist) with its CSP and cache headers.
        web = self._spawn(
            "web",
            [
                sys.executable,
                "-m",
                "decide.web_server",
                "--build",
                "--host",
                self.host,
                "--port",
                str(self.web_port),
                "--api-url",
                self.api_url,
                # Photos are POSTed by the browser straight to the bucket, here on the moto server.
                "--upload-url",
                self.moto_url,
            ],
            "web.log",
        )
        wait_for_http(f"{self.web_url}/config.json", 30, web)
        self.state().write()

    def banner(self) -> str:
        # Operator commands find this stack in its state folder; a folder other than .local is named.
        decide = ".venv/bin/decide"
        if self.state_dir.resolve() != DEFAULT_STATE_DIR:
            decide += f" --state-dir {shlex.quote(str(self.state_dir))}"
        return "\n".join(
            [
                "",
                "DecideIEEM is running locally.",
                f"  Web           {self.web_url}/   (open this in a browser)",
                f"  API           {self.api_url}/v1/processes",
                f"  OpenAPI       {self.api_url}/v1/openapi.json",
                f"  AWS (moto)    {self.moto_url}  (AWS_ENDPOINT_URL for the aws CLI or boto3)",
                f"  Logs          {self.state_dir}/moto.log, pump.log (event pump), web.log",
                f"  Mailbox       {self.state_dir}/mailbox (every email sent; read it with `decide mailbox`)",
                "Try:",
                f"  curl '{self.api_url}/v1/lookup?section=1'                    # the drill (Simulacro)",
                f"  curl '{self.api_url}/v1/lookup?section=1&process=2021-ord'   # Acambay, 2021",
                f"  curl '{self.api_url}/v1/lookup?municipality=015&process=2022-ext-atlautla'",
                f"Operator commands (they find this stack in {self.state_dir}/stack.json):",
                f"  {decide} mailbox   # the emails this stack has sent",
                f"  {decide} --local create-user --email editor@pfv.mx --role party_editor --party pfv"
                "   # a party account (its password is printed once)",
                f"  {decide} --local digest   # the party digests now (otherwise every 10 minutes)",
                "Accounts: sign up in the web front (the code arrives in the mailbox) or create them as above.",
                "Ctrl-C stops everything.",
                "",
            ]
        )

    def run(self) -> int:
        def on_signal(signum: int, _frame: FrameType | None) -> None:
            raise KeyboardInterrupt

        signal.signal(signal.SIGTERM, on_signal)
        try:
            self.start()
            print(self.banner(), flush=True)
            while (reason := self.supervise()) is None:
                time.sleep(0.5)
            print(f"stopping: {reason}", file=sys.stderr, flush=True)
            return 1
        except KeyboardInterrupt:
            return 0
        finally:
            self.stop()
