"""Password-encrypted backup copies (``*.zip.sealed``): the key backups' construction (sync/keys.py: a key
derived from the password by Argon2id, XSalsa20-Poly1305 SecretBox) applied to the zip in 1 MiB chunks, so
a copy of any size is encrypted and checked without holding it in memory.

Layout: the magic line, a 4-byte big-endian length and a JSON header (salt, Argon2id limits, chunk size, a
random 16-byte nonce prefix), then chunks, each a 4-byte length and a SecretBox ciphertext. A chunk's nonce
is the prefix, its 7-byte number and a last-chunk flag, so chunks cannot be reordered, dropped or cut off
without decryption failing.
"""

from __future__ import annotations

import json
import struct
from pathlib import Path
from typing import BinaryIO

import nacl.exceptions
import nacl.pwhash
import nacl.utils
from nacl.secret import SecretBox

from desktop_app.domain.errors import UserError, ValidationError
from desktop_app.sync.keys import MEMLIMIT_DEFAULT, OPSLIMIT_DEFAULT, b64, kdf_limits_allowed, password_key, unb64

MAGIC = b"OPEKA-BACKUP-SEALED-1\n"
CHUNK = 1024 * 1024
MIN_PASSWORD_LENGTH = 10
OPSLIMIT = OPSLIMIT_DEFAULT  # the key backups' limits; tests lower them
MEMLIMIT = MEMLIMIT_DEFAULT
_MAX_HEADER = 4096
_PREFIX_BYTES = 16
_LENGTH = struct.Struct(">I")
WRONG_PASSWORD = "Неверный пароль или повреждённая резервная копия: ничего не изменено."


def check_password(password: str) -> None:
    """ValidationError when the password is too short to protect a copy of personal data."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(f"Пароль резервной копии должен быть не короче {MIN_PASSWORD_LENGTH} символов.")


def is_sealed(path: Path) -> bool:
    """True when ``path`` starts as an encrypted copy does."""
    with path.open("rb") as stream:
        return stream.read(len(MAGIC)) == MAGIC


def seal_file(source: Path, target: Path, password: str) -> None:
    """Encrypt ``source`` into ``target`` with ``password`` (Argon2id limits: ``OPSLIMIT``, ``MEMLIMIT``)."""
    check_password(password)
    opslimit, memlimit = OPSLIMIT, MEMLIMIT
    salt = nacl.utils.random(nacl.pwhash.argon2id.SALTBYTES)
    prefix = nacl.utils.random(_PREFIX_BYTES)
    header = {
        "kdf": "argon2id",
        "salt": b64(salt),
        "opslimit": opslimit,
        "memlimit": memlimit,
        "cipher": "xsalsa20-poly1305",
        "chunk": CHUNK,
        "nonce_prefix": b64(prefix),
    }
    box = SecretBox(password_key(password, salt, opslimit, memlimit))
    encoded = json.dumps(header, sort_keys=True).encode("ascii")
    with source.open("rb") as reader, target.open("wb") as writer:
        writer.write(MAGIC + _LENGTH.pack(len(encoded)) + encoded)
        number = 0
        chunk = reader.read(CHUNK)
        while True:
            following = reader.read(CHUNK)
            last = not following
            sealed = box.encrypt(chunk, _nonce(prefix, number, last)).ciphertext
            writer.write(_LENGTH.pack(len(sealed)) + sealed)
            if last:
                break
            chunk, number = following, number + 1


def unseal_file(source: Path, target: Path, password: str) -> None:
    """Decrypt a copy written by ``seal_file``; UserError for a wrong password or a damaged, cut-off file."""
    with source.open("rb") as reader, target.open("wb") as writer:
        if reader.read(len(MAGIC)) != MAGIC:
            raise UserError("Файл не является зашифрованной резервной копией «Опеки-Офлайн».")
        box, prefix, chunk_size = _open_header(reader, password)
        number = 0
        while True:
            raw_length = reader.read(_LENGTH.size)
            if len(raw_length) != _LENGTH.size:
                raise UserError("Резервная копия обрезана или повреждена: ничего не изменено.")
            (length,) = _LENGTH.unpack(raw_length)
            if length > chunk_size + SecretBox.MACBYTES:
                raise UserError(WRONG_PASSWORD)
            sealed = reader.read(length)
            plain, last = _decrypt_chunk(box, prefix, number, sealed)
            writer.write(plain)
            if last:
                break
            number += 1
        if reader.read(1):
            raise UserError(WRONG_PASSWORD)


def _open_header(reader: BinaryIO, password: str) -> tuple[SecretBox, bytes, int]:
    raw_length = reader.read(_LENGTH.size)
    (length,) = _LENGTH.unpack(raw_length) if len(raw_length) == _LENGTH.size else (0,)
    if not 0 < length <= _MAX_HEADER:
        raise UserError(WRONG_PASSWORD)
    try:
        header = json.loads(reader.read(length).decode("ascii"))
        salt = unb64(str(header["salt"]), nacl.pwhash.argon2id.SALTBYTES)
        prefix = unb64(str(header["nonce_prefix"]), _PREFIX_BYTES)
        opslimit, memlimit, chunk_size = header["opslimit"], header["memlimit"], header["chunk"]
    except (UnicodeDecodeError, ValueError, KeyError, TypeError, RecursionError):
        raise UserError(WRONG_PASSWORD) from None
    if not kdf_limits_allowed(opslimit, memlimit) or type(chunk_size) is not int or not 0 < chunk_size <= CHUNK * 16:
        raise UserError(WRONG_PASSWORD)
    return SecretBox(password_key(password, salt, opslimit, memlimit)), prefix, chunk_size


def _decrypt_chunk(box: SecretBox, prefix: bytes, number: int, sealed: bytes) -> tuple[bytes, bool]:
    for last in (False, True):
        try:
            return box.decrypt(sealed, _nonce(prefix, number, last)), last
        except nacl.exceptions.CryptoError:
            continue
    raise UserError(WRONG_PASSWORD)


def _nonce(prefix: bytes, number: int, last: bool) -> bytes:
    return prefix + number.to_bytes(7, "big") + (b"\x01" if last else b"\x00")
