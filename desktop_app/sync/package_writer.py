"""Writing the exchange file of FORMAT.md (container.py holds its parts and reads it): the signed manifest, data
and attachments in an inner zip, sealed to the recipient for a district bundle, inside an outer zip with the header.

The writer runs the reader's checks on what it writes (the manifest's contract, the inner zip's limits), so it
never writes a file that an installation would refuse.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
import zipfile
from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC
from pathlib import Path
from typing import IO, Any

from nacl.public import PublicKey, SealedBox
from nacl.signing import SigningKey

from desktop_app.core.atomic import write_atomically
from desktop_app.core.os_errors import describe_os_error
from desktop_app.domain.errors import UserError
from desktop_app.sync import limits
from desktop_app.sync.container import (
    DATA_MEMBER,
    HEADER_MEMBER,
    MANIFEST,
    PAYLOAD_MEMBER,
    SHA256_HEX,
    SIGNATURE,
    PackageHeader,
    check_inner,
)
from desktop_app.sync.contract import (
    DISTRICT_BUNDLE,
    FORMAT,
    FORMAT_VERSION,
    NO_ENCRYPTION,
    SEALED_BOX,
    check_manifest,
)
from desktop_app.sync.keys import b64


def write_package(
    path: Path,
    *,
    header: PackageHeader,
    manifest: dict[str, Any],
    data: Mapping[str, list[dict[str, Any]]],
    attachments: Mapping[str, Path | bytes],
    signing: SigningKey,
    recipient: PublicKey | None,
) -> str:
    """Write an exchange file whole or not at all; returns the SHA-256 (hex) of the file written.

    Args:
        manifest: the caller's fields (source, target_region, sequence …); ``format``, ``format_version``,
            ``kind``, ``members`` and ``signing_key`` are filled in here.
        attachments: SHA-256 hex → the bytes, or a file streamed from disk.
        recipient: the key a district bundle is sealed to; None for a region package.
    """
    if (header.kind == DISTRICT_BUNDLE) != (recipient is not None):
        raise ValueError("a district bundle is sealed to a recipient, a region package is not (FORMAT.md)")
    header = replace(
        header,
        encryption=NO_ENCRYPTION if recipient is None else SEALED_BOX,
        recipient_key="" if recipient is None else b64(bytes(recipient)),
    )
    members = _inner_members(header, manifest, data, attachments, signing)
    moment = header.created_at.astimezone(UTC)
    when = max(
        (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second), (1980, 1, 1, 0, 0, 0)
    )
    try:
        with tempfile.TemporaryFile() as inner:
            infos, digests = limits.write_members(inner, members, when)
            check_inner(infos)
            for name, digest in digests.items():
                if digest != name.removeprefix("attachments/"):  # the store on disk is damaged, or changed meanwhile
                    raise UserError(f"Вложение «{members[name]!s}» повреждено: контрольная сумма не совпадает.")
            if recipient is None:
                payload: bytes | IO[bytes] = inner
            else:
                inner.seek(0)
                payload = SealedBox(recipient).encrypt(inner.read())
            return _write_outer(path, _json(header.to_json(), indent=2), payload, when)
    except limits.LimitBreach as breach:
        raise UserError(f"Пакет «{path.name}» не записан: {breach.problem}.") from None
    except OSError as exc:
        where = f" («{exc.filename}»)" if exc.filename else ""
        raise UserError(f"Не удалось записать пакет «{path.name}»: {describe_os_error(exc)}{where}.") from None


def _inner_members(
    header: PackageHeader,
    manifest: dict[str, Any],
    data: Mapping[str, list[dict[str, Any]]],
    attachments: Mapping[str, Path | bytes],
    signing: SigningKey,
) -> dict[str, bytes | Path]:
    """The members of the inner package in their order: the signed manifest first, then data, attachments."""
    members: dict[str, bytes | Path] = {}
    hashes: dict[str, str] = {}
    for entity, records in data.items():
        if not DATA_MEMBER.fullmatch(name := f"data/{entity}.json"):
            raise ValueError(f"entity name {entity!r} is not allowed in a package")
        members[name] = encoded = _json(records)
        hashes[name] = hashlib.sha256(encoded).hexdigest()
    for sha256, content in attachments.items():
        if not SHA256_HEX.fullmatch(sha256):
            raise ValueError(f"attachment name {sha256!r} is not a lower-case SHA-256")
        if isinstance(content, bytes) and hashlib.sha256(content).hexdigest() != sha256:
            raise ValueError(f"attachment {sha256} does not hold the content of that hash")
        members[f"attachments/{sha256}"] = content  # a file is checked as it is streamed
        hashes[f"attachments/{sha256}"] = sha256
    full = {**manifest, "format": FORMAT, "format_version": FORMAT_VERSION, "kind": header.kind}
    # what the file holds is counted here, from what is written, never taken from the caller
    full["counts"] = {entity: len(records) for entity, records in data.items() if records}
    if isinstance(full.get("attachments"), dict):
        full["attachments"] = {**full["attachments"], "included": len(attachments)}
    full.update(members=hashes, signing_key=b64(bytes(signing.verify_key)))
    check_manifest(full, header)  # a ContractError is a ValueError: the caller's mistake, never a file written
    manifest_bytes = _json(full, indent=2)
    signature = b64(signing.sign(manifest_bytes).signature).encode("ascii")
    return {MANIFEST: manifest_bytes, SIGNATURE: signature, **members}


def _write_outer(path: Path, header: bytes, payload: bytes | IO[bytes], when: limits.DateTime) -> str:
    """The outer zip, members stored, written atomically; the SHA-256 of the file as written."""
    digests: list[str] = []

    def write(temporary: Path) -> None:
        with zipfile.ZipFile(temporary, "w", zipfile.ZIP_STORED) as archive:
            archive.writestr(zipfile.ZipInfo(HEADER_MEMBER, when), header)
            if isinstance(payload, bytes):
                archive.writestr(zipfile.ZipInfo(PAYLOAD_MEMBER, when), payload)
            else:
                payload.seek(0)
                with archive.open(zipfile.ZipInfo(PAYLOAD_MEMBER, when), "w") as target:
                    shutil.copyfileobj(payload, target, limits.CHUNK)
        if temporary.stat().st_size > limits.MAX_FILE_BYTES:
            raise UserError(
                f"Пакет «{path.name}» не записан: он больше {limits.MAX_FILE_BYTES // limits.MIB} МБ, а такой файл"
                " не примет ни одна установка."
            )
        with temporary.open("rb") as stream:
            digests.append(hashlib.file_digest(stream, "sha256").hexdigest())

    write_atomically(path, write, "файл обмена")
    return digests[0]


def _json(value: Any, indent: int | None = None) -> bytes:
    separators = None if indent else (",", ":")
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, allow_nan=False, indent=indent, separators=separators)
    return text.encode("utf-8")
