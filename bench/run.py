"""`make bench`: every benchmark and long resilience run, each in a fresh interpreter, then
docs/performance.md written from their JSON results (build/bench/*.json).

`python -m bench.run [--only cold_start,cost,...] [--render-only]`
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "build" / "bench"
DOC = ROOT / "docs" / "performance.md"
PY = ".venv/bin/python"

STEPS: dict[str, list[str]] = {
    "cold_start": ["-m", "bench.cold_start", "--runs", "15"],
    "cost": ["-m", "bench.cost"],
    "overhead": ["-m", "bench.overhead", "--requests", "100", "--rounds", "5"],
    "burst": ["-m", "bench.burst", "--proposals", "1000", "--citizens", "50", "--fault-rate", "0.2"],
    "schemathesis": ["-m", "bench.schema_fuzz", "--max-examples", "50"],
    "log_append": ["-m", "bench.log_append"],
    "near_duplicate": ["-m", "bench.near_duplicate", "--runs", "50"],
    "spike": ["-m", "bench.spike", "--users", "40", "--spawn-rate", "20", "--seconds", "60", "--citizens", "30"],
    "election_day": [
        "-m",
        "bench.election_day",
        "--seconds",
        "60",
        "--proposals-per-second",
        "50",
        "--supports-per-second",
        "200",
        "--conflict-rate",
        "0.1",
    ],
    # the local stack over HTTP, climbing until a rate is not sustained (docs/performance.md)
    "election_day_http": ["-m", "bench.election_day_http", "--seconds", "60", "--rates", "2:8,3:12,4:16,5:20,7:28"],
}


def command(step: str) -> str:
    return " ".join([PY, *STEPS[step], "--out", f"build/bench/{step}.json"])


def run_step(step: str) -> dict[str, Any]:
    OUT.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "POWERTOOLS_LOG_LEVEL": "WARNING"}
    with (OUT / f"{step}.log").open("w") as log:
        result = subprocess.run(
            [sys.executable, *STEPS[step], "--out", str(OUT / f"{step}.json")],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            check=False,
        )
    return {"step": step, "exit": result.returncode, "seconds": round(time.perf_counter() - started, 1)}


def load(step: str) -> Any:
    path = OUT / f"{step}.json"
    return json.loads(path.read_text()) if path.exists() else None


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kb / 1e6:.0f} GB RAM"
    except (OSError, ValueError, IndexError):
        pass
    system = f"{platform.system()} {platform.release()}"
    return f"{os.cpu_count()} vCPU ({cpu}){memory}, {system}, Python {platform.python_version()}"


if __name__ == "__main__":
    from bench.report import render

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", default="", help="comma-separated steps (default: all)")
    parser.add_argument("--render-only", action="store_true")
    args = parser.parse_args()
    steps = [s for s in (args.only.split(",") if args.only else STEPS) if s]
    runs_file = OUT / "runs.json"
    runs: dict[str, Any] = json.loads(runs_file.read_text()) if runs_file.exists() else {}
    if not args.render_only:
        for step in steps:
            print(f"bench: {step} … ({command(step)})", flush=True)
            outcome = run_step(step)
            outcome["finished"] = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
            runs[step] = outcome
            print(f"bench: {step} exit {outcome['exit']} in {outcome['seconds']} s", flush=True)
            runs_file.write_text(json.dumps(runs, indent=2))
    DOC.write_text(render({s: load(s) for s in STEPS}, runs, machine(), {s: command(s) for s in STEPS}))
    print(f"bench: wrote {DOC.relative_to(ROOT)}")
    failed = [s for s in steps if runs.get(s, {}).get("exit")]
    sys.exit(1 if failed else 0)
