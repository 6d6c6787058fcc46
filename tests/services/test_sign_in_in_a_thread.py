"""Signing in to an encrypted database with the key's derivation started first, in a thread of its own
(services/unlocking.py), while the database's modules are imported: every answer is the one the sign-in gave
before (the message, the key file's count of wrong passwords, the lock), a right password opens, and a failure on
the importing side leaves nothing open."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop_app.core.paths import DataPaths
from desktop_app.domain.errors import AuthenticationError
from desktop_app.services.auth import AuthService
from desktop_app.services.database_access import open_signed_in
from desktop_app.services.demo import create_demo
from desktop_app.services.passwords import CheckedAhead
from desktop_app.services.unlocking import start_unlocking
from desktop_app.storage import cipher, key_store
from desktop_app.storage.database import Database, open_database
from desktop_app.storage.models import AuditEntry, User
from tests.conftest import DEMO_TODAY

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 6, 10, 9, 0, tzinfo=UTC)
WRONG = "Неверный логин или пароль. После 5 неудачных попыток подряд вход блокируется на 15 минут."
NO_WRAP = (
    " Если база данных была зашифрована после вашего последнего входа, попросите администратора задать вам "
    "новый пароль."
)
LOCKED = (
    "Учётная запись заблокирована после 5 неудачных попыток входа. Повторите через 15 минут или обратитесь к "
    "администратору."
)
LOCKED_A_MINUTE_LATER = (
    "Учётная запись заблокирована после 5 неудачных попыток входа. Повторите через 14 минут или обратитесь к "
    "администратору."
)


@pytest.fixture(scope="module")
def encrypted_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    root = tmp_path_factory.mktemp("encrypted-template")
    db, result = create_demo(DataPaths(root), DEMO_TODAY, encrypted=True)
    db.close()
    return root, result.password


@pytest.fixture
def encrypted(encrypted_template: tuple[Path, str], tmp_path: Path) -> Iterator[tuple[DataPaths, str]]:
    root, password = encrypted_template
    shutil.copytree(root, tmp_path / "data", ignore=shutil.ignore_patterns("backups"))
    yield DataPaths(tmp_path / "data"), password
    for thread in threading.enumerate():  # no derivation outlives its test
        if thread.name == "unlock-database-key":
            thread.join()


def _threaded(paths: DataPaths, login: str, password: str, now: datetime = NOW) -> AuthenticationError:
    unlocking = start_unlocking(paths, login, password, now=now)
    with pytest.raises(AuthenticationError) as refused:
        open_signed_in(paths, login, password, convert=False, unlocking=unlocking)
    return refused.value


def _direct(paths: DataPaths, login: str, password: str, now: datetime = NOW) -> AuthenticationError:
    with pytest.raises(AuthenticationError) as refused:
        open_signed_in(paths, login, password, convert=False, now=now)
    return refused.value


def _failures(paths: DataPaths) -> dict[str, tuple[int, datetime | None, int]]:
    access = key_store.load(paths.root)
    assert access is not None
    return {name: (item.count, item.locked_until, len(item.pending)) for name, item in access.failures.items()}


def _nothing_open(paths: DataPaths) -> None:
    """No process marker: every opening of the database leaves one until it is closed."""
    running = paths.root / "running"
    assert not running.exists() or list(running.iterdir()) == []


def test_a_wrong_password_answers_and_counts_as_before(encrypted: tuple[DataPaths, str]) -> None:
    paths, _password = encrypted
    threaded = _threaded(paths, "demo", "not-the-password-1")
    assert threaded.message == WRONG + NO_WRAP
    assert _failures(paths) == {"demo": (1, None, 1)}
    direct = _direct(paths, "demo", "not-the-password-2")
    assert direct.message == threaded.message
    assert _failures(paths) == {"demo": (2, None, 2)}
    _nothing_open(paths)


def test_an_unknown_login_answers_as_a_wrong_password_and_is_counted_under_no_name(
    encrypted: tuple[DataPaths, str],
) -> None:
    paths, password = encrypted
    refused = _threaded(paths, "nobody-here", password)
    assert refused.message == WRONG + NO_WRAP
    assert _failures(paths) == {"": (0, None, 1)}  # the typed login is never written down
    assert _direct(paths, "nobody-here", password).message == refused.message
    _nothing_open(paths)


def test_the_fifth_wrong_password_locks_and_the_right_one_is_then_refused_until_the_lock_ends(
    encrypted: tuple[DataPaths, str],
) -> None:
    paths, password = encrypted
    for attempt in range(1, 5):
        assert _threaded(paths, "demo", f"wrong-{attempt}").message == WRONG + NO_WRAP
        assert _failures(paths) == {"demo": (attempt, None, attempt)}
    assert _threaded(paths, "demo", "wrong-5").message == LOCKED
    until = NOW + timedelta(minutes=15)
    assert _failures(paths) == {"demo": (0, until, 5)}
    # the right password, a minute later: still locked, nothing counted, nothing opened
    assert _threaded(paths, "demo", password, NOW + timedelta(minutes=1)).message == LOCKED_A_MINUTE_LATER
    assert _failures(paths) == {"demo": (0, until, 5)}
    _nothing_open(paths)
    # after the lock the right password opens, and the five failures and the lock go into the journal
    signed = open_signed_in(
        paths, "demo", password, convert=False, unlocking=start_unlocking(paths, "demo", password, now=until)
    )
    try:
        assert signed.actor.login == "demo"
        assert _failures(paths) == {}
        with signed.db.reading() as session:
            actions = list(session.scalars(select(AuditEntry.action).where(AuditEntry.user_login == "demo")))
        assert (actions.count("login_failed"), actions.count("account_locked")) == (5, 1)
    finally:
        signed.db.close()


def test_the_right_password_opens_the_encrypted_database_and_signs_in(encrypted: tuple[DataPaths, str]) -> None:
    paths, password = encrypted
    _threaded(paths, "demo", "wrong-once")
    unlocking = start_unlocking(paths, "Demo ", password)  # the login as typed: case and spaces do not matter
    signed = open_signed_in(paths, "Demo ", password, convert=False, unlocking=unlocking)
    try:
        assert signed.actor.login == "demo"
        assert signed.db.key is not None and signed.db.key == unlocking.result().key
        assert _failures(paths) == {}  # a right password ends the count
    finally:
        signed.db.close()


def _stored_hash(db: Database, login: str) -> str:
    with db.reading() as session:
        return str(session.scalar(select(User.password_hash).where(User.login == login)))


def test_a_password_checked_ahead_counts_only_for_the_hash_it_was_checked_against(
    encrypted: tuple[DataPaths, str],
) -> None:
    """The answer of the check made in the thread is used only for the very hash the sign-in reads: an answer
    for another hash (the password changed meanwhile) lets no wrong password in."""
    paths, password = encrypted
    key = start_unlocking(paths, "demo", password).result().key
    db = open_database(paths, key=key)
    try:
        stale = CheckedAhead("$argon2id$v=19$m=1024,t=1,p=1$c29tZXNhbHQ$c29tZWhhc2g", "not-the-password", True)
        with pytest.raises(AuthenticationError):
            AuthService(db).login("demo", "not-the-password", ahead=stale)
        assert AuthService(db).login("demo", password, ahead=stale).login == "demo"
        # an answer for the stored hash but another password is not taken for this one
        stored = CheckedAhead(_stored_hash(db, "demo"), password, True)
        with pytest.raises(AuthenticationError):
            AuthService(db).login("demo", "not-the-password", ahead=stored)
        assert AuthService(db).login("demo", password, ahead=stored).login == "demo"
    finally:
        db.close()


@pytest.mark.parametrize("password_right", [True, False])
def test_a_failure_on_the_importing_side_leaves_nothing_open(
    encrypted: tuple[DataPaths, str], monkeypatch: pytest.MonkeyPatch, password_right: bool
) -> None:
    """The command line's sign-in: the key's derivation starts, then importing the database's modules fails.
    The derivation ends on its own, a wrong password is still counted, and the database was never opened."""
    import argparse

    from desktop_app.cli.sign_in import sign_in

    paths, password = encrypted
    typed = password if password_right else "wrong-password"
    monkeypatch.setitem(sys.modules, "desktop_app.services.database_access", None)  # the import fails
    args = argparse.Namespace(user="demo", user_password_file=None)
    monkeypatch.setenv("OPEKA_PASSWORD", typed)
    with pytest.raises(ImportError):
        sign_in(args, paths, keep_open=True)
    for thread in threading.enumerate():
        if thread.name == "unlock-database-key":
            thread.join()
    assert _failures(paths) == ({} if password_right else {"demo": (1, None, 1)})
    _nothing_open(paths)
    key = start_unlocking(paths, "demo", password).result().key
    with closing(cipher.connect(paths.database, key, timeout=0)) as connection:
        connection.execute("BEGIN EXCLUSIVE")  # no connection of this process holds the file
        connection.execute("ROLLBACK")


def test_the_gui_sign_in_starts_the_derivation_and_leaves_nothing_open_when_its_imports_fail(
    encrypted: tuple[DataPaths, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop_app.gui.startup import EncryptedSignIn

    paths, _password = encrypted
    monkeypatch.setitem(sys.modules, "desktop_app.services.database_access", None)
    sign_in = EncryptedSignIn(paths)
    with pytest.raises(ImportError):
        sign_in.login("demo", "wrong-password")
    for thread in threading.enumerate():
        if thread.name == "unlock-database-key":
            thread.join()
    assert sign_in.db is None
    assert _failures(paths) == {"demo": (1, None, 1)}
    _nothing_open(paths)


def test_the_key_derivation_starts_before_sqlalchemy_or_the_models_are_imported(
    encrypted: tuple[DataPaths, str],
) -> None:
    """A fresh interpreter: starting the derivation imports neither SQLAlchemy nor the program's tables."""
    paths, password = encrypted
    code = f"""
import json, sys
from pathlib import Path
from desktop_app.core.paths import DataPaths
from desktop_app.services.unlocking import start_unlocking
unlocking = start_unlocking(DataPaths(Path({str(paths.root)!r})), "demo", {password!r})
heavy = sorted(name for name in sys.modules if name.startswith(("sqlalchemy", "desktop_app.storage.models")))
unlocking.result()
print(json.dumps(heavy))
"""
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=dict(os.environ), capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []
