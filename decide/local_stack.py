"""The local stack behind `make run`: moto in server mode, bootstrap, seed, `chalice local`.

Children run in their own process groups; Ctrl-C or SIGTERM stops all of them. moto keeps
state in memory, so each run bootstraps and seeds afresh (both are idempotent).
"""

from __future__ import annotations

import os
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
from decide.config import PROJECT_DIR, stage_settings

LOG_DIR = PROJECT_DIR / ".local"
MAILBOX_DIR = LOG_DIR / "mailbox"
LOCAL_AWS_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_REGION": "us-east-1",
    # botocore would send DynamoDB Streams calls to an account-specific host otherwise.
    "AWS_ACCOUNT_ID_ENDPOINT_MODE": "disabled",
}


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
            "DECIDE_PUMP_READY_FILE": str(self.state_dir / "pump.ready"),
            "WEB_BASE_URL": self.web_url,  # links in emails point at this stack's web front
            **self.runtime_env,
        }

    def _spawn(self, command: list[str], log_name: str | None = None) -> subprocess.Popen[bytes]:
        output = None
        if log_name:
            self.state_dir.mkdir(parents=True, exist_ok=True)
            output = (self.state_dir / log_name).open("wb")
        child = subprocess.Popen(
            command,
            cwd=PROJECT_DIR,
            env=self.environment(),
            start_new_session=True,
            stdout=output,
            stderr=subprocess.STDOUT if output else None,
        )
        self.children.append(child)
        return child

    def stop(self) -> None:
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
        shutil.rmtree(self.state_dir / "sms-outbox", ignore_errors=True)
        os.environ.update({**LOCAL_AWS_ENV, "AWS_ENDPOINT_URL": self.moto_url})
        moto = self._spawn(
            [sys.executable, "-m", "decide.moto_patches", "-H", self.host, "-p", str(self.moto_port)], "moto.log"
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
        )
        print(f"seeded {report.items} items in {report.seconds:.1f} s", flush=True)

        chalice = self._spawn(
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
            ]
        )
        wait_for_http(f"{self.api_url}/v1/processes", 60, chalice)

        # The event pump: stream → relay → SNS → SQS → consumers → SES, the same handlers as Lambda.
        ready = self.state_dir / "pump.ready"
        ready.unlink(missing_ok=True)
        pump = self._spawn([sys.executable, "-m", "decide.event_pump"], "pump.log")
        deadline = time.monotonic() + 90
        while not ready.exists():
            if pump.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the event pump did not start; see {self.state_dir / 'pump.log'}")
            time.sleep(0.2)

        # The web front (web/src built into web/dist) with its CSP and cache headers.
        web = self._spawn(
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

    def banner(self) -> str:
        return "\n".join(
            [
                "",
                "DecideIEEM is running locally.",
                f"  Web           {self.web_url}/   (open this in a browser)",
                f"  API           {self.api_url}/v1/processes",
                f"  OpenAPI       {self.api_url}/v1/openapi.json",
                f"  AWS (moto)    {self.moto_url}  (AWS_ENDPOINT_URL for the aws CLI or boto3)",
                f"  Logs          {self.state_dir}/moto.log, pump.log (event pump), web.log",
                f"  Mailbox       .venv/bin/decide mailbox   (sent emails, kept in {self.state_dir}/mailbox)",
                "Try:",
                f"  curl '{self.api_url}/v1/lookup?section=1'                    # the drill (Simulacro)",
                f"  curl '{self.api_url}/v1/lookup?section=1&process=2021-ord'   # Acambay, 2021",
                f"  curl '{self.api_url}/v1/lookup?municipality=015&process=2022-ext-atlautla'",
                "Accounts: sign up in the web front (the code arrives in the mailbox), or create staff/party users:",
                f"  .venv/bin/decide --local {self.moto_url} create-user --email e@pfa.mx --role party_editor"
                " --party pfa",
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
            while all(child.poll() is None for child in self.children):
                time.sleep(0.5)
            failed = [c for c in self.children if c.poll() is not None]
            print(f"a child process stopped: {failed[0].args!r} (exit {failed[0].returncode})", file=sys.stderr)
            return 1
        except KeyboardInterrupt:
            return 0
        finally:
            self.stop()
