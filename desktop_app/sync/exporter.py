"""Writing exchange files: a district bundle (a full snapshot of what the district holds, encrypted to the
region) or a region package (reference data, the region's public keys and its districts).

The head approves what goes out: the screen shows ``plan()`` first, and only a role that approves
reports may ``write()``. The sequence number grows in the same transaction that records the export.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app import __version__
from desktop_app.core import process_lock
from desktop_app.domain.actor import Actor
from desktop_app.domain.errors import UserError
from desktop_app.domain.periods import Period
from desktop_app.domain.roles import InstallationKind, Permission
from desktop_app.services.attachments import AttachmentStore
from desktop_app.storage.base import utc_now
from desktop_app.storage.crash_recovery import EXPORT
from desktop_app.storage.database import Database
from desktop_app.storage.migrate import head_revision
from desktop_app.storage.models import Installation, SyncPeer
from desktop_app.sync import selection
from desktop_app.sync.attachment_choice import AttachmentChoice, choose_attachments, confirmed_sequences, record_sent
from desktop_app.sync.ownership import region_owned
from desktop_app.sync.projection import NOT_TO_REGION, for_region
from desktop_app.sync.records import ENTITIES, REFERENCE, EntitySpec

DISTRICT_BUNDLE = "district-bundle"
REGION_PACKAGE = "region-package"
MAIN_PC = "main"  # SyncPeer.kind of the office's main PC a workstation sends to
WORKSTATION = "workstation"  # SyncPeer.kind of a workstation whose bundles the main PC takes
EXPORT_LOCK = "export.lock"  # beside the database: held by the process writing an exchange file
EXPORT_UNDER_WAY = "Выгрузка уже идёт в другом окне или другой копии программы: дождитесь её окончания и повторите."


@dataclass(frozen=True)
class ExportPlan:
    """What a file would carry: the kind, the entities with their counts, the periods, the recipient."""

    kind: str
    counts: dict[str, int]
    labels: dict[str, str]
    periods: tuple[str, ...]
    attachments: int
    recipient: str
    problem: str = ""
    main_pc: str = ""  # the office's main PC a workstation's bundle is sealed to; empty when it goes to the region
    attachments_at_recipient: int = 0  # document files the region has confirmed: left out
    attachments_later: int = 0  # document files that did not fit: they follow in the next bundles


@dataclass(frozen=True)
class ExportResult:
    path: Path
    kind: str
    sequence: int
    file_sha256: str
    counts: dict[str, int]
    periods: tuple[str, ...]


class ExchangeExport:
    def __init__(
        self,
        db: Database,
        keys: Callable[[], Any],
        store: AttachmentStore,
        received_forms: Path | None = None,
        clock: Callable[[], datetime] = utc_now,
        refusals: Path | None = None,
        receipts: Callable[[], list[dict[str, Any]]] = list,
    ) -> None:
        self._receipts = receipts
        self._received_forms = received_forms
        self._refusals = refusals
        self._db = db
        self._keys = keys
        self._store = store
        self._clock = clock

    def plan(self, actor: Actor, period: Period | None = None) -> ExportPlan:
        """What the next file would carry, for the screen to show before the head approves it."""
        actor.require(Permission.VIEW_DATA)
        with self._db.reading() as session:
            installation = current_installation(session)
            specs = _specs(installation)
            # with a period the records are read to keep those of the period and what stands on them; without
            # one everything goes, and counting is enough
            data = selection.selected_records(session, specs, period) if period is not None else None
            if installation.kind == InstallationKind.REGION:  # the package carries the region's own records only
                data = region_owned(session, data or selection.selected_records(session, specs, period))
            if to_region(session, installation):  # the cases as the region may have them (sync/projection.py)
                data = for_region(data) if data is not None else None
                specs = tuple(spec for spec in specs if spec.name not in NOT_TO_REGION)
            counts = selection.counts(session, specs) if data is None else selection.counted(data)
            choice = self._attachments(session, installation, specs, data)
            periods = selection.periods_of(session, specs, period)
            recipient, problem = _recipient(session, installation)
            main = main_pc(session) if installation.kind == InstallationKind.DISTRICT else None
            main_name = (main.name or main.district or "основной ПК") if main is not None else ""
            kind = _kind(installation)
            labels = {spec.name: spec.label for spec in specs}
        return ExportPlan(
            kind,
            counts,
            labels,
            periods,
            len(choice.included),
            recipient,
            problem,
            main_name,
            choice.confirmed,
            choice.later,
        )

    def write(self, actor: Actor, path: Path, period: Period | None = None) -> ExportResult:
        """Write the file (the head's decision); one transaction raises the sequence with it."""
        actor.require(Permission.EXCHANGE)
        actor.require(Permission.APPROVE_REPORTS)
        from desktop_app.sync.container import PackageHeader
        from desktop_app.sync.package_writer import write_package

        keys = self._keys()
        # One export at a time: a second process is told so at once. The write lock is taken before the
        # installation row is read, so the sequence it raises is never the same number another writer raised.
        with (
            process_lock.held(self._db.path.with_name(EXPORT_LOCK), EXPORT_UNDER_WAY),
            self._db.activity(EXPORT, f"файла «{path.name}»"),
            self._db.transaction(actor, immediate=True) as session,
        ):
            installation = current_installation(session)
            recipient_b64, problem = _recipient(session, installation)
            if problem:
                raise UserError(problem)
            specs = _specs(installation)
            data = selection.selected_records(session, specs, period)
            if installation.kind == InstallationKind.REGION:
                data = region_owned(session, data)
            if to_region(session, installation):  # never a workstation's bundle for the office's main PC
                data = for_region(data)
            extra = _region_extras(session, installation, keys) if installation.kind == InstallationKind.REGION else {}
            data.update(extra)
            if installation.kind == InstallationKind.REGION:
                data["forms"] = _forms(self._received_forms)
                data["receipts"] = _receipts(session, self._refusals)
            choice = self._attachments(session, installation, specs, data)
            installation.export_sequence += 1
            sequence = installation.export_sequence
            record_sent(session, sequence, choice.included)
            kind = _kind(installation)
            created = self._clock()
            counts = selection.counted(data)
            periods = selection.periods_of(session, specs, period)
            manifest = {
                "source": {
                    "installation": installation.id,
                    "kind": installation.kind,
                    "region_code": installation.region_code,
                    "district": installation.district_name or "",
                    "name": installation.district_name or installation.region_name,
                },
                "target_region": installation.region_code,
                "created_at": created.isoformat(),
                "app_version": __version__,
                "schema_version": head_revision(),
                "sequence": sequence,
                "periods": list(periods),
                # every record the sender holds is in the file: what it no longer holds was deleted there
                "complete": period is None,
                "counts": counts,
                "attachments": {
                    "included": len(choice.included),
                    "at_recipient": choice.confirmed,
                    "later": choice.later,
                },
            }
            header = PackageHeader.make(
                kind=kind,
                region_code=installation.region_code,
                source_installation=installation.id,
                source_name=installation.district_name or installation.region_name,
                created_at=created,
            )
            recipient = _public_key(recipient_b64) if recipient_b64 else None
            digest = write_package(
                path,
                header=header,
                manifest=manifest,
                data=data,
                attachments=choice.included,
                signing=keys.signing,
                recipient=recipient,
            )
        return ExportResult(path, kind, sequence, digest, counts, periods)

    def _attachments(
        self,
        session: Session,
        installation: Installation,
        specs: tuple[EntitySpec, ...],
        data: selection.Records | None = None,
    ) -> AttachmentChoice:
        """The document files the file carries: of the records in ``data`` (every record when None), at a
        district those the region has not confirmed, up to the budget (desktop_app/sync/attachment_choice.py)."""
        with_files = tuple(spec for spec in specs if spec.attachment_column)
        if data is None:
            data = selection.selected_records(session, with_files, None)
        referenced: dict[str, Path] = {}
        for spec in with_files:
            referenced.update(
                (record[spec.attachment_column], self._store.path_for(record[spec.attachment_column]))
                for record in data[spec.name]
            )
        if not referenced:
            return AttachmentChoice()
        to_region = installation.kind == InstallationKind.DISTRICT and main_pc(session) is None
        return choose_attachments(session, referenced, confirmed_sequences(self._receipts()) if to_region else set())


def _public_key(b64: str) -> Any:
    import base64

    from nacl.public import PublicKey

    return PublicKey(base64.b64decode(b64))


def to_region(session: Session, installation: Installation) -> bool:
    """Whether this installation's bundle goes to the region: a district's, unless it is a workstation that
    sends to its office's main PC."""
    return installation.kind == InstallationKind.DISTRICT and main_pc(session) is None


def main_pc(session: Session) -> SyncPeer | None:
    """The office's main PC this workstation sends its bundles to (desktop_app/sync/office.py), or None."""
    return session.scalar(select(SyncPeer).where(SyncPeer.kind == MAIN_PC))


def current_installation(session: Session) -> Installation:
    """This installation's own row; a database never set up is one clear message."""
    row: Installation | None = session.scalars(select(Installation)).first()
    if row is None:
        raise UserError("База данных не настроена: выполните первоначальную настройку.")
    return row


def _kind(installation: Installation) -> str:
    return REGION_PACKAGE if installation.kind == InstallationKind.REGION else DISTRICT_BUNDLE


def _specs(installation: Installation) -> tuple[EntitySpec, ...]:
    return REFERENCE if installation.kind == InstallationKind.REGION else ENTITIES


def _recipient(session: Session, installation: Installation) -> tuple[str, str]:
    """The encryption key a district bundle is sealed with: the office's main PC's at a workstation, else the
    region's; a region package is not encrypted."""
    if installation.kind == InstallationKind.REGION:
        return "", ""
    main = main_pc(session)
    if main is not None:
        return main.encryption_key, ""
    region = session.scalar(select(SyncPeer).where(SyncPeer.kind == InstallationKind.REGION.value))
    if region is None or not region.encryption_key:
        return "", (
            "Нет ключа шифрования региона: сначала загрузите пакет региона (в нём ключ), затем выгружайте пакет"
            " муниципального образования."
        )
    return region.encryption_key, ""


RECEIPTS_KEPT = 50  # per district: the latest files, enough to see what became of the last few months' bundles


def _receipts(session: Session, refusals: Path | None) -> list[dict[str, Any]]:
    """What became of each district's files: taken, unchanged or refused and why (the latest ones)."""
    import json

    from desktop_app.storage.models import ImportLogEntry

    found: list[dict[str, Any]] = [
        {
            "installation": e.source_installation,
            "file_name": e.file_name,
            "file_sha256": e.file_sha256,
            "sequence": e.sequence,
            "at": e.at.isoformat(),
            "result": e.result,
            "message": e.message,
        }
        for e in session.scalars(select(ImportLogEntry).where(ImportLogEntry.kind == DISTRICT_BUNDLE))
    ]
    if refusals is not None and refusals.is_file():
        for line in refusals.read_text(encoding="utf-8", errors="replace").splitlines():
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(entry, dict) and entry.get("source_installation"):
                found.append(
                    {
                        "installation": entry["source_installation"],
                        "file_name": entry.get("file_name", ""),
                        "file_sha256": entry.get("file_sha256", ""),
                        "sequence": None,
                        "at": entry.get("at", ""),
                        "result": "refused",
                        "message": entry.get("message", ""),
                    }
                )
    latest: dict[str, list[dict[str, Any]]] = {}
    for receipt in sorted(found, key=lambda item: str(item["at"]), reverse=True):
        kept = latest.setdefault(str(receipt["installation"]), [])
        if len(kept) < RECEIPTS_KEPT:
            kept.append(receipt)
    return [receipt for receipts in latest.values() for receipt in receipts]


def _forms(received: Path | None) -> list[dict[str, Any]]:
    """The forms the region's catalogue uses, as parsed JSON, for the districts to fill the same versions."""
    import json

    from desktop_app.formkit import form_files

    return [
        {"id": form_id, "version": version, "definition": json.loads(raw.decode("utf-8"))}
        for form_id, (version, raw) in sorted(form_files(received=received).items())
    ]


def _region_extras(session: Session, installation: Installation, keys: Any) -> dict[str, list[dict[str, Any]]]:
    """The region's public keys and the districts it expects bundles from."""
    districts = sorted(
        {
            peer.district
            for peer in session.scalars(select(SyncPeer).where(SyncPeer.kind == "district"))
            if peer.district
        }
    )
    return {
        "region_keys": [
            {
                "installation": installation.id,
                "region_code": installation.region_code,
                "signing_key": keys.signing_public_b64,
                "encryption_key": keys.encryption_public_b64 or "",
            }
        ],
        "districts": [{"name": name} for name in districts],
    }
