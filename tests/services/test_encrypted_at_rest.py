"""The database and its backups encrypted at rest (SQLCipher): nothing of the demo readable in the files, the key
wrapped per account, a wrong password opens nothing and still locks out, and an older installation is converted
once with a backup first."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import zipfile
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import nacl.pwhash
import pytest

from desktop_app.core.paths import DataPaths, resource_path
from desktop_app.domain.accounts import LockoutPolicy
from desktop_app.domain.errors import AuthenticationError, DatabaseProblem
from desktop_app.services import backup_crypto
from desktop_app.services.auth import AccountAdministration, AuthService
from desktop_app.services.backups import make_backup, restore_backup
from desktop_app.services.database_access import open_signed_in, title_before_sign_in
from desktop_app.services.demo import DemoResult, create_demo
from desktop_app.storage import key_store
from desktop_app.storage.base import utc_now
from desktop_app.storage.database import open_database
from tests.conftest import DEMO_TODAY, DemoTemplate

DEMO_DATA = json.loads(resource_path("demo", "demo_data.json").read_text(encoding="utf-8"))
# the adults' surnames and full names: any of them in a file's bytes means personal data lies there readable
ADULT_NAMES = sorted(
    {member["full_name"].removesuffix(" (демо)") for family in DEMO_DATA["families"] for member in family["members"]}
)


@pytest.fixture(autouse=True)
def fast_argon2(monkeypatch: pytest.MonkeyPatch) -> None:
    for module in (key_store, backup_crypto):
        monkeypatch.setattr(module, "OPSLIMIT", nacl.pwhash.argon2id.OPSLIMIT_MIN)
        monkeypatch.setattr(module, "MEMLIMIT", nacl.pwhash.argon2id.MEMLIMIT_MIN)


@dataclass(frozen=True)
class EncryptedDemo:
    root: Path
    result: DemoResult


@pytest.fixture(scope="module")
def encrypted_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EncryptedDemo]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(key_store, "OPSLIMIT", nacl.pwhash.argon2id.OPSLIMIT_MIN)
        patch.setattr(key_store, "MEMLIMIT", nacl.pwhash.argon2id.MEMLIMIT_MIN)
        root = tmp_path_factory.mktemp("encrypted-demo")
        db, result = create_demo(DataPaths(root), DEMO_TODAY, encrypted=True)
        assert db.key is not None and db.recovery_code
        db.close()
    yield EncryptedDemo(root, result)


@pytest.fixture
def encrypted(encrypted_template: EncryptedDemo, tmp_path: Path) -> DataPaths:
    shutil.copytree(encrypted_template.root, tmp_path / "data")
    return DataPaths(tmp_path / "data")


def account(result: DemoResult, login: str) -> str:
    return next(item.password for item in result.accounts if item.login == login)


def names_in(data: bytes) -> list[str]:
    return [name for name in ADULT_NAMES if name.encode("utf-8") in data or name.split()[0].encode() in data]


def test_the_demo_names_are_what_a_plain_database_shows(demo_template: DemoTemplate) -> None:
    """The check below can see: the unencrypted demo database holds the adults' names as bytes."""
    assert len(ADULT_NAMES) >= 5
    assert names_in((demo_template.root / "opeka.sqlite3").read_bytes())


def test_the_database_file_and_every_backup_hold_no_name_of_the_demo(
    encrypted: DataPaths, encrypted_template: EncryptedDemo, tmp_path: Path
) -> None:
    result = encrypted_template.result
    signed = open_signed_in(encrypted, result.login, result.password)
    signed.db.close()
    make_backup(encrypted, key=signed.db.key)
    make_backup(encrypted, tmp_path / "stick", key=signed.db.key)
    files = [encrypted.database, *encrypted.backups.glob("*.zip"), *(tmp_path / "stick").glob("*.zip")]
    assert len(files) >= 4  # the database, the day's copy, the manual copy, the copy on the stick
    for file in files:
        assert names_in(file.read_bytes()) == [], file
        if file.suffix == ".zip":
            with zipfile.ZipFile(file) as bundle:
                database = bundle.read("opeka.sqlite3")
                assert not database.startswith(b"SQLite format 3") and names_in(database) == [], file
                assert "database-access.json" in bundle.namelist()  # the wrapped keys travel with the copy
    with closing(sqlite3.connect(encrypted.database)) as plain, pytest.raises(sqlite3.DatabaseError):
        plain.execute("SELECT count(*) FROM sqlite_master").fetchone()


def test_a_wrong_password_opens_nothing_and_a_right_one_opens_the_database(
    encrypted: DataPaths, encrypted_template: EncryptedDemo
) -> None:
    result = encrypted_template.result
    with pytest.raises(AuthenticationError, match="Неверный логин или пароль"):
        open_signed_in(encrypted, result.login, result.password + "x")
    with pytest.raises(AuthenticationError, match="Неверный логин или пароль"):
        open_signed_in(encrypted, "секретныйпароль7", result.password)  # a password typed into the login field
    assert "секретныйпароль7" not in key_store.key_file(encrypted.root).read_text(encoding="utf-8")
    with pytest.raises(DatabaseProblem, match="зашифрована"):
        open_database(encrypted)
    assert title_before_sign_in(encrypted) == "Плесецкий муниципальный округ (Архангельская область)"
    signed = open_signed_in(encrypted, "head", account(result, "head"))
    try:
        assert signed.actor.login == "head"
        assert AuthService(signed.db).user_count() == len(result.accounts)
    finally:
        signed.db.close()


def test_a_password_change_rewraps_only_that_accounts_copy(
    encrypted: DataPaths, encrypted_template: EncryptedDemo
) -> None:
    result = encrypted_template.result
    before = key_store.load(encrypted.root)
    assert before is not None and set(before.logins) == {item.login for item in result.accounts}
    signed = open_signed_in(encrypted, "head", account(result, "head"))
    try:
        AuthService(signed.db).change_password(signed.actor, account(result, "head"), "Новый-пароль-2026")
    finally:
        signed.db.close()
    after = key_store.load(encrypted.root)
    assert after is not None
    assert after.logins["head"] != before.logins["head"]
    assert {login: wraps for login, wraps in after.logins.items() if login != "head"} == {
        login: wraps for login, wraps in before.logins.items() if login != "head"
    }
    assert after.recovery == before.recovery
    with pytest.raises(AuthenticationError):
        open_signed_in(encrypted, "head", account(result, "head"))
    open_signed_in(encrypted, "head", "Новый-пароль-2026").db.close()
    open_signed_in(encrypted, result.login, result.password).db.close()


def test_an_administrator_sets_a_password_and_a_new_account_opens_the_database(
    encrypted: DataPaths, encrypted_template: EncryptedDemo
) -> None:
    from desktop_app.domain.roles import Role
    from desktop_app.services.auth import NewUser

    result = encrypted_template.result
    signed = open_signed_in(encrypted, result.login, result.password)
    try:
        AuthService(signed.db).create_user(
            signed.actor, NewUser("newcomer", "Новикова Ольга", Role.SPECIALIST, "Пароль-новичка-1")
        )
        AccountAdministration(signed.db).reset_password(signed.actor, "head", "Пароль-от-админа-1")
    finally:
        signed.db.close()
    open_signed_in(encrypted, "newcomer", "Пароль-новичка-1").db.close()
    open_signed_in(encrypted, "head", "Пароль-от-админа-1").db.close()
    with pytest.raises(AuthenticationError):
        open_signed_in(encrypted, "head", account(result, "head"))


def test_five_wrong_passwords_lock_the_login_and_the_journal_gets_them_at_the_next_opening(
    encrypted: DataPaths, encrypted_template: EncryptedDemo
) -> None:
    from sqlalchemy import select

    from desktop_app.storage.models import AuditEntry

    result = encrypted_template.result
    policy = LockoutPolicy()
    now = utc_now()
    for attempt in range(policy.max_failures):
        with pytest.raises(AuthenticationError) as refused:
            open_signed_in(encrypted, "head", f"неверный-{attempt}", now=now)
    assert "заблокирована" in refused.value.message
    with pytest.raises(AuthenticationError, match="заблокирована"):  # the right password waits for the lock too
        open_signed_in(encrypted, "head", account(result, "head"), now=now + timedelta(minutes=1))
    signed = open_signed_in(encrypted, result.login, result.password, now=now + timedelta(minutes=2))
    try:
        with signed.db.reading() as session:
            actions = [
                entry.action
                for entry in session.scalars(select(AuditEntry).where(AuditEntry.user_login == "head"))
                if entry.action in ("login_failed", "account_locked")
            ]
        assert actions.count("login_failed") == policy.max_failures and actions.count("account_locked") == 1
        assert [
            user.locked_until is not None for user in AuthService(signed.db).users(signed.actor) if user.login == "head"
        ] == [True]
        AccountAdministration(signed.db).unlock(signed.actor, "head")
    finally:
        signed.db.close()
    open_signed_in(encrypted, "head", account(result, "head"), now=now + timedelta(minutes=3)).db.close()


def test_an_older_installation_is_encrypted_at_the_administrators_first_sign_in_with_every_record_and_a_backup(
    demo_paths: DataPaths, demo_password: str
) -> None:
    def counts(connection: object) -> dict[str, int]:
        tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")]  # type: ignore[attr-defined]
        return {table: connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in tables}  # type: ignore[attr-defined]

    with closing(sqlite3.connect(demo_paths.database)) as plain:
        before = counts(plain)
    assert before["family_member"] > 0
    signed = open_signed_in(demo_paths, "demo", demo_password)
    try:
        assert signed.db.key is not None and signed.recovery_code and signed.backup is not None
        assert signed.backup.is_file() and "before-encryption" in signed.backup.name
        with signed.db.engine.connect() as connection:
            after = counts(connection.connection.driver_connection)
    finally:
        signed.db.close()
    assert after == {**before, "audit_entry": before["audit_entry"] + 1}  # and the sign-in itself, journalled
    assert names_in(demo_paths.database.read_bytes()) == []
    # the copies made before (the day's copy of the template, the one just before the conversion) are encrypted
    copies = sorted(demo_paths.backups.glob("*.zip"))
    assert len(copies) >= 2 and signed.backup in copies
    for copy in copies:
        assert names_in(copy.read_bytes()) == [], copy
    restored = restore_backup(demo_paths, signed.backup, key=signed.db.key)
    assert restored.counts["family_member"] == before["family_member"]
    access = key_store.load(demo_paths.root)
    assert access is not None and set(access.logins) == {"demo"}
    assert access.unlock_with_recovery(signed.recovery_code.lower().replace("-", " ")) == signed.db.key
    # the other accounts have no wrap yet: they are told to ask the administrator
    with pytest.raises(AuthenticationError, match="попросите администратора"):
        open_signed_in(demo_paths, "head", "whatever-it-was")
    open_signed_in(demo_paths, "demo", demo_password).db.close()


def test_an_encrypted_backup_restores_into_its_installation(
    encrypted: DataPaths, encrypted_template: EncryptedDemo
) -> None:
    result = encrypted_template.result
    signed = open_signed_in(encrypted, result.login, result.password)
    key = signed.db.key
    signed.db.close()
    copy = make_backup(encrypted, key=key)
    restored = restore_backup(encrypted, copy.path, key=key)
    assert restored.counts == copy.counts and restored.counts["family_member"] > 0
    open_signed_in(encrypted, result.login, result.password).db.close()


def test_clearing_the_exchange_keys_folder_keeps_the_database_key(
    encrypted: DataPaths, encrypted_template: EncryptedDemo
) -> None:
    """Restoring the exchange keys from their backup starts from an empty keys/: the database's wraps are not there."""
    shutil.rmtree(encrypted.keys, ignore_errors=True)
    result = encrypted_template.result
    open_signed_in(encrypted, result.login, result.password).db.close()


def test_an_encrypted_copy_restores_on_a_new_computer_over_a_new_installation_and_opens_with_the_old_password(
    encrypted: DataPaths, encrypted_template: EncryptedDemo, tmp_path: Path
) -> None:
    from desktop_app.domain.roles import InstallationKind
    from desktop_app.services.restore_target import OtherInstallation
    from desktop_app.services.setup import SetupRequest, create_installation

    result = encrypted_template.result
    signed = open_signed_in(encrypted, result.login, result.password)
    signed.db.close()
    stick = make_backup(encrypted, tmp_path / "stick", key=signed.db.key)
    # the old computer is gone; the new one is set up afresh, with a key of its own
    new = DataPaths(tmp_path / "new-computer")
    request = SetupRequest(
        InstallationKind.DISTRICT,
        "29",
        "Онежский муниципальный округ",
        "Отдел опеки",
        "admin",
        "Админ",
        "новый-пароль-1",
        encrypted=True,
    )
    fresh = create_installation(new, request)
    new_key = fresh.key
    fresh.close()
    assert new_key is not None and new_key != signed.db.key
    with pytest.raises(OtherInstallation, match="Плесецкий"):
        restore_backup(new, stick.path, key=new_key)
    restored = restore_backup(new, stick.path, key=new_key, other_installation=True)
    assert restored.previous_state is not None and restored.counts["family_member"] > 0
    back = open_signed_in(new, result.login, result.password)  # the password valid when the copy was made
    try:
        assert back.db.key == signed.db.key
        assert AuthService(back.db).user_count() == len(result.accounts)
    finally:
        back.db.close()


def test_an_installation_open_in_another_process_is_not_converted_under_it(
    demo_paths: DataPaths, demo_password: str
) -> None:
    from desktop_app.storage import crash_recovery

    other = os.getppid()  # a live process other than this one: a second window, say
    folder = crash_recovery.markers_folder(demo_paths)
    folder.mkdir(parents=True, exist_ok=True)
    marker = {"pid": other, "identity": crash_recovery.process_identity(other)[1]}
    (folder / f"{other}-elsewhere.json").write_text(json.dumps(marker), encoding="utf-8")
    signed = open_signed_in(demo_paths, "demo", demo_password)  # signed in, not converted
    signed.db.close()
    assert signed.db.key is None and not signed.recovery_code
    assert demo_paths.database.read_bytes().startswith(b"SQLite format 3")
    assert not key_store.key_file(demo_paths.root).exists()
    (folder / f"{other}-elsewhere.json").unlink()
    signed = open_signed_in(demo_paths, "demo", demo_password)
    signed.db.close()
    assert signed.recovery_code
