"""Operator configuration: the stage's variables from .chalice/config.json plus the environment."""

from __future__ import annotations

import json
import os
from pathlib import Path

from chalicelib.settings import Settings

PROJECT_DIR = Path(__file__).resolve().parents[1]


def stage_environment(stage: str, project_dir: Path = PROJECT_DIR) -> dict[str, str]:
    """The environment Chalice gives the app in `stage`, overridden by the current environment."""
    config = json.loads((project_dir / ".chalice" / "config.json").read_text())
    if stage not in config["stages"]:
        raise SystemExit(f"unknown stage '{stage}'; .chalice/config.json has {sorted(config['stages'])}")
    merged = {
        **config.get("environment_variables", {}),
        **config["stages"][stage].get("environment_variables", {}),
    }
    return {**merged, **{k: v for k, v in os.environ.items() if k in merged}}


def stage_settings(stage: str) -> Settings:
    return Settings.from_environ({**os.environ, **stage_environment(stage)})
