"""Keys of an installation: created once, read back the same, never silently replaced; a password-protected
backup restores them; fingerprints let people compare public keys."""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import nacl.pwhash
import pytest

from desktop_app.domain.errors import UserError, ValidationError
from desktop_app.sync.keys import (
    ENCRYPTION_FILE,
    SIGNING_FILE,
    InstallationKeys,
    export_keys,
    fingerprint,
    generate_keys,
    import_keys,
    load_or_create_keys,
    save_keys,
)

FAST = {"opslimit": nacl.pwhash.argon2id.OPSLIMIT_INTERACTIVE, "memlimit": nacl.pwhash.argon2id.MEMLIMIT_INTERACTIVE}
PASSWORD = "ёлка-палка-2026"


def same(first: InstallationKeys, second: InstallationKeys) -> bool:
    return (first.signing_public_b64, first.encryption_public_b64, bytes(first.signing)) == (
        second.signing_public_b64,
        second.encryption_public_b64,
        bytes(second.signing),
    )


def test_keys_are_created_once_and_read_back_the_same(tmp_path: Path) -> None:
    folder = tmp_path / "keys"
    created = load_or_create_keys(folder, with_encryption=True)

    assert created.encryption is not None
    assert same(load_or_create_keys(folder, with_encryption=True), created)
    assert sorted(path.name for path in folder.iterdir()) == [ENCRYPTION_FILE, SIGNING_FILE]
    if sys.platform != "win32":
        assert {(path.stat().st_mode & 0o777) for path in folder.iterdir()} == {0o600}


def test_encryption_key_is_added_when_asked_for_and_the_signing_key_kept(tmp_path: Path) -> None:
    first = load_or_create_keys(tmp_path, with_encryption=False)
    assert first.encryption is None and first.encryption_public_b64 is None
    assert not (tmp_path / ENCRYPTION_FILE).exists()

    second = load_or_create_keys(tmp_path, with_encryption=True)

    assert second.signing_public_b64 == first.signing_public_b64
    assert second.encryption is not None
    assert load_or_create_keys(tmp_path, with_encryption=False).encryption_public_b64 == second.encryption_public_b64


@pytest.mark.parametrize("content", [b"", b"not base64 at all", b"QUJD\n", b"\xff\xfe", os.urandom(32)])
def test_damaged_key_file_is_refused_and_left_alone(tmp_path: Path, content: bytes) -> None:
    load_or_create_keys(tmp_path, with_encryption=True)
    (tmp_path / SIGNING_FILE).write_bytes(content)

    with pytest.raises(UserError, match="повреждён: восстановите ключи из резервной копии"):
        load_or_create_keys(tmp_path, with_encryption=True)
    assert (tmp_path / SIGNING_FILE).read_bytes() == content


def test_encryption_key_without_its_signing_key_is_refused(tmp_path: Path) -> None:
    load_or_create_keys(tmp_path, with_encryption=True)
    (tmp_path / SIGNING_FILE).unlink()
    with pytest.raises(UserError, match="восстановите ключи из резервной копии"):
        load_or_create_keys(tmp_path, with_encryption=True)
    assert not (tmp_path / SIGNING_FILE).exists()


def test_backup_restores_the_keys_with_the_password(tmp_path: Path) -> None:
    keys = generate_keys(with_encryption=True)
    backup = tmp_path / "ключи.opeka-keys"
    export_keys(keys, backup, PASSWORD, **FAST)

    restored = import_keys(backup, PASSWORD)

    assert same(restored, keys)
    text = backup.read_text(encoding="utf-8")
    document = json.loads(text)
    assert document["format"] == "opeka-keys" and document["version"] == 1
    assert document["signing_public"] == keys.signing_public_b64
    assert keys.signing_public_b64 in text and bytes(keys.signing).hex() not in text
    save_keys(tmp_path / "restored", restored)
    assert same(load_or_create_keys(tmp_path / "restored", with_encryption=False), keys)


def test_backup_of_keys_without_encryption(tmp_path: Path) -> None:
    keys = generate_keys(with_encryption=False)
    export_keys(keys, tmp_path / "b.json", PASSWORD, **FAST)
    assert import_keys(tmp_path / "b.json", PASSWORD).encryption is None


def test_wrong_password_is_refused(tmp_path: Path) -> None:
    export_keys(generate_keys(with_encryption=True), tmp_path / "b.json", PASSWORD, **FAST)
    with pytest.raises(UserError, match="^Неверный пароль или повреждённый файл ключей.$"):
        import_keys(tmp_path / "b.json", PASSWORD + "!")


def test_short_password_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="не короче 10 символов") as caught:
        export_keys(generate_keys(with_encryption=True), tmp_path / "b.json", "123456789", **FAST)
    assert "password" in caught.value.field_errors
    assert not (tmp_path / "b.json").exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"ciphertext": "AAAA"}, "Неверный пароль"),
        ({"salt": "short"}, "Неверный пароль"),
        ({"memlimit": 2**42}, "Неверный пароль"),  # a crafted file never makes us allocate terabytes
        ({"opslimit": "3"}, "Неверный пароль"),
        ({"version": 9}, "более новой версией"),
        ({"format": "other"}, "не является резервной копией"),
    ],
)
def test_damaged_backup_is_refused(tmp_path: Path, changes: dict[str, object], message: str) -> None:
    backup = tmp_path / "b.json"
    export_keys(generate_keys(with_encryption=True), backup, PASSWORD, **FAST)
    backup.write_text(json.dumps(json.loads(backup.read_text(encoding="utf-8")) | changes), encoding="utf-8")
    with pytest.raises(UserError, match=message):
        import_keys(backup, PASSWORD)


@pytest.mark.parametrize("content", [b"", b"\xff", b"[]", b"x" * 100_000])
def test_file_that_is_not_a_backup_is_refused(tmp_path: Path, content: bytes) -> None:
    (tmp_path / "b.json").write_bytes(content)
    with pytest.raises(UserError, match="не является резервной копией"):
        import_keys(tmp_path / "b.json", PASSWORD)


def test_fingerprint_is_short_stable_and_tells_keys_apart() -> None:
    first, second = generate_keys(with_encryption=False), generate_keys(with_encryption=False)
    shown = fingerprint(first.signing_public_b64)
    assert re.fullmatch(r"[0-9a-f]{4}( [0-9a-f]{4}){3}", shown)
    assert fingerprint(first.signing_public_b64) == shown != fingerprint(second.signing_public_b64)
    with pytest.raises(ValueError):
        fingerprint("not a key!")
