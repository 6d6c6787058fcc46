"""The world the crash harness works in: a region and two district offices in one folder, each with its own data
folder, plus the folders the files travel through.

    <root>/region, <root>/districts/<n>   data folders (opened exactly as the program opens them)
    <root>/outbox/<n>                      district bundles, named by the time written (newest sorts last)
    <root>/packages                        region packages
    <root>/inbox/<time>                    one folder per folder import at the region (hard links to bundles)
    <root>/scratch                         document files typed in as scans
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from desktop_app.core.paths import DataPaths
from desktop_app.domain.actor import SYSTEM_ACTOR
from desktop_app.services.attachments import AttachmentStore
from desktop_app.storage.database import Database
from desktop_app.sync.exporter import ExchangeExport
from desktop_app.sync.importer import ExchangeImport

DISTRICT_COUNT = 2


@dataclass(frozen=True)
class Layout:
    root: Path

    @property
    def region(self) -> DataPaths:
        return DataPaths(self.root / "region")

    def district(self, number: int) -> DataPaths:
        return DataPaths(self.root / "districts" / str(number))

    @property
    def data_folders(self) -> list[DataPaths]:
        return [self.region, *(self.district(number) for number in range(DISTRICT_COUNT))]

    def outbox(self, number: int) -> Path:
        return self.root / "outbox" / str(number)

    @property
    def packages(self) -> Path:
        return self.root / "packages"

    @property
    def inbox(self) -> Path:
        return self.root / "inbox"

    @property
    def scratch(self) -> Path:
        return self.root / "scratch"


def new_file_name() -> str:
    """Names sort by the time written; the suffix keeps two files of one nanosecond apart."""
    return f"{time.time_ns():020d}-{uuid.uuid4().hex[:6]}.opeka"


def exchange_files(folder: Path) -> list[Path]:
    """The finished exchange files of a folder, oldest first (a temporary file of an interrupted write starts
    with a dot and is never one of them)."""
    if not folder.is_dir():
        return []
    return sorted(path for path in folder.iterdir() if path.suffix == ".opeka" and not path.name.startswith("."))


def services(db: Database, paths: DataPaths) -> tuple[ExchangeExport, ExchangeImport]:
    from desktop_app.sync.setup import exchange_services

    return exchange_services(db, paths, AttachmentStore(paths.attachments))


def build(root: Path) -> Layout:
    """Set up the region (with the demo programme) and the districts, each having taken the region's package."""
    from desktop_app.core.resources import demo_program
    from desktop_app.services.program_store import store_program
    from tests.exchange.test_end_to_end import DISTRICTS, REGION, Installation, district_installation

    layout = Layout(root)
    for folder in (layout.packages, layout.inbox, layout.scratch):
        folder.mkdir(parents=True, exist_ok=True)
    region = Installation(layout.region.root, REGION)
    with region.db.transaction() as session:
        store_program(session, demo_program())
    package = layout.packages / new_file_name()
    region.export.write(SYSTEM_ACTOR, package)
    region.db.close()
    for number in range(DISTRICT_COUNT):
        layout.outbox(number).mkdir(parents=True, exist_ok=True)
        district = district_installation(layout.district(number).root, DISTRICTS[number])
        district.take(package)
        district.db.close()
    return layout
