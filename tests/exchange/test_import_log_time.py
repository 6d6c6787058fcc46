"""The import log records when a bundle arrived by the importer's clock: the region view judges a district on
time or late by that moment, so a clock given to the importer must be the one the log is written with."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from desktop_app.domain.actor import SYSTEM_ACTOR
from desktop_app.services.attachments import AttachmentStore
from desktop_app.storage.models import ImportLogEntry
from desktop_app.sync.importer import ExchangeImport
from desktop_app.sync.setup import ensure_keys
from tests.exchange.test_end_to_end import PERIOD, enter_returned, region_and_district


def test_the_import_log_is_written_at_the_importers_clock(tmp_path: Path) -> None:
    region, district, _ = region_and_district(tmp_path)
    enter_returned(district, 3, 4)
    bundle = tmp_path / "bundle.opeka"
    district.export.write(SYSTEM_ACTOR, bundle, PERIOD)
    arrived = datetime(2026, 7, 2, 12, 0, tzinfo=UTC)
    importer = ExchangeImport(
        region.db, lambda: ensure_keys(region.paths), AttachmentStore(region.paths.attachments), clock=lambda: arrived
    )
    importer.apply(SYSTEM_ACTOR, importer.preview(SYSTEM_ACTOR, bundle))
    with region.db.reading() as session:
        logged = session.scalars(select(ImportLogEntry.at).where(ImportLogEntry.result == "applied")).one()
    assert logged == arrived
