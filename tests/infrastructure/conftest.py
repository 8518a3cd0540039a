"""Synthesize the CDK app once per test session, offline (no AWS credentials, no CDK CLI).

Two syntheses run in parallel subprocesses (Chalice packaging mutates os.environ and sys.modules, so it
stays out of the test process):

* the real app (repository root), every stage: what `make synth` produces and `make deploy` ships;
* tests/infrastructure/fixture_app, dev only: a minimal Chalice app with every event handler the
  stack wires, so the wiring is checked whatever app.py holds today.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.infrastructure.infra_helpers import FIXTURE_CERTIFICATE, FIXTURE_WEB_DOMAIN, STAGES, Synthesis

ROOT = Path(__file__).resolve().parents[2]
INFRA = ROOT / "infrastructure"
FIXTURE_APP = Path(__file__).resolve().parent / "fixture_app"
if str(INFRA) not in sys.path:  # the tests read decide_infra's settings (no synthesis in this process)
    sys.path.insert(0, str(INFRA))
SYNTH_TIMEOUT_SECONDS = 600


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    env["AWS_DEFAULT_REGION"] = env["AWS_DEFAULT_REGION"] or "us-east-1"
    env["JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION"] = "20"
    # No credentials are needed to synthesize; make sure none are used by accident.
    for name in ("AWS_PROFILE", "AWS_ENDPOINT_URL"):
        env.pop(name, None)
    return env


def _start(outdir: Path, *context: str) -> tuple[subprocess.Popen[bytes], Path]:
    outdir.mkdir(parents=True, exist_ok=True)
    log = outdir.parent / f"{outdir.name}.log"
    args = [sys.executable, str(INFRA / "main.py"), "-o", str(outdir)]
    for item in context:
        args += ["-c", item]
    with log.open("wb") as sink:
        process = subprocess.Popen(args, cwd=INFRA, env=_environment(), stdout=sink, stderr=subprocess.STDOUT)
    return process, log


def _finish(process: subprocess.Popen[bytes], log: Path, outdir: Path, started: float) -> Synthesis:
    try:
        returncode = process.wait(timeout=SYNTH_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        returncode = process.wait()
    synthesis = Synthesis(outdir, returncode, log.read_text(errors="replace"), time.monotonic() - started)
    for path in outdir.glob("*.template.json"):
        synthesis.templates[path.name.removesuffix(".template.json")] = json.loads(path.read_text())
    return synthesis


@pytest.fixture(scope="session")
def syntheses(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Synthesis]:
    base = tmp_path_factory.mktemp("cdk")
    started = time.monotonic()
    real = _start(base / "real", "stage=all")
    fixture = _start(
        base / "fixture",
        "stage=dev",
        f"chalice_source_dir={FIXTURE_APP}",
        # The fixture stack also exercises the custom-domain branch of the web distribution.
        f"dev.web_domain_name={FIXTURE_WEB_DOMAIN}",
        f"dev.web_certificate_arn={FIXTURE_CERTIFICATE}",
    )
    return {
        "real": _finish(*real, base / "real", started),
        "fixture": _finish(*fixture, base / "fixture", started),
    }


@pytest.fixture(scope="session")
def real(syntheses: dict[str, Synthesis]) -> Synthesis:
    return syntheses["real"]


@pytest.fixture(scope="session")
def fixture_synth(syntheses: dict[str, Synthesis]) -> Synthesis:
    return syntheses["fixture"]


@pytest.fixture(scope="session", params=STAGES)
def stage(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="session")
def template(real: Synthesis, stage: str) -> dict[str, Any]:
    return real.template(stage)


@pytest.fixture(scope="session")
def wired(fixture_synth: Synthesis) -> dict[str, Any]:
    """The dev template synthesized with the fixture app (all event handlers present)."""
    return fixture_synth.template("dev")
