"""Which stack `decide` acts on: `--local` is a flag (it never swallows the subcommand), the options
work before or after the subcommand, and a command refuses with one line when its stack is not there."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from decide.addressing import resolve
from decide.cli import _legacy_local_url, main, parser
from decide.stack_state import StackState


def parse(*argv: str) -> dict[str, object]:
    return vars(parser().parse_args(_legacy_local_url(list(argv))))


def test_local_is_a_flag_and_the_subcommand_stays_the_subcommand() -> None:
    args = parse("--local", "create-user", "--email", "editor@pfa.mx", "--role", "party_editor", "--party", "pfa")
    assert args["command"] == "create-user" and args["local"] is True and args["email"] == "editor@pfa.mx"
    assert args["endpoint"] is None


def test_addressing_options_work_after_the_subcommand_and_are_not_reset_by_it() -> None:
    assert parse("mailbox", "--state-dir", "/tmp/x")["state_dir"] == "/tmp/x"
    assert parse("--state-dir", "/tmp/x", "mailbox")["state_dir"] == "/tmp/x"
    assert parse("--stage", "prod", "digest")["stage"] == "prod"
    assert parse("digest", "--local")["local"] is True
    assert parse("run", "--state-dir", "/tmp/y")["state_dir"] == "/tmp/y"


def test_the_old_local_url_form_means_an_explicit_endpoint() -> None:
    args = parse("--local", "http://127.0.0.1:5001", "create-user", "--email", "a@b.mx", "--role", "ieem_admin")
    assert args["endpoint"] == "http://127.0.0.1:5001" and args["command"] == "create-user"
    assert parse("--local=http://127.0.0.1:7000", "redrive")["endpoint"] == "http://127.0.0.1:7000"
    assert parse("--endpoint", "http://127.0.0.1:7000", "digest")["endpoint"] == "http://127.0.0.1:7000"


def test_local_without_a_running_stack_refuses_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--local", "--state-dir", str(tmp_path), "digest"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and f"no local stack is running in {tmp_path}" in err


def test_a_state_file_of_a_stopped_stack_is_not_acted_on(tmp_path: Path) -> None:
    # A stack.json left by a `decide run` that was killed: its process is gone.
    StackState(str(tmp_path), "dev", "http://127.0.0.1:9", "http://127.0.0.1:9", "http://127.0.0.1:9", 2**22).write()
    target = resolve(stage="dev", local=False, endpoint=None, state_dir=str(tmp_path))
    assert target.kind == "aws" and "acting on AWS" in target.describe()
    with pytest.raises(Exception, match="no local stack is running"):
        resolve(stage="dev", local=True, endpoint=None, state_dir=str(tmp_path))
    # the mailbox of a stopped stack can still be read
    stopped = resolve(stage="dev", local=True, endpoint=None, state_dir=str(tmp_path), needs_stack=False)
    assert stopped.mailbox_dir == tmp_path / "mailbox" and "is not running" in stopped.describe()


def test_an_explicit_endpoint_uses_the_state_of_the_stack_behind_it(tmp_path: Path) -> None:
    state = StackState(
        str(tmp_path), "dev", "http://127.0.0.1:7001", "http://127.0.0.1:7002", "http://127.0.0.1:7003", os.getpid()
    )
    state.write()
    target = resolve(stage="dev", local=False, endpoint="http://127.0.0.1:7001/", state_dir=str(tmp_path))
    env = target.environment()
    assert env["AWS_ENDPOINT_URL"] == "http://127.0.0.1:7001"
    assert env["WEB_BASE_URL"] == "http://127.0.0.1:7003"
    assert env["LOCAL_MAILBOX_DIR"] == str(tmp_path / "mailbox")
    assert target.describe() == "decide: acting on the endpoint http://127.0.0.1:7001 (stage dev)"


def test_mailbox_of_a_folder_without_one_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["mailbox", "--state-dir", str(tmp_path)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("decide: the local stack in") and err[1].startswith("error: no mailbox at")
