"""The command line answers quickly: its help comes from light modules, and `info` on an encrypted database reads
through the database its sign-in opened, with the same output as when it opens the file itself (issue 26 §4)."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

import nacl.pwhash
import pytest

from desktop_app.cli import opening
from desktop_app.cli.main import main
from desktop_app.cli.parser import COMMANDS, build_parser, fill_every_command
from desktop_app.cli.sign_in_help import LOCKOUT_FAILURES, LOCKOUT_MINUTES, LOCKOUT_MINUTES_WORD
from desktop_app.core.paths import DataPaths
from desktop_app.domain.accounts import LockoutPolicy, minutes_word
from desktop_app.services.demo import create_demo
from desktop_app.storage import key_store
from tests.conftest import DEMO_TODAY

ROOT = Path(__file__).resolve().parents[2]
# what a command's implementation needs and its help does not: the database, the window, the report files
HEAVY = ("sqlalchemy", "PySide6", "reportlab", "openpyxl", "desktop_app.storage.models", "desktop_app.services")


def _command_paths(parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command and sub-command of ``parser``, as the words typed before ``--help``."""
    found: list[tuple[str, ...]] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                found.append((*prefix, name))
                found.extend(_command_paths(child, (*prefix, name)))
    return found


def test_help_of_the_program_and_of_every_command_prints_in_russian(capsys: pytest.CaptureFixture[str]) -> None:
    parser = build_parser()
    fill_every_command(parser)  # the sub-commands (user add, catalogue export…) exist once their command is filled
    commands = _command_paths(parser)
    assert {("info",), ("report",), ("user", "add"), ("import-families",), ("measures",)} <= set(commands)
    for words in [(), *commands]:
        with pytest.raises(SystemExit) as ended:
            main([*words, "--help"])
        assert ended.value.code == 0, words
        out = capsys.readouterr().out
        assert out.startswith("Использование: opeka"), words
        assert "показать эту справку и выйти" in out, words


def test_the_list_of_commands_says_what_each_command_module_says_of_itself() -> None:
    said: dict[str, str] = {}

    def record(name: str, help_text: str) -> argparse.ArgumentParser:
        said[name] = help_text
        return argparse.ArgumentParser(prog=name)

    for _name, _help_text, filler in COMMANDS:
        filler(record)
    assert said == {name: help_text for name, help_text, _filler in COMMANDS}


def test_the_help_states_the_lock_out_of_the_sign_in() -> None:
    policy = LockoutPolicy()
    assert (LOCKOUT_FAILURES, LOCKOUT_MINUTES) == (policy.max_failures, policy.lock_minutes)
    assert LOCKOUT_MINUTES_WORD == minutes_word(policy.lock_minutes)


def test_help_imports_neither_the_database_nor_the_window_nor_the_report_libraries() -> None:
    probe = (
        "import json, sys\n"
        "from desktop_app.cli.main import main\n"
        "try:\n"
        "    main(['--help'])\n"
        "except SystemExit as ended:\n"
        "    code = ended.code\n"
        f"loaded = sorted(name for name in sys.modules if name.startswith({HEAVY!r}))\n"
        "print(json.dumps({'code': code, 'loaded': loaded}))\n"
    )
    env = {key: value for key, value in os.environ.items() if key != "QT_QPA_PLATFORM"}
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=True
    )
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report == {"code": 0, "loaded": []}
    assert "Использование: opeka" in result.stdout


def test_a_mistyped_command_is_answered_in_russian_without_loading_the_commands(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as ended:
        main(["infoo"])
    assert ended.value.code == 2
    assert "недопустимое значение 'infoo'" in capsys.readouterr().err


@pytest.fixture
def encrypted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(key_store, "OPSLIMIT", nacl.pwhash.argon2id.OPSLIMIT_MIN)
    monkeypatch.setattr(key_store, "MEMLIMIT", nacl.pwhash.argon2id.MEMLIMIT_MIN)
    paths = DataPaths(tmp_path / "encrypted")
    db, result = create_demo(paths, DEMO_TODAY, encrypted=True)
    db.close()
    monkeypatch.setenv("OPEKA_PASSWORD", result.password)
    return paths.root


def _info_json(data: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    assert main(["--data-dir", str(data), "info", "--json"]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    document = json.loads(captured.out)
    assert isinstance(document, dict)
    return document


def test_info_of_an_encrypted_database_prints_the_same_through_the_sign_ins_database(
    encrypted: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    handed: list[object] = []
    real_hand_over = opening.hand_over

    def record(paths: DataPaths, db: object) -> None:
        handed.append(db)
        real_hand_over(paths, db)  # type: ignore[arg-type]

    monkeypatch.setattr(opening, "hand_over", record)
    through_sign_in = _info_json(encrypted, capsys)
    assert len(handed) == 1 and opening._OPENED == {}  # the sign-in's database was taken by the command

    def close_instead(_paths: DataPaths, db: object) -> None:  # as before: the command opens the file itself
        db.close()  # type: ignore[attr-defined]

    monkeypatch.setattr(opening, "hand_over", close_instead)
    opened_again = _info_json(encrypted, capsys)
    # each run's sign-in is journalled, so the second counts the first's entries too; all else is the same
    first_journal = through_sign_in["counts"].pop("audit_entries")  # type: ignore[attr-defined]
    assert opened_again["counts"].pop("audit_entries") > first_journal  # type: ignore[attr-defined]
    assert through_sign_in == opened_again
    assert through_sign_in["counts"]["measures"] == 31  # type: ignore[index]  # the demo program's measures
    assert through_sign_in["programs"] and through_sign_in["indicators"]


def test_info_of_a_plain_database_prints_as_before(demo_paths: DataPaths, capsys: pytest.CaptureFixture[str]) -> None:
    document = _info_json(demo_paths.root, capsys)
    assert document["database"] == str(demo_paths.database)
    assert document["counts"]["resource_families"] == 4  # type: ignore[index]  # the demo's four families
