"""Signing in opens the database: the login and password unwrap the database key (storage/key_store.py; the
light part in services/unlocking.py, which a sign-in may start in a thread before it imports this module), the key
opens the encrypted file, then the password is checked against the account as always (AuthService).

A wrong password cannot open the database to count the failure there, so the key file counts wrong passwords
per login and locks the login out as the database would (LockoutPolicy); the failures are written into the
journal, and the account's lock into its row, the next time the database is opened.

An installation made before encryption has no key file and is opened as before; an administrator's sign-in
converts it once (``encrypt_installation``): a backup first, then SQLCipher's export into a new keyed file that
replaces the plain one in one rename. The key is wrapped for that administrator and under a new recovery code;
the other accounts get their wrap when an administrator next sets their password (nobody else's password is
known at that moment: only its hash is), and until then they are told to ask the administrator.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, configure_mappers

from desktop_app.core.paths import DataPaths
from desktop_app.domain.accounts import LockoutPolicy
from desktop_app.domain.actor import SYSTEM_ACTOR, Actor
from desktop_app.domain.errors import DatabaseProblem
from desktop_app.domain.roles import Permission
from desktop_app.services.auth import AuthService, wrap_database_key
from desktop_app.services.unlocking import (  # noqa: F401  (the key file's part of the sign-in, re-exported)
    MAX_PENDING,
    NO_WRAP_HINT,
    UNKNOWN_LOGIN,
    Unlocking,
    recover_interrupted_encryption,
    unlock_database_key,
)
from desktop_app.storage import backup_encryption, backups, cipher, crash_recovery, key_store
from desktop_app.storage.base import new_uuid, utc_now
from desktop_app.storage.database import Database, open_database
from desktop_app.storage.models import AuditEntry, User

log = logging.getLogger(__name__)


def is_encrypted(paths: DataPaths) -> bool:
    """The installation's database is encrypted (it has a key file)."""
    return key_store.key_file(paths.root).exists()


def title_before_sign_in(paths: DataPaths) -> str | None:
    """The installation's title the login window shows, kept in the key file (no personal data): the encrypted
    database cannot be read before sign-in. None for an unencrypted installation or an unreadable file."""
    try:
        access = key_store.load(paths.root)
    except DatabaseProblem:
        return None
    if access is None:
        return None
    return access.title or None


def start_encryption(root: Path, key: bytes, title: str) -> str:
    """The key file of a new encrypted database, with one wrap under a new recovery code; returns the code
    (printed once at set-up, to be kept on paper: it opens the database when the administrator's password is
    lost). The accounts' wraps follow as set-up adds them (auth.add_user)."""
    access = key_store.AccessFile(title=title)
    code = key_store.new_recovery_code()
    access.set_recovery(key, code)
    key_store.save(root, access)
    return code


@dataclass(frozen=True)
class SignedIn:
    """An open database and the account signed in to it; after a conversion, the copy made before it and the
    recovery code to show the administrator once."""

    db: Database
    actor: Actor
    recovery_code: str = ""
    backup: Path | None = None


def prepare_sign_in() -> None:
    """What the sign-in's first query would do otherwise, once the database is open: the models' mappers
    configured (a few hundred milliseconds, no database needed), done while the key is derived."""
    configure_mappers()


def open_signed_in(
    paths: DataPaths,
    login: str,
    password: str,
    *,
    policy: LockoutPolicy | None = None,
    now: datetime | None = None,
    convert: bool = True,
    daily_copy: bool = True,
    unlocking: Unlocking | None = None,
) -> SignedIn:
    """The database opened with the key ``login``'s password unwraps, and that account signed in; the same
    AuthenticationError as AuthService.login for a wrong password, an unknown login or a locked account
    (counted in the key file while the database stays closed). An unencrypted installation opens as before,
    and an administrator's sign-in encrypts it (``encrypt_installation``) unless ``convert`` is false.
    ``daily_copy``: see open_database. ``unlocking``: the key's derivation for the same login and password,
    started earlier (services/unlocking.py ``start_unlocking``, with its own ``policy`` and ``now``, which then
    stand for these); without it the key is unwrapped here."""
    if unlocking is not None:
        unlocked = unlocking.result()
    else:
        unlocked = unlock_database_key(paths, login, password, policy or LockoutPolicy(), now or utc_now())
    policy, now = unlocked.policy, unlocked.now
    if unlocked.key is None:
        db = open_database(paths, daily_copy=daily_copy)
        try:
            actor = AuthService(db, policy).login(login, password, now)
        except BaseException:
            db.close()
            raise
        if not (convert and actor.can(Permission.MANAGE_USERS)):
            return SignedIn(db, actor)
        try:
            done = encrypt_installation(paths, db, actor, password)
        except DatabaseProblem as problem:  # the sign-in stands; the next administrator's sign-in tries again
            log.warning("Database not encrypted at sign-in: %s", problem.message)
            db.close()
            return SignedIn(open_database(paths, daily_copy=False), actor)
        return SignedIn(done.db, actor, done.recovery_code, done.backup)
    db = open_database(paths, key=unlocked.key, daily_copy=daily_copy)
    try:
        title = journal_failures(db)
        actor = AuthService(db, policy).login(login, password, now, ahead=unlocked.ahead)
        with key_store.changing(paths.root) as changed:
            changed.failures.pop(unlocked.name, None)
            changed.title = title or changed.title
    except BaseException:
        db.close()
        raise
    return SignedIn(db, actor)


def journal_failures(db: Database) -> str:
    """The wrong passwords counted while the database was closed, into the journal (and a lock into the
    account's row, so that the administrator sees and lifts it as usual); returns the installation's title."""
    from desktop_app.services.installation import InstallationService

    with key_store.changing(db.path.parent) as access:
        pending = {login: item for login, item in access.failures.items() if item.pending or item.locked_pending}
        if pending:
            with db.transaction(SYSTEM_ACTOR) as session:
                for login, item in pending.items():
                    _journal(session, login, item)
            for item in pending.values():
                item.pending, item.locked_pending = [], False
            access.failures.pop(UNKNOWN_LOGIN, None)
    return InstallationService(db).info().title


def _journal(session: Session, login: str, item: key_store.Failures) -> None:
    user = session.scalar(select(User).where(User.login == login)) if login else None
    for moment in item.pending:
        session.add(_failure_entry(login, user, moment, "login_failed", "Неверный пароль (база ещё не открыта)"))
    if item.locked_pending and item.locked_until is not None:
        summary = "Учётная запись заблокирована после неудачных попыток входа"
        session.add(
            _failure_entry(login, user, item.pending[-1] if item.pending else utc_now(), "account_locked", summary)
        )
        if user is not None and (user.locked_until is None or user.locked_until < item.locked_until):
            user.locked_until = item.locked_until


def _failure_entry(login: str, user: User | None, moment: datetime, action: str, summary: str) -> AuditEntry:
    # an unknown login is never stored (it may be a password typed into the wrong field)
    return AuditEntry(
        id=new_uuid(),
        at=moment,
        user_id=user.id if user else None,
        user_login=user.login if user else "",
        action=action,
        entity="user_account",
        entity_id=user.id if user else None,
        summary=summary if user else "Попытка входа с неизвестным логином",
    )


@dataclass(frozen=True)
class Encrypted:
    """What ``encrypt_installation`` did: the database now open with the key, the copy made before, the
    recovery code to print."""

    db: Database
    backup: Path
    recovery_code: str


def encrypt_installation(paths: DataPaths, db: Database, actor: Actor, password: str) -> Encrypted:
    """Convert an unencrypted installation once, at an administrator's sign-in: a backup first, then the
    database exported into a new SQLCipher file under a new random key, which replaces the plain one in one
    rename; the key is wrapped for ``actor`` (whose ``password`` just signed in) and under a new recovery code.
    Then the plain copies in backups/ (the one just made too) are encrypted under the same key.
    ``db`` is closed; the returned one is open with the key. DatabaseProblem leaves the plain database as it was."""
    actor.require(Permission.MANAGE_USERS)
    if db.key is not None or is_encrypted(paths):
        raise DatabaseProblem("База данных уже зашифрована.")
    from desktop_app.services.installation import InstallationService

    if crash_recovery.opened_elsewhere(paths):
        # the file is replaced by another: a process writing to the old one meanwhile would lose its work
        raise DatabaseProblem(
            "База данных открыта в другой копии программы (на этом или другом компьютере): её зашифруют при входе "
            "администратора, когда она открыта только в одной копии."
        )
    title = InstallationService(db).info().title
    copy = backups.write_backup(paths, "before-encryption", engine=db.engine)
    with db.engine.connect() as connection:  # everything into the main file: the export reads that alone
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    key = key_store.new_database_key()
    building = paths.root / ".opeka-encrypting.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{building}{suffix}").unlink(missing_ok=True)
    try:
        cipher.encrypt_copy(paths.database, building, key)
        _sync(building)
        # the key file before the swap: a crash between the two leaves a plain database and a key file whose
        # wraps open nothing yet; ``recover_interrupted_encryption`` puts that right at the next start
        code = start_encryption(paths.root, key, title)
        wrap_database_key(key, paths.root, actor.login, password)
        os.replace(building, paths.database)
        for suffix in ("-wal", "-shm"):
            Path(f"{paths.database}{suffix}").unlink(missing_ok=True)
    except cipher.ErrorOrOS as exc:
        building.unlink(missing_ok=True)
        key_store.key_file(paths.root).unlink(missing_ok=True)
        raise DatabaseProblem(
            f"Не удалось зашифровать базу данных: {exc}. База не изменена; копия: {copy.path}."
        ) from exc
    log.info("Database encrypted; backup before: %s", copy.path)
    # the copies made before (this one too) hold the same data in plain SQLite: encrypted now, under the new key
    encrypted = backup_encryption.encrypt_plain_copies(paths.backups, paths.root, key)
    log.info("Plain backups encrypted: %d", len(encrypted))
    return Encrypted(open_database(paths, key=key), copy.path, code)


def _sync(path: Path) -> None:
    with path.open("rb+") as stream:
        os.fsync(stream.fileno())
