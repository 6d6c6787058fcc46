"""`opeka demo --encrypt`: the recovery code printed once; commands open the encrypted database only signed in."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import nacl.pwhash
import pytest

from desktop_app.cli.main import main
from desktop_app.storage import key_store


@pytest.fixture(autouse=True)
def fast_argon2(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(key_store, "OPSLIMIT", nacl.pwhash.argon2id.OPSLIMIT_MIN)
    monkeypatch.setattr(key_store, "MEMLIMIT", nacl.pwhash.argon2id.MEMLIMIT_MIN)


def test_an_encrypted_demo_opens_for_commands_only_with_a_user_and_password(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    assert main(["--data-dir", str(data), "demo", "--encrypt"]) == 0
    out = capsys.readouterr().out
    code = re.search(r"^([A-Z2-9]{5}(?:-[A-Z2-9]{5}){5})$", out, re.MULTILINE)
    assert code is not None and "Код восстановления" in out
    access = key_store.load(data)
    assert access is not None and access.unlock_with_recovery(code.group(1)) is not None
    password = re.search(r"Логин: demo\nПароль: (\S+)", out)
    assert password is not None

    assert main(["--data-dir", str(data), "info"]) != 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "OPEKA_USER" in err and "Traceback" not in err

    monkeypatch.setenv("OPEKA_USER", "demo")
    monkeypatch.setenv("OPEKA_PASSWORD", password.group(1) + "x")
    assert main(["--data-dir", str(data), "info"]) != 0
    assert "Неверный логин или пароль" in capsys.readouterr().err

    monkeypatch.setenv("OPEKA_PASSWORD", password.group(1))
    assert main(["--data-dir", str(data), "info"]) == 0
    assert main(["--data-dir", str(data), "check"]) == 0
    assert "Проверка пройдена" in capsys.readouterr().out
    assert main(["--data-dir", str(data), "backup"]) == 0
    capsys.readouterr()
    copies = sorted((data / "backups").glob("opeka-manual-*.zip"))
    assert copies
    with zipfile.ZipFile(copies[-1]) as bundle:
        assert not bundle.read("opeka.sqlite3").startswith(b"SQLite format 3")
