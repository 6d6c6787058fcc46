"""Every `opeka` command that reads or changes data signs in as a user, with the window's rights, lock-out and
journal; only set-up of an empty folder, the self-test, the read-only checks and the owner's recovery of a lost
administrator password run without an account."""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from desktop_app.cli import commands, recover_admin
from desktop_app.cli import main as cli_main
from desktop_app.cli.main import main
from desktop_app.cli.parser import build_parser, fill_every_command
from desktop_app.core.paths import DataPaths
from desktop_app.core.resources import demo_data
from desktop_app.services.auth import AuthService
from desktop_app.storage.database import open_database
from tests.cli.journal import journal
from tests.conftest import DEMO_TODAY

OPEN = {"", "gui", "init", "demo", "self-test", "check", "info", "recover-admin"}
SIGNED_IN = {
    "user list",
    "user add",
    "user unlock",
    "user password",
    "user disable",
    "user enable",
    "import-plan",
    "import-families",
    "import-cases",
    "forms",
    "template",
    "fill",
    "measures template",
    "measures load",
    "catalogue export",
    "catalogue import",
    "form-definition export",
    "form-definition import",
    "export",
    "import",
    "office",
    "report",
    "keys",
    "backup",
    "restore",
}
SIGN_IN_HINT = "Команда выполняется только после входа"


def family_people() -> list[str]:
    """Every adult's name, surname and phone, and each family's own name, in the demo's families."""
    found = []
    for family in demo_data()["families"]:
        found.append(family["display_name"])
        for member in family["members"]:
            surname = member["full_name"].split()[0]  # the register shows «Петрова А. С.»
            found += [member["full_name"], surname, member.get("phone", "")]
    return [text for text in found if text]


@pytest.fixture
def no_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPEKA_USER", raising=False)
    monkeypatch.delenv("OPEKA_PASSWORD", raising=False)


@pytest.fixture
def accounts(demo_template: Any) -> dict[str, str]:
    return {account.login: account.password for account in demo_template.result.accounts}


def run(capsys: pytest.CaptureFixture[str], paths: DataPaths, *argv: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(paths.root), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def as_user(login: str, password: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPEKA_USER", login)
    monkeypatch.setenv("OPEKA_PASSWORD", password)


# -- every command ----------------------------------------------------------------------------------------------


def subcommands(parser: argparse.ArgumentParser, prefix: str = "") -> Iterator[tuple[str, argparse.ArgumentParser]]:
    """Each command the parser knows (a group such as `user` by its actions), so a new one is never missed."""
    groups = [action for action in parser._actions if isinstance(action, argparse._SubParsersAction)]
    if not groups:
        yield prefix.strip(), parser
        return
    for name, child in groups[0].choices.items():
        yield from subcommands(child, f"{prefix} {name}")


def filled_arguments(parser: argparse.ArgumentParser, tmp_path: Path) -> list[str]:
    """Values that parse for the command's required arguments: what it is refused for is the missing sign-in."""
    samples = {"period_argument": "2026-H1", "_iso_date": "2026-01-01", "_row_number": "1", "int": "1"}
    argv: list[str] = []
    for action in parser._actions:
        if not (action.required or not action.option_strings) or isinstance(action, argparse._SubParsersAction):
            continue
        kind = getattr(action.type, "__name__", "")
        value = str(next(iter(action.choices))) if action.choices else samples.get(kind, str(tmp_path / "файл"))
        if action.option_strings:
            argv += [action.option_strings[0], value]
        else:
            argv += [value] * (1 if action.nargs in (None, "?") else 1)
    return argv


def test_every_command_either_signs_in_or_is_one_of_the_few_open_ones(
    demo_paths: DataPaths,
    tmp_path: Path,
    no_credentials: None,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    parser = build_parser()
    fill_every_command(parser)  # a command's arguments are added when it is first used (cli/parser.py)
    found = dict(subcommands(parser))
    found[""] = build_parser()  # `opeka` alone: the window
    assert set(found) == OPEN | SIGNED_IN, "a new command must be sorted here: does it need a sign-in?"

    before = len(journal(demo_paths))
    for name in sorted(SIGNED_IN):
        argv = [*name.split(), *filled_arguments(found[name], tmp_path)]
        code, out, err = run(capsys, demo_paths, *argv)
        assert code == 2, (name, err)
        assert out == "" and err.startswith(f"Ошибка: {SIGN_IN_HINT}") and len(err.splitlines()) == 1, name
    assert len(journal(demo_paths)) == before, "refused before touching the database"

    windows: list[Path] = []
    for module in (commands, cli_main):  # `opeka` alone starts the window before the command line is built
        monkeypatch.setattr(module, "start_window", lambda paths: windows.append(paths.root) or 0)
    monkeypatch.setattr("desktop_app.gui.selftest.run_self_test", lambda: [])
    password = tmp_path / "пароль.txt"
    password.write_text("новый-пароль-2026\n", encoding="utf-8")
    empty, demo = DataPaths(tmp_path / "пустая"), DataPaths(tmp_path / "демо")
    init = ["init", "--role", "region", "--region", "29", "--org", "Министерство", "--admin", "admin"]
    opened = {
        "": run(capsys, demo_paths)[0],
        "gui": run(capsys, demo_paths, "gui")[0],
        "init": run(capsys, empty, *init, "--password-file", str(password))[0],
        "demo": run(capsys, demo, "demo")[0],
        "self-test": run(capsys, demo_paths, "self-test")[0],
        "check": run(capsys, demo_paths, "check")[0],
        "info": run(capsys, demo_paths, "info", "--json")[0],
        "recover-admin": run(capsys, demo_paths, "recover-admin", "--password-file", str(password))[0],
    }
    assert opened == dict.fromkeys(OPEN, 0)
    assert windows == [demo_paths.root, demo_paths.root]


def test_the_help_of_an_open_command_says_why_it_needs_no_account(capsys: pytest.CaptureFixture[str]) -> None:
    for name in sorted(OPEN - {""}):
        with pytest.raises(SystemExit):
            main([name, "--help"])
        out = " ".join(capsys.readouterr().out.split())
        assert "без входа" in out or "спрашивает логин и пароль само" in out, name
    with pytest.raises(SystemExit):
        main(["report", "--help"])
    assert "OPEKA_USER" in capsys.readouterr().out


def test_without_an_installation_the_answer_is_to_set_one_up(
    tmp_path: Path, no_credentials: None, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, DataPaths(tmp_path / "нет"), "user", "list")
    assert code != 0 and "сначала выполните opeka init" in err


# -- rights -----------------------------------------------------------------------------------------------------


def test_a_specialist_cannot_add_an_administrator_reset_a_password_or_unlock(
    demo_paths: DataPaths,
    tmp_path: Path,
    accounts: dict[str, str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    as_user("specialist", accounts["specialist"], monkeypatch)
    password = tmp_path / "пароль.txt"
    password.write_text("захват-2026-пароль\n", encoding="utf-8")
    attempts = [
        ["user", "add", "intruder", "--name", "Злоумышленник", "--role", "admin", "--password-file", str(password)],
        ["user", "password", "demo", "--password-file", str(password)],
        ["user", "unlock", "demo"],
        ["user", "list"],
    ]
    for argv in attempts:
        code, out, err = run(capsys, demo_paths, *argv)
        assert code == 4 and out == "", argv
        assert (
            err
            == "Ошибка: Роль «Специалист» не даёт права на управление пользователями. Обратитесь к администратору.\n"
        )
    db = open_database(demo_paths, daily_copy=False)
    try:
        auth = AuthService(db)
        assert auth.user_count() == len(accounts)
        assert auth.login("demo", accounts["demo"]).login == "demo", "the administrator's password is unchanged"
    finally:
        db.close()


def test_the_administrator_signed_in_does_what_the_specialist_may_not(
    demo_paths: DataPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    password = tmp_path / "пароль.txt"
    password.write_text("новая-коллега-2026\n", encoding="utf-8")
    code, out, err = run(
        capsys, demo_paths, "user", "add", "ivanova", "--name", "Иванова Ольга", "--role", "specialist",
        "--password-file", str(password),
    )  # fmt: skip
    assert (code, err) == (0, "") and "ivanova" in out
    [created] = [
        entry for entry in journal(demo_paths) if entry.entity == "user_account" and "ivanova" in entry.summary
    ]
    assert created.user_login == "demo", "the journal names who added the account, not «система»"


def test_a_coordinator_sees_codes_in_the_families_report_never_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop_app.cli.demo_command import create_region_demo

    region = DataPaths(tmp_path / "регион")
    district, region_accounts, _ = create_region_demo(region, DEMO_TODAY)
    passwords = {account.role.value: account for account in region_accounts}
    people = family_people()

    def families_report(role: str) -> str:
        account = passwords[role]
        as_user(account.login, account.password, monkeypatch)
        out = tmp_path / f"{role}.xlsx"
        argv = ["report", "families", "--period", "2026-H1", "--district", "*", "--format", "xlsx", "--out", str(out)]
        code, _, err = run(capsys, region, *argv)
        assert code == 0, err
        cells = [
            str(c) for sheet in load_workbook(out).worksheets for row in sheet.iter_rows(values_only=True) for c in row
        ]
        return "\n".join(cells)

    administrator = families_report("admin")
    assert any(name in administrator for name in people), "the region holds the names: the admin's report shows them"
    coordinator = families_report("coordinator")
    assert [name for name in people if name in coordinator] == []
    codes = [f"РС-{number:04d}" for number in range(1, district.families + 1)]
    assert all(code in coordinator for code in codes)


# -- lock-out, journal, the password itself -------------------------------------------------------------------


def test_five_wrong_passwords_from_the_command_line_lock_the_account_as_the_window_does(
    demo_paths: DataPaths, demo_password: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    as_user("demo", "не-тот-пароль", monkeypatch)
    answers = [run(capsys, demo_paths, "user", "list") for _ in range(5)]
    assert [code for code, _, _ in answers] == [3] * 5
    assert all(err.startswith("Ошибка: Неверный логин или пароль. После 5 неудачных") for _, _, err in answers[:4])
    assert answers[4][2].startswith("Ошибка: Учётная запись заблокирована после 5 неудачных попыток входа.")

    as_user("demo", demo_password, monkeypatch)
    code, out, err = run(capsys, demo_paths, "user", "list")
    assert code == 3 and out == "" and "заблокирована" in err, "the right password waits for the lock to pass"
    actions = [entry.action for entry in journal(demo_paths) if entry.entity == "user_account"][-6:]
    assert actions == ["login_failed"] * 4 + ["account_locked", "login_failed"]


def test_each_sign_in_of_the_command_line_is_in_the_journal(
    demo_paths: DataPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    before = journal(demo_paths, "login")
    assert run(capsys, demo_paths, "user", "list")[0] == 0
    assert run(capsys, demo_paths, "forms")[0] == 0
    after = journal(demo_paths, "login")
    assert [(entry.user_login, entry.summary) for entry in after[len(before) :]] == [("demo", "Вход в программу")] * 2


def test_the_password_is_asked_without_echo_at_a_terminal_and_never_printed(
    demo_paths: DataPaths,
    demo_password: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from desktop_app.cli import passwords

    monkeypatch.delenv("OPEKA_PASSWORD")
    asked: list[str] = []
    monkeypatch.setattr(passwords, "at_terminal", lambda: True)
    monkeypatch.setattr(passwords.getpass, "getpass", lambda prompt: asked.append(prompt) or demo_password)
    monkeypatch.setattr("desktop_app.cli.sign_in.at_terminal", lambda: True)
    code, out, err = run(capsys, demo_paths, "user", "list", "--json")
    assert code == 0 and asked == ["Пароль пользователя demo: "]
    assert {row["login"] for row in json.loads(out)} >= {"demo", "specialist"}

    wrong = tmp_path / "wrong.txt"
    wrong.write_text("неверный-пароль-7\n", encoding="utf-8")
    code, out2, err2 = run(capsys, demo_paths, "--user-password-file", str(wrong), "user", "list")
    assert code == 3
    log = demo_paths.log_file.read_text(encoding="utf-8") if demo_paths.log_file.exists() else ""
    shown = out + err + out2 + err2 + log
    assert demo_password not in shown and "неверный-пароль-7" not in shown


def test_check_prints_no_name_even_of_a_tampered_entry(
    demo_paths: DataPaths, no_credentials: None, capsys: pytest.CaptureFixture[str]
) -> None:
    member = demo_data()["families"][0]["members"][0]["full_name"]
    with closing(sqlite3.connect(demo_paths.database)) as connection:
        [seq] = connection.execute("SELECT seq FROM audit_entry WHERE summary LIKE ?", (f"%{member}%",)).fetchone()
        connection.execute("DROP TRIGGER IF EXISTS audit_entry_no_update")
        connection.execute("UPDATE audit_entry SET user_login = 'кто-то' WHERE seq = ?", (seq,))
        connection.commit()
    code, out, err = run(capsys, demo_paths, "check")
    assert code == 1 and f"запись № {seq}" in err
    assert [name for name in family_people() if name in out + err] == []


# -- recovering a lost administrator password ---------------------------------------------------------------


def lock_out(paths: DataPaths, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    as_user("demo", "забытый-пароль", monkeypatch)
    for _ in range(5):
        run(capsys, paths, "user", "list")
    monkeypatch.delenv("OPEKA_USER")
    monkeypatch.delenv("OPEKA_PASSWORD")


def test_the_owner_of_the_data_folder_recovers_a_locked_out_administrator(
    demo_paths: DataPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    lock_out(demo_paths, capsys, monkeypatch)
    new = tmp_path / "новый.txt"
    new.write_text("восстановлен-2026\n", encoding="utf-8")
    code, out, err = run(capsys, demo_paths, "recover-admin", "--password-file", str(new))
    assert (code, err) == (0, "") and "demo" in out and "восстановлен-2026" not in out

    [entry] = journal(demo_paths, "password_recovered")
    assert recover_admin.os_account_name() in entry.summary and entry.user_login.startswith("ОС: ")
    as_user("demo", "восстановлен-2026", monkeypatch)
    assert run(capsys, demo_paths, "user", "list")[0] == 0, "the new password works and the lock is gone"


def test_recovery_is_refused_to_anyone_but_the_owner_of_the_data_folder(
    demo_paths: DataPaths,
    demo_password: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    new = tmp_path / "новый.txt"
    new.write_text("захват-админа-2026\n", encoding="utf-8")
    monkeypatch.setattr(recover_admin.os, "geteuid", lambda: os.getuid() + 1)
    code, out, err = run(capsys, demo_paths, "recover-admin", "--password-file", str(new))
    assert code == 4 and out == "" and err.startswith("Ошибка: Пароль администратора восстанавливает только владелец")
    assert journal(demo_paths, "password_recovered") == []
    db = open_database(demo_paths, daily_copy=False)
    try:
        assert AuthService(db).login("demo", demo_password).login == "demo"
    finally:
        db.close()


def test_recovery_names_only_an_administrator(
    demo_paths: DataPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new = tmp_path / "новый.txt"
    new.write_text("не-для-специалиста-1\n", encoding="utf-8")
    code, _, err = run(capsys, demo_paths, "recover-admin", "--login", "specialist", "--password-file", str(new))
    assert code != 0 and "Администратора «specialist» нет (администраторы: demo)" in err
