"""The database key, wrapped once per account (``database-access.json`` in the data folder, owner-only).

The database is encrypted with a random 32-byte key (cipher.py). That key is never stored as it is: each account
has its own copy, encrypted (``SecretBox``) with a key derived from that account's password by Argon2id, so any
valid sign-in opens the database and a password change re-wraps only that account's copy. One more copy is
wrapped under the recovery code printed at set-up (like a disk-encryption recovery key), for a lost
administrator password. While the database is still closed the file also keeps what sign-in needs before it:
the installation's title (non-personal: the window shows it) and, per login, the count of wrong passwords and
the lock-out (a wrong password cannot open the database to count there); the failures are written into the
journal the next time the database opens.

A login has one wrap (a list in the file, for a later change of the scheme): a new password replaces it, after the
password has reached the database, so an old password opens nothing once replaced. Changes are made under a
lock (``changing``).

No key file means an unencrypted installation (made before encryption), opened as before.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from desktop_app.core.atomic import write_atomically
from desktop_app.core.held_files import held
from desktop_app.domain.errors import DatabaseProblem

KEY_FILE = "database-access.json"
FORMAT = "opeka-database-access"
VERSION = 1
KEY_BYTES = 32
# Moderate Argon2id (libsodium's OPSLIMIT_MODERATE, MEMLIMIT_MODERATE: 256 MiB, under a second on an office PC),
# as for the exchange keys' backups; tests lower them. Written out: PyNaCl loads only when a key is (un)wrapped,
# not with the window (tests/gui/test_lazy_imports.py)
OPSLIMIT = 3
MEMLIMIT = 256 * 1024 * 1024
SALT_BYTES = 16  # nacl.pwhash.argon2id.SALTBYTES
RECOVERY_GROUPS = 6  # six groups of five letters and digits: about 155 bits
_RECOVERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read off paper
_MAX_FILE = 4 * 1024 * 1024


def key_file(root: Path) -> Path:
    # beside the database, not in keys/ with the exchange keys: whoever clears keys/ to restore those from their
    # backup (opeka keys restore) must not take away the only way into the database
    return root / KEY_FILE


@contextmanager
def changing(root: Path) -> Iterator[AccessFile]:
    """The key file read, changed by the block and written back while this process holds its lock: two
    processes counting wrong passwords or setting passwords at once never lose each other's change (POSIX
    ``flock``; on Windows the rename is atomic but a concurrent change may be lost)."""
    lock = key_file(root).with_name(".database-access.lock")
    with held(lock):
        access = load(root) or AccessFile()
        yield access
        save(root, access)


def spend_unwrap_time(password: str) -> None:
    """The time a real unwrap takes, for a login without a wrap: timing never tells which logins have one."""
    _secret_key(password, secrets.token_bytes(SALT_BYTES), OPSLIMIT, MEMLIMIT)


def new_database_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def new_recovery_code() -> str:
    """A code to print and keep on paper, e.g. ``K7PQ2-…`` (six groups of five)."""
    groups = ("".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(5)) for _ in range(RECOVERY_GROUPS))
    return "-".join(groups)


def _normal_code(code: str) -> str:
    """A recovery code as typed: spaces, dashes and case do not matter."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: object) -> bytes:
    if not isinstance(text, str):
        raise ValueError("not base64")
    return base64.b64decode(text.encode("ascii"), validate=True)


def _secret_key(secret: str, salt: bytes, opslimit: int, memlimit: int) -> bytes:
    import nacl.pwhash
    from nacl.secret import SecretBox

    raw = unicodedata.normalize("NFC", secret).encode("utf-8")
    return nacl.pwhash.argon2id.kdf(SecretBox.KEY_SIZE, raw, salt, opslimit=opslimit, memlimit=memlimit)


def wrap(key: bytes, secret: str) -> dict[str, Any]:
    """``key`` encrypted under ``secret`` (a password or a recovery code): salt, Argon2id limits, SecretBox."""
    from nacl.secret import SecretBox

    salt = secrets.token_bytes(SALT_BYTES)
    box = SecretBox(_secret_key(secret, salt, OPSLIMIT, MEMLIMIT))
    return {"salt": _b64(salt), "opslimit": OPSLIMIT, "memlimit": MEMLIMIT, "box": _b64(bytes(box.encrypt(key)))}


def unwrap(entry: object, secret: str) -> bytes | None:
    """The key from a wrap, or None when ``secret`` is not the one it was wrapped under (or the entry is bad)."""
    import nacl.exceptions
    import nacl.pwhash
    from nacl.secret import SecretBox

    if not isinstance(entry, dict):
        return None
    opslimit, memlimit = entry.get("opslimit"), entry.get("memlimit")
    argon = nacl.pwhash.argon2id
    if not (type(opslimit) is int and type(memlimit) is int):
        return None
    if not (argon.OPSLIMIT_MIN <= opslimit <= argon.OPSLIMIT_SENSITIVE):
        return None
    if not (argon.MEMLIMIT_MIN <= memlimit <= argon.MEMLIMIT_SENSITIVE):  # a crafted file asks for no terabytes
        return None
    try:
        salt = _unb64(entry.get("salt"))
        sealed = _unb64(entry.get("box"))
        if len(salt) != argon.SALTBYTES:
            return None
        key = SecretBox(_secret_key(secret, salt, opslimit, memlimit)).decrypt(sealed)
    except (ValueError, nacl.exceptions.CryptoError):
        return None
    return bytes(key) if len(key) == KEY_BYTES else None


@dataclass
class Failures:
    """Wrong passwords in a row for one login, and the lock they led to; ``pending``: the times of those not
    yet written into the journal."""

    count: int = 0
    locked_until: datetime | None = None
    pending: list[datetime] = field(default_factory=list)
    locked_pending: bool = False  # the lock itself is still to be journalled


@dataclass
class AccessFile:
    """What ``database-access.json`` holds."""

    title: str = ""
    logins: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    recovery: dict[str, Any] | None = None
    failures: dict[str, Failures] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": VERSION,
            "title": self.title,
            "logins": self.logins,
            "recovery": self.recovery,
            "failures": {
                login: {
                    "count": item.count,
                    "locked_until": item.locked_until.isoformat() if item.locked_until else None,
                    "pending": [moment.isoformat() for moment in item.pending],
                    "locked_pending": item.locked_pending,
                }
                for login, item in self.failures.items()
                if item.count or item.locked_until or item.pending or item.locked_pending
            },
        }

    def unlock(self, login: str, password: str) -> bytes | None:
        """The key ``login``'s password unwraps; None for a wrong password or a login without a wrap."""
        wraps = self.logins.get(login, [])
        if not wraps:
            spend_unwrap_time(password)
        for entry in wraps:
            key = unwrap(entry, password)
            if key is not None:
                return key
        return None

    def unlock_with_recovery(self, code: str) -> bytes | None:
        return unwrap(self.recovery, _normal_code(code)) if self.recovery else None

    def set_login(self, login: str, key: bytes, password: str) -> None:
        """``login``'s wrap under its new password, replacing the old one (the old password opens nothing)."""
        self.logins[login] = [wrap(key, password)]

    def set_recovery(self, key: bytes, code: str) -> None:
        self.recovery = wrap(key, _normal_code(code))


def load(root: Path) -> AccessFile | None:
    """The key file of the data folder ``root``; None when there is none (an unencrypted installation).
    DatabaseProblem when it is there but cannot be read."""
    path = key_file(root)
    try:
        if path.stat().st_size > _MAX_FILE:
            raise DatabaseProblem(f"Файл ключей базы данных {path} повреждён (слишком велик).")
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, RecursionError) as exc:
        raise DatabaseProblem(f"Не удалось прочитать файл ключей базы данных {path}: {exc}.") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise DatabaseProblem(f"Файл {path} не является файлом ключей базы данных Опеки-Офлайн.")
    return _parse(data)


def _parse(data: dict[str, Any]) -> AccessFile:
    logins = data.get("logins") if isinstance(data.get("logins"), dict) else {}
    failures: dict[str, Failures] = {}
    raw_failures = data.get("failures") if isinstance(data.get("failures"), dict) else {}
    for login, item in (raw_failures or {}).items():
        if not isinstance(item, dict):
            continue
        try:
            until = item.get("locked_until")
            failures[str(login)] = Failures(
                count=int(item.get("count") or 0),
                locked_until=datetime.fromisoformat(until) if isinstance(until, str) else None,
                pending=[datetime.fromisoformat(moment) for moment in item.get("pending") or []],
                locked_pending=bool(item.get("locked_pending")),
            )
        except (TypeError, ValueError):
            continue
    recovery = data.get("recovery")
    return AccessFile(
        title=str(data.get("title") or ""),
        logins={
            str(login): [entry for entry in wraps if isinstance(entry, dict)]
            for login, wraps in (logins or {}).items()
            if isinstance(wraps, list)
        },
        recovery=recovery if isinstance(recovery, dict) else None,
        failures=failures,
    )


def save(root: Path, access: AccessFile) -> None:
    """The key file written whole or not at all (owner-only: the umask set at start-up, and chmod here)."""
    path = key_file(root)
    text = json.dumps(access.as_json(), ensure_ascii=False, indent=1, sort_keys=True)

    def write(temporary: Path) -> None:
        temporary.write_text(text, encoding="utf-8")
        os.chmod(temporary, 0o600)

    write_atomically(path, write, "файл ключей базы данных")
