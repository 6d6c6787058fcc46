"""Keys of an installation (FORMAT.md, «Keys»): an Ed25519 signing key for every installation and an X25519
encryption key pair where bundles are sealed to it (the region, an office's main PC).

They live in the data folder's ``keys/`` as base64 text, readable only by the user, and are never replaced
silently: a damaged or half-missing set is an error the administrator resolves from a backup. The backup
is one JSON file whose secret part is sealed with a key derived from a password by Argon2id.
"""

from __future__ import annotations

import base64
import hashlib
import json
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nacl.exceptions
import nacl.pwhash
import nacl.utils
from nacl.public import PrivateKey, PublicKey
from nacl.secret import SecretBox
from nacl.signing import SigningKey, VerifyKey

from desktop_app.core.atomic import write_atomically
from desktop_app.core.input_files import FileTooLarge, NotARegularFile, open_regular_file, read_regular_file
from desktop_app.core.os_errors import describe_os_error
from desktop_app.domain.errors import UserError, ValidationError

SIGNING_FILE = "signing.key"
ENCRYPTION_FILE = "encryption.key"
BACKUP_FORMAT = "opeka-keys"
BACKUP_VERSION = 1
MIN_PASSWORD_LENGTH = 10
OPSLIMIT_DEFAULT = nacl.pwhash.argon2id.OPSLIMIT_MODERATE
MEMLIMIT_DEFAULT = nacl.pwhash.argon2id.MEMLIMIT_MODERATE  # 256 MiB, under a second on an office PC
_MAX_BACKUP_BYTES = 64 * 1024
_KEY_BYTES = 32
_MAX_KEY_FILE_BYTES = 4096  # base64 of 32 bytes and a line break; anything larger is not a key
_WRONG_PASSWORD = "Неверный пароль или повреждённый файл ключей."


@dataclass(frozen=True)
class InstallationKeys:
    """The private keys of this installation; ``encryption`` is None where nothing is sealed to it."""

    signing: SigningKey
    encryption: PrivateKey | None = None

    @property
    def signing_public_b64(self) -> str:
        return b64(bytes(self.signing.verify_key))

    @property
    def encryption_public_b64(self) -> str | None:
        return None if self.encryption is None else b64(bytes(self.encryption.public_key))


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str, size: int | None = None) -> bytes:
    """Strict base64 (no stray characters); ValueError when malformed or not ``size`` bytes long."""
    raw = base64.b64decode(text.strip().encode("ascii"), validate=True)
    if size is not None and len(raw) != size:
        raise ValueError(f"expected {size} bytes, got {len(raw)}")
    return raw


def exact_b64(text: object, size: int) -> bytes:
    """What FORMAT.md calls base64 in an exchange file: the standard alphabet, padded, nothing around it, and the
    one spelling of its bytes (``b64`` of the result gives the text back); ValueError for anything else."""
    if not isinstance(text, str) or not text.isascii():
        raise ValueError("not an ASCII text")
    raw = base64.b64decode(text, validate=True)
    if len(raw) != size or b64(raw) != text:
        raise ValueError(f"not the standard padded base64 of {size} bytes")
    return raw


def verify_key_from_b64(text: str) -> VerifyKey:
    """A public signing key from its base64 form; ValueError when it is not one."""
    return VerifyKey(unb64(text, _KEY_BYTES))


def public_key_from_b64(text: str) -> PublicKey:
    """A public encryption key from its base64 form; ValueError when it is not one."""
    return PublicKey(unb64(text, _KEY_BYTES))


def fingerprint(public_key_b64: str) -> str:
    """A short form of a public key for people to compare by eye or by phone: «3fa2 91c0 7d11 e4b8»
    (the first 64 bits of the SHA-256 of the key's bytes). ValueError when the text is not base64."""
    digest = hashlib.sha256(unb64(public_key_b64)).hexdigest()[:16]
    return " ".join(digest[i : i + 4] for i in range(0, 16, 4))


def generate_keys(with_encryption: bool) -> InstallationKeys:
    """Fresh keys: a signing key, and an encryption key pair when asked for."""
    return InstallationKeys(SigningKey.generate(), PrivateKey.generate() if with_encryption else None)


def load_or_create_keys(folder: Path, with_encryption: bool) -> InstallationKeys:
    """The keys kept in ``folder``, created on first use (the encryption key is added when asked for and
    missing). A damaged file, or an encryption key without its signing key, is a UserError, never a new key."""
    signing_raw = _read_key(folder / SIGNING_FILE)
    encryption_raw = _read_key(folder / ENCRYPTION_FILE)
    if signing_raw is None and encryption_raw is not None:
        raise UserError(
            f"В папке ключей «{folder}» нет файла {SIGNING_FILE}, хотя ключ шифрования есть: восстановите ключи"
            " из резервной копии."
        )
    if signing_raw is None:
        signing = SigningKey.generate()
        _write_key(folder / SIGNING_FILE, bytes(signing))
    else:
        signing = SigningKey(signing_raw)
    encryption = PrivateKey(encryption_raw) if encryption_raw is not None else None
    if encryption is None and with_encryption:
        encryption = PrivateKey.generate()
        _write_key(folder / ENCRYPTION_FILE, bytes(encryption))
    return InstallationKeys(signing, encryption)


def save_keys(folder: Path, keys: InstallationKeys) -> None:
    """Write ``keys`` into ``folder``, replacing what is there: restoring a backup is the administrator's
    explicit decision. An installation without an encryption key keeps any encryption key file it has."""
    _write_key(folder / SIGNING_FILE, bytes(keys.signing))
    if keys.encryption is not None:
        _write_key(folder / ENCRYPTION_FILE, bytes(keys.encryption))


def _read_key(path: Path) -> bytes | None:
    try:
        text = read_regular_file(path, _MAX_KEY_FILE_BYTES)
    except NotARegularFile:
        if path.exists() or path.is_symlink():
            raise UserError(f"Файл ключа «{path}» — не обычный файл: восстановите ключи из резервной копии.") from None
        return None
    except FileTooLarge:
        raise UserError(f"Файл ключа «{path}» повреждён: восстановите ключи из резервной копии.") from None
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise UserError(f"Не удалось прочитать файл ключа «{path}»: {describe_os_error(exc)}.") from None
    try:
        return unb64(text.decode("ascii"), _KEY_BYTES)
    except (UnicodeDecodeError, ValueError):  # binascii.Error is a ValueError
        raise UserError(f"Файл ключа «{path}» повреждён: восстановите ключи из резервной копии.") from None


def _write_key(path: Path, raw: bytes) -> None:
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"Не удалось создать папку ключей «{path.parent}»: {describe_os_error(exc)}.") from None
    _write_private(path, (b64(raw) + "\n").encode("ascii"), "файл ключа")


def _write_private(path: Path, content: bytes, what: str) -> None:
    def write(temporary: Path) -> None:
        temporary.chmod(0o600)  # mkstemp already makes it so on POSIX; Windows keeps it writable
        temporary.write_bytes(content)

    write_atomically(path, write, what)


def check_backup_password(password: str) -> None:
    """ValidationError when the password is too short to protect a backup of the keys."""
    if len(password) < MIN_PASSWORD_LENGTH:
        message = f"Пароль резервной копии ключей должен быть не короче {MIN_PASSWORD_LENGTH} символов."
        raise ValidationError(message, {"password": message})


def export_keys(
    keys: InstallationKeys,
    path: Path,
    password: str,
    *,
    opslimit: int = OPSLIMIT_DEFAULT,
    memlimit: int = MEMLIMIT_DEFAULT,
) -> None:
    """Write a password-protected backup of ``keys`` to ``path`` (the public keys stay readable in it)."""
    check_backup_password(password)
    salt = nacl.utils.random(nacl.pwhash.argon2id.SALTBYTES)
    secret = {
        "signing": b64(bytes(keys.signing)),
        "encryption": None if keys.encryption is None else b64(bytes(keys.encryption)),
    }
    box = SecretBox(password_key(password, salt, opslimit, memlimit))
    document = {
        "format": BACKUP_FORMAT,
        "version": BACKUP_VERSION,
        "kdf": "argon2id",
        "salt": b64(salt),
        "opslimit": opslimit,
        "memlimit": memlimit,
        "cipher": "xsalsa20-poly1305",
        "ciphertext": b64(bytes(box.encrypt(json.dumps(secret, sort_keys=True).encode("ascii")))),
        "signing_public": keys.signing_public_b64,
        "encryption_public": keys.encryption_public_b64,
    }
    text = json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    _write_private(path, text.encode("utf-8"), "резервную копию ключей")


def import_keys(path: Path, password: str) -> InstallationKeys:
    """The keys in a backup written by ``export_keys``; UserError for a wrong password or a damaged file."""
    document = _read_backup(path)
    try:
        salt = unb64(str(document["salt"]), nacl.pwhash.argon2id.SALTBYTES)
        opslimit, memlimit = document["opslimit"], document["memlimit"]
        ciphertext = unb64(str(document["ciphertext"]))
    except (KeyError, ValueError):
        raise UserError(_WRONG_PASSWORD) from None
    if not kdf_limits_allowed(opslimit, memlimit):
        raise UserError(_WRONG_PASSWORD)
    try:
        secret = json.loads(SecretBox(password_key(password, salt, opslimit, memlimit)).decrypt(ciphertext))
        keys = InstallationKeys(
            SigningKey(unb64(secret["signing"], _KEY_BYTES)),
            None if secret["encryption"] is None else PrivateKey(unb64(secret["encryption"], _KEY_BYTES)),
        )
    except (nacl.exceptions.CryptoError, ValueError, KeyError, TypeError, AttributeError):
        raise UserError(_WRONG_PASSWORD) from None
    return keys


def _read_backup(path: Path) -> dict[str, Any]:
    not_backup = UserError(f"Файл «{path.name}» не является резервной копией ключей «Опеки-Офлайн».")
    try:
        with open_regular_file(path) as stream:  # a named pipe or a device is refused, never waited on
            raw = stream.read(_MAX_BACKUP_BYTES + 1)
    except OSError as exc:
        raise UserError(f"Не удалось прочитать файл «{path.name}»: {describe_os_error(exc)}.") from None
    if len(raw) > _MAX_BACKUP_BYTES:
        raise not_backup
    try:
        document = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise not_backup from None
    if not isinstance(document, dict) or document.get("format") != BACKUP_FORMAT:
        raise not_backup
    if document.get("version") != BACKUP_VERSION:
        raise UserError(
            f"Резервная копия ключей «{path.name}» записана более новой версией программы: обновите программу."
        )
    return document


def kdf_limits_allowed(opslimit: object, memlimit: object) -> bool:
    """The Argon2id limits read from a file are sane: a crafted file cannot ask for terabytes of memory."""
    argon = nacl.pwhash.argon2id
    return (
        type(opslimit) is int
        and type(memlimit) is int
        and argon.OPSLIMIT_MIN <= opslimit <= argon.OPSLIMIT_SENSITIVE
        and argon.MEMLIMIT_MIN <= memlimit <= argon.MEMLIMIT_SENSITIVE
    )


def password_key(password: str, salt: bytes, opslimit: int, memlimit: int) -> bytes:
    """The SecretBox key for ``password`` by Argon2id (key backups and encrypted database backups alike)."""
    # NFC: the same password typed on another system may arrive composed differently.
    secret = unicodedata.normalize("NFC", password).encode("utf-8")
    return nacl.pwhash.argon2id.kdf(SecretBox.KEY_SIZE, secret, salt, opslimit=opslimit, memlimit=memlimit)
