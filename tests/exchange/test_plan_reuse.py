"""The apply carries out the plan its preview made instead of planning again — but only while the file and the
database are as the preview saw them: a file changed since is refused, a database written since is planned again
within the write transaction, and either way the database ends as an import without a separate preview leaves it."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, insert, select

from desktop_app.core.paths import DataPaths
from desktop_app.domain.actor import SYSTEM_ACTOR
from desktop_app.domain.errors import UserError
from desktop_app.services.attachments import AttachmentStore
from desktop_app.storage.database import open_database
from desktop_app.storage.models import ImportLogEntry, IndicatorValue, ResourceFamily
from desktop_app.sync import bookkeeping, import_preview
from desktop_app.sync import importer as importer_module
from desktop_app.sync.batch import import_folder
from desktop_app.sync.merge import Outcome
from desktop_app.sync.setup import exchange_services
from tests.exchange.test_end_to_end import Installation, enter_returned, region_and_district

DISTRICT = "Плесецкий муниципальный округ"
FAMILIES = 5  # entered at the district for the first bundle; the second bundle adds one more
WRITTEN = ("resource_family", "indicator_value", "execution_report", "organisation")
QUERIES = {
    table: f"SELECT * FROM {table}" for table in WRITTEN
} | {  # the peer's id is made where the file is taken: one per copy of the region
    "sync_record_state": "SELECT entity, record_id, row_version, content_hash FROM sync_record_state"
}


def _families(district: Installation, numbers: range) -> None:
    rows = [
        {
            "id": str(uuid.uuid4()),
            "code": f"РС-{n:04d}",
            "display_name": f"Семья {n}",
            "municipality": DISTRICT,
            "status": "candidate",
            "search_key": f"рс-{n:04d} семья {n}",
        }
        for n in numbers
    ]
    with district.db.transaction() as session:
        session.execute(insert(ResourceFamily), rows)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The region before any district's bundle, and two bundles of one district: the first with five families and
    the share 1.2 entered as 3 of 4, the second (written later) with a sixth family too."""
    root = tmp_path_factory.mktemp("plan-reuse")
    region, district, _ = region_and_district(root, DISTRICT)
    enter_returned(district, 3, 4)
    _families(district, range(1, FAMILIES + 1))
    district.export.write(SYSTEM_ACTOR, root / "first.opeka")
    _families(district, range(FAMILIES + 1, FAMILIES + 2))
    district.export.write(SYSTEM_ACTOR, root / "second.opeka")
    region.db.close()
    district.db.close()
    return root


def _region(template: Path, where: Path) -> Installation:
    """A copy of the template's region, opened as the window opens it."""
    shutil.copytree(template / "region", where)
    region = Installation.__new__(Installation)
    region.paths = DataPaths(where)
    region.db = open_database(region.paths, daily_copy=False)
    region.export, region.load = exchange_services(region.db, region.paths, AttachmentStore(region.paths.attachments))
    region.name = ""
    return region


@pytest.fixture
def region(template: Path, tmp_path: Path) -> Iterator[Installation]:
    found = _region(template, tmp_path / "region")
    yield found
    found.db.close()


@pytest.fixture
def plannings(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The files planned, one entry each time a file is planned."""
    planned: list[Path] = []
    real = import_preview.plan_all

    def counting(*args: Any, **kwargs: Any) -> Any:
        planned.append(args[4])
        return real(*args, **kwargs)

    monkeypatch.setattr(import_preview, "plan_all", counting)
    return planned


def _bundle(template: Path, tmp_path: Path, name: str = "first.opeka") -> Path:
    path = tmp_path / "входящие" / "пакет.opeka"
    path.parent.mkdir(exist_ok=True)
    shutil.copyfile(template / name, path)
    return path


def _contents(region: Installation) -> dict[str, Any]:
    """Every row of the tables an import writes, in a fresh session (what was committed), and the checks."""
    with region.db.reading() as session:
        connection = session.connection()
        found: dict[str, Any] = {
            table: sorted(map(tuple, connection.exec_driver_sql(query).fetchall())) for table, query in QUERIES.items()
        }
        found["log"] = session.scalar(select(func.count()).select_from(ImportLogEntry))
        found["integrity"] = connection.exec_driver_sql("PRAGMA integrity_check").scalar()
        found["foreign_keys"] = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    return found


def _district_rows(region: Installation) -> tuple[int, list[tuple[float | None, float | None]]]:
    """The district's families at the region, and the numerator and denominator of its values."""
    with region.db.reading() as session:
        families = session.scalar(
            select(func.count()).select_from(ResourceFamily).where(ResourceFamily.municipality == DISTRICT)
        )
        values = session.execute(
            select(IndicatorValue.numerator, IndicatorValue.denominator).where(
                IndicatorValue.territory == DISTRICT, IndicatorValue.numerator.is_not(None)
            )
        ).all()
    return int(families or 0), [tuple(value) for value in values]


def test_preview_then_apply_plans_once_and_leaves_what_an_import_in_one_go_leaves(
    template: Path, tmp_path: Path, plannings: list[Path]
) -> None:
    separate = _region(template, tmp_path / "separate")
    in_one_go = _region(template, tmp_path / "in-one-go")
    bundle = _bundle(template, tmp_path)
    try:
        preview = separate.load.preview(SYSTEM_ACTOR, bundle)  # what the exchange page shows
        assert preview.total(Outcome.NEW) > FAMILIES
        separate.load.apply(SYSTEM_ACTOR, preview)  # «Загрузить» pressed: the same plan is written
        assert plannings == [bundle]

        rows = import_folder(in_one_go.load, SYSTEM_ACTOR, bundle.parent)  # preview and apply in one transaction
        assert [row.result for row in rows] == ["applied"]
        assert plannings == [bundle, bundle]  # once more for the folder: its apply took its preview's plan too

        assert _district_rows(separate) == (FAMILIES, [(3.0, 4.0)])
        assert _district_rows(in_one_go) == (FAMILIES, [(3.0, 4.0)])
        separately, together = _contents(separate), _contents(in_one_go)
        assert separately["log"] == 1 and separately["integrity"] == "ok" and separately["foreign_keys"] == []
        assert separately == together
    finally:
        separate.db.close()
        in_one_go.db.close()


def test_a_plan_is_made_again_when_the_database_was_written_after_the_preview(
    region: Installation, template: Path, tmp_path: Path, plannings: list[Path]
) -> None:
    bundle = _bundle(template, tmp_path)
    preview = region.load.preview(SYSTEM_ACTOR, bundle)
    assert preview.total(Outcome.NEW) > FAMILIES
    # meanwhile the same file goes in another way (a folder): carried out as planned, the preview's plan would
    # insert every record a second time
    assert [row.result for row in import_folder(region.load, SYSTEM_ACTOR, bundle.parent)] == ["applied"]
    after_folder = _contents(region)

    result = region.load.apply(SYSTEM_ACTOR, preview)

    assert plannings == [bundle, bundle, bundle]  # the preview, the folder, and again at the apply
    assert result.preview.total(Outcome.NEW) == 0 and result.preview.already_imported
    assert _district_rows(region) == (FAMILIES, [(3.0, 4.0)])
    after_apply = _contents(region)
    assert after_apply["log"] == after_folder["log"] + 1  # the attempt is logged as «без изменений»
    assert {key: value for key, value in after_apply.items() if key != "log"} == {
        key: value for key, value in after_folder.items() if key != "log"
    }


def test_a_file_replaced_after_the_preview_is_refused_and_nothing_is_written(
    region: Installation, template: Path, tmp_path: Path, plannings: list[Path]
) -> None:
    bundle = _bundle(template, tmp_path)
    preview = region.load.preview(SYSTEM_ACTOR, bundle)
    shutil.copyfile(template / "second.opeka", bundle)  # the district's later bundle saved over it
    before = _contents(region)

    with pytest.raises(UserError, match="изменился после предварительного просмотра"):
        region.load.apply(SYSTEM_ACTOR, preview)

    assert _contents(region) == before
    assert _district_rows(region) == (0, [])
    # looked at again, the file now there goes in with its six families
    region.load.apply(SYSTEM_ACTOR, region.load.preview(SYSTEM_ACTOR, bundle))
    assert _district_rows(region) == (FAMILIES + 1, [(3.0, 4.0)])
    assert plannings == [bundle, bundle]


def test_a_file_changed_in_place_with_its_size_and_time_kept_is_refused(
    region: Installation, template: Path, tmp_path: Path
) -> None:
    bundle = _bundle(template, tmp_path)
    preview = region.load.preview(SYSTEM_ACTOR, bundle)
    stat = os.stat(bundle)
    data = bytearray(bundle.read_bytes())
    data[-300] ^= 0xFF
    bundle.write_bytes(bytes(data))
    os.utime(bundle, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same size, same time: only the content tells
    before = _contents(region)

    with pytest.raises(UserError, match="изменился после предварительного просмотра"):
        region.load.apply(SYSTEM_ACTOR, preview)

    assert _contents(region) == before


def test_a_failure_while_a_previewed_plan_is_written_leaves_the_database_as_it_was(
    region: Installation, template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundle = _bundle(template, tmp_path)
    preview = region.load.preview(SYSTEM_ACTOR, bundle)
    before = _contents(region)
    real = bookkeeping.remember
    calls: list[object] = []

    def power_cut(*args: Any) -> None:
        calls.append(args)
        if len(calls) == 3:  # the records of several entities are written by now
            raise RuntimeError("питание пропало")
        real(*args)

    monkeypatch.setattr(importer_module, "remember", power_cut)
    with pytest.raises(RuntimeError):
        region.load.apply(SYSTEM_ACTOR, preview)

    assert _contents(region) == before
    assert _district_rows(region) == (0, [])
    monkeypatch.setattr(importer_module, "remember", real)
    region.load.apply(SYSTEM_ACTOR, region.load.preview(SYSTEM_ACTOR, bundle))
    assert _district_rows(region) == (FAMILIES, [(3.0, 4.0)])
