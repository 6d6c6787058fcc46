"""A district's list of supported families as it is kept in Excel, written with openpyxl for the tests."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from sqlalchemy import func, select

from desktop_app.services.case_editing import CaseEditing
from desktop_app.storage.database import Database
from desktop_app.storage.models import AuditEntry, CaseAdult, CaseChild, FamilyCase
from desktop_app.storage.models import CaseStage as CaseStageRow
from tests.cases.case_world import SPECIALIST, TODAY, family

# Russian headers in an order no form of the program uses.
HEADERS = (
    "№",
    "Дети (код, дата рождения, пол)",
    "Дата выявления",
    "Категория",
    "ФИО родителя",
    "Дата рождения",
    "Кем приходится",
    "Телефон",
    "Этап",
    "Уровень сопровождения",
    "Дата оценки",
    "Куратор",
    "Кем выявлена",
    "Семья",
    "Адрес",
    "Примечание",
)
CHILD_COLUMN, DATE_COLUMN = HEADERS[1], HEADERS[2]

# Rows 4–8 of the sheet (a title on row 1, an empty row 2, the header on row 3).
ROWS: tuple[tuple[object, ...], ...] = (
    (
        1,
        "Р-2026-21 (05.03.2023, ж); Р-2026-22 (11.10.2019, м)",
        "12.01.2026",
        "СОП",
        "Сидорова Наталья Ивановна",
        "03.09.1988",
        "мать",
        "+7 900 100-00-01",
        "мониторинг",
        "интенсивный",
        datetime(2026, 1, 20),
        "Соколова Е. В.",
        "школа",
        "семья Сидоровых",
        "п. Плесецк, ул. Лесная, 3",
        "мать без работы",
    ),
    (2, "Р-2026-23 (01.02.2022, м)", "31.02.2026", "ТЖС", "Громова Ирина Львовна", *[""] * 11),
    (3, "Маша (05.03.2023, ж)", "10.02.2026", "ТЖС", "Лосева Анна Ивановна", "", "мать", *[""] * 9),
    # the case tests.cases.case_world.family() makes: «Ёлкина М. П.», identified 15.01.2026
    (4, "Р-2026-01 (01.05.2022, ж)", "15.01.2026", "СОП", "Ёлкина Мария Петровна", "01.03.1990", *[""] * 10),
    (
        5,
        "Р-2026-30, 14.07.2024, м",
        datetime(2026, 3, 2),
        "трудная жизненная ситуация",
        "Лаптева Оксана Юрьевна",
        "07.07.1995",
        "мать",
        "",
        "выявлена",
        "",
        "",
        "",
        "обращение семьи",
        "",
        "д. Конево, 7",
        "",
    ),
)
SHEET_TITLE = "Случаи"


def write_case_list(path: Path, rows: Sequence[Sequence[object]] = ROWS, headers: Sequence[str] = HEADERS) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET_TITLE
    sheet.append(["Семьи, находящиеся на сопровождении, Плесецкий муниципальный округ"])
    sheet.append([])
    sheet.append(list(headers))
    for values in rows:
        sheet.append(list(values))
    book.save(path)
    return path


def add_existing_case(db: Database) -> str:
    """The register's one case before the import: «Ёлкина М. П.», identified 15.01.2026, СС-0001."""
    return CaseEditing(db).create(SPECIALIST, family(), today=TODAY).code


def register_state(db: Database) -> dict[str, int]:
    """Row counts of what an import writes; the journal grows with any write, so equal means untouched."""
    with db.reading() as session:
        return {
            table.__tablename__: session.scalar(select(func.count()).select_from(table)) or 0
            for table in (AuditEntry, FamilyCase, CaseAdult, CaseChild, CaseStageRow)
        }
