"""The deployment package carries compiled bytecode (issue 11's cold start): Lambda's /var/task is
read-only, so a package without it compiles every imported module on every cold start."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from decide.bytecode import add_bytecode, pyc_name

SOURCES = {
    "app.py": "import lib.answer\nVALUE = lib.answer.VALUE\n",
    "lib/__init__.py": "",
    "lib/answer.py": "VALUE = 'compiled'\n",
    "lib/template.py": "def {{ name }}():\n",
    "lib/speedups.c": "/* the C source of an optional extension */\n",
}


def _package(path: Path) -> Path:
    """A zip like Chalice's (the same entries and times for the same sources)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in SOURCES.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)), text)
    return path


def test_every_module_gets_its_bytecode_and_the_same_sources_give_the_same_zip(tmp_path: Path) -> None:
    first, second = _package(tmp_path / "a.zip"), _package(tmp_path / "b.zip")
    added = add_bytecode(first)
    add_bytecode(second)
    assert first.read_bytes() == second.read_bytes()
    assert added["added"] == 3 and added["skipped"] == ["lib/template.py"]
    assert added["left_out"] == ["lib/speedups.c"]
    names = set(zipfile.ZipFile(first).namelist())
    assert "lib/speedups.c" not in names
    assert pyc_name("lib/answer.py") in names
    assert pyc_name("app.py") == f"__pycache__/app.{sys.implementation.cache_tag}.pyc"
    # adding again changes nothing
    assert add_bytecode(first)["added"] == 0


def test_the_unzipped_read_only_package_imports_from_the_bytecode(tmp_path: Path) -> None:
    package = _package(tmp_path / "deployment.zip")
    add_bytecode(package)
    task = tmp_path / "task"
    zipfile.ZipFile(package).extractall(task)
    # the unchecked-hash bytecode is used as is: a source edited after packaging is not re-read
    (task / "lib" / "answer.py").write_text("VALUE = 'source'\n")
    for path in task.rglob("*"):
        path.chmod(0o555 if path.is_dir() else 0o444)
    try:
        out = subprocess.run(
            [sys.executable, "-B", "-c", "import app; print(app.VALUE)"],
            cwd=task,
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        for path in task.rglob("*"):
            path.chmod(0o755 if path.is_dir() else 0o644)
    assert out.stdout.strip() == "compiled"
