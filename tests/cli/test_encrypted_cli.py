"""`opeka demo` makes an encrypted database and prints its recovery code once; commands open it only after their
sign-in unwrapped its key; `recover-admin` needs the recovery code as well as the data folder's OS owner."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from desktop_app.cli.main import main
from desktop_app.storage import key_store


def demo(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, str, str]:
    """An encrypted demo; its folder, the administrator's password and the recovery code."""
    data = tmp_path / "data"
    assert main(["--data-dir", str(data), "demo"]) == 0
    out = capsys.readouterr().out
    code = re.search(r"^([A-Z2-9]{5}(?:-[A-Z2-9]{5}){5})$", out, re.MULTILINE)
    password = re.search(r"Логин: demo\nПароль: (\S+)", out)
    assert code is not None and password is not None and "Код восстановления" in out
    return data, password.group(1), code.group(1)


def test_an_encrypted_demo_opens_for_commands_only_with_a_user_and_password(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data, password, code = demo(tmp_path, capsys)
    access = key_store.load(data)
    assert access is not None and access.unlock_with_recovery(code) is not None

    monkeypatch.delenv("OPEKA_USER")
    monkeypatch.delenv("OPEKA_PASSWORD")
    for command in ("info", "check", "backup"):
        assert main(["--data-dir", str(data), command]) != 0
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "OPEKA_USER" in err and "Traceback" not in err, command

    monkeypatch.setenv("OPEKA_USER", "demo")
    monkeypatch.setenv("OPEKA_PASSWORD", password + "x")
    assert main(["--data-dir", str(data), "info"]) != 0
    assert "Неверный логин или пароль" in capsys.readouterr().err

    monkeypatch.setenv("OPEKA_PASSWORD", password)
    assert main(["--data-dir", str(data), "info"]) == 0
    assert main(["--data-dir", str(data), "check"]) == 0
    assert "Проверка пройдена" in capsys.readouterr().out
    assert main(["--data-dir", str(data), "user", "list"]) == 0
    assert main(["--data-dir", str(data), "backup"]) == 0
    capsys.readouterr()
    copies = sorted((data / "backups").glob("opeka-manual-*.zip"))
    assert copies
    with zipfile.ZipFile(copies[-1]) as bundle:
        assert not bundle.read("opeka.sqlite3").startswith(b"SQLite format 3")
    assert main(["--data-dir", str(data), "restore", str(copies[-1])]) == 0


def test_recover_admin_of_an_encrypted_database_needs_the_recovery_code(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data, _password, code = demo(tmp_path, capsys)
    new_password = tmp_path / "new.txt"
    new_password.write_text("восстановлен-2026\n", encoding="utf-8")
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("AAAAA-BBBBB-CCCCC-DDDDD-EEEEE-FFFFF\n", encoding="utf-8")
    right = tmp_path / "code.txt"
    right.write_text(code.lower().replace("-", " ") + "\n", encoding="utf-8")
    recover = ["--data-dir", str(data), "recover-admin", "--login", "demo", "--password-file", str(new_password)]

    assert main(recover) != 0  # the OS owner alone opens nothing of an encrypted database
    assert "код восстановления" in capsys.readouterr().err
    assert main([*recover, "--recovery-code-file", str(wrong)]) != 0
    assert "Неверный код восстановления" in capsys.readouterr().err
    assert main([*recover, "--recovery-code-file", str(right)]) == 0
    capsys.readouterr()

    monkeypatch.setenv("OPEKA_USER", "demo")
    monkeypatch.setenv("OPEKA_PASSWORD", "восстановлен-2026")
    assert main(["--data-dir", str(data), "user", "list"]) == 0
