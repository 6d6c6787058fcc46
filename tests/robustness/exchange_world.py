"""A region and two district offices in step, built once per session, for the exchange fuzz suites: the valid
district bundle and region package they exchange, the keys that sign and seal them, and installations that
take damaged or hostile copies (each module works on its own copy of them)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest import mock

from desktop_app.core.paths import DataPaths
from desktop_app.domain.actor import SYSTEM_ACTOR
from desktop_app.services.attachments import AttachmentStore
from desktop_app.storage.database import Database, open_database
from desktop_app.sync.container import (
    DISTRICT_BUNDLE,
    OpenedPackage,
    PackageHeader,
    read_package,
)
from desktop_app.sync.keys import InstallationKeys, load_or_create_keys
from desktop_app.sync.package_writer import write_package
from desktop_app.sync.setup import exchange_services
from tests.robustness.fuzzing import digest_rows

# Filled in by write_package: a hostile manifest is written with the rest as it is.
_WRITTEN_BY_CONTAINER = ("format", "format_version", "kind", "members", "signing_key")


@dataclass(frozen=True)
class ExchangeWorld:
    root: Path
    region: Path  # the region before any bundle: takes bundles
    district: Path  # a district that has not taken the region package yet: takes region packages
    bundle: bytes  # a district bundle for the region, with a value entered (3 of 4)
    package: bytes  # the region package with the program
    region_keys: InstallationKeys
    district_keys: InstallationKeys


def build_world(root: Path) -> ExchangeWorld:
    """The region, the district that wrote the bundle, and a second district kept untouched."""
    from tests.exchange.test_end_to_end import (
        DISTRICTS,
        PERIOD,
        district_installation,
        enter_returned,
        region_with_package,
    )

    region, package = region_with_package(root)
    writer = district_installation(root / "writer", DISTRICTS[0])
    writer.take(package)
    enter_returned(writer, 3, 4)
    bundle = root / "bundle.opeka"
    writer.export.write(SYSTEM_ACTOR, bundle, PERIOD)
    fresh = district_installation(root / "fresh", DISTRICTS[1])
    for installation in (region, writer, fresh):
        installation.db.close()
    return ExchangeWorld(
        root=root,
        region=root / "region",
        district=root / "fresh",
        bundle=bundle.read_bytes(),
        package=package.read_bytes(),
        region_keys=load_or_create_keys(root / "region" / "keys", with_encryption=True),
        district_keys=load_or_create_keys(root / "writer" / "keys", with_encryption=True),
    )


class Taker:
    """One installation's copy that takes exchange files; ``digest`` is what a refusal must leave as it was."""

    def __init__(self, source: Path, work: Path) -> None:
        shutil.rmtree(work, ignore_errors=True)
        shutil.copytree(source, work)
        self.paths = DataPaths(work)
        self.db: Database = open_database(self.paths)
        self.export, self.load = exchange_services(self.db, self.paths, AttachmentStore(self.paths.attachments))

    def take(self, path: Path) -> Any:
        preview = self.load.preview(SYSTEM_ACTOR, path)
        return self.load.apply(SYSTEM_ACTOR, preview)

    def digest(self) -> str:
        with self.db.engine.connect() as connection:
            return digest_rows(connection.connection.driver_connection)

    def close(self) -> None:
        self.db.close()


@contextmanager
def taker(source: Path, work: Path) -> Iterator[Taker]:
    installation = Taker(source, work)
    try:
        yield installation
    finally:
        installation.close()


def opened(world: ExchangeWorld, data: bytes, folder: Path) -> OpenedPackage:
    """The valid file read back (a district bundle with the region's key)."""
    path = folder / "original.opeka"
    path.write_bytes(data)
    key = world.region_keys.encryption
    return read_package(path, decrypt_with=key if data == world.bundle else None)


def rewrite(
    path: Path,
    world: ExchangeWorld,
    original: OpenedPackage,
    data: dict[str, list[Any]],
    manifest: dict[str, Any],
) -> None:
    """Write ``data`` and ``manifest`` as a correctly signed (and for a bundle, sealed) exchange file: the
    content is hostile, the container is not, so the checks after the signature are the ones tried."""
    bundle = original.header.kind == DISTRICT_BUNDLE
    header = PackageHeader.make(
        kind=original.header.kind,
        region_code=original.header.region_code,
        source_installation=original.header.source_installation,
        source_name=original.header.source_name,
        created_at=original.header.created_at,
    )
    assert world.region_keys.encryption is not None
    # the writer refuses a manifest the reader would refuse: off here, so that the reader is the one tried
    with mock.patch("desktop_app.sync.package_writer.check_manifest"):
        _write_unchecked(path, header, manifest, data, original, world, bundle)


def _write_unchecked(
    path: Path,
    header: PackageHeader,
    manifest: dict[str, Any],
    data: dict[str, list[Any]],
    original: OpenedPackage,
    world: ExchangeWorld,
    bundle: bool,
) -> None:
    assert world.region_keys.encryption is not None
    write_package(
        path,
        header=header,
        manifest={key: value for key, value in manifest.items() if key not in _WRITTEN_BY_CONTAINER},
        data=data,
        attachments={name: original.attachment(name) for name in original.attachment_names},
        signing=world.district_keys.signing if bundle else world.region_keys.signing,
        recipient=world.region_keys.encryption.public_key if bundle else None,
    )
