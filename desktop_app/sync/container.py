"""The exchange file of FORMAT.md: an outer zip holding a readable header and the payload — the inner
package of a signed manifest, data and attachments — sealed to the recipient's key for district bundles.
This module holds the file's parts and reads it; package_writer.py writes it.

The reader runs checks 1–6 of «What the reader checks» in order, and every problem with the file, whatever
its bytes, ends in one PackageError naming it. The caller compares the signing key with its pin and checks
source, target and sequence (check 7): it has the database.
"""

from __future__ import annotations

import errno
import hashlib
import io
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime
from pathlib import Path
from typing import Any
from zipfile import BadZipFile

from nacl.exceptions import CryptoError
from nacl.public import PrivateKey, SealedBox
from nacl.signing import VerifyKey

from desktop_app.core.input_files import open_regular_file
from desktop_app.core.os_errors import describe_os_error
from desktop_app.domain.errors import UserError
from desktop_app.sync import limits
from desktop_app.sync.contract import (
    DISTRICT_BUNDLE,
    FORMAT,
    FORMAT_VERSION,
    KINDS,
    NO_ENCRYPTION,
    SEALED_BOX,
    ContractError,
    NotJson,
    check_contents,
    check_header_fields,
    check_manifest,
    strict_json,
)
from desktop_app.sync.contract import (
    REGION_PACKAGE as REGION_PACKAGE,  # re-exported: callers read the kinds from here
)
from desktop_app.sync.keys import b64, exact_b64

HEADER_MEMBER = "opeka-exchange.json"
PAYLOAD_MEMBER = "payload"
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
DATA_MEMBER = re.compile(r"data/([a-z][a-z0-9_]{0,63})\.json")
_ATTACHMENT = re.compile(r"attachments/([0-9a-f]{64})")
SHA256_HEX = re.compile(r"[0-9a-f]{64}")
_NOT_EXCHANGE = "не является файлом обмена: в нём должны быть заголовок и пакет, и только они."
# What a damaged or hostile file makes zipfile, zlib, json and PyNaCl raise; RecursionError (deep JSON) is a
# RuntimeError, UnicodeDecodeError, JSONDecodeError and binascii.Error are ValueErrors.
_DAMAGE = (BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError, struct.error, OverflowError)


class PackageError(UserError):
    """An exchange file that cannot be taken, with one Russian sentence naming the file and the problem."""

    exit_code = 2


def _fail(path: Path, problem: str) -> PackageError:
    return PackageError(f"Файл «{path.name}» {problem}")


@dataclass(frozen=True)
class PackageHeader:
    """The outer, unencrypted header: who wrote the file and for which region (no personal data)."""

    kind: str
    region_code: str
    source_installation: str
    source_name: str
    created_at: datetime
    encryption: str = NO_ENCRYPTION
    recipient_key: str = ""

    @classmethod
    def make(
        cls, *, kind: str, region_code: str, source_installation: str, source_name: str, created_at: datetime
    ) -> PackageHeader:
        """A header to write; encryption and recipient are filled in by ``package_writer.write_package``."""
        if kind not in KINDS or created_at.tzinfo is None:
            raise ValueError(f"bad header: kind {kind!r}, created_at {created_at!r} (must carry an offset)")
        return cls(kind, region_code, source_installation, source_name, created_at)

    def to_json(self) -> dict[str, Any]:
        document = {"format": FORMAT, "format_version": FORMAT_VERSION, **asdict(self)}
        return document | {"created_at": self.created_at.isoformat()}


@dataclass(frozen=True)
class OpenedPackage:
    """A package that passed checks 1–6: its parsed data, and attachments read on demand by their SHA-256."""

    header: PackageHeader
    manifest: dict[str, Any]
    signing_key_b64: str
    file_sha256: str
    data: dict[str, list[dict[str, Any]]]
    attachment_names: tuple[str, ...]
    _archive: zipfile.ZipFile = field(repr=False, compare=False)

    def attachment(self, sha256: str) -> bytes:
        """The bytes of one attachment (verified when the package was read); KeyError for an unknown one."""
        if sha256 not in self.attachment_names:
            raise KeyError(sha256)
        with self._archive.open(f"attachments/{sha256}") as stream:
            return stream.read()


# ------------------------------------------------------------------------------------------------ reading
def _allowed(name: str) -> bool:
    return name in (MANIFEST, SIGNATURE) or bool(DATA_MEMBER.fullmatch(name) or _ATTACHMENT.fullmatch(name))


def check_inner(infos: list[zipfile.ZipInfo]) -> None:
    """Check 4 of FORMAT.md, on the directory alone; the writer runs it too, so it never writes what is refused."""
    methods = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
    limits.check_entries(
        infos, _allowed, max_members=limits.MAX_MEMBERS, max_member_bytes=limits.MAX_MEMBER_BYTES, methods=methods
    )


@contextmanager
def _guard(path: Path, problem: str) -> Iterator[None]:
    """Every failure inside becomes one PackageError: never a traceback, whatever the file holds."""
    try:
        yield
    except limits.LimitBreach as breach:
        raise _fail(path, f"отклонён: {breach.problem}.") from None
    except OSError as exc:
        if exc.errno == errno.EINVAL:  # zipfile seeking before the start: offsets in the file are nonsense
            raise _fail(path, problem) from None
        raise PackageError(f"Не удалось прочитать файл «{path.name}»: {describe_os_error(exc)}.") from None
    except _DAMAGE:
        raise _fail(path, problem) from None


def _open_file(path: Path) -> io.BufferedReader:
    """A regular file only: a link to /dev/zero or a named pipe is refused before anything is read."""
    try:
        return open_regular_file(path)
    except UserError as exc:
        raise PackageError(str(exc)) from None


def read_header(path: Path) -> PackageHeader:
    """The header alone (checks 1 and 2), without any key: refuses another region's file before decrypting."""
    return _read_outer(path, with_payload=False)[0]


def read_package(path: Path, *, decrypt_with: PrivateKey | None) -> OpenedPackage:
    """Checks 1–6 of FORMAT.md in order; the opened package, or PackageError naming the first problem."""
    header, payload, file_sha256 = _read_outer(path, with_payload=True)
    inner = _decrypt(path, header, payload, decrypt_with)
    with _guard(path, "повреждён: содержимое пакета не читается."):
        return _open_inner(path, header, inner, file_sha256)


def _read_outer(path: Path, *, with_payload: bool) -> tuple[PackageHeader, bytes, str]:
    with _guard(path, "повреждён или обрезан: это не архив обмена."), _open_file(path) as stream:
        stream.seek(0, 2)
        if (size := stream.tell()) > limits.MAX_FILE_BYTES:
            limit = limits.MAX_FILE_BYTES // limits.MIB
            raise _fail(path, f"слишком большой ({size // limits.MIB} МБ): принимаются файлы до {limit} МБ.")
        file_sha256 = ""
        if with_payload:
            stream.seek(0)
            file_sha256 = hashlib.file_digest(stream, "sha256").hexdigest()
        try:
            limits.check_directory_size(stream, 2)
        except limits.LimitBreach:
            raise _fail(path, _NOT_EXCHANGE) from None
        with zipfile.ZipFile(stream) as outer:
            infos = outer.infolist()
            allowed = (HEADER_MEMBER, PAYLOAD_MEMBER).__contains__
            methods = [zipfile.ZIP_STORED]  # bounded by the directory size: repeated or other names come first
            limits.check_entries(infos, allowed, max_members=len(infos), max_member_bytes=size, methods=methods)
            if [info.filename for info in infos] != [HEADER_MEMBER, PAYLOAD_MEMBER]:
                raise _fail(path, _NOT_EXCHANGE)
            header = _parse_header(path, limits.read_member(outer, infos[0], limits.MAX_HEADER_BYTES))
            payload = limits.read_member(outer, infos[1], limits.MAX_FILE_BYTES) if with_payload else b""
    return header, payload, file_sha256


def _parse_header(path: Path, raw: bytes) -> PackageHeader:
    try:
        document = strict_json(raw, "заголовке пакета")
    except NotJson:
        raise _fail(path, "повреждён: заголовок пакета не читается.") from None
    except ContractError as error:
        raise _fail(path, f"отклонён: {error.problem}.") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise _fail(path, "не является файлом обмена «Опеки-Офлайн».")
    version = document.get("format_version")
    if version != FORMAT_VERSION or type(version) is not int:
        raise _fail(path, f"записан в неизвестной версии формата {limits.shown(str(version), 20)}: обновите программу.")
    if document.get("kind") not in KINDS:
        raise _fail(
            path, f"— пакет неизвестного вида «{limits.shown(str(document.get('kind')), 40)}»: обновите программу."
        )
    try:
        check_header_fields(document)
    except ContractError as error:
        raise _fail(path, f"отклонён: {error.problem}.") from None
    encryption, recipient = document["encryption"], document["recipient_key"]
    if encryption not in (SEALED_BOX, NO_ENCRYPTION) or (encryption == SEALED_BOX) != bool(recipient):
        raise _fail(path, f"зашифрован неизвестным способом «{limits.shown(encryption, 60)}»: обновите программу.")
    if recipient and not _is_key(recipient):
        raise _fail(path, "отклонён: ключ получателя (recipient_key) в заголовке записан неверно.")
    created_at = datetime.fromisoformat(document["created_at"])
    return PackageHeader(
        **{item.name: document[item.name] for item in fields(PackageHeader)} | {"created_at": created_at}
    )


def _decrypt(path: Path, header: PackageHeader, payload: bytes, key: PrivateKey | None) -> bytes:
    if header.encryption == NO_ENCRYPTION:
        if header.kind == DISTRICT_BUNDLE:
            raise _fail(path, "не зашифрован, а пакет муниципального образования должен быть зашифрован.")
        return payload
    if key is None:
        raise _fail(path, "зашифрован, а у этой установки нет ключа расшифровки.")
    if header.recipient_key != b64(bytes(key.public_key)):
        raise _fail(
            path,
            "зашифрован для другой установки: откройте его там, куда он адресован (у регионального координатора"
            " или на основном ПК отдела).",
        )
    try:
        return SealedBox(key).decrypt(payload)
    except CryptoError:
        raise _fail(path, "повреждён: расшифровать не удалось — файл изменён или обрезан.") from None


def _open_inner(path: Path, header: PackageHeader, inner: bytes, file_sha256: str) -> OpenedPackage:
    stream = io.BytesIO(inner)
    limits.check_directory_size(stream, limits.MAX_MEMBERS)
    archive = zipfile.ZipFile(stream)
    infos = archive.infolist()
    check_inner(infos)
    by_name = {info.filename: info for info in infos}
    if MANIFEST not in by_name or SIGNATURE not in by_name:
        raise _fail(path, "повреждён: в пакете нет описания (manifest.json) или его подписи (manifest.sig).")
    manifest_bytes = limits.read_member(archive, by_name[MANIFEST], limits.MAX_MANIFEST_BYTES)
    signature = limits.read_member(archive, by_name[SIGNATURE], limits.MAX_SIGNATURE_BYTES)
    manifest, key_b64, hashes = _parse_manifest(path, manifest_bytes)
    try:
        VerifyKey(exact_b64(key_b64, 32)).verify(manifest_bytes, exact_b64(signature.decode("ascii"), 64))
    except (CryptoError, ValueError):
        raise _fail(path, "не принят: подпись не сходится — файл изменён после подписания.") from None
    try:
        check_manifest(manifest, header)
    except ContractError as error:
        raise _fail(path, f"отклонён: {error.problem}.") from None
    present = set(by_name) - {MANIFEST, SIGNATURE}
    if extra := sorted(present - set(hashes)):
        raise _fail(path, f"отклонён: в архиве лишний файл «{limits.shown(extra[0])}», не указанный в описании пакета.")
    if missing := sorted(set(hashes) - present):
        raise _fail(path, f"повреждён: нет файла «{limits.shown(missing[0])}», указанного в описании пакета.")
    data: dict[str, list[dict[str, Any]]] = {}
    for info in infos:
        name = info.filename
        if name in (MANIFEST, SIGNATURE):
            continue
        raw = limits.read_member(archive, info, limits.MAX_MEMBER_BYTES) if name.startswith("data/") else None
        digest = hashlib.sha256(raw).hexdigest() if raw is not None else limits.hash_member(archive, info)
        if digest != hashes[name] or (name.startswith("attachments/") and digest != name.removeprefix("attachments/")):
            raise _fail(path, f"повреждён: файл «{name}» изменён — контрольная сумма не совпадает.")
        if raw is not None:  # parsed once its bytes are known to be the signed ones
            data[name.removeprefix("data/").removesuffix(".json")] = _records(path, name, raw)
    names = tuple(sorted(name.removeprefix("attachments/") for name in present if name.startswith("attachments/")))
    try:
        check_contents(manifest, data, len(names))
    except ContractError as error:
        raise _fail(path, f"отклонён: {error.problem}.") from None
    return OpenedPackage(header, manifest, key_b64, file_sha256, data, names, archive)


def _is_key(text: str) -> bool:
    try:
        exact_b64(text, 32)
    except ValueError:
        return False
    return True


def _parse_manifest(path: Path, raw: bytes) -> tuple[dict[str, Any], str, dict[str, str]]:
    try:
        manifest = strict_json(raw, "описании пакета (manifest.json)")
    except NotJson:
        raise _fail(path, "повреждён: описание пакета (manifest.json) не читается.") from None
    except ContractError as error:
        raise _fail(path, f"отклонён: {error.problem}.") from None
    hashes = manifest.get("members") if isinstance(manifest, dict) else None
    key = manifest.get("signing_key") if isinstance(manifest, dict) else None
    if (
        not isinstance(hashes, dict)
        or not isinstance(key, str)
        or not all(isinstance(value, str) and SHA256_HEX.fullmatch(value) for value in hashes.values())
    ):
        raise _fail(path, "повреждён: описание пакета (manifest.json) неполно.")
    return manifest, key, hashes


def _records(path: Path, name: str, raw: bytes) -> list[dict[str, Any]]:
    try:
        records = strict_json(raw, f"«{name}»")
    except NotJson:
        records = None
    except ContractError as error:
        raise _fail(path, f"отклонён: {error.problem}.") from None
    if not isinstance(records, list) or not all(isinstance(record, dict) for record in records):
        raise _fail(path, f"повреждён: «{name}» не является списком записей.")
    return records
