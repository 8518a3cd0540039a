"""Cold start: import time of `app` against the floor (`import boto3, chalice, pydantic,
aws_lambda_powertools`), alternating fresh interpreters, in the dev venv and from the unzipped
deployment package as Lambda receives it (`chalice package`, then the bytecode the stack adds:
decide/bytecode.py), read-only and without writing `__pycache__`; its top offenders, the package size,
and what X-Ray tracing would add (import time and size).

`python -m bench.cold_start --out build/bench/cold_start.json` (`--skip-package`, `--skip-xray`)
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
FLOOR = "boto3, chalice, pydantic, aws_lambda_powertools"
RATIO_TARGET = 1.5
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


def _stats(times: list[float]) -> dict[str, Any]:
    return {
        "runs": len(times),
        "median_ms": round(statistics.median(times) * 1000, 1),
        "min_ms": round(min(times) * 1000, 1),
        "max_ms": round(max(times) * 1000, 1),
    }


def _timed(module: str, env: dict[str, str], cwd: Path) -> float:
    out = subprocess.run(
        [PYTHON, "-c", TIMED_IMPORT.format(module=module)], cwd=cwd, env=env, capture_output=True, text=True
    )
    if out.returncode != 0:
        raise RuntimeError(out.stderr[-2000:])
    return float(out.stdout.strip().splitlines()[-1])


def against_floor(runs: int, env: dict[str, str] | None = None, cwd: Path = ROOT) -> dict[str, Any]:
    """`import app` and the floor in turn, fresh interpreters; the ratio is the median of the pairs'."""
    env = env or _env()
    _timed("app", env, cwd), _timed(FLOOR, env, cwd)  # warm the file cache (not counted)
    app_times, floor_times, ratios = [], [], []
    for _ in range(runs):
        app_time, floor_time = _timed("app", env, cwd), _timed(FLOOR, env, cwd)
        app_times.append(app_time)
        floor_times.append(floor_time)
        ratios.append(app_time / floor_time)
    ratio = round(statistics.median(ratios), 2)
    return {
        "app": _stats(app_times),
        "floor": _stats(floor_times),
        "ratio_median": ratio,
        "ratio_min": round(min(ratios), 2),
        "ratio_max": round(max(ratios), 2),
        "met": ratio <= RATIO_TARGET,
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


def _zip_facts(zip_path: Path) -> dict[str, Any]:
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
        "pyc_files": sum(1 for i in infos if i.filename.endswith(".pyc")),
        "largest_compressed_mb": {name: round(size / 1e6, 2) for name, size in largest},
    }


def _unzipped_import(zip_path: Path, folder: Path, runs: int) -> dict[str, Any]:
    """The package as Lambda runs it: unzipped, read-only, nothing written to `__pycache__`; boto3 (which
    the runtime provides and Chalice does not package) from this interpreter's site-packages."""
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(folder)
    for path in folder.rglob("*"):
        path.chmod(0o555 if path.is_dir() else 0o444)
    env = _env(PYTHONPATH=str(folder), PYTHONDONTWRITEBYTECODE="1")
    try:
        return against_floor(runs, env, folder)
    finally:
        for path in folder.rglob("*"):
            path.chmod(0o755 if path.is_dir() else 0o644)


def package_size(runs: int = 0) -> dict[str, Any]:
    """`chalice package` into a temporary folder (needs PyPI): deployment.zip as Chalice makes it and
    with the bytecode the stack adds (decide/bytecode.py), their sizes, and with `runs`, their import time
    against the floor, unzipped."""
    from decide.bytecode import add_bytecode

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
        report: dict[str, Any] = {"as_built": _zip_facts(zip_path)}
        if runs:
            report["as_built"]["import"] = _unzipped_import(zip_path, Path(out) / "as_built", runs)
        report["bytecode"] = add_bytecode(zip_path)
        report.update(_zip_facts(zip_path))
        if runs:
            report["import"] = _unzipped_import(zip_path, Path(out) / "with_bytecode", runs)
        return report


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
    parser.add_argument("--skip-xray", action="store_true")
    parser.add_argument("--out", default="")
    args = parser.parse_args()
    dev = against_floor(args.runs)
    report: dict[str, Any] = {
        "python": sys.version.split()[0],
        "floor": f"import {FLOOR}",
        "ratio_target": RATIO_TARGET,
        "dev": dev,
        "import_app": dev["app"],
        "offenders": import_offenders(),
    }
    report["package"] = {"skipped": True} if args.skip_package else package_size(args.runs)
    report["xray"] = {"skipped": True} if args.skip_xray else xray_cost(max(5, args.runs // 2))
    text = json.dumps(report, indent=2)
    print(text)
    if args.out:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(text)


if __name__ == "__main__":
    main()
