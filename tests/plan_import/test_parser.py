"""The pure parser, fed with tables written by hand: no Word, no Excel, no database."""

from __future__ import annotations

from datetime import date

from desktop_app.plan_import import parse_plan
from desktop_app.plan_import.front_matter import block_number, parse_period, section_heading
from desktop_app.plan_import.raw import RawCell, RawDocument, RawItem, RawParagraph, RawRow, RawTable, clean_text

HEADER = [
    "№\nп/п",
    "Наименование мероприятия",
    "Срок реализации",
    "Ответственные исполнители",
    "Вид документа",
    "Ожидаемый результат",
]


def row(where: str, *texts: str, spans: tuple[int, ...] = ()) -> RawRow:
    cells, column = [], 0
    for i, text in enumerate(texts):
        span = spans[i] if i < len(spans) else 1
        cells.append(RawCell(text, column, span))
        column += span
    return RawRow(where, tuple(cells))


def table(name: str, *rows: list[str] | RawRow) -> RawTable:
    built = [r if isinstance(r, RawRow) else row(f"{name}, строка {i}", *r) for i, r in enumerate(rows, 1)]
    return RawTable(name, tuple(built))


def document(*items: RawItem | str) -> RawDocument:
    return RawDocument(
        "план.docx",
        tuple(RawParagraph(f"абзац {i}", item) if isinstance(item, str) else item for i, item in enumerate(items)),
    )


def test_cell_text_keeps_lines_and_trims_their_ends() -> None:
    assert clean_text("  \n Первая строка  \r\nвторая\u00a0\n\n") == "Первая строка\nвторая"


def test_sections_blocks_and_measures_in_document_order() -> None:
    plan = parse_plan(
        document(
            "КОМПЛЕКСНЫЙ ПЛАН",
            "по реализации проекта «Семья»",
            "",
            "Сроки реализации проекта: июль 2023 – декабрь 2025",
            "Раздел 1. Подпроект «Служба»",
            "Цель: служба создана.",
            "Задачи:",
            "1. Создать службу.",
            "2. Обучить специалистов.",
            table(
                "таблица 1",
                HEADER,
                ["1", "2", "3", "4", "5", "6"],
                row("таблица 1, строка 3", "I.  Профилактика", spans=(6,)),
                ["1.", "Создание службы", "Июль 2023 года", "МТСР НСО,\nЦентр «Вместе»", "Положение", "Создана"],
                ["II.", "Работа с кейсами"],
                ["1.", "Разбор кейсов", "Ежемесячно", "Центр «Вместе»", "", "Разобраны"],
            ),
            "Раздел 2. Подпроект «Дома ребенка»",
            table("таблица 2", HEADER, ["1.", "Перепрофилирование", "2024", "Минздрав НСО", "Приказ", "Готово"]),
            "Сокращения:",
            "МТСР НСО – министерство труда и социального развития,",
        )
    )
    assert plan.title == "Комплексный план по реализации проекта «Семья»"
    assert (plan.period_start, plan.period_end) == (date(2023, 7, 1), date(2025, 12, 31))
    first, second = plan.sections
    assert (first.number, first.title, first.goal) == ("1.", "Подпроект «Служба»", "служба создана.")
    assert first.tasks == ("1. Создать службу.", "2. Обучить специалистов.")
    assert [(b.number, b.title) for b in first.blocks] == [("I.", "Профилактика"), ("II.", "Работа с кейсами")]
    assert first.blocks[0].measures[0].executor_names == ("МТСР НСО", "Центр «Вместе»")
    # a section whose table has no block headings gets one unnamed block, marked as such
    assert second.blocks[0].implicit and second.blocks[0].number == ""
    assert [m.name for m in second.blocks[0].measures] == ["Перепрофилирование"]
    assert plan.full_name_of("мтср нсо") == "Министерство труда и социального развития"
    assert plan.problems == ()


def test_headers_are_found_by_meaning_and_a_missing_column_is_absent_not_empty() -> None:
    plan = parse_plan(
        document(
            table(
                "таблица 1",
                ["№ п/п", "Мероприятие", "Срок исполнения", "Ответственный исполнитель", "Результат"],
                ["1.", "Семинар", "2025", "Отдел опеки", "Проведён"],
            )
        )
    )
    (measure,) = plan.measures
    assert (measure.deadline_text, measure.executors_text, measure.expected_result) == (
        "2025",
        "Отдел опеки",
        "Проведён",
    )
    assert measure.absent_fields == frozenset({"document_type"})
    assert plan.loose_blocks[0].implicit


def test_unreadable_rows_and_foreign_tables_are_reported_with_where_and_why() -> None:
    plan = parse_plan(
        document(
            table(
                "таблица 1",
                HEADER,
                ["4.", "", "2025", "МТСР", "", ""],
                ["5.", "Мероприятие", "2025", "МТСР", "", "", "лишнее"],
            ),
            table("таблица 2", ["Показатель", "2025"], ["Доля детей", "25 %"]),
        )
    )
    assert [m.number for m in plan.measures] == ["5."]
    locations = [p.location for p in plan.problems]
    assert locations == ["таблица 1, строка 2", "таблица 1, строка 3", "таблица 2"]
    assert "Наименование мероприятия" in plan.problems[0].reason and "«4.»" in plan.problems[0].reason
    assert "«лишнее»" in plan.problems[1].reason
    assert "таблица пропущена" in plan.problems[2].reason


def test_a_table_continued_without_its_header_keeps_the_columns() -> None:
    plan = parse_plan(
        document(
            table("таблица 1", HEADER, ["1.", "Первое", "2025", "МТСР", "", ""]),
            table("таблица 2", ["2.", "Второе", "2026", "МТСР", "", ""]),
        )
    )
    assert [m.name for m in plan.measures] == ["Первое", "Второе"]


def test_section_rows_spanning_the_table_and_tasks_in_one_cell() -> None:
    plan = parse_plan(
        document(
            table(
                "таблица 1",
                HEADER,
                row("таблица 1, строка 2", "Раздел 3. Подпроект «Действуем вместе»", spans=(6,)),
                row("таблица 1, строка 3", "Цель: меры пересмотрены.", spans=(6,)),
                row("таблица 1, строка 4", "Задачи:\n1. Аудит.\n2. Новые меры.", spans=(6,)),
                ["I.", "Совершенствование услуг"],
                ["1.", "Рабочая группа", "Июль 2023", "МТСР", "Состав", "Создана"],
            )
        )
    )
    (section,) = plan.sections
    assert (section.number, section.goal, section.tasks) == (
        "3.",
        "меры пересмотрены.",
        ("1. Аудит.", "2. Новые меры."),
    )
    assert section.blocks[0].title == "Совершенствование услуг"


def test_numbers_stay_as_printed() -> None:
    assert block_number("III.5") is None  # a measure number, not block III
    assert block_number("ІІ. Кириллица") == ("ІІ.", "Кириллица")
    assert block_number("С 2024 года") is None
    assert section_heading("Раздел 4. Подпроект «Ранняя помощь»") == ("4.", "Подпроект «Ранняя помощь»")
    assert section_heading("Разделы программы") is None


def test_period_texts() -> None:
    assert parse_period("июль 2025 – декабрь 2026 годов.") == (date(2025, 7, 1), date(2026, 12, 31))
    assert parse_period("с 01.02.2024 по 31.12.2024") == (date(2024, 2, 1), date(2024, 12, 31))
    assert parse_period("на 2025-2026 годы") == (date(2025, 1, 1), date(2026, 12, 31))
    assert parse_period("декабрь 2025 – июль 2023") is None
    assert parse_period("постоянно") is None
