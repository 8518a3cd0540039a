"""app.py keeps to the routes' side of the architecture (import-linter cannot take a root module).

The packages' contracts are in .importlinter (`make contracts`); this checks the entry point's imports."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = ("boto3", "botocore", "decide", "bench", "tests")


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def test_app_imports_no_aws_sdk_and_no_operator_or_test_code() -> None:
    imported = _imported_modules(ROOT / "app.py")
    bad = sorted(name for name in imported if name.split(".")[0] in FORBIDDEN)
    assert bad == [], f"app.py must not import {bad}"


def test_the_rule_catches_a_violation(tmp_path: Path) -> None:
    sample = tmp_path / "app.py"
    sample.write_text("import boto3\nfrom decide.faults import x\n", encoding="utf-8")
    assert {"boto3", "decide.faults"} <= _imported_modules(sample)
