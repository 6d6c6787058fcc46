"""Writing exchange files by hand, damaged in a chosen way, to see the reader refuse them."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import warnings
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from nacl.public import PrivateKey
from nacl.signing import SigningKey

from desktop_app.sync.container import DISTRICT_BUNDLE, REGION_PACKAGE, PackageHeader
from desktop_app.sync.package_writer import write_package

REGION_SIGNING = SigningKey(bytes(range(32)))
REGION_ENCRYPTION = PrivateKey(bytes(range(1, 33)))
DISTRICT_SIGNING = SigningKey(bytes(range(2, 34)))
STRANGER_SIGNING = SigningKey(bytes(range(3, 35)))
STRANGER_ENCRYPTION = PrivateKey(bytes(range(4, 36)))
CREATED = datetime(2026, 11, 23, 10, 15, tzinfo=UTC)
RECORDS: dict[str, list[dict[str, Any]]] = {
    "families": [
        {"id": "0b7c1c1e-1", "name": "Семья Ивановых", "members": 4, "updated_at": "2026-11-20T09:00:00+00:00"},
        {"id": "0b7c1c1e-2", "name": "Семья Петровых «ёлка»", "members": 3, "notes": None, "ok": True},
    ],
    "indicator_values": [{"id": "v1", "value": 12.5, "period": "2026-H1"}],
    "districts": [],
}
ATTACHMENT_BYTES = "Акт обследования условий жизни".encode() * 40
ATTACHMENT_FILE_BYTES = bytes(range(256)) * 300
SOURCE_INSTALLATION = "5b0c7a9e-1c2d-4e5f-8a9b-0c1d2e3f4a5b"
# every field FORMAT.md requires but the ones write_package fills in (format, kind, counts, members, key …)
MANIFEST: dict[str, Any] = {
    "source": {
        "installation": SOURCE_INSTALLATION,
        "kind": "district",
        "region_code": "29",
        "district": "Плесецкий",
        "name": "Плесецкий",
    },
    "target_region": "29",
    "created_at": CREATED.isoformat(),
    "app_version": "0.5.0",
    "schema_version": "0008",
    "sequence": 17,
    "periods": ["2026-H1"],
    "complete": True,
    "attachments": {"included": 0, "at_recipient": 0, "later": 0},
}
REGION_SOURCE = {**MANIFEST["source"], "kind": "region", "district": ""}


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def header(kind: str = DISTRICT_BUNDLE) -> PackageHeader:
    return PackageHeader.make(
        kind=kind,
        region_code="29",
        source_installation=SOURCE_INSTALLATION,
        source_name="Плесецкий",
        created_at=CREATED,
    )


def write_bundle(path: Path, attachment_file: Path | None = None) -> str:
    """A district bundle sealed to the region: data and two attachments (one from a file when given)."""
    attachments: dict[str, Path | bytes] = {sha(ATTACHMENT_BYTES): ATTACHMENT_BYTES}
    if attachment_file is not None:
        attachment_file.write_bytes(ATTACHMENT_FILE_BYTES)
        attachments[sha(ATTACHMENT_FILE_BYTES)] = attachment_file
    return write_package(
        path,
        header=header(),
        manifest=dict(MANIFEST),
        data=RECORDS,
        attachments=attachments,
        signing=DISTRICT_SIGNING,
        recipient=REGION_ENCRYPTION.public_key,
    )


def write_region_package(path: Path) -> str:
    return write_package(
        path,
        header=header(REGION_PACKAGE),
        manifest=dict(MANIFEST, source=REGION_SOURCE),
        data=RECORDS,
        attachments={sha(ATTACHMENT_BYTES): ATTACHMENT_BYTES},
        signing=REGION_SIGNING,
        recipient=None,
    )


def zip_bytes(members: list[tuple[str, bytes]], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A zip with exactly these members in this order, repeated names included."""
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about a repeated name, which is the point
        with zipfile.ZipFile(buffer, "w", compression) as archive:
            for name, content in members:
                archive.writestr(zipfile.ZipInfo(name, (2026, 11, 23, 10, 15, 0)), content, compression)
    return buffer.getvalue()


def members_of(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def outer_parts(path: Path) -> tuple[dict[str, Any], bytes]:
    """The header (parsed) and the payload of an exchange file."""
    (_, header_bytes), (_, payload) = members_of(path.read_bytes())
    return json.loads(header_bytes), payload


def write_outer(path: Path, header_json: dict[str, Any], payload: bytes) -> Path:
    header_bytes = json.dumps(header_json, ensure_ascii=False).encode()
    path.write_bytes(zip_bytes([("opeka-exchange.json", header_bytes), ("payload", payload)], zipfile.ZIP_STORED))
    return path


def signed_inner(
    members: list[tuple[str, bytes]],
    signing: SigningKey = REGION_SIGNING,
    kind: str = REGION_PACKAGE,
    manifest_changes: dict[str, Any] | None = None,
    hashes: dict[str, str] | None = None,
    compression: int = zipfile.ZIP_DEFLATED,
) -> bytes:
    """An inner package with a manifest listing ``members`` and signed properly, so that the check that
    refuses it is a later one."""
    manifest = dict(MANIFEST, format="opeka-exchange", format_version=1, kind=kind)
    if kind == REGION_PACKAGE:
        manifest["source"] = REGION_SOURCE
    manifest["counts"] = {name[5:-5]: count for name, content in members if (count := _records_in(name, content))}
    manifest["attachments"] = dict(
        MANIFEST["attachments"], included=sum(name.startswith("attachments/") for name, _ in members)
    )
    manifest["members"] = hashes if hashes is not None else {name: sha(content) for name, content in members}
    manifest["signing_key"] = base64.b64encode(bytes(signing.verify_key)).decode()
    manifest.update(manifest_changes or {})
    manifest_bytes = json.dumps(manifest, ensure_ascii=False, sort_keys=True).encode()
    signature = base64.b64encode(signing.sign(manifest_bytes).signature)
    return zip_bytes([("manifest.json", manifest_bytes), ("manifest.sig", signature), *members], compression)


def _records_in(name: str, content: bytes) -> int:
    """How many records a data member holds, as its manifest counts them (0 for anything else)."""
    try:
        records = json.loads(content) if name.startswith("data/") else None
    except (ValueError, RecursionError):
        return 0
    return len(records) if isinstance(records, list) else 0


def region_file(path: Path, inner: bytes, **header_changes: Any) -> Path:
    """An unencrypted region package around ``inner``."""
    header_json = header(REGION_PACKAGE).to_json() | header_changes
    return write_outer(path, header_json, inner)
