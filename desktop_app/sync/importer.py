"""Taking an exchange file in: every check of FORMAT.md, a preview per entity, then one transaction.

Nothing is written before all checks pass; the apply is all or nothing; every attempt — taken, refused
or unchanged — is written to the import log. Records are inserted and updated with bulk statements
(the ORM's per-object path is ten times slower), so the audit trail gets one log entry per file, not
one per record.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import Table, delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desktop_app.domain.actor import Actor
from desktop_app.domain.errors import UserError
from desktop_app.domain.roles import InstallationKind, Permission
from desktop_app.services.attachments import AttachmentStore
from desktop_app.storage.database import Database
from desktop_app.storage.migrate import known_revisions
from desktop_app.storage.models import ImportLogEntry, Installation, SyncConflict, SyncPeer, SyncRecordState
from desktop_app.sync.exporter import DISTRICT_BUNDLE, REGION_PACKAGE, current_installation
from desktop_app.sync.merge import Agreed, Outcome, classify, field_changes
from desktop_app.sync.records import (
    BY_NAME,
    ENTITIES,
    EntitySpec,
    content_hash,
    from_json,
    json_value,
    stored_row,
    table_of,
)

CHANGES_SHOWN = 200
_STATE_TABLE = Table("sync_record_state", SyncRecordState.metadata, extend_existing=True)
_CHUNK = 500


@dataclass(frozen=True)
class RecordPlan:
    entity: str
    record_id: str
    outcome: Outcome
    values: dict[str, Any]
    content_hash: str
    changes: tuple[tuple[str, Any, Any], ...] = ()
    local: dict[str, Any] | None = None
    agreed: Agreed | None = None  # what was last agreed with this source for the record, if anything
    row: tuple[Any, ...] | None = None  # a new record as the database stores it, for a plain executemany


@dataclass(frozen=True)
class ImportPreview:
    file: Path
    file_sha256: str
    kind: str
    source_installation: str
    source_name: str
    source_district: str
    sequence: int
    signing_key: str
    periods: tuple[str, ...]
    plans: tuple[RecordPlan, ...]
    attachments: dict[str, bytes] = field(repr=False)
    region_keys: dict[str, str] = field(default_factory=dict)
    already_imported: bool = False
    forms: tuple[tuple[str, int, bytes], ...] = ()  # (id, version, file) newer than the ones here
    receipts: tuple[dict[str, Any], ...] = ()  # what the region did with this installation's files
    receipts_changed: bool = False

    def counts(self) -> dict[str, Counter[Outcome]]:
        found: dict[str, Counter[Outcome]] = {}
        for plan in self.plans:
            found.setdefault(plan.entity, Counter())[plan.outcome] += 1
        return found

    def total(self, outcome: Outcome) -> int:
        return sum(1 for plan in self.plans if plan.outcome is outcome)

    @property
    def changes_anything(self) -> bool:
        return (
            bool(self.forms)
            or self.receipts_changed
            or any(plan.outcome.applies or plan.outcome is Outcome.CONFLICT for plan in self.plans)
        )


@dataclass(frozen=True)
class ImportResult:
    preview: ImportPreview
    applied: dict[str, int]
    conflicts: int


def _now() -> datetime:
    return datetime.now(UTC)


class ExchangeImport:
    def __init__(
        self,
        db: Database,
        keys: Callable[[], Any],
        store: AttachmentStore,
        refusals: Path | None = None,
        received_forms: Path | None = None,
        clock: Callable[[], datetime] = _now,
        receipts_file: Path | None = None,
    ) -> None:
        self._received_forms = received_forms
        self._receipts_file = receipts_file
        self._db = db
        self._keys = keys
        self._store = store
        self._refusals = refusals
        self._clock = clock

    def preview(self, actor: Actor, path: Path) -> ImportPreview:
        """Check the file completely and compare it with the database; nothing is written but the log."""
        actor.require(Permission.EXCHANGE)
        try:
            return self._preview(actor, path)
        except UserError as error:
            self._log(actor, path, error.message)
            raise

    def apply(self, actor: Actor, preview: ImportPreview) -> ImportResult:
        """Write everything the preview found, in one transaction: all or nothing."""
        actor.require(Permission.EXCHANGE)
        applied: Counter[str] = Counter()
        for sha256, data in preview.attachments.items():
            if not self._store.has(sha256):
                self._store.store_bytes(data, sha256)
        with self._db.transaction(actor) as session:
            try:
                conflicts = self._write(session, actor, preview, applied)
                session.flush()
            except IntegrityError as error:
                if "UNIQUE" in str(error.orig):
                    problem = "записи в нём повторяют уже имеющиеся здесь под другими идентификаторами"
                else:
                    problem = (
                        "записи в нём ссылаются на отсутствующие данные (например, на мероприятие, которого здесь нет)"
                    )
                raise UserError(
                    f"Файл «{preview.file.name}» не загружен: {problem}. База данных не изменена."
                ) from None
        _write_forms(preview.forms, self._received_forms)
        if preview.kind == REGION_PACKAGE and self._receipts_file is not None:
            self._save_receipts(preview.receipts)
        return ImportResult(preview, dict(applied), conflicts)

    def _write(self, session: Session, actor: Actor, preview: ImportPreview, applied: Counter[str]) -> int:
        conflicts = 0
        peer = _peer_for(session, preview)
        for spec in reversed(ENTITIES):
            deleted = [
                plan.record_id for plan in preview.plans if plan.entity == spec.name and plan.outcome is Outcome.DELETED
            ]
            table = table_of(spec)
            for chunk in _chunks(deleted):
                session.execute(delete(table).where(table.c.id.in_(chunk)))
                session.execute(
                    delete(SyncRecordState).where(
                        SyncRecordState.peer_id == peer.id,
                        SyncRecordState.entity == spec.name,
                        SyncRecordState.record_id.in_(chunk),
                    )
                )
            applied[spec.name] += len(deleted)
        applied += Counter()  # drop the zero counts of entities with nothing deleted
        for spec in ENTITIES:
            plans = [plan for plan in preview.plans if plan.entity == spec.name]
            table = table_of(spec)
            connection = session.connection()  # Core, not the ORM's bulk path: a tenth of the time
            new = [plan for plan in plans if plan.outcome is Outcome.NEW]
            rows = [plan.row for plan in new if plan.row is not None]
            if rows:
                names = ", ".join(f'"{column.name}"' for column in spec.columns)
                marks = ", ".join("?" for _ in spec.columns)
                connection.exec_driver_sql(f'INSERT INTO "{table.name}" ({names}) VALUES ({marks})', rows)
            for chunk in _chunks([plan.values for plan in new if plan.row is None]):
                connection.execute(insert(table), chunk)
            for plan in plans:
                if plan.outcome is Outcome.CHANGED:
                    session.execute(update(table).where(table.c.id == plan.record_id).values(**plan.values))
                elif plan.outcome is Outcome.CONFLICT:
                    conflicts += 1
                    session.add(
                        SyncConflict(
                            peer_id=peer.id,
                            entity=spec.name,
                            record_id=plan.record_id,
                            local_values=_plain(plan.local or {}),
                            incoming_values=_plain(plan.values),
                            file_sha256=preview.file_sha256,
                        )
                    )
                if plan.outcome.applies:
                    applied[spec.name] += 1
            _remember(session, peer.id, spec.name, plans)
        _update_peer(peer, preview, self._clock())
        result = "applied" if preview.changes_anything else "unchanged"
        session.add(_log_entry(actor, preview.file, preview.file_sha256, preview, result, "", applied))
        return conflicts

    # ------------------------------------------------------------------------------------------ checks
    def _preview(self, actor: Actor, path: Path) -> ImportPreview:
        from desktop_app.sync.container import read_header, read_package

        keys = self._keys()
        with self._db.reading() as session:
            installation = current_installation(session)
            header = read_header(path)
            _check_header(header, installation, path)
            encrypted = header.kind == DISTRICT_BUNDLE
            opened = read_package(path, decrypt_with=keys.encryption if encrypted else None)
            manifest = opened.manifest
            raw_source = manifest.get("source")
            source: dict[str, Any] = raw_source if isinstance(raw_source, dict) else {}
            _check_source(manifest, source, installation, path)
            peer = session.scalar(select(SyncPeer).where(SyncPeer.installation_id == str(source.get("installation"))))
            _check_pin(session, peer, opened.signing_key_b64, source, path)
            region_keys = _region_keys(opened.data, header.kind)
            own = _own_receipts(opened.data.get("receipts"), installation.id) if header.kind == REGION_PACKAGE else []
            forms = (
                _newer_forms(opened.data.get("forms", []), self._received_forms, path)
                if header.kind == REGION_PACKAGE
                else ()
            )
            protect_own = installation.kind == InstallationKind.DISTRICT and header.kind == REGION_PACKAGE
            already = peer is not None and peer.last_file_sha256 == opened.file_sha256
            complete = manifest.get("complete") is True and header.kind == DISTRICT_BUNDLE
            plans = _plan_all(session, opened.data, peer, protect_own, path, already)
            if complete and peer is not None and not already:
                plans.extend(_deleted_there(session, peer, opened.data))
        attachments = {name: opened.attachment(name) for name in opened.attachment_names}
        return ImportPreview(
            file=path,
            file_sha256=opened.file_sha256,
            kind=header.kind,
            source_installation=str(source.get("installation", "")),
            source_name=str(source.get("name", "")),
            source_district=str(source.get("district", "")),
            sequence=int(manifest.get("sequence", 0) or 0),
            signing_key=opened.signing_key_b64,
            periods=tuple(str(code) for code in manifest.get("periods", []) if isinstance(code, str)),
            plans=tuple(plans),
            attachments=attachments,
            region_keys=region_keys,
            already_imported=already,
            forms=tuple(forms),
            receipts=tuple(own),
            receipts_changed=header.kind == REGION_PACKAGE and own != self.receipts(),
        )

    def _log(self, actor: Actor, path: Path, message: str) -> None:
        """A refused file is logged beside the database, not in it: a refusal leaves the database as it was."""
        if self._refusals is None:
            return
        entry = {
            "at": self._clock().isoformat(),
            "user_login": actor.login,
            "user_name": actor.full_name,
            "file_name": path.name,
            "file_sha256": _file_sha256(path),
            "result": "refused",
            "message": message,
            **_header_source(path),
        }
        try:
            self._refusals.parent.mkdir(parents=True, exist_ok=True)
            with self._refusals.open("a", encoding="utf-8") as stream:
                stream.write(json.dumps(entry, ensure_ascii=False) + "\n")
        except OSError:
            pass  # a log that cannot be written must not hide the reason the file was refused

    def receipts(self) -> list[dict[str, Any]]:
        """The region's receipts for this installation's bundles, from its latest package, newest first."""
        if self._receipts_file is None or not self._receipts_file.is_file():
            return []
        try:
            found = json.loads(self._receipts_file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            return []
        return [item for item in found if isinstance(item, dict)] if isinstance(found, list) else []

    def _save_receipts(self, receipts: tuple[dict[str, Any], ...]) -> None:
        from desktop_app.core.atomic import write_atomically

        assert self._receipts_file is not None
        text = json.dumps(list(receipts), ensure_ascii=False, indent=2).encode("utf-8")
        write_atomically(self._receipts_file, partial(Path.write_bytes, data=text), "квитанции региона")

    def refusals(self, limit: int = 200) -> list[dict[str, Any]]:
        """The last refused files, newest first (from the refusal log beside the database)."""
        if self._refusals is None or not self._refusals.is_file():
            return []
        entries = []
        for line in self._refusals.read_text(encoding="utf-8", errors="replace").splitlines()[-limit:]:
            try:
                entries.append(json.loads(line))
            except json.JSONDecodeError:
                continue
        return entries[::-1]

    def log(self, actor: Actor, limit: int = 200) -> list[ImportLogEntry]:
        actor.require(Permission.VIEW_DATA)
        with self._db.reading() as session:
            rows = list(session.scalars(select(ImportLogEntry).order_by(ImportLogEntry.at.desc()).limit(limit)))
            for row in rows:
                session.expunge(row)
            return rows


def _check_header(header: Any, installation: Installation, path: Path) -> None:
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


def _check_source(manifest: dict[str, Any], source: dict[str, Any], installation: Installation, path: Path) -> None:
    name = path.name
    schema = str(manifest.get("schema_version", ""))
    if schema not in known_revisions():
        raise UserError(f"Файл «{name}» сделан более новой версией программы (схема {schema}): обновите программу.")
    if str(manifest.get("target_region", "")) != installation.region_code:
        raise UserError(f"Файл «{name}» адресован другому региону.")
    if installation.kind == InstallationKind.DISTRICT and manifest.get("kind") == DISTRICT_BUNDLE:
        if str(source.get("district", "")) != (installation.district_name or ""):
            raise UserError(
                f"Файл «{name}» — пакет другого муниципального образования ({source.get('district')}); сюда"
                " можно загрузить только пакет второго рабочего места своего отдела."
            )


def _check_pin(session: Session, peer: SyncPeer | None, key: str, source: dict[str, Any], path: Path) -> None:
    pinned = peer.signing_key if peer is not None else ""
    district = str(source.get("district", ""))
    if not pinned and district:
        same_district = session.scalar(
            select(SyncPeer).where(
                SyncPeer.district == district, SyncPeer.signing_key != "", SyncPeer.signing_key != key
            )
        )
        pinned = same_district.signing_key if same_district is not None else ""
    if pinned and pinned != key:
        raise UserError(
            f"Файл «{path.name}» подписан другим ключом, чем прежние пакеты «{source.get('name') or district}»."
            " Если установку переустановили, администратор может закрепить новый ключ в разделе «Обмен»."
        )


def _region_keys(data: dict[str, list[dict[str, Any]]], kind: str) -> dict[str, str]:
    if kind != REGION_PACKAGE:
        return {}
    rows = data.get("region_keys") or []
    first = rows[0] if rows and isinstance(rows[0], dict) else {}
    return {"signing_key": str(first.get("signing_key", "")), "encryption_key": str(first.get("encryption_key", ""))}


def _plan_all(
    session: Session,
    data: dict[str, list[dict[str, Any]]],
    peer: SyncPeer | None,
    protect_own: bool,
    path: Path,
    same_file: bool,
) -> list[RecordPlan]:
    unknown = sorted(set(data) - set(BY_NAME) - {"region_keys", "districts", "forms", "receipts"})
    if unknown:
        raise UserError(f"Файл «{path.name}»: неизвестный вид записей «{unknown[0]}» — обновите программу.")
    plans: list[RecordPlan] = []
    for spec in ENTITIES:
        where = f"Файл «{path.name}», {spec.label}"
        records = data.get(spec.name, [])
        for number, record in enumerate(records, 1):
            if not isinstance(record, dict) or not isinstance(record.get("id"), str):
                raise UserError(f"{where}, запись {number}: нет идентификатора записи.")
        if same_file:
            # the very file taken before: everything in it is already here (or was changed here since)
            plans.extend(RecordPlan(spec.name, r["id"], Outcome.UNCHANGED, r, "") for r in records)
            continue
        plans.extend(_plan_entity(session, spec, records, peer, protect_own, where))
    return plans


def _plan_entity(
    session: Session,
    spec: EntitySpec,
    records: list[dict[str, Any]],
    peer: SyncPeer | None,
    protect_own: bool,
    where: str,
) -> list[RecordPlan]:
    """Compare each record in its JSON form (as the file has it) with the local one in the same form; only
    records that will be written are converted and checked column by column."""
    ids = [record["id"] for record in records]
    table = table_of(spec)
    local: dict[str, dict[str, Any]] = {}
    for chunk in _chunks(ids):
        for found in session.execute(select(table).where(table.c.id.in_(chunk))).mappings():
            local[found["id"]] = {key: json_value(value) for key, value in found.items()}
    agreed: dict[str, Agreed] = {}
    if peer is not None:
        for chunk in _chunks(ids):
            query = select(SyncRecordState.record_id, SyncRecordState.row_version, SyncRecordState.content_hash).where(
                SyncRecordState.peer_id == peer.id,
                SyncRecordState.entity == spec.name,
                SyncRecordState.record_id.in_(chunk),
            )
            agreed.update({record_id: Agreed(version, digest) for record_id, version, digest in session.execute(query)})
    plans = []
    for number, record in enumerate(records, 1):
        incoming_hash = content_hash(record, spec)
        here = local.get(record["id"])
        version = record.get("row_version")
        outcome = classify(
            version if isinstance(version, int) and not isinstance(version, bool) else 1,
            incoming_hash,
            int(here["row_version"]) if here else None,
            content_hash(here, spec) if here else None,
            agreed.get(record["id"]),
            protect_own,
        )
        values: dict[str, Any] = record
        changes: tuple[tuple[str, Any, Any], ...] = ()
        row = stored_row(record, spec, f"{where}, запись {number}") if outcome is Outcome.NEW else None
        if (outcome.applies or outcome is Outcome.CONFLICT) and row is None:
            values = from_json(record, spec, f"{where}, запись {number}")
            changes = tuple(field_changes(here, record)) if outcome is not Outcome.NEW else ()
        base = agreed.get(record["id"])
        plans.append(RecordPlan(spec.name, record["id"], outcome, values, incoming_hash, changes, here, base, row))
    return plans


def _deleted_there(session: Session, peer: SyncPeer, data: dict[str, list[dict[str, Any]]]) -> list[RecordPlan]:
    """Records once taken from this source that its complete snapshot no longer holds: deleted there. They go
    here too unless they were changed here since (then they stay, as a newer version)."""
    plans = []
    for spec in ENTITIES:
        if spec.reference:
            continue
        present = {record["id"] for record in data.get(spec.name, []) if isinstance(record, dict)}
        query = select(SyncRecordState.record_id, SyncRecordState.row_version, SyncRecordState.content_hash).where(
            SyncRecordState.peer_id == peer.id, SyncRecordState.entity == spec.name
        )
        gone = {record_id: Agreed(version, digest) for record_id, version, digest in session.execute(query)}
        gone = {record_id: agreed for record_id, agreed in gone.items() if record_id not in present}
        table = table_of(spec)
        for chunk in _chunks(list(gone)):
            for found in session.execute(select(table).where(table.c.id.in_(chunk))).mappings():
                here = {key: json_value(value) for key, value in found.items()}
                agreed = gone[here["id"]]
                unchanged_here = content_hash(here, spec) == agreed.content_hash
                outcome = Outcome.DELETED if unchanged_here else Outcome.NEWER_HERE
                plans.append(RecordPlan(spec.name, here["id"], outcome, here, "", (), here, agreed))
    return plans


def _remember(session: Session, peer_id: str, entity: str, plans: list[RecordPlan]) -> None:
    """The new common ground with the source: what was taken, and what was already the same. A record whose
    agreed version is already this one is not written again, so re-importing a large bundle stays cheap."""
    taken = []
    for plan in plans:
        if plan.outcome not in (Outcome.NEW, Outcome.CHANGED, Outcome.UNCHANGED) or not plan.content_hash:
            continue
        version = plan.values.get("row_version")
        version = version if isinstance(version, int) and not isinstance(version, bool) else 1
        if plan.agreed is not None and plan.agreed == Agreed(version, plan.content_hash):
            continue
        taken.append((plan, version))
    stale = [plan.record_id for plan, _ in taken if plan.agreed is not None]
    for chunk in _chunks(stale):
        session.execute(
            delete(SyncRecordState).where(
                SyncRecordState.peer_id == peer_id,
                SyncRecordState.entity == entity,
                SyncRecordState.record_id.in_(chunk),
            )
        )
    rows = [
        {
            "peer_id": peer_id,
            "entity": entity,
            "record_id": plan.record_id,
            "row_version": version,
            "content_hash": plan.content_hash,
        }
        for plan, version in taken
    ]
    connection = session.connection()
    for chunk in _chunks(rows):
        connection.execute(insert(_STATE_TABLE), chunk)


def _peer_for(session: Session, preview: ImportPreview) -> SyncPeer:
    peer = session.scalar(select(SyncPeer).where(SyncPeer.installation_id == preview.source_installation))
    if peer is None:
        peer = SyncPeer(
            installation_id=preview.source_installation,
            kind="region" if preview.kind == REGION_PACKAGE else "district",
            district=preview.source_district,
            name=preview.source_name,
        )
        session.add(peer)
        session.flush()
    return peer


def _update_peer(peer: SyncPeer, preview: ImportPreview, now: datetime) -> None:
    if not peer.signing_key:
        peer.signing_key, peer.pinned_at = preview.signing_key, now
    if preview.region_keys.get("encryption_key") and peer.encryption_key != preview.region_keys["encryption_key"]:
        peer.encryption_key = preview.region_keys["encryption_key"]
    if preview.sequence > peer.last_sequence:
        peer.last_sequence = preview.sequence
        peer.periods = list(preview.periods)
    if peer.last_file_sha256 != preview.file_sha256:
        peer.last_file_sha256 = preview.file_sha256
    peer.last_received_at = now
    if peer.name != preview.source_name and preview.source_name:
        peer.name = preview.source_name


def _log_entry(
    actor: Actor, path: Path, sha: str, preview: ImportPreview | None, result: str, message: str, counts: Counter[str]
) -> ImportLogEntry:
    return ImportLogEntry(
        user_login=actor.login,
        user_name=actor.full_name,
        file_name=path.name[:260],
        file_sha256=preview.file_sha256 if preview else sha,
        kind=preview.kind if preview else "",
        source_installation=preview.source_installation if preview else "",
        source_name=preview.source_name if preview else "",
        sequence=preview.sequence if preview else None,
        result=result,
        message=message,
        counts=dict(counts),
        periods=list(preview.periods) if preview else [],
    )


def _newer_forms(raw_forms: Any, folder: Path | None, path: Path) -> list[tuple[str, int, bytes]]:
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


def _write_forms(forms: tuple[tuple[str, int, bytes], ...], folder: Path | None) -> None:
    """Received forms go into the data folder's forms/; a file name from the form id, never from the file."""
    if folder is None or not forms:
        return
    from desktop_app.core.atomic import write_atomically

    folder.mkdir(parents=True, exist_ok=True)
    for form_id, _, raw in forms:
        safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in form_id)[:80] or "form"
        write_atomically(folder / f"{safe}.json", partial(Path.write_bytes, data=raw), "форму из пакета региона")


def _header_source(path: Path) -> dict[str, str]:
    """Who sent a refused file, when its header can still be read: the region's receipts name it."""
    from desktop_app.sync.container import read_header

    try:
        header = read_header(path)
    except UserError:
        return {}
    return {"source_installation": header.source_installation, "source_name": header.source_name}


def _own_receipts(raw: Any, installation_id: str) -> list[dict[str, Any]]:
    if not isinstance(raw, list):
        return []
    fields = ("file_name", "file_sha256", "sequence", "at", "result", "message")
    return [
        {key: item.get(key) for key in fields}
        for item in raw
        if isinstance(item, dict) and item.get("installation") == installation_id
    ]


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as stream:
            for block in iter(lambda: stream.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return ""
    return digest.hexdigest()


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    return {key: (value.isoformat() if hasattr(value, "isoformat") else value) for key, value in values.items()}


def _chunks(items: list[Any]) -> list[list[Any]]:
    return [items[i : i + _CHUNK] for i in range(0, len(items), _CHUNK)]
