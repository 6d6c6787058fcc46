"""What an import checks beyond the container: region, source, pinned key, schema; and the parts of a region
package that are not tables (its keys, forms and receipts)."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.core.input_files import open_regular_file
from desktop_app.domain.errors import UserError
from desktop_app.domain.periods import format_date
from desktop_app.domain.roles import InstallationKind
from desktop_app.storage.migrate import known_revisions
from desktop_app.storage.models import Installation, SyncPeer
from desktop_app.sync import limits
from desktop_app.sync.exporter import DISTRICT_BUNDLE, REGION_PACKAGE
from desktop_app.sync.limits import shown
from desktop_app.sync.records import ENTITIES, REFERENCE


def check_header(header: Any, installation: Installation, path: Path) -> None:
    name = path.name
    if header.region_code != installation.region_code:
        raise UserError(
            f"Файл «{name}» предназначен для региона {header.region_code}, а эта установка — региона"
            f" {installation.region_code}."
        )
    if installation.kind == InstallationKind.REGION and header.kind != DISTRICT_BUNDLE:
        raise UserError(
            f"Файл «{name}» — пакет региона; региональный координатор принимает пакеты муниципальных образований."
        )
    if header.source_installation == installation.id:
        raise UserError(f"Файл «{name}» выгружен этой же установкой: загружать его сюда не нужно.")


def check_source(manifest: dict[str, Any], installation: Installation, path: Path) -> None:
    """Check 7 on a manifest that passed the contract (desktop_app/sync/contract.py): every field is there."""
    name = path.name
    schema, source = manifest["schema_version"], manifest["source"]
    if schema not in known_revisions():  # four digits, one revision after another: unknown here is newer
        raise UserError(
            f"Файл «{name}» сделан более новой версией программы (схема {shown(schema, 40)}): обновите программу."
        )
    if manifest["target_region"] != installation.region_code:
        raise UserError(f"Файл «{name}» адресован другому региону.")
    if installation.kind == InstallationKind.DISTRICT and manifest["kind"] == DISTRICT_BUNDLE:
        if source["district"] != (installation.district_name or ""):
            other = shown(source["district"])
            raise UserError(
                f"Файл «{name}» — пакет другого муниципального образования ({other}); сюда"
                " можно загрузить только пакет второго рабочего места своего отдела."
            )


def check_pin(
    session: Session, peer: SyncPeer | None, key: str, manifest: dict[str, Any], path: Path, one_key_per_district: bool
) -> None:
    """The file's signing key against the one pinned for its source. At the region a district has one key
    whichever installation signs; at an office's main PC every workstation has its own; at a district the
    region has one key, whichever installation id a package names."""
    source = manifest["source"]
    pinned = peer.signing_key if peer is not None else ""
    district = source["district"]
    if not pinned and (district and one_key_per_district or manifest["kind"] == REGION_PACKAGE):
        same = SyncPeer.district == district if manifest["kind"] == DISTRICT_BUNDLE else SyncPeer.kind == "region"
        other = session.scalar(select(SyncPeer).where(same, SyncPeer.signing_key != "", SyncPeer.signing_key != key))
        pinned = other.signing_key if other is not None else ""
    if pinned and pinned != key:
        source_name = shown(source["name"] or district)
        raise UserError(
            f"Файл «{path.name}» подписан другим ключом, чем прежние пакеты «{source_name}»."
            " Если установку переустановили, администратор может закрепить новый ключ в разделе «Обмен»."
        )


REGION_DATA = ("region_keys", "districts", "forms", "receipts")  # data of a region package that is not a table


def check_entities(data: dict[str, list[dict[str, Any]]], kind: str, path: Path) -> None:
    """A district bundle carries the tables of ENTITIES, a region package those of REFERENCE and REGION_DATA;
    any other name refuses the file (a new kind of record comes with a new schema_version)."""
    allowed = [spec.name for spec in ENTITIES] if kind == DISTRICT_BUNDLE else [spec.name for spec in REFERENCE]
    if kind == REGION_PACKAGE:
        allowed += REGION_DATA
    if unknown := sorted(set(data) - set(allowed)):
        what = "пакете муниципального образования" if kind == DISTRICT_BUNDLE else "пакете региона"
        raise UserError(
            f"Файл «{path.name}» отклонён: записи «{shown(unknown[0])}» в {what} не предусмотрены форматом обмена."
        )


def region_keys(data: dict[str, list[dict[str, Any]]], manifest: dict[str, Any], path: Path) -> dict[str, str]:
    """The region's public keys from its package: exactly one object naming the package's own installation,
    region and signing key, and an encryption key; anything else refuses the package."""
    if manifest["kind"] != REGION_PACKAGE:
        return {}
    from desktop_app.sync.keys import exact_b64

    rows = data.get("region_keys")
    row = rows[0] if isinstance(rows, list) and len(rows) == 1 and isinstance(rows[0], dict) else {}
    fields = ("installation", "region_code", "signing_key", "encryption_key")
    try:
        if sorted(row) != sorted(fields):
            raise ValueError("not the four fields")
        exact_b64(row["encryption_key"], 32)
    except ValueError:
        raise UserError(f"Файл «{path.name}» отклонён: ключи региона (region_keys) в нём записаны неверно.") from None
    signed = (manifest["source"]["installation"], manifest["target_region"], manifest["signing_key"])
    if (row["installation"], row["region_code"], row["signing_key"]) != signed:
        raise UserError(f"Файл «{path.name}» отклонён: ключи региона (region_keys) не совпадают с подписью пакета.")
    return {"signing_key": row["signing_key"], "encryption_key": row["encryption_key"]}


def newer_forms(raw_forms: Any, folder: Path | None, path: Path) -> list[tuple[str, int, bytes]]:
    """The region's forms that are new here or newer than the version here, each checked as a form file."""
    from desktop_app.formkit import load_catalogue
    from desktop_app.formkit.loader import parse_form

    if folder is None or not isinstance(raw_forms, list):
        return []
    here = {form.id: form.version for form in load_catalogue(received=folder).forms}
    newer = []
    for item in raw_forms:
        definition = item.get("definition") if isinstance(item, dict) else None
        form = parse_form(definition, f"{path.name}: форма {item.get('id') if isinstance(item, dict) else ''}")
        if here.get(form.id, 0) < form.version:
            newer.append((form.id, form.version, json.dumps(definition, ensure_ascii=False, indent=2).encode("utf-8")))
    return newer


def write_forms(forms: tuple[tuple[str, int, bytes], ...], folder: Path | None) -> None:
    """Received forms go into the data folder's forms/; a file name from the form id, never from the file."""
    if folder is None or not forms:
        return
    from desktop_app.core.atomic import write_atomically

    folder.mkdir(parents=True, exist_ok=True)
    for form_id, _, raw in forms:
        safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in form_id)[:80] or "form"
        write_atomically(folder / f"{safe}.json", partial(Path.write_bytes, data=raw), "форму из пакета региона")


def header_source(path: Path) -> dict[str, str]:
    """Who sent a refused file, when its header can still be read: the region's receipts name it."""
    from desktop_app.sync.container import read_header

    try:
        header = read_header(path)
    except UserError:
        return {}
    return {"source_installation": header.source_installation, "source_name": header.source_name}


def own_receipts(raw: Any, installation_id: str) -> list[dict[str, Any]]:
    if not isinstance(raw, list):
        return []
    fields = ("file_name", "file_sha256", "sequence", "at", "result", "message")
    return [
        {key: item.get(key) for key in fields}
        for item in raw
        if isinstance(item, dict) and item.get("installation") == installation_id
    ]


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    try:
        # a regular file within the size limit only: a link to /dev/zero or a named pipe has no hash to log
        with open_regular_file(path, limits.MAX_FILE_BYTES) as stream:
            for block in iter(lambda: stream.read(1 << 20), b""):
                digest.update(block)
    except (OSError, UserError):
        return ""
    return digest.hexdigest()


def older_package(peer: SyncPeer | None, kind: str, sequence: int, created_at: datetime | None) -> str:
    """The sentence a region package older than the one already loaded gets, or "" for any other file.

    Such a package would put back the region's older receipts (the next bundle would send again documents
    the region has) and older reference data, so it changes nothing at all. A district's older bundle at the
    region is not refused: the merge keeps the newer records, and its documents may still be missing there."""
    if kind != REGION_PACKAGE or peer is None or sequence >= peer.last_sequence:
        return ""
    this = f"№ {sequence} от {_day(created_at)}" if created_at else f"№ {sequence}"
    if peer.last_created_at is not None:
        loaded = f"№ {peer.last_sequence} от {_day(peer.last_created_at)}"
    elif peer.last_received_at is not None:  # taken by a version that did not remember when it was made
        loaded = f"№ {peer.last_sequence}, загружен {_day(peer.last_received_at)}"
    else:
        loaded = f"№ {peer.last_sequence}"
    return f"Этот пакет региона ({this}) старше уже загруженного ({loaded}); ничего не изменено."


def created_at(manifest: dict[str, Any]) -> datetime:
    """When the file was made, from the signed manifest (its spelling checked by the contract)."""
    return datetime.fromisoformat(manifest["created_at"])


def _day(moment: datetime) -> str:
    return format_date(moment.astimezone().date())


def listed_periods(manifest: dict[str, Any]) -> tuple[str, ...]:
    return tuple(manifest["periods"])


def protected_entities(at_region: bool, kind: str) -> frozenset[str]:
    """Entities whose records here that never came from the file's source stay untouched: at a district,
    everything in a region package (the district's own reference data) and the reference data in a
    workstation's bundle (it comes from the region, not from the workstation)."""
    if at_region:
        return frozenset()
    return frozenset(spec.name for spec in (ENTITIES if kind == REGION_PACKAGE else REFERENCE))
