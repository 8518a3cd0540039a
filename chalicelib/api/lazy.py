"""Lazy imports for the cold start (issue 11).

Every Lambda function of the app imports `app`, so whatever `app` imports at module level is paid by
every cold start, whichever route or event runs. Inside `with lazy_imports():` an import of a
`chalicelib` module binds the module object at once but runs its code only when an attribute of it is
first read: `from chalicelib.accounts import models as accounts_models` costs nothing until a route
uses `accounts_models.SignupRequest`.

Only the module form is lazy. `from chalicelib.x.models import Y` reads `Y` from the module, so the
module runs there and then (still correct, just eager: the cold-start test in
tests/unit/test_cold_start_imports.py names such a module when it is one a lookup must not load).

The loader is the standard library's `importlib.util.LazyLoader` idea with a lock per module, so
two threads reading the first attribute at once both see the fully loaded module (3.11's own
LazyLoader lets the second one see it half-run).
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
import threading
import types
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any


class _LazyModule(types.ModuleType):
    """A module whose code runs on its first attribute read (then it is a plain module)."""

    def __getattribute__(self, attr: str) -> Any:
        spec = object.__getattribute__(self, "__spec__")
        state = spec.loader_state
        with state["lock"]:
            if object.__getattribute__(self, "__class__") is _LazyModule and not state["loading"]:
                state["loading"] = True
                try:
                    spec.loader.exec_module(self)
                    object.__setattr__(self, "__class__", types.ModuleType)
                finally:
                    state["loading"] = False
        # while the module's own code runs (the same thread re-entering), its attributes are read as is
        return object.__getattribute__(self, attr)

    def __setattr__(self, attr: str, value: Any) -> None:
        # the import system sets a submodule on its parent package: no need to load the parent for that
        object.__setattr__(self, attr, value)


class _LazyLoader(importlib.abc.Loader):
    def __init__(self, loader: importlib.abc.Loader) -> None:
        self.loader = loader

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType | None:
        return self.loader.create_module(spec)

    def exec_module(self, module: types.ModuleType) -> None:
        spec = module.__spec__
        assert spec is not None
        spec.loader = self.loader
        module.__loader__ = self.loader
        spec.loader_state = {"lock": threading.RLock(), "loading": False}
        module.__class__ = _LazyModule


class _LazyFinder(importlib.abc.MetaPathFinder):
    def __init__(self, package: str) -> None:
        self.prefix = package + "."

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: types.ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if not fullname.startswith(self.prefix):
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(fullname, path, target)
            if spec is None:
                continue
            # packages (their __init__ is a docstring) load as usual; modules load on first use
            if spec.loader is not None and spec.submodule_search_locations is None:
                spec.loader = _LazyLoader(spec.loader)
            return spec
        return None


@contextmanager
def lazy_imports(package: str = "chalicelib") -> Iterator[None]:
    """Modules of `package` imported inside the block run on their first attribute read."""
    finder = _LazyFinder(package)
    sys.meta_path.insert(0, finder)
    try:
        yield
    finally:
        sys.meta_path.remove(finder)


def is_loaded(name: str) -> bool:
    """Whether `name` is imported and its code has run (not just bound lazily)."""
    module = sys.modules.get(name)
    return module is not None and type(module) is not _LazyModule
