"""`opeka backup` and `opeka restore`: the copy's path in JSON, a copy on a chosen folder with a password,
a refused copy in one line with a non-zero exit code and the database unchanged."""

from __future__ import annotations

import json
from pathlib import Path

import nacl.pwhash
import pytest

from desktop_app.cli.main import main
from desktop_app.core.paths import DataPaths
from desktop_app.services import backup_crypto
from tests.cli.journal import journal


@pytest.fixture(autouse=True)
def fast_argon2(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(backup_crypto, "OPSLIMIT", nacl.pwhash.argon2id.OPSLIMIT_MIN)
    monkeypatch.setattr(backup_crypto, "MEMLIMIT", nacl.pwhash.argon2id.MEMLIMIT_MIN)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_backup_prints_the_path_and_counts_and_restore_puts_it_back(
    demo_paths: DataPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "--data-dir", str(demo_paths.root), "backup", "--json")
    assert code == 0, err
    report = json.loads(out)
    copy = Path(report["path"])
    assert copy.parent == demo_paths.backups and copy.is_file()
    assert report["counts"]["measure"] == 31 and report["attachments"] == 5

    code, out, err = run(capsys, "--data-dir", str(demo_paths.root), "restore", str(copy))
    assert code == 0, err
    assert "восстановлена" in out and "Прежнее состояние сохранено" in out


def test_an_encrypted_copy_on_a_chosen_folder_needs_its_password(
    demo_paths: DataPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    password = tmp_path / "password.txt"
    password.write_text("длинный-пароль-копии\n", encoding="utf-8")
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("совсем-другой-пароль\n", encoding="utf-8")
    data = ["--data-dir", str(demo_paths.root)]
    code, out, err = run(
        capsys, *data, "backup", "--to", str(tmp_path / "usb"), "--password-file", str(password), "--json"
    )
    assert code == 0, err
    copy = Path(json.loads(out)["path"])
    assert copy.parent == tmp_path / "usb"
    before = len(journal(demo_paths))

    for extra in ([], ["--password-file", str(wrong)]):
        code, out, err = run(capsys, *data, "restore", str(copy), *extra)
        assert code != 0 and out == ""
        lines = err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("Ошибка: ") and "Traceback" not in err
    # each refused restore signed in (one entry each); a restored copy would have lost both entries
    assert len(journal(demo_paths)) == before + 2

    code, out, err = run(capsys, *data, "restore", str(copy), "--password-file", str(password), "--json")
    assert code == 0, err
    assert json.loads(out)["restored_from"] == str(copy)


def test_a_short_password_and_a_missing_installation_are_one_line_errors(
    demo_paths: DataPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    short = tmp_path / "short.txt"
    short.write_text("коротко\n", encoding="utf-8")
    code, _out, err = run(capsys, "--data-dir", str(demo_paths.root), "backup", "--password-file", str(short))
    assert code != 0 and "не короче 10" in err and len(err.strip().splitlines()) == 1
    code, _out, err = run(capsys, "--data-dir", str(tmp_path / "нет"), "backup")
    assert code != 0 and "не настроена" in err
    code, _out, err = run(capsys, "--data-dir", str(demo_paths.root), "restore", str(tmp_path / "нет.zip"))
    assert code != 0 and "не найден" in err
