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


def check_source(manifest: dict[str, Any], source: dict[str, Any], installation: Installation, path: Path) -> None:
    name = path.name
    schema = str(manifest.get("schema_version", ""))
    if schema not in known_revisions():
        raise UserError(
            f"Файл «{name}» сделан более новой версией программы (схема {shown(schema, 40)}): обновите программу."
        )
    if str(manifest.get("target_region", "")) != installation.region_code:
        raise UserError(f"Файл «{name}» адресован другому региону.")
    if installation.kind == InstallationKind.DISTRICT and manifest.get("kind") == DISTRICT_BUNDLE:
        if str(source.get("district", "")) != (installation.district_name or ""):
            other = shown(str(source.get("district")))
            raise UserError(
                f"Файл «{name}» — пакет другого муниципального образования ({other}); сюда"
                " можно загрузить только пакет второго рабочего места своего отдела."
            )


def check_pin(
    session: Session, peer: SyncPeer | None, key: str, source: dict[str, Any], path: Path, one_key_per_district: bool
) -> None:
    """The file's signing key against the one pinned for its source. At the region a district has one key
    whichever installation signs; at an office's main PC every workstation has its own."""
    pinned = peer.signing_key if peer is not None else ""
    district = str(source.get("district", ""))
    if not pinned and district and one_key_per_district:
        same_district = session.scalar(
            select(SyncPeer).where(
                SyncPeer.district == district, SyncPeer.signing_key != "", SyncPeer.signing_key != key
            )
        )
        pinned = same_district.signing_key if same_district is not None else ""
    if pinned and pinned != key:
        source_name = shown(str(source.get("name") or district))
        raise UserError(
            f"Файл «{path.name}» подписан другим ключом, чем прежние пакеты «{source_name}»."
            " Если установку переустановили, администратор может закрепить новый ключ в разделе «Обмен»."
        )


def region_keys(data: dict[str, list[dict[str, Any]]], kind: str) -> dict[str, str]:
    if kind != REGION_PACKAGE:
        return {}
    rows = data.get("region_keys") or []
    first = rows[0] if rows and isinstance(rows[0], dict) else {}
    return {"signing_key": str(first.get("signing_key", "")), "encryption_key": str(first.get("encryption_key", ""))}


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


def created_at(manifest: dict[str, Any], header_time: datetime) -> datetime:
    """When the file was made, from the signed manifest (the header's copy is not signed)."""
    raw = manifest.get("created_at")
    try:
        moment = datetime.fromisoformat(raw) if isinstance(raw, str) else None
    except ValueError:
        moment = None
    return moment if moment is not None and moment.tzinfo is not None else header_time


def _day(moment: datetime) -> str:
    return format_date(moment.astimezone().date())


def sequence_of(manifest: dict[str, Any], path: Path) -> int:
    """The file's number in its source's series (0 when not given); a signed manifest may still say nonsense."""
    raw = manifest.get("sequence") or 0
    if type(raw) is not int or not 0 <= raw < 2**63:  # bool is not a number here; SQLite keeps 64-bit integers
        raise UserError(f"Файл «{path.name}» повреждён: номер пакета в его описании — не целое число.")
    return raw


def listed_periods(manifest: dict[str, Any]) -> tuple[str, ...]:
    found = manifest.get("periods")
    return tuple(code for code in found if isinstance(code, str)) if isinstance(found, list) else ()


def protected_entities(at_region: bool, kind: str) -> frozenset[str]:
    """Entities whose records here that never came from the file's source stay untouched: at a district,
    everything in a region package (the district's own reference data) and the reference data in a
    workstation's bundle (it comes from the region, not from the workstation)."""
    if at_region:
        return frozenset()
    return frozenset(spec.name for spec in (ENTITIES if kind == REGION_PACKAGE else REFERENCE))
