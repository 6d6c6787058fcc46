"""Family lists as districts keep them in Excel, written with openpyxl for the tests."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from sqlalchemy import func, select

from desktop_app.storage.database import Database
from desktop_app.storage.models import AuditEntry, FamilyMember, FamilyStep, ResourceFamily

TITLE = "Список кандидатов в ресурсные семьи Плесецкого муниципального округа"
HEADERS = (
    "№ п/п",
    "Муниципальное образование",
    "ФИО кандидата",
    "Дата рождения",
    "Телефон",
    "ФИО супруга",
    "Дата рождения супруга",
    "Адрес",
    "Количество детей",
    "Возраст детей",
    "ОВЗ",
    "Братья и сёстры",
    "Этап",
    "Дата этапа",
    "Куратор",
    "Свидетельство ШПР",
    "Дата свидетельства ШПР",
    "Номер заключения",
    "Дата заключения",
    "Примечание",
)
PLESETSK = "Плесецкий муниципальный округ"
_EMPTY_SPOUSE = ("", "")


def row(
    number: int,
    name: str,
    birth: object,
    *,
    spouse: tuple[str, object] = _EMPTY_SPOUSE,
    capacity: object = 1,
    ages: str = "0-3 года",
    stage: str = "кандидат",
    stage_date: object = "01.10.2026",
    disability: str = "нет",
    siblings: str = "нет",
    shpr: tuple[str, object] = ("", ""),
    conclusion: tuple[str, object] = ("", ""),
) -> list[object]:
    return [
        number,
        PLESETSK,
        name,
        birth,
        "+7 900 100-00-0" + str(number),
        spouse[0],
        spouse[1],
        "п. Плесецк, ул. Лесная, 3",
        capacity,
        ages,
        disability,
        siblings,
        stage,
        stage_date,
        "Соколова Е. В.",
        shpr[0],
        shpr[1],
        conclusion[0],
        conclusion[1],
        "",
    ]


# Rows 4–9 of the sheet: a title on row 1, an empty row 2, the header on row 3.
STANDARD_ROWS = (
    row(1, "Алёшина Светлана Петровна", datetime(1985, 5, 12), capacity=2, disability="да"),
    row(
        2,
        "Сидорова Наталья Ивановна",
        "03.09.1980",
        spouse=("Сидоров Павел Олегович", datetime(1979, 1, 20)),
        stage="включена в реестр",
        stage_date=datetime(2026, 6, 15),
        siblings="да",
        shpr=("№ 31-ШПР", "20.04.2026"),
        conclusion=("58", datetime(2026, 6, 1)),
    ),
    row(
        3,
        "Петрова Анна Сергеевна (демо)",
        "14.03.1986",
        stage="в реестре",
        stage_date="20.06.2025",
        shpr=("№ 17-ШПР", "30.04.2025"),
        conclusion=("143", "18.06.2025"),
    ),
    row(4, "Громова Ирина Львовна", "31.02.1985"),
    row(5, "Лаптева Оксана Юрьевна", "07.07.1990", capacity="много"),
    row(6, "АЛЕШИНА СВЕТЛАНА ПЕТРОВНА", "1985-05-12"),
)


def write_family_list(
    path: Path,
    rows: Sequence[Sequence[object]] = STANDARD_ROWS,
    headers: Sequence[str] = HEADERS,
    *,
    title: str | None = TITLE,
    sheet_title: str = "Кандидаты",
) -> Path:
    """A workbook with an optional title line and a blank line above the header, then ``rows``."""
    book = Workbook()
    sheet = book.active
    sheet.title = sheet_title
    if title is not None:
        sheet.append([title])
        sheet.append([])
    sheet.append(list(headers))
    for values in rows:
        sheet.append(list(values))
    book.save(path)
    return path


def register_state(db: Database) -> dict[str, int]:
    """Row counts of what an import writes; the audit trail grows with any write, so equal means untouched."""
    with db.reading() as session:
        return {
            table.__tablename__: session.scalar(select(func.count()).select_from(table)) or 0
            for table in (AuditEntry, ResourceFamily, FamilyMember, FamilyStep)
        }
