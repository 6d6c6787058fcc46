"""Districts touch only their own records (DOMAIN.md «Who owns a record»): the region owns its program, a district
its own data and its own municipal program. A district's bundle, properly signed with that district's own key,
carrying a renamed measure of the region, another district's family or another district's value is refused with
the record named, and the region's database is left byte for byte; a district cannot rename the region's measure
in its own installation either. The region's own edits still flow down, and a district's own program stays its
own to edit."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop_app.core.resources import demo_program
from desktop_app.domain.actor import SYSTEM_ACTOR
from desktop_app.domain.errors import UserError
from desktop_app.domain.roles import Role
from desktop_app.services.measure_editing import MeasureEditing, MeasureInput
from desktop_app.services.program_store import store_program
from desktop_app.storage.models import IndicatorValue, Measure, Program, ProgramBlock, ResourceFamily
from tests.conftest import make_actor
from tests.exchange.test_data_minimisation import ready_family
from tests.exchange.test_end_to_end import (
    DISTRICTS,
    PERIOD,
    Installation,
    district_installation,
    enter_returned,
    region_with_package,
)

SPECIALIST = make_actor(Role.SPECIALIST)
FIRST, SECOND = DISTRICTS[0], DISTRICTS[1]


@pytest.fixture
def world(tmp_path: Path) -> tuple[Installation, Installation, Installation, Path]:
    """The region with its program, and two districts that took its package and sent one bundle each."""
    region, package = region_with_package(tmp_path)
    first = district_installation(tmp_path / "first", FIRST)
    second = district_installation(tmp_path / "second", SECOND)
    for district in (first, second):
        district.take(package)
        ready_family(district)
        enter_returned(district, 1, 2)
        bundle = tmp_path / f"{district.name}-1.opeka"
        district.export.write(SYSTEM_ACTOR, bundle, PERIOD)
        region.take(bundle)
    return region, first, second, tmp_path


def database_bytes(installation: Installation) -> bytes:
    installation.db.close()  # everything written so far is in the main file, so its bytes can be compared
    return installation.paths.database.read_bytes()


def first_measure(installation: Installation) -> tuple[str, str, str]:
    with installation.db.reading() as session:
        measure = session.scalars(select(Measure).order_by(Measure.number, Measure.id)).first()
        assert measure is not None
        return measure.id, measure.number, measure.name


def measure_input(editing: MeasureEditing, measure_id: str, name: str) -> tuple[MeasureInput, int]:
    detail = editing.detail(SYSTEM_ACTOR, measure_id)
    entry = MeasureInput(
        detail.number,
        name,
        detail.deadline_text,
        detail.document_type,
        detail.expected_result,
        tuple(executor.id for executor in detail.executors),
        detail.schedule,
    )
    return entry, detail.row_version


def refused_bundle(region: Installation, district: Installation, folder: Path, name: str) -> str:
    """The district's bundle (signed with its own key) is refused; the region's file is unchanged. The message."""
    bundle = folder / name
    district.export.write(SYSTEM_ACTOR, bundle, PERIOD)
    before = database_bytes(region)
    with pytest.raises(UserError) as refused:
        region.load.preview(make_actor(Role.COORDINATOR), bundle)
    assert database_bytes(region) == before, "a refused bundle leaves the region's database byte for byte"
    message = refused.value.message
    assert message.startswith(f"Файл «{name}» отклонён: запись ")
    assert message.endswith(f"а пакет подписан муниципальным образованием «{FIRST}»; база данных не изменена.")
    return message


def test_a_bundle_renaming_the_regions_measure_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    region, first, _second, folder = world
    measure_id, number, name = first_measure(region)
    with first.db.transaction() as session:  # past the service, straight into the district's file
        measure = session.get(Measure, measure_id)
        assert measure is not None
        measure.name = "Переименовано в районе"
    message = refused_bundle(region, first, folder, "renamed.opeka")
    assert f"«Мероприятия» № {number}" in message and f"({measure_id})" in message
    assert "принадлежит региону" in message
    assert first_measure(region) == (measure_id, number, name)


def test_a_bundle_with_another_districts_family_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    region, first, second, folder = world
    with second.db.reading() as session:
        theirs = session.scalars(select(ResourceFamily)).one()
        family_id, code = theirs.id, theirs.code
    with first.db.transaction() as session:
        ours = session.scalars(select(ResourceFamily)).one()
        forged = ResourceFamily(
            id=family_id,
            code=code,
            display_name="Подменённая семья",
            municipality=SECOND,
            capacity_children=4,
            status="excluded",
        )
        session.add(forged)
        session.flush()
        forged.row_version = ours.row_version + 10  # newer than the region's copy: it would replace it
    message = refused_bundle(region, first, folder, "family.opeka")
    assert f"«Ресурсные семьи» {code} ({family_id})" in message
    assert f"принадлежит муниципальному образованию «{SECOND}»" in message
    assert "Подменённая" not in message
    with region.db.reading() as session:
        kept = session.get(ResourceFamily, family_id)
        assert kept is not None and kept.display_name != "Подменённая семья" and kept.capacity_children == 2


def test_a_bundle_with_another_districts_value_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    region, first, second, folder = world
    with second.db.reading() as session:
        theirs = session.scalars(select(IndicatorValue)).one()
        value_id, indicator_id = theirs.id, theirs.indicator_id
    with first.db.transaction() as session:
        forged = IndicatorValue(
            id=value_id, indicator_id=indicator_id, period=PERIOD.code, territory=SECOND, numerator=0, denominator=9
        )
        session.add(forged)
        session.flush()
        forged.row_version = 50
    message = refused_bundle(region, first, folder, "value.opeka")
    assert f"«Значения показателей» за период {PERIOD.code}, {SECOND} ({value_id})" in message
    with region.db.reading() as session:
        kept = session.get(IndicatorValue, value_id)
        assert kept is not None and (kept.numerator, kept.denominator) == (1, 2)


def test_a_new_value_for_another_district_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    region, first, _second, folder = world
    third = DISTRICTS[2]  # no value of its own at the region yet: the file would simply add one in its name
    with first.db.transaction() as session:
        mine = session.scalars(select(IndicatorValue)).one()
        session.add(
            IndicatorValue(
                indicator_id=mine.indicator_id, period=PERIOD.code, territory=third, numerator=5, denominator=5
            )
        )
    message = refused_bundle(region, first, folder, "third.opeka")
    assert f"принадлежит муниципальному образованию «{third}»" in message


def test_a_district_cannot_rename_the_regions_measure(world, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.gui.panels.measure_editor import MeasureEditor

    _region, first, _second, _folder = world
    measure_id, number, name = first_measure(first)
    editing = MeasureEditing(first.db)
    entry, version = measure_input(editing, measure_id, "Переименовано в районе")
    with pytest.raises(UserError, match=f"Мероприятие № {number} принадлежит региону"):
        editing.update(SPECIALIST, measure_id, entry, version)
    assert first_measure(first) == (measure_id, number, name)

    editor = MeasureEditor(SimpleNamespace(actor=SPECIALIST, measures=editing))  # type: ignore[arg-type]
    qtbot.addWidget(editor)
    editor.show_measure(editing.detail(SPECIALIST, measure_id))
    assert editor.name_edit.isReadOnly() and not editor.save_button.isEnabled()
    assert not editor.read_only_label.isHidden()
    assert "принадлежит региону" in editor.read_only_label.text()


def test_the_regions_own_edit_flows_down_to_the_districts(world) -> None:  # type: ignore[no-untyped-def]
    region, first, _second, folder = world
    measure_id, _number, _name = first_measure(region)
    editing = MeasureEditing(region.db)
    entry, version = measure_input(editing, measure_id, "Уточнено регионом")
    assert editing.detail(SYSTEM_ACTOR, measure_id).read_only_reason == ""
    editing.update(make_actor(Role.COORDINATOR), measure_id, entry, version)
    package = folder / "region-2.opeka"
    region.export.write(SYSTEM_ACTOR, package)
    first.take(package)
    assert first_measure(first)[2] == "Уточнено регионом"


def test_a_districts_own_program_stays_its_own(world) -> None:  # type: ignore[no-untyped-def]
    region, first, second, folder = world
    own = replace(demo_program(), title="Муниципальная программа Плесецкого округа")
    with first.db.transaction() as session:
        program = store_program(session, own)
        session.flush()
        assert program.owner == FIRST
        measure = session.scalars(
            select(Measure)
            .join(ProgramBlock, Measure.block_id == ProgramBlock.id)
            .where(ProgramBlock.program_id == program.id)
        ).first()
        assert measure is not None
        program_id, measure_id = program.id, measure.id
    editing = MeasureEditing(first.db)
    entry, version = measure_input(editing, measure_id, "Своё мероприятие, уточнено")
    editing.update(SPECIALIST, measure_id, entry, version)  # the district edits its own program

    bundle = folder / "own-program.opeka"
    first.export.write(SYSTEM_ACTOR, bundle, PERIOD)
    region.take(bundle)  # the region takes it, as the district's
    with region.db.reading() as session:
        taken = session.get(Program, program_id)
        assert taken is not None and taken.owner == FIRST
    at_region = MeasureEditing(region.db)
    entry, version = measure_input(at_region, measure_id, "Исправлено регионом")
    with pytest.raises(UserError, match=f"принадлежит муниципальному образованию «{FIRST}»"):
        at_region.update(make_actor(Role.COORDINATOR), measure_id, entry, version)

    package = folder / "region-3.opeka"
    region.export.write(SYSTEM_ACTOR, package)
    second.take(package)  # another district neither gets nor refuses it: the package carries the region's only
    with second.db.reading() as session:
        assert session.get(Program, program_id) is None


def test_an_older_district_database_keeps_the_regions_program_the_regions(tmp_path: Path) -> None:
    """Migration 0009: at a district, what came in a region package stays the region's; the rest is its own."""
    import sqlite3
    from contextlib import closing

    from desktop_app.storage.database import open_database
    from tests.storage.test_migrations import older_release

    paths = older_release(tmp_path / "old", "0008")
    moment = "2026-01-01T00:00:00.000000+00:00"
    with closing(sqlite3.connect(paths.database)) as connection:
        connection.execute(
            "INSERT INTO installation (id, created_at, updated_at, row_version, kind, region_code, region_name,"
            " district_name, reporting_period_kind, export_sequence, is_demo)"
            f" VALUES ('inst', '{moment}', '{moment}', 1, 'district', '29', 'Архангельская область', '{FIRST}',"
            " 'half_year', 0, 0)"
        )
        connection.execute(
            "INSERT INTO sync_peer (id, installation_id, kind, region_code, district, name, signing_key,"
            " encryption_key, last_sequence, last_file_sha256, periods, created_at, updated_at, row_version)"
            f" VALUES ('peer', 'region-inst', 'region', '29', '', 'Регион', 'k', '', 1, '', '[]', '{moment}',"
            f" '{moment}', 1)"
        )
        for program_id in ("regional", "own"):
            connection.execute(
                "INSERT INTO program (id, created_at, updated_at, row_version, title, short_title, level, territory,"
                " act_body, act_kind, act_number, period_start, period_end, strategic_goal, goals, tasks, notes)"
                f" VALUES ('{program_id}', '{moment}', '{moment}', 1, 'П', '', 'municipal', '', '', '', '',"
                " '2026-01-01', '2026-12-31', '', '[]', '[]', '')"
            )
        connection.execute("INSERT INTO sync_record_state VALUES ('peer', 'programs', 'regional', 1, 'hash')")
        connection.commit()
    open_database(paths).close()
    with closing(sqlite3.connect(paths.database)) as connection:
        owners = dict(connection.execute("SELECT id, owner FROM program").fetchall())
    assert owners == {"regional": "", "own": FIRST}
