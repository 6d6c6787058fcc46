"""Wiring of the exchange for one installation: its keys from the data folder and the two services."""

from __future__ import annotations

from functools import cache
from typing import Any

from desktop_app.core.paths import DataPaths
from desktop_app.services.attachments import AttachmentStore
from desktop_app.storage.background_backup import backup_before_import
from desktop_app.storage.database import Database
from desktop_app.sync.exporter import ExchangeExport
from desktop_app.sync.importer import ExchangeImport
from desktop_app.sync.office import OfficeLink


def exchange_services(db: Database, paths: DataPaths, store: AttachmentStore) -> tuple[ExchangeExport, ExchangeImport]:
    """The exporter and the importer; keys are created on first use (every installation can decrypt
    what is sealed to it, so an office's main PC can take bundles of its second workstation)."""

    @cache
    def keys() -> Any:
        return ensure_keys(paths)

    forms = paths.root / "forms"
    refusals = paths.logs / "import_refusals.jsonl"
    importer = ExchangeImport(
        db,
        keys,
        store,
        refusals,
        forms,
        receipts_file=paths.root / "receipts.json",
        before_import=lambda: backup_before_import(paths, db.engine),
    )
    return ExchangeExport(db, keys, store, forms, refusals=refusals, receipts=importer.receipts), importer


def office_link(db: Database, paths: DataPaths) -> OfficeLink:
    """Where this installation's bundles go: the region, or the office's main PC (a second workstation)."""
    return OfficeLink(db, lambda: ensure_keys(paths))


def ensure_keys(paths: DataPaths) -> Any:
    """Create the installation's keys now, at set-up, so that they can be backed up before the first export."""
    from desktop_app.sync.keys import load_or_create_keys

    return load_or_create_keys(paths.root / "keys", with_encryption=True)
