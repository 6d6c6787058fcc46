"""First start (district or region), the built-in demo, the registry search and the installation checks."""

from __future__ import annotations

import hashlib
import sqlite3
from contextlib import closing
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop_app.core.paths import DataPaths
from desktop_app.domain.errors import UserError, ValidationError
from desktop_app.domain.periods import Period, PeriodKind
from desktop_app.domain.roles import InstallationKind, Role
from desktop_app.services.auth import AuthService
from desktop_app.services.installation import InstallationService
from desktop_app.services.registry import RegistryService
from desktop_app.services.setup import SetupRequest, create_installation
from desktop_app.storage.database import Database, open_database
from desktop_app.storage.models import (
    Indicator,
    IndicatorPlan,
    IndicatorValue,
    Measure,
    Program,
    ProgramBlock,
    ResourceFamily,
)
from tests.conftest import make_actor

PLESETSK = SetupRequest(
    kind=InstallationKind.DISTRICT,
    region_code="29",
    district_name="Плесецкий муниципальный округ",
    organisation_name="Отдел опеки и попечительства администрации Плесецкого округа",
    admin_login="Admin",
    admin_full_name="Петрова Мария Ивановна",
    admin_password="opeka2025",
)
NOVOSIBIRSK = SetupRequest(
    kind=InstallationKind.REGION,
    region_code="54",
    district_name="",
    organisation_name="Министерство труда и социального развития Новосибирской области",
    admin_login="coordinator",
    admin_full_name="Сидоров Иван Петрович",
    admin_password="region-2025",
)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_district_installation_knows_its_territory_and_signs_in_its_admin(empty_paths: DataPaths) -> None:
    db = create_installation(empty_paths, PLESETSK)
    try:
        info = InstallationService(db).info()
        assert (info.kind, info.region_code, info.region_name) == (
            InstallationKind.DISTRICT,
            "29",
            "Архангельская область",
        )
        assert info.district_name == "Плесецкий муниципальный округ"
        assert info.organisation_name == PLESETSK.organisation_name
        assert info.title == "Плесецкий муниципальный округ (Архангельская область)"
        assert not info.is_demo
        admin = AuthService(db).login("admin", "opeka2025")
        assert (admin.role, admin.full_name) == (Role.ADMIN, "Петрова Мария Ивановна")
        assert InstallationService(db).check().ok
    finally:
        db.close()


def test_region_installation_has_no_district(empty_paths: DataPaths) -> None:
    db = create_installation(empty_paths, NOVOSIBIRSK)
    try:
        info = InstallationService(db).info()
        assert (info.kind, info.region_code, info.district_name) == (InstallationKind.REGION, "54", None)
        assert info.title == "Новосибирская область — региональный координатор"
        assert AuthService(db).login("coordinator", "region-2025").role is Role.ADMIN
    finally:
        db.close()


@pytest.mark.parametrize(
    ("request_", "field", "fragment"),
    [
        (replace(PLESETSK, region_code="99"), "region", "Регион с кодом «99» не найден"),
        (
            replace(PLESETSK, district_name="Коченёвский район"),
            "district",
            "не найдено в регионе «Архангельская область»",
        ),
        (replace(PLESETSK, district_name="  "), "district", "Выберите муниципальное образование"),
        (replace(PLESETSK, organisation_name=" "), "organisation", "Укажите наименование организации"),
    ],
    ids=["unknown-region", "district-of-another-region", "no-district", "no-organisation"],
)
def test_invalid_answers_are_refused_and_leave_no_database(
    empty_paths: DataPaths, request_: SetupRequest, field: str, fragment: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        create_installation(empty_paths, request_)
    assert fragment in caught.value.field_errors[field]
    assert not empty_paths.database.exists()


@pytest.mark.parametrize(
    "request_",
    [
        replace(PLESETSK, admin_password="short"),
        replace(PLESETSK, admin_login="a b"),
        replace(PLESETSK, admin_full_name="  "),
    ],
    ids=["weak-password", "bad-login", "blank-admin-name"],
)
def test_bad_administrator_leaves_no_database_file(empty_paths: DataPaths, request_: SetupRequest) -> None:
    with pytest.raises(ValidationError):
        create_installation(empty_paths, request_)
    for suffix in ("", "-wal", "-shm"):
        assert not Path(f"{empty_paths.database}{suffix}").exists()


def test_second_setup_in_the_same_folder_is_refused_and_changes_nothing(empty_paths: DataPaths) -> None:
    create_installation(empty_paths, PLESETSK).close()
    before = sha256(empty_paths.database)
    with pytest.raises(UserError, match="уже есть база данных"):
        create_installation(empty_paths, NOVOSIBIRSK)
    assert sha256(empty_paths.database) == before


# --- the demo -------------------------------------------------------------------------------------------


def count(db: Database, model: type) -> int:
    with db.reading() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_demo_holds_the_plesetsk_program_in_full(demo_db: Database) -> None:
    assert count(demo_db, Program) == 1
    assert count(demo_db, ProgramBlock) == 7
    assert count(demo_db, Measure) == 31
    assert count(demo_db, Indicator) == 33
    assert count(demo_db, IndicatorPlan) == 132


def test_every_demo_family_and_indicator_value_is_marked_as_demo(demo_db: Database) -> None:
    with demo_db.reading() as session:
        families = list(session.scalars(select(ResourceFamily.is_demo)))
        values = list(session.scalars(select(IndicatorValue.is_demo)))
    assert families and all(families)
    assert values and all(values)


def test_demo_installation_says_it_is_a_demo(demo_db: Database) -> None:
    info = InstallationService(demo_db).info()
    assert info.is_demo
    assert info.title == "Плесецкий муниципальный округ (Архангельская область)"


def test_lead_executor_of_the_first_measure_is_the_guardianship_office(demo_db: Database) -> None:
    rows = RegistryService(demo_db).measures(make_actor(Role.SPECIALIST))
    first = next(row for row in rows if row.full_number == "I.1.")
    assert first.lead_executor == "Отдел опеки и попечительства"


def test_measures_are_listed_in_printed_order(demo_db: Database) -> None:
    rows = RegistryService(demo_db).measures(make_actor(Role.SPECIALIST))
    assert len(rows) == 31
    assert rows[0].full_number == "I.1."
    assert [row.block_number for row in rows] == sorted(
        (row.block_number for row in rows), key=["I.", "II.", "III.", "IV.", "V.", "VI.", "VII."].index
    )


@pytest.mark.parametrize("needle", ["ДЕТИ В СЕМЬЕ", "дети в семье", "Дети  в\nсемье"])
def test_measure_search_finds_cyrillic_text_in_any_case(demo_db: Database, needle: str) -> None:
    rows = RegistryService(demo_db).measures(make_actor(Role.SPECIALIST), search=needle)
    assert "III.1." in [row.full_number for row in rows]


def test_measure_search_treats_yo_as_ye(demo_db: Database) -> None:
    rows = RegistryService(demo_db).measures(make_actor(Role.SPECIALIST), search="её актуализация")
    assert [row.full_number for row in rows] == ["I.1."]


@pytest.mark.parametrize("needle", ["%", "_", "\\"])
def test_measure_search_takes_wildcards_literally(demo_db: Database, needle: str) -> None:
    assert RegistryService(demo_db).measures(make_actor(Role.SPECIALIST), search=needle) == []


def test_current_period_follows_the_half_year_reporting(demo_db: Database) -> None:
    info = InstallationService(demo_db).info()
    assert info.reporting_period_kind is PeriodKind.HALF_YEAR
    assert info.current_period(date(2025, 8, 15)) == Period(2025, PeriodKind.HALF_YEAR, 2)
    # early January the II half-year is still being reported: its report is due by 20 January
    assert info.current_period(date(2026, 1, 9)).label == "II полугодие 2025 г."
    assert info.current_period(date(2026, 3, 2)).label == "I полугодие 2026 г."


def test_demo_passes_the_installation_check(demo_db: Database) -> None:
    result = InstallationService(demo_db).check()
    assert result.ok, result.problems


def break_foreign_key(paths: DataPaths) -> None:
    with closing(sqlite3.connect(paths.database)) as connection:
        connection.execute("PRAGMA foreign_keys = OFF")
        connection.execute("UPDATE measure SET block_id = 'nope' WHERE rowid = (SELECT min(rowid) FROM measure)")
        connection.commit()


def test_check_reports_a_broken_reference(demo_paths: DataPaths) -> None:
    break_foreign_key(demo_paths)
    db = open_database(demo_paths)
    try:
        result = InstallationService(db).check()
    finally:
        db.close()
    assert not result.ok
    assert len(result.problems) == 1
    assert "Таблица measure" in result.problems[0] and "program_block" in result.problems[0]


def test_demo_has_execution_reports_with_openable_documents(demo_db, demo_paths, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.domain.periods import Period
    from desktop_app.services.attachments import AttachmentStore
    from desktop_app.services.execution import ExecutionService
    from desktop_app.services.measure_list import MeasureFilter
    from tests.conftest import make_actor

    actor = make_actor(Role.SPECIALIST)
    rows = RegistryService(demo_db).measures(actor, filters=MeasureFilter(period=Period.parse("2025-H2")))
    # every measure due in the approved half-year has its report, so none of them is overdue
    assert sum(row.approved for row in rows) == 26 == sum(row.reported for row in rows)
    first = next(row for row in rows if row.full_number == "I.1.")
    execution = ExecutionService(demo_db, AttachmentStore(demo_paths.attachments))
    documents = execution.report(actor, first.id, Period.parse("2025-H2")).documents
    assert [doc.number for doc in documents] == ["230-па", "24"]
    opened = execution.document_file(actor, documents[0].id, tmp_path)
    assert "Демонстрационная копия" in opened.read_text(encoding="utf-8")
