"""`opeka` on the command line: set-up, the demo, info, check, and errors as one Russian line."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing, redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

import pytest

from desktop_app import APP_TITLE, __version__
from desktop_app.cli.main import main
from desktop_app.core.logs import configure_logging
from desktop_app.core.paths import DataPaths, resource_path
from desktop_app.services.database_access import open_signed_in
from desktop_app.storage.migrate import head_revision

PROGRAM = json.loads(resource_path("demo", "plesetsk_program.json").read_text(encoding="utf-8"))
EXPECTED_MEASURES = [(block, measure) for block in PROGRAM["blocks"] for measure in block["measures"]]
EXPECTED_INDICATORS = [ind for group in PROGRAM["indicator_groups"] for ind in group["indicators"]]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_error_line(err: str) -> None:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("Ошибка: "), err
    assert "Traceback" not in err


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def init_args(data_dir: Path, password_file: str, district: str = "Плесецкий муниципальный округ") -> list[str]:
    return [
        "--data-dir", str(data_dir), "init", "--role", "district", "--region", "29", "--district", district,
        "--org", "Отдел опеки", "--admin", "Admin", "--password-file", password_file,
    ]  # fmt: skip


# --- init -----------------------------------------------------------------------------------------------


def test_init_creates_a_district_installation_with_the_password_from_a_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    password_file = tmp_path / "password.txt"
    password_file.write_text("opeka2025\nвторая строка не читается\n", encoding="utf-8")
    data = tmp_path / "data"
    code, out, err = run(capsys, *init_args(data, str(password_file)))
    assert (code, err) == (0, "")
    assert "Установка создана" in out and "Администратор: admin." in out
    signed = open_signed_in(DataPaths(data), "admin", "opeka2025", convert=False)  # encrypted: the sign-in opens it
    signed.db.close()
    assert signed.actor.login == "admin"


def test_init_reads_the_password_from_stdin(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("opeka2025\n"))
    data = tmp_path / "data"
    code, _, err = run(capsys, *init_args(data, "-"))
    assert (code, err) == (0, "")
    signed = open_signed_in(DataPaths(data), "admin", "opeka2025", convert=False)  # encrypted: the sign-in opens it
    signed.db.close()
    assert signed.actor.login == "admin"


def test_password_file_saved_with_a_byte_order_mark_works(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    password_file = tmp_path / "password.txt"
    password_file.write_bytes("\ufeffopeka2025\r\n".encode())
    data = tmp_path / "data"
    assert run(capsys, *init_args(data, str(password_file)))[0] == 0
    signed = open_signed_in(DataPaths(data), "admin", "opeka2025", convert=False)  # encrypted: the sign-in opens it
    signed.db.close()
    assert signed.actor.login == "admin"


def test_init_with_an_unknown_district_says_so_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    password_file = tmp_path / "password.txt"
    password_file.write_text("opeka2025\n", encoding="utf-8")
    code, out, err = run(capsys, *init_args(tmp_path / "data", str(password_file), district="Тридевятый район"))
    assert code != 0
    assert out == ""
    assert_one_error_line(err)
    assert "Тридевятый район" in err and "Архангельская область" in err
    assert not DataPaths(tmp_path / "data").database.exists()


def test_init_with_an_empty_password_file_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    password_file = tmp_path / "password.txt"
    password_file.write_text("", encoding="utf-8")
    code, _, err = run(capsys, *init_args(tmp_path / "data", str(password_file)))
    assert code != 0
    assert_one_error_line(err)
    assert "Файл с паролем пуст" in err


def test_init_with_a_missing_password_file_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, *init_args(tmp_path / "data", str(tmp_path / "nope.txt")))
    assert code != 0
    assert_one_error_line(err)
    assert "Не удалось прочитать файл с паролем" in err


# --- demo and info --------------------------------------------------------------------------------------


def test_demo_prints_the_login_and_a_password_that_works(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "demo"
    code, out, err = run(capsys, "demo", "--data-dir", str(data))
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert "Логин: demo" in lines
    password_line = lines[lines.index("Логин: demo") + 1]  # each account's password follows its login
    password = password_line.removeprefix("Пароль: ")
    assert "Мероприятий: 31, показателей: 33" in out
    signed = open_signed_in(DataPaths(data), "demo", password, convert=False)  # encrypted: the sign-in opens it
    signed.db.close()
    assert signed.actor.login == "demo"


def test_demo_refuses_a_folder_that_already_has_a_database(
    demo_paths: DataPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    before = sha256(demo_paths.database)
    code, _, err = run(capsys, "--data-dir", str(demo_paths.root), "demo")
    assert code != 0
    assert_one_error_line(err)
    assert sha256(demo_paths.database) == before


def test_info_json_describes_the_installation(demo_paths: DataPaths, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--data-dir", str(demo_paths.root), "info", "--json")
    assert (code, err) == (0, "")
    info = json.loads(out)
    assert info["role"] == "district"
    assert info["region"] == {"code": "29", "name": "Архангельская область"}
    assert info["district"] == "Плесецкий муниципальный округ"
    assert info["schema_version"] == head_revision()
    assert info["app_version"] == __version__
    assert info["is_demo"] is True
    counts = info["counts"]
    assert (counts["programs"], counts["blocks"], counts["measures"]) == (1, 7, 31)
    assert (counts["indicators"], counts["indicator_plans"]) == (33, 132)
    assert counts["users"] >= 1


def test_info_prints_a_russian_summary(demo_paths: DataPaths, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "info", "--data-dir", str(demo_paths.root))
    assert code == 0
    assert "Регион: 29 — Архангельская область" in out
    assert "Муниципальное образование: Плесецкий муниципальный округ" in out
    assert "  Мероприятия: 31" in out.splitlines()


@pytest.fixture(scope="module")
def info_json(demo_template: Any, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """`opeka info --json` of the demo, run once for the item-by-item comparisons below."""
    target = tmp_path_factory.mktemp("cli-info") / "data"
    shutil.copytree(demo_template.root, target)
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(["--data-dir", str(target), "info", "--json"])
    configure_logging(None)
    assert (code, err.getvalue()) == (0, "")
    return json.loads(out.getvalue())


def test_info_json_lists_every_block_of_the_program_file(info_json: dict[str, Any]) -> None:
    [program] = info_json["programs"]
    assert program["title"] == PROGRAM["program"]["title"]
    assert [(b["number"], b["title"]) for b in program["blocks"]] == [
        (b["number"], b["title"]) for b in PROGRAM["blocks"]
    ]
    assert program["measure_count"] == len(EXPECTED_MEASURES)


def actual_measures(info_json: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(block["number"], m) for block in info_json["programs"][0]["blocks"] for m in block["measures"]]


@pytest.mark.parametrize(
    "position", range(len(EXPECTED_MEASURES)), ids=[b["number"] + m["number"] for b, m in EXPECTED_MEASURES]
)
def test_info_json_measure_matches_the_program_file(info_json: dict[str, Any], position: int) -> None:
    block, expected = EXPECTED_MEASURES[position]
    measures = actual_measures(info_json)
    assert len(measures) == len(EXPECTED_MEASURES)
    block_number, actual = measures[position]
    where = f"measure {block['number']}{expected['number']}"
    assert block_number == block["number"], where
    for key in ("number", "name", "deadline_text", "executors_text", "expected_result"):
        assert actual[key] == expected[key], f"{where}: field {key}"


@pytest.mark.parametrize("position", range(len(EXPECTED_INDICATORS)), ids=[i["code"] for i in EXPECTED_INDICATORS])
def test_info_json_indicator_matches_the_program_file(info_json: dict[str, Any], position: int) -> None:
    expected = EXPECTED_INDICATORS[position]
    indicators = info_json["indicators"]
    assert len(indicators) == len(EXPECTED_INDICATORS)
    actual = indicators[position]
    where = f"indicator {expected['code']}"
    for key in ("code", "name", "unit", "cumulative", "base_value"):
        assert actual[key] == expected[key], f"{where}: field {key}"
    assert sorted(actual["plan"]) == sorted(p["period"] for p in expected["plan"]), f"{where}: plan periods"
    for plan in expected["plan"]:
        stored = actual["plan"][plan["period"]]
        assert stored["value"] == plan["value"], f"{where}, {plan['period']}: plan value"
        assert stored["text"] == plan["text"], f"{where}, {plan['period']}: plan text"


# --- check ----------------------------------------------------------------------------------------------


def test_check_passes_on_the_demo(demo_paths: DataPaths, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--data-dir", str(demo_paths.root), "check")
    assert (code, err) == (0, "")
    assert "Проверка пройдена" in out


def test_check_fails_after_a_reference_is_broken(demo_paths: DataPaths, capsys: pytest.CaptureFixture[str]) -> None:
    with closing(sqlite3.connect(demo_paths.database)) as connection:
        connection.execute("PRAGMA foreign_keys = OFF")
        connection.execute("UPDATE measure SET block_id = 'nope' WHERE rowid = (SELECT min(rowid) FROM measure)")
        connection.commit()
    code, _, err = run(capsys, "--data-dir", str(demo_paths.root), "check")
    assert code == 1
    assert "Проверка нашла ошибки" in err
    assert "Таблица measure" in err and "program_block" in err


# --- errors ---------------------------------------------------------------------------------------------


def test_info_on_an_empty_folder_asks_for_setup(empty_paths: DataPaths, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--data-dir", str(empty_paths.root), "info")
    assert code != 0 and out == ""
    assert_one_error_line(err)
    assert "первоначальную настройку" in err
    assert not empty_paths.root.exists()


def test_info_on_a_garbage_file_fails_and_leaves_it_alone(
    empty_paths: DataPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    empty_paths.root.mkdir()
    empty_paths.database.write_bytes(os.urandom(10_000))
    before = sha256(empty_paths.database)
    code, _, err = run(capsys, "--data-dir", str(empty_paths.root), "info", "--json")
    assert code != 0
    assert_one_error_line(err)
    assert "не является базой данных" in err
    assert sha256(empty_paths.database) == before


def usage_error(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    with pytest.raises(SystemExit) as caught:
        main(list(argv))
    assert caught.value.code == 2
    return capsys.readouterr().err


def test_unknown_command_is_reported_in_russian(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    err = usage_error(capsys, "--data-dir", str(tmp_path), "frobnicate")
    assert "Использование: opeka" in err
    assert "ошибка:" in err and "недопустимое значение 'frobnicate'" in err


def test_missing_required_option_is_reported_in_russian(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    err = usage_error(
        capsys, "--data-dir", str(tmp_path), "init", "--role", "district", "--org", "Отдел", "--admin", "a",
        "--password-file", "-",
    )  # fmt: skip
    assert "не указаны обязательные параметры: --region" in err


def test_version_runs_as_a_module() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "desktop_app", "--version"],
        capture_output=True,
        encoding="utf-8",
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"{APP_TITLE} {__version__}"
    assert "Опека-Офлайн" in result.stdout


def test_check_reports_a_truncated_database_with_exit_1(
    demo_paths: DataPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    data = demo_paths.database.read_bytes()
    demo_paths.database.write_bytes(data[: len(data) // 2])
    assert main(["check", "--data-dir", str(demo_paths.root)]) == 1
    assert "Проверка нашла ошибки" in capsys.readouterr().err


def test_empty_data_dir_is_refused_instead_of_using_the_users_folder(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["info", "--data-dir", ""]) == 2
    assert "--data-dir указан пустым" in capsys.readouterr().err


def test_user_commands_add_list_lock_and_reset(
    demo_paths: DataPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = ["--data-dir", str(demo_paths.root)]
    password_file = tmp_path / "password.txt"
    password_file.write_text("пароль-специалиста-1\n", encoding="utf-8")
    add = ["user", "add", "Sidorova", "--name", "Сидорова Ольга", "--role", "specialist"]
    assert main([*add, "--password-file", str(password_file), *data_dir]) == 0
    assert main(["user", "list", "--json", *data_dir]) == 0
    listed = json.loads(capsys.readouterr().out.split("\n", 1)[1])
    assert {"login": "sidorova", "full_name": "Сидорова Ольга", "role": "specialist", "is_active": True} in listed
    assert main(["user", "disable", "sidorova", *data_dir]) == 0
    assert main(["user", "enable", "sidorova", *data_dir]) == 0
    password_file.write_text("другой-пароль-2\n", encoding="utf-8")
    assert main(["user", "password", "sidorova", "--password-file", str(password_file), *data_dir]) == 0
    assert main(["user", "unlock", "nobody", *data_dir]) == 1
    assert "«nobody» не найден" in capsys.readouterr().err
