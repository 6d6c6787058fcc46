"""The first half of signing in to an encrypted database, from light modules: the lock-out read from the key file,
the database key unwrapped with the password (Argon2id, 256 MiB: most of a second), a wrong password counted in
the key file. Nothing here imports SQLAlchemy or the models.

``start_unlocking`` runs it in a thread of its own, so that a sign-in can start the key's derivation first and
import the database's modules meanwhile: the derivation lets go of the interpreter, the second core does it.
services/database_access.py ``open_signed_in`` then opens the database with the key and signs the account in as
always (AuthService: the lock, the journal, the password checked against the account's hash). That check is a
second Argon2 (argon2-cffi, the hash's own parameters); the thread makes it too, ahead, once the key has opened
the file (``check_ahead``, one read-only connection closed at once), while the other thread still imports and
opens: AuthService uses the answer only if the hash it reads is the one checked, and checks again otherwise.

Both checks stay. The key's wrap and the account's hash are kept apart (the key file beside the database, the
hash inside it) and can disagree: a password change whose key file write was lost, a database restored from a copy
made before a password change. Then the unwrap alone would let in a password the account no longer has; with
both, a sign-in succeeds only when the two agree, as before.

The thread only reads and writes the key file (under its lock, written whole) and reads one row through a
read-only connection it closes before it ends: whatever happens to the side that imports, nothing is left open.

Everything the thread runs is imported here, in the thread that starts it: two threads importing the same modules
at once can deadlock.
"""

from __future__ import annotations

import logging
import sys
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import nacl.exceptions
import nacl.pwhash
import nacl.secret  # noqa: F401  (key_store imports these when it unwraps: in the thread, they are already in)

from desktop_app.core.paths import DataPaths
from desktop_app.domain.accounts import (
    LockoutPolicy,
    is_locked,
    locked_message,
    normalise_login,
    wrong_credentials_message,
)
from desktop_app.domain.errors import AuthenticationError, UserError
from desktop_app.services.passwords import CheckedAhead, verify_password
from desktop_app.storage import cipher, key_store

if sys.platform != "win32":
    import fcntl  # noqa: F401  (the key file's lock, core/held_files.py)

log = logging.getLogger(__name__)

NO_WRAP_HINT = (
    " Если база данных была зашифрована после вашего последнего входа, попросите администратора задать вам "
    "новый пароль."
)
# The wrong passwords typed for a login without a wrap are counted under no name: what was typed into the login
# field may be a password, and never lands on disk (as AuthService never journals it)
UNKNOWN_LOGIN = ""
_UNREADABLE: tuple[type[Exception], ...] = (*cipher.ErrorOrOS, ValueError)
MAX_PENDING = 1000  # a file filled by a script guessing passwords stays small; the count and the lock still hold


@dataclass(frozen=True)
class Unlocked:
    """What the first half of a sign-in found: the key file (None: the installation is not encrypted), the login
    as the key file names it, the database key its password unwrapped (None when not encrypted), and the lock-out
    rule and moment the sign-in goes on with."""

    access: key_store.AccessFile | None
    name: str
    key: bytes | None
    policy: LockoutPolicy
    now: datetime
    ahead: CheckedAhead | None = None  # the password checked against the account's hash (``check_ahead``)


def unlock_database_key(
    paths: DataPaths, login: str, password: str, policy: LockoutPolicy, now: datetime, *, ahead: bool = False
) -> Unlocked:
    """The key ``login``'s password unwraps; for an unencrypted installation, nothing (``Unlocked.key`` None).
    AuthenticationError for a wrong password, an unknown login or a locked login (counted in the key file);
    DatabaseProblem for an unreadable key file. ``ahead``: the password is checked against the account's hash
    too (``check_ahead``)."""
    recover_interrupted_encryption(paths)
    access = key_store.load(paths.root)
    if access is None:
        return Unlocked(None, "", None, policy, now)
    name = normalise_login(login)
    key = unlock(paths, access, name, password, policy, now)
    checked = check_ahead(paths, key, name, password) if ahead else None
    return Unlocked(access, name, key, policy, now, checked)


def check_ahead(paths: DataPaths, key: bytes, name: str, password: str) -> CheckedAhead | None:
    """``password`` checked against the hash stored for ``name``, read through a read-only connection closed at
    once; None when there is none or it cannot be read here (AuthService then checks as always)."""
    try:
        uri = f"{paths.database.resolve().as_uri()}?mode=ro"
        connection = cipher.connect(uri, key, uri=True, timeout=1)
        try:
            row = connection.execute("SELECT password_hash FROM user_account WHERE login = ?", (name,)).fetchone()
        finally:
            connection.close()
    except _UNREADABLE:
        log.info("Password not checked ahead of the sign-in", exc_info=True)
        return None
    if row is None or not isinstance(row[0], str):
        return None
    return CheckedAhead(row[0], password, verify_password(row[0], password))


class Unlocking:
    """``unlock_database_key`` running in a thread; ``result()`` waits for it and returns what it returned or
    raises what it raised (the same errors, messages and counts as when called directly)."""

    def __init__(
        self, paths: DataPaths, login: str, password: str, policy: LockoutPolicy | None, now: datetime | None
    ) -> None:
        self._outcome: Unlocked | BaseException | None = None
        # not a daemon: a wrong password being counted in the key file is written to the end even if the
        # program stops meanwhile (the file is replaced whole: a daemon cut off would leave its temporary file)
        self._thread = threading.Thread(
            target=self._run,
            args=(paths, login, password, policy or LockoutPolicy(), now or datetime.now(UTC)),
            name="unlock-database-key",
        )
        self._thread.start()

    def _run(self, paths: DataPaths, login: str, password: str, policy: LockoutPolicy, now: datetime) -> None:
        try:
            self._outcome = unlock_database_key(paths, login, password, policy, now, ahead=True)
        except BaseException as exc:  # handed to the thread that asks for the result, as if raised there
            self._outcome = exc

    def done(self) -> bool:
        return not self._thread.is_alive()

    def result(self) -> Unlocked:
        self._thread.join()
        outcome = self._outcome
        if isinstance(outcome, BaseException):
            raise outcome
        assert outcome is not None
        return outcome


def start_unlocking(
    paths: DataPaths, login: str, password: str, *, policy: LockoutPolicy | None = None, now: datetime | None = None
) -> Unlocking:
    """The key's derivation started in its own thread (see the module's description)."""
    return Unlocking(paths, login, password, policy, now)


def unlock(
    paths: DataPaths, access: key_store.AccessFile, name: str, password: str, policy: LockoutPolicy, now: datetime
) -> bytes:
    """The database key ``name``'s password unwraps from ``access``; AuthenticationError otherwise (a locked
    login is refused before any derivation; a wrong password is counted in the key file)."""
    if not name or not password:
        raise AuthenticationError("Введите логин и пароль.")
    failures = access.failures.get(name)
    if failures is not None and is_locked(failures.locked_until, now):
        assert failures.locked_until is not None
        raise AuthenticationError(locked_message(policy, failures.locked_until, now))
    key = access.unlock(name, password)
    if key is None:
        until = count_failure(paths.root, name if name in access.logins else UNKNOWN_LOGIN, policy, now)
        if until is not None:
            raise AuthenticationError(locked_message(policy, until, now))
        raise AuthenticationError(wrong_credentials_message(policy) + NO_WRAP_HINT)
    return key


def count_failure(root: Path, name: str, policy: LockoutPolicy, now: datetime) -> datetime | None:
    """One more wrong password for ``name`` in the key file; the time its lock ends when this one locked it."""
    try:
        with key_store.changing(root) as access:
            failures = access.failures.setdefault(name, key_store.Failures())
            if name != UNKNOWN_LOGIN:
                failures.count, failures.locked_until = policy.after_failure(failures.count, now)
                failures.locked_pending = failures.locked_pending or failures.locked_until is not None
            failures.pending = [*failures.pending, now][-MAX_PENDING:]
            return failures.locked_until
    except (OSError, UserError):  # a full disk must not turn a wrong password into a crash; the count is lost
        log.warning("Could not count a failed sign-in in the key file", exc_info=True)
        return None


def recover_interrupted_encryption(paths: DataPaths) -> None:
    """A conversion cut off after the key file was written but before the encrypted file took the database's
    name: the database is still plain, so the key file (whose wraps open nothing) goes."""
    access_file = key_store.key_file(paths.root)
    if access_file.exists() and paths.database.is_file() and cipher.is_plain(paths.database):
        log.warning("An interrupted encryption left a key file beside the plain database; removed")
        access_file.unlink()
