"""The register of resource families in Excel: three sheets, real dates, print setup, and no names for a coordinator."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop_app.domain.errors import UserError
from desktop_app.domain.roles import Role
from desktop_app.exports.families_xlsx import write_families_xlsx
from desktop_app.services.family_export import family_export
from desktop_app.services.family_register import FamilyFilter
from desktop_app.storage.database import Database
from tests.conftest import make_actor

SPECIALIST = make_actor(Role.SPECIALIST)
COORDINATOR = make_actor(Role.COORDINATOR)
TODAY = date(2026, 11, 23)
DEMO_ADULTS = (
    "Петрова Анна Сергеевна (демо)",
    "Петров Игорь Васильевич (демо)",
    "Смирнова Ольга Николаевна (демо)",
    "Кузнецова Мария Петровна (демо)",
    "Кузнецов Дмитрий Андреевич (демо)",
    "Иванова Елена Викторовна (демо)",
)


def texts(path: Path) -> list[str]:
    book = load_workbook(path)
    return [str(cell.value) for sheet in book.worksheets for row in sheet.iter_rows() for cell in row if cell.value]


def test_a_specialists_workbook_has_the_families_their_placements_and_the_target(
    demo_db: Database, tmp_path: Path
) -> None:
    target = tmp_path / "выгрузка" / "семьи.xlsx"
    write_families_xlsx(family_export(demo_db, SPECIALIST, today=TODAY), target)
    book = load_workbook(target)
    assert book.sheetnames == ["Реестр", "Размещения", "Цель — 5 семей"]

    register = book["Реестр"]
    assert register["A1"].value == "Реестр ресурсных семей"
    assert register["A2"].value == "Семей: 4. Сформировано 23.11.2026."
    assert [register.cell(4, c).value for c in (1, 4, 6, 11, 13, 15)] == [
        "Семья",
        "Этап",
        "Возможности семьи",
        "Свидетельство ШПР",
        "Заключение органа опеки",
        "Куратор",
    ]
    assert [register.cell(5, c).value for c in range(1, 7)] == [
        "Код",
        "ФИО взрослых",
        "Муниципальное образование",
        "Этап",
        "с",
        "Мест",
    ]
    merged = {str(r) for r in register.merged_cells.ranges}
    assert {"A4:C4", "D4:E4", "F4:J4", "O4:O5"} <= merged
    first = [register.cell(6, c).value for c in range(1, 16)]
    assert first[:4] == [
        "РС-0001",
        "Петрова Анна Сергеевна (демо)\nПетров Игорь Васильевич (демо)",
        "Плесецкий муниципальный округ",
        "принимает детей",
    ]
    assert first[4].date() == date(2025, 7, 1) and register.cell(6, 5).number_format == "DD.MM.YYYY"
    assert first[5:10] == [2, 1, "0 мес. – 3 г. 11 мес.", "нет", "да"]
    assert first[10:14] == ["№ 17-ШПР", first[11], "143", first[13]]
    assert first[11].date() == date(2025, 4, 30) and first[13].date() == date(2025, 6, 18)
    assert register.max_row == 9
    assert register.freeze_panes == "B6"
    assert register.print_title_rows == "$4:$5"
    assert register.page_setup.orientation == "landscape" and register.page_setup.paperSize == 9
    assert register.column_dimensions["B"].width == 34
    assert register.cell(6, 2).alignment.wrap_text

    placements = book["Размещения"]
    assert [placements.cell(4, c).value for c in range(1, 9)] == [
        "Код семьи",
        "Код ребёнка",
        "Дата рождения ребёнка",
        "Пол",
        "Начало размещения",
        "Окончание",
        "Форма устройства",
        "Исход",
    ]
    rows = [[placements.cell(r, c).value for c in range(1, 9)] for r in range(5, placements.max_row + 1)]
    assert [(r[0], r[1], r[3], r[6], r[7]) for r in rows] == [
        ("РС-0001", "Р-2025-001", "девочка", "опека по заявлению родителей", "возвращён в кровную семью"),
        ("РС-0001", "Р-2025-002", "мальчик", "предварительная опека", "размещение продолжается"),
    ]
    assert rows[0][5].date() == date(2025, 8, 25) and rows[1][5] is None
    assert placements.freeze_panes == "B5" and placements.print_title_rows == "$4:$4"

    goal = book["Цель — 5 семей"]
    assert [goal.cell(5, c).value for c in range(1, 5)] == ["Плесецкий муниципальный округ", 2, 5, 3]


def test_a_coordinators_workbook_names_nobody(demo_db: Database, tmp_path: Path) -> None:
    target = tmp_path / "семьи.xlsx"
    write_families_xlsx(family_export(demo_db, COORDINATOR, today=TODAY), target)
    everything = "\n".join(texts(target))
    for name in DEMO_ADULTS:
        assert name not in everything
    assert "ФИО взрослых" not in everything
    register = load_workbook(target)["Реестр"]
    assert [register.cell(5, c).value for c in range(1, 4)] == ["Код", "Муниципальное образование", "Этап"]
    assert register.cell(6, 1).value == "РС-0001"
    assert "семьи указаны кодами" in register["A2"].value


def test_the_export_follows_the_registers_filter_and_lists_the_districts_target(
    demo_db: Database, tmp_path: Path
) -> None:
    export = family_export(
        demo_db,
        SPECIALIST,
        FamilyFilter(status="candidate"),
        municipalities=["Мирный городской округ"],
        today=TODAY,
    )
    assert [family.code for family in export.families] == ["РС-0004"]
    assert export.placements == ()
    assert [(row.municipality, row.shortfall) for row in export.targets] == [
        ("Мирный городской округ", 5),
        ("Плесецкий муниципальный округ", 3),
    ]


def test_a_folder_that_cannot_be_written_gives_one_message_and_no_file(demo_db: Database, tmp_path: Path) -> None:
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    with pytest.raises(UserError, match="Не удалось сохранить файл «семьи.xlsx»: "):
        write_families_xlsx(family_export(demo_db, SPECIALIST), blocker / "семьи.xlsx")
