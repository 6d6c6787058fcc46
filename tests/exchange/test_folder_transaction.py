"""A folder of bundles is one transaction with a savepoint per file: a refused or failing file is rolled back
alone and the others go in, a cancel keeps the files done, a crash keeps nothing of the folder, and the
region's reference records kept between files never hide what an earlier file of the folder wrote."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, insert, select

from desktop_app.domain.actor import SYSTEM_ACTOR
from desktop_app.storage.models import ImportLogEntry, IndicatorValue, Organisation, SyncPeer, SyncRecordState
from desktop_app.sync import importer as importer_module
from desktop_app.sync.batch import import_folder
from desktop_app.sync.merge import Outcome
from desktop_app.sync.planning import REFERENCE_ROWS
from tests.exchange.test_end_to_end import PERIOD, RETURNED, Installation, enter_returned
from tests.exchange.test_end_to_end import world as world


def bundles(districts: list[Installation], inbox: Path) -> list[Path]:
    """One bundle per district, written in this order (so a folder import takes them in this order)."""
    inbox.mkdir(exist_ok=True)
    written = []
    for number, district in enumerate(districts):
        enter_returned(district, *RETURNED[district.name])
        written.append(inbox / f"{number}-{district.name}.opeka")
        district.export.write(SYSTEM_ACTOR, written[-1], PERIOD)
    return written


def state(region: Installation) -> dict[str, Any]:
    """What the region holds of the districts, read in a fresh session (what was committed)."""
    with region.db.reading() as session:
        connection = session.connection()
        return {
            "peers": set(session.scalars(select(SyncPeer.district))),
            "log": sorted(session.scalars(select(ImportLogEntry.file_name))),
            "territories": set(session.scalars(select(IndicatorValue.territory))),
            "organisations": session.scalar(select(func.count()).select_from(Organisation)),
            "states": session.scalar(select(func.count()).select_from(SyncRecordState)),
            "foreign_keys": connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall(),
            "integrity": connection.exec_driver_sql("PRAGMA integrity_check").scalar(),
        }


def test_a_corrupt_file_between_two_good_ones_is_refused_and_both_good_ones_go_in(world) -> None:  # type: ignore[no-untyped-def]
    region, districts, folder = world
    good, damaged, other = bundles(districts, folder / "входящие")
    data = bytearray(damaged.read_bytes())
    data[-400] ^= 0xFF  # inside the payload: the header still reads, so the file stays in the middle
    damaged.write_bytes(bytes(data))
    before = state(region)

    rows = import_folder(region.load, SYSTEM_ACTOR, folder / "входящие")

    assert [(row.file, row.result) for row in rows] == [(good, "applied"), (damaged, "refused"), (other, "applied")]
    assert damaged.name in rows[1].message
    after = state(region)
    assert after["peers"] == {districts[0].name, districts[2].name}
    assert after["log"] == sorted([good.name, other.name])
    assert after["territories"] == {districts[0].name, districts[2].name}
    assert after["foreign_keys"] == [] and after["integrity"] == "ok"
    assert after["organisations"] == before["organisations"] + 2
    assert [entry["file_name"] for entry in region.load.refusals()] == [damaged.name]


def test_a_failure_in_the_middle_of_a_file_rolls_back_that_file_alone(world) -> None:  # type: ignore[no-untyped-def]
    region, districts, folder = world
    first, failing, last = bundles(districts, folder / "входящие")
    # The region already holds a value for the second district's cell under another id: that district's
    # organisation goes in first, then its indicator values hit the unique key, after the file began writing.
    with districts[1].db.reading() as session:
        value = session.scalars(select(IndicatorValue)).first()
        assert value is not None
        row = {column.key: getattr(value, column.key) for column in IndicatorValue.__table__.columns}
    with region.db.transaction() as session:
        session.execute(insert(IndicatorValue), [{**row, "id": str(uuid.uuid4())}])
    before = state(region)

    rows = import_folder(region.load, SYSTEM_ACTOR, folder / "входящие")

    assert [(row.file, row.result) for row in rows] == [(first, "applied"), (failing, "refused"), (last, "applied")]
    assert "повторяют уже имеющиеся" in rows[1].message and "База данных не изменена" in rows[1].message
    after = state(region)
    assert after["peers"] == {districts[0].name, districts[2].name}
    assert after["log"] == sorted([first.name, last.name])
    assert after["organisations"] == before["organisations"] + 2  # not the failing district's
    assert after["foreign_keys"] == [] and after["integrity"] == "ok"
    with region.db.reading() as session:
        ids = session.scalars(select(IndicatorValue.id).where(IndicatorValue.territory == districts[1].name)).all()
    assert len(ids) == 1 and ids[0] != row["id"]  # only the region's own


def test_a_cancel_keeps_the_files_done_and_the_rest_follows_next_time(world) -> None:  # type: ignore[no-untyped-def]
    region, districts, folder = world
    done, *rest = bundles(districts, folder / "входящие")
    asked: list[bool] = []

    def cancelled() -> bool:
        asked.append(True)
        return len(asked) > 1  # «Отмена» pressed while the first file was loading

    rows = import_folder(region.load, SYSTEM_ACTOR, folder / "входящие", cancelled=cancelled)

    assert [(row.file, row.result) for row in rows] == [(done, "applied")] + [(path, "cancelled") for path in rest]
    assert state(region)["peers"] == {districts[0].name}  # committed: a fresh session sees it
    again = import_folder(region.load, SYSTEM_ACTOR, folder / "входящие")
    assert [row.result for row in again] == ["unchanged", "applied", "applied"]


def test_a_crash_in_the_middle_leaves_the_database_as_before_the_folder(world, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    region, districts, folder = world
    bundles(districts, folder / "входящие")
    before = state(region)
    real = importer_module.update_peer
    calls: list[object] = []

    def power_cut(*args: Any) -> None:
        calls.append(args)
        if len(calls) == 2:
            raise RuntimeError("питание пропало")
        real(*args)

    monkeypatch.setattr(importer_module, "update_peer", power_cut)
    with pytest.raises(RuntimeError):
        import_folder(region.load, SYSTEM_ACTOR, folder / "входящие")
    assert state(region) == before
    monkeypatch.setattr(importer_module, "update_peer", real)
    rows = import_folder(region.load, SYSTEM_ACTOR, folder / "входящие")
    assert [row.result for row in rows] == ["applied", "applied", "applied"]


def test_reference_records_an_earlier_file_wrote_are_seen_by_the_next_file(world) -> None:  # type: ignore[no-untyped-def]
    """Two bundles of one district in one folder: the first brings the district's organisation (new at the
    region), the second carries it again and must find it here as the first left it, exactly as it would
    with nothing kept between the files."""
    region, districts, folder = world
    inbox = folder / "входящие"
    inbox.mkdir()
    district = districts[0]
    enter_returned(district, 1, 4)
    district.export.write(SYSTEM_ACTOR, first := inbox / "1.opeka", PERIOD)
    enter_returned(district, 2, 4)
    district.export.write(SYSTEM_ACTOR, second := inbox / "2.opeka", PERIOD)
    before = state(region)

    with region.load.folder(SYSTEM_ACTOR) as session:
        region.load.apply(SYSTEM_ACTOR, region.load.preview(SYSTEM_ACTOR, first, session), session)
        kept = region.load.preview(SYSTEM_ACTOR, second, session).counts()
        session.info[REFERENCE_ROWS].clear()
        read_again = region.load.preview(SYSTEM_ACTOR, second, session).counts()
        session.rollback()
    assert kept == read_again
    assert kept["organisations"] == {Outcome.UNCHANGED: before["organisations"] + 1}

    rows = import_folder(region.load, SYSTEM_ACTOR, inbox)

    assert [(row.file, row.result, row.message) for row in rows] == [(first, "applied", ""), (second, "applied", "")]
    assert rows[1].new == 0 and rows[1].changed == 1
    assert state(region)["organisations"] == before["organisations"] + 1
