"""Compiled bytecode in the deployment package (issue 11's cold start).

Lambda unpacks the package into a read-only /var/task, so Python cannot write `__pycache__` there: a
package without bytecode compiles every module it imports on every cold start (~0.4 s for pydantic,
Powertools and ours). `add_bytecode` adds `__pycache__/<module>.cpython-311.pyc` next to each `.py` of
`deployment.zip`, compiled by this interpreter (it must be the runtime's Python: the stack's runtime is
the one `chalice package` runs under) in the `unchecked-hash` mode: the file carries its source's hash
instead of a modification time, so it does not depend on when the zip was unpacked, and the loader uses
it without reading the source again. The result is deterministic: the same sources give the same bytes
(entries sorted, fixed zip timestamps), so an unchanged app gives an unchanged CDK asset hash.

It also leaves out what the runtime never reads (`unused`): C sources shipped in wheels, fontTools'
optional Cython speed-ups (each has its pure-Python module beside it, which is then used: only the
printable ballot sheet uses fontTools), and Powertools' Swagger UI assets (the app serves no Swagger UI).

`python -m decide.bytecode build/deployment.zip` does it to a zip in place.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import marshal
import os
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

# What compileall --invalidation-mode unchecked-hash writes: the flags word of PEP 552 (hash-based, unchecked).
_UNCHECKED_HASH_FLAGS = (0b01).to_bytes(4, "little")
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)


def pyc_name(source_name: str) -> str:
    folder, _, file = source_name.rpartition("/")
    cached = f"__pycache__/{file[:-3]}.{sys.implementation.cache_tag}.pyc"
    return f"{folder}/{cached}" if folder else cached


def compile_source(source: bytes, name: str) -> bytes:
    """A PEP 552 unchecked-hash .pyc for `source` (shown as `name` until the loader fixes the path)."""
    code = compile(source, name, "exec", dont_inherit=True, optimize=0)
    return (
        importlib.util.MAGIC_NUMBER + _UNCHECKED_HASH_FLAGS + importlib.util.source_hash(source) + marshal.dumps(code)
    )


def unused(name: str, names: set[str]) -> bool:
    """Files of the package the runtime never reads."""
    if name.endswith((".c", ".cpp", ".pyx", ".pxd")):
        return True
    if name.startswith("fontTools/") and name.endswith(".so") and f"{name.split('.cpython-')[0]}.py" in names:
        return True
    return name.startswith("aws_lambda_powertools/event_handler/openapi/swagger_ui/") and name.endswith(
        (".js", ".css", ".map")
    )


def add_bytecode(zip_path: Path, *, runtime: tuple[int, int] = (3, 11)) -> dict[str, Any]:
    """Add a .pyc for every .py in the zip that has none and leave out the `unused` files (in place);
    returns what it did."""
    if sys.version_info[:2] != runtime:
        raise RuntimeError(
            f"bytecode for python{runtime[0]}.{runtime[1]} must be compiled by it (this is {sys.version.split()[0]})"
        )
    with zipfile.ZipFile(zip_path) as archive:
        infos = archive.infolist()
        names = {info.filename for info in infos}
        dropped = sorted(name for name in names if unused(name, names))
        infos = [info for info in infos if info.filename not in dropped]
        compiled: dict[str, bytes] = {}
        skipped: list[str] = []
        for info in sorted(infos, key=lambda i: i.filename):
            name = info.filename
            if not name.endswith(".py") or pyc_name(name) in names:
                continue
            try:
                compiled[pyc_name(name)] = compile_source(archive.read(info), name)
            except SyntaxError:  # e.g. a template with a .py name: Python would not import it either
                skipped.append(name)
        if not compiled and not dropped:
            return {"added": 0, "skipped": skipped, "left_out": []}
        before = zip_path.stat().st_size
        handle, temporary = tempfile.mkstemp(dir=zip_path.parent, suffix=".zip")
        os.close(handle)
        with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as out:
            for info in infos:
                out.writestr(info, archive.read(info), compress_type=info.compress_type)
            for name in sorted(compiled):
                entry = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
                entry.external_attr = 0o644 << 16
                entry.compress_type = zipfile.ZIP_DEFLATED
                out.writestr(entry, compiled[name])
    os.replace(temporary, zip_path)
    zip_path.chmod(0o644)
    return {
        "added": len(compiled),
        "skipped": skipped,
        "left_out": dropped,
        "zip_mb_before": round(before / 1e6, 2),
        "zip_mb_after": round(zip_path.stat().st_size / 1e6, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("zip", type=Path)
    print(json.dumps(add_bytecode(parser.parse_args().zip), indent=2))


if __name__ == "__main__":
    main()
