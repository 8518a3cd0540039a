"""Cold start: import time of `app` in fresh interpreters, its top offenders, the deployment
package size (`chalice package`), and what X-Ray tracing would add (import time and size).

`python -m bench.cold_start --out build/bench/cold_start.json`
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import zipfile
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
TIMED_IMPORT = "import time;t=time.perf_counter();import {module};print(time.perf_counter()-t)"
XRAY = "aws-xray-sdk==2.15.0"


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "AWS_ENDPOINT_URL"}
    env.update({"AWS_DEFAULT_REGION": "us-east-1", "TABLE_NAME": "decide-dev", "PYTHONDONTWRITEBYTECODE": "0"})
    env.update(extra)
    return env


def median_import(module: str, runs: int, env: dict[str, str] | None = None, setup: str = "") -> dict[str, Any]:
    times = []
    for _ in range(runs):
        code = setup + TIMED_IMPORT.format(module=module)
        out = subprocess.run([PYTHON, "-c", code], cwd=ROOT, env=env or _env(), capture_output=True, text=True)
        out.check_returncode()
        times.append(float(out.stdout.strip().splitlines()[-1]))
    return {
        "runs": runs,
        "median_ms": round(statistics.median(times) * 1000, 1),
        "min_ms": round(min(times) * 1000, 1),
        "max_ms": round(max(times) * 1000, 1),
    }


def import_offenders(module: str = "app", top: int = 12) -> dict[str, Any]:
    """`-X importtime`: self time summed by top-level package, and the slowest single modules."""
    out = subprocess.run(
        [PYTHON, "-X", "importtime", "-c", f"import {module}"], cwd=ROOT, env=_env(), capture_output=True, text=True
    )
    by_package: dict[str, int] = defaultdict(int)
    modules: list[tuple[int, int, str]] = []
    for line in out.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, cumulative_us, name = line[len("import time:") :].split("|")
        name = name.strip()
        by_package[name.split(".")[0]] += int(self_us)
        modules.append((int(self_us), int(cumulative_us), name))
    packages = sorted(by_package.items(), key=lambda kv: -kv[1])[:top]
    return {
        "by_package_ms": {name: round(us / 1000, 1) for name, us in packages},
        "slowest_modules_ms": [
            {"module": name, "self_ms": round(s / 1000, 1), "cumulative_ms": round(c / 1000, 1)}
            for s, c, name in sorted(modules, reverse=True)[:top]
        ],
    }


def package_size() -> dict[str, Any]:
    """`chalice package` into a temporary folder; the size of deployment.zip (needs PyPI)."""
    with tempfile.TemporaryDirectory(prefix="decide-package-") as out:
        result = subprocess.run(
            [str(Path(PYTHON).with_name("chalice")), "package", "--stage", "dev", out],
            cwd=ROOT,
            env=_env(),
            capture_output=True,
            text=True,
            timeout=900,
        )
        if result.returncode != 0:
            return {"error": (result.stderr or result.stdout)[-2000:]}
        zip_path = Path(out) / "deployment.zip"
        with zipfile.ZipFile(zip_path) as archive:
            infos = archive.infolist()
            by_top: dict[str, int] = defaultdict(int)
            for info in infos:
                by_top[info.filename.split("/", 1)[0]] += info.compress_size
        largest = sorted(by_top.items(), key=lambda kv: -kv[1])[:10]
        return {
            "zip_bytes": zip_path.stat().st_size,
            "zip_mb": round(zip_path.stat().st_size / 1e6, 2),
            "unzipped_mb": round(sum(i.file_size for i in infos) / 1e6, 2),
            "files": len(infos),
            "largest_compressed_mb": {name: round(size / 1e6, 2) for name, size in largest},
        }


def _tree_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def xray_cost(runs: int) -> dict[str, Any]:
    """aws-xray-sdk installed into a temporary target folder: its size, and the import cost of
    `aws_xray_sdk.core` and of Powertools' Tracer (which patches boto3) over the app's import."""
    with tempfile.TemporaryDirectory(prefix="decide-xray-") as target:
        install = subprocess.run(
            [PYTHON, "-m", "pip", "install", "--quiet", "--target", target, XRAY],
            capture_output=True,
            text=True,
            timeout=600,
        )
        if install.returncode != 0:
            return {"error": install.stderr[-2000:]}
        root = Path(target)
        sizes = {
            p.name: _tree_bytes(p)
            for p in root.iterdir()
            if p.is_dir() and not p.name.endswith((".dist-info", "__pycache__", "bin"))
        }
        new_only = {k: v for k, v in sizes.items() if k in {"aws_xray_sdk", "wrapt"}}
        env = _env(PYTHONPATH=target)
        tracer_setup = ""
        return {
            "package": XRAY,
            "installed_mb_with_dependencies": round(sum(sizes.values()) / 1e6, 1),
            "installed_mb_not_already_in_package": round(sum(new_only.values()) / 1e6, 1),
            "sizes_mb": {k: round(v / 1e6, 1) for k, v in sorted(sizes.items(), key=lambda kv: -kv[1])[:6]},
            "import_aws_xray_sdk_core": median_import("aws_xray_sdk.core", runs, env),
            "import_app": median_import("app", runs, env),
            "import_app_then_tracer": median_import(
                "app;from aws_lambda_powertools import Tracer;Tracer(service='decide-ieem')",
                runs,
                env,
                tracer_setup,
            ),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--skip-package", action="store_true")
    parser.add_argument("--out", default="")
    args = parser.parse_args()
    report: dict[str, Any] = {
        "python": sys.version.split()[0],
        "import_app": median_import("app", args.runs),
        "offenders": import_offenders(),
    }
    report["package"] = {"skipped": True} if args.skip_package else package_size()
    report["xray"] = xray_cost(max(5, args.runs // 2))
    text = json.dumps(report, indent=2)
    print(text)
    if args.out:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(text)


if __name__ == "__main__":
    main()
