"""The running local stack's address, kept in its state folder so `decide <command>` can find it.

`decide run` writes `<state dir>/stack.json` (ports, URLs, the resource names the app needs and its
children's process ids) once the stack is up, rewrites it when a child is restarted and removes it
when it stops. Operator commands read it to act on that stack and no other.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path

from decide.config import PROJECT_DIR

DEFAULT_STATE_DIR = PROJECT_DIR / ".local"
STATE_FILE = "stack.json"
# Chooses the state folder for every `decide` command (as `--state-dir` does), e.g. in tests.
STATE_DIR_VARIABLE = "DECIDE_STATE_DIR"


@dataclass
class StackState:
    state_dir: str
    stage: str
    moto_url: str
    api_url: str
    web_url: str
    pid: int  # the `decide run` process
    children: dict[str, int] = field(default_factory=dict)  # moto, api, pump, web → pid
    runtime_env: dict[str, str] = field(default_factory=dict)  # table, topic, pool ids of this stack

    @property
    def mailbox(self) -> Path:
        return Path(self.state_dir) / "mailbox"

    def write(self) -> None:
        folder = Path(self.state_dir)
        folder.mkdir(parents=True, exist_ok=True)
        temporary = folder / f".{STATE_FILE}.tmp"
        temporary.write_text(json.dumps(asdict(self), indent=2))
        temporary.replace(folder / STATE_FILE)  # readers never see half a file

    @classmethod
    def read(cls, state_dir: Path) -> StackState | None:
        try:
            raw = json.loads((state_dir / STATE_FILE).read_text())
            return cls(**raw)
        except (OSError, ValueError, TypeError):
            return None

    def is_running(self) -> bool:
        """The `decide run` process is alive and its moto answers."""
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            pass  # alive, someone else's
        try:
            with urllib.request.urlopen(f"{self.moto_url}/moto-api/", timeout=3):
                return True
        except urllib.error.HTTPError:
            return True
        except OSError:
            return False


def remove_state(state_dir: Path) -> None:
    (state_dir / STATE_FILE).unlink(missing_ok=True)


def chosen_state_dir(option: str | None) -> tuple[Path, bool]:
    """The state folder to use and whether it was chosen explicitly (option or environment)."""
    if option:
        return Path(option).resolve(), True
    if os.environ.get(STATE_DIR_VARIABLE):
        return Path(os.environ[STATE_DIR_VARIABLE]).resolve(), True
    return DEFAULT_STATE_DIR, False
