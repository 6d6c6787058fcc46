"""Password hashing with argon2id (argon2-cffi's defaults follow RFC 9106's recommendations)."""

from __future__ import annotations

import hmac
from dataclasses import dataclass, field

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

_hasher = PasswordHasher()


def use_hasher(hasher: PasswordHasher) -> None:
    """Swap the hasher (tests use cheaper parameters; stored hashes carry their own parameters)."""
    global _hasher
    _hasher = hasher


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    try:
        return _hasher.check_needs_rehash(stored_hash)
    except InvalidHashError:
        return True


@dataclass(frozen=True)
class CheckedAhead:
    """A password already checked against an account's stored hash, in another thread while the sign-in went on
    (services/unlocking.py): the answer stands only for that very hash and that very password (``matches``)."""

    stored_hash: str
    password: str = field(repr=False)
    matches: bool


def matches(stored_hash: str, password: str, ahead: CheckedAhead | None = None) -> bool:
    """``verify_password``, or the answer ``ahead`` already has for the same stored hash and password."""
    if (
        ahead is not None
        and ahead.stored_hash == stored_hash
        and hmac.compare_digest(ahead.password.encode("utf-8"), password.encode("utf-8"))
    ):
        return ahead.matches
    return verify_password(stored_hash, password)
