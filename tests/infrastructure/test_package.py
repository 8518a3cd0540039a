"""The API's deployment package as the stack ships it (issue 11's cold start): compiled bytecode for
every module, since Lambda cannot write `__pycache__` in /var/task; nothing the runtime never reads."""

from __future__ import annotations

import zipfile

from decide.bytecode import pyc_name
from tests.infrastructure.infra_helpers import Synthesis


def test_the_app_package_carries_bytecode_for_every_module(real: Synthesis) -> None:
    packages = [p for p in real.outdir.glob("asset.*.zip") if "app.py" in zipfile.ZipFile(p).namelist()]
    assert packages, "no asset holds app.py"
    for package in packages:
        names = set(zipfile.ZipFile(package).namelist())
        sources = [n for n in names if n.endswith(".py")]
        missing = sorted(n for n in sources if pyc_name(n) not in names)
        assert missing == [], f"{package.name}: no bytecode for {missing[:5]}"
        assert pyc_name("app.py") in names and pyc_name("chalicelib/dependencies.py") in names
        assert not any(n.endswith(".c") for n in names)
