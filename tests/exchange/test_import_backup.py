"""The copy before an import is finished while the import runs: it still holds the state before the import,
an import never commits without it, and a copy that cannot be written refuses the import with nothing changed."""

from __future__ import annotations

import errno
import json
import zipfile
from pathlib import Path

import pytest

from desktop_app.domain.actor import SYSTEM_ACTOR
from desktop_app.domain.errors import DatabaseProblem, UserError
from desktop_app.storage import backups
from desktop_app.storage.backup_folder import existing_copies
from desktop_app.sync.batch import import_folder
from desktop_app.sync.importer import ExchangeImport
from tests.exchange.test_end_to_end import Installation
from tests.exchange.test_end_to_end import world as world
from tests.exchange.test_folder_transaction import bundles, state


def copies_before_import(region: Installation) -> list[Path]:
    folder = region.paths.backups
    return [folder / copy.name for copy in existing_copies(folder) if copy.kind == "before-import"]


def work_folders(region: Installation) -> list[Path]:
    return list(region.paths.backups.glob(".opeka-backup-*"))


def disk_full(*args: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def copied_counts(copy: Path) -> dict[str, int]:
    with zipfile.ZipFile(copy) as bundle:
        return json.loads(bundle.read("manifest.json"))["counts"]  # type: ignore[no-any-return]


def test_the_copy_holds_the_database_as_it_was_before_the_import(world) -> None:  # type: ignore[no-untyped-def]
    region, districts, folder = world
    bundles(districts, folder / "входящие")

    import_folder(region.load, SYSTEM_ACTOR, folder / "входящие")

    (copy,) = copies_before_import(region)
    counts = copied_counts(copy)
    assert counts["sync_peer"] == 0 and counts["import_log"] == 0  # written while the import ran, yet before it
    assert state(region)["peers"] == {district.name for district in districts}
    assert work_folders(region) == []


def test_a_copy_that_cannot_be_written_refuses_the_folder_and_changes_nothing(world, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    region, districts, folder = world
    bundles(districts, folder / "входящие")
    before = state(region)

    monkeypatch.setattr(backups, "_write_archive", disk_full)
    with pytest.raises(DatabaseProblem) as refused:
        import_folder(region.load, SYSTEM_ACTOR, folder / "входящие")

    assert refused.value.message.startswith("Загрузка не выполнена: Не удалось записать резервную копию в ")
    assert refused.value.message.endswith(": диск заполнен.")
    assert state(region) == before
    assert copies_before_import(region) == [] and work_folders(region) == []


def test_a_copy_that_cannot_be_written_refuses_a_single_file(world, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    region, districts, folder = world
    first, *_ = bundles(districts, folder / "входящие")
    preview = region.load.preview(SYSTEM_ACTOR, first)
    before = state(region)

    monkeypatch.setattr(backups, "_write_archive", disk_full)
    with pytest.raises(DatabaseProblem, match="^Загрузка не выполнена: .*диск заполнен"):
        region.load.apply(SYSTEM_ACTOR, preview)
    assert state(region) == before

    monkeypatch.undo()
    region.load.apply(SYSTEM_ACTOR, region.load.preview(SYSTEM_ACTOR, first))  # with room on the disk it goes in
    assert state(region)["peers"] == {districts[0].name}


def test_an_import_failing_for_another_reason_still_leaves_a_whole_copy(world, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    region, districts, folder = world
    first, *_ = bundles(districts, folder / "входящие")
    preview = region.load.preview(SYSTEM_ACTOR, first)
    before = state(region)

    def refused(*args: object) -> int:
        raise UserError("Файл не загружен: проверка.")

    monkeypatch.setattr(ExchangeImport, "_write_checked", refused)
    with pytest.raises(UserError, match="проверка"):  # the import's own reason is the one told
        region.load.apply(SYSTEM_ACTOR, preview)

    assert state(region) == before
    (copy,) = copies_before_import(region)
    assert copied_counts(copy)["sync_peer"] == 0
    assert work_folders(region) == []
